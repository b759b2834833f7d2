"""``kg serve``: Oxigraph's own read-only SPARQL server (the ``oxigraph`` wheel's binary) over a build's store."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from kg.store import STORE_DIR


def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary: beside this Python first, then on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise FileNotFoundError("the oxigraph server binary is not installed (pip install oxigraph)")
    return found


def serve_command(out_dir: str | Path, port: int, read_only: bool = True) -> list[str]:
    store = Path(out_dir) / STORE_DIR
    if not store.is_dir():
        raise FileNotFoundError(f"{store}: no store here (run `kg build` first)")
    return [oxigraph_binary(), "serve-read-only" if read_only else "serve", "--location", str(store),
            "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
