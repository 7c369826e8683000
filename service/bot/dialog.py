"""What the bot is waiting for from a patient: one typed value, stored on the patient's row.

Every question a patient may answer by typing (a time zone, a time, a note, an appointment's new
date, ...) sets ``Dialog.waiting``; the set-up after /start records its step in ``Dialog.setup``.
Because it lives in the database (``patient.dialog``, JSON), every replica sees the same state, and
a typed answer works whether or not the patient used Telegram's "reply" on the question.

Typed answers are dispatched through one table, ``Waiting`` -> answer function, that the
registry builds from the features (each ``Waiting`` value has exactly one owner).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, TypeVar

from service.db.models import Patient
from service.domain.setup import SetupStep


class Waiting(StrEnum):
    """The typed answers the bot can wait for (one owner each, see the registry)."""

    TIMEZONE = "timezone"
    CHECKIN_TIME = "time"
    NOTE = "note"
    APPOINTMENT_TIME = "appt_time"  # (the value kept from when it meant "new date and time")
    APPOINTMENT_DATE = "appt_date"
    APPOINTMENT_WHAT = "appt_what"
    PHONE_SURGERY = "phone_surgery"
    PHONE_CLINIC = "phone_clinic"
    MED_NAME = "med_name"
    MED_DOSE = "med_dose"
    MED_TIMES = "med_times"
    PAUSE_UNTIL = "pause_until"
    BOTOX_DATE = "botox_date"  # the injection's date, typed ("Another date", Change)
    BOTOX_UNITS = "botox_units"  # its units, typed
    BOTOX_CHANGE = "botox_change"  # after Change on the read-back: the date and/or the units
    BOTOX_INTERVAL = "botox_interval"  # /botox_interval without a readable number
    SIDE_EFFECT_DAY = "se_day"  # the day a side effect started or ended, typed
    REPORT_NAME = "report_name"  # the name or identifier on the doctor's report
    BOTOX_PRODUCT_NAME = "botox_product"  # the product's name, after "Other"
    BOTOX_SITE_UNITS = "botox_site_units"  # the units of one injection site
    BOTOX_INJECTOR = "botox_injector"  # who injected
    BOTOX_MARK_DATE = "botox_mark_date"  # the day it started working / began wearing off


@dataclass(frozen=True)
class Dialog:
    """The patient's conversation state: what a typed answer answers, and the set-up step."""

    waiting: Waiting | None = None
    ref: int | None = None  # the row the answer belongs to (a check-in, an appointment, ...)
    setup: SetupStep | None = None  # set-up after /start in progress, at this step
    #: What a guided command collected so far (e.g. a medication's name, dose and times),
    #: JSON-safe values only; dropped with the waiting.
    draft: dict[str, Any] | None = None
    #: A read-back on screen: the encoded Yes and Change buttons, so that a typed "yes" or
    #: "no" answers it as the tap would (set and cleared by the kit, one turn at a time).
    confirm: tuple[str, str] | None = None

    def to_json(self) -> dict[str, Any] | None:
        """The stored form (None when there is nothing to remember)."""
        if self == Dialog():
            return None
        data: dict[str, Any] = {
            "waiting": self.waiting.value if self.waiting else None,
            "ref": self.ref,
            "setup": self.setup.value if self.setup else None,
            "draft": self.draft,
        }
        if self.draft is not None:
            data["draft"] = dict(self.draft)
        if self.confirm is not None:
            data["confirm"] = list(self.confirm)
        return data

    @classmethod
    def from_json(cls, data: object) -> Dialog:
        """The state stored on a row; anything unknown (an older version's value) is dropped."""
        if not isinstance(data, dict):
            return cls()
        ref = data.get("ref")
        draft = data.get("draft")
        confirm = data.get("confirm")
        pair = (
            (confirm[0], confirm[1])
            if isinstance(confirm, list)
            and len(confirm) == 2
            and all(isinstance(x, str) for x in confirm)
            else None
        )
        return cls(
            waiting=_member(Waiting, data.get("waiting")),
            ref=ref if isinstance(ref, int) and not isinstance(ref, bool) else None,
            setup=_member(SetupStep, data.get("setup")),
            draft=draft if isinstance(draft := data.get("draft"), dict) else None,
            confirm=pair,
        )


E = TypeVar("E", bound=StrEnum)


def _member(enum: type[E], value: object) -> E | None:
    """The enum member with this value, or None (also for values of older versions)."""
    return enum(value) if isinstance(value, str) and value in enum._value2member_map_ else None


def dialog_of(patient: Patient) -> Dialog:
    """The patient's current dialog state."""
    return Dialog.from_json(patient.dialog)


def _store(patient: Patient, dialog: Dialog) -> None:
    patient.dialog = dialog.to_json()


class _Keep:
    """The default of ``wait_for``'s draft: keep the draft a guided command holds."""


_KEEP = _Keep()


def wait_for(
    patient: Patient,
    waiting: Waiting,
    ref: int | None = None,
    *,
    draft: dict[str, Any] | _Keep | None = _KEEP,
) -> None:
    """From now on a typed answer answers ``waiting`` (about row ``ref``; ``draft``: what the
    guided command collected so far; left as it is when not given)."""
    current = dialog_of(patient)
    kept = current.draft if isinstance(draft, _Keep) else draft
    _store(patient, replace(current, waiting=waiting, ref=ref, draft=kept))


def hold_draft(patient: Patient, draft: dict[str, Any], ref: int | None = None) -> None:
    """Nothing typed is awaited, but keep what a guided command collected (about row ``ref``)
    while its read-back or its buttons wait for a tap."""
    _store(patient, replace(dialog_of(patient), waiting=None, ref=ref, draft=draft))


def stop_waiting(patient: Patient, waiting: Waiting | None = None, ref: int | None = None) -> None:
    """Nothing is awaited any more (only if it was ``waiting``/``ref``, when given)."""
    current = dialog_of(patient)
    if waiting is not None and current.waiting is not waiting:
        return
    if ref is not None and current.ref != ref:
        return
    _store(patient, replace(current, waiting=None, ref=None, draft=None))


def set_confirmation(patient: Patient, pair: tuple[str, str] | None) -> None:
    """The read-back now on screen (its Yes and Change buttons, encoded), or None."""
    current = dialog_of(patient)
    if current.confirm != pair:
        _store(patient, replace(current, confirm=pair))


def set_setup(patient: Patient, step: SetupStep | None) -> None:
    """Record the set-up step (None: the set-up is over)."""
    _store(patient, replace(dialog_of(patient), setup=step))


def draft_of(patient: Patient) -> dict[str, str] | None:
    """What the guided command under way has collected (a copy), or None."""
    draft = dialog_of(patient).draft
    return dict(draft) if draft is not None else None


def set_draft(patient: Patient, draft: dict[str, str] | None) -> None:
    """Remember what a guided command has collected so far (None: it is over)."""
    _store(patient, replace(dialog_of(patient), draft=dict(draft) if draft is not None else None))


def put_draft(
    patient: Patient, draft: dict[str, Any] | None, waiting: Waiting | None = None
) -> None:
    """Remember what a multi-step question has gathered (None: forget it), and what a typed
    answer answers now (None: nothing)."""
    _store(patient, replace(dialog_of(patient), draft=draft, waiting=waiting, ref=None))
