"""The embedded on-disk store (pyoxigraph/RocksDB) that ``kg build`` writes under ``OUT/store``,
and in-memory stores for any RDF file.

The store holds the build's datasets: one named graph per report, the shared entities,
the assessments and the ontology. A build writes each triple to one graph only, so queries
read the union of the graphs as their default graph: it is a set, like the build's Turtle,
without a second copy of every triple. A build writes its store into a new output generation
(``kg.store.generations``), so readers never see a half-written store.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.store.generations import GenerationReader, current_generation, kill_point, read_generation
from kg.store.segment_diff import SegmentsReader, changed_lines, differing_by_identity, differing_segments
from kg.store.sparql_text import names_dataset, refuse_federation
from kg.vocab import solutions

STORE_DIR = "store"
RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}


# A large file is loaded in batches, whatever the cores. One load of a whole file holds its sorted
# index entries in memory: at 1,000 reports (389 MB of N-Quads) it took the build to 1.5 GB, in
# batches of 8 MB the load itself stays near 100 MB. On several cores the batches are faster too,
# pyoxigraph parsing one while it writes the last (one load slows down as the file grows: 6.6 µs a
# quad at 60 MB, 9 µs at 250 MB); on one core they cost an eighth more (13.6 s against 15.3 s at
# 1,000 reports). Under about 100 MB the compaction the batches call for outweighs the gain, and
# one load stays under 600 MB with the rest of the build (the corpus: 82 MB, 520 MB).
LOAD_BATCH_BYTES = 8_000_000
BATCHED_LOAD_FROM_BYTES = 100_000_000


def write_store(nquads: Path, out_dir: Path) -> Path:
    """(Re)create ``out_dir/store`` from a build's N-Quads; returns its path.

    A small file is loaded in one go; a large one in batches, which keeps the load's memory flat.
    """
    target = Path(out_dir) / STORE_DIR
    temp = Path(tempfile.mkdtemp(prefix=".store-", dir=out_dir))
    store = None
    try:
        store = ox.Store(str(temp))
        # The N-Quads are the build's own, written by pyoxigraph's serialiser: validating every
        # IRI again would cost a tenth of the load.
        if nquads.stat().st_size >= BATCHED_LOAD_FROM_BYTES:
            with open(nquads, "rb") as lines:
                while batch := lines.readlines(LOAD_BATCH_BYTES):
                    store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS, lenient=True)
        else:
            store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS, lenient=True)
        store.flush()
        kill_point("store-loaded")
        store.optimize()  # batches leave overlapping files, which would slow queries twofold
        store = None
        old = None
        if target.exists():
            old = target.with_name(f".{STORE_DIR}-old-{os.getpid()}")
            os.replace(target, old)
        os.replace(temp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        # a load that failed leaves the store open, its RocksDB threads still writing into the
        # folder: closed first, or a file they write after the removal leaves the folder behind
        store = None
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
    return target


FLUSH_EVERY_GRAPHS = 100
FLUSH_EVERY_QUADS = 100_000


def update_store(last_store: Path, out_dir: Path, changes: StoreChanges, compact: bool = False) -> Path:
    """Make ``out_dir/store`` from the last build's store: its checkpoint (RocksDB hard-links the
    data files, so this takes no copy), with ``changes`` applied, and compacted if ``compact``. The
    last store is only read: readers keep it."""
    target = Path(out_dir) / STORE_DIR
    last = ox.Store.read_only(str(last_store))
    last.backup(str(target))
    del last
    store = ox.Store(str(target))
    # deletions pile up in RocksDB's write buffers until they are flushed: removing 1,000 reports'
    # graphs from 20,000 took the build to 900 MB unflushed
    for number, graph in enumerate(changes.whole_graphs_removed, 1):
        store.remove_graph(ox.NamedNode(graph))
        if number % FLUSH_EVERY_GRAPHS == 0:
            store.flush()
    if changes.removed:
        for number, quad in enumerate(ox.parse(changes.removed, format=ox.RdfFormat.N_QUADS, lenient=True), 1):
            store.remove(quad)
            if number % FLUSH_EVERY_QUADS == 0:
                store.flush()
    if changes.added:
        store.bulk_load(changes.added, format=ox.RdfFormat.N_QUADS, lenient=True)
    if changes.added_segments and changes.source is not None:
        # whole graphs, read from graph.nq a batch at a time: a year of reports added to a large
        # build is hundreds of MB, which held as bytes (and as lines before that) took gigabytes,
        # and in one load the loader's buffers grew with it
        with open(changes.source, "rb") as nquads:
            lines = io.BufferedReader(SegmentsReader(nquads, changes.added_segments), buffer_size=1 << 20)
            while batch := lines.readlines(LOAD_BATCH_BYTES):
                store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS, lenient=True)
    store.flush()
    if compact:
        store.optimize()
    kill_point("store-loaded")
    del store
    return target


@dataclass(frozen=True)
class StoreChanges:
    """What turns the last build's store into this one's: graphs dropped whole, N-Quads lines
    taken out and put in, and segments of ``source`` (this build's graph.nq) loaded as they are:
    the graphs the last store did not have, or replaced whole."""

    whole_graphs_removed: list[str]
    removed: bytes
    added: bytes
    source: Path | None = None
    added_segments: list[tuple[int, int]] = field(default_factory=list)

    def churn(self, last: LastStore) -> int:
        """The bytes of N-Quads these changes take out and put in (a graph dropped whole, by its
        size in the last build's graph.nq)."""
        dropped = sum(
            length for graph in self.whole_graphs_removed for _, length in (last.segments or {}).get(graph, [])
        )
        return dropped + len(self.removed) + len(self.added) + sum(length for _, length in self.added_segments)


@dataclass(frozen=True)
class LastStore:
    """The current build's store, with the digest of each of its graphs and where each graph's
    lines are in the build's graph.nq (``None`` from a build that did not record it)."""

    path: Path
    digests: dict[str, str]
    segments: dict[str, list[tuple[int, int]]] | None = None
    # what each report's graph was made from (``kg.build_graphs``): the same recipe gives the same lines
    recipes: dict[str, str] | None = None
    # where the Turtle of each chunk of the entities graph is in graph.ttl, by the chunk's digest
    turtle_chunks: dict[str, tuple[int, int]] | None = None
    # where each report's Turtle is in graph.ttl, by the cache key of the result it came from
    report_turtle: dict[str, tuple[int, int]] | None = None
    # the bytes changed in the store since it was last written whole or compacted (``StoreWritten``)
    churn: int = 0
    # the identities of the segments of the graphs whose segments all have one (``GraphIndex.write``)
    segment_ids: dict[str, list[str]] | None = None

    @property
    def nquads(self) -> Path:
        return self.path.parent / "graph.nq"


class GraphIndex:
    """Where each named graph's N-Quads are in graph.nq, and their digest, as they are written."""

    def __init__(self) -> None:
        self.segments: dict[str, list[tuple[int, int]]] = {}
        self._digests: dict[str, Any] = {}
        self._identities: dict[str, list[str | None]] = {}

    def write(self, nq, graph: str, data: bytes, identity: str | None = None) -> None:
        """Append ``data`` to graph.nq as a segment of ``graph``; ``identity``, a digest of what it
        was made from (a chunk of the entities graph: its N-Triples), tells the next build's store
        update that a segment is the same without reading it."""
        self.segments.setdefault(graph, []).append((nq.tell(), len(data)))
        self._identities.setdefault(graph, []).append(identity)
        self._digests.setdefault(graph, hashlib.sha256()).update(data)
        nq.write(data)

    def record(self, graph: str, offset: int, length: int, digest: str) -> None:
        """Note lines of ``graph`` written to graph.nq by other means (a copy), whose digest is known."""
        self.segments.setdefault(graph, []).append((offset, length))
        self._identities.setdefault(graph, []).append(None)
        self._digests[graph] = digest

    def identities(self) -> dict[str, list[str]]:
        """The segments' identities of each graph whose segments all have one."""
        return {g: [i for i in ids if i is not None] for g, ids in self._identities.items() if ids and None not in ids}

    def digests(self) -> dict[str, str]:
        return {graph: d if isinstance(d, str) else d.hexdigest() for graph, d in self._digests.items()}


# Above this share of graph.nq's bytes changed, loading the whole file is about as fast as
# replacing graphs, and leaves a compacted store.
INCREMENTAL_STORE_UP_TO = 0.25
# Once the lines taken out and put in since the store was last written whole reach this share of
# graph.nq, the update ends with a compaction. Deletions and added files pile up in RocksDB: after
# 4,000 report graphs taken out and put back at 20,000 reports the store held 120 files and `kg viz`
# took 20.1 s; compacted (58 s), 87 files and 13.7 s. A report added to 20,000 changes some 0.01%.
COMPACT_AFTER_SHARE = 0.10


@dataclass(frozen=True)
class StoreWritten:
    """How a build made its store: ``kind`` "full" (loaded from graph.nq) or "incremental" (the last
    store with the graphs that changed brought up to date); ``churn``, the bytes of lines taken out
    and put in since it was last written whole or compacted; ``compacted``, whether this build did."""

    kind: str
    churn: int = 0
    compacted: bool = False


def write_build_store(nquads: Path, gen: Path, index: GraphIndex, last: LastStore | None) -> StoreWritten:
    """The generation's store: the last build's with the graphs that changed brought up to date,
    when that is a small part of the build ("incremental"), else loaded from graph.nq ("full")."""
    if last is not None:
        digests = index.digests()
        changed = [g for g, d in digests.items() if last.digests.get(g) != d]
        changed_bytes = sum(length for g in changed for _, length in index.segments[g])
        total = sum(length for segments in index.segments.values() for _, length in segments)
        if changed_bytes <= INCREMENTAL_STORE_UP_TO * total:
            gone = [g for g in last.digests if g not in digests]
            changes = store_changes(nquads, index, last, changed, gone)
            churn = last.churn + changes.churn(last)
            compact = churn >= COMPACT_AFTER_SHARE * total
            update_store(last.path, gen, changes, compact=compact)
            return StoreWritten("incremental", 0 if compact else churn, compact)
    write_store(nquads, gen)
    return StoreWritten("full")


def store_changes(
    nquads: Path, index: GraphIndex, last: LastStore, changed: list[str], gone: list[str]
) -> StoreChanges:
    """The lines each changed graph lost and gained since the last build (``kg.store.segment_diff``).

    A graph shared by every report (the entities, the assessments) changes a little with each
    report added, and is large: at 1,000 reports, dropping the two whole and loading them again
    took 15 s, the lines that differ a fraction of a second. A graph the last build's graph.nq
    cannot give (an older build, a file gone) or with blank nodes (whose labels the store does not
    keep: the ontology's) is replaced whole.
    """
    whole: list[str] = [g for g in gone if g in last.digests]  # (a graph gone is dropped, never read)
    removed: list[bytes] = []
    added: list[bytes] = []
    loaded: list[tuple[int, int]] = []
    try:
        old_file = open(last.nquads, "rb") if last.segments is not None else None
    except OSError:
        old_file = None
    identities = index.identities()
    with open(nquads, "rb") as new_file, old_file or contextlib.nullcontext():
        for graph in changed:
            new = index.segments[graph]
            old = last.segments.get(graph) if last.segments is not None else None
            old_ids, new_ids = (last.segment_ids or {}).get(graph), identities.get(graph)
            if graph in last.digests and old is not None and old_file is not None:
                if old_ids is not None and new_ids is not None and len(old_ids) == len(old):
                    differing = differing_by_identity(old_file, old, old_ids, new_file, new, new_ids)
                else:
                    differing = differing_segments(old_file, old, new_file, new)
                if differing is not None:
                    lost, gained = changed_lines(old_file, differing[0], new_file, differing[1], nquads.parent)
                    removed.extend(lost)
                    added.extend(gained)
                    continue
            if graph in last.digests:  # (not a graph the last store did not have)
                whole.append(graph)
            loaded.extend(new)
    return StoreChanges(whole, b"".join(removed), b"".join(added), nquads, loaded)


def _places_in_file(recorded: Any) -> dict[str, tuple[int, int]] | None:
    """A manifest's ``{name: [offset, length]}``, or None when it has none (an older build's)."""
    if not isinstance(recorded, dict):
        return None
    return {str(name): (int(offset), int(length)) for name, (offset, length) in recorded.items()}


def last_store(out: Path, manifest_name: str = "build.json") -> LastStore | None:
    """The current build's store and the digests (and places in graph.nq) of its graphs, when its
    manifest recorded them."""
    current = current_generation(out)
    if current is None or not (current.path / "store").is_dir():
        return None
    try:
        manifest = json.loads((current.path / manifest_name).read_text(encoding="utf-8"))
        digests = manifest["graph_sha256"]
        segments = manifest.get("graph_segments")
        recipes = manifest.get("graph_recipes")
        turtle_chunks = _places_in_file(manifest.get("entity_turtle"))
        report_turtle = _places_in_file(manifest.get("report_turtle"))
        churn = int(manifest.get("store_churn", 0))
        segment_ids = manifest.get("graph_segment_ids")
        if isinstance(segment_ids, dict):  # (lists of names only: a damaged entry is read instead)
            segment_ids = {
                graph: ids
                for graph, ids in segment_ids.items()
                if isinstance(ids, list) and all(isinstance(name, str) for name in ids)
            }
        else:
            segment_ids = None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(digests, dict):
        return None
    if not isinstance(recipes, dict):
        recipes = None
    if not isinstance(segments, dict):
        segments = None
    else:
        segments = {g: [(int(o), int(n)) for o, n in parts] for g, parts in segments.items()}
    return LastStore(
        current.path / "store", digests, segments, recipes, turtle_chunks, report_turtle, churn, segment_ids
    )


class BuildStore:
    """A build's store: a pyoxigraph ``Store`` whose queries read the union of its graphs.

    Everything but ``query`` is the wrapped store's own (``quads_for_pattern``, ``named_graphs``,
    ``dump``...). It holds the generation it was opened from (see ``kg.store.generations``), so a
    build finishing meanwhile leaves it readable; ``close()`` lets that build's successor go.
    """

    def __init__(self, store: ox.Store | BuildStore, reader: GenerationReader | None = None):
        self.store = store
        self.reader = reader

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()

    def query(self, query: str, **options):
        """Run SPARQL on the union of the build's graphs, or on the dataset the query names
        (FROM, FROM NAMED); ``FederationRefused`` for a query that would reach the network."""
        refuse_federation(query)
        if not names_dataset(query):
            options.setdefault("use_default_graph_as_union", True)
        return self.store.query(query, **options)

    def __getattr__(self, name: str):
        return getattr(self.store, name)


def open_store(out_dir: str | Path = "exports") -> BuildStore:
    """The current build's store, read-only; its queries read the union of the build's graphs.

    Raises ``FileNotFoundError`` when there is no build in ``out_dir`` and ``DamagedStore`` when
    the store cannot be opened.
    """
    reader = read_generation(out_dir)
    path = reader.path / STORE_DIR
    if not path.is_dir():
        reader.close()
        raise FileNotFoundError(f"{Path(out_dir) / STORE_DIR}: no build output here (run `kg build` first)")
    try:
        return BuildStore(ox.Store.read_only(str(path)), reader)
    except (OSError, RuntimeError) as exc:  # RocksDB's "Corruption: ...", a file gone missing
        reader.close()
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DamagedStore(
            f"{Path(out_dir) / STORE_DIR}: the store cannot be opened ({reason[:200]}); run `kg build` again"
        ) from None


class DamagedStore(OSError):
    """A build's store that pyoxigraph cannot open (damaged or partly deleted files)."""


def load_file(path: str | Path) -> ox.Store:
    """Any RDF file in an in-memory store (format from the file's suffix)."""
    path = Path(path)
    rdf_format = RDF_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise ValueError(f"{path}: unknown RDF format (use one of {', '.join(sorted(RDF_FORMATS))})")
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    store = ox.Store()
    try:
        # quads go to their graphs and, merged, to the default graph, as in a build's store
        store.bulk_load(path=str(path), format=rdf_format)
        if rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            store.bulk_extend(
                ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                for q in store.quads_for_pattern(None, None, None, None)
                if q.graph_name != ox.DefaultGraph()
            )
    except SyntaxError as exc:
        raise ValueError(f"{path}: not valid {rdf_format.name} ({str(exc).splitlines()[0]})") from None
    return store


def report_graphs(store: ox.Store | BuildStore) -> list[tuple[str, str]]:
    """(graph IRI, source file) of every report graph in the store."""
    query = """SELECT ?g ?file WHERE { GRAPH ?g { ?g a <https://w3id.org/govkg/ontology#Report> ;
               <https://w3id.org/govkg/ontology#sourceFile> ?file } } ORDER BY ?file"""
    return [(row["g"].value, row["file"].value) for row in solutions(store, query)]
