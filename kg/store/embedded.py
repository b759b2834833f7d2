"""The embedded on-disk store (pyoxigraph/RocksDB) that ``kg build`` writes under ``OUT/store``,
and in-memory stores for any RDF file.

The store holds the build's datasets: one named graph per report, the shared entities,
the assessments and the ontology. A build writes each triple to one graph only, so queries
read the union of the graphs as their default graph: it is a set, like the build's Turtle,
without a second copy of every triple. A build writes its store into a new output generation
(``kg.store.generations``), so readers never see a half-written store.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.store.generations import GenerationReader, current_generation, kill_point, read_generation
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


# Batches for a large store loaded on several cores: pyoxigraph parses one while it writes the
# last. One load of a whole file slows down as the file grows (6.6 µs a quad at 60 MB, 9 µs at
# 250 MB); in batches, the load then takes two thirds of the time, while the compaction the
# batches call for outweighs the gain on files under about 100 MB.
LOAD_BATCH_BYTES = 8_000_000
BATCHED_LOAD_FROM_BYTES = 100_000_000


def write_store(nquads: Path, out_dir: Path, cores: int = 1) -> Path:
    """(Re)create ``out_dir/store`` from a build's N-Quads; returns its path.

    With one core the file is loaded in one go, which keeps to that core; with more, a large
    file is loaded in batches whose parsing and writing overlap.
    """
    target = Path(out_dir) / STORE_DIR
    temp = Path(tempfile.mkdtemp(prefix=".store-", dir=out_dir))
    try:
        store = ox.Store(str(temp))
        # The N-Quads are the build's own, written by pyoxigraph's serialiser: validating every
        # IRI again would cost a tenth of the load.
        if cores > 1 and nquads.stat().st_size >= BATCHED_LOAD_FROM_BYTES:
            with open(nquads, "rb") as lines:
                while batch := lines.readlines(LOAD_BATCH_BYTES):
                    store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS, lenient=True)
        else:
            store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS, lenient=True)
        store.flush()
        kill_point("store-loaded")
        store.optimize()  # batches leave overlapping files, which would slow queries twofold
        del store
        old = None
        if target.exists():
            old = target.with_name(f".{STORE_DIR}-old-{os.getpid()}")
            os.replace(target, old)
        os.replace(temp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
    return target


def update_store(last_store: Path, out_dir: Path, remove: list[str], nquads: bytes) -> Path:
    """Make ``out_dir/store`` from the last build's store: its checkpoint (RocksDB hard-links the
    data files, so this takes no copy), without the graphs in ``remove``, plus ``nquads`` (the
    new content of the graphs that changed). The last store is only read: readers keep it."""
    target = Path(out_dir) / STORE_DIR
    last = ox.Store.read_only(str(last_store))
    last.backup(str(target))
    del last
    store = ox.Store(str(target))
    for graph in remove:
        store.remove_graph(ox.NamedNode(graph))
    if nquads:
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS, lenient=True)
    store.flush()
    kill_point("store-loaded")
    del store
    return target


class GraphIndex:
    """Where each named graph's N-Quads are in graph.nq, and their digest, as they are written."""

    def __init__(self) -> None:
        self.segments: dict[str, list[tuple[int, int]]] = {}
        self._digests: dict[str, Any] = {}

    def write(self, nq, graph: str, data: bytes) -> None:
        self.segments.setdefault(graph, []).append((nq.tell(), len(data)))
        self._digests.setdefault(graph, hashlib.sha256()).update(data)
        nq.write(data)

    def digests(self) -> dict[str, str]:
        return {graph: digest.hexdigest() for graph, digest in self._digests.items()}


# Above this share of graph.nq's bytes changed, loading the whole file is about as fast as
# replacing graphs, and leaves a compacted store.
INCREMENTAL_STORE_UP_TO = 0.25


def write_build_store(
    nquads: Path, gen: Path, jobs: int, index: GraphIndex, last: tuple[Path, dict[str, str]] | None
) -> str:
    """The generation's store: the last build's with the graphs that changed replaced, when
    that is a small part of the build ("incremental"), else loaded from graph.nq ("full")."""
    if last is not None:
        last_store, last_digests = last
        digests = index.digests()
        changed = [g for g, d in digests.items() if last_digests.get(g) != d]
        changed_bytes = sum(length for g in changed for _, length in index.segments[g])
        total = sum(length for segments in index.segments.values() for _, length in segments)
        if changed_bytes <= INCREMENTAL_STORE_UP_TO * total:
            with open(nquads, "rb") as text:
                replaced = b"".join(
                    _read_segment(text, offset, length) for g in changed for offset, length in index.segments[g]
                )
            gone = [g for g in last_digests if g not in digests]
            update_store(last_store, gen, remove=changed + gone, nquads=replaced)
            return "incremental"
    write_store(nquads, gen, cores=jobs)
    return "full"


def _read_segment(text, offset: int, length: int) -> bytes:
    text.seek(offset)
    return text.read(length)


def last_store(out: Path, manifest_name: str = "build.json") -> tuple[Path, dict[str, str]] | None:
    """The current build's store and the digests of its graphs, when its manifest recorded them."""
    current = current_generation(out)
    if current is None or not (current.path / "store").is_dir():
        return None
    try:
        manifest = json.loads((current.path / manifest_name).read_text(encoding="utf-8"))
        digests = manifest["graph_sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (current.path / "store", digests) if isinstance(digests, dict) else None


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
