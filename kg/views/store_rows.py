"""Rows of the build's store for the view: SPARQL SELECT results as dicts of shared strings, IRIs
written for a VALUES block, one property as a sub-select, and the reports' file names."""

from __future__ import annotations

from collections import defaultdict
from sys import intern
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.freed_memory import return_freed_memory
from kg.vocab import GK, solutions

if TYPE_CHECKING:
    from kg.store.embedded import BuildStore


def select_rows(store: ox.Store | BuildStore, query: str):
    """The rows of a SELECT query as dicts of strings. A value met in many rows (a place's IRI, a
    class, a year) is one string object, not one a row: the projection's peak at 1,000 reports
    fell from 98 to 72 MB."""
    result = solutions(store, query)
    names = [v.value for v in result.variables]
    for solution in result:
        yield dict(zip(names, [intern(term.value) if term is not None else None for term in solution]))
    # what evaluating the query took (Oxigraph's hash joins of the sub-selects) goes back to the
    # system before the next query: kept, the projection's high-water piled up on it
    del result
    return_freed_memory(collect=False)


def values_block(iris) -> str:
    """IRIs written for a SPARQL VALUES block."""
    return " ".join(str(ox.NamedNode(iri)) for iri in iris)


# The view reads every fact and its sentences, so its queries join the properties by hash: each
# property in a sub-select of its own (``{ SELECT ?f ?year WHERE { ?f gk:year ?year } }``) is one
# scan of that property, which Oxigraph joins by a hash of the rows; as plain triple patterns, each
# is an index lookup a row. At 1,000 reports the fact queries took 7.3 s of lookups, 2 s of scans.


def one_property(subject: str, predicate: ox.NamedNode, variable: str) -> str:
    """A sub-select of one property, which Oxigraph joins by hash (see above)."""
    return f"{{ SELECT ?{subject} ?{variable} WHERE {{ ?{subject} {predicate} ?{variable} }} }}"


def source_files(store: ox.Store | BuildStore) -> dict[str, list[str]]:
    """Each report's file names, read once a projection for ``with_source_files``."""
    files: dict[str, list[str]] = defaultdict(list)
    for row in select_rows(store, f"SELECT ?r ?file WHERE {{ ?r {GK.sourceFile} ?file }}"):
        files[row["r"]].append(row["file"])
    return files


def with_source_files(rows, files: dict[str, list[str]]):
    """``rows`` whose ``r`` is a report, each with ``report``: each file name it came from
    (``source_files``; a generator: a caller keeps only the rows it needs, which at 5,000 reports
    are not all).

    Joined here rather than with ``gk:report/gk:sourceFile`` in the query: oxigraph evaluates the
    path once a row, which made the facts' sentences the slowest query of the view (2.8 s of
    4 s at 1,000 reports; a tenth of that this way).
    """
    return ({**row, "report": file} for row in rows for file in files.get(row["r"], ()))
