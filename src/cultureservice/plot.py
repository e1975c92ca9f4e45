"""Plots of staffing plans: a staffing heatmap and a coverage timeline (matplotlib, optional).

matplotlib is an optional extra (``pip install 'cultureservice[plot]'``); it is
imported only when a function here is called, and a missing installation
raises :class:`~cultureservice.errors.MissingDependencyError`. Figures are
built with :class:`matplotlib.figure.Figure`, never through ``pyplot``, so no
window opens and no global state changes; pass ``ax=`` to draw into your own
axes.

The time axis is drawn in one IANA zone (default: the scenario's
``time_zone``); the coverage timeline labels each bar with its opening hours
in the site's or market's own local time.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any

import numpy as np

from cultureservice.errors import InvalidArgumentError, MissingDependencyError
from cultureservice.planning import StaffingPlan

__all__ = ["coverage_timeline", "plan_figure", "save_plan_figure", "staffing_heatmap"]

_VALUES = ("agents", "agents_native_only", "fte", "contacts", "handled", "workload_erlangs", "backlog")
_MAX_COLUMNS = 2000  # longer plans are drawn with the maximum over blocks of intervals


def _matplotlib() -> Any:
    try:
        import matplotlib
        import matplotlib.dates
        import matplotlib.figure
    except ImportError as exc:
        raise MissingDependencyError(
            "cultureservice.plot needs matplotlib; install it with pip install 'cultureservice[plot]'"
        ) from exc
    return matplotlib


def _check_plan(plan: Any) -> StaffingPlan:
    if not isinstance(plan, StaffingPlan):
        raise InvalidArgumentError(
            f"plan must be a StaffingPlan (from cultureservice.planning.plan); got {type(plan).__name__}"
        )
    return plan


def _zone(plan: StaffingPlan, time_zone: str | None) -> Any:
    from cultureservice._time import get_zone

    return get_zone("time_zone", plan.scenario.time_zone if time_zone is None else time_zone)


def _edges(plan: StaffingPlan, block: int) -> list[_dt.datetime]:
    start = int(plan.start_at.view(np.int64)) // 1_000_000_000
    n_blocks = -(-plan.n_intervals // block)
    step = plan.interval_s * block
    return [
        _dt.datetime.fromtimestamp(start + min(k * step, plan.n_intervals * plan.interval_s), _dt.UTC)
        for k in range(n_blocks + 1)
    ]


def _new_axes(ax: Any, size: tuple[float, float]) -> Any:
    if ax is not None:
        return ax
    mpl = _matplotlib()
    fig = mpl.figure.Figure(figsize=size, layout="constrained")
    return fig.add_subplot()


def _time_axis(ax: Any, plan: StaffingPlan, zone: Any) -> None:
    mdates = _matplotlib().dates
    days = plan.n_intervals * plan.interval_s / 86_400
    if days <= 10:
        ax.xaxis.set_major_locator(mdates.DayLocator(tz=zone))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%a %d %b", tz=zone))
        ax.xaxis.set_minor_locator(mdates.HourLocator(byhour=[6, 12, 18], tz=zone))
    else:
        locator = mdates.AutoDateLocator(tz=zone)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, tz=zone))
    ax.set_xlabel(f"time ({zone.key})")


def staffing_heatmap(
    plan: StaffingPlan,
    *,
    value: str = "agents",
    ax: Any = None,
    time_zone: str | None = None,
    cmap: str = "viridis",
) -> Any:
    """Heatmap of a plan: one row per queue, one column per interval.

    Cells where agents are needed but no open site speaks the language are
    shaded red. Plans longer than 2,000 intervals are drawn with the
    maximum over blocks of intervals.

    Parameters
    ----------
    plan : StaffingPlan
        The plan.
    value : str
        The array to draw: ``"agents"`` (default), ``"agents_native_only"``,
        ``"fte"``, ``"contacts"``, ``"handled"``, ``"workload_erlangs"`` or
        ``"backlog"``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; default a new figure's.
    time_zone : str, optional
        IANA zone of the time axis; default the scenario's.
    cmap : str
        Colour map name.

    Returns
    -------
    ax : matplotlib.axes.Axes

    Raises
    ------
    MissingDependencyError
        If matplotlib is not installed.
    InvalidArgumentError
        For an unknown ``value``, zone or a non-plan.

    Examples
    --------
    >>> from cultureservice.planning import plan, default_scenario
    >>> p = plan(default_scenario(), start="2026-06-01", days=2)
    >>> ax = staffing_heatmap(p)                     # doctest: +SKIP
    >>> len(ax.get_yticks()) == len(p.queues)        # doctest: +SKIP
    True
    """
    p = _check_plan(plan)
    if value not in _VALUES:
        raise InvalidArgumentError(f"value must be one of {', '.join(map(repr, _VALUES))}; got {value!r}")
    zone = _zone(p, time_zone)
    mpl = _matplotlib()
    data = np.asarray(getattr(p, value), dtype=np.float64)
    gap = np.asarray(p.uncovered, dtype=np.float64)
    block = max(1, -(-p.n_intervals // _MAX_COLUMNS))
    if block > 1:
        pad = (-p.n_intervals) % block
        data = np.pad(data, ((0, 0), (0, pad))).reshape(len(p.queues), -1, block).max(axis=2)
        gap = np.pad(gap, ((0, 0), (0, pad))).reshape(len(p.queues), -1, block).max(axis=2)
    ax = _new_axes(ax, (12.0, max(3.0, 0.22 * len(p.queues) + 1.5)))
    x = mpl.dates.date2num(_edges(p, block))
    y = np.arange(len(p.queues) + 1)
    mesh = ax.pcolormesh(x, y, data, cmap=cmap, shading="flat")
    if gap.any():
        ax.pcolormesh(x, y, np.ma.masked_where(gap == 0, gap), cmap=mpl.colors.ListedColormap(["red"]),
                      alpha=0.6, shading="flat", linewidth=0)
    ax.set_ylim(len(p.queues), 0)
    ax.set_yticks(np.arange(len(p.queues)) + 0.5)
    ax.set_yticklabels([p.queue_label(q) for q in range(len(p.queues))], fontsize=7)
    _time_axis(ax, p, zone)
    label = value.replace("_", " ") + (" (max per block)" if block > 1 else "")
    ax.figure.colorbar(mesh, ax=ax, label=label, pad=0.01)
    ax.set_title(f"{p.scenario.name}: {label} per queue and interval (red: no open site)",
                 fontsize=9)
    return ax


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    padded = np.concatenate([[False], mask.astype(bool), [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[0::2], edges[1::2])]


def coverage_timeline(plan: StaffingPlan, *, ax: Any = None, time_zone: str | None = None) -> Any:
    """When each site is open and each market expects service, with the coverage gaps.

    One row per site (grey bars: open for whole intervals) and per market
    (blue bars: service expected; red: live service expected and no open
    site speaks one of its languages). Bars of plans up to 10 days carry
    their hours in the row's own local time.

    Parameters
    ----------
    plan : StaffingPlan
        The plan.
    ax : matplotlib.axes.Axes, optional
        Axes to draw into; default a new figure's.
    time_zone : str, optional
        IANA zone of the time axis; default the scenario's.

    Returns
    -------
    ax : matplotlib.axes.Axes

    Raises
    ------
    MissingDependencyError
        If matplotlib is not installed.

    Examples
    --------
    >>> from cultureservice.planning import plan, default_scenario
    >>> p = plan(default_scenario(), start="2026-06-01", days=2)
    >>> ax = coverage_timeline(p)                    # doctest: +SKIP
    >>> len(ax.get_yticks()) == len(p.sites) + len(p.markets)   # doctest: +SKIP
    True
    """
    p = _check_plan(plan)
    zone = _zone(p, time_zone)
    mpl = _matplotlib()
    from cultureservice._time import get_zone

    rows: list[tuple[str, str, np.ndarray, np.ndarray | None]] = []
    for s, site in enumerate(p.scenario.sites):
        rows.append((f"{site.name} (site)", site.calendar.time_zone, p.site_open[s], None))
    gap_masks = {m: np.zeros(p.n_intervals, dtype=bool) for m in p.markets}
    index_of = {int(t): i for i, t in enumerate(p.starts_at.view(np.int64))}
    step = int(p.interval_s * 1_000_000_000)
    for g in p.gaps:
        if g.kind != "uncovered":
            continue
        a = index_of[int(g.start_at.view(np.int64))]
        b = a + int((g.end_at - g.start_at).view(np.int64)) // step
        gap_masks[g.market][a:b] = True
    for m, market in enumerate(p.scenario.markets):
        rows.append((f"{market.name} (market)", market.service_calendar.time_zone, p.market_service[m] > 0.0,
                     gap_masks[market.name]))
    ax = _new_axes(ax, (12.0, 0.45 * len(rows) + 1.5))
    edges = mpl.dates.date2num(_edges(p, 1))
    width_days = p.interval_s / 86_400
    annotate = p.n_intervals * p.interval_s <= 10 * 86_400
    for r, (label, zone_name, open_mask, gaps) in enumerate(rows):
        colour = "0.55" if gaps is None else "tab:blue"
        spans = [(edges[a], (b - a) * width_days) for a, b in _runs(open_mask)]
        ax.broken_barh(spans, (r + 0.15, 0.7), facecolors=colour)
        if gaps is not None and gaps.any():
            ax.broken_barh([(edges[a], (b - a) * width_days) for a, b in _runs(gaps)], (r + 0.15, 0.7),
                           facecolors="tab:red")
        if annotate:
            local = get_zone("time_zone", zone_name)
            for a, b in _runs(open_mask):
                t0 = _dt.datetime.fromtimestamp(edges_s(p, a), _dt.UTC).astimezone(local)
                t1 = _dt.datetime.fromtimestamp(edges_s(p, b), _dt.UTC).astimezone(local)
                text = _hours_label(t0, t1)
                if (b - a) * p.interval_s * 7 * 86_400 / (p.n_intervals * p.interval_s) >= 2700 * len(text):
                    ax.text((edges[a] + edges[b]) / 2, r + 0.5, text, ha="center", va="center", fontsize=6,
                            color="white")
    ax.set_ylim(len(rows), 0)
    ax.set_yticks(np.arange(len(rows)) + 0.5)
    ax.set_yticklabels([f"{label}, {zone_name}" for label, zone_name, _, _ in rows], fontsize=7)
    ax.set_xlim(edges[0], edges[-1])
    _time_axis(ax, p, zone)
    ax.set_title(
        f"{p.scenario.name}: sites open (grey), markets expecting service (blue), coverage gaps (red); "
        "bar labels in local time", fontsize=9,
    )
    return ax


def _hours_label(t0: _dt.datetime, t1: _dt.datetime) -> str:
    if t0.minute == 0 and t1.minute == 0:
        return f"{t0.hour:02d}–{t1.hour if t1.hour or t1.date() == t0.date() else 24:02d}"
    return f"{t0:%H:%M}–{t1:%H:%M}"


def edges_s(plan: StaffingPlan, k: int) -> float:
    """Epoch seconds of the start of interval ``k`` (``k == n_intervals``: the end of the plan). [s]"""
    return int(plan.start_at.view(np.int64)) / 1e9 + k * plan.interval_s


def plan_figure(plan: StaffingPlan, *, time_zone: str | None = None) -> Any:
    """A figure with the staffing heatmap above the coverage timeline.

    Returns
    -------
    figure : matplotlib.figure.Figure

    Raises
    ------
    MissingDependencyError
        If matplotlib is not installed.
    """
    p = _check_plan(plan)
    mpl = _matplotlib()
    n_rows = len(p.queues)
    n_cover = len(p.sites) + len(p.markets)
    fig = mpl.figure.Figure(figsize=(13.0, 0.2 * n_rows + 0.42 * n_cover + 3.5), layout="constrained")
    top, bottom = fig.subplots(2, 1, height_ratios=[max(n_rows, 1) * 0.2 + 1.0, n_cover * 0.42 + 1.0], sharex=True)
    staffing_heatmap(p, ax=top, time_zone=time_zone)
    coverage_timeline(p, ax=bottom, time_zone=time_zone)
    top.set_xlabel("")
    return fig


def save_plan_figure(plan: StaffingPlan, path: str | os.PathLike[str], *, time_zone: str | None = None,
                     dpi: int = 110) -> None:
    """Draw :func:`plan_figure` to an image file (PNG, SVG or PDF by the suffix).

    Raises
    ------
    MissingDependencyError
        If matplotlib is not installed.
    OSError
        If the file cannot be written.
    """
    fig = plan_figure(plan, time_zone=time_zone)
    fig.savefig(os.fspath(path), dpi=dpi)
