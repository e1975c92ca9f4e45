r"""Queueing models for staffing: Erlang B, C and A, as array functions.

The quantity this module is about is the **offered load** ``traffic_erlangs``:
arrival rate times mean handle time, the average number of agents the work
would keep busy. From it and a number of ``agents`` the Erlang models give the
probability of blocking (B), of waiting (C), and, with impatient customers, of
abandoning (A), plus service level, average speed of answer and occupancy.

Every function behaves like a numpy ufunc: scalars in, numpy scalar out; arrays
broadcast against each other; inputs are never written to. Rates are per hour,
durations in seconds, probabilities in [0, 1].

Examples
--------
>>> from cultureservice.queueing import erlang_c, required_agents, fte
>>> round(float(erlang_c(10.0, 12)), 4)
0.4494
>>> int(required_agents(240.0, 180.0, 20.0, 0.8))   # 240 calls/h of 3 min, 80 % in 20 s
16
>>> int(fte(21, 0.3))
30
"""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from fractions import Fraction

from cultureservice._kernels import erlang as _k
from cultureservice._kernels._jit import run_chunked
from cultureservice._validation import as_float_array, as_int_array, check_probability, describe
from cultureservice.errors import InfeasibleError, InvalidArgumentError

__all__ = [
    "ErlangAResult",
    "QueueModel",
    "average_speed_of_answer",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "fte",
    "occupancy",
    "required_agents",
    "service_level",
]

#: Default cap of :func:`required_agents`: the largest staffing level searched.
MAX_AGENTS = 100_000

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _flat(*arrays: npt.NDArray[Any]) -> tuple[tuple[int, ...], list[npt.NDArray[Any]]]:
    """Broadcast, then give contiguous 1-D copies for the kernels, and the shape."""
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError as exc:
        shapes = ", ".join(str(a.shape) for a in arrays)
        raise InvalidArgumentError(f"arguments must broadcast to one shape; got shapes {shapes}") from exc
    return shape, [np.ascontiguousarray(np.broadcast_to(a, shape)).reshape(-1) for a in arrays]


def _shaped(out: npt.NDArray[Any], shape: tuple[int, ...]) -> Any:
    out = out.reshape(shape)
    return out[()] if out.ndim == 0 else out


def _load(traffic_erlangs: npt.ArrayLike) -> FloatArray:
    return as_float_array("traffic_erlangs", traffic_erlangs, min_value=0.0)


def _agents(agents: npt.ArrayLike) -> IntArray:
    return as_int_array("agents", agents, min_value=0)


def _handle_time(handle_time_s: npt.ArrayLike) -> FloatArray:
    return as_float_array("handle_time_s", handle_time_s, min_value=0.0, min_open=True)


def _target(target_s: npt.ArrayLike) -> FloatArray:
    return as_float_array("target_s", target_s, min_value=0.0)


def erlang_b(traffic_erlangs: npt.ArrayLike, agents: npt.ArrayLike) -> Any:
    r"""
    Probability that an arrival finds every agent busy and is lost (Erlang B) [1]_.

    Parameters
    ----------
    traffic_erlangs : array_like
        Offered load, arrival rate times mean handle time. [Erlang]
    agents : array_like of int
        Agents (trunks, servers); broadcast against ``traffic_erlangs``. [agents]

    Returns
    -------
    p_block : ndarray or numpy scalar
        Blocking probability; 1 with no agents, 0 with no load. [0–1]

    Raises
    ------
    InvalidArgumentError
        If ``traffic_erlangs`` is negative or not finite, or ``agents`` is not a
        whole number >= 0.

    See Also
    --------
    erlang_c : the same system with a queue instead of losses.

    Notes
    -----
    .. math:: B(N, A) = \frac{A^N / N!}{\sum_{k=0}^{N} A^k / k!}

    evaluated by the stable forward recursion
    :math:`B(k) = A\,B(k-1) / (k + A\,B(k-1))`, started :math:`8\sqrt{A} + 5`
    agents below :math:`\min(N, A)` from :math:`1 - k/A` (the start error is
    damped below double precision by the recursion). No factorials, no
    overflow, O(√A + max(N − A, 0)) work.

    References
    ----------
    .. [1] A. K. Erlang, "Solution of some problems in the theory of
       probabilities of significance in automatic telephone exchanges,"
       Elektroteknikeren, vol. 13, 1917.

    Examples
    --------
    >>> round(float(erlang_b(10.0, 12)), 4)
    0.1197
    >>> erlang_b([1.0, 2.0], 2).round(4)
    array([0.2, 0.4])
    """
    a = _load(traffic_erlangs)
    n = _agents(agents)
    shape, (a1, n1) = _flat(a, n)
    out = np.empty(a1.shape[0])
    _k.erlang_b_into(a1, n1, out)
    return _shaped(out, shape)


