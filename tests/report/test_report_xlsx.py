"""The Excel workbook with live formulas: recomputed independently, its figures are qbalance's."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from qbalance import evaluate_resources, example_county, load_standard, synthetic_counties
from qbalance.report_xlsx import col_letter, write_workbook

openpyxl = pytest.importorskip("openpyxl", reason="needs the excel extra (openpyxl)")
formulas = pytest.importorskip("formulas", reason="needs the formulas package (dev extra)")


def _recompute(path: Path) -> dict[tuple[str, str], Any]:
    """Every cell's value as computed by the `formulas` package (an Excel engine in Python)."""
    model = formulas.ExcelModel().loads(str(path)).finish()
    out: dict[tuple[str, str], Any] = {}
    for key, val in model.calculate().items():
        ref = str(key)
        if ":" in ref or "!" not in ref:
            continue
        sheet, cell = ref.rsplit("!", 1)
        sheet = sheet.strip("'").split("]", 1)[-1]
        v = getattr(val, "value", val)
        try:
            v = v[0][0]
        except (TypeError, IndexError):
            pass
        out[(sheet.upper(), cell.upper())] = v
    return out


def _formula_cells(path: Path) -> list[tuple[str, str, Any]]:
    """(sheet, cell, cached value) of every formula cell."""
    wf = openpyxl.load_workbook(path)
    wv = openpyxl.load_workbook(path, data_only=True)
    cells = []
    for ws in wf.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    cells.append((ws.title, c.coordinate, wv[ws.title][c.coordinate].value))
    return cells


def _same(a: Any, b: Any) -> bool:
    if isinstance(b, bool) or isinstance(a, bool):
        return bool(a) == bool(b)
    if isinstance(b, (int, float)):
        a = float(a)
        return math.isclose(a, float(b), rel_tol=1e-12, abs_tol=1e-15)
    return str(a) == str(b)


def _check_workbook(path: Path) -> int:
    computed = _recompute(path)
    cells = _formula_cells(path)
    assert cells
    bad = [(s, c, cached, computed.get((s.upper(), c))) for s, c, cached in cells
           if not _same(computed.get((s.upper(), c)), cached)]
    assert not bad, bad[:10]
    return len(cells)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_example_county_formulas_recompute_to_qbalance_figures(tmp_path: Path,
                                                                 lang: str) -> None:
    county = example_county()
    result = evaluate_resources(county)
    path = write_workbook(result, tmp_path / "wb.xlsx", county=county, lang=lang)
    n = _check_workbook(path)
    # 7 values, 7 met, 7 floor marks, 2 counts and a verdict per school, plus the county rows
    n_schools = sum(len(s.schools) for s in result.segments)
    assert n >= n_schools * 24 + 2 * 7 * 5

    wb = openpyxl.load_workbook(path, data_only=True)
    seg_name = "小学" if lang == "zh" else "Primary"
    ws = wb[seg_name]
    seg = result.segment("primary")
    assert ws["A20"].value == ("学校代码" if lang == "zh" else "School id")
    # the cached county figures are qbalance's exactly
    for j, ind in enumerate(seg.indicators):
        col = col_letter(5 + 7 + j)
        assert ws[f"{col}4"].value == ind.code
        assert ws[f"{col}11"].value == ind.mean
        assert ws[f"{col}13"].value == ind.cv
        assert ws[f"{col}8"].value == ind.threshold
    for i, s in enumerate(seg.schools):
        assert ws[f"A{21 + i}"].value == s.school_id
        assert tuple(ws[f"{col_letter(12 + j)}{21 + i}"].value for j in range(7)) == s.values


def test_school_values_are_formulas_over_numerators_and_shares(tmp_path: Path) -> None:
    county = example_county()
    result = evaluate_resources(county)
    path = write_workbook(result, tmp_path / "wb.xlsx", county=county)
    ws = openpyxl.load_workbook(path)["小学"]
    rows = {ws[f"A{r}"].value: r for r in range(21, 21 + 14)}
    split = result.splits[0]
    r = rows[split.school_id]
    assert ws[f"E{r}"].value == split.shares["primary"]
    # R4 (whole-school stock) is split by the share; R1 (teachers of the section) is not
    assert ws[f"P{r}"].value == f"=I{r}*$E{r}*P$7/$D{r}"
    assert ws[f"M{r}"].value == f"=F{r}*M$7/$D{r}"
    assert ws["M11"].value.startswith("=SUMPRODUCT($D$21:$D$34,M21:M34)")


