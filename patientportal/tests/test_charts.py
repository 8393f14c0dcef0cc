"""The charts' geometry: axes of round numbers, bars to scale with their capacity lines, and lines
told apart by more than colour."""

from __future__ import annotations

import pytest

from patientportal.charts import LINE_STYLES, bar_chart, count_scale, line_chart, nice_ceiling


@pytest.mark.parametrize(("value", "ceiling"), [(0, 1), (0.3, 0.5), (1, 1), (3, 5), (7, 10), (11, 20), (380, 500)])
def test_round_ceilings(value, ceiling):
    assert nice_ceiling(value) == ceiling


@pytest.mark.parametrize(("largest", "top"), [(0, 4), (1, 4), (6, 8), (9, 20), (41, 80), (1234, 2000)])
def test_count_axes_have_four_whole_steps(largest, top):
    assert count_scale(largest) == top
    assert (top / 4).is_integer()


def test_bars_are_drawn_to_scale_and_past_their_marker_is_over():
    chart = bar_chart(
        id="c",
        title="Caseload",
        description="Open cases against capacity",
        items=[("Ann", 20, "20"), ("Bob", 45, "45")],
        markers=[40, 40],
        marker_label="capacity",
    )
    ann, bob = chart.bars
    assert count_scale(45) == 80
    assert bob.width == pytest.approx(ann.width * 45 / 20)
    assert ann.marker_x == bob.marker_x
    assert (ann.over, bob.over) == (False, True)
    assert [label for _x, label in chart.ticks] == ["0", "20", "40", "60", "80"]
    assert ann.y < bob.y < chart.axis_y


def test_each_line_has_its_own_dash_and_marker():
    chart = line_chart(
        id="w",
        title="Week by week",
        description="Three lines",
        x_labels=["1 Jan", "8 Jan", "15 Jan"],
        series=[("Received", [1, 2, 3]), ("Contacted", [0, 1, 2]), ("Resolved", [0, 0, 1])],
    )
    styles = [(s.dash, s.marker) for s in chart.series]
    assert styles == list(LINE_STYLES[:3])
    assert len(set(styles)) == 3
    received = chart.series[0]
    assert received.points[0].x < received.points[-1].x
    assert received.points[0].y > received.points[-1].y  # higher values are drawn higher up
    assert received.marker_path.count("M") == 3
