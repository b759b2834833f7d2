"""``viz``: one self-contained, offline HTML file with the network of a build.

The nodes and edges are vis-network's options, as pyvis's ``Node`` and ``Edge`` make them (its
``Network`` looks each new node up in a list, quadratic past a few thousand nodes; importing pyvis
imports IPython, 0.14 s of every build); the page itself is our own template, because pyvis 0.3.2's
templates fetch vis-network and Bootstrap from CDNs. The vis-network script and stylesheet that
ship inside the pyvis wheel are inlined, so the file makes no network request at all.

The page holds every node, but opens on the places (``openDepth``) with the rest folded,
and draws labels itself (templates/network.js); a place's details carry its charts: each
indicator's goals and results across the years, the sentences referred to by index.

Every report-derived string reaches the page only as gzipped JSON in base64 inside a
``<script type="application/octet-stream">`` element, and is put on screen with
``textContent``: report text can never become markup or code.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import networkx as nx

from kg.freed_memory import return_freed_memory
from kg.lexicon import LEXICON
from kg.store.generations import link_output
from kg.views.layout import depths, homes, place_parents, radial_layout
from kg.views.network import CLASSES, project
from kg.views.network_filters import filtered, keep_most_connected
from kg.views.page import render_html
from kg.views.track import load_graph
from kg.views.view_cache import ViewCache
from kg.views.view_years import YearWindow, fact_total, facts_by_year


class NodeStyle(NamedTuple):
    colour: str
    shape: str  # vis-network's; the legend draws the same shape in SVG (templates/network.js: SHAPES)
    label: str  # the legend's words (labels.tsv class.*: 地区 Place)


class EdgeStyle(NamedTuple):
    colour: str
    label: str  # labels.tsv edge.*: 目标 hasTarget


_NODE_COLOURS = {
    "Place": ("#1f77b4", "dot"),
    "Indicator": ("#ff7f0e", "diamond"),
    "Area": ("#2ca02c", "square"),
    "Project": ("#d62728", "triangle"),
    "Organization": ("#9467bd", "star"),
    "Initiative": ("#8c564b", "hexagon"),
    "Term": ("#17becf", "triangleDown"),
}
CLASS_STYLE = {cls: NodeStyle(*style, LEXICON.label("class." + cls)) for cls, style in _NODE_COLOURS.items()}
EDGE_STYLE = {
    kind: EdgeStyle(colour, LEXICON.label("edge." + kind))
    # results dark, as the results' line in the place charts
    for kind, colour in (("hasTarget", "#9e9e9e"), ("hasOutcome", "#444444"), ("locatedIn", "#bdbdbd"))
}
# Okabe–Ito colours, told apart with any of the common colour-vision deficiencies
STATUS_COLOURS = {"met": "#0072b2", "missed": "#d55e00", "open": "#999999"}
STATUS_WORDS = {status: LEXICON.label("judged." + status) for status in ("met", "missed", "open")}
# places are shown down to the deepest level that keeps the overview under this many places;
# deeper places wait, folded into their parent, until the user expands it
OVERVIEW_PLACES = 600
# the page holds every node the user may expand; past this many it keeps the places and the best connected
MAX_NODES = 20_000
# the build's page holds the targets and outcomes of the latest years up to this many facts, and the
# projects of those years: a page of bounded size (and memory to make it) whatever the build holds.
# 1,000 reports fit (about 20,000 facts, a 3 MB page); the country's 2,500 reports of one year hold
# some 50,000, so 20 years of them are drawn from the latest year. `kg viz --year` or `--place`
# draws any other part.
MAX_FACTS = 20_000


@dataclass
class VizResult:
    path: Path
    nodes: int
    edges: int
    left_out_nodes: int
    left_out_edges: int
    years: list[int] | None = None  # the years drawn, when the page holds only some (see MAX_FACTS)


class _Sentences:
    """Every source sentence once, referred to by its index (a sentence backs many facts and edges)."""

    def __init__(self) -> None:
        self.items: list[list[str]] = []
        self.index: dict[tuple[str, str], int] = {}

    def ref(self, sentence: tuple[str, str]) -> int:
        if sentence not in self.index:
            self.index[sentence] = len(self.items)
            self.items.append(list(sentence))
        return self.index[sentence]


def network_data(graph: nx.MultiDiGraph) -> dict:
    """Nodes and edges for vis-network (pyvis ``Node``/``Edge`` options), the side-panel details, the
    place panels' charts and what the overview opens with."""
    parent = place_parents(graph)
    depth = depths(graph, parent)
    home = homes(graph, parent, depth)
    positions = radial_layout(graph, parent, depth, home)
    sentences = _Sentences()
    degrees = dict(graph.degree())
    facts_at = _facts_by_place(graph)
    counts = _place_counts(graph, parent, facts_at)
    nodes, edges, details = [], [], {}
    # short ids on the page (n0, n1…): the IRIs, written once in the details, would otherwise fill a
    # fifth of the page again in every edge's ends and every node's place list
    short = {node: f"n{index}" for index, node in enumerate(sorted(graph.nodes))}
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        colour, shape, class_label = CLASS_STYLE.get(data["cls"], NodeStyle("#7f7f7f", "dot", data["cls"]))
        x, y = positions[node]
        # places by the figures they hold, other nodes smaller (a 地区生产总值 that 200 places report
        # would otherwise cover its neighbours)
        size = 8 + min(counts[node]["facts"], 60) ** 0.5 * 2.2 if node in counts else 6 + min(degrees[node], 30) ** 0.5
        # tooltips and the panel's headings are made by the page from the name, the class and the counts
        options = {
            "name": data["label"],
            "group": data["cls"],
            "x": x,
            "y": y,
            "size": round(size, 1),
            "places": [short[p] for p in data.get("places", []) if p in short],
        }
        if node in depth:
            options["depth"] = depth[node]
            if node in parent:
                options["parent"] = short[parent[node]]
        if node in home:
            options["home"] = short[home[node]]
        # no label for vis-network: the page draws the labels itself, only where they fit
        nodes.append({**options, "id": short[node], "label": None, "shape": shape})  # (as pyvis's Node)
        detail = {
            "iri": node,
            "class": class_label,
            "fields": data.get("fields", []),
            "sentences": [sentences.ref(s) for s in data.get("sentences", [])],
        }
        if node in counts:
            detail["counts"] = counts[node]
            detail["charts"] = _charts(graph, facts_at.get(node, []), sentences, short)
        details[short[node]] = detail
    for index, (u, v, _key, data) in enumerate(sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3])):
        edge_id = f"e{index}"
        kind = data["kind"]
        colour = STATUS_COLOURS[data.get("status", "open")] if kind == "hasTarget" else EDGE_STYLE[kind].colour
        edges.append(  # (as pyvis's Edge)
            {
                "id": edge_id,
                "color": colour,
                "kind": kind,
                "years": data.get("years", []),
                "places": [short[p] for p in data.get("places", []) if p in short],
                **({"dashes": True, "width": 1} if kind == "locatedIn" else {"width": 2}),
                "from": short[u],
                "to": short[v],
            }
        )
        details[edge_id] = {
            "class": EDGE_STYLE[kind].label,
            "fields": data.get("fields", []),
            "sentences": [sentences.ref(s) for s in data.get("sentences", [])],
            "lines": data.get("lines", []),
            "kind": kind,
            "status": data.get("status"),
        }
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "navigationButtons": False,
            "keyboard": False,
            "hideEdgesOnDrag": graph.number_of_edges() > 1500,
        },
        "edges": {
            "smooth": False,
            "font": {"size": 0, "align": "middle", "face": "Noto Sans CJK SC, sans-serif"},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        },
        "nodes": {"borderWidth": 1},
        # colours and shapes by class; vis would otherwise paint each group from its own palette
        "groups": {
            cls: {
                "color": {
                    "background": colour,
                    "border": colour,
                    "highlight": {"background": colour, "border": "#000000"},
                },
                "shape": shape,
            }
            for cls, (colour, shape, _) in CLASS_STYLE.items()
        },
    }
    places = sorted(
        ((n, graph.nodes[n]["label"]) for n in graph if graph.nodes[n]["cls"] == "Place"), key=lambda item: item[1]
    )
    years = sorted({y for _, _, d in graph.edges(data=True) for y in d.get("years", [])})
    legend = [
        {"group": c, "label": CLASS_STYLE[c].label, "color": CLASS_STYLE[c].colour, "shape": CLASS_STYLE[c].shape}
        for c in CLASSES
        if any(d["cls"] == c for _, d in graph.nodes(data=True))
    ]
    goals = ("met", "missed", "open")
    target = LEXICON.label("target")
    edge_legend = [{"label": f"{target} {STATUS_WORDS[s]}", "color": STATUS_COLOURS[s]} for s in goals] + [
        {"label": EDGE_STYLE["hasOutcome"].label, "color": EDGE_STYLE["hasOutcome"].colour},
        {"label": EDGE_STYLE["locatedIn"].label, "color": EDGE_STYLE["locatedIn"].colour, "dashed": True},
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "details": details,
        "sentences": sentences.items,
        "places": [{"id": short[i], "label": label} for i, label in places],
        "years": years,
        "legend": legend,
        "edgeLegend": edge_legend,
        "statusColours": STATUS_COLOURS,
        "statusWords": STATUS_WORDS,
        "openDepth": _open_depth(depth),
        "focus": [short[n] for n in graph.graph.get("focus", []) if n in short],
    }


