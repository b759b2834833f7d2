"""The network view in a real headless Chromium (Debian's, driven by Playwright).

CI installs chromium; locally the browser tests skip when it is missing, unless
GOVKG_REQUIRE_BROWSER=1 (set by .ci/run) turns that into a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest

from kg.build import build
from kg.views.network import project
from kg.views.page import page_data as packed_page_data
from kg.views.page import render_html
from kg.views.track import load_graph
from kg.views.viz import network_data, write_viz
from tests.conftest import GOOD_REPORT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAVE_BROWSER = Path(CHROMIUM).exists()
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]

if not HAVE_BROWSER and os.environ.get("GOVKG_REQUIRE_BROWSER") == "1":
    raise RuntimeError("GOVKG_REQUIRE_BROWSER=1 but no chromium at " + CHROMIUM)
needs_browser = pytest.mark.skipif(not HAVE_BROWSER, reason="Debian chromium is not installed")


@pytest.fixture(scope="module")
def seed_page(seed_build) -> Path:
    _, out = seed_build
    return write_viz(out).path


@pytest.fixture(scope="module")
def browser():
    if not HAVE_BROWSER:
        pytest.skip("Debian chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield instance
        instance.close()


class OpenPage:
    """A page opened from file:// with its console messages, errors, requests and dialogs recorded."""

    def __init__(self, browser, path: Path, width: int = 1400):
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.console, self.requests, self.dialogs = [], [], []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.console.append(("pageerror", str(e))))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.govkg && window.govkg.isReady()", timeout=60_000)

    def close(self):
        self.page.close()


def test_page_is_self_contained(seed_page):
    html = seed_page.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"url\(\s*[\"']?\s*(?:https?:)?//", html, re.I)
    assert "<link" not in html.lower() and "@import" not in html
    assert "vis.Network" in html and "graph-data" in html


def page_data(path: Path) -> dict:
    """The page's data, with each node's name as its details' label, as the page itself sets it."""
    data = packed_page_data(path.read_text(encoding="utf-8"))
    for node in data["nodes"]:
        data["details"][node["id"]]["label"] = node["name"]
    return data


def assert_labels_fit(view: OpenPage) -> list[dict]:
    """Read the label boxes the page drew: none overlaps another, none is cut by the canvas's edge."""
    boxes = view.page.evaluate("govkg.labelBoxes()")
    width, height = view.page.evaluate(
        "[document.getElementById('network').clientWidth, document.getElementById('network').clientHeight]"
    )
    for box in boxes:
        assert box["left"] >= 0 and box["top"] >= 0 and box["right"] <= width and box["bottom"] <= height, box
    ordered = sorted(boxes, key=lambda b: b["left"])
    for index, box in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other["left"] >= box["right"]:
                break
            assert not (box["top"] < other["bottom"] and other["top"] < box["bottom"]), (box, other)
    return boxes


@needs_browser
def test_seed_view_loads_offline_without_errors_and_holds_the_projection(browser, seed_page, seed_build):
    _, out = seed_build
    expected = network_data(project(load_graph(out)))
    view = OpenPage(browser, seed_page)
    try:
        assert [c for c in view.console if c[0] in ("error", "pageerror")] == []
        assert view.requests == [seed_page.resolve().as_uri()]
        assert view.page.evaluate("govkg.nodes.length") == len(expected["nodes"]) > 20
        assert view.page.evaluate("govkg.edges.length") == len(expected["edges"]) > 50
        legend = view.page.inner_text("#legend")
        assert "地区 Place" in legend and "指标 Indicator" in legend and "目标 达成 met" in legend
        # tooltips: the name and class, and for a place what it holds
        assert view.page.evaluate("govkg.nodes.get().every(n => n.title.startsWith(n.name + ' · '))")
        assert view.page.evaluate(
            "govkg.nodes.get().filter(n => n.group === 'Place').every(n => /\\d+ 目标与实际 facts/.test(n.title))"
        )
        assert view.page.evaluate(
            "govkg.edges.get().filter(e => e.kind === 'hasTarget').every(e => "
            "e.title === govkg.nodes.get(e.from).name + ' 目标 hasTarget ' + govkg.nodes.get(e.to).name)"
        )
    finally:
        view.close()


