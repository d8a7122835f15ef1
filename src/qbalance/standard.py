"""Standards as data: indicator specs, thresholds, limits, scope and split rules.

A :class:`Standard` bundles everything an evaluation needs to know about the
rules: the 7 resource indicators (:class:`IndicatorSpec`), the per-school rule,
the scope rules, the split weights of combined schools and the limits.  The
national 2017 standard ships as a TOML file inside the package; provinces and
counties are other files, or are derived in code with :meth:`Standard.derive`.

>>> from qbalance import load_standard
>>> national = load_standard("national-2017")
>>> national.indicator("R4").threshold.junior
5.8
>>> county = national.with_cv_limits(primary=0.35, junior=0.32, id="x-county-2026")
>>> county.indicator("R4").cv_limit.primary, national.indicator("R4").cv_limit.primary
(0.35, 0.5)

The other three areas and the vetoes are sections of the same file:

>>> national.guarantee.quota_share_min, national.quality.consolidation_min
(0.5, 0.95)
>>> national.survey.sample_per_mille_min, len(national.vetoes)
(1.5, 6)
>>> plan = national.derive("x-county-plan", {"guarantee": {"rotation_min": 0.15},
...                                           "survey": {"satisfaction_min": 0.90}})
>>> plan.guarantee.rotation_min, plan.survey.satisfaction_min
(0.15, 0.9)
"""

from __future__ import annotations

import functools
import json
import math
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, Self, TypeVar

import attrs
from pydantic import Field, field_validator, model_validator

from qbalance._mapping import deep_merge
from qbalance import expr as _expr
from qbalance._data import data_path
from qbalance._messages import Message, check_lang, message, os_reason
from qbalance._validation import QModel
from qbalance.errors import DataError, DataValidationError, SpecError
from qbalance.vocab import Lang
from qbalance.models import SchoolKind, Segment

__all__ = [
    "as_standard",
    "GuaranteeStandard",
    "AddedTerm",
    "ConsistencyCheck",
    "FlagSpec",
    "IndicatorSpec",
    "ItemSpec",
    "Numerator",
    "QuantitySpec",
    "RoomRule",
    "SizeRule",
    "QualityStandard",
    "SchoolRule",
    "ScopeRule",
    "SegmentLimits",
    "SegmentValues",
    "SplitWeights",
    "Standard",
    "StandardDifference",
    "SurveyStandard",
    "VetoSpec",
    "available_standards",
    "compare_standards",
    "load_standard",
]

SourceField = Literal[
    "teachers_above_degree",
    "backbone_teachers",
    "pe_art_teachers",
    "teaching_area_m2",
    "sports_area_m2",
    "equipment_value_yuan",
    "multimedia_classrooms",
]
#: Fields counted per segment (teachers); the others are whole-school stocks that
#: combined schools split between segments.
SEGMENT_FIELDS: frozenset[str] = frozenset(
    {"teachers_above_degree", "backbone_teachers", "pe_art_teachers"}
)

#: Numeric fields of the models an expression may name, by level: ``school``
#: (whole-school stocks and attributes of :class:`~qbalance.School`) or
#: ``segment`` (per-segment counts of :class:`~qbalance.SegmentData`).  Any other
#: name is a quantity the standard declares in its ``[quantities]`` table.
MODEL_QUANTITIES: dict[str, Literal["school", "segment"]] = {
    "teaching_area_m2": "school", "sports_area_m2": "school",
    "equipment_value_yuan": "school", "multimedia_classrooms": "school",
    "senior_pupils": "school", "year_built": "school",
    "pupils": "segment", "teachers_above_degree": "segment", "backbone_teachers": "segment",
    "pe_art_teachers": "segment", "classes": "segment", "full_time_teachers": "segment",
}
#: Units of the model fields (fixed by the models, not by a standard).
MODEL_UNITS: dict[str, str] = {
    "teaching_area_m2": "m2", "sports_area_m2": "m2", "equipment_value_yuan": "yuan",
    "multimedia_classrooms": "rooms", "senior_pupils": "pupils", "year_built": "year",
    "pupils": "pupils", "teachers_above_degree": "teachers", "backbone_teachers": "teachers",
    "pe_art_teachers": "teachers", "classes": "classes", "full_time_teachers": "teachers",
}
#: Flags every school has (model fields): a standard's conditions may use them.
MODEL_FLAGS: frozenset[str] = frozenset({"rural", "private", "teaching_point"})


class SegmentValues(QModel):
    """A number per segment (threshold or limit); ``None`` where the spec sets none."""

    primary: float | None = None
    junior: float | None = None

    def get(self, segment: Segment) -> float | None:
        """The value for ``segment`` (``None`` when unset).

        Parameters
        ----------
        segment : Segment
            ``Segment.PRIMARY`` or ``Segment.JUNIOR`` (an enum member: any other value
            is taken as junior).

        Returns
        -------
        float or None
            :attr:`primary` or :attr:`junior`.
        """
        return self.primary if segment is Segment.PRIMARY else self.junior

    def require(self, segment: Segment, what: str) -> float:
        """The value for ``segment``; :class:`SpecError` naming ``what`` when unset.

        Parameters
        ----------
        segment : Segment
            ``Segment.PRIMARY`` or ``Segment.JUNIOR``.
        what : str
            What the value is, for the error message (e.g. ``"indicator R4 threshold"``).

        Returns
        -------
        float
            The value.

        Raises
        ------
        SpecError
            The standard sets no value for ``segment``.
        """
        v = self.get(segment)
        if v is None:
            raise SpecError(message("standard.no_segment_value", what=what,
                                    segment=segment.value))
        return v


class SegmentTexts(QModel):
    """A text per segment (e.g. the numerator of an indicator that counts different
    teachers in primary and in junior)."""

    primary: str | None = None
    junior: str | None = None

    def get(self, segment: Segment) -> str | None:
        """The text for ``segment`` (``None`` when unset).

        Parameters
        ----------
        segment : Segment

        Returns
        -------
        str or None
        """
        return self.primary if segment is Segment.PRIMARY else self.junior


class AddedTerm(QModel):
    """A term added to an indicator's numerator for the schools satisfying ``when``.

    The 2019 guideline's transition rules are of this kind: rural small schools of
    50–99 pupils may count itinerant PE and art teachers for R3, over-dense urban
    schools may count leased sports space for R5.
    """

    when: str = Field(min_length=1, description="Condition on the school, e.g. "
                                                "'rural and pupils >= 50 and pupils <= 99'.")
    add: str = Field(min_length=1, description="Sum of quantities added, e.g. "
                                               "'itinerant_pe_art_teachers'.")
    source: str | None = Field(default=None, description="Where the rule comes from.")
    note_zh: str | None = Field(default=None, description="The rule in words (Chinese), "
                                                          "shown in results.")
    note_en: str | None = Field(default=None, description="The rule in words (English).")


class ConsistencyCheck(QModel):
    """A condition every in-scope school's data must satisfy under this standard.

    Evaluation platforms check, for instance, that the teachers counted by degree do
    not outnumber the section's full-time teachers.  A school failing it is refused
    (:class:`~qbalance.DataError` naming the school, the segment, the check and the
    values), never evaluated on data the standard calls inconsistent.
    """

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Short key, e.g. "
                                                              "'degree_counts'.")
    rule: str = Field(min_length=1, description="Condition in the expression grammar, e.g. "
                      "'teachers_postgraduate + teachers_benke + teachers_zhuanke <= "
                      "full_time_teachers'; per-segment names are those of the segment "
                      "checked.")
    segments: tuple[Segment, ...] = Field(
        default=(Segment.PRIMARY, Segment.JUNIOR), min_length=1,
        description="Segments whose schools are checked.")
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    source: str | None = Field(default=None, description="Where the check comes from.")


