"""Each audit check and slip detector on constructed cases: one where it must fire,
one where it must not."""

from __future__ import annotations

from typing import Any

import pytest

from qbalance import Claim, ClaimSet, SlipKind, audit
from qbalance.audit.checks import ClaimAudit


def one(claim: dict[str, Any], *others: dict[str, Any]) -> ClaimAudit:
    base = {"section": "s", "name_zh": "测试"}
    claims = [Claim(**{**base, **claim})] + [Claim(**{**base, **o}) for o in others]
    return audit(ClaimSet(county="测试县", report="r", claims=tuple(claims))).audits[0]


def codes(a: ClaimAudit) -> list[tuple[str, str]]:
    return [(f.severity.value, f.code) for f in a.findings]


# --- plain reproduction and rounding ----------------------------------------------------
def test_reproduced_ratio_has_no_finding() -> None:
    a = one({"id": "a", "kind": "ratio", "numerator": 67, "denominator": 614,
             "reported": "10.91%", "rule": "guarantee.rotation_min", "verdict": "达标"})
    assert a.findings == () and a.status == "ok"
    assert a.verdict_agrees is True and a.exact_text == "10.91205…%"


def test_truncation_only_fires_and_not() -> None:
    a = one({"id": "a", "kind": "ratio", "numerator": 2, "denominator": 3,
             "reported": "66.66%"})
    assert codes(a) == [("warning", "truncation_only")]
    assert a.findings[0].slip is not None and a.findings[0].slip.kind is SlipKind.TRUNCATION
    b = one({"id": "a", "kind": "ratio", "numerator": 2, "denominator": 3,
             "reported": "66.67%"})
    assert b.findings == ()


def test_not_reproduced_without_slip_is_an_error() -> None:
    a = one({"id": "a", "kind": "ratio", "numerator": 50, "denominator": 147,
             "reported": "36.2%"})
    assert codes(a) == [("error", "not_reproduced")]
    assert a.findings[0].slip is None


# --- slip detectors ---------------------------------------------------------------------
def test_neighbouring_year_denominator_fires() -> None:
    # Constructed like Midu's rural quota: 2022's share divided by 2023's figure.
    y22 = {"id": "r22", "kind": "ratio", "numerator": 222, "denominator": 301,
           "reported": "69.38%", "series": "rural", "year": 2022}
    y23 = {"id": "r23", "kind": "ratio", "numerator": 320, "denominator": 532,
           "reported": "60.15%", "series": "rural", "year": 2023}
    a = one(y22, y23)
    assert codes(a) == [("warning", "other_denominator")]
    slip = a.findings[0].slip
    assert slip is not None and slip.kind is SlipKind.NEIGHBOURING_YEAR
    assert "320" in slip.zh
    # without the neighbouring year nothing explains it: an error, no slip
    b = one(y22)
    assert codes(b) == [("error", "not_reproduced")] and b.findings[0].slip is None
    # a neighbour whose figures do not reproduce it does not fire
    c = one(y22, {**y23, "numerator": 100, "denominator": 500, "reported": "20%"})
    assert codes(c) == [("error", "not_reproduced")]


def test_other_printed_denominator_fires_and_not() -> None:
    claim = {"id": "h", "kind": "per_capita", "numerator": 185462, "denominator": 1800,
             "reported": "98.65",
             "alternatives": [{"label": "教职工", "denominator": [1217, 663]}]}
    a = one(claim)
    assert codes(a) == [("warning", "other_denominator")]
    assert a.findings[0].slip is not None
    assert a.findings[0].slip.kind is SlipKind.OTHER_DENOMINATOR
    b = one({**claim, "alternatives": [{"label": "x", "denominator": 1928}]})
    assert codes(b) == [("error", "not_reproduced")]


