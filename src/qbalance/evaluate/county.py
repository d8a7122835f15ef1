"""The whole county evaluation: resources, government guarantee, quality, survey, vetoes.

Implements 《县域义务教育优质均衡发展督导评估办法》(教督〔2017〕6号) articles 5–11:
a county is recognised (认定) only if the resource-allocation area
(资源配置, :func:`qbalance.evaluate_resources`), the 15 government-guarantee
indicators (政府保障程度), the 9 education-quality indicators (教育质量) and the
social-recognition survey (社会认可度) all pass, and no veto condition
(不予认定情形) holds.

Every indicator gets a :class:`Verdict` — met, not met, not applicable, or
*not assessed* when the data it needs is missing (the missing field is named).
Missing data never passes: the county outcome is then "incomplete".  Threshold
tests use exact values (:class:`fractions.Fraction`), never rounded ones, and
qualitative indicators are taken from the county's declarations (never
invented).

Examples
--------
>>> from qbalance import evaluate_county, example_county
>>> result = evaluate_county(example_county())
>>> result.outcome.value
'failed'
>>> g14 = result.check("G14")
>>> g14.verdict.value, g14.measures[0].display, g14.measures[0].threshold
('not_met', '49.95 % = 532/1,065', '≥ 50 %')
>>> print(g14.reason_en.split("; ", 1)[1])
the exact value 49.9530…% is below 50%; the rounded "50%" does not meet it; of which rural 60.15 % = 320/532
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import attrs
import numpy as np

from qbalance._messages import Message, message
from qbalance._result import ResultMixin
from qbalance.io.results import plain
from qbalance.errors import DataError, RatioError, UnitError
from qbalance.models import (
    as_county,
    ClassSizeBandFacts,
    County,
    Declared,
    GuaranteeFacts,
    QualityFacts,
    SchoolKind,
    Segment,
    SurveyFacts,
    field_path_zh,
    parse_band,
)
from qbalance.ratios import (
    RATIO_SPECS,
    exact_consolidation_rate,
    exact_share,
    exact_teacher_pay_ratio,
    music_art_room_shortfalls,
    schools_averaging_over,
    schools_over_size,
    small_school_funds_required,
    survey_sample_required,
)
from qbalance.evaluate.resources import ResourceEvaluation, _lookup, evaluate_resources
from qbalance.expr import parse_condition
from qbalance.rounding import exact_fraction, round_half_up, truncate
from qbalance.vocab import VETO_HOLDS, VETO_VERDICT, Area, Lang
from qbalance.vocab import Outcome as Outcome, Verdict as Verdict  # re-exported for old imports
from qbalance.standard import (
    as_standard,
    GuaranteeStandard,
    QualityStandard,
    Standard,
    SurveyStandard,
    load_standard,
)

__all__ = [
    "AreaResult",
    "Check",
    "CountyEvaluation",
    "Measure",
    "band_classes_over",
    "evaluate_county",
]


MeasureUnit = Literal["percent", "permille", "yuan", "count", "ratio", "level", "number"]


@attrs.frozen(slots=True, kw_only=True)
class Measure:
    """One computed quantity of an indicator, its threshold and whether it is met.

    Attributes
    ----------
    name_zh, name_en : str
        What is measured.
    exact : fractions.Fraction
        The exact value (a share as a fraction: 532/1065, not 49.95).
    unit : str
        How it is displayed: ``percent``, ``permille``, ``yuan``, ``count``,
        ``ratio``, ``level`` or ``number``.
    display : str
        The value rounded half up for display (``"49.95 %"``).
    threshold : str or None
        The rule in words (``"≥ 50 %"``); ``None`` for an informational value.
    met : bool or None
        The verdict on the exact value; ``None`` when informational.
    limit : fractions.Fraction or None
        The exact threshold value (``1/2``), in the unit of :attr:`exact`.
    op : str or None
        The comparison: ``"ge"`` (≥), ``"le"`` (≤), ``"lt"`` (<) or ``"eq"`` (=).
    """

    name_zh: str
    name_en: str
    exact: Fraction
    unit: MeasureUnit
    display: str
    threshold: str | None
    met: bool | None
    limit: Fraction | None = None
    op: str | None = None

    @property
    def value(self) -> float:
        """The exact value as a float."""
        return float(self.exact)


@attrs.frozen(slots=True, kw_only=True)
class Check:
    """One indicator of the guarantee, quality or survey area, or one veto condition.

    Attributes
    ----------
    code : str
        ``G1``–``G15``, ``Q1``–``Q9``, ``S1``–``S3``, or the veto code.
    area : Area
        ``Area.GUARANTEE``, ``QUALITY``, ``SURVEY`` or ``VETO`` (equal to the strings
        ``"guarantee"`` … ``"veto"``).
    name_zh, name_en : str
        The indicator.
    verdict : Verdict
        Met, not met, not assessed or not applicable.
    measures : tuple of Measure
        The computed values behind the verdict (empty for declared indicators).
    reason_zh, reason_en : str
        Why, in words.
    missing : tuple of str
        Dotted names of the missing input fields when not assessed.
    declared : bool
        The verdict is the county's declaration (qualitative indicator, veto).
    evidence : str or None
        The evidence note of the declaration.
    """

    code: str
    area: Area = attrs.field(converter=Area)
    name_zh: str
    name_en: str
    verdict: Verdict
    measures: tuple[Measure, ...] = ()
    reason_zh: str = ""
    reason_en: str = ""
    missing: tuple[str, ...] = ()
    declared: bool = False
    evidence: str | None = None

    @property
    def value(self) -> float | None:
        """The first measure's exact value as a float (``None`` without measures)."""
        return self.measures[0].value if self.measures else None


def _outcome(verdicts: Iterable[Verdict]) -> Outcome:
    vs = list(verdicts)
    if Verdict.NOT_MET in vs:
        return Outcome.FAILED
    if Verdict.NOT_ASSESSED in vs:
        return Outcome.INCOMPLETE
    return Outcome.PASSED


@attrs.frozen(slots=True)
class AreaResult:
    """The checks of one area (guarantee, quality, survey) or of the vetoes.

    Attributes
    ----------
    area : Area
        ``Area.GUARANTEE``, ``QUALITY``, ``SURVEY`` or ``VETO`` (equal to the strings
        ``"guarantee"`` … ``"veto"``).
    name_zh, name_en : str
        The area's name.
    checks : tuple of Check
        Its indicators (or veto conditions), in the order of the method; for a veto,
        ``Verdict.MET`` means the condition does not hold.
    """

    area: Area = attrs.field(converter=Area)
    name_zh: str
    name_en: str
    checks: tuple[Check, ...]

    @property
    def outcome(self) -> Outcome:
        """Failed if any check is not met; incomplete if any is not assessed; else passed."""
        return _outcome(c.verdict for c in self.checks)

    def check(self, code: str) -> Check:
        """The check with ``code``.

        Parameters
        ----------
        code : str
            The indicator code (``"G14"``, ``"Q1"`` …) or veto code.

        Returns
        -------
        Check

        Raises
        ------
        KeyError
            The area has no such check.
        """
        for c in self.checks:
            if c.code == code:
                return c
        raise KeyError(code)

    def count(self, verdict: Verdict) -> int:
        """Number of checks with ``verdict``.

        Parameters
        ----------
        verdict : Verdict
            A :class:`Verdict` member (compared by identity, so not its string value).

        Returns
        -------
        int
            How many of :attr:`checks` have this verdict.
        """
        return sum(c.verdict is verdict for c in self.checks)


