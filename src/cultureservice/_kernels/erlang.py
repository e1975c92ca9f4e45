"""Queueing kernels: Erlang B, C and A, and staffing searches.

All loops take plain float64 / int64 arrays and write into caller-allocated
``out`` arrays. Notation inside: ``a`` offered load [Erlang], ``n`` agents,
``h`` mean handle time [s], ``t`` target answer time [s], ``lam`` arrival rate
[1/s], ``theta`` abandonment rate 1/patience [1/s].

Erlang B is computed by the forward recursion ``B(k) = a B(k-1) / (k + a B(k-1))``
started ``8 sqrt(a) + 5`` agents below ``min(n, a)`` from the fluid value
``1 - k/a``: the recursion damps a relative error by ``k / (k + a B)`` per step,
so the start error is gone (below 1e-17) long before ``n``. That makes one
evaluation O(sqrt(a) + max(n - a, 0)) instead of O(n), with no factorials and
no overflow.

Erlang A (M/M/n+M) is exact: the stationary birth-death chain gives
``P(wait) = S / (1/B - 1 + S)`` with ``S = sigma(x, y)``, ``x = n mu / theta``,
``y = lam / theta`` and ``sigma(c, z) = sum_k z^k / ((c+1)...(c+k))``; the wait
distributions follow from regularized incomplete gamma ratios (see the
explanation page "Erlang B, C and A").
"""

from __future__ import annotations

import math

from cultureservice._kernels._jit import kernel

_LOG_2PI = math.log(2.0 * math.pi)
_EPS = 1e-17
_MAX_ITER = 100_000_000


# ---------------------------------------------------------------- Erlang B / C


@kernel
def reciprocal_b(a, n):  # type: ignore[no-untyped-def]
    """``1 / B(n, a)`` by the fused recursion ``r(k) = 1 + (k/a) r(k-1)``; ``a > 0``, ``n >= 0``.

    Started ``8 sqrt(a) + 5`` agents below ``min(n, a)`` from the fluid value
    ``a / (a - k)``; a relative error shrinks by ``1 - B(k)`` per step. Overflows
    to ``inf`` only where ``B < 1e-308``.
    """
    k0 = int(min(float(n), a) - 8.0 * math.sqrt(a) - 5.0)
    if k0 <= 0:
        k0 = 0
        r = 1.0
    else:
        r = a / (a - k0)
    inv_a = 1.0 / a
    for k in range(k0 + 1, n + 1):
        r = 1.0 + (k * inv_a) * r
    return r


@kernel
def erlang_b_one(a, n):  # type: ignore[no-untyped-def]
    """Erlang B blocking probability for load ``a`` and ``n`` agents."""
    if n <= 0:
        return 1.0
    if a <= 0.0:
        return 0.0
    return 1.0 / reciprocal_b(a, n)


@kernel
def erlang_c_from_b(a, n, b):  # type: ignore[no-untyped-def]
    """Erlang C from Erlang B; 1 when ``n <= a`` (for ``a > 0``), 0 when ``a == 0``."""
    if a <= 0.0:
        return 0.0
    if n <= a:
        return 1.0
    c = n * b / (n - a * (1.0 - b))
    return c if c < 1.0 else 1.0


@kernel
def erlang_b_into(traffic, agents, out):  # type: ignore[no-untyped-def]
    for i in range(traffic.shape[0]):
        out[i] = erlang_b_one(traffic[i], agents[i])


@kernel
def erlang_c_into(traffic, agents, out):  # type: ignore[no-untyped-def]
    for i in range(traffic.shape[0]):
        a = traffic[i]
        n = agents[i]
        out[i] = erlang_c_from_b(a, n, erlang_b_one(a, n))


@kernel
def erlang_c_metrics_into(traffic, agents, handle_time, target, sl_out, asa_out):  # type: ignore[no-untyped-def]
    """Service level P(wait <= target) and mean wait for M/M/n (Erlang C)."""
    for i in range(traffic.shape[0]):
        a = traffic[i]
        n = agents[i]
        h = handle_time[i]
        if a <= 0.0:
            sl_out[i] = 1.0
            asa_out[i] = 0.0
            continue
        if n <= a:
            sl_out[i] = 0.0
            asa_out[i] = math.inf
            continue
        c = erlang_c_from_b(a, n, erlang_b_one(a, n))
        sl = 1.0 - c * math.exp(-(n - a) * target[i] / h)
        sl_out[i] = sl if sl > 0.0 else 0.0
        asa_out[i] = c * h / (n - a)


