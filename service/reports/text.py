"""The summary as the patient reads it in the chat (and the one line for other features)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from service.domain.summary import (
    MIN_DAYS,
    Baseline,
    Change,
    Comparison,
    CycleComparison,
    DayEntry,
    ItemChange,
    MedicationAdherence,
    Period,
    Recovery,
    Summary,
)
from service.texts import fmt_date, fmt_number, t
from service.texts.families import (
    CHANGE_WORD,
    SUM_BOTOX_VS,
    SUM_ITEM,
    SUM_LINE,
    SUM_OVERALL,
    SUM_RECOVERY_ITEM,
    SUM_RECOVERY_WORD,
    VS_BEFORE,
)
from service.texts.keys import MessageKey

#: Telegram's limit for a photo caption.
CAPTION_LIMIT = 1024
NOTE_PREVIEW_CHARS = 120
ITEMS = ("frequency", "severity", "lower_face", "impact")


def num(value: Fraction | float | None, lang: str) -> str:
    """One decimal, the locale's way ('2.1', '2,1'), or '–' without a value."""
    return "–" if value is None else fmt_number(value, lang)


def span(period: Period, lang: str) -> tuple[str, str]:
    """The period's first and last day as words; with the year when it spans two years."""
    if period.start.year == period.end.year:
        return fmt_date(period.start, lang), fmt_date(period.end, lang)
    first = fmt_date(period.start, lang, year=True)
    return first, fmt_date(period.end, lang, year=True)


def period_name(days: int | None, lang: str) -> str:
    """'last 30 days' / 'everything so far'."""
    return t("sum_period_all", lang) if days is None else t("sum_period_days", lang, days=days)


def change_word(change: Change, lang: str) -> str:
    """'lower' / 'about the same' / 'higher' ('' without enough data)."""
    return "" if change is Change.NO_DATA else t(CHANGE_WORD[change.value], lang)


def _item_line(item: str, ic: ItemChange, lang: str, show_before: bool) -> str:
    line = t("sum_item", lang, item=t(SUM_ITEM[item], lang), mean=num(ic.now, lang))
    if show_before and ic.before is not None:
        line += " " + t("sum_item_before", lang, mean=num(ic.before, lang))
    word = change_word(ic.change, lang)
    return f"{line} {word}" if word else line


def _day_line(key: MessageKey, entry: DayEntry, lang: str) -> str:
    return t(
        key,
        lang,
        date=fmt_date(entry.day, lang),
        frequency=entry.frequency,
        severity=entry.severity,
    )


def adherence_line(summary: Summary, lang: str) -> str:
    """'Check-ins: 26 of 28 expected days (93%) · 1 skipped · 1 missed'."""
    a = summary.adherence
    if a.expected == 0:
        return t("sum_adherence_none", lang)
    line = t("sum_adherence", lang, done=a.done, expected=a.expected, percent=a.percent)
    extras = []
    if a.skipped:
        extras.append(t("sum_adherence_skipped", lang, n=a.skipped))
    if a.missed:
        extras.append(t("sum_adherence_missed", lang, n=a.missed))
    if a.paused:
        extras.append(t("sum_adherence_paused", lang, n=a.paused))
    return " · ".join([line, *extras])


def means_block(summary: Summary, days: int | None, lang: str) -> list[str]:
    """The averages, each with the previous period's value and the change word; the overall
    line says how many rated days each side has (or why there is no comparison)."""
    cmp: Comparison | None = summary.comparison
    prev = summary.previous_means
    lines = [t("sum_averages", lang)]
    show_before = cmp is not None and prev is not None and prev.rated_days > 0
    for item in ITEMS:
        if item == "lower_face" and summary.means.n_lower_face == 0:
            continue  # not asked before issue 9: no empty line for older periods
        ic = (
            getattr(cmp, item)
            if cmp
            else ItemChange(getattr(summary.means, item), None, Change.NO_DATA)
        )
        lines.append(_item_line(item, ic, lang, show_before))
    if days is not None and summary.surgery_between is not None:
        lines.append(t("sum_overall_surgery", lang, date=fmt_date(summary.surgery_between, lang)))
    elif days is not None and cmp is not None:
        overall = cmp.overall
        counts = {"days": days, "now": overall.n_now, "before": overall.n_before}
        if overall.change is Change.NO_DATA:
            lines.append(t("sum_overall_no_data", lang, min=MIN_DAYS, **counts))
        else:
            lines.append(t(SUM_OVERALL[overall.change.value], lang, **counts))
    return lines


