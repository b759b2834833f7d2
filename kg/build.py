"""``build``: reports in, RDF out. The Python API behind ``kg build``.

Each report goes read → normalise → spaCy pipeline → RDF in a worker process and
comes back as serialised N-Quads and Turtle text, so the parent's memory does not
grow with the number of reports. Every output (graph.nq, graph.ttl, the store, the
network view and ``build.json``, which the next build's summary reads) is written into
a new generation folder that becomes current in one step when all of it is written
(see ``kg.generations``): an interrupted build leaves the previous one whole.
"""
from __future__ import annotations

import ctypes
import gc
import hashlib
import json
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.assess import DEFAULT_TOLERANCE, StatedFact, assess
from kg.conflicts import Conflict, conflicts
from kg.generations import (
    build_lock,
    current_generation,
    discard,
    kill_point,
    new_generation,
    remove_unused,
    switch_to,
)
from kg.model import ReportExtraction
from kg.normalise import NormalisedText, normalise
from kg.ontology import ontology_path
from kg.rdf import IriMinter, assessment_triples, report_graph
from kg.reading import UnreadableReport, find_report_files, printable_path, read_report, report_names
from kg.report_cache import ReportCache, file_digest, view_version
from kg.store import GraphIndex, last_store, write_build_store
from kg.vocab import DEFAULT_DATA_BASE, PREFIXES, serialized

ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/govkg/ontology")
MANIFEST = "build.json"


@dataclass
class ReportSummary:
    """What one report contributed, for the build summary."""

    source: str
    place: str | None
    plan_year: int | None
    targets: int
    outcomes: int
    triples: int
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PreviousBuild:
    """What an output directory held before a build replaced it (from its ``build.json``)."""

    reports: int | None          # None: outputs of a build older than the manifest
    inputs: list[str]


@dataclass
class BuildResult:
    reports: list[ReportSummary]
    skipped: list[tuple[str, str]]
    triples: int                 # every triple in graph.nq and the store, the ontology's included
    seconds: float               # the whole build, view included
    outputs: dict[str, Path]
    assessments: int = 0
    met: int = 0
    ontology_triples: int = 0
    # wall seconds per phase: "extract" (read, normalise, extract and RDF), "assess", "store", "view"
    phases: dict[str, float] = field(default_factory=dict)
    previous: PreviousBuild | None = None
    view: Any = None             # kg.viz.VizResult, or None when not drawn
    warnings: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)   # files that claim one report, and where they differ
    reused: int = 0              # reports (built or skipped) taken from OUT/cache instead of extracted again
    graph_digests: dict[str, str] = field(default_factory=dict)   # graph IRI -> SHA-256 of its N-Quads
    store_update: str = "full"   # "full": loaded from graph.nq; "incremental": the last store, changed graphs replaced

    @property
    def facts(self) -> int:
        return sum(r.targets + r.outcomes for r in self.reports)


@dataclass
class _Processed:
    summary: ReportSummary
    graph: ox.NamedNode
    own: bytes          # N-Triples about the report's own nodes (itself, its sentences and statements)
    repeatable: bytes   # N-Triples another report may state too (a fact met in two files of one report)
    turtle: bytes
    shared: bytes
    stated: list[StatedFact]


# --- per-process worker -------------------------------------------------------------------

_nlp = None


def _pipeline():
    global _nlp
    if _nlp is None:
        from kg.pipeline import make_pipeline
        _nlp = make_pipeline()
        # The pipeline's data (gazetteer, catalogue, dictionaries: some 290,000 objects, most of
        # them pypinyin's phrase lists) lives as long as the process. Frozen, it is no longer
        # walked by every full collection and again at interpreter exit (half a second on the
        # corpus), and forked workers do not copy its pages by touching their GC headers.
        gc.freeze()
    return _nlp


