"""What the after-surgery feature shows: the plan's confirmation, the daily red-flag screen, the
progress question, the answers to them and the alerts. Texts and keyboards only (no database).

Buttons (wire forms kept from issue 9, so screens already in patients' chats keep working):
``sg:<check id>:f:<index into RED_FLAGS>`` ticks or unticks a warning sign,
``sg:<check id>:n:0`` / ``sg:<check id>:d:0`` is "None of these" / "Done", and
``sg:<check id>:p:<index into SPASM_ANSWERS>`` answers a progress question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from telegram import InlineKeyboardMarkup

from service.bot import contacts
from service.bot.callbacks import Callback, callback
from service.bot.kit import keyboard
from service.bot.surgery_store import RECHECK, Screen, signs_in_order
from service.db.models import Patient
from service.domain.care import (
    DAILY_DAYS,
    EMERGENCY_FLAGS,
    RED_FLAGS,
    SPASM_ANSWERS,
    SURGERY_CHECK_TIME,
    TEAM_FLAGS,
    Advice,
    Phase,
    PlanItem,
    mvd_plan,
    progress_advice,
    tiers,
)
from service.domain.dates import ACCEPTED_FORMS
from service.texts import fmt_date, fmt_time, t
from service.texts.families import SPASM_ANSWER, SURGERY_FLAG, SURGERY_SIGN
from service.texts.keys import MessageKey


# ---- button payloads ----------------------------------------------------------------------------
@callback("sg:{check}:f:{flag}")
@dataclass(frozen=True)
class FlagTap(Callback):
    """Tick or untick a warning sign (an index into RED_FLAGS)."""

    check: int
    flag: int


@callback("sg:{check}:{answer}:0")
@dataclass(frozen=True)
class AnswerTap(Callback):
    """ "None of these" (n) or "Done" (d) on a daily screen."""

    check: int
    answer: Literal["n", "d"]


@callback("sg:{check}:p:{answer}")
@dataclass(frozen=True)
class SpasmTap(Callback):
    """A progress answer (an index into SPASM_ANSWERS)."""

    check: int
    answer: int


# ---- /surgery -----------------------------------------------------------------------------------
def long_date(day: date, lang: str) -> str:
    """A date with its year, e.g. '17 Nov 2027'."""
    return fmt_date(day, lang, weekday=False, year=True)


def usage(today: date, lang: str) -> str:
    """How to use /surgery, with today's date as the example."""
    example = fmt_date(today, lang, weekday=False)
    return t("surgery_usage", lang, example=example, forms=ACCEPTED_FORMS)


def _last_of(plan: list[PlanItem], phase: Phase) -> date:
    """The last date of one phase of the plan."""
    return [item.day for item in plan if item.phase is phase][-1]


def plan_saved_text(
    patient: Patient, day: date, next_when: str | None, replaced: date | None
) -> str:
    """The confirmation of a new plan: its phases, the next check, both tiers of warning signs
    and the delayed-resolution note (the earlier plan it replaces first, if any)."""
    lang = patient.language
    plan = mvd_plan(day)
    next_line = (
        t("surgery_next", lang, when=next_when)
        if next_when is not None
        else t("surgery_next_none", lang)
    )
    text = t(
        "surgery_saved",
        lang,
        date=fmt_date(day, lang),
        time=fmt_time(SURGERY_CHECK_TIME, lang),
        first=fmt_date(plan[0].day, lang),
        last_daily=fmt_date(_last_of(plan, Phase.DAILY), lang),
        last_weekly=long_date(_last_of(plan, Phase.WEEKLY), lang),
        last=long_date(plan[-1].day, lang),
        next_line=next_line,
        red_flags=red_flag_lists(patient),
        delayed=t("surgery_delayed", lang),
    )
    if replaced is not None:
        text = t("surgery_replaced", lang, date=fmt_date(replaced, lang)) + "\n\n" + text
    return text


# ---- warning signs ------------------------------------------------------------------------------
def bullets(flags: list[str] | tuple[str, ...], lang: str) -> str:
    """Warning signs as a bulleted list, one per line, in the given order."""
    return "\n".join(t("surgery_bullet", lang, sign=t(SURGERY_SIGN[f], lang)) for f in flags)


def sign_names(flags: list[str], lang: str) -> str:
    """Warning signs in words on one line, emergency tier first."""
    return "; ".join(t(SURGERY_SIGN[f], lang) for f in signs_in_order(flags))


def red_flag_lists(patient: Patient) -> str:
    """Both tiers of warning signs, each its own short list, then the team's phone if known."""
    lang = patient.language
    text = t(
        "surgery_red_flags",
        lang,
        emergency=bullets(EMERGENCY_FLAGS, lang),
        team=bullets(TEAM_FLAGS, lang),
    )
    line = contacts.care_team_line(patient, contacts.SURGERY)
    return f"{text}\n{line}" if line else text


def alert_text(flags: list[str], patient: Patient) -> str:
    """The answer to ticked warning signs: the emergency tier's first, then the surgical
    team's, then the team's phone (or how to save it)."""
    lang = patient.language
    emergency, team = tiers(flags)
    parts = []
    if emergency:
        parts.append(t("surgery_alert_emergency", lang, signs=bullets(emergency, lang)))
    if team:
        parts.append(t("surgery_alert_team", lang, signs=bullets(team, lang)))
    if "weakness" in team:
        parts.append(t("surgery_alert_eye", lang))
    line = contacts.care_team_line(patient, contacts.SURGERY)
    parts.append(line or t("surgery_alert_no_phone", lang))
    parts.append(t("surgery_alert_footer", lang))
    return "\n\n".join(parts)


