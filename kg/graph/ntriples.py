"""N-Triples and N-Quads as bytes, the way a build writes them: the lines about what reports share,
a report's triples put in its graph, the ontology's graph, Turtle without prefixes."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.graph.scratch import LineSet, Scratch
from kg.ontology import ontology_path
from kg.vocab import PREFIXES

ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/govkg/ontology")
CHUNK_LINES = 50_000  # of the entities graph, parsed and written as Turtle at a time (some 8 MB)


class SharedLines:
    """The N-Triples lines about what reports share (places, people, minted indicators), each once, in
    the order first met: which were met in a ``LineSet`` on disk, the lines themselves in a file
    beside the outputs.

    A build meets the same lines in report after report (河北省's label in every Hebei report):
    600,000 distinct lines at 2,500 reports, whose digests alone took some 50 MB in memory.
    """

    def __init__(self, scratch: Scratch, folder: Path):
        self._seen = LineSet(scratch, "shared")
        self._file = tempfile.TemporaryFile(dir=folder, prefix=".shared-")

    def add(self, ntriples: bytes) -> None:
        """Keep the lines of ``ntriples`` not met before."""
        self._file.write(self._seen.add_new(ntriples))

    def not_in(self, written: LineSet) -> Iterator[bytes]:
        """The lines kept but those in ``written`` (stated in a report's graph), in chunks of about
        ``CHUNK_LINES`` lines that end where the subject changes: Turtle writes a subject's
        consecutive triples together, so the chunks' Turtle joined is that of all the lines."""
        lines_a_chunk = CHUNK_LINES
        self._file.seek(0)
        chunk: list[bytes] = []
        subject = b""
        for line in written.not_in(self._file):
            line_subject = line[: line.find(b" ")]
            if len(chunk) >= lines_a_chunk and line_subject != subject:
                yield b"".join(chunk)
                chunk = []
            chunk.append(line)
            subject = line_subject
        if chunk:
            yield b"".join(chunk)
        self._file.close()


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
