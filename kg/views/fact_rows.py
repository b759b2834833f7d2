"""The targets and outcomes a view draws, read from the build's store and joined on the fact: kind,
place, indicator, year, measure and comparator, the figure (value and unit, the top of a range, the
words of a qualitative goal), whether it is an estimate, its source sentences and its judgement.

Two ways to read them, as ``kg.views.view_years`` decides: every fact, each property scanned once
and joined by hash (a build whose years all fit on the page), or the facts of some years (or places,
or indicators) found by lookup from those years (a page of a large build's latest years).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.views.store_rows import one_property, select_rows, values_block, with_source_files
from kg.vocab import GK, PROV

if TYPE_CHECKING:
    from kg.store.embedded import BuildStore
    from kg.views.view_cache import ViewCache

# what a fact's row holds, in this order: facts are sorted by it, and the first row of a fact wins
FACT_FIELDS = ("f", "kind", "p", "i", "year", "measure", "comparator", "estimated")
# the figures, each read on its own and the first (by value) kept: a fact stating two units
# (6%, 6个百分点) is drawn with one
FIGURES = (("value", "unit"), ("valueMax",), ("text",))
# what is read of the facts: their rows (``FACT_FIELDS``), their sentences' rows (f, sentence, r) and
# the rows of each kind of figure (f and the ``FIGURES`` names)
FactRows = tuple[Iterable[dict], Iterable[dict], list]
# ?f is a target or an outcome, checked for an ?f already bound (as a VALUES block of the two
# classes, Oxigraph joins them with every fact first: 0.4 s, not 4 ms, at 5,000 reports)
IS_A_FACT = f"?f a ?kind FILTER(?kind = {GK.Target} || ?kind = {GK.Outcome})"


def read_facts(
    store: ox.Store | BuildStore,
    years: Collection[int] | None,
    lookup: str | None,
    indicators: dict[str, dict],
    files: dict[str, list[str]],
    cache: ViewCache | None = None,
) -> dict[str, dict]:
    """The facts drawn, by IRI: each a dict of ``FACT_FIELDS``, the figures, ``met`` and ``gap``,
    ``sentences`` (text and file of each source sentence) and the indicator's ``notation`` and
    ``ilabel``. ``lookup`` (``view_years.facts_of``) finds them from their years; None scans every
    fact and keeps those of ``years`` (None: all). A fact needs its indicator's labels and a source
    sentence to be drawn. ``cache`` keeps the rows of the facts read (every fact, or the facts
    ``lookup`` finds from ``years``) for the next build, which reads again only the facts whose
    reports changed (``kg.views.view_cache``); it is for a build's page, not for a filter's."""
    if cache is not None and lookup is None:  # every fact kept, and those of the years drawn
        rows, sentences, figures = cache.facts(store, lambda: _scanned(store, None), _reader(store), None)
        rows = _of_years(rows, years)
    elif cache is not None:  # the facts of the years looked up, and kept
        assert years is not None and lookup is not None
        window: str = lookup
        rows, sentences, figures = cache.facts(store, lambda: _looked_up(store, window), _reader(store, years), years)
    elif lookup is None:
        rows, sentences, figures = _scanned(store, years)
    else:
        rows, sentences, figures = _looked_up(store, lookup)
    facts: dict[str, dict] = {}
    # in an order of their own, not the query plan's: the edges and the page follow it
    for row in sorted(rows, key=lambda r: tuple(r.values())):
        empty = {"value": None, "unit": None, "valueMax": None, "text": None, "met": None, "gap": None}
        facts.setdefault(row["f"], {**row, **empty, "sentences": []})
    derived = sorted(
        (row["f"], row["report"], row["sentence"]) for row in with_source_files(sentences, files) if row["f"] in facts
    )
    for fact, report, sentence in derived:
        if (sentence, report) not in facts[fact]["sentences"]:
            facts[fact]["sentences"].append((sentence, report))
    judged = f"SELECT ?f ?met ?gap WHERE {{ ?a {GK.target} ?f ; {GK.met} ?met ; {GK.gap} ?gap }}"
    for names, found in (*zip(FIGURES, figures), (("met", "gap"), select_rows(store, judged))):
        drawn = (row for row in found if row["f"] in facts)
        for row in sorted(drawn, key=lambda r: tuple(r[n] or "" for n in names)):
            if facts[row["f"]][names[0]] is None:
                facts[row["f"]].update({name: row[name] for name in names})
    for iri in [f for f, fact in facts.items() if fact["i"] not in indicators or not fact["sentences"]]:
        del facts[iri]
    for fact in facts.values():
        fact.update(notation=indicators[fact["i"]]["notation"], ilabel=indicators[fact["i"]]["ilabel"])
    return facts


def _of_years(rows: Iterable[dict], years: Collection[int] | None) -> Iterable[dict]:
    if years is None:
        return rows
    wanted = {str(year) for year in years}
    return (row for row in rows if row["year"] in wanted)


def _reader(store: ox.Store | BuildStore, years: Collection[int] | None = None):
    """What reads the rows of the facts named (the cache's facts to read again), by lookup; with
    ``years``, the facts of other years have no fact row (and are not kept)."""

    def read(facts: list[str]) -> FactRows:
        lookup = f"VALUES ?f {{ {values_block(facts)} }} ?f {GK.indicator} ?i ; {GK.year} ?year ."
        rows, sentences, figures = _looked_up(store, lookup)
        return _of_years(rows, years), sentences, figures

    return read


def _scanned(store: ox.Store | BuildStore, years: Collection[int] | None) -> FactRows:
    """Every fact's rows, one query per kind of statement with each property scanned once (the
    single query with four OPTIONALs took 0.5 s on the corpus, these 0.3 s together); the facts of
    ``years`` kept."""
    rows = select_rows(
        store,
        f"""
        SELECT ?f ?kind ?p ?i ?year ?measure ?comparator ?estimated WHERE {{
          {{ ?f a {GK.Target} BIND({GK.Target} AS ?kind) }}
          UNION {{ ?f a {GK.Outcome} BIND({GK.Outcome} AS ?kind) }}
          {one_property("f", GK.indicator, "i")} {one_property("f", GK.place, "p")}
          {one_property("f", GK.year, "year")} {one_property("f", GK.measure, "measure")}
          {one_property("f", GK.comparator, "comparator")} {one_property("f", GK.estimated, "estimated")}
        }}""",
    )
    rows = _of_years(rows, years)
    sentences = select_rows(
        store,
        f"""
        SELECT ?f ?sentence ?r WHERE {{
          ?f {GK.indicator} ?i . {one_property("f", PROV.wasDerivedFrom, "s")} {one_property("s", GK.report, "r")}
          {one_property("s", GK.text, "sentence")}
        }}""",
    )
    figures = [
        select_rows(store, query)
        for query in (
            f"SELECT ?f ?value ?unit WHERE {{ ?f {GK.indicator} ?i . "
            f"{one_property('f', GK.value, 'value')} {one_property('f', GK.unit, 'unit')} }}",
            f"SELECT ?f ?valueMax WHERE {{ ?f {GK.maxValue} ?valueMax {one_property('f', GK.indicator, 'i')} }}",
            f"SELECT ?f ?text WHERE {{ ?f {GK.indicator} ?i . {one_property('f', GK.text, 'text')} }}",
        )
    ]
    return rows, sentences, figures


def _looked_up(store: ox.Store | BuildStore, lookup: str) -> tuple[list, list, list]:
    """The rows of the facts ``lookup`` finds, in one query: the facts are found once and each kind
    of statement is a branch of a UNION, looked up from them. One query a kind found the facts
    again each time: at 5,000 reports, a page of 3 years (14,000 facts) took 3.5 s, this 1.8 s."""
    rows: list[dict] = []
    sentences: list[dict] = []
    figures: list[list[dict]] = [[] for _ in FIGURES]
    # ?i and ?year are bound in every row (by the lookup); the branches bind ?v and ?u to their own
    # values: the sentence's text and report, the value and unit, the top of a range, the words
    for row in select_rows(
        store,
        f"""
        SELECT ?k ?f ?kind ?p ?i ?year ?measure ?comparator ?estimated ?v ?u WHERE {{
          {lookup}
          {{ {IS_A_FACT}
             ?f {GK.place} ?p ; {GK.measure} ?measure ; {GK.comparator} ?comparator ; {GK.estimated} ?estimated
             BIND(0 AS ?k) }}
          UNION {{ ?f {PROV.wasDerivedFrom} ?s . ?s {GK.report} ?u ; {GK.text} ?v BIND(1 AS ?k) }}
          UNION {{ ?f {GK.value} ?v ; {GK.unit} ?u BIND(2 AS ?k) }}
          UNION {{ ?f {GK.maxValue} ?v BIND(3 AS ?k) }}
          UNION {{ ?f {GK.text} ?v BIND(4 AS ?k) }}
        }}""",
    ):
        branch = int(row["k"])
        if branch == 0:
            rows.append({name: row[name] for name in FACT_FIELDS})
        elif branch == 1:
            sentences.append({"f": row["f"], "sentence": row["v"], "r": row["u"]})
        else:
            names = FIGURES[branch - 2]
            figures[branch - 2].append({"f": row["f"], **dict(zip(names, (row["v"], row["u"])))})
    return rows, sentences, figures
