"""The fonts the charts draw with: Noto fonts shipped in ``fonts/``, one per script.

matplotlib draws each character with the first family of ``FAMILIES`` that has it, so text
of any of the six UN languages, and names mixing scripts, draw on a machine with no font
installed. ``fonts/README.md`` says what each file covers and how it was made.
"""

from __future__ import annotations

import re
import threading
import warnings
from pathlib import Path

FOLDER = Path(__file__).with_name("fonts")
FILES = ("NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf", "NotoSansCJKsc-Regular.otf")
# Latin, Greek and Cyrillic first (their digits and punctuation suit every script), then
# Arabic, then Chinese; DejaVu Sans ships with matplotlib and covers some other scripts.
FAMILIES = ["Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", "DejaVu Sans"]
_done = threading.Event()
_lock = threading.Lock()


def use_shipped_fonts() -> None:
    """Register the shipped fonts with matplotlib and make them the default, once."""
    if _done.is_set():
        return
    with _lock:
        if _done.is_set():
            return
        import matplotlib
        from matplotlib import font_manager

        for name in FILES:
            font_manager.fontManager.addfont(str(FOLDER / name))
        matplotlib.rcParams["font.family"] = FAMILIES
        matplotlib.rcParams["axes.unicode_minus"] = True
        _done.set()


def missing_glyphs(text: str) -> str:
    """The characters of ``text`` a chart would draw as empty boxes: no shipped font has them."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from bot.reports.charts.drawing import LOCK

    use_shipped_fonts()
    with LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = Figure(figsize=(4, 1))
        figure.text(0.05, 0.5, text)
        FigureCanvasAgg(figure).draw()  # type: ignore[no-untyped-call]
    # matplotlib warns "Glyph 20013 (\N{CJK UNIFIED IDEOGRAPH-4E2D}) missing from font(s) ..."
    found = (re.match(r"Glyph (\d+) ", str(w.message)) for w in caught)
    return "".join(dict.fromkeys(chr(int(m[1])) for m in found if m))
