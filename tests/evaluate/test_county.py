"""The whole county evaluation: guarantee, quality, survey, vetoes, outcome."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qbalance import (
    County,
    DataError,
    DataValidationError,
    Outcome,
    SpecError,
    Standard,
    UnitError,
    Verdict,
    evaluate_county,
    example_county,
    load_standard,
)

NATIONAL = load_standard("national-2017")


def school(sid: str, pupils: int, *, classes: int, year: int = 2018,
           kind: str = "primary", rooms: int | None = None, **kw: Any) -> dict[str, Any]:
    """A primary school meeting every resource threshold, with room data."""
    n_rooms = rooms if rooms is not None else max(1, -(-classes // 12))
    d: dict[str, Any] = {
        "id": sid, "name": f"学校{sid}", "kind": kind, "year_built": year, "rural": False,
        "primary": {"pupils": pupils, "teachers_above_degree": round(0.06 * pupils),
                    "backbone_teachers": round(0.015 * pupils),
                    "pe_art_teachers": round(0.012 * pupils), "classes": classes},
        "teaching_area_m2": 6.0 * pupils, "sports_area_m2": 10.0 * pupils,
        "equipment_value_yuan": 3000.0 * pupils, "multimedia_classrooms": round(0.03 * pupils),
        "music_room_areas_m2": [100.0] * n_rooms, "art_room_areas_m2": [95.0] * n_rooms,
    }
    d.update(kw)
    return d


GOOD_FACTS: dict[str, Any] = {
    "guarantee": {
        "planning": {"met": True, "evidence": "布局规划"},
        "unified_standards": {"met": True},
        "class_sizes": {"primary_classes": 61, "primary_over": 0, "junior_classes": 0,
                        "junior_over": 0},
        "special_funds": {"funds_yuan": 678000.0, "pupils": 113},  # Baoqing, guarantee 7
        "teacher_pay": {"teacher_avg_yuan": 10233.91, "civil_servant_avg_yuan": 9842.00},
        "training": {"teachers": 1565, "satisfying": 1565},         # Pingyuan, item 16
        "staffing": {"met": True},
        "rotation": {"eligible": 614, "rotated": 67, "backbone": 25},  # Baoqing, 11
        "certification": {"teachers": 1441, "satisfying": 1441},       # Baoqing, 12
        "nearby_enrolment": {"urban_enrolled": 900, "urban_nearby": 900,
                             "town_enrolled": 400, "town_nearby": 380},
        "quota": {"total": 750, "allocated": 375, "rural": 235},       # Midu 2024, 14
        "migrants": {"eligible": 1071, "in_public": 1071},             # Baoqing, 15
    },
    "quality": {
        "consolidation": {"graduates": 2810, "entrants": 2839, "transferred_in": 81,
                          "resumed": 9, "transferred_out": 105, "suspended": 14,
                          "deceased": 0},                               # Baoqing, quality 1
        "disabled": {"children": 182, "enrolled": 180},                 # Midu, quality 2
        "charters": {"met": True},
        "training_budget": {"public_funds_yuan": 18885185.0,
                            "training_yuan": 1402544.49},               # Midu, quality 4
        "ict_use": {"met": True},
        "moral_education": {"met": True},
        "curriculum": {"met": True},
        "homework": {"met": True},
        "monitoring": {"results": [                                     # Baoqing, quality 9
            {"grade": 4, "subject": "数学", "level": 3, "difference_rate": 0.14},
            {"grade": 8, "subject": "数学", "level": 3, "difference_rate": 0.07}]},
    },
    # Midu social recognition: 782 respondents, 25.79 万 residents, parents 50 %,
    # satisfaction 96 %.
    "survey": {"resident_population": 257900, "respondents": 782, "parents": 391,
               "satisfaction": 0.96},
    "vetoes": {code: {"holds": False} for code in (
        "exam_admission", "illegal_school_choice", "key_schools", "contract_teachers",
        "safety_violation", "falsified_data")},
}


def county_data(**changes: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "name": "测试县", "year": 2025, "segments": ["primary"],
        "schools": [school("P1", 900, classes=20), school("P2", 800, classes=18),
                    school("P3", 1000, classes=23),
                    {"id": "S1", "name": "特教学校", "kind": "special",
                     "primary": {"pupils": 80, "teachers_above_degree": 5,
                                 "backbone_teachers": 1, "pe_art_teachers": 2},
                     "teaching_area_m2": 900.0, "sports_area_m2": 800.0,
                     "equipment_value_yuan": 400000.0, "multimedia_classrooms": 4}],
        **copy.deepcopy(GOOD_FACTS),
    }
    d.update(changes)
    return d


def build(data: dict[str, Any]) -> County:
    return County.from_dict(data)


def with_fact(path: str, value: Any, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """``county_data()`` with the dotted ``path`` set to ``value`` (``None`` removes it)."""
    d = data if data is not None else county_data()
    *head, last = path.split(".")
    cur = d
    for k in head:
        cur = cur[k]
    if value is None:
        cur.pop(last)
    else:
        cur[last] = value
    return d


# -- whole county -----------------------------------------------------------------------

def test_complete_good_county_passes() -> None:
    r = evaluate_county(build(county_data()))
    assert r.resources.passed
    bad = [(c.code, c.verdict, c.reason_en) for c in r.checks
           if c.verdict not in (Verdict.MET, Verdict.NOT_APPLICABLE)]
    assert bad == []
    assert r.outcome is Outcome.PASSED and r.passed
    assert r.missing == ()
    assert r.check("G6").verdict is Verdict.NOT_APPLICABLE  # no school under 100 pupils
    assert r.check("G14").measures[0].exact == Fraction(1, 2)  # Midu 2024: exactly 50 %
    assert r.check("Q1").measures[0].exact == 1                # Baoqing: 2810/2810
    assert r.check("G11").measures[0].display.startswith("10.91 %")
    assert r.check("G11").measures[1].display.startswith("37.31 %")


def test_missing_sections_make_the_county_incomplete_never_passed() -> None:
    d = county_data()
    for key in ("guarantee", "quality", "survey", "vetoes"):
        d.pop(key)
    r = evaluate_county(build(d))
    assert r.resources.passed
    assert r.outcome is Outcome.INCOMPLETE and not r.passed
    for area in r.areas:
        assert area.outcome is Outcome.INCOMPLETE
    assert "guarantee.planning" in r.missing and "quality.consolidation" in r.missing
    assert "survey" in r.missing and "vetoes.key_schools" in r.missing
    # computed from the schools even without facts
    assert r.check("G4").verdict is Verdict.MET
    assert r.check("G3").verdict is Verdict.MET
    assert "未评估" in r.summary("zh") and "not assessed" in r.summary("en")
    assert "缺少的数据" in r.summary("zh")


@pytest.mark.parametrize(("path", "code", "field"), [
    ("guarantee.planning", "G1", "guarantee.planning"),
    ("guarantee.rotation", "G11", "guarantee.rotation"),
    ("guarantee.quota", "G14", "guarantee.quota"),
    ("guarantee.teacher_pay", "G8", "guarantee.teacher_pay"),
    ("guarantee.special_funds", "G7", "guarantee.special_funds"),
    ("quality.consolidation", "Q1", "quality.consolidation"),
    ("quality.homework", "Q8", "quality.homework"),
    ("quality.monitoring", "Q9", "quality.monitoring"),
])
def test_one_missing_fact_is_named(path: str, code: str, field: str) -> None:
    r = evaluate_county(build(with_fact(path, None)))
    c = r.check(code)
    assert c.verdict is Verdict.NOT_ASSESSED
    assert c.missing == (field,)
    # named in each language: the field path in English, its Chinese name in Chinese
    from qbalance.models import field_path_zh

    assert field in c.reason_en and field_path_zh(field) in c.reason_zh
    assert field not in c.reason_zh
    assert r.outcome is Outcome.INCOMPLETE
    assert r.missing == (field,)


def test_a_known_failure_beats_missing_data() -> None:
    d = with_fact("guarantee.planning", None)
    d["guarantee"]["quota"] = {"total": 1065, "allocated": 532}  # Midu 2023
    r = evaluate_county(build(d))
    assert r.outcome is Outcome.FAILED


def test_quota_threshold_is_tested_on_the_exact_value() -> None:
    # Midu self-evaluation report, guarantee indicator 14, 2023: 532/1065 printed "50 %".
    r = evaluate_county(build(with_fact("guarantee.quota",
                                        {"total": 1065, "allocated": 532, "rural": 320})))
    c = r.check("G14")
    assert c.verdict is Verdict.NOT_MET and r.outcome is Outcome.FAILED
    m = c.measures[0]
    assert m.exact == Fraction(532, 1065) and m.limit == Fraction(1, 2) and m.met is False
    assert m.display.startswith("49.95 %")
    assert "49.9530…%" in c.reason_zh and "不能作为达标依据" in c.reason_zh
    assert c.measures[1].met is None  # rural share is informational nationally
    # A standard with a numeric rural floor judges it.
    strict = NATIONAL.derive("rural-floor", {"guarantee": {"quota_rural_share_min": 0.65}})
    r2 = evaluate_county(build(county_data()), strict)
    assert r2.check("G14").verdict is Verdict.NOT_MET  # Midu 2024: 235/375 = 62.67 %


def test_county_plan_standard_is_stricter() -> None:
    # "X county" plan (report 001): rotation >= 15 %, satisfaction >= 90 %,
    # disabled enrolment >= 99.8 %.
    plan = NATIONAL.derive("x-plan", {"guarantee": {"rotation_min": 0.15},
                                      "quality": {"disabled_enrolment_min": 0.998},
                                      "survey": {"satisfaction_min": 0.90}})
    r = evaluate_county(build(county_data()), plan)
    assert r.standard_id == "x-plan"
    assert r.check("G11").verdict is Verdict.NOT_MET       # 10.91 % < 15 %
    assert r.check("Q2").verdict is Verdict.NOT_MET        # 98.90 % < 99.8 %
    assert r.check("S3").verdict is Verdict.MET            # 96 % >= 90 %


def test_declared_verdicts_are_used_as_declared() -> None:
    r = evaluate_county(build(with_fact("quality.homework",
                                        {"met": False, "evidence": "抽查发现作业超量"})))
    c = r.check("Q8")
    assert c.declared and c.verdict is Verdict.NOT_MET and c.evidence == "抽查发现作业超量"
    assert "抽查发现作业超量" in c.reason_zh
    assert r.check("G1").declared and r.check("G1").evidence == "布局规划"


# -- vetoes -----------------------------------------------------------------------------

def test_a_veto_fails_the_county() -> None:
    d = county_data()
    d["vetoes"]["key_schools"] = {"holds": True, "evidence": "设重点班2个"}
    r = evaluate_county(build(d))
    assert r.check("key_schools").verdict is Verdict.NOT_MET
    assert r.vetoes.outcome is Outcome.FAILED and r.outcome is Outcome.FAILED
    assert "存在" in r.summary("zh") and "HOLDS" in r.summary("en")


@pytest.mark.usefixtures("english")
def test_unknown_and_missing_veto_codes() -> None:
    d = county_data()
    d["vetoes"]["no_such_veto"] = {"holds": False}
    with pytest.raises(DataError, match=r"unknown veto code\(s\) \['no_such_veto'\]"):
        evaluate_county(build(d))
    d = county_data()
    d["vetoes"].pop("falsified_data")
    r = evaluate_county(build(d))
    assert r.check("falsified_data").verdict is Verdict.NOT_ASSESSED
    assert r.missing == ("vetoes.falsified_data",)


# -- guarantee indicators computed from schools ------------------------------------------

def test_rooms_area_rule_and_pre_2016_exemption() -> None:
    d = county_data()
    d["schools"][0]["music_room_areas_m2"] = [80.0, 100.0]  # needs 2 (20 classes)
    r = evaluate_county(build(d))
    g3 = r.check("G3")
    assert g3.verdict is Verdict.NOT_MET and "P1" in g3.reason_zh
    d["schools"][0]["year_built"] = 2015               # built before 2016: count only
    assert evaluate_county(build(d)).check("G3").verdict is Verdict.MET
    d["schools"][0]["year_built"] = None               # unknown year: undecidable
    g3 = evaluate_county(build(d)).check("G3")
    assert g3.verdict is Verdict.NOT_ASSESSED and g3.missing == ("schools[P1].year_built",)
    d["schools"][0]["music_room_areas_m2"] = [100.0]   # too few rooms in any case
    assert evaluate_county(build(d)).check("G3").verdict is Verdict.NOT_MET


def test_rooms_missing_data_and_declared_fallback() -> None:
    d = county_data()
    d["schools"][1].pop("art_room_areas_m2")
    g3 = evaluate_county(build(d)).check("G3")
    assert g3.verdict is Verdict.NOT_ASSESSED
    assert g3.missing == ("schools[P2].art_room_areas_m2",)
    d["guarantee"]["rooms"] = {"met": True, "evidence": "全县学校均按标准配齐"}
    g3 = evaluate_county(build(d)).check("G3")
    assert g3.verdict is Verdict.MET and g3.declared and "county's declaration" in g3.reason_en


def test_school_size_limits_by_kind() -> None:
    # Pingyuan 2025 report, item 11: three primary schools over 2000 pupils (2289, 2318, 2535).
    d = county_data()
    d["schools"][0] = school("P1", 2289, classes=48)
    r = evaluate_county(build(d))
    g4 = r.check("G4")
    assert g4.verdict is Verdict.NOT_MET and g4.measures[0].exact == 1
    assert "2289" in g4.reason_zh
    # A nine-year school may have 2500.
    d["schools"][0] = school("P1", 1500, classes=33, kind="nine_year",
                             junior={"pupils": 900, "teachers_above_degree": 60,
                                     "backbone_teachers": 14, "pe_art_teachers": 11,
                                     "classes": 18})
    d["segments"] = ["primary", "junior"]
    d["guarantee"]["class_sizes"]["junior_classes"] = 18
    assert evaluate_county(build(d)).check("G4").verdict is Verdict.MET


def test_class_size_counts_and_averages() -> None:
    # Pingyuan 2025 report, item 12: 181 of 310 primary classes over 45, 90 of 166 junior
    # over 50.
    d = with_fact("guarantee.class_sizes", {"primary_classes": 310, "primary_over": 181,
                                            "junior_classes": 166, "junior_over": 90})
    g5 = evaluate_county(build(d)).check("G5")
    assert g5.verdict is Verdict.NOT_MET
    assert [m.display for m in g5.measures] == ["181/310", "90/166"]
    # Without the counts: a school averaging over 45 per class proves a class over.
    d = with_fact("guarantee.class_sizes", None)
    assert evaluate_county(build(d)).check("G5").verdict is Verdict.NOT_ASSESSED
    d["schools"][0]["primary"]["classes"] = 19           # 900 / 19 = 47.4 > 45
    g5 = evaluate_county(build(d)).check("G5")
    assert g5.verdict is Verdict.NOT_MET and "P1" in g5.reason_zh
    # ... and contradicts a declared 0.
    d["guarantee"]["class_sizes"] = copy.deepcopy(GOOD_FACTS["guarantee"]["class_sizes"])
    g5 = evaluate_county(build(d)).check("G5")
    assert g5.verdict is Verdict.NOT_MET and "矛盾" in g5.reason_zh


@pytest.mark.usefixtures("english")
def test_small_school_funds() -> None:
    d = county_data()
    d["schools"].append(school("P9", 60, classes=6, rural=True))
    g6 = evaluate_county(build(d)).check("G6")
    assert g6.verdict is Verdict.NOT_ASSESSED and g6.missing == ("guarantee.small_schools",)
    # Baoqing 2024 report, guarantee 6: 19 schools, 609 pupils, 225.525 万元; primary
    # base rate 720 yuan.
    d["guarantee"]["small_schools"] = {"schools": 19, "pupils": 609, "funds_yuan": 2255250.0,
                                       "base_rate_yuan": 720.0}
    g6 = evaluate_county(build(d)).check("G6")
    assert g6.verdict is Verdict.MET and g6.measures[0].limit == 19 * 100 * 720
    d["guarantee"]["small_schools"]["funds_yuan"] = 609 * 720.0  # funded by real pupils
    assert evaluate_county(build(d)).check("G6").verdict is Verdict.NOT_MET
    d["guarantee"]["small_schools"]["pupils"] = 2000
    with pytest.raises(DataError, match="19 schools under 100 pupils cannot have 2000"):
        evaluate_county(build(d))


@pytest.mark.usefixtures("english")
def test_special_funds_unit_slip_and_not_applicable() -> None:
    # Midu 2023 report, guarantee 7: "900000 万元" for 150 pupils (it means 元).
    d = with_fact("guarantee.special_funds", {"funds_yuan": 900000 * 10000.0, "pupils": 150})
    with pytest.raises(UnitError, match="10 000 x too large"):
        evaluate_county(build(d))
    d = with_fact("guarantee.special_funds", {"funds_yuan": 67.8, "pupils": 113})  # 万元
    with pytest.raises(UnitError, match="万元 given where 元 is expected"):
        evaluate_county(build(d))
    d = with_fact("guarantee.special_funds", {"funds_yuan": 5999.0 * 150, "pupils": 150})
    assert evaluate_county(build(d)).check("G7").verdict is Verdict.NOT_MET
    d = with_fact("guarantee.special_funds", None)
    d["schools"] = d["schools"][:3]
    assert evaluate_county(build(d)).check("G7").verdict is Verdict.NOT_APPLICABLE


def test_teacher_pay_exact_comparison() -> None:
    d = with_fact("guarantee.teacher_pay", {"teacher_avg_yuan": 9842.0,
                                            "civil_servant_avg_yuan": 9842.0})
    assert evaluate_county(build(d)).check("G8").verdict is Verdict.MET
    d["guarantee"]["teacher_pay"]["teacher_avg_yuan"] = 9841.99
    assert evaluate_county(build(d)).check("G8").verdict is Verdict.NOT_MET


def test_nearby_enrolment_town_threshold() -> None:
    d = with_fact("guarantee.nearby_enrolment", {"urban_enrolled": 0, "urban_nearby": 0,
                                                 "town_enrolled": 2000, "town_nearby": 1899})
    g13 = evaluate_county(build(d)).check("G13")
    assert g13.verdict is Verdict.NOT_MET and len(g13.measures) == 1  # 94.95 % < 95 %
    d["guarantee"]["nearby_enrolment"]["town_nearby"] = 1900
    assert evaluate_county(build(d)).check("G13").verdict is Verdict.MET


# -- quality ----------------------------------------------------------------------------

def test_consolidation_variant_comes_from_the_standard() -> None:
    # Midu 2023 report, quality 1: 2675/(2642+87+5-40-14-3) = 99.925 %.
    midu = {"graduates": 2675, "entrants": 2642, "transferred_in": 87, "resumed": 5,
            "transferred_out": 40, "suspended": 14, "deceased": 3}
    d = with_fact("quality.consolidation", midu)
    q1 = evaluate_county(build(d)).check("Q1")
    assert q1.measures[0].exact == Fraction(2675, 2677)
    transfers = NATIONAL.derive("t", {"quality": {"consolidation_variant": "transfers_only"}})
    q1t = evaluate_county(build(d), transfers).check("Q1")
    assert q1t.measures[0].exact == Fraction(2675, 2689)
    over = dict(midu, graduates=2700)
    d = with_fact("quality.consolidation", over)
    with pytest.raises(DataError, match="超过 100%") as err:  # impossible: never met
        evaluate_county(build(d))
    assert err.value.field == "quality.consolidation.graduates"
    capped = NATIONAL.derive("c", {"quality": {"consolidation_cap": True}})
    assert evaluate_county(build(d), capped).check("Q1").measures[0].exact == 1


def test_monitoring_difference_rate_is_strictly_below() -> None:
    # Midu 2023 report, quality 9: grade-4 difference rates 0.15, 0.23, … (declared met).
    d = with_fact("quality.monitoring", {"results": [
        {"grade": 4, "subject": "语文", "difference_rate": 0.15},
        {"grade": 8, "subject": "语文", "difference_rate": 0.08}]})
    q9 = evaluate_county(build(d)).check("Q9")
    assert q9.verdict is Verdict.NOT_MET  # 0.15 is not < 0.15, even with levels missing
    d["quality"]["monitoring"]["results"][0]["difference_rate"] = 0.14
    q9 = evaluate_county(build(d)).check("Q9")
    assert q9.verdict is Verdict.NOT_ASSESSED
    assert q9.missing == ("quality.monitoring.results[0].level",
                          "quality.monitoring.results[1].level")
    # Pingyuan 2025 report, item 31: not sampled for national monitoring.
    d = with_fact("quality.monitoring", {"participated": False})
    q9 = evaluate_county(build(d)).check("Q9")
    assert q9.verdict is Verdict.NOT_ASSESSED and "not taken part" in q9.reason_en


# -- survey -----------------------------------------------------------------------------

def test_survey_sample_is_per_mille() -> None:
    r = evaluate_county(build(county_data()))
    s1 = r.check("S1")
    assert s1.verdict is Verdict.MET and s1.measures[0].limit == Fraction(3, 2000)
    assert s1.measures[0].display.startswith("3.03 ‰") and "387" in s1.reason_en
    # Midu quotes the rule as 1.5 %: as a standard that would need 3869 respondents.
    percent = NATIONAL.derive("pct", {"survey": {"sample_per_mille_min": 15}})
    assert evaluate_county(build(county_data()), percent).check("S1").verdict is (
        Verdict.NOT_MET)
    d = with_fact("survey.parents", 390)
    assert evaluate_county(build(d)).check("S2").verdict is Verdict.NOT_MET  # 49.87 %
    d = with_fact("survey.satisfaction", 0.8499)
    assert evaluate_county(build(d)).check("S3").verdict is Verdict.NOT_MET


def test_a_display_that_rounds_up_to_the_threshold_is_explained() -> None:
    # 386 of Midu's 257 900 residents is 1.4967 ‰, shown "1.50 ‰": not met, and said why.
    d = with_fact("survey.respondents", 386)
    d["survey"]["parents"] = 193
    s1 = evaluate_county(build(d)).check("S1")
    assert s1.verdict is Verdict.NOT_MET and s1.measures[0].display.startswith("1.50 ‰")
    assert "精确值1.4967…‰低于1.5‰" in s1.reason_zh and "does not meet it" in s1.reason_en
    # A clear miss (1.16 ‰) needs no such note.
    d = with_fact("survey.respondents", 300)
    d["survey"]["parents"] = 150
    assert "does not meet it" not in evaluate_county(build(d)).check("S1").reason_en


# -- input validation -------------------------------------------------------------------

@pytest.mark.parametrize(("path", "value", "needle"), [
    ("guarantee.rotation", {"eligible": 67, "rotated": 70, "backbone": 1},
     "rotated = 70 is larger than eligible = 67"),
    ("guarantee.rotation", {"eligible": 614, "rotated": 67, "backbone": 68},
     "backbone = 68 is larger than rotated = 67"),
    ("guarantee.quota", {"total": 600, "allocated": 601}, "allocated = 601 is larger"),
    ("guarantee.quota", {"total": 0, "allocated": 0}, "greater than 0"),
    ("guarantee.certification", {"teachers": 10, "satisfying": -1}, "greater than or equal"),
    ("quality.disabled", {"children": 151, "enrolled": 152}, "enrolled = 152 is larger"),
    ("quality.training_budget", {"public_funds_yuan": 100.0, "training_yuan": 101.0},
     "training_yuan = 101.0 is larger"),
    ("quality.consolidation", {"graduates": 10, "entrants": 0}, "greater than 0"),
    ("survey", {"resident_population": 257900, "respondents": 782, "parents": 391,
                "satisfaction": 96.63}, "less than or equal to 1"),
    ("survey", {"resident_population": 25.79, "respondents": 782, "parents": 391,
                "satisfaction": 0.96}, "valid integer"),
    ("quality.monitoring", {"participated": True}, "no results are given"),
    ("quality.monitoring", {"results": [{"grade": 4, "subject": "数学", "level": 5}]},
     "less than or equal to 4"),
])
@pytest.mark.usefixtures("english")
def test_impossible_facts_are_rejected_at_the_boundary(path: str, value: Any,
                                                       needle: str) -> None:
    with pytest.raises(DataValidationError) as info:
        build(with_fact(path, value))
    assert needle in str(info.value)
    assert path.split(".")[0] in str(info.value)


@pytest.mark.usefixtures("english")
def test_standard_without_sections_is_a_spec_error() -> None:
    data = NATIONAL.model_dump(mode="json")
    data.pop("guarantee")
    with pytest.raises(SpecError, match=r"no \[guarantee\] section"):
        evaluate_county(build(county_data()), Standard.from_dict(data))


def test_not_a_county() -> None:
    with pytest.raises(DataError, match="需要一个 qbalance.County"):
        evaluate_county({"name": "x"})  # type: ignore[arg-type]


# -- the bundled example ----------------------------------------------------------------

def test_example_county_full_evaluation() -> None:
    r = evaluate_county(example_county())
    assert r.constructed and r.county == "示例县"
    assert not r.resources.passed
    assert [c.code for c in r.guarantee.checks] == [f"G{i}" for i in range(1, 16)]
    assert [c.code for c in r.quality.checks] == [f"Q{i}" for i in range(1, 10)]
    assert [c.code for c in r.survey.checks] == ["S1", "S2", "S3"]
    assert len(r.vetoes.checks) == 6
    not_met = [c.code for c in r.checks if c.verdict is Verdict.NOT_MET]
    assert not_met == ["G14"]
    assert r.missing == ()
    assert r.guarantee.outcome is Outcome.FAILED
    assert r.quality.outcome is r.survey.outcome is r.vetoes.outcome is Outcome.PASSED
    assert r.outcome is Outcome.FAILED
    g3 = r.check("G3")
    assert g3.verdict is Verdict.MET and g3.measures[0].display == "0/18"
    assert r.check("G6").verdict is Verdict.MET     # P10, T01, T02 under 100 pupils
    d = r.to_dict()
    text = json.dumps(d, ensure_ascii=False)
    assert json.loads(text)["guarantee"]["checks"][13]["measures"][0]["exact"] == "532/1065"
    assert d["outcome"] == "failed" and d["passed"] is False
    assert d["resources"]["outcome"] == "failed"
    zh, en = r.summary("zh"), r.summary("en")
    assert str(r) == zh
    for needle in ("总结论", "政府保障程度", "教育质量", "社会认可度", "不予认定情形", "G14",
                   "资源配置评估", "构造的示例数据"):
        assert needle in zh
    for needle in ("Overall: FAILED", "Government guarantee", "Veto conditions",
                   "constructed example data"):
        assert needle in en
    with pytest.raises(AttributeError):
        r.county = "x"  # type: ignore[misc]


def test_cli_evaluate_example_prints_the_county_evaluation() -> None:
    out = subprocess.run([sys.executable, "-m", "qbalance", "evaluate", "--example"],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 1, out.stderr
    assert "政府保障程度" in out.stdout and "G14" in out.stdout and "不予认定情形" in out.stdout
    out = subprocess.run([sys.executable, "-m", "qbalance", "evaluate", "--example", "--format",
                          "json"], capture_output=True, text=True, check=False)
    assert out.returncode == 1, out.stderr
    d = json.loads(out.stdout)
    assert d["outcome"] == "failed" and set(d) >= {"resources", "guarantee", "quality",
                                                    "survey", "vetoes"}


# -- properties -------------------------------------------------------------------------


@st.composite
def allocation(draw: st.DrawFn) -> tuple[int, int]:
    total = draw(st.integers(min_value=1, max_value=5000))
    return draw(st.integers(min_value=0, max_value=total)), total


@settings(max_examples=60)
@given(allocation(), st.sampled_from([0.5, 0.45, 0.55, 0.499]))
def test_quota_verdict_is_the_exact_comparison(at: tuple[int, int], floor: float) -> None:
    allocated, total = at
    std = NATIONAL if floor == 0.5 else NATIONAL.derive(
        "q", {"guarantee": {"quota_share_min": floor}})
    d = with_fact("guarantee.quota", {"total": total, "allocated": allocated})
    c = evaluate_county(build(d), std).check("G14")
    exact = Fraction(allocated, total)
    assert c.measures[0].exact == exact
    assert (c.verdict is Verdict.MET) is (exact >= Fraction(str(floor)))


@settings(max_examples=40)
@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=10**4),
       st.integers(min_value=0, max_value=10**4))
def test_survey_sample_verdict_is_exact(population: int, respondents: int,
                                        parents: int) -> None:
    respondents = min(respondents, population)
    parents = min(parents, respondents)
    d = with_fact("survey", {"resident_population": population, "respondents": respondents,
                             "parents": parents, "satisfaction": 0.9})
    r = evaluate_county(build(d))
    # 1.5 per mille, compared in integers: respondents * 2000 >= population * 3
    assert (r.check("S1").verdict is Verdict.MET) is (respondents * 2000 >= population * 3)
    assert (r.check("S2").verdict is Verdict.MET) is (parents * 2 >= respondents)


def test_input_models_print_one_line() -> None:
    # notebook first: a county, a school and a standard print as one short line, never
    # every school and every rule (the county's repr was 20 000 characters)
    from qbalance import example_county, load_standard, use_lang

    county = example_county()
    std = load_standard("national-2017")
    with use_lang("zh"):
        assert repr(county) == (f"<County {county.name} {county.year}：学校 "
                                f"{len(county.schools)} 所（小学、初中）>")
        assert repr(county.schools[0]) == (
            f"<School {county.schools[0].id} {county.schools[0].name}（"
            f"{county.schools[0].kind.zh}，{county.schools[0].pupils}人）>")
        assert repr(std) == f"<Standard national-2017《{std.name_zh}》>"
    with use_lang("en"):
        assert repr(county).endswith(f"{len(county.schools)} schools (primary, junior)>")
        assert repr(std) == f"<Standard national-2017 ({std.name_en})>"
    assert max(len(repr(county)), len(repr(std))) < 120
