"""Models, standards and the resource-allocation evaluation."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import qbalance
from qbalance import (
    County,
    DataError,
    DataValidationError,
    EmptySegmentError,
    School,
    SchoolKind,
    Segment,
    SpecError,
    UnitError,
    evaluate_resources,
    example_county,
    load_standard,
    weighted_cv,
)

NATIONAL = load_standard("national-2017")


def seg(pupils: int, above: int = 0, backbone: int = 0, pe_art: int = 0) -> dict[str, int]:
    return {"pupils": pupils, "teachers_above_degree": above, "backbone_teachers": backbone,
            "pe_art_teachers": pe_art}


def primary_school(sid: str, pupils: int, *, scale: float = 1.0, **kw: Any) -> dict[str, Any]:
    """A primary school meeting every national threshold by ``scale``."""
    d: dict[str, Any] = {
        "id": sid, "name": f"学校{sid}", "kind": "primary",
        "primary": seg(pupils, round(0.06 * pupils * scale), round(0.015 * pupils * scale),
                       round(0.012 * pupils * scale)),
        "teaching_area_m2": 6.0 * pupils * scale, "sports_area_m2": 10.0 * pupils * scale,
        "equipment_value_yuan": 3000.0 * pupils * scale,
        "multimedia_classrooms": round(0.03 * pupils * scale),
    }
    d.update(kw)
    return d


def junior_school(sid: str, pupils: int, **kw: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": sid, "name": f"中学{sid}", "kind": "junior",
        "junior": seg(pupils, round(0.07 * pupils), round(0.015 * pupils), round(0.012 * pupils)),
        "teaching_area_m2": 7.0 * pupils, "sports_area_m2": 12.0 * pupils,
        "equipment_value_yuan": 3000.0 * pupils, "multimedia_classrooms": round(0.03 * pupils),
    }
    d.update(kw)
    return d


def county(*schools: dict[str, Any], **kw: Any) -> County:
    return County(name="测试县", year=2025, schools=schools, **kw)


# -- models ----------------------------------------------------------------------------

def test_example_county_loads() -> None:
    c = example_county()
    assert c.constructed
    kinds = {s.kind for s in c.schools}
    # every kind of the 2017 method; the attached-class and vocational kinds of
    # issue 14 are exercised in tests/core/test_rules_beyond_national.py
    assert kinds == set(SchoolKind) - {SchoolKind.SENIOR_WITH_JUNIOR, SchoolKind.VOCATIONAL}
    assert len(c.schools) == 21


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        ({"primary": seg(0)}, "primary.pupils", 0),
        ({"primary": seg(-12)}, "primary.pupils", -12),
        ({"teaching_area_m2": float("nan")}, "teaching_area_m2", None),
        ({"sports_area_m2": -5.0}, "sports_area_m2", -5.0),
        ({"equipment_value_yuan": "a lot"}, "equipment_value_yuan", "a lot"),
        ({"multimedia_classrooms": 2.5}, "multimedia_classrooms", 2.5),
        ({"music_room_areas_m2": [100.0, -5.0]}, "music_room_areas_m2.1", -5.0),
        ({"art_room_areas_m2": [float("inf")]}, "art_room_areas_m2.0", None),
    ],
)
@pytest.mark.usefixtures("english")
def test_school_errors_name_school_field_value(change: dict[str, Any], field: str,
                                               value: object) -> None:
    data = primary_school("P1", 400) | change
    with pytest.raises(DataValidationError) as info:
        School(**data)
    (p,) = info.value.problems
    assert p.location == "P1 (学校P1)"
    assert p.field == field
    if value is not None:
        assert p.value == value
    assert "P1 (学校P1)" in str(info.value) and field in str(info.value)


def test_model_validate_raises_qbalance_errors_too() -> None:
    """pydantic's own entry point gives the same error as the constructor."""
    bad = primary_school("P1", 400) | {"sports_area_m2": -3}
    with pytest.raises(DataValidationError) as info:
        School.model_validate(bad)
    assert [(p.location, p.field, p.value) for p in info.value.problems] == [
        ("P1 (学校P1)", "sports_area_m2", -3)]


def test_county_collects_every_problem_with_school_names() -> None:
    bad1 = primary_school("P1", 400) | {"primary": seg(-1)}
    bad2 = primary_school("P2", 400) | {"sports_area_m2": -3}
    with pytest.raises(DataValidationError) as info:
        county(bad1, primary_school("P0", 300), bad2)
    locs = [(p.location, p.field) for p in info.value.problems]
    assert ("P1 (学校P1)", "primary.pupils") in locs
    assert ("P2 (学校P2)", "sports_area_m2") in locs


