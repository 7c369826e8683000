"""The doctor's report: an A4 PDF of one or two pages, made with matplotlib's PdfPages.

Why matplotlib and not a PDF library: the charts are matplotlib figures already, PdfPages writes
them as vector graphics with selectable text (pypdf can extract it), and it needs no further
dependency. The page is laid out top to bottom with a small cursor (``Page``); tables are
matplotlib tables.
"""

from __future__ import annotations

import io
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING

from service.domain.summary import (
    MIN_DAYS,
    CycleCurve,
    CycleRow,
    Summary,
    WeekRow,
    weekly_averages,
)
from service.reports import charts
from service.reports.text import num
from service.texts import MESSAGES, t

if TYPE_CHECKING:  # matplotlib loads with the first report, not at start-up
    from matplotlib.axes import Axes

A4 = (8.27, 11.69)  # inches
MARGIN = 0.6
WRAP_CHARS = 118  # characters per line at 8.5 pt across the text width
MAX_WEEK_ROWS = 16
MAX_NOTES = 8
NOTE_CHARS = 220


@dataclass(frozen=True)
class ReportInput:
    """Everything the PDF shows, computed before rendering (rendering reads no database)."""

    summary: Summary
    days: int | None
    lang: str
    made: date
    created: datetime
    side: str
    treatment: str
    zone: str
    checkin: str
    interval_weeks: int
    curves: tuple[CycleCurve, ...]
    cycle_rows: tuple[CycleRow, ...]


class Page:
    """One A4 figure with a top-down cursor (inches from the bottom edge)."""

    def __init__(self) -> None:
        self.fig = charts.new_figure(figsize=A4)
        self.y = A4[1] - MARGIN
        self.width = A4[0] - 2 * MARGIN

    def text(
        self,
        value: str,
        size: float = 8.5,
        *,
        bold: bool = False,
        color: str = "black",
        wrap: int = WRAP_CHARS,
    ) -> None:
        """Wrapped text lines at the cursor."""
        lines = textwrap.wrap(value, int(wrap * 8.5 / size)) or [""]
        for line in lines:
            self.fig.text(
                MARGIN / A4[0],
                self.y / A4[1],
                line,
                fontsize=size,
                fontweight="bold" if bold else "normal",
                color=color,
                va="top",
            )
            self.y -= size * 1.4 / 72

    def heading(self, value: str) -> None:
        """A section heading with a little space above."""
        self.space(0.12)
        self.text(value, 10.5, bold=True)
        self.space(0.03)

    def space(self, inches: float) -> None:
        """Move the cursor down."""
        self.y -= inches

    def axes(self, height: float, *, left: float = 0.55, bottom: float = 0.45) -> Axes:
        """Axes of ``height`` inches (including room for tick labels) at the cursor."""
        ax = self.fig.add_axes(
            (
                (MARGIN + left) / A4[0],
                (self.y - height + bottom) / A4[1],
                (self.width - left - 0.1) / A4[0],
                (height - bottom - 0.4) / A4[1],
            )
        )
        self.y -= height
        return ax

    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]
    ) -> None:
        """A table as aligned monospace lines: one text per row keeps the PDF fast to make."""
        size = 7.5

        def line(cells: Sequence[str]) -> str:
            return "  ".join(
                (c if len(c) <= w else c[: w - 1] + "…").ljust(w)
                for c, w in zip(cells, widths, strict=True)
            ).rstrip()

        step = size * 1.45 / 72
        x = MARGIN / A4[0]
        self.fig.text(
            x,
            self.y / A4[1],
            line(header),
            fontsize=size,
            family="monospace",
            fontweight="bold",
            va="top",
        )
        self.y -= step
        rule = self.y + step * 0.15
        from matplotlib.lines import Line2D

        self.fig.add_artist(Line2D([x, 1 - x], [rule / A4[1]] * 2, color="#999999", linewidth=0.5))
        for row in rows:
            self.fig.text(
                x, self.y / A4[1], line(row), fontsize=size, family="monospace", va="top"
            )
            self.y -= step

    def footer(self, lang: str, page: int, pages: int) -> None:
        """The method note and the page number at the bottom."""
        self.fig.text(
            MARGIN / A4[0],
            0.45 / A4[1],
            "\n".join(textwrap.wrap(t("sum_pdf_footer", lang), 150)),
            fontsize=6.5,
            color="#555555",
            va="bottom",
        )
        self.fig.text(
            1 - MARGIN / A4[0],
            0.3 / A4[1],
            t("sum_pdf_page", lang, page=page, pages=pages),
            fontsize=6.5,
            color="#555555",
            ha="right",
        )