class IndicatorSpec(QModel):
    """One resource-allocation indicator (资源配置指标) of a standard.

    The school value is ``source / pupils * per_pupils``: ``per_pupils = 100`` for
    "per 100 pupils" counts (每百名学生), ``1`` for per-pupil quantities (生均).
    """

    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$", description="Short code, e.g. R1.")
    name_zh: str = Field(min_length=1, description="Chinese name as in the method.")
    name_en: str = Field(min_length=1, description="English name.")
    unit_zh: str = Field(description="Unit in Chinese, e.g. 平方米/生.")
    unit_en: str = Field(description="Unit in English.")
    source: SourceField | None = Field(
        default=None, description="School field the indicator is computed from (the 2017 "
                                  "form; ``numerator`` states anything richer).")
    numerator: str | SegmentTexts | None = Field(
        default=None,
        description="The numerator as a sum of named quantities, e.g. "
                    "'teaching_area_m2 - indoor_pe_area_m2'; a table {primary = …, junior = …} "
                    "when the segments count different quantities.  Default: ``source``.")
    numerator_unit: str | None = Field(
        default=None, pattern=r"^[a-z][a-z0-9_]*$",
        description="Unit of the numerator (m2, yuan, teachers …); checked against the "
                    "units of the quantities at load time.")
    split: bool | None = Field(
        default=None,
        description="True: the numerator is a whole-school stock split between the sections "
                    "of a combined school; False: a per-section count.  Default: split when "
                    "every quantity is a whole-school one.")
    added_terms: tuple[AddedTerm, ...] = Field(
        default=(), description="Terms added for schools satisfying a condition (a "
                                "relaxation, e.g. itinerant teachers at small rural schools).")
    per_pupils: Literal[1, 100] = Field(description="1 for per pupil, 100 for per 100 pupils.")
    threshold: SegmentValues = Field(
        default=SegmentValues(),
        description="Standard value a school must reach (none where the standard has no "
                    "per-school rule).")
    cv_limit: SegmentValues = Field(
        default=SegmentValues(),
        description="Largest allowed inter-school CV (none where only the composite is "
                    "limited).")
    floor_fraction: float = Field(default=0.85, gt=0, le=1,
                                  description="Fraction of the threshold every school must reach"
                                              " on the indicators it does not meet.")
    plausible: tuple[float, float] = Field(
        description="Range of school values taken as plausible; outside it the value is "
                    "rejected as a probable unit or data-entry slip.")

    @property
    def segment_level(self) -> bool:
        """True when counted per segment (teachers), False for split whole-school stocks."""
        if self.split is not None:
            return not self.split
        return self.source in SEGMENT_FIELDS

    @property
    def field(self) -> str:
        """The single school field of a 2017-form indicator (:class:`SpecError` otherwise).

        Returns
        -------
        str
        """
        if self.source is None or self.numerator is not None or self.added_terms:
            raise SpecError(message("standard.not_one_field", code=self.code))
        return self.source

    def numerator_text(self, segment: Segment) -> str:
        """The numerator of ``segment`` as written (``source`` when no ``numerator``).

        Parameters
        ----------
        segment : Segment

        Returns
        -------
        str

        Raises
        ------
        SpecError
            The indicator states no numerator for ``segment``.
        """
        n = self.numerator
        if n is None:
            if self.source is None:
                raise SpecError(message("standard.no_source", code=self.code))
            return self.source
        if isinstance(n, str):
            return n
        text = n.get(segment)
        if text is None:
            raise SpecError(message("standard.no_numerator", code=self.code,
                                    segment=segment.value))
        return text

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.source is None and self.numerator is None:
            raise ValueError(message("standard.needs_source"))
        lo, hi = self.plausible
        if not lo < hi:
            raise ValueError(message("standard.plausible_empty", range=self.plausible))
        for seg in Segment:
            lim = self.cv_limit.get(seg)
            if lim is not None and not 0 < lim <= 5:
                raise ValueError(message("standard.limit_range", field=f"cv_limit.{seg.value}",
                                         value=lim))
            thr = self.threshold.get(seg)
            if thr is not None and thr < 0:
                raise ValueError(message("standard.threshold_negative",
                                         field=f"threshold.{seg.value}", value=thr))
        return self


class QuantitySpec(QModel):
    """A named school quantity a standard uses, with its unit (``[quantities.<name>]``).

    The data gives it in ``School.quantities`` (``level = "school"``) or
    ``SegmentData.quantities`` (``level = "segment"``), or as the model field of
    that name.
    """

    level: Literal["school", "segment"] = Field(
        description="'school': one value for the whole school (a stock or an attribute); "
                    "'segment': one value per segment (teachers of the segment).")
    unit: str = Field(pattern=r"^[a-z][a-z0-9_]*$",
                      description="Unit (m2, yuan, teachers, books, computers, pupils …); "
                                  "terms of different units cannot be added.")
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    source: str | None = Field(default=None, description="Where its definition comes from.")


class FlagSpec(QModel):
    """A yes/no attribute of a school that a condition may name (``School.flags``)."""

    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    source: str | None = Field(default=None, description="Where the attribute is defined.")


@attrs.frozen(slots=True, kw_only=True)
class Numerator:
    """An indicator's numerator for one segment, parsed and checked.

    Attributes
    ----------
    terms : tuple of (Term, level)
        The terms of the sum with the level (``"school"`` or ``"segment"``) of each.
    split : bool
        Whole-school stock split between sections (True) or per-section count.
    added : tuple of (Condition, tuple of (Term, level))
        Conditional terms.
    names : tuple of str
        Every quantity the numerator may read (for messages).
    flags : frozenset of str
        The flags the standard declares (a school not listing one does not have it).
    """

    terms: tuple[tuple[_expr.Term, str], ...]
    split: bool
    added: tuple[tuple[_expr.Condition, tuple[tuple[_expr.Term, str], ...]], ...]
    names: tuple[str, ...]
    flags: frozenset[str] = frozenset()

    @property
    def plain_field(self) -> str | None:
        """The single model field when the numerator is just that field (the 2017 form)."""
        if (len(self.terms) == 1 and not self.added and self.terms[0][0].coef == 1
                and self.terms[0][0].name in MODEL_QUANTITIES):
            return self.terms[0][0].name
        return None


class SchoolRule(QModel):
    """Per-school rule: at least ``min_met`` indicators met, all others ≥ their floor."""

    min_met: int = Field(ge=0, description="Indicators a school must meet (national: 6 of 7).")


class ScopeRule(QModel):
    """Which schools enter the resource-allocation computation."""

    exclude_special: bool = Field(default=True, description="Leave out special-education schools.")
    teaching_point_min_pupils: int = Field(
        default=50, ge=0, description="Teaching points with fewer pupils are left out.")
    include_private: bool = Field(default=True, description="Private schools are evaluated.")
    include_teaching_points: bool = Field(
        default=True, description="Teaching points (of at least the minimum size) are "
                                  "evaluated; the 2012 method left them all out.")
    exclude_vocational: bool = Field(default=True,
                                     description="Leave out vocational schools (职业学校).")
    exclude_owner_codes: tuple[str, ...] = Field(
        default=(), description="Owner-type codes (举办者类型代码) of schools left out, e.g. "
                                "schools run by the province or the city.")


class SplitWeights(QModel):
    """Pupil weights used to split a combined school's whole-school stocks.

    ``kindergarten`` weighs the pupils of attached kindergarten classes (附设幼儿班):
    no source gives it, so no shipped national standard sets one; a school with
    such pupils under a standard without the weight is an error unless the
    standard's ``attached_kindergarten`` says the stocks exclude them.
    """

    kindergarten: float | None = Field(default=None, gt=0)
    primary: float | None = Field(default=None, gt=0)
    junior: float | None = Field(default=None, gt=0)
    senior: float | None = Field(default=None, gt=0)


class SegmentLimits(QModel):
    """An integer limit per segment (e.g. largest class size); ``None`` where unset."""

    primary: int | None = Field(default=None, gt=0)
    junior: int | None = Field(default=None, gt=0)

    def get(self, segment: Segment) -> int | None:
        """The limit for ``segment`` (``None`` when unset).

        Parameters
        ----------
        segment : Segment
            ``Segment.PRIMARY`` or ``Segment.JUNIOR`` (an enum member: any other value
            is taken as junior).

        Returns
        -------
        int or None
            :attr:`primary` or :attr:`junior`.
        """
        return self.primary if segment is Segment.PRIMARY else self.junior


class RoomRule(QModel):
    """A relaxation of the music and art rooms rule (guarantee 3) for some schools.

    A school satisfying ``when`` has its rooms counted from the smaller minimum
    area (or on their number only, ``count_only``).  Where several rules apply,
    the most lenient value of each is used.
    """

    when: str = Field(min_length=1, description="Condition on the school, e.g. "
                                                "'year_built <= 2016'.")
    music_room_min_m2: float | SegmentValues | None = Field(
        default=None, description="Least area of a music room, m² (per segment where the "
                                  "rule gives a primary and a junior value; a school with "
                                  "junior pupils uses the junior value).")
    art_room_min_m2: float | SegmentValues | None = Field(
        default=None, description="Least area of an art room, m².")
    count_only: bool = Field(default=False, description="Only the number of rooms counts.")
    source: str | None = Field(default=None, description="Where the rule comes from.")
    note_zh: str | None = Field(default=None, description="The rule in words (Chinese), "
                                                          "shown in results.")
    note_en: str | None = Field(default=None, description="The rule in words (English).")

    def area(self, which: str, has_junior: bool) -> float | None:
        """The rule's least area of ``which`` (``"music"`` / ``"art"``) for a school.

        Parameters
        ----------
        which : {"music", "art"}
        has_junior : bool
            The school has junior pupils (then the junior value of a per-segment rule).

        Returns
        -------
        float or None
        """
        v = self.music_room_min_m2 if which == "music" else self.art_room_min_m2
        if isinstance(v, SegmentValues):
            return v.junior if has_junior and v.junior is not None else v.primary
        return v


