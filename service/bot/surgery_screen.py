"""The plan's scheduled questions, through the one reminder lifecycle.

``DailyScreen`` (kind ``surgery_daily``): days 1-14, the red-flag screen. Its prompt opens the
day's check (asking again about signs an earlier day reported); an unanswered screen gets one
follow-up (``surgery_followup``) ``CHECKIN_FOLLOWUP_HOURS`` after it was due, or after it was
sent if that was late, none when the patient answered or ticked a sign (a tick is answered at
once); the day's end closes it (``surgery_daily_close``: the back-off counts unanswered days).
A sign ticked on the last daily screen books an extra screen the next day (an occurrence of the
same kind with ``recheck`` in its payload), which goes the same way.

``ProgressQuestion`` (kind ``surgery_progress``): weeks 3-13, then months 4-12, "how is the spasm
compared with before surgery?", with one follow-up the same way.

Neither asks for a plan that was replaced or stopped; a prompt not sent in time (downtime) makes
no check, so such a day is not counted as unanswered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from service.bot.common import zone_of
from service.bot.surgery_store import (
    CHECK_DAILY,
    CHECK_PROGRESS,
    DAILY,
    DONE,
    PROGRESS,
    RECHECK,
    Screen,
    checks_for,
    plans_by_id,
    signs_to_recheck,
    status,
)
from service.bot.surgery_views import render_daily, render_progress
from service.db.models import Patient, Surgery, SurgeryCheck
from service.domain.care import Phase, PlanItem, plan_item_on
from service.domain.timezones import local_date
from service.scheduling.batch import load_by_id, payload_id
from service.scheduling.dispatcher import Due, Outgoing
from service.scheduling.lifecycle import Kinds, Moment, ScheduledQuestion
from service.texts import t


def progress_item(screen: Screen) -> PlanItem | None:
    """The plan date a progress check belongs to (None if it is not one)."""
    item = plan_item_on(screen.surgery.surgery_on, screen.check.local_date)
    return item if item is not None and item.phase is not Phase.DAILY else None


@dataclass
class _PlanQuestion(ScheduledQuestion[Screen]):
    """What the daily screen and the progress question share: their item is a check with its
    plan, found through the occurrence's ``surgery_id`` (the prompt) or ``check_id`` (the rest)."""

    default_zone: str = "UTC"
    model: type[Screen] = Screen
    ref: str = "check_id"
    check_kind: str = CHECK_DAILY

    def _plan_day(self, due: Due, surgery: Surgery, *, any_day: bool = False) -> date | None:
        """The local date the prompt asks about, if the plan asks this kind of question then
        (``any_day``: an extra screen, booked for a day after the daily ones)."""
        day = local_date(due.occurrence.due_at, zone_of(due.patient, self.default_zone))
        item = plan_item_on(surgery.surgery_on, day)
        return day if any_day or (item is not None and item.kind == self.check_kind) else None

    async def _plans(self, session: AsyncSession, batch: Sequence[Due]) -> dict[Due, Surgery]:
        """Each prompt's plan, while it is active and the patient's own."""
        plans = await plans_by_id(session, [payload_id(d.occurrence, "surgery_id") for d in batch])
        found: dict[Due, Surgery] = {}
        for due in batch:
            surgery = plans.get(payload_id(due.occurrence, "surgery_id") or -1)
            if surgery is not None and surgery.active and surgery.patient_id == due.patient.id:
                found[due] = surgery
        return found

    async def load(self, session: AsyncSession, batch: Sequence[Due]) -> dict[Due, Screen]:
        """The checks the follow-ups and closes name, with their plans (while active)."""
        checks = await load_by_id(
            session, SurgeryCheck, [payload_id(d.occurrence, self.ref) for d in batch], lock=True
        )
        plans = await plans_by_id(session, [c.surgery_id for c in checks.values()])
        found: dict[Due, Screen] = {}
        for due in batch:
            check = checks.get(payload_id(due.occurrence, self.ref) or -1)
            if check is None or check.patient_id != due.patient.id:
                continue
            surgery = plans.get(check.surgery_id)
            if check.kind == self.check_kind and surgery is not None and surgery.active:
                found[due] = Screen(check, surgery)
        return found

    def is_open(self, item: Screen) -> bool:
        """Not answered yet."""
        return status(item.check) != DONE


