"""The day-7 and week-4 questions as the patient sees them: pure views to (text, keyboard).

Every answer is shown ticked; an urgent side effect (double vision, an eye that won't close)
says "contact your care team now" as soon as it is ticked, with the clinic's phone if given.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from service.bot import contacts
from service.bot.botox.payloads import (
    EFFECT_VALUES,
    ONSET_ANSWERS,
    SIDE_EFFECTS,
    URGENT_SIDE_EFFECTS,
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
)
from service.bot.botox.views import effect_text, fmt_day, onset_text, side_effects_text
from service.bot.callbacks import Callback
from service.bot.kit import keyboard
from service.db.models import BotoxCycle, Patient
from service.texts import t

Rows = list[list[tuple[str, Callback]]]


def followup_intro(lang: str) -> str:
    """The line above a question asked again because it is still open."""
    return t("botox_followup_intro", lang)


def side_effect_advice(cycle: BotoxCycle, patient: Patient) -> str | None:
    """What to do about the side effects ticked: at once for the urgent ones; with the
    clinic's phone when the patient gave it."""
    chosen = set(cycle.side_effects or ())
    if chosen & URGENT_SIDE_EFFECTS:
        key = "botox_side_effects_urgent"
    elif chosen:
        key = "botox_side_effects_advice"
    else:
        return None
    phone = contacts.care_team_line(patient, contacts.CLINIC)
    return t(key, patient.language) + (f"\n{phone}" if phone else "")


def _urgent_lines(cycle: BotoxCycle, patient: Patient) -> list[str]:
    """The "contact your care team now" line (and the clinic's phone) as soon as an urgent
    side effect is ticked."""
    if set(cycle.side_effects or ()) & URGENT_SIDE_EFFECTS:
        lines = ["", t("botox_side_effects_urgent", patient.language)]
        phone = contacts.care_team_line(patient, contacts.CLINIC)
        return [*lines, phone] if phone else lines
    return []


def _side_effect_rows(cycle: BotoxCycle, lang: str, *, day7: bool) -> Rows:
    """A toggle per side effect, then No side effects / Done (day 7's or week 4's)."""
    assert cycle.id is not None
    cid = cycle.id
    chosen = cycle.side_effects or []
    rows: Rows = []
    for code in SIDE_EFFECTS:
        mark = "☑" if code in chosen else "☐"
        toggle = OnsetSideEffectTap(cid, code) if day7 else EffectSideEffectTap(cid, code)
        rows.append([(f"{mark} {t(f'botox_se_{code}', lang)}", toggle)])
    none_label = t("btn_botox_no_side_effects", lang)
    if cycle.side_effects == []:
        none_label = f"✓ {none_label}"
    none: Callback = OnsetNoSideEffectsTap(cid) if day7 else EffectNoSideEffectsTap(cid)
    done: Callback = OnsetDoneTap(cid) if day7 else EffectDoneTap(cid)
    rows.append([(none_label, none), (t("btn_botox_done", lang), done)])
    return rows


def render_onset(cycle: BotoxCycle, patient: Patient) -> tuple[str, InlineKeyboardMarkup]:
    """The day-7 message: the emergency line, has it started (Yes / Partly / Not yet) and the
    side effects, with the answers so far."""
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
    if cycle.onset is not None or cycle.side_effects is not None:
        lines += [
            "",
            t("botox_onset_answer", lang, onset=onset_text(cycle, lang)),
            t("botox_side_answer", lang, side_effects=side_effects_text(cycle, lang)),
        ]
        if cycle.onset == "not_yet":
            lines += ["", t("botox_onset_not_yet_info", lang)]
    lines += _urgent_lines(cycle, patient)
    row: list[tuple[str, Callback]] = []
    for code, answer in ONSET_ANSWERS.items():
        label = t(f"botox_onset_{answer}", lang)
        if cycle.onset == answer:
            label = f"✓ {label}"
        row.append((label, OnsetTap(cycle.id, code)))
    return "\n".join(lines), keyboard([row, *_side_effect_rows(cycle, lang, day7=True)])


def render_onset_done(cycle: BotoxCycle, patient: Patient) -> tuple[str, InlineKeyboardMarkup]:
    """What was saved at day 7, the advice about side effects and the emergency line."""
    assert cycle.id is not None
    lang = patient.language
    text = t(
        "botox_onset_done",
        lang,
        date=fmt_day(cycle.injected_on, lang),
        onset=t("botox_onset_answer", lang, onset=onset_text(cycle, lang)),
        side_effects=t("botox_side_answer", lang, side_effects=side_effects_text(cycle, lang)),
    )
    if cycle.onset == "not_yet":
        text += "\n\n" + t("botox_onset_not_yet_info", lang)
    if advice := side_effect_advice(cycle, patient):
        text += "\n\n" + advice
    text += "\n\n" + t("botox_emergency", lang)
    return text, keyboard([[(t("btn_botox_change", lang), OnsetChangeTap(cycle.id))]])


def render_effect(cycle: BotoxCycle, patient: Patient) -> tuple[str, InlineKeyboardMarkup]:
    """The week-4 question: the 0-4 rating, a toggle per side effect, Done."""
    assert cycle.id is not None
    lang = patient.language
    lines = [t("botox_effect_question", lang, date=fmt_day(cycle.injected_on, lang))]
    if cycle.effect is not None or cycle.side_effects is not None:
        lines += [
            "",
            t("botox_effect_answer", lang, effect=effect_text(cycle, lang)),
            t("botox_side_answer", lang, side_effects=side_effects_text(cycle, lang)),
        ]
    lines += _urgent_lines(cycle, patient)
    rows: Rows = []
    for value in EFFECT_VALUES:
        label = t(f"botox_effect_{value}", lang)
        if cycle.effect == value:
            label = f"✓ {label}"
        rows.append([(label, EffectTap(cycle.id, value))])
    rows += _side_effect_rows(cycle, lang, day7=False)
    return "\n".join(lines), keyboard(rows)


def render_effect_done(cycle: BotoxCycle, patient: Patient) -> tuple[str, InlineKeyboardMarkup]:
    """What was saved at week 4, with a Change button (and the care-team line if needed)."""
    assert cycle.id is not None
    lang = patient.language
    text = t(
        "botox_effect_done",
        lang,
        date=fmt_day(cycle.injected_on, lang),
        effect=t("botox_effect_answer", lang, effect=effect_text(cycle, lang)),
        side_effects=t("botox_side_answer", lang, side_effects=side_effects_text(cycle, lang)),
    )
    if advice := side_effect_advice(cycle, patient):
        text += "\n\n" + advice
    return text, keyboard([[(t("btn_botox_change", lang), EffectChangeTap(cycle.id))]])
