"""Appointments: reminders 1 day and 2 hours before (local time), then "what changed?".

``/appointment <date> <time> [with whom / where]`` adds one; ``/appointments`` lists the
upcoming ones with Change and Cancel buttons. *Change* asks for the new date and time; the
patient's dialog state then waits for it, so a typed answer works with or without Telegram's
reply (ForceReply only opens the reply field). Cancelled reminders are dropped, including those
already due.

This module holds what the patient does (commands, taps, the typed new time); the rows are read
and written in ``appointments_store``, texts and buttons made in ``appointments_views``, and
what an appointment sends on its own (the reminders, the after-visit question on the reminder
lifecycle) lives in ``appointments_reminders``.
"""

from __future__ import annotations

from datetime import timedelta

from service.bot.appointments_reminders import AfterVisitQuestion, occurrence_handlers
from service.bot.appointments_store import (
    AFTER_VISIT,
    CANCELLED,
    DONE,
    SCHEDULED,
    book_reminders,
    drop_reminders,
    own_appointment,
    upcoming,
)
from service.bot.appointments_views import (
    OUTCOME_STORED,
    OUTCOMES,
    CancelTap,
    ChangeTap,
    OutcomeTap,
    UndoTap,
    action_buttons,
    input_problem,
    moved_text,
    render_cancelled,
    render_list,
    render_move_question,
    render_outcome_saved,
    restored_text,
    saved_text,
    usage,
    when,
)
from service.bot.common import local_when
from service.bot.dialog import Waiting, dialog_of, stop_waiting, wait_for
from service.bot.feature import Command, Feature
from service.bot.kit import Buttons, Reply, Turn, expired, keyboard
from service.db.models import Appointment
from service.domain.care import (
    AppointmentInput,
    AppointmentInputError,
    NoDate,
    WhomTooLong,
    appointment_plan,
    parse_appointment,
    wall_time,
)
from service.scheduling.lifecycle import settle

#: After-visit answers that change the patient's treatment.
OUTCOME_TREATMENT = {"botox": "botox", "medication": "medication", "surgery": "mvd_planned"}
MAX_AHEAD = timedelta(days=2 * 365)


def timing_problem(turn: Turn, entry: AppointmentInput) -> str | None:
    """Why this start cannot be booked (past, too far ahead), or None."""
    plan = appointment_plan(entry.start_local, turn.zone)
    at = local_when(plan.start, turn.me, turn.default_zone)
    if plan.start <= turn.now:
        return turn.t("appt_past", when=at)
    if plan.start > turn.now + MAX_AHEAD:
        return turn.t("appt_too_far", when=at)
    return None


# ---- commands -----------------------------------------------------------------------------------
async def add(turn: Turn, text: str) -> Reply:
    """/appointment <date> <time> [with whom / where]: save it and book its reminders."""
    patient, lang = turn.me, turn.lang
    try:
        entry = parse_appointment(text, turn.today)
    except AppointmentInputError as error:
        return Reply(input_problem(error, text, turn.today, lang))
    problem = timing_problem(turn, entry)
    if problem is not None:
        return Reply(problem + "\n\n" + usage(turn.today, lang))
    assert patient.id is not None
    plan = appointment_plan(entry.start_local, turn.zone)
    appt = Appointment(
        patient_id=patient.id,
        starts_at=plan.start,
        with_whom=entry.with_whom,
        status=SCHEDULED,
        created_at=turn.now,
    )
    turn.session.add(appt)
    await turn.session.flush()
    ahead = await book_reminders(turn.session, appt, entry.start_local, turn.zone_name, turn.now)
    after = local_when(plan.followup, patient, turn.default_zone)
    return Reply(saved_text(appt, patient, turn.default_zone, ahead, after))


async def list_command(turn: Turn, _args: str) -> Reply:
    """/appointments: the upcoming ones, each with Change and Cancel."""
    assert turn.me.id is not None
    appts = await upcoming(turn.session, turn.me.id, turn.now)
    text, markup = render_list(appts, turn.me, turn.today, turn.default_zone)
    return Reply(text, markup)


# ---- taps ---------------------------------------------------------------------------------------
BUTTONS = Buttons()


async def _tapped(turn: Turn, appt_id: int) -> Appointment | None:
    """The patient's own appointment a button is about (None: not theirs, or gone)."""
    assert turn.me.id is not None
    return await own_appointment(turn.session, turn.me.id, appt_id)


@BUTTONS.on(CancelTap)
async def cancel(turn: Turn, tap: CancelTap) -> Reply:
    """Cancel: drop its reminders (also those already due); offer Undo."""
    appt = await _tapped(turn, tap.appt)
    if appt is None:
        return expired(turn)
    if appt.status not in (SCHEDULED, CANCELLED) or appt.starts_at <= turn.now:
        return Reply("", toast=turn.t("appt_gone"))
    if appt.status == SCHEDULED:
        appt.status = CANCELLED
        turn.session.add(appt)
        await drop_reminders(turn.session, appt)
    text, undo = render_cancelled(appt, turn.me, turn.default_zone)
    return Reply(text, undo, edit=True, toast=turn.t("answer_saved"))


