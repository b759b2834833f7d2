"""Network view speed and size, reported as figures (never asserted).

1. The view's share of a whole build: ``kg build CORPUS --jobs 1 --json`` in a fresh process,
   its ``view`` phase against its total, for this tree and (with ``--before REF``) for an
   older commit of the project, unpacked to a temporary folder.
2. For the seeds, the corpus and synthetic graphs of 2,000 and 50,000 nodes: the layout's
   time, the time to make the page's data and HTML, the page's size, and the time until the
   page answers a search in headless Chromium (Debian's, driven by Playwright).
3. The page's size for 5,000 reports, extrapolated from the corpus per report (the view's
   fixed part, vis-network and our script, counted once).

Usage: .venv/bin/python bench/viz_speed.py [--before cf40821] [--repeat 2]
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from kg.build import build  # noqa: E402
from kg.views.layout import radial_layout  # noqa: E402
from kg.views.network import project  # noqa: E402
from kg.views.page import render_html  # noqa: E402
from kg.views.track import load_graph  # noqa: E402
from kg.views.viz import network_data  # noqa: E402
from tests.test_viz import CHROMIUM, LAUNCH_ARGS, synthetic_graph  # noqa: E402

CORPUS = PROJECT.parent / "shared" / "corpus"
REPORTS_AT_SCALE = 5000


def build_phases(tree: Path, inputs: Path, out: Path) -> dict:
    """One whole build in a fresh process, as a user runs it; its summary's seconds and phases."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", str(inputs), "--out", str(out), "--jobs", "1", "--json", "-q"],
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - started
    summary = json.loads(done.stdout)
    return {"wall": wall, "seconds": summary["seconds"], "view": summary["phases"].get("view", 0.0)}


def unpacked(ref: str, folder: Path) -> Path:
    archive = subprocess.run(["git", "archive", ref], cwd=PROJECT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder)
    return folder


def report_build_share(label: str, tree: Path, inputs: Path, repeat: int, tmp: Path) -> None:
    runs = [build_phases(tree, inputs, tmp / f"{label}-{i}") for i in range(repeat)]
    best = min(runs, key=lambda r: r["seconds"])
    views = ", ".join(f"{r['view']:.2f}" for r in runs)
    print(
        f"  {label:<28} build {best['seconds']:5.1f} s (process {best['wall']:5.1f} s)  "
        f"view {best['view']:5.2f} s = {100 * best['view'] / best['seconds']:4.1f}% of the build"
        f"   [best of {repeat}; all views: {views} s]"
    )


def measure_page(label: str, graph, browser, reports: int | None = None) -> dict:
    started = time.perf_counter()
    radial_layout(graph)
    layout_seconds = time.perf_counter() - started
    started = time.perf_counter()
    page_html = render_html(network_data(graph))
    page_seconds = time.perf_counter() - started
    size = len(page_html.encode())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "view.html"
        path.write_text(page_html, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        started = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function("window.govkg && window.govkg.isReady()", timeout=300_000)
        shown = page.evaluate("govkg.nodeView.length")
        page.evaluate("govkg.select(govkg.nodes.get()[0].name)")  # interactive: a search answers
        ready = time.perf_counter() - started
        page.close()
    print(
        f"  {label:<24} {graph.number_of_nodes():6d} nodes {graph.number_of_edges():6d} edges  "
        f"layout {layout_seconds:6.3f} s  data+page {page_seconds:6.2f} s  file {size / 1e6:6.2f} MB  "
        f"overview {shown:5d} nodes  interactive in Chromium {ready:5.2f} s"
    )
    return {"size": size, "reports": reports}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="a git ref to compare the build's view phase with (e.g. cf40821)")
    parser.add_argument("--repeat", type=int, default=2, help="builds per tree; the fastest is reported")
    parser.add_argument("--skip-builds", action="store_true", help="only the page figures")
    arguments = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        if not arguments.skip_builds:
            print("The view's share of a whole build (kg build --jobs 1, fresh process):")
            for inputs in [PROJECT / "seeds"] + ([CORPUS] if CORPUS.is_dir() else []):
                if arguments.before:
                    report_build_share(
                        f"{inputs.name} at {arguments.before}",
                        unpacked(arguments.before, tmp / f"before-{inputs.name}"),
                        inputs,
                        arguments.repeat,
                        tmp,
                    )
                report_build_share(f"{inputs.name} (this tree)", PROJECT, inputs, arguments.repeat, tmp)
        print("The page:")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            seeds = tmp / "seeds"
            build([PROJECT / "seeds"], seeds, jobs=1)
            seed = measure_page("seeds", project(load_graph(seeds)), browser)
            fixed = len(render_html(network_data(synthetic_graph(0))).encode())
            if CORPUS.is_dir():
                out = tmp / "corpus"
                result = build([CORPUS], out, jobs=1)
                corpus = measure_page("corpus", project(load_graph(out)), browser, reports=len(result.reports))
                per_report = (corpus["size"] - fixed) / corpus["reports"]
                print(
                    f"  {REPORTS_AT_SCALE:,} reports (extrapolated): "
                    f"{(fixed + per_report * REPORTS_AT_SCALE) / 1e6:.0f} MB"
                    f"  ({per_report / 1e3:.1f} kB a report above the fixed {fixed / 1e6:.2f} MB)"
                )
            del seed
            for size in (2000, 50000):
                measure_page(f"synthetic {size:,}", synthetic_graph(size), browser)
            browser.close()


if __name__ == "__main__":
    main()
