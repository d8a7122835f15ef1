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
from qbalance.io.tables import read_schools_csv

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


# -- values: numbers, lists, yes/no, kinds ----------------------------------------------
HEAD = ["学校代码", "学校名称", "学校类型", "在校生数", "高于规定学历教师数", "骨干教师数",
        "体育艺术专任教师数", "教学及辅助用房面积", "体育运动场馆面积", "教学仪器设备值",
        "网络多媒体教室数"]
ROW = ["P01", "城关小学", "小学", "1200", "80", "14", "15", "6000", "10000", "3000000", "30"]
ROW2 = ["P02", "东岭小学", "小学", "900", "60", "10", "9", "4000", "7000", "2000000", "20"]


def sheet(*rows: list[str], head: list[str] = HEAD) -> str:
    buf = io.StringIO()
    import csv

    csv.writer(buf).writerows([head, *rows])
    return buf.getvalue()


def one_error(text: str) -> tuple[str, str, object, str]:
    with pytest.raises(DataValidationError) as err:
        read(text)
    (p,) = err.value.problems
    return p.location, p.field, p.value, p.message


def with_cell(j: int, value: str, row: list[str] = ROW) -> list[str]:
    return [*row[:j], value, *row[j + 1:]]


@pytest.mark.parametrize("text", ["4430,1", "4,430,1", "44,30", "4430,", ",4430"])
def test_commas_outside_groups_of_three_are_errors(text: str) -> None:
    where, field, value, msg = one_error(sheet(with_cell(7, text)))
    assert "row 2" in where and field == "教学及辅助用房面积 (column H)" and value == text
    assert "逗号" in msg


@pytest.mark.parametrize(("text", "expected"), [
    ("4,430", 4430.0), ("4,430,100", 4430100.0), ("4,430.5", 4430.5), ("６０００", 6000.0),
    (" 6 000 ", 6000.0), ("6000.0", 6000.0)])
def test_numbers_read_exactly(text: str, expected: float) -> None:
    (s,) = read(sheet(with_cell(7, text)))
    assert s.teaching_area_m2 == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", ["1860人", "约6000", "6000m2"])
def test_units_or_words_in_a_number_cell_are_errors(text: str) -> None:
    where, field, value, msg = one_error(sheet(with_cell(3, text)))
    assert "row 2" in where and value == text and field.startswith("在校生数")


ROOMS = [*HEAD, "音乐专用教室面积"]


@pytest.mark.parametrize(("text", "rooms"), [
    ("78,96", (78.0, 96.0)), ("78，96", (78.0, 96.0)), ("78、96、96", (78.0, 96.0, 96.0)),
    ("78；96", (78.0, 96.0)), ("78;96", (78.0, 96.0)), ("78/96", (78.0, 96.0)),
    ("78 96", (78.0, 96.0)), ("96", (96.0,)), ("78.5、96", (78.5, 96.0))])
def test_room_area_lists(text: str, rooms: tuple[float, ...]) -> None:
    (s,) = read(sheet([*ROW, text], head=ROOMS))
    assert s.music_room_areas_m2 == rooms  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "word"), [("7896", "超过 1000"), ("78,5", "小数点")])
def test_implausible_room_is_an_error(text: str, word: str) -> None:
    where, field, value, msg = one_error(sheet([*ROW, text], head=ROOMS))
    assert field.startswith("音乐专用教室面积") and value == text and word in msg


YESNO = [*HEAD, "是否乡村学校"]


@pytest.mark.parametrize(("text", "rural"), [
    ("是", True), ("否", False), ("1", True), ("0", False), ("1.0", True), ("0.0", False),
    ("√", True), ("×", False), ("yes", True), ("No", False), ("✓", True)])
def test_yes_no_forms(text: str, rural: bool) -> None:
    (s,) = read(sheet([*ROW, text], head=YESNO))
    assert s.rural is rural  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", ["x", "X", "有", "2", "是的"])
