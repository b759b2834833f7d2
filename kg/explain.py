"""``kg explain``: what each step of extraction made of one sentence, and why.

The tool a user reaches for when a figure or a project is missing: it runs the steps a build
runs on one sentence (of a report file, or typed in with a place and a frame) and says what
each found or rejected, naming the filter and the lexicon row that decided, then prints the
facts, the entities and the triples they become::

    kg explain "2025年全区地区生产总值增长6%左右。" --place 鲤城区 --frame plan
    kg explain report.txt --line 42

Explaining keeps to the public steps (normalise, the sentence's time, indicator names, figures,
facts, entities, RDF); the entity filters report their rejections through ``traced_rejections``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.extract.entities import EntityExtractor
from kg.extract.entities.filters import traced_rejections
from kg.extract.facts import FactExtractor, left_reason, no_year_reason, read_figures
from kg.extract.figure_fates import FigureLedger, sentence_fates
from kg.figures import describe_fact, describe_figure
from kg.ingest.normalise import NormalisedText, normalise
from kg.lexicon import LEXICON
from kg.model import Entity, EntityKey, FigureFate, Frame, ReportExtraction, ReportMetadata, Sentence
from kg.ontology import indicator_catalogue
from kg.places import gazetteer
from kg.vocab import DEFAULT_DATA_BASE, PREFIXES, serialized

FRAMES = {"plan": Frame.PLAN, "review": Frame.REVIEW, "none": Frame.UNKNOWN}
_YEAR = LEXICON.pattern("plain_year")


@dataclass
class Step:
    """One step of extraction: its name and what it found or rejected, one line each."""

    name: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Explanation:
    sentence: str
    steps: list[Step]

    def render(self) -> str:
        out = [f"sentence: {self.sentence}"]
        for number, step in enumerate(self.steps, 1):
            out.append(f"{number}. {step.name}")
            out.extend(f"   {line}" for line in step.lines or ["(nothing)"])
        return "\n".join(out)


def explain_sentence(
    text: str, place: str | None = None, frame: str = "plan", year: int | None = None, base: str = DEFAULT_DATA_BASE
) -> list[Explanation]:
    """Explain a sentence typed in: ``place`` (full or short name) and ``frame`` (plan, review or
    none) stand in for the report around it; ``year`` is the year it plans or reviews (default:
    the year it names, else this year)."""
    if frame not in FRAMES:
        raise ValueError(f"--frame {frame!r}: use one of {', '.join(FRAMES)}")
    normalised = normalise(text)
    steps = [Step("normalise", _normalise_lines(text, normalised))]
    found = gazetteer().resolve(place) if place else None
    if place and found is None:
        raise ValueError(f"--place {place}: no such place in the gazetteer (try its full name, e.g. 鲤城区)")
    named = [int(y) for y in _YEAR.findall(normalised.text)]
    said = year or (max(named) if named else datetime.date.today().year)
    plan = said + 1 if frame == "review" else said
    meta = ReportMetadata(place=found, review_year=plan - 1, plan_year=plan)
    steps.append(
        Step(
            "context",
            [
                f"place: {found.name if found else '(none: give --place to see triples)'}",
                f"plan year {plan}, review year {plan - 1}; frame: {frame}",
            ],
        )
    )
    sentence = Sentence(0, len(normalised.text), normalised.text, frame=FRAMES[frame])
    return [_explain(sentence, meta, normalised, steps, base)]


def explain_line(path: str | Path, line: int, base: str = DEFAULT_DATA_BASE) -> list[Explanation]:
    """Explain every sentence of a report file that lies on line ``line`` (1-based), with the
    place, years and frames the whole report gives it."""
    from kg.errors import printable_path
    from kg.ingest.reading import UnreadableReport, read_report
    from kg.report_jobs import extract_report

    try:
        extraction, normalised = extract_report(path)
        lines = source_lines(read_report(path).text)
    except UnreadableReport as exc:
        raise ValueError(f"{printable_path(path)}: {exc.reason}") from None
    if not 1 <= line <= len(lines):
        raise ValueError(f"{path}: line {line} is not in the file (it has {len(lines)} lines)")
    start, end = lines[line - 1]
    meta = extraction.metadata
    context = Step(
        "context",
        [
            f"place: {meta.place.name if meta.place else '(not found)'} ({meta.place_evidence or 'no evidence'})",
            f"plan year {meta.plan_year}, review year {meta.review_year}",
        ],
    )
    explained = []
    # each sentence's time and estimate as the report around it gives them (a paragraph's year, a list
    # under 预计 one item to a line), as the build reads them
    for sentence, *timing in _readers()[0].timed_sentences(extraction.sentences, meta):
        original = normalised.to_original(sentence.start, sentence.end)
        if original[0] < end and original[1] > start:
            steps = [
                Step("section", [f"{sentence.section or '(before any heading)'}: frame {sentence.frame.value}"]),
                context,
            ]
            explained.append(_explain(sentence, meta, normalised, steps, base, tuple(timing)))
    if not explained:
        raise ValueError(f"{path}: line {line} holds no sentence of the report (a heading, clutter or blank)")
    return explained


def source_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each line of a report's decoded text, as an editor numbers them.

    >>> source_lines("一\\n二三\\n")
    [(0, 2), (2, 5)]
    """
    spans, start = [], 0
    for piece in text.splitlines(keepends=True):
        spans.append((start, start + len(piece)))
        start += len(piece)
    return spans


