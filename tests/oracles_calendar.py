"""Slow, obvious reference code for business calendars.

Imports nothing from cultureservice. A schedule is plain data:

``{"time_zone": "Europe/Berlin",
   "weekly": {0: [("09:00", "17:00")], ...},      # 0 = Monday, missing = closed
   "holidays": {date, ...},
   "overrides": {date: [("09:00", "12:00")], ...},
   "rule": "day" | "shift"}``

The oracle answers "is it open at this UTC instant?" by reading the wall clock
of the zone: the instant's local date must not be a holiday (rule "day"), and
some shift of the last few local dates (today, yesterday, ...) must contain the
instant. A shift's ends are turned into instants by its own search for the
"compatible" rule: every UTC offset the zone uses within 30 hours is tried;
among the instants that read as the wall time the earliest wins, and a wall
time that no instant reads (a gap) is read with the offset in force before
the gap. Durations come from stepping through instants on a grid.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc


def wall_seconds(text: str) -> int:
    hours, minutes, *rest = (int(p) for p in text.split(":"))
    return hours * 3600 + minutes * 60 + (rest[0] if rest else 0)


@functools.lru_cache(maxsize=None)
def compatible_instant(zone_name: str, naive: datetime) -> datetime:
    """The UTC instant of a local wall time: earliest match, or pushed forward through a gap."""
    zone = ZoneInfo(zone_name)
    as_if_utc = naive.replace(tzinfo=UTC)
    offsets = set()
    for hour in range(-30, 31):
        offsets.add((as_if_utc + timedelta(hours=hour)).astimezone(zone).utcoffset())
    matches = []
    for offset in offsets:
        candidate = as_if_utc - offset
        if candidate.astimezone(zone).replace(tzinfo=None) == naive:
            matches.append(candidate)
    if matches:
        return min(matches)
    # A gap: the offset in force just before the jump, found at the earliest candidate.
    before = (as_if_utc - max(offsets)).astimezone(zone).utcoffset()
    return as_if_utc - before


def shifts_of(schedule: dict, day: date) -> list[tuple[datetime, datetime]]:
    """The shifts owned by a local date, as UTC instants (overnight when close <= open)."""
    if schedule["rule"] == "shift" and day in schedule["holidays"] and day not in schedule["overrides"]:
        return []
    if day in schedule["overrides"]:
        hours = schedule["overrides"][day]
    else:
        hours = schedule["weekly"].get(day.weekday(), [])
    midnight = datetime(day.year, day.month, day.day)
    out = []
    for opening, closing in hours:
        o = wall_seconds(opening)
        c = wall_seconds(closing)
        if c <= o:
            c += 86400
        out.append(
            (
                compatible_instant(schedule["time_zone"], midnight + timedelta(seconds=o)),
                compatible_instant(schedule["time_zone"], midnight + timedelta(seconds=c)),
            )
        )
    return out


def is_open(schedule: dict, instant: datetime) -> bool:
    """Whether the desk is open at an aware instant."""
    local_day = instant.astimezone(ZoneInfo(schedule["time_zone"])).date()
    if schedule["rule"] == "day" and local_day in schedule["holidays"] and local_day not in schedule["overrides"]:
        return False
    for back in range(-1, 3):  # tomorrow (a gap can push a shift back into today) .. two days ago
        for opening, closing in shifts_of(schedule, local_day - timedelta(days=back)):
            if opening <= instant < closing:
                return True
    return False


def open_grid(schedule: dict, start: datetime, stop: datetime, step_s: int) -> list[bool]:
    """is_open at start, start + step, ... (before stop)."""
    out = []
    t = start
    step = timedelta(seconds=step_s)
    while t < stop:
        out.append(is_open(schedule, t))
        t += step
    return out


def business_days_seconds(first: date, stop: date, holidays: set, seconds_per_day: int, weekdays=range(5)) -> int:
    """Open seconds of a day-shift desk (no shift crosses midnight or a DST change) in [first, stop)."""
    total = 0
    day = first
    while day < stop:
        if day.weekday() in weekdays and day not in holidays:
            total += seconds_per_day
        day += timedelta(days=1)
    return total


def zone_transitions(zone_name: str, first_year: int, last_year: int) -> list[datetime]:
    """UTC instants (to the hour) at which the zone's offset changes, by hourly scan."""
    zone = ZoneInfo(zone_name)
    t = datetime(first_year, 1, 1, tzinfo=UTC)
    stop = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    previous = t.astimezone(zone).utcoffset()
    found = []
    while t < stop:
        t += timedelta(hours=1)
        offset = t.astimezone(zone).utcoffset()
        if offset != previous:
            found.append(t)
            previous = offset
    return found
