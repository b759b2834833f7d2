"""``kg serve``: a read-only SPARQL endpoint over a build's store, on the loopback interface.

It answers the SPARQL 1.1 protocol (``GET /query?query=…``, ``POST`` as a form or as
``application/sparql-query``) with the formats negotiated by ``Accept``. Three things set it
apart from a general-purpose server:

- it never reaches the network: a query with ``SERVICE`` is refused (400), so a web page on the
  user's machine cannot make it fetch addresses of its choosing;
- it follows rebuilds: each request checks which output generation is current and moves to a
  new one when a build has finished, letting the old one go (see ``kg.store.generations``);
- it answers only requests addressed to the loopback names (``Host: 127.0.0.1:PORT`` or
  ``localhost:PORT``), so a page whose host name is rebound to 127.0.0.1 cannot read the data.

Updates are refused (403): the store belongs to ``kg build``.
"""

from __future__ import annotations

import shutil
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.store.embedded import BuildStore, open_store
from kg.store.generations import current_generation
from kg.store.sparql_text import FederationRefused
from kg.vocab import PREFIXES

MAX_QUERY_BYTES = 1_000_000
_SOLUTION_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
_PAGE = """<!doctype html><meta charset="utf-8"><title>govkg SPARQL endpoint</title>
<h1>govkg · read-only SPARQL endpoint</h1>
<form action="/query" method="get"><textarea name="query" rows="12" cols="100">
SELECT ?report ?file WHERE { ?report a gk:Report ; gk:sourceFile ?file } LIMIT 20</textarea><br>
<button>Run (JSON results)</button></form>
<p>The contract's prefixes (gk:, rdfs:, skos:…) are predeclared. SERVICE is refused: this endpoint never
reaches the network. Send <code>Accept: text/csv</code> for CSV.</p>
"""


def oxigraph_binary() -> str:
    """Oxigraph's own server binary (the ``oxigraph`` wheel): beside this Python first, then on PATH.

    ``kg serve`` does not run it (it federates and cannot be told not to); the loading tests
    start it as a real triple store to push to.
    """
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise FileNotFoundError("the oxigraph server binary is not installed (pip install oxigraph)")
    return found


class Endpoint:
    """Answers SPARQL queries on the current generation of the build in ``out_dir``."""

    def __init__(self, out_dir: str | Path):
        self.out = Path(out_dir)
        self._store = open_store(self.out)
        self._previous: BuildStore | None = None
        self._switching = threading.Lock()

    @property
    def generation(self) -> Path:
        return self._store.reader.path if self._store.reader else self.out

    def store(self) -> BuildStore:
        """The store of the current generation, reopened when a build has made a new one current."""
        current = current_generation(self.out)
        if current is not None and current.path != self.generation:
            with self._switching:
                if current.path != self.generation:
                    fresh = open_store(self.out)
                    # the one before stays held until the next switch: a query may still be reading it
                    if self._previous is not None:
                        self._previous.close()
                    self._previous, self._store = self._store, fresh
        return self._store

    def answer(self, query: str, accept: str = "") -> tuple[int, str, bytes]:
        """(HTTP status, content type, body) for a query."""
        try:
            result = self.store().query(query, prefixes=PREFIXES)
        except FederationRefused as exc:
            return 400, "text/plain; charset=utf-8", f"{exc}\n".encode()
        except SyntaxError as exc:
            return 400, "text/plain; charset=utf-8", f"query syntax error: {exc}\n".encode()
        except (OSError, RuntimeError, ValueError) as exc:
            return 500, "text/plain; charset=utf-8", f"query failed: {exc}\n".encode()
        if isinstance(result, ox.QueryTriples):
            media, rdf_format = _negotiate(accept, _GRAPH_FORMATS, "text/turtle")
            return 200, f"{media}; charset=utf-8", result.serialize(format=rdf_format) or b""
        media, results_format = _negotiate(accept, _SOLUTION_FORMATS, "application/sparql-results+json")
        return 200, f"{media}; charset=utf-8", result.serialize(format=results_format) or b""


def _negotiate(accept: str, formats: dict, default: str) -> tuple[str, Any]:
    """The first media type in ``Accept`` (by q-value) that ``formats`` has; the default for */*."""
    ranked = []
    for position, item in enumerate(accept.split(",")):
        media, *parameters = [part.strip() for part in item.split(";")]
        q = next((p[2:] for p in parameters if p.startswith("q=")), "1")
        try:
            ranked.append((-float(q), position, media.lower()))
        except ValueError:
            continue
    for _, _, media in sorted(ranked):
        if media in formats:
            return media, formats[media]
    return default, formats[default]


class EndpointServer(ThreadingHTTPServer):
    """The endpoint's HTTP server on 127.0.0.1 (one thread a request)."""

    daemon_threads = True

    def __init__(self, endpoint: Endpoint, port: int):
        super().__init__(("127.0.0.1", port), _Handler)
        self.endpoint = endpoint
        self.allowed_hosts = {f"127.0.0.1:{self.server_address[1]}", f"localhost:{self.server_address[1]}"}


def make_server(out_dir: str | Path, port: int) -> EndpointServer:
    """The endpoint's HTTP server on 127.0.0.1:``port`` (0: any free port), not yet serving:
    call ``serve_forever``. ``FileNotFoundError`` when there is no build in ``out_dir``."""
    return EndpointServer(Endpoint(out_dir), port)


class _Handler(BaseHTTPRequestHandler):
    server: EndpointServer
    server_version = "govkg"

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if not self._addressed_to_us():
            return
        if url.path in ("/", "/index.html"):
            self._send(200, "text/html; charset=utf-8", _PAGE.encode())
        elif url.path == "/query":
            query = parse_qs(url.query).get("query")
            if not query:
                self._send(400, "text/plain; charset=utf-8", b"missing query parameter\n")
            else:
                self._send(*self.server.endpoint.answer(query[0], self.headers.get("Accept", "")))
        elif url.path == "/update":
            self._read_only()
        else:
            self._send(404, "text/plain; charset=utf-8", b"not found: the endpoint is /query\n")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if not self._addressed_to_us():
            return
        if url.path != "/query":
            if url.path in ("/update", "/store"):
                self._read_only()
            else:
                self._send(404, "text/plain; charset=utf-8", b"not found: the endpoint is /query\n")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_QUERY_BYTES:
            self._send(413, "text/plain; charset=utf-8", b"query too large\n")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind == "application/sparql-query":
            query = body
        elif kind == "application/sparql-update" or "update" in parse_qs(body):
            self._read_only()
            return
        else:
            query = (parse_qs(body).get("query") or [""])[0]
        if not query:
            self._send(400, "text/plain; charset=utf-8", b"missing query\n")
            return
        self._send(*self.server.endpoint.answer(query, self.headers.get("Accept", "")))

    def do_PUT(self) -> None:
        self._read_only()

    do_DELETE = do_PATCH = do_PUT

    def _addressed_to_us(self) -> bool:
        if self.headers.get("Host", "") in self.server.allowed_hosts:
            return True
        self._send(403, "text/plain; charset=utf-8", b"requests must be addressed to 127.0.0.1 or localhost\n")
        return False

    def _read_only(self) -> None:
        self._send(403, "text/plain; charset=utf-8", b"read-only endpoint: kg build writes the store\n")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002  (the base class's name)
        pass  # quiet: the terminal shows what the CLI prints
