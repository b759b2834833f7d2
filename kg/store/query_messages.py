"""What `kg query` says when a query cannot run or finds nothing: a syntax error with its line,
column and a caret under the spot, and a hint when a plain literal in a pattern is why nothing
matched (labels are ``"清苑区"@zh``, years ``"2016"^^xsd:gYear``).
"""

from __future__ import annotations

import re

from kg.text_width import display_width


def one_line(message: str) -> str:
    """A message on one line, its runs of white space made single spaces."""
    return re.sub(r"\s+", " ", message).strip()


# SPARQL's tokens, as far as the syntax messages and the hints need them.
_TOKEN = re.compile(
    r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<datatype>\^\^)
  | (?P<number>(?:\d+\.\d+|\.\d+|\d+)(?:[eE][+-]?\d+)?)
  | (?P<variable>[?$]\w+)
  | (?P<name>[\w-]*:(?:[\w.:%-]*[\w:%-])?|\w+)      # prefixed names (gk:year), keywords and 'a'
  | (?P<punctuation>\S)
''',
    re.VERBOSE,
)


def _tokens(query: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) of every token but comments."""
    return [(m.lastgroup or "", m.group(), m.start()) for m in _TOKEN.finditer(query) if m.lastgroup != "comment"]


def explain_syntax_error(query: str, message: str) -> str:
    """pyoxigraph's ``error at 2:18: expected one of ABS, AVG, …`` as three lines: the position and
    a short reason, the query's line, and a caret under the column.

    >>> query = 'SELECT ?p WHERE { ?p rdfs:label "鲤城区"@zh ; gkk:year ?y }'
    >>> print(explain_syntax_error(query, "error at 1:52: expected one of OPTIONAL, Prefix not found, ['%']"))
    syntax error at line 1, column 44: unknown prefix gkk: (declare it: PREFIX gkk: <…>)
      SELECT ?p WHERE { ?p rdfs:label "鲤城区"@zh ; gkk:year ?y }
                                                    ^
    """
    position = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if not position:
        return "syntax error: " + one_line(message)
    lines = query.split("\n")
    line_number, column, expected = int(position[1]), int(position[2]), position[3]
    offset = sum(len(line) + 1 for line in lines[: line_number - 1]) + column - 1
    reason = "the query cannot be read from here"
    first_word = next(
        (
            (text, start)
            for kind, text, start in _tokens(query)
            if kind == "name" and text.upper() not in ("PREFIX", "BASE") and ":" not in text
        ),
        None,
    )
    if first_word and first_word[0].upper() not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        # pyoxigraph places "SELEC ?x" at the end of the query; the misspelt word is the trouble
        offset = first_word[1]
        reason = f"a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE, not {first_word[0]}"
    elif "Prefix not found" in expected and (prefixed := re.search(r"(\w[\w.-]*)?:[\w.-]*$", query[:offset])):
        offset, name = prefixed.start(), prefixed[1] or ""  # the caret under the name, not after it
        reason = f"unknown prefix {name}: (declare it: PREFIX {name}: <…>)"
    elif "IRI parsing failed" in expected:
        offset = max(query.rfind("<", 0, offset), 0)
        reason = 'not a valid IRI (no spaces or <>"{}|^` inside <…>)'
    elif offset >= len(query.rstrip()):
        reason = "the query is incomplete: is a term, quote, bracket or brace missing?"
    start_of_line = query.rfind("\n", 0, offset) + 1
    line_number = query.count("\n", 0, offset) + 1
    column = offset - start_of_line + 1
    line = lines[line_number - 1].rstrip("\r").replace("\t", " ")
    # a long line (a whole query written on one line) is cut around the column
    cut = max(0, column - 1 - 60)
    shown = ("…" if cut else "") + line[cut : cut + 100] + ("…" if len(line) > cut + 100 else "")
    before_caret = ("…" if cut else "") + line[cut : column - 1]
    return (
        f"syntax error at line {line_number}, column {column}: {reason}\n"
        f"  {shown}\n  {' ' * display_width(before_caret)}^"
    )


def _plain_literals_in_patterns(query: str) -> list[str]:
    """The plain strings ("清苑区") and integers (2016) a query puts in its triple patterns, as in
    ``?place rdfs:label "清苑区"`` or ``?t gk:year 2016``; not those in FILTER, BIND and other
    expressions (in brackets), in VALUES, after LIMIT, nor strings with their @zh or ^^datatype."""
    tokens = _tokens(query)
    found = []
    braces = brackets = 0
    values_at: int | None = None  # the brace depth of an open VALUES block
    values_pending = False
    previous = ("", "")
    for index, (kind, text, _) in enumerate(tokens):
        following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
        if kind == "punctuation" and text == "{":
            braces += 1
            if values_pending:
                values_at, values_pending = braces, False
        elif kind == "punctuation" and text == "}":
            if values_at == braces:
                values_at = None
            braces -= 1
        elif kind == "punctuation" and text in "()":
            brackets += 1 if text == "(" else -1
        elif kind == "name" and text.upper() == "VALUES":
            values_pending = True
        elif kind in ("string", "number") and braces and not brackets and values_at is None:
            # an object comes after its predicate (gk:year, <…>, ?p, a) or after a comma
            after_a_predicate = (
                previous[0] in ("iri", "variable")
                or previous == ("punctuation", ",")
                or (previous[0] == "name" and (":" in previous[1] or previous[1] == "a"))
            )
            if after_a_predicate and kind == "string" and following not in ("langtag", "datatype"):
                found.append(text)
            elif after_a_predicate and kind == "number" and text.isdigit():
                found.append(text)
        previous = (kind, text)
    return found


def empty_result_hint(query: str) -> str | None:
    """What to write instead, for a query that found nothing while it compares a plain string or
    integer with the graph's tagged and typed values; None when it has no such literal.

    >>> empty_result_hint('SELECT ?t WHERE { ?p rdfs:label "清苑区" . ?t gk:place ?p ; gk:year 2016 }')
    'hint: labels are language-tagged: write "清苑区"@zh; years are xsd:gYear: write "2016"^^xsd:gYear'
    >>> empty_result_hint('SELECT ?t WHERE { ?t gk:value ?v FILTER(?v > 6) } LIMIT 2') is None
    True
    """
    literals = _plain_literals_in_patterns(query)
    strings = [text for text in literals if not text.isdigit()]
    years = [text for text in literals if text.isdigit() and len(text) == 4]
    numbers = [text for text in literals if text.isdigit() and len(text) != 4]
    advice = []
    if strings:
        advice.append(f"labels are language-tagged: write {strings[0]}@zh")
    if years:
        advice.append(f'years are xsd:gYear: write "{years[0]}"^^xsd:gYear')
    if numbers:
        advice.append(f"values (gk:value) are xsd:decimal: write {numbers[0]}.0")
    return "hint: " + "; ".join(advice) if advice else None
