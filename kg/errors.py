"""One line for whatever goes wrong, never a traceback: what ``kg`` prints when a command fails.

Failures of the machine (a folder that cannot be written, a full disk) are the user's to fix and
get one line naming the path and the reason. Anything else is a bug in govkg: one line with
the reason and the path of a log holding the traceback, to attach to a bug report.
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
import traceback
import unicodedata
from pathlib import Path

# OS errors with a clearer word than strerror's for someone running a build
_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EEXIST: "a file of that name is in the way",
}


def describe_os_error(exc: OSError) -> str:
    """``PATH: reason`` for an OS error, the path printable whatever bytes it holds.

    >>> describe_os_error(PermissionError(13, "Permission denied", "/srv/exports/graph.nq"))
    '/srv/exports/graph.nq: permission denied'
    >>> describe_os_error(OSError(28, "No space left on device"))
    'no space left on the device'
    """
    code = exc.errno
    if code is None and "No space left on device" in str(exc):  # RocksDB's, while loading the store
        code = errno.ENOSPC
    reason = _REASONS.get(code or -1) or (exc.strerror or str(exc) or type(exc).__name__)
    return f"{printable_path(exc.filename)}: {reason}" if exc.filename else reason


def one_line(exc: BaseException) -> str:
    """The first line of an exception's message, or its type's name when it has none."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def write_crash_log(exc: BaseException, argv: list[str]) -> Path | None:
    """Write the traceback of an unexpected failure to a log file; returns its path (None if no
    folder could take it). Logs go to $XDG_STATE_HOME/govkg (~/.local/state/govkg), else the
    temporary folder."""
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    text = f"kg {' '.join(argv)}\n{time.strftime('%Y-%m-%dT%H:%M:%S%z')}\n\n" + "".join(
        traceback.format_exception(type(exc), exc, exc.__traceback__)
    )
    for folder in (Path(state) / "govkg", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"kg-error-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8", errors="backslashreplace")
            return path
        except OSError:
            continue
    return None


# What a terminal would act on or hide: control characters (line breaks, escape codes), format
# characters (U+202E turns 报告.txt around), the bytes of a name that is not UTF-8 (surrogates).
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def printable_path(path: str | bytes | os.PathLike) -> str:
    """A file name or path as one printable line: what a terminal would act on is escaped as in Python.

    A name that is not UTF-8 (Linux allows any bytes) shows its bad bytes as ``\\xff``; a newline
    as ``\\n``, an escape code as ``\\x1b``; a backslash is doubled so that the escapes are unambiguous.

    >>> printable_path("报告\\n2024\\x1b[31m.txt"), printable_path(b"\\xb1\\xa8\\xb8\\xe6.txt")
    ('报告\\\\n2024\\\\x1b[31m.txt', '\\\\xb1\\\\xa8\\\\xb8\\\\xe6.txt')
    >>> printable_path("鲤城区 2024.txt")
    '鲤城区 2024.txt'
    """
    text = os.fsdecode(path)
    if text.isprintable() and "\\" not in text:  # nearly every name: nothing to escape
        return text
    return "".join(_printable_character(char) for char in text)


def _printable_character(char: str) -> str:
    if char == "\\":
        return "\\\\"
    if unicodedata.category(char) not in _ESCAPED_CATEGORIES:
        return char  # ideographic spaces, private-use and unassigned characters print as they are
    if 0xDC80 <= ord(char) <= 0xDCFF:
        return f"\\x{ord(char) - 0xDC00:02x}"  # a byte os.fsdecode could not decode (surrogateescape)
    return repr(char)[1:-1]