def test_other_yes_no_words_are_errors(text: str) -> None:
    where, field, value, msg = one_error(sheet([*ROW, text], head=YESNO))
    assert field.startswith("是否乡村学校") and value == text and "是/否" in msg


@pytest.mark.parametrize(("text", "kind"), [
    ("211", "primary"), ("218", "teaching_point"), ("311", "junior"), ("完全小学", "primary"),
    ("中心小学", "primary"), ("村小", "primary"), ("教学点", "teaching_point"),
    ("小学教学点", "teaching_point"), (" 完 全 小 学 ", "primary")])
def test_school_kind_codes_and_names(text: str, kind: str) -> None:
    row = with_cell(2, text)
    (s,) = read(sheet(row))
    assert s.kind.value == kind  # type: ignore[attr-defined]


def test_kind_codes_as_numbers_in_a_frame() -> None:
    pd = pytest.importorskip("pandas")
    from qbalance.io.tables import read_schools_frame

    df = pd.DataFrame([with_cell(2, "211"), with_cell(0, "P02")], columns=HEAD)
    df["学校类型"] = [211, 218]
    df[HEAD[3]] = [1200, 300]
    a, b = read_schools_frame(df)
    assert (a.kind.value, b.kind.value) == ("primary", "teaching_point")


def test_out_of_scope_kind_says_so() -> None:
    where, field, value, msg = one_error(sheet(with_cell(2, "342")))
    assert "不是义务教育学校" in msg and field.startswith("学校类型")


# -- headers ------------------------------------------------------------------------------
def test_data_under_a_blank_header_is_reported() -> None:
    head = [*HEAD, ""]
    with pytest.raises(DataValidationError, match="没有表头") as err:
        read(sheet([*ROW, "是"], [*ROW2, ""], head=head))
    assert err.value.problems[0].field == "column L"
    # data right of the last header too
    with pytest.raises(DataValidationError, match="没有表头"):
        read(sheet([*ROW, "96"], ROW2))
    # an empty column under an empty header is harmless
    assert len(read(sheet([*ROW, ""], [*ROW2, ""], head=head))) == 2


@pytest.mark.parametrize("first", [
    ["P01", "城关小学", "小学", "", "", "", "", "", "", "", ""],
    ["P01", "城关小学", "小学", "1860人", "80", "14", "15", "6000", "10000", "3000000", "30"]])
def test_first_school_without_a_number_is_not_a_second_header_row(first: list[str]) -> None:
    with pytest.raises(DataValidationError) as err:
        read(sheet(first, ROW2))
    assert all("row 2" in p.location for p in err.value.problems)


def test_frame_whose_first_row_is_nan_is_not_a_header() -> None:
    pd = pytest.importorskip("pandas")
    from qbalance.io.tables import read_schools_frame

    df = pd.DataFrame([ROW, ROW2], columns=HEAD)
    df = df.astype({c: float for c in HEAD[3:]})
    df.loc[0, HEAD[3:]] = float("nan")
    with pytest.raises(DataValidationError) as err:
        read_schools_frame(df)
    assert all("index 0" in p.location for p in err.value.problems)


def test_frame_with_nullable_dtypes() -> None:
    pd = pytest.importorskip("pandas")
    from qbalance.io.tables import read_schools_frame

    df = pd.DataFrame([ROW, ROW2], columns=HEAD)
    for c in HEAD[3:]:
        df[c] = df[c].astype("Int64")
    df["学校名称"] = df["学校名称"].astype("string")
    df["是否乡村学校"] = pd.array([True, pd.NA], dtype="boolean")
    df["建校年份"] = pd.array([2001, pd.NA], dtype="Int64")
    a, b = read_schools_frame(df)
    assert (a.rural, b.rural, a.year_built, b.year_built) == (True, None, 2001, None)
    assert a.primary is not None and a.primary.pupils == 1200


# -- rows: duplicates, totals, segments a kind does not have ------------------------------
def test_same_school_twice_under_two_ids() -> None:
    where, field, value, msg = one_error(sheet(ROW, ROW2, with_cell(0, "P09")))
    assert "row 4" in where and value == "P09" and "P01" in msg and "两次" in msg


