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
from service.domain.scales import treatments_of, with_treatment
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
class Asked:
    """What a prompt asks about: its plan, the local date, and (daily screens) the signs of an
    earlier day to ask about again, as (that day, the signs)."""

    surgery: Surgery
    day: date
    earlier: tuple[date, list[str]] | None = None


@dataclass
class _PlanQuestion(ScheduledQuestion[Screen]):
    """What the daily screen and the progress question share: their item is a check with its
    plan, found through the occurrence's ``surgery_id`` (the prompt) or ``check_id`` (the rest)."""

    default_zone: str = "UTC"
    model: type[Screen] = Screen
    ref: str = "check_id"
    check_kind: str = CHECK_DAILY

    async def open(
        self, session: AsyncSession, batch: Sequence[Due], now: datetime, *, asking: bool
    ) -> list[Screen | None]:
        """The date's check, made if needed (none for a prompt not sent in time)."""
        if not asking:
            return [None] * len(batch)
        asked = await self._asked(session, batch)
        wanted = [(a.surgery, self.check_kind, a.day) for a in asked.values()]
        checks = await checks_for(session, wanted, now)
        found: list[Screen | None] = []
        for due in batch:
            if (what := asked.get(due)) is None:
                found.append(None)
                continue
            assert what.surgery.id is not None
            screen = Screen(checks[(what.surgery.id, self.check_kind, what.day)], what.surgery)
            if self.is_open(screen):
                self._opened(session, due, screen, what)
            found.append(screen)
        return found

    async def _asked(self, session: AsyncSession, batch: Sequence[Due]) -> dict[Due, Asked]:
        """Each prompt's active plan and date, if the plan asks this kind of question then."""
        plans = await plans_by_id(session, [payload_id(d.occurrence, "surgery_id") for d in batch])
        asked: dict[Due, Asked] = {}
        for due in batch:
            surgery = plans.get(payload_id(due.occurrence, "surgery_id") or -1)
            if surgery is None or not surgery.active or surgery.patient_id != due.patient.id:
                continue
            day = local_date(due.occurrence.due_at, zone_of(due.patient, self.default_zone))
            if self._asks_on(due, surgery, day):
                asked[due] = Asked(surgery, day)
        return asked

    def _asks_on(self, due: Due, surgery: Surgery, day: date) -> bool:
        """The plan asks this question on ``day``."""
        item = plan_item_on(surgery.surgery_on, day)
        return item is not None and item.kind == self.check_kind

    def _opened(self, session: AsyncSession, due: Due, screen: Screen, asked: Asked) -> None:
        """An open check is about to be asked (nothing to record by default)."""

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


def _extra(due: Due) -> bool:
    """An extra screen after the daily ones, booked for a sign ticked on the last one."""
    return bool((due.occurrence.payload or {}).get(RECHECK))


@dataclass
class DailyScreen(_PlanQuestion):
    """Days 1-14 (and an extra day for a sign ticked on day 14): the red-flag screen, asking
    again about an earlier day's signs."""

    kinds: Kinds = DAILY
    check_kind: str = CHECK_DAILY

    def _asks_on(self, due: Due, surgery: Surgery, day: date) -> bool:
        """Days 1-14, and any day an extra screen was booked for."""
        return _extra(due) or super()._asks_on(due, surgery, day)

    async def _asked(self, session: AsyncSession, batch: Sequence[Due]) -> dict[Due, Asked]:
        """With the signs to ask about again; no extra screen once its sign was unticked (or
        answered "none") since it was booked."""
        asked = await super()._asked(session, batch)
        earlier = await signs_to_recheck(session, [(a.surgery, a.day) for a in asked.values()])
        for due, what in list(asked.items()):
            what.earlier = earlier.get((what.surgery.id or -1, what.day))
            if _extra(due) and what.earlier is None:
                del asked[due]
        return asked

    def _opened(self, session: AsyncSession, due: Due, screen: Screen, asked: Asked) -> None:
        """The screen records which earlier signs it asks about; the first screen after the
        operation date turns a planned operation into one that happened."""
        if "mvd_planned" in treatments_of(due.patient.treatment):
            due.patient.treatment = with_treatment(due.patient.treatment, "after_mvd")
            session.add(due.patient)
        check = screen.check
        answers = {k: v for k, v in (check.answers or {}).items() if k != RECHECK}
        if asked.earlier is not None:
            answers[RECHECK] = {"on": asked.earlier[0].isoformat(), "flags": asked.earlier[1]}
        check.answers = answers
        session.add(check)

    def untouched(self, item: Screen) -> bool:
        """Neither answered nor a sign ticked (a tick was answered at once)."""
        return self.is_open(item) and not item.check.red_flags

    def render(self, item: Screen, patient: Patient, moment: Moment) -> Outgoing:
        """The screen; the follow-up with a line on top."""
        followup = moment is Moment.FOLLOWUP
        intro = t("surgery_followup_intro", patient.language) if followup else None
        text, markup = render_daily(item, patient, intro=intro)
        return Outgoing(text, markup)


@dataclass
class ProgressQuestion(_PlanQuestion):
    """Weeks 3-13 and months 4-12: how is the spasm compared with before surgery?"""

    kinds: Kinds = PROGRESS
    check_kind: str = CHECK_PROGRESS

    def render(self, item: Screen, patient: Patient, moment: Moment) -> Outgoing | None:
        """The question with one button per answer; the follow-up with a line on top."""
        lang = patient.language
        plan = progress_item(item)
        if plan is None:
            return None
        intro = t("surgery_progress_reminder", lang) if moment is Moment.FOLLOWUP else None
        text, markup = render_progress(item, plan, lang, intro=intro)
        return Outgoing(text, markup)
