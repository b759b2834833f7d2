"""`kg serve`, run as a user runs it (a real process on a free loopback port): it answers like the
embedded store, refuses updates and federation (no request leaves the process), answers only
requests addressed to the loopback names, honours FROM, and follows rebuilds."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from kg.build import build
from kg.store.embedded import open_store
from kg.store.query import saved_queries
from tests.servers import free_port, stop, wait_for
from tests.test_stores import embedded_answer, server_answer

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def kg_serve(out: Path) -> tuple[subprocess.Popen, str]:
    """A `kg serve` process on a free port, answering: (the process, the endpoint's base URL)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--out", str(out), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/query?query=ASK%7B%7D", process, seconds=60)
    return process, base


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(the build's folder, the endpoint's base URL) for a seeds build served by `kg serve`."""
    out = tmp_path_factory.mktemp("served")
    build([SEEDS], out, jobs=1, view=False)
    process, base = kg_serve(out)
    try:
        yield out, base
    finally:
        stop(process)
        assert b"Traceback" not in process.stderr.read()


def count(base: str, query: str = COUNT) -> int:
    response = requests.get(
        f"{base}/query", params={"query": query}, timeout=30, headers={"Accept": "application/sparql-results+json"}
    )
    response.raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_answers_a_saved_query_as_the_embedded_store_does(served):
    out, base = served
    text = saved_queries()["gdp_growth_targets"].read_text(encoding="utf-8")
    assert server_answer(f"{base}/query", text) == embedded_answer(open_store(out), text)


def test_negotiates_csv_and_turtle(served):
    _, base = served
    csv = requests.get(
        f"{base}/query",
        params={"query": "SELECT ?p WHERE { ?p a gk:Report } LIMIT 1"},
        headers={"Accept": "text/csv"},
        timeout=30,
    )
    assert csv.headers["Content-Type"].startswith("text/csv") and csv.text.startswith("p\r\nhttp")
    turtle = requests.post(
        f"{base}/query",
        data="CONSTRUCT WHERE { ?p a gk:Report } LIMIT 2",
        timeout=30,
        headers={"Content-Type": "application/sparql-query", "Accept": "text/turtle"},
    )
    assert turtle.headers["Content-Type"].startswith("text/turtle") and "Report" in turtle.text


def test_refuses_updates(served):
    _, base = served
    before = count(base)
    assert requests.post(f"{base}/update", data={"update": "CLEAR ALL"}, timeout=10).status_code == 403
    assert (
        requests.post(
            f"{base}/query", data="CLEAR ALL", timeout=10, headers={"Content-Type": "application/sparql-update"}
        ).status_code
        == 403
    )
    assert count(base) == before


def test_never_federates(served):
    """SERVICE (SILENT or not) is refused before it runs: the listener it names is never contacted."""
    _, base = served
    contacted = []
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(1.5)
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"

        def accept():
            try:
                contacted.append(listener.accept())
            except OSError:
                pass

        waiter = threading.Thread(target=accept)
        waiter.start()
        for silent in ("", "SILENT "):
            response = requests.get(
                f"{base}/query",
                timeout=10,
                params={"query": f"SELECT * WHERE {{ SERVICE {silent}<{target}> {{ ?s ?p ?o }} }}"},
            )
            assert response.status_code == 400 and "SERVICE is not allowed" in response.text
        waiter.join()
    assert not contacted


def test_answers_only_requests_addressed_to_loopback_names(served):
    """A page whose host name was rebound to 127.0.0.1 sends its own name as Host: refused."""
    _, base = served
    port = base.rsplit(":", 1)[1]
    rebound = requests.get(
        f"{base}/query", params={"query": COUNT}, headers={"Host": f"attacker.example:{port}"}, timeout=10
    )
    assert rebound.status_code == 403
    assert requests.get(f"http://localhost:{port}/query", params={"query": COUNT}, timeout=10).status_code == 200


def test_from_restricts_the_dataset(served):
    _, base = served
    ontology_only = count(base, "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/govkg/ontology> WHERE { ?s ?p ?o }")
    assert 0 < ontology_only < count(base)


def test_follows_a_rebuild_and_lets_the_old_generation_go(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    shutil.copy(seeds[0], inputs)
    out = tmp_path / "out"
    build([inputs], out, jobs=1, view=False)
    process, base = kg_serve(out)
    try:
        one = count(base)
        shutil.copy(seeds[1], inputs)
        build([inputs], out, jobs=1, view=False)
        assert count(base) > one  # the next query reads the new build
        build([inputs], out, jobs=1, view=False)
        count(base)
        # the server moved on twice: it holds the current generation and the one before at most
        build([inputs], out, jobs=1, view=False)
        assert len(list((out / "generations").iterdir())) <= 3
    finally:
        stop(process)
    build([inputs], out, jobs=1, view=False)
    assert [p.name for p in (out / "generations").iterdir()] == [(out / "current").resolve().name]


def test_a_busy_port_is_one_line(served, tmp_path):
    _, base = served
    port = base.rsplit(":", 1)[1]
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "serve", "--out", str(served[0]), "--port", port],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "already in use" in result.stderr and "Traceback" not in result.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "kg.cli", "serve", "--out", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 1 and "no build output here" in missing.stderr