# ---- the daily screen ---------------------------------------------------------------------------
def _recheck_line(screen: Screen, lang: str) -> str | None:
    """ "Yesterday you reported: ... Is it still there?", if the screen asks again about
    earlier signs."""
    check = screen.check
    recheck = (check.answers or {}).get(RECHECK)
    if not isinstance(recheck, dict) or not recheck.get("flags"):
        return None
    on = date.fromisoformat(str(recheck["on"]))
    when = (
        t("surgery_yesterday", lang)
        if on == check.local_date - timedelta(days=1)
        else fmt_date(on, lang)
    )
    flags = [str(f) for f in recheck["flags"]]
    key: MessageKey = "surgery_recheck" if len(flags) == 1 else "surgery_recheck_many"
    return t(key, lang, when=when, signs=sign_names(flags, lang))


def render_daily(
    screen: Screen, patient: Patient, *, intro: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """The day's safety check: both tiers' lists, earlier signs asked about again, the
    question, a toggle button per sign, then None / Done."""
    check, lang = screen.check, patient.language
    assert check.id is not None
    selected = check.red_flags or []
    number = screen.day_number
    title_key: MessageKey = (
        "surgery_daily_title" if number <= DAILY_DAYS else "surgery_daily_title_extra"
    )
    lines = [t(title_key, lang, day=number, date=fmt_date(check.local_date, lang))]
    if intro:
        lines.append(intro)
    lines += ["", red_flag_lists(patient), ""]
    if recheck := _recheck_line(screen, lang):
        lines.append(recheck)
    lines.append(t("surgery_daily_question", lang))
    rows: list[list[tuple[str, Callback | str]]] = []
    for flag in EMERGENCY_FLAGS + TEAM_FLAGS:
        label = t(SURGERY_FLAG[flag], lang)
        if flag in selected:
            label = t("surgery_flag_ticked", lang, label=label)
        rows.append([(label, FlagTap(check.id, RED_FLAGS.index(flag)))])
    if selected:
        rows.append([(t("btn_surgery_done", lang), AnswerTap(check.id, "d"))])
    else:
        rows.append([(t("btn_surgery_none", lang), AnswerTap(check.id, "n"))])
    return "\n".join(lines), keyboard(rows)


def daily_answered_text(screen: Screen, patient: Patient) -> str:
    """The screen after None / Done: what was saved, and whom to call."""
    check, lang = screen.check, patient.language
    number = screen.day_number
    if not check.red_flags:  # the edit keeps the lists: whom to call if one appears
        return t("surgery_daily_none", lang, day=number) + "\n\n" + red_flag_lists(patient)
    emergency, _ = tiers(check.red_flags)
    signs = bullets(signs_in_order(check.red_flags), lang)
    lines = [
        t("surgery_daily_flags", lang, day=number, signs=signs),
        t("surgery_daily_flags_emergency" if emergency else "surgery_daily_flags_team", lang),
    ]
    if line := contacts.care_team_line(patient, contacts.SURGERY):
        lines.append(line)
    return "\n".join(lines)


# ---- the progress question ----------------------------------------------------------------------
def period_text(item: PlanItem, lang: str) -> str:
    """'Week 5' or 'Month 4'."""
    key: MessageKey = "surgery_week" if item.phase is Phase.WEEKLY else "surgery_month"
    return t(key, lang, number=item.number)


def render_progress(
    screen: Screen, item: PlanItem, lang: str, *, intro: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """How is the spasm compared with before surgery? One button per answer."""
    check = screen.check
    assert check.id is not None
    text = t(
        "surgery_progress_text",
        lang,
        period=period_text(item, lang),
        date=fmt_date(check.local_date, lang),
    )
    if intro:
        text = intro + "\n\n" + text
    if item.phase is Phase.WEEKLY:  # delayed facial palsy: onset up to day 44
        text += "\n\n" + t("surgery_progress_watch", lang)
    rows: list[list[tuple[str, Callback | str]]] = []
    for index, answer in enumerate(SPASM_ANSWERS):
        label = t(SPASM_ANSWER[answer], lang)
        if check.spasm_vs_before == answer:
            label = f"✓ {label}"
        rows.append([(label, SpasmTap(check.id, index))])
    return text, keyboard(rows)


def render_progress_answered(
    screen: Screen, item: PlanItem, answer: str, patient: Patient
) -> tuple[str, InlineKeyboardMarkup]:
    """The question (the answer ticked) with what was saved and the advice
    ``domain.care.progress_advice`` lists."""
    lang = patient.language
    question, markup = render_progress(screen, item, lang)
    saved = t(
        "surgery_progress_saved",
        lang,
        period=period_text(item, lang),
        answer=t(SPASM_ANSWER[answer], lang).lower(),
    )
    lines = [question, "", saved]
    for advice in progress_advice(screen.surgery.surgery_on, screen.check.local_date, answer):
        if advice is Advice.GONE:
            lines.append(t("surgery_progress_gone", lang))
        elif advice is Advice.TELL_TEAM:
            lines.append(t("surgery_progress_worse", lang))
            if line := contacts.care_team_line(patient, contacts.SURGERY):
                lines.append(line)
        elif advice is Advice.RAISE_AT_FOLLOWUP:
            lines.append(t("surgery_progress_followup", lang))
        elif advice is Advice.DELAYED:
            lines += ["", t("surgery_delayed", lang)]
    return "\n".join(lines), markup
