"""The heatmap of several organisations (rows) by Guideline (columns), in pages for a phone.

Every cell shows its number (readiness in percent), coloured by band, hatched and starred when
it rests on low coverage; the last column is the change of overall readiness, in points, since
each organisation's previous cycle. At most ``ROWS_PER_PAGE`` organisations a page, so the text
stays readable on a phone and Telegram does not shrink a tall image: sixty make three pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.i18n import Translator
from bot.reports import palette
from bot.reports.charts.drawing import DPI, LOCK, TEXT_PT, WIDTH_PX, Fitter, new_figure, png
from bot.reports.charts.legend import (
    Entry,
    add_legend,
    band_entries,
    legend_height,
    title_block,
    title_height,
    wrapped,
)
from bot.reports.lines import Line
from bot.reports.localised import LocalComparison, OrgRow

if TYPE_CHECKING:
    from matplotlib.figure import Figure

ROWS_PER_PAGE = 20
ROW_IN, HEAD_IN, SIDE_IN = 0.19, 0.24, 0.12
TOP_IN = title_height(2)  # the title, then the checklist and the cycle
PAD_PX = 12  # room each side of a figure, and for the halo of a hatched one
MIN_NAME_PX = 190
CHANGE = "±"  # the heading of the change column, explained in the legend


def pages(organisations: int) -> list[range]:
    """The organisations (by index) on each page."""
    return [
        range(start, min(start + ROWS_PER_PAGE, organisations))
        for start in range(0, max(organisations, 1), ROWS_PER_PAGE)
    ]


def heatmap_size(rows: int, legend_lines: int) -> tuple[int, int]:
    """Width and height in pixels of a page with this many organisations."""
    height = TOP_IN + HEAD_IN + rows * ROW_IN + 0.1 + legend_height(legend_lines)
    return WIDTH_PX, round(height * DPI)


@dataclass(frozen=True)
class Column:
    """A column of the matrix: its heading, its width in pixels, and where it starts."""

    heading: str
    width: float
    left: float = 0.0


def heatmap_figures(c: LocalComparison, t: Translator) -> list[Figure]:
    """Each page as a matplotlib Figure (for tests to measure; ``heatmap`` draws them)."""
    found = pages(len(c.rows))
    return [_page(c, t, rows, n, len(found)) for n, rows in enumerate(found, 1)]


def heatmap(c: LocalComparison, t: Translator) -> list[bytes]:
    """The heatmap as PNG pages."""
    with LOCK:
        return [png(figure) for figure in heatmap_figures(c, t)]


def cell_text(t: Translator, cell: Line) -> str:
    """A cell's figure: readiness in whole percent (no sign: the legend says so), starred."""
    if cell.share is None:
        return "–"
    return t.number(round(cell.share * 100)) + (palette.LOW_MARK if cell.low else "")


def _columns(fit: Fitter, c: LocalComparison, t: Translator, rows: list[OrgRow]) -> list[Column]:
    """The name column, then overall, each Guideline and the change, fitted to the width."""
    # each column as wide as the widest figure the page shows (rarely "100*"): the names of
    # the organisations get the rest
    figures = {cell_text(t, cell) for row in rows for cell in (row.overall, *row.cells)}
    figure_px = max(fit.width(text, TEXT_PT) for text in figures | {"100"}) + PAD_PX
    # TRANSLATORS: heading of a narrow column of a chart: readiness over all Guidelines.
    # Keep it to 3 or 4 letters if you can; the legend explains it.
    headings = [t._("All"), *(g.code for g in c.guidelines)]
    widths = [figure_px] * len(headings)
    if c.has_changes:
        headings.append(CHANGE)
        widths.append(max(fit.width(row.change, TEXT_PT) for row in rows) + PAD_PX)
    cells = [
        Column(h, max(fit.width(h, TEXT_PT) + PAD_PX, w))
        for h, w in zip(headings, widths, strict=True)
    ]
    total = WIDTH_PX - 2 * SIDE_IN * DPI
    name = max(total - sum(col.width for col in cells), MIN_NAME_PX)
    squeeze = (total - name) / sum(col.width for col in cells)  # only when names need room
    columns, left = [Column(t._("Organisation"), name)], name
    for col in cells:
        width = col.width * min(squeeze, 1.0)
        columns.append(Column(fit.fit(col.heading, TEXT_PT, width - 4), width, left))
        left += width
    return columns


