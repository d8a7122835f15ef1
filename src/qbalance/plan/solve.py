"""The search: :func:`gap_plan` (least-cost, MILP with cuts, integer stage,
repair) and :func:`naive_plan` (greedy, for comparison).

Part of :mod:`qbalance.plan` (see there for the method).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence

import attrs
import numpy as np
from numpy.typing import NDArray
from scipy.optimize import milp

from qbalance._messages import Lines, Message, message, text as msg_text
from qbalance.errors import DataError, InfeasibleTargetError, QBalanceError
from qbalance.evaluate.resources import ResourceEvaluation, evaluate_resources
from qbalance.models import as_county, County, Segment, parse_segments
from qbalance.standard import as_standard, Standard, load_standard
from qbalance.plan.problem import (
    FIELD_NAMES,
    Float,
    UnitCosts,
    _INTEGER_FIELDS,
    _Problem,
    _caps,
    _problem,
    _round_all,
    _round_down,
    _round_repair,
)
from qbalance.plan.cones import _GAP, _OutOfTime, _OuterApproximation, _cv_reachable
from qbalance.plan.apply import GapPlan, _build, _items

__all__ = ["gap_plan", "naive_plan"]


_OA_GAP = 3e-4
#: Seconds allowed for one MILP solve of the outer approximation (past it, the
#: solver's best plan so far is used as the round's plan).
_MILP_SECONDS = 10.0
#: Rounding the integers the cones relaxed: the most fractional values the
#: repair greedy is tried on; the largest MILP (integers + free "met" binaries)
#: that chooses between the integers below and above, and its seconds.
_REPAIR_SIZE = 60
_INTEGER_STAGE_SIZE = 600
_INTEGER_STAGE_SECONDS = 2.0


@attrs.frozen(slots=True, kw_only=True)
class _Found:
    add: Float        # the additions, rounded as applied
    rounds: int       # solver calls
    cuts: int         # cutting planes
    bound: float      # lower bound of the least cost (of the relaxation solved)
    complete: bool    # the search finished (else: out of time or rounds)
    exact: float = math.nan  # cost of the cheapest plan before rounding
    raw: Float | None = None  # the additions of ``add`` before rounding, when known


def _solve(prob: _Problem, cost: Float, ub: Float, limits: Float, margin: float,
           cv_margin: float, max_iterations: int, deadline: float) -> _Found | None:
    """Least-cost additions with every CV within ``limits``; ``None`` if infeasible.

    Outer approximation, in three steps:

    1. The LP relaxation is solved and cut until the CVs hold: this lays most
       cuts cheaply and proves infeasibility when there is no plan at all.
    2. The MILP (per-school rule exact, integers integral except those in a
       cone) is solved with those cuts.  If its plan breaks a CV limit it is cut
       off, and the problem with the MILP's "met" pattern fixed is solved by the
       same loop: a feasible plan (an upper bound) and more cuts near the
       optimum.  Repeat until the MILP's plan meets the limits or its bound is
       within ``_OA_GAP`` of the best plan found.
    3. Integer additions inside a cone (teachers, classrooms whose CV binds)
       are relaxed in 2 and rounded up; :func:`_integer_stage` takes back what
       rounding up does not need.  Where rounding up breaks a CV limit (one
       more teacher at a tiny school overshoots), those integers are kept
       integral in 2 from then on.

    Every candidate is judged on its rounded additions, as they will be applied.
    Raises :class:`QBalanceError` when no plan was found (time, rounds).
    """
    oa = _OuterApproximation(prob, cost, ub, limits, margin, cv_margin, deadline)
    best: Float | None = None      # the cheapest plan, rounded as applied
    best_raw: Float | None = None  # ... and before rounding
    best_cost = math.inf
    best_rel: Float | None = None  # the cheapest plan before rounding (the MILP's
    rel_rounded: Float | None = None  # objective, to compare with its bound), rounded
    rel_cost = math.inf
    bound = 0.0
    complete = False

    def consider(add: Float) -> bool:
        nonlocal best, best_raw, best_cost, best_rel, rel_rounded, rel_cost
        r = _round_all(prob, add)
        bad = oa.cvs(r) > limits
        if bad.any():
            # rounding up pushed a CV over (a whole teacher at a small school
            # overshoots the mean): keep the integers rounded up above the mean
            # integral from now on
            mean = prob.cvs(prob.values(r))[0]
            up = oa.relaxed & (r > add + 1e-6)
            newly = np.zeros_like(up)
            for s_, j_ in np.argwhere(bad):
                rows = np.flatnonzero(prob.row_seg == s_)
                v = prob.var[rows, j_]
                high = prob.values(r)[rows, j_] > mean[s_, j_]
                newly[v[up[v] & high]] = True
                if not newly.any():
                    newly[v[up[v]]] = True
            if newly.any():
                oa.forced |= newly
            else:  # the continuous steps of rounding: aim a little lower there
                oa.eff = np.where(bad, oa.eff * (1 - 1e-4), oa.eff)
            oa.cut_at(r, np.argwhere(bad))
            return False
        if cost @ r < best_cost:
            best, best_raw, best_cost = r, add, float(cost @ r)
        if cost @ add < rel_cost:
            best_rel, rel_rounded, rel_cost = add, r, float(cost @ add)
        return True

    try:
        lp, _ = oa.loop(4 * max_iterations, binaries=False, integers="none")
        if lp is None:
            return None  # not even the relaxation has a plan
        # a first plan at once: the relaxation's "met" pattern rounded (the
        # min_met likeliest indicators of each school met), the rest by the LP loop
        y = lp[0][oa.nv:oa.nv + oa.nb].reshape(prob.v0.shape) + oa.met_now.reshape(
            prob.v0.shape)  # (already met first)
        top = np.argsort(-y, axis=1, kind="stable")[:, :prob.std.require_school_rule().min_met]
        pattern = np.zeros(prob.v0.shape)
        np.put_along_axis(pattern, top, 1.0, axis=1)
        pattern = np.maximum(pattern, oa.met_now.reshape(prob.v0.shape))
        first, ok = oa.loop(max_iterations, fix=pattern.ravel())
        if first is not None and ok:
            consider(first[1])
        for _ in range(max_iterations):
            left = deadline - time.monotonic()
            got = oa.solve(time_limit=min(_MILP_SECONDS, left / 2))
            if got is None:
                if best is None:
                    return None
                break
            x, add, lower = got
            bound = max(bound, lower)
            over = oa.over(add)
            if not over.any():
                if consider(add):
                    # least cost if the MILP was solved to optimality (not cut short)
                    complete = lower >= float(cost @ add) * (1 - 2 * _GAP)
                    break
                continue
            if rel_cost <= bound * (1 + _OA_GAP):
                complete = True  # (the bound is of the relaxed integers, like rel_cost)
                break
            oa.separate(x, add, over)
            fixed = np.rint(x[oa.nv:oa.nv + oa.nb])
            sub, ok = oa.loop(max_iterations, fix=fixed)
            if sub is not None and ok:
                consider(sub[1])
    except _OutOfTime:
        pass
    if best is None or best_rel is None or rel_rounded is None:
        raise QBalanceError(message(
            "plan.cutting_planes", rounds=oa.rounds,
            why=(message("plan.time_limit") if time.monotonic() >= deadline else
                 message("plan.rounds", n=max_iterations))))
    frac = oa.relaxed & (np.abs(best_rel - np.rint(best_rel)) > 1e-6)
    if frac.any():
        rounded = _integer_stage(oa, rel_rounded, best_rel, frac, margin, max_iterations)
        if cost @ rounded < best_cost:
            best, best_raw = rounded, None
    return _Found(add=best, rounds=oa.rounds, cuts=oa.n_cuts, bound=bound, complete=complete,
                  exact=float(cost @ np.maximum(best_rel, 0.0)), raw=best_raw)


def _integer_stage(oa: _OuterApproximation, rounded: Float, relaxed: Float,
                   frac: NDArray[np.bool_], margin: float, max_iterations: int) -> Float:
    """Make the best of rounding up the integer additions the cones relaxed.

    ``rounded`` (the plan ``relaxed`` with its fractional integers ``frac``
    rounded up) is feasible.  The greedy :func:`_round_down` takes back what it
    can; :func:`_round_repair` tries the other way round (small problems).  Then
    a MILP chooses for every fractional value the integer below or above it,
    these fields' "met" binaries free, the rest of the plan fixed, cut like the
    main loop, within a few seconds.  The cheapest feasible plan is returned.
    """
    prob, cost, limits = oa.prob, oa.cost, oa.limits
    cur = _round_down(prob, rounded, relaxed, frac, cost, limits, margin)
    if cost @ cur > cost @ rounded:
        cur = rounded
    if int(frac.sum()) <= _REPAIR_SIZE:
        other = _round_repair(prob, relaxed, frac, cost, limits, margin)
        if other is not None and cost @ other < cost @ cur:
            cur = other
    fields = {prob.var_field[int(v)] for v in np.flatnonzero(frac)}
    keys = [k for k in oa.cones if prob.std.indicators[k[1]].field in fields]
    cols = np.array([i.field in fields for i in prob.std.indicators])
    # the other fields' "met" binaries as they are, these fields' free
    pattern = (prob.values(cur) >= prob.thr * (1 + margin) * (1 - 1e-9)).astype(np.float64)
    pattern[:, cols] = np.nan
    if int(frac.sum()) + pattern.shape[0] * int(cols.sum()) > _INTEGER_STAGE_SIZE:
        return cur
    lo, hi = cur.copy(), cur.copy()
    lo[frac] = np.floor(relaxed[frac] + 1e-6)
    hi[frac] = np.maximum(np.ceil(relaxed[frac] - 1e-6), lo[frac])
    stop = time.monotonic() + _INTEGER_STAGE_SECONDS
    in_model = np.zeros(limits.shape, dtype=bool)
    for k in keys:
        in_model[k] = True
    try:
        for _ in range(max_iterations):
            got = oa.solve(integers="all", fix=pattern.ravel(), box=(lo, hi), cones=keys,
                           time_limit=stop - time.monotonic())
            if got is None:
                break
            x, add, lower = got
            if lower >= cost @ cur * (1 - 1e-9):
                break
            add = np.where(frac, np.rint(add), cur)
            over = oa.over(add)
            if not over.any():
                if cost @ add < cost @ cur:
                    cur = add
                break
            if (over & ~in_model).any():
                break
            oa.separate(x, add, over)
    except _OutOfTime:
        pass
    return cur


def _allocate(prob: _Problem, add: Float, cost: Float, limits: Float) -> Float:
    """Per-indicator CV targets meeting each segment's composite limit.

    The composite CV (mean of the indicator CVs) is not a convex constraint; its
    budget ``K x limit`` is shared out between the indicators so that the
    estimated cost is least: for each indicator, the cost of lowering its CV is
    traced by water-filling (raising the lowest schools to a level), and the
    budget is split where the marginal costs are equal (Lagrange multiplier found
    by bisection).  The exact per-indicator problem is then solved with these
    targets, so the composite holds by construction.
    """
    out = limits.copy()
    values = prob.values(add)
    _, _, cv = prob.cvs(values)
    for s in np.flatnonzero(np.isfinite(prob.composite_limit)):
        k = len(prob.codes)
        budget = k * float(prob.composite_limit[s])
        if cv[s].sum() <= budget:
            continue
        rows = np.flatnonzero(prob.row_seg == s)
        w = prob.pupils[rows]
        curves = []
        for j in range(k):
            v = values[rows, j]
            levels = np.linspace(v.min(), v.max(), 401)
            y = np.maximum(v[None, :], levels[:, None])
            units = (y - v[None, :]) / prob.coef[rows, j]
            if prob.var_field[int(prob.var[rows[0], j])] in _INTEGER_FIELDS:
                units = np.ceil(units - 1e-9)  # whole teachers / classrooms
                y = v[None, :] + units * prob.coef[rows, j]
            m = y @ w / w.sum()
            sd = np.sqrt(np.maximum(((y - m[:, None]) ** 2) @ w / w.sum(), 0.0))
            cvs = sd / m
            costs = units @ cost[prob.var[rows, j]]
            ok = cvs <= limits[s, j]
            curves.append((cvs[ok], costs[ok]))

        def pick(lam: float) -> Float:
            return np.array([c[np.argmin(q + lam * c)] for c, q in curves])

        lo, hi = 0.0, 1.0
        while pick(hi).sum() > budget and hi < 1e30:
            hi *= 10
        for _ in range(100):
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if pick(mid).sum() <= budget else (mid, hi)
        t = pick(hi)
        scale = min(1.0, budget / t.sum()) if t.sum() > 0 else 1.0
        out[s] = np.minimum(limits[s], np.maximum(t * scale, 1e-6))
    return out


# -- infeasibility -------------------------------------------------------------------

def _explain(prob: _Problem, ub: Float) -> tuple[Message, ...]:
    """Which constraint binds when the caps make the targets impossible."""
    out: list[Message] = []
    vmax = prob.v0 + prob.coef * ub[prob.var]
    reach = vmax >= prob.thr * (1 - 1e-12)
    floor_ok = vmax >= prob.floor * prob.thr * (1 - 1e-12)
    need = prob.std.require_school_rule().min_met
    for r in np.flatnonzero(~floor_ok.all(axis=1) | (reach.sum(axis=1) < need)):
        school = prob.schools[int(prob.row_school[r])]
        seg = prob.segments[int(prob.row_seg[r])]
        parts = []
        for jj in np.flatnonzero(~floor_ok[r]):
            j = int(jj)
            f = prob.std.indicators[j].field
            parts.append(message("plan.floor", code=prob.codes[j], reach=f"{vmax[r, j]:.4g}",
                                 cap=f"{ub[prob.var[r, j]]:g}", unit=FIELD_NAMES[f][2],
                                 field=f, floor=f"{prob.floor[j]:.0%}",
                                 thr=f"{prob.thr[r, j]:g}",
                                 need=f"{prob.floor[j] * prob.thr[r, j]:.4g}"))
        if reach[r].sum() < need:
            no = [c for c, ok in zip(prob.codes, reach[r], strict=True) if not ok]
            parts.append(message("plan.too_few", n=int(reach[r].sum()), total=len(prob.codes),
                                 codes=", ".join(no), need=need))
        out.append(message("plan.school_rule", id=school.id, name=school.name,
                           segment=seg.value, parts=tuple(parts)))
    if out:
        return tuple(out)
    # the CV limits, one indicator at a time (the convex problem alone)
    lo = np.zeros(prob.n_vars)
    for si, seg in enumerate(prob.segments):
        for j, code in enumerate(prob.codes):
            sel = np.zeros(prob.n_vars, dtype=bool)
            sel[prob.var[prob.row_seg == si, j]] = True
            verdict = _cv_reachable(prob, ub, sel, si, j)
            if verdict is False:
                _, _, cv_best = prob.cvs(prob.values(np.where(sel, ub, lo)))
                out.append(message("plan.cv_limit", segment=seg.value, code=code,
                                   limit=f"{prob.cv_limit[si, j]:.3g}",
                                   best=f"{cv_best[si, j]:.3f}"))
    if out:
        return tuple(out)
    if np.isfinite(prob.composite_limit).any():
        _, _, cv_max = prob.cvs(prob.values(ub))
        for sc in np.flatnonzero(np.isfinite(prob.composite_limit)):
            out.append(message("plan.composite", segment=prob.segments[int(sc)].value,
                               limit=f"{prob.composite_limit[sc]:.3g}",
                               best=f"{cv_max[sc].mean():.3f}"))
    return tuple(out) or (message("plan.not_together"),)


def _setup(county: County, costs: UnitCosts | Mapping[str, float],
           standard: Standard | str | None, segments: Sequence[Segment | str] | None
           ) -> tuple[Standard, tuple[Segment, ...], UnitCosts, ResourceEvaluation, _Problem]:
    as_county(county)
    std = as_standard(standard)
    std.require_2017_form("the planner")
    uc = costs if isinstance(costs, UnitCosts) else UnitCosts.from_dict(costs)
    segs = parse_segments(segments if segments is not None else county.segments)
    before = evaluate_resources(county, std, segments=segs)
    return std, segs, uc, before, _problem(county, std, before)


def _optimise(county: County, std: Standard, segs: tuple[Segment, ...], prob: _Problem,
              uc: UnitCosts, before: ResourceEvaluation, cost: Float, ub: Float,
              max_iterations: int, deadline: float) -> GapPlan:
    """The solver's plan, re-evaluated (it may fail re-evaluation: the caller checks).

    Raises :class:`InfeasibleTargetError` when the targets cannot be met within
    the caps, :class:`QBalanceError` when no plan was found.
    """
    margin, cv_margin = 1e-9, 1e-4
    plan: GapPlan | None = None
    for attempt in range(4):
        found = _solve(prob, cost, ub, prob.cv_limit, margin, cv_margin, max_iterations,
                       deadline)
        if found is None and attempt == 0:
            binding = _explain(prob, ub)
            raise InfeasibleTargetError(
                message("plan.infeasible", county=county.name, standard=std.id,
                        items=Lines(binding)),
                binding=tuple(str(b) for b in binding))
        if found is None:
            raise QBalanceError(message("plan.margins"))
        _, _, cv = prob.cvs(prob.values(found.add))
        if (np.nan_to_num(cv.mean(axis=1) - prob.composite_limit, nan=-1.0) > 0).any():
            # the composite limit: per-indicator targets that share its budget
            limits = _allocate(prob, found.add, cost, prob.cv_limit)
            found = _solve(prob, cost, ub, limits, margin, cv_margin, max_iterations,
                           deadline)
            if found is None:
                raise QBalanceError(message("plan.shared_out"))
        note = ""
        if not found.complete:
            total = float(cost @ found.add)
            note = msg_text("plan.note_stopped")
            if 0 < found.bound <= total:
                note += msg_text("plan.note_gap", gap=(total - found.bound) / total)
        plan = _build(county, std, segs, prob, found.add, uc, before, "milp", found.rounds,
                      found.cuts, note, min(found.exact, float(cost @ found.add)),
                      raw=found.raw)
        if plan.passed:
            return plan
        margin, cv_margin = margin * 100, cv_margin * 10  # solver tolerance: tighten, retry
    assert plan is not None
    return plan


def gap_plan(
    county: County,
    costs: UnitCosts | Mapping[str, float],
    standard: Standard | str | None = None,
    *,
    caps: Mapping[str, Mapping[str, float]] | None = None,
    segments: Sequence[Segment | str] | None = None,
    max_iterations: int = 50,
    time_limit: float | None = 30.0,
) -> GapPlan:
    """The least-cost additions per school that make the county pass.

    Every in-scope school is brought to the per-school rule (at least
    ``min_met`` indicators at their standard, every other one at its floor) and
    every indicator's CV — and the composite CV, when the standard limits it —
    within its limit, at the least total cost.  See the module documentation for
    the formulation.  The returned plan is re-evaluated with
    :func:`qbalance.evaluate_resources`, and it never costs more than
    :func:`naive_plan`: should the optimiser's plan cost more, fail
    re-evaluation or not be found in time, the greedy plan is returned instead
    (``method == "naive"``, the reason in :attr:`GapPlan.note`) — when it
    respects the caps.

    Parameters
    ----------
    county : County
        The county as it is.
    costs : UnitCosts or mapping
        Yuan per unit of each addition.
    standard : Standard or str, optional
        The rules or a county's targets (default national 2017).
    caps : mapping, optional
        ``{school_id: {field: largest addition}}``; ``"*"`` as school id caps
        every school; a teacher field may be prefixed by a segment
        (``"junior.pe_art_teachers"``).  Use 0 to forbid an addition (no land
        for a sports ground, say).
    segments : sequence of Segment, optional
        Segments to plan for (default: the county's).
    max_iterations : int
        Largest number of cutting-plane rounds of each solver loop.
    time_limit : float or None
        Seconds allowed for the whole search; past it, the best plan found so
        far is kept (and said so in :attr:`GapPlan.note`).

    Returns
    -------
    GapPlan

    Raises
    ------
    InfeasibleTargetError
        The caps make the targets impossible; :attr:`~InfeasibleTargetError.binding`
        says which school's rule or which CV limit cannot be met, and why.
    QBalanceError
        Neither the solver nor the greedy plan (which ignores caps) gave a plan
        that passes re-evaluation.

    Examples
    --------
    The bundled example county fails because two village primary schools fail
    the per-school rule; the cheapest fix is one backbone teacher at 青竹村小学 and
    sports area (or equipment) at 石门村小学:

    >>> from qbalance import example_county, gap_plan
    >>> costs = dict(teaching_area_m2=3000, sports_area_m2=400, equipment_value_yuan=1.0,
    ...              multimedia_classrooms=60_000, teachers_above_degree=150_000,
    ...              backbone_teachers=50_000, pe_art_teachers=150_000)
    >>> plan = gap_plan(example_county(), costs)
    >>> plan.before.passed, plan.after.passed, plan.method
    (False, True, 'milp')
    >>> sorted(plan.by_school())
    ['P08', 'P09']
    """
    std, segs, uc, before, prob = _setup(county, costs, standard, segments)
    ub = _caps(prob, caps)
    cost = np.array([uc.of(f) for f in prob.var_field])
    deadline = time.monotonic() + (math.inf if time_limit is None else float(time_limit))
    plan: GapPlan | None = None
    trouble: Message | None = None
    try:
        plan = _optimise(county, std, segs, prob, uc, before, cost, ub, max_iterations,
                         deadline)
    except InfeasibleTargetError:
        raise
    except QBalanceError as err:
        trouble = message("plan.optimiser_failed", text=err)
    greedy = _naive_additions(prob, before)
    greedy_ok = bool((greedy <= ub * (1 + 1e-9) + 1e-9).all())  # it ignores the caps
    if plan is not None and plan.passed:
        greedy_cost = float(sum(i.cost for i in _items(prob, greedy, uc)[0]))
        if not greedy_ok or plan.total_cost <= greedy_cost + 1e-6:
            return plan
        trouble = message("plan.costlier", plan=plan.total_cost, greedy=greedy_cost)
    elif plan is not None:
        trouble = message("plan.failed_check")
    if greedy_ok:
        naive = _build(county, std, segs, prob, _round_all(prob, greedy), uc, before, "naive",
                       1, 0, raw=greedy)
        if naive.passed:
            return attrs.evolve(naive, note=msg_text("plan.note_greedy", trouble=trouble or ""))
    if plan is not None and plan.passed:
        return plan
    raise QBalanceError(message("plan.no_plan", county=county.name, standard=std.id,
                                why=trouble or message("plan.greedy_failed")))


def _naive_additions(prob: _Problem, before: ResourceEvaluation) -> Float:
    """The additions of :func:`naive_plan`."""
    add = np.zeros(prob.n_vars)
    need = np.where(prob.v0 < prob.thr * (1 + 1e-9),
                    (prob.thr * (1 + 1e-9) - prob.v0) / prob.coef, 0.0)
    failing = np.array([not r.passed for seg in before.segments for r in seg.schools])
    need[~failing] = 0.0
    np.maximum.at(add, prob.var.ravel(), need.ravel())
    integer = np.array([f in _INTEGER_FIELDS for f in prob.var_field])
    add[integer] = np.ceil(add[integer] - 1e-9)
    for _ in range(50 * len(prob.pupils)):
        values = prob.values(add)
        mean, _, cv = prob.cvs(values)
        over = cv > prob.cv_limit * (1 - 1e-6)
        comp_over = np.nan_to_num(cv.mean(axis=1) - prob.composite_limit * (1 - 1e-6),
                                  nan=-1.0) > 0
        if not over.any() and not comp_over.any():
            break
        if over.any():
            s, j = (int(x) for x in np.argwhere(over)[0])
        else:
            s = int(np.flatnonzero(comp_over)[0])
            j = int(np.argmax(cv[s]))
        rows = np.flatnonzero(prob.row_seg == s)
        gap = mean[s, j] - values[rows, j]
        r = int(rows[np.argmax(gap)])
        v = prob.var[r, j]
        add[v] += max(gap.max(), 0.0) / prob.coef[r, j]
        if integer[v]:
            add[v] = math.ceil(add[v] - 1e-9)
    return add


def naive_plan(
    county: County,
    costs: UnitCosts | Mapping[str, float],
    standard: Standard | str | None = None,
    *,
    segments: Sequence[Segment | str] | None = None,
) -> GapPlan:
    """A simple greedy plan, as a county might draw it up by hand (no caps).

    Every failing school gets every indicator it does not meet raised to the
    full standard; then, while an indicator's CV (or the composite) exceeds its
    limit, the school furthest below the county mean on that indicator is
    raised to the mean.  It is the baseline :func:`gap_plan` is compared with:
    the least-cost plan is never dearer.

    Parameters
    ----------
    county : County
        The county as it is.
    costs : UnitCosts or mapping
        Yuan per unit of each addition.
    standard : Standard or str, optional
        The rules or a county's targets (default national 2017).
    segments : sequence of Segment, optional
        Segments to plan for (default: the county's).

    Returns
    -------
    GapPlan
        With ``method = "naive"``; re-evaluated like :func:`gap_plan`'s, so
        :attr:`GapPlan.passed` says whether the additions reach the targets.

    Examples
    --------
    >>> from qbalance import example_county, gap_plan
    >>> from qbalance.plan.solve import naive_plan
    >>> costs = dict(teaching_area_m2=3000, sports_area_m2=400, equipment_value_yuan=1.0,
    ...              multimedia_classrooms=60_000, teachers_above_degree=150_000,
    ...              backbone_teachers=50_000, pe_art_teachers=150_000)
    >>> naive = naive_plan(example_county(), costs)
    >>> best = gap_plan(example_county(), costs)
    >>> naive.after.passed, best.total_cost <= naive.total_cost
    (True, True)
    """
    std, segs, uc, before, prob = _setup(county, costs, standard, segments)
    greedy = _naive_additions(prob, before)
    return _build(county, std, segs, prob, _round_all(prob, greedy), uc, before,
                  "naive", 1, 0, raw=greedy)
