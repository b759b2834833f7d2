"""The speaker of a report: the name and position of its byline, in the forms reports and copies of them give it.

A byline is looked for in this order, the most explicit form first: the government, the position and the name
(泉州市人民政府市长 蔡战胜), a header's 报告人:, a line of a position and a name, …, and last a news item's
name before the report it gives (张惠作政府工作报告). The match has the groups ``name`` and ``position`` (empty
where the form gives none) and, where the form names it, ``org``.
"""

from __future__ import annotations

import re

from kg.lexicon import LEXICON as LEX

_SPEAKER = LEX.pattern("metadata_speaker")
_NEWS_SPEAKER = LEX.pattern("metadata_news_speaker")
# "…第四次会议上省长王新伟": the byline run into the date-and-session line.
_SESSION_SPEAKER = LEX.pattern("metadata_session_speaker")
# A line that is only "省长 王予波" or "自治区主席 艾尔肯·吐尼亚孜" (newspaper reposts).
_BARE_SPEAKER = LEX.pattern("metadata_bare_speaker")
_HEADER_SPEAKER = LEX.pattern("metadata_header_speaker")
_DATED_SPEAKER = LEX.pattern("metadata_dated_speaker")  # (2008年1月23日 吴新雄): a name, no position
_NEWS_NAME_SPEAKER = LEX.pattern("metadata_news_name_speaker")  # 张惠作政府工作报告: a name, no position
_COLON_SPEAKER = LEX.pattern("metadata_colon_speaker")  # 拉萨市市长:多吉次珠, a line's end
_DATELINE_NAME_SPEAKER = LEX.pattern("metadata_dateline_name_speaker")  # 会议上 / 栗俊昌: a name, no position
_NAME_SESSION_SPEAKER = LEX.pattern("metadata_name_session_speaker")  # 马伟在…会议上的报告: a name, no position
_REPORT_NAME_SPEAKER = LEX.pattern("metadata_report_name_speaker")  # 惠进才在政府工作报告中: a name
_NAME_OVER_DATE_SPEAKER = LEX.pattern("metadata_name_over_date_speaker")  # 海青 / (2018年2月3日): a name
_NAME_UNDER_DATE_SPEAKER = LEX.pattern("metadata_name_under_date_speaker")  # (2017年12月23日) / 葛锐 / 各位代表
_GOVERNMENT_NAME_SPEAKER = LEX.pattern("metadata_government_name_speaker")  # 镶黄旗人民政府 好毕斯哈拉图
_GREETING_SPEAKER = LEX.pattern("metadata_greeting_speaker")  # …慈溪市代市长项敏 / 各位代表
_DATE_NAME_GREETING = LEX.pattern("metadata_date_name_greeting")  # (2016年2月24日) 林丽 各位代表: a name
_POSITION = LEX.pattern("speaker_position")


def find_speaker(head: str, body_head: str) -> re.Match[str] | None:
    """The first byline of the forms above in a report's head (``body_head``: after a page's header).

    >>> find_speaker("", "泉州市人民政府市长 蔡战胜\\n各位代表:").group("name")
    '蔡战胜'
    """
    for form, text in (
        (_SPEAKER, body_head),
        (_HEADER_SPEAKER, head),
        (_BARE_SPEAKER, body_head),
        (_COLON_SPEAKER, body_head),
        (_SESSION_SPEAKER, body_head),
        (_NEWS_SPEAKER, body_head),
        (_DATED_SPEAKER, body_head),
        (_DATELINE_NAME_SPEAKER, body_head),
        (_NAME_SESSION_SPEAKER, body_head),
        (_REPORT_NAME_SPEAKER, body_head),
        (_NAME_OVER_DATE_SPEAKER, body_head),
        (_NAME_UNDER_DATE_SPEAKER, body_head),
        (_GOVERNMENT_NAME_SPEAKER, body_head),
        (_DATE_NAME_GREETING, body_head),
        (_GREETING_SPEAKER, body_head),
        (_NEWS_NAME_SPEAKER, body_head),
    ):
        match = form.search(text)
        # (a line of a position alone is no name: 会议上 / 区长 / 各位代表, a copy that left the name out)
        if match and not _POSITION.fullmatch(match.group("name")):
            return match
    return None
