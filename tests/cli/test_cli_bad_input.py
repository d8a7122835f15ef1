"""Every CLI command exits 2 on bad input with its message and no traceback; an
unexpected exception is a one-line apology and exit 3 (issue 12)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import qbalance
from qbalance.cli import COMMANDS, main
from qbalance.examples import example_table_path

SRC = str(Path(qbalance.__file__).resolve().parent.parent)


def _bad_inputs(tmp: Path) -> dict[str, list[list[str]]]:
    garbage = tmp / "garbage.toml"
    garbage.write_bytes(bytes(range(256)) * 4)
    garbage_csv = tmp / "garbage.csv"
    garbage_csv.write_bytes(bytes(range(128, 256)) * 8)
    deep = tmp / "deep.json"
    deep.write_text("[" * 50_000 + "]" * 50_000, "utf-8")
    gbk_bad = tmp / "bad.toml"
    gbk_bad.write_bytes('name = "示例县"\nyear = "二〇二五"\n'.encode("gbk"))
    cr = tmp / "cr.csv"
    cr.write_text("学校代码,学校名称\r\"P01,城关\r", "utf-8")
    zero_claims = tmp / "claims.toml"
    zero_claims.write_text(
        'county = "某县"\nreport = "自评报告"\n[[claims]]\nid = "S1"\nkind = "survey"\n'
        'section = "四"\nname_zh = "社会认可度调查"\nsample = 100\npopulation = 0\n', "utf-8")
    filled = tmp / "filled"
    filled.mkdir()
    (filled / "county.toml").write_text("name = '我的县'\n", "utf-8")
    return {
        "evaluate": [[str(tmp / "missing.csv")], [str(garbage)], [str(deep)],
                     [str(example_table_path("csv")), "--county", str(gbk_bad)],
                     [str(cr), "--year", "2025"],
                     [str(example_table_path("csv")), "--year", "2025", "--columns",
                      str(garbage)],
                     ["--example", "--standard", str(garbage)],
                     ["--example", "--audit", str(zero_claims)]],
        "audit": [[str(tmp / "missing.toml")], [str(garbage)], [str(deep)],
                  [str(zero_claims)], ["--example", "no-such-report"]],
        "template": [["--out", str(filled)], ["--out", str(garbage)]],
        "batch": [[str(tmp / "missing.csv")], [str(garbage_csv)], [str(deep)]],
        "form": [[str(garbage_csv), "--year", "2025"], [str(deep)]],
        "extract": [[str(tmp / "missing.txt")], [str(garbage)]],
    }


def test_every_command_exits_2_on_bad_input(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    cases = _bad_inputs(tmp_path)
    for name in COMMANDS:
        runs = cases.get(name, []) + [["--no-such-option"]]
        for args in runs:
            try:
                status = main([name, *args])
            except SystemExit as exc:  # argparse usage errors
                status = int(exc.code or 0)
            err = capsys.readouterr().err
            assert status == 2, (name, args, err)
            assert "Traceback" not in err and err.strip(), (name, args, err)
            assert len(err) < 5000, (name, args)


def test_bad_input_through_a_subprocess_has_no_traceback(tmp_path: Path) -> None:
    garbage = tmp_path / "g.csv"
    garbage.write_bytes(b"\x00\xff" * 100)
    out = subprocess.run([sys.executable, "-m", "qbalance", "evaluate", str(garbage),
                          "--year", "2025"], capture_output=True, text=True,
                         env={"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin"}, check=False,
                         encoding="utf-8")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "不是文本文件" in out.stderr


def test_unexpected_exception_is_one_line_and_exit_3(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import qbalance.cli._standards as std

    def boom(args: object) -> int:
        raise KeyError("boom")

    monkeypatch.setattr(std, "run", boom)
    monkeypatch.delenv("QBALANCE_DEBUG", raising=False)
    status = main(["standards"])
    err = capsys.readouterr().err
    assert status == 3
    assert err.count("\n") == 1 and "KeyError" in err and "抱歉" in err
    assert main(["standards", "--lang", "en"] if False else ["standards"]) == 3
    monkeypatch.setenv("QBALANCE_LANG", "en")
    main(["standards"])
    assert "sorry" in capsys.readouterr().err


def test_template_refuses_to_overwrite_without_force(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "--out", str(tmp_path)]) == 0
    sheet = tmp_path / "schools-template.csv"
    sheet.write_text("my filled sheet", "utf-8")
    capsys.readouterr()
    assert main(["template", "--out", str(tmp_path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert sheet.read_text("utf-8") == "my filled sheet"
    assert main(["template", "--out", str(tmp_path), "--force"]) == 0
    assert sheet.read_text("utf-8-sig").startswith("学校代码")


def test_a_skipped_totals_row_is_one_plain_note(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    text = Path(example_table_path("csv")).read_text("utf-8-sig").rstrip("\n").split("\n")
    from qbalance.io.tables import read_schools_csv

    schools = read_schools_csv(example_table_path("csv"))
    header = text[0].split(",")
    total = ["合计"] + [""] * (len(header) - 1)
    j = header.index("教学及辅助用房面积")
    total[j] = f"{sum(s.teaching_area_m2 for s in schools):.1f}"
    f = tmp_path / "with-total.csv"
    f.write_text("\n".join([*text, ",".join(total)]) + "\n", "utf-8")
    status = main(["evaluate", str(f), "--year", "2025"])
    err = capsys.readouterr().err
    assert status == 1 and "qbalance：注意：" in err and "合计行与各校之和一致" in err
    assert "warnings.warn" not in err
