"""RDF vocabularies as namespace objects, so no IRI string is spelled out elsewhere."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox


class Namespace(str):
    """A namespace IRI; attribute or item access gives a ``pyoxigraph.NamedNode``.

    >>> GK.Report.value
    'https://w3id.org/govkg/ontology#Report'
    """

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        node = ox.NamedNode(self + name)
        self.__dict__[name] = node  # later lookups find it without calling __getattr__ (hot in RDF output)
        return node

    def __getitem__(self, name: str) -> ox.NamedNode:  # type: ignore[override]
        return ox.NamedNode(self + name)


GK = Namespace("https://w3id.org/govkg/ontology#")
IND = Namespace("https://w3id.org/govkg/indicator/")
DEFAULT_DATA_BASE = "https://w3id.org/govkg/id/"

RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SCHEMA = Namespace("https://schema.org/")
QUDT_UNIT = Namespace("http://qudt.org/vocab/unit/")
QUDT_CURRENCY = Namespace("http://qudt.org/vocab/currency/")
QB = Namespace("http://purl.org/linked-data/cube#")

PREFIXES = {
    "gk": str(GK),
    "ind": str(IND),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "unit": str(QUDT_UNIT),
    "cur": str(QUDT_CURRENCY),
    "qb": str(QB),
}


def serialized(
    items: Iterable[ox.Triple] | Iterable[ox.Quad], rdf_format: ox.RdfFormat, prefixes: dict[str, str] | None = None
) -> bytes:
    """``pyoxigraph.serialize`` into bytes (its type says ``bytes | None``: None when it writes to a file).

    >>> serialized([ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"))], ox.RdfFormat.N_TRIPLES)
    b'<urn:a> <urn:b> "c" .\\n'
    """
    data = ox.serialize(items, format=rdf_format, prefixes=prefixes)
    assert data is not None
    return data


def solutions(store: Any, query: str) -> ox.QuerySolutions:
    """The rows of a SELECT query on a store (``TypeError`` for another form: the program's own query is wrong).

    >>> [row["o"].value for row in solutions(ox.Store(), "SELECT ?o WHERE { BIND(1 AS ?o) }")]
    ['1']
    """
    result = store.query(query)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("not a SELECT query")
    return result
