"""Kernels of the SLA engine: per-ticket clocks over a sorted event log.

Events arrive as plain arrays: the ticket of each event (an index into the
tickets table), its instant (int64 nanoseconds since the epoch, UTC) and an
int8 code:

* ``0..5``: a status event into role ``new, open, pending, on_hold, solved,
  closed`` (in this order);
* ``6``: a customer message;
* ``7``: a public agent reply;
* ``8``: a private agent reply (counts for nothing).

:func:`bucket_events` and :func:`sort_buckets_range` group the events by
ticket (a two-level counting sort, stable) and order each ticket's events by instant, then by kind (status, customer
message, agent reply), then by input order. The clock kernels walk each
ticket's events once and write, per ticket, the running segments
``[start, end)`` of a clock and how it ended; events after ``as_of`` end
the walk. Every clock kernel has a count pass (``fill=False``: segment and
row counts per ticket) and a fill pass (``fill=True``: writes at the offsets
the caller derived from the counts).

Batch kernels come in pairs, as in :mod:`cultureservice._kernels.timeline`:
``*_range(..., i0, i1)`` loops over a slice in one thread and
``*_chunks(..., chunks)`` runs it over ``chunks`` slices in parallel (for
large batches; a small one is faster without waking threads).

NaT is int64 min. No kernel reads Python objects or writes its inputs.
"""

from __future__ import annotations

import numpy as np

from cultureservice._kernels._jit import kernel, parallel_kernel, prange

__all__ = [
    "CUSTOMER_MESSAGE",
    "NO_DUE",
    "PUBLIC_REPLY",
    "bucket_events",
    "dense_lookup_chunks",
    "dense_lookup_range",
    "encode_strings_chunks",
    "encode_strings_range",
    "finalize_rows_chunks",
    "finalize_rows_range",
    "group_order",
    "reply_clock_chunks",
    "reply_clock_range",
    "sort_buckets_chunks",
    "sort_buckets_range",
    "status_clock_chunks",
    "status_clock_range",
]

NAT = -9223372036854775808
#: Event code of a customer message.
CUSTOMER_MESSAGE = 6
#: Event code of a public agent reply.
PUBLIC_REPLY = 7
#: First role code that stops a status clock (solved; closed is 5).
SOLVED = 4

# Row kinds written by the clock kernels.
NOT_APPLICABLE = 0
COMPLETED = 1
LIVE_RUNNING = 2
LIVE_PAUSED = 3
#: Group id of rows without a due date (finalize_rows).
NO_DUE = -2


@kernel
def _kind_order(code):  # type: ignore[no-untyped-def]
    """0 for status events, 1 for customer messages, 2 for agent replies."""
    if code < CUSTOMER_MESSAGE:
        return 0
    return code - 5


@kernel
def _before(at_a, code_a, at_b, code_b):  # type: ignore[no-untyped-def]
    """Whether event a sorts strictly before event b (instant, then kind)."""
    if at_a != at_b:
        return at_a < at_b
    return _kind_order(code_a) < _kind_order(code_b)


@kernel
def bucket_events(ticket, at, code, n_tickets, shift, bucket_start, offsets, tmp_ticket, tmp_at, tmp_code):  # type: ignore[no-untyped-def]
    """First level of the event sort: events spread into buckets of ``2**shift`` consecutive tickets.

    Writes the events bucket by bucket (input order kept) to ``tmp_*``, the
    bucket bounds to ``bucket_start`` (n_buckets + 1) and the per-ticket event
    offsets to ``offsets`` (n_tickets + 1), counting within each bucket so
    that memory access stays local.
    """
    n = ticket.shape[0]
    n_buckets = bucket_start.shape[0] - 1
    bucket_start[:] = 0
    for e in range(n):
        bucket_start[(ticket[e] >> shift) + 1] += 1
    for b in range(n_buckets):
        bucket_start[b + 1] += bucket_start[b]
    fill = bucket_start[:n_buckets].copy()
    for e in range(n):
        b = ticket[e] >> shift
        k = fill[b]
        tmp_ticket[k] = ticket[e]
        tmp_at[k] = at[e]
        tmp_code[k] = code[e]
        fill[b] = k + 1
    offsets[:] = 0
    for k in range(n):
        offsets[tmp_ticket[k] + 1] += 1
    for i in range(n_tickets):
        offsets[i + 1] += offsets[i]


