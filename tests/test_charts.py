"""The phone charts as drawn: what the letters mean, ticks inside the picture, the period's axis,
weeks at their own day numbers and thin weeks never drawn as full points. Figures are checked
before (and after) rendering; the caption end to end through the emulator."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING

import pytest

from service.db.engine import Database
from service.domain.summary import Cycle, DayEntry, Event, Period, cycle_curves, mean_curve
from service.reports.charts import cycles_figure, over_time_figure, png_of
from tests.conftest import Harness, onboard
from tests.test_summary import BERLIN, TODAY, add_cycles, seed_days, span

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D


def rated(first: date, days: range, value: int) -> list[DayEntry]:
    """Complete days ``first + k`` for k in ``days``, frequency and severity ``value``."""
    return [DayEntry(first + timedelta(days=k), "complete", value, value, 1) for k in days]


def legend_texts(fig: Figure) -> list[str]:
    return [text.get_text() for legend in fig.legends for text in legend.get_texts()]


def data_lines(ax: Axes) -> list[Line2D]:
    """The plotted lines with data (not legend-only handles or reference lines)."""
    return [
        line for line in ax.get_lines() if len(line.get_xdata()) and line.get_linestyle() != ":"
    ]


def full_lines(ax: Axes) -> list[Line2D]:
    """Lines drawn as full points: filled markers."""
    return [line for line in data_lines(ax) if line.get_markerfacecolor() != "white"]


def hollow_lines(ax: Axes) -> list[Line2D]:
    return [line for line in data_lines(ax) if line.get_markerfacecolor() == "white"]


# ---- what the letters mean ----------------------------------------------------------------------
def test_the_picture_names_each_letter_it_draws() -> None:
    period = Period(TODAY - timedelta(days=29), TODAY)
    entries = rated(period.start, range(30), 2)
    events = [
        Event(TODAY - timedelta(days=20), "botox"),
        Event(TODAY - timedelta(days=14), "surgery"),
        Event(TODAY - timedelta(days=7), "med", "Baclofen"),
        Event(TODAY - timedelta(days=2), "appointment"),
    ]
    fig = over_time_figure(entries, period, events, "en")
    labels = legend_texts(fig)
    for name in ("Botox injection", "Surgery", "Medication change", "Appointment"):
        assert name in labels
    drawn = {text.get_text() for text in fig.axes[0].texts}
    assert drawn == {"B", "S", "M", "A"}
    only_botox = over_time_figure(entries, period, events[:1], "en")
    assert "Botox injection" in legend_texts(only_botox)
    assert "Surgery" not in legend_texts(only_botox)
    assert "Appointment" not in legend_texts(over_time_figure(entries, period, [], "en"))


async def test_the_photo_caption_says_what_the_letters_mean(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7301)
    await onboard(harness, 7301, zone=BERLIN)
    await seed_days(db, 7301, span(-29, -1, (2, 2, 1)))
    await add_cycles(db, 7301, TODAY - timedelta(days=12))
    reply = await user.say("/summary")
    assert reply.kind == "photo" and reply.photo is not None
    caption = reply.text or ""
    assert "last 30 days" in caption and len(caption) <= 1024
    assert caption.endswith("Letters on the chart: B = Botox injection.")


# ---- tick labels inside the picture -------------------------------------------------------------
@pytest.mark.parametrize(
    ("days", "end"),
    [
        (7, date(2026, 11, 30)),
        (14, date(2026, 11, 30)),
        (30, date(2026, 11, 30)),  # "1 Dec" used to be cut to "1 De" at the right edge
        (30, date(2026, 12, 31)),
        (90, date(2026, 11, 30)),
        (150, date(2026, 12, 31)),
        (365, date(2026, 11, 30)),
        (700, date(2026, 12, 31)),
    ],
)
def test_every_tick_label_fits_in_the_picture_and_none_overlap(days: int, end: date) -> None:
    period = Period(end - timedelta(days=days - 1), end)
    fig = over_time_figure(rated(period.start, range(days), 2), period, [], "en")
    png_of(fig)  # draws the figure, as sent
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax = fig.axes[0]
    low, high = ax.get_xlim()
    boxes = []
    for label, tick in zip(ax.get_xticklabels(), ax.get_xticks(), strict=True):
        if not label.get_text() or not low <= tick <= high:
            continue
        box = label.get_window_extent(renderer)
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1, (label.get_text(), box)
        assert fig.bbox.y0 <= box.y0 and box.y1 <= fig.bbox.y1, (label.get_text(), box)
        boxes.append(box)
    assert len(boxes) >= 3
    for left, right in pairwise(boxes):
        assert left.x1 < right.x0, "tick labels overlap"
    for artist in [*ax.get_yticklabels(), ax.xaxis.label, ax.yaxis.label, *fig.legends]:
        box = artist.get_window_extent(renderer)
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 + 0.5, artist
        assert fig.bbox.y0 <= box.y0 and box.y1 <= fig.bbox.y1 + 0.5, artist


# ---- the axis spans the period ------------------------------------------------------------------
@pytest.mark.parametrize("days", [7, 30, 90])
def test_the_axis_starts_at_the_periods_first_day_not_the_first_rating(days: int) -> None:
    from matplotlib.dates import date2num

    period = Period(TODAY - timedelta(days=days - 1), TODAY)
    entries = rated(TODAY - timedelta(days=4), range(5), 1)  # rated only the last 5 days
    ax = over_time_figure(entries, period, [], "en").axes[0]
    start, end = date2num(period.start), date2num(period.end)
    low, high = ax.get_xlim()
    assert start - 0.5 <= low <= start  # the first day, a half-day margin for its marker
    assert end <= high <= end + 0.5
    ticks = ax.get_xticks()
    assert all(start <= x <= end for x in ticks)  # no tick for a day outside the period
    assert end in ticks  # today is labelled


# ---- Botox cycles: weeks at their own day numbers, thin weeks apart --------------------------
def test_a_cycle_week_sits_at_its_rated_days() -> None:
    injected = TODAY - timedelta(days=40)
    entries = rated(injected, range(0, 7), 3)  # week 0: days 0-6 -> day 3
    entries += rated(injected, range(11, 14), 1)  # week 1: days 11-13 only -> day 12
    entries += rated(injected, range(14, 21), 1)  # week 2: full -> day 17
    entries += rated(injected, range(21, 22), 4)  # week 3: one day -> day 21, thin
    (curve,) = cycle_curves([Cycle(injected)], entries, TODAY)
    assert curve.points == ((3.0, 3.0), (12.0, 1.0), (17.0, 1.0), (21.0, 4.0))
    assert curve.rated == (7, 3, 7, 1)
    assert curve.full_points() == ((3.0, 3.0), (12.0, 1.0), (17.0, 1.0))
    assert curve.thin_points() == ((21.0, 4.0),)


def test_the_cycles_chart_never_draws_a_one_day_week_as_a_full_point() -> None:
    first, second, current = (TODAY - timedelta(days=d) for d in (180, 96, 15))
    entries = rated(first, range(0, 84), 2)
    entries += rated(second, range(0, 70), 2)
    entries += rated(second, range(77, 78), 4)  # the second cycle's last week: one day
    entries += rated(current, range(0, 14), 1)
    entries += rated(current, range(14, 15), 4)  # yesterday, day 14: a week of one day so far
    cycles = [Cycle(first), Cycle(second), Cycle(current)]
    curves = cycle_curves(cycles, entries, TODAY)
    fig = cycles_figure(curves, 12, "en")
    ax = fig.axes[0]
    for line in full_lines(ax):
        assert 4.0 not in list(line.get_ydata()), (line.get_label(), line.get_ydata())
    hollow = {(float(x), float(y)) for line in hollow_lines(ax) for x, y in line.get_xydata()}
    assert (14.0, 4.0) in hollow and (77.0, 4.0) in hollow
    assert "Hollow: under 3 rated days" in legend_texts(fig)
    # The earlier cycles' average rests on full weeks only: in week 11 only the first cycle's.
    assert mean_curve(curves[:2])[-1] == (80.0, 2.0)
    # Each full week of the current cycle at its own days: 0-6 -> 3, 7-13 -> 10.
    orange = [line for line in full_lines(ax) if line.get_color() == "#d9600b"]
    assert [list(line.get_xdata()) for line in orange] == [[3.0, 10.0]]
    # Without a thin week, no hollow marker and nothing about them in the legend.
    curves = cycle_curves([Cycle(current)], rated(current, range(0, 14), 1), TODAY)
    fig = cycles_figure(curves, 12, "en")
    assert not hollow_lines(fig.axes[0])
    assert not any(text.startswith("Hollow") for text in legend_texts(fig))


# ---- /summary all: the last incomplete week --------------------------------------------------
def test_the_last_incomplete_week_of_all_is_not_a_spike() -> None:
    from matplotlib.dates import date2num

    today = date(2026, 11, 30)  # a Monday: its week has one day so far
    start = today - timedelta(days=250)
    entries = rated(start, range(0, 250), 3) + rated(today, range(1), 0)
    period = Period(start, today)
    fig = over_time_figure(entries, period, [], "en")
    ax = fig.axes[0]
    for line in full_lines(ax):
        ys = [y for y in line.get_ydata() if y == y]
        assert ys and min(ys) == 3.0, (line.get_label(), ys)
    hollow = {(float(x), float(y)) for line in hollow_lines(ax) for x, y in line.get_xydata()}
    assert (float(date2num(today)), 0.0) in hollow
    assert "Hollow: under 3 rated days" in legend_texts(fig)


# ---- the report's charts: vector images for the PDF ---------------------------------------------
def test_a_paper_chart_is_svg_with_its_legend_inside_and_no_metadata() -> None:
    from xml.etree import ElementTree

    from service.reports.charts import PAPER, draw_over_time, legend_above, paper_figure, svg_of

    period = Period(TODAY - timedelta(days=89), TODAY)
    fig, ax = paper_figure(7.3, 3.0)
    draw_over_time(ax, rated(period.start, range(90), 2), period, [], "en", PAPER)
    legend_above(ax, PAPER)
    svg = svg_of(fig)
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg") and b"<metadata>" not in svg
    assert root.get("width") == "525.6pt" and root.get("height") == "216pt"  # 7.3 x 3.0 in
    # Constrained layout keeps the legend above the axes inside the figure.
    legend = ax.get_legend()
    assert legend is not None
    box = legend.get_window_extent()
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width and box.y1 <= fig.bbox.height


def test_years_of_weeks_are_drawn_as_lines_without_markers() -> None:
    from service.reports.charts import MARKERS_MAX, PAPER, draw_over_time, paper_figure

    for days, markers in ((7 * (MARKERS_MAX - 10), True), (7 * (MARKERS_MAX + 40), False)):
        period = Period(TODAY - timedelta(days=days - 1), TODAY)
        _, ax = paper_figure(7.3, 3.0)
        draw_over_time(ax, rated(period.start, range(days), 2), period, [], "en", PAPER)
        full = full_lines(ax)
        assert len(full) == 2 and all(len(line.get_xdata()) > 100 for line in full)
        assert all((line.get_markersize() > 0) is markers for line in full), days
