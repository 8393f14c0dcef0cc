"""Accessible charts drawn as SVG on the server: the geometry and the markup (``svg()``, every
text escaped) are made here, in Python, because a chart is hundreds of shapes and a template
spends tens of microseconds on each value. Every chart has a title and a description (read by screen readers
through ``aria-labelledby``/``aria-describedby``), is drawn with lines and shapes that keep their
meaning in high-contrast mode (each series has its own dash pattern and marker, not only a
colour), scales with the page at any zoom, and stands beside a table of the same numbers.

No JavaScript and no chart library: the numbers are known on the server and the shapes are
few (bars and lines).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

#: The drawing's width in SVG units; it is scaled to the width of its column.
WIDTH = 640
#: Room on the left of a bar chart for the labels, and the height of each bar's row.
LABEL_WIDTH = 230
ROW_HEIGHT = 34
BAR_HEIGHT = 20
#: Each line's dash pattern and marker, in order: told apart without colour.
LINE_STYLES = (("", "circle"), ("8 4", "square"), ("2 4", "triangle"), ("12 4 2 4", "diamond"))


def nice_ceiling(value: float) -> float:
    """The smallest round number (1, 2 or 5 times a power of ten) at or above ``value``."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def count_scale(largest: float) -> float:
    """The top of an axis of counts: four round, whole steps reaching ``largest``."""
    return 4 * max(1, nice_ceiling(largest / 4))


@dataclass
class Bar:
    label: str
    value_text: str
    y: float
    width: float
    #: Where a marker line is drawn across the bar (an advocate's capacity), or None.
    marker_x: float | None = None
    over: bool = False

    @property
    def text_y(self) -> float:
        return self.y + 15

    @property
    def marker_top(self) -> float:
        return self.y - 4

    @property
    def marker_bottom(self) -> float:
        return self.y + BAR_HEIGHT + 4

    @property
    def value_x(self) -> float:
        return LABEL_WIDTH + self.width + 6


