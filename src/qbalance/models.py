"""Domain models: schools and counties as the evaluation sees them.

These pydantic v2 models validate input at the boundary.  Constructing one with
bad data raises :class:`qbalance.DataValidationError` naming the school, the
field and the value.

>>> from qbalance import School, SchoolKind
>>> School(id="P01", name="城关小学", kind=SchoolKind.PRIMARY,
...        primary={"pupils": 0, "teachers_above_degree": 30,
...                 "backbone_teachers": 8, "pe_art_teachers": 6},
...        teaching_area_m2=5200, sports_area_m2=9000,
...        equipment_value_yuan=2_400_000, multimedia_classrooms=24)
Traceback (most recent call last):
...
qbalance.errors.DataValidationError: 学校数据中有 1 处问题：
  - P01（城关小学）：字段“小学部·在校生数” = 0：应大于 0

The message is in the session language (Chinese unless ``QBALANCE_LANG=en``);
``err.render("en")`` gives English and each problem keeps a stable ``code``:

>>> from qbalance import DataValidationError
>>> try:
...     School(id="P01", name="城关小学", kind=SchoolKind.PRIMARY,
...            primary={"pupils": 0, "teachers_above_degree": 30,
...                     "backbone_teachers": 8, "pe_art_teachers": 6},
...            teaching_area_m2=5200, sports_area_m2=9000,
...            equipment_value_yuan=2_400_000, multimedia_classrooms=24)
... except DataValidationError as err:
...     print(err.render("en"))
...     print(err.problems[0].code)
1 problem(s) in School:
  - P01 (城关小学): field 'primary.pupils' = 0: Input should be greater than 0
pydantic.greater_than
"""

from __future__ import annotations

import functools

import enum
import math
import re
from collections.abc import Iterable
from typing import Any, Self

from pydantic import Field, NonNegativeFloat, NonNegativeInt, model_validator

from qbalance._messages import Message, get_lang, message
from qbalance._validation import QModel

__all__ = [
    "as_county",
    "band_label",
    "parse_band",
    "CLASS_SIZE_BANDS",
    "ClassSizeBandFacts",
    "field_path_zh",
    "ClassSizeFacts",
    "ConsolidationFacts",
    "County",
    "Declared",
    "DisabledEnrolmentFacts",
    "GuaranteeFacts",
    "MigrantFacts",
    "MonitoringFacts",
    "MonitoringResult",
    "NearbyEnrolmentFacts",
    "PublicFundsFacts",
    "QualityFacts",
    "QuotaFacts",
    "RotationFacts",
    "School",
    "SchoolKind",
    "Section",
    "Segment",
    "SegmentData",
    "SmallSchoolFundsFacts",
    "SpecialFundsFacts",
    "SurveyFacts",
    "TeacherCountFacts",
    "TeacherPayFacts",
    "TrainingBudgetFacts",
    "VetoDeclaration",
]


class Segment(enum.StrEnum):
    """A compulsory-education segment (学段), evaluated separately."""

    PRIMARY = "primary"
    """小学 (grades 1–6)."""
    JUNIOR = "junior"
    """初中 (grades 7–9)."""

    @classmethod
    def _missing_(cls, value: object) -> Segment:
        """``Segment("小学")``, ``Segment("初中")``, ``Segment("Primary")`` too; anything else
        raises a :class:`~qbalance.errors.DataError` (a :class:`ValueError`) naming the
        accepted values in the session language."""
        if isinstance(value, str):
            key = value.strip().lower()
            for seg in cls:
                if key in (seg.value, seg.zh, seg.en):
                    return seg
        from qbalance.errors import DataError

        raise DataError(message("models.segment_unknown", value=value), field="segment",
                        value=value)

    @property
    def zh(self) -> str:
        """Chinese name: 小学 or 初中."""
        return {"primary": "小学", "junior": "初中"}[self.value]

    @property
    def en(self) -> str:
        """English name."""
        return {"primary": "primary", "junior": "junior secondary"}[self.value]


class Section(enum.StrEnum):
    """A stage of pupils a school may have (学段 or attached classes, 附设班).

    Only :class:`Segment` (primary, junior) is evaluated; the other sections take a
    share of a combined school's whole-school stocks when they are split by weighted
    pupils (the standard's ``split`` table gives a weight per section).
    """

    KINDERGARTEN = "kindergarten"
    """附设幼儿班 (kindergarten classes attached to a school)."""
    PRIMARY = "primary"
    """小学."""
    JUNIOR = "junior"
    """初中."""
    SENIOR = "senior"
    """高中."""

    @property
    def zh(self) -> str:
        """Chinese name of the section."""
        return {"kindergarten": "附设幼儿班", "primary": "小学", "junior": "初中",
                "senior": "高中"}[self.value]


class SchoolKind(enum.StrEnum):
    """Kind of school (学校类型); decides which segments it has and how it is split."""

    PRIMARY = "primary"
    """小学."""
    JUNIOR = "junior"
    """初级中学 (初中)."""
    NINE_YEAR = "nine_year"
    """九年一贯制学校: one primary and one junior school."""
    TWELVE_YEAR = "twelve_year"
    """十二年一贯制学校: primary, junior and senior sections."""
    COMPLETE_MIDDLE = "complete_middle"
    """完全中学: junior and senior sections; its junior part is evaluated."""
    TEACHING_POINT = "teaching_point"
    """教学点: a small primary teaching site."""
    SPECIAL = "special"
    """特殊教育学校: out of scope of the resource indicators."""
    SENIOR_WITH_JUNIOR = "senior_with_junior"
    """高级中学附设初中班: a senior school with attached junior classes; its junior
    part is evaluated and its stocks are split like a complete middle school's
    (the standard's ``split`` table names its weights)."""
    VOCATIONAL = "vocational"
    """职业学校: left out of the resource indicators when the standard's scope says so."""

    @property
    def zh(self) -> str:
        """Chinese name of the kind."""
        return _KIND_ZH[self]


def parse_segments(segments: Iterable[Segment | str]) -> tuple[Segment, ...]:
    """The segments asked for, or a :class:`qbalance.DataError` naming an unknown one.

    Parameters
    ----------
    segments : iterable of Segment or str
        ``"primary"`` / ``"junior"`` or :class:`Segment` members.

    Returns
    -------
    tuple of Segment
        The segments, in the order given.

    Raises
    ------
    DataError
        A value that is not a compulsory-education segment (``"senior"``).

    Examples
    --------
    >>> from qbalance.models import parse_segments
    >>> parse_segments(["primary"])
    (<Segment.PRIMARY: 'primary'>,)
    """
    from qbalance.errors import DataError

    out = []
    for s in segments:
        try:
            out.append(Segment(s))
        except ValueError:
            raise DataError(message("models.unknown_segment", value=s),
                            field="segments", value=s) from None
    return tuple(out)



