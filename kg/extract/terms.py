"""Terms a report defines in its glossary (附注, 注释, 名词解释) at the end:
``5.五化:绿化、美化、照明化、净化、智化。`` or ``[2]“三重保障”：指基本医保、大病保险和医疗救助。``"""

from __future__ import annotations

import re

from kg.lexicon import LEXICON as LEX
from kg.model import DefinedTerm, Sentence

_GLOSSARY_HEADING = LEX.pattern("terms_glossary_heading")
_ENTRY = re.compile(
    r"^(?:\[(\d{1,3})\]|(\d{1,3})[.、])\s*:?\s*(?P<term>[^:\n]{1,40}?)\s*:\s*(?P<definition>[^\n]{2,})$", re.M
)


def _label(raw: str) -> str:
    """The term as written, without quotes that wrap all of it: “三医” → 三医, “四个一批”项目 stays."""
    label = raw.strip()
    if label.startswith("“") and label.endswith("”") and label.count("“") == 1:
        return label[1:-1].strip()
    return label


def defined_terms(text: str) -> list[DefinedTerm]:
    """Numbered entries after the last glossary heading, each with the line it was read from.

    >>> [(t.label, t.definition) for t in defined_terms("正文。\\n《政府工作报告》附注\\n1.三医:医疗、医保、医药。")]
    [('三医', '医疗、医保、医药。')]
    """
    headings = list(_GLOSSARY_HEADING.finditer(text))
    if not headings:
        return []
    start = headings[-1].end()
    terms: dict[str, DefinedTerm] = {}
    for entry in _ENTRY.finditer(text, start):
        label = _label(entry.group("term"))
        definition = entry.group("definition").strip()
        if not label or len(label) > 30 or not re.search(r"[\u4e00-\u9fff\d]", label):
            continue
        line = Sentence(entry.start(), entry.end(), entry.group(0))
        terms.setdefault(label, DefinedTerm(label, definition, line))
    return list(terms.values())
