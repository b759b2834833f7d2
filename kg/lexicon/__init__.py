"""The lexicon: the Chinese words and patterns extraction reads by, kept as data in ``kg/lexicon/zh/``.

Each table is a UTF-8 TSV file: ``#`` lines are comments, the first other line names the
columns, and every further line is one word or pattern, usually with an example sentence.
Tables are read once per process (``load_lexicon`` is cached), checked as they are read (an
unknown column value or a duplicate row is a ``LexiconError`` naming the file and the line),
and every regex made from them is compiled here, once (``Lexicon.pattern``, ``words_regex``,
``compile``); all of ``patterns.tsv`` is compiled as it is loaded, so a bad pattern fails at once.

``load_lexicon(extra_dirs)`` reads further folders of tables in the same format after the
package's own: their rows are added to the same tables (a user's head word, verb or clutter
pattern), so rules never change in code for a new word. ``LEXICON``, which extraction reads,
takes the folders named by the ``GOVKG_LEXICON`` environment variable as its overlay.

The tables (see the comment at the top of each):

* ``heads.tsv``: head words that end a name, with the class they give and tags (weak ...);
* ``verbs.tsv``: words that govern a name, one row each, with what the word does;
* ``generic.tsv``: words that a category (重点项目) is made of, never a name;
* ``agencies.tsv``: national agencies, named as organisations;
* ``comparators.tsv``: 左右, 以上, 超 ... with the ``Comparator`` each gives;
* ``units.tsv``: units of levels (亿元, 万人) with their scale and kind;
* ``words.tsv``: smaller word lists, by list name;
* ``divisions.tsv``: the kind of an administrative place, by its level and the end of its name;
* ``labels.tsv``: the Chinese words and titles outputs show a person (column titles, legends);
* ``patterns.tsv``: named regexes, one alternative per row (``{{list}}`` stands for a word list or
  another pattern).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kg.lexicon.tables import (
    TABLES,
    ComparatorWord,
    Division,
    HeadWord,
    Label,
    LexiconError,
    Pattern,
    Source,
    Unit,
    Verb,
    Word,
    read_table,
)
from kg.model import Comparator

LEXICON_DIR = Path(__file__).resolve().parent / "zh"


def alternation(words: Iterable[str]) -> str:
    """Words as a regex alternation in which the longest word at a position wins.

    Spelled as a trie, the words' shared starts written once (园区, 园林, 工业园, 工业园区 →
    ``(?:园(?:区|林)|工业园(?:区)?)``): the engine tries a plain list's alternatives one by one
    wherever one could start, a trie's only along the characters that follow. The words that
    match at a position each start the next, and both spellings try the longest first, so the
    matches, and what a pattern around them backtracks to, are the same.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@dataclass(frozen=True)
class Lexicon:
    """All tables, and the regexes made from them."""

    heads: tuple[HeadWord, ...]
    verbs: tuple[Verb, ...]
    comparators: tuple[ComparatorWord, ...]
    units: tuple[Unit, ...]
    words: Mapping[str, tuple[Word, ...]]
    patterns: Mapping[str, tuple[Pattern, ...]]
    divisions: tuple[Division, ...] = ()
    labels: Mapping[str, Label] = field(default_factory=dict)
    overlays: tuple[Path, ...] = ()  # the folders read after the package's own, in order
    compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False, compare=False)

    def word_list(self, name: str) -> tuple[str, ...]:
        """The words of a list, in the order of the table."""
        return tuple(w.word for w in self.words.get(name, ()))

    def label(self, name: str) -> str:
        """The text of a label of ``labels.tsv`` (``column.place`` → 地区)."""
        row = self.labels.get(name)
        if row is None:
            raise KeyError(f"no label named {name!r} in labels.tsv")
        return row.text

    def comparator_words(self, stands: str, reader: str, with_comparator: bool = False) -> tuple[str, ...]:
        """The comparator words that stand ``before`` or ``after`` a figure for a reader
        (``figures`` or ``investments``), longest first."""
        return tuple(
            sorted(
                (
                    c.word
                    for c in self.comparators
                    if c.stands == stands and getattr(c, reader) and (c.comparator is not None or not with_comparator)
                ),
                key=len,
                reverse=True,
            )
        )

    def comparators_for(self, reader: str) -> dict[str, Comparator]:
        """Word → ``Comparator`` for a reader (``figures`` or ``investments``)."""
        return {c.word: c.comparator for c in self.comparators if getattr(c, reader) and c.comparator is not None}

    def shown_comparator_words(self) -> dict[Comparator, str]:
        """The word each comparator is written with after a figure (about → 左右); none for the others."""
        return {c.comparator: c.word for c in self.comparators if c.shown and c.comparator is not None}

    def pattern_source(self, name: str) -> str:
        """The regex a named pattern stands for: its rows joined as alternatives, in the order of
        the table (the first that matches at a position wins), word lists expanded longest first."""
        rows = self.patterns.get(name)
        if not rows:
            raise KeyError(f"no pattern named {name!r} in patterns.tsv")
        return "|".join(
            re.sub(r"\{\{(\w+)\}\}", lambda m: self._list_alternation(m.group(1)), row.alternative) for row in rows
        )

    def _list_alternation(self, name: str) -> str:
        if name in self.patterns:
            return "(?:" + self.pattern_source(name) + ")"
        if name == "units":
            return alternation(u.word for u in self.units)
        if name.startswith("figure_comparators_"):
            return alternation(self.comparator_words(name.rsplit("_", 1)[1], "figures"))
        if name in self.words:
            return alternation(self.word_list(name))
        if name == "heads":
            return alternation(h.word for h in self.heads)
        if name == "investment_comparators":
            return alternation(c.word for c in self.comparators if c.investments)
        raise KeyError(f"no word list named {name!r}")

    def pattern(self, name: str) -> re.Pattern[str]:
        """A named pattern of ``patterns.tsv``, compiled once."""
        compiled = self.compiled.get(name)
        if compiled is None:
            compiled = self.compiled[name] = re.compile(self.pattern_source(name))
        return compiled

    def compile(self, name: str, source: str) -> re.Pattern[str]:
        """A regex composed of the lexicon's pieces by a reader, compiled once under ``name``."""
        compiled = self.compiled.get(name)
        if compiled is None:
            compiled = self.compiled[name] = re.compile(source)
        return compiled

    def words_regex(self, name: str, words: Iterable[str]) -> re.Pattern[str]:
        """A regex matching any of the words, longest first, compiled once under ``name``."""
        compiled = self.compiled.get(name)
        if compiled is None:
            compiled = self.compiled[name] = re.compile(alternation(words))
        return compiled