_KIND_ZH = {
    SchoolKind.PRIMARY: "小学",
    SchoolKind.JUNIOR: "初中",
    SchoolKind.NINE_YEAR: "九年一贯制学校",
    SchoolKind.TWELVE_YEAR: "十二年一贯制学校",
    SchoolKind.COMPLETE_MIDDLE: "完全中学",
    SchoolKind.TEACHING_POINT: "教学点",
    SchoolKind.SPECIAL: "特殊教育学校",
    SchoolKind.SENIOR_WITH_JUNIOR: "高级中学（附设初中班）",
    SchoolKind.VOCATIONAL: "职业学校",
}

#: Kinds that combine sections (a branch campus of one of them with pupils of one
#: stage only is a school of that stage).
_COMBINED = frozenset({SchoolKind.NINE_YEAR, SchoolKind.TWELVE_YEAR, SchoolKind.COMPLETE_MIDDLE,
                       SchoolKind.SENIOR_WITH_JUNIOR})

# Which segment blocks each kind must (True) / must not (False) / may (None) have,
# and whether it has senior pupils.
_SEGMENTS_OF: dict[SchoolKind, tuple[bool | None, bool | None, bool | None]] = {
    SchoolKind.PRIMARY: (True, False, False),
    SchoolKind.JUNIOR: (False, True, False),
    SchoolKind.NINE_YEAR: (True, True, False),
    SchoolKind.TWELVE_YEAR: (True, True, True),
    SchoolKind.COMPLETE_MIDDLE: (False, True, True),
    SchoolKind.TEACHING_POINT: (True, False, False),
    SchoolKind.SPECIAL: (None, None, None),
    SchoolKind.SENIOR_WITH_JUNIOR: (False, True, True),
    SchoolKind.VOCATIONAL: (None, None, None),
}


def _f(zh: str, unit: str | None = None, **kw: Any) -> Any:
    extra: dict[str, str] = {"zh": zh}
    if unit:
        extra["unit"] = unit
    return Field(json_schema_extra=extra, **kw)  # type: ignore[arg-type]


_NAME = re.compile(r"[a-z][a-z0-9_]*")


def _check_quantity_names(quantities: dict[str, float], fields: dict[str, Any]) -> None:
    bad = [k for k in quantities if not _NAME.fullmatch(k)]
    if bad:
        raise ValueError(message("models.quantity_name", names=str(bad)))
    clash = [k for k in quantities if k in fields]
    if clash:
        raise ValueError(message("models.quantity_clash", names=str(clash)))


#: The class-size bands of the education statistics (班额): ≤25, 26–30, …, 61–65, ≥66
#: pupils, as (least, largest) sizes (``None``: open end).  Other bands may be given.
CLASS_SIZE_BANDS: tuple[tuple[int | None, int | None], ...] = (
    (None, 25), *((lo, lo + 4) for lo in range(26, 62, 5)), (66, None))

_BAND = re.compile(r"^\s*(?:(?:<=|≤)\s*(?P<le>\d+)|(?P<le2>\d+)\s*人?\s*(?:及以下|以下)"
                   r"|(?:>=|≥)\s*(?P<ge>\d+)|(?P<ge2>\d+)\s*人?\s*(?:及以上|以上)"
                   r"|(?P<lo>\d+)\s*(?:-|–|—|~|～|至)\s*(?P<hi>\d+))\s*人?\s*$")


def band_label(lo: int | None, hi: int | None) -> str:
    """The canonical label of a class-size band: ``"<=25"``, ``"26-30"``, ``">=66"``.

    Parameters
    ----------
    lo, hi : int or None
        Least and largest class size of the band (``None``: open end).

    Returns
    -------
    str

    Examples
    --------
    >>> from qbalance.models import CLASS_SIZE_BANDS, band_label
    >>> [band_label(lo, hi) for lo, hi in CLASS_SIZE_BANDS][:3]
    ['<=25', '26-30', '31-35']
    """
    if lo is None and hi is not None:
        return f"<={hi}"
    if hi is None and lo is not None:
        return f">={lo}"
    return f"{lo}-{hi}"


def parse_band(label: str) -> tuple[int | None, int | None]:
    """The (least, largest) class size of a band label (``None``: open end).

    Parameters
    ----------
    label : str
        ``"<=25"`` / ``"≤25"`` / ``"25人及以下"``, ``"26-30"`` / ``"26—30人"``,
        ``">=66"`` / ``"66人及以上"``.

    Returns
    -------
    tuple

    Raises
    ------
    ValueError
        Not a band, or an empty one (``"30-26"``).

    Examples
    --------
    >>> from qbalance.models import parse_band
    >>> parse_band("41-45"), parse_band("66人及以上"), parse_band("≤25")
    ((41, 45), (66, None), (None, 25))
    """
    m = _BAND.match(str(label))
    if m is None:
        raise ValueError(message("models.band_bad", label=str(label)))
    g = m.groupdict()
    if g["le"] or g["le2"]:
        return None, int(g["le"] or g["le2"])
    if g["ge"] or g["ge2"]:
        return int(g["ge"] or g["ge2"]), None
    lo, hi = int(g["lo"]), int(g["hi"])
    if lo > hi:
        raise ValueError(message("models.band_empty", label=str(label), lo=lo, hi=hi))
    return lo, hi


def _check_bands(bands: dict[str, int] | None) -> dict[str, int] | None:
    """Bands keyed by their canonical label; overlapping bands are an error."""
    if bands is None:
        return None
    out: dict[str, int] = {}
    spans: list[tuple[float, float, str]] = []
    for label, n in bands.items():
        lo, hi = parse_band(label)
        key = band_label(lo, hi)
        if key in out:
            raise ValueError(message("models.band_twice", label=str(label)))
        if isinstance(n, bool) or n < 0:
            raise ValueError(message("models.band_count", label=str(label), n=n))
        out[key] = n
        spans.append((-math.inf if lo is None else lo, math.inf if hi is None else hi, key))
    spans.sort()
    for (a_lo, a_hi, a), (b_lo, _b_hi, b) in zip(spans, spans[1:]):
        if b_lo <= a_hi:
            raise ValueError(message("models.band_overlap", a=a, b=b))
    return out


