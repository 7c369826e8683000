"""The day-7 and week-4 questions as the patient sees them: pure views to (text, keyboard).

Every answer is shown ticked; an urgent side effect (double vision, an eye that won't close)
says "contact your care team now" as soon as it is ticked, with the clinic's phone if given.
A side effect just ticked is asked when it started (the day picker under the question); at week
4, one recorded before that is asked "still there?" (☑ = yes, or "It ended" -> which day).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from telegram import InlineKeyboardMarkup

from service.bot import contacts
from service.bot.botox.diary_store import answered_at, from_before
from service.bot.botox.payloads import (
    EFFECT_VALUES,
    ONSET_ANSWERS,
    SIDE_EFFECTS,
    EffectChangeTap,
    EffectDoneTap,
    EffectNoSideEffectsTap,
    EffectSideEffectTap,
    EffectTap,
    OnsetChangeTap,
    OnsetDoneTap,
    OnsetNoSideEffectsTap,
    OnsetSideEffectTap,
    OnsetTap,
    SideEffectEndedTap,
    StillThereTap,
    Where,
)
from service.bot.botox.side_effect_views import (
    Asking,
    asking_lines,
    name,
    picker_rows,
    side_effects_text,
    span_text,
    urgent,
    urgent_lines,
)
from service.bot.botox.views import effect_text, fmt_day, onset_text
from service.bot.callbacks import Callback
from service.bot.kit import keyboard
from service.db.models import BotoxCycle, Patient, SideEffect
from service.domain.botox import Step
from service.texts import t
from service.texts.families import BOTOX_EFFECT, BOTOX_ONSET
from service.texts.keys import MessageKey

Rows = list[list[tuple[str, Callback]]]


def followup_intro(lang: str) -> str:
    """The line above a question asked again because it is still open."""
    return t("botox_followup_intro", lang)


def side_effect_advice(rows: Sequence[SideEffect], patient: Patient) -> str | None:
    """What to do about the side effects recorded: at once for the urgent ones still there;
    with the clinic's phone when the patient gave it."""
    key: MessageKey
    if urgent(rows):
        key = "botox_side_effects_urgent"
    elif rows:
        key = "botox_side_effects_advice"
    else:
        return None
    phone = contacts.care_team_line(patient, contacts.CLINIC)
    return t(key, patient.language) + (f"\n{phone}" if phone else "")


def earlier_open(cycle: BotoxCycle, rows: Sequence[SideEffect]) -> list[SideEffect]:
    """At week 4: the side effects recorded before it and not ended ("still there?")."""
    return [r for r in rows if r.ended_on is None and from_before(r, cycle)]


def _side_effect_rows(
    cycle: BotoxCycle, rows: Sequence[SideEffect], lang: str, *, day7: bool
) -> Rows:
    """A toggle per side effect (at week 4, "still there?" for one from before), then No side
    effects / Done (day 7's or week 4's)."""
    assert cycle.id is not None
    cid = cycle.id
    before = {} if day7 else {r.effect: r for r in earlier_open(cycle, rows)}
    ticked = {r.effect for r in rows if r.ended_on is None and (day7 or not from_before(r, cycle))}
    out: Rows = []
    for code in SIDE_EFFECTS:
        if (row := before.get(code)) is not None and row.id is not None:
            ended = t("se_btn_ended", lang, effect=name(code, lang))
            out.append([(f"☑ {name(code, lang)}", StillThereTap(row.id))])
            out.append([(ended, SideEffectEndedTap(row.id, "e"))])
            continue
        mark = "☑" if code in ticked else "☐"
        toggle = OnsetSideEffectTap(cid, code) if day7 else EffectSideEffectTap(cid, code)
        out.append([(f"{mark} {name(code, lang)}", toggle)])
    none_label = t("btn_botox_no_side_effects", lang)
    question = Step.ONSET if day7 else Step.EFFECT
    if answered_at(cycle, question) is not None and not rows:
        none_label = f"✓ {none_label}"
    none: Callback = OnsetNoSideEffectsTap(cid) if day7 else EffectNoSideEffectsTap(cid)
    done: Callback = OnsetDoneTap(cid) if day7 else EffectDoneTap(cid)
    out.append([(none_label, none), (t("btn_botox_done", lang), done)])
    return out


def _asking(
    cycle: BotoxCycle, asking: Asking | None, today: date | None, *, day7: bool, lang: str
) -> tuple[list[str], Rows]:
    """The day picker under the question, while a start or end day is asked."""
    if asking is None or today is None:
        return [], []
    where: Where = "o" if day7 else "e"
    return asking_lines(asking, lang), picker_rows(cycle, asking, where, today, lang)


def _side_line(cycle: BotoxCycle, rows: Sequence[SideEffect], lang: str) -> str:
    return t("botox_side_answer", lang, side_effects=side_effects_text(cycle, rows, lang))


