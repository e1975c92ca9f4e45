"""Discrete-event simulation of a multi-skill contact centre (numba kernels).

The model, in the order the kernel applies it:

* **Contacts** arrive in a given order (``arrival_s`` non-decreasing) to a queue
  each, carrying a drawn base handle time and a patience (``inf``: never
  abandons). A contact that finds an eligible agent starts at once; otherwise it
  waits in its queue's FIFO until an agent takes it or its patience runs out
  (it is then *abandoned*; waiting entries are cancelled lazily).
* **Channels.** ``PHONE`` and ``DEFERRABLE`` (e-mail, messaging) contacts take
  the agent's whole attention; ``CHAT`` contacts of queue ``q`` may be held up to
  ``concurrency[q]`` at a time, and a chat accepted as the agent's ``m``-th
  concurrent contact has handle time ``base * (1 + slowdown[q] * (m - 1))``,
  fixed when it is accepted. An agent holding chats takes only more chats.
* **Routing.** A free agent (one that has just finished a contact, joined, or
  still has chat capacity) takes, among the queues of its group's skills that
  it may serve, the head contact of the best queue: live work (phone, chat)
  before deferrable work, then the higher queue priority, then the longest
  waiting head. An arriving contact goes to the least-loaded eligible agent:
  idle agents first, then chat agents by number of chats held; among equals the
  group that lists the queue earliest among its skills (then group order), and
  within a group the agent that became available last.
* **Staffing** changes at interval boundaries: idle agents leave first (the
  one that became available last first); if more must go, busy agents (highest
  ids of the group first; joining agents take the lowest free ids) are marked
  *leaving*, take no new work and leave when the contact(s) in hand are
  finished. When staffing rises, leaving agents are kept first (lowest ids
  first), then absent ones join and take waiting work at once.
* **Simultaneous events** run in this order: departures and abandonments, then
  the interval boundary, then arrivals (intervals are half-open ``[start, end)``).

Everything is arrays of plain numbers. The parallel driver draws each
replication's contacts from numba's generator seeded with that replication's
seed inside the ``prange`` loop, so results do not depend on the thread count
or on how replications are grouped into chunks.
"""

from __future__ import annotations

import numpy as np

from cultureservice._kernels._jit import kernel, parallel_kernel, prange

__all__ = [
    "PHONE",
    "CHAT",
    "DEFERRABLE",
    "WAITING",
    "SERVED",
    "ABANDONED",
    "EXPONENTIAL",
    "LOGNORMAL",
    "EMPIRICAL",
    "N_QUEUE_STATS",
    "simulate_contacts",
    "generate_contacts",
    "simulate_replications",
]

# channel kinds
PHONE = 0
CHAT = 1
DEFERRABLE = 2

# contact status
PENDING = 0
WAITING = 1
SERVED = 2
ABANDONED = 3

# handle-time distributions
EXPONENTIAL = 0
LOGNORMAL = 1
EMPIRICAL = 2

# per queue x interval statistics (columns of ``queue_stats``)
Q_OFFERED = 0
Q_ANSWERED = 1
Q_ABANDONED = 2
Q_WAITING_END = 3  # arrived in the interval, still waiting at the horizon
Q_QUEUED = 4  # found no eligible agent on arrival
Q_WITHIN = 5  # answered with wait <= target
Q_WAIT_ANSWERED = 6  # sum of waits of answered contacts [s]
Q_WAIT_ALL = 7  # sum of time in queue of all offered (censored at the horizon) [s]
Q_QUEUE_AREA = 8  # integral of the number waiting over the interval [contact s]
Q_BACKLOG = 9  # number waiting at the end of the interval
N_QUEUE_STATS = 10

# per group x interval statistics (columns of ``group_stats``)
G_BUSY = 0  # integral of agents holding at least one contact [agent s]
G_PRESENT = 1  # integral of agents present (active or finishing) [agent s]
N_GROUP_STATS = 2


@kernel
def _bucket_remove(a, g, bucket, bucket_size, agent_pos, agent_level):  # type: ignore[no-untyped-def]
    level = agent_level[a]
    if level < 0:
        return
    k = agent_pos[a]
    last = bucket_size[g, level] - 1
    other = bucket[g, level, last]
    bucket[g, level, k] = other
    agent_pos[other] = k
    bucket_size[g, level] = last
    agent_level[a] = -1


