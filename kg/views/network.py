"""A networkx projection of a built graph: what the network view draws.

Nodes are places, indicators and (where a build has them) areas, projects,
organisations, initiatives and terms; edges are the contract's direct relations:
``hasTarget`` and ``hasOutcome`` (place → indicator, one edge per place, indicator and
relation, carrying every year's figure, as text and as ``points`` for the place charts,
and its source sentences) and ``locatedIn``. Filters over it are in ``kg.views.network_filters``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

import networkx as nx
import pyoxigraph as ox

from kg.figures import ESTIMATE_NOTE, describe_figure
from kg.lexicon import LEXICON
from kg.model import Comparator, PlaceKind, ProjectStatus
from kg.views.fact_rows import read_facts
from kg.views.store_rows import one_property, select_rows, source_files, values_block, with_source_files
from kg.views.view_years import entities_of_years, facts_of
from kg.vocab import GK, PROV, RDFS, SKOS

if TYPE_CHECKING:
    from kg.store.embedded import BuildStore
    from kg.views.view_cache import ViewCache

PLACE_CLASSES = tuple(kind.value for kind in PlaceKind)
# an indicator's notation in its side panel (记号 notation: GDP), by which a filter finds it too
NOTATION_FIELD = LEXICON.label("field.notation")
ENTITY_CLASSES = ("Area", "Project", "Organization", "Initiative", "Term")
CLASSES = ("Place", "Indicator") + ENTITY_CLASSES


@dataclass
class Projection:
    """The graph to draw, and what filters or ``max_nodes`` left out."""

    graph: nx.MultiDiGraph
    left_out_nodes: int = 0
    left_out_edges: int = 0
    notes: list[str] = field(default_factory=list)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def project(
    store: ox.Store | BuildStore,
    years: Collection[int] | None = None,
    look_up: bool = False,
    place: str | None = None,
    indicator: str | None = None,
    cls: str | None = None,
    view_cache: ViewCache | None = None,
) -> nx.MultiDiGraph:
    """Project the RDF of a build onto a MultiDiGraph (node and edge attributes described above).

    ``years`` keeps the targets and outcomes of those years only, and the entities read from
    reports of those plan years (a page of bounded size for a build of many years; see
    ``latest_years``); None keeps everything. ``look_up`` reads those years' facts by lookup from
    the years, for years that hold a small part of the facts (see ``view_years.facts_of``); otherwise every
    fact is read, and the others left. ``place`` (a full or short name, as ``kg viz --place``) keeps
    the facts and entities of that place and what lies in it, looked up from those places (a
    province of 20,000 reports: 2.9 GB read whole); the places are all kept, for the hierarchy.
    ``indicator`` (a notation or a label, as ``kg viz --indicator``) keeps that indicator's facts
    and no entity (they have no figures). ``cls`` other than Indicator, without a year or an
    indicator, reads no facts (they link a place to an indicator: no class holds both ends).

    Each query reads one kind of statement and the joins happen here, in Python: oxigraph
    answers a place query with an OPTIONAL parent of a typed class in a second on the corpus,
    the same three plain patterns in a tenth of that. ``view_cache`` keeps what a build's page (no
    filter) read for the next build, which reads again only what changed (``kg.views.view_cache``).
    """
    graph = nx.MultiDiGraph()
    place_classes = " ".join(f"{GK[c]}" for c in PLACE_CLASSES)
    places: dict[str, dict] = {}
    rows = select_rows(
        store,
        f"""
            SELECT ?p ?label ?cls ?adcode WHERE {{
              VALUES ?cls {{ {place_classes} }}
              ?p a ?cls ; {RDFS.label} ?label .
              OPTIONAL {{ ?p {GK.adcode} ?adcode }}
            }}""",
    )
    # the last row of a place (its greatest class, label, code) wins; sorted here, as ORDER BY did
    # (a place without a code first), for a third of the time (5,000 reports: 0.30 → 0.11 s)
    for row in sorted(rows, key=lambda r: (r["p"], r["cls"], r["label"], r["adcode"] or "")):
        places[row["p"]] = row
    facts_drawn = cls in (None, "Indicator") or years is not None or indicator is not None
    indicator_rows = _indicator_rows(store) if facts_drawn else {}  # (an indicator filter draws facts)
    indicators = _indicators_named(indicator_rows, indicator) if indicator else None
    no_entities = indicators is not None or cls == "Place"
    of_years = entities_of_years(store, years) if years is not None and not no_entities else None
    pairs = ((row["a"], row["b"]) for row in select_rows(store, f"SELECT ?a ?b WHERE {{ ?a {GK.locatedIn} ?b }}"))
    if of_years is not None and place is None:
        # a page of some years keeps the pairs between places (雄安新区 in 河北省, for the hierarchy)
        # and those of the entities it draws, not every pair (at 50,000 reports, 40,758 of 182,538)
        pairs = (
            (a, b)
            for a, b in pairs
            if (a in places and b in places)
            or (a not in places and a in of_years)
            or (b not in places and b in of_years)
        )
    located_in = sorted(pairs)
    for iri, row in places.items():
        fields = [(LEXICON.label("field.level"), _local(row["cls"]))]
        if row["adcode"]:
            fields.append((LEXICON.label("field.adcode"), row["adcode"]))
        graph.add_node(iri, label=row["label"], cls="Place", level=_local(row["cls"]), fields=fields, sentences=[])
    for child, parent in located_in:
        if child in places and parent in places:
            graph.add_edge(
                child, parent, key="locatedIn", kind="locatedIn", label="", lines=[], fields=[], sentences=[], years=[]
            )
    # entities are what lies in something or has something lying in it (片区 holding 项目); naming
    # them in VALUES is four times quicker than a UNION of the two patterns
    maybe_entities = sorted({node for pair in located_in for node in pair} - set(places))
    inside = _inside(place, places, located_in) if place else None
    if inside is not None:
        maybe_entities = [e for e in maybe_entities if e in inside]
        look_up = True
    if no_entities:
        maybe_entities, look_up = [], True
    if of_years is not None:  # of those left, the ones the years' reports name
        maybe_entities = [e for e in maybe_entities if e in of_years]
    lookup = facts_of(years, sorted(p for p in inside if p in places) if inside is not None else None, indicators)
    entity_classes = {str(GK[c].value) for c in ENTITY_CLASSES}
    kept = view_cache if place is None and indicator is None and cls is None else None  # (a build's page)

    def labelled(things: list[str]):
        pattern = f"VALUES ?e {{ {values_block(things)} }} ?e a ?cls ; {RDFS.label} ?label"
        return select_rows(store, f"SELECT ?e ?label ?cls WHERE {{ {pattern} }}")

    # an entity's classes and labels are lines of the entities graph, which each report naming it
    # adds to (with its provenance, which tells the cache the entity was touched)
    named = ("e", "label", "cls")
    found = kept.details(store, "labels", maybe_entities, named, labelled) if kept else labelled(maybe_entities)
    rows = [row for row in found if row["cls"] in entity_classes]
    entities = {row["e"]: row for row in sorted(rows, key=lambda r: (r["e"], r["cls"], r["label"]))}
    for iri, row in entities.items():
        if iri not in graph:
            graph.add_node(iri, label=row["label"], cls=_local(row["cls"]), fields=[], sentences=[])
    for child, where in located_in:
        if child in entities and not graph.has_edge(child, where, "locatedIn"):
            graph.add_edge(
                child, where, key="locatedIn", kind="locatedIn", label="", lines=[], fields=[], sentences=[], years=[]
            )
    # the pairs of gk:locatedIn read (雄安新区 in 河北省, a 项目 in its 片区) and the rows of places
    # and entities are in the graph now: they go before the entities' details and the facts are read
    # (a page of every year holds every pair: at 50,000 reports, 182,538 held 56 MB)
    del located_in, maybe_entities, found, rows, entities, places
    files = source_files(store)
    _add_entity_details(store, graph, look_up, files, kept)
    if facts_drawn:
        _add_fact_edges(graph, read_facts(store, years, lookup if look_up else None, indicator_rows, files, kept))
    # locatedIn edges to places outside the projection (none in practice) are dropped
    for node in [n for n in graph if "label" not in graph.nodes[n]]:
        graph.remove_node(node)
    # an entity tied to nothing (a glossary term) would float alone in the view
    graph.remove_nodes_from(
        [n for n, d in list(graph.nodes(data=True)) if d["cls"] in ENTITY_CLASSES and graph.degree(n) == 0]
    )
    _add_place_scopes(graph)
    return graph


def _inside(place: str, places: dict[str, dict], located_in: list[tuple[str, str]]) -> set[str] | None:
    """The places named ``place`` (泉州市 or 泉州) and everything that lies in them, at any depth
    (places and entities); None when no place has that name (the filter then says so)."""
    from kg.places import short_name

    chosen = [iri for iri, row in places.items() if place in (row["label"], short_name(row["label"]))]
    if not chosen:
        return None
    children: dict[str, list[str]] = defaultdict(list)
    for child, parent in located_in:
        children[parent].append(child)
    inside, frontier = set(chosen), list(chosen)
    while frontier:
        for child in children[frontier.pop()]:
            if child not in inside:
                inside.add(child)
                frontier.append(child)
    return inside


def _indicator_rows(store: ox.Store | BuildStore) -> dict[str, dict]:
    """Each indicator's notation and Chinese label, by IRI."""
    return {
        row["i"]: row
        for row in select_rows(
            store,
            f"""
            SELECT ?i ?notation ?ilabel WHERE {{
              ?i {SKOS.notation} ?notation ; {SKOS.prefLabel} ?ilabel . FILTER(lang(?ilabel) = "zh")
            }}""",
        )
    }


