"""Filters: whether a candidate is a whole name, or a count, a category, a slogan, a title or
what is left of a phrase. Each filter is a plain function ``(candidate, context) -> Reason | None``
listed in a registry; the first that gives a reason rejects the candidate, and the reason names
the filter and the lexicon row or pattern that decided (``kg explain`` prints it).

``LABEL_FILTERS`` look at the label alone (their verdict is cached: names recur); ``DRAFT_FILTERS``
also look at the sentence around a name found by its head word and at the report's places.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from kg.extract.entities.nearby import ReportContext
from kg.extract.entities.records import Candidate, Draft, Reason, Rejection
from kg.extract.entities.vocabulary import (
    CITY_ROLE,
    CITY_SUFFIX,
    CLASS_BOUND_RE,
    CLASS_ENDINGS,
    COUNT_BEFORE,
    COUNT_INSIDE,
    COUNT_ONLY,
    DESIGNATION,
    FIRST_OF_A_CLASS,
    GENERIC_ZONE_HEADS,
    HAN,
    HEAD_ROWS,
    LEADING_RE,
    MODEL_NUMBER,
    NOT_A_START,
    NOT_NAME_OPENERS,
    NOT_NAMES,
    NUMBERED_BIG,
    PERSON,
    PHASE,
    QUOTED,
    SHORT_STEM_HEADS,
    SLOGAN,
    STANDING_AFTER,
    TITLE_GIVEN_BEFORE,
    TRAILING_WORDS,
    VERB_KIND_HEADS,
    WORK_HEADS,
    ZONE_WITH_TITLE,
    pattern_rule,
    verb_rule,
    word_rule,
)
from kg.extract.entities.words import (
    LABELS_REMEMBERED,
    ends_in_verb,
    ends_with_any,
    is_generic,
    leading_words,
    opens_with_longer_noun,
    split_words,
    township_name,
)
from kg.model import EntityKind

LabelFilter = Callable[[Candidate, None], "Reason | None"]
DraftFilter = Callable[[Draft, ReportContext], "Reason | None"]

_DIGITS = "0123456789."
_VERB_TAGS = ("v", "vd")
_NOT_A_NAME_TAGS = ("a", "v", "vn", "ad")


def _stem(label: str, head: str) -> str:
    """The label without its head word and phase (三江口 of 三江口片区二期)."""
    return PHASE.sub("", label[: -len(head)] if head and label.endswith(head) else label)


def length(candidate: Candidate, context: None = None) -> Reason | None:
    """Names have 2 to 30 characters, some of them Han, and are more than a count (6个, 一批)."""
    label = candidate.label
    if not 2 <= len(label) <= 30 or not HAN.search(label):
        return Reason("length")
    return Reason("count_only", pattern_rule("count_only")) if COUNT_ONLY.match(label) else None


def only_the_head(candidate: Candidate, context: None = None) -> Reason | None:
    """提升行动 trimmed to 行动: nothing is left but (part of) the head."""
    return (
        Reason("only_the_head", str(HEAD_ROWS[candidate.head].source))
        if (candidate.head and candidate.head.endswith(candidate.label))
        else None
    )


def unbalanced_or_slogan(candidate: Candidate, context: None = None) -> Reason | None:
    """Quotes or brackets it does not close; a slogan that counts things (一村一品, 一县多园)."""
    label = candidate.label
    if label.count("“") != label.count("”") or label.count("(") != label.count(")"):
        return Reason("unbalanced")
    return Reason("slogan", pattern_rule("slogan")) if SLOGAN.match(label) else None


def person(candidate: Candidate, context: None = None) -> Reason | None:
    """县人大常委会主任续金明作…委员会: an official and what he delivers."""
    return Reason("person", pattern_rule("person")) if PERSON.search(candidate.label) else None


def cooperation_model(candidate: Candidate, context: None = None) -> Reason | None:
    """政府+园区+协会, 跨境电商+海外仓: a model of cooperation, not a thing ("1+N"产业园 is one)."""
    label = candidate.label
    return Reason("cooperation_model") if "+" in label and "+" in QUOTED.sub("", label) else None


def starts_with_number(candidate: Candidate, context: None = None) -> Reason | None:
    """A figure before a name (5G基站 is a model number and stays)."""
    label = candidate.label
    return Reason("starts_with_number") if label[0] in _DIGITS and not MODEL_NUMBER.match(label) else None


def governing_opener(candidate: Candidate, context: None = None) -> Reason | None:
    """A name does not start with a governing word (加快…), unless that word begins a longer noun
    (保障性住房) or the name opens with a place (和平区…)."""
    label = candidate.label
    if not label.startswith(NOT_A_START) or candidate.opens_with_place:
        return None
    opener = LEADING_RE.match(label)
    if opener and opens_with_longer_noun(label, opener.end()):
        return None
    return Reason("governing_opener", verb_rule(next(w for w in NOT_A_START if label.startswith(w))))


def trailing_word(candidate: Candidate, context: None = None) -> Reason | None:
    """What follows a name leaked into it (…建成), or what is left of a longer phrase (片区管网…)."""
    label = candidate.label
    if ends_with_any(label, TRAILING_WORDS):
        return Reason(
            "trailing_word", verb_rule(next(w for w in TRAILING_WORDS if label.endswith(w) and len(label) > len(w)))
        )
    if not label.startswith(NOT_NAME_OPENERS):
        return None
    return Reason("not_an_opener", str(HEAD_ROWS[next(h for h in NOT_NAME_OPENERS if label.startswith(h))].source))


_CLASS_PATTERNS = (
    ("first_of_a_class", FIRST_OF_A_CLASS),
    ("zone_with_title", ZONE_WITH_TITLE),
    ("city_role", CITY_ROLE),
)


def class_of_things(candidate: Candidate, context: None = None) -> Reason | None:
    """亿元以上重点项目, 第一个汽车智能制造项目, 列入财政部示范项目, 北京证券交易所上市公司: a class, not a name."""
    label = candidate.label
    bound = CLASS_BOUND_RE.search(label)
    if bound:
        return Reason("class_bound", word_rule("class_bounds", bound.group(0)))
    if label.endswith(CLASS_ENDINGS):
        return Reason("class_ending", word_rule("class_endings", next(w for w in CLASS_ENDINGS if label.endswith(w))))
    for name, pattern in _CLASS_PATTERNS:
        if pattern.search(label):
            return Reason(name, pattern_rule(name))
    return None


def counted(candidate: Candidate, context: None = None) -> Reason | None:
    """A count inside a label (3个园区) or before its head (四个片区) makes it a class."""
    label, head = candidate.label, candidate.head
    if COUNT_BEFORE.search(label[: len(label) - len(head)] if head else label):
        return Reason("count_before", pattern_rule("count_before"))
    return Reason("count_inside", pattern_rule("count_inside")) if COUNT_INSIDE.search(label) else None


def not_a_name(candidate: Candidate, context: None = None) -> Reason | None:
    """Words ending in a head character that are not names (道路, 校园), and titles (全国一级图书馆)."""
    label = candidate.label
    if ends_with_any(label, NOT_NAMES):
        return Reason("not_a_name", word_rule("not_names", next(w for w in NOT_NAMES if label.endswith(w))))
    return Reason("designation", pattern_rule("designation")) if DESIGNATION.match(label) else None


def short_stem(candidate: Candidate, context: None = None) -> Reason | None:
    """A stem of one character names nothing (专项行动 and 三年行动 after one are names of their own)."""
    return Reason("short_stem") if len(candidate.stem) < 2 and candidate.head not in SHORT_STEM_HEADS else None


def verb_and_object(candidate: Candidate, context: None = None) -> Reason | None:
    """招商促项目, 签约项目: a short stem ending in a verb names a kind of project; 激发景区, 提升园区:
    a verb and its object (jieba tags 正定, 大连 as adverbs, so only zones' heads count)."""
    stem, head = candidate.stem, candidate.head
    if head in VERB_KIND_HEADS and len(stem) <= 4 and ends_in_verb(stem):
        return Reason("verb_kind", str(HEAD_ROWS[head].source))
    if head in GENERIC_ZONE_HEADS and len(split_words(stem)) == 1 and split_words(stem)[0].tag in _VERB_TAGS:
        return Reason("verb_and_object", str(HEAD_ROWS[head].source))
    return None


def generic(candidate: Candidate, context: None = None) -> Reason | None:
    """重点产业, 城建品质提升: a stem made only of generic words (generic.tsv) is a category."""
    return Reason("generic", "generic.tsv") if is_generic(candidate.stem.strip("“”")) else None


LABEL_FILTERS: list[LabelFilter] = [
    length,
    only_the_head,
    unbalanced_or_slogan,
    person,
    cooperation_model,
    starts_with_number,
    governing_opener,
    trailing_word,
    class_of_things,
    counted,
    not_a_name,
    short_stem,
    verb_and_object,
    generic,
]


@lru_cache(maxsize=LABELS_REMEMBERED)
def label_rejection(label: str, head: str, opens_with_place: bool = False) -> Reason | None:
    """Why a label is no whole name, or None when it is one."""
    candidate = Candidate(label, head, opens_with_place, _stem(label, head))
    for label_filter in LABEL_FILTERS:
        reason = label_filter(candidate, None)
        if reason is not None:
            return reason
    return None


def acceptable(label: str, head: str, opens_with_place: bool = False) -> bool:
    """A whole name: not a count, not a category, not starting or ending with a verb."""
    return label_rejection(label, head, opens_with_place) is None


# --- filters of a name in its sentence ---------------------------------------------------------


def title_given(draft: Draft, context: ReportContext) -> Reason | None:
    """列入雄安新区建材供应基地: a title or list a place is put on, not a thing."""
    start = draft.trimmed_start
    return (
        Reason("title_given", pattern_rule("title_given_before"))
        if TITLE_GIVEN_BEFORE.search(draft.text, max(0, start - 4), start)
        else None
    )


def township_not_named(draft: Draft, context: ReportContext) -> Reason | None:
    """“塔韵粮乡”: a quoted brand; 景德镇: a city; 逐步健全街道: an adjective or verb after an adverb."""
    if draft.kind is not EntityKind.TOWNSHIP:
        return None
    label, start = draft.label, draft.start
    if (
        not township_name(label, draft.head)
        or "“" in draft.text[max(0, start - 1) : start + 1]
        or context.is_place(label)
        or context.is_place(label + CITY_SUFFIX)
    ):
        return Reason("township_not_named")
    if draft.adverb_trimmed and leading_words(label[: -len(draft.head)], 1)[0].tag in _NOT_A_NAME_TAGS:
        return Reason("township_after_adverb")
    return None


def standing(draft: Draft, context: ReportContext) -> Reason | None:
    """甘肃老工业基地的地位: a role, not a thing."""
    return (
        Reason("standing", pattern_rule("standing_after"))
        if STANDING_AFTER.match(draft.text, draft.start + len(draft.label))
        else None
    )


def numbered_big(draft: Draft, context: ReportContext) -> Reason | None:
    """四大产业板块: a count of things, not a name (五大连池 is a place)."""
    return (
        Reason("numbered_big", pattern_rule("numbered_big"))
        if (
            draft.kind is not EntityKind.INITIATIVE
            and NUMBERED_BIG.match(draft.label)
            and not context.places.inside(draft.label[:4])
        )
        else None
    )


def works_of_a_place(draft: Draft, context: ReportContext) -> Reason | None:
    """涞源项目: the projects of a place, not one."""
    return (
        Reason("works_of_a_place", str(HEAD_ROWS[draft.head].source))
        if (draft.head in WORK_HEADS and draft.label[: -len(draft.head)] in context.places.by_name)
        else None
    )


def whole_name(draft: Draft, context: ReportContext) -> Reason | None:
    """The label filters, on the label."""
    return label_rejection(draft.label, draft.head, draft.opens_with_place)


DRAFT_FILTERS: list[DraftFilter] = [
    title_given,
    township_not_named,
    standing,
    numbered_big,
    works_of_a_place,
    whole_name,
]


def draft_rejection(draft: Draft, context: ReportContext) -> Reason | None:
    """Why a name found by its head word is no entity, or None."""
    for draft_filter in DRAFT_FILTERS:
        reason = draft_filter(draft, context)
        if reason is not None:
            trace = _TRACE.get()
            if trace is not None:
                trace.append(Rejection(draft, reason))
            return reason
    return None


# The rejections of the names read while ``traced_rejections`` is open (kg explain), else None.
_TRACE: ContextVar[list[Rejection] | None] = ContextVar("rejections", default=None)


@contextmanager
def traced_rejections() -> Iterator[list[Rejection]]:
    """Collect the names a filter rejects inside the ``with``, each with its reason."""
    rejected: list[Rejection] = []
    token = _TRACE.set(rejected)
    try:
        yield rejected
    finally:
        _TRACE.reset(token)
