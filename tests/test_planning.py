"""Tests of cultureservice.planning: demand translation, deferral, staffing, sites, gaps, files and the CLI."""

from __future__ import annotations

import datetime as dt
import math
import sys
import zoneinfo

import holidays as holidays_package
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oracles_planning import defer_reference, expects_service, minute_walk_contacts

from cultureservice import cli, culture, planning
from cultureservice.calendar import BusinessCalendar, business_seconds
from cultureservice.errors import (
    DataError,
    InfeasibleError,
    InvalidArgumentError,
    MissingDependencyError,
)
from cultureservice.queueing import erlang_a, fte, required_agents

UTC = dt.UTC
CHANNELS4 = {
    "phone": {"handle_time_s": 360, "target_s": 20, "patience_s": 120, "max_occupancy": 0.9},
    "chat": {"handle_time_s": 540, "concurrency": 2, "concurrency_slowdown": 0.2, "target_s": 45},
    "email": {"handle_time_s": 420, "target_s": 28800},
    "messaging": {"handle_time_s": 300, "target_s": 3600},
}
WEEK = {"mon-fri": 1000.0, "sat": 300.0, "sun": 100.0}


def always(languages, name="desk", shrinkage=0.3, zone="UTC", channels=None):
    return planning.Site(name=name, calendar=BusinessCalendar.always_open(zone), languages=languages,
                         shrinkage=shrinkage, channels=channels)


def one_market(country="DE", *, issues=WEEK, overrides=None, sites=None, time_zone=None, **options):
    market = planning.Market.for_country(country, issues, overrides=overrides)
    zone = time_zone or market.service_calendar.time_zone
    return planning.Scenario(
        markets=[market], sites=[always(list(market.profile.languages))] if sites is None else sites,
        channels=CHANNELS4, time_zone=zone, **options,
    )


def utc_of(ns) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(np.datetime64(ns, "ns").view(np.int64)) / 1e9, UTC)


@pytest.fixture(scope="module")
def june():
    return planning.plan(planning.default_scenario(), start="2026-06-01", days=7)


# --------------------------------------------------------------------------- the shipped scenario


def test_default_scenario_is_the_illustrative_krakow_desk():
    s = planning.default_scenario()
    assert s is planning.default_scenario()
    assert s.illustrative and "illustrative" in s.name.lower()
    assert [m.name for m in s.markets] == ["DE", "AT", "CH", "FI", "SE", "GB", "IT", "ES", "GR"]
    assert [site.name for site in s.sites] == ["Kraków", "Bengaluru"]
    assert s.sites[0].calendar.time_zone == "Europe/Warsaw" and s.sites[1].calendar.time_zone == "Asia/Kolkata"
    assert s.time_zone == "Europe/Warsaw" and s.interval_s == 900.0


def test_shipped_scenario_runs_end_to_end(june):
    assert june.n_intervals == 7 * 96
    assert june.agents.sum() > 0 and (june.site_agents.sum(axis=1) > 0).all()
    text = june.summary()
    for heading in ("Markets", "Languages", "Channels", "Sites", "Coverage gaps"):
        assert heading in text
    assert "Illustrative scenario" in text


def test_polish_holiday_closes_krakow_while_germany_works(june):
    # Corpus Christi (4 June 2026) is a public holiday in Poland, not in Germany as a whole.
    assert dt.date(2026, 6, 4) in holidays_package.PL(years=2026)
    assert dt.date(2026, 6, 4) not in holidays_package.DE(years=2026)
    gaps = [g for g in june.gaps if g.market == "DE" and g.kind == "uncovered" and g.channel == "phone"]
    days = {utc_of(g.start_at).astimezone(zoneinfo.ZoneInfo("Europe/Berlin")).date() for g in gaps}
    assert days == {dt.date(2026, 6, 4)}
    (gap,) = gaps
    assert gap.hours == 9.0 and gap.contacts > 0  # 08:00-17:00 Berlin, until Bengaluru opens at 20:30 IST
    krakow = june.sites.index("Kraków")
    thursday = [i for i, t in enumerate(june.starts_at) if utc_of(t).astimezone(
        zoneinfo.ZoneInfo("Europe/Warsaw")).date() == dt.date(2026, 6, 4)]
    assert not june.site_open[krakow, thursday].any()
    assert (june.site[:, thursday] != krakow).all()


# --------------------------------------------------------------------------- conservation