@kernel
def _heapsort(x, m):  # type: ignore[no-untyped-def]
    """Sort ``x[:m]`` in place (heapsort: small to compile, unlike ``np.sort``)."""
    for start in range(m // 2 - 1, -1, -1):
        i = start
        while True:
            child = 2 * i + 1
            if child >= m:
                break
            if child + 1 < m and x[child + 1] > x[child]:
                child += 1
            if x[i] >= x[child]:
                break
            x[i], x[child] = x[child], x[i]
            i = child
    for end in range(m - 1, 0, -1):
        x[0], x[end] = x[end], x[0]
        i = 0
        while True:
            child = 2 * i + 1
            if child >= end:
                break
            if child + 1 < end and x[child + 1] > x[child]:
                child += 1
            if x[i] >= x[child]:
                break
            x[i], x[child] = x[child], x[i]
            i = child


@kernel
def _quantile_sorted(x, m, p):  # type: ignore[no-untyped-def]
    pos = p * (m - 1)
    lo = int(np.floor(pos))
    if lo >= m - 1:
        return x[m - 1]
    frac = pos - lo
    return x[lo] + frac * (x[lo + 1] - x[lo])


@kernel
def _change_staffing(  # type: ignore[no-untyped-def]
    cur, t, staffing, group_start, bucket, bucket_size, agent_pos, agent_level, agent_state,
    active, present, busy, group_last, group_stats, to_fill, n_fill,
):
    """Apply interval ``cur``'s staffing at time ``t``; agents that must look for work go to ``to_fill``."""
    n_groups = staffing.shape[0]
    # removals first (idle agents, then busy ones marked leaving)
    for g in range(n_groups):
        target = staffing[g, cur]
        while active[g] > target and bucket_size[g, 0] > 0:
            a = bucket[g, 0, bucket_size[g, 0] - 1]
            _bucket_remove(a, g, bucket, bucket_size, agent_pos, agent_level)
            agent_state[a] = 0
            active[g] -= 1
            group_stats[g, cur, G_PRESENT] += present[g] * (t - group_last[g])
            group_stats[g, cur, G_BUSY] += busy[g] * (t - group_last[g])
            group_last[g] = t
            present[g] -= 1
        a = group_start[g + 1] - 1
        while active[g] > target:
            if agent_state[a] == 1:
                _bucket_remove(a, g, bucket, bucket_size, agent_pos, agent_level)
                agent_state[a] = 2
                active[g] -= 1
            a -= 1
    # then additions: leaving agents stay first, then absent ones join
    for g in range(n_groups):
        target = staffing[g, cur]
        for wanted in (2, 0):
            a = group_start[g]
            while active[g] < target and a < group_start[g + 1]:
                if agent_state[a] == wanted:
                    agent_state[a] = 1
                    active[g] += 1
                    if wanted == 0:
                        group_stats[g, cur, G_PRESENT] += present[g] * (t - group_last[g])
                        group_stats[g, cur, G_BUSY] += busy[g] * (t - group_last[g])
                        group_last[g] = t
                        present[g] += 1
                    to_fill[n_fill] = a
                    n_fill += 1
                a += 1
    return n_fill


@kernel
def _summarise(  # type: ignore[no-untyped-def]
    queue_of, arrival_s, arrival_interval, status, queued, target_s, horizon, queue_stats, wait_out, status_out
):
    """Per-contact outcomes into per queue x interval counts; censor waits at the horizon."""
    n = queue_of.shape[0]
    for c in range(n):
        q = queue_of[c]
        i = arrival_interval[c]
        st = status[c]
        if st == WAITING:
            wait_out[c] = horizon - arrival_s[c]
            queue_stats[q, i, Q_WAITING_END] += 1.0
        elif st == SERVED:
            queue_stats[q, i, Q_ANSWERED] += 1.0
            queue_stats[q, i, Q_WAIT_ANSWERED] += wait_out[c]
            if wait_out[c] <= target_s[q]:
                queue_stats[q, i, Q_WITHIN] += 1.0
        elif st == ABANDONED:
            queue_stats[q, i, Q_ABANDONED] += 1.0
        queue_stats[q, i, Q_OFFERED] += 1.0
        if queued[c]:
            queue_stats[q, i, Q_QUEUED] += 1.0
        queue_stats[q, i, Q_WAIT_ALL] += wait_out[c]
        status_out[c] = st


@kernel
def _wait_quantiles(  # type: ignore[no-untyped-def]
    queue_off, queue_list, arrival_interval, status, wait_out, quantiles, first_reported, wait_quantiles
):
    """Quantiles of answered waits per queue x interval, and per queue over intervals >= first_reported."""
    n_queues = queue_off.shape[0] - 1
    n_intervals = wait_quantiles.shape[1] - 1
    n_quantiles = quantiles.shape[0]
    n = queue_list.shape[0]
    wait_quantiles[:] = np.nan
    buf = np.empty(max(n, 1))
    for q in range(n_queues):
        k = queue_off[q]
        end = queue_off[q + 1]
        while k < end:
            i = arrival_interval[queue_list[k]]
            m = 0
            while k < end and arrival_interval[queue_list[k]] == i:
                c = queue_list[k]
                if status[c] == SERVED:
                    buf[m] = wait_out[c]
                    m += 1
                k += 1
            if m > 0:
                _heapsort(buf, m)
                for p in range(n_quantiles):
                    wait_quantiles[q, i, p] = _quantile_sorted(buf, m, quantiles[p])
        m = 0
        for k in range(queue_off[q], queue_off[q + 1]):
            c = queue_list[k]
            if status[c] == SERVED and arrival_interval[c] >= first_reported:
                buf[m] = wait_out[c]
                m += 1
        if m > 0:
            _heapsort(buf, m)
            for p in range(n_quantiles):
                wait_quantiles[q, n_intervals, p] = _quantile_sorted(buf, m, quantiles[p])


@kernel
def simulate_contacts(  # type: ignore[no-untyped-def]  # noqa: C901 (one event loop)
    arrival_s,
    queue_of,
    handle_s,
    patience_s,
    interval_end_s,
    staffing,
    group_skills,
    queue_groups,
    channel_kind,
    concurrency,
    slowdown,
    priority,
    target_s,
    quantiles,
    first_reported,
    queue_stats,
    group_stats,
    wait_quantiles,
    wait_out,
    status_out,
    agent_out,
    end_out,
):
    """Run one replication over given contacts; fill the caller's output arrays.

    Parameters (all numpy arrays; ``n`` contacts, ``Q`` queues, ``G`` groups,
    ``I`` intervals, ``S`` skill slots, ``P`` quantiles):
    arrival_s (n,) float64 non-decreasing, < interval_end_s[-1];
    queue_of (n,) int64; handle_s (n,) float64 base handle times; patience_s (n,)
    float64 (``inf`` = never abandons); interval_end_s (I,) increasing, the first
    interval starting at 0; staffing (G, I) int64; group_skills (G, S) int64 queue
    ids in priority order, padded with -1; queue_groups (Q, G) int64 group ids in
    preference order for arrivals, padded with -1; channel_kind, concurrency,
    priority (Q,) int64; slowdown, target_s (Q,) float64; quantiles (P,) in [0, 1].

    first_reported is the first interval counted in the per-queue totals of
    wait quantiles.

    Outputs: queue_stats (Q, I, N_QUEUE_STATS), group_stats (G, I, N_GROUP_STATS),
    wait_quantiles (Q, I + 1, P) (quantiles of answered waits per interval and,
    in slot I, over intervals >= first_reported; NaN if none answered), and per
    contact wait_out (time in queue, censored at the horizon), status_out
    (WAITING at the horizon, SERVED or ABANDONED), agent_out (-1 if not served)
    and end_out (departure time; NaN if not served).
    """
    n = arrival_s.shape[0]
    n_queues = channel_kind.shape[0]
    n_groups = staffing.shape[0]
    n_intervals = interval_end_s.shape[0]
    n_skills = group_skills.shape[1]
    horizon = interval_end_s[n_intervals - 1]
    inf = np.inf

    queue_stats[:] = 0.0
    group_stats[:] = 0.0

    # --- agents: a contiguous block of ids per group, as many as its peak staffing
    group_start = np.zeros(n_groups + 1, np.int64)
    cap_max = 1
    for g in range(n_groups):
        cap = 0
        for i in range(n_intervals):
            if staffing[g, i] > cap:
                cap = staffing[g, i]
        group_start[g + 1] = group_start[g] + cap
        if cap > cap_max:
            cap_max = cap
    n_agents = group_start[n_groups]
    levels = 1
    for q in range(n_queues):
        if channel_kind[q] == CHAT and concurrency[q] > levels:
            levels = concurrency[q]
    agent_group = np.empty(n_agents, np.int64)
    for g in range(n_groups):
        for a in range(group_start[g], group_start[g + 1]):
            agent_group[a] = g
    agent_load = np.zeros(n_agents, np.int64)
    agent_exclusive = np.zeros(n_agents, np.bool_)
    agent_state = np.zeros(n_agents, np.int64)  # 0 absent, 1 active, 2 leaving
    agent_pos = np.zeros(n_agents, np.int64)
    agent_level = np.full(n_agents, -1, np.int64)
    bucket = np.empty((n_groups, levels, cap_max), np.int64)
    bucket_size = np.zeros((n_groups, levels), np.int64)
    active = np.zeros(n_groups, np.int64)
    present = np.zeros(n_groups, np.int64)
    busy = np.zeros(n_groups, np.int64)
    group_last = np.zeros(n_groups)

    # --- queues: contact ids per queue in arrival order; the head skips lazily
    queue_off = np.zeros(n_queues + 1, np.int64)
    for c in range(n):
        queue_off[queue_of[c] + 1] += 1
    for q in range(n_queues):
        queue_off[q + 1] += queue_off[q]
    queue_list = np.empty(max(n, 1), np.int64)
    fill = queue_off[:n_queues].copy()
    for c in range(n):
        q = queue_of[c]
        queue_list[fill[q]] = c
        fill[q] += 1
    queue_head = queue_off[:n_queues].copy()
    waiting = np.zeros(n_queues, np.int64)
    queue_last = np.zeros(n_queues)

    status = np.zeros(n, np.int8)
    queued = np.zeros(n, np.bool_)
    arrival_interval = np.zeros(n, np.int64)
    for c in range(n):
        agent_out[c] = -1
        end_out[c] = np.nan
        wait_out[c] = 0.0

    heap_t = np.empty(2 * n + 1)
    heap_c = np.empty(2 * n + 1, np.int64)
    heap_size = 0

    cur = 0
    t = 0.0
    next_arrival = 0

    # before a count changes, count * (t - last change) is added to the
    # current interval's integral.
    # agents that must look for work after the current event (one place does it)
    to_fill = np.empty(max(n_agents, 1), np.int64)
    n_fill = 0
    boundary = True  # staff interval 0 at t = 0
    while True:
        if boundary:
            boundary = False
            n_fill = _change_staffing(
                cur, t, staffing, group_start, bucket, bucket_size, agent_pos, agent_level, agent_state,
                active, present, busy, group_last, group_stats, to_fill, n_fill,
            )
        else:
            t_heap = heap_t[0] if heap_size > 0 else inf
            t_arrival = arrival_s[next_arrival] if next_arrival < n else inf
            t_boundary = interval_end_s[cur]
            if t_heap <= t_arrival and t_heap <= t_boundary:
                if t_heap >= horizon:
                    break
                t = t_heap
                code = heap_c[0]
                # heap pop, inlined
                heap_size -= 1
                if heap_size > 0:
                    t_last = heap_t[heap_size]
                    c_last = heap_c[heap_size]
                    i = 0
                    while True:
                        child = 2 * i + 1
                        if child >= heap_size:
                            break
                        if child + 1 < heap_size and heap_t[child + 1] < heap_t[child]:
                            child += 1
                        if heap_t[child] >= t_last:
                            break
                        heap_t[i] = heap_t[child]
                        heap_c[i] = heap_c[child]
                        i = child
                    heap_t[i] = t_last
                    heap_c[i] = c_last
                c = code >> 1
                if code & 1:
                    # abandonment (ignored if the contact was taken meanwhile)
                    if status[c] == WAITING:
                        q = queue_of[c]
                        status[c] = ABANDONED
                        wait_out[c] = t - arrival_s[c]
                        queue_stats[q, cur, Q_QUEUE_AREA] += waiting[q] * (t - queue_last[q])
                        queue_last[q] = t
                        waiting[q] -= 1
                    continue
                # departure
                a = agent_out[c]
                g = agent_group[a]
                level = agent_level[a]
                if level >= 0:
                    k = agent_pos[a]
                    last = bucket_size[g, level] - 1
                    other = bucket[g, level, last]
                    bucket[g, level, k] = other
                    agent_pos[other] = k
                    bucket_size[g, level] = last
                    agent_level[a] = -1
                agent_load[a] -= 1
                if agent_load[a] == 0:
                    agent_exclusive[a] = False
                    group_stats[g, cur, G_PRESENT] += present[g] * (t - group_last[g])
                    group_stats[g, cur, G_BUSY] += busy[g] * (t - group_last[g])
                    group_last[g] = t
                    busy[g] -= 1
                if agent_state[a] == 2:
                    if agent_load[a] == 0:
                        agent_state[a] = 0
                        group_stats[g, cur, G_PRESENT] += present[g] * (t - group_last[g])
                        group_stats[g, cur, G_BUSY] += busy[g] * (t - group_last[g])
                        group_last[g] = t
                        present[g] -= 1
                    continue
                to_fill[n_fill] = a
                n_fill += 1
            elif t_arrival < t_boundary:
                # arrival: the contact joins its queue; an eligible parked agent
                # (idle first, then chat agents by load) is woken to take it
                t = t_arrival
                c = next_arrival
                next_arrival += 1
                q = queue_of[c]
                arrival_interval[c] = cur
                status[c] = WAITING
                queue_stats[q, cur, Q_QUEUE_AREA] += waiting[q] * (t - queue_last[q])
                queue_last[q] = t
                waiting[q] += 1
                top = concurrency[q] if channel_kind[q] == CHAT else 1
                chosen = -1
                for level in range(top):
                    for j in range(n_groups):
                        g = queue_groups[q, j]
                        if g < 0:
                            break
                        if bucket_size[g, level] > 0:
                            chosen = bucket[g, level, bucket_size[g, level] - 1]
                            break
                    if chosen >= 0:
                        break
                if chosen < 0:
                    queued[c] = True
                    if patience_s[c] < inf:
                        # heap push (t + patience_s[c], 2 * c + 1), inlined: this is the hot path
                        i = heap_size
                        heap_size += 1
                        while i > 0:
                            parent = (i - 1) >> 1
                            if heap_t[parent] <= t + patience_s[c]:
                                break
                            heap_t[i] = heap_t[parent]
                            heap_c[i] = heap_c[parent]
                            i = parent
                        heap_t[i] = t + patience_s[c]
                        heap_c[i] = 2 * c + 1
                    continue
                g = agent_group[chosen]
                level = agent_level[chosen]
                if level >= 0:
                    k = agent_pos[chosen]
                    last = bucket_size[g, level] - 1
                    other = bucket[g, level, last]
                    bucket[g, level, k] = other
                    agent_pos[other] = k
                    bucket_size[g, level] = last
                    agent_level[chosen] = -1
                to_fill[n_fill] = chosen
                n_fill += 1
            else:
                # interval boundary: close the integrals of interval ``cur``
                t = t_boundary
                for g in range(n_groups):
                    group_stats[g, cur, G_PRESENT] += present[g] * (t - group_last[g])
                    group_stats[g, cur, G_BUSY] += busy[g] * (t - group_last[g])
                    group_last[g] = t
                for q in range(n_queues):
                    queue_stats[q, cur, Q_QUEUE_AREA] += waiting[q] * (t - queue_last[q])
                    queue_last[q] = t
                    queue_stats[q, cur, Q_BACKLOG] = waiting[q]
                if cur == n_intervals - 1:
                    break
                cur += 1
                boundary = True
                continue

        # free agents take the best eligible waiting contacts (live before
        # deferrable, higher queue priority, longest-waiting head), then park
        while n_fill > 0:
            n_fill -= 1
            a = to_fill[n_fill]
            g = agent_group[a]
            while not agent_exclusive[a]:
                best = -1
                best_class = 0
                best_priority = 0
                best_arrival = inf
                for s in range(n_skills):
                    q = group_skills[g, s]
                    if q < 0:
                        break
                    if waiting[q] == 0:
                        continue
                    kind = channel_kind[q]
                    if agent_load[a] > 0 and (kind != CHAT or agent_load[a] >= concurrency[q]):
                        continue
                    h = queue_head[q]
                    while status[queue_list[h]] != WAITING:
                        h += 1
                    queue_head[q] = h
                    c = queue_list[h]
                    cls = 1 if kind == DEFERRABLE else 0
                    if (
                        best < 0
                        or cls < best_class
                        or (cls == best_class and priority[q] > best_priority)
                        or (cls == best_class and priority[q] == best_priority and arrival_s[c] < best_arrival)
                    ):
                        best = c
                        best_class = cls
                        best_priority = priority[q]
                        best_arrival = arrival_s[c]
                if best < 0:
                    break
                # agent a takes contact ``best``
                c = best
                q = queue_of[c]
                queue_stats[q, cur, Q_QUEUE_AREA] += waiting[q] * (t - queue_last[q])
                queue_last[q] = t
                waiting[q] -= 1
                status[c] = SERVED
                wait_out[c] = t - arrival_s[c]
                if agent_load[a] == 0:
                    group_stats[g, cur, G_PRESENT] += present[g] * (t - group_last[g])
                    group_stats[g, cur, G_BUSY] += busy[g] * (t - group_last[g])
                    group_last[g] = t
                    busy[g] += 1
                agent_load[a] += 1
                dur = handle_s[c]
                if channel_kind[q] == CHAT:
                    dur *= 1.0 + slowdown[q] * (agent_load[a] - 1)
                else:
                    agent_exclusive[a] = True
                agent_out[c] = a
                end_out[c] = t + dur
                # heap push (t + dur, 2 * c), inlined: this is the hot path
                i = heap_size
                heap_size += 1
                while i > 0:
                    parent = (i - 1) >> 1
                    if heap_t[parent] <= t + dur:
                        break
                    heap_t[i] = heap_t[parent]
                    heap_c[i] = heap_c[parent]
                    i = parent
                heap_t[i] = t + dur
                heap_c[i] = 2 * c
            if not agent_exclusive[a] and agent_load[a] < levels:
                level = agent_load[a]
                k = bucket_size[g, level]
                bucket[g, level, k] = a
                agent_pos[a] = k
                agent_level[a] = level
                bucket_size[g, level] = k + 1

    # --- the horizon: close the last interval (idempotent if already closed)
    t = horizon
    for g in range(n_groups):
        group_stats[g, cur, G_PRESENT] += present[g] * (t - group_last[g])
        group_stats[g, cur, G_BUSY] += busy[g] * (t - group_last[g])
        group_last[g] = t
    for q in range(n_queues):
        queue_stats[q, cur, Q_QUEUE_AREA] += waiting[q] * (t - queue_last[q])
        queue_last[q] = t
        queue_stats[q, cur, Q_BACKLOG] = waiting[q]

    _summarise(
        queue_of, arrival_s, arrival_interval, status, queued, target_s, horizon, queue_stats, wait_out, status_out
    )
    if quantiles.shape[0] > 0:
        _wait_quantiles(
            queue_off, queue_list, arrival_interval, status, wait_out, quantiles, first_reported, wait_quantiles
        )


@kernel
def generate_contacts(  # type: ignore[no-untyped-def]
    interval_end_s,
    rate_per_s,
    handle_kind,
    handle_a,
    handle_b,
    sample_s,
    sample_off,
    patience_mean_s,
    arrival_s,
    queue_of,
    handle_s,
    patience_s,
):
    """Draw contacts with numba's (already seeded) generator; return how many, or -1.

    Arrivals form a non-homogeneous Poisson process with piecewise-constant
    rates ``rate_per_s[q, i]`` per interval: the superposed stream is drawn at
    the total rate (restarting at each boundary, which is exact because the
    exponential is memoryless) and each arrival picks its queue with
    probability ``rate_per_s[q, i] / total``. Handle times: EXPONENTIAL (mean
    ``handle_a``), LOGNORMAL (``exp(N(handle_a, handle_b**2))``) or EMPIRICAL
    (uniform over ``sample_s[sample_off[q]:sample_off[q + 1]]``). Patience is
    exponential with mean ``patience_mean_s`` (``inf``: never abandons). Returns
    -1 if the output arrays are too short (the caller retries with longer ones).
    """
    n_queues = rate_per_s.shape[0]
    n_intervals = interval_end_s.shape[0]
    capacity = arrival_s.shape[0]
    n = 0
    t = 0.0
    for i in range(n_intervals):
        end = interval_end_s[i]
        total = 0.0
        last_positive = 0
        for q in range(n_queues):
            if rate_per_s[q, i] > 0.0:
                total += rate_per_s[q, i]
                last_positive = q
        if total <= 0.0:
            t = end
            continue
        mean_gap = 1.0 / total
        while True:
            t += np.random.exponential(mean_gap)
            if t >= end:
                t = end
                break
            if n >= capacity:
                return -1
            q = 0
            if n_queues > 1:
                u = np.random.random() * total
                acc = rate_per_s[0, i]
                while acc <= u and q < last_positive:
                    q += 1
                    acc += rate_per_s[q, i]
                while rate_per_s[q, i] <= 0.0:
                    q -= 1
            kind = handle_kind[q]
            if kind == EXPONENTIAL:
                h = np.random.exponential(handle_a[q])
            elif kind == LOGNORMAL:
                h = np.random.lognormal(handle_a[q], handle_b[q])
            else:
                lo = sample_off[q]
                h = sample_s[lo + np.random.randint(0, sample_off[q + 1] - lo)]
            p = patience_mean_s[q]
            if p < np.inf:
                p = np.random.exponential(p)
            arrival_s[n] = t
            queue_of[n] = q
            handle_s[n] = h
            patience_s[n] = p
            n += 1
    return n


@parallel_kernel
def simulate_replications(  # type: ignore[no-untyped-def]
    seeds,
    n_chunks,
    capacity,
    interval_end_s,
    rate_per_s,
    handle_kind,
    handle_a,
    handle_b,
    sample_s,
    sample_off,
    patience_mean_s,
    staffing,
    group_skills,
    queue_groups,
    channel_kind,
    concurrency,
    slowdown,
    priority,
    target_s,
    quantiles,
    first_reported,
    queue_stats,
    group_stats,
    wait_quantiles,
    contacts,
):
    """Run ``len(seeds)`` independent replications in parallel.

    The ``prange`` loop runs ``n_chunks`` chunks, each with its own contact
    buffers (``capacity`` long) reused by its replications ``r = chunk, chunk +
    n_chunks, ...``. Replication ``r`` seeds numba's generator with
    ``seeds[r]``, draws its contacts and simulates them into
    ``queue_stats[r]``, ``group_stats[r]`` and ``wait_quantiles[r]``, so its
    result depends on neither the chunking nor the thread running it.
    ``contacts[r]`` receives the number of contacts, or -1 when ``capacity``
    was too small (the caller reruns that replication with a larger one).
    """
    n_rep = seeds.shape[0]
    for chunk in prange(n_chunks):
        arrival_s = np.empty(capacity)
        queue_of = np.empty(capacity, np.int64)
        handle_s = np.empty(capacity)
        patience_s = np.empty(capacity)
        wait = np.empty(capacity)
        status = np.empty(capacity, np.int8)
        agent = np.empty(capacity, np.int64)
        end = np.empty(capacity)
        for r in range(chunk, n_rep, n_chunks):
            np.random.seed(seeds[r])
            n = generate_contacts(
                interval_end_s,
                rate_per_s,
                handle_kind,
                handle_a,
                handle_b,
                sample_s,
                sample_off,
                patience_mean_s,
                arrival_s,
                queue_of,
                handle_s,
                patience_s,
            )
            contacts[r] = n
            if n >= 0:
                simulate_contacts(
                    arrival_s[:n],
                    queue_of[:n],
                    handle_s[:n],
                    patience_s[:n],
                    interval_end_s,
                    staffing,
                    group_skills,
                    queue_groups,
                    channel_kind,
                    concurrency,
                    slowdown,
                    priority,
                    target_s,
                    quantiles,
                    first_reported,
                    queue_stats[r],
                    group_stats[r],
                    wait_quantiles[r],
                    wait[:n],
                    status[:n],
                    agent[:n],
                    end[:n],
                )
