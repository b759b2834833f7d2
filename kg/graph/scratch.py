"""What a build remembers across reports, kept on disk so that its memory does not grow with them.

A build meets the same N-Triples lines in report after report (河北省's label in every Hebei
report; the 2024 GDP outcome of a place stated by the report of early 2025 and again by a news
summary of it) and writes each once; and it pairs every target with the outcome another report
gives for it. Kept in memory, the lines met and the facts stated grew the build's parent with the
number of reports (some 170 MB at 2,600 reports, which glibc then kept). Here they live in an
SQLite file beside the outputs, with a small page cache:

* ``LineSet``: lines met so far, grouped by their subject: a report's lines touch a few hundred
  subjects, which are read and written back together, one query each;
* ``StatedByPlace``: each report's stated facts, grouped by place. A target is only ever paired
  with outcomes of its own place, and two files only claim the same report when they name the
  same place, so the assessments and conflicts of the whole build are those of each place in turn.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.graph.assess import StatedFact

# the page cache SQLite may use, in KiB (negative: a size rather than a number of pages)
_CACHE_KIB = 16 * 1024
# SQLite before 3.32 takes at most 999 parameters in one statement
_PARAMETERS = 900
# the hashes of the lines met lately that a line set keeps in memory (some 10 MB at most)
RECENT_LINES = 150_000


class Scratch:
    """An SQLite file in a folder of its own under ``folder`` (a build's generation), removed by ``close``.

    Nothing in it outlives the build, so it is written without a journal or syncs, in one transaction."""

    def __init__(self, folder: Path):
        self._folder = Path(tempfile.mkdtemp(dir=folder, prefix=".scratch-"))
        self.db = sqlite3.connect(str(self._folder / "build.sqlite"), isolation_level=None)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = -{_CACHE_KIB}", "temp_store = FILE"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.execute("BEGIN")

    def close(self) -> None:
        self.db.close()
        try:  # the one file SQLite keeps there (its sorts and journal-less writes leave none beside it)
            os.remove(self._folder / "build.sqlite")
            os.rmdir(self._folder)
        except OSError:
            pass  # a generation discarded takes what is left with it

    def __enter__(self) -> Scratch:
        return self

    def __exit__(self, *_) -> None:
        self.close()


class LineSet:
    """A set of N-Triples lines on disk: one row a subject, holding the hashes of its lines.

    Python's own hash of the bytes (64 bits; per process, which is as long as the set lives) is
    enough where a line is only ever compared with the lines of its subject: a few hundred at most.
    It is cached on the line and costs a twentieth of a cryptographic digest; a 64-bit subject key
    is SQLite's fastest (its rowid), and two subjects of one hash would only share their row.
    """

    def __init__(self, scratch: Scratch, name: str):
        self._db = scratch.db
        self._table = name
        self._db.execute(f"CREATE TABLE {name} (subject INTEGER PRIMARY KEY, lines BLOB NOT NULL)")
        # lines met lately, all in the table too: most of a report's shared lines (its province's
        # label, the indicators' names) were met a report or two before, and need no query then
        self._recent: set[int] = set()

    def _hashes_of(self, subjects: list[int]) -> dict[int, set[int]]:
        found: dict[int, set[int]] = {}
        for start in range(0, len(subjects), _PARAMETERS):
            chunk = subjects[start : start + _PARAMETERS]
            query = f"SELECT subject, lines FROM {self._table} WHERE subject IN ({','.join('?' * len(chunk))})"
            for subject, lines in self._db.execute(query, chunk):
                found[subject] = set(array("q", lines))
        return found

    def add_new(self, ntriples: bytes, unique: bytes = b"") -> bytes:
        """The lines of ``ntriples`` not in the set, each once and in their order; they join the set.
        A line holding ``unique`` (``<`` and a report's IRI, which only that report's lines name: it
        and the IRIs under it, ``<…/report/…/2024/报告/sentence/3-40>``) is kept without asking the set."""
        lines = list(dict.fromkeys(ntriples.splitlines(keepends=True)))
        recent = self._recent
        asked = [line for line in lines if hash(line) not in recent and not (unique and unique in line)]
        subjects = {line: hash(line[: line.find(b" ")]) for line in asked}
        known = self._hashes_of(list(dict.fromkeys(subjects.values()))) if subjects else {}
        changed: dict[int, set[int]] = {}
        kept = []
        for line in lines:
            if hash(line) in recent:
                continue
            subject = subjects.get(line)
            if subject is not None:
                recent.add(hash(line))
                met = known.setdefault(subject, set())
                if hash(line) in met:
                    continue
                met.add(hash(line))
                changed[subject] = met
            kept.append(line)
        if len(recent) > RECENT_LINES:
            recent.clear()
        self._db.executemany(
            f"INSERT OR REPLACE INTO {self._table} VALUES (?, ?)",
            ((subject, array("q", met).tobytes()) for subject, met in changed.items()),
        )
        return b"".join(kept)

    def not_in(self, lines: Iterable[bytes], batch: int = 20_000) -> Iterator[bytes]:
        """Those of ``lines`` (each ending in a newline) that are not in the set, in their order."""
        chunk: list[bytes] = []
        for line in lines:
            chunk.append(line)
            if len(chunk) >= batch:
                yield from self._not_in(chunk)
                chunk = []
        yield from self._not_in(chunk)

    def _not_in(self, lines: list[bytes]) -> Iterator[bytes]:
        subjects = [hash(line[: line.find(b" ")]) for line in lines]
        known = self._hashes_of(list(dict.fromkeys(subjects)))
        for line, subject in zip(lines, subjects):
            if subject not in known or hash(line) not in known[subject]:
                yield line


def place_key(item: StatedFact) -> tuple[str, ...]:
    """The place part of a fact's key (``kg.graph.assess.fact_key``): its path, or its name."""
    return tuple(item.place.path or [item.place.name])


class StatedByPlace:
    """Every report's stated facts on disk, to be read back one place at a time."""

    def __init__(self, scratch: Scratch):
        self._db = scratch.db
        self._db.execute("CREATE TABLE stated (place TEXT NOT NULL, facts BLOB NOT NULL)")
        self._indexed = False

    def add(self, stated: Iterable[StatedFact]) -> None:
        """Keep facts (of any places), in the order given."""
        by_place: dict[tuple[str, ...], list[StatedFact]] = {}
        for item in stated:
            by_place.setdefault(place_key(item), []).append(item)
        self._db.executemany(
            "INSERT INTO stated VALUES (?, ?)",
            (("\x00".join(key), pickle.dumps(items, pickle.HIGHEST_PROTOCOL)) for key, items in by_place.items()),
        )

    def by_place(self) -> Iterator[tuple[tuple[str, ...], list[StatedFact]]]:
        """Each place's facts in the order they were added, places in the order of their keys."""
        if not self._indexed:
            self._db.execute("CREATE INDEX stated_place ON stated (place)")
            self._indexed = True
        places = sorted(tuple(row[0].split("\x00")) for row in self._db.execute("SELECT DISTINCT place FROM stated"))
        for key in places:
            rows = self._db.execute("SELECT facts FROM stated WHERE place = ? ORDER BY rowid", ("\x00".join(key),))
            yield key, [item for (facts,) in rows for item in pickle.loads(facts)]
