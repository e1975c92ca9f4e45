"""Tests of cultureservice.sim and its discrete-event kernel.

Oracles: tests/oracles_sim.py (Erlang C sums, the Erlang A birth-death chain,
the FCFS next-free-time recursion); hand-made contact sequences whose outcomes
follow from the routing rules by hand; sample-path identities (conservation,
Little's law) that hold exactly in every replication.
"""

from __future__ import annotations

import math

import numba
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cultureservice import sim
from cultureservice._kernels import des
from cultureservice.errors import InvalidArgumentError
from cultureservice.queueing import erlang_a
from oracles_sim import erlang_a_chain, erlang_c_exact, fcfs_next_free

INF = math.inf


# ---------------------------------------------------------------- kernel harness


def run_kernel(
    contacts,
    *,
    queues,
    skills,
    staffing,
    interval_end_s,
    quantiles=(),
    kernel=des.simulate_contacts,
):
    """Run the one-replication kernel on explicit contacts.

    contacts: list of (arrival_s, queue, handle_s, patience_s) in arrival order;
    queues: list of dicts with kind, concurrency, slowdown, priority, target;
    skills: per group, queue ids in priority order; staffing: (G, I).
    """
    arr = np.array([c[0] for c in contacts], dtype=np.float64)
    que = np.array([c[1] for c in contacts], dtype=np.int64)
    han = np.array([c[2] for c in contacts], dtype=np.float64)
    pat = np.array([c[3] for c in contacts], dtype=np.float64)
    n_q, n_g = len(queues), len(skills)
    ends = np.asarray(interval_end_s, dtype=np.float64)
    staffing = np.asarray(staffing, dtype=np.int64).reshape(n_g, ends.shape[0])
    group_skills = np.full((n_g, max(len(s) for s in skills)), -1, np.int64)
    for g, s in enumerate(skills):
        group_skills[g, : len(s)] = s
    queue_groups = np.full((n_q, n_g), -1, np.int64)
    for q in range(n_q):
        order = sorted((s.index(q), g) for g, s in enumerate(skills) if q in s)
        queue_groups[q, : len(order)] = [g for _, g in order]
    n = arr.shape[0]
    out = {
        "queue_stats": np.zeros((n_q, ends.shape[0], des.N_QUEUE_STATS)),
        "group_stats": np.zeros((n_g, ends.shape[0], 2)),
        "wait_quantiles": np.zeros((n_q, ends.shape[0] + 1, len(quantiles))),
        "wait": np.zeros(n),
        "status": np.zeros(n, np.int8),
        "agent": np.zeros(n, np.int64),
        "end": np.zeros(n),
    }
    kernel(
        arr,
        que,
        han,
        pat,
        ends,
        staffing,
        group_skills,
        queue_groups,
        np.array([q.get("kind", des.PHONE) for q in queues], np.int64),
        np.array([q.get("concurrency", 1) for q in queues], np.int64),
        np.array([q.get("slowdown", 0.0) for q in queues], np.float64),
        np.array([q.get("priority", 0) for q in queues], np.int64),
        np.array([q.get("target", 20.0) for q in queues], np.float64),
        np.array(quantiles, dtype=np.float64),
        0,
        out["queue_stats"],
        out["group_stats"],
        out["wait_quantiles"],
        out["wait"],
        out["status"],
        out["agent"],
        out["end"],
    )
    return out


PHONE = {"kind": des.PHONE}


# ---------------------------------------------------------------- FCFS oracle


@pytest.mark.parametrize("agents", [1, 3, 12])
@pytest.mark.parametrize("patience_mean_s", [INF, 60.0])
def test_single_queue_matches_next_free_time_recursion(agents, patience_mean_s):
    rng = np.random.default_rng(agents * 7 + int(patience_mean_s == INF))
    n = 3000
    lam = agents / 100.0 * 1.05  # slightly overloaded: long queues and abandonment
    arrival = np.cumsum(rng.exponential(1.0 / lam, n))
    handle = rng.exponential(100.0, n)
    patience = np.full(n, INF) if patience_mean_s == INF else rng.exponential(patience_mean_s, n)
    contacts = list(zip(arrival, np.zeros(n, int), handle, patience))
    out = run_kernel(contacts, queues=[PHONE], skills=[[0]], staffing=[[agents]], interval_end_s=[1e12])
    waits, served = fcfs_next_free(arrival, handle, patience, agents)
    assert np.array_equal(out["status"] == des.SERVED, served)
    np.testing.assert_allclose(out["wait"], waits, rtol=1e-9, atol=1e-6)
    assert (out["status"][~served] == des.ABANDONED).all()