def _page(c: LocalComparison, t: Translator, rows: range, number: int, count: int) -> Figure:
    figure = new_figure(100)  # sized below, once the legend is wrapped
    fit = Fitter(figure)
    entries = wrapped(fit, _legend_entries(c, t))
    lines = sum(len(text) for _, text in entries)
    width, height = heatmap_size(len(rows), lines)
    figure.set_size_inches(width / DPI, height / DPI)
    title = t._("Readiness per organisation and Guideline")
    cycle = t._("Cycle %(cycle)s · %(date)s · page %(page)s of %(pages)s", cycle=c.page.cycle,
                date=c.page.generated, page=number, pages=count)  # fmt: skip
    title_block(figure, fit, title, [c.page.checklist, cycle], c.page.rtl)
    columns = _columns(fit, c, t, [c.rows[index] for index in rows])
    width_in, height_in = figure.get_size_inches()
    plot_in = HEAD_IN + len(rows) * ROW_IN
    bottom = height_in - TOP_IN - plot_in
    ax = figure.add_axes((SIDE_IN / width_in, bottom / height_in,
                          1 - 2 * SIDE_IN / width_in, plot_in / height_in))  # fmt: skip
    total = WIDTH_PX - 2 * SIDE_IN * DPI
    ax.set_xlim(total, 0) if c.page.rtl else ax.set_xlim(0, total)
    ax.set_ylim(plot_in, 0)
    ax.set_axis_off()
    _heading(ax, columns, c.page.rtl)
    cells = Cells()
    for y, index in enumerate(rows):
        _row(ax, fit, t, c.rows[index], columns, HEAD_IN + y * ROW_IN, c.page.rtl, cells)
    cells.draw(ax)
    add_legend(figure, entries, c.page.rtl)
    return figure


class Cells:
    """The cells of a page, drawn as two collections (fills, then hatches): one artist each,
    where a patch per cell would cost a millisecond apiece."""

    def __init__(self) -> None:
        self.fills: list[Any] = []
        self.colours: list[str] = []
        self.hatched: list[Any] = []

    def add(self, col: Column, top: float, cell: Line) -> None:
        """A cell's coloured rectangle, and its hatching when it rests on low coverage."""
        from matplotlib.patches import Rectangle

        self.fills.append(Rectangle((col.left, top), col.width, ROW_IN))
        self.colours.append(palette.FILL[cell.level])
        if cell.low:
            self.hatched.append(Rectangle((col.left + 1, top + 0.01), col.width - 2, ROW_IN - 0.02))

    def draw(self, ax: Any) -> None:
        """Add both collections under the numbers."""
        from matplotlib.collections import PatchCollection

        fills = PatchCollection(self.fills, facecolors=self.colours, edgecolors="white",
                                linewidths=1.2, zorder=1)  # fmt: skip
        ax.add_collection(fills, autolim=False)
        hatches = PatchCollection(self.hatched, facecolors="none", edgecolors=palette.HATCH_INK,
                                  linewidths=0, hatch="///", zorder=1.5)  # fmt: skip
        ax.add_collection(hatches, autolim=False)


def _heading(ax: Any, columns: list[Column], rtl: bool) -> None:
    name, *cells = columns
    ax.text(name.left + 4, HEAD_IN / 2, name.heading, va="center", ha="right" if rtl else "left",
            fontsize=TEXT_PT)  # fmt: skip
    for col in cells:
        ax.text(col.left + col.width / 2, HEAD_IN / 2, col.heading, va="center", ha="center",
                fontsize=TEXT_PT)  # fmt: skip


def _row(
    ax: Any,
    fit: Fitter,
    t: Translator,
    row: OrgRow,
    columns: list[Column],
    top: float,
    rtl: bool,
    cells_drawn: Cells,
) -> None:
    name, *cells = columns
    shown = fit.fit(row.name, TEXT_PT, name.width - 10)
    ax.text(name.left + 4, top + ROW_IN / 2, shown, va="center", ha="right" if rtl else "left",
            fontsize=TEXT_PT)  # fmt: skip
    lines = [row.overall, *row.cells]
    for col, cell in zip(cells, lines, strict=False):
        cells_drawn.add(col, top, cell)
        _number(ax, col, top, cell, cell_text(t, cell))
    if len(cells) > len(lines):  # the change column
        col, change = cells[-1], row.change
        ax.text(col.left + col.width / 2, top + ROW_IN / 2, change, va="center", ha="center",
                fontsize=TEXT_PT)  # fmt: skip


def _number(ax: Any, col: Column, top: float, cell: Line, text: str) -> None:
    ax.text(col.left + col.width / 2, top + ROW_IN / 2, text, va="center", ha="center",
            fontsize=TEXT_PT, color=palette.INK[cell.level], zorder=3,
            bbox=_halo(cell) if cell.low else None)  # fmt: skip


def _halo(cell: Line) -> dict[str, Any]:
    """A patch of the cell's colour behind a hatched cell's number, so the number stays clear."""
    return {"boxstyle": "square,pad=0.1", "facecolor": palette.FILL[cell.level], "lw": 0}


def _legend_entries(c: LocalComparison, t: Translator) -> list[Entry]:
    bands = {cell.level for row in c.rows for cell in (row.overall, *row.cells)}
    entries = band_entries(t, bands)
    if c.low_coverage:
        entries.append(("hatch", t._("%(mark)s Hatched: under %(threshold)s of the items known; "
                                     "insufficient data", mark=palette.LOW_MARK,
                                     threshold=c.page.enough)))  # fmt: skip
    if "none" in bands:
        entries.append(("none", t._("–: nothing scored yet")))
    entries.append(("note", t._("Figures: readiness in percent; %(all)s: all Guidelines.",
                                all=t._("All"))))  # fmt: skip
    if c.has_changes:
        change = t._("%(sign)s: change of overall readiness since the organisation's previous "
                     "cycle, in points.", sign=CHANGE)  # fmt: skip
        entries.append(("note", change))
    return entries
