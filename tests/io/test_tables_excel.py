"""Excel workbooks as bureaus keep them: .xls, formulas without saved results, zip
bombs (issues 12 and 17)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import qbalance
from qbalance import DataError, DataValidationError, QBalanceError
from qbalance.examples import example_table_path
from qbalance.io.tables import read_schools, read_schools_csv, read_schools_excel

openpyxl = pytest.importorskip("openpyxl")

HEAD = ["学校代码", "学校名称", "学校类型", "在校生数", "高于规定学历教师数", "骨干教师数",
        "体育艺术专任教师数", "教学及辅助用房面积", "体育运动场馆面积", "教学仪器设备值",
        "网络多媒体教室数", "是否乡村学校"]
ROW = ["P01", "城关小学", 211, 1200, 80, 14, 15, 6000.5, 10000, 3000000, 30, "√"]
ROW2 = ["P02", "石门村小", "村小", 90, 6, 1, 2, 400, 700, 200000, 2, "×"]


def test_xls_workbook_is_read(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt", reason="writing the .xls fixture needs xlwt")
    pytest.importorskip("xlrd", reason="reading .xls needs the xls extra (xlrd)")
    wb = xlwt.Workbook()
    ws = wb.add_sheet("学校")
    ws.write(0, 0, "某县义务教育学校基本情况表")  # title row
    for i, row in enumerate([HEAD, ROW, ROW2], start=1):
        for j, v in enumerate(row):
            ws.write(i, j, v)
    path = tmp_path / "schools.xls"
    wb.save(str(path))
    a, b = read_schools(path)
    assert (a.id, a.kind.value, a.teaching_area_m2, a.rural) == ("P01", "primary", 6000.5, True)
    assert (b.name, b.kind.value, b.rural) == ("石门村小", "primary", False)
    county = qbalance.load_county(path, year=2025, county={"segments": ["primary"]})
    assert len(county.schools) == 2


def test_xls_garbage_is_a_data_error(tmp_path: Path) -> None:
    pytest.importorskip("xlrd")
    path = tmp_path / "bad.xls"
    path.write_bytes(b"not an xls file at all" * 10)
    with pytest.raises(DataError, match=".xls"):
        read_schools(path)


def test_formula_without_cached_value_names_the_cell(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD)
    ws.append([*ROW[:7], "=4000+2000", *ROW[8:]])
    path = tmp_path / "formulas.xlsx"
    wb.save(path)  # openpyxl saves formulas without computed results
    with pytest.raises(DataValidationError, match="Excel 中打开并保存") as err:
        read_schools_excel(path)
    p = err.value.problems[0]
    assert "row 2" in p.location and p.field == "column H" and p.value == "=4000+2000"
    assert "H2" in p.message


def test_formulas_with_cached_values_are_read(tmp_path: Path) -> None:
    # a workbook saved by Excel keeps <f> and <v>: write one by hand
    src = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD)
    ws.append(ROW)
    wb.save(src)
    out = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = text.replace('<c r="H2" t="n"><v>6000.5</v></c>',
                                    '<c r="H2"><f>6000+0.5</f><v>6000.5</v></c>')
                assert "<f>" in text
                data = text.encode()
            zout.writestr(item, data)
    (s,) = read_schools_excel(out)
    assert s.teaching_area_m2 == 6000.5


def test_zip_bomb_shaped_workbook_is_refused(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QBALANCE_MAX_INPUT_MB", "1")  # unpacked cap: 4 MB
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<row>" + b" " * (8 * 2**20) + b"</row>")
    assert path.stat().st_size < 100_000
    with pytest.raises(QBalanceError, match="解压后超过"):
        read_schools_excel(path)


def test_not_a_zip_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("学校代码,学校名称\n", "utf-8")
    with pytest.raises(DataError, match="不是有效的 .xlsx"):
        read_schools_excel(path)


def test_row_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QBALANCE_MAX_ROWS", "5")
    with pytest.raises(QBalanceError, match="行的读取上限"):
        read_schools_excel(example_table_path("xlsx"))
    with pytest.raises(QBalanceError, match="行的读取上限"):
        read_schools_csv(example_table_path("csv"))
