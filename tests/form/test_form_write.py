"""The declaration form (申报表, issue 15): built from an evaluation, written as .xlsx/.md/.html."""

from __future__ import annotations

import copy
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from qbalance import (
    County,
    DataError,
    Verdict,
    declaration_form,
    evaluate_county,
    evaluate_resources,
    example_county,
    load_standard,
    write_declaration_form,
)
from qbalance.form.tables import NOT_GIVEN, TableId, figure
from qbalance.models import Segment

openpyxl = pytest.importorskip("openpyxl", reason="the excel extra (openpyxl) is not installed")

COUNTY = example_county()
EVAL = evaluate_county(COUNTY)
FORM = declaration_form(EVAL, COUNTY)


def test_six_tables_in_the_forms_order() -> None:
    assert [t.id.value for t in FORM.tables] == ["I", "II-1", "II-2", "III", "IV", "V", "VI"]
    assert not FORM.resource_only
    assert FORM.table("II-2") is FORM.schools


def test_school_rows_primary_first_sections_named_and_exact_beside() -> None:
    rows = FORM.schools.rows
    segs = [r.segment for r in rows]
    assert segs == sorted(segs, key=lambda s: s is Segment.JUNIOR)
    n_primary = sum(r.segment is Segment.PRIMARY for r in rows)
    assert [r.serial for r in rows] == [*range(1, n_primary + 1),
                                        *range(1, len(rows) - n_primary + 1)]
    nine = [r for r in rows if r.name.startswith("南坪九年一贯制学校")]
    assert [r.name for r in nine] == ["南坪九年一贯制学校（小学部）", "南坪九年一贯制学校（初中部）"]
    assert all(r.section for r in nine)
    # the first school: 148 teachers above the degree for 1860 pupils -> 7.956… printed 7.96
    first = rows[0]
    assert first.values[0].exact == Fraction(148 * 100, 1860)
    assert first.values[0].text == "7.96" and first.owner_type == 7
    assert all(len(v.text.split(".")[1]) == 2 for r in rows for v in r.values)
    by_id = {(s.school_id, s.segment): s for seg in EVAL.resources.segments for s in seg.schools}
    for r in rows:
        res = by_id[(r.school_id, r.segment)]
        assert r.meets is res.passed
        assert r.pupils == res.pupils
        for v, x in zip(r.values, res.values, strict=True):
            assert abs(float(v.exact) - x) < 1e-9 * max(1, x)   # type: ignore[arg-type]
    failing = [r for r in rows if not r.meets]
    assert {r.name for r in failing} == {"石门村小学", "青竹村小学"}
    assert "R5低于标准的85%" in failing[0].remark and "R6达到标准的85%以上" in failing[0].remark


def test_note_counts_the_rows() -> None:
    note = FORM.schools.note
    prim = FORM.schools.segment_rows("primary")
    jun = FORM.schools.segment_rows("junior")
    assert (note.primary, note.junior) == (len(prim), len(jun))
    assert note.primary_sections == sum(r.section for r in prim)
    assert note.junior_sections + note.junior_complete == sum(r.section for r in jun)
    assert FORM.cvs.notes() == FORM.schools.notes()


def test_cv_table_is_the_evaluation_rounded() -> None:
    for row in FORM.cvs.rows:
        seg = EVAL.resources.segment(row.segment)
        for k, ind in enumerate(seg.indicators):
            assert row.cvs[k].exact == ind.cv
            assert row.cvs[k].text == str(figure(ind.cv, 3))
            assert abs(float(row.means[k].exact) - ind.mean) < 1e-9 * ind.mean  # type: ignore[arg-type]
        mean = sum((Fraction(c.text) for c in row.cvs), Fraction(0)) / len(row.cvs)
        assert row.composite.exact == mean and row.composite.text == figure(mean, 3).text


def test_rule_summary_counts_and_shares() -> None:
    for seg in EVAL.resources.segments:
        count = FORM.rule_summary.row(seg.segment, "count")
        share = FORM.rule_summary.row(seg.segment, "share")
        n = len(seg.schools)
        assert int(count.figures[-1].text) == sum(s.passed for s in seg.schools)
        for k in range(len(seg.indicators)):
            met = sum(s.met[k] for s in seg.schools)
            assert int(count.figures[k].text) == met == seg.indicators[k].schools_met
            assert share.figures[k].exact == Fraction(100 * met, n)


def test_items_follow_the_verdicts_and_say_what_is_missing() -> None:
    g = FORM.guarantee
    assert g is not None and len(g.items) == 15
    for item in g.items:
        assert item.verdict is EVAL.check(f"G{item.number}").verdict
    g14 = g.item(14)
    assert g14.verdict is Verdict.NOT_MET          # 532/1065 = 49.95 %, printed 50.0
    assert g14.blank("quota_allocated").text == "532" and g14.blank("quota_rate").text == "50.0"
    assert "在公办学校就读未提供" in g.item(15).value  # the data has no public/purchased split
    d = COUNTY.model_dump()
    del d["guarantee"]["quota"]
    county = County.model_validate(d)
    form = declaration_form(evaluate_county(county), county)
    assert form.guarantee is not None
    item = form.guarantee.item(14)
    assert item.value == NOT_GIVEN and item.verdict is Verdict.NOT_ASSESSED


def test_thresholds_in_the_texts_come_from_the_standard() -> None:
    strict = load_standard("national-2017").derive(
        "strict", {"guarantee": {"rotation_min": 0.12}})
    form = declaration_form(evaluate_county(COUNTY, strict), COUNTY, standard=strict)
    assert form.guarantee is not None
    assert "总数的12%" in form.guarantee.item(11).indicator
    assert FORM.guarantee is not None and "总数的10%" in FORM.guarantee.item(11).indicator


