"""evaluate_batch from files: Parquet, Arrow, CSV (pyarrow and the csv module), .xlsx."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from qbalance import DataError, evaluate_batch
from qbalance.evaluate.batch import read_batch_table
from qbalance.synth import synthetic_columns


def _cols(n: int = 600, seed: int = 3) -> dict[str, Any]:
    cols = synthetic_columns(n, n_counties=8, seed=seed)
    cols["private"] = cols["private"].astype(bool)
    return cols


def _same(a: Any, b: Any) -> None:
    assert a.county.tolist() == b.county.tolist()
    assert a.status.tolist() == b.status.tolist()
    np.testing.assert_array_equal(a.cv, b.cv)  # bit-identical: the same floats were read
    assert a.passed.tolist() == b.passed.tolist()
    np.testing.assert_array_equal(a.school_values, b.school_values)


def _write_csv(path: Path, cols: dict[str, Any], header: list[str] | None = None) -> None:
    keys = list(cols)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header or keys)
        for i in range(len(cols["county"])):
            w.writerow([repr(float(cols[k][i])) if np.asarray(cols[k]).dtype.kind == "f"
                        else cols[k][i] for k in keys])


def test_parquet_and_arrow_give_the_columns_result(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.feather as feather
    import pyarrow.parquet as pq
    cols = _cols()
    table = pa.table({k: np.asarray(v) for k, v in cols.items()})
    pq.write_table(table, tmp_path / "n.parquet")
    feather.write_feather(table, tmp_path / "n.arrow")
    want = evaluate_batch(cols)
    _same(evaluate_batch(tmp_path / "n.parquet"), want)
    _same(evaluate_batch(str(tmp_path / "n.arrow")), want)
    _same(evaluate_batch(table), want)  # an Arrow table in memory


@pytest.mark.parametrize("engine", ["pyarrow", "csv"])
def test_csv_gives_the_columns_result(tmp_path: Path, engine: str) -> None:
    if engine == "pyarrow":
        pytest.importorskip("pyarrow")
    cols = _cols()
    _write_csv(tmp_path / "n.csv", cols)
    got = read_batch_table(tmp_path / "n.csv", engine=engine)
    _same(evaluate_batch(got), evaluate_batch(cols))


@pytest.mark.parametrize("engine", ["calamine", "openpyxl"])
def test_xlsx_gives_the_columns_result(tmp_path: Path, engine: str) -> None:
    pytest.importorskip("python_calamine" if engine == "calamine" else "openpyxl")
    openpyxl = pytest.importorskip("openpyxl")
    cols = _cols(200)
    wb = openpyxl.Workbook()
    ws = wb.active
    keys = list(cols)
    ws.append(keys)
    for i in range(len(cols["county"])):
        ws.append([np.asarray(cols[k])[i].item() for k in keys])
    wb.save(tmp_path / "n.xlsx")
    got = read_batch_table(tmp_path / "n.xlsx", engine=engine)
    _same(evaluate_batch(got), evaluate_batch(cols))


def test_chinese_headers_and_units_as_the_county_reader(tmp_path: Path) -> None:
    cols = _cols(100)
    header = ["行政区划代码" if k == "county" else "学校代码" if k == "school_id" else
              "教学仪器设备值（万元）" if k == "equipment_value_yuan" else k for k in cols]
    cols_wan = dict(cols)
    cols_wan["equipment_value_yuan"] = cols["equipment_value_yuan"] / 10_000
    _write_csv(tmp_path / "zh.csv", cols_wan, header)
    got = read_batch_table(tmp_path / "zh.csv")
    np.testing.assert_allclose(got["equipment_value_yuan"], cols["equipment_value_yuan"],
                               rtol=1e-12)
    assert got["county"].tolist() == cols["county"].tolist()


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("engine", ["pyarrow", "csv"])
def test_bad_cells_are_named_by_row_and_column(tmp_path: Path, engine: str) -> None:
    if engine == "pyarrow":
        pytest.importorskip("pyarrow")
    cols = _cols(50)
    p = tmp_path / "bad.csv"
    _write_csv(p, cols)
    lines = p.read_text(encoding="utf-8").splitlines()
    keys = list(cols)
    j = keys.index("teaching_area_m2")
    cells = lines[5].split(",")
    cells[j] = "4430,1"  # a decimal comma: not a thousands separator
    lines[5] = ",".join(cells[:j]) + ',"4430,1",' + ",".join(cells[j + 1:])
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 6, column [A-Z]+ 'teaching_area_m2': '4430,1'"):
        read_batch_table(p, engine=engine)
    # an unknown column is an error, never dropped
    _write_csv(p, {**cols, "mystery": cols["county"]})
    with pytest.raises(DataError, match="mystery"):
        read_batch_table(p, engine=engine)
    with pytest.raises(DataError, match="must be one of"):
        evaluate_batch(tmp_path / "n.txt")
    with pytest.raises(DataError, match="no such file"):
        evaluate_batch(tmp_path / "absent.parquet")


@pytest.mark.usefixtures("english")
def test_blank_stock_is_an_error_and_blank_section_is_zero(tmp_path: Path) -> None:
    cols = _cols(40)
    p = tmp_path / "b.csv"
    cols2 = {k: np.asarray(v).astype(object) for k, v in cols.items()}
    cols2["sports_area_m2"][3] = ""
    _write_csv(p, cols2)
    with pytest.raises(DataError, match=r"row 5, column [A-Z]+ 'sports_area_m2': no value"):
        read_batch_table(p)
