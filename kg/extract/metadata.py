"""Report metadata: which government reports, for which years, when, by whom, at which session.

The place comes, in order of trust, from the speaker line (泉州市鲤城区人民政府区长),
the session (在南安市第十八届人民代表大会第三次会议上), a title or header line, then
from the name the file was saved under where the text names that place too, from which place
names the text itself keeps mentioning (an excerpt with no heading still says 智造洛江, 洛江篇章 and
我区), from the file's name alone (塔城地区_2025.txt for an excerpt that says only 地区), from the
counties it names, and last from the townships it names (kg.extract.place_guess). The years come
from the text, a title, or the file's name.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

from kg.extract.entities.vocabulary import LEFT_BREAKS
from kg.extract.place_guess import (
    guess_place_from_mentions,
    place_from_subdivisions,
    place_from_townships,
    place_in_own_history,
    place_named_weakly,
    place_under_named,
    told_apart,
)
from kg.extract.speakers import find_speaker
from kg.extract.years import BASE_YEAR, YEAR_MARK, arabic_dates
from kg.extract.years_of_epochs import years_by_epoch, years_by_five_year_plan, years_by_plenum
from kg.lexicon import LEXICON as LEX
from kg.model import ReportMetadata
from kg.places import Gazetteer, Place, best_by_context, choose_by_context

# The evidence of a place the text names only once or twice (an excerpt: 龙游加快建设 with 全县): the
# build warns that it is a guess
FEW_MENTIONS = "few mentions"
OWN_HISTORY = "its own history"  # 也是城固发展进程中极不平凡的一年: a name the text may give only there
UNDER_TITLES_PLACE = "under the title's place"  # 五华在争先 in a district's text a copy titled 昆明市…
# where the text names no place or year, the file's name may (塔城地区_2025.txt for a text that says only 地区)
FILE_NAME = "the file's name"

_SESSION = LEX.pattern("metadata_session")
_DATE_OVER_SPEAKER = LEX.pattern("metadata_date_over_speaker")  # 2021年2月27日 / 市长 张集智
_DATE_UNDER_SPEAKER = LEX.pattern("metadata_date_under_speaker")  # 区人民政府代区长 刘 军 / 2016年1月14日
_DATE_OVER_GREETING = LEX.pattern("metadata_date_over_greeting")  # 政府工作报告 / 2013年3月19日 / 各位代表:
_GARBLED_DATE_BEFORE_SESSION = LEX.pattern("metadata_garbled_date_before_session")  # 20241228日在…
_SHORT_SESSION = LEX.pattern("metadata_short_session")
_CONGRESS = LEX.pattern("metadata_congress")
_DATE = LEX.pattern("metadata_date")
_DATE_LINE = LEX.pattern("metadata_date_line")
_DATE_BEFORE_SESSION = LEX.pattern("metadata_date_before_session")
_DATE_AFTER_SESSION = LEX.pattern("metadata_date_after_session")  # …会议上(2004年1月8日)
_DATE_IN_PARENS = LEX.pattern("metadata_date_in_parens")
_ADOPTED = LEX.word_list("adopted_marks")[0]  # 通过
_TITLE_COMPACT_DATE = LEX.pattern("metadata_title_compact_date")  # 盐亭县政府工作报告(20230108)
_SESSION_DATELINE = LEX.pattern("metadata_session_dateline")  # —— 2011年3月8日在区十届人大五次会议上
_HEADER_DATE = LEX.pattern("metadata_header_date")
_MASKED_YEAR = LEX.pattern("metadata_masked_year")
_NEWS_DATE = LEX.pattern("metadata_news_date")
_NEWS_SESSION_DATE = LEX.pattern("metadata_news_session_date")  # 1月16日讯 1月15日上午,…人民代表大会…开幕
_NEWS_YESTERDAY = LEX.pattern("metadata_news_yesterday")  # 1月7日讯 昨日上午…开幕: the day before
_HORIZON_BEFORE = LEX.pattern("metadata_horizon_before")
_TITLE = LEX.pattern("metadata_title")
_TITLE_YEAR = LEX.pattern("metadata_title_year")
_FILE_NAME_YEAR = LEX.pattern("metadata_file_name_year")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_ON_BEHALF = LEX.pattern("metadata_on_behalf")
_ISSUER = LEX.pattern("metadata_issuer")
_YEAR = LEX.pattern("metadata_year")
_JUST_PAST_YEAR = LEX.pattern("metadata_just_past_year")
# a news summary dates the report it tells of (2015年4月27日的镇安县政府工作报告); a review part opens
# with its year under a heading that names none (过去一年政府工作成效显著 / 2019年,是…的一年)
_REPORT_DATE = LEX.pattern("metadata_report_date")
_REPORT_TIME_LABEL = LEX.pattern("metadata_report_time_label")  # - 报告时间:2003年12月25日
_REVIEW_OPENING_YEAR = LEX.pattern("metadata_review_opening_year")
_REVIEW_PARAGRAPH_YEAR = LEX.pattern("metadata_review_paragraph_year")
_PLAN_YEAR_AFTER = LEX.pattern("metadata_plan_year_after")
_PLAN_YEAR_NAMED = LEX.pattern("metadata_plan_year_named")
_GOALS_NAMED, _REVIEW_WORDS = LEX.pattern("metadata_goals_named"), LEX.pattern("metadata_review_words")
_REVIEW_YEAR_BEFORE = LEX.pattern("metadata_review_year_before")
_REVIEW_AFTER_YEAR = LEX.pattern("metadata_review_after_year")
_REVIEW_HEADING_YEAR = LEX.pattern("metadata_review_heading_year")
_REVIEW_PART_NAMED = LEX.pattern("metadata_review_part_named")
_PLAN_HEADING_YEAR = LEX.pattern("metadata_plan_heading_year")
_TWO_SESSIONS_YEAR = LEX.pattern("metadata_two_sessions_year")
_ESTIMATED_YEAR = LEX.pattern("metadata_estimated_year")
_NATIONAL = LEX.pattern("national_report")
_BODY_MARKER = LEX.pattern("header_body_marker")
_PLACE_SUFFIX = LEX.pattern("place_suffix_char")
_HEAD = 2500


def extract_metadata(text: str, gazetteer: Gazetteer, page_date: str = "", file_name: str = "") -> ReportMetadata:
    """Read place, years, date, speaker and session from a normalised report; ``page_date`` is the
    date of its page's byline (``NormalisedText.page_date``), for a text that names no year, and
    ``file_name`` the file's name as text (``file_name_as_text``), for a text that names no place
    or year in its own lines."""
    meta = ReportMetadata()
    head = text[:_HEAD]
    body_head = _after_header(head)
    session = _SESSION.search(body_head)
    session_source = body_head
    if session is None:
        session, session_source = _SESSION.search(head), head
    if session is None:
        session, session_source = _SHORT_SESSION.search(body_head), body_head
    speaker = find_speaker(head, body_head)
    title = _TITLE.search(head)
    if title:
        meta.title = title.group("title").strip()
    if speaker:
        meta.speaker, meta.position = speaker.group("name"), speaker.group("position") or None

    if session:
        meta.session = _session_name(session, gazetteer)
    national = bool(_NATIONAL.search(head))

    # Place: speaker's government, then session, then title/issuer, then mentions.
    candidates = []
    if speaker and "org" in speaker.groupdict() and speaker.group("org"):
        candidates.append(("speaker", _after_session(speaker.group("org"), session)))
    if session and session.group("prefix"):
        candidates.append(("session", session.group("prefix")))
    issuer = _ISSUER.search(head)
    if issuer:
        candidates.append(("issuer", issuer.group("org")))
    on_behalf = _ON_BEHALF.search(body_head)
    if on_behalf:
        candidates.append(("on behalf", on_behalf.group("org")))
    if title:
        candidates.append(("title", title.group("title")))
    if national:
        meta.place, meta.place_evidence = gazetteer.country, "national"
    else:
        for evidence, chunk in candidates:
            place = _last_place_in(chunk, gazetteer, text)
            if place:
                meta.place, meta.place_evidence = place, evidence
                break
        _place_under_the_title(meta, text, gazetteer)
        if meta.place is None:
            meta.place = place_in_own_history(text, gazetteer)
            meta.place_evidence = OWN_HISTORY if meta.place else ""
        by_file = _last_place_in(file_name, gazetteer, text) or _one_place_by_short_name(file_name, gazetteer)
        if meta.place is None and by_file and _names(text, by_file):
            # (the file's name over what the text names most, when the text names it too: 延庆区_2024 of a
            # text that names 北京 six times and 延庆 twice)
            meta.place, meta.place_evidence = by_file, FILE_NAME
            _place_under_the_title(meta, text, gazetteer)
        if meta.place is None:
            meta.place = guess_place_from_mentions(text, gazetteer)
            meta.place_evidence = "mentions" if meta.place else ""
        if meta.place is None:
            meta.place = _place_of_congress(body_head, gazetteer, text)
            meta.place_evidence = "congress" if meta.place else ""
        if meta.place is None and by_file:
            # (a name the text never gives, below what the text says of itself: a file of 新安县's report,
            # which says 新安 some twenty times, was saved as 安新县_2024)
            meta.place, meta.place_evidence = by_file, FILE_NAME
            _place_under_the_title(meta, text, gazetteer)
        if meta.place is None:
            meta.place = place_from_subdivisions(text, gazetteer)
            meta.place_evidence = "subdivisions" if meta.place else ""
        if meta.place is None:
            meta.place = place_from_townships(text, gazetteer)
            meta.place_evidence = "townships" if meta.place else ""
        if meta.place is None:
            meta.place = place_named_weakly(text, gazetteer)
            meta.place_evidence = FEW_MENTIONS if meta.place else ""
    if (
        meta.session
        and meta.place
        and not national
        and meta.place.name not in meta.session
        and meta.place.short_name not in meta.session
        and not (meta.place.former_name and meta.place.former_name in meta.session)
    ):
        meta.session = meta.place.name + meta.session

    _resolve_years(meta, text, body_head, session, session_source, page_date, file_name)
    return meta


def _place_under_the_title(meta: ReportMetadata, text: str, gazetteer: Gazetteer) -> None:
    """A copy's title or file name may name the city of a district's report: 昆明市2023年政府工作报告 over
    我代表区人民政府…五华在争先 is 五华区's."""
    if meta.place and meta.place_evidence in ("title", FILE_NAME):
        if under := place_under_named(meta.place, text, gazetteer):
            meta.place, meta.place_evidence = under, UNDER_TITLES_PLACE


