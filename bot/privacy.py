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

PATTERNS = {
    N_("an e-mail address"): re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    N_("a phone number"): re.compile(r"(?<![\w])\+?\d(?:[\s().-]?\d){7,14}(?![\w])"),
    N_("a document number"): re.compile(
        r"\b(?=[A-Z0-9]{6,12}\b)(?=[A-Z0-9]*\d)[A-Z]{1,3}\d{5,10}\b"
    ),
}


def personal_data_kinds(text: str) -> list[str]:
    """What in a text looks like personal data (English labels, translate when shown)."""
    return [kind for kind, pattern in PATTERNS.items() if pattern.search(text)]


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
