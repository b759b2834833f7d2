"""The spaCy pipeline: a blank ``zh`` Language whose components each do one job
and leave their results on the ``Doc``.

Extension attributes set on every ``Doc``:

* ``doc._.text``: the text as one string (``Doc.text`` rebuilds it token by token);
* ``doc._.source_file``, ``doc._.sha256``, ``doc._.encoding``: where it came from;
* ``doc._.metadata``: ``ReportMetadata`` (``govkg_metadata``);
* ``doc._.sections`` and ``doc._.report_sentences``: framed ``Section``/``Sentence``
  objects with character offsets (``govkg_segmenter``, which also sets sentence
  starts so ``doc.sents`` works);
* ``doc._.facts``: ``IndicatorFact`` objects, and ``doc._.figure_fates``: the ``FigureFate`` of every
  figure of the review and plan sentences (``govkg_indicator_facts``);
* ``doc._.warnings``: what was left out, one line each (a figure too large to be real);
* ``doc._.terms``: ``DefinedTerm`` objects from the report's glossary (``govkg_terms``);
* ``doc._.entities``: ``Entity`` objects (projects, areas, townships, organisations, initiatives,
  people) with their relations, and ``doc.spans["govkg_entities"]``, one span per mention labelled
  with the entity's class (``govkg_entities``).

>>> nlp = make_pipeline()
>>> nlp.pipe_names
['govkg_metadata', 'govkg_segmenter', 'govkg_indicator_facts', 'govkg_terms', 'govkg_entities']
>>> doc = nlp("2024年政府工作报告\\n一、2023年工作回顾\\n科创中心、紫华园等6个项目建成投用。")
>>> [(span.text, span.label_) for span in doc.spans["govkg_entities"]]
[('科创中心', 'Project'), ('紫华园', 'Project')]
"""

from __future__ import annotations

import re

import numpy
import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.entities import EntityExtractor
from kg.extract.facts import FactExtractor
from kg.extract.metadata import extract_metadata
from kg.extract.segment import segment
from kg.extract.terms import defined_terms
from kg.extract.units import UNIT_PATTERN
from kg.figures import plural
from kg.ingest.reading import MAX_REPORT_CHARACTERS
from kg.ontology import indicator_catalogue
from kg.places import gazetteer

PIPE_NAMES = ("govkg_metadata", "govkg_segmenter", "govkg_indicator_facts", "govkg_terms", "govkg_entities")

