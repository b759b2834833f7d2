"""The network view in a real headless Chromium (Debian's, driven by Playwright).

CI installs chromium; locally the browser tests skip when it is missing, unless
GOVKG_REQUIRE_BROWSER=1 (set by .ci/run) turns that into a failure.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.network import filtered, project
from kg.track import load_graph
from kg.viz import network_data, render_html, write_viz
from tests.conftest import GOOD_REPORT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAVE_BROWSER = Path(CHROMIUM).exists()
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
               "--disable-component-update", "--disable-sync"]

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

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
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
        assert "地区 Place" in legend and "指标 Indicator" in legend and "目标 met" in legend
    finally:
        view.close()


@needs_browser
def test_search_selects_and_centres_a_place(browser, seed_page):
    view = OpenPage(browser, seed_page)
    try:
        view.page.fill("#search", "鲤城")
        view.page.press("#search", "Enter")
        selected = view.page.evaluate("govkg.network.getSelectedNodes()")
        assert len(selected) == 1 and selected[0].endswith("/鲤城区")
        assert view.page.inner_text("#panel h2") == "鲤城区"
        centre = view.page.evaluate("""() => { const p = govkg.network.getPositions([govkg.network.getSelectedNodes()[0]]);
            const id = Object.keys(p)[0]; return govkg.network.canvasToDOM(p[id]); }""")
        size = view.page.evaluate("() => { const r = document.getElementById('network').getBoundingClientRect();"
                                  " return [r.width, r.height]; }")
        assert abs(centre["x"] - size[0] / 2) < 5 and abs(centre["y"] - size[1] / 2) < 5
    finally:
        view.close()


@needs_browser
def test_clicking_a_target_edge_shows_its_source_sentence(browser, seed_page):
    view = OpenPage(browser, seed_page)
    try:
        candidates = view.page.evaluate("""() => {
            const net = govkg.network;
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
        sentence = view.page.evaluate(f"JSON.parse(document.getElementById('graph-data').textContent)"
                                      f".details['{candidate['id']}'].sentences[0]")
        panel = view.page.inner_text("#panel")
        assert sentence["text"] in panel and sentence["report"] in panel and "目标 hasTarget" in panel
    finally:
        view.close()


@needs_browser
def test_filters_by_class_place_and_year(browser, seed_page):
    view = OpenPage(browser, seed_page)
    try:
        total = view.page.evaluate("govkg.nodeView.length")
        others = view.page.evaluate("[...document.querySelectorAll('#classes input')].map(i => i.value)"
                                    ".filter(v => v !== 'Place')")
        assert {"Indicator", "Project", "Area"} <= set(others)
        for cls in others:
            view.page.uncheck(f"#classes input[value={cls}]")
        assert view.page.evaluate("govkg.nodeView.get().every(n => n.group === 'Place')")
        for cls in others:
            view.page.check(f"#classes input[value={cls}]")
        assert view.page.evaluate("govkg.nodeView.length") == total
        view.page.select_option("#place", label="南安市")
        labels = view.page.evaluate("govkg.nodeView.get().filter(n => n.group === 'Place').map(n => n.label)")
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
    strong = {c for _, c in colours if max(c) - min(c) > 80}   # saturated colours: nodes and edges
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
        edge = view.page.evaluate("""() => { const d = JSON.parse(document.getElementById('graph-data').textContent);
            return Object.keys(d.details).find(k => d.details[k].sentences.some(s => s.text.includes('onerror'))); }""")
        assert edge, "the payload should reach a source sentence"
        view.page.evaluate(f"govkg.showDetails('{edge}')")
        view.page.wait_for_timeout(300)
        assert "<img src=x onerror=window.xssFired=1>" in view.page.inner_text("#panel")
        assert view.page.evaluate("window.xssFired") is None
        assert view.page.evaluate("document.querySelectorAll('img').length") == 0
        assert view.dialogs == [] and [c for c in view.console if c[0] in ("error", "pageerror")] == []
    finally:
        view.close()


def test_markup_in_labels_cannot_break_out_of_the_data_script():
    graph = nx.MultiDiGraph()
    graph.add_node("p", label="</script><script>alert(1)</script>", cls="Place", fields=[], sentences=[], places=[])
    html = render_html(network_data(graph))
    data = html.split('id="graph-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and "alert(1)" in data


@needs_browser
def test_a_two_thousand_node_view_becomes_interactive(browser, tmp_path):
    graph = synthetic_graph(2000)
    path = tmp_path / "big.html"
    path.write_text(render_html(network_data(graph)), encoding="utf-8")
    view = OpenPage(browser, path)
    try:
        assert view.page.evaluate("govkg.nodes.length") == 2000
        view.page.fill("#search", "地区0007")
        view.page.press("#search", "Enter")
        assert view.page.evaluate("govkg.network.getSelectedNodes().length") == 1
    finally:
        view.close()


def synthetic_graph(size: int, seed: int = 7) -> nx.MultiDiGraph:
    """Places and indicators wired like a build's projection, for size tests."""
    import random

    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    places = [f"p{i}" for i in range(size // 2)]
    indicators = [f"i{i}" for i in range(size - len(places))]
    for index, node in enumerate(places):
        graph.add_node(node, label=f"地区{index:04d}", cls="Place", fields=[], sentences=[], places=[node])
    for index, node in enumerate(indicators):
        graph.add_node(node, label=f"指标{index:04d}", cls="Indicator", fields=[], sentences=[], places=[])
    for index, node in enumerate(places[1:], 1):
        graph.add_edge(node, places[rng.randrange(index)], key="locatedIn", kind="locatedIn", places=[])
    for node in indicators:
        for place in rng.sample(places, 2):
            graph.add_edge(place, node, key="hasTarget", kind="hasTarget", label="2024 增长6%",
                           lines=[{"year": 2024, "text": "2024 增长6%"}], years=[2024], places=[place],
                           fields=[], sentences=[("句子。", "r.txt")], status="open")
    return graph


def test_kg_viz_cli_filters_and_max_nodes(seed_build, tmp_path):
    _, out = seed_build
    runner = CliRunner()
    result = runner.invoke(cli, ["viz", "--out", str(out), "--html", str(tmp_path / "a.html"), "--max-nodes", "10"])
    assert result.exit_code == 0, result.output
    assert "10 nodes" in result.stdout and "left out" in result.stdout
    result = runner.invoke(cli, ["viz", "--out", str(out), "--html", str(tmp_path / "b.html"), "--place", "南安市",
                                 "--year", "2023"])
    assert result.exit_code == 0 and (tmp_path / "b.html").stat().st_size > 100_000
    view = filtered(project(load_graph(out)), place="南安市", year=2023)
    labels = {d["label"] for _, d in view.nodes(data=True) if d["cls"] == "Place"}
    assert "南安市" in labels and "鲤城区" not in labels
    result = runner.invoke(cli, ["viz", "--out", str(tmp_path / "missing")])
    assert result.exit_code == 1 and "no build output here" in result.output
