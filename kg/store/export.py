"""``kg export``: a build's store in a standard RDF format, streamed from the store."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from kg.store.embedded import open_store, report_graphs
from kg.vocab import PREFIXES

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
QUAD_FORMATS = {"trig", "nquads", "jsonld"}


def export_store(
    out_dir: str | Path, rdf_format: str, report: str | None = None, output: str | Path | None = None
) -> None:
    """Write the store (or one report's graph) to ``output`` or stdout.

    Triple formats get the union of the graphs; quad formats keep them.
    """
    store = open_store(out_dir)
    fmt = FORMATS[rdf_format]
    graph = None
    if report:
        matches = [g for g, source in report_graphs(store) if source == report or Path(source).name == report]
        if not matches:
            raise ValueError(f"no report from {report!r} in {out_dir}")
        graph = ox.NamedNode(matches[0])
    prefixes = PREFIXES if rdf_format in ("turtle", "trig") else None
    target = open(output, "wb") if output else sys.stdout.buffer
    try:
        if graph is not None and rdf_format not in QUAD_FORMATS:
            store.dump(target, fmt, from_graph=graph, prefixes=prefixes)
        elif graph is not None:
            quads = store.quads_for_pattern(None, None, None, graph)
            ox.serialize(quads, target, fmt, prefixes=prefixes)
        elif rdf_format in QUAD_FORMATS:
            named = (
                quad
                for graph_name in sorted(store.named_graphs(), key=lambda g: g.value)
                for quad in store.quads_for_pattern(None, None, None, graph_name)
            )
            ox.serialize(named, target, fmt, prefixes=prefixes)
        else:  # the union of the graphs: each triple is in one graph only
            triples = (quad.triple for quad in store.quads_for_pattern(None, None, None, None))
            ox.serialize(triples, target, fmt, prefixes=prefixes)
    finally:
        if output:
            target.close()
