"""Medications: each dose reminded at its local time, with Taken / Snooze / Skip, and adherence.

``/medication <name> <HH:MM>[,<HH:MM>...] [dose]`` adds one; each time gets its own daily schedule
(kind ``med_dose``, ``ref_id`` = the medication). ``/medications`` lists them with adherence and
Stop / Change buttons; ``/medication_change <id> <times> [dose]`` changes one (Change replies with
that command prefilled, and a button that copies it).

The feature in four modules: this one (commands, button actions, what it tells /reminders),
``medication_store`` (SQL), ``medication_views`` (button payloads and messages) and
``medication_doses`` (the dose reminder as a scheduled question on the one lifecycle). A tap
counts only from the patient the dose or medication belongs to.
"""

from __future__ import annotations

from datetime import timedelta

from service.bot import medication_dialog
from service.bot.common import local_when
from service.bot.feature import Command, Feature, ScheduleDeleted, SchedulesListed
from service.bot.kit import Reply, Turn, expired
from service.bot.medication_doses import DoseQuestion
from service.bot.medication_store import (
    KINDS,
    active_medications,
    add_medication,
    change_medication,
    closes_at,
    forget_time,
    last_changed,
    medications_of,
    own_dose,
    own_medication,
    paused_times,
    recent_doses,
    schedule_of_dose,
    settle_overdue,
    skip_run,
    stop_medication,
)
from service.bot.medication_views import (
    ADHERENCE_DAYS,
    SNOOZE_MINUTES,
    ChangeTap,
    KeepTap,
    SkipTap,
    SnoozeTap,
    StopTap,
    StopYesTap,
    TakenTap,
    answered_text,
    label_of,
    list_view,
    outcome_toast,
    snoozed_text,
    stop_confirm_view,
    which_view,
)
from service.db.models import DoseLog, Medication
from service.domain.medications import (
    MAX_TIMES,
    DoseOutcome,
    PlanProblem,
    parse_change,
    parse_medication,
    read_medication,
    read_times_and_dose,
)
from service.domain.numbers import read_int
from service.scheduling.lifecycle import settle
from service.scheduling.lifecycle import snooze as snooze_question
from service.texts import said

#: A snooze that would come back within this much of now is refused (the next dose is near).
SNOOZE_MIN_AHEAD = timedelta(minutes=1)


# ---- commands -----------------------------------------------------------------------------------
async def medication_command(turn: Turn, args: str) -> Reply:
    """/medication <name> <HH:MM>[,<HH:MM>...] [dose]: add a medication with its reminders.

    Without arguments, or with some the bot cannot read in full, the guided steps ask for what
    is missing and read it all back; ``/medication change <name>`` changes one."""
    first_word, _, rest = args.partition(" ")
    if said(first_word, "kw_change", turn.lang):
        return await change_by_name(turn, rest.strip())
    plan = parse_medication(args) if args else None
    if plan is None or isinstance(plan, PlanProblem):
        found = read_medication(args)
        draft, problem = medication_dialog.from_typed(found), None
        if found.unread:
            problem = turn.t("med_bad_times", text=found.unread[:60])
        elif found.times and len(found.times) > MAX_TIMES:
            problem = turn.t("med_error_too_many_times", limit=MAX_TIMES)
            draft.pop("times", None)
        return medication_dialog.start(turn, draft, problem=problem)
    assert turn.me.id is not None
    med, first = await add_medication(
        turn.session, turn.me.id, plan, zone_name=turn.zone_name, today=turn.today, now=turn.now
    )
    return Reply(
        turn.t(
            "med_added",
            name=label_of(med),
            times=", ".join(med.times),
            zone=turn.zone_name,
            next=local_when(first, turn.me, turn.default_zone) if first else "–",
        )
    )


async def medications_command(turn: Turn, _args: str) -> Reply:
    """/medications: the list with adherence, Stop and Change."""
    return await medication_list(turn)


async def medication_list(turn: Turn, notice: str | None = None, *, edit: bool = False) -> Reply:
    """The /medications message (``notice`` above it), its doses settled first."""
    assert turn.me.id is not None
    meds = await active_medications(turn.session, turn.me.id)
    await settle_overdue(turn.session, [(med, turn.zone_name) for med in meds], turn.now)
    ids = [med.id for med in meds if med.id is not None]
    since = turn.now - timedelta(days=max(ADHERENCE_DAYS) + 1)
    text, markup = list_view(
        meds,
        await recent_doses(turn.session, ids, since),
        await paused_times(turn.session, turn.me.id, ids),
        changed=await last_changed(turn.session, ids),
        zone=turn.zone,
        today=turn.today,
        lang=turn.lang,
        notice=notice,
    )
    return Reply(text, markup, edit=edit)


