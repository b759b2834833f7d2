"""Numbers as written in reports (580, 2.09, 八千, 1,200) and units normalised to base units."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from kg.lexicon import LEXICON


class UnitScale(NamedTuple):
    """What a unit as written is: 亿元 is 100000000 of the base unit CNY."""

    factor: int | Decimal
    base: str  # the base unit's key: CNY, USD, PERSON, PERCENT ... (units.tsv kind)


class BaseAmount(NamedTuple):
    """An amount in its base unit: 580亿元 is 58000000000 CNY."""

    value: Decimal
    base: str


# unit as written → its scale, from units.tsv (亿 alone: after a money indicator, 超10亿, yuan is implied)
LEVEL_UNITS: dict[str, UnitScale] = {
    unit.word: UnitScale(int(unit.scale) if unit.scale == unit.scale.to_integral_value() else unit.scale, unit.kind)
    for unit in LEXICON.units
}
# Longest first, so 万亿元 is tried before 亿元 and 元.
UNIT_PATTERN = "|".join(sorted(LEVEL_UNITS, key=len, reverse=True))

CHINESE_NUMERAL_CHARS = "".join(LEXICON.word_list("numeral_chars"))


# The largest figures reports state are national totals in 万亿元 (国内生产总值126万亿元, 1.26e14 yuan),
# written with a few digits before their unit. A number of more than 15 integer digits
# (123456789012345678901亿元, a scraping or typing slip) is no figure: it is not read, and the report
# builds without it. Scaled by its unit (at most 10^12) a figure keeps within Decimal's 28 digits.
MAX_FIGURE_DIGITS = 15
# A longer string of Chinese numerals is no figure either (cn2an would take its time over it).
_MAX_NUMERAL_LENGTH = 24
# 百 and 千 may open a figure with their 一 left out (突破百亿大关)
_ONE, *_LEADING_ONE_LEFT_OUT = LEXICON.word_list("numeral_leading_one")


def parse_number(text: str) -> Decimal | None:
    """Arabic or Chinese numerals to a Decimal, exactly as written; None for no number or no plausible figure.

    >>> parse_number("25.32"), parse_number("八千"), parse_number("1,200"), parse_number("一千零五十")
    (Decimal('25.32'), Decimal('8000'), Decimal('1200'), Decimal('1050'))
    >>> parse_number("百"), parse_number("千")  # 突破百亿大关: a hundred, its 一 left out
    (Decimal('100'), Decimal('1000'))
    >>> parse_number("123456789012345678901"), parse_number("NaN"), parse_number("万亿亿亿亿亿")
    (None, None, None)
    """
    text = text.replace(",", "")
    value: Decimal | None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = _parse_chinese_numerals(text)
    return value if value is not None and _plausible(value) else None


def _parse_chinese_numerals(text: str) -> Decimal | None:
    if not text or len(text) > _MAX_NUMERAL_LENGTH or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        return None
    # imported here: cn2an compiles its patterns on import (0.08 s of every process), and few
    # reports spell a figure in numerals (五千亿: 29 of the corpus's 193)
    import cn2an

    if text[0] in _LEADING_ONE_LEFT_OUT:
        text = _ONE + text
    try:
        value = cn2an.cn2an(text, "normal")
        return Decimal(str(value)).normalize() if "." in str(value) else Decimal(int(value))
    except (ValueError, KeyError, TypeError, IndexError, ArithmeticError):
        return None


def _plausible(value: Decimal) -> bool:
    """Finite, at most ``MAX_FIGURE_DIGITS`` digits before the point and no more zeros after it
    (0.001 and 0 are fine; 1e-999999999 would be written with a billion zeros)."""
    return value.is_finite() and (value.is_zero() or -MAX_FIGURE_DIGITS <= value.adjusted() < MAX_FIGURE_DIGITS)


def normalise_level(value: Decimal, unit: str) -> BaseAmount | None:
    """Value in base units and the base unit key (``CNY``, ``USD``, ``PERSON``...), if the unit is known
    and the value a plausible figure.

    >>> normalise_level(Decimal("580"), "亿元")
    BaseAmount(value=Decimal('58000000000'), base='CNY')
    >>> normalise_level(Decimal("123456789012345678901234"), "亿元") is None
    True
    """
    known = LEVEL_UNITS.get(unit)
    if not known or known.base == "PERCENT" or not _plausible(value):
        return None
    scaled = value * known.factor
    if scaled == scaled.to_integral_value():
        # at most 15 digits (a plausible figure) times 10^12 (万亿): within Decimal's 28
        scaled = scaled.quantize(Decimal(1))
    return BaseAmount(scaled, known.base)


MONEY_UNIT_KINDS = {"CNY", "USD"}  # (units.tsv kinds)
# What an indicator's name says about the unit its levels can have.
_UNIT_KINDS_BY_HEAD = (
    (LEXICON.pattern("unit_person_head"), {"PERSON"}),
    (LEXICON.pattern("unit_money_head"), MONEY_UNIT_KINDS),
    (LEXICON.pattern("unit_percent_head"), {"PERCENT"}),
)


def unit_fits(label: str, unit: str) -> bool:
    """Whether a level's unit suits the indicator (城镇新增就业 counts 人, not 人次; 投资 is money).

    >>> unit_fits("城镇新增就业", "万人"), unit_fits("城镇新增就业", "人次"), unit_fits("固定资产投资", "亿元")
    (True, False, True)
    """
    kinds = unit_kinds(label)
    return kinds is None or LEVEL_UNITS[unit].base in kinds


def unit_kinds(label: str) -> set[str] | None:
    """The kinds of unit an indicator's name says its levels have (固定资产投资: CNY or USD); None where
    it says none (粮食产量)."""
    return next((kinds for head, kinds in _UNIT_KINDS_BY_HEAD if head.search(label)), None)
