"""What every chart shares: the figure sized for a phone, the fonts, the PNG, fitting text.

Charts are 800 pixels wide at 200 dpi (4 inches): Telegram shows them about 390 pixels wide on
a phone, where 8.5-point text is 11.5 pixels high. matplotlib is imported lazily and used
through its Figure API, behind one lock (its font caches are not thread-safe).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from io import BytesIO
from typing import TYPE_CHECKING, Any

from bot.i18n import Translator
from bot.reports.charts.fonts import use_shipped_fonts

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 200
WIDTH_PX = 800
PHONE_PX = 390  # how wide Telegram shows a photo on a phone
MIN_PHONE_TEXT_PX = 11
TEXT_PT = 8.5  # the smallest text: 11.5 px on a phone
BODY_PT = 9.0
TITLE_PT = 10.5
ELLIPSIS = "…"
LOCK = threading.Lock()


def phone_px(points: float, width_px: int = WIDTH_PX) -> float:
    """How many pixels high text of this size looks when the chart is shown 390 px wide."""
    return points * DPI / 72 * PHONE_PX / width_px


def new_figure(height_px: int, width_px: int = WIDTH_PX) -> Figure:
    """An empty figure of this size in pixels, drawing with the shipped fonts."""
    use_shipped_fonts()
    from matplotlib.figure import Figure

    return Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI)


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer = BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)  # type: ignore[no-untyped-call]
    return buffer.getvalue()


@lru_cache(maxsize=16384)
def text_width(text: str, points: float) -> float:
    """The width in pixels of a line of text at this size (cached: titles and names recur)."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    width, _, _ = _renderer(RendererAgg).get_text_width_height_descent(
        text, FontProperties(size=points), ismath=False
    )
    return float(width)


@lru_cache(maxsize=1)
def _renderer(kind: Any) -> Any:
    """One renderer to measure text with; its size does not matter."""
    return kind(10, 10, DPI)


class Fitter:
    """Shortens text to a width in pixels, with an ellipsis: never cut at the chart's edge."""

    def __init__(self, figure: Figure) -> None:
        use_shipped_fonts()

    def width(self, text: str, points: float) -> float:
        """The width in pixels of a line of text at this size."""
        return text_width(text, points)

    def fit(self, text: str, points: float, width_px: float) -> str:
        """The text, shortened at its end with an ellipsis to fit (a name cut in the middle
        reads as another name)."""
        if self.width(text, points) <= width_px:
            return text
        low, high = 0, len(text)
        while low < high:  # the longest shortening that fits
            mid = (low + high + 1) // 2
            if self.width(_shorten(text, mid), points) <= width_px:
                low = mid
            else:
                high = mid - 1
        return _shorten(text, low)


def _shorten(text: str, keep: int) -> str:
    return text[:keep].rstrip() + ELLIPSIS


def percent_ticks(t: Translator, axis: Any) -> None:
    """Ticks at 0, 25, 50, 75 and 100 percent, in the reader's locale."""
    from matplotlib.ticker import FixedLocator, FuncFormatter

    axis.set_major_locator(FixedLocator([0, 0.25, 0.5, 0.75, 1.0]))
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: t.percent(value)))
