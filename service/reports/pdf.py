"""The doctor's report: an A4 PDF made with fpdf2, page one the summary, then the details.

Why fpdf2 and not matplotlib's PdfPages (which made the report before issue 13): PdfPages writes
one matplotlib figure per page, so every line had to be placed by hand, a table could not
continue on the next page, long text was cut rather than wrapped, and there were no real page
breaks. fpdf2 is a library for documents: ``FPDF.table()`` flows a table across pages and repeats
its heading row on each, ``multi_cell`` wraps text and breaks pages by itself, fonts are
embedded as Unicode TrueType (DejaVu Sans and DejaVu Sans Bold from matplotlib's own
``mpl-data/fonts/ttf``, so no font file is added to the project; fpdf2 can also shape text for
right-to-left scripts, which the next language needs), and the charts, still drawn by matplotlib,
go in as vector images (figure -> SVG -> ``FPDF.image``), sharp at any zoom. The text stays
selectable, so pypdf reads it in the tests.

The page (geometry, fonts, the layout verbs) is ``pdf_writer``; this module is what the report
says. Sections (docs/summaries.md): page one, then Botox injections, after surgery (MVD),
outcome measures, medications, weekly averages and the patient's notes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from service.domain.botox import estimate_onset
from service.domain.care import add_months
from service.domain.record import MedChange, MedChangeKind, Product, SideEffectSpan
from service.domain.summary import (
    MIN_DAYS,
    CycleCurve,
    CycleRow,
    DayEntry,
    Event,
    Summary,
    means_of,
    weekly_averages,
)
from service.reports import charts
from service.reports.data import DatedChange, Injection, ReportRecord, SurgeryFollowUp
from service.reports.pdf_writer import WIDTH, Writer, printable
from service.reports.questionnaires import ResponseResult
from service.reports.text import num
from service.texts import fmt_date, known_key, t
from service.texts.families import (
    PDF_CHANGE,
    PDF_MEDCHANGE,
    PDF_ONSET,
    PDF_PRODUCT,
    PDF_SITE,
    SIDE_EFFECT,
    SPASM_ANSWER,
    SURGERY_SIGN,
)

NOTE_CHARS = 220
MAX_NOTES = 8
MAX_CHART_CHANGES = 6
#: Weekly averages shown (the latest); the chart on page one covers the whole period.
MAX_WEEK_ROWS = 26
#: Cycles whose wear-off is also said in words under the table (the latest).
MAX_WEAR_OFF_LINES = 6
#: The follow-up points after MVD in studies (clinical.md: discharge, 1, 3, 6 and 12 months).
FOLLOW_UP_MONTHS = (1, 3, 6, 12)
#: A spasm answer counts for a follow-up point within this many days of it.
FOLLOW_UP_WINDOW = 15
#: Ratings at a follow-up point: the mean over the 14 days up to it.
FOLLOW_UP_RATING_DAYS = 14
MM = 25.4  # per inch


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
    record: ReportRecord = field(default_factory=ReportRecord)


# ---- words --------------------------------------------------------------------------------------
def _iso(day: date | None) -> str:
    return day.isoformat() if day else "–"


def side_effect_name(code: str, lang: str) -> str:
    """A side effect as the Botox feature words it (its catalogue), else the code in words."""
    key = SIDE_EFFECT.get(code)
    return t(key, lang).lower() if key else code.replace("_", " ")


def product_units(injection: Injection, lang: str) -> str:
    """'40 U onabotulinumtoxinA', '40 U, product not recorded', 'incobotulinumtoxinA, units
    not recorded': units always with their product (units are not interchangeable)."""
    if injection.product == Product.OTHER and injection.product_name:
        product = printable(injection.product_name)
    elif injection.product in Product.__members__.values() and injection.product != "unknown":
        product = t(PDF_PRODUCT[injection.product], lang)
    else:
        product = None
    if injection.units is None:
        return t(
            "sum_pdf_units_not_recorded",
            lang,
            product=product or t("sum_pdf_product_unknown", lang),
        )
    if product is None:
        return t("sum_pdf_units_unknown_product", lang, units=injection.units)
    return t("sum_pdf_units_product", lang, units=injection.units, product=product)


