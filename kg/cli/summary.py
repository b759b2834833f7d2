"""The line `kg build` ends with, and its JSON form for scripts.

One place for the build's numbers, so that they are the ones the other commands print: the
triple count is every triple in graph.nq and the store (the ontology's included, as `kg export`
and `kg push` count them), and the time is the command's wall time, start-up and view included.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kg.build import BuildResult
from kg.figures import plural

PHASE_NAMES = {"extract": "read+extract+RDF", "assess": "assessments", "store": "store", "view": "view"}


def phase_seconds(result: BuildResult, seconds: float) -> dict[str, float]:
    """Seconds per phase, with what the build's phases do not cover (start-up, reading the
    command line, printing) as ``other``, so that the phases add up to the command's time."""
    phases = {name: result.phases[name] for name in PHASE_NAMES if name in result.phases}
    phases["other"] = max(0.0, seconds - sum(phases.values()))
    return phases


def build_summary(result: BuildResult, out_dir: str | Path, seconds: float) -> str:
    """built 5 reports (0 skipped): ... in 11.2 s (read+extract+RDF 4.9 s, ...) -> exports/: ..."""
    phases = ", ".join(
        f"{PHASE_NAMES.get(name, 'start-up and the rest')} {value:.1f} s"
        for name, value in phase_seconds(result, seconds).items()
    )
    outputs = ", ".join(name + ("/" if name == "store" else "") for name in result.outputs)
    line = (
        f"built {plural(len(result.reports), 'report')} ({len(result.skipped)} skipped): "
        f"{plural(result.facts, 'fact')}, {plural(result.assessments, 'assessed target')} ({result.met:,} met), "
        f"{plural(result.triples, 'triple')} ({result.ontology_triples:,} of them the ontology's) "
        f"in {seconds:.1f} s ({phases}) -> {os.fspath(out_dir)}/: {outputs}"
    )
    if result.reused:
        line += (
            f"; {result.reused:,} of {plural(len(result.reports) + len(result.skipped), 'file')} unchanged since "
            "the last build (not extracted again)"
        )
    previous = result.previous
    if previous is not None:
        if previous.reports is None:
            line += "; replaced a previous build"
        else:
            line += f"; replaced the previous build of {plural(previous.reports, 'report')}"
            if previous.inputs:
                line += f" ({', '.join(previous.inputs)})"
    return line


def build_summary_json(result: BuildResult, out_dir: str | Path, seconds: float) -> str:
    """The summary as one JSON object (keys are stable: scripts read them)."""
    previous = result.previous
    summary = {
        "reports": len(result.reports),
        "skipped": [{"file": f, "reason": r} for f, r in result.skipped],
        "facts": result.facts,
        "assessed_targets": result.assessments,
        "met": result.met,
        "triples": result.triples,
        "ontology_triples": result.ontology_triples,
        "seconds": round(seconds, 3),
        "phases": {k: round(v, 3) for k, v in phase_seconds(result, seconds).items()},
        "out": os.fspath(out_dir),
        "outputs": {name: os.fspath(path) for name, path in result.outputs.items()},
        "reused": result.reused,
        "store_update": result.store_update,
        "store_compacted": result.store_compacted,
        "view_facts_reread": result.view_facts_reread,
        "replaced": None if previous is None else {"reports": previous.reports, "inputs": previous.inputs},
        # figures of review and plan sentences left with no fact and no reason: a recall gauge
        "unattached": {
            "total": sum(report.unattached for report in result.reports),
            "figures": sum(report.figures for report in result.reports),
            "per_report": {report.source: report.unattached for report in result.reports},
        },
        "warnings": [c.describe() for c in result.conflicts]
        + result.warnings
        + [f"{report.source}: {warning}" for report in result.reports for warning in report.warnings],
    }
    return json.dumps(summary, ensure_ascii=False)
