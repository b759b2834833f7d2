"""The report graphs and the entities graph of a build's graph.nq, written once every report is in.

Which graph holds a line that several reports state is known only when every report is in (see
``kg.graph.line_claims``), so a report's lines are put aside as it comes (a file beside the outputs,
not memory) and written at the end, in file order: each report's graph (its own lines and the
repeatable lines it states first), then the entities graph (the shared lines no report's graph
holds, in the order first met, and as Turtle in graph.ttl).

A report's graph follows from its cached result and the lines it lost to earlier reports: its
*recipe*. A graph whose recipe is the last build's is copied from the last build's graph.nq, with
its digest, instead of being made and digested again (adding one report to 1,000 leaves 999 so);
such a report's Turtle is copied from the last graph.ttl, and its cached result is read without
its lines (``cached_or_run(..., without_lines=copyable)``), which are read only if a copy fails.
The entities graph's Turtle is copied chunk by chunk where a chunk's lines are the same
(``subject_chunks``). build.json records what the next build needs: recipes and places in files.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.graph.line_claims import Claims, LineClaims, line_digests
from kg.graph.ntriples import in_graph, strip_prefixes, turtle_body
from kg.graph.rdf import IriMinter
from kg.report_cache import DamagedEntry, ReportCache
from kg.report_jobs import Processed, cached_lines
from kg.store.embedded import GraphIndex, LastStore
from kg.vocab import PREFIXES, serialized

CHUNK_LINES = 50_000  # lines of the entities graph, parsed and written as Turtle at a time (some 8 MB) at most
CHUNK_SPREAD = 256  # a chunk ends before about one subject in this many (some 800 lines)
MIN_CHUNK_LINES = 16


class ReportGraphs:
    """Reports' lines held (``add``, in file order) until ``write`` puts every graph in graph.nq.

    ``ontology``: the ontology's N-Triples, stated before every report; ``last``: the last build's
    store and manifest, whose graph.nq gives the graphs made again from the same recipe; ``cache``
    gives back the lines of a report that was in the last build but lost or gained lines since.
    """

    def __init__(self, folder: Path, ontology: bytes, last: LastStore | None = None, cache: ReportCache | None = None):
        self._folder = folder
        self._claims = LineClaims(folder)
        self._claims.add(0, line_digests(ontology.splitlines(keepends=True)))
        # each report's lines, after what they are: its graph, cache key, file (for messages) and the
        # lengths of its own, repeatable and shared lines (own and repeatable None: not held, the
        # last build having its graph). In the file too: held as Python objects they were 350 bytes a
        # report and the graph's IRI in pyoxigraph (鲤城区's 2024 report: /report/福建省/泉州市/鲤城区/
        # 2024/…), from the first report to the end of the build: 20 MB at 50,000 reports.
        self._held = tempfile.TemporaryFile(dir=folder, prefix=".reports-")
        self._reports = 0
        self._last = _LastGraphs(last)
        self._cache = cache
        self.recipes: dict[str, str] = {}  # graph IRI -> recipe, for the manifest
        self.copied = 0  # report graphs copied from the last build
        self._last_turtle = last.report_turtle if last is not None and last.report_turtle else {}
        self._last_ttl = _LastFile(last.path.parent / "graph.ttl" if last is not None else None)
        self.turtle = EntitiesTurtle(last, self._last_ttl)
        self.report_turtle: dict[str, tuple[int, int]] = {}  # cache key -> where its Turtle is in graph.ttl
        # results the last build made graphs and Turtle from: read from the cache without their lines
        self.copyable = self._last.keys() & set(self._last_turtle) if cache is not None else set()

    def write_turtle(self, result: Processed, key: str | None, ttl) -> Processed:
        """Write the report's Turtle to graph.ttl, copied from the last build's when ``result`` came
        without its lines (``copyable``); returns the result, with its lines if they had to be read."""
        start = ttl.tell()
        if not result.whole:
            where = self._last_turtle.get(key) if key is not None else None
            if where is None or not self._last_ttl.copy([where], ttl):
                result = self._whole(key, result.summary.source)
        if result.whole:
            ttl.write(strip_prefixes(result.turtle))
        if key is not None:
            self.report_turtle[key] = (start, ttl.tell() - start)
        return result

    def _whole(self, key: str | None, source: str) -> Processed:
        """A cached report's result with its lines (left out when read, as the last build had them)."""
        if self._cache is None:
            raise DamagedEntry(f"{source}: the lines of its cached result were left out, with no cache to read them")
        return cached_lines(self._cache, key, source)

    def add(self, result: Processed, key: str | None) -> None:
        """Hold a report's lines; ``key``: its cache key (None: not cached, so never copied)."""
        self._reports += 1
        self._claims.add(self._reports, result.repeatable_digests, result.shared_digests)
        graph = result.graph
        if not result.whole and not self._last.made_from(graph.value, key):
            result = self._whole(key, result.summary.source)  # (its graph cannot be copied: it needs them)
        lengths: tuple[int | None, int | None]
        if result.whole:
            lengths, lines = (len(result.own), len(result.repeatable)), result.own + result.repeatable
        else:  # (most likely copied; if it lost or gained lines since, they are read from the cache again)
            lengths, lines = (None, None), b""
        header = (graph.value, key, result.summary.source, *lengths, len(result.shared))
        pickle.dump(header, self._held, protocol=pickle.HIGHEST_PROTOCOL)
        self._held.write(lines + result.shared)

    def write(self, nq, ttl, index: GraphIndex, base: str) -> int:
        """Write every report's graph and the entities graph; returns their triples."""
        claims = self._claims.resolve()
        count = 0
        self._held.seek(0)
        with tempfile.TemporaryFile(dir=self._folder, prefix=".entities-") as entities:
            for number in range(1, self._reports + 1):
                # (pickle reads no further than its own bytes: the lines follow)
                iri, key, source, own_length, repeatable_length, shared_length = pickle.load(self._held)
                graph = ox.NamedNode(iri)
                if own_length is not None and repeatable_length is not None:
                    own, repeatable = self._held.read(own_length), self._held.read(repeatable_length)
                shared = self._held.read(shared_length)
                dropped = _digest_of(claims, number)
                lines = self._last.copy(graph.value, key, dropped, nq, index)
                if lines is None:
                    if own_length is None:
                        whole = self._whole(key, source)
                        own, repeatable = whole.own, whole.repeatable
                    first_said = claims.first_said(number, repeatable)
                    lines = own.count(b"\n") + first_said.count(b"\n")
                    index.write(nq, graph.value, in_graph(own + first_said, graph))
                else:
                    self.copied += 1
                count += lines
                if key is not None:
                    self.recipes[graph.value] = f"{key} {dropped} {lines}"
                entities.write(claims.entity_lines(number, shared))
            entities.seek(0)
            count += write_entities(
                subject_chunks(entities), IriMinter(base).entities_graph(), nq, ttl, index, self.turtle
            )
        return count

    def close(self) -> None:
        self._held.close()
        self._last.close()
        self._last_ttl.close()

    def __enter__(self) -> ReportGraphs:
        return self

    def __exit__(self, *_) -> None:
        self.close()


