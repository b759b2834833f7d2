"""Named entities of a report and the relations the text states between them.

Projects, areas, townships, organisations, initiatives and people are read from the
framed sentences by rules, not a trained model: a name ends in a head word that says
what it is (片区, 街道, 大桥, 项目, 专项行动, 公司 ...); it starts after punctuation, a
function word or the verbs that govern it (加快建设, 建成投用 ...), which are trimmed.
On top of names, the Chinese that carries relations:

* enumerations ``科创中心、紫华园等6个项目建成投用``: the items are entities of the class the
  category noun names, and share the status; ``等6个`` is a count, never a name;
* distributive prefixes ``东海、清源街道社区卫生服务中心`` → two names, one per 街道;
* a zone and then its contents ``加快三江口片区建设,…,建成开放植物园一期`` and
  ``新阳片区内道路、排洪渠`` → what follows is located in the zone;
* names that carry their place: ``泉州五中洛江校区`` (洛江区), ``洪梅预制菜产业园``
  (洪梅镇, known from ``洪梅等镇``), ``江南片区大型垃圾转运站`` (江南片区);
* a zone with and without its suffix (繁荣站前西 / 繁荣站前西片区) is one entity, and so is a
  name with and without the reporting place before it (仓山区三江口片区 / 三江口片区);
* what a clause sets up somewhere (``在曹妃甸建立…承德工业园``) lies there, whatever it is named for.

Everything here is plain data with sentence spans; RDF is made elsewhere (kg.rdf).
"""
from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from kg.lexicon import LEXICON as LEX
from kg.model import (Comparator, Entity, EntityKind, EntityKey, Frame, Investment, ProjectStatus, ReportMetadata,
                      Sentence, StatusStatement)
from kg.places import Gazetteer, Place
from kg.entities.vocabulary import (LIST_SEPARATORS, NOT_IN_TOWNSHIP_STEM, OWN_PROJECT, PROGRAMME_WORKS, ROUTE_ABBREVIATION, ZONE_INSIDE, ZONE_ITEMS_TAIL, ABBREVIATIONS as _ABBREVIATIONS, AGENCY_RE as _AGENCY_RE, AROUND as _AROUND, BOUNDARY_AFTER as _BOUNDARY_AFTER, BRANCH_AFTER as _BRANCH_AFTER, CATEGORY_KINDS as _CATEGORY_KINDS, CITY_ROLE as _CITY_ROLE, CLASS_HEADS as _CLASS_HEADS, CLAUSE as _CLAUSE, CLAUSE_NO_STOP as _CLAUSE_NO_STOP, COMMON_PLACE_NAMES as _COMMON_PLACE_NAMES, COMPANY_HONOUR as _COMPANY_HONOUR, COUNT_BEFORE as _COUNT_BEFORE, COUNT_INSIDE as _COUNT_INSIDE, COUNT_ONLY as _COUNT_ONLY, COUNT_REACH as _COUNT_REACH, DESIGNATION as _DESIGNATION, ENUMERATION as _ENUMERATION, FIRST_OF_A_CLASS as _FIRST_OF_A_CLASS, GENERIC_BY_FIRST as _GENERIC_BY_FIRST, GENERIC_WORDS as _GENERIC_WORDS, GENERIC_ZONE_HEADS as _GENERIC_ZONE_HEADS, HAN as _HAN, HEADS as _HEADS, HEAD_KIND as _HEAD_KIND, HEAD_LENGTHS as _HEAD_LENGTHS, HEAD_RE as _HEAD_RE, HONOUR as _HONOUR, HONOUR_VERB as _HONOUR_VERB, INNER_CUTS as _INNER_CUTS, INVESTMENT_AFTER as _INVESTMENT_AFTER, INVESTMENT_BEFORE as _INVESTMENT_BEFORE, JOINERS as _JOINERS, LANDFORM_AFTER as _LANDFORM_AFTER, LATIN_OR_NUMBER as _LATIN_OR_NUMBER, LEADING_COUNT as _LEADING_COUNT, LEADING_RE as _LEADING_RE, LEADING_WORDS as _LEADING_WORDS, LEFT_BREAKS as _LEFT_BREAKS, LINE_WORDS as _LINE_WORDS, LOCAL_ZONE_HEADS as _LOCAL_ZONE_HEADS, MODEL_NUMBER as _MODEL_NUMBER, NAME_CHARS as _NAME_CHARS, NAME_MARKS as _NAME_MARKS, NAME_RUN_BACKWARDS as _NAME_RUN_BACKWARDS, NOTE_MARK as _NOTE_MARK, NOT_A_HEAD_AFTER as _NOT_A_HEAD_AFTER, NOT_A_START as _NOT_A_START, NOT_A_TOWNSHIP_AFTER as _NOT_A_TOWNSHIP_AFTER, NOT_INSIDE_VERB as _NOT_INSIDE_VERB, NOT_NAMES as _NOT_NAMES, NOT_NAME_OPENERS as _NOT_NAME_OPENERS, NOT_PLACE_AFTER as _NOT_PLACE_AFTER, NUMBERED_BIG as _NUMBERED_BIG, PERSON as _PERSON, PHASE as _PHASE, PLACE_BUILDS as _PLACE_BUILDS, QUOTED as _QUOTED, REGION_AROUND as _REGION_AROUND, REGION_WORDS as _REGION_WORDS, RESEARCH_CENTRES as _RESEARCH_CENTRES, ROUTE_ENDS as _ROUTE_ENDS, ROUTE_HEADS as _ROUTE_HEADS, SITE as _SITE, SLOGAN as _SLOGAN, STANDING_AFTER as _STANDING_AFTER, STATUS as _STATUS, STATUS_RE as _STATUS_RE, STATUS_WORDS as _STATUS_WORDS, SURNAMES as _SURNAMES, TITLE_GIVEN_BEFORE as _TITLE_GIVEN_BEFORE, TOPIC_CLAUSE_REST as _TOPIC_CLAUSE_REST, TOPIC_TAIL as _TOPIC_TAIL, TOWARDS as _TOWARDS, TOWNSHIP_HEADS as _TOWNSHIP_HEADS, TOWN_SEAT as _TOWN_SEAT, TRAILING_WORDS as _TRAILING_WORDS, VERB_AFTER as _VERB_AFTER, WEAK_HEADS as _WEAK_HEADS, ZONE_WITH_TITLE as _ZONE_WITH_TITLE)

# --- vocabulary -----------------------------------------------------------------------------

# Head words that end a name, with the class they give. Longer heads are tried first.
# national agencies are a closed list; 部 alone ends too many ordinary words (全部, 东部, 干部)


# Weak heads (one character, or words that also end ordinary nouns) must be followed by a
# boundary, so that 站位, 路径, 园丁 or 中心城区 are not read as names.
# A head followed by these is an adjective or a compound, not the end of a name.


# What may appear inside a name; anything else ends it on the left.
# Matched on the reversed text before a head: "[…]+$" searched forwards retries every start.
# Function words that separate a name from what precedes it.

# Verbs, adverbs and modifiers that precede names; trimmed from the left, longest first.
# Head words that end a name; one standing first is what is left of a longer phrase (片区管网…).
# After 镇/乡/街道 inside a name, these make a word of it (乡镇, 乡风, 乡村, 街道路 = 街 + 道路).
# Words that may not end a name (what a name is followed by, leaked into it).
# Verbs that cut a run in the middle: what stands before them belongs to another phrase.

# Category nouns that follow 等 in an enumeration, with the class they give the items.


