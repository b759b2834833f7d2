"""Names that come as lists: enumerations (科创中心、紫华园等6个项目), distributive prefixes
(东海、清源街道社区卫生服务中心), the contents of a zone (新阳片区内道路、排洪渠) and the
companies that won an honour (九牧、固美入围省民企百强)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extract.entities.attributes import status_near
from kg.extract.entities.filters import acceptable
from kg.extract.entities.nearby import ReportContext
from kg.extract.entities.records import Mention, Span
from kg.extract.entities.relations import carried_container
from kg.extract.entities.trimming import after_last_break, strip_unbalanced_quotes, trim_leading
from kg.extract.entities.vocabulary import (
    BOUNDARY_AFTER,
    CATEGORY_KINDS,
    CLAUSE,
    COMPANY_HONOUR,
    COMPLETING_JOINER,
    COUNT_INSIDE,
    ENUMERATION,
    ENUMERATION_MARK,
    HEAD_RE,
    HONOUR,
    HONOUR_VERB,
    LIST_SEPARATORS,
    NOT_NAMES,
    NOTE_MARK,
    QUALIFYING_CATEGORIES,
    RESEARCH_CENTRES,
    STATUS_RE,
    STREET_COUNTERS,
    STREET_ENDINGS,
    STREET_OFFICE_HEADS,
    TOWNSHIP_HEADS,
    WORK_HEADS,
    ZONE_INSIDE,
    ZONE_ITEMS_TAIL,
)
from kg.extract.entities.words import (
    category_suffix,
    distributes,
    final_head,
    has_governing_word,
    kind_by_head,
    names_something,
)
from kg.model import EntityKind

_STEM_BEFORE = re.compile(r"[\u4e00-\u9fff]{2,8}$")
_HONOURED_KINDS = (None, EntityKind.ORGANIZATION)


def successive_matches(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern that opens with a run of any characters the text
    is made of (``ENUMERATION`` in a clause): a match starting anywhere could start at the end
    of the one before, so where it fails to match there it matches nowhere, and the search need
    not try every later start (eight times faster on the corpus, same matches)."""
    position = 0
    while (match := pattern.match(text, position)) is not None:
        yield match
        position = match.end()


def outermost(mentions: list[Mention]) -> list[Mention]:
    """Drop names that lie inside a longer name (繁荣站 inside 繁荣站前西片区)."""
    if len(mentions) < 2:
        return list(mentions)
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in ordered:
        if any(k.start <= mention.start and mention.end <= k.end for k in kept):
            continue
        kept = [k for k in kept if not (mention.start <= k.start and k.end <= mention.end)]
        kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def split_items(text: str, keep: list[Span] | tuple[()] = ()) -> list[tuple[int, str]]:
    """Items of a list joined by 、 和 及 与 (never inside a span of ``keep``), with their offsets;
    a distributive prefix is expanded.

    >>> [p for _, p in split_items("东海、清源街道社区卫生服务中心")]
    ['东海街道社区卫生服务中心', '清源街道社区卫生服务中心']
    >>> [p for _, p in split_items("礼县和西和县供水工程", [(3, 6)])]
    ['礼县', '西和县供水工程']
    >>> [p for _, p in split_items("博嵩科技园汽车及零部件、雄泰再生资源")]
    ['博嵩科技园汽车及零部件', '雄泰再生资源']
    """
    pieces: list[tuple[int, str]] = []
    position = 0
    joined_by = ""
    for separator in list(LIST_SEPARATORS.finditer(text)) + [None]:
        end = separator.start() if separator else len(text)
        if separator and any(ks <= separator.start() < ke for ks, ke in keep):
            continue
        part = text[position:end]
        # 汽车及零部件: a short common word after 及 completes an item that has no head word of its own
        if (
            pieces
            and joined_by == COMPLETING_JOINER
            and part
            and len(part) <= 3
            and not names_something(part)
            and final_head(pieces[-1][1]) is None
        ):
            pieces[-1] = (pieces[-1][0], text[pieces[-1][0] : end])
        elif part:
            pieces.append((position, part))
        if separator:
            position, joined_by = separator.end(), separator.group(0)
    if len(pieces) >= 2:
        last_start, last = pieces[-1]
        head = HEAD_RE.search(last)
        # 东海、清源街道社区卫生服务中心: bare short stems before an item that starts stem + head word
        if (
            head
            and 2 <= head.start() <= 4
            and distributes(head.group(0))
            and all(len(p) <= 4 and not HEAD_RE.search(p) and not has_governing_word(p) for _, p in pieces[:-1])
        ):
            tail = last[head.start() :]
            return [(s, p + tail) for s, p in pieces[:-1]] + [(last_start, last)]
    return pieces


