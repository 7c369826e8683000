"""Appointments: reminders 1 day and 2 hours before (local time), then "what changed?".

``/appointment`` adds one through a short guided dialog (``appointments_dialog``): whatever was
typed after the command is read first ("next Monday 10:30 neurologist"), and only what is
missing is asked, with buttons (a date picker, common times); everything is read back before it
is stored. ``/appointments`` lists the upcoming ones with Change and Cancel buttons; Change goes
through the same steps, and a typed answer works with or without Telegram's reply (the dialog
state waits for it). Cancelling from the list keeps the list. Cancelled reminders are dropped,
including those already due.

This module holds the list and its taps and the after-visit answer; the dialog lives in
``appointments_dialog``, the rows are read and written in ``appointments_store``, texts and
buttons made in ``appointments_views``, and what an appointment sends on its own (the reminders,
the after-visit question on the reminder lifecycle) lives in ``appointments_reminders``.
"""

from __future__ import annotations

from service.bot.appointments_dialog import ANSWERS, BUTTONS, start, start_botox, start_move
from service.bot.appointments_reminders import AfterVisitQuestion, occurrence_handlers
from service.bot.appointments_store import (
    AFTER_VISIT,
    CANCELLED,
    DONE,
    KINDS,
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
    render_cancelled,
    render_list,
    render_outcome_saved,
    restored_text,
    schedule_detail,
)
from service.bot.feature import Command, Feature, SchedulesListed
from service.bot.kit import Reply, Turn, expired, keyboard
from service.db.models import Appointment
from service.domain.care import wall_time
from service.scheduling.batch import load_by_id
from service.scheduling.lifecycle import settle

#: After-visit answers that change the patient's treatment.
OUTCOME_TREATMENT = {"botox": "botox", "medication": "medication", "surgery": "mvd_planned"}


# ---- commands -----------------------------------------------------------------------------------
async def add(turn: Turn, text: str) -> Reply:
    """/appointment [date] [time] [with whom / where]: read it, ask for what is missing, read
    it back, then save it and book its reminders."""
    return await start(turn, text)


async def list_view(
    turn: Turn, *, changed: Appointment | None = None, toast: str | None = None
) -> Reply:
    """The upcoming appointments, each with Change and Cancel; after a Cancel or Undo on the
    list (``changed``), the same message edited: that line on top (with Undo after a cancel)."""
    assert turn.me.id is not None
    appts = await upcoming(turn.session, turn.me.id, turn.now)
    text, markup = render_list(appts, turn.me, turn.today, turn.default_zone, changed=changed)
    return Reply(text, markup, edit=changed is not None, toast=toast)


async def list_command(turn: Turn, _args: str) -> Reply:
    """/appointments: the upcoming ones, each with Change and Cancel."""
    return await list_view(turn)


# ---- taps ---------------------------------------------------------------------------------------
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
    if tap.listed:  # the list stays, without it, with what was cancelled and Undo on top
        return await list_view(turn, changed=appt, toast=turn.t("answer_saved"))
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
    if tap.listed:
        return await list_view(turn, changed=appt, toast=turn.t("answer_saved"))
    text = restored_text(appt, turn.me, turn.default_zone, ahead)
    return Reply(text, keyboard([action_buttons(appt, turn.lang)]), edit=True)


@BUTTONS.on(ChangeTap)
async def change(turn: Turn, tap: ChangeTap) -> Reply:
    """Change: ask for the new date and time."""
    appt = await _tapped(turn, tap.appt)
    if appt is None:
        return expired(turn)
    if appt.status != SCHEDULED or appt.starts_at <= turn.now:
        return Reply("", toast=turn.t("appt_gone"))
    return Reply("", toast=turn.t("appt_change_toast"), then=await start_move(turn, appt))


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
    reply = Reply(text, markup, edit=True, toast=turn.t("answer_saved"))
    if answer == "botox":  # when is it planned? (stored as an appointment)
        reply.then = await start_botox(turn)
    return reply


# ---- what /reminders asks -----------------------------------------------------------------------
async def describe_schedules(turn: Turn, event: SchedulesListed) -> None:
    """An appointment's reminders in /reminders name it: 'Tue 1 Dec 14:30 – Dr Smith'."""
    mine = [s for s in event.schedules if s.kind in KINDS and s.ref_id is not None]
    appts = await load_by_id(turn.session, Appointment, {s.ref_id for s in mine})
    for schedule in mine:
        appt = appts.get(schedule.ref_id or 0)
        if appt is not None and appt.patient_id == turn.me.id and schedule.id is not None:
            event.details[schedule.id] = schedule_detail(appt, turn.me, turn.default_zone)


FEATURE = Feature(
    name="appointments",
    commands=(Command("appointment", add), Command("appointments", list_command)),
    buttons=BUTTONS,
    answers=ANSWERS,
    occurrences=occurrence_handlers,
    questions=(AfterVisitQuestion,),
    listens={SchedulesListed: describe_schedules},
)
