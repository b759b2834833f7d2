"""Output generations: a build's outputs appear all at once, and readers never see them change.

An output directory holds one folder per build, ``generations/000007/`` (graph.nq, graph.ttl,
store/, graph.html, build.json), and a symbolic link ``current`` to the finished one. A build
writes a new generation beside the current one and then replaces ``current`` with one rename,
which either happens or does not: a build killed at any point (kill -9, Ctrl-C, a full disk)
leaves the previous build in place, whole. The names users know stay links through ``current``::

    exports/
      current -> generations/000007
      graph.nq -> current/graph.nq       (and graph.ttl, store, graph.html, build.json)
      generations/000007/...
      cache/                              what each report gave (kg.report_cache), for the next build
      .lock                               held by the build writing here

A reader (``kg query``, ``track``, ``viz``, ``export``, ``push``, ``serve``) opens the generation
that is current when it starts and holds a shared lock on it, so a build finishing meanwhile
does not delete the files it reads; old generations are removed by the next build once no
reader holds them, together with whatever a killed build left behind.

A directory written by a build older than generations (a real ``store/`` beside ``graph.nq``)
is read as it is and turned into links by the next build.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: builds still switch atomically, without locks
    fcntl = None  # type: ignore[assignment]

GENERATIONS = "generations"
CURRENT = "current"
LOCK_FILE = ".lock"
IN_USE = ".in-use"  # in each generation: readers hold a shared lock on it
# what a generation holds, each also reachable as OUT/NAME through `current`
OUTPUT_NAMES = ("graph.nq", "graph.ttl", "store", "graph.html", "build.json")
_GENERATION_NAME = re.compile(r"\d{6,}")
# temporary names of this module, of the view's cache (kg.views.view_cache) and of builds before
# generations (.graph.nq.tmp-123, .view-cache.tmp-123, .store-ab12)
_LEFTOVER = re.compile(
    r"\.(?:current|link-[\w.]+|graph\.(?:nq|ttl)|build\.json|view-cache)\.tmp-\d+|\.store-.+|\.legacy-.+"
)


def kill_point(name: str) -> None:
    """Where the fault suite (tests/test_faults.py) stops a real build: with SIGKILL, or the signal
    GOVKG_KILL_SIGNAL names (INT: Ctrl-C), when the environment variable GOVKG_KILL_AT is ``name``.
    Named after what has happened by then: graph-written, store-loaded, view-written,
    manifest-written, switching."""
    if os.environ.get("GOVKG_KILL_AT") == name and name not in _KILLED_AT:
        _KILLED_AT.add(name)  # once: a build that finishes its switch after Ctrl-C passes the point again
        os.kill(os.getpid(), getattr(signal, "SIG" + os.environ.get("GOVKG_KILL_SIGNAL", "KILL")))


_KILLED_AT: set[str] = set()


class OutputBusy(Exception):
    """Another build is writing into the output directory."""


class InterruptedAfterSwitch(KeyboardInterrupt):
    """Ctrl-C came once the new build had become current: OUT holds the new build, whole (its links
    were completed), and only the clean-up of the previous one was skipped."""


@dataclass(frozen=True)
class Generation:
    """One build's outputs: ``path`` holds graph.nq, store/... (the output directory itself for
    a build older than generations)."""

    path: Path
    number: int | None


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold ``OUT/.lock`` for a build; a second build into ``out`` fails at once with ``OutputBusy``.

    The lock is the kernel's (flock): a killed build releases it, so it never needs removing.
    """
    out.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    with open(out / LOCK_FILE, "a+", encoding="ascii") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            lock.seek(0)
            holder = lock.read().strip()
            by = f" (process {holder})" if holder.isdigit() else ""
            raise OutputBusy(
                f"{out}: another kg build{by} is writing here; wait for it to finish or choose another --out"
            ) from None
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        try:
            yield
        finally:
            lock.seek(0)
            lock.truncate()


def current_generation(out: Path) -> Generation | None:
    """The generation ``OUT/current`` points to; the directory itself for an older build; else None."""
    link = out / CURRENT
    if link.is_symlink():
        target = out / os.readlink(link)
        if target.is_dir():
            return Generation(target, int(target.name) if _GENERATION_NAME.fullmatch(target.name) else None)
        return None
    if (out / "store").is_dir() and not (out / "store").is_symlink():
        return Generation(out, None)
    return None


def new_generation(out: Path) -> Generation:
    """An empty folder for a build's outputs, numbered after every generation there (under the build lock)."""
    folder = out / GENERATIONS
    folder.mkdir(parents=True, exist_ok=True)
    numbers = [int(m.group(0)) for p in folder.iterdir() if (m := re.search(r"\d{6,}", p.name))]
    number = max(numbers, default=0) + 1
    path = folder / f"{number:06d}"
    path.mkdir()
    (path / IN_USE).touch()
    return Generation(path, number)


