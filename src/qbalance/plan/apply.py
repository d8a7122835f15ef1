"""The plan as a result: :class:`PlanItem`, :class:`GapPlan`, and
:func:`apply_additions` (the plan applied to a copy of the county).

Part of :mod:`qbalance.plan` (see there for the method).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from qbalance._messages import check_lang, message
from qbalance.vocab import Lang
from qbalance._result import ResultMixin
from qbalance.errors import DataError
from qbalance.evaluate.resources import ResourceEvaluation, evaluate_resources
from qbalance.models import County, Segment
from qbalance.standard import SEGMENT_FIELDS, Standard
from qbalance.plan.problem import (
    FIELD_NAMES,
    Float,
    UnitCosts,
    _INTEGER_FIELDS,
    _Problem,
    _STEP,
)

__all__ = ["PlanItem", "GapPlan", "apply_additions"]


@attrs.frozen(slots=True, kw_only=True)
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


@attrs.frozen(slots=True, eq=False, repr=False, kw_only=True)
class GapPlan(ResultMixin):
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
    exact_cost : float
        The optimum before rounding the additions to whole units (m² to 0.01,
        yuan to 1, teachers and classrooms to 1), beside :attr:`total_cost`;
        ``nan`` for a greedy plan.
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
    exact_cost: float = math.nan

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

    def summary(self, lang: Lang = "zh") -> str:
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
        lang = check_lang(lang)
        from qbalance.report import render_text

        return render_text(self, lang)

    def __str__(self) -> str:
        return self.summary("zh")

    def _frame_rows(self, lang: Lang) -> list[dict[str, Any]]:
        """One row per addition; in Chinese the segment and the field by name."""
        zh = lang == "zh"
        return [{"school_id": i.school_id, "name": i.name,
                 "segment": "" if i.segment is None else i.segment.value,
                 "field": FIELD_NAMES[i.field][0] if zh and i.field in FIELD_NAMES else i.field,
                 "amount": i.amount, "unit_cost": i.unit_cost, "cost": i.cost}
                for i in self.items]

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
            "total_cost": self.total_cost,
            "exact_cost": None if math.isnan(self.exact_cost) else self.exact_cost,
            "passed": self.passed,
            "iterations": self.iterations, "cuts": self.cuts, "note": self.note,
            "items": [{"school_id": i.school_id, "name": i.name,
                       "segment": None if i.segment is None else i.segment.value,
                       "field": i.field, "amount": i.amount, "unit_cost": i.unit_cost,
                       "cost": i.cost} for i in self.items],
            "after": self.after.to_dict(),
            "before": self.before.to_dict(),
            "county_after": self.county_after.model_dump(mode="json"),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GapPlan:
        """Rebuild a plan from :meth:`to_dict` data (e.g. a file of
        :func:`qbalance.io.save_result`); equal to the original.

        The derived keys (``passed``) are checked against the rebuilt plan;
        :func:`qbalance.io.load_result` also re-checks the totals and re-evaluates
        :attr:`county_after` (see :mod:`qbalance.io._invariants`).

        Parameters
        ----------
        data : mapping
            The output of :meth:`to_dict`, or its JSON parsed.

        Returns
        -------
        GapPlan

        Raises
        ------
        DataError
            A field is missing or invalid, naming it (``$.items[0].cost``).
        """
        from qbalance.errors import DataValidationError
        from qbalance.io.results import check_stored, structure

        if not isinstance(data, Mapping):
            raise DataError(message("json.object_for", field="$", type="GapPlan"), field="$", value=data)
        for key in ("county", "standard_id", "method", "items", "total_cost", "before",
                    "after", "county_after"):
            if key not in data:
                raise DataError(message("json.missing", field=f"$.{key}"), field=f"$.{key}")
        county_data = data["county_after"]
        if not isinstance(county_data, Mapping):
            raise DataError(message("json.object", field="$.county_after"),
                            field="$.county_after")
        try:
            county_after = County.from_dict(county_data, source="$.county_after")
        except DataValidationError as exc:
            raise DataError(message("json.invalid", field="$.county_after", text=exc),
                            field="$.county_after") from exc
        exact = data.get("exact_cost")
        plan = cls(
            county=structure(str, data["county"], "$.county"),
            standard_id=structure(str, data["standard_id"], "$.standard_id"),
            method=structure(str, data["method"], "$.method"),
            items=structure(tuple[PlanItem, ...], data["items"], "$.items"),
            total_cost=structure(float, data["total_cost"], "$.total_cost"),
            before=structure(ResourceEvaluation, data["before"], "$.before"),
            after=structure(ResourceEvaluation, data["after"], "$.after"),
            county_after=county_after,
            iterations=structure(int, data.get("iterations", 1), "$.iterations"),
            cuts=structure(int, data.get("cuts", 0), "$.cuts"),
            note=structure(str, data.get("note", ""), "$.note"),
            exact_cost=math.nan if exact is None else structure(float, exact, "$.exact_cost"))
        check_stored(data, plan.to_dict())
        return plan

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GapPlan):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name)
                   for f in attrs.fields(GapPlan) if f.name != "exact_cost") and (
            self.exact_cost == other.exact_cost
            or math.isnan(self.exact_cost) and math.isnan(other.exact_cost))

    def __hash__(self) -> int:
        return hash((self.county, self.standard_id, self.method, self.total_cost))


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
    >>> from qbalance import example_county
    >>> from qbalance.plan.apply import apply_additions
    >>> c = apply_additions(example_county(), {"P09": {"primary.backbone_teachers": 1}})
    >>> c.school("P09").primary.backbone_teachers - example_county().school("P09").primary.backbone_teachers
    1
    """
    data = county.model_dump(mode="json")
    by_id = {s["id"]: s for s in data["schools"]}
    for sid, fields in additions.items():
        if sid not in by_id:
            raise DataError(message("plan.no_school", id=sid, county=county.name),
                            school=sid, field="additions")
        school = by_id[sid]
        for key, amount in fields.items():
            seg_name, _, field = key.rpartition(".")
            if field not in FIELD_NAMES:
                raise DataError(message("plan.unknown_field", id=sid, field=field), school=sid,
                                field=key)
            if field in SEGMENT_FIELDS:
                if not seg_name:
                    raise DataError(message("plan.teacher_needs_segment", id=sid, field=field),
                                    school=sid, field=key)
                block = school.get(seg_name)
                if not isinstance(block, dict):
                    raise DataError(message("plan.no_segment", id=sid, segment=seg_name),
                                    school=sid, field=key)
                block[field] = block[field] + amount
            else:
                if seg_name:
                    raise DataError(message("plan.whole_school", id=sid, field=field),
                                    school=sid, field=key)
                school[field] = school[field] + amount
    return County.from_dict(data, source=f"{county.name} with additions")


