"""``TextEditor``: regex edits over a text that keep, for each character, the index of the
original character it came from; and ``NormalisedText``, the text it leaves with that offset map
(``kg.ingest.normalise`` runs its passes through one).

>>> editor = TextEditor("增长６％。")
>>> editor.replace(re.compile("６％"), "6%")
>>> result = editor.result()
>>> result.text, result.to_original(2, 4)
('增长6%。', (2, 4))
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass

import numpy


@dataclass(frozen=True)
class NormalisedText:
    """Normalised text plus, for each character, its index in the original text.

    ``offsets`` has ``len(text) + 1`` entries; the last one is the original length. They are
    an array of 8-byte integers: as a tuple of ints they took 40 bytes a character (200 MB for
    five million characters of reports joined into one file).
    ``warnings`` says what was repaired, one line each (a lone surrogate dropped).
    ``page_date`` is the date of the page's byline (``2020-01-19``), which the text no longer holds.
    """

    text: str
    offsets: array
    warnings: tuple[str, ...] = ()
    page_date: str = ""

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the normalised text to the original text."""
        if start >= end:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


Replacement = str | Callable[[re.Match], str]


class TextEditor:
    """Apply regex edits to a text while tracking where every character came from."""

    def __init__(self, text: str):
        self.text = text
        # numpy writes 0..n twenty times faster than array() reads a range (a corpus: 10 million characters)
        self.offsets = array("q", numpy.arange(len(text) + 1, dtype=numpy.int64).tobytes())
        self.warnings: list[str] = []
        self.page_date = ""

    def replace(self, pattern: re.Pattern, replacement: Replacement) -> None:
        """Replace each match; inserted characters map to the match's first character.

        When a replacement is as long as its match, characters map one to one.
        """
        text = self.text
        edits = []
        for match in pattern.finditer(text):
            new = replacement(match) if callable(replacement) else replacement
            if new != match.group(0):
                edits.append((match.start(), match.end(), new))
        if not edits:
            return
        pieces: list[str] = []
        last = 0
        for start, end, new in edits:
            pieces.append(text[last:start])
            pieces.append(new)
            last = end
        pieces.append(text[last:])
        self.text = "".join(pieces)
        if all(len(new) == end - start for start, end, new in edits):
            return  # one character for one: every character keeps its origin
        offsets = self.offsets
        new_offsets = array("q")
        last = 0
        for start, end, new in edits:
            new_offsets.extend(offsets[last:start])
            if len(new) == end - start:
                new_offsets.extend(offsets[start:end])
            else:
                new_offsets.extend([offsets[start]] * len(new))
            last = end
        new_offsets.extend(offsets[last:])
        self.offsets = new_offsets
        assert len(self.offsets) == len(self.text) + 1

    def keep_group(self, pattern: re.Pattern, group: int | str = 1) -> None:
        """Replace each match by one of its groups, which keeps its own offsets."""
        text, offsets = self.text, self.offsets
        pieces: list[str] = []
        new_offsets = array("q")
        last = 0
        for match in pattern.finditer(text):
            start, end = match.span()
            g_start, g_end = match.span(group)
            pieces.append(text[last:start])
            new_offsets.extend(offsets[last:start])
            if g_start >= 0:
                pieces.append(text[g_start:g_end])
                new_offsets.extend(offsets[g_start:g_end])
            last = end
        if last == 0 and not pieces:
            return
        pieces.append(text[last:])
        new_offsets.extend(offsets[last:])
        self.text = "".join(pieces)
        self.offsets = new_offsets

    def delete(self, pattern: re.Pattern) -> None:
        self.replace(pattern, "")

    def delete_characters(self, positions: list[int]) -> None:
        """Delete the characters at these positions (the line breaks a hard wrap left); the others
        keep their origins. A regex over every line break would call back once per line.

        >>> editor = TextEditor("一般公共预算\\n收入增长10%")
        >>> editor.delete_characters([6])
        >>> editor.text, editor.offsets[6], len(editor.offsets)
        ('一般公共预算收入增长10%', 7, 14)
        """
        if not positions:
            return
        text, offsets = self.text, self.offsets
        pieces: list[str] = []
        new_offsets = array("q")
        last = 0
        for position in sorted(positions):
            pieces.append(text[last:position])
            new_offsets.extend(offsets[last:position])
            last = position + 1
        pieces.append(text[last:])
        new_offsets.extend(offsets[last:])
        self.text, self.offsets = "".join(pieces), new_offsets

    def result(self) -> NormalisedText:
        return NormalisedText(self.text, self.offsets, tuple(self.warnings), self.page_date)
