"""The bot under test as a separate process, and its CPU time as the kernel counts it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.playground import LocalBotApi

ROOT = Path(__file__).resolve().parents[1]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
ADMIN_ID = 900


@dataclass(frozen=True)
class Cpu:
    """CPU seconds (user + system) of a process, all threads; of its main thread; system only."""

    total: float
    main_thread: float
    system: float = 0.0

    def __sub__(self, other: Cpu) -> Cpu:
        return Cpu(
            self.total - other.total,
            self.main_thread - other.main_thread,
            self.system - other.system,
        )


def _ticks(stat_path: Path) -> tuple[int, int]:
    # The command name may contain spaces and parentheses: fields start after the last ")"
    fields = stat_path.read_text().rsplit(")", 1)[1].split()
    return int(fields[11]), int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))


def cpu_of(pid: int) -> Cpu:
    """User + system CPU seconds of a live process, read from /proc/<pid>/stat."""
    proc = Path(f"/proc/{pid}")
    user, system = _ticks(proc / "stat")
    main = sum(_ticks(proc / "task" / str(pid) / "stat"))
    return Cpu((user + system) / CLOCK_TICKS, main / CLOCK_TICKS, system / CLOCK_TICKS)


def bot_command() -> list[str]:
    """The real bot, as ``micic-bot run`` starts it."""
    return [sys.executable, "-m", "bot", "run"]


def script_command(name: str) -> list[str]:
    """A script of bench/ run with the project's interpreter."""
    return [sys.executable, str(Path(__file__).with_name(name))]


class BotProcess:
    """A bot started as a child process against a LocalBotApi, stopped with SIGTERM."""

    def __init__(
        self,
        api: LocalBotApi,
        command: list[str],
        workdir: Path,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.api = api
        self.command = command
        self.workdir = workdir
        self.extra_env = extra_env or {}
        self.log_path = workdir / f"bot-{os.getpid()}-{id(self)}.log"
        self._proc: asyncio.subprocess.Process | None = None

    @property
    def pid(self) -> int:
        """The child's process id."""
        assert self._proc is not None
        return self._proc.pid

    def env(self) -> dict[str, str]:
        """The environment the bot reads its settings from."""
        return {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": self.api.token,
            "TELEGRAM_API_URL": self.api.url,
            "MICIC_DATABASE": str(self.workdir / "bot.sqlite3"),
            "MICIC_ADMINS": str(ADMIN_ID),
            "MICIC_LOG_LEVEL": "WARNING",
            "MICIC_LISTEN": "127.0.0.1:0",  # the health server on any free port
            **self.extra_env,
        }

    async def start(self, timeout: float = 30.0) -> float:  # noqa: ASYNC109
        """Start the child and wait until it polls; return the seconds that took."""
        loop = asyncio.get_running_loop()
        began = loop.time()
        with self.log_path.open("wb") as log:
            self._proc = await asyncio.create_subprocess_exec(
                *self.command, cwd=ROOT, env=self.env(), stdout=log, stderr=log
            )
        while True:
            try:
                await self.api.wait_for_polling(timeout=0.05)
                return loop.time() - began
            except TimeoutError:
                if self._proc.returncode is not None or loop.time() - began > timeout:
                    raise RuntimeError(
                        f"the bot did not start polling:\n{self.log_tail()}"
                    ) from None

    def cpu(self) -> Cpu:
        """CPU time used so far."""
        return cpu_of(self.pid)

    def signal(self, sig: int) -> None:
        """Send a signal to the child."""
        if self._proc is not None and self._proc.returncode is None:
            self._proc.send_signal(sig)

    async def stop(self, timeout: float = 15.0) -> int | None:  # noqa: ASYNC109
        """SIGTERM, then SIGKILL if it does not end in time; return the exit status."""
        if self._proc is None:
            return None
        self.signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self._proc.wait(), timeout)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                self._proc.kill()
            await self._proc.wait()
        return self._proc.returncode

    def log_tail(self, lines: int = 30) -> str:
        """The end of the child's output, for error messages."""
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def warnings(self) -> list[str]:
        """Lines the child logged at WARNING or above (it runs with MICIC_LOG_LEVEL=WARNING)."""
        if not self.log_path.exists():
            return []
        return [line for line in self.log_path.read_text(errors="replace").splitlines() if line]
