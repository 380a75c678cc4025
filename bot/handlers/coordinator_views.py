"""Pure presentation for coordinators: choosing a report, invite codes, members.

Like every view (see ``layout``): Telegram HTML with every value escaped, every fixed text
translated, and buttons encoded by the codec. The reports themselves are rendered by
``bot.reports``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape

from bot.display import isolate, shorten
from bot.handlers.codec import (
    Members,
    Payload,
    Promote,
    Remove,
    RemoveConfirmed,
    Renew,
    Report,
    ReportCycleDetail,
    ReportDetail,
    ReportOrg,
    ResendCycleFile,
    ResendFile,
    encode,
)
from bot.handlers.layout import Button, View, button_rows, join_lines, shown
from bot.i18n import Translator
from bot.model import Checklist, Member, Organisation, Role

ALL = 0  # the organisation id that stands for "all the organisations I coordinate"
PICKER_LIMIT = 24  # organisations offered as buttons; more are narrowed down by name
NAME_CHARS = 32
GUIDELINES_PER_ROW = 4


def _short(name: str) -> str:
    """A name for a button label: shortened, and isolated from the label's own words."""
    return isolate(shorten(name, NAME_CHARS)[0])


def refusal_view(t: Translator) -> View:
    """For someone who coordinates no organisation."""
    return View(
        join_lines(
            t,
            t._("Only coordinators can do this."),
            t._("Ask your administrator for a coordinator invite code, then send /join CODE."),
        )
    )


def no_match_view(t: Translator, query: str) -> View:
    """No coordinated organisation has a name containing the query."""
    return View(
        join_lines(t, t._("None of your organisations is called “%(name)s”.", name=shown(query)))
    )


def org_picker_view(
    t: Translator,
    orgs: Sequence[Organisation],
    choose: Callable[[int], Payload],
    prompt: str,
    command: str,
    *,
    everyone: bool,
) -> View:
    """Choose one organisation (or, with ``everyone``, all of them at once)."""
    shown = orgs[:PICKER_LIMIT]
    lines = [prompt]
    if len(orgs) > len(shown):
        hint = t._(
            "Showing %(shown)s of %(total)s. Send %(command)s NAME to narrow down by name.",
            shown=len(shown),
            total=len(orgs),
            command=command,
        )
        lines += ["", hint]
    rows = [[Button(_short(org.name), encode(choose(org.id)))] for org in shown]
    if everyone:
        label = t._("🗂 All my organisations (%(n)s)", n=len(orgs))
        rows.append([Button(label, encode(ReportOrg(ALL)))])
    return View(join_lines(t, *lines), button_rows(t, rows))


def report_checklists_view(
    t: Translator, org_id: int, org_label: str, checklists: Sequence[Checklist]
) -> View:
    """Choose the checklist to report on."""
    text = join_lines(
        t,
        t._("📊 Report on <b>%(org)s</b>", org=shown(org_label)),
        t._("Choose a checklist:"),
    )
    rows = [[Button(t.title(c), encode(Report(org_id, c.id)))] for c in checklists]
    return View(text, button_rows(t, rows))


def all_label(t: Translator, count: int) -> str:
    """How "all my organisations" is named in a heading."""
    return t.n_("%(n)s organisation", "%(n)s organisations", count)


def preparing_view(t: Translator, org_label: str, checklist: Checklist) -> View:
    """Shown while the report is rendered."""
    return View(
        join_lines(
            t,
            t._(
                "⏳ Preparing the report on <b>%(org)s</b> · %(checklist)s…",
                org=shown(org_label),
                checklist=escape(t.title(checklist)),
            ),
        )
    )


def report_sent_view(t: Translator, org_label: str, checklist: Checklist) -> View:
    """What the pressed message says once the report is sent below it."""
    return View(
        join_lines(
            t,
            t._(
                "📊 Report on <b>%(org)s</b> · %(checklist)s: see below.",
                org=shown(org_label),
                checklist=escape(t.title(checklist)),
            ),
        )
    )


def guideline_buttons(
    t: Translator,
    org_id: int,
    checklist: Checklist,
    figures: Sequence[tuple[int, str]],
    cycle_id: int | None = None,
) -> tuple[tuple[Button, ...], ...]:
    """One button per Guideline, ``G3 · 40%`` (``40%*`` on low coverage, as in the summary),
    opening its detail: of the newest cycle, or of the cycle ``cycle_id`` names."""

    def detail(g: int) -> str:
        if cycle_id is None:
            return encode(ReportDetail(org_id, checklist.id, g))
        return encode(ReportCycleDetail(org_id, checklist.id, cycle_id, g))

    buttons = [
        Button(
            t._("%(code)s · %(percent)s", code=t._("G%(number)s", number=g), percent=figure),
            detail(g),
        )
        for g, figure in figures
    ]
    step = GUIDELINES_PER_ROW
    return button_rows(t, [buttons[i : i + step] for i in range(0, len(buttons), step)])