# ---------------------------------------------------------------- Erlang A helpers


@kernel
def _log1pmx(d):  # type: ignore[no-untyped-def]
    """``log(1 + d) - d`` without cancellation for small ``d``."""
    if abs(d) > 0.1:
        return math.log1p(d) - d
    # -d^2/2 + d^3/3 - d^4/4 + ...
    term = -d * d
    s = 0.0
    k = 2
    while True:
        piece = term / k
        s += piece
        if abs(piece) <= 1e-18 * abs(s):
            break
        term *= -d
        k += 1
    return s


@kernel
def _log_d(c, z):  # type: ignore[no-untyped-def]
    """``log(exp(-z) z**c / Gamma(c + 1))`` for ``c >= 0``, ``z > 0``, accurate for large ``c``."""
    if c < 30.0:
        return -z + c * math.log(z) - math.lgamma(c + 1.0)
    d = z / c - 1.0
    ic = 1.0 / c
    ic2 = ic * ic
    stirling = ic * (1.0 / 12.0 - ic2 * (1.0 / 360.0 - ic2 * (1.0 / 1260.0 - ic2 / 1680.0)))
    return c * _log1pmx(d) - 0.5 * (_LOG_2PI + math.log(c)) - stirling


@kernel
def _log_q_cf(c, z):  # type: ignore[no-untyped-def]
    """``log Q(c, z)``, the regularized upper incomplete gamma, for ``z > c + 1``, ``c > 0``.

    ``Q(c, z) = exp(-z) z^c / Gamma(c) * cf`` with the continued fraction
    evaluated by the modified Lentz method; the prefactor is ``c D(c, z)``.
    """
    tiny = 1e-300
    b = z + 1.0 - c
    cc = 1.0 / tiny
    dd = 1.0 / b
    h = dd
    i = 1
    while i < _MAX_ITER:
        an = -i * (i - c)
        b += 2.0
        dd = an * dd + b
        if abs(dd) < tiny:
            dd = tiny
        cc = b + an / cc
        if abs(cc) < tiny:
            cc = tiny
        dd = 1.0 / dd
        delta = dd * cc
        h *= delta
        if abs(delta - 1.0) <= 1e-16:
            break
        i += 1
    return math.log(c) + _log_d(c, z) + math.log(h)


@kernel
def sigma_logs(c, z):  # type: ignore[no-untyped-def]
    """Logs of ``sigma``, ``sigma - 1`` and ``sum_k k t_k`` for ``sigma(c, z) = sum_k t_k``.

    ``t_k = z^k / ((c+1)...(c+k))``; ``c >= 0``, ``z >= 0``. Direct series when
    ``z < c + 1``; otherwise the continued fraction of the upper incomplete
    gamma function (modified Lentz), using ``sigma = (1 - Q(c, z)) / D(c, z)``.
    """
    if z <= 0.0:
        return 0.0, -math.inf, -math.inf
    if z < c + 1.0:
        t = 1.0
        tail = 0.0
        first = 0.0
        k = 1
        while k < _MAX_ITER:
            t *= z / (c + k)
            tail += t
            first += k * t
            if t <= _EPS * tail:
                break
            k += 1
        return math.log1p(tail), math.log(tail), math.log(first)
    log_q = _log_q_cf(c, z)
    log_d = _log_d(c, z)
    q = math.exp(log_q)
    log_sigma = -log_d + math.log1p(-q)
    log_sigma_m1 = log_sigma + math.log1p(-math.exp(-log_sigma))
    # sum_k k t_k = z + (z - c) (sigma - 1), all terms positive for z > c + 1
    log_first = math.log(z - c) + log_sigma_m1 + math.log1p(z * math.exp(-log_sigma_m1) / (z - c))
    return log_sigma, log_sigma_m1, log_first


