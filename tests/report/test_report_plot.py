"""Reports (Markdown, HTML) and figures."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

import qbalance
from qbalance import ResourceEvaluation, evaluate_resources
from qbalance.report import render, render_html, render_markdown, write_report


@pytest.fixture(scope="module")
def result() -> ResourceEvaluation:
    return evaluate_resources(qbalance.example_county())


def test_markdown_has_every_section(result: ResourceEvaluation) -> None:
    md = render_markdown(result)
    for heading in ("## 县域概况", "## 资源配置", "### 小学", "### 初中", "### 未达到校际标准的学校",
                    "### 未纳入计算的学校", "### 按加权学生数分摊设施的学校"):
        assert heading in md
    p = result.segment("primary")
    # every CV of the table is the computed one, with its limit
    for ind in p.indicators:
        assert f"| {ind.code} | {ind.name_zh} |" in md
        assert f"| {ind.cv:.3f} | {ind.cv_limit:.2f} |" in md
    # the failing school with the indicator that fails and its value
    r5 = next(s for s in p.schools if s.school_id == "P08").value("R5")
    assert re.search(rf"石门村小学 \| P08 \| 5/7 \| R5 {r5:,.2f} < 7.5", md)
    assert "云岭教学点" in md.split("### 未纳入计算的学校")[1]
    # the Markdown tables are well formed: every row has as many cells as its header
    for block in re.findall(r"((?:^\|.*\|\n)+)", md, flags=re.M):
        widths = {len(re.split(r"(?<!\\)\|", line)) for line in block.splitlines()}
        assert len(widths) == 1, block


def test_english_report(result: ResourceEvaluation) -> None:
    md = render_markdown(result, lang="en")
    assert md.startswith("# 示例县: high-quality balanced")
    assert "## County summary" in md and "Schools failing the per-school rule" in md
    for label in ("未达标", "学校数", "差异系数", "县域概况"):  # no Chinese labels, only names
        assert label not in md
    with pytest.raises(ValueError, match="lang"):
        render_markdown(result, lang="fr")


def test_standalone_html_embeds_figures(result: ResourceEvaluation) -> None:
    pytest.importorskip("matplotlib")
    page = render_html(result)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    imgs = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(imgs) == 3
    assert all(len(i) > 10_000 for i in imgs)
    assert page.count("<table>") >= 6
    toc = re.findall(r'<a href="#(s\d+)">', page)
    assert toc and all(f'id="{a}"' in page for a in toc)  # every link has its section


def test_audit_findings_and_county_sections_are_rendered(result: ResourceEvaluation) -> None:
    @attrs.frozen
    class Finding:
        code: str
        severity: str
        message_zh: str
        message_en: str

    @attrs.frozen
    class Area:
        code: str
        name_zh: str
        name_en: str
        value: float | None
        threshold: float
        passed: bool | None
        reason_zh: str
        reason_en: str

    @attrs.frozen
    class CountyResult:
        county: str
        year: int
        resources: ResourceEvaluation
        guarantee: tuple[Area, ...]
        quality: tuple[Area, ...] | None

        @property
        def passed(self) -> bool:
            return False

    g = (Area("G14", "优质高中招生名额分配比例", "quota share", 0.4995, 0.5, False,
              "49.95% < 50%", "49.95% < 50%"),
         Area("G8", "教师平均工资收入", "teacher pay", None, 1.0, None, "缺少数据", "missing"))
    county = CountyResult("示例县", 2025, result, g, None)
    findings = (Finding("A1", "error", "报告称50%，实际49.95%", "reported 50 %, exact 49.95 %"),)
    md = render_markdown(county, audit=findings)
    assert "## 政府保障程度" in md and "优质高中招生名额分配比例" in md and "✗ 未达标" in md
    assert "## 教育质量" in md and "未评估（缺少数据）" in md
    assert "## 核查发现" in md and "报告称50%，实际49.95%" in md
    assert "reported 50 %" not in md
    assert "| 政府保障程度 |" in md  # area verdict in the summary
    assert "### 小学" in md  # the resource part of the county result
    html_page = render_html(county, lang="en", audit=findings, plots=False)
    assert "Government guarantee" in html_page and "reported 50 %" in html_page


@pytest.mark.usefixtures("english")
def test_write_report_by_suffix(result: ResourceEvaluation, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    md = write_report(result, tmp_path / "r.md")
    text = md.read_text("utf-8")
    assert "![" in text and (tmp_path / "r-figures" / "cv.png").stat().st_size > 1000
    page = write_report(result, tmp_path / "r.html", plots=False).read_text("utf-8")
    assert page.startswith("<!DOCTYPE") and "<img" not in page
    j = write_report(result, tmp_path / "r.json")
    assert qbalance.io.load_result(j) == result
    assert "结论：未达标" in write_report(result, tmp_path / "r.txt").read_text("utf-8")
    with pytest.raises(ValueError, match="choose one of"):
        render(result, "pdf")


def test_plots_are_generated_and_non_empty(result: ResourceEvaluation, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from qbalance.plot import figure_bytes, plot_cv, plot_schools, save_figures

    files = save_figures(result, tmp_path, formats=("png",))
    assert sorted(f.name for f in files) == sorted(
        f"{s}.png" for s in ("cv", "schools-primary", "schools-junior"))
    for f in files:
        assert f.stat().st_size > 5_000
        assert f.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    fig = plot_cv(result)
    svg = figure_bytes(fig, "svg")
    assert b"<svg" in svg[:500] and len(svg) > 5_000
    (ax,) = fig.axes
    heights = sorted(round(p.get_height(), 12) for p in ax.patches)
    cvs = sorted(round(i.cv, 12) for s in result.segments for i in s.indicators)
    assert heights == cvs  # one bar per indicator and segment, at the computed CV
    fig = plot_schools(result, "primary")
    n = len(result.segment("primary").schools)
    assert [len(a.patches) for a in fig.axes if a.patches] == [n] * 7


def test_plots_fall_back_to_english_without_cjk_font(result: ResourceEvaluation,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from qbalance import plot

    monkeypatch.setattr(plot, "cjk_font", lambda: None)
    fig = plot.plot_schools(result, "junior")
    labels = [t.get_text() for a in fig.axes for t in a.get_yticklabels()]
    assert "J01" in labels and not any("\u4e00" <= c <= "\u9fff" for t in labels for c in t)
    title = fig.axes[0].get_title()
    assert title.startswith("R1 degree+ teachers")
    fig.savefig(tmp_path / "f.png")  # no missing-glyph warning (warnings are errors)
    assert (tmp_path / "f.png").stat().st_size > 5_000


def test_cjk_font_is_found_when_installed() -> None:
    pytest.importorskip("matplotlib")
    from qbalance.plot import cjk_font

    name = cjk_font()
    if name is None:
        pytest.skip("no CJK font installed (e.g. apt-get install fonts-noto-cjk)")
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties(family=name),
                                 fallback_to_default=False)
    assert Path(path).exists()


def test_county_report_has_every_area() -> None:
    county_result = qbalance.evaluate_county(qbalance.example_county())
    md = render_markdown(county_result)
    assert md.startswith("# 示例县 义务教育优质均衡发展督导评估报告\n")
    for heading in ("## 资源配置", "## 政府保障程度：✗ 未达标", "## 教育质量：", "## 社会认可度：",
                    "## 不予认定情形："):
        assert heading in md
    g14 = county_result.check("G14")
    assert f"| G14 | {g14.name_zh} | ✗ 未达标 | {g14.measures[0].display} |" in md
    en = render_markdown(county_result, lang="en")
    assert "## Government guarantee: ✗ FAILED" in en
    # a county without facts: every area not assessed, and the missing data listed
    bare = qbalance.example_county().model_copy(
        update={"guarantee": None, "quality": None, "survey": None, "vetoes": None})
    md = render_markdown(qbalance.evaluate_county(bare))
    assert "## 缺少的数据（相关指标未评估）" in md and "? 未评估" in md


@pytest.mark.usefixtures("english")
def test_audit_report_in_html_and_markdown() -> None:
    audit = qbalance.audit("midu")
    county_result = qbalance.evaluate_county(qbalance.example_county())
    md = render_markdown(county_result, audit=audit, lang="en")
    section = md.split("## Audit findings", 1)[1].split("\n## ", 1)[0]  # up to the annex
    with_findings = [a for a in audit.audits if a.findings]
    assert section.count("\n| ") == len(with_findings) + 1  # header + one row per claim
    assert audit.summary("en") in section
    page = render_html(county_result, audit=audit, plots=False)
    assert "核查发现" in page and "G14-quota-2023" in page
    with pytest.raises(ValueError, match="evaluation only"):
        render(county_result, "json", audit=audit)


def test_undefined_cv_is_reported_with_its_reason_not_as_nan() -> None:
    # every school has 0 backbone teachers: R2 has no CV (mean 0) and fails
    from qbalance import County
    def school(sid: str, pupils: int) -> dict[str, object]:
        return {"id": sid, "name": f"学校{sid}", "kind": "primary",
                "primary": {"pupils": pupils, "teachers_above_degree": pupils // 20,
                            "backbone_teachers": 0, "pe_art_teachers": pupils // 80},
                "teaching_area_m2": 6.0 * pupils, "sports_area_m2": 10.0 * pupils,
                "equipment_value_yuan": 3000.0 * pupils, "multimedia_classrooms": pupils // 30}
    c = County(name="零值县", year=2025, segments=["primary"],
               schools=[school("A", 300), school("B", 600)])
    r = evaluate_resources(c)
    for lang in ("zh", "en"):
        md = render_markdown(r, lang=lang)
        assert "nan" not in md.lower().replace("nanjing", "")
        assert ("差异系数无定义" if lang == "zh" else "is undefined") in md
    pytest.importorskip("matplotlib")
    from qbalance.plot import plot_cv
    fig = plot_cv(r)
    (ax,) = fig.axes
    assert ax.get_ylim()[1] > 0


def test_complete_html_report_has_banner_details_and_annex() -> None:
    from qbalance.report import ReportInfo

    county = qbalance.example_county()
    result = qbalance.evaluate_county(county)
    info = ReportInfo(date="2026-05-04", inputs=(("学校.csv", "0f" * 32),))
    page = render_html(result, plots=False, info=info)
    body = page.split("<body", 1)[1]
    # the banner comes right after the title (and the section links), before anything else
    first = body.index('<div class="banner fail"')
    assert first < body.index("<h2") and "结论：✗ 未达标" in body[first:first + 200]
    assert "县域义务教育优质均衡发展督导评估办法（国家标准）" in body
    assert "教育部 教督〔2017〕6号" in body and "2026-05-04" in body
    assert "学校.csv" in body and "0f" * 32 in body
    # the annex: one row per school and segment, each value marked
    annex = body.split("附件：各校资源配置指标值</h2>", 1)[1]
    n_rows = sum(len(s.schools) for s in result.resources.segments)
    assert annex.count("<tr><td") == n_rows
    assert annex.count('<table class="annex">') == len(result.resources.segments)
    school = result.resources.segment("primary").failing_schools[0]
    j = next(k for k, lo in enumerate(school.below_floor) if lo)
    assert f"{school.values[j]:,.2f} ✗" in annex and "○" in page
    # A4 pages numbered in Chinese, headings kept with what follows
    assert "size:A4" in page and 'counter(page)' in page and "第 " in page
    assert "break-after:avoid" in page
    en = render_html(result, plots=False, lang="en", info=info)
    assert '<div class="banner fail" role="status"><strong>Verdict: ✗' in en
    assert '"Page " counter(page)' in en
    header = en.split("Annex: every school", 2)[2].split("</thead>", 1)[0]
    assert "<th>School</th>" in header and "R4 (m² per pupil)" in header
    assert not any("\u4e00" <= c <= "\u9fff" for c in header)


def test_markdown_report_has_banner_and_annex(tmp_path: Path) -> None:
    result = qbalance.evaluate_resources(qbalance.example_county())
    md = render_markdown(result)
    lines = md.splitlines()
    assert lines[0].startswith("# 示例县") and lines[2] == "> **结论：✗ 未达标**"
    annex = md.split("## 附件：各校资源配置指标值", 1)[1]
    assert sum(line.startswith("| ") and line[2].isdigit() for line in annex.splitlines()) == \
        sum(len(s.schools) for s in result.segments)
    out = write_report(result, tmp_path / "r.md", plots=False)
    assert out.read_text("utf-8") == md  # streamed to the file, the same text


def test_pdf_without_a_browser_says_what_to_do(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from qbalance import report
    from qbalance.errors import MissingDependencyError

    monkeypatch.setattr(report, "find_browser", lambda: None)
    result = qbalance.evaluate_resources(qbalance.example_county())
    with pytest.raises(MissingDependencyError, match="Chromium.*QBALANCE_BROWSER"):
        write_report(result, tmp_path / "r.pdf", plots=False)
    assert not (tmp_path / "r.pdf").exists()
    from qbalance.cli import main

    monkeypatch.setenv("QBALANCE_LANG", "zh")
    assert main(["evaluate", "--example", "--out", str(tmp_path / "r.pdf")]) == 2
