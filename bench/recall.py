"""Recall benchmark: hand-read gold for reports nobody tuned for, scored against a build.

Builds the reports named in a gold file (same format as ../shared/gold/seed_indicators.json,
by default tests/gold/provinces_recall.json over ../shared/corpus), reads the facts and the
report metadata back from the store by SPARQL (the reading and the matching rules of
tests/test_gold.py), and prints precision / recall / F1 for targets, outcomes and metadata per
report and overall, then every miss (with the gold's quote and what the build found for that
indicator instead, if anything) and every false positive with its sentence.

Precision counts facts of the gold's closed list of indicators only (a fact outside the list,
such as 粮食产量 or 城镇调查失业率, is neither right nor wrong); one extracted fact is one
(kind, indicator, year, measure), as in tests/test_gold.py. A gold fact marked ``"unsure": true`` (one its
reader could not decide: a scope, a year, a bound, its 预计) is neither right nor wrong: it is no miss when
absent, and a fact of its kind, indicator, year and measure that matches no other gold fact is not counted.

Usage: python bench/recall.py [--gold tests/gold/provinces_recall.json] [--corpus ../shared/corpus]
                              [--out DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

import zhconv_rs  # noqa: E402

from kg.build import build  # noqa: E402
from kg.places import gazetteer, short_name  # noqa: E402
from kg.store.embedded import open_store  # noqa: E402
from tests.test_gold import GK, _rows, expected_facts, facts_of, matches, same_key  # noqa: E402
from tests.test_gold import LEVEL_CLASSES as SEED_LEVEL_CLASSES  # noqa: E402

DEFAULT_GOLD = PROJECT / "tests" / "gold" / "provinces_recall.json"
DEFAULT_CORPUS = PROJECT.parent / "shared" / "corpus"

# tests/test_gold.py's LEVEL_CLASSES, with the province-level classes the seeds do not have.
LEVEL_CLASSES = {
    **SEED_LEVEL_CLASSES,
    "province-level municipality": "Municipality",
    "autonomous region": "AutonomousRegion",
    "national": "Country",
    # the hand readers' names for the kinds the ontology files under one class: an autonomous
    # prefecture (州) and a league (盟) are prefecture-level, a banner (旗) and an autonomous county county-level
    "prefecture-level city": "PrefectureCity",
    "prefecture city": "PrefectureCity",
    "autonomous prefecture": "PrefectureCity",
    "league": "PrefectureCity",
    "autonomous county": "County",
    "banner": "County",
}
METADATA_FIELDS = (
    "place",
    "parent",
    "level",
    "review_year",
    "plan_year",
    "delivered",
    "speaker",
    "speaker_title",
    "session",
)


def report_metadata(store, source_file: str) -> dict | None:
    """tests/test_gold.py's metadata reading, with the parent of any class (a province's is the
    country) and every field optional, so that a wrong or missing field scores instead of failing."""
    rows = list(
        _rows(
            store,
            f"""
        SELECT ?place ?parent ?class ?review ?plan ?delivered ?speaker ?position ?session WHERE {{
          ?r a gk:Report ; gk:sourceFile "{source_file}" .
          OPTIONAL {{ ?r gk:place ?p . ?p rdfs:label ?place ; a ?class .
                      FILTER(STRSTARTS(STR(?class), "{GK}"))
                      OPTIONAL {{ ?p gk:locatedIn ?pp . ?pp rdfs:label ?parent }} }}
          OPTIONAL {{ ?r gk:reviewYear ?review }}
          OPTIONAL {{ ?r gk:planYear ?plan }}
          OPTIONAL {{ ?r gk:deliveredOn ?delivered }}
          OPTIONAL {{ ?r gk:session ?session }}
          OPTIONAL {{ ?r gk:deliveredBy ?person . ?person rdfs:label ?speaker }}
          OPTIONAL {{ ?r gk:speakerPosition ?position }}
        }}""",
        )
    )
    return rows[0] if rows else None


def metadata_checks(store, report: dict) -> list[tuple[str, object, object]]:
    """(field, expected, found) for every metadata field of the gold report."""
    found = report_metadata(store, report["file"]) or {}
    level = LEVEL_CLASSES.get(report.get("level"), report.get("level"))
    got = {
        "place": found.get("place"),
        "parent": found.get("parent"),
        "level": (found.get("class") or "").replace(GK, "") or None,
        "review_year": found.get("review"),
        "plan_year": found.get("plan"),
        "delivered": found.get("delivered"),
        "speaker": found.get("speaker"),
        "speaker_title": found.get("position"),
        "session": found.get("session"),
    }
    want = {
        "place": report.get("place"),
        "parent": report.get("parent"),
        "level": level,
        "review_year": str(report["review_year"]),
        "plan_year": str(report["plan_year"]),
        "delivered": report.get("delivered"),
        "speaker": report.get("speaker"),
        "speaker_title": report.get("speaker_title"),
        "session": report.get("session"),
    }
    return [
        (name, want[name], _as_read(name, want[name], got[name]))
        for name in METADATA_FIELDS
        if name in report or name in ("level", "review_year", "plan_year")
    ]


def _place_right(checks: list[tuple[str, object, object]]) -> bool:
    """Whether the build hung the report on the gold's place, or on none (a place renamed or written
    another way counts: 辽中县 is 辽中区, 海西州 is 海西蒙古族藏族自治州)."""
    for name, want, got in checks:
        if name == "place" and want and got and want != got:
            return _same_place(zhconv_rs.zhconv(str(want), "zh-hans"), str(got))
    return True


def _same_place(want: str, got: str) -> bool:
    if any(place.name == got for place in gazetteer().named(want)):  # 察右后旗 is 察哈尔右翼后旗
        return True
    return short_name(want) == short_name(got) or got.startswith(short_name(want)) or want.startswith(short_name(got))


def _as_read(name: str, want, got):
    """What the build found, in the gold's terms where only the writing differs: a name read from a
    Traditional text (貴陽市 is 贵阳市), a parent given with its own parents (安徽省宣城市 for 宣城市),
    a province's parent left blank (the country)."""
    if want == "" and got is None:
        return want  # nothing to find, nothing found
    if not isinstance(want, str) or not isinstance(got, str):
        return got
    if zhconv_rs.zhconv(want, "zh-hans") == got:
        return want
    if name == "parent" and (zhconv_rs.zhconv(want, "zh-hans").endswith(got) or (want == "" and "国" in got)):
        return want
    # a municipality or an autonomous region is the readers' "province" (province-level)
    if name == "level" and want == "Province" and got in ("Municipality", "AutonomousRegion"):
        return want
    # a session written short by the reader and in full by the build (宁德市三届人大二次会议 is
    # 宁德市第三届人民代表大会第二次会议): the same place, term and sitting
    if name == "session" and _session_key(zhconv_rs.zhconv(want, "zh-hans")) == _session_key(got) != (None, None):
        return want
    return got