def summary_views(texts: Sequence[str], buttons: tuple[tuple[Button, ...], ...]) -> list[View]:
    """The summary messages, with the Guideline buttons under the last one."""
    views = [View(text) for text in texts]
    if views:
        views[-1] = View(views[-1].text, buttons)
    return views


def unsent_view(
    t: Translator,
    org_id: int,
    checklist_id: str,
    names: Mapping[str, str],
    *,
    failed: Sequence[str],
    unsure: Sequence[str],
    cycle_id: int | None = None,
) -> View:
    """Which files of a report did not arrive (or may not have), with a button to resend each
    (of the newest cycle's report, or of the cycle ``cycle_id`` names).

    A file whose sending timed out is not sent again unasked: it may be on its way, and a
    duplicate report costs the reader more than a tap on "send again".
    """
    code = {kind: "<code>" + escape(name) + "</code>" for kind, name in names.items()}
    lines = [t._("⚠️ %(file)s could not be sent.", file=code[kind]) for kind in failed]
    lines += [
        t._("⚠️ %(file)s may not have arrived: Telegram did not confirm it.", file=code[kind])
        for kind in unsure
    ]
    lines.append(t._("Press a button below to send it again."))

    def again(kind: str) -> str:
        if cycle_id is None:
            return encode(ResendFile(org_id, checklist_id, kind))
        return encode(ResendCycleFile(org_id, checklist_id, cycle_id, kind))

    rows = [
        [Button(t._("🔁 Send %(file)s again", file=names[kind]), again(kind))]
        for kind in [*failed, *unsure]
    ]
    return View(join_lines(t, *lines), button_rows(t, rows))


def invite_view(t: Translator, org: Organisation, bot_username: str, *, renewed: bool) -> View:
    """The two invite codes of an organisation, their deep links, and buttons to renew them."""
    lines = [
        t._("🔑 Invite codes of <b>%(org)s</b>", org=shown(org.name)),
        "",
        t._("Responders join with: <code>%(code)s</code>", code=org.responder_code),
        f"https://t.me/{bot_username}?start={org.responder_code}",
        "",
        t._("Coordinators join with: <code>%(code)s</code>", code=org.coordinator_code),
        f"https://t.me/{bot_username}?start={org.coordinator_code}",
        "",
        t._("Share the coordinator code only with people who should see the reports."),
    ]
    if renewed:
        lines += ["", t._("✅ New code made. The old code and its link no longer work.")]
    rows = [
        [Button(t._("🔄 New responder code"), encode(Renew(org.id, Role.RESPONDER)))],
        [Button(t._("🔄 New coordinator code"), encode(Renew(org.id, Role.COORDINATOR)))],
        [Button(t._("👥 Members"), encode(Members(org.id)))],
    ]
    return View(join_lines(t, *lines), button_rows(t, rows))


def _role(t: Translator, role: Role) -> str:
    return t._("coordinator") if role is Role.COORDINATOR else t._("responder")


def members_view(
    t: Translator,
    org: Organisation,
    members: Sequence[Member],
    viewer_id: int,
    *,
    is_admin: bool,
    notice: str = "",
) -> View:
    """The members of an organisation with their roles; buttons to remove (and promote)."""
    lines = [t._("👥 Members of <b>%(org)s</b>", org=shown(org.name)), ""]
    if not members:
        lines.append(t._("Nobody has joined yet. /invite shows the invite codes."))
    rows: list[list[Button]] = []
    for n, member in enumerate(members, 1):
        name = member.first_name or t._("a former member")
        lines.append(f"{n}. {shown(name)} · {_role(t, member.role)}")
        if member.user_id == viewer_id:
            continue
        row = [
            Button(t._("❌ %(name)s", name=_short(name)), encode(Remove(org.id, member.user_id)))
        ]
        if is_admin and member.role is Role.RESPONDER:
            label = t._("⬆️ Make %(name)s coordinator", name=_short(name))
            row.append(Button(label, encode(Promote(org.id, member.user_id))))
        rows.append(row)
    if notice:
        lines += ["", notice]
    return View(join_lines(t, *lines), button_rows(t, rows))


def remove_confirm_view(t: Translator, org: Organisation, member: Member) -> View:
    """Ask before removing a member."""
    name = member.first_name or t._("a former member")
    text = join_lines(
        t,
        t._(
            "Remove <b>%(name)s</b> from <b>%(org)s</b>?",
            name=shown(name),
            org=shown(org.name),
        ),
        t._("Their answers stay with the organisation. They can join again only with a code."),
    )
    rows = [
        [
            Button(t._("Yes, remove"), encode(RemoveConfirmed(org.id, member.user_id))),
            Button(t._("No, keep"), encode(Members(org.id))),
        ]
    ]
    return View(text, button_rows(t, rows))


def removed_notice(t: Translator, member: Member) -> str:
    """Said under the member list after a removal."""
    name = member.first_name or t._("a former member")
    return t._("✅ %(name)s was removed.", name=shown(name))


def promoted_notice(t: Translator, member: Member) -> str:
    """Said under the member list after making someone a coordinator."""
    name = member.first_name or t._("a former member")
    return t._("✅ %(name)s is now a coordinator.", name=shown(name))
