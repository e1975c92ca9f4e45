r"""SLA clocks over whole ticket event logs: elapsed time, due dates and breaches.

An *SLA metric* is a clock per ticket (or per reply cycle) that runs, pauses
and stops as the ticket's events happen; its *elapsed time* is measured in the
hours of the target that applies to the ticket, business hours of a
:class:`~cultureservice.calendar.BusinessCalendar` (one per market, if need
be) or calendar (wall) time. A target promises that the elapsed time stays
at or below its goal.

Input is two tables (mappings of equal-length arrays, or pandas DataFrames):
*tickets* (``ticket_id``, ``created_at``, attribute columns such as
``priority``, ``channel``, ``market``) and *events* (``ticket_id``, ``at``,
``kind`` in ``status``, ``customer_message``, ``agent_reply``; ``public`` for
replies; ``status`` for status events). A ticket starts in role ``new`` at
``created_at``; user status names map to the roles ``new``, ``open``,
``pending``, ``on_hold``, ``solved``, ``closed``.

Metric definitions
------------------
first_reply
    ``created_at`` to the first public agent reply. Never pauses.
next_reply
    After the first public agent reply, the first customer message that
    follows the latest public agent reply opens a cycle and the next public
    agent reply closes it; more customer messages inside an open cycle open
    no new cycle. Every cycle is a row (cycles 0, 1, ...).
requester_wait
    Time in ``new``, ``open`` and ``on_hold`` (paused in ``pending``) until the
    ticket is solved or closed.
agent_work
    Time in ``new`` and ``open`` (paused in ``pending`` and ``on_hold``) until
    the ticket is solved or closed.
resolution
    Time from ``created_at`` until the ticket is last solved or closed,
    excluding time in the target's ``pause_statuses`` (none by default).

A status event out of solved or closed (a *reopen*) continues the status
clocks; time in solved or closed never counts, and a status clock's stop
instant is its last transition into solved or closed. Private replies count
for nothing. Events at the same instant are taken status first, then
customer messages, then agent replies (then in input order). Events after
``as_of`` are ignored.

States, due dates and what is left
----------------------------------
A row is *achieved* when completed with elapsed :math:`\le` goal,
*breached* when elapsed :math:`>` goal (at completion, or by ``as_of`` while
live, running or paused), *warning* while running and not breached with
elapsed :math:`\ge` ``warning_fraction`` :math:`\times` goal or
goal :math:`-` elapsed :math:`\le` ``warning_lead_s``, *active* while running
otherwise, *paused* while paused at ``as_of`` and not breached, and
*not_applicable* when the clock never starts (one row, cycle 0, elapsed 0).

``due_at`` is (a) the earliest instant at which the clock accumulated the goal
(following its running segments; it can be a closing time) if it did; else
(b) ``add(as_of, goal - elapsed)`` in the target's hours if live and running;
(c) NaT if live and paused; (d) ``add(stop, goal - elapsed)`` if completed
below the goal and the clock was running just before it stopped, else NaT.
``breach_at`` is ``due_at`` on breached rows (NaT elsewhere) and
``remaining_s`` is goal :math:`-` elapsed on live rows (negative once
breached), NaN on completed and not-applicable rows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from cultureservice._kernels import sla as _ks
from cultureservice._time import NAT_NS, to_utc_ns
from cultureservice._validation import describe
from cultureservice.calendar import (
    BusinessCalendar,
    add_business_seconds,
    business_seconds,
)
from cultureservice.culture import FrozenMap
from cultureservice.errors import InvalidArgumentError, MissingDependencyError

__all__ = [
    "COLUMNS",
    "EVENT_KINDS",
    "METRICS",
    "ROLES",
    "STATES",
    "SlaPolicy",
    "SlaResult",
    "SlaSummary",
    "SlaTarget",
    "duration_s",
    "evaluate",
    "summary",
]

#: Metrics, in the order an :class:`SlaResult` lists them.
METRICS = ("first_reply", "next_reply", "requester_wait", "agent_work", "resolution")
#: Built-in status roles (a ticket starts in ``new``).
ROLES = ("new", "open", "pending", "on_hold", "solved", "closed")
#: Row states.
STATES = ("achieved", "breached", "warning", "active", "paused", "not_applicable")
#: Event kinds.
EVENT_KINDS = ("status", "customer_message", "agent_reply")
#: Columns of an :class:`SlaResult`, in this order.
COLUMNS = (
    "ticket_id", "metric", "cycle", "target", "goal_s", "elapsed_s", "due_at", "breach_at",
    "breached", "state", "remaining_s",
)

_NS = 1_000_000_000
_MAX_GOAL_S = 4.6e9  # goals and leads must fit int64 nanoseconds
_REPLY_METRICS = ("first_reply", "next_reply")
_PAUSABLE = ("new", "open", "pending", "on_hold")
# Roles in which each status clock runs (resolution: all open roles minus pause_statuses).
_RUNS_IN = {
    "requester_wait": ("new", "open", "on_hold"),
    "agent_work": ("new", "open"),
    "resolution": _PAUSABLE,
}
_PRIVATE = 8  # event code of a private reply (the clock kernels ignore it)
_SHOWN_IDS = 5
_DURATION_RE = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z]+)\s*", re.IGNORECASE)
_DURATION_UNITS = {
    "w": 604_800.0, "d": 86_400.0, "h": 3_600.0, "m": 60.0, "min": 60.0, "s": 1.0,
}
_PARALLEL_MIN = 65_536  # smaller batches run in one thread (waking threads costs more)
_CHUNKS = 64


def _batch(range_kernel: Any, chunks_kernel: Any, n_items: int, *args: Any, work: int | None = None) -> Any:
    """Run a kernel pair over ``n_items``: one thread for small work, parallel chunks for large."""
    if (n_items if work is None else work) < _PARALLEL_MIN:
        return range_kernel(*args, 0, n_items)
    return chunks_kernel(*args, _CHUNKS)


# ---------------------------------------------------------------------------
# Durations
# ---------------------------------------------------------------------------


def _one_duration(name: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)):
        raise InvalidArgumentError(f"{name} must be a duration such as '8h' or '1d 4h', or seconds; got {value!r}")
    if isinstance(value, (int, float, np.integer, np.floating)):
        seconds = float(value)
        if not math.isfinite(seconds) or seconds < 0:
            raise InvalidArgumentError(f"{name} must be a finite duration >= 0 seconds; got {describe(value)}")
        return seconds
    if isinstance(value, str):
        text = value.strip()
        total = 0.0
        seen: set[str] = set()
        position = 0
        while position < len(text):
            match = _DURATION_RE.match(text, position)
            if not match or match.end() == position:
                break
            unit = match[2].lower()
            if unit not in _DURATION_UNITS:
                break
            key = "m" if unit == "min" else unit
            if key in seen:
                raise InvalidArgumentError(f"{name} gives the unit {unit!r} twice; got {value!r}")
            seen.add(key)
            total += float(match[1]) * _DURATION_UNITS[unit]
            position = match.end()
        if text and position == len(text):
            return total
    raise InvalidArgumentError(
        f"{name} must be a duration such as '8h', '90m', '1d 4h' or '2w' (units w, d = 24 h, h, m, s) "
        f"or seconds as a number; got {describe(value)}"
    )


def duration_s(text: Any) -> Any:
    """
    Seconds in a duration string such as ``"8h"`` or ``"1d 4h"``.

    Parameters
    ----------
    text : str, number or sequence of them
        Amounts with units ``w`` (7 d), ``d`` (24 h, calendar days, not
        business days), ``h``, ``m`` (or ``min``) and ``s``, each unit at most
        once, separated by optional spaces (``"1d4h"``, ``"1.5h"``,
        ``"2h 30m"``). A number is taken as seconds.

    Returns
    -------
    seconds : float or ndarray of float64
        The duration; an array for a sequence. [s]

    Raises
    ------
    InvalidArgumentError
        For an unknown unit, a unit given twice, a negative or non-finite
        number, or text that is not a duration.

    Examples
    --------
    >>> duration_s("8h"), duration_s("1d 4h"), duration_s("90m")
    (28800.0, 100800.0, 5400.0)
    >>> duration_s(["30s", 45])
    array([30., 45.])
    """
    if isinstance(text, (str, bytes)) or np.ndim(text) == 0:
        return _one_duration("duration", text)
    return np.array([_one_duration(f"duration[{i}]", v) for i, v in enumerate(text)], dtype=np.float64)


# ---------------------------------------------------------------------------
# Input tables
# ---------------------------------------------------------------------------


def _is_pandas(value: Any) -> bool:
    return type(value).__module__.split(".")[0] == "pandas"


def _table_columns(name: str, table: Any, required: Sequence[str]) -> tuple[dict[str, Any], int]:
    """The columns of a mapping of arrays (or a DataFrame), checked for presence and length."""
    if _is_pandas(table) and hasattr(table, "columns") and hasattr(table, "index"):
        columns = {str(c): table[c] for c in table.columns}
    elif isinstance(table, Mapping):
        columns = {str(k): v for k, v in table.items()}
    else:
        raise InvalidArgumentError(
            f"{name} must be a mapping of column name to equal-length arrays (or a pandas DataFrame); "
            f"got {type(table).__name__}"
        )
    missing = [c for c in required if c not in columns]
    if missing:
        raise InvalidArgumentError(
            f"{name} must have the columns {', '.join(repr(c) for c in required)}; "
            f"missing {', '.join(repr(c) for c in missing)} (has {', '.join(repr(c) for c in columns) or 'none'})"
        )
    lengths = {}
    for key, column in columns.items():
        if not _is_pandas(column) and (isinstance(column, (str, bytes)) or np.ndim(column) != 1):
            raise InvalidArgumentError(f"{name}[{key!r}] must be a 1-D array or list; got {describe(column)[:80]}")
        lengths[key] = len(column)
    sizes = set(lengths.values())
    if len(sizes) > 1:
        text = ", ".join(f"{k!r}: {n}" for k, n in lengths.items())
        raise InvalidArgumentError(f"{name} columns must have equal lengths; got {text}")
    return columns, (sizes.pop() if sizes else 0)


def _values(column: Any) -> npt.NDArray[Any]:
    """A column as a numpy array (no copy where possible)."""
    if _is_pandas(column):
        return np.asarray(column.to_numpy())
    return np.asarray(column)


def _id_array(name: str, column: Any) -> npt.NDArray[Any]:
    """Ticket ids as int64 or str arrays (other kinds raise)."""
    # a list goes through object dtype: numpy would silently turn [1, "b"] into strings
    arr = np.asarray(column, dtype=object) if isinstance(column, (list, tuple)) else _values(column)
    if arr.dtype.kind in "iu":
        if arr.dtype.kind == "u" and arr.size and int(arr.max()) > np.iinfo(np.int64).max:
            raise InvalidArgumentError(f"{name} must be integers below 2**63 or strings; got {int(arr.max())}")
        return arr.astype(np.int64, copy=False)
    if arr.dtype.kind == "U":
        return arr
    if arr.dtype.kind == "S":
        return arr.astype(str)
    if arr.dtype.kind == "O":
        items = arr.tolist()
        if all(isinstance(v, str) for v in items):
            return np.array(items, dtype=str) if items else np.zeros(0, dtype=str)
        if all(isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)) for v in items):
            return np.array(items, dtype=np.int64)
        odd = [v for v in items if not isinstance(v, (str, int, np.integer)) or isinstance(v, (bool, np.bool_))]
        if odd:
            raise InvalidArgumentError(
                f"{name} must be all integers or all strings; got {describe(odd[0])} of type {type(odd[0]).__name__}"
            )
        raise InvalidArgumentError(f"{name} must be all integers or all strings; got a mix of both")
    if arr.dtype.kind == "f" and arr.size == 0:
        return arr.astype(np.int64)
    raise InvalidArgumentError(f"{name} must be integers or strings; got an array of dtype {arr.dtype}")


def _ids_text(ids: npt.NDArray[Any]) -> str:
    """``"ticket_id 3, 7 and 9 (3 tickets)"``: the first few distinct ids and their count."""
    seen: dict[Any, None] = {}
    count = 0
    uniq = np.unique(ids) if ids.size > 64 else None
    count = int(uniq.size) if uniq is not None else len(set(ids.tolist()))
    for v in ids.tolist():
        if v not in seen:
            seen[v] = None
            if len(seen) == _SHOWN_IDS:
                break
    shown = [repr(v) for v in seen]
    text = ", ".join(shown)
    more = count - len(shown)
    if more > 0:
        text += f" and {more} more"
    return f"ticket_id {text} ({count} ticket{'s' if count != 1 else ''})"


def _instants(name: str, column: Any, ids: npt.NDArray[Any]) -> npt.NDArray[np.int64]:
    """Instants as int64 ns UTC; naive or malformed values raise naming the tickets."""
    if len(column) == 0:
        return np.zeros(0, dtype=np.int64)
    try:
        out = to_utc_ns(name, column).view(np.int64)
    except InvalidArgumentError as exc:
        items = list(column) if _is_pandas(column) else np.asarray(column, dtype=object).tolist()
        bad = []
        for i, v in enumerate(items):
            try:
                to_utc_ns(name, v)
            except InvalidArgumentError:
                bad.append(i)
        if not bad:
            raise
        raise InvalidArgumentError(f"{exc}; rows of {_ids_text(ids[np.asarray(bad)])}") from None
    if out.ndim != 1:
        raise InvalidArgumentError(f"{name} must be a 1-D column of instants; got shape {out.shape}")
    nat = out == NAT_NS
    if nat.any():
        raise InvalidArgumentError(f"{name} must be instants, not NaT or None; got NaT for {_ids_text(ids[nat])}")
    return np.asarray(out)


def _status_roles(status_roles: Any) -> dict[str, int]:
    """User status name -> role code; the role names map to themselves unless overridden."""
    mapping = {role: code for code, role in enumerate(ROLES)}
    if status_roles is None:
        return mapping
    if not isinstance(status_roles, Mapping):
        raise InvalidArgumentError(
            f"status_roles must be a mapping of status name to role ({', '.join(ROLES)}); got {describe(status_roles)}"
        )
    for status, role in status_roles.items():
        if role not in ROLES:
            raise InvalidArgumentError(
                f"status_roles must map each status to one of the roles {', '.join(ROLES)}; "
                f"got {status!r}: {describe(role)}"
            )
        mapping[status] = ROLES.index(role)
    return mapping


def _encode(values: npt.NDArray[Any], names: Sequence[Any]) -> npt.NDArray[np.int16]:
    """Index of each value in ``names`` (-1 if absent): one kernel pass for numpy strings."""
    n = values.shape[0]
    out = np.full(n, -1, dtype=np.int16)
    if values.dtype.kind == "U" and values.itemsize and n:
        text = [(j, name) for j, name in enumerate(names) if isinstance(name, str) and name]
        if not text:
            return out
        width = values.itemsize // 4
        chars = np.ascontiguousarray(values).view(np.uint32).reshape(n, width)
        name_width = max(len(name) for _, name in text)
        table = np.array([name for _, name in text], dtype=f"<U{name_width}").view(np.uint32)
        index = np.array([j for j, _ in text], dtype=np.int16)
        _batch(_ks.encode_strings_range, _ks.encode_strings_chunks, n,
               chars, table.reshape(len(text), name_width), index, out)
        return out
    for j, name in enumerate(names):
        with np.errstate(invalid="ignore"):
            hit = values == name
        if isinstance(hit, np.ndarray) and hit.shape == out.shape:
            out[hit & (out < 0)] = j
    return out


def _public_flag(value: Any) -> int:
    """1 for True (or 1), 0 for False (or 0), -1 for anything else."""
    if isinstance(value, (bool, np.bool_, int, np.integer, float, np.floating)) and value in (0, 1):
        return int(value)
    return -1


def _event_codes(
    columns: Mapping[str, Any], n_events: int, event_ids: npt.NDArray[Any], roles: Mapping[Any, int]
) -> npt.NDArray[np.int8]:
    """int8 event codes: 0..5 status role, 6 customer message, 7 public reply, 8 private reply."""
    kind = _values(columns["kind"])
    if kind.dtype.kind not in "UO" and n_events:
        raise InvalidArgumentError(
            f"events['kind'] must hold the strings {', '.join(repr(k) for k in EVENT_KINDS)}; "
            f"got an array of dtype {kind.dtype}"
        )
    kind_code = _encode(kind, EVENT_KINDS)
    bad = kind_code < 0
    if bad.any():
        values = list(dict.fromkeys(kind[bad].tolist()))[:3]
        raise InvalidArgumentError(
            f"events['kind'] must be one of {', '.join(repr(k) for k in EVENT_KINDS)}; got "
            f"{', '.join(describe(v) for v in values)} in {int(bad.sum())} events of {_ids_text(event_ids[bad])}"
        )
    is_status = kind_code == 0
    is_reply = kind_code == 2
    code = np.full(n_events, _ks.CUSTOMER_MESSAGE, dtype=np.int8)
    if is_reply.any():
        if "public" not in columns:
            raise InvalidArgumentError(
                "events must have a 'public' column (True for public replies, False for private notes) "
                "when it holds agent_reply events"
            )
        public_all = _values(columns["public"])
        if public_all.dtype == np.bool_:
            flag_all = public_all
        else:
            public = public_all[is_reply]
            if public.dtype.kind in "iuf":
                is_true = public == 1
                is_false = public == 0
            elif public.dtype.kind == "O":
                # elementwise: pandas' NA and None are neither True nor False
                flags = [_public_flag(v) for v in public.tolist()]
                is_true = np.array([f == 1 for f in flags], dtype=bool)
                is_false = np.array([f == 0 for f in flags], dtype=bool)
            else:
                is_true = is_false = np.zeros(public.shape, dtype=bool)
            bad = ~(is_true | is_false)
            if bad.any():
                where = np.flatnonzero(is_reply)[bad]
                raise InvalidArgumentError(
                    f"events['public'] must be True or False for agent_reply events; got "
                    f"{describe(public[bad][0])} in {int(bad.sum())} replies of {_ids_text(event_ids[where])}"
                )
            flag_all = np.zeros(n_events, dtype=bool)
            flag_all[is_reply] = is_true
        reply_code = np.where(flag_all, np.int8(_ks.PUBLIC_REPLY), np.int8(_PRIVATE))
        code = np.where(is_reply, reply_code, code)
    if is_status.any():
        if "status" not in columns:
            raise InvalidArgumentError(
                "events must have a 'status' column (the new status) when it holds status events"
            )
        status_all = _values(columns["status"])
        names = list(roles)
        role_of_name = np.array([roles[name] for name in names] + [-1], dtype=np.int8)
        if status_all.dtype.kind == "U":
            role = role_of_name[_encode(status_all, names)]  # -1 indexes the trailing -1
        else:
            role = np.full(n_events, -1, dtype=np.int8)
            role[is_status] = role_of_name[_encode(status_all[is_status], names)]
        bad = is_status & (role < 0)
        if bad.any():
            values = list(dict.fromkeys(status_all[bad].tolist()))[:3]
            raise InvalidArgumentError(
                f"events['status'] must be a role ({', '.join(ROLES)}) or a status named in status_roles; "
                f"got {', '.join(describe(v) for v in values)} in {int(bad.sum())} status events of "
                f"{_ids_text(event_ids[bad])}"
            )
        code = np.where(is_status, role, code)
    return code


def _ticket_index(
    ticket_ids: npt.NDArray[Any], event_ids: npt.NDArray[Any]
) -> npt.NDArray[np.int64]:
    """Row of each event's ticket in the tickets table; duplicates and unknown tickets raise."""
    n = ticket_ids.shape[0]
    if ticket_ids.dtype.kind == "i" and event_ids.dtype.kind == "i" and n:
        lo = int(ticket_ids.min())
        hi = int(ticket_ids.max())
        span = hi - lo + 1
        if span <= max(4 * n, 1 << 20):
            table = np.full(span, -1, dtype=np.int64)
            positions = np.arange(n, dtype=np.int64)
            table[ticket_ids - lo] = positions
            dup = table[ticket_ids - lo] != positions
            if dup.any():
                _duplicates_error(ticket_ids, ticket_ids[dup])
            index = np.empty(event_ids.shape[0], dtype=np.int64)
            keys = np.ascontiguousarray(event_ids)
            if _batch(_ks.dense_lookup_range, _ks.dense_lookup_chunks, keys.shape[0], table, lo, keys, index):
                _unknown_check(event_ids, index)
            return index
    try:
        order = np.argsort(ticket_ids, kind="stable")
    except TypeError:
        raise InvalidArgumentError("tickets['ticket_id'] must be all integers or all strings") from None
    ordered = ticket_ids[order]
    dup = np.zeros(n, dtype=bool)
    if n > 1:
        dup[1:] = ordered[1:] == ordered[:-1]
    if dup.any():
        _duplicates_error(ticket_ids, ordered[dup])
    index = np.full(event_ids.shape[0], -1, dtype=np.int64)
    if n and event_ids.size:
        if (ticket_ids.dtype.kind == "U") != (event_ids.dtype.kind == "U"):
            _unknown_check(event_ids, index)
        pos = np.searchsorted(ordered, event_ids)
        pos = np.minimum(pos, n - 1)
        found = ordered[pos] == event_ids
        index[found] = order[pos[found]]
    _unknown_check(event_ids, index)
    return index