def _normalise_lines(text: str, normalised: NormalisedText) -> list[str]:
    lines = ["unchanged" if normalised.text == text else f"→ {normalised.text}"]
    return lines + [f"warning: {w}" for w in normalised.warnings]


@lru_cache(maxsize=1)
def _readers() -> tuple[FactExtractor, EntityExtractor]:
    """The fact and entity extractors a build uses, made once (the fact reader compiles every
    indicator name into one pattern): ``--line`` may explain several sentences."""
    return FactExtractor(indicator_catalogue()), EntityExtractor(gazetteer())


def _explain(
    sentence: Sentence,
    meta: ReportMetadata,
    normalised: NormalisedText,
    steps: list[Step],
    base: str,
    timing: tuple | None = None,
) -> Explanation:
    """``timing``: the sentence's kind, year and estimate by its context in its report (see
    ``FactExtractor.timed_sentences``); a sentence typed in has only its own."""
    facts_reader, entity_reader = _readers()
    kind, year, estimated_context = timing or (*facts_reader.sentence_time(sentence, meta), False)
    steps.append(
        Step(
            "time",
            [
                f"{kind.value}s of {year}"
                if kind
                else "no year the report plans or reviews (another year, part of one, five years, no frame): no facts"
            ],
        )
    )
    own_names = meta.place.names if meta.place else ()
    mentions = facts_reader.find_mentions(sentence.text, own_names)
    figure_lines = []
    for index, mention in enumerate(mentions):
        limit = mentions[index + 1].start if index + 1 < len(mentions) else len(sentence.text)
        figures = read_figures(sentence.text, mention.end, limit)
        figure_lines.append(
            f"{mention.surface} → {', '.join(i.notation for i in mention.indicators)}: {_figures_line(figures)}"
        )
    steps.append(Step("indicator names and the figures after them", figure_lines))
    ledger = FigureLedger()
    facts = (
        facts_reader.sentence_facts(sentence, kind, year, estimated_context, ledger, own_names) if kind and year else []
    )
    steps.append(
        Step(
            "facts",
            [f"{f.kind.value} {f.indicator.notation} {f.year} {f.measure.value}: {describe_fact(f)}" for f in facts],
        )
    )
    fates = (
        sentence_fates(sentence, ledger, left_reason(sentence))
        if kind and year
        else sentence_fates(sentence, None, no_year_reason(sentence))
    )
    steps.append(Step("figures and their fates", [_fate_line(fate) for fate in fates]))
    with traced_rejections() as rejected:
        entities = entity_reader.extract([sentence], meta)
    steps.append(Step("entities", [_entity_line(e) for e in entities]))
    steps.append(Step("names rejected", [f"{r.draft.label} ({r.draft.kind.value}): {r.reason}" for r in rejected]))
    steps.append(Step("triples", _triples(sentence, meta, normalised, facts, entities, base)))
    return Explanation(sentence.text, steps)


def _fate_line(fate: FigureFate) -> str:
    """增长6% → 地区生产总值; 年均增长6.5% → no fact: over several years; or left over."""
    if fate.indicators:
        return f"{fate.figure} → {', '.join(fate.indicators)}"
    if fate.reason is not None:
        return f"{fate.figure} → no fact: {fate.reason.value}"
    return f"{fate.figure} → UNATTACHED: no indicator took it and nothing says why"


def _figures_line(figures) -> str:
    """增长6%左右 → ``growth 6 about``; a level with its unit; a goal in words; or nothing read."""
    read = [f"level {_values(level)}" for level in figures.levels]
    read += [f"growth {_values(growth)}" for growth in figures.growth]
    if figures.qualitative:
        read.append(f"in words: {figures.qualitative}")
    return "; ".join(read) or "no figure follows the name"


def _values(figure) -> str:
    parts = []
    for value in figure._asdict().values():
        if value is None or value is False or value == "":
            continue
        parts.append(value.name.lower() if isinstance(value, Enum) else str(value))
    return " ".join(parts)


def _entity_line(entity: Entity) -> str:
    extras = []
    if entity.container is not None:
        container = entity.container
        extras.append(f"in {container.label if isinstance(container, EntityKey) else container.name}")
    extras += [f"status {s.status.value}" for s in entity.statuses]
    if entity.investment is not None:
        money = entity.investment
        extras.append(f"investment {describe_figure('level', money.value, None, money.unit, money.comparator)}")
    if entity.position:
        extras.append(entity.position)
    return f"{entity.kind.value} {entity.label}" + (f" ({'; '.join(extras)})" if extras else "")


def _triples(
    sentence: Sentence, meta: ReportMetadata, normalised: NormalisedText, facts, entities, base: str
) -> list[str]:
    if meta.place is None:
        return ["(no place, so no report to hang them on: give --place)"]
    from kg.graph.rdf import report_graph

    extraction = ReportExtraction(
        source_file="explained.txt",
        sha256="",
        encoding="utf-8",
        text=normalised.text,
        metadata=meta,
        sentences=[sentence],
        facts=facts,
        entities=entities,
    )
    graph = report_graph(extraction, normalised, base)
    # what the sentence gave: the triples about its facts, entities and statements, not the report's own
    report = graph.report.value
    kept = [
        t for t in graph.triples if not (t.subject.value == report if isinstance(t.subject, ox.NamedNode) else False)
    ]
    turtle = serialized(kept, ox.RdfFormat.TURTLE, PREFIXES).decode()
    return [line for line in turtle.splitlines() if line and not line.startswith("@prefix")]