def _indicators_named(indicators: dict[str, dict], name: str) -> list[str] | None:
    """The indicators whose notation (GDP) or Chinese label (地区生产总值) is ``name``; None when
    there is none (the filter then says so)."""
    return sorted(iri for iri, row in indicators.items() if name in (row["notation"], row["ilabel"])) or None


# a project's stage in its side panel (labels.tsv stage.*: 在建 under construction)
_STATUS_WORDS = {status.value: LEXICON.label("stage." + status.value) for status in ProjectStatus}


def _add_entity_details(
    store: ox.Store | BuildStore,
    graph: nx.MultiDiGraph,
    look_up: bool,
    files: dict[str, list[str]],
    cache: ViewCache | None = None,
) -> None:
    """Stages by year, investment and the sentences that name each entity, for the side panel (an
    area that only holds projects, 虹桥企业出海总部集聚区, has its sentence too); ``cache`` gives those
    of the nodes no change touched, as the last build read them.

    Sorted here rather than with ORDER BY, which cost oxigraph three times the query itself."""

    def stages(things: list[str]):
        return select_rows(
            store,
            f"""
            SELECT ?e ?status ?year ?planned WHERE {{
              VALUES ?e {{ {values_block(things)} }} ?e {GK.statusStatement} ?st .
              ?st {GK.status} ?status ; {GK.planned} ?planned . OPTIONAL {{ ?st {GK.year} ?year }}
            }}""",
        )

    def sentences_of(things: list[str]):
        # the nodes drawn (townships, 庞口镇, are read from sentences too); when they are most of the
        # build, the sentences' texts and reports are joined by hash from sub-selects (at 1,000 reports
        # 0.19 s, against 0.44 s with the entities from a sub-select too), else looked up for each
        # sentence (at 5,000 reports, four years drawn: 0.35 s, against 0.45 s joining every sentence)
        most = not look_up and len(things) * 2 >= len(graph)
        sentence = (
            f"{one_property('s', GK.text, 'text')} {one_property('s', GK.report, 'r')}"
            if most
            else f"?s {GK.text} ?text ; {GK.report} ?r"
        )
        query = f"""
            SELECT ?e ?text ?r WHERE {{
              VALUES ?e {{ {values_block(things)} }} ?e {PROV.wasDerivedFrom} ?s . {sentence}
            }}"""
        return select_rows(store, query)

    entities = sorted(n for n, d in graph.nodes(data=True) if d.get("cls") in ENTITY_CLASSES)
    staged = ("e", "status", "year", "planned")
    found = cache.details(store, "stages", entities, staged, stages) if cache else stages(entities)
    rows = [row for row in found if row["e"] in graph]
    # (in full: ties on the year and stage, planned or done, must not fall to the query plan's order)
    for row in sorted(rows, key=lambda r: (r["e"], r["year"] or "", r["status"], r["planned"])):
        if "fields" in graph.nodes[row["e"]]:
            when = row["year"] or "—"
            field = (
                f"{when} {LEXICON.label('field.planned' if row['planned'] == 'true' else 'field.status')}",
                _STATUS_WORDS.get(_local(row["status"]), _local(row["status"])),
            )
            if field not in graph.nodes[row["e"]]["fields"]:
                graph.nodes[row["e"]]["fields"].append(field)
    for row in select_rows(
        store,
        f"""
            SELECT ?e ?value ?unit WHERE {{ ?e {GK.investment} ?i . ?i {GK.value} ?value ; {GK.unit} ?unit }}""",
    ):
        if "fields" in graph.nodes.get(row["e"], {}):
            field = (LEXICON.label("field.investment"), f"{row['value']}{row['unit']}")
            if field not in graph.nodes[row["e"]]["fields"]:
                graph.nodes[row["e"]]["fields"].append(field)
    nodes = sorted(graph)
    named = ("e", "text", "r")
    found = cache.details(store, "sentences", nodes, named, sentences_of) if cache else sentences_of(nodes)
    rows = with_source_files(found, files)
    for row in sorted((row for row in rows if row["e"] in graph), key=lambda r: (r["e"], r["report"], r["text"])):
        sentences = graph.nodes[row["e"]].get("sentences")
        if sentences is not None and len(sentences) < 5 and (row["text"], row["report"]) not in sentences:
            sentences.append((row["text"], row["report"]))


