"""Tests of cultureservice.sla against a plain per-ticket oracle with a minute-stepping calendar."""

from __future__ import annotations

import builtins
import functools
from datetime import date, datetime

import numpy as np
import oracles_sla as oracle
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cultureservice import (
    CultureServiceError,
    InvalidArgumentError,
    MissingDependencyError,
    UnknownCodeError,
)
from cultureservice._kernels import sla as ks
from cultureservice.calendar import BusinessCalendar
from cultureservice.culture import profile
from cultureservice.sla import (
    COLUMNS,
    METRICS,
    SlaPolicy,
    SlaResult,
    SlaTarget,
    duration_s,
    evaluate,
    summary,
)

H = 3600
S = oracle.epoch_seconds

# ---------------------------------------------------------------------------
# Calendars: the same plain spec feeds the engine and the oracle
# ---------------------------------------------------------------------------

WEEKDAYS = range(5)
SPECS = {
    "berlin": {
        "time_zone": "Europe/Berlin",
        "weekly": {d: [("09:00", "17:00")] for d in WEEKDAYS},
        "holidays": {date(2026, 4, 3), date(2026, 4, 6), date(2026, 10, 30)},
    },
    "new_york": {
        "time_zone": "America/New_York",
        "weekly": {d: [("08:00", "12:00"), ("13:00", "18:30")] for d in WEEKDAYS},
        "holidays": {date(2026, 3, 16), date(2026, 10, 12), date(2026, 11, 3)},
    },
    "riyadh": {  # Sunday to Thursday
        "time_zone": "Asia/Riyadh",
        "weekly": {d: [("09:00", "17:00")] for d in (6, 0, 1, 2, 3)},
        "holidays": {date(2026, 3, 19), date(2026, 10, 1)},
    },
    "sydney": {
        "time_zone": "Australia/Sydney",
        "weekly": {**{d: [("07:00", "19:00")] for d in WEEKDAYS}, 5: [("10:00", "14:00")]},
        "holidays": {date(2026, 4, 3), date(2026, 4, 6), date(2026, 10, 5)},
    },
    "berlin_days": {  # whole local days: 23 and 25 hours long on DST days
        "time_zone": "Europe/Berlin",
        "weekly": {d: [("00:00", "24:00")] for d in range(6)},
        "holidays": {date(2026, 4, 6)},
    },
    "always": {"time_zone": "UTC", "weekly": {d: [("00:00", "24:00")] for d in range(7)}, "holidays": set()},
}
MARKETS = ("DE", "US", "SA", "AU")
PER_MARKET = {
    "home": {"DE": "berlin", "US": "new_york", "SA": "riyadh", "AU": "sydney"},
    "mixed": {"DE": "berlin_days", "US": "always", "SA": "riyadh", "AU": "berlin"},
}
#: (first instant of the oracle's minute grid, last); tickets start from the second day on.
WINDOWS = (
    (S(2026, 3, 1), S(2026, 5, 20)),  # US DST 8 March, EU 29 March, Sydney 5 April; Easter
    (S(2026, 9, 26), S(2026, 12, 15)),  # Sydney 4 October, EU 25 October, US 1 November
)
STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed", "waiting", "escalated", "done")
STATUS_ROLES = {"waiting": "pending", "escalated": "on_hold", "done": "solved"}
EVENT_KINDS_FOR_TEST = ("status", "customer_message", "agent_reply")


@functools.cache
def engine_calendar(name: str) -> BusinessCalendar:
    spec = SPECS[name]
    return BusinessCalendar(time_zone=spec["time_zone"], weekly_hours=spec["weekly"], holidays=spec["holidays"])


@functools.cache
def oracle_calendar(name: str, window: int) -> oracle.MinuteCalendar:
    first, last = WINDOWS[window]
    return oracle.MinuteCalendar(SPECS[name], first, last)


class OracleCalendars(dict):
    """name -> MinuteCalendar of one window, built on first use."""

    def __init__(self, window: int) -> None:
        super().__init__()
        self.window = window

    def __missing__(self, name: str) -> oracle.MinuteCalendar:
        return oracle_calendar(name, self.window)


def engine_target(spec: dict) -> SlaTarget:
    calendar = spec.get("calendar")
    if isinstance(calendar, dict):
        calendar = {market: engine_calendar(name) for market, name in calendar.items()}
    elif calendar is not None:
        calendar = engine_calendar(calendar)
    return SlaTarget(
        metric=spec["metric"], goal_s=spec["goal_s"], hours=spec["hours"], calendar=calendar,
        conditions=spec.get("conditions", {}), warning_fraction=spec.get("warning_fraction", 0.75),
        warning_lead_s=spec.get("warning_lead_s"), pause_statuses=spec.get("pause_statuses", ()),
    )


def m8(seconds: list[int]) -> np.ndarray:
    return np.array(seconds, dtype=np.int64).astype("M8[s]")


def tables(tickets: list[dict], events: list[dict]) -> tuple[dict, dict]:
    t = {
        "ticket_id": [x["ticket_id"] for x in tickets],
        "created_at": m8([x["created_at"] for x in tickets]),
        "market": [x["market"] for x in tickets],
        "priority": [x["priority"] for x in tickets],
    }
    e = {
        "ticket_id": [x["ticket_id"] for x in events],
        "at": m8([x["at"] for x in events]),
        "kind": [x["kind"] for x in events],
        "public": [x["public"] for x in events],
        "status": [x["status"] for x in events],
    }
    return t, e


def ns_or_none(value: np.datetime64):
    return None if np.isnat(value) else int(value.astype("M8[ns]").astype(np.int64))


def engine_rows(result: SlaResult) -> list[tuple]:
    out = []
    for i in range(len(result)):
        remaining = result.remaining_s[i]
        out.append((
            result.ticket_id[i].item(), result.metric[i], int(result.cycle[i]), int(result.target[i]),
            float(result.goal_s[i]), float(result.elapsed_s[i]), ns_or_none(result.due_at[i]),
            ns_or_none(result.breach_at[i]), bool(result.breached[i]), result.state[i],
            None if np.isnan(remaining) else round(float(remaining), 6),
        ))
    return out


def oracle_rows(rows: list[dict]) -> list[tuple]:
    def ns(t):
        return None if t is None else t * 1_000_000_000

    return [(
        r["ticket_id"], r["metric"], r["cycle"], r["target"], r["goal_s"], r["elapsed_s"], ns(r["due_at"]),
        ns(r["breach_at"]), r["breached"], r["state"],
        None if r["remaining_s"] is None else round(r["remaining_s"], 6),
    ) for r in rows]


# ---------------------------------------------------------------------------
# Hypothesis: random logs and policies, engine == oracle
# ---------------------------------------------------------------------------


@st.composite
def target_specs(draw, metric: str) -> dict:
    hours = draw(st.sampled_from(["business", "calendar"]))
    spec: dict = {"metric": metric, "hours": hours}
    if hours == "business":
        spec["calendar"] = draw(st.sampled_from([*SPECS, "home", "mixed"]))
        if spec["calendar"] in PER_MARKET:
            spec["calendar"] = PER_MARKET[spec["calendar"]]
    spec["goal_s"] = draw(st.one_of(
        st.sampled_from([60, 900, H, 4 * H, 8 * H, 24 * H]), st.integers(1, 36 * H)))
    spec["conditions"] = draw(st.sampled_from(
        [{}, {}, {"priority": ["high"]}, {"market": ["DE", "US"]}, {"priority": ["low"], "market": ["SA", "AU", "DE"]}]))
    spec["warning_fraction"] = draw(st.sampled_from([None, 0.5, 0.75, 1.0, 0.25]))
    spec["warning_lead_s"] = draw(st.sampled_from([None, 0, 600, H]))
    if metric == "resolution":
        spec["pause_statuses"] = tuple(draw(st.lists(st.sampled_from(["new", "open", "pending", "on_hold"]),
                                                     unique=True, max_size=2)))
    return spec


