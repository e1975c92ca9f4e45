"""Kernels on a compiled business timeline.

A timeline is ``n`` disjoint, sorted, half-open open intervals
``[opens[k], closes[k])`` as int64 nanoseconds since the epoch (UTC), with
``cum[k]`` the open nanoseconds before interval ``k`` and ``cum[n]`` the
total. Index 0 is a sentinel interval of length zero far in the past
(``opens[0] == closes[0]``, ``cum[0] == cum[1] == 0``), so that every instant
has an interval at or before it and the kernels need no special case. The
cumulative open time at an instant ``t`` is

    F(t) = cum[k] + min(t, closes[k]) - opens[k],   k = last interval with opens[k] <= t.

Business time between two instants is ``F(end) - F(start)``; adding ``v`` is
the earliest ``x`` with ``F(x) = F(start) + v``.

Both searches start from a bucket table so that they cost O(1) on average:
``first_open[b]`` counts the opens before ``lo + b * 2**shift`` and
``first_cum[b]`` counts the interval ends ``cum[k + 1]`` below ``b * 2**cum_shift``;
a short search inside the bucket finishes the job.

Batch kernels come in pairs: ``*_range(..., i0, i1)`` loops over a slice in
one thread, ``*_chunks(..., chunks)`` runs it over ``chunks`` slices in
parallel (for large batches; a small one is faster without waking threads).

Instants outside ``[lo, hi)`` (and targets outside ``(f_lo, f_hi]``) are not
answered: the kernels count them and the caller extends the timeline and
calls again. NaT is int64 min and propagates (NaN for durations).
"""

from __future__ import annotations

import numpy as np

from cultureservice._kernels._jit import kernel, parallel_kernel, prange

__all__ = [
    "add_chunks",
    "add_range",
    "business_ns_chunks",
    "business_ns_diff_chunks",
    "business_ns_diff_range",
    "business_ns_range",
    "cumulative_at",
    "group_sum_into",
    "instant_at",
    "is_open_into",
    "next_close_into",
    "next_open_into",
    "valid_min_max",
]

NAT = -9223372036854775808


@kernel
def opens_at_or_before(t, opens, first_open, lo, shift):  # type: ignore[no-untyped-def]
    """Number of opens <= t (>= 1 thanks to the sentinel), for lo <= t < hi."""
    b = (t - lo) >> shift
    a = first_open[b]
    z = first_open[b + 1]
    # the count lies in [a, z]: halve a crowded bucket, then step
    while z - a > 4:
        mid = (a + z) >> 1
        if opens[mid] <= t:
            a = mid + 1
        else:
            z = mid
    while a < z and opens[a] <= t:
        a += 1
    return a


@kernel
def cumulative_at(t, opens, closes, cum, first_open, lo, shift):  # type: ignore[no-untyped-def]
    """F(t): open nanoseconds from the start of the timeline to ``t``."""
    k = opens_at_or_before(t, opens, first_open, lo, shift) - 1
    return cum[k] + (min(t, closes[k]) - opens[k])


@kernel
def instant_at(v, opens, cum, first_cum, cum_shift):  # type: ignore[no-untyped-def]
    """Earliest x with F(x) = v, for f_lo < v <= f_hi (so v > 0)."""
    b = v >> cum_shift
    a = first_cum[b]
    z = first_cum[b + 1]
    # smallest k with cum[k + 1] >= v, known to lie in [a, z]
    while a < z:
        mid = (a + z) >> 1
        if cum[mid + 1] < v:
            a = mid + 1
        else:
            z = mid
    return opens[a] + (v - cum[a])


@kernel
def business_ns_range(starts, ends, opens, closes, cum, first_open, lo, hi, shift, out, i0, i1):  # type: ignore[no-untyped-def]
    """out[i] = (F(ends[i]) - F(starts[i])) / 1e9 seconds for i0 <= i < i1; returns the count out of range."""
    bad = 0
    for i in range(i0, i1):
        s = starts[i]
        e = ends[i]
        if s == NAT or e == NAT:
            out[i] = np.nan
        elif s < lo or s >= hi or e < lo or e >= hi:
            out[i] = np.nan
            bad += 1
        else:
            fe = cumulative_at(e, opens, closes, cum, first_open, lo, shift)
            fs = cumulative_at(s, opens, closes, cum, first_open, lo, shift)
            out[i] = (fe - fs) / 1e9
    return bad


@parallel_kernel
def business_ns_chunks(starts, ends, opens, closes, cum, first_open, lo, hi, shift, out, chunks):  # type: ignore[no-untyped-def]
    """``business_ns_range`` over the whole batch, ``chunks`` pieces in parallel."""
    n = starts.shape[0]
    size = (n + chunks - 1) // chunks
    bad = 0
    for c in prange(chunks):
        i0 = min(n, c * size)
        bad += business_ns_range(starts, ends, opens, closes, cum, first_open, lo, hi, shift, out, i0, min(n, i0 + size))
    return bad


@kernel
def business_ns_diff_range(starts, ends, opens, closes, cum, first_open, lo, hi, shift, out, i0, i1):  # type: ignore[no-untyped-def]
    """out[i] = F(ends[i]) - F(starts[i]) in int64 ns (NAT for NaT) for i0 <= i < i1; returns the count out of range."""
    bad = 0
    for i in range(i0, i1):
        s = starts[i]
        e = ends[i]
        if s == NAT or e == NAT:
            out[i] = NAT
        elif s < lo or s >= hi or e < lo or e >= hi:
            out[i] = 0
            bad += 1
        else:
            fe = cumulative_at(e, opens, closes, cum, first_open, lo, shift)
            fs = cumulative_at(s, opens, closes, cum, first_open, lo, shift)
            out[i] = fe - fs
    return bad


