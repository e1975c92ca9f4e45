"""Tests of cultureservice.kpi: definitions, breakdowns, workload weighting, relative satisfaction, priorities."""

from __future__ import annotations

import math

import numpy as np
import oracles_kpi as oracle
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cultureservice import InvalidArgumentError, UnknownCodeError
from cultureservice.culture import profile
from cultureservice.kpi import (
    FEEDBACK_STYLE_SPREAD,
    INQUIRY_TYPES,
    ContactRecords,
    KpiTable,
    abandonment_rate,
    average_handle_time,
    average_speed_of_answer,
    breakdown,
    ces,
    csat,
    effort_per_issue,
    first_contact_resolution,
    localization_priorities,
    nps,
    occupancy,
    productivity,
    relative_satisfaction,
    satisfaction_baseline,
    service_level,
    workload_weights,
)

MARKETS = ["DE", "ES", "SE", "JP", "IT"]
NAN = float("nan")


def _readonly(values, dtype=None):
    arr = np.array(values, dtype=dtype)
    arr.flags.writeable = False
    return arr


# --------------------------------------------------------------------------- hand-computed definitions


def test_service_level_and_abandonment_by_hand():
    # 6 offered: answered at 10, 20 (on the target), 25; abandoned at 3 (short), 15 and 60.
    waits = _readonly([10, 20, 25, 3, 15, 60], float)
    answered = _readonly([True, True, True, False, False, False])
    assert service_level(waits, answered, target_s=20) == pytest.approx(2 / 6)
    assert service_level(waits, answered, target_s=20, short_abandon_s=5) == pytest.approx(2 / 5)
    assert abandonment_rate(waits, answered) == pytest.approx(3 / 6)
    assert abandonment_rate(waits, answered, short_abandon_s=5) == pytest.approx(2 / 5)
    assert average_speed_of_answer(waits, answered) == pytest.approx(55 / 3)
    assert isinstance(service_level(waits, answered, target_s=20), np.float64)


def test_handle_time_fcr_csat_nps_ces_occupancy_by_hand():
    assert average_handle_time([200, 400], hold_s=[30, 0], after_contact_work_s=[60, 90]) == 390.0
    assert first_contact_resolution([1, 0, 1, 1, 0]) == 0.6
    assert csat([5, 5, 4, 3, 2, 1, 4, 5]) == csat([5, 5, 4, 3, 2, 1, 4, 5], scale=(1, 5))
    result = csat([5, 5, 4, 3, 2, 1, 4, 5])
    assert (result.top_two_box, result.mean, result.responses) == (5 / 8, 29 / 8, 8)
    assert csat([7, 6, 5, 1], scale=(1, 7)).top_two_box == 0.5
    assert nps([10, 9, 9, 8, 7, 6, 5, 0]) == pytest.approx(100 * (3 - 3) / 8)
    assert nps([10, 10, 10, 9]) == 100.0 and nps([0, 6, 3]) == -100.0 and nps([7, 8]) == 0.0
    assert nps([10, 9, 7, 3, 2]) == pytest.approx(0.0)
    assert nps([10, 7, 8, 6]) == pytest.approx(0.0)
    assert nps([10, 10, 7, 6]) == pytest.approx(25.0)
    assert ces([7, 5, 6]) == 6.0 and ces([1, 5], scale=(1, 5)) == 3.0
    assert occupancy([1200, 1800, 0], [1800, 1800, 600]) == pytest.approx(3000 / 4200)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: nps([]), "scores"),
        (lambda: nps([11]), "scores"),
        (lambda: nps([7.5]), "scores"),
        (lambda: nps([-1]), "scores"),
        (lambda: nps([NAN]), "scores"),
        (lambda: csat([6]), "scores"),
        (lambda: csat([0, 3]), "scores"),
        (lambda: csat([3], scale=(1, 2)), "scale"),
        (lambda: csat([3], scale=(5, 1)), "scale"),
        (lambda: ces([8]), "scores"),
        (lambda: ces([]), "scores"),
        (lambda: service_level([], [], target_s=20), "wait_s"),
        (lambda: service_level([1, 2], [True], target_s=20), "wait_s and answered"),
        (lambda: service_level([-1], [True], target_s=20), "wait_s"),
        (lambda: service_level([1], [True], target_s=-5), "target_s"),
        (lambda: service_level([1], ["yes"], target_s=5), "answered"),
        (lambda: service_level([1], [False], target_s=5, short_abandon_s=5), "short abandon"),
        (lambda: abandonment_rate([1], [False], short_abandon_s=5), "short abandon"),
        (lambda: average_speed_of_answer([1, 2], [False, False]), "answered"),
        (lambda: average_handle_time([]), "talk_s"),
        (lambda: average_handle_time([1.0, 2.0], hold_s=[1.0, 2.0, 3.0]), "hold_s"),
        (lambda: first_contact_resolution([]), "resolved_first_contact"),
        (lambda: first_contact_resolution([2]), "resolved_first_contact"),
        (lambda: occupancy([10], [5]), "busy_s"),
        (lambda: occupancy([0], [0]), "available_s"),
        (lambda: occupancy([], []), "busy_s"),
    ],
)
def test_measure_errors_name_the_argument(call, name):
    with pytest.raises(InvalidArgumentError, match=name):
        call()


