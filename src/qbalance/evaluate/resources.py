"""Resource-allocation evaluation (资源配置): 7 indicators, per-school rule, CVs.

Implements articles 6–7 of 《县域义务教育优质均衡发展督导评估办法》
(教督〔2017〕6号): each in-scope school's 7 indicator values, the per-school rule
(at least 6 of 7 met, the rest at least 85 % of the standard), and for each
segment and indicator the student-weighted inter-school coefficient of variation
against its limit (national: ≤ 0.50 primary, ≤ 0.45 junior).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any, NoReturn

import attrs
import numpy as np

from qbalance.vocab import Lang
from qbalance._result import ResultMixin
from qbalance import _exact
from qbalance._frozen import frozen_map
from qbalance.io.results import plain
from qbalance._messages import Both, message
from qbalance.expr import parse_condition
from qbalance.core import split_shares, weighted_stats
from qbalance.plausibility import SlipWarning, slip_warnings
from qbalance.errors import DataError, EmptySegmentError, UnitError
from qbalance.models import (
    County,
    School,
    SchoolKind,
    Section,
    Segment,
    SegmentData,
    as_county,
    parse_segments,
)
from qbalance.standard import (
    as_standard,
    MODEL_QUANTITIES,
    IndicatorSpec,
    Numerator,
    ScopeRule,
    Standard,
    load_standard,
)

__all__ = [
    "Exclusion",
    "IndicatorResult",
    "ResourceEvaluation",
    "SchoolResult",
    "SegmentResult",
    "SplitRecord",
    "evaluate_resources",
]

#: Comparisons are exact: a float comparison whose sides are within this relative
#: distance is re-decided in rational arithmetic from the decimal inputs
#: (:mod:`qbalance._exact`); there is no slack in either direction.
TIE_RTOL = _exact.TIE_RTOL


@attrs.frozen(slots=True, kw_only=True)
class Exclusion:
    """A school left out of the resource computation, and why.

    Attributes
    ----------
    school_id, name : str
        The school.
    kind : SchoolKind
        Its kind.
    reason : str
        ``"special"``, ``"small_teaching_point"`` or ``"private"``.
    detail_zh, detail_en : str
        The reason in words.
    """

    school_id: str
    name: str
    kind: SchoolKind
    reason: str
    detail_zh: str
    detail_en: str


@attrs.frozen(slots=True, kw_only=True)
class SplitRecord:
    """How a combined school's whole-school stocks were split between sections.

    Attributes
    ----------
    school_id, name : str
        The school.
    kind : SchoolKind
        Nine-year, twelve-year or complete middle school.
    pupils : Mapping
        Pupils per section (``primary``, ``junior``, ``senior``).
    weights : Mapping
        Pupil weight per section, from the standard.
    shares : Mapping
        Share of the stocks per section; the shares sum to 1.
    """

    school_id: str
    name: str
    kind: SchoolKind
    pupils: Mapping[str, int] = attrs.field(converter=frozen_map)
    weights: Mapping[str, float] = attrs.field(converter=frozen_map)
    shares: Mapping[str, float] = attrs.field(converter=frozen_map)


@attrs.frozen(slots=True, kw_only=True)
class SchoolResult:
    """One school's indicators in one segment and its per-school verdict.

    Attributes
    ----------
    school_id, name : str
        The school.
    kind : SchoolKind
        Its kind.
    segment : Segment
        The segment of this row (a nine-year school has a primary and a junior row).
    pupils : int
        Pupils of the school in this segment.
    share : float
        Share of the whole-school stocks attributed to this segment (1.0 if not split).
    codes : tuple of str
        Indicator codes (``"R1"`` … ``"R7"``), in the standard's order.
    values : tuple of float
        The school's value of each indicator, in its unit (teachers or classrooms
        per 100 pupils, m² or yuan per pupil).
    thresholds : tuple of float or None
        The standard value of each indicator for this segment (``None`` where the
        standard sets none: no per-school rule).
    met : tuple of bool
        Whether each value reaches its standard value.
    below_floor : tuple of bool
        Whether each value is below the floor (national: 85 % of the standard value).
    passed : bool
        The per-school rule: at least the required number of indicators met
        (national: 6 of 7) and none below the floor.
    reason_zh, reason_en : str
        The verdict in words: how many are met, which not, which below the floor.
    """

    school_id: str
    name: str
    kind: SchoolKind
    segment: Segment
    pupils: int
    share: float
    codes: tuple[str, ...]
    values: tuple[float, ...]
    thresholds: tuple[float | None, ...]
    met: tuple[bool, ...]
    below_floor: tuple[bool, ...]
    passed: bool
    reason_zh: str
    reason_en: str

    def value(self, code: str) -> float:
        """The school's value of indicator ``code``.

        Parameters
        ----------
        code : str
            An indicator code of :attr:`codes`, e.g. ``"R4"``.

        Returns
        -------
        float
            The value, in the indicator's unit (e.g. m² per pupil for R4).

        Raises
        ------
        ValueError
            ``code`` is not one of :attr:`codes`.
        """
        return self.values[self.codes.index(code)]


@attrs.frozen(slots=True, kw_only=True)
class IndicatorResult:
    """One indicator in one segment: county mean, CV, limit and verdict.

    Attributes
    ----------
    code : str
        Indicator code (``"R1"`` … ``"R7"``).
    name_zh, name_en : str
        Indicator name.
    unit_zh, unit_en : str
        Unit of the values (e.g. ``"平方米/生"``, ``"m² per pupil"``).
    segment : Segment
        The segment.
    threshold : float or None
        The standard value every school should reach, in that unit (``None``: the
        standard has no per-school rule).
    mean : float
        Student-weighted county mean (= total resource / total pupils).
    std : float
        Student-weighted population standard deviation of the school values.
    cv : float
        Inter-school coefficient of variation (校际差异系数), ``std / mean``.
    cv_limit : float or None
        The limit of the CV in the standard (national: 0.50 primary, 0.45 junior);
        ``None`` where only the composite is limited (the 2012 method).
    passed : bool
        ``cv <= cv_limit``, decided exactly (a CV equal to its limit passes; near
        ties are recomputed in rational arithmetic from the inputs).  ``False``
        when the CV is undefined; ``True`` when there is no limit.
    schools_met : int
        Number of schools reaching ``threshold``.
    n_schools : int
        Number of schools evaluated in the segment.
    cv_undefined_zh, cv_undefined_en : str
        Why the CV is undefined (``cv`` is then ``nan``): every school has 0 of
        the indicator, so the mean is 0 — below any positive standard, and the
        indicator fails.  Empty when the CV is defined.
    """

    code: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    segment: Segment
    threshold: float | None
    mean: float
    std: float
    cv: float = attrs.field(eq=attrs.cmp_using(eq=lambda a, b: a == b or a != a and b != b),
                            hash=False)  # NaN (undefined) equals NaN
    cv_limit: float | None
    passed: bool
    schools_met: int
    n_schools: int
    cv_undefined_zh: str = ""
    cv_undefined_en: str = ""

    @staticmethod
    def _from_plain(data: Mapping[str, Any]) -> Mapping[str, Any]:
        # an undefined CV is saved as null (JSON has no NaN); only with its reason
        if data.get("cv") is None and isinstance(data.get("cv_undefined_en"), str) \
                and data["cv_undefined_en"]:
            return {**data, "cv": math.nan}
        return data


@attrs.frozen(slots=True, kw_only=True)
class SegmentResult:
    """Results of one segment (小学 or 初中).

    Attributes
    ----------
    segment : Segment
        The segment.
    pupils : int
        Pupils of the segment in the schools evaluated.
    schools : tuple of SchoolResult
        Every school evaluated in the segment, in the county's order.
    indicators : tuple of IndicatorResult
        Every indicator, in the standard's order.
    composite_cv : float
        Composite difference coefficient (综合差异系数): mean of the indicator CVs
        (``nan`` when one of them is undefined).
    composite_cv_limit : float or None
        Its limit, or ``None`` when the standard sets none (national 2017).
    composite_cv_passed : bool or None
        ``composite_cv <= composite_cv_limit`` decided exactly (a composite equal
        to its limit passes); ``None`` when there is no limit.
    """

    segment: Segment
    pupils: int
    schools: tuple[SchoolResult, ...]
    indicators: tuple[IndicatorResult, ...]
    composite_cv: float = attrs.field(
        eq=attrs.cmp_using(eq=lambda a, b: a == b or a != a and b != b), hash=False)
    composite_cv_limit: float | None
    composite_cv_passed: bool | None = None

    @staticmethod
    def _from_plain(data: Mapping[str, Any]) -> Mapping[str, Any]:
        # the composite of a segment with an undefined CV is saved as null
        inds = data.get("indicators")
        if data.get("composite_cv") is None and isinstance(inds, list) and any(
                isinstance(i, Mapping) and i.get("cv_undefined_en") for i in inds):
            return {**data, "composite_cv": math.nan}
        return data

    @property
    def cv_passed(self) -> bool:
        """Every indicator's CV (and the composite, when limited) within its limit."""
        ok = all(i.passed for i in self.indicators)
        if self.composite_cv_limit is not None:
            comp = (self.composite_cv <= self.composite_cv_limit
                    if self.composite_cv_passed is None else self.composite_cv_passed)
            ok = ok and comp
        return ok

    @property
    def failing_schools(self) -> tuple[SchoolResult, ...]:
        """Schools that do not satisfy the per-school rule."""
        return tuple(s for s in self.schools if not s.passed)

    @property
    def passed(self) -> bool:
        """CVs within limits and every school satisfies the per-school rule."""
        return self.cv_passed and not self.failing_schools

    def indicator(self, code: str) -> IndicatorResult:
        """The result of indicator ``code``.

        Parameters
        ----------
        code : str
            An indicator code, e.g. ``"R4"``.

        Returns
        -------
        IndicatorResult

        Raises
        ------
        KeyError
            No such indicator.
        """
        for i in self.indicators:
            if i.code == code:
                return i
        raise KeyError(code)


