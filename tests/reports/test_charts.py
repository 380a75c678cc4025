"""The charts as a person sees them on a phone: every script drawn, text large enough, nothing
cut or covered, low coverage marked, one colour scale, big comparisons in pages."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from bot import reports
from bot.handlers.report_delivery import chart_caption
from bot.reports import charts, palette
from bot.reports.charts.drawing import MIN_PHONE_TEXT_PX, phone_px
from bot.reports.localised import localise, localise_comparison
from tests.support.big_reports import NAMES, many, one
from tests.support.project import CATALOGS

LONG_NAME = "Communauté urbaine de " + "Saint-Étienne-du-Rouvray " * 6 + "(bassin de vie)"


def drawn(figure: Figure) -> tuple[Any, list[Text]]:
    """The figure laid out as it is saved, and every visible text in it."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # type: ignore[no-untyped-call]
    texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return canvas.get_renderer(), texts  # type: ignore[no-untyped-call]


def all_figures(lang: str, name: str = NAMES[0]) -> list[Figure]:
    t = CATALOGS.translator(lang)
    r = localise(one(name=name), t)
    c = localise_comparison(many(12), t)
    return [charts.bar_figure(r, t), charts.radar_figure(r, t), *charts.heatmap_figures(c, t)]


@pytest.mark.parametrize("lang", ["zh_Hans", "ar", "ru", "fr"])
def test_charts_draw_every_script_without_a_missing_glyph(lang: str) -> None:
    # pytest turns matplotlib's "Glyph ... missing from font(s)" warning into an error; the
    # comparison names organisations in Latin with accents, Chinese, Arabic, Cyrillic, Greek
    for figure in all_figures(lang, name=" · ".join(NAMES[2:6])):
        drawn(figure)


def test_a_character_no_shipped_font_has_is_a_box_not_a_failure() -> None:
    t = CATALOGS.translator("zh_Hans")
    with pytest.warns(UserWarning, match="missing from font"):
        png = charts.bar_chart(localise(one(name="𠀀𠀁村"), t), t)  # Extension B
    assert png.startswith(b"\x89PNG")


@pytest.mark.parametrize("lang", ["en", "ar", "zh_Hans"])
def test_chart_text_is_at_least_11_pixels_on_a_phone(lang: str) -> None:
    for figure in all_figures(lang):
        width = round(figure.get_figwidth() * figure.dpi)
        _, texts = drawn(figure)
        for text in texts:
            size = phone_px(float(text.get_fontsize()), width)
            assert size >= MIN_PHONE_TEXT_PX, f"{text.get_text()!r}: {size:.1f} px on a phone"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_long_names_are_shortened_never_cut_at_the_edge(lang: str) -> None:
    for figure in all_figures(lang, LONG_NAME):
        renderer, texts = drawn(figure)
        width, height = figure.bbox.width, figure.bbox.height
        for text in texts:
            box = text.get_window_extent(renderer)
            inside = box.x0 >= -1 and box.x1 <= width + 1 and box.y0 >= -1 and box.y1 <= height + 1
            assert inside, f"{text.get_text()!r} is cut at the edge: {box}"
    title = charts.bar_figure(
        localise(one(name=LONG_NAME), CATALOGS.translator("en")), CATALOGS.translator("en")
    ).texts[0]
    assert title.get_text().endswith("…") and title.get_text().startswith("Readiness per Guideline")


def _bars(figure: Figure) -> list[Rectangle]:
    return [p for ax in figure.axes for p in ax.patches if isinstance(p, Rectangle)]


def test_the_legend_never_covers_a_bar_nor_a_label() -> None:
    t = CATALOGS.translator("en")
    figure = charts.bar_figure(localise(one(known=0.4), t), t)
    renderer, texts = drawn(figure)
    legend = [text for text in figure.texts[2:]]  # after the title and the subtitle
    assert legend, "the chart has a legend"
    plot = [bar.get_window_extent(renderer) for bar in _bars(figure)]
    plot += [text.get_window_extent(renderer) for text in texts if text not in figure.texts]
    for entry in legend:
        box = entry.get_window_extent(renderer)
        assert not any(box.overlaps(other) for other in plot), entry.get_text()


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_previous_cycle_is_visible_and_leaves_the_label_readable() -> None:
    assert contrast(palette.PREVIOUS, "#FFFFFF") >= 4.5
    t = CATALOGS.translator("en")
    figure = charts.bar_figure(localise(one(), t), t)
    renderer, texts = drawn(figure)
    dashed = [bar for bar in _bars(figure) if bar.get_linestyle() not in ("-", "solid")]
    assert len(dashed) == 8, "a dashed bar for the previous cycle of each Guideline"
    labels = [text for text in texts if re.match(r"^(\d+%|2025: )", text.get_text())]
    boxes = [label.get_window_extent(renderer) for label in labels]
    for n, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[n + 1 :]), labels[n].get_text()
        assert not any(box.overlaps(bar.get_window_extent(renderer)) for bar in _bars(figure))