@cache
def load_lexicon(extra_dirs: tuple[Path, ...] = ()) -> Lexicon:
    """The package's tables, plus the rows of the same tables in ``extra_dirs`` (an overlay)."""
    rows: dict[str, list[Any]] = {name: [] for name in TABLES}
    seen: dict[str, dict[tuple, Source]] = {name: {} for name in TABLES}
    paths: dict[int, Path] = {}
    for folder in (LEXICON_DIR, *extra_dirs):
        for name, table in TABLES.items():
            path = Path(folder) / name
            if path.exists():
                rows[name] += read_table(path, table, seen[name], paths)
    words: dict[str, list[Word]] = {}
    for word in rows["words.tsv"] + rows["generic.tsv"] + rows["agencies.tsv"]:
        words.setdefault(word.list, []).append(word)
    patterns: dict[str, list[Pattern]] = {}
    for pattern in rows["patterns.tsv"]:
        patterns.setdefault(pattern.name, []).append(pattern)
    lexicon = Lexicon(
        heads=tuple(rows["heads.tsv"]),
        verbs=tuple(rows["verbs.tsv"]),
        comparators=tuple(rows["comparators.tsv"]),
        units=tuple(rows["units.tsv"]),
        words={k: tuple(v) for k, v in words.items()},
        patterns={k: tuple(v) for k, v in patterns.items()},
        divisions=tuple(rows["divisions.tsv"]),
        labels={label.name: label for label in rows["labels.tsv"]},
        overlays=tuple(Path(folder) for folder in extra_dirs),
    )
    _compile_all(lexicon, paths)
    return lexicon


def _compile_all(lexicon: Lexicon, paths: dict[int, Path]) -> None:
    """Compiles every pattern now, not when a sentence first needs it; a pattern that does not
    compile is an error naming the row that breaks it (each row alone is compiled only then)."""
    for name, rows in lexicon.patterns.items():
        try:
            lexicon.pattern(name)
        except (re.error, KeyError) as error:
            for row in rows:
                try:
                    re.compile(re.sub(r"\{\{\w+\}\}", "", row.alternative))
                except re.error as row_error:
                    raise LexiconError(f"{paths[id(row)]}:{row.source.line}: column alternative: {row_error}") from None
            first = rows[0]
            raise LexiconError(f"{paths[id(first)]}:{first.source.line}: pattern {name}: {error}") from None


def overlay_dirs() -> tuple[Path, ...]:
    """The overlay folders named by ``GOVKG_LEXICON`` (separated like PATH), read after the
    package's tables by every process that extracts, workers included."""
    return tuple(Path(part) for part in os.environ.get(OVERLAY_VARIABLE, "").split(os.pathsep) if part)


OVERLAY_VARIABLE = "GOVKG_LEXICON"
# The lexicon extraction reads by: the package's tables, and the overlay of GOVKG_LEXICON if set
# when kg is first imported (a `--lexicon DIR` option can set it before the extraction modules load).
LEXICON = load_lexicon(overlay_dirs())
