"""Store benchmark: a large build's graph in the embedded store, an Oxigraph server and Virtuoso.

The graph is an existing build's (``--build OUT``, e.g. the 5,000 synthetic reports that
``bench/scale.py --sizes 5000 --keep DIR`` leaves in DIR/out-5000), or else the corpus built once
and its report graphs replicated (renaming reports, facts, sentences and assessments per copy;
places and indicators stay shared) until the dataset holds ``--min-triples`` quads. Measures:

* loading the embedded on-disk pyoxigraph store (what ``kg build`` does);
* every saved query on the embedded store (best of three in this process), and the whole
  ``kg query --saved NAME`` process as a user runs it (best of three, the default table and CSV);
* the same queries on rdflib's in-memory Dataset (each rdflib query in a child process, stopped
  after ``--rdflib-timeout`` seconds);
* ``kg push`` of all graphs to an Oxigraph server and to Virtuoso (when installed), and every
  saved query through each server's SPARQL endpoint.

Usage: python bench/store.py [--build OUT [--no-load]] [--min-triples 1000000] [--no-rdflib] [--no-push]
(--no-load queries the build's own store instead of loading its graph.nq into a new one.)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


from kg.build import build  # noqa: E402
from kg.store.embedded import open_store, write_store  # noqa: E402
from kg.store.push import push_build  # noqa: E402
from kg.store.query import run_query, saved_queries  # noqa: E402
from kg.vocab import PREFIXES  # noqa: E402

CORPUS = PROJECT.parent / "shared" / "corpus"
PER_COPY = re.compile(r"https://w3id\.org/govkg/id/(report|target|outcome|assessment)/")


def replicate(nquads: Path, target: Path, min_triples: int) -> int:
    lines = nquads.read_text(encoding="utf-8").splitlines()
    per_report = [line for line in lines if "/id/report/" in line.rsplit(" ", 2)[-2]]
    in_reports = set(per_report)
    shared = [line for line in lines if line not in in_reports]
    written = 0
    with open(target, "w", encoding="utf-8") as output:
        for line in shared:
            output.write(line + "\n")
            written += 1
        copy = 0
        while written < min_triples:
            moved = f"/copy{copy}/"
            for line in per_report:
                output.write(
                    PER_COPY.sub(lambda m, moved=moved: f"https://w3id.org/govkg/id/{m.group(1)}{moved}", line) + "\n"
                )
            written += len(per_report)
            copy += 1
    return written


def rdflib_times(path: Path, timeout: float) -> dict[str, str]:
    """Parse once per query in a child (rdflib cannot share a parsed graph with a killable child)."""
    import rdflib

    started = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(str(path), format="nquads")
    print(f"rdflib: parsed {len(dataset):,} quads in {time.perf_counter() - started:.1f} s")
    prefixes = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    times = {}
    context = multiprocessing.get_context("fork")
    for name, query_path in saved_queries().items():
        text = prefixes + query_path.read_text(encoding="utf-8")
        receiver, sender = context.Pipe(duplex=False)

        def run(connection=sender, query=text):
            began = time.perf_counter()
            rows = len(list(dataset.query(query)))
            connection.send((time.perf_counter() - began, rows))

        child = context.Process(target=run, daemon=True)
        child.start()
        if receiver.poll(timeout):
            seconds, rows = receiver.recv()
            times[name] = f"{seconds:.2f} s"
        else:
            child.terminate()
            times[name] = f"> {timeout:g} s (stopped)"
        child.join(5)
    return times


def server_times(query_url: str, auth=None) -> dict[str, str]:
    """Each saved query through a SPARQL endpoint: seconds (best of two) and rows."""
    import requests

    prefixes = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    times = {}
    for name, path in saved_queries().items():
        best, rows = float("inf"), 0
        for _ in range(2):
            started = time.perf_counter()
            response = requests.post(
                query_url,
                data={"query": prefixes + path.read_text(encoding="utf-8")},
                auth=auth,
                timeout=600,
                headers={"Accept": "application/sparql-results+json"},
            )
            response.raise_for_status()
            rows = len(json.loads(response.content)["results"]["bindings"])
            best = min(best, time.perf_counter() - started)
        times[name] = f"{best:.3f} s ({rows} rows)"
    return times


def query_times(out: Path, rdflib_results: dict[str, str] | None = None) -> None:
    """Each saved query on a build's store: in this process, best of three after a first run that
    warms the caches, and the whole `kg query` process (table, the default, and CSV), best of three."""
    store = open_store(out)
    in_process: dict[str, tuple[int, float]] = {}
    for name, path in saved_queries().items():
        text = path.read_text(encoding="utf-8")
        run_query(text, store)  # warm the cache once
        seconds = []
        for _ in range(3):
            started = time.perf_counter()
            result = run_query(text, store)
            seconds.append(time.perf_counter() - started)
        in_process[name] = (len(result.rows), min(seconds))
    del store
    print(f"{'saved query':<28} {'rows':>7} {'embedded':>10} {'kg query':>9} {'--format csv':>13} {'rdflib':>22}")
    for name, (rows, seconds) in in_process.items():
        table, csv = (whole_process(out, name, output) for output in ("table", "csv"))
        rdflib = (rdflib_results or {}).get(name, "-")
        print(f"{name:<28} {rows:>7} {seconds:>9.3f}s {table:>8.3f}s {csv:>12.3f}s {rdflib:>22}")


def whole_process(out: Path, name: str, output_format: str, runs: int = 3) -> float:
    """Best wall time of ``kg query --saved NAME`` as a user runs it (start-up, query, output)."""
    command = [sys.executable, "-m", "kg.cli", "query", "--saved", name, "--out", str(out), "--format", output_format]
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=PROJECT)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-triples", type=int, default=1_000_000)
    parser.add_argument("--rdflib-timeout", type=float, default=120)
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--no-push", action="store_true")
    parser.add_argument("--build", type=Path, help="an existing build's output folder (not the corpus replicated)")
    parser.add_argument("--no-load", action="store_true", help="with --build: query its store, load none")
    args = parser.parse_args()
    if args.no_load:
        if not args.build:
            sys.exit("--no-load needs --build")
        query_times(args.build)
        return
    if not args.build and not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    with tempfile.TemporaryDirectory(dir=args.build.parent if args.build else None) as tmp:
        tmp = Path(tmp)
        big = tmp / "big"
        big.mkdir()
        if args.build:
            # the build's own graph.nq, linked (at 5,000 reports it is 2 GB)
            os.link((args.build / "graph.nq").resolve(), big / "graph.nq")
            quads = sum(1 for _ in open(big / "graph.nq", "rb"))
        else:
            build([CORPUS], tmp / "corpus", jobs=2)
            quads = replicate(tmp / "corpus" / "graph.nq", big / "graph.nq", args.min_triples)
        started = time.perf_counter()
        write_store(big / "graph.nq", big)
        print(
            f"embedded store: {quads:,} quads loaded in {time.perf_counter() - started:.1f} s "
            f"(queries read the union of the graphs)"
        )
        rdflib_results = {} if args.no_rdflib else rdflib_times(big / "graph.nq", args.rdflib_timeout)
        query_times(big, rdflib_results)
        if not args.no_push:
            from tests.servers import VIRTUOSO, oxigraph_server, virtuoso_server

            with oxigraph_server(tmp) as (store_url, query_url):
                started = time.perf_counter()
                result = push_build(big, store_url, query_endpoint=query_url, timeout=900)
                print(
                    f"push to Oxigraph server: {result.graphs} graphs, {result.triples:,} triples in "
                    f"{time.perf_counter() - started:.1f} s (count check: {len(result.mismatches)} mismatches)"
                )
                for name, timing in server_times(query_url).items():
                    print(f"  Oxigraph server  {name:<28} {timing}")
            if VIRTUOSO:
                import requests

                with virtuoso_server(tmp) as (store_url, query_url, (user, password)):
                    started = time.perf_counter()
                    result = push_build(
                        big, store_url, query_endpoint=query_url, user=user, password=password, digest=True, timeout=900
                    )
                    print(
                        f"push to Virtuoso: {result.graphs} graphs, {result.triples:,} triples in "
                        f"{time.perf_counter() - started:.1f} s (count check: {len(result.mismatches)} mismatches)"
                    )
                    for name, timing in server_times(query_url, requests.auth.HTTPDigestAuth(user, password)).items():
                        print(f"  Virtuoso         {name:<28} {timing}")


if __name__ == "__main__":
    main()
