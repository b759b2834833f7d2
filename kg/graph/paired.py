"""One place's targets paired with outcomes, as a build writes them, and kept for the next build.

A target meets only outcomes of its own place, so a build pairs the stated facts one place at a
time (``kg.graph.scratch``): the assessments, the files that claim one report, and the place's
lines of the assessments graph in N-Quads and Turtle. What a place gave depends only on its
facts (as the reports' workers packed them), the tolerance, the base IRI and the code, so the
next build takes it from the cache when those are the same: adding a report to a thousand
re-pairs one place, not a thousand (unpickling every place's facts, pairing and serialising them
took 0.15 s of adding one report to 999).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from kg.graph.assess import StatedFact, assess
from kg.graph.conflicts import Conflict, conflicts
from kg.graph.ntriples import turtle_body
from kg.graph.rdf import IriMinter, assessment_triples
from kg.vocab import PREFIXES, serialized


@dataclass(frozen=True)
class PlacePaired:
    """What pairing one place's facts gave: counts, conflicts, and its assessments graph lines."""

    assessed: int
    met: int
    triples: int
    conflicts: tuple[Conflict, ...]
    nquads: bytes  # in the assessments graph
    turtle: bytes  # (without prefixes)


def pair_place(items: list[StatedFact], tolerance: Decimal, base: str) -> PlacePaired:
    """Pair one place's facts (``StatedByPlace.facts_of``) and write its assessments graph lines."""
    assessments = assess(items, tolerance)
    judged = assessment_triples(assessments, base)
    graph = IriMinter(base).assessments_graph()
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in judged]
    return PlacePaired(
        assessed=len(assessments),
        met=sum(1 for a in assessments if a.met),
        triples=len(judged),
        conflicts=tuple(conflicts(items)),
        nquads=serialized(quads, ox.RdfFormat.N_QUADS) if judged else b"",
        turtle=turtle_body(serialized(judged, ox.RdfFormat.TURTLE, PREFIXES)) if judged else b"",
    )


def paired_key(facts_digest: str, tolerance: Decimal, base: str, version: str) -> str:
    """The cache's entry for a place whose packed facts have ``facts_digest``, paired with this
    tolerance and base IRI by code of this ``version`` (``kg.report_cache.extractor_version``)."""
    return hashlib.sha256(f"paired place\0{facts_digest}\0{tolerance}\0{base}\0{version}".encode()).hexdigest()
