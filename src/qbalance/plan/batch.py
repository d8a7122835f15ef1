"""Planning every failing county of a batch: :func:`plan_batch`.

:func:`plan_batch` evaluates a national (or provincial) table with
:func:`~qbalance.evaluate_batch`, and for every county that fails draws up the
least-cost gap-closing plan of :func:`~qbalance.gap_plan`, in parallel over
processes.  Each county is planned under a time limit; its status says what
came of it:

``"planned"``
    the optimiser's plan, re-evaluated and passing;
``"greedy"``
    the optimiser gave no cheaper plan in time (or none that passed), so the
    greedy plan of :func:`~qbalance.naive_plan` is used — said so in ``note``;
``"timed_out"``
    the county's planning overran its hard limit (twice the time limit plus
    30 s): it was abandoned and the greedy plan computed instead;
``"infeasible"``
    the caps make the targets impossible; ``note`` explains which constraint binds;
``"failed"``
    no plan passed re-evaluation, or the county's data could not be planned
    (``note`` gives the error).

Counties whose batch status is ``"invalid"`` (bad data) are not planned; they
are listed with status ``"invalid"``.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from qbalance._messages import check_lang, message, text as msg_text
from qbalance._progress import progress_bar
from qbalance.vocab import Lang
from qbalance.errors import DataError, InfeasibleTargetError, QBalanceError
from qbalance._result import ResultMixin

__all__ = ["BatchPlan", "CountyPlan", "PLAN_STATUSES", "plan_batch"]

#: Status of a county's plan (see :mod:`qbalance.plan.batch`).
PLAN_STATUSES: tuple[str, ...] = ("planned", "greedy", "timed_out", "infeasible", "failed",
                                  "invalid")


@attrs.frozen(slots=True, kw_only=True)
class CountyPlan:
    """The plan of one failing county in a :class:`BatchPlan`.

    Attributes
    ----------
    county, year : object
        The county key (and year key, or ``None``).
    status : str
        One of :data:`PLAN_STATUSES`.
    method : str
        ``"milp"``, ``"naive"`` or ``""`` (no plan).
    total_cost : float
        Cost of the (rounded, applied) plan in yuan; ``nan`` without a plan.
    exact_cost : float
        Cost of the exact optimum before rounding to whole units, beside it
        (``nan`` when unknown).
    n_items : int
        Additions in the plan.
    passed : bool
        The county passes once the plan is applied (re-evaluated).
    seconds : float
        Wall time spent on the county (in its worker).
    note : str
        Why the plan is not the optimiser's, or why there is none.
    items : tuple of tuple
        ``(school_id, segment or "", field, amount, cost)`` per addition.
    """

    county: Any
    year: Any
    status: str
    method: str
    total_cost: float
    exact_cost: float
    n_items: int
    passed: bool
    seconds: float
    note: str
    items: tuple[tuple[str, str, str, float, float], ...] = ()


@attrs.frozen(slots=True, kw_only=True, repr=False)
class BatchPlan(ResultMixin):
    """Result of :func:`plan_batch`.

    Attributes
    ----------
    standard_id : str
        The standard planned for.
    n_counties : int
        Counties (groups) in the table.
    plans : tuple of CountyPlan
        One per county that failed, in the batch's county order.
    seconds : float
        Wall time of the whole call (evaluation, planning, collection).
    workers : int
        Processes used.
    time_limit : float
        Seconds allowed per county.
    """

    standard_id: str
    n_counties: int
    plans: tuple[CountyPlan, ...]
    seconds: float
    workers: int
    time_limit: float

    @property
    def total_cost(self) -> float:
        """Sum of the costs of every plan (yuan)."""
        return float(sum(p.total_cost for p in self.plans if not math.isnan(p.total_cost)))

    def status_counts(self) -> dict[str, int]:
        """Number of counties per status, in the order of :data:`PLAN_STATUSES`.

        Returns
        -------
        dict of str to int
            Only the statuses that occur.
        """
        out = {s: sum(p.status == s for p in self.plans) for s in PLAN_STATUSES}
        return {k: v for k, v in out.items() if v}

    def summary(self, lang: Lang = "zh") -> str:
        """Total time, distribution of per-county times, total cost and statuses.

        Parameters
        ----------
        lang : {"zh", "en"}
            Language (Chinese by default).

        Returns
        -------
        str
            A few lines of text.
        """
        lang = check_lang(lang)
        from qbalance.report import render_text

        return render_text(self, lang)

    def __str__(self) -> str:
        return self.summary("zh")

    def to_frame(self, *, lang: Lang | None = "zh") -> Any:
        """One row per planned county, as a pandas DataFrame (needs pandas).

        Parameters
        ----------
        lang : {None, "zh", "en"}, optional
            ``"zh"``: Chinese headers (``县``, ``总费用（元）`` …), statuses and methods
            in words (已规划) (the default, as every ``to_frame``); ``"en"`` or ``None``
            the field names below and the machine values.

        Returns
        -------
        pandas.DataFrame
            Columns ``county``, ``year``, ``status``, ``method``, ``total_cost``,
            ``exact_cost``, ``n_items``, ``passed``, ``seconds``, ``note``.
        """
        from qbalance._optional import require

        from qbalance.io.frames import frame_in

        pd = require("pandas", "BatchPlan.to_frame")
        return frame_in(pd.DataFrame([{f: getattr(p, f) for f in (
            "county", "year", "status", "method", "total_cost", "exact_cost", "n_items",
            "passed", "seconds", "note")} for p in self.plans]), lang)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the run and one entry per planned county.

        Returns
        -------
        dict
            ``standard_id``, ``n_counties``, ``seconds``, ``workers``, ``time_limit``,
            ``total_cost``, ``status_counts`` and ``plans`` (every field of each
            :class:`CountyPlan`; a cost that is not a number is ``null``).
        """
        from qbalance._result import plain_data

        def num(v: Any) -> Any:
            return None if isinstance(v, float) and v != v else v

        return {"standard_id": self.standard_id, "n_counties": self.n_counties,
                "seconds": self.seconds, "workers": self.workers,
                "time_limit": self.time_limit, "total_cost": num(self.total_cost),
                "status_counts": self.status_counts(),
                "plans": [{k: num(v) for k, v in plain_data(p).items()} for p in self.plans]}