def test_python_and_compiled_kernel_agree():
    rng = np.random.default_rng(5)
    n = 200
    arrival = np.cumsum(rng.exponential(10.0, n))
    columns = zip(arrival, rng.integers(0, 3, n), rng.exponential(40.0, n), rng.exponential(60.0, n))
    contacts = [(a, int(q), h, p) for a, q, h, p in columns]
    queues = [PHONE, {"kind": des.CHAT, "concurrency": 3, "slowdown": 0.2}, {"kind": des.DEFERRABLE, "target": 600.0}]
    kwargs = dict(queues=queues, skills=[[0, 1], [1, 2], [2, 0]], staffing=[[2, 1, 3], [1, 2, 0], [1, 1, 1]],
                  interval_end_s=[700.0, 1400.0, 2100.0], quantiles=(0.5, 0.9))
    fast = run_kernel(contacts, **kwargs)
    slow = run_kernel(contacts, kernel=des.simulate_contacts.py_func, **kwargs)
    for key in fast:
        np.testing.assert_allclose(fast[key], slow[key], rtol=1e-12, equal_nan=True)


# ---------------------------------------------------------------- hand-made sequences


def test_queue_priority_beats_longest_waiting():
    # one agent, queues 0 (priority 0) and 1 (priority 1)
    contacts = [(0.0, 0, 10.0, INF), (1.0, 0, 5.0, INF), (2.0, 1, 5.0, INF)]
    out = run_kernel(contacts, queues=[{"priority": 0}, {"priority": 1}], skills=[[0, 1]], staffing=[[1]],
                     interval_end_s=[100.0])
    # at t=10 the agent takes the priority contact (arrived at 2), then the older one
    np.testing.assert_allclose(out["wait"], [0.0, 14.0, 8.0])
    np.testing.assert_allclose(out["end"], [10.0, 20.0, 15.0])


def test_equal_priority_serves_longest_waiting_across_skills():
    contacts = [(0.0, 0, 10.0, INF), (1.0, 1, 5.0, INF), (2.0, 0, 5.0, INF)]
    out = run_kernel(contacts, queues=[PHONE, PHONE], skills=[[0, 1]], staffing=[[1]], interval_end_s=[100.0])
    np.testing.assert_allclose(out["wait"], [0.0, 9.0, 13.0])


def test_arrival_prefers_group_listing_the_queue_first():
    # group 0 lists queue 0 second, group 1 lists it first: group 1's agent answers
    contacts = [(1.0, 0, 5.0, INF)]
    out = run_kernel(contacts, queues=[PHONE, PHONE], skills=[[1, 0], [0, 1]], staffing=[[1], [1]],
                     interval_end_s=[100.0])
    assert out["agent"][0] == 1  # agent ids: group 0 holds id 0, group 1 holds id 1
    np.testing.assert_allclose(out["group_stats"][:, 0, des.G_BUSY], [0.0, 5.0])


def test_live_work_before_deferrable_even_with_higher_priority():
    # email has the higher priority, yet the waiting phone call goes first
    email = {"kind": des.DEFERRABLE, "priority": 9, "target": 3600.0}
    contacts = [(0.0, 0, 10.0, INF), (1.0, 1, 30.0, INF), (2.0, 0, 5.0, INF)]
    out = run_kernel(contacts, queues=[PHONE, email], skills=[[1, 0]], staffing=[[1]], interval_end_s=[100.0])
    np.testing.assert_allclose(out["wait"], [0.0, 14.0, 8.0])
    np.testing.assert_allclose(out["end"], [10.0, 45.0, 15.0])


def test_deferrable_served_when_no_live_contact_waits_and_not_preempted():
    email = {"kind": des.DEFERRABLE, "target": 20.0}
    # idle agent takes the email at once; the call arriving meanwhile waits for it
    contacts = [(0.0, 1, 30.0, INF), (5.0, 0, 10.0, INF), (6.0, 1, 30.0, INF)]
    out = run_kernel(contacts, queues=[PHONE, email], skills=[[0, 1]], staffing=[[1]], interval_end_s=[200.0])
    np.testing.assert_allclose(out["wait"], [0.0, 25.0, 34.0])
    # the second email waited 34 s > its 20 s response target: 1 of 2 within target
    qs = out["queue_stats"][1, 0]
    assert (qs[des.Q_OFFERED], qs[des.Q_WITHIN]) == (2.0, 1.0)