def site_units(injection: Injection, lang: str) -> str:
    """'eye 10, cheek 5, mouth –' (a site without units: '–'); '–' without sites."""
    return (
        ", ".join(
            t(
                "sum_pdf_site_units",
                lang,
                site=t(PDF_SITE[site], lang),
                units="–" if units is None else units,
            )
            for site, units in injection.site_units
        )
        or "–"
    )


def span_text(span: SideEffectSpan, injected_on: date, lang: str) -> str:
    """'drooping eyelid d3–d21', '… d5–ongoing', '… (days not recorded)': days since injection."""
    name = side_effect_name(span.effect, lang)
    if span.started_on is None:
        return t("sum_pdf_se_no_days", lang, effect=name)
    start = (span.started_on - injected_on).days
    if span.ended_on is None:
        return t("sum_pdf_se_ongoing", lang, effect=name, start=start)
    end = (span.ended_on - injected_on).days
    return t("sum_pdf_se_days", lang, effect=name, start=start, end=end)


def side_effects_text(injection: Injection, lang: str) -> str:
    """The diary's side effects with their days; "none" only when the patient said none,
    "unanswered" when the question was never answered (not answering is not "none")."""
    if injection.side_effects:
        return ", ".join(span_text(s, injection.injected_on, lang) for s in injection.side_effects)
    if injection.side_effects_answer is None:
        return t("sum_pdf_unanswered", lang)
    if injection.side_effects_answer:  # codes with no diary rows (should not happen)
        return ", ".join(
            t("sum_pdf_se_no_days", lang, effect=side_effect_name(code, lang))
            for code in injection.side_effects_answer
        )
    return t("sum_pdf_none", lang)


def onset_text(injection: Injection, entries: Sequence[DayEntry], today: date, lang: str) -> str:
    """'d 5 reported', 'd 6 estimated', and the day-7 answer ("partly") when there is one."""
    parts = []
    if injection.onset_reported_on is not None:
        day = (injection.onset_reported_on - injection.injected_on).days
        parts.append(t("sum_pdf_reported", lang, day=day))
    totals = {e.day: e.total for e in entries if e.status == "complete" and e.total is not None}
    found = estimate_onset(injection.injected_on, totals, today)
    if found is not None:
        parts.append(t("sum_pdf_estimated", lang, day=(found - injection.injected_on).days))
    if injection.onset in ("yes", "partly", "not_yet"):
        answer = t(PDF_ONSET[injection.onset], lang)
        parts.append(t("sum_pdf_onset_answer", lang, answer=answer))
    return "\n".join(parts) or "–"


def wear_off_text(injection: Injection, lang: str) -> str:
    """'d 75 reported', 'd 70 estimated' (estimated from the diary)."""
    parts = []
    if injection.wear_off_reported_on is not None:
        day = (injection.wear_off_reported_on - injection.injected_on).days
        parts.append(t("sum_pdf_reported", lang, day=day))
    if injection.wear_off_on is not None:
        day = (injection.wear_off_on - injection.injected_on).days
        parts.append(t("sum_pdf_estimated", lang, day=day))
    return "\n".join(parts) or "–"


def answer_text(response: ResponseResult, lang: str) -> str:
    """A questionnaire's answer: the answer's words ("Much better"), a sum score "12 of 0–28",
    or "unanswered" (never a score or "none" for one not answered)."""
    if not response.answered:
        return t("sum_pdf_unanswered", lang)
    q = response.definition
    if q is None:
        return str(response.score) if response.score is not None else "–"
    if q.scoring.value == "single" and q.items:
        item = q.items[0]
        key = known_key(f"q_{q.id}_{item.id}_a_{response.answers.get(item.id, '')}")
        if key is not None:
            return t(key, lang)
    low, high = q.score_range
    return t("sum_pdf_score", lang, score=response.score, low=low, high=high)


