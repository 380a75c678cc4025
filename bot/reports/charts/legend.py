"""The parts of a chart around the plot: the title block on top and the legend underneath.

The legend sits below the plot, never over it; its lines are wrapped to the chart's width, so
a long note in any language is read whole on a phone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import Translator
from bot.reports import palette
from bot.reports.charts.drawing import DPI, TEXT_PT, TITLE_PT, WIDTH_PX, Fitter

if TYPE_CHECKING:
    from matplotlib.figure import Figure

LINE_IN = 0.165  # one line of legend text
SIDE_IN = 0.12
SWATCH_IN = 0.3  # the swatch and the space after it
TITLE_TOP_IN, SUBTITLE_TOP_IN, SUBTITLE_LINE_IN = 0.2, 0.43, 0.19

Entry = tuple[str, str]  # (kind, text): kind "band:<band>", "hatch", "previous" or "note"


def band_entries(t: Translator, bands: set[str]) -> list[Entry]:
    """The bands shown in a chart, darkest first, with their thresholds."""
    return [(f"band:{band}", label) for band, label in palette.band_labels(t) if band in bands]


def wrap(fit: Fitter, text: str, points: float, width_px: float) -> list[str]:
    """Text broken into lines that fit the width: at spaces, or anywhere in text without."""
    if fit.width(text, points) <= width_px:
        return [text]
    words = text.split(" ")
    if len(words) == 1:
        words = list(text)  # Chinese: a line may break between any two characters
    lines: list[str] = []
    joiner = " " if " " in text else ""
    for word in words:
        candidate = f"{lines[-1]}{joiner}{word}" if lines else word
        if lines and fit.width(candidate, points) <= width_px:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def wrapped(fit: Fitter, entries: list[Entry]) -> list[tuple[str, list[str]]]:
    """Each legend entry with its text as lines."""
    width = WIDTH_PX - (2 * SIDE_IN + SWATCH_IN) * DPI
    return [(kind, wrap(fit, text, TEXT_PT, width)) for kind, text in entries]


def legend_height(lines: int) -> float:
    """Inches under the plot for this many lines of legend."""
    return lines * LINE_IN + (0.12 if lines else 0.04)


def title_height(subtitles: int) -> float:
    """Inches over the plot for the title and this many lines of subtitle."""
    return SUBTITLE_TOP_IN + (subtitles - 1) * SUBTITLE_LINE_IN + 0.19


def title_block(figure: Figure, fit: Fitter, title: str, subtitles: list[str], rtl: bool) -> None:
    """The title and the subtitle's lines at the top, each shortened at its end to the width,
    never cut."""
    width_in, height_in = figure.get_size_inches()
    width_px = (width_in - 2 * SIDE_IN) * DPI
    x, ha = (1 - SIDE_IN / width_in, "right") if rtl else (SIDE_IN / width_in, "left")
    figure.text(x, 1 - TITLE_TOP_IN / height_in, fit.fit(title, TITLE_PT, width_px), ha=ha,
                va="center", fontsize=TITLE_PT)  # fmt: skip
    for n, line in enumerate(subtitles):
        y = 1 - (SUBTITLE_TOP_IN + n * SUBTITLE_LINE_IN) / height_in
        figure.text(x, y, fit.fit(line, TEXT_PT, width_px), ha=ha, va="center",
                    fontsize=TEXT_PT, color="#444444")  # fmt: skip


def add_legend(figure: Figure, entries: list[tuple[str, list[str]]], rtl: bool) -> None:
    """The legend at the bottom: a swatch and the wrapped text of each entry."""
    from matplotlib.patches import Rectangle

    width_in, height_in = figure.get_size_inches()
    y = sum(len(lines) for _, lines in entries) * LINE_IN + 0.06
    for kind, lines in entries:
        left = width_in - SIDE_IN - 0.24 if rtl else SIDE_IN
        box = (left / width_in, (y - 0.13) / height_in)
        size = (0.24 / width_in, 0.1 / height_in)
        if kind != "note":
            figure.add_artist(Rectangle(box, *size, transform=figure.transFigure, **_swatch(kind)))
        x = (width_in - SIDE_IN - SWATCH_IN) if rtl else SIDE_IN + SWATCH_IN
        for line in lines:
            figure.text(x / width_in, (y - 0.08) / height_in, line, ha="right" if rtl else "left",
                        va="center", fontsize=TEXT_PT)  # fmt: skip
            y -= LINE_IN


def _swatch(kind: str) -> dict[str, Any]:
    """How an entry's swatch is drawn: the band's fill, the hatch, or the dashed outline."""
    if kind.startswith("band:"):
        return {"facecolor": palette.FILL[kind[5:]], "edgecolor": palette.OUTLINE, "lw": 0.6}
    if kind == "hatch":
        return {"facecolor": "white", "edgecolor": palette.HATCH_INK, "hatch": "////", "lw": 0.6}
    if kind == "current":
        return {"facecolor": palette.FILL["high"], "edgecolor": palette.OUTLINE, "lw": 0.6}
    if kind == "previous":
        return {"facecolor": "white", "edgecolor": palette.PREVIOUS, "lw": 0.9, "ls": (0, (2, 1))}
    return {"facecolor": palette.FILL["none"], "edgecolor": palette.OUTLINE, "lw": 0.6}