def test_deferrable_backlog_at_interval_ends():
    email = {"kind": des.DEFERRABLE, "target": 3600.0}
    contacts = [(1.0, 0, 50.0, INF), (2.0, 0, 50.0, INF), (3.0, 0, 50.0, INF), (4.0, 0, 50.0, INF)]
    out = run_kernel(contacts, queues=[email], skills=[[0]], staffing=[[1, 1, 1]],
                     interval_end_s=[10.0, 100.0, 120.0])
    # one in service from t=1; 3, then 2 (second done at 101), then 1 waiting (third started at 101)
    np.testing.assert_allclose(out["queue_stats"][0, :, des.Q_BACKLOG], [3.0, 2.0, 1.0])
    qs = out["queue_stats"][0, 0]
    assert (qs[des.Q_OFFERED], qs[des.Q_ANSWERED], qs[des.Q_WAITING_END]) == (4.0, 3.0, 1.0)


def test_chat_concurrency_and_slowdown():
    chat = {"kind": des.CHAT, "concurrency": 2, "slowdown": 0.5}
    contacts = [(0.0, 0, 10.0, INF), (1.0, 0, 10.0, INF), (2.0, 0, 10.0, INF), (30.0, 0, 10.0, INF)]
    out = run_kernel(contacts, queues=[chat], skills=[[0]], staffing=[[1]], interval_end_s=[100.0])
    # c0 alone: 10 s; c1 as 2nd chat: 15 s; c2 waits for c0 (t=10), held with c1: 15 s; c3 alone
    np.testing.assert_allclose(out["wait"], [0.0, 0.0, 8.0, 0.0])
    np.testing.assert_allclose(out["end"], [10.0, 16.0, 25.0, 40.0])
    # busy (holding >= 1 chat) from 0 to 25 and 30 to 40
    np.testing.assert_allclose(out["group_stats"][0, 0], [35.0, 100.0])


def test_chat_arrival_goes_to_least_loaded_agent():
    chat = {"kind": des.CHAT, "concurrency": 3}
    contacts = [(0.0, 0, 50.0, INF), (1.0, 0, 50.0, INF), (2.0, 0, 50.0, INF)]
    out = run_kernel(contacts, queues=[chat], skills=[[0]], staffing=[[2]], interval_end_s=[100.0])
    agents = out["agent"]
    assert agents[0] != agents[1]  # the second chat goes to the idle agent
    assert (out["wait"] == 0).all()
    # both hold one chat at t=2: the third goes to the one available last (from t=1)
    assert agents[2] == agents[1]
    np.testing.assert_allclose(out["group_stats"][0, 0, des.G_BUSY], 50.0 + 51.0)


def test_chat_agent_takes_no_phone_call():
    chat = {"kind": des.CHAT, "concurrency": 2}
    contacts = [(0.0, 1, 10.0, INF), (1.0, 0, 5.0, INF)]
    out = run_kernel(contacts, queues=[PHONE, chat], skills=[[0, 1]], staffing=[[1]], interval_end_s=[100.0])
    np.testing.assert_allclose(out["wait"], [0.0, 9.0])


def test_leaving_agent_finishes_contact_in_hand():
    # two agents until t=100, then one; both busy at the boundary
    contacts = [(0.0, 0, 150.0, INF), (10.0, 0, 120.0, INF), (110.0, 0, 10.0, INF)]
    out = run_kernel(contacts, queues=[PHONE], skills=[[0]], staffing=[[2, 1]], interval_end_s=[100.0, 200.0])
    # the agent marked leaving finishes its call at 130 and leaves; the third call
    # waits for the agent who stays (free at 150)
    np.testing.assert_allclose(out["end"], [150.0, 130.0, 160.0])
    np.testing.assert_allclose(out["wait"], [0.0, 0.0, 40.0])
    assert out["agent"][2] == out["agent"][0]
    # interval 1: present 2 agents until 130 then 1; busy 2 until 130, 1 until 160
    np.testing.assert_allclose(out["group_stats"][0, 1], [2 * 30 + 30, 2 * 30 + 70])
    np.testing.assert_allclose(out["group_stats"][0, 0], [100 + 90, 200.0])


def test_idle_agent_leaves_at_boundary_and_joining_agent_takes_waiting_contact():
    contacts = [(0.0, 0, 500.0, INF), (150.0, 0, 10.0, INF), (160.0, 0, 10.0, INF)]
    out = run_kernel(contacts, queues=[PHONE], skills=[[0]], staffing=[[2, 1, 2]],
                     interval_end_s=[100.0, 200.0, 300.0])
    # at 100 the idle agent leaves at once; contacts 1 and 2 wait; at 200 one agent joins
    np.testing.assert_allclose(out["wait"], [0.0, 50.0, 50.0])
    np.testing.assert_allclose(out["end"], [500.0, 210.0, 220.0])
    np.testing.assert_allclose(out["group_stats"][0, :, des.G_PRESENT], [200.0, 100.0, 200.0])


