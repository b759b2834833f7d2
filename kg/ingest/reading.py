"""Find report files and decode their bytes into text.

A report is skipped (``UnreadableReport``) when it is empty, binary, in an
encoding we cannot decode, too long, or holds no Chinese report content; the
reason is one short line that the CLI prints next to the file name. A report
that is damaged only here and there (a bad byte, a file cut in the middle of a
character, a stray NUL byte) is decoded with the damage replaced, and says so
in ``RawReport.warnings``.
"""

from __future__ import annotations

import codecs
import hashlib
import itertools
import os
import re
import stat
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from kg.errors import printable_path
from kg.figures import plural
from kg.lexicon import LEXICON

REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm")

# A real work report has thousands of Han characters; a news summary a few hundred.
MIN_HAN_CHARACTERS = 150
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Words that any government work report, summary or excerpt contains (in either script).
_REPORT_WORDS = LEXICON.pattern("report_words")

# A national report has some 30,000 characters, so 5,000,000 are some 150 reports joined into one
# file. The build keeps every character of a report as a spaCy token (about 120 bytes each) and its
# offset map: at this length a build peaks at about 1 GB (measured: 4.9 million characters, 1.04 GB);
# a longer file is refused with a reason rather than run out of memory.
MAX_REPORT_CHARACTERS = 5_000_000
# Read no more than this from a file or stream (/dev/zero, a pipe that never ends): four bytes a character.
MAX_REPORT_BYTES = 4 * MAX_REPORT_CHARACTERS
# A report with a bad byte here and there (one byte of 经 lost in a copy, a file cut in the middle of
# 济) is decoded with the bad bytes replaced; past this share of bad bytes it is not text in that encoding.
MAX_DAMAGED_SHARE = 0.01
# Control bytes that text never holds (tab, line breaks, form feed, DOS end of file and escape aside):
# a file with more than MAX_DAMAGED_SHARE of them is binary, even where GB18030 would decode it.
_BINARY_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\r\x0b\x0c\x1a\x1b")
_NON_ASCII_BYTES = bytes(range(0x80, 0x100))


class UnreadableReport(Exception):
    """A file that cannot be used as a report; ``str(exc)`` is the one-line reason."""

    def __init__(self, path: Path, reason: str):
        super().__init__(reason)
        self.path = Path(path)
        self.reason = reason


@dataclass(frozen=True)
class RawReport:
    """A decoded input file, before any normalisation; ``warnings`` says what was repaired."""

    path: Path
    text: str
    encoding: str
    sha256: str
    warnings: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The file name as it can be printed and stored in RDF (see ``printable_path``)."""
        return printable_path(self.path.name)


# --- file names ---------------------------------------------------------------------------


def find_report_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and directories into a sorted, de-duplicated list of report files.

    Directories are walked recursively for ``*.txt``, ``*.md``, ``*.html`` and
    ``*.htm``; a path named explicitly is taken whatever its suffix, and whatever it is: a
    file, a named pipe or the ``/dev/fd/63`` of ``kg build <(unzip -p reports.zip)``, read once.
    A directory that cannot be listed is listed itself, so that reading it says why its
    reports are missing. A path that does not exist raises ``FileNotFoundError``.
    """
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        try:
            is_directory = stat.S_ISDIR(path.stat().st_mode)
        except FileNotFoundError:
            raise FileNotFoundError(f"{printable_path(path)}: no such file or directory") from None
        except OSError:
            is_directory = False  # reading it says why (permission denied, a loop of links)
        if is_directory:
            found.update(dict.fromkeys(_walk_for_reports(path)))
        else:
            found[path] = None
    return sorted(found, key=lambda p: str(p))


def report_names(files: Iterable[Path]) -> dict[Path, str]:
    """The name each file goes by in the graph (``gk:sourceFile``, and the report's IRI): its file
    name, or where two files share one, as much of their paths as tells them apart, so that
    2024/报告.txt and 2025/报告.txt stay two reports.

    >>> names = report_names([Path("a/x/报告.txt"), Path("b/x/报告.txt"), Path("c/其他.txt")])
    >>> [names[p] for p in sorted(names)]
    ['a/x/报告.txt', 'b/x/报告.txt', '其他.txt']
    """
    files = list(files)
    names = {f: printable_path(f.name) for f in files}
    by_name: dict[str, list[Path]] = {}
    for f in files:
        by_name.setdefault(f.name, []).append(f)
    for group in (g for g in by_name.values() if len(g) > 1):
        parts = [f.parts for f in group]
        for depth in range(2, max(len(p) for p in parts) + 1):
            tails = ["/".join(p[-depth:]) for p in parts]
            if len(set(tails)) == len(tails):
                break
        names.update(zip(group, map(printable_path, tails)))
    return names