def test_swapped_numerator_fires_and_not() -> None:
    a = one({"id": "s", "kind": "ratio", "numerator": 25, "denominator": 67,
             "reported": "268%"})
    assert codes(a) == [("error", "not_reproduced")]
    assert a.findings[0].slip is not None
    assert a.findings[0].slip.kind is SlipKind.SWAPPED_NUMERATOR
    b = one({"id": "s", "kind": "ratio", "numerator": 25, "denominator": 67,
             "reported": "37.31%"})
    assert b.findings == ()


def test_percent_vs_permille_fires_and_not() -> None:
    a = one({"id": "p", "kind": "ratio", "numerator": 3, "denominator": 2000,
             "reported": "1.5%"})
    assert a.findings[0].slip is not None
    assert a.findings[0].slip.kind is SlipKind.PERCENT_PERMILLE
    assert a.status == "error"
    b = one({"id": "p", "kind": "ratio", "numerator": 3, "denominator": 2000,
             "reported": "1.5‰"})
    assert b.findings == ()


def test_yuan_vs_wan_fires_and_not() -> None:
    claim = {"id": "y", "kind": "per_capita", "numerator": "900000", "numerator_unit": "万元",
             "denominator": 150, "reported": "6000", "reported_unit": "元"}
    a = one(claim)
    assert a.status == "error"
    assert a.findings[0].slip is not None and a.findings[0].slip.kind is SlipKind.YUAN_WAN
    b = one({**claim, "numerator_unit": "元"})
    assert b.findings == ()


def test_implausible_figure_names_the_unit_slip() -> None:
    claim = {"id": "i", "kind": "figure", "reported": "1.7", "unit_name": "亿万元",
             "plausible": ["1000000", "1000000000"]}
    a = one(claim)
    assert codes(a) == [("error", "implausible_value")]
    assert a.findings[0].slip is not None and a.findings[0].slip.kind is SlipKind.YUAN_WAN
    assert one({**claim, "unit_name": "亿元"}).findings == ()
    # a decimal point moved by one place
    d = one({"id": "g", "kind": "figure", "reported": "3895.9", "unit_name": "元",
             "plausible": ["15227", "300000"]})
    assert d.findings[0].slip is not None
    assert d.findings[0].slip.kind is SlipKind.DECIMAL_SHIFT
    # ... and not when one place either way stays implausible (×10 = 38959 < 1e6)
    far = one({"id": "g", "kind": "figure", "reported": "3895.9", "unit_name": "元",
               "plausible": ["1000000", "3000000"]})
    assert codes(far) == [("error", "implausible_value")]
    assert far.findings[0].slip is None or far.findings[0].slip.kind is not (
        SlipKind.DECIMAL_SHIFT)


def test_formula_variant_fires_and_not() -> None:
    # 2675 / (2642 + 87 − 40) = 99.48 %: the transfers-only variant
    claim = {"id": "c", "kind": "consolidation", "graduates": 2675, "entrants": 2642,
             "transferred_in": 87, "resumed": 5, "transferred_out": 40, "suspended": 14,
             "deceased": 3, "reported": "99.48%"}
    a = one(claim)
    assert codes(a) == [("warning", "other_denominator")]
    assert a.findings[0].slip is not None
    assert a.findings[0].slip.kind is SlipKind.FORMULA_VARIANT
    assert one({**claim, "variant": "transfers_only"}).findings == ()


# --- verdicts ---------------------------------------------------------------------------
def test_verdict_relies_on_rounding_fires_and_not() -> None:
    a = one({"id": "q", "kind": "ratio", "numerator": 532, "denominator": 1065,
             "reported": "50%", "rule": "guarantee.quota_share_min", "verdict": "达标"})
    assert codes(a) == [("error", "verdict_relies_on_rounding")]
    assert a.verdict_agrees is False
    # no printed verdict: the rounding remark is a note, the failing figure a warning
    n = one({"id": "q", "kind": "ratio", "numerator": 532, "denominator": 1065,
             "reported": "50%", "rule": "guarantee.quota_share_min"})
    assert codes(n) == [("warning", "not_met"), ("note", "verdict_relies_on_rounding")]
    b = one({"id": "q", "kind": "ratio", "numerator": 375, "denominator": 750,
             "reported": "50%", "rule": "guarantee.quota_share_min", "verdict": "达标"})
    assert b.findings == () and b.verdict_agrees is True


