"""``GET /metrics``: what the bot did, in Prometheus' text format, with nothing personal in it.

The route is served by aiohttp's test server and read back with Prometheus' own parser, while
the real bot handles users of the local Bot API.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families
from telegram.request import RequestData

from bot import __version__, metrics
from bot.handlers.instrumented import MeasuredRequest, api_method, update_kind
from bot.model import Checklist
from bot.playground import LocalBotApi
from bot.store import Store, StoreError
from tests.support.chat import button
from tests.support.onboarding import joined, new_organisation
from tests.support.running import START, RunningBot

pytestmark = pytest.mark.bot(shared=True)  # each test has its own users and organisation

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]
NAME = "Perpetua"
NOTE = "The mayor keeps the generator key"


@pytest.fixture
async def client() -> AsyncIterator[TestClient[web.Request, web.Application]]:
    """An HTTP client of a server that mounts only the metrics routes."""
    app = web.Application()
    app.add_routes(metrics.routes())
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def scrape(client: TestClient[web.Request, web.Application]) -> Samples:
    """Every sample of GET /metrics, by name and labels."""
    response = await client.get("/metrics")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return parse(await response.text())


def value(samples: Samples, name: str, **labels: str) -> float:
    """One sample's value (0 when the series does not exist yet)."""
    return samples.get((name, frozenset(labels.items())), 0.0)


def current() -> Samples:
    """Every sample, read straight from the registry."""
    return parse(metrics.exposition().decode())


def parse(text: str) -> Samples:
    """Samples of Prometheus' text format, by name and labels."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_the_route_serves_prometheus_text_with_the_version_and_the_process(
    client: TestClient[web.Request, web.Application],
) -> None:
    samples = await scrape(client)
    assert value(samples, "micic_build_info", version=__version__) == 1
    assert value(samples, "process_resident_memory_bytes") > 0


async def test_a_responder_shows_in_updates_answers_latency_and_api_calls(
    api: LocalBotApi,
    bot: RunningBot,
    recovery: Checklist,
    client: TestClient[web.Request, web.Application],
) -> None:
    code, _ = await new_organisation(api)
    ana = await joined(api, code, NAME)
    await ana.press(button(ana, recovery.title))
    before = await scrape(client)
    await ana.press("2 · In place, not tested")
    await ana.press("3 · In place and tested")
    await ana.press("📝 Note")
    await ana.send(NOTE)
    await ana.send("/help")
    after = await scrape(client)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("micic_updates_handled_total", kind="button") == 3
    assert delta("micic_updates_handled_total", kind="text") == 1
    assert delta("micic_updates_handled_total", kind="command") == 1
    assert delta("micic_handler_seconds_count", kind="button") == 3
    assert delta("micic_handler_seconds_bucket", kind="button", le="+Inf") == 3
    assert delta("micic_handler_seconds_sum", kind="button") > 0
    assert delta("micic_answers_recorded_total", field="score") == 2
    assert delta("micic_answers_recorded_total", field="note") == 1
    assert delta("micic_bot_api_calls_total", method="answerCallbackQuery", code="200") == 3
    assert delta("micic_bot_api_calls_total", method="editMessageText", code="200") >= 2
    assert value(after, "micic_bot_api_calls_total", method="getUpdates", code="200") > 0


async def test_no_label_holds_a_user_id_a_name_or_what_a_user_wrote(
    api: LocalBotApi,
    bot: RunningBot,
    recovery: Checklist,
    client: TestClient[web.Request, web.Application],
) -> None:
    code, _ = await new_organisation(api, "Saint-Secret")
    ana = await joined(api, code, NAME)
    await ana.press(button(ana, recovery.title))
    await ana.press("📝 Note")
    await ana.send(NOTE)
    await ana.send("/mydata")
    samples = await scrape(client)
    label_values = {v for _, labels in samples for _, v in labels}
    for secret in (str(ana.id), NAME, NOTE, "Saint-Secret", code, api.token):
        assert not [v for v in label_values if secret in v], secret
    methods = {v for _, labels in samples for k, v in labels if k == "method"}
    assert {"getUpdates", "sendMessage", "sendDocument"} <= methods  # /mydata sends a file
    assert all(re.fullmatch("[a-z][A-Za-z]+", m) for m in methods), methods  # method names only


async def test_a_429_is_counted_with_the_wait_telegram_asked_for(api: LocalBotApi) -> None:
    api.inject_error("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    request = MeasuredRequest()
    await request.initialize()
    try:
        before = current()
        code, payload = await request.do_request(
            f"{api.url}/bot{api.token}/sendMessage",
            "POST",
            RequestData([]),
        )
    finally:
        await request.shutdown()
    assert code == 429 and json.loads(payload)["parameters"]["retry_after"] == 7
    after = current()
    for name, labels in (
        ("micic_bot_api_flood_wait_seconds_total", {}),
        ("micic_bot_api_flood_waits_total", {"method": "sendMessage"}),
        ("micic_bot_api_calls_total", {"method": "sendMessage", "code": "429"}),
    ):
        grew = value(after, name, **labels) - value(before, name, **labels)
        assert grew == (7 if name.endswith("seconds_total") else 1), name


async def test_a_locked_database_is_counted_by_its_sqlite_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    store = await Store.open(path, busy_timeout_ms=20)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    before = value(current(), "micic_database_errors_total", error="SQLITE_BUSY")
    try:
        with pytest.raises(StoreError):
            await store.touch_user(1, "Ana", START)
    finally:
        other.execute("ROLLBACK")
        other.close()
        await store.close()
    after = value(current(), "micic_database_errors_total", error="SQLITE_BUSY")
    assert after == before + 1


def test_labels_name_kinds_and_methods_never_content() -> None:
    assert api_method("https://api.telegram.org/bot1:SECRET/sendMessage") == "sendMessage"
    assert api_method("https://api.telegram.org/file/bot1:SECRET/photos/ana.jpg") == "file"
    assert api_method("https://api.telegram.org/bot1:SECRET/send%20x") == "other"
    assert update_kind(object()) == "other"