@settings(max_examples=12)
@given(
    country=st.sampled_from(["DE", "FI", "GB", "ES", "IN", "CH"]),
    weekday=st.floats(0, 5000),
    weekend=st.floats(0, 800),
    cpi=st.floats(1.0, 2.5),
    start=st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 20)),
    days=st.integers(1, 9),
    minutes=st.sampled_from([15, 30, 60]),
    pooling=st.sampled_from(["fallback", "none"]),
)
def test_contacts_out_equal_issues_in_times_contacts_per_issue(country, weekday, weekend, cpi, start, days, minutes,
                                                               pooling):
    scenario = one_market(country, issues={"mon-fri": weekday, "sat-sun": weekend},
                          overrides={"contacts_per_issue": cpi}, pooling=pooling)
    p = planning.plan(scenario, start=start, days=days, interval_s=minutes * 60)
    issues_in = sum(weekday if (start + dt.timedelta(days=d)).weekday() < 5 else weekend for d in range(days))
    assert p.market_contacts.sum() == pytest.approx(issues_in * cpi, rel=1e-9, abs=1e-6)
    assert p.market_issues.sum() == pytest.approx(issues_in, rel=1e-9, abs=1e-6)
    # every staffed contact reaches exactly one queue (pooling moves, never adds or drops)
    staffed = [culture.CHANNELS.index(c.channel) for c in scenario.channels]
    assert p.contacts.sum() == pytest.approx(p.market_contacts[:, staffed].sum(), rel=1e-9, abs=1e-6)
    live = np.asarray([k != "deferrable" for k in p.queue_kinds])
    # live: arriving = answered + unserved; deferrable: carried in + arriving = answered + still waiting
    np.testing.assert_allclose(p.contacts[live], p.handled[live] + p.unserved[live], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(
        p.carried_in[~live] + p.contacts[~live].sum(axis=1), p.handled[~live].sum(axis=1) + p.backlog[~live, -1],
        rtol=1e-9, atol=1e-6,
    )
    assert (p.backlog >= -1e-9).all() and (p.unserved >= -1e-12).all()


@pytest.mark.parametrize(
    ("country", "zone", "start", "minutes"),
    [
        ("DE", "Europe/Warsaw", dt.date(2026, 3, 23), 15),  # spring forward on Sunday 29 March
        ("FI", "Europe/Warsaw", dt.date(2026, 10, 19), 30),  # fall back on Sunday 25 October
        ("IN", "Europe/Berlin", dt.date(2026, 3, 26), 30),  # +05:30, the plan's zone changes offset
        ("NP", "UTC", dt.date(2026, 6, 1), 15),  # +05:45
    ],
)
def test_demand_matches_a_minute_by_minute_walk_in_local_time(country, zone, start, minutes):
    shape = [0.5 + (h % 7) for h in range(24)]
    market = planning.Market.for_country(country, {"mon-thu": 800.0, "fri": 900.0, "sat-sun": 150.0},
                                         intraday_shapes={"phone": shape})
    language = market.profile.main_language
    scenario = planning.Scenario(markets=[market], sites=[always([language])], channels=CHANNELS4,
                                 time_zone=zone, pooling="none")
    p = planning.plan(scenario, start=start, days=4, interval_s=minutes * 60)
    t0, t1 = utc_of(p.start_at), utc_of(p.end_at)
    prof = market.profile
    for channel in ("phone", "email"):
        expected = minute_walk_contacts(
            issues_of_day=lambda d: 800.0 if d.weekday() < 4 else 900.0 if d.weekday() == 4 else 150.0,
            contacts_per_issue=prof.contacts_per_issue,
            channel_share=prof.channel_mix[channel] * prof.languages[language],
            shape=shape if channel == "phone" else planning.DEFAULT_INTRADAY_SHAPES[channel],
            time_zone=market.service_calendar.time_zone, start=t0, end=t1, interval_s=minutes * 60,
        )
        q = p.queues.index(("", language, channel))
        np.testing.assert_allclose(p.contacts[q], expected, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize(("start", "hours"), [(dt.date(2026, 3, 23), 7 * 24 - 1), (dt.date(2026, 10, 19), 7 * 24 + 1)])
def test_dst_weeks_lose_or_double_no_interval(start, hours):
    scenario = one_market("DE", time_zone="Europe/Berlin", pooling="none")
    p = planning.plan(scenario, start=start, days=7)
    assert p.n_intervals == hours * 4
    steps = np.diff(p.starts_at.view(np.int64))
    assert (steps == 900 * 10**9).all()
    assert utc_of(p.start_at) == dt.datetime(start.year, start.month, start.day,
                                              tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")).astimezone(UTC)
    # each local day, 23 or 25 hours long, keeps its whole volume
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    day_of = np.asarray([utc_of(t).astimezone(berlin).date().toordinal() for t in p.starts_at])
    per_day = np.bincount(day_of - day_of.min(), weights=p.contacts.sum(axis=0))
    staffed = sum(p.scenario.markets[0].profile.channel_mix[c.channel] for c in p.scenario.channels)
    cpi = p.scenario.markets[0].profile.contacts_per_issue
    expected = [WEEK["mon-fri"] if d < 5 else WEEK["sat"] if d == 5 else WEEK["sun"] for d in range(7)]
    np.testing.assert_allclose(per_day, np.asarray(expected) * cpi * staffed, rtol=1e-9)


def test_market_time_zone_offsets_follow_zoneinfo():
    for zone in ("Europe/Berlin", "America/Santiago", "Australia/Lord_Howe", "Asia/Kathmandu"):
        t0 = int(dt.datetime(2026, 1, 1, tzinfo=UTC).timestamp())
        got = planning._utc_offsets_s(zone, t0, 365 * 96, 900)
        sample = range(0, 365 * 96, 37)
        want = [dt.datetime.fromtimestamp(t0 + k * 900, UTC).astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
                .total_seconds() for k in sample]
        np.testing.assert_array_equal(got[list(sample)], want)


# --------------------------------------------------------------------------- hours and holidays


def test_holidays_and_expected_hours_decide_when_service_is_staffed():
    # Ascension Day (14 May 2026) is a German public holiday; DE expects service 09:00-17:00 on business days.
    scenario = one_market("DE", time_zone="Europe/Berlin", pooling="none")
    p = planning.plan(scenario, start="2026-05-11", days=7)
    de_holidays = holidays_package.DE(years=2026)
    expects = np.asarray([expects_service(utc_of(t), time_zone="Europe/Berlin", opening=9, closing=17,
                                          holidays=de_holidays) for t in p.starts_at])
    np.testing.assert_array_equal(p.market_service[0] > 0, expects)
    assert not expects[[utc_of(t).astimezone(zoneinfo.ZoneInfo("Europe/Berlin")).date() == dt.date(2026, 5, 14)
                        for t in p.starts_at]].any()
    for q, (_, _, channel) in enumerate(p.queues):
        assert (p.agents[q, ~expects] == 0).all(), channel
        assert (p.agents[q, expects] > 0).any(), channel
        if channel in ("phone", "chat"):
            np.testing.assert_allclose(p.unserved[q, ~expects], p.contacts[q, ~expects])
            assert (p.unserved[q, expects] == 0).all()
        else:  # deferred: what arrives on the holiday waits in the backlog for Friday
            holiday = [i for i, t in enumerate(p.starts_at)
                       if utc_of(t).astimezone(zoneinfo.ZoneInfo("Europe/Berlin")).date() == dt.date(2026, 5, 14)]
            assert p.contacts[q, holiday].sum() > 0
            assert p.backlog[q, holiday[-1]] >= p.contacts[q, holiday].sum() - 1e-9


def test_a_market_expecting_24_7_is_staffed_on_its_holiday_at_night():
    scenario = one_market("DE", overrides={"support_hours": "24/7"}, time_zone="Europe/Berlin")
    p = planning.plan(scenario, start="2026-05-14", days=1)
    assert (p.market_service == 1.0).all()
    phone = p.queues.index(("", "de", "phone"))
    night = [i for i, t in enumerate(p.starts_at)
             if utc_of(t).astimezone(zoneinfo.ZoneInfo("Europe/Berlin")).hour == 3]
    assert (p.agents[phone, night] > 0).all() and p.unserved.sum() == 0


# --------------------------------------------------------------------------- staffing


def test_staffing_equals_required_agents_on_the_same_inputs():
    scenario = one_market("DE", time_zone="Europe/Berlin", pooling="none")
    p = planning.plan(scenario, start="2026-06-08", days=2)
    dt_s = p.interval_s
    for q, (_, _, channel) in enumerate(p.queues):
        cfg = CHANNELS4[channel]
        mask = p.handled[q] > 0
        open_share = p.market_service[0, mask]
        rate = p.handled[q, mask] / (dt_s * open_share) * 3600.0
        if channel == "phone":
            want = required_agents(rate, 360.0, 20.0, 0.8, patience_s=120.0, max_occupancy=0.9)
            np.testing.assert_array_equal(p.agents[q, mask], want)
            perf = erlang_a(rate, 360.0, 120.0, want, 20.0)
            np.testing.assert_allclose(p.service_level[q, mask], perf.service_level)
            np.testing.assert_allclose(p.asa_s[q, mask], perf.asa)
            np.testing.assert_allclose(p.abandonment[q, mask], perf.p_abandon)
        elif channel == "chat":
            slots = required_agents(rate, 540.0 * 1.2, 45.0, 0.8)
            np.testing.assert_array_equal(p.agents[q, mask], [math.ceil(s / 2) for s in slots])
        else:
            occupancy = planning.DEFAULT_DEFERRABLE_OCCUPANCY
            load = p.handled[q, mask] * cfg["handle_time_s"] / (dt_s * open_share)
            want = [math.ceil(x / occupancy - 1e-9) for x in load]
            np.testing.assert_array_equal(p.agents[q, mask], want)
        assert (p.agents[q, ~mask] == 0).all()


def test_fte_follow_the_assigned_sites_shrinkage():
    p = planning.plan(planning.default_scenario(), start="2026-06-01", days=2)
    shrink = np.asarray([s.shrinkage for s in p.scenario.sites] + [p.scenario.shrinkage])
    np.testing.assert_array_equal(p.fte, fte(p.agents, shrink[p.site.astype(int)]))
    assert (p.fte[p.site == 0] >= p.agents[p.site == 0] / (1 - shrink[0]) - 1e-9).all()
    np.testing.assert_array_equal(p.site_fte, fte(p.site_agents, shrink[:2, None]))


def test_pooling_routes_the_accepting_share_to_the_fallback_queue():
    markets = [planning.Market.for_country("SE", WEEK), planning.Market.for_country("GB", WEEK)]
    base = {"markets": markets, "sites": [always(["sv", "en"])], "channels": CHANNELS4,
            "time_zone": "Europe/Stockholm"}
    pooled = planning.plan(planning.Scenario(**base), start="2026-06-08", days=1)
    alone = planning.plan(planning.Scenario(**base, pooling="none"), start="2026-06-08", days=1)
    se = culture.profile("SE")
    for channel in ("phone", "email"):
        sv = pooled.queues.index(("", "sv", channel))
        en = pooled.queues.index(("", "en", channel))
        accept = se.fallback_acceptance[channel]
        np.testing.assert_allclose(pooled.contacts[sv], alone.contacts[sv] * (1 - accept), rtol=1e-9)
        np.testing.assert_allclose(pooled.contacts[en], alone.contacts[en] + alone.contacts[sv] * accept, rtol=1e-9)
        # the comparison without pooling is the plan without pooling
        np.testing.assert_array_equal(pooled.agents_native_only[sv], alone.agents[sv])
        np.testing.assert_array_equal(pooled.agents_native_only[en], alone.agents[en])
        assert pooled.agents[sv].sum() < alone.agents[sv].sum()
    np.testing.assert_array_equal(alone.agents_native_only, alone.agents)


def test_queues_per_market_when_markets_are_not_pooled():
    markets = [planning.Market.for_country("DE", WEEK), planning.Market.for_country("AT", WEEK)]
    kw = {"markets": markets, "sites": [always(["de", "en"])], "channels": CHANNELS4, "time_zone": "Europe/Berlin",
          "pooling": "none"}
    shared = planning.plan(planning.Scenario(**kw), start="2026-06-08", days=1)
    apart = planning.plan(planning.Scenario(**kw, pool_markets=False), start="2026-06-08", days=1)
    assert {q[0] for q in shared.queues} == {""} and {q[0] for q in apart.queues} == {"DE", "AT"}
    np.testing.assert_allclose(shared.contacts.sum(axis=1), [
        apart.contacts[[i for i, q in enumerate(apart.queues) if q[1:] == key[1:]]].sum() for key in shared.queues])
    assert apart.agents.sum() >= shared.agents.sum()  # one shared team needs no more agents


# --------------------------------------------------------------------------- deferrable work


@settings(max_examples=60)
@given(
    data=st.lists(st.tuples(st.floats(0, 50), st.sampled_from([0.0, 0.5, 1.0]), st.sampled_from([0.0, 0.5, 1.0])),
                  min_size=1, max_size=60),
    target=st.sampled_from([900.0, 1800.0, 3600.0, 7200.0, 28800.0]),
)
def test_deferred_work_follows_the_documented_rule(data, target):
    arrivals = np.asarray([d[0] for d in data])
    service = np.asarray([d[1] for d in data])
    window = service * np.asarray([d[2] > 0 for d in data])
    outputs = planning.defer(arrivals, service, window, target, 900.0)
    expected = defer_reference(arrivals.tolist(), service.tolist(), window.tolist(), target, 900.0)
    for got, want in zip(outputs, expected):
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)
    handled = outputs[0]
    assert (handled[window == 0] == 0).all()  # never worked outside its window
    assert handled.sum() <= arrivals.sum() + 1e-9


def test_deferral_reads_only_its_inputs():
    arrivals, service, window = np.ones(8), np.ones(8), np.ones(8)
    for a in (arrivals, service, window):
        a.flags.writeable = False
    handled, _, late, _ = planning.defer(arrivals, service, window, 1800.0, 900.0)
    assert handled.sum() == pytest.approx(8.0) and late.sum() == 0


def test_deferred_contacts_are_answered_by_their_deadline_in_service_time():
    p = planning.plan(planning.default_scenario(), start="2026-06-08", days=7)  # a week without holidays
    dt_s = p.interval_s
    checked = 0
    for q, (_, language, channel) in enumerate(p.queues):
        markets = {s[0] for s in p.streams if s[1] == language and s[2] == channel}  # "en" also takes pooled work
        if channel not in ("email", "messaging") or len(markets) != 1 or language == "en" or p.late[q].sum() > 0:
            continue
        target = {"email": 28800.0, "messaging": 3600.0}[channel]
        service_s = np.concatenate([[0.0], np.cumsum(p.market_service[p.markets.index(markets.pop())] * dt_s)])
        arrived = p.carried_in[q] + np.cumsum(p.contacts[q])
        answered = np.cumsum(p.handled[q])
        for i in range(p.n_intervals):
            k = int(np.searchsorted(service_s, service_s[i] + target - 1e-6))  # S[k] >= S[i] + target
            if k <= p.n_intervals:
                assert answered[max(k - 1, i)] >= arrived[i] - 1e-6
        checked += 1
    assert checked >= 4


# --------------------------------------------------------------------------- sites and gaps


def test_sites_are_open_and_speak_the_language(june):
    scenario = june.scenario
    starts = june.starts_at
    step = np.timedelta64(int(june.interval_s), "s")
    for s_i, site in enumerate(scenario.sites):
        open_s = business_seconds(site.calendar, starts, starts + step)
        qs, iis = np.nonzero(june.site == s_i)
        assert qs.size > 0
        assert (open_s[iis] == june.interval_s).all()
        for q in set(qs.tolist()):
            _, language, channel = june.queues[q]
            assert site.serves(language, channel)
            # the first eligible site in scenario order that is open takes the queue
            earlier = [k for k in range(s_i) if scenario.sites[k].serves(language, channel)]
            for k in earlier:
                o = business_seconds(scenario.sites[k].calendar, starts, starts + step)
                assert not (o[iis[qs == q]] == june.interval_s).any()
    no_site = (june.site < 0) & (june.agents > 0)
    np.testing.assert_array_equal(no_site, june.uncovered)


def test_gaps_mark_expected_service_without_an_open_site_that_speaks_the_language():
    markets = [planning.Market.for_country("ES", WEEK, overrides={"support_hours": "extended"})]
    sites = [planning.Site.for_country("Kraków", "PL", hours=[("08:00", "18:00")], languages=["es"])]
    scenario = planning.Scenario(markets=markets, sites=sites, channels=CHANNELS4, time_zone="Europe/Madrid",
                                 pooling="none")
    p = planning.plan(scenario, start="2026-06-08", days=1)
    uncovered = [g for g in p.gaps if g.kind == "uncovered"]
    assert {g.channel for g in uncovered} == {"phone", "chat"}
    for g in uncovered:
        local = zoneinfo.ZoneInfo("Europe/Madrid")
        assert (utc_of(g.start_at).astimezone(local).hour, utc_of(g.end_at).astimezone(local).hour) == (18, 20)
        q = p.queues.index(("", "es", g.channel))
        a = int((g.start_at - p.start_at) / np.timedelta64(int(p.interval_s), "s"))
        assert g.contacts == pytest.approx(p.handled[q, a:a + 8].sum())
        assert p.uncovered[q, a:a + 8].all() or (p.agents[q, a:a + 8] == 0).any()
    assert p.summary().count("ES es") >= 1


def test_a_site_serving_only_some_channels():
    market = planning.Market.for_country("DE", WEEK)
    sites = [always(["de"], name="mail", channels=["email", "messaging"])]
    p = planning.plan(planning.Scenario(markets=[market], sites=sites, channels=CHANNELS4, time_zone="Europe/Berlin",
                                        pooling="none"), start="2026-06-08", days=1)
    for q, (_, _, channel) in enumerate(p.queues):
        assert (p.site[q] >= 0).any() == (channel in ("email", "messaging"))
    assert {g.channel for g in p.gaps if g.kind == "uncovered"} == {"phone", "chat"}


def test_no_sites_makes_every_expected_interval_a_gap():
    p = planning.plan(one_market("DE", sites=[], pooling="none"), start="2026-06-08", days=1)
    assert (p.site == -1).all() and p.uncovered.sum() == (p.agents[:2] > 0).sum()
    assert p.late.sum() > 0 and any(g.kind == "late" for g in p.gaps)


# --------------------------------------------------------------------------- forecasts


def test_per_interval_forecast_is_kept_as_given():
    start = np.datetime64("2026-06-08T00:00", "ns")
    values = np.arange(48, dtype=float)
    forecast = planning.IntervalForecast(start_at=start - np.timedelta64(1, "D"), interval_s=1800,
                                         issues=np.concatenate([np.zeros(48), values, np.zeros(48)]))
    market = planning.Market.for_country("GB", issues_per_interval=forecast)
    p = planning.plan(planning.Scenario(markets=[market], sites=[always(["en"])], channels=CHANNELS4),
                      start=start, days=1, interval_s=900)
    total = p.market_contacts.sum(axis=1)[0]
    assert total == pytest.approx(values.sum() * market.profile.contacts_per_issue)
    phone = p.queues.index(("", "en", "phone"))
    share = market.profile.channel_mix["phone"] * market.profile.contacts_per_issue
    np.testing.assert_allclose(p.contacts[phone], np.repeat(values / 2, 2) * share)


def test_dated_forecast_and_holiday_factor():
    dated = {"2026-06-08": 100.0, "2026-06-09": 200.0}
    p = planning.plan(one_market("DE", issues=dated, time_zone="Europe/Berlin"), start="2026-06-08", days=2)
    assert p.market_issues[0] == pytest.approx(300.0)
    with pytest.raises(InvalidArgumentError, match=r"issues_per_day of market 'DE' must give every local date.*2026-06-10"):
        planning.plan(one_market("DE", issues=dated, time_zone="Europe/Berlin"), start="2026-06-08", days=3)
    # Whit Monday 25 May 2026 is a German holiday: a rule forecast is scaled by holiday_factor there
    market = planning.Market.for_country("DE", 1000.0, holiday_factor=0.25)
    s = planning.Scenario(markets=[market], sites=[always(["de"])], channels=CHANNELS4, time_zone="Europe/Berlin")
    assert planning.plan(s, start="2026-05-25", days=2).market_issues[0] == pytest.approx(1250.0)


# --------------------------------------------------------------------------- output


def test_plan_arrays_are_read_only_and_shaped(june):
    for name in ("contacts", "handled", "agents", "fte", "service_level", "site", "uncovered", "backlog"):
        arr = getattr(june, name)
        assert arr.shape == (len(june.queues), june.n_intervals)
        with pytest.raises(ValueError):
            arr[0, 0] = 1
    assert june.site_agents.shape == (2, june.n_intervals)
    assert set(june.stage_seconds) == {"demand", "calendars", "routing", "staffing", "performance", "sites",
                                        "totals"}


def test_to_csv_and_to_pandas(tmp_path):
    p = planning.plan(planning.default_scenario(), start="2026-06-01", days=1, interval_s=3600)
    target = tmp_path / "plan.csv"
    p.to_csv(target)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + len(p.queues) * 24
    assert lines[1].startswith("2026-05-31T22:00:00Z,,de,phone,live,")
    pd = pytest.importorskip("pandas")
    frame = p.to_pandas()
    assert len(frame) == len(p.queues) * 24
    assert str(frame["start_at"].dt.tz) == "UTC"
    assert frame["agents"].sum() == p.agents.sum()
    assert isinstance(frame, pd.DataFrame)


def test_to_pandas_without_pandas(monkeypatch):
    p = planning.plan(planning.default_scenario(), start="2026-06-01", days=1, interval_s=3600)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError, match="pandas"):
        p.to_pandas()


def test_simulation_scenario_matches_the_plan():
    from cultureservice import sim

    p = planning.plan(one_market("DE", time_zone="Europe/Berlin", pooling="none"), start="2026-06-08", days=1,
                      interval_s=3600)
    s = p.simulation_scenario(first=10, count=2)
    assert isinstance(s, sim.Scenario) and s.n_intervals == 2
    phone = s.queues[[q.name for q in s.queues].index("de_phone")]
    q = p.queues.index(("", "de", "phone"))
    np.testing.assert_allclose(phone.arrival_rate_per_hour, p.handled[q, 10:12])
    assert phone.patience_s == 120.0 and phone.target_s == 20.0
    group = s.groups[[g.name for g in s.groups].index("agents_de_phone")]
    assert list(group.agents) == p.agents[q, 10:12].tolist()
    result = sim.simulate(s, replications=4, seed=1)
    assert result.by_interval.service_level.mean.shape == (len(s.queues), 2)
    with pytest.raises(InvalidArgumentError, match="count must be"):
        p.simulation_scenario(first=23, count=5)


def test_progress_bar_goes_to_stderr(capsys):
    planning.plan(planning.default_scenario(), start="2026-06-01", days=1, progress=True)
    err = capsys.readouterr().err
    assert "planning [" in err and err.endswith("\n")


# --------------------------------------------------------------------------- argument errors


def test_plan_argument_errors():
    s = planning.default_scenario()
    with pytest.raises(InvalidArgumentError, match="scenario must be a Scenario"):
        planning.plan("desk.toml")
    with pytest.raises(InvalidArgumentError, match="days must be a whole number"):
        planning.plan(s, start="2026-06-01", days=0)
    with pytest.raises(InvalidArgumentError, match="interval_s must be one of"):
        planning.plan(s, start="2026-06-01", interval_s=700)
    with pytest.raises(InvalidArgumentError, match="start must be a"):
        planning.plan(s, start="2026-02-30")
    with pytest.raises(InvalidArgumentError, match="start must fall on a multiple of 15 minutes"):
        planning.plan(s, start="2026-06-01T00:05:00Z")
    with pytest.raises(InvalidArgumentError, match="progress must be True or False"):
        planning.plan(s, start="2026-06-01", progress="yes")
    lord_howe = one_market("AU", time_zone="Australia/Lord_Howe")
    with pytest.raises(InvalidArgumentError, match="interval_s must divide the plan's span"):
        planning.plan(lord_howe, start="2026-04-02", days=4, interval_s=3600)


def test_infeasible_targets_raise():
    s = one_market("DE", issues={"mon-sun": 1e11})
    with pytest.raises(InfeasibleError, match="max_agents"):
        planning.plan(s, start="2026-06-08", days=1)


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: planning.Market.for_country("DE"), "needs exactly one of issues_per_day and issues_per_interval"),
        (lambda: planning.Market.for_country("DE", {"mon-fri": 1}), r"issues_per_day must give every weekday.*sat"),
        (lambda: planning.Market.for_country("DE", {"mon-fri": 1, "fri-sun": 2}), "gives 'fri' twice"),
        (lambda: planning.Market.for_country("DE", {"mon-sun": -1}), r"issues_per_day\['mon-sun'\] must be"),
        (lambda: planning.Market.for_country("DE", {"2026-06-01": 1, "mon": 2}), "either by weekdays or by dates"),
        (lambda: planning.Market.for_country("DE", "many"), "issues_per_day must be a number"),
        (lambda: planning.Market.for_country("DE", 5, holiday_factor=-1), "holiday_factor must be"),
        (lambda: planning.Market.for_country("DE", 5, channels={"fax": {}}), "channels keys must be one of"),
        (lambda: planning.Market.for_country("DE", 5, channels={"phone": {"aht": 3}}), "keys must be one of"),
        (lambda: planning.Market.for_country("DE", 5, intraday_shapes={"phone": [1] * 23}), "got 23 numbers"),
        (lambda: planning.Market.for_country("DE", 5, hours="always"), "hours must be"),
        (lambda: planning.Market.for_country("DE", 5, overrides={"support_hours": "x"}), "support_hours must be"),
        (lambda: planning.Market(name="DE", profile="DE", issues_per_day=5), "profile must be a CultureProfile"),
        (lambda: planning.ChannelSettings(channel="fax", handle_time_s=1), "channel must be one of"),
        (lambda: planning.ChannelSettings(channel="phone", handle_time_s=0), "handle_time_s must be a number > 0"),
        (lambda: planning.ChannelSettings(channel="phone", handle_time_s=1, concurrency=2), "concurrency must be 1"),
        (lambda: planning.ChannelSettings(channel="chat", handle_time_s=1, concurrency=0), "concurrency must be"),
        (lambda: planning.ChannelSettings(channel="phone", handle_time_s=1, service_level=80), "service_level must"),
        (lambda: planning.ChannelSettings(channel="phone", handle_time_s=1, kind="slow"), "kind must be one of"),
        (lambda: planning.ChannelSettings(channel="phone", handle_time_s=1, patience_s=0), "patience_s must be"),
        (lambda: planning.ChannelSettings(channel="phone", handle_time_s=1, max_occupancy=1.5), "max_occupancy"),
        (lambda: planning.Site(name="x", calendar=None, languages=["de"]), "calendar must be a"),
        (lambda: always([]), "languages must be a non-empty list"),
        (lambda: always(["German"]), r"languages\[0\] must be a CLDR language id"),
        (lambda: always(["de"], shrinkage=1.0), "shrinkage must be a number in"),
        (lambda: always(["de"], channels=["fax"]), r"channels\[0\] must be one of"),
        (lambda: planning.IntervalForecast(start_at="2026-06-01T00:00", interval_s=900, issues=[1]), "start_at"),
        (lambda: planning.IntervalForecast(start_at="2026-06-01T00:00Z", interval_s=100, issues=[1]), "interval_s"),
        (lambda: planning.IntervalForecast(start_at="2026-06-01T00:00Z", interval_s=900, issues=[]), "issues must"),
        (lambda: planning.Scenario(markets=[], sites=[], channels=CHANNELS4), "markets must be a non-empty"),
        (lambda: planning.Scenario(markets=[planning.Market.for_country("DE", 1)] * 2, sites=[], channels=CHANNELS4),
         "unique names; got 'DE' twice"),
        (lambda: planning.Scenario(markets=[planning.Market.for_country("DE", 1)], sites=[always(["de"])] * 2,
                                   channels=CHANNELS4), "sites must have unique names"),
        (lambda: planning.Scenario(markets=[planning.Market.for_country("DE", 1)], sites=[], channels={}),
         "at least one staffed channel"),
        (lambda: planning.Scenario(markets=[planning.Market.for_country("DE", 1)], sites=[], channels=CHANNELS4,
                                   pooling="all"), "pooling must be one of"),
        (lambda: planning.Scenario(markets=[planning.Market.for_country("DE", 1)], sites=[], channels=CHANNELS4,
                                   time_zone="Europe/Krakow"), "time_zone must be an IANA"),
        (lambda: planning.Scenario(markets=[planning.Market.for_country("DE", 1)], sites=[], channels=CHANNELS4,
                                   pool_markets="yes"), "pool_markets must be True or False"),
        (lambda: planning.Scenario(markets=[planning.Market.for_country("DE", 1)], sites=[], channels=CHANNELS4,
                                   fallback_language="English"), "fallback_language must be"),
    ],
)
def test_object_errors_name_the_argument(build, match):
    with pytest.raises(InvalidArgumentError, match=match):
        build()


