"""Every text of the reports on its background meets WCAG AA (4.5:1 for normal text): the ink
of each band of the colour scale on its fill, and the colours of the HTML document's styles."""

from __future__ import annotations

import re

import pytest

from bot.reports import html, palette
from bot.reports.localised import localise
from tests.support.big_reports import one
from tests.support.project import CATALOGS

AA = 4.5


def luminance(colour: str) -> float:
    """The relative luminance of a #RRGGBB colour (WCAG 2)."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(ink: str, fill: str) -> float:
    """The contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted((luminance(ink), luminance(fill)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("band", sorted(palette.FILL))
def test_every_band_s_ink_reads_on_its_fill(band: str) -> None:
    ratio = contrast(palette.INK[band], palette.FILL[band])
    assert ratio >= AA, f"{band}: {palette.INK[band]} on {palette.FILL[band]} is {ratio:.2f}:1"


def _document() -> str:
    t = CATALOGS.translator("en")
    return html.report_document(localise(one(), t), t)


def test_the_document_s_colours_read_on_the_backgrounds_they_are_used_on() -> None:
    css = _document().split("<style>")[1].split("</style>")[0]
    var = dict(re.findall(r"--([a-z-]+):\s*(#[0-9A-Fa-f]{6})", css))
    backgrounds = ["#FFFFFF", *re.findall(r"background:\s*(#[0-9A-Fa-f]{6})", css)]
    inks = [
        var["ink"],
        var["muted"],
        var["accent"],
        *re.findall(r"color:\s*(#[0-9A-Fa-f]{6})", css),
    ]
    for ink in inks:
        for background in backgrounds:
            ratio = contrast(ink, background)
            assert ratio >= AA, f"{ink} on {background} is {ratio:.2f}:1"


def test_a_label_on_a_coloured_figure_takes_the_band_s_ink_not_the_muted_grey() -> None:
    document = _document()
    assert re.search(r'class="figure band-\w+', document), "the overall figure is coloured"
    css = document.split("<style>")[1].split("</style>")[0]
    rule = re.search(r"\.figure\[class\*=\"band-\"\] \.label\s*\{([^}]*)\}", css)
    assert rule and "color: inherit" in rule.group(1)