def erlang_c(traffic_erlangs: npt.ArrayLike, agents: npt.ArrayLike) -> Any:
    r"""
    Probability that a contact waits in an M/M/n queue (Erlang C) [1]_.

    Parameters
    ----------
    traffic_erlangs : array_like
        Offered load, arrival rate times mean handle time. [Erlang]
    agents : array_like of int
        Agents answering the queue; broadcast against ``traffic_erlangs``. [agents]

    Returns
    -------
    p_wait : ndarray or numpy scalar
        Probability of waiting; 1 where ``agents <= traffic_erlangs`` (the queue
        grows without bound), 0 where the load is 0. [0–1]

    Raises
    ------
    InvalidArgumentError
        If ``traffic_erlangs`` is negative or not finite, or ``agents`` < 0.

    See Also
    --------
    erlang_b : losses instead of a queue.
    erlang_a : customers who abandon.

    Notes
    -----
    .. math:: C(N, A) = \frac{B(N, A)}{1 - \frac{A}{N}\,(1 - B(N, A))}

    References
    ----------
    .. [1] N. Gans, G. Koole and A. Mandelbaum, "Telephone call centers: Tutorial,
       review, and research prospects," Manuf. Serv. Oper. Manag., vol. 5, no. 2,
       pp. 79-141, 2003, doi:10.1287/msom.5.2.79.16071.

    Examples
    --------
    >>> round(float(erlang_c(10.0, 12)), 4)
    0.4494
    >>> float(erlang_c(12.0, 12))
    1.0
    """
    a = _load(traffic_erlangs)
    n = _agents(agents)
    shape, (a1, n1) = _flat(a, n)
    out = np.empty(a1.shape[0])
    _k.erlang_c_into(a1, n1, out)
    return _shaped(out, shape)


def _erlang_c_metrics(
    traffic_erlangs: npt.ArrayLike, agents: npt.ArrayLike, handle_time_s: npt.ArrayLike, target_s: npt.ArrayLike
) -> tuple[tuple[int, ...], FloatArray, FloatArray]:
    a = _load(traffic_erlangs)
    n = _agents(agents)
    h = _handle_time(handle_time_s)
    t = _target(target_s)
    shape, (a1, n1, h1, t1) = _flat(a, n, h, t)
    sl = np.empty(a1.shape[0])
    asa = np.empty(a1.shape[0])
    _k.erlang_c_metrics_into(a1, n1, h1, t1, sl, asa)
    return shape, sl, asa


