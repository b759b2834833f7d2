"""SPARQL over a build's store (or any RDF file), with the contract's prefixes predeclared,
saved analyst queries with parameters, readable tables and a time limit.

Tables write terms the way a query would: language tags and datatypes show, so a value can
be copied into a query as it stands (plain strings stay bare; csv, tsv and json keep the values).

>>> store = ox.Store()
>>> store.add(ox.Quad(GK.x, RDFS.label, ox.Literal("鲤城区", language="zh")))
>>> store.add(ox.Quad(GK.x, GK.year, ox.Literal("2024", datatype=XSD.gYear)))
>>> print(format_result(run_query('SELECT ?l ?y WHERE { gk:x rdfs:label ?l ; gk:year ?y }', store), "table"))
l            y
-----------  -----------------
"鲤城区"@zh  "2024"^^xsd:gYear
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

if TYPE_CHECKING:
    from kg.store.embedded import BuildStore

from kg.store.query_messages import explain_syntax_error, one_line
from kg.store.sparql_text import refuse_federation
from kg.text_width import display_width
from kg.vocab import GK, PREFIXES, RDFS, XSD, serialized  # noqa: F401  (GK, RDFS are used in the doctest)

SAVED_QUERIES = Path(__file__).resolve().parents[2] / "queries"


class QueryError(Exception):
    """A query that cannot be run; ``str()`` is one line, but for a syntax error three: the position
    and what is wrong, the query's line and a caret under the place."""


@dataclass
class QueryResult:
    kind: str  # "select", "ask" or "graph"
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


# --- parameters -----------------------------------------------------------------------------
#
# A saved query declares its parameters in its header, one line each:
#
#   # @param place  literal@zh  The place's name (rdfs:label, Simplified)  default: 鲤城区
#
# and holds its default as a VALUES line in its body, so that the file alone gives the same
# answer in any SPARQL store (a parameter without a default has ``VALUES ?year { UNDEF }``,
# which matches every year):
#
#   VALUES ?place { "鲤城区"@zh }
#
# ``kg query --param place=清苑区`` rewrites that one line with a term pyoxigraph builds and
# writes, "清苑区"@zh, so a value is always data: '"} ; DROP' becomes "\"} ; DROP"@zh and can
# never change the query. (pyoxigraph's ``substitutions`` would do, but only for variables the
# query projects, and ?place is not a column of place_targets_and_outcomes.)


@dataclass(frozen=True)
class Parameter:
    name: str  # binds ?name
    kind: str  # literal@zh (any literal@LANG), string, gYear, integer, decimal, IRI
    description: str
    default: str | None  # None: any value (VALUES ?name { UNDEF })


_PARAMETER_LINE = re.compile(
    r"#\s*@param\s+(?P<name>[A-Za-z_]\w*)\s+(?P<kind>\S+)\s*(?P<description>.*?)"
    r"(?:\s*\bdefault:\s*(?P<default>\S.*?))?\s*"
)
_PARAMETER_KINDS = ("literal@LANG", "string", "gYear", "integer", "decimal", "IRI")


def declared_parameters(query: str) -> list[Parameter]:
    """The ``# @param`` lines of a query's header (the comments before its first statement)."""
    parameters = []
    for line in query.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        if not re.match(r"#\s*@param\b", stripped):
            continue
        if not (match := _PARAMETER_LINE.fullmatch(stripped)):
            raise QueryError(f"{stripped!r}: write '# @param NAME TYPE DESCRIPTION  default: VALUE'")
        parameter = Parameter(match["name"], match["kind"], match["description"], match["default"])
        if parameter.kind not in _PARAMETER_KINDS and not re.fullmatch(
            r"literal@[A-Za-z]+(-[A-Za-z0-9]+)*", parameter.kind
        ):
            raise QueryError(
                f"@param {parameter.name}: unknown type {parameter.kind!r} (one of {', '.join(_PARAMETER_KINDS)})"
            )
        parameters.append(parameter)
    return parameters


def describe_parameters(query: str) -> list[str]:
    """One line per parameter, for ``kg query --list``:
    ``--param place  literal@zh, default 鲤城区: The place's name (rdfs:label, Simplified)``."""
    try:
        parameters = declared_parameters(query)
    except QueryError as exc:  # --list still lists the other queries
        return [f"(cannot read the parameters: {exc})"]
    return [f"--param {p.name}  {p.kind}, default {p.default or 'any'}: {p.description}" for p in parameters]


def parse_param_options(options: tuple[str, ...] | list[str]) -> dict[str, list[str]]:
    """``("place=清苑区", "year=2024")`` → ``{"place": ["清苑区"], "year": ["2024"]}``; a name given
    twice gives two values (VALUES matches either)."""
    values: dict[str, list[str]] = {}
    for option in options:
        name, equals, value = option.partition("=")
        if not equals or not re.fullmatch(r"[A-Za-z_]\w*", name.strip()) or not value.strip():
            raise QueryError(f"--param {option!r}: write NAME=VALUE, e.g. --param place=清苑区")
        values.setdefault(name.strip(), []).append(value.strip())
    return values


