"""Results out: JSON round trips, DataFrames, Jupyter HTML, terminal text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import qbalance
from qbalance import DataError, ResourceEvaluation, evaluate_resources
from qbalance.io import load_result, save_result


@pytest.fixture(scope="module")
def result() -> ResourceEvaluation:
    return evaluate_resources(qbalance.example_county())


def test_evaluation_json_round_trip_is_equal(result: ResourceEvaluation, tmp_path: Path) -> None:
    again = ResourceEvaluation.from_dict(json.loads(result.to_json()))
    assert again == result
    assert again.passed is result.passed
    saved = save_result(result, tmp_path / "r.json")
    assert load_result(saved) == result
    # bare to_dict() JSON (as `qbalance evaluate --format json` printed it) loads too
    (tmp_path / "bare.json").write_text(result.to_json(), "utf-8")
    assert load_result(tmp_path / "bare.json") == result


def test_round_trip_of_a_derived_standard_result() -> None:
    std = qbalance.load_standard().with_cv_limits(primary=0.12, junior=0.11, id="strict")
    r = evaluate_resources(qbalance.example_county(), std)
    assert not r.segment("primary").cv_passed
    assert ResourceEvaluation.from_dict(r.to_dict()) == r


@pytest.mark.usefixtures("english")
def test_edited_verdict_or_missing_field_is_caught(result: ResourceEvaluation) -> None:
    d = result.to_dict()
    d["passed"] = not d["passed"]
    with pytest.raises(DataError, match="stored"):
        ResourceEvaluation.from_dict(d)
    d = result.to_dict()
    del d["segments"][0]["indicators"][0]["cv"]
    with pytest.raises(DataError, match="'cv' is missing"):
        ResourceEvaluation.from_dict(d)
    d = result.to_dict()
    d["segments"][0]["segment"] = "senior"
    with pytest.raises(DataError, match="not a valid Segment"):
        ResourceEvaluation.from_dict(d)


def test_load_result_rejects_other_json(tmp_path: Path) -> None:
    p = tmp_path / "x.json"
    p.write_text('{"hello": 1}', "utf-8")
    with pytest.raises(DataError, match="不是保存的 qbalance 结果") as err:
        load_result(p)
    assert "not a saved qbalance result" in err.value.render("en")
    p.write_text("{", "utf-8")
    with pytest.raises(DataError, match="不是有效的 JSON"):
        load_result(p)


@pytest.mark.usefixtures("english")
def test_to_frame_tables(result: ResourceEvaluation) -> None:
    pytest.importorskip("pandas")
    ind = result.to_frame(lang=None)
    assert ind.shape == (14, 12)
    p = result.segment("primary")
    assert ind.loc[("primary", "R5"), "cv"] == p.indicator("R5").cv
    schools = result.to_frame("schools", lang=None)
    assert len(schools) == sum(len(s.schools) for s in result.segments)
    row = schools.loc[("primary", "P08")]
    assert not row["passed"] and row["not_met"] == "R5,R6" and row["below_floor"] == "R5"
    assert row["R4"] == p.schools[[s.school_id for s in p.schools].index("P08")].value("R4")
    ex = result.to_frame("exclusions", lang=None)
    assert list(ex["reason"]) == [e.reason for e in result.exclusions]
    assert len(result.to_frame("splits", lang=None)) == len(result.splits)
    with pytest.raises(ValueError, match="choose one of"):
        result.to_frame("nope")


def test_repr_html_and_terminal_text(result: ResourceEvaluation) -> None:
    h = result._repr_html_()
    assert h.startswith('<div class="qb">') and "<table>" in h and "石门村小学" in h
    assert "<img" not in h
    text = result.summary("en")
    assert "Verdict: NOT MET" in text and "P08" in text


def test_import_does_not_load_optional_dependencies() -> None:
    import subprocess
    import sys

    code = ("import sys, qbalance; qbalance.evaluate_resources(qbalance.example_county());"
            "bad = [m for m in ('pandas', 'matplotlib', 'openpyxl', 'yaml') if m in sys.modules];"
            "print(bad); sys.exit(1 if bad else 0)")
    src = str(Path(qbalance.__file__).parent.parent)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": src}, check=False)
    assert out.returncode == 0, out.stdout + out.stderr


def test_missing_dependency_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    result = evaluate_resources(qbalance.example_county())
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(qbalance.MissingDependencyError, match=r"qbalance\[pandas\]"):
        result.to_frame()


@pytest.mark.usefixtures("english")
def test_county_evaluation_round_trip_and_checks_frame(tmp_path: Path) -> None:
    county_result = qbalance.evaluate_county(qbalance.example_county())
    again = qbalance.CountyEvaluation.from_dict(json.loads(county_result.to_json()))
    assert again == county_result and again.outcome is county_result.outcome
    assert load_result(save_result(county_result, tmp_path / "c.json")) == county_result
    d = county_result.to_dict()
    d["guarantee"]["checks"][13]["value"] = 0.5  # G14: 49.95 % edited to 50 %
    with pytest.raises(DataError, match="disagree"):
        qbalance.CountyEvaluation.from_dict(d)
    pytest.importorskip("pandas")
    checks = county_result.to_frame(lang=None)
    g14 = checks.loc[("guarantee", "G14")]
    assert g14["verdict"] == "not_met" and g14["exact"] == "532/1065"
    assert len(checks) == len(county_result.checks)
    assert county_result.to_frame("indicators", lang=None).shape == (14, 12)
    assert "优质高中招生名额分配比例" in county_result._repr_html_()


def test_missing_openpyxl_and_matplotlib_are_explained(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    import sys

    from qbalance.examples import example_table_path
    from qbalance.report import render_html

    result = evaluate_resources(qbalance.example_county())
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(qbalance.MissingDependencyError, match=r"qbalance\[excel\]"):
        qbalance.read_schools(example_table_path("xlsx"))
    # the CSV path needs no optional dependency
    assert len(qbalance.read_schools(example_table_path("csv"))) == 21
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    page = render_html(result)
    assert "<img" not in page and "qbalance[plot]" in page
