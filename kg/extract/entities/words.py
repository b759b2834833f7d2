"""Words of a label, read from jieba's dictionary, and what they tell about a label: whether it
holds a proper name (紫华园) or only common words (增量项目), which head word ends it, whether
it names a township (洪梅镇) or a route (临河至哈密铁路)."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from kg.extract.entities.vocabulary import (
    ABBREVIATIONS,
    AREA_CATEGORY_SUFFIXES,
    AREA_SUFFIXES,
    CLASS_HEADS,
    DISTRIBUTING_HEADS,
    GENERIC_BY_FIRST,
    HEAD_KIND,
    HEAD_LENGTHS,
    HERITAGE_HEADS,
    KIND_OF_TOWN,
    LATIN_OR_NUMBER,
    LINE_WORDS,
    LOCAL_ZONE_HEADS,
    NAME_MARKS,
    NOT_A_TOWN_STEM_END,
    NOT_IN_TOWNSHIP_STEM,
    PHASE,
    REGION_WORDS,
    ROUTE_ABBREVIATION,
    ROUTE_ENDS,
    ROUTE_HEADS,
    SECTION_ENDINGS,
    SETTLEMENT_CHAR,
    STATUS_RE,
    STREET_OFFICE_HEADS,
    STREETS_NOT_OFFICE,
    TOWN_HEADS,
    TOWNSHIP_CATEGORIES,
    TOWNSHIP_HEADS,
    TRAILING_WORDS,
    VILLAGE_HEADS,
    VILLAGE_IN_STEM,
)
from kg.model import EntityKind

_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


PROPER_TAGS = {"ns", "nr", "nz", "nt", "nrt", "nrfg", "j", "x"}


GOVERNING_TAGS = {"v", "vd", "d", "p", "c", "r", "u", "ad"}


def jieba_word_tags() -> dict[str, str]:
    """jieba's dictionary as word → part of speech.

    Read straight from jieba's ``dict.txt`` (lines of word, frequency, tag): importing
    ``jieba.posseg`` would also load its HMM tables and parse the file line by line, several
    times slower, and only the tags are used here.
    """
    fields = _jieba_dictionary_fields()
    # 55 tags for 349,000 words: each word's tag made its own string (n, nr, ns ...), 17 MB of
    # copies in the process the workers are forked from; interned, they share one
    return dict(zip(fields[0::3], map(sys.intern, fields[2::3])))


def _jieba_dictionary_fields() -> list[str]:
    """jieba's ``dict.txt`` split into its fields: word, frequency, tag, word, ..."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ImportError("jieba is not installed")
    return (Path(spec.origin).parent / "dict.txt").read_bytes().decode("utf-8").split()


def common_words_among(words: Iterable[str], frequency: int) -> frozenset[str]:
    """Those of ``words`` that jieba's dictionary holds as common words (a tag that is no proper
    name's) at least ``frequency`` times: 资源 (n, 17,453) and 合作 (vn, 13,478) of 资源县 and 合作市,
    not 博野 (n, 3) or 龙游 (n, 19), which the dictionary mis-tags but rarely saw."""
    wanted = set(words)
    fields = _jieba_dictionary_fields()
    return frozenset(
        word
        for word, count, tag in zip(fields[0::3], fields[1::3], fields[2::3])
        if word in wanted and tag not in PROPER_TAGS and int(count) >= frequency
    )


# Words are read from jieba's dictionary by forward maximum matching: jieba's own segmenter
# would also load its frequency table (half a second per process) for the few short labels checked here.
WORD_TAGS: dict[str, str] = jieba_word_tags()


LONGEST_WORD = 8

# How many labels (and words) each cache of the passes remembers. A report's labels rarely recur
# in another's: on the corpus a cache of 4,096 reads it as fast as one of 65,536, while 65,536
# entries in each of seven caches held some 80 MB in every worker by 20,000 reports.
LABELS_REMEMBERED = 8192


class TaggedWord(NamedTuple):
    """A dictionary word and its jieba part-of-speech tag (修缮 v, 花桥 ns; x outside the dictionary)."""

    word: str
    tag: str


@lru_cache(maxsize=LABELS_REMEMBERED)
def split_words(text: str) -> tuple[TaggedWord, ...]:
    """Dictionary words of a text, longest first from the left, with their tags; a character
    outside the dictionary is a word of its own tagged ``x`` (Latin runs and numbers ``eng``/``m``).

    >>> split_words("修缮花桥慈济宫")[0]
    TaggedWord(word='修缮', tag='v')
    """
    return leading_words(text, len(text))


