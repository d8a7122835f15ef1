"""Reading a filled declaration form back (issue 15): layouts counties make, and every problem."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qbalance import (
    FormReadError,
    declaration_form,
    evaluate_county,
    example_county,
    read_declaration_form,
    write_declaration_form,
)
from qbalance.form.read import _Cell, _number_text, _title, parse_note
from qbalance.form.tables import TableId
from qbalance.models import Segment

openpyxl = pytest.importorskip("openpyxl", reason="the excel extra (openpyxl) is not installed")

COUNTY = example_county()
FORM = declaration_form(evaluate_county(COUNTY), COUNTY)


@pytest.fixture
def written(tmp_path: Path) -> Path:
    return write_declaration_form(FORM, tmp_path / "form.xlsx")


def _same_printed(a: Any, b: Any) -> None:
    for t in a.tables:
        assert b.table(t.id).text_rows() == t.text_rows(), t.id


def test_round_trip_gives_the_printed_values_exactly(written: Path) -> None:
    back = read_declaration_form(written)
    _same_printed(FORM, back)
    assert back.county == "示例县" and back.year == 2025
    assert back.schools.note == FORM.schools.note and back.cvs.note == FORM.cvs.note
    assert [r.segment for r in back.schools.rows] == [r.segment for r in FORM.schools.rows]
    assert [r.section for r in back.schools.rows] == [r.section for r in FORM.schools.rows]
    assert back.guarantee is not None
    assert back.guarantee.item(11).blank("rotated").text == "92"
    assert back.source is not None and back.source.missing == ()
    assert str(back.source.cell("II-2", 0, "L7")) == "表Ⅱ-2!G6"
    assert str(back.source.cell("IV", 13, "L2")) == "表Ⅳ!C19"


def _one_sheet(src: Path, dst: Path, titles: dict[str, str] | None = None) -> Path:
    """All tables one after another on one sheet named 'Sheet1', with other title styles."""
    wb = openpyxl.load_workbook(src)
    out = openpyxl.Workbook()
    ws = out.active
    ws.title = "Sheet1"
    row0 = 1
    for name in wb.sheetnames:
        s = wb[name]
        for r in s.iter_rows():
            for c in r:
                if c.value is not None:
                    v = c.value
                    if isinstance(v, str) and titles and c.row == 1:
                        for old, new in titles.items():
                            v = v.replace(old, new)
                    t = ws.cell(row0 + c.row - 1, c.column, v)
                    t.number_format = c.number_format
        for rng in s.merged_cells.ranges:
            ws.merge_cells(start_row=rng.min_row + row0 - 1, start_column=rng.min_col,
                           end_row=rng.max_row + row0 - 1, end_column=rng.max_col)
        row0 += s.max_row + 2
    out.save(dst)
    return dst


def test_tables_one_after_another_on_one_sheet_with_arabic_titles(written: Path,
                                                                  tmp_path: Path) -> None:
    titles = {"表Ⅰ": "表1", "表Ⅱ-1": "表2-1", "表Ⅱ-2": "表2－2", "表Ⅲ": "表 III", "表Ⅳ": "表四",
              "表Ⅴ": "表5", "表Ⅵ": "表 6"}
    path = _one_sheet(written, tmp_path / "one.xlsx", titles)
    back = read_declaration_form(path)
    _same_printed(FORM, back)
    assert back.source is not None
    assert {str(ref).split("!")[0] for ref in back.source.tables.values()} == {"Sheet1"}


@pytest.mark.parametrize(("title", "table"), [
    ("表Ⅰ 基本情况", TableId.BASICS), ("表1", TableId.BASICS), ("表 I  基本情况", TableId.BASICS),
    ("表Ⅱ-1 资源配置基本情况", TableId.RULE_SUMMARY), ("表2-2 分学校", TableId.SCHOOLS),
    ("表II—2", TableId.SCHOOLS), ("表Ⅱ 资源配置基本情况（分学校）", TableId.SCHOOLS),
    ("表Ⅲ", TableId.CVS), ("表IV 政府保障程度", TableId.GUARANTEE), ("表Ⅴ", TableId.QUALITY),
    ("表六 社会认可度", TableId.SURVEY),
])
def test_titles(title: str, table: TableId) -> None:
    import unicodedata
    assert _title(unicodedata.normalize("NFKC", title)) is table


@pytest.mark.parametrize("title", ["表12 其他", "表格说明", "表7", "表Ⅲ-2"])
def test_not_titles(title: str) -> None:
    import unicodedata
    assert _title(unicodedata.normalize("NFKC", title)) is None


def test_numbers_as_text_blank_optional_cells_and_section_rows(written: Path,
                                                               tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(written)
    ws = wb["表Ⅱ-2"]
    ws["G6"] = "７．９６"          # full-width digits, as text
    ws["J6"] = "8.00"             # text keeps its zeros
    ws["D7"] = "1,420"            # thousands separator
    ws["C8"] = None               # owner type left blank (optional)
    ws["F8"] = None               # classes left blank (optional)
    ws.insert_rows(6)             # a section label row "小学" before the rows
    ws["B6"] = "小学"
    wb.save(tmp_path / "m.xlsx")
    back = read_declaration_form(tmp_path / "m.xlsx")
    first = back.schools.rows[0]
    assert first.values[0].text == "7.96" and first.values[3].text == "8.00"
    assert back.schools.rows[1].pupils == 1420
    assert back.schools.rows[2].owner_type is None and back.schools.rows[2].classes is None
    assert back.source is not None and back.source.rows[("II-2", 0)] == 7


@pytest.mark.usefixtures("english")
def test_every_problem_at_once_with_sheet_row_and_column(written: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(written)
    ws = wb["表Ⅱ-2"]
    ws["H9"] = "abc"
    ws["D10"] = None               # pupils: required
    ws["N11"] = "可能"             # L14 must be 是/否
    wb["表Ⅲ"]["D7"] = "x"
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(FormReadError) as info:
        read_declaration_form(tmp_path / "bad.xlsx")
    locs = {(p.location, p.field) for p in info.value.problems}
    assert locs == {("表Ⅱ-2!H9", "表Ⅱ-2 L8"), ("表Ⅱ-2!D10", "表Ⅱ-2 L4"),
                    ("表Ⅱ-2!N11", "表Ⅱ-2 L14"), ("表Ⅲ!D7", "表Ⅲ L2")}
    assert "4 problem(s)" in str(info.value)


@pytest.mark.usefixtures("english")
def test_no_title_and_no_codes(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "学校名单"
    wb.save(tmp_path / "none.xlsx")
    with pytest.raises(FormReadError, match="no table of the declaration form"):
        read_declaration_form(tmp_path / "none.xlsx")
    wb.active["A3"] = "表Ⅲ 县域义务教育校际均衡情况"
    wb.active["A5"] = "学段"
    wb.save(tmp_path / "nocodes.xlsx")
    with pytest.raises(FormReadError, match=r"Sheet!A3.*no row of column codes"):
        read_declaration_form(tmp_path / "nocodes.xlsx")


def test_missing_tables_are_listed(written: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(written)
    for name in ("表Ⅳ", "表Ⅴ", "表Ⅵ", "表Ⅰ"):
        del wb[name]
    wb.save(tmp_path / "part.xlsx")
    back = read_declaration_form(tmp_path / "part.xlsx")
    assert back.source is not None and back.source.missing == ("I", "IV", "V", "VI")
    assert back.guarantee is None and back.schools.rows[0].name == "城关第一小学"


def test_segment_of_rows_without_markers(written: Path, tmp_path: Path) -> None:
    back = read_declaration_form(written)
    assert back.schools.rows[14].name == "城关中学"
    assert back.schools.rows[14].segment is Segment.JUNIOR


def test_note_parsing() -> None:
    parsed = parse_note(FORM.schools.notes()[0])
    assert parsed is not None and parsed[0] == FORM.schools.note and parsed[1] == 50
    assert parse_note("注：无") is None


@settings(max_examples=200, deadline=None)
@given(value=st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False),
       as_text=st.booleans(), places=st.integers(0, 3))
def test_number_cells_read_as_they_print(value: Decimal, as_text: bool, places: int) -> None:
    q = value.quantize(Decimal(1).scaleb(-places))
    if as_text:
        cell = _Cell(str(q), "General")
    else:
        cell = _Cell(float(q), "0" if places == 0 else "0." + "0" * places)
    assert _number_text(cell) == str(q)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_round_trip_of_synthetic_counties(seed: int, tmp_path: Path) -> None:
    # names that say nothing about the segment (S000001 …): the junior rows are told
    # apart by their numbering, which starts again at 1
    from qbalance import audit_form, synthetic_counties

    county = synthetic_counties(1, schools_per_county=40, seed=seed)[0]
    ex = example_county()
    county = county.model_copy(update={"guarantee": ex.guarantee, "quality": ex.quality,
                                       "survey": ex.survey, "vetoes": ex.vetoes})
    form = declaration_form(evaluate_county(county), county)
    back = read_declaration_form(write_declaration_form(form, tmp_path / "s.xlsx"))
    _same_printed(form, back)
    assert [r.segment for r in back.schools.rows] == [r.segment for r in form.schools.rows]
    report = audit_form(back)
    assert not report.has_errors
    assert [f for a in report.audits for f in a.findings if f.severity.value == "warning"] == []


def test_junior_only_county(tmp_path: Path) -> None:
    # only the junior segment evaluated: the rows are junior rows (the note says so), and
    # Table I's primary school counts are not held against rows that are not there
    from qbalance import County, audit_form

    d = COUNTY.model_dump()
    d["segments"] = ["junior"]
    county = County.model_validate(d)
    form = declaration_form(evaluate_county(county), county)
    back = read_declaration_form(write_declaration_form(form, tmp_path / "j.xlsx"))
    assert {r.segment for r in back.schools.rows} == {Segment.JUNIOR}
    assert not audit_form(back).has_errors
