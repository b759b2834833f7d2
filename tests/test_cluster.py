"""`kg build --scheduler`: a real Dask scheduler and two worker processes on loopback, started
here like the triple-store servers; the outputs must be the bytes of a local build."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.build import build

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
REQUIRED = os.environ.get("GOVKG_REQUIRE_SERVERS") == "1"  # CI: a missing Dask fails, not skips


def dask_command() -> str:
    found = Path(sys.executable).with_name("dask")
    if not found.exists():
        if REQUIRED:
            pytest.fail("dask is not installed in the test environment (pip install -e '.[test]')")
        pytest.skip("dask is not installed (pip install -e '.[test]')")
    return str(found)


def start(args: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        args, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True, env={**os.environ, **(env or {})}
    )


def wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout=60, set_as_default=False) as client:
        client.wait_for_workers(count, timeout=120)


@pytest.fixture
def cluster(tmp_path_factory):
    """A scheduler and two single-threaded workers; yields (address, start_worker)."""
    folder = tmp_path_factory.mktemp("dask")
    dask = dask_command()
    scheduler_file = folder / "scheduler.json"
    processes = [
        start(
            [
                dask,
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(scheduler_file),
            ],
            folder / "scheduler.log",
        )
    ]
    deadline = time.monotonic() + 60
    while not scheduler_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert scheduler_file.exists(), (folder / "scheduler.log").read_text()
    address = json.loads(scheduler_file.read_text())["address"]

    def start_worker(name: str, env: dict[str, str] | None = None) -> None:
        command = [dask, "worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard", "--name", name]
        processes.append(start(command, folder / f"{name}.log", env))

    try:
        yield address, start_worker
    finally:
        for process in reversed(processes):
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def test_a_build_on_two_dask_workers_writes_the_bytes_of_a_local_build(cluster, tmp_path):
    address, start_worker = cluster
    start_worker("one")
    start_worker("two")
    wait_for_workers(address, 2)
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (inputs / seed.name).write_bytes(seed.read_bytes())
    (inputs / "empty.txt").write_bytes(b"")  # unreadable here: skipped without being sent

    local = build([inputs], tmp_path / "local", jobs=1, view=False)
    remote = build([inputs], tmp_path / "remote", view=False, scheduler=address)

    for name in ("graph.nq", "graph.ttl"):
        assert (tmp_path / "remote" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    assert [r.source for r in remote.reports] == [r.source for r in local.reports]
    assert remote.skipped == local.skipped and len(remote.skipped) == 1
    assert len(remote.reports) == 5


def test_a_worker_that_would_extract_differently_is_refused_in_one_line(cluster, tmp_path):
    address, start_worker = cluster
    overlay = tmp_path / "lexicon"
    overlay.mkdir()
    (overlay / "heads.tsv").write_text("word\tkind\ttags\texample\n科创港\tProject\t\t建设科创港\n", encoding="utf-8")
    start_worker("other-lexicon", {"GOVKG_LEXICON": str(overlay)})
    wait_for_workers(address, 1)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "build",
            str(SEEDS),
            "--out",
            str(tmp_path / "out"),
            "-q",
            "--scheduler",
            address,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]  # one line, no traceback
    assert "1 of 1 Dask workers would extract differently" in done.stderr and "--lexicon" in done.stderr
    assert not (tmp_path / "out" / "graph.nq").exists()


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("tcp://127.0.0.1:9", "cannot reach the Dask scheduler at tcp://127.0.0.1:9"),
        ("localhost", "is not a Dask scheduler address"),
    ],
)
def test_a_scheduler_that_is_not_there_is_one_line(tmp_path, address, says):
    dask_command()
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", str(SEEDS), "--out", str(tmp_path), "--scheduler", address],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
