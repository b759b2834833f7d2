"""Where the ontology files live, and the indicator catalogue read from its SKOS scheme.

The SKOS file ``ontology/indicators.ttl`` is the one source of truth for headline
indicators: their notations, Chinese and English labels, and every surface form
the extractor looks for (``skos:altLabel``).
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.model import Indicator
from kg.vocab import GK, SKOS, solutions

ONTOLOGY_FILES = ("govkg.ttl", "indicators.ttl", "shapes.ttl")


def ontology_dir() -> Path:
    """The ``ontology/`` folder: beside the package in a checkout, or under ``share/govkg`` when installed."""
    candidates = [
        Path(__file__).resolve().parents[1] / "ontology",
        Path(sys.prefix) / "share" / "govkg" / "ontology",
    ]
    for candidate in candidates:
        if (candidate / "indicators.ttl").is_file():
            return candidate
    raise FileNotFoundError("govkg ontology files not found (looked in: " + ", ".join(map(str, candidates)) + ")")


def ontology_path(name: str) -> Path:
    return ontology_dir() / name


class IndicatorCatalogue:
    """Indicators of the scheme by notation, and every Chinese surface form mapped to its notation.

    ``Indicator.headline`` is true for the scheme's top concepts: the closed list of headline indicators.
    """

    def __init__(self, indicators: dict[str, Indicator], surfaces: dict[str, str]):
        self.indicators = indicators
        self.surfaces = surfaces

    def __getitem__(self, notation: str) -> Indicator:
        return self.indicators[notation]

    def by_surface(self, surface: str) -> Indicator | None:
        notation = self.surfaces.get(surface)
        return self.indicators[notation] if notation else None


@lru_cache(maxsize=1)
def indicator_catalogue() -> IndicatorCatalogue:
    """Load the SKOS indicator scheme once per process."""
    store = ox.Store()
    store.load(path=str(ontology_path("indicators.ttl")), format=ox.RdfFormat.TURTLE)
    query = f"""
        SELECT ?notation ?pref ?en ?alt ?top WHERE {{
          ?c a {GK.Indicator} ; {SKOS.notation} ?notation ; {SKOS.prefLabel} ?pref .
          OPTIONAL {{ {GK.IndicatorScheme} {SKOS.hasTopConcept} ?c . BIND(true AS ?top) }}
          FILTER(lang(?pref) = "zh")
          OPTIONAL {{ ?c {SKOS.prefLabel} ?en FILTER(lang(?en) = "en") }}
          OPTIONAL {{ ?c {SKOS.altLabel} ?alt FILTER(lang(?alt) = "zh") }}
        }}"""
    indicators: dict[str, Indicator] = {}
    surfaces: dict[str, str] = {}
    for row in solutions(store, query):
        notation = row["notation"].value
        if notation not in indicators:
            indicators[notation] = Indicator(
                notation, row["pref"].value, row["top"] is not None, row["en"].value if row["en"] else None
            )
            surfaces[row["pref"].value] = notation
        if row["alt"] is not None:
            surfaces.setdefault(row["alt"].value, notation)
    return IndicatorCatalogue(indicators, surfaces)