_SESSION_NUMBERS = re.compile(r"第?([一二三四五六七八九十]+)届.*?第?([一二三四五六七八九十]+)次")


def _session_key(session: str) -> tuple[str | None, str | None]:
    """The term and the sitting of a session's name (十一届人大四次会议: 十一, 四)."""
    found = _SESSION_NUMBERS.search(session)
    return (found.group(1), found.group(2)) if found else (None, None)


def range_bounds(store, source_file: str) -> dict[tuple, str]:
    """(kind, notation, year, measure, value) -> gk:maxValue of every range fact (增长5%—5.5%) of a report."""
    rows = _rows(
        store,
        f"""
        SELECT ?kind ?notation ?year ?measure ?value ?max WHERE {{
          ?r gk:sourceFile "{source_file}" .
          ?f gk:report ?r ; a ?kind ; gk:indicator/skos:notation ?notation ; gk:year ?year ;
             gk:measure ?measure ; gk:value ?value ; gk:maxValue ?max .
          FILTER(?kind IN (gk:Target, gk:Outcome))
        }}""",
    )
    return {(r["kind"], r["notation"], r["year"], r["measure"], r["value"]): r["max"] for r in rows}


def fact_matches(row: dict, kind: str, year: int, fact: dict, ranges: dict) -> bool:
    """tests/test_gold.py's ``matches``, plus ranges: a gold fact with comparator "between" has
    "value" (lower bound) and "value_max" and matches a gk:Between fact with the same bounds. A unit
    read by hand from a Traditional text (億元) is compared in the Simplified characters a build writes."""
    fact = {**fact, "unit": zhconv_rs.zhconv(fact["unit"], "zh-hans")} if fact.get("unit") else fact
    if fact.get("comparator") != "between":
        return row["comparator"] != GK + "Between" and matches(row, kind, year, fact)
    if row["comparator"] != GK + "Between":
        return False
    bound = ranges.get((row["kind"], row["notation"], row["year"], row["measure"], row["value"]))
    if bound is None or Decimal(bound) != Decimal(str(fact["value_max"])):
        return False
    return matches({**row, "comparator": GK + "Exactly"}, kind, year, {**fact, "comparator": "eq"})


