"""Batch evaluation equals the single-county evaluation, county by county."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qbalance import (
    KIND_CODES,
    BatchEvaluation,
    DataError,
    EmptySegmentError,
    ResourceEvaluation,
    SchoolKind,
    Standard,
    UnitError,
    columns_from_counties,
    counties_from_columns,
    evaluate_batch,
    evaluate_resources,
    example_county,
    load_standard,
)
from qbalance.synth import synthetic_columns, synthetic_counties

RTOL = 1e-12


def assert_county_matches(b: BatchEvaluation, g: int, ev: ResourceEvaluation) -> None:
    """Every figure of county ``g`` of the batch equals the single-county evaluation."""
    if len(ev.segments) == len(b.segments):
        assert b.passed[g] == ev.passed
    for seg_res in ev.segments:
        s = b.segments.index(seg_res.segment)
        assert b.status[g, s] == ("zero_mean" if any(i.cv_undefined_en for i in seg_res.indicators)
                                  else "ok")
        ind = seg_res.indicators
        np.testing.assert_allclose(b.mean[g, s], [i.mean for i in ind], rtol=RTOL, atol=0)
        np.testing.assert_allclose(b.std[g, s], [i.std for i in ind], rtol=RTOL, atol=0)
        np.testing.assert_allclose(b.cv[g, s], [i.cv for i in ind], rtol=RTOL, atol=0)
        np.testing.assert_allclose(b.composite_cv[g, s], seg_res.composite_cv, rtol=RTOL)
        assert b.cv_passed[g, s].tolist() == [i.passed for i in ind]
        assert b.schools_met[g, s].tolist() == [i.schools_met for i in ind]
        assert b.n_schools[g, s] == len(seg_res.schools)
        assert b.pupils[g, s] == seg_res.pupils
        assert b.n_failing[g, s] == len(seg_res.failing_schools)
        assert bool(b.segment_passed[g, s]) == seg_res.passed
        assert bool(b.composite_cv_passed[g, s] & b.cv_passed[g, s].all()) == seg_res.cv_passed
        sel = np.flatnonzero((b.school_group == g) & (b.school_segment == s))
        assert len(sel) == len(seg_res.schools)
        if b.school_ids is not None:
            assert [str(v) for v in b.school_ids[b.school_row[sel]]] == [
                r.school_id for r in seg_res.schools]
        np.testing.assert_allclose(b.school_values[sel], [r.values for r in seg_res.schools],
                                   rtol=RTOL, atol=0)
        np.testing.assert_allclose(b.school_share[sel], [r.share for r in seg_res.schools],
                                   rtol=RTOL, atol=0)
        assert b.school_met[sel].tolist() == [list(r.met) for r in seg_res.schools]
        assert b.school_below_floor[sel].tolist() == [list(r.below_floor)
                                                      for r in seg_res.schools]
        assert b.school_passed[sel].tolist() == [r.passed for r in seg_res.schools]


def test_example_county_matches_single_evaluation() -> None:
    county = example_county()
    b = evaluate_batch(columns_from_counties([county]), year="year")
    ev = evaluate_resources(county)
    assert b.county.tolist() == [county.name] and b.year is not None
    assert b.year.tolist() == [county.year]
    assert_county_matches(b, 0, ev)
    # the same schools are left out, for the same reasons
    reasons = [b.exclusion[i] for i in range(len(county.schools))]
    left_out = {county.schools[i].id: r for i, r in enumerate(reasons) if r}
    want = {e.school_id: e.reason for e in ev.exclusions}
    from qbalance.evaluate.batch import EXCLUSION_REASONS
    assert {k: EXCLUSION_REASONS[v] for k, v in left_out.items()} == want
    assert not b.problems


def test_synthetic_counties_match_single_evaluation() -> None:
    counties = synthetic_counties(6, schools_per_county=60, seed=11)
    b = evaluate_batch(columns_from_counties(counties))
    assert b.county.tolist() == sorted(c.name for c in counties)
    for c in counties:
        assert_county_matches(b, b.index(c.name), evaluate_resources(c))


def _custom_standard() -> Standard:
    return load_standard().derive(
        "test-strict",
        {"scope": {"teaching_point_min_pupils": 80, "include_private": False},
         "split": {"nine_year": {"primary": 1.0, "junior": 1.3}},
         "school_rule": {"min_met": 5},
         "composite_cv_limit": {"primary": 0.30, "junior": 0.28},
         "indicators": {"R4": {"threshold": {"primary": 6.0}, "floor_fraction": 0.9}}})


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31 - 1), n_counties=st.integers(1, 6),
       per_county=st.integers(8, 60), shuffle=st.booleans(), string_keys=st.booleans(),
       custom=st.booleans())
def test_random_data_matches_single_evaluation(
    seed: int, n_counties: int, per_county: int, shuffle: bool, string_keys: bool,
    custom: bool,
) -> None:
    cols = synthetic_columns(n_counties * per_county, n_counties=n_counties, seed=seed,
                             string_keys=string_keys)
    if shuffle:  # rows not grouped by county: the unsorted path
        order = np.random.default_rng(seed).permutation(len(cols["county"]))
        cols = {k: v[order] for k, v in cols.items()}
    std = _custom_standard() if custom else load_standard()
    b = evaluate_batch(cols, std)
    counties = counties_from_columns(cols)
    assert len(counties) == len(b.county)
    for c in counties:
        g = b.index(type(b.county[0])(c.name) if not string_keys else c.name)
        try:
            ev = evaluate_resources(c, std)
        except EmptySegmentError:
            assert "empty" in b.status[g].tolist()
            continue
        assert_county_matches(b, g, ev)


def _two_county_cols() -> dict[str, Any]:
    return synthetic_columns(120, n_counties=3, seed=5)


def test_empty_segment_gives_status_not_exception() -> None:
    cols = _two_county_cols()
    keys = np.unique(cols["county"])
    # county 0's junior sections all belong to private schools, which this standard
    # leaves out: its junior segment has no school in scope
    std = load_standard().derive("no-private", {"scope": {"include_private": False}})
    in0 = cols["county"] == keys[0]
    cols["private"] = np.where(in0 & (cols["junior_pupils"] > 0), True,
                               cols["private"] & ~in0)
    b = evaluate_batch(cols, std)
    g = b.index(keys[0])
    assert b.status[g].tolist() == ["ok", "empty"]
    assert not b.passed[g]
    assert np.isnan(b.cv[g, 1]).all() and b.n_schools[g, 1] == 0
    assert np.isfinite(b.cv[g, 0]).all()
    (p,) = [p for p in b.problems if p.county == keys[0]]
    assert p.status == "empty" and p.segment is not None and p.segment.value == "junior"
    assert "no school in scope" in p.message
    # the other counties are evaluated as if alone
    clean = evaluate_batch({k: v[~in0] for k, v in cols.items()}, std)
    for k in keys[1:]:
        np.testing.assert_array_equal(b.cv[b.index(k)], clean.cv[clean.index(k)])
    # the single-county evaluation raises for that county
    (c0,) = [c for c in counties_from_columns(cols) if c.name == str(keys[0])]
    with pytest.raises(EmptySegmentError):
        evaluate_resources(c0, std)
    assert_county_matches(b, g, evaluate_resources(c0, std, segments=["primary"]))


def test_county_without_rows_in_one_segment_and_zero_mean() -> None:
    P, J = KIND_CODES[SchoolKind.PRIMARY], KIND_CODES[SchoolKind.JUNIOR]
    cols: dict[str, Any] = {
        "county": np.array([1, 1, 2, 2]),
        "kind": np.array([P, J, P, P]),
        "primary_pupils": np.array([500.0, 0, 400, 300]),
        "junior_pupils": np.array([0.0, 800, 0, 0]),
        "primary_teachers_above_degree": np.array([30.0, 0, 25, 20]),
        "primary_backbone_teachers": np.array([0.0, 0, 4, 3]),   # county 1: zero mean
        "primary_pe_art_teachers": np.array([5.0, 0, 4, 3]),
        "junior_teachers_above_degree": np.array([0.0, 50, 0, 0]),
        "junior_backbone_teachers": np.array([0.0, 10, 0, 0]),
        "junior_pe_art_teachers": np.array([0.0, 8, 0, 0]),
        "teaching_area_m2": np.array([2500.0, 5000, 2000, 1500]),
        "sports_area_m2": np.array([4000.0, 9000, 3200, 2500]),
        "equipment_value_yuan": np.array([1.1e6, 2.2e6, 9e5, 7e5]),
        "multimedia_classrooms": np.array([12.0, 20, 10, 8]),
    }
    b = evaluate_batch(cols)
    assert b.status.tolist() == [["zero_mean", "ok"], ["ok", "empty"]]
    assert b.county_status.tolist() == ["zero_mean", "empty"]
    assert not b.passed.any()
    # a zero-mean segment is evaluated: only the all-zero indicator (R2) has no CV, and fails
    assert np.isfinite(b.cv[0, 1]).all()
    assert np.isnan(b.cv[0, 0]).tolist() == [False, True, False, False, False, False, False]
    assert b.cv_passed[0, 0].tolist()[1] is False and b.mean[0, 0, 1] == 0.0
    assert np.isfinite(b.cv[1, 0]).all()
    assert {(p.county, p.status) for p in b.problems} == {(1, "zero_mean"), (2, "empty")}
    (zm,) = [p for p in b.problems if p.status == "zero_mean"]
    assert "R2" in zm.message and zm.field == "backbone_teachers"
    # the single-county evaluation gives the same verdict instead of raising
    c1 = counties_from_columns({k: v[:2] for k, v in cols.items()})[0]
    ev = evaluate_resources(c1)
    r2 = ev.segment("primary").indicator("R2")
    assert math.isnan(r2.cv) and not r2.passed and "undefined" in r2.cv_undefined_en
    assert "无定义" in r2.cv_undefined_zh and "无定义" in ev.summary("zh")
    # one zero-mean wording: the batch's problem says what the single evaluation says
    assert zm.message == f"segment primary (小学) indicator R2: {r2.cv_undefined_en}"
    assert not ev.passed and bool(b.passed[0]) is False
    assert b.cv_passed[0, 0].tolist() == [i.passed for i in ev.segment("primary").indicators]


@pytest.mark.parametrize("column, value, cls_hint", [
    ("primary_pupils", -5.0, "whole number"),
    ("equipment_value_yuan", float("nan"), "finite"),
    ("junior_backbone_teachers", 2.5, "whole number"),
    ("kind", 99, "unknown school kind"),
    ("senior_pupils", 300.0, "do not match its kind"),
    ("equipment_value_yuan", None, "万元"),  # given in 万元: 10 000 x too small
])
def test_bad_county_is_isolated(column: str, value: float | None, cls_hint: str) -> None:
    cols = synthetic_columns(300, n_counties=4, seed=8)
    keys = np.unique(cols["county"])
    bad_key = keys[2]
    rows = np.flatnonzero(cols["county"] == bad_key)
    # a primary school of that county
    prim = rows[cols["kind"][rows] == KIND_CODES[SchoolKind.PRIMARY]][0]
    cols = {k: v.copy() for k, v in cols.items()}
    cols[column] = cols[column].astype(np.float64) if column != "kind" else cols[column]
    cols[column][prim] = cols[column][prim] / 10_000 if value is None else value
    b = evaluate_batch(cols)
    g = b.index(bad_key)
    assert b.status[g].tolist() == ["invalid", "invalid"]
    assert not b.passed[g] and np.isnan(b.cv[g]).all()
    (p,) = [p for p in b.problems if p.status == "invalid"]
    assert p.county == bad_key and p.school == str(cols["school_id"][prim])
    assert cls_hint in p.message, p.message
    # every other county is evaluated exactly as without the bad one
    keep = cols["county"] != bad_key
    clean = evaluate_batch({k: v[keep] for k, v in cols.items()})
    for k in keys:
        if k == bad_key:
            continue
        g2, gc = b.index(k), clean.index(k)
        np.testing.assert_array_equal(b.cv[g2], clean.cv[gc])
        np.testing.assert_array_equal(b.status[g2], clean.status[gc])
    if cls_hint == "万元":
        (c,) = [c for c in counties_from_columns(cols) if c.name == str(bad_key)]
        with pytest.raises(UnitError):
            evaluate_resources(c)


def test_years_and_dataframe_input() -> None:
    pd = pytest.importorskip("pandas")
    cols = synthetic_columns(400, n_counties=5, seed=2, years=(2024, 2025))
    b = evaluate_batch(cols, year="year")
    assert len(b.county) == 10 and b.year is not None
    assert sorted(set(b.year.tolist())) == [2024, 2025]
    df = pd.DataFrame(cols)
    b2 = evaluate_batch(df, year="year")
    np.testing.assert_array_equal(b.cv, b2.cv)
    frame = b2.to_frame(lang="en")
    assert len(frame) == 20 and {"county", "year", "segment", "cv_R6", "passed"} <= set(frame)
    np.testing.assert_array_equal(frame["cv_R6"].to_numpy(), b.cv[:, :, 5].reshape(-1))
    schools = b2.schools_frame()
    assert len(schools) == len(b2.school_row) and "school_id" in schools
    # a year's group equals that year evaluated alone
    y25 = cols["year"] == 2025
    alone = evaluate_batch({k: v[y25] for k, v in cols.items()})
    for i, key in enumerate(alone.county):
        np.testing.assert_allclose(b.cv[b.index(key, 2025)], alone.cv[i], rtol=RTOL)


def test_kind_as_strings() -> None:
    cols = synthetic_columns(200, n_counties=2, seed=4)
    b = evaluate_batch(cols)
    names = np.array([k.value for k in SchoolKind])[cols["kind"]]
    b2 = evaluate_batch({**cols, "kind": names})
    np.testing.assert_array_equal(b.cv, b2.cv)


def test_missing_column_is_a_table_error() -> None:
    cols = synthetic_columns(50, n_counties=1, seed=1)
    del cols["sports_area_m2"]
    with pytest.raises(DataError, match="sports_area_m2"):
        evaluate_batch(cols)
    with pytest.raises(DataError, match="county"):
        evaluate_batch({"kind": [0]})


@pytest.mark.usefixtures("english")
def test_threads_give_identical_results() -> None:
    cols = synthetic_columns(3_000, n_counties=40, seed=9)
    one = evaluate_batch(cols, workers=1)
    for w in (2, 3, 7):
        other = evaluate_batch(cols, workers=w)
        for name in ("mean", "std", "cv", "composite_cv", "school_values"):
            np.testing.assert_array_equal(getattr(one, name), getattr(other, name))
        for name in ("school_met", "school_below_floor", "school_passed", "segment_passed",
                     "schools_met", "n_failing", "status"):
            np.testing.assert_array_equal(getattr(one, name), getattr(other, name))
    with pytest.raises(DataError, match="workers"):
        evaluate_batch(cols, workers=0)


def test_empty_table() -> None:
    cols = {k: v[:0] for k, v in synthetic_columns(10, n_counties=1, seed=1).items()}
    b = evaluate_batch(cols)
    assert b.status.shape == (0, 2) and b.cv.shape == (0, 2, 7) and not b.problems


def test_row_order_does_not_matter() -> None:
    cols = synthetic_columns(1_500, n_counties=12, seed=21, years=(2023, 2024, 2025))
    b = evaluate_batch(cols, year="year")
    order = np.random.default_rng(0).permutation(len(cols["county"]))
    shuffled = evaluate_batch({k: v[order] for k, v in cols.items()}, year="year")
    np.testing.assert_array_equal(b.county, shuffled.county)
    np.testing.assert_array_equal(b.year, shuffled.year)
    np.testing.assert_allclose(b.cv, shuffled.cv, rtol=RTOL, atol=0)
    np.testing.assert_array_equal(b.segment_passed, shuffled.segment_passed)
    np.testing.assert_array_equal(b.n_failing, shuffled.n_failing)
    # per school: the same rows, each county's schools in input order
    key = np.lexsort((b.school_segment, b.school_row))
    key2 = np.lexsort((shuffled.school_segment, order[shuffled.school_row]))
    np.testing.assert_array_equal(b.school_values[key], shuffled.school_values[key2])
    np.testing.assert_array_equal(b.school_passed[key], shuffled.school_passed[key2])


def test_one_segment_only() -> None:
    cols = synthetic_columns(800, n_counties=9, seed=13)
    both = evaluate_batch(cols)
    junior = evaluate_batch(cols, segments=["junior"])
    assert junior.segments == (both.segments[1],)
    np.testing.assert_array_equal(junior.cv[:, 0], both.cv[:, 1])
    np.testing.assert_array_equal(junior.segment_passed[:, 0], both.segment_passed[:, 1])
    np.testing.assert_array_equal(junior.passed, both.segment_passed[:, 1])
    sel = both.school_segment == 1
    np.testing.assert_array_equal(junior.school_row, both.school_row[sel])
    np.testing.assert_array_equal(junior.school_passed, both.school_passed[sel])


# -- ties are decided exactly, and identically by the batch and the single county ------

NATIONAL = load_standard()
PLAN = load_standard("x-county-plan-2026")  # composite limits 0.35 primary / 0.32 junior
# (lo, hi) pairs whose two equal-pupil schools have a CV of exactly the limit:
# CV = (hi - lo) / (hi + lo); 1 : 3 -> 0.5, 11 : 29 -> 0.45, 13 : 27 -> 0.35, 17 : 33 -> 0.32
PAIRS = {"primary": [(1, 3), (13, 27)], "junior": [(11, 29), (17, 33)]}


def _school(sid: str, segment: str, pupils: int, lo: int, *, area: float | None = None
            ) -> dict[str, Any]:
    """A school whose every per-pupil value is proportional to ``lo`` (pupils a multiple of 100)."""
    t = lo * pupils // 100
    return {"id": sid, "name": sid, "kind": segment,
            segment: {"pupils": pupils, "teachers_above_degree": t, "backbone_teachers": t,
                      "pe_art_teachers": t},
            "teaching_area_m2": area if area is not None else 1.5 * lo * pupils,
            "sports_area_m2": 2.5 * lo * pupils, "equipment_value_yuan": 700.0 * lo * pupils,
            "multimedia_classrooms": t}


@st.composite
def tie_counties(draw: st.DrawFn) -> list[Any]:
    """Counties built on exact ties: CVs at their limits, values at their standards."""
    out = []
    for c in range(draw(st.integers(1, 4))):
        schools: list[dict[str, Any]] = []
        segments = draw(st.sampled_from([["primary"], ["junior"], ["primary", "junior"]]))
        for segment in segments:
            lo, hi = draw(st.sampled_from(PAIRS[segment]))
            m = draw(st.integers(1, 6))
            copies = draw(st.integers(1, 3))
            pupils = 100 * m
            for i in range(copies):
                schools.append(_school(f"{segment[0]}{c}{i}a", segment, pupils, lo))
                schools.append(_school(f"{segment[0]}{c}{i}b", segment, pupils, hi))
            if draw(st.booleans()):
                # one more school exactly at (or a hair off) the R4 standard
                thr = {"primary": 4.5, "junior": 5.8}[segment]
                eps = draw(st.sampled_from([0.0, 1e-10, -1e-10]))
                schools.append(_school(f"{segment[0]}{c}x", segment, 100, 5,
                                       area=thr * 100 + eps))
        if draw(st.booleans()):
            # a nine-year school whose split junior value is exactly 5.8 (11 A / (10 Pp + 11 Pj))
            pp, pj, a = draw(st.sampled_from([(110, 130, 1334), (110, 155, 1479),
                                              (121, 135, 1421)]))
            schools.append({"id": f"n{c}", "name": f"n{c}", "kind": "nine_year",
                            "primary": {"pupils": pp, "teachers_above_degree": 6,
                                        "backbone_teachers": 2, "pe_art_teachers": 1},
                            "junior": {"pupils": pj, "teachers_above_degree": 7,
                                       "backbone_teachers": 2, "pe_art_teachers": 2},
                            "teaching_area_m2": float(a), "sports_area_m2": 3000.0,
                            "equipment_value_yuan": 800000.0, "multimedia_classrooms": 8})
            segments = ["primary", "junior"]
        out.append(qbalance_county(f"C{c}", segments, schools))
    return out


def qbalance_county(name: str, segments: list[str], schools: list[dict[str, Any]]) -> Any:
    from qbalance import County
    return County(name=name, year=2025, segments=segments, schools=schools, constructed=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counties=tie_counties(), plan=st.booleans(), shuffle=st.booleans())
def test_ties_batch_equals_single_county(counties: list[Any], plan: bool, shuffle: bool
                                         ) -> None:
    std = PLAN if plan else NATIONAL
    cols = columns_from_counties(counties)
    if shuffle:  # rows not grouped by county; the counties then list schools in row order
        order = np.random.default_rng(len(cols["county"])).permutation(len(cols["county"]))
        cols = {k: v[order] for k, v in cols.items()}
        counties = counties_from_columns(cols)
    b = evaluate_batch(cols, std)
    for c in counties:
        g = b.index(c.name)
        ev = evaluate_resources(c, std)
        assert_county_matches(b, g, ev)
        assert bool(b.passed[g]) == ev.passed
        for sr in ev.segments:
            s = b.segments.index(sr.segment)
            assert bool(b.composite_cv_passed[g, s]) == (sr.composite_cv_passed in (None, True))
            only_pairs = all(r.school_id[-1] in "ab" for r in sr.schools)
            if only_pairs:
                # every CV is exactly its pair's limit or below the national one: all pass
                assert all(i.passed for i in sr.indicators)


# -- tiles of whole county segments and blocks of the column checks: the same result ------

@pytest.mark.parametrize("with_year", [False, True])
@pytest.mark.parametrize("workers", [1, 2])
def test_tiled_evaluation_equals_one_tile(monkeypatch: pytest.MonkeyPatch, with_year: bool,
                                          workers: int) -> None:
    import attrs

    import qbalance.evaluate.batch as batch_module
    years = (2024, 2025) if with_year else (2025,)
    cols = synthetic_columns(1200, n_counties=25, seed=12, years=years)
    cols["primary_pupils"] = cols["primary_pupils"].copy()
    cols["primary_pupils"][700] = -2.0  # an invalid county in a later tile
    cols["junior_backbone_teachers"] = cols["junior_backbone_teachers"].copy()
    cols["junior_backbone_teachers"][1100] = 2.5  # a fractional count in a later block
    no_ids = {k: v for k, v in cols.items() if k != "school_id"}
    kw: dict[str, Any] = {"year": "year"} if with_year else {}
    monkeypatch.setattr(batch_module, "_TILE", 10 ** 9)
    monkeypatch.setattr(batch_module, "_CHECK_BLOCK", 10 ** 9)
    whole = evaluate_batch(cols, **kw)
    whole_rows = evaluate_batch(no_ids, **kw)
    monkeypatch.setattr(batch_module, "_TILE", 300)
    monkeypatch.setattr(batch_module, "_CHECK_BLOCK", 256)
    parts = evaluate_batch(cols, workers=workers, **kw)
    parts_rows = evaluate_batch(no_ids, workers=workers, **kw)
    for a, b in ((whole, parts), (whole_rows, parts_rows)):
        for f in attrs.fields(BatchEvaluation):
            x, y = getattr(a, f.name), getattr(b, f.name)
            if isinstance(x, np.ndarray):
                np.testing.assert_array_equal(x, y, err_msg=f.name)
            else:
                assert x == y, f.name
    assert any("row 700" in p.message for p in parts_rows.problems)
    assert any("junior_backbone_teachers" in p.message for p in parts_rows.problems)


def test_sorted_county_year_table_equals_the_shuffled_one() -> None:
    cols = synthetic_columns(900, n_counties=12, seed=13, years=(2023, 2024, 2025))
    fast = evaluate_batch(cols, year="year")  # sorted by county, then year: no factorising
    order = np.random.default_rng(1).permutation(len(cols["county"]))
    slow = evaluate_batch({k: v[order] for k, v in cols.items()}, year="year")
    assert fast.county.tolist() == slow.county.tolist()
    assert fast.year is not None and slow.year is not None
    assert fast.year.tolist() == slow.year.tolist() and len(set(fast.year.tolist())) == 3
    np.testing.assert_allclose(fast.cv, slow.cv, rtol=1e-12)
    assert fast.passed.tolist() == slow.passed.tolist()
