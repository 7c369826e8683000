"""Progress summaries: /summary [7|30|90|365|all|cycles], /report [period], /weekly <day> <HH:MM>.

Each command reads in one short transaction, then renders (charts, PDF) in a worker thread after
the commit, then talks to Telegram. The weekly summary is a schedule of kind ``summary_weekly``
(``FREQ=WEEKLY;BYDAY=SU`` at the chosen local time) whose occurrence sends the 7-day text.

Callback data: ``sm:<patient id>:report:<days>`` (0 = everything) sends the PDF; other features
can offer it with ``report_button`` (e.g. the day-before appointment reminder).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.bot.callbacks import Callback, callback
from service.bot.common import local_when, today_of
from service.bot.feature import Command, Feature
from service.bot.kit import Attachment, Buttons, Reply, Turn, expired
from service.config import Settings
from service.db.models import Occurrence, Patient, Schedule, ScheduleState
from service.domain.numbers import read_int
from service.domain.recurrence import Recurrence
from service.domain.summary import cycle_curves
from service.domain.timezones import parse_local_time
from service.reports import (
    DEFAULT_REPORT_DAYS,
    DEFAULT_SUMMARY_DAYS,
    ReportInput,
    charts,
    load_summary,
    prepare_report,
    render_report,
    report_filename,
)
from service.reports.text import CAPTION_LIMIT, cycle_line, span, summary_text
from service.scheduling.dispatcher import OccurrenceHandler, Outgoing, PerOccurrence
from service.scheduling.schedules import add_schedule, cancel_schedules
from service.texts import LANGUAGES, fmt_date, fmt_time, said, t
from service.texts.families import WEEKDAY_SHORT
from service.texts.languages import pick_language

KIND_WEEKLY = "summary_weekly"
#: A weekly summary may still go out this late (e.g. after downtime); later it is dropped.
WEEKLY_GRACE_MINUTES = 240
MAX_DAYS = 3650
CHART_FILENAME = "chart.png"
DAY_CODES = {
    **{
        name: code
        for code, names in (
            ("MO", ("mo", "mon", "monday")),
            ("TU", ("tu", "tue", "tues", "tuesday")),
            ("WE", ("we", "wed", "wednesday")),
            ("TH", ("th", "thu", "thur", "thurs", "thursday")),
            ("FR", ("fr", "fri", "friday")),
            ("SA", ("sa", "sat", "saturday")),
            ("SU", ("su", "sun", "sunday")),
        )
        for name in names
    },
}


# ---- argument parsing ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PeriodChoice:
    """A parsed period: ``days`` (None = everything)."""

    days: int | None


def parse_period(text: str, default: int, lang: str = "en") -> PeriodChoice | None:
    """'' -> default; '7', '30 days', '90d' -> days; 'all' -> everything; None if not a period."""
    cleaned = text.strip().lower()
    if not cleaned:
        return PeriodChoice(default)
    if said(cleaned, "kw_all", lang):
        return PeriodChoice(None)
    for suffix in (" days", "days", " day", "day", "d"):
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)].strip()
            break
    days = read_int(cleaned, low=1, high=MAX_DAYS)
    return None if days is None else PeriodChoice(days)


def parse_weekly(text: str) -> tuple[str, str] | None:
    """'sun 18:00' (or '18:00 sunday', 'Sun 6 pm') -> ('SU', '18:00'); None if not that."""
    words = text.strip().lower().replace(",", " ").split()
    days = [w for w in words if w.rstrip(".") in DAY_CODES]
    if len(days) != 1:
        return None
    rest = " ".join(w for w in words if w is not days[0])
    at = parse_local_time(rest) if rest else None
    if at is None:
        return None
    return DAY_CODES[days[0].rstrip(".")], at.strftime("%H:%M")


# ---- what to send -------------------------------------------------------------------------------
@dataclass
class Answer:
    """What a command sends after its transaction: text, and a chart or PDF made afterwards."""

    text: str
    chart: tuple[str, tuple[object, ...]] | None = None  # (which chart, its arguments)
    caption: str = ""
    key: str = ""  # what the chart's letters mean, for the photo's caption
    pdf: ReportInput | None = None  # the report to render
    filename: str = ""


async def summary_answer(
    session: AsyncSession, patient: Patient, arg: str, now: datetime, default_zone: str
) -> Answer:
    """/summary: the text and the chart's inputs, or the usage on a bad argument."""
    lang = patient.language
    if said(arg, "kw_cycles", lang):
        return await cycles_answer(session, patient, now, default_zone)
    choice = parse_period(arg, DEFAULT_SUMMARY_DAYS, lang)
    if choice is None:
        return Answer(t("sum_bad_period", lang, text=arg[:40]) + "\n" + t("sum_usage", lang))
    summary = await load_summary(session, patient, choice.days, now, default_zone)
    text = summary_text(summary, choice.days, lang)
    if not summary.has_ratings:
        return Answer(text)
    key = charts.event_key(summary.events, lang)
    key_line = t("sum_chart_key", lang, key=key) if key else ""
    caption = t("sum_chart_caption", lang) + (f"\n{key_line}" if key else "")
    args = (summary.entries, summary.period, summary.events, lang)
    return Answer(text, chart=("over_time", args), caption=caption, key=key_line)


