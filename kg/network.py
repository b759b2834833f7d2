"""A networkx projection of a built graph: what the network view draws.

Nodes are places, indicators and (where a build has them) areas, projects,
organisations, initiatives and terms; edges are the contract's direct relations:
``hasTarget`` and ``hasOutcome`` (place → indicator, one edge per place, indicator and
relation, carrying every year's figure and its source sentences) and ``locatedIn``.

Plain functions over the graph, networkx style:

>>> graph = nx.MultiDiGraph()
>>> graph.add_node("p", label="鲤城区", cls="Place", places=["p"])
>>> graph.add_node("i", label="地区生产总值", cls="Indicator", places=["p"])
>>> _ = graph.add_edge("p", "i", kind="hasTarget", years=[2024], places=["p"])
>>> sorted(keep_most_connected(graph, 1).nodes)
['i']
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import networkx as nx
import pyoxigraph as ox

from kg.figures import describe_figure
from kg.vocab import GK, PROV, RDFS, SKOS

PLACE_CLASSES = ("Country", "Province", "Municipality", "AutonomousRegion", "PrefectureCity", "District", "County",
                 "CountyLevelCity", "Township")
ENTITY_CLASSES = ("Area", "Project", "Organization", "Initiative", "Term")
CLASSES = ("Place", "Indicator") + ENTITY_CLASSES


@dataclass
class Projection:
    """The graph to draw, and what filters or ``max_nodes`` left out."""

    graph: nx.MultiDiGraph
    left_out_nodes: int = 0
    left_out_edges: int = 0
    notes: list[str] = field(default_factory=list)


def _value(term) -> str | None:
    return term.value if term is not None else None


def _select(store: ox.Store, query: str):
    result = store.query(query)
    names = [v.value for v in result.variables]
    for solution in result:
        yield {name: _value(solution[name]) for name in names}


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def project(store: ox.Store) -> nx.MultiDiGraph:
    """Project the RDF of a build onto a MultiDiGraph (node and edge attributes described above)."""
    graph = nx.MultiDiGraph()
    place_classes = " ".join(f"{GK[c]}" for c in PLACE_CLASSES)
    for row in _select(store, f"""
            SELECT ?p ?label ?cls ?adcode ?parent WHERE {{
              VALUES ?cls {{ {place_classes} }}
              ?p a ?cls ; {RDFS.label} ?label .
              OPTIONAL {{ ?p {GK.adcode} ?adcode }}
              OPTIONAL {{ ?p {GK.locatedIn} ?parent . ?parent a ?pc . VALUES ?pc {{ {place_classes} }} }}
            }}"""):
        fields = [("级别 level", _local(row["cls"]))] + ([("行政区划代码 adcode", row["adcode"])] if row["adcode"] else [])
        graph.add_node(row["p"], label=row["label"], cls="Place", level=_local(row["cls"]), fields=fields,
                       sentences=[])
        if row["parent"]:
            graph.add_edge(row["p"], row["parent"], key="locatedIn", kind="locatedIn", label="", lines=[],
                           fields=[], sentences=[], years=[])
    entity_classes = " ".join(f"{GK[c]}" for c in ENTITY_CLASSES)
    for row in _select(store, f"""
            SELECT ?e ?label ?cls ?where WHERE {{
              VALUES ?cls {{ {entity_classes} }}
              ?e a ?cls ; {RDFS.label} ?label .
              OPTIONAL {{ ?e {GK.locatedIn} ?where }}
            }}"""):
        if row["e"] not in graph:
            graph.add_node(row["e"], label=row["label"], cls=_local(row["cls"]), fields=[], sentences=[])
        if row["where"]:
            graph.add_edge(row["e"], row["where"], key="locatedIn", kind="locatedIn", label="", lines=[],
                           fields=[], sentences=[], years=[])
    _add_entity_details(store, graph)
    _add_fact_edges(store, graph)
    # locatedIn edges to places outside the projection (none in practice) are dropped
    for node in [n for n in graph if "label" not in graph.nodes[n]]:
        graph.remove_node(node)
    # an entity tied to nothing (a glossary term) would float alone in the view
    graph.remove_nodes_from([n for n, d in list(graph.nodes(data=True))
                             if d["cls"] in ENTITY_CLASSES and graph.degree(n) == 0])
    _add_place_scopes(graph)
    return graph


_STATUS_WORDS = {"Planned": "谋划 planned", "Started": "开工 started", "UnderConstruction": "在建 under construction",
                 "Completed": "建成 completed", "InOperation": "投用 in operation"}


def _add_entity_details(store: ox.Store, graph: nx.MultiDiGraph) -> None:
    """Stages by year, investment and the sentences that name each entity, for the side panel."""
    for row in _select(store, f"""
            SELECT ?e ?status ?year ?planned WHERE {{
              ?e {GK.statusStatement} ?st . ?st {GK.status} ?status ; {GK.planned} ?planned .
              OPTIONAL {{ ?st {GK.year} ?year }}
            }} ORDER BY ?e ?year ?status"""):
        if "fields" in graph.nodes.get(row["e"], {}):
            when = row["year"] or "—"
            field = (f"{when} {'计划 plan' if row['planned'] == 'true' else '状态 status'}",
                     _STATUS_WORDS.get(_local(row["status"]), _local(row["status"])))
            if field not in graph.nodes[row["e"]]["fields"]:
                graph.nodes[row["e"]]["fields"].append(field)
    for row in _select(store, f"""
            SELECT ?e ?value ?unit WHERE {{ ?e {GK.investment} ?i . ?i {GK.value} ?value ; {GK.unit} ?unit }}"""):
        if "fields" in graph.nodes.get(row["e"], {}):
            field = ("总投资 investment", f"{row['value']}{row['unit']}")
            if field not in graph.nodes[row["e"]]["fields"]:
                graph.nodes[row["e"]]["fields"].append(field)
    for row in _select(store, f"""
            SELECT ?e ?text ?report WHERE {{
              ?e {GK.locatedIn} ?where ; {PROV.wasDerivedFrom} ?s .
              ?s {GK.text} ?text ; {GK.report}/{GK.sourceFile} ?report .
            }} ORDER BY ?e ?report ?text"""):
        sentences = graph.nodes[row["e"]].get("sentences") if row["e"] in graph else None
        if sentences is not None and len(sentences) < 5 and (row["text"], row["report"]) not in sentences:
            sentences.append((row["text"], row["report"]))


def _add_fact_edges(store: ox.Store, graph: nx.MultiDiGraph) -> None:
    facts: dict[tuple, dict] = {}
    for row in _select(store, f"""
            SELECT ?f ?kind ?p ?i ?notation ?ilabel ?year ?measure ?value ?valueMax ?unit ?comparator ?estimated
                   ?text ?sentence ?report ?met ?gap WHERE {{
              VALUES ?kind {{ {GK.Target} {GK.Outcome} }}
              ?f a ?kind ; {GK.place} ?p ; {GK.indicator} ?i ; {GK.year} ?year ; {GK.measure} ?measure ;
                 {GK.comparator} ?comparator ; {GK.estimated} ?estimated ; {PROV.wasDerivedFrom} ?s .
              ?s {GK.text} ?sentence ; {GK.report}/{GK.sourceFile} ?report .
              ?i {SKOS.notation} ?notation ; {SKOS.prefLabel} ?ilabel . FILTER(lang(?ilabel) = "zh")
              OPTIONAL {{ ?f {GK.value} ?value ; {GK.unit} ?unit }}
              OPTIONAL {{ ?f {GK.maxValue} ?valueMax }}
              OPTIONAL {{ ?f {GK.text} ?text }}
              OPTIONAL {{ ?a {GK.target} ?f ; {GK.met} ?met ; {GK.gap} ?gap }}
            }}"""):
        fact = facts.setdefault(row["f"], {**row, "sentences": []})
        if (row["sentence"], row["report"]) not in fact["sentences"]:
            fact["sentences"].append((row["sentence"], row["report"]))
    edges: dict[tuple, list[dict]] = defaultdict(list)
    for fact in facts.values():
        if fact["p"] not in graph:
            continue
        if fact["i"] not in graph:
            graph.add_node(fact["i"], label=fact["ilabel"], cls="Indicator",
                           fields=[("记号 notation", fact["notation"])], sentences=[])
        kind = "hasTarget" if fact["kind"] == str(GK.Target.value) else "hasOutcome"
        edges[(fact["p"], fact["i"], kind)].append(fact)
    for (place, indicator, kind), items in edges.items():
        items.sort(key=lambda f: (f["year"], f["measure"]))
        lines, fields, sentences = [], [], []
        statuses = set()
        for item in items:
            measure = _local(item["measure"]).lower()
            figure = item["text"] if measure == "qualitative" else describe_figure(
                measure, Decimal(item["value"]), Decimal(item["valueMax"]) if item["valueMax"] else None,
                item["unit"], _local(item["comparator"]))
            status = "open" if item["met"] is None else ("met" if item["met"] == "true" else "missed")
            statuses.add(status)
            estimate = " (预计)" if item["estimated"] == "true" else ""
            judged = "" if kind == "hasOutcome" else {"met": " ✓", "missed": " ✗", "open": ""}[status]
            lines.append({"year": int(item["year"]), "text": f"{item['year']} {figure}{estimate}{judged}"})
            fields.append((f"{item['year']} {'目标' if kind == 'hasTarget' else '实际'}",
                           f"{figure}{estimate}" + (f" — {status}, gap {item['gap']}" if item["gap"] else "")))
            for text, report in item["sentences"]:
                if (text, report) not in sentences:
                    sentences.append((text, report))
        status = "missed" if "missed" in statuses else ("met" if "met" in statuses else "open")
        graph.add_edge(place, indicator, key=kind, kind=kind, lines=lines, label="\n".join(l["text"] for l in lines),
                       years=sorted({l["year"] for l in lines}), fields=fields, sentences=sentences, status=status)


def _add_place_scopes(graph: nx.MultiDiGraph) -> None:
    """Give nodes and fact edges ``places``: the place filters that show them.

    A place is shown for itself, its ancestors and its descendants (泉州市 shows its
    districts; 鲤城区 shows the city and province it lies in); a fact edge and its
    indicator for the edge's place and that place's ancestors; other entities for the
    places they lie in.
    """
    parent = {u: v for u, v, k in graph.edges(keys=True)
              if k == "locatedIn" and graph.nodes[u]["cls"] == "Place" and u != v}

    def ancestors(place: str) -> list[str]:
        chain: list[str] = []
        while place in parent and parent[place] not in chain:
            place = parent[place]
            chain.append(place)
        return chain

    places = [n for n, d in graph.nodes(data=True) if d["cls"] == "Place"]
    descendants: dict[str, set[str]] = defaultdict(set)
    for place in places:
        for ancestor in ancestors(place):
            descendants[ancestor].add(place)
    scopes: dict[str, set[str]] = {node: set() for node in graph}
    for place in places:
        scopes[place] = {place, *ancestors(place), *descendants[place]}
    for u, v, k, data in graph.edges(keys=True, data=True):
        if k == "locatedIn":
            data["places"] = []
            if graph.nodes[u]["cls"] != "Place":
                scopes[u] |= {v, *ancestors(v)}
            continue
        scope = {u, *ancestors(u)}
        data["places"] = sorted(scope)
        scopes[v] |= scope
    for node, scope in scopes.items():
        graph.nodes[node]["places"] = sorted(scope)


def filtered(graph: nx.MultiDiGraph, place: str | None = None, indicator: str | None = None,
             year: int | None = None, cls: str | None = None) -> nx.MultiDiGraph:
    """The part of the projection a user asked for (place by full or short name, indicator by notation or label)."""
    from kg.places import short_name

    result = graph.copy()
    if year is not None:
        for u, v, k, data in list(result.edges(keys=True, data=True)):
            if k != "locatedIn" and year not in data["years"]:
                result.remove_edge(u, v, k)
    if indicator:
        for node, data in list(result.nodes(data=True)):
            if data["cls"] == "Indicator" and indicator not in (data["label"], dict(data["fields"]).get("记号 notation")):
                result.remove_node(node)
    if place:
        chosen = [n for n, d in result.nodes(data=True)
                  if d["cls"] == "Place" and place in (d["label"], short_name(d["label"]))]
        keep = set()
        for node in chosen:
            keep.update(p for p in result.nodes[node]["places"])
        for u, v, k in list(result.edges(keys=True)):
            if k != "locatedIn" and u not in keep:
                result.remove_edge(u, v, k)
        keep.update(v for u, v, k in result.edges(keys=True) if u in keep)
        result.remove_nodes_from([n for n in list(result) if n not in keep])
    if cls:
        result.remove_nodes_from([n for n, d in list(result.nodes(data=True)) if d["cls"] != cls])
    if place or indicator or year is not None:
        result.remove_nodes_from([n for n in list(result) if result.degree(n) == 0])
    return result


def keep_most_connected(graph: nx.MultiDiGraph, max_nodes: int) -> nx.MultiDiGraph:
    """The ``max_nodes`` nodes of highest degree (ties broken by label) and the edges between them."""
    if graph.number_of_nodes() <= max_nodes:
        return graph
    ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n), graph.nodes[n].get("label", ""), n))
    return graph.subgraph(ranked[:max_nodes]).copy()


def layout(graph: nx.MultiDiGraph, seed: int = 42) -> dict[str, tuple[float, float]]:
    """Deterministic positions (vis-network's own layout is too slow past a few hundred nodes)."""
    if graph.number_of_nodes() == 0:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from((u, v) for u, v in graph.edges())
    n = simple.number_of_nodes()
    iterations = 200 if n <= 300 else 40
    positions = nx.spring_layout(simple, seed=seed, iterations=iterations, k=3.5 / max(n, 1) ** 0.5)
    scale = 650 * max(1.0, (n / 40) ** 0.5)
    return {node: (float(x) * scale, float(y) * scale) for node, (x, y) in positions.items()}
