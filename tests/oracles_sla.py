"""Slow, obvious reference code for SLA clocks, one ticket at a time.

Imports nothing from cultureservice. Instants are whole seconds since
1970-01-01 UTC (ints). A business calendar is plain data:

``{"time_zone": "Europe/Berlin",
   "weekly": {0: [("09:00", "17:00")], ...},   # 0 = Monday, same-day intervals
   "holidays": {date, ...}}``                    # local dates, closed all day

and :class:`MinuteCalendar` decides, minute by minute, whether the desk is
open by reading the minute's wall clock in the zone (local date not a holiday,
local time of day inside an interval of that weekday). The tests keep interval
ends away from DST transitions and every instant on whole minutes, so the
minute grid is exact. Business time between two instants counts open
minutes; adding business time walks forward minute by minute.

:func:`evaluate_tickets` walks each ticket's events in order (instant, then
status < customer message < agent reply, then input order) and keeps every
clock by hand.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

METRICS = ("first_reply", "next_reply", "requester_wait", "agent_work", "resolution")
ROLES = ("new", "open", "pending", "on_hold", "solved", "closed")
KIND_ORDER = {"status": 0, "customer_message": 1, "agent_reply": 2}
STOPPED = ("solved", "closed")
RUNS_IN = {
    "requester_wait": ("new", "open", "on_hold"),
    "agent_work": ("new", "open"),
    "resolution": ("new", "open", "pending", "on_hold"),
}


def minutes_of(text: str) -> int:
    hours, minutes = (int(p) for p in text.split(":"))
    return hours * 60 + minutes


class MinuteCalendar:
    """Open or closed per UTC minute in ``[first_s, last_s)``, from the local wall clock."""

    def __init__(self, spec: dict, first_s: int, last_s: int) -> None:
        assert first_s % 60 == 0 and last_s % 60 == 0
        self.first_s = first_s
        self.last_s = last_s
        zone = ZoneInfo(spec["time_zone"])
        weekly = {day: [(minutes_of(a), minutes_of(b)) for a, b in hours] for day, hours in spec["weekly"].items()}
        holidays = set(spec.get("holidays", ()))
        self.open = []
        for t in range(first_s, last_s, 60):
            local = datetime.fromtimestamp(t, UTC).astimezone(zone)
            minute = local.hour * 60 + local.minute
            is_open = local.date() not in holidays and any(
                a <= minute < b for a, b in weekly.get(local.weekday(), [])
            )
            self.open.append(is_open)
        self.prefix = [0]
        for flag in self.open:
            self.prefix.append(self.prefix[-1] + (1 if flag else 0))

    def _index(self, t: int) -> int:
        assert t % 60 == 0, t
        assert self.first_s <= t <= self.last_s, "instant outside the oracle's window"
        return (t - self.first_s) // 60

    def elapsed(self, a: int, b: int) -> int:
        """Open seconds in [a, b), a <= b."""
        assert a <= b
        return 60 * (self.prefix[self._index(b)] - self.prefix[self._index(a)])

    def add(self, a: int, n: int) -> int:
        """Earliest instant x >= a with elapsed(a, x) == n (n >= 0 whole seconds)."""
        if n == 0:
            return a
        i = self._index(a)
        left = n
        while True:
            assert i < len(self.open), "due date outside the oracle's window"
            if self.open[i]:
                if left <= 60:
                    return self.first_s + 60 * i + left
                left -= 60
            i += 1


class WallClock:
    """Calendar (wall-clock) hours."""

    @staticmethod
    def elapsed(a: int, b: int) -> int:
        return b - a

    @staticmethod
    def add(a: int, n: int) -> int:
        return a + n


class Clock:
    """A pausable clock that remembers when it first reached its goal."""

    def __init__(self, hours, goal: float) -> None:
        self.hours = hours
        self.goal = goal
        self.elapsed = 0
        self.since = None  # instant the clock last started running, or None when not running
        self.due = None  # the earliest instant the goal was reached

    def run(self, t: int) -> None:
        if self.since is None:
            self.since = t

    def halt(self, t: int) -> None:
        if self.since is None:
            return
        piece = self.hours.elapsed(self.since, t)
        if self.due is None and self.elapsed + piece >= self.goal:
            self.due = self.hours.add(self.since, self.goal - self.elapsed)
        self.elapsed += piece
        self.since = None


def matches(target: dict, ticket: dict) -> bool:
    for column, allowed in target.get("conditions", {}).items():
        if ticket[column] not in allowed:
            return False
    return True


def finish(clock: Clock, target: dict, completed: bool, running: bool, stop: int | None,
           ran_before_stop: bool, as_of: int) -> dict:
    """The row of a clock: elapsed, state, due, remaining (``running``: live and running at as_of)."""
    if running:
        clock.halt(as_of)
    goal = clock.goal
    elapsed = clock.elapsed
    breached = elapsed > goal
    if clock.due is not None:
        due = clock.due
    elif completed:
        due = clock.hours.add(stop, goal - elapsed) if ran_before_stop else None
    elif running:
        due = clock.hours.add(as_of, goal - elapsed)
    else:
        due = None
    if breached:
        state = "breached"
    elif completed:
        state = "achieved"
    elif running:
        fraction = target.get("warning_fraction", 0.75)
        lead = target.get("warning_lead_s")
        warn = (fraction is not None and elapsed >= fraction * goal) or (lead is not None and goal - elapsed <= lead)
        state = "warning" if warn else "active"
    else:
        state = "paused"
    return {
        "elapsed_s": float(elapsed),
        "due_at": due,
        "breach_at": due if breached else None,
        "breached": breached,
        "state": state,
        "remaining_s": None if completed else float(goal - elapsed),
    }


def not_applicable() -> dict:
    return {"elapsed_s": 0.0, "due_at": None, "breach_at": None, "breached": False,
            "state": "not_applicable", "remaining_s": None}


def reply_rows(metric: str, ticket: dict, events: list[dict], target: dict, hours, as_of: int) -> list[dict]:
    if metric == "first_reply":
        clock = Clock(hours, target["goal_s"])
        clock.run(ticket["created_at"])
        for event in events:
            if event["kind"] == "agent_reply" and event["public"]:
                clock.halt(event["at"])
                return [finish(clock, target, True, False, event["at"], True, as_of)]
        return [finish(clock, target, False, True, None, False, as_of)]
    rows = []
    first_seen = False
    clock = None
    for event in events:
        if event["kind"] == "agent_reply" and event["public"]:
            if not first_seen:
                first_seen = True
            elif clock is not None:
                clock.halt(event["at"])
                rows.append(finish(clock, target, True, False, event["at"], True, as_of))
                clock = None
        elif event["kind"] == "customer_message" and first_seen and clock is None:
            clock = Clock(hours, target["goal_s"])
            clock.run(event["at"])
    if clock is not None:
        rows.append(finish(clock, target, False, True, None, False, as_of))
    return rows or [not_applicable()]


def status_rows(metric: str, ticket: dict, events: list[dict], target: dict, hours, as_of: int,
                roles: dict) -> list[dict]:
    runs_in = [r for r in RUNS_IN[metric] if r not in target.get("pause_statuses", ())]
    clock = Clock(hours, target["goal_s"])
    role = "new"
    if role in runs_in:
        clock.run(ticket["created_at"])
    stop = None
    ran_before_stop = False
    for event in events:
        if event["kind"] != "status":
            continue
        new_role = roles[event["status"]]
        if new_role == role:
            continue
        was_running = clock.since is not None
        if new_role in STOPPED and role not in STOPPED:
            stop = event["at"]
            ran_before_stop = was_running
        if new_role in runs_in:
            clock.run(event["at"])
        else:
            clock.halt(event["at"])
        role = new_role
    completed = role in STOPPED
    running = clock.since is not None
    return [finish(clock, target, completed, running, stop, ran_before_stop, as_of)]


def evaluate_tickets(tickets: list[dict], events: list[dict], targets: list[dict], calendars: dict,
                     as_of: int | None = None, status_roles: dict | None = None) -> tuple[list[dict], dict]:
    """Rows (metric order, ticket order, cycle) and unmatched ticket ids per metric.

    ``targets``: dicts with ``metric``, ``goal_s``, ``hours`` ("business" or
    "calendar"), ``calendar`` (a calendar name, or a dict market -> name),
    ``conditions``, ``warning_fraction``, ``warning_lead_s``, ``pause_statuses``.
    ``calendars``: name -> MinuteCalendar.
    """
    roles = {r: r for r in ROLES}
    roles.update(status_roles or {})
    if as_of is None:
        as_of = max([t["created_at"] for t in tickets] + [e["at"] for e in events])
    by_ticket: dict = {t["ticket_id"]: [] for t in tickets}
    for index, event in enumerate(events):
        if event["at"] <= as_of:
            by_ticket[event["ticket_id"]].append((event["at"], KIND_ORDER[event["kind"]], index, event))
    rows = []
    unmatched: dict = {}
    for metric in METRICS:
        indices = [i for i, t in enumerate(targets) if t["metric"] == metric]
        if not indices:
            continue
        for ticket in tickets:
            chosen = next((i for i in indices if matches(targets[i], ticket)), None)
            if chosen is None:
                unmatched.setdefault(metric, []).append(ticket["ticket_id"])
                continue
            target = targets[chosen]
            if target["hours"] == "calendar":
                hours = WallClock()
            elif isinstance(target["calendar"], dict):
                hours = calendars[target["calendar"][ticket["market"]]]
            else:
                hours = calendars[target["calendar"]]
            walk = [item[3] for item in sorted(by_ticket[ticket["ticket_id"]], key=lambda item: item[:3])]
            if metric in ("first_reply", "next_reply"):
                found = reply_rows(metric, ticket, walk, target, hours, as_of)
            else:
                found = status_rows(metric, ticket, walk, target, hours, as_of, roles)
            for cycle, row in enumerate(found):
                row.update(ticket_id=ticket["ticket_id"], metric=metric, cycle=cycle, target=chosen,
                           goal_s=float(target["goal_s"]))
                rows.append(row)
    return rows, unmatched


def epoch_seconds(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> int:
    """A UTC wall time as whole seconds since the epoch."""
    return int((datetime(year, month, day, hour, minute, tzinfo=UTC) - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds())


def local_dates(first: date, count: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(count)]
