"""Careless and hostile schools tables: nothing lost, nothing misread (issue 12, 17).

Each test is a regression test of one class of bad input: either the table is read
exactly, or a QBalanceError names the row and the column.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from qbalance import DataValidationError, QBalanceError
from qbalance.examples import example_table_path
from qbalance.tables import read_schools_csv

CSV = Path(example_table_path("csv")).read_text("utf-8-sig")
LINES = CSV.splitlines()
EXPECTED = read_schools_csv(io.StringIO(CSV))


def read(text: str) -> tuple[object, ...]:
    return read_schools_csv(io.StringIO(text))


def test_cr_only_line_endings_are_read() -> None:
    assert read(CSV.replace("\n", "\r")) == EXPECTED
    assert read(CSV.replace("\n", "\r\n")) == EXPECTED


def with_note(note_row: int, note: str, close_row: int | None = None) -> str:
    body = [ln + "," for ln in LINES[2:]]
    body[note_row] += note
    if close_row is not None:
        body[close_row] += '"另"'
    return "\n".join([LINES[0] + ",备注", LINES[1] + ","] + body)


def test_quote_left_open_to_the_end_names_the_row() -> None:
    with pytest.raises(DataValidationError, match="引号直到文件末尾都没有闭合") as err:
        read(with_note(3, '"2024年扩建'))
    assert err.value.problems[0].location.endswith("row 6")


def test_quote_closed_rows_later_is_not_a_silent_loss() -> None:
    with pytest.raises(DataValidationError) as err:
        read(with_note(3, '"2024年扩建', close_row=10))
    assert "row 6" in err.value.problems[0].location


def test_quote_swallowing_rows_then_closing_in_the_same_column() -> None:
    body = [ln + "," for ln in LINES[2:]]
    body[3] += '"2024年扩建'
    body[10] += '备注"'
    text = "\n".join([LINES[0] + ",备注", LINES[1] + ","] + body)
    with pytest.raises(DataValidationError, match="吞掉了后面的学校") as err:
        read(text)
    assert "row 6" in err.value.problems[0].location


def test_a_real_multi_line_note_is_kept() -> None:
    body = [ln + "," for ln in LINES[2:]]
    body[3] += '"2024年扩建\n新建教学楼一栋"'
    text = "\n".join([LINES[0] + ",备注", LINES[1] + ","] + body)
    assert read(text) == EXPECTED


def test_cell_longer_than_the_csv_field_limit() -> None:
    body = [ln + "," for ln in LINES[2:]]
    body[0] += "备" * 200_000
    text = "\n".join([LINES[0] + ",备注", LINES[1] + ","] + body)
    with pytest.raises(QBalanceError, match="超过 131072 个字符"):
        read(text)


@pytest.mark.parametrize("sep", ["\t", ";"])
def test_title_row_above_a_tab_or_semicolon_header(sep: str) -> None:
    text = CSV.replace(";", "、").replace(",", sep)
    assert read("某县义务教育学校基本情况统计表\n" + text) == EXPECTED
    assert read("某县义务教育学校基本情况统计表" + sep * 3 + "\n\n" + text) == EXPECTED
