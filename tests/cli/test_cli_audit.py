"""``qbalance audit`` end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qbalance.cli import main

SRC = Path(__file__).resolve().parents[2] / "src"


def test_example_with_errors_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--example", "midu", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "7 error(s)" in out and "Q1-consolidation" in out and "truncation" in out


def test_clean_example_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--example", "lianping"]) == 0
    assert "连平县" in capsys.readouterr().out


def test_markdown_and_json_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    md = tmp_path / "baoqing.md"
    assert main(["audit", "--example", "baoqing", "--format", "markdown", "--out", str(md),
                 "--findings-only"]) == 0  # warnings and notes only
    text = md.read_text("utf-8")
    assert text.startswith("# 核查结果：宝清县") and "| G4-school-size |" in text
    assert "| G11-rotation |" not in text
    js = tmp_path / "baoqing.json"
    assert main(["audit", "--example", "baoqing", "--format", "json", "--out", str(js)]) == 0
    data = json.loads(js.read_text("utf-8"))
    assert data["counts"]["error"] == 0 and data["has_errors"] is False
    assert data["counts"]["warning"] == 1
    assert "宝清县" in capsys.readouterr().out  # the summary line


@pytest.mark.usefixtures("english")
def test_claims_file_and_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                   ) -> None:
    good = tmp_path / "c.toml"
    good.write_text('county = "测试县"\nreport = "r"\n[[claims]]\nid = "a"\nkind = "ratio"\n'
                    'section = "s"\nname_zh = "x"\nnumerator = 1\ndenominator = 3\n'
                    'reported = "33.3%"\n', "utf-8")
    assert main(["audit", str(good)]) == 0
    bad = tmp_path / "bad.toml"
    bad.write_text(good.read_text("utf-8").replace('reported = "33.3%"', "reported = 33.3"),
                   "utf-8")
    assert main(["audit", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "a: field 'reported'" in err
    assert main(["audit"]) == 2
    assert main(["audit", "--example", "nowhere"]) == 2
    assert main(["audit", "--list-examples"]) == 0
    assert "midu" in capsys.readouterr().out


def test_subprocess() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "qbalance", "audit", "--example", "pingyuan", "--format",
         "json"], capture_output=True, text=True, env={"PYTHONPATH": str(SRC)}, check=False)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    ids = {c["id"]: c for c in data["claims"]}
    assert ids["chengnan-investment"]["status"] == "error"