async def medication_change_command(turn: Turn, args: str) -> Reply:
    """/medication_change <id> <HH:MM>[,...] [dose]: new times (and dose) for a medication;
    ``/medication_change <name>`` (or the number alone) starts the guided change."""
    assert turn.me.id is not None
    change = parse_change(args) if args else None
    if change is None or isinstance(change, PlanProblem):
        return await change_by_name(turn, args)
    med = await own_medication(turn.session, turn.me.id, change.medication_id)
    if med is None or not med.active:
        unknown = turn.t("med_change_unknown", id=change.medication_id)
        return await _which(turn, unknown)
    first = await change_medication(
        turn.session, med, change, zone_name=turn.zone_name, today=turn.today, now=turn.now
    )
    return Reply(
        turn.t(
            "med_changed",
            name=label_of(med),
            times=", ".join(med.times),
            next=local_when(first, turn.me, turn.default_zone) if first else "–",
        )
    )


async def change_by_name(turn: Turn, name: str) -> Reply:
    """The guided change of the medication called ``name`` (or numbered so in /medications);
    without a match, the patient's medications as buttons."""
    assert turn.me.id is not None
    meds = await active_medications(turn.session, turn.me.id)
    wanted = name.strip().lower()
    number = read_int(wanted.split()[0]) if wanted else None
    matches = [
        m
        for m in meds
        if wanted
        and (m.id == number or m.name.lower() == wanted or m.name.lower().startswith(wanted))
    ]
    if len(matches) == 1 and number is not None and matches[0].id == number:
        rest = wanted.partition(" ")[2]
        found = read_times_and_dose(name.strip().partition(" ")[2])
        if rest and found.times and len(found.times) <= MAX_TIMES:  # "/medication_change 3 8 pm"
            draft = medication_dialog.from_medication(matches[0])
            draft.update(medication_dialog.from_typed(found))
            return medication_dialog.start(turn, draft, ref=number)
        if rest:
            problem = turn.t("med_bad_times", text=rest[:60])
            return medication_dialog.change_menu(turn, matches[0], problem)
    if len(matches) == 1:
        return medication_dialog.change_menu(turn, matches[0])
    notice = turn.t("med_change_not_found", text=name[:60]) if wanted else None
    return await _which(turn, notice)


async def _which(turn: Turn, notice: str | None) -> Reply:
    """Which medication to change: one button each."""
    assert turn.me.id is not None
    text, markup = which_view(await active_medications(turn.session, turn.me.id), turn.lang)
    return Reply("\n\n".join([notice, text]) if notice else text, markup)


# ---- a dose's buttons ---------------------------------------------------------------------------
#: One table for the feature: the guided steps' buttons are registered on it too.
BUTTONS = medication_dialog.BUTTONS


async def _open_dose(turn: Turn, dose_id: int) -> tuple[DoseLog, Medication] | Reply:
    """The patient's own dose a button is about, if it still takes an answer; else the answer
    to the tap. A dose can be answered from any of its messages until it closes."""
    assert turn.me.id is not None
    found = await own_dose(turn.session, turn.me.id, dose_id)
    if found is None:
        return expired(turn)  # forged or someone else's
    dose, med = found
    if dose.outcome == DoseOutcome.PENDING and turn.now >= closes_at(med, dose, turn.zone_name):
        dose.outcome = DoseOutcome.MISSED.value  # its close did not run yet
        turn.session.add(dose)
        return Reply("", toast=turn.t("med_toast_closed"))
    if dose.outcome != DoseOutcome.PENDING:
        return Reply("", toast=outcome_toast(dose.outcome, turn.lang))
    return dose, med


async def _answer(turn: Turn, dose_id: int, outcome: DoseOutcome) -> Reply:
    """Record Taken or Skip; the repeat and any snooze still waiting are dropped."""
    found = await _open_dose(turn, dose_id)
    if isinstance(found, Reply):
        return found
    dose, med = found
    dose.outcome = outcome.value
    dose.answered_at = turn.now
    turn.session.add(dose)
    assert turn.me.id is not None
    await settle(turn.session, kinds=KINDS, patient_id=turn.me.id, ref={"dose_id": dose.id})
    taken = outcome is DoseOutcome.TAKEN
    run = 0 if taken else await skip_run(turn.session, med)
    text = answered_text(med, dose, turn.zone, turn.lang, taken=taken, skip_run=run)
    toast = turn.t("med_toast_taken" if taken else "med_toast_skipped")
    return Reply(text, edit=True, toast=toast)