@attrs.frozen(slots=True, repr=False, kw_only=True)
class ResourceEvaluation(ResultMixin):
    """Result of :func:`evaluate_resources`: immutable, printable, serialisable.

    Attributes
    ----------
    county : str
        The county's name.
    year : int
        School year of the data.
    standard_id : str
        Id of the standard applied (e.g. ``"national-2017"``).
    segments : tuple of SegmentResult
        One result per evaluated segment.
    exclusions : tuple of Exclusion
        Schools left out of the computation, and why.
    splits : tuple of SplitRecord
        How the stocks of combined schools were split between sections.
    constructed : bool
        The county's data is constructed (example or synthetic), not a real county's.
    warnings : tuple of SlipWarning
        Values of the schools in scope that look like unit slips (a sports area
        one digit short …), by the rules of the plausibility table
        (:func:`qbalance.plausibility.slip_warnings`).  Warnings only: the
        verdicts are computed from the data as given and never depend on them.
    """

    county: str
    year: int
    standard_id: str
    segments: tuple[SegmentResult, ...]
    exclusions: tuple[Exclusion, ...]
    splits: tuple[SplitRecord, ...]
    constructed: bool = False
    warnings: tuple[SlipWarning, ...] = ()

    @property
    def passed(self) -> bool:
        """Every evaluated segment passes (CVs and per-school rule)."""
        return all(s.passed for s in self.segments)

    def segment(self, segment: Segment | str) -> SegmentResult:
        """The result of ``segment`` (``Segment.PRIMARY`` or ``"primary"`` …).

        Parameters
        ----------
        segment : Segment or str
            ``"primary"`` or ``"junior"``.

        Returns
        -------
        SegmentResult

        Raises
        ------
        KeyError
            The segment was not evaluated.
        """
        seg = Segment(segment)
        for s in self.segments:
            if s.segment is seg:
                return s
        raise KeyError(seg.value)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-serialisable), including the overall verdict.

        Returns
        -------
        dict
            Every field (enums as their values, tuples as lists), plus ``passed``
            overall and ``passed`` and ``cv_passed`` per segment.
        """
        d: dict[str, Any] = plain(attrs.asdict(self, recurse=True))
        d["passed"] = self.passed
        for seg, sd in zip(self.segments, d["segments"], strict=True):
            sd["passed"] = seg.passed
            sd["cv_passed"] = seg.cv_passed
            # an undefined CV (every school 0) is saved as null, never as NaN
            for ind in sd["indicators"]:
                if ind.get("cv_undefined_en"):
                    ind["cv"] = None
            if sd["composite_cv"] != sd["composite_cv"]:
                sd["composite_cv"] = None
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ResourceEvaluation:
        """Rebuild a result from :meth:`to_dict` data (e.g. loaded JSON); equal to the original.

        Parameters
        ----------
        data : mapping
            The output of :meth:`to_dict`, or its JSON parsed.

        Returns
        -------
        ResourceEvaluation

        Raises
        ------
        DataError
            The data is incomplete, or a stored verdict disagrees with the stored figures.
        """
        from qbalance.io.results import structure

        return structure(cls, data)

    def to_frame(self, what: str = "indicators", *, lang: Lang | None = "zh") -> Any:
        """A pandas DataFrame: ``"indicators"``, ``"schools"``, ``"exclusions"``, ``"splits"``
        or ``"warnings"``.

        See :func:`qbalance.io.frames.result_frame` (needs the ``pandas`` extra).

        Parameters
        ----------
        what : {"indicators", "schools", "exclusions", "splits", "warnings"}
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
        """A readable text report (``lang="zh"`` or ``"en"``), rendered by :mod:`qbalance.report`.

        Parameters
        ----------
        lang : {"zh", "en"}
            Language (Chinese by default).

        Returns
        -------
        str
            The verdict, then per segment the indicator table (standard, mean, CV,
            limit, schools meeting it), the composite CV and the schools failing the
            per-school rule; then the schools left out and the split of combined
            schools.
        """
        from qbalance.report import render_text

        return render_text(self, lang)

    def __str__(self) -> str:
        return self.summary("zh")


