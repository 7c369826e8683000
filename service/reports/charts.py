"""Charts for the summary and the report: matplotlib on the Agg backend, PNG bytes in memory.

Each call builds its own ``Figure`` (no pyplot, no global figure state), so nothing is shared
between patients. Readable on a phone: 768 x 552 px, large fonts, two colours (blue frequency,
orange severity / this cycle) that stay apart for colour-blind readers, each with its own
marker. Rendering is CPU work: callers run it in a worker thread (``asyncio.to_thread``); a lock
keeps one render at a time, since matplotlib does not promise thread safety.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from babel.dates import format_date

from service.domain.summary import (
    MIN_WEEK_DAYS,
    CycleCurve,
    DayEntry,
    Event,
    Period,
    daily_series,
    mean_curve,
    weekly_averages,
)
from service.reports.text import span
from service.texts import fmt_date, t, without_isolates
from service.texts.families import CHART_EVENT, SUM_EVENT

if TYPE_CHECKING:  # matplotlib (~40 MB, ~1 s) loads with the first chart, not at start-up
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

BLUE = "#1f5fa8"
ORANGE = "#d9600b"
GREY = "#555555"
LIGHT_BLUE = "#9dbbe0"
#: Phone chart: 6.4 x 4.6 inches at 120 dpi = 768 x 552 pixels.
PHONE_SIZE = (6.4, 4.6)
PHONE_DPI = 120
#: Daily points up to this many days; weekly averages beyond, so a year stays readable.
DAILY_MAX_DAYS = 92
#: Clinical reference lines on the cycle chart (docs/summaries.md cites the sources).
ONSET_DAYS = (4, 8)
#: More points than this on the over-time chart are drawn as lines without markers.
MARKERS_MAX = 120
EVENT_LETTERS = {"botox": "B", "surgery": "S", "appointment": "A", "med": "M"}

RENDER_LOCK = threading.Lock()


@dataclass(frozen=True)
class Style:
    """Font sizes and line widths for one medium (phone picture or printed page)."""

    title: float
    label: float
    tick: float
    legend: float
    line: float
    marker: float


PHONE = Style(title=16, label=13.5, tick=13.5, legend=13, line=2.4, marker=7)
PAPER = Style(title=10.5, label=9, tick=8, legend=8, line=1.4, marker=3.5)


def use_agg() -> None:
    """Load matplotlib on its Agg backend: no GUI, ever (before anything imports pyplot)."""
    import matplotlib

    matplotlib.use("Agg")


def new_figure(**kwargs: object) -> Figure:
    """A matplotlib Figure, loading matplotlib on first use."""
    use_agg()
    from matplotlib.figure import Figure

    return Figure(**kwargs)  # type: ignore[arg-type]


def png_of(fig: Figure, dpi: int = PHONE_DPI) -> bytes:
    """Render a figure to PNG bytes (its size is figsize x dpi; no tight bounding box)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    _visual_texts(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def paper_figure(width: float, height: float) -> tuple[Figure, Axes]:
    """A chart for the printed report, ``width`` x ``height`` inches, laid out so its legend
    (above the axes) and tick labels stay inside the picture."""
    use_agg()
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    fig = new_figure(
        figsize=(width, height), layout=ConstrainedLayoutEngine(w_pad=0.02, h_pad=0.02)
    )
    return fig, fig.add_subplot()


_SVG_METADATA = re.compile(rb"<metadata>.*?</metadata>", re.DOTALL)


def svg_of(fig: Figure) -> bytes:
    """The figure as SVG (vector; text drawn as outlines), ready to embed in the PDF. The
    metadata block is dropped: the PDF library does not read it."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(fig)
    _visual_texts(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return _SVG_METADATA.sub(b"", buffer.getvalue())


def _style_axes(ax: Axes, style: Style, xlabel: str, ylabel: str, top: float = 4.3) -> None:
    ax.set_ylim(-0.2, top)
    ax.set_yticks([0, 1, 2, 3, 4])
    ax.set_xlabel(xlabel, fontsize=style.label)
    ax.set_ylabel(ylabel, fontsize=style.label)
    ax.tick_params(labelsize=style.tick)
    ax.grid(True, axis="y", color="#dddddd", linewidth=0.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _nan(ys: Sequence[float | None]) -> list[float]:
    """None as NaN, so lines break over days without a rating."""
    return [float("nan") if y is None else y for y in ys]


def rolling_mean(ys: Sequence[float | None], window: int = 7) -> list[float | None]:
    """Trailing mean over ``window`` days (at least 3 rated days in it, else None)."""
    out: list[float | None] = []
    for i in range(len(ys)):
        chunk = [y for y in ys[max(0, i - window + 1) : i + 1] if y is not None]
        out.append(sum(chunk) / len(chunk) if len(chunk) >= 3 else None)
    return out


def _day_labeller(lang: str, *, month_only: bool = False) -> Callable[[float, int | None], str]:
    """Tick labels in the patient's language: '8 Nov' / 'Nov 2026' ('8. Nov.', '8 нояб.')."""
    from matplotlib.dates import num2date

    def label(value: float, _pos: int | None = None) -> str:
        day = num2date(value).date()
        if month_only:
            return str(format_date(day, "LLL y", locale=lang))
        return fmt_date(day, lang, weekday=False)

    return label


def _visual_texts(fig: Figure) -> None:
    """Every title, label and legend entry of ``fig`` without the chat's direction isolates
    (the font has no glyph for them; matplotlib 3.11+ shapes and orders right-to-left text)."""
    from matplotlib.text import Text

    for artist in fig.findobj(Text):
        text = artist.get_text()
        if text:
            artist.set_text(without_isolates(text))


def _event_levels(events: Sequence[Event], gap: float) -> list[tuple[Event, int]]:
    """Stack letters of events closer than ``gap`` days in rows so none overlap."""
    placed: list[tuple[Event, int]] = []
    seen: set[tuple[date, str]] = set()
    for event in sorted(events, key=lambda e: e.day):
        if (event.day, event.kind) in seen:
            continue
        seen.add((event.day, event.kind))
        level = 0
        while any(
            lvl == level and abs((event.day - other.day).days) < gap for other, lvl in placed
        ):
            level += 1
        placed.append((event, level))
    return placed


def _thin_style(color: str, marker: str, ms: float) -> dict[str, object]:
    """A hollow marker: a week resting on too few rated days to be a full point."""
    return {
        "ls": "none",
        "marker": marker,
        "ms": ms,
        "color": color,
        "mfc": "white",
        "mec": color,
        "mew": 1.6,
    }


def _rated_day_mean(entries: Sequence[DayEntry], start: date, end: date) -> date:
    """The middle of the rated days from ``start`` to ``end``: where that week's mean belongs."""
    days = [
        e.day
        for e in entries
        if start <= e.day <= end and (e.frequency is not None or e.severity is not None)
    ]
    offset = sum((d - start).days for d in days) / len(days) if days else (end - start).days / 2
    return start + timedelta(days=round(offset))


def _weekly_points(
    entries: Sequence[DayEntry], period: Period
) -> tuple[list[date], list[float | None], list[float | None], list[bool]]:
    """Each week with a rating: its rated days' middle, mean frequency and severity, and
    whether it rests on at least ``MIN_WEEK_DAYS`` rated days (a full point)."""
    xs: list[date] = []
    freq: list[float | None] = []
    sev: list[float | None] = []
    full: list[bool] = []
    for row in weekly_averages(entries, period):
        if not row.means.rated_days:
            continue
        xs.append(_rated_day_mean(entries, row.start, row.end))
        freq.append(None if row.means.frequency is None else float(row.means.frequency))
        sev.append(None if row.means.severity is None else float(row.means.severity))
        full.append(row.means.rated_days >= MIN_WEEK_DAYS)
    return xs, freq, sev, full


def _date_ticks(ax: Axes, period: Period, lang: str) -> None:
    """Date ticks inside the period only: up to 92 days every 1, 2, 7, 14 or 28 days counted
    back from its last day (today), labelled '8 Nov'; longer, at month starts."""
    from matplotlib.dates import AutoDateLocator, date2num
    from matplotlib.ticker import FixedLocator, FuncFormatter

    if period.days <= DAILY_MAX_DAYS:
        step = next(s for s in (1, 2, 7, 14, 28) if (period.days - 1) // s + 1 <= 7)
        days = [period.end - timedelta(days=k) for k in range(0, period.days, step)]
        ticks = list(date2num(days))
    else:
        first = datetime.combine(period.start, time())
        last = datetime.combine(period.end, time())
        ticks = [
            x
            for x in AutoDateLocator(minticks=3, maxticks=6).tick_values(first, last)
            if date2num(first) <= x <= date2num(last)
        ]
    ax.xaxis.set_major_locator(FixedLocator(sorted(ticks)))
    if period.days <= 200:
        ax.xaxis.set_major_formatter(FuncFormatter(_day_labeller(lang)))
    else:
        ax.xaxis.set_major_formatter(FuncFormatter(_day_labeller(lang, month_only=True)))


def draw_over_time(
    ax: Axes,
    entries: Sequence[DayEntry],
    period: Period,
    events: Sequence[Event],
    lang: str,
    style: Style,
) -> None:
    """Frequency and severity over the period, with treatment events as lettered lines.

    Up to 31 days: each day. Up to 92 days: each day faintly, and the 7-day average as the
    line. Longer: weekly averages; a week with fewer than ``MIN_WEEK_DAYS`` rated days (e.g.
    the week that began yesterday) is a hollow marker off the line, never a full point. The
    x axis runs from the period's first day to its last, whenever the first rating came.
    """
    from matplotlib.dates import date2num

    lw, ms = style.line, style.marker
    thin: tuple[list[date], list[float | None], list[float | None]] = ([], [], [])
    if period.days <= DAILY_MAX_DAYS:
        xs, freq, sev = daily_series(entries, period)
        if period.days <= 31:
            labels = (t("sum_chart_frequency", lang), t("sum_chart_severity", lang))
        else:
            faint = date2num(xs)
            ax.plot(faint, _nan(freq), "o", color=BLUE, ms=style.marker * 0.6, alpha=0.3)
            ax.plot(faint, _nan(sev), "s", color=ORANGE, ms=style.marker * 0.6, alpha=0.3)
            freq, sev = rolling_mean(freq), rolling_mean(sev)
            labels = (t("sum_chart_frequency_avg", lang), t("sum_chart_severity_avg", lang))
            lw, ms = style.line * 1.2, 0
        x_values = date2num(xs)
    else:
        days, all_freq, all_sev, full = _weekly_points(entries, period)
        x_values = date2num([d for d, f in zip(days, full, strict=True) if f])
        freq = [y for y, f in zip(all_freq, full, strict=True) if f]
        sev = [y for y, f in zip(all_sev, full, strict=True) if f]
        thin = (
            [d for d, f in zip(days, full, strict=True) if not f],
            [y for y, f in zip(all_freq, full, strict=True) if not f],
            [y for y, f in zip(all_sev, full, strict=True) if not f],
        )
        labels = (t("sum_chart_frequency_weekly", lang), t("sum_chart_severity_weekly", lang))
    if len(x_values) > MARKERS_MAX:
        ms = 0  # years of weeks: the lines alone stay readable (and quick to draw)
    ax.plot(x_values, _nan(freq), color=BLUE, marker="o", lw=lw, ms=ms, label=labels[0])
    ax.plot(x_values, _nan(sev), color=ORANGE, marker="s", ls="--", lw=lw, ms=ms, label=labels[1])
    if thin[0]:
        thin_x = date2num(thin[0])
        ax.plot(thin_x, _nan(thin[1]), **_thin_style(BLUE, "o", style.marker))  # type: ignore[arg-type]
        ax.plot(thin_x, _nan(thin[2]), **_thin_style(ORANGE, "s", style.marker))  # type: ignore[arg-type]
        ax.plot(
            [],
            [],
            label=t("sum_chart_thin_week", lang, n=MIN_WEEK_DAYS),
            **_thin_style(GREY, "o", style.marker),  # type: ignore[arg-type]
        )
    pad = 0.5 if period.days <= DAILY_MAX_DAYS else period.days / 80
    start, end = date2num(period.start), date2num(period.end)
    ax.set_xlim(start - pad, end + pad)
    _date_ticks(ax, period, lang)
    _style_axes(ax, style, t("sum_chart_date", lang), t("sum_chart_rating", lang), top=5.0)
    for event, level in _event_levels(events, gap=max(2.0, period.days / 25)):
        ax.axvline(event.day, ymax=0.93, color=GREY, lw=1, ls=":", zorder=0)  # type: ignore[arg-type]
        ax.text(
            event.day,  # type: ignore[arg-type]
            4.85 - 0.4 * level,
            EVENT_LETTERS[event.kind],
            ha="center",
            va="top",
            fontsize=style.tick,
            color=GREY,
            fontweight="bold",
        )


def event_handles(events: Sequence[Event], lang: str, style: Style) -> tuple[list[Any], list[str]]:
    """Legend entries for the event kinds present: the letter as the marker, then its name."""
    from matplotlib.lines import Line2D

    handles: list[Any] = []
    labels: list[str] = []
    for kind, letter in EVENT_LETTERS.items():
        if any(e.kind == kind for e in events):
            handles.append(
                Line2D(
                    [],
                    [],
                    color=GREY,
                    ls=":",
                    lw=1,
                    marker=f"$\\mathbf{{{letter}}}$",
                    ms=style.tick * 0.9,
                )
            )
            labels.append(t(CHART_EVENT[kind], lang))
    return handles, labels


def event_key(events: Sequence[Event], lang: str) -> str:
    """'B Botox · A appointment' for the event kinds present (for captions and the report)."""
    kinds = [k for k in EVENT_LETTERS if any(e.kind == k for e in events)]
    names = {k: t(SUM_EVENT[k], lang) for k in kinds}
    return " · ".join(f"{EVENT_LETTERS[k]} = {names[k]}" for k in kinds)


def _phone_figure() -> tuple[Figure, Axes]:
    """A phone picture with constrained layout: title, legend and tick labels all inside."""
    use_agg()
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    layout = ConstrainedLayoutEngine(w_pad=0.06, h_pad=0.04)
    fig = new_figure(figsize=PHONE_SIZE, dpi=PHONE_DPI, layout=layout)
    return fig, fig.add_subplot()


def _phone_legend(
    fig: Figure, ax: Axes, title: str, extra: tuple[list[Any], list[str]] = ([], [])
) -> None:
    """The title and, under it, the legend, in a band above the axes so it never covers the
    data (the title is the legend's, so the layout keeps them apart)."""
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(
        [*handles, *extra[0]],
        [*labels, *extra[1]],
        loc="outside upper left",
        ncols=2,
        title=title,
        title_fontsize=PHONE.title,
        alignment="left",
        fontsize=PHONE.legend,
        frameon=False,
        handlelength=2.0,
        columnspacing=1.0,
        handletextpad=0.5,
        labelspacing=0.3,
        borderaxespad=0.1,
    )


def legend_above(ax: Axes, style: Style) -> None:
    """The legend in a band above a paper chart's axes."""
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0, 1.01),
        ncols=2,
        fontsize=style.legend,
        frameon=False,
        borderaxespad=0,
    )


