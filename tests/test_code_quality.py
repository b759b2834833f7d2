"""The code's own checks, run with the tests: ruff (lint, ruff.toml) and mypy (setup.cfg's [mypy])."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


def tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    if found.exists():
        return str(found)
    on_path = shutil.which(name)
    if on_path is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return on_path


def test_ruff_finds_nothing():
    done = subprocess.run(
        [tool("ruff"), "check", "kg", "tests", "bench"], cwd=PROJECT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing():
    done = subprocess.run([tool("mypy")], cwd=PROJECT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_changes_nothing():
    done = subprocess.run(
        [tool("ruff"), "format", "--check", "kg", "tests", "bench"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# The package's folders in the order data flows through them: a module may import from its own
# stage and the stages before it, never from a later one (extraction knows nothing of RDF, RDF
# nothing of the store). The first stage is what every stage shares: the records (model), the
# places, the lexicon and the indicator scheme, the vocabulary, wording and one-line errors.
STAGES = ("shared", "ingest", "extract", "graph", "store", "views", "build", "cli")
SHARED = {"model", "places", "townships", "figures", "errors", "lexicon", "vocab", "ontology"}


def stage_of(module: str) -> str:
    """The stage a module belongs to.

    >>> stage_of("kg.extract.entities.filters"), stage_of("kg.places"), stage_of("kg.report_jobs")
    ('extract', 'shared', 'build')
    """
    top = module.split(".")[1]
    if top in SHARED:
        return "shared"
    return top if top in STAGES else "build"  # build, report_jobs, report_cache, explain


def kg_modules():
    for path in sorted((PROJECT / "kg").rglob("*.py")):
        parts = path.relative_to(PROJECT).with_suffix("").parts
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def test_imports_point_down_the_flow():
    import ast

    wrong = []
    for module, path in kg_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kg."):
                imported = node.module
            elif isinstance(node, ast.Import):
                imported = next((a.name for a in node.names if a.name.startswith("kg.")), "")
            else:
                continue
            if imported and STAGES.index(stage_of(imported)) > STAGES.index(stage_of(module)):
                wrong.append(f"{path.relative_to(PROJECT)}:{node.lineno} imports {imported}")
    assert not wrong, "\n".join(wrong)


def test_every_stage_is_a_folder_and_no_module_is_over_500_lines():
    folders = {p.name for p in (PROJECT / "kg").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert {"ingest", "extract", "graph", "store", "views", "cli", "lexicon"} <= folders
    long = [
        f"{path.relative_to(PROJECT)}: {n} lines"
        for _, path in kg_modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500
    ]
    assert not long, "\n".join(long)
