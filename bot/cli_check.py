"""``micic-bot check``: every checklist, every archived edition, and their question fingerprints.

With ``--record-new`` or ``--same-meaning CHECKLIST:ITEM`` it first records fingerprints in
``checklists/fingerprints.txt`` (see ``bot.fingerprints``), then checks as usual.
"""

from __future__ import annotations

import argparse
import sys

from bot import fingerprints
from bot.checklists import ChecklistError, describe, load_checklists
from bot.config import Settings
from bot.editions import Library


def add_check_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``check [--record-new] [--same-meaning CHECKLIST:ITEM ...]``."""
    check = sub.add_parser("check", help="validate every checklist; exit 1 on any problem")
    check.add_argument(
        "--record-new",
        action="store_true",
        help="record the fingerprints of items no edition has had with another question",
    )
    check.add_argument(
        "--same-meaning",
        action="append",
        default=[],
        metavar="CHECKLIST:ITEM",
        help="accept the item's reworded question as asking the same thing (repeatable)",
    )


def _record(settings: Settings, library: Library, args: argparse.Namespace) -> list[str]:
    """Record what the options ask; return the keys that name no current item."""
    path = settings.checklists_dir / fingerprints.FILE_NAME
    recorded, _ = fingerprints.read_recorded(path)
    lines, unknown = fingerprints.same_meaning_lines(library, args.same_meaning)
    if args.record_new:
        lines += fingerprints.new_lines(library, recorded)
    if lines:
        fingerprints.append(path, lines)
        print(f"recorded {len(lines)} fingerprint(s) in {path}")
    return unknown


def run_check(settings: Settings, args: argparse.Namespace) -> int:
    """Validate; print each problem as file:line: path: message and exit 1, else a summary."""
    try:
        library = load_checklists(settings.checklists_dir)
    except ChecklistError as exc:
        return _fail([str(problem) for problem in exc.problems])
    unknown = _record(settings, library, args)
    if unknown:
        return _fail([f"--same-meaning {key}: no such current item" for key in unknown])
    recorded, problems = fingerprints.read_recorded(
        settings.checklists_dir / fingerprints.FILE_NAME
    )
    problems += fingerprints.check(library, recorded)
    if problems:
        return _fail([str(problem) for problem in problems])
    describe(library)
    return 0


def _fail(lines: list[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    print(f"{len(lines)} problem(s) found", file=sys.stderr)
    return 1