@cache
def _printable_codes() -> frozenset[int]:
    """Code points the report's font (DejaVu Sans, shipped with matplotlib) can draw."""
    charts.use_agg()
    from matplotlib.font_manager import FontProperties, findfont, get_font

    return frozenset(get_font(findfont(FontProperties(family="DejaVu Sans"))).get_charmap())


def printable(text: str) -> str:
    """Patient text the font can draw: emoji and other symbols dropped, other characters the
    font lacks (e.g. CJK) shown as □, so nothing fails and nothing is silently garbled."""
    codes = _printable_codes()
    out = []
    for ch in text:
        if ord(ch) in codes or ch in "\n\t":
            out.append(ch)
        elif unicodedata.category(ch) in ("So", "Sk", "Cf", "Mn", "Cs", "Co", "Cn"):
            continue  # emoji, modifiers, joiners, variation selectors
        else:
            out.append("□")
    return " ".join("".join(out).split())


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "–"


def _week_rows(weeks: Sequence[WeekRow]) -> list[list[str]]:
    return [
        [
            f"{w.start.isoformat()} – {w.end.strftime('%d %b')}",
            str(w.done),
            num(w.means.frequency),
            num(w.means.severity),
            num(w.means.lower_face),
            num(w.means.impact),
        ]
        for w in weeks
    ]


def side_effect_name(code: str, lang: str) -> str:
    """A side effect as the Botox feature words it (its catalogue), else the code in words."""
    key = f"botox_se_{code}"
    return t(key, lang).lower() if key in MESSAGES else code.replace("_", " ")


def _cycle_table(rows: Sequence[CycleRow], lang: str) -> list[list[str]]:
    out = []
    for row in rows:
        c = row.cycle
        onset = (
            t(f"sum_pdf_onset_{c.onset}", lang) if c.onset in ("yes", "partly", "not_yet") else "–"
        )
        marks = []
        if row.reported_day is not None:
            marks.append(t("sum_pdf_wear_off_reported_short", lang, day=row.reported_day))
        if row.wear_off_day is not None:
            marks.append(t("sum_pdf_wear_off_estimated_short", lang, day=row.wear_off_day))
        wear = ", ".join(marks) or "–"
        if c.side_effects is None:
            effects = t("sum_pdf_not_answered", lang)  # never "none" for a missing answer
        else:
            effects = ", ".join(side_effect_name(s, lang) for s in c.side_effects) or t(
                "sum_pdf_none", lang
            )
        out.append(
            [
                _iso(c.injected_on),
                str(c.units) if c.units is not None else "–",
                onset,
                f"{c.effect}/4" if c.effect is not None else "–",
                wear,
                t("sum_pdf_days", lang, days=row.length_days) if row.length_days else "–",
                num(row.before),
                num(row.peak),
                effects,
            ]
        )
    return out


def wear_off_lines(rows: Sequence[CycleRow], lang: str) -> list[str]:
    """Each cycle's wear-off in words: estimated from the diary, or reported by the patient."""
    lines = []
    for row in rows:
        c = row.cycle
        if c.wear_off_reported_on is not None:
            lines.append(
                t(
                    "sum_pdf_wear_off_reported",
                    lang,
                    injected=_iso(c.injected_on),
                    day=row.reported_day,
                    date=_iso(c.wear_off_reported_on),
                )
            )
        if c.wear_off_on is not None:
            lines.append(
                t(
                    "sum_pdf_wear_off_estimated",
                    lang,
                    injected=_iso(c.injected_on),
                    day=row.wear_off_day,
                    date=_iso(c.wear_off_on),
                )
            )
    return lines


