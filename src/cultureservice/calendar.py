r"""Business-hour calendars: open time between instants, exact across DST.

*Business time* between two instants is the time during which a calendar is
open: its weekly hours, read on the wall clock of its IANA time zone, minus its
holidays, with date overrides (half days, extra closed or open dates) applied.

A :class:`BusinessCalendar` compiles these local rules into a sorted UTC
timeline of disjoint open intervals :math:`[o_k, c_k)` with the open time before
each, so that the cumulative open time up to an instant :math:`t` is

.. math:: F(t) = \sum_k \max\bigl(0, \min(t, c_k) - o_k\bigr).

Measuring is then :math:`F(\mathit{end}) - F(\mathit{start})` and adding
:math:`n` seconds is :math:`F^{-1}(F(\mathit{start}) + n)`, both binary
searches (numba kernels, in parallel over a batch). The timeline is held in
int64 nanoseconds since the epoch (UTC), compiled in whole local years around
the instants asked about, extended lazily (again in whole years) when later
inputs fall outside it, and cached per calendar definition.

Conventions
-----------
C1
    Intervals are half-open, ``[open, close)``: at 17:00 a 09:00–17:00 desk is
    closed.
C2
    ``close <= open`` is an overnight interval owned by its opening date:
    Monday ``("22:00", "06:00")`` runs to Tuesday 06:00. ``"24:00"`` is
    allowed as a close.
C3
    A wall time becomes an instant with the "compatible" rule of RFC 5545 and
    Temporal: a time inside a DST gap moves forward by the length of the gap
    (02:30 on a spring-forward night in Berlin is 03:30 CEST); an ambiguous
    time takes the earlier instant (the first 02:30 in autumn). This is
    :mod:`zoneinfo` with ``fold=0``; pytz's default ``is_dst=False`` (the later
    instant) is *not* used.
C4
    A holiday removes its whole local day, 00:00 to 24:00, including the
    morning part of the previous day's overnight shift; its own overnight
    shift still runs after midnight on the next (working) day. With
    ``holiday_rule="shift"`` a holiday instead cancels the shifts that *open*
    on it (whole, also after midnight) and leaves the previous night's shift
    alone.
C5
    Elapsed business time is signed: ``end`` before ``start`` gives a negative
    number.
C6
    ``add(start, n)`` for ``n > 0`` is the earliest instant at which ``n``
    business seconds have elapsed since ``start``; it may be a closing time
    (17:00, not the next morning's 09:00). ``n < 0`` goes back in time (again
    the earliest instant with that cumulative open time), ``n == 0`` returns
    ``start`` unchanged.

Instants go in as ``numpy.datetime64`` (read as UTC), time-zone aware
``datetime`` objects, ISO strings with an offset, or pandas tz-aware values,
and come out as ``datetime64[ns]`` in UTC; NaT propagates.
"""

from __future__ import annotations

import collections
import difflib
import functools
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, Optional, Union

import attrs
import numpy as np
import numpy.typing as npt

from cultureservice._kernels import timeline as _tk
from cultureservice._time import NAT_NS, get_zone, to_utc_ns, wall_to_utc_seconds
from cultureservice._validation import as_float_array, as_int_array, describe
from cultureservice.errors import InvalidArgumentError, UnknownCodeError

__all__ = [
    "BusinessCalendar",
    "HolidaySource",
    "add_business_seconds",
    "business_seconds",
    "business_seconds_segments",
    "is_open",
    "next_close",
    "next_open",
    "open_intervals",
    "weekday_keys",
]

#: One day's intervals: (open, close) as seconds after the owning date's local
#: midnight, ``0 <= open < 86400`` and ``open < close <= open + 86400``.
Intervals = tuple[tuple[int, int], ...]
WeeklyHours = tuple[Intervals, Intervals, Intervals, Intervals, Intervals, Intervals, Intervals]
IntervalLike = Union[Sequence[Any], tuple[Any, Any]]

_DAY = 86_400
_NS = 1_000_000_000
_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_EPOCH_DATE = date(1970, 1, 1)
_FIRST_YEAR = 1678
_LAST_YEAR = 2261  # last whole year inside datetime64[ns]
_MAX_YEARS = 250  # widest timeline: its span and open time must fit int64 nanoseconds
_SENTINEL = np.iinfo(np.int64).min + 1
_PARALLEL_MIN = 65_536  # smaller batches run in one thread (waking threads costs more)
_CHUNKS = 64
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_HOLIDAY_RULES = ("day", "shift")


# ---------------------------------------------------------------------------
# Parsing local rules
# ---------------------------------------------------------------------------


def _format_wall(seconds: int) -> str:
    days, rest = divmod(seconds, _DAY)
    h, rest = divmod(rest, 3600)
    m, s = divmod(rest, 60)
    text = f"{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")
    if days == 1 and rest == 0:
        return "24:00"
    return text + (" (+1 day)" if days else "")


def _parse_wall(argument: str, value: Any, *, is_close: bool) -> int:
    """A wall-clock time as seconds after local midnight (24:00 only as a close)."""
    allowed = "a wall-clock time 'HH:MM' or 'HH:MM:SS' from 00:00 to 24:00 (24:00 only as a close)"
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise InvalidArgumentError(
                f"{argument} must be a naive wall-clock time (the calendar's time_zone applies); "
                f"got {value!r}"
            )
        if value.microsecond:
            raise InvalidArgumentError(f"{argument} must be whole seconds; got {value.isoformat()!r}")
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        seconds = int(value)
        if not 0 <= seconds <= 2 * _DAY:
            raise InvalidArgumentError(
                f"{argument} must be {allowed}, or seconds after midnight in [0, 172800]; got {seconds}"
            )
        return seconds
    if isinstance(value, str):
        match = _TIME_RE.match(value.strip())
        if match:
            h, m, s = int(match[1]), int(match[2]), int(match[3] or 0)
            if m < 60 and s < 60 and (h < 24 or (h == 24 and m == 0 and s == 0 and is_close)):
                return h * 3600 + m * 60 + s
    raise InvalidArgumentError(f"{argument} must be {allowed}; got {describe(value)}")


def _is_interval(value: Any) -> bool:
    return (
        isinstance(value, (tuple, list))
        and len(value) == 2
        and all(isinstance(v, (str, time, int, np.integer)) and not isinstance(v, bool) for v in value)
    )


def _parse_intervals(argument: str, value: Any) -> Intervals:
    """One day's intervals, sorted by opening time, checked for overlap (C1, C2)."""
    if value is None:
        return ()
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidArgumentError(
            f"{argument} must be a list of (open, close) pairs such as [('09:00', '17:00')]; "
            f"got {describe(value)}"
        )
    items = list(value)
    if _is_interval(items) and not all(_is_interval(v) for v in items):
        items = [items]  # a single ("09:00", "17:00") pair
    parsed: list[tuple[int, int]] = []
    for i, item in enumerate(items):
        if not _is_interval(item):
            raise InvalidArgumentError(
                f"{argument}[{i}] must be an (open, close) pair such as ('09:00', '17:00'); got {describe(item)}"
            )
        opening = _parse_wall(f"{argument}[{i}] open", item[0], is_close=False)
        closing = _parse_wall(f"{argument}[{i}] close", item[1], is_close=True)
        if opening >= _DAY:
            raise InvalidArgumentError(
                f"{argument}[{i}] open must be before 24:00; got {_format_wall(opening)!r}"
            )
        if closing <= opening:
            closing += _DAY  # C2: overnight, owned by the opening date
        if closing - opening > _DAY:
            raise InvalidArgumentError(
                f"{argument}[{i}] must last at most 24 hours; got {_format_wall(opening)}–{_format_wall(closing)}"
            )
        parsed.append((opening, closing))
    parsed.sort()
    for (o1, c1), (o2, c2) in zip(parsed, parsed[1:]):
        if o2 < c1:
            raise InvalidArgumentError(
                f"{argument} has overlapping intervals {_format_wall(o1)}–{_format_wall(c1)} and "
                f"{_format_wall(o2)}–{_format_wall(c2)}; intervals of one day must not overlap "
                f"(touching is fine: ('09:00', '12:00'), ('12:00', '17:00'))"
            )
    return tuple(parsed)