def _successive_matches(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern that opens with a run of any characters the text
    is made of (``_ENUMERATION`` in a clause): a match starting anywhere could start at the end
    of the one before, so where it fails to match there it matches nowhere, and the search need
    not try every later start (eight times faster on the corpus, same matches)."""
    position = 0
    while (match := pattern.match(text, position)) is not None:
        yield match
        position = match.end()


# 等一批工程技术研究中心: the items before such a class are fields (汽车, 卫星导航), not names
# The shortest count ending at a position has at most five characters (a numeral, 余个, 以上),
# so searching the last eight finds the same counts as searching all the text before it.
# Words ending in a head character that are not names of that kind.
# After a place's short name these say it names a river bank or a landscape, not the place (晋江南岸).
# After a short name inside a name these say the thing is a branch in that place (泉州五中洛江校区).
# Names of regions that are also the short names of districts (中原区, 江北区): 中原银行 is not in 中原区.
_RANGE_MARKS = ("至", "到", "—", "–", "－", "-")
# A city's strategic role (国际航运中心, 西安区域科技创新中心), not a facility; 国家技术创新中心 are real platforms.
# Characters that cut or split a run of text and also occur inside place names (西和县, 诸暨).
# Landforms named after a place below a province are larger than it (江汉平原 is not in 江汉区).
_PROVINCE_KINDS = ("Province", "Municipality", "AutonomousRegion", "SpecialAdministrativeRegion")
# Titles a place or project is awarded (全国一级图书馆, 省级慢性病综合防控示范区), not names.
# A numbered reference to a note (仙人山景区〔20〕), not part of the name before it.
# Slogans such as 一村一品, 一县多园 count things; they name nothing.

# A name made only of these words is a category (重点项目, 工业园区), not a name.
# generic words by their first character, for the word-break check in _is_generic


# Positions of officials, and the usual surnames, for people named in the text (区长林清伏).


# Places outside the report's neighbourhood that lists of partners name (在北京、上海等地).

# A clause that opens with who won an honour, and honours only companies win.

# A place, then what it builds: the place is the subject, the rest is a name within it.
# Before a zone, these make a clause about something other than building in it: a zone still
# planned (谋划建设高铁新城) has no contents yet; 围绕对接雄安新区 is about links to a zone elsewhere.
# Before a name, these make the place it starts with a destination (连接雄安新区道路), not its location.


@dataclass
class _Mention:
    kind: EntityKind
    label: str
    start: int          # offsets in the sentence text
    end: int
    container: str | None = None        # label of an area/township that the name itself carries
    status: ProjectStatus | None = None
    counted: bool = False               # the category of an enumeration, not a name
    in_list: bool = False               # one of several items sharing a verb or a count
    listed_as: EntityKind | None = None  # the class an enumeration's category noun gives (等制造业园区 → Area)


@dataclass
class EntityExtractor:
    """Finds entities in a report's sentences; one instance per process (it keeps no report state)."""

    gazetteer: Gazetteer
    _indexes: dict[Place | None, "_PlaceIndex"] = field(default_factory=dict, repr=False)

    def extract(self, sentences: list[Sentence], meta: ReportMetadata) -> list[Entity]:
        if meta.place not in self._indexes:
            self._indexes[meta.place] = _PlaceIndex(self._nearby_places(meta.place))
        report = _ReportEntities(meta, self._indexes[meta.place])
        for sentence in sentences:
            if sentence.frame is Frame.UNKNOWN and not sentence.text.strip():
                continue
            report.read(sentence)
        return report.finish()

    def _nearby_places(self, place: Place | None) -> list[Place]:
        """Places a name in this report may carry: the place, its children, and its siblings' subtrees."""
        if place is None:
            return []
        scope = place.parent if place.parent is not None and place.kind not in ("Province", "Municipality",
                                                                                   "AutonomousRegion", "Country") else place
        return [p for p in self.gazetteer if p is not scope and _lies_in(p, scope)] + [place]


class _PlaceIndex:
    """The names of the places a report's entity names may carry, for substring lookup."""

    def __init__(self, nearby: list[Place]):
        self.places = sorted(((name, p) for p in nearby for name in {p.name, p.short_name} if len(name) >= 2),
                             key=lambda item: (-len(item[0]), item[1].adcode or ""))
        self.by_name: dict[str, list[Place]] = {}
        for name, place in self.places:
            self.by_name.setdefault(name, []).append(place)
        # the lengths of the names each character starts, longest first: most characters start none
        self.lengths_from: dict[str, list[int]] = {}
        for name in self.by_name:
            self.lengths_from.setdefault(name[0], []).append(len(name))
        for lengths in self.lengths_from.values():
            lengths.sort(reverse=True)
        self.rank = {id(place): rank for rank, (_, place) in enumerate(self.places)}
        self._inside: dict[str, list[tuple[str, Place]]] = {}   # a report names the same things again and again
        # the container a name carries (``_ReportEntities._carried_container``), for the one reporting
        # place this index serves
        self.containers: dict[tuple[str, EntityKind, int], str | None] = {}

    def inside(self, label: str) -> list[tuple[str, Place]]:
        """Names spelled inside a label (not the whole label), in the order of ``places``."""
        pairs = self._inside.get(label)
        if pairs is None:
            pairs = self._inside[label] = self._find_inside(label)
        return pairs

    def _find_inside(self, label: str) -> list[tuple[str, Place]]:
        hits: list[tuple[int, int, str]] = []
        for at, char in enumerate(label):
            for length in self.lengths_from.get(char, ()):
                if length < len(label) and at + length <= len(label) and label[at:at + length] in self.by_name:
                    hits.append((-length, at, label[at:at + length]))
        found = dict.fromkeys(name for _, _, name in sorted(hits))   # longest first, then leftmost
        # a short name shared by a city and its county (湘潭市, 湘潭县) means the city, which holds both
        pairs = [(name, place) for name in found for place in self.by_name[name]
                 if not any(other is not place and _lies_in(place, other) for other in self.by_name[name])]
        return sorted(pairs, key=lambda pair: self.rank[id(pair[1])])


# 史家寨镇区: the seat of a township, named by its stem


class _ReportEntities:
    """Entities of one report while its sentences are read."""

    def __init__(self, meta: ReportMetadata, places: _PlaceIndex):
        self.meta = meta
        self.place = meta.place
        self.entities: dict[EntityKey, Entity] = {}
        self.townships: dict[str, EntityKey] = {}     # stem → township, for names that carry it (洪梅预制菜产业园)
        self.areas: dict[str, EntityKey] = {}         # canonical label and stem → area
        self.places = places
        self.pending: list[tuple[EntityKey, str, Sentence]] = []   # (entity, container label, sentence)

    # --- reading -------------------------------------------------------------------------

    def read(self, sentence: Sentence) -> None:
        text = sentence.text
        mentions = self._mentions(text)
        mentions += self._people(text)
        if not mentions:
            return
        topic: str | None = None
        for clause in _CLAUSE_NO_STOP.finditer(text):
            c_start, c_end = clause.span()
            if text[c_start - 1:c_start] == ";":
                topic = None    # a semicolon starts a parallel item, about another zone
            in_clause = [m for m in mentions if c_start <= m.start < c_end]
            if not in_clause:
                continue
            # a clause listing zones of its own (推进A产业园、B产业园等园区建设) names peers of the topic, not its contents
            peers = any(m.listed_as is EntityKind.AREA for m in in_clause)
            new_topic = self._topic(text, c_start, c_end, in_clause)
            site = self._site(text, c_start, c_end)
            for mention in in_clause:
                if (site and mention.start >= site[0] and mention.container in self.places.by_name
                        and mention.container != site[1]):
                    mention.container = site[1]     # 在曹妃甸建立…承德工业园: built there, named for another place
                key = self._add(mention, sentence)
                if key is None:
                    continue
                if mention.container:
                    self.pending.append((key, mention.container, sentence))
                elif topic and not peers and key.kind in (EntityKind.PROJECT,) and key.label != topic:
                    self.pending.append((key, topic, sentence))
            if new_topic:
                topic = new_topic

    def _site(self, text: str, start: int, end: int) -> tuple[int, str] | None:
        """Where a clause says things are set up (在曹妃甸建立…): the end of that phrase and the place."""
        if "在" not in text[start:end]:
            return None
        found = _SITE.search(text, start, end)
        places = self.places.by_name.get(found.group("place")) if found else None
        return (found.end(), self._likeliest(places).name) if places else None

    def _topic(self, text: str, start: int, end: int, mentions: list[_Mention]) -> str | None:
        """An area a clause is about (加快三江口片区建设), so later projects of the sentence lie in it."""
        areas = [m for m in mentions if m.kind is EntityKind.AREA and not m.counted]
        if len(areas) != 1 or any(m.kind is EntityKind.PROJECT for m in mentions if m.container != areas[0].label):
            return None
        area = areas[0]
        if not names_something(area.label):
            return None     # 推进数据产业集聚区建设: a kind of zone, which the report may have several of
        after = text[area.end:end].strip()
        before = text[start:area.start]
        if (_only_governing(before) and not _NOT_INSIDE_VERB.search(before)
                and (_TOPIC_CLAUSE_REST.match(after) or _TOPIC_TAIL.match(after))):
            return area.label
        return None

    def _people(self, text: str) -> list[_Mention]:
        found = []
        for match in _PERSON.finditer(text):
            name = match.group("name")
            if name[0] in _SURNAMES and not _STATUS_RE.search(name):
                found.append(_Mention(EntityKind.PERSON, name, match.start("name"), match.end("name"),
                                      container=None, status=None))
                found[-1].position = match.group("position")  # type: ignore[attr-defined]
        return found

    def _mentions(self, text: str) -> list[_Mention]:
        """Names in a sentence: enumerations first, then names by their head word."""
        mentions: list[_Mention] = []
        taken: list[tuple[int, int]] = []
        if "等" in text:
            for clause in _CLAUSE.finditer(text):
                items, spans = self._enumeration(text, clause.start(), clause.end())
                mentions += items
                taken += spans
        for match in _HEAD_RE.finditer(text):
            head = match.group(0)
            end = match.end()
            if taken and any(s <= match.start() < e for s, e in taken):
                continue
            bounded = _BOUNDARY_AFTER.match(text, end)
            if not bounded and (head in _WEAK_HEADS or _NOT_A_HEAD_AFTER.match(text, end)):
                continue
            if head == "站" and text[end:end + 1] == "“":
                continue    # 在涞水站“C”位: 站 is the verb "stand" before a quoted word
            if text[end:end + 1] in ("内", "里") and _HEAD_KIND[head] is not EntityKind.AREA:
                continue
            phase = _PHASE.match(text, end)
            if phase:
                end = phase.end()
            mention = self._name_ending_at(text, end, head)
            if mention is not None:
                mentions.append(mention)
        for match in _AGENCY_RE.finditer(text):
            if not any(s <= match.start() < e for s, e in taken):
                mentions.append(_Mention(EntityKind.ORGANIZATION, match.group(0), match.start(), match.end()))
        mentions = _outermost(mentions)
        mentions += [item for mention in mentions for item in self._distributed(text, mention)]
        mentions += self._zone_contents(text, mentions)
        mentions += self._honoured(text, mentions)
        return mentions

    def _distributed(self, text: str, mention: _Mention) -> list[_Mention]:
        """东海、清源街道社区卫生服务中心: short stems listed before a name that starts stem + 街道."""
        head = _HEAD_RE.search(mention.label)
        if not head or not 2 <= head.start() <= 4 or not _distributes(head.group(0)):
            return []
        tail = mention.label[head.start():]
        found = []
        position = mention.start
        while text[:position].endswith("、"):
            stem = re.search(r"[\u4e00-\u9fff]{2,8}$", text[:position - 1])
            if stem is None:
                break
            bare = _trim_leading(stem.group(0))
            # 高里中学综合教学楼、姚村镇: more than a short stem is the tail of a longer name
            if not 2 <= len(bare) <= 4 or _HEAD_RE.search(bare) or self._is_place(bare) or _has_governing_word(bare):
                break
            start = position - 1 - len(bare)
            item = _Mention(mention.kind, bare + tail, start, position - 1, status=mention.status, in_list=True)
            item.container = self._carried_container(item.label, item.kind)
            found.append(item)
            if len(bare) < len(stem.group(0)):
                break
            position = start
        return found

    def _zone_contents(self, text: str, mentions: list[_Mention]) -> list[_Mention]:
        """新阳片区内道路、排洪渠、安商房及公共服务配套设施建设: each item lies in the zone."""
        found = []
        for zone in mentions:
            if zone.kind is not EntityKind.AREA or zone.counted:
                continue
            # 激活园区内生动力: 内生 is a word, not "inside"
            inside = ZONE_INSIDE.match(text[zone.end:])
            if inside is None:
                continue
            items_text = ZONE_ITEMS_TAIL.sub("", inside.group("items"))
            offset = zone.end + inside.start("items")
            status = _status_near(text, zone.start, offset + len(items_text), EntityKind.PROJECT)
            for piece_start, piece in _split_items(items_text):
                piece = piece.strip()
                if not 2 <= len(piece) <= 20 or _COUNT_INSIDE.search(piece) or _STATUS_RE.fullmatch(piece):
                    continue
                head = _HEAD_RE.search(piece)
                named = (_kind_by_head(piece) is EntityKind.PROJECT and head is not None
                         and _acceptable(piece, head.group(0)) and piece not in _NOT_NAMES)
                label = piece if named else zone.label + piece
                item = _Mention(EntityKind.PROJECT, label, offset + piece_start, offset + piece_start + len(piece),
                                container=zone.label, status=status, in_list=True)
                found.append(item)
        return found

    def _honoured(self, text: str, mentions: list[_Mention]) -> list[_Mention]:
        """九牧、固美入围省民企百强: the companies a clause opens with, when the honour is a company's."""
        found: list[_Mention] = []
        if not _HONOUR_VERB.search(text):
            return found
        for clause in _CLAUSE.finditer(text):
            match = _HONOUR.match(clause.group(0))
            if match is None or not _COMPANY_HONOUR.search(match.group("honour")):
                continue
            items_text = _trim_leading(match.group("items"))
            offset = clause.start() + match.end("items") - len(items_text)
            for piece_start, piece in _split_items(items_text):
                piece = piece.strip()
                start = offset + piece_start
                if (not 2 <= len(piece) <= 8 or _kind_by_head(piece) not in (None, EntityKind.ORGANIZATION)
                        or self._is_place(piece) or not _acceptable(piece, "")
                        or any(m.start <= start < m.end for m in mentions)):
                    continue
                found.append(_Mention(EntityKind.ORGANIZATION, piece, start, start + len(piece), in_list=True))
        return found

    def _name_ending_at(self, text: str, end: int, head: str) -> _Mention | None:
        kind = _HEAD_KIND[head]
        # names are at most 30 characters: a bounded window keeps long runs from costing O(n²)
        run = _NAME_RUN_BACKWARDS.match(text[max(0, end - 64):end][::-1])
        if run is None:
            return None
        start = end - run.end()
        raw = text[start:end]
        # cut at the last function word and the last governing verb inside the run
        cut = 0
        quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(raw)] if "“" in raw else []
        places = self._place_spans(raw)
        for pattern in (_LEFT_BREAKS, _INNER_CUTS):
            for m in pattern.finditer(raw):
                # 西和县, 和平区: a place's name is not cut at the function word inside it
                if any(ps <= m.start() < pe for ps, pe in places):
                    continue
                # 协和天津基地, 诺和诺德: 和 inside a proper name
                if (m.group(0) == "和" and _WORD_TAGS.get(raw[m.start() - 1:m.end()]) == "nz" and raw[m.start() - 1] != "建"
                        and (m.start() < 2 or _WORD_TAGS.get(raw[m.start() - 2:m.start()]) not in ("v", "vn", "n"))):
                    continue
                # 太子城至锡林浩特铁路: a route is named by both its ends
                if m.group(0) in ("至", "到") and _names_route(raw):
                    continue
                # words inside a quoted name (“抓开放招商促项目落地”专项行动) do not cut it
                if any(qs < m.start() < qe for qs, qe in quoted):
                    continue
                # 国企改革深化提升行动: a verb just before a programme's head is part of its name
                if pattern is _INNER_CUTS and kind is EntityKind.INITIATIVE and m.end() == len(raw) - len(head):
                    continue
                if m.end() <= len(raw) - len(head) and m.end() > cut:
                    cut = m.end()
        # 河北“一号工程”曹妃甸港区: a quoted name of its own before another name
        for qs, qe in quoted:
            if (qe < len(raw) - len(head) and _HEAD_RE.search(raw, qs, qe) and qe > cut
                    and len(raw) - qe >= 4 and names_something(raw[qe:])):
                cut = qe
        cut = max(cut, _after_unmatched_closer(raw), raw.rfind("”“") + 1)
        before_count = raw[:cut]
        label = raw[cut:]
        trimmed = _trim_leading(label)
        trimmed_at = len(raw) - len(trimmed)
        if places:
            trimmed = next((raw[ps:] for ps, pe in places if cut <= ps < trimmed_at < pe), trimmed)
        start += len(raw) - len(trimmed)
        label = _strip_unbalanced_quotes(trimmed)
        start += len(trimmed) - len(trimmed.lstrip("”)）"))
        if head == "工程" and (label.startswith("“") or PROGRAMME_WORKS.search(label[:-2])
                              or label.endswith(("发展工程", "振兴工程", "培育工程"))):
            kind = EntityKind.INITIATIVE    # a programme (数字产业集群发展工程), not a work that lies somewhere
        counted = (bool(_COUNT_BEFORE.search(text, max(0, start - _COUNT_REACH), start))
                   or bool(_COUNT_BEFORE.search(before_count))
                   or text.endswith("等", 0, start))    # 华润、招商局等央企业务板块: the class of a list, not a name
        if _TITLE_GIVEN_BEFORE.search(text, max(0, start - 4), start):
            return None     # 列入雄安新区建材供应基地: a title or list a place is put on, not a thing
        builder = self._place_that_builds(label, text[max(0, start - 1):start])
        if builder is not None:
            builder_name, rest = builder
            start += len(label) - len(rest)
            label = rest
        if kind is EntityKind.TOWNSHIP and (not _township_name(label, head) or "“" in text[max(0, start - 1):start + 1]
                                            or self._is_place(label) or self._is_place(label + "市")):
            return None     # “塔韵粮乡”: a quoted brand; 景德镇: a city
        if kind is EntityKind.TOWNSHIP and len(trimmed) < len(raw) - cut and _words(label[:-len(head)])[0][1] in ("a", "v", "vn", "ad"):
            return None     # 逐步健全街道: an adjective or verb after an adverb, not a place name
        if _STANDING_AFTER.match(text, start + len(label)):
            return None     # 甘肃老工业基地的地位: a role, not a thing
        if (kind is not EntityKind.INITIATIVE and _NUMBERED_BIG.match(label)
                and not self.places.inside(label[:4])):
            return None     # 四大产业板块: a count of things, not a name (五大连池 is a place)
        if head in ("项目", "工程") and label[:-len(head)] in self.places.by_name:
            return None     # 涞源项目: the projects of a place, not one
        named_by_place = bool(places) and any(text.startswith(raw[ps:pe], start) for ps, pe in places)
        if not _acceptable(label, head, opens_with_place=named_by_place):
            return None
        mention = _Mention(kind, label, start, start + len(label), counted=counted)
        if builder is not None:
            # 支持武汉建设国际性综合交通枢纽: a role a place takes on, unless the thing has a name of its own
            built_by_place = builder_name is not None and builder_name in self.places.by_name
            mention.container = None if built_by_place and not names_something(label) else builder_name
        elif not _TOWARDS.search(text, max(0, start - 2), start) and not (
                text[max(0, start - 1):start] in _RANGE_MARKS and text[max(0, start - 2):start] != "——"):
            # 尧山至骊山工业园区供电工程, 安新—满城高等级公路: a work from another place to here lies in neither
            mention.container = self._carried_container(label, kind)
        mention.status = _status_near(text, mention.start, mention.end, kind)
        return mention

    def _place_that_builds(self, label: str, text_before: str = "") -> tuple[str | None, str] | None:
        """支持张家口建设国家冰雪产业基地, 支持中关村科学城建设人工智能集聚区: a place or a zone and what
        it is to build, read as one run; returns the builder's name (None when it is one of a list
        of places) and the thing built."""
        verb = _PLACE_BUILDS.search(label, 2)
        if verb is None or len(label) - verb.end() < 3:
            return None
        builder = label[:verb.start()]
        if builder.endswith(("要", "将", "应")) and builder[:-1] in self.places.by_name:
            builder = builder[:-1]      # 安国要建设…: a modal between the place and its verb
        places = self.places.by_name.get(builder)
        if places and text_before.endswith(("、", "和", "及")):
            return None, label[verb.end():]     # 在涞源、涞水、易县建设康养基地: in each of several places
        if places:
            return places[0].name, label[verb.end():]
        head = _final_head(builder)
        if (head and _HEAD_KIND[head] is EntityKind.AREA and _acceptable(builder, head)
                and (names_something(builder) or self.places.inside(builder))):
            return builder, label[verb.end():]
        if head and _HEAD_KIND[head] in (EntityKind.ORGANIZATION, EntityKind.AREA) and _acceptable(builder, head):
            # 兰州大学建设中国特色世界一流大学, 依托绿谷小镇建设乡村振兴示范区: two names, and no place is said
            return None, label[verb.end():]
        return None

    def _enumeration(self, text: str, start: int, end: int) -> tuple[list[_Mention], list[tuple[int, int]]]:
        """``A、B等N个项目`` or ``A、B等企业``: the items, of the class the category noun gives,
        and the spans of the enumerations (no other name may be read inside them)."""
        found: list[_Mention] = []
        spans: list[tuple[int, int]] = []
        clause = text[start:end]
        if "等" not in clause:
            return found, spans
        for match in _successive_matches(_ENUMERATION, clause):
            category = match.group("category")
            kind = next((k for pattern, k in _CATEGORY_KINDS if pattern.search(category)), None)
            if kind is None or (category.endswith("区域") and not _BOUNDARY_AFTER.match(clause, match.end())):
                continue    # 等区域公用品牌: 区域 qualifies the noun after it
            items_text = match.group("items")
            offset = start + match.start("items")
            # the first item starts after the governing verbs
            trimmed = _trim_leading(_after_last_break(items_text, self._place_spans(items_text)))
            offset += len(items_text) - len(trimmed)
            pieces = _split_items(trimmed, self._place_spans(trimmed))
            spans.append((offset, start + match.end()))
            status = _status_near(text, offset, start + match.end(), kind)
            suffix = _category_suffix(category, kind)
            for piece_start, piece in pieces:
                piece = _NOTE_MARK.sub("", piece)
                label = _strip_unbalanced_quotes(piece.strip())
                item_kind = _kind_by_head(label) or kind
                if item_kind is EntityKind.AREA and kind is EntityKind.AREA and suffix and not _kind_by_head(label):
                    label = label + suffix
                elif (kind is EntityKind.TOWNSHIP and suffix and not label.endswith(_TOWNSHIP_HEADS)
                      and not (match.group("count") or "").endswith("条")     # 东大街等6条街道: streets
                      and not (suffix == "街道" and label.endswith(("街", "路", "道", "巷")))):  # 正阳街、复兴街等街道
                    label = label + suffix
                    item_kind = EntityKind.TOWNSHIP
                elif kind is EntityKind.PROJECT and not _kind_by_head(label):
                    category_head = next((h.group(0) for h in _HEAD_RE.finditer(category)
                                          if h.group(0) not in ("项目", "工程")), None)
                    if len(label) <= 2:
                        # 梅山、官桥等医院项目: a bare two-character item takes the category's head word
                        if category_head is None or self._is_place(label):
                            continue
                        label = label + category_head
                    elif _RESEARCH_CENTRES.match(clause, match.start("category")):
                        continue    # 河北汽车、卫星导航等一批工程技术研究中心: fields of a class, not names
                if not _acceptable(label, "") or len(piece) > 30 or self._is_place(label):
                    continue
                absolute = offset + piece_start
                mention = _Mention(item_kind, label, absolute, absolute + len(piece), status=status, in_list=True,
                                   listed_as=kind)
                mention.container = self._carried_container(label, item_kind)
                found.append(mention)
        return found, spans

    def _place_spans(self, text: str) -> list[tuple[int, int]]:
        """Where names of places with a cutting character in them (西和县, 和平区, 诸暨) stand in a text."""
        if not _JOINERS.search(text):
            return []
        # short names of two characters count only as jieba's place words (诸暨, not 和政 or 平和)
        return [(found.start(), found.end()) for name, place in self.places.inside(text)
                if _JOINERS.search(name) and (name == place.name or len(name) >= 3 or _words(name) == ((name, "ns"),))
                for found in re.finditer(re.escape(name), text)]

    def _is_place(self, label: str) -> bool:
        """Items that are administrative areas (北京、上海等城市) are not entities of this kind."""
        return bool(self.gazetteer_names_match(label))

    def gazetteer_names_match(self, label: str) -> bool:
        stem = label[:-1] if label.endswith(("市", "省", "县", "区")) else label
        return label in self.places.by_name or stem in self.places.by_name or label in _COMMON_PLACE_NAMES

    def _carried_container(self, label: str, kind: EntityKind) -> str | None:
        """An area, township or administrative unit named at the start of, or inside, a name."""
        # It depends on the reporting place alone, whose index remembers it, since names recur.
        # The place object counts, not only its name: one written under a former name is a copy
        # that no other place lies in (see _likeliest).
        key = (label, kind, id(self.place))
        if key not in self.places.containers:
            self.places.containers[key] = self._find_carried_container(label, kind)
        return self.places.containers[key]

    def _find_carried_container(self, label: str, kind: EntityKind) -> str | None:
        if kind in (EntityKind.PERSON, EntityKind.INITIATIVE):
            return None
        # a route between two places (临河至哈密铁路, 保静线新区至保定段) lies in neither
        if kind is EntityKind.TOWNSHIP or _names_route(label):
            return None
        # an area or township spelled out inside the name: 江南片区大型垃圾转运站, 东海街道社区卫生服务中心
        for match in _HEAD_RE.finditer(label):
            head = match.group(0)
            inner_kind = _HEAD_KIND[head]
            if inner_kind not in (EntityKind.AREA, EntityKind.TOWNSHIP) or match.end() >= len(label) - 1:
                continue
            prefix = label[:match.end()]
            if inner_kind is EntityKind.TOWNSHIP and (_NOT_A_TOWNSHIP_AFTER.match(label, match.end())
                                                      or not _township_name(_trim_leading(prefix), head)
                                                      or prefix[-2:] in self.places.by_name or self._is_place(prefix)):
                continue    # 长沙宁乡圣钘科技: 宁乡 is a county, not a township
            if inner_kind is EntityKind.AREA and not _acceptable(prefix, head):
                continue
            if _AROUND.match(label, match.end()):
                return None     # 雄安新区周边重要物流枢纽: around the zone, not in it
            if OWN_PROJECT.fullmatch(label[match.end():]):
                break   # 河北物流集团物流园项目 is the park's own project: not placed in the park itself
            return prefix
        # an administrative unit: 洛江区第五实验小学, 泉州五中洛江校区, 鲤城万达广场
        best: Place | None = None
        candidates: list[Place] = []
        named = self.places.inside(label)
        sharing: dict[str, list[Place]] = {}
        for name, place in named:
            sharing.setdefault(name, []).append(place)
        for name, place in named:
            if len(sharing[name]) > 1 and place is not self._likeliest(sharing[name]):
                continue    # 海南: the province, not 海南区 of 乌海, unless the report is about 乌海
            at = label.find(name)
            after = label[at + len(name):]
            if any(len(other) > len(name) and other in label and label.find(other) <= at < label.find(other) + len(other)
                   for other, _ in named):
                continue    # 防城港跨境电商综合试验区: 防城港 (the city), not 防城 (its district)
            # a short name at the start is this place's or its parts' (鲤城万达广场); other places'
            # short names count only as a branch (泉州五中洛江校区), since rivers share them (晋江防洪工程)
            if (_REGION_AROUND.match(after) or (after == "线" and at == 0)
                    or (_LANDFORM_AFTER.match(after) and place.kind not in _PROVINCE_KINDS)):
                continue    # 沈阳都市圈一体化发展工程, 崇明线: a region around the place, a line that reaches it
            own = self.place is not None and self.place in place.chain
            if name in _REGION_WORDS:
                continue
            if name != place.name and not ((at == 0 and own and not _NOT_PLACE_AFTER.match(after))
                                           or _BRANCH_AFTER.match(after)):
                continue
            candidates.append(place)
            if best is None or len(place.chain) > len(best.chain):
                best = place
        if best is None or self.place is None or best in self.place.chain[:-1]:
            return None
        if any(other is not best and other not in best.chain and best not in other.chain
               and (other in candidates or (other.kind == best.kind and name not in _REGION_WORDS))
               for name, other in named):
            return None     # 西安咸阳国际机场: named by two places of a rank, it lies in neither by its name
        if any(place is not best and place not in best.chain and place.name in label
               and place.kind in ("County", "District", "CountyLevelCity") for _, place in named):
            return None     # 西和县礼县西汉水人饮: a work of two counties lies in neither alone
        return best.name

    def _likeliest(self, places: list[Place]) -> Place:
        """Of several places sharing a name: one in the reporting area, else the highest in rank."""
        local = [p for p in places if self.place is not None and self.place.kind != "Country"
                 and (p is self.place or _lies_in(p, self.place))]
        return min(local or places, key=lambda p: len(p.chain))

    def _add(self, mention: _Mention, sentence: Sentence) -> EntityKey | None:
        if mention.counted:
            return None
        label = mention.label
        kind = mention.kind
        if kind is EntityKind.AREA and (label in self.places.by_name or any(
                label[:n] in self.places.by_name and label[n:] in self.places.by_name for n in (2, 3))):
            return None     # 滨海新区, 上海浦东新区: an administrative area, not a zone within one
        if kind is EntityKind.AREA:
            label = self._area_label(label)
        key = EntityKey(kind, label)
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = Entity(kind, label, anchor=self.place)
            if kind is EntityKind.TOWNSHIP:
                self.townships[_township_stem(label)] = key
            if kind is EntityKind.AREA:
                self.areas[label] = key
                self.areas[_area_stem(label)] = key
        if all(seen is not sentence for seen in entity.sentences):
            entity.sentences.append(sentence)
        entity.spans.append((sentence.start + mention.start, sentence.start + mention.end))
        if kind is EntityKind.PERSON and getattr(mention, "position", None) and not entity.position:
            entity.position = mention.position  # type: ignore[attr-defined]
        if kind is EntityKind.PROJECT and mention.status is not None:
            year, planned = self._status_year(sentence)
            statement = StatusStatement(mention.status, year, planned, sentence)
            if statement not in entity.statuses:
                entity.statuses.append(statement)
        if kind is EntityKind.PROJECT and entity.investment is None and not mention.in_list:
            entity.investment = _investment(sentence, mention.start, mention.end)
        return key

    def _area_label(self, label: str) -> str:
        """The one spelling of an area met with and without its suffix (繁荣站前西 / 繁荣站前西片区)."""
        known = self.areas.get(label) or self.areas.get(_area_stem(label))
        return known.label if known else label

    def _status_year(self, sentence: Sentence) -> tuple[int | None, bool]:
        if sentence.frame is Frame.PLAN:
            return self.meta.plan_year, True
        if sentence.frame is Frame.MULTI_YEAR:
            return None, False
        return self.meta.review_year, False

    # --- containment ---------------------------------------------------------------------

    def finish(self) -> list[Entity]:
        self._merge_spelled_with_place()
        for entity in list(self.entities.values()):
            town_area = _TOWN_SEAT.match(entity.label)
            # 史家寨镇区 is the seat of 史家寨乡: a township is inferred only when the report names it
            if (entity.kind is EntityKind.AREA and town_area and _township_name(town_area.group("stem") + "镇", "镇")
                    and town_area.group("stem") in self.townships):
                township = self._container_key(town_area.group("stem") + "镇", entity.sentences[0])
                self.pending.append((entity.key, township.label, entity.sentences[0]))
        placed = {key for key, _, _ in self.pending}
        townships = sorted(self.townships.items(), key=lambda item: -len(item[0]))
        for entity in self.entities.values():
            if entity.kind in (EntityKind.PERSON, EntityKind.INITIATIVE, EntityKind.TOWNSHIP):
                continue
            for stem, key in townships:
                if entity.label.startswith(stem) and len(entity.label) > len(stem) + 1 and entity.key not in placed:
                    self.pending.append((entity.key, key.label, entity.sentences[0]))
                    break
        for key, container, sentence in self.pending:
            entity = self.entities.get(key)
            if entity is None or entity.container is not None:
                continue
            target = self._container_key(container, sentence)
            if target is None or target == key:
                continue
            entity.container, entity.container_sentence = target, sentence
        # a township named inside a name lies in the reporting place when that is a county-level unit
        for entity in self.entities.values():
            if entity.kind is EntityKind.PERSON:
                continue
            if isinstance(entity.container, Place) and entity.anchor is not None:
                entity.anchor = entity.container
            # A township the report names lies in the reporting area, and so does a local planning
            # zone with a short proper name (江南片区, 昝岗片区, 燕都古城). Projects and other areas are
            # placed only where the text says so: reports also name works elsewhere (援疆 projects, a
            # railway passing through, a partner city's park) and kinds of works (零碳产业园), and a
            # default place would be wrong for them; gk:mentions still ties each to the report.
            if entity.container is None and (entity.kind is EntityKind.TOWNSHIP or (
                    entity.kind is EntityKind.AREA and _local_zone(entity.label))):
                entity.container, entity.container_sentence = self.place, None
        # an entity inside an area or township that is itself anchored elsewhere shares that anchor
        for entity in self.entities.values():
            seen = set()
            parent = entity.container
            while isinstance(parent, EntityKey) and parent not in seen:
                seen.add(parent)
                outer = self.entities.get(parent)
                if outer is None:
                    break
                if isinstance(outer.container, Place):
                    entity.anchor = outer.container
                    break
                parent = outer.container
        return sorted(self.entities.values(), key=lambda e: (e.kind.value, e.label))

    def _merge_spelled_with_place(self) -> None:
        """One entity for a name met with and without the reporting place before it (仓山区三江口片区 /
        三江口片区, 易县经济开发区 / 经济开发区): the bare name when it names something, else the full one."""
        if self.place is None:
            return
        prefixes = sorted({self.place.name, self.place.short_name}, key=len, reverse=True)
        for key, full in list(self.entities.items()):
            if full.kind in (EntityKind.PERSON, EntityKind.TOWNSHIP) or key not in self.entities:
                continue
            prefix = next((p for p in prefixes if full.label.startswith(p) and len(full.label) - len(p) >= 3), None)
            bare = self.entities.get(EntityKey(full.kind, full.label[len(prefix):])) if prefix else None
            if bare is None:
                continue
            kept, merged = (bare, full) if names_something(bare.label) else (full, bare)
            self._merge_into(kept, merged)

    def _merge_into(self, kept: Entity, merged: Entity) -> None:
        for sentence in merged.sentences:
            if all(seen is not sentence for seen in kept.sentences):
                kept.sentences.append(sentence)
        kept.spans += merged.spans
        kept.statuses += [s for s in merged.statuses if s not in kept.statuses]
        kept.investment = kept.investment or merged.investment
        del self.entities[merged.key]
        for table in (self.areas, self.townships):
            for name, key in table.items():
                if key == merged.key:
                    table[name] = kept.key
        self.areas.setdefault(merged.label, kept.key)
        self.pending = [(kept.key if key == merged.key else key, kept.label if container == merged.label else container,
                         sentence) for key, container, sentence in self.pending]

    def _container_key(self, label: str, sentence: Sentence) -> EntityKey | Place | None:
        for name, place in self.places.places:
            if label == place.name:
                return place
        if label.endswith(_TOWNSHIP_HEADS) and _township_name(label, next(h for h in _TOWNSHIP_HEADS if label.endswith(h))):
            key = self.townships.get(_township_stem(label))
            if key is None:
                key = EntityKey(EntityKind.TOWNSHIP, label)
                self.entities[key] = Entity(EntityKind.TOWNSHIP, label, anchor=self.place, sentences=[sentence])
                self.townships[_township_stem(label)] = key
            return key
        key = self.areas.get(label) or self.areas.get(_area_stem(label))
        if key is None and _kind_by_head(label) is EntityKind.AREA:
            key = EntityKey(EntityKind.AREA, label)
            self.entities[key] = Entity(EntityKind.AREA, label, anchor=self.place, sentences=[sentence])
            self.areas[label] = self.areas[_area_stem(label)] = key
        if key is not None and all(seen is not sentence for seen in self.entities[key].sentences):
            self.entities[key].sentences.append(sentence)
        return key


