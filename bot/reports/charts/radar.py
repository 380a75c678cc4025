"""The radar chart of one organisation: readiness per Guideline as a shape, the UNDRR
Disaster Resilience Scorecard's signature view, with the previous cycle drawn beside it.

Each spoke is a Guideline, labelled with its readiness and its points out of the maximum; a
figure that rests on low coverage is starred, with a hollow marker. A radar needs three
Guidelines at least: with fewer, ``radar_possible`` says no and the bar chart stands in.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from bot.i18n import Translator
from bot.reports import palette
from bot.reports.charts.drawing import DPI, LOCK, TEXT_PT, WIDTH_PX, Fitter, new_figure, png
from bot.reports.charts.legend import Entry, add_legend, legend_height, title_block, wrapped
from bot.reports.lines import Line
from bot.reports.localised import LocalReport

if TYPE_CHECKING:
    from matplotlib.figure import Figure

TOP_IN, PLOT_IN, CIRCLE_IN = 0.62, 2.9, 2.0
RINGS = [0.25, 0.5, 0.75, 1.0]
MIN_SPOKES = 3
CURRENT = palette.FILL["high"]


def radar_possible(r: LocalReport) -> bool:
    """Whether the checklist has enough Guidelines for a radar chart."""
    return len(r.guidelines) >= MIN_SPOKES


def radar_figure(r: LocalReport, t: Translator) -> Figure:
    """The radar chart as a matplotlib Figure (``radar_chart`` draws it)."""
    previous = r.previous_cycle is not None and any(
        g.previous_share is not None for g in r.guidelines
    )
    figure = new_figure(100)  # sized below, once the legend is wrapped
    fit = Fitter(figure)
    entries = wrapped(fit, _legend_entries(r, t, previous))
    lines = sum(len(text) for _, text in entries)
    height_in = TOP_IN + PLOT_IN + legend_height(lines) + 0.1
    figure.set_size_inches(WIDTH_PX / DPI, height_in)
    title = t._("Readiness per Guideline: %(org)s", org=r.organisation)
    subtitle = t._("%(checklist)s · cycle %(cycle)s · %(date)s", checklist=r.page.checklist,
                   cycle=r.page.cycle, date=r.page.generated)  # fmt: skip
    title_block(figure, fit, title, [subtitle], r.page.rtl)
    width_in = WIDTH_PX / DPI
    side = (width_in - CIRCLE_IN) / 2  # room for the spoke labels either side
    rect = (side / width_in, (height_in - TOP_IN - (PLOT_IN + CIRCLE_IN) / 2) / height_in,
            CIRCLE_IN / width_in, CIRCLE_IN / height_in)  # fmt: skip
    ax = figure.add_axes(rect, projection="polar")
    _draw(ax, r, t, previous)
    _place_tick_labels(figure, ax, t, len(r.guidelines))
    add_legend(figure, entries, r.page.rtl)
    return figure


def radar_chart(r: LocalReport, t: Translator) -> bytes:
    """The radar chart as a PNG."""
    with LOCK:
        return png(radar_figure(r, t))


def _angles(count: int) -> list[float]:
    return [2 * math.pi * n / count for n in range(count)]


def _closed(values: list[float]) -> list[float]:
    return [*values, values[0]]


def _draw(ax: Any, r: LocalReport, t: Translator, previous: bool) -> None:
    lines = r.guidelines
    angles = _angles(len(lines))
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(1 if r.page.rtl else -1)  # clockwise, or anticlockwise when RTL
    ax.set_ylim(0, 1)
    ax.set_yticks(RINGS, [t.percent(v) for v in RINGS])
    ax.tick_params(axis="y", labelsize=TEXT_PT, labelcolor="#555555")
    for label in ax.get_yticklabels():
        label.set_bbox({"facecolor": "white", "alpha": 0.75, "lw": 0, "pad": 0.5})
    ax.grid(color="#CCCCCC", linewidth=0.6)
    ax.spines["polar"].set_color("#999999")
    ax.set_xticks(angles, [_spoke_label(g) for g in lines])
    ax.tick_params(axis="x", labelsize=TEXT_PT, pad=5)
    _align_spoke_labels(ax, angles, r.page.rtl)
    if previous:
        before = [g.previous_share or 0.0 for g in lines]
        ax.plot(_closed(angles), _closed(before), color=palette.PREVIOUS, linewidth=1.4,
                linestyle=(0, (4, 2)), marker="s", markersize=4)  # fmt: skip
    now = [g.share or 0.0 for g in lines]
    ax.fill(_closed(angles), _closed(now), color=CURRENT, alpha=0.25, linewidth=0)
    ax.plot(_closed(angles), _closed(now), color=CURRENT, linewidth=2.0)
    for angle, g in zip(angles, lines, strict=True):
        if g.share is not None:
            hollow = "white" if g.low else CURRENT
            ax.plot([angle], [g.share], marker="o", markersize=6, markerfacecolor=hollow,
                    markeredgecolor=CURRENT, markeredgewidth=1.6)  # fmt: skip
    if not r.has_answers:
        ax.text(0, 0, t._("No answers yet"), ha="center", va="center", fontsize=TEXT_PT + 2,
                color="#555555")  # fmt: skip


def _crossed(ax: Any, renderer: Any) -> list[bool]:
    """Whether a line of the chart crosses each percentage label."""
    ax.yaxis.get_tightbbox(renderer)  # places the labels where they now go
    paths = [line.get_transform().transform_path(line.get_path()) for line in ax.get_lines()]
    return [
        any(path.intersects_bbox(label.get_window_extent(renderer), filled=False) for path in paths)
        for label in ax.get_yticklabels()
    ]


def _place_tick_labels(figure: Figure, ax: Any, t: Translator, spokes: int) -> None:
    """Put the percentage labels (25% to 100%) between two spokes where no line of the chart
    crosses them (halfway, else a quarter of the way), or where the fewest are crossed; a
    label a line still crosses is left out (its ring stays, evenly spaced like the others)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(figure).get_renderer()  # type: ignore[no-untyped-call]
    step = 360 / spokes
    best: tuple[int, float, list[bool]] = (len(RINGS) + 1, 0.0, [True] * len(RINGS))
    for degrees in [(k + f) * step for f in (0.5, 0.25, 0.75) for k in range(spokes)]:
        ax.set_rlabel_position(degrees)
        crossed = _crossed(ax, renderer)
        if sum(crossed) < best[0]:
            best = (sum(crossed), degrees, crossed)
        if not any(crossed):
            break
    _, degrees, crossed = best
    ax.set_rlabel_position(degrees)
    labels = ["" if out else t.percent(v) for v, out in zip(RINGS, crossed, strict=True)]
    ax.set_yticks(RINGS, labels)


