"""Instants at the boundary: whatever a caller passes, as ``datetime64[ns]`` in UTC.

Inside the library an instant is an int64 count of nanoseconds since
1970-01-01T00:00:00 UTC (``datetime64[ns]``; NaT is the smallest int64). This
module converts, once, at the edge of the public functions:

* ``numpy.datetime64`` scalars and arrays (any unit) are read as UTC;
* time-zone aware :class:`datetime.datetime` objects (and pandas
  ``Timestamp``) are converted to UTC exactly, nanoseconds included;
* ISO 8601 strings with an offset (``"2026-03-29T09:00:00+02:00"``, ``"...Z"``);
* pandas tz-aware ``Series`` / ``DatetimeIndex`` (pandas is imported only when
  such an object is passed);
* lists, tuples and object arrays of the above; ``None`` and NaT give NaT.

A naive value (a datetime or string without offset, a naive pandas object)
raises :class:`~cultureservice.errors.InvalidArgumentError`, unless the caller
passes ``assume_tz``: the wall time is then read in that IANA zone with the
"compatible" rule of RFC 5545 and Temporal (see :func:`wall_to_utc_seconds`).

Time zones are :class:`zoneinfo.ZoneInfo` objects (the system tz database, or
the ``tzdata`` package where the system has none).
"""

from __future__ import annotations

import difflib
import functools
import zoneinfo
from datetime import date, datetime, timedelta, timezone
from typing import Any

import numpy as np
import numpy.typing as npt

from cultureservice._validation import describe
from cultureservice.errors import InvalidArgumentError, UnknownCodeError

__all__ = [
    "NAT_NS",
    "get_zone",
    "to_utc_ns",
    "wall_to_utc_seconds",
]

#: The int64 value numpy uses for NaT.
NAT_NS = np.iinfo(np.int64).min
_EPOCH_NAIVE = datetime(1970, 1, 1)
_NS_MIN = np.datetime64("1678-01-01T00:00:00", "ns")
_NS_MAX = np.datetime64("2262-01-01T00:00:00", "ns")
_RANGE_TEXT = "between 1678-01-01 and 2262-01-01 UTC (the range of datetime64[ns])"


