"""Turn a messy report text into clean Simplified Chinese, keeping an offset map.

Every pass is a small regex edit applied through ``TextEditor``, which keeps,
for each character of the current text, the index of the original character it
came from. So a span found in the normalised text can always be mapped back to
the input file (``NormalisedText.to_original``).

The quirks handled, each with its own pass and unit test:

* literal escape sequences (``\\r\\n`` written out as four characters),
  ``<U+00A0>`` tokens, ``????`` standing for spaces, ``_M_M_`` standing for ``%``;
* surrogate pairs (``<U+D840><U+DC00>`` for 𠀀) joined into their character, a lone one dropped;
* HTML comments, scripts, tags and entities;
* pinyin glosses after each character (``經(jīng)濟(jì)``);
* full-width digits, letters and punctuation (NFKC);
* Traditional characters (zhconv-rs, which keeps place names such as 蟳埔 intact);
* a percentage in words (``百分之十一点五`` → ``十一点五%``);
* markdown emphasis, headings, links and images;
* web-page clutter: breadcrumbs, reader counts, toolbars, bylines, link lists, watermarks;
* spaces between Han characters (``政 府 工 作 报 告``) and inside numbers, sentences
  broken across lines, and a report repeated by a paginated scrape.
"""

from __future__ import annotations

import html
import re
import unicodedata
from array import array

import zhconv_rs

from kg.figures import plural
from kg.ingest.text_editor import NormalisedText, TextEditor  # noqa: F401 (NormalisedText: imported from here too)
from kg.ingest.web_clutter import strip_web_clutter
from kg.lexicon import LEXICON as LEX

# --- escapes and placeholders -------------------------------------------------------------

_LITERAL_NEWLINES = re.compile(r"\\(?:r(?:\\n)?|n)")  # starts with the backslash, so the engine skips to it
_LITERAL_TAB = re.compile(r"\\t")
_UNICODE_TOKEN = re.compile(r"<U\+([0-9A-Fa-f]{4,6})>")
_QUESTION_SPACES = re.compile(r"\?\?+")
_PERCENT_PLACEHOLDER = re.compile(r"_M_M_")


def fix_escapes(editor: TextEditor) -> None:
    """Undo escaping left by scrapers: literal ``\\r\\n``, ``<U+00A0>``, ``????``, ``_M_M_``."""
    editor.replace(_LITERAL_NEWLINES, "\n")
    editor.replace(_LITERAL_TAB, " ")
    editor.replace(_UNICODE_TOKEN, lambda m: _safe_chr(int(m.group(1), 16)))
    editor.replace(_QUESTION_SPACES, " ")
    editor.replace(_PERCENT_PLACEHOLDER, "%")


def _safe_chr(codepoint: int) -> str:
    try:
        return chr(codepoint)
    except ValueError:
        return ""


# Scrapers write a character beyond the Basic Multilingual Plane (𠀀, U+20000, in rare place and
# person names) as the UTF-16 pair of its escapes, <U+D840><U+DC00>, which fix_escapes turns into two
# surrogates: no encoder takes them, so a pair becomes its character and a lone one U+FFFD (dropped
# with the other replacement characters by tidy_spacing).
# Spelled to start with one character class, which the regex engine scans for quickly (an
# alternation of two is tried at every character); a high surrogate takes the low one after it.
_SURROGATE = re.compile("[\ud800-\udfff](?:(?<=[\ud800-\udbff])[\udc00-\udfff])?")


def join_surrogate_pairs(editor: TextEditor) -> None:
    """``<U+D840><U+DC00>`` (now two surrogates) → 𠀀; a lone surrogate → U+FFFD, counted in the warnings."""
    lone = 0

    def decode(match: re.Match) -> str:
        nonlocal lone
        if len(match.group(0)) == 2:
            return match.group(0).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        lone += 1
        return "\ufffd"

    editor.replace(_SURROGATE, decode)
    if lone:
        editor.warnings.append(
            f"{plural(lone, 'unpaired surrogate')} (such as <U+D800>) "
            f"could not be decoded and {'were' if lone > 1 else 'was'} dropped"
        )