def cycle_line(cc: CycleComparison, lang: str) -> str:
    """Botox day N, and this cycle against the earlier ones at the same days."""
    line = t("sum_botox_day", lang, day=cc.day, date=fmt_date(cc.cycle.injected_on, lang))
    if cc.current is None:
        return line
    line += " " + t(
        "sum_botox_recent", lang, first=cc.window[0], last=cc.window[1], n=cc.n_current
    )
    line += " " + t("sum_botox_current", lang, mean=num(cc.current, lang))
    if cc.earlier is not None and cc.change is not Change.NO_DATA:
        line += " " + t(
            SUM_BOTOX_VS[cc.change.value],
            lang,
            mean=num(cc.earlier, lang),
            n=cc.earlier_cycles,
            days=cc.n_earlier,
        )
    elif cc.earlier_cycles == 0:
        line += " " + t("sum_botox_no_earlier", lang)
    else:
        line += " " + t("sum_botox_too_few", lang, min=MIN_DAYS)
    return line


def item_changes(cmp: Comparison, lang: str) -> list[str]:
    """'eye frequency 3.0 → 1.0 (lower)' for each item with enough days on both sides."""
    parts = []
    for item in ITEMS:
        ic: ItemChange = getattr(cmp, item)
        if ic.change is Change.NO_DATA:
            continue
        parts.append(
            t(
                SUM_RECOVERY_ITEM[item],
                lang,
                before=num(ic.before, lang),
                now=num(ic.now, lang),
                word=t(SUM_RECOVERY_WORD[ic.change.value], lang),
            )
        )
    return parts


def recovery_line(rec: Recovery, lang: str, check: tuple[object, str] | None = None) -> str:
    """Days since surgery, and the latest 14 days against the 30 days before the operation,
    with the rated days of each side."""
    line = t("sum_surgery_days", lang, days=rec.days_since, date=fmt_date(rec.surgery_on, lang))
    cmp = rec.comparison
    parts = item_changes(cmp, lang)
    counts = {"now": rec.recent.rated_days, "before": rec.baseline.rated_days}
    if parts:
        line += " " + t("sum_recovery_intro", lang, **counts) + " " + "; ".join(parts) + "."
    else:
        line += " " + t("sum_recovery_no_data", lang, min=MIN_DAYS, **counts)
    if cmp.overall.change is not Change.LOWER and rec.days_since < 365:
        line += " " + t("sum_recovery_slow", lang)
    return line


def baseline_line(base: Baseline, lang: str) -> str:
    """'Everything so far' with injections: before the first one against since, item by item,
    with the rated days of each side."""
    counts = {
        "date": fmt_date(base.first_injection, lang),
        "now": base.since.rated_days,
        "before": base.before.rated_days,
    }
    if base.before.rated_days == 0:
        return t("sum_baseline_none", lang, **counts)
    parts = item_changes(base.comparison, lang)
    if not parts:
        return t("sum_baseline_no_data", lang, min=MIN_DAYS, **counts)
    return t("sum_baseline_intro", lang, **counts) + " " + "; ".join(parts) + "."


def _unanswered(adherence: MedicationAdherence, lang: str) -> str:
    """', 1 not answered' for doses nobody answered before they closed; '' for none."""
    if not adherence.missed:
        return ""
    return t("sum_medication_unanswered", lang, n=adherence.missed)


