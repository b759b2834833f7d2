"""``build``: reports in, RDF out. The Python API behind ``kg build``.

Each report goes read → normalise → spaCy pipeline → RDF in a worker process and
comes back as serialised N-Quads and Turtle text, so the parent's memory does not
grow with the number of reports. Every output (graph.nq, graph.ttl, the store, the
network view and ``build.json``, which the next build's summary reads) is written into
a new generation folder that becomes current in one step when all of it is written
(see ``kg.store.generations``): an interrupted build leaves the previous one whole.
"""

from __future__ import annotations

import gc
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.build_graphs import ReportGraphs
from kg.build_manifest import MANIFEST, ManifestTables, PreviousBuild, previous_build, write_manifest, write_tables
from kg.errors import printable_path
from kg.freed_memory import return_freed_memory
from kg.graph.assess import DEFAULT_TOLERANCE
from kg.graph.conflicts import Conflict
from kg.graph.ntriples import (
    ONTOLOGY_GRAPH,
    ontology_quads,
    strip_prefixes,
    turtle_prefix_block,
)
from kg.graph.paired import PlacePaired, pair_place, paired_key
from kg.graph.rdf import IriMinter
from kg.graph.scratch import Scratch, StatedByPlace
from kg.ingest.reading import find_report_files, report_names
from kg.report_cache import ReportCache, extractor_version, file_digest, view_version
from kg.report_jobs import Processed, ReportSummary, cached_or_run
from kg.report_summaries import SpilledSummaries
from kg.store.embedded import GraphIndex, LastStore, last_store, write_build_store
from kg.store.generations import (
    InterruptedAfterSwitch,
    build_lock,
    current_generation,
    discard,
    kill_point,
    new_generation,
    remove_unused,
    switch_to,
)
from kg.views.view_cache import VIEW_CACHE, LastBuild, ViewCache
from kg.vocab import DEFAULT_DATA_BASE, PREFIXES, serialized


@dataclass
class BuildResult:
    reports: Sequence[ReportSummary]  # in a file (kg.report_summaries), read back in order
    skipped: list[tuple[str, str]]
    triples: int  # every triple in graph.nq and the store, the ontology's included
    seconds: float  # the whole build, view included
    outputs: dict[str, Path]
    assessments: int = 0
    met: int = 0
    ontology_triples: int = 0
    # wall seconds per phase: "extract" (read, normalise, extract and RDF), "assess", "store", "view"
    phases: dict[str, float] = field(default_factory=dict)
    previous: PreviousBuild | None = None
    view: Any = None  # kg.views.viz.VizResult, or None when not drawn
    warnings: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)  # files that claim one report, and where they differ
    reused: int = 0  # reports (built or skipped) taken from OUT/cache instead of extracted again
    graph_digests: dict[str, str] = field(default_factory=dict)  # graph IRI -> SHA-256 of its N-Quads
    graphs_copied: int = 0  # report graphs copied from the last build's graph.nq (kg.build_graphs)
    entity_chunks_copied: int = 0  # chunks of the entities graph's Turtle copied from the last build's graph.ttl
    store_update: str = "full"  # "full": loaded from graph.nq; "incremental": the last store, changed graphs replaced
    store_churn: int = 0  # bytes changed in the store since it was last written whole or compacted
    store_compacted: bool = False  # whether this build compacted the store it updated
    # the facts the view read again from the store, the others' rows kept from the last build
    # (kg.views.view_cache); None: it read every fact, or drew no page
    view_facts_reread: int | None = None

    @property
    def facts(self) -> int:
        return sum(r.targets + r.outcomes for r in self.reports)


# --- orchestration ------------------------------------------------------------------------