def test_score_error_shows_value_index_and_scale():
    with pytest.raises(InvalidArgumentError, match=r"scores must be integers from 0 to 10; got 11\.0 at index 2"):
        nps([10, 9, 11])


# --------------------------------------------------------------------------- properties against the oracle


@given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
def test_nps_in_range_and_exact(scores):
    value = nps(scores)
    assert -100.0 <= value <= 100.0
    assert value == pytest.approx(float(oracle.nps(scores)), abs=1e-12)


@given(st.lists(st.integers(1, 5), min_size=1, max_size=100))
def test_csat_matches_definition(scores):
    result = csat(scores)
    assert result.top_two_box == pytest.approx(float(oracle.top_two_box(scores, 5)))
    assert result.mean == pytest.approx(float(oracle.mean(scores)))
    assert 0 <= result.top_two_box <= 1 and 1 <= result.mean <= 5


contact_lists = st.lists(
    st.tuples(st.integers(0, 300).map(float), st.booleans()), min_size=1, max_size=80
)


@given(contacts=contact_lists, target=st.integers(0, 120), short=st.integers(0, 10))
def test_service_level_and_abandonment_match_definition(contacts, target, short):
    waits = [w for w, _ in contacts]
    answered = [a for _, a in contacts]
    assume(any(a or w >= short for w, a in contacts))
    sl = service_level(waits, answered, target_s=target, short_abandon_s=short)
    assert sl == pytest.approx(float(oracle.service_level(waits, answered, target, short)))
    ab = abandonment_rate(waits, answered, short_abandon_s=short)
    assert ab == pytest.approx(float(oracle.abandonment(waits, answered, short)))
    assert 0 <= sl <= 1 and 0 <= ab <= 1 and sl + ab <= 1 + 1e-12
    if any(answered):
        assert average_speed_of_answer(waits, answered) == pytest.approx(float(oracle.asa(waits, answered)))


@st.composite
def records_strategy(draw, min_size=1, max_size=60):
    n = draw(st.integers(min_size, max_size))
    market = draw(st.lists(st.sampled_from(MARKETS), min_size=n, max_size=n))
    channel = draw(st.lists(st.sampled_from(["phone", "email", "chat"]), min_size=n, max_size=n))
    team = draw(st.lists(st.sampled_from(["t1", "t2", "t3"]), min_size=n, max_size=n))
    inquiry = draw(st.lists(st.sampled_from(INQUIRY_TYPES), min_size=n, max_size=n))
    answered = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    wait = draw(st.lists(st.one_of(st.just(NAN), st.integers(0, 200).map(float)), min_size=n, max_size=n))
    handle = [
        (draw(st.integers(60, 900)) * 1.0 if a else NAN) for a in answered
    ]
    fcr = draw(st.lists(st.sampled_from([True, False, None]), min_size=n, max_size=n))
    csat_ = draw(st.lists(st.one_of(st.just(NAN), st.integers(1, 5).map(float)), min_size=n, max_size=n))
    nps_ = draw(st.lists(st.one_of(st.just(NAN), st.integers(0, 10).map(float)), min_size=n, max_size=n))
    return ContactRecords(
        market=market, channel=channel, team=team, inquiry_type=inquiry, wait_s=wait, answered=answered,
        handle_time_s=handle, resolved_first_contact=fcr, csat=csat_, nps=nps_,
    )


