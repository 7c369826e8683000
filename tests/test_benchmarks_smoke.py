"""The scale, latency and wear-off benchmarks still run: their core functions with a tiny N.

Only structure and correctness counts are checked here, never timings (the benchmarks print
those); the wear-off benchmark is a simulation, so its figures are checked against the target.
On PostgreSQL (TEST_DATABASE_URL) each run creates and drops a database of its own.
"""

from __future__ import annotations

import math
import os
import re

import pytest

from benchmarks import burst, dispatch, latency, scale, wear_off
from service.texts import LANGUAGES

SERVER_URL = os.environ.get("TEST_DATABASE_URL") or None


async def test_scale_benchmark_runs_and_a_wake_costs_the_same_statements_at_any_size() -> None:
    result = await scale.run(
        SERVER_URL,
        sizes=(100, 200),
        k=10,
        rounds=2,
        idle_wakes=3,
        idle_seconds=0.5,
        serve_process=True,
    )
    assert [w.n for w in result.wakes] == [100, 200]
    assert list(result.seed_s) == [100, 200]
    for wake in result.wakes:
        # Every probe occurrence was materialised, sent once and reached its chat.
        assert (wake.materialised, wake.sent, wake.delivered) == (20, 20, 20)
        assert (wake.failed, wake.missed) == (0, 0)
        assert wake.idle_statements > 0 and wake.due_statements_median > wake.idle_statements
    # What a wake asks the database does not grow with the number of patients (twice as many
    # here); the busy wakes differ by a statement or two with the probes' kinds and zones.
    small, large = result.wakes
    assert small.idle_statements == large.idle_statements
    assert (
        abs(large.due_statements_median - small.due_statements_median)
        <= 0.1 * small.due_statements_median
    )
    served = result.serve
    assert served is not None
    # post_init ran to its end: one menu per language
    assert served.set_my_commands_calls == len(LANGUAGES)
    assert served.rss_mb > 0 and served.startup_s > 0 and served.idle_cpu_s >= 0
    text = scale.report(result)
    assert "dispatcher cost per wake" in text and "RSS after start-up" in text


def test_scale_population_keeps_the_probe_window_clear() -> None:
    plan = scale.Plan(sizes=(100, 200), k=10, rounds=2)
    probe_minutes = set()
    for stage in plan.probes.values():
        for probe in stage:
            probe_minutes.add(probe.at.hour * 60 + probe.at.minute)
    for index in range(200):
        zone, minutes = scale.patient_minutes(index, plan)
        assert zone in scale.ZONES and len(set(minutes)) == 3
        due_in_window = [m for m in minutes if scale._in_window(m)]
        if index in plan.by_patient:
            assert len(due_in_window) == 1 and due_in_window[0] in probe_minutes
        else:
            assert due_in_window == []


async def test_latency_benchmark_measures_both_bots_in_their_own_processes() -> None:
    result = await latency.run(SERVER_URL, users=3, repeat=1)
    (run,) = result.runs
    hfs, echo = result.hfs, result.echo
    # Every patient rated and skipped; the answers are stored; the echo keyboard taken as often.
    assert (hfs.completed, hfs.wrong, echo.completed, echo.wrong) == (3, 0, 3, 0)
    assert hfs.taps == echo.taps == 3 * latency.ECHO_TAPS and run.stored_checkins == 3
    assert run.errors == []
    for figures in (hfs, echo):
        assert 0 < figures.p50_ms <= figures.p95_ms <= figures.p99_ms <= figures.max_ms
        assert figures.rating_p99_ms > 0 and figures.skip_p99_ms > 0
        assert figures.cpu_ms_per_tap > 0 and figures.loop_cpu_ms_per_tap > 0
        assert figures.cpu_ms_per_rating_tap > 0 and figures.cpu_ms_per_skip_tap > 0
        assert figures.harness_cpu_ms_per_tap > 0
    # Counted inside the HFS bot's process; the echo bot has no database.
    assert hfs.statements_per_rating_tap > 0 and hfs.statements_per_skip_tap > 0
    assert hfs.transactions_per_tap > 0 and hfs.patient_reads_per_tap > 0
    assert echo.statements_per_tap == echo.transactions_per_tap == 0
    assert math.isfinite(result.p99_ratio) and result.p99_ratio > 0
    assert len(run.load) == 3
    text = latency.report(result)
    assert "target: bot CPU per tap" in text and "target: p99 HFS / echo" in text


def test_percentile_is_nearest_rank() -> None:
    values = [float(x) for x in range(1, 101)]
    assert latency.percentile(values, 50) == 50.0
    assert latency.percentile(values, 99) == 99.0
    assert latency.percentile(values, 100) == 100.0
    assert latency.percentile([7.0], 99) == 7.0


def test_wear_off_benchmark_meets_the_target_with_a_fixed_seed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The printed figures of benchmarks/wear_off.py, for the rule as shipped: false alarms at
    most 5% (steady benefit) and at least 90% of real wear-offs found within 7 days; the old
    rule, printed beside it, fails the false-alarm target."""
    result = wear_off.run(cycles=400, seed=9, others=False)
    print(wear_off.report(result))
    printed = capsys.readouterr().out
    rows = {
        name: re.search(
            rf"^  {name}\s+false alarms\s+([\d.]+)%.*found within 7 d\s+([\d.]+)%", printed, re.M
        )
        for name in ("new", "old")
    }
    new, old = rows["new"], rows["old"]
    assert new is not None and old is not None, printed
    assert float(new.group(1)) <= 5.0 and float(new.group(2)) >= 90.0, printed
    assert float(old.group(1)) > 10.0, printed
    assert "new rule meets the target" in printed
    (figures,) = result.by_scenario.values()
    assert figures["new"].cycles == figures["new"].wearing == 400


async def test_burst_benchmark_runs_with_the_bot_in_its_own_process() -> None:
    result = await burst.run(30, SERVER_URL, throttle=False, paid=None, load=False)
    assert (result["delivered"], result["lost"], result["doubled"]) == (30, 0, 0)
    assert result["rate_from_due_minute"] > 0 and result["bot_cpu_ms_per_prompt"] > 0


async def test_dispatch_benchmark_runs() -> None:
    figures = await dispatch.measure(SERVER_URL or "sqlite", 5)
    assert (figures.sent, figures.lost, figures.doubled) == (5, 0, 0)
    assert figures.cpu_ms_per_prompt > 0 and figures.client_ms_per_message > 0
    assert figures.statements_per_prompt > 0
    assert figures.first_prompt_after_s >= 0
    assert "stmts/prompt" in dispatch.report([figures])
