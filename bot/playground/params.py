"""Bot API request parameters from query strings, JSON, urlencoded and multipart bodies.

PTB sends every value as a form field (nested objects as JSON strings), other clients send JSON;
the typed getters accept both.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.playground.errors import ApiError, bad_request

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True)
class Upload:
    """A file sent in a multipart request."""

    filename: str
    data: bytes
    content_type: str | None


class Params:
    """Typed access to one request's parameters."""

    def __init__(self, values: Mapping[str, object]) -> None:
        self.values = dict(values)

    def raw(self, name: str) -> object:
        """The value as received (str, Upload, or a JSON value)."""
        return self.values.get(name)

    def text(self, name: str) -> str | None:
        """A string parameter; numbers are accepted and turned into text."""
        value = self.values.get(name)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        raise bad_request(f"invalid {name} specified")

    def integer(self, name: str) -> int | None:
        """An integer parameter given as a number or decimal text."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return int(str(value))
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None

    def chat_ref(self, name: str = "chat_id") -> int | str | None:
        """A chat_id: an integer, or an @username string."""
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("@"):
            return value
        return self.integer(name)

    def flag(self, name: str) -> bool:
        """A Boolean parameter: true, "true", "True" or "1"."""
        value = self.values.get(name)
        return value is True or (isinstance(value, str) and value.lower() in ("true", "1"))

    def obj(self, name: str, what: str = "JSON object") -> Any:
        """A nested object or array, given as JSON text or as a JSON value."""
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {what}") from None

    def upload(self, name: str) -> Upload | str | None:
        """A file parameter: an Upload, or a file_id/URL string (attach:// is resolved)."""
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            value = self.values.get(value[len("attach://") :])
        if value is None or isinstance(value, Upload | str):
            return value
        raise bad_request(f"invalid {name} specified")


async def read_params(request: web.Request) -> Params:
    """Merge the query string and the body of `request` into Params."""
    values: dict[str, object] = dict(request.query)
    if not request.can_read_body:
        return Params(values)
    try:
        if request.content_type == "application/json":
            values.update(await _json_body(request))
        elif request.content_type in _FORM_TYPES:
            values.update(await _form_body(request))
    except web.HTTPRequestEntityTooLarge:
        raise ApiError(413, "Request Entity Too Large") from None
    return Params(values)


async def _json_body(request: web.Request) -> dict[str, object]:
    try:
        body = await request.json()
    except ValueError:
        raise bad_request("can't parse JSON encoded request body") from None
    if not isinstance(body, dict):
        raise bad_request("JSON object expected as request body")
    return body


async def _form_body(request: web.Request) -> dict[str, object]:
    values: dict[str, object] = {}
    for key, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            with value.file:  # aiohttp spools uploads to a temp file; close it once read
                values[key] = Upload(value.filename, value.file.read(), value.content_type)
        else:
            values[key] = value
    return values