def _after_header(head: str) -> str:
    """Skip a scraper's metadata header (标题/发文单位/...正文:), whose fields may disagree with the body."""
    marker = _BODY_MARKER.search(head)
    return head[marker.end() :] if marker else head


def _after_session(org: str, session: re.Match | None) -> str:
    """The government a speaker line names, without the session line run into it: a scraped header
    joins 在城区十七届人民代表大会第五次会议上 and 城区人民政府区长, and 会议上城区 would read as 上城区.
    The 上 stays where it starts the place the session names (在上高县…第二次会议 / 上高县人民政府)."""
    if session is None:
        return org
    at = org.rfind(session.group("body"))
    if at < 0:
        return org
    rest = org[at + len(session.group("body")) :]
    closing = session.group("closing") or ""
    if closing and rest.startswith(closing) and rest not in session.group("prefix"):
        rest = rest[len(closing) :]
    return rest


def _session_name(match: re.Match, gazetteer: Gazetteer) -> str:
    prefix = match.group("prefix")
    names = _place_names_in(prefix, gazetteer)
    if names:
        first = prefix.find(names[0])
        prefix = prefix[first:]
    else:
        prefix = ""
    groups = match.groupdict()
    term, sitting = groups.get("term") or groups.get("term2"), groups.get("sitting") or groups.get("sitting2")
    if term and sitting:  # 十三届人大二次会议, as a full form names it: 第十三届人民代表大会第二次会议
        return prefix + LEX.label("report.session").format(term=term, sitting=sitting)
    return prefix + match.group("body").replace("\n", "")  # (a dateline broken inside: 第十八届\n人民代表大会…)


