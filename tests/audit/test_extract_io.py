"""Reading reports (text in UTF-8 / GBK / GB18030, .docx, PDF), the CLI of issue 16, the
HTML page and the lint of hand-written claims — on small synthetic reports."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qbalance import Claim, ClaimSet
from qbalance.cli import main
from qbalance.io.documents import document_from_text, read_document
from qbalance.errors import DataError, MissingDependencyError
from qbalance.audit.lint import lint_claims
from qbalance.audit.rollup import audit_report

REPORT = """青山县人民政府关于创建全国义务教育优质均衡发展县的自评报告
一、基本情况
2024年，全县有特殊教育学校在校生 60 人。
二、指标达成情况
（二）政府保障程度
14. 全县优质高中招生名额分配比例不低于50%。
【自评情况】2024 年全县优质高中招生名额总数 1000 人，分配名额 499 人，占比 50%。
【自评结论】达标
（三）教育质量
2. 全县残疾儿童少年入学率达到95%以上。
【自评情况】全县残疾儿童少年为 200 人，入学 196 人，入学率为 98%。其中，在特殊教育学校就读 70 人，占比 35.71%。
【自评结论】达标
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_text_reports_in_every_encoding(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / "青山县_自评.txt"
    p.write_bytes(REPORT.encode(encoding))
    doc = read_document(p)
    assert doc.label == "青山县" and doc.lines[2].text == "2024年，全县有特殊教育学校在校生 60 人。"
    ra = audit_report(p)
    q = ra.audit["G14-quota-2024"]
    assert q.status == "error" and q.claim.where == "青山县:7"


@pytest.mark.usefixtures("english")
def test_bad_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        read_document(tmp_path / "none.txt")
    b = tmp_path / "x.txt"
    b.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(DataError, match="binary"):
        read_document(b)
    d = tmp_path / "x.doc"
    d.write_bytes(b"old")
    with pytest.raises(DataError, match=".docx"):
        read_document(d)


@pytest.mark.usefixtures("english")
def test_a_broken_docx_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("docx", reason="reading .docx needs the documents extra (python-docx)")
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(DataError, match="not a readable .docx"):
        read_document(bad)


@given(st.lists(st.text(alphabet="县学校教师人所个年一二三0123456789，。、 ", max_size=30),
                min_size=1, max_size=8))
@settings(max_examples=50, deadline=None)
def test_gbk_round_trip_keeps_every_line(lines: list[str]) -> None:
    import tempfile
    text = "\n".join(lines)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "r.txt"
        p.write_bytes(text.encode("gbk"))
        doc = read_document(p)
    assert [ln.text for ln in doc.lines] == text.split("\n")
    assert all(ln.where == str(ln.number) for ln in doc.lines)


def test_docx_paragraphs_and_table_cells(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx", reason="python-docx (extra 'documents') not installed")
    d = docx.Document()
    for line in REPORT.splitlines()[:8]:
        d.add_paragraph(line)
    t = d.add_table(rows=2, cols=3)
    for j, v in enumerate(["指标", "小学", "初中"]):
        t.cell(0, j).text = v
    for j, v in enumerate(["特殊教育学生数", "特殊教育学校在校生 80 人", "—"]):
        t.cell(1, j).text = v
    p = tmp_path / "qs_report.docx"
    d.save(str(p))
    doc = read_document(p)
    assert doc.kind == "docx" and doc.label == "qs"
    assert doc.lines[0].where == "¶1"
    row = doc.lines[-1]
    assert row.table == 1 and row.row == 2 and row.text.split(" | ")[1] == "特殊教育学校在校生 80 人"
    assert row.where_at(row.text.index("80")) == "表1(2,2)"
    ra = audit_report(p)
    q = ra.audit["G14-quota-2024"]
    assert q.status == "error" and q.claim.where == "qs:¶7"
    r = ra.audit["restated-special-pupils-2024"]
    assert r.codes == ("restated_differs",) and "qs:表1(2,2)" in r.findings[0].zh  # the cell


def test_pdf_pages(tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber", reason="pdfplumber (extra 'documents') not installed")
    canvas = pytest.importorskip("reportlab.pdfgen.canvas", reason="reportlab not installed")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    p = tmp_path / "qs.pdf"
    c = canvas.Canvas(str(p))
    lines = REPORT.splitlines()
    for page in (lines[:5], lines[5:]):
        y = 800
        for line in page:
            c.setFont("STSong-Light", 10)
            c.drawString(40, y, line)
            y -= 16
        c.showPage()
    c.save()
    doc = read_document(p)
    if "招生名额" not in doc.text:
        pytest.skip("this pdfminer cannot map the CID font back to text")
    assert doc.kind == "pdf" and {ln.page for ln in doc.lines} == {1, 2}
    ra = audit_report(p)
    q = ra.audit["G14-quota-2024"]
    assert q.status == "error" and q.claim.where == "qs:p2"


def test_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    for suffix in (".docx", ".pdf"):
        p = tmp_path / f"r{suffix}"
        p.write_bytes(b"x")
        with pytest.raises(MissingDependencyError, match=r"qbalance\[documents\]"):
            read_document(p)


# --- CLI -------------------------------------------------------------------------------
@pytest.fixture
def report(tmp_path: Path) -> Path:
    p = tmp_path / "qs_report.txt"
    p.write_text(REPORT, encoding="gbk")
    return p


def test_cli_audit_report_exit_status_location_and_findings_only(
        report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(report), "--findings-only"]) == 1
    out = capsys.readouterr().out
    assert "qs:7" in out and "G14-quota-2024" in out and "按报告本身所列数据" in out
    assert "Q2-disabled" not in out.split("编号", 1)[1]  # clean claims left out
    assert main(["audit", str(report), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    q = next(c for c in data["claims"] if c["id"] == "G14-quota-2024")
    f = q["findings"][0]
    assert f["line"] == 7 and f["where"] == "qs:7" and "分配名额 499 人" in f["quote"]
    assert data["rollup"]["county_verdict"] == "not_met"
    assert any(u["where"].startswith("qs:") for u in data["uncovered"])
    assert main(["audit", str(report), "--format", "markdown", "--lang", "en"]) == 1
    md = capsys.readouterr().out
    assert md.startswith("# Audit: 青山县") and "| area |" in md


def test_cli_extract_then_audit_the_reviewed_file(report: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "claims.toml"
    assert main(["extract", str(report), "--out", str(out), "--coverage"]) == 0
    msg = capsys.readouterr().out
    assert "青山县" in msg and "未被任何核查项覆盖的数字" in msg
    data = tomllib.loads(out.read_text("utf-8"))
    q = next(c for c in data["claims"] if c["id"] == "G14-quota-2024")
    assert q["line"] == 7 and q["pattern"].startswith("items.G14.ratios") and q["quote"]
    assert main(["audit", str(out), "--report", str(report), "--findings-only"]) == 1
    text = capsys.readouterr().out
    assert "G14-quota-2024" in text and "不符之处" not in text  # its own claims lint clean


def test_cli_html_page(report: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit.html"
    assert main(["audit", str(report), "--format", "html", "--out", str(out)]) == 1
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "@page { size: A4" in page
    assert '<table class="roll">' in page and "各领域汇总" in page
    assert '<mark class="error" title="G14-quota-2024">' in page
    assert "<script" not in page and "http" not in page.split("<body>", 1)[1]


def test_cli_bad_inputs_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(tmp_path / "none.txt")]) == 2
    empty = tmp_path / "e.txt"
    empty.write_text("没有数字。", encoding="utf-8")
    assert main(["extract", str(empty)]) == 2
    claims = tmp_path / "c.toml"
    claims.write_text('county = "某县"\nreport = "报告"\n[[claims]]\nid = "a"\nkind = "ratio"\n'
                      'section = "1"\nname_zh = "x"\nnumerator = 1\ndenominator = 2\n'
                      'reported = "50%"\n', encoding="utf-8")
    assert main(["audit", str(claims), "--format", "html"]) == 2
    assert "--report" in capsys.readouterr().err


# --- lint ------------------------------------------------------------------------------
def test_lint_quotes_and_numbers() -> None:
    doc = document_from_text(REPORT, label="qs")
    good = Claim(id="G14", kind="ratio", section="14", name_zh="名额", numerator=499,
                 denominator=1000, reported="50%",
                 quote="全县优质高中招生名额总数 1000 人，分配名额 499 人，占比 50%")
    wrong_number = good.model_copy(update={"id": "G14b", "numerator": 498})
    derived = wrong_number.model_copy(update={"id": "G14c", "derived": ("numerator",)})
    missing = good.model_copy(update={"id": "G14d", "quote": "分配名额 500 人"})
    noquote = good.model_copy(update={"id": "G14e", "quote": None})
    cs = ClaimSet(county="青山县", report="r", claims=(good, wrong_number, derived, missing,
                                                     noquote))
    located, problems = lint_claims(cs, doc)
    assert located.claims[0].line == 7 and located.claims[0].where == "qs:7"
    got = {(p.claim, p.code) for p in problems}
    assert got == {("G14b", "number_not_in_quote"), ("G14d", "quote_not_found"),
                   ("G14d", "number_not_in_quote"), ("G14e", "no_quote")}


def test_docx_school_table_gives_cv_provenance(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx", reason="python-docx (extra 'documents') not installed")
    d = docx.Document()
    for line in ["青山县自评报告", "（一）资源配置", "6. 生均教学仪器设备值",
                 "【自评情况】义务教育学校平均值初中 3000 元，校际差异系数初中 0.244。", "【自评结论】达标",
                 "初中各校生均教学仪器设备值"]:
        d.add_paragraph(line)
    rows = [("学校", "在校生数", "生均教学仪器设备值"), ("第一中学", "1200", "6000"),
            ("第二中学", "300", "8000"), ("第三中学", "800", "4000"), ("第四中学", "150", "7500")]
    t = d.add_table(rows=len(rows), cols=3)
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            t.cell(i, j).text = v
    p = tmp_path / "qs.docx"
    d.save(str(p))
    a = audit_report(p).audit["R6-cv-method-junior"]
    assert a.codes == ("cv_unofficial_method",)  # 0.244 is the unweighted CV
    assert a.claim.section == "qs:表1(1)"
