"""Resolution: the entities of one report from the names its sentences yield. A name met again
is the same entity; a zone with and without its suffix (繁荣站前西 / 繁荣站前西片区) is one, and
so is a name with and without the reporting place before it (仓山区三江口片区 / 三江口片区).
Containers known by label while reading are resolved when the report is read."""

from __future__ import annotations

from kg.extract.entities.attributes import investment, status_year
from kg.extract.entities.nearby import ReportContext
from kg.extract.entities.records import Mention, Pending
from kg.extract.entities.township_scope import TownshipScope, township_scope
from kg.extract.entities.vocabulary import SEAT_HEAD, TOWN_SEAT, TOWNSHIP_HEADS
from kg.extract.entities.words import area_stem, kind_by_head, local_zone, names_something, township_name, township_stem
from kg.model import Entity, EntityKey, EntityKind, Sentence, StatusStatement
from kg.places import Place

_NOT_PLACED_BY_TOWNSHIP = (EntityKind.PERSON, EntityKind.INITIATIVE, EntityKind.TOWNSHIP)
_NOT_MERGED = (EntityKind.PERSON, EntityKind.TOWNSHIP)


class Resolution:
    """Entities of one report while its sentences are read."""

    def __init__(self, context: ReportContext):
        self.context = context
        self.place = context.place
        self.entities: dict[EntityKey, Entity] = {}
        self.townships: dict[str, EntityKey] = {}  # stem → township, for names that carry it (洪梅预制菜产业园)
        self.areas: dict[str, EntityKey] = {}  # canonical label and stem → area
        self.pending: list[Pending] = []
        self._scope: TownshipScope | None = None

    @property
    def scope(self) -> TownshipScope:
        """The townships of the report's county or city, read when a name may need them."""
        if self._scope is None:
            self._scope = township_scope(self.context)
        return self._scope

    def add(self, mention: Mention, sentence: Sentence) -> EntityKey | None:
        """The entity a mention is (a new one or one met before), with what the mention says of it."""
        if mention.counted:
            return None
        label = mention.label
        kind = mention.kind
        by_name = self.context.places.by_name
        if kind is EntityKind.AREA and (
            label in by_name or any(label[:n] in by_name and label[n:] in by_name for n in (2, 3))
        ):
            return None  # 滨海新区, 上海浦东新区: an administrative area, not a zone within one
        if kind is EntityKind.AREA:
            label = self.area_label(label)
        key = EntityKey(kind, label)
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = Entity(kind, label, anchor=self.place)
            if kind is EntityKind.TOWNSHIP:
                self.townships[township_stem(label)] = key
            if kind is EntityKind.AREA:
                self.areas[label] = key
                self.areas[area_stem(label)] = key
        if all(seen is not sentence for seen in entity.sentences):
            entity.sentences.append(sentence)
        entity.spans.append((sentence.start + mention.start, sentence.start + mention.end))
        if kind is EntityKind.PERSON and mention.position and not entity.position:
            entity.position = mention.position
        if kind is EntityKind.PROJECT and mention.status is not None:
            year, planned = status_year(self.context.meta, sentence)
            statement = StatusStatement(mention.status, year, planned, sentence)
            if statement not in entity.statuses:
                entity.statuses.append(statement)
        if kind is EntityKind.PROJECT and entity.investment is None and not mention.in_list:
            entity.investment = investment(sentence, mention.start, mention.end)
        return key

    def area_label(self, label: str) -> str:
        """The one spelling of an area met with and without its suffix (繁荣站前西 / 繁荣站前西片区)."""
        known = self.areas.get(label) or self.areas.get(area_stem(label))
        return known.label if known else label

    # --- containment ---------------------------------------------------------------------

    def finish(self) -> list[Entity]:
        """The report's entities, merged and placed."""
        self._merge_spelled_with_place()
        self._place_by_townships()
        for key, container, sentence in self.pending:
            entity = self.entities.get(key)
            if entity is None or entity.container is not None:
                continue
            target = self._container_key(container, sentence)
            if target is None or target == key:
                continue
            entity.container, entity.container_sentence = target, sentence
        self._anchor()
        return sorted(self.entities.values(), key=lambda e: (e.kind.value, e.label))

    def _place_by_townships(self) -> None:
        """Names that start with a township's stem lie in it (洪梅预制菜产业园), and a town's seat
        (史家寨镇区) in its township, when the report names the township."""
        for entity in list(self.entities.values()):
            town_area = TOWN_SEAT.match(entity.label)
            # 史家寨镇区 is the seat of 史家寨乡: a township is inferred only when the report names it
            if (
                entity.kind is EntityKind.AREA
                and town_area
                and township_name(town_area.group("stem") + SEAT_HEAD, SEAT_HEAD)
                and town_area.group("stem") in self.townships
            ):
                township = self._container_key(town_area.group("stem") + SEAT_HEAD, entity.sentences[0])
                label = township.name if isinstance(township, Place) else township.label if township else ""
                self.pending.append(Pending(entity.key, label, entity.sentences[0]))
        placed = {pending.key for pending in self.pending}
        townships = sorted(self.townships.items(), key=lambda item: -len(item[0]))
        for entity in self.entities.values():
            if entity.kind in _NOT_PLACED_BY_TOWNSHIP:
                continue
            for stem, key in townships:
                if entity.label.startswith(stem) and len(entity.label) > len(stem) + 1 and entity.key not in placed:
                    self.pending.append(Pending(entity.key, key.label, entity.sentences[0]))
                    break

    def _anchor(self) -> None:
        """The administrative area each entity's IRI is scoped under, and the default containers."""
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
            if entity.container is None and entity.kind is EntityKind.TOWNSHIP:
                self._place_township(entity)
            elif entity.container is None and entity.kind is EntityKind.AREA and local_zone(entity.label):
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

    def _place_township(self, entity: Entity) -> None:
        """A township lies in the county the township table gives it (in a city's report too), else
        in the reporting area."""
        county, adcode = self.scope.county_of(entity.label) if self.place is not None else (None, None)
        entity.container, entity.container_sentence = county or self.place, None
        if county is not None:
            entity.anchor, entity.adcode = county, adcode

    def _merge_spelled_with_place(self) -> None:
        """One entity for a name met with and without the reporting place before it (仓山区三江口片区 /
        三江口片区, 易县经济开发区 / 经济开发区): the bare name when it names something, else the full one."""
        if self.place is None:
            return
        prefixes = sorted({self.place.name, self.place.short_name}, key=len, reverse=True)
        for key, full in list(self.entities.items()):
            if full.kind in _NOT_MERGED or key not in self.entities:
                continue
            prefix = next((p for p in prefixes if full.label.startswith(p) and len(full.label) - len(p) >= 3), None)
            bare = self.entities.get(EntityKey(full.kind, full.label[len(prefix) :])) if prefix else None
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
        self.pending = [
            Pending(
                kept.key if p.key == merged.key else p.key,
                kept.label if p.container == merged.label else p.container,
                p.sentence,
            )
            for p in self.pending
        ]

    def _container_key(self, label: str, sentence: Sentence) -> EntityKey | Place | None:
        """What a container label stands for: a place, a township or an area of the report (made
        when the report names it only as a container)."""
        for _, place in self.context.places.places:
            if label == place.name:
                return place
        if self.scope.knows(label) or (
            label.endswith(TOWNSHIP_HEADS)
            and township_name(label, next(h for h in TOWNSHIP_HEADS if label.endswith(h)))
        ):
            key = self.townships.get(township_stem(label))
            if key is None:
                key = EntityKey(EntityKind.TOWNSHIP, label)
                self.entities[key] = Entity(EntityKind.TOWNSHIP, label, anchor=self.place, sentences=[sentence])
                self.townships[township_stem(label)] = key
            return key
        area = self.areas.get(label) or self.areas.get(area_stem(label))
        if area is None and kind_by_head(label) is EntityKind.AREA:
            area = EntityKey(EntityKind.AREA, label)
            self.entities[area] = Entity(EntityKind.AREA, label, anchor=self.place, sentences=[sentence])
            self.areas[label] = self.areas[area_stem(label)] = area
        if area is not None and all(seen is not sentence for seen in self.entities[area].sentences):
            self.entities[area].sentences.append(sentence)
        return area