def extract_report(path: str | Path, name: str | None = None) -> tuple[ReportExtraction, NormalisedText]:
    """Read one file and run the pipeline; returns the extraction and its normalised text.
    ``name`` is what the file goes by in the graph (default: its file name; see ``report_names``)."""
    raw = read_report(path)
    normalised = normalise(raw.text)
    doc = _pipeline()(normalised.text)
    extraction = ReportExtraction(
        source_file=name or raw.name, sha256=raw.sha256, encoding=raw.encoding, text=normalised.text,
        metadata=doc._.metadata, sentences=doc._.report_sentences, facts=doc._.facts, terms=doc._.terms or [],
        entities=doc._.entities or [],
        # what was repaired or left out on the way (bytes replaced, a lone surrogate, a figure too large)
        warnings=[*raw.warnings, *normalised.warnings, *(doc._.warnings or [])],
    )
    return extraction, normalised


def _process(args: tuple[str, str, str]) -> _Processed | tuple[str, str]:
    path, base, name = args
    source = printable_path(path)    # a name may hold a newline, escape codes or bytes that are not UTF-8
    try:
        extraction, normalised = extract_report(path, name)
        meta = extraction.metadata
        place = meta.place
        if place is None:
            raise UnreadableReport(Path(path), "could not tell which place the report is about")
        graph = report_graph(extraction, normalised, base)
        turtle = serialized(graph.triples, ox.RdfFormat.TURTLE, PREFIXES)
        shared = serialized(graph.shared, ox.RdfFormat.N_TRIPLES)
        summary = ReportSummary(
            source=source, place=place.name, plan_year=meta.plan_year,
            targets=sum(1 for f in extraction.facts if f.kind.value == "target"),
            outcomes=sum(1 for f in extraction.facts if f.kind.value == "outcome"),
            triples=len(graph.triples), warnings=list(extraction.warnings),
        )
        # the parent keeps these for pairing across reports: without their sentences, they stay small
        stated = [StatedFact(place, replace(fact, sentences=[]), extraction.source_file, meta.plan_year)
                  for fact in extraction.facts]
        own, repeatable = _split_own(serialized(graph.triples, ox.RdfFormat.N_TRIPLES), graph.report)
        return _Processed(summary, graph.graph, own, repeatable, turtle, shared, stated)
    except UnreadableReport as exc:
        return source, exc.reason
    except Exception as exc:  # one bad report must never lose the others
        return source, f"internal error ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"


def _split_own(ntriples: bytes, report: ox.NamedNode) -> tuple[bytes, bytes]:
    """N-Triples about the report's own nodes (the report, and its sentences and statements, whose
    IRIs extend the report's), which no other report can state, and the rest."""
    # Spelled from the newline before the line: a pattern that opens with a literal is found by a
    # fast scan, while ^ in multiline mode is tried at every character.
    own_line = re.compile(rb"\n<" + re.escape(report.value.encode()) + rb"[>/][^\n]*")
    text = b"\n" + ntriples
    own = own_line.findall(text)
    return (b"".join(own)[1:] + b"\n" if own else b""), own_line.sub(b"", text)[1:]


def _not_yet_written(ntriples: bytes, written: set[bytes]) -> bytes:
    """The N-Triples lines whose digest is not in ``written``, which their digests are added to."""
    kept = []
    for line in dict.fromkeys(ntriples.splitlines(keepends=True)):
        digest = _line_digest(line)
        if digest not in written:
            written.add(digest)
            kept.append(line)
    return b"".join(kept)


def _line_digest(line: bytes) -> bytes:
    """16 bytes that stand for an N-Triples line in the set of lines written: a build keeps one per
    triple that another report may state again, and the lines themselves (200 bytes and more each)
    made the parent grow with the build (2.6 GB at 5,000 reports). Two lines sharing a digest would
    take 2^64 lines to be likely."""
    return hashlib.blake2b(line, digest_size=16).digest()


def _in_graph(ntriples: bytes, graph: ox.NamedNode) -> bytes:
    """N-Triples text as N-Quads in ``graph``: a line ends with " .\\n" and nowhere else, since
    N-Triples escapes line breaks inside literals. Much faster than making a Quad per triple."""
    return ntriples.replace(b" .\n", f" <{graph.value}> .\n".encode())


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