def _prf(tp_found: int, gold: int, extracted: int, wrong: int) -> dict:
    precision = (extracted - wrong) / extracted if extracted else 1.0
    recall = tp_found / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold": gold,
        "found": tp_found,
        "extracted": extracted,
        "wrong": wrong,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def _short(row: dict) -> str:
    kind = row["kind"].split("#")[1]
    measure = row["measure"].split("#")[1]
    comparator = row["comparator"].split("#")[1]
    value = row["text"] if row["value"] is None else f"{row['value']} {row['unit']}"
    estimated = " 预计" if row["estimated"] == "true" else ""
    return f"{kind} {row['notation']} {row['year']} {measure} {comparator} {value}{estimated}"


def _gold_short(kind: str, year: int, fact: dict) -> str:
    value = fact.get("text") if fact["measure"] == "qualitative" else f"{fact['value']} {fact['unit']}"
    estimated = " 预计" if fact.get("estimated") else ""
    return (
        f"{kind.split('#')[1]} {fact['indicator']} {year} {fact['measure']} "
        f"{fact.get('comparator', 'eq')} {value}{estimated}"
    )


def score_store(store, gold: dict) -> dict:
    """Per-report and overall scores of a store against the gold, with the misses and false positives."""
    headline = set(gold["indicators"])
    reports, misses, false_positives, metadata_errors = [], [], [], []
    totals = {k: [0, 0, 0, 0] for k in ("Target", "Outcome")}
    meta_total = meta_right = 0
    for report in gold["reports"]:
        checks = metadata_checks(store, report)
        # facts hung on another place are wrong, however right their figures (a county's report read as
        # its city's)
        found_rows = facts_of(store, report["file"])
        place_right = _place_right(checks)
        rows = found_rows if place_right else []
        wrong_place = (
            set()
            if place_right
            else {(r["kind"], r["notation"], r["year"], r["measure"]) for r in found_rows if r["notation"] in headline}
        )
        ranges = range_bounds(store, report["file"])
        expected = [item for item in expected_facts(report) if not item[2].get("unsure")]
        unsure = [item for item in expected_facts(report) if item[2].get("unsure")]
        counts = {k: [0, 0, 0, 0] for k in ("Target", "Outcome")}  # found, gold, extracted, wrong
        for kind, year, fact in expected:
            name = kind.split("#")[1]
            counts[name][1] += 1
            if any(fact_matches(row, kind, year, fact, ranges) for row in rows):
                counts[name][0] += 1
            else:
                near = sorted({_short(r) for r in rows if r["kind"] == kind and r["notation"] == fact["indicator"]})
                misses.append(
                    {
                        "file": report["file"],
                        "kind": name,
                        "gold": _gold_short(kind, year, fact),
                        "quote": fact.get("quote"),
                        "extracted_instead": near,
                    }
                )
        seen: dict[tuple, dict] = {}
        for row in rows:
            if row["notation"] not in headline:
                continue
            key = (row["kind"], row["notation"], row["year"], row["measure"])
            if key in seen:
                seen[key]["sentences"].add(row["sentence"])
                continue
            seen[key] = {"row": row, "sentences": {row["sentence"]}}
        for item in seen.values():
            row = item["row"]
            name = row["kind"].split("#")[1]
            is_right = any(fact_matches(row, kind, year, fact, ranges) for kind, year, fact in expected)
            if not is_right and any(same_key(row, kind, year, fact) for kind, year, fact in unsure):
                continue  # what the reader could not decide (its figure, bound or 预计) counts neither way
            counts[name][2] += 1
            if not is_right:
                counts[name][3] += 1
                false_positives.append(
                    {"file": report["file"], "kind": name, "fact": _short(row), "sentences": sorted(item["sentences"])}
                )
        for kind, *_ in wrong_place:
            counts[kind.split("#")[1]][2] += 1  # extracted, and wrong
            counts[kind.split("#")[1]][3] += 1
        right = sum(1 for _, want, got in checks if want == got)
        meta_total += len(checks)
        meta_right += right
        metadata_errors += [{"file": report["file"], "field": f, "gold": w, "found": g} for f, w, g in checks if w != g]
        for name in counts:
            totals[name] = [a + b for a, b in zip(totals[name], counts[name])]
        reports.append(
            {
                "file": report["file"],
                "targets": _prf(*counts["Target"]),
                "outcomes": _prf(*counts["Outcome"]),
                "metadata": right / len(checks) if checks else 1.0,
            }
        )
    overall_facts = [a + b for a, b in zip(totals["Target"], totals["Outcome"])]
    return {
        "reports": reports,
        "overall": {
            "targets": _prf(*totals["Target"]),
            "outcomes": _prf(*totals["Outcome"]),
            "facts": _prf(*overall_facts),
            "metadata": meta_right / meta_total if meta_total else 1.0,
        },
        "misses": misses,
        "false_positives": false_positives,
        "metadata_errors": metadata_errors,
    }


