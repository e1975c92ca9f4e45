"""Tests of cultureservice.queueing against independent oracles (tests/oracles.py)."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cultureservice import queueing as q
from cultureservice._kernels import erlang as k
from cultureservice.errors import CultureServiceError, InfeasibleError, InvalidArgumentError
from oracles import (
    erlang_a_chain,
    erlang_b_exact,
    erlang_b_mp,
    erlang_c_exact,
    erlang_c_mp,
    stage_cdf_expm,
)

REL = 1e-9
FIELDS = [
    "p_wait",
    "p_abandon",
    "service_level",
    "service_level_answered",
    "service_level_virtual",
    "asa",
    "asa_answered",
    "asa_virtual",
    "occupancy",
]


def close(value: float, exact, rel: float = REL) -> bool:
    exact = float(exact)
    if exact < 1e-300:
        return abs(value) < 1e-290
    return abs(value - exact) <= rel * exact


# ---------------------------------------------------------------- Erlang B / C


@given(traffic=st.fractions(0, 200, max_denominator=1000), agents=st.integers(0, 150))
def test_erlang_b_matches_exact_sum(traffic, agents):
    assert q.erlang_b(float(traffic), agents) == pytest.approx(
        float(erlang_b_exact(traffic, agents)), rel=1e-12, abs=1e-300
    )


@given(traffic=st.fractions(Fraction(1, 100), 120, max_denominator=1000), extra=st.integers(1, 60))
def test_erlang_c_matches_exact_sum(traffic, extra):
    agents = math.floor(traffic) + extra
    assert q.erlang_c(float(traffic), agents) == pytest.approx(
        float(erlang_c_exact(traffic, agents)), rel=1e-11, abs=1e-300
    )


GRID_AGENTS = [1, 2, 5, 17, 60, 250, 1000, 4000, 10_000]


@pytest.mark.parametrize("agents", GRID_AGENTS)
@pytest.mark.parametrize("load_ratio", [0.05, 0.5, 0.9, 0.99, 1.0, 1.3, 3.0])
def test_erlang_b_and_c_against_mpmath(agents, load_ratio):
    traffic = agents * load_ratio
    b = erlang_b_mp(traffic, agents)
    assert close(float(q.erlang_b(traffic, agents)), b)
    c = float(q.erlang_c(traffic, agents))
    if agents <= traffic:
        assert c == 1.0
    else:
        assert close(c, erlang_c_mp(traffic, agents))


def test_classic_worked_example():
    # 0.2 calls/s, 240 s handle time, 55 agents, 15 s target (published example)
    traffic = 0.2 * 240
    assert round(float(q.erlang_c(traffic, 55)), 4) == 0.2387
    assert round(float(q.average_speed_of_answer(traffic, 55, 240.0)), 2) == 8.18
    assert round(float(q.service_level(traffic, 55, 240.0, 15.0)), 3) == 0.846


def test_service_level_and_asa_against_mpmath_formula():
    for traffic, agents, h, t in [(48.0, 55, 240.0, 15.0), (667.5, 700, 600.0, 20.0), (3.2, 5, 180.0, 60.0)]:
        c = erlang_c_mp(traffic, agents)
        with mp.workdps(40):
            sl = 1 - c * mp.e ** (-(agents - traffic) * mp.mpf(t) / h)
            asa = c * h / (agents - traffic)
        assert close(float(q.service_level(traffic, agents, h, t)), sl)
        assert close(float(q.average_speed_of_answer(traffic, agents, h)), asa)


def test_overloaded_conventions():
    assert q.erlang_c(10.0, 10) == 1.0
    assert q.service_level(10.0, 9, 100.0, 20.0) == 0.0
    assert q.average_speed_of_answer(10.0, 10, 100.0) == math.inf
    assert q.occupancy(10.0, 8) == 1.0
    assert q.erlang_c(0.0, 3) == 0.0 and q.service_level(0.0, 0, 60.0, 0.0) == 1.0


@pytest.mark.parametrize("agents", [1, 100, 10_000, 100_000])
@pytest.mark.parametrize("traffic", [1e-6, 0.5, 99.0, 5000.0, 50_000.0])
def test_extreme_ranges_stay_finite_and_in_range(agents, traffic):
    for value in (q.erlang_b(traffic, agents), q.erlang_c(traffic, agents), q.service_level(traffic, agents, 300, 20)):
        assert np.isfinite(value) and 0.0 <= value <= 1.0
    r = q.erlang_a(traffic * 3600 / 300, 300.0, 120.0, agents, 20.0)
    for name in ("p_wait", "p_abandon", "service_level", "service_level_answered", "service_level_virtual"):
        value = float(getattr(r, name))
        assert np.isfinite(value) and -1e-15 <= value <= 1.0 + 1e-12, (name, value)


traffic_and_agents = st.tuples(st.floats(0.01, 500.0), st.integers(1, 700))


@given(traffic_and_agents)
def test_monotone_in_agents_and_c_above_b(ta):
    traffic, agents = ta
    b0, b1 = q.erlang_b(traffic, [agents, agents + 1])
    c0, c1 = q.erlang_c(traffic, [agents, agents + 1])
    assert b1 <= b0 and c1 <= c0
    assert c0 >= b0 - 1e-15
    s0, s1 = q.service_level(traffic, [agents, agents + 1], 200.0, 20.0)
    assert s1 >= s0


@given(traffic=st.floats(0.01, 400.0), factor=st.floats(1.0001, 1.5), agents=st.integers(1, 600))
def test_monotone_in_load(traffic, factor, agents):
    assert q.erlang_b(traffic * factor, agents) >= q.erlang_b(traffic, agents)
    assert q.erlang_c(traffic * factor, agents) >= q.erlang_c(traffic, agents)


def test_broadcasting_shapes_and_scalars():
    out = q.erlang_c(np.array([[5.0], [10.0]]), np.array([6, 12, 20]))
    assert out.shape == (2, 3)
    assert isinstance(q.erlang_b(3.0, 4), np.floating)
    assert q.erlang_b(np.array([]), 3).shape == (0,)


def test_inputs_are_not_written():
    traffic = np.array([5.0, 10.0])
    agents = np.array([6, 12])
    traffic.flags.writeable = False
    agents.flags.writeable = False
    q.erlang_c(traffic, agents)
    q.required_agents(traffic, 300.0, 20.0, 0.8)
    assert traffic.tolist() == [5.0, 10.0]


def test_kernel_matches_python_version():
    traffic = np.array([0.5, 10.0, 300.0, 1234.5])
    agents = np.array([1, 12, 310, 1200])
    out_jit = np.empty(4)
    out_py = np.empty(4)
    k.erlang_b_into(traffic, agents, out_jit)
    k.erlang_b_into.py_func(traffic, agents, out_py)
    np.testing.assert_allclose(out_jit, out_py, rtol=1e-14)


# ---------------------------------------------------------------- Erlang A

A_CASES = [
    # lam/h, handle_s, patience_s, agents, target_s
    (720.0, 240.0, 120.0, 48, 15.0),
    (720.0, 240.0, 120.0, 40, 15.0),  # below the load
    (60.0, 300.0, 600.0, 3, 30.0),
    (100.0, 180.0, 60.0, 1, 20.0),
    (4000.0, 600.0, 120.0, 640, 20.0),
    (12000.0, 300.0, 300.0, 900, 20.0),  # overloaded: 1000 Erlang on 900 agents
    (10.0, 300.0, 3000.0, 5, 0.0),
]


@pytest.mark.parametrize("case", A_CASES)
def test_erlang_a_against_birth_death_chain(case):
    lam, h, pat, n, t = case
    exact = erlang_a_chain(lam, h, pat, n, t)
    r = q.erlang_a(lam, h, pat, n, t)
    for name in FIELDS:
        assert close(float(getattr(r, name)), exact[name]), (name, float(getattr(r, name)), float(exact[name]))


def test_erlang_a_against_chain_large_system():
    lam, h, pat, n, t = (36000.0, 1000.0, 500.0, 10_000, 20.0)  # 10,000 Erlang, 10,000 agents
    exact = erlang_a_chain(lam, h, pat, n, t, dps=25)
    r = q.erlang_a(lam, h, pat, n, t)
    for name in ("p_wait", "p_abandon", "service_level", "asa", "occupancy"):
        assert close(float(getattr(r, name)), exact[name]), name


def test_stage_oracles_agree():
    # The incomplete-beta route used by the chain oracle equals a matrix exponential.
    x, theta, t = 2.5, 1 / 120, 45.0
    for j in range(4):
        rates = [theta * (x + i) for i in range(j, -1, -1)]
        expm = stage_cdf_expm(rates, theta, t)
        with mp.workdps(30):
            beta = x / (x + j + 1) * mp.betainc(j + 1, x + 1, 0, 1 - mp.e ** (-theta * t), regularized=True)
            assert abs(expm - beta) < 1e-15


@settings(max_examples=25)
@given(
    lam=st.floats(1.0, 3000.0),
    h=st.floats(30.0, 900.0),
    pat=st.floats(10.0, 2000.0),
    n=st.integers(1, 80),
    t=st.floats(0.0, 120.0),
)
def test_erlang_a_matches_chain_property(lam, h, pat, n, t):
    assume(lam * h / 3600 < 100 and lam * pat / 3600 < 150)  # keeps the oracle's chain short
    exact = erlang_a_chain(lam, h, pat, n, t, dps=22)
    r = q.erlang_a(lam, h, pat, n, t)
    for name in ("p_wait", "p_abandon", "service_level", "service_level_virtual", "asa_answered"):
        assert close(float(getattr(r, name)), exact[name], rel=1e-8), name


@given(traffic=st.floats(0.5, 300.0), extra=st.integers(1, 40), t=st.floats(0.0, 60.0))
def test_erlang_a_tends_to_erlang_c(traffic, extra, t):
    n = math.floor(traffic) + extra
    h = 300.0
    lam = traffic * 3600 / h
    # Near saturation abandonment shifts the queue's drift, so the gap closes
    # like (queue length)^2 / patience: a very long patience shows the limit.
    r = q.erlang_a(lam, h, 1e13, n, t)
    assert r.p_wait == pytest.approx(q.erlang_c(traffic, n), rel=1e-6)
    assert r.service_level == pytest.approx(q.service_level(traffic, n, h, t), rel=1e-6, abs=1e-12)
    assert r.p_abandon < 1e-6
    inf = q.erlang_a(lam, h, math.inf, n, t)
    assert inf.p_wait == pytest.approx(q.erlang_c(traffic, n), rel=1e-12)
    assert inf.asa == pytest.approx(q.average_speed_of_answer(traffic, n, h), rel=1e-12)


@given(lam=st.floats(1.0, 2000.0), h=st.floats(60.0, 600.0), pat=st.floats(10.0, 600.0), n=st.integers(1, 300))
def test_erlang_a_monotone_in_agents(lam, h, pat, n):
    r = q.erlang_a(lam, h, pat, [n, n + 1], 20.0)
    assert r.p_wait[1] <= r.p_wait[0] + 1e-15
    assert r.p_abandon[1] <= r.p_abandon[0] + 1e-15
    assert r.service_level[1] >= r.service_level[0] - 1e-15


def test_erlang_a_edge_cases():
    none = q.erlang_a(0.0, 300.0, 60.0, 3, 20.0)
    assert none.p_wait == 0.0 and none.service_level == 1.0
    nobody = q.erlang_a(60.0, 300.0, 60.0, 0, 20.0)
    assert nobody.p_abandon == 1.0 and nobody.service_level == 0.0 and nobody.asa == 60.0


# ---------------------------------------------------------------- staffing


def _meets(lam, h, t, s, n, pat=math.inf, occ=None, asa=None, ab=None) -> bool:
    if n == 0:
        return lam == 0.0
    r = q.erlang_a(lam, h, pat, n, t)
    ok = r.service_level >= s
    if occ is not None:
        ok &= r.occupancy <= occ
    if asa is not None:
        ok &= r.asa <= asa
    if ab is not None:
        ok &= r.p_abandon <= ab
    return bool(ok)


@given(
    lam=st.floats(0.0, 8000.0),
    h=st.floats(60.0, 900.0),
    t=st.floats(0.0, 120.0),
    s=st.floats(0.05, 0.99),
)
def test_required_agents_erlang_c_is_minimal(lam, h, t, s):
    n = int(q.required_agents(lam, h, t, s))
    assert _meets(lam, h, t, s, n)
    if n > 0:
        assert not _meets(lam, h, t, s, n - 1)


@given(
    lam=st.floats(1.0, 6000.0),
    h=st.floats(60.0, 900.0),
    t=st.floats(0.0, 120.0),
    s=st.floats(0.05, 0.99),
    pat=st.floats(5.0, 1200.0),
    occ=st.none() | st.floats(0.5, 1.0),
    ab=st.none() | st.floats(0.01, 0.5),
)
def test_required_agents_erlang_a_is_minimal(lam, h, t, s, pat, occ, ab):
    n = int(q.required_agents(lam, h, t, s, patience_s=pat, max_occupancy=occ, max_abandon=ab))
    assert _meets(lam, h, t, s, n, pat, occ=occ, ab=ab)
    assert not _meets(lam, h, t, s, n - 1, pat, occ=occ, ab=ab)


@given(lam=st.floats(1.0, 6000.0), h=st.floats(60.0, 900.0), asa=st.floats(1.0, 120.0), occ=st.floats(0.6, 0.99))
def test_required_agents_with_constraints_is_minimal(lam, h, asa, occ):
    n = int(q.required_agents(lam, h, 20.0, 0.5, max_asa_s=asa, max_occupancy=occ))
    assert _meets(lam, h, 20.0, 0.5, n, asa=asa, occ=occ)
    assert not _meets(lam, h, 20.0, 0.5, n - 1, asa=asa, occ=occ)


def test_patience_can_staff_below_the_load():
    # 100 Erlang, short patience, modest target: fewer agents than the load suffice
    n = int(q.required_agents(3600.0, 100.0, 60.0, 0.5, patience_s=30.0))
    assert n < 100
    assert _meets(3600.0, 100.0, 60.0, 0.5, n, 30.0)


def test_required_agents_vectorised_matches_scalar():
    rng = np.random.default_rng(7)
    lam = rng.uniform(20, 4000, 50)
    h = rng.uniform(180, 600, 50)
    many = q.required_agents(lam, h, 20.0, 0.8, patience_s=120.0)
    one = [int(q.required_agents(a, b, 20.0, 0.8, patience_s=120.0)) for a, b in zip(lam, h)]
    assert many.tolist() == one


def test_required_agents_infeasible_names_the_element():
    with pytest.raises(InfeasibleError, match=r"max_agents=10 .*index 1"):
        q.required_agents([10.0, 3600.0], 300.0, 20.0, 0.8, max_agents=10)


# ---------------------------------------------------------------- FTE


def test_fte_published_rounding_cases():
    assert q.fte(21, 0.3) == 30
    assert q.fte(90, 0.3) == 129
    assert q.fte([0, 1, 7], 0.0).tolist() == [0, 1, 7]


@given(agents=st.integers(0, 10**6), shrinkage=st.floats(0.0, 0.999999))
def test_fte_is_exact_ceiling_of_the_printed_decimal(agents, shrinkage):
    exact = Fraction(agents) / (1 - Fraction(repr(shrinkage)))
    assert q.fte(agents, shrinkage) == math.ceil(exact)


def test_fte_reads_shrinkage_as_typed():
    # 0.32 as a binary float is 0.32000000000000000666: 17 / 0.68 must still be 25
    assert q.fte([17, 68], 0.32).tolist() == [25, 100]
    assert q.fte(np.array([[3], [7]]), [0.1, 0.30000000000000004]).tolist() == [[4, 5], [8, 11]]


def test_fte_huge_values():
    assert q.fte(2**61, 0.5) == 2**62
    with pytest.raises(InvalidArgumentError, match="64-bit"):
        q.fte(2**62, 0.9)


@given(agents=st.integers(1, 10**5), percent=st.integers(0, 95))
def test_fte_decimal_percent(agents, percent):
    shrinkage = percent / 100
    got = int(q.fte(agents, shrinkage))
    assert math.ceil(Fraction(agents) / (1 - Fraction(percent, 100))) == got
    assert got * (1 - Fraction(percent, 100)) >= agents


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (lambda: q.erlang_b(-1.0, 3), r"traffic_erlangs must be >= 0 and finite; got -1.0"),
        (lambda: q.erlang_b(float("nan"), 3), r"traffic_erlangs .* got nan"),
        (lambda: q.erlang_c(3.0, [1, 2.5]), r"agents must be integers >= 0; got 2.5 at index 1"),
        (lambda: q.erlang_c(3.0, -1), r"agents must be integers >= 0; got -1"),
        (lambda: q.service_level(3.0, 4, 0.0, 20.0), r"handle_time_s must be > 0"),
        (lambda: q.service_level(3.0, 4, 100.0, -5.0), r"target_s must be >= 0"),
        (lambda: q.required_agents(100.0, 300.0, 20.0, 80), r"service_level must be in \(0, 1\); got 80.0 \(pass 0.8"),
        (lambda: q.required_agents(100.0, 300.0, 20.0, 1.0), r"service_level must be in \(0, 1\)"),
        (lambda: q.required_agents(-1.0, 300.0, 20.0, 0.8), r"arrival_rate_per_hour must be >= 0"),
        (lambda: q.required_agents(1.0, 300.0, 20.0, 0.8, patience_s=0.0), r"patience_s must be > 0"),
        (lambda: q.required_agents(1.0, 300.0, 20.0, 0.8, max_occupancy=1.2), r"max_occupancy must be in \(0, 1\]"),
        (lambda: q.required_agents(1.0, 300.0, 20.0, 0.8, max_abandon=0.0), r"max_abandon must be in \(0, 1\]"),
        (lambda: q.required_agents(1.0, 300.0, 20.0, 0.8, max_asa_s=-3), r"max_asa_s must be > 0"),
        (lambda: q.required_agents(1.0, 300.0, 20.0, 0.8, max_agents=0), r"max_agents must be integers >= 1"),
        (lambda: q.erlang_a(10.0, 300.0, -1.0, 3, 20.0), r"patience_s must be > 0"),
        (lambda: q.fte(10, 1.0), r"shrinkage must be in \[0, 1\); got 1.0"),
        (lambda: q.fte(10, 30), r"shrinkage must be in \[0, 1\); got 30.0 \(pass 0.3 for 30 %\)"),
        (lambda: q.erlang_b([1.0, 2.0], [1, 2, 3]), r"broadcast"),
        (lambda: q.erlang_b("x", 1), r"traffic_erlangs must be real numbers"),
        (lambda: q.QueueModel(arrival_rate_per_hour=-5, handle_time_s=10), r"arrival_rate_per_hour must be > 0"),
    ],
)
def test_errors_name_argument_and_value(call, pattern):
    with pytest.raises(CultureServiceError, match=pattern) as info:
        call()
    assert isinstance(info.value, InvalidArgumentError)


def test_queue_model_forwards():
    model = q.QueueModel(arrival_rate_per_hour=720.0, handle_time_s=240.0, patience_s=120.0)
    assert model.required_agents(15.0, 0.8) == q.required_agents(720.0, 240.0, 15.0, 0.8, patience_s=120.0)
    assert model.p_wait(48) == q.erlang_a(720.0, 240.0, 120.0, 48, 0.0).p_wait
