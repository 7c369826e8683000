"""Daily check-in: one message, edited in place through the questions; each answer stored at once.

The order of the questions is the pure step machine in ``service.domain.checkin``. Buttons are
typed payloads (``RateTap``, ``SkipNoteTap``, ``SnoozeTap``, ``SkipTodayTap``, ``ChangeTap``),
each with one action; a tap is honoured only from the patient who owns the check-in, on its
newest prompt message, on the check-in's own day.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup

from service.bot.checkin_views import (
    KINDS,
    RATING_ACTIONS,
    SNOOZE_MINUTES,
    STEPS,
    ChangeTap,
    RateTap,
    SkipNoteTap,
    SkipTodayTap,
    SnoozeTap,
    answers_of,
    checkin_for_day,
    checkins_for_days,
    first_unanswered,
    has_ratings,
    newest_prompt,
    render_done,
    render_prompt,
)
from service.bot.common import zone_of
from service.bot.dialog import Waiting, dialog_of, stop_waiting, wait_for
from service.bot.feature import CheckinClosed, CheckinCompleted, Command, Feature, publish
from service.bot.kit import Buttons, Reply, Turn, expired
from service.db.models import (
    Checkin,
    CheckinStatus,
    Occurrence,
    Patient,
)
from service.domain.checkin import after_rating
from service.domain.numbers import read_int
from service.domain.scales import (
    NOTE_MAX_CHARS,
    NOTES_MAX_CHARS,
    RATING_MAX,
    RATING_MIN,
    EmptyNote,
    NoteTooLong,
    Question,
    add_note,
    clean_note,
)
from service.domain.timezones import local_date, local_day_bounds
from service.scheduling.dispatcher import Due, Outgoing
from service.scheduling.lifecycle import Kinds, Moment, ScheduledQuestion, settle
from service.scheduling.lifecycle import snooze as snooze_question
from service.texts import fmt_date, fmt_time, t

log = logging.getLogger(__name__)


# ---- patient actions ----------------------------------------------------------------------------
async def start_checkin(
    turn: Turn, *, intro: str | None = None
) -> tuple[Checkin, str, InlineKeyboardMarkup]:
    """Open today's check-in (or say it is done) and render what to send."""
    session, patient, now = turn.session, turn.me, turn.now
    day = turn.today
    checkin = await checkin_for_day(session, patient, day, now)
    if checkin.status == CheckinStatus.COMPLETE and has_ratings(checkin):
        text, markup = await render_done(session, checkin, patient.language)
        return checkin, t("checkin_already_done", patient.language) + "\n\n" + text, markup
    if checkin.status in (CheckinStatus.SKIPPED, CheckinStatus.MISSED):
        checkin.status = CheckinStatus.OPEN
    checkin.step = first_unanswered(checkin)
    checkin.updated_at = now
    session.add(checkin)
    text, markup = render_prompt(checkin, patient.language, scheduled=False, intro=intro)
    return checkin, text, markup


async def finish_note(turn: Turn, checkin: Checkin) -> Reply:
    """After the note (typed or skipped): close the check-in and show the summary; whoever
    listens for a closed check-in (the set-up's next question) follows."""
    session, patient, now = turn.session, turn.me, turn.now
    checkin.step = None
    checkin.status = CheckinStatus.COMPLETE
    checkin.completed_at = checkin.completed_at or now
    checkin.updated_at = now
    session.add(checkin)
    stop_waiting(patient, Waiting.NOTE)
    session.add(patient)
    text, markup = await render_done(session, checkin, patient.language)
    return Reply(text, markup).followed_by(await publish(turn, CheckinClosed(checkin)))