@needs_browser
def test_the_overview_shows_the_places_and_folds_the_rest(browser, seed_page):
    view = OpenPage(browser, seed_page)
    try:
        total = view.page.evaluate("govkg.nodes.length")
        shown = view.page.evaluate("govkg.nodeView.get().map(n => n.group)")
        places = view.page.evaluate("govkg.nodes.get().filter(n => n.group === 'Place').length")
        assert 0 < len(shown) < total and shown.count("Place") == places
        assert "Indicator" not in shown and "Project" not in shown
    finally:
        view.close()


@needs_browser
def test_legend_draws_the_shapes_the_graph_draws_and_sits_beside_it(browser, seed_page):
    view = OpenPage(browser, seed_page)
    try:
        view.page.evaluate("govkg.nodes.getIds().forEach(id => govkg.expand(id))")
        drawn = view.page.evaluate("""() => { const shapes = {};
            for (const node of Object.values(govkg.network.body.nodes)) shapes[node.options.group] = node.options.shape;
            return shapes; }""")
        legend = view.page.evaluate(
            "[...document.querySelectorAll('#classes label')].map(l => "
            "[l.querySelector('input').value, l.querySelector('svg').dataset.shape])"
        )
        assert len(legend) >= 4 and all(drawn[group] == shape for group, shape in legend)
        assert drawn["Project"] == "triangle"
        canvas = view.page.locator("#network").bounding_box()
        box = view.page.locator("#legend").bounding_box()
        assert box["x"] >= canvas["x"] + canvas["width"]  # beside the graph, never over it
    finally:
        view.close()


@needs_browser
def test_toolbar_fits_on_one_line_at_1280_px(browser, seed_page):
    view = OpenPage(browser, seed_page, width=1280)
    try:
        tops = view.page.evaluate(
            "[...document.querySelector('header').children]"
            ".filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect())"
            ".map(r => [r.top, r.bottom, r.right])"
        )
        assert len(tops) >= 6
        middle = [(top + bottom) / 2 for top, bottom, _ in tops]
        assert max(middle) - min(middle) < 6, tops
        assert max(right for _, _, right in tops) <= 1280
    finally:
        view.close()


@needs_browser
def test_seed_labels_never_collide_and_more_appear_when_zooming_in(browser, seed_page):
    view = OpenPage(browser, seed_page)
    try:
        boxes = assert_labels_fit(view)
        assert len(boxes) >= 10
        # bring everything out: labels now compete, and the page keeps them apart
        view.page.evaluate(
            "govkg.nodes.getIds().forEach(id => govkg.expand(id)); govkg.network.fit({animation: false})"
        )
        view.page.wait_for_timeout(200)
        crowded = assert_labels_fit(view)
        unlabelled = view.page.evaluate("""() => { const drawn = new Set(govkg.labelBoxes().map(b => b.id));
            return govkg.nodeView.getIds().filter(id => !drawn.has(id)); }""")
        assert unlabelled, "with every node out, some labels should wait for zoom"
        assert len(crowded) >= len(boxes)
        # hovering a node whose label waits shows it, over the others
        point = view.page.evaluate(f"""() => {{ const net = govkg.network, ids = {json.dumps(unlabelled)};
            const el = document.getElementById('network'), cx = el.clientWidth / 2, cy = el.clientHeight / 2;
            const at = ids.map(id => net.canvasToDOM(net.getPositions([id])[id]));
            return at.sort((a, b) => Math.hypot(a.x - cx, a.y - cy) - Math.hypot(b.x - cx, b.y - cy))[0]; }}""")
        under = view.page.evaluate(f"govkg.network.getNodeAt({json.dumps(point)})")
        assert under in unlabelled  # a node whose label was waiting
        box = view.page.locator("#network").bounding_box()
        view.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        view.page.wait_for_timeout(300)
        assert under in [b["id"] for b in assert_labels_fit(view)]
        view.page.mouse.move(box["x"] + 2, box["y"] + 2)
        view.page.evaluate(f"govkg.network.focus({json.dumps(unlabelled[0])}, {{scale: 4, animation: false}})")
        view.page.wait_for_timeout(200)
        assert unlabelled[0] in [b["id"] for b in assert_labels_fit(view)]
    finally:
        view.close()