def _place_names_in(chunk: str, gazetteer: Gazetteer) -> list[str]:
    """Full administrative names in a chunk, left to right, longest match first."""
    names, i = [], 0
    while i < len(chunk):
        for length in range(min(12, len(chunk) - i), 1, -1):
            candidate = chunk[i : i + length]
            if _PLACE_SUFFIX.fullmatch(candidate[-1]) and gazetteer.named(candidate):
                names.append(candidate)
                i += length
                break
        else:
            i += 1
    return names


def _one_place_by_short_name(name: str, gazetteer: Gazetteer) -> Place | None:
    """The one place whose short name is a word of a file's name (01_漳州_2010 → 漳州市; 朝阳 names four)."""
    for word in reversed(_HAN_RUN.findall(name)):
        places = gazetteer.by_short_name.get(word, [])
        if len(places) == 1:
            return places[0]
    return None


def _names(text: str, place: Place) -> bool:
    """Whether ``text`` names ``place``, in full or by its short name (延庆 for 延庆区)."""
    return place.name in text or bool(place.short_name and len(place.short_name) >= 2 and place.short_name in text)


def _place_of_congress(head: str, gazetteer: Gazetteer, context: str) -> Place | None:
    """The place of the first people's congress the head names with its place (a news report of
    the session: 威海市第十七届人民代表大会代表名额为338名, after 市十七届人大一次会议开幕)."""
    for congress in _CONGRESS.finditer(head):
        prefix = congress.group("prefix")
        names = _place_names_in(prefix, gazetteer)
        if not names:
            continue
        # (a place of one character and its kind inside a word: 较好完成县十六届人大一次会议 names no 成县)
        at = prefix.rfind(names[-1])
        if at > 0 and len(names[-1]) == 2 and _HAN_RUN.match(prefix, at - 1) and not LEFT_BREAKS.match(prefix, at - 1):
            continue
        place = _place_named(names[-1], prefix, gazetteer, context)
        if place is not None:
            return place
    return None


