"""Targets and outcomes over the years, one panel per place, indicator and measure (matplotlib).

Goals are hollow squares, outcomes filled dots joined by a line; a goal is green when
met, red when missed and grey while open. The file's suffix picks the image format:
one of ``PLOT_FORMATS`` (PNG, SVG or PDF).

Titles and the legend are in Chinese when the machine has a font with Chinese characters,
even one that matplotlib's font cache does not list yet (see ``cjk_font_family``).
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only for annotations: `kg track --help` imports this module and should stay light
    from kg.views.track import TrackRow

# The image formats `kg track --plot` offers, by file suffix, with matplotlib's name for each.
# `kg track --help` and the error for any other suffix both list these, so they cannot disagree;
# matplotlib writes all three without extra packages.
PLOT_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}

STATUS_COLOURS = {"met": "#2e7d32", "missed": "#c62828", "open": "#9e9e9e"}

# Font families that draw Simplified Chinese, best first. Any other family that fontconfig
# says covers Chinese (fc-list :lang=zh) is used after these.
CJK_FONT_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "PingFang SC",
    "Heiti SC",
    "STHeiti",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "SimHei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Noto Serif CJK SC",
    "SimSun",
)

# Where to look for such fonts by file name when fontconfig is missing (Windows, macOS without
# Homebrew's fontconfig, slim containers): the folders and the file-name stems, best first.
_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "~/Library/Fonts",
    os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"),
)
_CJK_FILE_STEMS = (
    "notosanscjk",
    "notosanssc",
    "sourcehansans",
    "wqy-zenhei",
    "wqy-microhei",
    "pingfang",
    "stheiti",
    "hiragino sans gb",
    "msyh",
    "simhei",
    "droidsansfallback",
    "uming",
    "notoserifcjk",
    "simsun",
)
_FONT_SUFFIXES = (".ttc", ".otc", ".otf", ".ttf")
_REGULAR_STYLES = {"regular", "book", "normal", "medium", "r"}


def plot_suffixes() -> str:
    """The suffixes of ``PLOT_FORMATS`` as a phrase for help texts and errors: '.png, .svg or .pdf'."""
    suffixes = list(PLOT_FORMATS)
    return ", ".join(suffixes[:-1]) + " or " + suffixes[-1] if len(suffixes) > 1 else suffixes[0]


def plot_format(path: str | Path) -> str:
    """matplotlib's format name for ``path``'s suffix (case-insensitive): 'png' for ``track.PNG``.

    Raises ``ValueError`` naming the supported suffixes for any other, e.g. ``x.jpg``.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in PLOT_FORMATS:
        raise ValueError(
            f"{Path(path).name}: the file name must end in {plot_suffixes()} (its suffix picks the image format)"
        )
    return PLOT_FORMATS[suffix]


def cjk_font_family() -> str | None:
    """The name of a font family that draws Chinese, made known to matplotlib; None when there is none.

    matplotlib knows the fonts it found when it built its font cache (``fontlist-*.json`` in
    ``matplotlib.get_cachedir()``). A font installed after that - ``apt-get install fonts-noto-cjk``
    on a machine where matplotlib has already run - is not in the cache: the plot then falls
    back to DejaVu Sans and draws boxes, with a "Glyph ... missing" warning for each character.
    So when the cache lists no Chinese font, ask fontconfig for the file (or look in the usual font
    folders) and register it with matplotlib for this process; the cache itself is left alone.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    known = _preferred_family({font.name for font in manager.ttflist})
    if known:
        return known
    for path in _cjk_font_files():
        try:
            manager.addfont(path)
        except (OSError, RuntimeError, ValueError):  # unreadable, or a format FreeType rejects: try the next
            continue
        # a .ttc collection holds several families (Noto Sans CJK SC, … JP, … KR); matplotlib before
        # 3.10 registers only its first face, so take the best of whatever it did register
        families = {font.name for font in manager.ttflist if font.fname == path}
        if families:
            return _preferred_family(families) or sorted(families)[0]
    return None


def _preferred_family(families: set[str]) -> str | None:
    return next((name for name in CJK_FONT_FAMILIES if name in families), None)


def _cjk_font_files() -> list[str]:
    """Font files with Chinese characters, best first: fontconfig's list, else a scan of the font folders."""
    return _fontconfig_cjk_files() or _scanned_cjk_files()


