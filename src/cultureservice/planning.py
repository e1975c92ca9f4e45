r"""Staffing plans: from markets and issue forecasts to agents per language, channel, site and interval.

The quantity this module is about is the **required agents** of a *queue*
(a language and a channel, shared by the markets that speak it) in each UTC
interval of a plan, and what they cost and achieve: contacts, workload, FTE
after shrinkage, expected service level, speed of answer and abandonment, the
site that staffs them, and the coverage gaps where a market expects service
and no open site speaks its language.

:func:`plan` runs four stages on arrays of shape (queue, interval):

1. **Demand translation.** A market's issues per local day become contacts
   per channel (the profile's ``channel_mix`` times ``contacts_per_issue``),
   spread over the local day with an intraday shape per channel
   (:data:`DEFAULT_INTRADAY_SHAPES`, a planning assumption, or the user's own
   curve), then split over the market's languages. The share of a channel's
   contacts that accepts the fallback language (the profile's
   ``fallback_acceptance``) is pooled into the fallback-language queue when
   the scenario's ``pooling`` is ``"fallback"``. Volumes are kept as given:
   contacts out equal issues in times contacts per issue.
2. **Service windows.** The market's expected hours (its profile's
   ``support_hours`` and public holidays, or the user's hours) decide when
   service is expected. Live contacts (phone, chat) arriving outside them are
   *unserved*; deferrable contacts (e-mail, messaging) wait in a *backlog*
   and are worked, spread evenly, between their arrival and the end of their
   response target (counted in the market's service time) while a site that
   speaks their language is open.
3. **Staffing.** Phone queues with Erlang C, or Erlang A when a patience is
   given; chat with a concurrency limit (agents hold several chats); deferrable
   work at a maximum occupancy. One call of
   :func:`~cultureservice.queueing.required_agents` staffs every live
   queue-interval of the plan.
4. **Sites.** Each queue-interval goes to the first site (in the scenario's
   order) that is open for the whole interval and speaks the language;
   FTE follow from that site's shrinkage. Where no site qualifies while a
   market expects service, the plan records a coverage gap.

A :class:`Scenario` holds the markets, sites and channel settings; it is
built in Python or read from a TOML file (:func:`load_scenario`; the schema is
in the docs, *How to write a scenario file*). :func:`default_scenario` is the
shipped, illustrative Kraków example.
"""

from __future__ import annotations

import csv
import datetime as _dt
import difflib
import functools
import math
import numbers
import os
import re
import sys
import time
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, Final, NoReturn, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from cultureservice._data import assumption, assumption_numbers
from cultureservice._time import get_zone, to_utc_ns, wall_to_utc_seconds
from cultureservice._validation import describe
from cultureservice.calendar import BusinessCalendar, business_seconds, weekday_keys
from cultureservice.culture import CHANNELS, CultureProfile, FrozenMap
from cultureservice.culture import profile as _culture_profile
from cultureservice.errors import (
    CultureServiceError,
    DataError,
    InvalidArgumentError,
    MissingDependencyError,
)
from cultureservice.queueing import erlang_a, fte, required_agents

__all__ = [
    "CHANNEL_KINDS",
    "DEFAULT_DEFERRABLE_OCCUPANCY",
    "DEFAULT_INTRADAY_SHAPES",
    "STAFFED_CHANNELS",
    "ChannelSettings",
    "Gap",
    "IntervalForecast",
    "Market",
    "Scenario",
    "Site",
    "StaffingPlan",
    "default_scenario",
    "defer",
    "load_scenario",
    "plan",
]

#: Channels a plan can staff (self-service needs no agent).
STAFFED_CHANNELS: Final = ("phone", "chat", "email", "messaging", "social")
#: Kinds of work: ``live`` (answered while the customer waits, one at a time),
#: ``chat`` (live, several at a time) and ``deferrable`` (answered later, within a response target).
KINDS: Final = ("live", "chat", "deferrable")
#: Default kind of each staffed channel.
CHANNEL_KINDS: Final = FrozenMap(
    {"phone": "live", "chat": "chat", "email": "deferrable", "messaging": "deferrable", "social": "deferrable"}
)
#: Planning assumption: the occupancy at which deferrable work is staffed when the scenario
#: gives none (row ``deferrable_occupancy`` of ``data/assumptions.csv``). [0–1]
DEFAULT_DEFERRABLE_OCCUPANCY: Final = float(assumption("deferrable_occupancy"))

#: Planning assumption: the default intraday shape per channel, arrivals per local hour
#: (00:00–01:00 first), used unless a scenario or market gives its own curve; rows
#: ``intraday_shape.*`` of ``data/assumptions.csv``. No source: phone and chat peak
#: mid-morning and mid-afternoon, e-mail is flatter, messaging and social stay high into
#: the evening; self-service follows e-mail. Each curve is normalised to the local day it
#: falls in, so only the ratios matter.
DEFAULT_INTRADAY_SHAPES: Final = FrozenMap(
    {
        channel: assumption_numbers(f"intraday_shape.{row}")
        for channel, row in (
            ("phone", "phone"),
            ("email", "email"),
            ("chat", "chat"),
            ("messaging", "messaging"),
            ("social", "messaging"),
            ("self_service", "email"),
        )
    }
)

_DAY_S: Final = 86_400
_NS: Final = 1_000_000_000
_MARGIN_DAYS: Final = 7  # demand is translated this many days before and after the plan (backlog, deadlines)
_INTERVALS_S: Final = (300, 600, 900, 1200, 1800, 3600)
_DAY_NAMES: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_POOLING: Final = ("fallback", "none")
_MARKET_CHANNEL_KEYS: Final = ("handle_time_s", "target_s", "service_level", "patience_s")
_T = TypeVar("_T")
_SCENARIO_FORMAT: Final = "cultureservice-scenario"
_SCENARIO_VERSION: Final = 1
_DEFAULT_FILE: Final = "default_scenario.toml"


# --------------------------------------------------------------------------- small checks


def _fail(name: str, allowed: str, value: Any) -> NoReturn:
    raise InvalidArgumentError(f"{name} must be {allowed}; got {describe(value)}")


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _number(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    allow_inf: bool = False,
) -> float:
    if low is not None and high is not None:
        allowed = f"a number in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    elif low is not None:
        allowed = f"a number {'>' if low_open else '>='} {low:g}" + (" (inf allowed)" if allow_inf else "")
    else:
        allowed = "a finite number"
    if not _is_real(value):
        _fail(name, allowed, value)
    x = float(value)
    if math.isnan(x) or (math.isinf(x) and not (allow_inf and x > 0)):
        _fail(name, allowed, value)
    if low is not None and (x <= low if low_open else x < low):
        _fail(name, allowed, value)
    if high is not None and (x >= high if high_open else x > high):
        _fail(name, allowed, value)
    return x


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        _fail(name, "a non-empty string", value)
    return value


