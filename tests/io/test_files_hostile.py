"""Hostile and careless input files: encodings, binary garbage, truncation, nesting, size.

Regression tests of issue 12 ("Crashes outside the error hierarchy"): every case must
be a :class:`qbalance.QBalanceError` with a clear message, or be read correctly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import qbalance
from qbalance import QBalanceError
from qbalance._files import decode_text, load_json_text, load_toml_text, read_capped
from qbalance.examples import example_table_path

FACTS = 'name = "示例县"\nyear = 2025\n'


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-16"])
def test_county_file_in_windows_encodings_is_read(tmp_path: Path, encoding: str) -> None:
    f = tmp_path / "county.toml"
    f.write_bytes(FACTS.encode(encoding))
    county = qbalance.load_county(example_table_path("csv"), county=f)
    assert county.name == "示例县" and county.year == 2025


@pytest.mark.parametrize("suffix", [".toml", ".json", ".yaml", ".csv"])
def test_binary_garbage_is_a_clear_error(tmp_path: Path, suffix: str) -> None:
    f = tmp_path / f"garbage{suffix}"
    f.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(QBalanceError, match="不是文本文件|binary"):
        if suffix == ".csv":
            qbalance.load_county(f, year=2025)
        else:
            qbalance.load_county(example_table_path("csv"), county=f)


def test_binary_claims_file(tmp_path: Path) -> None:
    f = tmp_path / "claims.toml"
    f.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    with pytest.raises(QBalanceError, match="不是文本文件"):
        qbalance.load_claims(f)


def test_truncated_result_json_mid_character(tmp_path: Path) -> None:
    f = qbalance.save_result(qbalance.evaluate_resources(qbalance.example_county()),
                             tmp_path / "r.json")
    raw = f.read_bytes()
    cut = raw.index("城".encode()) + 1  # inside a three-byte character
    f.write_bytes(raw[:cut])
    with pytest.raises(QBalanceError, match="截断|truncated"):
        qbalance.load_result(f)
    f.write_bytes(raw[: len(raw) // 2].decode("utf-8", "ignore").encode())
    with pytest.raises(QBalanceError, match="JSON"):
        qbalance.load_result(f)


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000,
                                  '{"a":' * 50_000 + "1" + "}" * 50_000])
def test_deeply_nested_json(tmp_path: Path, text: str) -> None:
    f = tmp_path / "deep.json"
    f.write_text(text, "utf-8")
    for load in (qbalance.load_result, qbalance.load_county, qbalance.load_claims):
        with pytest.raises(QBalanceError, match="嵌套层数过深"):
            load(f)


def test_deeply_nested_toml() -> None:
    with pytest.raises(QBalanceError, match="嵌套层数过深"):
        load_toml_text("a = " + "[" * 5000 + "]" * 5000, "x.toml")


@pytest.mark.parametrize("text", ['{"a": 1e999}', '{"a": Infinity}', '{"a": -Infinity}'])
def test_non_finite_json_numbers_are_refused(text: str) -> None:
    with pytest.raises(QBalanceError, match="非有限数值"):
        load_json_text(text, "x.json")


def test_non_finite_toml_numbers_are_refused() -> None:
    with pytest.raises(QBalanceError, match="非有限数值"):
        load_toml_text("a = inf\n", "x.toml")


def test_endless_input_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QBALANCE_MAX_INPUT_MB", "0.01")
    big = tmp_path / "big.csv"
    big.write_bytes(b"a,b,c\n" * 10_000)
    with pytest.raises(QBalanceError, match="读取上限"):
        qbalance.load_county(big, year=2025)
    zero = Path("/dev/zero")
    if zero.exists():
        with pytest.raises(QBalanceError, match="读取上限"):
            read_capped(zero)


def test_directory_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(QBalanceError, match="无法读取"):
        read_capped(tmp_path)
    with pytest.raises(QBalanceError, match="无法读取"):
        qbalance.load_county(tmp_path / "missing.toml")


def test_decode_gbk_and_forced_encoding() -> None:
    assert decode_text("学校".encode("gbk"), "x") == "学校"
    with pytest.raises(QBalanceError, match="指定编码"):
        decode_text("示例县".encode("gbk"), "x", "utf-8")
    with pytest.raises(QBalanceError, match="未知的编码") as err:
        decode_text(b"x", "x", "no-such-codec")
    assert "unknown encoding" in err.value.render("en")


def test_saved_result_still_loads(tmp_path: Path) -> None:
    r = qbalance.evaluate_resources(qbalance.example_county())
    f = qbalance.save_result(r, tmp_path / "r.json")
    assert qbalance.load_result(f) == r
    assert json.loads(f.read_text("utf-8"))["format"] == "qbalance-result"


def test_standard_file_saved_as_gb18030_is_read(tmp_path: Path) -> None:
    src = Path(qbalance.__file__).parent / "data" / "standards" / "national-2017.toml"
    p = tmp_path / "my-standard.toml"
    p.write_bytes(src.read_text("utf-8").encode("gb18030"))
    assert qbalance.load_standard(str(p)).id == "national-2017"
    p.write_bytes(b"\x00\x01garbage" * 50)
    with pytest.raises(qbalance.SpecError, match="不是文本文件"):
        qbalance.load_standard(str(p))
