"""Reports as standalone HTML documents: printable, offline, right to left when the reader is.

The chart is embedded as a ``data:`` URI, the CSS is inline, and every value is autoescaped.
"""

from __future__ import annotations

import re
from base64 import b64encode

from markupsafe import Markup

from bot.i18n import Translator
from bot.reports import palette
from bot.reports.localised import LocalComparison, LocalReport
from bot.reports.templates import render

_PAGE, _PAGES = "\ue000", "\ue001"  # private-use characters stand for the counters


def _data(png: bytes | None) -> str:
    return b64encode(png).decode("ascii") if png else ""


def report_document(
    r: LocalReport, t: Translator, bars: bytes | None = None, radar: bytes | None = None
) -> str:
    """One organisation's full report, with its bar and radar charts when given."""
    return render(
        "report.html.j2", t, r=r, p=r.page, bars=_data(bars), radar=_data(radar), **_shared(t)
    )


def comparison_document(c: LocalComparison, t: Translator, pages: list[bytes] | None = None) -> str:
    """Several organisations side by side, with the heatmap's pages when given."""
    images = [_data(page) for page in pages or []]
    return render("comparison.html.j2", t, c=c, p=c.page, pages=images, **_shared(t))


def _shared(t: Translator) -> dict[str, object]:
    """What every document's template uses: colours, bands, the low-coverage mark, the footer."""
    return {
        "fill": palette.FILL,
        "ink": palette.INK,
        "bands": palette.band_labels(t),
        "mark": palette.LOW_MARK,
        "page_numbers": page_numbers(t),
    }


def page_numbers(t: Translator) -> Markup:
    """The CSS ``content`` of the printed page numbers: ``"Page " counter(page) ...``.

    The translation is cut at its placeholders; each piece of text becomes a CSS string with
    every character but letters, digits and spaces escaped, so no translation can end the
    style sheet.
    """
    text = t._("Page %(page)s of %(pages)s", page=_PAGE, pages=_PAGES)
    counters = {_PAGE: "counter(page)", _PAGES: "counter(pages)"}
    tokens = [
        counters.get(part) or _css_string(part)
        for part in re.split(f"([{_PAGE}{_PAGES}])", text)
        if part
    ]
    return Markup(" ".join(tokens))


def _css_string(text: str) -> str:
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'
