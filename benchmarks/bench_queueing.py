"""Benchmark: staffing a million intervals with Erlang C and Erlang A.

Data (same for every library, one run): 1,000,000 intervals of 30 minutes with
10-2000 calls (uniform) and a mean handle time of 180-600 s (uniform); target
80 % answered within 20 s; Erlang A with a mean patience of 120 s.

Peers, timed in the same run on a subset and extrapolated (the table says so):

* pyworkforce ``ErlangC(...).required_positions`` and ``ErlangA(...).required_positions``;
* call-center-tools ``calc_staffing`` (with ``max_occupancy=1`` so that it
  staffs for the service level alone, like the others).

Every subset interval is compared with ours; where a peer disagrees, the
40-digit mpmath oracle of the test suite decides which answer is the smallest
staffing that meets the target. Also reported: the cold start of a fresh
process, from interpreter start to the first staffing result, with an empty
and with a filled numba cache.

Run ``python benchmarks/bench_queueing.py`` (``--help`` for sizes). Peers that
are not installed are skipped: ``pip install call-center-tools joblib ortools``
and ``pip install pyworkforce==0.5.4 --ignore-requires-python --no-deps``.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

from cultureservice.queueing import erlang_a, required_agents

SEED = 20261123
INTERVAL_S = 1800.0
TARGET_S = 20.0
SERVICE_LEVEL = 0.8
PATIENCE_S = 120.0


def make_data(n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    calls = rng.uniform(10.0, 2000.0, n)
    handle_s = rng.uniform(180.0, 600.0, n)
    return calls * 3600.0 / INTERVAL_S, handle_s


def median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def cold_start(cache_dir: str) -> float:
    code = (
        "from cultureservice.queueing import required_agents; "
        "required_agents([240.0, 720.0], 300.0, 20.0, 0.8); "
        "required_agents([240.0, 720.0], 300.0, 20.0, 0.8, patience_s=120.0)"
    )
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    return time.perf_counter() - start


def meets(lam: float, h: float, n: int, patience: float) -> bool:
    """The test suite's mpmath oracle decides (tests/oracles.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import mpmath as mp
    from oracles import erlang_a_chain, erlang_c_mp

    if n <= 0:
        return False
    if patience == math.inf:
        a = lam * h / 3600.0
        if n <= a:
            return False
        c = erlang_c_mp(a, n)
        return bool(1 - c * mp.e ** (-(n - a) * TARGET_S / h) >= SERVICE_LEVEL)
    return bool(erlang_a_chain(lam, h, patience, n, TARGET_S, dps=20)["service_level"] >= SERVICE_LEVEL)


def adjudicate(lam: float, h: float, ours: int, peer: int, patience: float) -> str:
    """Which answer is the minimal staffing, by the oracle."""
    ours_ok = meets(lam, h, ours, patience) and not meets(lam, h, ours - 1, patience)
    return "ours minimal" if ours_ok else f"ours not minimal (peer {peer})"


def peer_pyworkforce_c(lam: np.ndarray, h: np.ndarray) -> list[int]:
    from pyworkforce.queuing import ErlangC

    out = []
    for rate, aht in zip(lam, h):
        e = ErlangC(transactions=rate * INTERVAL_S / 3600.0, aht=aht, asa=TARGET_S, interval=INTERVAL_S)
        out.append(int(e.required_positions(service_level=SERVICE_LEVEL)["raw_positions"]))
    return out


def peer_pyworkforce_a(lam: np.ndarray, h: np.ndarray) -> list[int]:
    from pyworkforce.queuing import ErlangA

    out = []
    for rate, aht in zip(lam, h):
        e = ErlangA(
            transactions=rate * INTERVAL_S / 3600.0, aht=aht, asa=TARGET_S, interval=INTERVAL_S, patience=PATIENCE_S
        )
        out.append(int(e.required_positions(service_level=SERVICE_LEVEL)["raw_positions"]))
    return out


