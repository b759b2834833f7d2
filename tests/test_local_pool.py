"""The local worker pool: workers forked from a child that loaded what they share, never the build's
own process; results in order; nothing left running when the build stops early or the workers die."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from multiprocessing.pool import ThreadPool

import pytest

import kg.local_pool
from kg.local_pool import IN_FLIGHT_A_WORKER, WorkersStopped, _in_window, run_in_pool

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")

LOADED: dict[str, int] = {}


def load() -> None:
    LOADED["by"] = os.getpid()


def work(task: int) -> tuple[int, int, int | None, int]:
    """The task, doubled, with the worker's process, the process that loaded, and the worker's parent."""
    return task * 2, os.getpid(), LOADED.get("by"), os.getppid()


def slow_work(task: int) -> int:
    time.sleep(0.05 if task else 0)
    return os.getpid()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a process that ended but was not yet reaped by its parent is not running
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_until_gone(pids: set[int], seconds: float = 10) -> set[int]:
    deadline = time.monotonic() + seconds
    while (left := {pid for pid in pids if alive(pid)}) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def test_results_come_in_order_from_workers_forked_from_the_loading_child():
    results = list(run_in_pool(list(range(20)), 2, work, load))
    assert [doubled for doubled, *_ in results] == [task * 2 for task in range(20)]
    loaders = {loader for _, _, loader, _ in results}
    parents = {parent for *_, parent in results}
    assert len(loaders) == 1 and loaders == parents  # the workers' parent loaded, once
    assert os.getpid() not in loaders and "by" not in LOADED  # ... and it was not this process
    assert len({worker for _, worker, _, _ in results}) <= 2
    assert not multiprocessing.active_children()


def test_a_build_that_stops_early_leaves_no_process_running():
    results = run_in_pool(list(range(200)), 2, slow_work, load)
    first = next(results)
    children = multiprocessing.active_children()
    assert len(children) == 1
    results.close()  # what a build does when it stops (an error, Ctrl-C)
    assert not wait_until_gone({first, children[0].pid})


def test_the_child_starts_at_once_and_results_dropped_unread_stop_it():
    results = run_in_pool(list(range(200)), 2, slow_work, load)
    (child,) = multiprocessing.active_children()  # before a result was asked for
    pid = child.pid
    del results, child  # a build that failed before it read them
    assert not wait_until_gone({pid})


def test_the_child_has_ended_its_pool_when_the_last_result_is_handed_on():
    results = run_in_pool(list(range(3)), 2, slow_work, load)
    (child,) = multiprocessing.active_children()
    taken = [next(results) for _ in range(3)]  # as many as asked for, never the end of them
    assert child.exitcode == 0  # ended by itself, not terminated by the results' end
    assert not wait_until_gone(set(taken))


def test_a_child_that_does_not_end_when_stopped_is_killed(monkeypatch):
    monkeypatch.setattr(kg.local_pool, "_STOP_WAIT_SECONDS", 0.2)
    receiving, sending = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_deaf_to_sigterm)
    child.start()
    time.sleep(0.2)  # (its handler set)
    kg.local_pool._stop(child, receiving)
    assert child.exitcode == -signal.SIGKILL


def _deaf_to_sigterm() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # (a pool's terminate() waiting for a worker for ever)
    time.sleep(30)


def test_workers_that_die_end_the_build_with_a_reason_and_leave_nothing_running(capfd):
    results = run_in_pool(list(range(200)), 2, slow_work, load)
    worker = next(results)
    (child,) = multiprocessing.active_children()
    os.kill(child.pid, signal.SIGKILL)  # the system killed it (out of memory)
    with pytest.raises(WorkersStopped, match=r"stopped \(killed by signal 9\) before every report was done"):
        for _ in results:
            pass
    assert not wait_until_gone({worker})
    assert "Traceback" not in capfd.readouterr().err  # the workers ended, not failed writing to it


def test_a_build_with_jobs_never_loads_the_pipeline_in_its_own_process(tmp_path):
    """Neither from scratch nor when one report is added: the store and view that follow are the
    build's largest phases, and the pipeline (165 MB) would count on top of them."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    seeds = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))[:3]
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in seeds[:2]:
        shutil.copy(seed, inputs)
    script = (
        "import sys, shutil\n"
        "from kg.build import build\n"
        f"build([{str(inputs)!r}], {str(tmp_path / 'out')!r}, jobs=2, view=False)\n"
        f"shutil.copy({str(seeds[2])!r}, {str(inputs)!r})\n"
        f"result = build([{str(inputs)!r}], {str(tmp_path / 'out')!r}, jobs=2, view=False)\n"
        "print(len(result.reports), result.reused, 'kg.extract.pipeline' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["3", "2", "False"]


def test_ctrl_c_is_the_build_process_alone_to_report(tmp_path):
    """The terminal sends Ctrl-C to every process of the build: the workers and their child leave it
    to the build's own process (one line), instead of each printing a traceback."""
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import sys\n"
        "import tests.test_local_pool as pool\n"
        "from kg.local_pool import run_in_pool\n"
        "try:\n"
        "    for worker in run_in_pool(list(range(400)), 2, pool.slow_work, pool.load):\n"
        "        print(worker, flush=True)\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted', file=sys.stderr)\n"
    )
    running = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a terminal starts it
    )
    assert running.stdout is not None
    worker = int(running.stdout.readline())
    os.killpg(running.pid, signal.SIGINT)
    _, err = running.communicate(timeout=60)
    assert err.strip() == "interrupted"
    assert not wait_until_gone({worker})


def test_a_slow_reader_holds_the_workers_back_instead_of_piling_results_up():
    """Results done but not taken, and tasks at work, stay within a window (IN_FLIGHT_A_WORKER a
    worker): a build's process that takes them slowly does not leave them piling up in memory."""
    started: list[int] = []
    jobs = 2
    with ThreadPool(jobs) as pool:
        taken = 0
        for result in _in_window(pool, lambda task: started.append(task) or task, list(range(60)), jobs):
            assert result == taken
            taken += 1
            time.sleep(0.005)  # (the workers are far quicker)
            assert len(started) <= taken + jobs * IN_FLIGHT_A_WORKER
    assert taken == 60 and sorted(started) == list(range(60))
