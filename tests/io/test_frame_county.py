"""``load_county(df)``: a DataFrame has no file name to name the county (issue 17).

It used to be labelled ``county`` (English) and its hint named the CLI options; now the
name is required, the hint names the Python call, and the label is in the session
language.  The command line keeps its option names.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qbalance import DataValidationError, example_county, load_county
from qbalance._messages import use_lang
from qbalance.cli import main
from qbalance.examples import example_table_path

pd = pytest.importorskip("pandas", reason="the pandas extra is not installed")

from qbalance.io.frames import schools_frame  # noqa: E402


def _frame() -> object:
    return schools_frame(example_county(), lang="zh")


def test_frame_without_name_or_year_names_the_python_call() -> None:
    with pytest.raises(DataValidationError) as info:
        load_county(_frame())
    zh, en = info.value.render("zh"), info.value.render("en")
    assert {p.field for p in info.value.problems} == {"name", "year"}
    assert "load_county(df, name=…, year=…)" in zh and "load_county(…, year=…)" in zh
    assert "--year" not in zh and "--county" not in zh and "evaluate" not in zh
    assert "county" not in zh.replace("load_county", ""), zh  # no English label
    assert "学校数据表" in zh
    assert "load_county(df, name=…, year=…)" in en and "schools DataFrame" in en
    assert "学校" not in en and "--year" not in en


def test_frame_with_year_only_needs_the_name() -> None:
    with pytest.raises(DataValidationError) as info:
        load_county(_frame(), year=2025)
    (p,) = info.value.problems
    assert p.field == "name" and "需要县名" in info.value.render("zh")


def test_frame_with_name_and_year_reads_and_labels_nothing_in_english() -> None:
    county = load_county(_frame(), name="示例县", year=2025)
    assert county.name == "示例县" and county.year == 2025
    assert county.schools == example_county().schools


def test_frame_name_from_the_facts_is_enough() -> None:
    county = load_county(_frame(), county={"name": "某县", "year": 2024})
    assert county.name == "某县"


def test_english_session_label() -> None:
    with use_lang("en"), pytest.raises(DataValidationError) as info:
        load_county(_frame(), name="某县")
    assert info.value.problems[0].location == "(schools DataFrame)"  # machine-readable
    assert info.value.render("en").startswith("1 problem(s) in schools DataFrame:")
    assert "load_county(…, year=…)" in str(info.value)


def test_a_file_from_python_names_the_call_the_cli_its_options(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QBALANCE_LANG", raising=False)
    with pytest.raises(DataValidationError) as info:
        load_county(example_table_path("csv"))
    assert "load_county(…, year=…)" in info.value.render("zh")
    assert "--year" not in info.value.render("zh")
    rc = main(["evaluate", str(example_table_path("csv"))])
    err = capsys.readouterr().err
    assert rc == 2 and "--year" in err and "load_county" not in err, err
    # and after the command line, Python again names the call
    with pytest.raises(DataValidationError, match=r"load_county\(…, year=…\)"):
        load_county(example_table_path("csv"))
