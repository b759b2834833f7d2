"""The words and patterns entity extraction reads by, taken from the lexicon (kg/lexicon/zh/)
under the names the passes use. Nothing here is spelled in code: see the tables for the words
and an example of each."""

from __future__ import annotations

import re

from kg.lexicon import LEXICON as LEX
from kg.model import EntityKind, ProjectStatus

# --- head words (heads.tsv) -------------------------------------------------------------------

HEADS: list[tuple[str, EntityKind]] = sorted(((h.word, h.kind) for h in LEX.heads), key=lambda item: -len(item[0]))
HEAD_KIND = dict(HEADS)
HEAD_LENGTHS = sorted({len(h) for h in HEAD_KIND}, reverse=True)
HEAD_RE = LEX.words_regex("heads", HEAD_KIND)
HEAD_ROWS = {h.word: h for h in LEX.heads}


def _tagged(tag: str) -> frozenset[str]:
    return frozenset(h.word for h in LEX.heads if tag in h.tags)


WEAK_HEADS = _tagged("weak")
LOCAL_ZONE_HEADS = _tagged("local_zone")
CLASS_HEADS = _tagged("class")
NOT_NAME_OPENERS = tuple(h.word for h in LEX.heads if "not_opener" in h.tags)
GENERIC_ZONE_HEADS = _tagged("generic_zone")
DISTRIBUTING_HEADS = _tagged("distributes")
WORK_HEADS = _tagged("works")
VERB_KIND_HEADS = _tagged("verb_kind")
SHORT_STEM_HEADS = _tagged("short_stem")
STREET_OFFICE_HEADS = _tagged("street_office")
PROGRAMME_HEADS = _tagged("programme")
VERB_HEADS = _tagged("verb")
SEAT_HEAD = next(h.word for h in LEX.heads if "seat" in h.tags)
TOWN_HEADS = _tagged("town")
VILLAGE_HEADS = _tagged("village")
HERITAGE_HEADS = _tagged("heritage")
TOWNSHIP_HEADS = tuple(h.word for h in LEX.heads if h.kind is EntityKind.TOWNSHIP)

# --- governing words (verbs.tsv) --------------------------------------------------------------

VERB_ROWS = {v.word: v for v in LEX.verbs}
LEADING_WORDS = tuple(sorted((v.word for v in LEX.verbs if v.leads), key=len, reverse=True))
LEADING_RE = LEX.words_regex("leading", LEADING_WORDS)
TRAILING_WORDS = tuple(sorted((v.word for v in LEX.verbs if v.trails), key=len, reverse=True))
_CUTS = sorted((v for v in LEX.verbs if v.cuts), key=lambda v: -len(v.word))
INNER_CUTS = LEX.compile("inner_cuts", "(?:" + "|".join(v.cut_pattern or re.escape(v.word) for v in _CUTS) + ")")
STATUS_WORDS: list[tuple[str, ProjectStatus]] = sorted(
    ((v.word, v.status) for v in LEX.verbs if v.status), key=lambda item: -len(item[0])
)
STATUS_RE = LEX.words_regex("status", (w for w, _ in STATUS_WORDS))
STATUS = dict(STATUS_WORDS)
PLACE_BUILDS = LEX.words_regex("builds", (v.word for v in LEX.verbs if v.builds))
BOUNDARY_AFTER = LEX.compile(
    "boundary_after",
    "(?:"
    + LEX.pattern_source("head_boundary")
    + "|"
    + "|".join(re.escape(v.word) for v in LEX.verbs if v.bounds)
    + ")",
)

# --- word lists (generic.tsv, agencies.tsv, words.tsv) ----------------------------------------

AGENCY_RE = LEX.words_regex("agencies", LEX.word_list("agencies"))
GENERIC_WORDS = tuple(sorted(LEX.word_list("generic"), key=len, reverse=True))
# generic words by their first character, for the word-break check in is_generic
GENERIC_BY_FIRST: dict[str, list[str]] = {}
for _word in GENERIC_WORDS:
    GENERIC_BY_FIRST.setdefault(_word[0], []).append(_word)
SURNAMES = frozenset(LEX.word_list("surnames"))
COMMON_PLACE_NAMES = frozenset(LEX.word_list("common_places"))
REGION_WORDS = frozenset(LEX.word_list("region_words"))
NOT_NAMES = LEX.word_list("not_names")
ROUTE_HEADS = frozenset(LEX.word_list("route_heads"))
ABBREVIATIONS = LEX.word_list("abbreviations")
PLACE_SUFFIXES = LEX.word_list("place_suffixes")
CLASS_BOUND_RE = LEX.words_regex("class_bounds", LEX.word_list("class_bounds"))
CLASS_ENDINGS = LEX.word_list("class_endings")
CITY_SUFFIX = LEX.word_list("city_suffix")[0]
PROPER_JOINERS = LEX.word_list("proper_joiners")
VERB_BEFORE_JOINER = LEX.word_list("verb_before_joiner")
RANGE_JOINERS = LEX.word_list("range_joiners")
LIST_JOINERS = LEX.word_list("list_joiners")
SITE_MARK = LEX.word_list("site_marks")[0]
MODALS = LEX.word_list("modals")
PLACE_LIST_JOINERS = LEX.word_list("place_list_joiners")
LINE_SUFFIX = LEX.word_list("line_suffix")[0]
RANGE_MARKS = LEX.word_list("range_marks")
ENUMERATION_MARK = LEX.word_list("enumeration_mark")[0]
QUALIFYING_CATEGORIES = LEX.word_list("qualifying_categories")
STREET_COUNTERS = LEX.word_list("street_counters")
STREET_ENDINGS = LEX.word_list("street_endings")
COMPLETING_JOINER = LEX.word_list("completing_joiner")[0]
INSIDE_WORDS = LEX.word_list("inside_words")
PROGRAMME_ENDINGS = LEX.word_list("programme_endings")
AREA_SUFFIXES = LEX.word_list("area_suffixes")
AREA_CATEGORY_SUFFIXES = LEX.word_list("area_category_suffixes")
TOWNSHIP_CATEGORIES = LEX.word_list("township_categories")
SECTION_ENDINGS = LEX.word_list("section_endings")
NOT_A_START = LEADING_WORDS

