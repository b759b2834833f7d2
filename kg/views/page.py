"""The page itself: our template with vis-network's script and stylesheet inlined (those that ship
inside the pyvis wheel, read without importing pyvis), and the data packed into it as gzipped
JSON in base64, which ``page_data`` unpacks again (for tests and benchmarks)."""

from __future__ import annotations

import base64
import gzip
import html
import json
import re
import zlib
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

import orjson


def _vis_assets() -> tuple[str, str]:
    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed")
    folder = Path(next(iter(spec.submodule_search_locations))) / "lib" / "vis-9.1.2"
    script, style = ((folder / name).read_text(encoding="utf-8") for name in ("vis-network.min.js", "vis-network.css"))
    return script, style


def _packed_json(data: dict) -> str:
    """The data as gzip in base64, which the page unpacks with the browser's own DecompressionStream.

    A third of the bytes for the corpus (3.1 MB of JSON → 0.7 MB) and nothing a ``<script>``
    element could mistake for markup: base64 has no ``<``, ``>`` or ``&``. Level 3 packs the
    corpus in 20 ms (level 9 takes five times that for 4% less); mtime 0 (zlib's gzip header has
    none) keeps the bytes the same from one build to the next. The JSON is packed as it is made,
    a piece at a time: whole, its text and bytes took 150 MB at 2,600 reports, for a page of 7 MB.

    >>> json.loads(gzip.decompress(base64.b64decode(_packed_json({"name": "</script>鲤城区", "n": [1, 2]}))))
    {'name': '</script>鲤城区', 'n': [1, 2]}
    """
    packer = zlib.compressobj(3, zlib.DEFLATED, 31)  # 31: a gzip header and trailer, as gzip.compress
    packed = [packer.compress(piece) for piece in _json_pieces(data)]
    packed.append(packer.flush())
    return base64.b64encode(b"".join(packed)).decode("ascii")


def _json_pieces(data: dict, items_a_piece: int = 1000) -> Iterator[bytes]:
    """The data as compact UTF-8 JSON (what ``json.dumps(data, ensure_ascii=False, separators=(",",
    ":"))`` writes, by orjson: at 1,000 reports 12 MB in 0.04 s, not 0.25 s) in pieces: each
    top-level value, and a large list or dict (the nodes, the details) a thousand items at a time.

    >>> b"".join(_json_pieces({"n": list(range(3)), "名": "鲤城区"}, items_a_piece=2)).decode()
    '{"n":[0,1,2],"名":"鲤城区"}'
    """
    yield b"{"
    for number, (key, value) in enumerate(data.items()):
        yield (b"," if number else b"") + orjson.dumps(key) + b":"
        if isinstance(value, list | dict) and len(value) > items_a_piece:
            items = list(value.items()) if isinstance(value, dict) else value
            yield b"[" if isinstance(value, list) else b"{"
            for start in range(0, len(items), items_a_piece):
                chunk = items[start : start + items_a_piece]
                inner = orjson.dumps(dict(chunk) if isinstance(value, dict) else chunk)[1:-1]
                yield (b"," if start else b"") + inner
            yield b"]" if isinstance(value, list) else b"}"
        else:
            yield orjson.dumps(value)
    yield b"}"


def page_data(page: str) -> dict:
    """The data of a page written by ``render_html`` (for tests and benchmarks)."""
    packed = page.split('id="graph-data">', 1)[1].split("</script>", 1)[0]
    return json.loads(gzip.decompress(base64.b64decode(packed)))


def render_html(data: dict, title: str = "govkg network", note: str = "") -> str:
    """The whole page as one string: inlined vis-network, our styles and script, and the data."""
    vis_js, vis_css = _vis_assets()
    template = (Path(__file__).parent / "templates" / "network.html").read_text(encoding="utf-8")
    app_js = (Path(__file__).parent / "templates" / "network.js").read_text(encoding="utf-8")
    panel_js = (Path(__file__).parent / "templates" / "panel.js").read_text(encoding="utf-8")
    replacements = {
        "{{TITLE}}": _html_text(title),
        "{{NOTE}}": _html_text(note),
        "{{VIS_CSS}}": vis_css.replace("</", "<\\/"),
        "{{VIS_JS}}": vis_js.replace("</script", "<\\/script"),
        "{{DATA}}": _packed_json(data),
        "{{PANEL_JS}}": panel_js,
        "{{APP_JS}}": app_js,
    }
    # one pass, so text inside the data can never be taken for a marker
    return re.sub(r"\{\{[A-Z_]+\}\}", lambda m: replacements.get(m.group(0), m.group(0)), template)


def _html_text(text: str) -> str:
    return html.escape(text, quote=True)
