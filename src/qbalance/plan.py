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
program, solved with :func:`scipy.optimize.milp`; the rows are written in their
tightest, convex-hull form).  The CV constraint :math:`S_j \\le L_j \\bar{x}_j`
is a second-order cone in the additions (:math:`S_j` is a weighted Euclidean
norm of the deviations, :math:`\\bar{x}_j` is linear), hence convex.  It is
handled by outer approximation, in its *disaggregated* form: with :math:`p_i`
the pupil weights, :math:`d_i` a school's deviation from the mean and
:math:`t = L_j \\bar{x}_j`,

.. math::

    \\sum_i p_i d_i^2 \\le t^2 \\iff d_i^2 / t \\le u_i,\\ \\sum_i p_i u_i \\le t ,

and each small cone :math:`d_i^2/t \\le u_i` is cut by its tangent
:math:`u_i \\ge 2\\alpha d_i - \\alpha^2 t` at the solution's slope
:math:`\\alpha = d_i/t`.  Cutting the whole cone by one hyperplane per round
(Kelley's or Veinott's supporting hyperplanes of the aggregated cone) needs a
number of rounds that grows with the number of schools: a county of 50 schools
with combined schools stalled.  Per-school tangents describe the cone near the
optimum in a handful of rounds (Vielma, Dunning, Huchette & Lubin, *Extended
formulations in mixed integer conic quadratic programming*, 2017).  The loop
runs first on the LP relaxation (cheap rounds that lay most cuts), then on the
MILP, where a plan that breaks a CV limit is cut off and the convex problem
with its "met" pattern fixed gives a feasible plan and more cuts, until the
MILP's plan meets every limit or its lower bound is within 0.03 % of the best
plan found.
Additions are scaled (one unit raises a school's value by its threshold) so
that equipment in yuan and floor area in m² are alike to the solver.  Each cut
is valid for the convex set, and the cones are cut at a limit a little inside
(1e-4) while plans are accepted at the limit itself, so the loop stops.

Integer additions (teachers, classrooms) whose CV binds are solved as
continuous and rounded: the greedy takes back the roundings up that the rules
do not need, a small MILP chooses between the integers below and above; where
rounding up breaks a limit (one more teacher at a tiny school overshoots the
mean), those integers are kept integral from then on.  The composite limit
(mean of the CVs) is not convex in general; it is shared out into
per-indicator targets, which keeps the result feasible (verified) but not
provably least-cost.  The search is bounded by ``time_limit``; past it the best
plan found is kept and :attr:`GapPlan.note` says so.

Whatever the solver reports, the plan is applied to a copy of the county and
**re-evaluated with** :func:`qbalance.evaluate_resources`; the CVs and verdicts
shown are those of the re-evaluation.  It is also costed against
:func:`naive_plan`: should the greedy plan be cheaper, or the solver find no
plan, :func:`gap_plan` returns the greedy plan and says so.
"""

from __future__ import annotations

import math
import time
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
#: Relative optimality gap of each MILP solve, and of the outer approximation
#: (the best plan against the MILP's lower bound, itself up to _GAP low).
_GAP = 1e-4
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
        """Unit cost of ``field``.

        Parameters
        ----------
        field : str
            A school-data field, e.g. ``"teaching_area_m2"`` or ``"backbone_teachers"``.

        Returns
        -------
        float
            Yuan per unit of that field (per m², per yuan of equipment, per
            classroom or per teacher).

        Raises
        ------
        AttributeError
            ``field`` is not a field of :class:`UnitCosts`.
        """
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
        ``"milp"`` (least cost) or ``"naive"`` (the greedy plan, also what
        :func:`gap_plan` returns when the optimiser's plan is dearer or missing).
    items : tuple of PlanItem
        The additions (non-zero only), by school.
    total_cost : float
        Sum of the items' costs, yuan.
    before, after : ResourceEvaluation
        The evaluation of the county as it is and with the additions.
    county_after : County
        The county with the additions applied.
    iterations : int
        LP / MILP solves of the search.
    cuts : int
        CV cutting planes added.
    note : str
        Empty, or why the plan is not the proven least-cost one: the search
        stopped at the time limit, or :func:`gap_plan` fell back to the greedy plan.
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
    note: str = ""

    @property
    def passed(self) -> bool:
        """The county passes the resource evaluation with the additions."""
        return self.after.passed

    def by_school(self) -> dict[str, dict[str, float]]:
        """``{school_id: {field (prefixed by segment for teachers): amount}}``.

        Returns
        -------
        dict of str to dict of str to float
            The additions of :attr:`items` by school; a teacher field is keyed
            ``"<segment>.<field>"`` (``"junior.pe_art_teachers"``), a whole-school
            stock by its field.
        """
        out: dict[str, dict[str, float]] = {}
        for it in self.items:
            key = it.field if it.segment is None else f"{it.segment.value}.{it.field}"
            out.setdefault(it.school_id, {})[key] = it.amount
        return out

    def summary(self, lang: str = "zh") -> str:
        """The plan per school and the CVs before and after, as text.

        Parameters
        ----------
        lang : {"zh", "en"}
            Language (Chinese by default).

        Returns
        -------
        str
            A table of the additions (school, segment, addition, amount, cost in
            yuan) and their total; per segment, the failing schools before → after
            and every CV (and the composite) before and after against its limit; and
            the re-evaluated verdict.
        """
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
        if self.note:
            lines.append(f"{'说明' if zh else 'Note'}: {self.note}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary("zh")

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the items, the total and the re-evaluated verdict and CVs.

        Returns
        -------
        dict
            ``county``, ``standard_id``, ``method``, ``total_cost`` (yuan), ``passed``,
            ``iterations``, ``cuts``, ``note``, ``items`` (one dict per :class:`PlanItem`) and
            ``after`` (:meth:`ResourceEvaluation.to_dict` of the re-evaluation).
        """
        return {
            "county": self.county, "standard_id": self.standard_id, "method": self.method,
            "total_cost": self.total_cost, "passed": self.passed,
            "iterations": self.iterations, "cuts": self.cuts, "note": self.note,
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
    fields = tuple(dict.fromkeys(s.field for s in specs))
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
            var[ri, j] = (teach_var[(ri, spec.field)] if spec.segment_level
                          else stock_var[(int(row_u[ri]), spec.field)])
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


# -- the CV cones -----------------------------------------------------------------------

@attrs.define(slots=True, eq=False)
class _Cone:
    """The CV limit of one (segment, indicator) as a disaggregated cone.

    With ``p_i`` the pupil weights (summing to 1), ``y_i = b_i + a_i z_v`` the
    schools' values divided by the county mean before any addition (so that
    ``p @ b = 1``; ``z`` are the scaled additions), ``m = p @ y``, ``d_i = y_i - m``
    and ``t = L m``, the limit ``std <= L mean`` reads ``sum_i p_i d_i**2 <= t**2``.
    One epigraph variable per school splits it into three-variable cones::

        d_i**2 / t <= u_i,      sum_i p_i u_i <= t.

    ``d**2 / t`` is convex and positively homogeneous, so its tangent at slope
    ``alpha = d/t`` is ``u >= 2 alpha d - alpha**2 t`` with no constant term: valid
    everywhere and for any limit ``L``.  A cutting plane thus bounds one school's
    term, and a few per school describe the cone near the optimum far better than
    any number of hyperplanes of the whole ``n``-dimensional cone (the extended
    formulation of Vielma, Dunning, Huchette & Lubin, 2017).  The model's columns
    hold ``u / L``, about 1 near the limit however small the limit is (a county
    target shared out of a composite limit can be 0.002), so that the solver's
    absolute tolerances stay far below the 1e-4 margin the cones are cut at.
    """

    p: Float          # (n,) pupil weights of the segment's rows
    var: Int          # (n,) variable driving each row's value
    a: Float          # (n,) normalised value per scaled unit
    b: Float          # (n,) normalised value now
    cut_row: list[Int] = attrs.Factory(list)      # positions i of the cuts, by batch
    cut_alpha: list[Float] = attrs.Factory(list)  # their slopes

    @property
    def n(self) -> int:
        return len(self.p)

    @property
    def n_cuts(self) -> int:
        return sum(len(r) for r in self.cut_row)

    def dev(self, z: Float, limit: float) -> tuple[Float, float]:
        """``d`` and ``t`` at the scaled additions ``z``."""
        y = self.b + self.a * z[self.var]
        m = float(self.p @ y)
        return y - m, limit * m

    def add_cuts(self, rows: Int, alpha: Float) -> None:
        if len(rows):
            self.cut_row.append(rows.astype(np.intp))
            self.cut_alpha.append(alpha.astype(np.float64))


def _scales(prob: _Problem) -> Float:
    """Unit of each decision variable in the model: one scaled unit of a continuous
    addition raises the school's value by its threshold, so equipment in yuan and
    floor area in m² are alike (about 1); integer additions keep their own unit."""
    ratio = np.zeros(prob.n_vars)
    thr = np.where(prob.thr > 0, prob.thr, 1.0)
    np.maximum.at(ratio, prob.var.ravel(), (prob.coef / thr).ravel())
    integer = np.array([f in _INTEGER_FIELDS for f in prob.var_field])
    return np.where(integer | ~(ratio > 0), 1.0, 1.0 / np.where(ratio > 0, ratio, 1.0))


def _round_all(prob: _Problem, add: Float) -> Float:
    """The additions as applied: integers up to whole units, the rest up to the step."""
    out = np.empty_like(add)
    for v, f in enumerate(prob.var_field):
        x = max(float(add[v]), 0.0)
        if f in _INTEGER_FIELDS:
            out[v] = math.ceil(x - 1e-6)
        else:
            step = _STEP.get(f, 0.01)
            out[v] = math.ceil(x / step - 1e-6) * step if x > 1e-7 else 0.0
    return out


def _rule_ok(prob: _Problem, rows: Int, values: Float, margin: float) -> NDArray[np.bool_]:
    """Whether each of ``rows`` satisfies the per-school rule at ``values`` (theirs)."""
    thr = prob.thr[rows] * (1 + margin)
    met = values >= thr
    floor_ok = values >= prob.floor * thr
    out: NDArray[np.bool_] = (met.sum(axis=1) >= prob.std.require_school_rule().min_met) & (
        met | floor_ok).all(axis=1)
    return out


def _round_down(prob: _Problem, rounded: Float, relaxed: Float, cand: NDArray[np.bool_],
                cost: Float, limits: Float, margin: float) -> Float:
    """Greedy: take back the rounding-up of integer additions (``cand``), smallest
    fractional part first, wherever the rule and every CV limit still hold."""
    out = rounded.copy()
    low = np.floor(relaxed + 1e-6)
    frac = relaxed - low
    order = sorted(np.flatnonzero(cand & (out > low)), key=lambda v: (frac[v], -cost[v]))
    for v in order:
        rows = np.flatnonzero((prob.var == v).any(axis=1))
        out[v] -= 1.0
        values = prob.values(out)
        if not (_rule_ok(prob, rows, values[rows], margin).all()
                and (prob.cvs(values)[2] <= limits * (1 - 1e-9)).all()):
            out[v] += 1.0
    return out


def _round_repair(prob: _Problem, relaxed: Float, cand: NDArray[np.bool_], cost: Float,
                  limits: Float, margin: float) -> Float | None:
    """Greedy the other way: the integers ``cand`` rounded down (up where the rule
    needs it), then one more unit at a time where it lowers the CVs over their
    limits most per yuan, until none is over; ``None`` if that gets stuck."""
    out = _round_all(prob, relaxed)
    low = np.floor(relaxed + 1e-6)
    out[cand] = low[cand]
    values = prob.values(out)
    broken = ~_rule_ok(prob, np.arange(len(prob.pupils)), values, margin)
    if broken.any():
        back = np.zeros_like(cand)
        back[prob.var[broken].ravel()] = True
        out[cand & back] = _round_all(prob, relaxed)[cand & back]
    integer = np.array([f in _INTEGER_FIELDS for f in prob.var_field])

    def excess(add: Float) -> float:
        return float(np.maximum(prob.cvs(prob.values(add))[2] - limits * (1 - 1e-9),
                                0.0).sum())

    now = excess(out)
    for _ in range(10 * len(prob.pupils)):
        if now <= 0:
            return out
        over = prob.cvs(prob.values(out))[2] > limits * (1 - 1e-9)
        pool = np.zeros(prob.n_vars, dtype=bool)
        for s_, j_ in np.argwhere(over):
            pool[prob.var[prob.row_seg == s_, j_]] = True
        pool &= integer
        best_v, best_gain, best_ex = -1, 0.0, now
        for v in np.flatnonzero(pool):
            out[v] += 1.0
            ex = excess(out)
            out[v] -= 1.0
            gain = (now - ex) / cost[v]
            if gain > best_gain:
                best_v, best_gain, best_ex = int(v), gain, ex
        if best_v < 0:
            return None
        out[best_v] += 1.0
        now = best_ex
    return None


class _OutOfTime(Exception):
    """The time limit was reached."""


class _OuterApproximation:
    """The plan as a MILP (per-school rule) plus the CV cones' cutting planes.

    Columns are the scaled additions ``z`` (see :func:`_scales`), one "met" binary
    per (row, indicator), and per cone in the model its mean ``m`` and epigraph
    variables ``u`` (:class:`_Cone`).  Cones enter the model when first violated.
    """

    def __init__(self, prob: _Problem, cost: Float, ub: Float, limits: Float, margin: float,
                 cv_margin: float, deadline: float) -> None:
        self.prob = prob
        self.limits = limits
        self.eff = limits * (1 - cv_margin)  # the cones are cut at these
        self.scale = _scales(prob)
        self.cost = cost
        self.ub = ub
        self.deadline = deadline
        nv, (n_rows, k) = prob.n_vars, prob.v0.shape
        self.nv, self.nb = nv, n_rows * k
        self.int_var = np.array([f in _INTEGER_FIELDS for f in prob.var_field])
        self.cones: dict[tuple[int, int], _Cone] = {}
        self.cone_var = np.zeros(nv, dtype=bool)  # variables in some cone
        self.forced = np.zeros(nv, dtype=bool)    # integers kept integral all the same
        self.rounds = 0
        self._u_cols: dict[tuple[int, int], Int] = {}
        # per-school rule, each row divided by its threshold T' (with the margin):
        #   c s z / T' >= g_F + (g_1 - g_F) y,   sum_j y >= min_met
        # with g_F = max(F - v0/T', 0) and g_1 = max(1 - v0/T', 0) the gaps to the
        # floor and to the standard: "v >= F T' + (1 - F) T' y" tightened to the
        # convex hull of its two cases (z >= 0), a better LP bound at fractional y
        thr = prob.thr * (1 + margin)
        thr = np.where(thr > 0, thr, 1.0)
        g_f = np.maximum(prob.floor[None, :] - prob.v0 / thr, 0.0)
        g_1 = np.maximum(1.0 - prob.v0 / thr, 0.0)
        nb = self.nb
        r_idx = np.arange(nb)
        a1 = sparse.coo_array(
            (np.concatenate([(prob.coef * self.scale[prob.var] / thr).ravel(),
                             -(g_1 - g_f).ravel()]),
             (np.concatenate([r_idx, r_idx]), np.concatenate([prob.var.ravel(), nv + r_idx]))),
            shape=(nb, nv + nb))
        a2 = sparse.coo_array(
            (np.ones(nb), (np.repeat(np.arange(n_rows), k), nv + r_idx)),
            shape=(n_rows, nv + nb))
        self.a_base = sparse.vstack([a1, a2]).tocsr()
        self.lb_base = np.concatenate([g_f.ravel(),
                                       np.full(n_rows, float(prob.std.require_school_rule().min_met))])
        # an indicator already at its standard is met whatever is added: fixing its
        # "met" binary to 1 loses nothing and leaves branching to the schools that
        # matter; and a school meeting enough indicators now needs no other one met
        # (a "met" binary only adds a constraint): those binaries are 0
        met = prob.v0 >= prob.thr * (1 + margin)
        self.met_now = met.ravel().astype(np.float64)
        enough = met.sum(axis=1) >= prob.std.require_school_rule().min_met
        self.met_max = np.where(enough[:, None] & ~met, 0.0, 1.0).ravel()

    # -- the cones ---------------------------------------------------------------------

    def cone(self, s: int, j: int) -> _Cone:
        key = (s, j)
        if key not in self.cones:
            prob = self.prob
            rows = np.flatnonzero(prob.row_seg == s)
            p = prob.pupils[rows] / prob.pupils[rows].sum()
            var = prob.var[rows, j]
            m0 = float(p @ prob.v0[rows, j])
            self.cones[key] = _Cone(p, var, prob.coef[rows, j] * self.scale[var] / m0,
                                    prob.v0[rows, j] / m0)
            self.cone_var[var] = True
        return self.cones[key]

    @property
    def relaxed(self) -> NDArray[np.bool_]:
        """Integer additions solved as continuous (in a cone, not forced)."""
        out: NDArray[np.bool_] = self.int_var & self.cone_var & ~self.forced
        return out

    @property
    def n_cuts(self) -> int:
        return sum(c.n_cuts for c in self.cones.values())

    def cvs(self, add: Float) -> Float:
        return self.prob.cvs(self.prob.values(add))[2]

    def over(self, add: Float) -> NDArray[np.bool_]:
        """The CVs above their limits at the additions ``add``."""
        out: NDArray[np.bool_] = self.cvs(add) > self.limits * (1 - 1e-9)
        return out

    def separate(self, x: Float, add: Float, over: NDArray[np.bool_]) -> None:
        """Cut the model's point ``x`` (``add`` its additions) off every cone in ``over``."""
        z = add / self.scale
        for s_, j_ in np.argwhere(over):
            s, j = int(s_), int(j_)
            new = (s, j) not in self.cones or (s, j) not in self._u_cols
            cone = self.cone(s, j)
            lim = float(self.eff[s, j])
            d, t = cone.dev(z, lim)
            if t <= 0:
                continue
            need = d * d / t / lim  # in the model's units of u / L
            if new:
                rows = np.arange(cone.n)
            else:
                u = x[self._u_cols[(s, j)]]
                rows = np.flatnonzero(need > u + 1e-9 * (1 + need))
                if not len(rows):  # (solver tolerance): cut the largest terms
                    rows = np.argsort(need - u)[-max(1, cone.n // 10):]
            cone.add_cuts(rows, d[rows] / t)

    def cut_at(self, add: Float, keys: NDArray[np.intp]) -> None:
        """Cuts of the cones ``keys`` (rows of (s, j)) at every school, at ``add``."""
        z = add / self.scale
        for s_, j_ in keys:
            cone = self.cone(int(s_), int(j_))
            d, t = cone.dev(z, float(self.eff[s_, j_]))
            if t > 0:
                cone.add_cuts(np.arange(cone.n), d / t)

    # -- the model ---------------------------------------------------------------------

    def solve(self, *, binaries: bool = True, integers: str = "uncut",
              fix: Float | None = None, box: tuple[Float, Float] | None = None,
              cones: Sequence[tuple[int, int]] | None = None, rule: bool = True,
              time_limit: float | None = None) -> tuple[Float, Float, float] | None:
        """Solve the model: ``(columns, additions, lower bound)``, ``None`` if infeasible.

        ``integers``: ``"none"`` (all continuous), ``"uncut"`` (integer unless
        relaxed, see :attr:`relaxed`) or ``"all"``.  ``fix`` fixes the "met"
        binaries (``nan``: free); ``box`` bounds the additions (unscaled);
        ``cones`` restricts the model to some of the cones; ``rule=False`` leaves
        the per-school rule out.  Raises :class:`_OutOfTime` past the deadline.
        """
        left = self.deadline - time.monotonic()
        if time_limit is not None:
            left = min(left, time_limit)
        if left <= 0:
            raise _OutOfTime
        self.rounds += 1
        nv, nb = self.nv, self.nb
        cols = nv + nb
        self._u_cols = {}
        data: list[Float] = []
        r_i: list[Int] = []
        c_i: list[Int] = []
        e_lb: list[Float] = []
        e_ub: list[Float] = []
        r0 = 0
        for key in (self.cones if cones is None else cones):
            cone = self.cones[key]
            lim = float(self.eff[key])
            mc = cols
            uc = np.arange(cols + 1, cols + 1 + cone.n)
            cols += 1 + cone.n
            self._u_cols[key] = uc
            one = np.array([float(cone.p @ cone.b)])
            # the columns hold u / L (about 1 near the limit, however small L is):
            # m - sum p a z = sum p b;   sum p (u / L) - m <= 0
            data += [np.concatenate([[1.0], -cone.p * cone.a]),
                     np.concatenate([cone.p, [-1.0]])]
            r_i += [np.full(cone.n + 1, r0), np.full(cone.n + 1, r0 + 1)]
            c_i += [np.concatenate([[mc], cone.var]), np.concatenate([uc, [mc]])]
            e_lb += [one, np.array([-np.inf])]
            e_ub += [one, np.array([0.0])]
            r0 += 2
            if cone.cut_row:
                i = np.concatenate(cone.cut_row)
                al = np.concatenate(cone.cut_alpha)
                nc = len(i)
                rr = r0 + np.arange(nc)
                # u_i >= 2 alpha d_i - alpha^2 t, divided by L:
                #   (2 alpha / L) a_i z - (2 alpha / L + alpha^2) m - u_i / L
                #     <= -(2 alpha / L) b_i
                g = 2 * al / lim
                data.append(np.concatenate([g * cone.a[i], -(g + al * al), -np.ones(nc)]))
                r_i.append(np.concatenate([rr, rr, rr]))
                c_i.append(np.concatenate([cone.var[i], np.full(nc, mc), uc[i]]))
                e_lb.append(np.full(nc, -np.inf))
                e_ub.append(-g * cone.b[i])
                r0 += nc
        cons = []
        if rule:
            base = self.a_base if cols == nv + nb else sparse.hstack(
                [self.a_base, sparse.csr_array((self.a_base.shape[0], cols - nv - nb))]).tocsr()
            cons.append(LinearConstraint(base, self.lb_base, np.inf))
        if r0:
            a_x = sparse.coo_array((np.concatenate(data), (np.concatenate(r_i),
                                                           np.concatenate(c_i))),
                                   shape=(r0, cols)).tocsr()
            cons.append(LinearConstraint(a_x, np.concatenate(e_lb), np.concatenate(e_ub)))
        c = np.concatenate([self.cost * self.scale, np.zeros(cols - nv)])
        z_lo, z_hi = (np.zeros(nv), self.ub) if box is None else box
        free = np.ones(nb, dtype=bool) if fix is None else np.isnan(fix)
        fixed = np.zeros(nb) if fix is None else np.nan_to_num(fix)
        y_lo = np.where(free, self.met_now, fixed) if rule else np.zeros(nb)
        y_hi = np.where(free, self.met_max, fixed) if rule else np.zeros(nb)
        lo = np.concatenate([z_lo / self.scale, y_lo, np.zeros(cols - nv - nb)])
        hi = np.concatenate([z_hi / self.scale, y_hi, np.full(cols - nv - nb, np.inf)])
        integrality = np.zeros(cols)
        if binaries and rule:
            integrality[nv:nv + nb] = free
        if integers == "all":
            integrality[:nv] = self.int_var
        elif integers == "uncut":
            integrality[:nv] = self.int_var & ~self.relaxed
        options: dict[str, Any] = {"disp": False, "mip_rel_gap": _GAP, "time_limit": left}
        res = milp(c, constraints=cons, integrality=integrality, bounds=Bounds(lo, hi),
                   options=options)
        if res.status == 2:
            return None
        if res.x is None:
            if res.status == 1:
                raise _OutOfTime
            raise QBalanceError(f"the MILP solver stopped without a plan: {res.message}")
        x = np.asarray(res.x, dtype=np.float64)
        add = np.maximum(x[:nv], 0.0) * self.scale
        bound = getattr(res, "mip_dual_bound", None)
        fun = float(res.fun)
        return x, add, fun if bound is None or not np.isfinite(bound) else min(fun, bound)

    def loop(self, max_rounds: int, **kw: Any) -> tuple[tuple[Float, Float, float] | None,
                                                     bool]:
        """:meth:`solve` and cut until every CV is within its limit: the last
        solution (``None``: infeasible) and whether the CVs hold there."""
        got = None
        for _ in range(max_rounds):
            got = self.solve(**kw)
            if got is None:
                return None, False
            x, add, _ = got
            over = self.over(add)
            if not over.any():
                return got, True
            self.separate(x, add, over)
        return got, False


@attrs.frozen(slots=True)
class _Found:
    add: Float        # the additions, rounded as applied
    rounds: int       # solver calls
    cuts: int         # cutting planes
    bound: float      # lower bound of the least cost (of the relaxation solved)
    complete: bool    # the search finished (else: out of time or rounds)


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
    best_cost = math.inf
    best_rel: Float | None = None  # the cheapest plan before rounding (the MILP's
    rel_rounded: Float | None = None  # objective, to compare with its bound), rounded
    rel_cost = math.inf
    bound = 0.0
    complete = False

    def consider(add: Float) -> bool:
        nonlocal best, best_cost, best_rel, rel_rounded, rel_cost
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
            best, best_cost = r, float(cost @ r)
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
        raise QBalanceError(
            f"the CV cutting planes found no plan in {oa.rounds} solves"
            + (" (time limit)" if time.monotonic() >= deadline else
               f" ({max_iterations} rounds)"))
    frac = oa.relaxed & (np.abs(best_rel - np.rint(best_rel)) > 1e-6)
    if frac.any():
        rounded = _integer_stage(oa, rel_rounded, best_rel, frac, margin, max_iterations)
        if cost @ rounded < best_cost:
            best = rounded
    return _Found(best, oa.rounds, oa.n_cuts, bound, complete)


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

def _explain(prob: _Problem, ub: Float) -> tuple[str, ...]:
    """Which constraint binds when the caps make the targets impossible."""
    out: list[str] = []
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
    # the CV limits, one indicator at a time (the convex problem alone)
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
    """Can CV (s, j) reach its limit moving only the ``sel`` variables within ``ub``?
    (The convex problem alone, by the cutting planes of :class:`_OuterApproximation`;
    ``None`` when undecided in time.)"""
    scale = _scales(prob)
    oa = _OuterApproximation(prob, 1.0 / scale, np.where(sel, ub, 0.0), prob.cv_limit, 0.0,
                             1e-4, time.monotonic() + 10.0)
    oa.cone(s, j)
    mask = np.zeros(prob.cv_limit.shape, dtype=bool)
    mask[s, j] = True
    try:
        for _ in range(200):
            got = oa.solve(binaries=False, integers="none", rule=False, cones=[(s, j)])
            if got is None:
                return False
            x, add, _ = got
            if oa.cvs(add)[s, j] <= prob.cv_limit[s, j]:
                return True
            oa.separate(x, add, mask)
    except _OutOfTime:
        pass
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


def _items(prob: _Problem, add: Float, costs: UnitCosts
           ) -> tuple[list[PlanItem], dict[str, dict[str, float]]]:
    """The plan's items and the additions table of :func:`apply_additions`."""
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
    return items, additions


def _build(county: County, std: Standard, segments: Sequence[Segment], prob: _Problem,
           add: Float, costs: UnitCosts, before: ResourceEvaluation, method: str,
           iterations: int, cuts: int, note: str = "") -> GapPlan:
    items, additions = _items(prob, add, costs)
    after_county = apply_additions(county, additions)
    after = evaluate_resources(after_county, std, segments=segments)
    return GapPlan(county=county.name, standard_id=std.id, method=method, items=tuple(items),
                   total_cost=float(sum(i.cost for i in items)), before=before, after=after,
                   county_after=after_county, iterations=iterations, cuts=cuts, note=note)


def _setup(county: County, costs: UnitCosts | Mapping[str, float],
           standard: Standard | str | None, segments: Sequence[Segment | str] | None
           ) -> tuple[Standard, tuple[Segment, ...], UnitCosts, ResourceEvaluation, _Problem]:
    if not isinstance(county, County):
        raise DataError(f"county: expected a qbalance.County, got {type(county).__name__}",
                        field="county")
    std = load_standard() if standard is None else (
        load_standard(standard) if isinstance(standard, str) else standard)
    std.require_2017_form("the planner")
    uc = costs if isinstance(costs, UnitCosts) else UnitCosts.from_dict(costs)
    segs = tuple(Segment(s) for s in (segments if segments is not None else county.segments))
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
                f"no plan for {county.name} under {std.id} within the caps:\n  - "
                + "\n  - ".join(binding), binding=binding)
        if found is None:
            raise QBalanceError("with the solver's safety margins widened no plan was found")
        _, _, cv = prob.cvs(prob.values(found.add))
        if (np.nan_to_num(cv.mean(axis=1) - prob.composite_limit, nan=-1.0) > 0).any():
            # the composite limit: per-indicator targets that share its budget
            limits = _allocate(prob, found.add, cost, prob.cv_limit)
            found = _solve(prob, cost, ub, limits, margin, cv_margin, max_iterations,
                           deadline)
            if found is None:
                raise QBalanceError("no plan meets the per-indicator targets the composite "
                                    "limit was shared out into")
        note = ""
        if not found.complete:
            total = float(cost @ found.add)
            note = ("the search stopped (time limit or max_iterations) before proving "
                    "least cost")
            if 0 < found.bound <= total:
                note += (f"; the plan is at most {(total - found.bound) / total:.2%} above "
                         "the solver's lower bound")
        plan = _build(county, std, segs, prob, found.add, uc, before, "milp", found.rounds,
                      found.cuts, note)
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
    trouble = ""
    try:
        plan = _optimise(county, std, segs, prob, uc, before, cost, ub, max_iterations,
                         deadline)
    except InfeasibleTargetError:
        raise
    except QBalanceError as err:
        trouble = f"the optimiser found no plan ({err})"
    greedy = _naive_additions(prob, before)
    greedy_ok = bool((greedy <= ub * (1 + 1e-9) + 1e-9).all())  # it ignores the caps
    if plan is not None and plan.passed:
        greedy_cost = float(sum(i.cost for i in _items(prob, greedy, uc)[0]))
        if not greedy_ok or plan.total_cost <= greedy_cost + 1e-6:
            return plan
        trouble = (f"the optimiser's plan ({plan.total_cost:,.0f} yuan) cost more than the "
                   f"greedy plan ({greedy_cost:,.0f} yuan)")
    elif plan is not None:
        trouble = "the optimiser's plan failed re-evaluation"
    if greedy_ok:
        naive = _build(county, std, segs, prob, greedy, uc, before, "naive", 1, 0)
        if naive.passed:
            return attrs.evolve(naive, note=f"greedy plan (naive_plan): {trouble}")
    if plan is not None and plan.passed:
        return plan
    raise QBalanceError(f"no plan for {county.name} under {std.id} passed re-evaluation: "
                        f"{trouble or 'the greedy plan did not pass either'}")


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
    return _build(county, std, segs, prob, _naive_additions(prob, before), uc, before,
                  "naive", 1, 0)