def parameter_term(parameter: Parameter, value: str) -> ox.NamedNode | ox.Literal:
    """The RDF term for a parameter's value, by its declared type: 清苑区 → "清苑区"@zh,
    2024 → "2024"^^xsd:gYear, ind:GDP → <https://w3id.org/govkg/indicator/GDP>."""
    kind = parameter.kind
    if kind.startswith("literal@"):
        language = kind.split("@", 1)[1]
        if language == "zh":  # the graph's labels are Simplified: 清苑區 finds 清苑区
            import zhconv_rs

            value = zhconv_rs.zhconv(value, "zh-hans")
        return ox.Literal(value, language=language)
    if kind == "string":
        return ox.Literal(value)
    if kind == "gYear":
        if not re.fullmatch(r"-?\d{4}", value):
            raise QueryError(f"--param {parameter.name}={value}: not a year (gYear), e.g. 2024")
        return ox.Literal(value, datatype=XSD.gYear)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise QueryError(f"--param {parameter.name}={value}: not an integer, e.g. 10")
        return ox.Literal(str(int(value)), datatype=XSD.integer)
    if kind == "decimal":
        if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", value):
            raise QueryError(f"--param {parameter.name}={value}: not a number, e.g. 8 or 6.5")
        return ox.Literal(value, datatype=XSD.decimal)
    # IRI: a prefixed name (ind:GDP) with one of the predeclared prefixes, or a whole IRI
    prefix, colon, local = value.partition(":")
    iri = PREFIXES[prefix] + local if colon and prefix in PREFIXES else value.removeprefix("<").removesuffix(">")
    try:
        if not re.match(r"[A-Za-z][\w+.-]*:", iri):
            raise ValueError("relative")
        return ox.NamedNode(iri)
    except ValueError:
        raise QueryError(
            f"--param {parameter.name}={value}: not an IRI; write a prefixed name such as ind:GDP or a whole IRI"
        ) from None


def bind_parameters(query: str, values: dict[str, list[str]], source: str = "the query") -> str:
    """The query with each declared parameter's VALUES line set to the given values (or the default).

    Unknown names, values that are not of the declared type, and a declared parameter whose
    VALUES line is missing raise ``QueryError`` with one line.
    """
    parameters = {p.name: p for p in declared_parameters(query)}
    for name in values:
        if name not in parameters:
            have = f"its parameters: {', '.join(parameters)}" if parameters else "it declares no parameters"
            raise QueryError(f"--param {name}: {source} has no parameter {name!r} ({have})")
    for name, parameter in parameters.items():
        given = values.get(name) or ([parameter.default] if parameter.default is not None else [])
        terms = " ".join(str(parameter_term(parameter, value)) for value in given) or "UNDEF"
        line = re.compile(rf"^([ \t]*)VALUES[ \t]+\?{name}[ \t]*\{{[^{{}}\n]*\}}", re.MULTILINE | re.IGNORECASE)
        found = list(line.finditer(query))
        if len(found) != 1:
            raise QueryError(f"{source} declares @param {name} but has no line 'VALUES ?{name} {{ … }}' to bind it")
        start, end, indent = found[0].start(), found[0].end(), found[0][1]
        query = query[:start] + f"{indent}VALUES ?{name} {{ {terms} }}" + query[end:]
    return query


