"""The field kinds of this bot's buttons: ids, and the fixed words that stand for a choice.

A word, once released, never changes: buttons already in users' chats must keep decoding.
"""

from __future__ import annotations

import re

from bot.checklists import CHECKLIST_ID, ITEM_ID
from bot.handlers.codec.wire import Choice, Number, Pattern
from bot.model import ActionStatus, Context, PendingKind, Priority, ReminderKind, Role, Score
from bot.working_time import DAY_NAMES
from bot.zones import ZONE_CODES

_LANGUAGE = re.compile(r"[a-z]{2,3}(?:_[A-Za-z0-9]{2,8}){0,2}")  # en, pt_BR, zh_Hans

NUMBER = Number()
GUIDELINE = Number(largest=99)  # a Guideline's number (there are 15): short, beside two ids
CHECKLIST = Pattern(CHECKLIST_ID)
ITEM = Pattern(ITEM_ID)
LANGUAGE = Pattern(_LANGUAGE)
SCORE = Choice({score.value: score for score in Score})
# The answer a view showed when it was made: a score, or "-" for none yet.
SEEN: Choice[Score | None] = Choice(
    {"-": None, **{score.value: score for score in Score}}, kind=Score | None
)
SHOW = Choice({"1": True, "0": False})
MODE = Choice({"a": False, "c": True})  # answering, or changing from the review
ROLE = Choice({"r": Role.RESPONDER, "c": Role.COORDINATOR})
# Only the exact "yes" deletes: any other answer to /forget, garbled or forged, means no.
CONFIRM = Choice({"yes": True, "no": False}, otherwise=False)
SAVE = Choice({"save": True, "drop": False})
DEPTH = Choice({"q": True, "f": False})  # the quick check, or the full checklist
KIND = Choice({"d": Context.DESTINATION, "t": Context.TRANSIT, "o": Context.ORIGIN})
ON = Choice({"on": True, "off": False})
FILE = Choice({kind: kind for kind in ("html", "xlsx", "png")})  # a report's files
PRIORITY = Choice({"h": Priority.HIGH, "m": Priority.MEDIUM, "l": Priority.LOW})
STATUS = Choice(
    {
        "ns": ActionStatus.NOT_STARTED,
        "og": ActionStatus.ONGOING,
        "dl": ActionStatus.DELAYED,
        "sb": ActionStatus.STANDBY,
        "fi": ActionStatus.FINISHED,
        "ca": ActionStatus.CANCELLED,
    }
)
MENU = Choice({"o": "owner", "d": "due", "p": "priority", "s": "status"})
REMINDER = Choice(
    {
        "st": ReminderKind.STALLED,
        "ds": ReminderKind.DUE_SOON,
        "od": ReminderKind.OVERDUE,
        "dg": ReminderKind.DIGEST,
    }
)
SETTING = Choice({"z": "zone", "d": "days", "h": "hours", "s": "stall"})
ZONE = Choice(ZONE_CODES)  # a likely time zone (its IANA name), written as its code in bot.zones
DAY = Choice({name: number for number, name in enumerate(DAY_NAMES)})
HOURS = Pattern(re.compile(r"[0-2][0-9][0-5][0-9]-[0-2][0-9][0-5][0-9]"))  # 0830-1700
TYPED = Choice({"z": PendingKind.TIMEZONE, "h": PendingKind.WORK_HOURS})
ASK = Choice(
    {
        "t": PendingKind.ACTION_TEXT,
        "d": PendingKind.ACTION_DUE,
        "x": PendingKind.ACTION_PARTNER,
        "n": PendingKind.ACTION_SUPPORT,
        "e": PendingKind.ACTION_EVIDENCE,
        "f": PendingKind.ACTION_FINISH,
    }
)
