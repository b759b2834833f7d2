"""``viz``: one self-contained, offline HTML file with the network of a build.

pyvis builds the node and edge data and the vis-network options; the page itself is
our own template, because pyvis 0.3.2's templates fetch vis-network and Bootstrap from
CDNs. The vis-network script and stylesheet that ship inside the pyvis wheel are
inlined, so the file makes no network request at all.

Every report-derived string reaches the page only as JSON inside a
``<script type="application/json">`` element (with ``<``, ``>`` and ``&`` escaped) and
is put on screen with ``textContent``: report text can never become markup or code.
"""
from __future__ import annotations

import html
import json
import os
import re
import tempfile
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from kg.network import CLASSES, filtered, keep_most_connected, layout, project
from kg.track import load_graph

CLASS_STYLE = {
    "Place": ("#1f77b4", "dot", "地区 Place"),
    "Indicator": ("#ff7f0e", "diamond", "指标 Indicator"),
    "Area": ("#2ca02c", "square", "片区 Area"),
    "Project": ("#d62728", "triangle", "项目 Project"),
    "Organization": ("#9467bd", "star", "机构 Organization"),
    "Initiative": ("#8c564b", "hexagon", "行动 Initiative"),
    "Term": ("#17becf", "triangleDown", "术语 Term"),
}
EDGE_STYLE = {
    "hasTarget": ("#9e9e9e", "目标 hasTarget"),
    "hasOutcome": ("#1565c0", "实际 hasOutcome"),
    "locatedIn": ("#bdbdbd", "位于 locatedIn"),
}
STATUS_COLOURS = {"met": "#2e7d32", "missed": "#c62828", "open": "#9e9e9e"}
EDGE_LABEL_LIMIT = 250


@dataclass
class VizResult:
    path: Path
    nodes: int
    edges: int
    left_out_nodes: int
    left_out_edges: int


def _vis_assets() -> tuple[str, str]:
    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed")
    folder = Path(next(iter(spec.submodule_search_locations))) / "lib" / "vis-9.1.2"
    return (folder / "vis-network.min.js").read_text(encoding="utf-8"), \
        (folder / "vis-network.css").read_text(encoding="utf-8")


def network_data(graph: nx.MultiDiGraph) -> dict:
    """Nodes, edges and options for vis-network, built with pyvis, plus the side-panel details."""
    positions = layout(graph)
    degrees = dict(graph.degree())
    net = Network(directed=True)
    details: dict[str, dict] = {}
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        colour, shape, class_label = CLASS_STYLE.get(data["cls"], ("#7f7f7f", "dot", data["cls"]))
        x, y = positions[node]
        net.add_node(node, label=data["label"], title=f"{data['label']} · {class_label}", color=colour, shape=shape,
                     x=x, y=y, size=10 + min(degrees[node], 30) * 0.7, group=data["cls"])
        details[node] = {"label": data["label"], "class": class_label, "fields": data.get("fields", []),
                         "sentences": [{"text": t, "report": r} for t, r in data.get("sentences", [])],
                         "places": data.get("places", [])}
    for index, (u, v, key, data) in enumerate(sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3])):
        edge_id = f"e{index}"
        kind = data["kind"]
        colour = STATUS_COLOURS[data.get("status", "open")] if kind == "hasTarget" else EDGE_STYLE[kind][0]
        tooltip = f"{graph.nodes[u]['label']} {EDGE_STYLE[kind][1]} {graph.nodes[v]['label']}"
        net.add_edge(u, v, id=edge_id, label=data.get("label", ""), title=tooltip, color=colour,
                     dashes=kind == "locatedIn", width=2 if kind != "locatedIn" else 1)
        details[edge_id] = {"label": tooltip, "class": EDGE_STYLE[kind][1], "fields": data.get("fields", []),
                            "sentences": [{"text": t, "report": r} for t, r in data.get("sentences", [])],
                            "places": data.get("places", []), "lines": data.get("lines", []), "kind": kind,
                            "status": data.get("status")}
    nodes, edges, *_ = net.get_network_data()
    for edge in edges:
        edge["kind"] = details[edge["id"]]["kind"]
        edge["years"] = sorted({line["year"] for line in details[edge["id"]]["lines"]})
        edge["places"] = details[edge["id"]]["places"]
    for node in nodes:
        node["places"] = details[node["id"]]["places"]
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "keyboard": True,
                        "hideEdgesOnDrag": graph.number_of_edges() > 1500},
        # edge labels (the goals) are drawn by default only where they stay readable; a checkbox shows them
        "edges": {"smooth": False, "font": {"size": 10 if graph.number_of_edges() <= EDGE_LABEL_LIMIT else 0,
                                            "align": "middle", "face": "Noto Sans CJK SC, sans-serif"},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}},
        "nodes": {"font": {"size": 14, "face": "Noto Sans CJK SC, sans-serif"}, "borderWidth": 1},
        # colours and shapes by class; vis would otherwise paint each group from its own palette
        "groups": {cls: {"color": {"background": colour, "border": colour,
                                   "highlight": {"background": colour, "border": "#000000"}},
                         "shape": shape} for cls, (colour, shape, _) in CLASS_STYLE.items()},
    }
    places = sorted(((n, graph.nodes[n]["label"]) for n in graph if graph.nodes[n]["cls"] == "Place"),
                    key=lambda item: item[1])
    years = sorted({y for _, _, d in graph.edges(data=True) for y in d.get("years", [])})
    legend = [{"group": c, "label": CLASS_STYLE[c][2], "color": CLASS_STYLE[c][0], "shape": CLASS_STYLE[c][1]}
              for c in CLASSES if any(d["cls"] == c for _, d in graph.nodes(data=True))]
    edge_legend = [{"label": "目标 met ✓", "color": STATUS_COLOURS["met"]},
                   {"label": "目标 missed ✗", "color": STATUS_COLOURS["missed"]},
                   {"label": "目标 open", "color": STATUS_COLOURS["open"]},
                   {"label": EDGE_STYLE["hasOutcome"][1], "color": EDGE_STYLE["hasOutcome"][0]},
                   {"label": EDGE_STYLE["locatedIn"][1], "color": EDGE_STYLE["locatedIn"][0], "dashed": True}]
    return {"nodes": nodes, "edges": edges, "options": options, "details": details,
            "places": [{"id": i, "label": label} for i, label in places], "years": years,
            "legend": legend, "edgeLegend": edge_legend}


