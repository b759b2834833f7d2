"""The lexicon's tables: one row type per table, the columns each has and how a cell is checked,
and ``read_table``, which reads one TSV file and says which file and line is wrong
(``heads.tsv:12: kind 'Projet' is not one of Area, Project, …``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import NamedTuple

from kg.model import Comparator, EntityKind, PlaceKind, ProjectStatus


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
    cut_pattern: str  # the regex the word cuts a run as, when only in some contexts (获 before 国家)
    bounds: bool
    builds: bool
    status: ProjectStatus | None
    example: str
    source: Source


class ComparatorWord(NamedTuple):
    """左右, 以上, 超 ...: where the word stands by a figure and which readers use it."""

    word: str
    comparator: Comparator | None  # None: a word that only introduces a figure (保持在)
    stands: str  # "before" or "after" the figure
    figures: bool  # read by indicator facts (增长6%左右)
    investments: bool  # read by project investments (总投资超50亿元)
    shown: bool  # the word a figure is written with (figures.describe_figure)
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


class Division(NamedTuple):
    """How a place's kind follows from its level (by adcode) and the end of its name (鲤城区 → District)."""

    level: str  # "province", "prefecture" or "county"
    suffix: str  # "" for any name: the level's default kind
    kind: PlaceKind
    example: str
    source: Source


class Label(NamedTuple):
    """A Chinese word or title an output shows a person (a column title, a legend entry)."""

    name: str
    text: str
    example: str  # where it is shown
    source: Source


# --- reading and checking ---------------------------------------------------------------------

HEAD_TAGS = frozenset(
    {
        "weak",
        "local_zone",
        "class",
        "not_opener",
        "generic_zone",
        "distributes",
        "works",
        "verb_kind",
        "short_stem",
        "street_office",
        "programme",
        "verb",
        "seat",
        "town",
        "village",
        "heritage",
    }
)
UNIT_KINDS = frozenset(
    {"CNY", "USD", "PERSON_TIMES", "PERSON", "NUMBER", "TONNE", "KG", "KWH", "MU", "KM", "M2", "PERCENT", "UG_PER_M3"}
)
# The lists of words.tsv (generic.tsv and agencies.tsv are lists of their own name).
WORD_LISTS = frozenset(
    {
        "surnames",
        "positions",
        "common_places",
        "region_words",
        "not_names",
        "route_heads",
        "abbreviations",
        "place_suffixes",
        "class_bounds",
        "class_endings",
        "city_suffix",
        "variant_characters",
        "symbol_stand_ins",
        "proper_joiners",
        "verb_before_joiner",
        "range_joiners",
        "list_joiners",
        "local_part_prefix",
        "elided_head_hint",
        "site_marks",
        "list_goes_on_marks",
        "all_sectors_names",
        "place_name_tags",
        "short_form_marks",
        "province_suffix",
        "county_level_marks",
        "plenum_months",
        "plenum_mark",
        "term_mark",
        "all_sectors_hint",
        "elided_tail_hint",
        "modals",
        "place_list_joiners",
        "line_suffix",
        "range_marks",
        "enumeration_mark",
        "qualifying_categories",
        "street_counters",
        "street_endings",
        "completing_joiner",
        "inside_words",
        "programme_endings",
        "area_suffixes",
        "area_category_suffixes",
        "township_categories",
        "township_suffixes",
        "township_stems_not_names",
        "section_endings",
        "down_verbs",
        "rate_suffixes",
        "open_generic",
        "open_amount_units",
        "unit_yuan_left_out",
        "unit_yuan",
        "urban",
        "rural",
        "urban_and_rural",
        "estimate_words",
        "distributive_words",
        "alike_words",
        "task_words",
        "relative_mark",
        "year_mark",
        "digits",
        "zero_variants",
        "date_marks",
        "adopted_marks",
        "goal_words",
        "growth_shown",
        "numeral_chars",
        "numeral_leading_one",
        "revenue_expenditure",
        "figure_candidate_kinds",
        "country_name",
        "division_placeholders",
        "municipalities",
        "division_suffixes",
        "ethnic_groups",
        "autonomy_mark",
        "name_stand_in",
    }
)
DIVISION_LEVELS = ("province", "prefecture", "county")


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
    key: Callable[[tuple], tuple]  # what makes two rows duplicates
    list_name: str = ""  # a table that is one word list of this name (no list column)


TABLES: dict[str, _Table] = {
    "heads.tsv": _Table(
        HeadWord, (("word", _text), ("kind", _enum(EntityKind)), ("tags", _tags), ("example", _any)), lambda r: (r[0],)
    ),
    "verbs.tsv": _Table(
        Verb,
        (
            ("word", _text),
            ("leads", _flag),
            ("trails", _flag),
            ("cuts", _flag),
            ("cut_pattern", _regex),
            ("bounds", _flag),
            ("builds", _flag),
            ("status", _optional(_enum(ProjectStatus))),
            ("example", _any),
        ),
        lambda r: (r[0],),
    ),
    "comparators.tsv": _Table(
        ComparatorWord,
        (
            ("word", _text),
            ("comparator", _optional(_enum(Comparator))),
            ("stands", _choice(("before", "after"))),
            ("figures", _flag),
            ("investments", _flag),
            ("shown", _flag),
            ("example", _any),
        ),
        lambda r: (r[0], r[2]),
    ),
    "units.tsv": _Table(
        Unit,
        (("word", _text), ("scale", _decimal), ("kind", _choice(UNIT_KINDS)), ("example", _any)),
        lambda r: (r[0],),
    ),
    "generic.tsv": _Table(Word, (("word", _text), ("example", _any)), lambda r: (r[0],), "generic"),
    "agencies.tsv": _Table(Word, (("word", _text), ("example", _any)), lambda r: (r[0],), "agencies"),
    "words.tsv": _Table(
        Word, (("list", _choice(WORD_LISTS)), ("word", _text), ("example", _any)), lambda r: (r[0], r[1])
    ),
    "divisions.tsv": _Table(
        Division,
        (
            ("level", _choice(DIVISION_LEVELS)),
            ("suffix", _any),
            ("kind", _enum(PlaceKind)),
            ("example", _any),
        ),
        lambda r: (r[0], r[1]),
    ),
    "labels.tsv": _Table(Label, (("name", _text), ("text", _text), ("example", _any)), lambda r: (r[0],)),
    # an alternative is checked as part of its pattern, when the pattern is compiled (see _compile_all)
    "patterns.tsv": _Table(
        Pattern, (("name", _text), ("alternative", _text), ("example", _any)), lambda r: (r[0], r[1])
    ),
}


def read_table(
    path: Path, table: _Table, seen: dict[tuple, Source], paths: dict[int, Path] | None = None
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