def test_fallback_acceptance_below_the_fallback_share_is_refused():
    market = planning.Market.for_country(
        "IN", 10.0, overrides={"fallback_acceptance": {c: 0.1 for c in culture.CHANNELS}})
    s = planning.Scenario(markets=[market], sites=[], channels=CHANNELS4)
    with pytest.raises(InvalidArgumentError, match=r"fallback_acceptance\['phone'\] of market 'IN' must be at least"):
        planning.plan(s, start="2026-06-08", days=1)


# --------------------------------------------------------------------------- scenario files

GOOD = """
format = "cultureservice-scenario"
version = 1
name = "Test desk"
time_zone = "Europe/Berlin"
interval_minutes = 30
days = 2
start = 2026-06-08
[channels.phone]
handle_time_s = 300
patience_s = 90
[channels.email]
handle_time_s = 400
target_s = 14400
[markets.DE]
issues_per_day = { mon-fri = 800, sat-sun = 0 }
hours = { mon-fri = [["08:00", "18:00"]] }
channels = { phone = { handle_time_s = 330 } }
intraday_shape = { phone = [1, 1, 1, 1, 1, 1, 1, 2, 4, 6, 6, 6, 5, 5, 6, 6, 5, 4, 2, 1, 1, 1, 1, 1] }
[markets.swiss]
country = "CH"
issues_per_day = { "2026-06-08" = 100, "2026-06-09" = 120 }
profile = { languages = { de = 0.7, fr = 0.3 } }
[sites.berlin]
country = "DE"
hours = [["08:00", "18:00"]]
languages = ["de", "fr", "en"]
date_overrides = { "2026-06-09" = [["08:00", "12:00"]] }
holiday_rule = "shift"
[sites.remote]
time_zone = "UTC"
hours = "24/7"
languages = ["en"]
channels = ["email"]
"""