def weekday_keys(key: Any, *, name: str = "weekly_hours") -> list[int]:
    """Weekday numbers (Monday = 0) named by one key of a weekly table.

    Accepts ``"mon"``, ``"monday"``, ranges such as ``"mon-fri"`` or ``"fri-sun"``
    (wrapping over the week end) and integers 0 to 6; ``name`` is the argument
    named in the error message.

    Examples
    --------
    >>> weekday_keys("fri-sun"), weekday_keys(2)
    ([4, 5, 6], [2])
    """
    allowed = (
        "weekday names 'mon'..'sun' (or 'monday'..'sunday'), ranges such as 'mon-fri' or 'fri-sun', "
        "or integers 0 (Monday) to 6"
    )
    if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
        if 0 <= int(key) <= 6:
            return [int(key)]
        raise InvalidArgumentError(f"{name} keys must be {allowed}; got {int(key)}")

    def one(day: str) -> int:
        day = day.strip().lower()
        if day in _DAY_NAMES:
            return _DAY_NAMES.index(day)
        if day in _FULL_DAY_NAMES:
            return _FULL_DAY_NAMES.index(day)
        raise InvalidArgumentError(f"{name} keys must be {allowed}; got {key!r}")

    if not isinstance(key, str):
        raise InvalidArgumentError(f"{name} keys must be {allowed}; got {describe(key)}")
    if "-" in key:
        first, _, last = key.partition("-")
        a, b = one(first), one(last)
        return [(a + i) % 7 for i in range((b - a) % 7 + 1)]
    return [one(key)]


def _convert_weekly_hours(value: Any) -> WeeklyHours:
    """``{"mon-fri": [("09:00", "17:00")], ...}`` (or 7 lists, Monday first) to normal form."""
    days: list[Intervals | None] = [None] * 7
    if isinstance(value, Mapping):
        for key, hours in value.items():
            for d in weekday_keys(key):
                if days[d] is not None:
                    raise InvalidArgumentError(
                        f"weekly_hours gives {_DAY_NAMES[d]!r} twice (again in key {key!r}); "
                        f"list each weekday once, e.g. {{'mon-thu': ..., 'fri': ...}}"
                    )
                days[d] = _parse_intervals(f"weekly_hours[{key!r}]", hours)
    elif isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 7:
        for d, hours in enumerate(value):
            days[d] = _parse_intervals(f"weekly_hours[{d}]", hours)
    else:
        raise InvalidArgumentError(
            "weekly_hours must be a mapping from weekdays to (open, close) pairs, such as "
            f"{{'mon-fri': [('09:00', '17:00')]}}, or 7 lists (Monday first); got {describe(value)}"
        )
    week = tuple(d if d is not None else () for d in days)
    if not any(week):
        raise InvalidArgumentError(
            f"weekly_hours must open at least one interval in the week; got an empty week {describe(value)} "
            "(use date_overrides on top of a real week, or BusinessCalendar.always_open for 24/7)"
        )
    return week  # type: ignore[return-value]


def _parse_date(argument: str, value: Any) -> date:
    if isinstance(value, datetime):
        raise InvalidArgumentError(
            f"{argument} must be dates (datetime.date or 'YYYY-MM-DD'), not date-times; got {value!s}"
        )
    if isinstance(value, date):
        return value
    if isinstance(value, np.datetime64):
        value = str(value.astype("M8[D]"))
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidArgumentError(f"{argument} must be dates (datetime.date or 'YYYY-MM-DD'); got {describe(value)}")


def _convert_overrides(value: Any) -> tuple[tuple[date, Intervals], ...]:
    """``{date: [(open, close), ...]}`` (``[]`` closes the date) to a sorted tuple."""
    if value is None:
        return ()
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, (tuple, list)) and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        items = list(value)
    else:
        raise InvalidArgumentError(
            "date_overrides must be a mapping from dates to (open, close) pairs, such as "
            f"{{date(2026, 12, 24): [('09:00', '12:00')], date(2026, 12, 31): []}}; got {describe(value)}"
        )
    out: dict[date, Intervals] = {}
    for key, hours in items:
        d = _parse_date("date_overrides keys", key)
        if d in out:
            raise InvalidArgumentError(f"date_overrides gives {d.isoformat()} twice")
        out[d] = _parse_intervals(f"date_overrides[{d.isoformat()!r}]", hours)
    return tuple(sorted(out.items()))


def _convert_optional_intervals(value: Any) -> Optional[Intervals]:
    if value is None:
        return None
    return _parse_intervals("weekend_workday_hours", value)


# ---------------------------------------------------------------------------
# Timeline compilation and cache
# ---------------------------------------------------------------------------


