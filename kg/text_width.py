"""The width text takes in a terminal, for tables that line up (`kg query`, `kg track`).

Kept apart from ``kg.figures``, which reads the lexicon: `kg query` needs only the width, and
loading the lexicon (every pattern compiled) was half of a short query's 0.2 s.
"""

from __future__ import annotations

import unicodedata


class _WideOnly(dict):
    """A ``str.translate`` table that keeps East Asian wide and full-width characters (中, ，)
    and deletes every other, filled in as characters are first met: translating runs in C, where
    asking ``unicodedata`` character by character took a table of 11,000 sentences 1.1 s."""

    def __missing__(self, code: int) -> int | None:
        kept = code if unicodedata.east_asian_width(chr(code)) in "WF" else None
        self[code] = kept
        return kept


_WIDE_ONLY = _WideOnly()


def display_width(text: str) -> int:
    """Terminal columns a string takes: East Asian wide and full-width characters count two.

    >>> display_width("GDP增长")
    7
    >>> display_width("（预计）6.5%")
    12
    """
    if text.isascii():
        return len(text)
    return len(text) + len(text.translate(_WIDE_ONLY))
