"""What a build's page read of the store, kept from one build to the next in ``OUT/view-cache``,
so that a build which adds, changes or removes a few reports reads again only what those reports
touch: the rows of the targets and outcomes drawn (every one, or those of the latest years), and
the side panel's rows of the nodes (an entity's class and label, its stages, the sentences that
name a node).

Reading them was a third of what adding one report to a build cost: at 1,000 reports, 20,000 facts
in about 1.1 s of a 6 s build, nearly all of it Oxigraph decoding terms (a long IRI is a lookup of
its own); at 5,000, the 14,000 facts of a page of three years in 1.8 s. The rows of a thing come
from the triples about it (and about the sentences it was read from), which lie in the graphs of
the reports that state it (a fact two files of one report state, 2019年河北省 GDP 增长目标, has triples
in both). So the rows are kept by thing, with the digest of every graph of the build they were
read from; the next build reads again only

- the things with a triple (or a sentence with one) in a graph that changed or went, found in the
  last build's store, which is still there when the view is drawn, and
- the things with one in a graph that changed or came, found in the new store,

and takes the others' rows as they were.

A cache is used only when it was written with the very graphs of the last build's store and by the
same view code (the facts part: for the same years); otherwise everything drawn is read, and the
cache written again. Like the report cache (``kg.report_cache``) it is a pickle: a file another
user could have written is not read.
"""

from __future__ import annotations

import os
import pickle
import stat
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.store.embedded import BuildStore
from kg.views.fact_rows import FACT_FIELDS, FIGURES, IS_A_FACT, FactRows
from kg.views.store_rows import select_rows, values_block
from kg.vocab import GK, PROV

VIEW_CACHE = "view-cache"
_FORMAT = "govkg-view-4"
# what the view reads of a sentence: a change to one of these changes the rows of its facts
_SENTENCE_PREDICATES = (GK.report, GK.text)


@dataclass(frozen=True)
class LastBuild:
    """The store of the build before this one, and the digest of each of its graphs."""

    store: Path
    digests: dict[str, str]