# -- scope and splitting -------------------------------------------------------------

def _exclusion(school: School, scope: ScopeRule) -> Exclusion | None:
    if school.kind is SchoolKind.SPECIAL and scope.exclude_special:
        return Exclusion(school_id=school.id, name=school.name, kind=school.kind,
                         reason="special", detail_zh="特殊教育学校不参与资源配置指标计算",
                         detail_en="special-education school: outside the resource indicators")
    if school.kind is SchoolKind.VOCATIONAL and scope.exclude_vocational:
        return Exclusion(school_id=school.id, name=school.name, kind=school.kind,
                         reason="vocational", detail_zh="职业学校不参与资源配置指标计算",
                         detail_en="vocational school: outside the resource indicators")
    if school.kind is SchoolKind.TEACHING_POINT and not scope.include_teaching_points:
        return Exclusion(school_id=school.id, name=school.name, kind=school.kind,
                         reason="teaching_point", detail_zh="本标准不将教学点纳入计算",
                         detail_en="teaching point: outside this standard's scope")
    if (school.kind is SchoolKind.TEACHING_POINT
            and school.pupils < scope.teaching_point_min_pupils):
        n, m = school.pupils, scope.teaching_point_min_pupils
        return Exclusion(school_id=school.id, name=school.name, kind=school.kind,
                         reason="small_teaching_point", detail_zh=f"教学点在校生{n}人，不足{m}人，不参与计算",
                         detail_en=f"teaching point with {n} pupils (< {m}): left out")
    if school.private and not scope.include_private:
        return Exclusion(school_id=school.id, name=school.name, kind=school.kind,
                         reason="private", detail_zh="民办学校不在本标准的评估范围内",
                         detail_en="private school: outside this standard's scope")
    if school.owner_code is not None and school.owner_code in scope.exclude_owner_codes:
        c = school.owner_code
        return Exclusion(school_id=school.id, name=school.name, kind=school.kind, reason="owner",
                         detail_zh=f"举办者类型代码{c}的学校不在本标准的评估范围内",
                         detail_en=f"owner-type code {c}: outside this standard's scope")
    return None