@given(records=records_strategy(), by=st.sampled_from(["market", "channel", "team", "inquiry_type", ("team", "channel")]))
def test_breakdown_matches_the_measures_on_each_group(records, by):
    table = breakdown(records, by, target_s=30)
    names = (by,) if isinstance(by, str) else by
    expected = oracle.groups(*[getattr(records, n).tolist() for n in names])
    assert table.keys == tuple(sorted(expected))
    assert table.by == names
    for key, rows in expected.items():
        got = table.row(*key)
        assert got["contacts"] == len(rows)
        waits = [records.wait_s[i] for i in rows if not math.isnan(records.wait_s[i])]
        answered = [bool(records.answered[i]) for i in rows if not math.isnan(records.wait_s[i])]
        if waits:
            assert got["service_level"] == pytest.approx(float(oracle.service_level(waits, answered, 30, 0)))
            assert got["abandonment_rate"] == pytest.approx(float(oracle.abandonment(waits, answered, 0)))
        else:
            assert math.isnan(got["service_level"]) and math.isnan(got["abandonment_rate"])
        if any(answered):
            assert got["asa_s"] == pytest.approx(float(oracle.asa(waits, answered)))
        else:
            assert math.isnan(got["asa_s"])
        handled = [records.handle_time_s[i] for i in rows if not math.isnan(records.handle_time_s[i])]
        assert (math.isnan(got["aht_s"]) and not handled) or got["aht_s"] == pytest.approx(float(oracle.mean(handled)))
        flags = [records.resolved_first_contact[i] for i in rows if not math.isnan(records.resolved_first_contact[i])]
        assert got["fcr_issues"] == len(flags)
        assert (math.isnan(got["fcr"]) and not flags) or got["fcr"] == pytest.approx(float(oracle.mean(flags)))
        scores = [int(records.csat[i]) for i in rows if not math.isnan(records.csat[i])]
        assert got["csat_responses"] == len(scores)
        if scores:
            assert got["csat_top_two_box"] == pytest.approx(float(oracle.top_two_box(scores, 5)))
            assert got["csat_mean"] == pytest.approx(float(oracle.mean(scores)))
        promoters = [int(records.nps[i]) for i in rows if not math.isnan(records.nps[i])]
        if promoters:
            assert got["nps"] == pytest.approx(float(oracle.nps(promoters)))
            assert -100 <= got["nps"] <= 100
        else:
            assert math.isnan(got["nps"])


def test_breakdown_per_channel_targets_and_text():
    records = ContactRecords(
        market=["DE", "DE", "DE"], channel=["phone", "email", "email"], wait_s=[30, 3600, 90000],
        answered=[True, True, True], inquiry_type=["diagnostic", "advisory", "advisory"],
    )
    table = breakdown(records, "channel", target_s={"phone": 20, "email": 86400})
    assert table.row("email")["service_level"] == 0.5 and table.row("phone")["service_level"] == 0.0
    assert "service_level" in table.to_text().splitlines()[0]
    by_type = breakdown(records, "inquiry_type")
    assert by_type.keys == (("advisory",), ("diagnostic",)) and "service_level" not in by_type.columns
    with pytest.raises(InvalidArgumentError, match="target_s has no target for the channel"):
        breakdown(records, "channel", target_s={"phone": 20})
    with pytest.raises(InvalidArgumentError, match="team"):
        breakdown(records, "team")
    with pytest.raises(InvalidArgumentError, match="target_s needs records with a wait_s column"):
        breakdown({"market": ["DE"], "channel": ["phone"]}, target_s=20)
    with pytest.raises(InvalidArgumentError, match="by"):
        breakdown(records, "colour")
    with pytest.raises(InvalidArgumentError, match="column"):
        table["nps"]
    with pytest.raises(InvalidArgumentError, match="key"):
        table.row("chat")


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"channel": ["phone", "fax"]}, "channel"),
        ({"inquiry_type": ["informational", "complaint"]}, "inquiry_type"),
        ({"csat": [5, 6]}, "csat"),
        ({"csat": [5, 4], "csat_scale": (1, 3)}, "csat"),
        ({"nps": [10, 10.5]}, "nps"),
        ({"ces": [0, NAN]}, "ces"),
        ({"wait_s": [1.0]}, "wait_s"),
        ({"wait_s": [1.0, -2.0]}, "wait_s"),
        ({"handle_time_s": [1.0, float("inf")]}, "handle_time_s"),
        ({"resolved_first_contact": [True, "no"]}, "resolved_first_contact"),
        ({"market": ["DE", ""]}, "market"),
        ({"team": [1, 2]}, "team"),
    ],
)
def test_contact_records_errors(kwargs, name):
    args = {"market": ["DE", "ES"], "channel": ["phone", "email"], **kwargs}
    with pytest.raises(InvalidArgumentError, match=name):
        ContactRecords(**args)


