"""Network view size and speed: layout time in Python, file size, and time until the page is
interactive in headless Chromium, for the seed view, the corpus view and a synthetic view of
2,000 nodes. Also writes screenshots to docs/screenshots/.

Usage: python bench/viz_speed.py   (needs Debian chromium; builds the corpus if ../shared is there)
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from kg.build import build  # noqa: E402
from kg.network import project  # noqa: E402
from kg.track import load_graph  # noqa: E402
from kg.viz import network_data, render_html  # noqa: E402
from tests.test_viz import CHROMIUM, LAUNCH_ARGS, synthetic_graph  # noqa: E402

SHOTS = PROJECT / "docs" / "screenshots"


def measure(label: str, graph, browser, shot: Path) -> None:
    started = time.perf_counter()
    page_html = render_html(network_data(graph))
    prepare = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "view.html"
        path.write_text(page_html, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        started = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function("window.govkg && window.govkg.isReady()", timeout=120_000)
        # interactive: a search round-trip answers
        page.evaluate("govkg.select(govkg.nodes.get()[0].label)")
        ready = time.perf_counter() - started
        page.evaluate("govkg.network.unselectAll(); govkg.network.fit({animation: false})")
        page.screenshot(path=str(shot))
        page.close()
    print(f"{label:<22} {graph.number_of_nodes():5d} nodes {graph.number_of_edges():6d} edges  "
          f"layout+page {prepare:5.1f} s  file {len(page_html.encode()) / 1e6:5.2f} MB  "
          f"interactive in Chromium {ready:5.2f} s  screenshot {shot.relative_to(PROJECT)}")


def main() -> None:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        seeds = Path(tmp) / "seeds"
        build([PROJECT / "seeds"], seeds, jobs=1)
        measure("seed view", project(load_graph(seeds)), browser, SHOTS / "seed-view.png")
        corpus = PROJECT.parent / "shared" / "corpus"
        if corpus.is_dir():
            out = Path(tmp) / "corpus"
            build([corpus], out)
            measure("corpus view", project(load_graph(out)), browser, SHOTS / "corpus-view.png")
        measure("synthetic 2,000 nodes", synthetic_graph(2000), browser, SHOTS / "synthetic-2000.png")
        browser.close()


if __name__ == "__main__":
    main()