def over_time_figure(
    entries: Sequence[DayEntry], period: Period, events: Sequence[Event], lang: str
) -> Figure:
    """The phone figure (not yet drawn): frequency and severity, events lettered and named."""
    fig, ax = _phone_figure()
    draw_over_time(ax, entries, period, events, lang, PHONE)
    _phone_legend(fig, ax, over_time_title(period, lang), event_handles(events, lang, PHONE))
    return fig


def over_time_png(
    entries: Sequence[DayEntry], period: Period, events: Sequence[Event], lang: str
) -> bytes:
    """The phone picture: frequency and severity over the period, events marked."""
    with RENDER_LOCK:
        return png_of(over_time_figure(entries, period, events, lang))


def over_time_title(period: Period, lang: str) -> str:
    """'Your spasms, Sun 25 Oct – Mon 23 Nov'."""
    start, end = span(period, lang)
    return t("sum_chart_title", lang, start=start, end=end)


def _curve(ax: Axes, points: Sequence[tuple[float, float]], **line: object) -> None:
    """One cycle line (or its hollow weeks), if it has any points."""
    if points:
        xs, ys = zip(*points, strict=True)
        ax.plot(xs, ys, **line)  # type: ignore[arg-type]


def draw_cycles(
    ax: Axes,
    curves: Sequence[CycleCurve],
    interval_weeks: int,
    lang: str,
    style: Style,
) -> None:
    """Botox cycles overlaid: x = days since injection, y = weekly mean severity.

    Each week sits at its rated days' mean day number. A week with fewer than
    ``MIN_WEEK_DAYS`` rated days is a hollow marker off the line (explained in the legend),
    and the earlier cycles' average uses full weeks only."""
    earlier = [c for c in curves if not c.current and c.points]
    current = [c for c in curves if c.current and c.points]
    ax.axvspan(*ONSET_DAYS, color="#eeeeee", zorder=0, label=t("sum_chart_onset", lang))
    planned = interval_weeks * 7
    ax.axvline(planned, color=GREY, ls=":", lw=1.2)
    ax.text(
        planned - 1,
        4.35,
        t("sum_chart_planned", lang, weeks=interval_weeks),
        ha="right",
        va="bottom",
        fontsize=style.tick,
        color=GREY,
    )
    thin = False
    for i, curve in enumerate(earlier):
        label = t("sum_chart_earlier", lang, n=len(earlier)) if i == 0 else None
        ax.plot([], [], color=LIGHT_BLUE, lw=style.line * 0.6, marker=".", label=label)
        full = {"color": LIGHT_BLUE, "marker": ".", "lw": style.line * 0.6, "ms": style.marker}
        _curve(ax, curve.full_points(), **full)
        _curve(ax, curve.thin_points(), **_thin_style(LIGHT_BLUE, "o", style.marker * 0.6))
        thin = thin or bool(curve.thin_points())
    mean = mean_curve(earlier) if len(earlier) > 1 else ()
    _curve(
        ax,
        mean,
        color=BLUE,
        marker="o",
        lw=style.line,
        ls="--",
        ms=style.marker,
        label=t("sum_chart_earlier_mean", lang),
    )
    for curve in current:
        label = t("sum_chart_this_cycle", lang, date=fmt_date(curve.injected_on, lang))
        ax.plot([], [], color=ORANGE, lw=style.line * 1.3, marker="s", label=label)
        full = {"color": ORANGE, "marker": "s", "lw": style.line * 1.3, "ms": style.marker * 1.1}
        _curve(ax, curve.full_points(), **full)
        _curve(ax, curve.thin_points(), **_thin_style(ORANGE, "s", style.marker * 1.1))
        thin = thin or bool(curve.thin_points())
    if thin:
        ax.plot(
            [],
            [],
            label=t("sum_chart_thin_week", lang, n=MIN_WEEK_DAYS),
            **_thin_style(GREY, "o", style.marker),  # type: ignore[arg-type]
        )
    longest = max([p[0] for c in curves for p in c.points] + [planned + 7.0])
    ax.set_xlim(-2, longest + 4)  # room for a marker on the injection day
    ax.set_xticks([x for x in range(0, int(longest) + 4, 20)])
    _style_axes(
        ax, style, t("sum_chart_days_since", lang), t("sum_chart_severity_axis", lang), top=4.9
    )


def cycles_figure(curves: Sequence[CycleCurve], interval_weeks: int, lang: str) -> Figure:
    """The phone figure (not yet drawn) of the Botox cycles."""
    fig, ax = _phone_figure()
    draw_cycles(ax, curves, interval_weeks, lang, PHONE)
    _phone_legend(fig, ax, t("sum_chart_cycles_title", lang))
    return fig


def cycles_png(curves: Sequence[CycleCurve], interval_weeks: int, lang: str) -> bytes:
    """The phone picture of the Botox cycles."""
    with RENDER_LOCK:
        return png_of(cycles_figure(curves, interval_weeks, lang))