@needs_browser
def test_expand_and_collapse_by_double_click(browser, seed_page):
    view = OpenPage(browser, seed_page)
    try:
        before = set(view.page.evaluate("govkg.nodeView.getIds()"))
        target = view.page.evaluate("""() => { const shown = govkg.nodeView.getIds();
            const hidden = id => govkg.network.getConnectedNodes(id).length;
            return govkg.labelBoxes().map(b => b.id).find(id => govkg.labelBoxes().find(b => b.id === id).text.includes('+')); }""")  # noqa: E501  (test data)
        assert target
        hidden = int(
            next(b["text"] for b in view.page.evaluate("govkg.labelBoxes()") if b["id"] == target).rsplit("+", 1)[1]
        )
        point = view.page.evaluate(f"""() => {{ const p = govkg.network.getPositions([{json.dumps(target)}]);
            return govkg.network.canvasToDOM(p[{json.dumps(target)}]); }}""")
        box = view.page.locator("#network").bounding_box()
        view.page.mouse.dblclick(box["x"] + point["x"], box["y"] + point["y"])
        view.page.wait_for_timeout(200)
        after = set(view.page.evaluate("govkg.nodeView.getIds()"))
        assert before < after and len(after - before) == hidden
        assert view.page.evaluate(f"govkg.isExpanded({json.dumps(target)})")
        assert_labels_fit(view)
        view.page.click("#panel button.collapse")
        assert set(view.page.evaluate("govkg.nodeView.getIds()")) == before
        view.page.click("#panel button.expand")
        assert set(view.page.evaluate("govkg.nodeView.getIds()")) == after
        view.page.click("#overview")
        assert set(view.page.evaluate("govkg.nodeView.getIds()")) == before
    finally:
        view.close()


@needs_browser
def test_search_selects_and_centres_a_place(browser, seed_page):
    view = OpenPage(browser, seed_page)
    try:
        view.page.fill("#search", "鲤城")
        view.page.press("#search", "Enter")
        selected = view.page.evaluate("govkg.network.getSelectedNodes()")
        assert len(selected) == 1 and page_data(seed_page)["details"][selected[0]]["iri"].endswith("/鲤城区")
        assert view.page.inner_text("#panel h2") == "鲤城区"
        centre = view.page.evaluate("""() => {
            const p = govkg.network.getPositions([govkg.network.getSelectedNodes()[0]]);
            const id = Object.keys(p)[0]; return govkg.network.canvasToDOM(p[id]); }""")
        size = view.page.evaluate(
            "() => { const r = document.getElementById('network').getBoundingClientRect();"
            " return [r.width, r.height]; }"
        )
        assert abs(centre["x"] - size[0] / 2) < 5 and abs(centre["y"] - size[1] / 2) < 5
    finally:
        view.close()


@needs_browser
def test_search_reaches_inside_a_folded_place_and_the_keyboard_walks_the_results(browser, seed_page):
    data = page_data(seed_page)
    view = OpenPage(browser, seed_page)
    try:
        shown = set(view.page.evaluate("govkg.nodeView.getIds()"))
        folded = [n for n in data["nodes"] if n["id"] not in shown and n["group"] == "Project"]
        assert folded
        # a word two or more folded nodes share, so there is a second result to walk to
        names = [n["name"] for n in data["nodes"]]
        word = next(n["name"][-2:] for n in folded if sum(n["name"][-2:] in m for m in names) >= 2)
        view.page.fill("#search", word)
        options = view.page.locator("#results li")
        assert options.count() >= 2
        assert view.page.get_attribute("#results li:nth-child(1)", "aria-selected") == "true"
        view.page.press("#search", "ArrowDown")
        assert view.page.get_attribute("#results li:nth-child(2)", "aria-selected") == "true"
        assert view.page.get_attribute("#search", "aria-activedescendant") == "result-1"
        second = view.page.inner_text("#results li:nth-child(2) span:first-child")
        view.page.press("#search", "Enter")
        chosen = view.page.evaluate("govkg.network.getSelectedNodes()")
        assert len(chosen) == 1 and view.page.inner_text("#panel h2") == second
        assert chosen[0] in view.page.evaluate("govkg.nodeView.getIds()")
        assert view.page.evaluate(f"govkg.isExpanded({json.dumps(chosen[0])})")
        view.page.fill("#search", "无此地名")
        view.page.press("#search", "Enter")
        assert "not found" in view.page.inner_text("#status")
    finally:
        view.close()


