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
* ``patterns.tsv``: named regexes, one alternative per row (``{{list}}`` stands for a word list or
  another pattern).
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from kg.model import Comparator, EntityKind, ProjectStatus

LEXICON_DIR = Path(__file__).resolve().parent / "zh"


class LexiconError(ValueError):
    """A table that cannot be read as it stands; the message names the file and the line."""


class Source(NamedTuple):
    """Where a row was read: shown by reasons, so a user can find the row that decided."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


# --- row types --------------------------------------------------------------------------------


class HeadWord(NamedTuple):
    word: str
    kind: EntityKind
    tags: frozenset[str]
    example: str
    source: Source


class Verb(NamedTuple):
    """A word that governs a name: it may lead it (加快建设…), trail it (…建成), cut a run
    (…创建…), follow a head word (…片区建设), set a project's status, or make what precedes
    it the builder of what follows (张家口建设…)."""

    word: str
    leads: bool
    trails: bool
    cuts: bool
    cut_pattern: str        # the regex the word cuts a run as, when only in some contexts (获 before 国家)
    bounds: bool
    builds: bool
    status: ProjectStatus | None
    example: str
    source: Source


class ComparatorWord(NamedTuple):
    """左右, 以上, 超 ...: where the word stands by a figure and which readers use it."""

    word: str
    comparator: Comparator | None   # None: a word that only introduces a figure (保持在)
    stands: str                     # "before" or "after" the figure
    figures: bool                   # read by indicator facts (增长6%左右)
    investments: bool               # read by project investments (总投资超50亿元)
    shown: bool                     # the word a figure is written with (figures.describe_figure)
    example: str
    source: Source


class Unit(NamedTuple):
    word: str
    scale: Decimal
    kind: str
    example: str
    source: Source


class Word(NamedTuple):
    list: str
    word: str
    example: str
    source: Source


class Pattern(NamedTuple):
    name: str
    alternative: str
    example: str
    source: Source


# --- reading and checking ---------------------------------------------------------------------

HEAD_TAGS = frozenset({"weak", "local_zone", "class", "not_opener", "generic_zone", "distributes", "works", "verb_kind",
                       "short_stem", "street_office", "programme",
                       "verb", "seat", "town", "village", "heritage"})
UNIT_KINDS = frozenset({"CNY", "USD", "PERSON_TIMES", "PERSON", "NUMBER", "TONNE", "KG", "KWH", "MU", "KM", "M2",
                        "PERCENT"})
# The lists of words.tsv (generic.tsv and agencies.tsv are lists of their own name).
WORD_LISTS = frozenset({
    "surnames", "positions", "common_places", "region_words", "not_names", "route_heads", "abbreviations",
    "place_suffixes", "class_bounds", "class_endings", "city_suffix", "proper_joiners", "verb_before_joiner",
    "range_joiners", "list_joiners", "site_marks", "modals", "place_list_joiners", "line_suffix", "range_marks",
    "enumeration_mark", "qualifying_categories", "street_counters", "street_endings", "completing_joiner",
    "inside_words", "programme_endings", "area_suffixes", "area_category_suffixes", "township_categories",
    "section_endings", "down_verbs", "rate_suffixes", "open_generic", "open_amount_units", "urban", "rural",
    "urban_and_rural", "estimate_words", "distributive_words", "task_words",
    "relative_mark", "year_mark", "digits", "zero_variants", "date_marks", "goal_words", "growth_shown",
    "numeral_chars",
})


def _flag(value: str) -> bool:
    if value not in ("", "y"):
        raise ValueError(f"expected 'y' or nothing, not {value!r}")
    return value == "y"


def _text(value: str) -> str:
    if not value:
        raise ValueError("empty")
    return value


def _any(value: str) -> str:
    return value


def _regex(value: str) -> str:
    if value:
        re.compile(value.replace("{{", "").replace("}}", ""))
    return value


def _enum(kind: type[Enum]) -> Callable[[str], object]:
    def parse(value: str) -> object:
        try:
            return kind(value)
        except ValueError:
            raise ValueError(f"{value!r} is not one of {', '.join(m.value for m in kind)}") from None
    return parse


def _optional(parse: Callable[[str], object]) -> Callable[[str], object]:
    return lambda value: None if value in ("", "-") else parse(value)


def _choice(choices: Iterable[str]) -> Callable[[str], str]:
    allowed = frozenset(choices)

    def parse(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return value
    return parse


def _tags(value: str) -> frozenset[str]:
    tags = frozenset(t for t in value.split(",") if t)
    unknown = tags - HEAD_TAGS
    if unknown:
        raise ValueError(f"unknown tag {', '.join(sorted(unknown))} (known: {', '.join(sorted(HEAD_TAGS))})")
    return tags


def _decimal(value: str) -> Decimal:
    try:
        return Decimal(value)
    except ArithmeticError:
        raise ValueError(f"{value!r} is not a number") from None


class _Table(NamedTuple):
    row: type
    columns: tuple[tuple[str, Callable[[str], object]], ...]
    key: Callable[[tuple], tuple]       # what makes two rows duplicates
    list_name: str = ""                 # a table that is one word list of this name (no list column)


_TABLES: dict[str, _Table] = {
    "heads.tsv": _Table(HeadWord, (("word", _text), ("kind", _enum(EntityKind)), ("tags", _tags),
                                   ("example", _any)), lambda r: (r[0],)),
    "verbs.tsv": _Table(Verb, (("word", _text), ("leads", _flag), ("trails", _flag), ("cuts", _flag),
                               ("cut_pattern", _regex), ("bounds", _flag), ("builds", _flag),
                               ("status", _optional(_enum(ProjectStatus))), ("example", _any)), lambda r: (r[0],)),
    "comparators.tsv": _Table(ComparatorWord, (("word", _text), ("comparator", _optional(_enum(Comparator))),
                                               ("stands", _choice(("before", "after"))), ("figures", _flag),
                                               ("investments", _flag), ("shown", _flag), ("example", _any)),
                              lambda r: (r[0], r[2])),
    "units.tsv": _Table(Unit, (("word", _text), ("scale", _decimal), ("kind", _choice(UNIT_KINDS)),
                               ("example", _any)), lambda r: (r[0],)),
    "generic.tsv": _Table(Word, (("word", _text), ("example", _any)), lambda r: (r[0],), "generic"),
    "agencies.tsv": _Table(Word, (("word", _text), ("example", _any)), lambda r: (r[0],), "agencies"),
    "words.tsv": _Table(Word, (("list", _choice(WORD_LISTS)), ("word", _text), ("example", _any)),
                        lambda r: (r[0], r[1])),
    # an alternative is checked as part of its pattern, when the pattern is compiled (see _compile_all)
    "patterns.tsv": _Table(Pattern, (("name", _text), ("alternative", _text), ("example", _any)),
                           lambda r: (r[0], r[1])),
}


def read_table(path: Path, table: _Table, seen: dict[tuple, Source], paths: dict[int, Path] | None = None
               ) -> list[tuple]:
    """The rows of one TSV file, checked; ``seen`` holds the keys of rows read before (a
    duplicate is an error, also across the package's table and an overlay's)."""
    rows = []
    header: list[str] | None = None
    names = [name for name, _ in table.columns]
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        where = f"{path}:{number}"
        if header is None:
            header = cells
            if header != names:
                raise LexiconError(f"{where}: the columns are {header}, expected {names}")
            continue
        if len(cells) > len(names):
            raise LexiconError(f"{where}: {len(cells)} columns, expected at most {len(names)}")
        cells += [""] * (len(names) - len(cells))
        values = []
        for (name, parse), cell in zip(table.columns, cells):
            try:
                values.append(parse(cell))
            except (ValueError, re.error) as error:
                raise LexiconError(f"{where}: column {name}: {error}") from None
        source = Source(path.name, number)
        key = table.key(tuple(values))
        if key in seen:
            raise LexiconError(f"{where}: duplicate of the row at {seen[key]}")
        seen[key] = source
        rows.append(table.row(*([table.list_name] if table.list_name else []), *values, source))
        if paths is not None:
            paths[id(rows[-1])] = path
    return rows


def alternation(words: Iterable[str]) -> str:
    """Words as a regex alternation, longest first, so that the longest word at a position wins."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    """All tables, and the regexes made from them."""

    heads: tuple[HeadWord, ...]
    verbs: tuple[Verb, ...]
    comparators: tuple[ComparatorWord, ...]
    units: tuple[Unit, ...]
    words: Mapping[str, tuple[Word, ...]]
    patterns: Mapping[str, tuple[Pattern, ...]]
    compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False, compare=False)

    def word_list(self, name: str) -> tuple[str, ...]:
        """The words of a list, in the order of the table."""
        return tuple(w.word for w in self.words.get(name, ()))

    def comparator_words(self, stands: str, reader: str, with_comparator: bool = False) -> tuple[str, ...]:
        """The comparator words that stand ``before`` or ``after`` a figure for a reader
        (``figures`` or ``investments``), longest first."""
        return tuple(sorted((c.word for c in self.comparators if c.stands == stands and getattr(c, reader)
                             and (c.comparator is not None or not with_comparator)), key=len, reverse=True))

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
        return "|".join(re.sub(r"\{\{(\w+)\}\}", lambda m: self._list_alternation(m.group(1)), row.alternative)
                        for row in rows)

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
    rows: dict[str, list[Any]] = {name: [] for name in _TABLES}
    seen: dict[str, dict[tuple, Source]] = {name: {} for name in _TABLES}
    paths: dict[int, Path] = {}
    for folder in (LEXICON_DIR, *extra_dirs):
        for name, table in _TABLES.items():
            path = Path(folder) / name
            if path.exists():
                rows[name] += read_table(path, table, seen[name], paths)
    words: dict[str, list[Word]] = {}
    for word in rows["words.tsv"] + rows["generic.tsv"] + rows["agencies.tsv"]:
        words.setdefault(word.list, []).append(word)
    patterns: dict[str, list[Pattern]] = {}
    for pattern in rows["patterns.tsv"]:
        patterns.setdefault(pattern.name, []).append(pattern)
    lexicon = Lexicon(heads=tuple(rows["heads.tsv"]), verbs=tuple(rows["verbs.tsv"]),
                      comparators=tuple(rows["comparators.tsv"]), units=tuple(rows["units.tsv"]),
                      words={k: tuple(v) for k, v in words.items()},
                      patterns={k: tuple(v) for k, v in patterns.items()})
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
