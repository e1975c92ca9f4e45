"""Benchmark of cultureservice.sim: throughput, peers, multi-skill day, cores, compile time.

Run ``python benchmarks/bench_sim.py`` (``--quick`` for a short smoke run). It
prints a Markdown table:

* the M/M/n+M scenario (100 arrivals/min, 3 min handle time, 320 agents,
  2 min patience, 10 simulated hours) in cultureservice.sim (replications in
  parallel, on 1 and on all cores), in SimPy and in Ciw; the peers run a
  shorter horizon and their time is extrapolated linearly to 10 hours (their
  cost per customer is constant in steady state);
* a 20-queue multi-skill day (5 languages x phone, chat, e-mail, messaging;
  96 intervals of 15 minutes; 7 agent groups) with 100 replications;
* the first call's time in a fresh process with an empty, then a filled
  ``NUMBA_CACHE_DIR`` (cold and warm compile cache).

SimPy and Ciw are optional: ``pip install simpy ciw``.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

import numba
import numpy as np

from cultureservice import sim

RATE_PER_HOUR = 6000.0  # 100 arrivals per minute
HANDLE_S = 180.0
PATIENCE_S = 120.0
AGENTS = 320
TARGET_S = 20.0
HOURS = 10.0


def _median_time(fn: Any, repeats: int) -> tuple[float, Any]:
    times = []
    out = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


# ---------------------------------------------------------------- ours


def ours_single_queue(replications: int, hours: float, threads: int, repeats: int) -> tuple[float, int]:
    """Median wall time and simulated customers of ``replications`` replications."""
    before = numba.get_num_threads()
    numba.set_num_threads(threads)
    try:
        sim.simulate_single_queue(RATE_PER_HOUR, HANDLE_S, PATIENCE_S, AGENTS, TARGET_S, hours=0.1,
                                  warmup_hours=0.0, replications=2, seed=0)  # compile / load
        wall, result = _median_time(
            lambda: sim.simulate_single_queue(RATE_PER_HOUR, HANDLE_S, PATIENCE_S, AGENTS, TARGET_S, hours=hours,
                                              warmup_hours=0.0, replications=replications, seed=1),
            repeats,
        )
    finally:
        numba.set_num_threads(before)
    return wall, int(result.customers)


def multi_skill_day() -> sim.Scenario:
    """5 languages x 4 channels, 96 quarter hours, per-language and shared groups."""
    languages = {"de": 1.0, "fr": 0.7, "es": 0.6, "it": 0.5, "nl": 0.3}
    hour = (np.arange(96) + 0.5) / 4.0
    profile = np.exp(-0.5 * ((hour - 13.0) / 3.5) ** 2) + 0.05  # daytime bell, a little at night
    channels = {
        # channel: (peak arrivals per hour for weight 1, mean handle s, patience s, target s)
        "phone": (420.0, 300.0, 180.0, 20.0),
        "chat": (240.0, 480.0, 300.0, 60.0),
        "email": (120.0, 420.0, math.inf, 4 * 3600.0),
        "messaging": (90.0, 240.0, math.inf, 3600.0),
    }
    queues = []
    for lang, weight in languages.items():
        for channel, (peak, handle, patience, target) in channels.items():
            kwargs: dict[str, Any] = {}
            if channel == "chat":
                kwargs = {"concurrency": 3, "concurrency_slowdown": 0.25, "handle_time_distribution": "lognormal",
                          "handle_time_cv": 0.8}
            queues.append(sim.ContactQueue(
                name=f"{lang}_{channel}", channel=channel, arrival_rate_per_hour=np.round(peak * weight * profile, 3),
                handle_time_s=handle, patience_s=patience, target_s=target,
                priority=1 if channel == "phone" else 0, **kwargs))

    def load(names: list[str]) -> np.ndarray:
        total = np.zeros(96)
        for q in queues:
            if q.name in names:
                factor = 1.0 / (q.concurrency * 0.8) if q.channel == "chat" else 1.0
                total += np.asarray(q.arrival_rate_per_hour) * q.mean_handle_time_s / 3600.0 * factor
        return total

    groups = []
    for lang in languages:
        skills = [f"{lang}_phone", f"{lang}_chat", f"{lang}_messaging"]
        agents = np.ceil(load(skills) * 1.08 + 2).astype(int)
        groups.append(sim.AgentGroup(name=f"{lang}_live", skills=skills, agents=agents))
    back = [f"{lang}_email" for lang in languages] + [f"{lang}_messaging" for lang in languages]
    groups.append(sim.AgentGroup(name="back_office", skills=back, agents=np.ceil(load(back) * 0.9 + 1).astype(int)))
    poly = ["de_phone", "nl_phone", "de_chat", "nl_chat"]
    groups.append(sim.AgentGroup(name="de_nl_flex", skills=poly, agents=np.where((hour > 8) & (hour < 20), 6, 1)))
    return sim.Scenario(queues=queues, groups=groups, interval_s=900.0)


def ours_day(replications: int, threads: int, repeats: int) -> tuple[float, int, sim.SimulationResult]:
    scenario = multi_skill_day()
    before = numba.get_num_threads()
    numba.set_num_threads(threads)
    try:
        sim.simulate(scenario, replications=2, seed=0)
        wall, result = _median_time(lambda: sim.simulate(scenario, replications=replications, seed=1), repeats)
    finally:
        numba.set_num_threads(before)
    return wall, int(result.contacts), result


def first_call_time(cache_dir: str) -> float:
    """Seconds from interpreter start-up of the import to the first result, in a fresh process."""
    code = (
        "import time; t0 = time.perf_counter()\n"
        "from cultureservice.sim import simulate_single_queue\n"
        "simulate_single_queue(600.0, 180.0, 120.0, 35, 20.0, hours=1.0, replications=2, seed=1)\n"
        "print(time.perf_counter() - t0)\n"
    )
    env = {**os.environ, "NUMBA_CACHE_DIR": cache_dir}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- peers


def simpy_single_queue(hours: float, seed: int) -> tuple[float, int]:
    import simpy

    rng = random.Random(seed)
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=AGENTS)
    counts = {"offered": 0, "answered": 0, "abandoned": 0}

    def customer(env: Any) -> Any:
        with agents.request() as request:
            patience = env.timeout(rng.expovariate(1.0 / PATIENCE_S))
            outcome = yield request | patience
            if request in outcome:
                counts["answered"] += 1
                yield env.timeout(rng.expovariate(1.0 / HANDLE_S))
            else:
                counts["abandoned"] += 1

    def source(env: Any) -> Any:
        rate = RATE_PER_HOUR / 3600.0
        while True:
            yield env.timeout(rng.expovariate(rate))
            counts["offered"] += 1
            env.process(customer(env))

    env.process(source(env))
    t0 = time.perf_counter()
    env.run(until=hours * 3600.0)
    return time.perf_counter() - t0, counts["offered"]


def ciw_single_queue(hours: float, seed: int) -> tuple[float, int]:
    import ciw

    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=RATE_PER_HOUR / 3600.0)],
        service_distributions=[ciw.dists.Exponential(rate=1.0 / HANDLE_S)],
        number_of_servers=[AGENTS],
        reneging_time_distributions=[ciw.dists.Exponential(rate=1.0 / PATIENCE_S)],
    )
    ciw.seed(seed)
    t0 = time.perf_counter()
    q = ciw.Simulation(network)
    q.simulate_until_max_time(hours * 3600.0)
    wall = time.perf_counter() - t0
    records = q.get_all_records()
    waiting = len(q.nodes[1].all_individuals) if len(q.nodes) > 1 else 0
    return wall, len(records) + waiting


# ---------------------------------------------------------------- table


def _fmt_rate(x: float) -> str:
    return f"{x:,.0f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short run (smoke test)")
    args = parser.parse_args(argv)
    quick = args.quick
    repeats = 1 if quick else 3
    cores = numba.config.NUMBA_NUM_THREADS
    reps_single = 4 if quick else 40
    hours_single = 1.0 if quick else HOURS
    peer_hours = 0.1 if quick else 1.0
    reps_day = 10 if quick else 100

    rows: list[tuple[str, str, str, str, str, str]] = []

    # compile cache first, in fresh processes
    with tempfile.TemporaryDirectory() as cache:
        cold = first_call_time(cache)
        warm = first_call_time(cache)

    wall1, cust1 = ours_single_queue(reps_single, hours_single, 1, repeats)
    wall_n, cust_n = ours_single_queue(reps_single, hours_single, cores, repeats)
    rate1, rate_n = cust1 / wall1, cust_n / wall_n
    per_rep_hours = hours_single

    peers: dict[str, float] = {}
    for name, fn in (("SimPy", simpy_single_queue), ("Ciw", ciw_single_queue)):
        try:
            wall, customers = fn(peer_hours, 1)
        except ImportError:
            continue
        peers[name] = customers / wall
        extrapolated = wall * HOURS / peer_hours
        rows.append((
            f"M/M/n+M, {name} (1 core)",
            f"{peer_hours:g} h run, {customers:,} customers",
            f"{_fmt_rate(peers[name])} customers/s",
            f"{extrapolated:.1f} s for 10 h (extrapolated)",
            "",
            "",
        ))

    def ratio(rate: float) -> str:
        return ", ".join(f"{rate / peers[p]:,.0f}x {p}" for p in peers) or "peers not installed"

    size = f"{reps_single} x {per_rep_hours:g} h, {cust1:,} customers"
    rows.insert(0, (
        "M/M/n+M, cultureservice.sim, 1 core",
        size,
        f"{_fmt_rate(rate1)} customers/s ({wall1:.2f} s)",
        f"{wall1 / reps_single * HOURS / per_rep_hours:.3f} s per 10 h replication",
        ratio(rate1),
        f"{cold:.1f} s cold / {warm:.2f} s warm",
    ))
    rows.insert(1, (
        f"M/M/n+M, cultureservice.sim, {cores} cores",
        size,
        f"{_fmt_rate(rate_n)} customers/s ({wall_n:.2f} s)",
        f"speed-up {wall1 / wall_n:.2f}x over 1 core",
        ratio(rate_n),
        "",
    ))

    wall_d1, contacts_d, result = ours_day(reps_day, 1, 1)
    wall_dn, _, _ = ours_day(reps_day, cores, repeats)
    rows.append((
        "20-queue multi-skill day, 1 core",
        f"96 x 15 min, {reps_day} replications, {contacts_d:,} contacts",
        f"{wall_d1:.2f} s ({_fmt_rate(contacts_d / wall_d1)} contacts/s)",
        "",
        "",
        "",
    ))
    rows.append((
        f"20-queue multi-skill day, {cores} cores",
        f"96 x 15 min, {reps_day} replications",
        f"{wall_dn:.2f} s ({_fmt_rate(contacts_d / wall_dn)} contacts/s)",
        f"speed-up {wall_d1 / wall_dn:.2f}x over 1 core",
        "target < 30 s",
        "",
    ))

    print("| case | size | ours (median of %d) | detail | ratio to peers | first call (cold / warm cache) |" % repeats)
    print("|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    sl = result.total.service_level
    print()
    print(f"Multi-skill day, service level per queue (mean ± s.e., {reps_day} replications):")
    print(", ".join(f"{n} {m:.3f}±{s:.3f}" for n, m, s in zip(result.queue_names, sl.mean, sl.standard_error)))


if __name__ == "__main__":
    main()