@needs_browser
def test_a_place_panel_charts_goals_against_results(browser, seed_page):
    data = page_data(seed_page)
    place = max(
        (k for k, v in data["details"].items() if v.get("charts")),
        key=lambda k: (sum(len(s["points"]) for s in data["details"][k]["charts"]), k),
    )
    series = data["details"][place]["charts"]
    targets = [p for s in series for p in s["points"] if p["kind"] == "target"]
    outcomes = [p for s in series for p in s["points"] if p["kind"] == "outcome"]
    assert targets and outcomes
    view = OpenPage(browser, seed_page)
    try:
        view.page.evaluate(f"govkg.select({json.dumps(data['details'][place]['label'])})")
        assert view.page.inner_text("#panel h2") == data["details"][place]["label"]
        assert view.page.locator("#panel .chart svg").count() == len(series)
        markers = view.page.evaluate(
            "[...document.querySelectorAll('#panel .chart .point.target [data-status]')]"
            ".map(m => [m.getAttribute('fill'), m.getAttribute('stroke'), m.dataset.status])"
        )
        assert len(markers) == len(targets)
        assert all(fill == "#fff" and stroke == data["statusColours"][status] for fill, stroke, status in markers)
        assert view.page.locator("#panel .chart .point.outcome").count() == len(outcomes)
        with_line = sum(1 for s in series if sum(p["kind"] == "outcome" for p in s["points"]) > 1)
        assert view.page.locator("#panel .chart .outcome-line").count() == with_line
        view.page.locator("#panel .chart .point.target").first.click()
        first_chart = series[0]["points"]
        first_target = (
            next(p for p in first_chart if p["kind"] == "target")
            if any(p["kind"] == "target" for p in first_chart)
            else None
        )
        source = view.page.inner_text("#panel .source")
        assert source.strip(), "clicking a point shows its sentence"
        if first_target is not None:
            assert data["sentences"][first_target["sentences"][0]][0] in source
        view.page.click("#panel button.toggle")
        assert view.page.locator("#panel table.figures").is_visible()
        assert view.page.locator("#panel table.figures tr").count() == 1 + len(targets) + len(outcomes)
        assert not view.page.locator("#panel .charts").is_visible()
    finally:
        view.close()


@needs_browser
def test_clicking_a_target_edge_shows_its_source_sentence(browser, seed_page):
    view = OpenPage(browser, seed_page)
    try:
        view.page.evaluate("govkg.nodes.get().filter(n => n.group === 'Place').forEach(n => govkg.expand(n.id))")
        candidates = view.page.evaluate("""() => {
            const net = govkg.network;
            net.fit({animation: false});
            return govkg.edgeView.get().filter(e => e.kind === 'hasTarget').map(e => {
              const p = net.getPositions([e.from, e.to]);
              const a = net.canvasToDOM(p[e.from]), b = net.canvasToDOM(p[e.to]);
              return {id: e.id, x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, length: Math.hypot(a.x - b.x, a.y - b.y)};
            }).sort((u, v) => v.length - u.length); }""")
        box = view.page.locator("#network").bounding_box()
        for candidate in candidates[:15]:
            view.page.mouse.click(box["x"] + candidate["x"], box["y"] + candidate["y"])
            if view.page.evaluate("govkg.network.getSelectedEdges()") == [candidate["id"]]:
                break
        else:
            pytest.fail("no target edge could be clicked")
        data = page_data(seed_page)
        text, report = data["sentences"][data["details"][candidate["id"]]["sentences"][0]]
        panel = view.page.inner_text("#panel")
        assert text in panel and report in panel and "目标 hasTarget" in panel
    finally:
        view.close()


@needs_browser
def test_page_filters_by_class_place_and_year(browser, seed_page):
    view = OpenPage(browser, seed_page)
    try:
        view.page.evaluate("govkg.nodes.getIds().forEach(id => govkg.expand(id))")
        total = view.page.evaluate("govkg.nodeView.length")
        others = view.page.evaluate(
            "[...document.querySelectorAll('#classes input')].map(i => i.value).filter(v => v !== 'Place')"
        )
        assert {"Indicator", "Project", "Area"} <= set(others)
        for cls in others:
            view.page.uncheck(f"#classes input[value={cls}]")
        assert view.page.evaluate("govkg.nodeView.get().every(n => n.group === 'Place')")
        assert view.page.evaluate("govkg.nodeView.length") < total
        for cls in others:
            view.page.check(f"#classes input[value={cls}]")
        assert view.page.evaluate("govkg.nodeView.length") == total
        view.page.select_option("#place", label="南安市")
        labels = view.page.evaluate("govkg.nodeView.get().filter(n => n.group === 'Place').map(n => n.name)")
        assert "南安市" in labels and "鲤城区" not in labels and "泉州市" in labels
        view.page.select_option("#place", value="")
        view.page.select_option("#year", value="2025")
        years = view.page.evaluate("govkg.edgeView.get().filter(e => e.kind !== 'locatedIn').map(e => e.years)")
        assert years and all(2025 in y for y in years)
    finally:
        view.close()


