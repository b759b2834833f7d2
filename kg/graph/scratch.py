"""What a build remembers across reports, kept on disk so that its memory does not grow with them.

A build pairs every target with the outcome another report gives for it (the 2024 GDP target of
运城市 in its report of early 2024 with the outcome in that of early 2025). Kept in memory, the
facts stated grew the build's parent with the number of reports. Here they live in an SQLite file
beside the outputs, with a small page cache: ``StatedByPlace`` holds each report's stated facts,
grouped by place. A target is only ever paired with outcomes of its own place, and two files only
claim the same report when they name the same place, so the assessments and conflicts of the whole
build are those of each place in turn. (Which graph holds a line several reports state is
``kg.graph.line_claims``'s.)
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.graph.assess import StatedFact

# the page cache SQLite may use, in KiB (negative: a size rather than a number of pages)
_CACHE_KIB = 16 * 1024


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


def place_key(item: StatedFact) -> tuple[str, ...]:
    """The place part of a fact's key (``kg.graph.assess.fact_key``): its path, or its name."""
    return tuple(item.place.path or [item.place.name])


# A report's stated facts as ``StatedByPlace`` keeps them: (place key, the place's facts pickled)
PackedFacts = tuple[tuple[str, bytes], ...]


def packed_by_place(stated: Iterable[StatedFact]) -> PackedFacts:
    """Facts grouped by place and pickled, in the order given: what a report's worker hands on (and
    its cache keeps), so that the build's parent stores them as they are. Unpickled from the cache
    and pickled again there, the 20,000 facts of 1,000 reports took 0.25 s of every build."""
    by_place: dict[tuple[str, ...], list[StatedFact]] = {}
    for item in stated:
        by_place.setdefault(place_key(item), []).append(item)
    return tuple(("\x00".join(key), pickle.dumps(items, pickle.HIGHEST_PROTOCOL)) for key, items in by_place.items())


class StatedByPlace:
    """Every report's stated facts on disk, to be read back one place at a time."""

    def __init__(self, scratch: Scratch):
        self._db = scratch.db
        self._db.execute("CREATE TABLE stated (place TEXT NOT NULL, facts BLOB NOT NULL)")
        self._indexed = False
        self._digests: dict[str, Any] = {}  # place key -> sha256 of its packed facts, in order

    def add_packed(self, packed: PackedFacts) -> None:
        """Keep facts (of any places) packed by ``packed_by_place``, in the order given."""
        self._db.executemany("INSERT INTO stated VALUES (?, ?)", packed)
        for key, facts in packed:
            self._digests.setdefault(key, hashlib.sha256()).update(len(facts).to_bytes(8, "little") + facts)

    def places(self) -> list[tuple[tuple[str, ...], str]]:
        """Each place's key with a digest of its facts (the same facts in the same order, the same
        digest), places in the order of their keys."""
        return sorted((tuple(key.split("\x00")), digest.hexdigest()) for key, digest in self._digests.items())

    def facts_of(self, place: tuple[str, ...]) -> list[StatedFact]:
        """A place's facts in the order they were added."""
        if not self._indexed:
            self._db.execute("CREATE INDEX stated_place ON stated (place)")
            self._indexed = True
        rows = self._db.execute("SELECT facts FROM stated WHERE place = ? ORDER BY rowid", ("\x00".join(place),))
        return [item for (facts,) in rows for item in pickle.loads(facts)]
