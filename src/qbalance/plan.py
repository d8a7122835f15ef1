"""Least-cost gap-closing plan: what to add to which school so the county passes.

Given unit costs (yuan per m² of teaching or sports area, per yuan of
equipment, per multimedia classroom, per teacher of each kind) and optional
per-school caps, :func:`gap_plan` finds the cheapest additions such that

* every in-scope school satisfies the per-school rule (至少6项达标、其余不低于85%,
  教督〔2017〕6号 article 6), and
* every indicator's inter-school CV (校际差异系数) is within its limit, and the
  composite CV (综合差异系数) within the standard's composite limit when it sets one
  (a county's stricter target).

Formulation
-----------
Decision variables are additions to each school's whole-school stocks (floor
areas, equipment, multimedia classrooms — split between the segments of a
combined school by the standard's weights, so one addition counts in both) and
to each segment's teachers.  Teachers and classrooms are integers.  For school
*i*, indicator *j* with standard :math:`T_j` and floor fraction :math:`F_j`
(0.85), a binary :math:`y_{ij}` says "met":

.. math::

    v_{ij}(\\Delta) \\ge F_j T_j + (1 - F_j) T_j\\, y_{ij}, \\qquad
    \\sum_j y_{ij} \\ge m ,

which is exact for the "6 of 7, rest ≥ 85 %" rule (a mixed-integer linear
program, solved with :func:`scipy.optimize.milp`).  The CV constraint
:math:`S_j \\le L_j \\bar{x}_j` is a second-order cone in the additions
(:math:`S_j` is a weighted Euclidean norm of the deviations, :math:`\\bar{x}_j` is
linear), hence convex; it is handled exactly by Kelley's cutting planes: solve,
recompute every CV, add the supporting hyperplane of each violated cone at the
solution, repeat.  Each cut is valid for the convex set, so the final plan is
optimal for the rules and feasible for the limits.  The composite limit (mean of
the CVs) is not convex in general; it is handled by the same cuts on its
linearisation, which keeps the result feasible (verified) but not provably
least-cost.

Whatever the solver reports, the plan is applied to a copy of the county and
**re-evaluated with** :func:`qbalance.evaluate_resources`; the CVs and verdicts
shown are those of the re-evaluation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray
from pydantic import Field
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from qbalance import _stats
from qbalance._text import fmt, table
from qbalance._validation import QModel
from qbalance.errors import DataError, InfeasibleTargetError, QBalanceError
from qbalance.models import County, School, Segment
from qbalance.resources import ResourceEvaluation, evaluate_resources
from qbalance.standard import SEGMENT_FIELDS, Standard, load_standard

__all__ = [
    "FIELD_NAMES",
    "GapPlan",
    "PlanItem",
    "UnitCosts",
    "apply_additions",
    "gap_plan",
    "naive_plan",
]

Float = NDArray[np.float64]
Int = NDArray[np.intp]

#: Chinese and English name and unit of each field a plan can add to.
FIELD_NAMES: dict[str, tuple[str, str, str]] = {
    "teachers_above_degree": ("高于规定学历教师", "teachers above the required degree", "人"),
    "backbone_teachers": ("县级及以上骨干教师", "backbone teachers", "人"),
    "pe_art_teachers": ("体育、艺术专任教师", "PE and art teachers", "人"),
    "teaching_area_m2": ("教学及辅助用房", "teaching and auxiliary area", "m²"),
    "sports_area_m2": ("体育运动场馆", "sports ground and hall area", "m²"),
    "equipment_value_yuan": ("教学仪器设备", "teaching equipment", "元"),
    "multimedia_classrooms": ("网络多媒体教室", "networked multimedia classrooms", "间"),
}
_INTEGER_FIELDS = frozenset({"teachers_above_degree", "backbone_teachers", "pe_art_teachers",
                             "multimedia_classrooms"})
#: Rounding step of continuous additions in the applied plan (always rounded up).
_STEP = {"teaching_area_m2": 0.01, "sports_area_m2": 0.01, "equipment_value_yuan": 1.0}


class UnitCosts(QModel):
    """What one unit of each addition costs, in yuan.

    Field names are those of the school data: ``teaching_area_m2`` is yuan per m²
    of teaching and auxiliary floor area, ``equipment_value_yuan`` yuan per yuan
    of equipment value (1.0 unless procurement overheads are counted), a teacher
    field is the (e.g. yearly or five-year) cost of one more such teacher.

    >>> from qbalance import UnitCosts
    >>> UnitCosts(teaching_area_m2=3000, sports_area_m2=400, multimedia_classroom=1,
    ...           teachers_above_degree=1, backbone_teachers=1, pe_art_teachers=1,
    ...           multimedia_classrooms=60000)
    Traceback (most recent call last):
    ...
    qbalance.errors.DataValidationError: 1 problem(s) in UnitCosts:
      - UnitCosts: field 'multimedia_classroom' = 1: Extra inputs are not permitted
    """

    teaching_area_m2: float = Field(gt=0, description="Yuan per m² of teaching area.")
    sports_area_m2: float = Field(gt=0, description="Yuan per m² of sports area.")
    equipment_value_yuan: float = Field(default=1.0, gt=0,
                                        description="Yuan per yuan of equipment value.")
    multimedia_classrooms: float = Field(gt=0, description="Yuan per multimedia classroom.")
    teachers_above_degree: float = Field(
        gt=0, description="Yuan per teacher with an above-required degree.")
    backbone_teachers: float = Field(gt=0, description="Yuan per backbone teacher.")
    pe_art_teachers: float = Field(gt=0, description="Yuan per PE or art teacher.")

    def of(self, field: str) -> float:
        """Unit cost of ``field``."""
        return float(getattr(self, field))


@attrs.frozen(slots=True)
class PlanItem:
    """One addition of a plan.

    Attributes
    ----------
    school_id, name : str
        The school.
    segment : Segment or None
        The segment, for teachers (counted per segment); ``None`` for a
        whole-school stock (split between a combined school's segments).
    field : str
        The school-data field added to.
    amount : float
        How much is added (m², yuan, classrooms or teachers).
    unit_cost, cost : float
        Yuan per unit, and ``amount * unit_cost``.
    """

    school_id: str
    name: str
    segment: Segment | None
    field: str
    amount: float
    unit_cost: float
    cost: float


@attrs.frozen(slots=True, eq=False)
class GapPlan:
    """Result of :func:`gap_plan` (or :func:`naive_plan`): additions and their effect.

    The evaluation :attr:`after` is recomputed by :func:`qbalance.evaluate_resources`
    on :attr:`county_after`, never taken from the solver.

    Attributes
    ----------
    county, standard_id : str
        What was planned for, under which rules.
    method : str
        ``"milp"`` (least cost) or ``"naive"``.
    items : tuple of PlanItem
        The additions (non-zero only), by school.
    total_cost : float
        Sum of the items' costs, yuan.
    before, after : ResourceEvaluation
        The evaluation of the county as it is and with the additions.
    county_after : County
        The county with the additions applied.
    iterations : int
        Solver rounds (1 + rounds that added CV cuts).
    cuts : int
        CV cutting planes added.
    """

    county: str
    standard_id: str
    method: str
    items: tuple[PlanItem, ...]
    total_cost: float
    before: ResourceEvaluation
    after: ResourceEvaluation
    county_after: County
    iterations: int = 1
    cuts: int = 0

    @property
    def passed(self) -> bool:
        """The county passes the resource evaluation with the additions."""
        return self.after.passed

    def by_school(self) -> dict[str, dict[str, float]]:
        """``{school_id: {field (prefixed by segment for teachers): amount}}``."""
        out: dict[str, dict[str, float]] = {}
        for it in self.items:
            key = it.field if it.segment is None else f"{it.segment.value}.{it.field}"
            out.setdefault(it.school_id, {})[key] = it.amount
        return out

    def summary(self, lang: str = "zh") -> str:
        """The plan per school and the CVs before and after, as text."""
        zh = lang == "zh"
        head = (f"补短板方案 — {self.county}，标准 {self.standard_id}" if zh else
                f"Gap-closing plan — {self.county}, standard {self.standard_id}")
        lines = [head]
        rows = []
        for it in self.items:
            fz, fe, unit = FIELD_NAMES[it.field]
            seg = "" if it.segment is None else (it.segment.zh if zh else it.segment.value)
            amt = f"{it.amount:,.0f}" if it.field in _INTEGER_FIELDS or it.amount >= 100 else (
                f"{it.amount:,.2f}")
            rows.append([f"{it.name} ({it.school_id})", seg, fz if zh else fe,
                         f"{amt} {unit}", f"{it.cost:,.0f}"])
        if rows:
            hdr = (["学校", "学段", "增加项目", "数量", "费用（元）"] if zh else
                   ["school", "segment", "addition", "amount", "cost (yuan)"])
            lines.append(table(hdr, rows, right=[False, False, False, True, True]))
        else:
            lines.append("无需增加。" if zh else "Nothing to add.")
        lines.append(f"{'合计' if zh else 'Total'}: {self.total_cost:,.0f} "
                     f"{'元' if zh else 'yuan'}")
        for b, a in zip(self.before.segments, self.after.segments, strict=True):
            name = b.segment.zh if zh else b.segment.en
            crow = [[i.code, fmt(i.cv), fmt(j.cv), fmt(j.cv_limit, 2), "✓" if j.passed else "✗"]
                    for i, j in zip(b.indicators, a.indicators, strict=True)]
            crow.append(["综合" if zh else "composite", fmt(b.composite_cv), fmt(a.composite_cv),
                         fmt(a.composite_cv_limit, 2),
                         "✓" if a.cv_passed else "✗"])
            lines.append("")
            lines.append(f"{name}: {'未达标学校' if zh else 'failing schools'} "
                         f"{len(b.failing_schools)} → {len(a.failing_schools)}")
            hdr = (["指标", "差异系数（前）", "差异系数（后）", "限值", ""] if zh else
                   ["code", "CV before", "CV after", "limit", ""])
            lines.append(table(hdr, crow, right=[False, True, True, True, False]))
        verdict = (("达标" if self.passed else "未达标") if zh else
                   ("MET" if self.passed else "NOT MET"))
        lines.append("")
        lines.append(f"{'重新评估结论' if zh else 'Re-evaluated verdict'}: {verdict}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary("zh")

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the items, the total and the re-evaluated verdict and CVs."""
        return {
            "county": self.county, "standard_id": self.standard_id, "method": self.method,
            "total_cost": self.total_cost, "passed": self.passed,
            "iterations": self.iterations, "cuts": self.cuts,
            "items": [{"school_id": i.school_id, "name": i.name,
                       "segment": None if i.segment is None else i.segment.value,
                       "field": i.field, "amount": i.amount, "unit_cost": i.unit_cost,
                       "cost": i.cost} for i in self.items],
            "after": self.after.to_dict(),
        }


# -- the problem in arrays ------------------------------------------------------------

@attrs.frozen(slots=True, eq=False)
class _Problem:
    """The evaluation's rows (one per school and segment) as arrays."""

    std: Standard
    segments: tuple[Segment, ...]
    schools: tuple[School, ...]          # in-scope schools with a row, index u
    fields: tuple[str, ...]              # distinct indicator sources
    codes: tuple[str, ...]
    row_seg: Int                         # (R,) segment index
    row_school: Int                      # (R,) school index u
    pupils: Float                        # (R,)
    v0: Float                            # (R, K) values now
    coef: Float                          # (R, K) value per unit added
    var: Int                             # (R, K) variable driving the value
    thr: Float                           # (R, K)
    floor: Float                         # (K,)
    cv_limit: Float                      # (S, K)
    composite_limit: Float               # (S,) nan where none
    var_school: Int                      # (V,) school index of each variable
    var_field: tuple[str, ...]           # (V,)
    var_seg: tuple[Segment | None, ...]  # (V,)

    @property
    def n_vars(self) -> int:
        return len(self.var_field)

    def values(self, add: Float) -> Float:
        return np.asarray(self.v0 + self.coef * add[self.var], dtype=np.float64)

    def cvs(self, values: Float) -> tuple[Float, Float, Float]:
        """Mean, std and CV per (segment, indicator)."""
        _, mean, std = _stats.grouped_moments(values, self.pupils, self.row_seg,
                                              len(self.segments))
        return mean, std, std / mean


def _problem(county: County, std: Standard, ev: ResourceEvaluation) -> _Problem:
    specs = std.indicators
    codes = tuple(s.code for s in specs)
    fields = tuple(dict.fromkeys(s.source for s in specs))
    per = np.array([float(s.per_pupils) for s in specs])
    seg_level = np.array([s.segment_level for s in specs])
    by_id = {s.id: s for s in county.schools}
    school_index: dict[str, int] = {}
    rows_seg, rows_u, pupils, shares, v0 = [], [], [], [], []
    for k, seg in enumerate(ev.segments):
        for r in seg.schools:
            rows_seg.append(k)
            rows_u.append(school_index.setdefault(r.school_id, len(school_index)))
            pupils.append(r.pupils)
            shares.append(r.share)
            v0.append(r.values)
    schools = tuple(by_id[i] for i in school_index)
    row_seg = np.array(rows_seg, dtype=np.intp)
    row_u = np.array(rows_u, dtype=np.intp)
    p = np.array(pupils, dtype=np.float64)
    sh = np.array(shares, dtype=np.float64)
    coef = np.where(seg_level, 1.0, sh[:, None]) * per / p[:, None]
    # variables: one per (school, stock field) and per (school, segment, teacher field)
    stock_fields = [f for f in fields if f not in SEGMENT_FIELDS]
    teach_fields = [f for f in fields if f in SEGMENT_FIELDS]
    var_school: list[int] = []
    var_field: list[str] = []
    var_seg: list[Segment | None] = []
    stock_var: dict[tuple[int, str], int] = {}
    for u in range(len(schools)):
        for f in stock_fields:
            stock_var[(u, f)] = len(var_field)
            var_school.append(u)
            var_field.append(f)
            var_seg.append(None)
    n_rows = len(rows_seg)
    var = np.zeros((n_rows, len(specs)), dtype=np.intp)
    teach_var: dict[tuple[int, str], int] = {}
    for ri in range(n_rows):
        for f in teach_fields:
            teach_var[(ri, f)] = len(var_field)
            var_school.append(int(row_u[ri]))
            var_field.append(f)
            var_seg.append(ev.segments[int(row_seg[ri])].segment)
        for j, spec in enumerate(specs):
            var[ri, j] = (teach_var[(ri, spec.source)] if spec.segment_level
                          else stock_var[(int(row_u[ri]), spec.source)])
    segs = tuple(s.segment for s in ev.segments)
    thr = np.array([[i.threshold for i in seg.indicators] for seg in ev.segments])[row_seg]
    lim = np.array([[i.cv_limit for i in seg.indicators] for seg in ev.segments])
    comp = np.array([np.nan if s.composite_cv_limit is None else s.composite_cv_limit
                     for s in ev.segments])
    return _Problem(
        std=std, segments=segs, schools=schools, fields=fields, codes=codes, row_seg=row_seg,
        row_school=row_u, pupils=p, v0=np.array(v0, dtype=np.float64), coef=coef, var=var,
        thr=thr, floor=np.array([s.floor_fraction for s in specs]), cv_limit=lim,
        composite_limit=comp, var_school=np.array(var_school, dtype=np.intp),
        var_field=tuple(var_field), var_seg=tuple(var_seg))


def _caps(prob: _Problem, caps: Mapping[str, Mapping[str, float]] | None) -> Float:
    """Upper bound of every variable (inf where uncapped); validates the cap table."""
    ub = np.full(prob.n_vars, np.inf)
    if not caps:
        return ub
    ids = {s.id: u for u, s in enumerate(prob.schools)}
    for sid, table_ in caps.items():
        if sid != "*" and sid not in ids:
            raise DataError(f"caps: school {sid!r} is not an in-scope school of the county",
                            school=sid, field="caps")
        for key, cap in table_.items():
            seg_name, _, field = key.rpartition(".")
            if field not in FIELD_NAMES:
                raise DataError(f"caps[{sid!r}]: unknown field {field!r}; one of "
                                f"{sorted(FIELD_NAMES)}", school=sid, field=key)
            if seg_name and (seg_name not in {s.value for s in Segment}
                             or field not in SEGMENT_FIELDS):
                raise DataError(f"caps[{sid!r}]: {key!r}: a segment prefix is only for "
                                "teacher fields (e.g. 'junior.backbone_teachers')",
                                school=sid, field=key)
            if not (isinstance(cap, (int, float)) and cap >= 0 and not math.isnan(cap)):
                raise DataError(f"caps[{sid!r}][{key!r}] = {cap!r}: a cap is a number >= 0",
                                school=sid, field=key, value=cap)
            sel = np.array([f == field and (not seg_name or (g is not None and g.value == seg_name))
                            for f, g in zip(prob.var_field, prob.var_seg, strict=True)])
            if sid != "*":
                sel &= prob.var_school == ids[sid]
                ub[sel] = cap
            else:
                ub[sel] = np.minimum(ub[sel], cap)
    return ub


# -- cuts --------------------------------------------------------------------------

def _cone_cut(prob: _Problem, values: Float, add: Float, s: int, j: int,
              limit: float) -> tuple[Float, float]:
    """Supporting hyperplane ``a @ add <= b`` of ``std <= limit * mean`` at ``add``."""
    rows = prob.row_seg == s
    w = prob.pupils[rows]
    v = values[rows, j]
    tot = w.sum()
    mean = float(w @ v) / tot
    sd = math.sqrt(max(float(w @ (v - mean) ** 2) / tot, 0.0))
    dg_dv = (w / tot) * ((v - mean) / sd - limit)
    a = np.zeros(prob.n_vars)
    np.add.at(a, prob.var[rows, j], dg_dv * prob.coef[rows, j])
    g = sd - limit * mean
    return a, float(a @ add - g)


def _interior(prob: _Problem, add: Float, s: int, cols: tuple[int, ...],
              target: float) -> Float:
    """A point near ``add`` where the CVs of segment ``s`` on ``cols`` are at most
    ``target`` (strictly inside the limit): water-filling, i.e. every school below
    a level is raised to it, the level found by bisection."""
    out = add.copy()
    rows = np.flatnonzero(prob.row_seg == s)
    w = prob.pupils[rows]
    values = prob.values(add)
    for j in cols:
        v = values[rows, j]

        def cv_at(q: float, v: Float = v) -> float:
            y = np.maximum(v, q)
            m = float(w @ y) / float(w.sum())
            return math.sqrt(max(float(w @ (y - m) ** 2) / float(w.sum()), 0.0)) / m

        if cv_at(float(v.min())) <= target:
            continue
        lo, hi = float(v.min()), float(v.max())
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if cv_at(mid) <= target else (mid, hi)
        need = (np.maximum(v, hi) - v) / prob.coef[rows, j]
        idx = prob.var[rows, j]
        np.maximum.at(out, idx, add[idx] + need)
    return out


def _boundary(outside: Float, inside: Float, g: Any) -> Float:
    """The point between ``inside`` (g < 0) and ``outside`` (g > 0) where g = 0.

    Bisection; the supporting hyperplane there (Veinott's method) cuts far more
    than Kelley's cut at the outside point.
    """
    lo, hi = 0.0, 1.0  # fraction of the way from inside to outside
    for _ in range(50):
        mid = (lo + hi) / 2
        if g(inside + mid * (outside - inside)) > 0:
            hi = mid
        else:
            lo = mid
    return np.asarray(inside + lo * (outside - inside), dtype=np.float64)


# -- solving -------------------------------------------------------------------------

def _base_constraints(prob: _Problem, margin: float) -> tuple[sparse.csr_array, Float, Float]:
    n_rows, k = prob.v0.shape
    nv = prob.n_vars
    nb = n_rows * k
    thr = prob.thr * (1 + margin)
    f = prob.floor[None, :]
    # c * add[var] - (1-F) T y >= F T - v0
    r_idx = np.arange(nb)
    a1 = sparse.coo_array(
        (np.concatenate([prob.coef.ravel(), -((1 - f) * thr).ravel()]),
         (np.concatenate([r_idx, r_idx]), np.concatenate([prob.var.ravel(), nv + r_idx]))),
        shape=(nb, nv + nb))
    lb1 = (f * thr - prob.v0).ravel()
    # sum_j y >= min_met
    a2 = sparse.coo_array(
        (np.ones(nb), (np.repeat(np.arange(n_rows), k), nv + r_idx)), shape=(n_rows, nv + nb))
    lb2 = np.full(n_rows, float(prob.std.school_rule.min_met))
    a = sparse.vstack([a1, a2]).tocsr()
    return a, np.concatenate([lb1, lb2]), np.full(nb + n_rows, np.inf)


def _solve(prob: _Problem, cost: Float, ub: Float, limits: Float, margin: float,
           cv_margin: float, max_iterations: int, time_limit: float | None
           ) -> tuple[Float, int, int] | None:
    """Cutting-plane loop for ``CV <= limits``; the additions, or ``None`` if infeasible.

    Phase 1 runs the loop on the LP relaxation (fast), phase 2 on the MILP starting
    from phase 1's cuts.  Each cut is the supporting hyperplane of a violated cone
    at the boundary point between the solution and a water-filled interior point.

    Integer fields (teachers, classrooms) stay integer in the MILP unless a CV cut
    involves them: branching on integer additions against a cone is intractable,
    so such fields are relaxed, rounded up at the end, and the limit is tightened
    and the loop resumed if the rounding pushed a CV over it.
    """
    n_rows, k = prob.v0.shape
    nv, nb = prob.n_vars, n_rows * k
    a_base, lb_base, ub_base = _base_constraints(prob, margin)
    c = np.concatenate([cost, np.zeros(nb)])
    int_var = np.array([f in _INTEGER_FIELDS for f in prob.var_field])
    # an indicator already at its standard is met whatever is added: fixing its
    # "met" binary to 1 loses nothing and leaves branching to the schools that matter
    met_now = (prob.v0 >= prob.thr * (1 + margin)).ravel().astype(np.float64)
    bounds = Bounds(np.concatenate([np.zeros(nv), met_now]), np.concatenate([ub, np.ones(nb)]))
    cut_rows: list[Float] = []
    cut_ub: list[float] = []
    cut_fields: set[str] = set()
    options: dict[str, Any] = {"mip_rel_gap": 1e-6, "disp": False}
    if time_limit is not None:
        options["time_limit"] = time_limit
    eff = limits * (1 - cv_margin)
    rounds = 0
    for phase in ("lp", "milp"):
        for _ in range(max_iterations if phase == "milp" else 4 * max_iterations):
            rounds += 1
            relaxed = int_var & np.array([f in cut_fields for f in prob.var_field])
            if phase == "lp":
                integrality = np.zeros(nv + nb)
            else:
                integrality = np.concatenate([int_var & ~relaxed, np.ones(nb)]).astype(float)
            cons = [LinearConstraint(a_base, lb_base, ub_base)]
            if cut_rows:
                a_cut = sparse.csr_array(np.hstack([np.array(cut_rows),
                                                    np.zeros((len(cut_rows), nb))]))
                cons.append(LinearConstraint(a_cut, -np.inf, np.array(cut_ub)))
            res = milp(c, constraints=cons, integrality=integrality, bounds=bounds,
                       options=options)
            if res.status == 2:
                return None
            if res.x is None:
                raise QBalanceError(f"the MILP solver stopped without a plan: {res.message}")
            add = np.maximum(np.asarray(res.x[:nv], dtype=np.float64), 0.0)
            if phase == "milp":
                add[int_var & ~relaxed] = np.rint(add[int_var & ~relaxed])
            _, _, cv = prob.cvs(prob.values(add))
            over = np.argwhere(cv > limits)
            for s_, j_ in over:
                s, j, lim = int(s_), int(j_), float(eff[s_, j_])
                xb = _boundary(add, _interior(prob, add, s, (j,), 0.9 * lim),
                               lambda x, s=s, j=j, lim=lim:
                               float(prob.cvs(prob.values(x))[2][s, j]) - lim)
                a, b = _cone_cut(prob, prob.values(xb), xb, s, j, lim)
                cut_rows.append(a)
                cut_ub.append(b)
                cut_fields.add(prob.std.indicators[j].source)
            if len(over):
                continue
            if phase == "lp":
                break
            if not relaxed.any():
                return add, rounds, len(cut_rows)
            rounded = add.copy()
            rounded[relaxed] = np.ceil(add[relaxed] - 1e-7)
            _, _, cv_r = prob.cvs(prob.values(rounded))
            bad = cv_r > limits
            if not bad.any():
                # one try at the true integer problem with every cut, briefly: keep it
                # if it is feasible and cheaper than rounding up
                full = np.concatenate([int_var, np.ones(nb)]).astype(float)
                opts = dict(options, time_limit=min(10.0, time_limit or 10.0))
                res = milp(c, constraints=cons, integrality=full, bounds=bounds, options=opts)
                if res.x is not None:
                    alt = np.maximum(np.asarray(res.x[:nv], dtype=np.float64), 0.0)
                    alt[int_var] = np.rint(alt[int_var])
                    if ((prob.cvs(prob.values(alt))[2] <= limits).all()
                            and cost @ alt < cost @ rounded):
                        return alt, rounds + 1, len(cut_rows)
                return rounded, rounds, len(cut_rows)
            # rounding up pushed some CV over: aim lower there and go on
            eff = np.where(bad, eff * np.minimum(1.0, limits / cv_r) * (1 - 1e-3), eff)
            for s_, j_ in np.argwhere(bad):
                s, j, lim = int(s_), int(j_), float(eff[s_, j_])
                xb = _boundary(add, _interior(prob, add, s, (j,), 0.9 * lim),
                               lambda x, s=s, j=j, lim=lim:
                               float(prob.cvs(prob.values(x))[2][s, j]) - lim)
                a, b = _cone_cut(prob, prob.values(xb), xb, s, j, lim)
                cut_rows.append(a)
                cut_ub.append(b)
    raise QBalanceError(f"the CV cutting planes did not converge in {max_iterations} rounds; "
                        "raise max_iterations or check the targets")


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

def _explain(prob: _Problem, ub: Float) -> tuple[str, ...]:
    """Which constraint binds when the caps make the targets impossible."""
    out: list[str] = []
    vmax = prob.v0 + prob.coef * ub[prob.var]
    reach = vmax >= prob.thr * (1 - 1e-12)
    floor_ok = vmax >= prob.floor * prob.thr * (1 - 1e-12)
    need = prob.std.school_rule.min_met
    for r in np.flatnonzero(~floor_ok.all(axis=1) | (reach.sum(axis=1) < need)):
        school = prob.schools[int(prob.row_school[r])]
        seg = prob.segments[int(prob.row_seg[r])]
        parts = []
        for jj in np.flatnonzero(~floor_ok[r]):
            j = int(jj)
            f = prob.std.indicators[j].source
            parts.append(f"{prob.codes[j]} reaches at most {vmax[r, j]:.4g} with the cap of "
                         f"{ub[prob.var[r, j]]:g} {FIELD_NAMES[f][2]} on {f}, below the floor "
                         f"{prob.floor[j]:.0%} x {prob.thr[r, j]:g} = "
                         f"{prob.floor[j] * prob.thr[r, j]:.4g}")
        if reach[r].sum() < need:
            no = [c for c, ok in zip(prob.codes, reach[r], strict=True) if not ok]
            parts.append(f"only {int(reach[r].sum())} of {len(prob.codes)} indicators can reach "
                         f"the standard within the caps ({', '.join(no)} cannot), "
                         f"{need} are required")
        out.append(f"per-school rule, {school.id} ({school.name}), {seg.value}: "
                   + "; ".join(parts))
    if out:
        return tuple(out)
    # the CV limits, one indicator at a time (continuous relaxation, Kelley's cuts)
    lo = np.zeros(prob.n_vars)
    for si, seg in enumerate(prob.segments):
        for j, code in enumerate(prob.codes):
            sel = np.zeros(prob.n_vars, dtype=bool)
            sel[prob.var[prob.row_seg == si, j]] = True
            verdict = _cv_reachable(prob, ub, sel, si, j)
            if verdict is False:
                _, _, cv_best = prob.cvs(prob.values(np.where(sel, ub, lo)))
                out.append(f"CV limit, {seg.value} {code}: cannot reach <= "
                           f"{prob.cv_limit[si, j]:.3g} within the caps (with every school at "
                           f"its cap it is {cv_best[si, j]:.3f})")
    if out:
        return tuple(out)
    if np.isfinite(prob.composite_limit).any():
        _, _, cv_max = prob.cvs(prob.values(ub))
        for sc in np.flatnonzero(np.isfinite(prob.composite_limit)):
            out.append(f"composite CV limit, {prob.segments[int(sc)].value}: <= "
                       f"{prob.composite_limit[sc]:.3g} together with the per-school rule "
                       f"(at every cap the composite is {cv_max[sc].mean():.3f})")
    return tuple(out) or ("the per-school rule and the CV limits can each be met within the "
                          "caps but not together (integer teachers / classrooms, or the "
                          "combined schools' shared stocks)",)


def _cv_reachable(prob: _Problem, ub: Float, sel: NDArray[np.bool_], s: int,
                  j: int) -> bool | None:
    """Can CV (s, j) reach its limit moving only the ``sel`` variables within ``ub``?"""
    idx = np.flatnonzero(sel)
    lim = float(prob.cv_limit[s, j])
    cuts: list[Float] = []
    rhs: list[float] = []
    add = np.zeros(prob.n_vars)
    cost = np.ones(len(idx))
    for _ in range(60):
        if cuts:
            res = milp(cost, constraints=[LinearConstraint(np.array(cuts)[:, idx], -np.inf,
                                                           np.array(rhs))],
                       bounds=Bounds(np.zeros(len(idx)), ub[idx]), options={"disp": False})
            if res.status == 2:
                return False
            if res.x is None:
                return None
            add = np.zeros(prob.n_vars)
            add[idx] = res.x
        values = prob.values(add)
        _, _, cv = prob.cvs(values)
        if cv[s, j] <= lim:
            return True
        a, b = _cone_cut(prob, values, add, s, j, lim)
        cuts.append(a)
        rhs.append(b)
    return None


# -- applying ------------------------------------------------------------------------

def apply_additions(county: County, additions: Mapping[str, Mapping[str, float]]) -> County:
    """A copy of ``county`` with resources added to schools.

    Parameters
    ----------
    county : County
        The county.
    additions : mapping
        ``{school_id: {field: amount}}``; a teacher field is prefixed by its
        segment (``"junior.backbone_teachers"``), a whole-school stock is not
        (``"sports_area_m2"``).  Amounts are ≥ 0; integer fields take integers.

    Returns
    -------
    County
        Validated like any county (a bad amount raises
        :class:`qbalance.DataValidationError` naming the school and field).

    Raises
    ------
    DataError
        Unknown school or field.

    Examples
    --------
    >>> from qbalance import apply_additions, example_county
    >>> c = apply_additions(example_county(), {"P09": {"primary.backbone_teachers": 1}})
    >>> c.school("P09").primary.backbone_teachers - example_county().school("P09").primary.backbone_teachers
    1
    """
    data = county.model_dump(mode="json")
    by_id = {s["id"]: s for s in data["schools"]}
    for sid, fields in additions.items():
        if sid not in by_id:
            raise DataError(f"additions: no school {sid!r} in county {county.name}",
                            school=sid, field="additions")
        school = by_id[sid]
        for key, amount in fields.items():
            seg_name, _, field = key.rpartition(".")
            if field not in FIELD_NAMES:
                raise DataError(f"additions[{sid!r}]: unknown field {field!r}", school=sid,
                                field=key)
            if field in SEGMENT_FIELDS:
                if not seg_name:
                    raise DataError(f"additions[{sid!r}]: teacher field {field!r} needs its "
                                    "segment, e.g. 'primary.' + field", school=sid, field=key)
                block = school.get(seg_name)
                if not isinstance(block, dict):
                    raise DataError(f"additions[{sid!r}]: the school has no {seg_name} "
                                    "segment", school=sid, field=key)
                block[field] = block[field] + amount
            else:
                if seg_name:
                    raise DataError(f"additions[{sid!r}]: {field!r} is a whole-school stock; "
                                    "give it without a segment", school=sid, field=key)
                school[field] = school[field] + amount
    return County.from_dict(data, source=f"{county.name} with additions")


def _round_up(field: str, amount: float) -> float:
    if field in _INTEGER_FIELDS:
        return float(np.rint(amount))
    step = _STEP.get(field, 0.01)
    return math.ceil(amount / step - 1e-9) * step


def _build(county: County, std: Standard, segments: Sequence[Segment], prob: _Problem,
           add: Float, costs: UnitCosts, before: ResourceEvaluation, method: str,
           iterations: int, cuts: int) -> GapPlan:
    items: list[PlanItem] = []
    additions: dict[str, dict[str, float]] = {}
    for v in np.flatnonzero(add > 1e-7):
        f = prob.var_field[v]
        amount = _round_up(f, float(add[v]))
        if amount <= 0:
            continue
        amount = int(amount) if f in _INTEGER_FIELDS else round(amount, 2)
        school = prob.schools[int(prob.var_school[v])]
        seg = prob.var_seg[v]
        key = f if seg is None else f"{seg.value}.{f}"
        additions.setdefault(school.id, {})[key] = amount
        unit = costs.of(f)
        items.append(PlanItem(school.id, school.name, seg, f, float(amount), unit,
                              float(amount) * unit))
    after_county = apply_additions(county, additions)
    after = evaluate_resources(after_county, std, segments=segments)
    return GapPlan(county=county.name, standard_id=std.id, method=method, items=tuple(items),
                   total_cost=float(sum(i.cost for i in items)), before=before, after=after,
                   county_after=after_county, iterations=iterations, cuts=cuts)


def _setup(county: County, costs: UnitCosts | Mapping[str, float],
           standard: Standard | str | None, segments: Sequence[Segment | str] | None
           ) -> tuple[Standard, tuple[Segment, ...], UnitCosts, ResourceEvaluation, _Problem]:
    if not isinstance(county, County):
        raise DataError(f"county: expected a qbalance.County, got {type(county).__name__}",
                        field="county")
    std = load_standard() if standard is None else (
        load_standard(standard) if isinstance(standard, str) else standard)
    uc = costs if isinstance(costs, UnitCosts) else UnitCosts.from_dict(costs)
    segs = tuple(Segment(s) for s in (segments if segments is not None else county.segments))
    before = evaluate_resources(county, std, segments=segs)
    return std, segs, uc, before, _problem(county, std, before)


def gap_plan(
    county: County,
    costs: UnitCosts | Mapping[str, float],
    standard: Standard | str | None = None,
    *,
    caps: Mapping[str, Mapping[str, float]] | None = None,
    segments: Sequence[Segment | str] | None = None,
    max_iterations: int = 50,
    time_limit: float | None = 60.0,
) -> GapPlan:
    """The least-cost additions per school that make the county pass.

    Every in-scope school is brought to the per-school rule (at least
    ``min_met`` indicators at their standard, every other one at its floor) and
    every indicator's CV — and the composite CV, when the standard limits it —
    within its limit, at the least total cost.  See the module documentation for
    the formulation.  The returned plan is re-evaluated with
    :func:`qbalance.evaluate_resources`.

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
        Largest number of cutting-plane rounds.
    time_limit : float or None
        Seconds allowed for each MILP solve.

    Returns
    -------
    GapPlan

    Raises
    ------
    InfeasibleTargetError
        The caps make the targets impossible; :attr:`~InfeasibleTargetError.binding`
        says which school's rule or which CV limit cannot be met, and why.
    QBalanceError
        The applied plan failed re-evaluation, or the solver did not finish.

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
    >>> plan.before.passed, plan.after.passed
    (False, True)
    >>> sorted(plan.by_school())
    ['P08', 'P09']
    """
    std, segs, uc, before, prob = _setup(county, costs, standard, segments)
    ub = _caps(prob, caps)
    cost = np.array([uc.of(f) for f in prob.var_field])
    margin, cv_margin = 1e-9, 1e-4
    for _ in range(4):
        limits = prob.cv_limit
        found = _solve(prob, cost, ub, limits, margin, cv_margin, max_iterations, time_limit)
        if found is not None:
            _, _, cv = prob.cvs(prob.values(found[0]))
            if (np.nan_to_num(cv.mean(axis=1) - prob.composite_limit, nan=-1.0) > 0).any():
                limits = _allocate(prob, found[0], cost, prob.cv_limit)
                found = _solve(prob, cost, ub, limits, margin, cv_margin, max_iterations,
                               time_limit)
        if found is None:
            binding = _explain(prob, ub)
            raise InfeasibleTargetError(
                f"no plan for {county.name} under {std.id} within the caps:\n  - "
                + "\n  - ".join(binding), binding=binding)
        add, iterations, n_cuts = found
        plan = _build(county, std, segs, prob, add, uc, before, "milp", iterations, n_cuts)
        if plan.after.passed:
            return plan
        margin, cv_margin = margin * 100, cv_margin * 10  # solver tolerance: tighten, retry
    raise QBalanceError("the solver's plan did not pass re-evaluation even with tightened "
                        "margins; please report this county")


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

    Examples
    --------
    >>> from qbalance import example_county, gap_plan, naive_plan
    >>> costs = dict(teaching_area_m2=3000, sports_area_m2=400, equipment_value_yuan=1.0,
    ...              multimedia_classrooms=60_000, teachers_above_degree=150_000,
    ...              backbone_teachers=50_000, pe_art_teachers=150_000)
    >>> naive = naive_plan(example_county(), costs)
    >>> best = gap_plan(example_county(), costs)
    >>> naive.after.passed, best.total_cost <= naive.total_cost
    (True, True)
    """
    std, segs, uc, before, prob = _setup(county, costs, standard, segments)
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
    return _build(county, std, segs, prob, add, uc, before, "naive", 1, 0)
