r"""Discrete-event simulation of contact centres: service level, waits and occupancy by simulation.

The quantity is the same as in :mod:`cultureservice.queueing`, the
performance of queues of contacts answered by agents, but measured on
simulated sample paths instead of closed forms, so that the model can hold
what closed forms cannot: several queues sharing agent groups with skills in
priority order, chat agents holding several conversations, deferrable e-mail
and messaging, arrival rates and staffing that change every interval, and
customers who hang up.

Two entry points:

* :func:`simulate_single_queue` simulates the M/M/n+M queue of
  :func:`cultureservice.queueing.erlang_a` (same arguments, same definitions)
  and returns each metric as a mean with a standard error across replications;
  it is how a user checks an Erlang figure.
* :func:`simulate` runs a :class:`Scenario` (queues, agent groups, staffing per
  interval) and returns per queue and interval: offered, answered, abandoned,
  service level, ASA, wait quantiles, queue length and backlog, and occupancy
  per agent group, each as an :class:`Estimate`.

Definitions (those of :func:`~cultureservice.queueing.erlang_a`), for the
contacts that *arrive* in an interval:

* ``service_level``: answered with a wait ``<= target_s`` over all offered;
  abandoned contacts, and contacts still waiting at the end of the horizon,
  count as failures;
* ``service_level_answered``: the same over answered contacts only;
* ``p_wait``: share of offered contacts that found no eligible agent free;
* ``p_abandon``: share of offered contacts that hung up;
* ``asa``: mean time in queue over all offered contacts (abandoned ones until
  they hang up; contacts still waiting at the horizon until the horizon);
* ``asa_answered``: mean wait of answered contacts;
* ``occupancy``: time agents hold at least one contact over time agents are
  present (a chat agent holding one or more chats is busy).

Every replication is independent: replication ``r`` draws its contacts from
its own seed, derived from ``seed`` with :class:`numpy.random.SeedSequence`, so
the same seed gives identical results whatever the number of threads, and a
replication never depends on another. Replications run in parallel on all the
threads numba uses (``numba.set_num_threads`` limits them).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import Any

import attrs
import numba
import numpy as np
import numpy.typing as npt

from cultureservice._kernels import des as _des
from cultureservice._validation import as_float_array, as_int_array, describe
from cultureservice.errors import InvalidArgumentError

__all__ = [
    "CHANNELS",
    "HANDLE_TIME_DISTRIBUTIONS",
    "AgentGroup",
    "ContactQueue",
    "Estimate",
    "QueueMetrics",
    "Scenario",
    "SimulationResult",
    "SingleQueueResult",
    "simulate",
    "simulate_single_queue",
]

#: Channel kinds: ``phone`` (one contact at a time), ``chat`` (up to
#: ``concurrency`` at a time), ``email`` and ``messaging`` (deferrable).
CHANNELS = ("phone", "chat", "email", "messaging")

#: Handle-time distributions of a :class:`ContactQueue`.
HANDLE_TIME_DISTRIBUTIONS = ("exponential", "lognormal", "empirical")

_CHANNEL_KIND = {"phone": _des.PHONE, "chat": _des.CHAT, "email": _des.DEFERRABLE, "messaging": _des.DEFERRABLE}
_MAX_CONCURRENCY = 64
_SEED_HELP = "an int >= 0, a numpy.random.SeedSequence, a numpy.random.Generator or None"


# ---------------------------------------------------------------- results


@attrs.frozen(kw_only=True, eq=False)
class Estimate:
    """A simulated quantity: its mean and standard error across replications.

    Attributes
    ----------
    mean : ndarray or numpy scalar
        Mean over the replications in which the quantity is defined (a ratio
        is undefined in a replication where its denominator is 0); NaN where
        it is defined in none.
    standard_error : ndarray or numpy scalar
        Sample standard deviation over those replications divided by the
        square root of their number; NaN where fewer than two.
    values : ndarray
        The value in each replication, replications along the first axis
        (NaN where undefined).
    """

    mean: Any
    standard_error: Any
    values: npt.NDArray[np.float64]

    @classmethod
    def from_values(cls, values: npt.NDArray[np.float64]) -> Estimate:
        """Summarise per-replication ``values`` (replications along axis 0)."""
        values = np.asarray(values, dtype=np.float64)
        ok = ~np.isnan(values)
        count = ok.sum(axis=0)
        filled = np.where(ok, values, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = filled.sum(axis=0) / count
            dev = np.where(ok, values - mean, 0.0)
            var = (dev * dev).sum(axis=0) / (count - 1)
            se = np.sqrt(var / count)
        mean = np.where(count > 0, mean, np.nan)
        se = np.where(count > 1, se, np.nan)
        values.setflags(write=False)
        return cls(
            mean=mean[()] if mean.ndim == 0 else mean,
            standard_error=se[()] if se.ndim == 0 else se,
            values=values,
        )


@attrs.frozen(kw_only=True, eq=False)
class QueueMetrics:
    """Per-queue metrics, each an :class:`Estimate` of the same shape.

    The shape is ``(queues, intervals)`` in :attr:`SimulationResult.by_interval`
    and ``(queues,)`` in :attr:`SimulationResult.total`. Counts are per
    replication (contacts arriving in the interval); see the module docstring
    for the definitions.

    Attributes
    ----------
    offered, answered, abandoned, waiting_at_end : Estimate
        Contacts arriving, answered (taken by an agent), hung up, and still
        waiting at the end of the horizon. ``offered = answered + abandoned +
        waiting_at_end``. [contacts]
    service_level, service_level_answered, p_wait, p_abandon : Estimate
        Shares as defined in the module docstring. [0–1]
    asa, asa_answered : Estimate
        Mean time in queue of offered, and mean wait of answered contacts. [s]
    wait_quantiles : Estimate
        Quantiles of the waits of answered contacts, the quantile levels
        (:attr:`SimulationResult.quantiles`) along the last axis. [s]
    queue_length : Estimate
        Time-average number of contacts waiting during the interval (over the
        reported horizon in ``total``). [contacts]
    backlog : Estimate
        Contacts waiting at the end of the interval (at the end of the horizon
        in ``total``); the open backlog for deferrable work. [contacts]
    """

    offered: Estimate
    answered: Estimate
    abandoned: Estimate
    waiting_at_end: Estimate
    service_level: Estimate
    service_level_answered: Estimate
    p_wait: Estimate
    p_abandon: Estimate
    asa: Estimate
    asa_answered: Estimate
    wait_quantiles: Estimate
    queue_length: Estimate
    backlog: Estimate


@attrs.frozen(kw_only=True, eq=False)
class SimulationResult:
    """What :func:`simulate` measured.

    Attributes
    ----------
    queue_names, group_names : tuple of str
        Names of the queues (first axis of the queue metrics) and of the
        agent groups (first axis of ``occupancy``).
    interval_s : float
        Interval length. [s]
    warmup_s : float
        Simulated time before the first interval, not reported. [s]
    replications : int
        Number of independent replications.
    contacts : int
        Contacts simulated in all replications, warm-up included. [contacts]
    quantiles : tuple of float
        Quantile levels of ``wait_quantiles``. [0–1]
    by_interval : QueueMetrics
        Metrics per queue and interval, shape ``(queues, intervals)``.
    total : QueueMetrics
        Metrics per queue over all intervals, shape ``(queues,)``.
    occupancy : Estimate
        Occupancy per agent group and interval, shape ``(groups, intervals)``;
        NaN where no agent is present. [0–1]
    occupancy_total : Estimate
        Occupancy per agent group over all intervals, shape ``(groups,)``. [0–1]
    """

    queue_names: tuple[str, ...]
    group_names: tuple[str, ...]
    interval_s: float
    warmup_s: float
    replications: int
    contacts: int
    quantiles: tuple[float, ...]
    by_interval: QueueMetrics
    total: QueueMetrics
    occupancy: Estimate
    occupancy_total: Estimate


@attrs.frozen(kw_only=True, eq=False)
class SingleQueueResult:
    """What :func:`simulate_single_queue` measured (scalar estimates).

    Attributes
    ----------
    p_wait, p_abandon, service_level, service_level_answered : Estimate
        As in :class:`cultureservice.queueing.ErlangAResult`. [0–1]
    asa, asa_answered : Estimate
        As in :class:`cultureservice.queueing.ErlangAResult`. [s]
    occupancy : Estimate
        Busy agent time over present agent time. [0–1]
    customers : int
        Contacts simulated in all replications, warm-up included. [contacts]
    replications : int
        Number of replications.
    """

    p_wait: Estimate
    p_abandon: Estimate
    service_level: Estimate
    service_level_answered: Estimate
    asa: Estimate
    asa_answered: Estimate
    occupancy: Estimate
    customers: int
    replications: int


# ---------------------------------------------------------------- running


class _Progress:
    """A one-line text progress bar on standard error (only when asked for)."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        width = 30
        filled = int(width * done / max(self.total, 1))
        bar = "#" * filled + "." * (width - filled)
        sys.stderr.write(f"\rsimulating [{bar}] {done}/{self.total} replications")
        if done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _replication_seeds(seed: Any, replications: int) -> npt.NDArray[np.int64]:
    if isinstance(seed, np.random.Generator):
        return seed.integers(0, 2**32, size=replications, dtype=np.int64)
    if seed is None or isinstance(seed, np.random.SeedSequence):
        sequence = seed if seed is not None else np.random.SeedSequence()
    elif isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and int(seed) >= 0:
        sequence = np.random.SeedSequence(int(seed))
    else:
        raise InvalidArgumentError(f"seed must be {_SEED_HELP}; got {describe(seed)}")
    return sequence.generate_state(replications, dtype=np.uint32).astype(np.int64)


