"""Figures worded as a reader of the report would write them (增长6%左右, 下降2.2%, 1100万人以上),
and counts with their nouns (1 report, 3,770 facts).

Used wherever a figure is shown to a person: `kg track`, build warnings,
the network view.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.model import IndicatorFact

from kg.lexicon import LEXICON
from kg.model import Comparator

# Each comparator → the word a figure is written with (About → 左右; comparators.tsv).
COMPARATOR_WORDS = {
    c: LEXICON.shown_comparator_words().get(c, "")
    for c in (Comparator.ABOUT, Comparator.AT_LEAST, Comparator.AT_MOST, Comparator.EXACTLY, Comparator.BETWEEN)
}
# 增长6%左右, 下降2.2%; (预计) after an estimate
_RISE, _FALL = LEXICON.word_list("growth_shown")
ESTIMATE_NOTE = f" ({LEXICON.word_list('estimate_words')[0]})"


def describe_figure(
    measure: str, value: Decimal | None, value_max: Decimal | None, unit: str | None, comparator: Comparator
) -> str:
    """A figure in words.

    >>> describe_figure("growth", Decimal("6"), None, "%", Comparator.ABOUT)
    '增长6%左右'
    >>> describe_figure("growth", Decimal("-2.2"), None, "%", Comparator.EXACTLY)
    '下降2.2%'
    >>> describe_figure("level", Decimal("1100"), None, "万人", Comparator.AT_LEAST)
    '1100万人以上'
    >>> describe_figure("growth", Decimal("5"), Decimal("6"), "%", Comparator.BETWEEN)
    '增长5~6%'
    """
    if value is None:
        return ""
    amount = plain_number(abs(value) if measure == "growth" else value)
    if value_max is not None:
        amount += "~" + plain_number(abs(value_max) if measure == "growth" else value_max)
    text = amount + (unit or "") + COMPARATOR_WORDS.get(comparator, "")
    if measure == "growth":
        text = (_FALL if value < 0 else _RISE) + text
    return text


def describe_fact(fact: IndicatorFact) -> str:
    """What one fact states: its figure, or the wording of a qualitative goal (与经济增长同步);
    an estimate says so (预计).

    >>> from kg.model import Comparator, FactKind, Indicator, IndicatorFact, Measure
    >>> fact = IndicatorFact(FactKind.OUTCOME, Indicator("GDP", "地区生产总值"), 2024, Measure.GROWTH,
    ...                      Decimal("5.6"), "%", Comparator.EXACTLY, estimated=True)
    >>> describe_fact(fact)
    '增长5.6% (预计)'
    """
    text = describe_figure(fact.measure.value, fact.value, fact.value_max, fact.unit, fact.comparator) or (
        fact.text or ""
    )
    return text + (ESTIMATE_NOTE if fact.estimated else "")


def plural(count: int, noun: str) -> str:
    """``1 report``, ``2 reports``, ``1,234 triples``.

    >>> plural(1, "report"), plural(3770, "fact")
    ('1 report', '3,770 facts')
    """
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def plain_number(value: Decimal) -> str:
    """A decimal as written, without exponent or trailing zeros on whole numbers (1E+2 -> 100)."""
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
