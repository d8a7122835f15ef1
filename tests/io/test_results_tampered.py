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
