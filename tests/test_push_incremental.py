"""Incremental ``kg push``: a second push of an unchanged build sends nothing, a changed report
sends only the graphs that changed, and the push manifest on the server records what is there.

Real servers, as in test_stores.py: Oxigraph's server always (the ``oxigraph`` wheel), Virtuoso
where it is installed (skipped without it unless GOVKG_REQUIRE_SERVERS=1)."""

from __future__ import annotations

import os
import shutil
from collections import Counter

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.store.embedded import open_store
from kg.store.push import content_hash, manifest_graph, push_build
from tests.conftest import SEEDS
from tests.servers import VIRTUOSO, oxigraph_server, virtuoso_server

if not VIRTUOSO and os.environ.get("GOVKG_REQUIRE_SERVERS") == "1":
    raise RuntimeError("GOVKG_REQUIRE_SERVERS=1 but virtuoso-t is not installed")

CHANGED = "002_c9c5ec28efd82eda.txt"  # 南安市: its GDP growth target changes from 6.5% to 7%
REMOVED = "004_74a8b955ffb70513.txt"  # 洛江区: left out of a later build


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Two builds of the seeds (the same content, blank nodes named anew), one with a changed
    report and one without a report."""
    root = tmp_path_factory.mktemp("push-incremental")
    outs = {}
    for name in ("seeds", "again"):
        outs[name] = root / name
        build([SEEDS], outs[name], jobs=1)
    changed = root / "changed-in"
    shutil.copytree(SEEDS, changed)
    target = changed / CHANGED
    text = target.read_text(encoding="utf-8")
    assert "地区生产总值增长6.5%" in text
    target.write_text(text.replace("地区生产总值增长6.5%", "地区生产总值增长7%"), encoding="utf-8")
    outs["changed"] = root / "changed"
    build([changed], outs["changed"], jobs=1)
    fewer = root / "fewer-in"
    shutil.copytree(SEEDS, fewer)
    (fewer / REMOVED).unlink()
    outs["fewer"] = root / "fewer"
    build([fewer], outs["fewer"], jobs=1)
    return outs


class Server:
    def __init__(self, kind, store_url, query_url, auth=None):
        self.kind, self.store_url, self.query_url, self.auth = kind, store_url, query_url, auth

    @property
    def options(self) -> dict:
        if self.auth:
            return {"user": self.auth[0], "password": self.auth[1], "digest": True}
        return {}

    @property
    def http_auth(self):
        return requests.auth.HTTPDigestAuth(*self.auth) if self.auth else None

    def push(self, out, **options):
        return push_build(
            out, self.store_url, query_endpoint=self.query_url, timeout=30, retries=1, **self.options, **options
        )

    def select(self, query: str) -> list[dict]:
        response = requests.post(
            self.query_url, data={"query": query}, timeout=30, headers={"Accept": "application/sparql-results+json"}
        )
        response.raise_for_status()
        return response.json()["results"]["bindings"]

    def govkg_graphs(self) -> dict[str, int]:
        rows = self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            'FILTER (STRSTARTS(STR(?g), "https://w3id.org/govkg/")) } GROUP BY ?g'
        )
        return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}

    def manifest(self, graph: str) -> dict[str, str]:
        rows = self.select(
            f"SELECT ?g ?h WHERE {{ GRAPH <{graph}> {{ ?g <https://w3id.org/govkg/ontology#contentHash> ?h }} }}"
        )
        return {row["g"]["value"]: row["h"]["value"] for row in rows}

    def delete(self, graph: str) -> None:
        response = requests.delete(self.store_url, params={"graph": graph}, auth=self.http_auth, timeout=30)
        assert response.status_code in (200, 204), response.text

    def reset(self) -> None:
        for graph in self.govkg_graphs():
            self.delete(graph)
        assert self.govkg_graphs() == {}


@pytest.fixture(
    scope="module",
    params=[
        "oxigraph",
        pytest.param("virtuoso", marks=pytest.mark.skipif(not VIRTUOSO, reason="virtuoso-opensource is not installed")),
    ],
)
def server(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"push-{request.param}")
    if request.param == "oxigraph":
        with oxigraph_server(folder) as (store_url, query_url):
            yield Server("oxigraph", store_url, query_url)
    else:
        with virtuoso_server(folder) as (store_url, query_url, auth):
            yield Server("virtuoso", store_url, query_url, auth)


@pytest.fixture
def empty(server):
    server.reset()
    return server


def build_graphs(out) -> dict[str, bytes]:
    """Each graph of a build, as N-Triples."""
    store = open_store(out)
    return {g.value: store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) for g in store.named_graphs()}


def build_counts(out) -> dict[str, int]:
    return {g: body.count(b"\n") for g, body in build_graphs(out).items()}


def methods(monkeypatch) -> Counter:
    """Counts the HTTP requests by method, below the push's own bookkeeping."""
    seen: Counter = Counter()
    original = requests.Session.request

    def request(self, method, url, *args, **kwargs):
        seen[method.upper()] += 1
        return original(self, method, url, *args, **kwargs)

    monkeypatch.setattr(requests.Session, "request", request)
    return seen


