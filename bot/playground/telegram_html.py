"""Telegram-style HTML parsing: text + entities out, Telegram's error wording on bad markup.

Follows the behaviour of tdlib's `parse_html` (the parser behind the Bot API's parse_mode=HTML).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Entity = dict[str, Any]

_SPACES = frozenset(" \t\r\n\f\v")
_TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_REFS = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class HtmlParseError(ValueError):
    """Markup Telegram would refuse; str(error) is the text after "can't parse entities: "."""


@dataclass
class ParsedText:
    """The visible text of a message and its entities (offsets in UTF-16 code units)."""

    text: str
    entities: list[Entity] = field(default_factory=list)


@dataclass
class _Open:
    tag: str
    argument: str
    offset: int


def utf16_len(text: str) -> int:
    """Length of `text` in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def parse_html(html: str, *, strict_ampersand: bool = True) -> ParsedText:
    """Parse Telegram HTML into plain text + entities; raise HtmlParseError like Telegram.

    tdlib keeps an `&` that starts no known reference as a literal; with strict_ampersand
    (the default here) it is refused instead, because it means the sender forgot to escape.
    """
    if "<" not in html and "&" not in html:
        return ParsedText(html)
    return _Parser(html, strict_ampersand).run()


class _Parser:
    """One pass over the markup, mirroring tdlib's scanner and its error messages."""

    def __init__(self, html: str, strict_ampersand: bool) -> None:
        self.s = html
        self.n = len(html)
        self.i = 0
        self.strict = strict_ampersand
        self.out: list[str] = []
        self.utf16 = 0
        self.stack: list[_Open] = []
        self.entities: list[Entity] = []

    def run(self) -> ParsedText:
        while self.i < self.n:
            ch = self.s[self.i]
            if ch == "&":
                self._reference()
            elif ch == "<":
                self._tag()
            else:
                self._emit(ch)
                self.i += 1
        if self.stack:
            tag = self.stack[-1].tag
            raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{tag}"')
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return ParsedText("".join(self.out), self.entities)

    def _at(self, pos: int) -> str:
        return self.s[pos] if pos < self.n else ""

    def _byte_offset(self, pos: int) -> int:
        return len(self.s[:pos].encode("utf-8"))

    def _emit(self, text: str) -> None:
        self.out.append(text)
        self.utf16 += utf16_len(text)

    def _reference(self) -> None:
        decoded, end = decode_reference(self.s, self.i)
        if decoded is None:
            if self.strict:
                at = self._byte_offset(self.i)
                raise HtmlParseError(f"Character '&' must be escaped at byte offset {at}")
            decoded, end = "&", self.i + 1
        self._emit(decoded)
        self.i = end

    def _tag(self) -> None:
        begin = self.i
        self.i += 1
        if self._at(self.i) != "/":
            self._start_tag(begin)
        else:
            self._end_tag(begin)

    def _start_tag(self, begin: int) -> None:
        at = self._byte_offset(begin)
        while self.i < self.n and self.s[self.i] not in _SPACES and self.s[self.i] != ">":
            self.i += 1
        if self.i >= self.n:
            raise HtmlParseError(f"Unclosed start tag at byte offset {at}")
        tag = self.s[begin + 1 : self.i].lower()
        if tag not in _TAG_ENTITY:
            raise HtmlParseError(f'Unsupported start tag "{tag}" at byte offset {at}')
        argument = self._attributes(tag, at)
        if tag == "span" and argument != "spoiler":
            raise HtmlParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {at}')
        self.stack.append(_Open(tag, argument, self.utf16))
        self.i += 1  # skip '>'

    def _attributes(self, tag: str, at: int) -> str:
        argument = ""
        while self._at(self.i) != ">":
            self._skip_spaces()
            if self._at(self.i) == ">":
                break
            name_begin = self.i
            while self.i < self.n and self.s[self.i] not in _SPACES and self.s[self.i] not in "=>":
                self.i += 1
            name = self.s[name_begin : self.i].lower()
            if not name:
                raise HtmlParseError(f'Empty attribute name in the tag "{tag}" at byte offset {at}')
            self._skip_spaces()
            if self._at(self.i) != "=":
                if tag == "blockquote" and name == "expandable":
                    argument = "1"
                    continue
                raise HtmlParseError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {at}'
                )
            self.i += 1
            self._skip_spaces()
            if self.i >= self.n:
                raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {at}')
            value = self._attribute_value()
            if self.i >= self.n:
                raise HtmlParseError(f"Unclosed start tag at byte offset {at}")
            argument = _tag_argument(tag, name, value, argument)
        return argument

    def _attribute_value(self) -> str:
        quote = self.s[self.i]
        if quote not in "'\"":
            begin = self.i
            while self.i < self.n and (self.s[self.i].isalnum() or self.s[self.i] in ".-"):
                self.i += 1
            if self.i < self.n and self.s[self.i] not in _SPACES and self.s[self.i] != ">":
                at = self._byte_offset(begin)
                raise HtmlParseError(f"Unexpected end of name token at byte offset {at}")
            return self.s[begin : self.i].lower()
        self.i += 1
        value: list[str] = []
        while self.i < self.n and self.s[self.i] != quote:
            decoded, end = (None, 0)
            if self.s[self.i] == "&":
                decoded, end = decode_reference(self.s, self.i)
            if decoded is None:
                value.append(self.s[self.i])
                self.i += 1
            else:
                value.append(decoded)
                self.i = end
        if self.i < self.n:
            self.i += 1  # closing quote
        return "".join(value)

    def _skip_spaces(self) -> None:
        while self.i < self.n and self.s[self.i] in _SPACES:
            self.i += 1

    def _end_tag(self, begin: int) -> None:
        at = self._byte_offset(begin)
        if not self.stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {at}")
        self.i += 1  # skip '/'
        name_begin = self.i
        while self.i < self.n and self.s[self.i] != ">":
            self.i += 1
        if self.i >= self.n:
            raise HtmlParseError(f"Unclosed end tag at byte offset {at}")
        name = self.s[name_begin : self.i].strip().lower()
        opened = self.stack[-1]
        if name and name != opened.tag:
            raise HtmlParseError(
                f'Unmatched end tag at byte offset {at}, expected "</{opened.tag}>", '
                f'found "</{name}>"'
            )
        self.stack.pop()
        self.i += 1
        self._close(opened)

    def _close(self, opened: _Open) -> None:
        length = self.utf16 - opened.offset
        if length <= 0:
            return
        entity: Entity = {"type": _TAG_ENTITY[opened.tag], "offset": opened.offset}
        entity["length"] = length
        if opened.tag == "a":
            url = opened.argument or self._inner_text(opened)
            if not _looks_like_url(url):
                return
            entity["url"] = url
        elif opened.tag == "tg-emoji":
            if not opened.argument.isdigit() or int(opened.argument) <= 0:
                raise HtmlParseError("Invalid custom emoji identifier specified")
            entity["custom_emoji_id"] = opened.argument
        elif opened.tag == "blockquote" and opened.argument:
            entity["type"] = "expandable_blockquote"
        elif opened.tag == "code" and opened.argument:
            entity["language"] = opened.argument
        elif opened.tag == "pre":
            entity = self._merge_pre_code(entity)
        self.entities.append(entity)

    def _inner_text(self, opened: _Open) -> str:
        text = "".join(self.out)
        return text.encode("utf-16-le")[opened.offset * 2 :].decode("utf-16-le")

    def _merge_pre_code(self, pre: Entity) -> Entity:
        """<pre><code class="language-x"> is one `pre` entity with a language, as in the API."""
        for entity in self.entities:
            same_span = entity["offset"] == pre["offset"] and entity["length"] == pre["length"]
            if entity["type"] == "code" and same_span and "language" in entity:
                self.entities.remove(entity)
                return {**pre, "language": entity["language"]}
        return pre


