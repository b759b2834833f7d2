"""Attributes of what the names stand for: a project's status (…建成投用: completed), its
investment (总投资50亿元), and the people named by their position (区长林清伏)."""

from __future__ import annotations

from decimal import Decimal

from kg.extract.entities.records import Mention
from kg.extract.entities.vocabulary import (
    INVESTMENT_AFTER,
    INVESTMENT_BEFORE,
    LEX,
    PERSON,
    STATUS,
    STATUS_RE,
    SURNAMES,
    VERB_AFTER,
)
from kg.model import Comparator, EntityKind, Frame, Investment, ProjectStatus, ReportMetadata, Sentence

INVESTMENT_COMPARATORS = LEX.comparators_for("investments")


def people(text: str) -> list[Mention]:
    """Officials named after their position (区长林清伏在…), whose name starts with a usual surname."""
    found = []
    for match in PERSON.finditer(text):
        name = match.group("name")
        if name[0] in SURNAMES and not STATUS_RE.search(name):
            found.append(
                Mention(
                    EntityKind.PERSON,
                    name,
                    match.start("name"),
                    match.end("name"),
                    container=None,
                    status=None,
                    position=match.group("position"),
                )
            )
    return found


def status_near(text: str, start: int, end: int, kind: EntityKind) -> ProjectStatus | None:
    """The stage a verb next to a name gives it: a concrete verb just after the name or its list
    (…、泉州五中洛江校区开工建设) wins over a general one before it (推动), else the verb before."""
    if kind is not EntityKind.PROJECT:
        return None
    clause_start = (
        max(text.rfind(",", 0, start), text.rfind(";", 0, start), text.rfind(":", 0, start), text.rfind("。", 0, start))
        + 1
    )
    before = None
    for match in STATUS_RE.finditer(text[clause_start:start]):
        before = STATUS[match.group(0)]
    after = None
    following = VERB_AFTER.match(text, end)
    if following:
        verb = STATUS_RE.match(following.group("verb"))
        if verb:
            after = STATUS[verb.group(0)]
    if (
        after is not None
        and after is not ProjectStatus.UNDER_CONSTRUCTION
        and before in (None, ProjectStatus.UNDER_CONSTRUCTION)
    ):
        return after
    return before or after


def investment(sentence: Sentence, start: int, end: int) -> Investment | None:
    """总投资50亿元的江南新区环境整治提升工程, or 某工程总投资12亿元."""
    text = sentence.text
    before = INVESTMENT_BEFORE.search(text[max(0, start - 24) : start])
    match = before or INVESTMENT_AFTER.match(text[end:])
    if match is None:
        return None
    comparator = INVESTMENT_COMPARATORS.get(match.group("cmp") or "", Comparator.EXACTLY)
    return Investment(Decimal(match.group("value")), match.group("unit"), comparator, sentence)


def status_year(meta: ReportMetadata, sentence: Sentence) -> tuple[int | None, bool]:
    """The year a sentence's statuses are for, and whether they are intentions (the plan year's)."""
    if sentence.frame is Frame.PLAN:
        return meta.plan_year, True
    if sentence.frame is Frame.MULTI_YEAR:
        return None, False
    return meta.review_year, False
