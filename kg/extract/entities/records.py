"""The typed records the entity passes hand each other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from kg.model import EntityKey, EntityKind, ProjectStatus, Sentence

Span = tuple[int, int]


@dataclass(slots=True)
class Mention:
    """A name found in a sentence, before it becomes (part of) an entity of the report."""

    kind: EntityKind
    label: str
    start: int  # offsets in the sentence text
    end: int
    container: str | None = None  # label of an area/township that the name itself carries
    status: ProjectStatus | None = None
    counted: bool = False  # the category of an enumeration, not a name
    in_list: bool = False  # one of several items sharing a verb or a count
    listed_as: EntityKind | None = None  # the class an enumeration's category noun gives (等制造业园区 → Area)
    position: str | None = None  # a person's position (区长)


class Candidate(NamedTuple):
    """A would-be name as the label filters see it: its label and the head word it was found by
    (empty for list items), and whether it opens with a place's name (西和县…)."""

    label: str
    head: str
    opens_with_place: bool = False
    stem: str = ""  # the label without its head word and phase


class Draft(NamedTuple):
    """A name ending at a head word, trimmed, as the sentence filters see it."""

    kind: EntityKind
    label: str
    head: str
    start: int  # where the label starts in the sentence
    trimmed_start: int  # where it started before a builder was split off (张家口建设…)
    text: str  # the sentence
    adverb_trimmed: bool  # governing words were trimmed from its front
    opens_with_place: bool


class Reason(NamedTuple):
    """Why a pass rejected a candidate: the filter, and the lexicon row or pattern that decided
    (``verbs.tsv:12``, ``patterns.tsv:designation``), for ``kg explain``."""

    filter: str
    rule: str = ""

    def __str__(self) -> str:
        return f"{self.filter} ({self.rule})" if self.rule else self.filter


class Rejection(NamedTuple):
    """A name a filter rejected, and why (for ``kg explain``)."""

    draft: Draft
    reason: Reason


class Pending(NamedTuple):
    """An entity the text places in a container known only by its label until the report is read."""

    key: EntityKey
    container: str
    sentence: Sentence


class Builder(NamedTuple):
    """支持张家口建设国家冰雪产业基地: who builds (None for one of several places) and what."""

    name: str | None
    built: str


class Site(NamedTuple):
    """在曹妃甸建立…: where the phrase ends, and the place things are set up in."""

    end: int
    place: str
