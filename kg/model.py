"""Typed facts that extraction produces: plain Python objects with source spans, no RDF.

Everything here is picklable, so worker processes can hand results back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # places reads its suffixes from the lexicon, whose tables are typed by the enums here
    from kg.places import Place


class Frame(str, Enum):
    """Which part of the report a sentence belongs to."""

    REVIEW = "review"  # what was achieved in the review year
    PLAN = "plan"  # goals for the plan year
    MULTI_YEAR = "multi_year"  # five-year reviews and plans: not facts of one year
    UNKNOWN = "unknown"


class Measure(str, Enum):
    GROWTH = "growth"
    LEVEL = "level"
    QUALITATIVE = "qualitative"


class Comparator(str, Enum):
    EXACTLY = "eq"
    ABOUT = "about"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    BETWEEN = "between"

    @property
    def term(self) -> str:
        """The ontology's name for it (gk:AtLeast for 以上), which RDF and displays both use."""
        return _COMPARATOR_TERMS[self]

    @classmethod
    def from_term(cls, term: str) -> Comparator:
        """The comparator the ontology names so (``AtLeast``), as a graph read back gives it.

        >>> Comparator.from_term("AtLeast")
        <Comparator.AT_LEAST: 'at_least'>
        """
        return _COMPARATORS_BY_TERM[term]


_COMPARATOR_TERMS = {
    Comparator.EXACTLY: "Exactly",
    Comparator.ABOUT: "About",
    Comparator.AT_LEAST: "AtLeast",
    Comparator.AT_MOST: "AtMost",
    Comparator.BETWEEN: "Between",
}
_COMPARATORS_BY_TERM = {term: comparator for comparator, term in _COMPARATOR_TERMS.items()}


class PlaceKind(str, Enum):
    """The kind of an administrative place (``Place.kind``); the values are the ontology's class names."""

    COUNTRY = "Country"
    PROVINCE = "Province"
    MUNICIPALITY = "Municipality"
    AUTONOMOUS_REGION = "AutonomousRegion"
    PREFECTURE_CITY = "PrefectureCity"
    COUNTY = "County"
    DISTRICT = "District"
    COUNTY_LEVEL_CITY = "CountyLevelCity"
    TOWNSHIP = "Township"

    # a Place is hashed with its kind thousands of times a report (IRIs by place, nearby places):
    # the str's own hash, in C, rather than Enum's in Python; equal to the hash of the value it equals
    __hash__ = str.__hash__


class FactKind(str, Enum):
    TARGET = "target"
    OUTCOME = "outcome"


@dataclass(frozen=True)
class Sentence:
    """A sentence of the normalised text: ``text == normalised[start:end]``."""

    start: int
    end: int
    text: str
    frame: Frame = Frame.UNKNOWN
    section: str = ""


@dataclass(frozen=True)
class Section:
    """A stretch of the report under one heading."""

    start: int
    end: int
    heading: str
    frame: Frame
    level: int = 0


@dataclass(frozen=True)
class Indicator:
    """An indicator concept: headline ones come from the ontology's SKOS scheme."""

    notation: str
    label: str
    headline: bool = True
    label_en: str | None = None


@dataclass
class IndicatorFact:
    """A target or an outcome of one indicator for one place and year."""

    kind: FactKind
    indicator: Indicator
    year: int
    measure: Measure
    value: Decimal | None = None
    unit: str | None = None
    comparator: Comparator = Comparator.EXACTLY
    value_max: Decimal | None = None
    estimated: bool = False
    text: str | None = None
    reference: Indicator | None = None
    surface: str = ""
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, int, str]:
        """What makes two statements the same fact within one report."""
        return (self.kind.value, self.indicator.notation, self.year, self.measure.value)


