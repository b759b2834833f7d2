"""Reports extracted by local worker processes forked from a child that loaded the pipeline.

Workers forked from a process that has loaded the pipeline share its data (spaCy, the gazetteer,
the indicator catalogue, jieba's dictionary, and pypinyin's when more than one report is to be
extracted: some 165 MB) instead of each loading a copy. That process is a child of the build's,
not the build's own: the build then goes on to load the store and draw the view, its largest
phases, without those 165 MB. At 20,000 reports the view's peak is the build's (646 MB, of which
the pipeline's were 165 MB).

The child runs the pool and passes each result on, in the order of the tasks; it ends with the
pool, and a build that stops early (an error, Ctrl-C) stops it and its workers.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any


class WorkersStopped(RuntimeError):
    """The workers ended before every report was done (killed by the system, out of memory)."""


def run_in_pool(tasks: list[Any], jobs: int, work: Callable[[Any], Any], load: Callable[[], Any]) -> Iterator[Any]:
    """``work(task)`` of each task, in order, done by ``jobs`` processes that share what ``load()``
    loaded (``load`` runs once, in the child they are forked from).

    The child starts at once, not when the first result is asked for: a build that adds one report
    to a thousand reads the cached ones while the child loads the pipeline (a second)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return _spawned(tasks, jobs, work)
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_run_pool, args=(tasks, jobs, work, load, sending), name="govkg-workers")
    child.start()
    sending.close()  # the child holds the only sending end: its exit ends the pipe
    results = _received(child, receiving, len(tasks))
    # results never asked for (the build failed first) still stop the child when they are dropped
    weakref.finalize(results, _stop, child, receiving)
    return results


def _spawned(tasks: list[Any], jobs: int, work: Callable[[Any], Any]) -> Iterator[Any]:
    # no fork (Windows): each spawned worker loads its own copy when its first task needs it
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        yield from _in_window(pool, work, tasks, jobs)


# results done but not yet taken, and tasks at work, a worker: results wait in the pool's process
IN_FLIGHT_A_WORKER = 4


def _in_window(pool, work: Callable[[Any], Any], tasks: list[Any], jobs: int) -> Iterator[Any]:
    """``pool.imap(work, tasks)``, handing out a task only while fewer than ``IN_FLIGHT_A_WORKER``
    a worker are at work or done and waiting to be taken.

    The pool gives its workers every task at once, and keeps every result that is done until it is
    taken: when the build's process takes them more slowly than the workers make them (a busy
    machine, a slow disk), they would pile up in memory, some 400 KB each (at 20,000 reports on a
    busy machine, the pool's process grew by some 60 MB).
    """
    window = threading.BoundedSemaphore(jobs * IN_FLIGHT_A_WORKER)
    stopping = threading.Event()

    def handed_out() -> Iterator[Any]:  # (read by the pool's own thread, which this may hold up)
        for task in tasks:
            while not window.acquire(timeout=0.1):
                if stopping.is_set():
                    return  # (the pool is ending: its thread must not wait for ever)
            yield task

    try:
        for result in pool.imap(work, handed_out(), chunksize=1):
            yield result
            window.release()
    finally:
        stopping.set()


def _received(child, receiving, count: int) -> Iterator[Any]:
    try:
        for taken in range(1, count + 1):
            try:
                result = receiving.recv()
            except EOFError:
                raise WorkersStopped(
                    f"the worker processes stopped ({_how_it_ended(child)}) before every report was done; "
                    "the outputs are those of the last build (fewer --jobs need less memory)"
                ) from None
            if taken == count:
                # the child ends its pool on its own before the last result is handed on: a caller
                # takes no more than it asked for, and the results dropped after it would else
                # stop the child while its pool was closing (_stop, which terminates it, as it
                # does a child that has not ended by then)
                child.join(_STOP_WAIT_SECONDS)
            yield result
    finally:
        _stop(child, receiving)


# how long a child stopped early has to end its pool's workers
_STOP_WAIT_SECONDS = 10


def _stop(child, receiving) -> None:
    receiving.close()
    if child.is_alive():
        child.terminate()  # its SIGTERM handler ends the pool's workers too
        child.join(_STOP_WAIT_SECONDS)
        if child.is_alive():
            # the pool's terminate() waits for its workers, and once in a few hundred test runs it
            # waited for ever for one blocked on the task queue: the build must not wait with it
            child.kill()
            child.join()


def _run_pool(tasks: list[Any], jobs: int, work: Callable[[Any], Any], load: Callable[[], Any], sending) -> None:
    # SIGTERM (the build stopped early) ends the pool through its context manager, which terminates
    # the workers, rather than leaving them waiting for tasks with no one to send them
    signal.signal(signal.SIGTERM, _exit_on_sigterm(os.getpid()))
    _end_with_parent()
    load()
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_end_with_parent) as pool:
        for result in _in_window(pool, work, tasks, jobs):
            sending.send(result)
        # every task done: the workers end on the pool's own signal, not terminated. The context's
        # terminate() takes the task queue's lock for good and then SIGTERMs the workers; once in a
        # few hundred runs a worker waiting for that lock was joined for ever (test_local_pool hung)
        pool.close()
        pool.join()
    sending.close()


def _exit_on_sigterm(child_pid: int) -> Callable[..., None]:
    """The child's SIGTERM handler: it leaves through SystemExit, so that the pool's context ends the
    workers. A worker forked from the child has it too until it has started; a SIGTERM in that moment
    comes inside Python's after-fork code, where SystemExit was printed as "Exception ignored in
    _after_fork" with a traceback (once in some hundred Ctrl-Cs): a worker ends at once and says nothing."""

    def handler(*_: object) -> None:
        if os.getpid() != child_pid:
            os._exit(1)
        sys.exit(1)

    return handler


# prctl(PR_SET_PDEATHSIG, SIGTERM): Linux sends the signal when the process's parent ends
_PR_SET_PDEATHSIG = 1


def _end_with_parent() -> None:
    """Have this process ended when its parent ends, however it ends (killed for memory: a
    worker whose pool is gone would otherwise wait for tasks for ever). Ctrl-C, which the
    terminal sends to every process of the build, is left to the build's own process: it says
    so in one line and ends the child, which ends the workers (each would print a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: a worker left over ends when it next reads its closed task pipe


def _how_it_ended(child) -> str:
    child.join(timeout=5)
    code = child.exitcode
    if code is None:
        return "not answering"
    if code < 0:
        return f"killed by signal {-code}"  # 9: most often the system, out of memory
    return f"exit status {code}"
