"""The lines a graph lost and gained between two builds' graph.nq, from the segments it was written
in (a report's graph, a chunk of the entities graph, a place's assessments), in bounded memory.

Segments written the same bytes both times are told by their digests, read one at a time, and left
out; the lines of the others are compared. That is exact because a graph states each line once (a
test checks it): a line in a segment both builds wrote is in no other segment of either. When the
segments that differ are large (a year of reports added to 20,000: most chunks of a 1 GB entities
graph gain a line), their lines are spread over bucket files by a hash and compared a bucket at a
time, so memory stays that of a bucket whatever the build.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import zlib
from pathlib import Path
from typing import BinaryIO

# differing segments up to this many bytes are compared in memory (a report added to 1,000: a few MB)
IN_MEMORY_BYTES = 64_000_000
BUCKETS = 128  # bucket files a side: 16 MB each for 2 GB of differing segments

Segment = tuple[int, int]  # offset and length in graph.nq


def read_segment(text: BinaryIO, offset: int, length: int) -> bytes:
    text.seek(offset)
    return text.read(length)


def has_blank_nodes(lines: bytes) -> bool:
    return lines.startswith(b"_:") or b" _:" in lines


def differing_segments(
    old_file: BinaryIO, old: list[Segment], new_file: BinaryIO, new: list[Segment]
) -> tuple[list[Segment], list[Segment]] | None:
    """The segments of a graph only the last build wrote, and those only this one wrote; None when
    a segment has blank nodes (whose labels the store does not keep: the graph is replaced whole).
    The entities graph of 20,000 reports is 1 GB: held whole in both builds, it took a build that
    added one report to 2.2 GB."""
    old_digests = []
    for offset, length in old:
        part = read_segment(old_file, offset, length)
        if has_blank_nodes(part):
            return None
        old_digests.append(hashlib.sha256(part).digest())
    before, gained, written = set(old_digests), [], set()
    for offset, length in new:
        part = read_segment(new_file, offset, length)
        digest = hashlib.sha256(part).digest()
        written.add(digest)
        if digest not in before:
            if has_blank_nodes(part):
                return None
            gained.append((offset, length))
    lost = [where for where, digest in zip(old, old_digests) if digest not in written]
    return lost, gained


def differing_by_identity(
    old_file: BinaryIO,
    old: list[Segment],
    old_ids: list[str],
    new_file: BinaryIO,
    new: list[Segment],
    new_ids: list[str],
) -> tuple[list[Segment], list[Segment]] | None:
    """As ``differing_segments``, for a graph whose segments both builds named by what they were
    made from (the entities graph's chunks, by their N-Triples' digest): the same segments are not
    read at all (the 1 GB entities graph of 20,000 reports, read and digested twice, took 2 s). Only
    a segment that differs is looked at for blank nodes: a line of a segment both builds wrote is
    neither taken out nor put in."""
    before, after = set(old_ids), set(new_ids)
    lost = [where for where, identity in zip(old, old_ids) if identity not in after]
    gained = [where for where, identity in zip(new, new_ids) if identity not in before]
    if any(has_blank_nodes(read_segment(old_file, *where)) for where in lost) or any(
        has_blank_nodes(read_segment(new_file, *where)) for where in gained
    ):
        return None
    return lost, gained


def changed_lines(
    old_file: BinaryIO,
    lost: list[Segment],
    new_file: BinaryIO,
    gained: list[Segment],
    scratch: Path,
    in_memory_bytes: int = IN_MEMORY_BYTES,
) -> tuple[list[bytes], list[bytes]]:
    """The lines only in the ``lost`` segments of the last build's graph.nq, and those only in the
    ``gained`` segments of this one's (``differing_segments``), each sorted. Past
    ``in_memory_bytes`` together, compared a bucket at a time in files under ``scratch``.

    >>> import io
    >>> old, new = io.BytesIO(b"<a> <p> 1 .\\n<b> <p> 2 .\\n"), io.BytesIO(b"<b> <p> 2 .\\n<c> <p> 3 .\\n")
    >>> changed_lines(old, [(0, 24)], new, [(0, 24)], Path("."))
    ([b'<a> <p> 1 .\\n'], [b'<c> <p> 3 .\\n'])
    """
    if sum(length for _, length in lost + gained) <= in_memory_bytes:
        before = {line for where in lost for line in read_segment(old_file, *where).splitlines(keepends=True)}
        after = {line for where in gained for line in read_segment(new_file, *where).splitlines(keepends=True)}
        return sorted(before - after), sorted(after - before)
    removed: list[bytes] = []
    added: list[bytes] = []
    with tempfile.TemporaryDirectory(dir=scratch, prefix=".diff-") as folder:
        for side, source, segments in (("old", old_file, lost), ("new", new_file, gained)):
            _spread(source, segments, Path(folder) / side)
        for bucket in range(BUCKETS):
            before = set(_bucket_lines(Path(folder) / "old", bucket))
            after = set(_bucket_lines(Path(folder) / "new", bucket))
            removed.extend(before - after)
            added.extend(after - before)
    return sorted(removed), sorted(added)


def _spread(source: BinaryIO, segments: list[Segment], prefix: Path) -> None:
    """The segments' lines, each appended to the bucket file its hash picks."""
    files = [open(f"{prefix}-{bucket:03d}", "wb") for bucket in range(BUCKETS)]  # noqa: SIM115  (closed below)
    try:
        for offset, length in segments:
            buckets: list[list[bytes]] = [[] for _ in range(BUCKETS)]
            for line in read_segment(source, offset, length).splitlines(keepends=True):
                buckets[zlib.crc32(line) % BUCKETS].append(line)
            for file, lines in zip(files, buckets):
                if lines:
                    file.write(b"".join(lines))
    finally:
        for file in files:
            file.close()


def _bucket_lines(prefix: Path, bucket: int) -> list[bytes]:
    return Path(f"{prefix}-{bucket:03d}").read_bytes().splitlines(keepends=True)


class SegmentsReader(io.RawIOBase):
    """Segments of a file read as one stream (for ``bulk_load``), a buffer at a time."""

    def __init__(self, file: BinaryIO, segments: list[Segment]):
        self._file = file
        self._segments = list(reversed(segments))
        self._left = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._left == 0:
            if not self._segments:
                return 0
            offset, self._left = self._segments.pop()
            self._file.seek(offset)
        data = self._file.read(min(len(buffer), self._left))
        if not data:
            raise EOFError("graph.nq is shorter than its segments say")
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)