@kernel
def one_minus_p_ratio(c, z, u_log, log_sigma_z):  # type: ignore[no-untyped-def]
    """``1 - P(c, z u) / P(c, z)`` with ``u = exp(u_log) <= 1``, ``c > 0``.

    ``log_sigma_z`` is ``log sigma(c, z)`` if known (NaN otherwise). Where both
    arguments are in the continued-fraction range the result is formed from
    the two upper tails, ``(Q(c, zu) - Q(c, z)) / P(c, z)``, which keeps its
    relative accuracy when both tails are tiny (heavily overloaded queues).
    """
    if u_log >= 0.0:
        return 0.0
    zu = z * math.exp(u_log)
    if zu <= 0.0:
        return 1.0
    if zu >= c + 1.0:
        lq1 = _log_q_cf(c, zu)
        lq2 = _log_q_cf(c, z)
        return math.exp(lq1) * -math.expm1(lq2 - lq1) / -math.expm1(lq2)
    log_sig1 = sigma_logs(c, zu)[0]
    if z < c + 1.0:
        if math.isnan(log_sigma_z):
            log_sigma_z = sigma_logs(c, z)[0]
        log_r = z * -math.expm1(u_log) + c * u_log + log_sig1 - log_sigma_z
    else:
        log_r = _log_d(c, zu) + log_sig1 - math.log1p(-math.exp(_log_q_cf(c, z)))
    return -math.expm1(log_r) if log_r < 0.0 else 0.0


@kernel
def _logaddexp(p, q):  # type: ignore[no-untyped-def]
    if p == -math.inf:
        return q
    if q == -math.inf:
        return p
    m = p if p > q else q
    return m + math.log(math.exp(p - m) + math.exp(q - m))


@kernel
def erlang_a_core(lam, h, theta, n, t, b):  # type: ignore[no-untyped-def]
    """P(no wait), P(wait), P(served after waiting), P(abandon), SL, and helpers.

    ``b`` is Erlang B at ``(lam h, n)``. Returns ``(p_nowait, p_wait, p_sw,
    p_abandon, sl_answered_within, x, y)`` where ``sl_answered_within`` is
    P(answered within ``t``) over all arrivals. Requires ``lam > 0``,
    ``theta > 0``, ``n >= 1``.
    """
    x = n / (h * theta)
    y = lam / theta
    log_s, log_s_m1, log_first = sigma_logs(x, y)
    if b <= 0.0:
        l1 = math.inf
    else:
        l1 = math.log1p(-b) - math.log(b)  # log(1/B - 1)
    if l1 == math.inf:
        return 1.0, 0.0, 0.0, 0.0, 1.0, x, y
    log_z = _logaddexp(l1, log_s)
    p_nowait = math.exp(l1 - log_z)
    p_wait = math.exp(log_s - log_z)
    log_x = math.log(x)
    log_y = math.log(y)
    p_sw = math.exp(log_x - log_y + log_s_m1 - log_z)
    p_ab = math.exp(log_first - log_y - log_z)
    # P(served within t | served after waiting) = 1 - P(x+1, y u) / P(x+1, y)
    if t <= 0.0 or p_sw == 0.0:
        within = 0.0
    else:
        log_sig_y = log_s_m1 + math.log(x + 1.0) - log_y  # sigma(x+1, y) from S - 1
        within = one_minus_p_ratio(x + 1.0, y, -theta * t, log_sig_y)
    sl = p_nowait + p_sw * within
    return p_nowait, p_wait, p_sw, p_ab, sl, x, y


@kernel
def _mean_wait_series(x, y):  # type: ignore[no-untyped-def]
    """Weighted means of harmonic sums over the queue-length weights ``T_j``.

    Returns ``(m_virtual, m_served)``: ``sum_j T_j hv_j / sum_j T_j`` with
    ``hv_j = sum_{i=0..j} 1/(x+i)`` and ``sum_{k>=1} T_k hs_k / sum_{k>=1} T_k``
    with ``hs_k = sum_{i=1..k} 1/(x+i)``, ``T_j = prod_{i=1..j} y/(x+i)``.
    """
    t = 1.0
    st = 1.0
    st1 = 0.0
    hv = 1.0 / x
    hs = 0.0
    sv = hv
    ss = 0.0
    j = 1
    while j < _MAX_ITER:
        inv = 1.0 / (x + j)
        t *= y * inv
        hv += inv
        hs += inv
        st += t
        st1 += t
        sv += t * hv
        ss += t * hs
        if t > 1e250:
            scale = 1e-250
            t *= scale
            st *= scale
            st1 *= scale
            sv *= scale
            ss *= scale
        if x + j > y and t <= _EPS * st:
            break
        j += 1
    m_served = ss / st1 if st1 > 0.0 else 0.0
    return sv / st, m_served