def _open_depth(depth: dict[str, int]) -> int:
    """The overview shows places down to this depth: as deep as stays under OVERVIEW_PLACES places."""
    shown, level = 0, 0
    per_level: dict[int, int] = defaultdict(int)
    for value in depth.values():
        per_level[value] += 1
    while level in per_level and shown + per_level[level] <= OVERVIEW_PLACES:
        shown += per_level[level]
        level += 1
    return max(level - 1, 0)


def _facts_by_place(graph: nx.MultiDiGraph) -> dict[str, list[tuple[str, str, dict]]]:
    facts: dict[str, list] = defaultdict(list)
    for u, v, key, data in graph.edges(keys=True, data=True):
        if key != "locatedIn":
            facts[u].append((v, key, data))
    return facts


def _place_counts(graph: nx.MultiDiGraph, parent: dict[str, str], facts_at: dict) -> dict[str, dict]:
    """What a folded place holds, for its tooltip and panel: places, facts, reports and entities in its branch."""
    inside: dict[str, set[str]] = defaultdict(set)
    for node in graph:
        if graph.nodes[node]["cls"] == "Place":
            continue
        located = [v for _, v, k in graph.out_edges(node, keys=True) if k == "locatedIn"]
        if located:
            inside[located[0]].add(node)
    counts: dict[str, dict] = {}
    for place in (n for n, d in graph.nodes(data=True) if d["cls"] == "Place"):
        reports = {r for _, _, d in facts_at.get(place, []) for _, r in d.get("sentences", [])}
        counts[place] = {
            "places": 0,
            "facts": sum(len(d.get("points", d.get("lines", []))) for _, _, d in facts_at.get(place, [])),
            "reports": reports,
            "projects": 0,
            "entities": set(inside[place]),
        }
    # entities in entities (项目 in 片区) count for the place the outer one lies in
    for value in counts.values():
        frontier = list(value["entities"])
        while frontier:
            node = frontier.pop()
            for child, _, key in graph.in_edges(node, keys=True):
                if key == "locatedIn" and child not in value["entities"] and graph.nodes[child]["cls"] != "Place":
                    value["entities"].add(child)
                    frontier.append(child)
    for place in sorted(counts, key=lambda p: -len(_chain(p, parent))):
        if place in parent and parent[place] in counts:
            upper = counts[parent[place]]
            upper["places"] += 1 + counts[place]["places"]
            upper["facts"] += counts[place]["facts"]
            upper["reports"] |= counts[place]["reports"]
            upper["entities"] |= counts[place]["entities"]
    return {
        place: {
            "places": value["places"],
            "facts": value["facts"],
            "reports": len(value["reports"]),
            "projects": sum(1 for e in value["entities"] if graph.nodes[e]["cls"] == "Project"),
            "entities": len(value["entities"]),
        }
        for place, value in counts.items()
    }


