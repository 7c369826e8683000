"""Wear-off estimate: false alarms and detection delay on simulated diaries, new rule and old.

Each simulated cycle is a patient's diary of eye totals (frequency + severity, 0-8) from 14 days
before an injection to well after it:

* baseline 6 before the injection; the benefit starts on a day from 4 to 8 (onset about 4-8
  days, clinical.md) and lowers the rating by 2 points;
* *steady*: the benefit lasts to day 84 (the planned reinjection); any verdict is a false alarm;
* *wearing off*: on a day W from 50 to 80 the ratings go back to the baseline; a verdict from
  day W to W + 7 is found in time, one before W is a false alarm, later or never is missed;
* noise: on 30% of days the rating is one point higher or lower (equal chance), clipped to 0-8;
* 85% of days are answered (each day independently).

The rule as shipped is imported from ``service.domain.botox`` (``detect_wear_off``). The OLD
rule (3-day rolling mean, a 1-point margin, from day 14) is kept below as a copy, only here,
for the before/after comparison. Targets (issue 9): false alarms <= 5% in the steady cycles;
>= 90% of real wear-offs found within 7 days.

    python3 -m benchmarks.wear_off                  # 2,000 cycles per scenario, seed 9
    python3 -m benchmarks.wear_off --cycles 10000 --seed 1
"""

from __future__ import annotations

import argparse
import random
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from service.domain.botox import detect_wear_off

INJECTED = date(2026, 1, 5)
BEFORE_DAYS = 14
STEADY_UNTIL_DAY = 84
WEAR_FROM_DAY, WEAR_TO_DAY = 50, 80
FOUND_WITHIN_DAYS = 7
FALSE_ALARM_TARGET = 0.05
FOUND_TARGET = 0.90

#: A rule takes (injection date, date -> total, last day it may read) and returns the day
#: number of its verdict (the day it would tell the patient) and the day number it gives as
#: the start of the wear-off, or None.
Rule = Callable[[date, Mapping[date, int], date], tuple[int, int] | None]


@dataclass(frozen=True)
class Scenario:
    """One kind of simulated patient."""

    baseline: int = 6
    benefit: int = 2
    noise_share: float = 0.30
    answered: float = 0.85

    def label(self) -> str:
        """A short description."""
        return (
            f"baseline {self.baseline}, benefit {self.benefit}, ±1 on "
            f"{self.noise_share:.0%} of days, {self.answered:.0%} answered"
        )


TARGET = Scenario()
#: Neighbours of the target, printed for honesty (no target applies to them).
OTHERS = (
    Scenario(baseline=4),
    Scenario(baseline=8),
    Scenario(benefit=3),
    Scenario(noise_share=0.5),
    Scenario(answered=0.7),
)


def diary(
    rng: random.Random, scenario: Scenario, wear_day: int | None, last_day: int
) -> dict[date, int]:
    """One simulated diary from day -14 to ``last_day`` (answered days only)."""
    onset = rng.randint(4, 8)
    totals: dict[date, int] = {}
    for day in range(-BEFORE_DAYS, last_day + 1):
        answered = rng.random() < scenario.answered
        noisy = rng.random() < scenario.noise_share
        step = rng.choice((-1, 1))
        if not answered:
            continue
        helped = onset <= day and (wear_day is None or day < wear_day)
        level = scenario.baseline - (scenario.benefit if helped else 0)
        totals[INJECTED + timedelta(days=day)] = max(0, min(8, level + (step if noisy else 0)))
    return totals


def new_rule(injected: date, totals: Mapping[date, int], until: date) -> tuple[int, int] | None:
    """The rule as shipped: the day the estimate is said, and the day it says it started."""
    verdict = detect_wear_off(injected, totals, until)
    return (verdict.found_day, verdict.day) if verdict is not None else None


# ---- OLD RULE: a copy of the rule shipped before issue 9, kept here only for comparison -------
OLD_MARGIN = 1.0
OLD_WINDOW, OLD_MIN_WINDOW = 3, 2
OLD_BENEFIT_FROM, OLD_WEAR_FROM = 7, 14


def old_rule(injected: date, totals: Mapping[date, int], until: date) -> tuple[int, int] | None:
    """OLD rule (before issue 9): baseline B = mean of the 14 days before (>= 4 of them),
    line L = B - 1; R(d) = mean of the 3 days ending on d (d and >= 2 of 3 rated); benefit
    when R < L from day 7; wear-off = first day from day 14 with R >= L after the benefit."""
    before = [totals[d] for k in range(1, 15) if (d := injected - timedelta(days=k)) in totals]
    if len(before) < 4:
        return None
    line = sum(before) / len(before) - OLD_MARGIN
    if line <= 0:
        return None
    seen = False
    day_number = OLD_BENEFIT_FROM
    day = injected + timedelta(days=day_number)
    while day <= until:
        window = [totals[d] for k in range(OLD_WINDOW) if (d := day - timedelta(days=k)) in totals]
        if day in totals and len(window) >= OLD_MIN_WINDOW:
            mean = sum(window) / len(window)
            if seen and day_number >= OLD_WEAR_FROM and mean >= line:
                return day_number, day_number
            if mean < line:
                seen = True
        day += timedelta(days=1)
        day_number += 1
    return None