def leading_words(text: str, count: int) -> tuple[TaggedWord, ...]:
    """The first ``count`` words of ``split_words(text)``: the words are read from the left, so
    those after them need not be looked up (修缮花桥慈济宫 → 修缮, when only the first counts)."""
    found: list[TaggedWord] = []
    position = 0
    while position < len(text) and len(found) < count:
        latin = LATIN_OR_NUMBER.match(text, position)
        if latin:
            found.append(TaggedWord(latin.group(0), "m" if latin.group(0)[0].isdigit() else "eng"))
            position = latin.end()
            continue
        for length in range(min(LONGEST_WORD, len(text) - position), 0, -1):
            word = text[position : position + length]
            tag = WORD_TAGS.get(word)
            if tag is not None:
                break
        else:
            word, tag = text[position], "x"
        found.append(TaggedWord(word, tag))
        position += len(word)
    return tuple(found)


@lru_cache(maxsize=LABELS_REMEMBERED)
def names_something(label: str) -> bool:
    """Whether a label holds a proper name: a place or personal name, a word outside the
    dictionary, quotes, Latin letters or digits (紫华园, 坂头变电站, “六个先行”配套项目), rather than
    only common words (增量项目, 国家实验室基地).

    >>> names_something("坂头变电站"), names_something("增量项目")
    (True, False)
    """
    head = final_head(label)
    stem = PHASE.sub("", label[: -len(head)] if head else label)
    if NAME_MARKS.search(stem):
        return True
    singles = 0
    for word, tag in split_words(stem):
        if tag in PROPER_TAGS:
            return True
        # single characters outside the dictionary suggest a name (紫华园), but not settlement words (镇村片区)
        singles = singles + 1 if len(word) == 1 and not SETTLEMENT_CHAR.fullmatch(word) else 0
        if singles >= 2:
            return True
    return False


@lru_cache(maxsize=LABELS_REMEMBERED)
def has_governing_word(stem: str) -> bool:
    """A verb, adverb, pronoun or function word inside a would-be place name (组织各镇, 环雄安乡)."""
    return any(tag in ("v", "vd", "vn", "d", "r", "p", "c", "u") for _, tag in split_words(stem))


@lru_cache(maxsize=LABELS_REMEMBERED)
def ends_in_verb(stem: str) -> bool:
    """招商促(项目), 签约(项目): a short stem ending in a verb names a kind of project, not one."""
    words = split_words(stem)
    return bool(words) and words[-1].tag in ("v", "vd")


# Heads that name a class of things (争大项目, 建强园区): a verb before them is never part of a name.
def opens_with_longer_noun(label: str, length: int) -> bool:
    """Whether the first dictionary word of a label is a noun made of a ``length``-character
    leading word and one suffix character (保障性, 服务业); longer ones are often phrases (积极探索)."""
    word, tag = leading_words(label[:LONGEST_WORD], 1)[0]
    return len(word) == length + 1 and tag == "n"


@lru_cache(maxsize=LABELS_REMEMBERED)
def leading_verb(label: str) -> str | None:
    """The first word when jieba tags it a verb, adverb, preposition or pronoun (修缮花桥慈济宫 → 修缮);
    never one glued to the rest by · (建发·养云)."""
    if label.startswith(ABBREVIATIONS):
        return None  # 自贸试验区: jieba does not know the abbreviation and tags 自 a preposition
    # jieba's first word is a dictionary word the label starts with: without a governing one, skip it
    if not any(WORD_TAGS.get(label[:n]) in GOVERNING_TAGS for n in range(1, 5)):
        return None
    words = leading_words(label[:12], 2)
    if len(words) < 2:
        return None
    (first, tag), (second, _) = words[0], words[1]
    if len(first) == 1 and ROUTE_ABBREVIATION.match(label[1:]):
        return None  # 保沧线: two one-character abbreviations of places name a route
    if len(first) == 1:
        head = final_head(label[1:]) or ""
        if len(label) - 1 - len(head) < 2 and head not in CLASS_HEADS:
            return None  # 承秦高速公路, 保沧线: a one-character "verb" that leaves no name is part of the name
    if tag in GOVERNING_TAGS and not second.startswith("·") and len(label) - len(first) >= 3:
        return first
    if tag == "a" and words[1].tag == "v" and len(second) >= 2 and len(label) - len(first) - len(second) >= 3:
        return first  # 稳妥处置…: an adjective used as an adverb before its verb
    return None


def is_generic(text: str) -> bool:
    """Whether a text is made only of generic words (重点产业, 城建品质提升).

    >>> is_generic("城建品质提升"), is_generic("三江口")
    (True, False)
    """
    if not text:
        return True
    reachable = [True] + [False] * len(text)
    for i, char in enumerate(text):
        if not reachable[i]:
            continue
        for word in GENERIC_BY_FIRST.get(char, ()):
            if text.startswith(word, i):
                reachable[i + len(word)] = True
    return reachable[len(text)]


