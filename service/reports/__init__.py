"""Progress summaries, charts and the doctor's PDF: load (database) -> compute (domain) -> render.

Public API for other features:

* ``summary_line(session, patient, now)``: one sentence about the last 90 days, e.g. for the
  day-before appointment reminder;
* ``build_report(session, patient, period_days, now)``: the PDF bytes (``period_days`` None for
  everything). It renders while the caller's session is open; handlers that can should call
  ``prepare_report`` inside their transaction and ``render_report`` after it, as /report does.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from service.db.models import Patient
from service.domain.scales import Treatment, treatments_of
from service.domain.summary import Summary, cycle_curves, cycle_rows, summarise
from service.domain.timezones import get_zone, local_date
from service.reports.data import load_record, load_report_record, since_for
from service.reports.pdf import ReportInput, render_report
from service.reports.text import one_line
from service.texts import t
from service.texts.families import SIDE, TREATMENT

__all__ = [
    "DEFAULT_REPORT_DAYS",
    "DEFAULT_SUMMARY_DAYS",
    "PERIODS",
    "ReportInput",
    "build_report",
    "load_summary",
    "prepare_report",
    "render_report",
    "report_filename",
    "summary_line",
]

DEFAULT_SUMMARY_DAYS = 30
DEFAULT_REPORT_DAYS = 90  # about one Botox cycle, the usual time between visits
PERIODS = (7, 30, 90, 365)


async def load_summary(
    session: AsyncSession,
    patient: Patient,
    days: int | None,
    now: datetime,
    default_zone: str = "UTC",
) -> Summary:
    """Read the patient's record and compute the statistics for ``days`` (None: all)."""
    zone = get_zone(patient.timezone or default_zone)
    today = local_date(now, zone)
    record = await load_record(session, patient, zone, since_for(days, today))
    return summarise(record, days, today)


async def prepare_report(
    session: AsyncSession,
    patient: Patient,
    days: int | None,
    now: datetime,
    default_zone: str = "UTC",
    lang: str | None = None,
) -> ReportInput:
    """Everything the PDF needs, read in the caller's transaction (in ``lang``, by default the
    patient's language)."""
    lang = lang or patient.language
    zone = get_zone(patient.timezone or default_zone)
    summary = await load_summary(session, patient, days, now, default_zone)
    record = summary.record
    details = await load_report_record(session, patient, zone)
    not_set = t("settings_not_set", lang)
    return ReportInput(
        summary=summary,
        days=days,
        lang=lang,
        made=summary.today,
        created=now,
        side=t(SIDE[patient.side], lang) if patient.side else not_set,
        treatment=", ".join(
            t(TREATMENT[tr.value], lang)
            for tr in Treatment
            if tr.value in treatments_of(patient.treatment)
        )
        or not_set,
        zone=patient.timezone or default_zone,
        checkin=patient.checkin_time or t("settings_off", lang),
        interval_weeks=patient.botox_interval_weeks,
        curves=tuple(cycle_curves(record.cycles, record.entries, summary.today)),
        cycle_rows=tuple(cycle_rows(record.cycles, record.entries, summary.today, limit=10_000)),
        record=details,
    )


async def build_report(
    session: AsyncSession,
    patient: Patient,
    period_days: int | None,
    now: datetime,
    *,
    default_zone: str = "UTC",
) -> bytes:
    """The doctor's PDF for the ``period_days`` days ending today (None: everything)."""
    data = await prepare_report(session, patient, period_days, now, default_zone)
    return await asyncio.to_thread(render_report, data)


async def summary_line(
    session: AsyncSession, patient: Patient, now: datetime, *, default_zone: str = "UTC"
) -> str:
    """One sentence about the last 90 days (check-ins, mean ratings, change)."""
    summary = await load_summary(session, patient, DEFAULT_REPORT_DAYS, now, default_zone)
    return one_line(summary, DEFAULT_REPORT_DAYS, patient.language)


def report_filename(day: date) -> str:
    """'hfs-report-2026-11-21.pdf' for the patient's local date."""
    return f"hfs-report-{day.isoformat()}.pdf"
