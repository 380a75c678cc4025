"""The compact callback-data codec: ``<action>:<field>:...``, ASCII and under 64 bytes.

Every button the bot sends is encoded here and every press decoded here; anything that does not
decode is treated as a stale or forged button.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

MAX_BYTES = 64
MAX_ID = 2**63 - 1  # SQLite's largest integer: a bigger "id" is forged
_FIELD = re.compile(r"^[A-Za-z0-9_-]{1,24}$")


class Action(enum.StrEnum):
    """What a button does; the value is the prefix in the callback data."""

    ANSWER = "a"  # assessment, item, score: answer under a question
    CHANGE = "c"  # assessment, item, score: change an answer from the review
    SKIP = "s"  # assessment, item
    NOTE = "n"  # assessment, item
    HELP = "h"  # assessment, item, "1" to show or "0" to hide, "a" or "c" for the mode
    EDIT = "e"  # assessment, item: open one item from the review
    REVIEW = "v"  # assessment, guideline: one page of the review
    CHECKLIST = "k"  # checklist id: start or continue it
    MENU = "m"  # nothing: the list of checklists
    LANGUAGE = "l"  # language code
    REPORT_ORG = "ro"  # organisation id (0: all the user coordinates): choose the checklist
    REPORT = "rp"  # organisation id (0: all), checklist id: send the report
    REPORT_DETAIL = "rg"  # organisation id (0: all), checklist id, guideline: one Guideline
    INVITE = "iv"  # organisation id: show its invite codes
    RENEW = "ir"  # organisation id, "r" or "c": renew the responders' or coordinators' code
    MEMBERS = "mb"  # organisation id: list its members
    REMOVE = "mr"  # organisation id, user id: ask to confirm removing a member
    REMOVE_CONFIRM = "mx"  # organisation id, user id: remove the member
    PROMOTE = "mp"  # organisation id, user id: make a member a coordinator (administrators)
    FORGET = "f"  # "yes" or "no": confirm /forget
    DRAFT = "d"  # "save" or "drop": a note that looks like personal data


ARITY = {
    Action.ANSWER: 3,
    Action.CHANGE: 3,
    Action.SKIP: 2,
    Action.NOTE: 2,
    Action.HELP: 4,
    Action.EDIT: 2,
    Action.REVIEW: 2,
    Action.CHECKLIST: 1,
    Action.MENU: 0,
    Action.LANGUAGE: 1,
    Action.FORGET: 1,
    Action.DRAFT: 1,
    Action.REPORT_ORG: 1,
    Action.REPORT: 2,
    Action.REPORT_DETAIL: 3,
    Action.INVITE: 1,
    Action.RENEW: 2,
    Action.MEMBERS: 1,
    Action.REMOVE: 2,
    Action.REMOVE_CONFIRM: 2,
    Action.PROMOTE: 2,
}
# Actions whose first field is not an assessment id.
WITHOUT_ASSESSMENT = {Action.CHECKLIST, Action.MENU, Action.LANGUAGE, Action.FORGET, Action.DRAFT}


@dataclass(frozen=True)
class Press:
    """A decoded button press."""

    action: Action
    fields: tuple[str, ...]

    @property
    def assessment_id(self) -> int:
        """The assessment id, for actions that carry one first."""
        return int(self.fields[0])


class BadCallback(ValueError):
    """Callback data that this bot did not make (or no longer understands)."""


def encode(action: Action, *fields: object) -> str:
    """Encode a button; ValueError if a field is unsafe or the whole is too long."""
    parts = [str(f) for f in fields]
    if len(parts) != ARITY[action] or not all(_FIELD.match(p) for p in parts):
        raise ValueError(f"bad fields for {action.name}: {parts}")
    data = ":".join([action.value, *parts])
    if len(data.encode("ascii")) > MAX_BYTES:
        raise ValueError(f"callback data too long: {data}")
    return data


def decode(data: str | None) -> Press:
    """Decode callback data made by ``encode``; BadCallback for anything else."""
    if not data or len(data.encode("utf-8", "replace")) > MAX_BYTES:
        raise BadCallback(data)
    prefix, *parts = data.split(":")
    try:
        action = Action(prefix)
    except ValueError:
        raise BadCallback(data) from None
    if len(parts) != ARITY[action] or not all(_FIELD.match(p) for p in parts):
        raise BadCallback(data)
    if action not in WITHOUT_ASSESSMENT and not (parts[0].isdigit() and int(parts[0]) <= MAX_ID):
        raise BadCallback(data)
    return Press(action, tuple(parts))
