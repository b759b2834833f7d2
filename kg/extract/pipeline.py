"""The spaCy pipeline: a blank ``zh`` Language, built from a spaCy config (``pipeline_config``),
whose components each do one job and leave their results on the ``Doc``; the last assembles them
into one ``ReportExtraction`` (``doc._.extraction``), which is all a caller needs.

Every component is made by a registered factory. Those that read the lexicon take its overlay
folders as a setting (``lexicon``, default: the folders this process's lexicon was read with);
``govkg_entities`` takes the ``doc.spans`` key of its mentions and whether to set ``doc.ents``.

Extension attributes set on every ``Doc``:

* ``doc._.extraction``: the ``ReportExtraction`` of the whole report (``govkg_extraction``);
* ``doc._.text``: the text as one string (``Doc.text`` rebuilds it token by token);
* ``doc._.source_file``, ``doc._.sha256``, ``doc._.encoding``: where it came from, and
  ``doc._.page_date``: its page's date, which normalising took out with the byline
  (``NormalisedText.page_date``), set by the caller before the pipeline runs (``nlp(doc)`` on a
  ``nlp.make_doc(text)``);
* ``doc._.metadata``: ``ReportMetadata`` (``govkg_metadata``);
* ``doc._.sections`` and ``doc._.report_sentences``: framed ``Section``/``Sentence``
  objects with character offsets (``govkg_segmenter``, which also sets sentence
  starts so ``doc.sents`` works);
* ``doc._.facts``: ``IndicatorFact`` objects, and ``doc._.figure_fates``: the ``FigureFate`` of every
  figure of the review and plan sentences (``govkg_indicator_facts``);
* ``doc._.warnings``: what was repaired or left out, one line each (a figure too large to be real);
* ``doc._.terms``: ``DefinedTerm`` objects from the report's glossary (``govkg_terms``);
* ``doc._.entities``: ``Entity`` objects (projects, areas, townships, organisations, initiatives,
  people) with their relations; ``doc.spans["govkg_entities"]``, one span per mention labelled
  with the entity's kind, and ``doc.ents``, the longest of overlapping mentions (``govkg_entities``).

>>> nlp = make_pipeline()
>>> nlp.pipe_names
['govkg_metadata', 'govkg_segmenter', 'govkg_indicator_facts', 'govkg_terms', 'govkg_entities', 'govkg_extraction']
>>> doc = nlp("2024年政府工作报告\\n一、2023年工作回顾\\n科创中心、紫华园等6个项目建成投用。")
>>> [(span.text, span.label_) for span in doc.spans["govkg_entities"]]
[('科创中心', 'Project'), ('紫华园', 'Project')]
>>> [(span.text, span.label_) for span in doc.ents]
[('科创中心', 'Project'), ('紫华园', 'Project')]
>>> sorted(e.label for e in doc._.extraction.entities)
['科创中心', '紫华园']
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy

# isort: off
from kg.extract.spacy_without_cli import spacy  # (before anything of spaCy's: see that module)
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans, load_model_from_config
from thinc.api import Config

# isort: on
from kg.extract.entities import EntityExtractor
from kg.extract.facts import FactExtractor
from kg.extract.metadata import FEW_MENTIONS, FILE_NAME, OWN_HISTORY, UNDER_TITLES_PLACE, extract_metadata
from kg.extract.segment import segment
from kg.extract.terms import defined_terms
from kg.extract.units import UNIT_PATTERN
from kg.figures import plural
from kg.ingest.normalise import file_name_as_text
from kg.ingest.reading import MAX_REPORT_CHARACTERS
from kg.lexicon import LEXICON, OVERLAY_VARIABLE
from kg.model import ReportExtraction, ReportMetadata
from kg.ontology import indicator_catalogue
from kg.places import gazetteer

PIPE_NAMES = (
    "govkg_metadata",
    "govkg_segmenter",
    "govkg_indicator_facts",
    "govkg_terms",
    "govkg_entities",
    "govkg_extraction",
)
ENTITY_SPANS = "govkg_entities"  # the doc.spans key of entity mentions

for _name, _default in (
    ("text", None),
    ("source_file", None),
    ("sha256", None),
    ("encoding", None),
    ("page_date", ""),
    ("metadata", None),
    ("sections", None),
    ("report_sentences", None),
    ("facts", None),
    ("figure_fates", None),
    ("terms", None),
    ("entities", None),
    ("warnings", None),
    ("extraction", None),
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
    """Tokenise Chinese one character a token, several times faster than spaCy's own char segmenter.

    With ``tokens=False`` the Doc holds the text (``doc._.text``) and no tokens, for a caller that
    reads only ``doc._.extraction`` (``kg build``): the components read the text, and the mentions
    then make no spans. Making 2.7 million tokens is a tenth of the corpus's extraction time.
    """

    def __init__(self, vocab, tokens: bool = True):
        self.vocab = vocab
        self.tokens = tokens
        self._orths = _Orths(vocab.strings)

    def __call__(self, text: str) -> Doc:
        if not self.tokens:
            doc = Doc(self.vocab, words=[])
            doc._.text = text
            return doc
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


def _check_lexicon(lexicon: list[str]) -> None:
    """The lexicon a component is configured with must be the one this process's rules were compiled
    from: each module compiles its regexes from the tables once, when it is imported, so the folders
    are chosen before (``--lexicon``, ``GOVKG_LEXICON``) and a component cannot read other ones."""
    wanted = tuple(Path(folder) for folder in lexicon)
    if wanted != LEXICON.overlays:
        loaded = os.pathsep.join(str(p) for p in LEXICON.overlays) or "none"
        raise ValueError(
            f"this process reads the lexicon with the overlay {loaded}, not {os.pathsep.join(lexicon)}: "
            f"name overlay folders in {OVERLAY_VARIABLE} or --lexicon before extraction starts"
        )


@Language.factory("govkg_metadata", default_config={"lexicon": []})
def make_metadata(nlp: Language, name: str, lexicon: list[str]):
    """Place, years, delivery date, speaker and session of the report."""
    _check_lexicon(lexicon)
    places = gazetteer()

    def metadata(doc: Doc) -> Doc:
        file_name = file_name_as_text(doc._.source_file or "")
        doc._.metadata = meta = extract_metadata(_text(doc), places, doc._.page_date, file_name)
        notes = []
        if meta.place is not None and meta.place_evidence == FEW_MENTIONS:
            notes.append(f"the place, {meta.place.name}, is a guess from a name the text gives only once or twice")
        if meta.place is not None and meta.place_evidence == OWN_HISTORY:
            # (one phrase places the text, 2022年,是泽州发展历程中极不平凡的一年: the reader may check it)
            notes.append(f"the place, {meta.place.name}, is read from where the text calls the year one of its history")
        if meta.place is not None and meta.place_evidence == UNDER_TITLES_PLACE:
            # (a title that names the city, a text that speaks as a district and names one of its districts)
            notes.append(
                f"the place, {meta.place.name}, is read from the text: the title or file name names the place above it"
            )
        if meta.place is not None and meta.place_evidence == FILE_NAME:
            # (an excerpt that says only 全县 and 县委: the reader may check the name the file was given)
            notes.append(
                f"the place, {meta.place.name}, is read from the file's name: no title, speaker or session line"
                " names it"
            )
        if meta.place is not None and meta.year_evidence == FILE_NAME:
            notes.append(
                f"the year the report plans, {meta.plan_year}, is read from the file's name: no title, date or heading"
                " gives it"
            )
        if meta.place is not None and meta.review_year is None:
            # (a page that stripped its years and names its session only by number: 第十六届人大第二次会议)
            notes.append("could not tell which year the report reviews and plans; its figures were not read")
        if notes:
            doc._.warnings = (doc._.warnings or []) + notes
        return doc

    return metadata


@Language.factory("govkg_segmenter", default_config={"lexicon": []})
def make_segmenter(nlp: Language, name: str, lexicon: list[str]):
    """Sections with review/plan frames, and sentences; marks sentence starts on tokens."""
    _check_lexicon(lexicon)
    return segmenter_component


def segmenter_component(doc: Doc) -> Doc:
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


@Language.factory("govkg_indicator_facts", default_config={"lexicon": []})
def make_indicator_facts(nlp: Language, name: str, lexicon: list[str]):
    """Targets and outcomes of indicators, read from the framed sentences."""
    _check_lexicon(lexicon)
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


@Language.factory("govkg_terms", default_config={"lexicon": []})
def make_terms(nlp: Language, name: str, lexicon: list[str]):
    """Terms defined in the report's glossary (附注, 名词解释)."""
    _check_lexicon(lexicon)

    def terms(doc: Doc) -> Doc:
        doc._.terms = defined_terms(_text(doc))
        return doc

    return terms