def _add_fact_edges(graph: nx.MultiDiGraph, facts: dict[str, dict]) -> None:
    """An edge from each place drawn to each indicator it has targets (or outcomes) for, carrying
    every year's figure (``fact_rows.read_facts`` reads them)."""
    edges: dict[tuple, list[dict]] = defaultdict(list)
    for fact in facts.values():
        if fact["p"] not in graph:
            continue
        if fact["i"] not in graph:
            graph.add_node(
                fact["i"],
                label=fact["ilabel"],
                cls="Indicator",
                fields=[(NOTATION_FIELD, fact["notation"])],
                sentences=[],
            )
        kind = "hasTarget" if fact["kind"] == str(GK.Target.value) else "hasOutcome"
        edges[(fact["p"], fact["i"], kind)].append(fact)
    for (place, indicator, kind), items in edges.items():
        items.sort(key=lambda f: (f["year"], f["measure"]))
        lines: list[dict] = []
        fields: list[tuple[str, str]] = []
        sentences: list[tuple[str, str]] = []
        points: list[dict] = []
        statuses = set()
        for item in items:
            measure = _local(item["measure"]).lower()
            figure = (
                item["text"]
                if measure == "qualitative"
                else describe_figure(
                    measure,
                    Decimal(item["value"]),
                    Decimal(item["valueMax"]) if item["valueMax"] else None,
                    item["unit"],
                    Comparator.from_term(_local(item["comparator"])),
                )
            )
            status = "open" if item["met"] is None else ("met" if item["met"] == "true" else "missed")
            statuses.add(status)
            estimate = ESTIMATE_NOTE if item["estimated"] == "true" else ""
            judged = "" if kind == "hasOutcome" else {"met": " ✓", "missed": " ✗", "open": ""}[status]
            lines.append({"year": int(item["year"]), "text": f"{item['year']} {figure}{estimate}{judged}"})
            fields.append(
                (
                    f"{item['year']} {LEXICON.label('target' if kind == 'hasTarget' else 'outcome')}",
                    f"{figure}{estimate}" + (f" — {status}, gap {item['gap']}" if item["gap"] else ""),
                )
            )
            for text, report in item["sentences"]:
                if (text, report) not in sentences:
                    sentences.append((text, report))
            # one point per fact for the place panel's chart: the figure as a number (增长6%左右 → 6)
            points.append(
                {
                    "year": int(item["year"]),
                    "measure": measure,
                    "unit": item["unit"] or "",
                    "value": float(item["value"]) if item["value"] is not None else None,
                    "max": float(item["valueMax"]) if item["valueMax"] else None,
                    "figure": figure + estimate,
                    "status": status if kind == "hasTarget" else None,
                    "sentences": [sentences.index(s) for s in item["sentences"]],
                }
            )
        status = "missed" if "missed" in statuses else ("met" if "met" in statuses else "open")
        graph.add_edge(
            place,
            indicator,
            key=kind,
            kind=kind,
            lines=lines,
            label="\n".join(line["text"] for line in lines),
            years=sorted({line["year"] for line in lines}),
            fields=fields,
            sentences=sentences,
            status=status,
            points=points,
        )