def test_contact_records_do_not_write_to_inputs_and_are_read_only():
    csat_in = np.array([5.0, NAN])
    records = ContactRecords.from_table({"market": ["DE", "ES"], "channel": ["phone", "email"], "csat": csat_in,
                                         "ignored": [1, 2]})
    assert records.csat is not csat_in and not records.csat.flags.writeable
    with pytest.raises(ValueError):
        records.csat[0] = 1.0
    assert csat_in.tolist()[0] == 5.0
    with pytest.raises(InvalidArgumentError, match="table"):
        ContactRecords.from_table([1, 2])
    with pytest.raises(InvalidArgumentError, match="records must hold at least one contact"):
        breakdown({"market": [], "channel": []})


# --------------------------------------------------------------------------- workload weighting


HANDLE = {"phone": 300.0, "email": 600.0, "chat": 420.0}


def test_effort_per_issue_by_hand():
    table = effort_per_issue(["ES", "DE"], HANDLE)
    for market in ("DE", "ES"):
        p = profile(market)
        e = oracle.effort_per_contact(dict(p.channel_mix), HANDLE)
        row = table.row(market)
        assert row["effort_per_contact_s"] == pytest.approx(float(e))
        assert row["effort_per_issue_s"] == pytest.approx(float(e) * p.contacts_per_issue)
        assert row["contacts_per_issue"] == p.contacts_per_issue
    # DE (linear-active): phone 0.20, email 0.40, chat 0.15 of the mix -> (60 + 240 + 63) / 0.75
    assert table.row("DE")["effort_per_contact_s"] == pytest.approx((0.2 * 300 + 0.4 * 600 + 0.15 * 420) / 0.75)
    with pytest.raises(UnknownCodeError, match="markets"):
        effort_per_issue(["Nordics"], HANDLE)
    with pytest.raises(InvalidArgumentError, match="handle_time_s"):
        effort_per_issue(["DE"], {"fax": 10})
    with pytest.raises(InvalidArgumentError, match="handle_time_s"):
        effort_per_issue(["DE"], {"phone": 0})
    no_phone = profile("DE").with_overrides(
        channel_mix={"phone": 0, "email": 0, "chat": 0, "messaging": 0.5, "social": 0, "self_service": 0.5}
    )
    with pytest.raises(InvalidArgumentError, match="covers no channel"):
        effort_per_issue(["DE"], {"phone": 300}, profiles={"DE": no_phone})


@given(records=records_strategy())
def test_workload_weights_preserve_totals_and_follow_effort(records):
    weights = workload_weights(records, handle_time_s=HANDLE)
    assert weights.shape == (len(records),)
    assert math.fsum(weights.tolist()) == pytest.approx(len(records), rel=1e-12)
    effort = {m: float(oracle.effort_per_contact(dict(profile(m).channel_mix), HANDLE)) for m in MARKETS}
    # each weight is its market's effort per contact over one common constant
    per_effort = [weights[i] / effort[m] for i, m in enumerate(records.market.tolist())]
    assert per_effort == pytest.approx([per_effort[0]] * len(per_effort))
    mean_effort = math.fsum(effort[m] for m in records.market.tolist()) / len(records)
    assert per_effort[0] == pytest.approx(1 / mean_effort)


