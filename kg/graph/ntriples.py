"""N-Triples and N-Quads as bytes, the way a build writes them: line digests for the triples two
reports share, a report's triples put in its graph, the ontology's graph, Turtle without prefixes."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.ontology import ontology_path
from kg.vocab import PREFIXES

ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/govkg/ontology")


def not_yet_written(ntriples: bytes, written: set[bytes]) -> bytes:
    """The N-Triples lines whose digest is not in ``written``, which their digests are added to."""
    kept = []
    for line in dict.fromkeys(ntriples.splitlines(keepends=True)):
        digest = line_digest(line)
        if digest not in written:
            written.add(digest)
            kept.append(line)
    return b"".join(kept)


def line_digest(line: bytes) -> bytes:
    """16 bytes that stand for an N-Triples line in the set of lines written: a build keeps one per
    triple that another report may state again, and the lines themselves (200 bytes and more each)
    made the parent grow with the build (2.6 GB at 5,000 reports). Two lines sharing a digest would
    take 2^64 lines to be likely."""
    return hashlib.blake2b(line, digest_size=16).digest()


class SharedLines:
    """The N-Triples lines about what reports share (places, people, minted indicators), each once, in
    the order first met: their digests in memory, the lines themselves in a file beside the outputs.

    A build meets the same lines in report after report (河北省's label in every Hebei report);
    kept as a dict of lines, they grew the build's memory by some 250 bytes a line (600,000 lines
    at 2,500 reports); as a digest, a third of that.
    """

    def __init__(self, folder: Path):
        self._seen: set[bytes] = set()
        self._file = tempfile.TemporaryFile(dir=folder, prefix=".shared-")

    def add(self, ntriples: bytes) -> None:
        """Keep the lines of ``ntriples`` not met before."""
        self._file.write(not_yet_written(ntriples, self._seen))

    def not_in(self, written: set[bytes]) -> bytes:
        """The lines kept, but for those whose digest is in ``written`` (stated in a report's graph)."""
        self._seen.clear()
        self._file.seek(0)
        kept = b"".join(line for line in self._file if line_digest(line) not in written)
        self._file.close()
        return kept


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
