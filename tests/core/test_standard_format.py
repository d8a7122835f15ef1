"""The standard format of issue 14: named quantities, expressions, scope, pass rules."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qbalance import (
    County,
    compare_standards,
    SpecError,
    evaluate_batch,
    evaluate_resources,
    example_county,
    load_standard,
)
from qbalance.evaluate.batch import columns_from_counties
from qbalance.errors import DataError
from qbalance.expr import parse_condition, parse_sum
from qbalance.standard import Standard, _build as _build_std


def _build(data: dict[str, Any]) -> Standard:
    return _build_std(data, "test")

NATIONAL = load_standard("national-2017")


def _derive(changes: dict[str, Any], id: str = "t") -> Standard:
    return NATIONAL.derive(id, changes)


def _with_quantities(county: County, per_school: dict[str, dict[str, float]],
                     per_segment: dict[str, dict[str, float]] | None = None) -> County:
    data = county.model_dump(mode="json")
    for s in data["schools"]:
        s.setdefault("quantities", {}).update(per_school.get(s["id"], {}))
        for seg in ("primary", "junior"):
            if s.get(seg) and per_segment and s["id"] in per_segment:
                s[seg].setdefault("quantities", {}).update(per_segment[s["id"]])
    return County.model_validate(data)


def _without_quantity(county: County, name: str) -> County:
    """``county`` with the whole-school quantity ``name`` removed from every school (the
    example county gives the indoor PE area since platform-practice reads it)."""
    data = county.model_dump(mode="json")
    for s in data["schools"]:
        s.get("quantities", {}).pop(name, None)
    return County.model_validate(data)


# -- the grammar -------------------------------------------------------------------------

def test_grammar_parses_sums_and_conditions() -> None:
    s = parse_sum("a - 2 * b + 0.5 * c")
    assert [(float(t.coef), t.name) for t in s.terms] == [(1.0, "a"), (-2.0, "b"), (0.5, "c")]
    c = parse_condition("year_built <= 2010 or migrant_pupils > 0.5 * pupils")
    # exactly at the threshold: 0.5 * 2300 = 1150 is not > 1150
    assert c.evaluate({"year_built": 2011, "migrant_pupils": 1150, "pupils": 2300}.get) is False
    assert c.evaluate({"year_built": 2011, "migrant_pupils": 1151, "pupils": 2300}.get) is True
    assert c.evaluate({"year_built": 2010, "migrant_pupils": 0, "pupils": 2300}.get) is True
    assert parse_condition("not rural").evaluate({"rural": False}.get) is True


@pytest.mark.parametrize("text", ["a +", "a * b", "3 a", "(a)", "a ; b", "__import__('os')",
                                  "a.b", ""])
def test_grammar_refuses_what_is_not_a_sum(text: str) -> None:
    with pytest.raises(ValueError):
        parse_sum(text)


@pytest.mark.usefixtures("english")
def test_unknown_quantity_is_refused_at_load_time() -> None:
    with pytest.raises(SpecError, match="unknown quantity 'indoor_pe_area_m2'"):
        _derive({"indicators": {"R4": {"numerator": "teaching_area_m2 - indoor_pe_area_m2"}}})


@pytest.mark.usefixtures("english")
def test_unit_mismatch_is_refused_at_load_time() -> None:
    q = {"library_books": {"level": "school", "unit": "books", "name_zh": "图书",
                           "name_en": "books"}}
    with pytest.raises(SpecError, match="different units"):
        _derive({"quantities": q,
                 "indicators": {"R4": {"numerator": "teaching_area_m2 + library_books"}}})
    with pytest.raises(SpecError, match="numerator_unit"):
        _derive({"quantities": q, "indicators": {"R4": {"numerator": "library_books",
                                                        "numerator_unit": "m2"}}})
    with pytest.raises(SpecError, match="cannot compare"):
        _derive({"quantities": q, "indicators": {"R4": {"added_terms": [
            {"when": "library_books > year_built", "add": "sports_area_m2"}]}}})
    with pytest.raises(SpecError, match="unknown flag 'over_dense'"):
        _derive({"indicators": {"R5": {"added_terms": [
            {"when": "over_dense", "add": "sports_area_m2"}]}}})


@pytest.mark.usefixtures("english")
def test_per_segment_counts_are_never_split() -> None:
    with pytest.raises(SpecError, match="never split"):
        _derive({"indicators": {"R1": {"split": True}}})


@pytest.mark.usefixtures("english")
def test_a_model_field_keeps_its_level_and_unit() -> None:
    with pytest.raises(SpecError, match="a model field"):
        _derive({"quantities": {"teaching_area_m2": {"level": "segment", "unit": "m2",
                                                     "name_zh": "x", "name_en": "x"}}})


# -- quantities in the data ----------------------------------------------------------------

PE = {"indoor_pe_area_m2": {"level": "school", "unit": "m2", "name_zh": "室内体育用房面积",
                            "name_en": "indoor PE rooms"}}


@pytest.mark.usefixtures("english")
def test_expression_numerator_and_missing_quantity_named() -> None:
    std = _derive({"quantities": PE, "indicators": {"R4": {
        "numerator": "teaching_area_m2 - indoor_pe_area_m2", "numerator_unit": "m2"}}})
    county = _without_quantity(example_county(), "indoor_pe_area_m2")
    with pytest.raises(DataError, match=r"school P01 \(城关第一小学\).*'indoor_pe_area_m2'"):
        evaluate_resources(county, std)
    c2 = _with_quantities(county, {s.id: {"indoor_pe_area_m2": 100.0} for s in county.schools})
    base = evaluate_resources(c2, NATIONAL)
    new = evaluate_resources(c2, std)
    p01b = next(s for s in base.segment("primary").schools if s.school_id == "P01")
    p01n = next(s for s in new.segment("primary").schools if s.school_id == "P01")
    s = county.school("P01")
    assert p01b.value("R4") == s.teaching_area_m2 / 1860
    assert p01n.value("R4") == (s.teaching_area_m2 - 100.0) / 1860
    assert p01n.value("R5") == p01b.value("R5")


def test_a_standard_that_changes_nothing_evaluates_identically() -> None:
    same = _derive({"quantities": PE, "indicators": {
        "R4": {"numerator": "teaching_area_m2", "numerator_unit": "m2"},
        "R1": {"numerator": "teachers_above_degree", "split": False}}})
    a = evaluate_resources(example_county(), NATIONAL)
    b = evaluate_resources(example_county(), same)
    assert a.segments == b.segments and a.exclusions == b.exclusions


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e9, allow_nan=False), min_size=21,
                max_size=21),
       st.sampled_from(["library_books", "computers", "unused_thing"]))
def test_a_quantity_no_indicator_uses_changes_nothing(values: list[float], name: str) -> None:
    county = example_county()
    c2 = _with_quantities(county, {s.id: {name: v} for s, v in zip(county.schools, values,
                                                                   strict=True)},
                          {s.id: {name: v} for s, v in zip(county.schools, values,
                                                           strict=True)})
    assert evaluate_resources(c2).segments == evaluate_resources(county).segments


@pytest.mark.usefixtures("english")
def test_quantity_names_are_validated() -> None:
    data = example_county().model_dump(mode="json")
    data["schools"][0]["quantities"] = {"Bad Name": 1.0}
    with pytest.raises(DataError, match="quantity name"):
        County.model_validate(data)
    data["schools"][0]["quantities"] = {"books": -1.0}
    with pytest.raises(DataError, match="books"):
        County.model_validate(data)


# -- conditional terms ---------------------------------------------------------------------

def test_added_term_counts_only_where_the_condition_holds() -> None:
    q = {"itinerant_pe_art_teachers": {"level": "segment", "unit": "teachers",
                                       "name_zh": "走教体育艺术教师", "name_en": "itinerant"}}
    std = _derive({"quantities": q, "indicators": {"R3": {"added_terms": [
        {"when": "rural and pupils >= 50 and pupils <= 99",
         "add": "itinerant_pe_art_teachers"}]}}})
    county = example_county()
    c2 = _with_quantities(county, {}, {s.id: {"itinerant_pe_art_teachers": 2.0}
                                       for s in county.schools})
    base = {(s.school_id, s.segment): s for seg in evaluate_resources(c2).segments
            for s in seg.schools}
    new = {(s.school_id, s.segment): s for seg in evaluate_resources(c2, std).segments
           for s in seg.schools}
    changed = {k for k in base if base[k].value("R3") != new[k].value("R3")}
    expect = {k for k in base
              if county.school(k[0]).rural and 50 <= sum(
                  b.pupils for b in (county.school(k[0]).primary, county.school(k[0]).junior)
                  if b is not None) <= 99}
    assert changed == expect


# -- scope, kinds, pass rules --------------------------------------------------------------

def _school(id: str, kind: str, **kw: Any) -> dict[str, Any]:
    seg = {"pupils": 400, "teachers_above_degree": 30, "backbone_teachers": 5,
           "pe_art_teachers": 5}
    d: dict[str, Any] = {"id": id, "name": id, "kind": kind, "teaching_area_m2": 3000.0,
                         "sports_area_m2": 5000.0, "equipment_value_yuan": 1.2e6,
                         "multimedia_classrooms": 12}
    if kind in ("primary", "nine_year", "teaching_point"):
        d["primary"] = dict(seg)
    if kind in ("junior", "nine_year", "senior_with_junior"):
        d["junior"] = dict(seg)
    d.update(kw)
    return d


def _county(*schools: dict[str, Any]) -> County:
    return County.model_validate({"name": "测试县", "year": 2024, "schools": list(schools)})


def test_scope_owner_codes_teaching_points_vocational() -> None:
    c = _county(_school("P1", "primary"), _school("P2", "primary", owner_code="821"),
                _school("T1", "teaching_point"), _school("V1", "vocational"),
                _school("J1", "junior"))
    base = evaluate_resources(c)
    assert [e.reason for e in base.exclusions] == ["vocational"]
    std = _derive({"scope": {"exclude_owner_codes": ["821"], "include_teaching_points": False}})
    r = evaluate_resources(c, std)
    assert {e.school_id: e.reason for e in r.exclusions} == {
        "P2": "owner", "T1": "teaching_point", "V1": "vocational"}


def test_senior_school_with_junior_classes_is_split_like_a_complete_middle_school() -> None:
    c = _county(_school("S1", "senior_with_junior", senior_pupils=600), _school("P1", "primary"))
    r = evaluate_resources(c)
    (sp,) = r.splits
    assert sp.weights == {"junior": 1.0, "senior": 1.2}
    assert sp.shares["junior"] == pytest.approx(400 / (400 + 1.2 * 600), rel=1e-15)


def test_branch_campus_of_one_stage_is_not_split() -> None:
    c = _county(_school("N1", "nine_year"),
                _school("N1B", "primary", campus_of="N1"), _school("J1", "junior"))
    r = evaluate_resources(c)
    assert [sp.school_id for sp in r.splits] == ["N1"]
    row = next(s for s in r.segment("primary").schools if s.school_id == "N1B")
    assert row.share == 1.0 and row.value("R4") == 3000.0 / 400


@pytest.mark.usefixtures("english")
def test_composite_only_pass_rule_without_per_school_rule() -> None:
    data = NATIONAL.model_dump(mode="json")
    data["id"] = "composite-only"
    data["school_rule"] = False
    for i in data["indicators"]:
        i["threshold"] = {}
        i["cv_limit"] = {}
    data["composite_cv_limit"] = {"primary": 0.65, "junior": 0.55}
    data["composite_indicators"] = ["R4", "R5"]
    std = Standard.from_dict(data)
    r = evaluate_resources(example_county(), std)
    base = evaluate_resources(example_county())
    for seg, b in zip(r.segments, base.segments, strict=True):
        assert all(i.cv_limit is None and i.passed and i.threshold is None
                   for i in seg.indicators)
        assert not seg.failing_schools
        assert seg.composite_cv == (b.indicator("R4").cv + b.indicator("R5").cv) / 2
        assert seg.cv_passed is (seg.composite_cv <= seg.composite_cv_limit)
    assert "综合差异系数" in r.summary()
    with pytest.raises(SpecError, match="evaluate_batch implements the 2017 form"):
        evaluate_batch(columns_from_counties([example_county()]), std)


@pytest.mark.usefixtures("english")
def test_no_pass_rule_at_all_is_refused() -> None:
    data = NATIONAL.model_dump(mode="json")
    for i in data["indicators"]:
        i["cv_limit"] = {}
    with pytest.raises(SpecError, match="nothing decides"):
        _build(data)


# -- the batch evaluation stays consistent -------------------------------------------------

def test_batch_matches_single_with_vocational_and_attached_class_schools() -> None:
    from qbalance.evaluate.batch import EXCLUSION_REASONS
    from tests.evaluate.test_batch import assert_county_matches

    c = _county(_school("P1", "primary"), _school("P2", "primary", teaching_area_m2=2000.0),
                _school("S1", "senior_with_junior", senior_pupils=600),
                _school("J1", "junior", sports_area_m2=9000.0), _school("V1", "vocational"))
    single = evaluate_resources(c)
    b = evaluate_batch(columns_from_counties([c]))
    assert_county_matches(b, 0, single)
    left_out = {c.schools[i].id: EXCLUSION_REASONS[r] for i, r in enumerate(b.exclusion) if r}
    assert left_out == {e.school_id: e.reason for e in single.exclusions} == {"V1": "vocational"}


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_a_derived_standard_that_changes_nothing_is_identical_on_synthetic_counties(
        seed: int) -> None:
    from qbalance.evaluate.county import evaluate_county
    from qbalance.synth import synthetic_counties

    same = NATIONAL.derive("same", {
        "quantities": PE, "indicators": {i.code: {"numerator": i.source} for i in
                                         NATIONAL.indicators}})
    assert same.extended_features() == ()
    (county,) = synthetic_counties(1, schools_per_county=25, seed=seed)
    a, b = evaluate_resources(county, NATIONAL), evaluate_resources(county, same)
    assert a.segments == b.segments and a.exclusions == b.exclusions
    ca, cb = evaluate_county(county, NATIONAL), evaluate_county(county, same)
    assert ca.checks == cb.checks


@pytest.mark.usefixtures("english")
def test_relaxations_are_looser_and_refused_by_stricter_only() -> None:
    guide = load_standard("national-2019-guideline")
    diffs = {d.path: d.stricter for d in compare_standards(NATIONAL, guide)}
    assert diffs == {"indicators.R3.added_terms": False, "indicators.R5.added_terms": False,
                     "guarantee.room_rules": False, "guarantee.size_rules": False}
    with pytest.raises(SpecError, match="relaxes 'national-2017': guarantee.room_rules"):
        NATIONAL.derive("plan", {"guarantee": {"room_rules": [
            {"when": "year_built <= 2016", "count_only": True}]}}, stricter_only=True)
    back = {d.path: d.stricter for d in compare_standards(guide, NATIONAL)}
    assert set(back.values()) == {True}


def test_an_invalid_derived_standard_is_named_in_the_session_language() -> None:
    from qbalance import SpecError, load_standard

    with pytest.raises(SpecError) as exc:
        load_standard().derive("bad", {"indicators": {"R4": {"cv_limit": {"primary": 0}}}})
    zh, en = exc.value.render("zh"), exc.value.render("en")
    assert zh.startswith("派生标准 “bad”中有 1 处问题") and "derived" not in zh
    assert en.startswith("1 problem(s) in derived standard 'bad'") and "派生" not in en