@kernel
def erlang_a_into(lam_h, h_arr, pat_arr, n_arr, t_arr, out):  # type: ignore[no-untyped-def]
    """Fill ``out[:, i]`` with the nine Erlang A metrics of element ``i``.

    Rows: p_wait, p_abandon, service_level, service_level_answered,
    service_level_virtual, asa, asa_answered, asa_virtual, occupancy.
    """
    for i in range(lam_h.shape[0]):
        lam = lam_h[i] / 3600.0
        h = h_arr[i]
        patience = pat_arr[i]
        n = n_arr[i]
        t = t_arr[i]
        a = lam * h
        if lam <= 0.0:
            out[0, i] = 0.0
            out[1, i] = 0.0
            out[2, i] = 1.0
            out[3, i] = 1.0
            out[4, i] = 1.0
            out[5, i] = 0.0
            out[6, i] = 0.0
            out[7, i] = 0.0
            out[8, i] = 0.0
            continue
        if n <= 0:
            # Nobody is ever answered: everyone waits until they abandon.
            out[0, i] = 1.0
            out[1, i] = 1.0 if patience < math.inf else 0.0
            out[2, i] = 0.0
            out[3, i] = math.nan
            out[4, i] = 0.0
            out[5, i] = patience
            out[6, i] = math.nan
            out[7, i] = math.inf
            out[8, i] = 0.0
            continue
        b = erlang_b_one(a, n)
        if patience == math.inf:
            # Erlang C: nobody abandons.
            if n <= a:
                out[0, i] = 1.0
                out[1, i] = 0.0
                out[2, i] = 0.0
                out[3, i] = 0.0
                out[4, i] = 0.0
                out[5, i] = math.inf
                out[6, i] = math.inf
                out[7, i] = math.inf
                out[8, i] = 1.0
                continue
            c = erlang_c_from_b(a, n, b)
            sl = 1.0 - c * math.exp(-(n - a) * t / h)
            if sl < 0.0:
                sl = 0.0
            asa = c * h / (n - a)
            out[0, i] = c
            out[1, i] = 0.0
            out[2, i] = sl
            out[3, i] = sl
            out[4, i] = sl
            out[5, i] = asa
            out[6, i] = asa
            out[7, i] = asa
            out[8, i] = a / n
            continue
        theta = 1.0 / patience
        p_nowait, p_wait, p_sw, p_ab, sl, x, y = erlang_a_core(lam, h, theta, n, t, b)
        p_answered = p_nowait + p_sw
        vw = one_minus_p_ratio(x, y, -theta * t, math.nan) if p_wait > 0.0 and t > 0.0 else 0.0
        if p_wait > 0.0:
            m_virtual, m_served = _mean_wait_series(x, y)
        else:
            m_virtual, m_served = 0.0, 0.0
        out[0, i] = p_wait
        out[1, i] = p_ab
        out[2, i] = sl
        out[3, i] = sl / p_answered
        out[4, i] = p_nowait + p_wait * vw
        out[5, i] = p_ab * patience
        out[6, i] = p_sw * m_served * patience / p_answered
        out[7, i] = p_wait * m_virtual * patience
        out[8, i] = a * (1.0 - p_ab) / n


# ---------------------------------------------------------------- staffing


@kernel
def _erlang_c_first(a, max_occ):  # type: ignore[no-untyped-def]
    """Lowest candidate staffing for Erlang C: stable (``n > a``) and within ``max_occ``."""
    n_first = int(math.floor(a)) + 1
    if max_occ < 1.0:
        n_occ = int(math.ceil(a / max_occ))
        while n_occ > 1 and a / (n_occ - 1) <= max_occ:
            n_occ -= 1
        while a / n_occ > max_occ:
            n_occ += 1
        if n_occ > n_first:
            n_first = n_occ
    return n_first


