"""/report end to end, the PDF's content (pypdf), charts' pixels, and the exported functions."""

from __future__ import annotations

import io
import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

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
    # No name or identifier set: none shown; nothing unanswered is called "none".
    assert "Patient:" not in text and "Identifier:" not in text
    assert "No questionnaires were due in this period." in text
    assert "Current medications: none on the list" in text
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
    from service.reports.pdf import ReportInput, render_report
    from service.reports.pdf_writer import printable

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


# ---- a rich record: every section, a table over several pages, pages rendered to PNG ----------
"""The pages are rendered with pypdfium2 (PDFium): poppler's pdftoppm is not installed on this
machine, and CI installs only what the project's files name, so the renderer is a test extra."""

RICH = 7120
SURGERY_ON = TODAY - timedelta(days=200)
INJECTIONS = 28  # 12 weeks apart, the last before the surgery
FIRST_INJECTION = TODAY - timedelta(days=220 + 84 * (INJECTIONS - 1))


async def seed_rich_patient(harness: Harness, db: Database) -> Patient:
    """Seven years: a baseline diary, 28 injections (products, sites, injectors, side effects
    with days, legacy ones, unanswered), then MVD with its checks, medications with changes,
    questionnaires answered and unanswered, a chosen name and identifier."""
    from service.db.models import (
        BotoxCycle,
        MedicationChange,
        QuestionnaireResponse,
        SideEffect,
        Surgery,
        SurgeryCheck,
    )

    await onboard(harness, RICH, zone="Europe/Berlin")
    first_day = (FIRST_INJECTION - TODAY).days - 40
    await seed_days(
        db,
        RICH,
        {
            TODAY + timedelta(days=k): (2 + k % 2, 2 + (k // 5) % 2, 1 + k % 3)
            for k in range(first_day, 0)
        },
        notes={TODAY - timedelta(days=3): "Windy day; twitching worse outside."},
    )
    patient = await patient_of(db, RICH)
    pid = patient.id
    assert pid is not None
    products = ("onabotulinumtoxinA", "incobotulinumtoxinA", "unknown", "other")
    async with db.transaction() as session:
        row = await session.get(Patient, pid)
        assert row is not None
        row.report_name = "Anna Schmidt"
        row.report_identifier = "MRN 4711"
        cycles = []
        for k in range(INJECTIONS):
            injected = FIRST_INJECTION + timedelta(days=84 * k)
            cycle = BotoxCycle(
                patient_id=pid,
                injected_on=injected,
                units=40 + (k % 3) * 5,
                product=products[k % 4],
                product_name="Letybo" if k % 4 == 3 else None,
                site_units={"eye": 20, "cheek": 10, "mouth": None} if k % 2 == 0 else None,
                injector="Dr Weber" if k % 2 == 0 else None,
                onset="partly" if k % 3 == 0 else None,
                onset_reported_on=injected + timedelta(days=5) if k % 2 == 0 else None,
                wear_off_reported_on=injected + timedelta(days=75) if k % 5 == 0 else None,
                wear_off_on=injected + timedelta(days=70) if k % 5 == 2 else None,
                effect=3,
                side_effects_day7_at=None if k == 1 else T0,  # k = 1: never answered
                created_at=T0,
            )
            session.add(cycle)
            cycles.append(cycle)
        await session.flush()
        for k, cycle in enumerate(cycles):
            assert cycle.id is not None
            injected = cycle.injected_on
            if k % 3 == 0:
                session.add(
                    SideEffect(
                        patient_id=pid,
                        cycle_id=cycle.id,
                        effect="ptosis",
                        started_on=injected + timedelta(days=3),
                        ended_on=injected + timedelta(days=21),
                        created_at=T0,
                    )
                )
            if k == INJECTIONS - 1:
                session.add(
                    SideEffect(
                        patient_id=pid,
                        cycle_id=cycle.id,
                        effect="mouth",
                        started_on=injected + timedelta(days=5),
                        created_at=T0,
                    )
                )
            if k == 2:  # recorded before the diary: no days
                session.add(
                    SideEffect(patient_id=pid, cycle_id=cycle.id, effect="eye", created_at=T0)
                )
            if k >= INJECTIONS - 3:
                due = injected + timedelta(weeks=6)
                session.add(
                    QuestionnaireResponse(
                        patient_id=pid,
                        questionnaire="pgic",
                        occasion="6w",
                        ref_id=cycle.id,
                        schedule_id=1000 + k,
                        due_at=datetime.combine(due, time(10), tzinfo=UTC),
                        due_on=due,
                        answers={} if k == INJECTIONS - 2 else {"change": "mb"},
                        score=None if k == INJECTIONS - 2 else 2,
                        state="unanswered" if k == INJECTIONS - 2 else "answered",
                        created_at=T0,
                    )
                )
        surgery = Surgery(patient_id=pid, surgery_on=SURGERY_ON, created_at=T0)
        session.add(surgery)
        await session.flush()
        assert surgery.id is not None
        for n in range(1, 15):
            flags: list[str] | None = ["fever", "hearing"] if n == 3 else []
            if n == 5:
                flags = None
            session.add(
                SurgeryCheck(
                    surgery_id=surgery.id,
                    patient_id=pid,
                    kind="daily",
                    local_date=SURGERY_ON + timedelta(days=n),
                    red_flags=flags,
                    created_at=T0,
                )
            )
        answers = {4: "bit_better", 5: "bit_better", 13: "much_better", 26: "gone"}
        for week, answer in answers.items():
            session.add(
                SurgeryCheck(
                    surgery_id=surgery.id,
                    patient_id=pid,
                    kind="progress",
                    local_date=SURGERY_ON + timedelta(weeks=week),
                    spasm_vs_before=answer,
                    created_at=T0,
                )
            )
        for months, due in ((1, SURGERY_ON + timedelta(days=30)), (3, SURGERY_ON + timedelta(91))):
            session.add(
                QuestionnaireResponse(
                    patient_id=pid,
                    questionnaire="pgic",
                    occasion=f"{months}m",
                    ref_id=surgery.id,
                    schedule_id=2000 + months,
                    due_at=datetime.combine(due, time(10), tzinfo=UTC),
                    due_on=due,
                    answers={"change": "lb" if months == 1 else "vmb"},
                    score=3 if months == 1 else 1,
                    state="answered",
                    created_at=T0,
                )
            )
        for m in range(1, 6):
            due = TODAY - timedelta(days=30 * m)
            session.add(
                QuestionnaireResponse(
                    patient_id=pid,
                    questionnaire="smc",
                    occasion="monthly",
                    schedule_id=3000,
                    due_at=datetime.combine(due, time(10), tzinfo=UTC),
                    due_on=due,
                    answers={"grade": "2"} if m != 2 else {},
                    score=2 if m != 2 else None,
                    state="answered" if m != 2 else "unanswered",
                    created_at=T0,
                )
            )
        baclofen = Medication(
            patient_id=pid,
            name="Baclofen",
            dose="10 mg",
            times=["08:00", "20:00"],
            created_at=T0 - timedelta(days=300),
        )
        carbamazepine = Medication(
            patient_id=pid,
            name="Carbamazepine",
            dose="200 mg",
            times=["08:00"],
            active=False,
            created_at=T0 - timedelta(days=60),
            stopped_at=T0 - timedelta(days=20),
        )
        session.add_all([baclofen, carbamazepine])
        await session.flush()
        assert baclofen.id is not None and carbamazepine.id is not None
        for med_id, kind, days_ago, dose, times in (
            (baclofen.id, "started", 300, "5 mg", ["08:00"]),
            (baclofen.id, "dose", 100, "10 mg", ["08:00"]),
            (baclofen.id, "times", 99, "10 mg", ["08:00", "20:00"]),
            (carbamazepine.id, "started", 60, "200 mg", ["08:00"]),
            (carbamazepine.id, "stopped", 20, None, None),
        ):
            session.add(
                MedicationChange(
                    patient_id=pid,
                    medication_id=med_id,
                    kind=kind,
                    changed_at=T0 - timedelta(days=days_ago),
                    dose=dose,
                    times=times,
                )
            )
    return patient


def page_images(data: bytes, scale: float = 2.0, mode: str = "L") -> list[Any]:
    """Every page as a numpy array (PDFium; greyscale unless ``mode`` says), ``scale`` x 72 dpi."""
    import numpy as np
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return [
            np.asarray(document[i].render(scale=scale).to_pil().convert(mode))
            for i in range(len(document))
        ]
    finally:
        document.close()


def ink(image: Any, top: float, bottom: float, left: float, right: float) -> int:
    """Dark pixels in a box given in millimetres."""
    px = image.shape[0] / 297.0
    box = image[int(top * px) : int(bottom * px), int(left * px) : int(right * px)]
    return int((box < 200).sum())


async def test_rich_report_every_section_and_no_page_overflows(
    harness: Harness, db: Database
) -> None:
    from service.reports.pdf_writer import BODY_END, FOOTER_TOP, MARGIN

    user = harness.user(RICH)
    await seed_rich_patient(harness, db)
    reply = await user.say("/report all")
    assert reply.kind == "document" and reply.document is not None
    keep = os.environ.get("REPORT_PAGES_DIR")  # to look at the pages: a folder to save them in
    if keep:
        (Path(keep) / "report.pdf").write_bytes(reply.document)
    reader = pypdf.PdfReader(io.BytesIO(reply.document))
    texts = [page.extract_text() for page in reader.pages]
    flat = " ".join(" ".join(texts).split())
    first = " ".join(texts[0].split())

    # Page one: name, period, treatment, medications with doses and times, key figures with n.
    assert "Patient: Anna Schmidt · Identifier: MRN 4711" in first
    assert "Period: " in first and "Current medications: Baclofen 10 mg at 08:00, 20:00" in first
    assert "Carbamazepine" not in first.split("Current medications:")[1].split("Patient-")[0]
    assert "(n = " in first and "Check-ins: " in first
    # "all" keeps the baseline before the first injection, with its days.
    assert f"Before the first injection ({FIRST_INJECTION.isoformat()})" in first
    assert "(n = 40 days); since then" in first
    assert "M = medication change" in first
    assert f"{(T0 - timedelta(days=20)).date().isoformat()} Carbamazepine stopped" in first
    # Medications with no answered dose are said as such: never "0 of 0" or "None%".
    assert "Carbamazepine: no dose answered in this period" in flat
    assert "None%" not in flat and "0 of 0" not in flat

    # Botox: product with units, "product not recorded", sites, injector, reported/estimated.
    assert "40 U onabotulinumtoxinA" in flat and "45 U incobotulinumtoxinA" in flat
    assert "U, product not recorded" in flat and "U Letybo" in flat
    assert "eye 20, cheek 10, mouth –" in flat and "Dr Weber" in flat
    assert "d 5 reported" in flat and "d 75 reported" in flat and "day 7: partly" in flat
    assert "drooping eyelid d3–d21" in flat and "drooping mouth or drooling d5–ongoing" in flat
    assert "dry, watering or irritated eye (days not recorded)" in flat
    # PGIC at 6 weeks: answered and unanswered.
    assert "Much better" in flat
    # The table flows: its heading row is repeated on the page it continues on.
    table_pages = [i for i, text in enumerate(texts) if "Product, units" in text]
    assert len(table_pages) >= 2, table_pages
    assert table_pages == list(range(table_pages[0], table_pages[0] + len(table_pages)))
    assert sum(text.count("Botox injections") for text in texts) == 1
    assert "d 70 estimated" in flat
    last_injection = FIRST_INJECTION + timedelta(days=84 * (INJECTIONS - 1))
    assert last_injection.isoformat() in texts[table_pages[-1]]

    # After MVD: follow-up points, answers, PGIC, red flags with days, unanswered days.
    assert "After surgery (MVD)" in flat
    assert "1 month" in flat and "3 months" in flat and "12 months" in flat
    assert "not yet due" in flat and "A little better" in flat and "Very much better" in flat
    assert "day 3 (" in flat and "fever, new hearing loss or ringing" in flat
    assert "Daily screens unanswered on 1 day after surgery: day 5." in flat
    # Outcome measures: SMC grades and an unanswered one.
    assert "Spasm grade" in flat and "II Also mouth, cheek, forehead or neck" in flat
    # 3 PGIC after injections (one unanswered), 2 after surgery, 5 SMC (one unanswered).
    assert "8 answered, 2 unanswered in this period." in flat
    # Medication changes.
    assert "Baclofen dose changed" in flat or "dose changed" in flat
    assert "times changed" in flat and "stopped" in flat and "started" in flat

    images = page_images(reply.document)
    assert len(images) == len(texts) >= 4
    for number, image in enumerate(images, start=1):
        width = image.shape[1] * 297.0 / image.shape[0]
        assert abs(width - 210) < 1  # A4 portrait
        # Nothing in the margins: sides, top, and the band between the body and the footer.
        assert ink(image, 0, MARGIN - 2, 0, 210) == 0, number
        assert ink(image, 0, 297, 0, MARGIN - 1) == 0, number
        assert ink(image, 0, 297, 210 - MARGIN + 1, 210) == 0, number
        assert ink(image, BODY_END + 0.5, FOOTER_TOP - 0.5, 0, 210) == 0, number
        # Every page has a body and a footer.
        assert ink(image, MARGIN, BODY_END, 0, 210) > 2000, number
        assert ink(image, FOOTER_TOP, 297, 0, 210) > 100, number
    if keep:  # in colour, to look at
        from PIL import Image

        for number, image in enumerate(page_images(reply.document, mode="RGB"), start=1):
            Image.fromarray(image).save(Path(keep) / f"report-page-{number}.png")


async def test_the_rich_patients_fhir_export_holds_every_record(
    harness: Harness, db: Database
) -> None:
    """The same rich record through /export: a valid FHIR R4 Bundle with the chosen name, an
    Observation per rating, questionnaire score and side effect, a MedicationStatement per dose
    period, a Procedure per injection (product, sites, injector) and the surgery."""
    import json
    from collections import Counter

    from service.bot import data
    from tests.test_data_rights import open_export
    from tests.test_fhir import validate

    user = harness.user(RICH)
    await seed_rich_patient(harness, db)
    _, files = open_export(await user.say("/export"))
    bundle = json.loads(files[data.FHIR_NAME])
    validate(bundle)
    keep = os.environ.get("REPORT_PAGES_DIR")
    if keep:
        (Path(keep) / "fhir.json").write_bytes(files[data.FHIR_NAME])
    resources = [e["resource"] for e in bundle["entry"]]
    kinds = Counter(r["resourceType"] for r in resources)
    (patient,) = [r for r in resources if r["resourceType"] == "Patient"]
    assert patient["name"] == [{"text": "Anna Schmidt"}]
    assert patient["identifier"] == [{"value": "MRN 4711"}]
    procedures = [r for r in resources if r["resourceType"] == "Procedure"]
    assert kinds["Procedure"] == INJECTIONS + 1  # every injection and the surgery
    assert any("onabotulinumtoxinA" in p["code"]["text"] for p in procedures)
    assert any(p.get("performer") == [{"actor": {"display": "Dr Weber"}}] for p in procedures)
    assert any(p.get("bodySite") for p in procedures)
    systems = Counter(
        r["code"]["coding"][0]["system"].rsplit("/", 1)[-1]
        for r in resources
        if r["resourceType"] == "Observation"
    )
    assert systems["questionnaire-score"] == 10  # 8 answered, 2 unanswered
    assert systems["botox-side-effect"] >= 1 and systems["daily-rating"] > 1000
    statements = [r for r in resources if r["resourceType"] == "MedicationStatement"]
    assert [s["status"] for s in statements].count("active") == 1  # Baclofen's current dose
    assert len(statements) == 4  # Baclofen 5 mg, 10 mg once, 10 mg twice; Carbamazepine