class ViewCache:
    """What a build's page read of the store, kept in ``path`` for the next build (see above): the
    rows of its facts (``facts``) and the side panel's rows of its nodes (``details``: an entity's
    stages, the sentences that name a node). ``save`` writes what this build read.

    ``digests`` are the graphs of the store the view reads; ``last`` the build before it (None: a
    build from scratch, which reads everything); ``version`` that of the view's code, whose rows
    another version's cache may not hold (``kg.report_cache.view_version``)."""

    def __init__(self, path: Path, digests: dict[str, str], last: LastBuild | None, version: str):
        self.path = Path(path)
        self.version = version
        self.digests = digests
        self.last = last
        self.reread: int | None = None  # how many facts were read again (None: all of them)
        # the last build's entry and the (facts, things) the changes since touched, once looked
        # for (``_last_entry``); None when the cache cannot be used
        self._last: tuple[dict, tuple[set[str], set[str]]] | None = None
        self._looked = False
        self._entry: dict = {"facts": None, "details": {}}  # what this build read, for the next

    def facts(self, store, read_all, read_some, years: Collection[int] | None) -> FactRows:
        """The rows of the facts drawn (every fact, or those of ``years``): the cached ones that
        still hold, and those ``read_some(facts)`` reads again; or ``read_all()`` when the cache
        cannot be used (one of other years, among others)."""
        scope = None if years is None else tuple(sorted(years))
        last = self._last_entry(store)
        if last is None or last[0]["facts"] is None or last[0]["facts"][0] != scope:
            by_fact = _by_fact(read_all())
        else:
            kept, (touched, _) = last
            by_fact = {fact: rows for fact, rows in kept["facts"][1].items() if fact not in touched}
            by_fact.update(_by_fact(read_some(sorted(touched))) if touched else {})
            self.reread = len(touched)
        self._entry["facts"] = (scope, by_fact)
        return _flattened(by_fact)

    def details(self, store, part: str, things: list[str], fields: tuple[str, ...], read) -> list[dict]:
        """The rows (dicts of ``fields``, the thing's first) of ``things`` for the side panel's
        ``part``: those kept for a thing the changes did not touch, and ``read(others)`` (rows of
        the others, in any order) for the rest."""
        last = self._last_entry(store)
        cached, touched = (last[0]["details"].get(part, {}), last[1][1]) if last is not None else ({}, set())
        missing = [thing for thing in things if thing not in cached or thing in touched]
        fresh: dict[str, list[tuple]] = {thing: [] for thing in missing}
        for row in read(missing) if missing else ():
            if row[fields[0]] in fresh:
                fresh[row[fields[0]]].append(tuple(row[name] for name in fields))
        by_thing = {thing: fresh[thing] if thing in fresh else cached[thing] for thing in things}
        self._entry["details"][part] = by_thing
        return [dict(zip(fields, row)) for rows in by_thing.values() for row in rows]

    def save(self) -> None:
        """Keep what this build's page read for the next build (a cache that cannot be written only
        costs that build time)."""
        temp = self.path.with_name(f".{self.path.name}.tmp-{os.getpid()}")
        try:
            entry = {"header": (_FORMAT, self.version, self.digests), **self._entry}
            with open(temp, "wb") as out:  # (written as it is pickled, not made whole first)
                pickle.dump(entry, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(temp, 0o644)
            os.replace(temp, self.path)
        except OSError:
            temp.unlink(missing_ok=True)

    def _last_entry(self, store) -> tuple[dict, tuple[set[str], set[str]]] | None:
        """The last build's entry and the (facts, things) the changes since touched, found once;
        None when the cache cannot be used."""
        if not self._looked:
            self._looked = True
            kept = self._usable()
            touched = self._find_touched(store) if kept is not None else None
            self._last = (kept, touched) if kept is not None and touched is not None else None
        return self._last

    def _usable(self) -> dict | None:
        if self.last is None or not _ours_alone(self.path):
            return None
        try:
            entry = pickle.loads(self.path.read_bytes())
            if entry["header"] != (_FORMAT, self.version, self.last.digests):
                return None
            return {"facts": entry["facts"], "details": dict(entry["details"])}
        except Exception:  # a damaged cache (or another shape) is read again from the store, and replaced
            return None

    def _find_touched(self, store) -> tuple[set[str], set[str]] | None:
        """The facts, and the things, whose rows may differ from the last build's: those with a
        triple (or a sentence with one) in a graph that changed, in the last store or in this one;
        None when the last store cannot be read (everything is read then)."""
        assert self.last is not None
        old, new = self.last.digests, self.digests
        changed = {g for g in old.keys() | new.keys() if old.get(g) != new.get(g)}
        facts, things = _touched_in(store, sorted(g for g in changed if g in new))
        gone_or_changed = sorted(g for g in changed if g in old)
        if gone_or_changed:
            try:
                last_store = BuildStore(ox.Store.read_only(str(self.last.store)))
            except (OSError, RuntimeError):  # gone, or damaged since (RocksDB's "Corruption: ...")
                return None
            old_facts, old_things = _touched_in(last_store, gone_or_changed)
            facts, things = facts | old_facts, things | old_things
            del last_store
        return facts, things


def _ours_alone(path: Path) -> bool:
    """A regular file of this user's that no one else could have written (loading a pickle runs code)."""
    try:
        info = path.stat()
    except OSError:
        return False
    writable_by_others = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not writable_by_others


def _touched_in(store, graphs: list[str]) -> tuple[set[str], set[str]]:
    """The targets and outcomes, and the things, with a triple the view reads in one of ``graphs``
    (or derived from a sentence with one there).

    A graph that holds any triple of a fact holds the fact's type or its provenance: a second file
    of one report keeps, of the first one's facts, the lines that differ, and its own
    ``prov:wasDerivedFrom`` lines always differ (its sentences are its own). An entity's stages
    (``gk:statusStatement``) and sentences lie in the graphs of the reports that name it, beside
    its provenance. So only those predicates are looked for, and the sentences' text and report:
    in a large build the shared graphs hold some 400,000 types and 130,000 years of other things
    (5,000 reports), which looking up each subject took 0.6 s. The things are found by the graphs
    first, then the facts among them."""
    if not graphs:
        return set(), set()
    found = select_rows(
        store,
        f"""
        SELECT DISTINCT ?x ?sentence WHERE {{
          VALUES ?g {{ {values_block(graphs)} }}
          {{ VALUES ?kind {{ {GK.Target} {GK.Outcome} }} GRAPH ?g {{ ?x a ?kind }} }}
          UNION {{ VALUES ?p {{ {PROV.wasDerivedFrom} {GK.statusStatement} }} GRAPH ?g {{ ?x ?p ?o }} }}
          UNION {{ VALUES ?p {{ {" ".join(str(p) for p in _SENTENCE_PREDICATES)} }} GRAPH ?g {{ ?sentence ?p ?o }} }}
        }}""",
    )
    things: set[str] = set()
    sentences: set[str] = set()
    for row in found:
        (things if row["x"] is not None else sentences).add(row["x"] or row["sentence"])
    if sentences:
        derived = f"VALUES ?s {{ {values_block(sorted(sentences))} }} ?x {PROV.wasDerivedFrom} ?s"
        query = f"SELECT DISTINCT ?x WHERE {{ {derived} }}"
        things |= {row["x"] for row in select_rows(store, query)}
    if not things:
        return set(), set()
    query = f"""
        SELECT DISTINCT ?f WHERE {{
          VALUES ?f {{ {values_block(sorted(things))} }} {IS_A_FACT}
        }}"""
    return {row["f"] for row in select_rows(store, query)}, things


def _by_fact(read: FactRows) -> dict[str, tuple[list, list, list]]:
    """Rows grouped by their fact, each part as tuples: (fact rows, sentence rows, figure rows of
    each kind). Only facts with a fact row are kept: the others are never drawn."""
    rows, sentences, figures = read
    by_fact: dict[str, tuple[list, list, list]] = {}
    for row in rows:
        entry = by_fact.setdefault(row["f"], ([], [], [[] for _ in figures]))
        entry[0].append(tuple(row[name] for name in FACT_FIELDS))
    for row in sentences:
        if row["f"] in by_fact:
            by_fact[row["f"]][1].append((row["sentence"], row["r"]))
    for kind, found in enumerate(figures):
        for row in found:
            if row["f"] in by_fact:
                by_fact[row["f"]][2][kind].append(tuple(row[name] for name in FIGURES[kind]))
    return by_fact


def _flattened(by_fact: dict[str, tuple[list, list, list]]) -> FactRows:
    """The grouped rows as ``fact_rows`` reads them from the store: rows of dicts."""
    rows: list[dict] = []
    sentences: list[dict] = []
    figures: list[list[dict]] = [[] for _ in FIGURES]
    for fact, (fact_rows, sentence_rows, figure_rows) in by_fact.items():
        rows.extend(dict(zip(FACT_FIELDS, row)) for row in fact_rows)
        sentences.extend({"f": fact, "sentence": s, "r": r} for s, r in sentence_rows)
        for kind, found in enumerate(figure_rows):
            figures[kind].extend({"f": fact, **dict(zip(FIGURES[kind], row))} for row in found)
    return rows, sentences, figures