@kernel
def _erlang_c_walk(a, h, t, s, max_asa, max_agents, n, r):  # type: ignore[no-untyped-def]
    """From ``n`` with ``r = 1/B(n, a)``, step up to the first ``n`` meeting SL and ASA.

    Tests each candidate without a division or an exponential:
    ``SL >= s``  <=>  ``n g <= (1 - s) (r (n - a) + a)`` with
    ``g = exp(-(n - a) t / h)`` updated by one multiplication per step, and
    ``ASA <= max_asa``  <=>  ``n h <= max_asa (n - a) (r (n - a) + a)``.
    Returns -1 past ``max_agents``.
    """
    inv_a = 1.0 / a
    one_m_s = 1.0 - s
    g = math.exp(-(n - a) * t / h)
    q = math.exp(-t / h)
    while True:
        excess = n - a
        denom = r * excess + a  # = n / C
        if n * g <= one_m_s * denom and n * h <= max_asa * excess * denom:
            return n
        n += 1
        if n > max_agents:
            return -1
        r = 1.0 + (n * inv_a) * r
        g *= q


@kernel
def _erlang_c_staff_one(a, h, t, s, max_occ, max_asa, max_agents):  # type: ignore[no-untyped-def]
    """Smallest ``n`` with SL >= s, a/n <= max_occ and ASA <= max_asa; -1 if > max_agents.

    Walks ``r = 1/B`` upward with the fused step ``r(k) = 1 + (k/a) r(k-1)``.
    Requires ``a > 0``.
    """
    n_first = _erlang_c_first(a, max_occ)
    if n_first > max_agents:
        return -1
    return _erlang_c_walk(a, h, t, s, max_asa, max_agents, n_first, reciprocal_b(a, n_first))


@kernel
def _erlang_c_staff_four(a0, a1, a2, a3, h, t, s, occ, asa, max_agents, i0, out):  # type: ignore[no-untyped-def]
    """Erlang C staffing of four intervals ``i0 .. i0+3`` with interleaved recursions.

    The warm-up recursions of four intervals run in lockstep: four independent
    dependency chains keep the floating-point units busy where one chain would
    wait on its own latency. Each interval starts its chain at least
    ``8 sqrt(a) + 5`` agents below its first candidate (a longer warm-up only
    damps the start error further), or at ``r(0) = 1`` exactly.
    """
    n0 = _erlang_c_first(a0, occ[i0])
    n1 = _erlang_c_first(a1, occ[i0 + 1])
    n2 = _erlang_c_first(a2, occ[i0 + 2])
    n3 = _erlang_c_first(a3, occ[i0 + 3])
    w0 = n0 - max(0, int(a0 - 8.0 * math.sqrt(a0) - 5.0))
    w1 = n1 - max(0, int(a1 - 8.0 * math.sqrt(a1) - 5.0))
    w2 = n2 - max(0, int(a2 - 8.0 * math.sqrt(a2) - 5.0))
    w3 = n3 - max(0, int(a3 - 8.0 * math.sqrt(a3) - 5.0))
    steps = max(max(w0, w1), max(w2, w3))
    k0 = float(n0 - steps)
    k1 = float(n1 - steps)
    k2 = float(n2 - steps)
    k3 = float(n3 - steps)
    r0 = a0 / (a0 - k0) if k0 > 0.0 else 1.0
    r1 = a1 / (a1 - k1) if k1 > 0.0 else 1.0
    r2 = a2 / (a2 - k2) if k2 > 0.0 else 1.0
    r3 = a3 / (a3 - k3) if k3 > 0.0 else 1.0
    i_0 = 1.0 / a0
    i_1 = 1.0 / a1
    i_2 = 1.0 / a2
    i_3 = 1.0 / a3
    for _ in range(steps):
        k0 += 1.0
        k1 += 1.0
        k2 += 1.0
        k3 += 1.0
        r0 = 1.0 + (max(k0, 0.0) * i_0) * r0
        r1 = 1.0 + (max(k1, 0.0) * i_1) * r1
        r2 = 1.0 + (max(k2, 0.0) * i_2) * r2
        r3 = 1.0 + (max(k3, 0.0) * i_3) * r3
    out[i0] = -1 if n0 > max_agents else _erlang_c_walk(a0, h[i0], t[i0], s[i0], asa[i0], max_agents, n0, r0)
    out[i0 + 1] = -1 if n1 > max_agents else _erlang_c_walk(
        a1, h[i0 + 1], t[i0 + 1], s[i0 + 1], asa[i0 + 1], max_agents, n1, r1
    )
    out[i0 + 2] = -1 if n2 > max_agents else _erlang_c_walk(
        a2, h[i0 + 2], t[i0 + 2], s[i0 + 2], asa[i0 + 2], max_agents, n2, r2
    )
    out[i0 + 3] = -1 if n3 > max_agents else _erlang_c_walk(
        a3, h[i0 + 3], t[i0 + 3], s[i0 + 3], asa[i0 + 3], max_agents, n3, r3
    )


