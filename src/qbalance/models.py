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
qbalance.errors.DataValidationError: 1 problem(s) in School:
  - P01 (城关小学): field 'primary.pupils' = 0: Input should be greater than 0
"""

from __future__ import annotations

import enum
from typing import Any, Self

from pydantic import Field, model_validator

from qbalance._validation import QModel

__all__ = ["County", "School", "SchoolKind", "Segment", "SegmentData"]


class Segment(enum.StrEnum):
    """A compulsory-education segment (学段), evaluated separately."""

    PRIMARY = "primary"
    """小学 (grades 1–6)."""
    JUNIOR = "junior"
    """初中 (grades 7–9)."""

    @property
    def zh(self) -> str:
        """Chinese name: 小学 or 初中."""
        return {"primary": "小学", "junior": "初中"}[self.value]

    @property
    def en(self) -> str:
        """English name."""
        return {"primary": "primary", "junior": "junior secondary"}[self.value]


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

    @property
    def zh(self) -> str:
        """Chinese name of the kind."""
        return _KIND_ZH[self]


_KIND_ZH = {
    SchoolKind.PRIMARY: "小学",
    SchoolKind.JUNIOR: "初中",
    SchoolKind.NINE_YEAR: "九年一贯制学校",
    SchoolKind.TWELVE_YEAR: "十二年一贯制学校",
    SchoolKind.COMPLETE_MIDDLE: "完全中学",
    SchoolKind.TEACHING_POINT: "教学点",
    SchoolKind.SPECIAL: "特殊教育学校",
}

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
}


def _f(zh: str, unit: str | None = None, **kw: Any) -> Any:
    extra: dict[str, str] = {"zh": zh}
    if unit:
        extra["unit"] = unit
    return Field(json_schema_extra=extra, **kw)  # type: ignore[arg-type]


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
    full_time_teachers: int | None = _f("专任教师数", "人", default=None, ge=0,
                                        description="All full-time teachers of the segment.")


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
    teaching_area_m2: float = _f("教学及辅助用房面积", "m²", ge=0,
                                 description="Teaching and auxiliary floor area, m².")
    sports_area_m2: float = _f("体育运动场馆面积", "m²", ge=0,
                               description="Sports ground and hall area, m².")
    equipment_value_yuan: float = _f("教学仪器设备值", "元", ge=0,
                                     description="Teaching equipment value, yuan (元, not 万元).")
    multimedia_classrooms: int = _f("网络多媒体教室数", "间", ge=0,
                                    description="Networked multimedia classrooms.")
    music_room_areas_m2: tuple[float, ...] | None = _f(
        "音乐专用教室面积", "m²", default=None,
        description="Area of each music room, m² (government-guarantee indicator 3).")
    art_room_areas_m2: tuple[float, ...] | None = _f(
        "美术专用教室面积", "m²", default=None,
        description="Area of each art room, m² (government-guarantee indicator 3).")
    year_built: int | None = _f("建校年份", default=None, ge=1800, le=2100,
                                description="Year the school (building) was built.")
    rural: bool | None = _f("是否乡村学校", default=None, description="Rural school (乡村学校).")
    private: bool = _f("是否民办", default=False, description="Private (民办) school.")

    @model_validator(mode="after")
    def _segments_match_kind(self) -> Self:
        want_p, want_j, want_s = _SEGMENTS_OF[self.kind]
        problems = []
        for label, want, have in (
            ("primary", want_p, self.primary is not None),
            ("junior", want_j, self.junior is not None),
            ("senior_pupils", want_s, self.senior_pupils > 0),
        ):
            if want is True and not have:
                problems.append(f"a {self.kind.value} school ({self.kind.zh}) needs {label}")
            elif want is False and have:
                problems.append(f"a {self.kind.value} school ({self.kind.zh}) has no {label}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def segment(self, segment: Segment) -> SegmentData | None:
        """The data block of ``segment`` or ``None`` when the school has none."""
        return self.primary if segment is Segment.PRIMARY else self.junior

    @property
    def pupils(self) -> int:
        """All pupils of the school, senior included."""
        return sum(s.pupils for s in (self.primary, self.junior) if s) + self.senior_pupils


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

    @model_validator(mode="after")
    def _ids_and_segments(self) -> Self:
        seen: dict[str, str] = {}
        dup = []
        for s in self.schools:
            if s.id in seen:
                dup.append(f"school id {s.id!r} used by both {seen[s.id]} and {s.name}")
            seen[s.id] = s.name
        if dup:
            raise ValueError("; ".join(dup))
        for seg in self.segments:
            if not any(s.segment(seg) is not None for s in self.schools):
                raise ValueError(f"segment {seg.value} ({seg.zh}) is evaluated but no school "
                                 "has pupils in it")
        return self

    def school(self, school_id: str) -> School:
        """The school with id ``school_id``.

        Raises
        ------
        KeyError
            No such school.
        """
        for s in self.schools:
            if s.id == school_id:
                return s
        raise KeyError(school_id)