@st.composite
def scenarios(draw) -> dict:
    window = draw(st.integers(0, len(WINDOWS) - 1))
    start = WINDOWS[window][0] + 86_400
    n_tickets = draw(st.integers(1, 5))
    string_ids = draw(st.booleans())
    tickets = []
    for i in range(n_tickets):
        tickets.append({
            "ticket_id": f"T-{i}" if string_ids else 100 + 7 * i,
            "created_at": start + 60 * draw(st.integers(0, 25 * 1440)),
            "market": draw(st.sampled_from(MARKETS)),
            "priority": draw(st.sampled_from(["low", "high"])),
        })
    events = []
    for ticket in tickets:
        at = ticket["created_at"]
        for _ in range(draw(st.integers(0, 9))):
            at += 60 * draw(st.one_of(st.just(0), st.integers(1, 240), st.integers(240, 2 * 1440)))
            kind = draw(st.sampled_from(["status", "customer_message", "agent_reply"]))
            events.append({
                "ticket_id": ticket["ticket_id"], "at": at, "kind": kind,
                "public": draw(st.booleans()) if kind == "agent_reply" else None,
                "status": draw(st.sampled_from(STATUSES)) if kind == "status" else None,
            })
    events = draw(st.permutations(events))
    latest = max(t["created_at"] for t in tickets)
    as_of = draw(st.one_of(st.none(), st.integers(0, 8 * 1440).map(lambda m: latest + 60 * m)))
    metrics = draw(st.lists(st.sampled_from(METRICS), min_size=1, max_size=5))
    targets = [draw(target_specs(m)) for m in metrics]
    return {"window": window, "tickets": tickets, "events": events, "as_of": as_of, "targets": targets}


@settings(max_examples=60)
@given(scenarios())
def test_engine_matches_the_per_ticket_oracle(case):
    expected, unmatched = oracle.evaluate_tickets(
        case["tickets"], case["events"], case["targets"], OracleCalendars(case["window"]),
        as_of=case["as_of"], status_roles=STATUS_ROLES,
    )
    t, e = tables(case["tickets"], case["events"])
    policy = SlaPolicy(targets=[engine_target(spec) for spec in case["targets"]])
    as_of = None if case["as_of"] is None else np.datetime64(case["as_of"], "s")
    result = evaluate(policy, t, e, as_of=as_of, status_roles=STATUS_ROLES)
    assert engine_rows(result) == oracle_rows(expected)
    assert {m: ids.tolist() for m, ids in result.unmatched.items()} == unmatched


@settings(max_examples=25)
@given(scenarios())
def test_evaluating_later_only_adds_time(case):
    """Moving as_of forward never shrinks elapsed time (same rows when no new event falls in between)."""
    t, e = tables(case["tickets"], case["events"])
    policy = SlaPolicy(targets=[engine_target(spec) for spec in case["targets"]])
    last = max([x["at"] for x in case["events"]] + [x["created_at"] for x in case["tickets"]])
    early = evaluate(policy, t, e, as_of=np.datetime64(last, "s"), status_roles=STATUS_ROLES)
    late = evaluate(policy, t, e, as_of=np.datetime64(last + 3 * 86_400, "s"), status_roles=STATUS_ROLES)
    assert len(early) == len(late)
    assert (late.elapsed_s >= early.elapsed_s).all()
    done = np.isnan(early.remaining_s)
    assert np.array_equal(late.elapsed_s[done], early.elapsed_s[done])
    assert np.array_equal(late.due_at[done & ~np.isnat(early.due_at)], early.due_at[done & ~np.isnat(early.due_at)])


# ---------------------------------------------------------------------------
# Worked examples (the how-to's numbers, computed by hand)
# ---------------------------------------------------------------------------


def berlin_desk() -> BusinessCalendar:
    return BusinessCalendar(time_zone="Europe/Berlin", weekly_hours={"mon-fri": [("09:00", "17:00")]})


def test_first_reply_over_a_weekend_in_business_hours():
    # Friday 9 January 2026 15:00 CET = 14:00 UTC; reply Monday 12 January 11:00 CET = 10:00 UTC.
    policy = SlaPolicy(targets=[
        SlaTarget(metric="first_reply", goal_s="8h", calendar=berlin_desk()),
        SlaTarget(metric="first_reply", goal_s="8h", hours="calendar", conditions={"channel": ["phone"]}),
    ])
    tickets = {"ticket_id": [1], "channel": ["email"], "created_at": np.array(["2026-01-09T14:00"], "M8[s]")}
    events = {"ticket_id": [1], "at": np.array(["2026-01-12T10:00"], "M8[s]"), "kind": ["agent_reply"],
              "public": [True]}
    done = evaluate(policy, tickets, events)
    # Friday 15-17 (2 h) + Monday 9-11 (2 h) = 4 h of 8: achieved, due Monday 15:00 CET.
    assert done.elapsed_s.tolist() == [4 * H]
    assert done.state.tolist() == ["achieved"]
    assert done.due_at.tolist() == [np.datetime64("2026-01-12T14:00", "ns").item()]
    assert np.isnan(done.remaining_s[0]) and not done.breached[0]
    # Seen on Saturday noon: 2 h elapsed, the clock runs but the desk is closed; due Monday 15:00 CET.
    saturday = evaluate(policy, tickets, events, as_of=np.datetime64("2026-01-10T11:00"))
    assert saturday.state.tolist() == ["active"]
    assert saturday.remaining_s.tolist() == [6 * H]
    assert str(saturday.due_at[0]) == "2026-01-12T14:00:00.000000000"
    # In wall-clock time the same reply took 68 h: breached at Friday 23:00 CET.
    wall = SlaPolicy(targets=[SlaTarget(metric="first_reply", goal_s="8h", hours="calendar")])
    late = evaluate(wall, tickets, events)
    assert late.state.tolist() == ["breached"] and late.elapsed_s.tolist() == [68 * H]
    assert str(late.breach_at[0]) == "2026-01-09T22:00:00.000000000"


def test_a_pending_pause_pushes_the_due_date():
    policy = SlaPolicy(targets=[SlaTarget(metric="requester_wait", goal_s="4h", hours="calendar")])
    tickets = {"ticket_id": ["A"], "created_at": ["2026-03-02T09:00Z"]}
    events = {
        "ticket_id": ["A", "A"],
        "at": ["2026-03-02T10:00Z", "2026-03-02T13:00Z"],
        "kind": ["status", "status"],
        "status": ["pending", "open"],
    }
    # 12:00: paused after 1 h, no due date while waiting for the customer.
    paused = evaluate(policy, tickets, events, as_of="2026-03-02T12:00Z")
    assert paused.state.tolist() == ["paused"] and paused.remaining_s.tolist() == [3 * H]
    assert np.isnat(paused.due_at[0])
    # 14:00: 1 h + 1 h = 2 h; due at 16:00 instead of 13:00 (3 h pending pushed it).
    running = evaluate(policy, tickets, events, as_of="2026-03-02T14:00Z")
    assert running.state.tolist() == ["active"] and running.elapsed_s.tolist() == [2 * H]
    assert str(running.due_at[0]) == "2026-03-02T16:00:00.000000000"
    # 15:30: 3.5 h of 4 h is past the 75 % warning line.
    assert evaluate(policy, tickets, events, as_of="2026-03-02T15:30Z").state.tolist() == ["warning"]
    # 16:30: breached at 16:00.
    late = evaluate(policy, tickets, events, as_of="2026-03-02T16:30Z")
    assert late.state.tolist() == ["breached"] and str(late.breach_at[0]) == "2026-03-02T16:00:00.000000000"
    assert late.remaining_s.tolist() == [-0.5 * H]


