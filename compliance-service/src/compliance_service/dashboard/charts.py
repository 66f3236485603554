"""Bar charts as SVG geometry, computed server-side: no charting script, no CDN at run time.

The template draws what this returns; in a right-to-left page the bars grow from the right.
"""

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 380
LABEL_WIDTH = 130
BAR_HEIGHT = 22
GAP = 14
PLOT = WIDTH - LABEL_WIDTH - 50  # room for the value text


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # 0..1
    target: float | None
    y: int
    x: float
    width: float
    label_x: float
    value_x: float
    target_x: float | None
    meets: bool
    count: int | None = None  # shown instead of the share when the bar counts things


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    rtl: bool


def bar_chart(rows: Sequence[tuple[str, float, float | None]], *, rtl: bool) -> Chart:
    """One horizontal bar per (label, share, target share) row, with the target as a line."""
    bars = []
    for index, (label, value, target) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = max(0.0, min(value, 1.0)) * PLOT
        if rtl:
            origin = WIDTH - LABEL_WIDTH
            x, label_x, value_x = origin - length, WIDTH - 4, origin - length - 4
            target_x = None if target is None else origin - target * PLOT
        else:
            origin = LABEL_WIDTH
            x, label_x, value_x = origin, 4, origin + length + 4
            target_x = None if target is None else origin + target * PLOT
        bars.append(
            Bar(
                label=label,
                value=value,
                target=target,
                y=y,
                x=round(x, 1),
                width=round(length, 1),
                label_x=label_x,
                value_x=round(value_x, 1),
                target_x=None if target_x is None else round(target_x, 1),
                meets=target is None or value >= target,
            )
        )
    height = GAP + len(rows) * (BAR_HEIGHT + GAP)
    return Chart(WIDTH, height, tuple(bars), rtl)


def count_chart(rows: Sequence[tuple[str, int]], *, rtl: bool) -> Chart:
    """One bar per (label, count) row, the longest for the largest count; no target."""
    largest = max((count for _, count in rows), default=0) or 1
    chart = bar_chart([(label, count / largest, None) for label, count in rows], rtl=rtl)
    counted = zip(chart.bars, rows, strict=True)
    bars = tuple(dataclasses.replace(bar, count=count) for bar, (_, count) in counted)
    return dataclasses.replace(chart, bars=bars)