def run_query(query: str, store: ox.Store | BuildStore) -> QueryResult:
    """Run SPARQL with the contract's prefixes predeclared, on the store's default graph (the union)
    or the dataset the query names; a query that federates (SERVICE) is refused."""
    try:
        refuse_federation(query)
        result = store.query(query, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(explain_syntax_error(query, str(exc))) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(one_line(str(exc))) from None
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", [], [], boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return QueryResult("graph", [], [], triples=list(result))
    variables = [v.value for v in result.variables]
    # a solution iterates its values in the order of the variables (by name, each value is a lookup:
    # 0.15 s of 1.6 s for the 20,000 rows of estimated_outcomes at 5,000 reports)
    rows = [list(solution) for solution in result]
    return QueryResult("select", variables, rows)


def found_nothing(result: QueryResult) -> bool:
    """A SELECT without rows or an ASK that is false (when ``empty_result_hint`` may help)."""
    return (result.kind == "select" and not result.rows) or (result.kind == "ask" and not result.boolean)


def _answer(query: str, store: ox.Store | BuildStore, output_format: str) -> tuple[str, bool]:
    result = run_query(query, store)
    return format_result(result, output_format), found_nothing(result)


def _run_in_child(connection, query: str, location: tuple[str, str], output_format: str) -> None:
    try:
        store = _open(location)
        connection.send(("ok", _answer(query, store, output_format)))
    except QueryError as exc:  # a syntax error keeps its lines (the query's line and the caret)
        connection.send(("error", str(exc)))
    except (FileNotFoundError, ValueError) as exc:
        connection.send(("error", one_line(str(exc))))
    except Exception as exc:  # report, never a traceback
        connection.send(("error", f"{type(exc).__name__}: {one_line(str(exc))}"))
    finally:
        connection.close()


def _open(location: tuple[str, str]) -> ox.Store | BuildStore:
    from kg.store.embedded import load_file, open_store

    kind, path = location
    return open_store(path) if kind == "build" else load_file(path)


def query_with_timeout(
    query: str, location: tuple[str, str], output_format: str = "table", timeout: float | None = None
) -> tuple[str, bool]:
    """Run a query against ``("build", OUT_DIR)`` or ``("file", PATH)``; return the formatted result
    and whether it found nothing (see ``found_nothing``).

    With a ``timeout`` (seconds) the query runs in a child process that is stopped when time
    runs out (pyoxigraph queries cannot be interrupted from Python).
    """
    if not timeout:
        return _answer(query, _open(location), output_format)
    context: Any = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
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


@functools.lru_cache(maxsize=4096)
def _iri_value_text(value: str) -> str | None:
    # cached: a table repeats a few IRIs (gk:Level, ind:GDP) in every row
    for prefix, namespace in PREFIXES.items():
        if value.startswith(namespace) and _LOCAL_NAME.fullmatch(value[len(namespace) :] or "-"):
            return f"{prefix}:{value[len(namespace) :]}"
    return None


def _iri_text(node: ox.NamedNode) -> str | None:
    """gk:Growth for a node in one of the predeclared namespaces, else None."""
    return _iri_value_text(node.value)


_LOCAL_NAME = re.compile(r"[\w\-.]+")
# Datatypes Turtle and SPARQL write bare, with the lexical forms they accept bare.
_BARE_LITERALS = {
    str(XSD) + local: re.compile(form)
    for local, form in {
        "integer": r"[+-]?\d+",
        "decimal": r"[+-]?\d*\.\d+",
        "boolean": r"true|false",
        "double": r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+",
    }.items()
}
_XSD_STRING = XSD.string.value
_XSD_DECIMAL = str(XSD) + "decimal"


def _literal_text(literal: ox.Literal) -> str:
    """A literal as a query would write it, so it can be copied into one: "鲤城区"@zh,
    "2024"^^xsd:gYear, 6.5, 6.0 (a decimal), true; a plain string stays bare (政府工作报告)."""
    if literal.language:
        return str(literal)
    datatype = literal.datatype
    if datatype.value == _XSD_STRING:
        return literal.value
    bare = _BARE_LITERALS.get(datatype.value)
    if bare is not None:
        value = literal.value + (".0" if datatype.value == _XSD_DECIMAL and literal.value.isdigit() else "")
        if bare.fullmatch(value):
            return value
    return f"{ox.Literal(literal.value)}^^{_iri_text(datatype) or str(datatype)}"


def _term_text(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _iri_text(term) or term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return _literal_text(term)
    return str(term)  # a quoted triple


def format_result(result: QueryResult, output_format: str = "table") -> str:
    """``table`` (aligned, wide characters count double), ``csv``, ``tsv``, ``json`` (SPARQL JSON
    results), or for CONSTRUCT/DESCRIBE ``turtle`` (any other format gives Turtle too)."""
    if result.kind == "graph" and output_format in ("csv", "tsv", "json"):
        raise QueryError(f"--format {output_format} is for SELECT and ASK; CONSTRUCT and DESCRIBE give Turtle")
    if result.kind != "graph" and output_format == "turtle":
        raise QueryError("--format turtle is for CONSTRUCT and DESCRIBE; SELECT gives table, csv, tsv or json")
    if result.kind == "graph":
        if output_format in ("ntriples", "nt"):
            return serialized(result.triples or [], ox.RdfFormat.N_TRIPLES).decode()
        return serialized(result.triples or [], ox.RdfFormat.TURTLE, PREFIXES).decode()
    if result.kind == "ask":
        if output_format == "json":
            return '{"head":{},"boolean":' + ("true" if result.boolean else "false") + "}"
        return "true" if result.boolean else "false"
    if output_format in ("csv", "tsv", "json"):
        return _serialize_solutions(result, output_format)
    cells = [result.variables] + [[_term_text(term) for term in row] for row in result.rows]
    cell_widths = [[display_width(text) for text in line] for line in cells]  # once a cell: 11,745 sentences
    widths = [max(line[i] for line in cell_widths) for i in range(len(result.variables))]
    lines = []
    for index, (line, line_widths) in enumerate(zip(cells, cell_widths)):
        padded = (text + " " * (w - own) for text, own, w in zip(line, line_widths, widths))
        lines.append("  ".join(padded).rstrip())
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
        # one solution a line, each dumped compact: json's indenting encoder is pure Python, 0.3 s
        # for the 20,000 rows of estimated_outcomes at 5,000 reports
        head = json.dumps({"vars": result.variables}, ensure_ascii=False)
        lines = ",\n".join(json.dumps(binding, ensure_ascii=False) for binding in bindings)
        return f'{{"head": {head},\n"results": {{"bindings": [\n{lines}\n]}}}}'
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t" if output_format == "tsv" else ",", lineterminator="\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if term is None else term.value for term in row])
    return buffer.getvalue().rstrip("\n")
