"""Hypothesis strategies for business calendars: schedules, zones, windows."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

from oracles_calendar import zone_transitions

UTC = timezone.utc

#: Zones the issue asks for, each with a reason to be here.
ZONES = (
    "Europe/Berlin",  # DST at 02:00/03:00 local
    "America/New_York",  # DST at 02:00 local, other dates
    "Australia/Lord_Howe",  # 30-minute DST, southern hemisphere
    "Asia/Kolkata",  # +05:30, no DST
    "Asia/Kathmandu",  # +05:45
    "America/St_Johns",  # -03:30 with DST
    "Pacific/Apia",  # skipped 30 December 2011
    "Africa/Casablanca",  # DST suspended during Ramadan
    "Asia/Riyadh",  # Fri-Sat weekend, no DST
)


@functools.lru_cache(maxsize=None)
def anchors(zone: str) -> tuple[datetime, ...]:
    """Offset changes of the zone in 2025-2026 (and Apia's skipped day), else mid-year dates."""
    found = zone_transitions(zone, 2025, 2026)
    if zone == "Pacific/Apia":
        found += zone_transitions(zone, 2011, 2011)
    if not found:
        found = [datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 12, 31, 12, tzinfo=UTC)]
    return tuple(found)


def _fmt(units: int, unit_s: int) -> str:
    seconds = units * unit_s
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


@st.composite
def day_hours(draw: st.DrawFn, unit_s: int = 15 * 60, first_unit: int = 0, last_unit: int | None = None) -> list:
    """0-2 non-overlapping (open, close) pairs of one day; overnight and 24:00 closes included."""
    slots = 86400 // unit_s
    top = slots if last_unit is None else last_unit
    count = draw(st.integers(0, 2))
    if count == 0:
        return []
    if count == 1:
        o = draw(st.integers(first_unit, min(top, slots) - 1))
        if draw(st.booleans()):
            c = draw(st.integers(o + 1, slots))
        else:
            c = draw(st.integers(0, o))  # close <= open: overnight (24 h when equal)
        return [(_fmt(o, unit_s), _fmt(c, unit_s))]
    points = sorted(draw(st.sets(st.integers(first_unit, min(top, slots)), min_size=4, max_size=4)))
    p1, p2, p3, p4 = points
    if draw(st.booleans()):
        second = (_fmt(p3, unit_s), _fmt(draw(st.integers(0, p1)), unit_s))  # overnight second shift
    else:
        second = (_fmt(p3, unit_s), _fmt(p4, unit_s))
    return [(_fmt(p1, unit_s), _fmt(p2, unit_s)), second]


@st.composite
def schedules(draw: st.DrawFn, unit_s: int = 15 * 60, window_hours: tuple[int, int] = (12, 72)) -> dict:
    """A schedule (see oracles_calendar) plus a UTC window [start, stop) near a DST change."""
    zone = draw(st.sampled_from(ZONES))
    weekly = {d: draw(day_hours(unit_s)) for d in range(7)}
    if not any(weekly.values()):
        weekly[draw(st.integers(0, 6))] = [("09:00", "17:00")]
    anchor = draw(st.sampled_from(anchors(zone)))
    start = anchor.replace(minute=0, second=0) - timedelta(hours=draw(st.integers(0, 36)))
    stop = start + timedelta(hours=draw(st.integers(*window_hours)))
    first_day = (start - timedelta(days=2)).date()
    span = (stop - start).days + 4
    near = st.integers(0, span).map(lambda k: first_day + timedelta(days=k))
    holidays = draw(st.sets(near, max_size=3))
    overrides = draw(st.dictionaries(near, day_hours(unit_s), max_size=2))
    rule = draw(st.sampled_from(["day", "shift"]))
    return {
        "time_zone": zone,
        "weekly": weekly,
        "holidays": holidays,
        "overrides": overrides,
        "rule": rule,
        "start": start,
        "stop": stop,
    }