def test_events_at_one_instant_take_status_then_customer_then_agent():
    policy = SlaPolicy(targets=[
        SlaTarget(metric="next_reply", goal_s="1h", hours="calendar"),
        SlaTarget(metric="agent_work", goal_s="1h", hours="calendar"),
    ])
    tickets = {"ticket_id": [1], "created_at": ["2026-03-02T09:00Z"]}
    # listed in the "wrong" order on purpose
    events = {
        "ticket_id": [1, 1, 1, 1, 1],
        "at": ["2026-03-02T09:10Z", "2026-03-02T09:10Z", "2026-03-02T09:30Z", "2026-03-02T09:30Z", "2026-03-02T09:30Z"],
        "kind": ["agent_reply", "customer_message", "agent_reply", "status", "customer_message"],
        "public": [True, None, True, None, None],
        "status": [None, None, None, "solved", None],
    }
    result = evaluate(policy, tickets, events, as_of="2026-03-02T11:00Z")
    rows = list(zip(result.metric, result.cycle, result.state, result.elapsed_s))
    # 09:10: the message comes before the first reply, so it opens no cycle; 09:30: the message
    # (after the 09:10 reply) opens a cycle that the 09:30 reply closes at once.
    assert rows == [("next_reply", 0, "achieved", 0.0), ("agent_work", 0, "achieved", 30 * 60.0)]


def test_private_replies_count_for_nothing_and_reopens_resume():
    policy = SlaPolicy(targets=[
        SlaTarget(metric="first_reply", goal_s="1h", hours="calendar"),
        SlaTarget(metric="resolution", goal_s="1d", hours="calendar", pause_statuses=["pending"]),
    ])
    tickets = {"ticket_id": [7], "created_at": ["2026-03-02T09:00Z"]}
    events = {
        "ticket_id": [7] * 5,
        "at": ["2026-03-02T09:05Z", "2026-03-02T09:40Z", "2026-03-02T10:00Z", "2026-03-02T12:00Z", "2026-03-02T13:00Z"],
        "kind": ["agent_reply", "status", "status", "status", "status"],
        "public": [False, None, None, None, None],
        "status": [None, "pending", "solved", "open", "closed"],
    }
    result = evaluate(policy, tickets, events, as_of="2026-03-02T14:00Z")
    assert result.state.tolist() == ["breached", "achieved"]
    # first reply still running at 14:00: 5 h; resolution 40 min + (13:00 - 12:00) = 100 min
    assert result.elapsed_s.tolist() == [5 * H, 100 * 60.0]
    # completed while running (open -> closed): due = 13:00 + (24 h - 100 min)
    assert str(result.due_at[1]) == "2026-03-03T11:20:00.000000000"


def test_completed_after_a_pause_has_no_due_date():
    policy = SlaPolicy(targets=[SlaTarget(metric="requester_wait", goal_s="4h", hours="calendar")])
    tickets = {"ticket_id": [1], "created_at": ["2026-03-02T09:00Z"]}
    events = {"ticket_id": [1, 1], "at": ["2026-03-02T10:00Z", "2026-03-02T11:00Z"], "kind": ["status"] * 2,
              "status": ["pending", "solved"]}
    result = evaluate(policy, tickets, events)
    assert result.state.tolist() == ["achieved"] and np.isnat(result.due_at[0])
    assert result.as_of == np.datetime64("2026-03-02T11:00", "ns")


def test_due_date_is_the_closing_time_when_the_goal_fills_a_day():
    policy = SlaPolicy(targets=[SlaTarget(metric="first_reply", goal_s="8h", calendar=berlin_desk())])
    tickets = {"ticket_id": [1], "created_at": ["2026-01-12T09:00+01:00"]}
    events = {"ticket_id": [], "at": np.array([], "M8[s]"), "kind": []}
    result = evaluate(policy, tickets, events, as_of="2026-01-13T08:00+01:00")
    assert result.state.tolist() == ["warning"]  # exactly 8 h: reached, not breached
    assert str(result.due_at[0]) == "2026-01-12T16:00:00.000000000"  # 17:00 CET
    assert np.isnat(result.breach_at[0]) and result.remaining_s.tolist() == [0.0]


def test_warning_lead_and_no_warning():
    tickets = {"ticket_id": [1], "created_at": ["2026-03-02T09:00Z"]}
    events = {"ticket_id": [], "at": [], "kind": []}
    lead = SlaPolicy(targets=[SlaTarget(metric="first_reply", goal_s="1h", hours="calendar",
                                        warning_fraction=None, warning_lead_s="10m")])
    assert evaluate(lead, tickets, events, as_of="2026-03-02T09:49Z").state.tolist() == ["active"]
    assert evaluate(lead, tickets, events, as_of="2026-03-02T09:50Z").state.tolist() == ["warning"]
    never = SlaPolicy(targets=[SlaTarget(metric="first_reply", goal_s="1h", hours="calendar", warning_fraction=None)])
    assert evaluate(never, tickets, events, as_of="2026-03-02T09:59Z").state.tolist() == ["active"]


def test_per_market_calendars_and_unmatched_tickets_are_reported():
    markets = {"DE": berlin_desk(), "JP": BusinessCalendar(time_zone="Asia/Tokyo", weekly_hours={"mon-fri": [("09:00", "18:00")]})}
    policy = SlaPolicy(targets=[
        SlaTarget(metric="first_reply", goal_s="2h", calendar=markets, conditions={"market": ["DE", "JP"]}),
    ])
    tickets = {"ticket_id": [1, 2, 3], "market": ["DE", "JP", "BR"],
               "created_at": ["2026-01-12T08:00Z", "2026-01-12T00:00Z", "2026-01-12T00:00Z"]}
    events = {"ticket_id": [], "at": [], "kind": []}
    result = evaluate(policy, tickets, events, as_of="2026-01-12T10:00Z")
    # DE: 09:00-11:00 CET = 2 h (reached at 11:00 CET); JP: 09:00-19:00 JST -> 2 h at 11:00 JST = 02:00 UTC
    assert result.ticket_id.tolist() == [1, 2]
    assert [str(d) for d in result.due_at] == ["2026-01-12T10:00:00.000000000", "2026-01-12T02:00:00.000000000"]
    assert result.state.tolist() == ["warning", "breached"]
    assert result.unmatched["first_reply"].tolist() == [3]
    assert result.unmatched_index["first_reply"].tolist() == [2]
    assert "1 unmatched" in repr(result)


# ---------------------------------------------------------------------------
# Input forms, immutability, output forms
# ---------------------------------------------------------------------------


def small_log() -> tuple[SlaPolicy, dict, dict]:
    policy = SlaPolicy(targets=[
        SlaTarget(metric="first_reply", goal_s="1h", hours="calendar", conditions={"priority": ["high"]}),
        SlaTarget(metric="first_reply", goal_s="4h", hours="calendar"),
        SlaTarget(metric="next_reply", goal_s="2h", hours="calendar"),
        SlaTarget(metric="resolution", goal_s="1d", calendar=berlin_desk()),
    ])
    tickets = {
        "ticket_id": np.array([10, 11, 12]),
        "priority": np.array(["high", "low", "high"]),
        "market": np.array(["DE", "DE", "FR"]),
        "created_at": np.array(["2026-03-02T08:00", "2026-03-02T09:00", "2026-03-03T09:00"], "M8[ns]"),
    }
    events = {
        "ticket_id": np.array([10, 10, 10, 11, 12, 10]),
        "at": np.array(["2026-03-02T08:30", "2026-03-02T09:00", "2026-03-02T12:00", "2026-03-02T15:00",
                        "2026-03-03T09:05", "2026-03-02T12:30"], "M8[ns]"),
        "kind": np.array(["agent_reply", "customer_message", "agent_reply", "agent_reply", "status", "status"]),
        "public": np.array([True, False, True, True, False, False]),
        "status": np.array(["", "", "", "", "pending", "solved"]),
    }
    return policy, tickets, events


