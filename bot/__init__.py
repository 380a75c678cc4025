"""micic-checklist-bot: MICIC Guidelines checklists for municipal responders, over Telegram."""

__version__ = "0.1.0"
