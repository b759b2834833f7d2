"""Turn one report's extraction into RDF under the public contract (design/contract.md).

Pure conversion: it reads typed facts (``kg.model``) and returns pyoxigraph quads;
it never looks at report text. IRIs are deterministic and readable:

* places ``{base}area/福建省/泉州市/鲤城区`` (the country is ``{base}area/中华人民共和国``),
* reports ``{base}report/福建省/泉州市/鲤城区/2024/000_79a18ab8566106eb`` (plan year and input file),
* facts ``{base}target/福建省/泉州市/鲤城区/GDP/2024/growth`` (``outcome/`` likewise),
* sentences ``{report}/sentence/1203-1288``, people ``{base}person/福建省/泉州市/鲤城区/王克思``,
* the Data Cube data sets ``{base}dataset/targets`` and ``{base}dataset/outcomes``: every growth
  and level fact is a ``qb:Observation`` of one of them (the structure is in ``ontology/govkg.ttl``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePosixPath
from urllib.parse import quote

import pyoxigraph as ox

from kg.extract.units import normalise_level
from kg.graph.assess import Assessment
from kg.ingest.normalise import NormalisedText
from kg.lexicon import LEXICON
from kg.model import (
    Comparator,
    Entity,
    EntityKey,
    EntityKind,
    FactKind,
    Indicator,
    IndicatorFact,
    Measure,
    ProjectStatus,
    ReportExtraction,
    Sentence,
)
from kg.places import Place
from kg.vocab import DEFAULT_DATA_BASE, GK, IND, PROV, QB, QUDT_CURRENCY, QUDT_UNIT, RDF, RDFS, SKOS, XSD

_MEASURES = {Measure.GROWTH: GK.Growth, Measure.LEVEL: GK.Level, Measure.QUALITATIVE: GK.Qualitative}
_COMPARATORS = {comparator: GK[comparator.term] for comparator in Comparator}
_BASE_UNITS = {
    "CNY": QUDT_CURRENCY.CNY,
    "USD": QUDT_CURRENCY.USD,
    "PERSON": QUDT_UNIT.NUM,
    "PERSON_TIMES": QUDT_UNIT.NUM,
    "NUMBER": QUDT_UNIT.NUM,
    "TONNE": QUDT_UNIT.TON_Metric,
    "KG": QUDT_UNIT.KiloGM,
    "KWH": QUDT_UNIT["KiloW-HR"],
    "KM": QUDT_UNIT.KiloM,
    "M2": QUDT_UNIT.M2,
    "UG_PER_M3": QUDT_UNIT["MicroGM-PER-M3"],
}
_ENTITY_SEGMENTS = {
    EntityKind.AREA: "area",
    EntityKind.TOWNSHIP: "area",
    EntityKind.PROJECT: "project",
    EntityKind.ORGANIZATION: "organization",
    EntityKind.INITIATIVE: "initiative",
    EntityKind.PERSON: "person",
}
# Organisations whose name is local (区医院, 计生协会) are scoped by place like projects.
_LOCAL_ORGANIZATION = LEXICON.pattern("local_organization")
_DATASET_LABELS = {
    FactKind.TARGET: ((LEXICON.label("dataset.target"), "zh"), ("Targets", "en")),
    FactKind.OUTCOME: ((LEXICON.label("dataset.outcome"), "zh"), ("Outcomes", "en")),
}
# IRI segments of a report whose place or year is not known (未知地区, 未知年份)
_UNKNOWN_PLACE, _UNKNOWN_YEAR = LEXICON.label("unknown.place"), LEXICON.label("unknown.year")
_STATUSES = {status: GK[status.value] for status in ProjectStatus}
_ENTITY_CLASSES = {kind: GK[kind.value] for kind in EntityKind}
# What an IRI path segment may hold as it is (RFC 3987 ipchar): ASCII letters, digits and -._~!$&'()*+,;=:@,
# and the ucschar ranges beyond ASCII. Everything else is percent-encoded as UTF-8: unsafe ASCII, controls,
# and what GB18030 decodes some rare characters into (the private-use area U+E000-F8FF), non-characters
# (U+FDD0-FDEF, U+FFFE) and planes 15-16, which pyoxigraph refuses ("Invalid IRI code point").
_UNSAFE_IRI_CHARS = re.compile(
    "[^A-Za-z0-9\\-._~!$&'()*+,;=:@"
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    + "".join(f"{chr(plane << 16)}-{chr((plane << 16) + 0xFFFD)}" for plane in range(1, 14))
    + "\U000e1000-\U000efffd]"
)


def iri_segment(text: str) -> str:
    """A path segment for an IRI: Han characters stay readable, anything an IRI may not hold is percent-encoded.

    >>> iri_segment("鲤城区"), iri_segment("a b/c"), iri_segment("\\ue000城"), iri_segment("报告\\udcff")
    ('鲤城区', 'a%20b%2Fc', '%EE%80%80城', '报告%FF')
    """
    return _UNSAFE_IRI_CHARS.sub(_percent_encoded, text)


def _percent_encoded(match: re.Match) -> str:
    char = match.group(0)
    # a byte of a file name that is not UTF-8 (os.fsdecode's surrogateescape) is encoded as that byte
    errors = "surrogateescape" if "\udc80" <= char <= "\udcff" else "surrogatepass"
    return quote(char.encode("utf-8", errors), safe="")


def decimal_literal(value: Decimal) -> ox.Literal:
    text = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return ox.Literal(text, datatype=XSD.decimal)


def year_literal(year: int) -> ox.Literal:
    return ox.Literal(f"{year:04d}", datatype=XSD.gYear)


def zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


@dataclass
class ReportGraph:
    """One report's named graph, plus the triples describing entities that other reports share.

    Shared descriptions (places and their hierarchy, people, minted indicators, entities, defined
    terms, and the direct place–indicator edges) are written once, to the entities graph, so that
    the union of the graphs holds each triple once.
    """

    graph: ox.NamedNode
    report: ox.NamedNode
    triples: list[ox.Triple] = field(default_factory=list)
    shared: list[ox.Triple] = field(default_factory=list)

    @property
    def quads(self) -> list[ox.Quad]:
        """The report's own triples in its named graph (shared descriptions go to the entities graph)."""
        return [ox.Quad(t.subject, t.predicate, t.object, self.graph) for t in self.triples]


