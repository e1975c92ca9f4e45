"""Benchmark of cultureservice.culture: building profiles cold and warm.

Run ``python benchmarks/bench_culture.py``. It prints a Markdown table:

* all profiles (``profiles()``, about 250 countries) in a fresh process,
  including ``import cultureservice.culture`` (cold), median of 5 processes;
* ``profile("DE")`` as the first call in a fresh process (cold);
* ``profile("DE")`` again in the same process (warm: the cached profile);
* ``profile("DE")`` rebuilt with the tables read but the profile caches
  cleared (warm tables, fresh profile);
* ``profile("DE", assumptions=...)`` with a caller's assumption row
  (a new cache entry each time).

The issue's targets: all profiles under 2 s cold, ``profile("DE")`` under
5 ms warm. There is no peer library to compare with.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

COLD_ALL = """
import time
t0 = time.perf_counter()
from cultureservice import culture
culture.profiles()
print(time.perf_counter() - t0)
"""

COLD_ONE = """
import time
t0 = time.perf_counter()
from cultureservice import culture
culture.profile("DE")
print(time.perf_counter() - t0)
"""


def _fresh(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
        times.append(float(out.stdout.strip()))
    return statistics.median(times)


def _median(fn: Callable[[], Any], repeats: int, setup: Callable[[], Any] | None = None) -> float:
    times = []
    for _ in range(repeats):
        if setup is not None:
            setup()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    from cultureservice import culture

    rows = []
    cold_all = _fresh(COLD_ALL, 5)
    rows.append(("all profiles, fresh process (import + build)", len(culture.supported_countries()), cold_all))
    rows.append(('profile("DE"), fresh process (import + build)', 1, _fresh(COLD_ONE, 5)))
    culture.profiles()
    rows.append(('profile("DE"), warm (cached)', 1, _median(lambda: culture.profile("DE"), 1000)))

    def clear() -> None:
        culture._cached_profile.cache_clear()
        culture._facts.cache_clear()

    rows.append(('profile("DE"), warm tables, caches cleared', 1, _median(lambda: culture.profile("DE"), 200, clear)))
    counter = iter(range(10**9))
    rows.append(
        (
            'profile("DE", assumptions=...), new value each call',
            1,
            _median(
                lambda: culture.profile("DE", assumptions={"contacts_per_issue.baseline": 1 + next(counter) / 1e9}), 200
            ),
        )
    )
    culture.profiles()
    rows.append(("all profiles, warm (cached)", len(culture.supported_countries()), _median(culture.profiles, 20)))

    print("| case | countries | time |")
    print("|---|---:|---:|")
    for case, size, seconds in rows:
        shown = f"{seconds * 1e3:.3f} ms" if seconds < 1 else f"{seconds:.2f} s"
        print(f"| {case} | {size} | {shown} |")


if __name__ == "__main__":
    main()