async def note_answer(turn: Turn, text: str) -> Reply | None:
    """A typed note while the note question is open."""
    session, patient = turn.session, turn.me
    dialog = dialog_of(patient)
    if dialog.waiting is not Waiting.NOTE or dialog.ref is None:
        return None
    checkin = await session.get(Checkin, dialog.ref, with_for_update=True)
    if checkin is None or checkin.patient_id != patient.id:
        stop_waiting(patient)
        session.add(patient)
        return None
    try:
        note = clean_note(text)
    except EmptyNote:
        return Reply(t("q_note", patient.language))
    except NoteTooLong:
        # Nothing is lost: the text is echoed back so the patient can shorten it.
        length = len(text.strip())
        return Reply(
            t(
                "note_too_long",
                patient.language,
                length=length,
                limit=NOTE_MAX_CHARS,
                text=text[:3800],
            )
        )
    # A correction adds to the day's notes: nothing the patient typed earlier is lost.
    earlier = checkin.note
    at = fmt_time(turn.now.astimezone(zone_of(patient, turn.default_zone)), patient.language)
    notes = add_note(earlier, note, at)
    if len(notes) > NOTES_MAX_CHARS:
        room = max(NOTES_MAX_CHARS - len(earlier or "") - 10, 0)
        return Reply(
            t("note_too_long", patient.language, length=len(note), limit=room, text=text[:3800])
        )
    checkin.note = notes
    reply = await finish_note(turn, checkin)
    if earlier and notes != earlier:
        reply.text = t("checkin_note_added", patient.language) + "\n\n" + reply.text
    return reply


RATING_WORDS = {"zero": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4}


async def text_while_rating(turn: Turn, text: str) -> Reply | None:
    """Free text while today's check-in waits for a rating: a number is pointed to the buttons;
    anything else is kept as the day's note (nothing the patient typed is lost)."""
    patient = turn.me
    checkin = (
        await turn.session.exec(
            select(Checkin)
            .where(col(Checkin.patient_id) == patient.id, col(Checkin.local_date) == turn.today)
            .with_for_update()
        )
    ).first()
    if checkin is None or checkin.status != CheckinStatus.OPEN or has_ratings(checkin):
        return None
    word = text.strip().lower().rstrip(".!")
    value = read_int(word, low=RATING_MIN, high=RATING_MAX)
    if value is None:
        value = RATING_WORDS.get(word)
    if value is not None:
        return Reply(turn.t("rating_use_buttons", value=value))
    try:
        note = clean_note(text)
    except (EmptyNote, NoteTooLong):
        return None
    at = fmt_time(turn.now.astimezone(zone_of(patient, turn.default_zone)), turn.lang)
    notes = add_note(checkin.note, note, at)
    if len(notes) > NOTES_MAX_CHARS:
        return None
    checkin.note = notes
    checkin.updated_at = turn.now
    turn.session.add(checkin)
    return Reply(turn.t("note_taken_while_rating", note=note))


BUTTONS = Buttons()

#: Every check-in tap reads its row: the statement is built once (``session.get`` builds a new
#: one, and its cache key, on every call).
_CHECKIN_BY_ID = select(Checkin).where(col(Checkin.id) == bindparam("id")).with_for_update()


async def _tapped(
    turn: Turn, checkin_id: int, *, any_day: bool = False, late: bool = False
) -> Checkin | Reply:
    """The patient's own check-in a button is about, if the tap still counts; else the answer.

    Taps on an older copy of the prompt are outdated; a closed day takes no answers (``any_day``:
    the note's Skip still closes yesterday's check-in; ``late``: yesterday's unanswered
    check-in can still be filled in, marked as entered late)."""
    checkin = (await turn.session.exec(_CHECKIN_BY_ID, params={"id": checkin_id})).first()
    if checkin is None or checkin.patient_id != turn.me.id:
        return expired(turn)  # forged or someone else's
    message_id = turn.message_id
    if (
        checkin.prompt_message_id is not None
        and message_id is not None
        and message_id < checkin.prompt_message_id
    ):
        return Reply("", toast=turn.t("button_outdated"))
    if late and _late_allowed(turn, checkin):
        checkin.entered_late = True
    elif checkin.status == CheckinStatus.MISSED or (
        checkin.local_date != turn.today and not any_day
    ):
        return Reply("", toast=turn.t("checkin_closed"))
    if message_id is not None:
        checkin.prompt_message_id = message_id
    checkin.updated_at = turn.now
    turn.session.add(checkin)
    return checkin