@dataclass
class DailyScreen(_PlanQuestion):
    """Days 1-14 (and an extra day for a sign ticked on day 14): the red-flag screen."""

    kinds: Kinds = DAILY
    check_kind: str = CHECK_DAILY

    async def open(
        self, session: AsyncSession, batch: Sequence[Due], now: datetime, *, asking: bool
    ) -> list[Screen | None]:
        """The day's check, made if needed, with an earlier day's signs to ask about again; none
        for an extra screen whose sign was unticked (or answered "none") since it was booked."""
        if not asking:
            return [None] * len(batch)
        days: dict[Due, tuple[Surgery, date]] = {}
        extra = {due for due in batch if (due.occurrence.payload or {}).get(RECHECK)}
        for due, surgery in (await self._plans(session, batch)).items():
            day = self._plan_day(due, surgery, any_day=due in extra)
            if day is not None:
                days[due] = (surgery, day)
        earlier = await signs_to_recheck(session, list(days.values()))
        for due, (surgery, day) in list(days.items()):
            if due in extra and (surgery.id, day) not in earlier:
                del days[due]  # the sign was unticked (or answered "none") since it was booked
        checks = await checks_for(session, [(s, CHECK_DAILY, d) for s, d in days.values()], now)
        found: list[Screen | None] = []
        for due in batch:
            if due not in days:
                found.append(None)
                continue
            surgery, day = days[due]
            assert surgery.id is not None
            check = checks[(surgery.id, CHECK_DAILY, day)]
            if status(check) != DONE:
                if due.patient.treatment == "mvd_planned":
                    due.patient.treatment = "after_mvd"
                    session.add(due.patient)
                answers = {k: v for k, v in (check.answers or {}).items() if k != RECHECK}
                if (seen := earlier.get((surgery.id, day))) is not None:
                    answers[RECHECK] = {"on": seen[0].isoformat(), "flags": seen[1]}
                check.answers = answers
                session.add(check)
            found.append(Screen(check, surgery))
        return found

    def untouched(self, item: Screen) -> bool:
        """Neither answered nor a sign ticked (a tick was answered at once)."""
        return self.is_open(item) and not item.check.red_flags

    def render(self, item: Screen, patient: Patient, moment: Moment) -> Outgoing:
        """The screen; the follow-up with a line on top."""
        intro = (
            t("surgery_followup_intro", patient.language) if moment is Moment.FOLLOWUP else None
        )
        text, markup = render_daily(item, patient, intro=intro)
        return Outgoing(text, markup)


@dataclass
class ProgressQuestion(_PlanQuestion):
    """Weeks 3-13 and months 4-12: how is the spasm compared with before surgery?"""

    kinds: Kinds = PROGRESS
    check_kind: str = CHECK_PROGRESS

    async def open(
        self, session: AsyncSession, batch: Sequence[Due], now: datetime, *, asking: bool
    ) -> list[Screen | None]:
        """The date's progress check, made if needed."""
        if not asking:
            return [None] * len(batch)
        days: dict[Due, tuple[Surgery, date]] = {}
        for due, surgery in (await self._plans(session, batch)).items():
            if (day := self._plan_day(due, surgery)) is not None:
                days[due] = (surgery, day)
        wanted = [(s, CHECK_PROGRESS, d) for s, d in days.values()]
        checks = await checks_for(session, wanted, now)
        found: list[Screen | None] = []
        for due in batch:
            if due not in days:
                found.append(None)
                continue
            surgery, day = days[due]
            assert surgery.id is not None
            found.append(Screen(checks[(surgery.id, CHECK_PROGRESS, day)], surgery))
        return found

    def render(self, item: Screen, patient: Patient, moment: Moment) -> Outgoing | None:
        """The question with one button per answer; the follow-up with a line on top."""
        lang = patient.language
        plan = progress_item(item)
        if plan is None:
            return None
        intro = t("surgery_progress_reminder", lang) if moment is Moment.FOLLOWUP else None
        text, markup = render_progress(item, plan, lang, intro=intro)
        return Outgoing(text, markup)
