"""Find report files and decode their bytes into text.

A report is skipped (``UnreadableReport``) when it is empty, binary, in an
encoding we cannot decode, or holds no Chinese report content; the reason is
one short line that the CLI prints next to the file name.
"""
from __future__ import annotations

import codecs
import hashlib
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import charset_normalizer

REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm")

# A real work report has thousands of Han characters; a news summary a few hundred.
MIN_HAN_CHARACTERS = 150
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Words that any government work report, summary or excerpt contains (in either script).
_REPORT_WORDS = re.compile(r"政府|工作|发展|發展|经济|經濟|报告|報告|代表|建设|建設")


class UnreadableReport(Exception):
    """A file that cannot be used as a report; ``str(exc)`` is the one-line reason."""

    def __init__(self, path: Path, reason: str):
        super().__init__(reason)
        self.path = Path(path)
        self.reason = reason


@dataclass(frozen=True)
class RawReport:
    """A decoded input file, before any normalisation."""

    path: Path
    text: str
    encoding: str
    sha256: str

    @property
    def name(self) -> str:
        return self.path.name


def find_report_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and directories into a sorted, de-duplicated list of report files.

    Directories are walked recursively for ``*.txt``, ``*.md``, ``*.html`` and
    ``*.htm``; a file named explicitly is taken whatever its suffix.
    A path that does not exist raises ``FileNotFoundError``.
    """
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in REPORT_SUFFIXES:
                    found[child] = None
        elif path.is_file():
            found[path] = None
        else:
            raise FileNotFoundError(f"{path}: no such file or directory")
    return sorted(found, key=lambda p: str(p))


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode report bytes, returning ``(text, encoding)``.

    Handles UTF-8 with or without BOM, UTF-16 with BOM or (for mostly-ASCII
    markup) without, and GB18030/GBK. Raises ``ValueError`` with a reason.
    """
    if not data.strip():
        raise ValueError("empty file")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ValueError(f"invalid {encoding} after its byte-order mark ({exc.reason})")
    if b"\x00" in data:
        utf16 = _guess_bomless_utf16(data)
        if utf16:
            return data.decode(utf16), utf16
        raise ValueError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ValueError("not text in any known encoding")
    return str(best), best.encoding


def _guess_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: try both byte orders, keep the one that yields Han text."""
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_HAN.findall(text)) > len(text) * 0.2:
            return encoding
    return None


def read_report(path: str | Path) -> RawReport:
    """Read and decode one report file; raise ``UnreadableReport`` when it is unusable."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableReport(path, f"cannot read file ({exc.strerror or exc})") from None
    try:
        text, encoding = decode_bytes(data)
    except ValueError as exc:
        raise UnreadableReport(path, str(exc)) from None
    if "\x00" in text:
        raise UnreadableReport(path, "binary file (contains NUL characters)")
    han = sum(1 for _ in itertools.islice(_HAN.finditer(text), MIN_HAN_CHARACTERS))  # enough is enough
    if han < MIN_HAN_CHARACTERS:
        raise UnreadableReport(path, f"no Chinese report content ({han} Han characters)")
    if not _REPORT_WORDS.search(text):
        raise UnreadableReport(path, "no Chinese report content (no report vocabulary)")
    return RawReport(path=path, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())


def iter_reports(paths: Iterable[Path]) -> Iterator[RawReport | UnreadableReport]:
    """Read each path in turn, yielding the report or the reason it was skipped."""
    for path in paths:
        try:
            yield read_report(path)
        except UnreadableReport as exc:
            yield exc
