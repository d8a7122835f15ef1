"""One result protocol (issue 13, item 2): every result has to_dict / to_json(indent=) /
to_frame(lang=) / summary(lang=) / __str__ / _repr_html_, Chinese by default; the
saved types are an explicit registry and load back equal."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest

import qbalance
from qbalance._result import ResultProtocol
from qbalance.evaluate.sensitivity import SegmentSensitivity
from qbalance.io.results import RESULT_TYPES, from_envelope, envelope, result_classes
from qbalance.synth import synthetic_columns

COSTS = dict(teaching_area_m2=3000, sports_area_m2=400, equipment_value_yuan=1.0,
             multimedia_classrooms=60_000, teachers_above_degree=150_000,
             backbone_teachers=50_000, pe_art_teachers=150_000)


def _results() -> dict[str, Any]:
    county = qbalance.example_county()
    sens = qbalance.sensitivity(county)
    from qbalance.evaluate.scenario import move_pupils

    projected = move_pupils(county, [("P05", "P02", 300), ("P06", "P02", 200)])
    from qbalance.plan import naive_plan

    return {
        "ResourceEvaluation": qbalance.evaluate_resources(county),
        "CountyEvaluation": qbalance.evaluate_county(county),
        "BatchEvaluation": qbalance.evaluate_batch(
            synthetic_columns(2000, n_counties=5, seed=3)),
        "AuditReport": qbalance.audit("midu"),
        "GapPlan": naive_plan(county, COSTS),
        "ScenarioComparison": qbalance.compare_scenarios(county, projected),
        "Sensitivity": sens,
        "SegmentSensitivity": sens.segments[0],
    }


RESULTS = _results()


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_every_result_has_the_protocol(name: str) -> None:
    result = RESULTS[name]
    assert isinstance(result, ResultProtocol), name
    data = result.to_dict()
    assert isinstance(data, dict) and data
    assert json.loads(result.to_json()) == json.loads(json.dumps(data, ensure_ascii=False))
    assert "\n" not in result.to_json(indent=None)
    assert result.to_json(indent=4).startswith("{\n    ")
    assert result.summary() == result.summary("zh")
    assert result.summary() in str(result)  # the printed form leads with the summary
    assert result.summary("en") != result.summary("zh") or name == "SegmentSensitivity"
    html = result._repr_html_()
    assert html.startswith("<") and len(html) > 20


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_the_defaults_are_the_same_everywhere(name: str) -> None:
    cls = type(RESULTS[name])
    summary = inspect.signature(cls.summary).parameters["lang"]
    assert summary.default == "zh", f"{name}.summary"
    to_json = inspect.signature(cls.to_json).parameters["indent"]
    assert to_json.default == 2 and to_json.kind is inspect.Parameter.KEYWORD_ONLY
    lang = inspect.signature(cls.to_frame).parameters["lang"]
    assert lang.default in ("zh", None), f"{name}.to_frame"


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_every_result_converts_to_a_frame(name: str) -> None:
    pytest.importorskip("pandas", reason="needs the pandas extra")
    frame = RESULTS[name].to_frame(lang="en")
    assert len(frame) >= 1


def test_a_frame_in_one_language_keeps_that_languages_texts() -> None:
    pytest.importorskip("pandas", reason="needs the pandas extra")
    result = RESULTS["ResourceEvaluation"]
    both = result.to_frame()
    zh = result.to_frame(lang="zh")
    en = result.to_frame(lang="en")
    assert {"name_zh", "name_en"} <= set(both.columns)
    assert "名称" in zh.columns and "name_en" not in zh.columns
    assert {"差异系数", "是否达标", "达标学校数"} <= set(zh.columns)  # Chinese headers
    assert list(zh.index.names) == ["学段", "指标代码"] and zh.index[0][0] == "小学"
    assert list(zh["名称"]) == list(both["name_zh"])
    assert list(en["name"]) == list(both["name_en"])
    with pytest.raises(ValueError, match="lang"):
        result.to_frame(lang="fr")


@pytest.mark.parametrize("name", sorted(RESULT_TYPES))
def test_every_registered_type_round_trips(name: str) -> None:
    result = RESULTS[name]
    assert type(result) is result_classes()[name]
    back = from_envelope(json.loads(json.dumps(envelope(result), ensure_ascii=False)))
    assert type(back) is type(result) and back == result


def test_a_type_outside_the_registry_is_not_loaded() -> None:
    data = envelope(RESULTS["ResourceEvaluation"])
    data["type"] = "SegmentSensitivity"
    with pytest.raises(qbalance.DataError, match="unknown result type"):
        from_envelope(data)
    assert SegmentSensitivity.__name__ not in RESULT_TYPES