@Language.factory("govkg_entities", default_config={"lexicon": [], "spans_key": ENTITY_SPANS, "set_ents": True})
def make_entities(nlp: Language, name: str, lexicon: list[str], spans_key: str, set_ents: bool):
    """Named projects, areas, townships, organisations, initiatives and people, with their relations.
    Each mention is a span labelled with its entity's kind on ``doc.spans[spans_key]``; with
    ``set_ents``, the longest of overlapping mentions are ``doc.ents`` too, for displaCy and the like."""
    _check_lexicon(lexicon)
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
        doc.spans[spans_key] = sorted(spans, key=lambda span: (span.start, span.end))
        if set_ents:
            # "unmodified": tokens outside every mention keep no entity tag (ent_iob_ ""), rather than
            # each being set to O: a quarter of the time, on a report of 30,000 tokens
            doc.set_ents(filter_spans(spans), default="unmodified")
        return doc

    return entities


@Language.factory("govkg_extraction")
def make_extraction(nlp: Language, name: str):
    """All the components found, as one ``ReportExtraction`` on ``doc._.extraction``; where the text
    came from (``doc._.source_file``, ``sha256``, ``encoding``) is set on the Doc before it is run."""

    def extraction(doc: Doc) -> Doc:
        doc._.extraction = ReportExtraction(
            source_file=doc._.source_file or "",
            sha256=doc._.sha256 or "",
            encoding=doc._.encoding or "",
            text=_text(doc),
            metadata=doc._.metadata or ReportMetadata(),
            sentences=doc._.report_sentences or [],
            facts=doc._.facts or [],
            terms=doc._.terms or [],
            entities=doc._.entities or [],
            figure_fates=doc._.figure_fates or [],
            warnings=list(doc._.warnings or []),
        )
        return doc

    return extraction


