"""Per-report extraction on a Dask distributed cluster: ``kg build --scheduler tcp://HOST:8786``.

The build's own machine reads each file and sends its bytes with the task, so the workers need
govkg (the same version, with the same ``--lexicon`` rows) but not the files: a report on a
laptop's disk is extracted on a server that has never seen it. What comes back is the same
record a local worker process returns, in the order of the files, so the outputs are the same
bytes as a local build's.

Before any report is sent, every worker is asked for its extractor version (``kg.report_cache``:
govkg's code, its lexicon with any overlay, the ontology and the libraries that decide what a
report gives). A worker that differs would make a graph that a local build would not, so the
build stops with one line naming it instead.

Tasks are submitted a few per worker thread ahead of the one being collected, so a build of
50,000 reports holds the bytes of a few dozen files at a time, not of the corpus.
"""

from __future__ import annotations

import socket
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import printable_path
from kg.ingest.reading import UnreadableReport, read_report_bytes
from kg.report_cache import extractor_version
from kg.report_jobs import Processed, process

# how many tasks each worker thread has queued beyond the one it runs: enough to keep it busy
# while the results before it are collected, few enough to bound what the scheduler holds
AHEAD_PER_THREAD = 4
CONNECT_SECONDS = 20


class ClusterError(RuntimeError):
    """The cluster cannot do the build (unreachable, no workers, a worker with another extractor)."""


def run_on_cluster(tasks: list[tuple[str, str, str]], address: str) -> Iterator[Processed | tuple[str, str]]:
    """Each task's result, in order, extracted by the workers of the Dask scheduler at ``address``."""
    if not tasks:
        return
    client = connect(address)
    try:
        check_workers(client, address)
        threads = sum(client.nthreads().values())
        pending: deque[tuple[tuple[str, str, str], Any]] = deque()
        remaining = iter(tasks)
        for task in remaining:
            pending.append((task, _submit(client, task)))
            if len(pending) >= threads * (1 + AHEAD_PER_THREAD):
                break
        while pending:
            task, future = pending.popleft()
            yield _collect(task, future)
            following = next(remaining, None)
            if following is not None:
                pending.append((following, _submit(client, following)))
    finally:
        client.close()


def connect(address: str) -> Any:
    """A client of the scheduler at ``address``; ``ClusterError`` in one line when there is none."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--scheduler needs Dask: pip install 'govkg[cluster]'") from None
    _refused_at_once(address)
    try:
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {reason}") from None


def _refused_at_once(address: str) -> None:
    """A malformed address, or one where nothing listens, is said at once (the client would retry for
    its timeout, then print a traceback as it is collected)."""
    scheme, _, rest = address.partition("://")
    host, _, port = rest.rpartition(":")
    if scheme not in ("tcp", "tls") or not host or not port.isdigit():
        raise ClusterError(f"{address!r} is not a Dask scheduler address (tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786)")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_SECONDS).close()
    except OSError as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc.strerror or exc}") from None


def check_workers(client: Any, address: str) -> None:
    """Every worker must extract as this machine would: the same extractor version."""
    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError):
        raise ClusterError(
            f"the Dask scheduler at {address} has no workers (start some: dask worker {address})"
        ) from None
    mine = extractor_version()
    theirs = client.run(extractor_version)
    differ = sorted(worker for worker, version in theirs.items() if version != mine)
    if differ:
        raise ClusterError(
            f"{len(differ)} of {len(theirs)} Dask workers would extract differently from this machine "
            f"(first: {differ[0]}): install the same govkg there, with the same --lexicon rows "
            f"(GOVKG_LEXICON on the workers)"
        )


def _submit(client: Any, task: tuple[str, str, str]) -> Any:
    """The task sent with its file's bytes; a file that cannot be read here is its result at once."""
    try:
        data = read_report_bytes(Path(task[0]))
    except UnreadableReport as exc:
        return (printable_path(task[0]), exc.reason)
    return client.submit(process, task, data, pure=False)


def _collect(task: tuple[str, str, str], future: Any) -> Processed | tuple[str, str]:
    if isinstance(future, tuple):  # unreadable here: never sent
        return future
    try:
        return future.result()
    except Exception as exc:  # a worker lost with the task (KilledWorker): this report fails, not the build
        return printable_path(task[0]), f"internal error on the cluster ({type(exc).__name__}: {exc})"