def _chain(place: str, parent: dict[str, str]) -> list[str]:
    chain = [place]
    while chain[-1] in parent and parent[chain[-1]] not in chain:
        chain.append(parent[chain[-1]])
    return chain


def _charts(graph: nx.MultiDiGraph, facts: list, sentences: _Sentences, short: dict[str, str]) -> list[dict]:
    """One series per indicator and kind of figure (growth in %, a level in 亿元) for the place panel:
    goals and results across the years, each point with the sentences it came from."""
    series: dict[tuple, dict] = {}
    for indicator, key, data in facts:
        edge_sentences = data.get("sentences", [])
        for point in data.get("points", []):
            if point["value"] is None:
                continue
            name = graph.nodes[indicator]["label"]
            entry = series.setdefault(
                (name, point["measure"], point["unit"]),
                {
                    "indicator": short[indicator],
                    "name": name,
                    "measure": point["measure"],
                    "unit": point["unit"],
                    "points": [],
                },
            )
            entry["points"].append(
                {
                    "year": point["year"],
                    "kind": "target" if key == "hasTarget" else "outcome",
                    "value": point["value"],
                    "max": point["max"],
                    "figure": point["figure"],
                    "status": point["status"],
                    "sentences": [sentences.ref(edge_sentences[i]) for i in point["sentences"]],
                }
            )
    for entry in series.values():
        entry["points"].sort(key=lambda p: (p["year"], p["kind"], p["value"]))
    return [series[key] for key in sorted(series)]


