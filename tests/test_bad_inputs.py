"""Bad inputs (issue 18): a report that is mostly good builds, with a warning saying what was repaired;
a file that cannot build is one line naming it, never a traceback. And a property test that feeds
report sentences mixed with random Unicode, escapes, control characters and huge numbers through
normalise → pipeline → RDF and checks that nothing raises and that every output parses.
"""

from __future__ import annotations

import codecs
import os
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg.build
import kg.ingest.reading
import kg.report_jobs
from kg.build import NoReportsBuilt, build
from kg.cli import cli
from kg.errors import printable_path
from kg.graph.rdf import iri_segment
from kg.ingest.normalise import normalise
from kg.ingest.reading import MAX_DAMAGED_SHARE, find_report_files, read_report
from tests.conftest import GOOD_REPORT


def build_one(tmp_path: Path, name: str | bytes, data: bytes):
    """Write one input file and build it alone (no network view: it is not what these tests are about)."""
    inputs = tmp_path / "in"
    inputs.mkdir(exist_ok=True)
    path = Path(os.fsdecode(os.path.join(os.fsencode(inputs), os.fsencode(name))))
    path.write_bytes(data)
    return path, build([path], tmp_path / "out", jobs=1, view=False)


def skipped_alone(tmp_path: Path, name: str, data: bytes) -> list[tuple[str, str]]:
    """Build one file that should not build; what the build says about it."""
    with pytest.raises(NoReportsBuilt) as info:
        build_one(tmp_path, name, data)
    return info.value.skipped


def assert_built(result) -> None:
    assert result.skipped == [] and len(result.reports) == 1
    assert result.reports[0].place == "鲤城区" and result.reports[0].plan_year == 2024


# --- 1. <U+D840><U+DC00>: a surrogate pair written as escapes ---------------------------------------


def test_surrogate_escapes_are_joined_and_a_lone_one_is_dropped_with_a_warning(tmp_path):
    text = GOOD_REPORT.replace("王克思", "王<U+D840><U+DC00>思").replace("各位代表", "各位<U+D800>代表")
    normalised = normalise(text)
    assert "王\U00020000思" in normalised.text and "\ufffd" not in normalised.text
    assert normalised.warnings == ("1 unpaired surrogate (such as <U+D800>) could not be decoded and was dropped",)
    _, result = build_one(tmp_path, "surrogates.txt", text.encode())
    assert_built(result)


# --- 2. a number of 21+ digits with 亿 ----------------------------------------------------------------


def test_a_figure_too_large_to_be_real_is_dropped_not_the_report(tmp_path):
    text = GOOD_REPORT.replace("15.32亿元", "123456789012345678901234亿元")
    _, result = build_one(tmp_path, "huge.txt", text.encode())
    assert_built(result)
    extraction, _ = kg.report_jobs.extract_report(tmp_path / "in" / "huge.txt")
    revenue = [
        (fact.measure.value, fact.value)
        for fact in extraction.facts
        if fact.indicator.notation == "GeneralPublicBudgetRevenue"
    ]
    assert revenue == [("growth", 10)]  # 增长10% after the figure that was dropped is still read
    doc = kg.report_jobs.pipeline()(normalise(text).text)
    assert doc._.warnings == ["1 figure too large to be real was not read (123456789012345678901234亿元)"]


# --- 3. damaged bytes ---------------------------------------------------------------------------------

GOOD_UTF8 = GOOD_REPORT.encode()
_BEFORE_LICHENG = GOOD_UTF8.index("鲤".encode())  # between two characters of the header


@pytest.mark.parametrize(
    "data,warnings",
    [
        (
            GOOD_UTF8[:_BEFORE_LICHENG] + b"\xff" + GOOD_UTF8[_BEFORE_LICHENG:],
            ["1 byte could not be decoded as utf-8 and was replaced"],
        ),
        (
            GOOD_UTF8[:_BEFORE_LICHENG] + b"\xff" + GOOD_UTF8[_BEFORE_LICHENG + 1 :],  # 鲤 loses its first byte
            ["3 bytes could not be decoded as utf-8 and were replaced"],
        ),
        (GOOD_UTF8[:-2], ["2 bytes could not be decoded as utf-8 and were replaced"]),  # cut inside 。
        (GOOD_REPORT.encode("gbk")[:-2], ["1 byte could not be decoded as gb18030 and was replaced"]),
        (
            codecs.BOM_UTF16_LE + GOOD_REPORT.encode("utf-16-le")[:-1],
            ["1 byte could not be decoded as utf-16 and was replaced"],
        ),
        (GOOD_REPORT.encode("utf-16-le")[:-1], ["1 byte could not be decoded as utf-16-le and was replaced"]),
        (GOOD_UTF8[:_BEFORE_LICHENG] + b"\x00" + GOOD_UTF8[_BEFORE_LICHENG:], ["1 NUL character was dropped"]),
    ],
    ids=["bad-byte", "bad-character", "utf8-cut", "gbk-cut", "utf16-odd-length", "utf16-no-bom-odd-length", "nul-byte"],
)
def test_a_report_with_a_few_bad_bytes_builds_with_a_warning(tmp_path, data, warnings):
    path, result = build_one(tmp_path, "damaged.txt", data)
    assert_built(result)
    assert list(read_report(path).warnings) == warnings
    assert result.reports[0].warnings == warnings