def test_inputs_are_not_written_and_read_only_arrays_work():
    policy, tickets, events = small_log()
    copies = {k: v.copy() for k, v in {**tickets, **events}.items()}
    for table in (tickets, events):
        for column in table.values():
            column.flags.writeable = False
    result = evaluate(policy, tickets, events)
    for k, v in {**tickets, **events}.items():
        assert np.array_equal(v, copies[k])
    assert len(result) == 3 + 3 + 3
    # next_reply: ticket 10 waited 09:00 -> 12:00 = 3 h for the second reply
    nxt = result.metric == "next_reply"
    assert result.state[nxt].tolist() == ["breached", "not_applicable", "not_applicable"]


def test_lists_pandas_and_objects_give_the_same_rows():
    policy, tickets, events = small_log()
    base = evaluate(policy, tickets, events)
    as_lists = evaluate(policy, {k: v.tolist() if v.dtype.kind != "M" else v for k, v in tickets.items()},
                        {k: v.tolist() if v.dtype.kind != "M" else v for k, v in events.items()})
    assert engine_rows(as_lists) == engine_rows(base)
    objects = {k: v.astype(object) if v.dtype.kind != "M" else v for k, v in events.items()}
    assert engine_rows(evaluate(policy, tickets, objects)) == engine_rows(base)
    pd = pytest.importorskip("pandas")
    frame_t = pd.DataFrame(tickets)
    frame_t["created_at"] = frame_t["created_at"].dt.tz_localize("UTC").dt.tz_convert("Europe/Berlin")
    frame_e = pd.DataFrame(events)
    frame_e["at"] = frame_e["at"].dt.tz_localize("UTC")
    from_frames = policy.evaluate(frame_t, frame_e)
    assert engine_rows(from_frames) == engine_rows(base)
    df = from_frames.to_pandas()
    assert list(df.columns) == list(COLUMNS) and len(df) == len(base)
    assert str(df["due_at"].dt.tz) == "UTC"


def test_sparse_and_string_ids():
    policy, tickets, events = small_log()
    base = engine_rows(evaluate(policy, tickets, events))
    sparse = {**tickets, "ticket_id": tickets["ticket_id"] * 10**12}
    sparse_events = {**events, "ticket_id": events["ticket_id"] * 10**12}
    rows = engine_rows(evaluate(policy, sparse, sparse_events))
    assert [r[1:] for r in rows] == [r[1:] for r in base]
    named = {**tickets, "ticket_id": np.array(["a", "b", "c"])}
    named_events = {**events, "ticket_id": np.array(["a", "a", "a", "b", "c", "a"])}
    rows = engine_rows(evaluate(policy, named, named_events))
    assert [r[0] for r in rows] == ["a", "b", "c"] * 3 and [r[1:] for r in rows] == [r[1:] for r in base]


def test_result_text_and_columns():
    policy, tickets, events = small_log()
    result = evaluate(policy, tickets, events)
    text = str(result)
    assert text.splitlines()[0].split() == list(COLUMNS)
    assert set(result.columns()) == set(COLUMNS)
    assert "SlaResult: 9 rows" in repr(result)


def test_to_pandas_without_pandas_raises(monkeypatch):
    policy, tickets, events = small_log()
    result = evaluate(policy, tickets, events)
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("no pandas")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(MissingDependencyError, match="pandas"):
        result.to_pandas()
    with pytest.raises(MissingDependencyError, match="pandas"):
        summary(result).to_pandas()


def test_empty_tables():
    policy = SlaPolicy(targets=[SlaTarget(metric="first_reply", goal_s="1h", hours="calendar")])
    result = evaluate(policy, {"ticket_id": [], "created_at": []}, {"ticket_id": [], "at": [], "kind": []},
                      as_of="2026-01-01T00:00Z")
    assert len(result) == 0 and result.state.tolist() == []
    assert len(summary(result)) == 0


# ---------------------------------------------------------------------------
# Summary against a plain loop
# ---------------------------------------------------------------------------


@settings(max_examples=20)
@given(scenarios(), st.sampled_from([(), ("market",), ("priority", "market"), ("target",)]),
       st.sampled_from(["all", "worst"]))
def test_summary_matches_a_plain_group_loop(case, by, cycles):
    t, e = tables(case["tickets"], case["events"])
    policy = SlaPolicy(targets=[engine_target(spec) for spec in case["targets"]])
    result = evaluate(policy, t, e, status_roles=STATUS_ROLES)
    table = summary(result, by=by, cycles=cycles, percentiles=(0, 50, 90, 100))
    rows = engine_rows(result)
    attributes = {x["ticket_id"]: x for x in case["tickets"]}
    if cycles == "worst":
        best: dict = {}
        for r in rows:
            key = (r[0], r[1])
            if key not in best or r[5] > best[key][5]:
                best[key] = r
        rows = list(best.values())
    groups: dict = {}
    for r in rows:
        label = tuple(r[3] if b == "target" else attributes[r[0]][b] for b in by) + (r[1],)
        groups.setdefault(label, []).append(r)
    for metric, ids in result.unmatched.items():
        for ticket_id in ids.tolist():
            label = tuple(-1 if b == "target" else attributes[ticket_id][b] for b in by) + (metric,)
            groups.setdefault(label, [])
    got = {}
    for i in range(len(table)):
        label = tuple(table[b][i].item() if hasattr(table[b][i], "item") else table[b][i] for b in by)
        got[label + (table["metric"][i],)] = i
    assert set(got) == set(groups)
    for label, members in groups.items():
        i = got[label]
        states = [r[9] for r in members]
        assert table["achieved"][i] == states.count("achieved")
        assert table["breached"][i] == states.count("breached")
        assert table["rows"][i] == len(members) - states.count("not_applicable")
        decided = states.count("achieved") + states.count("breached")
        if decided:
            assert table["compliance"][i] == pytest.approx(states.count("achieved") / decided)
        else:
            assert np.isnan(table["compliance"][i])
        done = [r[5] for r in members if r[10] is None and r[9] != "not_applicable"]
        for q in (0, 50, 90, 100):
            value = table[f"elapsed_p{q}_s"][i]
            if done:
                assert value == pytest.approx(np.percentile(done, q))
            else:
                assert np.isnan(value)
    unmatched_total = sum(len(v) for v in result.unmatched.values())
    assert int(table["unmatched"].sum()) == unmatched_total


# ---------------------------------------------------------------------------
# Policies from culture profiles
# ---------------------------------------------------------------------------


