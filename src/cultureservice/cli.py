"""The ``cultureservice`` command line.

Subcommands:

``cultureservice plan``
    The main job: a staffing plan for the shipped illustrative scenario (or
    ``--scenario FILE``) for the coming week: agents per language, channel,
    site and interval, with the coverage gaps. ``--csv OUT`` writes the plan
    per queue and interval, ``--plot OUT.png`` draws the staffing heatmap and
    the coverage timeline (needs matplotlib).
``cultureservice staff``
    A staffing table: agents and FTE for contact volumes per interval, with
    Erlang C (or Erlang A with ``--patience``).
``cultureservice profile DE``
    A country's culture profile, data and planning assumptions with provenance.

Exit codes: 0 success, 2 bad arguments or input (the message says which
argument, file, key and value, and what is allowed), 3 infeasible targets.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence

from cultureservice.errors import CultureServiceError, InfeasibleError

__all__ = ["main"]


def _staff(args: argparse.Namespace) -> int:
    from cultureservice import queueing as q

    interval_s = args.interval * 60.0
    volumes = args.calls if args.calls else [25.0, 50.0, 100.0, 200.0, 400.0, 800.0, 1600.0]
    rates = [v * 3600.0 / interval_s for v in volumes]
    patience = math.inf if args.patience is None else args.patience
    agents = q.required_agents(
        rates,
        args.handle_time,
        args.target,
        args.service_level,
        patience_s=patience,
        max_occupancy=args.max_occupancy,
    )
    fte = q.fte(agents, args.shrinkage)
    perf = q.erlang_a(rates, args.handle_time, patience, agents, args.target)
    model = "Erlang C" if patience == math.inf else f"Erlang A, patience {patience:g} s"
    print(
        f"Staffing for {args.service_level:.0%} answered within {args.target:g} s; "
        f"handle time {args.handle_time:g} s; {args.interval:g}-minute intervals; "
        f"shrinkage {args.shrinkage:.0%}; {model}"
    )
    print()
    header = f"{'contacts':>9} {'load Erl':>9} {'agents':>7} {'FTE':>6} {'P(wait)':>8} {'SL':>7} {'ASA s':>8} {'abandon':>8} {'occ.':>6}"
    print(header)
    print("-" * len(header))
    for i, volume in enumerate(volumes):
        load = rates[i] * args.handle_time / 3600.0
        print(
            f"{volume:>9g} {load:>9.2f} {int(agents[i]):>7d} {int(fte[i]):>6d} "
            f"{float(perf.p_wait[i]):>8.3f} {float(perf.service_level[i]):>7.1%} {float(perf.asa[i]):>8.1f} "
            f"{float(perf.p_abandon[i]):>8.2%} {float(perf.occupancy[i]):>6.1%}"
        )
    return 0


_LONG_RUN_DAYS = 31  # longer plans show a progress bar (on a terminal)


def _plan(args: argparse.Namespace) -> int:
    from cultureservice import planning

    scenario = planning.default_scenario() if args.scenario is None else planning.load_scenario(args.scenario)
    days = args.days if args.days is not None else scenario.days
    interval_s = None if args.interval is None else args.interval * 60.0
    progress = sys.stderr.isatty() and days > _LONG_RUN_DAYS
    result = planning.plan(scenario, start=args.start, days=args.days, interval_s=interval_s, progress=progress)
    print(result.summary(max_gaps=args.max_gaps))
    if args.csv is not None:
        try:
            result.to_csv(args.csv)
        except OSError as exc:
            print(f"cultureservice: --csv {args.csv}: cannot write ({exc.strerror or exc})", file=sys.stderr)
            return 2
        print(f"\nplan written to {args.csv} ({len(result.queues) * result.n_intervals:,} rows)")
    if args.plot is not None:
        import cultureservice  # the plot adapter, through the package's lazy submodules

        try:
            cultureservice.plot.save_plan_figure(result, args.plot)
        except OSError as exc:
            print(f"cultureservice: --plot {args.plot}: cannot write ({exc.strerror or exc})", file=sys.stderr)
            return 2
        print(f"figure written to {args.plot}")
    return 0


def _profile(args: argparse.Namespace) -> int:
    from cultureservice import culture

    print(culture.format_profile(culture.profile(args.country)))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cultureservice",
        description="Culture-aware customer service planning: staffing, profiles, calendars, SLAs.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    plan = sub.add_parser(
        "plan",
        help="plan staffing per language, channel, site and interval (the shipped scenario by default)",
        description="Plan staffing for a scenario and print the summary and the coverage gaps. Without "
        "--scenario, plans the shipped illustrative Kraków scenario for the coming week.",
        epilog="Exit codes: 0 success; 2 bad input (the message names the file, key or option, the value "
        "and what is allowed); 3 a target no staffing can meet.",
    )
    plan.add_argument("--scenario", metavar="FILE", help="scenario TOML file (default: the shipped example)")
    plan.add_argument("--start", metavar="YYYY-MM-DD", help="first day, in the scenario's time zone (default: "
                      "the scenario's start, else the coming Monday)")
    plan.add_argument("--days", type=int, metavar="N", help="days to plan (default: the scenario's, 7)")
    plan.add_argument("--interval", type=float, metavar="MINUTES", choices=[5.0, 10.0, 15.0, 20.0, 30.0, 60.0],
                      help="interval length: 5, 10, 15, 20, 30 or 60 minutes (default: the scenario's)")
    plan.add_argument("--csv", metavar="OUT", help="write the plan, one row per queue and interval, to OUT")
    plan.add_argument("--plot", metavar="OUT.png", help="draw the staffing heatmap and coverage timeline to OUT.png")
    plan.add_argument("--max-gaps", type=int, default=30, metavar="N", help="gap lines to print (default 30)")
    plan.set_defaults(func=_plan)

    staff = sub.add_parser("staff", help="print a staffing table for contact volumes per interval")
    staff.add_argument(
        "--calls", type=float, nargs="+", metavar="N", help="contacts offered per interval (default: a range)"
    )
    staff.add_argument("--interval", type=float, default=30.0, help="interval length in minutes (default 30)")
    staff.add_argument("--handle-time", type=float, default=300.0, help="mean handle time in seconds (default 300)")
    staff.add_argument("--target", type=float, default=20.0, help="answer-time target in seconds (default 20)")
    staff.add_argument(
        "--service-level", type=float, default=0.8, help="share answered within the target, 0-1 (default 0.8)"
    )
    staff.add_argument("--patience", type=float, default=None, help="mean patience in seconds (Erlang A)")
    staff.add_argument("--max-occupancy", type=float, default=None, help="upper bound on occupancy, 0-1")
    staff.add_argument("--shrinkage", type=float, default=0.3, help="share of paid time unavailable, 0-1 (default 0.3)")
    staff.set_defaults(func=_staff)

    prof = sub.add_parser("profile", help="print a country's culture profile with provenance")
    prof.add_argument("country", help="ISO 3166-1 alpha-2 code, e.g. DE")
    prof.set_defaults(func=_profile)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["staff", *(argv or [])])
    if args.command == "staff" and args.interval <= 0:
        parser.error(f"--interval must be > 0 minutes; got {args.interval:g}")
    try:
        return int(args.func(args))
    except InfeasibleError as exc:
        print(f"cultureservice: {exc}", file=sys.stderr)
        return 3
    except CultureServiceError as exc:
        print(f"cultureservice: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
