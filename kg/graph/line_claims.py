"""Which report's graph holds a line that several reports state, and which entity lines no report's
graph holds: decided for the whole build at once, from digests of the lines.

Every triple goes to one graph only, so that the union of the graphs (what queries read) is a set:

* a *repeatable* line (a fact's, which two files of one report both state: the 2024 GDP outcome of
  运城市 in its report of early 2025 and again in a news summary of it) stays in the graph of the
  first report, in file order, that states it, and in no later one. The ontology's lines count as
  stated before every report;
* a *shared* line (about a place, a person, a minted indicator: 河北省's label in every Hebei
  report) goes to the entities graph, once, in the order first met, unless a report's graph holds
  it already.

A worker gives each line a 16-byte BLAKE2b digest (``line_digests``). The build records each digest
with who stated it — ``(shared?, report number, line number)`` packed in 64 bits — and sorts the
records by digest, then by who: the first record of a digest is its first statement. Sorting is
done in NumPy, some 65 ms for the corpus's 250,000 lines; past ``BUFFERED_RECORDS`` the
records go to files by the top bits of their digest and each file is sorted alone, so memory stays
flat (20,000 reports state some 13 million lines). What is kept of the answer is 8 bytes a line
that matters: the repeatable lines dropped (already claimed: few) and the shared lines the
entities graph keeps.

A 128-bit digest makes two different lines of one build share a digest with a chance of about
10⁻²³ at 50,000 reports.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from hashlib import blake2b
from pathlib import Path

import numpy as np

DIGEST_BYTES = 16
# a repeatable line that names its own report (its sentences) is the report's alone: not recorded
NOT_ASKED = bytes(DIGEST_BYTES)
# records kept in memory before they go to bucket files (24 bytes each: some 6 MB; sorting them into
# buckets takes three times that again, which at 1,000,000 raised a 20,000-report build's peak by 50 MB)
BUFFERED_RECORDS = 250_000
_BUCKET_BITS = 6  # 64 bucket files, by the top bits of the digest
_RECORD = np.dtype([("high", "<u8"), ("low", "<u8"), ("who", "<u8")])
_SHARED = np.uint64(1 << 63)
_LINE_BITS = 32
_LINE_MASK = np.uint64((1 << _LINE_BITS) - 1)


def line_digests(lines: list[bytes], unique: bytes = b"") -> bytes:
    """The lines' digests, one after another; a line holding ``unique`` (``<`` and the report's graph
    IRI, which only its own lines name) gets ``NOT_ASKED``: it is kept without asking.

    >>> len(line_digests([b"<urn:a> <urn:p> <urn:b> .\\n", b"<urn:r/1> <urn:p> <urn:b> .\\n"]))
    32
    >>> line_digests([b"<urn:r/1> <urn:p> <urn:b> .\\n"], unique=b"<urn:r") == NOT_ASKED
    True
    """
    return b"".join(
        NOT_ASKED if unique and unique in line else blake2b(line, digest_size=DIGEST_BYTES).digest() for line in lines
    )


class LineClaims:
    """Digests recorded report by report (``add``), then ``resolve``d into ``Claims``.

    Reports are numbered from 1 in file order; number 0 is the ontology, whose lines are stated first.
    ``folder`` holds the bucket files of a large build (removed by ``resolve``).
    """

    def __init__(self, folder: Path, buffered: int = BUFFERED_RECORDS):
        self._folder = folder
        self._buffered = buffered
        self._pending: list[np.ndarray] = []
        self._count = 0
        self._buckets: tempfile.TemporaryDirectory | None = None

    def add(self, report: int, repeatable: bytes, shared: bytes = b"") -> None:
        """Record a report's digests (``line_digests`` of its repeatable and its shared lines)."""
        for digests, kind in ((repeatable, np.uint64(0)), (shared, _SHARED)):
            pairs = np.frombuffer(digests, dtype="<u8").reshape(-1, 2)
            lines = np.arange(len(pairs), dtype=np.uint64)
            asked = (pairs[:, 0] != 0) | (pairs[:, 1] != 0)
            records = np.empty(int(asked.sum()), dtype=_RECORD)
            records["high"], records["low"] = pairs[asked, 0], pairs[asked, 1]
            records["who"] = kind | (np.uint64(report) << np.uint64(_LINE_BITS)) | lines[asked]
            self._pending.append(records)
            self._count += len(records)
        if self._count > self._buffered:
            self._spill()

    def _spill(self) -> None:
        """Write the pending records to the bucket files of their digests' top bits."""
        if self._buckets is None:
            self._buckets = tempfile.TemporaryDirectory(dir=self._folder, prefix=".claims-")
        if not self._pending:
            return
        records = np.concatenate(self._pending)
        self._pending, self._count = [], 0
        buckets = (records["high"] >> np.uint64(64 - _BUCKET_BITS)).astype(np.intp)
        records = records[np.argsort(buckets, kind="stable")]
        bounds = np.searchsorted(np.sort(buckets), np.arange((1 << _BUCKET_BITS) + 1))
        for bucket in range(1 << _BUCKET_BITS):
            if bounds[bucket] < bounds[bucket + 1]:
                with open(Path(self._buckets.name) / f"{bucket:02d}", "ab") as file:
                    records[bounds[bucket] : bounds[bucket + 1]].tofile(file)

    def resolve(self) -> Claims:
        """Who holds each line: the first statement of each digest."""
        dropped: list[np.ndarray] = []
        kept_shared: list[np.ndarray] = []
        parts: Iterable[np.ndarray]
        if self._buckets is None:
            parts = [np.concatenate(self._pending) if self._pending else np.empty(0, dtype=_RECORD)]
        else:
            self._spill()
            folder = Path(self._buckets.name)
            parts = (np.fromfile(path, dtype=_RECORD) for path in sorted(folder.iterdir()))
        for records in parts:
            records = records[np.lexsort((records["who"], records["low"], records["high"]))]
            high, low, who = records["high"], records["low"], records["who"]
            first = np.ones(len(records), dtype=bool)
            first[1:] = (high[1:] != high[:-1]) | (low[1:] != low[:-1])
            shared = (who & _SHARED) != 0
            # a digest's records sort repeatable before shared: a first record that is shared means no
            # report's graph holds the line, so the entities graph does
            dropped.append(who[~shared & ~first])
            kept_shared.append(who[shared & first] & ~_SHARED)
        self._pending = []
        if self._buckets is not None:
            self._buckets.cleanup()
            self._buckets = None
        return Claims(np.sort(np.concatenate(dropped)), np.sort(np.concatenate(kept_shared)))


