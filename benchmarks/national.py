"""National-scale benchmark of qbalance.evaluate_batch (not part of the test suite).

Times, in one run on the same synthetic national data (qbalance.synth):

  (a) qbalance.evaluate_batch — every county, both segments, 7 indicators;
  (b) a straightforward pandas groupby implementation of the same formula;
  (c) a plain Python loop over counties calling qbalance.evaluate_resources
      (on a subset of counties, scaled by schools to the full size);
  (d) a memory-bandwidth floor: one np.sum pass over every input array the batch reads;
  (d2) the same plus one write of arrays as large as the result (per-school values and
      flags included: the result is larger than the input, and writing fresh memory
      costs page faults that (d) never pays);

  (b') the same formula in polars and in DuckDB SQL (optional peers, skipped with a
      note when not installed: pip install 'qbalance[bench]'), checked to agree to 1e-12;

and prints medians over repeats, the ratios a/b, a/c, a/d, the peak extra memory of (a)
(tracemalloc) against the input size, and how (a) scales from 1k to 1M schools; then ten
years in one call with a year key (--years), whole pipelines from Parquet, CSV and .xlsx
files to a result DataFrame (--files), and the targets met or missed.

    python benchmarks/national.py                 # full size: 210,000 schools
    python benchmarks/national.py --quick         # a smaller, faster run
    python benchmarks/national.py --schools 500000 --repeat 21
    python benchmarks/national.py --files          # + file pipelines (.xlsx takes minutes)
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import qbalance  # noqa: E402
from qbalance import (  # noqa: E402
    KIND_CODES,
    SchoolKind,
    Standard,
    counties_from_columns,
    evaluate_batch,
    evaluate_resources,
    load_standard,
)
from qbalance.synth import synthetic_columns  # noqa: E402

TARGET_MS = 50.0
TARGET_VS_FLOOR = 5.0        # of (d2): reading the input and writing the result once
TARGET_MEMORY = 2.0          # peak extra memory / input
TARGET_YEARS = 10.0          # 10 years in one call <= 10x one year
TARGET_FILES = {"parquet": 1.0, "csv": 3.0, "xlsx": 30.0}  # seconds, file -> result frame


CPU: dict[int, list[float]] = {}


def timed(fn: Callable[[], Any], repeat: int, warmup: int = 1) -> list[float]:
    """Wall times in seconds of ``repeat`` calls (after ``warmup`` untimed calls).

    The process CPU time of each call is kept in ``CPU[id(result)]``: on a shared
    machine it is less disturbed by other processes than the wall time.
    """
    for _ in range(warmup):
        fn()
    out, cpu = [], []
    for _ in range(repeat):
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    CPU[id(out)] = cpu
    return out


def ms(ts: list[float]) -> str:
    med = statistics.median(ts) * 1e3
    cpu = CPU.get(id(ts))
    c = f", CPU {statistics.median(cpu) * 1e3:.2f}" if cpu else ""
    return f"{med:9.2f} ms  (min {min(ts) * 1e3:.2f}, max {max(ts) * 1e3:.2f}{c}, n={len(ts)})"


def cpu_median(ts: list[float]) -> float:
    return statistics.median(CPU[id(ts)])


def read_columns(cols: dict[str, np.ndarray]) -> list[np.ndarray]:
    """The input arrays evaluate_batch reads (all but the school ids)."""
    return [v for k, v in cols.items() if k not in ("school_id", "year")]


def floor(arrays: list[np.ndarray]) -> None:
    for a in arrays:
        np.sum(a)


def result_layout(result: Any) -> list[tuple[tuple[int, ...], np.dtype[Any]]]:
    """Shape and dtype of every array the batch result holds that it wrote itself
    (school ids are a view of the input and are left out)."""
    import attrs

    out = []
    for f in attrs.fields(type(result)):
        v = getattr(result, f.name)
        if isinstance(v, np.ndarray) and f.name != "school_ids":
            out.append((v.shape, v.dtype))
    return out


def floor_read_write(arrays: list[np.ndarray],
                     layout: list[tuple[tuple[int, ...], np.dtype[Any]]]) -> list[np.ndarray]:
    """(d2): one pass over the input and one write of arrays the size of the result."""
    floor(arrays)
    return [np.ones(shape, dtype=dtype) for shape, dtype in layout]


# -- (b) pandas groupby, the same formula written the obvious way ---------------------

def pandas_groupby(df: Any, std: Standard) -> dict[str, Any]:
    import pandas as pd

    kind = df["kind"]
    total = df["primary_pupils"] + df["junior_pupils"] + df["senior_pupils"]
    excluded = (kind == KIND_CODES[SchoolKind.TEACHING_POINT]) & (
        total < std.scope.teaching_point_min_pupils)
    if std.scope.exclude_special:
        excluded |= kind == KIND_CODES[SchoolKind.SPECIAL]
    if not std.scope.include_private:
        excluded |= df["private"]
    d = df[~excluded]
    weights = {sec: pd.Series({KIND_CODES[k]: getattr(w, sec) or 0.0
                               for k, w in std.split.items()}) for sec in
               ("primary", "junior", "senior")}
    wp = {sec: d[f"{sec}_pupils"] * d["kind"].map(weights[sec]) for sec in weights}
    split = d["kind"].isin(weights["primary"].index)
    out = {}
    for seg in ("primary", "junior"):
        s = d[d[f"{seg}_pupils"] > 0]
        pupils = s[f"{seg}_pupils"]
        share = (wp[seg] / (wp["primary"] + wp["junior"] + wp["senior"]))[s.index]
        share = share.where(split[s.index], 1.0)
        vals = pd.DataFrame(index=s.index)
        for spec in std.indicators:
            num = s[f"{seg}_{spec.source}"] if spec.segment_level else s[spec.source] * share
            vals[spec.code] = num * spec.per_pupils / pupils
        key = s["county"]
        wsum = pupils.groupby(key).sum()
        mean = vals.mul(pupils, axis=0).groupby(key).sum().div(wsum, axis=0)
        dev = vals - mean.loc[key].to_numpy()
        var = dev.pow(2).mul(pupils, axis=0).groupby(key).sum().div(wsum, axis=0)
        cv = np.sqrt(var) / mean
        thr = pd.Series({i.code: getattr(i.threshold, seg) for i in std.indicators})
        flo = pd.Series({i.code: i.floor_fraction for i in std.indicators})
        lim = pd.Series({i.code: getattr(i.cv_limit, seg) for i in std.indicators})
        met = vals.ge(thr)
        below = ~met & vals.lt(flo * thr)
        ok = (met.sum(axis=1) >= std.school_rule.min_met) & ~below.any(axis=1)
        failing = (~ok).groupby(key).sum()
        passed = cv.le(lim).all(axis=1) & (failing == 0)
        out[seg] = {"mean": mean, "cv": cv, "composite": cv.mean(axis=1), "passed": passed}
    return out


# -- optional peers: the same formula in polars and in DuckDB SQL ----------------------

def _split_weights(std: Standard) -> dict[str, dict[int, float]]:
    return {sec: {KIND_CODES[k]: float(getattr(w, sec) or 0.0) for k, w in std.split.items()}
            for sec in ("primary", "junior", "senior")}


def _excluded_sql(std: Standard) -> str:
    tp, sp = KIND_CODES[SchoolKind.TEACHING_POINT], KIND_CODES[SchoolKind.SPECIAL]
    cond = [f"(kind = {tp} AND primary_pupils + junior_pupils + senior_pupils < "
            f"{std.scope.teaching_point_min_pupils})"]
    if std.scope.exclude_special:
        cond.append(f"kind = {sp}")
    if not std.scope.include_private:
        cond.append("private")
    return " OR ".join(cond)


def polars_peer(df: Any, std: Standard) -> dict[str, Any]:
    """The formula of (b) in polars (lazy, multi-threaded by polars itself)."""
    import polars as pl

    kind = pl.col("kind")
    total = pl.col("primary_pupils") + pl.col("junior_pupils") + pl.col("senior_pupils")
    excl = (kind == KIND_CODES[SchoolKind.TEACHING_POINT]) & (
        total < std.scope.teaching_point_min_pupils)
    if std.scope.exclude_special:
        excl = excl | (kind == KIND_CODES[SchoolKind.SPECIAL])
    if not std.scope.include_private:
        excl = excl | pl.col("private")
    w = _split_weights(std)
    wp = {sec: pl.col(f"{sec}_pupils") * kind.replace_strict(w[sec], default=0.0,
                                                             return_dtype=pl.Float64)
          for sec in w}
    split = kind.is_in(list(w["primary"]))
    base = df.lazy().filter(~excl)
    out = {}
    for seg in ("primary", "junior"):
        p = pl.col(f"{seg}_pupils")
        share = pl.when(split).then(wp[seg] / (wp["primary"] + wp["junior"] + wp["senior"])
                                    ).otherwise(1.0)
        vals = []
        for spec in std.indicators:
            num = (pl.col(f"{seg}_{spec.source}") if spec.segment_level
                   else pl.col(spec.source) * share)
            vals.append((num * float(spec.per_pupils) / p).alias(spec.code))
        codes = [s.code for s in std.indicators]
        thr = {i.code: float(getattr(i.threshold, seg)) for i in std.indicators}
        flo = {i.code: float(i.floor_fraction) for i in std.indicators}
        lim = {i.code: float(getattr(i.cv_limit, seg)) for i in std.indicators}
        s = base.filter(p > 0).select(pl.col("county"), p.alias("p"), *vals)
        met = [(pl.col(c) >= thr[c]).cast(pl.Int8) for c in codes]
        below = [((pl.col(c) < thr[c]) & (pl.col(c) < flo[c] * thr[c])) for c in codes]
        ok = (pl.sum_horizontal(met) >= std.school_rule.min_met) & ~pl.any_horizontal(below)
        mean = {c: (pl.col(c) * pl.col("p")).sum().over("county") / pl.col("p").sum().over(
            "county") for c in codes}
        s = s.with_columns(ok.alias("ok"), *[mean[c].alias(f"m_{c}") for c in codes])
        g = s.group_by("county").agg(
            pl.col("p").sum().alias("W"),
            *[pl.col(f"m_{c}").first().alias(f"mean_{c}") for c in codes],
            *[((pl.col(c) - pl.col(f"m_{c}")) ** 2 * pl.col("p")).sum().alias(f"ss_{c}")
              for c in codes],
            (~pl.col("ok")).sum().alias("failing"))
        g = g.with_columns(*[((pl.col(f"ss_{c}") / pl.col("W")).sqrt() / pl.col(f"mean_{c}"))
                             .alias(f"cv_{c}") for c in codes])
        g = g.with_columns(pl.all_horizontal([pl.col(f"cv_{c}") <= lim[c] for c in codes]
                                             + [pl.col("failing") == 0]).alias("passed"))
        out[seg] = g.sort("county").collect()
    return out


def duckdb_peer(con: Any, std: Standard) -> dict[str, Any]:
    """The formula of (b) as DuckDB SQL over the registered table ``t``."""
    w = _split_weights(std)

    def wcase(sec: str) -> str:
        return ("CASE kind " + " ".join(f"WHEN {k} THEN {v!r}" for k, v in w[sec].items())
                + " ELSE 0.0 END")

    split_kinds = ", ".join(str(k) for k in w["primary"])
    out = {}
    for seg in ("primary", "junior"):
        codes = [s.code for s in std.indicators]
        share = (f"CASE WHEN kind IN ({split_kinds}) THEN ({seg}_pupils * {wcase(seg)}) / "
                 f"(primary_pupils * {wcase('primary')} + junior_pupils * {wcase('junior')} + "
                 f"senior_pupils * {wcase('senior')}) ELSE 1.0 END")
        nums = {s.code: f"{seg}_{s.source}" if s.segment_level else f"({s.source} * share)"
                for s in std.indicators}
        vals = ", ".join(f"{nums[s.code]} * {float(s.per_pupils)!r} / p AS {s.code}"
                         for s in std.indicators)
        thr = {i.code: float(getattr(i.threshold, seg)) for i in std.indicators}
        flo = {i.code: float(i.floor_fraction) for i in std.indicators}
        lim = {i.code: float(getattr(i.cv_limit, seg)) for i in std.indicators}
        met = " + ".join(f"CAST({c} >= {thr[c]!r} AS INTEGER)" for c in codes)
        below = " OR ".join(f"({c} < {thr[c]!r} AND {c} < {flo[c] * thr[c]!r})" for c in codes)
        sql = f"""
        WITH s AS (
            SELECT *, {seg}_pupils AS p, {share} AS share
            FROM t WHERE NOT ({_excluded_sql(std)}) AND {seg}_pupils > 0),
        v AS (SELECT county, p, {vals} FROM s),
        f AS (SELECT *, ({met}) >= {std.school_rule.min_met} AND NOT ({below}) AS ok FROM v),
        m AS (SELECT county, sum(p) AS W,
                     {", ".join(f"sum({c} * p) / sum(p) AS m_{c}" for c in codes)}
              FROM f GROUP BY county)
        SELECT county, any_value(W) AS W,
               {", ".join(f"any_value(m_{c}) AS mean_{c}" for c in codes)},
               {", ".join(f"sqrt(sum(p * ({c} - m_{c}) ^ 2) / any_value(W)) / any_value(m_{c})"
                          f" AS cv_{c}" for c in codes)},
               sum(CASE WHEN ok THEN 0 ELSE 1 END) AS failing
        FROM f JOIN m USING (county) GROUP BY county ORDER BY county"""
        r = con.execute(sql).fetchnumpy()
        cv = np.column_stack([r[f"cv_{c}"] for c in codes])
        lims = np.array([lim[c] for c in codes])
        r["passed"] = (cv <= lims).all(axis=1) & (r["failing"] == 0)
        out[seg] = r
    return out


def peer_agreement(result: Any, peer: dict[str, Any], codes: tuple[str, ...]) -> float:
    """Largest relative CV difference to the batch; asserts identical pass flags."""
    worst = 0.0
    for s, seg in enumerate(("primary", "junior")):
        r = peer[seg]
        keys = np.asarray(r["county"])
        pos = np.searchsorted(result.county, keys)
        cv = np.column_stack([np.asarray(r[f"cv_{c}"], dtype=np.float64) for c in codes])
        ok = result.status[pos, s] == "ok"
        ref = result.cv[pos[ok], s]
        worst = max(worst, float(np.max(np.abs(cv[ok] - ref) / np.maximum(ref, 1e-300))))
        same = np.asarray(r["passed"])[ok] == result.segment_passed[pos[ok], s]
        assert same.all(), f"peer and batch disagree on {int((~same).sum())} pass flags"
    return worst


def multi_year(args: Any, std: Standard, one_cols: dict[str, np.ndarray]) -> float:
    """Several years of the national table in one call with a year key; returns the ratio.

    The one-year call is timed again in the same rounds, interleaved with the
    multi-year call (one year, all years, one year), so that both see the same load;
    the ratio is of the medians, and per round and on CPU time beside it.
    """
    years = tuple(range(2025 - args.years + 1, 2026))
    t0 = time.perf_counter()
    cols = synthetic_columns(args.schools, n_counties=args.counties, seed=args.seed,
                             years=years)
    n = len(cols["county"])
    in_bytes = sum(a.nbytes for a in read_columns(cols))
    print(f"\nmulti-year: {len(years)} years ({years[0]}-{years[-1]}), {n:,} school-years, "
          f"input {in_bytes / 1e6:.0f} MB (generated in {time.perf_counter() - t0:.1f} s)")
    rep = max(5, min(11, args.repeat // 2))
    t_all: list[float] = []
    c_all: list[float] = []
    t_one: list[float] = []
    c_one: list[float] = []
    evaluate_batch(cols, std, year="year")
    for r in range(rep):
        for fn, wall, cpu in ((lambda: evaluate_batch(one_cols, std), t_one, c_one),
                              (lambda: evaluate_batch(cols, std, year="year"), t_all, c_all),
                              (lambda: evaluate_batch(one_cols, std), t_one, c_one)):
            one = timed(fn, 1, warmup=0)
            wall.append(one[0])
            cpu.append(CPU[id(one)][0])
    CPU[id(t_all)], CPU[id(t_one)] = c_all, c_one
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    res = evaluate_batch(cols, std, year="year")
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    med, med_one = statistics.median(t_all), statistics.median(t_one)
    ratio = med / med_one
    per_round = statistics.median(t_all[i] / ((t_one[2 * i] + t_one[2 * i + 1]) / 2)
                                  for i in range(rep))
    cpu_ratio = statistics.median(c_all) / statistics.median(c_one)
    print(f"  evaluate_batch(..., year='year')   {ms(t_all)}")
    print(f"  one year, same rounds              {ms(t_one)}")
    print(f"  {len(res.county):,} county-years; {ratio:.2f}x the one-year time "
          f"(per round {per_round:.2f}x, on CPU time {cpu_ratio:.2f}x; "
          f"{med / n * 1e9:.0f} ns per school-year against {med_one / args.schools * 1e9:.0f} "
          f"for one year); peak extra memory {peak / 1e6:.0f} MB = {peak / in_bytes:.2f}x "
          "the input")
    del res, cols
    gc.collect()
    return ratio


def file_pipelines(cols: dict[str, np.ndarray], std: Standard) -> dict[str, float]:
    """Whole pipelines: file -> evaluate_batch -> result DataFrame, per file type."""
    import tempfile

    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    from qbalance.evaluate.batch import read_batch_table

    out: dict[str, float] = {}
    table = pa.table({k: np.asarray(v) for k, v in cols.items()})
    with tempfile.TemporaryDirectory(prefix="qbalance-bench-") as tmp:
        d = Path(tmp)
        pq.write_table(table, d / "national.parquet")
        pacsv.write_csv(table, d / "national.csv")
        sizes = {k: (d / f"national.{k}").stat().st_size / 1e6 for k in ("parquet", "csv")}
        print(f"\nwhole pipelines from files ({len(cols['county']):,} schools; parquet "
              f"{sizes['parquet']:.1f} MB, csv {sizes['csv']:.1f} MB)")

        def run(path: Path, engine: str | None = None) -> Any:
            data = read_batch_table(path, engine=engine) if engine else path
            return evaluate_batch(data, std).to_frame(lang=None)

        for kind in ("parquet", "csv"):
            t = timed(lambda kind=kind: run(d / f"national.{kind}"), 3)
            out[kind] = statistics.median(t)
            print(f"  {kind:<8} -> result DataFrame      {ms(t)}")
        t = timed(lambda: run(d / "national.csv", "csv"), 1, warmup=0)
        print(f"  csv (csv module, no pyarrow)       {ms(t)}")
        try:
            import openpyxl
        except ImportError:
            print("  .xlsx skipped: openpyxl is not installed")
            return out
        t0 = time.perf_counter()
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet()
        keys = list(cols)
        ws.append(keys)
        arrays = [np.asarray(cols[k]).tolist() for k in keys]
        for row in zip(*arrays, strict=True):
            ws.append(row)
        wb.save(d / "national.xlsx")
        print(f"  (.xlsx written with openpyxl in {time.perf_counter() - t0:.0f} s, "
              f"{(d / 'national.xlsx').stat().st_size / 1e6:.1f} MB)")
        try:
            import python_calamine  # noqa: F401
        except ImportError:
            print("  .xlsx with calamine skipped: python-calamine is not installed")
        else:
            t = timed(lambda: run(d / "national.xlsx", "calamine"), 1, warmup=0)
            out["xlsx"] = statistics.median(t)
            print(f"  xlsx (python-calamine) -> frame    {ms(t)}")
        t = timed(lambda: run(d / "national.xlsx", "openpyxl"), 1, warmup=0)
        out.setdefault("xlsx", statistics.median(t))
        print(f"  xlsx (openpyxl, today's reader)    {ms(t)}")
    return out


def startup() -> dict[str, float]:
    """Median wall time of ``import qbalance`` and ``qbalance --help`` in fresh processes."""
    import subprocess

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    out: dict[str, float] = {}
    for label, cmd in (("import qbalance", [sys.executable, "-c", "import qbalance"]),
                       ("qbalance --help", [sys.executable, "-m", "qbalance", "--help"]),
                       ("python alone", [sys.executable, "-c", "pass"])):
        ts = []
        for _ in range(5):
            t0 = time.perf_counter()
            subprocess.run(cmd, env=env, check=True, capture_output=True)
            ts.append(time.perf_counter() - t0)
        out[label] = statistics.median(ts)
    print("\nstart-up (fresh processes, median of 5): " + ", ".join(
        f"{k} {v * 1e3:.0f} ms" for k, v in out.items()))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--schools", type=int, default=210_000, help="schools (default 210000)")
    ap.add_argument("--counties", type=int, default=None, help="counties (default schools/72)")
    ap.add_argument("--repeat", type=int, default=15,
                    help="timed rounds of (a), (d) and (b), interleaved")
    ap.add_argument("--pandas-repeat", type=int, default=15,
                    help="rounds that also time (b) (at most --repeat)")
    ap.add_argument("--loop-counties", type=int, default=150,
                    help="counties in the loop baseline subset (c)")
    ap.add_argument("--seed", type=int, default=20250101)
    ap.add_argument("--quick", action="store_true",
                    help="small run: 30k schools, few repeats, scaling to 100k")
    ap.add_argument("--no-scaling", action="store_true", help="skip the 1k..1M scaling run")
    ap.add_argument("--no-peers", action="store_true", help="skip the polars and DuckDB peers")
    ap.add_argument("--years", type=int, default=10,
                    help="years of the multi-year run (0 to skip; default 10)")
    ap.add_argument("--cpu", type=int, default=None,
                    help="pin the process to this CPU (os.sched_setaffinity): every timed "
                         "call, its baselines and floors then share one core")
    ap.add_argument("--files", action="store_true",
                    help="also time whole pipelines from Parquet, CSV and .xlsx files")
    args = ap.parse_args(argv)
    if args.quick:
        args.schools = min(args.schools, 30_000)
        args.repeat = min(args.repeat, 5)
        args.pandas_repeat = min(args.pandas_repeat, 2)
        args.loop_counties = min(args.loop_counties, 30)
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})

    import pandas as pd

    std = load_standard()
    print(f"qbalance {qbalance.__version__}, numpy {np.__version__}, pandas {pd.__version__}, "
          f"Python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs" + ("" if args.cpu is None else
                                      f", pinned to CPU {args.cpu} (the peers too)"))
    t0 = time.perf_counter()
    cols = synthetic_columns(args.schools, n_counties=args.counties, seed=args.seed)
    n = len(cols["county"])
    n_counties = len(np.unique(cols["county"]))
    inputs = read_columns(cols)
    in_bytes = sum(a.nbytes for a in inputs)
    print(f"data: {n:,} schools, {n_counties:,} counties, 2 segments x 7 indicators; "
          f"input {in_bytes / 1e6:.1f} MB in {len(inputs)} columns "
          f"(generated in {time.perf_counter() - t0:.2f} s, seed {args.seed})")

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          "(other processes on this machine disturb the timings)")

    # (a), (b), (d) measured in interleaved rounds, so that a burst of load from
    # other processes hits all of them alike; ratios are also taken per round
    result = evaluate_batch(cols, std)
    layout = result_layout(result)
    out_bytes = sum(int(np.prod(sh)) * np.dtype(dt).itemsize for sh, dt in layout)
    df = pd.DataFrame({k: v for k, v in cols.items() if k != "school_id"})
    pres = pandas_groupby(df, std)
    peers: dict[str, Callable[[], Any]] = {}
    if not args.no_peers:
        try:
            import polars as pl
        except ImportError:
            print("polars is not installed: its peer is skipped (pip install 'qbalance[bench]')")
        else:
            pdf = pl.from_pandas(df)
            peers[f"polars {pl.__version__}"] = lambda: polars_peer(pdf, std)
        try:
            import duckdb
            import pyarrow as pa
        except ImportError:
            print("duckdb/pyarrow is not installed: the DuckDB peer is skipped "
                  "(pip install 'qbalance[bench]')")
        else:
            con = duckdb.connect()
            con.register("t", pa.Table.from_pandas(df, preserve_index=False))
            peers[f"DuckDB {duckdb.__version__}"] = lambda: duckdb_peer(con, std)
    t_p: dict[str, list[float]] = {name: [] for name in peers}
    c_p: dict[str, list[float]] = {name: [] for name in peers}
    t_a: list[float] = []
    t_a2: list[float] = []
    t_b: list[float] = []
    t_d: list[float] = []
    t_d2: list[float] = []
    c_a: list[float] = []
    c_b: list[float] = []
    c_d: list[float] = []
    for r in range(args.repeat):
        for fn, wall, cpu in (
            (lambda: evaluate_batch(cols, std), t_a, c_a),
            (lambda: evaluate_batch(cols, std, workers=2), t_a2, None),
            (lambda: floor(inputs), t_d, c_d),
            (lambda: floor_read_write(inputs, layout), t_d2, None),
            (lambda: pandas_groupby(df, std), t_b, c_b),
            *((fn_p, t_p[name], c_p[name]) for name, fn_p in peers.items()),
        ):
            if fn is not None and ((wall is not t_b and wall not in t_p.values())
                                   or r < args.pandas_repeat):
                one = timed(fn, 1, warmup=1 if r == 0 else 0)
                wall.append(one[0])
                if cpu is not None:
                    cpu.append(CPU[id(one)][0])
    for wall, cpu in ((t_a, c_a), (t_b, c_b), (t_d, c_d),
                      *((t_p[k], c_p[k]) for k in peers)):
        CPU[id(wall)] = cpu
    st, counts = np.unique(result.status, return_counts=True)
    print(f"\n(a) qbalance.evaluate_batch          {ms(t_a)}")
    print(f"    the same with workers=2          {ms(t_a2)}")
    print(f"    statuses {dict(zip(st.tolist(), counts.tolist(), strict=True))}, "
          f"{int(result.passed.sum())} counties pass, {len(result.school_row):,} school-segments")
    worst = 0.0
    for s, seg in enumerate(("primary", "junior")):
        pcv = pres[seg]["cv"].reindex(result.county).to_numpy()
        ok = result.status[:, s] == "ok"
        diff = np.abs(pcv[ok] - result.cv[ok, s])
        worst = max(worst, float(np.max(diff / np.maximum(result.cv[ok, s], 1e-300))))
        same = (pres[seg]["passed"].reindex(result.county).to_numpy()[ok]
                == result.segment_passed[ok, s]).all()
        assert same, "pandas and batch disagree on pass flags"
    print(f"(b) pandas groupby, same formula     {ms(t_b)}")
    print(f"    agrees with (a): max relative CV difference {worst:.1e}")
    peer_worst: dict[str, float] = {}
    for name, fn_p in peers.items():
        peer_worst[name] = peer_agreement(result, fn_p(), result.codes)
        print(f"(b') {name + ', same formula':<32}{ms(t_p[name])}")
        print(f"    agrees with (a): max relative CV difference {peer_worst[name]:.1e} "
              f"({'within' if peer_worst[name] <= 1e-12 else 'OUTSIDE'} 1e-12); "
              "pass flags identical")

    # (c) loop over counties, on a subset
    keys = result.county[: args.loop_counties]
    sub = np.isin(cols["county"], keys)
    sub_cols = {k: v[sub] for k, v in cols.items()}
    t0 = time.perf_counter()
    counties = counties_from_columns(sub_cols)
    t_models = time.perf_counter() - t0
    n_sub = int(sub.sum())

    def loop() -> None:
        for c in counties:
            evaluate_resources(c, std)

    t_c_sub = timed(loop, max(1, min(3, args.pandas_repeat)), warmup=0)
    scale = n / n_sub
    t_c = [t * scale for t in t_c_sub]
    sub_res = evaluate_batch(sub_cols, std)
    worst_c = 0.0
    for c in counties:
        ev = evaluate_resources(c, std)
        g = sub_res.index(int(c.name))
        for s, seg in enumerate(ev.segments):
            cvs = np.array([i.cv for i in seg.indicators])
            worst_c = max(worst_c, float(np.max(np.abs(cvs - sub_res.cv[g, s]) / cvs)))
    print(f"(c) loop of evaluate_resources       {ms(t_c)}")
    print(f"    measured on {len(counties)} counties / {n_sub:,} schools "
          f"({statistics.median(t_c_sub) * 1e3:.1f} ms), scaled x{scale:.1f} by schools; "
          f"building the County models took another {t_models * 1e3:.0f} ms "
          f"(x{scale:.1f} = {t_models * scale:.1f} s); agrees with (a): {worst_c:.1e}")

    print(f"(d) bandwidth floor (np.sum of input) {ms(t_d)}")
    print(f"(d2) floor + writing the result once   {ms(t_d2)}")
    print(f"    (the result holds {out_bytes / 1e6:.1f} MB of arrays, the input "
          f"{in_bytes / 1e6:.1f} MB)")

    # memory
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    res = evaluate_batch(cols, std)
    peak = tracemalloc.get_traced_memory()[1] - base
    kept = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    del res

    a, b, c, d = (statistics.median(x) for x in (t_a, t_b, t_c, t_d))
    d2 = statistics.median(t_d2)
    a2 = statistics.median(t_a2)
    print("\nratios (medians)")
    print(f"  a/b = {a / b:.4f}   (batch is {b / a:.1f}x faster than pandas groupby)")
    print(f"  a/c = {a / c:.5f}  (batch is {c / a:.0f}x faster than the county loop)")
    print(f"  a/d = {a / d:.2f}     (batch takes {a / d:.1f}x the bandwidth floor)")
    print(f"  a/d2 = {a / d2:.2f}    (batch takes {a / d2:.1f}x reading the input and "
          "writing the result once)")
    print(f"  with workers=2: a/b = {a2 / b:.4f} ({b / a2:.1f}x), a/d = {a2 / d:.2f}")
    med_p = {k: statistics.median(v) for k, v in t_p.items()}
    for k, v in med_p.items():
        print(f"  a/{k.split()[0]} = {a / v:.4f}   (batch is {v / a:.1f}x faster than {k}; "
              f"with workers=2 {v / a2:.1f}x)")
    n_b = len(t_b)
    rb = statistics.median(t_b[i] / t_a[i] for i in range(n_b))
    rd = statistics.median(t_a[i] / t_d[i] for i in range(len(t_d)))
    print(f"  per-round ratios (median): pandas/batch = {rb:.1f}x, batch/floor = {rd:.1f}x")
    ca, cb, cd = cpu_median(t_a), cpu_median(t_b), cpu_median(t_d)
    print(f"  on CPU time (less disturbed by other processes): "
          f"a/b = {ca / cb:.4f} ({cb / ca:.1f}x), a/d = {ca / cd:.2f}")
    print(f"memory: peak extra {peak / 1e6:.1f} MB during the call = {peak / in_bytes:.2f}x "
          f"the input ({in_bytes / 1e6:.1f} MB); the result keeps {kept / 1e6:.1f} MB")

    years_ratio = None
    if args.years > 1:
        years_ratio = multi_year(args, std, cols)
    file_times: dict[str, float] = {}
    if args.files:
        file_times = file_pipelines(cols, std)
    startup()

    size_note = ("full national size" if args.schools >= 200_000
                 else "NOT national size: indicative only")
    load_now = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\ntargets ({size_note}; load average now {load_now})")
    checks = [
        (f"median <= {TARGET_MS:.0f} ms", a * 1e3 <= TARGET_MS, f"{a * 1e3:.1f} ms"),
        ("faster than pandas groupby", a < b, f"{b / a:.1f}x"),
        *((f"faster than {k}", a < v, f"{v / a:.1f}x") for k, v in med_p.items()),
        (f"<= {TARGET_VS_FLOOR:.0f}x (d2), reading the input and writing the result once",
         a / d2 <= TARGET_VS_FLOOR, f"{a / d2:.1f}x"),
        (f"peak extra memory <= {TARGET_MEMORY:.0f}x input", peak / in_bytes <= TARGET_MEMORY,
         f"{peak / in_bytes:.2f}x"),
    ]
    if years_ratio is not None:
        checks.append((f"{args.years} years in one call <= {TARGET_YEARS:.0f}x one year",
                       years_ratio <= TARGET_YEARS, f"{years_ratio:.1f}x"))
    for kind, limit in TARGET_FILES.items():
        if kind in file_times:
            checks.append((f"{kind} file -> result DataFrame <= {limit:g} s",
                           file_times[kind] <= limit, f"{file_times[kind]:.2f} s"))
    for label, ok, got in checks:
        print(f"  {'met   ' if ok else 'MISSED'}  {label}: {got}")

    if not args.no_scaling:
        sizes = [1_000, 10_000, 100_000, 210_000, 1_000_000]
        if args.quick:
            sizes = [1_000, 10_000, 100_000]
        print("\nscaling of (a) (fresh synthetic data per size; median of repeats)")
        print(f"  {'schools':>9} {'counties':>8} {'input MB':>9} {'batch ms':>9} "
              f"{'ns/school':>9} {'2 threads':>9} {'floor ms':>9} {'a/d':>6}")
        for size in sizes:
            cs = synthetic_columns(size, seed=args.seed)
            arrs = read_columns(cs)
            rep = args.repeat if size <= 210_000 else max(3, args.repeat // 3)
            ta = statistics.median(timed(lambda cs=cs: evaluate_batch(cs, std), rep))
            t1 = statistics.median(timed(lambda cs=cs: evaluate_batch(cs, std, workers=2), rep))
            td = statistics.median(timed(lambda arrs=arrs: floor(arrs), rep))
            mb = sum(x.nbytes for x in arrs) / 1e6
            print(f"  {size:>9,} {len(np.unique(cs['county'])):>8,} {mb:>9.1f} "
                  f"{ta * 1e3:>9.2f} {ta / size * 1e9:>9.1f} {t1 * 1e3:>9.2f} {td * 1e3:>9.2f} "
                  f"{ta / td:>6.1f}")
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