def test_load_scenario_reads_every_section(tmp_path):
    path = tmp_path / "desk.toml"
    path.write_text(GOOD, encoding="utf-8")
    s = planning.load_scenario(path)
    assert s.source == str(path) and s.interval_s == 1800 and s.start == dt.date(2026, 6, 8)
    assert [m.name for m in s.markets] == ["DE", "swiss"] and s.markets[1].profile.country == "CH"
    assert s.markets[0].channels["phone"]["handle_time_s"] == 330
    assert dict(s.markets[1].profile.languages) == {"de": 0.7, "fr": 0.3}
    assert s.sites[1].channels == ("email",)
    p = planning.plan(s)
    assert p.n_intervals == 96
    berlin = s.sites[0]
    assert berlin.calendar.holiday_rule == "shift"
    assert not berlin.calendar.is_open("2026-06-09T13:00+02:00") and berlin.calendar.is_open("2026-06-10T13:00+02:00")


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (('version = 1', 'version = 2'), r"key 'version': must be 1; got 2"),
        (('format = "cultureservice-scenario"', 'format = "x"'), r"key 'format': must be 'cultureservice-scenario'"),
        (('days = 2', 'dayz = 2'), r"key 'dayz': unknown key \(did you mean 'days'\?\); allowed keys"),
        (('interval_minutes = 30', 'interval_minutes = 7'), r"key 'interval_minutes': must be one of 5, 10, 15"),
        (('time_zone = "Europe/Berlin"', 'time_zone = "Berlin"'), r"key 'time_zone': time_zone must be an IANA"),
        (('handle_time_s = 300', 'handle_time_s = "slow"'), r"key 'channels.phone': handle_time_s must be a number"),
        (('[channels.email]', '[channels.fax]'), r"key 'channels.fax': unknown key"),
        (('patience_s = 90', 'patiense_s = 90'), r"key 'channels.phone.patiense_s': unknown key \(did you mean"),
        (('issues_per_day = { mon-fri = 800, sat-sun = 0 }', 'issues_per_day = { mon-fri = 800 }'),
         r"key 'markets.DE': issues_per_day must give every weekday"),
        (('issues_per_day = { mon-fri = 800, sat-sun = 0 }', 'issues = 5'), r"key 'markets.DE.issues': unknown key"),
        (('country = "CH"', 'country = "XX"'), r"key 'markets.swiss': country must be an ISO 3166-1"),
        (('country = "CH"\n', ''), r"key 'markets.swiss.country': is required"),
        (('languages = ["de", "fr", "en"]', 'languages = "de"'), r"key 'sites.berlin': languages must be"),
        (('hours = "24/7"', 'hours = 24'), r"key 'sites.remote.hours': must be '24/7', a list"),
        (('hours = [["08:00", "18:00"]]\nlanguages', 'hours = [["08:00", "25:00"]]\nlanguages'),
         r"key 'sites.berlin': hours\[0\] close must be a wall-clock time"),
        (('profile = { languages = { de = 0.7, fr = 0.3 } }', 'profile = { languages = { de = 0.7 } }'),
         r"key 'markets.swiss': languages must sum to 1"),
        (('time_zone = "UTC"\n', ''), r"key 'sites.remote': needs a country"),
        (('start = 2026-06-08', 'start = "June"'), r"key 'start': start must be a date"),
        (('holiday_rule = "shift"', 'holiday_rule = "night"'), r"key 'sites.berlin': holiday_rule must be 'day'"),
    ],
)
def test_load_scenario_errors_name_file_key_and_allowed_values(tmp_path, change, match):
    old, new = change
    assert old in GOOD
    path = tmp_path / "desk.toml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError, match=match) as info:
        planning.load_scenario(path)
    assert str(info.value).startswith(str(path))


