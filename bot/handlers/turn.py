"""What every handler needs for one update: the service, the user and their Translator."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import Catalogs, Translator
from bot.model import User
from bot.service import Service

DEPS_KEY = "micic"


@dataclass(frozen=True)
class Deps:
    """The application's shared objects, kept in ``bot_data``."""

    service: Service
    catalogs: Catalogs
    protect_reports: bool = False  # MICIC_PROTECT_REPORTS: send report files protected
    reminders_on: bool = True  # MICIC_REMINDERS: whether this deployment sends reminders

    def language_names(self) -> dict[str, str]:
        """Each language the bot has, named in itself: {"ar": "العربية", ...}."""
        return self.catalogs.language_names()


def deps(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    """The shared objects of the running application."""
    found = context.application.bot_data[DEPS_KEY]
    assert isinstance(found, Deps)
    return found


@dataclass(frozen=True)
class Turn:
    """One update from one user: who they are and how to speak to them."""

    deps: Deps
    user: User
    t: Translator
    chat_id: int

    @property
    def service(self) -> Service:
        """The use cases."""
        return self.deps.service


async def begin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Turn:
    """Record the user and pick their language: the stored choice, else Telegram's."""
    d = deps(context)
    tg_user = update.effective_user
    chat = update.effective_chat
    assert tg_user is not None and chat is not None
    user = await d.service.see_user(tg_user.id, tg_user.first_name or "", tg_user.language_code)
    lang = user.language or d.catalogs.negotiate([tg_user.language_code])
    return Turn(d, user, d.catalogs.translator(lang), chat.id)
