"""``track``: every target of a build with what was achieved, read back from the built graph.

One ``TrackRow`` per target: place, indicator, year, the goal, the outcome it was judged
against (from the assessments graph that ``kg build`` writes), met or not, the gap, and
the reports (and sentences) that state each side.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pyoxigraph as ox

from kg.figures import COMPARATOR_WORDS, ESTIMATE_NOTE, describe_figure, plain_number
from kg.lexicon import LEXICON
from kg.model import Comparator
from kg.places import short_name
from kg.text_width import display_width
from kg.vocab import GK, IND, PROV, RDFS, SKOS, solutions

if TYPE_CHECKING:
    from kg.store.embedded import BuildStore


_QUERY = f"""
SELECT ?target ?place ?notation ?indicator ?year ?measure ?value ?valueMax ?unit ?comparator ?text
       ?targetFile ?targetSentence ?outcome ?outcomeValue ?outcomeUnit ?estimated ?met ?gap ?outcomeFile
       ?outcomeSentence
WHERE {{
  ?target a {GK.Target} ; {GK.place} ?p ; {GK.indicator} ?i ; {GK.year} ?year ; {GK.measure} ?measure ;
          {GK.comparator} ?comparator ; {GK.report}/{GK.sourceFile} ?targetFile ;
          {PROV.wasDerivedFrom}/{GK.text} ?targetSentence .
  ?p {RDFS.label} ?place .
  ?i {SKOS.notation} ?notation ; {SKOS.prefLabel} ?indicator . FILTER(lang(?indicator) = "zh")
  OPTIONAL {{ ?target {GK.value} ?value }}
  OPTIONAL {{ ?target {GK.maxValue} ?valueMax }}
  OPTIONAL {{ ?target {GK.unit} ?unit }}
  OPTIONAL {{ ?target {GK.text} ?text }}
  OPTIONAL {{
    ?a {GK.target} ?target ; {GK.outcome} ?outcome ; {GK.met} ?met ; {GK.gap} ?gap .
    ?outcome {GK.value} ?outcomeValue ; {GK.unit} ?outcomeUnit ; {GK.estimated} ?estimated ;
             {GK.report}/{GK.sourceFile} ?outcomeFile ; {PROV.wasDerivedFrom}/{GK.text} ?outcomeSentence .
  }}
}}"""


@dataclass
class TrackRow:
    place: str
    indicator: str  # notation, e.g. GDP
    indicator_label: str  # 地区生产总值
    year: int
    measure: str  # growth, level, qualitative
    goal: str  # as a reader would write it: 增长6%左右, 1100万人以上, 与经济增长同步
    goal_value: Decimal | None
    unit: str | None
    comparator: str  # the ontology's name of the Comparator (About), as the CSV writes it
    achieved: str | None  # 增长5.6%, 580亿元 (预计)
    achieved_value: Decimal | None
    met: bool | None  # None: not assessed yet (no outcome, or not decidable)
    gap: Decimal | None
    target_report: str
    outcome_report: str | None
    target_sentence: str
    outcome_sentence: str | None
    # the nodes in the graph, to join a CSV row back to it (and the CSVW primary key): the target's IRI
    # is one per row, e.g. https://w3id.org/govkg/id/target/河北省/保定市/清苑区/GDP/2024/growth
    target: str = ""
    outcome: str | None = None

    @property
    def status(self) -> str:
        return "open" if self.met is None else ("met" if self.met else "missed")


def load_graph(out_dir: str | Path) -> BuildStore:
    """The build's store (its queries read the union of the build's graphs)."""
    from kg.store.embedded import open_store

    return open_store(out_dir)


def track(
    out_dir: str | Path = "exports",
    place: str | None = None,
    indicator: str | None = None,
    since: int | None = None,
    until: int | None = None,
    store: ox.Store | BuildStore | None = None,
) -> list[TrackRow]:
    """Every target of the build in ``out_dir`` with its outcome, ordered by place, indicator and year.

    ``place`` matches a place's full or short name (鲤城区 or 鲤城); ``indicator`` a notation
    (GDP) or a Chinese label (地区生产总值); ``since``/``until`` bound the target year.
    """
    store = store or load_graph(out_dir)
    rows: dict[str, TrackRow] = {}
    for solution in solutions(store, _QUERY):
        value: dict[str, Any] = {
            name: (solution[name].value if solution[name] is not None else None)
            for name in (
                "target",
                "place",
                "notation",
                "indicator",
                "year",
                "measure",
                "value",
                "valueMax",
                "unit",
                "comparator",
                "text",
                "targetFile",
                "targetSentence",
                "outcome",
                "outcomeValue",
                "outcomeUnit",
                "estimated",
                "met",
                "gap",
                "outcomeFile",
                "outcomeSentence",
            )
        }
        if place and not _place_matches(value["place"], place):
            continue
        if indicator and indicator not in (value["notation"], value["indicator"]):
            continue
        year = int(value["year"])
        if (since and year < since) or (until and year > until):
            continue
        row = _row(value)
        current = rows.get(value["target"])
        if current is None or _sort_key(row) < _sort_key(current):
            rows[value["target"]] = row
    return sorted(rows.values(), key=lambda r: (r.place, r.indicator, r.year, r.measure))


def _place_matches(label: str, wanted: str) -> bool:
    return wanted in (label, short_name(label))


def _sort_key(row: TrackRow) -> tuple:
    # several reports or sentences may state one fact: keep the first, deterministically
    return (row.target_report, row.target_sentence, row.outcome_report or "", row.outcome_sentence or "")


def _row(v: dict) -> TrackRow:
    measure = v["measure"].rsplit("#", 1)[1].lower()
    comparator = v["comparator"].rsplit("#", 1)[1]
    goal_value = Decimal(v["value"]) if v["value"] is not None else None
    achieved_value = Decimal(v["outcomeValue"]) if v["outcomeValue"] is not None else None
    achieved = None
    if achieved_value is not None:
        achieved = describe_figure(
            measure if measure != "qualitative" else "growth",
            achieved_value,
            None,
            v["outcomeUnit"],
            Comparator.EXACTLY,
        ) + (ESTIMATE_NOTE if v["estimated"] == "true" else "")
    return TrackRow(
        place=v["place"],
        indicator=v["notation"],
        indicator_label=v["indicator"],
        year=int(v["year"]),
        measure=measure,
        goal=v["text"]
        if measure == "qualitative"
        else describe_figure(
            measure,
            goal_value,
            Decimal(v["valueMax"]) if v["valueMax"] else None,
            v["unit"],
            Comparator.from_term(comparator),
        ),
        goal_value=goal_value,
        unit=v["unit"],
        comparator=comparator,
        achieved=achieved,
        achieved_value=achieved_value,
        met=None if v["met"] is None else v["met"] == "true",
        gap=Decimal(v["gap"]) if v["gap"] is not None else None,
        target_report=v["targetFile"],
        outcome_report=v["outcomeFile"],
        target_sentence=v["targetSentence"],
        outcome_sentence=v["outcomeSentence"],
        target=v["target"],
        outcome=v["outcome"],
    )


# --- output formats --------------------------------------------------------------------

TABLE_COLUMNS = (
    "place",
    "indicator_label",
    "year",
    "goal",
    "achieved",
    "status",
    "gap",
    "target_report",
    "outcome_report",
)
# a column's Chinese title, in the table's header and in the CSVW metadata (labels.tsv column.*: 地区, 目标)
HEADERS = {name: LEXICON.label("column." + name) for name in TABLE_COLUMNS}
_STATUS_WORDS = {"met": LEXICON.label("status.met"), "missed": LEXICON.label("status.missed"), "open": "—"}


def as_table(rows: list[TrackRow]) -> str:
    """A plain-text table whose columns line up with Chinese text (wide characters count double)."""
    cells = [[HEADERS[c] for c in TABLE_COLUMNS]]
    for row in rows:
        cells.append([_cell(row, c) for c in TABLE_COLUMNS])
    widths = [max(display_width(line[i]) for line in cells) for i in range(len(TABLE_COLUMNS))]
    lines = []
    for index, line in enumerate(cells):
        padded = (text + " " * (width - display_width(text)) for text, width in zip(line, widths))
        lines.append("  ".join(padded).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _cell(row: TrackRow, column: str) -> str:
    if column == "status":
        return _STATUS_WORDS[row.status]
    if column == "gap":
        return "" if row.gap is None else ("+" if row.gap > 0 else "") + plain_number(row.gap)
    value = getattr(row, column)
    return "" if value is None else str(value)


# The CSV/TSV header: every TrackRow field, then the derived status.
CSV_COLUMNS = (*TrackRow.__dataclass_fields__, "status")


def as_csv(rows: list[TrackRow], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**{k: ("" if v is None else v) for k, v in asdict(row).items()}, "status": row.status})
    return buffer.getvalue()


def as_json(rows: list[TrackRow]) -> str:
    def plain(value):
        return str(value) if isinstance(value, Decimal) else value

    return json.dumps(
        [{**{k: plain(v) for k, v in asdict(row).items()}, "status": row.status} for row in rows],
        ensure_ascii=False,
        indent=2,
    )


# --- CSV on the Web metadata ----------------------------------------------------------------
#
# `kg track --format csv --output track.csv --csvw` also writes track.csv-metadata.json, a W3C CSVW
# description (https://www.w3.org/TR/tabular-metadata/) of every column: its meaning, its datatype
# and, where a column holds a property of the graph, that property. CSVW tools find the file by this
# name on their own, check the CSV against it, or turn the table into RDF (https://www.w3.org/TR/csv2rdf/).
#
# Each row describes one target: the row's subject is the target's IRI (the `target` column), so
# goal_value becomes `<target> gk:value 6`, as in the graph. Columns that belong to another node say
# so with their own aboutUrl (achieved_value is the outcome's gk:value). Columns that are renderings
# for people (goal 增长6%左右, status) or facts of another node the CSV does not name (met and gap are
# the assessment's) get no propertyUrl, only a description. IRIs keep their Han characters here, as
# in the graph; a CSVW processor expands {+target} by RFC 6570 and so writes them percent-encoded.

CSVW_CONTEXT = "http://www.w3.org/ns/csvw"

# Every column of CSV_COLUMNS: an English description, a CSVW datatype, and its mapping to the graph
# where there is one (its Chinese title is labels.tsv's column.*).
_CSVW_COLUMNS: dict[str, dict] = {
    "place": {
        "datatype": "string",
        "lang": "zh",
        "required": True,
        "description": "The administrative area the target is for, by its full official name (rdfs:label "
        "of the gk:place of the target), e.g. 清苑区.",
    },
    "indicator": {
        "datatype": "string",
        "required": True,
        "propertyUrl": GK + "indicator",
        "valueUrl": IND + "{indicator}",
        "description": "The indicator's skos:notation, e.g. GDP; the indicator's IRI is "
        "https://w3id.org/govkg/indicator/ followed by it.",
    },
    "indicator_label": {
        "datatype": "string",
        "lang": "zh",
        "required": True,
        "aboutUrl": IND + "{indicator}",
        "propertyUrl": "skos:prefLabel",
        "description": "The indicator's Chinese name (skos:prefLabel@zh), e.g. 地区生产总值.",
    },
    "year": {
        "datatype": "gYear",
        "required": True,
        "propertyUrl": GK + "year",
        "description": "The year the target is for (normally the report's plan year).",
    },
    "measure": {
        "datatype": {"base": "string", "format": "growth|level|qualitative"},
        "required": True,
        "description": "How the goal is quantified: growth (a rate of change in percent), level (an "
        "amount) or qualitative (a wording); gk:measure gk:Growth, gk:Level, "
        "gk:Qualitative in the graph.",
    },
    "goal": {
        "datatype": "string",
        "lang": "zh",
        "description": "The goal as a reader would write it, e.g. 增长6%左右, 1100万人以上; for a qualitative "
        "goal its wording (gk:text), e.g. 与经济增长基本同步.",
    },
    "goal_value": {
        "datatype": "decimal",
        "propertyUrl": GK + "value",
        "description": "The goal's number as written, in the unit of the unit column: 6 for 增长6%左右, "
        "-3 for 下降3%; the lower bound of a range. Empty for qualitative goals.",
    },
    "unit": {
        "datatype": "string",
        "lang": "zh",
        "propertyUrl": GK + "unit",
        "description": "The unit of goal_value as written: %, 亿元, 万人 ...",
    },
    "comparator": {
        "datatype": {"base": "string", "format": "|".join(c.term for c in COMPARATOR_WORDS)},
        "required": True,
        "propertyUrl": GK + "comparator",
        "valueUrl": GK + "{comparator}",
        "description": "How the number bounds the goal: About (左右), AtLeast (以上), AtMost (以内), "
        "Exactly, or Between (a range); the local name of a gk:Comparator.",
    },
    "achieved": {
        "datatype": "string",
        "lang": "zh",
        "description": "The outcome reported for the same place, indicator, year and measure, as a "
        "reader would write it, e.g. 增长5.6% (预计 marks an estimate). Empty while open.",
    },
    "achieved_value": {
        "datatype": "decimal",
        "aboutUrl": "{+outcome}",
        "propertyUrl": GK + "value",
        "description": "The outcome's number (gk:value of the gk:Outcome in the outcome column).",
    },
    "met": {
        "datatype": {"base": "boolean", "format": "True|False"},
        "description": "Whether the outcome meets the goal, taking its comparator and the build's tolerance "
        "into account (gk:met of the gk:Assessment); empty while not assessed.",
    },
    "gap": {
        "datatype": "decimal",
        "description": "Outcome minus goal, in the goal's unit (percentage points for growth goals; "
        "gk:gap of the gk:Assessment); empty while not assessed.",
    },
    "target_report": {
        "datatype": "string",
        "required": True,
        "description": "The input file of the report that states the goal (gk:sourceFile).",
    },
    "outcome_report": {
        "datatype": "string",
        "description": "The input file of the report that states the outcome (gk:sourceFile).",
    },
    "target_sentence": {
        "datatype": "string",
        "lang": "zh",
        "required": True,
        "description": "The sentence that states the goal (gk:text of its prov:wasDerivedFrom).",
    },
    "outcome_sentence": {
        "datatype": "string",
        "lang": "zh",
        "description": "The sentence that states the outcome (gk:text of its prov:wasDerivedFrom).",
    },
    "target": {
        "datatype": "anyURI",
        "required": True,
        "suppressOutput": True,
        "description": "The gk:Target's IRI in the graph, one per row: the primary key and the subject "
        "of the row's properties.",
    },
    "outcome": {
        "datatype": "anyURI",
        "description": "The IRI of the gk:Outcome the goal was judged against; empty while open.",
    },
    "status": {
        "datatype": {"base": "string", "format": "met|missed|open"},
        "required": True,
        "description": "met, missed, or open (no outcome reported yet, or not decidable).",
    },
}


def csvw_metadata_path(csv_path: str | Path) -> Path:
    """Where CSVW processors look for a CSV file's metadata: ``track.csv`` -> ``track.csv-metadata.json``."""
    csv_path = Path(csv_path)
    return csv_path.with_name(csv_path.name + "-metadata.json")