def test_a_file_with_more_than_a_few_bad_bytes_is_still_not_text(tmp_path):
    step = int(1 / MAX_DAMAGED_SHARE) // 4  # four times the share of bad bytes a report may have
    damaged = bytes(b if i % step else 0xFF for i, b in enumerate(GOOD_UTF8 * 3))
    assert skipped_alone(tmp_path, "damaged.txt", damaged) == [
        (str(tmp_path / "in" / "damaged.txt"), "not text in any known encoding")
    ]


def test_the_warning_is_printed_with_the_file_name(tmp_path):
    (tmp_path / "cut.txt").write_bytes(GOOD_UTF8[:-2])
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "cut.txt"), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    assert (
        f"warning: {tmp_path / 'cut.txt'}: 2 bytes could not be decoded as utf-8 and were replaced"
        in result.stderr.splitlines()
    )


# --- 4. over 1,000,000 characters ---------------------------------------------------------------------


def test_a_report_over_a_million_characters_builds(tmp_path):
    # Distinct lines, as several reports joined into one file are: repeated ones would be dropped.
    body = "".join(f"第{i}项:我们推进工作落实,建设美丽城区,改善民生福祉,完成投资{i}万元。\n" for i in range(27_000))
    text = GOOD_REPORT + body
    assert len(normalise(text).text) > 1_000_000
    _, result = build_one(tmp_path, "long.txt", text.encode())
    assert_built(result)


def test_a_file_too_long_for_one_report_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(kg.ingest.reading, "MAX_REPORT_CHARACTERS", 1000)  # 5,000,000 in earnest
    ((source, reason),) = skipped_alone(tmp_path, "long.txt", GOOD_UTF8 * 4)
    assert reason.startswith("too long for one report (") and "split it into its reports" in reason


# --- 5. file names ------------------------------------------------------------------------------------

NOT_UTF8_NAME = "鲤城区".encode() + b"\xff.txt"  # Linux allows any bytes but / and NUL in a name


def test_a_file_name_that_is_not_utf8_builds_and_is_shown_escaped(tmp_path):
    (tmp_path / "in").mkdir()
    path = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path / "in"), NOT_UTF8_NAME)))
    path.write_bytes(GOOD_UTF8)
    result = build([tmp_path / "in"], tmp_path / "out", jobs=1, view=False)
    assert_built(result)
    assert read_report(path).name == "鲤城区\\xff.txt"
    assert "鲤城区\\\\xff.txt" in (tmp_path / "out" / "graph.nq").read_text(encoding="utf-8")  # gk:sourceFile


def test_a_file_name_that_is_not_utf8_named_on_the_command_line_builds(tmp_path):
    _, result = build_one(tmp_path, NOT_UTF8_NAME, GOOD_UTF8)  # build.json lists the inputs
    assert_built(result)
    assert result.reports[0].source.endswith("鲤城区\\xff.txt")


def test_printable_path_escapes_what_a_terminal_would_act_on():
    assert printable_path("a\nb\x1b[31m\u202ec.txt") == "a\\nb\\x1b[31m\\u202ec.txt"
    assert printable_path(b"/tmp/\xb1\xa8\xb8\xe6.txt") == "/tmp/\\xb1\\xa8\\xb8\\xe6.txt"
    assert printable_path("泉州 鲤城区\u3000报告.txt") == "泉州 鲤城区\u3000报告.txt"
    assert printable_path("a\\n.txt") == "a\\\\n.txt"