def _late_allowed(turn: Turn, checkin: Checkin) -> bool:
    """Yesterday's (local date) check-in, not done or skipped, or already being entered late."""
    if checkin.local_date != turn.today - timedelta(days=1):
        return False
    unanswered = checkin.status in (CheckinStatus.OPEN, CheckinStatus.MISSED)
    return unanswered or (checkin.entered_late and checkin.status != CheckinStatus.SKIPPED)


@BUTTONS.on(RateTap)
async def rate(turn: Turn, tap: RateTap) -> Reply:
    """A rating: store it at once and show the next question (or the optional note)."""
    checkin = await _tapped(turn, tap.checkin, late=True)
    if isinstance(checkin, Reply):
        return checkin
    if not RATING_MIN <= tap.value <= RATING_MAX:
        return expired(turn)
    question = Question(RATING_ACTIONS[tap.item])
    setattr(checkin, question.value, tap.value)
    if checkin.status != CheckinStatus.COMPLETE:
        checkin.status = CheckinStatus.OPEN
    shown = Question(checkin.step) if checkin.step in STEPS else None
    progress = after_rating(shown, question, answers_of(checkin))
    checkin.step = progress.step.value
    if progress.complete:
        # The ratings are in: the check-in counts as done; the note is optional.
        checkin.status = CheckinStatus.COMPLETE
        checkin.completed_at = checkin.completed_at or turn.now
        wait_for(turn.me, Waiting.NOTE, checkin.id)
        turn.session.add(turn.me)
    late = checkin.local_date != turn.today
    saved = turn.t("checkin_saved_late", date=fmt_date(checkin.local_date, turn.lang))
    text, markup = render_prompt(
        checkin,
        turn.lang,
        scheduled=checkin.occurrence_id is not None and not late,
        intro=saved if late else None,
    )
    reply = Reply(text, markup, edit=True, toast=saved if late else turn.t("answer_saved"))
    if progress.complete:
        # E.g. the Botox wear-off estimate, if the diary suggests it: a message of its own.
        reply.followed_by(await publish(turn, CheckinCompleted(checkin)))
    return reply


@BUTTONS.on(SkipNoteTap)
async def skip_note(turn: Turn, tap: SkipNoteTap) -> Reply:
    """No note: the check-in is closed."""
    checkin = await _tapped(turn, tap.checkin, any_day=True)
    if isinstance(checkin, Reply):
        return checkin
    if not has_ratings(checkin):
        return expired(turn)
    reply = await finish_note(turn, checkin)
    reply.edit = True
    return reply


@BUTTONS.on(ChangeTap)
async def change(turn: Turn, tap: ChangeTap) -> Reply:
    """Change today's answers: the questions again, answers so far ticked."""
    checkin = await _tapped(turn, tap.checkin)
    if isinstance(checkin, Reply):
        return checkin
    checkin.step = STEPS[0]
    checkin.status = CheckinStatus.OPEN if not has_ratings(checkin) else checkin.status
    text, markup = render_prompt(checkin, turn.lang, scheduled=False)
    return Reply(text, markup, edit=True)


@BUTTONS.on(SkipTodayTap)
async def skip_today(turn: Turn, tap: SkipTodayTap) -> Reply:
    """No check-in today: follow-ups and snoozes are dropped."""
    checkin = await _tapped(turn, tap.checkin)
    if isinstance(checkin, Reply):
        return checkin
    if checkin.frequency is not None:
        return expired(turn)
    checkin.status = CheckinStatus.SKIPPED
    checkin.step = None
    assert turn.me.id is not None
    await settle(turn.session, kinds=KINDS, patient_id=turn.me.id, ref={"checkin_id": checkin.id})
    return Reply(turn.t("checkin_skipped"), edit=True)