def _fontconfig_cjk_files() -> list[str]:
    """The files ``fc-list :lang=zh`` names, ordered by ``CJK_FONT_FAMILIES``, regular styles before bold.

    One fc-list line is one face: ``/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc<TAB>Noto Sans
    CJK SC<TAB>Regular``; a family or style may list several names separated by commas.
    """
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return []
    try:
        listing = subprocess.run(
            [fc_list, ":lang=zh", "-f", "%{file}\t%{family}\t%{style}\n"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    ranks: dict[str, tuple[int, int]] = {}
    for line in listing.splitlines():
        path, _, rest = line.partition("\t")
        family, _, style = rest.partition("\t")
        if not path.lower().endswith(_FONT_SUFFIXES):  # skip bitmap fonts (.pcf), which matplotlib cannot use
            continue
        family_rank = min(
            (CJK_FONT_FAMILIES.index(name.strip()) for name in family.split(",") if name.strip() in CJK_FONT_FAMILIES),
            default=len(CJK_FONT_FAMILIES),
        )
        style_rank = 0 if {name.strip().lower() for name in style.split(",")} & _REGULAR_STYLES else 1
        ranks[path] = min(ranks.get(path, (family_rank, style_rank)), (family_rank, style_rank))
    return sorted(ranks, key=lambda path: (ranks[path], path))


def _scanned_cjk_files() -> list[str]:
    """Font files whose names mark a Chinese font (NotoSansCJK-Regular.ttc, msyh.ttc, wqy-zenhei.ttc), best first."""
    found: dict[str, tuple[int, int]] = {}
    for folder in _FONT_DIRS:
        for root, _, files in os.walk(os.path.expanduser(folder)):
            for name in files:
                lower = name.lower()
                if not lower.endswith(_FONT_SUFFIXES):
                    continue
                stem_rank = next((rank for rank, stem in enumerate(_CJK_FILE_STEMS) if lower.startswith(stem)), None)
                if stem_rank is not None:
                    # NotoSansCJK-Bold.ttc and -Light.ttc sit beside -Regular.ttc: prefer the regular weight
                    style_rank = 1 if any(word in lower for word in ("bold", "light", "thin", "black", "heavy")) else 0
                    found[os.path.join(root, name)] = (stem_rank, style_rank)
    return sorted(found, key=lambda path: (found[path], path))


def plot_tracks(rows: list[TrackRow], path: str | Path, columns: int = 3) -> Path:
    """Draw the numeric goals and outcomes of ``rows``; returns the written path.

    Raises ``ValueError`` when the suffix is not one of ``PLOT_FORMATS`` or no row has a numeric
    goal, and ``RuntimeError`` when matplotlib is not installed.
    """
    from kg.lexicon import LEXICON  # here, not at the top: `kg track --help` should stay light

    path = Path(path)
    image_format = plot_format(path)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.lines import Line2D
        from matplotlib.ticker import MaxNLocator
    except ImportError as exc:  # pragma: no cover - matplotlib is a dependency
        raise RuntimeError("plotting needs matplotlib (pip install matplotlib)") from exc

    panels: dict[tuple, list[TrackRow]] = defaultdict(list)
    for row in rows:
        if row.goal_value is not None:
            panels[(row.place, row.indicator, row.measure, row.unit)].append(row)
    if not panels:
        raise ValueError("nothing to plot: no numeric targets match")

    font = cjk_font_family()
    # rc_context, not plt.rcParams: a program that calls plot_tracks keeps its own settings.
    # DejaVu Sans follows the Chinese font for the glyphs it lacks (matplotlib falls back per glyph).
    style: dict[str, Any] = {"font.family": "sans-serif", "axes.unicode_minus": False}
    if font:
        style["font.sans-serif"] = [font, "DejaVu Sans"]
    # matplotlib types the keys as a closed set of names, which a dict built here cannot show
    with plt.rc_context(style):  # type: ignore[arg-type]
        rows_count = math.ceil(len(panels) / columns)
        figure, axes = plt.subplots(
            rows_count,
            min(columns, len(panels)),
            squeeze=False,
            figsize=(4.6 * min(columns, len(panels)), 3.2 * rows_count),
        )
        for axis, (key, items) in zip(axes.flat, sorted(panels.items())):
            place, notation, measure, unit = key
            items.sort(key=lambda r: r.year)
            if font:
                scale = LEXICON.label("growth") if measure == "growth" else unit or ""
                axis.set_title(f"{place} {items[0].indicator_label} ({scale})", fontsize=10)
            else:  # without a Chinese font only Latin text can be drawn: "NewUrbanJobs (level)", not "(level, ▯▯)"
                latin_unit = f", {unit}" if unit and unit.isascii() else ""
                axis.set_title(f"{notation} ({measure}{latin_unit})", fontsize=10)
            outcomes = [(r.year, float(r.achieved_value)) for r in items if r.achieved_value is not None]
            if outcomes:
                axis.plot(*zip(*outcomes), "o-", color="#1565c0", zorder=2)
            for row, goal in ((r, r.goal_value) for r in items if r.goal_value is not None):
                axis.scatter(
                    [row.year],
                    [float(goal)],
                    marker="s",
                    s=70,
                    facecolors="none",
                    edgecolors=STATUS_COLOURS[row.status],
                    linewidths=2,
                    zorder=3,
                )
            axis.grid(alpha=0.3)
            years = sorted({r.year for r in items})
            axis.set_xlim(min(years) - 0.5, max(years) + 0.5)
            if len(years) <= 8:
                axis.set_xticks(years)
            else:
                axis.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
            axis.ticklabel_format(axis="x", useOffset=False, style="plain")
            axis.tick_params(labelsize=8)
        for axis in list(axes.flat)[len(panels) :]:
            axis.axis("off")
        prefix = (LEXICON.label("outcome") + " ", LEXICON.label("target") + " ") if font else ("", "target ")
        legend = [Line2D([], [], marker="o", color="#1565c0", label=prefix[0] + "outcome")] + [
            Line2D(
                [],
                [],
                marker="s",
                linestyle="none",
                markerfacecolor="none",
                markeredgecolor=colour,
                markeredgewidth=2,
                label=prefix[1] + status,
            )
            for status, colour in STATUS_COLOURS.items()
        ]
        figure.legend(handles=legend, loc="lower center", ncol=4, frameon=False)
        figure.tight_layout(rect=(0, 0.05, 1, 1))
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, dpi=110, format=image_format)
        plt.close(figure)
    return path
