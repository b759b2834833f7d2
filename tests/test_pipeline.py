"""The spaCy pipeline as spaCy sees it: built from a config that rebuilds it, one ReportExtraction
as its result, entity mentions on doc.spans and doc.ents for displaCy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.util import load_model_from_config

from kg.extract.pipeline import ENTITY_SPANS, PIPE_NAMES, make_pipeline, pipeline_config
from kg.lexicon import LEXICON
from kg.model import ReportExtraction

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# a sentence of seeds/000_79a18ab8566106eb.txt, as the review part of a one-paragraph report
SEED_SENTENCE = "投用坂头变电站,加快建设江南片区大型垃圾转运站,启动南高干渠供水替代工程。"
REPORT = (
    "政府工作报告\n——2023年12月28日在泉州市鲤城区第十届人民代表大会第三次会议上\n"
    "一、2023年政府工作回顾\n" + SEED_SENTENCE + "\n"
)


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline()


def test_the_seed_sentence_is_from_a_seed():
    assert any(SEED_SENTENCE in path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt"))


def test_displacy_shows_the_entities_of_a_seed_sentence(nlp):
    doc = nlp(REPORT)
    assert ("坂头变电站", "Project") in {(span.text, span.label_) for span in doc.ents}
    page = spacy.displacy.render(doc, style="ent", page=False, jupyter=False)
    assert "坂头变电站" in page and "Project" in page


def test_ents_are_the_longest_of_overlapping_mentions(nlp):
    doc = nlp(REPORT)
    mentions = {(span.start_char, span.end_char) for span in doc.spans[ENTITY_SPANS]}
    ents = [(span.start_char, span.end_char) for span in doc.ents]
    assert ents and set(ents) <= mentions
    assert all(end <= start for (_, end), (start, _) in zip(ents, ents[1:]))  # no two overlap
    # every mention lies inside an ent: none is dropped but for a longer one
    assert all(any(s <= start and end <= e for s, e in ents) for start, end in mentions)


def test_the_result_is_one_report_extraction(nlp):
    doc = nlp.make_doc(REPORT)
    doc._.source_file, doc._.sha256, doc._.encoding = "鲤城.txt", "0" * 64, "utf-8"
    doc._.warnings = ["1 byte replaced"]
    extraction = nlp(doc)._.extraction
    assert isinstance(extraction, ReportExtraction)
    assert (extraction.source_file, extraction.encoding, extraction.warnings) == (
        "鲤城.txt",
        "utf-8",
        ["1 byte replaced"],
    )
    assert extraction.metadata.place is not None and extraction.metadata.place.name == "鲤城区"
    assert {e.label for e in extraction.entities} == {e.label for e in doc._.entities} and extraction.entities
    assert extraction.sentences == doc._.report_sentences and extraction.text == REPORT


def test_the_config_rebuilds_the_pipeline(nlp):
    assert nlp.pipe_names == list(PIPE_NAMES)
    assert nlp.config["components"]["govkg_entities"]["spans_key"] == ENTITY_SPANS
    rebuilt = load_model_from_config(nlp.config, auto_fill=True)
    assert rebuilt.pipe_names == nlp.pipe_names
    first, second = nlp(REPORT)._.extraction, rebuilt(REPORT)._.extraction
    assert [(e.kind, e.label) for e in first.entities] == [(e.kind, e.label) for e in second.entities]


def test_the_entities_settings_are_read():
    nlp = make_pipeline(settings={"govkg_entities": {"spans_key": "mentions", "set_ents": False}})
    doc = nlp(REPORT)
    assert "坂头变电站" in {span.text for span in doc.spans["mentions"]} and ENTITY_SPANS not in doc.spans
    assert not doc.ents
    assert nlp.config["components"]["govkg_entities"]["spans_key"] == "mentions"


def test_a_build_reads_the_extraction_from_a_doc_without_tokens(nlp):
    """A build reads doc._.extraction only: its Doc has no tokens (one a character is a tenth of the
    extraction's time), so no spans or ents, and the extraction is the same."""
    import kg.report_jobs

    build_nlp = kg.report_jobs.pipeline()
    assert build_nlp.config["nlp"]["tokenizer"]["tokens"] is False
    doc = build_nlp(REPORT)
    assert len(doc) == 0 and not doc.spans[ENTITY_SPANS] and not doc.ents
    assert doc._.extraction == nlp(REPORT)._.extraction
    assert "坂头变电站" in {e.label for e in doc._.extraction.entities}


def test_a_lexicon_other_than_the_process_one_is_refused_in_one_line(tmp_path):
    assert pipeline_config()["components"]["govkg_entities"]["lexicon"] == [str(p) for p in LEXICON.overlays]
    with pytest.raises(ValueError, match="GOVKG_LEXICON or --lexicon") as error:
        make_pipeline(lexicon=[tmp_path])
    assert "\n" not in str(error.value)


# A fresh process loads the pipeline and says what it imported (kg.extract.spacy_without_cli).
_LOADED = """
import json, sys
{before}
from kg.report_jobs import pipeline
pipeline()
loaded = {{name: name in sys.modules for name in ("spacy.cli", "httpx", "weasel", "cn2an", "pypinyin")}}
import spacy
loaded["cli attribute"] = hasattr(spacy.cli, "info")  # (as the whole import binds it)
import spacy.cli
loaded["displacy"] = hasattr(spacy, "displacy") and hasattr(spacy.displacy, "render")
loaded["real cli"] = hasattr(spacy.cli, "setup_cli")
loaded["info"] = spacy.info(silent=True) is not None
print(json.dumps(loaded))
"""

# a spaCy whose import fails with the placeholder in place, as one wanting more of its command line would
_FAILS_ONCE = """
import importlib.abc
class FailsOnce(importlib.abc.MetaPathFinder):
    failed = False
    def find_spec(self, name, path, target=None):
        if name == "spacy.glossary" and not FailsOnce.failed:
            FailsOnce.failed = True
            raise ImportError("cannot import name 'something' from 'spacy.cli'")
sys.meta_path.insert(0, FailsOnce())
"""


@pytest.mark.parametrize("before", ["", _FAILS_ONCE])
def test_the_pipeline_loads_without_spacys_command_line_which_is_still_there(before):
    done = subprocess.run(
        [sys.executable, "-c", _LOADED.format(before=before)], capture_output=True, text=True, check=True
    )
    loaded = json.loads(done.stdout)
    assert loaded["real cli"] and loaded["info"] and loaded["cli attribute"] and loaded["displacy"]
    # with the placeholder refused, spaCy is imported whole, as before
    assert loaded["spacy.cli"] is loaded["httpx"] is loaded["weasel"] is bool(before)
    # what few reports need is imported when one does (kg.extract.units, kg.extract.notations)
    assert not loaded["cn2an"] and not loaded["pypinyin"]