def test_leaving_agent_is_kept_when_staffing_rises_again():
    contacts = [(0.0, 0, 250.0, INF), (150.0, 0, 10.0, INF)]
    out = run_kernel(contacts, queues=[PHONE], skills=[[0]], staffing=[[1, 0, 1]],
                     interval_end_s=[100.0, 200.0, 300.0])
    # the agent would leave after its call, but staffing is back to 1 at 200: it stays
    np.testing.assert_allclose(out["wait"], [0.0, 100.0])
    np.testing.assert_allclose(out["group_stats"][0, :, des.G_PRESENT], [100.0, 100.0, 100.0])


def test_abandonment_and_lazy_cancellation():
    contacts = [(0.0, 0, 10.0, INF), (1.0, 0, 5.0, 4.0), (2.0, 0, 5.0, 100.0)]
    out = run_kernel(contacts, queues=[PHONE], skills=[[0]], staffing=[[1]], interval_end_s=[100.0])
    assert list(out["status"]) == [des.SERVED, des.ABANDONED, des.SERVED]
    np.testing.assert_allclose(out["wait"], [0.0, 4.0, 8.0])
    qs = out["queue_stats"][0, 0]
    assert qs[des.Q_ABANDONED] == 1.0 and qs[des.Q_QUEUED] == 2.0
    # Little's law on the path: area under the queue length = total time in queue
    assert qs[des.Q_QUEUE_AREA] == pytest.approx(qs[des.Q_WAIT_ALL])


def test_simultaneous_events_order():
    # a departure at 10 and an arrival at 10: the agent is free for the arrival
    contacts = [(0.0, 0, 10.0, INF), (10.0, 0, 5.0, INF)]
    out = run_kernel(contacts, queues=[PHONE], skills=[[0]], staffing=[[1]], interval_end_s=[100.0])
    np.testing.assert_allclose(out["wait"], [0.0, 0.0])
    # an arrival at a boundary belongs to the new interval and meets its staffing
    contacts = [(50.0, 0, 5.0, INF)]
    out = run_kernel(contacts, queues=[PHONE], skills=[[0]], staffing=[[0, 1]], interval_end_s=[50.0, 100.0])
    np.testing.assert_allclose(out["wait"], [0.0])
    assert out["queue_stats"][0, 1, des.Q_OFFERED] == 1.0


def test_wait_quantiles_per_interval_and_total():
    contacts = [(0.0, 0, 10.0, INF), (1.0, 0, 10.0, INF), (2.0, 0, 10.0, INF), (60.0, 0, 1.0, INF)]
    out = run_kernel(contacts, queues=[PHONE], skills=[[0]], staffing=[[1, 1]], interval_end_s=[50.0, 100.0],
                     quantiles=(0.0, 0.5, 1.0))
    # waits 0, 9, 18 in interval 0; 0 in interval 1
    np.testing.assert_allclose(out["wait_quantiles"][0, 0], [0.0, 9.0, 18.0])
    np.testing.assert_allclose(out["wait_quantiles"][0, 1], [0.0, 0.0, 0.0])
    np.testing.assert_allclose(out["wait_quantiles"][0, 2], np.quantile([0.0, 9.0, 18.0, 0.0], [0.0, 0.5, 1.0]))


@given(st.lists(st.floats(0.0, 1e6), max_size=60), st.integers(0, 60))
def test_heapsort_sorts_the_prefix(values, m):
    x = np.array(values + [0.0], dtype=np.float64)
    m = min(m, len(values))
    expected = np.concatenate([np.sort(x[:m]), x[m:]])
    des._heapsort(x, m)
    np.testing.assert_array_equal(x, expected)


# ---------------------------------------------------------------- contact generator


