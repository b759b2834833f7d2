"""Positions for the network view from the administrative hierarchy: a radial tree, in linear time.

The country sits at the centre, provinces on the first ring, cities on the second, counties
and districts on the third (中华人民共和国 → 河北省 → 保定市 → 清苑区). Each place gets a
slice of its parent's angle in proportion to the places at the tips of its branch, so a
province with forty counties gets forty times the room of a municipality with none, and the
outer ring is made long enough that neighbouring tips stay ``TIP_SPACING`` apart.

Every other node (an indicator, an area, a project) is placed on a small fan beside its
*home*, on the side away from the places inside it (outwards for a county, inwards for a
province): the place it lies in (项目 → 片区 → 区), or for an indicator the highest place that
reports it (地区生产总值 beside the country when the national report states it). The page
moves a node next to whichever node the user expands, so these are only starting points.

No force simulation: networkx's spring layout took 7–9 s of a 16 s corpus build and grows
with the square of the nodes; this takes a few milliseconds for 2,000 nodes and stays linear.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("cn", label="中国", cls="Place"); g.add_node("hb", label="河北省", cls="Place")
>>> _ = g.add_edge("hb", "cn", key="locatedIn")
>>> positions = radial_layout(g)
>>> positions["cn"], round(math.hypot(*positions["hb"])) == RING   # the province on the first ring
((0.0, 0.0), True)
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

RING = 260.0  # canvas units between the rings of the hierarchy
TIP_SPACING = 70.0  # canvas units between neighbouring places on the outer ring (a 4-character label)
FAN_RADIUS = 70.0  # first ring of a place's own nodes around it
FAN_SPACING = 40.0  # between two of those nodes on one ring


def place_parents(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Each place's parent place (the locatedIn edge between two places)."""
    return {
        u: v
        for u, v, k in graph.edges(keys=True)
        if k == "locatedIn" and u != v and graph.nodes[u]["cls"] == "Place" and graph.nodes[v]["cls"] == "Place"
    }


def depths(graph: nx.MultiDiGraph, parent: dict[str, str]) -> dict[str, int]:
    """How far each place is from the top of its hierarchy (country 0, province 1...)."""
    result: dict[str, int] = {}
    for node, data in graph.nodes(data=True):
        if data["cls"] != "Place":
            continue
        chain, current = [node], node
        while current in parent and parent[current] not in chain and parent[current] not in result:
            current = parent[current]
            chain.append(current)
        base = result.get(parent[current], -1) + 1 if current in parent else 0
        for offset, member in enumerate(reversed(chain)):
            result.setdefault(member, base + offset)
    return result


def homes(graph: nx.MultiDiGraph, parent: dict[str, str], depth: dict[str, int]) -> dict[str, str]:
    """The node each non-place node is drawn beside (see the module's docstring); one pass over the edges."""
    label = nx.get_node_attributes(graph, "label")
    located: dict[str, list[str]] = defaultdict(list)
    reporters: dict[str, list[str]] = defaultdict(list)
    for u, v, key in graph.edges(keys=True):
        if key == "locatedIn":
            located[u].append(v)
        elif u in depth:
            reporters[v].append(u)
    result: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        if data["cls"] == "Place":
            continue
        if located.get(node):
            result[node] = min(located[node])
        elif reporters.get(node):
            result[node] = min(reporters[node], key=lambda p: (depth[p], label.get(p, ""), p))
    return result


