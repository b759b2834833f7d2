"""The embedded on-disk store (pyoxigraph/RocksDB) that ``kg build`` writes under ``OUT/store``,
and in-memory stores for any RDF file.

The store holds the build's datasets: one named graph per report, the shared entities,
the assessments and the ontology. A build writes each triple to one graph only, so queries
read the union of the graphs as their default graph: it is a set, like the build's Turtle,
without a second copy of every triple. The store is built in a temporary directory and
swapped in, so readers never see a half-written store.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

STORE_DIR = "store"
RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML, ".n3": ox.RdfFormat.N3,
}


class StoreLoader:
    """Builds ``out_dir/store`` from a build's N-Quads while they are being written.

    Chunks passed to ``add`` are bulk-loaded in batches of several megabytes into a store in a
    temporary directory; ``commit`` swaps it in for the old one, ``discard`` removes it. With
    ``background=True`` the batches load in a thread of their own (pyoxigraph releases the GIL
    while loading), so a parallel build loads its store while its workers extract instead of
    after the last report; at most two batches wait to be loaded, bounding the memory it takes.
    """

    BATCH_BYTES = 8_000_000

    def __init__(self, out_dir: str | Path, background: bool = False):
        self.target = Path(out_dir) / STORE_DIR
        self.temp = Path(tempfile.mkdtemp(prefix=".store-", dir=out_dir))
        self.store = ox.Store(str(self.temp))
        self.batch: list[bytes] = []
        self.batch_bytes = 0
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-loader") if background else None
        self.pending: list[Future] = []

    def add(self, nquads: bytes) -> None:
        """Queue N-Quads (whole lines) for loading."""
        self.batch.append(nquads)
        self.batch_bytes += len(nquads)
        if self.batch_bytes >= self.BATCH_BYTES:
            self._load_batch()

    def commit(self) -> Path:
        """Load what is left, wait for all of it, and put the store in place; returns its path."""
        try:
            self._load_batch()
            self._wait(0)
            self.store.flush()
            self.store.optimize()
        except BaseException:
            self.discard()
            raise
        self._close()
        old = None
        if self.target.exists():
            old = self.target.with_name(f".{STORE_DIR}-old-{os.getpid()}")
            os.replace(self.target, old)
        os.replace(self.temp, self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return self.target

    def discard(self) -> None:
        """Stop loading and remove the half-built store; the old one stays."""
        for future in self.pending:
            future.cancel()
        try:
            self._wait(0)
        except Exception:   # the build is failing already; its own error is the one to report
            pass
        self._close()
        shutil.rmtree(self.temp, ignore_errors=True)

    def _load_batch(self) -> None:
        if not self.batch:
            return
        data = b"".join(self.batch)
        self.batch, self.batch_bytes = [], 0
        if self.executor is None:
            self._bulk_load(data)
            return
        self._wait(1)
        self.pending.append(self.executor.submit(self._bulk_load, data))

    def _bulk_load(self, data: bytes) -> None:
        # The N-Quads are the build's own, written by pyoxigraph's serialiser: validating every
        # IRI again would cost a tenth of the load.
        self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)

    def _wait(self, at_most: int) -> None:
        """Wait until at most ``at_most`` batches are still loading; raises a batch's error."""
        while len(self.pending) > at_most:
            self.pending.pop(0).result()

    def _close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
        self.pending = []
        self.store = None


class BuildStore:
    """A build's store: a pyoxigraph ``Store`` whose queries read the union of its graphs.

    Everything but ``query`` is the wrapped store's own (``quads_for_pattern``, ``named_graphs``,
    ``dump``...).
    """

    def __init__(self, store: ox.Store):
        self.store = store

    def query(self, query: str, **options):
        options.setdefault("use_default_graph_as_union", True)
        return self.store.query(query, **options)

    def __getattr__(self, name: str):
        return getattr(self.store, name)


def open_store(out_dir: str | Path = "exports") -> BuildStore:
    """The build's store, read-only; its queries read the union of the build's graphs."""
    path = Path(out_dir) / STORE_DIR
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: no build output here (run `kg build` first)")
    return BuildStore(ox.Store.read_only(str(path)))


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
            store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                              for q in store.quads_for_pattern(None, None, None, None) if q.graph_name != ox.DefaultGraph())
    except SyntaxError as exc:
        raise ValueError(f"{path}: not valid {rdf_format.name} ({str(exc).splitlines()[0]})") from None
    return store


def report_graphs(store: ox.Store) -> list[tuple[str, str]]:
    """(graph IRI, source file) of every report graph in the store."""
    query = """SELECT ?g ?file WHERE { GRAPH ?g { ?g a <https://w3id.org/govkg/ontology#Report> ;
               <https://w3id.org/govkg/ontology#sourceFile> ?file } } ORDER BY ?file"""
    return [(row["g"].value, row["file"].value) for row in store.query(query)]
