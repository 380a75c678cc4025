"""Where a user starts: the welcome, the language menu, the confirmation of joining, the menu
of checklists and /help.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.handlers import codec
from bot.handlers.codec import encode
from bot.handlers.layout import Button, View, button_rows, join_lines, shown
from bot.i18n import Translator
from bot.model import Checklist, Organisation, Role
from bot.service import Standing


def welcome_view(t: Translator, first_name: str, languages: Mapping[str, str]) -> View:
    """What /start says to someone who has not joined an organisation yet."""
    text = join_lines(
        t,
        t._("👋 Hello, %(name)s!", name=shown(first_name)),
        "",
        t._(
            "I help municipalities make sure migrants are included in emergency preparedness, "
            "response and recovery, following the Guidelines to Protect Migrants in Countries "
            "Experiencing Conflict or Natural Disaster, by the Migrants in Countries in Crisis "
            "(MICIC) Initiative."
        ),
        t._("Choose your language, then send the invite code of your municipality: /join CODE"),
    )
    return View(text, language_buttons(t, languages))


def language_buttons(t: Translator, languages: Mapping[str, str]) -> tuple[tuple[Button, ...], ...]:
    """One button per language the bot has, three to a row."""
    buttons = [Button(name, encode(codec.SetLanguage(code))) for code, name in languages.items()]
    return button_rows(t, [buttons[i : i + 3] for i in range(0, len(buttons), 3)])


def language_view(t: Translator, languages: Mapping[str, str]) -> View:
    """The language menu (/language)."""
    return View(join_lines(t, t._("Choose your language:")), language_buttons(t, languages))


def joined_view(t: Translator, org: Organisation, role: Role) -> str:
    """The confirmation after joining an organisation."""
    if role is Role.COORDINATOR:
        return t._("✅ You are now a coordinator of %(org)s.", org=shown(org.name))
    return t._("✅ You are now a responder for %(org)s.", org=shown(org.name))


def menu_view(
    t: Translator,
    org: Organisation,
    checklists: Sequence[Checklist],
    standings: Mapping[str, Standing],
) -> View:
    """The checklists, with how far the organisation has got in each; one not begun this
    cycle can be begun as a quick check."""
    lines = [f"<b>{shown(org.name)}</b>", t._("Choose a checklist to start or continue:")]
    rows: list[list[Button]] = []
    for checklist in checklists:
        standing = standings.get(checklist.id)
        rows.append(
            [
                Button(
                    _menu_label(t, checklist, standing), encode(codec.StartChecklist(checklist.id))
                )
            ]
        )
        if standing is None:
            label = t._("⚡ Quick check: %(title)s", title=t.title(checklist))
            rows.append([Button(label, encode(codec.ChooseDepth(checklist.id, quick=True)))])
    if any(c.id not in standings for c in checklists):
        lines += [
            "",
            t._(
                "⚡ A quick check asks only the minimum-tier items, what every municipality "
                "should have in place. It can be continued into the full checklist later: no "
                "answer is lost."
            ),
        ]
    return View(join_lines(t, *lines), button_rows(t, rows))


def _menu_label(t: Translator, checklist: Checklist, standing: Standing | None) -> str:
    percent = t.ltr(t.percent(standing.percent / 100 if standing else 0))
    if standing and standing.quick:
        return t._(
            "%(title)s · quick check · %(percent)s", title=t.title(checklist), percent=percent
        )
    return t._("%(title)s · %(percent)s", title=t.title(checklist), percent=percent)


def help_view(t: Translator, is_admin: bool, is_coordinator: bool) -> View:
    """What the user can do."""
    lines = [
        t._("<b>What I can do</b>"),
        t._("/start: start, or choose a checklist"),
        t._("/join CODE: join your municipality with its invite code"),
        t._("/continue: back to the first unanswered question"),
        t._("/review: look over and change the answers so far"),
        t._("/cancel: leave a note without saving"),
        t._("/language: change the language"),
        t._("/mydata: everything I hold about you, as a file"),
        t._("/forget: delete your personal data"),
        t._("/help: this list"),
    ]
    lines += [
        t._("/actions: the actions you own, and the action plan"),
        t._("/reminders: switch each kind of reminder off and on"),
    ]
    if is_coordinator or is_admin:
        lines += [
            t._("/report: readiness reports of the organisations you coordinate"),
            t._("/cycle: assessment cycles; start the next one"),
            t._("/invite: invite codes and links, and new ones"),
            t._("/members: who has joined; remove someone"),
            t._("/settings: the kind of place, and the working time reminders keep to"),
        ]
    if is_admin:
        lines.append(t._("/neworg NAME: create an organisation (administrators)"))
    return View(join_lines(t, *lines))
