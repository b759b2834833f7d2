"""One report's work, in a worker process: read → normalise → spaCy pipeline → RDF, returned as
serialised N-Triples and Turtle (small to send back, and the parent's memory does not grow with
the number of reports); reports whose file did not change come from the cache instead."""

from __future__ import annotations

import functools
import gc
import hashlib
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from kg.errors import printable_path
from kg.extract.notations import minting, notations_of, remember_notations
from kg.graph.assess import StatedFact
from kg.graph.line_claims import line_digests
from kg.graph.rdf import report_graph
from kg.graph.scratch import PackedFacts, packed_by_place
from kg.ingest.normalise import NormalisedText, normalise
from kg.ingest.reading import UnreadableReport, read_report
from kg.local_pool import run_in_pool
from kg.model import ReportExtraction
from kg.report_cache import DamagedEntry, ReportCache, extractor_version
from kg.vocab import PREFIXES, serialized


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
    figures: int = 0  # figures (percentages, amounts of money) of review and plan sentences
    unattached: int = 0  # of them, those left with no fact and no reason (kg.extract.figure_fates)


@dataclass
class Processed:
    summary: ReportSummary
    graph: ox.NamedNode
    own: bytes  # N-Triples about the report's own nodes (itself, its sentences and statements)
    repeatable: bytes  # N-Triples another report may state too (a fact met in two files of one report)
    turtle: bytes
    shared: bytes
    stated: PackedFacts  # its facts for pairing across reports, by place (kg.graph.scratch)
    # the digests of the repeatable and the shared lines, one a line (kg.graph.line_claims)
    repeatable_digests: bytes = b""
    shared_digests: bytes = b""
    whole: bool = True  # False: read from the cache without own, repeatable and turtle (cached_or_run)
    minted: tuple[tuple[str, str], ...] = ()  # indicators' labels minted, with notations (kg.extract.notations)


_nlp = None


def pipeline(preload: bool = False):
    """The extraction pipeline of this process, loaded the first time. ``preload`` loads now what a
    report otherwise loads when it needs it (pypinyin, cn2an): in a process workers are forked
    from, they then share one copy (frozen with the rest, below)."""
    global _nlp
    if preload:  # (their tables are read on import; see kg.extract.notations, kg.extract.units)
        import cn2an  # noqa: F401
        import pypinyin  # noqa: F401
    if _nlp is None:
        from kg.extract.pipeline import make_pipeline

        # a build reads doc._.extraction only, never the tokens, doc.spans or doc.ents (for displaCy):
        # a Doc without tokens saves making one per character (2.7 million on the corpus, 0.6 s)
        _nlp = make_pipeline(settings={"tokenizer": {"tokens": False}, "govkg_entities": {"set_ents": False}})
        # The township table (42,000 rows, 24 MB) is read when a report first needs it, which in a
        # build is its first report: read here, before the workers are forked, they share one copy.
        from kg.townships import townships

        _ = townships().by_name  # (and its index by name, made the first time it is asked for)
        # The pipeline's data (gazetteer, catalogue, dictionaries: some 290,000 objects with
        # pypinyin's phrase lists, when loaded) lives as long as the process. Frozen, it is no longer
        # walked by every full collection and again at interpreter exit (half a second on the
        # corpus), and forked workers do not copy its pages by touching their GC headers.
        gc.freeze()
    return _nlp


def extract_report(
    path: str | Path, name: str | None = None, data: bytes | None = None
) -> tuple[ReportExtraction, NormalisedText]:
    """Read one file and run the pipeline; returns the extraction and its normalised text.
    ``name`` is what the file goes by in the graph (default: its file name; see ``report_names``);
    ``data`` its bytes, when they were read on another machine."""
    raw = read_report(path, data)
    normalised = normalise(raw.text)
    nlp = pipeline()
    doc = nlp.make_doc(normalised.text)
    doc._.source_file, doc._.sha256, doc._.encoding = name or raw.name, raw.sha256, raw.encoding
    doc._.page_date = normalised.page_date
    # what was repaired on the way (bytes replaced, a lone surrogate); the pipeline adds what it left out
    doc._.warnings = [*raw.warnings, *normalised.warnings]
    return nlp(doc)._.extraction, normalised


def process(args: tuple[str, str, str], data: bytes | None = None) -> Processed | tuple[str, str]:
    """One report's task (path, base IRI, name in the graph) done: what it gives, or (source, why not).
    ``data`` is the file's bytes when they were read elsewhere (a cluster's worker has no file)."""
    path, base, name = args
    source = printable_path(path)  # a name may hold a newline, escape codes or bytes that are not UTF-8
    try:
        with minting() as minted:
            extraction, normalised = extract_report(path, name, data)
        meta = extraction.metadata
        place = meta.place
        if place is None:
            raise UnreadableReport(Path(path), "could not tell which place the report is about")
        graph = report_graph(extraction, normalised, base)
        turtle = serialized(graph.triples, ox.RdfFormat.TURTLE, PREFIXES)
        shared = serialized(graph.shared, ox.RdfFormat.N_TRIPLES)
        summary = ReportSummary(
            source=source,
            place=place.name,
            plan_year=meta.plan_year,
            targets=sum(1 for f in extraction.facts if f.kind.value == "target"),
            outcomes=sum(1 for f in extraction.facts if f.kind.value == "outcome"),
            triples=len(graph.triples),
            warnings=list(extraction.warnings),
            figures=len(extraction.figure_fates),
            unattached=sum(1 for fate in extraction.figure_fates if fate.unattached),
        )
        # the parent keeps these for pairing across reports: without their sentences, they stay small
        stated = packed_by_place(
            StatedFact(place, replace(fact, sentences=[]), extraction.source_file, meta.plan_year)
            for fact in extraction.facts
        )
        own, repeatable = _split_own(serialized(graph.triples, ox.RdfFormat.N_TRIPLES), graph.report)
        repeated = list(dict.fromkeys(repeatable.splitlines(keepends=True)))
        return Processed(
            summary,
            graph.graph,
            own,
            b"".join(repeated),
            turtle,
            shared,
            stated,
            # digested here, in the worker, once for every build that reuses the result
            line_digests(repeated, unique=f"<{graph.graph.value}".encode()),
            line_digests(shared.splitlines(keepends=True)),
            minted=notations_of(minted),
        )
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