# --- helpers over strings ----------------------------------------------------------------------


_PROPER_TAGS = {"ns", "nr", "nz", "nt", "nrt", "nrfg", "j", "x"}
# Heads of the zones a city or county plans inside itself, unlike parks and new areas that
# provinces and the state also name (雄安新区, 零碳产业园).


def _local_zone(label: str) -> bool:
    """A local planning zone called by a short proper name (三江口片区, 昝岗片区), not a kind of
    zone (标志性街区, 夜经济商圈).

    >>> _local_zone("三江口片区"), _local_zone("标志性街区"), _local_zone("雄安新区")
    (True, False, False)
    """
    head = _final_head(label)
    return (head in _LOCAL_ZONE_HEADS and len(label) - len(head) <= 4 and names_something(label)
            and not (head in ("古镇", "古城", "古街") and label[:-len(head)] in _REGION_WORDS))  # “江南古镇”: a kind


@lru_cache(maxsize=65536)
def names_something(label: str) -> bool:
    """Whether a label holds a proper name: a place or personal name, a word outside the
    dictionary, quotes, Latin letters or digits (紫华园, 坂头变电站, “六个先行”配套项目), rather than
    only common words (增量项目, 国家实验室基地).

    >>> names_something("坂头变电站"), names_something("增量项目")
    (True, False)
    """
    head = _final_head(label)
    stem = _PHASE.sub("", label[: -len(head)] if head else label)
    if _NAME_MARKS.search(stem):
        return True
    singles = 0
    for word, tag in _words(stem):
        if tag in _PROPER_TAGS:
            return True
        # single characters outside the dictionary suggest a name (紫华园), but not settlement words (镇村片区)
        singles = singles + 1 if len(word) == 1 and word not in "镇村乡城区县市省街" else 0
        if singles >= 2:
            return True
    return False