def test_from_profiles_promises_each_market_its_expectations():
    de = profile("DE")
    policy = SlaPolicy.from_profiles(["DE", profile("JP").with_overrides(
        first_response_s={**profile("JP").first_response_s, "email": 4 * H})], channels=["email", "chat"])
    goals = {t.name: t.goal_s for t in policy.targets}
    assert goals == {
        "first_reply-DE-email": de.first_response_s["email"], "first_reply-DE-chat": de.first_response_s["chat"],
        "first_reply-JP-email": 4 * H, "first_reply-JP-chat": profile("JP").first_response_s["chat"],
    }
    assert all(t.hours == "calendar" and t.calendar is None for t in policy.targets)
    business = SlaPolicy.from_profiles("DE", hours="business", metric="next_reply")
    assert len(business.targets) == 5 and business.targets[0].calendar == de.calendar()
    own = SlaPolicy.from_profiles(["DE"], hours="business", calendars={"DE": berlin_desk()}, channels=["email"])
    assert own.targets[0].calendar == berlin_desk()
    tickets = {"ticket_id": [1, 2], "market": ["DE", "JP"], "channel": ["chat", "email"],
               "created_at": ["2026-03-02T09:00Z", "2026-03-02T09:00Z"]}
    events = {"ticket_id": [1, 2], "at": ["2026-03-02T09:00:30Z", "2026-03-02T12:00Z"],
              "kind": ["agent_reply"] * 2, "public": [True, True]}
    result = policy.evaluate(tickets, events)
    assert result.state.tolist() == ["achieved", "achieved"] and result.target.tolist() == [1, 2]


# ---------------------------------------------------------------------------
# Durations
# ---------------------------------------------------------------------------


@given(st.integers(0, 9), st.integers(0, 30), st.integers(0, 59), st.integers(0, 59))
def test_duration_strings_add_up(days, hours, minutes, seconds):
    text = f"{days}d {hours}h{minutes}m {seconds}s"
    assert duration_s(text) == days * 86_400 + hours * 3600 + minutes * 60 + seconds


def test_duration_forms():
    assert duration_s("1.5h") == 5400.0 and duration_s("2w") == 14 * 86_400.0
    assert duration_s("45min") == 2700.0 and duration_s(90) == 90.0 and duration_s(" 8H ") == 28_800.0
    assert SlaTarget(metric="first_reply", goal_s="1d 4h", hours="calendar").goal_s == 100_800.0


@pytest.mark.parametrize("bad, match", [
    ("8 hours", "must be a duration"), ("", "must be a duration"), ("1h 1h", "twice"), ("-1h", "must be a duration"),
    (-5, ">= 0"), (float("nan"), ">= 0"), (True, "must be a duration"), (None, "must be a duration"),
    ("h", "must be a duration"), ("1d 4x", "must be a duration"),
])
def test_duration_errors(bad, match):
    with pytest.raises(InvalidArgumentError, match=match):
        duration_s(bad)


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


def one_ticket(**extra):
    tickets = {"ticket_id": [1, 2], "created_at": ["2026-03-02T09:00Z", "2026-03-02T09:00Z"], **extra}
    return tickets


def no_events():
    return {"ticket_id": [], "at": [], "kind": []}


FIRST = SlaPolicy(targets=[SlaTarget(metric="first_reply", goal_s="1h", hours="calendar")])


@pytest.mark.parametrize("tickets, events, match", [
    ([1, 2], no_events(), "tickets must be a mapping"),
    ({"ticket_id": [1]}, no_events(), r"tickets must have the columns .*missing 'created_at'"),
    (one_ticket(), {"ticket_id": [], "at": []}, r"missing 'kind'"),
    (one_ticket(priority=["a"]), no_events(), "equal lengths"),
    (one_ticket(priority="a"), no_events(), r"tickets\['priority'\] must be a 1-D"),
    ({"ticket_id": [1, 1], "created_at": ["2026-03-02T09:00Z"] * 2}, no_events(),
     r"must be unique; ticket_id 1 \(1 ticket\)"),
    ({"ticket_id": ["a", "a", "b"], "created_at": ["2026-03-02T09:00Z"] * 3}, no_events(), "ticket_id 'a'"),
    ({"ticket_id": [1.5, 2.5], "created_at": ["2026-03-02T09:00Z"] * 2}, no_events(), "all integers or all strings; got 1.5"),
    ({"ticket_id": [1, "b"], "created_at": ["2026-03-02T09:00Z"] * 2}, no_events(), "all integers or all strings; got a mix"),
    (one_ticket(), {"ticket_id": [1, 9, 9, 8], "at": ["2026-03-02T10:00Z"] * 4, "kind": ["customer_message"] * 4},
     r"3 events belong to unknown tickets: ticket_id 9, 8 \(2 tickets\)"),
    (one_ticket(), {"ticket_id": ["1"], "at": ["2026-03-02T10:00Z"], "kind": ["customer_message"]}, "unknown tickets"),
    (one_ticket(), {"ticket_id": [2], "at": ["2026-03-02T08:00Z"], "kind": ["customer_message"]},
     r"before their ticket's created_at; 1 events do, in ticket_id 2"),
    (one_ticket(), {"ticket_id": [2], "at": ["2026-03-02T10:00Z"], "kind": ["note"]},
     r"events\['kind'\] must be one of .*got 'note' in 1 events of ticket_id 2"),
    (one_ticket(), {"ticket_id": [2], "at": ["2026-03-02T10:00Z"], "kind": [3]}, r"events\['kind'\] must hold"),
    (one_ticket(), {"ticket_id": [2], "at": ["2026-03-02T10:00Z"], "kind": ["agent_reply"]}, "'public' column"),
    (one_ticket(), {"ticket_id": [2], "at": ["2026-03-02T10:00Z"], "kind": ["agent_reply"], "public": ["yes"]},
     r"events\['public'\] must be True or False .*got 'yes' in 1 replies of ticket_id 2"),
    (one_ticket(), {"ticket_id": [2], "at": ["2026-03-02T10:00Z"], "kind": ["agent_reply"], "public": [None]},
     r"events\['public'\] must be True or False"),
    (one_ticket(), {"ticket_id": [2], "at": ["2026-03-02T10:00Z"], "kind": ["agent_reply"], "public": [0.5]},
     r"events\['public'\] must be True or False .*got 0.5"),
    (one_ticket(), {"ticket_id": [2], "at": ["2026-03-02T10:00Z"], "kind": ["agent_reply"], "public": np.array([2])},
     r"events\['public'\] must be True or False .*got 2"),
    (one_ticket(), {"ticket_id": [2], "at": ["2026-03-02T10:00Z"], "kind": ["agent_reply"], "public": np.array(["yes"])},
     r"events\['public'\] must be True or False"),
    (one_ticket(), {"ticket_id": [2], "at": ["2026-03-02T10:00Z"], "kind": ["status"]}, "'status' column"),
    (one_ticket(), {"ticket_id": [2, 1], "at": ["2026-03-02T10:00Z"] * 2, "kind": ["status"] * 2,
                    "status": ["archived", "open"]},
     r"events\['status'\] must be a role .*got 'archived' in 1 status events of ticket_id 2"),
    ({"ticket_id": [1, 2], "created_at": ["2026-03-02T09:00Z", datetime(2026, 3, 2, 9)]}, no_events(),
     r"must be time-zone aware.*ticket_id 2 \(1 ticket\)"),
    ({"ticket_id": [1, 2], "created_at": ["2026-03-02T09:00", "2026-03-02T09:00"]}, no_events(),
     r"time-zone aware.*ticket_id 1, 2 \(2 tickets\)"),
    ({"ticket_id": [1, 2], "created_at": ["2026-03-02T09:00Z", None]}, no_events(), r"not NaT or None; got NaT for ticket_id 2"),
    (one_ticket(), {"ticket_id": [2], "at": [np.datetime64("NaT")], "kind": ["customer_message"]}, r"events\['at'\] must be instants"),
    (one_ticket(), {"ticket_id": [2], "at": [5], "kind": ["customer_message"]}, r"events\['at'\] must be instants"),
])
def test_bad_tables_raise_naming_the_rule_and_tickets(tickets, events, match):
    with pytest.raises(InvalidArgumentError, match=match):
        evaluate(FIRST, tickets, events)