def test_content_hash_ignores_line_order_and_blank_node_names():
    a = b'<http://a> <http://p> "x" .\n<http://b> <http://p> _:n1 .\n_:n1 <http://p> "y" .\n'
    b = b'_:other <http://p> "y" .\n<http://b> <http://p> _:other .\n<http://a> <http://p> "x" .\n'
    assert content_hash(a) == content_hash(b) and content_hash(a).startswith("sha256:")
    assert content_hash(a) != content_hash(a.replace(b'"y"', b'"z"'))
    plain = b'<http://a> <http://p> "x" .\n<http://b> <http://p> "y" .\n'
    assert content_hash(plain) == content_hash(b"\n".join(reversed(plain.splitlines())) + b"\n")


def test_two_builds_of_the_same_reports_hash_alike(builds):
    """The store names the ontology's blank nodes at random on every build: the hashes must not see it."""
    first, again = build_graphs(builds["seeds"]), build_graphs(builds["again"])
    assert first.keys() == again.keys()
    assert any(b"_:" in body for body in first.values())
    assert {g: content_hash(b) for g, b in first.items()} == {g: content_hash(b) for g, b in again.items()}


def test_second_push_skips_everything_and_puts_nothing(builds, empty, monkeypatch):
    server = empty
    counts = build_counts(builds["seeds"])
    first = server.push(builds["seeds"])
    assert first.graphs == first.pushed == len(counts) and first.skipped == 0
    assert first.mismatches == [] and first.checked == len(counts)
    assert first.requests["PUT"] == len(counts) + 1 and first.manifest_writes == 1  # the graphs, the manifest
    assert first.triples == sum(counts.values())
    manifest = manifest_graph(counts)
    assert manifest == "https://w3id.org/govkg/id/graph/push-manifest"
    assert server.manifest(manifest).keys() == counts.keys()
    on_server = server.govkg_graphs()
    assert {g: n for g, n in on_server.items() if g != manifest} == counts

    # another build of the same reports, as another machine would push it
    seen = methods(monkeypatch)
    second = server.push(builds["again"])
    assert second.pushed == 0 and second.skipped == second.graphs == len(counts) and second.triples == 0
    assert seen["PUT"] == seen["DELETE"] == 0 and second.requests["PUT"] == 0 and second.manifest_writes == 0
    assert seen["POST"] == 2  # the manifest, one grouped count query
    assert second.checked == len(counts) and second.mismatches == []
    assert server.govkg_graphs() == on_server


def test_changed_report_pushes_only_what_changed(builds, empty, monkeypatch):
    server = empty
    server.push(builds["seeds"])
    before, after = build_graphs(builds["seeds"]), build_graphs(builds["changed"])
    assert before.keys() == after.keys()
    # what changed, read off the two builds (the ontology, with blank nodes, is the same)
    changed = {g for g in after if b"_:" not in after[g] and set(after[g].splitlines()) != set(before[g].splitlines())}
    nanan = next(g for g in after if CHANGED.removesuffix(".txt") in g)
    assert nanan in changed and len(changed) < len(after)

    seen = methods(monkeypatch)
    pushed = server.push(builds["changed"])
    assert set(pushed.pushed_graphs) == changed and pushed.skipped == len(after) - len(changed)
    assert seen["PUT"] == len(changed) + 2  # the graphs; the manifest withdrawn, then rewritten
    assert pushed.mismatches == [] and pushed.checked == len(after)
    gdp = (
        "SELECT ?v WHERE { ?t a <https://w3id.org/govkg/ontology#Target> ; "
        "<https://w3id.org/govkg/ontology#indicator> <https://w3id.org/govkg/indicator/GDP> ; "
        "<https://w3id.org/govkg/ontology#measure> <https://w3id.org/govkg/ontology#Growth> ; "
        "<https://w3id.org/govkg/ontology#value> ?v ; "
        '<https://w3id.org/govkg/ontology#place>/<http://www.w3.org/2000/01/rdf-schema#label> "南安市"@zh }'
    )
    assert [float(row["v"]["value"]) for row in server.select(gdp)] == [7.0]
    assert server.manifest(pushed.manifest) == {g: content_hash(b) for g, b in after.items()}

    # nothing left to send; then --force sends every graph, and the counts still match
    assert server.push(builds["changed"]).pushed == 0
    forced = server.push(builds["changed"], force=True)
    assert forced.pushed == forced.graphs == len(after) and forced.skipped == 0
    assert forced.mismatches == [] and forced.checked == len(after)
    assert server.push(builds["changed"]).pushed == 0

    # only one report, as `kg push --report`: its graph and the shared ones that changed
    server.push(builds["seeds"])
    partial = server.push(builds["changed"], reports=(CHANGED,))
    assert set(partial.pushed_graphs) == changed
    assert partial.graphs == len([g for g in after if "/id/report/" not in g]) + 1
    assert server.push(builds["changed"]).pushed == 0