def test_load_scenario_file_errors(tmp_path):
    with pytest.raises(DataError, match=r"nope\.toml: cannot be read"):
        planning.load_scenario(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("format = \n", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.toml: not valid TOML"):
        planning.load_scenario(bad)
    bad.write_text('format = "cultureservice-scenario"\nversion = 1\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"key '\(top level\)': lacks required key\(s\) channels, markets"):
        planning.load_scenario(bad)


# --------------------------------------------------------------------------- command line


def test_cli_plan_prints_summary_and_gaps(capsys, tmp_path):
    out_csv = tmp_path / "plan.csv"
    assert cli.main(["plan", "--start", "2026-06-01", "--days", "7", "--interval", "60", "--csv", str(out_csv)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Kraków shared-services centre (illustrative)")
    assert "Coverage gaps" in out and "DE de   phone+chat  Thu 2026-06-04" in out
    assert out_csv.exists() and "plan written to" in out


def test_cli_plan_with_a_scenario_file(capsys, tmp_path):
    path = tmp_path / "desk.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert cli.main(["plan", "--scenario", str(path)]) == 0
    assert capsys.readouterr().out.startswith("Test desk")


def test_cli_plan_exits_2_with_a_clear_message_on_a_broken_scenario(capsys, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text(GOOD.replace("handle_time_s = 300", "handle_time_s = -300"), encoding="utf-8")
    assert cli.main(["plan", "--scenario", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "channels.phone" in err and "handle_time_s must be a number > 0; got -300" in err
    assert cli.main(["plan", "--start", "someday"]) == 2
    assert "start must be a date" in capsys.readouterr().err
    assert cli.main(["plan", "--csv", str(tmp_path / "missing" / "x.csv"), "--start", "2026-06-01", "--days", "1"]) == 2
    assert "--csv" in capsys.readouterr().err


def test_cli_plan_exits_3_when_infeasible(capsys, tmp_path):
    path = tmp_path / "huge.toml"
    path.write_text(GOOD.replace("mon-fri = 800, sat-sun = 0", "mon-sun = 1e12"), encoding="utf-8")
    assert cli.main(["plan", "--scenario", str(path)]) == 3
    assert "max_agents" in capsys.readouterr().err
