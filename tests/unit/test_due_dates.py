"""Due dates typed in chat: ISO everywhere, and each language's short date format."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.project import CATALOGS

DAY = date(2027, 3, 31)


@pytest.mark.parametrize(
    ("lang", "typed"),
    [
        ("en", "2027-03-31"),
        ("en", "2027-3-31"),
        ("en", "3/31/27"),
        ("en", "3/31/2027"),
        ("fr", "31/03/2027"),
        ("fr", "31/3/27"),
        ("es", "31/3/27"),
        ("ru", "31.03.2027"),
        ("zh_Hans", "2027/3/31"),
        ("ar", "31/3/2027"),
        ("ar", "٣١/٣/٢٠٢٧"),  # Arabic-Indic digits
        ("ar", "٢٠٢٧-٠٣-٣١"),
    ],
)
def test_a_date_is_read_in_iso_and_in_the_language_s_short_format(lang: str, typed: str) -> None:
    assert CATALOGS.translator(lang).parse_date(typed) == DAY


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru", "zh_Hans", "ar"])
def test_the_date_the_bot_shows_as_an_example_is_read_back(lang: str) -> None:
    t = CATALOGS.translator(lang)
    assert t.parse_date(t.date_text(DAY, "short")) == DAY


def test_the_order_of_day_and_month_follows_the_language() -> None:
    assert CATALOGS.translator("en").parse_date("4/5/27") == date(2027, 4, 5)
    assert CATALOGS.translator("fr").parse_date("4/5/27") == date(2027, 5, 4)


@pytest.mark.parametrize(
    "typed",
    ["tomorrow", "12", "31/02/2027", "2027-13-01", "next week 3/4/27", "1 2 3 4", "", "3/31"],
)
def test_what_is_not_a_date_is_not_read_as_one(typed: str) -> None:
    for lang in ("en", "fr", "ar"):
        assert CATALOGS.translator(lang).parse_date(typed) is None, (lang, typed)
