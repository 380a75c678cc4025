"""The bar chart of one organisation: readiness per Guideline, drawn for a phone first.

Each Guideline is a row: its name on a line of its own (the full width, shortened to fit, never
cut), then its bar, coloured by band, with the percentage and points at its end, and a thin
dashed bar for the previous cycle. A figure on too few known items is hatched and starred, and
the legend under the chart says so. Right-to-left readers get the chart mirrored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import Translator
from bot.reports import palette
from bot.reports.charts.drawing import (
    BODY_PT,
    DPI,
    LOCK,
    TEXT_PT,
    TITLE_PT,
    WIDTH_PX,
    Fitter,
    new_figure,
    percent_ticks,
    png,
)
from bot.reports.charts.legend import (
    Entry,
    add_legend,
    band_entries,
    legend_height,
    title_block,
    wrapped,
)
from bot.reports.lines import Line
from bot.reports.localised import LocalReport

if TYPE_CHECKING:
    from matplotlib.figure import Figure

LABEL_IN, BAR_IN, PREVIOUS_IN, GAP_IN = 0.2, 0.2, 0.1, 0.14
TOP_IN, AXIS_IN, SIDE_IN = 0.62, 0.3, 0.12
VALUES_IN = 0.95  # room right of a full bar for its figure
HATCH = "////"


def _row_in(previous: bool) -> float:
    return LABEL_IN + BAR_IN + (PREVIOUS_IN + 0.04 if previous else 0) + GAP_IN


def bar_chart_size(guidelines: int, previous: bool, legend_lines: int) -> tuple[int, int]:
    """Width and height in pixels of the bar chart."""
    height = TOP_IN + guidelines * _row_in(previous) + AXIS_IN + legend_height(legend_lines)
    return WIDTH_PX, round(height * DPI)


def bar_figure(r: LocalReport, t: Translator) -> Figure:
    """The bar chart as a matplotlib Figure (for tests to measure; ``bar_chart`` draws it)."""
    previous = any(g.previous_share is not None for g in r.guidelines)
    figure = new_figure(100)  # sized below, once the legend is wrapped
    fit = Fitter(figure)
    entries = wrapped(fit, _legend_entries(r, t, previous))
    lines = sum(len(text) for _, text in entries)
    width, height = bar_chart_size(len(r.guidelines), previous, lines)
    figure.set_size_inches(width / DPI, height / DPI)
    title_block(figure, fit, t._("Readiness per Guideline: %(org)s", org=r.organisation),
                [t._("%(checklist)s · cycle %(cycle)s · %(date)s", checklist=r.page.checklist,
                     cycle=r.page.cycle, date=r.page.generated)], r.page.rtl)  # fmt: skip
    rows_in = len(r.guidelines) * _row_in(previous)
    w_in, h_in = width / DPI, height / DPI
    bottom = legend_height(lines) + AXIS_IN
    ax = figure.add_axes((SIDE_IN / w_in, bottom / h_in, 1 - 2 * SIDE_IN / w_in, rows_in / h_in))
    _bars(ax, fit, r, t, previous)
    add_legend(figure, entries, r.page.rtl)
    return figure


def bar_chart(r: LocalReport, t: Translator) -> bytes:
    """Readiness per Guideline of one organisation as a PNG, with the previous cycle."""
    with LOCK:
        return png(bar_figure(r, t))


def _bars(ax: Any, fit: Fitter, r: LocalReport, t: Translator, previous: bool) -> None:
    row = _row_in(previous)
    span = 1 + VALUES_IN / ((WIDTH_PX / DPI) - 2 * SIDE_IN)
    ax.set_xlim(span, 0) if r.page.rtl else ax.set_xlim(0, span)
    ax.set_ylim(len(r.guidelines) * row, 0)
    label_px = (WIDTH_PX - 2 * SIDE_IN * DPI) * 0.98
    for n, g in enumerate(r.guidelines):
        top = n * row
        ax.text(1 if r.page.rtl else 0, top + LABEL_IN * 0.55, fit.fit(f"{g.code} {g.title}",
                BODY_PT, label_px), transform=ax.get_yaxis_transform(), va="center",
                ha="right" if r.page.rtl else "left", fontsize=BODY_PT)  # fmt: skip
        _bar(ax, g, top + LABEL_IN + BAR_IN / 2, BAR_IN)
        if previous and g.previous_share is not None:
            _previous_bar(ax, t, g, r.previous_cycle or "", top + LABEL_IN + BAR_IN + 0.04)
    percent_ticks(t, ax.xaxis)
    ax.tick_params(axis="x", labelsize=TEXT_PT, length=0)
    ax.set_yticks([])
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    if not r.has_answers:
        ax.text(0.5, 0.5, t._("No answers yet"), transform=ax.transAxes, ha="center",
                va="center", fontsize=TITLE_PT, color="#555555")  # fmt: skip


def _bar(ax: Any, g: Line, y: float, height: float) -> None:
    share = g.share or 0.0
    ax.barh([y], [share], height=height, color=palette.FILL[g.level], edgecolor=palette.OUTLINE,
            linewidth=0.6, hatch=HATCH if g.low else None)  # fmt: skip
    text = g.readiness + (palette.LOW_MARK if g.low else "")
    if g.points:
        text += f" · {g.points}"
    ax.text(share + 0.015, y, text, va="center", ha="left" if not _mirrored(ax) else "right",
            fontsize=BODY_PT)  # fmt: skip


def _previous_bar(ax: Any, t: Translator, g: Line, cycle: str, top: float) -> None:
    share = g.previous_share or 0.0
    y = top + PREVIOUS_IN / 2
    ax.barh([y], [share], height=PREVIOUS_IN, color="white", edgecolor=palette.PREVIOUS,
            linewidth=0.9, linestyle=(0, (2, 1)))  # fmt: skip
    label = t._("%(cycle)s: %(readiness)s", cycle=cycle, readiness=t.percent(share))
    ax.text(share + 0.015, y, label, va="center", ha="right" if _mirrored(ax) else "left",
            fontsize=TEXT_PT, color=palette.PREVIOUS)  # fmt: skip


def _mirrored(ax: Any) -> bool:
    low, high = ax.get_xlim()
    return bool(low > high)


def _legend_entries(r: LocalReport, t: Translator, previous: bool) -> list[Entry]:
    """The bands shown, low coverage if any figure rests on it, the previous cycle if any."""
    entries = band_entries(t, {g.level for g in r.guidelines})
    if r.low_coverage:
        entries.append(("hatch", t._("%(mark)s Hatched: under %(threshold)s of the items known; "
                                   "insufficient data", mark=palette.LOW_MARK,
                                   threshold=r.page.enough)))  # fmt: skip
    if previous and r.previous_cycle:
        entries.append(("previous", t._("Dashed: cycle %(cycle)s", cycle=r.previous_cycle)))
    return entries
