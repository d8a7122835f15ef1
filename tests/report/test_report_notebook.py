"""Every result renders compactly in Jupyter (banner, key table, details) and has a short repr."""

from __future__ import annotations

import re
from typing import Any

import pytest

import qbalance
from qbalance.report import render_notebook, render_text, short_repr

COSTS = dict(teaching_area_m2=3000, sports_area_m2=400, equipment_value_yuan=1.0,
             multimedia_classrooms=60_000, teachers_above_degree=150_000,
             backbone_teachers=50_000, pe_art_teachers=150_000)


def _results() -> dict[str, Any]:
    county = qbalance.example_county()
    res = qbalance.evaluate_resources(county)
    moved = qbalance.move_pupils(county, [("P05", "P02", 300), ("P06", "P02", 200)])
    sens = qbalance.sensitivity(res)
    return {
        "resources": res,
        "county": qbalance.evaluate_county(county),
        "batch": qbalance.evaluate_batch(qbalance.synthetic_columns(3000, seed=1)),
        "audit": qbalance.audit("midu"),
        "plan": qbalance.gap_plan(county, COSTS),
        "scenario": qbalance.compare_scenarios(county, moved),
        "sensitivity": sens,
        "segment sensitivity": sens.segments[0],
    }


RESULTS = _results()


@pytest.mark.parametrize("name", list(RESULTS))
def test_every_result_has_a_compact_notebook_view(name: str) -> None:
    result = RESULTS[name]
    page = result._repr_html_()
    assert page == render_notebook(result)
    assert page.startswith('<div class="qb">') and page.endswith("</div>")
    assert len(re.findall(r'<div class="banner (pass|fail|na)"', page)) == 1
    assert page.index('<div class="banner') < page.index("</style>") + 200  # banner first
    assert "text-align:left" in page and "<script" not in page
    assert page.count("<details>") <= 1
    assert len(page) < 40_000
    line = repr(result)
    assert line == short_repr(result) and "\n" not in line and len(line) < 260
    assert line.startswith(f"<{type(result).__name__}")


def test_batch_shows_a_summary_never_its_arrays() -> None:
    batch = RESULTS["batch"]
    page, line = batch._repr_html_(), repr(batch)
    n = len(batch.county)
    failing = int((~batch.passed).sum())
    assert f"{n:,}个县" in page and f"{failing:,}个未达标" in page
    assert "array(" not in line and "array(" not in page
    assert page.count("<tr><td>") <= 20 + len(batch.segments)  # the first 20 failing counties
    assert f"另有 {failing - 20:,} 个县未达标" in page
    en = render_notebook(batch, "en")
    assert f"{n:,} counties" in en and not re.search("[\u4e00-\u9fff]", en.split("</style>")[1])


def test_resource_view_banner_key_table_and_details() -> None:
    page = RESULTS["resources"]._repr_html_()
    head, details = page.split("<details>", 1)
    assert "结论：✗ 未达标" in head and "<th>学段</th>" in head
    assert "石门村小学" in details and "<th>代码</th>" in details  # the indicator tables fold


def test_audit_view_marks_rows_by_severity() -> None:
    audit = RESULTS["audit"]
    page = audit._repr_html_()
    assert page.count('<tr class="qb-error">') == audit.counts()["error"]
    head, details = page.split("<details>", 1)
    assert 'class="qb-ok"' not in head and 'class="qb-ok"' in details


@pytest.mark.usefixtures("english")
def test_summary_is_the_report_modules_text() -> None:
    res, county = RESULTS["resources"], RESULTS["county"]
    assert res.summary("en") == render_text(res, "en") and str(res) == render_text(res)
    assert county.summary() == render_text(county)
    # the county summary table and the veto wording are shared by text and HTML
    text = county.summary("en")
    html = qbalance.report.render_html(county, lang="en", plots=False)
    for word in ("does not hold 6", "a veto holds: not recognised"):
        assert (word in text) == (word in html)
    assert "does not hold 6" in text and "<th>Area</th>" in html
    with pytest.raises(TypeError, match="no text report"):
        render_text(object())
    # every other result's text comes from the renderer too, its summary() included
    for name in ("plan", "scenario", "sensitivity", "segment sensitivity"):
        assert RESULTS[name].summary("en") == render_text(RESULTS[name], "en")
        assert str(RESULTS[name]) == render_text(RESULTS[name])
    audit = RESULTS["audit"]
    assert str(audit) == render_text(audit) == audit.table()
    assert render_text(audit).startswith(audit.summary() + "\n\n")
    batch = RESULTS["batch"]  # its text is the status table `qbalance batch` prints
    assert render_text(batch).startswith(f"批量评估：{len(batch.county)} 个县（组）")


def test_chinese_outputs_have_no_english_fragments() -> None:
    """Field paths, veto codes and section keys are written in Chinese (ids and the
    product name aside)."""
    county = qbalance.example_county()
    bare = county.model_copy(update={"guarantee": None, "quality": None, "survey": None,
                                     "vetoes": None})
    for result in (RESULTS["county"], qbalance.evaluate_county(bare)):
        for text in (render_text(result), qbalance.report.render_markdown(result),
                     qbalance.report.render_html(result, plots=False)):
            body = text.split("<body", 1)[-1].split(">", 1)[-1] if "<body" in text else text
            words = set(re.findall(r"(?<![#\w./-])[A-Za-z_][A-Za-z_.]{3,}(?![\w-])",
                                   re.sub(r"<[^>]*>|&\w+;", " ", body)))
            assert words <= {"national", "qbalance", "SHA"}, sorted(words)
    text = render_text(qbalance.evaluate_county(bare))
    assert "教育质量／9 国家义务教育质量监测" in text and "quality.monitoring" not in text
    assert "（一）" in text and "不予认定情形／存在以考试方式招生" in text
    en = qbalance.evaluate_county(bare).summary("en")
    assert "quality.monitoring" in en and "exam_admission" in en
