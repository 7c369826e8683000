"""/report end to end, the PDF's content (pypdf), charts' pixels, and the exported functions."""

from __future__ import annotations

import io
from datetime import date, time, timedelta

import pypdf
from matplotlib.image import imread

from service.db.engine import Database
from service.db.models import DoseLog, Medication, Patient
from service.domain.summary import CycleCurve, DayEntry, Period
from service.domain.timezones import get_zone
from service.reports import build_report, summary_line
from service.reports.charts import cycles_png, over_time_png
from service.reports.data import load_record
from tests.conftest import T0, Harness, onboard
from tests.test_summary import TODAY, add_cycles, patient_of, seed_days, span


def pdf_text(data: bytes) -> tuple[int, str, tuple[float, float]]:
    """Page count, all text, and the first page's size in points."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), text, (round(float(box.width)), round(float(box.height)))


async def add_medication(db: Database, chat_id: int, outcomes: list[str]) -> None:
    patient = await patient_of(db, chat_id)
    async with db.transaction() as session:
        med = Medication(
            patient_id=patient.id,  # type: ignore[arg-type]
            name="Baclofen",
            dose="5 mg",
            times=["08:00"],
            created_at=T0 - timedelta(days=30),
        )
        session.add(med)
        await session.flush()
        for k, outcome in enumerate(outcomes):
            session.add(
                DoseLog(
                    medication_id=med.id,  # type: ignore[arg-type]
                    patient_id=patient.id,  # type: ignore[arg-type]
                    due_at=T0 - timedelta(days=k + 1),
                    outcome=outcome,
                )
            )


async def test_report_is_an_a4_pdf_with_the_expected_figures(
    harness: Harness, db: Database
) -> None:
    user = harness.user(7101)
    await onboard(harness, 7101, zone="Europe/Berlin")
    await seed_days(
        db,
        7101,
        span(-120, -1, (2, 1, 1)),
        notes={date(2026, 11, 20): "Felt better after a quiet weekend."},
    )
    await add_cycles(
        db,
        7101,
        date(2026, 6, 6),
        units=40,
        onset="yes",
        effect=2,
        wear_off_reported_on=date(2026, 8, 20),
    )
    await add_cycles(
        db,
        7101,
        date(2026, 9, 4),
        units=50,
        onset="partly",
        effect=3,
        side_effects=["ptosis"],
        wear_off_on=date(2026, 11, 13),
    )
    await add_medication(db, 7101, ["taken", "taken", "missed", "taken", "pending"])

    reply = await user.say("/report")
    assert reply.kind == "document" and reply.document is not None
    assert reply.filename == "hfs-report-2026-11-23.pdf"
    assert "Your report for Wed 26 Aug – Mon 23 Nov" in (reply.text or "")
    pages, text, size = pdf_text(reply.document)
    assert pages >= 2 and size == (595, 842)  # A4
    assert "Period: 2026-08-26 – 2026-11-23 (90 days)" in text
    assert "Time zone: Europe/Berlin" in text and "Daily check-in: 09:00" in text
    # 89 rated days before today; today's prompt has not come yet.
    assert "Check-ins: 89 of 89 expected days (100%)" in text
    flat = " ".join(text.split())
    assert (
        "Mean eye frequency 2.0 · mean eye severity 1.0 · mean mouth and cheek – · mean "
        "daily-life impact 1.0 (n = 89 days)" in flat
    )
    # The 90 days before: the same (n = rated days of that period).
    assert "overall about the same (eye score, frequency + severity 0–8, within ± 1.0)" in flat
    assert (
        "adapted from the Jankovic Rating Scale for daily self-rating (0–4 each; not "
        "comparable with scores given in clinic)" in flat
    )
    assert "not comparable with scores given in clinic" in flat.split(f"Page 1 of {pages}")[0]
    assert "day 80 since the injection on 2026-09-04" in text
    assert "2026-09-04" in text and "d 70 estimated" in text and "day 7: partly" in text
    # Logged before products were asked: units with "product not recorded".
    assert "50 U, product not recorded" in flat and "40 U, product not recorded" in flat
    assert (
        "Injection of 2026-09-04: may be wearing off from about day 70 (2026-11-13), estimated "
        "from the diary." in text
    )
    assert "d 75 reported" in text
    assert (
        "Injection of 2026-06-06: wearing off reported by the patient on day 75 (2026-08-20)."
        in text
    )
    # A legacy side effect (no diary days); the first cycle's question was never answered.
    assert "drooping eyelid (days not recorded)" in flat
    assert "unanswered" in flat
    assert "Baclofen: 3 of 4 doses taken (75%)" in text
    assert "2026-11-20: Felt better after a quiet weekend." in text
    assert "Weekly averages" in text and "2026-11-16 – 22 Nov" in text


async def test_report_periods_and_bad_input(harness: Harness, db: Database) -> None:
    user = harness.user(7102)
    await onboard(harness, 7102, zone="UTC")
    bad = await user.say("/report fortnight")
    assert bad.kind == "text"
    assert "“fortnight” isn't a period I know." in (bad.text or "")
    assert "7, 30, 90, 365 or all, e.g. /report 90" in (bad.text or "")
    # No data at all still makes a readable report.
    empty = await user.say("/report 7")
    assert empty.kind == "document" and empty.document is not None
    pages, text, _ = pdf_text(empty.document)
    assert pages >= 2
    assert "Period: 2026-11-17 – 2026-11-23 (7 days)" in text
    assert "Check-ins: none expected in this period" in text
    assert "No Botox injections recorded." in text and "No notes in this period." in text


async def test_report_button_for_other_features(harness: Harness, db: Database) -> None:
    from service.bot.summary import report_button

    user = harness.user(7103)
    await onboard(harness, 7103, zone="UTC")
    await seed_days(db, 7103, span(-10, -1, (1, 1, 1)))
    patient = await patient_of(db, 7103)
    assert patient.id is not None
    label, data = report_button(patient.id, "en", 30)
    assert label == "📄 Report for my doctor" and data == f"sm:{patient.id}:report:30"
    message = await user.say("/weekly")
    await user.tap_data(message.message_id, data)
    answer = await user.next_callback_answer()
    assert answer.text == "Preparing your report…"
    document = await user.next_message()
    assert document.kind == "document" and document.document is not None
    assert "(30 days)" in pdf_text(document.document)[1]
    # Someone else's (or a made-up) patient id changes nothing and sends nothing.
    await user.tap_data(message.message_id, f"sm:{patient.id + 1}:report:30")
    assert (await user.next_callback_answer()).text == (
        "This button has expired. Send /checkin to check in now."
    )
    await user.tap_data(message.message_id, "sm:x:report:30")
    assert "expired" in ((await user.next_callback_answer()).text or "")
    assert user.drain() == []


async def test_build_report_and_summary_line(harness: Harness, db: Database) -> None:
    await onboard(harness, 7104, zone="Europe/Berlin")
    patient: Patient = await patient_of(db, 7104)
    now = harness.clock.now()
    async with db.transaction() as session:
        assert await summary_line(session, patient, now) == (
            "No check-ins with ratings in the last 90 days yet."
        )
    days = span(-179, -90, (3, 3, 2)) | span(-89, -1, (1, 2, 1))
    days[TODAY - timedelta(days=3)] = "missed"
    await seed_days(db, 7104, days)
    async with db.transaction() as session:
        line = await summary_line(session, patient, now)
        pdf = await build_report(session, patient, 30, now)
    assert line == (
        "Last 90 days: 88 of 89 check-ins, average eye frequency 1.0 and severity 2.0 (0–4). "
        "Lower ratings than the period before (88 and 90 rated days)."
    )
    pages, text, _ = pdf_text(pdf)
    assert pages >= 2 and "Period: 2026-10-25 – 2026-11-23 (30 days)" in text
    assert "Mean eye frequency 1.0 · mean eye severity 2.0" in " ".join(text.split())


async def test_asked_days_are_local_dates_in_any_zone(harness: Harness, db: Database) -> None:
    # A 00:30 prompt in Kolkata (UTC+05:30) is due at 19:00 UTC the day before; in Sydney a
    # 23:30 prompt crosses the DST change on 5 April 2026. Each counts for its local day.
    for chat_id, zone, at, days in (
        (7105, "Asia/Kolkata", time(0, 30), [date(2026, 11, 20), date(2026, 11, 21)]),
        (7106, "Australia/Sydney", time(23, 30), [date(2026, 4, 4), date(2026, 4, 5)]),
    ):
        await onboard(harness, chat_id, zone=zone, at=None)
        await seed_days(db, chat_id, dict.fromkeys(days, "missed"), at=at)
        patient = await patient_of(db, chat_id)
        async with db.transaction() as session:
            record = await load_record(session, patient, get_zone(zone))
        assert sorted(record.asked_days) == days, zone
        assert [e.day for e in record.entries] == days


async def test_paused_days_are_read_from_skipped_prompts(harness: Harness, db: Database) -> None:
    await onboard(harness, 7107, zone="Europe/Berlin", at=None)
    paused = (TODAY - timedelta(days=3), TODAY - timedelta(days=2))
    await seed_days(db, 7107, span(-6, -4, (1, 1, 1)), paused=paused)
    patient = await patient_of(db, 7107)
    async with db.transaction() as session:
        record = await load_record(session, patient, get_zone("Europe/Berlin"))
    assert sorted(record.paused_days) == list(paused)
    assert len(record.asked_days) == 3


def test_charts_decode_at_the_phone_size() -> None:
    period = Period(date(2026, 11, 1), date(2026, 11, 21))
    entries = [
        DayEntry(period.start + timedelta(days=k), "complete", k % 5, 2, 1) for k in range(21)
    ]
    image = imread(io.BytesIO(over_time_png(entries, period, [], "en")), format="png")
    assert image.shape[:2] == (552, 768)
    curve = CycleCurve(date(2026, 9, 1), ((3.0, 2.0), (10.0, 1.0)), current=True)
    image = imread(io.BytesIO(cycles_png([curve], 12, "en")), format="png")
    assert image.shape[:2] == (552, 768)


def test_notes_with_emoji_or_scripts_the_font_lacks_still_make_a_pdf() -> None:
    from datetime import datetime as dt

    from service.domain.summary import PatientRecord, summarise
    from service.reports.pdf import ReportInput, printable, render_report

    today = date(2026, 11, 21)
    note = "Better today 🙂👍🏽 ok, Привет, Grüße, 你好"
    assert printable(note) == "Better today ok, Привет, Grüße, □□"
    entries = (DayEntry(today, "complete", 1, 1, 1, note),)
    summary = summarise(PatientRecord(entries=entries), 7, today)
    data = ReportInput(
        summary, 7, "en", today, dt(2026, 11, 21), "left", "none", "UTC", "off", 12, (), ()
    )
    # A missing glyph would be a warning, and warnings are errors in this test suite.
    _, text, _ = pdf_text(render_report(data))
    assert "2026-11-21: Better today ok, Привет, Grüße, □□" in text


async def test_matplotlib_is_imported_only_when_a_chart_or_pdf_is_drawn() -> None:
    """Start-up does not pay for matplotlib (~41 MB, ~1 s): it loads with the first chart."""
    import asyncio
    import sys

    code = (
        "import sys\n"
        "from service.app import build_application\n"
        "import service.reports, service.reports.charts, service.reports.pdf\n"
        "import service.bot.summary, service.bot.registry\n"
        "print('matplotlib' in sys.modules)\n"
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await proc.communicate()
    assert out.decode().strip() == "False"