def test_resource_part_alone() -> None:
    only = declaration_form(evaluate_resources(COUNTY), COUNTY)
    assert only.resource_only and [t.id.value for t in only.tables] == ["I", "II-1", "II-2",
                                                                         "III"]
    d = COUNTY.model_dump()
    for k in ("guarantee", "quality", "survey", "vetoes"):
        d[k] = None
    bare = County.model_validate(d)
    assert declaration_form(evaluate_county(bare), bare).resource_only
    # without the county data, the school rows still come from the evaluation
    no_data = declaration_form(evaluate_resources(COUNTY))
    assert [r.values for r in no_data.schools.rows] == [r.values for r in only.schools.rows] or (
        [[v.text for v in r.values] for r in no_data.schools.rows]
        == [[v.text for v in r.values] for r in only.schools.rows])


@pytest.mark.usefixtures("english")
def test_wrong_county_and_bad_basics_are_rejected() -> None:
    d = copy.deepcopy(COUNTY.model_dump())
    d["name"] = "另一县"
    with pytest.raises(DataError, match="另一县"):
        declaration_form(EVAL, County.model_validate(d))
    with pytest.raises(DataError, match="basics: unknown key 'gdp'"):
        declaration_form(EVAL, COUNTY, basics={"gdp": 1})
    form = declaration_form(EVAL, COUNTY, basics={"gdp_per_capita_yuan": 45210, "L3": 12})
    assert form.basics.get("L5").text == "45210" and form.basics.get("L3").text == "12"


def test_a_county_instead_of_its_evaluation_is_a_clear_error() -> None:
    # was a bare AttributeError: the county passed where its evaluation belongs
    with pytest.raises(DataError, match=r"evaluate_county\(county\).*收到的是 County") as info:
        declaration_form(COUNTY)  # type: ignore[arg-type]
    assert info.value.field == "evaluation"


def test_basics_count_the_schools() -> None:
    b = FORM.basics
    assert b.get("L9").text == "10" and b.get("L14").text == "1"
    assert int(b.get("L19").text) == sum(s.primary.pupils for s in COUNTY.schools
                                         if s.primary and s.kind.value != "special")


def _sheet(tmp_path: Path) -> Any:
    out = write_declaration_form(FORM, tmp_path / "form.xlsx")
    return openpyxl.load_workbook(out)


def test_workbook_layout(tmp_path: Path) -> None:
    wb = _sheet(tmp_path)
    assert wb.sheetnames == ["表Ⅰ", "表Ⅱ-1", "表Ⅱ-2", "表Ⅲ", "表Ⅳ", "表Ⅴ", "表Ⅵ"]
    ws = wb["表Ⅱ-2"]
    assert ws["A1"].value == "表Ⅱ-2 资源配置基本情况（分学校）"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "G3:M3" in merged and "A1:O1" in merged           # the indicators' group header
    assert ws["G3"].value == "资源配置指标"
    assert [ws.cell(5, c).value for c in range(1, 15)] == [f"L{i}" for i in range(1, 15)]
    assert ws["B6"].value == "城关第一小学" and ws["G6"].value == 7.96
    assert ws["G6"].number_format == "0.00"
    assert ws.freeze_panes == "A6"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == "$1:$5"
    note_row = 6 + len(FORM.schools.rows) + 1
    assert str(ws.cell(note_row, 1).value).startswith("注：小学14所")
    assert ws.column_dimensions["B"].width >= 20
    t3 = wb["表Ⅲ"]
    assert t3["A6"].value == "小学" and "A6:A7" in {str(r) for r in t3.merged_cells.ranges}
    assert t3["C7"].number_format == "0.000"
    assert str(t3.cell(6 + 4 + 1, 1).value).startswith("注：")


@pytest.mark.usefixtures("english")
def test_markdown_and_html(tmp_path: Path) -> None:
    md = FORM.to_markdown()
    assert "**表Ⅲ 县域义务教育校际均衡情况**" in md and "| 小学 | 差异系数 |" in md
    html = FORM.to_html()
    assert "<caption>表Ⅱ-2 资源配置基本情况（分学校）</caption>" in html
    # the notebook view is compact: table Ⅰ shown, the other tables folded in <details>
    shown, folded = FORM._repr_html_().split("<details>", 1)
    assert shown.count("<table") == 1 and "表Ⅰ" in shown
    assert "表Ⅱ-2" in folded and "表Ⅵ" in folded and folded.count("<table") == 6
    assert write_declaration_form(FORM, tmp_path / "f.md").read_text("utf-8") == md
    assert "<caption>" in write_declaration_form(FORM, tmp_path / "f.html").read_text("utf-8")
    with pytest.raises(DataError, match=r"use \.xlsx, \.md or \.html"):
        write_declaration_form(FORM, tmp_path / "f.pdf")


def test_frames() -> None:
    pytest.importorskip("pandas")
    frames = FORM.to_frames()
    assert list(frames) == [t.value for t in TableId]
    df = frames["II-2"]
    assert df.iloc[0]["L2 学校名称"] == "城关第一小学" and df.iloc[0].iloc[6] == "7.96"
    exact = FORM.schools.to_frame(exact=True)
    assert exact.iloc[0].iloc[6] == pytest.approx(148 * 100 / 1860)


def test_owner_type_from_the_school_data() -> None:
    d = COUNTY.model_dump()
    d["schools"][0]["owner_code"] = "5"          # prefectural education department
    d["schools"][1]["private"] = True
    county = County.model_validate(d)
    rows = declaration_form(evaluate_county(county), county).schools.rows
    assert [r.owner_type for r in rows[:3]] == [5, 10, 7]
