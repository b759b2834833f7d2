"""Filters over the network projection (``kg viz --place/--indicator/--year/--class``) and the cut to
the best connected nodes: plain functions from a graph to a smaller one, each saying in one line
when it matches nothing (an unknown place, a year with no data), rather than draw an empty page.

>>> graph = nx.MultiDiGraph()
>>> graph.add_node("p", label="鲤城区", cls="Place", places=["p"])
>>> graph.add_node("i", label="地区生产总值", cls="Indicator", places=["p"])
>>> _ = graph.add_edge("p", "i", kind="hasTarget", years=[2024], places=["p"])
>>> sorted(keep_most_connected(graph, 1).nodes)
['p']
"""

from __future__ import annotations

import networkx as nx

from kg.views.network import CLASSES, NOTATION_FIELD


class ViewFilterError(ValueError):
    """A filter that matches nothing in the build; the message is one line for the command line."""


def _some(names, limit: int = 6) -> str:
    names = sorted(set(names))
    shown = "、".join(names[:limit])
    return shown + (f" … ({len(names)} in all)" if len(names) > limit else "")


def filtered(
    graph: nx.MultiDiGraph,
    place: str | None = None,
    indicator: str | None = None,
    year: int | None = None,
    cls: str | None = None,
) -> nx.MultiDiGraph:
    """The part of the projection a user asked for, or ``ViewFilterError`` when a filter matches nothing.

    ``place`` (full or short name: 泉州市 or 泉州) keeps that place and the places and entities
    inside it, with their facts, and the places it lies in (for where it is, without their facts);
    ``indicator`` (notation GDP or label
    地区生产总值) and ``year`` keep only the targets and outcomes that match, with their places
    and the places those lie in (entities have no figures, so they go); ``cls`` keeps one class.
    Each filter keeps a part of what it is given, never more.
    """
    from kg.places import short_name

    if place is None and indicator is None and year is None and cls is None:
        return graph
    facts = [(u, v, k) for u, v, k in graph.edges(keys=True) if k != "locatedIn"]
    chosen_places: list[str] = []
    if place:
        chosen_places = [
            n
            for n, d in graph.nodes(data=True)
            if d["cls"] == "Place" and place in (d["label"], short_name(d["label"]))
        ]
        if not chosen_places:
            raise ViewFilterError(
                f"no place named {place} in this build; places: "
                + _some(d["label"] for _, d in graph.nodes(data=True) if d["cls"] == "Place")
            )
    chosen_indicators: set[str] = set()
    if indicator:
        chosen_indicators = {
            n
            for n, d in graph.nodes(data=True)
            if d["cls"] == "Indicator" and indicator in (d["label"], dict(d["fields"]).get(NOTATION_FIELD))
        }
        if not chosen_indicators:
            raise ViewFilterError(
                f"no indicator {indicator} in this build (a notation like GDP or a label like "
                f"地区生产总值); indicators: "
                + _some(
                    dict(d["fields"]).get(NOTATION_FIELD, d["label"])
                    for _, d in graph.nodes(data=True)
                    if d["cls"] == "Indicator"
                )
            )
    if year is not None:
        years = {y for u, v, k in facts for y in graph.edges[u, v, k]["years"]}
        if year not in years:
            span = f"{min(years)}–{max(years)}" if years else "none"
            raise ViewFilterError(f"no targets or outcomes for {year} in this build (years with data: {span})")
    if cls is not None:
        if cls not in CLASSES:
            raise ViewFilterError(f"unknown class {cls}; one of {', '.join(CLASSES)}")
        if not any(d["cls"] == cls for _, d in graph.nodes(data=True)):
            present = [c for c in CLASSES if any(d["cls"] == c for _, d in graph.nodes(data=True))]
            raise ViewFilterError(f"no {cls} nodes in this build; classes here: {', '.join(present)}")

    parent = {
        u: v
        for u, v, k in graph.edges(keys=True)
        if k == "locatedIn" and graph.nodes[u]["cls"] == "Place" and graph.nodes[v]["cls"] == "Place"
    }
    inside: set[str] | None = None  # the chosen places and everything located in them, at any depth
    if chosen_places:
        inside, frontier = set(chosen_places), list(chosen_places)
        while frontier:
            node = frontier.pop()
            for child, _, key in graph.in_edges(node, keys=True):
                if key == "locatedIn" and child not in inside:
                    inside.add(child)
                    frontier.append(child)
    kept_facts = [
        (u, v, k)
        for u, v, k in facts
        if (inside is None or u in inside)
        and (year is None or year in graph.edges[u, v, k]["years"])
        and (not chosen_indicators or v in chosen_indicators)
    ]
    if indicator or year is not None:
        nodes = {n for u, v, _ in kept_facts for n in (u, v)}
        if not kept_facts:
            asked = " ".join(
                f"--{name} {value}"
                for name, value in (("place", place), ("indicator", indicator), ("year", year))
                if value
            )
            raise ViewFilterError(f"no targets or outcomes match {asked}")
    elif inside is not None:
        nodes = set(inside) | {v for _, v, _ in kept_facts}
    else:
        nodes = set(graph)
    for node in list(nodes):  # a place is drawn with the places it lies in (鲤城区 with 泉州市 and 福建省)
        while node in parent and parent[node] not in nodes:
            node = parent[node]
            nodes.add(node)
    if cls is not None:
        nodes = {n for n in nodes if graph.nodes[n]["cls"] == cls}
        if not nodes:
            raise ViewFilterError(f"no {cls} nodes match the other filters")
    # what the filter named opens first in the page (--indicator GDP: 地区生产总值 with its links)
    result = nx.MultiDiGraph(focus=sorted(n for n in [*chosen_places, *chosen_indicators] if n in nodes))
    for node in sorted(nodes):
        result.add_node(node, **graph.nodes[node])
    kept = set(kept_facts)
    for u, v, k, data in graph.edges(keys=True, data=True):
        if u in nodes and v in nodes and (k == "locatedIn" or (u, v, k) in kept):
            result.add_edge(u, v, key=k, **(_one_year(data, year) if year is not None and k != "locatedIn" else data))
    return result