def _last_place_in(chunk: str, gazetteer: Gazetteer, context: str) -> Place | None:
    names = _place_names_in(chunk, gazetteer)
    return _place_named(names[-1], chunk, gazetteer, context) if names else None


def _place_named(name: str, chunk: str, gazetteer: Gazetteer, context: str) -> Place | None:
    """The place of that full name the chunk and the text's head around it point to, or else the
    townships and neighbours the whole text names (``told_apart``)."""
    candidates = best_by_context(gazetteer.named(name), chunk + context[: _HEAD * 4])
    return choose_by_context(told_apart(candidates, context, gazetteer), "") if candidates else None


def _resolve_years(
    meta: ReportMetadata,
    text: str,
    body_head: str,
    session: re.Match | None,
    session_source: str,
    page_date: str = "",
    file_name: str = "",
) -> None:
    delivered = None
    # the date before the session, or before a later mention of the same session: a resolution's title
    # names it first, its date line again (2010年12月24日…第六次会议通过), the report's dateline last
    # (——2010年12月22日在…第六次会议上), which is the day it was delivered and comes first
    if session:
        delivered = _date_before(session, session_source)
        if delivered is None and session.re is _SESSION and not session.group("closing"):
            later = (
                m
                for m in _SESSION.finditer(session_source, session.end())
                if _unbroken(m.group("body")) == _unbroken(session.group("body"))
            )
            for mention in sorted(later, key=lambda m: not m.group("closing")):
                if delivered := _date_before(mention, session_source):
                    break
    if delivered is None:
        head_dates = arabic_dates(body_head)
        found = (
            _SESSION_DATELINE.search(head_dates)
            or _DATE_IN_PARENS.search(head_dates)
            or _TITLE_COMPACT_DATE.search(head_dates)
            or _REPORT_DATE.search(arabic_dates(text[:_HEAD]))
            or _REPORT_TIME_LABEL.search(head_dates)
            or _DATE_OVER_SPEAKER.search(head_dates)
            or _DATE_UNDER_SPEAKER.search(head_dates)
            or _DATE_OVER_GREETING.search(head_dates)
        )
        if found:
            delivered = _date(*found.groups())

    header_date = page = None
    # (a text whose years a copy masked, 20xx年政府工作回顾, was posted when its page says, not delivered)
    if delivered is None and not _MASKED_YEAR.search(text[:_HEAD]):
        found = _HEADER_DATE.search(text[:_HEAD])
        header_date = _date(*found.groups()) if found else None
        # the page's byline or stamp: the day it was posted, which may be a later copy's (公文搜
        # 2021-07-27 17:55:23 over 2020年新晃侗族自治县政府工作报告): below the title's year, above the
        # years a text names in passing (发布时间:2016/03/18 over 到2020年)
        page = _date(*page_date.split("-")) if page_date else None

    review = plan = None
    if delivered is not None:
        plan = delivered.year + (1 if delivered.month >= 9 else 0)
        review = plan - 1
    for match in _REVIEW_HEADING_YEAR.finditer(text) if review is None else ():
        if _is_heading_like(text, match.start()):
            review = next(int(y) for y in match.groups() if y)
            break
    if review is None and (part := _REVIEW_PART_NAMED.search(text)):
        review = int(part.group(1) or part.group(2))
    if review is None:
        just_past = _JUST_PAST_YEAR.search(text) or _REVIEW_OPENING_YEAR.search(text)
        if just_past:
            review = int(just_past.group(1))
        else:
            # the latest such line: a five-year review opens a line with each of its years
            review = max((int(m.group(1)) for m in _REVIEW_PARAGRAPH_YEAR.finditer(text)), default=None)
    for match in _PLAN_HEADING_YEAR.finditer(text) if plan is None else ():
        year = int(match.group(1))
        if (review is None or year == review + 1) and _is_heading_like(text, match.start()):
            plan = year
            break
    if review is None and plan is None and (sessions := _TWO_SESSIONS_YEAR.search(text, 0, _HEAD)):
        plan = int(sessions.group(1))  # 2022南阳两会: the sessions that hear the report plan their year
    if review is None and plan is None and header_date:
        plan = header_date.year + (1 if header_date.month >= 9 else 0)
    # a title's year, else the one year the file's name gives (塔城地区_2025.txt: like a title, the year delivered)
    title_year = _TITLE_YEAR.search(meta.title) if meta.title else None
    file_years = set(_FILE_NAME_YEAR.findall(file_name)) if title_year is None else set()
    if review is None and plan is None and (title_year or len(file_years) == 1):
        if title_year:
            plan = int(title_year.group(1))
        else:
            plan, meta.year_evidence = int(file_years.pop()), FILE_NAME
        # (a copy's title may give the year the report reviews: 滨城区2007年政府工作报告 over 预计2007年实现
        # 地区生产总值142亿元, the estimate of a year just ended)
        estimated = _ESTIMATED_YEAR.search(text)
        if estimated and int(estimated.group(1)) == plan:
            review, plan = plan, None
    named = _years_by_frequency(text) if review is None and plan is None else (None, None, False)
    if review is None and plan is None and page and not named[2]:
        plan = page.year + (1 if page.month >= 9 else 0)
        # (not a copy posted years after the report: the latest plenum it follows says when it was written,
        # 十八届三中、四中全会精神 on a page of 2018-07-01 plans 2015, where a report of 2018 follows 十九大)
        plenum_plan = years_by_plenum(text[:_HEAD])[1]
        if named[0] is None and plenum_plan is not None and plan > plenum_plan + 1:
            plan = None
    if review is None and plan is None:
        review, plan = named[0], named[1]
    if review is None and plan is None:
        review, plan = years_by_five_year_plan(text[:_HEAD])
    if review is None and plan is None:
        review, plan = years_by_epoch(text[:_HEAD])
    if review is None and plan is None:
        review, plan = years_by_plenum(text[:_HEAD])
    if plan is None and review is not None:
        plan = review + 1
    if review is None and plan is not None:
        review = plan - 1
    meta.review_year, meta.plan_year = review, plan

    if delivered is None and plan is not None:
        news = _NEWS_SESSION_DATE.search(body_head[:600]) or _NEWS_DATE.search(body_head[:600])
        if news:
            month, day = int(news.group(1)), int(news.group(2))
            delivered = _date(str(review if month >= 9 else plan), str(month), str(day))
            if delivered and _NEWS_YESTERDAY.match(body_head, news.end()):
                delivered -= timedelta(days=1)
    meta.delivered_on = delivered