class SegmentData(QModel):
    """Pupils and teachers of one segment of one school.

    Teachers are counted in the segment they teach and are never split.
    """

    pupils: int = _f("在校生数", "人", gt=0, description="Pupils enrolled in the segment.")
    teachers_above_degree: int = _f(
        "高于规定学历教师数", "人", ge=0,
        description="Full-time teachers holding a degree above the required one.")
    backbone_teachers: int = _f(
        "县级及以上骨干教师数", "人", ge=0,
        description="Backbone teachers recognised at county level or higher.")
    pe_art_teachers: int = _f(
        "体育、艺术（美术、音乐）专任教师数", "人", ge=0,
        description="Full-time PE, fine-art and music teachers.")
    classes: int | None = _f("班级数", "个", default=None, gt=0,
                             description="Number of classes (teaching groups).")
    class_size_bands: dict[str, NonNegativeInt] | None = _f(
        "班额分段班级数", "个", default=None,
        description="Classes by size band (班额: ≤25, 26–30, …, 61–65, ≥66 pupils), as the "
                    "statistics collect them: band label ('<=25', '26-30', '>=66') -> "
                    "classes.  With ``classes`` given, the bands must add up to it.  "
                    "Guarantee 5 is decided from them where they are aligned with the "
                    "standard's limit.")
    grades: int | None = _f("年级数", "个", default=None, ge=1, le=6,
                            description="Number of grades the segment has (年级数, column L5 of "
                                        "the declaration form's table II-2); optional.")
    full_time_teachers: int | None = _f("专任教师数", "人", default=None, ge=0,
                                        description="All full-time teachers of the segment.")
    quantities: dict[str, NonNegativeFloat] = _f(
        "其他数量", default_factory=dict,
        description="Further named per-segment quantities a standard may use (teachers by "
                    "degree or title, itinerant PE and art teachers …); their units are "
                    "declared by the standard that uses them.")

    @model_validator(mode="after")
    def _quantity_names(self) -> Self:
        _check_quantity_names(self.quantities, type(self).model_fields)
        bands = _check_bands(self.class_size_bands)
        if bands is not None:
            object.__setattr__(self, "class_size_bands", bands)
            total = sum(bands.values())
            if self.classes is not None and total != self.classes:
                raise ValueError(message("models.bands_sum", total=total, classes=self.classes))
        return self


class School(QModel):
    """One school as reported to the evaluation (one row of the county's table).

    Whole-school stocks (floor area, sports area, equipment value, multimedia
    classrooms) are given for the whole school; a combined school's stocks are
    split between segments by weighted pupils according to the standard.
    """

    id: str = _f("学校代码", min_length=1, description="Unique identifier within the county.")
    name: str = _f("学校名称", min_length=1, description="School name.")
    kind: SchoolKind = _f("学校类型", description="Kind of school.")
    primary: SegmentData | None = _f("小学部", default=None, description="Primary segment.")
    junior: SegmentData | None = _f("初中部", default=None, description="Junior segment.")
    senior_pupils: int = _f("高中在校生数", "人", default=0, ge=0,
                            description="Senior-high pupils (twelve-year and complete schools).")
    kindergarten_pupils: int = _f(
        "附设幼儿班在校生数", "人", default=0, ge=0,
        description="Pupils of kindergarten classes attached to the school (附设幼儿班), on a "
                    "school with a primary section (or a special school).  They are not "
                    "evaluated; a standard either splits the stocks with them (a weight for "
                    "``kindergarten`` in its ``split`` table) or says the stocks exclude "
                    "them (``attached_kindergarten``).")
    teaching_area_m2: float = _f("教学及辅助用房面积", "m²", ge=0,
                                 description="Teaching and auxiliary floor area, m².")
    sports_area_m2: float = _f("体育运动场馆面积", "m²", ge=0,
                               description="Sports ground and hall area, m².")
    equipment_value_yuan: float = _f("教学仪器设备值", "元", ge=0,
                                     description="Teaching equipment value, yuan (元, not 万元).")
    multimedia_classrooms: int = _f("网络多媒体教室数", "间", ge=0,
                                    description="Networked multimedia classrooms.")
    music_room_areas_m2: tuple[NonNegativeFloat, ...] | None = _f(
        "音乐专用教室面积", "m²", default=None,
        description="Area of each music room, m² (government-guarantee indicator 3).")
    art_room_areas_m2: tuple[NonNegativeFloat, ...] | None = _f(
        "美术专用教室面积", "m²", default=None,
        description="Area of each art room, m² (government-guarantee indicator 3).")
    year_built: int | None = _f("建校年份", default=None, ge=1800, le=2100,
                                description="Year the school (building) was built.")
    rural: bool | None = _f("是否乡村学校", default=None, description="Rural school (乡村学校).")
    private: bool = _f("是否民办", default=False, description="Private (民办) school.")
    owner_code: str | None = _f(
        "举办者类型代码", default=None, min_length=1,
        description="Owner-type code of the statistics (举办者类型), e.g. the code of schools "
                    "run by the province or the city, which some standards leave out.")
    flags: tuple[str, ...] = _f(
        "学校标记", default=(),
        description="Attributes a standard's relaxations refer to, e.g. 'over_dense_urban' "
                    "(中心城区人口密集); the standard declares the flags it uses.")
    campus_of: str | None = _f(
        "所属学校代码", default=None, min_length=1,
        description="For a branch campus (分校区) entered as a school of its own: the id of "
                    "the main school.  A branch campus with pupils of one stage only is a "
                    "school of that stage (its kind) and is not split.")
    quantities: dict[str, NonNegativeFloat] = _f(
        "其他数量", default_factory=dict,
        description="Further named whole-school quantities a standard may use (books, "
                    "computers, indoor PE area, leased sports area, largest class, migrant "
                    "pupils …); their units are declared by the standard that uses them.")

    @model_validator(mode="after")
    def _segments_match_kind(self) -> Self:
        _check_quantity_names(self.quantities, type(self).model_fields)
        bad = [f for f in self.flags if not _NAME.fullmatch(f)]
        if bad:
            raise ValueError(message("models.flag_name", names=str(bad)))
        want_p, want_j, want_s = _SEGMENTS_OF[self.kind]
        problems = []
        for label, want, have in (
            ("primary", want_p, self.primary is not None),
            ("junior", want_j, self.junior is not None),
            ("senior_pupils", want_s, self.senior_pupils > 0),
        ):
            if want is True and not have:
                problems.append(message("models.kind_needs", kind=self.kind.value,
                                        kind_zh=self.kind.zh, part=label))
            elif want is False and have:
                problems.append(message("models.kind_has_no", kind=self.kind.value,
                                        kind_zh=self.kind.zh, part=label))
        if (self.kindergarten_pupils > 0 and want_p is False):
            problems.append(message("models.kind_no_kindergarten", kind=self.kind.value,
                                    kind_zh=self.kind.zh))
        if problems and self.campus_of is not None and self.kind in _COMBINED:
            problems.append(message("models.branch_one_stage", main=self.campus_of))
        if problems:
            raise ValueError(message("models.several", items=tuple(problems)))
        return self

    def section_pupils(self, section: Section | str) -> int:
        """Pupils of one section (0 when the school has none).

        Parameters
        ----------
        section : Section or str
            ``kindergarten``, ``primary``, ``junior`` or ``senior``.

        Returns
        -------
        int

        Examples
        --------
        >>> from qbalance import example_county
        >>> n01 = next(s for s in example_county().schools if s.id == "N01")
        >>> n01.section_pupils("junior"), n01.section_pupils("kindergarten")
        (380, 0)
        """
        sec = Section(section)
        if sec is Section.SENIOR:
            return self.senior_pupils
        if sec is Section.KINDERGARTEN:
            return self.kindergarten_pupils
        block = self.primary if sec is Section.PRIMARY else self.junior
        return block.pupils if block is not None else 0

    def segment(self, segment: Segment) -> SegmentData | None:
        """The data block of ``segment`` or ``None`` when the school has none.

        Parameters
        ----------
        segment : Segment
            ``Segment.PRIMARY`` or ``Segment.JUNIOR`` (an enum member: any other value
            is taken as junior).

        Returns
        -------
        SegmentData or None
            :attr:`primary` or :attr:`junior`.
        """
        return self.primary if segment is Segment.PRIMARY else self.junior

    @property
    def pupils(self) -> int:
        """All pupils of the school, senior included (attached kindergarten classes not)."""
        return sum(s.pupils for s in (self.primary, self.junior) if s) + self.senior_pupils

    def __repr__(self) -> str:
        # one line, never every field (the schools of a county print one per line)
        return _short("School", f"{self.id} {self.name}（{self.kind.zh}，{self.pupils}人）",
                      f"{self.id} {self.name} ({self.kind.value}, {self.pupils} pupils)")


