"""Enrolment scenarios: the same resources, projected pupils — what would fail?

County plans (e.g. the Lianping 连平县 five-year plan 2025–2029) expect pupils to
move from village schools to town schools while school-age cohorts shrink.
Resources are fixed in the short run, so per-pupil indicators of the receiving
schools fall and those of the emptied schools rise.  :func:`move_pupils` and
:func:`project_enrolment` build the projected county; :func:`compare_scenarios`
evaluates both with :func:`qbalance.evaluate_resources` and lists the
indicators and schools whose verdict changes.

>>> from qbalance import compare_scenarios, example_county, move_pupils
>>> base = example_county()
>>> moved = move_pupils(base, [("P05", "P02", 300), ("P06", "P02", 200)])
>>> cmp = compare_scenarios(base, moved)
>>> [(s.school_id, s.segment.value) for s in cmp.newly_failing_schools]
[('P02', 'primary')]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from qbalance.errors import DataError
from qbalance.models import County, Segment
from qbalance.resources import ResourceEvaluation, SchoolResult, evaluate_resources
from qbalance.standard import Standard, load_standard

__all__ = [
    "IndicatorChange",
    "ScenarioComparison",
    "compare_scenarios",
    "move_pupils",
    "project_enrolment",
]


def project_enrolment(county: County, pupils: Mapping[str, int | Mapping[str, int]]) -> County:
    """A copy of ``county`` with new pupil numbers, every resource unchanged.

    Parameters
    ----------
    county : County
        The baseline county.
    pupils : mapping
        ``{school_id: pupils}`` for a single-segment school, or
        ``{school_id: {"primary": n, "junior": m}}``.

    Raises
    ------
    DataError
        Unknown school, or a plain number for a school with two segments.
    DataValidationError
        A projected number is not a positive integer (names school and field).

    Examples
    --------
    石门村小学 losing 48 of its 188 pupils: same sports ground, more per pupil.

    >>> from qbalance import evaluate_resources, example_county, project_enrolment
    >>> c = project_enrolment(example_county(), {"P08": 140})
    >>> rows = evaluate_resources(c).segment("primary").schools
    >>> [round(r.value("R5"), 2) for r in rows if r.school_id == "P08"]
    [7.86]
    """
    data = county.model_dump(mode="json")
    by_id = {s["id"]: s for s in data["schools"]}
    for sid, new in pupils.items():
        if sid not in by_id:
            raise DataError(f"pupils: no school {sid!r} in county {county.name}", school=sid,
                            field="pupils")
        school = by_id[sid]
        segs = [g for g in ("primary", "junior") if school.get(g)]
        if isinstance(new, Mapping):
            for g, n in new.items():
                if g not in segs:
                    raise DataError(f"pupils[{sid!r}]: the school has no {g} segment",
                                    school=sid, field=f"{g}.pupils", value=n)
                school[g]["pupils"] = n
        else:
            if len(segs) != 1:
                raise DataError(f"pupils[{sid!r}]: the school has segments {segs}; give "
                                "{segment: pupils}", school=sid, field="pupils", value=new)
            school[segs[0]]["pupils"] = new
    return County.from_dict(data, source=f"{county.name} (projected enrolment)")


def move_pupils(county: County, moves: Sequence[tuple[str, str, int]],
                segment: Segment | str = Segment.PRIMARY) -> County:
    """A copy of ``county`` with ``n`` pupils moved from one school to another.

    Parameters
    ----------
    county : County
        The baseline county.
    moves : sequence of (from_id, to_id, n)
        Pupils of ``segment`` moving, e.g. from a village school to the town school.
    segment : Segment
        The segment the pupils are in (default primary).

    Raises
    ------
    DataError
        Unknown school, a school without the segment, or more pupils moved out
        than the school has (names the school).

    Examples
    --------
    >>> from qbalance import example_county, move_pupils
    >>> c = move_pupils(example_county(), [("P09", "P04", 21)])
    >>> c.school("P09").primary.pupils, c.school("P04").primary.pupils
    (100, 801)
    """
    seg = Segment(segment)
    count: dict[str, int] = {}
    for s in county.schools:
        block = s.segment(seg)
        if block is not None:
            count[s.id] = block.pupils
    for src, dst, n in moves:
        for sid in (src, dst):
            if sid not in count:
                raise DataError(f"move_pupils: school {sid!r} has no {seg.value} segment in "
                                f"county {county.name}", school=sid, field="pupils")
        if n < 0 or n > count[src]:
            raise DataError(f"move_pupils: cannot move {n} pupils out of {src!r}, which has "
                            f"{count[src]}", school=src, field=f"{seg.value}.pupils", value=n)
        count[src] -= n
        count[dst] += n
    changed = {sid: {seg.value: n} for sid, n in count.items()
               if n != county.school(sid).segment(seg).pupils}  # type: ignore[union-attr]
    return project_enrolment(county, changed)


@attrs.frozen(slots=True)
class IndicatorChange:
    """One indicator's CV in both scenarios."""

    segment: Segment
    code: str
    cv_before: float
    cv_after: float
    cv_limit: float
    passed_before: bool
    passed_after: bool


