"""Fixtures and helpers for the reliability tests: the integration fixtures plus raw updates."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.playground import ChatMessage, ChatUser, LocalBotApi
from bot.playground.chats import now
from bot.playground.users import text_message
from tests.integration.conftest import (  # noqa: F401
    ADMIN_ID,
    RunningBot,
    api,
    bot,
    clock,
    recovery,
)

# Timestamps that every update refreshes; they are not a write the user caused.
VOLATILE = {"users": {"last_seen_at"}}
Snapshot = dict[str, set[tuple[Any, ...]]]


def snapshot(database: Path) -> Snapshot:
    """Every row of every table (volatile columns left out), read from a second connection."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        found: Snapshot = {}
        for table in tables:
            columns = [
                row[1]
                for row in db.execute(f"PRAGMA table_info({table})")
                if row[1] not in VOLATILE.get(table, set())
            ]
            found[table] = set(db.execute(f"SELECT {', '.join(columns)} FROM {table}"))
    return found


def changed_tables(before: Snapshot, after: Snapshot) -> set[str]:
    """The tables whose rows differ between two snapshots."""
    return {
        table for table in before.keys() | after.keys() if before.get(table) != after.get(table)
    }


@dataclass
class Seen:
    """What a user had in the chat at one moment: message states and the number of alerts."""

    states: Mapping[int, tuple[str, int]]
    alerts: int

    @classmethod
    def of(cls, user: ChatUser) -> Seen:
        """The user's chat now."""
        states = {m.message_id: (m.plain, m.edits) for m in user.messages}
        return cls(states, len(user.alerts))

    def news(self, user: ChatUser) -> list[str]:
        """Texts the user saw since: new or edited bot messages and callback answers."""
        texts = [
            m.plain or (m.caption or "")
            for m in user.messages
            if self.states.get(m.message_id) != (m.plain, m.edits)
        ]
        return texts + [a.text for a in user.alerts[self.alerts :]]


async def send_raw(
    server: LocalBotApi, user: ChatUser, extra: dict[str, Any], text: str | None = None
) -> ChatMessage:
    """A private message with raw Bot API fields (contact, voice, poll, forward_origin ...)."""
    if text is not None:
        message = text_message(user.chat, user.info, text)
    else:
        message = ChatMessage(user.chat.take_message_id(), user.id, user.id, False, now())
        user.chat.messages[message.message_id] = message
    message.extra.update(extra)
    await server.push_update({"message": server.world.message_json(message)})
    return message


async def send_edited(server: LocalBotApi, user: ChatUser, text: str) -> ChatMessage:
    """The user sends a text, then edits it: only the edit reaches the bot here."""
    message = text_message(user.chat, user.info, text)
    message.edit_date = now()
    await server.push_update({"edited_message": server.world.message_json(message)})
    return message


async def press_in_chat(
    server: LocalBotApi, user: ChatUser, message: ChatMessage, data: str
) -> str:
    """A callback query from `user` on a message of any chat (a group, say)."""
    world = server.world
    query_id = world.new_query(user.id, message)
    query = {
        "id": query_id,
        "from": user.info.to_json(),
        "message": world.message_json(message),
        "chat_instance": world.chat_instance(message.chat_id),
        "data": data,
    }
    await server.push_update({"callback_query": query})
    return query_id


def integrity(database: Path) -> str:
    """PRAGMA integrity_check of a database file."""
    with sqlite3.connect(database) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def user_version(database: Path) -> int:
    """PRAGMA user_version of a database file."""
    with sqlite3.connect(database) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


async def eventually(
    server: LocalBotApi, condition: Callable[[], bool], seconds: float = 3.0
) -> bool:
    """Wait (settling) until condition() holds; False if it never did.

    ``settle`` can return in the instant between the bot fetching an update and starting to
    handle it when the machine is busy, so an answer may come a little after it.
    """
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.01)
        await server.settle()
    return True
