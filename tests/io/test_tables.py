"""Reading schools from CSV, Excel and DataFrames; templates; county facts."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import qbalance
from qbalance import County, DataError, DataValidationError, SchoolKind, load_county
from qbalance.examples import example_facts, example_table_path
from qbalance.io import county_from_frame, county_from_schools
from qbalance.io.tables import (
    COLUMNS,
    read_schools,
    read_schools_csv,
    read_schools_excel,
    read_schools_frame,
    write_schools_csv,
    write_schools_excel,
    write_template,
)

openpyxl = pytest.importorskip("openpyxl")
pd = pytest.importorskip("pandas")

ZH_HEADER = ["学校代码", "学校名称", "学校类型", "在校生数", "高于规定学历教师数", "骨干教师数",
             "体育艺术专任教师数", "教学及辅助用房面积", "体育运动场馆面积", "教学仪器设备值",
             "网络多媒体教室数"]
GOOD = ["P01", "城关小学", "小学", 1200, 80, 14, 15, 6000, 10000, 3_000_000, 30]


def _write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_example_table_matches_the_county_file() -> None:
    county = qbalance.example_county()
    for fmt in ("csv", "xlsx"):
        assert read_schools(example_table_path(fmt)) == county.schools
    from_table = load_county(example_table_path("csv"), county=example_facts())
    assert from_table == county


def test_csv_to_model_to_json_to_model_round_trip(tmp_path: Path) -> None:
    county = load_county(example_table_path("csv"), county={"name": "示例县", "year": 2025})
    dumped = json.dumps(county.model_dump(mode="json"), ensure_ascii=False)
    again = County.from_dict(json.loads(dumped))
    assert again == county
    # and back out to CSV (English keys this time) and in again
    out = write_schools_csv(again, tmp_path / "schools.csv", lang="en")
    assert read_schools(out) == county.schools


def test_chinese_headers_single_segment_columns_and_units(tmp_path: Path) -> None:
    header = [*ZH_HEADER[:-2], "教学仪器设备值（万元）", "网络多媒体教室数"]
    rows = [header, ["J01", "城关中学", "初级中学", 900, 60, 12, 10, 6000, 12000, 300.5, 30]]
    (school,) = read_schools_csv(_write_csv(tmp_path / "s.csv", rows))
    assert school.kind is SchoolKind.JUNIOR
    assert school.junior is not None and school.primary is None
    assert school.junior.pupils == 900
    assert school.equipment_value_yuan == pytest.approx(3_005_000)


def test_gbk_csv_with_title_row_and_units_row(tmp_path: Path) -> None:
    lines = [["某县义务教育学校基本情况表"], ZH_HEADER,
             ["单位", "", "", "人", "人", "人", "人", "平方米", "平方米", "万元", "间"],
             [*GOOD[:9], 300, 30]]
    p = tmp_path / "gbk.csv"
    with p.open("w", encoding="gbk", newline="") as fh:
        csv.writer(fh).writerows(lines)
    (school,) = read_schools(p)
    assert school.name == "城关小学"
    assert school.equipment_value_yuan == 3_000_000


def test_three_bad_rows_in_a_spreadsheet_are_all_reported(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["县学校统计表"])           # row 1: title
    ws.append(ZH_HEADER)                  # row 2: header
    ws.append(GOOD)                       # row 3: fine
    ws.append(["P02", "东岭小学", "小学", "九百", 60, 10, 9, 4000, 7000, 2e6, 20])   # row 4
    ws.append(GOOD[:1] + ["北山小学"] + GOOD[2:])  # row 5: duplicate id
    ws.append(["P04", "西河小学", "小学", 500, 30, 5, 5, -1, 4000, 1e6, 12])      # row 6
    ws.append(["P05", "南坪小学", "中专", 400, 30, 5, 5, 2000, 4000, 1e6, 12])    # row 7
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    with pytest.raises(DataValidationError) as info:
        read_schools_excel(path)
    err = info.value
    by_row = {p.location.split(", ")[1].split(" ")[1]: p for p in err.problems}
    assert sorted(by_row) == ["4", "5", "6", "7"]
    assert by_row["4"].field == "在校生数 (column D)" and by_row["4"].value == "九百"
    assert "与第 3 行" in by_row["5"].message
    assert "repeats row 3" in by_row["5"].message.render("en")
    assert by_row["6"].field == "教学及辅助用房面积 (column H)" and by_row["6"].value == -1
    assert by_row["7"].field == "学校类型 (column C)"
    assert "无法识别的学校类型" in by_row["7"].message
    assert all(str(path) in p.location for p in err.problems)
    assert "第 4 行（P02 东岭小学）" in str(err)
    assert "row 4 (P02 东岭小学)" in err.render("en")


def test_missing_cells_name_the_expected_column(tmp_path: Path) -> None:
    rows = [ZH_HEADER, ["P01", "城关小学", "小学", 1200, "", 14, 15, 6000, 10000, 3e6, 30]]
    with pytest.raises(DataValidationError) as info:
        read_schools_csv(_write_csv(tmp_path / "s.csv", rows))
    (problem,) = info.value.problems
    assert problem.field == "高于规定学历教师数 (column E)"
    assert "row 2" in problem.location


@pytest.mark.usefixtures("english")
def test_unknown_column_is_an_error_unless_mapped_or_ignored(tmp_path: Path) -> None:
    rows = [[*ZH_HEADER, "校长"], [*GOOD, "张三"]]
    p = _write_csv(tmp_path / "s.csv", rows)
    with pytest.raises(DataValidationError, match="unknown column"):
        read_schools(p)
    assert len(read_schools(p, columns={"校长": None})) == 1
    renamed = [["代号", *ZH_HEADER[1:]], GOOD]
    p2 = _write_csv(tmp_path / "r.csv", renamed)
    (s,) = read_schools_csv(p2, columns={"代号": "id"})
    assert s.id == "P01"
    with pytest.raises(DataValidationError, match="unknown key"):
        read_schools_csv(p2, columns={"代号": "no_such_key"})


@pytest.mark.usefixtures("english")
def test_totals_row_and_ambiguous_columns_are_reported(tmp_path: Path) -> None:
    rows = [ZH_HEADER, GOOD,
            ["N01", "南坪九年一贯制学校", "九年一贯制", 800, 60, 10, 9, 6000, 9000, 2e6, 20],
            ["合计", "", "", 2000, 140, 24, 24, 12000, 19000, 5e6, 50]]
    with pytest.raises(DataValidationError) as info:
        read_schools_csv(_write_csv(tmp_path / "s.csv", rows))
    msgs = [p.message for p in info.value.problems]
    assert sum("ambiguous" in m for m in msgs) == 4
    # the 合计 row adds up: it is checked and skipped, not a problem (issue 17)
    assert not any("合计" in p.location for p in info.value.problems)


@pytest.mark.usefixtures("english")
def test_units_row_disagreeing_with_header_unit(tmp_path: Path) -> None:
    header = [*ZH_HEADER[:-2], "教学仪器设备值（元）", "网络多媒体教室数"]
    units = ["单位", "", "", "人", "人", "人", "人", "平方米", "平方米", "万元", "间"]
    with pytest.raises(DataValidationError, match="units row says"):
        read_schools_csv(_write_csv(tmp_path / "s.csv", [header, units, GOOD]))


def test_dataframe_with_english_keys_and_nan() -> None:
    county = qbalance.example_county()
    from qbalance.io.frames import schools_frame

    for lang in ("en", "zh"):
        df = schools_frame(county, lang=lang)
        assert read_schools_frame(df) == county.schools
    df = schools_frame(county)
    df["teaching_area_m2"] = df["teaching_area_m2"].astype(object)
    df.loc[3, "teaching_area_m2"] = "n/a"
    with pytest.raises(DataValidationError) as info:
        read_schools_frame(df)
    (p,) = info.value.problems
    assert p.location.startswith("DataFrame, index 3") and p.field == "teaching_area_m2"
    again = county_from_frame(schools_frame(county), example_facts())
    assert again == county


@pytest.mark.usefixtures("english")
def test_template_reads_back_after_filling(tmp_path: Path) -> None:
    files = write_template(tmp_path)
    assert [f.name for f in files] == ["schools-template.csv", "schools-template.xlsx",
                                       "county.toml"]
    with files[0].open(encoding="utf-8-sig") as fh:
        header, units = list(csv.reader(fh))
    assert header[:3] == ["学校代码", "学校名称", "学校类型"] and units[0] == "单位"
    # an empty template is a table without schools: reported, not silently empty
    with pytest.raises(DataValidationError, match="no school rows"):
        read_schools(files[0])
    wb = openpyxl.load_workbook(files[1])
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == header
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert "九年一贯制学校" in lists["C"]  # drop-down of school kinds
    values = {"学校代码": "P01", "学校名称": "城关小学", "学校类型": "小学", "小学在校生数": 1200,
              "小学高于规定学历教师数": 80, "小学县级及以上骨干教师数": 14,
              "小学体育艺术专任教师数": 15, "教学及辅助用房面积": 6000,
              "体育运动场馆面积": 10000, "教学仪器设备值": 3e6, "网络多媒体教室数": 30}
    ws.append([values.get(h) for h in header])
    junior = {**values, "学校代码": "J01", "学校名称": "城关中学", "学校类型": "初中"}
    junior.update({k.replace("小学", "初中"): junior.pop(k) for k in list(junior)
                   if k.startswith("小学")})
    ws.append([junior.get(h) for h in header])
    wb.save(files[1])
    county = load_county(files[1], county=files[2])
    assert county.name == "某县" and county.school("P01").primary is not None


def test_table_needs_a_year_and_refuses_schools_in_facts(tmp_path: Path,
                                                         english: None) -> None:
    with pytest.raises(DataValidationError, match="school year"):
        load_county(example_table_path("csv"))
    county = load_county(example_table_path("csv"), year=2024)
    assert county.name == "example-county-schools" and county.year == 2024
    with pytest.raises(DataError, match="list schools"):
        county_from_schools(county.schools, {"name": "x", "year": 2024, "schools": []})


def test_reader_problems_are_in_chinese_by_default(tmp_path: Path) -> None:
    """No English fragment in a Chinese message (the year, schools in the facts, a missing
    cell: their texts were English only)."""
    with pytest.raises(DataValidationError, match="需要数据所属的学年") as err:
        load_county(example_table_path("csv"))
    assert "school year" not in str(err.value)
    county = load_county(example_table_path("csv"), year=2024)
    with pytest.raises(DataError, match="请从县数据文件中删除学校"):
        county_from_schools(county.schools, {"name": "x", "year": 2024, "schools": []})
    header = ["学校代码", "学校名称", "学校类型", "小学在校生数", "小学高于规定学历教师数",
              "小学骨干教师数", "小学体育艺术专任教师数", *ZH_HEADER[7:]]
    rows = [header, ["P01", "城关小学", "小学", 1200, "", 14, 15, 6000, 10000, 3e6, 30]]
    with pytest.raises(DataValidationError, match="缺少数据：这所学校需要填写此项") as err2:
        read_schools_csv(_write_csv(tmp_path / "m.csv", rows))
    assert "missing" not in str(err2.value)


def test_yaml_and_json_county_files(tmp_path: Path) -> None:
    yaml = pytest.importorskip("yaml")
    data = qbalance.example_county().model_dump(mode="json")
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    (tmp_path / "c.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert load_county(tmp_path / "c.yaml") == load_county(tmp_path / "c.json")
    facts = {k: v for k, v in data.items() if k != "schools"}
    (tmp_path / "f.yml").write_text(yaml.safe_dump(facts, allow_unicode=True), "utf-8")
    assert load_county(example_table_path("xlsx"), county=tmp_path / "f.yml") == \
        qbalance.example_county()


def test_every_column_key_is_unique_and_documented() -> None:
    keys = [c.key for c in COLUMNS]
    assert len(keys) == len(set(keys))
    assert all(c.zh for c in COLUMNS)


def test_excel_writer_round_trip_with_english_headers(tmp_path: Path) -> None:
    county = qbalance.example_county()
    p = write_schools_excel(county, tmp_path / "c.xlsx", lang="en", units=False)
    assert read_schools(p) == county.schools


@pytest.mark.usefixtures("english")
def test_corrupt_xls_and_unknown_suffix_are_refused(tmp_path: Path) -> None:
    pytest.importorskip("xlrd")
    (tmp_path / "a.xls").write_bytes(b"\xd0\xcf")
    with pytest.raises(DataError, match="not a readable .xls workbook"):
        read_schools(tmp_path / "a.xls")
    with pytest.raises(DataError, match="unsupported"):
        read_schools(tmp_path / "a.ods")


def test_two_row_header_with_merged_segment_groups(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["某县义务教育学校办学条件统计表（2025年）"])
    ws.append(["学校代码", "学校名称", "学校类型", "小学", None, None, None, "初中", None, None,
               None, "教学及辅助用房面积", "体育运动场馆面积", "教学仪器设备值", "网络多媒体教室数"])
    ws.append([None, None, None, "在校生数", "高于规定学历教师数", "骨干教师数", "体育艺术专任教师数",
               "在校生数", "高于规定学历教师数", "骨干教师数", "体育艺术专任教师数", "（平方米）",
               "（平方米）", "（万元）", None])
    ws.merge_cells("D2:G2")
    ws.merge_cells("H2:K2")
    ws.append(["N01", "南坪九年一贯制学校", "九年一贯制学校", 620, 41, 7, 7, 380, 33, 7, 5, 8142.6,
               13776.1, 323.5724, 39])
    ws.append(["J01", "城关中学", "初中", None, None, None, None, 1520, 96, 25, 19, 14276.5,
               32277.8, "abc", 71])
    path = tmp_path / "two-row.xlsx"
    wb.save(path)
    with pytest.raises(DataValidationError) as info:
        read_schools(path)
    (problem,) = info.value.problems
    assert "row 5 (J01 城关中学)" in problem.location and problem.field == "教学仪器设备值（万元） (column N)"
    ws.cell(row=5, column=14).value = 579.5425
    wb.save(path)
    n01, j01 = read_schools(path)
    assert n01.primary is not None and n01.junior is not None
    assert (n01.primary.pupils, n01.junior.backbone_teachers) == (620, 7)
    assert n01.equipment_value_yuan == pytest.approx(3_235_724)
    assert j01.primary is None and j01.junior is not None and j01.junior.pupils == 1520


def test_county_template_lists_every_section_with_valid_keys() -> None:
    import re
    import tomllib

    from qbalance.io.tables import county_template

    text = county_template()
    assert tomllib.loads(text) == {"name": "某县", "year": 2025}
    # uncommented, the template is valid TOML whose keys the County model knows
    lines = [re.sub(r"^# (\[|[a-z_]+ = )", r"\1", ln) for ln in text.splitlines()]
    data = tomllib.loads("\n".join(lines))
    assert {"guarantee", "quality", "survey", "vetoes"} <= set(data)
    data["schools"] = qbalance.example_county().model_dump()["schools"]
    try:
        County.model_validate(data)
    except DataValidationError as exc:  # zeros break "greater than 0" rules: values, not keys
        assert exc.problems and not [p for p in exc.problems
                                     if "Extra inputs" in p.message], exc
    codes = {v.code for v in qbalance.load_standard().vetoes}
    assert set(data["vetoes"]) == codes


def test_sheet_and_county_file_problems_are_reported_together(tmp_path: Path) -> None:
    rows = [ZH_HEADER, GOOD, ["P02", "东岭小学", "小学", "九百", 60, 10, 9, 4000, 7000, 2e6, 20]]
    sheet = _write_csv(tmp_path / "s.csv", rows)
    facts = tmp_path / "county.toml"
    facts.write_text('name = "某县"\nyear = 2025\n[guarantee.quota]\ntotal = -5\nallocated = 3\n'
                     'mayor = "x"\n', "utf-8")
    with pytest.raises(DataValidationError) as info:
        load_county(sheet, county=facts)
    fields = [p.field for p in info.value.problems]
    assert fields[0] == "在校生数 (column D)"
    assert "guarantee.quota.total" in fields and "guarantee.quota.mayor" in fields
    assert str(facts) in str(info.value)


def test_dash_and_slash_cells_have_no_value(tmp_path: Path, english: None) -> None:
    header = ["学校代码", "学校名称", "学校类型", "小学在校生数", "小学高于规定学历教师数",
              "小学骨干教师数", "小学体育艺术专任教师数", "初中在校生数", "初中高于规定学历教师数",
              "初中骨干教师数", "初中体育艺术专任教师数", *ZH_HEADER[7:]]
    rows = [header, ["P01", "城关小学", "小学", 1200, 80, 14, 15, "—", "/", "-", "——",
                     6000, 10000, 3e6, 30]]
    (school,) = read_schools_csv(_write_csv(tmp_path / "s.csv", rows))
    assert school.junior is None and school.primary is not None
    rows[1][4] = "—"  # a required value marked "none" is reported, not taken as 0
    with pytest.raises(DataValidationError, match="missing"):
        read_schools_csv(_write_csv(tmp_path / "t.csv", rows))


def test_english_template_reads_back(tmp_path: Path) -> None:
    csv_path = write_template(tmp_path, lang="en", excel=False)[0]
    with csv_path.open(encoding="utf-8-sig") as fh:
        header, units = list(csv.reader(fh))
    assert header[:3] == ["id", "name", "kind"] and units[0] == "unit"
    row = {"id": "P01", "name": "Town primary", "kind": "primary", "primary_pupils": "1200",
           "primary_teachers_above_degree": "80", "primary_backbone_teachers": "14",
           "primary_pe_art_teachers": "15", "teaching_area_m2": "6000",
           "sports_area_m2": "10000", "equipment_value_yuan": "3000000",
           "multimedia_classrooms": "30", "rural": "no"}
    with csv_path.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow([row.get(h, "") for h in header])
    (school,) = read_schools(csv_path)
    assert school.name == "Town primary" and school.rural is False


def test_county_file_facts_merge_section_by_section() -> None:
    base = qbalance.example_county()
    assert base.guarantee is not None and base.guarantee.quota is not None
    merged = load_county(qbalance.example_path(),
                         county={"guarantee": {"quota": {"allocated": 533}}})
    assert merged.guarantee is not None and merged.guarantee.quota is not None
    assert merged.guarantee.quota.allocated == 533
    assert merged.guarantee.quota.total == base.guarantee.quota.total
    assert merged.guarantee.rotation == base.guarantee.rotation