@kernel
def sort_buckets_range(  # type: ignore[no-untyped-def]
    shift, bucket_start, offsets, tmp_ticket, tmp_at, tmp_code, created, at_out, code_out, b0, b1
):
    """Second level of the event sort, buckets ``b0:b1``: place each event, then order each ticket.

    Each ticket's events end up ordered by (instant, kind, input order):
    insertion sort (linear on sorted logs), after a merge sort by instant
    for long unsorted ones. Returns the number of events before their
    ticket's ``created`` instant.
    """
    n_tickets = created.shape[0]
    early = 0
    for b in range(b0, b1):
        first = b << shift
        last = min(n_tickets, (b + 1) << shift)
        position = offsets[first:last].copy()
        for k in range(bucket_start[b], bucket_start[b + 1]):
            j = tmp_ticket[k] - first
            p = position[j]
            at_out[p] = tmp_at[k]
            code_out[p] = tmp_code[k]
            position[j] = p + 1
        for i in range(first, last):
            a = offsets[i]
            z = offsets[i + 1]
            if z - a > 64:
                sorted_already = True
                for k in range(a + 1, z):
                    if at_out[k] < at_out[k - 1]:
                        sorted_already = False
                        break
                if not sorted_already:
                    perm = np.argsort(at_out[a:z], kind="mergesort")
                    at_tmp = at_out[a:z][perm]
                    code_tmp = code_out[a:z][perm]
                    at_out[a:z] = at_tmp
                    code_out[a:z] = code_tmp
            for k in range(a + 1, z):
                t = at_out[k]
                c = code_out[k]
                j = k - 1
                while j >= a and _before(t, c, at_out[j], code_out[j]):
                    at_out[j + 1] = at_out[j]
                    code_out[j + 1] = code_out[j]
                    j -= 1
                at_out[j + 1] = t
                code_out[j + 1] = c
            for k in range(a, z):
                if at_out[k] >= created[i]:
                    break
                early += 1
    return early


@parallel_kernel
def sort_buckets_chunks(  # type: ignore[no-untyped-def]
    shift, bucket_start, offsets, tmp_ticket, tmp_at, tmp_code, created, at_out, code_out, chunks
):
    """``sort_buckets_range`` over every bucket, ``chunks`` pieces in parallel (buckets hold disjoint tickets)."""
    n = bucket_start.shape[0] - 1
    size = (n + chunks - 1) // chunks
    early = 0
    for c in prange(chunks):
        b0 = min(n, c * size)
        early += sort_buckets_range(
            shift, bucket_start, offsets, tmp_ticket, tmp_at, tmp_code, created, at_out, code_out, b0, min(n, b0 + size)
        )
    return early


@kernel
def encode_strings_range(chars, names, index, out, i0, i1):  # type: ignore[no-untyped-def]
    """Code of each string ``i0 <= i < i1`` in a table of names (-1 if absent).

    ``chars`` is a fixed-width unicode array viewed as uint32 code points,
    shape (n, width); ``names`` likewise, shape (k, name_width), zero-padded;
    ``index[j]`` is the code written for ``names[j]``. Writes ``out[i]``
    (int16) and returns the number of strings not found.
    """
    width = chars.shape[1]
    k = names.shape[0]
    name_width = names.shape[1]
    common = min(width, name_width)
    missing = 0
    for i in range(i0, i1):
        found = -1
        for j in range(k):
            same = True
            for c in range(common):
                if chars[i, c] != names[j, c]:
                    same = False
                    break
            if same:
                for c in range(common, width):
                    if chars[i, c] != 0:
                        same = False
                        break
            if same:
                for c in range(common, name_width):
                    if names[j, c] != 0:
                        same = False
                        break
            if same:
                found = index[j]
                break
        out[i] = found
        if found < 0:
            missing += 1
    return missing