# -- county-level facts: government guarantee, quality, survey, vetoes ------------------

def _zh_label(model: Any, name: str) -> str:
    extra = type(model).model_fields[name].json_schema_extra
    return str(extra.get("zh", name)) if isinstance(extra, dict) else name


def _not_more(model: Any, problems: list[Message], part: int | float, part_name: str,
              whole: int | float, whole_name: str) -> None:
    if part > whole:
        problems.append(message("models.larger", part=part, part_name=part_name,
                                whole=whole, whole_name=whole_name,
                                part_zh=_zh_label(model, part_name),
                                whole_zh=_zh_label(model, whole_name)))


def _raise(problems: list[Message]) -> None:
    if problems:
        raise ValueError(message("models.several", items=tuple(problems)))


def _raise_at(model: str, problems: list[tuple[str, str, Any]]) -> None:
    """Raise the problems ``(field, message, value)`` each at its own field, so the error
    names the field that is wrong (not the whole record)."""
    if not problems:
        return
    from pydantic import ValidationError
    from pydantic_core import InitErrorDetails, PydanticCustomError

    raise ValidationError.from_exception_data(model, [
        InitErrorDetails(type=PydanticCustomError("implausible", msg.replace("{", "(")
                                                  .replace("}", ")")),
                         loc=(field,), input=value)
        for field, msg, value in problems])


def _near(x: float, factor: float, spread: float = 3.0) -> bool:
    """``x`` is ``factor`` within a factor ``spread`` either way."""
    return factor / spread <= x <= factor * spread


def _short(kind: str, text_zh: str, text_en: str) -> str:
    """``<kind text>`` in the session language: the one-line repr of an input model."""
    return f"<{kind} {text_zh if get_lang() == 'zh' else text_en}>"


class Declared(QModel):
    """A qualitative indicator as declared by the county (自评结论), with its evidence.

    qbalance never invents a qualitative verdict: an indicator without a
    declaration is "not assessed".
    """

    met: bool = _f("是否达标", description="The county declares the indicator met.")
    evidence: str | None = _f("佐证说明", default=None,
                              description="Evidence or document cited (optional).")


class ClassSizeFacts(QModel):
    """Classes and classes over the standard's limit (班额), per segment (guarantee 5)."""

    primary_classes: int = _f("小学班级数", "个", ge=0, description="Primary classes.")
    primary_over: int = _f("超过限额的小学班级数", "个", ge=0,
                           description="Primary classes over the standard's limit (45).")
    junior_classes: int = _f("初中班级数", "个", ge=0, description="Junior classes.")
    junior_over: int = _f("超过限额的初中班级数", "个", ge=0,
                          description="Junior classes over the standard's limit (50).")

    @model_validator(mode="after")
    def _check(self) -> Self:
        p: list[Message] = []
        _not_more(self, p, self.primary_over, "primary_over", self.primary_classes, "primary_classes")
        _not_more(self, p, self.junior_over, "junior_over", self.junior_classes, "junior_classes")
        _raise(p)
        return self


class ClassSizeBandFacts(QModel):
    """Classes by size band (班额分段), per segment (guarantee 5), as the statistics
    collect them: band label (``"<=25"``, ``"26-30"`` … ``">=66"``) -> classes.

    Guarantee 5 is met when no class is over the limit.  A band wholly above the
    limit proves classes over it; a band straddling the limit (41–50 against 45)
    cannot tell, so the verdict is then not assessed unless another band proves
    a class over the limit.
    """

    primary: dict[str, NonNegativeInt] | None = _f(
        "小学班额分段班级数", "个", default=None, description="Primary classes by size band.")
    junior: dict[str, NonNegativeInt] | None = _f(
        "初中班额分段班级数", "个", default=None, description="Junior classes by size band.")

    @model_validator(mode="after")
    def _check(self) -> Self:
        for name in ("primary", "junior"):
            object.__setattr__(self, name, _check_bands(getattr(self, name)))
        return self

    def get(self, segment: Segment) -> dict[str, int] | None:
        """The bands of ``segment``.

        Parameters
        ----------
        segment : Segment

        Returns
        -------
        dict or None
        """
        return self.primary if segment is Segment.PRIMARY else self.junior


