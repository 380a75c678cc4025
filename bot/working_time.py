"""An organisation's working time in its own time zone: when its day opens, whether it is open
now, and how much working time lies between two moments. Pure.

Local wall times are turned into moments through the time zone database on the day they fall
on, so a change to or from daylight saving time shifts nothing: 09:00 stays 09:00 local.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.model import BadWorkingTime, OrganisationSettings, UnknownTimeZone

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # as Python numbers weekdays
STALL_DAYS = range(1, 31)  # days before a stalled-checklist reminder: 1 to 30
END_OF_DAY = time.max  # "24:00": open until midnight
_HOURS = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*[-–]\s*(\d{1,2})(?::(\d{2}))?")


@functools.cache
def _known_zones() -> dict[str, str]:
    """Every zone the time zone database knows, by its name folded to lower case."""
    names = zoneinfo.available_timezones() | {"UTC"}
    return {name.casefold(): name for name in names}


def zone_name(text: str) -> str:
    """The IANA name a person meant: ``europe/rome`` or ``Rome`` is ``Europe/Rome``, ``buenos
    aires`` is ``America/Argentina/Buenos_Aires``; UnknownTimeZone if none, or several, match.

    A city named in several regions is ambiguous; named twice in one region, it has an old
    alias (``America/Buenos_Aires``), and the longer, current name is the one meant.
    """
    wanted = "_".join(text.split()).casefold()
    known = _known_zones()
    if wanted in known:
        return known[wanted]
    cities = [name for key, name in known.items() if key.rsplit("/", 1)[-1] == wanted]
    regions = {name.split("/", 1)[0] for name in cities}
    if cities and len(regions) == 1 and "/" not in wanted:
        return max(cities, key=len)
    raise UnknownTimeZone(text.strip())


def zone(name: str) -> zoneinfo.ZoneInfo:
    """The time zone of an IANA name as stored; UnknownTimeZone if it is not one."""
    if name.casefold() not in _known_zones():
        raise UnknownTimeZone(name)
    return zoneinfo.ZoneInfo(_known_zones()[name.casefold()])


def parse_days(text: str) -> frozenset[int]:
    """Working days from ``mon-fri``, ``sun-thu`` or ``mon,wed,fri``; BadWorkingTime else."""
    days: set[int] = set()
    for part in text.replace(" ", "").lower().split(","):
        first, _, last = part.partition("-")
        try:
            start = DAY_NAMES.index(first[:3])
            end = DAY_NAMES.index(last[:3]) if last else start
        except ValueError:
            raise BadWorkingTime(f"{part!r} is not a day: use mon, tue ... sun") from None
        days.update((start + n) % 7 for n in range((end - start) % 7 + 1))
    if not days:
        raise BadWorkingTime("name at least one working day")
    return frozenset(days)


def day_runs(days: Iterable[int]) -> list[tuple[int, int]]:
    """Working days as runs of consecutive days, each from its first to its last, a week
    read from Monday but a run allowed round the weekend: ``sun-thu`` is one run."""
    chosen = set(days)
    if len(chosen) == 7:
        return [(0, 6)]
    runs = []
    for start in range(7):
        if start in chosen and (start - 1) % 7 not in chosen:
            end = start
            while (end + 1) % 7 in chosen:
                end = (end + 1) % 7
            runs.append((start, end))
    return runs


def days_text(days: Iterable[int]) -> str:
    """Working days as written: ``mon-fri``, ``sun-thu``, ``mon,wed,fri``; every day
    ``mon-sun``."""
    parts = []
    for start, end in day_runs(days):
        length = (end - start) % 7 + 1
        if length >= 3:
            parts.append(f"{DAY_NAMES[start]}-{DAY_NAMES[end]}")
        else:
            parts += [DAY_NAMES[(start + n) % 7] for n in range(length)]
    return ",".join(parts)


def parse_hours(text: str) -> tuple[time, time]:
    """Opening and closing time from ``08:30-17:00`` (``9-17`` too; ``24:00`` is midnight)."""
    found = _HOURS.fullmatch(text.strip())
    if found is None:
        raise BadWorkingTime(f"{text!r} is not working hours: write them as 08:30-17:00")
    try:
        opens = time(int(found[1]), int(found[2] or 0))
        closing = (int(found[3]), int(found[4] or 0))
        closes = END_OF_DAY if closing == (24, 0) else time(*closing)
    except ValueError:
        raise BadWorkingTime(f"{text!r} is not a time of day") from None
    if closes <= opens:
        raise BadWorkingTime(f"{text!r}: the day must close after it opens")
    return opens, closes


def clock_text(moment: time) -> str:
    """A time of day as settings write it: ``08:30``; midnight at the end of a day ``24:00``."""
    return "24:00" if moment == END_OF_DAY else moment.strftime("%H:%M")


def hours_text(opens: time, closes: time) -> str:
    """Working hours as written: ``09:00-18:00``."""
    return f"{clock_text(opens)}-{clock_text(closes)}"


def check_stall_days(days: int) -> int:
    """Days before a stalled-checklist reminder, if allowed (1 to 30); BadWorkingTime else."""
    if days not in STALL_DAYS:
        raise BadWorkingTime(f"{days} days: choose 1 to 30")
    return days


@dataclass(frozen=True)
class WorkingTime:
    """When an organisation works: days and hours, local to its time zone."""

    zone: zoneinfo.ZoneInfo
    days: frozenset[int]
    opens: time
    closes: time

    @classmethod
    def of(cls, settings: OrganisationSettings, default_zone: str) -> WorkingTime:
        """The working time an organisation set (its time zone, else the deployment's)."""
        return cls(
            zone(settings.timezone or default_zone),
            settings.work_days,
            settings.opens,
            settings.closes,
        )

    def local(self, moment: datetime) -> datetime:
        """The moment on the organisation's clocks."""
        return moment.astimezone(self.zone)

    def today(self, moment: datetime) -> date:
        """The organisation's date at that moment."""
        return self.local(moment).date()

    def at(self, day: date, clock: time) -> datetime:
        """The moment (UTC) at which the organisation's clocks show ``clock`` on ``day``."""
        return datetime.combine(day, clock, tzinfo=self.zone).astimezone(UTC)

    def days_after(self, moment: datetime, days: int) -> datetime:
        """The same local time of day, ``days`` calendar days later (whatever the clocks did)."""
        local = self.local(moment)
        return self.at(local.date() + timedelta(days=days), local.time())

    def is_working_day(self, day: date) -> bool:
        """Whether the organisation works on that date."""
        return day.weekday() in self.days

    def opening(self, day: date) -> datetime:
        """When the working day opens (UTC)."""
        return self.at(day, self.opens)

    def closing(self, day: date) -> datetime:
        """When the working day closes (UTC)."""
        return self.at(day, self.closes)

    def is_open(self, moment: datetime) -> bool:
        """Whether the moment falls within working hours of a working day."""
        local = self.local(moment)
        return self.is_working_day(local.date()) and self.opens <= local.time() < self.closes

    def working_day_from(self, day: date) -> date:
        """The first working day on or after ``day``."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def working_day_until(self, day: date) -> date:
        """The last working day on or before ``day``."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def next_open(self, moment: datetime) -> datetime:
        """The moment itself when the organisation works then; else when it next opens."""
        if self.is_open(moment):
            return moment
        day = self.today(moment)
        if self.is_working_day(day) and moment < self.opening(day):
            return self.opening(day)
        return self.opening(self.working_day_from(day + timedelta(days=1)))

    @property
    def day_length(self) -> timedelta:
        """The length of a working day."""
        today = date(2001, 1, 1)  # any day: lengths are counted on the wall clock
        return datetime.combine(today, self.closes) - datetime.combine(today, self.opens)

    def working_between(self, since: datetime, until: datetime, cap: timedelta) -> timedelta:
        """Working time between two moments, counted up to ``cap`` (enough to compare)."""
        total = timedelta()
        day = self.today(since)
        while total < cap and self.opening(day) < until:
            if self.is_working_day(day):
                start = max(since, self.opening(day))
                end = min(until, self.closing(day))
                total += max(end - start, timedelta())
            day += timedelta(days=1)
        return min(total, cap)

    def late_by_over_a_day(self, due: datetime, now: datetime) -> bool:
        """Whether more than a working day of working time has passed since ``due``."""
        length = self.day_length
        return self.working_between(due, now, length + timedelta(seconds=1)) > length