@parallel_kernel
def encode_strings_chunks(chars, names, index, out, chunks):  # type: ignore[no-untyped-def]
    """``encode_strings_range`` over every string, ``chunks`` pieces in parallel."""
    n = chars.shape[0]
    size = (n + chunks - 1) // chunks
    missing = 0
    for c in prange(chunks):
        i0 = min(n, c * size)
        missing += encode_strings_range(chars, names, index, out, i0, min(n, i0 + size))
    return missing


@kernel
def dense_lookup_range(table, lo, keys, out, i0, i1):  # type: ignore[no-untyped-def]
    """``out[i] = table[keys[i] - lo]`` for ``i0 <= i < i1`` (-1 outside the table); returns how many are -1."""
    n_table = table.shape[0]
    missing = 0
    for i in range(i0, i1):
        k = keys[i] - lo
        value = -1
        if 0 <= k < n_table:
            value = table[k]
        out[i] = value
        if value < 0:
            missing += 1
    return missing


@parallel_kernel
def dense_lookup_chunks(table, lo, keys, out, chunks):  # type: ignore[no-untyped-def]
    """``dense_lookup_range`` over every key, ``chunks`` pieces in parallel."""
    n = keys.shape[0]
    size = (n + chunks - 1) // chunks
    missing = 0
    for c in prange(chunks):
        i0 = min(n, c * size)
        missing += dense_lookup_range(table, lo, keys, out, i0, min(n, i0 + size))
    return missing


@kernel
def group_order(group, lo, n_groups, order, bounds):  # type: ignore[no-untyped-def]
    """Counting sort of small group ids, ``lo <= group < lo + n_groups`` (stable).

    Writes the positions of group ``lo + g`` to ``order[bounds[g]:bounds[g + 1]]``.
    """
    counts = np.zeros(n_groups + 1, dtype=np.int64)
    for i in range(group.shape[0]):
        counts[group[i] - lo + 1] += 1
    bounds[0] = 0
    for g in range(n_groups):
        bounds[g + 1] = bounds[g] + counts[g + 1]
    fill = bounds[:n_groups].copy()
    for i in range(group.shape[0]):
        g = group[i] - lo
        order[fill[g]] = i
        fill[g] += 1