class SizeRule(QModel):
    """A relaxation of the school-size limits (guarantee 4) for some schools.

    A school satisfying ``when`` may have up to ``school_size_max`` of its kind
    (the larger of this and the base limit).
    """

    when: str = Field(min_length=1, description="Condition on the school, e.g. "
                                                "'year_built <= 2010'.")
    school_size_max: dict[SchoolKind, int] = Field(
        description="Largest enrolment per kind of school under the rule.")
    source: str | None = Field(default=None, description="Where the rule comes from.")
    note_zh: str | None = Field(default=None, description="The rule in words (Chinese), "
                                                          "shown in results.")
    note_en: str | None = Field(default=None, description="The rule in words (English).")


class GuaranteeStandard(QModel):
    """Thresholds of the 15 government-guarantee indicators (政府保障程度, article 8).

    Shares are fractions (``0.10`` = 10 %); a ``*_min`` value is met when the exact
    value is greater than or equal to it, a ``*_max`` value when it is less than or
    equal to it.  Indicators 1, 2 and 10 are qualitative and have no threshold.
    """

    classes_per_room: int = Field(
        gt=0, description="G3: one music and one art room per this many classes "
                          "(每12个班级配备音乐、美术专用教室1间以上).")
    music_room_min_m2: float = Field(gt=0, description="G3: least area of a music room, m².")
    art_room_min_m2: float = Field(gt=0, description="G3: least area of an art room, m².")
    room_area_exempt_built_before: int | None = Field(
        default=None, ge=1800, le=2100,
        description="G3: schools built before this year are checked on room count only "
                    "(2016年以前建成的学校不限制单间教室面积).")
    rooms_include_teaching_points: bool = Field(
        default=False, description="G3: whether teaching points (教学点) must have the rooms.")
    room_rules: tuple[RoomRule, ...] = Field(
        default=(), description="G3: relaxations of the room areas for some schools (by "
                                "year built, rural small schools …), or count-only rules.")
    size_rules: tuple[SizeRule, ...] = Field(
        default=(), description="G4: larger size limits for some schools (built before a "
                                "year, many migrant pupils …).")
    public_funds_min_yuan: SegmentValues = Field(
        default=SegmentValues(),
        description="G2: least per-pupil public funds (生均公用经费), yuan, where the standard "
                    "sets a floor of its own (a city standard); none nationally.")
    special_funds_regular_class: bool = Field(
        default=False,
        description="G7: the special-school per-pupil funds also apply to disabled pupils in "
                    "regular classes (随班就读).")
    school_size_max: dict[SchoolKind, int] = Field(
        description="G4: largest compulsory-education enrolment per kind of school "
                    "(办学规模); kinds not listed are not checked.")
    class_size_max: SegmentLimits = Field(
        description="G5: largest class per segment (班额), pupils.")
    small_school_pupils: int = Field(
        gt=0, description="G6: rural schools and teaching points under this many pupils are "
                          "funded as if they had this many (按100名学生核定公用经费).")
    special_funds_min_yuan: float = Field(
        gt=0, description="G7: least per-pupil public funds of special-education schools, yuan.")
    special_funds_plausible_yuan: tuple[float, float] | None = Field(
        default=None,
        description="G7: range of per-pupil funds taken as plausible; outside it the input is "
                    "rejected as a probable unit slip (万元 given as 元 or the reverse).")
    teacher_pay_ratio_min: float = Field(
        gt=0, description="G8: least ratio of teachers' average pay to local civil servants'.")
    training_hours: int = Field(gt=0, description="G9: training hours per cycle (360学时).")
    training_years: int = Field(gt=0, description="G9: years of the training cycle (5年).")
    training_completion_min: float = Field(
        ge=0, le=1, description="G9: least share of teachers completing the training cycle.")
    rotation_min: float = Field(
        ge=0, le=1, description="G11: least share of eligible teachers rotated each year "
                                "(交流轮岗教师比例).")
    backbone_rotation_min: float = Field(
        ge=0, le=1, description="G11: least share of backbone teachers among those rotated.")
    certification_min: float = Field(
        ge=0, le=1, description="G12: least share of full-time teachers holding a teacher "
                                "certificate (持证上岗率).")
    nearby_urban_min: float = Field(
        ge=0, le=1, description="G13: least nearby-enrolment share in urban areas (城区).")
    nearby_town_min: float = Field(
        ge=0, le=1, description="G13: least nearby-enrolment share in towns (镇区).")
    quota_share_min: float = Field(
        ge=0, le=1, description="G14: least share of quality senior-high places allocated "
                                "to junior schools (优质高中招生名额分配比例).")
    quota_rural_share_min: float | None = Field(
        default=None, ge=0, le=1,
        description="G14: least rural share of the allocated places; unset where the rule "
                    "only says 'tilted toward rural schools' (向农村初中倾斜).")
    migrant_public_min: float = Field(
        ge=0, le=1, description="G15: least share of migrant children in public or "
                                "government-purchased places (随迁子女).")

    @model_validator(mode="after")
    def _check(self) -> Self:
        rng = self.special_funds_plausible_yuan
        if rng is not None and not 0 <= rng[0] < rng[1]:
            raise ValueError(message("standard.not_range", field="special_funds_plausible_yuan",
                                     range=rng))
        bad = {k.value: v for k, v in self.school_size_max.items() if v <= 0}
        if bad:
            raise ValueError(message("standard.size_positive", bad=bad))
        return self


class QualityStandard(QModel):
    """Thresholds of the 9 education-quality indicators (教育质量, article 9).

    Indicators 3, 5, 6, 7 and 8 are qualitative and have no threshold.
    """

    consolidation_min: float = Field(
        ge=0, le=1, description="Q1: least junior three-year consolidation rate (初中三年巩固率).")
    consolidation_variant: Literal["full", "transfers_only", "form"] = Field(
        default="full",
        description="Q1: 'full' adjusts entrants by transfers, resumptions, suspensions and "
                    "deaths; 'transfers_only' by transfers in and out only; 'form' is the "
                    "declaration form's (申报表) (graduates - in + out) / (entrants - deceased).")
    consolidation_cap: bool = Field(
        default=False, description="Q1: cap the consolidation rate at 100 %.")
    disabled_enrolment_min: float = Field(
        ge=0, le=1, description="Q2: least enrolment rate of disabled children (残疾儿童少年入学率).")
    training_budget_share_min: float = Field(
        ge=0, le=1, description="Q4: least share of the yearly public-funds budget for teacher "
                                "training (教师培训经费).")
    monitoring_level_min: int = Field(
        ge=1, le=4, description="Q9: least achievement level in national quality monitoring "
                                "(学业水平达到Ⅲ级以上 → 3).")
    training_budget_bases: tuple[Literal["budget", "final_accounts"], ...] = Field(
        default=("budget",), min_length=1,
        description="Q4: the share is checked against the budget (预算) and, where listed, the "
                    "final accounts (决算) too.")
    curriculum_extra_zh: str | None = Field(
        default=None, description="Q7: further requirements of the curriculum indicator "
                                  "(e.g. labour education), shown with the declaration.")
    curriculum_extra_en: str | None = Field(default=None, description="The same in English.")
    monitoring_difference_below: float = Field(
        gt=0, le=1, description="Q9: the inter-school difference rate (校际差异率) must be "
                                "strictly below this.")


class SurveyStandard(QModel):
    """Rules of the social-recognition survey (社会认可度, article 10)."""

    sample_per_mille_min: float = Field(
        ge=0, le=1000, description="Least number of respondents per 1000 resident population "
                                   "(‰, not %: 1.5 ‰ nationally).")
    parent_share_min: float = Field(
        ge=0, le=1, description="Least share of parents among respondents.")
    satisfaction_min: float = Field(
        ge=0, le=1, description="Least overall satisfaction (满意度).")
    sample_min: int | None = Field(
        default=None, gt=0, description="Least number of respondents where the resident "
                                        "population is below ``sample_min_population_below`` "
                                        "(600 under 400 000 in the 2012 method).")
    sample_min_population_below: int | None = Field(
        default=None, gt=0, description="Population under which ``sample_min`` applies.")
    valid_return_min: float | None = Field(
        default=None, ge=0, le=1, description="Least share of valid returns among the "
                                              "questionnaires handed out.")

    @model_validator(mode="after")
    def _check(self) -> Self:
        if (self.sample_min is None) != (self.sample_min_population_below is None):
            raise ValueError(message("standard.sample_min_pair"))
        return self