# --- HTML ---------------------------------------------------------------------------------

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_HTML_INVISIBLE = re.compile(r"<(script|style|head|noscript)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_HTML_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:br|p|div|li|tr|h[1-6]|table|section|article|ul|ol)\b[^>]*>", re.I)
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?\s*>")
_HTML_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def strip_html(editor: TextEditor) -> None:
    """Drop comments, scripts and tags (block tags become line breaks); decode entities."""
    editor.delete(_HTML_COMMENT)
    editor.delete(_HTML_INVISIBLE)
    editor.replace(_HTML_BLOCK_TAG, "\n")
    editor.delete(_HTML_TAG)
    editor.replace(_HTML_ENTITY, lambda m: html.unescape(m.group(0)))


# --- pinyin glosses -----------------------------------------------------------------------

_TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# (a space may stand before the closing bracket: 會(huì )議, 開(kāi)幕)
_PINYIN_GLOSS = re.compile(r"[(（](?<=[\u3400-\u9fff][(（])([a-zü" + _TONE_MARKS + r"]{1,7}) ?[)）]")
_TONED = re.compile("[" + _TONE_MARKS + "]")


def strip_pinyin_glosses(editor: TextEditor) -> None:
    """Remove ``(jīng)`` glosses after Han characters.

    Only done when the text clearly uses glosses (several tone-marked ones), so a
    lone ``(de)`` or ``(a)`` in an ordinary report is left alone.
    """
    glosses = _PINYIN_GLOSS.findall(editor.text)
    if sum(1 for g in glosses if _TONED.search(g)) < 3:
        return
    editor.delete(_PINYIN_GLOSS)


# --- width and script ---------------------------------------------------------------------

# Characters NFKC would change that carry meaning we want to keep as written.
_NFKC_KEEP = set("。、“”‘’《》【】〔〕…—")


# Symbols typed for another (增长15℅: ℅ for %), which NFKC would spell out (c/o), folded to it (words.tsv).
_STAND_INS = {pair[0]: pair[1] for pair in LEX.word_list("symbol_stand_ins")}


def _fold_char(char: str) -> str:
    if char in _STAND_INS:
        return _STAND_INS[char]
    folded = char if char in _NFKC_KEEP else unicodedata.normalize("NFKC", char)
    if folded == "\u3000" or (folded.isspace() and folded != "\n"):
        folded = " "
    return folded


def _nfkc_folds() -> dict[str, str]:
    """Every character of the Basic Multilingual Plane that fold_width changes, with its fold."""
    folds = {}
    for code in range(0x80, 0x10000):
        char = chr(code)
        if 0x4E00 <= code <= 0x9FFF or 0xD800 <= code <= 0xDFFF:
            continue
        if char not in _STAND_INS and unicodedata.is_normalized("NFKC", char) and not char.isspace():
            continue  # unchanged by _fold_char; the check is much cheaper than normalising
        if _fold_char(char) != char:
            folds[char] = _fold_char(char)
    return folds


# Matching only characters that change (and all beyond the plane), not all non-ASCII text,
# skips the Chinese punctuation that NFKC leaves alone.
_NFKC_FOLDS = _nfkc_folds()
_NFKC_CANDIDATE = re.compile("[" + "".join(re.escape(c) for c in _NFKC_FOLDS) + "\U00010000-\U0010ffff]")


# An indicator's Latin abbreviation as a page may write it (完成gdp113.8亿元): the catalogue's is in capitals.
_LOWER_ABBREVIATION = LEX.pattern("normalise_lower_abbreviation")
# 增长9。5%: a full stop typed for a decimal point (patterns.tsv)
_STOP_AS_POINT = LEX.pattern("normalise_stop_as_point")


# An abbreviation in brackets inside a name (环境空气质量(AQI)优良率) cut the name in two.
_ABBREVIATION_GLOSS = LEX.pattern("normalise_abbreviation_gloss")


