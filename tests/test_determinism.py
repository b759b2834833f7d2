"""Same input, same output: two builds give identical sorted N-Quads."""

import re

import pytest

import kg.store.embedded
from kg.build import build
from kg.store.embedded import open_store, write_store
from tests.conftest import SEEDS


def test_two_builds_give_identical_nquads(tmp_path, seed_build):
    _, first = seed_build
    second = tmp_path / "again"
    build([SEEDS], second, jobs=1)
    lines_first = sorted((first / "graph.nq").read_text(encoding="utf-8").splitlines())
    lines_second = sorted((second / "graph.nq").read_text(encoding="utf-8").splitlines())
    assert lines_first == lines_second
    assert len(lines_first) > 1000


def test_no_graph_states_a_line_twice(seed_build):
    """A store update compares a graph's segments before its lines (kg.store.embedded._changed_lines),
    which counts on this; so do the triple counts of the summary."""
    _, out = seed_build
    lines = (out / "graph.nq").read_bytes().splitlines()
    assert len(lines) == len(set(lines))


def test_same_place_in_two_reports_is_one_iri(seed_store):
    rows = list(
        seed_store.query(
            'SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> "泉州市"@zh }',
            use_default_graph_as_union=True,
        )
    )
    assert rows[0]["n"].value == "1"


def test_each_report_has_its_own_named_graph(seed_store):
    graphs = {g.value for g in seed_store.named_graphs()}
    reports = [
        r["r"].value
        for r in seed_store.query(
            "SELECT ?r WHERE { ?r a <https://w3id.org/govkg/ontology#Report> }", use_default_graph_as_union=True
        )
    ]
    assert len(reports) == 5 and set(reports) <= graphs


def test_a_parallel_build_and_a_one_job_build_give_the_same_store(tmp_path, seed_build):
    _, parallel = seed_build
    one_job = tmp_path / "one"
    build([SEEDS], one_job, jobs=1)
    first, second = (_quads(open_store(out).store) for out in (parallel, one_job))
    assert first == second and len(first) > 5000


def test_a_store_loaded_in_batches_is_the_same_store(tmp_path, seed_build, monkeypatch):
    _, out = seed_build
    monkeypatch.setattr(kg.store.embedded, "BATCHED_LOAD_FROM_BYTES", 0)
    monkeypatch.setattr(kg.store.embedded, "LOAD_BATCH_BYTES", 100_000)
    write_store(out / "graph.nq", tmp_path)
    assert _quads(open_store(tmp_path).store) == _quads(open_store(out).store)
    assert [p.name for p in tmp_path.iterdir()] == ["store"]


def test_a_batch_that_fails_to_load_fails_the_store_and_leaves_nothing(tmp_path, seed_build, monkeypatch):
    _, out = seed_build
    monkeypatch.setattr(kg.store.embedded, "BATCHED_LOAD_FROM_BYTES", 0)
    monkeypatch.setattr(kg.store.embedded, "LOAD_BATCH_BYTES", 100_000)
    broken = tmp_path / "broken.nq"
    lines = (out / "graph.nq").read_bytes().splitlines(keepends=True)
    broken.write_bytes(
        b"".join(lines[: len(lines) // 2]) + b'<a> <b> "unclosed .\n' + b"".join(lines[len(lines) // 2 :])
    )
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(SyntaxError):
        write_store(broken, target)
    assert list(target.iterdir()) == []  # neither a store nor its temporary folder


def _quads(store) -> list[str]:
    # a store names blank nodes afresh on every load
    return sorted(re.sub(r"_:\w+", "_:b", str(q)) for q in store.quads_for_pattern(None, None, None, None))
