"""Targets and outcomes over the years, one panel per place, indicator and measure (matplotlib).

PNG, SVG or PDF, by the file's suffix.

Goals are hollow squares, outcomes filled dots joined by a line; a goal is green when
met, red when missed and grey while open. Writes PNG or SVG, by the file's suffix.
"""
from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

from kg.track import TrackRow

STATUS_COLOURS = {"met": "#2e7d32", "missed": "#c62828", "open": "#9e9e9e"}
_CJK_FONT_NAMES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
                   "Source Han Sans SC", "SimHei", "Microsoft YaHei", "AR PL UMing CN")


def _cjk_font() -> str | None:
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in _CJK_FONT_NAMES if name in installed), None)


def plot_tracks(rows: list[TrackRow], path: str | Path, columns: int = 3) -> Path:
    """Draw the numeric goals and outcomes of ``rows``; returns the written path.

    Raises ``ValueError`` when no row has a numeric goal and ``RuntimeError`` when
    matplotlib is not installed.
    """
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
    except ImportError as exc:  # pragma: no cover - matplotlib is a dependency
        raise RuntimeError("plotting needs matplotlib (pip install matplotlib)") from exc

    path = Path(path)
    image_format = path.suffix.lower().lstrip(".")
    if image_format not in ("png", "svg", "pdf"):
        raise ValueError(f"{path}: give a .png, .svg or .pdf file name")
    panels: dict[tuple, list[TrackRow]] = defaultdict(list)
    for row in rows:
        if row.goal_value is not None:
            panels[(row.place, row.indicator, row.measure, row.unit)].append(row)
    if not panels:
        raise ValueError("nothing to plot: no numeric targets match")

    font = _cjk_font()
    if font:
        plt.rcParams["font.sans-serif"] = [font, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    rows_count = math.ceil(len(panels) / columns)
    figure, axes = plt.subplots(rows_count, min(columns, len(panels)), squeeze=False,
                                figsize=(4.6 * min(columns, len(panels)), 3.2 * rows_count))
    for axis, (key, items) in zip(axes.flat, sorted(panels.items())):
        place, notation, measure, unit = key
        items.sort(key=lambda r: r.year)
        label = items[0].indicator_label if font else notation
        title = f"{place if font else ''} {label} ({'增速' if measure == 'growth' else unit or ''})".strip()
        axis.set_title(title if font else f"{notation} ({measure}, {unit or ''})", fontsize=10)
        outcomes = [(r.year, float(r.achieved_value)) for r in items if r.achieved_value is not None]
        if outcomes:
            axis.plot(*zip(*outcomes), "o-", color="#1565c0", zorder=2)
        for row in items:
            axis.scatter([row.year], [float(row.goal_value)], marker="s", s=70, facecolors="none",
                         edgecolors=STATUS_COLOURS[row.status], linewidths=2, zorder=3)
        axis.grid(alpha=0.3)
        years = sorted({r.year for r in items})
        axis.set_xlim(min(years) - 0.5, max(years) + 0.5)
        if len(years) <= 8:
            axis.set_xticks(years)
        else:
            axis.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        axis.ticklabel_format(axis="x", useOffset=False, style="plain")
        axis.tick_params(labelsize=8)
    for axis in list(axes.flat)[len(panels):]:
        axis.axis("off")
    from matplotlib.lines import Line2D
    prefix = ("实际 ", "目标 ") if font else ("", "target ")
    legend = [Line2D([], [], marker="o", color="#1565c0", label=prefix[0] + "outcome")] + [
        Line2D([], [], marker="s", linestyle="none", markerfacecolor="none", markeredgecolor=colour,
               markeredgewidth=2, label=prefix[1] + status)
        for status, colour in STATUS_COLOURS.items()]
    figure.legend(handles=legend, loc="lower center", ncol=4, frameon=False)
    figure.tight_layout(rect=(0, 0.05, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110, format=image_format)
    plt.close(figure)
    return path