def pgic_of(responses: Sequence[ResponseResult], ref_id: int, occasion: str) -> ResponseResult:
    """The PGIC response for ``ref_id`` at ``occasion`` (the latest if asked twice)."""
    found = [
        r
        for r in responses
        if r.questionnaire == "pgic" and r.ref_id == ref_id and r.occasion == occasion
    ]
    return found[-1]


def _pgic_cell(responses: Sequence[ResponseResult], ref_id: int, lang: str) -> str:
    try:
        return answer_text(pgic_of(responses, ref_id, "6w"), lang)
    except IndexError:
        return "–"  # not asked (yet, or the questionnaire is off)


def change_text(change: MedChange, lang: str) -> str:
    """'started', 'dose changed', 'times changed', 'stopped'."""
    return t(PDF_MEDCHANGE[change.kind.value], lang)


def regimen(dose: str | None, times: Sequence[str], lang: str) -> str:
    """'5 mg at 08:00, 20:00' (either part may be missing)."""
    parts = [printable(dose)] if dose else []
    if times:
        parts.append(t("sum_pdf_at_times", lang, times=", ".join(times)))
    return " ".join(parts)


def medication_line(data: ReportInput) -> str:
    """Page one: the current list with doses and times."""
    meds = data.record.medications
    if not meds:
        return t("sum_pdf_current_meds_none", data.lang)
    items = "; ".join(
        " ".join(p for p in (printable(m.name), regimen(m.dose, m.times, data.lang)) if p)
        for m in meds
    )
    return t("sum_pdf_current_meds", data.lang, meds=items)


def chart_events(data: ReportInput) -> list[Event]:
    """The chart's events: medication changes from the change history (started, dose or times
    changed, stopped), else from the list's start and stop dates."""
    period = data.summary.period
    events = list(data.summary.events)
    if data.record.changes:
        events = [e for e in events if e.kind != "med"]
        events += [
            Event(c.day, "med", c.change.name) for c in data.record.changes if c.day in period
        ]
    return sorted(events, key=lambda e: (e.day, e.kind))


def changes_in_period(data: ReportInput) -> list[DatedChange]:
    """The medication changes on the chart's days."""
    return [c for c in data.record.changes if c.day in data.summary.period]


def render_report(data: ReportInput) -> bytes:
    """The PDF bytes (CPU only; run it in a worker thread)."""
    with charts.RENDER_LOCK:
        return _render(data)


def _render(data: ReportInput) -> bytes:
    doc = Writer(data.lang, data.created)
    first_page(doc, data)
    doc.new_page()
    botox_section(doc, data)
    surgery_section(doc, data)
    outcomes_section(doc, data)
    medications_section(doc, data)
    weekly_section(doc, data)
    notes_section(doc, data)
    return doc.output()


