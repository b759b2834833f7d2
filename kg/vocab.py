"""RDF vocabularies as namespace objects, so no IRI string is spelled out elsewhere."""
from __future__ import annotations

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
