"""Unit slips and impossible values in the county's facts and schools (issue 12):
caught with the likely slip named, on the right field; never "met"."""

from __future__ import annotations

from typing import Any

import pytest

import qbalance
from qbalance import DataError, DataValidationError, UnitError, evaluate_county, evaluate_resources
from qbalance.models import TeacherPayFacts, TrainingBudgetFacts


def county_with(path: str, value: Any) -> qbalance.County:
    d = qbalance.example_county().model_dump(mode="json", exclude_none=True)
    node = d
    *head, last = path.split(".")
    for k in head:
        node = node.setdefault(k, {})
    node[last] = value
    return qbalance.County.from_dict(d)


def only_problem(exc: DataValidationError) -> Any:
    (p,) = exc.problems
    return p


@pytest.mark.parametrize(("teacher", "civil", "field", "word"), [
    (9.8, 98000.0, "teacher_avg_yuan", "万元"),
    (98000.0, 9.6, "civil_servant_avg_yuan", "万元"),
    (8100.0, 98000.0, "teacher_avg_yuan", "月工资"),
    (98000.0, 8000.0, "civil_servant_avg_yuan", "月工资"),
    (9.8, 9.6, "teacher_avg_yuan", "万元"),
])
def test_teacher_pay_unit_slips(teacher: float, civil: float, field: str, word: str) -> None:
    with pytest.raises(DataValidationError) as err:
        TeacherPayFacts(teacher_avg_yuan=teacher, civil_servant_avg_yuan=civil)
    p = err.value.problems[0]
    assert p.field == field and word in p.message


def test_teacher_pay_on_the_same_basis_is_fine() -> None:
    assert TeacherPayFacts(teacher_avg_yuan=98000, civil_servant_avg_yuan=96000)
    assert TeacherPayFacts(teacher_avg_yuan=8100, civil_servant_avg_yuan=8000)


def test_teacher_pay_slip_names_the_field_through_the_county() -> None:
    with pytest.raises(DataValidationError) as err:
        county_with("guarantee.teacher_pay",
                    {"teacher_avg_yuan": 9.8, "civil_servant_avg_yuan": 98000.0})
    assert only_problem(err.value).field == "guarantee.teacher_pay.teacher_avg_yuan"


def test_training_budget_in_wan_yuan() -> None:
    # 50 万元 of training against 1 000 万元 of public funds written in 元: 0.0005 %
    with pytest.raises(DataValidationError, match="万元") as err:
        TrainingBudgetFacts(public_funds_yuan=10_000_000, training_yuan=50)
    assert err.value.problems[0].field == "training_yuan"
    with pytest.raises(DataValidationError, match="公用经费是否以万元填写"):
        TrainingBudgetFacts(public_funds_yuan=1000, training_yuan=500_000)
    assert TrainingBudgetFacts(public_funds_yuan=10_000_000, training_yuan=500_000)


def test_consolidation_above_100_percent_is_an_error_not_met() -> None:
    c = county_with("quality.consolidation", {"graduates": 2700, "entrants": 2642,
                                              "transferred_in": 87, "transferred_out": 40})
    with pytest.raises(DataError, match="超过 100%") as err:
        evaluate_county(c)
    assert err.value.field == "quality.consolidation.graduates"


def test_consolidation_cohort_not_positive() -> None:
    with pytest.raises(DataValidationError, match="不大于 0"):
        county_with("quality.consolidation", {"graduates": 10, "entrants": 5,
                                              "transferred_out": 5})


def test_sample_larger_than_population_hints_wan_ren() -> None:
    with pytest.raises(DataValidationError, match="万人") as err:
        county_with("survey", {"resident_population": 26, "respondents": 782, "parents": 391,
                               "satisfaction": 0.96})
    assert only_problem(err.value).field == "survey.respondents"


def test_sports_area_in_mu_is_a_unit_error() -> None:
    d = qbalance.example_county().model_dump(mode="json", exclude_none=True)
    s = d["schools"][0]
    s["sports_area_m2"] = round(s["sports_area_m2"] / 666.67, 1)
    with pytest.raises(UnitError, match="亩") as err:
        evaluate_resources(qbalance.County.from_dict(d))
    assert err.value.field == "sports_area_m2" and "P01" in str(err.value.school)


def test_implausible_pupils_blame_the_pupils_not_an_area() -> None:
    d = qbalance.example_county().model_dump(mode="json", exclude_none=True)
    d["schools"][0]["primary"]["pupils"] = 10**12
    with pytest.raises(DataError) as err:
        evaluate_resources(qbalance.County.from_dict(d))
    assert err.value.field == "primary.pupils" and "在校生数" in str(err.value)
    assert not isinstance(err.value, UnitError)


def test_wan_yuan_hint_only_for_money() -> None:
    d = qbalance.example_county().model_dump(mode="json", exclude_none=True)
    d["schools"][0]["primary"]["pupils"] = 18_600  # ten times: areas per pupil too small
    d["schools"][0]["teaching_area_m2"] = 1.0
    with pytest.raises(DataError) as err:
        evaluate_resources(qbalance.County.from_dict(d))
    assert "万元" not in str(err.value)
    d = qbalance.example_county().model_dump(mode="json", exclude_none=True)
    d["schools"][0]["equipment_value_yuan"] = 449.3  # 万元
    with pytest.raises(UnitError, match="万元"):
        evaluate_resources(qbalance.County.from_dict(d))