@dataclass
class BarChart:
    id: str
    title: str
    description: str
    bars: list[Bar]
    height: float
    label_width: int = LABEL_WIDTH
    width: int = WIDTH
    #: What the marker line means, for the legend ("capacity"), if the chart has markers.
    marker_label: str = ""
    ticks: list[tuple[float, str]] = field(default_factory=list)

    @property
    def axis_y(self) -> float:
        return self.height - 22

    @property
    def label_x(self) -> int:
        return self.label_width - 8

    def svg(self) -> SafeString:
        """The chart, and a key to the marker line if it has one."""
        over = escape(_("%(value)s (over)"))
        parts = [_open(self.id, self.width, self.height, self.title, self.description)]
        for x, label in self.ticks:
            parts.append(
                f'<line class="pp-chart__grid" x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{self.axis_y:.1f}"/>'
                f'<text class="pp-chart__tick" x="{x:.1f}" y="{self.height:.1f}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
        for bar in self.bars:
            label = escape(Truncator(bar.label).chars(30))
            css = "pp-chart__bar pp-chart__bar--over" if bar.over else "pp-chart__bar"
            parts.append(
                f'<text class="pp-chart__label" x="{self.label_x}" y="{bar.text_y:.1f}" text-anchor="end">'
                f"{label}</text>"
                f'<rect class="{css}" x="{self.label_width}" y="{bar.y:.1f}" width="{bar.width:.1f}" '
                f'height="{BAR_HEIGHT}"/>'
            )
            if bar.marker_x is not None:
                parts.append(
                    f'<line class="pp-chart__marker" x1="{bar.marker_x:.1f}" x2="{bar.marker_x:.1f}" '
                    f'y1="{bar.marker_top:.1f}" y2="{bar.marker_bottom:.1f}"/>'
                )
            value = over % {"value": escape(bar.value_text)} if bar.over else escape(bar.value_text)
            parts.append(f'<text class="pp-chart__value" x="{bar.value_x:.1f}" y="{bar.text_y:.1f}">{value}</text>')
        parts.append("</svg>")
        if self.marker_label:
            key = escape(_("The line across a bar: %(what)s.") % {"what": self.marker_label})
            parts.append(
                '<p class="govuk-body-s pp-chart__legend"><svg class="pp-chart__key pp-chart__key--marker" '
                'viewBox="0 0 12 24" aria-hidden="true" focusable="false"><line class="pp-chart__marker" x1="6" '
                f'x2="6" y1="0" y2="24"/></svg> {key}</p>'
            )
        return mark_safe("".join(parts))  # every text above is escaped


def bar_chart(
    *,
    id: str,
    title: str,
    description: str,
    items: Sequence[tuple[str, float, str]],
    markers: Sequence[float | None] | None = None,
    marker_label: str = "",
    maximum: float | None = None,
) -> BarChart:
    """Horizontal bars, one per ``(label, value, value_text)``; ``markers`` (the same length) draw a
    line across a bar at that value (e.g. capacity), and a bar past its marker is marked "over"."""
    values = [value for _label, value, _text in items]
    largest = max([*values, *(m for m in (markers or []) if m is not None), 0])
    top = maximum if maximum is not None else count_scale(largest)
    span = WIDTH - LABEL_WIDTH - 60  # room after a bar for its value
    bars = []
    for index, (label, value, text) in enumerate(items):
        marker = markers[index] if markers else None
        bars.append(
            Bar(
                label=label,
                value_text=text,
                y=index * ROW_HEIGHT + 6,
                width=max(span * value / top, 0) if top else 0,
                marker_x=LABEL_WIDTH + span * marker / top if marker is not None and top else None,
                over=marker is not None and value > marker,
            )
        )
    ticks = [(LABEL_WIDTH + span * step / 4, _number(top * step / 4)) for step in range(5)]
    return BarChart(
        id=id,
        title=title,
        description=description,
        bars=bars,
        height=len(items) * ROW_HEIGHT + 34,
        marker_label=marker_label,
        ticks=ticks,
    )


@dataclass
class Point:
    x: float
    y: float


@dataclass
class Series:
    name: str
    points: list[Point]
    dash: str
    marker: str

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def marker_path(self) -> str:
        """Every point's marker, as one SVG path."""
        return " ".join(marker_path(self.marker, p.x, p.y) for p in self.points)

    @property
    def key_marker_path(self) -> str:
        """The marker for the legend's sample line (40 by 12)."""
        return marker_path(self.marker, 20, 6)


def marker_path(shape: str, x: float, y: float) -> str:
    """A point's marker centred on (x, y): circle, square, triangle or diamond."""
    if shape == "square":
        return f"M{x - 4:.1f} {y - 4:.1f}h8v8h-8Z"
    if shape == "triangle":
        return f"M{x:.1f} {y - 5:.1f}l5 9h-10Z"
    if shape == "diamond":
        return f"M{x:.1f} {y - 5:.1f}l5 5l-5 5l-5 -5Z"
    return f"M{x - 4:.1f} {y:.1f}a4 4 0 1 0 8 0a4 4 0 1 0 -8 0Z"


@dataclass
class LineChart:
    id: str
    title: str
    description: str
    series: list[Series]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    width: int = WIDTH
    height: int = 300
    left: int = 50
    bottom: int = 250

    @property
    def right(self) -> int:
        return self.width - 20

    @property
    def tick_x(self) -> int:
        return self.left - 6

    @property
    def label_y(self) -> int:
        return self.bottom + 22

    def svg(self) -> SafeString:
        """The chart, and its key: each line's name beside a sample of its dash and marker."""
        parts = [_open(self.id, self.width, self.height, self.title, self.description)]
        for y, label in self.y_ticks:
            parts.append(
                f'<line class="pp-chart__grid" x1="{self.left}" x2="{self.right}" y1="{y:.1f}" y2="{y:.1f}"/>'
                f'<text class="pp-chart__tick" x="{self.tick_x}" y="{y:.1f}" dy="0.35em" text-anchor="end">'
                f"{escape(label)}</text>"
            )
        for x, label in self.x_labels:
            parts.append(
                f'<text class="pp-chart__tick" x="{x:.1f}" y="{self.label_y}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
        for number, series in enumerate(self.series, start=1):
            parts.append(
                f'<g class="pp-chart__series pp-chart__series--{number}">'
                f'<polyline class="pp-chart__line" points="{series.path}"{_dash(series.dash)}/>'
                f'<path class="pp-chart__point" d="{series.marker_path}"/></g>'
            )
        # Outside the f-string: makemessages does not look inside one.
        key = escape(pgettext("the legend of a chart", "Key"))
        parts.append(f'</svg><ul class="govuk-list pp-chart__legend" aria-label="{key}">')
        for number, series in enumerate(self.series, start=1):
            parts.append(
                f'<li class="pp-chart__series pp-chart__series--{number}"><svg class="pp-chart__key" '
                'viewBox="0 0 40 12" aria-hidden="true" focusable="false">'
                f'<polyline class="pp-chart__line" points="0,6 40,6"{_dash(series.dash)}/>'
                f'<path class="pp-chart__point" d="{series.key_marker_path}"/></svg> {escape(series.name)}</li>'
            )
        parts.append("</ul>")
        return mark_safe("".join(parts))  # every text above is escaped


def line_chart(
    *,
    id: str,
    title: str,
    description: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    label_every: int | None = None,
) -> LineChart:
    """One line per ``(name, values)`` over the same ``x_labels`` (weeks, in order)."""
    chart = LineChart(id=id, title=title, description=description, series=[], x_labels=[], y_ticks=[])
    count = len(x_labels)
    top = count_scale(max([v for _name, values in series for v in values] + [0]))
    plot_width = chart.right - chart.left
    plot_top = 20

    def x(index: int) -> float:
        return chart.left + (plot_width * index / (count - 1) if count > 1 else plot_width / 2)

    def y(value: float) -> float:
        return chart.bottom - (chart.bottom - plot_top) * value / top

    every = label_every or max(1, math.ceil(count / 6))
    chart.x_labels = [(x(i), label) for i, label in enumerate(x_labels) if i % every == 0]
    chart.y_ticks = [(y(top * step / 4), _number(top * step / 4)) for step in range(5)]
    for (name, values), (dash, marker) in zip(series, _cycle(LINE_STYLES, len(series)), strict=True):
        chart.series.append(
            Series(name=name, points=[Point(x(i), y(v)) for i, v in enumerate(values)], dash=dash, marker=marker)
        )
    return chart


def _open(id: str, width: int, height: float, title: str, description: str) -> str:
    """The opening of a chart: an image to assistive technology, named by its title and
    described by its description."""
    return (
        f'<svg class="pp-chart" viewBox="0 0 {width} {height:.0f}" role="img" aria-labelledby="{escape(id)}-title" '
        f'aria-describedby="{escape(id)}-desc" focusable="false"><title id="{escape(id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(id)}-desc">{escape(description)}</desc>'
    )


def _dash(dash: str) -> str:
    return f' stroke-dasharray="{dash}"' if dash else ""


def _cycle(styles: Sequence, count: int) -> list:
    return [styles[i % len(styles)] for i in range(count)]


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:,.1f}"
