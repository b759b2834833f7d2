"""Loading into real external triple stores: Oxigraph's server and Virtuoso, started by the tests
on free loopback ports. Every saved query must give the same answer there as on the embedded store.

.ci/run installs Virtuoso; locally these tests skip without it unless GOVKG_REQUIRE_SERVERS=1."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal, InvalidOperation

import pytest
import requests
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.store.embedded import open_store
from kg.store.push import count_graph, push_build
from kg.store.query import run_query, saved_queries
from kg.vocab import PREFIXES
from tests.conftest import SEEDS
from tests.servers import VIRTUOSO, free_port, oxigraph_server, virtuoso_server

if not VIRTUOSO and os.environ.get("GOVKG_REQUIRE_SERVERS") == "1":
    raise RuntimeError("GOVKG_REQUIRE_SERVERS=1 but virtuoso-t is not installed")

PREFIX_LINES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def normalised(value: str | None) -> str | None:
    """Stores write the same number differently (6, 6.0): compare numbers by value. An empty
    GROUP_CONCAT is "" in Virtuoso (as the SPARQL spec says) and unbound in Oxigraph."""
    if value is None or value == "":
        return None
    try:
        return str(Decimal(value).normalize())
    except InvalidOperation:
        return value


def embedded_answer(store, text: str) -> list[tuple]:
    result = run_query(text, store)
    return sorted(tuple(normalised(t.value) if t is not None else None for t in row) for row in result.rows)


def server_answer(query_url: str, text: str, auth=None) -> list[tuple]:
    response = requests.post(
        query_url,
        data={"query": PREFIX_LINES + text},
        auth=auth,
        timeout=60,
        headers={"Accept": "application/sparql-results+json"},
    )
    response.raise_for_status()
    body = response.json()
    names = body["head"]["vars"]
    return sorted(
        tuple(normalised(_value(b[n])) if n in b else None for n in names) for b in body["results"]["bindings"]
    )


def _value(binding: dict) -> str:
    # Virtuoso writes xsd:boolean values as 1 and 0
    if binding.get("datatype") == "http://www.w3.org/2001/XMLSchema#boolean":
        return {"1": "true", "0": "false"}.get(binding["value"], binding["value"])
    return binding["value"]


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds-for-stores")
    build([SEEDS], out, jobs=1)
    return out


def graph_counts(out) -> dict[str, int]:
    store = open_store(out)
    return {g.value: len(list(store.quads_for_pattern(None, None, None, g))) for g in store.named_graphs()}


def check_store(out, store_url, query_url, tmp_path, auth=None, digest=False):
    user, password = auth or (None, None)
    first = push_build(out, store_url, query_endpoint=query_url, user=user, password=password, digest=digest)
    assert first.mismatches == [] and first.checked == first.graphs == len(graph_counts(out))
    # every saved query answers the same through the server's SPARQL endpoint
    embedded = open_store(out)
    http_auth = requests.auth.HTTPDigestAuth(*auth) if digest else None
    for name, path in saved_queries().items():
        text = path.read_text(encoding="utf-8")
        assert server_answer(query_url, text, http_auth) == embedded_answer(embedded, text), name
    # pushing twice changes nothing
    session = requests.Session()
    before = {g: count_graph(session, query_url, g, 30, 1) for g in graph_counts(out)}
    second = push_build(out, store_url, query_endpoint=query_url, user=user, password=password, digest=digest)
    assert second.mismatches == []
    assert {g: count_graph(session, query_url, g, 30, 1) for g in graph_counts(out)} == before
    # change one report and re-push: only its graph changes
    changed_inputs = tmp_path / "changed"
    shutil.copytree(SEEDS, changed_inputs)
    target = changed_inputs / "002_c9c5ec28efd82eda.txt"
    target.write_text(
        target.read_text(encoding="utf-8").replace("地区生产总值增长6.5%", "地区生产总值增长7%"), encoding="utf-8"
    )
    changed_out = tmp_path / "changed-out"
    build([changed_inputs], changed_out, jobs=1)
    after_counts = graph_counts(changed_out)
    pushed = push_build(
        changed_out,
        store_url,
        query_endpoint=query_url,
        user=user,
        password=password,
        digest=digest,
        reports=("002_c9c5ec28efd82eda.txt",),
    )
    shared_graphs = [g for g in after_counts if "/id/report/" not in g]  # entities, ontology (and assessments)
    assert pushed.graphs == 1 + len(shared_graphs) and pushed.mismatches == []
    gdp = (
        "SELECT ?v WHERE { ?t a gk:Target ; gk:indicator ind:GDP ; gk:measure gk:Growth ; gk:value ?v ; "
        'gk:place/rdfs:label "南安市"@zh }'
    )
    assert server_answer(query_url, gdp, http_auth) == [("7",)]
    now = {g: count_graph(session, query_url, g, 30, 1) for g in graph_counts(out)}
    changed = {g for g in now if now[g] != before[g]}
    assert changed <= {g for g in now if "南安市" in g}
    assert now[next(g for g in now if "南安市" in g)] == after_counts[next(g for g in after_counts if "南安市" in g)]
    assert sum(now.values()) == sum(before.values())  # same shape, one value changed


def test_push_to_an_oxigraph_server(seeds_out, tmp_path):
    with oxigraph_server(tmp_path) as (store_url, query_url):
        check_store(seeds_out, store_url, query_url, tmp_path)


@pytest.mark.skipif(not VIRTUOSO, reason="virtuoso-opensource is not installed")
def test_push_to_virtuoso(seeds_out, tmp_path):
    with virtuoso_server(tmp_path) as (store_url, query_url, auth):
        check_store(seeds_out, store_url, query_url, tmp_path, auth=auth, digest=True)


def test_kg_push_cli_reports_counts_and_refusals(seeds_out, tmp_path):
    runner = CliRunner()
    with oxigraph_server(tmp_path) as (store_url, query_url):
        result = runner.invoke(cli, ["push", "--out", str(seeds_out), "--endpoint", store_url])
        assert result.exit_code == 0, result.output
        assert "pushed" in result.stdout and "graphs match" in result.stdout
    refused = runner.invoke(
        cli,
        [
            "push",
            "--out",
            str(seeds_out),
            "--endpoint",
            f"http://127.0.0.1:{free_port()}/store",
            "--retries",
            "1",
            "--timeout",
            "2",
        ],
    )
    assert refused.exit_code == 1 and "failed after 2 attempts" in refused.output and "Traceback" not in refused.output