class FigureReason(str, Enum):
    """Why a figure of a framed sentence gives no fact (the words that tell are lexicon rows:
    ``figure_reason_*`` in patterns.tsv)."""

    MULTI_YEAR = "over several years (年均, 累计, 五年, 十四五)"
    SHARE = "a share, a ratio or a per-head figure of something else (占, 比重)"
    PROJECT = "the amount of a project or a thing, not of an indicator (总投资, …的项目)"
    OTHER_YEAR = "of a year the report neither reviews nor plans, or a comparison base"
    FIVE_YEAR_SECTION = "in a five-year review, not said to be of the review year"
    NOT_FITTING = "read after an indicator's name, but its unit, year or list does not fit it"
    CHANGE = "a change in points or an amount added, not a level or a growth rate"
    OTHER_BASIS = "on another basis than the indicator's (扣除房地产开发投资后)"
    PART_OF_YEAR = "of part of the year (its first quarters, its first half), not of the whole year"


@dataclass(frozen=True)
class FigureFate:
    """What became of one figure (a percentage, an amount of money) of a framed sentence: the
    indicators whose facts it gave, or the reason it gives none; neither means it was left over."""

    sentence: Sentence
    start: int  # offsets in the sentence's text
    end: int
    indicators: tuple[str, ...] = ()  # labels of the indicators it gave facts of
    reason: FigureReason | None = None

    @property
    def figure(self) -> str:
        return self.sentence.text[self.start : self.end]

    @property
    def unattached(self) -> bool:
        return not self.indicators and self.reason is None


@dataclass(frozen=True)
class DefinedTerm:
    """A term the report's glossary defines (附注: 五化:绿化、美化、照明化、净化、智化)."""

    label: str
    definition: str
    sentence: Sentence


class EntityKind(str, Enum):
    """What a named entity is; the values are the ontology's class names."""

    PROJECT = "Project"
    AREA = "Area"
    TOWNSHIP = "Township"
    ORGANIZATION = "Organization"
    INITIATIVE = "Initiative"
    PERSON = "Person"


class ProjectStatus(str, Enum):
    """The stage of a project; the values are the ontology's individuals."""

    PLANNED = "Planned"
    STARTED = "Started"
    UNDER_CONSTRUCTION = "UnderConstruction"
    COMPLETED = "Completed"
    IN_OPERATION = "InOperation"


@dataclass(frozen=True)
class EntityKey:
    """What identifies an entity within one report: its class and its canonical label."""

    kind: EntityKind
    label: str


@dataclass(frozen=True)
class StatusStatement:
    """A project's stage for a year, as one sentence states it; ``planned`` for the plan year's intentions."""

    status: ProjectStatus
    year: int | None
    planned: bool
    sentence: Sentence


@dataclass(frozen=True)
class Investment:
    """总投资50亿元 for one project (超 → at least)."""

    value: Decimal
    unit: str
    comparator: Comparator
    sentence: Sentence


@dataclass
class Entity:
    """A named project, area, township, organisation, initiative or person met in one report.

    ``container`` is what the text says it lies in: another entity of the report (by key) or an
    administrative ``Place``; ``container_sentence`` is where it says so (None when the entity is
    placed in the reporting area by default). ``anchor`` is the administrative area its IRI is
    scoped under, so that two districts' 江南片区 stay two entities. ``adcode`` is a township's
    statistical code where the township table knows it (罗溪镇 of 洛江区: 350504100000).
    """

    kind: EntityKind
    label: str
    anchor: Place | None = None
    sentences: list[Sentence] = field(default_factory=list)
    container: EntityKey | Place | None = None
    container_sentence: Sentence | None = None
    statuses: list[StatusStatement] = field(default_factory=list)
    investment: Investment | None = None
    position: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    adcode: str | None = None

    @property
    def key(self) -> EntityKey:
        return EntityKey(self.kind, self.label)


@dataclass
class ReportMetadata:
    place: Place | None = None
    place_evidence: str = ""
    review_year: int | None = None
    plan_year: int | None = None
    year_evidence: str = ""  # metadata.FILE_NAME where the years came from the file's name, not its text
    delivered_on: date | None = None
    speaker: str | None = None
    position: str | None = None
    session: str | None = None
    title: str | None = None


@dataclass
class ReportExtraction:
    """All that extraction learned from one report."""

    source_file: str
    sha256: str
    encoding: str
    text: str
    metadata: ReportMetadata
    sentences: list[Sentence]
    facts: list[IndicatorFact]
    terms: list[DefinedTerm] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    figure_fates: list[FigureFate] = field(default_factory=list)
