"""The code's own checks, run with the tests: ruff (lint, ruff.toml) and mypy (setup.cfg's [mypy])."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from collections import Counter
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
# places, the lexicon and the indicator scheme, the vocabulary, wording, text widths and one-line errors.
STAGES = ("shared", "ingest", "extract", "graph", "store", "views", "build", "cli")
SHARED = {
    "model",
    "places",
    "townships",
    "figures",
    "text_width",
    "errors",
    "lexicon",
    "vocab",
    "ontology",
    "freed_memory",
}


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


# --- Chinese words are data -------------------------------------------------------------------
# Every Chinese word or pattern the code reads by is a row of kg/lexicon/zh/*.tsv (with an example),
# and every Chinese word an output shows is a row of labels.tsv. What is left in Python strings is
# below, each with why: English help and documentation whose example is Chinese. A literal is
# counted by the Han characters its value holds (so "\u53e3" counts as 口), leaving out docstrings,
# comments and regex ranges of the script itself ([\u4e00-\u9fff]); punctuation (。、) is not a word.
ALLOWED_CHINESE_LITERALS = {
    ("kg/cli/build_command.py", "左右"): "--tolerance help: English, naming the comparator word it is about",
    ("kg/cli/read_commands.py", "鲤城区 鲤城"): "--place help: an example of a full and a short place name",
    ("kg/cli/read_commands.py", "地区生产总值"): "--indicator help (kg track, kg plot): an example indicator label",
    ("kg/cli/store_commands.py", "清苑区"): "--param help: an example parameter value",
    ("kg/explain.py", "鲤城区"): "--place error: an example of a full place name",
    ("kg/store/query.py", "清苑区"): "--param error: an example parameter value",
    ("kg/views/network_filters.py", "地区生产总值"): "--indicator error: an example indicator label",
    ("kg/views/track.py", "清苑区"): "CSVW column description (English): an example place",
    ("kg/views/track.py", "地区生产总值"): "CSVW column description (English): an example indicator label",
    ("kg/views/track.py", "增长 左右 万人以上 与经济增长基本同步"): "CSVW column description (English): example goals",
    ("kg/views/track.py", "增长 左右 下降"): "CSVW column description (English): example goal values",
    ("kg/views/track.py", "亿元 万人"): "CSVW column description (English): example units",
    ("kg/views/track.py", "左右 以上 以内"): "CSVW column description (English): the words of each comparator",
    ("kg/views/track.py", "增长 预计"): "CSVW column description (English): an example outcome",
    # FigureReason's values: English descriptions kg explain shows; the words are patterns.tsv figure_reason_*
    ("kg/model.py", "年均 累计 五年 十四五"): "FigureReason.MULTI_YEAR's description: examples of its words",
    ("kg/model.py", "占 比重"): "FigureReason.SHARE's description: examples of its words",
    ("kg/model.py", "总投资 的项目"): "FigureReason.PROJECT's description: examples of its words",
    ("kg/model.py", "扣除房地产开发投资后"): "FigureReason.OTHER_BASIS's description: an example",
}
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_SCRIPT_RANGE = re.compile(r"[\u3400-\u9fff]-[\u3400-\u9fff]")
_SCRIPT_BOUNDS = {"\u3400", "\u4dbf", "\u4e00", "\u9fff"}  # "\u4e00" <= char <= "\u9fff"


def chinese_literals(path: Path) -> list[str]:
    """The Han characters of each string literal in a module (but its docstrings), one entry a literal."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    skipped |= {id(node) for node in ast.walk(tree) if isinstance(node, ast.Constant) and node.value in _SCRIPT_BOUNDS}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
            words = _HAN.findall(_SCRIPT_RANGE.sub("", node.value))
            if words:
                found.append(" ".join(words))
    return found


def test_no_chinese_words_in_code_but_the_allowed():
    found = Counter(
        (str(path.relative_to(PROJECT)), words)
        for module, path in kg_modules()
        if not module.startswith("kg.lexicon")
        for words in chinese_literals(path)
    )
    unexpected = sorted(f"{path}: {words}" for path, words in found if (path, words) not in ALLOWED_CHINESE_LITERALS)
    assert not unexpected, "Chinese words in code; make them lexicon rows (kg/lexicon/zh):\n" + "\n".join(unexpected)
    stale = sorted(f"{path}: {words}" for path, words in ALLOWED_CHINESE_LITERALS if (path, words) not in found)
    assert not stale, "allowed but no longer in the code; take them off the list:\n" + "\n".join(stale)


def test_the_chinese_literal_check_sees_escapes_and_skips_docstrings(tmp_path):
    module = tmp_path / "m.py"
    lines = ('"""文档"""', 'A = "\\u53e3\\u53e3"', 'B = r"[\\u4e00-\\u9fff]+"', 'E = "\\u4e00" <= A[0] <= "\\u9fff"')
    module.write_text("\n".join((*lines, 'C = "。、"', 'D = f"{A}年"', "")))
    assert chinese_literals(module) == ["口口", "年"]
