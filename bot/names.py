"""Organisation names: cleaned of invisible characters, limited in length, and never confusable
with an existing name (the "skeleton" of Unicode's UTS #39, from its confusables data).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

NAME_MAX_LENGTH = 100

# Invisible characters that would let "Ly\u200bon" pass for "Lyon"; ZWJ and ZWNJ stay in the
# name, since emoji and some scripts (Persian, Indic) need them, but not in its skeleton.
INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
        "\u2066\u2067\u2068\u2069",
    )
)
_JOINERS = dict.fromkeys(map(ord, "\u200c\u200d\u034f\u180e"))


def clean_name(name: str) -> str:
    """A name with invisible and direction-control characters removed and spaces folded.

    Never shortened: a name over the limit is refused with the limit (see ``refusal``).
    """
    cleaned = " ".join(name.translate(INVISIBLE).split())
    return cleaned if any(unicodedata.category(c) != "Cf" for c in cleaned) else ""


@cache
def _prototypes() -> dict[str, str]:
    """Each confusable character's prototype, from Unicode's confusables data (UTS #39).

    The package gives, for a character that maps to a prototype, that one prototype, and for a
    prototype, the characters that map to it; a pair that lists only each other is one class,
    and either may stand for it, as long as both sides agree (the smaller is taken). Loaded on
    first use: the data is a megabyte of JSON, needed only when an organisation is created.
    """
    from confusable_homoglyphs.confusables import confusables_data

    def plain(text: str) -> str:
        return text.replace("\u200e", "")  # the package wraps right-to-left glyphs in LRMs

    table = {plain(k): [plain(e["c"]) for e in v] for k, v in confusables_data.items()}
    found: dict[str, str] = {}
    for char, glyphs in table.items():
        if len(char) != 1 or len(glyphs) != 1:
            continue  # a prototype of several characters, or of several look-alikes
        target = glyphs[0]
        mutual = table.get(target) == [char]
        if not mutual or (len(target), target) < (len(char), char):
            found[char] = target
    return found


def skeleton(text: str) -> str:
    """The UTS #39 skeleton: what the text looks like, whatever look-alike letters it uses."""
    prototypes = _prototypes()
    decomposed = unicodedata.normalize("NFD", text.translate(INVISIBLE).translate(_JOINERS))
    mapped = "".join(prototypes.get(char, char) for char in decomposed)
    return unicodedata.normalize("NFD", mapped)


def _keys(name: str) -> set[str]:
    # As typed and case-folded: "LYОN" (a Cyrillic О) must match "Lyon" as "Ilford" must "llford".
    return {skeleton(name), skeleton(name.casefold()), skeleton(name).casefold()}


def confusable_with(name: str, existing: Iterable[str]) -> str | None:
    """The first existing name that looks the same as ``name``, if any."""
    keys = _keys(name)
    return next((other for other in existing if keys & _keys(other)), None)