@pytest.mark.usefixtures("english")
def test_kind_and_segments_must_agree() -> None:
    with pytest.raises(DataValidationError, match="nine_year school .* needs junior"):
        School(**(primary_school("N1", 300) | {"kind": "nine_year"}))
    with pytest.raises(DataValidationError, match="needs senior_pupils"):
        School(**(junior_school("C1", 300) | {"kind": "complete_middle"}))
    with pytest.raises(DataValidationError, match="has no junior"):
        School(**(primary_school("P1", 300) | {"junior": seg(10)}))


@pytest.mark.usefixtures("english")
def test_county_rejects_duplicate_ids_and_missing_segment() -> None:
    with pytest.raises(DataValidationError, match="'P1' used by both"):
        county(primary_school("P1", 100), primary_school("P1", 200), junior_school("J1", 300))
    with pytest.raises(DataValidationError, match="segment junior .* no school"):
        county(primary_school("P1", 100))
    # a primary-only county is fine when only primary is evaluated
    c = county(primary_school("P1", 100), segments=["primary"])
    assert c.segments == (Segment.PRIMARY,)


def test_errors_are_qbalance_errors_and_value_errors() -> None:
    with pytest.raises(qbalance.QBalanceError):
        county()
    with pytest.raises(ValueError):
        county()


@pytest.mark.usefixtures("english")
def test_from_dict_and_unknown_field() -> None:
    with pytest.raises(DataValidationError, match="'pupils_total'"):
        School.from_dict(primary_school("P1", 100) | {"pupils_total": 100})


# -- standards -------------------------------------------------------------------------

def test_national_standard_matches_reference_table() -> None:
    table = {i.code: (i.threshold.primary, i.threshold.junior) for i in NATIONAL.indicators}
    assert table == {"R1": (4.2, 5.3), "R2": (1.0, 1.0), "R3": (0.9, 0.9), "R4": (4.5, 5.8),
                     "R5": (7.5, 10.2), "R6": (2000.0, 2500.0), "R7": (2.3, 2.4)}
    assert {(i.cv_limit.primary, i.cv_limit.junior) for i in NATIONAL.indicators} == {(0.5, 0.45)}
    assert NATIONAL.school_rule.min_met == 6
    assert NATIONAL.scope.teaching_point_min_pupils == 50
    assert NATIONAL.split[SchoolKind.TWELVE_YEAR].senior == 1.32
    assert NATIONAL.split[SchoolKind.COMPLETE_MIDDLE].senior == 1.2
    assert "national-2017" in qbalance.available_standards()


def test_derive_county_targets_without_editing_files() -> None:
    target = NATIONAL.with_cv_limits(primary=0.35, junior=0.32, id="x-county")
    assert {i.cv_limit.primary for i in target.indicators} == {0.35}
    assert target.based_on == "national-2017"
    comp = NATIONAL.with_cv_limits(primary=0.35, junior=0.32, composite=True)
    assert comp.composite_cv_limit.junior == 0.32
    assert NATIONAL.composite_cv_limit.primary is None  # the original is unchanged


@pytest.mark.usefixtures("english")
def test_invalid_derivations_raise_spec_error() -> None:
    with pytest.raises(SpecError, match="cv_limit.primary"):
        NATIONAL.with_cv_limits(primary=-0.1)
    with pytest.raises(SpecError, match="no indicator 'R9'|cannot change indicator 'R9'"):
        NATIONAL.derive("x", {"indicators": {"R9": {"threshold": {"primary": 1}}}})
    with pytest.raises(SpecError, match="min_met"):
        NATIONAL.derive("x", {"school_rule": {"min_met": 8}})
    with pytest.raises(SpecError, match="no standard 'nowhere'"):
        load_standard("nowhere")


@pytest.mark.usefixtures("english")
def test_missing_threshold_is_a_spec_error(tmp_path: Path) -> None:
    data = NATIONAL.model_dump(mode="json")
    data["indicators"][3]["threshold"] = {"primary": 4.5}
    path = tmp_path / "partial.json"
    path.write_text(json.dumps(data), "utf-8")
    partial = load_standard(path)
    with pytest.raises(SpecError, match="R4 threshold: no value for segment junior"):
        evaluate_resources(example_county(), partial)
    # the primary segment alone needs no junior threshold
    assert evaluate_resources(example_county(), partial, segments=["primary"]).segments