def enumeration(context: ReportContext, text: str, start: int, end: int) -> tuple[list[Mention], list[Span]]:
    """``A、B等N个项目`` or ``A、B等企业``: the items, of the class the category noun gives,
    and the spans of the enumerations (no other name may be read inside them)."""
    found: list[Mention] = []
    spans: list[Span] = []
    clause = text[start:end]
    if ENUMERATION_MARK not in clause:
        return found, spans
    for match in successive_matches(ENUMERATION, clause):
        category = match.group("category")
        kind = next((k for pattern, k in CATEGORY_KINDS if pattern.search(category)), None)
        if kind is None or (category.endswith(QUALIFYING_CATEGORIES) and not BOUNDARY_AFTER.match(clause, match.end())):
            continue  # 等区域公用品牌: 区域 qualifies the noun after it
        items_text = match.group("items")
        offset = start + match.start("items")
        # the first item starts after the governing verbs
        trimmed = trim_leading(after_last_break(items_text, context.place_spans(items_text)))
        offset += len(items_text) - len(trimmed)
        pieces = split_items(trimmed, context.place_spans(trimmed))
        spans.append((offset, start + match.end()))
        status = status_near(text, offset, start + match.end(), kind)
        for piece_start, piece in pieces:
            piece = NOTE_MARK.sub("", piece)
            item = _enumerated(context, piece, kind, match, clause)
            if item is None:
                continue
            label, item_kind = item
            absolute = offset + piece_start
            mention = Mention(
                item_kind, label, absolute, absolute + len(piece), status=status, in_list=True, listed_as=kind
            )
            mention.container = carried_container(context, label, item_kind)
            found.append(mention)
    return found, spans


def _enumerated(
    context: ReportContext, piece: str, kind: EntityKind, match: re.Match[str], clause: str
) -> tuple[str, EntityKind] | None:
    """The label and class of one item of an enumeration, which may take its head word from the
    category (繁荣站前西 in ``…等重点片区`` is 繁荣站前西片区), or None when it is no name."""
    category = match.group("category")
    suffix = category_suffix(category, kind)
    label = strip_unbalanced_quotes(piece.strip())
    item_kind = kind_by_head(label) or kind
    if item_kind is EntityKind.AREA and kind is EntityKind.AREA and suffix and not kind_by_head(label):
        label = label + suffix
    elif (
        kind is EntityKind.TOWNSHIP
        and suffix
        and not label.endswith(TOWNSHIP_HEADS)
        and not (match.group("count") or "").endswith(STREET_COUNTERS)  # 东大街等6条街道: streets
        and not (suffix in STREET_OFFICE_HEADS and label.endswith(STREET_ENDINGS))
    ):  # 正阳街、复兴街等街道
        label = label + suffix
        item_kind = EntityKind.TOWNSHIP
    elif kind is EntityKind.PROJECT and not kind_by_head(label):
        category_head = next((h.group(0) for h in HEAD_RE.finditer(category) if h.group(0) not in WORK_HEADS), None)
        if len(label) <= 2:
            # 梅山、官桥等医院项目: a bare two-character item takes the category's head word
            if category_head is None or context.is_place(label):
                return None
            label = label + category_head
        elif RESEARCH_CENTRES.match(clause, match.start("category")):
            return None  # 河北汽车、卫星导航等一批工程技术研究中心: fields of a class, not names
    if not acceptable(label, "") or len(piece) > 30 or context.is_place(label):
        return None
    return label, item_kind


