"""Slow, obvious reference code for the planner's tests. Imports nothing from cultureservice.

* :func:`minute_walk_contacts`: contacts per UTC interval of one market and
  channel, walking every minute in the market's local time (zoneinfo) and
  normalising each local day by the weight of all its minutes.
* :func:`defer_reference`: the documented spreading rule of deferrable work,
  cohort by cohort, with plain loops (O(n^2)).
* :func:`expects_service`: whether a business-hours market expects service at
  an instant, from the wall clock and the ``holidays`` package.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Mapping, Sequence

UTC = dt.UTC


def _local_day_bounds(day: dt.date, zone: zoneinfo.ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)
    nxt = day + dt.timedelta(days=1)
    end = dt.datetime(nxt.year, nxt.month, nxt.day, tzinfo=zone).astimezone(UTC)
    return start, end


def minute_walk_contacts(
    *,
    issues_of_day: Callable[[dt.date], float],
    contacts_per_issue: float,
    channel_share: float,
    shape: Sequence[float],
    time_zone: str,
    start: dt.datetime,
    end: dt.datetime,
    interval_s: int,
) -> list[float]:
    """Contacts per interval in ``[start, end)`` (aware UTC datetimes)."""
    zone = zoneinfo.ZoneInfo(time_zone)
    bin_minutes = 1440 // len(shape)
    day_weight: dict[dt.date, float] = {}

    def weight_at(t: dt.datetime) -> tuple[dt.date, float]:
        local = t.astimezone(zone)
        return local.date(), shape[(local.hour * 60 + local.minute) // bin_minutes]

    def total_of(day: dt.date) -> float:
        if day not in day_weight:
            a, b = _local_day_bounds(day, zone)
            total = 0.0
            t = a
            while t < b:
                total += weight_at(t)[1]
                t += dt.timedelta(minutes=1)
            day_weight[day] = total
        return day_weight[day]

    n = int((end - start).total_seconds()) // interval_s
    out = [0.0] * n
    t = start
    i = 0
    while t < end:
        day, w = weight_at(t)
        if w:
            out[i // (interval_s // 60)] += issues_of_day(day) * contacts_per_issue * channel_share * w / total_of(day)
        t += dt.timedelta(minutes=1)
        i += 1
    return out


def defer_reference(
    arrivals: Sequence[float], service: Sequence[float], window: Sequence[float], target_s: float, dt_s: float
) -> tuple[list[float], list[float], list[float], list[float]]:
    """handled, handled_late, late, age_sum per interval, by the documented rule, cohort by cohort."""
    n = len(arrivals)
    s_cum = [0.0]
    w_cum = [0.0]
    for j in range(n):
        s_cum.append(s_cum[-1] + service[j] * dt_s)
        w_cum.append(w_cum[-1] + window[j] * dt_s)
    handled = [0.0] * n
    handled_late = [0.0] * n
    late = [0.0] * n
    age = [0.0] * n

    def spread(v: float, i: int, a: int, b: int, is_late: bool) -> None:
        total = w_cum[b + 1] - w_cum[a]
        for j in range(a, b + 1):
            x = v * window[j] * dt_s / total
            handled[j] += x
            age[j] += x * (j - i) * dt_s
            if is_late:
                handled_late[j] += x

    for i in range(n):
        v = arrivals[i]
        if v <= 0:
            continue
        deadline = next((d for d in range(i, n) if s_cum[d + 1] - s_cum[i] >= target_s), None)
        last = deadline if deadline is not None else n - 1
        if w_cum[last + 1] - w_cum[i] > 0:
            spread(v, i, i, last, False)
            continue
        if deadline is None:
            continue
        late[i] = v
        k = next((j for j in range(i, n) if window[j] > 0), None)
        if k is None:
            continue
        h = next((j for j in range(k, n) if w_cum[j + 1] - w_cum[k] >= target_s), n - 1)
        spread(v, i, k, h, True)
    return handled, handled_late, late, age


def expects_service(
    at: dt.datetime, *, time_zone: str, opening: int, closing: int, holidays: Mapping[dt.date, str]
) -> bool:
    """A Monday-to-Friday market open from ``opening`` to ``closing`` o'clock, closed on ``holidays``."""
    local = at.astimezone(zoneinfo.ZoneInfo(time_zone))
    return local.weekday() < 5 and local.date() not in holidays and opening <= local.hour < closing