def test_verdicts_follow_the_thresholds_in_the_cells(tmp_path: Path) -> None:
    """Raise a threshold in its cell: the recomputed school verdicts change accordingly."""
    county = example_county()
    result = evaluate_resources(county)
    path = write_workbook(result, tmp_path / "wb.xlsx", county=county)
    wb = openpyxl.load_workbook(path)
    ws = wb["小学"]
    seg = result.segment("primary")
    assert ws["P8"].value == seg.indicator("R4").threshold
    top = max(s.value("R4") for s in seg.schools)
    ws["P8"] = top * 2            # no school meets R4 now; the floor fails them all
    ws["M10"] = 1e-9              # and R1's CV limit is exceeded
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    computed = _recompute(edited)
    assert computed[("小学", "P15")] == 0
    assert all(computed[("小学", f"AJ{r}")] == "未达标" for r in range(21, 35))
    assert computed[("小学", "M14")] == "未达标"
    assert computed[("小学", "M18")] == "未达标"


def test_composite_limit_and_synthetic_counties(tmp_path: Path) -> None:
    std = load_standard("x-county-plan-2026")
    for k, county in enumerate(synthetic_counties(2, schools_per_county=25, seed=11)):
        result = evaluate_resources(county, std)
        path = write_workbook(result, tmp_path / f"wb{k}.xlsx", county=county, standard=std)
        _check_workbook(path)
        ws = openpyxl.load_workbook(path)["初中"]
        assert "M16<=O16" in ws["M18"].value


def test_workbook_lists_inputs_and_exclusions(tmp_path: Path) -> None:
    county = example_county()
    result = evaluate_resources(county)
    path = write_workbook(result, tmp_path / "wb.xlsx", county=county,
                          inputs=[("schools.csv", "ab" * 32)])
    wb = openpyxl.load_workbook(path, data_only=True)
    assert wb.sheetnames == ["说明", "小学", "初中", "未纳入计算的学校"]
    about = [c for row in wb["说明"].iter_rows(values_only=True) for c in row if c]
    assert any("schools.csv" in str(c) and "ab" * 32 in str(c) for c in about)
    assert "县域义务教育优质均衡发展督导评估办法（国家标准）" in about
    left = wb["未纳入计算的学校"]
    assert left.max_row == 1 + len(result.exclusions)


def test_cli_writes_the_workbook_with_input_checksums(tmp_path: Path) -> None:
    import hashlib

    from qbalance.cli import main
    from qbalance.examples import example_path

    out = tmp_path / "计算表.xlsx"
    assert main(["evaluate", "--example", "--format", "xlsx", "--out", str(out)]) == 1
    digest = hashlib.sha256(example_path().read_bytes()).hexdigest()
    about = [str(c) for row in openpyxl.load_workbook(out)["说明"].iter_rows(values_only=True)
             for c in row if c]
    assert any(digest in c and example_path().name in c for c in about)
    # by suffix too, and a workbook needs a file to go to
    assert main(["evaluate", "--example", "--out", str(tmp_path / "b.xlsx")]) == 1
    assert openpyxl.load_workbook(tmp_path / "b.xlsx").sheetnames[1] == "小学"
    assert main(["evaluate", "--example", "--format", "xlsx"]) == 2


def test_undefined_cv_is_excels_division_error(tmp_path: Path) -> None:
    county = example_county()
    schools = tuple(
        s.model_copy(update={"junior": s.junior.model_copy(update={"backbone_teachers": 0})})
        if s.junior is not None else s for s in county.schools)
    county = county.model_copy(update={"schools": schools})
    result = evaluate_resources(county)
    assert math.isnan(result.segment("junior").indicator("R2").cv)
    path = write_workbook(result, tmp_path / "wb.xlsx", county=county)
    ws = openpyxl.load_workbook(path, data_only=True)["初中"]
    assert ws["N13"].value == "#DIV/0!" and ws["N11"].value == 0
    assert ws["M18"].value == "未达标"