@kernel
def reply_clock_range(  # type: ignore[no-untyped-def]
    offsets, at, code, created, as_of, selected, next_reply, fill, row_offsets, seg_offsets,
    row_ticket, row_cycle, row_kind, row_stop, row_run_before, row_seg_count, row_seg_first,
    seg_start, seg_end,
    row_counts, seg_counts, i0, i1,
):
    """First-reply (``next_reply=False``) or next-reply cycles of every selected ticket.

    first_reply runs from ``created`` to the first public reply. A next-reply
    cycle opens at the first customer message after the latest public reply
    (once the first public reply has happened) and closes at the next public
    reply. A ticket without any cycle gets one not-applicable row without
    segments.

    Count pass (``fill=False``): ``row_counts[i]`` and ``seg_counts[i]``, the
    rows and segments of ticket ``i`` (0 when not selected). Fill pass: the
    rows of ticket ``i`` from ``row_offsets[i]`` and its segments from
    ``seg_offsets[i]``; each row has at most one segment. ``row_kind``: 0 not
    applicable, 1 completed (``row_stop`` = the closing reply), 2 live and
    running at ``as_of`` (the segment ends at ``as_of``).
    """
    for i in range(i0, i1):
        if not selected[i]:
            if not fill:
                row_counts[i] = 0
                seg_counts[i] = 0
            continue
        a = offsets[i]
        z = offsets[i + 1]
        r = row_offsets[i] if fill else 0
        w = seg_offsets[i] if fill else 0
        if not next_reply:
            stop = NAT
            for k in range(a, z):
                if at[k] > as_of:
                    break
                if code[k] == PUBLIC_REPLY:
                    stop = at[k]
                    break
            if fill:
                row_ticket[r] = i
                row_cycle[r] = 0
                row_seg_count[r] = 1
                row_seg_first[r] = w
                seg_start[w] = created[i]
                if stop != NAT:
                    seg_end[w] = stop
                    row_kind[r] = COMPLETED
                    row_stop[r] = stop
                    row_run_before[r] = True
                else:
                    seg_end[w] = as_of
                    row_kind[r] = LIVE_RUNNING
                    row_stop[r] = NAT
                    row_run_before[r] = False
            else:
                row_counts[i] = 1
                seg_counts[i] = 1
            continue
        seen_first = False
        is_open = False
        cycle_start = NAT
        cycles = 0
        for k in range(a, z):
            if at[k] > as_of:
                break
            c = code[k]
            if c == PUBLIC_REPLY:
                if not seen_first:
                    seen_first = True
                elif is_open:
                    if fill:
                        row_ticket[r + cycles] = i
                        row_cycle[r + cycles] = cycles
                        row_kind[r + cycles] = COMPLETED
                        row_stop[r + cycles] = at[k]
                        row_run_before[r + cycles] = True
                        row_seg_count[r + cycles] = 1
                        row_seg_first[r + cycles] = w + cycles
                        seg_start[w + cycles] = cycle_start
                        seg_end[w + cycles] = at[k]
                    cycles += 1
                    is_open = False
            elif c == CUSTOMER_MESSAGE and seen_first and not is_open:
                is_open = True
                cycle_start = at[k]
        if is_open:
            if fill:
                row_ticket[r + cycles] = i
                row_cycle[r + cycles] = cycles
                row_kind[r + cycles] = LIVE_RUNNING
                row_stop[r + cycles] = NAT
                row_run_before[r + cycles] = False
                row_seg_count[r + cycles] = 1
                row_seg_first[r + cycles] = w + cycles
                seg_start[w + cycles] = cycle_start
                seg_end[w + cycles] = as_of
            cycles += 1
        if fill:
            if cycles == 0:
                row_ticket[r] = i
                row_cycle[r] = 0
                row_kind[r] = NOT_APPLICABLE
                row_stop[r] = NAT
                row_run_before[r] = False
                row_seg_count[r] = 0
                row_seg_first[r] = w
        else:
            row_counts[i] = max(cycles, 1)
            seg_counts[i] = cycles


@parallel_kernel
def reply_clock_chunks(  # type: ignore[no-untyped-def]
    offsets, at, code, created, as_of, selected, option, fill, row_offsets, seg_offsets,
    row_ticket, row_cycle, row_kind, row_stop, row_run_before, row_seg_count, row_seg_first,
    seg_start, seg_end,
    row_counts, seg_counts, chunks,
):
    """``reply_clock_range`` over every ticket, ``chunks`` pieces in parallel."""
    n = created.shape[0]
    size = (n + chunks - 1) // chunks
    for c in prange(chunks):
        i0 = min(n, c * size)
        reply_clock_range(
            offsets, at, code, created, as_of, selected, option, fill, row_offsets, seg_offsets,
            row_ticket, row_cycle, row_kind, row_stop, row_run_before, row_seg_count, row_seg_first,
            seg_start, seg_end,
            row_counts, seg_counts, i0, min(n, i0 + size),
        )


