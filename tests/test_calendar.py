"""Tests of cultureservice.calendar against a minute-by-minute wall-clock oracle."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
import holidays as holidays_package
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import oracles_calendar as oracle
from cultureservice import CultureServiceError, InvalidArgumentError, UnknownCodeError
from cultureservice._kernels import timeline as tk
from cultureservice.calendar import (
    BusinessCalendar,
    HolidaySource,
    add_business_seconds,
    business_seconds,
    business_seconds_segments,
    is_open,
    next_close,
    next_open,
    open_intervals,
)
from strategies_calendar import ZONES, day_hours, schedules

UTC = timezone.utc
H = 3600.0


def utc64(t: datetime) -> np.datetime64:
    return np.datetime64(t.astimezone(UTC).replace(tzinfo=None), "ns")


def local(zone: str, *args: int) -> datetime:
    """An aware local datetime (fold=0: the earlier of an ambiguous time)."""
    return datetime(*args, tzinfo=ZoneInfo(zone))


def calendar_of(schedule: dict) -> BusinessCalendar:
    return BusinessCalendar(
        time_zone=schedule["time_zone"],
        weekly_hours={oracle_day: hours for oracle_day, hours in schedule["weekly"].items()},
        holidays=schedule["holidays"],
        date_overrides=schedule["overrides"],
        holiday_rule=schedule["rule"],
    )


def grid_instants(start: datetime, count: int, step_s: int) -> np.ndarray:
    return utc64(start) + np.arange(count, dtype=np.int64) * np.timedelta64(step_s, "s")


# ---------------------------------------------------------------------------
# The oracle: step through UTC instants and ask the wall clock
# ---------------------------------------------------------------------------


def check_against_grid(schedule: dict, step_s: int, data: st.DataObject) -> None:
    cal = calendar_of(schedule)
    grid = oracle.open_grid(schedule, schedule["start"], schedule["stop"], step_s)
    n = len(grid)
    instants = grid_instants(schedule["start"], n + 1, step_s)
    prefix = np.concatenate([[0], np.cumsum(grid)]).astype(np.int64) * step_s  # open seconds up to index

    np.testing.assert_array_equal(is_open(cal, instants[:n]), np.array(grid))

    pairs = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), min_size=1, max_size=40))
    i = np.array([p[0] for p in pairs])
    j = np.array([p[1] for p in pairs])
    got = business_seconds(cal, instants[i], instants[j])
    np.testing.assert_array_equal(got, (prefix[j] - prefix[i]).astype(float))

    for a, b in pairs:
        amount = int(prefix[b] - prefix[a])
        if amount > 0:
            # C6: earliest instant with that much open time after a.
            x = int(np.flatnonzero(prefix == prefix[a] + amount)[0])
            assert add_business_seconds(cal, instants[a], amount) == instants[x]
        if amount < 0:
            x = int(np.flatnonzero(prefix == prefix[a] + amount)[0])
            if x > 0:
                assert add_business_seconds(cal, instants[a], amount) == instants[x]
        if amount == 0:
            assert add_business_seconds(cal, instants[a], 0) == instants[a]

    opened = np.flatnonzero(grid)
    for a in data.draw(st.lists(st.integers(0, n - 1), max_size=10)):
        later = opened[opened >= a]
        if later.size:
            assert next_open(cal, instants[a]) == instants[later[0]]
            start = a if grid[a] else later[0]
            closed_after = [k for k in range(start + 1, n) if not grid[k]]
            if closed_after:
                assert next_close(cal, instants[a]) == instants[closed_after[0]]


@given(schedule=schedules(), data=st.data())
def test_matches_minute_by_minute_oracle(schedule, data):
    check_against_grid(schedule, 60, data)


@settings(max_examples=15)
@given(data=st.data())
def test_matches_second_by_second_oracle_near_dst(data):
    """Schedules with seconds, early in the morning where the clocks change."""
    schedule = data.draw(schedules(unit_s=1, window_hours=(1, 2)))
    for d in range(7):  # concentrate the hours around 00:00-04:00 local
        schedule["weekly"][d] = data.draw(day_hours(unit_s=613))
    if not any(schedule["weekly"].values()):
        schedule["weekly"][0] = [("01:00:07", "03:30:59")]
    check_against_grid(schedule, 1, data)


# ---------------------------------------------------------------------------
# Properties over long spans
# ---------------------------------------------------------------------------

SPAN_START = np.datetime64("2024-01-01T00:00:00", "s")
SPAN_S = 4 * 365 * 86400


@st.composite
def real_calendars(draw):
    zone = draw(st.sampled_from(ZONES))
    weekly = {d: draw(day_hours()) for d in range(7)}
    if not any(weekly.values()):
        weekly[0] = [("09:00", "17:00")]
    country = {"Europe/Berlin": "DE", "America/New_York": "US", "Asia/Riyadh": "SA", "Asia/Kolkata": "IN"}.get(zone)
    hol = holidays_package.country_holidays(country) if country and draw(st.booleans()) else []
    return BusinessCalendar(time_zone=zone, weekly_hours=weekly, holidays=hol,
                            holiday_rule=draw(st.sampled_from(["day", "shift"])))


instants_s = st.integers(0, SPAN_S).map(lambda s: SPAN_START + np.timedelta64(s, "s"))


@given(cal=real_calendars(), t=st.lists(instants_s, min_size=3, max_size=3))
def test_additivity(cal, t):
    a, b, c = t
    ab, bc, ac = business_seconds(cal, [a, b, a], [b, c, c])
    assert ab + bc == ac
    assert business_seconds(cal, b, a) == -ab


@given(cal=real_calendars(), a=instants_s, u=instants_s)
def test_add_inverts_business_seconds(cal, a, u):
    elapsed = business_seconds(cal, a, u)
    back = add_business_seconds(cal, a, elapsed)
    # F(back) == F(u) always; back == u whenever F is rising just before u.
    assert business_seconds(cal, back, u) == 0
    if is_open(cal, u) and is_open(cal, u - np.timedelta64(1, "s")):
        assert back == u
    if elapsed != 0:
        assert is_open(cal, back - np.timedelta64(1, "ns"))  # earliest: open just before


@given(cal=real_calendars(), a=instants_s, hours=st.floats(-2000, 2000, allow_nan=False).map(lambda h: round(h, 3)))
def test_add_then_measure(cal, a, hours):
    due = add_business_seconds(cal, a, hours * H)
    assert business_seconds(cal, a, due) == pytest.approx(hours * H, abs=1e-9)


# ---------------------------------------------------------------------------
# Explicit cases from the issue
# ---------------------------------------------------------------------------

DST_DAYS_2026 = [
    # zone, date, hours in the local day
    ("Europe/Berlin", date(2026, 3, 29), 23),
    ("Europe/Berlin", date(2026, 10, 25), 25),
    ("America/New_York", date(2026, 3, 8), 23),
    ("America/New_York", date(2026, 11, 1), 25),
]


@pytest.mark.parametrize(("zone", "day", "hours"), DST_DAYS_2026)
def test_dst_days_always_open(zone, day, hours):
    cal = BusinessCalendar.always_open(zone)
    start = local(zone, day.year, day.month, day.day)
    stop = start + timedelta(days=1)  # wall-clock next midnight
    assert business_seconds(cal, start, stop) == hours * H
    assert add_business_seconds(cal, start, hours * H) == utc64(stop)


@pytest.mark.parametrize(("zone", "day", "hours"), DST_DAYS_2026)
def test_dst_days_one_to_five(zone, day, hours):
    """01:00-05:00 loses the skipped hour in spring and gains the repeated hour in autumn."""
    cal = BusinessCalendar(time_zone=zone, weekly_hours={"mon-sun": [("01:00", "05:00")]})
    start = local(zone, day.year, day.month, day.day)
    expected = 4 + (hours - 24)
    assert business_seconds(cal, start, start + timedelta(days=1)) == expected * H
    opens, closes = open_intervals(cal, start, start + timedelta(days=1)).T
    assert opens.tolist() == [utc64(local(zone, day.year, day.month, day.day, 1)).tolist()]
    assert closes.tolist() == [utc64(local(zone, day.year, day.month, day.day, 5)).tolist()]
    # 30 minutes after opening, add one business hour: 1.5 h of wall clock later, minus the gap.
    half_past_one = utc64(local(zone, day.year, day.month, day.day, 1, 30))
    due = add_business_seconds(cal, half_past_one, H)
    assert due == half_past_one + np.timedelta64(3600, "s")


def test_compatible_rule_in_gap_and_fold():
    """C3: 02:30 in the spring gap opens at 03:30 CEST; 02:30 in the autumn fold is the first one."""
    cal = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"sun": [("02:30", "04:00")]})
    spring = open_intervals(cal, "2026-03-29T00:00Z", "2026-03-29T06:00Z")
    assert spring.tolist() == [[utc64(datetime(2026, 3, 29, 1, 30, tzinfo=UTC)).tolist(),
                                utc64(datetime(2026, 3, 29, 2, 0, tzinfo=UTC)).tolist()]]
    autumn = open_intervals(cal, "2026-10-25T00:00Z", "2026-10-25T06:00Z")
    assert autumn.tolist() == [[utc64(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)).tolist(),
                                utc64(datetime(2026, 10, 25, 3, 0, tzinfo=UTC)).tolist()]]


def test_apia_skipped_day():
    """30 Dec 2011 does not exist in Samoa; its wall times move forward by the 24-hour gap (C3)."""
    always = BusinessCalendar.always_open("Pacific/Apia")
    assert business_seconds(always, local("Pacific/Apia", 2011, 12, 29), local("Pacific/Apia", 2011, 12, 31)) == 24 * H
    office = BusinessCalendar(time_zone="Pacific/Apia", weekly_hours={"mon-fri": [("09:00", "17:00")]})
    # Thursday 29th: 8 h; Friday 30th's shift is read as Saturday 31st 09:00-17:00.
    week = business_seconds(office, local("Pacific/Apia", 2011, 12, 29), local("Pacific/Apia", 2012, 1, 1))
    assert week == 16 * H
    assert is_open(office, local("Pacific/Apia", 2011, 12, 31, 12))


def test_night_shift_starting_after_midnight_is_owned_by_its_date():
    cal = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"tue": [("01:00", "07:00")]})
    monday = local("Europe/Berlin", 2026, 1, 5)
    assert business_seconds(cal, monday, monday + timedelta(days=1)) == 0
    assert business_seconds(cal, monday, monday + timedelta(days=2)) == 6 * H


def test_friday_night_shift_runs_into_saturday():
    cal = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"mon-fri": [("22:00", "06:00")]})
    friday = local("Europe/Berlin", 2026, 1, 9, 20)
    sunday = local("Europe/Berlin", 2026, 1, 11, 20)
    assert business_seconds(cal, friday, sunday) == 8 * H
    assert is_open(cal, local("Europe/Berlin", 2026, 1, 10, 5, 59))
    assert not is_open(cal, local("Europe/Berlin", 2026, 1, 10, 6))
    # Sunday has no shift, so Monday 00:00-06:00 is closed; Monday's own shift opens at 22:00.
    assert next_open(cal, sunday) == utc64(local("Europe/Berlin", 2026, 1, 12, 22))
    assert add_business_seconds(cal, friday, 8 * H) == utc64(local("Europe/Berlin", 2026, 1, 10, 6))


@pytest.mark.parametrize(("rule", "monday_h", "tuesday_h"), [("day", 2, 6), ("shift", 8, 0)])
def test_holiday_next_to_night_shifts(rule, monday_h, tuesday_h):
    """C4: a holiday Tuesday cuts Monday's night at midnight ('day') or cancels Tuesday's own night ('shift')."""
    cal = BusinessCalendar(
        time_zone="Europe/Berlin",
        weekly_hours={"mon-fri": [("22:00", "06:00")]},
        holidays=[date(2026, 1, 6)],
        holiday_rule=rule,
    )
    monday_night = local("Europe/Berlin", 2026, 1, 5, 12)
    tuesday_noon = local("Europe/Berlin", 2026, 1, 6, 12)
    wednesday_noon = local("Europe/Berlin", 2026, 1, 7, 12)
    assert business_seconds(cal, monday_night, tuesday_noon) == monday_h * H
    assert business_seconds(cal, tuesday_noon, wednesday_noon) == tuesday_h * H


def test_deadline_lands_on_a_close():
    cal = BusinessCalendar(time_zone="America/New_York", weekly_hours={"mon-fri": [("09:00", "17:00")]})
    start = local("America/New_York", 2026, 1, 5, 9)
    assert add_business_seconds(cal, start, 8 * H) == utc64(local("America/New_York", 2026, 1, 5, 17))
    assert add_business_seconds(cal, start, 8 * H + 1) == utc64(local("America/New_York", 2026, 1, 6, 9, 0, 1))
    # Subtracting from the next morning's opening lands on the previous close.
    tuesday = local("America/New_York", 2026, 1, 6, 9)
    assert add_business_seconds(cal, tuesday, -H) == utc64(local("America/New_York", 2026, 1, 5, 16))


def test_end_before_start_is_negative():
    cal = BusinessCalendar(time_zone="Asia/Kolkata", weekly_hours={"mon-fri": [("09:30", "18:00")]})
    a = local("Asia/Kolkata", 2026, 2, 2, 10)
    b = local("Asia/Kolkata", 2026, 2, 3, 10)
    assert business_seconds(cal, b, a) == -8.5 * H
    assert add_business_seconds(cal, b, -8.5 * H) == utc64(a)


def test_spans_across_years_match_day_count():
    cal = BusinessCalendar.for_country("DE", subdiv="BY", hours=[("09:00", "17:00")])
    bavaria = holidays_package.country_holidays("DE", subdiv="BY", years=range(2024, 2029))
    first, stop = date(2024, 12, 15), date(2027, 1, 15)
    got = business_seconds(cal, local("Europe/Berlin", 2024, 12, 15), local("Europe/Berlin", 2027, 1, 15))
    assert got == oracle.business_days_seconds(first, stop, set(bavaria), 8 * 3600)


def test_lazy_extension_beyond_holiday_lists():
    """Holidays come year by year from the country class, also long after any list would end."""
    cal = BusinessCalendar.for_country("DE", hours={"mon-fri": [("09:00", "17:00")]})
    business_seconds(cal, "2026-01-05T10:00Z", "2026-01-06T10:00Z")  # compile 2026 first
    german = holidays_package.country_holidays("DE", years=range(2040, 2043))
    start, stop = date(2040, 12, 1), date(2042, 1, 31)
    got = business_seconds(cal, local("Europe/Berlin", 2040, 12, 1), local("Europe/Berlin", 2042, 1, 31))
    assert got == oracle.business_days_seconds(start, stop, set(german), 8 * 3600)
    assert not is_open(cal, local("Europe/Berlin", 2041, 12, 25, 10))  # Christmas, a Wednesday
    # An explicit list simply ends: 2041's Christmas is open there.
    listed = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"mon-fri": [("09:00", "17:00")]},
                              holidays=[date(2026, 12, 25)])
    assert is_open(listed, local("Europe/Berlin", 2041, 12, 25, 10))
    # Adding far ahead extends the timeline as needed.
    due = add_business_seconds(cal, local("Europe/Berlin", 2040, 12, 1), 8 * 3600 * 260)
    assert business_seconds(cal, local("Europe/Berlin", 2040, 12, 1), due) == 8 * 3600 * 260


def test_saudi_week_and_chinese_makeup_days():
    riyadh = BusinessCalendar.for_country("SA", hours=[("09:00", "17:00")])
    assert riyadh.time_zone == "Asia/Riyadh"
    assert is_open(riyadh, local("Asia/Riyadh", 2026, 1, 4, 10))  # Sunday
    assert not is_open(riyadh, local("Asia/Riyadh", 2026, 1, 9, 10))  # Friday
    china = BusinessCalendar.for_country("CN", hours=[("09:00", "18:00")], time_zone="Asia/Shanghai")
    makeup = holidays_package.country_holidays("CN", years=2026).weekend_workdays
    sunday = date(2026, 1, 4)
    assert sunday in makeup
    assert is_open(china, local("Asia/Shanghai", 2026, 1, 4, 10))
    assert not is_open(china, local("Asia/Shanghai", 2026, 1, 11, 10))
    plain = BusinessCalendar.for_country("CN", hours=[("09:00", "18:00")], time_zone="Asia/Shanghai", weekend_workdays=False)
    assert not is_open(plain, local("Asia/Shanghai", 2026, 1, 4, 10))


def test_readme_expression_bavaria_half_day():
    cal = BusinessCalendar.for_country(
        "DE", subdiv="BY", hours={"mon-fri": [("09:00", "17:00")]},
        date_overrides={date(2026, 12, 24): [("09:00", "12:00")]},
    )
    week = business_seconds(cal, local("Europe/Berlin", 2026, 12, 21), local("Europe/Berlin", 2026, 12, 28))
    assert week == (3 * 8 + 3) * H  # Mon-Wed, Thursday half day, Christmas Friday closed
    assert not is_open(cal, local("Europe/Berlin", 2026, 1, 6, 10))  # Epiphany in Bavaria


def test_overrides_open_close_and_beat_holidays():
    cal = BusinessCalendar(
        time_zone="Europe/Berlin",
        weekly_hours={"mon-fri": [("09:00", "17:00")]},
        holidays=["2026-12-25"],
        date_overrides={date(2026, 12, 25): [("10:00", "12:00")], date(2026, 12, 31): [],
                        "2026-12-27": [("10:00", "14:00")]},
    )
    day = timedelta(days=1)
    for d, hours in [((2026, 12, 25), 2), ((2026, 12, 31), 0), ((2026, 12, 27), 4), ((2026, 12, 28), 8)]:
        start = local("Europe/Berlin", *d)
        assert business_seconds(cal, start, start + day) == hours * H


def test_touching_and_several_intervals_per_day():
    cal = BusinessCalendar(time_zone="UTC", weekly_hours={
        "mon": [("09:00", "12:30"), ("13:30", "18:00")], "tue": [(time(9), time(12)), ("12:00", "24:00")],
        "sat": [("10:00:30", "14:00:15")]})
    assert business_seconds(cal, "2026-01-05T00:00Z", "2026-01-06T00:00Z") == 8 * H
    assert open_intervals(cal, "2026-01-06T00:00Z", "2026-01-07T00:00Z").shape == (1, 2)  # merged
    assert business_seconds(cal, "2026-01-10T00:00Z", "2026-01-11T00:00Z") == 4 * H - 15


def test_open_intervals_sum_to_business_seconds():
    cal = BusinessCalendar.for_country("US", subdiv="NY", hours=[("08:00", "20:00")], time_zone="America/New_York")
    start, stop = np.datetime64("2026-02-27T13:17:05"), np.datetime64("2026-03-20T02:00")
    pairs = open_intervals(cal, start, stop)
    assert pairs.dtype == np.dtype("datetime64[ns]")
    assert np.all(pairs[:, 0] < pairs[:, 1]) and np.all(pairs[1:, 0] > pairs[:-1, 1])
    total = (pairs[:, 1] - pairs[:, 0]).astype(np.int64).sum() / 1e9
    assert total == business_seconds(cal, start, stop)


def test_segments_sum_per_group():
    cal = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"mon-fri": [("08:00", "16:00")]})
    rng = np.random.default_rng(3)
    starts = np.datetime64("2026-01-01") + rng.integers(0, 90 * 86400, 500).astype("m8[s]")
    ends = starts + rng.integers(-86400, 10 * 86400, 500).astype("m8[s]")
    group = rng.integers(0, 40, 500)
    got = business_seconds_segments(cal, starts, ends, group, n_groups=45)
    expected = [0.0] * 45
    for s, e, g in zip(starts, ends, group):
        expected[g] += float(business_seconds(cal, s, e))
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)
    ends_nat = ends.copy()
    ends_nat[0] = np.datetime64("NaT")
    with_nat = business_seconds_segments(cal, starts, ends_nat, group)
    assert np.isnan(with_nat[group[0]]) and with_nat.shape == (int(group.max()) + 1,)
    assert business_seconds_segments(cal, starts[:0], ends[:0], group[:0]).shape == (0,)


def test_nat_propagates_and_inputs_are_not_written():
    cal = BusinessCalendar(time_zone="UTC", weekly_hours={"mon-fri": [("09:00", "17:00")]})
    t = np.array(["2026-01-05T10:00", "NaT"], dtype="M8[ns]")
    t.flags.writeable = False
    u = np.array(["2026-01-05T12:00", "2026-01-05T12:00"], dtype="M8[ns]")
    before = u.copy()
    got = business_seconds(cal, t, u)
    assert got[0] == 2 * H and np.isnan(got[1])
    assert np.isnat(add_business_seconds(cal, t, 60.0)[1])
    assert np.isnat(next_open(cal, t)[1]) and np.isnat(next_close(cal, t)[1])
    assert is_open(cal, t).tolist() == [True, False]
    np.testing.assert_array_equal(u, before)
    assert np.isnan(business_seconds(cal, np.datetime64("NaT"), np.datetime64("NaT")))
    assert np.isnat(add_business_seconds(cal, np.datetime64("NaT", "ns"), 5.0))


def test_scalars_broadcasting_and_input_kinds():
    cal = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"mon-fri": [("09:00", "17:00")]})
    berlin = ZoneInfo("Europe/Berlin")
    start = datetime(2026, 1, 5, 9, tzinfo=berlin)
    as_numpy = business_seconds(cal, np.datetime64("2026-01-05T08:00"), np.datetime64("2026-01-05T10:00"))
    assert isinstance(as_numpy, np.float64) and as_numpy == 2 * H
    assert business_seconds(cal, start, "2026-01-05T11:00+01:00") == 2 * H
    assert business_seconds(cal, "2026-01-05T08:00Z", datetime(2026, 1, 5, 10, tzinfo=UTC)) == 2 * H
    grid = business_seconds(cal, [[start], [start]], [start + timedelta(hours=k) for k in range(3)])
    assert grid.shape == (2, 3) and grid[1].tolist() == [0, H, 2 * H]
    due = add_business_seconds(cal, [start, None], [H, H])
    assert due[0] == utc64(start + timedelta(hours=1)) and np.isnat(due[1])
    assert isinstance(add_business_seconds(cal, start, H), np.datetime64)
    assert isinstance(is_open(cal, start), np.bool_)
    # naive values with assume_tz, read with the compatible rule
    naive = datetime(2026, 3, 29, 2, 30)  # in the spring gap: 03:30 CEST
    assert next_open(BusinessCalendar.always_open("UTC"), naive, assume_tz="Europe/Berlin") == np.datetime64(
        "2026-03-29T01:30", "ns")
    assert is_open(cal, "2026-01-05T10:00", assume_tz="Europe/Berlin")
    assert business_seconds(cal, np.datetime64("2026-01-05T08:00", "m"), np.datetime64("2026-01-06", "D")) == 8 * H
    assert business_seconds(cal, np.datetime64("2026-01-05T08:00", "m"), np.datetime64("2026-01-05", "D")) == 0


def test_pandas_inputs():
    pd = pytest.importorskip("pandas")
    cal = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"mon-fri": [("09:00", "17:00")]})
    starts = pd.Series(pd.to_datetime(["2026-01-05 09:00", "2026-01-05 12:00", None]).tz_localize("Europe/Berlin"))
    ends = pd.Timestamp("2026-01-05 17:00", tz="Europe/Berlin")
    got = business_seconds(cal, starts, ends)
    assert got[:2].tolist() == [8 * H, 5 * H] and np.isnan(got[2])
    assert add_business_seconds(cal, ends, -H) == np.datetime64("2026-01-05T15:00", "ns")
    naive = pd.Series(pd.to_datetime(["2026-03-29 02:30"]))
    with pytest.raises(InvalidArgumentError, match="start_at .*naive"):
        business_seconds(cal, naive, ends)
    assert is_open(BusinessCalendar.always_open("UTC"), naive, assume_tz="Europe/Berlin").tolist() == [True]
    assert next_open(cal, naive, assume_tz="Europe/Berlin")[0] == np.datetime64("2026-03-30T07:00", "ns")


def test_methods_forward_to_functions():
    cal = BusinessCalendar.for_country("DE", hours=[("09:00", "17:00")])
    a = np.array(["2026-03-27T10:00", "2026-05-01T08:00"], dtype="M8[ns]")
    b = np.array(["2026-04-07T10:00", "2026-05-05T08:00"], dtype="M8[ns]")
    np.testing.assert_array_equal(cal.business_seconds(a, b), business_seconds(cal, a, b))
    np.testing.assert_array_equal(cal.add_business_seconds(a, 9000.0), add_business_seconds(cal, a, 9000.0))
    np.testing.assert_array_equal(cal.is_open(a), is_open(cal, a))
    np.testing.assert_array_equal(cal.next_open(a), next_open(cal, a))
    np.testing.assert_array_equal(cal.next_close(a), next_close(cal, a))
    np.testing.assert_array_equal(cal.open_intervals(a[0], b[0]), open_intervals(cal, a[0], b[0]))
    np.testing.assert_array_equal(cal.business_seconds_segments(a, b, [1, 1]),
                                  business_seconds_segments(cal, a, b, [1, 1]))


def test_calendars_are_values():
    a = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"mon-fri": [("09:00", "17:00")]})
    b = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"monday-friday": [("09:00:00", time(17))]})
    assert a == b and hash(a) == hash(b)
    shifted = attrs.evolve(a, holiday_rule="shift")
    assert shifted.weekly_hours == a.weekly_hours and shifted != a
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        a.time_zone = "UTC"  # type: ignore[misc]
    source = HolidaySource(dates={date(2026, 1, 1)})
    assert BusinessCalendar(time_zone="UTC", weekly_hours=a.weekly_hours, holidays=source).holidays is source
    from_object = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours=a.weekly_hours,
                                   holidays=holidays_package.country_holidays("DE", subdiv="BE"))
    assert not is_open(from_object, local("Europe/Berlin", 2030, 3, 8, 10))  # Women's Day in Berlin, 2030


def test_next_close_and_open_edges():
    always = BusinessCalendar.always_open("Europe/Berlin")
    assert np.isnat(next_close(always, "2026-01-01T00:00Z"))
    assert next_open(always, "2026-01-01T00:00Z") == np.datetime64("2026-01-01T00:00", "ns")
    cal = BusinessCalendar(time_zone="UTC", weekly_hours={"mon-fri": [("09:00", "17:00")]},
                           date_overrides={date(2026, 1, 2): []})
    assert next_close(cal, "2026-01-01T17:00Z") == np.datetime64("2026-01-05T17:00", "ns")
    assert next_open(cal, "2026-12-31T17:00Z") == np.datetime64("2027-01-01T09:00", "ns")


def test_kernels_match_python_versions():
    cal = BusinessCalendar(time_zone="Australia/Lord_Howe", weekly_hours={"mon-sat": [("08:00", "02:00")]},
                           holidays=[date(2026, 4, 3), date(2026, 4, 6)])
    t = np.arange(np.datetime64("2026-03-30", "ns"), np.datetime64("2026-04-12", "ns"), np.timedelta64(37, "m"))
    business_seconds(cal, t, t[::-1])  # compile the timeline
    from cultureservice.calendar import _CACHE

    tl = _CACHE[cal]
    s = t.view(np.int64)
    s.flags.writeable = False
    e = s[::-1].copy()
    e.flags.writeable = False
    fast, slow, chunked = np.empty(s.size), np.empty(s.size), np.empty(s.size)
    args = (tl.opens, tl.closes, tl.cum, tl.first_open, tl.lo, tl.hi, tl.shift)
    assert tk.business_ns_range(s, e, *args, fast, 0, s.size) == 0
    assert tk.business_ns_range.py_func(s, e, *args, slow, 0, s.size) == 0
    assert tk.business_ns_chunks(s, e, *args, chunked, 7) == 0
    np.testing.assert_array_equal(fast, slow)
    np.testing.assert_array_equal(fast, chunked)
    diffs, diffs_chunked = np.empty(s.size, np.int64), np.empty(s.size, np.int64)
    tk.business_ns_diff_range.py_func(s, e, *args, diffs, 0, s.size)
    tk.business_ns_diff_chunks(s, e, *args, diffs_chunked, 5)
    np.testing.assert_array_equal(diffs, diffs_chunked)
    np.testing.assert_array_equal(diffs / 1e9, fast)
    amounts = np.full(s.size, 7 * 3600 * 10**9, dtype=np.int64)
    fast_i, slow_i = np.empty(s.size, np.int64), np.empty(s.size, np.int64)
    add_args = (tl.opens, tl.closes, tl.cum, tl.first_open, tl.first_cum, tl.lo, tl.hi, tl.shift, tl.cum_shift,
                tl.f_lo, tl.f_hi)
    tk.add_chunks(s, amounts, *add_args, fast_i, 3)
    tk.add_range.py_func(s, amounts, *add_args, slow_i, 0, s.size)
    np.testing.assert_array_equal(fast_i, slow_i)
    for kernel in (tk.next_open_into, tk.next_close_into):
        kernel(s, tl.opens, tl.closes, tl.first_open, tl.lo, tl.hi, tl.shift, fast_i)
        kernel.py_func(s, tl.opens, tl.closes, tl.first_open, tl.lo, tl.hi, tl.shift, slow_i)
        np.testing.assert_array_equal(fast_i, slow_i)
    ob, ob_slow = np.empty(s.size, bool), np.empty(s.size, bool)
    tk.is_open_into(s, tl.opens, tl.closes, tl.first_open, tl.lo, tl.hi, tl.shift, ob)
    tk.is_open_into.py_func(s, tl.opens, tl.closes, tl.first_open, tl.lo, tl.hi, tl.shift, ob_slow)
    np.testing.assert_array_equal(ob, ob_slow)
    assert tuple(tk.valid_min_max.py_func(s)) == tuple(tk.valid_min_max(s))
    sums, sums_slow = np.zeros(3, np.int64), np.zeros(3, np.int64)
    nat, nat_slow = np.zeros(3, bool), np.zeros(3, bool)
    diffs = np.array([5, tk.NAT, 7, 11])
    groups = np.array([0, 1, 0, 2])
    tk.group_sum_into(diffs, groups, sums, nat)
    tk.group_sum_into.py_func(diffs, groups, sums_slow, nat_slow)
    assert sums.tolist() == sums_slow.tolist() == [12, 0, 11] and nat.tolist() == nat_slow.tolist()


# ---------------------------------------------------------------------------
# Errors: every documented bad input names its argument
# ---------------------------------------------------------------------------

WEEK = {"mon-fri": [("09:00", "17:00")]}


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"time_zone": "Europe/Berlln"}, UnknownCodeError, r"time_zone .*'Europe/Berlin'"),
        ({"time_zone": 5}, UnknownCodeError, "time_zone"),
        ({"weekly_hours": {"mon": [("09:00", "25:00")]}}, InvalidArgumentError, r"weekly_hours\['mon'\]\[0\] close .*'25:00'"),
        ({"weekly_hours": {"mon": [("24:00", "05:00")]}}, InvalidArgumentError, r"open .*24:00"),
        ({"weekly_hours": {"mon": [("9h", "17:00")]}}, InvalidArgumentError, "HH:MM"),
        ({"weekly_hours": {"mon": [("09:00", "12:00"), ("11:00", "13:00")]}}, InvalidArgumentError, "overlapping"),
        ({"weekly_hours": {"mon": [], "tue": None}}, InvalidArgumentError, "weekly_hours .*empty week"),
        ({"weekly_hours": {}}, InvalidArgumentError, "empty week"),
        ({"weekly_hours": {"mon-fri": [("09:00", "17:00")], "fri": []}}, InvalidArgumentError, "'fri' twice"),
        ({"weekly_hours": {"funday": [("09:00", "17:00")]}}, InvalidArgumentError, "weekly_hours keys"),
        ({"weekly_hours": {7: [("09:00", "17:00")]}}, InvalidArgumentError, "weekly_hours keys"),
        ({"weekly_hours": "mon-fri 9-17"}, InvalidArgumentError, "weekly_hours must be a mapping"),
        ({"weekly_hours": {"mon": "09:00-17:00"}}, InvalidArgumentError, r"weekly_hours\['mon'\] must be a list"),
        ({"weekly_hours": {"mon": [("09:00",)]}}, InvalidArgumentError, r"\[0\] must be an \(open, close\) pair"),
        ({"weekly_hours": {"mon": [(time(9, tzinfo=UTC), "17:00")]}}, InvalidArgumentError, "naive wall-clock"),
        ({"weekly_hours": {"mon": [(time(9, 0, 0, 5), "17:00")]}}, InvalidArgumentError, "whole seconds"),
        ({"weekly_hours": {"mon": [(1, 200_000)]}}, InvalidArgumentError, "seconds after midnight"),
        ({"holidays": "DE"}, InvalidArgumentError, "holidays .*for_country"),
        ({"holidays": [datetime(2026, 1, 1)]}, InvalidArgumentError, "holidays must be dates"),
        ({"holidays": ["2026-13-01"]}, InvalidArgumentError, "holidays must be dates"),
        ({"date_overrides": [date(2026, 1, 1)]}, InvalidArgumentError, "date_overrides must be a mapping"),
        ({"date_overrides": {datetime(2026, 1, 1, 9): []}}, InvalidArgumentError, "date_overrides keys"),
        ({"date_overrides": {"2026-01-01": [], date(2026, 1, 1): []}}, InvalidArgumentError, "twice"),
        ({"holiday_rule": "night"}, InvalidArgumentError, "holiday_rule .*'day'"),
        ({"weekend_workday_hours": [("09:00", "31:00")]}, InvalidArgumentError, "weekend_workday_hours"),
    ],
)
def test_constructor_errors(kwargs, error, pattern):
    arguments = {"time_zone": "Europe/Berlin", "weekly_hours": WEEK, **kwargs}
    with pytest.raises(error, match=pattern):
        BusinessCalendar(**arguments)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "pattern"),
    [
        (("XX",), {"hours": [("09:00", "17:00")]}, UnknownCodeError, "country .*'XX'"),
        (("de",), {"hours": [("09:00", "17:00")]}, UnknownCodeError, "did you mean 'DE'"),
        ((5,), {"hours": [("09:00", "17:00")]}, UnknownCodeError, "country"),
        (("DE", "ZZ"), {"hours": [("09:00", "17:00")]}, UnknownCodeError, "subdiv .*BY.*'ZZ'"),
        (("DE",), {"hours": [("09:00", "17:00")], "categories": ["pirate"]}, InvalidArgumentError, "categories .*catholic"),
        (("US",), {"hours": [("09:00", "17:00")]}, InvalidArgumentError, "time_zone .*America/New_York"),
        (("DE",), {"hours": [("09:00", "25:00")]}, InvalidArgumentError, r"hours\[0\] close"),
        (("DE",), {"hours": [("09:00", "17:00")], "time_zone": "Mars/Base"}, UnknownCodeError, "time_zone"),
        (("DE",), {"hours": [("09:00", "17:00")], "extra_holidays": ["soon"]}, InvalidArgumentError, "extra_holidays"),
    ],
)
def test_for_country_errors(args, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        BusinessCalendar.for_country(*args, **kwargs)


def test_for_country_without_tz_database_zone(monkeypatch):
    import pytz

    from cultureservice import calendar as calendar_module

    calendar_module._country_zone.cache_clear()
    monkeypatch.setattr(pytz, "country_timezones", {"DE": []})
    with pytest.raises(UnknownCodeError, match="time_zone must be given for country 'DE'"):
        BusinessCalendar.for_country("DE", hours=[("09:00", "17:00")])
    calendar_module._country_zone.cache_clear()


CAL = BusinessCalendar(time_zone="Europe/Berlin", weekly_hours=WEEK)
T = np.datetime64("2026-01-05T10:00", "ns")


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: business_seconds(CAL, datetime(2026, 1, 5, 10), T), InvalidArgumentError, "start_at .*naive .*assume_tz"),
        (lambda: business_seconds(CAL, T, "2026-01-05T12:00"), InvalidArgumentError, "end_at .*naive string"),
        (lambda: business_seconds(CAL, T, "tomorrow"), InvalidArgumentError, "end_at must be ISO 8601"),
        (lambda: business_seconds(CAL, date(2026, 1, 5), T), InvalidArgumentError, "start_at .*date"),
        (lambda: business_seconds(CAL, 1767607200, T), InvalidArgumentError, "start_at .*numbers"),
        (lambda: business_seconds(CAL, [1.5, 2.5], T), InvalidArgumentError, "start_at .*numbers"),
        (lambda: business_seconds(CAL, [object()], T), InvalidArgumentError, "start_at must be instants"),
        (lambda: business_seconds(CAL, [T, T], [T, T, T]), InvalidArgumentError, "start_at and end_at must broadcast"),
        (lambda: business_seconds(CAL, np.datetime64("2300-01-01"), T), InvalidArgumentError, "start_at .*2262"),
        (lambda: business_seconds(CAL, datetime(1500, 1, 1, tzinfo=UTC), T), InvalidArgumentError, "start_at .*1678"),
        (lambda: business_seconds(CAL, np.array([1], dtype="M8[ps]"), T), InvalidArgumentError, "nanosecond"),
        (lambda: business_seconds(CAL, T, T, assume_tz="Nowhere/City"), UnknownCodeError, "assume_tz"),
        (lambda: business_seconds("DE", T, T), InvalidArgumentError, "calendar must be a BusinessCalendar"),
        (lambda: add_business_seconds(CAL, T, float("nan")), InvalidArgumentError, "seconds must be finite"),
        (lambda: add_business_seconds(CAL, T, [1.0, float("inf")]), InvalidArgumentError, "seconds .*index 1"),
        (lambda: add_business_seconds(CAL, T, 1e12), InvalidArgumentError, "seconds must be finite and below"),
        (lambda: add_business_seconds(CAL, T, "8h"), InvalidArgumentError, "seconds must be real"),
        (lambda: add_business_seconds(CAL, T, 3e9), InvalidArgumentError, "result .*1678"),
        (lambda: add_business_seconds(CAL, T, -3e9), InvalidArgumentError, "result .*1678"),
        (lambda: open_intervals(CAL, T, T - np.timedelta64(1, "h")), InvalidArgumentError, "end_at must not be before"),
        (lambda: open_intervals(CAL, [T, T], T), InvalidArgumentError, "start_at must be a single instant"),
        (lambda: open_intervals(CAL, T, np.datetime64("NaT")), InvalidArgumentError, "end_at must be a single instant"),
        (lambda: business_seconds_segments(CAL, T, T, [-1]), InvalidArgumentError, "group must be integers >= 0"),
        (lambda: business_seconds_segments(CAL, T, T, [0.5]), InvalidArgumentError, "group must be integers"),
        (lambda: business_seconds_segments(CAL, T, T, [3], n_groups=2), InvalidArgumentError, "group must be < n_groups"),
        (lambda: business_seconds_segments(CAL, T, T, [0], n_groups=-1), InvalidArgumentError, "n_groups"),
    ],
)
def test_function_errors(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_errors_are_in_the_family():
    for cls in (InvalidArgumentError, UnknownCodeError):
        assert issubclass(cls, CultureServiceError)
    with pytest.raises(ValueError):
        BusinessCalendar(time_zone="UTC", weekly_hours={})


def test_all_zones_compile_for_decades():
    for zone in ZONES:
        cal = BusinessCalendar(time_zone=zone, weekly_hours={"sun-thu": [("08:00", "16:00")], "fri": [("22:00", "02:00")]})
        spans = business_seconds(cal, "1990-01-01T00:00Z", ["2000-01-01T00:00Z", "2031-01-01T00:00Z"])
        assert 0 < spans[0] < spans[1]
    pairs = list(itertools.pairwise(sorted(ZONES)))
    assert pairs  # zones are distinct


def test_timelines_far_apart_and_too_wide():
    cal = BusinessCalendar(time_zone="Europe/London", weekly_hours={"mon-fri": [("09:00", "17:00")]})
    monday = np.datetime64("2026-01-05T09:00", "ns")
    assert business_seconds(cal, monday, monday + np.timedelta64(1, "D")) == 8 * H
    # 1770 and 2026 do not fit one timeline: the calendar recompiles for the years asked.
    old_monday = np.datetime64("1770-01-01T09:00", "ns")  # a Monday, GMT
    assert date(1770, 1, 1).weekday() == 0
    assert business_seconds(cal, old_monday, old_monday + np.timedelta64(1, "D")) == 8 * H
    assert business_seconds(cal, monday, monday + np.timedelta64(1, "D")) == 8 * H
    with pytest.raises(InvalidArgumentError, match="start_at and end_at must lie within 250 years"):
        business_seconds(cal, old_monday, monday)
    with pytest.raises(InvalidArgumentError, match="result of adding"):
        add_business_seconds(cal, monday, -2.5e9)
    assert business_seconds(cal, monday, monday + np.timedelta64(1, "D")) == 8 * H


def test_large_batches_run_in_parallel_and_agree():
    cal = BusinessCalendar.for_country("DE", hours=[("08:00", "12:00"), ("13:00", "17:00")])
    rng = np.random.default_rng(11)
    n = 70_001  # above the one-thread limit
    starts = np.datetime64("2026-01-01", "ns") + rng.integers(0, 365 * 86400, n) * np.timedelta64(1, "s")
    ends = starts + rng.integers(-20 * 86400, 20 * 86400, n) * np.timedelta64(1, "s")
    whole = business_seconds(cal, starts, ends)
    pieces = np.concatenate([business_seconds(cal, starts[i:i + 5000], ends[i:i + 5000]) for i in range(0, n, 5000)])
    np.testing.assert_array_equal(whole, pieces)
    due = add_business_seconds(cal, starts, whole)
    np.testing.assert_array_equal(business_seconds(cal, starts, due), whole)
    sums = business_seconds_segments(cal, starts, ends, np.arange(n) % 3)
    np.testing.assert_allclose(sums, [whole[k::3].sum() for k in range(3)], rtol=1e-12)
