"""Web-page clutter in a scraped report: page furniture lines (breadcrumbs, toolbars, counters, bylines, link
lists), emoji, footnote numbers and content farms' marks, and the page's own date, which may be the only
one a news summary has (kg.ingest.normalise runs it)."""

from __future__ import annotations

from kg.ingest.text_editor import TextEditor
from kg.lexicon import LEXICON as LEX

_CLUTTER_LINE = LEX.pattern("normalise_clutter_line")
# A related-links block: a marker line, then the rest of the file is link titles.
_RELATED_TAIL = LEX.pattern("normalise_related_tail")
# Emoji that posts scatter through a text are no part of its sentences; at a line's end
# (回顾2023年工作成果🏆) one made a heading look like a line broken mid-sentence.
_PICTOGRAPHS = LEX.pattern("normalise_pictographs")
# A content farm's mark at every line's end (会议上PZl) cut a session line from the one it goes on to.
_WATERMARKS, _WATERMARK_LINE_END = LEX.pattern("normalise_watermarks"), LEX.pattern("normalise_watermark_line_end")
# ... and its slogan after the mark (代县长邹俊N6h县情资料网---有深度、有态度、接地气的县域县情站点), which goes first
_SITE_SLOGANS = LEX.pattern("normalise_site_slogans")
# A footnote's number (一般公共预算收入[1]17.7亿元) stood between a name and its figure.
_FOOTNOTE_MARKS = LEX.pattern("normalise_footnote_marks")
# A news page's byline may be the only place that dates a summary of a report (编辑:胡安坤2018-01-24 16:20)
_PAGE_DATE, _PAGE_HEAD = LEX.pattern("normalise_page_date"), 600  # (a byline is in the first lines)
# A date with its time of day is a page's stamp even on a line that is no byline (NBD图数馆 2018-03-20 10:33:06).
_PAGE_TIMESTAMP = LEX.pattern("normalise_page_timestamp")
# ... and so is a date alone at the start of a line under a news headline (2020-04-22   V赤峰)
_PAGE_DATE_LINE = LEX.pattern("normalise_page_date_line")
# ... or after a newspaper's name (甘孜日报 2019年01月08日), a date that goes: the segmenter would take
# the line for a heading of the year's goals
_MASTHEAD_DATE = LEX.pattern("normalise_masthead_date")


def strip_web_clutter(editor: TextEditor) -> None:
    """Drop page furniture lines (breadcrumbs, toolbars, counters, bylines, link lists), emoji and
    footnote numbers."""
    editor.delete(_RELATED_TAIL)
    for line in _CLUTTER_LINE.finditer(editor.text, 0, _PAGE_HEAD):
        date = _PAGE_DATE.search(line.group(0))
        if date:
            editor.page_date = "-".join(date.groups())
            break
    if not editor.page_date:
        stamp = (
            _PAGE_TIMESTAMP.search(editor.text, 0, _PAGE_HEAD)
            or _PAGE_DATE_LINE.search(editor.text, 0, _PAGE_HEAD)
            or _MASTHEAD_DATE.search(editor.text, 0, _PAGE_HEAD)
        )
        if stamp:
            editor.page_date = "-".join(stamp.groups())
    editor.delete(_MASTHEAD_DATE)
    editor.delete(_CLUTTER_LINE)
    editor.delete(_PICTOGRAPHS)
    if "---" in editor.text:  # (a fast scan: a slogan is set off by dashes)
        editor.delete(_SITE_SLOGANS)
    if _WATERMARK_LINE_END.search(editor.text):
        editor.delete(_WATERMARKS)
    if "[" in editor.text:
        editor.delete(_FOOTNOTE_MARKS)
