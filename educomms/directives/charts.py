"""The coverage chart over time, drawn on the server as SVG geometry (no JavaScript, nothing for the CSP to
refuse): cumulative delivered / opened / acknowledged per day, as three lines on one scale. The template
`directives/_coverage_chart.html` turns a `Chart` into <svg> elements."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from educomms.core.charts import nice_max

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 36
SERIES = ("delivered", "opened", "acknowledged")


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Line:
    key: str
    points: str  # "x1,y1 x2,y2 …" for <polyline points>
    dots: list[tuple[float, float]]
    last: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lines: list[Line]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    days: int


def _value(point: Any, key: str) -> int:
    return int(getattr(point, key, 0) or 0)


def build(points: Sequence[Any]) -> Chart | None:
    """The chart for `points` (objects with `day` and cumulative `delivered`, `opened`, `acknowledged`), or
    None when there is nothing to draw."""
    if not points:
        return None
    top = nice_max(max(_value(p, key) for p in points for key in SERIES))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(points)

    def x(i: int) -> float:
        return round(LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2), 1)

    def y(v: int) -> float:
        return round(TOP + plot_h - plot_h * v / top, 1)

    lines = []
    for key in SERIES:
        coords = [(x(i), y(_value(p, key))) for i, p in enumerate(points)]
        lines.append(Line(key=key, points=" ".join(f"{a},{b}" for a, b in coords), dots=coords,
                          last=_value(points[-1], key)))
    every = max(1, (n + 6) // 7)  # at most about 7 date labels
    x_ticks = [Tick(x=x(i), y=HEIGHT - BOTTOM + 18, label=_day_label(p.day))
               for i, p in enumerate(points) if i % every == 0 or i == n - 1]
    if len(x_ticks) > 1 and x_ticks[-1].x - x_ticks[-2].x < 40:  # keep the last day, drop a crowded one
        del x_ticks[-2]
    y_ticks = [Tick(x=LEFT - 8, y=y(top * k // 5), label=f"{top * k // 5:,}".replace(",", ".")) for k in range(6)]
    return Chart(width=WIDTH, height=HEIGHT, lines=lines, x_ticks=x_ticks, y_ticks=y_ticks, plot_left=LEFT,
                 plot_right=WIDTH - RIGHT, plot_top=TOP, plot_bottom=HEIGHT - BOTTOM, days=n)


def _day_label(day: dt.date) -> str:
    return f"{day:%d/%m}"