def service_level(
    traffic_erlangs: npt.ArrayLike, agents: npt.ArrayLike, handle_time_s: npt.ArrayLike, target_s: npt.ArrayLike
) -> Any:
    r"""
    Probability that a contact is answered within ``target_s`` in M/M/n [1]_.

    Parameters
    ----------
    traffic_erlangs : array_like
        Offered load. [Erlang]
    agents : array_like of int
        Agents answering the queue. [agents]
    handle_time_s : array_like
        Mean handle time, > 0. [s]
    target_s : array_like
        Answer-time target, >= 0. [s]

    Returns
    -------
    service_level : ndarray or numpy scalar
        P(wait <= target); 0 where ``agents <= traffic_erlangs``, 1 with no load. [0–1]

    Raises
    ------
    InvalidArgumentError
        On a negative or non-finite load, handle time or target, or bad agents.

    See Also
    --------
    erlang_c, average_speed_of_answer, erlang_a

    Notes
    -----
    .. math:: SL = 1 - C(N, A)\, e^{-(N - A)\, t / h}

    References
    ----------
    .. [1] N. Gans, G. Koole and A. Mandelbaum, "Telephone call centers: Tutorial,
       review, and research prospects," Manuf. Serv. Oper. Manag., vol. 5, no. 2,
       pp. 79-141, 2003, doi:10.1287/msom.5.2.79.16071.

    Examples
    --------
    The classic example: 0.2 calls/s (720/h) of 240 s, 55 agents, 15 s target.

    >>> round(float(service_level(0.2 * 240, 55, 240.0, 15.0)), 3)
    0.846
    """
    shape, sl, _ = _erlang_c_metrics(traffic_erlangs, agents, handle_time_s, target_s)
    return _shaped(sl, shape)


def average_speed_of_answer(
    traffic_erlangs: npt.ArrayLike, agents: npt.ArrayLike, handle_time_s: npt.ArrayLike
) -> Any:
    r"""
    Mean wait over all arrivals in M/M/n (ASA) [1]_.

    Parameters
    ----------
    traffic_erlangs : array_like
        Offered load. [Erlang]
    agents : array_like of int
        Agents answering the queue. [agents]
    handle_time_s : array_like
        Mean handle time, > 0. [s]

    Returns
    -------
    asa_s : ndarray or numpy scalar
        Mean wait, including the zero waits; ``inf`` where ``agents <= traffic_erlangs``. [s]

    Raises
    ------
    InvalidArgumentError
        On a negative or non-finite load or handle time, or bad agents.

    Notes
    -----
    .. math:: ASA = \frac{C(N, A)\, h}{N - A}

    References
    ----------
    .. [1] N. Gans, G. Koole and A. Mandelbaum, "Telephone call centers: Tutorial,
       review, and research prospects," Manuf. Serv. Oper. Manag., vol. 5, no. 2,
       pp. 79-141, 2003, doi:10.1287/msom.5.2.79.16071.

    Examples
    --------
    >>> round(float(average_speed_of_answer(48.0, 55, 240.0)), 2)
    8.18
    """
    shape, _, asa = _erlang_c_metrics(traffic_erlangs, agents, handle_time_s, 0.0)
    return _shaped(asa, shape)