def _quantile(values: list[int], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(q * len(ordered)))])


# ---- running ----------------------------------------------------------------------------------
@dataclass
class Figures:
    """One rule on one scenario."""

    cycles: int = 0
    steady_alarms: int = 0
    alarm_days: list[int] = field(default_factory=list)
    wearing: int = 0
    found_in_time: int = 0
    early: int = 0
    late_or_never: int = 0
    delays: list[int] = field(default_factory=list)  # verdict day - W, when on or after W
    start_errors: list[int] = field(default_factory=list)  # |start day - W|, found in time

    @property
    def false_alarm_rate(self) -> float:
        """Steady cycles with a verdict."""
        return self.steady_alarms / self.cycles if self.cycles else 0.0

    @property
    def found_rate(self) -> float:
        """Real wear-offs found from day W to W + 7."""
        return self.found_in_time / self.wearing if self.wearing else 0.0

    def delay(self, q: float) -> float | None:
        """A quantile of the detection delay (days after W) among those found on or after W."""
        return _quantile(self.delays, q)

    def meets_target(self) -> bool:
        """Issue 9's targets."""
        return self.false_alarm_rate <= FALSE_ALARM_TARGET and self.found_rate >= FOUND_TARGET


@dataclass
class Result:
    """Figures per scenario and rule."""

    cycles: int
    seed: int
    by_scenario: dict[Scenario, dict[str, Figures]]


def simulate(
    scenario: Scenario, rules: Mapping[str, Rule], cycles: int, seed: int
) -> dict[str, Figures]:
    """Run ``cycles`` steady and ``cycles`` wearing-off diaries through every rule (the same
    diaries for each rule)."""
    figures = {name: Figures() for name in rules}
    rng = random.Random(seed)
    for _ in range(cycles):
        steady = diary(rng, scenario, None, STEADY_UNTIL_DAY)
        until = INJECTED + timedelta(days=STEADY_UNTIL_DAY)
        for name, rule in rules.items():
            verdict = rule(INJECTED, steady, until)
            fig = figures[name]
            fig.cycles += 1
            if verdict is not None:
                fig.steady_alarms += 1
                fig.alarm_days.append(verdict[0])
        wear_day = rng.randint(WEAR_FROM_DAY, WEAR_TO_DAY)
        last = wear_day + 30
        wearing = diary(rng, scenario, wear_day, last)
        for name, rule in rules.items():
            found = rule(INJECTED, wearing, INJECTED + timedelta(days=last))
            fig = figures[name]
            fig.wearing += 1
            if found is None:
                fig.late_or_never += 1
                continue
            said, start = found
            if said < wear_day:
                fig.early += 1
                continue
            fig.delays.append(said - wear_day)
            if said - wear_day <= FOUND_WITHIN_DAYS:
                fig.found_in_time += 1
                fig.start_errors.append(abs(start - wear_day))
            else:
                fig.late_or_never += 1
    return figures


def run(cycles: int = 2000, seed: int = 9, *, others: bool = True) -> Result:
    """The target scenario (and, with ``others``, its neighbours) for both rules."""
    rules: dict[str, Rule] = {"new": new_rule, "old": old_rule}
    scenarios = (TARGET, *OTHERS) if others else (TARGET,)
    return Result(
        cycles,
        seed,
        {s: simulate(s, rules, cycles, seed + i) for i, s in enumerate(scenarios)},
    )


def _pct(value: float) -> str:
    return f"{100 * value:5.1f}%"


def _days(value: float | None) -> str:
    return "  –" if value is None else f"{value:3.0f}"


def _line(name: str, fig: Figures) -> str:
    alarm = f"(median day {statistics.median(fig.alarm_days):.0f})" if fig.alarm_days else ""
    return (
        f"  {name:<4} false alarms {_pct(fig.false_alarm_rate)} {alarm:<18}"
        f"found within {FOUND_WITHIN_DAYS} d {_pct(fig.found_rate)}  "
        f"early {_pct(fig.early / fig.wearing)}  "
        f"delay p50 {_days(fig.delay(0.5))} d, p90 {_days(fig.delay(0.9))} d  "
        f"start off by p50 {_days(_quantile(fig.start_errors, 0.5))} d"
    )


def report(result: Result) -> str:
    """The figures as text."""
    lines = [
        f"Wear-off estimate, {result.cycles} steady and {result.cycles} wearing-off cycles "
        f"per scenario (seed {result.seed})",
        f"targets: false alarms <= {FALSE_ALARM_TARGET:.0%}, "
        f"found within {FOUND_WITHIN_DAYS} days >= {FOUND_TARGET:.0%} (target scenario)",
    ]
    for scenario, figures in result.by_scenario.items():
        title = "TARGET" if scenario == TARGET else "other"
        lines += ["", f"[{title}] {scenario.label()}"]
        for name in ("new", "old"):
            lines.append(_line(name, figures[name]))
        if scenario == TARGET:
            verdict = "meets" if figures["new"].meets_target() else "MISSES"
            lines.append(f"  new rule {verdict} the target")
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, simulate, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cycles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--target-only", action="store_true")
    args = parser.parse_args()
    print(report(run(args.cycles, args.seed, others=not args.target_only)))


if __name__ == "__main__":
    main()