def test_generator_rates_queues_and_distributions():
    # the Python version of the generator, driven by numpy's global generator
    np.random.seed(11)
    ends = np.array([3600.0, 7200.0])
    rate = np.array([[0.5, 0.0], [1.0, 2.0]])  # queue 0 closed in interval 1
    sample = np.array([30.0, 60.0, 90.0])
    sigma2 = math.log1p(0.5**2)
    cap = 20000
    out = [np.empty(cap), np.empty(cap, np.int64), np.empty(cap), np.empty(cap)]
    n = des.generate_contacts.py_func(
        ends, rate, np.array([des.LOGNORMAL, des.EMPIRICAL]), np.array([math.log(200.0) - sigma2 / 2, 0.0]),
        np.array([math.sqrt(sigma2), 0.0]), sample, np.array([0, 0, 3]), np.array([50.0, INF]), *out
    )
    t, q, h, p = (x[:n] for x in out)
    assert (np.diff(t) >= 0).all() and (t < 7200.0).all()
    first = t < 3600.0
    counts = [(q == k)[first].sum() for k in (0, 1)] + [(q == k)[~first].sum() for k in (0, 1)]
    expected = [1800.0, 3600.0, 0.0, 7200.0]
    for c, e in zip(counts, expected):
        assert abs(c - e) <= 4 * math.sqrt(max(e, 1.0))
    lognormal = h[q == 0]
    assert abs(lognormal.mean() - 200.0) < 4 * 100.0 / math.sqrt(lognormal.size)
    assert set(np.unique(h[q == 1])) <= set(sample)
    assert abs(p[q == 0].mean() - 50.0) < 4 * 50.0 / math.sqrt((q == 0).sum())
    assert np.isinf(p[q == 1]).all()
    # too little room: -1, so that the caller retries with more
    small = [np.empty(10), np.empty(10, np.int64), np.empty(10), np.empty(10)]
    assert des.generate_contacts.py_func(ends, rate, np.array([0, 0]), np.array([1.0, 1.0]), np.zeros(2), sample,
                                         np.array([0, 0, 0]), np.array([INF, INF]), *small) == -1


def test_capacity_overflow_is_retried_identically(monkeypatch):
    scenario = _small_day()
    reference = sim.simulate(scenario, replications=4, seed=3)
    real_run = sim._run

    def tiny(arrays, replications, seed, expected, first, progress):
        return real_run(arrays, replications, seed, 1.0, first, progress)  # capacity far too small

    monkeypatch.setattr(sim, "_run", tiny)
    again = sim.simulate(scenario, replications=4, seed=3)
    np.testing.assert_array_equal(again.by_interval.offered.values, reference.by_interval.offered.values)
    np.testing.assert_array_equal(again.by_interval.asa.values, reference.by_interval.asa.values)


# ---------------------------------------------------------------- accuracy against Erlang


def _check_against_exact(result, exact, names=("p_wait", "p_abandon", "service_level", "asa")):
    for name in names:
        est = getattr(result, name)
        mean, se = float(est.mean), float(est.standard_error)
        assert abs(mean - exact[name]) < 4 * se + 1e-12, (name, mean, se, exact[name])


