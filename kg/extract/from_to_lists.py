"""Levels read from a list of changes from one figure to another, shared out over a list of names
(城镇和农村居民人均可支配收入由25940元、9234元分别提高到38625、14468元): the ends, each with its unit (the
next one's where a value left it out: 38625 is 元), and the year they are of where the text names one."""

from __future__ import annotations

from decimal import Decimal

from kg.extract.units import parse_number
from kg.lexicon import LEXICON as LEX

_FROM_TO_LIST = LEX.pattern("from_to_list")
_VALUE = LEX.pattern("from_to_list_value")


def from_to_list(text: str, i: int, limit: int) -> tuple[list[tuple[Decimal, str]], int | None, int] | None:
    """The ends of the changes listed at ``i`` (value and unit each), their year, and where the list ends;
    None where no such list starts there, or its starts and ends do not pair up.

    >>> ends, year, _ = from_to_list("由25940元、9234元分别提高到38625、14468元", 0, 30)
    >>> [(str(value), unit) for value, unit in ends], year
    ([('38625', '元'), ('14468', '元')], None)
    """
    match = _FROM_TO_LIST.match(text, i, limit)
    if match is None:
        return None
    starts, ends = _VALUE.findall(match.group("starts")), _VALUE.findall(match.group("ends"))
    if len(starts) != len(ends) or not ends[-1][1]:
        return None
    values: list[tuple[Decimal, str]] = []
    unit = ends[-1][1]
    for number, own_unit in reversed(ends):
        unit = own_unit or unit
        value = parse_number(number)
        if value is None:
            return None
        values.insert(0, (value, unit))
    year = int(match.group("year")) if match.group("year") else None
    return values, year, match.end()
