"""A topic's volume per day as stacked bars by sentiment, drawn on the server as SVG geometry (no
JavaScript, nothing for the CSP to refuse). `monitoring/_volume_chart.html` turns a `VolumeChart` into
<svg> elements."""

from dataclasses import dataclass
from typing import Any

from educomms.core.charts import nice_max

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 36
SERIES = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    y: float
    height: float
    key: str
    value: int
    day: str


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class VolumeChart:
    width: int
    height: int
    bars: list[Bar]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    plot_left: int
    plot_right: int
    days: int
    totals: dict[str, int]


def volume_chart(board: Any) -> VolumeChart | None:
    """Stacked bars for selectors.TopicDashboard; None when the period has no mention."""
    if not board.total:
        return None
    n = len(board.days)
    top = nice_max(max(board.volume))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / n
    width = max(2.0, slot * 0.7)
    bars = []
    for i, day in enumerate(board.days):
        base = TOP + plot_h
        for key in SERIES:
            value = getattr(board, key)[i]
            if not value:
                continue
            h = plot_h * value / top
            base -= h
            bars.append(Bar(x=round(LEFT + slot * i + (slot - width) / 2, 1), width=round(width, 1),
                            y=round(base, 1), height=round(h, 1), key=key, value=value, day=f"{day:%d/%m/%Y}"))
    every = max(1, (n + 6) // 7)
    x_ticks = [Tick(x=round(LEFT + slot * i + slot / 2, 1), y=HEIGHT - BOTTOM + 18, label=f"{d:%d/%m}")
               for i, d in enumerate(board.days) if i % every == 0]
    y_ticks = [Tick(x=LEFT - 8, y=round(TOP + plot_h - plot_h * k / 5, 1), label=str(top * k // 5)) for k in range(6)]
    return VolumeChart(width=WIDTH, height=HEIGHT, bars=bars, x_ticks=x_ticks, y_ticks=y_ticks, plot_left=LEFT,
                       plot_right=WIDTH - RIGHT, days=n,
                       totals={key: sum(getattr(board, key)) for key in SERIES})
