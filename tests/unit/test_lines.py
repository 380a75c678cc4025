"""Per-user lines: arrival order, no wait on other users, pacing of a flood, repeated keys."""

from __future__ import annotations

import asyncio

import pytest

from bot.transport.lines import Lines, Pace


def test_a_pace_lets_a_burst_through_then_one_an_interval() -> None:
    pace = Pace(interval=1.0, burst=10)
    delays = [pace.delay(now=100.0) for _ in range(13)]

    assert delays == [0.0] * 10 + [1.0, 2.0, 3.0]


def test_a_pace_recovers_its_burst_with_time() -> None:
    pace = Pace(interval=1.0, burst=3)
    assert [pace.delay(now=0.0) for _ in range(4)] == [0.0, 0.0, 0.0, 1.0]
    assert pace.due == 4.0  # after the one that waited, the next would be on time at 4

    assert [pace.delay(now=10.0) for _ in range(4)] == [0.0, 0.0, 0.0, 1.0]


async def run_in_line(lines: Lines, user: str, name: str, log: list[str], steps: int = 3) -> None:
    async with lines.turn(user):
        for step in range(steps):
            log.append(f"{name}{step}")
            await asyncio.sleep(0)


async def test_a_users_updates_run_one_at_a_time_in_arrival_order() -> None:
    lines, log = Lines(), list[str]()
    tasks = [asyncio.create_task(run_in_line(lines, "ana", name, log)) for name in "abc"]
    await asyncio.gather(*tasks)

    assert log == ["a0", "a1", "a2", "b0", "b1", "b2", "c0", "c1", "c2"]


async def test_another_user_does_not_wait_for_a_busy_line() -> None:
    lines, log = Lines(), list[str]()
    release = asyncio.Event()

    async def busy() -> None:
        async with lines.turn("ana"):
            log.append("ana starts")
            await release.wait()
            log.append("ana ends")

    ana = asyncio.create_task(busy())
    behind = asyncio.create_task(run_in_line(lines, "ana", "a", log, steps=1))
    await asyncio.create_task(run_in_line(lines, "bob", "b", log, steps=1))
    release.set()
    await asyncio.gather(ana, behind)

    assert log == ["ana starts", "b0", "ana ends", "a0"]


async def test_a_waiter_cancelled_keeps_the_order_of_those_behind_it() -> None:
    lines, log = Lines(lambda: Pace(interval=0.0, burst=1)), list[str]()
    release = asyncio.Event()

    async def first() -> None:
        async with lines.turn("ana"):
            await release.wait()
            log.append("first")

    tasks = [asyncio.create_task(first())]
    tasks += [asyncio.create_task(run_in_line(lines, "ana", n, log, steps=1)) for n in "xy"]
    await asyncio.sleep(0)
    tasks[1].cancel()
    await asyncio.sleep(0)
    assert log == []  # y still waits for the first, though x left the line
    release.set()
    await asyncio.gather(*tasks, return_exceptions=True)

    assert log == ["first", "y0"]
    assert len(lines) == 0  # an empty, rested line is forgotten


async def test_a_key_is_held_while_its_update_waits_or_runs() -> None:
    lines = Lines()
    release = asyncio.Event()

    async def press() -> None:
        async with lines.turn("ana", key=("msg", 7, "n:1:i")):
            await release.wait()

    task = asyncio.create_task(press())
    await asyncio.sleep(0)
    assert lines.holds("ana", ("msg", 7, "n:1:i"))
    assert not lines.holds("ana", ("msg", 8, "n:1:i")) and not lines.holds(
        "bob", ("msg", 7, "n:1:i")
    )
    release.set()
    await task

    assert not lines.holds("ana", ("msg", 7, "n:1:i"))


@pytest.mark.parametrize("burst", [1, 3])
async def test_only_updates_that_pile_up_are_paced(burst: int) -> None:
    """Someone who waits for each answer is never held back, however fast they go."""
    lines = Lines(lambda: Pace(interval=60.0, burst=burst))
    for _ in range(20):  # one after another, each after the previous has left: never paced
        async with asyncio.timeout(1):
            await run_in_line(lines, "ana", "a", [], steps=1)
