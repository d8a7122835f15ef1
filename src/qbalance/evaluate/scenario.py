"""Enrolment scenarios: the same resources, projected pupils — what would fail?

County plans (e.g. the Lianping 连平县 five-year plan 2025–2029) expect pupils to
move from village schools to town schools while school-age cohorts shrink.
Resources are fixed in the short run, so per-pupil indicators of the receiving
schools fall and those of the emptied schools rise.  :func:`move_pupils` and
:func:`project_enrolment` build the projected county; :func:`compare_scenarios`
evaluates both with :func:`qbalance.evaluate_resources` and lists the
indicators and schools whose verdict changes.

>>> from qbalance import compare_scenarios, example_county
>>> from qbalance.evaluate.scenario import move_pupils
>>> base = example_county()
>>> moved = move_pupils(base, [("P05", "P02", 300), ("P06", "P02", 200)])
>>> cmp = compare_scenarios(base, moved)
>>> [(s.school_id, s.segment.value) for s in cmp.newly_failing_schools]
[('P02', 'primary')]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from qbalance._messages import check_lang, message
from qbalance.vocab import Lang
from qbalance._result import ResultMixin
from qbalance.errors import DataError
from qbalance.models import County, Segment, parse_segments
from qbalance.evaluate.resources import ResourceEvaluation, SchoolResult, evaluate_resources
from qbalance.standard import as_standard, Standard, load_standard

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

    Returns
    -------
    County
        A new validated county; schools not in ``pupils`` keep their numbers.

    Raises
    ------
    DataError
        Unknown school, or a plain number for a school with two segments.
    DataValidationError
        A projected number is not a positive integer (names school and field).

    Examples
    --------
    石门村小学 losing 48 of its 188 pupils: same sports ground, more per pupil.

    >>> from qbalance import evaluate_resources, example_county
    >>> from qbalance.evaluate.scenario import project_enrolment
    >>> c = project_enrolment(example_county(), {"P08": 140})
    >>> rows = evaluate_resources(c).segment("primary").schools
    >>> [round(r.value("R5"), 2) for r in rows if r.school_id == "P08"]
    [7.86]
    """
    data = county.model_dump(mode="json")
    by_id = {s["id"]: s for s in data["schools"]}
    for sid, new in pupils.items():
        if sid not in by_id:
            raise DataError(message("scenario.no_school", id=sid, county=county.name), school=sid,
                            field="pupils")
        school = by_id[sid]
        segs = [g for g in ("primary", "junior") if school.get(g)]
        if isinstance(new, Mapping):
            for g, n in new.items():
                if g not in segs:
                    raise DataError(message("scenario.no_segment", id=sid, segment=g),
                                    school=sid, field=f"{g}.pupils", value=n)
                school[g]["pupils"] = n
        else:
            if len(segs) != 1:
                raise DataError(message("scenario.segments", id=sid, segments=str(segs)),
                                school=sid, field="pupils", value=new)
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
    segment : Segment or str
        The segment the pupils are in (default primary).

    Returns
    -------
    County
        A new validated county (via :func:`project_enrolment`); the moves are applied
        in order, so a school may pass on pupils it received earlier in ``moves``.

    Raises
    ------
    DataError
        Unknown school, a school without the segment, or more pupils moved out
        than the school has (names the school).

    Examples
    --------
    >>> from qbalance import example_county
    >>> from qbalance.evaluate.scenario import move_pupils
    >>> c = move_pupils(example_county(), [("P09", "P04", 21)])
    >>> c.school("P09").primary.pupils, c.school("P04").primary.pupils
    (100, 801)
    """
    (seg,) = parse_segments([segment])
    count: dict[str, int] = {}
    for s in county.schools:
        block = s.segment(seg)
        if block is not None:
            count[s.id] = block.pupils
    for src, dst, n in moves:
        for sid in (src, dst):
            if sid not in count:
                raise DataError(message("scenario.no_segment_in_county", id=sid,
                                        segment=seg.value, county=county.name),
                                school=sid, field="pupils")
        if n < 0 or n > count[src]:
            raise DataError(message("scenario.cannot_move", n=n, source=src, have=count[src]),
                            school=src, field=f"{seg.value}.pupils", value=n)
        count[src] -= n
        count[dst] += n
    changed = {sid: {seg.value: n} for sid, n in count.items()
               if n != county.school(sid).segment(seg).pupils}  # type: ignore[union-attr]
    return project_enrolment(county, changed)


@attrs.frozen(slots=True, kw_only=True)
class IndicatorChange:
    """One indicator's CV in both scenarios.

    Attributes
    ----------
    segment : Segment
        The segment.
    code : str
        Indicator code (``"R1"`` … ``"R7"``).
    cv_before, cv_after : float
        Inter-school coefficient of variation in the baseline and in the projection.
    cv_limit : float or None
        The CV limit of the indicator and segment in the standard (``None``: only
        the composite is limited).
    passed_before, passed_after : bool
        Whether the CV is within the limit in each scenario.
    """

    segment: Segment
    code: str
    cv_before: float
    cv_after: float
    cv_limit: float | None
    passed_before: bool
    passed_after: bool


@attrs.frozen(slots=True, eq=False, repr=False, kw_only=True)
class ScenarioComparison(ResultMixin):
    """Result of :func:`compare_scenarios`.

    Attributes
    ----------
    baseline, projected : ResourceEvaluation
        The evaluation of the baseline and of the projected county (the projection
        on the baseline's segments).
    indicators : tuple of IndicatorChange
        Every indicator of every segment, in evaluation order.
    newly_failing_schools : tuple of SchoolResult
        Schools (segment rows) that pass the per-school rule now and fail projected;
        the rows of the projected evaluation.
    recovered_schools : tuple of SchoolResult
        Schools that fail now and pass projected (rows of the projected evaluation).
    """

    baseline: ResourceEvaluation
    projected: ResourceEvaluation
    indicators: tuple[IndicatorChange, ...]
    newly_failing_schools: tuple[SchoolResult, ...]
    recovered_schools: tuple[SchoolResult, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data: both evaluations and what changes between them.

        Returns
        -------
        dict
            ``baseline`` and ``projected`` (:meth:`ResourceEvaluation.to_dict`),
            ``indicators`` (one dict per :class:`IndicatorChange`; an undefined CV is
            ``null``), and ``newly_failing_schools`` / ``recovered_schools`` (the rows
            of the projected evaluation).
        """
        from qbalance._result import plain_data

        def nan_free(d: Any) -> Any:
            return {k: None if isinstance(v, float) and v != v else v for k, v in d.items()}

        return {"baseline": self.baseline.to_dict(), "projected": self.projected.to_dict(),
                "indicators": [nan_free(plain_data(i)) for i in self.indicators],
                "newly_failing_schools": [plain_data(r) for r in self.newly_failing_schools],
                "recovered_schools": [plain_data(r) for r in self.recovered_schools]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScenarioComparison:
        """Rebuild a comparison from :meth:`to_dict` data (e.g. a file of
        :func:`qbalance.io.save_result`); equal to the original.

        The two evaluations are rebuilt; the indicator changes and the schools whose
        verdict changes are recomputed from them and checked against the stored ones.

        Parameters
        ----------
        data : mapping
            The output of :meth:`to_dict`, or its JSON parsed.

        Returns
        -------
        ScenarioComparison

        Raises
        ------
        DataError
            A field is missing or invalid, or a stored change disagrees with the two
            evaluations; the error names the field.
        """
        from qbalance.io.results import check_stored, structure

        if not isinstance(data, Mapping):
            raise DataError(message("json.object_for", field="$", type="ScenarioComparison"),
                            field="$")
        for key in ("baseline", "projected"):
            if key not in data:
                raise DataError(message("json.missing", field=f"$.{key}"), field=f"$.{key}")
        out = _compare(structure(ResourceEvaluation, data["baseline"], "$.baseline"),
                       structure(ResourceEvaluation, data["projected"], "$.projected"))
        check_stored(data, out.to_dict())
        return out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ScenarioComparison):
            return NotImplemented
        return self.baseline == other.baseline and self.projected == other.projected

    def __hash__(self) -> int:
        return hash((self.baseline.county, self.baseline.standard_id))

    def _frame_rows(self, lang: Lang) -> list[dict[str, Any]]:
        return [{"segment": i.segment.value, "code": i.code, "cv_before": i.cv_before,
                 "cv_after": i.cv_after, "cv_limit": i.cv_limit,
                 "passed_before": i.passed_before, "passed_after": i.passed_after}
                for i in self.indicators]

    @property
    def newly_failing_indicators(self) -> tuple[IndicatorChange, ...]:
        """Indicators whose CV is within its limit now and not in the projection."""
        return tuple(i for i in self.indicators if i.passed_before and not i.passed_after)

    def summary(self, lang: Lang = "zh") -> str:
        """The changes of verdict, as text.

        Parameters
        ----------
        lang : {"zh", "en"}
            Language of the labels (Chinese by default, as every result).

        Returns
        -------
        str
            The overall verdict before → after, then one line per indicator whose CV
            changed (marked ✗ when it fails in the projection), per newly failing
            school (with the reason) and per recovered school.
        """
        lang = check_lang(lang)
        from qbalance.report import render_text

        return render_text(self, lang)

def compare_scenarios(baseline: County, projected: County,
                      standard: Standard | str | None = None) -> ScenarioComparison:
    """Evaluate a baseline and a projected county and list what changes.

    Parameters
    ----------
    baseline : County
        The county as it is.
    projected : County
        The same county with projected pupils (e.g. from :func:`move_pupils` or
        :func:`project_enrolment`); it is evaluated on the baseline's segments.
    standard : Standard or str, optional
        A :class:`qbalance.Standard`, or a shipped id or file for
        :func:`qbalance.load_standard` (default ``"national-2017"``).

    Returns
    -------
    ScenarioComparison
        Both evaluations, every indicator's CV before and after, and the schools
        whose per-school verdict changes.

    Examples
    --------
    Moving 500 pupils from two township schools into 城关第二小学 (P02) leaves its
    floor area, sports ground, equipment and backbone teachers short per pupil;
    every CV roughly doubles but stays within the national limit:

    >>> from qbalance import compare_scenarios, example_county
    >>> from qbalance.evaluate.scenario import move_pupils
    >>> base = example_county()
    >>> cmp = compare_scenarios(base, move_pupils(base, [("P05", "P02", 300), ("P06", "P02", 200)]))
    >>> cmp.newly_failing_indicators
    ()
    >>> print(cmp.newly_failing_schools[0].reason_en)
    meets 3 of 7; not met: R2, R4, R5, R6; fewer than the required 6
    """
    std = as_standard(standard)
    a = evaluate_resources(baseline, std)
    b = evaluate_resources(projected, std, segments=[s.segment for s in a.segments])
    return _compare(a, b)


def _compare(a: ResourceEvaluation, b: ResourceEvaluation) -> ScenarioComparison:
    """What changes from the evaluation ``a`` to ``b`` (same segments)."""
    if [s.segment for s in a.segments] != [s.segment for s in b.segments]:
        raise DataError(message("scenario.not_same_segments"),
                        field="projected.segments")
    changes = []
    fails, recovers = [], []
    for sa, sb in zip(a.segments, b.segments, strict=True):
        for ia, ib in zip(sa.indicators, sb.indicators, strict=True):
            changes.append(IndicatorChange(segment=sa.segment, code=ia.code, cv_before=ia.cv,
                                           cv_after=ib.cv, cv_limit=ib.cv_limit,
                                           passed_before=ia.passed, passed_after=ib.passed))
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
