"""`kg track` output: plots in Chinese whatever matplotlib's font cache says, the --plot suffix check,
and --output with its CSV on the Web (CSVW) metadata."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import textwrap
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.views.plot import PLOT_FORMATS, _cjk_font_files, plot_suffixes
from kg.views.track import CSV_COLUMNS, csvw_metadata_path
from tests.conftest import PROJECT
from tests.test_assess import pair  # noqa: F401  (the two-report build whose targets are met, missed and open)

GK = "https://w3id.org/govkg/ontology#"


# --- A: Chinese titles whatever the font cache ---------------------------------------------------

# Runs in a fresh interpreter, so that matplotlib reads the font cache in MPLCONFIGDIR and nothing
# this test process has registered: prints whether the cache knew a Chinese font, then plots.
PLOT_SCRIPT = textwrap.dedent("""
    import sys, warnings
    warnings.simplefilter("always")
    from matplotlib import font_manager
    import kg.views.plot
    from kg.views.track import track
    families = {f.name for f in font_manager.fontManager.ttflist}
    print("cache knows a Chinese font:", kg.views.plot._preferred_family(families) is not None)
    if sys.argv[3] == "no-font-files":
        kg.views.plot._cjk_font_files = lambda: []
    kg.views.plot.plot_tracks(track(sys.argv[1]), sys.argv[2])
""")


def stale_font_cache(config_dir: Path, font_files: list[str]) -> dict:
    """An MPLCONFIGDIR whose font cache was built before the Chinese fonts were installed.

    matplotlib builds the cache (fontlist-v*.json) on first use; taking the font files out of it
    afterwards leaves it as it is on a machine where `apt-get install fonts-noto-cjk` came later.
    """
    env = {**os.environ, "MPLCONFIGDIR": str(config_dir)}
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env, check=True, timeout=120)
    cache = next(config_dir.glob("fontlist-*.json"))
    fonts = json.loads(cache.read_text(encoding="utf-8"))
    fonts["ttflist"] = [font for font in fonts["ttflist"] if font["fname"] not in font_files]
    cache.write_text(json.dumps(fonts), encoding="utf-8")
    return env


def run_plot(env: dict, out: Path, image: Path, mode: str = "normal") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PLOT_SCRIPT, str(out), str(image), mode],
        env=env,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def cjk_font_files() -> list[str]:
    files = _cjk_font_files()
    if not files:
        pytest.skip("no font with Chinese characters on this machine (apt-get install fonts-noto-cjk)")
    return files


def test_plot_titles_are_chinese_when_the_font_cache_predates_the_font(pair, cjk_font_files, tmp_path):  # noqa: F811
    _, _, out = pair
    env = stale_font_cache(tmp_path / "mpl", cjk_font_files)
    image = tmp_path / "track.svg"
    result = run_plot(env, out, image)
    assert result.returncode == 0, result.stderr
    assert "cache knows a Chinese font: False" in result.stdout  # the situation of the issue
    # before: "Glyph 22320 (\N{CJK UNIFIED IDEOGRAPH-5730}) missing from font(s) DejaVu Sans" per character
    assert "missing from font" not in result.stderr and "findfont" not in result.stderr, result.stderr
    svg = image.read_text(encoding="utf-8")
    # matplotlib's SVG keeps each text as a comment beside its glyph paths
    assert "<!-- 鲤城区 地区生产总值 (增速) -->" in svg and "<!-- 目标 met -->" in svg
    assert "<!-- GDP (growth, %) -->" not in svg


def test_plot_without_any_chinese_font_has_latin_titles_and_no_boxes(pair, cjk_font_files, tmp_path):  # noqa: F811
    _, _, out = pair
    env = stale_font_cache(tmp_path / "mpl", cjk_font_files)
    image = tmp_path / "track.svg"
    result = run_plot(env, out, image, "no-font-files")
    assert result.returncode == 0, result.stderr
    assert "missing from font" not in result.stderr and "findfont" not in result.stderr, result.stderr
    svg = image.read_text(encoding="utf-8")
    # 万人 cannot be drawn without a Chinese font, so the unit is left out rather than drawn as boxes
    assert "<!-- GDP (growth, %) -->" in svg and "<!-- NewUrbanJobs (level) -->" in svg


# --- B: the --plot suffix --------------------------------------------------------------------------


def test_an_unsupported_plot_suffix_is_a_usage_error_before_any_output(pair, tmp_path):  # noqa: F811
    _, _, out = pair
    result = CliRunner().invoke(cli, ["track", "--out", str(out), "--plot", str(tmp_path / "x.jpg")])
    # before: the whole table, the summary, then "Error: x.jpg: give a .png, .svg or .pdf file name", status 1
    assert result.exit_code == 2 and result.stdout == "", result.output
    assert f"Invalid value for '--plot': x.jpg: the file name must end in {plot_suffixes()}" in result.stderr
    assert "targets" not in result.stderr and not (tmp_path / "x.jpg").exists()


def test_plot_help_and_error_name_the_same_suffixes_and_each_one_is_written(pair, tmp_path):  # noqa: F811
    _, _, out = pair
    runner = CliRunner()
    help_text = " ".join(runner.invoke(cli, ["track", "--help"]).stdout.split())
    assert plot_suffixes() == ".png, .svg or .pdf" and f"image format: {plot_suffixes()}." in help_text
    magic = {".png": b"\x89PNG\r\n\x1a\n", ".svg": b"<?xml", ".pdf": b"%PDF"}
    assert set(magic) == set(PLOT_FORMATS)
    for suffix, start in magic.items():
        image = tmp_path / f"track{suffix.upper()}"  # the suffix is matched without regard to case
        result = runner.invoke(cli, ["track", "--out", str(out), "--plot", str(image)])
        assert result.exit_code == 0, result.output
        assert image.read_bytes().startswith(start)


# --- D: --output and CSVW metadata -------------------------------------------------------------

# The datatypes CSVW defines (https://www.w3.org/TR/tabular-metadata/#datatypes), and how each
# one used here reads a cell when no format is given.
CSVW_DATATYPES = {
    "anyAtomicType",
    "anyURI",
    "base64Binary",
    "boolean",
    "date",
    "dateTime",
    "dateTimeStamp",
    "decimal",
    "integer",
    "long",
    "int",
    "short",
    "byte",
    "nonNegativeInteger",
    "positiveInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
    "nonPositiveInteger",
    "negativeInteger",
    "double",
    "duration",
    "dayTimeDuration",
    "yearMonthDuration",
    "float",
    "gDay",
    "gMonth",
    "gMonthDay",
    "gYear",
    "gYearMonth",
    "hexBinary",
    "QName",
    "string",
    "normalizedString",
    "token",
    "language",
    "Name",
    "NMTOKEN",
    "xml",
    "html",
    "json",
    "time",
    "any",
    "binary",
    "datetime",
    "number",
}
LEXICAL = {
    "gYear": re.compile(r"-?\d{4,}"),
    "decimal": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    "integer": re.compile(r"[+-]?\d+"),
    "boolean": re.compile(r"true|false|1|0"),
    "anyURI": re.compile(r"https://\S+"),
}


def check_cell(value: str, column: dict) -> None:
    """Fail unless ``value`` is valid for the column's datatype, format and required flag."""
    if value == "":
        assert not column.get("required"), f"{column['name']} is required"
        return
    datatype = column["datatype"] if isinstance(column["datatype"], dict) else {"base": column["datatype"]}
    base, pattern = datatype["base"], datatype.get("format")
    if base == "boolean" and pattern:
        assert value in pattern.split("|"), (column["name"], value)
    elif pattern:
        assert re.fullmatch(pattern, value), (column["name"], value)
    elif base in LEXICAL:
        assert LEXICAL[base].fullmatch(value), (column["name"], value)
    if base == "decimal":
        try:
            Decimal(value)
        except InvalidOperation:
            pytest.fail(f"{column['name']}: {value!r} is not a decimal")


