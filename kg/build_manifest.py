"""``build.json``: what a build wrote, which the next build's summary and its incremental parts read.

Most of it is the tables the next build reads to reuse what did not change: where each graph is
in graph.nq and what its segments were made from, what each report graph was made from, and where
each chunk of Turtle is in graph.ttl. They grow with the reports (600 bytes of JSON a report on
the corpus, 1.3 KB as Python objects), and a build held them through the view, which uses the
most memory of its phases. So they are written into the new generation as soon as they are
complete, before the view (``write_tables``), and let go; the manifest is then composed of the
view's fields and that text (``write_manifest``), the same bytes as one ``json.dump`` of all of it.

>>> import tempfile
>>> gen = Path(tempfile.mkdtemp())
>>> part = write_tables(gen, ManifestTables(graph_segments={"g": [(0, 10)]}))
>>> write_manifest(gen, {"reports": 1, "graph_sha256": {"g": "ab"}}, part)
>>> json.loads((gen / MANIFEST).read_text())["graph_segments"]
{'g': [[0, 10]]}
>>> part.exists()
False
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

MANIFEST = "build.json"

# (indent=1, the keys one space in: a JSON object's text opens with "{\n" and closes with "\n}")
_OPEN, _CLOSE = b"{\n", b"\n}"


@dataclass
class ManifestTables:
    """The tables of ``build.json`` the next build reads to reuse what did not change."""

    # where each graph is in graph.nq: the next build reads a changed graph's old lines there
    graph_segments: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # what the entities graph's segments were made from: the next store update reads only those that differ
    graph_segment_ids: dict[str, list[str]] = field(default_factory=dict)
    # what each report's graph was made from: the next build copies a graph of the same recipe
    graph_recipes: dict[str, str] = field(default_factory=dict)
    # where each chunk of the entities graph's Turtle is in graph.ttl: the next build copies it
    entity_turtle: dict[str, tuple[int, int]] = field(default_factory=dict)
    # where each report's Turtle is in graph.ttl, by its cache key: the next build copies it
    report_turtle: dict[str, tuple[int, int]] = field(default_factory=dict)


def write_tables(gen: Path, tables: ManifestTables) -> Path:
    """Write the tables as the manifest will hold them into a hidden file of the generation ``gen``,
    without the object's closing brace; returns its path, for ``write_manifest``. The caller lets
    ``tables`` go after this."""
    part = gen / f".{MANIFEST}.tables-{os.getpid()}"
    # written as it is encoded: json.dumps would make the whole text first (with indent, from a
    # list of millions of pieces), 140 MB at 50,000 reports; (shallow: asdict would copy every table)
    with open(part, "w", encoding="utf-8") as handle:
        json.dump({f.name: getattr(tables, f.name) for f in fields(tables)}, handle, ensure_ascii=False, indent=1)
    os.truncate(part, part.stat().st_size - len(_CLOSE))
    return part


def write_manifest(gen: Path, head: dict[str, Any], part: Path) -> None:
    """Write ``gen/build.json``: the fields of ``head``, then the tables ``write_tables`` wrote to
    ``part`` (which goes), in one replace: a reader sees the whole manifest or the one before."""
    temp = gen / f".{MANIFEST}.tmp-{os.getpid()}"
    text = json.dumps(head, ensure_ascii=False, indent=1).encode("utf-8")
    with open(temp, "wb") as handle, open(part, "rb") as tables:
        handle.write(text[: -len(_CLOSE)] + b",\n")
        tables.seek(len(_OPEN))
        shutil.copyfileobj(tables, handle)
        handle.write(_CLOSE + b"\n")
    os.replace(temp, gen / MANIFEST)
    part.unlink()


@dataclass(frozen=True)
class PreviousBuild:
    """What an output directory held before a build replaced it (from its ``build.json``)."""

    reports: int | None  # None: outputs of a build older than the manifest
    inputs: list[str]


def previous_build(out_dir: str | Path) -> PreviousBuild | None:
    """What the last build into ``out_dir`` was, or None when there is none.

    >>> import tempfile
    >>> previous_build(tempfile.mkdtemp()) is None
    True
    """
    out = Path(out_dir)
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return PreviousBuild(int(manifest["reports"]), [str(i) for i in manifest.get("inputs", [])])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return PreviousBuild(None, []) if (out / "graph.nq").exists() else None