def _key_figures(page: Page, data: ReportInput) -> None:
    s, lang = data.summary, data.lang
    a = s.adherence
    if a.expected:
        page.text(
            t(
                "sum_pdf_adherence",
                lang,
                done=a.done,
                expected=a.expected,
                percent=a.percent,
                skipped=a.skipped,
                missed=a.missed,
                paused=a.paused,
            )
        )
    else:
        page.text(t("sum_pdf_adherence_none", lang))
    m = s.means
    page.text(
        t(
            "sum_pdf_means",
            lang,
            frequency=num(m.frequency),
            severity=num(m.severity),
            lower_face=num(m.lower_face),
            impact=num(m.impact),
            n=m.rated_days,
        ),
        bold=True,
    )
    if s.surgery_between is not None and data.days is not None:
        page.text(
            t("sum_pdf_previous_surgery", lang, days=data.days, date=_iso(s.surgery_between))
        )
    elif s.previous_means is not None and s.comparison is not None and data.days is not None:
        p = s.previous_means
        page.text(
            t(
                "sum_pdf_previous",
                lang,
                days=data.days,
                n=p.rated_days,
                frequency=num(p.frequency),
                severity=num(p.severity),
                lower_face=num(p.lower_face),
                impact=num(p.impact),
                change=t(
                    f"sum_pdf_change_{s.comparison.overall.change.value}", lang, min=MIN_DAYS
                ),
            )
        )
    if s.best and s.worst and s.best.total != s.worst.total:
        page.text(
            t(
                "sum_pdf_best_worst",
                lang,
                best=_iso(s.best.day),
                bf=s.best.frequency,
                bs=s.best.severity,
                worst=_iso(s.worst.day),
                wf=s.worst.frequency,
                ws=s.worst.severity,
            )
        )
    if s.cycle is not None:
        cc = s.cycle
        page.text(
            t(
                "sum_pdf_botox",
                lang,
                day=cc.day,
                date=_iso(cc.cycle.injected_on),
                first=cc.window[0],
                last=cc.window[1],
                mean=num(cc.current),
                n_now=cc.n_current,
                earlier=num(cc.earlier),
                n=cc.earlier_cycles,
                n_before=cc.n_earlier,
            )
        )
    if s.recovery is not None:
        r = s.recovery
        page.text(
            t(
                "sum_pdf_surgery",
                lang,
                date=_iso(r.surgery_on),
                days=r.days_since,
                n0=r.baseline.rated_days,
                n1=r.recent.rated_days,
                f0=num(r.baseline.frequency),
                f1=num(r.recent.frequency),
                s0=num(r.baseline.severity),
                s1=num(r.recent.severity),
                l0=num(r.baseline.lower_face),
                l1=num(r.recent.lower_face),
                i0=num(r.baseline.impact),
                i1=num(r.recent.impact),
            )
        )


def render_report(data: ReportInput) -> bytes:
    """The PDF bytes (CPU only; run it in a worker thread)."""
    with charts.RENDER_LOCK:
        return _render(data)


def _render(data: ReportInput) -> bytes:
    charts.use_agg()
    from matplotlib.backends.backend_pdf import PdfPages

    buffer = io.BytesIO()
    metadata = {
        "Title": t("sum_pdf_title", data.lang),
        "Creator": "HFS Companion",
        "CreationDate": data.created,
    }
    with PdfPages(buffer, metadata=metadata) as pdf:
        for page in pages(data):
            pdf.savefig(page.fig)
    return buffer.getvalue()


