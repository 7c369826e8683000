"""Wear-off: the estimate from the diary (after each completed check-in) and the patient's own
report ("I think it's wearing off"), each with the booking reminder on request.

Nothing moves on its own: the estimate is stored (``BotoxCycle.wear_off_on``) and said as an
estimate; the booking reminder comes early only when the patient taps for it.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from service.bot.botox.payloads import (
    BUTTONS,
    BookingNowTap,
    WearingOffTap,
    WearingOffUndoTap,
)
from service.bot.botox.store import (
    KIND_OF,
    cancel_reminders,
    diary_totals,
    latest_cycle,
    own_cycle,
)
from service.bot.botox.views import (
    booking_text,
    estimate_view,
    fmt_day,
    report_wear_off_button,
)
from service.bot.feature import CheckinCompleted
from service.bot.kit import Reply, Turn, expired
from service.db.models import BotoxCycle
from service.domain.botox import (
    BASELINE_DAYS,
    ONSET_DAY,
    WEAR_OFF_FROM_DAY,
    WEAR_OFF_UNTIL_DAY,
    Step,
    day_of_cycle,
    detect_wear_off,
)

#: The check-in's end message offers "I think it's wearing off" from this cycle day on.
REPORT_FROM_DAY = ONSET_DAY


def can_report_wear_off(cycle: BotoxCycle, today: date, from_day: int = 1) -> bool:
    """Whether "I think it's wearing off" is offered for this cycle today."""
    day = day_of_cycle(cycle.injected_on, today)
    return cycle.wear_off_reported_on is None and from_day <= day <= WEAR_OFF_UNTIL_DAY


async def report_button(
    session: AsyncSession, patient_id: int, today: date, lang: str
) -> tuple[str, WearingOffTap] | None:
    """The check-in's "I think it's wearing off" button for the newest cycle, from day 7 on
    (None without a cycle, before day 7, or once the patient reported it)."""
    cycle = await latest_cycle(session, patient_id)
    if cycle is None or not can_report_wear_off(cycle, today, REPORT_FROM_DAY):
        return None
    return report_wear_off_button(cycle, lang)


async def checkin_completed(turn: Turn, event: CheckinCompleted) -> Reply | None:
    """A check-in's ratings are in: look for wear-off in the newest cycle; a message, or None.

    Records ``BotoxCycle.wear_off_on`` (estimated) the first time ``detect_wear_off`` finds it,
    from day 42 on. The message says it is an estimate, asks the patient to mention it at the
    next visit and offers the booking reminder now. No message when the patient already
    reported it themselves.
    """
    checkin, patient = event.checkin, turn.me
    if patient.id is None or checkin.frequency is None or checkin.severity is None:
        return None
    cycle = await latest_cycle(turn.session, patient.id)
    if cycle is None or cycle.wear_off_on is not None:
        return None
    day = day_of_cycle(cycle.injected_on, checkin.local_date)
    if not WEAR_OFF_FROM_DAY <= day <= WEAR_OFF_UNTIL_DAY:
        return None
    since = cycle.injected_on - timedelta(days=BASELINE_DAYS)
    totals = await diary_totals(turn.session, patient.id, since, checkin.local_date)
    totals[checkin.local_date] = checkin.frequency + checkin.severity
    verdict = detect_wear_off(cycle.injected_on, totals, checkin.local_date)
    if verdict is None:
        return None
    cycle.wear_off_on = verdict.on
    turn.session.add(cycle)
    if cycle.wear_off_reported_on is not None:
        return None
    text, markup = estimate_view(cycle, verdict, patient.language)
    return Reply(text, markup)


async def newest_cycle(turn: Turn, cycle_id: int) -> BotoxCycle | None:
    """The patient's cycle if it is their newest (wear-off is about the current one only)."""
    cycle = await own_cycle(turn.session, turn.me, cycle_id)
    if cycle is None or (newest := await latest_cycle(turn.session, cycle.patient_id)) is None:
        return None
    return cycle if newest.id == cycle.id else None


@BUTTONS.on(WearingOffUndoTap)
async def wearing_off_undo(turn: Turn, tap: WearingOffUndoTap) -> Reply:
    """Undo "I think it's wearing off"."""
    cycle = await newest_cycle(turn, tap.cycle)
    if cycle is None or cycle.wear_off_reported_on is None:
        return expired(turn)
    cycle.wear_off_reported_on = None
    turn.session.add(cycle)
    text = turn.t("botox_wear_off_report_undone", date=fmt_day(cycle.injected_on, turn.lang))
    return Reply(text, edit=True, toast=turn.t("answer_saved"))


@BUTTONS.on(BookingNowTap)
async def booking_now(turn: Turn, tap: BookingNowTap) -> Reply:
    """The booking reminder now; the one still planned would only repeat it."""
    cycle = await newest_cycle(turn, tap.cycle)
    if cycle is None:
        return expired(turn)
    assert cycle.id is not None
    await cancel_reminders(turn.session, cycle.patient_id, cycle.id, kinds=[KIND_OF[Step.BOOKING]])
    return Reply(booking_text(cycle, turn.lang, key="botox_booking_now"))