def radial_layout(
    graph: nx.MultiDiGraph,
    parent: dict[str, str] | None = None,
    depth: dict[str, int] | None = None,
    home: dict[str, str] | None = None,
) -> dict[str, tuple[float, float]]:
    """Deterministic positions for every node of ``graph`` (same graph, same positions); the hierarchy's
    ``parent``, ``depth`` and ``home`` maps are computed unless the caller has them already."""
    if graph.number_of_nodes() == 0:
        return {}
    label = nx.get_node_attributes(graph, "label")
    order = lambda node: (label.get(node, ""), node)  # noqa: E731
    parent = place_parents(graph) if parent is None else parent
    depth = depths(graph, parent) if depth is None else depth
    children: dict[str | None, list[str]] = defaultdict(list)
    for place in sorted(depth, key=order):
        children[parent.get(place) if parent.get(place) in depth else None].append(place)
    roots = children[None]

    # tips under each place, children before parents (deepest first)
    tips: dict[str, int] = {}
    for place in sorted(depth, key=lambda p: -depth[p]):
        tips[place] = max(1, sum(tips[c] for c in children.get(place, [])))
    deepest = max(depth.values(), default=0)
    one_root = len(roots) == 1
    rings = deepest + (0 if one_root else 1)
    total_tips = sum(tips[r] for r in roots) or 1
    outer = max(RING * max(rings, 1), total_tips * TIP_SPACING / (2 * math.pi))
    ring = outer / max(rings, 1)

    positions: dict[str, tuple[float, float]] = {}
    angle_of: dict[str, float] = {}
    # (place, start angle, sweep): each place sits in the middle of its slice
    stack: list[tuple[str, float, float]] = []
    start = 0.0
    for root in roots:
        sweep = 2 * math.pi * tips[root] / total_tips
        stack.append((root, start, sweep))
        start += sweep
    while stack:
        place, start, sweep = stack.pop()
        middle = start + sweep / 2
        radius = ring * (depth[place] + (0 if one_root else 1))
        positions[place] = (0.0, 0.0) if radius == 0 else (radius * math.cos(middle), radius * math.sin(middle))
        angle_of[place] = middle
        inner = start
        for child in children.get(place, []):
            share = sweep * tips[child] / tips[place]
            stack.append((child, inner, share))
            inner += share

    home = homes(graph, parent, depth) if home is None else home
    placed_beside: dict[str, list[str]] = defaultdict(list)
    loose: list[str] = []
    for node in sorted((n for n in graph if n not in positions), key=order):
        if node in home:
            placed_beside[home[node]].append(node)
        else:
            loose.append(node)
    # homes may themselves be non-places (a project in an area): place outwards from the places in
    pending = [p for p in positions]
    while pending:
        anchor = pending.pop()
        members = placed_beside.pop(anchor, [])
        if not members:
            continue
        ax, ay = positions[anchor]
        outward = angle_of.get(anchor, math.atan2(ay, ax) if (ax or ay) else 0.0)
        if children.get(anchor) and (ax or ay):
            outward += math.pi  # the places inside it are outside it: its own nodes go inwards
        for index, node in enumerate(members):
            positions[node] = _fan(ax, ay, outward, index)
            angle_of[node] = outward
            pending.append(node)
    loose.extend(sorted((n for members in placed_beside.values() for n in members), key=order))
    loose = [n for n in loose if n not in positions]
    # what hangs on nothing (an indicator drawn without its places) goes on a sunflower spiral
    base = outer + ring if positions else 0.0
    for index, node in enumerate(loose):
        radius = base + TIP_SPACING * 0.6 * math.sqrt(index + 1)
        angle = index * 2.399963229728653  # the golden angle spreads points evenly
        positions[node] = (radius * math.cos(angle), radius * math.sin(angle))
    return {node: (round(x, 2), round(y, 2)) for node, (x, y) in positions.items()}


def _fan(x: float, y: float, outward: float, index: int) -> tuple[float, float]:
    """The index-th spot of a fan around (x, y) that opens away from the centre: rings of growing size."""
    ring, slot, capacity, radius = 0, index, 0, FAN_RADIUS
    while True:
        radius = FAN_RADIUS * (ring + 1)
        capacity = max(5, int(math.pi * radius / FAN_SPACING))
        if slot < capacity:
            break
        slot -= capacity
        ring += 1
    # spread over a half circle facing outwards, middle first
    offset = ((slot + 1) // 2) * (1 if slot % 2 else -1) * (math.pi / capacity)
    angle = outward + offset
    return x + radius * math.cos(angle), y + radius * math.sin(angle)
