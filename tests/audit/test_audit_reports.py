"""The shipped claims files of the four county reports, audited end to end.

Expected findings are in tests/data/audit_expected.toml with the report and the
reason for each; every claim not listed there must audit clean.
"""

from __future__ import annotations

from typing import Any

import pytest

from qbalance import audit, available_claim_examples, example_claims
from tests.conftest import load_data

EXPECTED: dict[str, Any] = load_data("audit_expected.toml")
REPORTS = ["pingyuan", "baoqing", "midu", "lianping"]


def test_all_four_reports_ship() -> None:
    assert sorted(available_claim_examples()) == sorted(REPORTS)


@pytest.mark.parametrize("name", REPORTS)
def test_expected_findings(name: str) -> None:
    report = audit(example_claims(name))
    expected = EXPECTED[name]["findings"]
    for a in report.audits:
        exp = expected.get(a.claim.id)
        if exp is None:
            assert a.findings == (), f"{name} {a.claim.id}: unexpected {a.codes}"
            continue
        assert a.status == exp["status"], f"{name} {a.claim.id}"
        assert list(a.codes) == exp["codes"], f"{name} {a.claim.id}"
        if "slip" in exp:
            slip = a.findings[0].slip
            assert slip is not None and slip.kind.value == exp["slip"], a.claim.id
        if "implied" in exp:
            assert exp["implied"] in a.findings[0].zh, a.claim.id
    missing = set(expected) - {a.claim.id for a in report.audits}
    assert not missing, f"expected claims not in the file: {missing}"
    counts = report.counts()
    for status, n in EXPECTED[name]["counts"].items():
        assert counts[status] == n, (name, status)


@pytest.mark.parametrize("name", ["pingyuan", "baoqing", "midu"])
def test_self_evaluations_have_at_least_15_claims_with_sections(name: str) -> None:
    claims = example_claims(name)
    assert len(claims.claims) >= 15
    assert all(c.section for c in claims.claims)


def test_worked_figures_of_the_reports() -> None:
    """Exact values the audit recomputes, as the standard reference lists them."""
    baoqing = audit("baoqing")
    assert baoqing["G11-rotation"].exact_text == "10.91205…%"
    assert baoqing["Q1-consolidation"].exact_text == "100%"
    assert baoqing["G14-quota"].check is not None
    assert [m.value for m in baoqing["G14-quota"].check.modes] == ["half_up", "half_even"]
    midu = audit("midu")
    assert midu["Q1-consolidation"].exact_text == "99.92529…%"
    assert midu["G14-quota-2023"].verdict_agrees is False
    assert midu["G14-quota-2024"].verdict_agrees is True
    assert midu["R-composite-primary"].exact_text == "0.380286…"


def test_has_errors_and_outputs() -> None:
    midu = audit("midu")
    assert midu.has_errors
    assert not audit("lianping").has_errors
    md = midu.to_markdown("en", only_findings=True)
    assert md.startswith("# Audit: 弥渡县")
    assert "| Q1-consolidation |" in md and "| G11-rotation |" not in md
    data = midu.to_dict()
    assert data["counts"]["error"] == 7
    q1 = next(c for c in data["claims"] if c["id"] == "Q1-consolidation")
    assert q1["consistent_modes"] == ["truncate"]
    assert q1["findings"][0]["slip"]["kind"] == "truncation"
    text = midu.table("zh")
    assert "弥渡县" in text and "截尾" in text


def test_thresholds_come_from_the_standard() -> None:
    """A stricter county target is another standard, not other code."""
    from qbalance import load_standard

    plan = load_standard("national-2017").derive(
        "x-county-plan", {"guarantee": {"rotation_min": 0.15}})
    baoqing = audit("baoqing", standard=plan)
    rot = baoqing["G11-rotation"]
    assert rot.threshold is not None and rot.threshold.source == "guarantee.rotation_min"
    assert rot.codes == ("verdict_contradicts",) and rot.verdict_agrees is False
    assert audit("baoqing")["G11-rotation"].findings == ()
    assert audit("midu", standard=plan)["G11-rotation"].findings == ()  # 30.6 % ≥ 15 %


@pytest.mark.requires_pandas
def test_notebook_views() -> None:
    """A DataFrame, an HTML table and a printable table of the same audit."""
    midu = audit("midu")
    df = midu.to_frame(lang="en")
    assert len(df) == len(midu.audits) and df.index.name == "id"
    assert df.loc["G7-special-funds", "codes"] == "not_reproduced"
    assert midu.to_frame().index.name == "编号"  # Chinese by default, as every result
    found = midu.to_frame("zh", only_findings=True)  # issue 17: Chinese statuses, no codes
    assert set(found["状态"]) == {"错误", "警告", "提示"}
    assert "status" not in found.columns and "codes" not in found.columns
    assert len(found) == sum(1 for a in midu.audits if a.findings)
    page = midu._repr_html_()
    assert page.count('<tr class="qb-error">') == midu.counts()["error"]
    assert "49.953…%" in page and "<script" not in page
    assert str(midu).startswith(midu.summary("zh"))
    # The auditor's note of a claim without findings is shown too.
    pingyuan = audit("pingyuan").to_frame("en")
    assert pingyuan.loc["G6-small-school-funds", "finding"].startswith("Auditor's note: 5 所")