for _name, _default in (
    ("text", None),
    ("source_file", None),
    ("sha256", None),
    ("encoding", None),
    ("metadata", None),
    ("sections", None),
    ("report_sentences", None),
    ("facts", None),
    ("figure_fates", None),
    ("terms", None),
    ("entities", None),
    ("warnings", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

# Han characters one per token (so any character span aligns), numbers, Latin words and spaces whole.
# Splitting on the whole tokens and listing the characters between them is twice as fast as one
# regex match per character.
# Spelled to start with one character class, which the regex engine scans for quickly, rather than
# with three alternatives it would try at every position: twice as fast, the same tokens.
_WHOLE_TOKENS = re.compile(r"([\dA-Za-z\s](?:(?<=\d)\d*(?:\.\d+)?|(?<=[A-Za-z])[A-Za-z]*|(?<=\s)\s*))")


class CharacterTokenizer:
    """Tokenise Chinese one character a token, several times faster than spaCy's own char segmenter."""

    def __init__(self, vocab):
        self.vocab = vocab
        self._orths = _Orths(vocab.strings)

    def __call__(self, text: str) -> Doc:
        # A Doc made from orth IDs looks each lexeme up by its hash; made from strings, it hashes
        # every one of them again (2.2 million tokens on the corpus, twice the time).
        orths: list[int] = []
        orth_of = self._orths.__getitem__
        for index, piece in enumerate(_WHOLE_TOKENS.split(text)):
            if index % 2:
                orths.append(orth_of(piece))
            else:
                orths.extend(map(orth_of, piece))
        # Doc takes orth IDs as words too (spaCy's stubs name only strings)
        doc = Doc(self.vocab, words=orths, spaces=[False] * len(orths))  # type: ignore[arg-type]
        doc._.text = text
        return doc

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> CharacterTokenizer:
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> CharacterTokenizer:
        return self


class _Orths(dict):
    """Token text → orth ID (its hash in the string store), adding new texts to the store."""

    def __init__(self, strings):
        super().__init__()
        self.strings = strings

    def __missing__(self, text: str) -> int:
        orth = self[text] = self.strings.add(text)
        return orth


@Language.component("govkg_metadata")
def metadata_component(doc: Doc) -> Doc:
    """Place, years, delivery date, speaker and session of the report."""
    doc._.metadata = extract_metadata(_text(doc), gazetteer())
    return doc


@Language.component("govkg_segmenter")
def segmenter_component(doc: Doc) -> Doc:
    """Sections with review/plan frames, and sentences; marks sentence starts on tokens."""
    meta = doc._.metadata
    sections, sentences = segment(_text(doc), meta.review_year if meta else None, meta.plan_year if meta else None)
    doc._.sections, doc._.report_sentences = sections, sentences
    if len(doc):
        # Setting token.is_sent_start one token at a time is quadratic in spaCy; write the column at once.
        offsets = doc.to_array([IDX]).reshape(-1)
        sentence_starts = numpy.array([s.start for s in sentences], dtype=offsets.dtype)
        tokens = numpy.searchsorted(offsets, sentence_starts)  # offsets are sorted: no isin needed
        inside = tokens < len(offsets)
        tokens, sentence_starts = tokens[inside], sentence_starts[inside]
        column = numpy.full(len(offsets), -1, dtype="int64")
        column[tokens[offsets[tokens] == sentence_starts]] = 1  # sentences that start a token
        column[0] = 1
        # a numpy array is what from_array takes (its stubs name thinc's Ints2d)
        doc.from_array([SENT_START], column.astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]
    return doc


def _text(doc: Doc) -> str:
    """The Doc's text; ``Doc.text`` rebuilds it token by token, so the tokenizer keeps a copy."""
    return doc._.text if doc._.text is not None else doc.text


@Language.factory("govkg_indicator_facts")
def make_indicator_facts(nlp: Language, name: str):
    """Targets and outcomes of indicators, read from the framed sentences."""
    extractor = FactExtractor(indicator_catalogue())

    def indicator_facts(doc: Doc) -> Doc:
        doc._.facts, doc._.figure_fates = extractor.extract_with_fates(doc._.report_sentences or [], doc._.metadata)
        too_large = _TOO_LARGE_FIGURE.findall(_text(doc))
        if too_large:
            doc._.warnings = (doc._.warnings or []) + [
                f"{plural(len(too_large), 'figure')} too large to be real "
                f"{'were' if len(too_large) > 1 else 'was'} not read ({_shorten(too_large[0])})"
            ]
        return doc

    return indicator_facts


# A number with more digits than any real figure (kg.extract.units.MAX_FIGURE_DIGITS) before a unit:
# 123456789012345678901亿元 is not read as a figure, and the report says so. Spelled to start with
# a digit, which the regex engine scans for quickly (a leading lookbehind is tried at every character).
_TOO_LARGE_FIGURE = re.compile(r"\d(?<![\d.,]\d)(?:\d{15,}|\d{0,2}(?:,\d{3}){5,})(?:\.\d+)?(?:%|" + UNIT_PATTERN + ")")


def _shorten(text: str, length: int = 30) -> str:
    return text if len(text) <= length else text[: length // 2] + "…" + text[-length // 2 :]


@Language.component("govkg_terms")
def terms_component(doc: Doc) -> Doc:
    """Terms defined in the report's glossary (附注, 名词解释)."""
    doc._.terms = defined_terms(_text(doc))
    return doc


@Language.factory("govkg_entities")
def make_entities(nlp: Language, name: str):
    """Named projects, areas, townships, organisations, initiatives and people, with their relations."""
    extractor = EntityExtractor(gazetteer())

    def entities(doc: Doc) -> Doc:
        found = extractor.extract(doc._.report_sentences or [], doc._.metadata)
        doc._.entities = found
        spans = []
        for entity in found:
            for start, end in sorted(set(entity.spans)):
                span = doc.char_span(start, end, label=entity.kind.value, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        doc.spans["govkg_entities"] = sorted(spans, key=lambda span: (span.start, span.end))
        return doc

    return entities


def make_pipeline(components: tuple[str, ...] = PIPE_NAMES) -> Language:
    """A blank Chinese pipeline with the govkg components, in order."""
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharacterTokenizer(nlp.vocab)
    # spaCy refuses texts over 1,000,000 characters because its parser and NER take about 1 GB per
    # 100,000; this pipeline has neither, and a token (one Han character) is about 120 bytes: a build
    # of 5 MB of reports joined into one file (1.8 million characters) peaks at 520 MB. kg.ingest.reading
    # refuses a file longer than MAX_REPORT_CHARACTERS with a reason; normalisation may lengthen a
    # text a little (NFKC: ㈱ becomes (株)), hence the margin.
    nlp.max_length = 2 * MAX_REPORT_CHARACTERS
    for component in components:
        nlp.add_pipe(component)
    return nlp