class IriMinter:
    """Deterministic IRIs under a data base IRI."""

    def __init__(self, base: str = DEFAULT_DATA_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self._paths: dict[Place, str] = {}  # a report names its few places thousands of times

    def _iri(self, *segments: str) -> ox.NamedNode:
        return ox.NamedNode(self.base + "/".join(iri_segment(s) for s in segments))

    def _under(self, kind: str, place: Place | None, name: str | None = None) -> ox.NamedNode:
        """``{base}{kind}/{place path}`` or ``{base}{kind}/{place path}/{name}``."""
        if place is None:
            path = _UNKNOWN_PLACE
        else:
            path = self._paths.get(place) or self._paths.setdefault(
                place, "/".join(iri_segment(s) for s in (place.path or [place.name]))
            )
        return ox.NamedNode(f"{self.base}{kind}/{path}" + (f"/{iri_segment(name)}" if name is not None else ""))

    def place(self, place: Place) -> ox.NamedNode:
        return self._under("area", place)

    def report(self, extraction: ReportExtraction) -> ox.NamedNode:
        """Named by place, plan year and input file, not content, so an edited report keeps its graph.
        The file is named without its suffix, by as much of its path as the build needed to tell
        it from another of the same name (2024/报告.txt → ``2024%2F报告``)."""
        meta = extraction.metadata
        place_path = meta.place.path or [meta.place.name] if meta.place else [_UNKNOWN_PLACE]
        year = str(meta.plan_year) if meta.plan_year else _UNKNOWN_YEAR
        return self._iri("report", *place_path, year, str(PurePosixPath(extraction.source_file).with_suffix("")))

    def person(self, place: Place | None, name: str) -> ox.NamedNode:
        return self._under("person", place, name)

    def fact(self, place: Place, fact: IndicatorFact) -> ox.NamedNode:
        return self._iri(
            fact.kind.value, *(place.path or [place.name]), fact.indicator.notation, str(fact.year), fact.measure.value
        )

    def dataset(self, kind: FactKind) -> ox.NamedNode:
        """The Data Cube data set of the build's targets (``dataset/targets``) or outcomes (``dataset/outcomes``)."""
        return self._iri("dataset", kind.value + "s")

    def assessment(self, place: Place, target: IndicatorFact) -> ox.NamedNode:
        return self._iri(
            "assessment",
            *(place.path or [place.name]),
            target.indicator.notation,
            str(target.year),
            target.measure.value,
        )

    def term(self, place: Place | None, label: str) -> ox.NamedNode:
        """Terms are defined per place: 三医 of one district's glossary may differ from another's."""
        return self._under("term", place, label)

    def entity(self, entity: Entity) -> ox.NamedNode:
        """Areas and townships sit under their place like administrative areas do
        (``area/福建省/泉州市/鲤城区/江南片区``); projects, initiatives and people under the place
        whose report names them; enterprises are one node across places (``organization/九牧``)."""
        if entity.kind is EntityKind.ORGANIZATION and not _LOCAL_ORGANIZATION.search(entity.label):
            return self._iri("organization", entity.label)
        return self._under(_ENTITY_SEGMENTS[entity.kind], entity.anchor, entity.label)

    def assessments_graph(self) -> ox.NamedNode:
        return self._iri("graph", "assessments")

    def entities_graph(self) -> ox.NamedNode:
        return self._iri("graph", "entities")

    @staticmethod
    def indicator(indicator: Indicator) -> ox.NamedNode:
        return IND[iri_segment(indicator.notation)]

    @staticmethod
    def sentence(report: ox.NamedNode, sentence: Sentence) -> ox.NamedNode:
        return ox.NamedNode(f"{report.value}/sentence/{sentence.start}-{sentence.end}")


def report_graph(
    extraction: ReportExtraction, normalised: NormalisedText | None = None, base: str = DEFAULT_DATA_BASE
) -> ReportGraph:
    """The RDF of one report. ``normalised`` adds original-file offsets to sentences."""
    mint = IriMinter(base)
    meta = extraction.metadata
    report = mint.report(extraction)
    out = ReportGraph(graph=report, report=report)
    add, share = out.triples.append, out.shared.append

    t = ox.Triple

    add(t(report, RDF.type, GK.Report))
    add(t(report, GK.sourceFile, ox.Literal(extraction.source_file)))
    add(t(report, GK.sha256, ox.Literal(extraction.sha256)))
    if meta.review_year:
        add(t(report, GK.reviewYear, year_literal(meta.review_year)))
    if meta.plan_year:
        add(t(report, GK.planYear, year_literal(meta.plan_year)))
    if meta.delivered_on:
        add(t(report, GK.deliveredOn, ox.Literal(meta.delivered_on.isoformat(), datatype=XSD.date)))
    if meta.session:
        add(t(report, GK.session, ox.Literal(meta.session)))
    label_place = meta.place.name if meta.place else ""
    title = LEXICON.label("report.title_with_year" if meta.plan_year else "report.title")
    add(t(report, RDFS.label, zh(title.format(place=label_place, year=meta.plan_year))))

    place_node = None
    if meta.place:
        place_node = mint.place(meta.place)
        add(t(report, GK.place, place_node))
        add(t(report, GK.mentions, place_node))
        for triple in place_triples(meta.place, mint):
            share(triple)
    if meta.speaker:
        person = mint.person(meta.place, meta.speaker)
        add(t(report, GK.deliveredBy, person))
        add(t(report, GK.mentions, person))
        share(t(person, RDF.type, GK.Person))
        share(t(person, RDFS.label, zh(meta.speaker)))
        if meta.position:
            share(t(person, GK.position, ox.Literal(meta.position)))
            # the person's positions gather over the years (代省长, then 省长); the report keeps its own
            add(t(report, GK.speakerPosition, ox.Literal(meta.position)))

    # Keyed by span: the sentence's IRI is its span, and hashing a Sentence hashes all its fields.
    sentence_nodes: dict[tuple[int, int], ox.NamedNode] = {}

    def sentence_node_for(sentence: Sentence) -> ox.NamedNode:
        """The sentence's node, described the first time it is needed."""
        node = sentence_nodes.get((sentence.start, sentence.end))
        if node is None:
            node = sentence_nodes[sentence.start, sentence.end] = mint.sentence(report, sentence)
            out.triples.extend(sentence_triples(node, sentence, report, normalised))
        return node

    datasets: dict[FactKind, ox.NamedNode] = {}
    for fact in extraction.facts:
        if place_node is None or meta.place is None:
            break
        node = mint.fact(meta.place, fact)
        indicator = mint.indicator(fact.indicator)
        add(t(node, RDF.type, GK.Target if fact.kind is FactKind.TARGET else GK.Outcome))
        add(t(node, GK.place, place_node))
        add(t(node, GK.indicator, indicator))
        add(t(node, GK.year, year_literal(fact.year)))
        add(t(node, GK.measure, _MEASURES[fact.measure]))
        add(t(node, GK.comparator, _COMPARATORS[fact.comparator]))
        add(t(node, GK.estimated, ox.Literal("true" if fact.estimated else "false", datatype=XSD.boolean)))
        add(t(node, GK.report, report))
        if fact.measure is Measure.QUALITATIVE:
            add(t(node, GK.text, ox.Literal(fact.text or "")))
            if fact.reference:
                add(t(node, GK.referenceIndicator, mint.indicator(fact.reference)))
        else:
            # a number: a statistical observation of the build's targets or outcomes
            dataset = datasets.get(fact.kind)
            if dataset is None:
                dataset = datasets[fact.kind] = mint.dataset(fact.kind)
            add(t(node, RDF.type, QB.Observation))
            add(t(node, QB.dataSet, dataset))
            assert fact.value is not None and fact.unit is not None  # a figure always has both
            add(t(node, GK.value, decimal_literal(fact.value)))
            add(t(node, GK.unit, ox.Literal(fact.unit)))
            if fact.value_max is not None:
                add(t(node, GK.maxValue, decimal_literal(fact.value_max)))
            if fact.measure is Measure.LEVEL:
                normalised_level = normalise_level(fact.value, fact.unit)
                if normalised_level and normalised_level.base in _BASE_UNITS:
                    add(t(node, GK.normalizedValue, decimal_literal(normalised_level.value)))
                    add(t(node, GK.normalizedUnit, _BASE_UNITS[normalised_level.base]))
        share(t(place_node, GK.hasTarget if fact.kind is FactKind.TARGET else GK.hasOutcome, indicator))
        add(t(report, GK.mentions, indicator))
        if not fact.indicator.headline:
            for triple in minted_indicator_triples(fact.indicator):
                share(triple)
        for sentence in fact.sentences:
            add(t(node, PROV.wasDerivedFrom, sentence_node_for(sentence)))
    for kind, dataset in datasets.items():
        out.shared.extend(dataset_triples(dataset, kind))
    for term in extraction.terms:
        node = mint.term(meta.place, term.label)
        sentence_node = sentence_node_for(term.sentence)
        share(t(node, RDF.type, GK.Term))
        share(t(node, RDF.type, SKOS.Concept))
        share(t(node, RDFS.label, zh(term.label)))
        share(t(node, SKOS.prefLabel, zh(term.label)))
        share(t(node, SKOS.definition, zh(term.definition)))
        add(t(node, PROV.wasDerivedFrom, sentence_node))
        add(t(report, GK.mentions, node))

    entity_triples(extraction, report, mint, sentence_node_for, out.shared, out.triples)
    out.triples = _unique(out.triples)
    out.shared = _unique(out.shared)
    return out


def entity_triples(
    extraction: ReportExtraction,
    report: ox.NamedNode,
    mint: IriMinter,
    sentence_node,
    shared: list[ox.Triple],
    own: list[ox.Triple],
) -> None:
    """Append the triples about a report's entities to ``shared`` and to ``own``.

    What is true of the entity wherever it is met (class, label, position, located in, and the
    direct status and year edges that summarise its statements) is shared; what this report says
    (mentions, each status statement for a year, investment, the sentence behind each relation,
    as an ``rdf:Statement``) stays in the report's graph.
    """
    entities = {entity.key: entity for entity in extraction.entities}
    nodes = {key: mint.entity(entity) for key, entity in entities.items()}
    t = ox.Triple
    share, add = shared.append, own.append
    for key, entity in entities.items():
        node = nodes[key]
        share(t(node, RDF.type, _ENTITY_CLASSES[entity.kind]))
        share(t(node, RDFS.label, zh(entity.label)))
        if entity.adcode:
            share(t(node, GK.adcode, ox.Literal(entity.adcode)))
        if entity.position and entity.label != (extraction.metadata.speaker or ""):
            share(t(node, GK.position, ox.Literal(entity.position)))
        add(t(report, GK.mentions, node))
        for sentence in entity.sentences:
            add(t(node, PROV.wasDerivedFrom, sentence_node(sentence)))
        container = entity.container
        if isinstance(container, EntityKey):
            parent = nodes.get(container)
        elif isinstance(container, Place):
            parent = mint.place(container)
            shared += place_triples(container, mint)
        else:
            parent = None
        if parent is not None:
            share(t(node, GK.locatedIn, parent))
            statement = ox.NamedNode(f"{report.value}/relation/{_digest(node.value, 'locatedIn', parent.value)}")
            add(t(statement, RDF.type, RDF.Statement))
            add(t(statement, RDF.subject, node))
            add(t(statement, RDF.predicate, GK.locatedIn))
            add(t(statement, RDF.object, parent))
            evidence = entity.container_sentence or (entity.sentences[0] if entity.sentences else None)
            if evidence is not None:
                add(t(statement, PROV.wasDerivedFrom, sentence_node(evidence)))
            add(t(statement, GK.implied, _boolean(entity.container_sentence is None)))
        for stated in entity.statuses:
            share(t(node, GK.status, _STATUSES[stated.status]))
            digest = _digest(node.value, stated.status.value, str(stated.year))
            statement = ox.NamedNode(f"{report.value}/status/{digest}")
            add(t(node, GK.statusStatement, statement))
            add(t(statement, GK.status, _STATUSES[stated.status]))
            if stated.year:
                share(t(node, GK.year, year_literal(stated.year)))
                add(t(statement, GK.year, year_literal(stated.year)))
            add(t(statement, GK.planned, _boolean(stated.planned)))
            add(t(statement, PROV.wasDerivedFrom, sentence_node(stated.sentence)))
        if entity.investment is not None:
            amount = entity.investment
            investment = ox.NamedNode(f"{report.value}/investment/{_digest(node.value)}")
            add(t(node, GK.investment, investment))
            add(t(investment, RDF.type, GK.Investment))
            add(t(investment, GK.value, decimal_literal(amount.value)))
            add(t(investment, GK.unit, ox.Literal(amount.unit)))
            add(t(investment, GK.comparator, _COMPARATORS[amount.comparator]))
            normalised_amount = normalise_level(amount.value, amount.unit)
            if normalised_amount and normalised_amount.base in _BASE_UNITS:
                add(t(investment, GK.normalizedValue, decimal_literal(normalised_amount.value)))
                add(t(investment, GK.normalizedUnit, _BASE_UNITS[normalised_amount.base]))
            add(t(investment, PROV.wasDerivedFrom, sentence_node(amount.sentence)))


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _boolean(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=XSD.boolean)


def place_triples(place: Place, mint: IriMinter) -> list[ox.Triple]:
    """Type, label, adcode and containment for a place and all its ancestors."""
    triples = []
    for item in place.chain:
        node = mint.place(item)
        triples.append(ox.Triple(node, RDF.type, GK[item.kind.value]))
        triples.append(ox.Triple(node, RDFS.label, zh(item.name)))
        if item.adcode:
            triples.append(ox.Triple(node, GK.adcode, ox.Literal(item.adcode)))
        if item.parent is not None:
            triples.append(ox.Triple(node, GK.locatedIn, mint.place(item.parent)))
    if place.former_name and place.former_name != place.name:
        triples.append(ox.Triple(mint.place(place), SKOS.altLabel, zh(place.former_name)))
    return triples


def dataset_triples(dataset: ox.NamedNode, kind: FactKind) -> list[ox.Triple]:
    """A Data Cube data set of targets or outcomes, with the structure declared in the ontology."""
    triples = [ox.Triple(dataset, RDF.type, QB.DataSet), ox.Triple(dataset, QB.structure, GK.TargetOutcomeStructure)]
    triples += [ox.Triple(dataset, RDFS.label, ox.Literal(text, language=lang)) for text, lang in _DATASET_LABELS[kind]]
    return triples


def minted_indicator_triples(indicator: Indicator) -> list[ox.Triple]:
    node = IriMinter.indicator(indicator)
    return [
        ox.Triple(node, RDF.type, GK.Indicator),
        ox.Triple(node, RDF.type, SKOS.Concept),
        ox.Triple(node, SKOS.inScheme, GK.IndicatorScheme),
        ox.Triple(node, SKOS.notation, ox.Literal(indicator.notation)),
        ox.Triple(node, SKOS.prefLabel, zh(indicator.label)),
    ]


def sentence_triples(
    node: ox.NamedNode, sentence: Sentence, report: ox.NamedNode, normalised: NormalisedText | None
) -> list[ox.Triple]:
    triples = [
        ox.Triple(node, RDF.type, GK.Sentence),
        ox.Triple(node, GK.text, ox.Literal(sentence.text)),
        ox.Triple(node, GK.report, report),
        ox.Triple(node, GK.start, ox.Literal(str(sentence.start), datatype=XSD.integer)),
        ox.Triple(node, GK.end, ox.Literal(str(sentence.end), datatype=XSD.integer)),
    ]
    if normalised is not None:
        source_start, source_end = normalised.to_original(sentence.start, sentence.end)
        triples.append(ox.Triple(node, GK.sourceStart, ox.Literal(str(source_start), datatype=XSD.integer)))
        triples.append(ox.Triple(node, GK.sourceEnd, ox.Literal(str(source_end), datatype=XSD.integer)))
    return triples


def _unique(triples: list[ox.Triple]) -> list[ox.Triple]:
    return list(dict.fromkeys(triples))


def assessment_triples(assessments: list[Assessment], base: str = DEFAULT_DATA_BASE) -> list[ox.Triple]:
    """The assessments graph: each target with the outcome it was judged against, met or not, and the gap."""
    mint = IriMinter(base)
    triples = []
    for item in assessments:
        node = mint.assessment(item.target.place, item.target.fact)
        target = mint.fact(item.target.place, item.target.fact)
        triples += [
            ox.Triple(node, RDF.type, GK.Assessment),
            ox.Triple(node, GK.target, target),
            ox.Triple(node, GK.outcome, mint.fact(item.outcome.place, item.outcome.fact)),
            ox.Triple(node, GK.met, ox.Literal("true" if item.met else "false", datatype=XSD.boolean)),
            ox.Triple(node, GK.gap, decimal_literal(item.gap)),
            ox.Triple(node, GK.place, mint.place(item.target.place)),
            ox.Triple(node, GK.indicator, mint.indicator(item.target.fact.indicator)),
            ox.Triple(node, GK.year, year_literal(item.target.fact.year)),
            ox.Triple(target, GK.assessment, node),
        ]
        if item.reference is not None:
            triples.append(ox.Triple(node, GK.referenceOutcome, mint.fact(item.reference.place, item.reference.fact)))
    return _unique(triples)
