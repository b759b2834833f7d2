"""Candidates: the names of a sentence. A name ends in a head word that says what it is (片区,
街道, 大桥, 项目, 专项行动, 公司 ...) and starts after punctuation, a function word or the verbs
that govern it, which are trimmed; enumerations are read first, and agencies by their list."""

from __future__ import annotations

from kg.extract.entities.attributes import status_near
from kg.extract.entities.filters import draft_rejection
from kg.extract.entities.lists import distributed, enumeration, honoured, outermost, zone_contents
from kg.extract.entities.nearby import ReportContext
from kg.extract.entities.records import Draft, Mention, Span
from kg.extract.entities.relations import carried_container, place_that_builds
from kg.extract.entities.trimming import cut_run, strip_unbalanced_quotes, trim_leading
from kg.extract.entities.vocabulary import (
    AGENCY_RE,
    BOUNDARY_AFTER,
    CLAUSE,
    COUNT_BEFORE,
    COUNT_REACH,
    ENUMERATION_MARK,
    HEAD_KIND,
    HEAD_RE,
    INSIDE_WORDS,
    NAME_RUN_BACKWARDS,
    NOT_A_HEAD_AFTER,
    PHASE,
    PROGRAMME_ENDINGS,
    PROGRAMME_HEADS,
    PROGRAMME_WORKS,
    RANGE_MARKS,
    TOWARDS,
    VERB_HEADS,
    WEAK_HEADS,
)
from kg.extract.entities.words import names_something
from kg.model import EntityKind

_OPENING_QUOTE = "“"
_DOUBLE_DASH = "——"
_CLOSERS = "”)）"


def mentions(context: ReportContext, text: str) -> list[Mention]:
    """Names in a sentence: enumerations first, then names by their head word (the ones a filter
    rejects can be collected with ``filters.traced_rejections``)."""
    found: list[Mention] = []
    taken: list[Span] = []
    if ENUMERATION_MARK in text:
        for clause in CLAUSE.finditer(text):
            if text.find(ENUMERATION_MARK, clause.start(), clause.end()) < 0:
                continue  # most clauses list nothing
            items, spans = enumeration(context, text, clause.start(), clause.end())
            found += items
            taken += spans
    for match in HEAD_RE.finditer(text):
        if taken and any(s <= match.start() < e for s, e in taken):
            continue
        head, end = match.group(0), match.end()
        if not BOUNDARY_AFTER.match(text, end) and (head in WEAK_HEADS or NOT_A_HEAD_AFTER.match(text, end)):
            continue  # 站位, 路径, 园区化: the head word ends no name here
        name_end = _name_end(text, head, end)
        if name_end is None:
            continue
        end = name_end
        mention = name_ending_at(context, text, end, head)
        if mention is not None:
            found.append(mention)
    for match in AGENCY_RE.finditer(text):
        if not any(s <= match.start() < e for s, e in taken):
            found.append(Mention(EntityKind.ORGANIZATION, match.group(0), match.start(), match.end()))
    found = outermost(found)
    found += [item for mention in found for item in distributed(context, text, mention)]
    found += zone_contents(text, found)
    found += honoured(context, text, found)
    return found


def _name_end(text: str, head: str, end: int) -> int | None:
    """Where a name ending in a head word found at ``end`` ends (after its phase: 植物园一期), or
    None when the head word, followed by a boundary, still ends no name there."""
    if head in VERB_HEADS and text[end : end + 1] == _OPENING_QUOTE:
        return None  # 在涞水站“C”位: 站 is the verb "stand" before a quoted word
    if text[end : end + 1] in INSIDE_WORDS and HEAD_KIND[head] is not EntityKind.AREA:
        return None
    phase = PHASE.match(text, end)
    return phase.end() if phase else end


def name_ending_at(context: ReportContext, text: str, end: int, head: str) -> Mention | None:
    """The name that ends at ``end`` in its head word, trimmed, filtered and placed."""
    # names are at most 30 characters: a bounded window keeps long runs from costing O(n²)
    run = NAME_RUN_BACKWARDS.match(text[max(0, end - 64) : end][::-1])
    if run is None:
        return None
    start = end - run.end()
    raw = text[start:end]
    places = context.place_spans(raw)
    cut = cut_run(raw, head, HEAD_KIND[head], places)
    trimmed = trim_leading(raw[cut:])
    trimmed_at = len(raw) - len(trimmed)
    if places:
        trimmed = next((raw[ps:] for ps, pe in places if cut <= ps < trimmed_at < pe), trimmed)
    start += len(raw) - len(trimmed)
    label = strip_unbalanced_quotes(trimmed)
    start += len(trimmed) - len(trimmed.lstrip(_CLOSERS))
    kind = _programme_or(HEAD_KIND[head], head, label) if head in PROGRAMME_HEADS else HEAD_KIND[head]
    counted = (
        bool(COUNT_BEFORE.search(text, max(0, start - COUNT_REACH), start))
        or bool(COUNT_BEFORE.search(raw[:cut]))
        or text.endswith(ENUMERATION_MARK, 0, start)
    )  # 华润、招商局等央企业务板块: the class of a list
    trimmed_start = start
    builder = place_that_builds(context, label, text[max(0, start - 1) : start])
    if builder is not None:
        start += len(label) - len(builder.built)
        label = builder.built
    named_by_place = bool(places) and any(text.startswith(raw[ps:pe], start) for ps, pe in places)
    draft = Draft(kind, label, head, start, trimmed_start, text, len(trimmed) < len(raw) - cut, named_by_place)
    if draft_rejection(draft, context) is not None:
        return None
    mention = Mention(kind, label, start, start + len(label), counted=counted)
    if builder is not None:
        # 支持武汉建设国际性综合交通枢纽: a role a place takes on, unless the thing has a name of its own
        built_by_place = builder.name is not None and builder.name in context.places.by_name
        mention.container = None if built_by_place and not names_something(label) else builder.name
    elif not TOWARDS.search(text, max(0, start - 2), start) and not (
        text[max(0, start - 1) : start] in RANGE_MARKS and text[max(0, start - 2) : start] != _DOUBLE_DASH
    ):
        # 尧山至骊山工业园区供电工程, 安新—满城高等级公路: a work from another place to here lies in neither
        mention.container = carried_container(context, label, kind)
    mention.status = status_near(text, mention.start, mention.end, kind)
    return mention


def _programme_or(kind: EntityKind, head: str, label: str) -> EntityKind:
    """A 工程 that is a programme (数字产业集群发展工程, “一号工程”, 百千万工程), not a work that lies
    somewhere; ``head`` may name one (programme in heads.tsv)."""
    if label.startswith(_OPENING_QUOTE) or PROGRAMME_WORKS.search(label[:-2]) or label.endswith(PROGRAMME_ENDINGS):
        return EntityKind.INITIATIVE
    return kind