def test_workload_weights_learn_handle_times_from_history():
    records = ContactRecords(market=["DE", "ES", "ES", "DE"], channel=["email", "phone", "phone", "phone"],
                             handle_time_s=[500, 200, 400, 300])
    learned = {"email": 500.0, "phone": 300.0}
    assert workload_weights(records).tolist() == pytest.approx(workload_weights(records, handle_time_s=learned).tolist())
    with pytest.raises(InvalidArgumentError, match="handle_time_s"):
        workload_weights({"market": ["DE"], "channel": ["phone"]})


def test_productivity_by_hand_and_empty_groups():
    records = {"market": ["ES"] * 4 + ["DE"] * 2, "channel": ["phone"] * 4 + ["email"] * 2,
               "team": ["a"] * 4 + ["b"] * 2}
    table = productivity(records, {"a": 7200, "b": 3600}, handle_time_s={"phone": 300, "email": 600})
    assert isinstance(table, KpiTable) and table.keys == (("a",), ("b",))
    e_es = float(oracle.effort_per_contact(dict(profile("ES").channel_mix), {"phone": 300, "email": 600}))
    e_de = float(oracle.effort_per_contact(dict(profile("DE").channel_mix), {"phone": 300, "email": 600}))
    mean_effort = (4 * e_es + 2 * e_de) / 6
    a, b = table.row("a"), table.row("b")
    assert a["contacts"] == 4 and a["staffed_h"] == 2.0 and a["contacts_per_hour"] == 2.0
    assert a["issues"] == pytest.approx(4 / profile("ES").contacts_per_issue)
    assert b["issues"] == pytest.approx(2 / profile("DE").contacts_per_issue)
    assert a["weighted_contacts"] == pytest.approx(4 * e_es / mean_effort)
    assert b["weighted_contacts_per_hour"] == pytest.approx(2 * e_de / mean_effort)
    assert a["weighted_contacts"] + b["weighted_contacts"] == pytest.approx(6)
    with pytest.raises(InvalidArgumentError, match="empty groups"):
        productivity(records, {"a": 7200, "b": 3600, "c": 3600}, handle_time_s=HANDLE)
    with pytest.raises(InvalidArgumentError, match="staffed_s lacks"):
        productivity(records, {"a": 7200}, handle_time_s=HANDLE)
    with pytest.raises(InvalidArgumentError, match="staffed_s"):
        productivity(records, {"a": 0, "b": 3600}, handle_time_s=HANDLE)
    by_two = productivity(records, {("a", "ES"): 7200, ("b", "DE"): 3600}, by=("team", "market"),
                          handle_time_s=HANDLE)
    assert by_two.keys == (("a", "ES"), ("b", "DE"))


def test_productivity_uses_given_profiles():
    slow_es = profile("ES").with_overrides(contacts_per_issue=2.0)
    records = {"market": ["ES", "ES"], "channel": ["phone", "phone"], "team": ["a", "a"]}
    table = productivity(records, {"a": 3600}, handle_time_s=HANDLE, profiles={"ES": slow_es})
    assert table.row("a")["issues"] == pytest.approx(1.0)
    with pytest.raises(InvalidArgumentError, match="profiles"):
        productivity(records, {"a": 3600}, handle_time_s=HANDLE, profiles={"ES": "Spain"})


# --------------------------------------------------------------------------- market-relative satisfaction


scored = st.lists(st.tuples(st.sampled_from(MARKETS), st.integers(1, 5)), min_size=2, max_size=80)


@st.composite
def spread_scores(draw):
    """Scores of 1-5 markets, each with at least two different answers, shuffled."""
    data = []
    for market in draw(st.lists(st.sampled_from(MARKETS), min_size=1, max_size=5, unique=True)):
        low = draw(st.integers(1, 4))
        high = draw(st.integers(low + 1, 5))
        extra = draw(st.lists(st.integers(1, 5), max_size=20))
        data += [(market, s) for s in [low, high, *extra]]
    return draw(st.permutations(data))


