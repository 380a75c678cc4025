"""Fitting a sheet to its text and to paper: column widths that fit a landscape page at a
readable scale (the widest text columns wrap), and row heights from the wrapped text, which a
spreadsheet program does not work out when it opens a file (LibreOffice keeps one line).

Widths are in characters of the default font; wide (Chinese, Japanese, Korean) characters
count two.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

MIN_WIDTH, MAX_WIDTH = 6, 60  # in characters; longer text wraps
PADDING = 2  # characters added to a column's text, so it does not touch the grid
# A landscape A4 page, less its margins, holds about 150 characters of 11 pt text at 100%;
# printed at 70% or more, a sheet stays readable: its columns share 150 / 0.7 characters.
PAGE_CHARS = round(150 / 0.7)
NARROWEST = 12  # a wrapping column is not narrowed below this (nor below its longest word)
LINE_PT = 15.0  # the height of a line of 11 pt text
WIDE_LINE_PT = 16.5  # Chinese fonts draw taller lines
MARGIN_PT = 3.0  # below the last line, so its descenders are not cut
# How many letters a line holds per character of column width: a width counts the default
# font's digits and most Latin letters are narrower; other scripts' letters are wider, and a
# wide (Chinese) character takes a bit more than two. Measured in LibreOffice (Latin 1.2),
# rounded down: a line too many is blank space, a line too few is text cut off.
LATIN_LETTERS, OTHER_LETTERS, WIDE_LETTERS = 1.15, 1.05, 1.05


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


@lru_cache(maxsize=16384)
def text_width(text: str) -> int:
    """How many characters wide a text shows (its widest line). Cached: questions and
    actions recur for every organisation of a comparison."""
    lines = text.split("\n")
    if text.isascii():
        return max(len(line) for line in lines)
    return max(sum(2 if _wide(c) else 1 for c in line) for line in lines)


def _words(paragraph: str) -> list[tuple[int, int]]:
    """Each word's width with and without the spaces after it; a wide character is a word
    of its own (lines may break after any of them), and a hyphen ends a word."""
    words: list[tuple[int, int]] = []
    width = spaces = 0
    for char in paragraph:
        if char.isspace():
            spaces += 1
            continue
        if spaces or _wide(char):
            if width:
                words.append((width + spaces, width))
            width = spaces = 0
        width += 2 if _wide(char) else 1
        if _wide(char) or char == "-":  # a line may break after it
            words.append((width, width))
            width = 0
    if width:
        words.append((width + spaces, width))
    return words


def _lines_of(paragraph: str, chars: int) -> int:
    if text_width(paragraph) <= chars:
        return 1
    lines, used = 1, 0
    for spaced, bare in _words(paragraph):
        if used and used + bare > chars:
            lines, used = lines + 1, 0
        if bare > chars:  # a word longer than the line is broken across lines
            lines += math.ceil(bare / chars) - 1
            used = bare % chars
        else:
            used += spaced
    return lines


@lru_cache(maxsize=16384)
def word_room(text: str) -> int:
    """The width the text's longest word needs, in bold and in any script: its column is not
    made narrower."""
    longest = max((bare for paragraph in text.split("\n") for _, bare in _words(paragraph)),
                  default=0)  # fmt: skip
    return math.ceil(longest * 1.15)


def _has_wide(text: str) -> bool:
    return not text.isascii() and any(map(_wide, text))


def _letters(text: str) -> float:
    """How many of the text's letters a line holds per character of column width."""
    if text.isascii() or all(c < "\u0250" for c in text):  # Latin, accents included
        return LATIN_LETTERS
    return WIDE_LETTERS if _has_wide(text) else OTHER_LETTERS


@lru_cache(maxsize=65536)
def line_count(text: str, width: int) -> int:
    """How many lines a text takes in a wrapping cell ``width`` characters wide."""
    chars = max(1, math.floor((width - 1) * _letters(text)))
    return sum(_lines_of(paragraph, chars) for paragraph in text.split("\n"))


def row_height(cells: Iterable[tuple[str, int]]) -> float:
    """The height in points of a row of wrapping cells (text, column width): its tallest."""
    tallest = LINE_PT
    for text, width in cells:
        lines = line_count(text, width)
        if lines > 1:
            line = WIDE_LINE_PT if _has_wide(text) else LINE_PT
            tallest = max(tallest, lines * line + MARGIN_PT)
    return tallest


def column_widths(needed: Mapping[int, int], words: Mapping[int, int]) -> dict[int, int]:
    """Each column's width, from the width its text needs and its longest word.

    A column is as wide as its text (at least ``MIN_WIDTH``, at most ``MAX_WIDTH``). If the
    sheet is then wider than ``PAGE_CHARS``, the columns that can wrap give way in proportion
    to how much they can, down to their longest word (and to ``NARROWEST``): a long question
    keeps more room than a short answer.
    """
    wanted = {col: max(MIN_WIDTH, min(need, MAX_WIDTH)) + PADDING for col, need in needed.items()}
    least = {
        col: min(want, max(NARROWEST, words.get(col, want - PADDING) + PADDING))
        for col, want in wanted.items()
    }
    slack = sum(wanted.values()) + len(wanted) - PAGE_CHARS  # each column has a pixel margin
    give = sum(wanted[col] - least[col] for col in wanted)
    if slack <= 0 or give == 0:
        return wanted
    keep = max(0.0, 1 - slack / give)
    return {col: least[col] + math.floor((wanted[col] - least[col]) * keep) for col in wanted}
