"""Translation: gettext catalogs compiled at start-up and a Translator for each user.

The bot imports from here. ``micic-bot i18n`` lives in ``bot.i18n.cli``; Babel's checklist
extractor and the in-memory template in ``bot.i18n.extraction``; the entry checks in ``checks``.
"""

from bot.i18n.catalogs import DOMAINS, Catalogs, po_files
from bot.i18n.languages import SOURCE_LANGUAGE, language_name
from bot.i18n.translator import N_, Translator, content_context

__all__ = [
    "DOMAINS",
    "N_",
    "SOURCE_LANGUAGE",
    "Catalogs",
    "Translator",
    "content_context",
    "language_name",
    "po_files",
]
