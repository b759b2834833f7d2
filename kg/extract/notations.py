"""Notations for indicators outside the catalogue, read in pinyin (旅游总收入 → LvYouZongShouRu).

pypinyin is imported the first time a label needs reading: its phrase table takes 0.22 s to
load, a fifth of loading the extractor, and a build that adds a report to a large one would
pay it for labels earlier reports minted already (most reports mint some: 135 of the corpus's
193). So each report's result carries the labels it minted (``minting``), the build keeps
them in its cache, and the next build seeds them (``remember_notations``) before extracting: a
label minted before is not read again. The notation is a function of the label and of
pypinyin's version, which the cache's key holds, so a kept one is what reading would give.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from kg.model import Indicator

_NOTATIONS: dict[str, str] = {}  # label → notation, minted or remembered in this process
# the labels minted inside ``minting()``: a context variable, so that reports extracted at once in
# threads (a Dask worker runs several) each collect their own
_MINTING: ContextVar[set[str] | None] = ContextVar("govkg_minting", default=None)


def mint_indicator(label: str) -> Indicator:
    """An indicator outside the catalogue, with a readable pinyin notation.

    >>> mint_indicator("旅游总收入").notation
    'LvYouZongShouRu'
    """
    notation = _NOTATIONS.get(label)
    if notation is None:  # (two threads may both read it: the same notation)
        notation = _NOTATIONS[label] = pinyin_notation(label)
    collecting = _MINTING.get()
    if collecting is not None:
        collecting.add(label)
    return Indicator(notation, label, headline=False)


@contextmanager
def minting() -> Iterator[set[str]]:
    """Collect the labels minted inside (in this thread), for ``notations_of``."""
    labels: set[str] = set()
    token = _MINTING.set(labels)
    try:
        yield labels
    finally:
        _MINTING.reset(token)


def notations_of(labels: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """Minted labels with their notations, sorted: what a report's result carries."""
    return tuple(sorted((label, _NOTATIONS[label]) for label in labels))


def pinyin_notation(label: str) -> str:
    """The label's syllables, each capitalised, with its phrases read as phrases (重庆 → ChongQing).

    >>> pinyin_notation("重庆市旅游收入")
    'ChongQingShiLvYouShouRu'
    """
    from pypinyin import Style, lazy_pinyin  # (here, not at the top: see the module's docstring)

    syllables = lazy_pinyin(label, style=Style.NORMAL, v_to_u=False, errors="ignore")
    return "".join(s.capitalize() for s in syllables) or "Indicator"


def remember_notations(notations: Iterable[tuple[str, str]]) -> None:
    """Seed the notations an earlier build minted (label, notation), so they are not read again."""
    _NOTATIONS.update(notations)