def csvw_metadata(csv_url: str, delimiter: str = ",") -> dict:
    """CSVW metadata (JSON-LD) for the output of ``as_csv(rows, delimiter)`` found at ``csv_url``.

    ``csv_url`` is resolved against the metadata file's own location, so a bare file name
    (``track.csv``) describes the CSV beside it.
    """
    columns = []
    for name in CSV_COLUMNS:
        spec = dict(_CSVW_COLUMNS[name])  # a KeyError here: a new TrackRow field needs its description
        column = {
            "name": name,
            "titles": {"und": name, "zh": LEXICON.label("column." + name)},
            "dc:description": spec.pop("description"),
        }
        column.update(spec)
        columns.append(column)
    # not in the CSV: gives every row's subject its class, as CSVW's virtual columns do
    columns.append({"name": "type", "virtual": True, "propertyUrl": "rdf:type", "valueUrl": GK + "Target"})
    return {
        "@context": [CSVW_CONTEXT, {"@language": "en"}],
        "url": csv_url,
        "dc:title": [
            "govkg: goals against results, one row per target",
            {"@value": LEXICON.label("track.title"), "@language": "zh"},
        ],
        "dc:description": "Every target (a goal for a place, indicator and year) of a govkg build, with the outcome "
        "reported for the same year, whether it was met and the gap, and the report files and "
        "sentences that state each side. Written by `kg track`; the properties are the govkg "
        "ontology's (https://w3id.org/govkg/ontology#).",
        "dialect": {"delimiter": delimiter, "header": True, "encoding": "utf-8"},
        "tableSchema": {"columns": columns, "primaryKey": "target", "aboutUrl": "{+target}"},
    }


def write_csvw_metadata(csv_path: str | Path, delimiter: str = ",") -> Path:
    """Write the CSVW metadata of the CSV at ``csv_path`` beside it (see ``csvw_metadata_path``); returns its path."""
    csv_path = Path(csv_path)
    path = csvw_metadata_path(csv_path)
    text = json.dumps(csvw_metadata(_relative_url(csv_path.name), delimiter), ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _relative_url(file_name: str) -> str:
    """A file name as a relative URL, percent-encoded as tools that fetch it need:
    ``track-清苑区.csv`` -> ``track-%E6%B8%85%E8%8B%91%E5%8C%BA.csv``, ``a b#1.csv`` -> ``a%20b%231.csv``."""
    return quote(file_name, safe="")
