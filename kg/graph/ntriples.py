"""N-Triples and N-Quads as bytes, the way a build writes them: the lines about what reports share,
a report's triples put in its graph, the ontology's graph, Turtle without prefixes."""

from __future__ import annotations

import pyoxigraph as ox

from kg.ontology import ontology_path
from kg.vocab import PREFIXES

ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/govkg/ontology")


def in_graph(ntriples: bytes, graph: ox.NamedNode) -> bytes:
    """N-Triples text as N-Quads in ``graph``: a line ends with " .\\n" and nowhere else, since
    N-Triples escapes line breaks inside literals. Much faster than making a Quad per triple."""
    return ntriples.replace(b" .\n", f" <{graph.value}> .\n".encode())


def ontology_quads() -> list[ox.Quad]:
    """The ontology's triples in their own graph; blank nodes get stable names so builds stay identical."""
    quads = []
    stable: dict[ox.BlankNode, ox.BlankNode] = {}

    def name(term):
        if isinstance(term, ox.BlankNode):
            return stable.setdefault(term, ox.BlankNode(f"ontology{len(stable)}"))
        return term

    for file_name in ("govkg.ttl", "indicators.ttl"):
        for triple in ox.parse(path=str(ontology_path(file_name)), format=ox.RdfFormat.TURTLE):
            quads.append(ox.Quad(name(triple.subject), triple.predicate, name(triple.object), ONTOLOGY_GRAPH))
    return list(dict.fromkeys(quads))  # both files declare the indicator scheme


def turtle_prefix_block() -> bytes:
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()).encode() + b"\n"


def strip_prefixes(turtle: bytes) -> bytes:
    """Turtle without its @prefix lines, which the serialiser writes first."""
    start = 0
    while turtle.startswith(b"@prefix ", start):
        start = turtle.index(b"\n", start) + 1
    text = turtle[start:].strip(b"\n")
    return text + b"\n\n" if text else b""


def turtle_body(turtle: bytes) -> bytes:
    """Turtle without its @prefix lines and with no blank line after it: the Turtle of consecutive
    runs of triples (each subject's triples in one run) written one after the other is the Turtle
    of them all, which ``strip_prefixes`` ends with a blank line."""
    return strip_prefixes(turtle)[:-1]