def capitalise_abbreviations(editor: TextEditor) -> None:
    """Write an indicator's Latin abbreviation in capitals (``gdp`` → ``GDP``), and drop one in brackets
    inside a name (``环境空气质量(AQI)优良率`` → ``环境空气质量优良率``)."""
    editor.replace(_LOWER_ABBREVIATION, lambda match: match.group(0).upper())
    if "(" in editor.text:
        editor.delete(_ABBREVIATION_GLOSS)


def fold_width(editor: TextEditor) -> None:
    """NFKC-fold full-width digits, letters and punctuation (``１２％`` → ``12%``), and read a full stop
    between a figure's digits as its decimal point (``增长9。5%`` → ``增长9.5%``)."""
    changed = set(_NFKC_CANDIDATE.findall(editor.text))
    folds = {char: _NFKC_FOLDS.get(char) or _fold_char(char) for char in changed}
    # A report has a few dozen distinct such characters but tens of thousands of them (，：；):
    # str.replace per character is far faster than a Python call per match, and a fold to
    # one character keeps every offset.
    text = editor.text
    for char, fold in folds.items():
        if len(fold) == 1:
            text = text.replace(char, fold)
    editor.text = text
    longer = [char for char, fold in folds.items() if len(fold) != 1]
    if longer:
        editor.replace(re.compile("|".join(map(re.escape, sorted(longer)))), lambda match: folds[match.group(0)])
    editor.replace(_STOP_AS_POINT, ".")  # (its digits folded first: ９。５％)


# Variant forms zhconv-rs does not convert (陜西 stays 陜西: no place in 陜西省…会议), each to the one it
# stands for (words.tsv). Few texts hold one: a scan is 20 times faster than translating every text.
_VARIANTS = str.maketrans({pair[0]: pair[1] for pair in LEX.word_list("variant_characters")})
_VARIANT = re.compile("[" + "".join(map(chr, _VARIANTS)) + "]")


def to_simplified(editor: TextEditor) -> None:
    """Convert Traditional to Simplified characters (zhconv-rs, script only, no vocabulary), and
    the variant forms it leaves (words.tsv ``variant_characters``).

    zhconv-rs converts character for character here, so offsets stay one to one;
    where a phrase rule changes length, lines are converted one at a time and a
    changed line maps wholesale to its start.
    """
    if _VARIANT.search(editor.text):
        editor.text = editor.text.translate(_VARIANTS)  # (one character for one: offsets stay)
    text = editor.text
    # Converting is cheaper than is_hans, and most reports come out of it unchanged.
    converted = zhconv_rs.zhconv(text, "zh-hans")
    if converted == text or zhconv_rs.is_hans(text):
        return
    if len(converted) == len(text):
        editor.text = converted
        return
    editor.replace(re.compile(r"[^\n]+"), lambda m: zhconv_rs.zhconv(m.group(0), "zh-hans"))


def file_name_as_text(name: str) -> str:
    """A file's name read as a report's text is read: without its suffix, full-width forms folded
    and Traditional characters made Simplified (metadata reads a place and year from it where the
    text names none).

    >>> file_name_as_text("03_宿遷市_２０１０.txt")
    '03_宿迁市_2010'
    """
    stem = name.rsplit(".", 1)[0] if "." in name.rsplit("/", 1)[-1] else name
    return zhconv_rs.zhconv(unicodedata.normalize("NFKC", stem).translate(_VARIANTS), "zh-hans")


# --- markdown -----------------------------------------------------------------------------

_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|~~)(?=\S)([^\n]+?)(?<=\S)\1")
# (not the dash before a printed page's number, - 2 -: web_clutter drops the line)
_MD_LINE_MARK = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+(?=\S)(?!\d{1,3}[ \t]*-[ \t]*$)|\d+\.[ \t]+(?=[A-Za-z]))", re.M
)
_MD_RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.M)
_MD_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t:]*-{3,}[ \t:|-]*$", re.M)


# What each line pattern needs somewhere, found by a fast scan: ^ in multiline mode is tried at
# every character, so most reports, which have no markdown, skip those patterns.
_MD_RULE_NEEDS = re.compile(r"[-*_][ \t]*[-*_][ \t]*[-*_]")
_MD_LINE_MARK_NEEDS = re.compile(r"\n[ \t]*(?:[#>*+-]|\d+\.[ \t]+[A-Za-z])")