def pages(data: ReportInput) -> list[Page]:
    """The report's pages, laid out (each page's figure can also be drawn to PNG)."""
    s, lang = data.summary, data.lang
    first = Page()
    first.text(t("sum_pdf_title", lang), 15, bold=True)
    first.text(t("sum_pdf_subtitle", lang), 7.5, color="#555555")
    first.space(0.08)
    first.text(
        t(
            "sum_pdf_settings",
            lang,
            side=data.side,
            treatment=data.treatment,
            zone=data.zone,
            checkin=data.checkin,
            interval=data.interval_weeks,
        )
    )
    first.text(
        t(
            "sum_pdf_period",
            lang,
            start=_iso(s.period.start),
            end=_iso(s.period.end),
            days=s.period.days,
            made=_iso(data.made),
        ),
        bold=True,
    )
    first.heading(t("sum_pdf_key_figures", lang))
    _key_figures(first, data)

    first.heading(t("sum_pdf_chart_title", lang))
    ax = first.axes(3.1)
    charts.draw_over_time(ax, s.entries, s.period, s.events, lang, charts.PAPER)
    charts.legend_above(ax, charts.PAPER)
    key = charts.event_key(s.events, lang)
    if key:
        first.text(t("sum_pdf_events", lang, key=key), 7.5, color="#555555")

    weeks = weekly_averages(s.entries, s.period)
    shown = weeks[-MAX_WEEK_ROWS:]
    title = t("sum_pdf_weekly_title", lang)
    if len(shown) < len(weeks):
        title += " " + t("sum_pdf_weekly_more", lang, shown=len(shown), total=len(weeks))
    first.heading(title)
    first.table(
        [
            t("sum_pdf_col_week", lang),
            t("sum_pdf_col_done", lang),
            t("sum_pdf_col_frequency", lang),
            t("sum_pdf_col_severity", lang),
            t("sum_pdf_col_lower_face", lang),
            t("sum_pdf_col_impact", lang),
        ],
        _week_rows(shown),
        [24, 9, 9, 9, 11, 9],
    )

    second = Page()
    second.heading(t("sum_pdf_cycles_title", lang))
    if data.cycle_rows:
        if any(c.points for c in data.curves):
            ax = second.axes(3.0)
            charts.draw_cycles(ax, data.curves, data.interval_weeks, lang, charts.PAPER)
            charts.legend_above(ax, charts.PAPER)
        second.space(0.1)
        second.table(
            [
                t("sum_pdf_col_injected", lang),
                t("sum_pdf_col_units", lang),
                t("sum_pdf_col_onset", lang),
                t("sum_pdf_col_effect", lang),
                t("sum_pdf_col_wear_off", lang),
                t("sum_pdf_col_length", lang),
                t("sum_pdf_col_before", lang),
                t("sum_pdf_col_peak", lang),
                t("sum_pdf_col_side_effects", lang),
            ],
            _cycle_table(data.cycle_rows, lang),
            [10, 5, 7, 6, 22, 6, 6, 6, 27],
        )
        second.text(t("sum_pdf_cycles_legend", lang), 7, color="#555555")
        for line in wear_off_lines(data.cycle_rows, lang):
            second.text(line, 7.5)
    else:
        second.text(t("sum_pdf_no_cycles", lang))

    second.heading(t("sum_pdf_meds_title", lang))
    if s.medications:
        for med in s.medications:
            second.text(
                t(
                    "sum_pdf_med_row",
                    lang,
                    name=printable(med.name),
                    taken=med.taken,
                    counted=med.counted,
                    percent=med.percent,
                )
            )
    else:
        second.text(t("sum_pdf_no_meds", lang))

    second.heading(t("sum_pdf_notes_title", lang))
    notes = sorted((e for e in s.entries if e.note), key=lambda e: e.day, reverse=True)
    if notes:
        for entry in notes[:MAX_NOTES]:
            note = textwrap.shorten(printable(entry.note or ""), NOTE_CHARS, placeholder="…")
            second.text(f"{_iso(entry.day)}: {note}")
    else:
        second.text(t("sum_pdf_no_notes", lang))

    result = [first, second]
    for number, page in enumerate(result, start=1):
        page.footer(lang, number, len(result))
    return result