def cached_or_run(
    tasks: list[tuple[str, str, str]],
    keys: list[str | None],
    cache: ReportCache,
    jobs: int,
    rebuild: bool,
    scheduler: str | None = None,
    without_lines: Collection[str] = (),
):
    """Each task's result in order: from the cache where it has one, else extracted (and cached).

    Which tasks need extracting is decided up front from the entries present, so that the
    worker pool gets them all at once; entries are loaded one at a time, as they are written out.
    A cached result whose key is in ``without_lines`` comes without its own and repeatable lines and
    Turtle (``Processed.whole`` false): the caller copies them from the last build's files, and
    reads them with ``cached_lines`` if it cannot. The notations the reports minted are kept once
    the last result is taken (``kg.extract.notations``).
    """
    present = [not rebuild and cache.has(key) for key in keys]
    missing = [task for task, found in zip(tasks, present) if not found]
    notations_key = _notations_key()
    known = cache.get(notations_key, counted=False) if not rebuild else None
    if isinstance(known, tuple) and all(_is_notation(pair) for pair in known):
        remember_notations(known)  # (before the workers are forked: they inherit them)
    computed = run_reports(missing, jobs, scheduler)
    minted: set[tuple[str, str]] = set()
    for task, key, found in zip(tasks, keys, present):
        result = _cached(cache, key, whole=key not in without_lines) if found else None
        if result is None:
            result = next(computed) if not found else process(task)  # (a damaged entry: extract again)
            if isinstance(result, Processed):
                cache.put(key, replace(result, own=b"", repeatable=b"", turtle=b"", whole=False), _lines(result))
            elif not result[1].startswith("internal error"):
                cache.put(key, result)  # (an internal error may not happen again: it is not kept)
        elif isinstance(result, Processed):
            result.summary.source = printable_path(task[0])  # the path as given this time
        else:
            result = (printable_path(task[0]), result[1])
        if isinstance(result, Processed):
            minted.update(result.minted)
        yield result
    kept = tuple(sorted(minted))
    if kept != known:
        cache.put(notations_key, kept)


def _is_notation(pair: object) -> bool:
    """A (label, notation) pair, as the cache keeps them (an entry of another shape is not used)."""
    return isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(part, str) for part in pair)


def _notations_key() -> str:
    """The cache's entry for the notations the build's reports minted (``kg.extract.notations``):
    one for each version of the extractor, whose key holds pypinyin's version."""
    return hashlib.sha256(f"minted notations\0{extractor_version()}".encode()).hexdigest()


def _lines(result: Processed) -> tuple[bytes, bytes, bytes]:
    """What a cache entry keeps apart: a report's own and repeatable lines and its Turtle."""
    return result.own, result.repeatable, result.turtle


def _cached(cache: ReportCache, key: str | None, whole: bool = True) -> Processed | tuple[str, str] | None:
    entry = cache.get(key, body=whole)
    if not isinstance(entry, tuple) or len(entry) != 2 or not isinstance(entry[0], Processed):
        return entry  # (None, or a report that could not be built: (source, why))
    head, lines = entry
    if lines is None:
        return head
    own, repeatable, turtle = lines
    return replace(head, own=own, repeatable=repeatable, turtle=turtle, whole=True)


def cached_lines(cache: ReportCache, key: str | None, source: str) -> Processed:
    """A cached report's result with its lines (those ``cached_or_run`` left out); ``source``: its file."""
    result = _cached(cache, key)
    if not isinstance(result, Processed) or not result.whole:
        raise DamagedEntry(
            f"{source}: its cached result can no longer be read whole (damaged, or removed during the build); "
            "`kg build --rebuild` extracts it again"
        )
    result.summary.source = source
    return result


def run_reports(tasks: list[tuple[str, str, str]], jobs: int, scheduler: str | None = None) -> Iterator:
    """Each task's result, in order: on a Dask cluster when ``scheduler`` names one, else in up to
    ``jobs`` local processes. ``jobs=1`` works in this process, as the results are asked for; more
    start a pool at once, even for one task (a report added to a large build): its child loads the
    pipeline while the caller reads the cached results, and this process never loads it, staying
    small for the store and the view that follow."""
    if not tasks:
        return iter(())
    if scheduler:
        from kg.cluster import run_on_cluster

        return run_on_cluster(tasks, scheduler)
    if jobs == 1:
        return map(process, tasks)
    # spaCy, places and indicators are loaded once, by the process the workers are forked from;
    # pypinyin and cn2an too, unless one report is added (each worker would load its own copy)
    load = functools.partial(pipeline, preload=len(tasks) > 1)
    return run_in_pool(tasks, min(jobs, len(tasks)), process, load)
