"""Named entities of a report (see kg.entities.report)."""
from kg.entities.report import EntityExtractor, names_something

__all__ = ["EntityExtractor", "names_something"]