def render_onset(
    cycle: BotoxCycle,
    patient: Patient,
    rows: Sequence[SideEffect] = (),
    asking: Asking | None = None,
    today: date | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    """The day-7 message: the emergency line, has it started (Yes / Partly / Not yet) and the
    side effects, with the answers so far (and the day picker while one is asked)."""
    assert cycle.id is not None
    lang = patient.language
    lines = [
        t(
            "botox_onset_question",
            lang,
            date=fmt_day(cycle.injected_on, lang),
            emergency=t("botox_emergency", lang),
        )
    ]
    if cycle.onset is not None or cycle.side_effects_day7_at is not None or rows:
        lines += [
            "",
            t("botox_onset_answer", lang, onset=onset_text(cycle, lang)),
            _side_line(cycle, rows, lang),
        ]
        if cycle.onset == "not_yet":
            lines += ["", t("botox_onset_not_yet_info", lang)]
    lines += urgent_lines(rows, patient)
    asked, picker = _asking(cycle, asking, today, day7=True, lang=lang)
    row: list[tuple[str, Callback]] = []
    for code, answer in ONSET_ANSWERS.items():
        label = t(BOTOX_ONSET[answer], lang)
        if cycle.onset == answer:
            label = f"✓ {label}"
        row.append((label, OnsetTap(cycle.id, code)))
    markup = keyboard([row, *picker, *_side_effect_rows(cycle, rows, lang, day7=True)])
    return "\n".join(lines + asked), markup


def render_onset_done(
    cycle: BotoxCycle, patient: Patient, rows: Sequence[SideEffect] = ()
) -> tuple[str, InlineKeyboardMarkup]:
    """What was saved at day 7, the advice about side effects and the emergency line."""
    assert cycle.id is not None
    lang = patient.language
    text = t(
        "botox_onset_done",
        lang,
        date=fmt_day(cycle.injected_on, lang),
        onset=t("botox_onset_answer", lang, onset=onset_text(cycle, lang)),
        side_effects=_side_line(cycle, rows, lang),
    )
    if cycle.onset == "not_yet":
        text += "\n\n" + t("botox_onset_not_yet_info", lang)
    if advice := side_effect_advice(rows, patient):
        text += "\n\n" + advice
    if any(r.ended_on is None for r in rows):
        text += "\n" + t("se_done_hint", lang)
    text += "\n\n" + t("botox_emergency", lang)
    return text, keyboard([[(t("btn_botox_change", lang), OnsetChangeTap(cycle.id))]])


def render_effect(
    cycle: BotoxCycle,
    patient: Patient,
    rows: Sequence[SideEffect] = (),
    asking: Asking | None = None,
    today: date | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    """The week-4 question: the 0-4 rating, "still there?" for the side effects recorded
    before, a toggle for the others, Done."""
    assert cycle.id is not None
    lang = patient.language
    lines = [t("botox_effect_question", lang, date=fmt_day(cycle.injected_on, lang))]
    if cycle.effect is not None or cycle.side_effects_week4_at is not None or rows:
        lines += [
            "",
            t("botox_effect_answer", lang, effect=effect_text(cycle, lang)),
            _side_line(cycle, rows, lang),
        ]
    if still := earlier_open(cycle, rows):
        lines += ["", t("se_still_there", lang)]
        lines += [f"• {span_text(r, lang)}" for r in still]
    lines += urgent_lines(rows, patient)
    asked, picker = _asking(cycle, asking, today, day7=False, lang=lang)
    buttons: Rows = []
    for value in EFFECT_VALUES:
        label = t(BOTOX_EFFECT[value], lang)
        if cycle.effect == value:
            label = f"✓ {label}"
        buttons.append([(label, EffectTap(cycle.id, value))])
    buttons += picker
    buttons += _side_effect_rows(cycle, rows, lang, day7=False)
    return "\n".join(lines + asked), keyboard(buttons)


def render_effect_done(
    cycle: BotoxCycle, patient: Patient, rows: Sequence[SideEffect] = ()
) -> tuple[str, InlineKeyboardMarkup]:
    """What was saved at week 4, with a Change button (and the care-team line if needed)."""
    assert cycle.id is not None
    lang = patient.language
    text = t(
        "botox_effect_done",
        lang,
        date=fmt_day(cycle.injected_on, lang),
        effect=t("botox_effect_answer", lang, effect=effect_text(cycle, lang)),
        side_effects=_side_line(cycle, rows, lang),
    )
    if advice := side_effect_advice(rows, patient):
        text += "\n\n" + advice
    if any(r.ended_on is None for r in rows):
        text += "\n" + t("se_done_hint", lang)
    return text, keyboard([[(t("btn_botox_change", lang), EffectChangeTap(cycle.id))]])
