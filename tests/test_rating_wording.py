"""The rating questions say what their answers mean (issue 9, part 4), and the lower-face item
goes from the check-in to the summary and the report."""

from __future__ import annotations

import re

from sqlmodel import select

from service.db.engine import Database
from service.db.models import Checkin
from service.texts import MESSAGES
from tests.conftest import Harness, onboard
from tests.test_botox import labels
from tests.test_report import pdf_text
from tests.test_summary import seed_days, span


async def test_each_question_matches_its_answers_and_the_lower_face_is_asked_third(
    harness: Harness, db: Database
) -> None:
    user = harness.user(9201)
    await onboard(harness, 9201, zone="UTC")
    frequency = await user.say("/checkin")
    # Frequency (Jankovic): how often and how long the eyelid blinks, flutters or closes.
    assert "How often, and for how long, did your eyelid blink, flutter or close" in (
        frequency.text
    )
    assert labels(frequency)[:5] == [
        "0 None",
        "1 Slightly more blinking than normal",
        "2 Fluttering, under 1 second",
        "3 Spasms over 1 s; eye open most of the day",
        "4 Eye closed most of the day: can't see",
    ]
    # Severity (Jankovic): how noticeable and how disabling, with the triggers of anchor 1.
    severity = await user.press("2")
    assert "How noticeable were the spasms around your eye" in severity.text
    assert "how much did they stop you doing things" in severity.text
    assert "bright light, wind, reading, driving" in severity.text
    assert labels(severity) == [
        "0 None",
        "1 More blinking, only with triggers",
        "2 Mild: noticeable fluttering, not disabling",
        "3 Moderate: very noticeable, a bit disabling",
        "4 Severe: disabling (can't drive or read)",
    ]
    lower = await user.press("3")
    assert "around your mouth and cheek" in lower.text
    assert labels(lower)[4] == "4 Severe: mouth pulled, hard to eat or talk"
    impact = await user.press("1")
    assert "daily life" in impact.text
    note = await user.press("0")
    assert "Anything to add" in note.text
    done = await user.press("Skip")
    assert "eye frequency 2, eye severity 3, mouth and cheek 1, daily life 0" in done.text
    async with db.transaction() as session:
        row = (await session.exec(select(Checkin))).one()
    assert (row.frequency, row.severity, row.lower_face, row.impact) == (2, 3, 1, 0)


def test_every_0_to_8_total_shown_says_what_it_is() -> None:
    # "of 8" never stands alone: the eye score is named with its two items.
    for key, text in MESSAGES.items():
        if re.search(r"\bof 8\b|0–8|0 to 8", text):
            assert "frequency + severity" in text, key


async def test_the_summary_and_the_report_show_the_lower_face(
    harness: Harness, db: Database
) -> None:
    user = harness.user(9202)
    await onboard(harness, 9202, zone="Europe/Berlin")
    await seed_days(db, 9202, span(-60, -30, (2, 2, 1, 3)) | span(-29, -1, (2, 2, 1, 1)))
    text = (await user.say("/summary")).text or ""
    assert "• Mouth and cheek 1.0 (before: 3.0) – lower" in text
    assert "• Eye, frequency 2.0 (before: 2.0) – about the same" in text
    report = await user.say("/report 30")
    assert report.document is not None
    _, pdf, _ = pdf_text(report.document)
    flat = " ".join(pdf.split())
    assert "mean mouth and cheek 1.0" in flat and "Mouth/cheek" in flat
    assert "mouth and cheek 3.0" in flat  # the previous 30 days
    assert "not comparable with scores given in clinic" in flat