def _walk_for_reports(directory: Path) -> Iterator[Path]:
    """Report files under ``directory``, and the directories under it that cannot be listed."""
    unreadable: list[Path] = []
    for folder, _, names in os.walk(directory, onerror=lambda error: unreadable.append(Path(error.filename))):
        for name in names:
            child = Path(folder, name)
            if child.suffix.lower() not in REPORT_SUFFIXES:
                continue
            try:
                if stat.S_ISREG(child.stat().st_mode):  # not a pipe or device found in a folder
                    yield child
            except FileNotFoundError:
                continue  # a dangling link
            except OSError:
                yield child  # reading it says why
    yield from unreadable


# --- decoding -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from a file's bytes, with the number of bytes that had to be replaced."""

    text: str
    encoding: str
    replaced_bytes: int = 0

    @property
    def warnings(self) -> tuple[str, ...]:
        found = []
        if self.replaced_bytes:
            found.append(
                f"{plural(self.replaced_bytes, 'byte')} could not be decoded as {self.encoding} "
                f"and {'was' if self.replaced_bytes == 1 else 'were'} replaced"
            )
        nuls = self.text.count("\x00") if "\x00" in self.text else 0  # `in` is the faster scan
        if nuls:
            found.append(f"{plural(nuls, 'NUL character')} {'was' if nuls == 1 else 'were'} dropped")
        return tuple(found)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode report bytes, returning ``(text, encoding)``; see ``decode_report_bytes``."""
    decoded = decode_report_bytes(data)
    return decoded.text, decoded.encoding


def decode_report_bytes(data: bytes) -> DecodedText:
    """Decode report bytes.

    Handles UTF-8 with or without BOM, UTF-16 with BOM or (for mostly-ASCII
    markup) without, and GB18030/GBK; where no encoding decodes every byte, the
    one that decodes all but a few (``MAX_DAMAGED_SHARE``) is taken and the
    others are replaced by U+FFFD. NUL characters are kept (normalisation drops
    them) and counted in the warnings. Raises ``ValueError`` with a reason.

    >>> decoded = decode_report_bytes(("政府工作报告" * 20).encode()[:-1])      # cut in the middle of 告
    >>> decoded.text.endswith("工作报\\ufffd"), decoded.warnings
    (True, ('2 bytes could not be decoded as utf-8 and were replaced',))
    """
    if not data.strip():
        raise ValueError("empty file")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            decoded = _decode_counting(data, encoding)
            if not _acceptable(decoded, data):
                raise ValueError(
                    f"invalid {encoding} after its byte-order mark ({plural(decoded.replaced_bytes, 'bad byte')})"
                )
            return decoded
    # UTF-16 has a NUL byte in every ASCII character; one stray NUL in UTF-8 text is damage, dropped later.
    if b"\x00" in data and data.count(0) > MAX_DAMAGED_SHARE * len(data):
        utf16 = _guess_bomless_utf16(data)
        if utf16:
            return utf16
        if _binary(data):
            raise ValueError("binary file (contains NUL bytes)")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # A few bad bytes among many valid UTF-8 sequences: UTF-8 (other encodings' bytes are hardly ever
    # valid UTF-8). Measured against the non-ASCII bytes, so that a GBK page of markup with a few
    # hundred Han characters is not taken for UTF-8 with those characters replaced.
    utf8 = _decode_counting(data, "utf-8")
    if utf8.replaced_bytes <= MAX_DAMAGED_SHARE * (len(data) - len(data.translate(None, _NON_ASCII_BYTES))):
        return utf8
    try:
        return DecodedText(data.decode("gb18030"), "gb18030")
    except UnicodeDecodeError:
        pass
    if _binary(data):
        raise ValueError("binary file (control bytes)")
    gb18030 = _decode_counting(data, "gb18030")
    if _acceptable(gb18030, data):
        return gb18030
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ValueError("not text in any known encoding")
    return DecodedText(str(best), best.encoding)


def _binary(data: bytes) -> bool:
    return len(data) - len(data.translate(None, _BINARY_BYTES)) > MAX_DAMAGED_SHARE * len(data)


def _acceptable(decoded: DecodedText, data: bytes) -> bool:
    return decoded.replaced_bytes <= MAX_DAMAGED_SHARE * len(data)


# A decoding error handler counts what it replaces; the count is per thread, as decoding may be.
_DAMAGE_COUNTER = "govkg-count-and-replace"
_damage = threading.local()


def _count_and_replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    _damage.bytes += error.end - error.start
    return "\ufffd", error.end


codecs.register_error(_DAMAGE_COUNTER, _count_and_replace)


def _decode_counting(data: bytes, encoding: str) -> DecodedText:
    """Decode with every undecodable byte sequence replaced by U+FFFD, counting its bytes."""
    _damage.bytes = 0
    text = data.decode(encoding, _DAMAGE_COUNTER)
    return DecodedText(text, encoding, _damage.bytes)


def _guess_bomless_utf16(data: bytes) -> DecodedText | None:
    """UTF-16 without a BOM: try both byte orders, keep the one that yields Han text.

    A file of odd length (cut in the middle of a character) has one byte replaced.
    """
    for encoding in ("utf-16-le", "utf-16-be"):
        decoded = _decode_counting(data, encoding)
        if _acceptable(decoded, data) and len(_HAN.findall(decoded.text)) > len(decoded.text) * 0.2:
            return decoded
    return None


def read_report(path: str | Path, data: bytes | None = None) -> RawReport:
    """Read and decode one report file; raise ``UnreadableReport`` when it is unusable.

    ``data`` is the file's bytes when they were read elsewhere (``read_report_bytes`` on the machine
    that has the file, the decoding on a cluster's worker that has not)."""
    path = Path(path)
    if data is None:
        data = read_report_bytes(path)
    try:
        decoded = decode_report_bytes(data)
    except ValueError as exc:
        raise UnreadableReport(path, str(exc)) from None
    text = decoded.text
    if "\x00" in text and text.count("\x00") > MAX_DAMAGED_SHARE * len(text):
        raise UnreadableReport(path, "binary file (contains NUL characters)")
    if len(text) > MAX_REPORT_CHARACTERS:
        raise UnreadableReport(
            path,
            f"too long for one report ({len(text):,} characters, at most "
            f"{MAX_REPORT_CHARACTERS:,}): split it into its reports",
        )
    han = sum(1 for _ in itertools.islice(_HAN.finditer(text), MIN_HAN_CHARACTERS))  # enough is enough
    if han < MIN_HAN_CHARACTERS:
        raise UnreadableReport(path, f"no Chinese report content ({han} Han characters)")
    if not _REPORT_WORDS.search(text):
        raise UnreadableReport(path, "no Chinese report content (no report vocabulary)")
    return RawReport(
        path=path,
        text=text,
        encoding=decoded.encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        warnings=decoded.warnings,
    )