def _unbroken(body: str) -> str:
    """A session's name without the line breaks of a dateline (在徐州市第十六届 / 人民代表大会第五次会议上)."""
    return body.replace("\n", "")


def _date_before(session: re.Match, source: str) -> date | None:
    """The date just before a session's name (2022年1月5日在…第一次会议上), if any; a date of another
    kind only on the session's own line or alone on the line above it (not a page's stamp with its
    source: 2008年06月20日来源:上海普陀)."""
    if _ADOPTED in source[session.end() : session.end() + 12]:  # (…第四次会议第三次大会通过): the day it was adopted
        return None
    # (the date in brackets right after it first: 2004年01月12日 / 【 / 政府工作报告 / —在…会议上(二〇〇四年一月八日),
    # where the date lines above are the page's)
    after = _DATE_AFTER_SESSION.match(arabic_dates(source[session.end() : session.end() + 20]))
    if after:
        return _date(*after.groups())
    before = arabic_dates(source[max(0, session.start() - 30) : session.start() + len(session.group("prefix")) + 1])
    above = before[: before.rfind("\n")]  # (the line above the session's, not one further up)
    found = (
        _DATE_BEFORE_SESSION.search(before)
        or _DATE.search(before, before.rfind("\n") + 1)
        or _DATE_LINE.search(above, above.rfind("\n") + 1)
        or _GARBLED_DATE_BEFORE_SESSION.search(before)
    )
    return _date(*found.groups()) if found else None