def test_consistent_totals_row_is_skipped_with_a_note() -> None:
    from qbalance.io.tables import TableNote

    total = ["合计", "", "", "2100", "140", "24", "24", "10000", "17000", "5000000", "50"]
    with pytest.warns(TableNote, match="合计"):
        schools = read(sheet(ROW, ROW2, total))
    assert [s.id for s in schools] == ["P01", "P02"]  # type: ignore[attr-defined]


def test_inconsistent_totals_row_is_reported() -> None:
    total = ["合计", "", "", "2101", "140", "24", "24", "10000", "17000", "5000000", "50"]
    where, field, value, msg = one_error(sheet(ROW, ROW2, total))
    assert "row 4" in where and field.startswith("在校生数") and "2100" in msg


def test_subtotals_per_section_and_a_grand_total() -> None:
    from qbalance.io.tables import TableNote

    sub1 = ["小计", "", "", "1200", "80", "14", "15", "6000", "10000", "3000000", "30"]
    sub2 = ["小计", "", "", "900", "60", "10", "9", "4000", "7000", "2000000", "20"]
    total = ["总计", "", "", "2100", "140", "24", "24", "10000", "17000", "5000000", "50"]
    with pytest.warns(TableNote):
        assert len(read(sheet(ROW, sub1, ROW2, sub2, total))) == 2
    bad = ["小计", "", "", "2100", "140", "24", "24", "10000", "17000", "5000000", "50"]
    with pytest.raises(DataValidationError, match="小计"):
        read(sheet(ROW, sub1, ROW2, bad))


NINE = [*HEAD[:3], "小学在校生数", "小学高于规定学历教师数", "小学县级及以上骨干教师数",
        "小学体育艺术专任教师数", "初中在校生数", "初中高于规定学历教师数",
        "初中县级及以上骨干教师数", "初中体育艺术专任教师数", *HEAD[7:]]


def test_a_primary_school_with_zero_junior_cells_is_read() -> None:
    row = [*ROW[:7], "0", "0", "0", "0", *ROW[7:]]
    (s,) = read(sheet(row, head=NINE))
    assert s.junior is None  # type: ignore[attr-defined]


def test_a_primary_school_has_no_junior_data() -> None:
    row = [*ROW[:7], "", "5", "", "", *ROW[7:]]
    where, field, value, msg = one_error(sheet(row, head=NINE))
    assert msg.startswith("小学没有初中数据") and field == "初中高于规定学历教师数 (column I)"
    assert value == 5


def test_sports_area_in_mu() -> None:
    head = [*HEAD[:8], "体育运动场馆面积（亩）", *HEAD[9:]]
    (s,) = read(sheet(with_cell(8, "15"), head=head))
    assert s.sports_area_m2 == pytest.approx(10000.0)  # type: ignore[attr-defined]


def test_more_teachers_than_pupils_is_a_shifted_row() -> None:
    where, field, value, msg = one_error(sheet(with_cell(3, "60")))
    assert field.startswith("高于规定学历教师数") and value == 80 and "错位" in msg


def test_a_csv_row_that_lost_a_cell_is_named() -> None:
    short = [c for j, c in enumerate(ROW2) if j != 4]
    with pytest.raises(DataValidationError, match="只有 10 个单元格") as err:
        read(sheet(ROW, short, with_cell(0, "P03", ROW2)[:1] + ["北岭小学"] + ROW2[2:]))
    assert err.value.problems[0].location.endswith("row 3")



def test_the_only_school_row_that_lost_a_cell_is_named() -> None:
    """Found by the reader property test (2026-12-01): with the header and one school row,
    a row short by one cell was read shifted (the next value under the lost one's column)."""
    short = [c for j, c in enumerate(ROW) if j != 7]  # the teaching area deleted
    with pytest.raises(DataValidationError, match="只有 10 个单元格") as err:
        read(sheet(short))
    assert err.value.problems[0].location.endswith("row 2")