def _align_spoke_labels(ax: Any, angles: list[float], rtl: bool) -> None:
    """Labels on the left of the circle end at it, those on the right start at it."""
    for label, angle in zip(ax.get_xticklabels(), angles, strict=True):
        side = math.sin(angle) * (1 if rtl else -1)  # < 0: right of centre
        label.set_horizontalalignment(
            "center" if abs(side) < 0.2 else "left" if side < 0 else "right"
        )


def _spoke_label(g: Line) -> str:
    """``G1`` over ``67%* · 4/6``: the Guideline, its readiness and its points."""
    figure = g.readiness + (palette.LOW_MARK if g.low else "")
    return f"{g.code}\n{figure} · {g.points}" if g.points else f"{g.code}\n{figure}"


def _legend_entries(r: LocalReport, t: Translator, previous: bool) -> list[Entry]:
    entries: list[Entry] = [("current", t._("Cycle %(cycle)s", cycle=r.page.cycle))]
    if previous and r.previous_cycle:
        entries.append(("previous", t._("Dashed: cycle %(cycle)s", cycle=r.previous_cycle)))
    entries.append(("note", t._("Each spoke: readiness, and points out of the maximum.")))
    if r.low_coverage:
        entries.append(("note", t._("%(mark)s Hollow point: under %(threshold)s of the items "
                                    "known; insufficient data", mark=palette.LOW_MARK,
                                    threshold=r.page.enough)))  # fmt: skip
    return entries