class Claims:
    """The resolved claims: which of a report's repeatable lines its graph holds, and which of its
    shared lines the entities graph holds."""

    def __init__(self, dropped: np.ndarray, kept_shared: np.ndarray):
        self._dropped = dropped
        self._kept_shared = kept_shared

    @staticmethod
    def _lines_of(who: np.ndarray, report: int) -> np.ndarray:
        start = np.uint64(report) << np.uint64(_LINE_BITS)
        end = np.uint64(report + 1) << np.uint64(_LINE_BITS)
        return who[np.searchsorted(who, start) : np.searchsorted(who, end)] & _LINE_MASK

    def dropped(self, report: int) -> np.ndarray:
        """The numbers of the report's repeatable lines that an earlier report (or the ontology) states."""
        return self._lines_of(self._dropped, report)

    def first_said(self, report: int, repeatable: bytes) -> bytes:
        """The report's repeatable lines (as given to ``line_digests``) that its graph holds."""
        dropped = self.dropped(report)
        if not len(dropped):  # (most reports: nothing they state was stated before)
            return repeatable
        lines = repeatable.splitlines(keepends=True)
        for line in dropped.tolist():
            lines[line] = b""
        return b"".join(lines)

    def entity_lines(self, report: int, shared: bytes) -> bytes:
        """The report's shared lines that the entities graph holds (first met here, in no report's graph)."""
        kept = self._lines_of(self._kept_shared, report)
        if not len(kept):
            return b""
        lines = shared.splitlines(keepends=True)
        return b"".join(lines[line] for line in kept.tolist())