def _digest_of(claims: Claims, number: int) -> str:
    """The report's lines lost to earlier reports, digested (most reports lose none: "-")."""
    dropped = claims.dropped(number)
    return hashlib.sha256(dropped.tobytes()).hexdigest()[:32] if len(dropped) else "-"


class _LastGraphs:
    """The last build's report graphs, copied from its graph.nq where the recipe is the same: the
    cache key, the lines lost to earlier reports, and (what the copy does not count) the lines."""

    def __init__(self, last: LastStore | None):
        self._last = last if last is not None and last.recipes and last.segments else None
        self._file = _LastFile(self._last.nquads if self._last is not None else None)

    def _recipe(self, graph: str) -> list[str] | None:
        if self._last is None or self._last.recipes is None:
            return None
        recipe = self._last.recipes.get(graph)
        return recipe.split(" ") if isinstance(recipe, str) and recipe.count(" ") == 2 else None

    def keys(self) -> set[str]:
        """The cache keys of the results the last build made its report graphs from."""
        recipes = self._last.recipes if self._last is not None and self._last.recipes is not None else {}
        return {recipe.split(" ")[0] for recipe in recipes.values() if isinstance(recipe, str)}

    def made_from(self, graph: str, key: str | None) -> bool:
        """Whether the last build made ``graph`` from the cached result ``key``."""
        recipe = self._recipe(graph)
        return key is not None and recipe is not None and recipe[0] == key

    def copy(self, graph: str, key: str | None, dropped: str, nq, index: GraphIndex) -> int | None:
        """Copy the graph's lines from the last build's graph.nq to ``nq`` if it was made from the same
        recipe; returns its lines."""
        last, recipe = self._last, self._recipe(graph)
        if last is None or last.segments is None or recipe is None or recipe[:2] != [key, dropped]:
            return None
        if graph not in last.digests or graph not in last.segments or not recipe[2].isdigit():
            return None
        start = nq.tell()
        if not self._file.copy(last.segments[graph], nq):
            return None
        index.record(graph, start, nq.tell() - start, last.digests[graph])
        return int(recipe[2])

    def close(self) -> None:
        self._file.close()


def copy_segments(source: BinaryIO, segments: Iterable[tuple[int, int]], target) -> bool:
    """Append ``segments`` (offset, length) of ``source`` to the file object ``target``; False, with
    nothing appended, when ``source`` is shorter than they say."""
    target.flush()
    start = target.seek(0, os.SEEK_END)
    try:
        for offset, length in segments:
            _copy_range(source, target, offset, length)
    except (OSError, EOFError):
        target.truncate(start)
        target.seek(start)
        return False
    target.seek(0, os.SEEK_END)  # (the writer learns where the copy left the file)
    return True


