"""Tampered and corrupt result files are refused on load, naming the field (issue 12);
save_result only writes what load_result reads back."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import qbalance
from qbalance import DataError, evaluate_county, evaluate_resources, example_county
from qbalance.io import load_result, save_result

RESULT = evaluate_resources(example_county())


def saved(tmp_path: Path, result: Any = RESULT) -> tuple[Path, dict[str, Any]]:
    p = save_result(result, tmp_path / "r.json")
    return p, json.loads(p.read_text("utf-8"))


def seg0(d: dict[str, Any]) -> dict[str, Any]:
    return d["result"]["segments"][0]


def _drop_school(d: dict[str, Any]) -> None:
    seg0(d)["schools"].pop(3)


def _cv_inf(d: dict[str, Any]) -> None:
    seg0(d)["indicators"][0]["cv"] = "INF"


def _composite(d: dict[str, Any]) -> None:
    seg0(d)["composite_cv"] = seg0(d)["composite_cv"] * 0.9


def _negative_mean(d: dict[str, Any]) -> None:
    seg0(d)["indicators"][1]["mean"] = -seg0(d)["indicators"][1]["mean"]


def _cv_not_std_over_mean(d: dict[str, Any]) -> None:
    seg0(d)["indicators"][2]["cv"] = 0.01


def _indicator_passed(d: dict[str, Any]) -> None:
    ind = seg0(d)["indicators"][0]
    ind["cv"], ind["std"] = 0.7, 0.7 * ind["mean"]
    for k in ("std",):
        ind[k] = ind[k]


def _school_met(d: dict[str, Any]) -> None:
    s = seg0(d)["schools"][0]
    s["met"][0] = not s["met"][0]


def _school_value(d: dict[str, Any]) -> None:
    seg0(d)["schools"][0]["values"][3] *= 2


def _school_passed(d: dict[str, Any]) -> None:
    failing = [s for s in seg0(d)["schools"] if not s["passed"]][0]
    failing["passed"] = True


def _pupils(d: dict[str, Any]) -> None:
    seg0(d)["pupils"] += 1


def _schools_met(d: dict[str, Any]) -> None:
    seg0(d)["indicators"][4]["schools_met"] += 1


@pytest.mark.parametrize(("tamper", "field"), [
    (_drop_school, "pupils"), (_composite, "composite_cv"), (_negative_mean, "mean"),
    (_cv_not_std_over_mean, "cv"), (_indicator_passed, "std"), (_school_met, "met[0]"),
    (_school_value, "mean"), (_school_passed, "passed"), (_pupils, "pupils"),
    (_schools_met, "schools_met")])
def test_tampered_resource_result_is_refused(tmp_path: Path,
                                             tamper: Callable[[dict[str, Any]], None],
                                             field: str) -> None:
    p, d = saved(tmp_path)
    tamper(d)
    p.write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    with pytest.raises(DataError) as err:
        load_result(p)
    assert err.value.field is not None and field in err.value.field, str(err.value)


def test_cv_of_1e999_is_refused(tmp_path: Path) -> None:
    p, d = saved(tmp_path)
    text = json.dumps(d).replace(json.dumps(seg0(d)["indicators"][0]["cv"]), "1e999", 1)
    p.write_text(text, "utf-8")
    with pytest.raises(DataError, match="非有限数值"):
        load_result(p)


def test_tampered_county_result_is_refused(tmp_path: Path) -> None:
    result = evaluate_county(example_county())
    p, d = saved(tmp_path, result)
    assert load_result(p) == result
    d["result"]["resources"]["segments"][1]["composite_cv"] = 0.0
    p.write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    with pytest.raises(DataError) as err:
        load_result(p)
    assert err.value.field == "$.resources.segments[1].composite_cv"


def test_untampered_results_still_load(tmp_path: Path) -> None:
    for result in (RESULT, evaluate_county(example_county())):
        p, _ = saved(tmp_path, result)
        assert load_result(p) == result


def test_save_result_refuses_what_cannot_be_read_back(tmp_path: Path) -> None:
    report = qbalance.audit("midu")
    target = tmp_path / "audit.json"
    try:
        save_result(report, target)
    except DataError as exc:
        assert "load_result" in str(exc) and not target.exists()
    else:
        assert load_result(target) == report

    class Odd:
        def to_dict(self) -> dict[str, Any]:
            return {"whatever": 1}

    with pytest.raises(DataError, match="load_result"):
        save_result(Odd(), tmp_path / "odd.json")
    assert not (tmp_path / "odd.json").exists()


# --- audits and plans (issue 13 item 2: every registered type loads back equal) -------

COSTS = dict(teaching_area_m2=3000, sports_area_m2=400, equipment_value_yuan=1.0,
             multimedia_classrooms=60_000, teachers_above_degree=150_000,
             backbone_teachers=50_000, pe_art_teachers=150_000)


@pytest.mark.parametrize("name", ["midu", "baoqing", "pingyuan", "lianping"])
def test_every_shipped_audit_saves_and_loads_back_equal(tmp_path: Path, name: str) -> None:
    report = qbalance.audit(name)
    back = load_result(save_result(report, tmp_path / "a.json"))
    assert type(back) is type(report) and back == report
    assert back.counts() == report.counts() and back.table("en") == report.table("en")


def test_a_form_audit_saves_and_loads_back_equal(tmp_path: Path) -> None:
    from qbalance.form.check import audit_form
    from qbalance.form.tables import form_of

    report = audit_form(form_of(example_county()))
    assert any(f.table for a in report.audits for f in a.findings)  # findings with cells
    assert load_result(save_result(report, tmp_path / "f.json")) == report


def _audit_file(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    return saved(tmp_path, qbalance.audit("midu"))


def _claim(d: dict[str, Any], code: str) -> dict[str, Any]:
    return next(c for c in d["result"]["claims"] if any(f["code"] == code
                                                        for f in c["findings"]))


def _a_count(d: dict[str, Any]) -> None:
    d["result"]["counts"]["error"] -= 1


def _a_has_errors(d: dict[str, Any]) -> None:
    d["result"]["has_errors"] = False


def _a_drop_claim(d: dict[str, Any]) -> None:
    errors = [i for i, c in enumerate(d["result"]["claims"]) if c["status"] == "error"]
    d["result"]["claims"].pop(errors[0])


def _a_status(d: dict[str, Any]) -> None:
    _claim(d, "truncation_only")["status"] = "ok"


def _a_severity(d: dict[str, Any]) -> None:
    c = next(c for c in d["result"]["claims"] if c["status"] == "error")
    for f in c["findings"]:
        f["severity"] = "note"


def _a_order(d: dict[str, Any]) -> None:
    c = next(c for c in d["result"]["claims"]
             if len({f["severity"] for f in c["findings"]}) > 1)
    c["findings"].reverse()


def _a_agrees(d: dict[str, Any]) -> None:
    c = next(c for c in d["result"]["claims"] if c["verdict_agrees"] is False)
    c["verdict_agrees"] = True


def _a_modes(d: dict[str, Any]) -> None:
    c = next(c for c in d["result"]["claims"] if c["consistent_modes"])
    c["consistent_modes"] = ["half_up", "half_even", "truncate"][:4 - len(c["consistent_modes"])]


def _a_reported(d: dict[str, Any]) -> None:
    c = next(c for c in d["result"]["claims"] if c["rounding"] is not None)
    c["reported"] = "12.5"


def _a_bad_claim(d: dict[str, Any]) -> None:
    c = next(c for c in d["result"]["claims"] if "denominator" in c["input"])
    c["input"]["denominator"] = 0


def _a_unknown_key(d: dict[str, Any]) -> None:
    d["result"]["claims"][0]["passed"] = True


@pytest.mark.parametrize(("tamper", "field"), [
    (_a_count, "$.counts.error"), (_a_has_errors, "$.has_errors"),
    (_a_drop_claim, "$.counts.error"), (_a_status, "status"),
    (_a_severity, "status"), (_a_order, "$.claims["), (_a_agrees, "verdict_agrees"),
    (_a_modes, "consistent_modes"), (_a_reported, "reported"), (_a_bad_claim, "input"),
    (_a_unknown_key, "passed")])
def test_tampered_audit_is_refused(tmp_path: Path, tamper: Callable[[dict[str, Any]], None],
                                   field: str) -> None:
    p, d = _audit_file(tmp_path)
    tamper(d)
    p.write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    with pytest.raises(DataError) as err:
        load_result(p)
    assert err.value.field is not None and field in err.value.field, str(err.value)


@pytest.mark.parametrize("method", ["naive", "milp"])
def test_plans_save_and_load_back_equal(tmp_path: Path, method: str) -> None:
    from qbalance.plan import gap_plan, naive_plan

    plan = (naive_plan if method == "naive" else gap_plan)(example_county(), COSTS)
    back = load_result(save_result(plan, tmp_path / "p.json"))
    assert type(back) is type(plan) and back == plan and back.passed == plan.passed
    assert back.summary("en") == plan.summary("en")
    assert back.exact_cost == plan.exact_cost or method == "naive"


def _p_cost(d: dict[str, Any]) -> None:
    d["result"]["items"][0]["cost"] += 1


def _p_total(d: dict[str, Any]) -> None:
    d["result"]["total_cost"] -= 1000


def _p_drop_item(d: dict[str, Any]) -> None:
    d["result"]["items"].pop()


def _p_exact(d: dict[str, Any]) -> None:
    d["result"]["exact_cost"] = d["result"]["total_cost"] * 1.5


def _p_passed(d: dict[str, Any]) -> None:
    d["result"]["passed"] = not d["result"]["passed"]


def _p_amount(d: dict[str, Any]) -> None:
    it = d["result"]["items"][0]
    it["amount"], it["cost"] = -it["amount"], -it["cost"]


def _p_county_after(d: dict[str, Any]) -> None:
    sch = next(s for s in d["result"]["county_after"]["schools"] if s["id"] == "P08")
    sch["sports_area_m2"] -= 90  # the addition taken back: the stored "after" is not its evaluation


def _p_after(d: dict[str, Any]) -> None:
    d["result"]["after"]["segments"][0]["schools"][0]["values"][0] *= 1.5


def _p_school(d: dict[str, Any]) -> None:
    d["result"]["items"][0]["school_id"] = "NOPE"


@pytest.mark.parametrize(("tamper", "field"), [
    (_p_cost, "$.items[0].cost"), (_p_total, "$.total_cost"), (_p_drop_item, "$.total_cost"),
    (_p_exact, "$.exact_cost"), (_p_passed, "$.passed"), (_p_amount, "$.items[0].amount"),
    (_p_county_after, "$.after.segments[0]"), (_p_after, "$.after.segments[0]"),
    (_p_school, "$.items[0].school_id")])
def test_tampered_plan_is_refused(tmp_path: Path, tamper: Callable[[dict[str, Any]], None],
                                  field: str) -> None:
    from qbalance.plan import gap_plan

    p, d = saved(tmp_path, gap_plan(example_county(), COSTS))
    tamper(d)
    p.write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    with pytest.raises(DataError) as err:
        load_result(p)
    assert err.value.field is not None and field in err.value.field, str(err.value)


# --- batches, scenarios, sensitivities ---------------------------------------------------

def _batch() -> Any:
    import numpy as np

    from qbalance.synth import synthetic_columns

    cols = {k: np.array(v, copy=True) for k, v in
            synthetic_columns(3000, n_counties=8, seed=4).items()}
    cols["teaching_area_m2"] = cols["teaching_area_m2"].astype(float)
    cols["teaching_area_m2"][5] = -3.0  # one county invalid: a problem row, nan figures
    return qbalance.evaluate_batch(cols)


BATCH = _batch()


def test_a_batch_saves_and_loads_back_equal(tmp_path: Path) -> None:
    assert BATCH.problems and (BATCH.status == "invalid").any()
    back = load_result(save_result(BATCH, tmp_path / "b.json"))
    assert type(back) is type(BATCH) and back == BATCH
    assert back.summary("en") == BATCH.summary("en")
    d = json.loads((tmp_path / "b.json").read_text("utf-8"))
    assert d["result"]["cv"][0][0][0] is None  # nan saved as null, not NaN


def _b_row(d: dict[str, Any]) -> None:
    for k in ("school_row", "school_group", "school_segment", "school_values", "school_met",
              "school_below_floor", "school_passed", "school_share"):
        d["result"][k].pop(10)


def _b_count(d: dict[str, Any]) -> None:
    d["result"]["n_schools"][1][0] += 1


def _b_cv(d: dict[str, Any]) -> None:
    d["result"]["cv"][1][0][2] *= 1.01


def _b_mean(d: dict[str, Any]) -> None:
    d["result"]["mean"][1][0][2] = -d["result"]["mean"][1][0][2]


def _b_composite(d: dict[str, Any]) -> None:
    d["result"]["composite_cv"][2][1] = 0.01


def _b_verdict(d: dict[str, Any]) -> None:
    d["result"]["passed"][3] = not d["result"]["passed"][3]


def _b_segment(d: dict[str, Any]) -> None:
    d["result"]["segment_passed"][3][0] = not d["result"]["segment_passed"][3][0]


def _b_problem(d: dict[str, Any]) -> None:
    d["result"]["problems"].pop()


def _b_status(d: dict[str, Any]) -> None:
    d["result"]["status"][2][0] = "great"


def _b_shape(d: dict[str, Any]) -> None:
    d["result"]["cv"][1].pop()


def _b_met(d: dict[str, Any]) -> None:
    d["result"]["school_met"][0][0] = not d["result"]["school_met"][0][0]


def _b_type(d: dict[str, Any]) -> None:
    d["result"]["school_passed"][0] = "yes"


def _b_negative(d: dict[str, Any]) -> None:
    d["result"]["school_values"][0][0] = -1.0


@pytest.mark.parametrize(("tamper", "field"), [
    (_b_row, "$.n_schools"), (_b_count, "$.n_schools[1][0]"), (_b_cv, "$.cv[1][0][2]"),
    (_b_mean, "$.mean[1][0][2]"), (_b_composite, "$.composite_cv[2][1]"),
    (_b_verdict, "$.passed[3]"), (_b_segment, "$.segment_passed[3][0]"),
    (_b_problem, "$.problems"), (_b_status, "$.status[2][0]"), (_b_shape, "$.cv"),
    (_b_met, "$.school"), (_b_type, "$.school_passed[0]"),
    (_b_negative, "$.school_values[0][0]")])
def test_tampered_batch_is_refused(tmp_path: Path, tamper: Callable[[dict[str, Any]], None],
                                   field: str) -> None:
    p, d = saved(tmp_path, BATCH)
    tamper(d)
    p.write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    with pytest.raises(DataError) as err:
        load_result(p)
    assert err.value.field is not None and field in err.value.field, str(err.value)


def _scenario() -> Any:
    from qbalance.evaluate.scenario import move_pupils

    county = example_county()
    return qbalance.compare_scenarios(
        county, move_pupils(county, [("P05", "P02", 300), ("P06", "P02", 200)]))


def test_scenarios_and_sensitivities_save_and_load_back_equal(tmp_path: Path) -> None:
    for result in (_scenario(), qbalance.sensitivity(example_county())):
        back = load_result(save_result(result, tmp_path / "r.json"))
        assert type(back) is type(result) and back == result
        assert back.summary("en") == result.summary("en")


def _s_recovered(d: dict[str, Any]) -> None:
    d["result"]["newly_failing_schools"] = []


def _s_change(d: dict[str, Any]) -> None:
    d["result"]["indicators"][0]["cv_after"] = 0.0


def _s_projected(d: dict[str, Any]) -> None:
    d["result"]["projected"]["segments"][0]["composite_cv"] = 0.0


@pytest.mark.parametrize(("tamper", "field"), [
    (_s_recovered, "$.newly_failing_schools"), (_s_change, "$.indicators[0].cv_after"),
    (_s_projected, "$.projected.segments[0].composite_cv")])
def test_tampered_scenario_is_refused(tmp_path: Path, tamper: Callable[[dict[str, Any]], None],
                                      field: str) -> None:
    p, d = saved(tmp_path, _scenario())
    tamper(d)
    p.write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    with pytest.raises(DataError) as err:
        load_result(p)
    assert err.value.field is not None and field in err.value.field, str(err.value)


def test_tampered_sensitivity_is_refused(tmp_path: Path) -> None:
    p, d = saved(tmp_path, qbalance.sensitivity(example_county()))
    d["result"]["segments"][0]["loo_cv"][0][0] = 0.5
    p.write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    with pytest.raises(DataError) as err:
        load_result(p)
    assert err.value.field == "$.segments[0].loo_cv[0][0]"


def test_the_audit_json_of_the_cli_loads(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "audit.json"
    r = subprocess.run([sys.executable, "-m", "qbalance", "audit", "--example", "midu",
                        "--format", "json", "--out", str(out)], capture_output=True, text=True,
                       check=False)
    assert r.returncode == 1 and out.exists(), r.stderr  # midu has errors
    assert load_result(out) == qbalance.audit("midu")


def test_the_depth_scan_is_the_character_scan() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from qbalance._files import _depth, _depth_scan

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet='[]{}"\'\\ab\n'))
    def same(text: str) -> None:
        assert _depth(text, "[{", "]}") == _depth_scan(text, "[{", "]}")

    same()


@pytest.mark.parametrize("tamper", [_drop_school, _composite, _negative_mean,
                                    _cv_not_std_over_mean, _indicator_passed])
def test_a_tampered_file_is_refused_in_one_language(tmp_path: Path,
                                                    tamper: Callable[[dict[str, Any]], None]
                                                    ) -> None:
    # issue 17: the refusal printed both languages at once ("… / the result file was edited")
    import re

    from qbalance import use_lang

    p, d = saved(tmp_path)
    tamper(d)
    p.write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    with pytest.raises(DataError) as info:
        load_result(p)
    zh, en = info.value.render("zh"), info.value.render("en")
    assert "结果文件被改动或已损坏" in zh and "edited or is corrupt" not in zh
    assert "the result file was edited or is corrupt" in en and "结果文件" not in en
    # the check itself: Chinese words in Chinese, no English sentence (ids and paths aside)
    check_zh = zh.split("：", 2)[-1]
    assert not re.search(r"\b(not|the|of|is)\b", check_zh), zh
    assert not re.search(r"[\u4e00-\u9fff]", en.split(": ", 2)[-1].replace("示例县", "")), en
    with use_lang("en"):
        assert str(info.value) == en
