"""``kg push``: upload a build's named graphs to an external triple store over the SPARQL 1.1
Graph Store HTTP Protocol, one PUT per graph, then check the triple counts.

PUT replaces the graph it names, so pushing the same build twice changes nothing and
re-pushing after one report changed replaces only that report's graph.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from kg.store import open_store, report_graphs


class PushError(Exception):
    """A push that could not complete; ``str()`` is one line."""


@dataclass
class PushResult:
    graphs: int = 0
    triples: int = 0
    checked: int = 0
    mismatches: list[tuple[str, int, int]] = field(default_factory=list)


def guess_query_endpoint(endpoint: str) -> str:
    """The SPARQL query endpoint beside a Graph Store endpoint (Oxigraph /store → /query, Virtuoso → /sparql)."""
    if re.search(r"/store/?$", endpoint):
        return re.sub(r"/store/?$", "/query", endpoint)
    if re.search(r"/sparql-graph-crud(-auth)?/?$", endpoint):
        return re.sub(r"/sparql-graph-crud(-auth)?/?$", "/sparql", endpoint)
    return endpoint


def _graphs(store: ox.Store, reports: tuple[str, ...]) -> list[ox.NamedNode]:
    """All named graphs, or the given reports' graphs plus the shared ones (entities, assessments,
    ontology), which a changed report may have changed too."""
    every = sorted(store.named_graphs(), key=lambda g: g.value)
    if not reports:
        return every
    by_report = report_graphs(store)
    names = {Path(name).name for name in reports}
    wanted = {g for g, source in by_report if Path(source).name in names}
    missing = names - {Path(source).name for g, source in by_report if g in wanted}
    if missing:
        raise PushError(f"no report graph for {', '.join(sorted(missing))}")
    report_names = {g for g, _ in by_report}
    return [g for g in every if g.value in wanted or g.value not in report_names]


def _request(session: requests.Session, method: str, url: str, retries: int, **kwargs) -> requests.Response:
    delay = 0.5
    for attempt in range(retries + 1):
        try:
            response = session.request(method, url, **kwargs)
            if response.status_code < 500:
                return response
            error = f"HTTP {response.status_code}: {response.text[:200]}"
        except requests.RequestException as exc:
            error = str(exc)
        if attempt < retries:
            time.sleep(delay)
            delay *= 2
    raise PushError(f"{method} {url} failed after {retries + 1} attempts ({_one_line(error)})")


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()[:300]


def push_build(out_dir: str | Path, endpoint: str, query_endpoint: str | None = None, user: str | None = None,
               password: str | None = None, digest: bool = False, timeout: float = 60, retries: int = 3,
               reports: tuple[str, ...] = (), progress: bool = False, check: bool = True) -> PushResult:
    """PUT every named graph of the build (or only the given reports' graphs), then compare counts."""
    store = open_store(out_dir)
    graphs = _graphs(store, reports)
    session = requests.Session()
    if user:
        session.auth = (HTTPDigestAuth if digest else HTTPBasicAuth)(user, password or "")
    result = PushResult()
    counts: dict[str, int] = {}
    bar = None
    if progress and len(graphs) > 3:
        from tqdm import tqdm
        bar = tqdm(total=len(graphs), unit="graph", leave=False, disable=None)
    try:
        for graph in graphs:
            triples = [quad.triple for quad in store.quads_for_pattern(None, None, None, graph)]
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            response = _request(session, "PUT", endpoint, retries, params={"graph": graph.value}, data=body,
                                 headers={"Content-Type": "text/turtle; charset=utf-8"}, timeout=timeout)
            if response.status_code not in (200, 201, 204):
                raise PushError(f"PUT {graph.value} refused: HTTP {response.status_code} "
                                f"{_one_line(response.text)}")
            counts[graph.value] = len(set(triples))
            result.graphs += 1
            result.triples += len(triples)
            if bar:
                bar.update(1)
    finally:
        if bar:
            bar.close()
    if check:
        query_url = query_endpoint or guess_query_endpoint(endpoint)
        for graph, expected in counts.items():
            found = count_graph(session, query_url, graph, timeout, retries)
            result.checked += 1
            if found != expected:
                result.mismatches.append((graph, expected, found))
    return result


def count_graph(session: requests.Session, query_url: str, graph: str, timeout: float, retries: int) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    response = _request(session, "GET", query_url, retries, params={"query": query},
                        headers={"Accept": "application/sparql-results+json"}, timeout=timeout)
    if response.status_code != 200:
        raise PushError(f"count query refused: HTTP {response.status_code} {_one_line(response.text)}")
    bindings = response.json()["results"]["bindings"]
    return int(bindings[0]["n"]["value"]) if bindings else 0