def _lies_in(place: Place, scope: Place) -> bool:
    parent = place.parent
    while parent is not None:
        if parent is scope:
            return True
        parent = parent.parent
    return False


def _outermost(mentions: list[_Mention]) -> list[_Mention]:
    """Drop names that lie inside a longer name (繁荣站 inside 繁荣站前西片区)."""
    if len(mentions) < 2:
        return list(mentions)
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[_Mention] = []
    for mention in ordered:
        if any(k.start <= mention.start and mention.end <= k.end for k in kept):
            continue
        kept = [k for k in kept if not (mention.start <= k.start and k.end <= mention.end)]
        kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def _after_unmatched_closer(run: str) -> int:
    """Where a run starts after a closing quote or bracket it does not open (“世遗典范城”“中央创新区)."""
    if "”" not in run and ")" not in run and "）" not in run:
        return 0
    depth, cut = 0, 0
    for i, char in enumerate(run):
        if char in "“(（":
            depth += 1
        elif char in "”)）":
            if depth == 0:
                cut = i + 1
            else:
                depth -= 1
    return cut


def _only_governing(text: str) -> bool:
    """Whether a text is nothing but governing verbs and adverbs (加快, 提速推进)."""
    text = text.strip()
    return not text or _trim_leading(text + "口口") == "口口"