@given(spread_scores())
def test_standardization_has_zero_mean_and_unit_spread_per_market(data):
    markets = [m for m, _ in data]
    scores = [float(s) for _, s in data]
    by_market = oracle.groups(markets)
    base = satisfaction_baseline(scores, markets, prior_strength=0)
    z = relative_satisfaction(scores, markets, base)
    for rows in by_market.values():
        values = [z[i] for i in rows]
        m, sd = oracle.population_mean_sd(values)
        assert m == pytest.approx(0.0, abs=1e-9)
        assert sd == pytest.approx(1.0, rel=1e-9)


@given(scored, st.sampled_from([0.5, 5.0, 50.0, math.inf]))
def test_baseline_follows_the_credibility_formula(data, strength):
    markets = [m for m, _ in data]
    scores = [float(s) for _, s in data]
    pooled_mean, pooled_sd = oracle.population_mean_sd(scores)
    assume(pooled_sd > 0)
    base = satisfaction_baseline(scores, markets, prior_strength=strength)
    asked = sorted(set(MARKETS))  # includes markets without history
    mean, sd = base.of(asked)
    groups = oracle.groups(markets)
    for j, market in enumerate(asked):
        rows = groups.get((market,), [])
        own_mean, own_sd = oracle.population_mean_sd([scores[i] for i in rows]) if rows else (0.0, 0.0)
        factor = FEEDBACK_STYLE_SPREAD[profile(market).feedback_style]
        want = oracle.credibility(len(rows), own_mean, own_sd, strength, pooled_mean, factor * pooled_sd)
        assert (mean[j], sd[j]) == pytest.approx(want)


def test_relative_satisfaction_by_hand_with_style_prior():
    # History: pooled mean 4, pooled sd 1 (scores 3 and 5, equally often).
    scores = [3.0, 5.0] * 10
    markets = ["DE", "DE"] * 5 + ["US", "US"] * 5
    base = satisfaction_baseline(scores, markets, prior_strength=math.inf,
                                 feedback_styles={"US": "direct", "DE": "direct"})
    assert relative_satisfaction([3.0], ["DE"], base).tolist() == [-1.0]
    # Japan has no history: the profile's feedback style (indirect) narrows the prior spread to 0.8
    assert profile("JP").feedback_style == "indirect"
    assert relative_satisfaction([3.0], ["JP"], base).tolist() == pytest.approx([-1.0 / 0.8])
    # the style is a documented, overridable prior
    direct = satisfaction_baseline(scores, markets, prior_strength=math.inf, feedback_styles={"JP": "direct"})
    assert relative_satisfaction([3.0], ["JP"], direct).tolist() == pytest.approx([-1.0])
    wider = satisfaction_baseline(scores, markets, prior_strength=math.inf, spread={"indirect": 2.0})
    assert relative_satisfaction([3.0], ["JP"], wider).tolist() == pytest.approx([-0.5])


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: satisfaction_baseline([], []), InvalidArgumentError, "scores"),
        (lambda: satisfaction_baseline([6], ["DE"]), InvalidArgumentError, "scores"),
        (lambda: satisfaction_baseline([NAN], ["DE"]), InvalidArgumentError, "scores"),
        (lambda: satisfaction_baseline([5], ["DE", "ES"]), InvalidArgumentError, "scores and markets"),
        (lambda: satisfaction_baseline([5], ["DE"], prior_strength=-1), InvalidArgumentError, "prior_strength"),
        (lambda: satisfaction_baseline([5], ["DE"], feedback_styles={"DE": "shy"}), InvalidArgumentError,
         "feedback_styles"),
        (lambda: satisfaction_baseline([5], ["DE"], spread={"loud": 2}), InvalidArgumentError, "spread"),
        (lambda: satisfaction_baseline([5, 4], ["DE", "DE"]).of(["Nordics"]), UnknownCodeError, "feedback_styles"),
        (lambda: satisfaction_baseline([5, 4], ["DE", "DE"], prior_strength=0).of(["ES"]), InvalidArgumentError,
         "no history"),
        (lambda: satisfaction_baseline([4, 4], ["DE", "DE"], prior_strength=0).of(["DE"]), InvalidArgumentError,
         "no spread"),
        (lambda: relative_satisfaction([9], ["DE"], satisfaction_baseline([5, 4], ["DE", "DE"])), InvalidArgumentError,
         "scores"),
        (lambda: relative_satisfaction([4], ["DE"], None), InvalidArgumentError, "baseline"),
    ],
)
def test_satisfaction_errors(call, error, name):
    with pytest.raises(error, match=name):
        call()