# 增长了百分之十一点五: a percentage in words, as a news item quoting the report may write it
_PERCENT_IN_WORDS = LEX.pattern("normalise_percent_in_words")
_YEAR_IN_BRACKETS = LEX.pattern("normalise_year_in_brackets")  # 今(2024)年
_DOUBLED_MARK = LEX.pattern("normalise_doubled_mark")  # ,、


def percent_in_words(editor: TextEditor) -> None:
    """Write a percentage in words with its sign after the number (``百分之十一点五`` → ``十一点五%``),
    which the figures' reader takes as it takes ``十一点五%``."""
    editor.replace(_PERCENT_IN_WORDS, lambda match: match.group("number") + "%")


def copy_slips(editor: TextEditor) -> None:
    """Undo what a copy of the report did to it: a year put in brackets after 今 or 去 (``今(2024)年`` →
    ``2024年``), a doubled mark (``48810亿元,、增长8.0%`` keeps the first)."""
    editor.keep_group(_YEAR_IN_BRACKETS, 1)
    editor.delete(_DOUBLED_MARK)


def strip_markdown(editor: TextEditor) -> None:
    """Remove markdown markup, keeping the words: ``**5%**`` → ``5%``."""
    editor.delete(_MD_IMAGE)
    editor.keep_group(_MD_LINK, 1)
    editor.keep_group(_MD_EMPHASIS, 2)
    if _MD_RULE_NEEDS.search(editor.text):
        editor.delete(_MD_RULE)
    if "---" in editor.text:
        editor.delete(_MD_TABLE_RULE)
    if _MD_LINE_MARK_NEEDS.search("\n" + editor.text):
        editor.delete(_MD_LINE_MARK)


# --- spacing and line breaks --------------------------------------------------------------

# Python's re skips ahead quickly only to a literal first character, so patterns start with
# one where they can (\n\n+ rather than \n{2,}, which is tried at every position).
# Only runs that change (a lone ordinary space is what a run becomes); two patterns rather than one alternation, so
# each is scanned quickly: the first takes a run that starts with an ordinary space whole, the second sees the rest.
_SPACES = re.compile(r" [ \t\u00a0\u2000-\u200b\u3000\ufeff]+")
_OTHER_SPACES = re.compile(r"[\t\u00a0\u2000-\u200b\u3000\ufeff][ \t\u00a0\u2000-\u200b\u3000\ufeff]*")
# Each pattern starts with the space it removes (lookbehinds after it), so that the regex
# engine can jump from space to space instead of trying every position. (Han and capitals too: 人均 GDP 达到)
_SPACE_BETWEEN_HAN = re.compile(
    r" (?<=[\u4e00-\u9fff,.;:!?、。“”()《》] )(?=[\u4e00-\u9fff,.;:!?、。“”()《》])| (?<=[\u4e00-\u9fff] )(?=[A-Z])"
    r"| (?<=[A-Z] )(?=[\u4e00-\u9fff])"
)
_LINE_EDGE_SPACE = re.compile(r" (?:(?<=^ ) *| *$)", re.M)
_SPACE_AFTER_PUNCTUATION = re.compile(r" (?:(?<=[、,;:。“”()《》] ) *| *(?=[、,;:。“”()《》]))")
# (not the space after a date, which parts it from the time or a counter: 2014-02-26 7641次浏览 would
# read as the 267641st day)
_SPACE_IN_NUMBER = re.compile(
    r" (?<=\d )(?<!-\d )(?<!-\d\d )(?=[\d.%\u4e00-\u9fff])| (?<=[\u4e00-\u9fff] )(?=\d)| (?<=\d\. )(?=\d)"
    r"| (?<=% )(?=[\u4e00-\u9fff])"
)
_CARRIAGE_RETURN = re.compile(r"\r\n?")
_BLANK_LINES = re.compile(r"\n\n+")
_REPLACEMENT_CHAR = re.compile("\ufffd\ufffd*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200c-\u200f\u2028\u2029]")