ItemUnit = Literal["declared", "count", "percent", "permille", "yuan", "ratio", "level"]
_ITEM_AREA = {"G": "guarantee", "Q": "quality", "S": "survey"}


class ItemSpec(QModel):
    """One indicator of the government-guarantee, quality or survey area, named once.

    The names the county checks, the reports, the audit and the text extraction
    use all come from these records (``[[items]]`` of the standard file), next to
    the resource indicators R1–R7.
    """

    code: str = Field(pattern=r"^[GQS][0-9]+$",
                      description="G1–G15 (guarantee), Q1–Q9 (quality), S1–S3 (survey).")
    area: Literal["guarantee", "quality", "survey"] = Field(
        description="Area of the indicator; must agree with the code's letter.")
    name_zh: str = Field(min_length=1, description="Short Chinese name.")
    name_en: str = Field(min_length=1, description="Short English name.")
    unit: ItemUnit = Field(
        description="What the check measures: 'declared' (qualitative, the county's "
                    "declaration), 'count' (schools or classes over a limit), 'percent', "
                    "'permille', 'yuan', 'ratio' or 'level'.")
    text_zh: str | None = Field(default=None,
                                description="The rule's wording in the source document.")
    text_en: str | None = Field(default=None, description="The rule in English.")

    @model_validator(mode="after")
    def _check(self) -> Self:
        if _ITEM_AREA[self.code[0]] != self.area:
            raise ValueError(message("standard.item_area", code=self.code, area=self.area,
                                     expected=_ITEM_AREA[self.code[0]]))
        return self


class VetoSpec(QModel):
    """A veto condition (不予认定): if it holds, the county is not recognised."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Key used in county data.")
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)



_T = TypeVar("_T")



def _inner(exc: BaseException) -> object:
    """What a wrapped error says: its catalogue message (rendered in the reader's
    language), else its text."""
    if exc.args and isinstance(exc.args[0], Message):
        return exc.args[0]
    return str(exc)

def _required(section: _T | None, std_id: str, name: str, what: Message) -> _T:
    """A standard's optional section, or the :class:`SpecError` naming what is missing."""
    if section is None:
        raise SpecError(message("standard.no_section", id=std_id, name=name, what=what))
    return section


