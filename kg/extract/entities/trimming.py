"""Trimming a run of text down to a name: the governing verbs, adverbs and counts before it
(加快建设江南片区 → 江南片区), the phrase before the last function word or cutting verb, and
quotes or brackets it does not open."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from kg.extract.entities.records import Span
from kg.extract.entities.vocabulary import (
    HEAD_RE,
    INNER_CUTS,
    LEADING_COUNT,
    LEADING_RE,
    LEADING_WORDS,
    LEFT_BREAKS,
    LIST_JOINERS,
    PROPER_JOINERS,
    QUOTED,
    RANGE_JOINERS,
    VERB_BEFORE_JOINER,
)
from kg.extract.entities.words import (
    LABELS_REMEMBERED,
    WORD_TAGS,
    leading_verb,
    names_route,
    names_something,
    opens_with_longer_noun,
)
from kg.lexicon import LEXICON as LEX
from kg.model import EntityKind


@lru_cache(maxsize=LABELS_REMEMBERED)
def trim_leading(label: str) -> str:
    """Remove governing verbs, adverbs and counts from the front: 加快建设江南片区 → 江南片区.

    >>> trim_leading("建成投用通政小学田中校区"), trim_leading("新开工3个项目")
    ('通政小学田中校区', '项目')
    """
    changed = True
    while changed and label:
        changed = False
        if label[0] in "、,":
            label, changed = label[1:], True
            continue
        count = LEADING_COUNT.match(label)
        if count:
            label, changed = label[count.end() :], True
            continue
        word = LEADING_RE.match(label)
        if word and opens_with_longer_noun(label, word.end()):
            word = None  # 保障性住房: the leading word is the start of a longer noun
        if word and word.end() < len(label):
            label, changed = label[word.end() :], True
        elif word:
            # the longest leading word is the whole label: a shorter one may still be trimmed
            shorter = next((w for w in LEADING_WORDS if label.startswith(w) and len(label) > len(w)), None)
            if shorter:
                label, changed = label[len(shorter) :], True
        if not changed:
            verb = leading_verb(label)
            if verb:
                label, changed = label[len(verb) :], True
    return label


def only_governing(text: str) -> bool:
    """Whether a text is nothing but governing verbs and adverbs (加快, 提速推进)."""
    text = text.strip()
    return not text or trim_leading(text + _TWO_UNKNOWN) == _TWO_UNKNOWN


# Two characters that no governing word starts or ends with, standing for a name after a text (口口).
_TWO_UNKNOWN = LEX.word_list("name_stand_in")[0]


def after_unmatched_closer(run: str) -> int:
    """Where a run starts after a closing quote or bracket it does not open (“世遗典范城”“中央创新区)."""
    if "”" not in run and ")" not in run and "）" not in run:
        return 0
    depth, cut = 0, 0
    for i, char in enumerate(run):
        if char in "“(（":
            depth += 1
        elif char in "”)）":
            if depth == 0:
                cut = i + 1
            else:
                depth -= 1
    return cut


def after_last_break(text: str, keep: Sequence[tuple[int, int]] = ()) -> str:
    cut = 0
    for m in LEFT_BREAKS.finditer(text):
        if any(ks <= m.start() < ke for ks, ke in keep):
            continue  # 诸暨: a place's name is not cut at the function word inside it
        # 和/及/与 join the items of an enumeration; only other function words end the phrase before it
        if m.group(0) in RANGE_JOINERS and names_route(
            text[: m.start()].rsplit("、", 1)[-1] + RANGE_JOINERS[0] + text[m.end() :].split("、", 1)[0]
        ):
            continue  # 渝厦高铁重庆东至黔江段: an item named by both ends
        if m.group(0) not in LIST_JOINERS and m.end() > cut:
            cut = m.end()
    for m in INNER_CUTS.finditer(text):
        if m.end() > cut:
            cut = m.end()
    return text[cut:]


def strip_unbalanced_quotes(label: str) -> str:
    label = label.strip("、,")
    while label and label[0] in "”)）":
        label = label[1:]
    while label and label[-1] in "“(（":
        label = label[:-1]
    if label.count("“") > label.count("”") and label.startswith("“"):
        label = label[1:]
    return label


def cut_run(raw: str, head: str, kind: EntityKind, places: list[Span]) -> int:
    """Where a name starts in a run of name characters ending in its head word: after the last
    function word and the last governing verb inside the run, and after a quoted name of its own
    or a closer it does not open."""
    cut = 0
    quoted = [(q.start(), q.end()) for q in QUOTED.finditer(raw)] if "“" in raw else []
    for pattern in (LEFT_BREAKS, INNER_CUTS):
        for m in pattern.finditer(raw):
            if (
                m.end() <= len(raw) - len(head)
                and m.end() > cut
                and not _keeps_run(raw, m, pattern, head, kind, places, quoted)
            ):
                cut = m.end()
    # 河北“一号工程”曹妃甸港区: a quoted name of its own before another name
    for qs, qe in quoted:
        if (
            qe < len(raw) - len(head)
            and HEAD_RE.search(raw, qs, qe)
            and qe > cut
            and len(raw) - qe >= 4
            and names_something(raw[qe:])
        ):
            cut = qe
    return max(cut, after_unmatched_closer(raw), raw.rfind("”“") + 1)


def _keeps_run(
    raw: str,
    m: re.Match[str],
    pattern: re.Pattern[str],
    head: str,
    kind: EntityKind,
    places: list[Span],
    quoted: list[Span],
) -> bool:
    """Whether a function word or verb inside a run is part of the name rather than a cut."""
    # 西和县, 和平区: a place's name is not cut at the function word inside it
    if any(ps <= m.start() < pe for ps, pe in places):
        return True
    # 协和天津基地, 诺和诺德: 和 inside a proper name
    if (
        m.group(0) in PROPER_JOINERS
        and WORD_TAGS.get(raw[m.start() - 1 : m.end()]) == "nz"
        and raw[m.start() - 1] not in VERB_BEFORE_JOINER
        and (m.start() < 2 or WORD_TAGS.get(raw[m.start() - 2 : m.start()]) not in _WORD_BEFORE_TAGS)
    ):
        return True
    # 太子城至锡林浩特铁路: a route is named by both its ends
    if m.group(0) in RANGE_JOINERS and names_route(raw):
        return True
    # words inside a quoted name (“抓开放招商促项目落地”专项行动) do not cut it
    if any(qs < m.start() < qe for qs, qe in quoted):
        return True
    # 国企改革深化提升行动: a verb just before a programme's head is part of its name
    return pattern is INNER_CUTS and kind is EntityKind.INITIATIVE and m.end() == len(raw) - len(head)


_WORD_BEFORE_TAGS = ("v", "vn", "n")
