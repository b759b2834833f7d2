"""The report graphs and the entities graph of a build's graph.nq, written once every report is in.

Which graph holds a line that several reports state is known only when every report is in (see
``kg.graph.line_claims``), so a report's lines are put aside as it comes (a file beside the outputs,
not memory) and written at the end, in file order: each report's graph (its own lines and the
repeatable lines it states first), then the entities graph (the shared lines no report's graph
holds, in the order first met, and as Turtle in graph.ttl).

A report's graph follows from its cached result and the lines it lost to earlier reports: its
*recipe*. A graph whose recipe is the last build's is copied from the last build's graph.nq, with
its digest, instead of being made and digested again (adding one report to 1,000 leaves 999 so).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.graph.line_claims import Claims, LineClaims, line_digests
from kg.graph.ntriples import in_graph, subject_chunks, turtle_body
from kg.graph.rdf import IriMinter
from kg.report_jobs import Processed
from kg.store.embedded import GraphIndex, LastStore
from kg.vocab import PREFIXES, serialized


class ReportGraphs:
    """Reports' lines held (``add``, in file order) until ``write`` puts every graph in graph.nq.

    ``ontology``: the ontology's N-Triples, stated before every report; ``last``: the last build's
    store and manifest, whose graph.nq gives the graphs made again from the same recipe.
    """

    def __init__(self, folder: Path, ontology: bytes, last: LastStore | None = None):
        self._folder = folder
        self._claims = LineClaims(folder)
        self._claims.add(0, line_digests(ontology.splitlines(keepends=True)))
        self._held = tempfile.TemporaryFile(dir=folder, prefix=".reports-")
        # graph, cache key, and the lengths of its own, repeatable and shared lines in ``_held``
        self._reports: list[tuple[ox.NamedNode, str | None, int, int, int]] = []
        self._last = _LastGraphs(last)
        self.recipes: dict[str, str] = {}  # graph IRI -> recipe, for the manifest
        self.copied = 0  # report graphs copied from the last build

    def add(self, result: Processed, key: str | None) -> None:
        """Hold a report's lines; ``key``: its cache key (None: not cached, so never copied)."""
        self._claims.add(len(self._reports) + 1, result.repeatable_digests, result.shared_digests)
        self._held.write(result.own + result.repeatable + result.shared)
        self._reports.append((result.graph, key, len(result.own), len(result.repeatable), len(result.shared)))

    def write(self, nq, ttl, index: GraphIndex, base: str) -> int:
        """Write every report's graph and the entities graph; returns their triples."""
        claims = self._claims.resolve()
        count = 0
        self._held.seek(0)
        with tempfile.TemporaryFile(dir=self._folder, prefix=".entities-") as entities:
            for number, (graph, key, own_length, repeatable_length, shared_length) in enumerate(self._reports, 1):
                own, repeatable = self._held.read(own_length), self._held.read(repeatable_length)
                shared = self._held.read(shared_length)
                recipe = _recipe(key, claims, number)
                copied = self._last.graph(graph.value, recipe)
                if copied is not None:
                    lines, digest = copied
                    index.write(nq, graph.value, lines, digest)
                    count += lines.count(b"\n")
                    self.copied += 1
                else:
                    first_said = claims.first_said(number, repeatable)
                    count += own.count(b"\n") + first_said.count(b"\n")
                    index.write(nq, graph.value, in_graph(own + first_said, graph))
                if recipe is not None:
                    self.recipes[graph.value] = recipe
                entities.write(claims.entity_lines(number, shared))
            entities.seek(0)
            count += write_entities(subject_chunks(entities), IriMinter(base).entities_graph(), nq, ttl, index)
        return count

    def close(self) -> None:
        self._held.close()
        self._last.close()

    def __enter__(self) -> ReportGraphs:
        return self

    def __exit__(self, *_) -> None:
        self.close()


def _recipe(key: str | None, claims: Claims, number: int) -> str | None:
    """What a report's graph is made from: its cached result and the lines it lost to earlier reports."""
    if key is None:
        return None
    return hashlib.sha256(key.encode() + b"\0" + claims.dropped(number).tobytes()).hexdigest()


class _LastGraphs:
    """The last build's report graphs, read from its graph.nq where the recipe is the same."""

    def __init__(self, last: LastStore | None):
        self._last = last if last is not None and last.recipes and last.segments else None
        self._file: BinaryIO | None = None

    def graph(self, graph: str, recipe: str | None) -> tuple[bytes, str] | None:
        """The graph's lines and digest in the last build, if it was made from ``recipe``."""
        last = self._last
        if last is None or recipe is None or last.recipes is None or last.segments is None:
            return None
        if last.recipes.get(graph) != recipe or graph not in last.digests or graph not in last.segments:
            return None
        try:
            if self._file is None:
                self._file = open(last.nquads, "rb")  # noqa: SIM115  (closed with the writer)
            file = self._file
            parts = []
            for offset, length in last.segments[graph]:
                file.seek(offset)
                parts.append(file.read(length))
                if len(parts[-1]) != length:
                    return None  # (a graph.nq cut short: made again, then)
        except OSError:
            return None
        return b"".join(parts), last.digests[graph]

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def write_entities(chunks: Iterable[bytes], graph: ox.NamedNode, nq, ttl, index: GraphIndex) -> int:
    """Write the entities graph (what reports share, each line once) from its N-Triples in chunks
    that end where a subject does; returns its triples. Chunk by chunk, from the parser to the
    serialiser: the whole graph at once (600,000 triples at 2,500 reports) took 140 MB and more."""
    count = 0
    for lines in chunks:
        parsed = ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)
        ttl.write(turtle_body(serialized(parsed, ox.RdfFormat.TURTLE, PREFIXES)))
        index.write(nq, graph.value, in_graph(lines, graph))
        count += lines.count(b"\n")
    if count:
        ttl.write(b"\n")
    return count