class Standard(QModel):
    """A complete set of rules: national, provincial, or a county's own targets."""

    id: str = Field(min_length=1, description="Identifier, e.g. national-2017.")
    name_zh: str
    name_en: str
    source: str = Field(description="Document the figures come from, in Chinese (the "
                                    "default language); see :meth:`source_text`.")
    source_en: str | None = Field(
        default=None, description="``source`` in English (``None``: English output shows "
                                  "``source`` as written).")
    year: int | None = None
    based_on: str | None = Field(default=None, description="Id of the standard this derives from.")
    school_rule: SchoolRule | None = Field(
        description="The per-school rule; none in the 2012 basic-balance method "
                    "(``school_rule = false`` in a file).")
    scope: ScopeRule = ScopeRule()
    split: dict[SchoolKind, SplitWeights]
    attached_kindergarten: Literal["split", "stocks_exclude"] = Field(
        default="split",
        description="How pupils of attached kindergarten classes (附设幼儿班) are treated: "
                    "'split': the school's stocks are split with them by the weight "
                    "``split.<kind>.kindergarten`` (a school with such pupils and no weight "
                    "is an error naming the school, the quantity and the standard); "
                    "'stocks_exclude': the stocks given exclude the kindergarten's, its "
                    "pupils take no share.")
    quantities: dict[str, QuantitySpec] = Field(
        default_factory=dict,
        description="Named school quantities the indicators use beyond the model's fields, "
                    "with their units.")
    flags: dict[str, FlagSpec] = Field(
        default_factory=dict, description="School flags (School.flags) conditions may name.")
    indicators: tuple[IndicatorSpec, ...] = Field(min_length=1)
    consistency: tuple[ConsistencyCheck, ...] = Field(
        default=(), description="Conditions every in-scope school's data must satisfy "
                                "(e.g. degree counts <= full-time teachers).")
    composite_cv_limit: SegmentValues = Field(
        default=SegmentValues(),
        description="Optional limit on the composite CV (county targets; none nationally; "
                    "the 2012 method's pass rule).")
    composite_indicators: tuple[str, ...] | None = Field(
        default=None, description="Codes of the indicators whose CVs enter the composite "
                                  "(default: all).")
    guarantee: GuaranteeStandard | None = Field(
        default=None, description="Government-guarantee thresholds (政府保障程度).")
    quality: QualityStandard | None = Field(
        default=None, description="Education-quality thresholds (教育质量).")
    survey: SurveyStandard | None = Field(
        default=None, description="Social-recognition survey rules (社会认可度).")
    vetoes: tuple[VetoSpec, ...] = Field(
        default=(), description="Veto conditions (不予认定).")
    areas: tuple[Literal["guarantee", "quality", "survey", "vetoes"], ...] = Field(
        default=("guarantee", "quality", "survey", "vetoes"),
        description="The areas besides resource allocation that this standard evaluates "
                    "(the 2012 basic-balance method: survey only); each needs its section.")
    items: tuple[ItemSpec, ...] = Field(
        default=(), description="Names and units of the guarantee (G), quality (Q) and "
                                "survey (S) indicators.")
    notes: tuple[str, ...] = Field(
        default=(),
        description="Provenance: what the source document says, what equals the standard "
                    "this one is based on, and what could not be verified; in Chinese "
                    "(see :meth:`notes_text`).")
    notes_en: tuple[str, ...] | None = Field(
        default=None, description="``notes`` in English, one for one (``None``: English "
                                  "output shows ``notes`` as written).")
    provenance: dict[str, str] = Field(
        default_factory=dict,
        description="Per value: dotted path (as in compare_standards, e.g. "
                    "'guarantee.special_funds_min_yuan') -> the document it is sourced from.  "
                    "A value of a derived standard not listed repeats its base.  In Chinese.")
    provenance_en: dict[str, str] | None = Field(
        default=None, description="``provenance`` in English, for the same paths (``None``: "
                                  "English output shows ``provenance`` as written).")
    status: Literal["sourced", "repeats-base"] = Field(
        default="sourced",
        description="'repeats-base': a provincial file that encodes nothing of its own yet "
                    "(national values, no provincial source).")

    def __repr__(self) -> str:
        # one line: the id and the title, never every rule
        from qbalance._messages import get_lang

        return f"<Standard {self.id}《{self.name_zh}》>" if get_lang() == "zh" else (
            f"<Standard {self.id} ({self.name_en})>")

    @field_validator("school_rule", mode="before")
    @classmethod
    def _no_rule(cls, v: Any) -> Any:
        # TOML has no null: ``school_rule = false`` says "no per-school rule"
        return None if v is False else v

    @model_validator(mode="after")
    def _check(self) -> Self:
        for seg in Segment:
            lim = self.composite_cv_limit.get(seg)
            if lim is not None and not 0 < lim <= 5:
                raise ValueError(message("standard.limit_range",
                                         field=f"composite_cv_limit.{seg.value}", value=lim))
        if self.notes_en is not None and len(self.notes_en) != len(self.notes):
            raise ValueError(message("standard.notes_en_count", zh="notes", en="notes_en",
                                     n=len(self.notes),
                                     n_en=len(self.notes_en)))
        if self.provenance_en is not None and set(self.provenance_en) != set(self.provenance):
            raise ValueError(message("standard.provenance_en_keys", zh="provenance",
                                     en="provenance_en", paths=sorted(
                set(self.provenance_en) ^ set(self.provenance))))
        if self.provenance:
            paths = _flatten(self.model_dump(mode="json"))
            unknown = [k for k in self.provenance
                       if not any(p == k or p.startswith(k + ".") for p in paths)]
            if unknown:
                raise ValueError(message("standard.provenance_unknown", unknown=unknown))
        icodes = [i.code for i in self.items]
        idup = {c for c in icodes if icodes.count(c) > 1}
        if idup:
            raise ValueError(message("standard.item_repeated", codes=sorted(idup)))
        vcodes = [v.code for v in self.vetoes]
        vdup = {c for c in vcodes if vcodes.count(c) > 1}
        if vdup:
            raise ValueError(message("standard.veto_repeated", codes=sorted(vdup)))
        codes = [i.code for i in self.indicators]
        dup = {c for c in codes if codes.count(c) > 1}
        if dup:
            raise ValueError(message("standard.indicator_repeated", codes=sorted(dup)))
        if self.school_rule is not None and self.school_rule.min_met > len(self.indicators):
            raise ValueError(message("standard.min_met", value=self.school_rule.min_met,
                                     n=len(self.indicators)))
        if self.composite_indicators is not None:
            unknown = [c for c in self.composite_indicators if c not in codes]
            if unknown or not self.composite_indicators:
                raise ValueError(message("standard.composite_unknown",
                                         given=list(self.composite_indicators),
                                         unknown=unknown, codes=codes))
        clash = sorted(set(self.quantities) & set(MODEL_QUANTITIES))
        for name in clash:
            q = self.quantities[name]
            if q.level != MODEL_QUANTITIES[name] or q.unit != MODEL_UNITS[name]:
                raise ValueError(message("standard.quantity_clash", name=name,
                                         level=MODEL_QUANTITIES[name], unit=MODEL_UNITS[name],
                                         given_level=q.level, given_unit=q.unit))
        for spec in self.indicators:
            for seg in Segment:
                if spec.numerator is None and spec.source is not None:
                    pass
                elif spec.numerator is not None and not isinstance(spec.numerator, str) \
                        and spec.numerator.get(seg) is None:
                    continue
                try:
                    _compile(self, spec, seg)
                except (ValueError, SpecError) as exc:
                    raise ValueError(message("standard.in_indicator", code=spec.code,
                                             segment=seg.value,
                                             inner=_inner(exc))) from None
        ccodes = [c.code for c in self.consistency]
        cdup = {c for c in ccodes if ccodes.count(c) > 1}
        if cdup:
            raise ValueError(message("standard.consistency_repeated", codes=sorted(cdup)))
        for n, chk in enumerate(self.consistency):
            cu = _units(self)
            cu.update(CONDITION_NAMES)
            try:
                _expr.parse_condition(chk.rule).check(cu, MODEL_FLAGS | frozenset(self.flags))
            except ValueError as exc:
                raise ValueError(message("standard.in_consistency", n=n, code=chk.code,
                                         inner=_inner(exc))) from None
        if self.guarantee is not None:
            cond_units = _units(self)
            cond_units.update(CONDITION_NAMES)
            flags = MODEL_FLAGS | frozenset(self.flags)
            whens = ([("room_rules", n, r.when) for n, r in enumerate(self.guarantee.room_rules)]
                     + [("size_rules", n, r.when)
                        for n, r in enumerate(self.guarantee.size_rules)])
            for k, n, when in whens:
                try:
                    _expr.parse_condition(when).check(cond_units, flags)
                except ValueError as exc:
                    raise ValueError(message("standard.in_guarantee", key=k, n=n,
                                             inner=_inner(exc))) from None
        for seg in Segment:
            if (any(i.threshold.get(seg) is not None or i.cv_limit.get(seg) is not None
                    for i in self.indicators)
                    and all(i.cv_limit.get(seg) is None for i in self.indicators)
                    and self.composite_cv_limit.get(seg) is None):
                raise ValueError(message("standard.no_county_rule", segment=seg.value))
        need = {
            SchoolKind.SENIOR_WITH_JUNIOR: ("junior", "senior"),
            SchoolKind.NINE_YEAR: ("primary", "junior"),
            SchoolKind.TWELVE_YEAR: ("primary", "junior", "senior"),
            SchoolKind.COMPLETE_MIDDLE: ("junior", "senior"),
        }
        for kind, parts in need.items():
            w = self.split.get(kind)
            missing = [p for p in parts if w is None or getattr(w, p) is None]
            if missing:
                raise ValueError(message("standard.split_weights", kind=kind.value,
                                         missing=missing))
        return self

    def require_guarantee(self) -> GuaranteeStandard:
        """The government-guarantee section; :class:`SpecError` when the standard has none.

        Returns
        -------
        GuaranteeStandard
            :attr:`guarantee`.

        Raises
        ------
        SpecError
            The standard has no ``[guarantee]`` section.
        """
        return _required(self.guarantee, self.id, "guarantee",
                         message("standard.section_guarantee"))

    def require_quality(self) -> QualityStandard:
        """The education-quality section; :class:`SpecError` when the standard has none.

        Returns
        -------
        QualityStandard
            :attr:`quality`.

        Raises
        ------
        SpecError
            The standard has no ``[quality]`` section.
        """
        return _required(self.quality, self.id, "quality",
                         message("standard.section_quality"))

    def require_survey(self) -> SurveyStandard:
        """The survey section; :class:`SpecError` when the standard has none.

        Returns
        -------
        SurveyStandard
            :attr:`survey`.

        Raises
        ------
        SpecError
            The standard has no ``[survey]`` section.
        """
        return _required(self.survey, self.id, "survey",
                         message("standard.section_survey"))

    def indicator(self, code: str) -> IndicatorSpec:
        """The indicator with ``code``; :class:`SpecError` when the standard has none.

        Parameters
        ----------
        code : str
            Indicator code, e.g. ``"R4"``.

        Returns
        -------
        IndicatorSpec

        Raises
        ------
        SpecError
            No indicator has this code (the message lists the codes there are).
        """
        for spec in self.indicators:
            if spec.code == code:
                return spec
        raise SpecError(message("standard.no_indicator", id=self.id, code=code,
                                codes=[i.code for i in self.indicators]))

    def numerator(self, code: str, segment: Segment) -> Numerator:
        """Indicator ``code``'s numerator in ``segment``, parsed and checked.

        Parameters
        ----------
        code : str
            Indicator code, e.g. ``"R4"``.
        segment : Segment

        Returns
        -------
        Numerator

        Raises
        ------
        SpecError
            Unknown indicator, or no numerator for the segment.

        Examples
        --------
        >>> from qbalance import Segment, load_standard
        >>> n = load_standard("national-2017").numerator("R4", Segment.JUNIOR)
        >>> n.plain_field, n.split
        ('teaching_area_m2', True)
        """
        return _compile(self, self.indicator(code), segment)

    def source_text(self, lang: Lang | None = None) -> str:
        """The document the figures come from, in ``lang`` (default: the session language).

        Chinese is :attr:`source`, English :attr:`source_en` (or :attr:`source` as
        written when a standard file gives no English).

        Parameters
        ----------
        lang : {"zh", "en"}, optional
            Language (default: the session language).

        Returns
        -------
        str
            The document, in ``lang``.

        Examples
        --------
        >>> from qbalance import load_standard
        >>> print(load_standard("guangdong").source_text("zh")[:11])
        未找到广东省的评估办法
        >>> print(load_standard("guangdong").source_text("en")[:36])
        No Guangdong evaluation method found
        """
        if check_lang(lang) == "en" and self.source_en is not None:
            return self.source_en
        return self.source

    def notes_text(self, lang: Lang | None = None) -> tuple[str, ...]:
        """The notes in ``lang`` (default: the session language); see :meth:`source_text`.

        Parameters
        ----------
        lang : {"zh", "en"}, optional
            Language (default: the session language).

        Returns
        -------
        tuple of str
            :attr:`notes` in Chinese, :attr:`notes_en` in English (or :attr:`notes` as
            written when a standard file gives no English).
        """
        if check_lang(lang) == "en" and self.notes_en is not None:
            return self.notes_en
        return self.notes

    def source_of(self, path: str, lang: Lang | None = None) -> str | None:
        """Where the value at ``path`` is sourced from (``None``: it repeats the base).

        Parameters
        ----------
        path : str
            A dotted path as in :func:`compare_standards`, e.g.
            ``"guarantee.special_funds_min_yuan"``; the longest ``provenance`` entry
            that is the path or one of its prefixes answers.
        lang : {"zh", "en"}, optional
            Language of the answer (default: the session language).

        Returns
        -------
        str or None
            The document (a complete standard without an entry: its ``source``).

        Examples
        --------
        >>> from qbalance import load_standard
        >>> s = load_standard("liaoning-shenyang-2024")
        >>> print(s.source_of("guarantee.special_funds_min_yuan", "zh")[:12])
        沈阳市2024年评估平台
        >>> s.source_of("guarantee.special_funds_min_yuan", "en").startswith("Shenyang 2024")
        True
        >>> s.source_of("guarantee.rotation_min") is None      # repeats national-2017
        True
        """
        en = check_lang(lang) == "en"
        table = self.provenance_en if en and self.provenance_en is not None else self.provenance
        parts = path.split(".")
        for n in range(len(parts), 0, -1):
            key = ".".join(parts[:n])
            if key in table:
                return table[key]
        return None if self.based_on is not None else self.source_text(lang)

    def cv_rule_passed(self, segment: Segment, cvs: Mapping[str, float]) -> bool:
        """The county CV rule of this standard applied to given CVs (e.g. a printed table).

        Each indicator with a limit must be within it, and the composite (the mean
        of the CVs of :attr:`composite_indicators`, all by default) within its
        limit when there is one.  Comparisons are on the values given; the
        evaluation itself decides ties exactly from the school data.

        Parameters
        ----------
        segment : Segment
        cvs : mapping of str to float
            CV per indicator code (every indicator of the standard).

        Returns
        -------
        bool

        Raises
        ------
        SpecError
            A CV is missing for an indicator.

        Examples
        --------
        庐阳区 (Hefei) primary, basic-balance inspection report (~2014): single CVs
        above 1, composite 0.592 ≤ 0.65, passes the 2012 rule; the 2017 rule's
        per-indicator limit of 0.50 would fail it:

        >>> from qbalance import Segment, load_standard
        >>> cvs = dict(zip([f"B{i}" for i in range(1, 9)],
        ...                [0.881, 1.299, 0.977, 0.379, 0.170, 0.334, 0.286, 0.408]))
        >>> load_standard("basic-balance-2012").cv_rule_passed(Segment.PRIMARY, cvs)
        True
        """
        missing = [i.code for i in self.indicators if i.code not in cvs]
        if missing:
            raise SpecError(message("standard.no_cv", missing=missing))
        for i in self.indicators:
            lim = i.cv_limit.get(segment)
            if lim is not None and not cvs[i.code] <= lim:
                return False
        comp_lim = self.composite_cv_limit.get(segment)
        if comp_lim is not None:
            codes = self.composite_indicators or tuple(i.code for i in self.indicators)
            comp = sum(cvs[c] for c in codes) / len(codes)
            if not comp <= comp_lim:
                return False
        return True

    def require_school_rule(self) -> SchoolRule:
        """The per-school rule; :class:`SpecError` when the standard has none.

        Returns
        -------
        SchoolRule

        Raises
        ------
        SpecError
            The standard has no per-school rule (the 2012 basic-balance method).
        """
        if self.school_rule is None:
            raise SpecError(message("standard.no_school_rule", id=self.id))
        return self.school_rule

    def require_2017_form(self, what: str) -> None:
        """Refuse, naming the rules, a standard with :meth:`extended_features`.

        Parameters
        ----------
        what : str
            The function that cannot evaluate them, for the message.

        Raises
        ------
        SpecError
            Lists the rules ``what`` does not implement.
        """
        ext = self.extended_features()
        if ext:
            raise SpecError(message("standard.only_old_form", what=what, id=self.id,
                                    ext=", ".join(ext)))

    def extended_features(self) -> tuple[str, ...]:
        """What this standard uses beyond the 2017 form (one model field per indicator,
        CV limits and a per-school rule for every indicator, the three scope switches).

        The vectorised :func:`~qbalance.evaluate_batch` and the planner refuse a
        standard with any of these (:class:`SpecError`) rather than evaluating it
        differently from :func:`~qbalance.evaluate_resources`.

        Returns
        -------
        tuple of str
            Dotted paths of the extended rules, e.g. ``"indicators.R4.numerator"``.

        Examples
        --------
        >>> from qbalance import load_standard
        >>> load_standard("national-2017").extended_features()
        ()
        """
        out: list[str] = []
        for spec in self.indicators:
            for seg in Segment:
                try:
                    n = _compile(self, spec, seg)
                except SpecError:
                    continue
                if n.plain_field is None or n.split != (n.plain_field not in SEGMENT_FIELDS):
                    out.append(f"indicators.{spec.code}.numerator")
                    break
            if any(spec.cv_limit.get(seg) is None for seg in Segment):
                out.append(f"indicators.{spec.code}.cv_limit")
        if self.school_rule is None:
            out.append("school_rule")
        if self.composite_indicators is not None:
            out.append("composite_indicators")
        sc = self.scope
        if not sc.include_teaching_points:
            out.append("scope.include_teaching_points")
        if sc.exclude_owner_codes:
            out.append("scope.exclude_owner_codes")
        for kind, w in self.split.items():
            if w.kindergarten is not None or kind not in _SPLIT_2017:
                out.append(f"split.{kind.value}")
        if self.attached_kindergarten != "split":
            out.append("attached_kindergarten")
        if self.consistency:
            out.append("consistency")
        return tuple(dict.fromkeys(out))

    def item(self, code: str) -> ItemSpec:
        """The guarantee / quality / survey indicator with ``code`` (``"G14"``, ``"Q1"`` …).

        Parameters
        ----------
        code : str
            ``G1``–``G15``, ``Q1``–``Q9`` or ``S1``–``S3``.

        Returns
        -------
        ItemSpec

        Raises
        ------
        SpecError
            The standard names no such indicator.

        Examples
        --------
        >>> from qbalance import load_standard
        >>> g14 = load_standard("national-2017").item("G14")
        >>> g14.name_zh, g14.unit
        ('优质高中招生名额分配比例', 'percent')
        """
        for spec in self.items:
            if spec.code == code:
                return spec
        raise SpecError(message("standard.no_item", id=self.id, code=code,
                                codes=[i.code for i in self.items]))

    # -- deriving -------------------------------------------------------------
    def derive(self, id: str, changes: Mapping[str, Any] | None = None, *,
               stricter_only: bool = False, **kw: Any) -> Standard:
        """A new standard with some values changed; this one is left as it is.

        This is how a county states its own targets (a plan's stricter CV limits,
        a higher threshold) without editing any file.  The result is validated
        like a shipped standard: unknown keys, a CV limit outside (0, 5], a
        negative threshold, a floor fraction outside (0, 1] or a per-school rule
        asking for more indicators than there are all raise :class:`SpecError`.

        Parameters
        ----------
        id : str
            Identifier of the derived standard (``based_on`` is set to this one's id).
        changes : mapping, optional
            Nested changes merged into this standard's data.  Under ``indicators`` a
            mapping keyed by indicator code changes single indicators, e.g.
            ``{"indicators": {"R4": {"threshold": {"primary": 5.0}}}}``.
        stricter_only : bool
            Refuse any change that loosens this standard (a lower threshold, a
            higher CV limit, fewer indicators required, a lower floor): a county
            target or a provincial rule may add to the national method, not relax
            it.  Changes whose direction is neutral (scope, split weights, names)
            are allowed.
        **kw
            Top-level changes, e.g. ``name_zh="某县目标"``.

        Returns
        -------
        Standard
            The validated new standard, with ``id`` and ``based_on`` set.

        Raises
        ------
        SpecError
            The result is not a valid standard (names the field and value), or
            ``stricter_only`` and some change loosens the rules (lists them).

        Examples
        --------
        >>> from qbalance import load_standard
        >>> s = load_standard("national-2017").derive(
        ...     "my-county", {"indicators": {"R6": {"threshold": {"junior": 3000}}}})
        >>> s.indicator("R6").threshold.junior, s.based_on
        (3000.0, 'national-2017')

        A typo or an impossible value is refused, naming the field:

        >>> load_standard().derive("bad", {"indicators": {"R4": {"cv_limit": {"primary": 0}}}})
        Traceback (most recent call last):
        ...
        qbalance.errors.SpecError: 派生标准 “bad”中有 1 处问题：...cv_limit.primary = 0.0 不在 (0, 5] 范围内...

        A county target may not relax the national rules when asked to check:

        >>> load_standard().derive("loose", {"indicators": {"R5": {"cv_limit": {"junior": 0.6}}}},
        ...                        stricter_only=True)
        Traceback (most recent call last):
        ...
        qbalance.errors.SpecError: 标准 “loose” 放宽了 “national-2017” 的要求：indicators.R5.cv_limit.junior 0.45 -> 0.6
        """
        data = self.model_dump(mode="json")
        merged = dict(changes or {})
        merged.update(kw)
        ind_changes = merged.pop("indicators", None)
        for field in ("source", "notes", "provenance"):
            # a new Chinese text without its English: English output shows the new text,
            # never the base's English for another document
            if field in merged and f"{field}_en" not in merged:
                data[f"{field}_en"] = None
        data = deep_merge(data, merged)
        if ind_changes is not None:
            if not isinstance(ind_changes, Mapping):
                raise SpecError(message("standard.changes_not_mapping"))
            by_code = {i["code"]: i for i in data["indicators"]}
            for code, ch in ind_changes.items():
                if code not in by_code:
                    raise SpecError(message("standard.change_unknown", code=code, id=self.id,
                                            codes=list(by_code)))
                by_code[code].update(deep_merge(by_code[code], ch))
        data["id"] = id
        data["based_on"] = self.id
        out = _build(data, message("standard.derived", id=id))
        if stricter_only:
            looser = [d for d in compare_standards(self, out) if d.stricter is False]
            if looser:
                raise SpecError(message("standard.relaxes", id=id, base=self.id, changes="; ".join(
                    f"{d.path} {d.base} -> {d.value}" for d in looser)))
        return out

    def with_cv_limits(
        self, *, primary: float | None = None, junior: float | None = None,
        id: str | None = None, composite: bool = False,
    ) -> Standard:
        """A standard with every indicator's CV limit (or the composite limit) replaced.

        Parameters
        ----------
        primary, junior : float, optional
            New limits; a segment left ``None`` keeps its limit.
        id : str, optional
            Identifier of the new standard (default: ``<id>+cv``).
        composite : bool
            Set the composite-CV limit instead of the per-indicator limits.

        Returns
        -------
        Standard
            The new standard, derived with :meth:`derive` (``based_on`` is this
            standard's id).

        Raises
        ------
        SpecError
            A limit outside (0, 5].
        """
        lim = {k: v for k, v in (("primary", primary), ("junior", junior)) if v is not None}
        new_id = id or f"{self.id}+cv"
        if composite:
            return self.derive(new_id, {"composite_cv_limit": lim})
        return self.derive(new_id, {"indicators": {i.code: {"cv_limit": lim}
                                                   for i in self.indicators}})


