"""Showing people's text inside the bot's own: isolated for direction, measured as Telegram
measures (UTF-16 code units), and shortened for a screen (never where it is stored).
"""

from __future__ import annotations

FSI, LRI, PDI = "\u2068", "\u2066", "\u2069"  # first-strong and left-to-right isolates, end
ELLIPSIS = "…"

# Telegram's limits, in UTF-16 code units.
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
ALERT_LIMIT = 200

# Direction embeddings, overrides and isolates: inside someone's name or note they could
# reverse the rest of the line, or close the isolate around it early. Dropped where shown.
_DIRECTION_CONTROLS = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def isolate(text: str) -> str:
    """User text ready to sit in a line of other text: its own direction, nothing leaking out.

    A right-to-left override in a first name would otherwise reverse the whole line it is
    shown in; an Arabic organisation name inside an English sentence would pull the
    punctuation after it.
    """
    return f"{FSI}{text.translate(_DIRECTION_CONTROLS)}{PDI}" if text else ""


def alone(text: str) -> str:
    """Text that fills a place of its own (a spreadsheet cell) without the isolate around it:
    the cell is its paragraph, and the marks would only get in the way of sorting and search."""
    if len(text) > 1 and text[0] == FSI and text[-1] == PDI:
        inner = text[1:-1]
        if FSI not in inner and PDI not in inner:
            return inner
    return text


def ltr(text: str) -> str:
    """A number, date or code kept left to right inside text of any direction (LRI ... PDI)."""
    return f"{LRI}{text}{PDI}" if text else ""


def units(text: str) -> int:
    """The length Telegram counts: UTF-16 code units (an emoji outside the BMP is two)."""
    return len(text.encode("utf-16-le")) // 2


def shorten(text: str, limit: int) -> tuple[str, bool]:
    """The text cut to at most ``limit`` UTF-16 units, with "…" when cut; and whether it was.

    Cuts between characters, never inside a surrogate pair, and after a joiner or a variation
    selector is never left dangling.
    """
    if units(text) <= limit:
        return text, False
    budget = limit - units(ELLIPSIS)
    kept: list[str] = []
    used = 0
    for char in text:
        size = 2 if ord(char) > 0xFFFF else 1
        if used + size > budget:
            break
        kept.append(char)
        used += size
    while kept and kept[-1] in "\u200d\ufe0f\ufe0e":
        kept.pop()
    return "".join(kept).rstrip() + ELLIPSIS, True


def split(text: str, limit: int) -> list[str]:
    """Plain text in pieces of at most ``limit`` UTF-16 units, at line or word ends if possible."""
    pieces: list[str] = []
    rest = text
    while units(rest) > limit:
        head, _ = shorten(rest, limit + units(ELLIPSIS))
        head = head[: -len(ELLIPSIS)]
        cut = max(head.rfind("\n"), head.rfind(" "))
        if cut > len(head) // 2:
            head = head[:cut]
        pieces.append(head)
        rest = rest[len(head) :].lstrip("\n ")
    return [*pieces, rest] if rest or not pieces else pieces
