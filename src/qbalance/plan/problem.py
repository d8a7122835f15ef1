"""The planning problem: unit costs, the fields a plan adds to, the county's
schools as arrays, caps, scales and rounding of additions to whole units.

Part of :mod:`qbalance.plan` (see there for the method).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs
import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from qbalance import _stats
from qbalance._validation import QModel
from qbalance._messages import message
from qbalance.errors import DataError
from qbalance.evaluate.resources import ResourceEvaluation
from qbalance.models import County, School, Segment
from qbalance.standard import SEGMENT_FIELDS, Standard

__all__ = ["FIELD_NAMES", "UnitCosts"]


from qbalance._types import Float as Float, Int as Int  # the one set of aliases

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
    qbalance.errors.DataValidationError: 单位成本中有 1 处问题：
      - UnitCosts：字段“multimedia_classroom” = 1：不是可识别的字段（请检查拼写）
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


# -- the problem in arrays ------------------------------------------------------------

@attrs.frozen(slots=True, eq=False, kw_only=True)
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
            raise DataError(message("plan.caps_school", id=sid),
                            school=sid, field="caps")
        for key, cap in table_.items():
            seg_name, _, field = key.rpartition(".")
            if field not in FIELD_NAMES:
                raise DataError(message("plan.caps_field", id=sid, field=field,
                                        fields=str(sorted(FIELD_NAMES))), school=sid, field=key)
            if seg_name and (seg_name not in {s.value for s in Segment}
                             or field not in SEGMENT_FIELDS):
                raise DataError(message("plan.caps_prefix", id=sid, key=key),
                                school=sid, field=key)
            if not (isinstance(cap, (int, float)) and cap >= 0 and not math.isnan(cap)):
                raise DataError(message("plan.caps_value", id=sid, key=key, value=cap),
                                school=sid, field=key, value=cap)
            sel = np.array([f == field and (not seg_name or (g is not None and g.value == seg_name))
                            for f, g in zip(prob.var_field, prob.var_seg, strict=True)])
            if sid != "*":
                sel &= prob.var_school == ids[sid]
                ub[sel] = cap
            else:
                ub[sel] = np.minimum(ub[sel], cap)
    return ub


def _scales(prob: _Problem) -> Float:
    """Unit of each decision variable in the model: one scaled unit of a continuous
    addition raises the school's value by its threshold, so equipment in yuan and
    floor area in m² are alike (about 1); integer additions keep their own unit."""
    ratio = np.zeros(prob.n_vars)
    thr = np.where(prob.thr > 0, prob.thr, 1.0)
    np.maximum.at(ratio, prob.var.ravel(), (prob.coef / thr).ravel())
    integer = np.array([f in _INTEGER_FIELDS for f in prob.var_field])
    return np.where(integer | ~(ratio > 0), 1.0, 1.0 / np.where(ratio > 0, ratio, 1.0))


def _round_all(prob: _Problem, add: Float, *, snap: bool = False) -> Float:
    """The additions as applied: integers up to whole units, the rest up to the step.

    With ``snap``, a continuous addition is rounded up only when the need is not
    already a whole step: the solver aims a hair above each bound (its safety
    margin and tolerances), so a need of exactly 98.7 m² comes back as
    98.7000012, which is 98.70 — not 98.71.  Snapped plans are kept only when
    re-evaluation passes them (:func:`qbalance.plan.apply._build`).
    """
    out = np.empty_like(add)
    for v, f in enumerate(prob.var_field):
        x = max(float(add[v]), 0.0)
        if f in _INTEGER_FIELDS:
            out[v] = math.ceil(x - 1e-6)
        elif x <= 1e-7:
            out[v] = 0.0
        elif snap:
            out[v] = _round_step(x, _STEP.get(f, 0.01))
        else:
            step = _STEP.get(f, 0.01)
            out[v] = math.ceil(x / step - 1e-6) * step
    return out


#: Relative excess over a whole step that is the solver's margin, not a need.
_SNAP_RTOL = 1e-6


def _round_step(x: float, step: float) -> float:
    """``x`` up to a multiple of ``step``, unless it is one already (to the solver's margin)."""
    k = x / step
    whole = round(k)
    if whole >= 1 and 0 <= k - whole <= _SNAP_RTOL * k:
        return float(round(whole * step, 10))
    return float(round(math.ceil(k - 1e-9) * step, 10))


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