_SECTIONS = ("kindergarten", "primary", "junior", "senior")


def _split_sections(s: School, std: Standard) -> tuple[str, ...] | None:
    """The sections among which ``s``'s stocks are split (``None``: not split).

    A combined kind is split by its ``split`` weights; a school with attached
    kindergarten classes also when the standard splits with them, which needs a
    ``kindergarten`` weight for its kind (an error naming school, quantity and
    standard otherwise).  A branch campus entered as a school of one stage is
    not split (its kind has no weights).
    """
    w = std.split.get(s.kind)
    kg = s.kindergarten_pupils > 0 and std.attached_kindergarten == "split"
    if kg and (w is None or w.kindergarten is None):
        raise DataError(
            message("split.no_kindergarten_weight", school=f"{s.id} ({s.name})",
                    n=s.kindergarten_pupils, standard=std.id,
                    path=f"split.{s.kind.value}.kindergarten"),
            school=f"{s.id} ({s.name})", field="kindergarten_pupils",
            value=s.kindergarten_pupils)
    if w is None:
        return None
    secs = tuple(sec for sec in _SECTIONS if getattr(w, sec) is not None
                 and (sec != "kindergarten" or kg))
    if not kg and s.kind not in _COMBINED:
        return None  # a single-stage kind has nothing to split without attached classes
    missing = [sec for sec in _SECTIONS if sec not in secs and _section_pupils(s, sec) > 0
               and (sec != "kindergarten" or kg)]
    if missing:
        raise DataError(
            message("split.no_section_weight", school=f"{s.id} ({s.name})",
                    sections=", ".join(missing), standard=std.id,
                    sections_zh="、".join(Section(m).zh for m in missing),
                    kind=s.kind.value),
            school=f"{s.id} ({s.name})", field=f"split.{s.kind.value}")
    return secs


_COMBINED = frozenset({SchoolKind.NINE_YEAR, SchoolKind.TWELVE_YEAR, SchoolKind.COMPLETE_MIDDLE,
                       SchoolKind.SENIOR_WITH_JUNIOR})


def _splits(schools: Sequence[School], std: Standard) -> dict[str, SplitRecord]:
    """Split records for combined schools, computed in one vectorised call per kind
    and set of sections."""
    out: dict[str, SplitRecord] = {}
    groups: dict[tuple[SchoolKind, tuple[str, ...]], list[School]] = {}
    for s in schools:
        secs = _split_sections(s, std)
        if secs is not None:
            groups.setdefault((s.kind, secs), []).append(s)
    for (kind, secs), group in groups.items():
        w = std.split[kind]
        weights = np.array([getattr(w, sec) for sec in secs], dtype=np.float64)
        pupils = np.array([[_section_pupils(s, sec) for sec in secs] for s in group],
                          dtype=np.float64)
        shares = split_shares(pupils, weights)
        for s, p, sh in zip(group, pupils, shares, strict=True):
            out[s.id] = SplitRecord(
                school_id=s.id, name=s.name, kind=kind,
                pupils={sec: int(v) for sec, v in zip(secs, p, strict=True)},
                weights={sec: float(v) for sec, v in zip(secs, weights, strict=True)},
                shares={sec: float(v) for sec, v in zip(secs, sh, strict=True)},
            )
    return out


def _section_pupils(s: School, section: str) -> int:
    return s.section_pupils(section)


# -- evaluation ----------------------------------------------------------------------

def _check_plausible(values: np.ndarray[Any, Any], specs: Sequence[IndicatorSpec],
                     rows: Sequence[School], seg: Segment) -> None:
    lo = np.array([s.plausible[0] for s in specs])
    hi = np.array([s.plausible[1] for s in specs])
    bad = (values < lo) | (values > hi)
    if not bad.any():
        return
    i, j = (int(v) for v in np.argwhere(bad)[0])
    spec, school, v = specs[j], rows[i], float(values[i, j])
    src = spec.source if spec.numerator is None else spec.numerator_text(seg)
    msg = (f"school {school.id} ({school.name}), {seg.value} {spec.code} {spec.name_en}: "
           f"value {v:.6g} {spec.unit_en} from field {src!r} is outside the "
           f"plausible range [{lo[j]:g}, {hi[j]:g}]")
    cls: type[DataError] = DataError
    money = "yuan" in spec.unit_en.lower() or "元" in spec.unit_zh
    if money and lo[j] <= v * 10_000 <= hi[j] and v < lo[j]:
        msg += "; it looks like 万元 given where 元 is expected (10 000 x too small)"
        cls = UnitError
    elif money and lo[j] <= v / 10_000 <= hi[j] and v > hi[j]:
        msg += "; it looks 10 000 x too large (元 given where 万元 is expected?)"
        cls = UnitError
    field = spec.source if spec.numerator is None and spec.source is not None else spec.code
    raise cls(msg, school=f"{school.id} ({school.name})", field=field,
              value=getattr(school, field, v))


