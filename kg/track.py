"""``track``: every target of a build with what was achieved, read back from the built graph.

One ``TrackRow`` per target: place, indicator, year, the goal, the outcome it was judged
against (from the assessments graph that ``kg build`` writes), met or not, the gap, and
the reports (and sentences) that state each side.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from kg.places import short_name
from kg.vocab import GK, PROV, RDFS, SKOS

_COMPARATOR_WORDS = {"About": "左右", "AtLeast": "以上", "AtMost": "以内", "Exactly": "", "Between": ""}

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
    indicator: str          # notation, e.g. GDP
    indicator_label: str    # 地区生产总值
    year: int
    measure: str            # growth, level, qualitative
    goal: str               # as a reader would write it: 增长6%左右, 1100万人以上, 与经济增长同步
    goal_value: Decimal | None
    unit: str | None
    comparator: str
    achieved: str | None    # 增长5.6%, 580亿元 (预计)
    achieved_value: Decimal | None
    met: bool | None        # None: not assessed yet (no outcome, or not decidable)
    gap: Decimal | None
    target_report: str
    outcome_report: str | None
    target_sentence: str
    outcome_sentence: str | None

    @property
    def status(self) -> str:
        return "open" if self.met is None else ("met" if self.met else "missed")


def load_graph(out_dir: str | Path) -> ox.Store:
    """The build's store (its queries read the union of the build's graphs)."""
    from kg.store import open_store
    return open_store(out_dir)


def track(out_dir: str | Path = "exports", place: str | None = None, indicator: str | None = None,
          since: int | None = None, until: int | None = None, store: ox.Store | None = None) -> list[TrackRow]:
    """Every target of the build in ``out_dir`` with its outcome, ordered by place, indicator and year.

    ``place`` matches a place's full or short name (鲤城区 or 鲤城); ``indicator`` a notation
    (GDP) or a Chinese label (地区生产总值); ``since``/``until`` bound the target year.
    """
    store = store or load_graph(out_dir)
    rows: dict[str, TrackRow] = {}
    for solution in store.query(_QUERY):
        value = {name: (solution[name].value if solution[name] is not None else None)
                 for name in ("target", "place", "notation", "indicator", "year", "measure", "value", "valueMax",
                              "unit", "comparator", "text", "targetFile", "targetSentence", "outcome",
                              "outcomeValue", "outcomeUnit", "estimated", "met", "gap", "outcomeFile",
                              "outcomeSentence")}
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
        achieved = describe_figure(measure if measure != "qualitative" else "growth", achieved_value, None,
                           v["outcomeUnit"], "Exactly") + (" (预计)" if v["estimated"] == "true" else "")
    return TrackRow(
        place=v["place"], indicator=v["notation"], indicator_label=v["indicator"], year=int(v["year"]),
        measure=measure,
        goal=v["text"] if measure == "qualitative" else describe_figure(
            measure, goal_value, Decimal(v["valueMax"]) if v["valueMax"] else None, v["unit"], comparator),
        goal_value=goal_value, unit=v["unit"], comparator=comparator, achieved=achieved,
        achieved_value=achieved_value, met=None if v["met"] is None else v["met"] == "true",
        gap=Decimal(v["gap"]) if v["gap"] is not None else None, target_report=v["targetFile"],
        outcome_report=v["outcomeFile"], target_sentence=v["targetSentence"], outcome_sentence=v["outcomeSentence"],
    )


def describe_figure(measure: str, value: Decimal | None, value_max: Decimal | None, unit: str | None, comparator: str) -> str:
    """增长6%左右, 下降2.2%, 5%~6%, 1100万人以上."""
    if value is None:
        return ""
    amount = _number(abs(value) if measure == "growth" else value)
    if value_max is not None:
        amount += "~" + _number(abs(value_max) if measure == "growth" else value_max)
    text = amount + (unit or "") + _COMPARATOR_WORDS.get(comparator, "")
    if measure == "growth":
        text = ("下降" if value < 0 else "增长") + text
    return text


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


# --- output formats --------------------------------------------------------------------

TABLE_COLUMNS = ("place", "indicator_label", "year", "goal", "achieved", "status", "gap", "target_report",
                 "outcome_report")
HEADERS = {"place": "地区", "indicator_label": "指标", "year": "年份", "goal": "目标", "achieved": "实际",
           "status": "完成", "gap": "差距", "target_report": "目标出处", "outcome_report": "实际出处"}
_STATUS_WORDS = {"met": "✓ 完成", "missed": "✗ 未完成", "open": "—"}


def as_table(rows: list[TrackRow]) -> str:
    """A plain-text table whose columns line up with Chinese text (wide characters count double)."""
    cells = [[HEADERS[c] for c in TABLE_COLUMNS]]
    for row in rows:
        cells.append([_cell(row, c) for c in TABLE_COLUMNS])
    widths = [max(display_width(line[i]) for line in cells) for i in range(len(TABLE_COLUMNS))]
    lines = []
    for index, line in enumerate(cells):
        lines.append("  ".join(text + " " * (width - display_width(text)) for text, width in zip(line, widths)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _cell(row: TrackRow, column: str) -> str:
    if column == "status":
        return _STATUS_WORDS[row.status]
    if column == "gap":
        return "" if row.gap is None else ("+" if row.gap > 0 else "") + _number(row.gap)
    value = getattr(row, column)
    return "" if value is None else str(value)


def display_width(text: str) -> int:
    """Terminal columns a string takes: East Asian wide and full-width characters count two.

    >>> display_width("GDP增长")
    7
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def as_csv(rows: list[TrackRow], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    fields = list(TrackRow.__dataclass_fields__) + ["status"]
    writer = csv.DictWriter(buffer, fieldnames=fields, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**{k: ("" if v is None else v) for k, v in asdict(row).items()}, "status": row.status})
    return buffer.getvalue()


def as_json(rows: list[TrackRow]) -> str:
    def plain(value):
        return str(value) if isinstance(value, Decimal) else value

    return json.dumps([{**{k: plain(v) for k, v in asdict(row).items()}, "status": row.status} for row in rows],
                      ensure_ascii=False, indent=2)