def _duplicates_error(ticket_ids: npt.NDArray[Any], repeated: npt.NDArray[Any]) -> None:
    raise InvalidArgumentError(
        f"tickets['ticket_id'] must be unique; {_ids_text(repeated)} appear more than once"
    )


def _unknown_check(event_ids: npt.NDArray[Any], index: npt.NDArray[np.int64]) -> None:
    bad = index < 0
    if bad.any():
        raise InvalidArgumentError(
            f"events['ticket_id'] must name tickets of the tickets table; {int(bad.sum())} events belong to "
            f"unknown tickets: {_ids_text(event_ids[bad])}"
        )


# ---------------------------------------------------------------------------
# Targets per ticket
# ---------------------------------------------------------------------------


def _target_label(index: int, target: SlaTarget) -> str:
    return f"target {index}" + (f" ({target.name!r})" if target.name else f" ({target.metric})")


class _ColumnMasks:
    """Equality masks of ticket columns, each (column, value) computed once per evaluation."""

    def __init__(self, columns: Mapping[str, npt.NDArray[Any]]) -> None:
        self.columns = columns
        self._cache: dict[tuple[str, Any], npt.NDArray[np.bool_]] = {}
        self._codes: dict[tuple[Any, ...], npt.NDArray[np.int16]] = {}

    def equal(self, column: str, value: Any) -> npt.NDArray[np.bool_]:
        key = (column, value)
        try:
            return self._cache[key]
        except (KeyError, TypeError):
            pass
        values = self.columns[column]
        with np.errstate(invalid="ignore"):
            hit = values == value
        if not isinstance(hit, np.ndarray) or hit.shape != values.shape:
            hit = np.zeros(values.shape, dtype=bool)
        try:
            self._cache[key] = hit
        except TypeError:  # an unhashable value
            pass
        return hit

    def codes(self, column: str, values: Sequence[Any]) -> npt.NDArray[np.int16]:
        """Index of each ticket's value in ``values`` (-1 if none), computed once per (column, values)."""
        key = ("codes", column, tuple(values))
        if key not in self._codes:
            self._codes[key] = _encode(self.columns[column], values)
        return self._codes[key]