CASES = {
    # name: (arrival_rate_per_hour, handle_time_s, patience_s, agents, target_s, hours, warmup_hours, replications)
    "small_erlang_c": (80.0, 180.0, INF, 5, 20.0, 20.0, 1.0, 300),
    "small_erlang_a": (80.0, 180.0, 300.0, 5, 20.0, 20.0, 1.0, 300),
    "medium": (5800.0, 180.0, 120.0, 300, 20.0, 2.0, 1.0, 200),
    "large": (59000.0, 180.0, 120.0, 3000, 20.0, 0.5, 1.0, 100),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_single_queue_matches_exact_erlang(case):
    lam, h, pat, n, t, hours, warm, reps = CASES[case]
    result = sim.simulate_single_queue(lam, h, pat, n, t, hours=hours, warmup_hours=warm, replications=reps,
                                       seed=2024)
    exact = erlang_a_chain(lam / 3600.0, 1.0 / h, 0.0 if pat == INF else 1.0 / pat, n, t)
    _check_against_exact(result, exact)
    _check_against_exact(result, exact, ("service_level_answered", "asa_answered", "occupancy"))
    if pat == INF:
        assert exact["p_wait"] == pytest.approx(erlang_c_exact(lam * h / 3600.0, n), rel=1e-9)
    closed = erlang_a(lam, h, pat, n, t)
    _check_against_exact(result, {k: float(getattr(closed, k)) for k in exact})
    assert result.customers > reps * hours * lam * 0.9


def test_multi_skill_scenario_with_one_queue_is_erlang_a():
    # a Scenario reduced to one phone queue is the same M/M/n+M queue
    queue = sim.ContactQueue(name="q", arrival_rate_per_hour=600.0, handle_time_s=300.0, patience_s=200.0,
                             target_s=30.0)
    scenario = sim.Scenario(queues=[queue], groups=[sim.AgentGroup(name="g", skills=["q"], agents=52)],
                            interval_s=3600.0 * 4)
    result = sim.simulate(scenario, replications=150, seed=9, warmup_s=3600.0)
    exact = erlang_a_chain(600.0 / 3600.0, 1.0 / 300.0, 1.0 / 200.0, 52, 30.0)
    total = result.total
    for name in ("p_wait", "p_abandon", "service_level", "asa"):
        est = getattr(total, name)
        assert abs(float(est.mean[0]) - exact[name]) < 4 * float(est.standard_error[0]), name
    occ = result.occupancy_total
    assert abs(float(occ.mean[0]) - exact["occupancy"]) < 4 * float(occ.standard_error[0])


# ---------------------------------------------------------------- identities and reproducibility


def _small_day(interval_s: float = 1800.0) -> sim.Scenario:
    queues = [
        sim.ContactQueue(name="de_phone", arrival_rate_per_hour=[60, 120, 90], handle_time_s=240.0,
                         patience_s=120.0, target_s=20.0, priority=1),
        sim.ContactQueue(name="de_chat", arrival_rate_per_hour=[30, 60, 30], handle_time_s=300.0,
                         handle_time_distribution="lognormal", handle_time_cv=0.8, channel="chat",
                         concurrency=2, concurrency_slowdown=0.3, patience_s=300.0, target_s=60.0),
        sim.ContactQueue(name="en_email", arrival_rate_per_hour=[20, 20, 10], channel="email",
                         handle_time_distribution="empirical", handle_time_sample_s=[120.0, 300.0, 600.0],
                         target_s=3600.0),
    ]
    groups = [
        sim.AgentGroup(name="de", skills=["de_phone", "de_chat"], agents=[3, 6, 4]),
        sim.AgentGroup(name="en", skills=["en_email", "de_chat"], agents=[1, 2, 2]),
    ]
    return sim.Scenario(queues=queues, groups=groups, interval_s=interval_s)


def test_conservation_and_littles_law_in_every_replication():
    result = sim.simulate(_small_day(), replications=30, seed=1)
    m = result.by_interval
    offered = m.offered.values
    np.testing.assert_array_equal(offered, m.answered.values + m.abandoned.values + m.waiting_at_end.values)
    # time in queue summed over contacts = area under the queue-length curve
    time_in_queue = np.nansum(m.asa.values * offered, axis=2)
    area = (m.queue_length.values * result.interval_s).sum(axis=2)
    np.testing.assert_allclose(time_in_queue, area, rtol=1e-9)
    # totals add up
    np.testing.assert_array_equal(result.total.offered.values, offered.sum(axis=2))
    assert result.contacts == int(offered.sum())
    assert np.all((result.occupancy.values >= 0) & (result.occupancy.values <= 1))
    assert np.all(m.p_wait.values[offered > 0] >= m.p_abandon.values[offered > 0] - 1e-12)


def test_same_seed_same_results_different_seed_different():
    scenario = _small_day()
    a = sim.simulate(scenario, replications=6, seed=42)
    b = sim.simulate(scenario, replications=6, seed=42)
    c = sim.simulate(scenario, replications=6, seed=43)
    for name in ("offered", "service_level", "asa", "wait_quantiles", "backlog"):
        va, vb, vc = (getattr(x.by_interval, name).values for x in (a, b, c))
        np.testing.assert_array_equal(va, vb)
        assert not np.array_equal(np.nan_to_num(va), np.nan_to_num(vc))
    gen = sim.simulate(scenario, replications=6, seed=np.random.default_rng(42))
    assert gen.by_interval.offered.values.shape == (6, 3, 3)


def test_results_do_not_depend_on_thread_count_or_progress():
    scenario = _small_day()
    before = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = sim.simulate(scenario, replications=8, seed=5)
        numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
        many = sim.simulate(scenario, replications=8, seed=5, progress=True)
    finally:
        numba.set_num_threads(before)
    np.testing.assert_array_equal(one.by_interval.asa.values, many.by_interval.asa.values)
    np.testing.assert_array_equal(one.occupancy.values, many.occupancy.values)


def test_progress_bar_only_when_asked(capsys):
    sim.simulate_single_queue(100.0, 180.0, 60.0, 6, 20.0, hours=1.0, replications=4, seed=1)
    assert capsys.readouterr().err == ""
    sim.simulate_single_queue(100.0, 180.0, 60.0, 6, 20.0, hours=1.0, replications=4, seed=1, progress=True)
    assert "4/4 replications" in capsys.readouterr().err


def test_warmup_is_not_reported_and_changes_the_first_interval():
    scenario = _small_day()
    cold = sim.simulate(scenario, replications=40, seed=8)
    warm = sim.simulate(scenario, replications=40, seed=8, warmup_s=3600.0)
    assert warm.by_interval.offered.mean.shape == cold.by_interval.offered.mean.shape == (3, 3)
    assert warm.warmup_s == 3600.0
    # an empty centre at the start answers faster than one that has run for an hour
    assert cold.by_interval.asa.mean[0, 0] < warm.by_interval.asa.mean[0, 0]


def test_more_agents_never_hurts_on_the_same_seed_on_average():
    base = _small_day()
    more = sim.Scenario(queues=base.queues, groups=[sim.AgentGroup(name="de", skills=["de_phone", "de_chat"],
                                                                   agents=[5, 9, 7]), base.groups[1]],
                        interval_s=base.interval_s)
    r0 = sim.simulate(base, replications=40, seed=4)
    r1 = sim.simulate(more, replications=40, seed=4)
    assert r1.total.service_level.mean[0] > r0.total.service_level.mean[0]
    assert r1.occupancy_total.mean[0] < r0.occupancy_total.mean[0]


@given(
    agents=st.integers(0, 4),
    rate=st.floats(0.0, 400.0),
    patience=st.sampled_from([INF, 30.0, 300.0]),
    channel=st.sampled_from(["phone", "chat", "email"]),
)
def test_conservation_property(agents, rate, patience, channel):
    queue = sim.ContactQueue(name="q", arrival_rate_per_hour=[rate, rate / 2], handle_time_s=200.0,
                             patience_s=patience, target_s=20.0, channel=channel,
                             concurrency=3 if channel == "chat" else 1)
    scenario = sim.Scenario(queues=[queue], groups=[sim.AgentGroup(name="g", skills=["q"], agents=[agents, 1])],
                            interval_s=600.0)
    r = sim.simulate(scenario, replications=3, seed=0, quantiles=(0.5,))
    m = r.by_interval
    np.testing.assert_array_equal(m.offered.values, m.answered.values + m.abandoned.values + m.waiting_at_end.values)
    sl = m.service_level.values
    assert np.all(np.isnan(sl) | ((sl >= 0) & (sl <= 1)))
    if patience == INF:
        assert (m.abandoned.values == 0).all()


# ---------------------------------------------------------------- results and objects


def test_estimate_from_values():
    est = sim.Estimate.from_values(np.array([[1.0, np.nan], [3.0, np.nan], [5.0, 2.0]]))
    np.testing.assert_allclose(est.mean, [3.0, 2.0])
    assert est.standard_error[0] == pytest.approx(2.0 / math.sqrt(3))
    assert np.isnan(est.standard_error[1])
    assert not est.values.flags.writeable


def test_scenario_properties_and_broadcasting():
    s = _small_day(900.0)
    assert (s.n_intervals, s.horizon_s) == (3, 2700.0)
    q = sim.ContactQueue(name="x", arrival_rate_per_hour=10, handle_time_sample_s=[1.0, 3.0],
                         handle_time_distribution="empirical", target_s=5)
    assert q.mean_handle_time_s == 2.0 and q.arrival_rate_per_hour == (10.0,)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"arrival_rate_per_hour": -1.0}, "arrival_rate_per_hour"),
        ({"arrival_rate_per_hour": [[1.0]]}, "arrival_rate_per_hour"),
        ({"handle_time_s": 0.0}, "handle_time_s"),
        ({"handle_time_s": None}, "handle_time_s"),
        ({"handle_time_distribution": "gamma"}, "handle_time_distribution"),
        ({"handle_time_distribution": "empirical"}, "handle_time_sample_s"),
        ({"handle_time_distribution": "empirical", "handle_time_sample_s": [1.0]}, "handle_time_s"),
        ({"handle_time_sample_s": [1.0]}, "handle_time_sample_s"),
        ({"handle_time_cv": -0.1}, "handle_time_cv"),
        ({"patience_s": 0.0}, "patience_s"),
        ({"target_s": -1.0}, "target_s"),
        ({"channel": "fax"}, "channel"),
        ({"concurrency": 2}, "concurrency"),
        ({"channel": "chat", "concurrency": 0}, "concurrency"),
        ({"concurrency_slowdown": -1.0}, "concurrency_slowdown"),
        ({"priority": 1.5}, "priority"),
        ({"name": ""}, "name"),
    ],
)
def test_contact_queue_errors(kwargs, match):
    base = {"name": "q", "arrival_rate_per_hour": 10.0, "handle_time_s": 60.0, "target_s": 20.0}
    with pytest.raises(InvalidArgumentError, match=match):
        sim.ContactQueue(**{**base, **kwargs})


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"skills": []}, "skills"),
        ({"skills": ["q", "q"]}, "skills"),
        ({"skills": [1]}, "skills"),
        ({"skills": "q"}, "skills"),
        ({"skills": 5}, "skills"),
        ({"agents": -1}, "agents"),
        ({"agents": 1.5}, "agents"),
        ({"agents": [[1]]}, "agents"),
        ({"name": 3}, "name"),
    ],
)
def test_agent_group_errors(kwargs, match):
    with pytest.raises(InvalidArgumentError, match=match):
        sim.AgentGroup(**{"name": "g", "skills": ["q"], "agents": 1, **kwargs})