#: Most pupils one segment of one school can plausibly have (the largest Chinese
#: schools have about 10 000 per segment).
MAX_SEGMENT_PUPILS = 50_000
#: 1 亩 in m² (sports grounds are often recorded in 亩).
_MU_M2 = 2000 / 3


def _check_pupils(pupils: np.ndarray[Any, Any], rows: Sequence[School], seg: Segment) -> None:
    """An implausible pupil count is named as such, never as the indicator it distorts."""
    bad = np.flatnonzero(pupils > MAX_SEGMENT_PUPILS)
    if bad.size:
        school = rows[int(bad[0])]
        n = int(pupils[bad[0]])
        raise DataError(
            message("resources.too_many_pupils", id=school.id, name=school.name,
                    segment=seg.value, n=n, most=MAX_SEGMENT_PUPILS),
            school=f"{school.id} ({school.name})", field=f"{seg.value}.pupils",
            value=n)


def _check_slips(values: np.ndarray[Any, Any], thr: np.ndarray[Any, Any],
                 specs: Sequence[IndicatorSpec], rows: Sequence[School], seg: Segment) -> None:
    """Unit slips that change a school's verdict: an area per pupil in 亩 (666.7 x too
    small: under 0.2 m² per pupil, meeting the standard once converted, while the county's
    other schools meet it)."""
    for j, spec in enumerate(specs):
        t = float(thr[j])
        if not np.isfinite(t) or t <= 0:
            continue
        col = values[:, j]
        area = "m²" in spec.unit_en or "平方米" in spec.unit_zh
        for i in np.flatnonzero(col < t):
            v = float(col[i])
            if v <= 0:
                continue
            if not (area and v < 0.2 and t <= v * _MU_M2 <= 100):
                continue  # the cheap tests first: the median below is O(n) per school
            others = np.delete(col, i)
            if not (others.size and float(np.median(others)) >= t):
                continue
            school = rows[int(i)]
            what = f"{spec.code} {spec.name_zh}"
            src = spec.source or spec.code
            raise UnitError(
                message("resources.unit_slip", id=school.id, name=school.name,
                        segment=seg.value, what=Both(what, spec.code), value=f"{v:.4g}",
                        unit=Both(spec.unit_zh, spec.unit_en), threshold=f"{t:g}",
                        hint=message("resources.mu_hint"), source=src),
                school=f"{school.id} ({school.name})", field=src,
                value=getattr(school, src, v) if spec.source else v)


def _pct_below(frac: float, floor: float) -> str:
    """``100 * frac`` with enough decimals to show it is below ``100 * floor``.

    84.998 % against an 85 % floor prints ``84.998``, never ``85.0``.
    """
    pct, lim = 100 * frac, 100 * _exact.dec(floor)
    for nd in range(1, 16):
        text = f"{pct:.{nd}f}"
        if Fraction(text) < lim:
            return text
    return repr(pct)


def _reason(codes: Sequence[str], met: np.ndarray[Any, Any], below: np.ndarray[Any, Any],
            frac: np.ndarray[Any, Any], min_met: int, floor: Sequence[float]) -> tuple[str, str]:
    n, k = int(met.sum()), len(codes)
    unmet = [c for c, m in zip(codes, met, strict=True) if not m]
    low = [f"{c} {_pct_below(f, fl)}%"
           for c, b, f, fl in zip(codes, below, frac, floor, strict=True) if b]
    zh = [f"达标{n}/{k}项"]
    en = [f"meets {n} of {k}"]
    if unmet:
        zh.append("未达标：" + "、".join(unmet))
        en.append("not met: " + ", ".join(unmet))
    if n < min_met:
        zh.append(f"少于规定的{min_met}项")
        en.append(f"fewer than the required {min_met}")
    if low:
        pcts = [f"{100 * f:g}%" for f in sorted(set(floor))]
        zh.append(f"低于标准{'、'.join(pcts)}：" + "、".join(low))
        en.append(f"below {', '.join(pcts)} of the standard: " + ", ".join(low))
    return "；".join(zh), "; ".join(en)


def _lookup(school: School, block: SegmentData | None, flags: frozenset[str] = frozenset()
            ) -> Callable[[str], float | int | bool | None]:
    """Name -> the school's value (``None`` when the data lacks it); ``flags`` are the
    flags the standard declares (absent from ``School.flags`` means false)."""
    def get(name: str) -> float | int | bool | None:
        if name == "pupils":
            return sum(b.pupils for b in (school.primary, school.junior) if b is not None)
        if name == "segment_pupils":
            return block.pupils if block is not None else None
        if name == "teaching_point":
            return school.kind is SchoolKind.TEACHING_POINT
        if name in ("rural", "private"):
            v: Any = getattr(school, name)
            return None if v is None else bool(v)
        if name in school.flags:
            return True
        if name in flags:
            return False
        level = MODEL_QUANTITIES.get(name)
        if level == "segment":
            out_s: float | int | None = getattr(block, name) if block is not None else None
            return out_s
        if level == "school":
            out: float | int | None = getattr(school, name)
            return out
        if block is not None and name in block.quantities:
            return block.quantities[name]
        return school.quantities.get(name)
    return get


