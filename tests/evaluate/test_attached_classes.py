"""Attached classes of another stage and branch campuses (rules-beyond-national.md §2).

"Schools with attached classes of another stage (a primary school with kindergarten
classes, a senior school with junior classes) are split the same way"; "a branch
campus that has pupils of one stage only is a school of that stage and is not
split".  No source gives the weight of a kindergarten pupil: the shipped
standards set none, and a school with kindergarten pupils under such a standard
is an error naming the school, the quantity and the standard, unless the standard
says its stocks exclude them.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from qbalance import (
    County,
    DataError,
    DataValidationError,
    School,
    Section,
    available_standards,
    columns_from_counties,
    evaluate_resources,
    example_county,
    load_standard,
)

NATIONAL = load_standard("national-2017")
#: A derived standard that gives attached kindergarten pupils a weight (a test value:
#: no document gives one) for primary and nine-year schools.
WITH_KG = NATIONAL.derive("test-kindergarten-weight", {"split": {
    "primary": {"primary": 1.0, "kindergarten": 0.8},
    "nine_year": {"primary": 1.0, "junior": 1.1, "kindergarten": 0.8}}})
#: A derived standard that says the stocks given exclude the kindergarten's.
EXCLUDES = NATIONAL.derive("test-kindergarten-excluded",
                           {"attached_kindergarten": "stocks_exclude"})


def _seg(pupils: int) -> dict[str, Any]:
    return {"pupils": pupils, "teachers_above_degree": 30, "backbone_teachers": 5,
            "pe_art_teachers": 5}


def _school(sid: str, kind: str, **kw: Any) -> dict[str, Any]:
    d: dict[str, Any] = {"id": sid, "name": f"学校{sid}", "kind": kind,
                         "teaching_area_m2": 3000.0, "sports_area_m2": 5000.0,
                         "equipment_value_yuan": 1.2e6, "multimedia_classrooms": 12}
    if kind in ("primary", "nine_year", "teaching_point", "twelve_year"):
        d["primary"] = _seg(400)
    if kind in ("junior", "nine_year", "senior_with_junior", "complete_middle", "twelve_year"):
        d["junior"] = _seg(300)
    d.update(kw)
    return d


def _county(*schools: dict[str, Any]) -> County:
    return County.model_validate({"name": "测试县", "year": 2024, "schools": [
        *schools, _school("P9", "primary"), _school("J9", "junior")]})


def test_no_shipped_standard_gives_a_kindergarten_weight() -> None:
    for sid in available_standards():
        std = load_standard(sid)
        assert all(w.kindergarten is None for w in std.split.values()), sid
        assert std.attached_kindergarten == "split", sid


def test_kindergarten_pupils_without_a_weight_are_an_error_naming_school_quantity_standard(
) -> None:
    c = _county(_school("P1", "primary", kindergarten_pupils=90))
    with pytest.raises(DataError) as info:
        evaluate_resources(c, NATIONAL)
    err = info.value
    assert err.code == "split.no_kindergarten_weight"
    assert err.field == "kindergarten_pupils" and err.value == 90
    for text in (str(err), err.render("en")):
        assert "P1" in text and "kindergarten_pupils" in text and "national-2017" in text
        assert "split.primary.kindergarten" in text
    assert "附设幼儿班" in err.render("zh")


def test_without_kindergarten_pupils_nothing_changes() -> None:
    c = _county(_school("P1", "primary"), _school("N1", "nine_year"))
    a, b = evaluate_resources(c, NATIONAL), evaluate_resources(c, WITH_KG)
    assert [sp.school_id for sp in b.splits] == ["N1"]
    assert b.splits[0].pupils == {"primary": 400, "junior": 300}  # no kindergarten section
    for sa, sb in zip(a.segments, b.segments, strict=True):
        assert [i.cv for i in sa.indicators] == [i.cv for i in sb.indicators]


def test_a_primary_school_with_kindergarten_classes_is_split_by_the_standard_weight() -> None:
    c = _county(_school("P1", "primary", kindergarten_pupils=90))
    r = evaluate_resources(c, WITH_KG)
    (sp,) = r.splits
    assert sp.school_id == "P1" and sp.pupils == {"kindergarten": 90, "primary": 400}
    assert sp.weights == {"kindergarten": 0.8, "primary": 1.0}
    share = Fraction(400) / (400 + Fraction(8, 10) * 90)
    assert sp.shares["primary"] == float(share)
    row = next(s for s in r.segment("primary").schools if s.school_id == "P1")
    assert row.share == float(share)
    assert row.value("R4") == pytest.approx(float(3000 * share / 400), rel=1e-15)
    # teacher indicators are counted per section and never split
    assert row.value("R1") == 30 / 400 * 100


def test_a_nine_year_school_with_kindergarten_classes_uses_three_weights() -> None:
    c = _county(_school("N1", "nine_year", kindergarten_pupils=50))
    (sp,) = evaluate_resources(c, WITH_KG).splits
    assert sp.weights == {"kindergarten": 0.8, "primary": 1.0, "junior": 1.1}
    total = Fraction(8, 10) * 50 + 400 + Fraction(11, 10) * 300
    assert sp.shares["junior"] == float(Fraction(11, 10) * 300 / total)
    # a weight for primary schools only does not cover a nine-year school
    only_primary = NATIONAL.derive("p-only", {"split": {"primary": {"primary": 1.0,
                                                                   "kindergarten": 0.8}}})
    with pytest.raises(DataError, match="split.nine_year.kindergarten"):
        evaluate_resources(c, only_primary)


def test_a_standard_saying_the_stocks_exclude_the_kindergarten_leaves_them_out() -> None:
    with_kg = _county(_school("P1", "primary", kindergarten_pupils=90),
                      _school("N1", "nine_year", kindergarten_pupils=40))
    without = _county(_school("P1", "primary"), _school("N1", "nine_year"))
    a, b = evaluate_resources(with_kg, EXCLUDES), evaluate_resources(without, NATIONAL)
    assert [sp.pupils for sp in a.splits] == [{"primary": 400, "junior": 300}]
    for sa, sb in zip(a.segments, b.segments, strict=True):
        assert [i.cv for i in sa.indicators] == [i.cv for i in sb.indicators]
        assert [s.values for s in sa.schools] == [s.values for s in sb.schools]
    assert "attached_kindergarten" in EXCLUDES.extended_features()
    assert "split.primary" in WITH_KG.extended_features()


def test_kindergarten_pupils_need_a_primary_section() -> None:
    with pytest.raises(DataValidationError, match="附设幼儿班"):
        School.model_validate(_school("J1", "junior", kindergarten_pupils=20))
    with pytest.raises(DataValidationError):
        School.model_validate(_school("P1", "primary", kindergarten_pupils=-1))
    s = School.model_validate(_school("T1", "teaching_point", kindergarten_pupils=8))
    assert s.section_pupils(Section.KINDERGARTEN) == 8
    assert s.pupils == 400  # compulsory (and senior) pupils only: the teaching-point rule


def test_teaching_point_size_rule_ignores_kindergarten_pupils() -> None:
    c = _county(_school("T1", "teaching_point", primary=_seg(45), kindergarten_pupils=20))
    r = evaluate_resources(c, WITH_KG)
    assert [e.reason for e in r.exclusions] == ["small_teaching_point"]


def test_senior_school_with_junior_classes_split_like_a_complete_middle_school() -> None:
    c = _county(_school("S1", "senior_with_junior", senior_pupils=500),
                _school("C1", "complete_middle", senior_pupils=500))
    r = evaluate_resources(c)
    s1, c1 = (next(sp for sp in r.splits if sp.school_id == k) for k in ("S1", "C1"))
    assert s1.weights == c1.weights == {"junior": 1.0, "senior": 1.2}
    assert s1.shares == c1.shares
    assert s1.shares["junior"] == float(Fraction(300) / (300 + Fraction(12, 10) * 500))


def test_branch_campus_of_one_stage_is_a_school_of_that_stage_and_not_split() -> None:
    main = _school("N1", "nine_year")
    branch = _school("N1B", "junior", campus_of="N1", teaching_area_m2=2100.0)
    r = evaluate_resources(_county(main, branch))
    assert [sp.school_id for sp in r.splits] == ["N1"]
    row = next(s for s in r.segment("junior").schools if s.school_id == "N1B")
    assert row.share == 1.0 and row.value("R4") == 2100.0 / 300
    # the main school is split with its own pupils only
    (sp,) = r.splits
    assert sp.pupils == {"primary": 400, "junior": 300}


def test_branch_campus_entered_as_the_main_school_kind_is_refused_with_the_rule() -> None:
    branch = _school("N1B", "nine_year", campus_of="N1")
    del branch["junior"]
    with pytest.raises(DataValidationError) as info:
        School.model_validate(branch)
    zh, en = info.value.render("zh"), info.value.render("en")
    assert "N1B" in zh and "分校区" in zh and "不拆分" in zh
    assert "branch campus" in en and "not split" in en


def test_batch_columns_refuse_kindergarten_pupils() -> None:
    c = _county(_school("P1", "primary", kindergarten_pupils=90))
    with pytest.raises(DataError) as info:
        columns_from_counties([c])
    assert info.value.code == "batch.kindergarten" and "P1" in str(info.value)
    columns_from_counties([example_county()])  # no kindergarten pupils: fine


# -- the schools table and the declaration form ------------------------------------------

def test_schools_table_reads_kindergarten_pupils_and_grades(tmp_path: Any) -> None:
    from qbalance.io.tables import read_schools_csv, school_row

    head = ("学校代码,学校名称,学校类型,小学在校生数,小学高于规定学历教师数,小学县级及以上骨干教师数,"
            "小学体育艺术专任教师数,小学年级数,初中在校生数,初中高于规定学历教师数,"
            "初中县级及以上骨干教师数,初中体育艺术专任教师数,初中年级数,附设幼儿班在校生数,"
            "教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,网络多媒体教室数\n")
    rows = ("P1,城关小学,小学,400,30,5,5,6,,,,,,90,3000,5000,1200000,12\n"
            "N1,南坪学校,九年一贯制学校,400,30,5,5,6,300,30,5,5,3,,3000,5000,1200000,12\n")
    path = tmp_path / "schools.csv"
    path.write_text(head + rows, encoding="utf-8")
    p1, n1 = read_schools_csv(path)
    assert p1.kindergarten_pupils == 90 and p1.primary is not None and p1.primary.grades == 6
    assert n1.kindergarten_pupils == 0 and n1.junior is not None and n1.junior.grades == 3
    assert school_row(p1)["kindergarten_pupils"] == 90 and "kindergarten_pupils" not in school_row(n1)
    assert school_row(n1)["junior_grades"] == 3


def test_grades_are_one_to_six() -> None:
    for bad in (0, 7):
        with pytest.raises(DataValidationError, match="年级数"):
            School.model_validate(_school("P1", "primary", primary={**_seg(400), "grades": bad}))


def test_declaration_form_fills_l5_grades_from_the_data() -> None:
    from qbalance import declaration_form, evaluate_county

    county = example_county()
    form = declaration_form(evaluate_county(county), county)
    assert all(r.grades is None for r in form.schools.rows)   # the example gives none
    d = county.model_dump()
    for s in d["schools"]:
        for seg, n in (("primary", 6), ("junior", 3)):
            if s.get(seg):
                s[seg]["grades"] = n
    county = County.model_validate(d)
    rows = declaration_form(evaluate_county(county), county).schools.rows
    assert {(r.segment.value, r.grades) for r in rows} == {("primary", 6), ("junior", 3)}


def test_schools_table_reads_the_main_school_of_a_branch_campus(tmp_path: Any) -> None:
    from qbalance.io.tables import explanation_rows, read_schools_csv, school_row, template_keys

    head = ("学校代码,学校名称,学校类型,初中在校生数,初中高于规定学历教师数,初中县级及以上骨干教师数,"
            "初中体育艺术专任教师数,所属学校代码,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值,"
            "网络多媒体教室数\n")
    path = tmp_path / "schools.csv"
    campus = "N1B,南坪学校东校区,初中,300,30,5,5,N1,2100,5000,1200000,12\n"
    path.write_text(head + campus, encoding="utf-8")
    with pytest.raises(DataValidationError, match="本县没有这个学校代码的学校"):
        read_schools_csv(path)  # the main school must be a school of the table
    path.write_text(head + "N1,南坪学校,初中,600,60,10,10,,4200,10000,2400000,24\n" + campus,
                    encoding="utf-8")
    (_, b) = read_schools_csv(path)
    assert b.campus_of == "N1" and school_row(b)["campus_of"] == "N1"
    assert "campus_of" not in template_keys()               # an optional column
    rows = explanation_rows(["campus_of", "kindergarten_pupils", "primary_grades"])
    assert "分校区" in rows[1][3] and "幼儿班" in rows[2][3] and "L5" in rows[3][3]


def test_the_report_names_the_kindergarten_section_in_chinese() -> None:
    r = evaluate_resources(_county(_school("P1", "primary", kindergarten_pupils=90)), WITH_KG)
    zh, en = r.summary("zh"), r.summary("en")
    assert "附设幼儿班 0.1525" in zh and "小学 0.8475" in zh and "kindergarten 0." not in zh
    assert "kindergarten 0.1525" in en  # 72 / (400 + 0.8 x 90)