def test_scenario_errors():
    q = sim.ContactQueue(name="q", arrival_rate_per_hour=[1.0, 2.0], handle_time_s=60.0, target_s=20.0)
    g = sim.AgentGroup(name="g", skills=["q"], agents=1)
    with pytest.raises(InvalidArgumentError, match="skills"):
        sim.Scenario(queues=[q], groups=[sim.AgentGroup(name="g", skills=["nope"], agents=1)])
    with pytest.raises(InvalidArgumentError, match="queues"):
        sim.Scenario(queues=[q, q], groups=[g])
    with pytest.raises(InvalidArgumentError, match="queues"):
        sim.Scenario(queues=[], groups=[g])
    with pytest.raises(InvalidArgumentError, match="queues"):
        sim.Scenario(queues=["q"], groups=[g])
    with pytest.raises(InvalidArgumentError, match="groups"):
        sim.Scenario(queues=[q], groups=[g, g])
    with pytest.raises(InvalidArgumentError, match="groups"):
        sim.Scenario(queues=[q], groups=[])
    with pytest.raises(InvalidArgumentError, match="groups"):
        sim.Scenario(queues=[q], groups=["g"])
    with pytest.raises(InvalidArgumentError, match="queues"):
        sim.Scenario(queues=q, groups=[g])
    with pytest.raises(InvalidArgumentError, match="groups"):
        sim.Scenario(queues=[q], groups=g)
    with pytest.raises(InvalidArgumentError, match="agents"):
        sim.Scenario(queues=[q], groups=[sim.AgentGroup(name="g", skills=["q"], agents=[1, 2, 3])])
    with pytest.raises(InvalidArgumentError, match="interval_s"):
        sim.Scenario(queues=[q], groups=[g], interval_s=0.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"replications": 1}, "replications"),
        ({"replications": [2, 3]}, "replications"),
        ({"seed": -1}, "seed"),
        ({"seed": "x"}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"warmup_s": -1.0}, "warmup_s"),
        ({"quantiles": [1.5]}, "quantiles"),
        ({"quantiles": [[0.5]]}, "quantiles"),
    ],
)
def test_simulate_errors(kwargs, match):
    with pytest.raises(InvalidArgumentError, match=match):
        sim.simulate(_small_day(), **kwargs)