# A line that ends mid-sentence and is followed by its continuation.
_SENTENCE_END = "。!?;:…”’)》】"
_HEADING_START = LEX.pattern("normalise_heading_start")
_EXCLAIMED_SUBHEADING = LEX.pattern("exclaimed_subheading")  # 这些目标,催人奋进!
_FIGURE_LINE = LEX.pattern("normalise_figure_line")
_FIGURE_GOES_ON = LEX.pattern("normalise_figure_goes_on")
_NUMBER_CUT = LEX.pattern("normalise_number_cut")
_GOAL_LINE_END = LEX.pattern("normalise_goal_line_end")
_FIGURE_CONTINUES = LEX.pattern("normalise_figure_continues")
_GROWTH_LINE = LEX.pattern("normalise_growth_line")
_NAME_LINE_END = LEX.pattern("normalise_name_line_end")
_LINE_GOES_ON = LEX.pattern("normalise_line_goes_on")


def tidy_spacing(editor: TextEditor) -> None:
    """Unify line breaks, collapse spaces, drop spaces inside Han text and blank lines."""
    editor.replace(_CARRIAGE_RETURN, "\n")
    editor.delete(_CONTROL)
    editor.delete(_REPLACEMENT_CHAR)
    editor.replace(_SPACES, " ")
    editor.replace(_OTHER_SPACES, " ")
    editor.delete(_LINE_EDGE_SPACE)
    editor.delete(_SPACE_BETWEEN_HAN)
    editor.delete(_SPACE_IN_NUMBER)
    editor.delete(_SPACE_AFTER_PUNCTUATION)
    editor.replace(_BLANK_LINES, "\n")


def join_broken_lines(editor: TextEditor, min_length: int = 18) -> None:
    """Join a long line that stops mid-sentence with the line that continues it.

    Hard-wrapped text breaks lines anywhere; headings are short or numbered and
    are never joined.
    """
    text = editor.text
    breaks: list[int] = []
    line_start = 0
    while True:
        newline = text.find("\n", line_start)
        if newline < 0:
            break
        line = text[line_start:newline]
        next_end = text.find("\n", newline + 1)
        next_line = text[newline + 1 : next_end if next_end >= 0 else len(text)]
        if (
            _hard_wrapped(line, next_line, min_length)
            or _split_figure(line, next_line)
            or _split_number(line, next_line, min_length)
        ):
            breaks.append(newline)
        line_start = newline + 1
    editor.delete_characters(breaks)


def _hard_wrapped(line: str, next_line: str, min_length: int) -> bool:
    """Whether a long line that stops mid-sentence goes on in the next (…一般公共预算 / 收入增长10%。)."""
    if len(line) < min_length or line[-1] in _SENTENCE_END or not next_line:
        return False
    # A short line followed by a much longer one is a heading over its paragraph: one without commas, or
    # one of clauses that ends in a word (回首2024,我们上下同欲,砥砺奋进 / 过去一年,…), not a sentence's
    # start cut at its figure (…稳中向好。国内生产总值达到74.4 / 万亿元,增长6.7%) nor one whose next line
    # starts with a word no sentence starts with (今年预期目标设定 / 为6%以上).
    looks_like_heading = (
        len(line) <= 30
        and len(next_line) > 1.5 * len(line) + 10
        and (
            not re.search(r"[,、;]", line)
            or ("。" not in line and "\u4e00" <= line[-1] <= "\u9fff" and not _LINE_GOES_ON.match(next_line))
        )
    )
    return (
        not looks_like_heading
        and not _HEADING_START.match(next_line)
        and not _EXCLAIMED_SUBHEADING.match(next_line)  # (…83.8岁 / 这些目标,催人奋进! / ——地区生产总值增长5%左右)
        and not _opens_as_heading(line)
        and ("\u4e00" <= next_line[0] <= "\u9fff" or next_line[0].isdigit() or next_line[0] in "%、,;")
        # (digits on both sides: only a number cut in two, which _split_number reads; not a page's stamp
        # and reader count over a news item's date: 通川新闻 2026-01-27 17:04 693 / 1月27日下午,…)
        and not (line[-1].isdigit() and next_line[0].isdigit())
        # one goal to a line with no stop (…增长8.5%和9.3%左右 / 城镇登记失业率…): the next is another
        and not (
            _GOAL_LINE_END.search(line)
            and "\u4e00" <= next_line[0] <= "\u9fff"
            and not _FIGURE_CONTINUES.match(next_line)
        )
    )


