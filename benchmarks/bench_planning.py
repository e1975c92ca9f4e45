"""Benchmark of cultureservice.planning: a year of staffing plans, and the shipped scenario end to end.

Run ``python benchmarks/bench_planning.py`` (``--quick`` for one repetition).
It prints two Markdown tables.

Cases:

* **year, 50 markets x 4 channels** (the issue's case): 365 days of 15-minute
  intervals for 50 markets, each in its main language, with a queue per
  market, language and channel (``pool_markets=False``) and no fallback
  pooling: 200 queues x 35,040 intervals = 7,008,000 queue-intervals. Phone is
  staffed with Erlang A (patience 120 s), chat with two chats per agent,
  e-mail and messaging as deferrable work. A third of the markets expect
  service 24/7, a third extended and a third business hours; three sites
  (Kraków, Manila 24/7, Mexico City).
* **year, 50 markets, shared language queues + fallback pooling**: the same
  markets with every CLDR language of their profiles, one queue per language
  and channel shared by the markets, English fallback pooling (so the
  native-only comparison is staffed too).
* **shipped scenario, one week**: ``plan(default_scenario(), days=7)`` warm
  in-process, and ``cultureservice plan`` end to end in a fresh process (import,
  scenario file, plan, summary printed), with a filled and with an empty
  ``NUMBA_CACHE_DIR`` (the first run after installation compiles the kernels).

The issue's target: the year of ~7,000,000 queue-intervals under 10 s on a
2-core machine, and the shipped scenario in well under 10 s end to end. Warm
figures are medians of 3 runs after one warm-up run; the second table gives
the share of each stage of :func:`cultureservice.planning.plan`. There is no
peer library that plans from culture profiles, so there is no peer column.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

COUNTRIES = ["DE", "AT", "CH", "FI", "SE", "GB", "IT", "ES", "GR", "FR", "NL", "BE", "PL", "CZ", "SK", "HU", "RO", "BG", "HR", "SI", "PT", "IE", "DK", "NO", "EE", "LV", "LT", "LU", "MT", "CY", "IS", "US", "CA", "MX", "BR", "AR", "CL", "CO", "PE", "JP", "KR", "CN", "IN", "AU", "NZ", "ZA", "EG", "SA", "AE", "TR"]


def year_scenario(*, shared_queues: bool) -> Any:
    """The 50-market benchmark scenario (made-up volumes)."""
    import numpy as np

    from cultureservice import culture, planning

    rng = np.random.default_rng(3)
    markets = []
    for i, country in enumerate(COUNTRIES):
        prof = culture.profile(country)
        overrides: dict[str, Any] = {"support_hours": ("business", "extended", "24/7")[i % 3]}
        if not shared_queues:
            overrides["languages"] = {prof.main_language: 1.0}
        weekday = float(rng.integers(200, 3000))
        markets.append(planning.Market.for_country(
            country, {"mon-fri": weekday, "sat": 0.2 * weekday, "sun": 0.08 * weekday}, overrides=overrides))
    languages = sorted({code for m in markets for code in m.profile.languages})
    sites = [
        planning.Site.for_country("Kraków", "PL", hours=[("07:00", "21:00")], languages=languages, shrinkage=0.32),
        planning.Site.for_country("Manila", "PH", hours={"mon-sun": [("00:00", "24:00")]},
                                  languages=["en", "es", "de", "fr"], shrinkage=0.35),
        planning.Site.for_country("Mexico City", "MX", hours=[("08:00", "20:00")], languages=["es", "en", "pt"],
                                  shrinkage=0.3, time_zone="America/Mexico_City"),
    ]
    channels = {
        "phone": {"handle_time_s": 360, "target_s": 20, "patience_s": 120, "max_occupancy": 0.9},
        "chat": {"handle_time_s": 540, "concurrency": 2, "concurrency_slowdown": 0.2, "target_s": 45},
        "email": {"handle_time_s": 420, "target_s": 28800},
        "messaging": {"handle_time_s": 300, "target_s": 3600},
    }
    return planning.Scenario(
        markets=markets, sites=sites, channels=channels, time_zone="UTC", interval_s=900,
        pool_markets=shared_queues, pooling="fallback" if shared_queues else "none",
    )


def _timed(fn: Any, repeats: int) -> tuple[float, Any]:
    fn()  # warm-up (compiles or loads the kernels, fills the calendar caches)
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def _cli_seconds(cache_dir: str | None, repeats: int) -> float:
    env = dict(os.environ)
    if cache_dir is not None:
        env["NUMBA_CACHE_DIR"] = cache_dir
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cultureservice", "plan", "--start", "2026-06-01"], check=True,
                       capture_output=True, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str]) -> None:
    from cultureservice import planning

    repeats = 1 if "--quick" in argv else 3
    rows = []
    stages = []
    for label, shared in (("year, 50 markets x 4 channels, a queue per market", False),
                          ("year, 50 markets, shared language queues + fallback pooling", True)):
        scenario = year_scenario(shared_queues=shared)
        seconds, result = _timed(lambda s=scenario: planning.plan(s, start="2026-01-05", days=365), repeats)
        rows.append((label, result.agents.size, seconds, ""))
        stages.append((label, dict(result.stage_seconds)))
        del result
    default = planning.default_scenario()
    seconds, result = _timed(lambda: planning.plan(default, start="2026-06-01", days=7), max(repeats, 5))
    rows.append(("shipped scenario, one week, in process", result.agents.size, seconds, ""))
    stages.append(("shipped scenario, one week", dict(result.stage_seconds)))
    warm_cli = _cli_seconds(None, repeats)
    with tempfile.TemporaryDirectory() as empty:
        cold_cli = _cli_seconds(empty, 1)
    rows.append(("`cultureservice plan`, fresh process, numba cache filled / empty", result.agents.size, warm_cli,
                 f"{cold_cli:.2f} s"))

    print("| case | queue-intervals | ours (median) | ours, empty numba cache |")
    print("|---|---:|---:|---:|")
    for label, size, seconds, cold in rows:
        print(f"| {label} | {size:,} | {seconds:.2f} s | {cold or '—'} |")
    print()
    names = list(stages[0][1])
    print("| case | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for label, laps in stages:
        total = sum(laps.values())
        print(f"| {label} | " + " | ".join(f"{laps[n] / total:.0%} ({laps[n]:.2f} s)" for n in names) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