def peer_call_center_tools(lam: np.ndarray, h: np.ndarray) -> list[int]:
    from call_center_tools.staffing import calc_staffing

    return [
        int(
            calc_staffing(
                rate, aht, max_occupancy=1.0, target_answer_time=TARGET_S, target_service_level=SERVICE_LEVEL
            ).agents
        )
        for rate, aht in zip(lam, h)
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--intervals", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--subset-c", type=int, default=2000, help="intervals timed for the Erlang C peers")
    parser.add_argument("--subset-a", type=int, default=10, help="intervals timed for pyworkforce's ErlangA")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-start measurements")
    args = parser.parse_args(argv)

    lam, h = make_data(args.intervals)
    n = args.intervals
    # warm up (compiles or loads the cache)
    required_agents(lam[:10], h[:10], TARGET_S, SERVICE_LEVEL)
    required_agents(lam[:10], h[:10], TARGET_S, SERVICE_LEVEL, patience_s=PATIENCE_S)

    t_c, ours_c = median_time(lambda: required_agents(lam, h, TARGET_S, SERVICE_LEVEL), args.repeat)
    t_a, ours_a = median_time(
        lambda: required_agents(lam, h, TARGET_S, SERVICE_LEVEL, patience_s=PATIENCE_S), max(1, args.repeat // 2)
    )
    perf = erlang_a(lam, h, PATIENCE_S, ours_a, TARGET_S)
    assert bool((perf.service_level >= SERVICE_LEVEL).all())

    rows: list[tuple[str, str, str, str, str, str]] = []
    rows.append(("Erlang C staffing, ours", f"{n:,}", f"{t_c:.3f} s", f"{n / t_c:,.0f}/s", "", "all intervals"))
    rows.append(("Erlang A staffing, ours", f"{n:,}", f"{t_a:.3f} s", f"{n / t_a:,.0f}/s", "", "all intervals"))

    notes: list[str] = []
    peers_c: list[tuple[str, Callable[[np.ndarray, np.ndarray], list[int]]]] = [
        ("Erlang C staffing, call-center-tools calc_staffing", peer_call_center_tools),
        ("Erlang C staffing, pyworkforce ErlangC", peer_pyworkforce_c),
    ]
    for label, peer in peers_c:
        k = args.subset_c
        try:
            start = time.perf_counter()
            theirs = peer(lam[:k], h[:k])
            dt = time.perf_counter() - start
        except ImportError as exc:
            rows.append((label, "-", "-", "-", "-", f"not installed ({exc.name})"))
            continue
        rate = k / dt
        diff = [i for i in range(k) if theirs[i] != int(ours_c[i])]
        verdicts = [adjudicate(lam[i], h[i], int(ours_c[i]), theirs[i], math.inf) for i in diff[:20]]
        rows.append(
            (
                label,
                f"{k:,} (extrapolated)",
                f"{dt * n / k:,.0f} s for {n:,}",
                f"{rate:,.0f}/s",
                f"{(n / t_c) / rate:,.0f}x",
                f"agrees on {k - len(diff)}/{k}",
            )
        )
        if diff:
            notes.append(f"{label}: {len(diff)} disagreements; oracle on the first {len(verdicts)}: {sorted(set(verdicts))}")

    k = args.subset_a
    try:
        start = time.perf_counter()
        theirs = peer_pyworkforce_a(lam[:k], h[:k])
        dt = time.perf_counter() - start
        rate = k / dt
        diff = [i for i in range(k) if theirs[i] != int(ours_a[i])]
        verdicts = [adjudicate(lam[i], h[i], int(ours_a[i]), theirs[i], PATIENCE_S) for i in diff]
        rows.append(
            (
                "Erlang A staffing, pyworkforce ErlangA",
                f"{k:,} (extrapolated)",
                f"{dt * n / k:,.0f} s for {n:,}",
                f"{rate:,.1f}/s",
                f"{(n / t_a) / rate:,.0f}x",
                f"agrees on {k - len(diff)}/{k}",
            )
        )
        if diff:
            notes.append(
                f"pyworkforce ErlangA: {len(diff)} disagreements "
                f"(peer minus ours: {sorted(theirs[i] - int(ours_a[i]) for i in diff)}); oracle: {sorted(set(verdicts))}"
            )
    except ImportError as exc:
        rows.append(("Erlang A staffing, pyworkforce ErlangA", "-", "-", "-", "-", f"not installed ({exc.name})"))

    if not args.no_cold:
        with tempfile.TemporaryDirectory() as cache:
            cold = cold_start(cache)
            warm = statistics.median(cold_start(cache) for _ in range(3))
        rows.append(("cold start to first staffing, empty numba cache", "1", f"{cold:.2f} s", "", "", "fresh process"))
        rows.append(("cold start to first staffing, warm numba cache", "1", f"{warm:.2f} s", "", "", "fresh process"))

    print(f"Staffing benchmark: {n:,} intervals of 30 min, 10-2000 calls, AHT 180-600 s, 80 % in 20 s; "
          f"Erlang A patience {PATIENCE_S:g} s; {os.cpu_count()} cores\n")
    header = ("case", "size", "time", "rate", "ours / peer", "note")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    for note in notes:
        print(f"\n- {note}")


if __name__ == "__main__":
    main()
