"""Guided /medication: name, dose and times asked one at a time (buttons, or typed with or
without Telegram's reply), then read back ("Carbamazepine 200 mg at 08:00 and 20:00 — right?")
before anything is stored. The same steps change an existing medication (``ref`` = its id).

What has been collected lives in ``Patient.dialog.draft``: ``name``, ``dose`` (``""`` = no dose)
and ``times`` (``["08:00", ...]``); a missing key is the next question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Any, Literal

from service.bot.callbacks import Callback, callback
from service.bot.common import local_when
from service.bot.dialog import Waiting, dialog_of, hold_draft, stop_waiting, wait_for
from service.bot.kit import Buttons, Reply, Turn, expired, keyboard
from service.bot.medication_store import add_medication, change_medication, own_medication
from service.bot.medication_views import StopTap, label_of
from service.db.models import Medication
from service.domain.medications import (
    COMMON_MEDICINES,
    COMMON_TIMES,
    DOSE_MAX_CHARS,
    MAX_TIMES,
    NAME_MAX_CHARS,
    MedicationChange,
    MedicationDraft,
    MedicationPlan,
    read_medication,
    read_times_answer,
)
from service.texts import t
from service.texts.families import MED_PER_DAY
from service.texts.keys import MessageKey

Draft = dict[str, Any]
_NO_DOSE = {"no", "none", "skip", "-", "no dose", "nothing"}


# ---- button payloads ----------------------------------------------------------------------------
@callback("mg:n:{index}")
@dataclass(frozen=True)
class NamePickTap(Callback):
    """One of the common medicines."""

    index: int


@callback("mg:f:{per_day}")
@dataclass(frozen=True)
class PerDayTap(Callback):
    """Once / twice / three times a day: the common times for it."""

    per_day: int


@callback("mg:s:{step}")
@dataclass(frozen=True)
class StepTap(Callback):
    """No dose; Yes (store); Change (what?); change the name, dose or times; cancel."""

    step: Literal["nodose", "yes", "change", "name", "dose", "times", "cancel"]


# ---- the draft ----------------------------------------------------------------------------------
def _times_text(times: list[str], lang: str) -> str:
    if len(times) == 1:
        return times[0]
    return t("med_times_join", lang, first=", ".join(times[:-1]), last=times[-1])


def draft_label(draft: Draft) -> str:
    """'Carbamazepine 200 mg'."""
    name = str(draft.get("name") or "")
    return f"{name} {draft['dose']}" if draft.get("dose") else name


def from_typed(found: MedicationDraft) -> Draft:
    """The draft for what a typed /medication gave."""
    draft: Draft = {}
    if found.name:
        draft["name"] = found.name
    if found.dose:
        draft["dose"] = found.dose
    if found.times:
        draft["times"] = [at.strftime("%H:%M") for at in found.times]
    return draft


def from_medication(med: Medication) -> Draft:
    """The draft for changing ``med``: everything as it is now."""
    return {"name": med.name, "dose": med.dose or "", "times": list(med.times)}


# ---- asking -------------------------------------------------------------------------------------
def next_step(turn: Turn, draft: Draft, problem: str | None = None) -> Reply:
    """Ask for the first thing missing from ``draft``, or read it back with Yes / Change."""
    lang, ref = turn.lang, dialog_of(turn.me).ref
    turn.session.add(turn.me)
    head = [problem, ""] if problem else []
    rows: list[list[tuple[str, Callback | str]]]
    if not draft.get("name"):
        wait_for(turn.me, Waiting.MED_NAME, ref, draft=draft)
        names: list[tuple[str, Callback | str]] = [
            (n, NamePickTap(i)) for i, n in enumerate(COMMON_MEDICINES)
        ]
        rows = [names[i : i + 2] for i in range(0, len(names), 2)]
        rows.append([(turn.t("med_btn_cancel"), StepTap("cancel"))])
        return Reply("\n".join([*head, turn.t("med_ask_name")]), keyboard(rows))
    if draft.get("dose") is None:
        wait_for(turn.me, Waiting.MED_DOSE, ref, draft=draft)
        rows = [[(turn.t("med_btn_no_dose"), StepTap("nodose"))]]
        text = turn.t("med_ask_dose", name=draft["name"])
        return Reply("\n".join([*head, text]), keyboard(rows))
    if not draft.get("times"):
        wait_for(turn.me, Waiting.MED_TIMES, ref, draft=draft)
        rows = [[(turn.t(MED_PER_DAY[n]), PerDayTap(n))] for n in (1, 2, 3)]
        text = turn.t("med_ask_times", name=draft_label(draft))
        return Reply("\n".join([*head, text]), keyboard(rows))
    hold_draft(turn.me, draft, ref)
    key: MessageKey = "med_readback_change" if ref is not None else "med_readback"
    text = turn.t(key, name=draft_label(draft), times=_times_text(draft["times"], lang))
    rows = [[(turn.t("med_btn_yes"), StepTap("yes")), (turn.t("med_btn_fix"), StepTap("change"))]]
    return Reply(text, keyboard(rows), confirm=(StepTap("yes"), StepTap("change")))


def start(
    turn: Turn, draft: Draft, *, ref: int | None = None, problem: str | None = None
) -> Reply:
    """Begin (or continue) the guided steps with what is known."""
    turn.session.add(turn.me)
    hold_draft(turn.me, draft, ref)
    return next_step(turn, draft, problem)


def change_menu(turn: Turn, med: Medication, notice: str | None = None) -> Reply:
    """Changing ``med``: what it is now, and buttons for what to change."""
    assert med.id is not None
    draft = from_medication(med)
    turn.session.add(turn.me)
    hold_draft(turn.me, draft, med.id)
    times = _times_text(list(med.times), turn.lang)
    text = turn.t("med_change_what", name=label_of(med), times=times)
    markup = _fix_keyboard(turn, change=True, stop=StopTap(med.id))
    return Reply("\n\n".join([notice, text]) if notice else text, markup)


def _fix_keyboard(turn: Turn, *, change: bool, stop: StopTap | None = None) -> Any:
    first: list[tuple[str, Callback | str]] = (
        [] if change else [(turn.t("med_btn_fix_name"), StepTap("name"))]
    )
    rows: list[list[tuple[str, Callback | str]]] = [
        [
            *first,
            (turn.t("med_btn_fix_dose"), StepTap("dose")),
            (turn.t("med_btn_fix_times"), StepTap("times")),
        ]
    ]
    if stop is not None:  # asks first, with the warning about stopping suddenly
        rows.append([(turn.t("med_btn_stop_it"), stop)])
    rows.append([(turn.t("med_btn_cancel"), StepTap("cancel"))])
    return keyboard(rows)


# ---- typed answers ------------------------------------------------------------------------------
def _draft(turn: Turn) -> Draft:
    return dict(dialog_of(turn.me).draft or {})


async def name_answer(turn: Turn, text: str) -> Reply:
    """The typed name (a whole '/medication' line's worth is read too: name, dose, times)."""
    draft = _draft(turn)
    found = read_medication(text)
    if not found.name or len(text) > NAME_MAX_CHARS + DOSE_MAX_CHARS + 40:
        return next_step(turn, draft, turn.t("med_bad_name", text=text[:60]))
    draft.update(from_typed(found))
    return next_step(turn, draft)


async def dose_answer(turn: Turn, text: str) -> Reply:
    """The typed dose ("no" for none)."""
    draft = _draft(turn)
    if len(text) > DOSE_MAX_CHARS:
        return next_step(turn, draft, turn.t("med_error_dose_too_long", limit=DOSE_MAX_CHARS))
    draft["dose"] = "" if text.lower().strip(" .!") in _NO_DOSE else text
    return next_step(turn, draft)


async def times_answer(turn: Turn, text: str) -> Reply:
    """The typed times: '8am and 8pm', 'three times a day', '8.30pm', '08:00,20:00'."""
    draft = _draft(turn)
    times = read_times_answer(text)
    if times is None:
        return next_step(turn, draft, turn.t("med_bad_times", text=text[:60]))
    if len(times) > MAX_TIMES:
        return next_step(turn, draft, turn.t("med_error_too_many_times", limit=MAX_TIMES))
    draft["times"] = [at.strftime("%H:%M") for at in times]
    return next_step(turn, draft)


ANSWERS = {
    Waiting.MED_NAME: name_answer,
    Waiting.MED_DOSE: dose_answer,
    Waiting.MED_TIMES: times_answer,
}


# ---- buttons ------------------------------------------------------------------------------------
BUTTONS = Buttons()


@BUTTONS.on(NamePickTap)
async def name_picked(turn: Turn, tap: NamePickTap) -> Reply:
    """A common medicine's button."""
    if not 0 <= tap.index < len(COMMON_MEDICINES):
        return expired(turn)
    draft = _draft(turn)
    draft["name"] = COMMON_MEDICINES[tap.index]
    return next_step(turn, draft)


@BUTTONS.on(PerDayTap)
async def per_day_picked(turn: Turn, tap: PerDayTap) -> Reply:
    """Once / twice / three times a day: the common times, read back."""
    if tap.per_day not in COMMON_TIMES or not dialog_of(turn.me).draft:
        return expired(turn)
    draft = _draft(turn)
    draft["times"] = [at.strftime("%H:%M") for at in COMMON_TIMES[tap.per_day]]
    return next_step(turn, draft)


@BUTTONS.on(StepTap)
async def step_tapped(turn: Turn, tap: StepTap) -> Reply:
    """No dose, Yes, Change, what to change, or Cancel."""
    state = dialog_of(turn.me)
    draft = dict(state.draft or {})
    if not draft:
        return Reply("", toast=turn.t("med_toast_nothing_open"))
    if tap.step == "cancel":
        turn.session.add(turn.me)
        stop_waiting(turn.me)
        return Reply(turn.t("med_cancelled"), edit=True)
    if tap.step == "nodose":
        draft["dose"] = ""
        return next_step(turn, draft)
    if tap.step == "change":
        return Reply(turn.t("med_fix_what"), _fix_keyboard(turn, change=state.ref is not None))
    if tap.step in ("name", "dose", "times"):
        draft.pop(tap.step, None)
        return next_step(turn, draft)
    return await _store(turn, draft, state.ref)


async def _store(turn: Turn, draft: Draft, ref: int | None) -> Reply:
    """Yes: add the medication (or change it) as read back."""
    assert turn.me.id is not None
    turn.session.add(turn.me)
    stop_waiting(turn.me)
    times = tuple(time.fromisoformat(x) for x in draft.get("times") or ())
    if not times or not draft.get("name"):
        return expired(turn)
    dose = str(draft.get("dose") or "") or None
    if ref is None:
        plan = MedicationPlan(name=str(draft["name"]), times=times, dose=dose)
        med, first = await add_medication(
            turn.session,
            turn.me.id,
            plan,
            zone_name=turn.zone_name,
            today=turn.today,
            now=turn.now,
        )
        key: MessageKey = "med_added"
        extra = {"zone": turn.zone_name}
    else:
        found = await own_medication(turn.session, turn.me.id, ref)
        if found is None or not found.active:
            return expired(turn)
        med = found
        change = MedicationChange(medication_id=ref, times=times, dose=dose)
        first = await change_medication(
            turn.session,
            med,
            change,
            zone_name=turn.zone_name,
            today=turn.today,
            now=turn.now,
            exact_dose=True,
        )
        key, extra = "med_changed", {}
    when = local_when(first, turn.me, turn.default_zone) if first else "–"
    text = turn.t(key, name=label_of(med), times=", ".join(med.times), next=when, **extra)
    return Reply(text, edit=True, toast=turn.t("answer_saved"))