@BUTTONS.on(SnoozeTap)
async def snooze(turn: Turn, tap: SnoozeTap) -> Reply:
    """Ask again in 30 minutes or 2 hours (at the latest just before the day ends)."""
    checkin = await _tapped(turn, tap.checkin)
    if isinstance(checkin, Reply):
        return checkin
    if tap.minutes not in SNOOZE_MINUTES or checkin.occurrence_id is None:
        return expired(turn)
    occurrence = await turn.session.get(Occurrence, checkin.occurrence_id)
    if occurrence is None:
        return expired(turn)
    zone = zone_of(turn.me, turn.default_zone)
    _, day_end = local_day_bounds(checkin.local_date, zone)
    due = await snooze_question(
        turn.session,
        kinds=KINDS,
        ref={"checkin_id": checkin.id},
        schedule_id=occurrence.schedule_id,
        patient_id=checkin.patient_id,
        due=turn.now + timedelta(minutes=tap.minutes),
        closes=day_end,
        now=turn.now,
    )
    local = due.astimezone(zone)
    return Reply(turn.t("checkin_snoozed", time=fmt_time(local, turn.lang)), edit=True)


# ---- the command ------------------------------------------------------------------------------
async def checkin_command(turn: Turn, _args: str) -> Reply:
    """/checkin: start (or continue) today's check-in, or show today's answers."""
    checkin, text, markup = await start_checkin(turn)
    checkin_id = checkin.id

    async def remember(session: AsyncSession, message_id: int) -> None:
        fresh = await session.get(Checkin, checkin_id, with_for_update=True)
        if fresh is not None:
            newest_prompt(session, fresh, message_id)

    return Reply(text, markup, remember=remember)


@dataclass
class CheckinQuestion(ScheduledQuestion[Checkin]):
    """The daily check-in through the one reminder lifecycle: the prompt opens the local day's
    check-in; one follow-up while nothing is answered; the day's end records it as missed."""

    default_zone: str = "UTC"
    kinds: Kinds = KINDS
    model: type[Checkin] = Checkin
    ref: str = "checkin_id"

    def _day(self, due: Due) -> tuple[int, date]:
        assert due.patient.id is not None
        zone = zone_of(due.patient, self.default_zone)
        return due.patient.id, local_date(due.occurrence.due_at, zone)

    async def open(
        self, session: AsyncSession, batch: Sequence[Due], now: datetime, *, asking: bool
    ) -> list[Checkin | None]:
        """The day's check-in (made if absent); none for a day done or skipped already."""
        checkins = await checkins_for_days(session, [self._day(due) for due in batch], now)
        found: list[Checkin | None] = []
        for due in batch:
            checkin = checkins[self._day(due)]
            if checkin.status in (CheckinStatus.COMPLETE, CheckinStatus.SKIPPED):
                found.append(None)
                continue
            if asking:
                checkin.occurrence_id = due.occurrence.id
                checkin.status = CheckinStatus.OPEN
                session.add(checkin)
            found.append(checkin)
        return found

    def is_open(self, item: Checkin) -> bool:
        """Neither done, skipped nor closed."""
        return item.status == CheckinStatus.OPEN

    def untouched(self, item: Checkin) -> bool:
        """No rating given yet."""
        return item.status == CheckinStatus.OPEN and item.frequency is None

    def render(self, item: Checkin, patient: Patient, moment: Moment) -> Outgoing:
        """The first open question, with Snooze and Skip while nothing is answered."""
        item.step = first_unanswered(item)
        lang = patient.language
        intro = t("checkin_followup", lang) if moment is Moment.FOLLOWUP else None
        text, markup = render_prompt(item, lang, scheduled=True, intro=intro)
        return Outgoing(text, markup)

    async def close(
        self, session: AsyncSession, items: Sequence[tuple[Due, Checkin]], now: datetime
    ) -> None:
        """The day is over: unanswered is missed; partial answers are kept as they are."""
        for due, checkin in items:
            if checkin.status == CheckinStatus.OPEN:
                if checkin.frequency is None:
                    checkin.status = CheckinStatus.MISSED
                checkin.step = None
                session.add(checkin)
            dialog = dialog_of(due.patient)
            if dialog.waiting is Waiting.NOTE and dialog.ref == checkin.id:
                stop_waiting(due.patient)  # a reply tomorrow must not become yesterday's note
                session.add(due.patient)


FEATURE = Feature(
    name="checkin",
    commands=(Command("checkin", checkin_command),),
    buttons=BUTTONS,
    answers={Waiting.NOTE: note_answer},
    unasked=text_while_rating,
    questions=(CheckinQuestion,),
)
