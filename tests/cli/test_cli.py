"""The command line, end to end through a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import qbalance
from qbalance.examples import example_facts, example_path, example_table_path

SRC = str(Path(qbalance.__file__).resolve().parent.parent)


def qb(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC, "PYTHONWARNINGS": "error"}
    return subprocess.run([sys.executable, "-m", "qbalance", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=cwd, check=False,
                          encoding="utf-8")


def test_help_for_every_command() -> None:
    top = qb("--help")
    assert top.returncode == 0 and "退出状态" in top.stdout and "用法：qbalance" in top.stdout
    assert "Exit status" in qb("--lang", "en", "--help").stdout
    from qbalance.cli import COMMANDS

    for name in COMMANDS:
        out = qb(name, "--help")
        assert out.returncode == 0, out.stderr
        assert "用法：qbalance " + name in out.stdout and "显示本帮助并退出" in out.stdout
        assert "--lang" in out.stdout
        en = qb(name, "--help", "--lang", "en")
        assert "usage: qbalance " + name in en.stdout and "show this help" in en.stdout
        assert "用法：" not in en.stdout


def test_chinese_help_has_no_english_fragment_and_no_none() -> None:
    """The command list printed "None" (argparse's missing description through the
    translation) and ``extract`` had English-only help in the Chinese help."""
    top = qb("--help").stdout
    assert "None" not in top and "找出报告中可核查的数字" in top
    assert "find the checkable claims" not in top
    ext = qb("extract", "--help").stdout
    assert "读取报告" in ext and "Read a report" not in ext and "the report (.txt" not in ext
    assert "find the checkable claims" in qb("--lang", "en", "--help").stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_evaluate_example_in_every_format(fmt: str) -> None:
    extra = ["--no-plots"] if fmt == "html" else []
    out = qb("evaluate", "--example", "--format", fmt, *extra)
    assert out.returncode == 1, out.stderr  # the example county fails (G14, two schools)
    expected = qbalance.evaluate_county(qbalance.example_county())
    if fmt == "text":
        assert out.stdout.startswith("县域义务教育优质均衡发展督导评估 — 示例县")
        assert "石门村小学" in out.stdout
    elif fmt == "markdown":
        assert out.stdout.startswith("# 示例县") and "| R1 |" in out.stdout
        assert "## 政府保障程度：✗ 未达标" in out.stdout and "| G14 |" in out.stdout
    elif fmt == "html":
        assert out.stdout.startswith("<!DOCTYPE html>") and "</html>" in out.stdout
        assert "优质高中招生名额分配比例" in out.stdout
    else:
        data = json.loads(out.stdout)
        assert data["outcome"] == "failed"
        assert qbalance.CountyEvaluation.from_dict(data) == expected


def test_evaluate_table_with_county_file_writes_report(tmp_path: Path) -> None:
    yaml = pytest.importorskip("yaml")
    facts = tmp_path / "county.yaml"
    facts.write_text(yaml.safe_dump(example_facts(), allow_unicode=True), "utf-8")
    out = qb("evaluate", example_table_path("xlsx"), "--county", facts, "--out",
             tmp_path / "r.json")
    assert out.returncode == 1, out.stderr
    loaded = qbalance.io.load_result(tmp_path / "r.json")
    assert loaded == qbalance.evaluate_county(qbalance.example_county())
    out = qb("evaluate", example_table_path("csv"), "--year", "2025", "--lang", "en",
             "--out", tmp_path / "r.md", "--no-plots")
    assert out.returncode == 1  # no county facts: incomplete, not passed
    text = (tmp_path / "r.md").read_text("utf-8")
    assert text.startswith("# example-county-schools: ")
    assert "INCOMPLETE" in text and "## Missing data" in text


def test_passing_county_exits_zero(tmp_path: Path) -> None:
    data = qbalance.example_county().model_dump(mode="json", exclude_none=True)
    data["guarantee"]["quota"]["allocated"] = 533        # 533/1065 = 50.05 % ≥ 50 %
    for s in data["schools"]:
        if s["id"] in ("P08", "P09"):                     # the two failing schools
            s["sports_area_m2"] *= 1.5
            s["equipment_value_yuan"] *= 1.5
            s["primary"]["backbone_teachers"] += 1
    county = tmp_path / "county.json"
    county.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    out = qb("evaluate", county)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "总结论：达标" in out.stdout


def test_bad_input_exits_two_and_lists_every_problem(tmp_path: Path) -> None:
    lines = example_table_path("csv").read_text("utf-8-sig").splitlines()
    for k in (4, 7, 12):  # spreadsheet rows 4, 7 and 12
        cells = lines[k - 1].split(",")
        cells[3] = "abc"
        lines[k - 1] = ",".join(cells)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines), "utf-8")
    out = qb("evaluate", bad, "--year", "2025")
    assert out.returncode == 2
    assert "3 处问题" in out.stderr and "Traceback" not in out.stderr
    out = qb("evaluate", bad, "--year", "2025", "--lang", "en")
    assert "3 problem(s)" in out.stderr
    for k in (4, 7, 12):
        assert f"row {k} (" in out.stderr
    assert "Traceback" not in out.stderr
    assert qb("evaluate").returncode == 2
    assert qb("evaluate", "--example", "--standard", "nope").returncode == 2
    assert qb("evaluate", tmp_path / "missing.toml").returncode == 2
    assert qb("evaluate", "--example", "--format", "pdf").returncode == 2


def test_several_counties_show_progress(tmp_path: Path) -> None:
    bad = tmp_path / "broken.toml"
    bad.write_text('name = "x"\n', "utf-8")
    out = qb("evaluate", example_path(), example_path(), bad, "--out", tmp_path / "reports",
             "--format", "json")
    assert out.returncode == 2
    assert "[1/3]" in out.stderr and "[2/3]" in out.stderr and "[3/3]" in out.stderr
    assert "共 3 个文件：0 个达标，2 个未达标，1 个输入有误" in out.stderr
    assert out.stdout.strip() == f"已写入 {tmp_path / 'reports'}；结论：0 个达标，2 个未达标，1 个输入有误"
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [
        "examples-example-county-1.json", "examples-example-county-2.json"]  # not overwritten
    out = qb("evaluate", example_path(), example_path(), "-q")
    assert out.returncode == 1 and out.stderr == ""
    assert out.stdout.count("示例县") == 2


@pytest.mark.requires_openpyxl
def test_template_command(tmp_path: Path) -> None:
    out = qb("template", "--out", tmp_path / "tpl")
    assert out.returncode == 0, out.stderr
    names = sorted(p.name for p in (tmp_path / "tpl").iterdir())
    assert names == ["county.toml", "schools-template.csv", "schools-template.xlsx"]
    assert qb("template").returncode == 2


def test_standards_command() -> None:
    out = qb("standards")
    assert out.returncode == 0 and "\nnational-2017\t" in "\n" + out.stdout


def test_evaluate_with_audit_findings(tmp_path: Path) -> None:
    out = qb("evaluate", "--example", "--audit", "midu", "--format", "markdown", "--no-plots")
    assert out.returncode == 1, out.stderr
    findings = out.stdout.split("## 核查发现", 1)[1]
    assert "G14-quota-2023" in findings and "49.953…%" in findings
    text = qb("evaluate", "--example", "--audit", "midu", "--lang", "en")
    assert "Q1-consolidation" in text.stdout
    assert qb("evaluate", "--example", "--audit", "midu", "--format", "json").returncode == 2


def test_evaluate_with_a_column_mapping_file(tmp_path: Path) -> None:
    lines = example_table_path("csv").read_text("utf-8-sig").splitlines()
    lines[0] = lines[0].replace("学校代码", "代号", 1) + ",校长"
    lines[1:] = [ln + ",张三" for ln in lines[1:]]
    sheet = tmp_path / "s.csv"
    sheet.write_text("\n".join(lines), "utf-8")
    out = qb("evaluate", sheet, "--year", "2025", "--format", "json")
    assert out.returncode == 2 and "无法识别的列" in out.stderr and "校长" in out.stderr
    mapping = tmp_path / "columns.toml"
    mapping.write_text('"代号" = "id"\n"校长" = ""\n', "utf-8")
    out = qb("evaluate", sheet, "--year", "2025", "--columns", mapping, "--format", "json")
    assert out.returncode == 1, out.stderr
    assert json.loads(out.stdout)["resources"]["segments"][0]["segment"] == "primary"


def test_standards_diff_prints_rules_direction_and_sources() -> None:
    r = qb("standards", "--diff", "national-2017", "liaoning-shenyang-2024")
    out = r.stdout
    assert r.returncode == 0
    assert "guarantee.special_funds_min_yuan" in out and "8000" in out and "6000" in out
    assert "更严" in out and "沈阳市2024年评估平台" in out and "Shenyang 2024" not in out
    en = qb("standards", "--diff", "national-2017", "guangdong", "--lang", "en").stdout
    assert "no rule differs" in en and "no provincial source yet" in en
    bad = qb("standards", "--diff", "national-2017", "no-such-standard")
    assert bad.returncode == 2 and "no-such-standard" in bad.stderr
    assert "Traceback" not in bad.stderr


@pytest.mark.parametrize("sid", ["basic-balance-2012", "national-2019-guideline"])
def test_evaluate_example_under_the_new_standards(tmp_path: Path, sid: str) -> None:
    pytest.importorskip("matplotlib", reason="the HTML report embeds figures")
    out = tmp_path / "r.html"
    r = qb("evaluate", "--example", "--standard", sid, "--out", out)
    assert r.returncode == 1, r.stderr          # the example county does not pass
    html = out.read_text("utf-8")
    assert sid in html and "Traceback" not in r.stderr
    text = qb("evaluate", "--example", "--standard", sid).stdout
    if sid == "basic-balance-2012":
        assert "B8" in html and "本标准不评估此项" in text and "综合差异系数：0.122（≤ 0.65）" in text
    else:
        assert "R3" in html
