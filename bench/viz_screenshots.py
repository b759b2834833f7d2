"""Remake docs/screenshots/ from fresh builds, in headless Debian Chromium at 1400×900.

- seed-view.png      the seeds' page as it opens (the overview of places)
- province-view.png  ``kg viz --place P`` for the corpus province with the most places
- corpus-view.png    the whole corpus's page as it opens
- place-panel.png    the corpus place with the most charted figures, found by search: centred
                     with its neighbourhood opened, its goals-against-results charts in the panel

Usage: .venv/bin/python bench/viz_screenshots.py   (the corpus shots need ../shared/corpus)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from kg.build import build  # noqa: E402
from kg.views.network import project  # noqa: E402
from kg.views.track import load_graph  # noqa: E402
from kg.views.viz import write_viz  # noqa: E402
from tests.test_viz import CHROMIUM, LAUNCH_ARGS, page_data  # noqa: E402

SHOTS = PROJECT / "docs" / "screenshots"
CORPUS = PROJECT.parent / "shared" / "corpus"


def shoot(browser, page_path: Path, shot: Path, search: str | None = None) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(page_path.resolve().as_uri())
    page.wait_for_function("window.govkg && window.govkg.isReady()", timeout=120_000)
    if search:
        page.fill("#search", search)
        page.press("#search", "Enter")
    page.wait_for_timeout(300)
    page.screenshot(path=str(shot))
    page.close()
    print(f"wrote {shot.relative_to(PROJECT)}")


def main() -> None:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        tmp = Path(folder)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        build([PROJECT / "seeds"], tmp / "seeds", jobs=1)
        shoot(browser, write_viz(tmp / "seeds").path, SHOTS / "seed-view.png")
        if CORPUS.is_dir():
            out = tmp / "corpus"
            build([CORPUS], out, jobs=1)
            graph = project(load_graph(out))
            province = max(
                (n for n, d in graph.nodes(data=True) if d.get("level") == "Province"),
                key=lambda n: (sum(1 for _ in graph.in_edges(n)), n),
            )
            label = graph.nodes[province]["label"]
            shoot(browser, write_viz(out, tmp / "province.html", place=label).path, SHOTS / "province-view.png")
            corpus_page = write_viz(out).path
            shoot(browser, corpus_page, SHOTS / "corpus-view.png")
            details = page_data(corpus_page)["details"]
            charted = max(
                (k for k, v in details.items() if v.get("charts")),
                key=lambda k: (sum(len(s["points"]) for s in details[k]["charts"]), k),
            )
            shoot(browser, corpus_page, SHOTS / "place-panel.png", search=details[charted]["label"])
        browser.close()


if __name__ == "__main__":
    main()
