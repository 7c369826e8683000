"""Charts for the summary and the report: matplotlib on the Agg backend, PNG bytes in memory.

Each call builds its own ``Figure`` (no pyplot, no global figure state), so nothing is shared
between patients. Readable on a phone: 768 x 552 px, large fonts, two colours (blue frequency,
orange severity / this cycle) that stay apart for colour-blind readers, each with its own
marker. Rendering is CPU work: callers run it in a worker thread (``asyncio.to_thread``); a lock
keeps one render at a time, since matplotlib does not promise thread safety.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from service.domain.summary import (
    CycleCurve,
    DayEntry,
    Event,
    Period,
    daily_series,
    mean_curve,
    weekly_averages,
)
from service.reports.text import span
from service.texts import fmt_date, t

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


PHONE = Style(title=15, label=13, tick=12, legend=11.5, line=2.2, marker=6.5)
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
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


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


def _day_label(value: float, _pos: int | None = None) -> str:
    from matplotlib.dates import num2date

    day = num2date(value)
    return f"{day.day} {day:%b}"


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
    line. Longer: weekly averages.
    """
    from matplotlib.dates import AutoDateLocator, DateFormatter, date2num
    from matplotlib.ticker import FuncFormatter

    lw, ms = style.line, style.marker
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
        rows = [r for r in weekly_averages(entries, period) if r.means.rated_days]
        x_values = date2num([r.start + (r.end - r.start) / 2 for r in rows])
        freq = [None if r.means.frequency is None else float(r.means.frequency) for r in rows]
        sev = [None if r.means.severity is None else float(r.means.severity) for r in rows]
        labels = (t("sum_chart_frequency_weekly", lang), t("sum_chart_severity_weekly", lang))
    ax.plot(x_values, _nan(freq), color=BLUE, marker="o", lw=lw, ms=ms, label=labels[0])
    ax.plot(x_values, _nan(sev), color=ORANGE, marker="s", ls="--", lw=lw, ms=ms, label=labels[1])
    pad = timedelta(days=max(1, period.days // 40))
    ax.set_xlim(period.start - pad, period.end + pad)  # type: ignore[arg-type]
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=6))
    if period.days <= 200:
        ax.xaxis.set_major_formatter(FuncFormatter(_day_label))
    else:
        ax.xaxis.set_major_formatter(DateFormatter("%b %Y"))
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


def event_key(events: Sequence[Event], lang: str) -> str:
    """'B Botox · A appointment' for the event kinds present (for captions and the report)."""
    kinds = [k for k in EVENT_LETTERS if any(e.kind == k for e in events)]
    names = {k: t(f"sum_event_{k}", lang) for k in kinds}
    return " · ".join(f"{EVENT_LETTERS[k]} = {names[k]}" for k in kinds)


def _phone_figure(title: str, top: float = 0.8) -> tuple[Figure, Axes]:
    fig = new_figure(figsize=PHONE_SIZE, dpi=PHONE_DPI)
    fig.subplots_adjust(left=0.11, right=0.97, top=top, bottom=0.15)
    fig.suptitle(title, fontsize=PHONE.title, x=0.02, y=0.98, ha="left")
    return fig, fig.add_subplot()


def _phone_legend(fig: Figure, ax: Axes) -> None:
    """The legend in a band under the title, so it never covers the data."""
    fig.legend(
        *ax.get_legend_handles_labels(),
        loc="upper left",
        bbox_to_anchor=(0.02, 0.92),
        ncols=2,
        fontsize=PHONE.legend,
        frameon=False,
        handlelength=2.4,
        columnspacing=1.2,
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


def over_time_png(
    entries: Sequence[DayEntry], period: Period, events: Sequence[Event], lang: str
) -> bytes:
    """The phone picture: frequency and severity over the period, events marked."""
    with RENDER_LOCK:
        fig, ax = _phone_figure(over_time_title(period, lang))
        draw_over_time(ax, entries, period, events, lang, PHONE)
        _phone_legend(fig, ax)
        return png_of(fig)


def over_time_title(period: Period, lang: str) -> str:
    """'Your spasms, Sun 25 Oct – Mon 23 Nov'."""
    start, end = span(period, lang)
    return t("sum_chart_title", lang, start=start, end=end)


def draw_cycles(
    ax: Axes,
    curves: Sequence[CycleCurve],
    interval_weeks: int,
    lang: str,
    style: Style,
) -> None:
    """Botox cycles overlaid: x = days since injection, y = weekly mean severity."""
    earlier = [c for c in curves if not c.current and c.points]
    current = [c for c in curves if c.current and c.points]
    ax.axvspan(*ONSET_DAYS, color="#eeeeee", zorder=0, label=t("sum_chart_onset", lang))
    planned = interval_weeks * 7
    ax.axvline(planned, color=GREY, ls=":", lw=1.2)
    ax.text(
        planned,
        4.33,
        t("sum_chart_planned", lang, weeks=interval_weeks),
        ha="right",
        va="bottom",
        fontsize=style.tick,
        color=GREY,
    )
    for i, curve in enumerate(earlier):
        xs, ys = zip(*curve.points, strict=True)
        ax.plot(
            xs,
            ys,
            color=LIGHT_BLUE,
            lw=style.line * 0.5,
            marker=".",
            ms=style.marker * 0.7,
            label=t("sum_chart_earlier", lang, n=len(earlier)) if i == 0 else None,
        )
    if len(earlier) > 1:
        xs, ys = zip(*mean_curve(earlier), strict=True)
        ax.plot(
            xs,
            ys,
            color=BLUE,
            lw=style.line,
            ls="--",
            marker="o",
            ms=style.marker,
            label=t("sum_chart_earlier_mean", lang),
        )
    for curve in current:
        xs, ys = zip(*curve.points, strict=True)
        ax.plot(
            xs,
            ys,
            color=ORANGE,
            lw=style.line * 1.3,
            marker="s",
            ms=style.marker * 1.1,
            label=t("sum_chart_this_cycle", lang, date=fmt_date(curve.injected_on, lang)),
        )
    longest = max([p[0] for c in curves for p in c.points] + [planned + 7.0])
    ax.set_xlim(0, longest + 4)
    _style_axes(ax, style, t("sum_chart_days_since", lang), t("sum_chart_severity_axis", lang))


def cycles_png(curves: Sequence[CycleCurve], interval_weeks: int, lang: str) -> bytes:
    """The phone picture of the Botox cycles."""
    with RENDER_LOCK:
        fig, ax = _phone_figure(t("sum_chart_cycles_title", lang), top=0.74)
        draw_cycles(ax, curves, interval_weeks, lang, PHONE)
        _phone_legend(fig, ax)
        return png_of(fig)
