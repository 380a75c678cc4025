"""Working time in an organisation's time zone: names, days, hours, opening moments across
daylight saving changes and weekends, and how late a moment is in working time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.model import BadWorkingTime, OrganisationSettings, UnknownTimeZone
from bot.working_time import (
    WorkingTime,
    check_stall_days,
    days_text,
    hours_text,
    parse_days,
    parse_hours,
    zone,
    zone_name,
)

ROME = WorkingTime.of(OrganisationSettings(timezone="Europe/Rome"), "UTC")
BOGOTA = WorkingTime.of(OrganisationSettings(), "America/Bogota")


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Europe/Rome", "Europe/Rome"),
        ("europe/rome", "Europe/Rome"),
        ("Rome", "Europe/Rome"),
        ("buenos aires", "America/Argentina/Buenos_Aires"),
        ("  utc ", "UTC"),
        ("Asia/Beirut", "Asia/Beirut"),
    ],
)
def test_a_time_zone_is_found_by_its_name_or_its_city(typed: str, name: str) -> None:
    assert zone_name(typed) == name


@pytest.mark.parametrize("typed", ["Mars/Olympus", "", "Rome/Europe", "../etc/passwd", "GMT+25"])
def test_a_time_zone_that_does_not_exist_is_refused(typed: str) -> None:
    with pytest.raises(UnknownTimeZone):
        zone_name(typed)


def test_a_stored_name_must_be_a_known_zone() -> None:
    assert zone("Asia/Shanghai").key == "Asia/Shanghai"
    with pytest.raises(UnknownTimeZone):
        zone("Mars/Olympus")


@pytest.mark.parametrize(
    ("typed", "days", "written"),
    [
        ("mon-fri", {0, 1, 2, 3, 4}, "mon-fri"),
        ("sun-thu", {6, 0, 1, 2, 3}, "sun-thu"),
        ("Mon, Wed, Fri", {0, 2, 4}, "mon,wed,fri"),
        ("monday-tuesday,sat", {0, 1, 5}, "mon,tue,sat"),
        ("mon-sun", set(range(7)), "mon-sun"),
        ("fri-mon", {4, 5, 6, 0}, "fri-mon"),
        ("sat", {5}, "sat"),
    ],
)
def test_working_days_are_read_and_written_back(typed: str, days: set[int], written: str) -> None:
    assert parse_days(typed) == days
    assert days_text(parse_days(typed)) == written


@pytest.mark.parametrize("typed", ["", "weekdays", "mon-xyz", ","])
def test_days_that_are_no_days_are_refused(typed: str) -> None:
    with pytest.raises(BadWorkingTime):
        parse_days(typed)


@pytest.mark.parametrize(
    ("typed", "opens", "closes", "written"),
    [
        ("08:30-17:00", time(8, 30), time(17), "08:30-17:00"),
        ("9-17", time(9), time(17), "09:00-17:00"),
        ("7:45 – 16:15", time(7, 45), time(16, 15), "07:45-16:15"),
        ("00:00-24:00", time(0), time.max, "00:00-24:00"),
    ],
)
def test_hours_are_read_and_written_back(
    typed: str, opens: time, closes: time, written: str
) -> None:
    assert parse_hours(typed) == (opens, closes)
    assert hours_text(opens, closes) == written


@pytest.mark.parametrize("typed", ["17:00-08:30", "9", "25:00-26:00", "09:60-10:00", "nine-five"])
def test_hours_that_cannot_be_are_refused(typed: str) -> None:
    with pytest.raises(BadWorkingTime):
        parse_hours(typed)


def test_stall_days_run_from_one_to_thirty() -> None:
    assert check_stall_days(1) == 1
    assert check_stall_days(30) == 30
    for wrong in (0, 31, -7):
        with pytest.raises(BadWorkingTime):
            check_stall_days(wrong)


def test_nine_stays_nine_local_across_the_change_to_summer_time() -> None:
    # Italy moves its clocks forward on Sunday 28 March 2027
    assert ROME.opening(date(2027, 3, 26)) == utc(2027, 3, 26, 8)  # Friday, CET (+1)
    assert ROME.opening(date(2027, 3, 29)) == utc(2027, 3, 29, 7)  # Monday, CEST (+2)


def test_nine_stays_nine_local_across_the_change_back_to_winter_time() -> None:
    # Italy moves its clocks back on Sunday 31 October 2027
    assert ROME.opening(date(2027, 10, 29)) == utc(2027, 10, 29, 7)
    assert ROME.opening(date(2027, 11, 1)) == utc(2027, 11, 1, 8)


def test_open_only_in_working_hours_on_working_days() -> None:
    assert ROME.is_open(utc(2027, 3, 29, 7))  # Monday 09:00 in Rome
    assert not ROME.is_open(utc(2027, 3, 29, 6, 59))
    assert not ROME.is_open(utc(2027, 3, 29, 16))  # 18:00: closed
    assert not ROME.is_open(utc(2027, 3, 27, 10))  # Saturday
    assert BOGOTA.is_open(utc(2027, 3, 29, 14))  # 09:00 in Bogotá (UTC-5)
    assert not BOGOTA.is_open(utc(2027, 3, 29, 13, 59))


def test_the_next_opening_skips_the_night_and_the_weekend() -> None:
    friday_evening = utc(2027, 3, 26, 18)  # 19:00 in Rome
    assert ROME.next_open(friday_evening) == utc(2027, 3, 29, 7)  # Monday 09:00 CEST
    early = utc(2027, 3, 30, 5)  # Tuesday 07:00 in Rome
    assert ROME.next_open(early) == utc(2027, 3, 30, 7)
    during = utc(2027, 3, 30, 10)
    assert ROME.next_open(during) == during


def test_working_days_from_and_until() -> None:
    saturday = date(2027, 3, 27)
    assert ROME.working_day_from(saturday) == date(2027, 3, 29)
    assert ROME.working_day_until(saturday) == date(2027, 3, 26)
    assert ROME.working_day_from(date(2027, 3, 30)) == date(2027, 3, 30)


def test_a_sunday_to_thursday_week() -> None:
    beirut = WorkingTime.of(
        OrganisationSettings(timezone="Asia/Beirut", work_days=parse_days("sun-thu")), "UTC"
    )
    assert beirut.is_open(utc(2027, 3, 28, 8))  # Sunday 10:00 (EEST, +3)
    assert not beirut.is_open(utc(2027, 3, 26, 8))  # Friday


def test_working_time_between_two_moments_leaves_out_nights_and_weekends() -> None:
    friday_17 = utc(2027, 3, 26, 16)  # 17:00 CET
    monday_10 = utc(2027, 3, 29, 8)  # 10:00 CEST
    cap = timedelta(days=10)
    assert ROME.working_between(friday_17, monday_10, cap) == timedelta(hours=2)
    assert ROME.working_between(friday_17, friday_17, cap) == timedelta()
    assert ROME.working_between(friday_17, monday_10, timedelta(minutes=30)) == timedelta(
        minutes=30
    )


def test_late_means_more_than_a_working_day_of_working_time() -> None:
    friday_17 = utc(2027, 3, 26, 16)
    assert not ROME.late_by_over_a_day(friday_17, utc(2027, 3, 29, 8))  # 2 h of work since
    assert not ROME.late_by_over_a_day(friday_17, utc(2027, 3, 29, 15))  # 8 h
    assert ROME.late_by_over_a_day(friday_17, utc(2027, 3, 29, 16, 30))  # 9 h 30 min
    assert ROME.late_by_over_a_day(friday_17, utc(2028, 3, 26, 16))  # a year on, quickly


def test_the_deployment_zone_is_the_default() -> None:
    assert BOGOTA.zone.key == "America/Bogota"
    assert ROME.zone.key == "Europe/Rome"
    with pytest.raises(UnknownTimeZone):
        WorkingTime.of(OrganisationSettings(), "Mars/Olympus")
