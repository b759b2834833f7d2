"""The same report as HTML, GBK, UTF-16 or with CRLF line ends gives the same facts and metadata."""

import codecs
import html

import pytest

from kg.report_jobs import extract_report
from tests.conftest import SEEDS

SEED = SEEDS / "002_c9c5ec28efd82eda.txt"


def summary(path):
    extraction, _ = extract_report(path)
    meta = extraction.metadata
    facts = sorted(
        (f.kind.value, f.indicator.notation, f.measure.value, str(f.value), f.comparator.value, f.estimated)
        for f in extraction.facts
    )
    return (meta.place.name, meta.plan_year, meta.delivered_on, meta.speaker, meta.session), facts


def as_html(text: str) -> bytes:
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines())
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>报告</title><style>p{{margin:0}}</style>"
        f"</head><body><div class='nav'>首页 &gt; 政务公开</div>{body}<script>var x = '<p>';</script>"
        f"</body></html>"
    ).encode()


@pytest.mark.parametrize(
    "name,encode",
    [
        ("page.html", as_html),
        ("gbk.txt", lambda t: t.encode("gb18030")),
        ("utf16.txt", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le")),
        ("crlf.txt", lambda t: t.replace("\n", "\r\n").encode()),
        ("bom.md", lambda t: codecs.BOM_UTF8 + t.encode()),
    ],
)
def test_variant_gives_the_same_result(tmp_path, name, encode):
    text = SEED.read_text(encoding="utf-8")
    variant = tmp_path / name
    variant.write_bytes(encode(text))
    assert summary(variant) == summary(SEED)
