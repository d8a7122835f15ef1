"""Claims: validation errors name the claim and the field; files in TOML/JSON/YAML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qbalance import (
    Claim,
    DataError,
    DataValidationError,
    claims_example_path,
    example_claims,
    load_claims,
)

GOOD: dict[str, Any] = {
    "county": "测试县", "report": "自评报告",
    "claims": [{"id": "G11", "kind": "ratio", "section": "二（三）11", "name_zh": "轮岗比例",
                "numerator": 67, "denominator": 614, "reported": "10.91%",
                "rule": "guarantee.rotation_min", "verdict": "达标"}],
}


def with_claim(**changes: Any) -> dict[str, Any]:
    claim = {**GOOD["claims"][0], **changes}
    return {**GOOD, "claims": [claim]}


def problem(data: dict[str, Any]) -> tuple[str, str, str]:
    with pytest.raises(DataValidationError) as info:
        load_claims(data)
    p = info.value.problems[0]
    return p.location, p.field, p.message


def test_good_claims_load() -> None:
    cs = load_claims(GOOD)
    assert cs.claims[0].reported == "10.91%"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"denominator": None, "reported": None}, "denominator", "required"),
        ({"reported": 10.91}, "reported", "as text"),
        ({"reported": "10.91 percent"}, "reported", "not a plain decimal"),
        ({"numerator": "sixty-seven"}, "numerator", "not a decimal number"),
        ({"denominator": 0}, "denominator", "non-zero"),
        ({"denominator": -26}, "denominator", "negative"),
        ({"numerator": "-67"}, "numerator", "negative"),
        ({"verdict": "可能达标"}, "verdict", "unknown verdict"),
        ({"kind": "odds"}, "kind", "Input should be"),
        ({"section": ""}, "section", "at least 1"),
        ({"threshold": ">= 10%"}, "threshold", "not both"),
        ({"colour": "red"}, "colour", "Extra inputs"),
    ],
)
@pytest.mark.usefixtures("english")
def test_invalid_claim_names_claim_and_field(changes: dict[str, Any], field: str,
                                             message: str) -> None:
    where, f, msg = problem(with_claim(**changes))
    assert where.startswith("G11") and f == field and message in msg


def test_kind_specific_fields_are_named() -> None:
    data = {**GOOD, "claims": [{"id": "S1", "kind": "survey", "section": "二（四）",
                                "name_zh": "样本", "sample": 782}]}
    where, field, msg = problem(data)
    assert (where, field) == ("S1", "population") and "survey" in msg
    data = {**GOOD, "claims": [{"id": "B1", "kind": "rate_parts", "section": "s",
                                "name_zh": "骨干", "total": 368,
                                "parts": [{"label": "小学", "value": "1.47"}]}]}
    assert problem(data)[:2] == ("B1", "parts.0.base")


def test_every_problem_is_listed() -> None:
    data = {**GOOD, "claims": [
        {**GOOD["claims"][0], "id": "A", "reported": 1.5},
        {**GOOD["claims"][0], "id": "B", "numerator": "x"}]}
    with pytest.raises(DataValidationError) as info:
        load_claims(data)
    assert {p.location for p in info.value.problems} == {"A", "B"}


def test_duplicate_ids() -> None:
    data = {**GOOD, "claims": [GOOD["claims"][0], GOOD["claims"][0]]}
    where, field, msg = problem(data)
    assert field == "id" and "twice" in msg


@pytest.mark.usefixtures("english")
def test_claim_built_in_python_validates() -> None:
    with pytest.raises(DataValidationError, match="G14.*'reported'"):
        Claim(id="G14", kind="consolidation", section="s", name_zh="巩固率",
              graduates=1, entrants=1)


def test_files_toml_json_yaml(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text(json.dumps(GOOD, ensure_ascii=False), "utf-8")
    assert load_claims(tmp_path / "c.json").claims[0].id == "G11"
    yaml = pytest.importorskip("yaml")
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(GOOD, allow_unicode=True), "utf-8")
    assert load_claims(tmp_path / "c.yaml").claims[0].numerator == 67
    toml_path = claims_example_path("midu")
    assert load_claims(toml_path) == example_claims("midu") == load_claims("midu")


@pytest.mark.usefixtures("english")
def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read"):
        load_claims(tmp_path / "missing.toml")
    (tmp_path / "bad.toml").write_text("claims = [", "utf-8")
    with pytest.raises(DataError, match="not valid TOML"):
        load_claims(tmp_path / "bad.toml")
    (tmp_path / "c.csv").write_text("a,b", "utf-8")
    with pytest.raises(DataError, match="unsupported"):
        load_claims(tmp_path / "c.csv")
    (tmp_path / "bad.json").write_text(json.dumps(with_claim(reported=1.5)), "utf-8")
    with pytest.raises(DataValidationError, match=r"(?s)bad\.json.*G11: field 'reported'"):
        load_claims(tmp_path / "bad.json")


@pytest.mark.usefixtures("english")
def test_unknown_example() -> None:
    with pytest.raises(DataError, match="available"):
        claims_example_path("nowhere")


def test_bad_yaml(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    (tmp_path / "bad.yaml").write_text("claims: [unclosed\n", "utf-8")
    with pytest.raises(DataError, match="不是有效的 YAML"):
        load_claims(tmp_path / "bad.yaml")