def ends_with_any(label: str, words: tuple[str, ...]) -> bool:
    """Whether the label ends with one of the words and is longer than it."""
    return label.endswith(words) and any(label.endswith(w) and len(label) > len(w) for w in words)


def final_head(label: str) -> str | None:
    """The longest head word the label ends with, when something stands before it."""
    for length in HEAD_LENGTHS:
        if len(label) > length and label[-length:] in HEAD_KIND:
            return label[-length:]
    return None


def kind_by_head(label: str) -> EntityKind | None:
    head = final_head(label)
    if head:
        return HEAD_KIND[head]
    phase = PHASE.search(label)
    if phase and phase.end() == len(label):
        return kind_by_head(label[: phase.start()])
    return None


def township_name(label: str, head: str) -> bool:
    """镇/乡/街道 with a proper name before it (洪梅镇, 东海街道), not 城镇, 乡镇, 特色小镇 or 示范镇."""
    stem = label[: -len(head)] if label.endswith(head) else label
    office = head in STREET_OFFICE_HEADS
    if not 2 <= len(stem) <= (4 if office else 3) or not _HAN_ONLY.fullmatch(stem):
        return False
    if not office and NOT_A_TOWN_STEM_END.search(stem):
        return False  # 城镇, 乡镇, 特色小镇, 示范镇
    if head in TOWN_HEADS and KIND_OF_TOWN.fullmatch(stem):
        return False  # 小城镇, 县城镇, 特色城镇 are kinds of towns; 阳城镇 is one
    if STREETS_NOT_OFFICE.search(stem) or (office and VILLAGE_IN_STEM.search(stem)):
        return False  # 村内街道, 城区主要街道: streets, not a 街道 office
    word = WORD_TAGS.get(stem[-1] + head) if head in VILLAGE_HEADS else None
    if word is not None and word not in PROPER_TAGS:
        return False  # 爱家乡: 家乡 is a word, not a place called 爱家
    if any(tag == "b" for _, tag in split_words(stem)):
        return False  # 主要, 大型: a property, not a proper name
    if NOT_IN_TOWNSHIP_STEM.search(stem) or STATUS_RE.match(stem) or ends_with_any(stem, TRAILING_WORDS):
        return False
    return not is_generic(stem) and not has_governing_word(stem)


def township_stem(label: str) -> str:
    for head in TOWNSHIP_HEADS:
        if label.endswith(head):
            return label[: -len(head)]
    return label


def area_stem(label: str) -> str:
    for suffix in AREA_SUFFIXES:
        if label.endswith(suffix) and len(label) - len(suffix) >= 2:
            return label[: -len(suffix)]
    return label


def local_zone(label: str) -> bool:
    """A local planning zone called by a short proper name (三江口片区, 昝岗片区), not a kind of
    zone (标志性街区, 夜经济商圈).

    >>> local_zone("三江口片区"), local_zone("标志性街区"), local_zone("雄安新区")
    (True, False, False)
    """
    head = final_head(label)
    return (
        head in LOCAL_ZONE_HEADS
        and len(label) - len(head) <= 4
        and names_something(label)
        and not (head in HERITAGE_HEADS and label[: -len(head)] in REGION_WORDS)
    )  # “江南古镇”: a kind


def names_route(label: str) -> bool:
    """A route, or a section of one, named by its two ends (临河至哈密铁路, 渝厦高铁重庆东至黔江段).

    >>> names_route("临河至哈密铁路"), names_route("张坊至德州蠡县段项目"), names_route("长江池州段")
    (True, True, False)
    """
    ends = ROUTE_ENDS.search(label)
    return ends is not None and (
        final_head(label) in ROUTE_HEADS
        or label.endswith(SECTION_ENDINGS)
        or bool(LINE_WORDS.search(label, ends.end()))
    )


def distributes(head: str) -> bool:
    """Head words that short stems listed before them share (东海、清源街道; 江南、江北片区); the
    heads of named places (洛邑古城) are not shared by the items before them (只有河南、万岁山)."""
    return HEAD_KIND[head] is EntityKind.TOWNSHIP or head in DISTRIBUTING_HEADS


def category_suffix(category: str, kind: EntityKind) -> str | None:
    """The head word an item takes from its category: 繁荣站前西 in ``…等重点片区`` is 繁荣站前西片区."""
    if kind is EntityKind.AREA:
        return next((suffix for suffix in AREA_CATEGORY_SUFFIXES if category.endswith(suffix)), None)
    if kind is EntityKind.TOWNSHIP:
        for suffix in TOWNSHIP_HEADS:
            if category.endswith(suffix) and not category.endswith(TOWNSHIP_CATEGORIES):
                return suffix
    return None