@attrs.frozen(slots=True)
class StandardDifference:
    """One rule on which two standards differ.

    Attributes
    ----------
    path : str
        Dotted location, e.g. ``indicators.R4.threshold.primary`` or
        ``scope.teaching_point_min_pupils``.
    base, value : object
        The value in the first (base) and in the second standard (``None`` where
        one of them sets nothing).
    stricter : bool or None
        ``True`` when the second standard is stricter on this rule, ``False``
        when it is looser, ``None`` when the rule has no direction (scope, split
        weights).
    """

    path: str
    base: Any
    value: Any
    stricter: bool | None


#: Direction of each rule: +1 a higher value is stricter, -1 a lower value is
#: stricter.  Besides these names, a field ending in ``_min`` (``_min_m2``,
#: ``_min_yuan``) is a least value (+1) and one ending in ``_max`` or ``_below`` a largest value
#: (-1).  Other rules (scope, split weights, formula variants) have no direction.
_DIRECTION = {"threshold": 1, "cv_limit": -1, "floor_fraction": 1, "min_met": 1,
              "composite_cv_limit": -1, "classes_per_room": -1}
_DESCRIPTIVE = {"id", "name_zh", "name_en", "source", "year", "based_on", "notes", "items",
                "provenance", "source_en", "notes_en", "provenance_en", "status", "note_zh", "note_en", "quantities", "flags",
                "curriculum_extra_en", "numerator_unit",
                "unit_zh", "unit_en", "plausible"}