class SmallSchoolFundsFacts(QModel):
    """Public funds of rural schools and teaching points under 100 pupils (guarantee 6)."""

    schools: int = _f("不足100名学生的村小学和教学点数", "所", ge=0,
                      description="Rural schools and teaching points under the pupil floor.")
    pupils: int = _f("上述学校在校生数", "人", ge=0, description="Their pupils.")
    funds_yuan: float = _f("核定公用经费", "元", ge=0,
                           description="Public funds granted to them, yuan (元, not 万元).")
    base_rate_yuan: float = _f("生均公用经费基准定额", "元/生", gt=0,
                               description="Per-pupil public-funds base rate applying to "
                                           "them (the lowest, when several apply), yuan.")


class SpecialFundsFacts(QModel):
    """Public funds of the special-education school(s) (guarantee 7)."""

    funds_yuan: float = _f("特殊教育学校公用经费", "元", ge=0,
                           description="Yearly public funds, yuan (元, not 万元).")
    pupils: int = _f("特殊教育学校在校生数", "人", gt=0, description="Pupils.")
    regular_class_pupils: int | None = _f(
        "随班就读残疾学生数", "人", default=None, ge=0,
        description="Disabled pupils in regular classes (随班就读), for standards that fund "
                    "them at the special-school rate.")
    regular_class_funds_yuan: float | None = _f(
        "随班就读残疾学生公用经费", "元", default=None, ge=0,
        description="Public funds for those pupils, yuan.")


class PublicFundsFacts(QModel):
    """Per-pupil public funds (生均公用经费) actually granted, per segment (guarantee 2).

    For standards that set a floor on the per-pupil public funds (a city standard).
    """

    primary_yuan: float | None = _f("小学生均公用经费", "元/生", default=None, ge=0,
                                    description="Per-pupil public funds of primary schools.")
    junior_yuan: float | None = _f("初中生均公用经费", "元/生", default=None, ge=0,
                                   description="Per-pupil public funds of junior schools.")


class TeacherPayFacts(QModel):
    """Average pay of teachers and of local civil servants, same basis (guarantee 8)."""

    teacher_avg_yuan: float = _f("义务教育学校教师平均工资收入", "元", gt=0,
                                 description="Teachers' average pay, yuan (monthly or yearly, "
                                             "the same basis as the civil servants').")
    civil_servant_avg_yuan: float = _f("当地公务员平均工资收入", "元", gt=0,
                                       description="Local civil servants' average pay, yuan.")

    @model_validator(mode="after")
    def _slips(self) -> Self:
        t, c = self.teacher_avg_yuan, self.civil_servant_avg_yuan
        r = t / c
        p: list[tuple[str, str, Any]] = []
        if _near(r, 1e-4, 10):
            p.append(("teacher_avg_yuan", f"教师平均工资 {t:g} 只有公务员 {c:g} 的万分之一左右：教师工资"
                      "是否以万元填写？请都用元 / teachers' pay looks like 万元 against civil "
                      "servants' pay in 元; give both in 元", t))
        elif _near(r, 1e4, 10):
            p.append(("civil_servant_avg_yuan", f"公务员平均工资 {c:g} 只有教师 {t:g} 的万分之一左右："
                      "公务员工资是否以万元填写？请都用元 / civil servants' pay looks like 万元 "
                      "against teachers' pay in 元; give both in 元", c))
        elif _near(r, 1 / 12, 1.6):
            p.append(("teacher_avg_yuan", f"教师平均工资 {t:g} 约为公务员 {c:g} 的十二分之一：是否"
                      "一个是月工资、一个是年工资？请用同一口径 / teachers' pay looks monthly "
                      "against yearly civil-servant pay; use the same basis", t))
        elif _near(r, 12, 1.6):
            p.append(("civil_servant_avg_yuan", f"公务员平均工资 {c:g} 约为教师 {t:g} 的十二分之一："
                      "是否一个是月工资、一个是年工资？请用同一口径 / civil servants' pay looks "
                      "monthly against yearly teachers' pay; use the same basis", c))
        else:
            for field, v in (("teacher_avg_yuan", t), ("civil_servant_avg_yuan", c)):
                if v < 300:
                    p.append((field, f"平均工资 {v:g} 元不合理（不足 300 元）：是否以万元填写？请用元 / "
                              f"average pay of {v:g} yuan is implausible: in 万元? give 元", v))
        _raise_at("TeacherPayFacts", p)
        return self


class TeacherCountFacts(QModel):
    """A count of teachers and how many of them satisfy a rule.

    Used for training completion (guarantee 9: teachers who completed the
    5-year 360-hour cycle) and certification (guarantee 12: full-time teachers
    holding a teacher certificate).
    """

    teachers: int = _f("教师数", "人", gt=0, description="Teachers concerned.")
    satisfying: int = _f("符合要求的教师数", "人", ge=0,
                         description="Teachers who completed the training / hold a certificate.")

    @model_validator(mode="after")
    def _check(self) -> Self:
        p: list[Message] = []
        _not_more(self, p, self.satisfying, "satisfying", self.teachers, "teachers")
        _raise(p)
        return self


class RotationFacts(QModel):
    """Teacher rotation in the year (交流轮岗, guarantee 11)."""

    eligible: int = _f("符合交流条件教师总数", "人", gt=0,
                       description="Teachers meeting the rotation conditions.")
    rotated: int = _f("交流轮岗教师数", "人", ge=0, description="Teachers rotated.")
    backbone: int = _f("交流轮岗的骨干教师数", "人", ge=0,
                       description="Backbone teachers among those rotated.")

    @model_validator(mode="after")
    def _check(self) -> Self:
        p: list[Message] = []
        _not_more(self, p, self.rotated, "rotated", self.eligible, "eligible")
        _not_more(self, p, self.backbone, "backbone", self.rotated, "rotated")
        _raise(p)
        return self