# --------------------------------------------------------------------------- localization priorities


def test_localization_priorities_by_hand():
    records = ContactRecords(
        market=["DE"] * 4 + ["SE"] * 2 + ["JP"] * 2,
        channel=["email"] * 8,
        wait_s=[10, 10, 10, 10, 40, 40, 100, 100],
        csat=[5, 4, 5, 4, 4, 5, 2, 3],
    )
    ranked = localization_priorities(records, agent_languages=["de", "en"], weights={"volume": 1, "waiting": 1,
                                                                                     "satisfaction": 1, "language": 1})
    by_market = {p.market: p for p in ranked}
    assert [p.rank for p in ranked] == [1, 2, 3]
    assert by_market["DE"].volume_share == 0.5 and by_market["JP"].mean_wait_s == 100.0
    base = satisfaction_baseline(records.csat, records.market, prior_strength=math.inf)
    z = relative_satisfaction(records.csat, records.market, base)
    gap_jp = z[6:].mean() - z[:6].mean()
    assert by_market["JP"].satisfaction_gap == pytest.approx(gap_jp)
    # language: Japan's customers are served in English only where they accept it by e-mail
    assert by_market["JP"].uncovered_share == pytest.approx(1 - profile("JP").fallback_acceptance["email"])
    assert by_market["DE"].uncovered_share == 0.0
    uncovered_se = 1 - profile("SE").fallback_acceptance["email"]
    assert by_market["SE"].uncovered_share == pytest.approx(uncovered_se)
    # score: each criterion over its maximum, equal weights
    volume = {"DE": 0.5, "SE": 0.25, "JP": 0.25}
    wait = {"DE": 10, "SE": 40, "JP": 100}
    shortfall = {m: max(0.0, -by_market[m].satisfaction_gap) for m in volume}
    uncovered = {m: by_market[m].uncovered_share for m in volume}
    for m, p in by_market.items():
        want = 0.25 * (volume[m] / 0.5 + wait[m] / 100 + shortfall[m] / max(shortfall.values())
                       + uncovered[m] / max(uncovered.values()))
        assert p.score == pytest.approx(want)
    assert ranked[0].market == "JP"
    assert any(r.startswith("satisfaction:") for r in ranked[0].reasons)
    assert any(r.startswith("language:") for r in ranked[0].reasons)


def test_localization_priorities_per_market_languages_and_errors():
    records = {"market": ["DE", "FI"], "channel": ["phone", "phone"]}
    ranked = localization_priorities(records, agent_languages={"DE": ["de"], "FI": ["fi", "sv"]})
    assert all(p.uncovered_share == 0.0 for p in ranked)
    assert all("waiting: no waits recorded" in p.reasons for p in ranked)
    with pytest.raises(InvalidArgumentError, match="agent_languages"):
        localization_priorities(records, agent_languages={"DE": ["de"]})
    with pytest.raises(InvalidArgumentError, match="agent_languages"):
        localization_priorities(records, agent_languages=[])
    with pytest.raises(InvalidArgumentError, match="weights"):
        localization_priorities(records, agent_languages=["de"], weights={"beauty": 1})
    with pytest.raises(InvalidArgumentError, match="weights"):
        localization_priorities(records, agent_languages=["de"], weights={"volume": 0})
    with pytest.raises(UnknownCodeError, match="markets"):
        localization_priorities({"market": ["EU"], "channel": ["phone"]}, agent_languages=["de"])
