"""Benchmark: business time on a Berlin desk, against workclock and businesstimedelta.

Same data for every library, one run: Europe/Berlin, Monday-Friday
09:00-17:00, German (national) public holidays 2024-2027 as an explicit list.

* (a) ``tickets``: 1,000,000 pairs, start uniform over 2025-2026, duration
  log-uniform between 1 minute and 30 days;
* (b) ``uniform``: 1,000,000 pairs, both ends uniform over 2025-2026 (about
  half of them end before they start: signed results);
* (c) ``add 8 h``: 8 business hours added to 1,000,000 starts.

Peers: workclock's batch API (``between_many`` / ``add_many`` on NumPy
arrays) on the full data, and businesstimedelta timed on a subset and
extrapolated (it needs about a millisecond per ticket). workclock's results
are compared with ours on every pair. Also reported: compiling a 10-year
timeline and the cold start of a fresh process with an empty and a filled
``NUMBA_CACHE_DIR``.

Run ``python benchmarks/bench_calendar.py`` (``--help`` for sizes). Prints a
Markdown table. Peers that are not installed are skipped
(``pip install workclock businesstimedelta``).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date, datetime, time as wall_time, timedelta, timezone
from typing import Any, Callable

import numpy as np

SEED = 20260101
YEAR_2025 = np.datetime64("2025-01-01T00:00:00", "s")
YEAR_2027 = np.datetime64("2027-01-01T00:00:00", "s")
ZONE = "Europe/Berlin"


def german_holidays() -> list[date]:
    import holidays

    return sorted(holidays.country_holidays("DE", years=range(2024, 2028)))


def make_data(pairs: int) -> dict[str, np.ndarray]:
    """Instants in whole seconds (workclock refuses digits below a microsecond)."""
    rng = np.random.default_rng(SEED)
    span = int((YEAR_2027 - YEAR_2025).astype(np.int64))
    starts = YEAR_2025 + rng.integers(0, span, pairs).astype("m8[s]")
    duration_s = np.rint(np.exp(rng.uniform(np.log(60.0), np.log(30 * 86400.0), pairs))).astype(np.int64)
    ends = starts + duration_s.astype("m8[s]")
    uniform_starts = YEAR_2025 + rng.integers(0, span, pairs).astype("m8[s]")
    uniform_ends = YEAR_2025 + rng.integers(0, span, pairs).astype("m8[s]")
    return {"starts": starts, "ends": ends, "uniform_starts": uniform_starts, "uniform_ends": uniform_ends}


def timed(function: Callable[[], Any], repeat: int, budget_s: float = 30.0) -> tuple[float, Any]:
    """Median wall time of up to ``repeat`` calls (fewer once ``budget_s`` is spent) and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - t0)
        if sum(times) > budget_s:
            break
    return statistics.median(times), result


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds >= 1.0:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def fmt_rate(count: int, seconds: float | None) -> str:
    if not seconds:
        return "–"
    rate = count / seconds
    if rate >= 1e6:
        return f"{rate / 1e6:.1f} M/s"
    if rate >= 1e3:
        return f"{rate / 1e3:.1f} k/s"
    return f"{rate:.0f} /s"


COLD_SCRIPT = textwrap.dedent(
    """
    import time
    t0 = time.perf_counter()
    import numpy as np
    from cultureservice.calendar import BusinessCalendar, business_seconds, add_business_seconds
    cal = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"mon-fri": [("09:00", "17:00")]})
    s = np.datetime64("2025-01-01T00:00", "ns") + np.arange(1000) * np.timedelta64(3, "h")
    business_seconds(cal, s, s[::-1])
    add_business_seconds(cal, s, 8 * 3600.0)
    print(time.perf_counter() - t0)
    """
)