def distributed(context: ReportContext, text: str, mention: Mention) -> list[Mention]:
    """东海、清源街道社区卫生服务中心: short stems listed before a name that starts stem + 街道."""
    head = HEAD_RE.search(mention.label)
    if not head or not 2 <= head.start() <= 4 or not distributes(head.group(0)):
        return []
    tail = mention.label[head.start() :]
    found = []
    position = mention.start
    while text[:position].endswith("、"):
        stem = _STEM_BEFORE.search(text[: position - 1])
        if stem is None:
            break
        bare = trim_leading(stem.group(0))
        # 高里中学综合教学楼、姚村镇: more than a short stem is the tail of a longer name
        if not 2 <= len(bare) <= 4 or HEAD_RE.search(bare) or context.is_place(bare) or has_governing_word(bare):
            break
        start = position - 1 - len(bare)
        item = Mention(mention.kind, bare + tail, start, position - 1, status=mention.status, in_list=True)
        item.container = carried_container(context, item.label, item.kind)
        found.append(item)
        if len(bare) < len(stem.group(0)):
            break
        position = start
    return found


def zone_contents(text: str, mentions: list[Mention]) -> list[Mention]:
    """新阳片区内道路、排洪渠、安商房及公共服务配套设施建设: each item lies in the zone."""
    found = []
    for zone in mentions:
        if zone.kind is not EntityKind.AREA or zone.counted:
            continue
        # 激活园区内生动力: 内生 is a word, not "inside"
        inside = ZONE_INSIDE.match(text[zone.end :])
        if inside is None:
            continue
        items_text = ZONE_ITEMS_TAIL.sub("", inside.group("items"))
        offset = zone.end + inside.start("items")
        status = status_near(text, zone.start, offset + len(items_text), EntityKind.PROJECT)
        for piece_start, piece in split_items(items_text):
            piece = piece.strip()
            if not 2 <= len(piece) <= 20 or COUNT_INSIDE.search(piece) or STATUS_RE.fullmatch(piece):
                continue
            head = HEAD_RE.search(piece)
            named = (
                kind_by_head(piece) is EntityKind.PROJECT
                and head is not None
                and acceptable(piece, head.group(0))
                and piece not in NOT_NAMES
            )
            label = piece if named else zone.label + piece
            item = Mention(
                EntityKind.PROJECT,
                label,
                offset + piece_start,
                offset + piece_start + len(piece),
                container=zone.label,
                status=status,
                in_list=True,
            )
            found.append(item)
    return found


def honoured(context: ReportContext, text: str, mentions: list[Mention]) -> list[Mention]:
    """九牧、固美入围省民企百强: the companies a clause opens with, when the honour is a company's."""
    found: list[Mention] = []
    if not HONOUR_VERB.search(text):
        return found
    for clause in CLAUSE.finditer(text):
        match = HONOUR.match(clause.group(0))
        if match is None or not COMPANY_HONOUR.search(match.group("honour")):
            continue
        items_text = trim_leading(match.group("items"))
        offset = clause.start() + match.end("items") - len(items_text)
        for piece_start, piece in split_items(items_text):
            piece = piece.strip()
            start = offset + piece_start
            if (
                not 2 <= len(piece) <= 8
                or kind_by_head(piece) not in _HONOURED_KINDS
                or context.is_place(piece)
                or not acceptable(piece, "")
                or any(m.start <= start < m.end for m in mentions)
            ):
                continue
            found.append(Mention(EntityKind.ORGANIZATION, piece, start, start + len(piece), in_list=True))
    return found
