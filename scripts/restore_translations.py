"""Fill a catalog's missing translations from an earlier catalog of the same language.

An entry left untranslated or fuzzy takes the earlier catalog's translation when the earlier one
has the same context and the same English text and was not fuzzy: for instance the texts of an
archived edition, which the catalogs dropped when that edition stopped being current. Only those
entries are rewritten (their msgstr, the fuzzy flag and the previous English), in place, wrapped
as ``make i18n`` wraps them; every other line stays as it is.

    git show <commit>:locales/fr/LC_MESSAGES/checklist.po > /tmp/fr-old.po
    python scripts/restore_translations.py /tmp/fr-old.po locales/fr/LC_MESSAGES/checklist.po
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import denormalize, normalize, read_po

WIDTH = 76  # as pybabel writes catalogs


def _sections(lines: list[str]) -> list[tuple[str, list[str]]]:
    """An entry's lines grouped by what they belong to: a comment, or a keyword and its text."""
    found: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith('"') and found:
            found[-1][1].append(line)
        else:
            found.append((line.split(" ", 1)[0], [line]))
    return found


def _field(lines: list[str], keyword: str) -> str | None:
    """The text of ``msgctxt``, ``msgid``, ``msgstr``... in an entry, continuation lines too."""
    for name, group in _sections(lines):
        if name == keyword:
            return str(denormalize("\n".join([group[0][len(keyword) + 1 :], *group[1:]])))
    return None


def _restored(lines: list[str], translation: str | tuple[str, ...]) -> list[str]:
    """The entry with the translation, without the fuzzy flag and the previous English.

    A second ``make i18n`` turns pybabel's ``#|`` lines into ``# |`` comments: both go.
    """
    kept: list[str] = []
    for name, group in _sections(lines):
        if name in ("#|", "msgstr") or name.startswith("msgstr[") or group[0].startswith("# |"):
            continue
        if name == "#,":
            flags = [f.strip() for f in group[0][2:].split(",") if f.strip() != "fuzzy"]
            group = ["#, " + ", ".join(flags)] if flags else []
        kept += group
    if isinstance(translation, str):
        return [*kept, "msgstr " + normalize(translation, prefix="", width=WIDTH)]
    forms = enumerate(translation)
    return [
        *kept,
        *(f"msgstr[{n}] " + normalize(text, prefix="", width=WIDTH) for n, text in forms),
    ]


def _translated(lines: list[str]) -> bool:
    """Whether every msgstr (or msgstr[n]) of an entry has text."""
    found = [_field(lines, name) for name, _ in _sections(lines) if name.startswith("msgstr")]
    return bool(found) and all(found)


def restore(text: str, earlier: Catalog) -> tuple[str, int]:
    """The catalog's text with missing translations filled from ``earlier``; and how many."""
    blocks = text.split("\n\n")
    restored = 0
    for n, block in enumerate(blocks):
        lines = block.split("\n")
        msgid = _field(lines, "msgid")
        if not msgid:
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        if not fuzzy and _translated(lines):
            continue
        old = earlier.get(msgid, _field(lines, "msgctxt"))
        if old is None or old.fuzzy or not old.string:
            continue
        if isinstance(old.string, str) == (_field(lines, "msgid_plural") is not None):
            continue  # one is plural and the other is not: not the same entry
        if not isinstance(old.string, str) and not all(old.string):
            continue
        translation = old.string if isinstance(old.string, str) else tuple(old.string)
        blocks[n] = "\n".join(_restored(lines, translation))
        restored += 1
    return "\n\n".join(blocks), restored


def main(earlier_path: str, target_path: str) -> int:
    """Restore into the target file; print how many translations came back."""
    with Path(earlier_path).open("rb") as handle:
        earlier = read_po(handle)
    target = Path(target_path)
    text, restored = restore(target.read_text("utf-8"), earlier)
    target.write_text(text, "utf-8")
    print(f"{target}: {restored} translations restored")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
