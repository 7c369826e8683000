"""The guided /appointment dialog: date, time, what / where, read-back, then stored.

Whatever the patient gave is kept in the dialog state (``Patient.dialog``: the draft and what a
typed answer answers), so each step works by button or by typing, with or without Telegram's
reply. The same steps move an existing appointment (Change) and take the planned date of the
next Botox injection after a visit. Nothing is stored before the patient says Yes to the
read-back, and never a second appointment at the same local day and time: the patient chooses
to keep the one already there or to replace it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from service.bot.appointments_dialog_views import (
    ChangeDraftTap,
    DayTap,
    KeepExistingTap,
    OtherDateTap,
    ReplaceTap,
    SkipWhatTap,
    TimeTap,
    YesTap,
    ambiguous_question,
    clash_question,
    date_question,
    other_date_text,
    read_back,
    stamp_of,
    time_question,
    what_question,
)
from service.bot.appointments_store import (
    CANCELLED,
    SCHEDULED,
    book_reminders,
    clash,
    drop_reminders,
    own_appointment,
)
from service.bot.appointments_views import action_buttons, moved_text, saved_text, when, whom
from service.bot.common import local_when
from service.bot.dialog import Waiting, dialog_of, draft_of, set_draft, stop_waiting, wait_for
from service.bot.kit import Buttons, Reply, Turn, expired, keyboard
from service.db.models import Appointment
from service.domain.care import WHOM_MAX_CHARS, AppointmentText, appointment_plan, read_appointment
from service.domain.reader import Context, read_time
from service.texts import fmt_date

MAX_AHEAD = timedelta(days=2 * 365)
FLOW = "appointment"  # the draft's owner, so another guided command's draft is never taken


@dataclass(frozen=True)
class Draft:
    """An appointment being entered: what / where is None until asked ("" when skipped)."""

    day: date | None = None
    at: time | None = None
    what: str | None = None
    move: int | None = None  # the appointment being moved (Change)
    botox: bool = False  # the next Botox injection, planned at a visit

    @property
    def start_local(self) -> datetime | None:
        """The naive local start, once the date and time are known."""
        if self.day is None or self.at is None:
            return None
        return datetime.combine(self.day, self.at)

    def to_dict(self) -> dict[str, str]:
        """The stored form (short strings)."""
        data = {"flow": FLOW}
        if self.day is not None:
            data["day"] = self.day.isoformat()
        if self.at is not None:
            data["at"] = self.at.strftime("%H:%M")
        if self.what is not None:
            data["what"] = self.what
        if self.move is not None:
            data["move"] = str(self.move)
        if self.botox:
            data["botox"] = "1"
        return data

    @classmethod
    def from_dict(cls, data: dict[str, str] | None) -> Draft | None:
        """The draft under way, or None (none, another command's, or unreadable)."""
        if data is None or data.get("flow") != FLOW:
            return None
        try:
            return cls(
                day=date.fromisoformat(data["day"]) if "day" in data else None,
                at=time.fromisoformat(data["at"]) if "at" in data else None,
                what=data.get("what"),
                move=int(data["move"]) if "move" in data else None,
                botox=data.get("botox") == "1",
            )
        except ValueError:
            return None


def reading_context(turn: Turn) -> Context:
    """The reader's context for this patient (zone, language, today)."""
    return Context.for_patient(now=turn.now, zone=turn.zone_name, language=turn.lang)


def current(turn: Turn) -> Draft | None:
    """The appointment draft under way, if any."""
    return Draft.from_dict(draft_of(turn.me))


def _keep(turn: Turn, draft: Draft, waiting: Waiting) -> None:
    set_draft(turn.me, draft.to_dict())
    wait_for(turn.me, waiting, draft.move)
    turn.session.add(turn.me)


def finish(turn: Turn) -> None:
    """The dialog is over: nothing awaited, nothing collected."""
    set_draft(turn.me, None)
    stop_waiting(turn.me)
    turn.session.add(turn.me)


# ---- the steps ----------------------------------------------------------------------------------
async def _moved_from(turn: Turn, draft: Draft) -> str | None:
    if draft.move is None:
        return None
    appt = await own_appointment(turn.session, turn.me.id or 0, draft.move)
    if appt is None:
        return None
    return when(appt, turn.me, turn.default_zone) + whom(appt, turn.lang)


async def ask_date(turn: Turn, draft: Draft, problem: str | None = None) -> Reply:
    """When is it? The date picker; a typed date (and time, and what) works too."""
    _keep(turn, replace(draft, day=None, at=None), Waiting.APPOINTMENT_DATE)
    move = await _moved_from(turn, draft)
    text, markup = date_question(
        turn.lang, turn.today, move=move, botox=draft.botox, problem=problem
    )
    return Reply(text, markup)


def ask_time(turn: Turn, draft: Draft, problem: str | None = None) -> Reply:
    """What time? The common times still ahead that day; typed "8.30pm" works too."""
    assert draft.day is not None
    _keep(turn, draft, Waiting.APPOINTMENT_TIME)
    now_local = turn.now.astimezone(turn.zone).replace(tzinfo=None)
    return Reply(*time_question(draft.day, now_local, turn.lang, problem))


def timing_problem(turn: Turn, draft: Draft) -> str | None:
    """Why this start cannot be booked (past, too far ahead), or None."""
    assert draft.start_local is not None
    start = appointment_plan(draft.start_local, turn.zone).start
    at = local_when(start, turn.me, turn.default_zone)
    if start <= turn.now:
        if draft.botox:
            return turn.t("appt_botox_past", when=at)
        return turn.t("appt_past", when=at)
    if start > turn.now + MAX_AHEAD:
        return turn.t("appt_too_far", when=at)
    return None


async def next_step(turn: Turn, draft: Draft, problem: str | None = None) -> Reply:
    """The next thing to ask, or the read-back (or the clash) once everything is known."""
    if draft.day is None:
        return await ask_date(turn, draft, problem)
    if draft.day < turn.today:
        past = turn.t(
            "appt_botox_past" if draft.botox else "appt_past", when=fmt_date(draft.day, turn.lang)
        )
        return await ask_date(turn, draft, past)
    if draft.at is None:
        return ask_time(turn, draft, problem)
    timing = timing_problem(turn, draft)
    if timing is not None:
        return await ask_date(turn, replace(draft, day=None, at=None), timing)
    if draft.what is None and draft.move is None:
        _keep(turn, draft, Waiting.APPOINTMENT_WHAT)
        return Reply(*what_question(turn.lang, problem))
    start_local = draft.start_local
    assert start_local is not None
    _keep(turn, draft, Waiting.APPOINTMENT_DATE)  # a typed date now changes it
    existing = await _clash(turn, draft)
    if existing is not None:
        return Reply(*clash_question(existing, start_local, turn.me, turn.default_zone))
    moved_from = await _moved_from(turn, draft)
    text, markup = read_back(start_local, draft.what, turn.lang, moved_from=moved_from)
    return Reply(text, markup, confirm=(YesTap(stamp_of(start_local)), ChangeDraftTap()))


async def _clash(turn: Turn, draft: Draft) -> Appointment | None:
    assert draft.start_local is not None and turn.me.id is not None
    start = appointment_plan(draft.start_local, turn.zone).start
    return await clash(turn.session, turn.me.id, start, other_than=draft.move)


def _with_what(draft: Draft, found: AppointmentText, turn: Turn) -> Draft:
    """The draft with the typed what / where (a Botox injection keeps its name first)."""
    if not found.what:
        return draft
    if draft.botox:
        return replace(draft, what=turn.t("appt_botox_what") + ", " + found.what)
    return replace(draft, what=found.what)


def _too_long(turn: Turn, what: str) -> str | None:
    if len(what) <= WHOM_MAX_CHARS:
        return None
    return turn.t("appt_whom_too_long", length=len(what), limit=WHOM_MAX_CHARS, text=what[:3800])


async def take_typed(turn: Turn, draft: Draft, text: str) -> Reply:
    """A typed date (with a time and what / where, if given) for the draft."""
    found = read_appointment(text, reading_context(turn))
    if not found.read:
        return await ask_date(turn, draft, turn.t("appt_bad_date", text=text[:80]))
    if found.what and (problem := _too_long(turn, found.what)) is not None:
        return await ask_date(turn, draft, problem)
    draft = _with_what(draft, found, turn)
    if found.at is not None:
        draft = replace(draft, at=found.at)
    elif draft.day is not None:
        draft = replace(draft, at=None)  # a new date alone: its time is asked again
    if found.options:
        _keep(turn, replace(draft, day=None), Waiting.APPOINTMENT_DATE)
        return Reply(*ambiguous_question(found.options, text, turn.lang))
    return await next_step(turn, replace(draft, day=found.day))


# ---- starting it --------------------------------------------------------------------------------
async def start(turn: Turn, text: str) -> Reply:
    """/appointment [date] [time] [what]: read what was given, ask for the rest."""
    if not text:
        return await ask_date(turn, Draft())
    draft = Draft()
    found = read_appointment(text, reading_context(turn))
    if found.read and found.at is not None and not found.what:
        draft = replace(draft, what="")  # given in one go, without what / where: none
    return await take_typed(turn, draft, text)


async def start_move(turn: Turn, appt: Appointment) -> Reply:
    """Change an existing appointment: the same steps, then a read-back of the move."""
    return await ask_date(turn, Draft(move=appt.id))


async def start_botox(turn: Turn) -> Reply:
    """After a visit: when is the next Botox injection planned? Stored as an appointment."""
    return await ask_date(turn, Draft(botox=True, what=turn.t("appt_botox_what")))


# ---- typed answers ------------------------------------------------------------------------------
async def date_answer(turn: Turn, text: str) -> Reply:
    """A typed date (and maybe time and what) while the dialog waits for one."""
    draft = current(turn)
    if draft is None:  # a question asked before drafts were kept: the old Change
        ref = dialog_of(turn.me).ref
        if ref is None:
            finish(turn)
            return Reply(turn.t("appt_gone"))
        draft = Draft(move=ref)
    return await take_typed(turn, draft, text)


async def time_answer(turn: Turn, text: str) -> Reply:
    """A typed time ("8.30pm"); a typed date with a time is taken as a new date."""
    draft = current(turn)
    if draft is None or draft.day is None:
        return await date_answer(turn, text)
    at = read_time(text)
    if isinstance(at, time):
        return await next_step(turn, replace(draft, at=at))
    if read_appointment(text, reading_context(turn)).read:
        return await take_typed(turn, draft, text)
    return ask_time(turn, draft, turn.t("appt_bad_time_only", text=text[:80]))


async def what_answer(turn: Turn, text: str) -> Reply:
    """The typed what / where."""
    draft = current(turn)
    if draft is None:
        finish(turn)
        return Reply(turn.t("appt_gone"))
    problem = _too_long(turn, text)
    if problem is not None:
        _keep(turn, draft, Waiting.APPOINTMENT_WHAT)
        return Reply(*what_question(turn.lang, problem))
    return await next_step(turn, replace(draft, what=text))


ANSWERS = {
    Waiting.APPOINTMENT_DATE: date_answer,
    Waiting.APPOINTMENT_TIME: time_answer,
    Waiting.APPOINTMENT_WHAT: what_answer,
}


# ---- taps ---------------------------------------------------------------------------------------
BUTTONS = Buttons()


def _edited(reply: Reply) -> Reply:
    reply.edit = True
    return reply


@BUTTONS.on(DayTap)
async def day_tapped(turn: Turn, tap: DayTap) -> Reply:
    """A day from the picker (or one reading of 11/3)."""
    draft = current(turn)
    if draft is None or not date.min.toordinal() <= tap.day <= date.max.toordinal():
        return expired(turn)
    return _edited(await next_step(turn, replace(draft, day=date.fromordinal(tap.day))))


@BUTTONS.on(OtherDateTap)
async def other_date(turn: Turn, _tap: OtherDateTap) -> Reply:
    """Another date: the patient types it."""
    draft = current(turn)
    if draft is None:
        return expired(turn)
    _keep(turn, draft, Waiting.APPOINTMENT_DATE)
    return Reply(other_date_text(turn.lang, turn.today), edit=True)


@BUTTONS.on(TimeTap)
async def time_tapped(turn: Turn, tap: TimeTap) -> Reply:
    """A common time."""
    draft = current(turn)
    if draft is None or draft.day is None or not 0 <= tap.minutes < 1440:
        return expired(turn)
    at = time(tap.minutes // 60, tap.minutes % 60)
    return _edited(await next_step(turn, replace(draft, at=at)))


@BUTTONS.on(SkipWhatTap)
async def skip_what(turn: Turn, _tap: SkipWhatTap) -> Reply:
    """No what / where."""
    draft = current(turn)
    if draft is None or draft.start_local is None:
        return expired(turn)
    return _edited(await next_step(turn, replace(draft, what="")))


@BUTTONS.on(ChangeDraftTap)
async def change_draft(turn: Turn, _tap: ChangeDraftTap) -> Reply:
    """The read-back is wrong: the date and time again (what / where is kept)."""
    draft = current(turn)
    if draft is None:
        return expired(turn)
    return _edited(await ask_date(turn, replace(draft, day=None, at=None)))


def _matching(turn: Turn, stamp: int) -> Draft | None:
    draft = current(turn)
    if draft is None or draft.start_local is None or stamp_of(draft.start_local) != stamp:
        return None
    return draft


@BUTTONS.on(YesTap)
async def confirmed(turn: Turn, tap: YesTap) -> Reply:
    """Yes: store it (unless it clashes now, or its time has passed meanwhile)."""
    draft = _matching(turn, tap.stamp)
    if draft is None:
        return expired(turn)
    if timing_problem(turn, draft) is not None or await _clash(turn, draft) is not None:
        return _edited(await next_step(turn, draft))
    return _edited(await store(turn, draft))


@BUTTONS.on(KeepExistingTap)
async def keep_existing(turn: Turn, tap: KeepExistingTap) -> Reply:
    """Keep the appointment already there; nothing new is stored."""
    draft = _matching(turn, tap.stamp)
    if draft is None:
        return expired(turn)
    existing = await _clash(turn, draft)
    finish(turn)
    if existing is None:
        return Reply(turn.t("appt_nothing_changed"), edit=True)
    at = when(existing, turn.me, turn.default_zone)
    return Reply(turn.t("appt_kept_existing", when=at), edit=True, toast=turn.t("answer_saved"))


@BUTTONS.on(ReplaceTap)
async def replace_existing(turn: Turn, tap: ReplaceTap) -> Reply:
    """The new one replaces the appointment already there (its reminders go with it)."""
    draft = _matching(turn, tap.stamp)
    if draft is None:
        return expired(turn)
    existing = await _clash(turn, draft)
    if existing is not None:
        existing.status = CANCELLED
        turn.session.add(existing)
        await drop_reminders(turn.session, existing)
    if timing_problem(turn, draft) is not None:
        return _edited(await next_step(turn, draft))
    return _edited(await store(turn, draft))


# ---- storing ------------------------------------------------------------------------------------
async def store(turn: Turn, draft: Draft) -> Reply:
    """Save the new appointment (or the move) and book its reminders."""
    start_local = draft.start_local
    assert start_local is not None and turn.me.id is not None
    finish(turn)
    plan = appointment_plan(start_local, turn.zone)
    patient, zone = turn.me, turn.default_zone
    if draft.move is not None:
        appt = await own_appointment(turn.session, patient.id or 0, draft.move)
        if appt is None or appt.status != SCHEDULED or appt.starts_at <= turn.now:
            return Reply(turn.t("appt_gone"))
        old = when(appt, patient, zone)
        appt.starts_at = plan.start
        if draft.what:
            appt.with_whom = draft.what
        turn.session.add(appt)
        await drop_reminders(turn.session, appt)
        ahead = await book_reminders(turn.session, appt, start_local, turn.zone_name, turn.now)
        text = moved_text(appt, old, patient, zone, ahead)
        return Reply(text, keyboard([action_buttons(appt, turn.lang)]))
    appt = Appointment(
        patient_id=turn.me.id,
        starts_at=plan.start,
        with_whom=draft.what or None,
        status=SCHEDULED,
        created_at=turn.now,
    )
    turn.session.add(appt)
    await turn.session.flush()
    ahead = await book_reminders(turn.session, appt, start_local, turn.zone_name, turn.now)
    after = local_when(plan.followup, patient, zone)
    return Reply(saved_text(appt, patient, zone, ahead, after))