# -- evaluation ------------------------------------------------------------------------

def test_example_county_end_to_end() -> None:
    r = evaluate_resources(example_county())
    assert r.standard_id == "national-2017"
    assert [(e.school_id, e.reason) for e in r.exclusions] == [
        ("T02", "small_teaching_point"), ("S01", "special")]
    primary, junior = r.segment("primary"), r.segment(Segment.JUNIOR)
    # teaching point T01 (68 pupils) stays in; nine-year schools count in both segments
    assert {s.school_id for s in primary.schools} >= {"T01", "N01", "N02", "K01"}
    assert {s.school_id for s in junior.schools} == {"J01", "J02", "J03", "J04", "N01", "N02",
                                                      "C01", "K01"}
    assert [s.school_id for s in primary.failing_schools] == ["P08", "P09"]
    assert not r.passed and primary.cv_passed and junior.passed
    assert {sp.school_id for sp in r.splits} == {"N01", "N02", "C01", "K01"}
    for sp in r.splits:
        assert sum(sp.shares.values()) == pytest.approx(1.0)
    text = str(r)
    assert "石门村小学" in text and "未达标" in text and "综合差异系数" in text
    assert "Composite CV" in r.summary("en")
    d = r.to_dict()
    json.dumps(d, ensure_ascii=False)
    assert d["passed"] is False and d["segments"][0]["segment"] == "primary"


def test_indicator_values_and_cv_recomputed_by_hand() -> None:
    c = example_county()
    r = evaluate_resources(c)
    junior = r.segment("junior")
    # R4 of junior: whole-school floor area split by weighted pupils for combined schools
    vals, ws = [], []
    for s in c.schools:
        if s.junior is None or s.kind is SchoolKind.SPECIAL:
            continue
        area = s.teaching_area_m2
        if s.kind is SchoolKind.NINE_YEAR:
            assert s.primary is not None
            area *= 1.1 * s.junior.pupils / (s.primary.pupils + 1.1 * s.junior.pupils)
        elif s.kind is SchoolKind.COMPLETE_MIDDLE:
            area *= s.junior.pupils / (s.junior.pupils + 1.2 * s.senior_pupils)
        elif s.kind is SchoolKind.TWELVE_YEAR:
            assert s.primary is not None
            area *= 1.1 * s.junior.pupils / (
                s.primary.pupils + 1.1 * s.junior.pupils + 1.32 * s.senior_pupils)
        vals.append(area / s.junior.pupils)
        ws.append(s.junior.pupils)
    r4 = junior.indicator("R4")
    assert r4.cv == pytest.approx(weighted_cv(vals, ws), rel=1e-12)
    assert r4.mean == pytest.approx(np.dot(vals, ws) / sum(ws), rel=1e-12)
    assert r4.cv_limit == 0.45 and r4.passed == (r4.cv <= 0.45)
    assert junior.composite_cv == pytest.approx(np.mean([i.cv for i in junior.indicators]))


def test_per_school_rule_six_of_seven_and_85_percent() -> None:
    base = primary_school("P1", 500)
    # exactly at the threshold meets it (4.2 per 100 pupils = 21 of 500)
    at = base | {"primary": seg(500, 21, 8, 6)}
    # one indicator at 90 % of standard: 6 of 7 met, rest >= 85 % -> passes
    one_low = primary_school("P2", 500) | {"sports_area_m2": 0.9 * 7.5 * 500}
    # one indicator at 80 %: fails (below 85 %)
    too_low = primary_school("P3", 500) | {"sports_area_m2": 0.8 * 7.5 * 500}
    # two indicators at 90 %: only 5 of 7 met -> fails
    two_low = primary_school("P4", 500) | {"sports_area_m2": 0.9 * 7.5 * 500,
                                            "teaching_area_m2": 0.9 * 4.5 * 500}
    r = evaluate_resources(county(at, one_low, too_low, two_low, segments=["primary"]))
    res = {s.school_id: s for s in r.segment("primary").schools}
    assert res["P1"].met[0] and res["P1"].value("R1") == pytest.approx(4.2)
    assert res["P2"].passed and not res["P2"].met[4]
    assert not res["P3"].passed and res["P3"].below_floor[4]
    assert "R5 80.0%" in res["P3"].reason_en
    assert not res["P4"].passed and sum(res["P4"].met) == 5
    assert "fewer than the required 6" in res["P4"].reason_en