def read_report_bytes(path: Path) -> bytes:
    """The file's bytes, read once as a stream (a named pipe, ``kg build <(cat 报告.txt)``), up to
    ``MAX_REPORT_BYTES``."""
    if path.is_dir():
        try:
            with os.scandir(path):
                reason = "a directory, not a report file"
        except OSError as exc:
            reason = f"directory not readable ({(exc.strerror or str(exc)).lower()}): its reports were not built"
        raise UnreadableReport(path, reason)
    try:
        with open(path, "rb") as stream:
            status = os.fstat(stream.fileno())
            # A file says its size (no 20 MB buffer for a 100 KB report); a pipe is read up to the limit.
            regular = stat.S_ISREG(status.st_mode)
            data = stream.read(min(status.st_size, MAX_REPORT_BYTES) + 1 if regular else MAX_REPORT_BYTES + 1)
    except OSError as exc:
        raise UnreadableReport(path, f"cannot read file ({exc.strerror or exc})") from None
    if len(data) > MAX_REPORT_BYTES:
        raise UnreadableReport(
            path, f"too long for one report (over {MAX_REPORT_BYTES // 1_000_000} MB): split it into its reports"
        )
    return data


def iter_reports(paths: Iterable[Path]) -> Iterator[RawReport | UnreadableReport]:
    """Read each path in turn, yielding the report or the reason it was skipped."""
    for path in paths:
        try:
            yield read_report(path)
        except UnreadableReport as exc:
            yield exc