@lru_cache(maxsize=65536)
def _trim_leading(label: str) -> str:
    """Remove governing verbs, adverbs and counts from the front: 加快建设江南片区 → 江南片区.

    >>> _trim_leading("建成投用通政小学田中校区"), _trim_leading("新开工3个项目")
    ('通政小学田中校区', '项目')
    """
    changed = True
    while changed and label:
        changed = False
        if label[0] in "、,":
            label, changed = label[1:], True
            continue
        count = _LEADING_COUNT.match(label)
        if count:
            label, changed = label[count.end():], True
            continue
        word = _LEADING_RE.match(label)
        if word and _opens_with_longer_noun(label, word.end()):
            word = None     # 保障性住房: the leading word is the start of a longer noun
        if word and word.end() < len(label):
            label, changed = label[word.end():], True
        elif word:
            # the longest leading word is the whole label: a shorter one may still be trimmed
            shorter = next((w for w in _LEADING_WORDS if label.startswith(w) and len(label) > len(w)), None)
            if shorter:
                label, changed = label[len(shorter):], True
        if not changed:
            verb = _leading_verb(label)
            if verb:
                label, changed = label[len(verb):], True
    return label


_GOVERNING_TAGS = {"v", "vd", "d", "p", "c", "r", "u", "ad"}