@contextmanager
def _rare_collections():
    """Collect cyclic garbage every 100,000 allocations instead of every 700 while building.

    A build allocates millions of short-lived objects (matches, spans, triples) that reference
    counting frees, and almost no cycles: on the corpus the collector found some 3,000 objects
    in over 1,200 runs, which cost a third of a second. The old thresholds come back afterwards.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def build(
    paths: Iterable[str | Path],
    out_dir: str | Path = "exports",
    jobs: int | None = None,
    base: str = DEFAULT_DATA_BASE,
    progress: Callable[[int], None] | None = None,
    tolerance: Decimal = DEFAULT_TOLERANCE,
    view: bool = True,
    rebuild: bool = False,
    scheduler: str | None = None,
) -> BuildResult:
    """Build RDF for every report under ``paths`` into ``out_dir``.

    Writes ``graph.nq`` (one named graph per report; the entities graph with the places,
    people and minted indicators they share; the ontology's graph; and the assessments
    graph that pairs targets with outcomes across reports), ``graph.ttl`` (the union),
    the embedded store ``store/`` that ``kg query`` and ``kg export`` read, the network view
    ``graph.html`` (unless ``view`` is false) and ``build.json``, what was built.
    Unusable files are listed in ``BuildResult.skipped``. Raises ``FileNotFoundError`` for a
    path that does not exist, ``NoReportsBuilt`` when no report could be built and
    ``OutputBusy`` when another build is writing into ``out_dir``; whatever fails, the
    previous build's outputs stay current and whole.

    What each report gave is kept in ``out_dir/cache`` (see ``kg.report_cache``): a report whose
    file, name and extractor did not change since the last build is not extracted again, and
    the outputs are the same bytes as a build from scratch. ``rebuild`` extracts every report.

    ``jobs=1`` keeps the whole build to one core, the view's layout included. ``scheduler``
    (``tcp://HOST:8786``) sends the extraction of reports to that Dask cluster's workers instead of
    local processes (see ``kg.cluster``); the outputs are the same.
    """
    options = BuildOptions(jobs, base, progress, tolerance, view, rebuild, scheduler)
    return _build(list(paths), Path(out_dir), options)


@dataclass(frozen=True)
class BuildOptions:
    """How to build, as ``build()`` was asked."""

    jobs: int | None = None
    base: str = DEFAULT_DATA_BASE
    progress: Callable[[int], None] | None = None
    tolerance: Decimal = DEFAULT_TOLERANCE
    view: bool = True
    rebuild: bool = False
    scheduler: str | None = None


@_rare_collections()
def _build(paths: list[str | Path], out: Path, options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    files = find_report_files(paths)
    out.mkdir(parents=True, exist_ok=True)
    with build_lock(out):
        remove_unused(out)  # what builds killed before this one left behind
        previous = previous_build(out)
        last = last_store(out, MANIFEST) if not options.rebuild else None
        generation = new_generation(out)
        cache = ReportCache(out)
        try:
            result, tables = _build_generation(files, generation.path, options, started, cache, last)
            result.previous = previous
            _write_manifest(generation.path, paths, result, tables)
            kill_point("manifest-written")
            switch_to(out, generation)
        except BaseException as exc:  # Ctrl-C and a full disk too: the previous build stays current
            current = current_generation(out)
            if current is None or current.path != generation.path:  # (unless the switch was made)
                discard(generation)
                raise
            if isinstance(exc, KeyboardInterrupt):  # (it was: the new build is current; say so, whole)
                switch_to(out, generation)  # the links the interrupted switch had not made yet
                raise InterruptedAfterSwitch from None
            raise
        remove_unused(out)  # the previous generation, unless a reader still holds it
        cache.keep_only_used()
    result.outputs = {name: out / name for name in result.outputs}
    result.seconds = time.perf_counter() - started
    return result


def _build_generation(
    files: list[Path],
    gen: Path,
    options: BuildOptions,
    started: float,
    cache: ReportCache,
    last: LastStore | None,
) -> tuple[BuildResult, Path]:
    """Write every output of the build into the new generation's folder ``gen``; ``last`` is the
    last build's store with the digests of its graphs, which the new store starts from when
    few of them changed. Returns what was built and the file of the manifest's tables in ``gen``."""
    jobs = max(1, min(options.jobs or os.cpu_count() or 1, len(files) or 1))
    base, progress = options.base, options.progress
    names = report_names(files)
    tasks = [(str(f), base, names[f]) for f in files]
    keys = [cache.key(f, names[f], base) for f in files]

    targets = {"graph.nq": gen / "graph.nq", "graph.ttl": gen / "graph.ttl"}
    reports = SpilledSummaries(gen)
    skipped: list[tuple[str, str]] = []
    triples = 0
    phases: dict[str, float] = {}
    index = GraphIndex()
    ontology = ontology_quads()
    with (
        open(targets["graph.nq"], "wb") as nq,
        open(targets["graph.ttl"], "wb") as ttl,
        Scratch(gen) as scratch,
        # Every triple goes to one graph only, so the union of the graphs (what queries read) is a set:
        # a triple two reports state is kept in the first one's graph (see kg.graph.line_claims).
        ReportGraphs(gen, serialized([q.triple for q in ontology], ox.RdfFormat.N_TRIPLES), last, cache) as graphs,
    ):
        stated = StatedByPlace(scratch)
        ttl.write(turtle_prefix_block())
        ttl.write(strip_prefixes(serialized([q.triple for q in ontology], ox.RdfFormat.TURTLE, prefixes=PREFIXES)))
        index.write(nq, ONTOLOGY_GRAPH.value, serialized(ontology, ox.RdfFormat.N_QUADS))
        triples += len(ontology)
        # first every report's Turtle and stated facts, and its lines held until the claims are known
        results = cached_or_run(tasks, keys, cache, jobs, options.rebuild, options.scheduler, graphs.copyable)
        # (strict: the results are taken to their end, where the notations they minted are kept)
        for key, result in zip(keys, results, strict=True):
            if isinstance(result, Processed):
                result = graphs.write_turtle(result, key, ttl)
                reports.append(result.summary)
                stated.add_packed(result.stated)
                graphs.add(result, key)
            else:
                skipped.append(result)
            if progress:
                progress(1)
        if not reports:
            raise NoReportsBuilt(skipped)
        triples += graphs.write(nq, ttl, index, base)
        phases["extract"] = time.perf_counter() - started
        assessing = time.perf_counter()
        paired = _write_assessments(stated, options, nq, ttl, index, cache)
        triples += paired.triples
        phases["assess"] = time.perf_counter() - assessing
    # what the extraction left is not needed by the store and the view, which come next and use
    # most memory: let it go first (with the tasks and keys of every report, and the index and held
    # reports below, the build's process at the view's start fell from 252 to 207 MB at 20,000 reports)
    del stated, tasks, keys, names, results
    return_freed_memory()
    kill_point("graph-written")
    loading = time.perf_counter()
    store = write_build_store(targets["graph.nq"], gen, index, last)
    phases["store"] = time.perf_counter() - loading
    result = BuildResult(
        reports,
        skipped,
        triples,
        0.0,
        {**targets, "store": gen / "store"},
        assessments=paired.assessed,
        met=paired.met,
        ontology_triples=len(ontology),
        phases=phases,
        conflicts=paired.conflicts,
        reused=cache.hits,
        graph_digests=index.digests(),
        graphs_copied=graphs.copied,
        entity_chunks_copied=graphs.turtle.copied,
        store_update=store.kind,
        store_churn=store.churn,
        store_compacted=store.compacted,
    )
    # nor is the index of graph.nq or the held reports' list by the view, on top of which it counts;
    # what the next build reads of them is written now, not held through the view (1.3 KB of Python
    # objects a report: with them, the 50,000-report build peaked in its view at 658 MB, without 604)
    tables = write_tables(
        gen,
        ManifestTables(index.segments, index.identities(), graphs.recipes, graphs.turtle.chunks, graphs.report_turtle),
    )
    del index, graphs, ontology
    if options.view:
        drawing = time.perf_counter()
        if not _reuse_view(gen, result, last):
            last_build = LastBuild(last.path, last.digests) if last is not None else None
            view_cache = ViewCache(cache.folder.parent / VIEW_CACHE, result.graph_digests, last_build, view_version())
            _draw_view(gen, result, view_cache)
            result.view_facts_reread = view_cache.reread
        phases["view"] = time.perf_counter() - drawing
        kill_point("view-written")
    return result, tables


@dataclass
class _Paired:
    """What pairing targets with outcomes gave: counts, and the files that claim one report."""

    triples: int = 0
    assessed: int = 0
    met: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


def _write_assessments(
    stated: StatedByPlace, options: BuildOptions, nq, ttl, index: GraphIndex, cache: ReportCache
) -> _Paired:
    """Pair targets with outcomes and find the files that claim one report, one place at a time (a
    target meets only outcomes of its own place), and write the assessments graph as it goes; a
    place whose facts are as the last build had them is taken from the cache (``kg.graph.paired``)."""
    graph = IriMinter(options.base).assessments_graph()
    paired = _Paired()
    version = extractor_version()
    for place, digest in stated.places():
        key = paired_key(digest, options.tolerance, options.base, version)
        kept = cache.get(key, counted=False) if not options.rebuild else None
        if not isinstance(kept, PlacePaired):
            kept = pair_place(stated.facts_of(place), options.tolerance, options.base)
            cache.put(key, kept)
        paired.conflicts += kept.conflicts
        paired.assessed += kept.assessed
        paired.met += kept.met
        paired.triples += kept.triples
        if kept.triples:
            index.write(nq, graph.value, kept.nquads)
            ttl.write(kept.turtle)
    if paired.triples:
        ttl.write(b"\n")
    else:
        index.write(nq, graph.value, b"")  # the graph is in the build's digests, empty as it may be
    return paired


def _reuse_view(gen: Path, result: BuildResult, last: LastStore | None) -> bool:
    """Link the last build's graph.html into ``gen`` when every graph is as it was and the view's
    code is the same: the page would come out the same bytes (a build with nothing changed)."""
    if last is None or last.digests != result.graph_digests:
        return False
    previous = last.path.parent
    try:
        manifest = json.loads((previous / MANIFEST).read_text(encoding="utf-8"))
        # the page is the build's own (kg viz may have drawn a filtered one since) and its code the same
        if manifest.get("view_version") != view_version() or manifest.get("view_sha256") != file_digest(
            previous / "graph.html"
        ):
            return False
        os.link(previous / "graph.html", gen / "graph.html")
    except (OSError, ValueError):
        return False
    result.outputs["graph.html"] = gen / "graph.html"
    return True


def _draw_view(gen: Path, result: BuildResult, view_cache: ViewCache) -> None:
    """Draw the generation's graph.html; a view that fails leaves a warning and no page of an older build.
    What it reads of the store is kept in ``view_cache`` for the next build.

    The view's layout is plain Python (kg/views/layout.py): it starts no numerical library's threads,
    so a one-job build keeps to one core with nothing to limit.
    """
    from kg.views.viz import write_viz  # the view reads the finished store: it comes last

    # what loading the store freed (RocksDB's buffers, closed with it) goes back to the system
    # before the view counts on top of it; the store's load made no Python garbage to collect
    return_freed_memory(collect=False)
    try:
        result.view = write_viz(gen, view_cache=view_cache)
        result.outputs["graph.html"] = result.view.path
        # and what the view freed (its projection, the page) before the manifest is encoded
        return_freed_memory(collect=False)
    except Exception as exc:  # the graph is built: a failing view must not hide that
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        # the new generation has no graph.html, so OUT/graph.html (a link into it) goes too
        result.warnings.append(f"network view not written ({reason}); the build has no graph.html")


def _write_manifest(gen: Path, paths: list[str | Path], result: BuildResult, tables: Path) -> None:
    """Write ``gen/build.json`` of the fields below and the tables already in ``tables``
    (see ``kg.build_manifest``)."""
    head = {
        "reports": len(result.reports),
        "skipped": len(result.skipped),
        "triples": result.triples,
        "inputs": [printable_path(p) for p in paths],
        "outputs": sorted(result.outputs),
        "store": result.store_update,
        # what the store took in and gave up since it was last written whole: the next build
        # compacts it past a share of graph.nq (kg.store.embedded.COMPACT_AFTER_SHARE)
        "store_churn": result.store_churn,
        "view_version": view_version(),
        "view_sha256": file_digest(gen / "graph.html"),
        "graph_sha256": result.graph_digests,
    }
    write_manifest(gen, head, tables)


class NoReportsBuilt(Exception):
    """Not one report could be built."""

    def __init__(self, skipped: list[tuple[str, str]]):
        counted = f" ({len(skipped)} skipped)" if skipped else " (no input files)"
        super().__init__("no report could be built" + counted)
        self.skipped = skipped
