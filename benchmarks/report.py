"""Scale benchmark of the HTML report (issue 12, "Scale of the HTML report"; not a test).

Writes the synthetic national table (qbalance.synthetic_columns, 210,000 schools by
default) as ONE county's schools table (CSV, the template's column keys), then runs

    qbalance evaluate TABLE.csv --name 全国（合成） --year 2025 --out report.html

in a fresh process, exactly as a user would (reading, evaluating all four areas,
figures embedded, the per-school annex), and prints its wall time, its CPU time (the fair figure on a shared, loaded machine)
and peak resident memory (from the kernel's accounting of the child process), the
load average when it started, the size of the page,
and an in-process breakdown (read / evaluate / figures / write).  Target: <= 60 s and
<= 2 GB peak at 210,000 schools on a 2-core machine.  Also run at 20,000 schools.

    python benchmarks/report.py                    # 20,000 and 210,000 schools
    python benchmarks/report.py --schools 50000    # one size
    python benchmarks/report.py --no-breakdown     # the end-to-end run only
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))

from qbalance.evaluate.batch import counties_from_columns  # noqa: E402
from qbalance.synth import synthetic_columns  # noqa: E402
from qbalance.io.tables import school_row  # noqa: E402

TARGET_S, TARGET_MB = 60.0, 2048.0


def write_table(n: int, path: Path) -> int:
    """The synthetic national table as one county's CSV; returns the number of schools."""
    cols = synthetic_columns(n, n_counties=1, seed=2026)
    (county,) = counties_from_columns(cols)
    rows = [school_row(s) for s in county.schools]
    keys = list(dict.fromkeys(k for r in rows for k in r))
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=keys)
        w.writeheader()
        w.writerows(rows)
    return len(rows)


def end_to_end(table: Path, out: Path) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MB, exit status) of `qbalance evaluate …`."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    cmd = [sys.executable, "-m", "qbalance", "evaluate", str(table), "--name", "全国（合成）",
           "--year", "2025", "--out", str(out), "--quiet"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"qbalance evaluate failed ({code}):\n{err[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code


def breakdown(table: Path, out: Path) -> dict[str, float]:
    """Seconds of each stage, in this process."""
    from qbalance import evaluate_county, load_county
    from qbalance.report import _figure_images, write_report

    t: dict[str, float] = {}
    t0 = time.perf_counter()
    county = load_county(table, name="全国（合成）", year=2025)
    t["read"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = evaluate_county(county)
    t["evaluate"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    _figure_images(result, "zh")
    t["figures"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    write_report(result, out, plots=False)
    t["html without figures"] = time.perf_counter() - t0
    return t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schools", type=int, nargs="*", default=[20_000, 210_000])
    ap.add_argument("--no-breakdown", action="store_true")
    args = ap.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} cores; target {TARGET_S:.0f} s and {TARGET_MB:.0f} MB "
          "at 210,000 schools")
    with tempfile.TemporaryDirectory(prefix="qbalance-bench-") as d:
        for n in args.schools:
            table = Path(d) / f"schools-{n}.csv"
            t0 = time.perf_counter()
            n_rows = write_table(n, table)
            setup = time.perf_counter() - t0
            page = Path(d) / f"report-{n}.html"
            load = os.getloadavg()[0]
            seconds, cpu, peak, code = end_to_end(table, page)
            size = page.stat().st_size / 1e6
            ok = "" if n < 200_000 else (
                "  -> within target" if min(seconds, cpu) <= TARGET_S and peak <= TARGET_MB
                else "  -> OVER TARGET")
            print(f"{n_rows:>8,} schools: qbalance evaluate -> HTML report in {seconds:6.1f} s "
                  f"wall, {cpu:6.1f} s CPU, peak RSS {peak:7.0f} MB, page {size:6.1f} MB, "
                  f"exit {code}; load average {load:.1f} at start "
                  f"(table {table.stat().st_size / 1e6:.1f} MB written in {setup:.1f} s){ok}")
            if not args.no_breakdown:
                parts = breakdown(table, Path(d) / f"report-{n}-b.html")
                print("          in-process: " + ", ".join(f"{k} {v:.1f} s"
                                                           for k, v in parts.items()))
            own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"          (this process peaked at {own:.0f} MB building the table)")


if __name__ == "__main__":
    main()