def _quantiles(ts: Sequence[float]) -> dict[str, float]:
    def q(f: float) -> float:
        return float(np.quantile(np.asarray(ts), f))
    return {"min": ts[0], "median": statistics.median(ts), "p90": q(0.9), "p99": q(0.99),
            "max": ts[-1]}


# -- the work of one county (runs in a worker process) ---------------------------------

def _plan_one(task: tuple[Any, Any, dict[str, Any], Any, Any, Any, float]) -> CountyPlan:
    key, year, cols, costs, standard, caps, time_limit = task
    from qbalance.evaluate.batch import counties_from_columns
    from qbalance.plan import gap_plan

    t0 = time.perf_counter()
    try:
        (county,) = counties_from_columns(cols)
        plan = gap_plan(county, costs, standard, caps=caps, time_limit=time_limit)
    except InfeasibleTargetError as exc:
        note = "; ".join(exc.binding) or str(exc)
        return CountyPlan(county=key, year=year, status="infeasible", method="",
                          total_cost=math.nan, exact_cost=math.nan, n_items=0, passed=False,
                          seconds=time.perf_counter() - t0, note=note)
    except QBalanceError as exc:
        return CountyPlan(county=key, year=year, status="failed", method="", total_cost=math.nan,
                          exact_cost=math.nan, n_items=0, passed=False,
                          seconds=time.perf_counter() - t0, note=str(exc))
    return _record(key, year, plan, "planned" if plan.method == "milp" else "greedy",
                   time.perf_counter() - t0)


def _record(key: Any, year: Any, plan: Any, status: str, seconds: float,
            note: str | None = None) -> CountyPlan:
    items = tuple((it.school_id, "" if it.segment is None else it.segment.value, it.field,
                   float(it.amount), float(it.cost)) for it in plan.items)
    exact = float(getattr(plan, "exact_cost", math.nan))
    return CountyPlan(county=key, year=year, status=status, method=plan.method,
                      total_cost=float(plan.total_cost), exact_cost=exact, n_items=len(items),
                      passed=bool(plan.passed), seconds=seconds,
                      note=plan.note if note is None else note, items=items)