def _is_heading_like(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return len(line) <= 48 and not line.endswith("。")


def _years_by_frequency(text: str) -> tuple[int | None, int | None, bool]:
    """(review, plan) from the years a text names most, and whether the words after the one year it
    names say outright it is the year planned (which then ranks above a page's date: 湖北荆州绘制2014年
    经济社会发展蓝图 on a copy posted 2015-02-28)."""
    counts = Counter(int(y) for y in _YEAR.findall(BASE_YEAR.sub("", text)))
    if not counts:
        return None, None, False
    top = max(counts, key=lambda y: (counts[y] + counts.get(y + 1, 0) + counts.get(y - 1, 0), y))
    if not counts.get(top + 1) and not counts.get(top - 1):
        # the one year a news summary names: the year it plans where the words after it say so
        # (历城区描绘2025年发展蓝图) and none before it says it is reviewed (回顾了2018年…) nor the
        # sentence after it (2017年,是本届政府谋篇开局之年。一年来,…), else the year it reviews
        found = list(re.finditer(f"{top}{YEAR_MARK}", text))
        # (a year named only as the horizon of goals dates no report: 到2020年,基本实现…四个定位 in a news
        # page on a five-year plan's outline, whose goals for this year follow)
        if all(_HORIZON_BEFORE.search(text, max(0, m.start() - 1), m.start()) for m in found):
            return None, None, False
        after = [text[m.end() : m.end() + 40] for m in found]
        reviewed = any(
            _REVIEW_YEAR_BEFORE.search(text, max(0, m.start() - 6), m.start())
            or _REVIEW_AFTER_YEAR.match(text[m.end() : m.end() + 60])
            for m in found
        )
        # (or gives goals and never reviews: 2020年,太原市在经济、民生方面有诸多重大举措 over 主要预期指标)
        # (after the year: 今年…主要预期目标 before 2025年,虹口区新引进港航企业 speaks of two years)
        goals = _GOALS_NAMED.search(text, found[0].end())
        goals_only = goals is not None and not _REVIEW_WORDS.search(text)
        if not reviewed and (goals_only or any(_PLAN_YEAR_AFTER.match(words) for words in after)):
            return top - 1, top, any(_PLAN_YEAR_NAMED.match(words) for words in after)
        return top, top + 1, False
    if counts.get(top + 1, 0) >= counts.get(top - 1, 0):
        return top, top + 1, False
    return top - 1, top, False


def _date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
