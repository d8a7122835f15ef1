"""Auditing a filled declaration form (issue 15): each check on a planted error, and not otherwise.

The mutated copies are built with openpyxl from the example county's form, as an
inspector would receive them; each finding must name the right table, row and column.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qbalance import (
    audit_form,
    audit_forms,
    declaration_form,
    evaluate_county,
    example_county,
    read_declaration_form,
    write_declaration_form,
)
from qbalance.audit.checks import AuditReport, Finding
from qbalance.form.bounds import cv_bounds, cv_of

openpyxl = pytest.importorskip("openpyxl", reason="the excel extra (openpyxl) is not installed")

COUNTY = example_county()
FORM = declaration_form(evaluate_county(COUNTY), COUNTY)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_declaration_form(FORM, tmp_path_factory.mktemp("form") / "form.xlsx")


def findings(report: AuditReport, severity: str | None = None) -> list[Finding]:
    return [f for a in report.audits for f in a.findings
            if severity is None or f.severity.value == severity]


def mutate(src: Path, dst: Path, change: Callable[[Any], None]) -> AuditReport:
    wb = openpyxl.load_workbook(src)
    change(wb)
    wb.save(dst)
    return audit_form(dst)


def located(report: AuditReport, code: str) -> list[tuple[str | None, int | None, str | None]]:
    return [(f.table, f.row, f.column) for f in findings(report) if f.code == code]


# --- the round trip ----------------------------------------------------------------

def test_round_trip_has_no_error_or_warning(written: Path) -> None:
    report = audit_form(written)
    assert findings(report, "error") == [] and findings(report, "warning") == []
    assert not report.has_errors
    # the checks did run: CVs, means, GRIM rows, II-1 counts, the ratios of IV/V
    ids = [a.claim.id for a in report.audits]
    assert sum(i.startswith("III-") for i in ids) >= 28
    assert any(i.startswith("II-1-") for i in ids) and any(i.startswith("IV-") for i in ids)
    # the form built in memory audits the same, findings at the cells the workbook has
    mem = audit_form(FORM)
    assert mem.counts() == report.counts()
    assert [(f.where, f.code) for f in findings(mem)] == [(f.where, f.code)
                                                          for f in findings(report)]


# --- Table III from II-2 -------------------------------------------------------------

def _bounds(k: int, segment: str = "primary") -> tuple[float, float]:
    rows = FORM.schools.segment_rows(segment)
    return cv_bounds([float(r.values[k].text) for r in rows], 0.005, [r.pupils for r in rows])


def test_cv_outside_the_rounding_range_is_an_error(written: Path, tmp_path: Path) -> None:
    lo, hi = _bounds(0)
    wrong = f"{math.ceil((hi + 0.0005) * 1000 + 1) / 1000:.3f}"
    rep = mutate(written, tmp_path / "cv.xlsx", lambda wb: wb["表Ⅲ"].__setitem__("C7", float(wrong)))
    assert located(rep, "cv_not_reproduced") == [("III", 7, "L1")]
    f = next(f for f in findings(rep) if f.code == "cv_not_reproduced")
    assert f.severity.value == "error" and f.where == "表Ⅲ!C7"


def test_cv_off_by_less_than_rounding_allows_is_not_flagged(written: Path,
                                                            tmp_path: Path) -> None:
    lo, hi = _bounds(0)
    printed = float(FORM.cvs.rows[0].cvs[0].text)
    # the largest 3-decimal value whose rounding interval still meets [lo, hi]
    edge = math.floor((hi + 0.0005) * 1000) / 1000
    assert edge != printed or edge >= printed
    rep = mutate(written, tmp_path / "cv-ok.xlsx",
                 lambda wb: wb["表Ⅲ"].__setitem__("C7", edge))
    assert located(rep, "cv_not_reproduced") == []


def test_mean_and_composite(written: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        wb["表Ⅲ"]["E8"] = 1.50        # junior mean of L3 (1.26)
        wb["表Ⅲ"]["J7"] = 0.200       # primary composite (0.140)
    rep = mutate(written, tmp_path / "m.xlsx", change)
    assert located(rep, "mean_not_reproduced") == [("III", 8, "L3")]
    comp = [(f.table, f.row, f.column) for f in findings(rep, "error")
            if f.table == "III" and f.column == "L8"]
    assert comp == [("III", 7, "L8")]


# --- GRIM for schools ----------------------------------------------------------------

def test_value_no_whole_number_of_teachers_gives(written: Path, tmp_path: Path) -> None:
    # 城关第一小学, 1860 pupils: 148 teachers give 7.96, 149 give 8.01; 7.98 is impossible
    rep = mutate(written, tmp_path / "grim.xlsx", lambda wb: wb["表Ⅱ-2"].__setitem__("G6", 7.98))
    assert located(rep, "not_whole_number") == [("II-2", 6, "L7")]
    f = next(f for f in findings(rep) if f.code == "not_whole_number")
    assert "148→7.96" in f.zh and "149→8.01" in f.zh
    # each language its own words: what is counted, the nearest whole numbers
    assert "没有整数个教师" in f.zh and "148→7.96，149→8.01" in f.zh
    assert "no whole number of teachers" in f.en and "148 → 7.96, 149 → 8.01" in f.en
    assert f.en.startswith("城关第一小学 (1860 pupils)")  # the school's name as given
    assert not re.search(r"[\u4e00-\u9fff]", f.en.removeprefix("城关第一小学")), f.en


def test_possible_whole_number_and_split_r7_not_flagged(written: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        wb["表Ⅱ-2"]["G6"] = 8.01      # 149 teachers: possible
        wb["表Ⅱ-2"]["M17"] = 3.77     # R7 of a nine-year school's section: split, not checked
    rep = mutate(written, tmp_path / "grim-ok.xlsx", change)
    assert located(rep, "not_whole_number") == []


# --- II-1, L14 and the note ----------------------------------------------------------

def test_summary_count_differs(written: Path, tmp_path: Path) -> None:
    rep = mutate(written, tmp_path / "s.xlsx", lambda wb: wb["表Ⅱ-1"].__setitem__("D6", 12))
    assert located(rep, "summary_count_differs") == [("II-1", 6, "L2")]
    share = mutate(written, tmp_path / "s2.xlsx", lambda wb: wb["表Ⅱ-1"].__setitem__("D7", 90.0))
    assert ("II-1", 7, "L2") in [(f.table, f.row, f.column) for f in findings(share, "error")]


def test_school_verdict_against_its_values(written: Path, tmp_path: Path) -> None:
    # 石门村小学 (row 13): R5 below 85 % of the standard, marked 否; mark it 是
    rep = mutate(written, tmp_path / "l14.xlsx", lambda wb: wb["表Ⅱ-2"].__setitem__("N13", "是"))
    assert located(rep, "school_verdict_contradicts") == [("II-2", 13, "L14")]
    # ... which also makes Table II-1's count of schools meeting the rule wrong
    assert ("II-1", 6, "L8") in located(rep, "summary_count_differs")


def test_note_counts(written: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        ws = wb["表Ⅱ-2"]
        ws["A29"] = str(ws["A29"].value).replace("小学14所", "小学15所")
    rep = mutate(written, tmp_path / "note.xlsx", change)
    assert located(rep, "note_count_differs") == [("II-2", 29, "note")]


# --- Tables IV and V -----------------------------------------------------------------

def _cell_text(wb: Any, sheet: str, ref: str, old: str, new: str) -> None:
    wb[sheet][ref] = str(wb[sheet][ref].value).replace(old, new)


def test_ratio_not_from_its_blanks(written: Path, tmp_path: Path) -> None:
    # item 11: 92 of 840 rotated = 11.0 %; print 12.0 %
    rep = mutate(written, tmp_path / "r.xlsx",
                 lambda wb: _cell_text(wb, "表Ⅳ", "C16", "占比11.0%", "占比12.0%"))
    errs = [(f.table, f.row, f.column) for f in findings(rep, "error")]
    assert ("IV", 16, "L2") in errs


def test_printed_verdict_against_the_exact_value(written: Path, tmp_path: Path) -> None:
    # item 14: 532 / 1065 = 49.95 %, printed 50.0 %: 达标 is wrong on the exact value
    rep = mutate(written, tmp_path / "v.xlsx", lambda wb: wb["表Ⅳ"].__setitem__("D19", "达标"))
    errs = [(f.table, f.row, f.column, f.code, f.where) for f in findings(rep, "error")]
    assert ("IV", 19, "L3", "verdict_relies_on_rounding", "表Ⅳ!D19") in errs, errs


def test_nearby_enrolment_rate_against_its_verdict(written: Path, tmp_path: Path) -> None:
    # item 13 prints only rates: a town rate of 94.6 % cannot be 达标 (≥ 95 %)
    rep = mutate(written, tmp_path / "n.xlsx",
                 lambda wb: _cell_text(wb, "表Ⅳ", "C18", "96.6%", "94.6%"))
    assert [(f.table, f.row, f.column, f.code) for f in findings(rep, "error")] == [
        ("IV", 18, "L3", "verdict_contradicts")]


def test_consolidation_names_the_variant_it_follows(written: Path, tmp_path: Path) -> None:
    # the county's counts under the form's own formula: (1889 − 41 + 37) / (1902 − 1) = 99.2 %
    rep = mutate(written, tmp_path / "c.xlsx",
                 lambda wb: _cell_text(wb, "表Ⅴ", "C6", "巩固率99.3%", "巩固率99.2%"))
    fs = [f for f in findings(rep) if f.table == "V" and f.row == 6]
    assert fs and fs[0].column == "L2"
    assert any(f.slip is not None and "申报表公式" in f.slip.zh for f in fs)


def test_funds_per_pupil(written: Path, tmp_path: Path) -> None:
    rep = mutate(written, tmp_path / "f.xlsx",
                 lambda wb: _cell_text(wb, "表Ⅳ", "C12", "生均公用经费8000元", "生均公用经费9000元"))
    assert ("IV", 12, "L2") in [(f.table, f.row, f.column) for f in findings(rep, "error")]


# --- Table I and Table VI ------------------------------------------------------------

def test_table_one_totals(written: Path, tmp_path: Path) -> None:
    rep = mutate(written, tmp_path / "t1.xlsx", lambda wb: wb["表Ⅰ"].__setitem__("T6", 5800))
    assert located(rep, "parts_do_not_add_up") == [("I", 6, "L20")]
    rep = mutate(written, tmp_path / "t1b.xlsx", lambda wb: wb["表Ⅰ"].__setitem__("I6", 11))
    assert located(rep, "school_count_differs") == [("I", 6, "L9")]


def test_survey(written: Path, tmp_path: Path) -> None:
    def change(wb: Any) -> None:
        ws = wb["表Ⅵ"]
        ws["D6"] = 380                 # satisfied: 380 / 412 = 92.23 %, printed 94.12
    rep = mutate(written, tmp_path / "vi.xlsx", change)
    assert ("VI", 6, "L4") in [(f.table, f.row, f.column) for f in findings(rep, "error")]

    def small(wb: Any) -> None:
        wb["表Ⅵ"]["C6"] = 200          # 200 valid of 186 000 residents: below 1.5 ‰
        wb["表Ⅵ"]["C7"] = 90           # parents 45 % of respondents: below 50 %
    rep = mutate(written, tmp_path / "vi2.xlsx", small)
    got = {(f.table, f.row, f.column) for f in findings(rep, "warning")
           if f.code in ("not_met", "rule_not_met")}
    assert got == {("VI", 6, "L2"), ("VI", 7, "L2")}


# --- JSON, CLI, many forms ------------------------------------------------------------

def test_json_has_table_row_column(written: Path, tmp_path: Path) -> None:
    rep = mutate(written, tmp_path / "j.xlsx", lambda wb: wb["表Ⅱ-2"].__setitem__("G6", 7.98))
    d = json.loads(rep.to_json())
    fs = [f for c in d["claims"] for f in c["findings"] if f["code"] == "not_whole_number"]
    assert fs[0]["table"] == "II-2" and fs[0]["row"] == 6 and fs[0]["column"] == "L7"
    assert fs[0]["where"] == "表Ⅱ-2!G6"


def test_cli_form_and_audit(tmp_path: Path) -> None:
    out = tmp_path / "form.xlsx"
    run = [sys.executable, "-m", "qbalance"]
    r = subprocess.run([*run, "form", "--example", "--out", str(out)], capture_output=True,
                       text=True)
    assert r.returncode == 0 and out.exists() and "已写入" in r.stdout
    r = subprocess.run([*run, "audit", str(out), "--format", "json"], capture_output=True,
                       text=True)
    assert r.returncode == 0 and json.loads(r.stdout)["has_errors"] is False
    wb = openpyxl.load_workbook(out)
    wb["表Ⅱ-2"]["G6"] = 7.98
    wb.save(tmp_path / "bad.xlsx")
    r = subprocess.run([*run, "audit", str(tmp_path / "bad.xlsx")], capture_output=True,
                       text=True)
    assert r.returncode == 1 and "表Ⅱ-2!G6" in r.stdout
    r = subprocess.run([*run, "form", "--example", "--out", str(tmp_path / "f.pdf")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    basics = tmp_path / "basics.toml"
    basics.write_text('gdp_per_capita_yuan = 45210\nL3 = 12\n', encoding="utf-8")
    with_basics = tmp_path / "b.xlsx"
    r = subprocess.run([*run, "form", "--example", "--basics", str(basics), "--out",
                        str(with_basics)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    ws = openpyxl.load_workbook(with_basics)["表Ⅰ"]
    assert (ws["E6"].value, ws["C6"].value) == (45210, 12)
    basics.write_text('gdp = 1\n', encoding="utf-8")
    r = subprocess.run([*run, "form", "--example", "--basics", str(basics), "--out",
                        str(with_basics)], capture_output=True, text=True)
    assert r.returncode == 2 and "gdp" in r.stderr and "Traceback" not in r.stderr
    only = tmp_path / "res.xlsx"
    r = subprocess.run([*run, "form", "--example", "--resources-only", "--out", str(only)],
                       capture_output=True, text=True)
    assert r.returncode == 0
    assert openpyxl.load_workbook(only).sheetnames == ["表Ⅰ", "表Ⅱ-1", "表Ⅱ-2", "表Ⅲ"]


def test_many_forms_in_one_call(written: Path) -> None:
    reports = audit_forms([written, FORM, read_declaration_form(written)])
    assert [r.has_errors for r in reports] == [False, False, False]


# --- the CV bound against brute force ------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(data=st.data(), n=st.integers(1, 6))
def test_cv_bounds_contain_every_corner_and_are_tight(data: st.DataObject, n: int) -> None:
    cents = data.draw(st.lists(st.integers(50, 2000), min_size=n, max_size=n))
    pupils = data.draw(st.lists(st.integers(1, 3000), min_size=n, max_size=n))
    v = np.array(cents, dtype=float) / 100
    h = 0.005
    lo, hi = cv_bounds(v, h, pupils)
    corners = [cv_of(v + np.array(s) * h, pupils) for s in itertools.product((-1, 1), repeat=n)]
    # the maximum of the CV over the box is at a corner (the CV is quasi-convex)
    assert max(corners) <= hi
    assert lo <= min(corners)
    # every point of the box, not only corners
    rng = np.random.default_rng(n)
    for _ in range(20):
        assert lo <= cv_of(v + rng.uniform(-h, h, n), pupils) <= hi
    # tight: the upper bound exceeds the best corner by no more than the second-order term
    m = float(np.dot(v, pupils) / sum(pupils))
    assert hi - max(corners) <= 2 * h / (m - h)


def test_cv_bounds_are_exact_for_unrounded_values() -> None:
    v, p = [4.0, 5.5, 7.25], [300, 200, 100]
    lo, hi = cv_bounds(v, 0.0, p)
    assert lo == pytest.approx(cv_of(v, p), rel=1e-9) and hi == pytest.approx(cv_of(v, p),
                                                                             rel=1e-9)