def test_many_bad_tickets_are_counted():
    ids = list(range(100))
    tickets = {"ticket_id": ids, "created_at": ["2026-03-02T09:00Z"] * 100}
    events = {"ticket_id": ids, "at": ["2026-03-02T08:00Z"] * 100, "kind": ["customer_message"] * 100}
    with pytest.raises(InvalidArgumentError, match=r"ticket_id 0, 1, 2, 3, 4 and 95 more \(100 tickets\)"):
        evaluate(FIRST, tickets, events)


def test_as_of_errors():
    with pytest.raises(InvalidArgumentError, match="created at or before as_of .* ticket_id 1, 2"):
        evaluate(FIRST, one_ticket(), no_events(), as_of="2026-03-01T00:00Z")
    with pytest.raises(InvalidArgumentError, match="as_of must be a single instant"):
        evaluate(FIRST, one_ticket(), no_events(), as_of=["2026-03-03T00:00Z"] * 2)
    with pytest.raises(InvalidArgumentError, match="as_of must be time-zone aware"):
        evaluate(FIRST, one_ticket(), no_events(), as_of=datetime(2026, 3, 3))


def test_policy_and_option_errors():
    with pytest.raises(InvalidArgumentError, match="policy must be an SlaPolicy"):
        evaluate([SlaTarget(metric="first_reply", goal_s=1, hours="calendar")], one_ticket(), no_events())
    with pytest.raises(InvalidArgumentError, match="strict must be True or False"):
        evaluate(FIRST, one_ticket(), no_events(), strict="yes")
    with pytest.raises(InvalidArgumentError, match="status_roles must be a mapping"):
        evaluate(FIRST, one_ticket(), no_events(), status_roles=["open"])
    with pytest.raises(InvalidArgumentError, match=r"status_roles must map each status to one of the roles .*'waiting': 'paused'"):
        evaluate(FIRST, one_ticket(), no_events(), status_roles={"waiting": "paused"})


def test_strict_mode_and_conditions():
    shadowed = SlaPolicy(targets=[
        SlaTarget(metric="first_reply", goal_s="1h", hours="calendar"),
        SlaTarget(metric="first_reply", goal_s="2h", hours="calendar", name="late"),
    ])
    assert len(evaluate(shadowed, one_ticket(), no_events())) == 2
    with pytest.raises(InvalidArgumentError, match=r"target 1 \('late'\) applies to no ticket .*taken by an earlier"):
        evaluate(shadowed, one_ticket(), no_events(), strict=True)
    nobody = SlaPolicy(targets=[
        SlaTarget(metric="first_reply", goal_s="1h", hours="calendar", conditions={"priority": "urgent"}),
    ])
    result = evaluate(nobody, one_ticket(priority=["low", "high"]), no_events())
    assert len(result) == 0 and result.unmatched["first_reply"].tolist() == [1, 2]
    with pytest.raises(InvalidArgumentError, match=r"target 0 \(first_reply\) applies to no ticket .*conditions match no"):
        evaluate(nobody, one_ticket(priority=["low", "high"]), no_events(), strict=True)
    with pytest.raises(InvalidArgumentError, match=r"condition on the column 'priority', which tickets lacks"):
        evaluate(nobody, one_ticket(), no_events())


def test_per_market_calendar_errors():
    policy = SlaPolicy(targets=[SlaTarget(metric="first_reply", goal_s="1h", calendar={"DE": berlin_desk()})])
    with pytest.raises(InvalidArgumentError, match="needs a 'market' column"):
        evaluate(policy, one_ticket(), no_events())
    with pytest.raises(InvalidArgumentError, match=r"no calendar for market 'FR'.*ticket_id 2 \(1 ticket\)"):
        evaluate(policy, one_ticket(market=["DE", "FR"]), no_events())


@pytest.mark.parametrize("kwargs, match", [
    ({"metric": "first_response", "goal_s": 60, "hours": "calendar"}, "metric must be one of"),
    ({"metric": "first_reply", "goal_s": 0, "hours": "calendar"}, "goal_s must be > 0"),
    ({"metric": "first_reply", "goal_s": "soon", "hours": "calendar"}, "goal_s must be a duration"),
    ({"metric": "first_reply", "goal_s": 1e10, "hours": "calendar"}, "below 4.6e9"),
    ({"metric": "first_reply", "goal_s": 60, "hours": "wall"}, "hours must be 'business' or 'calendar'"),
    ({"metric": "first_reply", "goal_s": 60}, "calendar must be given when hours='business'"),
    ({"metric": "first_reply", "goal_s": 60, "hours": "calendar", "calendar": "BERLIN"}, "calendar must be a BusinessCalendar"),
    ({"metric": "first_reply", "goal_s": 60, "calendar": {"DE": "x"}}, "got 'x' for market 'DE'"),
    ({"metric": "first_reply", "goal_s": 60, "calendar": {}}, "at least one market"),
    ({"metric": "first_reply", "goal_s": 60, "conditions": ["priority"], "hours": "calendar"}, "conditions must be a mapping"),
    ({"metric": "first_reply", "goal_s": 60, "conditions": {"priority": []}, "hours": "calendar"}, "at least one allowed value"),
    ({"metric": "first_reply", "goal_s": 60, "conditions": {1: ["a"]}, "hours": "calendar"}, "column names"),
    ({"metric": "first_reply", "goal_s": 60, "hours": "calendar", "warning_fraction": 75}, r"warning_fraction must be None or in \(0, 1\]"),
    ({"metric": "first_reply", "goal_s": 60, "hours": "calendar", "warning_fraction": "high"}, "warning_fraction must be None or a number"),
    ({"metric": "first_reply", "goal_s": 60, "hours": "calendar", "warning_lead_s": -1}, "warning_lead_s must be a finite duration"),
    ({"metric": "resolution", "goal_s": 60, "hours": "calendar", "pause_statuses": ["solved"]}, "pause_statuses must be roles"),
    ({"metric": "first_reply", "goal_s": 60, "hours": "calendar", "pause_statuses": ["pending"]}, "applies to metric 'resolution' only"),
    ({"metric": "first_reply", "goal_s": 60, "hours": "calendar", "name": 5}, "name must be a string"),
])
def test_target_errors(kwargs, match):
    with pytest.raises(InvalidArgumentError, match=match):
        SlaTarget(**kwargs)


def test_calendar_hours_refuse_a_calendar():
    with pytest.raises(InvalidArgumentError, match="calendar must be None when hours='calendar'"):
        SlaTarget(metric="first_reply", goal_s=60, hours="calendar", calendar=berlin_desk())


def test_policy_errors():
    with pytest.raises(InvalidArgumentError, match="at least one SlaTarget"):
        SlaPolicy(targets=[])
    with pytest.raises(InvalidArgumentError, match=r"targets\[1\] must be an SlaTarget"):
        SlaPolicy(targets=[SlaTarget(metric="first_reply", goal_s=60, hours="calendar"), "x"])
    with pytest.raises(InvalidArgumentError, match="targets must be a list of SlaTarget"):
        SlaPolicy(targets=SlaTarget(metric="first_reply", goal_s=60, hours="calendar"))
    with pytest.raises(InvalidArgumentError, match="name must be a string"):
        SlaPolicy(targets=[SlaTarget(metric="first_reply", goal_s=60, hours="calendar")], name=3)


