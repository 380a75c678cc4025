"""The Telegram adapter: the routing table from updates to thin ``on_*`` callbacks."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers import (
    actions,
    coordinators,
    cycle_reports,  # noqa: F401  (its buttons join coordinators.ROUTES)
)
from bot.handlers.actions import on_action_button
from bot.handlers.buttons import on_button
from bot.handlers.commands import (
    on_cancel,
    on_continue,
    on_help,
    on_join,
    on_language,
    on_neworg,
    on_review,
    on_start,
    on_unknown_command,
)
from bot.handlers.coordinators import on_coordinator_button, on_invite, on_members, on_report
from bot.handlers.cycles import on_cycle
from bot.handlers.errors import on_error
from bot.handlers.messages import on_edited, on_file, on_group, on_group_button, on_other, on_text
from bot.handlers.planning import on_actions
from bot.handlers.privacy import on_forget, on_mydata
from bot.handlers.reminders import on_reminders
from bot.handlers.settings import on_settings

COMMANDS = {
    "start": on_start,
    "join": on_join,
    "continue": on_continue,
    "review": on_review,
    "help": on_help,
    "cancel": on_cancel,
    "language": on_language,
    "neworg": on_neworg,
    "mydata": on_mydata,
    "forget": on_forget,
    "report": on_report,
    "invite": on_invite,
    "members": on_members,
    "settings": on_settings,
    "cycle": on_cycle,
    "actions": on_actions,
    "reminders": on_reminders,
}


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Route every kind of update the bot handles."""
    private = filters.ChatType.PRIVATE
    new = filters.UpdateType.MESSAGE
    app.add_handler(TypeHandler(Update, on_group_button), group=-1)  # buttons: private only
    # cycles.py, settings.py and working_settings.py register there too (awaited.py imports it)
    coordinator_buttons = coordinators.ROUTES.pattern()
    app.add_handler(CallbackQueryHandler(on_coordinator_button, pattern=coordinator_buttons))
    action_buttons = actions.ROUTES.pattern()
    app.add_handler(CallbackQueryHandler(on_action_button, pattern=action_buttons))
    app.add_handler(CallbackQueryHandler(on_button))  # responders' buttons, and unknown data
    # commands after buttons: PTB tries each handler in turn, and buttons are most updates
    for name, callback in COMMANDS.items():
        app.add_handler(CommandHandler(name, callback, filters=private & new))
    app.add_handler(MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, on_edited))
    app.add_handler(MessageHandler(private & new & filters.COMMAND, on_unknown_command))
    app.add_handler(MessageHandler(private & new & filters.TEXT, on_text))
    app.add_handler(MessageHandler(private & new & (filters.PHOTO | filters.Document.ALL), on_file))
    app.add_handler(MessageHandler(private & new, on_other))
    app.add_handler(MessageHandler(filters.ChatType.GROUPS & new & filters.COMMAND, on_group))
    app.add_error_handler(on_error)


__all__ = ["COMMANDS", "register"]
