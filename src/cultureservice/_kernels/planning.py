"""Kernels of the planner: deferrable work spread over its response window.

A *deferrable* contact (e-mail, messaging) need not be answered when it
arrives, only within its response target. For one stream of such contacts
over ``n`` equal intervals of ``dt`` seconds the kernel is given, per
interval ``j``:

* ``arrivals[j]``: contacts arriving in the interval;
* ``service[j]``: the share of the interval during which the market expects
  service, in [0, 1]; the response clock runs only then;
* ``window[j]``: the share of the interval during which the contacts can be
  worked (the market expects service *and* a site that speaks the language
  is open), in [0, ``service[j]``].

The contacts arriving in interval ``i`` (a *cohort*) start their clock at the
interval's start. With ``S`` the cumulative service seconds, their deadline
interval ``D`` is the first ``D >= i`` with ``S[D + 1] - S[i] >= target_s``.
The cohort's work is spread evenly over the window time of intervals
``i .. D`` (the least constant effort that answers it in time). A cohort whose
window is empty before its deadline is *late*: it is spread over the first
``target_s`` seconds of window time after the deadline instead. Work that
finds no window before the last interval is left unhandled.

Spreading uses difference arrays, so a stream costs O(n) whatever the target:
cohort ``i`` adds ``rho_i = arrivals[i] / W_i`` (contacts per window second)
to every interval of its span, and interval ``j`` handles
``window[j] * dt * sum(rho)`` contacts. An integer count of the cohorts
active in each interval resets the running sum to exactly 0 between spans.
"""

from __future__ import annotations

import numpy as np

from cultureservice._kernels._jit import kernel, parallel_kernel, prange

__all__ = ["defer_into", "defer_one"]


@kernel
def defer_one(arrivals, service, window, target_s, dt, handled, handled_late, late, age_sum):  # type: ignore[no-untyped-def]
    """Spread one stream's deferrable work; writes the four 1-D outputs (length ``n``).

    ``handled[j]``: contacts answered in interval ``j``; ``handled_late[j]``:
    the part of them answered after their deadline; ``late[i]``: contacts
    arriving in ``i`` that cannot be answered by their deadline;
    ``age_sum[j]``: contacts answered in ``j`` times their age (interval
    starts apart) in seconds. Outputs are overwritten, inputs only read.
    """
    n = arrivals.shape[0]
    cum_s = np.zeros(n + 1)
    cum_w = np.zeros(n + 1)
    for j in range(n):
        cum_s[j + 1] = cum_s[j] + service[j] * dt
        cum_w[j + 1] = cum_w[j] + window[j] * dt
    nxt = np.empty(n + 1, dtype=np.int64)  # first interval >= j with window > 0 (n if none)
    nxt[n] = n
    for j in range(n - 1, -1, -1):
        nxt[j] = j if window[j] > 0.0 else nxt[j + 1]
    rate = np.zeros(n + 1)  # difference arrays: contacts per window second, on time
    rate_t = np.zeros(n + 1)  # the same times the arrival interval index
    rate_late = np.zeros(n + 1)
    rate_late_t = np.zeros(n + 1)
    active = np.zeros(n + 1, dtype=np.int64)
    active_late = np.zeros(n + 1, dtype=np.int64)
    for j in range(n):
        late[j] = 0.0
    d = 0
    h = 0
    for i in range(n):
        v = arrivals[i]
        if v <= 0.0:
            continue
        d = max(d, i)
        while d < n and cum_s[d + 1] - cum_s[i] < target_s:
            d += 1
        last = d if d < n else n - 1
        w_total = cum_w[last + 1] - cum_w[i]
        if w_total > 0.0:
            r = v / w_total
            rate[i] += r
            rate[last + 1] -= r
            rate_t[i] += r * i
            rate_t[last + 1] -= r * i
            active[i] += 1
            active[last + 1] -= 1
            continue
        if d >= n:
            continue  # deadline beyond the last interval and no window before it: unhandled, not known late
        late[i] = v
        k = nxt[i]
        if k >= n:
            continue  # no window left: stays in the backlog
        h = max(h, k)
        while h < n - 1 and cum_w[h + 1] - cum_w[k] < target_s:
            h += 1
        w_total = cum_w[h + 1] - cum_w[k]
        r = v / w_total
        rate_late[k] += r
        rate_late[h + 1] -= r
        rate_late_t[k] += r * i
        rate_late_t[h + 1] -= r * i
        active_late[k] += 1
        active_late[h + 1] -= 1
    run = 0.0
    run_t = 0.0
    run_l = 0.0
    run_lt = 0.0
    count = 0
    count_l = 0
    for j in range(n):
        count += active[j]
        count_l += active_late[j]
        if count == 0:
            run = 0.0
            run_t = 0.0
        else:
            run += rate[j]
            run_t += rate_t[j]
        if count_l == 0:
            run_l = 0.0
            run_lt = 0.0
        else:
            run_l += rate_late[j]
            run_lt += rate_late_t[j]
        seconds = window[j] * dt
        on_time = seconds * run
        after = seconds * run_l
        handled[j] = on_time + after
        handled_late[j] = after
        age = seconds * ((run + run_l) * j - (run_t + run_lt)) * dt
        age_sum[j] = max(age, 0.0)


@parallel_kernel
def defer_into(arrivals, service, service_row, window, target_s, dt, handled, handled_late, late, age_sum):  # type: ignore[no-untyped-def]
    """:func:`defer_one` for every row ``p`` of the 2-D arrays, in parallel.

    ``service[service_row[p]]`` is the service share of row ``p``'s market;
    ``target_s[p]`` its response target.
    """
    for p in prange(arrivals.shape[0]):
        defer_one(
            arrivals[p], service[service_row[p]], window[p], target_s[p], dt,
            handled[p], handled_late[p], late[p], age_sum[p],
        )