def test_from_profiles_errors():
    with pytest.raises(InvalidArgumentError, match="metric must be 'first_reply' or 'next_reply'"):
        SlaPolicy.from_profiles(["DE"], metric="resolution")
    with pytest.raises(InvalidArgumentError, match="channels must be response channels"):
        SlaPolicy.from_profiles(["DE"], channels=["fax"])
    with pytest.raises(InvalidArgumentError, match="hours must be 'business' or 'calendar'"):
        SlaPolicy.from_profiles(["DE"], hours="wall")
    with pytest.raises(InvalidArgumentError, match="must not repeat a country; got 'DE' twice"):
        SlaPolicy.from_profiles(["DE", "DE"])
    with pytest.raises(UnknownCodeError):
        SlaPolicy.from_profiles(["XX"])


def test_summary_errors():
    policy, tickets, events = small_log()
    result = evaluate(policy, tickets, events)
    with pytest.raises(InvalidArgumentError, match="by must name ticket columns .*got 'region'"):
        summary(result, by=["region"])
    with pytest.raises(InvalidArgumentError, match="cycles must be 'all' or 'worst'"):
        summary(result, cycles="best")
    with pytest.raises(InvalidArgumentError, match=r"percentiles must be in \[0, 100\]"):
        summary(result, percentiles=[0.5, 150])
    with pytest.raises(InvalidArgumentError, match="result must be an SlaResult"):
        summary({"state": []})


def test_every_error_is_a_culture_service_error():
    with pytest.raises(CultureServiceError):
        evaluate(FIRST, one_ticket(), {"ticket_id": [3], "at": ["2026-03-02T10:00Z"], "kind": ["status"]})


# ---------------------------------------------------------------------------
# Kernels: the jitted code equals its Python source; inputs stay untouched
# ---------------------------------------------------------------------------


def kernel_case():
    rng = np.random.default_rng(7)
    n_tickets = 40
    n = 400
    ticket = rng.integers(0, n_tickets, n).astype(np.int64)
    at = (rng.integers(0, 50, n) * 60 * 10**9).astype(np.int64)
    code = rng.integers(0, 8, n).astype(np.int8)
    created = np.zeros(n_tickets, dtype=np.int64)
    for array in (ticket, at, code, created):
        array.flags.writeable = False
    return ticket, at, code, created


def run_sort(bucket, sort_buckets, ticket, at, code, n_tickets, created=None, shift=2, chunks=None):
    """Both levels of the event sort; ``sort_buckets`` is a range kernel, or a chunks kernel with ``chunks``."""
    created = np.full(n_tickets, -1, dtype=np.int64) if created is None else created
    n = at.shape[0]
    n_buckets = ((n_tickets - 1) >> shift) + 1
    bucket_start = np.empty(n_buckets + 1, dtype=np.int64)
    offsets = np.empty(n_tickets + 1, dtype=np.int64)
    tmp = (np.empty(n, np.int64), np.empty(n, np.int64), np.empty(n, np.int8))
    bucket(ticket, at, code, n_tickets, shift, bucket_start, offsets, *tmp)
    at_out = np.empty(n, dtype=np.int64)
    code_out = np.empty(n, dtype=np.int8)
    tail = (chunks,) if chunks else (0, n_buckets)
    early = sort_buckets(shift, bucket_start, offsets, *tmp, created, at_out, code_out, *tail)
    return offsets, at_out, code_out, early


def kind_order(code: int) -> int:
    return 0 if code < 6 else code - 5


def run_clock(fn, offsets, at_s, code_s, created, as_of, selected, option, chunks=None):
    """Count pass, then fill pass into fresh arrays (range kernel, or chunks kernel with ``chunks``)."""
    n_tickets = created.shape[0]
    tail = (chunks,) if chunks else (0, n_tickets)
    row_counts = np.empty(n_tickets, np.int64)
    seg_counts = np.empty(n_tickets, np.int64)
    e64 = np.zeros(0, np.int64)
    dummies = (e64, e64, np.zeros(0, np.int8), e64, np.zeros(0, np.bool_), e64, e64, e64, e64)
    fn(offsets, at_s, code_s, created, as_of, selected, option, False, e64, e64, *dummies, row_counts, seg_counts, *tail)
    row_offsets = np.concatenate([[0], np.cumsum(row_counts)])
    seg_offsets = np.concatenate([[0], np.cumsum(seg_counts)])
    m, k = int(row_offsets[-1]), int(seg_offsets[-1])
    out = (np.empty(m, np.int64), np.empty(m, np.int64), np.empty(m, np.int8), np.empty(m, np.int64),
           np.empty(m, np.bool_), np.empty(m, np.int64), np.empty(m, np.int64), np.empty(k, np.int64),
           np.empty(k, np.int64))
    fn(offsets, at_s, code_s, created, as_of, selected, option, True, row_offsets, seg_offsets, *out,
       row_counts, seg_counts, *tail)
    return (row_counts, seg_counts, *out)


def test_kernels_equal_their_python_source():
    ticket, at, code, created = kernel_case()
    n_tickets = created.shape[0]
    jit = run_sort(ks.bucket_events, ks.sort_buckets_range, ticket, at, code, n_tickets, created)
    py = run_sort(ks.bucket_events.py_func, ks.sort_buckets_range.py_func, ticket, at, code, n_tickets, created)
    parallel = run_sort(ks.bucket_events, ks.sort_buckets_chunks, ticket, at, code, n_tickets, created, chunks=3)
    for a, b, c in zip(jit, py, parallel):
        assert np.array_equal(a, b) and np.array_equal(a, c)
    offsets, at_s, code_s, early = jit
    assert early == 0
    order = sorted(range(len(at)), key=lambda i: (ticket[i], at[i], kind_order(code[i]), i))
    assert at_s.tolist() == [int(at[i]) for i in order] and code_s.tolist() == [int(code[i]) for i in order]
    late_created = np.full(n_tickets, 10 * 60 * 10**9, dtype=np.int64)
    late = run_sort(ks.bucket_events, ks.sort_buckets_range, ticket, at, code, n_tickets, late_created)
    assert late[3] == int((at < 10 * 60 * 10**9).sum())
    selected = np.ones(n_tickets, dtype=bool)
    selected[::5] = False
    as_of = int(np.quantile(at, 0.8))
    pairs = ((ks.reply_clock_range, ks.reply_clock_chunks, False), (ks.reply_clock_range, ks.reply_clock_chunks, True),
             (ks.status_clock_range, ks.status_clock_chunks, np.full(n_tickets, 0b1011)))
    for range_fn, chunks_fn, option in pairs:
        jit = run_clock(range_fn, offsets, at_s, code_s, created, as_of, selected, option)
        py = run_clock(range_fn.py_func, offsets, at_s, code_s, created, as_of, selected, option)
        parallel = run_clock(chunks_fn, offsets, at_s, code_s, created, as_of, selected, option, chunks=4)
        for a, b, c in zip(jit, py, parallel):
            assert np.array_equal(a, b) and np.array_equal(a, c)
    rows = run_clock(ks.status_clock_range, offsets, at_s, code_s, created, as_of, selected, np.full(n_tickets, 0b1011))
    kind, stop, run_before, seg_count, seg_first, seg_start, seg_end = rows[4:11]
    m = kind.shape[0]
    assert np.array_equal(seg_first, np.concatenate([[0], np.cumsum(seg_count)[:-1]]))
    target = np.arange(m, dtype=np.int64) % 2
    goal_of = np.array([20 * 60 * 10**9, 90 * 60 * 10**9], dtype=np.int64)
    finals = []
    for fn, tail in ((ks.finalize_rows_range, (0, m)), (ks.finalize_rows_range.py_func, (0, m)),
                     (ks.finalize_rows_chunks, (5,))):
        out = [np.empty(m, np.float64), np.empty(m, np.float64), np.empty(m, np.int8), np.empty(m, np.bool_),
               np.empty(m, np.float64), np.empty(m, np.int64), np.empty(m, np.int64), np.empty(m, np.int32)]
        fn(kind, target, (target * 3).astype(np.int32), seg_first, seg_count, seg_end - seg_start, seg_start, stop,
           run_before, as_of, goal_of, np.array([0.5, np.nan]), np.array([np.nan, 600.0]), *out, *tail)
        finals.append(out)
    for a, b, c in zip(*finals):
        assert np.array_equal(a, b, equal_nan=True) and np.array_equal(a, c, equal_nan=True)
    base, due_group = finals[0][5], finals[0][7]
    assert np.array_equal(due_group, np.where(base == np.iinfo(np.int64).min, ks.NO_DUE, target * 3))