class NearbyEnrolmentFacts(QModel):
    """Nearby enrolment (就近划片入学) of public non-boarding schools (guarantee 13).

    An area with no entrants (``*_enrolled = 0``) is not applicable.
    """

    urban_enrolled: int = _f("城区入学人数", "人", ge=0,
                             description="Entrants of urban (城区) public non-boarding schools.")
    urban_nearby: int = _f("城区就近划片入学人数", "人", ge=0,
                           description="Of them, admitted to their catchment school.")
    town_enrolled: int = _f("镇区入学人数", "人", ge=0,
                            description="Entrants of town (镇区) public non-boarding schools.")
    town_nearby: int = _f("镇区就近划片入学人数", "人", ge=0,
                          description="Of them, admitted to their catchment school.")

    @model_validator(mode="after")
    def _check(self) -> Self:
        p: list[Message] = []
        _not_more(self, p, self.urban_nearby, "urban_nearby", self.urban_enrolled, "urban_enrolled")
        _not_more(self, p, self.town_nearby, "town_nearby", self.town_enrolled, "town_enrolled")
        _raise(p)
        return self


class QuotaFacts(QModel):
    """Quality senior-high places allocated to junior schools (名额分配, guarantee 14)."""

    total: int = _f("优质高中招生名额总数", "人", gt=0,
                    description="Enrolment quota of the quality senior high schools "
                                "(not of all senior high schools).")
    allocated: int = _f("分配到初中的名额", "人", ge=0,
                        description="Places allocated to junior schools.")
    rural: int | None = _f("分配到农村初中的名额", "人", default=None, ge=0,
                           description="Of them, places allocated to rural junior schools.")

    @model_validator(mode="after")
    def _check(self) -> Self:
        p: list[Message] = []
        _not_more(self, p, self.allocated, "allocated", self.total, "total")
        if self.rural is not None:
            _not_more(self, p, self.rural, "rural", self.allocated, "allocated")
        _raise(p)
        return self


class MigrantFacts(QModel):
    """Migrant children (随迁子女) in public or purchased places (guarantee 15)."""

    eligible: int = _f("符合条件的随迁子女数", "人", ge=0, description="Eligible migrant children.")
    in_public: int = _f("在公办学校和政府购买服务的民办学校就读人数", "人", ge=0,
                        description="Of them, in public schools or government-purchased "
                                    "places.")

    @model_validator(mode="after")
    def _check(self) -> Self:
        p: list[Message] = []
        _not_more(self, p, self.in_public, "in_public", self.eligible, "eligible")
        _raise(p)
        return self


class GuaranteeFacts(QModel):
    """Facts of the 15 government-guarantee indicators (政府保障程度).

    Indicators 3 (music and art rooms) and 4 (school size) are computed from the
    schools; the others from these facts.  Every section is optional: a missing
    one makes its indicator "not assessed".
    """

    planning: Declared | None = _f("1 学校规划布局合理", default=None,
                                   description="Indicator 1 (qualitative).")
    unified_standards: Declared | None = _f(
        "2 城乡建设、编制、公用经费、装备标准统一", default=None,
        description="Indicator 2 (qualitative).")
    public_funds: PublicFundsFacts | None = _f(
        "2 生均公用经费", default=None,
        description="Indicator 2: per-pupil public funds, where the standard sets a floor.")
    rooms: Declared | None = _f(
        "3 音乐、美术专用教室（学校数据不全时的自评）", default=None,
        description="Indicator 3 declared, used only when schools lack room data.")
    class_sizes: ClassSizeFacts | None = _f("5 班额", default=None, description="Indicator 5.")
    class_size_bands: ClassSizeBandFacts | None = _f(
        "5 班额分段", default=None,
        description="Indicator 5 from the classes by size band (when the county gives bands "
                    "rather than the classes over the limit).")
    small_schools: SmallSchoolFundsFacts | None = _f(
        "6 不足100名学生的学校按100人核定公用经费", default=None, description="Indicator 6.")
    special_funds: SpecialFundsFacts | None = _f(
        "7 特殊教育学校生均公用经费", default=None, description="Indicator 7.")
    teacher_pay: TeacherPayFacts | None = _f("8 教师平均工资收入", default=None,
                                             description="Indicator 8.")
    training: TeacherCountFacts | None = _f("9 教师5年360学时培训完成", default=None,
                                            description="Indicator 9.")
    staffing: Declared | None = _f("10 统筹分配编制和岗位", default=None,
                                   description="Indicator 10 (qualitative).")
    rotation: RotationFacts | None = _f("11 教师交流轮岗", default=None,
                                        description="Indicator 11.")
    certification: TeacherCountFacts | None = _f("12 专任教师持证上岗", default=None,
                                                 description="Indicator 12.")
    nearby_enrolment: NearbyEnrolmentFacts | None = _f("13 就近划片入学", default=None,
                                                       description="Indicator 13.")
    quota: QuotaFacts | None = _f("14 优质高中招生名额分配", default=None,
                                  description="Indicator 14.")
    migrants: MigrantFacts | None = _f("15 随迁子女就读", default=None,
                                       description="Indicator 15.")


class ConsolidationFacts(QModel):
    """The junior cohort behind the three-year consolidation rate (quality 1)."""

    graduates: int = _f("初中毕业生数", "人", ge=0, description="Junior graduates this year.")
    entrants: int = _f("三年前初一新生数", "人", gt=0,
                       description="Grade-7 entrants three years earlier.")
    transferred_in: int = _f("转入学生数", "人", default=0, ge=0, description="Transferred in.")
    transferred_out: int = _f("转出学生数", "人", default=0, ge=0,
                              description="Transferred out.")
    resumed: int = _f("复学学生数", "人", default=0, ge=0, description="Resumed.")
    suspended: int = _f("休学学生数", "人", default=0, ge=0, description="Suspended.")
    deceased: int = _f("死亡学生数", "人", default=0, ge=0, description="Deceased.")

    @model_validator(mode="after")
    def _check(self) -> Self:
        cohort = (self.entrants + self.transferred_in + self.resumed - self.transferred_out
                  - self.suspended - self.deceased)
        p: list[tuple[str, str, Any]] = []
        if cohort <= 0:
            p.append(("entrants", f"调整后的入学人数 {cohort} 不大于 0（三年前初一新生 + 转入 + 复学 − 转出 − "
                      "休学 − 死亡）：数据不可能 / the adjusted cohort (entrants + transferred in "
                      "+ resumed − transferred out − suspended − deceased) is "
                      f"{cohort}, not positive: impossible", self.entrants))
        _raise_at("ConsolidationFacts", p)
        return self


class DisabledEnrolmentFacts(QModel):
    """School-age disabled children and how many are enrolled (quality 2)."""

    children: int = _f("适龄残疾儿童少年数", "人", ge=0, description="School-age disabled children.")
    enrolled: int = _f("入学人数", "人", ge=0,
                       description="Of them, enrolled (special school, regular class, "
                                   "home teaching).")

    @model_validator(mode="after")
    def _check(self) -> Self:
        p: list[Message] = []
        _not_more(self, p, self.enrolled, "enrolled", self.children, "children")
        _raise(p)
        return self