def _terms(n: Numerator, spec: IndicatorSpec, school: School, block: SegmentData | None,
           seg: Segment) -> list[tuple[Fraction, float]]:
    """(coefficient, value) of every term of one school's numerator of ``spec``.

    The conditional terms whose condition holds are included; a quantity the data
    lacks, or a condition that depends on one, is an error naming school and quantity.
    """
    get = _lookup(school, block, n.flags)
    terms = list(n.terms)
    for cond, extra in n.added:
        holds = cond.evaluate(get)
        if holds is None:
            names = ", ".join(cond.missing(get))
            raise DataError(
                message("resources.term_lacks", id=school.id, name=school.name,
                        segment=seg.value, code=spec.code, condition=cond.text, names=names),
                school=f"{school.id} ({school.name})", field=names)
        if holds:
            terms += extra
    out = []
    for term, _level in terms:
        name = term.name or ""
        v = get(name)
        if v is None or isinstance(v, bool):
            _lacks(school, spec, seg, name)
        out.append((term.coef, float(v)))
    return out


def _numerator(n: Numerator, spec: IndicatorSpec, school: School, block: SegmentData | None,
               seg: Segment) -> float:
    """One school's numerator of ``spec`` in ``seg`` (before the split of stocks)."""
    total = 0.0
    for coef, v in _terms(n, spec, school, block, seg):
        total += v if coef == 1 else float(coef) * v
    if total < 0:
        raise DataError(
            message("resources.negative_numerator", id=school.id, name=school.name,
                    segment=seg.value, code=spec.code, numerator=spec.numerator_text(seg),
                    total=f"{total:g}"),
            school=f"{school.id} ({school.name})", field=spec.code, value=total)
    return total


def _check_consistency(schools: Sequence[School], std: Standard,
                       segs: Sequence[Segment]) -> None:
    """Refuse a school whose data fails one of the standard's consistency checks."""
    if not std.consistency:
        return
    flags = frozenset(std.flags)
    for chk in std.consistency:
        cond = parse_condition(chk.rule)
        for s in schools:
            for seg in chk.segments:
                block = s.segment(seg)
                if seg not in segs or block is None:
                    continue
                get = _lookup(s, block, flags)
                ok = cond.evaluate(get)
                where = f"{s.id} ({s.name})"
                if ok is None:
                    name = cond.missing(get)[0]
                    raise DataError(
                        message("standard.consistency_lacks", school=where, segment=seg.value,
                                segment_zh=seg.zh, check=chk.code, check_zh=chk.name_zh,
                                check_en=chk.name_en, quantity=name, standard=std.id),
                        school=where, field=f"{seg.value}.{name}")
                if not ok:
                    values = ", ".join(f"{n} = {get(n)}" for n in sorted(cond.names()))
                    raise DataError(
                        message("standard.consistency_failed", school=where,
                                segment=seg.value, segment_zh=seg.zh, check=chk.code,
                                check_zh=chk.name_zh, check_en=chk.name_en, rule=chk.rule,
                                values=values, standard=std.id),
                        school=where, field=f"{seg.value}.{chk.code}", value=values)


def _lacks(school: School, spec: IndicatorSpec, seg: Segment, name: str) -> NoReturn:
    raise DataError(
        message("resources.lacks_quantity", id=school.id, name=school.name, code=spec.code,
                segment=seg.value, quantity=name),
        school=f"{school.id} ({school.name})", field=name)