async def cycles_answer(
    session: AsyncSession, patient: Patient, now: datetime, default_zone: str
) -> Answer:
    """/summary cycles: the overlay chart with this cycle's line as the caption."""
    lang = patient.language
    summary = await load_summary(session, patient, DEFAULT_SUMMARY_DAYS, now, default_zone)
    record = summary.record
    if not record.cycles or summary.cycle is None:
        return Answer(t("sum_cycles_none", lang))
    curves = cycle_curves(record.cycles, record.entries, summary.today)
    if not any(c.points for c in curves):
        return Answer(cycle_line(summary.cycle, lang) + "\n\n" + t("sum_cycles_no_ratings", lang))
    text = (
        cycle_line(summary.cycle, lang)
        + "\n\n"
        + t("sum_cycles_caption", lang, date=fmt_date(summary.cycle.cycle.injected_on, lang))
    )
    return Answer(text, chart=("cycles", (curves, record.interval_weeks, lang)))


def render_chart(which: str, args: tuple[object, ...]) -> bytes:
    """Run in a worker thread: the PNG for an Answer's chart."""
    if which == "cycles":
        return charts.cycles_png(*args)  # type: ignore[arg-type]
    return charts.over_time_png(*args)  # type: ignore[arg-type]


async def report_answer(
    session: AsyncSession,
    patient: Patient,
    days: int | None,
    now: datetime,
    default_zone: str,
    report_lang: str | None = None,
) -> Answer:
    """/report: the PDF's inputs (rendered after the commit), its filename and caption; the PDF
    in ``report_lang`` when asked for (e.g. English for a doctor abroad), the caption in the
    patient's language."""
    data = await prepare_report(session, patient, days, now, default_zone, report_lang)
    start, end = span(data.summary.period, patient.language)
    caption = t("sum_report_caption", patient.language, start=start, end=end)
    return Answer(caption, pdf=data, filename=report_filename(data.made))


def answer_reply(answer: Answer) -> Reply:
    """An Answer as the kit sends it: the chart or PDF is drawn after the commit, in a worker
    thread. The chart's letters are named in its caption; a text too long for a caption with
    them goes first, then the chart with its own caption and key."""
    if answer.pdf is not None:
        data = answer.pdf
        pdf = Attachment(lambda: render_report(data), answer.filename)
        return Reply(answer.text, attachment=pdf)
    if answer.chart is None:
        return Reply(answer.text)
    which, args = answer.chart
    chart = Attachment(lambda: render_chart(which, args), CHART_FILENAME, photo=True)
    text = answer.text + (f"\n\n{answer.key}" if answer.key else "")
    if len(text) <= CAPTION_LIMIT:
        return Reply(text, attachment=chart)
    return Reply(answer.text, then=Reply(answer.caption[:CAPTION_LIMIT], attachment=chart))


# ---- commands -----------------------------------------------------------------------------------
async def summary_command(turn: Turn, args: str) -> Reply:
    """/summary [7|30|90|365|all|cycles]: the text and a chart."""
    answer = await summary_answer(turn.session, turn.me, args, turn.now, turn.default_zone)
    return answer_reply(answer)


#: The language codes /report takes, as patients type them.
CODES = ", ".join(lang.split("_", 1)[0] for lang in LANGUAGES)


def split_report_args(args: str) -> tuple[str, str | None]:
    """'90 en' -> ('90', 'en'): the period, and a language named anywhere in the arguments."""
    period, report_lang = [], None
    for word in args.split():
        lang = pick_language(word) if not word.isdigit() else None
        if lang is not None and report_lang is None:
            report_lang = lang
        else:
            period.append(word)
    return " ".join(period), report_lang


async def report_command(turn: Turn, args: str) -> Reply:
    """/report [7|30|90|365|all] [language]: the doctor's PDF, by default in the patient's
    language; ``/report en`` in English (or another language we speak) for a doctor abroad."""
    period, report_lang = split_report_args(args)
    choice = parse_period(period, DEFAULT_REPORT_DAYS, turn.lang)
    if choice is None:
        usage = turn.t("sum_report_usage") + "\n" + turn.t("sum_report_languages", codes=CODES)
        return Reply(turn.t("sum_bad_period", text=args[:40]) + "\n" + usage)
    answer = await report_answer(
        turn.session, turn.me, choice.days, turn.now, turn.default_zone, report_lang
    )
    return answer_reply(answer)


@callback("sm:{patient}:report:{days}")
@dataclass(frozen=True)
class ReportTap(Callback):
    """Send the patient's report for the last ``days`` (0: everything)."""

    patient: int
    days: int