def write_viz(
    out_dir: str | Path = "exports",
    html_path: str | Path | None = None,
    place: str | None = None,
    indicator: str | None = None,
    year: int | None = None,
    cls: str | None = None,
    max_nodes: int | None = MAX_NODES,
    max_facts: int | None = MAX_FACTS,
    view_cache: ViewCache | None = None,
) -> VizResult:
    """Write the network view of the build in ``out_dir`` (to ``out_dir/graph.html`` by default), atomically.

    By default the page goes into the build's current generation, which ``out_dir/graph.html``
    links to (see ``kg.store.generations``), so it is replaced with the rest by the next build.

    Unfiltered, the page holds the latest years up to ``max_facts`` targets and outcomes (None: every
    year) and says so; a filter reads only the part of the build it draws. ``view_cache`` (a build's
    page) keeps what it read for the next build.
    """
    store = load_graph(out_dir)
    window = YearWindow()  # every year
    if year is not None:
        window = YearWindow.one(facts_by_year(store), year)
    elif max_facts and place is None and indicator is None and cls is None and fact_total(store) > max_facts:
        window = YearWindow.latest(facts_by_year(store), max_facts)
    notes = [window.note] if window.note else []
    years, look_up = window.years, window.look_up
    graph = project(store, years, look_up, place, indicator, cls, view_cache)
    # the store is read: its RocksDB readers (index and filter blocks of every file read, some
    # 100 MB at 20,000 reports) go before the page is made; the generation stays held by ``reader``
    reader = getattr(store, "reader", None)
    del store
    # (no collection: the store goes with its last reference, and the projection makes no cycles:
    # a full collection here found 0 objects at the corpus and at 1,000 reports, in 0.17 s)
    return_freed_memory(collect=False)
    if view_cache is not None:
        # after the store: pickling what the page read took 16 MB more at 50,000 reports, on top of
        # the view's peak while the store's readers were still held
        view_cache.save()
    chosen = filtered(graph, place=place, indicator=indicator, year=year, cls=cls)
    drawn = keep_most_connected(chosen, max_nodes) if max_nodes else chosen
    left_nodes = chosen.number_of_nodes() - drawn.number_of_nodes()
    left_edges = chosen.number_of_edges() - drawn.number_of_edges()
    if left_nodes:
        notes.append(
            f"the places and the best connected nodes, {max_nodes} in all; "
            f"{left_nodes} nodes and {left_edges} edges left out"
        )
    data, note = network_data(drawn), "; ".join(notes)
    drawn_nodes, drawn_edges = drawn.number_of_nodes(), drawn.number_of_edges()
    del graph, chosen, drawn  # the page is made from the data alone (at 2,600 reports, 150 MB let go)
    page = render_html(data, title=LEXICON.label("view.title"), note=note)
    del data
    path = Path(html_path) if html_path else (reader.path if reader else Path(out_dir)) / "graph.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as output:
            output.write(page)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    if not html_path:
        link_output(Path(out_dir), "graph.html")  # a build without a view had no link to it
        path = Path(out_dir) / "graph.html"
    return VizResult(path, drawn_nodes, drawn_edges, left_nodes, left_edges, years)