def _evaluate_segment(seg: Segment, schools: Sequence[School], std: Standard,
                      splits: dict[str, SplitRecord]) -> SegmentResult:
    rows = [school for school in schools if school.segment(seg) is not None]
    if not rows:
        raise EmptySegmentError(
            message("resources.empty_segment", segment=seg.value, segment_zh=seg.zh),
            field="segment", value=seg.value)
    specs = std.indicators
    codes = tuple(spec.code for spec in specs)
    rule = std.school_rule
    if rule is not None:
        thr = np.array([spec.threshold.require(seg, f"indicator {spec.code} threshold")
                        for spec in specs])
    else:
        thr = np.array([np.nan if (value := spec.threshold.get(seg)) is None else value
                        for spec in specs])
    lims = [spec.cv_limit.get(seg) for spec in specs]
    comp_lim = std.composite_cv_limit.get(seg)
    if all(limit is None for limit in lims) and comp_lim is None:
        specs[0].cv_limit.require(seg, f"indicator {specs[0].code} cv_limit")
    lim = np.array([np.inf if limit is None else limit for limit in lims])
    floor = np.array([spec.floor_fraction for spec in specs])
    per = np.array([float(spec.per_pupils) for spec in specs])
    blocks = [school.segment(seg) for school in rows]
    pupils = np.array([block.pupils for block in blocks if block is not None], dtype=np.float64)
    shares = np.array([splits[school.id].shares[seg.value] if school.id in splits else 1.0
                       for school in rows])
    nums = [std.numerator(spec.code, seg) for spec in specs]
    seg_level = np.array([not numerator.split for numerator in nums])
    num = np.array([[_numerator(numerator, spec, school, block, seg)
                     for numerator, spec in zip(nums, specs, strict=True)]
                    for school, block in zip(rows, blocks, strict=True)], dtype=np.float64)
    num = np.where(seg_level, num, num * shares[:, None])
    values = num * per / pupils[:, None]
    _check_pupils(pupils, rows, seg)
    _check_plausible(values, specs, rows, seg)
    _check_slips(values, thr, specs, rows, seg)

    exact = _ExactSegment(seg, rows, blocks, specs, nums, splits, per, pupils)
    min_met = rule.min_met if rule is not None else 0
    if rule is None:  # no per-school rule (the 2012 method): nothing to meet
        met = np.zeros(values.shape, dtype=np.bool_)
        frac = np.full_like(values, np.nan)
        below = np.zeros(values.shape, dtype=np.bool_)
        passed = np.ones(len(rows), dtype=np.bool_)
    else:
        # exact comparisons: floats decide, near-ties are re-decided in rationals
        met = values >= thr
        frac = np.divide(values, thr, out=np.full_like(values, np.inf), where=thr > 0)
        floor_thr = floor * thr
        below = ~met & (values < floor_thr)
        for i, j in _near_pairs(values, thr, floor_thr):
            pupils_value, n_pupils = exact.px(i, j), Fraction(int(pupils[i]))
            threshold = _exact.dec(float(thr[j]))
            met[i, j] = pupils_value >= threshold * n_pupils
            below[i, j] = (not met[i, j]) and (
                pupils_value < _exact.dec(float(floor[j])) * threshold * n_pupils)
        passed = (met.sum(axis=1) >= min_met) & ~below.any(axis=1)

    # the public core: an all-zero indicator (mean 0, below any standard) has no CV and fails
    stats = weighted_stats(values, pupils, labels=[school.id for school in rows], zero_mean="nan")
    mean, sd, cv = stats.mean, stats.std, stats.cv
    undefined = ~(mean > 0)
    cv_ok = cv <= lim
    for j in np.flatnonzero(~undefined).tolist():
        if lims[j] is not None and _exact.near(float(cv[j]), float(lim[j])):
            cv2 = exact.cv_squared(j)
            cv_ok[j] = cv2 is not None and _exact.cv_le(cv2, float(lim[j]))
    comp_j = (list(range(len(specs))) if std.composite_indicators is None
              else [codes.index(code) for code in std.composite_indicators])
    composite = float(cv[comp_j].mean())
    comp_ok: bool | None = None
    if comp_lim is not None:
        comp_ok = bool(composite <= comp_lim)
        if not undefined[comp_j].any() and _exact.near(composite, comp_lim):
            squares = [exact.cv_squared(j) for j in comp_j]
            comp_ok = all(square is not None for square in squares) and _exact.mean_sqrt_le(
                [square for square in squares if square is not None], comp_lim)

    school_results = []
    for i, school in enumerate(rows):
        if rule is None:
            reason_zh, reason_en = "本标准无校际达标规则", "this standard has no per-school rule"
        else:
            reason_zh, reason_en = _reason(codes, met[i], below[i], frac[i], min_met,
                                           floor.tolist())
        school_results.append(SchoolResult(
            school_id=school.id, name=school.name, kind=school.kind, segment=seg,
            pupils=int(pupils[i]),
            share=float(shares[i]), codes=codes,
            values=tuple(float(value) for value in values[i]),
            thresholds=tuple(None if np.isnan(bound) else float(bound) for bound in thr),
            met=tuple(bool(flag) for flag in met[i]),
            below_floor=tuple(bool(flag) for flag in below[i]),
            passed=bool(passed[i]), reason_zh=reason_zh, reason_en=reason_en))
    n_met = met.sum(axis=0)
    indicators = tuple(
        IndicatorResult(
            code=spec.code, name_zh=spec.name_zh, name_en=spec.name_en, unit_zh=spec.unit_zh,
            unit_en=spec.unit_en, segment=seg,
            threshold=None if np.isnan(thr[j]) else float(thr[j]), mean=float(mean[j]),
            std=float(sd[j]), cv=float(cv[j]), cv_limit=lims[j],
            passed=bool(cv_ok[j]) if lims[j] is not None else True,
            schools_met=int(n_met[j]), n_schools=len(rows),
            cv_undefined_zh=zero_mean_text(len(rows), "zh") if undefined[j] else "",
            cv_undefined_en=zero_mean_text(len(rows), "en") if undefined[j] else "")
        for j, spec in enumerate(specs))
    return SegmentResult(
        segment=seg, pupils=int(pupils.sum()), schools=tuple(school_results),
        indicators=indicators, composite_cv=composite,
        composite_cv_limit=comp_lim, composite_cv_passed=comp_ok)


