"""Start-up benchmark (issues 13 and 18; not part of the test suite).

Prints the median wall time of N fresh processes (default 10) of:

  python -c "import qbalance"                       target <= 0.30 s
  qbalance --help  (python -m qbalance --help)      target <= 0.5 s
  python -c "import numpy"                          the floor (numpy is a core dependency)
  python -c "pass"                                  the interpreter alone

and, for information, what the first use of a heavy entry point costs on top
(``qbalance.evaluate_resources`` loads the evaluation, ``qbalance.gap_plan`` the
planner with scipy.optimize).  ``import qbalance`` imports nothing but a table of
names: each public name's module is imported on first use.

Run from a checkout:  PYTHONPATH=src python benchmarks/startup.py [N]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10

CASES: list[tuple[str, list[str], float | None]] = [
    ("python -c 'pass'", ["-c", "pass"], None),
    ("python -c 'import numpy'  (floor)", ["-c", "import numpy"], None),
    ("python -c 'import qbalance'", ["-c", "import qbalance"], 0.30),
    ("qbalance --help", ["-m", "qbalance", "--help"], 0.5),
    ("  + first use of evaluate_resources", ["-c", "import qbalance; qbalance.evaluate_resources"],
     None),
    ("  + first use of gap_plan (scipy.optimize)", ["-c", "import qbalance; qbalance.gap_plan"],
     None),
]


def median_seconds(args: list[str]) -> float:
    times = []
    for _ in range(N):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"start-up, median of {N} fresh processes ({sys.executable}; "
          f"{os.cpu_count()} cores, load average {load:.1f})")
    floor = None
    for label, args, target in CASES:
        t = median_seconds(args)
        if "numpy" in label:
            floor = t
        extra = f"  ({t / floor:.2f}x numpy)" if floor and "numpy" not in label else ""
        verdict = "" if target is None else (
            f"  target <= {target:.2f} s: {'met' if t <= target else 'MISSED'}")
        print(f"  {label:<44} {t:6.3f} s{extra}{verdict}")


if __name__ == "__main__":
    main()
