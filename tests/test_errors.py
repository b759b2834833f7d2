"""No traceback reaches a user from any `kg` command: the machine's failures are one line naming
the path, a damaged store is one line saying to build again, anything else one line with the
path of a log that holds the traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("errors") / "out"
    build([SEEDS], out, jobs=1, view=False)
    return out


def kg(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, timeout=300, env={**os.environ, **env}
    )


@pytest.fixture
def damaged(seeds_build, tmp_path) -> Path:
    """A copy of the seeds build whose store lost its data files."""
    out = tmp_path / "damaged"
    shutil.copytree(seeds_build, out, symlinks=True)
    store = (out / "store").resolve()
    for sst in store.glob("*.sst"):
        sst.write_bytes(b"\0" * 100)
    return out


@pytest.mark.parametrize(
    "command",
    [
        ["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"],
        ["track"],
        ["export", "--format", "nquads"],
        ["viz", "--html", "page.html"],
        ["push", "--endpoint", "http://127.0.0.1:9/store", "--retries", "1"],
    ],
)
def test_a_damaged_store_is_one_line_in_every_command(damaged, command, tmp_path):
    result = kg(*command, "--out", str(damaged))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "store" in lines[0] and "run `kg build` again" in lines[0], lines


def test_an_output_folder_under_a_file_is_one_line(tmp_path):
    (tmp_path / "a-file").write_text("")
    result = kg("build", str(SEEDS), "--out", str(tmp_path / "a-file" / "out"), "-q")
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'a-file' / 'out'}: a part of the path is a file, not a folder"


def test_an_unwritable_output_folder_is_one_line(tmp_path, monkeypatch):
    """(Root writes anywhere, so the refusal is the operating system's answer, simulated.)"""

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "out" / "generations"))

    monkeypatch.setattr("kg.store.generations.new_generation", refused)
    monkeypatch.setattr("kg.build.new_generation", refused)
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'out' / 'generations'}: permission denied"


def test_an_unexpected_failure_is_one_line_and_a_log(seeds_build, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("kg.views.track.track", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    result = CliRunner().invoke(cli, ["track", "--out", str(seeds_build)])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: division by zero (an internal error; details in ") and "please report it" in line
    (log,) = (tmp_path / "state" / "govkg").glob("kg-error-*.log")
    assert str(log) in line
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "ZeroDivisionError" in text


def test_no_build_here_is_one_line_in_every_reader(tmp_path):
    for command in (["query", "ASK {}"], ["track"], ["export"], ["viz"], ["serve", "--port", "0"]):
        result = kg(*command, "--out", str(tmp_path / "nothing"))
        assert result.returncode == 1 and "Traceback" not in result.stderr, (command, result.stderr)
        assert "no build output here" in result.stderr, (command, result.stderr)


class _OddServer:
    """A Graph Store endpoint that takes every PUT and answers queries with ``answer``."""

    def __init__(self, answer: tuple[str, bytes]):
        import http.server
        import threading

        content_type, body = answer

        class Handler(http.server.BaseHTTPRequestHandler):
            def _reply(self, status: int, kind: str = "text/plain", data: bytes = b"") -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_PUT(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._reply(201)

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._reply(200, content_type, body)

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.mark.parametrize(
    "answer, message",
    [
        (("text/html", b"<html><body>It works!</body></html>"), "did not answer with SPARQL JSON results"),
        (
            (
                "application/sparql-results+json",
                b'{"head": {"vars": ["g"]}, "results": {"bindings": [{"g": '
                b'{"type": "uri", "value": "https://w3id.org/govkg/ontology"}}]}}',
            ),
            "without a count (?n)",
        ),
    ],
)
def test_push_to_a_server_with_odd_answers_is_one_line(seeds_build, answer, message):
    server = _OddServer(answer)
    try:
        result = kg("push", "--out", str(seeds_build), "--endpoint", f"{server.url}/store", "--force", "--retries", "1")
    finally:
        server.server.shutdown()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr, result.stderr
