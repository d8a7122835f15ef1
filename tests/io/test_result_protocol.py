"""One result protocol (issue 13, item 2): every result has to_dict / to_json(indent=) /
to_frame(lang=) / summary(lang=) / __str__ / _repr_html_, Chinese by default; the
saved types are an explicit registry and load back equal."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
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


#: A fictional report (青山县, written for the tests, as in tests/audit/test_extract.py).
REPORT = """青山县人民政府关于创建全国义务教育优质均衡发展县的自评报告
二、指标达成情况
（一）资源配置
1. 每百名学生拥有高于规定学历教师数：小学、初中分别达到 4.2 人以上和 5.3 人以上。
【自评情况】义务教育学校平均值小学 6.10 人，初中 5.10 人，校际差异系数小学 0.310、初中 0.200。
【自评结论】达标
（二）政府保障程度
11. 全县每年交流轮岗教师的比例不低于符合交流条件教师总数的 10%。
【自评情况】全县符合交流轮岗条件教师总数 800 名，实际交流轮岗教师 90 名，交流轮岗教师占符合交流轮岗条件\
教师总数的比例为 11.3%。
【自评结论】达标
"""


def _results() -> dict[str, Any]:
    county = qbalance.example_county()
    sens = qbalance.sensitivity(county)
    from qbalance.audit.rollup import audit_report
    from qbalance.evaluate.scenario import move_pupils
    from qbalance.form.check import audit_form
    from qbalance.form.tables import form_of
    from qbalance.plan import naive_plan, plan_batch

    projected = move_pupils(county, [("P05", "P02", 300), ("P06", "P02", 200)])
    from qbalance.io.documents import document_from_text

    report = audit_report(document_from_text(REPORT, label="syn"))
    form = form_of(county)
    return {
        "ResourceEvaluation": qbalance.evaluate_resources(county),
        "CountyEvaluation": qbalance.evaluate_county(county),
        "BatchEvaluation": qbalance.evaluate_batch(
            synthetic_columns(2000, n_counties=5, seed=3)),
        "AuditReport": qbalance.audit("midu"),
        "FormAudit": audit_form(form),
        "ReportAudit": report,
        "Rollup": report.rollup,
        "Extraction": report.extraction,
        "GapPlan": naive_plan(county, COSTS),
        "BatchPlan": plan_batch(synthetic_columns(200, n_counties=2, seed=1), COSTS,
                                workers=1, time_limit=5),
        "ScenarioComparison": qbalance.compare_scenarios(county, projected),
        "Sensitivity": sens,
        "SegmentSensitivity": sens.segments[0],
        "DeclarationForm": form,
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
    both = result.to_frame(lang=None)  # the machine frame, texts in both languages
    zh = result.to_frame(lang="zh")
    assert result.to_frame().equals(zh)  # Chinese by default, as every to_frame
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


@pytest.mark.usefixtures("english")
def test_a_type_outside_the_registry_is_not_loaded() -> None:
    data = envelope(RESULTS["ResourceEvaluation"])
    data["type"] = "SegmentSensitivity"
    with pytest.raises(qbalance.DataError, match="unknown result type"):
        from_envelope(data)
    assert SegmentSensitivity.__name__ not in RESULT_TYPES


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_the_repr_is_one_short_line_and_the_notebook_view_compact(name: str) -> None:
    result = RESULTS[name]
    text = repr(result)
    assert "\n" not in text and len(text) <= 200 and text.startswith("<"), text
    assert type(result).__name__ in text
    assert len(result._repr_html_()) < 40_000  # a view, never every array or row


#: Results whose frame has Chinese column headers by default (the others' default keeps
#: codes and field names, ``lang=None``), and an English header of each.
ZH_FRAMES = {"AuditReport": ("编号", "id"), "GapPlan": ("费用（元）", "cost"),
             "ScenarioComparison": ("差异系数（后）", "cv_after"),
             "Sensitivity": ("贡献最大学校", "top_school"),
             "SegmentSensitivity": ("去除该校后差异系数", "cv_without_top"),
             "Rollup": ("领域", "area")}


@pytest.mark.parametrize("name", sorted(ZH_FRAMES))
def test_frames_have_chinese_headers_by_default(name: str) -> None:
    pytest.importorskip("pandas", reason="needs the pandas extra")
    zh, en = ZH_FRAMES[name]
    result = RESULTS[name]
    default = result.to_frame()
    cols = [*default.columns, *([default.index.name] if default.index.name else [])]
    assert zh in cols and en not in cols
    english = result.to_frame(lang="en")
    assert en in [*english.columns, english.index.name]
    assert len(english) == len(default) >= 1
    assert not any("\u4e00" <= ch <= "\u9fff" for c in english.columns for ch in str(c))
    with pytest.raises(ValueError, match="lang"):
        result.to_frame(lang="fr")


def test_frames_of_plans_and_comparisons_hold_the_figures() -> None:
    pytest.importorskip("pandas", reason="needs the pandas extra")
    plan = RESULTS["GapPlan"]
    frame = plan.to_frame()
    assert frame["费用（元）"].sum() == plan.total_cost
    assert list(frame["学校代码"]) == [i.school_id for i in plan.items]
    assert "sports_area_m2" not in set(frame["字段"])  # the field by name in Chinese
    cmp = RESULTS["ScenarioComparison"].to_frame(lang="en")
    assert list(cmp["cv_after"]) == [i.cv_after for i in RESULTS["ScenarioComparison"].indicators]
    sens = RESULTS["Sensitivity"]
    assert len(sens.to_frame()) == sum(len(s.codes) for s in sens.segments)


@pytest.mark.parametrize("name", sorted(set(RESULTS) - set(RESULT_TYPES) - {"FormAudit"}))
def test_save_result_refuses_a_type_it_cannot_load(name: str, tmp_path: Path) -> None:
    from qbalance.io import save_result

    target = tmp_path / "x.json"
    with pytest.raises(qbalance.DataError, match="load_result"):
        save_result(RESULTS[name], target)
    assert not target.exists()


@pytest.mark.parametrize("name", sorted(RESULT_TYPES))
def test_every_registered_type_saves_and_loads_through_files(name: str,
                                                             tmp_path: Path) -> None:
    from qbalance.io import load_result, save_result

    result = RESULTS[name]
    back = load_result(save_result(result, tmp_path / "r.json"))
    assert type(back) is type(result) and back == result
    assert back.summary("en") == result.summary("en")
    # and bare to_dict() data, as the CLI prints it, loads as the same type
    (tmp_path / "bare.json").write_text(result.to_json(), "utf-8")
    assert load_result(tmp_path / "bare.json") == result