def build(paths: Iterable[str | Path], out_dir: str | Path = "exports", jobs: int | None = None,
          base: str = DEFAULT_DATA_BASE, progress: Callable[[int], None] | None = None,
          tolerance: Decimal = DEFAULT_TOLERANCE, view: bool = True, rebuild: bool = False) -> BuildResult:
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

    ``jobs=1`` keeps the whole build to one core, the view's layout included.
    """
    return _build(list(paths), Path(out_dir), jobs, base, progress, tolerance, view, rebuild)


@_rare_collections()
def _build(paths: list[str | Path], out: Path, jobs: int | None, base: str,
           progress: Callable[[int], None] | None, tolerance: Decimal, view: bool, rebuild: bool) -> BuildResult:
    started = time.perf_counter()
    files = find_report_files(paths)
    out.mkdir(parents=True, exist_ok=True)
    with build_lock(out):
        remove_unused(out)          # what builds killed before this one left behind
        previous = previous_build(out)
        last = last_store(out, MANIFEST) if not rebuild else None
        generation = new_generation(out)
        cache = ReportCache(out)
        try:
            result = _build_generation(files, generation.path, jobs, base, progress, tolerance, view, started,
                                       cache, rebuild, last)
            result.previous = previous
            _write_manifest(generation.path, paths, result)
            kill_point("manifest-written")
            switch_to(out, generation)
        except BaseException:       # Ctrl-C and a full disk too: the previous build stays current
            current = current_generation(out)
            if current is None or current.path != generation.path:    # (unless the switch was made)
                discard(generation)
            raise
        remove_unused(out)          # the previous generation, unless a reader still holds it
        cache.keep_only_used()
    result.outputs = {name: out / name for name in result.outputs}
    result.seconds = time.perf_counter() - started
    return result


def _build_generation(files: list[Path], gen: Path, jobs: int | None, base: str,
                      progress: Callable[[int], None] | None, tolerance: Decimal, view: bool,
                      started: float, cache: ReportCache, rebuild: bool,
                      last: tuple[Path, dict[str, str]] | None) -> BuildResult:
    """Write every output of the build into the new generation's folder ``gen``; ``last`` is the
    last build's store with the digests of its graphs, which the new store starts from when
    few of them changed."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files) or 1))
    names = report_names(files)
    tasks = [(str(f), base, names[f]) for f in files]
    keys = [cache.key(f, names[f], base) for f in files]

    targets = {"graph.nq": gen / "graph.nq", "graph.ttl": gen / "graph.ttl"}
    reports: list[ReportSummary] = []
    skipped: list[tuple[str, str]] = []
    shared: dict[bytes, None] = {}
    # Every triple goes to one graph only, so the union of the graphs (what queries read) is a set:
    # a triple two reports state is kept in the first one's graph.
    written: set[bytes] = set()
    stated: list[StatedFact] = []
    triples = 0
    phases: dict[str, float] = {}
    index = GraphIndex()
    with open(targets["graph.nq"], "wb") as nq, open(targets["graph.ttl"], "wb") as ttl:
        ontology_quads = _ontology_quads()
        written.update(map(_line_digest, serialized([q.triple for q in ontology_quads],
                                                    ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)))
        ttl.write(_turtle_prefix_block())
        ttl.write(_strip_prefixes(serialized([q.triple for q in ontology_quads], ox.RdfFormat.TURTLE,
                                               prefixes=PREFIXES)))
        index.write(nq, ONTOLOGY_GRAPH.value, serialized(ontology_quads, ox.RdfFormat.N_QUADS))
        triples += len(ontology_quads)
        for result in _cached_or_run(tasks, keys, cache, jobs, rebuild):
            if isinstance(result, _Processed):
                reports.append(result.summary)
                first_said = _not_yet_written(result.repeatable, written)
                triples += result.own.count(b"\n") + first_said.count(b"\n")
                index.write(nq, result.graph.value, _in_graph(result.own + first_said, result.graph))
                ttl.write(_strip_prefixes(result.turtle))
                shared.update(dict.fromkeys(result.shared.splitlines()))   # new lines go last
                stated.extend(result.stated)
            else:
                skipped.append(result)
            if progress:
                progress(1)
        if not reports:
            raise NoReportsBuilt(skipped)
        shared = {line: None for line in shared if _line_digest(line + b"\n") not in written}
        if shared:
            entities = list(ox.parse(b"\n".join(shared), format=ox.RdfFormat.N_TRIPLES))
            ttl.write(_strip_prefixes(serialized(entities, ox.RdfFormat.TURTLE, PREFIXES)))
            entities_graph = IriMinter(base).entities_graph()
            index.write(nq, entities_graph.value, _in_graph(b"\n".join(shared) + b"\n", entities_graph))
            triples += len(shared)
        phases["extract"] = time.perf_counter() - started
        assessing = time.perf_counter()
        assessments = assess(stated, tolerance)
        judged = assessment_triples(assessments, base)
        graph = IriMinter(base).assessments_graph()
        index.write(nq, graph.value, serialized([ox.Quad(t.subject, t.predicate, t.object, graph) for t in judged],
                                                  ox.RdfFormat.N_QUADS))
        ttl.write(_strip_prefixes(serialized(judged, ox.RdfFormat.TURTLE, PREFIXES)))
        triples += len(judged)
        phases["assess"] = time.perf_counter() - assessing
    disagreements = conflicts(stated)
    assessed, met = len(assessments), sum(1 for a in assessments if a.met)
    # what grows with the build is not needed by the store and the view, which come next and use
    # most memory: let it go first (at 1,000 reports, some 150 MB of the parent's peak)
    del written, shared, stated, assessments, judged
    _return_freed_memory()
    kill_point("graph-written")
    loading = time.perf_counter()
    store_update = write_build_store(targets["graph.nq"], gen, jobs, index, last)
    phases["store"] = time.perf_counter() - loading
    result = BuildResult(reports, skipped, triples, 0.0, {**targets, "store": gen / "store"},
                         assessments=assessed, met=met, ontology_triples=len(ontology_quads),
                         phases=phases, conflicts=disagreements, reused=cache.hits,
                         graph_digests=index.digests(), store_update=store_update)
    if view:
        drawing = time.perf_counter()
        if not _reuse_view(gen, result, last):
            _draw_view(gen, result)
        phases["view"] = time.perf_counter() - drawing
        kill_point("view-written")
    return result