def _check_replications(replications: Any) -> int:
    value = as_int_array("replications", replications, min_value=2)
    if value.ndim != 0:
        raise InvalidArgumentError(f"replications must be a single integer >= 2; got {describe(replications)}")
    return int(value)


def _scalar(name: str, value: Any, **bounds: Any) -> float:
    arr = as_float_array(name, value, **bounds)
    if arr.ndim != 0:
        raise InvalidArgumentError(f"{name} must be a single number; got an array of shape {arr.shape}")
    return float(arr)


def _run(
    arrays: dict[str, Any],
    replications: int,
    seed: Any,
    expected_contacts: float,
    first_reported: int,
    progress: bool,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64], int]:
    """Run the replications (in chunks when showing progress); retry on overflow."""
    seeds = _replication_seeds(seed, replications)
    n_queues = arrays["channel_kind"].shape[0]
    n_groups = arrays["staffing"].shape[0]
    n_intervals = arrays["interval_end_s"].shape[0]
    n_quantiles = arrays["quantiles"].shape[0]
    queue_stats = np.zeros((replications, n_queues, n_intervals, _des.N_QUEUE_STATS))
    group_stats = np.zeros((replications, n_groups, n_intervals, _des.N_GROUP_STATS))
    wait_quantiles = np.full((replications, n_queues, n_intervals + 1, n_quantiles), np.nan)
    contacts = np.zeros(replications, np.int64)
    capacity = int(expected_contacts + 10.0 * math.sqrt(expected_contacts) + 64)
    bar = _Progress(replications, progress)
    chunk = replications if not progress else max(2 * numba.get_num_threads(), -(-replications // 50))
    bar.update(0)
    for lo in range(0, replications, chunk):
        hi = min(lo + chunk, replications)
        todo = np.arange(lo, hi)
        cap = capacity
        while todo.size:
            qs = np.zeros((todo.size, n_queues, n_intervals, _des.N_QUEUE_STATS))
            gs = np.zeros((todo.size, n_groups, n_intervals, _des.N_GROUP_STATS))
            wq = np.full((todo.size, n_queues, n_intervals + 1, n_quantiles), np.nan)
            counts = np.zeros(todo.size, np.int64)
            _des.simulate_replications(
                seeds[todo],
                min(todo.size, 4 * numba.get_num_threads()),
                cap,
                arrays["interval_end_s"],
                arrays["rate_per_s"],
                arrays["handle_kind"],
                arrays["handle_a"],
                arrays["handle_b"],
                arrays["sample_s"],
                arrays["sample_off"],
                arrays["patience_mean_s"],
                arrays["staffing"],
                arrays["group_skills"],
                arrays["queue_groups"],
                arrays["channel_kind"],
                arrays["concurrency"],
                arrays["slowdown"],
                arrays["priority"],
                arrays["target_s"],
                arrays["quantiles"],
                first_reported,
                qs,
                gs,
                wq,
                counts,
            )
            done = counts >= 0
            queue_stats[todo[done]] = qs[done]
            group_stats[todo[done]] = gs[done]
            wait_quantiles[todo[done]] = wq[done]
            contacts[todo[done]] = counts[done]
            todo = todo[~done]
            cap *= 2
        bar.update(hi)
    return queue_stats, group_stats, wait_quantiles, int(contacts.sum())


def _ratio(num: npt.NDArray[np.float64], den: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def _queue_metrics(
    stats: npt.NDArray[np.float64], quantiles: npt.NDArray[np.float64], duration_s: Any
) -> QueueMetrics:
    """Per-replication queue statistics (..., N_QUEUE_STATS) into estimates."""
    offered = stats[..., _des.Q_OFFERED]
    answered = stats[..., _des.Q_ANSWERED]
    return QueueMetrics(
        offered=Estimate.from_values(offered),
        answered=Estimate.from_values(answered),
        abandoned=Estimate.from_values(stats[..., _des.Q_ABANDONED]),
        waiting_at_end=Estimate.from_values(stats[..., _des.Q_WAITING_END]),
        service_level=Estimate.from_values(_ratio(stats[..., _des.Q_WITHIN], offered)),
        service_level_answered=Estimate.from_values(_ratio(stats[..., _des.Q_WITHIN], answered)),
        p_wait=Estimate.from_values(_ratio(stats[..., _des.Q_QUEUED], offered)),
        p_abandon=Estimate.from_values(_ratio(stats[..., _des.Q_ABANDONED], offered)),
        asa=Estimate.from_values(_ratio(stats[..., _des.Q_WAIT_ALL], offered)),
        asa_answered=Estimate.from_values(_ratio(stats[..., _des.Q_WAIT_ANSWERED], answered)),
        wait_quantiles=Estimate.from_values(quantiles),
        queue_length=Estimate.from_values(stats[..., _des.Q_QUEUE_AREA] / duration_s),
        backlog=Estimate.from_values(stats[..., _des.Q_BACKLOG]),
    )


# ---------------------------------------------------------------- functions


def simulate_single_queue(
    arrival_rate_per_hour: float,
    handle_time_s: float,
    patience_s: float,
    agents: int,
    target_s: float,
    *,
    hours: float = 10.0,
    warmup_hours: float = 1.0,
    replications: int = 100,
    seed: Any = None,
    progress: bool = False,
) -> SingleQueueResult:
    r"""
    Simulate the M/M/n+M queue of :func:`~cultureservice.queueing.erlang_a` [1]_.

    Poisson arrivals, exponential handle times, exponential patience (``inf``:
    nobody hangs up), ``agents`` agents answering in order of arrival. Each
    replication starts empty, runs ``warmup_hours`` unreported, then measures
    the contacts arriving in the next ``hours``.

    Parameters
    ----------
    arrival_rate_per_hour : float
        Poisson arrival rate, >= 0. [1/h]
    handle_time_s : float
        Mean (exponential) handle time, > 0. [s]
    patience_s : float
        Mean (exponential) patience, > 0; ``inf`` gives Erlang C. [s]
    agents : int
        Agents, >= 0. [agents]
    target_s : float
        Answer-time target of the service level, >= 0. [s]
    hours : float, optional
        Measured horizon per replication, > 0. [h]
    warmup_hours : float, optional
        Unreported warm-up per replication, >= 0. [h]
    replications : int, optional
        Independent replications, >= 2.
    seed : int, numpy.random.SeedSequence, numpy.random.Generator or None, optional
        Source of the per-replication seeds; ``None`` draws fresh entropy.
    progress : bool, optional
        Show a progress bar on standard error.

    Returns
    -------
    SingleQueueResult
        ``p_wait``, ``p_abandon``, ``service_level``, ``service_level_answered``,
        ``asa``, ``asa_answered`` and ``occupancy`` as :class:`Estimate` (mean and
        standard error across replications), and ``customers`` simulated.

    Raises
    ------
    InvalidArgumentError
        If an argument is out of range or not a single number, or ``seed`` is
        of another kind.

    See Also
    --------
    cultureservice.queueing.erlang_a : the exact values this estimates.
    simulate : several queues, channels, skills and intervals.

    Notes
    -----
    Contacts still waiting at the end of the horizon count as offered and not
    answered within the target; their time in queue is counted up to the end.
    With ``hours`` much longer than the handle time and patience this edge
    effect is negligible. A replication's ratio (for example answered within
    target over offered) is computed within the replication, and the mean and
    standard error are taken across replications.

    References
    ----------
    .. [1] A. Mandelbaum and S. Zeltyn, "The Palm/Erlang-A queue, with
       applications to call centers," Technion, 2007.

    Examples
    --------
    >>> r = simulate_single_queue(240.0, 180.0, 120.0, 14, 20.0,
    ...                           hours=4.0, replications=20, seed=1)
    >>> 0.0 < float(r.service_level.mean) < 1.0, r.customers > 20 * 4 * 200
    (True, True)
    """
    lam = _scalar("arrival_rate_per_hour", arrival_rate_per_hour, min_value=0.0)
    handle = _scalar("handle_time_s", handle_time_s, min_value=0.0, min_open=True)
    patience = _scalar("patience_s", patience_s, min_value=0.0, min_open=True, allow_inf=True)
    n = as_int_array("agents", agents, min_value=0)
    if n.ndim != 0:
        raise InvalidArgumentError(f"agents must be a single integer >= 0; got an array of shape {n.shape}")
    target = _scalar("target_s", target_s, min_value=0.0)
    horizon_h = _scalar("hours", hours, min_value=0.0, min_open=True)
    warmup_h = _scalar("warmup_hours", warmup_hours, min_value=0.0)
    reps = _check_replications(replications)
    if warmup_h > 0:
        ends = np.array([warmup_h * 3600.0, (warmup_h + horizon_h) * 3600.0])
    else:
        ends = np.array([horizon_h * 3600.0])
    k = ends.shape[0]
    arrays = {
        "interval_end_s": ends,
        "rate_per_s": np.full((1, k), lam / 3600.0),
        "handle_kind": np.array([_des.EXPONENTIAL], np.int64),
        "handle_a": np.array([handle]),
        "handle_b": np.zeros(1),
        "sample_s": np.zeros(1),
        "sample_off": np.zeros(2, np.int64),
        "patience_mean_s": np.array([patience]),
        "staffing": np.full((1, k), int(n), np.int64),
        "group_skills": np.zeros((1, 1), np.int64),
        "queue_groups": np.zeros((1, 1), np.int64),
        "channel_kind": np.array([_des.PHONE], np.int64),
        "concurrency": np.ones(1, np.int64),
        "slowdown": np.zeros(1),
        "priority": np.zeros(1, np.int64),
        "target_s": np.array([target]),
        "quantiles": np.zeros(0),
    }
    expected = lam * (warmup_h + horizon_h)
    qs, gs, _, customers = _run(arrays, reps, seed, expected, k - 1, progress)
    stats = qs[:, 0, k - 1, :]
    metrics = _queue_metrics(stats, np.zeros((reps, 0)), horizon_h * 3600.0)
    occupancy = _ratio(gs[:, 0, k - 1, _des.G_BUSY], gs[:, 0, k - 1, _des.G_PRESENT])
    return SingleQueueResult(
        p_wait=metrics.p_wait,
        p_abandon=metrics.p_abandon,
        service_level=metrics.service_level,
        service_level_answered=metrics.service_level_answered,
        asa=metrics.asa,
        asa_answered=metrics.asa_answered,
        occupancy=Estimate.from_values(occupancy),
        customers=customers,
        replications=reps,
    )


def simulate(
    scenario: Scenario,
    *,
    replications: int = 100,
    seed: Any = None,
    warmup_s: float = 0.0,
    quantiles: Sequence[float] = (0.5, 0.8, 0.9, 0.95),
    progress: bool = False,
) -> SimulationResult:
    r"""
    Simulate a contact-centre :class:`Scenario` and summarise it per queue and interval [1]_.

    Each replication starts empty at the start of the first interval (after
    an optional warm-up that repeats the first interval's arrival rates and
    staffing), draws non-homogeneous Poisson arrivals with the scenario's
    piecewise-constant rates, and routes them to agent groups as described in
    the Notes. The horizon is the scenario's intervals; contacts still
    waiting at its end are reported as ``waiting_at_end``.

    Parameters
    ----------
    scenario : Scenario
        Queues, agent groups, staffing per interval and interval length.
    replications : int, optional
        Independent replications, >= 2.
    seed : int, numpy.random.SeedSequence, numpy.random.Generator or None, optional
        Source of the per-replication seeds; ``None`` draws fresh entropy.
    warmup_s : float, optional
        Unreported simulated time before the first interval, >= 0. [s]
    quantiles : sequence of float, optional
        Quantile levels of the answered waits to report, each in [0, 1]. [0–1]
    progress : bool, optional
        Show a progress bar on standard error.

    Returns
    -------
    SimulationResult
        Metrics per queue and interval (``by_interval``), per queue over the
        horizon (``total``), and occupancy per agent group.

    Raises
    ------
    InvalidArgumentError
        If ``scenario`` is not a :class:`Scenario`, ``replications`` < 2,
        ``warmup_s`` < 0, a quantile is outside [0, 1], or ``seed`` is of
        another kind.

    See Also
    --------
    simulate_single_queue : the M/M/n+M case, compared with ``erlang_a``.
    cultureservice.queueing.erlang_a : the closed form for one queue.

    Notes
    -----
    *Channels.* A ``phone`` contact, and a deferrable ``email`` or ``messaging``
    contact, takes the agent's whole attention. A ``chat`` agent holds up to
    ``concurrency`` chats; a chat accepted as the agent's :math:`m`-th
    concurrent conversation has handle time

    .. math:: h = h_0 \,(1 + s\,(m - 1))

    where :math:`h_0` is the drawn handle time and :math:`s` the queue's
    ``concurrency_slowdown``, fixed when the chat is accepted. An agent
    holding chats takes only more chats.

    *Routing.* A free agent takes, among the queues of its skills that it may
    serve, the head contact of the best queue: live work (phone, chat) before
    deferrable work (so e-mail is served only when no live contact waits for
    that agent), then the higher queue ``priority``, then the contact that
    has waited longest. An arriving contact goes to an idle agent if there is
    one (else, for chat, to the agent holding the fewest chats below the
    limit), preferring the group that lists the queue earliest among its
    skills, then the group listed first in the scenario.

    *Staffing.* At an interval boundary idle agents leave first; if more must
    go, busy agents finish the contact(s) in hand, take no new work and then
    leave. When staffing rises, such leaving agents are kept first.

    References
    ----------
    .. [1] N. Gans, G. Koole and A. Mandelbaum, "Telephone call centers:
       Tutorial, review, and research prospects," Manuf. Serv. Oper. Manag.,
       vol. 5, no. 2, pp. 79-141, 2003, doi:10.1287/msom.5.2.79.16071.

    Examples
    --------
    >>> scenario = Scenario(
    ...     queues=[ContactQueue(name="de_phone", arrival_rate_per_hour=[120, 240],
    ...                          handle_time_s=240.0, patience_s=180.0, target_s=20.0)],
    ...     groups=[AgentGroup(name="de", skills=["de_phone"], agents=[10, 18])],
    ...     interval_s=1800.0)
    >>> result = simulate(scenario, replications=20, seed=7)
    >>> result.by_interval.service_level.mean.shape
    (1, 2)
    >>> bool((result.occupancy.mean > 0.5).all())
    True
    """
    if not isinstance(scenario, Scenario):
        raise InvalidArgumentError(f"scenario must be a Scenario; got {type(scenario).__name__}")
    reps = _check_replications(replications)
    warmup = _scalar("warmup_s", warmup_s, min_value=0.0)
    levels = as_float_array("quantiles", quantiles, min_value=0.0, max_value=1.0)
    if levels.ndim != 1:
        raise InvalidArgumentError(f"quantiles must be a sequence of numbers in [0, 1]; got {describe(quantiles)}")
    arrays, expected = _scenario_arrays(scenario, warmup)
    arrays["quantiles"] = np.ascontiguousarray(levels, dtype=np.float64)
    first = 1 if warmup > 0 else 0
    qs, gs, wq, contacts = _run(arrays, reps, seed, expected, first, progress)
    n_int = scenario.n_intervals
    qs_rep = qs[:, :, first:, :]
    gs_rep = gs[:, :, first:, :]
    wq_int = wq[:, :, first : first + n_int, :]
    wq_tot = wq[:, :, -1, :]
    by_interval = _queue_metrics(qs_rep, wq_int, scenario.interval_s)
    totals = qs_rep.sum(axis=2)
    totals[..., _des.Q_BACKLOG] = qs_rep[:, :, -1, _des.Q_BACKLOG]
    total = _queue_metrics(totals, wq_tot, scenario.interval_s * n_int)
    occupancy = _ratio(gs_rep[..., _des.G_BUSY], gs_rep[..., _des.G_PRESENT])
    g_tot = gs_rep.sum(axis=2)
    occupancy_total = _ratio(g_tot[..., _des.G_BUSY], g_tot[..., _des.G_PRESENT])
    return SimulationResult(
        queue_names=tuple(q.name for q in scenario.queues),
        group_names=tuple(g.name for g in scenario.groups),
        interval_s=scenario.interval_s,
        warmup_s=warmup,
        replications=reps,
        contacts=contacts,
        quantiles=tuple(float(x) for x in levels),
        by_interval=by_interval,
        total=total,
        occupancy=Estimate.from_values(occupancy),
        occupancy_total=Estimate.from_values(occupancy_total),
    )


def _scenario_arrays(scenario: Scenario, warmup_s: float) -> tuple[dict[str, Any], float]:
    """Kernel inputs for ``scenario``; a warm-up repeats interval 0 before it."""
    n_int = scenario.n_intervals
    queues = scenario.queues
    groups = scenario.groups
    index = {q.name: i for i, q in enumerate(queues)}
    rates = np.array([np.broadcast_to(q.arrival_rate_per_hour, (n_int,)) for q in queues], dtype=np.float64) / 3600.0
    staffing = np.array([np.broadcast_to(g.agents, (n_int,)) for g in groups], dtype=np.int64)
    ends = scenario.interval_s * np.arange(1, n_int + 1, dtype=np.float64)
    if warmup_s > 0:
        rates = np.concatenate([rates[:, :1], rates], axis=1)
        staffing = np.concatenate([staffing[:, :1], staffing], axis=1)
        ends = np.concatenate([[warmup_s], warmup_s + ends])
    n_skills = max(len(g.skills) for g in groups)
    group_skills = np.full((len(groups), n_skills), -1, np.int64)
    for gi, g in enumerate(groups):
        group_skills[gi, : len(g.skills)] = [index[name] for name in g.skills]
    queue_groups = np.full((len(queues), len(groups)), -1, np.int64)
    for qi, q in enumerate(queues):
        order = sorted((g.skills.index(q.name), gi) for gi, g in enumerate(groups) if q.name in g.skills)
        queue_groups[qi, : len(order)] = [gi for _, gi in order]
    handle_kind = np.zeros(len(queues), np.int64)
    handle_a = np.zeros(len(queues))
    handle_b = np.zeros(len(queues))
    samples: list[float] = []
    sample_off = np.zeros(len(queues) + 1, np.int64)
    for qi, q in enumerate(queues):
        if q.handle_time_distribution == "exponential":
            handle_kind[qi] = _des.EXPONENTIAL
            handle_a[qi] = q.mean_handle_time_s
        elif q.handle_time_distribution == "lognormal":
            sigma2 = math.log1p(q.handle_time_cv**2)
            handle_kind[qi] = _des.LOGNORMAL
            handle_a[qi] = math.log(q.mean_handle_time_s) - sigma2 / 2.0
            handle_b[qi] = math.sqrt(sigma2)
        else:
            handle_kind[qi] = _des.EMPIRICAL
            samples.extend(q.handle_time_sample_s)
        sample_off[qi + 1] = len(samples)
    arrays = {
        "interval_end_s": ends,
        "rate_per_s": np.ascontiguousarray(rates),
        "handle_kind": handle_kind,
        "handle_a": handle_a,
        "handle_b": handle_b,
        "sample_s": np.array(samples if samples else [0.0], dtype=np.float64),
        "sample_off": sample_off,
        "patience_mean_s": np.array([q.patience_s for q in queues], dtype=np.float64),
        "staffing": np.ascontiguousarray(staffing),
        "group_skills": group_skills,
        "queue_groups": queue_groups,
        "channel_kind": np.array([_CHANNEL_KIND[q.channel] for q in queues], np.int64),
        "concurrency": np.array([q.concurrency for q in queues], np.int64),
        "slowdown": np.array([q.concurrency_slowdown for q in queues], dtype=np.float64),
        "priority": np.array([q.priority for q in queues], np.int64),
        "target_s": np.array([q.target_s for q in queues], dtype=np.float64),
    }
    durations = np.diff(np.concatenate([[0.0], ends]))
    expected = float((rates * durations).sum())
    return arrays, expected


# ---------------------------------------------------------------- objects


def _name(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise InvalidArgumentError(f"{attribute.name} must be a non-empty string; got {describe(value)}")


def _per_interval_rates(value: Any) -> tuple[float, ...]:
    arr = as_float_array("arrival_rate_per_hour", value, min_value=0.0)
    if arr.ndim > 1 or arr.size == 0:
        raise InvalidArgumentError(
            f"arrival_rate_per_hour must be a number or a 1-D sequence per interval; got shape {arr.shape}"
        )
    return tuple(float(x) for x in arr.ravel())


def _per_interval_agents(value: Any) -> tuple[int, ...]:
    arr = as_int_array("agents", value, min_value=0)
    if arr.ndim > 1 or arr.size == 0:
        raise InvalidArgumentError(f"agents must be an integer or a 1-D sequence per interval; got shape {arr.shape}")
    return tuple(int(x) for x in arr.ravel())


def _int_scalar(name: str, value: Any, min_value: int | None, max_value: int | None) -> int:
    arr = as_int_array(name, value, min_value=min_value, max_value=max_value)
    if arr.ndim != 0:
        raise InvalidArgumentError(f"{name} must be a single integer; got {describe(value)}")
    return int(arr)


def _optional_positive(value: Any) -> float | None:
    if value is None:
        return None
    return _scalar("handle_time_s", value, min_value=0.0, min_open=True)


def _sample(value: Any) -> tuple[float, ...]:
    arr = as_float_array("handle_time_sample_s", value, min_value=0.0, min_open=True)
    if arr.ndim > 1:
        raise InvalidArgumentError(f"handle_time_sample_s must be a 1-D sequence; got shape {arr.shape}")
    return tuple(float(x) for x in arr.ravel())


def _target(value: Any) -> float:
    return _scalar("target_s", value, min_value=0.0)


def _cv(value: Any) -> float:
    return _scalar("handle_time_cv", value, min_value=0.0)


def _patience(value: Any) -> float:
    return _scalar("patience_s", value, min_value=0.0, min_open=True, allow_inf=True)


def _concurrency(value: Any) -> int:
    return _int_scalar("concurrency", value, 1, _MAX_CONCURRENCY)


def _slowdown(value: Any) -> float:
    return _scalar("concurrency_slowdown", value, min_value=0.0)


def _priority(value: Any) -> int:
    return _int_scalar("priority", value, None, None)


def _sequence(name: str, what: str, value: Any) -> tuple[Any, ...]:
    if isinstance(value, (str, bytes)):
        raise InvalidArgumentError(f"{name} must be a sequence of {what}; got {describe(value)}")
    try:
        return tuple(value)
    except TypeError:
        raise InvalidArgumentError(f"{name} must be a sequence of {what}; got {describe(value)}") from None


def _queues(value: Any) -> tuple[Any, ...]:
    return _sequence("queues", "ContactQueue objects", value)


def _groups(value: Any) -> tuple[Any, ...]:
    return _sequence("groups", "AgentGroup objects", value)


def _names(value: Any) -> tuple[Any, ...]:
    return _sequence("skills", "queue names", value)


def _interval(value: Any) -> float:
    return _scalar("interval_s", value, min_value=0.0, min_open=True)


def _choice(options: tuple[str, ...]) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value not in options:
            allowed = ", ".join(repr(o) for o in options)
            raise InvalidArgumentError(f"{attribute.name} must be one of {allowed}; got {describe(value)}")

    return check


@attrs.frozen(kw_only=True)
class ContactQueue:
    """A queue of contacts: one language and channel, or whatever the caller defines.

    Parameters
    ----------
    name : str
        Unique name, referred to by :attr:`AgentGroup.skills`.
    arrival_rate_per_hour : float or sequence of float
        Poisson arrival rate per interval (one value: the same in every
        interval), >= 0. [1/h]
    target_s : float
        Answer (or, for deferrable channels, response) target of the service
        level, >= 0. [s]
    handle_time_s : float, optional
        Mean handle time, > 0; required for the exponential and lognormal
        distributions, not given for ``empirical``. [s]
    handle_time_distribution : {"exponential", "lognormal", "empirical"}
        ``lognormal`` uses ``handle_time_cv``; ``empirical`` draws uniformly
        from ``handle_time_sample_s``.
    handle_time_cv : float
        Coefficient of variation of the lognormal handle time, >= 0.
    handle_time_sample_s : sequence of float
        Observed handle times for ``empirical``, each > 0. [s]
    patience_s : float
        Mean exponential patience, > 0; ``inf`` (default): nobody abandons. [s]
    channel : {"phone", "chat", "email", "messaging"}
        ``email`` and ``messaging`` are deferrable: served only when no live
        contact waits for the agent.
    concurrency : int
        Chats an agent may hold at once (``chat`` only; 1 otherwise), 1–64.
    concurrency_slowdown : float
        Relative growth of a chat's handle time per other chat held, >= 0
        (``chat`` only): the :math:`m`-th concurrent chat takes
        ``(1 + concurrency_slowdown * (m - 1))`` times its drawn handle time.
        A planning assumption; 0 means no slowdown.
    priority : int
        Queue priority: a free agent serves the higher priority first (within
        live or within deferrable work).
    """

    name: str = attrs.field(validator=_name)
    arrival_rate_per_hour: tuple[float, ...] = attrs.field(converter=_per_interval_rates)
    target_s: float = attrs.field(converter=_target)
    handle_time_s: float | None = attrs.field(default=None, converter=_optional_positive)
    handle_time_distribution: str = attrs.field(default="exponential", validator=_choice(HANDLE_TIME_DISTRIBUTIONS))
    handle_time_cv: float = attrs.field(default=1.0, converter=_cv)
    handle_time_sample_s: tuple[float, ...] = attrs.field(default=(), converter=_sample)
    patience_s: float = attrs.field(default=math.inf, converter=_patience)
    channel: str = attrs.field(default="phone", validator=_choice(CHANNELS))
    concurrency: int = attrs.field(default=1, converter=_concurrency)
    concurrency_slowdown: float = attrs.field(default=0.0, converter=_slowdown)
    priority: int = attrs.field(default=0, converter=_priority)

    @concurrency.validator
    def _check_concurrency(self, attribute: attrs.Attribute[Any], value: int) -> None:
        if self.channel != "chat" and value != 1:
            raise InvalidArgumentError(f"concurrency must be 1 for channel {self.channel!r}; got {value}")

    @handle_time_sample_s.validator
    def _check_handle_time(self, attribute: attrs.Attribute[Any], value: tuple[float, ...]) -> None:
        if self.handle_time_distribution == "empirical":
            if not value:
                raise InvalidArgumentError(
                    "handle_time_sample_s must hold at least one handle time for the empirical distribution; got ()"
                )
            if self.handle_time_s is not None:
                raise InvalidArgumentError(
                    f"handle_time_s must be None for the empirical distribution (the sample gives the mean); "
                    f"got {describe(self.handle_time_s)}"
                )
        else:
            if self.handle_time_s is None:
                raise InvalidArgumentError(
                    f"handle_time_s must be a number > 0 for the {self.handle_time_distribution} "
                    "distribution; got None"
                )
            if value:
                raise InvalidArgumentError(
                    "handle_time_sample_s must be empty unless handle_time_distribution is 'empirical'; "
                    f"got {len(value)} values"
                )

    @property
    def mean_handle_time_s(self) -> float:
        """Mean handle time (of the sample for ``empirical``), before any chat slowdown. [s]"""
        if self.handle_time_s is not None:
            return self.handle_time_s
        return float(np.mean(self.handle_time_sample_s))


@attrs.frozen(kw_only=True)
class AgentGroup:
    """Agents sharing skills and a staffing level per interval.

    Parameters
    ----------
    name : str
        Unique name.
    skills : sequence of str
        Names of the queues the group serves, in priority order: an arriving
        contact prefers the group that lists its queue earliest.
    agents : int or sequence of int
        Agents present per interval (one value: the same in every interval),
        >= 0. [agents]
    """

    name: str = attrs.field(validator=_name)
    skills: tuple[str, ...] = attrs.field(converter=_names)
    agents: tuple[int, ...] = attrs.field(converter=_per_interval_agents)

    @skills.validator
    def _check_skills(self, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        if not value:
            raise InvalidArgumentError(f"skills must name at least one queue; got () for group {self.name!r}")
        for s in value:
            if not isinstance(s, str):
                raise InvalidArgumentError(f"skills must be queue names (str); got {describe(s)}")
        if len(set(value)) != len(value):
            raise InvalidArgumentError(f"skills must not repeat a queue; got {value!r}")


@attrs.frozen(kw_only=True)
class Scenario:
    """Queues, agent groups and staffing over a horizon of equal intervals.

    Parameters
    ----------
    queues : sequence of ContactQueue
        The queues, with unique names.
    groups : sequence of AgentGroup
        The agent groups, with unique names, whose skills name queues.
    interval_s : float
        Interval length, > 0 (900 for 15-minute intervals). [s]

    Every per-interval sequence (arrival rates, agents) has one value or
    :attr:`n_intervals` values; the horizon is ``n_intervals * interval_s``.

    Examples
    --------
    >>> s = Scenario(queues=[ContactQueue(name="en", arrival_rate_per_hour=100,
    ...                                   handle_time_s=300.0, target_s=20.0)],
    ...              groups=[AgentGroup(name="team", skills=["en"], agents=[8, 10, 9])])
    >>> s.n_intervals, s.horizon_s
    (3, 2700.0)
    """

    queues: tuple[ContactQueue, ...] = attrs.field(converter=_queues)
    groups: tuple[AgentGroup, ...] = attrs.field(converter=_groups)
    interval_s: float = attrs.field(default=900.0, converter=_interval)

    @queues.validator
    def _check_queues(self, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        if not value:
            raise InvalidArgumentError("queues must hold at least one ContactQueue; got ()")
        for q in value:
            if not isinstance(q, ContactQueue):
                raise InvalidArgumentError(f"queues must hold ContactQueue objects; got {type(q).__name__}")
        names = [q.name for q in value]
        dup = next((n for n in names if names.count(n) > 1), None)
        if dup is not None:
            raise InvalidArgumentError(f"queues must have unique names; got {dup!r} twice")

    @groups.validator
    def _check_groups(self, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        if not value:
            raise InvalidArgumentError("groups must hold at least one AgentGroup; got ()")
        for g in value:
            if not isinstance(g, AgentGroup):
                raise InvalidArgumentError(f"groups must hold AgentGroup objects; got {type(g).__name__}")
        names = [g.name for g in value]
        dup = next((n for n in names if names.count(n) > 1), None)
        if dup is not None:
            raise InvalidArgumentError(f"groups must have unique names; got {dup!r} twice")
        known = {q.name for q in self.queues}
        for g in value:
            for s in g.skills:
                if s not in known:
                    raise InvalidArgumentError(
                        f"skills of group {g.name!r} must name queues of the scenario; got {s!r} "
                        f"(queues: {', '.join(sorted(known))})"
                    )
        lengths = {len(q.arrival_rate_per_hour) for q in self.queues} | {len(g.agents) for g in value}
        if len(lengths - {1}) > 1:
            raise InvalidArgumentError(
                f"arrival_rate_per_hour and agents must have one value or the same number of intervals; "
                f"got lengths {sorted(lengths)}"
            )

    @property
    def n_intervals(self) -> int:
        """Number of intervals (the longest per-interval sequence)."""
        return max([len(q.arrival_rate_per_hour) for q in self.queues] + [len(g.agents) for g in self.groups])

    @property
    def horizon_s(self) -> float:
        """Simulated horizon, ``n_intervals * interval_s``. [s]"""
        return self.n_intervals * self.interval_s
