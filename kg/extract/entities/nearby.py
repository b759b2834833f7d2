"""The places a report's entity names may carry (its place, its parts, its siblings' subtrees),
indexed for substring lookup, and the report's context that the passes share."""

from __future__ import annotations

from kg.extract.entities.vocabulary import COMMON_PLACE_NAMES, JOINERS, PLACE_SUFFIXES
from kg.extract.entities.words import split_words
from kg.model import EntityKind, PlaceKind, ReportMetadata
from kg.places import Gazetteer, Place

# Places a name below them may be named after, though they are larger than it (江汉平原 is not in 江汉区).
PROVINCE_KINDS = frozenset((PlaceKind.PROVINCE, PlaceKind.MUNICIPALITY, PlaceKind.AUTONOMOUS_REGION))
# Places whose siblings are too far to be named in their report: a province's report names its own parts.
TOP_KINDS = PROVINCE_KINDS | {PlaceKind.COUNTRY}
# Places a work of two of them lies in neither alone (西和县礼县西汉水人饮).
COUNTY_KINDS = frozenset((PlaceKind.COUNTY, PlaceKind.DISTRICT, PlaceKind.COUNTY_LEVEL_CITY))


def lies_in(place: Place, scope: Place) -> bool:
    parent = place.parent
    while parent is not None:
        if parent is scope:
            return True
        parent = parent.parent
    return False


def nearby_places(gazetteer: Gazetteer, place: Place | None) -> list[Place]:
    """Places a name in this report may carry: the place, its children, and its siblings' subtrees."""
    if place is None:
        return []
    scope = place.parent if place.parent is not None and place.kind not in TOP_KINDS else place
    # The gazetteer lists a place after its parent (provinces, cities, then the rest): a place lies
    # in the scope when its parent is the scope or lies in it, a set lookup rather than a walk up
    # from each of the 3,000 places.
    inside = {id(scope)}
    found = []
    for candidate in gazetteer:
        if candidate.parent is not None and id(candidate.parent) in inside:
            inside.add(id(candidate))
            found.append(candidate)
    return found + [place]


class PlaceIndex:
    """The names of the places a report's entity names may carry, for substring lookup."""

    def __init__(self, nearby: list[Place]):
        self.places = sorted(
            # (and a banner's abbreviation, which its works carry: 察右后旗工业园区)
            (
                (name, p)
                for p in nearby
                for name in dict.fromkeys((p.name, p.short_name, p.abbreviation))
                if name and len(name) >= 2
            ),
            key=lambda item: (-len(item[0]), item[1].adcode or ""),
        )
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
        self._inside: dict[str, list[tuple[str, Place]]] = {}  # a report names the same things again and again
        # the container a name carries (``relations.carried_container``), for the one reporting
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
                if length < len(label) and at + length <= len(label) and label[at : at + length] in self.by_name:
                    hits.append((-length, at, label[at : at + length]))
        found = dict.fromkeys(name for _, _, name in sorted(hits))  # longest first, then leftmost
        # a short name shared by a city and its county (湘潭市, 湘潭县) means the city, which holds both
        pairs = [
            (name, place)
            for name in found
            for place in self.by_name[name]
            if not any(other is not place and lies_in(place, other) for other in self.by_name[name])
        ]
        return sorted(pairs, key=lambda pair: self.rank[id(pair[1])])


def _occurrences(name: str, text: str) -> list[tuple[int, int]]:
    """Where a name stands in a text, left to right, not overlapping (as ``re.finditer`` of it would
    find it, without compiling a pattern per name)."""
    spans = []
    at = text.find(name)
    while at >= 0:
        spans.append((at, at + len(name)))
        at = text.find(name, at + len(name))
    return spans


class ReportContext:
    """What the passes know of the report whose sentences they read: its metadata, its place and
    the places its names may carry."""

    __slots__ = ("meta", "places", "place")

    def __init__(self, meta: ReportMetadata, places: PlaceIndex):
        self.meta = meta
        self.places = places
        self.place: Place | None = meta.place

    def place_spans(self, text: str) -> list[tuple[int, int]]:
        """Where names of places with a cutting character in them (西和县, 和平区, 诸暨) stand in a text."""
        if not JOINERS.search(text):
            return []
        # short names of two characters count only as jieba's place words (诸暨, not 和政 or 平和)
        return [
            span
            for name, place in self.places.inside(text)
            if JOINERS.search(name) and (name == place.name or len(name) >= 3 or split_words(name) == ((name, "ns"),))
            for span in _occurrences(name, text)
        ]

    def is_place(self, label: str) -> bool:
        """Items that are administrative areas (北京、上海等城市) are not entities of this kind."""
        stem = label[:-1] if label.endswith(PLACE_SUFFIXES) else label
        return label in self.places.by_name or stem in self.places.by_name or label in COMMON_PLACE_NAMES

    def likeliest(self, places: list[Place]) -> Place:
        """Of several places sharing a name: one in the reporting area, else the highest in rank."""
        local = [
            p
            for p in places
            if self.place is not None
            and self.place.kind is not PlaceKind.COUNTRY
            and (p is self.place or lies_in(p, self.place))
        ]
        return min(local or places, key=lambda p: len(p.chain))