def _choice(name: str, value: Any, options: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in options:
        hint = difflib.get_close_matches(str(value), list(options), n=1)
        raise InvalidArgumentError(
            f"{name} must be one of {', '.join(repr(o) for o in options)}; got {describe(value)}"
            + (f" (did you mean {hint[0]!r}?)" if hint else "")
        )
    return value


def _language(name: str, value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z]{2,3}(_[A-Za-z0-9]{2,8})*", value):
        _fail(name, "a CLDR language id such as 'de', 'sv' or 'zh_Hant'", value)
    return value


def _as_date(name: str, value: Any) -> _dt.date:
    if isinstance(value, _dt.datetime):
        _fail(name, "a date (datetime.date or 'YYYY-MM-DD'), not a datetime", value)
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    _fail(name, "a date (datetime.date or 'YYYY-MM-DD')", value)


def _looks_like_date(key: Any) -> bool:
    return isinstance(key, _dt.date) or (isinstance(key, str) and bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", key)))


# --------------------------------------------------------------------------- converters


def _conv_issues_per_day(value: Any) -> float | tuple[float, ...] | FrozenMap[_dt.date, float] | None:
    """A number (every day), a weekday table (7 values) or a table of dates."""
    name = "issues_per_day"
    if value is None:
        return None
    if _is_real(value):
        return _number(name, value, low=0.0)
    if isinstance(value, FrozenMap) and all(isinstance(k, _dt.date) for k in value):
        return value
    if isinstance(value, tuple) and len(value) == 7 and all(_is_real(v) for v in value):
        return tuple(_number(f"{name}[{i}]", v, low=0.0) for i, v in enumerate(value))
    if not isinstance(value, Mapping) or not value:
        _fail(
            name,
            "a number >= 0 (every day), a table of weekdays ({'mon-fri': 1200, 'sat': 300, 'sun': 100}) "
            "or a table of dates ({'2026-06-01': 1200, ...})",
            value,
        )
    keys = list(value)
    if all(_looks_like_date(k) for k in keys):
        table: dict[_dt.date, float] = {}
        for key in keys:
            day = _as_date(f"{name} key", key)
            if day in table:
                raise InvalidArgumentError(f"{name} gives the date {day.isoformat()} twice")
            table[day] = _number(f"{name}[{key!r}]", value[key], low=0.0)
        return FrozenMap(dict(sorted(table.items())))
    if any(_looks_like_date(k) for k in keys):
        raise InvalidArgumentError(
            f"{name} must be keyed either by weekdays or by dates, not both; got keys {', '.join(map(str, keys))}"
        )
    week: list[float | None] = [None] * 7
    for key in keys:
        number = _number(f"{name}[{key!r}]", value[key], low=0.0)
        for d in weekday_keys(key, name=name):
            if week[d] is not None:
                raise InvalidArgumentError(f"{name} gives {_DAY_NAMES[d]!r} twice (again in key {key!r})")
            week[d] = number
    missing = [_DAY_NAMES[d] for d in range(7) if week[d] is None]
    if missing:
        raise InvalidArgumentError(
            f"{name} must give every weekday (0 for none); missing {', '.join(missing)}"
        )
    return tuple(float(w) for w in week)  # type: ignore[arg-type]


def _conv_shape(name: str, value: Any) -> tuple[float, ...]:
    allowed = "24, 48 or 96 numbers >= 0 (arrivals per local hour, half hour or quarter hour), not all 0"
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        _fail(name, allowed, value)
    items = list(value)
    if len(items) not in (24, 48, 96):
        raise InvalidArgumentError(f"{name} must be {allowed}; got {len(items)} numbers")
    out = tuple(_number(f"{name}[{i}]", v, low=0.0) for i, v in enumerate(items))
    if not any(out):
        raise InvalidArgumentError(f"{name} must be {allowed}; got only zeros")
    return out


def _conv_optional_shape(value: Any) -> tuple[float, ...] | None:
    return None if value is None else _conv_shape("intraday_shape", value)


def _conv_shapes(value: Any) -> FrozenMap[str, tuple[float, ...]]:
    if value is None:
        return FrozenMap()
    if not isinstance(value, Mapping):
        _fail("intraday_shapes", "a mapping of channel to 24, 48 or 96 numbers", value)
    out = {}
    for channel, shape in value.items():
        _choice("intraday_shapes keys", channel, CHANNELS)
        out[channel] = _conv_shape(f"intraday_shapes[{channel!r}]", shape)
    return FrozenMap(out)


def _conv_market_channels(value: Any) -> FrozenMap[str, FrozenMap[str, float]]:
    if value is None:
        return FrozenMap()
    if not isinstance(value, Mapping):
        _fail("channels", "a mapping of channel to overrides such as {'phone': {'handle_time_s': 330}}", value)
    out: dict[str, FrozenMap[str, float]] = {}
    for channel, overrides in value.items():
        _choice("channels keys", channel, STAFFED_CHANNELS)
        if not isinstance(overrides, Mapping):
            _fail(f"channels[{channel!r}]", f"a mapping with keys among {', '.join(_MARKET_CHANNEL_KEYS)}", overrides)
        checked: dict[str, float] = {}
        for key, number in overrides.items():
            _choice(f"channels[{channel!r}] keys", key, _MARKET_CHANNEL_KEYS)
            label = f"channels[{channel!r}][{key!r}]"
            if key == "service_level":
                checked[key] = _number(label, number, low=0.0, high=1.0, low_open=True, high_open=True)
            elif key == "patience_s":
                checked[key] = _number(label, number, low=0.0, low_open=True, allow_inf=True)
            else:
                checked[key] = _number(label, number, low=0.0, low_open=True)
        out[channel] = FrozenMap(checked)
    return FrozenMap(out)


def _conv_name(value: Any) -> str:
    return _text("name", value)


def _conv_languages(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        _fail("languages", "a non-empty list of CLDR language ids such as ['de', 'en']", value)
    out = tuple(_language(f"languages[{i}]", v) for i, v in enumerate(value))
    if not out or len(set(out)) != len(out):
        _fail("languages", "a non-empty list of distinct CLDR language ids", value)
    return out


def _conv_site_channels(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        _fail("channels", f"None (all) or a list among {', '.join(STAFFED_CHANNELS)}", value)
    out = tuple(_choice(f"channels[{i}]", v, STAFFED_CHANNELS) for i, v in enumerate(value))
    if not out or len(set(out)) != len(out):
        _fail("channels", f"None (all) or a non-empty list of distinct channels among {', '.join(STAFFED_CHANNELS)}", value)
    return out


def _conv_shrinkage(value: Any) -> float:
    return _number("shrinkage", value, low=0.0, high=1.0, high_open=True)


def _conv_holiday_factor(value: Any) -> float:
    return _number("holiday_factor", value, low=0.0)


def _conv_time_zone(value: Any) -> str:
    get_zone("time_zone", value)
    return str(value)


def _conv_interval_s(value: Any) -> float:
    x = _number("interval_s", value, low=0.0, low_open=True)
    if x not in _INTERVALS_S:
        raise InvalidArgumentError(
            f"interval_s must be one of {', '.join(str(v) for v in _INTERVALS_S)} seconds "
            f"(5 to 60 minutes, dividing an hour); got {describe(value)}"
        )
    return x


def _conv_days(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 1 <= int(value) <= 3660:
        _fail("days", "a whole number of days from 1 to 3660", value)
    return int(value)


def _conv_optional_date(value: Any) -> _dt.date | None:
    return None if value is None else _as_date("start", value)


def _conv_pooling(value: Any) -> str:
    return _choice("pooling", value, _POOLING)


def _conv_fallback(value: Any) -> str:
    return _language("fallback_language", value)


def _conv_calendar(value: Any) -> BusinessCalendar | None:
    if value is not None and not isinstance(value, BusinessCalendar):
        _fail("calendar", "a cultureservice.calendar.BusinessCalendar or None", value)
    return value


def _conv_site_calendar(value: Any) -> BusinessCalendar:
    if not isinstance(value, BusinessCalendar):
        _fail("calendar", "a cultureservice.calendar.BusinessCalendar", value)
    return value


def _conv_profile(value: Any) -> CultureProfile:
    if not isinstance(value, CultureProfile):
        _fail("profile", "a CultureProfile (see cultureservice.culture.profile)", value)
    return value


def _conv_optional_text(value: Any) -> str | None:
    return None if value is None else _text("subdiv", value)


# --------------------------------------------------------------------------- scenario objects


def _instant(name: str, value: Any) -> np.datetime64:
    arr = to_utc_ns(name, value)
    if arr.ndim != 0 or np.isnat(arr):
        _fail(name, "a single instant (aware datetime, ISO string with offset, or datetime64 in UTC)", value)
    return np.datetime64(int(arr.view(np.int64)), "ns")


def _conv_start_at(value: Any) -> np.datetime64:
    return _instant("start_at", value)


def _series_step(value: Any) -> float:
    x = _number("interval_s", value, low=0.0, low_open=True)
    if x % 300 != 0:
        _fail("interval_s", "a multiple of 300 seconds", value)
    return x


def _series_values(value: Any) -> tuple[float, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        _fail("issues", "a non-empty sequence of numbers >= 0", value)
    out = tuple(_number(f"issues[{i}]", v, low=0.0) for i, v in enumerate(value))
    if not out:
        _fail("issues", "a non-empty sequence of numbers >= 0", value)
    return out


@attrs.frozen(kw_only=True)
class IntervalForecast:
    """Issues per interval of a market, in UTC, instead of issues per day.

    The issues of an interval arrive evenly within it; no intraday shape is
    applied (the series is the shape).

    Parameters
    ----------
    start_at : instant
        Start of the first interval (aware datetime, ISO string with offset or
        datetime64 in UTC). [UTC]
    interval_s : float
        Length of each interval, a multiple of 300 s. [s]
    issues : sequence of float
        Issues per interval, each >= 0. [issues]

    Examples
    --------
    >>> f = IntervalForecast(start_at="2026-06-01T06:00Z", interval_s=3600, issues=[10, 30, 40])
    >>> f.end_at
    np.datetime64('2026-06-01T09:00:00.000000000')
    """

    start_at: np.datetime64 = attrs.field(converter=_conv_start_at)
    interval_s: float = attrs.field(converter=_series_step)
    issues: tuple[float, ...] = attrs.field(converter=_series_values)

    @property
    def end_at(self) -> np.datetime64:
        """End of the last interval. [UTC]"""
        return self.start_at + np.timedelta64(int(self.interval_s * len(self.issues) * _NS), "ns")


def _conv_interval_forecast(value: Any) -> IntervalForecast | None:
    if value is None or isinstance(value, IntervalForecast):
        return value
    if isinstance(value, Mapping):
        return IntervalForecast(**value)
    _fail("issues_per_interval", "an IntervalForecast, a mapping with start_at, interval_s and issues, or None", value)


def _conv_channel(value: Any) -> str:
    return _choice("channel", value, STAFFED_CHANNELS)


def _conv_handle_time(value: Any) -> float:
    return _number("handle_time_s", value, low=0.0, low_open=True)


def _conv_kind(value: Any) -> str:
    return _choice("kind", value, KINDS)


def _conv_service_level(value: Any) -> float:
    return _number("service_level", value, low=0.0, high=1.0, low_open=True, high_open=True)


def _conv_target(value: Any) -> float | None:
    return None if value is None else _number("target_s", value, low=0.0, low_open=True)


def _conv_patience(value: Any) -> float:
    return _number("patience_s", value, low=0.0, low_open=True, allow_inf=True)


def _conv_max_occupancy(value: Any) -> float | None:
    return None if value is None else _number("max_occupancy", value, low=0.0, high=1.0, low_open=True)


def _conv_slowdown(value: Any) -> float:
    return _number("concurrency_slowdown", value, low=0.0)


@attrs.frozen(kw_only=True)
class ChannelSettings:
    """How one channel is staffed: handle time, target and queueing model.

    Parameters
    ----------
    channel : str
        One of :data:`STAFFED_CHANNELS`.
    handle_time_s : float
        Mean handle time of one contact, > 0 (for chat, of one chat handled
        alone). [s]
    kind : {"live", "chat", "deferrable"}, optional
        Default from :data:`CHANNEL_KINDS` (phone live, chat chat, the written
        channels deferrable).
    service_level : float
        Share of live contacts to answer within ``target_s``, in (0, 1).
        Ignored for deferrable work, which is always answered within its
        target where a site can. [0–1]
    target_s : float or None
        Answer target (live) or response target (deferrable), > 0; None takes
        each market's ``first_response_s`` for the channel. A deferrable
        target counts the market's service time only. [s]
    patience_s : float
        Mean patience of live customers, > 0; ``inf`` (default) staffs with
        Erlang C, a finite value with Erlang A. [s]
    max_occupancy : float or None
        Upper bound on agent occupancy, in (0, 1]; for deferrable work the
        occupancy it is staffed at (default
        :data:`DEFAULT_DEFERRABLE_OCCUPANCY`). [0–1]
    concurrency : int
        Chats an agent holds at once (``chat`` only), 1–64. [chats]
    concurrency_slowdown : float
        Relative growth of a chat's handle time per other chat held, >= 0: with
        ``concurrency`` k each chat takes ``handle_time_s * (1 + s (k - 1))``.
    intraday_shape : sequence of float or None
        Arrivals per local hour (24 values; 48 or 96 for finer steps) for every
        market; None uses :data:`DEFAULT_INTRADAY_SHAPES`.

    Examples
    --------
    >>> chat = ChannelSettings(channel="chat", handle_time_s=480, concurrency=2, target_s=60)
    >>> chat.kind, chat.slot_handle_time_s
    ('chat', 480.0)
    """

    channel: str = attrs.field(converter=_conv_channel)
    handle_time_s: float = attrs.field(converter=_conv_handle_time)
    kind: str = attrs.field(
        default=attrs.Factory(lambda self: CHANNEL_KINDS[self.channel], takes_self=True), converter=_conv_kind
    )
    service_level: float = attrs.field(default=0.8, converter=_conv_service_level)
    target_s: float | None = attrs.field(default=None, converter=_conv_target)
    patience_s: float = attrs.field(default=math.inf, converter=_conv_patience)
    max_occupancy: float | None = attrs.field(default=None, converter=_conv_max_occupancy)
    concurrency: int = attrs.field(default=1)
    concurrency_slowdown: float = attrs.field(default=0.0, converter=_conv_slowdown)
    intraday_shape: tuple[float, ...] | None = attrs.field(default=None, converter=_conv_optional_shape)

    @concurrency.validator
    def _check_concurrency(self, attribute: Any, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 1 <= int(value) <= 64:
            _fail("concurrency", "a whole number from 1 to 64", value)
        if self.kind != "chat" and value != 1:
            _fail("concurrency", f"1 for kind {self.kind!r} (only chat holds several contacts)", value)

    @property
    def slot_handle_time_s(self) -> float:
        """Handle time of one chat when an agent holds ``concurrency`` chats. [s]"""
        return self.handle_time_s * (1.0 + self.concurrency_slowdown * (self.concurrency - 1))

    @property
    def occupancy(self) -> float | None:
        """The occupancy bound used: ``max_occupancy``, or the deferrable default. [0–1]"""
        if self.kind == "deferrable" and self.max_occupancy is None:
            return DEFAULT_DEFERRABLE_OCCUPANCY
        return self.max_occupancy


@attrs.frozen(kw_only=True)
class Market:
    """A market: a country's customers, their issue forecast and when they expect service.

    Build one with :meth:`for_country` (the usual way) or directly.

    Parameters
    ----------
    name : str
        Unique label in the scenario, e.g. ``"DE"``.
    profile : CultureProfile
        The market's planning profile: languages, channel mix, contacts per
        issue, response times, support hours, fallback acceptance.
    issues_per_day : float, mapping or None
        Issues raised per local day: a number (every day), a table of weekdays
        (``{"mon-fri": 1200, "sat": 300, "sun": 100}``; every weekday once) or a
        table of dates (``{"2026-06-01": 1200, ...}``; every date of the plan,
        other dates count 0). [issues]
    issues_per_interval : IntervalForecast or None
        Issues per UTC interval instead (exactly one of the two is given).
    calendar : BusinessCalendar or None
        When the market expects service; None uses
        ``profile.calendar(subdiv=subdiv)`` (its ``support_hours``, business
        days and public holidays; ``"24/7"`` never closes).
    subdiv : str or None
        Subdivision whose holidays apply (as in ``holidays``).
    holiday_factor : float
        Multiplies a rule forecast (a number or a weekday table) on the
        market's public holidays, >= 0; 1 (default) keeps volumes as given.
        Dated and per-interval forecasts are never scaled.
    channels : mapping, optional
        Per-channel overrides for this market: ``handle_time_s``,
        ``target_s``, ``service_level``, ``patience_s``.
    intraday_shapes : mapping, optional
        Channel to the market's own intraday shape (see
        :class:`ChannelSettings`).

    Examples
    --------
    >>> de = Market.for_country("DE", issues_per_day={"mon-fri": 1000, "sat": 200, "sun": 0})
    >>> de.name, de.issues_per_day[5], de.service_calendar.time_zone
    ('DE', 200.0, 'Europe/Berlin')
    """

    name: str = attrs.field(converter=_conv_name)
    profile: CultureProfile = attrs.field(converter=_conv_profile)
    issues_per_day: float | tuple[float, ...] | FrozenMap[_dt.date, float] | None = attrs.field(
        default=None, converter=_conv_issues_per_day
    )
    issues_per_interval: IntervalForecast | None = attrs.field(default=None, converter=_conv_interval_forecast)
    calendar: BusinessCalendar | None = attrs.field(default=None, converter=_conv_calendar)
    subdiv: str | None = attrs.field(default=None, converter=_conv_optional_text)
    holiday_factor: float = attrs.field(default=1.0, converter=_conv_holiday_factor)
    channels: FrozenMap[str, FrozenMap[str, float]] = attrs.field(factory=FrozenMap, converter=_conv_market_channels)
    intraday_shapes: FrozenMap[str, tuple[float, ...]] = attrs.field(factory=FrozenMap, converter=_conv_shapes)

    @issues_per_interval.validator
    def _check_forecast(self, attribute: Any, value: Any) -> None:
        if (value is None) == (self.issues_per_day is None):
            raise InvalidArgumentError(
                f"market {self.name!r} needs exactly one of issues_per_day and issues_per_interval; "
                f"got {'both' if value is not None else 'neither'}"
            )

    @classmethod
    def for_country(
        cls,
        country: str,
        issues_per_day: Any = None,
        *,
        name: str | None = None,
        issues_per_interval: Any = None,
        hours: Any = None,
        subdiv: str | None = None,
        overrides: Mapping[str, Any] | None = None,
        **options: Any,
    ) -> Market:
        """A market from a country's profile, with optional profile overrides and hours.

        Parameters
        ----------
        country : str
            ISO 3166-1 alpha-2 code with a profile.
        issues_per_day, issues_per_interval
            The forecast (see :class:`Market`).
        name : str, optional
            Label; default ``country``.
        hours : list of (open, close), mapping or "24/7", optional
            Expected service hours in local time (every business day, or a
            weekly mapping); default: what the profile's ``support_hours``
            stands for.
        subdiv : str, optional
            Subdivision for holidays.
        overrides : mapping, optional
            Profile fields to replace (:meth:`CultureProfile.with_overrides`),
            e.g. ``{"support_hours": "extended"}``.
        **options
            Other :class:`Market` fields (``holiday_factor``, ``channels``,
            ``intraday_shapes``).

        Raises
        ------
        UnknownCodeError
            For an unknown country or subdivision.
        InvalidArgumentError
            For a bad override, hours or forecast.
        """
        prof = _culture_profile(country)
        if overrides:
            if not isinstance(overrides, Mapping):
                _fail("overrides", "a mapping of profile field to value", overrides)
            prof = prof.with_overrides(**dict(overrides))
        if isinstance(hours, str) and hours == "24/7":
            cal = BusinessCalendar.always_open(prof.primary_time_zone or "UTC")
        elif isinstance(hours, str):
            _fail("hours", "a list of (open, close) pairs, a weekly mapping or '24/7'", hours)
        else:
            cal = prof.calendar(hours, subdiv=subdiv)
        return cls(
            name=name if name is not None else country,
            profile=prof,
            issues_per_day=issues_per_day,
            issues_per_interval=issues_per_interval,
            calendar=cal,
            subdiv=subdiv,
            **options,
        )

    @property
    def service_calendar(self) -> BusinessCalendar:
        """The calendar of expected service: ``calendar`` or the profile's default."""
        if self.calendar is not None:
            return self.calendar
        return _profile_calendar(self.profile, self.subdiv)


@functools.lru_cache(maxsize=256)
def _profile_calendar(prof: CultureProfile, subdiv: str | None) -> BusinessCalendar:
    return prof.calendar(subdiv=subdiv)  # type: ignore[no-any-return]


@attrs.frozen(kw_only=True)
class Site:
    """A site: where agents work, when it is open, the languages they speak.

    Parameters
    ----------
    name : str
        Unique label, e.g. ``"Kraków"``.
    calendar : BusinessCalendar
        Opening hours in the site's zone, with its own public holidays.
    languages : sequence of str
        CLDR language ids the site's agents serve in.
    shrinkage : float
        Share of paid time not on contacts at this site, in [0, 1). [0–1]
    channels : sequence of str or None
        Channels the site serves; None (default) serves every staffed channel.

    Examples
    --------
    >>> krakow = Site.for_country("Kraków", "PL", hours=[("08:00", "18:00")], languages=["de", "en"])
    >>> krakow.calendar.time_zone, krakow.shrinkage
    ('Europe/Warsaw', 0.3)
    """

    name: str = attrs.field(converter=_conv_name)
    calendar: BusinessCalendar = attrs.field(converter=_conv_site_calendar)
    languages: tuple[str, ...] = attrs.field(converter=_conv_languages)
    shrinkage: float = attrs.field(default=0.3, converter=_conv_shrinkage)
    channels: tuple[str, ...] | None = attrs.field(default=None, converter=_conv_site_channels)

    @classmethod
    def for_country(
        cls,
        name: str,
        country: str,
        *,
        hours: Any,
        languages: Sequence[str],
        shrinkage: float = 0.3,
        channels: Sequence[str] | None = None,
        subdiv: str | None = None,
        time_zone: str | None = None,
        **calendar_options: Any,
    ) -> Site:
        """A site whose calendar has ``country``'s business week and public holidays.

        ``hours`` and ``**calendar_options`` (``extra_holidays``,
        ``date_overrides``, ...) go to :meth:`BusinessCalendar.for_country`.
        """
        cal = BusinessCalendar.for_country(country, subdiv, hours=hours, time_zone=time_zone, **calendar_options)
        return cls(name=name, calendar=cal, languages=languages, shrinkage=shrinkage, channels=channels)

    def serves(self, language: str, channel: str) -> bool:
        """Whether the site's agents take ``channel`` contacts in ``language``."""
        return language in self.languages and (self.channels is None or channel in self.channels)


def _conv_markets(value: Any) -> tuple[Market, ...]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        _fail("markets", "a sequence of Market objects", value)
    out = tuple(value)
    if not out:
        _fail("markets", "a non-empty sequence of Market objects", value)
    for m in out:
        if not isinstance(m, Market):
            _fail("markets", "a sequence of Market objects", m)
    names = [m.name for m in out]
    dup = next((n for n in names if names.count(n) > 1), None)
    if dup is not None:
        raise InvalidArgumentError(f"markets must have unique names; got {dup!r} twice")
    return out


def _conv_sites(value: Any) -> tuple[Site, ...]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        _fail("sites", "a sequence of Site objects", value)
    out = tuple(value)
    for s in out:
        if not isinstance(s, Site):
            _fail("sites", "a sequence of Site objects", s)
    names = [s.name for s in out]
    dup = next((n for n in names if names.count(n) > 1), None)
    if dup is not None:
        raise InvalidArgumentError(f"sites must have unique names; got {dup!r} twice")
    if len(out) > 32_000:
        _fail("sites", "at most 32000 sites", len(out))
    return out


def _conv_channels(value: Any) -> tuple[ChannelSettings, ...]:
    if isinstance(value, Mapping):
        items = []
        for channel, settings in value.items():
            if isinstance(settings, ChannelSettings):
                if settings.channel != channel:
                    _fail(f"channels[{channel!r}]", f"settings for channel {channel!r}", settings.channel)
                items.append(settings)
            elif isinstance(settings, Mapping):
                items.append(ChannelSettings(channel=channel, **settings))
            else:
                _fail(f"channels[{channel!r}]", "a ChannelSettings or a mapping of its fields", settings)
        value = items
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        _fail("channels", "a sequence of ChannelSettings or a mapping of channel to settings", value)
    out = tuple(value)
    if not out:
        _fail("channels", "at least one staffed channel", value)
    for c in out:
        if not isinstance(c, ChannelSettings):
            _fail("channels", "a sequence of ChannelSettings", c)
    names = [c.channel for c in out]
    dup = next((n for n in names if names.count(n) > 1), None)
    if dup is not None:
        raise InvalidArgumentError(f"channels must name each channel once; got {dup!r} twice")
    return tuple(sorted(out, key=lambda c: STAFFED_CHANNELS.index(c.channel)))


@attrs.frozen(kw_only=True)
class Scenario:
    """Everything a plan needs: markets, sites, channel settings and planning options.

    Parameters
    ----------
    markets : sequence of Market
        The markets served, unique names.
    sites : sequence of Site
        The sites, in order of preference: a queue-interval goes to the first
        open site that speaks the language. May be empty (every interval is
        then a gap).
    channels : sequence of ChannelSettings or mapping
        The staffed channels; contacts of other channels of the mix (e.g.
        self-service) are counted but not staffed.
    time_zone : str
        IANA zone in which plan dates (``start``) are read and printed.
    interval_s : float
        Plan interval: 300, 600, 900, 1200, 1800 or 3600 s. [s]
    days : int
        Default plan length. [days]
    start : date or None
        Default first day; None plans the coming week (from next Monday).
    pooling : {"fallback", "none"}
        ``"fallback"`` routes each market's fallback-accepting share of a
        channel (profile ``fallback_acceptance``) to the fallback-language
        queue; ``"none"`` serves every contact in its own language.
    fallback_language : str
        The fallback language (CLDR id), ``"en"`` by default.
    pool_markets : bool
        True (default): one queue per language and channel shared by all
        markets; False: a queue per market, language and channel.
    shrinkage : float
        Shrinkage for FTE of work no site can take (gaps), in [0, 1). [0–1]
    name, description : str
        Labels printed with the plan.
    illustrative : bool
        Marks an example whose figures are not from the real world.
    source : str or None
        The file the scenario was read from.

    Examples
    --------
    >>> s = default_scenario()
    >>> [m.name for m in s.markets]
    ['DE', 'AT', 'CH', 'FI', 'SE', 'GB', 'IT', 'ES', 'GR']
    >>> [site.name for site in s.sites], s.illustrative
    (['Kraków', 'Bengaluru'], True)
    """

    markets: tuple[Market, ...] = attrs.field(converter=_conv_markets)
    sites: tuple[Site, ...] = attrs.field(converter=_conv_sites)
    channels: tuple[ChannelSettings, ...] = attrs.field(converter=_conv_channels)
    time_zone: str = attrs.field(default="UTC", converter=_conv_time_zone)
    interval_s: float = attrs.field(default=900.0, converter=_conv_interval_s)
    days: int = attrs.field(default=7, converter=_conv_days)
    start: _dt.date | None = attrs.field(default=None, converter=_conv_optional_date)
    pooling: str = attrs.field(default="fallback", converter=_conv_pooling)
    fallback_language: str = attrs.field(default="en", converter=_conv_fallback)
    pool_markets: bool = attrs.field(default=True)
    shrinkage: float = attrs.field(default=0.3, converter=_conv_shrinkage)
    name: str = attrs.field(default="scenario", converter=_conv_name)
    description: str = attrs.field(default="")
    illustrative: bool = attrs.field(default=False)
    source: str | None = attrs.field(default=None)

    @pool_markets.validator
    def _check_pool_markets(self, attribute: Any, value: Any) -> None:
        if not isinstance(value, bool):
            _fail("pool_markets", "True or False", value)

    @illustrative.validator
    def _check_illustrative(self, attribute: Any, value: Any) -> None:
        if not isinstance(value, bool):
            _fail("illustrative", "True or False", value)

    def channel(self, name: str) -> ChannelSettings | None:
        """The settings of channel ``name``, or None if it is not staffed."""
        return next((c for c in self.channels if c.channel == name), None)

    def plan(self, **options: Any) -> StaffingPlan:
        """:func:`plan` of this scenario."""
        return plan(self, **options)


# --------------------------------------------------------------------------- scenario files


class _Where:
    """File and key of a scenario file being read, for error messages."""

    def __init__(self, file: str) -> None:
        self.file = file

    def error(self, key: str, message: str) -> DataError:
        return DataError(f"{self.file}: key {key!r}: {message}")

    def table(self, key: str, value: Any, allowed: Sequence[str], required: Sequence[str] = ()) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(key, f"must be a table with keys among {', '.join(allowed)}; got {describe(value)}")
        for k in value:
            if k not in allowed:
                hint = difflib.get_close_matches(k, list(allowed), n=1)
                raise self.error(
                    f"{key}.{k}" if key else k,
                    "unknown key" + (f" (did you mean {hint[0]!r}?)" if hint else "")
                    + f"; allowed keys: {', '.join(allowed)}",
                )
        missing = [k for k in required if k not in value]
        if missing:
            raise self.error(key or "(top level)", f"lacks required key(s) {', '.join(missing)}")
        return value


def _wrap(where: _Where, key: str, build: Callable[[], _T]) -> _T:
    try:
        return build()
    except DataError:
        raise
    except CultureServiceError as exc:
        raise where.error(key, str(exc)) from exc


_TOP_KEYS: Final = (
    "format", "version", "name", "description", "illustrative", "time_zone", "interval_minutes", "days",
    "start", "pooling", "fallback_language", "pool_markets", "shrinkage", "channels", "markets", "sites",
)
_CHANNEL_KEYS: Final = (
    "kind", "handle_time_s", "service_level", "target_s", "patience_s", "max_occupancy", "concurrency",
    "concurrency_slowdown", "intraday_shape",
)
_MARKET_KEYS: Final = (
    "country", "issues_per_day", "issues_per_interval", "hours", "subdiv", "holiday_factor", "profile",
    "channels", "intraday_shape",
)
_SITE_KEYS: Final = (
    "name", "country", "subdiv", "time_zone", "hours", "languages", "channels", "shrinkage",
    "extra_holidays", "date_overrides", "holiday_rule",
)
_SERIES_KEYS: Final = ("start", "minutes", "issues")


def _hours_value(where: _Where, key: str, value: Any) -> Any:
    """TOML hours: '24/7', a list of [open, close] pairs, or a table of weekday to pairs."""
    if value == "24/7":
        return value
    if isinstance(value, list):
        return [tuple(p) if isinstance(p, list) else p for p in value]
    if isinstance(value, dict):
        return {d: [tuple(p) if isinstance(p, list) else p for p in v] if isinstance(v, list) else v
                for d, v in value.items()}
    raise where.error(
        key, "must be '24/7', a list of [open, close] pairs such as [['09:00', '17:00']], or a table of weekday "
        f"to such pairs; got {describe(value)}"
    )


def _scenario_from_document(document: dict[str, Any], where: _Where) -> Scenario:
    where.table("", document, _TOP_KEYS, required=("format", "version", "channels", "markets"))
    if document["format"] != _SCENARIO_FORMAT:
        raise where.error("format", f"must be {_SCENARIO_FORMAT!r}; got {describe(document['format'])}")
    if document["version"] != _SCENARIO_VERSION or isinstance(document["version"], bool):
        raise where.error("version", f"must be {_SCENARIO_VERSION}; got {describe(document['version'])}")
    options: dict[str, Any] = {}
    converters: dict[str, Callable[[Any], Any]] = {
        "name": _conv_name, "time_zone": _conv_time_zone, "days": _conv_days, "start": _conv_optional_date,
        "pooling": _conv_pooling, "fallback_language": _conv_fallback, "shrinkage": _conv_shrinkage,
    }
    for key, convert in converters.items():
        if key in document:
            options[key] = _wrap(where, key, functools.partial(convert, document[key]))
    for key in ("illustrative", "pool_markets"):
        if key in document:
            if not isinstance(document[key], bool):
                raise where.error(key, f"must be true or false; got {describe(document[key])}")
            options[key] = document[key]
    if "description" in document:
        if not isinstance(document["description"], str):
            raise where.error("description", f"must be a string; got {describe(document['description'])}")
        options["description"] = document["description"]
    if "interval_minutes" in document:
        minutes = document["interval_minutes"]
        allowed = ", ".join(f"{v // 60:g}" for v in _INTERVALS_S)
        if not _is_real(minutes) or float(minutes) * 60.0 not in _INTERVALS_S:
            raise where.error("interval_minutes", f"must be one of {allowed}; got {describe(minutes)}")
        options["interval_s"] = float(minutes) * 60.0
    channels_doc = where.table("channels", document["channels"], STAFFED_CHANNELS)
    channels = []
    for channel, settings in channels_doc.items():
        key = f"channels.{channel}"
        table = where.table(key, settings, _CHANNEL_KEYS, required=("handle_time_s",))
        channels.append(_wrap(where, key, functools.partial(ChannelSettings, channel=channel, **table)))
    markets_doc = document["markets"]
    if not isinstance(markets_doc, dict) or not markets_doc:
        raise where.error("markets", f"must be a table of market name to market; got {describe(markets_doc)}")
    markets = [_market_from_table(where, f"markets.{name}", name, table) for name, table in markets_doc.items()]
    sites_doc = document.get("sites", {})
    if not isinstance(sites_doc, dict):
        raise where.error("sites", f"must be a table of site id to site; got {describe(sites_doc)}")
    sites = [_site_from_table(where, f"sites.{sid}", sid, table) for sid, table in sites_doc.items()]
    return _wrap(where, "(scenario)", lambda: Scenario(
        markets=markets, sites=sites, channels=channels, source=where.file, **options))


def _market_from_table(where: _Where, key: str, name: str, table: Any) -> Market:
    table = where.table(key, table, _MARKET_KEYS)
    country = table.get("country", name)
    if "country" not in table and not re.fullmatch(r"[A-Z]{2}", name):
        raise where.error(f"{key}.country", f"is required when the market name {name!r} is not a country code")
    if ("issues_per_day" in table) == ("issues_per_interval" in table):
        raise where.error(key, "needs exactly one of issues_per_day and issues_per_interval")
    series = None
    if "issues_per_interval" in table:
        skey = f"{key}.issues_per_interval"
        doc = where.table(skey, table["issues_per_interval"], _SERIES_KEYS, required=_SERIES_KEYS)
        minutes = doc["minutes"]
        if not _is_real(minutes):
            raise where.error(f"{skey}.minutes", f"must be a number of minutes; got {describe(minutes)}")
        series = _wrap(where, skey, lambda: IntervalForecast(
            start_at=doc["start"], interval_s=float(minutes) * 60.0, issues=doc["issues"]))
    hours = _hours_value(where, f"{key}.hours", table["hours"]) if "hours" in table else None
    overrides = table.get("profile", {})
    if not isinstance(overrides, dict):
        raise where.error(f"{key}.profile", f"must be a table of profile fields to override; got {describe(overrides)}")
    shapes = table.get("intraday_shape", {})
    if not isinstance(shapes, dict):
        raise where.error(f"{key}.intraday_shape", f"must be a table of channel to 24 numbers; got {describe(shapes)}")
    options: dict[str, Any] = {}
    if "holiday_factor" in table:
        options["holiday_factor"] = table["holiday_factor"]
    if "channels" in table:
        options["channels"] = table["channels"]
    if shapes:
        options["intraday_shapes"] = shapes
    issues = table.get("issues_per_day")
    if isinstance(issues, dict):
        issues = {k.isoformat() if isinstance(k, _dt.date) else k: v for k, v in issues.items()}
    return _wrap(where, key, lambda: Market.for_country(
        country, issues, name=name, issues_per_interval=series, hours=hours, subdiv=table.get("subdiv"),
        overrides=overrides, **options))


def _site_from_table(where: _Where, key: str, sid: str, table: Any) -> Site:
    table = where.table(key, table, _SITE_KEYS, required=("hours", "languages"))
    hours = _hours_value(where, f"{key}.hours", table["hours"])
    name = table.get("name", sid)
    options = {k: table[k] for k in ("shrinkage", "channels") if k in table}
    if "country" not in table:
        for k in ("subdiv", "extra_holidays", "date_overrides", "holiday_rule"):
            if k in table:
                raise where.error(f"{key}.{k}", "needs the site's country")
        if "time_zone" not in table:
            raise where.error(key, "needs a country (for its holidays) or at least a time_zone")

        def build() -> Site:
            if hours == "24/7":
                cal = BusinessCalendar.always_open(table["time_zone"])
            else:
                week = hours if isinstance(hours, dict) else {"mon-fri": hours}
                cal = BusinessCalendar(time_zone=table["time_zone"], weekly_hours=week)
            return Site(name=name, calendar=cal, languages=table["languages"], **options)

        return _wrap(where, key, build)
    cal_options = {k: table[k] for k in ("extra_holidays", "date_overrides", "holiday_rule") if k in table}
    if "date_overrides" in cal_options:
        raw = cal_options["date_overrides"]
        if not isinstance(raw, dict):
            raise where.error(f"{key}.date_overrides", f"must be a table of date to hours; got {describe(raw)}")
        cal_options["date_overrides"] = {
            k: [tuple(p) if isinstance(p, list) else p for p in v] if isinstance(v, list) else v
            for k, v in raw.items()
        }
    if hours == "24/7":
        hours = {"mon-sun": [("00:00", "24:00")]}
    return _wrap(where, key, lambda: Site.for_country(
        name, table["country"], hours=hours, languages=table["languages"], subdiv=table.get("subdiv"),
        time_zone=table.get("time_zone"), **cal_options, **options))


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario from a TOML file (the schema: *How to write a scenario file*).

    The file is parsed with :mod:`tomllib` (no code runs) and checked key by
    key; markets build on :func:`cultureservice.culture.profile` of their
    country with the file's overrides.

    Parameters
    ----------
    path : str or path-like
        A ``.toml`` file.

    Returns
    -------
    scenario : Scenario

    Raises
    ------
    DataError
        If the file cannot be read or parsed, or a key is unknown, missing or
        has a bad value; the message names the file, the key and what is
        allowed.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> source = pathlib.Path(tempfile.mkdtemp()) / "desk.toml"
    >>> _ = source.write_text('''
    ... format = "cultureservice-scenario"
    ... version = 1
    ... time_zone = "Europe/Berlin"
    ... [channels.phone]
    ... handle_time_s = 300
    ... [markets.DE]
    ... issues_per_day = { mon-fri = 800, sat-sun = 0 }
    ... [sites.berlin]
    ... country = "DE"
    ... hours = [["08:00", "18:00"]]
    ... languages = ["de"]
    ... ''')
    >>> s = load_scenario(source)
    >>> s.markets[0].issues_per_day, s.sites[0].name
    ((800.0, 800.0, 800.0, 800.0, 800.0, 0.0, 0.0), 'berlin')
    >>> _ = source.write_text(source.read_text().replace("handle_time_s = 300", "handle_time_s = -3"))
    >>> load_scenario(source)
    Traceback (most recent call last):
    ...
    cultureservice.errors.DataError: ...desk.toml: key 'channels.phone': handle_time_s must be a number > 0; got -3
    """
    source = Path(path)
    where = _Where(str(source))
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise DataError(f"{source}: cannot be read ({exc.strerror or exc})") from exc
    return _scenario_from_text(raw, where)


def _scenario_from_text(raw: bytes, where: _Where) -> Scenario:
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{where.file}: not valid TOML: {exc}") from exc
    return _scenario_from_document(document, where)


@functools.lru_cache(maxsize=1)
def default_scenario() -> Scenario:
    """The shipped, illustrative scenario: a Kraków centre serving nine European markets.

    A Kraków site (08:00–18:00 on Polish business days, closed on Polish public
    holidays) serves DE, AT, CH, FI, SE, GB, IT, ES and GR in their languages;
    a Bengaluru site covers English and German in the European evening. Every
    volume, handle time and shift in it is made up for illustration (see
    ``data/SOURCES.md``); the culture profiles it starts from are the
    library's own.

    Returns
    -------
    scenario : Scenario
        The same (immutable) object on every call.

    Examples
    --------
    >>> s = default_scenario()
    >>> s.name
    'Kraków shared-services centre (illustrative)'
    >>> [c.channel for c in s.channels]
    ['phone', 'chat', 'email', 'messaging']
    """
    raw = resources.files("cultureservice").joinpath("data", _DEFAULT_FILE).read_bytes()
    return _scenario_from_text(raw, _Where(f"cultureservice/data/{_DEFAULT_FILE}"))


# --------------------------------------------------------------------------- the time grid


@attrs.frozen
class _Grid:
    t0_ns: int  # first interval of the plan (UTC)
    n: int  # intervals in the plan
    dt: int  # interval length [s]
    base: int  # demand step [s]
    margin: int  # intervals of margin before and after the plan
    start_label: str

    @property
    def total(self) -> int:
        return self.n + 2 * self.margin

    @property
    def g0_s(self) -> int:  # first interval of the extended grid, in epoch seconds
        return self.t0_ns // _NS - self.margin * self.dt

    def starts_ns(self, extended: bool = False) -> npt.NDArray[np.int64]:
        if extended:
            return self.g0_s * _NS + np.arange(self.total, dtype=np.int64) * (self.dt * _NS)
        return self.t0_ns + np.arange(self.n, dtype=np.int64) * (self.dt * _NS)


def _coming_monday(zone_name: str) -> _dt.date:
    today = _dt.datetime.now(get_zone("time_zone", zone_name)).date()
    return today + _dt.timedelta(days=(7 - today.weekday()) % 7)


def _local_midnight_ns(zone_name: str, day: _dt.date) -> int:
    wall = (day - _dt.date(1970, 1, 1)).days * _DAY_S
    return int(wall_to_utc_seconds(get_zone("time_zone", zone_name), [wall])[0]) * _NS


def _grid(scenario: Scenario, start: Any, days: Any, interval_s: Any) -> _Grid:
    dt = int(_conv_interval_s(scenario.interval_s if interval_s is None else interval_s))
    n_days = _conv_days(scenario.days if days is None else days)
    if start is None:
        start = scenario.start if scenario.start is not None else _coming_monday(scenario.time_zone)
    if isinstance(start, _dt.date) and not isinstance(start, _dt.datetime) or (
        isinstance(start, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", start.strip())
    ):
        day = _as_date("start", start.strip() if isinstance(start, str) else start)
        t0 = _local_midnight_ns(scenario.time_zone, day)
        t1 = _local_midnight_ns(scenario.time_zone, day + _dt.timedelta(days=n_days))
        label = day.isoformat()
    else:
        try:
            t0 = int(_instant("start", start).view(np.int64))
        except InvalidArgumentError:
            _fail("start", "a date (datetime.date or 'YYYY-MM-DD', read in the scenario's time zone) or an instant "
                  "(aware datetime, ISO string with offset, datetime64 in UTC)", start)
        t1 = t0 + n_days * _DAY_S * _NS
        label = str(np.datetime64(t0, "ns"))
    base = math.gcd(dt, 900)
    if t0 % (base * _NS):
        raise InvalidArgumentError(
            f"start must fall on a multiple of {base // 60} minutes in UTC (the plan's demand step); got {label}"
        )
    span = t1 - t0
    if span % (dt * _NS):
        raise InvalidArgumentError(
            f"interval_s must divide the plan's span of {span / _NS / 3600:g} hours from {label} over {n_days} days "
            f"(a DST change can make local days 23.5 or 24.5 hours long); got {dt}"
        )
    margin = _MARGIN_DAYS * _DAY_S // dt
    return _Grid(t0_ns=t0, n=int(span // (dt * _NS)), dt=dt, base=base, margin=margin, start_label=label)


def _utc_offsets_s(zone_name: str, t0_s: int, n: int, step: int) -> npt.NDArray[np.int64]:
    """UTC offset in seconds at ``t0_s + k * step`` for ``k < n`` (transitions found by bisection)."""
    zone = get_zone("time_zone", zone_name)

    def offset(ts: int) -> int:
        off = _dt.datetime.fromtimestamp(ts, _dt.UTC).astimezone(zone).utcoffset()
        assert off is not None
        return off.days * _DAY_S + off.seconds

    every = max(1, 12 * 3600 // step)  # assumes no zone changes its offset twice within 12 hours
    samples = list(range(0, n, every))
    if samples[-1] != n - 1:
        samples.append(n - 1)
    values = [offset(t0_s + k * step) for k in samples]
    out = np.empty(n, dtype=np.int64)
    for a, b, va, vb in zip(samples, samples[1:], values, values[1:]):
        if va == vb:
            out[a:b] = va
            continue
        lo, hi = a, b  # offset(lo) == va, offset(hi) == vb: find the first k with the new offset
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if offset(t0_s + mid * step) == va:
                lo = mid
            else:
                hi = mid
        out[a:hi] = va
        out[hi:b] = vb
    out[n - 1] = values[-1]
    return out


# --------------------------------------------------------------------------- demand translation


def _market_holidays(market: Market, first: _dt.date, last: _dt.date) -> set[_dt.date]:
    years = range(first.year, last.year + 1)
    return set(market.profile.holidays(years, subdiv=market.subdiv))


def _daily_issues(market: Market, days: npt.NDArray[np.int64], grid: _Grid) -> npt.NDArray[np.float64]:
    """Issues of each local day (days since 1970-01-01, local)."""
    spec = market.issues_per_day
    epoch = _dt.date(1970, 1, 1)
    if isinstance(spec, FrozenMap):
        out = np.array([spec.get(epoch + _dt.timedelta(days=int(d)), 0.0) for d in days], dtype=np.float64)
        return out
    if isinstance(spec, tuple):
        out = np.asarray(spec, dtype=np.float64)[(days + 3) % 7]
    else:
        out = np.full(days.shape[0], float(spec), dtype=np.float64)  # type: ignore[arg-type]
    if market.holiday_factor != 1.0 and days.size:
        first = epoch + _dt.timedelta(days=int(days[0]))
        last = epoch + _dt.timedelta(days=int(days[-1]))
        hol = _market_holidays(market, first, last)
        mask = np.array([(epoch + _dt.timedelta(days=int(d))) in hol for d in days], dtype=bool)
        out = np.where(mask, out * market.holiday_factor, out)
    return out


def _check_dated_forecast(market: Market, days_in_plan: npt.NDArray[np.int64]) -> None:
    spec = market.issues_per_day
    if not isinstance(spec, FrozenMap):
        return
    epoch = _dt.date(1970, 1, 1)
    for d in days_in_plan:
        day = epoch + _dt.timedelta(days=int(d))
        if day not in spec:
            raise InvalidArgumentError(
                f"issues_per_day of market {market.name!r} must give every local date of the plan; "
                f"{day.isoformat()} is missing (dates given: {next(iter(spec)).isoformat()} to "
                f"{next(reversed(list(spec))).isoformat()})"
            )


def _shape_for(market: Market, channel: str, settings: ChannelSettings | None) -> tuple[float, ...]:
    if channel in market.intraday_shapes:
        return market.intraday_shapes[channel]
    if settings is not None and settings.intraday_shape is not None:
        return settings.intraday_shape
    return DEFAULT_INTRADAY_SHAPES[channel]


def _market_demand(market: Market, scenario: Scenario, grid: _Grid) -> npt.NDArray[np.float64]:
    """Contacts per channel of ``CHANNELS`` and extended-grid interval, shape (6, total)."""
    per = grid.dt // grid.base
    k_total = grid.total * per
    t0 = grid.g0_s
    prof = market.profile
    mix = np.array([prof.channel_mix[c] for c in CHANNELS])
    out = np.zeros((len(CHANNELS), grid.total))
    if market.issues_per_interval is not None:
        series = market.issues_per_interval
        s0 = int(series.start_at.view(np.int64)) // _NS
        step = int(series.interval_s)
        if step % grid.base or (s0 - t0) % grid.base:
            raise InvalidArgumentError(
                f"issues_per_interval of market {market.name!r} must be aligned on the plan's {grid.base // 60}-minute "
                f"steps; got start_at {series.start_at} and interval_s {series.interval_s:g}"
            )
        p0, p1 = grid.t0_ns // _NS, grid.t0_ns // _NS + grid.n * grid.dt
        s1 = s0 + step * len(series.issues)
        if s0 > p0 or s1 < p1:
            raise InvalidArgumentError(
                f"issues_per_interval of market {market.name!r} must cover the plan from {np.datetime64(p0, 's')} "
                f"to {np.datetime64(p1, 's')} UTC; it covers {np.datetime64(s0, 's')} to {np.datetime64(s1, 's')}"
            )
        times = t0 + np.arange(k_total, dtype=np.int64) * grid.base
        idx = (times - s0) // step
        inside = (idx >= 0) & (idx < len(series.issues))
        values = np.asarray(series.issues, dtype=np.float64)
        issues = np.where(inside, values[np.clip(idx, 0, len(series.issues) - 1)], 0.0) * (grid.base / step)
        per_interval = issues.reshape(grid.total, per).sum(axis=1)
        return np.asarray((prof.contacts_per_issue * mix)[:, None] * per_interval[None, :], dtype=np.float64)
    zone = prof.primary_time_zone or "UTC"
    if market.calendar is not None:
        zone = market.calendar.time_zone
    offsets = _utc_offsets_s(zone, t0, k_total, grid.base)
    wall = t0 + np.arange(k_total, dtype=np.int64) * grid.base + offsets
    local_day = wall // _DAY_S
    second_of_day = wall - local_day * _DAY_S
    first_day = int(local_day[0])
    rel = local_day - first_day
    n_days = int(rel[-1]) + 1
    days = np.arange(first_day, first_day + n_days, dtype=np.int64)
    plan_lo = grid.margin * per
    plan_days = np.unique(local_day[plan_lo: plan_lo + grid.n * per])
    _check_dated_forecast(market, plan_days)
    issues = _daily_issues(market, days, grid)
    steps_per_day = np.bincount(rel, minlength=n_days)
    for c, channel in enumerate(CHANNELS):
        if mix[c] <= 0.0:
            continue
        shape = np.asarray(_shape_for(market, channel, scenario.channel(channel)), dtype=np.float64)
        bin_s = _DAY_S // shape.shape[0]
        weight = shape[second_of_day // bin_s]
        day_sum = np.bincount(rel, weights=weight, minlength=n_days)
        # a local day cut by the edge of the extended grid is normalised as a 24-hour day
        nominal = shape.sum() * (bin_s / grid.base)
        cut = steps_per_day != (_DAY_S // grid.base)
        cut[1:-1] = False
        day_sum = np.where(cut, nominal, day_sum)
        day_sum = np.where(day_sum > 0.0, day_sum, 1.0)
        contacts = issues[rel] * weight / day_sum[rel]
        out[c] = (prof.contacts_per_issue * mix[c]) * contacts.reshape(grid.total, per).sum(axis=1)
    return out


def _open_share(calendar: BusinessCalendar, grid: _Grid) -> npt.NDArray[np.float64]:
    starts = grid.starts_ns(extended=True)
    open_s = business_seconds(calendar, starts.view("datetime64[ns]"), (starts + grid.dt * _NS).view("datetime64[ns]"))
    return np.asarray(open_s, dtype=np.float64) / grid.dt


# --------------------------------------------------------------------------- routing and staffing


@attrs.frozen
class _Stream:
    market: int
    language: str
    channel: str
    share: float  # of the market-channel contacts
    pooled: float  # share of the stream routed to the fallback queue


@attrs.frozen
class _Params:
    handle_time_s: float
    target_s: float
    service_level: float
    patience_s: float


def _market_params(market: Market, settings: ChannelSettings) -> _Params:
    over = market.channels.get(settings.channel, FrozenMap())
    target = over.get("target_s", settings.target_s)
    if target is None:
        target = float(market.profile.first_response_s[settings.channel])
    return _Params(
        handle_time_s=float(over.get("handle_time_s", settings.handle_time_s)),
        target_s=float(target),
        service_level=float(over.get("service_level", settings.service_level)),
        patience_s=float(over.get("patience_s", settings.patience_s)),
    )


def _streams(scenario: Scenario) -> list[_Stream]:
    fb = scenario.fallback_language
    out = []
    for m, market in enumerate(scenario.markets):
        prof = market.profile
        if not prof.languages:
            raise InvalidArgumentError(
                f"market {market.name!r} has no language in its profile; give languages= in its overrides"
            )
        native_fb = float(prof.languages.get(fb, 0.0))
        for settings in scenario.channels:
            c = settings.channel
            if prof.channel_mix[c] <= 0.0:
                continue
            for language, share in prof.languages.items():
                if share <= 0.0:
                    continue
                pooled = 0.0
                if scenario.pooling == "fallback" and language != fb:
                    accept = float(prof.fallback_acceptance[c])
                    if accept < native_fb - 1e-9:
                        raise InvalidArgumentError(
                            f"fallback_acceptance[{c!r}] of market {market.name!r} must be at least the demand "
                            f"share of the fallback language {fb!r} ({native_fb:g}) it includes; got {accept:g}"
                        )
                    pooled = 0.0 if native_fb >= 1.0 else max(0.0, (accept - native_fb) / (1.0 - native_fb))
                out.append(_Stream(market=m, language=language, channel=c, share=float(share), pooled=pooled))
    return out


def _progress_printer(enabled: bool, total: int) -> Callable[[str], None]:
    done = [0]

    def step(stage: str) -> None:
        if not enabled:
            return
        done[0] += 1
        width = 24
        filled = width * done[0] // total
        sys.stderr.write(f"\rplanning [{'#' * filled}{'.' * (width - filled)}] {stage:<24}")
        if done[0] >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return step


def plan(
    scenario: Scenario,
    *,
    start: Any = None,
    days: int | None = None,
    interval_s: float | None = None,
    progress: bool = False,
) -> StaffingPlan:
    r"""
    Staffing plan of a scenario: agents per language, channel, site and interval [1]_ [2]_.

    Parameters
    ----------
    scenario : Scenario
        Markets, sites, channel settings and options (see :func:`load_scenario`
        and :func:`default_scenario`).
    start : date, str or instant, optional
        First day of the plan, read as local midnight in ``scenario.time_zone``
        (``datetime.date`` or ``"YYYY-MM-DD"``), or an instant (aware
        datetime, ISO string with offset, datetime64 in UTC). Default
        ``scenario.start``, else the coming Monday.
    days : int, optional
        Length of the plan in (local) days, 1 to 3660; default
        ``scenario.days``. [days]
    interval_s : float, optional
        Interval length: 300, 600, 900, 1200, 1800 or 3600; default
        ``scenario.interval_s``. [s]
    progress : bool, optional
        Print a progress bar on standard error.

    Returns
    -------
    StaffingPlan
        Arrays of shape (queue, interval) and per site, the coverage gaps and a
        text summary.

    Raises
    ------
    InvalidArgumentError
        On a bad argument, a dated forecast that misses a plan date, a
        per-interval forecast that does not cover the plan, or a span the
        interval does not divide.
    InfeasibleError
        If a live queue-interval needs more agents than
        :func:`~cultureservice.queueing.required_agents` searches.

    See Also
    --------
    cultureservice.queueing.required_agents : the staffing of each live queue-interval.
    StaffingPlan.simulation_scenario : check a plan by simulation.

    Notes
    -----
    *Demand.* For market :math:`m`, channel :math:`c` and local day :math:`d`
    with :math:`I_{m,d}` issues, the contacts in a demand step :math:`k`
    (15 minutes, or the interval if shorter) of that day are

    .. math:: x_{m,c,k} = I_{m,d}\, \kappa_m\, \mu_{m,c}\, \frac{s_c(h_k)}{\sum_{k' \in d} s_c(h_{k'})}

    with contacts per issue :math:`\kappa_m`, channel share :math:`\mu_{m,c}`
    and intraday shape :math:`s_c` read at the local wall-clock time
    :math:`h_k` (a 23- or 25-hour DST day keeps its whole volume). Language
    :math:`l` takes the share :math:`\lambda_{m,l}`; with fallback pooling the
    share :math:`p = (a_{m,c} - e_m)/(1 - e_m)` of a non-fallback stream goes to
    the fallback queue, where :math:`a_{m,c}` is the fallback acceptance and
    :math:`e_m` the fallback language's own share.

    *Live work.* A queue's arrival rate in an interval is the contacts that
    arrive while their market expects service, over the open part of the
    interval. Markets pooled in one queue are staffed for the strictest
    target and service level among those with contacts in the interval, at
    their contact-weighted handle time and abandonment rate (the rates
    :math:`1/\text{patience}` average). Chat: the Erlang model staffs *slots*
    of handle time ``slot_handle_time_s``; agents are
    :math:`\lceil \text{slots} / \text{concurrency} \rceil`.

    *Deferrable work.* Contacts arriving in interval :math:`i` are due when
    ``target_s`` of the market's service time has passed since the start of
    :math:`i`; their work is spread evenly over the intervals up to the one
    holding the deadline, where the market expects service and a site with
    the language is open (cohorts with no such time are *late* and are spread
    over the next ``target_s`` of such time). Agents are
    :math:`\lceil W / \rho \rceil` for workload :math:`W` in Erlang and
    occupancy :math:`\rho`. Demand is translated from 7 days before the plan
    (the backlog it starts with) to 7 days after it (deadlines beyond).

    *FTE.* ``fte(agents, shrinkage)`` of the assigned site, exactly.

    References
    ----------
    .. [1] G. Koole, "Call Center Optimization," MG Books, Amsterdam, 2013.
    .. [2] N. Gans, G. Koole and A. Mandelbaum, "Telephone call centers:
       Tutorial, review, and research prospects," Manuf. Serv. Oper. Manag.,
       vol. 5, no. 2, pp. 79-141, 2003, doi:10.1287/msom.5.2.79.16071.

    Examples
    --------
    >>> p = plan(default_scenario(), start="2026-06-01", days=7)
    >>> p.n_intervals, p.interval_s, p.sites
    (672, 900.0, ('Kraków', 'Bengaluru'))
    >>> p.queues[:2]
    (('', 'de', 'phone'), ('', 'de', 'chat'))
    >>> gap = next(g for g in p.gaps if g.market == "DE" and g.kind == "uncovered")
    >>> gap.channel, str(gap.start_at), gap.hours    # Corpus Christi: Kraków closed, Germany at work
    ('phone', '2026-06-04T06:00:00.000000000', 9.0)
    """
    if not isinstance(scenario, Scenario):
        _fail("scenario", "a Scenario (see load_scenario and default_scenario)", scenario)
    if not isinstance(progress, bool):
        _fail("progress", "True or False", progress)
    clock = _Clock()
    step = _progress_printer(progress, 7)
    grid = _grid(scenario, start, days, interval_s)
    markets = scenario.markets
    n_m, total, dt = len(markets), grid.total, float(grid.dt)
    lo, hi = grid.margin, grid.margin + grid.n

    # 1. demand per market, channel and interval (extended grid)
    demand = np.stack([_market_demand(m, scenario, grid) for m in markets])  # (M, 6, total)
    clock.lap("demand")
    step("demand")

    # 2. service windows: markets expect service, sites are open
    service = np.stack([_open_share(m.service_calendar, grid) for m in markets]) if n_m else np.zeros((0, total))
    site_open_share = (
        np.stack([_open_share(s.calendar, grid) for s in scenario.sites]) if scenario.sites else np.zeros((0, total))
    )
    site_open = site_open_share >= 1.0 - 1e-12
    clock.lap("calendars")
    step("calendars")

    # 3. streams, queues and routing
    streams = _streams(scenario)
    routing = _route(scenario, streams)
    queue_keys, n_q = routing.queue_keys, len(routing.queue_keys)
    settings_of = {c.channel: c for c in scenario.channels}
    kinds = [settings_of[k[2]].kind for k in queue_keys]
    sites = scenario.sites
    n_s = len(sites)

    # which sites may take each queue, and whether one of them is open (per eligibility pattern)
    patterns: dict[tuple[int, ...], int] = {}
    queue_pattern = np.empty(n_q, dtype=np.int64)
    for q, (_, language, channel) in enumerate(queue_keys):
        pat = tuple(s for s, site in enumerate(sites) if site.serves(language, channel))
        queue_pattern[q] = patterns.setdefault(pat, len(patterns))
    pattern_list = list(patterns)
    covered_pat = np.zeros((len(pattern_list), total), dtype=bool)
    first_site_pat = np.full((len(pattern_list), grid.n), -1, dtype=np.int64)
    for k, pat in enumerate(pattern_list):
        if pat:
            opens = site_open[list(pat)]
            covered_pat[k] = opens.any(axis=0)
            first = np.argmax(opens[:, lo:hi], axis=0)
            first_site_pat[k] = np.where(covered_pat[k, lo:hi], np.asarray(pat)[first], -1)

    channel_col = {c: i for i, c in enumerate(CHANNELS)}
    stream_contacts = np.empty((len(streams), total))
    for s_i, st in enumerate(streams):
        stream_contacts[s_i] = demand[st.market, channel_col[st.channel]] * st.share
    market_contacts = demand[:, :, lo:hi].sum(axis=2)
    del demand

    pairs = routing.pairs
    p_params = [_market_params(markets[streams[pr.stream].market], settings_of[streams[pr.stream].channel])
                for pr in pairs]

    # deferrable pairs: spread each stream's work over its windows (whole stream; scaled by the pair's share later)
    d_pairs = [i for i, pr in enumerate(pairs) if kinds[pr.queue] == "deferrable"]
    d_row = {p: r for r, p in enumerate(d_pairs)}
    n_d = len(d_pairs)
    d_handled = np.empty((n_d, total))
    d_handled_late = np.empty((n_d, total))
    d_late = np.empty((n_d, total))
    d_age = np.empty((n_d, total))
    for r, p in enumerate(d_pairs):
        m_i = streams[pairs[p].stream].market
        window = service[m_i] * covered_pat[queue_pattern[pairs[p].queue]]
        d_handled[r], d_handled_late[r], d_late[r], d_age[r] = defer(
            stream_contacts[pairs[p].stream], service[m_i], window, p_params[p].target_s, dt)
    clock.lap("routing")
    step("routing")

    # 4. per queue: contacts, handled, backlog; staffing inputs of the live queue-intervals
    shape = (n_q, grid.n)
    contacts = np.zeros(shape)
    handled = np.zeros(shape)
    unserved = np.zeros(shape)
    backlog = np.zeros(shape)
    late = np.zeros(shape)
    work = np.zeros(shape)
    agents = np.zeros(shape, dtype=np.int64)
    agents_native = np.zeros(shape, dtype=np.int64)
    service_level = np.ones(shape)
    asa_s = np.zeros(shape)
    abandonment = np.zeros(shape)
    carried_in = np.zeros(n_q)
    live_inputs: list[_LiveInputs] = []
    native_inputs: list[_LiveInputs] = []
    affected = np.zeros(n_q, dtype=bool)
    sl = slice(lo, hi)

    for q in range(n_q):
        members = routing.members[q]
        settings = settings_of[queue_keys[q][2]]
        kind = kinds[q]
        pooled_mix = any(pairs[p].planned != (1.0 if pairs[p].native else 0.0) for p in members)
        affected[q] = pooled_mix and scenario.pooling == "fallback"
        planned = [(p, pairs[p].planned) for p in members if pairs[p].planned > 0.0]
        native = [(p, 1.0) for p in members if pairs[p].native]
        cover = covered_pat[queue_pattern[q], sl]
        for p, w in planned:
            contacts[q] += stream_contacts[pairs[p].stream, sl] * w
        if kind == "deferrable":
            share_of = [service[streams[pairs[p].stream].market, sl] * cover for p, _ in planned]
            parts = [d_handled[d_row[p], sl] * w for p, w in planned]
            for (p, w), h_p in zip(planned, parts):
                r = d_row[p]
                handled[q] += h_p
                late[q] += d_late[r, sl] * w
                waiting = np.cumsum(stream_contacts[pairs[p].stream] - d_handled[r]) * w
                carried_in[q] += waiting[lo - 1]
                backlog[q] += waiting[sl]
            late_h = sum((d_handled_late[d_row[p], sl] * w for p, w in planned), np.zeros(grid.n))
            age = sum((d_age[d_row[p], sl] * w for p, w in planned), np.zeros(grid.n))
            h = handled[q]
            with np.errstate(divide="ignore", invalid="ignore"):
                service_level[q] = np.where(h > 0.0, 1.0 - late_h / h, 1.0)
                asa_s[q] = np.where(h > 0.0, age / h, 0.0)
            agents[q], work[q] = _deferrable_agents(parts, [p_params[p] for p, _ in planned], share_of,
                                                    settings.occupancy, dt, grid.n)
            if affected[q]:
                agents_native[q] = _deferrable_agents(
                    [d_handled[d_row[p], sl] for p, _ in native], [p_params[p] for p, _ in native],
                    [service[streams[pairs[p].stream].market, sl] * cover for p, _ in native],
                    settings.occupancy, dt, grid.n)[0]
        else:
            share_of = [service[streams[pairs[p].stream].market, sl] for p, _ in planned]
            parts = [stream_contacts[pairs[p].stream, sl] * f * w for (p, w), f in zip(planned, share_of)]
            for (p, w), h_p in zip(planned, parts):
                handled[q] += h_p
                unserved[q] += stream_contacts[pairs[p].stream, sl] * w - h_p
            inputs = _live_inputs(q, parts, [p_params[p] for p, _ in planned], share_of, settings, dt)
            live_inputs.append(inputs)
            work[q, inputs.index] = inputs.work
            if affected[q]:
                n_share = [service[streams[pairs[p].stream].market, sl] for p, _ in native]
                n_parts = [stream_contacts[pairs[p].stream, sl] * f for (p, _), f in zip(native, n_share)]
                native_inputs.append(_live_inputs(q, n_parts, [p_params[p] for p, _ in native], n_share, settings, dt))
    backlog[np.abs(backlog) < 1e-9 * np.maximum(1.0, contacts.sum(axis=1, keepdims=True))] = 0.0
    del d_handled, d_handled_late, d_age

    # one required_agents call over every live queue-interval, planned and native-only
    everything = live_inputs + native_inputs
    if everything:
        cat = {f: np.concatenate([getattr(x, f) for x in everything]) for f in _LiveInputs.FIELDS}
        slots = np.asarray(required_agents(
            cat["rate"], cat["handle_time_s"], cat["target_s"], cat["level"], patience_s=cat["patience_s"],
            max_occupancy=cat["occupancy"]), dtype=np.int64).reshape(-1)
        staffed = -(-slots // cat["concurrency"])
        k = sum(x.index.size for x in live_inputs)
        agents[cat["queue"][:k], cat["index"][:k]] = staffed[:k]
        agents_native[cat["queue"][k:], cat["index"][k:]] = staffed[k:]
    clock.lap("staffing")
    step("staffing")

    # expected performance of the live plan (Erlang C or A on slots = agents * concurrency)
    if everything and k:
        planned_slots = staffed[:k] * cat["concurrency"][:k]
        perf = erlang_a(cat["rate"][:k], cat["handle_time_s"][:k], cat["patience_s"][:k], planned_slots,
                        cat["target_s"][:k])
        qi, ii = cat["queue"][:k], cat["index"][:k]
        service_level[qi, ii] = perf.service_level
        asa_s[qi, ii] = perf.asa
        abandonment[qi, ii] = perf.p_abandon
    same = ~affected
    agents_native[same] = agents[same]
    clock.lap("performance")
    step("performance")

    # 5. sites: the first open site that serves the queue; FTE at its shrinkage
    site = np.where(agents > 0, first_site_pat[queue_pattern], -1).astype(np.int16)
    shrink = np.asarray([s.shrinkage for s in sites] + [scenario.shrinkage])
    fte_q = np.asarray(fte(agents, shrink[site]), dtype=np.int64).reshape(shape)
    site_agents = np.zeros((n_s, grid.n), dtype=np.int64)
    if n_s:
        qi, ii = np.nonzero(site >= 0)
        flat = site[qi, ii].astype(np.int64) * grid.n + ii
        site_agents = np.bincount(flat, weights=agents[qi, ii], minlength=n_s * grid.n).reshape(n_s, grid.n)
        site_agents = np.rint(site_agents).astype(np.int64)
    site_fte = np.asarray(fte(site_agents, shrink[:n_s, None]), dtype=np.int64).reshape(site_agents.shape)
    uncovered = (agents > 0) & ~covered_pat[queue_pattern][:, sl]
    gaps = _find_gaps(scenario, streams, routing, grid, service, covered_pat[queue_pattern], stream_contacts,
                      d_late, d_row)
    clock.lap("sites")
    step("sites")

    # per-market and per-stream totals for the summary
    market_issues = np.asarray([market_contacts[m].sum() / markets[m].profile.contacts_per_issue
                                for m in range(n_m)])
    stream_unserved = np.zeros(len(streams))
    stream_late = np.zeros(len(streams))
    for p, pr in enumerate(pairs):
        if pr.planned <= 0.0:
            continue
        st = streams[pr.stream]
        if p in d_row:
            stream_late[pr.stream] += d_late[d_row[p], sl].sum() * pr.planned
        else:
            f = service[st.market, sl]
            stream_unserved[pr.stream] += (stream_contacts[pr.stream, sl] * (1.0 - f)).sum() * pr.planned
    clock.lap("totals")
    step("totals")

    return StaffingPlan(
        scenario=scenario,
        start_at=np.datetime64(grid.t0_ns, "ns"),
        interval_s=dt,
        queues=tuple(queue_keys),
        queue_kinds=tuple(kinds),
        sites=tuple(s.name for s in sites),
        markets=tuple(m.name for m in markets),
        contacts=contacts,
        handled=handled,
        unserved=unserved,
        backlog=backlog,
        carried_in=carried_in,
        late=late,
        workload_erlangs=work / dt,
        agents=agents,
        agents_native_only=agents_native,
        fte=fte_q,
        service_level=service_level,
        asa_s=asa_s,
        abandonment=abandonment,
        site=site,
        uncovered=uncovered,
        site_agents=site_agents,
        site_fte=site_fte,
        site_open=site_open[:, sl],
        market_service=service[:, sl],
        market_contacts=market_contacts,
        market_issues=market_issues,
        streams=tuple((markets[st.market].name, st.language, st.channel, st.pooled) for st in streams),
        stream_contacts=stream_contacts[:, sl].sum(axis=1),
        stream_unserved=stream_unserved,
        stream_late=stream_late,
        gaps=gaps,
        stage_seconds=FrozenMap(clock.laps),
    )


def defer(
    arrivals: npt.ArrayLike,
    service: npt.ArrayLike,
    window: npt.ArrayLike,
    target_s: float,
    interval_s: float,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    r"""
    Spread deferrable work over its response window: when each contact of one stream is answered.

    Contacts arriving in interval :math:`i` (a *cohort*) start their response
    clock at the interval's start; the clock runs only while the market expects
    service. The cohort is due in the first interval :math:`D \ge i` with
    :math:`S_{D+1} - S_i \ge` ``target_s``, where :math:`S` is the cumulative
    service time, and its work is spread evenly over the window time of
    intervals :math:`i..D` (the least constant effort that answers it in
    time). A cohort with no window time before its deadline is *late*: it is
    spread over the first ``target_s`` of window time after the deadline
    instead. Work that finds no window before the last interval stays unhandled.

    Parameters
    ----------
    arrivals : array_like, shape (n,)
        Contacts arriving per interval, >= 0. [contacts]
    service : array_like, shape (n,)
        Share of each interval during which the market expects service. [0–1]
    window : array_like, shape (n,)
        Share of each interval during which the contacts can be worked (service
        expected and a site with the language open), <= ``service``. [0–1]
    target_s : float
        Response target in service time, > 0. [s]
    interval_s : float
        Interval length, > 0. [s]

    Returns
    -------
    handled : ndarray
        Contacts answered per interval. [contacts]
    handled_late : ndarray
        The part of ``handled`` answered after its deadline. [contacts]
    late : ndarray
        Contacts arriving per interval that cannot be answered by their
        deadline. [contacts]
    age_sum : ndarray
        Contacts answered per interval times their age (interval starts
        apart). [contacts s]

    Notes
    -----
    Cohort :math:`i` adds :math:`\rho_i = a_i / W_i` (contacts per window
    second) to each interval of its span, so interval :math:`j` answers
    :math:`w_j \Delta \sum_{i \ni j} \rho_i` contacts: difference arrays and
    binary searches on the cumulative service and window time, O(n log n).
    An exact count of the cohorts active in each interval zeroes the running
    sum between spans.

    Examples
    --------
    >>> h, h_late, late, age = defer([4, 0, 0, 0], [1, 1, 1, 1], [1, 1, 1, 1], 1800.0, 900.0)
    >>> h.tolist(), late.tolist()
    ([2.0, 2.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0])
    >>> h, h_late, late, age = defer([4, 0, 0, 0], [1, 1, 1, 1], [0, 0, 1, 1], 1800.0, 900.0)
    >>> h.tolist(), h_late.tolist(), late.tolist()
    ([0.0, 0.0, 2.0, 2.0], [0.0, 0.0, 2.0, 2.0], [4.0, 0.0, 0.0, 0.0])
    """
    a = np.asarray(arrivals, dtype=np.float64)
    f = np.asarray(service, dtype=np.float64)
    w = np.asarray(window, dtype=np.float64)
    n = a.shape[0]
    cum_s = np.concatenate([[0.0], np.cumsum(f * interval_s)])
    cum_w = np.concatenate([[0.0], np.cumsum(w * interval_s)])
    cohort = np.flatnonzero(a > 0.0)
    v = a[cohort]
    due = np.searchsorted(cum_s, cum_s[cohort] + target_s, side="left") - 1  # n: beyond the last interval
    last = np.minimum(due, n - 1)
    span_w = cum_w[last + 1] - cum_w[cohort]
    on_time = span_w > 0.0
    late = np.zeros(n)
    is_late = ~on_time & (due < n)
    late[cohort[is_late]] = v[is_late]
    # late cohorts: from the first window at or after the cohort, for target_s of window time
    first_window = np.where(w > 0.0, np.arange(n), n)
    first_window = np.minimum.accumulate(first_window[::-1])[::-1]
    lc = cohort[is_late]
    lv = v[is_late]
    k = first_window[lc] if lc.size else np.zeros(0, dtype=np.int64)
    has = k < n
    lc, lv, k = lc[has], lv[has], k[has]
    h = np.clip(np.searchsorted(cum_w, cum_w[k] + target_s, side="left") - 1, k, n - 1)
    spans = (
        (cohort[on_time], last[on_time], v[on_time] / span_w[on_time], cohort[on_time]),
        (k, h, lv / (cum_w[h + 1] - cum_w[k]), lc),
    )
    rates = []
    for lo, hi, rho, born in spans:
        count = np.cumsum(np.bincount(lo, minlength=n + 1) - np.bincount(hi + 1, minlength=n + 1))[:n]
        rate = np.cumsum(np.bincount(lo, rho, n + 1) - np.bincount(hi + 1, rho, n + 1))[:n]
        rate_t = np.cumsum(np.bincount(lo, rho * born, n + 1) - np.bincount(hi + 1, rho * born, n + 1))[:n]
        idle = count == 0
        rate[idle] = 0.0
        rate_t[idle] = 0.0
        rates.append((rate, rate_t))
    (r_on, t_on), (r_late, t_late) = rates
    seconds = w * interval_s
    handled_late = seconds * r_late
    handled = seconds * r_on + handled_late
    age = seconds * ((r_on + r_late) * np.arange(n) - (t_on + t_late)) * interval_s
    return handled, handled_late, late, np.maximum(age, 0.0)


@attrs.frozen
class _Pair:
    stream: int
    queue: int
    planned: float  # share of the stream routed to the queue in the plan
    native: bool  # the stream's own language (the native-only comparison routes it all here)


@attrs.frozen
class _Routing:
    queue_keys: list[tuple[str, str, str]]
    pairs: list[_Pair]
    members: list[list[int]]  # pairs per queue


def _route(scenario: Scenario, streams: list[_Stream]) -> _Routing:
    """Queues (sorted by group, language, channel) and the (stream, queue) pairs feeding them."""
    fb = scenario.fallback_language
    names = [m.name for m in scenario.markets]
    raw: list[tuple[int, tuple[str, str, str], float, bool]] = []
    for s_i, st in enumerate(streams):
        group = "" if scenario.pool_markets else names[st.market]
        raw.append((s_i, (group, st.language, st.channel), 1.0 - st.pooled, True))
        if st.pooled > 0.0:
            raw.append((s_i, (group, fb, st.channel), st.pooled, False))
    order = {"": -1, **{n: i for i, n in enumerate(names)}}
    keys = sorted({r[1] for r in raw}, key=lambda k: (order[k[0]], k[1], STAFFED_CHANNELS.index(k[2])))
    index = {k: i for i, k in enumerate(keys)}
    pairs = [_Pair(stream=s, queue=index[k], planned=w, native=nat) for s, k, w, nat in raw]
    members: list[list[int]] = [[] for _ in keys]
    for p, pr in enumerate(pairs):
        members[pr.queue].append(p)
    return _Routing(queue_keys=keys, pairs=pairs, members=members)


@attrs.frozen
class _LiveInputs:
    """Staffing inputs of one live queue's intervals with contacts (1-D, aligned)."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "queue", "index", "rate", "handle_time_s", "target_s", "level", "patience_s", "occupancy", "concurrency")
    queue: npt.NDArray[np.int64]
    index: npt.NDArray[np.int64]
    rate: npt.NDArray[np.float64]
    handle_time_s: npt.NDArray[np.float64]
    target_s: npt.NDArray[np.float64]
    level: npt.NDArray[np.float64]
    patience_s: npt.NDArray[np.float64]
    occupancy: npt.NDArray[np.float64]
    concurrency: npt.NDArray[np.int64]
    work: npt.NDArray[np.float64]  # handled contacts times (slot) handle time per agent [s]


def _combine(
    parts: list[npt.NDArray[np.float64]], params: list[_Params], shares: list[npt.NDArray[np.float64]]
) -> tuple[Any, ...]:
    """Pool the pairs of one queue: handled, index of intervals with contacts, and the per-interval
    contact-weighted handle time and abandonment rate, strictest target and level, open share."""
    total = parts[0]
    if len(parts) > 1:
        total = total.copy()
        for h in parts[1:]:
            total += h
    idx = np.flatnonzero(total > 0.0)
    h = total[idx]
    if len(parts) == 1 or len(set(params)) == 1:
        par = params[0]
        aht = np.full(idx.size, par.handle_time_s)
        target = np.full(idx.size, par.target_s)
        level = np.full(idx.size, par.service_level)
        patience = np.full(idx.size, par.patience_s)
        if len(parts) == 1:
            open_share = shares[0][idx]
        else:
            open_share = np.zeros(idx.size)
            for part, share in zip(parts, shares):
                np.maximum(open_share, np.where(part[idx] > 0.0, share[idx], 0.0), out=open_share)
        return h, idx, aht, target, level, patience, open_share
    work = np.zeros(idx.size)
    theta = np.zeros(idx.size)
    target = np.full(idx.size, np.inf)
    level = np.zeros(idx.size)
    open_share = np.zeros(idx.size)
    for part, par, share in zip(parts, params, shares):
        hp = part[idx]
        has = hp > 0.0
        work += hp * par.handle_time_s
        if par.patience_s != math.inf:
            theta += hp / par.patience_s
        np.minimum(target, np.where(has, par.target_s, np.inf), out=target)
        np.maximum(level, np.where(has, par.service_level, 0.0), out=level)
        np.maximum(open_share, np.where(has, share[idx], 0.0), out=open_share)
    aht = work / h
    patience = np.where(theta > 0.0, h / np.where(theta > 0.0, theta, 1.0), np.inf)
    return h, idx, aht, target, level, patience, open_share


def _live_inputs(
    q: int,
    parts: list[npt.NDArray[np.float64]],
    params: list[_Params],
    shares: list[npt.NDArray[np.float64]],
    settings: ChannelSettings,
    dt: float,
) -> _LiveInputs:
    if not parts:
        empty = np.zeros(0)
        return _LiveInputs(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), empty, empty, empty, empty,
                           empty, empty, np.zeros(0, dtype=np.int64), empty)
    h, idx, aht, target, level, patience, open_share = _combine(parts, params, shares)
    slot_aht = aht * (settings.slot_handle_time_s / settings.handle_time_s)
    occupancy = 1.0 if settings.occupancy is None else settings.occupancy
    return _LiveInputs(
        queue=np.full(idx.size, q, dtype=np.int64),
        index=idx,
        rate=h / (dt * open_share) * 3600.0,
        handle_time_s=slot_aht,
        target_s=target,
        level=level,
        patience_s=patience,
        occupancy=np.full(idx.size, occupancy),
        concurrency=np.full(idx.size, settings.concurrency, dtype=np.int64),
        work=h * slot_aht / settings.concurrency,
    )


def _deferrable_agents(
    parts: list[npt.NDArray[np.float64]],
    params: list[_Params],
    shares: list[npt.NDArray[np.float64]],
    occupancy: float | None,
    dt: float,
    n: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Agents for deferrable work: workload in the open part of each interval at the occupancy; and the work."""
    agents = np.zeros(n, dtype=np.int64)
    work = np.zeros(n)
    if not parts:
        return agents, work
    h, idx, aht, _, _, _, open_share = _combine(parts, params, shares)
    work[idx] = h * aht
    load = h * aht / (dt * open_share)
    occ = DEFAULT_DEFERRABLE_OCCUPANCY if occupancy is None else occupancy
    agents[idx] = np.ceil(load / occ * (1.0 - 1e-12)).astype(np.int64)
    return agents, work


class _Clock:
    def __init__(self) -> None:
        self.t = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = self.laps.get(name, 0.0) + now - self.t
        self.t = now


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """Half-open index ranges where ``mask`` is True."""
    if not mask.any():
        return []
    padded = np.concatenate([[False], mask, [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[0::2], edges[1::2])]


def _find_gaps(
    scenario: Scenario,
    streams: list[_Stream],
    routing: _Routing,
    grid: _Grid,
    service: npt.NDArray[np.float64],
    covered: npt.NDArray[np.bool_],
    stream_contacts: npt.NDArray[np.float64],
    d_late: npt.NDArray[np.float64],
    d_row: Mapping[int, int],
) -> tuple[Gap, ...]:
    """Uncovered live service per market, language and channel, and late deferrable work."""
    lo, hi = grid.margin, grid.margin + grid.n
    step_ns = grid.dt * _NS
    names = [m.name for m in scenario.markets]

    def at(i: int) -> np.datetime64:
        return np.datetime64(grid.t0_ns + i * step_ns, "ns")

    found: list[Gap] = []
    late_by_key: dict[tuple[str, str, str], npt.NDArray[np.float64]] = {}
    for p, pr in enumerate(routing.pairs):
        st = streams[pr.stream]
        language = routing.queue_keys[pr.queue][1]
        if p in d_row:
            if pr.planned > 0.0:
                key = (names[st.market], language, st.channel)
                values = d_late[d_row[p], lo:hi] * pr.planned
                late_by_key[key] = late_by_key[key] + values if key in late_by_key else values
            continue
        if not pr.native:
            continue
        expects = service[st.market, lo:hi] > 0.0
        mask = expects & ~covered[pr.queue, lo:hi]
        native = stream_contacts[pr.stream, lo:hi] * service[st.market, lo:hi] * pr.planned
        for a, b in _runs(mask):
            found.append(Gap(market=names[st.market], language=st.language, channel=st.channel, kind="uncovered",
                             start_at=at(a), end_at=at(b), contacts=float(native[a:b].sum())))
    for (market, language, channel), values in late_by_key.items():
        for a, b in _runs(values > 0.0):
            found.append(Gap(market=market, language=language, channel=channel, kind="late",
                             start_at=at(a), end_at=at(b), contacts=float(values[a:b].sum())))
    order = {n: i for i, n in enumerate(names)}
    found.sort(key=lambda g: (int(g.start_at.view(np.int64)), order[g.market], g.language,
                              STAFFED_CHANNELS.index(g.channel), g.kind))
    return tuple(found)


# --------------------------------------------------------------------------- the plan


@attrs.frozen(kw_only=True)
class Gap:
    """A stretch of time where a market's contacts cannot be served as promised.

    Attributes
    ----------
    market : str
        The market.
    language : str
        The language of the queue that cannot serve (for ``late`` work with
        fallback pooling, possibly the fallback language).
    channel : str
        The channel.
    kind : {"uncovered", "late"}
        ``uncovered``: the market expects live service (phone, chat) and no
        open site speaks the language; ``late``: deferrable contacts that
        arrive in the stretch cannot be answered within their target.
    start_at, end_at : numpy.datetime64
        The stretch, whole intervals. [UTC]
    contacts : float
        Contacts affected: native-language live contacts arriving in the
        stretch, or late deferrable contacts. [contacts]
    """

    market: str
    language: str
    channel: str
    kind: str
    start_at: np.datetime64
    end_at: np.datetime64
    contacts: float

    @property
    def hours(self) -> float:
        """Length of the stretch. [h]"""
        return float((self.end_at - self.start_at) / np.timedelta64(1, "s")) / 3600.0


_COLUMNS: Final = (
    "start_at", "group", "language", "channel", "kind", "contacts", "handled", "unserved", "backlog", "late",
    "workload_erlangs", "agents", "agents_native_only", "fte", "service_level", "asa_s", "abandonment",
    "site", "uncovered",
)


def _readonly(value: Any) -> Any:
    """A read-only view (the plan's arrays are built for it and not shared)."""
    if isinstance(value, np.ndarray):
        arr = value.view()
        arr.flags.writeable = False
        return arr
    return value


def _local(ns: np.datetime64 | int, zone_name: str) -> _dt.datetime:
    value = ns if isinstance(ns, int) else int(np.asarray(ns).astype("datetime64[ns]").view(np.int64))
    return _dt.datetime.fromtimestamp(value / _NS, _dt.UTC).astimezone(get_zone("time_zone", zone_name))


@attrs.frozen(kw_only=True, eq=False)
class StaffingPlan:
    """A staffing plan: read-only arrays per queue and interval, per site, and the gaps.

    Obtain one from :func:`plan`. A *queue* is ``(group, language, channel)``;
    ``group`` is ``""`` when markets share language queues (the default) and
    the market's name otherwise. Every array of shape (queue, interval) is
    indexed like :attr:`queues` and :attr:`starts_at`.

    Attributes
    ----------
    scenario : Scenario
        The scenario planned.
    start_at : numpy.datetime64
        Start of the first interval. [UTC]
    interval_s : float
        Interval length. [s]
    queues : tuple of (str, str, str)
        ``(group, language, channel)`` per queue.
    queue_kinds : tuple of str
        ``live``, ``chat`` or ``deferrable`` per queue.
    sites, markets : tuple of str
        Names, in scenario order.
    contacts : ndarray (queue, interval)
        Contacts arriving for the queue (after fallback pooling). [contacts]
    handled : ndarray (queue, interval)
        Contacts answered in the interval (live: those arriving while their
        market expects service; deferrable: the work spread to it). [contacts]
    unserved : ndarray (queue, interval)
        Live contacts arriving while their market expects no service. [contacts]
    backlog : ndarray (queue, interval)
        Deferrable contacts waiting at the end of the interval. [contacts]
    carried_in : ndarray (queue,)
        Deferrable contacts waiting at the start of the plan (from the 7 days
        before it). [contacts]
    late : ndarray (queue, interval)
        Deferrable contacts arriving in the interval that cannot be answered
        within their target. [contacts]
    workload_erlangs : ndarray (queue, interval)
        Handled contacts times handle time over the interval; for chat, per
        agent at full concurrency. [Erlang]
    agents : ndarray of int64 (queue, interval)
        Required agents on the floor. [agents]
    agents_native_only : ndarray of int64 (queue, interval)
        Required agents if every contact were served in its own language (no
        fallback pooling); equals ``agents`` without pooling. [agents]
    fte : ndarray of int64 (queue, interval)
        ``fte(agents, shrinkage)`` at the assigned site (the scenario's
        shrinkage where no site is assigned). [agents]
    service_level : ndarray (queue, interval)
        Expected share answered within target: Erlang C/A for live queues
        (abandoned count as failures), the on-time share for deferrable ones. [0–1]
    asa_s : ndarray (queue, interval)
        Expected mean wait (live, Erlang C/A, abandoned included) or mean age
        of answered deferrable contacts at interval resolution. [s]
    abandonment : ndarray (queue, interval)
        Expected share of live contacts abandoning (0 with Erlang C and for
        deferrable work). [0–1]
    site : ndarray of int16 (queue, interval)
        Index into :attr:`sites` of the site staffing the queue-interval, -1
        where no agents are needed or no open site speaks the language.
    uncovered : ndarray of bool (queue, interval)
        Agents needed but no open site serves the queue.
    site_agents, site_fte : ndarray of int64 (site, interval)
        Agents per site and interval, and ``fte`` of them at its shrinkage. [agents]
    site_open : ndarray of bool (site, interval)
        Whether the site is open for the whole interval.
    market_service : ndarray (market, interval)
        Share of the interval during which the market expects service. [0–1]
    market_contacts : ndarray (market, 6)
        Contacts per channel of :data:`cultureservice.culture.CHANNELS`
        arriving in the plan, staffed or not. [contacts]
    market_issues : ndarray (market,)
        Issues whose contacts arrive in the plan. [issues]
    streams : tuple of (str, str, str, float)
        ``(market, language, channel, pooled share)`` per demand stream.
    stream_contacts, stream_unserved, stream_late : ndarray (stream,)
        Totals over the plan per stream. [contacts]
    gaps : tuple of Gap
        Coverage gaps and late work, in time order.
    stage_seconds : mapping of str to float
        Wall time of each stage of :func:`plan`. [s]

    Examples
    --------
    >>> p = plan(default_scenario(), start="2026-06-01", days=1, interval_s=3600)
    >>> p.agents.shape == (len(p.queues), 24), p.agents.flags.writeable
    (True, False)
    """

    scenario: Scenario
    start_at: np.datetime64
    interval_s: float
    queues: tuple[tuple[str, str, str], ...]
    queue_kinds: tuple[str, ...]
    sites: tuple[str, ...]
    markets: tuple[str, ...]
    contacts: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    handled: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    unserved: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    backlog: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    carried_in: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    late: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    workload_erlangs: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    agents: npt.NDArray[np.int64] = attrs.field(converter=_readonly)
    agents_native_only: npt.NDArray[np.int64] = attrs.field(converter=_readonly)
    fte: npt.NDArray[np.int64] = attrs.field(converter=_readonly)
    service_level: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    asa_s: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    abandonment: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    site: npt.NDArray[np.int16] = attrs.field(converter=_readonly)
    uncovered: npt.NDArray[np.bool_] = attrs.field(converter=_readonly)
    site_agents: npt.NDArray[np.int64] = attrs.field(converter=_readonly)
    site_fte: npt.NDArray[np.int64] = attrs.field(converter=_readonly)
    site_open: npt.NDArray[np.bool_] = attrs.field(converter=_readonly)
    market_service: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    market_contacts: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    market_issues: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    streams: tuple[tuple[str, str, str, float], ...]
    stream_contacts: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    stream_unserved: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    stream_late: npt.NDArray[np.float64] = attrs.field(converter=_readonly)
    gaps: tuple[Gap, ...]
    stage_seconds: FrozenMap[str, float]

    @property
    def n_intervals(self) -> int:
        """Number of intervals."""
        return int(self.agents.shape[1])

    @property
    def end_at(self) -> np.datetime64:
        """End of the last interval. [UTC]"""
        return self.start_at + np.timedelta64(int(self.interval_s * self.n_intervals * _NS), "ns")

    @property
    def starts_at(self) -> npt.NDArray[np.datetime64]:
        """Start of each interval. [UTC]"""
        step = np.timedelta64(int(self.interval_s * _NS), "ns")
        return self.start_at + np.arange(self.n_intervals) * step

    @property
    def agent_hours(self) -> npt.NDArray[np.float64]:
        """Agent-hours per queue over the plan. [h]"""
        return np.asarray(self.agents.sum(axis=1) * (self.interval_s / 3600.0), dtype=np.float64)

    def queue_label(self, q: int) -> str:
        """``"de phone"`` or ``"DE de phone"`` for queue ``q``."""
        group, language, channel = self.queues[q]
        return f"{group} {language} {channel}".strip()

    # ------------------------------------------------------------------ tables

    def _column_arrays(self) -> dict[str, Any]:
        n_q, n = self.agents.shape
        sites = np.asarray(list(self.sites) + [""], dtype=object)
        return {
            "start_at": np.tile(self.starts_at, n_q),
            "group": np.repeat(np.asarray([q[0] for q in self.queues], dtype=object), n),
            "language": np.repeat(np.asarray([q[1] for q in self.queues], dtype=object), n),
            "channel": np.repeat(np.asarray([q[2] for q in self.queues], dtype=object), n),
            "kind": np.repeat(np.asarray(self.queue_kinds, dtype=object), n),
            "contacts": self.contacts.ravel(),
            "handled": self.handled.ravel(),
            "unserved": self.unserved.ravel(),
            "backlog": self.backlog.ravel(),
            "late": self.late.ravel(),
            "workload_erlangs": self.workload_erlangs.ravel(),
            "agents": self.agents.ravel(),
            "agents_native_only": self.agents_native_only.ravel(),
            "fte": self.fte.ravel(),
            "service_level": self.service_level.ravel(),
            "asa_s": self.asa_s.ravel(),
            "abandonment": self.abandonment.ravel(),
            "site": sites[self.site.ravel().astype(np.int64)],
            "uncovered": self.uncovered.ravel(),
        }

    def to_pandas(self) -> Any:
        """One row per queue and interval as a :class:`pandas.DataFrame`.

        Columns: ``start_at`` (UTC, tz-aware), ``group``, ``language``,
        ``channel``, ``kind``, ``contacts``, ``handled``, ``unserved``,
        ``backlog``, ``late``, ``workload_erlangs``, ``agents``,
        ``agents_native_only``, ``fte``, ``service_level``, ``asa_s``,
        ``abandonment``, ``site`` (empty where none) and ``uncovered``.

        Raises
        ------
        MissingDependencyError
            If pandas is not installed (``pip install cultureservice[pandas]``).

        Examples
        --------
        >>> p = plan(default_scenario(), start="2026-06-01", days=1, interval_s=3600)
        >>> frame = p.to_pandas()                          # doctest: +SKIP
        >>> len(frame) == len(p.queues) * 24               # doctest: +SKIP
        True
        """
        try:
            import pandas as pd
        except ImportError as exc:
            raise MissingDependencyError(
                "StaffingPlan.to_pandas needs pandas; install it with pip install 'cultureservice[pandas]'"
            ) from exc
        columns = self._column_arrays()
        columns["start_at"] = pd.to_datetime(columns["start_at"]).tz_localize("UTC")
        return pd.DataFrame(columns)

    def to_csv(self, path: str | os.PathLike[str]) -> None:
        """Write one row per queue and interval to a CSV file (columns as :meth:`to_pandas`).

        Instants are ISO 8601 in UTC with a ``Z``; numbers are written in
        full precision. Needs no extra package.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> p = plan(default_scenario(), start="2026-06-01", days=1, interval_s=3600)
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "plan.csv"
        >>> p.to_csv(target)
        >>> target.read_text().splitlines()[0].split(",")[:5]
        ['start_at', 'group', 'language', 'channel', 'kind']
        """
        columns = self._column_arrays()
        stamps = np.datetime_as_string(columns["start_at"].astype("datetime64[s]"), unit="s")
        columns["start_at"] = np.char.add(stamps.astype(str), "Z")
        rows = zip(*(columns[c].tolist() for c in _COLUMNS))
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(_COLUMNS)
            writer.writerows(rows)

    # ------------------------------------------------------------------ simulation

    def simulation_scenario(self, *, first: int = 0, count: int | None = None) -> Any:
        """The plan's queues and agents as a :class:`cultureservice.sim.Scenario`, to check it by simulation.

        Each queue with contacts becomes a ``ContactQueue`` (phone-like,
        chat or deferrable ``email``) with the plan's handled contacts as its
        arrival rate, and an ``AgentGroup`` of its own with the plan's agents
        per interval. Pooled markets use the first market's parameters.

        Parameters
        ----------
        first : int
            First interval. [interval]
        count : int, optional
            Number of intervals; default to the end of the plan. [intervals]

        Returns
        -------
        cultureservice.sim.Scenario

        Examples
        --------
        >>> from cultureservice import sim
        >>> p = plan(default_scenario(), start="2026-06-01", days=1, interval_s=3600)
        >>> s = p.simulation_scenario(first=10, count=2)
        >>> s.n_intervals, s.interval_s
        (2, 3600.0)
        """
        from cultureservice import sim

        n = self.n_intervals
        if isinstance(first, bool) or not isinstance(first, numbers.Integral) or not 0 <= int(first) < n:
            _fail("first", f"an interval index from 0 to {n - 1}", first)
        first = int(first)
        if count is None:
            count = n - first
        if isinstance(count, bool) or not isinstance(count, numbers.Integral) or not 1 <= int(count) <= n - first:
            _fail("count", f"a number of intervals from 1 to {n - first}", count)
        sl = slice(first, first + int(count))
        queues, groups = [], []
        settings_of = {c.channel: c for c in self.scenario.channels}
        markets = {m.name: m for m in self.scenario.markets}
        for q, (group, language, channel) in enumerate(self.queues):
            handled = self.handled[q, sl]
            if not handled.any():
                continue
            st = settings_of[channel]
            owner = markets.get(group) or next(
                markets[s[0]] for s in self.streams if s[2] == channel and (s[1] == language or s[3] > 0.0))
            par = _market_params(owner, st)
            name = self.queue_label(q).replace(" ", "_")
            kind = {"live": "phone", "chat": "chat", "deferrable": "email"}[st.kind]
            queues.append(sim.ContactQueue(
                name=name, arrival_rate_per_hour=(handled * 3600.0 / self.interval_s).tolist(),
                target_s=par.target_s, handle_time_s=par.handle_time_s,
                patience_s=par.patience_s if st.kind != "deferrable" else math.inf,
                channel=kind, concurrency=st.concurrency if st.kind == "chat" else 1,
                concurrency_slowdown=st.concurrency_slowdown if st.kind == "chat" else 0.0,
            ))
            groups.append(sim.AgentGroup(name=f"agents_{name}", skills=[name], agents=self.agents[q, sl].tolist()))
        if not queues:
            raise InvalidArgumentError(
                f"the plan has no contacts in intervals {first} to {first + int(count) - 1}; pick busier intervals"
            )
        return sim.Scenario(queues=queues, groups=groups, interval_s=self.interval_s)

    # ------------------------------------------------------------------ summary

    def summary(self, *, max_gaps: int = 30) -> str:
        """The plan as text: per market, language, channel and site, then the gaps.

        Parameters
        ----------
        max_gaps : int
            Print at most this many gap lines (the rest are counted).

        Examples
        --------
        >>> p = plan(default_scenario(), start="2026-06-01", days=7)
        >>> text = p.summary()
        >>> print(text.splitlines()[0])
        Kraków shared-services centre (illustrative)
        >>> "Coverage gaps" in text and "Sites" in text
        True
        """
        return _summary(self, max_gaps)

    def __str__(self) -> str:
        return self.summary()


# --------------------------------------------------------------------------- text


def _fmt(x: float) -> str:
    return f"{x:,.0f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  " + "  ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right)).rstrip()

    return [line(header), *(line(r) for r in rows)]


def _span_text(start: np.datetime64, end: np.datetime64, zone: str) -> str:
    a = _local(start, zone)
    b = _local(end, zone)
    if a.date() == b.date() or (b - a <= _dt.timedelta(days=1) and b.time() == _dt.time(0)):
        end_text = "24:00" if b.time() == _dt.time(0) and b.date() != a.date() else b.strftime("%H:%M")
        return f"{a:%a %Y-%m-%d %H:%M}–{end_text}"
    return f"{a:%a %Y-%m-%d %H:%M} – {b:%a %Y-%m-%d %H:%M}"


def _summary(p: StaffingPlan, max_gaps: int) -> str:
    sc = p.scenario
    zone = sc.time_zone
    hours = p.interval_s / 3600.0
    lines = [sc.name]
    if sc.illustrative:
        lines.append("Illustrative scenario: its volumes, handle times and shifts are made up, not real-world figures.")
    a, b = _local(p.start_at, zone), _local(p.end_at, zone)
    lines.append(
        f"Plan {a:%a %Y-%m-%d %H:%M} to {b:%a %Y-%m-%d %H:%M} {zone}: {p.n_intervals} intervals of "
        f"{p.interval_s / 60:g} min; {len(p.markets)} markets, {len(p.queues)} queues, {len(p.sites)} sites; "
        + (f"fallback pooling to {sc.fallback_language!r}" if sc.pooling == "fallback" else "no fallback pooling")
    )
    lines.append("")

    # markets
    staffed = {c.channel for c in sc.channels}
    col = {c: i for i, c in enumerate(CHANNELS)}
    rows = []
    for m_i, name in enumerate(p.markets):
        market = sc.markets[m_i]
        total = p.market_contacts[m_i].sum()
        staffed_n = sum(p.market_contacts[m_i, col[c]] for c in staffed)
        unserved = sum(p.stream_unserved[s] for s, st in enumerate(p.streams) if st[0] == name)
        late = sum(p.stream_late[s] for s, st in enumerate(p.streams) if st[0] == name)
        gap_h = _gap_hours(p, name)
        langs = ", ".join(f"{k} {v:.0%}" for k, v in market.profile.languages.items())
        default = market.calendar is None or market.calendar == _profile_calendar(market.profile, market.subdiv)
        rows.append([name, market.profile.support_hours if default else "own", _fmt(p.market_issues[m_i]), _fmt(total), _fmt(staffed_n),
                     _fmt(unserved), _fmt(late), f"{gap_h:,.1f}", langs])
    lines.append("Markets (contacts arriving in the plan; unserved: live contacts outside expected hours; "
                 "gap h: hours with live service expected and no open site in one of its languages)")
    lines += _table(
        ["market", "hours", "issues", "contacts", "staffed", "unserved", "late", "gap h", "languages"],
        rows, [False, False, True, True, True, True, True, True, False],
    )
    not_staffed = [c for c in CHANNELS if c not in staffed and p.market_contacts[:, col[c]].sum() > 0]
    if not_staffed:
        lines.append(
            "  not staffed: " + ", ".join(f"{c} {_fmt(p.market_contacts[:, col[c]].sum())}" for c in not_staffed)
            + " contacts (counted in contacts, not in staffed)"
        )
    lines.append("")

    # languages
    rows = []
    languages = sorted({q[1] for q in p.queues})
    for language in languages:
        idx = [q for q, key in enumerate(p.queues) if key[1] == language]
        peak = int(p.agents[idx].sum(axis=0).max())
        peak_native = int(p.agents_native_only[idx].sum(axis=0).max())
        rows.append([language, str(len(idx)), _fmt(p.contacts[idx].sum()), f"{p.agents[idx].sum() * hours:,.1f}",
                     str(peak), str(peak_native)])
    lines.append("Languages (agents on the floor; native only = every contact served in its own language)")
    lines += _table(["language", "queues", "contacts", "agent-hours", "peak agents", "native-only peak"], rows,
                    [False, True, True, True, True, True])
    lines.append("")

    # channels
    rows = []
    for settings in sc.channels:
        idx = [q for q, key in enumerate(p.queues) if key[2] == settings.channel]
        if not idx:
            continue
        h = p.handled[idx]
        weight = h.sum()
        sl = float((p.service_level[idx] * h).sum() / weight) if weight > 0 else float("nan")
        asa = float((p.asa_s[idx] * h).sum() / weight) if weight > 0 else float("nan")
        ab = float((p.abandonment[idx] * h).sum() / weight) if weight > 0 else float("nan")
        if settings.kind == "live":
            model = "Erlang C" if settings.patience_s == math.inf else "Erlang A"
        elif settings.kind == "chat":
            model = f"chat x{settings.concurrency}, " + ("Erlang C" if settings.patience_s == math.inf else "Erlang A")
        else:
            model = f"deferred, occupancy {settings.occupancy:.0%}"
        rows.append([settings.channel, model, _fmt(p.contacts[idx].sum()), _fmt(weight),
                     f"{p.agents[idx].sum() * hours:,.1f}", f"{sl:.1%}", _duration(asa), f"{ab:.1%}"])
    lines.append("Channels (weighted by handled contacts; wait: in queue for live work, arrival to answer "
                 "for deferred work; service level: within target, for deferred work on time)")
    lines += _table(["channel", "model", "contacts", "handled", "agent-hours", "service level", "wait", "abandon"],
                    rows, [False, False, True, True, True, True, True, True])
    lines.append("")

    # sites
    rows = []
    for s_i, site in enumerate(sc.sites):
        agent_h = p.site_agents[s_i].sum() * hours
        rows.append([site.name, site.calendar.time_zone, f"{p.site_open[s_i].sum() * hours:,.1f}",
                     f"{agent_h:,.1f}", str(int(p.site_agents[s_i].max(initial=0))),
                     str(int(p.site_fte[s_i].max(initial=0))), f"{agent_h / (1.0 - site.shrinkage):,.1f}",
                     ", ".join(site.languages)])
    uncovered_h = float(np.where(p.site < 0, p.agents, 0).sum() * hours)
    lines.append("Sites (FTE = agents / (1 - shrinkage), rounded up; paid hours = agent-hours / (1 - shrinkage))")
    lines += _table(["site", "time zone", "open h", "agent-hours", "peak agents", "peak FTE", "paid hours",
                     "languages"], rows, [False, False, True, True, True, True, True, False])
    if uncovered_h > 0:
        lines.append(f"  no open site: {uncovered_h:,.1f} agent-hours needed where no open site speaks the language")
    lines.append("")

    # gaps
    uncovered = [g for g in p.gaps if g.kind == "uncovered"]
    merged: dict[tuple[str, str, str, str], list[Gap]] = {}
    for g in uncovered:
        merged.setdefault((g.market, g.language, str(g.start_at), str(g.end_at)), []).append(g)
    lines.append(f"Coverage gaps: a market expects service and no open site speaks its language ({len(merged)})")
    if not merged:
        lines.append("  none")
    market_zone = {m.name: m.service_calendar.time_zone for m in sc.markets}
    for i, ((name, language, _, _), group) in enumerate(merged.items()):
        if i >= max_gaps:
            lines.append(f"  ... and {len(merged) - max_gaps} more")
            break
        g = group[0]
        channels = "+".join(x.channel for x in group)
        contacts = sum(x.contacts for x in group)
        local_zone = market_zone[name]
        here = "" if local_zone == zone else f" ({_clock_span(g.start_at, g.end_at, zone)} {zone})"
        lines.append(
            f"  {name} {language:<4} {channels:<11} {_span_text(g.start_at, g.end_at, local_zone)} {local_zone}"
            f"{here}; {contacts:,.0f} contacts"
        )
    late = [g for g in p.gaps if g.kind == "late"]
    if late:
        by_queue: dict[tuple[str, str, str], list[Gap]] = {}
        for g in late:
            by_queue.setdefault((g.market, g.language, g.channel), []).append(g)
        lines.append("")
        lines.append("Late work: deferrable contacts that no open site can answer within their target "
                     f"({sum(g.contacts for g in late):,.0f} contacts)")
        for i, ((name, language, channel), group) in enumerate(by_queue.items()):
            if i >= max_gaps:
                lines.append(f"  ... and {len(by_queue) - max_gaps} more")
                break
            first = group[0]
            more = f" and {len(group) - 1} more stretch{'es' if len(group) > 2 else ''}" if len(group) > 1 else ""
            lines.append(
                f"  {name} {language:<4} {channel:<11} {sum(g.contacts for g in group):,.1f} contacts, arriving "
                f"{_span_text(first.start_at, first.end_at, zone)} {zone}{more}"
            )
    return "\n".join(lines)


def _gap_hours(p: StaffingPlan, market: str) -> float:
    """Hours in which some live channel of the market is uncovered in some language."""
    mask = np.zeros(p.n_intervals, dtype=bool)
    step = np.timedelta64(int(p.interval_s * _NS), "ns")
    for g in p.gaps:
        if g.market == market and g.kind == "uncovered":
            a = int((g.start_at - p.start_at) // step)
            mask[a: a + int((g.end_at - g.start_at) // step)] = True
    return float(mask.sum() * p.interval_s / 3600.0)


def _clock_span(start: np.datetime64, end: np.datetime64, zone: str) -> str:
    a, b = _local(start, zone), _local(end, zone)
    if a.date() == b.date() or (b - a <= _dt.timedelta(days=1) and b.time() == _dt.time(0)):
        return f"{a:%H:%M}–{'24:00' if b.date() != a.date() else f'{b:%H:%M}'}"
    return f"{a:%a %H:%M}–{b:%a %H:%M}"


def _duration(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "-"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"
