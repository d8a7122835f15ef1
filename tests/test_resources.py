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
    assert kinds == set(SchoolKind)
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


def test_kind_and_segments_must_agree() -> None:
    with pytest.raises(DataValidationError, match="nine_year school .* needs junior"):
        School(**(primary_school("N1", 300) | {"kind": "nine_year"}))
    with pytest.raises(DataValidationError, match="needs senior_pupils"):
        School(**(junior_school("C1", 300) | {"kind": "complete_middle"}))
    with pytest.raises(DataValidationError, match="has no junior"):
        School(**(primary_school("P1", 300) | {"junior": seg(10)}))


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


def test_invalid_derivations_raise_spec_error() -> None:
    with pytest.raises(SpecError, match="cv_limit.primary"):
        NATIONAL.with_cv_limits(primary=-0.1)
    with pytest.raises(SpecError, match="no indicator 'R9'|cannot change indicator 'R9'"):
        NATIONAL.derive("x", {"indicators": {"R9": {"threshold": {"primary": 1}}}})
    with pytest.raises(SpecError, match="min_met"):
        NATIONAL.derive("x", {"school_rule": {"min_met": 8}})
    with pytest.raises(SpecError, match="no standard 'nowhere'"):
        load_standard("nowhere")


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
    with pytest.raises(DataError, match="expected a qbalance.County"):
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
    assert "P1 (学校P1)" in out.stderr and "primary.pupils" in out.stderr
