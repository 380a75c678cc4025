"""The button codec: every payload keeps its exact wire form, and anything else is BadCallback.

The wire strings below are a contract with the buttons already sitting in users' chats: a change
that breaks one of them breaks those buttons after an upgrade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest

from bot.handlers import actions, buttons, coordinators
from bot.handlers.codec import (
    CHECKLIST,
    HOURS,
    ITEM,
    LANGUAGE,
    MAX_BYTES,
    MAX_ID,
    NUMBER,
    PAYLOADS,
    ActionAsk,
    ActionDue,
    ActionFinishBare,
    ActionMenu,
    ActionOpen,
    ActionOwner,
    ActionPriority,
    ActionStatusTo,
    Answer,
    BadCallback,
    Change,
    ChangeSeen,
    Choice,
    ChooseDepth,
    CycleAsk,
    CycleList,
    CycleNamed,
    CycleStart,
    Draft,
    Edit,
    Field,
    Forget,
    GapChecklists,
    GapList,
    Help,
    Invite,
    Members,
    Menu,
    MyActions,
    Note,
    Number,
    OrgSettings,
    Pattern,
    Payload,
    PlanGap,
    PlanMinimum,
    PlanNew,
    PlanPage,
    Promote,
    ReadNotes,
    Remove,
    RemoveConfirmed,
    Renew,
    Report,
    ReportDetail,
    ReportOrg,
    ResendFile,
    Resume,
    Review,
    SetDay,
    SetHours,
    SetKind,
    SetLanguage,
    SetStallDays,
    SettingMenu,
    SetZone,
    Skip,
    StartChecklist,
    SwitchReminder,
    TypeSetting,
    Unchanged,
    button,
    decode,
    encode,
)
from bot.handlers.routing import Router
from bot.model import ActionStatus, Context, PendingKind, Priority, ReminderKind, Role, Score

WIRE: list[tuple[Payload, str]] = [
    (Answer(12, "g14_plan", Score.IN_PLACE), "a:12:g14_plan:2"),
    (Answer(12, "g14_plan", Score.DONT_KNOW), "a:12:g14_plan:dk"),
    (Change(12, "g14_plan", Score.NOT_APPLICABLE), "c:12:g14_plan:na"),
    (ChangeSeen(12, "g14_plan", Score.TESTED, Score.IN_PLACE), "cs:12:g14_plan:3:2"),
    (ChangeSeen(12, "g14_plan", Score.DONT_KNOW, None), "cs:12:g14_plan:dk:-"),
    (ReadNotes(12, "g14_plan"), "nr:12:g14_plan"),
    (Skip(12, "g14_plan"), "s:12:g14_plan"),
    (Note(12, "g14_plan"), "n:12:g14_plan"),
    (Help(12, "g14_plan", show=True, change=False), "h:12:g14_plan:1:a"),
    (Help(12, "g14_plan", show=False, change=True), "h:12:g14_plan:0:c"),
    (Edit(12, "g14_plan"), "e:12:g14_plan"),
    (Review(12, 0), "v:12:0"),
    (Review(12, 15), "v:12:15"),
    (StartChecklist("recovery"), "k:recovery"),
    (ChooseDepth("recovery", quick=True), "kd:recovery:q"),
    (ChooseDepth("recovery", quick=False), "kd:recovery:f"),
    (Menu(), "m"),
    (SetLanguage("zh_Hans"), "l:zh_Hans"),
    (Forget(confirmed=True), "f:yes"),
    (Forget(confirmed=False), "f:no"),
    (Draft(save=True), "d:save"),
    (Draft(save=False), "d:drop"),
    (ReportOrg(0), "ro:0"),
    (Report(3, "recovery"), "rp:3:recovery"),
    (ReportDetail(3, "recovery", 14), "rg:3:recovery:14"),
    (ResendFile(3, "recovery", "xlsx"), "rf:3:recovery:xlsx"),
    (ResendFile(0, "recovery", "png"), "rf:0:recovery:png"),
    (Invite(3), "iv:3"),
    (Renew(3, Role.RESPONDER), "ir:3:r"),
    (Renew(3, Role.COORDINATOR), "ir:3:c"),
    (Members(3), "mb:3"),
    (Remove(3, 424242), "mr:3:424242"),
    (RemoveConfirmed(3, 424242), "mx:3:424242"),
    (Promote(3, 424242), "mp:3:424242"),
    (OrgSettings(3), "st:3"),
    (SetKind(3, Context.ORIGIN, on=True), "sk:3:o:on"),
    (SetKind(3, Context.DESTINATION, on=False), "sk:3:d:off"),
    (SetKind(3, Context.TRANSIT, on=True), "sk:3:t:on"),
    (Unchanged(12, "g14_plan"), "u:12:g14_plan"),
    (CycleList(3), "cy:3"),
    (CycleAsk(3, 17), "cq:3:17"),
    (CycleStart(3, 17), "co:3:17"),
    (CycleNamed(3, 17), "cn:3:17"),
    (PlanPage(3, 0), "pp:3:0"),
    (PlanNew(3), "pn:3"),
    (GapChecklists(3), "gc:3"),
    (GapList(3, "recovery"), "gl:3:recovery"),
    (PlanGap(3, "recovery", "g14_plan"), "pg:3:recovery:g14_plan"),
    (PlanMinimum(3, "recovery"), "pm:3:recovery"),
    (MyActions(), "my"),
    (ActionOpen(9), "ao:9"),
    (ActionMenu(9, 2, "owner"), "au:9:2:o"),
    (ActionMenu(9, 2, "status"), "au:9:2:s"),
    (ActionAsk(9, 2, PendingKind.ACTION_TEXT), "ak:9:2:t"),
    (ActionAsk(9, 2, PendingKind.ACTION_DUE), "ak:9:2:d"),
    (ActionAsk(9, 2, PendingKind.ACTION_PARTNER), "ak:9:2:x"),
    (ActionAsk(9, 2, PendingKind.ACTION_SUPPORT), "ak:9:2:n"),
    (ActionAsk(9, 2, PendingKind.ACTION_EVIDENCE), "ak:9:2:e"),
    (ActionOwner(9, 2, 424242), "aw:9:2:424242"),
    (ActionDue(9, 2, 6), "ad:9:2:6"),
    (ActionPriority(9, 2, Priority.HIGH), "ar:9:2:h"),
    (ActionStatusTo(9, 2, ActionStatus.STANDBY), "as:9:2:sb"),
    (ActionStatusTo(9, 2, ActionStatus.FINISHED), "as:9:2:fi"),
    (ActionFinishBare(9, 2), "ax:9:2"),
    (SettingMenu(3, "zone"), "sm:3:z"),
    (SettingMenu(3, "stall"), "sm:3:s"),
    (SetZone(3, "America/Argentina/Buenos_Aires"), "sz:3:bue"),
    (TypeSetting(3, PendingKind.TIMEZONE), "sy:3:z"),
    (TypeSetting(3, PendingKind.WORK_HOURS), "sy:3:h"),
    (SetDay(3, 6, on=True), "sd:3:sun:on"),
    (SetDay(3, 0, on=False), "sd:3:mon:off"),
    (SetHours(3, "0830-1700"), "sh:3:0830-1700"),
    (SetStallDays(3, 14), "ss:3:14"),
    (SwitchReminder(ReminderKind.STALLED, on=False), "rm:st:off"),
    (SwitchReminder(ReminderKind.DUE_SOON, on=True), "rm:ds:on"),
    (SwitchReminder(ReminderKind.OVERDUE, on=True), "rm:od:on"),
    (SwitchReminder(ReminderKind.DIGEST, on=False), "rm:dg:off"),
    (Resume(12), "rs:12"),
]

MALFORMED = {
    "empty": "",
    "only a separator": ":",
    "unknown prefix": "zz:1:2",
    "prefix in capitals": "A:1:g14_plan:2",
    "too few fields": "a:1:g14_plan",
    "too many fields": "a:1:g14_plan:2:x",
    "a field where none is expected": "m:x",
    "no field where one is expected": "f",
    "an empty field": "a::g14_plan:2",
    "a letter for an id": "a:x:g14_plan:2",
    "a negative id": "a:-1:g14_plan:2",
    "a signed id": "mb:+1",
    "an id in exponent form": "iv:1e3",
    "an id just over the largest": f"a:{MAX_ID + 1}:g14_plan:2",
    "an id of 24 nines": "mx:1:" + "9" * 24,
    "a Guideline that is not a number": "v:12:abc",
    "a score that does not exist": "a:12:g14_plan:7",
    "a score in capitals": "c:12:g14_plan:DK",
    "help neither on nor off": "h:12:g14_plan:2:a",
    "help in no known mode": "h:12:g14_plan:1:x",
    "a role that does not exist": "ir:3:x",
    "a draft decision that does not exist": "d:maybe",
    "an item id in capitals": "a:12:G14:2",
    "an item id starting with a digit": "s:12:14_plan",
    "a checklist id with a dash": "k:re-covery",
    "a checklist id of 17 characters": "k:" + "a" * 17,
    "a checklist id with a trailing newline": "k:recovery\n",
    "a status that does not exist": "as:9:2:xx",
    "a priority that does not exist": "ar:9:2:urgent",
    "a menu that does not exist": "au:9:2:z",
    "a typed answer that does not exist": "ak:9:2:q",
    "an action id that is a word": "ao:nine",
    "a language that is a word": "l:english",
    "a language of one letter": "l:x",
    "more than 64 bytes": "rg:" + "0" * 23 + "3:" + "a" * 16 + ":" + "0" * 22 + "14",
    "a field of 25 characters": "s:12:" + "a" * 25,
    "an accented letter": "k:récovery",
    "arabic-indic digits": "a:١٢:g14_plan:2",
    "a fullwidth prefix": "ｍ",
    "a control character": "s:12:g14\x00plan",
    "a time zone without a code": "sz:3:Europe",
    "a day that does not exist": "sd:3:fun:on",
    "hours with a colon": "sh:3:08:30-17:00",
    "hours without minutes": "sh:3:8-17",
    "an escalation is switched with overdue": "rm:es:off",
}

LARGEST: dict[Field[Any], object] = {
    NUMBER: MAX_ID,
    CHECKLIST: "c" * 16,
    ITEM: "i" * 24,
    LANGUAGE: "abc_Abcdefgh_Abcdefgh",
    HOURS: "2359-2359",
}


@pytest.mark.parametrize(("payload", "data"), WIRE, ids=[data for _, data in WIRE])
def test_each_payload_has_its_exact_wire_form_and_round_trips(payload: Payload, data: str) -> None:
    assert encode(payload) == data
    assert decode(data) == payload


def test_the_wire_table_covers_every_payload() -> None:
    assert {type(payload) for payload, _ in WIRE} == set(PAYLOADS)


@pytest.mark.parametrize("data", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_data_is_a_bad_callback(data: str) -> None:
    with pytest.raises(BadCallback):
        decode(data)


def test_no_data_at_all_is_a_bad_callback() -> None:
    with pytest.raises(BadCallback):
        decode(None)


def test_the_over_long_case_is_refused_for_its_length_only() -> None:
    """The same data with fewer leading zeros decodes: the length alone made it bad."""
    data = MALFORMED["more than 64 bytes"]
    assert len(data) > MAX_BYTES
    assert decode(data.replace("0" * 20, "")) == ReportDetail(3, "a" * 16, 14)


def test_only_an_exact_yes_confirms_forget() -> None:
    """A garbled or forged answer to /forget must never delete: it reads as no."""
    assert decode("f:yes") == Forget(confirmed=True)
    for word in ("no", "maybe", "YES", "y"):
        assert decode(f"f:{word}") == Forget(confirmed=False)


def _largest(field: Field[Any]) -> object:
    """The value of a field kind with the longest text."""
    if isinstance(field, Choice):
        return field.load(max(field.words, key=len))
    return LARGEST[field]


@pytest.mark.parametrize("kind", list(PAYLOADS), ids=lambda kind: kind.__name__)
def test_every_payload_fits_in_64_bytes_with_its_largest_values(kind: type[Payload]) -> None:
    wire = PAYLOADS[kind]
    payload = wire.make(*(_largest(field) for field in wire.fields))
    data = encode(payload)
    assert len(data.encode("ascii")) <= MAX_BYTES, data
    assert decode(data) == payload


@pytest.mark.parametrize(
    "payload",
    [
        Answer(-1, "g14_plan", Score.IN_PLACE),
        Answer(MAX_ID + 1, "g14_plan", Score.IN_PLACE),
        Skip(1, "Not an id"),
        StartChecklist("re:covery"),
        SetLanguage("english"),
        Review(1, True),
    ],
    ids=repr,
)
def test_encode_refuses_what_would_not_decode_to_the_same(payload: Payload) -> None:
    with pytest.raises(ValueError, match="cannot be sent as a button"):
        encode(payload)


def test_a_declaration_must_match_its_dataclass_and_take_a_free_prefix() -> None:
    @dataclass(frozen=True)
    class Pair(Payload):
        first: int
        second: str

    with pytest.raises(TypeError):
        button("zq", NUMBER, NUMBER)(Pair)
    with pytest.raises(TypeError):
        button("zq", NUMBER)(Pair)
    with pytest.raises(TypeError):
        button("a", NUMBER, ITEM)(Pair)
    with pytest.raises(TypeError):
        button("z:q", NUMBER, ITEM)(Pair)
    with pytest.raises(TypeError):
        button("zq")(Payload)
    assert Pair not in PAYLOADS


def test_field_kinds_read_only_their_own_texts() -> None:
    assert Number().load("007") == 7
    assert Pattern(re.compile("[a-z]+")).load("abc") == "abc"
    with pytest.raises(BadCallback):
        Pattern(re.compile("[a-z]+")).load("abc1")
    with pytest.raises(ValueError):
        Choice({"y": True}).dump(False)


def test_every_payload_has_exactly_one_handler() -> None:
    responders, coordinator = set(buttons.ROUTES.handlers), set(coordinators.ROUTES.handlers)
    plan = set(actions.ROUTES.handlers)
    assert not responders & coordinator and not responders & plan and not coordinator & plan
    assert responders | coordinator | plan == set(PAYLOADS)


@pytest.mark.parametrize(("payload", "data"), WIRE, ids=[data for _, data in WIRE])
def test_coordinator_and_action_buttons_and_only_they_match_their_patterns(
    payload: Payload, data: str
) -> None:
    for router in (coordinators.ROUTES, actions.ROUTES):
        pattern = re.compile(router.pattern())
        assert bool(pattern.match(data)) == (type(payload) in router.handlers)


async def test_a_router_refuses_a_second_handler_and_a_payload_it_does_not_route() -> None:
    router: Router[str] = Router()

    @router.on(Menu)
    async def menu(turn: object, press: Menu, context: object) -> str:
        return "menu"

    with pytest.raises(ValueError, match="has a handler already"):
        router.on(Menu)(menu)
    with pytest.raises(LookupError, match="no handler for Skip"):
        await router.handle(None, Skip(1, "g14_plan"), None)  # type: ignore[arg-type]
