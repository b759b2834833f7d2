"""Figure-first bookkeeping: every figure of a framed sentence (a percentage, an amount of money)
is a candidate, and its fate is recorded: the indicators whose facts it gave, or the reason it
belongs to none (年均增长6.5%: several years; 占比35%: a share; 总投资12亿元: a project's amount).
A figure with neither is left over ("unattached"): counted over a corpus, that is a recall gauge
that needs no hand-read gold (``kg build --json``, ``bench/unattached.py``).

The reader of facts (kg.extract.facts) says which figures it took and which it read but could
not use; the words that tell the other reasons are lexicon rows (patterns.tsv,
``figure_reason_*``), looked for in the clause before the figure or right after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.units import LEVEL_UNITS
from kg.lexicon import LEXICON as LEX
from kg.lexicon import alternation
from kg.model import FigureFate, FigureReason, Frame, Sentence

__all__ = ["FigureLedger", "candidate_spans", "sentence_fates"]

# Kinds of unit whose figures are candidates: percentages and money (not counts of projects or 人次).
_CANDIDATE_KINDS = frozenset(LEX.word_list("figure_candidate_kinds"))
# Spelled to start with a number's first character, which the regex engine skips to, the checks of
# what stands at the start (not after a digit, not 亿 alone: 亿元以上项目) looking back from after it:
# a leading lookbehind had it try every character of every sentence.
_CANDIDATE = LEX.compile(
    "figure_candidate",
    r"(?:"
    + LEX.pattern_source("number_start")
    + r")(?<![\d.].)(?<!(?="
    + LEX.pattern_source("figure_candidate_not_before")
    + r").)(?:"
    + LEX.pattern_source("number_after_start")
    + r")(?:"
    + LEX.pattern_source("range_dash")
    + r"(?:"
    + LEX.pattern_source("number")
    + r"))?(?:"
    + alternation(unit for unit, (_, kind) in LEVEL_UNITS.items() if kind in _CANDIDATE_KINDS)
    + r")(?!"
    + LEX.pattern_source("not_a_level_after")
    + "|"
    + LEX.pattern_source("figure_candidate_not_after")
    + r")",
)
_CLAUSE_START = LEX.pattern("figure_clause_start")


def _optional_pattern(name: str) -> re.Pattern[str] | None:
    return LEX.pattern(name) if name in LEX.patterns else None


# (reason, pattern searched in the clause before the figure, pattern matched right after it)
_REASONS = tuple(
    (reason, _optional_pattern(f"figure_reason_{name}_before"), _optional_pattern(f"figure_reason_{name}_after"))
    for reason, name in (
        # the words right before a figure first (较“十三五”末的9323.1亿元: a base, though 十三五 is in the clause)
        (FigureReason.OTHER_YEAR, "other_year"),
        (FigureReason.CHANGE, "change"),
        (FigureReason.MULTI_YEAR, "multi_year"),
        (FigureReason.SHARE, "share"),
        (FigureReason.PROJECT, "project"),
    )
)
_COUNTED_FRAMES = (Frame.REVIEW, Frame.PLAN, Frame.MULTI_YEAR)


@dataclass
class FigureLedger:
    """What the reader of one sentence did with the figures it read: spans in the sentence's text."""

    attached: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, indicator label)
    dropped: list[tuple[int, int, FigureReason]] = field(default_factory=list)

    def attach(self, span: tuple[int, int] | None, label: str) -> None:
        if span is not None:
            self.attached.append((span[0], span[1], label))

    def drop(self, span: tuple[int, int] | None, reason: FigureReason) -> None:
        if span is not None:
            self.dropped.append((span[0], span[1], reason))


def candidate_spans(text: str) -> list[tuple[int, int]]:
    """The figures of a sentence that could be an indicator's: percentages and amounts of money.

    >>> text = "地区生产总值增长5%左右,建成项目12个,投资20亿元"
    >>> [text[s:e] for s, e in candidate_spans(text)]
    ['5%', '20亿元']
    """
    return [m.span() for m in _CANDIDATE.finditer(text)]


def sentence_fates(
    sentence: Sentence, ledger: FigureLedger | None, sentence_reason: FigureReason | None = None
) -> list[FigureFate]:
    """The fate of each candidate figure of a framed sentence (none for a sentence of no frame).
    ``ledger`` is what the reader did (None when the sentence was not read for facts, because it
    speaks of no year the report reviews or plans: ``sentence_reason`` says why)."""
    if sentence.frame not in _COUNTED_FRAMES:
        return []
    text = sentence.text
    fates = []
    for start, end in candidate_spans(text):
        labels = tuple(
            dict.fromkeys(label for s, e, label in (ledger.attached if ledger else []) if s < end and start < e)
        )
        reason = None
        if not labels:
            reason = _dropped_reason(ledger, start, end) or _worded_reason(text, start, end) or sentence_reason
        fates.append(FigureFate(sentence, start, end, labels, reason))
    return fates


def _dropped_reason(ledger: FigureLedger | None, start: int, end: int) -> FigureReason | None:
    for s, e, reason in ledger.dropped if ledger else []:
        if s < end and start < e:
            return reason
    return None


def _worded_reason(text: str, start: int, end: int) -> FigureReason | None:
    """The reason the words around a figure give: 年均增长6.5%, 占比35%, 总投资12亿元的项目."""
    clause_start = max((m.end() for m in _CLAUSE_START.finditer(text, 0, start)), default=0)
    for reason, before, after in _REASONS:
        if (before and before.search(text, clause_start, start)) or (after and after.match(text, end)):
            return reason
    return None


def unattached(fates: list[FigureFate]) -> list[FigureFate]:
    return [fate for fate in fates if fate.unattached]