def test_simulate_rejects_other_objects():
    with pytest.raises(InvalidArgumentError, match="scenario"):
        sim.simulate({"queues": []})


@pytest.mark.parametrize(
    ("index", "value", "match"),
    [
        (0, -1.0, "arrival_rate_per_hour"),
        (0, [1.0, 2.0], "arrival_rate_per_hour"),
        (1, 0.0, "handle_time_s"),
        (2, 0.0, "patience_s"),
        (3, -1, "agents"),
        (3, [1, 2], "agents"),
        (3, 2.5, "agents"),
        (4, -1.0, "target_s"),
    ],
)
def test_simulate_single_queue_argument_errors(index, value, match):
    args = [100.0, 180.0, 60.0, 6, 20.0]
    args[index] = value
    with pytest.raises(InvalidArgumentError, match=match):
        sim.simulate_single_queue(*args, hours=1.0, replications=2, seed=1)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"hours": 0.0}, "hours"), ({"warmup_hours": -1.0}, "warmup_hours"), ({"replications": 0}, "replications"),
     ({"seed": True}, "seed")],
)
def test_simulate_single_queue_option_errors(kwargs, match):
    with pytest.raises(InvalidArgumentError, match=match):
        sim.simulate_single_queue(100.0, 180.0, 60.0, 6, 20.0, **{"hours": 1.0, "replications": 2, **kwargs})


def test_no_agents_and_no_arrivals():
    r = sim.simulate_single_queue(100.0, 180.0, INF, 0, 20.0, hours=1.0, warmup_hours=0.0, replications=3, seed=1)
    assert float(r.p_wait.mean) == 1.0 and float(r.service_level.mean) == 0.0
    assert np.isnan(float(r.asa_answered.mean)) and np.isnan(float(r.occupancy.mean))
    r = sim.simulate_single_queue(0.0, 180.0, 60.0, 3, 20.0, hours=1.0, replications=3, seed=1)
    assert r.customers == 0 and np.isnan(float(r.service_level.mean))
    assert float(r.occupancy.mean) == 0.0
