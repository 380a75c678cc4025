"""A view too long for one message is split, buttons last; one that fits is sent as it is,
however much HTML it carries (Telegram counts the text it shows, not the tags)."""

from __future__ import annotations

from bot.display import MESSAGE_LIMIT
from bot.handlers.layout import Button, View
from bot.handlers.replies import fitting
from bot.reports.telegram import measure

BUTTONS = ((Button("Next", "n:1"),),)


def test_a_short_view_is_one_message() -> None:
    view = View("<b>Guideline 1</b>\nDo early warnings reach migrants?", BUTTONS)
    assert fitting(view) == [view]


def test_a_view_whose_html_is_long_but_whose_text_fits_is_one_message() -> None:
    text = "<b>é</b> &amp; " * 900  # 13,500 characters of HTML, 2,700 shown
    assert len(text) > MESSAGE_LIMIT and measure(text).units < MESSAGE_LIMIT
    view = View(text, BUTTONS)
    assert fitting(view) == [view]


def test_a_view_too_long_to_show_is_split_with_its_buttons_last() -> None:
    line = "Ответ записан: 😀 " * 20  # 17 characters but 18 UTF-16 units each time
    view = View("\n".join([line] * 12), BUTTONS)  # 4,091 characters, 4,331 units shown
    assert len(view.text) < MESSAGE_LIMIT < measure(view.text).units

    parts = fitting(view)

    assert len(parts) == 2 and [p.buttons for p in parts] == [(), BUTTONS]
    assert all(measure(p.text).units <= MESSAGE_LIMIT for p in parts)
    assert "".join(p.text for p in parts).replace("\n", "") == view.text.replace("\n", "")
