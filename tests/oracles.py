"""Slow, obvious reference code for the queueing tests.

Imports nothing from cultureservice. Exact rational sums for Erlang B/C,
mpmath at high precision for large systems, and the Erlang A birth-death
chain written out term by term, with the waiting-time distributions computed
per queue position (a sum of exponential stages) by two independent routes:
the regularized incomplete beta function, and a matrix exponential of the
tagged customer's Markov chain.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath as mp


def erlang_b_exact(traffic: Fraction, agents: int) -> Fraction:
    """Erlang B by the textbook sum, in exact rationals."""
    terms = [traffic**k / math.factorial(k) for k in range(agents + 1)]
    return terms[-1] / sum(terms)


def erlang_c_exact(traffic: Fraction, agents: int) -> Fraction:
    """Erlang C by the textbook sum, in exact rationals (``agents > traffic``)."""
    head = sum(traffic**k / math.factorial(k) for k in range(agents))
    top = traffic**agents / math.factorial(agents) * agents / (agents - traffic)
    return top / (head + top)


def erlang_b_mp(traffic: float, agents: int, dps: int = 40) -> mp.mpf:
    """Erlang B at high precision: sum of a^k/k! relative to the last term."""
    with mp.workdps(dps):
        a = mp.mpf(traffic)
        # terms t_k / t_n = prod_{i=k+1..n} i / a, summed downwards
        total = mp.mpf(1)
        t = mp.mpf(1)
        for k in range(agents, 0, -1):
            t = t * k / a
            total += t
            if t < total * mp.mpf(10) ** (-dps):
                break
        return 1 / total


def erlang_c_mp(traffic: float, agents: int, dps: int = 40) -> mp.mpf:
    """Erlang C at high precision from the textbook formula (``agents > traffic``)."""
    with mp.workdps(dps):
        a = mp.mpf(traffic)
        n = agents
        b = erlang_b_mp(traffic, agents, dps)
        return n * b / (n - a * (1 - b))


def erlang_a_chain(lam_per_hour: float, handle_s: float, patience_s: float, n: int, target_s: float, dps: int = 30):
    """Every Erlang A metric from the birth-death chain, term by term, in mpmath.

    States k = number in system. Rates: arrivals lam; departures min(k, n) mu
    plus (k - n)+ theta. A customer who finds j >= 0 waiting ahead of it passes
    j + 1 exponential stages with rates n mu + i theta (i = j..0) plus its own
    abandonment theta; it is answered with probability prod (n mu + i theta) /
    (n mu + (i + 1) theta).
    """
    with mp.workdps(dps):
        lam = mp.mpf(lam_per_hour) / 3600
        mu = 1 / mp.mpf(handle_s)
        theta = 1 / mp.mpf(patience_s)
        t = mp.mpf(target_s)
        eps = mp.mpf(10) ** (-dps)
        # unnormalised weights relative to state n
        below = []  # pi_k / pi_n for k = n-1 down to 0
        w = mp.mpf(1)
        for k in range(n, 0, -1):
            w = w * k * mu / lam
            below.append(w)
            if w < eps * (1 + sum(below[-5:])) and k < lam / mu:
                break
        above = [mp.mpf(1)]  # pi_{n+j} / pi_n for j = 0, 1, ...
        w = mp.mpf(1)
        j = 0
        while True:
            j += 1
            w = w * lam / (n * mu + j * theta)
            above.append(w)
            if n * mu + j * theta > lam and w < eps * sum(above):
                break
        z = sum(below) + sum(above)
        p_nowait = sum(below) / z
        p_wait = sum(above) / z
        p_ab = theta * sum(jj * above[jj] for jj in range(len(above))) / z / lam
        u = mp.e ** (-theta * t)
        x = n * mu / theta
        served_within = mp.mpf(0)
        served = mp.mpf(0)
        wait_served = mp.mpf(0)
        virtual_within = mp.mpf(0)
        virtual_mean = mp.mpf(0)
        for jj, wj in enumerate(above):
            p = wj / z
            p_serve = x / (x + jj + 1)
            served += p * p_serve
            served_within += p * p_serve * mp.betainc(jj + 1, x + 1, 0, 1 - u, regularized=True)
            wait_served += p * p_serve * sum(1 / (theta * (x + i + 1)) for i in range(jj + 1))
            virtual_within += p * mp.betainc(jj + 1, x, 0, 1 - u, regularized=True)
            virtual_mean += p * sum(1 / (theta * (x + i)) for i in range(jj + 1))
        answered = p_nowait + served
        sl = p_nowait + served_within
        return {
            "p_wait": p_wait,
            "p_abandon": p_ab,
            "service_level": sl,
            "service_level_answered": sl / answered,
            "service_level_virtual": p_nowait + virtual_within,
            "asa": p_ab / theta,
            "asa_answered": wait_served / answered,
            "asa_virtual": virtual_mean,
            "occupancy": lam * (1 - p_ab) / (n * mu),
        }


def stage_cdf_expm(rates: list[float], own_rate: float, t: float, dps: int = 30) -> mp.mpf:
    """P(all stages done by t and before the own clock rings), by a matrix exponential.

    A tagged customer passes stages with the given rates in order while its own
    exponential clock (``own_rate``) may end the wait first. The generator has
    one state per remaining stage plus the absorbing "done" and "gone" states.
    """
    with mp.workdps(dps):
        m = len(rates)
        size = m + 2
        q = mp.zeros(size, size)
        for i, r in enumerate(rates):
            nxt = i + 1 if i + 1 < m else m  # state m is "done"
            q[i, nxt] += r
            q[i, m + 1] += own_rate
            q[i, i] -= r + own_rate
        p = mp.expm(q * t)
        return p[0, m]
