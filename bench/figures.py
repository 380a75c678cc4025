"""A measured figure with its baseline, ratio and target, and the table they make."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One line of the results table.

    ``ratio`` is oriented so that bigger is better for us (for example bare / ours for a cost);
    ``passed`` is None where there is no target.
    """

    part: str
    name: str
    value: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    passed: bool | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        """pass, FAIL or a dash."""
        return "–" if self.passed is None else ("pass" if self.passed else "FAIL")


COLUMNS = ("part", "figure", "value", "baseline", "ratio", "target", "result")


def _cells(f: Figure) -> tuple[str, ...]:
    return (f.part, f.name, f.value, f.baseline, f.ratio, f.target, f.verdict)


def text_table(figures: list[Figure]) -> str:
    """The table for a terminal."""
    rows = [COLUMNS, *(_cells(f) for f in figures)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(figures: list[Figure]) -> str:
    """The table for RESULTS.md."""

    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    lines = [row(COLUMNS), row(tuple("---" for _ in COLUMNS))]
    return "\n".join([*lines, *(row(_cells(f)) for f in figures)])


def ms(seconds: float) -> str:
    """A duration in milliseconds, or in seconds from 1 s up, three significant digits."""
    return f"{seconds:.3g} s" if seconds >= 1 else f"{seconds * 1000:.3g} ms"


def secs(seconds: float) -> str:
    """Seconds, three significant digits."""
    return f"{seconds:.3g} s"


def times(x: float) -> str:
    """A ratio such as 0.71x."""
    return f"{x:.2f}x"
