"""SPARQL over a build's store (or any RDF file), with the contract's prefixes predeclared,
saved analyst queries, readable tables and a time limit.

>>> store = ox.Store()
>>> store.add(ox.Quad(GK.x, RDFS.label, ox.Literal("鲤城区", language="zh")))
>>> print(format_result(run_query('SELECT ?l WHERE { gk:x rdfs:label ?l }', store), "table"))
l
------
鲤城区
"""
from __future__ import annotations

import multiprocessing
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.track import display_width
from kg.vocab import GK, PREFIXES, RDFS  # noqa: F401  (GK, RDFS are used in the doctest)

SAVED_QUERIES = Path(__file__).resolve().parent.parent / "queries"


class QueryError(Exception):
    """A query that cannot be run; ``str()`` is one line (with the position for syntax errors)."""


@dataclass
class QueryResult:
    kind: str                       # "select", "ask" or "graph"
    variables: list[str]
    rows: list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]]
    boolean: bool | None = None
    triples: list[ox.Triple] | None = None


def saved_queries() -> dict[str, Path]:
    """Saved queries by name (file stem), from the project's ``queries/`` folder."""
    folder = Path(os.environ.get("GOVKG_QUERIES", SAVED_QUERIES))
    return {path.stem: path for path in sorted(folder.glob("*.rq"))}


def describe_saved(path: Path) -> str:
    """The question a saved query answers: its first comment line."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


def run_query(query: str, store: ox.Store) -> QueryResult:
    """Run SPARQL with the contract's prefixes predeclared, on the store's default graph (the union)."""
    try:
        result = store.query(query, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError("syntax error: " + _one_line(str(exc))) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(_one_line(str(exc))) from None
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", [], [], boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return QueryResult("graph", [], [], triples=list(result))
    variables = [v.value for v in result.variables]
    rows = [[solution[name] for name in variables] for solution in result]
    return QueryResult("select", variables, rows)


def _one_line(message: str) -> str:
    return re.sub(r"\s+", " ", message).strip()


def _run_in_child(connection, query: str, location: tuple[str, str], output_format: str) -> None:
    try:
        store = _open(location)
        connection.send(("ok", format_result(run_query(query, store), output_format)))
    except (QueryError, FileNotFoundError, ValueError) as exc:
        connection.send(("error", _one_line(str(exc))))
    except Exception as exc:  # report, never a traceback
        connection.send(("error", f"{type(exc).__name__}: {_one_line(str(exc))}"))
    finally:
        connection.close()


def _open(location: tuple[str, str]) -> ox.Store:
    from kg.store import load_file, open_store

    kind, path = location
    return open_store(path) if kind == "build" else load_file(path)


def query_with_timeout(query: str, location: tuple[str, str], output_format: str = "table",
                       timeout: float | None = None) -> str:
    """Run a query against ``("build", OUT_DIR)`` or ``("file", PATH)`` and return the formatted result.

    With a ``timeout`` (seconds) the query runs in a child process that is stopped when time
    runs out (pyoxigraph queries cannot be interrupted from Python).
    """
    if not timeout:
        return format_result(run_query(query, _open(location)), output_format)
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_run_in_child, args=(sender, query, location, output_format), daemon=True)
    child.start()
    sender.close()
    if not receiver.poll(timeout):
        child.terminate()
        child.join(5)
        raise QueryError(f"query stopped after the {timeout:g} s timeout")
    status, payload = receiver.recv()
    child.join(5)
    if status == "error":
        raise QueryError(payload)
    return payload


# --- formats ------------------------------------------------------------------------------

def _term_text(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        value = term.value
        for prefix, namespace in PREFIXES.items():
            if value.startswith(namespace) and re.fullmatch(r"[\w\-.]+", value[len(namespace):] or "-"):
                return f"{prefix}:{value[len(namespace):]}"
        return value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def format_result(result: QueryResult, output_format: str = "table") -> str:
    """``table`` (aligned, wide characters count double), ``csv``, ``tsv``, ``json`` (SPARQL JSON
    results), or for CONSTRUCT/DESCRIBE ``turtle`` (any other format gives Turtle too)."""
    if result.kind == "graph" and output_format in ("csv", "tsv", "json"):
        raise QueryError(f"--format {output_format} is for SELECT and ASK; CONSTRUCT and DESCRIBE give Turtle")
    if result.kind != "graph" and output_format == "turtle":
        raise QueryError("--format turtle is for CONSTRUCT and DESCRIBE; SELECT gives table, csv, tsv or json")
    if result.kind == "graph":
        if output_format in ("ntriples", "nt"):
            return ox.serialize(result.triples, format=ox.RdfFormat.N_TRIPLES).decode()
        return ox.serialize(result.triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode()
    if result.kind == "ask":
        if output_format == "json":
            return '{"head":{},"boolean":' + ("true" if result.boolean else "false") + "}"
        return "true" if result.boolean else "false"
    if output_format in ("csv", "tsv", "json"):
        return _serialize_solutions(result, output_format)
    cells = [result.variables] + [[_term_text(term) for term in row] for row in result.rows]
    widths = [max(display_width(line[i]) for line in cells) for i in range(len(result.variables))]
    lines = []
    for index, line in enumerate(cells):
        lines.append("  ".join(text + " " * (w - display_width(text)) for text, w in zip(line, widths)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * max(w, 1) for w in widths))
    return "\n".join(lines)


def _serialize_solutions(result: QueryResult, output_format: str) -> str:
    import csv
    import io
    import json

    if output_format == "json":
        bindings = []
        for row in result.rows:
            binding = {}
            for name, term in zip(result.variables, row):
                if term is None:
                    continue
                if isinstance(term, ox.NamedNode):
                    binding[name] = {"type": "uri", "value": term.value}
                elif isinstance(term, ox.BlankNode):
                    binding[name] = {"type": "bnode", "value": term.value}
                else:
                    value = {"type": "literal", "value": term.value}
                    if term.language:
                        value["xml:lang"] = term.language
                    elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                        value["datatype"] = term.datatype.value
                    binding[name] = value
            bindings.append(binding)
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t" if output_format == "tsv" else ",", lineterminator="\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if term is None else term.value for term in row])
    return buffer.getvalue().rstrip("\n")