# --- patterns (patterns.tsv) ------------------------------------------------------------------

P = LEX.pattern
NOT_A_HEAD_AFTER = P("not_a_head_after")
PHASE = P("phase")
LEFT_BREAKS = P("left_breaks")
NOT_A_TOWNSHIP_AFTER = P("not_a_township_after")
CATEGORY_KINDS = [
    (P("category_organization"), EntityKind.ORGANIZATION),
    (P("category_area"), EntityKind.AREA),
    (P("category_township"), EntityKind.TOWNSHIP),
    (P("category_initiative"), EntityKind.INITIATIVE),
    (P("category_project"), EntityKind.PROJECT),
]
ENUMERATION = P("enumeration")
RESEARCH_CENTRES = P("research_centres")
COUNT_BEFORE = P("count_before")
# The shortest count ending at a position has at most five characters (a numeral, 余个, 以上),
# so searching the last eight finds the same counts as searching all the text before it.
COUNT_REACH = 8
NUMBERED_BIG = P("numbered_big")
COUNT_INSIDE = P("count_inside")
NOT_PLACE_AFTER = P("not_place_after")
AROUND = P("around")
SITE = P("site")
TITLE_GIVEN_BEFORE = P("title_given_before")
STANDING_AFTER = P("standing_after")
CITY_ROLE = P("city_role")
JOINERS = P("joiners")
REGION_AROUND = P("region_around")
LANDFORM_AFTER = P("landform_after")
BRANCH_AFTER = P("branch_after")
DESIGNATION = P("designation")
SLOGAN = P("slogan")
FIRST_OF_A_CLASS = P("first_of_a_class")
ZONE_WITH_TITLE = P("zone_with_title")
COUNT_ONLY = P("count_only")
PERSON = P("person")
INVESTMENT_BEFORE = P("investment_before")
INVESTMENT_AFTER = P("investment_after")
HONOUR = P("honour")
HONOUR_VERB = P("honour_verb")
COMPANY_HONOUR = P("company_honour")
NOT_INSIDE_VERB = P("not_inside_verb")
TOWARDS = P("towards")
TOPIC_TAIL = P("topic_tail")
TOPIC_CLAUSE_REST = P("topic_clause_rest")
TOWN_SEAT = P("town_seat")
LEADING_COUNT = P("leading_count")
LINE_WORDS = P("line_words")
VERB_AFTER = P("verb_after")
ROUTE_ENDS = P("route_ends")
ZONE_INSIDE = P("zone_inside")
ZONE_ITEMS_TAIL = P("zone_items_tail")
PROGRAMME_WORKS = P("programme_works")
OWN_PROJECT = P("own_project")
ROUTE_ABBREVIATION = P("route_abbreviation")
LIST_SEPARATORS = P("list_separators")
NOT_IN_TOWNSHIP_STEM = P("not_in_township_stem")
SETTLEMENT_CHAR = P("settlement_char")
NOT_A_TOWN_STEM_END = P("not_a_town_stem_end")
KIND_OF_TOWN = P("kind_of_town")
STREETS_NOT_OFFICE = P("streets_not_office")
VILLAGE_IN_STEM = P("village_in_stem")

# Punctuation and scripts, no words.
NAME_CHARS = r"\u4e00-\u9fffA-Za-z0-9·+\-“”()()"
# Matched on the reversed text before a head: "[…]+$" searched forwards retries every start.
NAME_RUN_BACKWARDS = re.compile(f"[{NAME_CHARS}]+")
QUOTED = re.compile(r"“[^“”]*”")
HAN = re.compile(r"[\u4e00-\u9fff]")
MODEL_NUMBER = re.compile(r"\d+[A-Za-z]")
NAME_MARKS = re.compile(r"[“·A-Za-z]|\d")
NOTE_MARK = re.compile(r"[〔\[【(（]\d{1,3}[〕\]】)）]$")
CLAUSE = re.compile(r"[^,;:。]+")
CLAUSE_NO_STOP = re.compile(r"[^,;:]+")
LATIN_OR_NUMBER = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?")


# --- the rows that decide, for reasons ---------------------------------------------------------


def verb_rule(word: str) -> str:
    """``verbs.tsv:LINE`` of a governing word."""
    return str(VERB_ROWS[word].source)


def word_rule(list_name: str, word: str) -> str:
    """``words.tsv:LINE`` of a word of a list."""
    return next(str(w.source) for w in LEX.words[list_name] if w.word == word)


def pattern_rule(name: str) -> str:
    """``patterns.tsv:LINE (name)`` of a named pattern's first row."""
    return f"{LEX.patterns[name][0].source} ({name})"
