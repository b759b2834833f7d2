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

The words and patterns are data (kg/lexicon/zh/); the passes, in the order they run:

* ``candidates`` and ``lists``: names by their head word, enumerations and other lists;
* ``trimming``: the governing words and phrases cut from a run of text;
* ``filters``: a registry of plain functions ``(candidate, context) -> Reason | None``;
* ``relations``: the zone a clause is about, sites, builders, the place a name carries;
* ``resolution``: one entity per thing in a report, and its container;
* ``attributes``: a project's status and investment, a person's position.

Everything here is plain data with sentence spans; RDF is made elsewhere (kg.graph.rdf).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.entities.attributes import people
from kg.extract.entities.candidates import mentions
from kg.extract.entities.nearby import PlaceIndex, ReportContext, nearby_places
from kg.extract.entities.records import Mention, Pending
from kg.extract.entities.relations import site, topic
from kg.extract.entities.resolution import Resolution
from kg.extract.entities.vocabulary import CLAUSE_NO_STOP
from kg.extract.entities.words import names_something
from kg.model import Entity, EntityKind, Frame, ReportMetadata, Sentence
from kg.places import Gazetteer, Place

__all__ = ["EntityExtractor", "names_something"]

_PARALLEL_ITEM = ";"
# The indexes of the places whose reports a process read last, kept for the next report of one of
# them (a corpus sorted by place reads a place's reports in a row). Each holds some 130 KB with what
# it remembers of the names read; kept for every place, they grew a worker by 40 MB a thousand
# reports of a national corpus, and a new one costs 2 ms.
PLACES_INDEXED = 64


@dataclass
class EntityExtractor:
    """Finds entities in a report's sentences; one instance per process (it keeps no report state)."""

    gazetteer: Gazetteer
    _indexes: dict[Place | None, PlaceIndex] = field(default_factory=dict, repr=False)

    def extract(self, sentences: list[Sentence], meta: ReportMetadata) -> list[Entity]:
        index = self._indexes.pop(meta.place, None)
        if index is None:
            index = PlaceIndex(nearby_places(self.gazetteer, meta.place))
            if len(self._indexes) >= PLACES_INDEXED:
                del self._indexes[next(iter(self._indexes))]  # the place whose report came longest ago
        self._indexes[meta.place] = index  # (last: the most recent)
        context = ReportContext(meta, index)
        resolution = Resolution(context)
        for sentence in sentences:
            if sentence.frame is Frame.UNKNOWN and not sentence.text.strip():
                continue
            read_sentence(context, resolution, sentence)
        return resolution.finish()


def read_sentence(context: ReportContext, resolution: Resolution, sentence: Sentence) -> None:
    """The names of a sentence, added to the report's entities with the containers the text gives."""
    text = sentence.text
    found = mentions(context, text) + people(text)
    if not found:
        return
    current_topic: str | None = None
    for clause in CLAUSE_NO_STOP.finditer(text):
        c_start, c_end = clause.span()
        if text[c_start - 1 : c_start] == _PARALLEL_ITEM:
            current_topic = None  # a semicolon starts a parallel item, about another zone
        in_clause = [m for m in found if c_start <= m.start < c_end]
        if not in_clause:
            continue
        # a clause listing zones of its own (推进A产业园、B产业园等园区建设) names peers of the topic, not its contents
        peers = any(m.listed_as is EntityKind.AREA for m in in_clause)
        new_topic = topic(text, c_start, c_end, in_clause)
        clause_site = site(context, text, c_start, c_end)
        for mention in in_clause:
            if (
                clause_site
                and mention.start >= clause_site.end
                and mention.container in context.places.by_name
                and mention.container != clause_site.place
            ):
                mention.container = clause_site.place  # 在曹妃甸建立…承德工业园: built there, named for another place
            _add(resolution, mention, sentence, None if peers else current_topic)
        if new_topic:
            current_topic = new_topic


def _add(resolution: Resolution, mention: Mention, sentence: Sentence, zone: str | None) -> None:
    """Adds a mention, to be placed in the container its name carries or else the clause's zone."""
    key = resolution.add(mention, sentence)
    if key is None:
        return
    if mention.container:
        resolution.pending.append(Pending(key, mention.container, sentence))
    elif zone and key.kind is EntityKind.PROJECT and key.label != zone:
        resolution.pending.append(Pending(key, zone, sentence))