@BUTTONS.on(UndoTap)
async def undo(turn: Turn, tap: UndoTap) -> Reply:
    """Undo a cancel: the appointment and its reminders come back."""
    appt = await _tapped(turn, tap.appt)
    if appt is None:
        return expired(turn)
    if appt.starts_at <= turn.now or appt.status not in (SCHEDULED, CANCELLED):
        return Reply("", toast=turn.t("appt_gone"))
    if appt.status == SCHEDULED:
        return Reply("", toast=turn.t("answer_saved"))  # a second tap on Undo
    appt.status = SCHEDULED
    turn.session.add(appt)
    start_local = wall_time(appt.starts_at, turn.zone)
    ahead = await book_reminders(turn.session, appt, start_local, turn.zone_name, turn.now)
    text = restored_text(appt, turn.me, turn.default_zone, ahead)
    return Reply(text, keyboard([action_buttons(appt, turn.lang)]), edit=True)


def move_question(turn: Turn, appt: Appointment, problem: str | None = None) -> Reply:
    """Ask for the new date and time of ``appt``; the dialog state waits for the answer."""
    assert appt.id is not None
    wait_for(turn.me, Waiting.APPOINTMENT_TIME, appt.id)
    turn.session.add(turn.me)
    text, force_reply = render_move_question(appt, turn.me, turn.today, turn.default_zone, problem)
    return Reply(text, force_reply)


@BUTTONS.on(ChangeTap)
async def change(turn: Turn, tap: ChangeTap) -> Reply:
    """Change: ask for the new date and time."""
    appt = await _tapped(turn, tap.appt)
    if appt is None:
        return expired(turn)
    if appt.status != SCHEDULED or appt.starts_at <= turn.now:
        return Reply("", toast=turn.t("appt_gone"))
    return Reply("", toast=turn.t("appt_change_toast"), then=move_question(turn, appt))


@BUTTONS.on(OutcomeTap)
async def outcome(turn: Turn, tap: OutcomeTap) -> Reply:
    """The after-visit answer (it can be corrected): stored, the treatment updated to match,
    and the question's follow-up dropped."""
    appt = await _tapped(turn, tap.appt)
    if appt is None or not 0 <= tap.outcome < len(OUTCOMES):
        return expired(turn)
    if appt.status not in (SCHEDULED, DONE) or appt.starts_at > turn.now:
        return expired(turn)
    patient, answer = turn.me, OUTCOMES[tap.outcome]
    appt.outcome = OUTCOME_STORED[answer]
    appt.status = DONE
    turn.session.add(appt)
    if answer in OUTCOME_TREATMENT:
        patient.treatment = OUTCOME_TREATMENT[answer]
        turn.session.add(patient)
    assert patient.id is not None
    await settle(
        turn.session, kinds=AFTER_VISIT, patient_id=patient.id, ref={"appointment_id": appt.id}
    )
    text, markup = render_outcome_saved(appt, answer, patient, turn.today, turn.default_zone)
    return Reply(text, markup, edit=True, toast=turn.t("answer_saved"))


# ---- the typed new date and time ----------------------------------------------------------------
async def move_answer(turn: Turn, text: str) -> Reply:
    """The typed new date and time for the appointment being changed (or the question again,
    with what was wrong)."""
    patient, lang = turn.me, turn.lang
    appt_id = dialog_of(patient).ref
    turn.session.add(patient)
    stop_waiting(patient, Waiting.APPOINTMENT_TIME)
    appt = await _tapped(turn, appt_id) if appt_id is not None else None
    if appt is None or appt.status != SCHEDULED or appt.starts_at <= turn.now:
        return Reply(turn.t("appt_gone"))
    try:
        entry = parse_appointment(text, turn.today)
    except AppointmentInputError as error:
        if isinstance(error, WhomTooLong):
            return Reply(input_problem(error, text, turn.today, lang))
        key = "appt_bad_date" if isinstance(error, NoDate) else "appt_bad_time"
        return move_question(turn, appt, turn.t(key, text=text[:80]))
    timing = timing_problem(turn, entry)
    if timing is not None:
        return move_question(turn, appt, timing)
    old = when(appt, patient, turn.default_zone)
    appt.starts_at = appointment_plan(entry.start_local, turn.zone).start
    if entry.with_whom:
        appt.with_whom = entry.with_whom
    turn.session.add(appt)
    await drop_reminders(turn.session, appt)
    ahead = await book_reminders(turn.session, appt, entry.start_local, turn.zone_name, turn.now)
    reply_text = moved_text(appt, old, patient, turn.default_zone, ahead)
    return Reply(reply_text, keyboard([action_buttons(appt, lang)]))


FEATURE = Feature(
    name="appointments",
    commands=(Command("appointment", add), Command("appointments", list_command)),
    buttons=BUTTONS,
    answers={Waiting.APPOINTMENT_TIME: move_answer},
    occurrences=occurrence_handlers,
    questions=(AfterVisitQuestion,),
)