def test_small_kernels_equal_their_python_source():
    words = np.array(["status", "agent_reply", "", "stat", "statuses", "customer_message", "x"])
    chars = words.view(np.uint32).reshape(len(words), -1)
    names = np.array(["status", "customer_message", "agent_reply"]).view(np.uint32).reshape(3, -1)
    index = np.array([0, 1, 5], dtype=np.int16)
    for fn, tail in ((ks.encode_strings_range, (0, 7)), (ks.encode_strings_range.py_func, (0, 7)),
                     (ks.encode_strings_chunks, (3,))):
        out = np.empty(len(words), dtype=np.int16)
        assert fn(chars, names, index, out, *tail) == 4
        assert out.tolist() == [0, 5, -1, -1, -1, 1, -1]
    table = np.array([2, -1, 0, 1], dtype=np.int64)
    for fn, tail in ((ks.dense_lookup_range, (0, 5)), (ks.dense_lookup_range.py_func, (0, 5)),
                     (ks.dense_lookup_chunks, (2,))):
        out = np.empty(5, dtype=np.int64)
        assert fn(table, 10, np.array([10, 11, 12, 13, 99]), out, *tail) == 2
        assert out.tolist() == [2, -1, 0, 1, -1]
    group = np.array([1, -1, 1, 0, -1, 1], dtype=np.int32)
    for fn in (ks.group_order, ks.group_order.py_func):
        order = np.empty(6, dtype=np.int64)
        bounds = np.empty(4, dtype=np.int64)
        fn(group, -1, 3, order, bounds)
        assert order.tolist() == [1, 4, 3, 0, 2, 5] and bounds.tolist() == [0, 2, 3, 6]


def test_sort_handles_long_unsorted_logs():
    rng = np.random.default_rng(3)
    n = 500
    ticket = np.zeros(n, dtype=np.int64)
    at = rng.integers(0, 20, n).astype(np.int64)
    code = rng.integers(0, 8, n).astype(np.int8)
    for bucket, sort_buckets in ((ks.bucket_events, ks.sort_buckets_range),
                                 (ks.bucket_events.py_func, ks.sort_buckets_range.py_func)):
        _, at_s, code_s, _ = run_sort(bucket, sort_buckets, ticket, at, code, 1, shift=0)
        order = sorted(range(n), key=lambda i: (at[i], kind_order(code[i]), i))
        assert at_s.tolist() == [int(at[i]) for i in order] and code_s.tolist() == [int(code[i]) for i in order]


def test_large_logs_take_the_parallel_path_with_the_same_rows():
    """70,000 tickets run the chunked kernels; a 300-ticket subset runs in one thread."""
    rng = np.random.default_rng(11)
    n = 70_000
    created = np.datetime64("2026-03-02T00:00", "s") + rng.integers(0, 20 * 86_400, n).astype("m8[s]")
    ids = rng.permutation(n) * 3 + 5
    per = rng.integers(0, 6, n)
    owner = np.repeat(np.arange(n), per)
    at = created[owner] + rng.integers(0, 5 * 86_400, owner.shape[0]).astype("m8[s]")
    kind = np.array(EVENT_KINDS_FOR_TEST)[rng.integers(0, 3, owner.shape[0])]
    status = np.where(kind == "status", np.array(["open", "pending", "solved"])[rng.integers(0, 3, owner.shape[0])], "")
    tickets = {"ticket_id": ids, "created_at": created, "market": np.array(["DE", "US"])[rng.integers(0, 2, n)]}
    events = {"ticket_id": ids[owner], "at": at, "kind": kind, "public": rng.random(owner.shape[0]) < 0.9,
              "status": status}
    policy = SlaPolicy(targets=[
        SlaTarget(metric="first_reply", goal_s="4h",
                  calendar={"DE": engine_calendar("berlin"), "US": engine_calendar("new_york")}),
        SlaTarget(metric="next_reply", goal_s="2h", hours="calendar"),
        SlaTarget(metric="agent_work", goal_s="1d", calendar=engine_calendar("berlin")),
    ])
    whole = evaluate(policy, tickets, events, as_of="2026-03-25T00:00Z")
    keep = np.isin(events["ticket_id"], ids[:300])
    part = evaluate(policy, {k: v[:300] for k, v in tickets.items()}, {k: v[keep] for k, v in events.items()},
                    as_of="2026-03-25T00:00Z")
    mine = np.isin(whole.ticket_index, np.arange(300))
    expected = engine_rows(part)
    got = [row for row, flag in zip(engine_rows(whole), mine) if flag]
    assert got == expected


def test_public_flags_as_numbers_and_pandas_nullable_booleans():
    policy = SlaPolicy(targets=[SlaTarget(metric="first_reply", goal_s="1h", hours="calendar")])
    tickets = {"ticket_id": [1, 2], "created_at": ["2026-03-02T09:00Z"] * 2}
    events = {"ticket_id": [1, 2, 2], "at": ["2026-03-02T09:10Z", "2026-03-02T09:20Z", "2026-03-02T09:30Z"],
              "kind": ["agent_reply", "agent_reply", "customer_message"]}
    later = "2026-03-02T10:30Z"
    as_numbers = evaluate(policy, tickets, {**events, "public": np.array([1, 0, 0])}, as_of=later)
    assert as_numbers.state.tolist() == ["achieved", "breached"]
    mixed = evaluate(policy, tickets, {**events, "public": [True, 0, None]}, as_of=later)
    assert mixed.state.tolist() == ["achieved", "breached"]
    pd = pytest.importorskip("pandas")
    nullable = pd.DataFrame({**events, "public": pd.array([True, False, None], dtype="boolean")})
    nullable["at"] = pd.to_datetime(nullable["at"], utc=True)
    assert evaluate(policy, tickets, nullable, as_of=later).state.tolist() == ["achieved", "breached"]
    broken = nullable.assign(public=pd.array([True, None, None], dtype="boolean"))
    with pytest.raises(InvalidArgumentError, match=r"events\['public'\] must be True or False .*ticket_id 2"):
        evaluate(policy, tickets, broken)


def test_unsigned_ids_and_duration_lists():
    policy = SlaPolicy(targets=[SlaTarget(metric="first_reply", goal_s="1h", hours="calendar")])
    tickets = {"ticket_id": np.array([7, 9], dtype=np.uint32), "created_at": ["2026-03-02T09:00Z"] * 2}
    events = {"ticket_id": np.array([9], dtype=np.uint64), "at": ["2026-03-02T09:30Z"], "kind": ["agent_reply"],
              "public": [True]}
    assert evaluate(policy, tickets, events).ticket_id.tolist() == [7, 9]
    huge = {**tickets, "ticket_id": np.array([2**63, 1], dtype=np.uint64)}
    with pytest.raises(InvalidArgumentError, match=r"tickets\['ticket_id'\] must be integers below 2\*\*63"):
        evaluate(policy, huge, events)
    with pytest.raises(InvalidArgumentError, match=r"duration\[1\] must be a duration"):
        duration_s(["1h", "soon"])