@attrs.frozen(slots=True, eq=False)
class ScenarioComparison:
    """Result of :func:`compare_scenarios`."""

    baseline: ResourceEvaluation
    projected: ResourceEvaluation
    indicators: tuple[IndicatorChange, ...]
    newly_failing_schools: tuple[SchoolResult, ...]
    """Schools (segment rows) that pass the per-school rule now and fail projected."""
    recovered_schools: tuple[SchoolResult, ...]
    """Schools that fail now and pass projected."""

    @property
    def newly_failing_indicators(self) -> tuple[IndicatorChange, ...]:
        """Indicators whose CV is within its limit now and not in the projection."""
        return tuple(i for i in self.indicators if i.passed_before and not i.passed_after)

    def summary(self, lang: str = "en") -> str:
        """The changes of verdict, as text."""
        zh = lang == "zh"
        lines = [("情景比较" if zh else "Scenario comparison")
                 + f": {'达标' if self.baseline.passed else '未达标'} → "
                 f"{'达标' if self.projected.passed else '未达标'}" if zh else
                 f"Scenario comparison: {'MET' if self.baseline.passed else 'NOT MET'} → "
                 f"{'MET' if self.projected.passed else 'NOT MET'}"]
        for i in self.indicators:
            if i.cv_after != i.cv_before:
                flag = " ✗" if not i.passed_after else ""
                lines.append(f"  {i.segment.value} {i.code}: CV {i.cv_before:.3f} → "
                             f"{i.cv_after:.3f} (≤ {i.cv_limit:.2f}){flag}")
        for s in self.newly_failing_schools:
            lines.append(f"  {'新增未达标' if zh else 'newly failing'}: {s.name} ({s.school_id}), "
                         f"{s.segment.value}: {s.reason_zh if zh else s.reason_en}")
        for s in self.recovered_schools:
            lines.append(f"  {'转为达标' if zh else 'now passing'}: {s.name} ({s.school_id}), "
                         f"{s.segment.value}")
        return "\n".join(lines)


def compare_scenarios(baseline: County, projected: County,
                      standard: Standard | str | None = None) -> ScenarioComparison:
    """Evaluate a baseline and a projected county and list what changes.

    Examples
    --------
    Moving 500 pupils from two township schools into 城关第二小学 (P02) leaves its
    floor area, sports ground, equipment and backbone teachers short per pupil;
    every CV roughly doubles but stays within the national limit:

    >>> from qbalance import compare_scenarios, example_county, move_pupils
    >>> base = example_county()
    >>> cmp = compare_scenarios(base, move_pupils(base, [("P05", "P02", 300), ("P06", "P02", 200)]))
    >>> cmp.newly_failing_indicators
    ()
    >>> print(cmp.newly_failing_schools[0].reason_en)
    meets 3 of 7; not met: R2, R4, R5, R6; fewer than the required 6
    """
    std = load_standard() if standard is None else (
        load_standard(standard) if isinstance(standard, str) else standard)
    a = evaluate_resources(baseline, std)
    b = evaluate_resources(projected, std, segments=[s.segment for s in a.segments])
    changes = []
    fails, recovers = [], []
    for sa, sb in zip(a.segments, b.segments, strict=True):
        for ia, ib in zip(sa.indicators, sb.indicators, strict=True):
            changes.append(IndicatorChange(sa.segment, ia.code, ia.cv, ib.cv, ib.cv_limit,
                                           ia.passed, ib.passed))
        before = {r.school_id: r.passed for r in sa.schools}
        for r in sb.schools:
            was = before.get(r.school_id)
            if was and not r.passed:
                fails.append(r)
            elif was is False and r.passed:
                recovers.append(r)
    return ScenarioComparison(baseline=a, projected=b, indicators=tuple(changes),
                              newly_failing_schools=tuple(fails),
                              recovered_schools=tuple(recovers))