class TrainingBudgetFacts(QModel):
    """Teacher-training budget and the yearly public-funds budget (quality 4)."""

    public_funds_yuan: float = _f("年度公用经费预算总额", "元", gt=0,
                                  description="Yearly public-funds budget of the schools.")
    training_yuan: float = _f("教师培训经费", "元", ge=0,
                              description="Teacher-training budget, same unit.")
    final_public_funds_yuan: float | None = _f(
        "年度公用经费决算总额", "元", default=None, gt=0,
        description="Public funds of the final accounts (决算), for standards that check the "
                    "share against the final accounts too.")
    final_training_yuan: float | None = _f(
        "教师培训经费决算", "元", default=None, ge=0,
        description="Teacher-training spending of the final accounts, same unit.")

    @model_validator(mode="after")
    def _check(self) -> Self:
        t, f = self.training_yuan, self.public_funds_yuan
        p: list[tuple[str, str, Any]] = []
        if t > f:
            hint = ("；公用经费是否以万元填写？" if t / 1e4 <= f * 3 and f < 1e6 else "")
            p.append(("training_yuan", f"教师培训经费 {t:g} 多于公用经费预算 {f:g}：部分不能大于整体"
                      f"{hint} / training_yuan = {t} is larger than public_funds_yuan = {f}",
                      t))
        elif t > 0 and t / f < 5e-4 and _near(t * 1e4 / f, 0.05, 6):
            p.append(("training_yuan", f"教师培训经费 {t:g} 只占公用经费 {f:g} 的 {100 * t / f:.4f}%："
                      "培训经费是否以万元填写、公用经费以元填写？请都用元 / the training budget "
                      "looks like 万元 against public funds in 元; give both in 元", t))
        elif f < 10_000:
            p.append(("public_funds_yuan", f"全县年度公用经费预算 {f:g} 元不合理（不足 1 万元）："
                      f"是否以万元填写？请用元 / yearly public funds of {f:g} yuan are "
                      "implausible: in 万元? give 元", f))
        ft, ff = self.final_training_yuan, self.final_public_funds_yuan
        if ft is not None and ff is not None and ft > ff:
            p.append(("final_training_yuan", f"教师培训经费决算 {ft:g} 多于公用经费决算 {ff:g}："
                      f"部分不能大于整体 / final_training_yuan = {ft} is larger than "
                      f"final_public_funds_yuan = {ff}", ft))
        _raise_at("TrainingBudgetFacts", p)
        return self


class MonitoringResult(QModel):
    """One subject of the national compulsory-education quality monitoring."""

    grade: int = _f("年级", ge=1, le=9, description="Grade monitored (4 or 8).")
    subject: str = _f("科目", min_length=1, description="Subject, e.g. 数学.")
    level: int | None = _f("学业水平等级", default=None, ge=1, le=4,
                           description="Achievement level (Ⅰ–Ⅳ as 1–4).")
    difference_rate: float | None = _f("校际差异率", default=None, ge=0, le=1,
                                       description="Inter-school difference rate.")


class MonitoringFacts(QModel):
    """National quality monitoring results (quality 9)."""

    participated: bool = _f("是否参加国家义务教育质量监测", default=True,
                            description="False when the county was not sampled.")
    results: tuple[MonitoringResult, ...] = _f("监测结果", default=(),
                                               description="One entry per grade and subject.")

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.participated and not self.results:
            raise ValueError(message("models.monitoring_no_results"))
        if not self.participated and self.results:
            raise ValueError(message("models.monitoring_not_participated"))
        return self


class QualityFacts(QModel):
    """Facts of the 9 education-quality indicators (教育质量); every section optional."""

    consolidation: ConsolidationFacts | None = _f("1 初中三年巩固率", default=None,
                                                  description="Indicator 1.")
    disabled: DisabledEnrolmentFacts | None = _f("2 残疾儿童少年入学率", default=None,
                                                 description="Indicator 2.")
    charters: Declared | None = _f("3 学校章程、管理与教学信息化", default=None,
                                   description="Indicator 3 (qualitative).")
    training_budget: TrainingBudgetFacts | None = _f("4 教师培训经费", default=None,
                                                     description="Indicator 4.")
    ict_use: Declared | None = _f("5 教师熟练运用信息化手段", default=None,
                                  description="Indicator 5 (qualitative).")
    moral_education: Declared | None = _f("6 德育工作、校园文化建设", default=None,
                                          description="Indicator 6 (qualitative).")
    curriculum: Declared | None = _f("7 课程开齐开足、教学秩序规范", default=None,
                                     description="Indicator 7 (qualitative).")
    homework: Declared | None = _f("8 无过重课业负担", default=None,
                                   description="Indicator 8 (qualitative).")
    monitoring: MonitoringFacts | None = _f("9 国家义务教育质量监测", default=None,
                                            description="Indicator 9.")


class SurveyFacts(QModel):
    """The social-recognition survey (社会认可度调查)."""

    resident_population: int = _f("常住人口", "人", gt=0,
                                  description="Resident population of the county (persons, "
                                              "not 万人).")
    respondents: int = _f("调查人数（有效问卷）", "人", gt=0, description="Valid responses.")
    parents: int = _f("家长人数", "人", ge=0, description="Parents among the respondents.")
    satisfaction: float = _f("综合满意度", ge=0, le=1,
                             description="Overall satisfaction as a fraction (96.63 % → "
                                         "0.9663).")
    questionnaires: int | None = _f(
        "发放问卷数", "份", default=None, gt=0,
        description="Questionnaires handed out (the valid-return rate is respondents / this).")

    @model_validator(mode="after")
    def _check(self) -> Self:
        p: list[Message] = []
        _not_more(self, p, self.parents, "parents", self.respondents, "respondents")
        if self.questionnaires is not None:
            _not_more(self, p, self.respondents, "respondents", self.questionnaires,
                      "questionnaires")
        _raise(p)
        if self.respondents > self.resident_population:
            hint = ("；常住人口是否以万人填写？请用人" if self.resident_population * 10_000 >=
                    self.respondents else "")
            _raise_at("SurveyFacts", [(
                "respondents", f"调查人数 {self.respondents} 多于常住人口 {self.resident_population}"
                f"：样本不能大于总体{hint} / respondents = {self.respondents} is larger than "
                f"resident_population = {self.resident_population}", self.respondents)])
        return self