@functools.lru_cache(maxsize=512)
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def get_zone(argument: str, name: Any) -> zoneinfo.ZoneInfo:
    """The :class:`zoneinfo.ZoneInfo` for an IANA name, or :class:`UnknownCodeError`.

    ``argument`` is the caller's parameter name, used in the message.
    """
    if not isinstance(name, str) or not name:
        raise UnknownCodeError(
            f"{argument} must be an IANA time-zone name such as 'Europe/Berlin'; got {describe(name)}"
        )
    try:
        return _zone(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        known = zoneinfo.available_timezones()
        close = difflib.get_close_matches(name, sorted(known), n=1)
        if not close:
            close = [k for k in sorted(known) if k.lower() == name.lower()]
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UnknownCodeError(
            f"{argument} must be an IANA time-zone name from the tz database "
            f"(zoneinfo.available_timezones()); got {name!r}{hint}"
        ) from None


def wall_to_utc_seconds(zone: zoneinfo.ZoneInfo, wall_s: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Local wall-clock seconds since 1970-01-01 00:00 (local) to UTC seconds.

    The "compatible" rule (RFC 5545, Temporal): a wall time inside a gap (the
    clocks jump forward) is moved forward by the length of the gap; an
    ambiguous wall time (the clocks go back) takes the earlier instant. With
    :mod:`zoneinfo` this is exactly ``fold=0`` (PEP 495), which uses the
    offset in force before the transition in both cases.

    Parameters
    ----------
    zone : zoneinfo.ZoneInfo
        The time zone of the wall clock.
    wall_s : array_like of int
        Wall-clock times as seconds since the local epoch. [s]

    Returns
    -------
    utc_s : ndarray of int64
        The instants as seconds since 1970-01-01T00:00:00 UTC. [s]

    Examples
    --------
    >>> berlin = get_zone("time_zone", "Europe/Berlin")
    >>> gap = 20541 * 86400 + 2 * 3600 + 1800   # 2026-03-29 02:30, skipped in Berlin
    >>> int(wall_to_utc_seconds(berlin, [gap])[0] - 20541 * 86400) / 3600   # 01:30 UTC = 03:30 CEST
    1.5
    """
    wall = np.asarray(wall_s, dtype=np.int64)
    unique, inverse = np.unique(wall, return_inverse=True)
    offsets = np.empty(unique.shape[0], dtype=np.int64)
    # Days without a transition share one offset; ask zoneinfo once per value.
    for i, value in enumerate(unique.tolist()):
        local = (_EPOCH_NAIVE + timedelta(seconds=value)).replace(tzinfo=zone)
        offset = local.utcoffset()
        assert offset is not None
        offsets[i] = offset.days * 86400 + offset.seconds
    return (unique - offsets)[inverse].reshape(wall.shape)


def _naive_datetime_ns(value: datetime, zone: zoneinfo.ZoneInfo) -> int:
    local = value.replace(tzinfo=zone, fold=0)
    return _aware_ns(local)


def _aware_ns(value: datetime) -> int:
    offset = value.utcoffset()
    assert offset is not None
    delta = value.replace(tzinfo=None) - _EPOCH_NAIVE - offset
    # pandas Timestamps subtract to a Timedelta that carries nanoseconds.
    nanos = int(getattr(delta, "nanoseconds", 0))
    return (delta.days * 86400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1000 + nanos


def _is_pandas(value: Any) -> bool:
    return type(value).__module__.split(".")[0] == "pandas"


def _naive_error(name: str, value: Any) -> InvalidArgumentError:
    return InvalidArgumentError(
        f"{name} must be time-zone aware or datetime64 in UTC; got naive {value!s} "
        f"(attach a tzinfo, or pass assume_tz='Area/City' to read naive values in that zone)"
    )


def _scalar_ns(name: str, value: Any, zone: zoneinfo.ZoneInfo | None) -> int:
    """One element of an object array (or a Python scalar) as int ns UTC."""
    if value is None:
        return int(NAT_NS)
    if _is_pandas(value) and type(value).__name__ == "NaTType":
        return int(NAT_NS)
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return int(NAT_NS)
        return int(_datetime64_ns(name, np.asarray(value)).view(np.int64))
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            if zone is None:
                raise _naive_error(name, value)
            ns = _naive_datetime_ns(value, zone)
            if _is_pandas(value):
                ns += int(getattr(value, "nanosecond", 0))
        else:
            ns = _aware_ns(value)
        return _check_ns_range(name, ns, value)
    if isinstance(value, date):
        raise InvalidArgumentError(
            f"{name} must be instants (aware datetimes or datetime64 in UTC); got the date "
            f"{value.isoformat()!r} (pass a datetime with a time and tzinfo)"
        )
    if isinstance(value, (str, np.str_)):
        text = str(value).strip()
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise InvalidArgumentError(
                f"{name} must be ISO 8601 date-times with an offset such as "
                f"'2026-03-29T09:00:00+02:00'; got {text!r}"
            ) from None
        if parsed.utcoffset() is None:
            if zone is None:
                raise InvalidArgumentError(
                    f"{name} must be time-zone aware or datetime64 in UTC; got the naive string {text!r} "
                    f"(add an offset such as '+02:00' or 'Z', or pass assume_tz='Area/City')"
                )
            return _check_ns_range(name, _naive_datetime_ns(parsed, zone), value)
        return _check_ns_range(name, _aware_ns(parsed), value)
    raise InvalidArgumentError(
        f"{name} must be instants: numpy datetime64 (UTC), aware datetimes, ISO strings with an "
        f"offset or pandas tz-aware values; got {describe(value)} of type {type(value).__name__}"
    )


def _check_ns_range(name: str, ns: int, value: Any) -> int:
    if not int(_NS_MIN.view(np.int64)) <= ns < int(_NS_MAX.view(np.int64)):
        raise InvalidArgumentError(f"{name} must be {_RANGE_TEXT}; got {value!s}")
    return ns


def _datetime64_ns(name: str, arr: npt.NDArray[Any]) -> npt.NDArray[np.datetime64]:
    """A datetime64 array of any unit as datetime64[ns], refusing overflow and lost digits."""
    from cultureservice._validation import first_bad

    unit, _ = np.datetime_data(arr.dtype)
    valid = ~np.isnat(arr)
    if unit == "generic":
        if valid.any():
            raise InvalidArgumentError(f"{name} must be datetime64 with a unit; got {arr.dtype}")
        return np.full(arr.shape, NAT_NS, dtype=np.int64).view("datetime64[ns]")
    if unit in ("ps", "fs", "as"):
        # These units span less than a year around 1970: always inside the ns range.
        out = arr.astype("datetime64[ns]")
        lossy = valid & (out.astype(arr.dtype) != arr)
        if lossy.any():
            raise InvalidArgumentError(
                f"{name} must have at most nanosecond resolution; {first_bad(arr.astype(str), lossy)}"
            )
    elif unit != "ns":
        # Compare in day units first: a cast to ns would overflow silently.
        bad = valid & ((arr < _NS_MIN.astype("M8[D]")) | (arr >= _NS_MAX.astype("M8[D]")))
        if bad.any():
            raise InvalidArgumentError(f"{name} must be {_RANGE_TEXT}; {first_bad(arr.astype(str), bad)}")
        out = arr.astype("datetime64[ns]")
    else:
        out = arr
    ints = out.view(np.int64)
    bad = valid & ((ints < int(_NS_MIN.view(np.int64))) | (ints >= int(_NS_MAX.view(np.int64))))
    if bad.any():
        raise InvalidArgumentError(f"{name} must be {_RANGE_TEXT}; {first_bad(out.astype(str), bad)}")
    return out


def _pandas_ns(name: str, value: Any, zone: zoneinfo.ZoneInfo | None) -> npt.NDArray[np.datetime64]:
    import pandas as pd  # optional: only reached when the caller passed a pandas object

    try:
        index = pd.DatetimeIndex(value)
    except (TypeError, ValueError) as exc:
        raise InvalidArgumentError(
            f"{name} must hold date-times; got a pandas {type(value).__name__} of dtype "
            f"{getattr(value, 'dtype', '?')}"
        ) from exc
    if index.tz is None:
        if zone is None:
            raise InvalidArgumentError(
                f"{name} must be time-zone aware or datetime64 in UTC; got a naive pandas "
                f"{type(value).__name__} (use .dt.tz_localize(...) or pass assume_tz='Area/City')"
            )
        # Our own "compatible" rule, not pandas' nonexistent/ambiguous options.
        naive = index.to_numpy(dtype="datetime64[ns]")
        ints = naive.view(np.int64)
        nat = ints == NAT_NS
        wall_s, frac = np.divmod(np.where(nat, 0, ints), 1_000_000_000)
        utc = wall_to_utc_seconds(zone, wall_s) * 1_000_000_000 + frac
        out = np.where(nat, NAT_NS, utc).view("datetime64[ns]")
        return _datetime64_ns(name, out.reshape(np.shape(value)))
    utc = index.tz_convert("UTC").tz_localize(None)
    return _datetime64_ns(name, np.asarray(utc.to_numpy(dtype="datetime64[ns]")).reshape(np.shape(value)))


def to_utc_ns(name: str, value: Any, *, assume_tz: str | None = None) -> npt.NDArray[np.datetime64]:
    """Convert instants to a ``datetime64[ns]`` array in UTC (0-d for a scalar).

    Parameters
    ----------
    name : str
        The caller's argument name, used in error messages.
    value : datetime64, aware datetime, ISO string, pandas tz-aware value, or a sequence of them
        The instants.
    assume_tz : str, optional
        IANA zone in which naive datetimes, naive strings and naive pandas
        values are read (compatible rule). ``datetime64`` is always UTC.

    Returns
    -------
    instants : ndarray of datetime64[ns]
        A new array or a read-only view; never the caller's array made writable.

    Raises
    ------
    InvalidArgumentError
        For naive values without ``assume_tz``, for values that are not
        instants, and outside 1678-01-01 to 2262-01-01.
    UnknownCodeError
        If ``assume_tz`` is not an IANA time zone.

    Examples
    --------
    >>> from datetime import datetime, timezone, timedelta
    >>> to_utc_ns("at", datetime(2026, 3, 29, 9, tzinfo=timezone(timedelta(hours=2))))
    array('2026-03-29T07:00:00.000000000', dtype='datetime64[ns]')
    >>> to_utc_ns("at", ["2026-01-01T10:00Z", None])
    array(['2026-01-01T10:00:00.000000000', 'NaT'], dtype='datetime64[ns]')
    """
    zone = None if assume_tz is None else get_zone("assume_tz", assume_tz)
    if _is_pandas(value) and not isinstance(value, datetime) and type(value).__name__ != "NaTType":
        return _pandas_ns(name, value, zone)
    if isinstance(value, np.ndarray) and value.dtype == np.dtype("datetime64[ns]"):
        # The fast path: every datetime64[ns] value is an instant (the callers
        # refuse those outside their range); a read-only view, no copy.
        out = value.view()
        out.flags.writeable = False
        return out
    if isinstance(value, np.ndarray) and value.dtype.kind == "M":
        return _datetime64_ns(name, value)
    if isinstance(value, np.datetime64):
        return _datetime64_ns(name, np.asarray(value))
    if isinstance(value, (datetime, date, str, np.str_)) or value is None:
        return np.asarray(_scalar_ns(name, value, zone), dtype=np.int64).view("datetime64[ns]")
    if _is_pandas(value):  # pandas.NaT
        return np.asarray(NAT_NS, dtype=np.int64).view("datetime64[ns]")
    if isinstance(value, (list, tuple)) and any(_is_pandas(v) and not isinstance(v, datetime) for v in value):
        if all(_is_pandas(v) for v in value):
            return _pandas_ns(name, list(value), zone)
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as exc:
        raise InvalidArgumentError(f"{name} must be instants; got {describe(value)}") from exc
    if arr.dtype.kind == "M":
        return _datetime64_ns(name, arr)
    if arr.dtype.kind in "biufcm":
        raise InvalidArgumentError(
            f"{name} must be instants (datetime64 in UTC or aware datetimes); got numbers of dtype "
            f"{arr.dtype} (convert with numpy.asarray(x, dtype='datetime64[s]') if they are epoch seconds)"
        )
    if arr.dtype.kind in "OUS":
        if arr.dtype.kind == "S":
            arr = arr.astype(str)
        flat = [_scalar_ns(name, v, zone) for v in arr.ravel().tolist()]
        return np.asarray(flat, dtype=np.int64).reshape(arr.shape).view("datetime64[ns]")
    raise InvalidArgumentError(f"{name} must be instants; got an array of dtype {arr.dtype}")


def utc_datetime(ns: int) -> datetime:
    """An int ns UTC instant as an aware :class:`datetime` (microseconds, for messages)."""
    return datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=ns // 1000)