def _add_place_scopes(graph: nx.MultiDiGraph) -> None:
    """Give nodes and fact edges ``places``: the place filters that show them.

    A place is shown for itself, its ancestors and its descendants (泉州市 shows its
    districts; 鲤城区 shows the city and province it lies in); a fact edge and its
    indicator for the edge's place and that place's ancestors; other entities for the
    places they lie in.
    """
    parent = {
        u: v for u, v, k in graph.edges(keys=True) if k == "locatedIn" and graph.nodes[u]["cls"] == "Place" and u != v
    }

    def ancestors(place: str) -> list[str]:
        chain: list[str] = []
        while place in parent and parent[place] not in chain:
            place = parent[place]
            chain.append(place)
        return chain

    places = [n for n, d in graph.nodes(data=True) if d["cls"] == "Place"]
    descendants: dict[str, list[str]] = defaultdict(list)
    for place in places:
        for ancestor in ancestors(place):
            descendants[ancestor].append(place)
    # a place's list is made at once; only the other nodes gather theirs from their edges (a set for
    # every node of 40,000 places, with the lists, held 40 MB more at 50,000 reports)
    for place in places:
        graph.nodes[place]["places"] = sorted({place, *ancestors(place), *descendants.pop(place, ())})
    scopes: dict[str, set[str]] = {node: set() for node, d in graph.nodes(data=True) if d["cls"] != "Place"}
    for u, v, k, data in graph.edges(keys=True, data=True):
        if k == "locatedIn":
            data["places"] = []
            if u in scopes:
                scopes[u] |= {v, *ancestors(v)}
            continue
        scope = {u, *ancestors(u)}
        data["places"] = sorted(scope)
        if v in scopes:
            scopes[v] |= scope
        else:  # (a place: facts end at indicators, but were one to end at a place, it shows there too)
            graph.nodes[v]["places"] = sorted({*graph.nodes[v]["places"], *scope})
    while scopes:
        node, scope = scopes.popitem()
        graph.nodes[node]["places"] = sorted(scope)