@needs_browser
def test_screenshot_of_the_seed_view_is_not_blank(browser, seed_page, tmp_path):
    from PIL import Image

    view = OpenPage(browser, seed_page)
    try:
        shot = tmp_path / "seed-view.png"
        view.page.screenshot(path=str(shot))
    finally:
        view.close()
    colours = Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 20)
    assert shot.stat().st_size > 20_000 and len(colours) > 50
    strong = {c for _, c in colours if max(c) - min(c) > 80}  # saturated colours: nodes and edges
    assert len(strong) > 10


XSS = "&lt;img src=x onerror=window.xssFired=1&gt;&lt;/script&gt;&lt;script&gt;window.xssFired=2&lt;/script&gt;"


@needs_browser
def test_report_text_is_shown_as_text_and_runs_nothing(browser, tmp_path):
    report = GOOD_REPORT.replace("固定资产投资增长10%;", f"固定资产投资增长10%{XSS};")
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "xss.txt").write_text(report, encoding="utf-8")
    build([inputs], tmp_path / "out", jobs=1)
    page_path = write_viz(tmp_path / "out").path
    html = page_path.read_text(encoding="utf-8")
    assert "<img src=x" not in html and "window.xssFired=2</script>" not in html
    view = OpenPage(browser, page_path)
    try:
        edge = view.page.evaluate("""() => { const d = govkg.data;
            return Object.keys(d.details).find(k => d.details[k].sentences.some(s => d.sentences[s][0].includes('onerror'))); }""")  # noqa: E501  (test data)
        assert edge, "the payload should reach a source sentence"
        view.page.evaluate(f"govkg.showDetails('{edge}')")
        view.page.wait_for_timeout(300)
        assert "<img src=x onerror=window.xssFired=1>" in view.page.inner_text("#panel")
        place = view.page.evaluate("govkg.nodes.get().find(n => n.group === 'Place' && n.name.includes('鲤城')).id")
        view.page.evaluate(f"govkg.showDetails('{place}')")
        view.page.locator("#panel .chart .point").first.click()
        view.page.click("#panel button.toggle")
        assert view.page.evaluate("window.xssFired") is None
        assert view.page.evaluate("document.querySelectorAll('img').length") == 0
        assert view.dialogs == [] and [c for c in view.console if c[0] in ("error", "pageerror")] == []
    finally:
        view.close()


