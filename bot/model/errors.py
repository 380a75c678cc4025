"""The domain's refusals: each type tells the adapter what to say; the message is for logs."""

from __future__ import annotations

from bot.model.actions import Action
from bot.model.assessments import Answer, Cycle
from bot.model.organisations import Organisation


class DomainError(Exception):
    """A request the domain refuses; the message is for logs, the type for the user."""


class AccessDenied(DomainError):
    """The user may not do this."""


class NotFound(DomainError):
    """The thing asked for does not exist."""


class InvalidInvite(DomainError):
    """No organisation has this invite code."""


class AssessmentClosed(DomainError):
    """The assessment belongs to an earlier cycle and takes no more answers."""


class NoKindOfPlace(DomainError):
    """An organisation must be at least one kind of place: destination, transit or origin."""


class UnknownTimeZone(DomainError):
    """A time zone name that the time zone database does not know."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown time zone {name!r}")
        self.name = name


class BadWorkingTime(DomainError):
    """Working days or hours that cannot be: no day at all, or a day that closes before it
    opens, or days before a stalled-checklist reminder out of range."""


class TooManyAttempts(DomainError):
    """Too many wrong invite codes in a short time."""

    def __init__(self, minutes: int) -> None:
        super().__init__(f"too many attempts; wait {minutes} min")
        self.minutes = minutes


class NoLongerMember(AccessDenied):
    """The user was a member of the organisation and has been removed from it."""

    def __init__(self, org: Organisation) -> None:
        super().__init__(f"user was removed from organisation {org.id}")
        self.org = org


class NoteTooLong(DomainError):
    """A note longer than the limit: refused whole, never cut."""

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"note of {length} characters; limit {limit}")
        self.length = length
        self.limit = limit


class NameRefused(DomainError):
    """An organisation name that cannot be used: empty, too long, taken or a look-alike."""

    def __init__(
        self, reason: str, *, existing: str | None = None, length: int = 0, limit: int = 0
    ) -> None:
        details = {
            "empty": "it is empty",
            "too_long": f"it has {length} characters; the limit is {limit}",
            "taken": f"{existing!r} exists",
            "confusable": f"it looks the same as {existing!r}",
        }
        super().__init__(f"organisation name refused: {details.get(reason, reason)}")
        self.reason = reason  # "empty", "too_long", "taken" or "confusable"
        self.existing = existing
        self.length = length
        self.limit = limit


class StaleAnswer(DomainError):
    """A button pressed on an old view of an item whose answer has changed since.

    Raised for an answer button under a question when the item has a different answer now, and
    for a change button of the review when the answer is no longer the one the view showed.
    """

    def __init__(self, item_id: str, current: Answer) -> None:
        super().__init__(f"item {item_id} answered since the view was made")
        self.item_id = item_id
        self.current = current


class StaleAction(DomainError):
    """A change to an action made from a view that is out of date: someone changed it since."""

    def __init__(self, current: Action) -> None:
        super().__init__(f"action {current.id} is at version {current.version}")
        self.current = current


class PastDueDate(DomainError):
    """A due date that has already passed."""


class NotAMember(DomainError):
    """The chosen owner is not (or no longer) a member of the organisation."""


class StaleCycle(DomainError):
    """A new cycle asked for from a view that is out of date: another one was opened since."""

    def __init__(self, current: Cycle) -> None:
        super().__init__(f"organisation {current.org_id} is in cycle {current.label!r} now")
        self.current = current


class CycleLabelTaken(DomainError):
    """The organisation already has a cycle with this name."""


class TextTooLong(DomainError):
    """A text over its limit: refused whole, never cut, so the writer can shorten it."""

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"{length} characters; the limit is {limit}")
        self.length = length
        self.limit = limit