def _condition_mask(index: int, target: SlaTarget, masks: _ColumnMasks, n_tickets: int) -> npt.NDArray[np.bool_]:
    match = np.ones(n_tickets, dtype=bool)
    for column, allowed in target.conditions.items():
        if column not in masks.columns:
            raise InvalidArgumentError(
                f"{_target_label(index, target)} has a condition on the column {column!r}, which tickets lacks "
                f"(columns: {', '.join(repr(c) for c in masks.columns) or 'none'})"
            )
        hit = np.zeros(n_tickets, dtype=bool)
        for value in allowed:
            hit |= masks.equal(column, value)
        match &= hit
    return match


class _Plan:
    """The distinct calendars of one evaluation, numbered in order of first use."""

    def __init__(self) -> None:
        self.calendars: list[BusinessCalendar] = []
        self._ids: dict[BusinessCalendar, int] = {}

    def calendar_id(self, calendar: BusinessCalendar) -> int:
        if calendar not in self._ids:
            self._ids[calendar] = len(self.calendars)
            self.calendars.append(calendar)
        return self._ids[calendar]


def _assign_targets(
    policy: SlaPolicy,
    metric: str,
    masks: _ColumnMasks,
    ticket_ids: npt.NDArray[Any],
    plan: _Plan,
    strict: bool,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """(target index per ticket, -1 for none; calendar id per ticket, -1 for calendar hours)."""
    n = ticket_ids.shape[0]
    target = np.full(n, -1, dtype=np.int64)
    calendar = np.full(n, -1, dtype=np.int32)
    for index, tgt in enumerate(policy.targets):
        if tgt.metric != metric:
            continue
        matches = _condition_mask(index, tgt, masks, n)
        mine = matches & (target < 0)
        if strict and not mine.any():
            why = (
                "its conditions match no ticket" if not matches.any()
                else "every ticket it matches is taken by an earlier target of the same metric"
            )
            raise InvalidArgumentError(
                f"{_target_label(index, tgt)} applies to no ticket (strict=True): {why}"
            )
        target[mine] = index
        if tgt.hours == "calendar":
            continue
        assert tgt.calendar is not None
        if isinstance(tgt.calendar, BusinessCalendar):
            calendar[mine] = plan.calendar_id(tgt.calendar)
            continue
        if "market" not in masks.columns:
            raise InvalidArgumentError(
                f"{_target_label(index, tgt)} has one calendar per market, so tickets needs a 'market' column"
            )
        markets = list(tgt.calendar)
        lookup = np.array([plan.calendar_id(tgt.calendar[m]) for m in markets] + [-2], dtype=np.int32)
        calendar[mine] = lookup[masks.codes("market", markets)[mine]]  # -1 (no market) picks -2
        left = mine & (calendar == -2)
        if left.any():
            values = list(dict.fromkeys(masks.columns["market"][left].tolist()))[:3]
            raise InvalidArgumentError(
                f"{_target_label(index, tgt)} has no calendar for market {', '.join(describe(v) for v in values)}; "
                f"add it to the target's calendar mapping (calendars for {', '.join(repr(m) for m in tgt.calendar)}) "
                f"or narrow the target's conditions; {_ids_text(ticket_ids[left])}"
            )
    return target, calendar


# ---------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------


def _run_bits(metric: str, policy: SlaPolicy, target: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Per ticket, a bit per role in which the metric's clock runs (status clocks)."""
    bits_of_target = np.zeros(len(policy.targets), dtype=np.int64)
    for index, tgt in enumerate(policy.targets):
        if tgt.metric == metric and metric in _RUNS_IN:
            runs = [r for r in _RUNS_IN[metric] if r not in tgt.pause_statuses]
            bits_of_target[index] = sum(1 << ROLES.index(r) for r in runs)
    return np.where(target >= 0, bits_of_target[np.maximum(target, 0)], 0)


class _Rows:
    """Rows and running segments of every metric, filled block by block by the clock kernels."""

    def __init__(self, n_rows: int, n_segments: int) -> None:
        self.ticket = np.empty(n_rows, dtype=np.int64)
        self.cycle = np.empty(n_rows, dtype=np.int64)
        self.kind = np.empty(n_rows, dtype=np.int8)
        self.stop = np.empty(n_rows, dtype=np.int64)
        self.run_before = np.empty(n_rows, dtype=np.bool_)
        self.seg_count = np.empty(n_rows, dtype=np.int64)
        self.seg_first = np.empty(n_rows, dtype=np.int64)
        self.metric = np.empty(n_rows, dtype=np.int8)
        self.target = np.empty(n_rows, dtype=np.int64)
        self.calendar = np.empty(n_rows, dtype=np.int32)
        self.seg_start = np.empty(n_segments, dtype=np.int64)
        self.seg_end = np.empty(n_segments, dtype=np.int64)

    def outputs(self) -> tuple[npt.NDArray[Any], ...]:
        return (self.ticket, self.cycle, self.kind, self.stop, self.run_before, self.seg_count,
                self.seg_first, self.seg_start, self.seg_end)


def _clock(metric: str, n_tickets: int, *args: Any) -> None:
    """Run the metric's clock kernel over every ticket."""
    if metric in _REPLY_METRICS:
        _batch(_ks.reply_clock_range, _ks.reply_clock_chunks, n_tickets, *args)
    else:
        _batch(_ks.status_clock_range, _ks.status_clock_chunks, n_tickets, *args)


def _clock_option(metric: str, policy: SlaPolicy, target: npt.NDArray[np.int64]) -> Any:
    """The kernel's metric argument: next_reply or not, or the run bits of a status clock."""
    if metric in _REPLY_METRICS:
        return metric == "next_reply"
    return _run_bits(metric, policy, target)


def _sort_events(
    ticket: npt.NDArray[np.int64], at: npt.NDArray[np.int64], code: npt.NDArray[np.int8],
    created: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int8], int]:
    """(offsets per ticket, sorted instants, sorted codes, events before creation): two-level counting sort."""
    n_tickets = created.shape[0]
    n = at.shape[0]
    offsets = np.zeros(n_tickets + 1, dtype=np.int64)
    at_sorted = np.empty(n, dtype=np.int64)
    code_sorted = np.empty(n, dtype=np.int8)
    if n_tickets == 0:
        return offsets, at_sorted, code_sorted, 0
    shift = max(0, (n_tickets - 1).bit_length() - 8)  # at most 256 buckets
    n_buckets = ((n_tickets - 1) >> shift) + 1
    bucket_start = np.empty(n_buckets + 1, dtype=np.int64)
    tmp_ticket = np.empty(n, dtype=np.int32 if n_tickets < 2**31 else np.int64)
    tmp_at = np.empty(n, dtype=np.int64)
    tmp_code = np.empty(n, dtype=np.int8)
    _ks.bucket_events(
        np.ascontiguousarray(ticket, dtype=np.int64), np.ascontiguousarray(at), np.ascontiguousarray(code),
        n_tickets, shift, bucket_start, offsets, tmp_ticket, tmp_at, tmp_code,
    )
    early = _batch(_ks.sort_buckets_range, _ks.sort_buckets_chunks, n_buckets,
                   shift, bucket_start, offsets, tmp_ticket, tmp_at, tmp_code, created, at_sorted, code_sorted,
                   work=n)
    return offsets, at_sorted, code_sorted, int(early)


def _by_calendar(calendar_id: npt.NDArray[np.int32]) -> list[tuple[int, npt.NDArray[np.int64]]]:
    """Positions of each calendar id (-1: calendar hours), one group per id (a counting sort)."""
    if calendar_id.size == 0:
        return []
    lo = int(calendar_id.min())
    hi = int(calendar_id.max())
    if lo == hi:
        return [(lo, np.arange(calendar_id.shape[0], dtype=np.int64))]
    order = np.empty(calendar_id.shape[0], dtype=np.int64)
    bounds = np.empty(hi - lo + 2, dtype=np.int64)
    _ks.group_order(calendar_id, lo, hi - lo + 1, order, bounds)
    return [
        (lo + g, order[bounds[g]:bounds[g + 1]]) for g in range(hi - lo + 1) if bounds[g + 1] > bounds[g]
    ]


def _segment_layout(
    calendar: npt.NDArray[np.int32], seg_counts: npt.NDArray[np.int64], first: int, seg_offsets: npt.NDArray[np.int64]
) -> list[tuple[int, int, int]]:
    """Segment offsets per ticket with the tickets taken calendar by calendar (stable).

    Writes ``seg_offsets[i]``, the first segment of ticket ``i`` (from
    ``first`` on), and returns ``(calendar id, start, stop)`` of each
    calendar's contiguous slice of segments.
    """
    n = calendar.shape[0]
    if n == 0:
        seg_offsets[:] = first
        return []
    lo = int(calendar.min())
    n_groups = int(calendar.max()) - lo + 1
    if n_groups == 1:
        seg_offsets[0] = first
        np.cumsum(seg_counts, out=seg_offsets[1:])
        seg_offsets[1:] += first
        return [(lo, first, int(seg_offsets[-1]))]
    order = np.empty(n, dtype=np.int64)
    bounds = np.empty(n_groups + 1, dtype=np.int64)
    _ks.group_order(calendar, lo, n_groups, order, bounds)
    running = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(seg_counts[order], out=running[1:])
    running += first
    seg_offsets[order] = running[:-1]
    seg_offsets[n] = running[-1]
    edges = running[bounds]
    return [(lo + g, int(edges[g]), int(edges[g + 1])) for g in range(n_groups) if edges[g + 1] > edges[g]]


def _measure_ns(
    plan: _Plan, spans: Sequence[tuple[int, int, int]], start: npt.NDArray[np.int64], end: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Elapsed time of each segment in its hours: one batched call per calendar and contiguous slice."""
    out = np.empty(start.shape[0], dtype=np.int64)
    for cid, a, z in spans:
        if cid < 0:
            np.subtract(end[a:z], start[a:z], out=out[a:z])
            continue
        seconds = business_seconds(plan.calendars[cid], start[a:z].view("M8[ns]"), end[a:z].view("M8[ns]"))
        scaled = np.asarray(seconds) * 1e9
        out[a:z] = np.rint(scaled, out=scaled)
    return out


def _add_ns(
    plan: _Plan, due_group: npt.NDArray[np.int32], start: npt.NDArray[np.int64], amount_ns: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """``add(start, amount)`` in each row's hours (one batched call per calendar); NaT where the group is NO_DUE."""
    out = np.full(start.shape[0], NAT_NS, dtype=np.int64)
    for cid, where in _by_calendar(due_group):
        if cid == _ks.NO_DUE:
            continue
        if cid < 0:
            out[where] = start[where] + amount_ns[where]
            continue
        due = add_business_seconds(plan.calendars[cid], start[where].view("M8[ns]"), amount_ns[where] / 1e9)
        out[where] = np.asarray(due).view(np.int64)
    return out


def evaluate(
    policy: SlaPolicy,
    tickets: Any,
    events: Any,
    *,
    as_of: Any = None,
    status_roles: Mapping[Any, str] | None = None,
    strict: bool = False,
) -> SlaResult:
    """
    Evaluate every SLA metric of a policy over whole ticket and event tables.

    Per ticket and metric, the first target of ``policy`` (in order) whose
    conditions the ticket meets applies, as in Zendesk [1]_ and Jira Service
    Management [2]_. The clocks follow the definitions of the module
    (:mod:`cultureservice.sla`); elapsed time is measured in the target's
    hours: business time of its calendar (the ticket's market's calendar for
    a per-market target) or calendar time.

    Parameters
    ----------
    policy : SlaPolicy
        The targets.
    tickets : mapping of str to array_like, or pandas.DataFrame
        Equal-length columns ``ticket_id`` (unique integers or strings),
        ``created_at`` (instants: ``datetime64`` read as UTC, aware datetimes,
        ISO strings with an offset or pandas tz-aware values) and the
        attribute columns that the targets' conditions name (``priority``,
        ``channel``, ``market``, ...; ``market`` chooses the calendar of a
        per-market target).
    events : mapping of str to array_like, or pandas.DataFrame
        Equal-length columns ``ticket_id``, ``at`` (instants), ``kind``
        (``"status"``, ``"customer_message"`` or ``"agent_reply"``), ``public``
        (bool; read for agent replies, required when there are any) and
        ``status`` (the new status; read for status events, required when
        there are any). Any order.
    as_of : instant, optional
        Evaluate as of this instant: later events are ignored and live clocks
        are measured up to it. Default: the latest ``created_at`` or event
        instant of the input.
    status_roles : mapping of str to str, optional
        User status name to role (``"new"``, ``"open"``, ``"pending"``,
        ``"on_hold"``, ``"solved"``, ``"closed"``), e.g.
        ``{"waiting_on_customer": "pending"}``. The role names always map to
        themselves unless listed here.
    strict : bool
        Raise when a target applies to no ticket (its conditions match none,
        or earlier targets take every ticket it matches).

    Returns
    -------
    result : SlaResult
        One row per ticket, metric and cycle: metrics in the order of
        :data:`METRICS`, then tickets in input order, then cycles. Tickets
        that no target of a metric matches have no row for it and are listed
        in ``result.unmatched``.

    Raises
    ------
    InvalidArgumentError
        If a table lacks a column or its columns differ in length; ticket ids
        repeat; an event names an unknown ticket, happens before its ticket's
        creation, has an unknown kind or status, or a reply lacks ``public``;
        an instant is naive, malformed or NaT; a ticket is created after
        ``as_of``; a condition names a missing column; a per-market target
        has no calendar for a ticket's market; or, with ``strict=True``, a
        target applies to no ticket. Messages name the first few ticket ids
        and their count.

    See Also
    --------
    summary : compliance rates and elapsed percentiles by group.
    cultureservice.calendar.business_seconds, cultureservice.calendar.add_business_seconds

    Notes
    -----
    The events are grouped by ticket and ordered by (instant, kind, input
    order) with a counting sort; numba kernels walk each ticket's events once
    and emit the running segments of every clock; all segments of one
    calendar are measured with one batched
    :func:`~cultureservice.calendar.business_seconds` call, and due dates
    come from one :func:`~cultureservice.calendar.add_business_seconds` call
    per calendar. Elapsed times are exact in integer nanoseconds for running
    segments shorter than 104 days of business time (float64 seconds from
    the calendar beyond); goals are rounded to whole nanoseconds.

    References
    ----------
    .. [1] Zendesk, "Defining and using SLA policies,"
       https://support.zendesk.com/hc/en-us/articles/4408829459866, 2024.
    .. [2] Atlassian, "Create service level agreements (SLAs) to manage goals,"
       Jira Service Management Cloud documentation, 2024.

    Examples
    --------
    >>> import numpy as np
    >>> policy = SlaPolicy(targets=[SlaTarget(metric="first_reply", goal_s="1h", hours="calendar")])
    >>> tickets = {"ticket_id": [1, 2], "created_at": np.array(["2026-03-02T09:00", "2026-03-02T09:30"], "M8[s]")}
    >>> events = {"ticket_id": [1], "at": np.array(["2026-03-02T09:20"], "M8[s]"),
    ...           "kind": ["agent_reply"], "public": [True]}
    >>> result = evaluate(policy, tickets, events, as_of=np.datetime64("2026-03-02T10:45"))
    >>> result.state.tolist(), result.elapsed_s.tolist()
    (['achieved', 'breached'], [1200.0, 4500.0])
    >>> str(result.breach_at[1])
    '2026-03-02T10:30:00.000000000'
    """
    if not isinstance(policy, SlaPolicy):
        raise InvalidArgumentError(f"policy must be an SlaPolicy; got {type(policy).__name__}")
    if not isinstance(strict, (bool, np.bool_)):
        raise InvalidArgumentError(f"strict must be True or False; got {describe(strict)}")
    roles = _status_roles(status_roles)
    ticket_cols, n_tickets = _table_columns("tickets", tickets, ("ticket_id", "created_at"))
    event_cols, n_events = _table_columns("events", events, ("ticket_id", "at", "kind"))
    ticket_ids = _id_array("tickets['ticket_id']", ticket_cols["ticket_id"])
    event_ids = _id_array("events['ticket_id']", event_cols["ticket_id"])
    event_ticket = _ticket_index(ticket_ids, event_ids)
    created = _instants("tickets['created_at']", ticket_cols["created_at"], ticket_ids)
    at = _instants("events['at']", event_cols["at"], event_ids)
    code = _event_codes(event_cols, n_events, event_ids, roles)
    if as_of is None:
        latest = [int(created.max())] if n_tickets else []
        if n_events:
            latest.append(int(at.max()))
        as_of_ns = max(latest) if latest else 0
    else:
        converted = to_utc_ns("as_of", as_of)
        if converted.ndim != 0 or int(converted.view(np.int64)) == NAT_NS:
            raise InvalidArgumentError(f"as_of must be a single instant (not NaT); got {describe(as_of)}")
        as_of_ns = int(converted.view(np.int64))
    late = created > as_of_ns
    if late.any():
        raise InvalidArgumentError(
            f"tickets must be created at or before as_of {np.datetime64(as_of_ns, 'ns')}; "
            f"{_ids_text(ticket_ids[late])} are created later (leave them out, or move as_of)"
        )
    attribute_cols = {
        k: _values(v) for k, v in ticket_cols.items() if k not in ("ticket_id", "created_at")
    }

    offsets, at_sorted, code_sorted, early = _sort_events(event_ticket, at, code, created)
    if early:
        bad = at < created[event_ticket]
        raise InvalidArgumentError(
            f"events must not happen before their ticket's created_at; {int(bad.sum())} events do, "
            f"in {_ids_text(event_ids[bad])}"
        )

    plan = _Plan()
    masks = _ColumnMasks(attribute_cols)
    blocks = []
    spans: list[tuple[int, int, int]] = []
    unmatched_index: dict[str, npt.NDArray[np.int64]] = {}
    n_rows = 0
    n_segments = 0
    nothing = np.zeros(0, dtype=np.int64)
    dummies = (nothing, nothing, np.zeros(0, np.int8), nothing, np.zeros(0, np.bool_), nothing, nothing, nothing,
               nothing)
    for metric_code, metric in enumerate(METRICS):
        if not any(t.metric == metric for t in policy.targets):
            continue
        target, calendar = _assign_targets(policy, metric, masks, ticket_ids, plan, bool(strict))
        selected = target >= 0
        if not selected.all():
            unmatched_index[metric] = np.flatnonzero(~selected)
        option = _clock_option(metric, policy, target)
        row_offsets = np.empty(n_tickets + 1, dtype=np.int64)
        seg_offsets = np.empty(n_tickets + 1, dtype=np.int64)
        row_counts = np.empty(n_tickets, dtype=np.int64)
        seg_counts = np.empty(n_tickets, dtype=np.int64)
        if metric == "first_reply":  # one row and one segment per selected ticket
            row_counts[:] = selected
            seg_counts[:] = selected
        else:
            _clock(metric, n_tickets, offsets, at_sorted, code_sorted, created, as_of_ns, selected, option, False,
                   row_offsets, seg_offsets, *dummies, row_counts, seg_counts)
        row_offsets[0] = n_rows
        np.cumsum(row_counts, out=row_offsets[1:])
        row_offsets[1:] += n_rows
        # segments are laid out calendar by calendar, so that each calendar measures one slice
        for cid, a, z in _segment_layout(calendar, seg_counts, n_segments, seg_offsets):
            spans.append((cid, a, z))
        blocks.append((metric_code, metric, target, calendar, selected, option, row_offsets, seg_offsets,
                       row_counts, seg_counts))
        n_rows = int(row_offsets[-1])
        n_segments += int(seg_counts.sum())
    rows = _Rows(n_rows, n_segments)
    for metric_code, metric, target, calendar, selected, option, row_offsets, seg_offsets, row_counts, seg_counts in blocks:
        _clock(metric, n_tickets, offsets, at_sorted, code_sorted, created, as_of_ns, selected, option, True,
               row_offsets, seg_offsets, *rows.outputs(), row_counts, seg_counts)
        block = slice(int(row_offsets[0]), int(row_offsets[-1]))
        rows.metric[block] = metric_code
        block_tickets = rows.ticket[block]
        rows.target[block] = target[block_tickets]
        rows.calendar[block] = calendar[block_tickets]
    ticket, target, row_cal = rows.ticket, rows.target, rows.calendar
    seg_start = rows.seg_start
    seg_ns = _measure_ns(plan, spans, seg_start, rows.seg_end)

    targets = policy.targets
    goal_of = np.array([round(t.goal_s * _NS) for t in targets], dtype=np.int64)
    fraction_of = np.array([np.nan if t.warning_fraction is None else t.warning_fraction for t in targets])
    lead_of = np.array([np.nan if t.warning_lead_s is None else t.warning_lead_s for t in targets])
    elapsed_s = np.empty(n_rows, dtype=np.float64)
    goal_s = np.empty(n_rows, dtype=np.float64)
    state = np.empty(n_rows, dtype=np.int8)
    breached = np.empty(n_rows, dtype=np.bool_)
    remaining = np.empty(n_rows, dtype=np.float64)
    base = np.empty(n_rows, dtype=np.int64)
    amount = np.empty(n_rows, dtype=np.int64)
    due_group = np.empty(n_rows, dtype=np.int32)
    _batch(
        _ks.finalize_rows_range, _ks.finalize_rows_chunks, n_rows,
        rows.kind, target, row_cal, rows.seg_first, rows.seg_count, seg_ns, seg_start, rows.stop,
        rows.run_before, as_of_ns, goal_of, fraction_of, lead_of,
        elapsed_s, goal_s, state, breached, remaining, base, amount, due_group,
    )
    due = _add_ns(plan, due_group, base, amount)
    return SlaResult(
        ticket_id=ticket_ids[ticket],
        metric_code=rows.metric,
        cycle=rows.cycle,
        target=target,
        goal_s=goal_s,
        elapsed_s=elapsed_s,
        due_at=due.view("M8[ns]"),
        breach_at=np.where(breached, due, NAT_NS).view("M8[ns]"),
        breached=breached,
        state_code=state,
        remaining_s=remaining,
        as_of=np.datetime64(as_of_ns, "ns"),
        ticket_index=ticket,
        unmatched={m: ticket_ids[rows] for m, rows in unmatched_index.items()},
        unmatched_index=unmatched_index,
        ticket_columns=attribute_cols,
    )


# ---------------------------------------------------------------------------
# Results and summaries
# ---------------------------------------------------------------------------


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise MissingDependencyError(
            "to_pandas needs pandas: pip install 'cultureservice[pandas]'"
        ) from None
    return pd


def _cell(value: Any) -> str:
    if isinstance(value, np.datetime64):
        return "NaT" if np.isnat(value) else str(value.astype("M8[s]")).replace("T", " ")
    if isinstance(value, (float, np.floating)):
        return "nan" if np.isnan(value) else f"{value:g}"
    return str(value.item() if isinstance(value, np.generic) else value)


def _text_table(columns: Mapping[str, npt.NDArray[Any]], max_rows: int) -> str:
    names = list(columns)
    n = len(next(iter(columns.values()))) if columns else 0
    shown = range(min(n, max_rows))
    cells = [[_cell(columns[c][i]) for c in names] for i in shown]
    widths = [max([len(c)] + [len(r[j]) for r in cells]) for j, c in enumerate(names)]
    lines = ["  ".join(c.rjust(w) for c, w in zip(names, widths))]
    lines += ["  ".join(v.rjust(w) for v, w in zip(r, widths)) for r in cells]
    if n > max_rows:
        lines.append(f"... ({n} rows)")
    return "\n".join(line.rstrip() for line in lines)


def _frozen_columns(value: Mapping[str, Any]) -> FrozenMap[str, Any]:
    return FrozenMap({str(k): v for k, v in value.items()})


@attrs.frozen(kw_only=True, eq=False)
class SlaResult:
    """
    SLA rows: one per ticket, metric and cycle, as equal-length arrays.

    Made by :func:`evaluate`; see :mod:`cultureservice.sla` for the metric,
    state and instant definitions.

    Attributes
    ----------
    ticket_id : ndarray
        The ticket (as in the tickets table).
    metric : ndarray of str
        One of :data:`METRICS` (built from ``metric_code`` on first access).
    metric_code : ndarray of int8
        Index of the metric in :data:`METRICS`.
    cycle : ndarray of int64
        Reply cycle (next_reply), 0 for the other metrics. [count]
    target : ndarray of int64
        0-based index of the policy target that applied.
    goal_s : ndarray of float64
        The target's goal. [s]
    elapsed_s : ndarray of float64
        Time the clock ran (up to ``as_of`` if live), in the target's hours. [s]
    due_at : ndarray of datetime64[ns]
        When the goal is (or was) reached; NaT where the module's rules give none. [UTC]
    breach_at : ndarray of datetime64[ns]
        ``due_at`` on breached rows, else NaT. [UTC]
    breached : ndarray of bool
        ``elapsed_s > goal_s``.
    state : ndarray of str
        One of :data:`STATES` (built from ``state_code`` on first access).
    state_code : ndarray of int8
        Index of the state in :data:`STATES`.
    remaining_s : ndarray of float64
        ``goal_s - elapsed_s`` on live rows (negative once breached), NaN on
        completed and not-applicable rows. [s]
    as_of : numpy.datetime64
        The instant of the evaluation. [UTC]
    ticket_index : ndarray of int64
        Row of each result row's ticket in the tickets table.
    unmatched : mapping of str to ndarray
        Metric to the ids of the tickets that no target of that metric
        matches (absent when every ticket is matched).
    unmatched_index : mapping of str to ndarray of int64
        The same tickets as rows of the tickets table.
    ticket_columns : mapping of str to ndarray
        The tickets' attribute columns (for :func:`summary`).
    """

    ticket_id: npt.NDArray[Any]
    metric_code: npt.NDArray[np.int8]
    cycle: npt.NDArray[np.int64]
    target: npt.NDArray[np.int64]
    goal_s: npt.NDArray[np.float64]
    elapsed_s: npt.NDArray[np.float64]
    due_at: npt.NDArray[np.datetime64]
    breach_at: npt.NDArray[np.datetime64]
    breached: npt.NDArray[np.bool_]
    state_code: npt.NDArray[np.int8]
    remaining_s: npt.NDArray[np.float64]
    as_of: np.datetime64
    ticket_index: npt.NDArray[np.int64]
    unmatched: FrozenMap[str, npt.NDArray[Any]] = attrs.field(factory=dict, converter=_frozen_columns)
    unmatched_index: FrozenMap[str, npt.NDArray[np.int64]] = attrs.field(factory=dict, converter=_frozen_columns)
    ticket_columns: FrozenMap[str, npt.NDArray[Any]] = attrs.field(factory=dict, converter=_frozen_columns)
    _strings: dict[str, npt.NDArray[np.object_]] = attrs.field(init=False, factory=dict, repr=False)

    def __len__(self) -> int:
        return int(self.ticket_id.shape[0])

    def _names(self, key: str, names: tuple[str, ...], codes: npt.NDArray[np.int8]) -> npt.NDArray[np.object_]:
        if key not in self._strings:
            self._strings[key] = np.array(names, dtype=object)[codes]
        return self._strings[key]

    @property
    def metric(self) -> npt.NDArray[np.object_]:
        """The metric of each row (``METRICS[metric_code]``), str."""
        return self._names("metric", METRICS, self.metric_code)

    @property
    def state(self) -> npt.NDArray[np.object_]:
        """The state of each row (``STATES[state_code]``), str."""
        return self._names("state", STATES, self.state_code)

    def columns(self) -> dict[str, npt.NDArray[Any]]:
        """The result columns (:data:`COLUMNS`) as a dict of arrays."""
        return {name: getattr(self, name) for name in COLUMNS}

    def to_pandas(self) -> Any:
        """
        The rows as a pandas DataFrame (columns :data:`COLUMNS`; instants tz-aware UTC).

        Raises
        ------
        MissingDependencyError
            If pandas is not installed.
        """
        pd = _pandas()
        data: dict[str, Any] = self.columns()
        for name in ("due_at", "breach_at"):
            data[name] = pd.DatetimeIndex(data[name]).tz_localize("UTC")
        return pd.DataFrame(data)

    def __str__(self) -> str:
        return _text_table(self.columns(), max_rows=20)

    def __repr__(self) -> str:
        missing = sum(len(v) for v in self.unmatched.values())
        return (
            f"<SlaResult: {len(self)} rows as of {self.as_of}"
            + (f", {missing} unmatched ticket-metrics" if missing else "")
            + ">"
        )


@attrs.frozen(kw_only=True, eq=False)
class SlaSummary:
    """
    Compliance by group, as equal-length columns (made by :func:`summary`).

    Attributes
    ----------
    columns : mapping of str to ndarray
        The group columns, then ``metric``, counts, ``compliance`` and
        elapsed percentiles (see :func:`summary`).
    """

    columns: FrozenMap[str, npt.NDArray[Any]] = attrs.field(converter=_frozen_columns)

    def __getitem__(self, name: str) -> npt.NDArray[Any]:
        return self.columns[name]

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def to_pandas(self) -> Any:
        """
        The summary as a pandas DataFrame.

        Raises
        ------
        MissingDependencyError
            If pandas is not installed.
        """
        return _pandas().DataFrame(dict(self.columns))

    def __str__(self) -> str:
        return _text_table(self.columns, max_rows=200)


def _factorize(values: npt.NDArray[Any]) -> tuple[npt.NDArray[Any], npt.NDArray[np.int64]]:
    try:
        uniq, inverse = np.unique(values, return_inverse=True)
    except TypeError:  # mixed types in an object column
        text = np.array([repr(v) for v in values.tolist()], dtype=object)
        _, first, inverse = np.unique(text, return_index=True, return_inverse=True)
        uniq = values[first]
    return uniq, inverse.reshape(-1).astype(np.int64)


def summary(
    result: SlaResult,
    by: str | Sequence[str] = (),
    *,
    cycles: Literal["all", "worst"] = "all",
    percentiles: Sequence[float] = (50, 90, 95),
) -> SlaSummary:
    """
    Compliance rates and elapsed-time percentiles per metric and group.

    Parameters
    ----------
    result : SlaResult
        From :func:`evaluate`.
    by : str or sequence of str
        Ticket attribute columns to group by (``"market"``, ``"channel"``,
        ``"priority"``, ...) or ``"target"``; every group is also split by
        metric.
    cycles : {"all", "worst"}
        ``"all"`` counts every next-reply cycle; ``"worst"`` keeps each
        ticket's longest cycle (a ticket breaches if any cycle does).
    percentiles : sequence of float
        Percentiles of elapsed time over completed rows (linear
        interpolation, as :func:`numpy.percentile`). [0–100]

    Returns
    -------
    table : SlaSummary
        One row per group and metric, ordered by group then metric, with
        columns: the ``by`` columns, ``metric``, ``rows`` (applicable rows),
        ``achieved``, ``breached``, ``warning``, ``active``, ``paused``,
        ``not_applicable``, ``unmatched`` (tickets no target matched),
        ``compliance`` (achieved / (achieved + breached), NaN when both are
        0) and ``elapsed_p{q}_s`` per percentile (NaN without completed rows).

    Raises
    ------
    InvalidArgumentError
        For an unknown ``by`` column, a bad ``cycles`` or percentiles outside
        [0, 100].

    Examples
    --------
    >>> import numpy as np
    >>> policy = SlaPolicy(targets=[SlaTarget(metric="first_reply", goal_s="1h", hours="calendar")])
    >>> tickets = {"ticket_id": [1, 2, 3], "market": ["DE", "DE", "FR"],
    ...            "created_at": np.array(["2026-03-02T09:00"] * 3, "M8[s]")}
    >>> events = {"ticket_id": [1, 2, 3], "at": np.array(["2026-03-02T09:30", "2026-03-02T11:00",
    ...           "2026-03-02T09:10"], "M8[s]"), "kind": ["agent_reply"] * 3, "public": [True] * 3}
    >>> table = summary(evaluate(policy, tickets, events), by="market")
    >>> table["market"].tolist(), table["compliance"].tolist(), table["elapsed_p50_s"].tolist()
    (['DE', 'FR'], [0.5, 1.0], [4500.0, 600.0])
    """
    if not isinstance(result, SlaResult):
        raise InvalidArgumentError(f"result must be an SlaResult (from evaluate); got {type(result).__name__}")
    by_names = [by] if isinstance(by, str) else list(by)
    for name in by_names:
        if name != "target" and name not in result.ticket_columns:
            raise InvalidArgumentError(
                f"by must name ticket columns ({', '.join(repr(c) for c in result.ticket_columns) or 'none'}) "
                f"or 'target'; got {name!r}"
            )
    if cycles not in ("all", "worst"):
        raise InvalidArgumentError(f"cycles must be 'all' or 'worst'; got {describe(cycles)}")
    qs = np.asarray(percentiles, dtype=np.float64).reshape(-1)
    if ((qs < 0) | (qs > 100) | np.isnan(qs)).any():
        raise InvalidArgumentError(f"percentiles must be in [0, 100]; got {describe(list(percentiles))}")

    metric_code = result.metric_code.astype(np.int64)
    ticket = result.ticket_index
    keep = np.ones(len(result), dtype=bool)
    if cycles == "worst" and len(result):
        change = np.ones(len(result), dtype=bool)
        change[1:] = (ticket[1:] != ticket[:-1]) | (metric_code[1:] != metric_code[:-1])
        starts = np.flatnonzero(change)
        run = np.cumsum(change) - 1
        worst = np.maximum.reduceat(result.elapsed_s, starts)
        is_worst = result.elapsed_s == worst[run]
        first_worst = np.full(starts.shape[0], len(result), dtype=np.int64)
        np.minimum.at(first_worst, run[is_worst], np.flatnonzero(is_worst))
        keep = np.zeros(len(result), dtype=bool)
        keep[first_worst] = True
    state = result.state_code[keep]
    elapsed = result.elapsed_s[keep]
    completed = np.isnan(result.remaining_s[keep]) & (state != STATES.index("not_applicable"))
    rows_ticket = ticket[keep]
    rows_metric = metric_code[keep]
    rows_target = result.target[keep]

    # items: result rows, then (ticket, metric) pairs without a target
    un_ticket: list[npt.NDArray[np.int64]] = []
    un_metric: list[npt.NDArray[np.int64]] = []
    if result.unmatched:
        for name, positions in result.unmatched_index.items():
            un_ticket.append(positions)
            un_metric.append(np.full(positions.shape[0], METRICS.index(name), dtype=np.int64))
    n_un = sum(a.shape[0] for a in un_ticket)
    item_ticket = np.concatenate([rows_ticket, *un_ticket]) if un_ticket else rows_ticket
    item_metric = np.concatenate([rows_metric, *un_metric]) if un_metric else rows_metric
    item_target = np.concatenate([rows_target, np.full(n_un, -1, dtype=np.int64)])
    is_row = np.concatenate([np.ones(rows_ticket.shape[0], dtype=bool), np.zeros(n_un, dtype=bool)])

    key = np.zeros(item_ticket.shape[0], dtype=np.int64)
    labels: list[npt.NDArray[Any]] = []
    for name in by_names:
        if name == "target":
            uniq, codes = _factorize(item_target)
        else:
            uniq_t, codes_t = _factorize(result.ticket_columns[name])
            uniq, codes = uniq_t, codes_t[item_ticket]
        labels.append(uniq)
        key = key * max(len(uniq), 1) + codes
    key = key * len(METRICS) + item_metric
    top = int(key.max()) + 1 if key.size else 0
    if top <= 4 * key.shape[0] + 1024:  # small key range: group ids by a lookup table
        groups = np.flatnonzero(np.bincount(key, minlength=top))
        lookup = np.zeros(top, dtype=np.int64)
        lookup[groups] = np.arange(groups.shape[0])
        group_of = lookup[key]
    else:
        groups, group_of = np.unique(key, return_inverse=True)
        group_of = group_of.reshape(-1)
    g = groups.shape[0]

    columns: dict[str, npt.NDArray[Any]] = {}
    rest = groups.copy()
    metric_of_group = rest % len(METRICS)
    rest //= len(METRICS)
    decoded = []
    for uniq in reversed(labels):
        decoded.append(uniq[rest % max(len(uniq), 1)])
        rest //= max(len(uniq), 1)
    for name, values in zip(by_names, reversed(decoded)):
        columns[name] = values
    columns["metric"] = np.array(METRICS, dtype=object)[metric_of_group]
    row_group = group_of[: rows_ticket.shape[0]]

    def count(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
        return np.bincount(row_group[mask], minlength=g).astype(np.int64)

    columns["rows"] = count(state != STATES.index("not_applicable"))
    for code, name in enumerate(STATES):
        columns[name] = count(state == code)
    columns["unmatched"] = np.bincount(group_of[~is_row], minlength=g).astype(np.int64)
    decided = columns["achieved"] + columns["breached"]
    with np.errstate(invalid="ignore", divide="ignore"):
        columns["compliance"] = np.where(decided > 0, columns["achieved"] / np.maximum(decided, 1), np.nan)
    done_group = row_group[completed]
    done_elapsed = elapsed[completed]
    order = np.empty(done_group.shape[0], dtype=np.int64)
    bounds = np.empty(g + 1, dtype=np.int64)
    _ks.group_order(done_group, 0, g, order, bounds)
    sizes = np.diff(bounds)
    values = {q: np.full(g, np.nan) for q in qs}
    for group in np.flatnonzero(sizes):
        sorted_elapsed = np.sort(done_elapsed[order[bounds[group]:bounds[group + 1]]])
        for q in qs:
            position = (sorted_elapsed.shape[0] - 1) * (q / 100.0)
            lo = int(np.floor(position))
            hi = int(np.ceil(position))
            values[q][group] = sorted_elapsed[lo] + (sorted_elapsed[hi] - sorted_elapsed[lo]) * (position - lo)
    for q in qs:
        columns[f"elapsed_p{q:g}_s"] = values[q]
    return SlaSummary(columns=columns)


# ---------------------------------------------------------------------------
# Objects
# ---------------------------------------------------------------------------


def _convert_goal(value: Any) -> float:
    return _one_duration("goal_s", value)


def _check_goal(instance: Any, attribute: Any, value: float) -> None:
    if not 0 < value < _MAX_GOAL_S:
        raise InvalidArgumentError(f"goal_s must be > 0 and below 4.6e9 s; got {value:g}")


def _check_metric(instance: Any, attribute: Any, value: Any) -> None:
    if value not in METRICS:
        raise InvalidArgumentError(f"metric must be one of {', '.join(METRICS)}; got {describe(value)}")


def _check_hours(instance: SlaTarget, attribute: Any, value: Any) -> None:
    if value not in ("business", "calendar"):
        raise InvalidArgumentError(f"hours must be 'business' or 'calendar'; got {describe(value)}")


def _convert_calendar(value: Any) -> Any:
    if value is None or isinstance(value, BusinessCalendar):
        return value
    if isinstance(value, Mapping):
        for market, cal in value.items():
            if not isinstance(cal, BusinessCalendar):
                raise InvalidArgumentError(
                    f"calendar must be a BusinessCalendar or a mapping of market to BusinessCalendar; "
                    f"got {describe(cal)} for market {market!r}"
                )
        if not value:
            raise InvalidArgumentError("calendar must map at least one market to a BusinessCalendar; got {}")
        return FrozenMap(value)
    raise InvalidArgumentError(
        f"calendar must be a BusinessCalendar or a mapping of market to BusinessCalendar; got {describe(value)}"
    )


def _check_calendar(instance: SlaTarget, attribute: Any, value: Any) -> None:
    if instance.hours == "business" and value is None:
        raise InvalidArgumentError(
            "calendar must be given when hours='business' (a BusinessCalendar or a mapping of market to one); "
            "use hours='calendar' to measure wall-clock time"
        )
    if instance.hours == "calendar" and value is not None:
        raise InvalidArgumentError(
            "calendar must be None when hours='calendar' (wall-clock time needs no calendar); "
            "use hours='business' to measure in the calendar's business hours"
        )


def _convert_conditions(value: Any) -> FrozenMap[str, tuple[Any, ...]]:
    if value is None:
        return FrozenMap({})
    if not isinstance(value, Mapping):
        raise InvalidArgumentError(
            f"conditions must be a mapping of ticket column to allowed values, such as "
            f"{{'priority': ['high', 'urgent']}}; got {describe(value)}"
        )
    out = {}
    for column, allowed in value.items():
        if not isinstance(column, str):
            raise InvalidArgumentError(f"conditions keys must be column names (str); got {describe(column)}")
        if isinstance(allowed, (str, bytes)) or np.ndim(allowed) == 0:
            items: tuple[Any, ...] = (allowed,)
        else:
            items = tuple(np.asarray(allowed, dtype=object).tolist())
        if not items:
            raise InvalidArgumentError(f"conditions[{column!r}] must list at least one allowed value; got []")
        out[column] = items
    return FrozenMap(out)


def _convert_fraction(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidArgumentError(f"warning_fraction must be None or a number in (0, 1]; got {describe(value)}")
    number = float(value)
    if not 0 < number <= 1:
        raise InvalidArgumentError(f"warning_fraction must be None or in (0, 1]; got {describe(value)}")
    return number


def _convert_lead(value: Any) -> float | None:
    if value is None:
        return None
    return _one_duration("warning_lead_s", value)


def _convert_pauses(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = (value,) if isinstance(value, str) else tuple(value)
    for item in items:
        if item not in _PAUSABLE:
            raise InvalidArgumentError(
                f"pause_statuses must be roles in which a clock can pause ({', '.join(_PAUSABLE)}); got {describe(item)}"
            )
    return tuple(dict.fromkeys(items))


def _check_pauses(instance: SlaTarget, attribute: Any, value: tuple[str, ...]) -> None:
    if value and instance.metric != "resolution":
        raise InvalidArgumentError(
            f"pause_statuses applies to metric 'resolution' only; got {value!r} for metric {instance.metric!r}"
        )


def _check_name(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidArgumentError(f"{attribute.name} must be a string or None; got {describe(value)}")


@attrs.frozen(kw_only=True)
class SlaTarget:
    """
    One promise: a metric's goal, in which hours, for which tickets.

    Parameters
    ----------
    metric : str
        One of :data:`METRICS` (definitions in :mod:`cultureservice.sla`).
    goal_s : float or str
        The goal, ``> 0``: seconds or a duration string (``"8h"``,
        ``"1d 4h"``, see :func:`duration_s`). [s]
    hours : {"business", "calendar"}
        Measure in the calendar's business hours, or in wall-clock time.
    calendar : BusinessCalendar or mapping of str to BusinessCalendar, optional
        Required for ``hours="business"`` (and not allowed otherwise): one
        calendar, or one per market (the tickets' ``market`` column).
    conditions : mapping of str to values, optional
        Ticket column to allowed values; a ticket matches when every listed
        column holds one of its values. ``{}`` (default) matches all.
    warning_fraction : float or None
        A running clock warns from this share of the goal on; None: never.
        [0–1]
    warning_lead_s : float, str or None
        A running clock warns when at most this much of the goal is left;
        None: never. [s]
    pause_statuses : sequence of str
        Resolution only: roles (``new``, ``open``, ``pending``, ``on_hold``)
        in which the resolution clock pauses; none by default.
    name : str, optional
        A label for messages and reports.

    Raises
    ------
    InvalidArgumentError
        For an unknown metric or hours, a goal <= 0, a calendar missing for
        business hours or given for calendar hours, empty condition lists, a
        warning fraction outside (0, 1], or pause statuses on a metric other
        than resolution.

    Examples
    --------
    >>> SlaTarget(metric="first_reply", goal_s="8h", hours="calendar",
    ...           conditions={"priority": ["high", "urgent"]}).goal_s
    28800.0
    """

    metric: str = attrs.field(validator=_check_metric)
    goal_s: float = attrs.field(converter=_convert_goal, validator=_check_goal)
    hours: str = attrs.field(default="business", validator=_check_hours)
    calendar: BusinessCalendar | FrozenMap[Any, BusinessCalendar] | None = attrs.field(
        default=None, converter=_convert_calendar, validator=_check_calendar
    )
    conditions: FrozenMap[str, tuple[Any, ...]] = attrs.field(factory=dict, converter=_convert_conditions)
    warning_fraction: float | None = attrs.field(default=0.75, converter=_convert_fraction)
    warning_lead_s: float | None = attrs.field(default=None, converter=_convert_lead)
    pause_statuses: tuple[str, ...] = attrs.field(default=(), converter=_convert_pauses, validator=_check_pauses)
    name: str | None = attrs.field(default=None, validator=_check_name)


def _convert_targets(value: Any) -> tuple[SlaTarget, ...]:
    if isinstance(value, SlaTarget) or not isinstance(value, Iterable):
        raise InvalidArgumentError(f"targets must be a list of SlaTarget; got {describe(value)}")
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, SlaTarget):
            raise InvalidArgumentError(f"targets[{i}] must be an SlaTarget; got {describe(item)}")
    if not items:
        raise InvalidArgumentError("targets must hold at least one SlaTarget; got none")
    return items


@attrs.frozen(kw_only=True)
class SlaPolicy:
    """
    An ordered list of SLA targets; per ticket and metric the first matching target applies.

    Parameters
    ----------
    targets : sequence of SlaTarget
        At least one; order matters (first match wins, as in Zendesk).
    name : str, optional
        A label.

    Examples
    --------
    >>> policy = SlaPolicy(targets=[
    ...     SlaTarget(metric="first_reply", goal_s="1h", hours="calendar", conditions={"priority": "urgent"}),
    ...     SlaTarget(metric="first_reply", goal_s="8h", hours="calendar"),
    ... ], name="standard")
    >>> [t.goal_s for t in policy.targets]
    [3600.0, 28800.0]
    """

    targets: tuple[SlaTarget, ...] = attrs.field(converter=_convert_targets)
    name: str | None = attrs.field(default=None, validator=_check_name)

    @classmethod
    def from_profiles(
        cls,
        markets: Iterable[Any],
        *,
        metric: str = "first_reply",
        channels: Iterable[str] | None = None,
        hours: str = "calendar",
        calendars: Mapping[str, BusinessCalendar] | None = None,
        warning_fraction: float | None = 0.75,
        warning_lead_s: Any = None,
        name: str | None = None,
    ) -> SlaPolicy:
        """
        Targets per market and channel from the markets' expected response times.

        Each market's culture profile (:func:`cultureservice.culture.profile`)
        gives an expected first-response time per channel
        (``first_response_s``, a planning assumption); this makes one target
        per market and channel with that goal and the conditions
        ``{"market": [country], "channel": [channel]}``, so that
        :func:`evaluate` answers "what would our compliance be if we
        promised each market what it expects?".

        Parameters
        ----------
        markets : iterable of str or CultureProfile
            ISO 3166-1 alpha-2 codes (their default profiles) or profiles
            (e.g. calibrated or overridden ones); the tickets' ``market``
            column must hold these codes.
        metric : {"first_reply", "next_reply"}
            The reply metric the expectations stand for.
        channels : iterable of str, optional
            Channels to cover (default every response channel: phone,
            email, chat, messaging, social); tickets need a ``channel``
            column.
        hours : {"calendar", "business"}
            ``"calendar"`` (default) reads the expectations as wall-clock
            time, as customers do; ``"business"`` measures them in each
            market's hours.
        calendars : mapping of str to BusinessCalendar, optional
            For ``hours="business"``: the calendar per market; default each
            profile's :meth:`~cultureservice.culture.CultureProfile.calendar`
            (its support hours, business week and public holidays).
        warning_fraction, warning_lead_s : optional
            As in :class:`SlaTarget`, for every target.
        name : str, optional
            Name of the policy.

        Returns
        -------
        policy : SlaPolicy
            Targets ordered by market, then channel, named
            ``"{metric}-{market}-{channel}"``.

        Raises
        ------
        UnknownCodeError
            For a country without a profile.
        InvalidArgumentError
            For a metric other than first_reply/next_reply, an unknown channel
            or hours, or a repeated market.

        Examples
        --------
        >>> policy = SlaPolicy.from_profiles(["DE", "JP"], channels=["email", "chat"])
        >>> [(t.name, t.goal_s) for t in policy.targets][:2]
        [('first_reply-DE-email', 86400.0), ('first_reply-DE-chat', 60.0)]
        """
        from cultureservice.culture import RESPONSE_CHANNELS, CultureProfile, profile

        if metric not in _REPLY_METRICS:
            raise InvalidArgumentError(
                f"metric must be 'first_reply' or 'next_reply' (the profiles give reply times); got {describe(metric)}"
            )
        if hours not in ("business", "calendar"):
            raise InvalidArgumentError(f"hours must be 'business' or 'calendar'; got {describe(hours)}")
        wanted = tuple(RESPONSE_CHANNELS) if channels is None else tuple(channels)
        for channel in wanted:
            if channel not in RESPONSE_CHANNELS:
                raise InvalidArgumentError(
                    f"channels must be response channels ({', '.join(RESPONSE_CHANNELS)}); got {describe(channel)}"
                )
        if isinstance(markets, (str, CultureProfile)):
            markets = [markets]
        targets = []
        seen: set[str] = set()
        for market in markets:
            prof = market if isinstance(market, CultureProfile) else profile(market)
            code = prof.country
            if code in seen:
                raise InvalidArgumentError(f"markets must not repeat a country; got {code!r} twice")
            seen.add(code)
            calendar = None
            if hours == "business":
                calendar = calendars[code] if calendars is not None and code in calendars else prof.calendar()
            for channel in wanted:
                targets.append(SlaTarget(
                    metric=metric,
                    goal_s=prof.first_response_s[channel],
                    hours=hours,
                    calendar=calendar,
                    conditions={"market": [code], "channel": [channel]},
                    warning_fraction=warning_fraction,
                    warning_lead_s=warning_lead_s,
                    name=f"{metric}-{code}-{channel}",
                ))
        return cls(targets=targets, name=name)

    def evaluate(
        self,
        tickets: Any,
        events: Any,
        *,
        as_of: Any = None,
        status_roles: Mapping[Any, str] | None = None,
        strict: bool = False,
    ) -> SlaResult:
        """:func:`evaluate` with this policy."""
        return evaluate(self, tickets, events, as_of=as_of, status_roles=status_roles, strict=strict)