def test_markup_in_labels_cannot_break_out_of_the_data_script():
    graph = nx.MultiDiGraph()
    graph.add_node("p", label="</script><script>alert(1)</script>", cls="Place", fields=[], sentences=[], places=[])
    html = render_html(network_data(graph))
    packed = html.split('id="graph-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in packed and ">" not in packed and "&" not in packed
    assert packed_page_data(html)["nodes"][0]["name"] == "</script><script>alert(1)</script>"


@needs_browser
def test_a_two_thousand_node_view_becomes_interactive(browser, tmp_path):
    graph = synthetic_graph(2000)
    path = tmp_path / "big.html"
    path.write_text(render_html(network_data(graph)), encoding="utf-8")
    view = OpenPage(browser, path)
    try:
        assert view.page.evaluate("govkg.nodes.length") == 2000
        assert_labels_fit(view)
        view.page.fill("#search", "地区0007")
        view.page.press("#search", "Enter")
        assert view.page.evaluate("govkg.network.getSelectedNodes().length") == 1
        assert view.page.inner_text("#panel h2") == "地区0007"
    finally:
        view.close()


def synthetic_graph(size: int, seed: int = 7) -> nx.MultiDiGraph:
    """Places in a hierarchy and indicators, wired like a build's projection, for size tests."""
    import random

    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    places = [f"p{i}" for i in range(size // 2)]
    indicators = [f"i{i}" for i in range(size - len(places))]
    for index, node in enumerate(places):
        graph.add_node(node, label=f"地区{index:04d}", cls="Place", fields=[], sentences=[], places=[node])
    for index, node in enumerate(indicators):
        graph.add_node(node, label=f"指标{index:04d}", cls="Indicator", fields=[], sentences=[], places=[])
    # a tree about as wide as China's: one country, ~30 provinces, their cities, then counties
    for index, node in enumerate(places[1:], 1):
        upper = 0 if index <= 30 else rng.randrange(1, min(index, 31 + (index - 31) // 6 + 1))
        graph.add_edge(node, places[upper], key="locatedIn", kind="locatedIn", places=[])
    for node in indicators:
        for place in rng.sample(places, 2):
            graph.add_edge(
                place,
                node,
                key="hasTarget",
                kind="hasTarget",
                label="2024 增长6%",
                lines=[{"year": 2024, "text": "2024 增长6%"}],
                years=[2024],
                places=[place],
                fields=[],
                sentences=[("句子。", "r.txt")],
                status="open",
                points=[
                    {
                        "year": 2024,
                        "measure": "growth",
                        "unit": "%",
                        "value": 6.0,
                        "max": None,
                        "figure": "增长6%",
                        "status": "open",
                        "sentences": [0],
                    }
                ],
            )
    return graph


# --- the corpus: one province, and the whole --------------------------------------------------


@pytest.fixture(scope="module")
def corpus_pages(corpus_build, tmp_path_factory) -> dict[str, Path]:
    _, out = corpus_build
    folder = tmp_path_factory.mktemp("corpus-pages")
    graph = project(load_graph(out))
    province = max(
        (n for n, d in graph.nodes(data=True) if d.get("level") == "Province"),
        key=lambda n: (sum(1 for _ in graph.in_edges(n)), n),
    )
    return {
        "province": write_viz(out, folder / "province.html", place=graph.nodes[province]["label"]).path,
        "corpus": write_viz(out, folder / "corpus.html").path,
    }


@needs_browser
@pytest.mark.parametrize("which", ["province", "corpus"])
def test_corpus_views_load_with_labels_apart_and_a_charted_place(browser, corpus_pages, which):
    path = corpus_pages[which]
    data = page_data(path)
    view = OpenPage(browser, path)
    try:
        assert [c for c in view.console if c[0] in ("error", "pageerror")] == []
        assert len(assert_labels_fit(view)) >= 15
        assert view.page.evaluate("govkg.nodeView.length") < len(data["nodes"])
        place = max(
            (k for k, v in data["details"].items() if v.get("charts")),
            key=lambda k: (len(data["details"][k]["charts"]), k),
        )
        before = view.page.evaluate("govkg.nodeView.length")
        view.page.fill("#search", data["details"][place]["label"])
        view.page.press("#search", "Enter")
        assert view.page.inner_text("#panel h2") == data["details"][place]["label"]
        assert view.page.locator("#panel .chart svg").count() == len(data["details"][place]["charts"]) > 0
        # its neighbourhood is open (a province page opens on the province already)
        around = {e["to"] for e in data["edges"] if e["from"] == place} | {
            e["from"] for e in data["edges"] if e["to"] == place
        }
        opened = view.page.evaluate("govkg.nodeView.getIds()")
        assert view.page.evaluate(f"govkg.isExpanded({json.dumps(place)})") and around <= set(opened)
        assert_labels_fit(view)
        view.page.click("#panel button.collapse")
        assert view.page.evaluate("govkg.nodeView.length") < len(opened)
        view.page.click("#overview")
        assert view.page.evaluate("govkg.nodeView.length") == before
    finally:
        view.close()


@needs_browser
def test_a_filtered_page_opens_on_what_the_filter_named(browser, seed_build, tmp_path):
    _, out = seed_build
    graph = project(load_graph(out))
    notation = next(
        dict(d["fields"])["记号 notation"]
        for _, d in sorted(graph.nodes(data=True), key=lambda n: n[0])
        if d["cls"] == "Indicator"
    )
    path = write_viz(out, tmp_path / "one.html", indicator=notation).path
    data = page_data(path)
    named = [k for k, v in data["details"].items() if v.get("fields") and ["记号 notation", notation] in v["fields"]]
    assert len(named) == 1 and data["focus"] == named
    view = OpenPage(browser, path)
    try:
        assert named[0] in view.page.evaluate("govkg.nodeView.getIds()")
        assert view.page.evaluate(f"govkg.isExpanded({json.dumps(named[0])})")
        edges = view.page.evaluate("govkg.edgeView.get().filter(e => e.kind !== 'locatedIn').map(e => e.to)")
        assert edges and set(edges) == {named[0]}
        assert_labels_fit(view)
    finally:
        view.close()