def _copy_range(source: BinaryIO, target, offset: int, length: int) -> None:
    """Copy ``length`` bytes at ``offset`` of ``source`` to the end of ``target`` (flushed): in the
    kernel where it can (Linux's copy_file_range, the bytes never in Python), else through a buffer
    (macOS; an older Linux between two file systems)."""
    copy_in_kernel = getattr(os, "copy_file_range", None)
    while length:
        try:
            if copy_in_kernel is None:
                raise OSError("no copy_file_range")
            copied = copy_in_kernel(source.fileno(), target.fileno(), length, offset)
        except OSError:
            source.seek(offset)
            block = source.read(min(length, 1 << 24))
            copied = len(block)
            target.write(block)
            target.flush()
        if copied == 0:
            raise EOFError  # (a file cut short)
        offset, length = offset + copied, length - copied


class _LastFile:
    """One of the last build's files (graph.nq, graph.ttl), opened when first copied from."""

    def __init__(self, path: Path | None):
        self._path = path
        self._file: BinaryIO | None = None

    def copy(self, segments: Iterable[tuple[int, int]], target) -> bool:
        """Append its ``segments`` to ``target``; False, with nothing appended, when it cannot."""
        if self._path is None:
            return False
        try:
            if self._file is None:
                self._file = open(self._path, "rb")  # noqa: SIM115  (closed with the writer)
        except OSError:
            return False
        return copy_segments(self._file, segments, target)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


class EntitiesTurtle:
    """The entities graph's Turtle, a chunk at a time: a chunk of lines the last build wrote too is
    copied from its graph.ttl instead of being parsed and serialised again (most of them, when a
    report is added: chunks end at subjects picked by their bytes, so lines added to one chunk leave
    the others as they were; see ``subject_chunks``)."""

    def __init__(self, last: LastStore | None, last_turtle: _LastFile):
        """``last_turtle``: the last build's graph.ttl (the report graphs' copies read it too)."""
        self._last = last.turtle_chunks if last is not None and last.turtle_chunks else {}
        self._file = last_turtle
        self.chunks: dict[str, tuple[int, int]] = {}  # digest of a chunk's lines -> where in graph.ttl
        self.copied = 0  # chunks copied from the last build

    def write(self, lines: bytes, ttl) -> str:
        """Write the Turtle of a chunk of N-Triples ``lines`` to ``ttl``; returns the chunk's digest."""
        digest = hashlib.sha256(lines).hexdigest()[:32]
        start = ttl.tell()
        where = self._last.get(digest)
        if where is not None and self._file.copy([where], ttl):
            self.copied += 1
        else:
            parsed = ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)
            ttl.write(turtle_body(serialized(parsed, ox.RdfFormat.TURTLE, PREFIXES)))
        self.chunks.setdefault(digest, (start, ttl.tell() - start))
        return digest


def write_entities(
    chunks: Iterable[bytes], graph: ox.NamedNode, nq, ttl, index: GraphIndex, turtle: EntitiesTurtle
) -> int:
    """Write the entities graph (what reports share, each line once) from its N-Triples in chunks
    that end where a subject does; returns its triples. Chunk by chunk, from the parser to the
    serialiser: the whole graph at once (600,000 triples at 2,500 reports) took 140 MB and more."""
    count = 0
    for lines in chunks:
        digest = turtle.write(lines, ttl)
        index.write(nq, graph.value, in_graph(lines, graph), identity=digest)
        count += lines.count(b"\n")
    if count:
        ttl.write(b"\n")
    return count


def subject_chunks(lines: Iterable[bytes], lines_a_chunk: int | None = None) -> Iterator[bytes]:
    """N-Triples ``lines`` joined in chunks that end where the subject changes: Turtle writes a
    subject's consecutive triples together, so the chunks' Turtle joined is that of all the lines.

    A chunk ends before a subject whose bytes pick it (about one subject in ``CHUNK_SPREAD``), or
    once it holds ``lines_a_chunk`` (``CHUNK_LINES``) lines. Ends picked by the subjects themselves
    stay where they were when lines are added or removed elsewhere (a report added to a build adds
    its entities' lines in one place), so every other chunk is the same bytes as in the last build.

    >>> list(subject_chunks([b"<a> <p> 1 .\\n", b"<a> <q> 2 .\\n", b"<b> <p> 3 .\\n"], lines_a_chunk=1))
    [b'<a> <p> 1 .\\n<a> <q> 2 .\\n', b'<b> <p> 3 .\\n']
    """
    lines_a_chunk = lines_a_chunk or CHUNK_LINES
    chunk: list[bytes] = []
    subject = b""
    for line in lines:
        line_subject = line[: line.find(b" ")]
        if line_subject != subject and chunk:
            if len(chunk) >= lines_a_chunk or (
                len(chunk) >= MIN_CHUNK_LINES and zlib.crc32(line_subject) % CHUNK_SPREAD == 0
            ):
                yield b"".join(chunk)
                chunk = []
        chunk.append(line)
        subject = line_subject
    if chunk:
        yield b"".join(chunk)