def _tag_argument(tag: str, name: str, value: str, current: str) -> str:
    if tag == "a" and name == "href":
        return value
    if tag == "code" and name == "class" and value.startswith("language-"):
        return value[len("language-") :]
    if tag == "span" and name == "class" and value.startswith("tg-"):
        return value[len("tg-") :]
    if tag == "tg-emoji" and name == "emoji-id":
        return value
    return current


def _looks_like_url(url: str) -> bool:
    return "." in url or url.startswith(("tg://", "http://", "https://"))


def decode_reference(text: str, pos: int) -> tuple[str | None, int]:
    """Decode the character reference starting at text[pos] == '&'; (None, pos) if none."""
    i = pos + 1
    if i < len(text) and text[i] == "#":
        return _decode_numeric(text, pos, i + 1)
    end = i
    while end < len(text) and text[end].isascii() and text[end].isalnum():
        end += 1
    decoded = _NAMED_REFS.get(text[i:end])
    if decoded is None:
        return None, pos
    return decoded, end + 1 if text[end : end + 1] == ";" else end


def _decode_numeric(text: str, pos: int, i: int) -> tuple[str | None, int]:
    base, digits = 10, "0123456789"
    if text[i : i + 1] in ("x", "X"):
        base, digits, i = 16, "0123456789abcdefABCDEF", i + 1
    end = i
    while end < len(text) and text[end] in digits:
        end += 1
    if end == i:
        return None, pos
    code = int(text[i:end], base)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None, pos
    return chr(code), end + 1 if text[end : end + 1] == ";" else end
