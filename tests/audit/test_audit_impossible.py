"""Impossible or degenerate claims: never a ZeroDivisionError, never "ok" (issue 12)."""

from __future__ import annotations

from typing import Any

import pytest

from qbalance import Claim, ClaimSet, DataValidationError, audit
from qbalance.audit.checks import ClaimAudit

BASE = {"section": "s", "name_zh": "测试"}


def one(claim: dict[str, Any]) -> ClaimAudit:
    return audit(ClaimSet(county="测试县", report="r",
                          claims=(Claim(**{**BASE, **claim}),))).audits[0]


def test_shares_of_a_total_of_zero_is_a_validation_error() -> None:
    with pytest.raises(DataValidationError, match="total") as err:
        Claim(**BASE, id="g", kind="shares", total=0,
              parts=[{"label": "a", "value": "50%"}])
    assert err.value.problems[0].location == "g"


@pytest.mark.parametrize("population", [0, "0", -5])
def test_survey_of_a_population_of_zero_is_a_validation_error(population: Any) -> None:
    with pytest.raises(DataValidationError, match="population"):
        Claim(**BASE, id="s", kind="survey", sample=100, population=population)


def test_survey_sample_larger_than_population_is_an_error_finding() -> None:
    a = one({"id": "s", "kind": "survey", "sample": 5000, "population": 3000,
             "rule": "survey.sample_per_mille_min", "verdict": "达标"})
    assert ("error", "sample_over_population") in [(f.severity.value, f.code)
                                                   for f in a.findings]
    assert a.status != "ok"


def test_share_over_the_whole_is_an_error_finding() -> None:
    a = one({"id": "g", "kind": "shares", "total": 200,
             "parts": [{"label": "a", "value": "120%"}]})
    assert ("error", "share_over_whole") in [(f.severity.value, f.code) for f in a.findings]
    fine = one({"id": "g", "kind": "shares", "total": 200,
                "parts": [{"label": "a", "value": "100%"}]})
    assert "share_over_whole" not in [f.code for f in fine.findings]


# -- evaluation entry points given impossible arguments ---------------------------------
def test_unknown_segment_is_a_data_error() -> None:
    import qbalance

    with pytest.raises(qbalance.DataError, match="senior"):
        qbalance.evaluate_resources(qbalance.example_county(), segments=["senior"])
    with pytest.raises(qbalance.DataError, match="senior"):
        qbalance.evaluate_batch({"county": [1]}, segments=["senior"])


@pytest.mark.parametrize("missing", [float("nan"), None, "", "nan"])
def test_batch_row_without_county_key_is_refused(missing: Any) -> None:
    import qbalance
    from qbalance import KIND_CODES, SchoolKind

    p = KIND_CODES[SchoolKind.PRIMARY]
    cols: dict[str, Any] = {
        "county": ["a" if isinstance(missing, str) or missing is None else 1.0, missing],
        "kind": [p, p], "primary_pupils": [600, 400], "junior_pupils": [0, 0],
        "primary_teachers_above_degree": [40, 20], "primary_backbone_teachers": [8, 5],
        "primary_pe_art_teachers": [7, 4], "junior_teachers_above_degree": [0, 0],
        "junior_backbone_teachers": [0, 0], "junior_pe_art_teachers": [0, 0],
        "teaching_area_m2": [3300, 2000], "sports_area_m2": [5000, 3400],
        "equipment_value_yuan": [1.5e6, 9e5], "multimedia_classrooms": [16, 10]}
    with pytest.raises(qbalance.DataError, match="缺少键值") as err:
        qbalance.evaluate_batch(cols)
    assert err.value.field == "county"


def test_planner_refuses_an_unknown_segment() -> None:
    import qbalance

    costs = {"teaching_area_m2": 3000.0, "sports_area_m2": 300.0,
             "equipment_value_yuan": 1.0, "multimedia_classrooms": 30000.0,
             "teachers_above_degree": 100000.0, "backbone_teachers": 100000.0,
             "pe_art_teachers": 100000.0}
    with pytest.raises(qbalance.DataError, match="senior"):
        qbalance.gap_plan(qbalance.example_county(), costs, segments=["senior"])