def cold_start() -> tuple[float, float, float, float]:
    """(first call in process, whole process) with an empty, then a filled NUMBA_CACHE_DIR."""
    results = []
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        for _ in range(2):
            t0 = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", COLD_SCRIPT], env=env, check=True, capture_output=True, text=True)
            whole = time.perf_counter() - t0
            results.extend([float(out.stdout.strip().splitlines()[-1]), whole])
    return results[0], results[1], results[2], results[3]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1_000_000, help="pairs per case (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=7, help="timed repetitions of our calls (median)")
    parser.add_argument("--peer-repeat", type=int, default=3, help="timed repetitions of workclock's calls")
    parser.add_argument("--btd-tickets", type=int, default=500, help="businesstimedelta subset, tickets and add")
    parser.add_argument("--btd-uniform", type=int, default=60, help="businesstimedelta subset, uniform pairs")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-start subprocesses")
    args = parser.parse_args(argv)

    import numba

    from cultureservice import calendar as cal_module
    from cultureservice.calendar import BusinessCalendar, add_business_seconds, business_seconds

    holiday_list = german_holidays()
    calendar = BusinessCalendar(time_zone=ZONE, weekly_hours={"mon-fri": [("09:00", "17:00")]}, holidays=holiday_list)
    data = make_data(args.pairs)
    n = args.pairs
    ns = {k: v.astype("M8[ns]") for k, v in data.items()}
    eight_hours_s = 8 * 3600.0

    # ours: warm up once on the full data (loads or compiles the kernels, compiles the timeline)
    business_seconds(calendar, ns["starts"], ns["ends"])
    business_seconds(calendar, ns["uniform_starts"], ns["uniform_ends"])
    add_business_seconds(calendar, ns["starts"], eight_hours_s)
    ours: dict[str, tuple[float, Any]] = {
        "tickets": timed(lambda: business_seconds(calendar, ns["starts"], ns["ends"]), args.repeat),
        "uniform": timed(lambda: business_seconds(calendar, ns["uniform_starts"], ns["uniform_ends"]), args.repeat),
        "add": timed(lambda: add_business_seconds(calendar, ns["starts"], eight_hours_s), args.repeat),
    }

    rows = []
    notes = []

    # workclock
    wc: dict[str, tuple[float, Any]] = {}
    agreement: dict[str, str] = {}
    try:
        import workclock

        schedule = workclock.Schedule(
            [workclock.WorkDay(wall_time(9), wall_time(17)), workclock.Holidays(holiday_list)], time_zone=ZONE
        )
        us = {k: v.astype("M8[us]") for k, v in data.items()}
        schedule.between_many(us["starts"][:10], us["ends"][:10])
        wc["tickets"] = timed(lambda: schedule.between_many(us["starts"], us["ends"]), args.peer_repeat)
        wc["uniform"] = timed(lambda: schedule.between_many(us["uniform_starts"], us["uniform_ends"]), args.peer_repeat)
        wc["add"] = timed(lambda: schedule.add_many(us["starts"], np.timedelta64(8, "h")), args.peer_repeat)
        for case in ("tickets", "uniform"):
            theirs_us = wc[case][1].astype(np.int64)
            ours_us = np.rint(ours[case][1] * 1e6).astype(np.int64)
            same = int((theirs_us == ours_us).sum())
            agreement[case] = f"{same:,} / {n:,}"
        same = int((wc["add"][1].astype("M8[ns]") == ours["add"][1]).sum())
        agreement["add"] = f"{same:,} / {n:,}"
        wc_version = workclock.__version__ if hasattr(workclock, "__version__") else _version("workclock")
        notes.append(f"workclock {wc_version}: batch API on NumPy arrays (datetime64[us]), full data.")
    except ImportError:
        notes.append("workclock not installed: skipped.")

    # businesstimedelta: a subset, extrapolated
    btd: dict[str, float] = {}
    try:
        import businesstimedelta as bt
        import pytz

        berlin = pytz.timezone(ZONE)
        rule = bt.Rules(
            [bt.WorkDayRule(start_time=wall_time(9), end_time=wall_time(17), working_days=[0, 1, 2, 3, 4], tz=berlin),
             bt.HolidayRule(holiday_list, tz=berlin)]
        )

        def aware(values: np.ndarray) -> list[datetime]:
            return [datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=int(v)) for v in values.astype(np.int64)]

        for case, (a_key, b_key), size in (
            ("tickets", ("starts", "ends"), args.btd_tickets),
            ("uniform", ("uniform_starts", "uniform_ends"), args.btd_uniform),
        ):
            a, b = aware(data[a_key][:size]), aware(data[b_key][:size])
            t0 = time.perf_counter()
            for x, y in zip(a, b):
                rule.difference(x, y)
            btd[case] = (time.perf_counter() - t0) / size * n
        a = aware(data["starts"][: args.btd_tickets])
        delta = bt.BusinessTimeDelta(rule, hours=8)
        t0 = time.perf_counter()
        for x in a:
            x + delta
        btd["add"] = (time.perf_counter() - t0) / args.btd_tickets * n
        notes.append(
            f"businesstimedelta {_version('businesstimedelta')}: timed on the first {args.btd_tickets:,} tickets / "
            f"{args.btd_uniform:,} uniform pairs / {args.btd_tickets:,} adds and extrapolated to {n:,}."
        )
    except ImportError:
        notes.append("businesstimedelta not installed: skipped.")

    labels = {
        "tickets": "(a) tickets: business_seconds",
        "uniform": "(b) uniform: business_seconds",
        "add": "(c) add 8 h: add_business_seconds",
    }
    for case in ("tickets", "uniform", "add"):
        ours_s = ours[case][0]
        wc_s = wc[case][0] if case in wc else None
        btd_s = btd.get(case)
        rows.append(
            [
                labels[case],
                f"{n:,}",
                f"{fmt_time(ours_s)} ({fmt_rate(n, ours_s)})",
                f"{fmt_time(wc_s)} ({fmt_rate(n, wc_s)})" if wc_s else "–",
                f"{wc_s / ours_s:.0f}×" if wc_s else "–",
                f"≈{fmt_time(btd_s)} (extrapolated)" if btd_s else "–",
                f"{btd_s / ours_s:,.0f}×" if btd_s else "–",
                agreement.get(case, "–"),
            ]
        )

    # compiling a 10-year timeline (no kernels involved), median of 5
    compile_s, timeline = timed(lambda: cal_module._compile(calendar, 2025, 2035), 5)
    rows.append(
        ["compile a 10-year timeline (2025–2034)", f"{timeline.opens.shape[0] - 1:,} intervals", fmt_time(compile_s),
         "–", "–", "–", "–", "–"]
    )
    if not args.no_cold:
        empty_first, empty_whole, filled_first, filled_whole = cold_start()
        rows.append(["cold start, empty NUMBA_CACHE_DIR: import + first calls", "1,000",
                     f"{fmt_time(empty_first)} (process {fmt_time(empty_whole)})", "–", "–", "–", "–", "–"])
        rows.append(["cold start, filled NUMBA_CACHE_DIR: import + first calls", "1,000",
                     f"{fmt_time(filled_first)} (process {fmt_time(filled_whole)})", "–", "–", "–", "–", "–"])

    header = ["case", "size", f"cultureservice warm (median of {args.repeat})",
              f"workclock batch (median of ≤{args.peer_repeat})", "ratio",
              "businesstimedelta", "ratio", "same result as workclock"]
    print(f"### Business calendars ({platform.machine()}, {os.cpu_count()} cores, numba {numba.__version__}, "
          f"{numba.config.NUMBA_NUM_THREADS} threads, Python {platform.python_version()})")
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    for note in notes:
        print(f"- {note}")
    print("- Calendar: Europe/Berlin, Mon–Fri 09:00–17:00, German national holidays 2024–2027 (explicit list).")
    print("- Cold start: a fresh `python -c` that imports cultureservice.calendar and calls business_seconds and "
          "add_business_seconds on 1,000 instants; first figure measured inside the process.")


def _version(name: str) -> str:
    from importlib.metadata import version

    try:
        return version(name)
    except Exception:  # pragma: no cover - metadata missing
        return "?"


if __name__ == "__main__":
    main()