def _round_up(field: str, amount: float) -> float:
    if field in _INTEGER_FIELDS:
        return float(np.rint(amount))
    step = _STEP.get(field, 0.01)
    return float(round(math.ceil(amount / step - 1e-9) * step, 10))


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
        items.append(PlanItem(school_id=school.id, name=school.name, segment=seg, field=f,
                              amount=float(amount), unit_cost=unit, cost=float(amount) * unit))
    return items, additions


def costs_of(prob: _Problem, costs: UnitCosts) -> Float:
    """Unit cost of every variable of ``prob``."""
    return np.array([costs.of(f) for f in prob.var_field], dtype=np.float64)


def _build(county: County, std: Standard, segments: Sequence[Segment], prob: _Problem,
           add: Float, costs: UnitCosts, before: ResourceEvaluation, method: str,
           iterations: int, cuts: int, note: str = "", exact_cost: float = math.nan,
           raw: Float | None = None) -> GapPlan:
    """The plan of ``add`` (rounded as applied), re-evaluated.

    With ``raw`` (the additions before rounding), continuous needs that are
    already whole units (98.7 m², 37,600 yuan) are first tried without rounding
    up (the solver's margin put them a hair above); that plan is kept when it
    passes re-evaluation and costs no more, else ``add`` is used.
    """
    if raw is not None:
        from qbalance.plan.problem import _round_all

        integer = np.array([f in _INTEGER_FIELDS for f in prob.var_field], dtype=np.bool_)
        snapped = np.where(integer, add, _round_all(prob, raw, snap=True))
        steps = np.array([_STEP.get(f, 0.01) for f in prob.var_field])
        # only a rounding step taken back, nowhere more (``raw`` belongs to ``add``)
        close = bool(np.all((snapped <= add + 1e-9) & (add - snapped <= steps * 1.000001)))
        if close and not np.array_equal(snapped, add):
            plan = _build(county, std, segments, prob, snapped, costs, before, method,
                          iterations, cuts, note, exact_cost)
            if plan.passed:
                return plan
    items, additions = _items(prob, add, costs)
    after_county = apply_additions(county, additions)
    after = evaluate_resources(after_county, std, segments=segments)
    total = float(sum(i.cost for i in items))
    if exact_cost == exact_cost:  # the optimum is never above a plan that passes
        exact_cost = min(exact_cost, total)
    return GapPlan(county=county.name, standard_id=std.id, method=method, items=tuple(items),
                   total_cost=total, before=before, after=after,
                   county_after=after_county, iterations=iterations, cuts=cuts, note=note,
                   exact_cost=exact_cost)