def test_a_shortened_row_with_a_blank_last_cell_is_named() -> None:
    """Found by the reader property test (2026-12-01): a row one cell short whose last cell
    is blank (an optional last column) is a lost cell too, not trailing blanks left out."""
    head = [*HEAD, "建校年份", "是否乡村学校"]
    full, full2 = [*ROW, "1998", "否"], [*ROW2, "2001", "是"]
    lost = [c for j, c in enumerate([*ROW2, "2001", ""]) if j != 8]
    with pytest.raises(DataValidationError, match="只有 12 个单元格") as err:
        read(sheet(full, lost, ["P03", "北岭小学", *full2[2:]], head=head))
    assert err.value.problems[0].location.endswith("row 3")
    # trailing blanks left out of every row (a consistent writer) are still read
    kept = read(sheet(ROW, ROW2, head=head))
    assert [s.id for s in kept] == ["P01", "P02"]  # type: ignore[attr-defined]

# -- the template (issue 17) ---------------------------------------------------------------
def test_template_asks_only_what_the_method_uses(tmp_path: Path) -> None:
    from qbalance.io.tables import template_keys, write_template

    keys = template_keys()
    assert "computers" not in keys and "library_books" not in keys  # not in national-2017
    assert {"primary_pupils", "junior_pe_art_teachers", "music_room_areas_m2"} <= set(keys)
    files = write_template(tmp_path, excel=False)  # the .xlsx (openpyxl) is the next test's
    head = files[0].read_text("utf-8-sig").splitlines()[0].split(",")
    assert len(head) == len(keys)


def test_template_explains_every_column(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from qbalance.io.tables import template_keys, write_template

    files = write_template(tmp_path)
    wb = openpyxl.load_workbook(files[1])
    info = [[c.value for c in row] for row in wb["说明"].iter_rows()]
    assert info[0][:6] == ["列名", "英文键", "单位", "说明", "填写的学校", "示例"]
    by_key = {r[1]: r for r in info[1:] if r[1] and r[0] != "注意"}
    assert set(by_key) == set(template_keys())
    assert all(r[3] for r in by_key.values())  # every column explained
    assert by_key["music_room_areas_m2"][5] == "78、96、96" and "顿号" in by_key[
        "music_room_areas_m2"][3]
    assert by_key["junior_pupils"][4] and "小学" not in by_key["junior_pupils"][4].split("、")
    assert "万元" in by_key["equipment_value_yuan"][3]
    notes = " ".join(str(r[1]) for r in info if r[0] == "注意")
    assert "√/×" in notes and "特殊教育学校" in notes


def test_a_special_school_needs_only_code_name_and_kind() -> None:
    (s,) = read(sheet(["S01", "县特殊教育学校", "特殊教育学校", "", "", "", "", "", "", "",
                       ""]))
    assert s.kind.value == "special" and s.teaching_area_m2 == 0  # type: ignore[attr-defined]


def test_same_school_twice_in_a_county_file(tmp_path: Path) -> None:
    import json

    import qbalance

    d = qbalance.example_county().model_dump(mode="json", exclude_none=True)
    twin = dict(d["schools"][2], id="P99")
    d["schools"].append(twin)
    f = tmp_path / "county.json"
    f.write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    with pytest.raises(DataValidationError, match="两次") as err:
        qbalance.load_county(f)
    p = err.value.problems[0]
    assert p.location.endswith(f"schools[{len(d['schools']) - 1}] (P99 {twin['name']})")
    assert f"schools[2]" in p.message


def test_cli_lang_en_switches_reader_messages(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from qbalance.cli import main

    f = tmp_path / "s.csv"
    f.write_text(sheet(with_cell(7, "4430,1")), "utf-8")
    assert main(["evaluate", str(f), "--year", "2025", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "groups of three" in err and "逗号" not in err
    assert main(["evaluate", str(f), "--year", "2025"]) == 2
    assert "逗号" in capsys.readouterr().err