@spacy.registry.tokenizers("govkg.CharacterTokenizer.v1")
def create_tokenizer(tokens: bool = True):
    def make(nlp: Language) -> CharacterTokenizer:
        return CharacterTokenizer(nlp.vocab, tokens)

    return make


def pipeline_config(
    components: tuple[str, ...] = PIPE_NAMES,
    lexicon: Sequence[str | Path] | None = None,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> Config:
    """The spaCy config of the pipeline: a blank ``zh`` language with the character tokenizer and the
    components in order, each told which lexicon overlay folders to read (default: the process's),
    with ``settings`` of components by name on top (``{"govkg_entities": {"set_ents": False}}``),
    and of the tokenizer by ``"tokenizer"`` (``{"tokenizer": {"tokens": False}}``)."""
    folders = [str(folder) for folder in (LEXICON.overlays if lexicon is None else lexicon)]
    config: dict = {
        "nlp": {
            "lang": "zh",
            "pipeline": list(components),
            "tokenizer": {"@tokenizers": "govkg.CharacterTokenizer.v1", **(settings or {}).get("tokenizer", {})},
        },
        "components": {},
    }
    for component in components:
        section: dict = {"factory": component}
        if "lexicon" in (Language.get_factory_meta(component).default_config or {}):
            section["lexicon"] = folders
        section.update((settings or {}).get(component, {}))
        config["components"][component] = section
    return Config(config)


def make_pipeline(
    components: tuple[str, ...] = PIPE_NAMES,
    lexicon: Sequence[str | Path] | None = None,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> Language:
    """The pipeline, built from ``pipeline_config``; ``nlp.config`` rebuilds it
    (``spacy.util.load_model_from_config(nlp.config)``)."""
    nlp = load_model_from_config(pipeline_config(components, lexicon, settings), auto_fill=True, validate=True)
    # spaCy refuses texts over 1,000,000 characters because its parser and NER take about 1 GB per
    # 100,000; this pipeline has neither, and a token (one Han character) is about 120 bytes: a build
    # of 5 MB of reports joined into one file (1.8 million characters) peaks at 520 MB. kg.ingest.reading
    # refuses a file longer than MAX_REPORT_CHARACTERS with a reason; normalisation may lengthen a
    # text a little (NFKC: ㈱ becomes (株)), hence the margin.
    nlp.max_length = 2 * MAX_REPORT_CHARACTERS
    return nlp
