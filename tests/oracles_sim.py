"""Slow, obvious reference code for the simulation tests (imports nothing from cultureservice).

* ``erlang_c_exact``: Erlang C from the exact finite sums (in log space).
* ``erlang_a_chain``: M/M/n+M (Erlang A, Erlang C when ``theta == 0``) from
  the stationary birth-death chain truncated where its terms vanish, and a
  tagged-customer argument for the waits: a contact that finds ``j`` others
  waiting passes ``j + 1`` exponential stages with rates ``n mu + k theta +
  theta`` (``k`` = contacts still ahead), each ending in an advance (rate
  ``n mu + k theta``) or in its own abandonment (rate ``theta``); the stage
  sum's distribution is computed by uniformization.
* ``fcfs_next_free``: the FCFS "agents' next-free-time" recursion for one
  queue with impatient customers (an abandoning customer never holds an
  agent, so the wait a customer would get is fixed by those served before).
"""

from __future__ import annotations

import math

import numpy as np


def _logsumexp(x: np.ndarray) -> float:
    m = float(np.max(x))
    return m + math.log(float(np.sum(np.exp(x - m))))


def erlang_c_exact(traffic: float, agents: int) -> float:
    """P(wait) of M/M/c: ``(A^c/c!) (c/(c-A)) / (sum_{k<c} A^k/k! + (A^c/c!) c/(c-A))``."""
    if traffic >= agents:
        return 1.0
    logs = [k * math.log(traffic) - math.lgamma(k + 1) for k in range(agents)]
    last = agents * math.log(traffic) - math.lgamma(agents + 1) + math.log(agents / (agents - traffic))
    return math.exp(last - _logsumexp(np.array([*logs, last])))


def erlang_a_chain(
    arrival_rate_per_s: float, mu: float, theta: float, agents: int, target_s: float
) -> dict[str, float]:
    """Stationary M/M/n+M metrics with the definitions of ``queueing.erlang_a``."""
    lam, n = arrival_rate_per_s, agents
    # stationary distribution (log), truncated in the tail where terms < e^-60
    logp = [0.0]
    k = 0
    while True:
        k += 1
        death = min(k, n) * mu + max(k - n, 0) * theta
        logp.append(logp[-1] + math.log(lam) - math.log(death))
        if k > n and logp[-1] < max(logp) - 60.0 and logp[-1] < logp[-2]:
            break
        if k > n + 2_000_000:
            raise RuntimeError("chain does not settle (unstable Erlang C?)")
    lp = np.array(logp)
    pi = np.exp(lp - _logsumexp(lp))
    waiting = pi[n:]  # arrival finds j = 0, 1, ... waiting
    n_j = waiting.shape[0]
    j = np.arange(n_j)
    advance = n * mu + j * theta  # advance rate when j are still ahead
    stage = advance + theta
    # P(served | j) and expected stage-sum pieces
    p_adv = advance / stage
    log_cum = np.cumsum(np.log(p_adv))
    p_served = np.exp(log_cum)  # stages j, j-1, ..., 0 all advance
    mean_stage = 1.0 / stage
    cum_mean = np.cumsum(mean_stage)  # E[sum of stages 0..j]
    # expected time in queue given j: E[j] = 1/stage[j] + P(advance at j) E[j - 1]
    exp_time = np.empty(n_j)
    prev_time = 0.0
    for jj in range(n_j):
        prev_time = mean_stage[jj] + p_adv[jj] * prev_time
        exp_time[jj] = prev_time
    # P(stage sum 0..j <= t) by uniformization of the pure-death chain j -> ... -> done
    big = float(stage.max())
    lt = big * target_s
    m_max = int(lt + 12.0 * math.sqrt(lt + 1.0) + 60)
    v = np.zeros(n_j)
    cdf = np.zeros(n_j)
    log_w = -lt  # Poisson(m; lt) weight, m = 0
    for m in range(m_max + 1):
        cdf += math.exp(log_w) * v
        prev = np.concatenate([[1.0], v[:-1]])
        v = (stage / big) * prev + (1.0 - stage / big) * v
        log_w += math.log(lt) - math.log(m + 1) if lt > 0 else -math.inf
    if lt == 0:
        cdf[:] = 0.0
    p_wait = float(waiting.sum())
    p_abandon = float((waiting * (1.0 - p_served)).sum())
    within = (1.0 - p_wait) + float((waiting * p_served * cdf).sum())
    answered = 1.0 - p_abandon
    return {
        "p_wait": p_wait,
        "p_abandon": p_abandon,
        "service_level": within,
        "service_level_answered": within / answered,
        "asa": float((waiting * exp_time).sum()),
        "asa_answered": float((waiting * p_served * cum_mean).sum()) / answered,
        "occupancy": lam * answered / (mu * n),
    }


def fcfs_next_free(
    arrival_s: np.ndarray, handle_s: np.ndarray, patience_s: np.ndarray, agents: int
) -> tuple[np.ndarray, np.ndarray]:
    """Waits and served flags of one FCFS queue (agents all present from time 0)."""
    free = [0.0] * agents
    waits = np.empty(arrival_s.shape[0])
    served = np.zeros(arrival_s.shape[0], dtype=bool)
    for i in range(arrival_s.shape[0]):
        t = float(arrival_s[i])
        if agents == 0:
            waits[i] = float(patience_s[i])
            continue
        k = min(range(agents), key=lambda a: free[a])
        start = max(t, free[k])
        wait = start - t
        if wait > patience_s[i]:
            waits[i] = float(patience_s[i])
        else:
            waits[i] = wait
            served[i] = True
            free[k] = start + float(handle_s[i])
    return waits, served