def _opens_as_heading(line: str) -> bool:
    """Whether a line is a heading by its start (一、 (一) 1.) and not a paragraph that a numbered lead
    opens: (一)经济发展稳中提质。预计,全市地区生产总值增长 goes on with 7.5% on the next line."""
    return bool(_HEADING_START.match(line)) and "。" not in line


def _split_figure(line: str, next_line: str) -> bool:
    """Whether a copy from a PDF put a figure on a line of its own (财政收入增长 / 10%; / 2019 / 年,面对…):
    the figure goes with the words before it and after it, whatever their length."""
    if not line or not next_line or line[-1] in _SENTENCE_END:
        return False
    if _GROWTH_LINE.match(next_line) and _NAME_LINE_END.search(line):
        return not _opens_as_heading(line)  # (全年GDP / 增长5.3%左右: a name over its growth, as infographics write it)
    if _FIGURE_LINE.match(next_line):  # (not after a heading: 一、2019年工作回顾 / 2019 / 年,面对…)
        return not _opens_as_heading(line) and not _HEADING_START.match(next_line)
    return bool(_FIGURE_LINE.match(line) and _FIGURE_GOES_ON.match(next_line))


def _split_number(line: str, next_line: str, min_length: int) -> bool:
    """Whether a hard wrap cut a number in two (…全县生产总值34 / 0亿元; 长- / 39.7%): after a long line, even
    one that opens with a numbered lead ((一)…。2016年,预计全县生产总值34), or any ending in a minus sign."""
    cut = line.endswith("-") or len(line) >= min_length and line[-1] in "0123456789."
    return cut and bool(_NUMBER_CUT.match(next_line))


def drop_repeated_lines(editor: TextEditor, min_length: int = 30) -> None:
    """Drop a long line that repeats an earlier one word for word (paginated scrapes repeat the report)."""
    seen: set[str] = set()
    if not _repeats_a_line(editor.text, min_length):
        return  # most reports: nothing to drop, and no blank line to close up (tidy_spacing closed them)

    def keep_first(match: re.Match) -> str:
        line = match.group(0)
        if len(line) < min_length:
            return line
        if line in seen:
            return ""
        seen.add(line)
        return line

    editor.replace(re.compile(r"[^\n]+"), keep_first)
    editor.replace(_BLANK_LINES, "\n")


def _repeats_a_line(text: str, min_length: int) -> bool:
    long_lines = [line for line in text.split("\n") if len(line) >= min_length]
    return len(set(long_lines)) < len(long_lines)


NORMALISATION_PASSES = (
    fix_escapes,
    join_surrogate_pairs,
    strip_html,
    strip_pinyin_glosses,
    fold_width,
    capitalise_abbreviations,
    to_simplified,
    percent_in_words,
    copy_slips,
    strip_markdown,
    tidy_spacing,
    strip_web_clutter,
    tidy_spacing,
    join_broken_lines,
    drop_repeated_lines,
)


def normalise(text: str) -> NormalisedText:
    """Run every normalisation pass over ``text``.

    >>> normalise("經(jīng)濟(jì)發(fā)展(zhǎn)增長６％").text
    '经济发展增长6%'
    """
    editor = TextEditor(text)
    for normalisation_pass in NORMALISATION_PASSES:
        normalisation_pass(editor)
    editor.text, editor.offsets = _strip_edges(editor.text, editor.offsets)
    return editor.result()


def _strip_edges(text: str, offsets: array) -> tuple[str, array]:
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return text[start:end], offsets[start:end] + array("q", [offsets[end] if end < len(offsets) else offsets[-1]])