def discard(generation: Generation) -> None:
    """Remove a generation that will never be current (its build failed), and the generations
    folder with it when it was the first."""
    shutil.rmtree(generation.path, ignore_errors=True)
    try:
        generation.path.parent.rmdir()
    except OSError:
        pass  # other generations are there


def switch_to(out: Path, generation: Generation) -> None:
    """Make ``generation`` current with one rename, then point OUT/NAME at what it holds."""
    _replace_with_link(out / CURRENT, os.path.relpath(generation.path, out))
    kill_point("switching")
    for name in OUTPUT_NAMES:
        link = out / name
        if (generation.path / name).exists():
            _replace_with_link(link, f"{CURRENT}/{name}")
        elif link.is_symlink() or link.exists():
            _remove(link)  # this build wrote no graph.html: no link that leads nowhere, no older page
    _sync_directory(out)


def link_output(out: Path, name: str) -> None:
    """Point OUT/NAME at the current generation's NAME when it has one (``kg viz`` drew the page
    of a build that had none); nothing for a directory without generations."""
    if (out / CURRENT).is_symlink() and (out / CURRENT / name).exists():
        _replace_with_link(out / name, f"{CURRENT}/{name}")


def _replace_with_link(path: Path, target: str) -> None:
    if path.is_symlink() and os.readlink(path) == target:
        return
    temp = path.with_name(f".link-{path.name}.tmp-{os.getpid()}")
    temp.unlink(missing_ok=True)
    os.symlink(target, temp)
    if path.is_dir() and not path.is_symlink():
        # store/ of a build older than generations: a link cannot replace a folder in one step,
        # so the folder moves aside first (once, when the directory is first built into again)
        aside = path.with_name(f".legacy-{path.name}-{os.getpid()}")
        os.replace(path, aside)
        os.replace(temp, path)
        shutil.rmtree(aside, ignore_errors=True)
    else:
        os.replace(temp, path)


def _sync_directory(path: Path) -> None:
    """Make the renames in ``path`` durable: without it, a power cut may bring back the old link."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def remove_unused(out: Path) -> list[Path]:
    """Remove generations that are not current and that no reader holds, and the leftovers of
    killed builds; run under the build lock. Returns what was removed."""
    removed = []
    current = current_generation(out)
    for leftover in (p for p in _children(out) if _LEFTOVER.fullmatch(p.name)):
        _remove(leftover)
        removed.append(leftover)
    for path in _children(out / GENERATIONS):
        if current is not None and path == current.path:
            continue
        if path.name.startswith(".deleting-") or not _GENERATION_NAME.fullmatch(path.name):
            _remove(path)
            removed.append(path)
            continue
        with _exclusive(path / IN_USE) as free:
            if not free:
                continue  # a reader (kg serve, a long query) still has it open
            # renamed first, so a reader that just found it cannot take it for a whole generation
            doomed = path.with_name(f".deleting-{path.name}")
            os.replace(path, doomed)
        _remove(doomed)
        removed.append(path)
    return removed


def _children(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[bool]:
    """Try to take the generation's lock alone; yields whether no reader holds it."""
    if fcntl is None:
        yield True
        return
    try:
        handle = open(lock_path, "rb")
    except FileNotFoundError:
        yield True  # a generation a killed build left before creating its lock file
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        yield True


class GenerationReader:
    """A reader's hold on the generation current when it started; ``close()`` (or the end of
    the process) lets the next build remove it once it is no longer current."""

    def __init__(self, generation: Generation, handle):
        self.generation = generation
        self._handle = handle

    @property
    def path(self) -> Path:
        return self.generation.path

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> GenerationReader:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def read_generation(out: str | Path) -> GenerationReader:
    """Hold the current generation of ``out`` for reading; ``FileNotFoundError`` when there is no build.

    Between finding the generation and locking it, a build may finish and remove it: then the
    lock file is gone from where it was found, and the next current generation is taken instead.
    """
    out = Path(out)
    for _ in range(10):
        generation = current_generation(out)
        if generation is None:
            raise FileNotFoundError(f"{out}: no build output here (run `kg build` first)")
        lock_path = generation.path / IN_USE
        if fcntl is None or not lock_path.exists():
            return GenerationReader(generation, None)  # an older build's directory: no locks
        try:
            handle = open(lock_path, "rb")
        except FileNotFoundError:
            continue
        fcntl.flock(handle, fcntl.LOCK_SH)
        try:
            still_there = os.path.samestat(os.fstat(handle.fileno()), os.stat(lock_path))
        except FileNotFoundError:
            still_there = False
        if still_there:
            return GenerationReader(generation, handle)
        handle.close()
    raise FileNotFoundError(f"{out}: the build output keeps changing; try again when the build has finished")