def test_low_coverage_is_hatched_starred_and_explained_in_each_chart_and_caption() -> None:
    t = CATALOGS.translator("en")
    r = localise(one(known=0.5), t)
    low = [g for g in r.guidelines if g.low]
    assert low, "the model has Guidelines resting on low coverage"
    figure = charts.bar_figure(r, t)
    _, texts = drawn(figure)
    assert len([bar for bar in _bars(figure) if bar.get_hatch()]) == len(low)
    assert sum(1 for text in texts if "%*" in text.get_text()) == len(low)
    assert any("Hatched: under 60% of the items known" in text.get_text() for text in texts)
    c = localise_comparison(many(60), t)
    cells = [cell for row in c.rows for cell in (row.overall, *row.cells) if cell.low]
    pages = charts.heatmap_figures(c, t)
    hatched = sum(
        len(coll.get_paths()) for page in pages for ax in page.axes for coll in ax.collections
        if coll.get_hatch()
    )  # fmt: skip
    assert hatched == len(cells)
    bundle = reports.Bundle([], b"", b"", [b"png"], "stem", low_coverage=True)
    assert "Hatched figures rest on under 60% of the items known" in chart_caption(t, bundle, 1)


def test_a_big_comparison_is_split_into_pages_that_keep_every_number() -> None:
    t = CATALOGS.translator("en")
    c = localise_comparison(many(60), t)
    pages = charts.heatmap_figures(c, t)
    assert len(pages) == 3
    cells = 0
    for page in pages:
        assert page.get_figheight() * page.dpi <= 1280, "Telegram would shrink a taller photo"
        _, texts = drawn(page)
        cells += sum(1 for text in texts if re.fullmatch(r"\d+\*?|–", text.get_text()))
    columns = 1 + len(c.guidelines)  # overall and each Guideline
    assert cells >= 60 * columns


def test_one_colour_scale_means_the_same_in_the_heatmap_and_the_document() -> None:
    assert _luminance(palette.FILL["high"]) < _luminance(palette.FILL["mid"])
    assert _luminance(palette.FILL["mid"]) < _luminance(palette.FILL["low"])
    t = CATALOGS.translator("en")
    model = many(12)
    c = localise_comparison(model, t)
    from matplotlib.colors import to_rgb

    colours = {
        to_rgb(colour)
        for page in charts.heatmap_figures(c, t)
        for ax in page.axes
        for coll in ax.collections
        if not coll.get_hatch()
        for colour in np.asarray(coll.get_facecolor())
    }
    assert colours and colours <= {to_rgb(colour) for colour in palette.FILL.values()}
    (html,) = reports.render(model, t, "html")
    for band, colour in palette.FILL.items():
        assert f"--{band}: {colour};" in html.decode()


def test_the_radar_draws_the_previous_cycle_beside_the_current_with_points() -> None:
    t = CATALOGS.translator("en")
    r = localise(one(), t)
    figure = charts.radar_figure(r, t)
    _, texts = drawn(figure)
    (ax,) = [ax for ax in figure.axes if ax.name == "polar"]
    lines = [line for line in ax.get_lines() if np.size(line.get_xdata()) == 9]  # closed
    assert len(lines) == 2, "the current cycle and the previous one"
    spokes = [text.get_text() for text in texts if text.get_text().startswith("G")]
    assert any(re.search(r"\d+%\*? · \d+/\d+", label) for label in spokes)
    assert any("Dashed: cycle 2025" in text.get_text() for text in texts)


def test_too_few_guidelines_for_a_radar_draw_the_bars() -> None:
    t = CATALOGS.translator("en")
    model = one("recovery")
    assert not charts.radar_possible(localise(model, t))
    (radar,) = reports.render(model, t, "png", "radar")
    (bars,) = reports.render(model, t, "png", "bars")
    assert radar == bars


@pytest.mark.parametrize("known", [0.9, 0.7, 0.5, 1.0])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_line_of_the_radar_crosses_a_tick_label(lang: str, known: float) -> None:
    t = CATALOGS.translator(lang)
    figure = charts.radar_figure(localise(one(known=known), t), t)
    renderer, _ = drawn(figure)
    (ax,) = [ax for ax in figure.axes if ax.name == "polar"]
    lines = [line for line in ax.get_lines() if np.size(line.get_xdata()) > 2]
    assert lines, "the current cycle's polygon, and the previous one's"
    shown = [label for label in ax.get_yticklabels() if label.get_text()]
    assert len(shown) >= 2, "enough of the scale is labelled to read it"
    for label in shown:
        box = label.get_window_extent(renderer)
        for line in lines:
            path = line.get_transform().transform_path(line.get_path())
            crossed = path.intersects_bbox(box, filled=False)
            assert not crossed, f"the line of the radar crosses {label.get_text()!r}"


@pytest.mark.parametrize("lang", ["en", "fr", "ar", "zh_Hans"])
def test_the_comparison_names_its_checklist_in_full(lang: str) -> None:
    t = CATALOGS.translator(lang)
    c = localise_comparison(many(12), t)
    (page, *_) = charts.heatmap_figures(c, t)
    _, texts = drawn(page)
    assert any(c.page.checklist in text.get_text() for text in texts), "named in full"
    bundle = reports.bundle(many(3), t)
    assert c.page.checklist in chart_caption(t, bundle, 1)


def test_long_organisation_names_are_shortened_at_the_end() -> None:
    t = CATALOGS.translator("en")
    c = localise_comparison(many(12), t)
    _, texts = drawn(charts.heatmap_figures(c, t)[0])
    shown = {text.get_text() for text in texts}
    numbered = [name for name in shown if name.startswith("Munici")]
    assert numbered and all(name in {"Municipality 010", "Municipality 011"} or
                            name.endswith("…") for name in numbered), numbered  # fmt: skip
    long = next(name for name in shown if name.startswith("Municipalité d"))
    assert long.endswith("…") and "bassin" not in long, "its beginning, not its end"
