"""Encodings and unusable files."""

import codecs

import pytest

from kg.ingest.reading import UnreadableReport, decode_bytes, find_report_files, read_report
from tests.conftest import GOOD_REPORT


@pytest.mark.parametrize(
    "encoding,prefix",
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("gbk", b""),
        ("gb18030", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
    ],
)
def test_encodings_are_detected(encoding, prefix):
    text, _ = decode_bytes(prefix + GOOD_REPORT.encode(encoding))
    assert text == GOOD_REPORT


def test_read_report_hashes_the_input_bytes(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(GOOD_REPORT.encode("gbk"))
    report = read_report(path)
    assert report.encoding == "gb18030" and len(report.sha256) == 64 and report.text == GOOD_REPORT


@pytest.mark.parametrize(
    "content,reason",
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (bytes(range(256)) * 20, "binary"),
        (b"just some english words about nothing in particular\n" * 40, "no Chinese report content"),
        ("今天天气很好。".encode() * 5, "no Chinese report content"),
    ],
)
def test_unusable_files_are_rejected_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableReport) as info:
        read_report(path)
    assert reason in info.value.reason and "\n" not in info.value.reason


def test_directories_are_walked_for_report_files(tmp_path):
    (tmp_path / "a").mkdir()
    for name in ("a/1.txt", "2.md", "3.html", "4.pdf", "a/5.htm"):
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in find_report_files([tmp_path])]
    assert found == ["2.md", "3.html", "a/1.txt", "a/5.htm"]


def test_a_missing_path_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        find_report_files([tmp_path / "nope"])