def test_verdict_contradiction_and_exemption() -> None:
    claim = {"id": "k", "kind": "count", "items": ["2212", "2268"], "breaches": 2,
             "rule": "guarantee.school_size_max.primary", "verdict": "达标"}
    assert codes(one(claim)) == [("error", "verdict_contradicts")]
    assert codes(one({**claim, "exemption": "建校早"})) == [
        ("warning", "verdict_rests_on_exemption")]
    # not met, as the report says: still a warning (issue 16), never hidden
    assert codes(one({**claim, "verdict": "未达标"})) == [("warning", "not_met")]
    # a printed count that the listed values contradict
    assert ("error", "count_mismatch") in codes(one({**claim, "breaches": 1}))


def test_figure_threshold_on_printed_values() -> None:
    base = {"id": "m", "kind": "figure", "rule": "quality.monitoring_difference_below",
            "verdict": "达标"}
    ok = one({**base, "values": [{"label": "a", "value": "0.14"},
                                 {"label": "b", "value": "0.07"}]})
    assert ok.findings == () and ok.verdict_agrees is True
    tie = one({**base, "reported": "0.15"})  # 0.145–0.16: may or may not be < 0.15
    assert codes(tie) == [("warning", "verdict_unsupported")]
    bad = one({**base, "reported": "0.23"})
    assert codes(bad) == [("error", "verdict_contradicts")]


# --- beyond single ratios ---------------------------------------------------------------
def test_composite_cv_fires_and_not() -> None:
    cvs = ["0.479", "0.361", "0.314", "0.317", "0.354", "0.195", "0.382"]
    ok = one({"id": "c", "kind": "composite_cv", "cvs": cvs, "reported": "0.343",
              "segment": "primary", "verdict": "达标"})
    assert ok.findings == () and ok.verdict_agrees is True
    bad = one({"id": "c", "kind": "composite_cv", "cvs": cvs, "reported": "0.353"})
    assert codes(bad) == [("error", "not_reproduced")]
    over = one({"id": "c", "kind": "composite_cv", "cvs": ["0.55", *cvs[1:]],
                "reported": "0.353", "segment": "primary", "verdict": "达标"})
    assert ("error", "verdict_contradicts") in codes(over)


def test_composite_range_fires_and_not() -> None:
    base = {"id": "r", "kind": "composite_cv", "cv_min": "0.285", "cv_max": "0.479"}
    assert one({**base, "reported": "0.403"}).findings == ()
    # with 7 CVs in 0.285–0.479 the mean cannot be 0.300 (at least 0.313)
    assert codes(one({**base, "reported": "0.300"})) == [("error", "composite_out_of_range")]


def test_share_against_parts() -> None:
    base = {"id": "s", "kind": "sum", "total": 180}
    parts = [{"label": "a", "value": "33"}, {"label": "b", "value": "102"},
             {"label": "c", "value": "44"}, {"label": "d", "value": "1"}]
    assert one({**base, "parts": parts}).findings == ()
    assert codes(one({**base, "parts": parts[:3]})) == [("error", "parts_do_not_add_up")]
    # printed with decimals: within rounding is a note, not an error
    pct = [{"label": "a", "value": "33.3"}, {"label": "b", "value": "33.3"},
           {"label": "c", "value": "33.3"}]
    assert codes(one({"id": "p", "kind": "sum", "parts": pct, "total": "100"})) == [
        ("note", "sum_within_rounding")]