def _script_json(data: dict) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' survives literally."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_html(data: dict, title: str = "govkg network", note: str = "") -> str:
    """The whole page as one string: inlined vis-network, our styles and script, and the data."""
    vis_js, vis_css = _vis_assets()
    template = (Path(__file__).parent / "templates" / "network.html").read_text(encoding="utf-8")
    app_js = (Path(__file__).parent / "templates" / "network.js").read_text(encoding="utf-8")
    replacements = {
        "{{TITLE}}": _html_text(title),
        "{{NOTE}}": _html_text(note),
        "{{VIS_CSS}}": vis_css.replace("</", "<\\/"),
        "{{VIS_JS}}": vis_js.replace("</script", "<\\/script"),
        "{{DATA}}": _script_json(data),
        "{{APP_JS}}": app_js,
    }
    # one pass, so text inside the data can never be taken for a marker
    return re.sub(r"\{\{[A-Z_]+\}\}", lambda m: replacements.get(m.group(0), m.group(0)), template)


def _html_text(text: str) -> str:
    return html.escape(text, quote=True)


def write_viz(out_dir: str | Path = "exports", html_path: str | Path | None = None, place: str | None = None,
              indicator: str | None = None, year: int | None = None, cls: str | None = None,
              max_nodes: int | None = 2000) -> VizResult:
    """Write the network view of the build in ``out_dir`` (to ``out_dir/graph.html`` by default), atomically."""
    graph = project(load_graph(out_dir))
    chosen = filtered(graph, place=place, indicator=indicator, year=year, cls=cls)
    drawn = keep_most_connected(chosen, max_nodes) if max_nodes else chosen
    left_nodes = chosen.number_of_nodes() - drawn.number_of_nodes()
    left_edges = chosen.number_of_edges() - drawn.number_of_edges()
    note = ""
    if left_nodes:
        note = f"the {max_nodes} most connected nodes; {left_nodes} nodes and {left_edges} edges left out"
    page = render_html(network_data(drawn), title="govkg · 政府工作报告知识图谱", note=note)
    path = Path(html_path) if html_path else Path(out_dir) / "graph.html"
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
    return VizResult(path, drawn.number_of_nodes(), drawn.number_of_edges(), left_nodes, left_edges)