def _one_year(data: dict, year: int) -> dict:
    """A fact edge's attributes with only that year's figures (its other years are not what was asked)."""
    lines = [line for line in data["lines"] if line["year"] == year]
    points = [point for point in data.get("points", []) if point["year"] == year]
    fields = [field for field in data["fields"] if field[0].startswith(f"{year} ")]
    return {
        **data,
        "lines": lines,
        "points": points,
        "fields": fields,
        "years": [year],
        "label": "\n".join(line["text"] for line in lines),
    }


def keep_most_connected(graph: nx.MultiDiGraph, max_nodes: int) -> nx.MultiDiGraph:
    """At most ``max_nodes`` nodes: the places first (the overview is their hierarchy), then the rest by degree
    (ties broken by label), and the edges between them."""
    if graph.number_of_nodes() <= max_nodes:
        return graph
    ranked = sorted(
        graph.nodes,
        key=lambda n: (graph.nodes[n]["cls"] != "Place", -graph.degree(n), graph.nodes[n].get("label", ""), n),
    )
    kept = set(ranked[:max_nodes])
    # in the graph's own order: ``graph.subgraph(kept)`` iterates the set when it holds fewer than
    # half the nodes, in an order that changes with each process's string hashes (at 50,000
    # reports it kept 20,000 of 40,810: two runs drew the same nodes, 三坡镇 under another short id)
    drawn = nx.MultiDiGraph(graph.graph)
    drawn.add_nodes_from((n, dict(data)) for n, data in graph.nodes(data=True) if n in kept)
    drawn.add_edges_from(
        (u, v, key, dict(data)) for u, v, key, data in graph.edges(keys=True, data=True) if u in kept and v in kept
    )
    return drawn
