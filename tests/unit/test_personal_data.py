"""Spotting personal data in notes: true positives kept, years and dates not taken for phones."""

from __future__ import annotations

import pytest

from bot.privacy import personal_data_kinds

PHONE = "a phone number"

PHONES = [
    "Call Maria on +33 6 12 34 56 78",
    "06 12 34 56 78",
    "0612345678",
    "+1 (555) 123-4567",
    "555-123-4567",
    "Tel. 0033 (0)6 12 34 56 78",
    "020 7946 0958",
    "Plan 2019-2023, caretaker 0612345678",  # a year range beside a phone number
    "Reviewed 12.05.2023, ring 06.12.34.56.78",
]
NOT_PHONES = [
    "Plan updated 2019-2023",
    "Plan updated 2019 - 2023",
    "Plan updated 2019 2023",
    "Valid 1999-2000 only",
    "Reviewed 2023-05-12",
    "Reviewed 12.05.2023",
    "Reviewed 12-05-2023",
    "Plan 2019-2023 updated 2023.05.12",
    "Items 12. 13. 14. 15.",
    "Budget 1,000,000",
    "45 shelters",
]


@pytest.mark.parametrize("text", PHONES)
def test_phone_numbers_are_spotted(text: str) -> None:
    assert PHONE in personal_data_kinds(text)


@pytest.mark.parametrize("text", NOT_PHONES)
def test_year_ranges_and_dates_are_not_phone_numbers(text: str) -> None:
    assert PHONE not in personal_data_kinds(text)


def test_e_mail_addresses_and_document_numbers_are_spotted() -> None:
    assert personal_data_kinds("Write to shelter@lyon.example") == ["an e-mail address"]
    assert personal_data_kinds("Passport AB1234567 at the desk") == ["a document number"]