# ---- page one -----------------------------------------------------------------------------------
def first_page(doc: Writer, data: ReportInput) -> None:
    """Who, when, treatment and medications, the key figures with their n, the chart."""
    s, lang, rec = data.summary, data.lang, data.record
    doc.text(t("sum_pdf_title", lang), 15, bold=True, gap=1)
    who = []
    if rec.name:
        who.append(t("sum_pdf_patient_name", lang, name=printable(rec.name)))
    if rec.identifier:
        who.append(t("sum_pdf_patient_identifier", lang, identifier=printable(rec.identifier)))
    if who:
        doc.text(" · ".join(who), 10, bold=True)
    doc.text(
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
    doc.text(
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
    doc.text(medication_line(data))
    doc.text(t("sum_pdf_subtitle", lang), 7, grey=True)
    doc.heading(t("sum_pdf_key_figures", lang))
    for line in key_figures(data):
        doc.text(line)
    doc.heading(t("sum_pdf_chart_title", lang))
    events = chart_events(data)
    fig, ax = charts.paper_figure(WIDTH / MM, 78 / MM)
    charts.draw_over_time(ax, s.entries, s.period, events, lang, charts.PAPER)
    charts.legend_above(ax, charts.PAPER)
    doc.chart(charts.svg_of(fig), 78)
    key = charts.event_key(events, lang)
    if key:
        doc.text(t("sum_pdf_events", lang, key=key), 7, grey=True, gap=0.2)
    changes = changes_in_period(data)
    if changes:
        shown = [
            t(
                "sum_pdf_chart_change",
                lang,
                date=_iso(c.day),
                name=printable(c.change.name),
                change=change_text(c.change, lang),
            )
            for c in changes[-MAX_CHART_CHANGES:]
        ]
        if len(changes) > MAX_CHART_CHANGES:
            shown.insert(0, "…")
        doc.text(t("sum_pdf_chart_changes", lang, changes=" · ".join(shown)), 7, grey=True)


def key_figures(data: ReportInput) -> list[str]:
    """The summary lines, each with the number of days (n) behind it."""
    s, lang = data.summary, data.lang
    lines = []
    a = s.adherence
    if a.expected:
        lines.append(
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
        lines.append(t("sum_pdf_adherence_none", lang))
    m = s.means
    lines.append(
        t(
            "sum_pdf_means",
            lang,
            frequency=num(m.frequency, lang),
            severity=num(m.severity, lang),
            lower_face=num(m.lower_face, lang),
            impact=num(m.impact, lang),
            n=m.rated_days,
        )
    )
    if s.surgery_between is not None and data.days is not None:
        lines.append(
            t("sum_pdf_previous_surgery", lang, days=data.days, date=_iso(s.surgery_between))
        )
    elif s.previous_means is not None and s.comparison is not None and data.days is not None:
        p = s.previous_means
        lines.append(
            t(
                "sum_pdf_previous",
                lang,
                days=data.days,
                n=p.rated_days,
                frequency=num(p.frequency, lang),
                severity=num(p.severity, lang),
                lower_face=num(p.lower_face, lang),
                impact=num(p.impact, lang),
                change=t(PDF_CHANGE[s.comparison.overall.change.value], lang, min=MIN_DAYS),
            )
        )
    if s.baseline is not None:
        b = s.baseline
        lines.append(
            t(
                "sum_pdf_baseline",
                lang,
                date=_iso(b.first_injection),
                f0=num(b.before.frequency, lang),
                s0=num(b.before.severity, lang),
                n0=t("sum_pdf_n_days", lang, n=b.before.rated_days),
                f1=num(b.since.frequency, lang),
                s1=num(b.since.severity, lang),
                n1=t("sum_pdf_n_days", lang, n=b.since.rated_days),
                change=t(PDF_CHANGE[b.comparison.overall.change.value], lang, min=MIN_DAYS),
            )
        )
    if s.best and s.worst and s.best.total != s.worst.total:
        lines.append(
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
        lines.append(
            t(
                "sum_pdf_botox",
                lang,
                day=cc.day,
                date=_iso(cc.cycle.injected_on),
                first=cc.window[0],
                last=cc.window[1],
                mean=num(cc.current, lang),
                n_now=t("sum_pdf_n_days", lang, n=cc.n_current),
                earlier=num(cc.earlier, lang),
                cycles=t("sum_pdf_earlier_cycles", lang, n=cc.earlier_cycles),
                n_before=t("sum_pdf_n_days", lang, n=cc.n_earlier),
            )
        )
    if s.recovery is not None:
        r = s.recovery
        lines.append(
            t(
                "sum_pdf_surgery",
                lang,
                date=_iso(r.surgery_on),
                days=r.days_since,
                n0=r.baseline.rated_days,
                n1=r.recent.rated_days,
                f0=num(r.baseline.frequency, lang),
                f1=num(r.recent.frequency, lang),
                s0=num(r.baseline.severity, lang),
                s1=num(r.recent.severity, lang),
                l0=num(r.baseline.lower_face, lang),
                l1=num(r.recent.lower_face, lang),
                i0=num(r.baseline.impact, lang),
                i1=num(r.recent.impact, lang),
            )
        )
    return lines


# ---- Botox --------------------------------------------------------------------------------------
def injection_rows(data: ReportInput) -> list[list[str]]:
    """One row per injection, oldest first."""
    lang, s = data.lang, data.summary
    rows_by_day = {r.cycle.injected_on: r for r in data.cycle_rows}
    injections = data.record.injections
    out = []
    for i, inj in enumerate(injections):
        row = rows_by_day.get(inj.injected_on)
        nxt = injections[i + 1].injected_on if i + 1 < len(injections) else None
        when = _iso(inj.injected_on)
        if nxt is not None:
            when += "\n" + t("sum_pdf_cycle_length", lang, days=(nxt - inj.injected_on).days)
        severity = "–"
        if row is not None and (row.before is not None or row.peak is not None):
            severity = f"{num(row.before, lang)} → {num(row.peak, lang)}"
        out.append(
            [
                when,
                product_units(inj, lang),
                site_units(inj, lang),
                printable(inj.injector) if inj.injector else "–",
                onset_text(inj, s.record.entries, s.today, lang),
                wear_off_text(inj, lang),
                f"{inj.effect}/4" if inj.effect is not None else "–",
                severity,
                side_effects_text(inj, lang),
                _pgic_cell(data.record.responses, inj.id, lang),
            ]
        )
    return out


def botox_section(doc: Writer, data: ReportInput) -> None:
    """The injections' table (it flows across pages), its legend and the cycle overlay."""
    lang = data.lang
    doc.heading(t("sum_pdf_cycles_title", lang))
    if not data.record.injections:
        doc.text(t("sum_pdf_no_cycles", lang))
        return
    doc.table(
        [
            t("sum_pdf_col_injected", lang),
            t("sum_pdf_col_product", lang),
            t("sum_pdf_col_sites", lang),
            t("sum_pdf_col_injector", lang),
            t("sum_pdf_col_onset", lang),
            t("sum_pdf_col_wear_off", lang),
            t("sum_pdf_col_effect", lang),
            t("sum_pdf_col_before_peak", lang),
            t("sum_pdf_col_side_effects", lang),
            t("sum_pdf_col_pgic", lang),
        ],
        injection_rows(data),
        (17, 29, 20, 15, 19, 16, 10, 15, 27, 18),
    )
    doc.text(t("sum_pdf_cycles_legend", lang), 6.5, grey=True)
    for line in wear_off_lines(data.cycle_rows[-MAX_WEAR_OFF_LINES:], lang):
        doc.text(line, 7.5, gap=0.2)
    if any(c.points for c in data.curves):
        doc.heading(t("sum_chart_cycles_title", lang), 9.5)
        fig, ax = charts.paper_figure(WIDTH / MM, 72 / MM)
        charts.draw_cycles(ax, data.curves, data.interval_weeks, lang, charts.PAPER)
        charts.legend_above(ax, charts.PAPER)
        doc.chart(charts.svg_of(fig), 72)


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


# ---- after MVD ----------------------------------------------------------------------------------
def follow_up_rows(
    surgery: SurgeryFollowUp,
    entries: Sequence[DayEntry],
    responses: Sequence[ResponseResult],
    today: date,
    lang: str,
) -> list[list[str]]:
    """One row per study follow-up point: the spasm answer nearest it, the PGIC asked then,
    and the mean eye ratings over the 14 days up to it, with their n."""
    rows = []
    for months in FOLLOW_UP_MONTHS:
        point = add_months(surgery.surgery_on, months)
        label = t("sum_pdf_followup_month", lang, n=months)
        if point > today:
            rows.append([label, _iso(point), t("sum_pdf_not_due", lang), "", ""])
            continue
        near = [
            (abs((day - point).days), day, answer)
            for day, answer in surgery.progress
            if abs((day - point).days) <= FOLLOW_UP_WINDOW
        ]
        if near:
            _, day, answer = min(near)
            spasm = t("sum_pdf_spasm_answer", lang, answer=t(SPASM_ANSWER[answer], lang), date=day)
        else:
            spasm = t("sum_pdf_unanswered", lang)
        pgic = [
            r
            for r in responses
            if r.questionnaire == "pgic"
            and r.occasion == f"{months}m"
            and (r.ref_id in (surgery.id, None))
        ]
        first = point - timedelta(days=FOLLOW_UP_RATING_DAYS - 1)
        m = means_of(e for e in entries if first <= e.day <= point)
        ratings = t(
            "sum_pdf_followup_ratings",
            lang,
            frequency=num(m.frequency, lang),
            severity=num(m.severity, lang),
            n=m.rated_days,
        )
        rows.append(
            [
                label,
                _iso(point),
                spasm,
                answer_text(pgic[-1], lang) if pgic else "–",
                ratings,
            ]
        )
    return rows


def surgery_section(doc: Writer, data: ReportInput) -> None:
    """Spasm status at the follow-up points, every answer, and the red flags with their days."""
    surgery, lang = data.record.surgery, data.lang
    if surgery is None:
        return
    today = data.summary.today
    doc.heading(t("sum_pdf_mvd_title", lang))
    doc.text(
        t(
            "sum_pdf_mvd_intro",
            lang,
            date=_iso(surgery.surgery_on),
            days=max(0, (today - surgery.surgery_on).days),
        )
    )
    doc.table(
        [
            t("sum_pdf_col_followup", lang),
            t("sum_pdf_col_date", lang),
            t("sum_pdf_col_spasm", lang),
            t("sum_pdf_col_pgic_mvd", lang),
            t("sum_pdf_col_followup_ratings", lang),
        ],
        follow_up_rows(surgery, data.summary.record.entries, data.record.responses, today, lang),
        (22, 22, 52, 34, 56),
    )
    if surgery.progress:
        answers = " · ".join(
            t(
                "sum_pdf_spasm_dated",
                lang,
                date=_iso(day),
                week=(day - surgery.surgery_on).days // 7,
                answer=t(SPASM_ANSWER[answer], lang),
            )
            for day, answer in surgery.progress
        )
        doc.text(t("sum_pdf_spasm_all", lang, answers=answers), 7.5)
    doc.text(red_flag_text(surgery, lang), 7.5)


def red_flag_text(surgery: SurgeryFollowUp, lang: str) -> str:
    """The warning signs reported in the daily screens, with their day after surgery; the days
    not answered said as such (unanswered is not "none")."""
    reported = [
        t(
            "sum_pdf_red_flag_day",
            lang,
            day=(day - surgery.surgery_on).days,
            date=_iso(day),
            signs=", ".join(t(SURGERY_SIGN[f], lang) for f in flags if _sign_known(f)),
        )
        for day, flags in surgery.daily
        if flags
    ]
    answered = sum(1 for _, flags in surgery.daily if flags is not None)
    missing = [
        str((day - surgery.surgery_on).days) for day, flags in surgery.daily if flags is None
    ]
    parts = []
    if reported:
        parts.append(t("sum_pdf_red_flags", lang, signs=" · ".join(reported)))
    elif answered:
        parts.append(t("sum_pdf_red_flags_none", lang, n=answered))
    if missing:
        parts.append(
            t("sum_pdf_red_flags_unanswered", lang, n=len(missing), days=", ".join(missing))
        )
    return " ".join(parts) or t("sum_pdf_red_flags_no_screens", lang)


def _sign_known(code: str) -> bool:
    return code in SURGERY_SIGN


# ---- outcome measures ---------------------------------------------------------------------------
def occasion_text(response: ResponseResult, lang: str) -> str:
    """'monthly', '6 wk after the injection', '3 mo after surgery'."""
    occasion = response.occasion or ""
    if occasion[:-1].isdigit() and occasion.endswith("w"):
        return t("sum_pdf_occasion_weeks", lang, n=int(occasion[:-1]))
    if occasion[:-1].isdigit() and occasion.endswith("m"):
        return t("sum_pdf_occasion_months", lang, n=int(occasion[:-1]))
    return t("sum_pdf_occasion_monthly", lang)


def outcomes_section(doc: Writer, data: ReportInput) -> None:
    """SMC grade, PGIC (and HFS-7 when enabled) over the period; unanswered as unanswered."""
    lang = data.lang
    doc.heading(t("sum_pdf_outcomes_title", lang))
    shown = [r for r in data.record.responses if r.due_on in data.summary.period]
    if not shown:
        doc.text(t("sum_pdf_no_outcomes", lang))
        return
    doc.table(
        [
            t("sum_pdf_col_date", lang),
            t("sum_pdf_col_questionnaire", lang),
            t("sum_pdf_col_occasion", lang),
            t("sum_pdf_col_answer", lang),
        ],
        [
            [
                _iso(r.due_on),
                t(known_key(r.definition.title_key) or "sum_pdf_none", lang)
                if r.definition
                else r.questionnaire,
                occasion_text(r, lang),
                answer_text(r, lang),
            ]
            for r in shown
        ],
        (22, 40, 44, 80),
    )
    answered = sum(1 for r in shown if r.answered)
    doc.text(
        t("sum_pdf_outcomes_count", lang, answered=answered, unanswered=len(shown) - answered),
        7,
        grey=True,
    )


# ---- medications, weeks, notes ------------------------------------------------------------------
def medications_section(doc: Writer, data: ReportInput) -> None:
    """The current list, every change to it, and the doses taken in the period."""
    s, lang = data.summary, data.lang
    doc.heading(t("sum_pdf_medications_title", lang))
    doc.text(medication_line(data))
    if data.record.changes:
        doc.table(
            [
                t("sum_pdf_col_date", lang),
                t("sum_pdf_col_medication", lang),
                t("sum_pdf_col_change", lang),
                t("sum_pdf_col_regimen", lang),
            ],
            [
                [
                    _iso(c.day),
                    printable(c.change.name),
                    change_text(c.change, lang),
                    (
                        "–"
                        if c.change.kind is MedChangeKind.STOPPED
                        else regimen(c.change.dose, c.change.times, lang) or "–"
                    ),
                ]
                for c in data.record.changes
            ],
            (22, 50, 30, 84),
        )
    else:
        doc.text(t("sum_pdf_no_changes", lang))
    if s.medications:
        for med in s.medications:
            doc.text(
                t(
                    "sum_pdf_med_row",
                    lang,
                    name=printable(med.name),
                    taken=med.taken,
                    counted=med.counted,
                    percent=med.percent,
                )
                if med.counted
                else t("sum_pdf_med_row_none", lang, name=printable(med.name))
            )
    else:
        doc.text(t("sum_pdf_no_meds", lang))


def weekly_section(doc: Writer, data: ReportInput) -> None:
    """Every week of the period (the table flows across pages)."""
    s, lang = data.summary, data.lang
    weeks = weekly_averages(s.entries, s.period)
    shown = weeks[-MAX_WEEK_ROWS:]
    title = t("sum_pdf_weekly_title", lang)
    if len(shown) < len(weeks):
        title += " " + t("sum_pdf_weekly_more", lang, shown=len(shown), total=len(weeks))
    doc.heading(title)
    doc.table(
        [
            t("sum_pdf_col_week", lang),
            t("sum_pdf_col_done", lang),
            t("sum_pdf_col_frequency", lang),
            t("sum_pdf_col_severity", lang),
            t("sum_pdf_col_lower_face", lang),
            t("sum_pdf_col_impact", lang),
        ],
        [
            [
                f"{w.start.isoformat()} – {fmt_date(w.end, lang, weekday=False)}",
                str(w.done),
                num(w.means.frequency, lang),
                num(w.means.severity, lang),
                num(w.means.lower_face, lang),
                num(w.means.impact, lang),
            ]
            for w in shown
        ],
        (46, 28, 28, 28, 28, 28),
    )


def notes_section(doc: Writer, data: ReportInput) -> None:
    """The latest notes, shortened."""
    s, lang = data.summary, data.lang
    doc.heading(t("sum_pdf_notes_title", lang))
    notes = sorted((e for e in s.entries if e.note), key=lambda e: e.day, reverse=True)
    if not notes:
        doc.text(t("sum_pdf_no_notes", lang))
    for entry in notes[:MAX_NOTES]:
        note = textwrap.shorten(printable(entry.note or ""), NOTE_CHARS, placeholder="…")
        doc.text(f"{_iso(entry.day)}: {note}")


__all__ = [
    "ReportInput",
    "printable",
    "render_report",
]