@kernel
def status_clock_range(  # type: ignore[no-untyped-def]
    offsets, at, code, created, as_of, selected, run_bits, fill, row_offsets, seg_offsets,
    row_ticket, row_cycle, row_kind, row_stop, row_run_before, row_seg_count, row_seg_first,
    seg_start, seg_end,
    row_counts, seg_counts, i0, i1,
):
    """A status clock (requester wait, agent work, resolution) of every selected ticket.

    The ticket starts in role ``new`` at ``created``. The clock runs while the
    role's bit is set in ``run_bits[i]`` (never for solved and closed), is
    paused in the other open roles and stops in solved/closed; a status
    event out of solved/closed (a reopen) continues it. Only changes of role
    matter (a status event into the current role changes nothing).

    One row per selected ticket. Count pass: ``row_counts[i]`` (0 or 1) and
    ``seg_counts[i]``, the non-empty running segments. Fill pass: the row at
    ``row_offsets[i]``, the segments from ``seg_offsets[i]``; a live running
    clock's last segment ends at ``as_of``. ``row_kind``: 1 completed (ends
    in solved/closed), 2 live and running, 3 live and paused; ``row_stop``:
    the last transition into solved/closed (NaT if none);
    ``row_run_before``: whether the clock ran just before that transition.
    """
    for i in range(i0, i1):
        if not selected[i]:
            if not fill:
                row_counts[i] = 0
                seg_counts[i] = 0
            continue
        bits = run_bits[i]
        a = offsets[i]
        z = offsets[i + 1]
        w = seg_offsets[i] if fill else 0
        n_seg = 0
        role = 0
        running = (bits & 1) != 0
        started = created[i]
        stop = NAT
        run_before = False
        for k in range(a, z):
            if at[k] > as_of:
                break
            new_role = code[k]
            if new_role >= CUSTOMER_MESSAGE or new_role == role:
                continue
            t = at[k]
            new_running = ((bits >> new_role) & 1) != 0 and new_role < SOLVED
            if running and not new_running:
                if t > started:
                    if fill:
                        seg_start[w + n_seg] = started
                        seg_end[w + n_seg] = t
                    n_seg += 1
            elif new_running and not running:
                started = t
            if new_role >= SOLVED and role < SOLVED:
                stop = t
                run_before = running
            role = new_role
            running = new_running
        if running and as_of > started:
            if fill:
                seg_start[w + n_seg] = started
                seg_end[w + n_seg] = as_of
            n_seg += 1
        if fill:
            r = row_offsets[i]
            row_ticket[r] = i
            row_cycle[r] = 0
            if running:
                row_kind[r] = LIVE_RUNNING
            elif role >= SOLVED:
                row_kind[r] = COMPLETED
            else:
                row_kind[r] = LIVE_PAUSED
            row_stop[r] = stop
            row_run_before[r] = run_before
            row_seg_count[r] = n_seg
            row_seg_first[r] = w
        else:
            row_counts[i] = 1
            seg_counts[i] = n_seg


@parallel_kernel
def status_clock_chunks(  # type: ignore[no-untyped-def]
    offsets, at, code, created, as_of, selected, option, fill, row_offsets, seg_offsets,
    row_ticket, row_cycle, row_kind, row_stop, row_run_before, row_seg_count, row_seg_first,
    seg_start, seg_end,
    row_counts, seg_counts, chunks,
):
    """``status_clock_range`` over every ticket, ``chunks`` pieces in parallel."""
    n = created.shape[0]
    size = (n + chunks - 1) // chunks
    for c in prange(chunks):
        i0 = min(n, c * size)
        status_clock_range(
            offsets, at, code, created, as_of, selected, option, fill, row_offsets, seg_offsets,
            row_ticket, row_cycle, row_kind, row_stop, row_run_before, row_seg_count, row_seg_first,
            seg_start, seg_end,
            row_counts, seg_counts, i0, min(n, i0 + size),
        )