def csv_with_metadata(out: Path, csv_path: Path, *options: str) -> tuple[dict, list[list[str]]]:
    result = CliRunner().invoke(cli, ["track", "--out", str(out), "-o", str(csv_path), "--csvw", *options])
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and f"CSVW metadata to {csv_path}-metadata.json" in result.stderr
    metadata = json.loads(csvw_metadata_path(csv_path).read_text(encoding="utf-8"))
    # the url is relative to the metadata file, which sits beside the CSV
    assert (csvw_metadata_path(csv_path).parent / unquote(metadata["url"])) == csv_path
    with csv_path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle, delimiter=metadata["dialect"]["delimiter"]))
    return metadata, table


def test_csvw_metadata_describes_the_csv_column_by_column(pair, tmp_path):  # noqa: F811
    _, _, out = pair
    csv_path = tmp_path / "track-鲤城区.csv"  # a Chinese file name: the url is percent-encoded
    metadata, table = csv_with_metadata(out, csv_path)
    header, rows = table[0], table[1:]
    assert metadata["@context"][0] == "http://www.w3.org/ns/csvw"
    assert metadata["url"] == "track-%E9%B2%A4%E5%9F%8E%E5%8C%BA.csv"
    assert metadata["dialect"] == {"delimiter": ",", "header": True, "encoding": "utf-8"}
    schema = metadata["tableSchema"]
    columns = [c for c in schema["columns"] if not c.get("virtual")]
    assert [c["name"] for c in columns] == header == list(CSV_COLUMNS)
    for column in columns:
        # a CSVW processor matches each header cell against the column's titles
        assert column["titles"]["und"] == column["name"] and column["titles"]["zh"]
        assert column["dc:description"]
        base = column["datatype"]["base"] if isinstance(column["datatype"], dict) else column["datatype"]
        assert base in CSVW_DATATYPES
    by_name = {c["name"]: c for c in columns}
    assert [by_name[n]["datatype"] for n in ("year", "goal_value", "target")] == ["gYear", "decimal", "anyURI"]
    assert by_name["met"]["datatype"] == {"base": "boolean", "format": "True|False"}

    statuses = set()
    for row in rows:
        assert len(row) == len(columns)
        for value, column in zip(row, columns):
            check_cell(value, column)
        statuses.add(row[header.index("status")])
    assert statuses == {"met", "missed", "open"} and len(rows) >= 10
    keys = [row[header.index(schema["primaryKey"])] for row in rows]
    assert len(set(keys)) == len(keys)