@kernel
def _margin(ok, value, bound):  # type: ignore[no-untyped-def]
    """``log(bound / value)`` with the sign forced to follow the exact test ``ok``."""
    if value <= 0.0:
        return math.inf if ok else -1e-300
    m = math.log(bound / value)
    if ok:
        return m if m > 0.0 else 0.0
    return m if m < 0.0 else -1e-300


@kernel
def _erlang_a_slack(lam, h, patience, n, t, s, max_occ, max_asa, max_ab):  # type: ignore[no-untyped-def]
    """Smallest margin over the constraints at ``n`` agents: >= 0 exactly when all are met.

    Margins are log ratios (``log((1 - s) / (1 - SL))`` for the service level),
    nearly linear in ``n``, so that a secant through two of them lands close to
    the answer. Each grows with ``n`` (service level up; abandonment, time in
    queue and occupancy down), so the minimum does too.
    """
    if n <= 0:
        return -math.inf
    a = lam * h
    p_nowait, p_wait, p_sw, p_ab, sl, x, y = erlang_a_core(lam, h, 1.0 / patience, n, t, erlang_b_one(a, n))
    g = _margin(sl >= s, 1.0 - sl, 1.0 - s)
    if max_ab < math.inf:
        g = min(g, _margin(p_ab <= max_ab, p_ab, max_ab))
    if max_asa < math.inf:
        asa = p_ab * patience
        g = min(g, _margin(asa <= max_asa, asa, max_asa))
    if max_occ < math.inf:
        occ = a * (1.0 - p_ab) / n
        g = min(g, _margin(occ <= max_occ, occ, max_occ))
    return g


@kernel
def _erlang_a_staff_one(lam, h, patience, t, s, max_occ, max_asa, max_ab, max_agents):  # type: ignore[no-untyped-def]
    """Smallest ``n`` meeting every Erlang A constraint; -1 if above ``max_agents``.

    Starts at the Erlang C answer (almost always feasible, since abandonment
    shortens waits), brackets the answer between a failing ``lo`` and a
    meeting ``hi``, then closes the bracket by regula falsi on the margin
    (rounded up, with bisection when an end sticks). Five or six exact
    evaluations per interval on typical data.
    """
    a = lam * h
    hi = _erlang_c_staff_one(a, h, t, s, max_occ, max_asa, max_agents)
    if hi < 1:
        hi = int(math.ceil(a)) if a >= 1.0 else 1
        if hi > max_agents:
            hi = max_agents
    g_hi = _erlang_a_slack(lam, h, patience, hi, t, s, max_occ, max_asa, max_ab)
    step = max(2, int(math.sqrt(a)))
    if g_hi < 0.0:
        # gallop up until a staffing level meets the targets
        lo = hi
        g_lo = g_hi
        while True:
            if lo == max_agents:
                return -1
            hi = min(lo + step, max_agents)
            g_hi = _erlang_a_slack(lam, h, patience, hi, t, s, max_occ, max_asa, max_ab)
            if g_hi >= 0.0:
                break
            lo = hi
            g_lo = g_hi
            step *= 2
    else:
        # walk down until one fails (n = 0 always fails): first by ``step``,
        # then to just below the root extrapolated from the last two margins
        cand = hi - step
        while True:
            if cand <= 0:
                lo = 0
                g_lo = -math.inf
                break
            g = _erlang_a_slack(lam, h, patience, cand, t, s, max_occ, max_asa, max_ab)
            if g < 0.0:
                lo = cand
                g_lo = g
                break
            slope = (g_hi - g) / (hi - cand)
            hi = cand
            g_hi = g
            step *= 2
            cand = hi - step
            if slope > 0.0:
                guess = int(math.floor(hi - g_hi / slope))
                if hi - step < guess < hi:
                    cand = guess
    side = 0
    while hi - lo > 1:
        if side == 2 or side == -2 or g_lo == -math.inf:
            m = (lo + hi) // 2
        else:
            root = lo + (hi - lo) * (-g_lo) / (g_hi - g_lo)
            m = int(math.ceil(root))
        if m <= lo:
            m = lo + 1
        elif m >= hi:
            m = hi - 1
        g = _erlang_a_slack(lam, h, patience, m, t, s, max_occ, max_asa, max_ab)
        if g >= 0.0:
            hi = m
            g_hi = g
            side = side + 1 if side > 0 else 1
        else:
            lo = m
            g_lo = g
            side = side - 1 if side < 0 else -1
    return hi