#: Rules that only ever relax the base for some schools (a difference in them is looser).
_RELAXATIONS = frozenset({"room_rules", "size_rules", "added_terms"})
#: Rules that only ever add requirements on the data (a difference in them is stricter).
_CHECKS = frozenset({"consistency", "training_budget_bases"})


def _num_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dict):
        return "/".join(_num_text(x) for x in v.values())
    return str(v)


def _rule_text(v: Any, lang: Lang = "zh") -> str:
    """A rule value of :func:`compare_standards` in words: lists of rules (relaxations,
    added terms, consistency checks, vetoes) by condition and effect, the rest as is.

    Used by ``qbalance standards --diff`` and the documentation's tables.

    >>> from qbalance.standard import _rule_text
    >>> _rule_text([{"when": "year_built <= 2016", "count_only": True}], "en")
    'if year_built <= 2016: count only'
    >>> _rule_text([{"when": "over_dense_urban", "add": "leased_sports_area_m2"}])
    '若 over_dense_urban：加计 leased_sports_area_m2'
    """
    zh = lang == "zh"
    if v is None or v == [] or v == {}:
        return "—"
    if isinstance(v, list) and all(isinstance(x, dict) for x in v):
        parts = []
        for x in v:
            if "when" in x:
                eff: list[str] = []
                if x.get("add"):
                    eff.append(("加计 " if zh else "adds ") + str(x["add"]))
                if x.get("count_only"):
                    eff.append("只看数量" if zh else "count only")
                for k, zh_k, en_k in (("music_room_min_m2", "音乐室≥", "music ≥ "),
                                      ("art_room_min_m2", "美术室≥", "art ≥ ")):
                    if x.get(k) is not None:
                        eff.append(f"{zh_k if zh else en_k}{_num_text(x[k])}"
                                   + ("㎡" if zh else " m²"))
                if x.get("school_size_max"):
                    eff.append(("、" if zh else ", ").join(
                        f"{SchoolKind(k).zh if zh else k}≤{n}"
                        for k, n in x["school_size_max"].items()))
                sep = "，" if zh else ", "
                parts.append(f"若 {x['when']}：{sep.join(eff)}" if zh
                             else f"if {x['when']}: {sep.join(eff)}")
            elif "rule" in x:
                parts.append(f"{x.get('code')}: {x['rule']}")
            elif "code" in x:
                parts.append(str(x["code"]))
            else:
                parts.append(str(x))
        return "; ".join(parts)
    if isinstance(v, bool):
        return ("是" if v else "否") if zh else ("yes" if v else "no")
    if isinstance(v, list):
        return ("、" if zh else ", ").join(_rule_text(x, lang) for x in v)
    if isinstance(v, float):
        return f"{v:g}"
    if zh and isinstance(v, str):
        return _VALUE_ZH.get(v, v)
    return str(v)


#: Chinese words for the enumerated values of rules (``--diff`` in Chinese).
_VALUE_ZH = {"budget": "预算", "final_accounts": "决算", "split": "按折算系数分摊",
             "stocks_exclude": "存量不含幼儿班", "full": "完整口径",
             "transfers_only": "仅计转入转出", "form": "申报表口径"}


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(data, Mapping):
        for k, v in data.items():
            if k in _DESCRIPTIVE:
                continue
            if k == "indicators" and isinstance(v, list):
                v = {i["code"]: {kk: vv for kk, vv in i.items() if kk != "code"} for i in v}
            out.update(_flatten(v, f"{prefix}{k}."))
        return out
    out[prefix[:-1]] = data
    return out


def _direction(path: str) -> int:
    for part in reversed(path.split(".")):
        if part in _DIRECTION:
            return _DIRECTION[part]
        if part.endswith(("_min", "_min_m2", "_min_yuan")):
            return 1
        if part.endswith(("_max", "_below")):
            return -1
    return 0


def compare_standards(base: Standard, other: Standard) -> tuple[StandardDifference, ...]:
    """Every rule on which ``other`` differs from ``base``, with its direction.

    Descriptive fields (names, source, notes, units, plausibility ranges) are
    not compared.

    Parameters
    ----------
    base, other : Standard
        The standards to compare, e.g. the national one and a county target.

    Returns
    -------
    tuple of StandardDifference
        In a stable order (dotted path order of ``base``, then new paths).

    Examples
    --------
    >>> from qbalance import load_standard
    >>> from qbalance.standard import compare_standards
    >>> national = load_standard("national-2017")
    >>> county = national.with_cv_limits(primary=0.35, junior=0.32, composite=True, id="x")
    >>> for d in compare_standards(national, county):
    ...     print(d.path, d.base, d.value, d.stricter)
    composite_cv_limit.primary None 0.35 True
    composite_cv_limit.junior None 0.32 True
    """
    a = _flatten(base.model_dump(mode="json"))
    b = _flatten(other.model_dump(mode="json"))
    out = []
    for path in list(a) + [p for p in b if p not in a]:
        va, vb = a.get(path), b.get(path)
        if va == vb or (isinstance(va, float) and isinstance(vb, float)
                        and math.isclose(va, vb, rel_tol=1e-12)):
            continue
        sign = _direction(path)
        stricter: bool | None
        if path.rsplit(".", 1)[-1] in _CHECKS:
            stricter = bool(vb) and len(vb or ()) >= len(va or ())
        elif path.rsplit(".", 1)[-1] in _RELAXATIONS:
            # relaxations: adding or changing one loosens, removing them all tightens
            stricter = not vb
        elif sign == 0:
            stricter = None
        elif va is None:  # a limit where there was none is stricter
            stricter = True
        elif vb is None:
            stricter = False
        else:
            stricter = (vb - va) * sign > 0
        out.append(StandardDifference(path, va, vb, stricter))
    return tuple(out)


#: Kinds whose stocks the 2017 form splits (the batch evaluation's split table).
_SPLIT_2017 = frozenset({SchoolKind.NINE_YEAR, SchoolKind.TWELVE_YEAR, SchoolKind.COMPLETE_MIDDLE,
                         SchoolKind.SENIOR_WITH_JUNIOR})


def _units(std: Standard) -> dict[str, str]:
    units = dict(MODEL_UNITS)
    units.update({k: q.unit for k, q in std.quantities.items()})
    return units


def _levels(std: Standard) -> dict[str, str]:
    levels: dict[str, str] = dict(MODEL_QUANTITIES)
    levels.update({k: q.level for k, q in std.quantities.items()})
    return levels