def test_removed_report_is_listed_then_deleted_on_request(builds, empty):
    server = empty
    server.push(builds["seeds"])
    gone = next(g for g in build_graphs(builds["seeds"]) if REMOVED.removesuffix(".txt") in g)
    listed = server.push(builds["fewer"])
    assert listed.stale == [gone] and listed.deleted == [] and listed.mismatches == []
    assert gone in server.govkg_graphs()
    assert server.push(builds["fewer"]).stale == [gone]  # listed again, until deleted
    deleted = server.push(builds["fewer"], delete_stale=True)
    assert deleted.deleted == [gone] and deleted.pushed == 0
    assert gone not in server.govkg_graphs() and gone not in server.manifest(deleted.manifest)
    assert server.push(builds["fewer"]).stale == []
    # and when it comes back, it is pushed again
    back = server.push(builds["seeds"])
    assert gone in back.pushed_graphs and back.mismatches == []


def test_graph_changed_on_the_server_fails_the_count_check_and_is_sent_next_time(builds, empty, monkeypatch):
    server = empty
    monkeypatch.setattr("kg.store.push.COUNT_BATCH", 2)  # the count check in several grouped queries
    first = server.push(builds["seeds"])
    n = len(build_counts(builds["seeds"]))
    assert first.checked == n and first.mismatches == [] and first.requests["query"] == 1 + (n + 1) // 2
    entities = "https://w3id.org/govkg/id/graph/entities"
    server.delete(entities)
    stale = server.push(builds["seeds"])
    assert stale.pushed == 0 and stale.mismatched_skipped == [entities]
    assert [(g, found) for g, _, found in stale.mismatches] == [(entities, 0)]
    healed = server.push(builds["seeds"])
    assert healed.pushed_graphs == [entities] and healed.mismatches == []


def test_unreadable_manifest_pushes_everything(builds, empty):
    server = empty
    server.push(builds["seeds"])
    wrong = server.query_url.rsplit("/", 1)[0] + "/no-such-endpoint"
    result = push_build(
        builds["seeds"], server.store_url, query_endpoint=wrong, timeout=30, retries=0, check=False, **server.options
    )
    assert result.manifest_error and result.pushed == result.graphs and result.skipped == 0
    # the manifest it wrote is right: the next push skips everything
    assert server.push(builds["seeds"]).pushed == 0


def test_kg_push_cli_says_what_it_skipped(builds, empty):
    server = empty
    runner = CliRunner()
    args = ["push", "--out", str(builds["seeds"]), "--endpoint", server.store_url, "--query-endpoint", server.query_url]
    if server.auth:
        args += ["--user", server.auth[0], "--password", server.auth[1], "--digest"]
    n = len(build_counts(builds["seeds"]))
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert f"pushed {n} graphs (" in first.stdout and "skipped" not in first.stdout
    second = runner.invoke(cli, args)
    assert second.exit_code == 0, second.output
    assert f"pushed 0 graphs (0 triples), skipped {n} unchanged, to {server.store_url}" in second.stdout
    assert f"count check: {n} graphs match" in second.stdout
    forced = runner.invoke(cli, [*args, "--force"])
    assert forced.exit_code == 0 and f"pushed {n} graphs (" in forced.stdout
    fewer = runner.invoke(cli, [*args[:2], str(builds["fewer"]), *args[3:]])
    assert fewer.exit_code == 0 and "1 graph on the server no longer in the build (--delete-stale" in fewer.stderr
    help_text = runner.invoke(cli, ["push", "--help"]).output
    assert "push-manifest" in help_text and "--force" in help_text and "--delete-stale" in help_text


@pytest.mark.skipif(not VIRTUOSO, reason="virtuoso-opensource is not installed")
def test_virtuoso_that_cuts_answers_short(builds, tmp_path):
    """Virtuoso cuts every answer at ResultSetMaxRows (10,000 by default), silently but for a header:
    the manifest is then read, and the counts checked, in batches under the cap."""
    with virtuoso_server(tmp_path, max_rows=3) as (store_url, query_url, auth):
        server = Server("virtuoso", store_url, query_url, auth)
        n = len(build_counts(builds["seeds"]))
        first = server.push(builds["seeds"])
        assert first.pushed == n and first.mismatches == [] and first.checked == n
        second = server.push(builds["again"])
        assert second.row_cap == 3 and second.pushed == 0 and second.skipped == n
        assert second.requests["PUT"] == 0 and second.mismatches == [] and second.checked == n
        changed = server.push(builds["changed"])
        assert 0 < changed.pushed < n and changed.mismatches == []