def test_grim_shares_fire_and_not() -> None:
    # 8.5 % of 782 is 66.47: 66 gives 8.44 %, 67 gives 8.57 %
    bad = one({"id": "g", "kind": "shares", "total": 782, "relation": "at_most",
               "parts": [{"label": "学生", "value": "8.5%"}]})
    assert ("warning", "grim_truncation_only") in codes(bad)
    impossible = one({"id": "g", "kind": "shares", "total": 20, "relation": "at_most",
                      "parts": [{"label": "x", "value": "52.5%"}]})
    assert codes(impossible) == [("error", "grim_impossible")]
    ok = one({"id": "g", "kind": "shares", "total": 782,
              "parts": [{"label": "a", "value": "50%"}, {"label": "b", "value": "50%"}]})
    assert ok.findings == ()


def test_rate_parts_fire_and_not() -> None:
    parts = [{"label": "小学", "value": "1.47", "base": 16489},
             {"label": "初中", "value": "1.65", "base": 7596}]
    assert one({"id": "b", "kind": "rate_parts", "total": 368, "per": 100,
                "parts": parts}).findings == ()
    assert codes(one({"id": "b", "kind": "rate_parts", "total": 380, "per": 100,
                      "parts": parts})) == [("error", "parts_do_not_add_up")]


def test_per_capita_implied_denominator() -> None:
    a = one({"id": "t", "kind": "ratio", "numerator": 13, "reported": "38.2%"})
    assert codes(a) == [("note", "denominator_not_printed")]
    assert "34" in a.findings[0].zh and a.exact_text == "13 / 34"
    # 1 of anything is never 38.2 %: no denominator reproduces it
    b = one({"id": "t", "kind": "ratio", "numerator": 1, "reported": "38.2%"})
    assert codes(b) == [("error", "not_reproduced")]


def test_survey_sample_rule_misquoted_fires_and_not() -> None:
    base = {"id": "s", "kind": "survey", "sample": 782, "population": "25.79",
            "population_unit": "万人", "rule": "survey.sample_per_mille_min",
            "verdict": "达标"}
    a = one({**base, "printed_rate": "1.5%"})
    assert codes(a) == [("warning", "rule_misquoted")]
    assert a.findings[0].slip is not None
    assert a.findings[0].slip.kind is SlipKind.PERCENT_PERMILLE
    assert "387" in a.findings[0].zh and "3869" in a.findings[0].zh
    assert one({**base, "printed_rate": "1.5‰"}).findings == ()
    small = one({**base, "sample": 300, "printed_rate": "1.5‰"})
    assert codes(small) == [("error", "verdict_contradicts")]


def test_restated_figures() -> None:
    base = {"id": "r", "kind": "restated", "unit_name": "万元"}
    same = [{"label": "a", "value": "203.84"}, {"label": "b", "value": "203.8"}]
    assert one({**base, "values": same}).findings == ()
    differ = [{"label": "a", "value": "203.84"}, {"label": "b", "value": "203.94"}]
    assert codes(one({**base, "values": differ})) == [("warning", "restated_differs")]


@pytest.mark.usefixtures("english")
def test_unknown_rule_names_the_claim() -> None:
    from qbalance import SpecError
    with pytest.raises(SpecError, match="claim x: field 'rule'"):
        one({"id": "x", "kind": "ratio", "numerator": 1, "denominator": 2,
             "rule": "guarantee.no_such_value"})


def test_sum_unit_slip_fires_and_not() -> None:
    parts = [{"label": "2024", "value": "348.4"}, {"label": "2025", "value": "228.59"}]
    a = one({"id": "u", "kind": "sum", "parts": parts, "total": "5769900",
             "unit_name": "万元"})
    assert codes(a) == [("error", "parts_do_not_add_up")]
    assert a.findings[0].slip is not None and a.findings[0].slip.kind is SlipKind.YUAN_WAN
    b = one({"id": "u", "kind": "sum", "parts": parts, "total": "577.99",
             "unit_name": "万元"})
    assert codes(b) == [("error", "parts_do_not_add_up")] and b.findings[0].slip is None