@BUTTONS.on(TakenTap)
async def taken(turn: Turn, tap: TakenTap) -> Reply:
    """✅ Taken."""
    return await _answer(turn, tap.dose, DoseOutcome.TAKEN)


@BUTTONS.on(SkipTap)
async def skipped(turn: Turn, tap: SkipTap) -> Reply:
    """Skip this dose (from the third in a row: don't stop some medicines suddenly)."""
    return await _answer(turn, tap.dose, DoseOutcome.SKIPPED)


@BUTTONS.on(SnoozeTap)
async def snoozed(turn: Turn, tap: SnoozeTap) -> Reply:
    """⏰ In 30 min: the reminder again then, at the latest a minute before the next dose."""
    if tap.minutes != SNOOZE_MINUTES:
        return expired(turn)
    found = await _open_dose(turn, tap.dose)
    if isinstance(found, Reply):
        return found
    dose, med = found
    if not med.active:
        return Reply("", toast=turn.t("med_toast_stopped"))
    closes = closes_at(med, dose, turn.zone_name)
    wanted = turn.now + timedelta(minutes=SNOOZE_MINUTES)
    if min(wanted, closes - timedelta(minutes=1)) <= turn.now + SNOOZE_MIN_AHEAD:
        return Reply("", toast=turn.t("med_toast_too_late"))
    schedule_id = await schedule_of_dose(turn.session, med, dose)
    if schedule_id is None:
        return expired(turn)
    again = await snooze_question(
        turn.session,
        kinds=KINDS,
        ref={"dose_id": dose.id},
        schedule_id=schedule_id,
        patient_id=dose.patient_id,
        due=wanted,
        closes=closes,
        now=turn.now,
    )
    text = snoozed_text(med, dose, again, turn.zone, turn.lang)
    return Reply(text, edit=True, toast=turn.t("med_toast_snoozed"))


# ---- the list's buttons -------------------------------------------------------------------------
async def _own(turn: Turn, medication_id: int) -> Medication | None:
    assert turn.me.id is not None
    return await own_medication(turn.session, turn.me.id, medication_id)


@BUTTONS.on(StopTap)
async def stop_asked(turn: Turn, tap: StopTap) -> Reply:
    """⏹ Stop: ask first (one wrong tap must not end a treatment reminder)."""
    med = await _own(turn, tap.medication)
    if med is None:
        return expired(turn)
    text, markup = stop_confirm_view(med, turn.lang)
    return Reply(text, markup, edit=True)


@BUTTONS.on(StopYesTap)
async def stop_confirmed(turn: Turn, tap: StopYesTap) -> Reply:
    """⏹ Yes, stop: no more reminders; the records stay; the list again."""
    med = await _own(turn, tap.medication)
    if med is None:
        return expired(turn)
    await stop_medication(turn.session, med, turn.now)
    reply = await medication_list(turn, turn.t("med_stopped", name=label_of(med)), edit=True)
    reply.toast = turn.t("med_toast_stop_done")
    return reply


@BUTTONS.on(KeepTap)
async def stop_declined(turn: Turn, tap: KeepTap) -> Reply:
    """No, keep it: the list again."""
    if await _own(turn, tap.medication) is None:
        return expired(turn)
    return await medication_list(turn, edit=True)


@BUTTONS.on(ChangeTap)
async def change_asked(turn: Turn, tap: ChangeTap) -> Reply:
    """✏️ Change: the guided change of that medication."""
    med = await _own(turn, tap.medication)
    if med is None or not med.active:
        return expired(turn)
    return medication_dialog.change_menu(turn, med)


# ---- what /reminders asks -----------------------------------------------------------------------
async def describe_schedules(turn: Turn, event: SchedulesListed) -> None:
    """A dose time in /reminders reads 'carbamazepine 200 mg: every day at 08:00'."""
    for schedule_id, med in (await medications_of(turn.session, event.schedules)).items():
        event.details[schedule_id] = label_of(med)


async def schedule_deleted(turn: Turn, event: ScheduleDeleted) -> None:
    """A dose time deleted in /reminders leaves its medication (which stops with its last)."""
    await forget_time(turn.session, event.schedule, turn.now)


FEATURE = Feature(
    name="medications",
    commands=(
        Command("medication", medication_command),
        Command("medications", medications_command),
        Command("medication_change", medication_change_command),
    ),
    buttons=BUTTONS,
    answers=medication_dialog.ANSWERS,
    questions=(DoseQuestion,),
    listens={SchedulesListed: describe_schedules, ScheduleDeleted: schedule_deleted},
)