@kernel
def _staff_one(lam_h, h, t, s, patience, occ, asa, ab, max_agents):  # type: ignore[no-untyped-def]
    lam = lam_h / 3600.0
    if lam_h <= 0.0:
        return 0
    if lam * h <= 0.0:
        return 1  # the load underflows: one agent answers at once, idle
    if patience == math.inf:
        return _erlang_c_staff_one(lam * h, h, t, s, occ, asa, max_agents)
    return _erlang_a_staff_one(lam, h, patience, t, s, occ, asa, ab, max_agents)


@kernel
def required_agents_c_into(lam_h, h_arr, t_arr, s_arr, occ_arr, asa_arr, max_agents, out):  # type: ignore[no-untyped-def]
    """Erlang C staffing per element (-1: none up to max_agents); no Erlang A code compiled.

    Blocks of four intervals share one interleaved warm-up (:func:`_erlang_c_staff_four`).
    """
    m = lam_h.shape[0]
    for i0 in range(0, m, 4):
        four = i0 + 4 <= m
        if four:
            for j in range(i0, i0 + 4):
                if not lam_h[j] / 3600.0 * h_arr[j] > 0.0:
                    four = False
        if four:
            _erlang_c_staff_four(
                lam_h[i0] / 3600.0 * h_arr[i0],
                lam_h[i0 + 1] / 3600.0 * h_arr[i0 + 1],
                lam_h[i0 + 2] / 3600.0 * h_arr[i0 + 2],
                lam_h[i0 + 3] / 3600.0 * h_arr[i0 + 3],
                h_arr, t_arr, s_arr, occ_arr, asa_arr, max_agents, i0, out,
            )
            continue
        for j in range(i0, min(i0 + 4, m)):
            a = lam_h[j] / 3600.0 * h_arr[j]
            if lam_h[j] <= 0.0:
                out[j] = 0
            elif a <= 0.0:
                out[j] = 1  # the load underflows: one agent answers at once, idle
            else:
                out[j] = _erlang_c_staff_one(a, h_arr[j], t_arr[j], s_arr[j], occ_arr[j], asa_arr[j], max_agents)


@kernel
def required_agents_into(lam_h, h_arr, t_arr, s_arr, pat_arr, occ_arr, asa_arr, ab_arr, max_agents, out):  # type: ignore[no-untyped-def]
    """Per element: the smallest agent count meeting every constraint (-1: none up to max_agents)."""
    for j in range(lam_h.shape[0]):
        lam = lam_h[j] / 3600.0
        h = h_arr[j]
        if lam_h[j] <= 0.0:
            out[j] = 0
        elif lam * h <= 0.0:
            out[j] = 1  # the load underflows: one agent answers at once, idle
        elif pat_arr[j] == math.inf:
            out[j] = _erlang_c_staff_one(lam * h, h, t_arr[j], s_arr[j], occ_arr[j], asa_arr[j], max_agents)
        else:
            out[j] = _erlang_a_staff_one(
                lam, h, pat_arr[j], t_arr[j], s_arr[j], occ_arr[j], asa_arr[j], ab_arr[j], max_agents
            )