def test_csvw_property_urls_are_govkg_ontology_terms(pair, tmp_path):  # noqa: F811
    _, _, out = pair
    metadata, table = csv_with_metadata(out, tmp_path / "track.csv")
    ontology = ox.Store()
    ontology.load(path=str(PROJECT / "ontology" / "govkg.ttl"), format=ox.RdfFormat.TURTLE)
    defined = {quad.subject.value for quad in ontology.quads_for_pattern(None, None, None)}
    mapped = {c["name"]: c["propertyUrl"] for c in metadata["tableSchema"]["columns"] if "propertyUrl" in c}
    assert mapped["goal_value"] == mapped["achieved_value"] == GK + "value"
    assert {mapped[n] for n in ("indicator", "year", "unit", "comparator")} == {
        GK + "indicator",
        GK + "year",
        GK + "unit",
        GK + "comparator",
    }
    for prop in mapped.values():
        assert not prop.startswith(GK) or prop in defined, f"{prop} is not in ontology/govkg.ttl"
    # each row is about its target, as in the graph: {+target} is the target column's IRI
    header, first = table[0], table[1]
    assert metadata["tableSchema"]["aboutUrl"] == "{+target}"
    assert first[header.index("target")].startswith("https://w3id.org/govkg/id/target/")
    comparator = next(c for c in metadata["tableSchema"]["columns"] if c["name"] == "comparator")
    assert comparator["valueUrl"].replace("{comparator}", first[header.index("comparator")]) in defined


def test_pandas_reads_the_csv_with_the_metadata_datatypes(pair, tmp_path):  # noqa: F811
    pandas = pytest.importorskip("pandas")
    _, _, out = pair
    metadata, table = csv_with_metadata(out, tmp_path / "track.tsv")
    assert metadata["dialect"]["delimiter"] == "\t"
    columns = [c for c in metadata["tableSchema"]["columns"] if not c.get("virtual")]
    frame = pandas.read_csv(
        tmp_path / "track.tsv",
        sep=metadata["dialect"]["delimiter"],
        dtype=str,
        keep_default_na=False,
        encoding=metadata["dialect"]["encoding"],
    )
    assert list(frame.columns) == [c["name"] for c in columns] and len(frame) == len(table) - 1
    years = frame["year"].astype(int)
    decimals = [c["name"] for c in columns if c["datatype"] == "decimal"]
    assert decimals == ["goal_value", "achieved_value", "gap"]
    gaps = pandas.to_numeric(frame["gap"].replace("", None))
    assert years.min() >= 2024 and gaps.notna().any()


def test_output_format_follows_the_file_suffix_unless_given(pair, tmp_path):  # noqa: F811
    _, _, out = pair
    runner = CliRunner()
    result = runner.invoke(cli, ["track", "--out", str(out), "-o", str(tmp_path / "rows.json")])
    assert result.exit_code == 0 and result.stdout == ""
    rows = json.loads((tmp_path / "rows.json").read_text(encoding="utf-8"))
    assert rows[0]["target"].startswith("https://w3id.org/govkg/id/target/")
    runner.invoke(cli, ["track", "--out", str(out), "-o", str(tmp_path / "rows.txt")])
    assert (tmp_path / "rows.txt").read_text(encoding="utf-8").split()[:2] == ["地区", "指标"]
    runner.invoke(cli, ["track", "--out", str(out), "--format", "tsv", "-o", str(tmp_path / "rows.json")])
    assert (tmp_path / "rows.json").read_text(encoding="utf-8").startswith("place\tindicator\t")


@pytest.mark.parametrize(
    "options,message",
    [
        (["--csvw"], "--csvw needs --output"),
        (["--csvw", "-o", "rows.json"], "--csvw describes CSV or TSV, not json"),
        (["--csvw", "-o", "rows.csv", "--format", "table"], "--csvw describes CSV or TSV, not table"),
    ],
)
def test_csvw_without_a_csv_file_is_a_usage_error(pair, tmp_path, options, message):  # noqa: F811
    _, _, out = pair
    options = [str(tmp_path / o) if o.startswith("rows.") else o for o in options]
    result = CliRunner().invoke(cli, ["track", "--out", str(out), *options])
    assert result.exit_code == 2 and message in result.stderr and result.stdout == ""
    assert list(tmp_path.iterdir()) == []
