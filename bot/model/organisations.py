"""People and the organisations they answer for: users, organisations and their settings,
memberships and roles.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass
from datetime import time

from bot.model.content import DEFAULT_KINDS, Context


class Role(enum.StrEnum):
    """A member's role in an organisation."""

    RESPONDER = "responder"
    COORDINATOR = "coordinator"


@dataclass(frozen=True)
class User:
    """A person known to the bot: only what it needs."""

    id: int
    first_name: str
    language: str | None
    current_org_id: int | None = None
    current_assessment_id: int | None = None
    telegram_language: str | None = None  # what Telegram reports, to write to them unasked


def name_key(name: str) -> str:
    """A name as it is matched: Unicode case-folded, compatibility forms and spaces folded.

    ``KRAKÓW``, ``kraków`` and ``Kraków`` (with a combining accent) are the same name.
    """
    return unicodedata.normalize("NFKC", " ".join(name.split())).casefold()


@dataclass(frozen=True)
class Organisation:
    """A municipality (or another local body) whose readiness is assessed."""

    id: int
    name: str
    responder_code: str
    coordinator_code: str


MONDAY_TO_FRIDAY = frozenset(range(5))  # weekdays as Python numbers them: 0 is Monday


@dataclass(frozen=True)
class OrganisationSettings:
    """What coordinators set for their organisation (``/settings``, ``micic-bot org set``).

    The working time decides when reminders arrive: in ``timezone`` (an IANA name; None is the
    deployment's, ``MICIC_TIMEZONE``), on ``work_days`` between ``opens`` and ``closes``, local.
    """

    kinds: frozenset[Context] = DEFAULT_KINDS
    timezone: str | None = None
    work_days: frozenset[int] = MONDAY_TO_FRIDAY
    opens: time = time(9)
    closes: time = time(18)
    stall_days: int = 7  # days without an answer before a stalled checklist is reminded of


@dataclass(frozen=True)
class Member:
    """A user's membership of an organisation."""

    org_id: int
    user_id: int
    role: Role
    first_name: str = ""