def test_cv_limit_is_applied_to_the_exact_value() -> None:
    # two schools whose R5 values give a CV just above a derived limit
    a = primary_school("P1", 500)
    b = primary_school("P2", 500) | {"sports_area_m2": 30.0 * 500}
    r = evaluate_resources(county(a, b, segments=["primary"]))
    cv = r.segment("primary").indicator("R5").cv
    tight = NATIONAL.derive("t", {"indicators": {"R5": {"cv_limit": {"primary": cv * (1 - 1e-9)}}}})
    loose = NATIONAL.derive("l", {"indicators": {"R5": {"cv_limit": {"primary": cv}}}})
    assert not evaluate_resources(county(a, b, segments=["primary"]), tight).passed
    assert evaluate_resources(county(a, b, segments=["primary"]), loose).segment(
        "primary").indicator("R5").passed


def test_equal_schools_have_zero_cv() -> None:
    r = evaluate_resources(county(primary_school("P1", 400), primary_school("P2", 800),
                                  segments=["primary"]))
    assert all(i.cv == pytest.approx(0.0, abs=1e-12) for i in r.segment("primary").indicators)


def test_scope_rules_come_from_the_standard() -> None:
    tp = primary_school("T1", 40) | {"kind": "teaching_point"}
    c = county(primary_school("P1", 300), tp, segments=["primary"])
    assert [e.school_id for e in evaluate_resources(c).exclusions] == ["T1"]
    lenient = NATIONAL.derive("lenient", {"scope": {"teaching_point_min_pupils": 30}})
    assert evaluate_resources(c, lenient).exclusions == ()
    assert {s.school_id for s in evaluate_resources(c, lenient).segment("primary").schools} == {
        "P1", "T1"}


@pytest.mark.usefixtures("english")
def test_empty_segment_after_scope_is_an_error() -> None:
    tp = primary_school("T1", 40) | {"kind": "teaching_point"}
    c = county(tp, junior_school("J1", 300))
    with pytest.raises(EmptySegmentError, match="primary"):
        evaluate_resources(c)


def test_unit_slip_wan_yuan_is_detected() -> None:
    # equipment value given in 万元 (150.0) instead of 元 (1 500 000)
    slip = primary_school("P2", 500) | {"equipment_value_yuan": 150.0}
    c = county(primary_school("P1", 500), slip, segments=["primary"])
    with pytest.raises(UnitError) as info:
        evaluate_resources(c)
    msg = str(info.value)
    assert "P2 (学校P2)" in msg and "equipment_value_yuan" in msg and "万元" in msg
    assert info.value.value == 150.0


def test_implausible_value_is_named() -> None:
    odd = primary_school("P2", 10) | {"primary": seg(10, 30, 1, 1)}  # 300 teachers / 100 pupils
    with pytest.raises(DataError, match="P2 .*R1.*plausible"):
        evaluate_resources(county(primary_school("P1", 500), odd, segments=["primary"]))


def test_bad_argument_types() -> None:
    with pytest.raises(DataError, match="需要一个 qbalance.County"):
        evaluate_resources({"name": "x"})  # type: ignore[arg-type]


def test_result_is_immutable() -> None:
    r = evaluate_resources(example_county())
    with pytest.raises(AttributeError):
        r.county = "other"  # type: ignore[misc]
    # ... all the way down: the split shares are a read-only mapping, and the result hashes.
    split = r.splits[0]
    with pytest.raises(TypeError):
        split.shares["primary"] = 0.9  # type: ignore[index]
    assert split.shares == dict(split.shares) and hash(r) == hash(evaluate_resources(
        example_county()))
    assert pickle.loads(pickle.dumps(r)) == r


def test_array_results_are_read_only() -> None:
    s = qbalance.weighted_stats([[1.0, 2.0], [3.0, 4.0]], [1, 2], groups=["A", "B"])
    with pytest.raises(ValueError, match="read-only"):
        s.cv[0, 0] = 9.0
    given = np.array(["A", "B"])
    s = qbalance.weighted_stats([[1.0], [3.0]], [1, 2], groups=given)
    given[0] = "Z"  # the caller's own array stays writeable
    assert not s.groups.flags.writeable  # type: ignore[union-attr]
    sens = qbalance.sensitivity(example_county())
    seg = sens.segments[0]
    with pytest.raises(ValueError, match="read-only"):
        seg.failing[0] = True