def score(gold_path: Path = DEFAULT_GOLD, corpus: Path = DEFAULT_CORPUS, out: Path | None = None) -> dict:
    """Build the gold's reports from ``corpus`` (into ``out`` or a temporary directory) and score them."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    paths = [Path(corpus) / report["file"] for report in gold["reports"]]
    absent = [str(p) for p in paths if not p.is_file()]
    if absent:
        raise FileNotFoundError("not in the corpus: " + ", ".join(absent))
    with tempfile.TemporaryDirectory(prefix="recall-") as tmp:
        out_dir = Path(out) if out else Path(tmp)
        build(paths, out_dir, jobs=2, view=False)
        store = open_store(out_dir)
        try:
            return score_store(store, gold)
        finally:
            store.close()


def _fmt(s: dict) -> str:
    scores = f"{s['precision']:.2f} / {s['recall']:.2f} / {s['f1']:.2f}"
    return f"{scores} ({s['found']}/{s['gold']}, {s['wrong']} wrong of {s['extracted']})"


def print_report(result: dict, stream=sys.stdout) -> None:
    w = lambda line="": print(line, file=stream)  # noqa: E731
    w(f"{'report':48} {'targets P / R / F1':34} {'outcomes P / R / F1':34} metadata")
    for r in result["reports"]:
        w(f"{r['file']:48} {_fmt(r['targets']):34} {_fmt(r['outcomes']):34} {r['metadata']:.2f}")
    o = result["overall"]
    w(f"{'OVERALL':48} {_fmt(o['targets']):34} {_fmt(o['outcomes']):34} {o['metadata']:.2f}")
    w(f"{'all facts':48} {_fmt(o['facts'])}")
    w()
    w(f"MISSES ({len(result['misses'])})")
    for m in result["misses"]:
        w(f"- {m['file']}: {m['gold']}")
        if m["quote"]:
            w(f"    text: {m['quote']}")
        for near in m["extracted_instead"]:
            w(f"    built instead: {near}")
    w()
    w(f"FALSE POSITIVES ({len(result['false_positives'])})")
    for fp in result["false_positives"]:
        w(f"- {fp['file']}: {fp['fact']}")
        for sentence in fp["sentences"]:
            w(f"    sentence: {sentence}")
    w()
    w(f"METADATA ERRORS ({len(result['metadata_errors'])})")
    for e in result["metadata_errors"]:
        w(f"- {e['file']}: {e['field']}: gold {e['gold']!r}, found {e['found']!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=None, help="keep the build here (default: a temporary directory)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    result = score(args.gold, args.corpus, args.out)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
