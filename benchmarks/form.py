"""Benchmark of the declaration form (申报表, issue 15); not part of the test suite.

Times, on synthetic counties (qbalance.synth, constructed data) given the example
county's guarantee, quality and survey facts so that all six tables are filled:

  (a) building and writing the form of a 300-school county to .xlsx  (target ≤ 2 s);
  (b) reading that workbook back and auditing it                     (target ≤ 2 s);
  (c) auditing the forms of 100 counties in one call (audit_forms on the workbook
      paths: reading included)                                        (target ≤ 60 s);

and prints medians over repeats, the load average (the machine is shared) and
whether each target is met.

    python benchmarks/form.py                 # full size
    python benchmarks/form.py --quick         # 100-school county, 20 counties
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from qbalance import (
    County,
    audit_form,
    audit_forms,
    declaration_form,
    evaluate_county,
    example_county,
    read_declaration_form,
    synthetic_counties,
    write_declaration_form,
)


def _with_facts(county: County) -> County:
    ex = example_county()
    return county.model_copy(update={"guarantee": ex.guarantee, "quality": ex.quality,
                                     "survey": ex.survey, "vetoes": ex.vetoes})


def _median(times: list[float]) -> float:
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--schools", type=int, default=300, help="schools of the big county")
    ap.add_argument("--counties", type=int, default=100, help="counties audited in one call")
    ap.add_argument("--per-county", type=int, default=120,
                    help="average schools per county of the many-county run")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args(argv)
    if a.quick:
        a.schools, a.counties, a.repeat = 100, 20, 3
    tmp = Path(tempfile.mkdtemp(prefix="qbalance-form-"))
    big = _with_facts(synthetic_counties(1, schools_per_county=a.schools, seed=1)[0])
    ev = evaluate_county(big)
    n_rows = None
    write_t, audit_t = [], []
    path = tmp / "big.xlsx"
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        form = declaration_form(ev, big)
        write_declaration_form(form, path)
        write_t.append(time.perf_counter() - t0)
        n_rows = len(form.schools.rows)
        t0 = time.perf_counter()
        report = audit_form(path)
        audit_t.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    back = read_declaration_form(path)
    read_once = time.perf_counter() - t0
    assert len(back.schools.rows) == n_rows
    counts = report.counts()

    many = [_with_facts(c) for c in synthetic_counties(a.counties,
                                                      schools_per_county=a.per_county, seed=2)]
    paths = []
    for i, c in enumerate(many):
        p = tmp / f"county-{i:03d}.xlsx"
        write_declaration_form(declaration_form(evaluate_county(c), c), p)
        paths.append(p)
    rows_total = sum(len(read_declaration_form(p).schools.rows) for p in paths[:3])
    t0 = time.perf_counter()
    reports = audit_forms(paths)
    many_t = time.perf_counter() - t0
    errors = sum(r.has_errors for r in reports)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]}, load average {load:.2f}, {os.cpu_count()} cores")
    print(f"(a) build + write .xlsx, {a.schools} schools ({n_rows} rows of Table II-2): "
          f"median {_median(write_t):.3f} s over {a.repeat}  (target <= 2 s: "
          f"{'met' if _median(write_t) <= 2 else 'MISSED'})")
    print(f"(b) read + audit, same county: median {_median(audit_t):.3f} s "
          f"(read alone {read_once:.3f} s); findings {counts}  (target <= 2 s: "
          f"{'met' if _median(audit_t) <= 2 else 'MISSED'})")
    print(f"(c) audit_forms over {a.counties} counties (~{a.per_county} schools each; "
          f"first three have {rows_total} rows): {many_t:.2f} s, "
          f"{many_t / a.counties * 1000:.0f} ms per form, forms with errors: {errors}  "
          f"(target <= 60 s: {'met' if many_t <= 60 else 'MISSED'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