def zero_mean_text(n_schools: int, lang: Lang) -> str:
    """Why an indicator has no CV and fails: every school has 0 of it (the core's wording).

    Shared by :func:`evaluate_resources` (``IndicatorResult.cv_undefined_zh/en``) and
    :func:`qbalance.evaluate_batch` (its ``"zero_mean"`` problems).
    """
    where = message("core.mean_all_zero", n=n_schools)
    return message("core.zero_mean_fails",
                   reason=message("core.zero_mean", where=where, value=0)).render(lang)


def _near_pairs(values: np.ndarray[Any, Any], *bounds: np.ndarray[Any, Any]
                ) -> list[tuple[int, int]]:
    """(school, indicator) positions whose value is within the tie window of a bound."""
    hit = np.zeros(values.shape, dtype=np.bool_)
    for b in bounds:
        hit |= np.abs(values - b) <= TIE_RTOL * np.maximum(np.abs(values), np.abs(b))
    return [(int(i), int(j)) for i, j in np.argwhere(hit)]


class _ExactSegment:
    """Exact rational indicator values of one segment's schools, from the decimal inputs."""

    def __init__(self, seg: Segment, rows: Sequence[School], blocks: Sequence[Any],
                 specs: Sequence[IndicatorSpec], nums: Sequence[Numerator],
                 splits: Mapping[str, SplitRecord],
                 per: np.ndarray[Any, Any], pupils: np.ndarray[Any, Any]) -> None:
        self.seg, self.rows, self.blocks, self.specs = seg, rows, blocks, specs
        self.nums = nums
        self.splits, self.per, self.pupils = splits, per, pupils

    def share(self, i: int) -> Fraction:
        rec = self.splits.get(self.rows[i].id)
        if rec is None:
            return Fraction(1)
        wp = {k: _exact.dec(rec.weights[k]) * rec.pupils[k] for k in rec.weights}
        return wp[self.seg.value] / sum(wp.values(), Fraction(0))

    def px(self, i: int, j: int) -> Fraction:
        """Pupils times the value of school ``i``, indicator ``j``: numerator x share x per."""
        spec, n = self.specs[j], self.nums[j]
        num = sum((c * _exact.dec(v) for c, v in _terms(n, spec, self.rows[i], self.blocks[i],
                                                         self.seg)), Fraction(0))
        if n.split:
            num *= self.share(i)
        return num * _exact.dec(float(self.per[j]))

    def cv_squared(self, j: int) -> Fraction | None:
        """The exact squared CV of indicator ``j`` (``None`` when its mean is 0)."""
        n = len(self.rows)
        return _exact.cv_squared([self.px(i, j) for i in range(n)],
                                 [Fraction(int(self.pupils[i])) for i in range(n)])


def evaluate_resources(
    county: County,
    standard: Standard | str | None = None,
    *,
    segments: Sequence[Segment | str] | None = None,
) -> ResourceEvaluation:
    """Evaluate the resource-allocation area (资源配置) of a county.

    Implements 教督〔2017〕6号 articles 6–7 with the rules of ``standard``:
    scope (special-education schools and teaching points under the minimum size
    left out, each recorded in :attr:`ResourceEvaluation.exclusions`), the split
    of combined schools' stocks by weighted pupils, the 7 indicators of every
    school, the per-school rule, and the student-weighted CV of every indicator.

    Parameters
    ----------
    county : County
        The county's schools.
    standard : Standard or str, optional
        The rules; a shipped id or a :class:`Standard`.  Default: national 2017.
    segments : sequence of Segment, optional
        Segments to evaluate (default: ``county.segments``).

    Returns
    -------
    ResourceEvaluation
        Its ``warnings`` name the values of the schools in scope that look like unit
        slips (:func:`qbalance.plausibility.slip_warnings`: a sports area 10 times
        too small or too large against the county and the school's own teaching
        area); they never change a verdict.

    Raises
    ------
    EmptySegmentError
        A segment to evaluate has no school in scope.
    UnitError
        A value is implausible by a factor of 10 000 (万元 given as 元).
    DataError
        Another implausible value (names school, field, value).
    SpecError
        The standard lacks a threshold or limit the evaluation needs.

    Examples
    --------
    The bundled (constructed) example county:

    >>> from qbalance import evaluate_resources, example_county
    >>> result = evaluate_resources(example_county())
    >>> primary = result.segment("primary")
    >>> round(primary.indicator("R4").cv, 3) <= 0.50
    True
    >>> [e.reason for e in result.exclusions]
    ['small_teaching_point', 'special']
    """
    as_county(county)
    std = as_standard(standard)
    segs = parse_segments(segments if segments is not None else county.segments)
    exclusions, in_scope = [], []
    for s in county.schools:
        ex = _exclusion(s, std.scope)
        if ex is None:
            in_scope.append(s)
        else:
            exclusions.append(ex)
    _check_consistency(in_scope, std, segs)
    splits = _splits(in_scope, std)
    results = tuple(_evaluate_segment(seg, in_scope, std, splits) for seg in segs)
    return ResourceEvaluation(
        county=county.name, year=county.year, standard_id=std.id, segments=results,
        exclusions=tuple(exclusions), splits=tuple(splits.values()),
        constructed=county.constructed,
        warnings=slip_warnings([s for s in in_scope
                                if any(s.segment(seg) is not None for seg in segs)]))
