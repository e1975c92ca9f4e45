"""Run every benchmark script (``benchmarks/bench_*.py``) and print their tables.

Usage: ``python benchmarks/run.py [AREA ...]``, e.g. ``python benchmarks/run.py
queueing calendar``. Each script runs in its own process, one after the other,
so the measurements do not disturb each other.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        wanted = {f"bench_{name}.py" for name in argv}
        unknown = wanted - {s.name for s in scripts}
        if unknown:
            print(f"unknown benchmark(s): {sorted(unknown)}; have {[s.stem[6:] for s in scripts]}", file=sys.stderr)
            return 2
        scripts = [s for s in scripts if s.name in wanted]
    failed = 0
    for script in scripts:
        print(f"\n## {script.stem[6:]}\n", flush=True)
        failed += subprocess.run([sys.executable, str(script)]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