def occupancy(traffic_erlangs: npt.ArrayLike, agents: npt.ArrayLike) -> Any:
    """
    Share of agent time spent handling contacts in M/M/n.

    Parameters
    ----------
    traffic_erlangs : array_like
        Offered load. [Erlang]
    agents : array_like of int
        Agents. [agents]

    Returns
    -------
    occupancy : ndarray or numpy scalar
        ``traffic_erlangs / agents``, and 1 where ``agents <= traffic_erlangs`` with
        load (all agents busy); 0 with no load. [0–1]

    Raises
    ------
    InvalidArgumentError
        On a negative or non-finite load or bad agents.

    Examples
    --------
    >>> float(occupancy(48.0, 55)).__round__(4)
    0.8727
    """
    a = _load(traffic_erlangs)
    n = _agents(agents)
    a, n = np.broadcast_arrays(a, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(a <= 0.0, 0.0, np.where(n <= a, 1.0, a / np.maximum(n, 1)))
    return out[()] if out.ndim == 0 else out


@attrs.frozen(kw_only=True)
class ErlangAResult:
    """Performance of an M/M/n+M queue (Erlang A); every field is an array of the broadcast shape.

    Attributes
    ----------
    p_wait : ndarray
        Probability that an arrival waits (finds every agent busy). [0–1]
    p_abandon : ndarray
        Probability that an arrival hangs up before being answered. [0–1]
    service_level : ndarray
        Answered within the target over all offered contacts; abandoned contacts
        count as failures. [0–1]
    service_level_answered : ndarray
        Answered within the target over answered contacts (NaN with no agents). [0–1]
    service_level_virtual : ndarray
        P(virtual wait <= target): the wait a contact with infinite patience would have. [0–1]
    asa : ndarray
        Mean time in queue over all offered contacts, abandoned ones included. [s]
    asa_answered : ndarray
        Mean wait of answered contacts (NaN with no agents). [s]
    asa_virtual : ndarray
        Mean virtual wait (``inf`` with no agents). [s]
    occupancy : ndarray
        Share of agent time busy: answered load over agents. [0–1]
    """

    p_wait: Any
    p_abandon: Any
    service_level: Any
    service_level_answered: Any
    service_level_virtual: Any
    asa: Any
    asa_answered: Any
    asa_virtual: Any
    occupancy: Any


def erlang_a(
    arrival_rate_per_hour: npt.ArrayLike,
    handle_time_s: npt.ArrayLike,
    patience_s: npt.ArrayLike,
    agents: npt.ArrayLike,
    target_s: npt.ArrayLike,
) -> ErlangAResult:
    r"""
    Exact performance of the M/M/n+M queue with impatient customers (Palm / Erlang A) [1]_ [2]_.

    Parameters
    ----------
    arrival_rate_per_hour : array_like
        Poisson arrival rate, >= 0. [1/h]
    handle_time_s : array_like
        Mean (exponential) handle time, > 0. [s]
    patience_s : array_like
        Mean (exponential) patience, > 0; ``inf`` gives Erlang C. [s]
    agents : array_like of int
        Agents, >= 0. May be below the load: with abandonment the queue is stable. [agents]
    target_s : array_like
        Answer-time target, >= 0. [s]

    Returns
    -------
    ErlangAResult
        ``p_wait``, ``p_abandon``, ``service_level``, ``service_level_answered``,
        ``service_level_virtual``, ``asa``, ``asa_answered``, ``asa_virtual``,
        ``occupancy``, each an array (or numpy scalar) of the broadcast shape.

    Raises
    ------
    InvalidArgumentError
        On a negative or non-finite rate, handle time or target, a patience that
        is not > 0, or agents that are not whole numbers >= 0.

    See Also
    --------
    erlang_c : the limit ``patience_s = inf``.
    required_agents : staffing with these metrics.

    Notes
    -----
    With :math:`x = n\mu/\theta`, :math:`y = \lambda/\theta` and
    :math:`\sigma(c, z) = \sum_{k\ge0} z^k / \prod_{i=1}^{k}(c + i)`, the
    stationary birth-death chain gives, by PASTA,

    .. math::

        P(W>0) = \frac{S}{1/B - 1 + S},\quad S = \sigma(x, y),\quad
        P(Ab) = \frac{y + (y - x)(S - 1)}{y\,(1/B - 1 + S)}

    where :math:`B` is Erlang B at :math:`(n, \lambda/\mu)`. A contact that
    finds :math:`j` waiting is answered with probability :math:`x/(x+j+1)`,
    after a sum of exponential stages whose distribution is a regularized
    incomplete beta function; summed over :math:`j` these give regularized
    incomplete gamma ratios:

    .. math::

        P(W \le t, \text{answered} \mid \text{waited, answered})
          = 1 - \frac{P(x+1, y e^{-\theta t})}{P(x+1, y)},\qquad
        P(V > t \mid V > 0) = \frac{P(x, y e^{-\theta t})}{P(x, y)}.

    ``asa = P(Ab) * patience_s`` (Little's law for the abandonment hazard);
    ``asa_answered`` and ``asa_virtual`` sum harmonic stage means over the
    queue-length distribution (cost grows with the mean queue length). All
    sums are done in log space; nothing overflows for loads up to 50,000 Erlang
    and 100,000 agents.

    References
    ----------
    .. [1] C. Palm, "Research on telephone traffic carried by full availability
       groups," Tele, vol. 1, 1957 (translation of the 1946 Swedish original).
    .. [2] A. Mandelbaum and S. Zeltyn, "The Palm/Erlang-A queue, with
       applications to call centers," Technion, 2007.

    Examples
    --------
    >>> r = erlang_a(720.0, 240.0, 120.0, 48, 15.0)
    >>> round(float(r.p_abandon), 4), round(float(r.service_level), 4)
    (0.0673, 0.7421)
    >>> float(erlang_a(720.0, 240.0, float("inf"), 55, 15.0).p_wait).__round__(4)
    0.2387
    """
    lam = as_float_array("arrival_rate_per_hour", arrival_rate_per_hour, min_value=0.0)
    h = _handle_time(handle_time_s)
    pat = as_float_array("patience_s", patience_s, min_value=0.0, min_open=True, allow_inf=True)
    n = _agents(agents)
    t = _target(target_s)
    shape, (lam1, h1, pat1, n1, t1) = _flat(lam, h, pat, n, t)
    out = np.empty((9, lam1.shape[0]))
    run_chunked(
        lambda i, j: _k.erlang_a_into(lam1[i:j], h1[i:j], pat1[i:j], n1[i:j], t1[i:j], out[:, i:j]),
        lam1.shape[0],
        min_chunk=1024,
    )
    rows = [_shaped(out[i].copy(), shape) for i in range(9)]
    return ErlangAResult(
        p_wait=rows[0],
        p_abandon=rows[1],
        service_level=rows[2],
        service_level_answered=rows[3],
        service_level_virtual=rows[4],
        asa=rows[5],
        asa_answered=rows[6],
        asa_virtual=rows[7],
        occupancy=rows[8],
    )


def required_agents(
    arrival_rate_per_hour: npt.ArrayLike,
    handle_time_s: npt.ArrayLike,
    target_s: npt.ArrayLike,
    service_level: npt.ArrayLike,
    *,
    patience_s: npt.ArrayLike = math.inf,
    max_occupancy: npt.ArrayLike | None = None,
    max_asa_s: npt.ArrayLike | None = None,
    max_abandon: npt.ArrayLike | None = None,
    max_agents: int = MAX_AGENTS,
) -> Any:
    r"""
    Smallest number of agents that meets every given target, per interval [1]_.

    Parameters
    ----------
    arrival_rate_per_hour : array_like
        Arrival rate, >= 0. [1/h]
    handle_time_s : array_like
        Mean handle time, > 0. [s]
    target_s : array_like
        Answer-time target of the service level, >= 0. [s]
    service_level : array_like
        Required share answered within ``target_s``, in (0, 1). With patience,
        abandoned contacts count as failures (``ErlangAResult.service_level``). [0–1]
    patience_s : array_like, optional
        Mean patience, > 0; ``inf`` (default) staffs with Erlang C, a finite value
        with the exact Erlang A, where the answer may be below the load. [s]
    max_occupancy : array_like, optional
        Upper bound on occupancy, in (0, 1]. [0–1]
    max_asa_s : array_like, optional
        Upper bound on the mean time in queue over all offered contacts, > 0. [s]
    max_abandon : array_like, optional
        Upper bound on the abandonment probability, in (0, 1]; only binding with
        a finite patience. [0–1]
    max_agents : int, optional
        Largest staffing level searched (default 100,000). [agents]

    Returns
    -------
    agents : ndarray of int64 or numpy scalar
        Per element, the smallest ``n`` meeting every constraint; 0 where the
        arrival rate is 0. [agents]

    Raises
    ------
    InvalidArgumentError
        On a bad value of any argument (the message names it).
    InfeasibleError
        If no staffing level up to ``max_agents`` meets the targets (the message
        names the first such element).

    See Also
    --------
    erlang_c, erlang_a, fte

    Notes
    -----
    Erlang C staffing walks :math:`r = 1/B` upward with the fused step
    :math:`r(k) = 1 + (k/A)\,r(k-1)` from :math:`8\sqrt{A} + 5` below the load and
    tests each candidate without a division or an exponential. Erlang A
    staffing starts at the Erlang C answer and searches (galloping, then
    bisection) with the exact Erlang A; every metric is monotone in ``n``.
    Intervals are spread over the CPU cores.

    References
    ----------
    .. [1] G. Koole, "Call Center Optimization," MG Books, Amsterdam, 2013.

    Examples
    --------
    >>> required_agents([360.0, 720.0], 240.0, 15.0, 0.8).tolist()
    [29, 55]
    >>> int(required_agents(720.0, 240.0, 15.0, 0.8, patience_s=120.0))
    50
    """
    lam = as_float_array("arrival_rate_per_hour", arrival_rate_per_hour, min_value=0.0)
    h = _handle_time(handle_time_s)
    t = _target(target_s)
    s = check_probability("service_level", service_level, open_low=True, open_high=True)
    pat = as_float_array("patience_s", patience_s, min_value=0.0, min_open=True, allow_inf=True)
    occ = (
        np.asarray(math.inf)
        if max_occupancy is None
        else as_float_array("max_occupancy", max_occupancy, min_value=0.0, max_value=1.0, min_open=True)
    )
    asa = (
        np.asarray(math.inf)
        if max_asa_s is None
        else as_float_array("max_asa_s", max_asa_s, min_value=0.0, min_open=True, allow_inf=True)
    )
    ab = (
        np.asarray(math.inf)
        if max_abandon is None
        else as_float_array("max_abandon", max_abandon, min_value=0.0, max_value=1.0, min_open=True)
    )
    cap = int(as_int_array("max_agents", max_agents, min_value=1, max_value=10_000_000))
    shape, flat = _flat(lam, h, t, s, pat, occ, asa, ab)
    out = np.empty(flat[0].shape[0], dtype=np.int64)
    lam1, h1, t1, s1, pat1, occ1, asa1, ab1 = flat
    if bool(np.isinf(pat1).all()):
        # Erlang C only: a kernel that does not compile (or load) the Erlang A code
        run_chunked(
            lambda i, j: _k.required_agents_c_into(
                lam1[i:j], h1[i:j], t1[i:j], s1[i:j], occ1[i:j], asa1[i:j], cap, out[i:j]
            ),
            out.shape[0],
        )
    else:
        run_chunked(
            lambda i, j: _k.required_agents_into(
                lam1[i:j], h1[i:j], t1[i:j], s1[i:j], pat1[i:j], occ1[i:j], asa1[i:j], ab1[i:j], cap, out[i:j]
            ),
            out.shape[0],
            min_chunk=1024,
        )
    bad = np.flatnonzero(out < 0)
    if bad.size:
        i = int(bad[0])
        where = f" at index {np.unravel_index(i, shape) if len(shape) > 1 else i}" if shape else ""
        lam_i, h_i, t_i, s_i, pat_i = (float(flat[j][i]) for j in range(5))
        raise InfeasibleError(
            f"no staffing up to max_agents={cap} meets the targets{where} "
            f"(arrival_rate_per_hour={lam_i!r}, handle_time_s={h_i!r}, target_s={t_i!r}, "
            f"service_level={s_i!r}, patience_s={pat_i!r}); {bad.size} element(s) infeasible. "
            "Raise max_agents or relax a target."
        )
    return _shaped(out, shape)


def fte(agents: npt.ArrayLike, shrinkage: npt.ArrayLike) -> Any:
    r"""
    Full-time equivalents to roster so that ``agents`` are available after shrinkage.

    Parameters
    ----------
    agents : array_like of int
        Agents needed on the floor, >= 0. [agents]
    shrinkage : array_like
        Share of paid time not available for contacts (breaks, training,
        absence), in [0, 1). [0–1]

    Returns
    -------
    fte : ndarray of int64 or numpy scalar
        :math:`\lceil agents / (1 - shrinkage) \rceil`, computed exactly (never
        rounded down, never pushed up by floating-point noise). [agents]

    Raises
    ------
    InvalidArgumentError
        If ``agents`` is not a whole number >= 0, ``shrinkage`` is outside
        [0, 1), or the result does not fit a 64-bit integer.

    Notes
    -----
    ``shrinkage`` is read as the decimal it prints as (``0.32`` is 32/100, the
    shortest decimal that round-trips to the float), and the division is done
    in integers: ``ceil(21 / 0.7)`` in floating point is 31 because
    ``21 / 0.7 == 30.000000000000004``, and reading ``0.32`` by its binary
    value (slightly above 0.32) would turn 17 / 0.68 = 25 into 26; both are 30
    and 25 here.

    Examples
    --------
    >>> fte([21, 90, 17], [0.3, 0.3, 0.32]).tolist()
    [30, 129, 25]
    """
    n = _agents(agents)
    s = check_probability("shrinkage", shrinkage, open_low=False, open_high=True)
    shape, (n1, s1) = _flat(n, s)
    out = np.empty(n1.shape[0], dtype=np.int64)
    for value in np.unique(s1):
        share = Fraction(repr(float(value)))
        q = share.denominator
        d = q - share.numerator  # 1 - shrinkage == d / q
        mask = s1 == value
        counts = n1[mask]
        if counts.size and int(counts.max()) * q < 2**62:
            out[mask] = (counts * q + (d - 1)) // d
            continue
        unique, inverse = np.unique(counts, return_inverse=True)
        exact = [-(-int(c) * q // d) for c in unique]
        if exact and exact[-1] > np.iinfo(np.int64).max:
            raise InvalidArgumentError(
                f"agents / (1 - shrinkage) must fit a 64-bit integer; got agents {int(unique[-1])} "
                f"at shrinkage {float(value)!r}"
            )
        out[mask] = np.asarray(exact, dtype=np.int64)[inverse]
    return _shaped(out, shape)


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if not (value > 0.0 and math.isfinite(value)):
        raise InvalidArgumentError(f"{attribute.name} must be > 0 and finite; got {describe(value)}")


def _patience(instance: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if not value > 0.0:
        raise InvalidArgumentError(f"{attribute.name} must be > 0 (inf for none); got {describe(value)}")


@attrs.frozen(kw_only=True)
class QueueModel:
    """One queue: arrival rate, handle time and (optionally) patience.

    A convenience object that validates once and forwards to the functions
    above; a change is a copy (``attrs.evolve``).

    Examples
    --------
    >>> model = QueueModel(arrival_rate_per_hour=720.0, handle_time_s=240.0)
    >>> model.traffic_erlangs
    48.0
    >>> int(model.required_agents(15.0, 0.8))
    55
    """

    arrival_rate_per_hour: float = attrs.field(converter=float, validator=_positive)
    handle_time_s: float = attrs.field(converter=float, validator=_positive)
    patience_s: float = attrs.field(default=math.inf, converter=float, validator=_patience)

    @property
    def traffic_erlangs(self) -> float:
        """Offered load. [Erlang]"""
        return self.arrival_rate_per_hour * self.handle_time_s / 3600.0

    def p_wait(self, agents: npt.ArrayLike) -> Any:
        """Probability of waiting with ``agents`` (Erlang C or A)."""
        return self.performance(agents, 0.0).p_wait

    def performance(self, agents: npt.ArrayLike, target_s: npt.ArrayLike) -> ErlangAResult:
        """Every Erlang A metric (Erlang C when patience is infinite)."""
        return erlang_a(self.arrival_rate_per_hour, self.handle_time_s, self.patience_s, agents, target_s)

    def required_agents(self, target_s: npt.ArrayLike, service_level: npt.ArrayLike, **constraints: Any) -> Any:
        """Smallest staffing meeting the targets; see :func:`required_agents`."""
        return required_agents(
            self.arrival_rate_per_hour,
            self.handle_time_s,
            target_s,
            service_level,
            patience_s=self.patience_s,
            **constraints,
        )
