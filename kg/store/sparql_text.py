"""What a SPARQL query's text asks for beyond its patterns: federation (SERVICE) and its own dataset (FROM).

pyoxigraph answers ``SERVICE <http://…>`` by sending an HTTP request from the process that
runs the query, and ``SERVICE SILENT`` hides any failure: a page on the user's machine could
make ``kg serve`` fetch addresses of its choosing, and a query would break "no network". So
queries that federate are refused before they run. Found on the query's words, with strings,
IRIs and comments taken out, so that ``"SERVICE"`` in a literal or ``ex:SERVICE`` are not.

A build's queries read the union of its graphs by default; a query that names its own dataset
(``FROM <g>`` or ``FROM NAMED <g>``) reads that dataset instead, as SPARQL says.
"""

from __future__ import annotations

import re

# Strings (long ones first), IRIs and comments, which may hold any of the words below.
_NOT_WORDS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*",
    re.DOTALL,
)
# a keyword, not a variable (?service), a prefixed name's part (ex:service, service:x) or a longer word
_KEYWORD = r"(?<![\w:?$-]){}(?![\w:-])"
_SERVICE = re.compile(_KEYWORD.format("SERVICE"), re.IGNORECASE)
_FROM = re.compile(_KEYWORD.format("FROM"), re.IGNORECASE)


class FederationRefused(ValueError):
    """A query that would make the process fetch another endpoint (SERVICE)."""


def _words(query: str) -> str:
    """The query with its strings, IRIs and comments blanked out (same length, so offsets hold)."""
    return _NOT_WORDS.sub(lambda m: " " * len(m.group(0)), query)


def _keyword_in(keyword: re.Pattern, query: str) -> bool:
    """Whether ``keyword`` is a word of the query. Blanking only takes words out, so a query whose
    raw text lacks it lacks it as a word too: the view's queries, with thousands of IRIs in VALUES,
    are not blanked (at 1,000 reports that took 0.1 s of the view)."""
    return keyword.search(query) is not None and keyword.search(_words(query)) is not None


def uses_service(query: str) -> bool:
    """Whether the query federates (``SERVICE``).

    >>> uses_service('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    True
    >>> uses_service('SELECT * WHERE { ?s rdfs:label "SERVICE" . ?s ex:service ?service } # SERVICE')
    False
    """
    return _keyword_in(_SERVICE, query)


def names_dataset(query: str) -> bool:
    """Whether the query names its own dataset (``FROM`` or ``FROM NAMED``).

    >>> names_dataset('SELECT ?s FROM <urn:g> WHERE { ?s ?p ?o }')
    True
    >>> names_dataset('SELECT ?s WHERE { ?s rdfs:label "from" ; ex:from ?x }')
    False
    """
    return _keyword_in(_FROM, query)


def refuse_federation(query: str) -> None:
    """Raise ``FederationRefused`` (one line) for a query that uses SERVICE."""
    if uses_service(query):
        raise FederationRefused(
            "SERVICE is not allowed: govkg queries never reach the network; "
            "load the other data with --data, or push the build to a store that federates"
        )