def _jieba_word_tags() -> dict[str, str]:
    """jieba's dictionary as word → part of speech.

    Read straight from jieba's ``dict.txt`` (lines of word, frequency, tag): importing
    ``jieba.posseg`` would also load its HMM tables and parse the file line by line, several
    times slower, and only the tags are used here.
    """
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ImportError("jieba is not installed")
    fields = (Path(spec.origin).parent / "dict.txt").read_bytes().decode("utf-8").split()
    return dict(zip(fields[0::3], fields[2::3]))


# Words are read from jieba's dictionary by forward maximum matching: jieba's own segmenter
# would also load its frequency table (half a second per process) for the few short labels checked here.
_WORD_TAGS: dict[str, str] = _jieba_word_tags()
_LONGEST_WORD = 8


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[tuple[str, str], ...]:
    """Dictionary words of a text, longest first from the left, with their tags; a character
    outside the dictionary is a word of its own tagged ``x`` (Latin runs and numbers ``eng``/``m``).

    >>> _words("修缮花桥慈济宫")[0]
    ('修缮', 'v')
    """
    words = []
    position = 0
    while position < len(text):
        latin = _LATIN_OR_NUMBER.match(text, position)
        if latin:
            words.append((latin.group(0), "m" if latin.group(0)[0].isdigit() else "eng"))
            position = latin.end()
            continue
        for length in range(min(_LONGEST_WORD, len(text) - position), 0, -1):
            word = text[position:position + length]
            tag = _WORD_TAGS.get(word)
            if tag is not None:
                break
        else:
            word, tag = text[position], "x"
        words.append((word, tag))
        position += len(word)
    return tuple(words)