@attrs.frozen(slots=True, repr=False, kw_only=True)
class CountyEvaluation(ResultMixin):
    """Result of :func:`evaluate_county`: immutable, printable, serialisable.

    Attributes
    ----------
    county : str
        The county's name.
    year : int
        School year of the data.
    standard_id : str
        Id of the standard applied (e.g. ``"national-2017"``).
    resources : ResourceEvaluation
        The resource-allocation area (资源配置).
    guarantee, quality, survey : AreaResult
        The government-guarantee (政府保障程度), education-quality (教育质量) and
        social-recognition (社会认可度) areas.
    vetoes : AreaResult
        The veto conditions (不予认定).
    constructed : bool
        The county's data is constructed (example or synthetic), not a real county's.
    """

    county: str
    year: int
    standard_id: str
    resources: ResourceEvaluation
    guarantee: AreaResult
    quality: AreaResult
    survey: AreaResult
    vetoes: AreaResult
    constructed: bool = False

    @property
    def areas(self) -> tuple[AreaResult, ...]:
        """Guarantee, quality, survey and vetoes (resources are in :attr:`resources`)."""
        return (self.guarantee, self.quality, self.survey, self.vetoes)

    @property
    def resources_outcome(self) -> Outcome:
        """Outcome of the resource-allocation area."""
        return Outcome.PASSED if self.resources.passed else Outcome.FAILED

    @property
    def outcome(self) -> Outcome:
        """Failed if any area fails or a veto holds; incomplete if anything is not assessed."""
        outs = [self.resources_outcome, *(a.outcome for a in self.areas)]
        if Outcome.FAILED in outs:
            return Outcome.FAILED
        if Outcome.INCOMPLETE in outs:
            return Outcome.INCOMPLETE
        return Outcome.PASSED

    @property
    def passed(self) -> bool:
        """True only when every area passes and no veto holds (never with missing data)."""
        return self.outcome is Outcome.PASSED

    @property
    def checks(self) -> tuple[Check, ...]:
        """Every check of every area, in order."""
        return tuple(c for a in self.areas for c in a.checks)

    def check(self, code: str) -> Check:
        """The check with ``code`` (``"G14"``, ``"Q1"``, ``"S3"``, ``"key_schools"`` …).

        Parameters
        ----------
        code : str
            An indicator code of the guarantee, quality or survey area, or a veto code.

        Returns
        -------
        Check

        Raises
        ------
        KeyError
            No area has such a check.
        """
        for c in self.checks:
            if c.code == code:
                return c
        raise KeyError(code)

    @property
    def missing(self) -> tuple[str, ...]:
        """Every missing input field, in order, without repeats."""
        return tuple(dict.fromkeys(m for c in self.checks for m in c.missing))

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-serialisable): exact values as ``"532/1065"`` strings.

        Returns
        -------
        dict
            ``county``, ``year``, ``standard_id``, ``constructed``, ``outcome``,
            ``passed``, ``missing``, ``resources`` (:meth:`ResourceEvaluation.to_dict`
            with its ``outcome``) and ``guarantee``, ``quality``, ``survey`` and
            ``vetoes``, each with its ``outcome`` and every check's and measure's
            ``value`` as a float beside the exact fraction.
        """
        d: dict[str, Any] = {
            "county": self.county, "year": self.year, "standard_id": self.standard_id,
            "constructed": self.constructed, "outcome": self.outcome.value,
            "passed": self.passed, "missing": list(self.missing),
            "resources": self.resources.to_dict(),
        }
        d["resources"]["outcome"] = self.resources_outcome.value
        for area in self.areas:
            ad: dict[str, Any] = plain(attrs.asdict(area, recurse=True))
            ad["outcome"] = area.outcome.value
            for c, cd in zip(area.checks, ad["checks"], strict=True):
                cd["value"] = c.value
                for m, md in zip(c.measures, cd["measures"], strict=True):
                    md["value"] = m.value
            d[area.area.value if area.area is not Area.VETO else "vetoes"] = ad
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CountyEvaluation:
        """Rebuild a result from :meth:`to_dict` data (e.g. loaded JSON); equal to the original.

        Stored verdicts and values are checked against the stored figures.

        Parameters
        ----------
        data : mapping
            The output of :meth:`to_dict`, or its JSON parsed.

        Returns
        -------
        CountyEvaluation

        Raises
        ------
        DataError
            The data is incomplete or inconsistent.
        """
        from qbalance.io.results import structure_county

        return structure_county(cls, data)

    def to_frame(self, what: str = "checks", *, lang: Lang | None = "zh") -> Any:
        """A pandas DataFrame: ``"checks"`` (every indicator of the four areas and the
        vetoes), or the resource tables ``"indicators"``, ``"schools"``, ``"exclusions"``,
        ``"splits"``.  See :func:`qbalance.io.frames.result_frame`.

        Parameters
        ----------
        what : {"checks", "indicators", "schools", "exclusions", "splits", "warnings"}
            Which table.
        lang : {None, "zh", "en"}, optional
            ``"zh"`` (default, as every ``to_frame``) the Chinese texts, Chinese headers and
            every value in its Chinese word; ``"en"`` the English texts and the machine
            values; ``None`` the machine frame, with the texts in both languages.

        Returns
        -------
        pandas.DataFrame
        """
        from qbalance.io.frames import result_frame

        return result_frame(self, what, lang=lang)

    def summary(self, lang: Lang = "zh") -> str:
        """A readable text report (``lang="zh"`` or ``"en"``), resources included; rendered
        by :mod:`qbalance.report`.

        Parameters
        ----------
        lang : {"zh", "en"}
            Language (Chinese by default).

        Returns
        -------
        str
            The overall outcome, a table of the areas with their counts of verdicts,
            :meth:`ResourceEvaluation.summary`, the checks of every area with their
            reasons, and the missing input fields.
        """
        from qbalance.report import render_text

        return render_text(self, lang)

    def __str__(self) -> str:
        return self.summary("zh")


# -- names ---------------------------------------------------------------------------

_AREA_OF = {"G": Area.GUARANTEE, "Q": Area.QUALITY, "S": Area.SURVEY}


def _area_result(area: Area, checks: tuple[Check, ...]) -> AreaResult:
    """The result of ``area``, named by :class:`~qbalance.vocab.Area`."""
    return AreaResult(area, area.zh, area.en, checks)
_ROMAN = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}


# -- formatting ----------------------------------------------------------------------

def _dec(value: Fraction, places: int | None = None) -> str:
    """An exact decimal text of ``x`` (rounded half up to ``places`` when given)."""
    if places is not None:
        return str(round_half_up(value, places))
    denominator = value.denominator
    for digits in range(0, 13):
        if (10 ** digits) % denominator == 0:
            return str(round_half_up(value, digits))
    return str(round_half_up(value, 6))


def _fmt(value: Fraction, unit: MeasureUnit) -> str:
    if unit == "percent":
        return f"{_dec(value * 100, 2)} %"
    if unit == "permille":
        return f"{_dec(value * 1000, 2)} ‰"
    if unit == "yuan":
        return f"{round_half_up(value, 2):,}"
    if unit in ("count", "level"):
        return f"{_ROMAN.get(int(value), str(value))}" if unit == "level" else str(value)
    if unit == "ratio":
        return _dec(value, 4)
    return _dec(value)


def _fmt_threshold(limit: Fraction, unit: MeasureUnit) -> str:
    if unit == "percent":
        return f"{_dec(limit * 100)} %"
    if unit == "permille":
        return f"{_dec(limit * 1000)} ‰"
    if unit == "yuan":
        return f"{Decimal(_dec(limit)):,}"
    if unit == "level":
        return _ROMAN.get(int(limit), str(limit))
    return _dec(limit)


Op = Literal["ge", "le", "lt", "eq"]
_OPS = {"ge": "≥", "le": "≤", "lt": "<", "eq": "="}


def _measure(name_zh: str, name_en: str, exact: Fraction, unit: MeasureUnit,
             threshold: float | int | Fraction | None, op: Op = "ge",
             display: str | None = None) -> Measure:
    if threshold is None:
        return Measure(name_zh=name_zh, name_en=name_en, exact=exact, unit=unit,
                       display=display or _fmt(exact, unit), threshold=None, met=None)
    limit = exact_fraction(threshold, field=name_en)
    met = {"ge": exact >= limit, "le": exact <= limit, "lt": exact < limit,
           "eq": exact == limit}[op]
    return Measure(name_zh=name_zh, name_en=name_en, exact=exact, unit=unit,
                   display=display or _fmt(exact, unit),
                   threshold=f"{_OPS[op]} {_fmt_threshold(limit, unit)}", met=met,
                   limit=limit, op=op)


def _near_miss(measure: Measure) -> tuple[str, str] | None:
    """A note when a failing share would 'meet' the threshold once rounded for print."""
    if (measure.met is not False or measure.limit is None or measure.op != "ge"
            or measure.unit not in ("percent", "permille")):
        return None
    scale = 100 if measure.unit == "percent" else 1000
    limit = measure.limit * scale
    # rounded to whole units (as reports print them) or to the 2 decimals shown here
    shown_at = [digits for digits in (0, 2)
                if Fraction(round_half_up(measure.exact * scale, digits)) >= limit]
    if not shown_at:
        return None
    sym = "%" if scale == 100 else "‰"
    exact_text = f"{truncate(measure.exact * scale, 4)}…{sym}"
    shown = f"{round_half_up(measure.exact * scale, shown_at[0])}{sym}"
    return (f"精确值{exact_text}低于{_dec(limit)}{sym}，四舍五入后的“{shown}”不能作为达标依据",
            f"the exact value {exact_text} is below {_dec(limit)}{sym}; the rounded \"{shown}\" "
            "does not meet it")


def _describe(measures: Sequence[Measure], zh: bool) -> list[str]:
    out = []
    for measure in measures:
        name = measure.name_zh if zh else measure.name_en
        if measure.threshold is None:
            out.append(f"{name} {measure.display}")
        else:
            mark = "" if measure.met else ("，未达到" if zh else ", not met")
            if zh:
                out.append(f"{name} {measure.display}（标准 {measure.threshold}{mark}）")
            else:
                out.append(f"{name} {measure.display} (standard {measure.threshold}{mark})")
        note = _near_miss(measure)
        if note:
            out.append(note[0] if zh else note[1])
    return out


# -- check builders ------------------------------------------------------------------

def _base(code: str, area: Area | None = None) -> tuple[Area, str, str]:
    # The names come from the standard's [[items]]: _named() fills them in.
    return area or _AREA_OF[code[0]], code, code


def _named(area: AreaResult, std: Standard) -> AreaResult:
    """``area`` with each check's names taken from the standard's ``[[items]]``."""
    checks = []
    for check in area.checks:
        item = std.item(check.code)
        checks.append(attrs.evolve(check, name_zh=item.name_zh, name_en=item.name_en))
    return attrs.evolve(area, checks=tuple(checks))


def _computed(code: str, measures: Sequence[Measure], *, extra_zh: Sequence[str] = (),
              extra_en: Sequence[str] = (), missing: Sequence[str] = ()) -> Check:
    area, name_zh, name_en = _base(code)
    if any(measure.met is False for measure in measures):
        verdict = Verdict.NOT_MET
    elif missing:
        verdict = Verdict.NOT_ASSESSED
    else:
        verdict = Verdict.MET
    reasons_zh = _describe(measures, True) + list(extra_zh)
    reasons_en = _describe(measures, False) + list(extra_en)
    if missing and verdict is Verdict.NOT_ASSESSED:
        reasons_zh.append("缺少数据：" + "、".join(field_path_zh(field) for field in missing))
        reasons_en.append("missing: " + ", ".join(missing))
    return Check(code=code, area=area, name_zh=name_zh, name_en=name_en, verdict=verdict,
                 measures=tuple(measures), reason_zh="；".join(reasons_zh),
                 reason_en="; ".join(reasons_en),
                 missing=tuple(missing) if verdict is Verdict.NOT_ASSESSED else ())


def _missing(code: str, fields: Sequence[str], note_zh: str = "", note_en: str = "") -> Check:
    area, name_zh, name_en = _base(code)
    reason_zh = "缺少数据：" + "、".join(field_path_zh(field) for field in fields) + (
        f"；{note_zh}" if note_zh else "")
    reason_en = "missing: " + ", ".join(fields) + (f"; {note_en}" if note_en else "")
    return Check(code=code, area=area, name_zh=name_zh, name_en=name_en,
                 verdict=Verdict.NOT_ASSESSED, measures=(), reason_zh=reason_zh,
                 reason_en=reason_en, missing=tuple(fields))


def _not_applicable(code: str, why_zh: str, why_en: str) -> Check:
    area, name_zh, name_en = _base(code)
    return Check(code=code, area=area, name_zh=name_zh, name_en=name_en,
                 verdict=Verdict.NOT_APPLICABLE, measures=(), reason_zh=why_zh,
                 reason_en=why_en)


def _declared(code: str, decl: Declared | None, field: str) -> Check:
    if decl is None:
        return _missing(code, [field], "定性指标须由县提供自评结论",
                        "a qualitative indicator needs the county's declaration")
    area, name_zh, name_en = _base(code)
    evidence = decl.evidence
    reason_zh = ("县自评达标" if decl.met else "县自评未达标") + (
        f"（佐证：{evidence}）" if evidence else "")
    reason_en = ("declared met by the county" if decl.met else
                 "declared not met by the county") + (
        f" (evidence: {evidence})" if evidence else "")
    return Check(code=code, area=area, name_zh=name_zh, name_en=name_en,
                 verdict=Verdict.MET if decl.met else Verdict.NOT_MET, measures=(),
                 reason_zh=reason_zh, reason_en=reason_en, declared=True, evidence=evidence)


def _share(name_zh: str, name_en: str, part: int | float, whole: int | float,
           threshold: float | None, *, part_name: str, whole_name: str, ratio: str,
           unit: MeasureUnit = "percent") -> Measure:
    exact = RATIO_SPECS[ratio].exact(part, whole, part_name=part_name, whole_name=whole_name)
    return _measure(name_zh, name_en, exact, unit, threshold,
                    display=f"{_fmt(exact, unit)} = {_num(part)}/{_num(whole)}")


def _num(number: int | float) -> str:
    if isinstance(number, int) or number.is_integer():
        return f"{int(number):,}"
    return f"{Decimal(repr(number)):,}"


def _list(items: Sequence[str], zh: bool, limit: int = 6) -> str:
    head = list(items[:limit])
    more = len(items) - len(head)
    if more:
        head.append(f"等{len(items)}所" if zh else f"… ({len(items)} in all)")
    return ("、" if zh else ", ").join(head)


# -- government guarantee ------------------------------------------------------------

def _in_scope_schools(county: County, *, teaching_points: bool) -> list[Any]:
    return [school for school in county.schools if school.kind is not SchoolKind.SPECIAL
            and (teaching_points or school.kind is not SchoolKind.TEACHING_POINT)]


def _g3_rooms(county: County, rules: GuaranteeStandard, facts: GuaranteeFacts | None,
              flags: frozenset[str] = frozenset()) -> Check:
    schools = _in_scope_schools(county, teaching_points=rules.rooms_include_teaching_points)
    missing: list[str] = []
    usable = []
    for school in schools:
        blocks = [block for block in (school.primary, school.junior) if block is not None]
        gaps = [f"{seg}.classes"
                for seg, block in (("primary", school.primary), ("junior", school.junior))
                if block is not None and block.classes is None]
        gaps += [field for field in ("music_room_areas_m2", "art_room_areas_m2")
                 if getattr(school, field) is None]
        if gaps:
            missing.extend(f"schools[{school.id}].{field}" for field in gaps)
        else:
            usable.append((school,
                           sum(block.classes for block in blocks if block.classes is not None)))
    fails_zh: list[str] = []
    fails_en: list[str] = []
    failed_ids: set[str] = set()
    undecided: list[str] = []
    counted_zh: list[str] = []
    counted_en: list[str] = []
    if usable:
        def shortfalls(assume: bool) -> Any:
            # the standard's room rules: per school, the most lenient minimum of the
            # rules whose condition holds (``assume``: also of those it cannot decide)
            music, art, only = _room_rules([school for school, _ in usable], rules, assume=assume,
                                           flags=flags)
            return music_art_room_shortfalls(
                [classes for _, classes in usable],
                [school.music_room_areas_m2 or () for school, _ in usable],
                [school.art_room_areas_m2 or () for school, _ in usable],
                year_built=[school.year_built for school, _ in usable],
                classes_per_room=rules.classes_per_room, music_min_m2=music, art_min_m2=art,
                exempt_built_before=rules.room_area_exempt_built_before,
                labels=[school.id for school, _ in usable], count_only=only)
        res = shortfalls(False)
        maybe: set[int] = set()  # short unless a rule whose condition is unknown applies
        if rules.room_rules:
            lenient = shortfalls(True)
            for room_kind, lenient_kind in ((res.music, lenient.music), (res.art, lenient.art)):
                maybe |= set(np.flatnonzero(room_kind.short & ~lenient_kind.short).tolist())
            for k in sorted(maybe):
                maybe_school = usable[k][0]
                undecided.extend(f"schools[{maybe_school.id}].{name}" for name in _rule_unknowns(
                    maybe_school, [rule.when for rule in rules.room_rules], flags))
        need = res.need
        for kind, zh_k, room_kind in (("music", "音乐", res.music), ("art", "美术", res.art)):
            # Unknown year: small rooms might be exempt; such a school is undecided
            # (rk.undecided), short only if even all its rooms are too few.
            for i in np.flatnonzero(room_kind.short):
                if int(i) in maybe:
                    continue
                school = usable[i][0]
                failed_ids.add(school.id)
                counted = int(room_kind.counted[i])
                fails_zh.append(f"{school.name}（{school.id}）{zh_k}室{counted}间达标，需{need[i]}间")
                fails_en.append(f"{school.name} ({school.id}) {kind} rooms {counted} of "
                                f"{need[i]} needed")
            undecided.extend(f"schools[{usable[i][0].id}].year_built"
                             for i in np.flatnonzero(room_kind.undecided))
        # schools whose rooms below the least area still count (exempt or count-only):
        # say so, with the year, so the verdict carries its reason
        for i in np.flatnonzero(res.exempt & ((res.music.large < res.music.rooms)
                                              | (res.art.large < res.art.rooms))):
            school = usable[int(i)][0]
            year = school.year_built
            counted_zh.append(f"{school.name}（{school.id}）"
                              + (f"{year}年建成" if year is not None else ""))
            counted_en.append(f"{school.name} ({school.id})"
                              + (f" built {year}" if year is not None else ""))
    missing = list(dict.fromkeys(missing + undecided))
    measure = _measure("未达标学校数", "schools not meeting", Fraction(len(failed_ids)), "count", 0,
                       "eq", display=f"{len(failed_ids)}/{len(usable)}")
    extra_zh = [f"每{rules.classes_per_room}个班至少音乐、美术教室各1间，面积≥{rules.music_room_min_m2:g}/"
                f"{rules.art_room_min_m2:g}㎡"]
    extra_en = [f"one music and one art room per {rules.classes_per_room} classes, "
                f"≥ {rules.music_room_min_m2:g} / {rules.art_room_min_m2:g} m²"]
    if rules.room_area_exempt_built_before is not None:
        extra_zh[0] += f"（{rules.room_area_exempt_built_before}年以前建成的学校只看数量）"
        extra_en[0] += f" (schools built before {rules.room_area_exempt_built_before}: count only)"
    for rule in rules.room_rules:
        if rule.note_zh:
            extra_zh.append(rule.note_zh)
        if rule.note_en:
            extra_en.append(rule.note_en)
    if fails_zh:
        extra_zh.append(_list(fails_zh, True))
        extra_en.append(_list(fails_en, False))
    if counted_zh:
        extra_zh.append("只看数量、面积不足的专用教室仍计入的学校：" + _list(counted_zh, True))
        extra_en.append("schools whose rooms count by number only (rooms under the least area "
                        "counted): " + _list(counted_en, False))
    if missing and not fails_zh:
        decl = facts.rooms if facts is not None else None
        if decl is not None:
            declared = _declared("G3", decl, "guarantee.rooms")
            return attrs.evolve(
                declared, reason_zh=f"{len(missing)}项学校数据缺失，采用县自评；" + declared.reason_zh,
                reason_en=f"{len(missing)} school fields missing, the county's declaration is "
                          "used; " + declared.reason_en)
    return _computed("G3", [measure] if usable else [], extra_zh=extra_zh, extra_en=extra_en,
                     missing=missing)


def _room_rules(schools: Sequence[Any], rules: GuaranteeStandard, *, assume: bool,
                flags: frozenset[str]) -> tuple[list[float], list[float], list[bool]]:
    music, art, only = [], [], []
    for school in schools:
        music_min, art_min, count_only = rules.music_room_min_m2, rules.art_room_min_m2, False
        get = _lookup(school, None, flags)
        for rule in rules.room_rules:
            holds = parse_condition(rule.when).evaluate(get)
            if holds or (holds is None and assume):
                junior = school.junior is not None
                rule_music, rule_art = rule.area("music", junior), rule.area("art", junior)
                music_min = min(music_min, rule_music) if rule_music is not None else music_min
                art_min = min(art_min, rule_art) if rule_art is not None else art_min
                count_only = count_only or rule.count_only
        music.append(music_min)
        art.append(art_min)
        only.append(count_only)
    return music, art, only


def _rule_unknowns(school: Any, whens: Sequence[str], flags: frozenset[str]) -> list[str]:
    get = _lookup(school, None, flags)
    out: list[str] = []
    for when in whens:
        cond = parse_condition(when)
        if cond.evaluate(get) is None:
            out += [name for name in cond.missing(get) if name not in out]
    return out


def _g4_size(county: County, rules: GuaranteeStandard,
             flags: frozenset[str] = frozenset()) -> Check:
    schools = [school for school in county.schools
               if school.kind is not SchoolKind.SPECIAL and school.kind in rules.school_size_max]
    pupils = np.array([sum(block.pupils for block in (school.primary, school.junior)
                           if block is not None) for school in schools], dtype=np.int64)
    limits = np.array([_size_limit(school, rules, assume=False, flags=flags)
                       for school in schools], dtype=np.int64)
    over = np.flatnonzero(schools_over_size(pupils, limits,
                                            labels=[school.id for school in schools]))
    size_missing: list[str] = []
    if rules.size_rules and len(over):
        lenient = np.array([_size_limit(school, rules, assume=True, flags=flags)
                            for school in schools], dtype=np.int64)
        maybe = set(np.flatnonzero(~schools_over_size(pupils, lenient)).tolist())
        for i in [int(i) for i in over if int(i) in maybe]:
            size_missing += [f"schools[{schools[i].id}].{name}" for name in _rule_unknowns(
                schools[i], [rule.when for rule in rules.size_rules], flags)]
        over = np.array([i for i in over if int(i) not in maybe], dtype=np.intp)
    measure = _measure("超规模学校数", "schools over the size limit", Fraction(len(over)), "count",
                       0, "eq")
    lim = "、".join(f"{kind.zh}≤{max_pupils}" for kind, max_pupils in rules.school_size_max.items())
    lim_en = ", ".join(f"{kind.value} ≤ {max_pupils}"
                       for kind, max_pupils in rules.school_size_max.items())
    extra_zh = [f"{len(schools)}所学校，限额{lim}"]
    extra_en = [f"{len(schools)} schools, limits {lim_en}"]
    if len(over):
        extra_zh.append(_list([f"{schools[i].name}{pupils[i]}人>{limits[i]}" for i in over], True))
        extra_en.append(_list([f"{schools[i].name} {pupils[i]} > {limits[i]}" for i in over],
                              False))
    for rule in rules.size_rules:
        if rule.note_zh:
            extra_zh.append(rule.note_zh)
        if rule.note_en:
            extra_en.append(rule.note_en)
    relaxed = [i for i in range(len(schools))
               if limits[i] != rules.school_size_max[schools[i].kind]]
    if relaxed:
        extra_zh.append("放宽限额：" + _list([f"{schools[i].name}≤{limits[i]}" for i in relaxed],
                                         True))
        extra_en.append("relaxed limits: " + _list([f"{schools[i].name} ≤ {limits[i]}"
                                                    for i in relaxed], False))
    return _computed("G4", [measure], extra_zh=extra_zh, extra_en=extra_en, missing=size_missing)


def _size_limit(school: Any, rules: GuaranteeStandard, *, assume: bool,
                flags: frozenset[str]) -> int:
    limit = rules.school_size_max[school.kind]
    get = _lookup(school, None, flags)
    for rule in rules.size_rules:
        holds = parse_condition(rule.when).evaluate(get)
        if (holds or (holds is None and assume)) and school.kind in rule.school_size_max:
            limit = max(limit, rule.school_size_max[school.kind])
    return limit


def _g5_class_size(county: County, rules: GuaranteeStandard,
                   facts: GuaranteeFacts | None) -> Check:
    lim = rules.class_size_max
    # Pupils per class above the limit at some school proves a class over the limit.
    proven: dict[Segment, list[str]] = {Segment.PRIMARY: [], Segment.JUNIOR: []}
    for seg in Segment:
        limit = lim.get(seg)
        if limit is None:
            continue
        rows = [(school, block) for school in county.schools
                if school.kind is not SchoolKind.SPECIAL
                and (block := school.segment(seg)) is not None and block.classes is not None]
        if not rows:
            continue
        pupils = np.array([block.pupils for _, block in rows], dtype=np.int64)
        classes = np.array([block.classes or 0 for _, block in rows], dtype=np.int64)
        averaging_over = schools_averaging_over(pupils, classes, limit,
                                                labels=[school.id for school, _ in rows])
        for i in np.flatnonzero(averaging_over):
            proven[seg].append(f"{rows[i][0].name}（{rows[i][0].id}）")
    extra_zh: list[str] = []
    extra_en: list[str] = []
    for seg, names in proven.items():
        if names:
            extra_zh.append(f"{seg.zh}平均班额超过{lim.get(seg)}人的学校：{_list(names, True)}")
            extra_en.append(f"{seg.en} schools averaging over {lim.get(seg)} per class: "
                            f"{_list(names, False)}")
    sizes = facts.class_sizes if facts is not None else None
    bands = _g5_bands(county, lim, facts.class_size_bands if facts is not None else None)
    if sizes is None and bands is not None:
        b_measures, b_zh, b_en, b_missing = bands
        n_proven = sum(len(ids) for ids in proven.values())
        if n_proven:
            b_measures.append(_measure("平均班额超限的学校数", "schools averaging over the limit",
                                       Fraction(n_proven), "count", 0, "eq"))
        return _computed("G5", b_measures, extra_zh=[*b_zh, *extra_zh],
                         extra_en=[*b_en, *extra_en], missing=b_missing)
    if sizes is None:
        if extra_zh:
            measure = _measure("平均班额超限的学校数", "schools averaging over the limit",
                               Fraction(sum(len(ids) for ids in proven.values())), "count", 0,
                               "eq")
            return _computed("G5", [measure], extra_zh=extra_zh, extra_en=extra_en)
        return _missing("G5", ["guarantee.class_sizes"], "需要超过班额限制的班级数",
                        "needs the number of classes over the limit")
    measures = []
    for seg, over, total in ((Segment.PRIMARY, sizes.primary_over, sizes.primary_classes),
                             (Segment.JUNIOR, sizes.junior_over, sizes.junior_classes)):
        limit = lim.get(seg)
        if limit is None or total == 0:
            continue
        measures.append(_measure(f"{seg.zh}超过{limit}人的班级", f"{seg.en} classes over {limit}",
                                 Fraction(over), "count", 0, "eq", display=f"{over}/{total}"))
        if proven[seg] and over == 0:
            extra_zh.append(f"与申报的{seg.zh}超额班级数0矛盾")
            extra_en.append(f"contradicts the declared 0 {seg.en} classes over the limit")
    n_proven = sum(len(ids) for ids in proven.values())
    if n_proven:
        measures.append(_measure("平均班额超限的学校数", "schools averaging over the limit",
                                 Fraction(n_proven), "count", 0, "eq"))
    if bands is not None:
        # the bands given beside the classes over the limit: what they prove counts too
        # (a class over the limit in them contradicts a declared 0); undecided bands
        # leave the declared count to decide
        b_measures, b_zh, b_en, _ = bands
        measures += [m for m in b_measures if m.met is False]
        extra_zh += b_zh
        extra_en += b_en
    return _computed("G5", measures, extra_zh=extra_zh, extra_en=extra_en)


def _band_split(bands: Mapping[str, int], limit: int) -> tuple[int, int, int, list[str]]:
    """(classes, classes certainly over ``limit``, classes in bands straddling it, the
    straddling bands' labels) of one set of class-size bands."""
    total = over = straddle = 0
    labels: list[str] = []
    for label, n in bands.items():
        lo, hi = parse_band(label)
        total += n
        if lo is not None and lo > limit:
            over += n                                  # every class of the band is over
        elif hi is None or hi > limit:
            # lo <= limit < hi: the band holds sizes on both sides of the limit
            straddle += n
            if n:
                labels.append(label)
    return total, over, straddle, labels


def _band_sources(county: County, seg: Segment, facts: ClassSizeBandFacts | None
                  ) -> tuple[list[tuple[str, str, Mapping[str, int]]], list[str]]:
    """The bands of ``seg``: the county's, else the schools' (with who gives them), and
    the schools of the segment that give none."""
    county_bands = facts.get(seg) if facts is not None else None
    if county_bands is not None:
        return [("", "", county_bands)], []
    sources: list[tuple[str, str, Mapping[str, int]]] = []
    lacking: list[str] = []
    for s in county.schools:
        b = s.segment(seg)
        if s.kind is SchoolKind.SPECIAL or b is None:
            continue
        if b.class_size_bands is None:
            lacking.append(f"schools[{s.id}].{seg.value}.class_size_bands")
        else:
            sources.append((f"{s.name}（{s.id}）", f"{s.name} ({s.id}) ", b.class_size_bands))
    return sources, lacking


def band_classes_over(county: County, segment: Segment, limit: int) -> int | None:
    """Classes of ``segment`` over ``limit`` counted exactly from the size bands.

    The county's bands (``guarantee.class_size_bands``), else every school's
    (``SegmentData.class_size_bands``); ``None`` when no bands are given, a school of
    the segment gives none, or a band straddles the limit (its classes cannot be
    counted).

    Parameters
    ----------
    county : County
    segment : Segment
    limit : int
        The largest class allowed (national: 45 primary, 50 junior).

    Returns
    -------
    int or None

    Examples
    --------
    >>> from qbalance import County, Segment, example_county
    >>> from qbalance.evaluate.county import band_classes_over
    >>> d = example_county().model_dump()
    >>> d["guarantee"]["class_size_bands"] = {"primary": {"41-45": 200, "46-50": 11}}
    >>> c = County.model_validate(d)
    >>> band_classes_over(c, Segment.PRIMARY, 45), band_classes_over(c, Segment.PRIMARY, 48)
    (11, None)
    """
    g = county.guarantee
    sources, lacking = _band_sources(county, segment,
                                     g.class_size_bands if g is not None else None)
    if not sources or lacking:
        return None
    over = 0
    for _, _, bands in sources:
        _, o, straddle, _ = _band_split(bands, limit)
        if straddle:
            return None
        over += o
    return over


def _g5_bands(county: County, lim: Any, facts: ClassSizeBandFacts | None
              ) -> tuple[list[Measure], list[str], list[str], list[str]] | None:
    """Guarantee 5 from classes by size band: the county's bands per segment, else the
    schools' (``SegmentData.class_size_bands``).  ``None`` when no band is given.

    A band wholly above the limit proves its classes over it; a band straddling the
    limit (e.g. 41–50 against 45) cannot say how many of its classes are over, so
    without a band that proves a class over the limit the verdict is not assessed
    (the classes over the limit, ``guarantee.class_sizes``, would decide)."""
    measures: list[Measure] = []
    ez: list[str] = []
    ee: list[str] = []
    missing: list[str] = []
    given = False
    for seg in Segment:
        limit = lim.get(seg)
        if limit is None:
            continue
        sources, lacking = _band_sources(county, seg, facts)
        if not sources:
            continue
        given = True
        total = over = straddle = 0
        straddling: list[str] = []
        straddling_en: list[str] = []
        over_at: list[str] = []
        over_at_en: list[str] = []
        for who, who_en, bands in sources:
            t, o, st, labels = _band_split(bands, limit)
            total, over, straddle = total + t, over + o, straddle + st
            straddling += [f"{who}{lb}" for lb in labels]
            straddling_en += [f"{who_en}{lb}" for lb in labels]
            if o and who:
                over_at.append(f"{who}{o}个")
                over_at_en.append(f"{who_en}{o}")
        name_zh = f"{seg.zh}超过{limit}人的班级（按班额分段）"
        name_en = f"{seg.en} classes over {limit} (by size band)"
        exact = not straddle and not lacking
        shown = f"{over}/{total}" if exact else f"≥{over}/{total}"
        if over or exact:
            measures.append(_measure(name_zh, name_en, Fraction(over), "count", 0, "eq",
                                     display=shown))
        if over_at:
            ez.append(f"{seg.zh}有超过{limit}人班级的学校：{_list(over_at, True)}")
            ee.append(f"{seg.en} schools with classes over {limit}: "
                      f"{_list(over_at_en, False)}")
        if straddle:
            ez.append(f"{seg.zh}班额分段{_list(sorted(set(straddling)), True)}"
                      f"跨越限额{limit}人，其中{straddle}个班是否超过{limit}人无法由分段判断")
            ee.append(f"{seg.en} size band(s) {_list(sorted(set(straddling_en)), False)} straddle "
                      f"the limit {limit}: whether their {straddle} classes are over it cannot "
                      "be told from the bands")
            if not over:
                missing.append("guarantee.class_sizes")
        if lacking and not over:
            missing += lacking
    if not given:
        return None
    return measures, ez, ee, list(dict.fromkeys(missing))


def _g6_small(county: County, rules: GuaranteeStandard, facts: GuaranteeFacts | None) -> Check:
    floor = rules.small_school_pupils
    declared = facts.small_schools if facts is not None else None
    if declared is None:
        small = [school for school in county.schools if school.kind is not SchoolKind.SPECIAL
                 and (school.rural or school.kind is SchoolKind.TEACHING_POINT)
                 and sum(block.pupils for block in (school.primary, school.junior)
                         if block is not None) < floor]
        if not small:
            return _not_applicable("G6", f"县内无不足{floor}名学生的村小学和教学点",
                                   f"no rural school or teaching point under {floor} pupils")
        return _missing("G6", ["guarantee.small_schools"],
                        f"县内有{len(small)}所不足{floor}名学生的村小学或教学点",
                        f"{len(small)} rural schools or teaching points have under {floor} pupils")
    if declared.schools == 0 and not declared.pupils:
        return _not_applicable("G6", f"县内无不足{floor}名学生的村小学和教学点",
                               f"no rural school or teaching point under {floor} pupils")
    try:
        required = small_school_funds_required(declared.schools, declared.pupils, floor=floor,
                                               base_rate=declared.base_rate_yuan)
    except RatioError as err:
        # The same problem, named by the county's field path.
        field = {"base_rate": "base_rate_yuan"}.get(err.field or "", err.field)
        cause = err.args[0]
        msg = (message(cause.code, **{**cause.params, "what": "guarantee.small_schools"})
               if isinstance(cause, Message) else str(err))
        raise DataError(msg, field=f"guarantee.small_schools.{field}", value=err.value) from None
    funds = exact_fraction(declared.funds_yuan, field="funds_yuan")
    measure = _measure("核定公用经费（元）", "funds granted (yuan)", funds, "yuan", required)
    return _computed("G6", [measure],
                     extra_zh=[f"{declared.schools}所×{floor}人×{_num(declared.base_rate_yuan)}元"],
                     extra_en=[f"{declared.schools} schools × {floor} × "
                               f"{_num(declared.base_rate_yuan)} yuan"])


def _g7_special(county: County, rules: GuaranteeStandard, facts: GuaranteeFacts | None) -> Check:
    special = facts.special_funds if facts is not None else None
    if special is None:
        if not any(school.kind is SchoolKind.SPECIAL for school in county.schools):
            return _not_applicable("G7", "县内无特殊教育学校", "no special-education school")
        return _missing("G7", ["guarantee.special_funds"])
    per = exact_share(special.funds_yuan, special.pupils, part_name="funds_yuan",
                      whole_name="pupils",
                      what="special_funds", allow_exceed=True)
    rng = rules.special_funds_plausible_yuan
    if rng is not None and not rng[0] <= per <= rng[1]:
        hint = message("county.hint_wan_as_yuan" if per < rng[0] else "county.hint_too_large")
        raise UnitError(message("county.special_funds", field="guarantee.special_funds",
                                funds=_num(special.funds_yuan), pupils=special.pupils,
                                per=f"{float(per):,.2f}", lo=f"{rng[0]:g}", hi=f"{rng[1]:g}",
                                hint=hint),
                        field="guarantee.special_funds.funds_yuan", value=special.funds_yuan)
    measure = _measure("生均公用经费（元）", "funds per pupil (yuan)", per, "yuan",
                       rules.special_funds_min_yuan)
    measures, miss = [measure], []
    extra_zh = [f"{_num(special.funds_yuan)}元/{special.pupils}人"]
    extra_en = [f"{_num(special.funds_yuan)} yuan / {special.pupils} pupils"]
    if rules.special_funds_regular_class:
        # the standard extends the per-pupil rate to disabled pupils in regular classes
        if special.regular_class_pupils is None or special.regular_class_funds_yuan is None:
            miss = [path for path, value in (("guarantee.special_funds.regular_class_pupils",
                                              special.regular_class_pupils),
                                             ("guarantee.special_funds.regular_class_funds_yuan",
                                              special.regular_class_funds_yuan)) if value is None]
        elif special.regular_class_pupils > 0:
            per_r = exact_share(special.regular_class_funds_yuan, special.regular_class_pupils,
                                part_name="regular_class_funds_yuan",
                                whole_name="regular_class_pupils", what="special_funds",
                                allow_exceed=True)
            measures.append(_measure("随班就读生均公用经费（元）", "regular-class funds per pupil (yuan)",
                                     per_r, "yuan", rules.special_funds_min_yuan))
            extra_zh.append(f"随班就读{_num(special.regular_class_funds_yuan)}元/"
                            f"{special.regular_class_pupils}人")
            extra_en.append(f"regular classes {_num(special.regular_class_funds_yuan)} yuan / "
                            f"{special.regular_class_pupils} pupils")
    return _computed("G7", measures, extra_zh=extra_zh, extra_en=extra_en, missing=miss)


def _g2_unified(rules: GuaranteeStandard, facts: GuaranteeFacts | None) -> Check:
    decl = facts.unified_standards if facts is not None else None
    floors = [(seg, minimum) for seg in Segment
              if (minimum := rules.public_funds_min_yuan.get(seg)) is not None]
    if not floors:
        return _declared("G2", decl, "guarantee.unified_standards")
    public_funds = facts.public_funds if facts is not None else None
    measures: list[Measure] = []
    miss: list[str] = []
    for seg, floor in floors:
        got = getattr(public_funds, f"{seg.value}_yuan") if public_funds is not None else None
        if got is None:
            miss.append(f"guarantee.public_funds.{seg.value}_yuan")
            continue
        measures.append(_measure(f"{seg.zh}生均公用经费（元）", f"{seg.en} funds per pupil (yuan)",
                                 exact_fraction(got, field=f"{seg.value}_yuan"), "yuan", floor))
    if decl is None:
        miss.append("guarantee.unified_standards")
    extra_zh: list[str] = []
    extra_en: list[str] = []
    if decl is not None:
        extra_zh.append("县自评达标" if decl.met else "县自评未达标")
        extra_en.append("declared met by the county" if decl.met else
                        "declared not met by the county")
    check = _computed("G2", measures, extra_zh=extra_zh, extra_en=extra_en, missing=miss)
    if decl is not None and not decl.met:  # the qualitative part declared not met
        check = attrs.evolve(check, verdict=Verdict.NOT_MET, missing=())
    return check


def _g8_pay(rules: GuaranteeStandard, facts: GuaranteeFacts | None) -> Check:
    pay = facts.teacher_pay if facts is not None else None
    if pay is None:
        return _missing("G8", ["guarantee.teacher_pay"])
    ratio = exact_teacher_pay_ratio(pay.teacher_avg_yuan, pay.civil_servant_avg_yuan)
    measure = _measure("教师/公务员平均工资", "teacher / civil-servant pay", ratio, "ratio",
                       rules.teacher_pay_ratio_min,
                       display=f"{_fmt(ratio, 'ratio')} = {_num(pay.teacher_avg_yuan)}/"
                               f"{_num(pay.civil_servant_avg_yuan)}")
    return _computed("G8", [measure])


def _evaluate_guarantee(county: County, rules: GuaranteeStandard,
                        flags: frozenset[str] = frozenset()) -> AreaResult:
    facts = county.guarantee
    checks: list[Check] = [
        _declared("G1", facts.planning if facts else None, "guarantee.planning"),
        _g2_unified(rules, facts),
        _g3_rooms(county, rules, facts, flags),
        _g4_size(county, rules, flags),
        _g5_class_size(county, rules, facts),
        _g6_small(county, rules, facts),
        _g7_special(county, rules, facts),
        _g8_pay(rules, facts),
    ]
    training = facts.training if facts else None
    checks.append(_missing("G9", ["guarantee.training"]) if training is None else _computed("G9", [
        _share("完成率", "completion", training.satisfying, training.teachers,
               rules.training_completion_min,
               part_name="satisfying", whole_name="teachers", ratio="training_completion_rate")],
        extra_zh=[f"{rules.training_years}年{rules.training_hours}学时"],
        extra_en=[f"{rules.training_hours} hours in {rules.training_years} years"]))
    checks.append(_declared("G10", facts.staffing if facts else None, "guarantee.staffing"))
    rotation = facts.rotation if facts else None
    checks.append(_missing("G11", ["guarantee.rotation"]) if rotation is None else _computed(
        "G11", [
        _share("交流轮岗比例", "rotated", rotation.rotated, rotation.eligible, rules.rotation_min,
               part_name="rotated", whole_name="eligible", ratio="rotation_share"),
        _share("骨干教师占比", "backbone share", rotation.backbone, rotation.rotated,
               rules.backbone_rotation_min, part_name="backbone", whole_name="rotated",
               ratio="backbone_rotation_share")
        if rotation.rotated else _measure("骨干教师占比", "backbone share", Fraction(0), "percent",
                                          rules.backbone_rotation_min, display="— (0 rotated)")]))
    certification = facts.certification if facts else None
    checks.append(_missing("G12", ["guarantee.certification"]) if certification is None
                  else _computed("G12", [_share(
                      "持证上岗率", "certified", certification.satisfying, certification.teachers,
                      rules.certification_min, part_name="satisfying", whole_name="teachers",
                      ratio="certification_rate")]))
    nearby = facts.nearby_enrolment if facts else None
    if nearby is None:
        checks.append(_missing("G13", ["guarantee.nearby_enrolment"]))
    else:
        measures = []
        if nearby.urban_enrolled:
            measures.append(_share("城区", "urban", nearby.urban_nearby, nearby.urban_enrolled,
                                   rules.nearby_urban_min, part_name="urban_nearby",
                                   whole_name="urban_enrolled", ratio="nearby_enrolment_rate"))
        if nearby.town_enrolled:
            measures.append(_share("镇区", "towns", nearby.town_nearby, nearby.town_enrolled,
                                   rules.nearby_town_min,
                                   part_name="town_nearby", whole_name="town_enrolled",
                                   ratio="nearby_enrolment_rate"))
        checks.append(_computed("G13", measures) if measures else _not_applicable(
            "G13", "城区、镇区均无入学人数", "no urban or town entrants"))
    quota = facts.quota if facts else None
    if quota is None:
        checks.append(_missing("G14", ["guarantee.quota"]))
    else:
        measures = [_share("分配比例", "allocated", quota.allocated, quota.total,
                           rules.quota_share_min,
                           part_name="allocated", whole_name="total",
                           ratio="quota_allocation_share")]
        miss: list[str] = []
        if quota.rural is not None and quota.allocated:
            measures.append(_share("其中农村初中", "of which rural", quota.rural, quota.allocated,
                                   rules.quota_rural_share_min, part_name="rural",
                                   whole_name="allocated", ratio="rural_quota_share"))
        elif rules.quota_rural_share_min is not None:
            miss.append("guarantee.quota.rural")
        checks.append(_computed("G14", measures, missing=miss))
    migrants = facts.migrants if facts else None
    if migrants is None:
        checks.append(_missing("G15", ["guarantee.migrants"]))
    elif migrants.eligible == 0:
        checks.append(_not_applicable("G15", "无符合条件的随迁子女", "no eligible migrant children"))
    else:
        checks.append(_computed("G15", [_share(
            "就读比例", "in public places", migrants.in_public, migrants.eligible,
            rules.migrant_public_min, part_name="in_public", whole_name="eligible",
            ratio="migrant_public_share")]))
    return _area_result(Area.GUARANTEE, tuple(checks))


# -- education quality ---------------------------------------------------------------

def _q9_monitoring(rules: QualityStandard, facts: QualityFacts | None) -> Check:
    mon = facts.monitoring if facts is not None else None
    if mon is None:
        return _missing("Q9", ["quality.monitoring"])
    if not mon.participated:
        return _missing("Q9", ["quality.monitoring.results"],
                        "县未参加国家义务教育质量监测，待参加后评估",
                        "the county has not taken part in national monitoring")
    measures: list[Measure] = []
    miss: list[str] = []
    for i, result in enumerate(mon.results):
        label_zh = f"{result.grade}年级{result.subject}"
        label_en = f"grade {result.grade} {result.subject}"
        if result.level is None:
            miss.append(f"quality.monitoring.results[{i}].level")
        else:
            measures.append(_measure(f"{label_zh}学业水平", f"{label_en} level",
                                     Fraction(result.level),
                                     "level", rules.monitoring_level_min))
        if result.difference_rate is None:
            miss.append(f"quality.monitoring.results[{i}].difference_rate")
        else:
            measures.append(_measure(f"{label_zh}校际差异率", f"{label_en} difference rate",
                                     exact_fraction(result.difference_rate), "number",
                                     rules.monitoring_difference_below, "lt"))
    return _computed("Q9", measures, missing=miss)


def _evaluate_quality(county: County, rules: QualityStandard) -> AreaResult:
    facts = county.quality
    checks: list[Check] = []
    cohort = facts.consolidation if facts else None
    if cohort is None:
        checks.append(_missing("Q1", ["quality.consolidation"]))
    else:
        rate = exact_consolidation_rate(
            cohort.graduates, cohort.entrants, transferred_in=cohort.transferred_in,
            transferred_out=cohort.transferred_out, resumed=cohort.resumed,
            suspended=cohort.suspended, deceased=cohort.deceased,
            variant=rules.consolidation_variant, cap=rules.consolidation_cap)
        if rate > 1:  # more graduates than the cohort: impossible, never "met"
            raise DataError(
                message("county.consolidation_over", field="quality.consolidation",
                        rate=f"{float(rate):.4%}", variant=rules.consolidation_variant,
                        graduates=cohort.graduates),
                field="quality.consolidation.graduates", value=cohort.graduates)
        num = str(cohort.graduates)
        if rules.consolidation_variant == "full":
            den = (f"{cohort.entrants}+{cohort.transferred_in}+{cohort.resumed}-"
                   f"{cohort.transferred_out}-{cohort.suspended}-{cohort.deceased}")
        elif rules.consolidation_variant == "form":
            num = f"({cohort.graduates}-{cohort.transferred_in}+{cohort.transferred_out})"
            den = f"{cohort.entrants}-{cohort.deceased}"
        else:
            den = f"{cohort.entrants}+{cohort.transferred_in}-{cohort.transferred_out}"
        checks.append(_computed("Q1", [_measure(
            "巩固率", "rate", rate, "percent", rules.consolidation_min,
            display=f"{_fmt(rate, 'percent')} = {num}/({den})")]))
    disabled = facts.disabled if facts else None
    if disabled is None:
        checks.append(_missing("Q2", ["quality.disabled"]))
    elif disabled.children == 0:
        checks.append(_not_applicable("Q2", "无适龄残疾儿童少年", "no school-age disabled children"))
    else:
        checks.append(_computed("Q2", [_share(
            "入学率", "enrolled", disabled.enrolled, disabled.children, rules.disabled_enrolment_min,
            part_name="enrolled", whole_name="children", ratio="disabled_enrolment_rate")]))
    checks.append(_declared("Q3", facts.charters if facts else None, "quality.charters"))
    budget = facts.training_budget if facts else None
    if budget is None:
        checks.append(_missing("Q4", ["quality.training_budget"]))
    else:
        measures = [_share("占比" if len(rules.training_budget_bases) == 1 else "预算占比",
                           "share" if len(rules.training_budget_bases) == 1 else "budget share",
                           budget.training_yuan, budget.public_funds_yuan,
                           rules.training_budget_share_min, part_name="training_yuan",
                           whole_name="public_funds_yuan", ratio="training_budget_share")]
        miss = []
        if "final_accounts" in rules.training_budget_bases:
            if budget.final_training_yuan is None or budget.final_public_funds_yuan is None:
                miss = ["quality.training_budget.final_training_yuan",
                        "quality.training_budget.final_public_funds_yuan"]
            else:
                measures.append(_share("决算占比", "final-accounts share", budget.final_training_yuan,
                                       budget.final_public_funds_yuan,
                                       rules.training_budget_share_min,
                                       part_name="final_training_yuan",
                                       whole_name="final_public_funds_yuan",
                                       ratio="training_budget_share"))
        checks.append(_computed("Q4", measures, missing=miss))
    checks.append(_declared("Q5", facts.ict_use if facts else None, "quality.ict_use"))
    checks.append(_declared("Q6", facts.moral_education if facts else None,
                            "quality.moral_education"))
    curriculum = _declared("Q7", facts.curriculum if facts else None, "quality.curriculum")
    if rules.curriculum_extra_zh or rules.curriculum_extra_en:
        extra_zh, extra_en = rules.curriculum_extra_zh, rules.curriculum_extra_en
        curriculum = attrs.evolve(
            curriculum,
            reason_zh=curriculum.reason_zh + (f"；本标准另要求：{extra_zh}" if extra_zh else ""),
            reason_en=curriculum.reason_en + (f"; this standard also requires: {extra_en}"
                                              if extra_en else ""))
    checks.append(curriculum)
    checks.append(_declared("Q8", facts.homework if facts else None, "quality.homework"))
    checks.append(_q9_monitoring(rules, facts))
    return _area_result(Area.QUALITY, tuple(checks))


# -- survey and vetoes ---------------------------------------------------------------

def _evaluate_survey(survey: SurveyFacts | None, rules: SurveyStandard) -> AreaResult:
    if survey is None:
        checks = tuple(_missing(code, ["survey"]) for code in ("S1", "S2", "S3"))
        return _area_result(Area.SURVEY, checks)
    rate = RATIO_SPECS["survey_sample_rate"].exact(
        survey.respondents, survey.resident_population, whole_name="resident_population")
    need = survey_sample_required(survey.resident_population, per_mille=rules.sample_per_mille_min)
    s1_measures = [_measure(
        "样本占常住人口", "respondents per resident", rate, "permille",
        exact_fraction(rules.sample_per_mille_min) / 1000,
        display=f"{_fmt(rate, 'permille')} = {survey.respondents:,}/"
                f"{survey.resident_population:,}")]
    s1_miss: list[str] = []
    if (rules.sample_min is not None and rules.sample_min_population_below is not None
            and survey.resident_population < rules.sample_min_population_below):
        need = max(need, rules.sample_min)
        s1_measures.append(_measure(
            f"样本量（常住人口不足{rules.sample_min_population_below:,}人）",
            f"sample (population under {rules.sample_min_population_below:,})",
            Fraction(survey.respondents), "count", rules.sample_min))
    if rules.valid_return_min is not None:
        if survey.questionnaires is None:
            s1_miss.append("survey.questionnaires")
        else:
            s1_measures.append(_share("有效回收率", "valid returns", survey.respondents,
                                      survey.questionnaires, rules.valid_return_min,
                                      part_name="respondents", whole_name="questionnaires",
                                      ratio="valid_return_rate"))
    s1 = _computed("S1", s1_measures, extra_zh=[f"至少需{need}人"],
                   extra_en=[f"needs at least {need}"],
                   missing=s1_miss)
    s2 = _computed("S2", [_share("家长", "parents", survey.parents, survey.respondents,
                                 rules.parent_share_min, part_name="parents",
                                 whole_name="respondents", ratio="parent_share")])
    s3 = _computed("S3", [_measure("满意度", "satisfaction",
                                   exact_fraction(survey.satisfaction, field="satisfaction"),
                                   "percent", rules.satisfaction_min)])
    return _area_result(Area.SURVEY, (s1, s2, s3))


def _evaluate_vetoes(county: County, std: Standard) -> AreaResult:
    decl = county.vetoes
    known = {veto.code for veto in std.vetoes}
    if decl is not None and std.vetoes:  # a standard without vetoes ignores declarations
        unknown = sorted(set(decl) - known)
        if unknown:
            raise DataError(message("county.unknown_veto", codes=str(unknown), standard=std.id,
                                    known=str(sorted(known))), field="vetoes", value=unknown)
    checks = []
    for veto in std.vetoes:
        declaration = decl.get(veto.code) if decl is not None else None
        if declaration is None:
            checks.append(Check(
                code=veto.code, area=Area.VETO, name_zh=veto.name_zh, name_en=veto.name_en,
                verdict=Verdict.NOT_ASSESSED, measures=(),
                reason_zh=f"缺少数据：{field_path_zh('vetoes')}／{veto.name_zh}（须声明是否存在）",
                reason_en=f"missing: vetoes.{veto.code} (the county must declare it)",
                missing=(f"vetoes.{veto.code}",)))
            continue
        evidence = declaration.evidence
        verdict_zh, verdict_en = VETO_HOLDS if declaration.holds else VETO_VERDICT["met"]
        reason_zh = verdict_zh + (f"（佐证：{evidence}）" if evidence else "")
        reason_en = verdict_en + (f" (evidence: {evidence})" if evidence else "")
        checks.append(Check(code=veto.code, area=Area.VETO, name_zh=veto.name_zh,
                            name_en=veto.name_en,
                            verdict=Verdict.NOT_MET if declaration.holds else Verdict.MET,
                            measures=(),
                            reason_zh=reason_zh, reason_en=reason_en,
                            declared=True, evidence=evidence))
    return _area_result(Area.VETO, tuple(checks))


def evaluate_county(county: County, standard: Standard | str | None = None) -> CountyEvaluation:
    """Evaluate a county on all four areas and the vetoes (教督〔2017〕6号 articles 5–11).

    Parameters
    ----------
    county : County
        The county: schools, and optionally ``guarantee``, ``quality``,
        ``survey`` and ``vetoes`` facts.
    standard : Standard or str, optional
        The rules; a shipped id or a :class:`~qbalance.Standard` with
        ``guarantee``, ``quality`` and ``survey`` sections.  Default: national 2017.

    Returns
    -------
    CountyEvaluation
        Every indicator with its exact value, threshold, verdict and reason.
        ``outcome`` is ``passed`` only when everything is met and no veto
        holds; missing data gives ``incomplete``, never ``passed``.

    Raises
    ------
    SpecError
        The standard lacks a section or threshold the evaluation needs.
    DataError
        Impossible input (names the field and value), including
        :class:`~qbalance.RatioError` and :class:`~qbalance.UnitError`, and every
        error of :func:`~qbalance.evaluate_resources`.

    Examples
    --------
    The bundled (constructed) example county; its quota share is 532/1065 like
    Midu's 2023 figure (Midu self-evaluation report, guarantee indicator 14),
    which rounds to "50 %" but does not meet ≥ 50 %:

    >>> from qbalance import evaluate_county, example_county
    >>> result = evaluate_county(example_county())
    >>> result.check("G14").measures[0].exact
    Fraction(532, 1065)
    >>> result.check("G14").verdict.value
    'not_met'
    >>> result.check("Q1").measures[0].display
    '99.32 % = 1889/(1902+41+3-37-6-1)'
    >>> result.outcome.value, result.guarantee.outcome.value, result.quality.outcome.value
    ('failed', 'failed', 'passed')
    """
    as_county(county)
    std = as_standard(standard)
    guarantee_rules = std.require_guarantee() if "guarantee" in std.areas else None
    quality_rules = std.require_quality() if "quality" in std.areas else None
    survey_rules = std.require_survey() if "survey" in std.areas else None
    resources = evaluate_resources(county, std)
    return CountyEvaluation(
        county=county.name, year=county.year, standard_id=std.id, resources=resources,
        guarantee=(_named(_evaluate_guarantee(county, guarantee_rules, frozenset(std.flags)),
                          std) if guarantee_rules is not None else
                   _area_result(Area.GUARANTEE, ())),
        quality=(_named(_evaluate_quality(county, quality_rules),
                        std) if quality_rules is not None else
                 _area_result(Area.QUALITY, ())),
        survey=(_named(_evaluate_survey(county.survey, survey_rules),
                       std) if survey_rules is not None else
                _area_result(Area.SURVEY, ())),
        vetoes=(_evaluate_vetoes(county, std) if "vetoes" in std.areas else
                _area_result(Area.VETO, ())),
        constructed=county.constructed)
