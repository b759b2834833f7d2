"""Every example in the README runs as written, on the seeds build, and answers something.

The README's shell blocks are run line by line with bash, in order, in a scratch directory laid
out like the project (``seeds/``, ``queries/``, ``exports/`` holding a build of the seeds, and
``../shared`` beside it when the project has it), with the project's ``kg`` first on PATH. Its
SPARQL blocks are run with ``kg query`` on that build. What cannot run here is named below with
the reason; a new example of an unknown kind fails until it is placed.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT, SEEDS, SHARED

README = PROJECT / "README.md"
KG = Path(sys.executable).parent / "kg"

# Commands the scratch directory cannot run, with why; each is covered elsewhere.
NOT_RUN_HERE = {
    "kg push": "needs a writable triple store on the network: tests/test_stores.py pushes to real servers",
    "kg serve": "runs until stopped: tests/test_stores.py starts it and queries it",
    "kg build --scheduler": "needs a Dask cluster: tests/test_cluster.py starts a scheduler and two workers",
}
# Only the project's own command runs from the usage blocks; the setup commands are CI's own.
SETUP_LINES = re.compile(r"^(?:python3 -m venv|\.venv/bin/|\. \.venv/bin/activate|source )")


def readme_blocks(language: str) -> list[str]:
    """The fenced blocks of one language, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```", README.read_text(encoding="utf-8"), flags=re.M | re.S)


def example_lines() -> list[str]:
    lines = []
    for block in readme_blocks("sh"):
        for line in block.splitlines():
            line = line.strip()
            if line and not line.startswith("#") and not SETUP_LINES.match(line):
                lines.append(line)
    return lines


@pytest.fixture(scope="module")
def scratch(tmp_path_factory, seed_build):
    """A directory laid out like the project, with exports/ holding a fresh build of the seeds."""
    if not KG.exists():
        pytest.skip(f"{KG} is not installed (pip install -e .)")
    root = tmp_path_factory.mktemp("readme")
    work = root / "project"
    work.mkdir()
    (work / "seeds").symlink_to(SEEDS)
    (work / "queries").symlink_to(PROJECT / "queries")
    _, built = seed_build
    shutil.copytree(built, work / "exports")
    if SHARED.is_dir():
        (root / "shared").symlink_to(SHARED)
    return work


def run(line: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{KG.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run(["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_the_readme_has_examples():
    lines = example_lines()
    assert len(lines) >= 15 and all(line.startswith("kg ") for line in lines), lines


def test_every_shell_example_runs_as_written(scratch):
    """In README order: an example may use what one before it made (a build in /tmp/corpus-kg)."""
    ran = []
    for line in example_lines():
        skip = next((why for command, why in NOT_RUN_HERE.items() if line.startswith(command + " ")), None)
        if skip:
            continue
        if ("../shared" in line or "/tmp/corpus-kg" in line) and not SHARED.is_dir():
            continue  # the corpus examples need ../shared beside the project
        done = run(line, scratch)
        assert done.returncode == 0, f"{line}\nexit {done.returncode}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr, f"{line}\n{done.stderr[-2000:]}"
        if (
            re.match(r"kg (query|track|export)\b", line)
            and "--help" not in line
            and ">" not in line
            and " -o " not in line
            and "--plot" not in line
        ):
            assert done.stdout.strip(), f"{line}: printed nothing"
            assert not done.stdout.startswith("0 rows"), f"{line}: no rows"
            if line.startswith("kg query") and "--list" not in line:
                # a table: header, rule, at least one row; csv/tsv: header and a row
                assert len(done.stdout.strip().splitlines()) >= 2, f"{line}: no rows\n{done.stdout}"
        ran.append(line)
    assert len(ran) >= 10, ran


def test_every_sparql_example_answers_on_the_seeds_build(scratch):
    blocks = readme_blocks("sparql")
    assert blocks
    for block in blocks:
        done = run(f"kg query {shlex.quote(block)}", scratch)
        assert done.returncode == 0, f"{block}\n{done.stderr}"
        rows = done.stdout.strip().splitlines()
        assert len(rows) >= 3, f"no rows for\n{block}\n{done.stdout}{done.stderr}"
