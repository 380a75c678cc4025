"""Logging set-up: readable text by default, or one JSON object per line for log collectors.

Every record carries the id of the update being handled, if any (set by the application as
it starts on an update). Messages hold ids and error types, never what a user wrote.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TextIO

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries that would log request URLs (and so the token) at INFO
QUIET = ("httpx", "httpcore", "aiohttp.access")

UPDATE_ID: ContextVar[int | None] = ContextVar("update_id", default=None)


class UpdateContext(logging.Filter):
    """Stamps each record with the id of the update being handled (None outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add ``update_id``; never drops a record."""
        record.update_id = UPDATE_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, update_id, error_type (and the traceback, if any)."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "update_id": getattr(record, "update_id", None),
            "error_type": None,
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["error_type"] = record.exc_info[0].__name__
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def log_handler(log_format: str = "text", stream: TextIO | None = None) -> logging.Handler:
    """A handler writing to ``stream`` (stderr) as text or JSON, with the update id."""
    handler = logging.StreamHandler(stream)
    handler.addFilter(UpdateContext())
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    return handler


def configure_logging(level: str, log_format: str = "text") -> None:
    """Log to stderr in ``log_format``; silence libraries that would log the token."""
    logging.basicConfig(level=level, handlers=[log_handler(log_format)])
    for noisy in QUIET:
        logging.getLogger(noisy).setLevel(logging.WARNING)