def test_a_file_name_with_a_newline_and_an_escape_code_is_one_escaped_line(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "报告\n2024\x1b[31m.txt").write_bytes(GOOD_UTF8)
    (inputs / "坏\x1b]0;title\x07.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["build", str(inputs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    lines = result.stderr.splitlines()
    assert f"skipped {inputs}/坏\\x1b]0;title\\x07.txt: empty file" in lines
    assert any(line.startswith(f"{inputs}/报告\\n2024\\x1b[31m.txt: 鲤城区 2024") for line in lines)


def test_a_missing_path_is_named_escaped():
    with pytest.raises(FileNotFoundError, match=r"nope\\n\\x1b\[31m: no such file"):
        find_report_files(["/tmp/nope\n\x1b[31m"])


# --- 6. a FIFO or kg build <(cat 报告.txt) -------------------------------------------------------------


def _write_later(path_or_fd, data: bytes) -> threading.Thread:
    def write():
        with open(path_or_fd, "wb") as stream:
            stream.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


def test_a_named_pipe_is_read_once_as_a_report(tmp_path):
    fifo = tmp_path / "报告.fifo"
    os.mkfifo(fifo)
    assert find_report_files([fifo]) == [fifo]
    writer = _write_later(fifo, GOOD_UTF8)
    result = build([fifo], tmp_path / "out", jobs=1, view=False)
    writer.join(5)
    assert_built(result)


def test_process_substitution_is_read_as_a_report(tmp_path):
    read_end, write_end = os.pipe()  # what the shell hands over for <(cat 报告.txt)
    try:
        writer = _write_later(write_end, GOOD_UTF8)
        result = build([f"/dev/fd/{read_end}"], tmp_path / "out", jobs=1, view=False)
        writer.join(5)
    finally:
        os.close(read_end)
    assert_built(result)


def test_a_pipe_found_in_a_directory_is_not_waited_for(tmp_path):
    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    (tmp_path / "in" / "good.txt").write_bytes(GOOD_UTF8)
    assert find_report_files([tmp_path / "in"]) == [tmp_path / "in" / "good.txt"]


# --- 7. an unreadable subdirectory --------------------------------------------------------------------


def test_an_unreadable_subdirectory_is_one_skipped_line(tmp_path, monkeypatch):
    inputs = tmp_path / "in"
    (inputs / "secret").mkdir(parents=True)
    (inputs / "good.txt").write_bytes(GOOD_UTF8)
    (inputs / "secret" / "hidden.txt").write_bytes(GOOD_UTF8)
    if os.geteuid() == 0:  # root reads any directory: make this one refuse, as it would refuse a user
        scandir = os.scandir

        def refusing(path="."):
            if os.fspath(path) == str(inputs / "secret"):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return scandir(path)

        monkeypatch.setattr(os, "scandir", refusing)
    else:
        (inputs / "secret").chmod(0)
    try:
        result = build([inputs], tmp_path / "out", jobs=1, view=False)
    finally:
        (inputs / "secret").chmod(0o755)
    assert len(result.reports) == 1
    assert result.skipped == [
        (str(inputs / "secret"), "directory not readable (permission denied): its reports were not built")
    ]


# --- 8. a character an IRI may not hold, in an entity name ----------------------------------------------

# GB18030 decodes the user-defined area (AAA1–AFFE) into the private-use area: 0xAAA1 is U+E000.
PRIVATE_USE_REPORT = GOOD_REPORT.replace("我们坚持发展经济", "科创\ue000中心等6个项目建成投用。我们坚持发展经济")


def test_a_private_use_character_is_read_into_the_entity_name():
    assert b"\xaa\xa1".decode("gb18030") == "\ue000"
    extraction, _ = _extract(PRIVATE_USE_REPORT)
    assert "科创\ue000中心" in {entity.label for entity in extraction.entities}


def test_a_private_use_character_in_an_entity_name_builds(tmp_path):
    _, result = build_one(tmp_path, "gb18030.txt", PRIVATE_USE_REPORT.encode("gb18030"))
    assert_built(result)
    graph = (tmp_path / "out" / "graph.nq").read_text(encoding="utf-8")
    assert "科创%EE%80%80中心" in graph


@pytest.mark.parametrize(
    "character", ["\ue000", "\uf8ff", "\ufdd0", "\ufffe", "\U000f0000", "\U0010fffd", "\x7f", "\x85", "\udcff"]
)
def test_iri_segments_encode_every_code_point_an_iri_may_not_hold(character):
    ox.NamedNode("https://w3id.org/govkg/id/project/" + iri_segment("科创" + character + "中心"))


# --- the property test: nothing raises, every output parses ------------------------------------------


def _extract(text: str):
    normalised = normalise(text)
    nlp = kg.report_jobs.pipeline()
    doc = nlp.make_doc(normalised.text)
    doc._.source_file, doc._.sha256, doc._.encoding = "fuzz.txt", "0" * 64, "utf-8"
    return nlp(doc)._.extraction, normalised


try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # hypothesis is in the test extra; without it only this test is skipped
    given = None

if given is not None:
    _SENTENCES = [line for line in GOOD_REPORT.splitlines() if line] + [
        "全区生产总值增长",
        "一般公共预算收入",
        "亿元",
        "增长",
        "%左右",
        "以上",
        "预计",
        "建成投用",
        "中心",
        "项目",
        "江南片区",
        "总投资",
        "万人",
        "。",
        ",",
        "\n",
    ]
    _ESCAPES = [
        "<U+D840><U+DC00>",
        "<U+D800>",
        "<U+DC00>",
        "<U+DBFF><U+DFFF>",
        "<U+110000>",
        "<U+0000>",
        "<U+FFFE>",
        "\\r\\n",
        "\\t",
        "&#xD800;",
        "&#0;",
        "&#x110000;",
        "????",
        "_M_M_",
        "經(jīng)",
    ]
    # Co and Cn: private use (what GB18030 decodes some rare characters into), non-characters and
    # unassigned code points, which an IRI may not hold as they are
    _CATEGORIES = ["Lo", "Nd", "Po", "Zs", "Cc", "Cf", "Cs", "So", "Lu", "Co", "Cn"]
    _NOISE = st.one_of(
        st.text(st.characters(categories=_CATEGORIES), max_size=12),
        st.text(st.characters(max_codepoint=0x9F), max_size=6),  # ASCII and control characters
        st.sampled_from(_ESCAPES),
        st.integers(10**15, 10**40).map(lambda n: f"{n}亿元"),
        st.integers(10**15, 10**40).map(lambda n: f"增长{n}%"),
        st.integers(0, 10**6).map(lambda n: f"{n / 7:.3f}万元"),
    )
    _REPORT_TEXT = st.lists(st.one_of(st.sampled_from(_SENTENCES), _NOISE), max_size=60).map("".join)

    @settings(
        max_examples=50,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(middle=_REPORT_TEXT, tail=_REPORT_TEXT)
    def test_generated_report_text_never_raises_and_its_rdf_parses(middle, tail):
        from kg.graph.rdf import report_graph

        head, rest = GOOD_REPORT.split("一、", 1)
        extraction, normalised = _extract(head + middle + "一、" + rest + tail)
        assert len(normalised.offsets) == len(normalised.text) + 1
        if extraction.metadata.place is None:
            return  # the build skips it with a reason
        graph = report_graph(extraction, normalised)
        for triples in (graph.triples, graph.shared):
            for rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE):
                parsed = list(ox.parse(ox.serialize(triples, format=rdf_format), format=rdf_format))
                assert {quad.triple for quad in parsed} == set(triples)
        quads = graph.quads
        assert len(
            list(ox.parse(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS))
        ) == len(quads)
else:

    @pytest.mark.skip(reason="hypothesis is not installed (pip install 'hypothesis>=6')")
    def test_generated_report_text_never_raises_and_its_rdf_parses():
        pass


def test_two_files_of_one_name_in_two_folders_stay_two_reports(tmp_path):
    """Same place, year and file name, different text: two report graphs, each with its own
    gk:sha256, named by as much of their paths as tells them apart."""
    for folder, extra in (("2024", ""), ("copy", "\n补充说明。\n")):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "报告.txt").write_text(GOOD_REPORT + extra, encoding="utf-8")
    result = build([tmp_path / "in"], tmp_path / "out", jobs=1, view=False)
    assert len(result.reports) == 2
    store = ox.Store()
    store.bulk_load(path=str(tmp_path / "out" / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    rows = store.query(
        "SELECT ?r ?file (COUNT(?sha) AS ?n) WHERE { GRAPH ?r { ?r "
        "<https://w3id.org/govkg/ontology#sourceFile> ?file ; <https://w3id.org/govkg/ontology#sha256> "
        "?sha } } GROUP BY ?r ?file"
    )
    found = sorted((row["r"].value.rsplit("/", 1)[1], row["file"].value, int(row["n"].value)) for row in rows)
    assert found == [("2024%2F报告", "2024/报告.txt", 1), ("copy%2F报告", "copy/报告.txt", 1)]
