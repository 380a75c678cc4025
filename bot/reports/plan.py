"""The action plan in the reader's language, for every format: each action as text ready to
show, the action of each gap, and the counts of the chat summary's plan line.

User text (action texts, owners, support needed) is kept raw here; each format escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.action_labels import PRIORITY_LABELS, STATUS_LABELS, owner_text
from bot.i18n import Translator
from bot.model import Action, ActionStatus, Checklist, Priority
from bot.reporting import ReportModel


@dataclass(frozen=True)
class ActionLine:
    """One action in the reader's language."""

    number: int
    code: str  # the Guideline of its item, ``G3``, or empty for a stand-alone action
    question: str  # its item's question, or empty
    text: str
    owner: str
    due: str
    due_date: date | None
    priority: str
    high: bool
    status: str
    status_key: str  # the status's word in the data: ``not_started``, ``finished``...
    open: bool
    overdue: bool
    support: str
    evidence: int
    changed: str
    changed_at: datetime


def action_line(t: Translator, checklist: Checklist, action: Action, today: date) -> ActionLine:
    """An action of a report on ``checklist``."""
    item = checklist.item(action.item_id or "") if action.checklist_id == checklist.id else None
    return ActionLine(
        number=action.id,
        code=t._("G%(number)s", number=item.guideline) if item else "",
        question=t.item(checklist, item, "question") if item else "",
        text=action.text,
        owner=owner_text(t, action.owner),
        due=t.date_text(action.due) if action.due else "",
        due_date=action.due,
        priority=t._(PRIORITY_LABELS[action.priority]),
        high=action.priority is Priority.HIGH,
        status=t._(STATUS_LABELS[action.status]),
        status_key=action.status.value,
        open=action.status.is_open,
        overdue=action.overdue(today),
        support=action.support or "",
        evidence=action.evidence,
        changed=t.date_text(action.updated_at.date()),
        changed_at=action.updated_at,
    )


@dataclass(frozen=True)
class LocalPlan:
    """A report's action plan: every action, and each gap's action by item id."""

    actions: list[ActionLine] = field(default_factory=list)
    by_item: dict[str, ActionLine] = field(default_factory=dict)

    @property
    def planned(self) -> int:
        """Actions planned and not cancelled."""
        return sum(1 for a in self.actions if a.status_key != ActionStatus.CANCELLED.value)

    @property
    def overdue(self) -> int:
        """Open actions past their due date."""
        return sum(1 for a in self.actions if a.overdue)

    @property
    def finished(self) -> int:
        """Actions finished."""
        return sum(1 for a in self.actions if a.status_key == ActionStatus.FINISHED.value)


def localise_plan(model: ReportModel, t: Translator) -> LocalPlan:
    """The report's plan in the reader's language."""
    today = model.today
    lines = [action_line(t, model.checklist, a, today) for a in model.actions]
    by_id = {line.number: line for line in lines}
    by_item = {}
    for gap in model.gaps:
        action = model.action_for(gap.item.id)
        if action is not None:
            by_item[gap.item.id] = by_id[action.id]
    return LocalPlan(lines, by_item)