def medication_line(
    total: MedicationAdherence, lang: str, per_medication: Sequence[MedicationAdherence] = ()
) -> str:
    """'Medication: 25 of 28 doses taken (89%), 2 not answered.'; with two or more medications,
    or one with no answered dose, each one's (one with no answered dose says so, not "none").

    A dose nobody answered before it closed ("missed") counts as not taken, and is said as
    not answered: the patient may have taken it without telling the bot."""
    if len(per_medication) < 2 and total.counted:
        return t(
            "sum_medication",
            lang,
            taken=total.taken,
            counted=total.counted,
            percent=total.percent,
            unanswered=_unanswered(total, lang),
        )
    parts = [
        t("sum_medication_one", lang, name=m.name, taken=m.taken, counted=m.counted,
          percent=m.percent, unanswered=_unanswered(m, lang))
        if m.counted
        else t("sum_medication_one_none", lang, name=m.name)
        for m in per_medication
    ]  # fmt: skip
    return t("sum_medication_each", lang, each="; ".join(parts))


def _preview(note: str) -> str:
    flat = " ".join(note.split())
    if len(flat) <= NOTE_PREVIEW_CHARS:
        return flat
    return flat[: NOTE_PREVIEW_CHARS - 1].rstrip() + "…"


def summary_text(
    summary: Summary, days: int | None, lang: str, *, weekly: bool = False, footer: bool = True
) -> str:
    """The whole summary message (``footer``: the patient's line on how to change it)."""
    start, end = span(summary.period, lang)
    title_key: MessageKey = "sum_title_weekly" if weekly else "sum_title"
    lines = [
        t(title_key, lang, period=period_name(days, lang), start=start, end=end),
        "",
        adherence_line(summary, lang),
    ]
    if summary.has_ratings:
        lines += means_block(summary, days, lang)
        best, worst = summary.best, summary.worst
        if best and worst and best.total != worst.total:
            lines.append(_day_line("sum_best_day", best, lang))
            lines.append(_day_line("sum_worst_day", worst, lang))
        elif best and worst and summary.means.n_total > 1:
            lines.append(t("sum_days_alike", lang, total=best.total))
    else:
        lines.append(t("sum_no_ratings", lang))
    context = []
    if summary.cycle is not None:
        context.append(cycle_line(summary.cycle, lang))
    if summary.baseline is not None and summary.has_ratings:
        context.append(baseline_line(summary.baseline, lang))
    if summary.recovery is not None:
        context.append(recovery_line(summary.recovery, lang))
    if summary.progress_check is not None and summary.recovery is not None:
        day, value = summary.progress_check
        context.append(
            t(
                "sum_progress_check",
                lang,
                date=fmt_date(day, lang),
                answer=progress_answer(value, lang),
            )
        )
    if summary.medications_total.counted or summary.medications:
        context.append(medication_line(summary.medications_total, lang, summary.medications))
    if context:
        lines += ["", *context]
    if summary.notes:
        lines += ["", t("sum_notes", lang)]
        lines += [f"{fmt_date(e.day, lang)}: {_preview(e.note or '')}" for e in summary.notes]
    if summary.has_ratings:
        lines += ["", t("sum_scale_note", lang)]
    if footer:
        lines += ["", t("sum_footer_weekly" if weekly else "sum_footer", lang)]
    return "\n".join(lines)


def progress_answer(value: str, lang: str) -> str:
    """A post-surgery progress answer in words (known values; others as written)."""
    key = VS_BEFORE.get(value)
    return t(key, lang) if key else value.replace("_", " ")


def one_line(summary: Summary, days: int | None, lang: str) -> str:
    """One sentence for other features (e.g. the day-before appointment reminder)."""
    name = period_name(days, lang)
    if not summary.has_ratings:
        return t("sum_line_empty", lang, period=name)
    a = summary.adherence
    line = t(
        "sum_line",
        lang,
        period=name[:1].upper() + name[1:],
        done=a.done,
        expected=a.expected,
        frequency=num(summary.means.frequency, lang),
        severity=num(summary.means.severity, lang),
    )
    cmp = summary.comparison
    if cmp is not None and cmp.overall.change is not Change.NO_DATA:
        overall = cmp.overall
        line += " " + t(
            SUM_LINE[overall.change.value], lang, now=overall.n_now, before=overall.n_before
        )
    return line