def test_cli_evaluate_example_and_bad_file(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "qbalance", "evaluate", "--example", "--lang",
                          "en"], capture_output=True, text=True, check=False)
    assert out.returncode == 1, out.stderr  # the example county does not pass
    assert "Verdict: NOT MET" in out.stdout
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": "x", "year": 2025, "schools": [
        primary_school("P1", 100) | {"primary": seg(-5)}]}), "utf-8")
    out = subprocess.run([sys.executable, "-m", "qbalance", "evaluate", str(bad)],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 2
    assert "P1（学校P1）" in out.stderr and "小学部·在校生数" in out.stderr
    assert "应大于 0" in out.stderr and "qbalance：错误：" in out.stderr


# -- exactness of verdicts (issue 12) ----------------------------------------------------

PLAN = load_standard("x-county-plan-2026")  # composite limits 0.35 / 0.32


def test_cv_exactly_at_its_limit_passes() -> None:
    # 140 and 420 m² for 100 pupils each: 1.4 and 4.2 m² per pupil, CV exactly 0.5
    a = primary_school("P1", 100, teaching_area_m2=140.0)
    b = primary_school("P2", 100, teaching_area_m2=420.0)
    r4 = evaluate_resources(county(a, b, segments=["primary"])).segment("primary").indicator("R4")
    assert r4.cv > 0.5  # the float is 0.5000000000000001: a float comparison fails it
    assert r4.passed
    # a hair above the limit in exact arithmetic fails
    c = primary_school("P2", 100, teaching_area_m2=420.0000001)
    r4 = evaluate_resources(county(a, c, segments=["primary"])).segment("primary").indicator("R4")
    assert not r4.passed


def ratio_pair(lo: int, hi: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two 100-pupil primary schools whose every value is in the ratio lo : hi."""
    def one(sid: str, k: int) -> dict[str, Any]:
        return {"id": sid, "name": sid, "kind": "primary", "primary": seg(100, k, k, k),
                "teaching_area_m2": 10.0 * k, "sports_area_m2": 10.0 * k,
                "equipment_value_yuan": 1000.0 * k, "multimedia_classrooms": k}
    return one("A", lo), one("B", hi)


def test_composite_exactly_at_a_plans_limit_passes() -> None:
    # 13 : 27 gives every CV 0.35 exactly, so the composite is exactly the plan's 0.35
    sr = evaluate_resources(county(*ratio_pair(13, 27), segments=["primary"]), PLAN
                            ).segment("primary")
    assert sr.composite_cv > 0.35  # 0.35000000000000003 in floats
    assert sr.composite_cv_passed is True and sr.cv_passed
    # 13 : 28 is clearly above
    sr = evaluate_resources(county(*ratio_pair(13, 28), segments=["primary"]), PLAN
                            ).segment("primary")
    assert sr.composite_cv_passed is False and not sr.cv_passed


def test_composite_tie_with_irrational_cvs_is_decided() -> None:
    from fractions import Fraction

    from qbalance._exact import mean_sqrt_le
    # two CVs of sqrt(1/8) = 0.35355339059327376...: irrational, decided by refining
    # the square roots until the sign is known; rational CVs are compared as fractions
    assert mean_sqrt_le([Fraction(1, 8), Fraction(1, 8)], 0.3535533905932738)
    assert not mean_sqrt_le([Fraction(1, 8), Fraction(1, 8)], 0.3535533905932737)
    assert mean_sqrt_le([Fraction(49, 400), Fraction(49, 400)], 0.35)
    assert not mean_sqrt_le([Fraction(49, 400), Fraction(49, 400) + Fraction(1, 10**30)], 0.35)


def test_school_value_compares_exactly_without_slack() -> None:
    # 449.9999999999 m² for 100 pupils is 4.499999999999 m² per pupil: below 4.5
    below = primary_school("P1", 100, teaching_area_m2=449.9999999999)
    at = primary_school("P2", 100, teaching_area_m2=450.0)
    sch = {s.school_id: s for s in evaluate_resources(
        county(below, at, segments=["primary"])).segment("primary").schools}
    assert not sch["P1"].met[3] and sch["P2"].met[3]


def test_split_value_exactly_at_the_standard_meets_it() -> None:
    # 1334 m² split 1 : 1.1 over 110 primary and 130 junior pupils: the junior value is
    # 11 x 1334 / 2530 = 5.8 exactly (the standard), computed 5.799999999999999
    s = {"id": "N1", "name": "九年一贯制学校", "kind": "nine_year",
         "primary": seg(110, 6, 2, 1), "junior": seg(130, 7, 2, 2),
         "teaching_area_m2": 1334.0, "sports_area_m2": 3000.0,
         "equipment_value_yuan": 800000.0, "multimedia_classrooms": 8}
    j = evaluate_resources(county(s, segments=["junior"])).segment("junior").schools[0]
    assert j.value("R4") < 5.8
    assert j.met[3] and not j.below_floor[3]


def test_all_zero_indicator_fails_with_undefined_cv() -> None:
    a = primary_school("P1", 300) | {"primary": seg(300, 20, 0, 5)}
    b = primary_school("P2", 500) | {"primary": seg(500, 30, 0, 6)}
    r = evaluate_resources(county(a, b, segments=["primary"]))  # no ZeroMeanError
    sr = r.segment("primary")
    r2 = sr.indicator("R2")
    assert r2.mean == 0.0 and np.isnan(r2.cv) and not r2.passed
    assert "undefined" in r2.cv_undefined_en and "无定义" in r2.cv_undefined_zh
    assert all(i.cv_undefined_en == "" for i in sr.indicators if i.code != "R2")
    assert not r.passed and np.isnan(sr.composite_cv)
    text = r.summary("zh")
    assert "R2：差异系数无定义（全部 2 所学校该项均为 0）" in text and "nan" not in text
    assert "undefined" in r.summary("en")


def test_means_and_cvs_are_the_public_weighted_stats_exactly() -> None:
    # issue 13 item 5: the evaluation goes through the public core, bit for bit
    from qbalance import example_county, weighted_stats
    from qbalance.synth import synthetic_counties

    for c in [example_county(), *synthetic_counties(3, schools_per_county=30, seed=11)]:
        for sr in evaluate_resources(c).segments:
            st = weighted_stats([r.values for r in sr.schools], [r.pupils for r in sr.schools],
                                zero_mean="nan")
            assert st.mean.tolist() == [i.mean for i in sr.indicators]
            assert st.std.tolist() == [i.std for i in sr.indicators]
            assert st.cv.tolist() == [i.cv for i in sr.indicators]


def test_reason_prints_enough_digits_to_show_a_floor_failure() -> None:
    # 84.998 % of the R5 standard (7.5 m² per pupil) is below the 85 % floor
    s = primary_school("P1", 100, sports_area_m2=0.84998 * 7.5 * 100)
    sch = evaluate_resources(county(s, primary_school("P2", 100), segments=["primary"])
                             ).segment("primary").schools[0]
    assert sch.below_floor[4] and not sch.passed
    assert "R5 84.998%" in sch.reason_en and "R5 84.998%" in sch.reason_zh
    assert "85.0%" not in sch.reason_en


def test_primary_only_county_is_not_failed_by_the_batch() -> None:
    from qbalance import columns_from_counties, evaluate_batch
    c = county(primary_school("P1", 400), primary_school("P2", 600), segments=["primary"])
    ev = evaluate_resources(c)
    assert ev.passed
    b = evaluate_batch(columns_from_counties([c]))
    assert b.status.tolist() == [["ok", "not_evaluated"]]
    assert b.passed.tolist() == [True] and b.county_status.tolist() == ["ok"]


def test_undefined_cv_saves_as_null_and_loads_back(tmp_path: Path) -> None:
    from qbalance import evaluate_county
    from qbalance.io import load_result, save_result
    a = primary_school("P1", 300) | {"primary": seg(300, 20, 0, 5)}
    b = primary_school("P2", 500) | {"primary": seg(500, 30, 0, 6)}
    c = county(a, b, segments=["primary"])
    for result in (evaluate_resources(c), evaluate_county(c)):
        p = save_result(result, tmp_path / "r.json")
        text = p.read_text(encoding="utf-8")
        assert "NaN" not in text and '"cv": null' in text
        back = load_result(p)
        res = back if isinstance(back, qbalance.ResourceEvaluation) else back.resources
        r2 = res.segment("primary").indicator("R2")
        assert np.isnan(r2.cv) and not r2.passed and r2.cv_undefined_en
    # a null CV without a reason is refused
    data = json.loads(text)
    node = data["result"]["resources"] if "resources" in data["result"] else data["result"]
    node["segments"][0]["indicators"][0]["cv"] = None
    (tmp_path / "bad.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataError, match="cv"):
        load_result(tmp_path / "bad.json")