def _greedy_one(task: tuple[Any, Any, dict[str, Any], Any, Any, Any, float],
                seconds: float) -> CountyPlan:
    key, year, cols, costs, standard, _caps, limit = task
    from qbalance.evaluate.batch import counties_from_columns
    from qbalance.plan import naive_plan

    try:
        (county,) = counties_from_columns(cols)
        plan = naive_plan(county, costs, standard)
    except QBalanceError as exc:
        return CountyPlan(county=key, year=year, status="failed", method="", total_cost=math.nan,
                          exact_cost=math.nan, n_items=0, passed=False, seconds=seconds,
                          note=msg_text("plan.note_greedy_failed", seconds=seconds, why=exc))
    return _record(key, year, plan, "timed_out", seconds,
                   msg_text("plan.note_timed_out", seconds=seconds, allowed=2 * limit + 30))


def plan_batch(
    data: Any,
    costs: Mapping[str, float] | Any,
    standard: Any = None,
    *,
    workers: int | None = None,
    time_limit: float = 60.0,
    caps: Mapping[str, Mapping[str, float]] | None = None,
    county: str = "county",
    year: str | None = None,
    school_id: str | None = "school_id",
    progress: Callable[[int, int], None] | None = None,
) -> BatchPlan:
    """The least-cost gap-closing plan of every failing county, in parallel processes.

    The table is evaluated once with :func:`~qbalance.evaluate_batch`; every
    county that does not pass (and whose data is valid) is rebuilt as a
    :class:`~qbalance.County` and planned with :func:`~qbalance.gap_plan` in a
    worker process, under ``time_limit`` seconds.  See
    :mod:`qbalance.plan.batch` for the statuses.

    Parameters
    ----------
    data : mapping of columns, DataFrame or path
        The national table, as for :func:`~qbalance.evaluate_batch`.
    costs : UnitCosts or mapping
        Yuan per unit of each addition (one set for every county).
    standard : Standard or str, optional
        The rules (default: national 2017).
    workers : int, optional
        Worker processes (default: the number of CPUs); 1 plans in this process.
    time_limit : float
        Seconds of search per county (the ``time_limit`` of :func:`~qbalance.gap_plan`);
        a county still running after twice that plus 30 s is abandoned for its
        greedy plan.
    caps : mapping, optional
        Caps of :func:`~qbalance.gap_plan`, applied in every county.
    county, year, school_id : str
        Column names, as for :func:`~qbalance.evaluate_batch`.
    progress : callable, optional
        Called as ``progress(done, total)`` after each county.  A progress bar is
        drawn on standard error too when it is a terminal (silent otherwise, inside
        :func:`qbalance._progress.quiet` or with ``QBALANCE_PROGRESS=0``).

    Returns
    -------
    BatchPlan

    Raises
    ------
    DataError
        ``workers`` or ``time_limit`` is not valid, or the table cannot be read.

    Examples
    --------
    Three synthetic counties (constructed data), all failing; each gets its
    least-cost plan, re-evaluated as passing (illustrative unit costs: yuan per
    m², per yuan of equipment, per classroom, per teacher):

    >>> from qbalance.plan.batch import plan_batch
    >>> from qbalance.synth import synthetic_columns
    >>> costs = dict(teaching_area_m2=3000, sports_area_m2=400, equipment_value_yuan=1.0,
    ...              multimedia_classrooms=60_000, teachers_above_degree=150_000,
    ...              backbone_teachers=50_000, pe_art_teachers=150_000)
    >>> bp = plan_batch(synthetic_columns(300, n_counties=3, seed=8), costs, workers=1)
    >>> bp.status_counts(), [p.passed for p in bp.plans]
    ({'planned': 3}, [True, True, True])
    """
    from qbalance.evaluate.batch import _as_columns, evaluate_batch
    from qbalance.standard import as_standard

    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise DataError(message("batch.workers", value=workers), field="workers",
                        value=workers)
    if not (isinstance(time_limit, (int, float)) and time_limit > 0):
        raise DataError(message("batch.time_limit", value=time_limit),
                        field="time_limit", value=time_limit)
    t0 = time.perf_counter()
    std = as_standard(standard)
    cols = {k: np.asarray(v) for k, v in _as_columns(data).items()}
    res = evaluate_batch(cols, std, county=county, year=year, school_id=school_id)
    ckey = cols[county]
    ykey = cols[year] if year is not None else None
    failing = np.flatnonzero(~res.passed)
    tasks = []
    plans: dict[int, CountyPlan] = {}
    rows_of = _rows_by_group(ckey, ykey, res)
    for g in failing.tolist():
        ck = res.county[g].item() if hasattr(res.county[g], "item") else res.county[g]
        yk = None if res.year is None else (res.year[g].item() if hasattr(res.year[g], "item")
                                            else res.year[g])
        if (res.status[g] == "invalid").any():
            msg = next((p.message for p in res.problems if p.county == ck and p.year == yk), "")
            plans[g] = CountyPlan(county=ck, year=yk, status="invalid", method="",
                                  total_cost=math.nan, exact_cost=math.nan, n_items=0,
                                  passed=False, seconds=0.0, note=msg)
            continue
        sub = {k: v[rows_of[g]] for k, v in cols.items()}
        if county != "county":
            sub["county"] = sub.pop(county)
        if year is not None and year != "year":
            sub["year"] = sub.pop(year)
        if school_id is not None and school_id != "school_id" and school_id in sub:
            sub["school_id"] = sub.pop(school_id)
        tasks.append((g, (ck, yk, sub, costs, std, caps, float(time_limit))))
    n_work = workers or os.cpu_count() or 1
    n_work = max(1, min(n_work, len(tasks))) if tasks else 1
    with progress_bar(len(tasks), msg_text("progress.plan")) as bar:

        def tick(county_key: Any) -> None:
            bar.update(note=str(county_key))
            if progress is not None:
                progress(bar.n, len(tasks))

        if n_work == 1:
            for g, task in tasks:
                plans[g] = _plan_one(task)
                tick(task[0])
        else:
            ctx = multiprocessing.get_context("spawn" if os.name == "nt" else "forkserver")
            hard = 2 * float(time_limit) + 30.0
            queue = list(reversed(tasks))
            pool = ctx.Pool(n_work)
            active: dict[int, tuple[Any, float, Any]] = {}
            zombies: list[Any] = []  # abandoned tasks still holding a worker
            try:
                while queue or active:
                    zombies = [z for z in zombies if not z.ready()]
                    if len(zombies) >= n_work:  # every worker stuck: start afresh
                        pool.terminate()
                        pool = ctx.Pool(n_work)
                        zombies = []
                    while queue and len(active) + len(zombies) < n_work:
                        g, task = queue.pop()
                        # submitted only when a worker is free, so it starts now
                        active[g] = (pool.apply_async(_plan_one, (task,)), time.perf_counter(),
                                     task)
                    for g in list(active):
                        fut, started, task = active[g]
                        if fut.ready():
                            try:
                                plans[g] = fut.get()
                            except Exception as exc:  # a crash in the worker: say so, go on
                                plans[g] = CountyPlan(county=task[0], year=task[1],
                                                      status="failed", method="",
                                                      total_cost=math.nan, exact_cost=math.nan,
                                                      n_items=0, passed=False,
                                                      seconds=time.perf_counter() - started,
                                                      note=f"{type(exc).__name__}: {exc}")
                        elif time.perf_counter() - started > hard:
                            plans[g] = _greedy_one(task, time.perf_counter() - started)
                            zombies.append(fut)
                        else:
                            continue
                        del active[g]
                        tick(task[0])
                    if active:
                        time.sleep(0.005)
            finally:
                pool.terminate()
                pool.join()
    ordered = tuple(plans[g] for g in sorted(plans))
    return BatchPlan(standard_id=std.id, n_counties=len(res.county), plans=ordered,
                     seconds=time.perf_counter() - t0, workers=n_work,
                     time_limit=float(time_limit))


def _rows_by_group(ckey: Any, ykey: Any, res: Any) -> list[Any]:
    """Input rows of every group of the batch result, in its group order."""
    g = np.asarray(res.county)
    pos = np.searchsorted(g, ckey) if res.year is None else None
    if pos is None:
        pairs = {(c.item() if hasattr(c, "item") else c, y.item() if hasattr(y, "item") else y): i
                 for i, (c, y) in enumerate(zip(res.county, res.year, strict=True))}
        idx = np.array([pairs[(c.item() if hasattr(c, "item") else c,
                               y.item() if hasattr(y, "item") else y)]
                        for c, y in zip(ckey, ykey, strict=True)], dtype=np.intp)
    else:
        idx = np.asarray(pos, dtype=np.intp)
    order = np.argsort(idx, kind="stable")
    bounds = np.searchsorted(idx[order], np.arange(len(g) + 1))
    return [order[bounds[i]:bounds[i + 1]] for i in range(len(g))]
