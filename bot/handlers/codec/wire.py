"""The codec's machinery: field kinds, the ``@button`` declaration, ``encode`` and ``decode``.

Callback data is ``<prefix>:<field>:...``, ASCII, at most 64 bytes. Every payload class is
declared with ``@button`` and registered here, so this is the one place that validates it.
"""

from __future__ import annotations

import dataclasses
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Generic, TypeVar, get_type_hints

MAX_BYTES = 64  # Telegram's limit for callback data
MAX_ID = 2**63 - 1  # SQLite's largest integer: a bigger id is forged
_FIELD = re.compile(r"[A-Za-z0-9_-]{1,24}")  # every field: safe, short, no separator
_DIGITS = re.compile(r"[0-9]+")

T = TypeVar("T")


class BadCallback(Exception):
    """Callback data that this bot did not make (or no longer understands)."""


# --- field kinds: how one value is written and read back -----------------------------------


class Field(ABC, Generic[T]):
    """How one payload field is written into callback data and read back from it."""

    kind: type[T]  # the type of the dataclass field it fills

    @abstractmethod
    def dump(self, value: T) -> str:
        """The text of a value."""

    @abstractmethod
    def load(self, text: str) -> T:
        """The value of a text; BadCallback if the text cannot be one."""


class Number(Field[int]):
    """A decimal integer from 0 to ``largest`` (MAX_ID unless less): a database id or a
    Guideline number."""

    kind = int

    def __init__(self, largest: int = MAX_ID) -> None:
        self.largest = largest

    def dump(self, value: int) -> str:
        """The decimal digits."""
        return str(value)

    def load(self, text: str) -> int:
        """The integer; BadCallback unless the text is digits only, up to ``largest``."""
        if not _DIGITS.fullmatch(text) or int(text) > self.largest:
            raise BadCallback(text)
        return int(text)


class Pattern(Field[str]):
    """A text matching a pattern: a checklist, item or language id."""

    kind = str

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def dump(self, value: str) -> str:
        """The text itself."""
        return value

    def load(self, text: str) -> str:
        """The text; BadCallback unless it matches the pattern."""
        if not self.pattern.fullmatch(text):
            raise BadCallback(text)
        return text


class Choice(Field[T]):
    """One of a few fixed words, each standing for a value (an enum member, a yes or a no)."""

    def __init__(
        self, words: Mapping[str, T], *, otherwise: T | None = None, kind: Any = None
    ) -> None:
        self.words = dict(words)
        self.otherwise = otherwise  # the value of any other word; None: other words are bad
        self.kind = kind or type(next(iter(self.words.values())))

    def dump(self, value: T) -> str:
        """The word standing for the value."""
        for word, meant in self.words.items():
            if meant == value:
                return word
        raise ValueError(f"{value!r} is none of {self.words}")

    def load(self, text: str) -> T:
        """The value the word stands for; BadCallback for an unknown word."""
        if text in self.words:
            return self.words[text]
        if self.otherwise is None:
            raise BadCallback(text)
        return self.otherwise


# --- payloads: what a button means, and its wire form ----------------------------------------


class Payload:
    """What a button means; each kind is a frozen dataclass declared with ``@button``."""


@dataclass(frozen=True)
class Wire:
    """How a payload class is written: its prefix and one field kind per dataclass field."""

    prefix: str
    make: Callable[..., Payload]
    names: tuple[str, ...]
    fields: tuple[Field[Any], ...]


P = TypeVar("P", bound=Payload)
_BY_PREFIX: dict[str, Wire] = {}
_BY_CLASS: dict[type[Payload], Wire] = {}
PAYLOADS: Mapping[type[Payload], Wire] = MappingProxyType(_BY_CLASS)


def button(prefix: str, *fields: Field[Any]) -> Callable[[type[P]], type[P]]:
    """Declare a payload class and its callback data: ``@button("s", NUMBER, ITEM)``."""

    def declare(cls: type[P]) -> type[P]:
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls.__name__} is not a dataclass: put @button above @dataclass")
        if prefix in _BY_PREFIX or not _FIELD.fullmatch(prefix):
            raise TypeError(f"{cls.__name__}: the prefix {prefix!r} is taken or unsafe")
        hints = get_type_hints(cls)
        names = tuple(f.name for f in dataclasses.fields(cls))
        if [hints[name] for name in names] != [field.kind for field in fields]:
            raise TypeError(f"{cls.__name__}: the field kinds do not match its fields")
        wire = Wire(prefix, cls, names, fields)
        _BY_PREFIX[prefix] = _BY_CLASS[cls] = wire
        return cls

    return declare


def encode(payload: Payload) -> str:
    """The callback data of a payload; ValueError if it would not decode to the same payload."""
    wire = _BY_CLASS[type(payload)]
    values = [getattr(payload, name) for name in wire.names]
    data = ":".join([wire.prefix, *(f.dump(v) for f, v in zip(wire.fields, values, strict=True))])
    try:
        same = decode(data) == payload
    except BadCallback:
        same = False
    if not same:
        raise ValueError(f"{payload!r} cannot be sent as a button: {data!r}")
    return data


def decode(data: str | None) -> Payload:
    """The payload of callback data made by ``encode``; BadCallback for anything else."""
    if not data or not data.isascii() or len(data) > MAX_BYTES:
        raise BadCallback(data)
    prefix, *parts = data.split(":")
    wire = _BY_PREFIX.get(prefix)
    if wire is None or len(parts) != len(wire.fields):
        raise BadCallback(data)
    if not all(_FIELD.fullmatch(part) for part in parts):
        raise BadCallback(data)
    return wire.make(*(f.load(part) for f, part in zip(wire.fields, parts, strict=True)))