# Heads that name a class of things (争大项目, 建强园区): a verb before them is never part of a name.
def _opens_with_longer_noun(label: str, length: int) -> bool:
    """Whether the first dictionary word of a label is a noun made of a ``length``-character
    leading word and one suffix character (保障性, 服务业); longer ones are often phrases (积极探索)."""
    word, tag = _words(label[:_LONGEST_WORD])[0]
    return len(word) == length + 1 and tag == "n"




@lru_cache(maxsize=65536)
def _leading_verb(label: str) -> str | None:
    """The first word when jieba tags it a verb, adverb, preposition or pronoun (修缮花桥慈济宫 → 修缮);
    never one glued to the rest by · (建发·养云)."""
    if label.startswith(_ABBREVIATIONS):
        return None     # 自贸试验区: jieba does not know the abbreviation and tags 自 a preposition
    # jieba's first word is a dictionary word the label starts with: without a governing one, skip it
    if not any(_WORD_TAGS.get(label[:n]) in _GOVERNING_TAGS for n in range(1, 5)):
        return None
    words = _words(label[:12])
    if len(words) < 2:
        return None
    (first, tag), (second, _) = words[0], words[1]
    if len(first) == 1 and ROUTE_ABBREVIATION.match(label[1:]):
        return None     # 保沧线: two one-character abbreviations of places name a route
    if len(first) == 1:
        head = _final_head(label[1:]) or ""
        if len(label) - 1 - len(head) < 2 and head not in _CLASS_HEADS:
            return None     # 承秦高速公路, 保沧线: a one-character "verb" that leaves no name is part of the name
    if tag in _GOVERNING_TAGS and not second.startswith("·") and len(label) - len(first) >= 3:
        return first
    if tag == "a" and words[1][1] == "v" and len(second) >= 2 and len(label) - len(first) - len(second) >= 3:
        return first    # 稳妥处置…: an adjective used as an adverb before its verb
    return None


@lru_cache(maxsize=65536)
def _ends_in_verb(stem: str) -> bool:
    """招商促(项目), 签约(项目): a short stem ending in a verb names a kind of project, not one."""
    words = _words(stem)
    return bool(words) and words[-1][1] in ("v", "vd")


def _after_last_break(text: str, keep: list[tuple[int, int]] = ()) -> str:
    cut = 0
    for m in _LEFT_BREAKS.finditer(text):
        if any(ks <= m.start() < ke for ks, ke in keep):
            continue    # 诸暨: a place's name is not cut at the function word inside it
        # 和/及/与 join the items of an enumeration; only other function words end the phrase before it
        if m.group(0) in ("至", "到") and _names_route(text[:m.start()].rsplit("、", 1)[-1] + "至"
                                                      + text[m.end():].split("、", 1)[0]):
            continue    # 渝厦高铁重庆东至黔江段: an item named by both ends
        if m.group(0) not in ("和", "及", "与", "、") and m.end() > cut:
            cut = m.end()
    for m in _INNER_CUTS.finditer(text):
        if m.end() > cut:
            cut = m.end()
    return text[cut:]




def _distributes(head: str) -> bool:
    """Head words that short stems listed before them share (东海、清源街道; 江南、江北片区); the
    heads of named places (洛邑古城) are not shared by the items before them (只有河南、万岁山)."""
    return _HEAD_KIND[head] is EntityKind.TOWNSHIP or head == "片区"




def _names_route(label: str) -> bool:
    """A route, or a section of one, named by its two ends (临河至哈密铁路, 渝厦高铁重庆东至黔江段).

    >>> _names_route("临河至哈密铁路"), _names_route("张坊至德州蠡县段项目"), _names_route("长江池州段")
    (True, True, False)
    """
    ends = _ROUTE_ENDS.search(label)
    return bool(ends) and (_final_head(label) in _ROUTE_HEADS or label.endswith(("段", "段项目", "段工程"))
                           or bool(_LINE_WORDS.search(label, ends.end())))


# What runs between two places: 陇东到山东特高压直流工程 is a line from one to the other.