#: Names a condition may use besides the quantities: the school's compulsory pupils
#: and the pupils of the segment evaluated.
CONDITION_NAMES: dict[str, str] = {"pupils": "pupils", "segment_pupils": "pupils"}


def _leveled(s: _expr.Sum, levels: Mapping[str, str]) -> tuple[tuple[_expr.Term, str], ...]:
    return tuple((t, levels[t.name] if t.name is not None else "school") for t in s.terms)


def _compile(std: Standard, spec: IndicatorSpec, segment: Segment) -> Numerator:
    text = spec.numerator_text(segment)
    units, levels = _units(std), _levels(std)
    legacy = spec.numerator is None
    s = _expr.parse_sum(text)
    if any(t.name is None for t in s.terms):
        raise ValueError(message("standard.numerator_constant", text=text))
    unit = s.unit(units)
    if not legacy and spec.numerator_unit is not None and unit != spec.numerator_unit:
        raise ValueError(message("standard.numerator_unit", text=text, unit=unit,
                                 want=spec.numerator_unit))
    terms = _leveled(s, levels)
    if spec.split is not None:
        split = spec.split
    elif legacy:
        split = text not in SEGMENT_FIELDS
    else:
        split = all(lv == "school" for _, lv in terms)
    if split and any(lv == "segment" for _, lv in terms):
        raise ValueError(message("standard.split_segment", text=text,
                                 names=[t.name for t, lv in terms if lv == "segment"]))
    added = []
    cond_units = dict(units)
    cond_units.update(CONDITION_NAMES)
    flags = MODEL_FLAGS | frozenset(std.flags)
    names = list(s.names())
    for a in spec.added_terms:
        cond = _expr.parse_condition(a.when)
        cond.check(cond_units, flags)
        extra = _expr.parse_sum(a.add)
        u = extra.unit(units)
        if u != unit:
            raise ValueError(message("standard.added_unit", add=a.add, u=u, text=text,
                                     unit=unit))
        lt = _leveled(extra, levels)
        if split and any(lv == "segment" for _, lv in lt):
            raise ValueError(message("standard.added_split", add=a.add))
        added.append((cond, lt))
        names += sorted(extra.names())
    return Numerator(terms=terms, split=split, added=tuple(added),
                     names=tuple(dict.fromkeys(names)), flags=frozenset(std.flags))


def _build(data: Mapping[str, Any], source: str | Message) -> Standard:
    try:
        return Standard.from_dict(data, source=source)
    except DataValidationError as exc:
        raise SpecError(message("standard.invalid", inner=exc)) from None


_DATA = data_path("standards")


def as_standard(standard: Standard | str | Path | None = None) -> Standard:
    """The standard an entry point applies: the one given, or the one a name or file
    names, or the national standard.

    Every public function taking ``standard=`` resolves it here.

    Parameters
    ----------
    standard : Standard, str, pathlib.Path or None
        A :class:`Standard` (returned as it is), a shipped standard id or a standard
        file (read with :func:`load_standard`), or ``None`` for ``national-2017``.

    Returns
    -------
    Standard
        The standard.

    Raises
    ------
    SpecError
        The id or file is not a valid standard, or ``standard`` is of another type.

    Examples
    --------
    >>> from qbalance.standard import as_standard
    >>> as_standard().id, as_standard("national-2017").id
    ('national-2017', 'national-2017')
    """
    if standard is None:
        return load_standard()
    if isinstance(standard, (str, Path)):
        return load_standard(standard)
    if not isinstance(standard, Standard):
        raise SpecError(message("standard.not_standard", type=type(standard).__name__))
    return standard


def available_standards() -> dict[str, str]:
    """Standards shipped with qbalance: ``{id: Chinese name}``.

    Returns
    -------
    dict of str to str
        Id → Chinese name (``name_zh``) of every shipped standard, by file name;
        each id can be passed to :func:`load_standard`.

    Examples
    --------
    >>> from qbalance import available_standards
    >>> "national-2017" in available_standards()
    True
    """
    out: dict[str, str] = {}
    for entry in sorted(_DATA.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            out[entry.name[:-5]] = str(tomllib.loads(entry.read_text("utf-8"))["name_zh"])
    return out


def _from_data(data: Mapping[str, Any], source: str) -> Standard:
    """A standard from parsed data: complete, or an overlay on ``based_on``.

    An overlay file names the standard it is ``based_on`` and states only what
    differs: its ``indicators`` (if any) is a table keyed by indicator code.  A
    complete standard has ``indicators`` as a list (``based_on`` is then only
    recorded).
    """
    base_id = data.get("based_on")
    if base_id is None or isinstance(data.get("indicators"), list):
        return _build(data, source)
    if not isinstance(base_id, str) or base_id == data.get("id"):
        raise SpecError(message("standard.based_on", source=source, base=base_id))
    missing = [k for k in ("id", "name_zh", "name_en", "source") if k not in data]
    if missing:
        raise SpecError(message("standard.overlay_needs", source=source, base=base_id,
                                missing=", ".join(missing)))
    base = load_standard(base_id)
    changes = {k: v for k, v in data.items() if k not in ("id", "based_on")}
    changes.setdefault("notes", [])
    changes.setdefault("year", None)
    changes.setdefault("provenance", {})
    for field in ("source_en", "notes_en", "provenance_en"):
        changes.setdefault(field, None)
    changes.setdefault("status", "sourced")
    try:
        return base.derive(str(data["id"]), changes)
    except SpecError as exc:
        raise SpecError(message("standard.in_file", source=source, inner=exc)) from None


@functools.cache
def _shipped_ids() -> frozenset[str]:
    return frozenset(e.name[:-5] for e in _DATA.iterdir() if e.name.endswith(".toml"))


@functools.cache
def _load_builtin(name: str) -> Standard:
    entry = _DATA / f"{name}.toml"
    std = _from_data(tomllib.loads(entry.read_text("utf-8")), f"{name}.toml")
    _check_shipped_texts(std, f"{name}.toml")
    return std


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _check_shipped_texts(std: Standard, file: str) -> None:
    """A shipped standard gives its source, notes and provenance in Chinese and English.

    Raises
    ------
    SpecError
        ``standard.shipped_not_zh`` / ``standard.shipped_no_en``, naming the file and
        the field (a user's file may leave the English out: see :meth:`Standard.source_text`).
    """
    zh: list[tuple[str, str]] = [("source", std.source)]
    zh += [(f"notes[{k}]", n) for k, n in enumerate(std.notes)]
    zh += [(f"provenance.{p}", v) for p, v in std.provenance.items()]
    for field, value in zh:
        if not _CJK.search(value):
            raise SpecError(message("standard.shipped_not_zh", file=file, field=field))
    needed = [("source_en", std.source_en is None),
              ("notes_en", bool(std.notes) and std.notes_en is None),
              ("provenance_en", bool(std.provenance) and std.provenance_en is None)]
    for field, missing in needed:
        if missing:
            raise SpecError(message("standard.shipped_no_en", file=file, field=field))


def load_standard(name_or_path: str | Path = "national-2017") -> Standard:
    """Load a shipped standard by id, or a standard file (TOML or JSON).

    Parameters
    ----------
    name_or_path : str or pathlib.Path
        A shipped id (see :func:`available_standards`) or a path to a file.

    Returns
    -------
    Standard
        The validated standard; a file that names the standard it is ``based_on``
        and lists only what differs is applied on top of that standard.

    Raises
    ------
    SpecError
        Unknown id, unreadable file, or invalid content (names field and value).

    Examples
    --------
    The national method (教督〔2017〕6号): junior schools need 5.8 m² of teaching
    and auxiliary floor area per pupil, and the quota share is at least 50 %:

    >>> from qbalance import load_standard
    >>> national = load_standard("national-2017")
    >>> national.indicator("R4").threshold.junior, national.guarantee.quota_share_min
    (5.8, 0.5)
    """
    name = str(name_or_path)
    if name in _shipped_ids():
        return _load_builtin(name)
    path = Path(name_or_path)
    if not path.is_file():
        raise SpecError(message("standard.unknown", name=name,
                                shipped=", ".join(available_standards())))
    from qbalance._files import load_mapping_file

    try:
        if path.suffix.lower() in (".json", ".toml"):
            data = load_mapping_file(path, what="standard file")  # GBK, size, nesting
        else:
            text = path.read_text("utf-8")
            data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except DataError as exc:
        raise SpecError(message("standard.unreadable", path=path, inner=exc)) from exc
    except OSError as exc:
        raise SpecError(message("input.unreadable", path=path, reason=os_reason(exc))) from exc
    except (ValueError, RecursionError) as exc:
        raise SpecError(message("standard.unreadable_os", path=path,
                                kind=type(exc).__name__, detail=str(exc)[:200])) from exc
    return _from_data(data, str(path))
