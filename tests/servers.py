"""Real triple-store servers for the loading tests, started and stopped by the tests themselves:
Oxigraph's server (the `oxigraph` wheel) and Debian's Virtuoso (`virtuoso-opensource`), each on
a free loopback port, in a temporary directory, stopped by PID at the end."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from pathlib import Path

import requests

from kg.store.serve import oxigraph_binary

VIRTUOSO = shutil.which("virtuoso-t")
VIRTUOSO_VSP = Path("/var/lib/virtuoso-opensource-7/vsp")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 90, **kwargs) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with status {process.returncode}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=2, **kwargs).status_code < 500:
                return
        time.sleep(0.3)
    raise RuntimeError(f"server at {url} did not answer within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@contextlib.contextmanager
def oxigraph_server(folder: Path, location: Path | None = None, read_only: bool = False):
    """Yields (graph store endpoint, query endpoint)."""
    port = free_port()
    command = [
        oxigraph_binary(),
        "serve-read-only" if read_only else "serve",
        "--location",
        str(location or folder / "oxigraph"),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    log = open(folder / "oxigraph.log", "wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/query?query=ASK%7B%7D", process)
        yield f"{base}/store", f"{base}/query"
    finally:
        stop(process)
        log.close()


VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {dir}
CheckpointInterval = 60
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
ServerThreads = 10
MaxClientConnections = 10
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
DefaultQuery = select distinct ?Concept where {{[] a ?Concept}} LIMIT 100
"""


@contextlib.contextmanager
def virtuoso_server(folder: Path, max_rows: int = 1_000_000):
    """Yields (graph store endpoint, query endpoint, (user, password)); digest auth on the store endpoint.
    ``max_rows`` caps every SPARQL answer (Virtuoso's own default is 10,000)."""
    if not VIRTUOSO:
        raise RuntimeError("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    data = folder / "virtuoso"
    data.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = data / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(dir=data, sql_port=sql_port, http_port=http_port, vsp=VIRTUOSO_VSP, max_rows=max_rows),
        encoding="utf-8",
    )
    log = open(folder / "virtuoso.out", "wb")
    process = subprocess.Popen(
        [VIRTUOSO, "+configfile", str(ini), "+foreground"], cwd=data, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{http_port}"
        wait_for(f"{base}/sparql?query=ASK%7B%7D", process, seconds=120)
        yield f"{base}/sparql-graph-crud-auth", f"{base}/sparql", ("dba", "dba")
    finally:
        stop(process)
        log.close()