class VetoDeclaration(QModel):
    """Whether a veto condition (不予认定情形) holds, as declared, with evidence."""

    holds: bool = _f("是否存在", description="True when the condition holds (the county "
                                             "is then not recognised).")
    evidence: str | None = _f("佐证说明", default=None, description="Evidence (optional).")


class County(QModel):
    """A county (县、市、区) with its compulsory-education schools.

    Validated: school ids are unique, and every evaluated segment has at least one
    school.  Later sections (government guarantee, quality, survey, vetoes) are
    optional and judged "not assessed" when missing.
    """

    name: str = _f("县名", min_length=1, description="County name.")
    province: str | None = _f("省份", default=None, description="Province.")
    code: str | None = _f("行政区划代码", default=None, description="Administrative code.")
    year: int = _f("年度", ge=2000, le=2100, description="School year of the data.")
    segments: tuple[Segment, ...] = _f(
        "评估学段", default=(Segment.PRIMARY, Segment.JUNIOR), min_length=1,
        description="Segments evaluated.")
    schools: tuple[School, ...] = _f("学校", min_length=1, description="Schools.")
    constructed: bool = _f("构造数据", default=False,
                           description="True for invented example data, not a real county.")
    guarantee: GuaranteeFacts | None = _f("政府保障程度", default=None,
                                          description="Government-guarantee facts.")
    quality: QualityFacts | None = _f("教育质量", default=None,
                                      description="Education-quality facts.")
    survey: SurveyFacts | None = _f("社会认可度调查", default=None,
                                    description="Social-recognition survey.")
    vetoes: dict[str, VetoDeclaration] | None = _f(
        "不予认定情形", default=None,
        description="Declaration per veto code of the standard (e.g. exam_admission).")

    @model_validator(mode="after")
    def _ids_and_segments(self) -> Self:
        seen: dict[str, str] = {}
        dup: list[Message] = []
        for s in self.schools:
            if s.id in seen:
                dup.append(message("models.duplicate_id", id=s.id, first=seen[s.id],
                                   second=s.name))
            seen[s.id] = s.name
        for s in self.schools:
            if s.campus_of is not None and (s.campus_of not in seen or s.campus_of == s.id):
                code = ("models.campus_of_self" if s.campus_of == s.id
                        else "models.campus_of_unknown")
                dup.append(message(code, id=s.id, name=s.name, main=s.campus_of))
        if dup:
            raise ValueError(message("models.several", items=tuple(dup)))
        for seg in self.segments:
            if not any(s.segment(seg) is not None for s in self.schools):
                raise ValueError(message("models.segment_empty", segment=seg.value,
                                         segment_zh=seg.zh))
        return self

    def __repr__(self) -> str:
        # one line: a county of hundreds of schools must not print them all
        segs_zh = "、".join(seg.zh for seg in self.segments)
        segs_en = ", ".join(seg.value for seg in self.segments)
        return _short("County", f"{self.name} {self.year}：学校 {len(self.schools)} 所（{segs_zh}）",
                      f"{self.name} {self.year}: {len(self.schools)} schools ({segs_en})")

    def school(self, school_id: str) -> School:
        """The school with id ``school_id``.

        Parameters
        ----------
        school_id : str
            The school's :attr:`School.id` (学校代码).

        Returns
        -------
        School
            The first school of :attr:`schools` with this id (ids are unique).

        Raises
        ------
        KeyError
            No such school.
        """
        for s in self.schools:
            if s.id == school_id:
                return s
        raise KeyError(school_id)


def as_county(county: object) -> County:
    """``county`` if it is a :class:`County`; otherwise the error every entry point gives.

    Parameters
    ----------
    county : object
        What the caller passed as the county.

    Returns
    -------
    County
        The same object.

    Raises
    ------
    DataError
        ``county`` is not a :class:`County` (e.g. a dict or a file path: read files
        with :func:`qbalance.load_county`).

    Examples
    --------
    >>> from qbalance.models import as_county
    >>> as_county({"name": "x"})
    Traceback (most recent call last):
    ...
    qbalance.errors.DataError: county：需要一个 qbalance.County，得到的是 dict（文件请用 qbalance.load_county 读取）

    A pandas DataFrame is pointed to the reader of frames:

    >>> import pandas as pd
    >>> as_county(pd.DataFrame({"学校代码": ["P1"]}))
    Traceback (most recent call last):
    ...
    qbalance.errors.DataError: county：这是一个 DataFrame，请先用 qbalance.load_county(df, name=..., year=...)（或 qbalance.county_from_frame）把它读成县数据
    """
    from qbalance.errors import DataError

    if not isinstance(county, County):
        if _is_frame(county):
            raise DataError(message("models.county_is_frame"), field="county")
        raise DataError(message("models.not_county", type=type(county).__name__),
                        field="county")
    return county


def field_path_zh(path: str, names: dict[str, str] | None = None) -> str:
    """The Chinese name of a county field path (``"quality.monitoring"`` → ``"教育质量／国家质量监测"``).

    Each part is the field's Chinese title in the models; a part that is no model field
    (a veto code under ``vetoes``, a list index) is looked up in ``names`` and kept
    as it is otherwise.

    Parameters
    ----------
    path : str
        Dotted path from :class:`County`, e.g. ``"guarantee.teacher_pay"``.
    names : dict, optional
        Chinese names of the parts that are not model fields (veto code → name).

    Returns
    -------
    str
        The parts' Chinese names joined by ``／``.

    Examples
    --------
    >>> field_path_zh("survey")
    '社会认可度调查'
    >>> field_path_zh("vetoes.exam_admission", {"exam_admission": "存在以考试方式招生"})
    '不予认定情形／存在以考试方式招生'
    """
    if names is None:
        return _field_path_zh(path)
    return _field_path_zh_uncached(path, names)


@functools.cache
def _field_path_zh(path: str) -> str:
    return _field_path_zh_uncached(path, None)


def _field_path_zh_uncached(path: str, names: dict[str, str] | None) -> str:
    # one walk of the models' Chinese titles, for messages and result texts alike
    from qbalance._messages import field_label

    return field_label(path, "zh", sep="／", names=names or {})


def _is_frame(obj: object) -> bool:
    """A pandas (or pandas-like) DataFrame, recognised without importing pandas."""
    return hasattr(obj, "columns") and hasattr(obj, "iloc") and hasattr(obj, "to_dict")