@kernel
def finalize_rows_range(  # type: ignore[no-untyped-def]
    kind, target, row_group, seg_first, seg_count, seg_ns, seg_start, stop, run_before, as_of,
    goal_of, fraction_of, lead_of,
    elapsed_s, goal_s, state, breached, remaining, base, amount, due_group, i0, i1,
):
    """Elapsed time, state and due-date inputs of every row.

    Per row ``r`` (target ``t = target[r]`` with goal ``goal_of[t]`` ns,
    warning fraction ``fraction_of[t]`` and lead ``lead_of[t]`` s, NaN for
    none): ``elapsed_s[r]`` sums ``seg_ns`` over the row's segments
    ``seg_first[r]:seg_first[r] + seg_count[r]`` (in seconds), ``goal_s[r]`` is the goal in seconds, ``breached[r]`` is
    elapsed > goal; ``state[r]`` is
    the index in (achieved, breached, warning, active, paused,
    not_applicable); ``remaining[r]`` is goal - elapsed in seconds on live
    rows, NaN elsewhere. The due date is ``add(base[r], amount[r])`` in the
    row's hours, or NaT where ``base[r]`` is NaT: (a) the start of the
    segment in which the goal is reached plus the rest of the goal; (b)
    ``as_of`` plus what is left of the goal, live and running; (d) the stop
    plus what is left, completed below the goal after running.
    ``due_group[r]`` is the row's group (calendar) id ``row_group[r]``, or
    ``NO_DUE`` (-2) where there is no due date to compute.
    """
    for r in range(i0, i1):
        t = target[r]
        goal = goal_of[t]
        total = 0
        reached_at = -1
        rest = 0
        for k in range(seg_first[r], seg_first[r] + seg_count[r]):
            if reached_at < 0 and total + seg_ns[k] >= goal:
                reached_at = k
                rest = goal - total
            total += seg_ns[k]
        elapsed_s[r] = total / 1e9
        goal_s[r] = goal / 1e9
        is_breached = kind[r] != NOT_APPLICABLE and total > goal
        breached[r] = is_breached
        base[r] = NAT
        amount[r] = 0
        due_group[r] = NO_DUE
        if kind[r] == NOT_APPLICABLE:
            state[r] = 5
            remaining[r] = np.nan
            continue
        if reached_at >= 0:
            base[r] = seg_start[reached_at]
            amount[r] = rest
        elif kind[r] == LIVE_RUNNING:
            base[r] = as_of
            amount[r] = goal - total
        elif kind[r] == COMPLETED and run_before[r]:
            base[r] = stop[r]
            amount[r] = goal - total
        if base[r] != NAT:
            due_group[r] = row_group[r]
        if kind[r] == COMPLETED:
            remaining[r] = np.nan
        else:
            remaining[r] = (goal - total) / 1e9
        if is_breached:
            state[r] = 1
        elif kind[r] == COMPLETED:
            state[r] = 0
        elif kind[r] == LIVE_PAUSED:
            state[r] = 4
        else:
            used = total / 1e9
            promised = goal / 1e9
            warn = used >= fraction_of[t] * promised or promised - used <= lead_of[t]
            state[r] = 2 if warn else 3


@parallel_kernel
def finalize_rows_chunks(  # type: ignore[no-untyped-def]
    kind, target, row_group, seg_first, seg_count, seg_ns, seg_start, stop, run_before, as_of,
    goal_of, fraction_of, lead_of,
    elapsed_s, goal_s, state, breached, remaining, base, amount, due_group, chunks,
):
    """``finalize_rows_range`` over every row, ``chunks`` pieces in parallel."""
    n = kind.shape[0]
    size = (n + chunks - 1) // chunks
    for c in prange(chunks):
        i0 = min(n, c * size)
        finalize_rows_range(
            kind, target, row_group, seg_first, seg_count, seg_ns, seg_start, stop, run_before, as_of,
            goal_of, fraction_of, lead_of,
            elapsed_s, goal_s, state, breached, remaining, base, amount, due_group, i0, min(n, i0 + size),
        )
