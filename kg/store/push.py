"""``kg push``: upload a build's named graphs to an external triple store over the SPARQL 1.1
Graph Store HTTP Protocol, one PUT per graph, then check the triple counts.

PUT replaces the graph it names, so pushing the same build twice changes nothing and
re-pushing after one report changed replaces only that report's graph.

Incremental pushes: every graph's content is hashed (SHA-256 of its sorted N-Triples lines;
the ontology's blank nodes are first given canonical names by RDFC-1.0, since the store
names them at random on every build). The hashes of the graphs on the server are kept on the
server itself, in a small bookkeeping graph ``{base}graph/push-manifest`` (one
``<graph> gk:contentHash "sha256:…"`` triple per graph), so that another machine pushing the
same build skips too. A push reads it with one SPARQL query and PUTs only the graphs whose
hash differs. The manifest never claims more than the server holds: before any graph it lists
is replaced or deleted, its entry is removed (one PUT of the manifest), and the new hashes
are written only after every PUT succeeded. If the manifest cannot be read, every graph is
pushed. The same query lists the report graphs on the server, so graphs that are no longer in
the build (a report removed) are reported, and deleted on request.

The count check afterwards covers every graph of the push, sent or skipped (so a graph changed
on the server behind the manifest's back shows up, and is dropped from the manifest so that the
next push sends it), in grouped queries of COUNT_BATCH graphs. Servers that cut answers short
(Virtuoso's ResultSetMaxRows, announced in an X-SPARQL-MaxRows header) get smaller batches.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from kg.figures import plural
from kg.store.embedded import BuildStore, open_store, report_graphs
from kg.vocab import DEFAULT_DATA_BASE, GK, serialized

MANIFEST_NAME = "graph/push-manifest"
CONTENT_HASH = GK.contentHash.value
REPORT_CLASS = GK.Report.value
MANIFEST_COMMENT = (
    "Bookkeeping of kg push: the content hash of every graph it pushed here. Graphs whose hash "
    "is unchanged are not pushed again; drop this graph (or push with --force) to push every graph."
)
COUNT_BATCH = 200  # graphs per count query
KEEP_BODIES_BYTES = 256_000_000  # N-Triples kept between hashing and PUT


class PushError(Exception):
    """A push that could not complete; ``str()`` is one line."""


@dataclass
class PushResult:
    graphs: int = 0  # graphs this push covers (the whole build, or --report's graphs): pushed + skipped
    pushed_graphs: list[str] = field(default_factory=list)  # graphs PUT
    skipped: int = 0  # graphs whose content hash the server's manifest already has
    triples: int = 0  # triples PUT
    checked: int = 0
    mismatches: list[tuple[str, int, int]] = field(default_factory=list)
    mismatched_skipped: list[str] = field(default_factory=list)  # of the mismatches, graphs this push skipped
    stale: list[str] = field(default_factory=list)  # graphs on the server that the build no longer has
    deleted: list[str] = field(default_factory=list)  # of those, the ones this push deleted
    manifest: str = ""  # the manifest graph's IRI
    manifest_error: str | None = None  # why the manifest could not be read (then all was pushed)
    row_cap: int | None = None  # the server cut the manifest's answer at this many rows: ``stale`` may miss some
    # HTTP requests made: "PUT" (graphs and manifest), "DELETE", "query"; "manifest PUT" counts the manifest's PUTs
    requests: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def pushed(self) -> int:
        """Graphs PUT (the manifest not counted)."""
        return len(self.pushed_graphs)

    @property
    def manifest_writes(self) -> int:
        """PUTs of the manifest graph."""
        return self.requests["manifest PUT"]


def guess_query_endpoint(endpoint: str) -> str:
    """The SPARQL query endpoint beside a Graph Store endpoint (Oxigraph /store → /query, Virtuoso → /sparql)."""
    if re.search(r"/store/?$", endpoint):
        return re.sub(r"/store/?$", "/query", endpoint)
    if re.search(r"/sparql-graph-crud(-auth)?/?$", endpoint):
        return re.sub(r"/sparql-graph-crud(-auth)?/?$", "/sparql", endpoint)
    return endpoint


def manifest_graph(graphs) -> str:
    """The manifest graph's IRI: beside the build's entities graph (so under its --base)."""
    for graph in graphs:
        value = graph.value if hasattr(graph, "value") else graph
        if value.endswith("/graph/entities"):
            return value[: -len("entities")] + "push-manifest"
    return DEFAULT_DATA_BASE + MANIFEST_NAME


def _graphs(store: ox.Store | BuildStore, reports: tuple[str, ...]) -> list[ox.NamedNode]:
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


def content_hash(body: bytes) -> str | None:
    """``sha256:…`` of a graph's N-Triples, independent of line order and blank node names;
    None if its blank nodes cannot be given canonical names (then the graph is always pushed)."""
    lines = body.splitlines()
    if b"_:" in body:
        try:
            dataset = ox.Dataset(
                ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
            )
            dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
            lines = serialized(dataset, ox.RdfFormat.N_QUADS).splitlines()
        except Exception:  # RDFC-1.0 refuses pathological graphs; pyoxigraph may lack it
            return None
    lines.sort()
    return "sha256:" + hashlib.sha256(b"\n".join(lines)).hexdigest()


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


class _Server:
    """The Graph Store and query endpoints of one push, counting the requests made."""

    def __init__(
        self, endpoint: str, query_url: str, session: requests.Session, timeout: float, retries: int, counter: Counter
    ):
        self.endpoint, self.query_url, self.session = endpoint, query_url, session
        self.timeout, self.retries, self.counter = timeout, retries, counter

    def put(self, graph: str, body: bytes) -> None:
        self.counter["PUT"] += 1
        response = _request(
            self.session,
            "PUT",
            self.endpoint,
            self.retries,
            params={"graph": graph},
            data=body,
            headers={"Content-Type": "text/turtle; charset=utf-8"},
            timeout=self.timeout,
        )
        if response.status_code not in (200, 201, 204):
            raise PushError(f"PUT {graph} refused: HTTP {response.status_code} {_one_line(response.text)}")

    def delete(self, graph: str) -> None:
        self.counter["DELETE"] += 1
        response = _request(
            self.session, "DELETE", self.endpoint, self.retries, params={"graph": graph}, timeout=self.timeout
        )
        if response.status_code not in (200, 202, 204, 404):
            raise PushError(f"DELETE {graph} refused: HTTP {response.status_code} {_one_line(response.text)}")

    def select(self, query: str) -> tuple[list[dict], int | None]:
        """The bindings of a SELECT query (POSTed: the count queries name hundreds of graphs), and the
        server's row limit when it cut the answer short (Virtuoso's ResultSetMaxRows, 10,000 by default)."""
        self.counter["query"] += 1
        response = _request(
            self.session,
            "POST",
            self.query_url,
            self.retries,
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
            timeout=self.timeout,
        )
        if response.status_code != 200:
            raise PushError(
                f"query refused by {self.query_url}: HTTP {response.status_code} {_one_line(response.text)}"
            )
        try:
            rows = response.json()["results"]["bindings"]
        except (ValueError, KeyError, TypeError):
            raise PushError(f"{self.query_url} did not answer with SPARQL JSON results") from None
        cap = response.headers.get("X-SPARQL-MaxRows", "")
        return rows, (int(cap) if cap.isdigit() and 0 < int(cap) <= len(rows) else None)

    def select_for(self, graphs: list[str], projection: str, pattern: str, tail: str = "") -> list[dict]:
        """The rows of ``SELECT projection WHERE { VALUES ?g {…} pattern } tail`` for many graphs: at most
        COUNT_BATCH graphs a query, fewer if the server cuts answers shorter than that."""
        rows: list[dict] = []
        size, start = COUNT_BATCH, 0
        while start < len(graphs):
            batch = graphs[start : start + size]
            values = " ".join(f"<{g}>" for g in batch)
            found, cap = self.select(f"SELECT {projection} WHERE {{ VALUES ?g {{ {values} }} {pattern} }} {tail}")
            if cap is not None and cap < len(batch):  # (one row a graph: a full answer fits in the cap)
                size = cap
                continue
            rows += found
            start += len(batch)
        return rows

    def read_manifest(self, manifest: str, graphs: list[str]) -> tuple[dict[str, str], set[str], int | None]:
        """(graph → content hash from the manifest, the report graphs on the server that it does not
        list, the server's row limit if it cut the answer short). One query, unless the server cuts
        answers short: then the hashes of the given graphs are asked for in batches."""
        rows, cap = self.select(
            f"SELECT ?g ?hash WHERE {{ {{ GRAPH <{manifest}> {{ ?g <{CONTENT_HASH}> ?hash }} }} UNION "
            f"{{ GRAPH ?g {{ ?g a <{REPORT_CLASS}> }} FILTER NOT EXISTS {{ GRAPH <{manifest}> "
            f"{{ ?g <{CONTENT_HASH}> ?any }} }} }} }}"
        )
        hashes = {row["g"]["value"]: row["hash"]["value"] for row in rows if "hash" in row and "g" in row}
        reports = {row["g"]["value"] for row in rows if "hash" not in row and "g" in row}
        if cap is not None:
            found = self.select_for(graphs, "?g ?hash", f"GRAPH <{manifest}> {{ ?g <{CONTENT_HASH}> ?hash }}")
            hashes.update({row["g"]["value"]: row["hash"]["value"] for row in found})
        return hashes, reports, cap

    def write_manifest(self, manifest: str, hashes: dict[str, str]) -> None:
        triples = [
            ox.Triple(
                ox.NamedNode(manifest),
                ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
                ox.Literal(MANIFEST_COMMENT, language="en"),
            )
        ]
        triples += [
            ox.Triple(ox.NamedNode(graph), ox.NamedNode(CONTENT_HASH), ox.Literal(digest))
            for graph, digest in sorted(hashes.items())
        ]
        self.put(manifest, serialized(triples, ox.RdfFormat.N_TRIPLES))
        self.counter["manifest PUT"] += 1

    def counts(self, graphs: list[str]) -> dict[str, int]:
        """Triples per graph, for many graphs in a few grouped queries."""
        rows = self.select_for(graphs, "?g (COUNT(*) AS ?n)", "GRAPH ?g { ?s ?p ?o }", "GROUP BY ?g")
        found = {row["g"]["value"]: _count(row, self.query_url) for row in rows if "g" in row}
        return {g: found.get(g, 0) for g in graphs}


def _count(row: dict, query_url: str) -> int:
    """The ?n of a count query's row; ``PushError`` when the server's answer has none (or not a number)."""
    try:
        return int(row["n"]["value"])
    except (KeyError, TypeError, ValueError):
        raise PushError(f"{query_url} answered the count query without a count (?n)") from None


def _progress(items: list, shown: bool, what: str):
    """The items, with a progress bar on a terminal when there are more than a few."""
    if not shown or len(items) <= 3:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=what, unit="graph", leave=False, disable=None)


def push_build(
    out_dir: str | Path,
    endpoint: str,
    query_endpoint: str | None = None,
    user: str | None = None,
    password: str | None = None,
    digest: bool = False,
    timeout: float = 60,
    retries: int = 3,
    reports: tuple[str, ...] = (),
    progress: bool = False,
    check: bool = True,
    force: bool = False,
    delete_stale: bool = False,
) -> PushResult:
    """PUT every named graph of the build (or only the given reports' graphs with the shared ones)
    whose content differs from what the server's push manifest records (every one with ``force``),
    then compare the triple counts of all those graphs, pushed or skipped, with the build.

    ``delete_stale`` deletes the graphs on the server that the build no longer has: the report
    graphs there, and the graphs the manifest lists. Without it they are only listed in ``stale``.
    """
    started = time.monotonic()
    store = open_store(out_dir)
    every = {g.value for g in store.named_graphs()}
    graphs = _graphs(store, reports)
    session = requests.Session()
    if user:
        session.auth = (HTTPDigestAuth if digest else HTTPBasicAuth)(user, password or "")
    result = PushResult(manifest=manifest_graph(every))
    server = _Server(
        endpoint, query_endpoint or guess_query_endpoint(endpoint), session, timeout, retries, result.requests
    )
    manifest = result.manifest

    # what the server holds, by the manifest
    known: dict[str, str] = {}
    try:
        known, server_reports, result.row_cap = server.read_manifest(manifest, sorted(every))
    except PushError as exc:
        result.manifest_error = str(exc)
        server_reports = set()
    readable = result.manifest_error is None
    result.stale = sorted((set(known) | server_reports) - every - {manifest})

    # what to send: the graphs whose hash the manifest does not have (their N-Triples are kept
    # for the PUT up to a memory budget, and dumped again past it)
    sending: dict[str, bytes | None] = {}
    hashes: dict[str, str | None] = {}
    counts: dict[str, int] = {}
    kept = 0
    for graph in _progress(graphs, progress, "hashing"):
        body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        hashes[graph.value] = content_hash(body)
        counts[graph.value] = body.count(b"\n")
        if force or not readable or hashes[graph.value] is None or known.get(graph.value) != hashes[graph.value]:
            keep = kept + len(body) <= KEEP_BODIES_BYTES
            sending[graph.value] = body if keep else None
            kept += len(body) if keep else 0
    result.graphs = len(graphs)
    result.skipped = len(graphs) - len(sending)
    deleting = result.stale if delete_stale else []

    # the manifest must not vouch for a graph while it is being replaced or deleted
    on_server = dict(known)
    invalid = {g for g in [*sending, *deleting] if g in on_server}
    if invalid or (not readable and (sending or deleting)):
        on_server = {g: h for g, h in on_server.items() if g not in invalid}
        server.write_manifest(manifest, on_server)

    for graph in _progress(list(sending), progress, "pushing"):
        body = sending[graph]
        if body is None:
            body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        server.put(graph, body)
        sending[graph] = None
        result.pushed_graphs.append(graph)
        result.triples += counts[graph]
    for graph in deleting:
        server.delete(graph)
        result.deleted.append(graph)

    # every PUT and DELETE succeeded: record the new hashes
    new = {g: h for g, h in on_server.items() if g not in result.deleted and g not in hashes}
    new.update({g: h for g, h in hashes.items() if h is not None})
    if new != on_server:
        server.write_manifest(manifest, new)

    if check:
        found = server.counts(list(counts))
        result.checked = len(found)
        for graph, expected in counts.items():
            if found[graph] != expected:
                result.mismatches.append((graph, expected, found[graph]))
                if graph not in sending:
                    result.mismatched_skipped.append(graph)
        if result.mismatches:
            # the next push sends them again, without --force
            mismatched = {g for g, _, _ in result.mismatches}
            try:
                server.write_manifest(manifest, {g: h for g, h in new.items() if g not in mismatched})
            except PushError:
                pass
    result.seconds = time.monotonic() - started
    return result


def count_graph(session: requests.Session, query_url: str, graph: str, timeout: float, retries: int) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    response = _request(
        session,
        "GET",
        query_url,
        retries,
        params={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=timeout,
    )
    if response.status_code != 200:
        raise PushError(f"count query refused: HTTP {response.status_code} {_one_line(response.text)}")
    try:
        bindings = response.json()["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise PushError(f"{query_url} did not answer with SPARQL JSON results") from None
    return _count(bindings[0], query_url) if bindings else 0


def describe_push(result: PushResult, endpoint: str, force: bool = False) -> list[tuple[str, bool]]:
    """What ``kg push`` prints about a push: (line, whether it goes to stderr)."""

    def graphs(n: int) -> str:
        return plural(n, "graph")

    def some(items: list[str], shown: int = 3) -> str:
        more = f" … and {len(items) - shown:,} more" if len(items) > shown else ""
        return ", ".join(f"<{item}>" for item in items[:shown]) + more

    lines = []
    if result.manifest_error and not force:
        lines.append((f"push manifest not readable, pushing every graph ({result.manifest_error})", True))
    skipped = f", skipped {result.skipped:,} unchanged," if result.skipped else ""
    lines.append((f"pushed {graphs(result.pushed)} ({result.triples:,} triples){skipped} to {endpoint}", False))
    if result.deleted:
        lines.append((f"deleted {graphs(len(result.deleted))} no longer in the build: {some(result.deleted)}", False))
    elif result.stale:
        lines.append(
            (
                f"{graphs(len(result.stale))} on the server no longer in the build (--delete-stale deletes "
                f"them): {some(result.stale)}",
                True,
            )
        )
    if result.row_cap:
        lines.append(
            (
                f"the server cuts answers at {result.row_cap:,} rows: graphs no longer in the build may go unnoticed",
                True,
            )
        )
    for graph, expected, found in result.mismatches:
        lines.append((f"count mismatch in {graph}: build has {expected}, store has {found}", True))
    if result.mismatches and result.mismatched_skipped:
        lines.append(
            (
                f"{graphs(len(result.mismatched_skipped))} of these had been skipped as unchanged: changed on "
                "the server since the last push; the next push sends them again",
                True,
            )
        )
    if result.checked and not result.mismatches:
        lines.append((f"count check: {result.checked:,} graphs match", False))
    return lines
