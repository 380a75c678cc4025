"""Personal data: spotting it in notes, and each user's right to see and delete theirs.

Answers describe institutions and stay with the organisation's assessment; what is personal is
the user's account (name, language, memberships) and their name on answers, which ``forget``
detaches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.i18n import N_
from bot.store import Store

PHONE = N_("a phone number")
PATTERNS = {
    N_("an e-mail address"): re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    # digits with one separator between them, or a bracket with a space: +1 (555) 123-4567
    PHONE: re.compile(r"(?<![\w])\+?\d(?:(?:[\s.-]|\s?[()]\s?)?\d){7,14}(?![\w])"),
    N_("a document number"): re.compile(
        r"\b(?=[A-Z0-9]{6,12}\b)(?=[A-Z0-9]*\d)[A-Z]{1,3}\d{5,10}\b"
    ),
}
# Digits a plan is full of that are not phone numbers: a range of years (2019-2023, 2019 2023)
# and a date (2023-05-12, 12.05.2023, 12-05-2023). A "number" that is one of these is not
# flagged; one with more digits around it still is.
_YEAR = r"(?:19|20)\d\d"
_NOT_PHONE = re.compile(
    rf"{_YEAR}\s?[-.\s]\s?{_YEAR}"
    rf"|{_YEAR}[-.](?:0?[1-9]|1[0-2])[-.](?:0?[1-9]|[12]\d|3[01])"
    rf"|(?:0?[1-9]|[12]\d|3[01])[-.](?:0?[1-9]|1[0-2])[-.]{_YEAR}"
)


def _found(kind: str, pattern: re.Pattern[str], text: str) -> bool:
    if kind != PHONE:
        return pattern.search(text) is not None
    return any(not _NOT_PHONE.fullmatch(m.group()) for m in pattern.finditer(text))


def personal_data_kinds(text: str) -> list[str]:
    """What in a text looks like personal data (English labels, translate when shown)."""
    return [kind for kind, pattern in PATTERNS.items() if _found(kind, pattern, text)]


@dataclass(frozen=True)
class Retention:
    """How long the personal data of inactive users is kept."""

    days: int

    def cutoff(self, now: datetime) -> datetime:
        """Users last seen before this moment are forgotten."""
        return now - timedelta(days=self.days)


async def forget_inactive(store: Store, retention: Retention, now: datetime) -> int:
    """Forget every user inactive for longer than the retention period; return how many."""
    forgotten = 0
    for user_id in await store.inactive_users(retention.cutoff(now)):
        await store.forget_user(user_id)
        forgotten += 1
    return forgotten