class _Timeline:
    """Compiled open intervals of one calendar for local years [year0, year1)."""

    __slots__ = (
        "closes",
        "cum",
        "cum_shift",
        "f_hi",
        "f_lo",
        "first_cum",
        "first_open",
        "hi",
        "lo",
        "opens",
        "shift",
        "year0",
        "year1",
    )

    def __init__(self, year0: int, year1: int, lo: int, hi: int, opens: npt.NDArray[np.int64],
                 closes: npt.NDArray[np.int64]) -> None:
        self.year0, self.year1, self.lo, self.hi = year0, year1, lo, hi
        # index 0: a sentinel interval of length 0 before every instant (see the kernels)
        opens = np.concatenate([[_SENTINEL], opens]).astype(np.int64)
        closes = np.concatenate([[_SENTINEL], closes]).astype(np.int64)
        n = opens.shape[0]
        cum = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(closes - opens, out=cum[1:])
        target = max(4 * n, 64)
        shift = max(0, int((hi - lo) // target).bit_length() - 1)
        buckets = ((hi - 1 - lo) >> shift) + 2
        offsets = np.arange(buckets, dtype=np.int64) << shift
        room = min(int(np.iinfo(np.int64).max) - lo, int(np.iinfo(np.int64).max))
        edges = np.where(offsets > room, np.iinfo(np.int64).max, lo + np.minimum(offsets, room))
        first_open = np.searchsorted(opens, edges, "left")
        total = int(cum[-1])
        cum_shift = max(0, int(total // target).bit_length() - 1)
        cum_buckets = (total >> cum_shift) + 2
        first_cum = np.searchsorted(cum[1:], np.arange(cum_buckets, dtype=np.int64) << cum_shift, "left")
        self.opens = _frozen(opens)
        self.closes = _frozen(closes)
        self.cum = _frozen(cum)
        self.first_open = _frozen(first_open.astype(np.int64))
        self.first_cum = _frozen(first_cum.astype(np.int64))
        self.shift = shift
        self.cum_shift = cum_shift
        self.f_lo = self.cumulative(lo)
        self.f_hi = self.cumulative(hi)

    def cumulative(self, t: int) -> int:
        """F(t) in plain numpy (used for the range ends)."""
        k = int(np.searchsorted(self.opens, t, "right")) - 1
        return int(self.cum[k]) + min(t, int(self.closes[k])) - int(self.opens[k])

    @property
    def open_ns_per_year(self) -> float:
        return (self.f_hi - self.f_lo) / max(self.year1 - self.year0, 1)


def _frozen(arr: npt.NDArray[Any]) -> npt.NDArray[Any]:
    out = np.ascontiguousarray(arr)
    out.flags.writeable = False
    return out


def _readonly(arr: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """A read-only view, so kernels see one array type whatever the caller passed."""
    view = arr.view()
    view.flags.writeable = False
    return view


def _union(opens: npt.NDArray[np.int64], closes: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Disjoint sorted union of half-open intervals (touching ones merged)."""
    if opens.size == 0:
        return opens, closes
    order = np.argsort(opens, kind="stable")
    o, c = opens[order], closes[order]
    running = np.maximum.accumulate(c)
    new = np.empty(o.shape[0], dtype=bool)
    new[0] = True
    new[1:] = o[1:] > running[:-1]
    starts = np.flatnonzero(new)
    ends = np.append(starts[1:] - 1, o.shape[0] - 1)
    return o[starts], running[ends]


def _subtract(
    opens: npt.NDArray[np.int64], closes: npt.NDArray[np.int64], cut_opens: npt.NDArray[np.int64], cut_closes: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(union of [opens, closes)) minus (union of [cut_opens, cut_closes)), disjoint and sorted."""
    if cut_opens.size == 0 or opens.size == 0:
        return opens, closes
    times = np.concatenate([opens, closes, cut_opens, cut_closes])
    d_open = np.concatenate([np.ones_like(opens), -np.ones_like(closes), np.zeros_like(cut_opens), np.zeros_like(cut_closes)])
    d_cut = np.concatenate([np.zeros_like(opens), np.zeros_like(closes), np.ones_like(cut_opens), -np.ones_like(cut_closes)])
    order = np.argsort(times, kind="stable")
    t = times[order]
    level_open = np.cumsum(d_open[order])
    level_cut = np.cumsum(d_cut[order])
    last = np.append(np.flatnonzero(t[1:] != t[:-1]), t.shape[0] - 1)
    at = t[last]
    is_on = (level_open[last] > 0) & (level_cut[last] == 0)
    before = np.append(False, is_on[:-1])
    starts = at[is_on & ~before]
    stops = at[~is_on & before]
    return starts, stops


def _compat_seconds(zone: Any, days: npt.NDArray[np.int64], seconds: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Wall time (local date as days since 1970, seconds after midnight) -> UTC seconds, rule C3."""
    return wall_to_utc_seconds(zone, days * _DAY + seconds)


def _compile(calendar: BusinessCalendar, year0: int, year1: int) -> _Timeline:
    """The open intervals of the local years [year0, year1) (plus the night before)."""
    zone = get_zone("time_zone", calendar.time_zone)
    first = date(year0, 1, 1) - timedelta(days=1)
    stop = date(year1, 1, 1)
    day0 = (first - _EPOCH_DATE).days
    days = np.arange(day0, (stop - _EPOCH_DATE).days, dtype=np.int64)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday
    overrides = {d: hours for d, hours in calendar.date_overrides if first <= d < stop}
    holiday_dates = calendar.holidays.dates_between(first, stop) - set(overrides)
    workdays: set[date] = set()
    if calendar.weekend_workday_hours is not None:
        workdays = calendar.holidays.weekend_workdays_between(first, stop) - set(overrides) - holiday_dates

    special: dict[int, Intervals] = {}
    for d, hours in overrides.items():
        special[(d - _EPOCH_DATE).days] = hours
    if calendar.holiday_rule == "shift":
        for d in holiday_dates:
            special[(d - _EPOCH_DATE).days] = ()
    for d in workdays:
        assert calendar.weekend_workday_hours is not None
        special[(d - _EPOCH_DATE).days] = calendar.weekend_workday_hours
    is_special = np.zeros(days.shape[0], dtype=bool)
    if special:
        is_special[np.fromiter(special, dtype=np.int64, count=len(special)) - day0] = True

    row_days: list[npt.NDArray[np.int64]] = []
    row_open: list[npt.NDArray[np.int64]] = []
    row_close: list[npt.NDArray[np.int64]] = []
    for wd, hours in enumerate(calendar.weekly_hours):
        if not hours:
            continue
        on = days[(weekday == wd) & ~is_special]
        for opening, closing in hours:
            row_days.append(on)
            row_open.append(np.full(on.shape[0], opening, dtype=np.int64))
            row_close.append(np.full(on.shape[0], closing, dtype=np.int64))
    for day, hours in special.items():
        for opening, closing in hours:
            row_days.append(np.array([day], dtype=np.int64))
            row_open.append(np.array([opening], dtype=np.int64))
            row_close.append(np.array([closing], dtype=np.int64))
    if row_days:
        all_days = np.concatenate(row_days)
        wall = np.concatenate([all_days * _DAY + np.concatenate(row_open), all_days * _DAY + np.concatenate(row_close)])
    else:
        all_days = np.zeros(0, dtype=np.int64)
        wall = np.zeros(0, dtype=np.int64)
    range_days = np.array([(date(year0, 1, 1) - _EPOCH_DATE).days, (stop - _EPOCH_DATE).days], dtype=np.int64)
    if calendar.holiday_rule == "day" and holiday_dates:
        hol_days = np.array(sorted((d - _EPOCH_DATE).days for d in holiday_dates), dtype=np.int64)
    else:
        hol_days = np.zeros(0, dtype=np.int64)
    # One zoneinfo conversion per distinct wall time (C3).
    everything = np.concatenate([wall, range_days * _DAY, hol_days * _DAY, (hol_days + 1) * _DAY])
    utc = wall_to_utc_seconds(zone, everything) * _NS
    m = all_days.shape[0]
    opens, closes = utc[:m], utc[m : 2 * m]
    lo, hi = int(utc[2 * m]), int(utc[2 * m + 1])
    k = hol_days.shape[0]
    cut_opens, cut_closes = utc[2 * m + 2 : 2 * m + 2 + k], utc[2 * m + 2 + k :]
    keep = opens < closes  # a shift can vanish in a gap only if open and close map together
    opens, closes = _union(opens[keep], closes[keep])
    opens, closes = _subtract(opens, closes, cut_opens, cut_closes)
    keep = closes > lo
    return _Timeline(year0, year1, lo, hi, opens[keep].astype(np.int64), closes[keep].astype(np.int64))


_CACHE: collections.OrderedDict[BusinessCalendar, _Timeline] = collections.OrderedDict()
_CACHE_SIZE = 128
_LOCK = threading.Lock()


def _year_of(ns: int) -> int:
    return int(np.datetime64(ns, "ns").astype("datetime64[Y]").astype(np.int64)) + 1970


def _range_error(calendar: BusinessCalendar, what: str) -> InvalidArgumentError:
    return InvalidArgumentError(
        f"{what} lies outside the local years {_FIRST_YEAR}–{_LAST_YEAR} that a timeline in "
        f"datetime64[ns] can hold (calendar time zone {calendar.time_zone!r})"
    )


def _years_around(lo_ns: int, hi_ns: int) -> tuple[int, int]:
    """Whole local years [year0, year1) that surely contain the UTC instants [lo_ns, hi_ns]."""
    two_days = 2 * _DAY * _NS
    year0 = _year_of(max(lo_ns - two_days, int(np.datetime64("1678-01-02", "ns").view(np.int64))))
    year1 = _year_of(min(hi_ns + two_days, int(np.datetime64("2261-12-31", "ns").view(np.int64)))) + 1
    return year0, year1


def _timeline(calendar: BusinessCalendar, year0: int, year1: int, what: str) -> _Timeline:
    """The cached timeline, extended (whole years) to cover the local years [year0, year1).

    A timeline spans at most ``_MAX_YEARS`` years (int64 nanoseconds); when the
    cached one and the new years together would span more, only the new years
    are compiled.
    """
    year0 = max(year0, _FIRST_YEAR)
    year1 = min(year1, _LAST_YEAR + 1)
    if year1 - year0 > _MAX_YEARS:
        raise InvalidArgumentError(
            f"{what} must lie within {_MAX_YEARS} years of each other (one timeline in int64 "
            f"nanoseconds); got local years {year0}–{year1 - 1} (calendar time zone {calendar.time_zone!r})"
        )
    with _LOCK:
        current = _CACHE.get(calendar)
        if current is not None:
            _CACHE.move_to_end(calendar)
            if current.year0 <= year0 and year1 <= current.year1:
                return current
            merged0, merged1 = min(year0, current.year0), max(year1, current.year1)
            if merged1 - merged0 <= _MAX_YEARS:
                year0, year1 = merged0, merged1
        compiled = _compile(calendar, year0, year1)
        _CACHE[calendar] = compiled
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
        return compiled


def _covering(calendar: BusinessCalendar, what: str, *arrays: npt.NDArray[np.int64]) -> _Timeline | None:
    """A timeline covering every non-NaT value of ``arrays`` (None if all are NaT)."""
    lo: int | None = None
    hi: int | None = None
    for arr in arrays:
        a, b, count = _tk.valid_min_max(arr)
        if count:
            lo = int(a) if lo is None else min(lo, int(a))
            hi = int(b) if hi is None else max(hi, int(b))
    if lo is None or hi is None:
        return None
    tl = _timeline(calendar, *_years_around(lo, hi), what)
    if lo < tl.lo or hi >= tl.hi:
        raise _range_error(calendar, f"the instant {np.datetime64(lo if lo < tl.lo else hi, 'ns')}")
    return tl


def _instants(name: str, value: Any, assume_tz: str | None) -> npt.NDArray[np.int64]:
    return to_utc_ns(name, value, assume_tz=assume_tz).view(np.int64)


def _broadcast(names: Sequence[str], *arrays: npt.NDArray[Any]) -> tuple[tuple[int, ...], list[npt.NDArray[Any]]]:
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        shapes = ", ".join(f"{n} {a.shape}" for n, a in zip(names, arrays))
        raise InvalidArgumentError(f"{' and '.join(names)} must broadcast together; got shapes {shapes}") from None
    flat = [_readonly(np.ascontiguousarray(np.broadcast_to(a, shape)).reshape(-1)) for a in arrays]
    return shape, flat


def _batch(range_kernel: Any, chunks_kernel: Any, size: int, *args: Any) -> int:
    """Run a batch kernel: one thread for small batches, parallel chunks for large ones."""
    if size < _PARALLEL_MIN:
        return int(range_kernel(*args, 0, size))
    return int(chunks_kernel(*args, _CHUNKS))


def _shaped(out: npt.NDArray[Any], shape: tuple[int, ...]) -> Any:
    out = out.reshape(shape)
    return out[()] if out.ndim == 0 else out


def _check_calendar(calendar: Any) -> BusinessCalendar:
    if not isinstance(calendar, BusinessCalendar):
        raise InvalidArgumentError(
            f"calendar must be a BusinessCalendar (e.g. BusinessCalendar.for_country('DE', ...)); "
            f"got {describe(calendar)}"
        )
    return calendar


# ---------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------


def business_seconds(
    calendar: BusinessCalendar, start_at: Any, end_at: Any, *, assume_tz: str | None = None
) -> Any:
    """
    Open (business) time of a calendar between two instants, signed (C5).

    Parameters
    ----------
    calendar : BusinessCalendar
        The calendar whose open time is measured.
    start_at, end_at : array_like of instants
        ``datetime64`` (UTC), aware ``datetime``, ISO strings with an offset or
        pandas tz-aware values; broadcast against each other. [UTC]
    assume_tz : str, optional
        IANA zone for naive datetimes and strings (otherwise they raise).

    Returns
    -------
    seconds : ndarray of float64 or numpy scalar
        ``F(end_at) - F(start_at)``: negative when ``end_at`` is before
        ``start_at``, NaN where either end is NaT. Computed exactly in int64
        nanoseconds and rounded once to float64. [s]

    Raises
    ------
    InvalidArgumentError
        For naive instants without ``assume_tz``, values that are not
        instants, shapes that do not broadcast, or instants outside
        1678–2261.

    See Also
    --------
    add_business_seconds : the inverse: where a business-time budget runs out.
    business_seconds_segments : sums over many segments per group.

    Notes
    -----
    With the calendar's compiled open intervals :math:`[o_k, c_k)` (UTC),
    :math:`F(t) = \\sum_k \\max(0, \\min(t, c_k) - o_k)` and the result is
    :math:`F(\\mathit{end}) - F(\\mathit{start})`.

    Examples
    --------
    >>> import numpy as np
    >>> desk = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"mon-fri": [("09:00", "17:00")]})
    >>> float(business_seconds(desk, np.datetime64("2026-01-09T15:00"), np.datetime64("2026-01-12T09:00"))) / 3600
    2.0
    >>> business_seconds(desk, "2026-01-12T10:00+01:00", ["2026-01-12T11:30+01:00", "2026-01-12T09:00+01:00"])
    array([ 5400., -3600.])
    """
    cal = _check_calendar(calendar)
    shape, (s, e) = _broadcast(
        ("start_at", "end_at"), _instants("start_at", start_at, assume_tz), _instants("end_at", end_at, assume_tz)
    )
    out = np.empty(s.shape[0], dtype=np.float64)
    tl = _CACHE.get(cal)
    bad = 1
    if tl is not None:
        bad = _batch(_tk.business_ns_range, _tk.business_ns_chunks, s.shape[0],
                     s, e, tl.opens, tl.closes, tl.cum, tl.first_open, tl.lo, tl.hi, tl.shift, out)
    if bad:
        tl = _covering(cal, "start_at and end_at", s, e)
        if tl is not None:
            _batch(_tk.business_ns_range, _tk.business_ns_chunks, s.shape[0],
                   s, e, tl.opens, tl.closes, tl.cum, tl.first_open, tl.lo, tl.hi, tl.shift, out)
        else:
            out[:] = np.nan
    return _shaped(out, shape)


def business_seconds_segments(
    calendar: BusinessCalendar,
    start_at: Any,
    end_at: Any,
    group: npt.ArrayLike,
    *,
    n_groups: int | None = None,
    assume_tz: str | None = None,
) -> npt.NDArray[np.float64]:
    """
    Business time summed over many segments per group (clocks that pause).

    Parameters
    ----------
    calendar : BusinessCalendar
        The calendar whose open time is measured.
    start_at, end_at : array_like of instants
        One entry per segment, broadcast together (see :func:`business_seconds`). [UTC]
    group : array_like of int
        Group id (e.g. ticket index) of each segment, ``>= 0``; broadcast
        against the segments. [id]
    n_groups : int, optional
        Length of the result; default ``max(group) + 1`` (0 for no segments).
    assume_tz : str, optional
        IANA zone for naive datetimes and strings.

    Returns
    -------
    seconds : ndarray of float64, shape (n_groups,)
        Sum of ``business_seconds`` over each group's segments (signed, C5);
        0 for a group without segments, NaN for a group with a NaT end.
        Summed exactly in int64 nanoseconds. [s]

    Raises
    ------
    InvalidArgumentError
        As :func:`business_seconds`; also if ``group`` holds negative or
        non-integer ids or ids ``>= n_groups``.

    Examples
    --------
    >>> import numpy as np
    >>> desk = BusinessCalendar(time_zone="UTC", weekly_hours={"mon-fri": [("09:00", "17:00")]})
    >>> starts = np.array(["2026-01-05T08:00", "2026-01-05T12:00", "2026-01-05T16:00"], dtype="M8[s]")
    >>> ends = np.array(["2026-01-05T10:00", "2026-01-05T13:00", "2026-01-06T10:00"], dtype="M8[s]")
    >>> business_seconds_segments(desk, starts, ends, [0, 0, 1]) / 3600
    array([2., 2.])
    """
    cal = _check_calendar(calendar)
    groups = as_int_array("group", group, min_value=0)
    shape, (s, e, g) = _broadcast(
        ("start_at", "end_at", "group"),
        _instants("start_at", start_at, assume_tz),
        _instants("end_at", end_at, assume_tz),
        groups,
    )
    if n_groups is None:
        size = int(g.max()) + 1 if g.size else 0
    else:
        size = int(as_int_array("n_groups", n_groups, min_value=0))
        if g.size and int(g.max()) >= size:
            bad = g >= size
            from cultureservice._validation import first_bad

            raise InvalidArgumentError(f"group must be < n_groups = {size}; {first_bad(g, bad)}")
    diffs = np.empty(s.shape[0], dtype=np.int64)
    tl = _CACHE.get(cal)
    bad_count = 1
    if tl is not None:
        bad_count = _batch(_tk.business_ns_diff_range, _tk.business_ns_diff_chunks, s.shape[0],
                           s, e, tl.opens, tl.closes, tl.cum, tl.first_open, tl.lo, tl.hi, tl.shift, diffs)
    if bad_count:
        tl = _covering(cal, "start_at and end_at", s, e)
        if tl is not None:
            _batch(_tk.business_ns_diff_range, _tk.business_ns_diff_chunks, s.shape[0],
                   s, e, tl.opens, tl.closes, tl.cum, tl.first_open, tl.lo, tl.hi, tl.shift, diffs)
        else:
            diffs[:] = NAT_NS
    sums = np.zeros(size, dtype=np.int64)
    has_nat = np.zeros(size, dtype=bool)
    _tk.group_sum_into(_readonly(diffs), g, sums, has_nat)
    out = sums / 1e9
    out[has_nat] = np.nan
    return out


def add_business_seconds(
    calendar: BusinessCalendar, start_at: Any, seconds: npt.ArrayLike, *, assume_tz: str | None = None
) -> Any:
    """
    The instant at which a business-time budget is used up (C6).

    Parameters
    ----------
    calendar : BusinessCalendar
        The calendar whose open time is counted.
    start_at : array_like of instants
        Where the clock starts (see :func:`business_seconds`). [UTC]
    seconds : array_like of float
        Business time to add; negative goes back in time; broadcast against
        ``start_at``; rounded to whole nanoseconds. [s]
    assume_tz : str, optional
        IANA zone for naive datetimes and strings.

    Returns
    -------
    due_at : ndarray of datetime64[ns] or numpy.datetime64
        For ``seconds > 0`` the earliest instant ``x`` with
        ``business_seconds(calendar, start_at, x) == seconds``; it can be a
        closing time. For ``seconds < 0`` likewise the earliest instant with
        that (negative) business time; ``seconds == 0`` returns ``start_at``;
        NaT where ``start_at`` is NaT. [UTC]

    Raises
    ------
    InvalidArgumentError
        If ``seconds`` is NaN or infinite, for bad instants (see
        :func:`business_seconds`), or if the result lies outside 1678–2261.

    See Also
    --------
    business_seconds : the elapsed business time between two instants.

    Notes
    -----
    ``x = F^{-1}(F(start) + n)`` with ``F`` the cumulative open time; ``F`` is
    flat while closed, so the earliest preimage is taken.

    Examples
    --------
    >>> import numpy as np
    >>> desk = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"mon-fri": [("09:00", "17:00")]})
    >>> add_business_seconds(desk, np.datetime64("2026-01-09T14:00"), 2 * 3600)   # Friday 15:00 CET + 2 h = the close
    np.datetime64('2026-01-09T16:00:00.000000000')
    >>> add_business_seconds(desk, np.datetime64("2026-01-09T15:00"), [3 * 3600, -8 * 3600])
    array(['2026-01-12T10:00:00.000000000', '2026-01-08T15:00:00.000000000'],
          dtype='datetime64[ns]')
    """
    cal = _check_calendar(calendar)
    amounts = as_float_array("seconds", seconds)
    scaled = amounts * 1e9
    too_big = np.abs(scaled) >= 2.0**62
    if too_big.any():
        from cultureservice._validation import first_bad

        raise InvalidArgumentError(f"seconds must be finite and below 4.6e9 s in magnitude; {first_bad(amounts, too_big)}")
    amounts_ns = np.rint(scaled).astype(np.int64)
    shape, (s, n) = _broadcast(("start_at", "seconds"), _instants("start_at", start_at, assume_tz), amounts_ns)
    out = np.empty(s.shape[0], dtype=np.int64)
    tl = _CACHE.get(cal)
    bad = 1
    if tl is not None:
        bad = _add_with(tl, s, n, out)
    if bad:
        tl = _covering(cal, "start_at", s)
        if tl is None:
            out[:] = s  # all starts NaT
            return _shaped(out.view("datetime64[ns]"), shape)
        bad = _add_with(tl, s, n, out)
        attempt = 1
        while bad:
            ahead = int(n.max()) if n.size else 0
            back = int(n.min()) if n.size else 0
            per_year = max(tl.open_ns_per_year, 1.0)
            y0, y1 = tl.year0, tl.year1
            if back < 0:
                y0 -= attempt * (int(-back / per_year) + 1)
            if ahead > 0:
                y1 += attempt * (int(ahead / per_year) + 1)
            y0, y1 = max(y0, _FIRST_YEAR), min(y1, _LAST_YEAR + 1)
            if (y0, y1) == (tl.year0, tl.year1):
                raise _range_error(cal, "the result of adding business time")
            if y1 - y0 > _MAX_YEARS:
                raise _range_error(cal, "the result of adding business time")
            tl = _timeline(cal, y0, y1, "start_at and the result")
            bad = _add_with(tl, s, n, out)
            attempt *= 2
    return _shaped(out.view("datetime64[ns]"), shape)


def _add_with(tl: _Timeline, s: npt.NDArray[np.int64], n: npt.NDArray[np.int64], out: npt.NDArray[np.int64]) -> int:
    return _batch(
        _tk.add_range, _tk.add_chunks, s.shape[0],
        s, n, tl.opens, tl.closes, tl.cum, tl.first_open, tl.first_cum,
        tl.lo, tl.hi, tl.shift, tl.cum_shift, tl.f_lo, tl.f_hi, out,
    )


def is_open(calendar: BusinessCalendar, at: Any, *, assume_tz: str | None = None) -> Any:
    """
    Whether the calendar is open at the given instants (C1: open at the open, closed at the close).

    Parameters
    ----------
    calendar : BusinessCalendar
        The calendar.
    at : array_like of instants
        See :func:`business_seconds`. [UTC]
    assume_tz : str, optional
        IANA zone for naive datetimes and strings.

    Returns
    -------
    open : ndarray of bool or numpy scalar
        True inside an open interval; False for NaT.

    Examples
    --------
    >>> desk = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"mon-fri": [("09:00", "17:00")]})
    >>> is_open(desk, ["2026-01-12T09:00+01:00", "2026-01-12T17:00+01:00"])
    array([ True, False])
    """
    cal = _check_calendar(calendar)
    shape, (t,) = _broadcast(("at",), _instants("at", at, assume_tz))
    out = np.zeros(t.shape[0], dtype=np.bool_)
    tl = _CACHE.get(cal)
    bad = 1
    if tl is not None:
        bad = _tk.is_open_into(t, tl.opens, tl.closes, tl.first_open, tl.lo, tl.hi, tl.shift, out)
    if bad:
        tl = _covering(cal, "at", t)
        if tl is not None:
            _tk.is_open_into(t, tl.opens, tl.closes, tl.first_open, tl.lo, tl.hi, tl.shift, out)
    return _shaped(out, shape)


def _next_edge(calendar: BusinessCalendar, at: Any, assume_tz: str | None, name: str, which: Any) -> Any:
    cal = _check_calendar(calendar)
    shape, (t,) = _broadcast((name,), _instants(name, at, assume_tz))
    out = np.empty(t.shape[0], dtype=np.int64)
    tl = _CACHE.get(cal)
    bad = 1
    if tl is not None:
        bad = which(t, tl.opens, tl.closes, tl.first_open, tl.lo, tl.hi, tl.shift, out)
    if bad:
        tl = _covering(cal, "at", t)
        if tl is None:
            out[:] = NAT_NS
            return _shaped(out.view("datetime64[ns]"), shape)
        bad = which(t, tl.opens, tl.closes, tl.first_open, tl.lo, tl.hi, tl.shift, out)
        step = 1
        while bad:
            year1 = min(tl.year1 + step, _LAST_YEAR + 1, tl.year0 + _MAX_YEARS)
            if year1 == tl.year1:
                break  # never opens (closes) again within the years a timeline can hold
            tl = _timeline(cal, tl.year0, year1, name)
            bad = which(t, tl.opens, tl.closes, tl.first_open, tl.lo, tl.hi, tl.shift, out)
            step *= 2
    return _shaped(out.view("datetime64[ns]"), shape)


def next_open(calendar: BusinessCalendar, at: Any, *, assume_tz: str | None = None) -> Any:
    """
    The earliest instant at or after ``at`` at which the calendar is open.

    Parameters
    ----------
    calendar : BusinessCalendar
        The calendar.
    at : array_like of instants
        See :func:`business_seconds`. [UTC]
    assume_tz : str, optional
        IANA zone for naive datetimes and strings.

    Returns
    -------
    open_at : ndarray of datetime64[ns] or numpy.datetime64
        ``at`` itself where the calendar is open, else the next opening;
        NaT for NaT and where the calendar never opens again before 2262. [UTC]

    See Also
    --------
    next_close, is_open

    Examples
    --------
    >>> desk = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"mon-fri": [("09:00", "17:00")]})
    >>> next_open(desk, "2026-01-09T17:30+01:00")   # Friday evening -> Monday 09:00 CET
    np.datetime64('2026-01-12T08:00:00.000000000')
    """
    return _next_edge(calendar, at, assume_tz, "at", _tk.next_open_into)


def next_close(calendar: BusinessCalendar, at: Any, *, assume_tz: str | None = None) -> Any:
    """
    The first closing instant after ``at``.

    Parameters
    ----------
    calendar : BusinessCalendar
        The calendar.
    at : array_like of instants
        See :func:`business_seconds`. [UTC]
    assume_tz : str, optional
        IANA zone for naive datetimes and strings.

    Returns
    -------
    close_at : ndarray of datetime64[ns] or numpy.datetime64
        The end of the open interval containing ``at``, or of the next one
        when the calendar is closed at ``at``; NaT for NaT and where the
        calendar never closes before 2262 (24/7). [UTC]

    See Also
    --------
    next_open, is_open

    Examples
    --------
    >>> desk = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"mon-fri": [("09:00", "17:00")]})
    >>> next_close(desk, "2026-01-09T12:00+01:00")   # Friday 17:00 CET
    np.datetime64('2026-01-09T16:00:00.000000000')
    """
    return _next_edge(calendar, at, assume_tz, "at", _tk.next_close_into)


def open_intervals(calendar: BusinessCalendar, start_at: Any, end_at: Any, *, assume_tz: str | None = None) -> npt.NDArray[np.datetime64]:
    """
    The calendar's open intervals between two instants, for plots and coverage.

    Parameters
    ----------
    calendar : BusinessCalendar
        The calendar.
    start_at, end_at : instant
        The range, a single instant each (``start_at <= end_at``). [UTC]
    assume_tz : str, optional
        IANA zone for naive datetimes and strings.

    Returns
    -------
    intervals : ndarray of datetime64[ns], shape (n, 2)
        Disjoint half-open ``[open, close)`` pairs in time order, clipped to
        ``[start_at, end_at)``; touching intervals (09:00–12:00, 12:00–17:00,
        or 24/7 days) are merged. Unpack with ``opens, closes = intervals.T``.
        Their total length equals ``business_seconds(calendar, start_at, end_at)``. [UTC]

    Raises
    ------
    InvalidArgumentError
        If an end is not a single instant, is NaT, or ``end_at < start_at``.

    Examples
    --------
    >>> desk = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"mon-fri": [("09:00", "12:30"), ("13:30", "18:00")]})
    >>> open_intervals(desk, "2026-01-12T00:00+01:00", "2026-01-12T13:00+01:00")
    array([['2026-01-12T08:00:00.000000000', '2026-01-12T11:30:00.000000000']],
          dtype='datetime64[ns]')
    """
    cal = _check_calendar(calendar)
    s = _instants("start_at", start_at, assume_tz)
    e = _instants("end_at", end_at, assume_tz)
    for name, arr in (("start_at", s), ("end_at", e)):
        if arr.ndim != 0 or arr == NAT_NS:
            raise InvalidArgumentError(f"{name} must be a single instant (not NaT); got {describe(arr.view('datetime64[ns]'))}")
    lo, hi = int(s), int(e)
    if hi < lo:
        raise InvalidArgumentError(
            f"end_at must not be before start_at; got start_at {np.datetime64(lo, 'ns')} and end_at {np.datetime64(hi, 'ns')}"
        )
    tl = _timeline(cal, *_years_around(lo, hi), "start_at and end_at")
    if lo < tl.lo or hi >= tl.hi:
        raise _range_error(cal, "the range")
    opens, closes = tl.opens[1:], tl.closes[1:]  # without the sentinel
    first = int(np.searchsorted(closes, lo, "right"))
    last = int(np.searchsorted(opens, hi, "left"))
    pairs = np.stack([np.maximum(opens[first:last], lo), np.minimum(closes[first:last], hi)], axis=1)
    pairs = pairs[pairs[:, 0] < pairs[:, 1]]
    return pairs.astype(np.int64).view("datetime64[ns]")


# ---------------------------------------------------------------------------
# Objects
# ---------------------------------------------------------------------------


def _frozen_dates(value: Iterable[date]) -> frozenset[date]:
    return frozenset(value)


def _sorted_categories(value: Optional[Iterable[str]]) -> Optional[tuple[str, ...]]:
    return None if value is None else tuple(sorted(value))


def _holidays_module() -> Any:
    import holidays  # a dependency; imported on first use to keep import light

    return holidays


@attrs.frozen(kw_only=True, cache_hash=True)
class HolidaySource:
    """
    Holidays of a calendar: explicit dates and/or a ``holidays`` country class.

    A country class is asked year by year as the timeline grows, so holidays
    never "run out" (the lazy extension covers any year the ``holidays``
    package knows). Usually built for you by :class:`BusinessCalendar`'s
    ``holidays=`` argument or :meth:`BusinessCalendar.for_country`.

    Parameters
    ----------
    dates : frozenset of datetime.date
        Explicit holiday dates (local dates of the calendar's zone).
    generator : type, optional
        A ``holidays.HolidayBase`` subclass (e.g. ``type(holidays.DE())``).
    subdiv : str, optional
        Subdivision passed to ``generator``.
    categories : tuple of str, optional
        Holiday categories passed to ``generator`` (default: its public holidays).
    observed : bool
        Whether observed (moved) holidays count, passed to ``generator``.

    Examples
    --------
    >>> from datetime import date
    >>> source = HolidaySource(dates=frozenset({date(2026, 12, 24)}))
    >>> sorted(source.dates_between(date(2026, 1, 1), date(2027, 1, 1)))
    [datetime.date(2026, 12, 24)]
    """

    dates: frozenset[date] = attrs.field(factory=frozenset, converter=_frozen_dates)
    generator: Optional[type] = None
    subdiv: Optional[str] = None
    categories: Optional[tuple[str, ...]] = attrs.field(default=None, converter=_sorted_categories)
    observed: bool = True

    def _instance(self, first: date, stop: date) -> Any:
        assert self.generator is not None
        years = range(first.year, (stop - timedelta(days=1)).year + 1)
        return self.generator(years=years, subdiv=self.subdiv, categories=self.categories, observed=self.observed)

    def dates_between(self, first: date, stop: date) -> set[date]:
        """The holiday dates in ``[first, stop)``."""
        found = {d for d in self.dates if first <= d < stop}
        if self.generator is not None:
            found.update(d for d in self._instance(first, stop) if first <= d < stop)
        return found

    def weekend_workdays_between(self, first: date, stop: date) -> set[date]:
        """The weekend dates worked instead of a bridge day in ``[first, stop)`` (e.g. China)."""
        if self.generator is None:
            return set()
        instance = self._instance(first, stop)
        return {d for d in getattr(instance, "weekend_workdays", ()) if first <= d < stop}


def _convert_holidays(value: Any) -> HolidaySource:
    if value is None:
        return HolidaySource()
    if isinstance(value, HolidaySource):
        return value
    hol = _holidays_module()
    if isinstance(value, hol.HolidayBase):
        return HolidaySource(
            dates=frozenset(value.keys()),
            generator=type(value),
            subdiv=value.subdiv,
            categories=tuple(value.categories) if value.categories else None,
            observed=bool(value.observed),
        )
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidArgumentError(
            "holidays must be dates (datetime.date or 'YYYY-MM-DD') or a holidays.HolidayBase; "
            f"got {describe(value)} (for a country's holidays use BusinessCalendar.for_country)"
        )
    return HolidaySource(dates=frozenset([_parse_date("holidays", v) for v in value]))


def _check_time_zone(instance: Any, attribute: Any, value: Any) -> None:
    get_zone(attribute.name, value)


def _check_holiday_rule(instance: Any, attribute: Any, value: Any) -> None:
    if value not in _HOLIDAY_RULES:
        raise InvalidArgumentError(
            f"holiday_rule must be 'day' (a holiday removes its local day) or 'shift' "
            f"(a holiday cancels the shifts that open on it); got {describe(value)}"
        )


@functools.lru_cache(maxsize=256)
def _country_zone(country: str) -> str:
    import pytz

    zones = list(pytz.country_timezones.get(country.upper(), []))
    if not zones:
        raise UnknownCodeError(
            f"time_zone must be given for country {country!r}: the tz database lists no zone for it"
        )
    samples = [datetime(y, m, 15) for y in (2024, 2025, 2026) for m in range(1, 13)]

    def offsets(name: str) -> tuple[Any, ...]:
        zone = get_zone("time_zone", name)
        return tuple(s.replace(tzinfo=zone).utcoffset() for s in samples)

    first = offsets(zones[0])
    if any(offsets(z) != first for z in zones[1:]):
        raise InvalidArgumentError(
            f"time_zone must be given for country {country!r}: it spans several time zones "
            f"({', '.join(zones)}); pass e.g. time_zone={zones[0]!r}"
        )
    return str(zones[0])


def _usual_day(week: WeeklyHours) -> Intervals:
    counts = collections.Counter(day for day in week if day)
    return counts.most_common(1)[0][0]


@attrs.frozen(kw_only=True, cache_hash=True)
class BusinessCalendar:
    """
    Opening hours of a team or market: weekly hours in one IANA zone, holidays and date overrides.

    Parameters
    ----------
    time_zone : str
        IANA time zone of the wall clock (``"Europe/Berlin"``); conversions
        follow the "compatible" rule C3 of RFC 5545 [1]_ and Temporal [2]_
        via :mod:`zoneinfo`.
    weekly_hours : mapping
        Weekday (``"mon"``, ``"monday"``, a range ``"mon-fri"`` / ``"fri-sun"``,
        or 0–6 with 0 = Monday) to a list of ``(open, close)`` pairs as
        ``"HH:MM"``, ``"HH:MM:SS"`` or :class:`datetime.time`. ``"24:00"`` is
        a valid close; ``close <= open`` is an overnight interval owned by the
        opening date (C2). Each weekday at most once; intervals of one day may
        touch but not overlap; the week must not be empty. Stored as seconds
        after the owning date's midnight, Monday first.
    holidays : iterable of date, holidays.HolidayBase or HolidaySource, optional
        Closed dates. A ``holidays`` object is kept as its class, subdivision
        and categories, so later years are generated when needed.
    date_overrides : mapping, optional
        Date to a list of ``(open, close)`` pairs that replaces that date's own
        hours (a half day), ``[]`` to close it, or hours to open a normally
        closed date. An override beats a holiday on the same date. The
        previous night's shift still runs into an overridden date.
    weekend_workday_hours : list of (open, close), optional
        If given, the ``holidays`` source's ``weekend_workdays`` (make-up
        working days, e.g. in China) open with these hours.
    holiday_rule : {"day", "shift"}
        ``"day"`` (default, C4): a holiday removes its whole local day.
        ``"shift"``: a holiday cancels the shifts that open on it (including
        their part after midnight) and nothing else.

    See Also
    --------
    business_seconds, add_business_seconds, is_open, next_open, next_close,
    open_intervals, business_seconds_segments

    Notes
    -----
    The calendar compiles to UTC open intervals in int64 nanoseconds, in whole
    local years around the instants asked about; the compiled timeline is
    cached per calendar (a frozen, hashable value) and extended lazily. The
    model (weekly intervals, date overrides, holidays, one zone per schedule)
    follows Zendesk's ``biz`` gem [3]_, with overnight intervals added.

    References
    ----------
    .. [1] B. Desruisseaux (ed.), "Internet Calendaring and Scheduling Core
       Object Specification (iCalendar)," RFC 5545, section 3.3.5, IETF, 2009,
       doi:10.17487/RFC5545.
    .. [2] Ecma TC39, "Temporal proposal: ZonedDateTime, disambiguation
       'compatible'," https://tc39.es/proposal-temporal/, 2024.
    .. [3] Zendesk, "biz: time calculations using business hours,"
       https://github.com/zendesk/biz, 2024.

    Examples
    --------
    >>> from datetime import date
    >>> desk = BusinessCalendar(
    ...     time_zone="Europe/Berlin",
    ...     weekly_hours={"mon-fri": [("09:00", "12:30"), ("13:30", "18:00")], "sat": [("10:00", "14:00")]},
    ...     holidays=[date(2026, 12, 25), date(2026, 12, 26)],
    ...     date_overrides={date(2026, 12, 24): [("09:00", "12:00")], date(2026, 12, 31): []},
    ... )
    >>> float(desk.business_seconds("2026-12-24T00:00+01:00", "2026-12-29T00:00+01:00")) / 3600
    11.0
    """

    time_zone: str = attrs.field(validator=_check_time_zone)
    weekly_hours: WeeklyHours = attrs.field(converter=_convert_weekly_hours)
    holidays: HolidaySource = attrs.field(factory=HolidaySource, converter=_convert_holidays)
    date_overrides: tuple[tuple[date, Intervals], ...] = attrs.field(factory=tuple, converter=_convert_overrides)
    weekend_workday_hours: Optional[Intervals] = attrs.field(default=None, converter=_convert_optional_intervals)
    holiday_rule: Literal["day", "shift"] = attrs.field(default="day", validator=_check_holiday_rule)

    @classmethod
    def for_country(
        cls,
        country: str,
        subdiv: str | None = None,
        *,
        hours: Any,
        time_zone: str | None = None,
        categories: Iterable[str] | None = None,
        observed: bool = True,
        extra_holidays: Iterable[Any] = (),
        date_overrides: Any = None,
        weekend_workdays: bool = True,
        holiday_rule: Literal["day", "shift"] = "day",
    ) -> BusinessCalendar:
        """
        A calendar with a country's business week and public holidays (``holidays`` package).

        Parameters
        ----------
        country : str
            ISO 3166-1 alpha-2 code as the ``holidays`` package knows it (``"DE"``, ``"SA"``).
        subdiv : str, optional
            Subdivision code as in ``holidays`` (``"BY"`` for Bavaria).
        hours : list of (open, close) or mapping
            A list of pairs applies to every day outside the country's weekend
            (Sun–Thu for Saudi Arabia's Fri–Sat weekend); a mapping is used as
            ``weekly_hours`` unchanged.
        time_zone : str, optional
            IANA zone; default the country's zone when all its zones share
            one clock (``"Europe/Berlin"`` for DE), else an error asks for it.
        categories : iterable of str, optional
            ``holidays`` categories (default: its public holidays).
        observed : bool
            Count observed (moved) holidays, as ``holidays`` does by default.
        extra_holidays : iterable of date
            More closed dates (company days).
        date_overrides : mapping, optional
            As in :class:`BusinessCalendar` (e.g. a half day on 24 December).
        weekend_workdays : bool
            Open the country's make-up working days (``weekend_workdays`` in
            ``holidays``, e.g. China) with the most common day's hours.
        holiday_rule : {"day", "shift"}
            See :class:`BusinessCalendar`.

        Returns
        -------
        calendar : BusinessCalendar

        Raises
        ------
        UnknownCodeError
            For a country, subdivision or time zone the tz database or
            ``holidays`` does not know.
        InvalidArgumentError
            For malformed hours, unknown categories, or a country with
            several clocks and no ``time_zone``.

        Examples
        --------
        >>> from datetime import date
        >>> bavaria = BusinessCalendar.for_country(
        ...     "DE", subdiv="BY", hours={"mon-fri": [("09:00", "17:00")]},
        ...     date_overrides={date(2026, 12, 24): [("09:00", "12:00")]},
        ... )
        >>> bavaria.time_zone
        'Europe/Berlin'
        >>> riyadh = BusinessCalendar.for_country("SA", hours=[("09:00", "17:00")])
        >>> [len(day) for day in riyadh.weekly_hours]   # Sun-Thu business week
        [1, 1, 1, 1, 0, 0, 1]
        """
        hol = _holidays_module()
        if not isinstance(country, str):
            raise UnknownCodeError(f"country must be an ISO 3166-1 alpha-2 code such as 'DE'; got {describe(country)}")
        supported = hol.list_supported_countries()
        if country not in supported:
            close = difflib.get_close_matches(country.upper(), sorted(supported), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close and close[0] != country else ""
            raise UnknownCodeError(
                f"country must be an ISO 3166-1 alpha-2 code supported by the holidays package "
                f"(holidays.list_supported_countries()); got {country!r}{hint}"
            )
        try:
            instance = hol.country_holidays(country, subdiv=subdiv, categories=categories, observed=observed)
        except NotImplementedError:
            allowed = ", ".join(supported[country]) or "none"
            raise UnknownCodeError(
                f"subdiv must be a subdivision of {country} known to the holidays package ({allowed}); got {subdiv!r}"
            ) from None
        except ValueError as exc:
            allowed = ", ".join(getattr(hol.country_holidays(country), "supported_categories", ()))
            raise InvalidArgumentError(
                f"categories must be holiday categories of {country} ({allowed}); got {describe(categories)}"
            ) from exc
        if isinstance(hours, Mapping):
            week = _convert_weekly_hours(hours)
        else:
            day = _parse_intervals("hours", hours)
            week = _convert_weekly_hours({d: (() if d in instance.weekend else day) for d in range(7)})
        zone = time_zone if time_zone is not None else _country_zone(country)
        source = HolidaySource(
            dates=frozenset([_parse_date("extra_holidays", d) for d in extra_holidays]),
            generator=type(instance),
            subdiv=instance.subdiv,
            categories=tuple(instance.categories) if instance.categories else None,
            observed=bool(observed),
        )
        return cls(
            time_zone=zone,
            weekly_hours=week,
            holidays=source,
            date_overrides=date_overrides,
            weekend_workday_hours=_usual_day(week) if weekend_workdays else None,
            holiday_rule=holiday_rule,
        )

    @classmethod
    def always_open(cls, time_zone: str = "UTC") -> BusinessCalendar:
        """
        A 24/7 calendar: business time equals calendar time.

        Parameters
        ----------
        time_zone : str
            IANA zone (only matters for :func:`open_intervals` day splits, which
            are merged anyway).

        Examples
        --------
        >>> always = BusinessCalendar.always_open("Europe/Berlin")
        >>> float(always.business_seconds("2026-03-29T00:00+01:00", "2026-03-30T00:00+02:00")) / 3600
        23.0
        """
        return cls(time_zone=time_zone, weekly_hours={"mon-sun": [("00:00", "24:00")]})

    def business_seconds(self, start_at: Any, end_at: Any, *, assume_tz: str | None = None) -> Any:
        """:func:`business_seconds` with this calendar."""
        return business_seconds(self, start_at, end_at, assume_tz=assume_tz)

    def add_business_seconds(self, start_at: Any, seconds: npt.ArrayLike, *, assume_tz: str | None = None) -> Any:
        """:func:`add_business_seconds` with this calendar."""
        return add_business_seconds(self, start_at, seconds, assume_tz=assume_tz)

    def business_seconds_segments(
        self, start_at: Any, end_at: Any, group: npt.ArrayLike, *, n_groups: int | None = None,
        assume_tz: str | None = None,
    ) -> npt.NDArray[np.float64]:
        """:func:`business_seconds_segments` with this calendar."""
        return business_seconds_segments(self, start_at, end_at, group, n_groups=n_groups, assume_tz=assume_tz)

    def is_open(self, at: Any, *, assume_tz: str | None = None) -> Any:
        """:func:`is_open` with this calendar."""
        return is_open(self, at, assume_tz=assume_tz)

    def next_open(self, at: Any, *, assume_tz: str | None = None) -> Any:
        """:func:`next_open` with this calendar."""
        return next_open(self, at, assume_tz=assume_tz)

    def next_close(self, at: Any, *, assume_tz: str | None = None) -> Any:
        """:func:`next_close` with this calendar."""
        return next_close(self, at, assume_tz=assume_tz)

    def open_intervals(self, start_at: Any, end_at: Any, *, assume_tz: str | None = None) -> npt.NDArray[np.datetime64]:
        """:func:`open_intervals` with this calendar."""
        return open_intervals(self, start_at, end_at, assume_tz=assume_tz)