@parallel_kernel
def business_ns_diff_chunks(starts, ends, opens, closes, cum, first_open, lo, hi, shift, out, chunks):  # type: ignore[no-untyped-def]
    """``business_ns_diff_range`` over the whole batch, ``chunks`` pieces in parallel."""
    n = starts.shape[0]
    size = (n + chunks - 1) // chunks
    bad = 0
    for c in prange(chunks):
        i0 = min(n, c * size)
        bad += business_ns_diff_range(starts, ends, opens, closes, cum, first_open, lo, hi, shift, out, i0, min(n, i0 + size))
    return bad


@kernel
def group_sum_into(values_ns, group, sums_ns, has_nat):  # type: ignore[no-untyped-def]
    """sums_ns[group[i]] += values_ns[i]; a NAT value marks its group in ``has_nat``."""
    for i in range(values_ns.shape[0]):
        g = group[i]
        v = values_ns[i]
        if v == NAT:
            has_nat[g] = True
        else:
            sums_ns[g] += v


@kernel
def add_range(starts, amounts_ns, opens, closes, cum, first_open, first_cum, lo, hi, shift, cum_shift, f_lo, f_hi, out, i0, i1):  # type: ignore[no-untyped-def]
    """out[i] = earliest x with F(x) = F(starts[i]) + amounts_ns[i] for i0 <= i < i1; returns the count out of range.

    An amount of 0 returns the start unchanged (NaT included), in or out of range.
    """
    bad = 0
    for i in range(i0, i1):
        s = starts[i]
        n = amounts_ns[i]
        if s == NAT:
            out[i] = NAT
        elif n == 0:
            out[i] = s
        elif s < lo or s >= hi:
            out[i] = NAT
            bad += 1
        else:
            fs = cumulative_at(s, opens, closes, cum, first_open, lo, shift)
            # the target must lie in (f_lo, f_hi]; compare without overflowing int64
            if (n > 0 and n > f_hi - fs) or (n < 0 and fs + n <= f_lo):
                out[i] = NAT
                bad += 1
            else:
                out[i] = instant_at(fs + n, opens, cum, first_cum, cum_shift)
    return bad


@parallel_kernel
def add_chunks(starts, amounts_ns, opens, closes, cum, first_open, first_cum, lo, hi, shift, cum_shift, f_lo, f_hi, out, chunks):  # type: ignore[no-untyped-def]
    """``add_range`` over the whole batch, ``chunks`` pieces in parallel."""
    n = starts.shape[0]
    size = (n + chunks - 1) // chunks
    bad = 0
    for c in prange(chunks):
        i0 = min(n, c * size)
        bad += add_range(starts, amounts_ns, opens, closes, cum, first_open, first_cum, lo, hi, shift, cum_shift,
                         f_lo, f_hi, out, i0, min(n, i0 + size))
    return bad


@kernel
def is_open_into(ats, opens, closes, first_open, lo, hi, shift, out):  # type: ignore[no-untyped-def]
    """out[i] = True if ats[i] lies in an open interval (NaT is never open); returns the count out of range."""
    bad = 0
    for i in range(ats.shape[0]):
        t = ats[i]
        if t == NAT:
            out[i] = False
        elif t < lo or t >= hi:
            out[i] = False
            bad += 1
        else:
            j = opens_at_or_before(t, opens, first_open, lo, shift)
            out[i] = t < closes[j - 1]
    return bad


@kernel
def next_open_into(ats, opens, closes, first_open, lo, hi, shift, out):  # type: ignore[no-untyped-def]
    """out[i] = earliest instant >= ats[i] that is open; returns the count not answerable in range."""
    n = opens.shape[0]
    bad = 0
    for i in range(ats.shape[0]):
        t = ats[i]
        if t == NAT:
            out[i] = NAT
        elif t < lo or t >= hi:
            out[i] = NAT
            bad += 1
        else:
            j = opens_at_or_before(t, opens, first_open, lo, shift)
            if t < closes[j - 1]:
                out[i] = t
            elif j < n and opens[j] < hi:
                out[i] = opens[j]
            else:
                out[i] = NAT
                bad += 1
    return bad


@kernel
def next_close_into(ats, opens, closes, first_open, lo, hi, shift, out):  # type: ignore[no-untyped-def]
    """out[i] = first closing instant > ats[i]; returns the count not answerable in range."""
    n = opens.shape[0]
    bad = 0
    for i in range(ats.shape[0]):
        t = ats[i]
        if t == NAT:
            out[i] = NAT
        elif t < lo or t >= hi:
            out[i] = NAT
            bad += 1
        else:
            j = opens_at_or_before(t, opens, first_open, lo, shift)
            c = NAT
            if t < closes[j - 1]:
                c = closes[j - 1]
            elif j < n and opens[j] < hi:
                c = closes[j]
            if c == NAT or c >= hi:
                out[i] = NAT
                bad += 1
            else:
                out[i] = c
    return bad


@kernel
def valid_min_max(values):  # type: ignore[no-untyped-def]
    """(min, max, count) over the non-NaT values; (0, 0, 0) if there are none."""
    lo = np.int64(0)
    hi = np.int64(0)
    count = 0
    for i in range(values.shape[0]):
        v = values[i]
        if v != NAT:
            if count == 0:
                lo = v
                hi = v
            else:
                if v < lo:
                    lo = v
                if v > hi:
                    hi = v
            count += 1
    return lo, hi, count