def report_button(
    patient_id: int, lang: str, days: int | None = DEFAULT_REPORT_DAYS
) -> tuple[str, str]:
    """A (label, callback data) button that sends the patient the report (other features)."""
    return t("sum_btn_report", lang), ReportTap(patient_id, days or 0).encode()


BUTTONS = Buttons()


@BUTTONS.on(ReportTap)
async def report_tapped(turn: Turn, tap: ReportTap) -> Reply:
    """The report button: only for the tapping chat's own patient."""
    if turn.me.id != tap.patient or not 0 <= tap.days <= MAX_DAYS:
        return expired(turn)
    days = tap.days or None
    answer = await report_answer(turn.session, turn.me, days, turn.now, turn.default_zone)
    reply = answer_reply(answer)
    reply.toast = turn.t("sum_report_preparing")
    return reply


# ---- weekly -------------------------------------------------------------------------------------
async def weekly_schedule(session: AsyncSession, patient: Patient) -> Schedule | None:
    """The patient's active weekly-summary schedule, if any."""
    return (
        await session.exec(
            select(Schedule).where(
                col(Schedule.patient_id) == patient.id,
                col(Schedule.kind) == KIND_WEEKLY,
                col(Schedule.state) == ScheduleState.ACTIVE,
            )
        )
    ).first()


def day_name(code: str, lang: str) -> str:
    """'Sunday' for 'SU'."""
    return t(WEEKDAY_SHORT[code.lower()], lang)


async def set_weekly(
    session: AsyncSession,
    patient: Patient,
    arg: str,
    now: datetime,
    default_zone: str,
) -> str:
    """/weekly <day> <HH:MM> | off | (nothing: the current setting); the reply text."""
    lang = patient.language
    assert patient.id is not None
    words = arg.strip().lower()
    current = await weekly_schedule(session, patient)
    if not words:
        if current is None:
            return t("sum_weekly_status_off", lang) + "\n" + t("sum_weekly_usage", lang)
        payload = current.payload or {}
        status = t(
            "sum_weekly_status_on",
            lang,
            day=day_name(str(payload.get("day", "SU")), lang),
            time=str(payload.get("time", "")),
        )
        return status + "\n" + t("sum_weekly_usage", lang)
    if said(words, "kw_off", lang) or said(words, "kw_stop", lang):
        if current is None:
            return t("sum_weekly_was_off", lang)
        await cancel_schedules(session, patient_id=patient.id, kinds=[KIND_WEEKLY])
        return t("sum_weekly_off", lang)
    parsed = parse_weekly(words)
    if parsed is None:
        return t("sum_weekly_bad", lang, text=arg[:40]) + "\n" + t("sum_weekly_usage", lang)
    code, hhmm = parsed
    zone_name = patient.timezone or default_zone
    at = parse_local_time(hhmm)
    assert at is not None
    await cancel_schedules(session, patient_id=patient.id, kinds=[KIND_WEEKLY])
    schedule = await add_schedule(
        session,
        patient_id=patient.id,
        kind=KIND_WEEKLY,
        recurrence=Recurrence(
            rule=f"FREQ=WEEKLY;BYDAY={code}",
            start_local=datetime.combine(today_of(patient, now, default_zone), at),
            zone=zone_name,
        ),
        now=now,
        grace_minutes=WEEKLY_GRACE_MINUTES,
        ref_id=patient.id,
        payload={"day": code, "time": hhmm},
    )
    assert schedule.next_due_at is not None
    return t(
        "sum_weekly_on",
        lang,
        day=day_name(code, lang),
        time=fmt_time(at, lang),
        zone=zone_name,
        when=local_when(schedule.next_due_at, patient, default_zone),
    )


async def weekly_command(turn: Turn, args: str) -> Reply:
    """/weekly <day> <HH:MM> | off: the weekly summary's day and time."""
    return Reply(await set_weekly(turn.session, turn.me, args, turn.now, turn.default_zone))


# ---- the weekly occurrence ----------------------------------------------------------------------
def occurrence_handlers(config: Settings) -> dict[str, OccurrenceHandler]:
    """The weekly summary's occurrence kind."""
    return {KIND_WEEKLY: WeeklySummaryHandler(config.default_timezone)}


@dataclass
class WeeklySummaryHandler(PerOccurrence):
    """Sends the 7-day summary text (no chart: the engine sends text messages). A summary
    reads the patient's whole week, so each is prepared on its own: weekly, never a burst."""

    default_zone: str = "UTC"

    async def prepare_one(
        self, *, session: AsyncSession, occurrence: Occurrence, patient: Patient, now: datetime
    ) -> Outgoing | None:
        """The summary of the 7 local days ending today."""
        if patient.consent_at is None:
            return None
        summary = await load_summary(session, patient, 7, now, self.default_zone)
        return Outgoing(summary_text(summary, 7, patient.language, weekly=True))


FEATURE = Feature(
    name="summary",
    commands=(
        Command("summary", summary_command),
        Command("report", report_command),
        Command("weekly", weekly_command),
    ),
    buttons=BUTTONS,
    occurrences=occurrence_handlers,
)