def _split_items(text: str, keep: list[tuple[int, int]] = ()) -> list[tuple[int, str]]:
    """Items of a list joined by 、 和 及 与 (never inside a span of ``keep``), with their offsets;
    a distributive prefix is expanded.

    >>> [p for _, p in _split_items("东海、清源街道社区卫生服务中心")]
    ['东海街道社区卫生服务中心', '清源街道社区卫生服务中心']
    >>> [p for _, p in _split_items("礼县和西和县供水工程", [(3, 6)])]
    ['礼县', '西和县供水工程']
    >>> [p for _, p in _split_items("博嵩科技园汽车及零部件、雄泰再生资源")]
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
        if (pieces and joined_by == "及" and part and len(part) <= 3 and not names_something(part)
                and _final_head(pieces[-1][1]) is None):
            pieces[-1] = (pieces[-1][0], text[pieces[-1][0]:end])
        elif part:
            pieces.append((position, part))
        if separator:
            position, joined_by = separator.end(), separator.group(0)
    if len(pieces) >= 2:
        last_start, last = pieces[-1]
        head = _HEAD_RE.search(last)
        # 东海、清源街道社区卫生服务中心: bare short stems before an item that starts stem + head word
        if (head and 2 <= head.start() <= 4 and _distributes(head.group(0))
                and all(len(p) <= 4 and not _HEAD_RE.search(p) and not _has_governing_word(p) for _, p in pieces[:-1])):
            tail = last[head.start():]
            return [(s, p + tail) for s, p in pieces[:-1]] + [(last_start, last)]
    return pieces


def _category_suffix(category: str, kind: EntityKind) -> str | None:
    """The head word an item takes from its category: 繁荣站前西 in ``…等重点片区`` is 繁荣站前西片区."""
    if kind is EntityKind.AREA:
        return "片区" if category.endswith("片区") else None
    if kind is EntityKind.TOWNSHIP:
        for suffix in ("街道", "镇", "乡"):
            if category.endswith(suffix) and not category.endswith(("乡镇", "镇街")):
                return suffix
    return None


def _final_head(label: str) -> str | None:
    """The longest head word the label ends with, when something stands before it."""
    for length in _HEAD_LENGTHS:
        if len(label) > length and label[-length:] in _HEAD_KIND:
            return label[-length:]
    return None


def _kind_by_head(label: str) -> EntityKind | None:
    head = _final_head(label)
    if head:
        return _HEAD_KIND[head]
    phase = _PHASE.search(label)
    if phase and phase.end() == len(label):
        return _kind_by_head(label[:phase.start()])
    return None


def _township_name(label: str, head: str) -> bool:
    """镇/乡/街道 with a proper name before it (洪梅镇, 东海街道), not 城镇, 乡镇, 特色小镇 or 示范镇."""
    stem = label[: -len(head)] if label.endswith(head) else label
    if not 2 <= len(stem) <= (4 if head == "街道" else 3) or not re.fullmatch(r"[\u4e00-\u9fff]+", stem):
        return False
    if head in ("镇", "乡") and stem[-1] in "乡村集小古名强重示点心制特色试中大集下进到送惠兴美和改":
        return False
    if head == "镇" and stem[-1] == "城" and (len(stem) > 2 or stem[0] in "小新县古名全主老大中边卫山水"):
        return False    # 小城镇, 县城镇, 特色城镇 are kinds of towns; 阳城镇 is one
    if stem[-1] in "内外里间" or stem[0] in "村各" or "城区" in stem or (head == "街道" and "村" in stem):
        return False    # 村内街道, 城区主要街道: streets, not a 街道 office
    word = _WORD_TAGS.get(stem[-1] + head) if head == "乡" else None
    if word is not None and word not in _PROPER_TAGS:
        return False    # 爱家乡: 家乡 is a word, not a place called 爱家
    if any(tag == "b" for _, tag in _words(stem)):
        return False    # 主要, 大型: a property, not a proper name
    if NOT_IN_TOWNSHIP_STEM.search(stem) or _STATUS_RE.match(stem) or _ends_with_any(stem, _TRAILING_WORDS):
        return False
    return not _is_generic(stem) and not _has_governing_word(stem)


@lru_cache(maxsize=65536)
def _has_governing_word(stem: str) -> bool:
    """A verb, adverb, pronoun or function word inside a would-be place name (组织各镇, 环雄安乡)."""
    return any(tag in ("v", "vd", "vn", "d", "r", "p", "c", "u") for _, tag in _words(stem))


def _township_stem(label: str) -> str:
    for head in _TOWNSHIP_HEADS:
        if label.endswith(head):
            return label[: -len(head)]
    return label


def _area_stem(label: str) -> str:
    for suffix in ("片区", "板块", "区域"):
        if label.endswith(suffix) and len(label) - len(suffix) >= 2:
            return label[: -len(suffix)]
    return label


@lru_cache(maxsize=65536)
def _acceptable(label: str, head: str, opens_with_place: bool = False) -> bool:
    """A whole name: not a count, not a category, not starting or ending with a verb."""
    if not 2 <= len(label) <= 30 or _COUNT_ONLY.match(label) or not _HAN.search(label):
        return False
    if head and head.endswith(label):
        return False    # 提升行动 trimmed to 行动: nothing is left but (part of) the head
    if label.count("“") != label.count("”") or label.count("(") != label.count(")") or _SLOGAN.match(label):
        return False
    if _PERSON.search(label):
        return False    # 县人大常委会主任续金明作…委员会: an official and what he delivers
    if "+" in label and "+" in _QUOTED.sub("", label):
        return False    # 政府+园区+协会, 跨境电商+海外仓: a model of cooperation, not a thing ("1+N"产业园 is one)
    if label[0] in "0123456789." and not _MODEL_NUMBER.match(label):
        return False
    if label.startswith(_NOT_A_START) and not opens_with_place:
        opener = _LEADING_RE.match(label)
        if not (opener and _opens_with_longer_noun(label, opener.end())):
            return False
    if _ends_with_any(label, _TRAILING_WORDS) or label.startswith(_NOT_NAME_OPENERS):
        return False
    if "以上" in label or "以下" in label or _FIRST_OF_A_CLASS.search(label):
        return False    # 亿元以上重点项目, 第一个汽车智能制造项目: a class of projects
    if _ZONE_WITH_TITLE.search(label):
        return False    # 石河子经济技术开发区国家级零碳园区: a zone and the title it shares with others
    if label.endswith(("示范项目", "试点项目", "上市公司", "成员单位")) or _CITY_ROLE.search(label):
        return False    # 列入财政部示范项目: a designation; 北京证券交易所上市公司: a class of companies
    if _COUNT_BEFORE.search(label[: len(label) - len(head)] if head else label) or _COUNT_INSIDE.search(label):
        return False
    if _ends_with_any(label, _NOT_NAMES) or _DESIGNATION.match(label):
        return False
    stem = label[: -len(head)] if head and label.endswith(head) else label
    stem = _PHASE.sub("", stem)
    if len(stem) < 2 and head not in ("专项行动", "三年行动"):
        return False
    if head in ("项目", "工程", "中心") and len(stem) <= 4 and _ends_in_verb(stem):
        return False
    if head in _GENERIC_ZONE_HEADS and len(_words(stem)) == 1 and _words(stem)[0][1] in ("v", "vd"):
        return False    # 激发景区, 提升园区: a verb and its object (jieba tags 正定, 大连 as adverbs)
    return not _is_generic(stem.strip("“”"))


def _is_generic(text: str) -> bool:
    """Whether a text is made only of generic words (重点产业, 城建品质提升).

    >>> _is_generic("城建品质提升"), _is_generic("三江口")
    (True, False)
    """
    if not text:
        return True
    reachable = [True] + [False] * len(text)
    for i, char in enumerate(text):
        if not reachable[i]:
            continue
        for word in _GENERIC_BY_FIRST.get(char, ()):
            if text.startswith(word, i):
                reachable[i + len(word)] = True
    return reachable[len(text)]


def _ends_with_any(label: str, words: tuple[str, ...]) -> bool:
    """Whether the label ends with one of the words and is longer than it."""
    return label.endswith(words) and any(label.endswith(w) and len(label) > len(w) for w in words)


def _strip_unbalanced_quotes(label: str) -> str:
    label = label.strip("、,")
    while label and label[0] in "”)）":
        label = label[1:]
    while label and label[-1] in "“(（":
        label = label[:-1]
    if label.count("“") > label.count("”") and label.startswith("“"):
        label = label[1:]
    return label




def _status_near(text: str, start: int, end: int, kind: EntityKind) -> ProjectStatus | None:
    """The stage a verb next to a name gives it: a concrete verb just after the name or its list
    (…、泉州五中洛江校区开工建设) wins over a general one before it (推动), else the verb before."""
    if kind is not EntityKind.PROJECT:
        return None
    clause_start = max(text.rfind(",", 0, start), text.rfind(";", 0, start), text.rfind(":", 0, start),
                       text.rfind("。", 0, start)) + 1
    before = None
    for match in _STATUS_RE.finditer(text[clause_start:start]):
        before = _STATUS[match.group(0)]
    after = None
    following = _VERB_AFTER.match(text, end)
    if following:
        match = _STATUS_RE.match(following.group("verb"))
        if match:
            after = _STATUS[match.group(0)]
    if after is not None and after is not ProjectStatus.UNDER_CONSTRUCTION and before in (
            None, ProjectStatus.UNDER_CONSTRUCTION):
        return after
    return before or after


_INVESTMENT_COMPARATORS = LEX.comparators_for("investments")


def _investment(sentence: Sentence, start: int, end: int) -> Investment | None:
    """总投资50亿元的江南新区环境整治提升工程, or 某工程总投资12亿元."""
    text = sentence.text
    before = _INVESTMENT_BEFORE.search(text[max(0, start - 24):start])
    match = before or _INVESTMENT_AFTER.match(text[end:])
    if match is None:
        return None
    comparator = _INVESTMENT_COMPARATORS.get(match.group("cmp") or "", Comparator.EXACTLY)
    return Investment(Decimal(match.group("value")), match.group("unit"), comparator, sentence)
