"""Property-based tests of the readers themselves (issue 12).

Valid data is generated, written as a file (CSV in several encodings, separators and
line endings; .xlsx; county.toml; claims TOML; result JSON), a random realistic
mutation is applied (blank a cell or a header, insert a quote, a comma, a unit,
spaces, full-width digits, a totals row, a duplicated row, another encoding,
truncation …) and the reader must either raise a QBalanceError that names a row or a
field, or return exactly the file's data — never a school lost, invented or misread.

Each reader runs >= 200 examples (``READER_EXAMPLES``).
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qbalance import (
    DataValidationError,
    QBalanceError,
    School,
    SchoolKind,
    evaluate_resources,
    load_claims,
)
from qbalance.examples import example_county
from qbalance.io import county_from_schools, load_result, save_result
from qbalance.io.tables import TableNote, _table, county_rows, read_schools_csv

READER_EXAMPLES = 200
SETTINGS = settings(max_examples=READER_EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

EXAMPLE_SCHOOLS = example_county().schools
FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


# -- valid schools ----------------------------------------------------------------------
@st.composite
def segment(draw: Any, pupils_max: int = 2500) -> dict[str, int]:
    pupils = draw(st.integers(30, pupils_max))
    cap = max(1, pupils // 8)
    return {"pupils": pupils, "teachers_above_degree": draw(st.integers(0, cap)),
            "backbone_teachers": draw(st.integers(0, cap)),
            "pe_art_teachers": draw(st.integers(0, cap))}


def area(per_pupil_lo: float, per_pupil_hi: float, pupils: int) -> Any:
    return st.integers(int(per_pupil_lo * pupils * 10), int(per_pupil_hi * pupils * 10)).map(
        lambda x: x / 10)


@st.composite
def school(draw: Any, i: int) -> School:
    kind = draw(st.sampled_from([SchoolKind.PRIMARY, SchoolKind.JUNIOR, SchoolKind.NINE_YEAR,
                                 SchoolKind.TEACHING_POINT]))
    d: dict[str, Any] = {"id": f"S{i:02d}", "name": f"第{i}学校", "kind": kind}
    if kind in (SchoolKind.PRIMARY, SchoolKind.NINE_YEAR, SchoolKind.TEACHING_POINT):
        d["primary"] = draw(segment(80 if kind is SchoolKind.TEACHING_POINT else 2500))
    if kind in (SchoolKind.JUNIOR, SchoolKind.NINE_YEAR):
        d["junior"] = draw(segment())
    pupils = sum(d[s]["pupils"] for s in ("primary", "junior") if s in d)
    d["teaching_area_m2"] = draw(area(2, 15, pupils))
    d["sports_area_m2"] = draw(area(3, 30, pupils))
    d["equipment_value_yuan"] = float(draw(st.integers(500 * pupils, 8000 * pupils)))
    d["multimedia_classrooms"] = draw(st.integers(0, max(1, pupils // 15)))
    if draw(st.booleans()):
        d["rural"] = draw(st.booleans())
    if draw(st.booleans()):
        d["year_built"] = draw(st.integers(1950, 2024))
    if draw(st.booleans()):
        d["music_room_areas_m2"] = tuple(draw(st.lists(
            st.integers(600, 1500).map(lambda x: x / 10), min_size=1, max_size=3)))
    return School(**d)


@st.composite
def schools(draw: Any) -> list[School]:
    n = draw(st.integers(1, 5))
    return [draw(school(i + 1)) for i in range(n)]


# -- mutations ---------------------------------------------------------------------------
PRESERVING = ("none", "spaces", "full_width", "totals", "title", "no_units")
CHANGING = ("blank_cell", "blank_header", "quote", "comma", "unit", "duplicate_row",
            "duplicate_id", "delete_cell")
NUMERIC_KEYS = ("teaching_area_m2", "sports_area_m2", "equipment_value_yuan",
                "multimedia_classrooms", "primary_pupils", "junior_pupils")


def grid(ss: list[School], lang: str, units: bool) -> list[list[Any]]:
    return [list(r) for r in _table(county_rows(ss), lang, units)]


def keys_of(ss: list[School]) -> list[str]:
    from qbalance.io.tables import _header_keys

    return _header_keys(county_rows(ss))


def mutate(rows: list[list[Any]], keys: list[str], how: str, data: Any,
           units: bool) -> list[list[Any]]:
    first = 2 if units else 1
    body = range(first, len(rows))
    cells = [(r, c) for r in body for c in range(len(keys)) if rows[r][c] not in (None, "")]
    numeric = [(r, c) for r, c in cells if keys[c] in NUMERIC_KEYS]
    rows = [list(r) for r in rows]
    if how == "spaces" and numeric:
        r, c = data.draw(st.sampled_from(numeric))
        rows[r][c] = f"  {rows[r][c]} "
    elif how == "full_width" and numeric:
        r, c = data.draw(st.sampled_from(numeric))
        rows[r][c] = str(rows[r][c]).translate(FULL_WIDTH)
    elif how == "totals":
        total: list[Any] = ["合计"] + [""] * (len(keys) - 1)
        for c, k in enumerate(keys):
            if k in NUMERIC_KEYS:
                vals = [float(rows[r][c]) for r in body if rows[r][c] not in (None, "")]
                total[c] = repr(sum(vals)) if vals else ""
        rows.append(total)
    elif how == "title":
        rows.insert(0, ["某县义务教育学校基本情况统计表"])
    elif how == "blank_cell" and cells:
        r, c = data.draw(st.sampled_from(cells))
        rows[r][c] = ""
    elif how == "blank_header":
        rows[0][data.draw(st.integers(0, len(keys) - 1))] = ""
    elif how == "quote" and cells:
        r, c = data.draw(st.sampled_from(cells))
        rows[r][c] = '"' + str(rows[r][c])
    elif how == "comma" and numeric:
        r, c = data.draw(st.sampled_from(numeric))
        text = str(rows[r][c])
        k = data.draw(st.integers(0, len(text)))
        rows[r][c] = text[:k] + data.draw(st.sampled_from([",", "，"])) + text[k:]
    elif how == "unit" and numeric:
        r, c = data.draw(st.sampled_from(numeric))
        rows[r][c] = f"{rows[r][c]}{data.draw(st.sampled_from(['人', '平方米', '万元', 'm2']))}"
    elif how == "duplicate_row" and len(rows) > first:
        r = data.draw(st.sampled_from(list(body)))
        rows.insert(r + 1, list(rows[r]))
    elif how == "duplicate_id" and len(rows) > first:
        r = data.draw(st.sampled_from(list(body)))
        copy = list(rows[r])
        copy[0] = "X" + str(copy[0])
        rows.append(copy)
    elif how == "delete_cell" and cells:
        r, c = data.draw(st.sampled_from(cells))
        del rows[r][c]
    return rows


def names_a_row_or_field(exc: QBalanceError) -> bool:
    if isinstance(exc, DataValidationError):
        return bool(exc.problems) and all(p.location and p.field for p in exc.problems)
    text = str(exc)
    return getattr(exc, "field", None) is not None or any(
        w in text for w in ("row", "行", "column", "列", "field"))


def read_quietly(fn: Any, *args: Any, **kw: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TableNote)
        return fn(*args, **kw)


def check(how: str, read: Any, expected: list[School]) -> None:
    try:
        got = read()
    except QBalanceError as exc:
        assert how not in PRESERVING, f"{how}: a harmless change was refused: {exc}"
        assert names_a_row_or_field(exc), f"{how}: the error names no row or field: {exc}"
        return
    assert list(got) == expected, f"{how}: read differently from the file's data"


# -- CSV ---------------------------------------------------------------------------------
@SETTINGS
@given(ss=schools(), lang=st.sampled_from(["zh", "en"]), units=st.booleans(),
       sep=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"]),
       newline=st.sampled_from(["\n", "\r\n", "\r"]),
       how=st.sampled_from(PRESERVING + CHANGING), data=st.data())
def test_csv_reader(ss: list[School], lang: str, units: bool, sep: str, encoding: str,
                    newline: str, how: str, data: Any, tmp_path: Path) -> None:
    keys = keys_of(ss)
    rows = grid(ss, lang, units)
    if sep == ";":  # a room list's own ';' would split the cell: use 、 as documented
        rows = [[v.replace(";", "、") if isinstance(v, str) else v for v in r] for r in rows]
    if encoding == "gbk":  # GBK has no ²: such files say 平方米
        rows = [[v.replace("m²", "平方米") if isinstance(v, str) else v for v in r]
                for r in rows]
    rows = mutate(rows, keys, "none" if how in ("no_units", "quote") else how, data, units)
    if how == "no_units" and units:
        del rows[1]
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator=newline).writerows(
        [["" if v is None else v for v in r] for r in rows])
    text = buf.getvalue()
    if how == "quote":  # a stray quote typed at the start of a cell (never escaped)
        starts = [i + 1 for i, ch in enumerate(text) if ch == sep]
        at = data.draw(st.sampled_from(starts))
        text = text[:at] + '"' + text[at:]
    path = tmp_path / "schools.csv"
    path.write_bytes(text.encode(encoding))
    expected = ss
    if how == "blank_cell":
        # an optional cell blanked reads as "no value": compare with that school instead
        expected = _expected_after_blank(ss, rows, keys, units)
    check(how, lambda: read_quietly(read_schools_csv, path), expected)


def _expected_after_blank(ss: list[School], rows: list[list[Any]], keys: list[str],
                          units: bool) -> list[School]:
    out = []
    first = 2 if units else 1
    for s, row in zip(ss, rows[first:], strict=False):
        d = s.model_dump(exclude_none=True)
        for c, k in enumerate(keys):
            if c < len(row) and row[c] in ("", None):
                if k in ("rural", "year_built", "music_room_areas_m2", "art_room_areas_m2"):
                    d.pop(k, None)
        out.append(School(**d))
    return out


# -- .xlsx -------------------------------------------------------------------------------
@SETTINGS
@given(ss=schools(), lang=st.sampled_from(["zh", "en"]), units=st.booleans(),
       how=st.sampled_from(PRESERVING + CHANGING), data=st.data())
def test_xlsx_reader(ss: list[School], lang: str, units: bool, how: str, data: Any,
                     tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from qbalance.io.tables import read_schools_excel

    keys = keys_of(ss)
    # a cell deleted in a sheet shifts the row left, which only plausibility can catch
    # (teachers > pupils …): tested for CSV, where the row is then short
    how = "blank_cell" if how == "delete_cell" else how
    rows = mutate(grid(ss, lang, units), keys, "none" if how == "no_units" else how, data,
                  units)
    if how == "no_units" and units:
        del rows[1]
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append([None if v == "" else v for v in r])
    path = tmp_path / "schools.xlsx"
    wb.save(path)
    expected = _expected_after_blank(ss, rows, keys, units) if how == "blank_cell" else ss
    if how == "quote":  # in a sheet a quote is text: an id or name keeps it
        original = grid(ss, lang, units)
        first = 2 if units else 1
        expected = list(ss)
        for r in range(first, len(rows)):
            for c, k in enumerate(keys):
                if rows[r][c] != original[r][c] and k in ("id", "name"):
                    expected[r - first] = expected[r - first].model_copy(
                        update={k: rows[r][c]})
    check(how, lambda: read_quietly(read_schools_excel, path), expected)


# -- county.toml -------------------------------------------------------------------------
@st.composite
def facts(draw: Any) -> dict[str, Any]:
    eligible = draw(st.integers(1, 2000))
    rotated = draw(st.integers(0, eligible))
    total = draw(st.integers(1, 3000))
    d: dict[str, Any] = {
        "name": draw(st.sampled_from(["示例县", "某县", "Test County"])),
        "year": draw(st.integers(2015, 2026)),
        "guarantee": {
            "rotation": {"eligible": eligible, "rotated": rotated,
                         "backbone": draw(st.integers(0, rotated))},
            "quota": {"total": total, "allocated": draw(st.integers(0, total))},
            "teacher_pay": {"teacher_avg_yuan": float(draw(st.integers(60_000, 150_000))),
                            "civil_servant_avg_yuan": float(draw(st.integers(60_000, 150_000)))},
        },
    }
    return d


def toml_text(d: dict[str, Any]) -> str:
    lines = [f'name = "{d["name"]}"', f"year = {d['year']}"]
    for sec, body in d["guarantee"].items():
        lines.append(f"[guarantee.{sec}]")
        lines += [f"{k} = {v!r}" for k, v in body.items()]
    return "\n".join(lines) + "\n"


TOML_MUTATIONS = ("none", "gbk", "utf-16", "crlf", "truncate", "drop_line", "garbage",
                  "string_number", "negative", "unknown_key", "nan")


@SETTINGS
@given(d=facts(), how=st.sampled_from(TOML_MUTATIONS), data=st.data())
def test_county_toml_reader(d: dict[str, Any], how: str, data: Any, tmp_path: Path) -> None:
    text = toml_text(d)
    lines = text.splitlines()
    encoding = "utf-8"
    raw: bytes | None = None
    if how == "gbk":
        encoding = "gbk"
    elif how == "utf-16":
        encoding = "utf-16"
    elif how == "crlf":
        text = text.replace("\n", "\r\n")
    elif how == "truncate":
        raw = text.encode()[: data.draw(st.integers(0, len(text.encode()) - 1))]
    elif how == "drop_line":
        del lines[data.draw(st.integers(0, len(lines) - 1))]
        text = "\n".join(lines) + "\n"
    elif how == "garbage":
        raw = text.encode() + bytes(data.draw(st.lists(st.integers(0, 255), min_size=1,
                                                       max_size=20)))
    elif how in ("string_number", "negative", "nan"):
        numeric = [i for i, ln in enumerate(lines) if " = " in ln and
                   ln.split(" = ")[1][:1].isdigit() and not ln.startswith("year")]
        i = data.draw(st.sampled_from(numeric))
        k, v = lines[i].split(" = ")
        lines[i] = f'{k} = "{v}"' if how == "string_number" else (
            f"{k} = -{v}" if how == "negative" else f"{k} = nan")
        text = "\n".join(lines) + "\n"
    elif how == "unknown_key":
        text += "[guarantee.rotation_extra]\nx = 1\n"
    path = tmp_path / "county.toml"
    path.write_bytes(raw if raw is not None else text.encode(encoding))
    try:
        county = county_from_schools(EXAMPLE_SCHOOLS, path)
    except QBalanceError as exc:
        assert how not in ("none", "gbk", "utf-16", "crlf"), f"{how}: refused: {exc}"
        assert names_a_row_or_field(exc), f"{how}: {exc}"
        return
    # read: exactly the file's facts (whatever the mutation left in it)
    parsed = tomllib.loads(path.read_bytes().decode(encoding if raw is None else "utf-8",
                                                    errors="strict")
                           .removeprefix("\ufeff"))
    assert county.name == parsed["name"] and county.year == parsed["year"]  # both required
    # a file truncated before its first [guarantee.*] table has no guarantee facts at all
    got = county.model_dump(mode="json", exclude_none=True).get("guarantee", {})
    for sec, body in parsed.get("guarantee", {}).items():
        for k, v in body.items():
            # a number written as text ("1") is read as that number, never another
            assert got[sec][k] == (float(v) if isinstance(v, str) else v), (how, sec, k)
    assert set(got) == set(parsed.get("guarantee", {}))


# -- claims ------------------------------------------------------------------------------
@st.composite
def claims_toml(draw: Any) -> str:
    n = draw(st.integers(1, 4))
    out = ['county = "某县"', 'report = "自评报告"']
    for i in range(n):
        den = draw(st.integers(1, 5000))
        num = draw(st.integers(0, den))
        out += ["[[claims]]", f'id = "C{i}"', 'kind = "ratio"', f'section = "二（{i}）"',
                'name_zh = "比例"', f"numerator = {num}", f"denominator = {den}",
                f'reported = "{100 * num / den:.2f}%"']
    return "\n".join(out) + "\n"


@SETTINGS
@given(text=claims_toml(), how=st.sampled_from(TOML_MUTATIONS), data=st.data())
def test_claims_reader(text: str, how: str, data: Any, tmp_path: Path) -> None:
    lines = text.splitlines()
    raw: bytes | None = None
    encoding = "utf-8"
    if how in ("gbk", "utf-16"):
        encoding = how
    elif how == "crlf":
        text = text.replace("\n", "\r\n")
    elif how == "truncate":
        raw = text.encode()[: data.draw(st.integers(0, len(text.encode()) - 1))]
    elif how == "drop_line":
        del lines[data.draw(st.integers(0, len(lines) - 1))]
        text = "\n".join(lines) + "\n"
    elif how == "garbage":
        raw = bytes(data.draw(st.lists(st.integers(0, 255), min_size=1, max_size=50)))
    elif how in ("string_number", "negative", "nan"):
        numeric = [i for i, ln in enumerate(lines) if ln.startswith(("numerator", "denominator"))]
        i = data.draw(st.sampled_from(numeric))
        k, v = lines[i].split(" = ")
        lines[i] = f'{k} = "{v}x"' if how == "string_number" else (
            f"{k} = -{v}" if how == "negative" else f"{k} = nan")
        text = "\n".join(lines) + "\n"
    elif how == "unknown_key":
        text += "colour = 1\n"
    path = tmp_path / "claims.toml"
    path.write_bytes(raw if raw is not None else text.encode(encoding))
    try:
        got = load_claims(path)
    except QBalanceError as exc:
        assert how not in ("none", "gbk", "utf-16", "crlf"), f"{how}: refused: {exc}"
        assert names_a_row_or_field(exc), f"{how}: {exc}"
        return
    body = path.read_bytes().decode(encoding if raw is None else "utf-8")
    assert got == load_claims(tomllib.loads(body.removeprefix("\ufeff")))


# -- result JSON -------------------------------------------------------------------------
RESULT_MUTATIONS = ("none", "number", "delete_key", "truncate", "drop_school", "flip_bool",
                    "string", "nan", "huge")


def _paths(v: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    out: list[tuple[tuple[Any, ...], Any]] = []
    if isinstance(v, dict):
        for k, x in v.items():
            out += _paths(x, (*path, k))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            out += _paths(x, (*path, i))
    else:
        out.append((path, v))
    return out


def _set(d: Any, path: tuple[Any, ...], value: Any) -> None:
    for p in path[:-1]:
        d = d[p]
    d[path[-1]] = value


@SETTINGS
@given(ss=schools(), how=st.sampled_from(RESULT_MUTATIONS), data=st.data())
def test_result_reader(ss: list[School], how: str, data: Any, tmp_path: Path) -> None:
    from qbalance import County

    segs = [s for s in ("primary", "junior") if any(getattr(x, s) for x in ss)]
    county = County(name="某县", year=2025, schools=tuple(ss), segments=tuple(segs))
    try:
        result = evaluate_resources(county)
    except QBalanceError:
        return  # e.g. teaching points under 50 pupils only: nothing to save
    path = save_result(result, tmp_path / "r.json")
    d = json.loads(path.read_text("utf-8"))
    leaves = _paths(d["result"])
    numbers = [(p, v) for p, v in leaves if isinstance(v, (int, float))
               and not isinstance(v, bool)]
    text: str | None = None
    if how == "number" and numbers:
        p, v = data.draw(st.sampled_from(numbers))
        _set(d["result"], p, v * data.draw(st.sampled_from([0.5, 1.1, -1, 10, 1 + 1e-6])))
    elif how == "delete_key":
        p, _ = data.draw(st.sampled_from(leaves))
        node = d["result"]
        for k in p[:-1]:
            node = node[k]
        if isinstance(node, dict):
            del node[p[-1]]
    elif how == "truncate":
        full = json.dumps(d, ensure_ascii=False)
        text = full[: data.draw(st.integers(0, len(full) - 1))]
    elif how == "drop_school":
        segs_d = d["result"]["segments"]
        k = data.draw(st.integers(0, len(segs_d) - 1))
        if len(segs_d[k]["schools"]) > 0:
            segs_d[k]["schools"].pop(data.draw(st.integers(0, len(segs_d[k]["schools"]) - 1)))
    elif how == "flip_bool":
        bools = [(p, v) for p, v in leaves if isinstance(v, bool)]
        if bools:
            p, v = data.draw(st.sampled_from(bools))
            _set(d["result"], p, not v)
    elif how == "string" and numbers:
        p, v = data.draw(st.sampled_from(numbers))
        _set(d["result"], p, str(v))
    elif how == "nan" and numbers:
        p, _ = data.draw(st.sampled_from(numbers))
        _set(d["result"], p, float("nan"))
    elif how == "huge" and numbers:
        p, _ = data.draw(st.sampled_from(numbers))
        _set(d["result"], p, 1e308 * 10)
    if text is None:
        text = json.dumps(d, ensure_ascii=False)
    path.write_text(text, "utf-8")
    try:
        loaded = load_result(path)
    except QBalanceError as exc:
        assert how != "none", f"refused an untouched result: {exc}"
        assert names_a_row_or_field(exc), f"{how}: {exc}"
        return
    # loaded: exactly the file's data (a deleted optional key takes its default), and
    # consistent (load_result re-checked the verdicts against the figures)
    again = dict(_paths(json.loads(json.dumps(loaded.to_dict()))))
    for p, v in _paths(json.loads(text)["result"]):
        assert p in again, (how, p)
        assert json.dumps(again[p]) == json.dumps(v), (how, p, again[p], v)
