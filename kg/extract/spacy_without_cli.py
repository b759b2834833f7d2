"""spaCy, imported without its command line.

spaCy's ``__init__`` imports ``spacy.cli.info`` for ``spacy.info``, and with it the whole command
line (download, init config, train ...: httpx, weasel, rich, typer, and a YAML template parsed on
import): 350 modules and 0.15 s of every process that loads the pipeline, a sixth of loading it,
for commands a build never runs. Upstream knows (explosion/spaCy#12962 made it lazy for spaCy 4;
#13933 proposes a light launcher). Here, while spaCy is imported, ``spacy.cli`` is a placeholder
whose ``info`` imports the real one when called; afterwards ``import spacy.cli`` gives the real
package, and ``spacy.cli``, ``spacy.displacy`` (which the command line imported on the side) and
other submodules are imported when first asked for. Should a later spaCy want more of its command
line on import, the placeholder is dropped and spaCy imported whole, as before.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, from the real command line, imported when first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _import_spacy() -> types.ModuleType:
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    placeholder = types.ModuleType("spacy.cli")
    placeholder.__path__ = []  # (a package: spacy.cli.info is looked up in it)
    info = types.ModuleType("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    sys.modules.update({"spacy.cli": placeholder, "spacy.cli.info": info})
    try:
        import spacy
    except (ImportError, AttributeError):  # (a spaCy that wants more of its command line on import)
        for name in [name for name in sys.modules if name == "spacy" or name.startswith("spacy.")]:
            del sys.modules[name]
        import spacy
    finally:
        for name, module in (("spacy.cli", placeholder), ("spacy.cli.info", info)):
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if "spacy.cli" not in sys.modules and not hasattr(spacy, "__getattr__"):
        setattr(spacy, "__getattr__", _submodule)  # noqa: B010  (a module-level __getattr__, PEP 562)
    return spacy


def _submodule(name: str) -> types.ModuleType:
    """``spacy.cli``, ``spacy.displacy`` ...: submodules the command line's import binds on the
    package as it goes, imported when first asked for (PEP 562)."""
    if not name.startswith("_"):
        try:
            return importlib.import_module(f"spacy.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"spacy.{name}":
                raise  # (a library the submodule needs is missing: say so, not "no attribute")
    raise AttributeError(f"module 'spacy' has no attribute {name!r}")


spacy = _import_spacy()