def test_composite_within_the_rounding_of_its_cvs() -> None:
    # mean of the printed CVs is 0.3424…, rounds to 0.342; unrounded CVs could give 0.343
    cvs = ["0.479", "0.361", "0.314", "0.317", "0.354", "0.195", "0.377"]
    a = one({"id": "c", "kind": "composite_cv", "cvs": cvs, "reported": "0.343"})
    assert codes(a) == [("note", "composite_within_rounding")]
    far = one({"id": "c", "kind": "composite_cv", "cvs": cvs, "reported": "0.350"})
    assert codes(far) == [("error", "not_reproduced")]
    assert far.findings[0].slip is None  # no single CV left out gives 0.350
    # one CV left out of the mean
    left_out = one({"id": "c", "kind": "composite_cv", "cvs": cvs,
                    "reported": "0.367"})  # without 0.195
    assert left_out.findings[0].slip is not None
    assert left_out.findings[0].slip.kind is SlipKind.OMITTED_TERM


def test_verdict_only_under_alternative_fires_and_not() -> None:
    # Constructed like Midu 二（二）6: the printed sum is only the top-up to 100 pupils.
    base = {"id": "g6", "kind": "per_capita", "numerator": 650880, "numerator_unit": "元",
            "denominator": 1496, "reported_unit": "元", "threshold": ">= 720",
            "verdict": "达标"}
    top_up = {"label": "904 名（补足的差额人数）", "denominator": 904}
    a = one({**base, "alternatives": [top_up]})
    assert codes(a) == [("warning", "verdict_only_under_alternative")]
    assert a.verdict_agrees is False and "904" in a.findings[0].zh
    # An alternative that does not support the printed verdict leaves the error standing.
    b = one({**base, "alternatives": [{**top_up, "denominator": 1000}]})
    assert codes(b) == [("error", "verdict_contradicts")]
    # Without alternatives it is the plain contradiction.
    assert codes(one(base)) == [("error", "verdict_contradicts")]
    # And a figure whose literal reading supports the verdict has no finding at all.
    assert one({**base, "denominator": 904, "alternatives": [top_up]}).findings == ()


@pytest.mark.usefixtures("english")
def test_every_bad_claim_is_named_in_one_error() -> None:
    """Audit-time problems (a rule missing from the standard) are collected, not first-only."""
    from qbalance import DataValidationError, SpecError

    base = {"section": "s", "name_zh": "测试", "kind": "ratio", "numerator": 1,
            "denominator": 2}
    claims = (Claim(id="A1", rule="guarantee.nope", **base),
              Claim(id="A2", rule="quality.nope", **base),
              Claim(id="ok", **base))
    with pytest.raises(SpecError) as info:
        audit(ClaimSet(county="测试县", report="r", claims=claims))
    assert "claim A1: field 'rule'" in str(info.value)
    assert "claim A2: field 'rule'" in str(info.value)
    # A count of items needs a limit to count against: refused when the claim is made.
    with pytest.raises(DataValidationError, match="c: field 'items'"):
        Claim(id="c", kind="count", items=("2212", "2268"), **{"section": "s",
                                                              "name_zh": "测试"})


def test_neighbouring_year_numerator_fires_and_not() -> None:
    # Constructed like Midu's quota series: 2022's share printed with 2023's allocated places.
    y22 = {"id": "q22", "kind": "ratio", "numerator": 301, "denominator": 600,
           "reported": "88.67%", "series": "quota", "year": 2022}
    y23 = {"id": "q23", "kind": "ratio", "numerator": 532, "denominator": 1065,
           "reported": "49.95%", "series": "quota", "year": 2023}
    a = one(y22, y23)
    assert codes(a) == [("error", "not_reproduced")]
    slip = a.findings[0].slip
    assert slip is not None and slip.kind is SlipKind.SWAPPED_NUMERATOR
    assert "532" in slip.en and "2023" in slip.en
    assert one({**y22, "reported": "50.17%"}, y23).findings == ()  # 301 / 600
