"""Charts as PNG bytes with matplotlib (Agg, Figure API): bars for one organisation, a heatmap
for several. matplotlib is imported lazily; call these from a worker thread, not the event loop.
"""

from __future__ import annotations

import re
import threading
import warnings
from io import BytesIO
from typing import TYPE_CHECKING, Any, Literal

from bot.i18n import Translator
from bot.reports.localised import Line, LocalComparison, LocalReport

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 100
WIDTH_INCHES = 8.0
LABEL_CHARS = 42
ANNOTATE_CELLS = 400  # write the value in each heatmap cell up to this many cells
NAMED_ROWS = 150  # name each heatmap row up to this many organisations
MISSING = "#d9d9d9"
BAR = "#0072B2"  # Okabe-Ito blue: readable for every kind of colour vision
PREVIOUS = "#D55E00"  # Okabe-Ito vermillion, visible on the blue bars
_LOCK = threading.Lock()  # matplotlib's global state (fonts, caches) is not thread-safe


def bar_chart_size(guidelines: int) -> tuple[int, int]:
    """Width and height in pixels of the bar chart for this many Guidelines."""
    return round(WIDTH_INCHES * DPI), round((1.4 + 0.45 * guidelines) * DPI)


def heatmap_size(organisations: int) -> tuple[int, int]:
    """Width and height in pixels of the heatmap for this many organisations."""
    height = min(max(3.0, 1.8 + 0.28 * organisations), 60.0)
    return round(WIDTH_INCHES * DPI), round(height * DPI)


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _figure(size: tuple[int, int], layout: Literal["constrained"] | None = "constrained") -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(size[0] / DPI, size[1] / DPI), dpi=DPI, layout=layout)


def _png(figure: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer = BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)  # type: ignore[no-untyped-call]
    return buffer.getvalue()


def _colormap() -> Any:
    from matplotlib import colormaps

    # cividis: perceptually uniform and readable with every kind of colour vision
    return colormaps["cividis"].with_extremes(bad=MISSING)


def _percent_axis(t: Translator, axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    axis.set_major_locator(MultipleLocator(0.25))
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: t.percent(value)))


def bar_chart(r: LocalReport, t: Translator) -> bytes:
    """Readiness per Guideline of one organisation, with the previous cycle when known."""
    with _LOCK:
        figure = _figure(bar_chart_size(len(r.guidelines)))
        _bars(figure, r, t)
        return _png(figure)


def _bars(figure: Figure, r: LocalReport, t: Translator) -> None:
    ax = figure.add_subplot()
    lines: list[Line] = list(reversed(r.guidelines))  # first Guideline on top
    shares = [line.share or 0.0 for line in lines]
    colours = [BAR if line.share is not None else MISSING for line in lines]
    ax.barh(range(len(lines)), shares, color=colours, edgecolor="#333333", linewidth=0.5)
    for y, line in enumerate(lines):
        ax.text(min(line.share or 0.0, 0.88) + 0.01, y, line.readiness, va="center", fontsize=9)
        if line.change_share is not None and line.share is not None:
            before = line.share - line.change_share
            ax.plot(
                [before],
                [y],
                marker="|",
                markersize=16,
                markeredgewidth=3,
                color=PREVIOUS,
                linestyle="",
            )
    ax.set_yticks(range(len(lines)), [_short(f"{line.code} {line.title}") for line in lines])
    ax.set_xlim(0, 1)
    _percent_axis(t, ax.xaxis)
    ax.set_xlabel(t._("Readiness"))
    ax.set_title(_short(t._("Readiness per Guideline: %(org)s", org=r.organisation), 80))
    if r.previous_cycle and any(line.change_share is not None for line in lines):
        ax.plot(
            [],
            [],
            marker="|",
            color=PREVIOUS,
            linestyle="",
            markersize=14,
            label=t._("Cycle %(cycle)s", cycle=r.previous_cycle),
        )
        ax.legend(loc="lower right", fontsize=8)
    if not r.has_answers:
        ax.text(
            0.5,
            0.5,
            t._("No answers yet"),
            transform=ax.transAxes,
            ha="center",
            fontsize=16,
            color="#555555",
        )


def heatmap(c: LocalComparison, t: Translator) -> bytes:
    """Readiness of several organisations (rows) per Guideline (columns)."""
    with _LOCK:
        figure = _figure(heatmap_size(len(c.rows)), layout=None)  # fixed: fast for many rows
        _heatmap(figure, c, t)
        return _png(figure)


def _heatmap(figure: Figure, c: LocalComparison, t: Translator) -> None:
    import numpy as np

    values = np.array(
        [
            [cell.share if cell.share is not None else np.nan for cell in row.cells]
            for row in c.rows
        ],
        dtype=float,
    ).reshape(len(c.rows), len(c.guidelines))
    ax, colourbar = _heatmap_axes(figure)
    image = ax.imshow(
        np.ma.masked_invalid(values),
        cmap=_colormap(),
        vmin=0,
        vmax=1,
        aspect="auto",
        interpolation="nearest",
    )
    ax.set_xticks(range(len(c.guidelines)), [g.code for g in c.guidelines])
    ax.xaxis.tick_top()
    if len(c.rows) <= NAMED_ROWS:
        ax.set_yticks(range(len(c.rows)), [_short(row.name, 30) for row in c.rows], fontsize=8)
    else:
        ax.set_yticks([])
    if values.size <= ANNOTATE_CELLS:
        _annotate(ax, c)
    bar = figure.colorbar(image, cax=colourbar)
    _percent_axis(t, bar.ax.yaxis)
    bar.set_label(t._("Readiness"))
    ax.set_title(
        _short(
            t._(
                "Readiness per organisation and Guideline: %(checklist)s",
                checklist=c.page.checklist,
            ),
            80,
        ),
        fontsize=11,
    )


def _heatmap_axes(figure: Figure) -> tuple[Any, Any]:
    """The matrix and colour-bar axes, placed in inches: names left, title and codes on top."""
    width, height = figure.get_size_inches()
    top, bottom, left, right = 0.9, 0.2, 2.2, 6.6
    plot_height = height - top - bottom
    ax = figure.add_axes(
        (left / width, bottom / height, (right - left) / width, plot_height / height)
    )
    bar_height = min(plot_height, 4.0)
    colourbar = figure.add_axes(
        (6.85 / width, (height - top - bar_height) / height, 0.2 / width, bar_height / height)
    )
    return ax, colourbar


def _annotate(ax: Any, c: LocalComparison) -> None:
    for y, row in enumerate(c.rows):
        for x, cell in enumerate(row.cells):
            dark = cell.share is not None and cell.share < 0.5
            ax.text(
                x,
                y,
                cell.readiness,
                ha="center",
                va="center",
                fontsize=7,
                color="white" if dark else "black",
            )


def missing_glyphs(text: str) -> str:
    """The characters of ``text`` that a chart would draw as empty boxes (no font has them)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with _LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = Figure(figsize=(4, 1))
        figure.text(0.05, 0.5, text)
        FigureCanvasAgg(figure).draw()  # type: ignore[no-untyped-call]
    # matplotlib warns "Glyph 20013 (\\N{CJK UNIFIED IDEOGRAPH-4E2D}) missing from font(s) ..."
    found = (re.match(r"Glyph (\d+) ", str(w.message)) for w in caught)
    return "".join(dict.fromkeys(chr(int(m[1])) for m in found if m))