def _reuse_view(gen: Path, result: BuildResult, last: tuple[Path, dict[str, str]] | None) -> bool:
    """Link the last build's graph.html into ``gen`` when every graph is as it was and the view's
    code is the same: the page would come out the same bytes (a build with nothing changed)."""
    if last is None or last[1] != result.graph_digests:
        return False
    previous = last[0].parent
    try:
        manifest = json.loads((previous / MANIFEST).read_text(encoding="utf-8"))
        # the page is the build's own (kg viz may have drawn a filtered one since) and its code the same
        if (manifest.get("view_version") != view_version()
                or manifest.get("view_sha256") != file_digest(previous / "graph.html")):
            return False
        os.link(previous / "graph.html", gen / "graph.html")
    except (OSError, ValueError):
        return False
    result.outputs["graph.html"] = gen / "graph.html"
    return True


def _return_freed_memory() -> None:
    """Give the memory freed so far back to the system (glibc keeps freed blocks for reuse, and the
    store load and the view then count on top of them): at 1,000 reports, some 100 MB off the peak."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass        # not glibc: its allocator keeps its own counsel


def _draw_view(gen: Path, result: BuildResult) -> None:
    """Draw the generation's graph.html; a view that fails leaves a warning and no page of an older build.

    The view's layout is plain Python (kg/layout.py): it starts no numerical library's threads,
    so a one-job build keeps to one core with nothing to limit.
    """
    from kg.viz import write_viz  # the view reads the finished store: it comes last

    try:
        result.view = write_viz(gen)
        result.outputs["graph.html"] = result.view.path
    except Exception as exc:  # the graph is built: a failing view must not hide that
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        # the new generation has no graph.html, so OUT/graph.html (a link into it) goes too
        result.warnings.append(f"network view not written ({reason}); the build has no graph.html")


def previous_build(out_dir: str | Path) -> PreviousBuild | None:
    """What the last build into ``out_dir`` was, or None when there is none.

    >>> import tempfile
    >>> previous_build(tempfile.mkdtemp()) is None
    True
    """
    out = Path(out_dir)
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return PreviousBuild(int(manifest["reports"]), [str(i) for i in manifest.get("inputs", [])])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return PreviousBuild(None, []) if (out / "graph.nq").exists() else None


def _write_manifest(out: Path, paths: list[str | Path], result: BuildResult) -> None:
    manifest = {"reports": len(result.reports), "skipped": len(result.skipped), "triples": result.triples,
                "inputs": [printable_path(p) for p in paths], "outputs": sorted(result.outputs),
                "store": result.store_update, "view_version": view_version(),
                "view_sha256": file_digest(out / "graph.html"), "graph_sha256": result.graph_digests}
    temp = out / f".{MANIFEST}.tmp-{os.getpid()}"
    temp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(temp, out / MANIFEST)


class NoReportsBuilt(Exception):
    """Not one report could be built."""

    def __init__(self, skipped: list[tuple[str, str]]):
        counted = f" ({len(skipped)} skipped)" if skipped else " (no input files)"
        super().__init__("no report could be built" + counted)
        self.skipped = skipped


def _cached_or_run(tasks: list[tuple[str, str, str]], keys: list[str | None], cache: ReportCache, jobs: int,
                   rebuild: bool):
    """Each task's result in order: from the cache where it has one, else extracted (and cached).

    Which tasks need extracting is decided up front from the entries present, so that the
    worker pool gets them all at once; entries are loaded one at a time, as they are written out.
    """
    present = [not rebuild and cache.has(key) for key in keys]
    missing = [task for task, found in zip(tasks, present) if not found]
    computed = _run(missing, max(1, min(jobs, len(missing))))
    for task, key, found in zip(tasks, keys, present):
        result = cache.get(key) if found else None
        if result is None:
            result = next(computed) if not found else _process(task)   # (a damaged entry: extract again)
            if isinstance(result, _Processed) or not result[1].startswith("internal error"):
                cache.put(key, result)      # (an internal error may not happen again: it is not kept)
        elif isinstance(result, _Processed):
            result.summary.source = printable_path(task[0])    # the path as given this time
        else:
            result = (printable_path(task[0]), result[1])
        yield result


def _run(tasks: list[tuple[str, str, str]], jobs: int):
    if jobs == 1:
        yield from map(_process, tasks)
        return
    forking = "fork" in multiprocessing.get_all_start_methods()
    if forking:
        _pipeline()  # load spaCy, places and indicators once; forked workers share them
    context = multiprocessing.get_context("fork" if forking else "spawn")
    with context.Pool(jobs) as pool:
        yield from pool.imap(_process, tasks, chunksize=1)


def _ontology_quads() -> list[ox.Quad]:
    """The ontology's triples in their own graph; blank nodes get stable names so builds stay identical."""
    quads = []
    stable: dict[ox.BlankNode, ox.BlankNode] = {}

    def name(term):
        if isinstance(term, ox.BlankNode):
            return stable.setdefault(term, ox.BlankNode(f"ontology{len(stable)}"))
        return term

    for file_name in ("govkg.ttl", "indicators.ttl"):
        for triple in ox.parse(path=str(ontology_path(file_name)), format=ox.RdfFormat.TURTLE):
            quads.append(ox.Quad(name(triple.subject), triple.predicate, name(triple.object), ONTOLOGY_GRAPH))
    return list(dict.fromkeys(quads))   # both files declare the indicator scheme


def _turtle_prefix_block() -> bytes:
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()).encode() + b"\n"


def _strip_prefixes(turtle: bytes) -> bytes:
    """Turtle without its @prefix lines, which the serialiser writes first."""
    start = 0
    while turtle.startswith(b"@prefix ", start):
        start = turtle.index(b"\n", start) + 1
    text = turtle[start:].strip(b"\n")
    return text + b"\n\n" if text else b""
