"""The three consolidation-rate formulas on Baoqing and Midu (issue 14), from tests/data."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qbalance import (
    RatioError,
    evaluate_county,
    example_county,
    exact_form_consolidation_rate,
    form_consolidation_rate,
    load_standard,
    ratios,
)
from qbalance.audit.checks import audit
from qbalance.audit.claims import Claim, ClaimSet
from qbalance.rounding import exact_fraction

from ..conftest import load_data

CASES = load_data("consolidation_variants.toml")["cases"]
VARIANTS = ("full", "transfers_only", "form")
NATIONAL = load_standard("national-2017")


def _unreduced(text: str) -> tuple[int, int]:
    n, d = text.split("/")
    return int(n), int(d)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["county"].split()[0])
@pytest.mark.parametrize("variant", VARIANTS)
def test_report_counts_under_each_variant(case: dict[str, Any], variant: str) -> None:
    counts = case["counts"]
    num, den = _unreduced(case["exact"][variant])
    exact = ratios.exact_consolidation_rate(**counts, variant=variant)
    assert exact == Fraction(num, den)
    assert ratios.consolidation_denominator(
        counts["entrants"], **{k: v for k, v in counts.items()
                               if k not in ("graduates", "entrants")},
        variant=variant) == den
    assert ratios.consolidation_rate(**counts, variant=variant) == float(Fraction(num, den))
    assert (exact >= exact_fraction(NATIONAL.quality.consolidation_min)) is (
        case["meets"][variant])


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["county"].split()[0])
def test_form_function_is_the_form_variant(case: dict[str, Any]) -> None:
    c = case["counts"]
    kw = dict(transferred_in=c["transferred_in"], transferred_out=c["transferred_out"],
              deceased=c["deceased"])
    exact = exact_form_consolidation_rate(c["graduates"], c["entrants"], **kw)
    assert exact == Fraction(*_unreduced(case["exact"]["form"]))
    assert form_consolidation_rate(c["graduates"], c["entrants"], **kw) == float(exact)


def test_form_variant_ignores_resumed_and_suspended() -> None:
    base = ratios.exact_consolidation_rate(2675, 2642, transferred_in=87, transferred_out=40,
                                           deceased=3, variant="form")
    assert base == ratios.exact_consolidation_rate(
        2675, 2642, transferred_in=87, transferred_out=40, deceased=3, resumed=50,
        suspended=70, variant="form")


@given(g=st.integers(0, 5000), e=st.integers(1, 5000), tin=st.integers(0, 300),
       tout=st.integers(0, 300), dec=st.integers(0, 20))
def test_form_variant_formula(g: int, e: int, tin: int, tout: int, dec: int) -> None:
    kw = dict(transferred_in=tin, transferred_out=tout, deceased=dec)
    if e - dec <= 0 or g - tin + tout < 0:
        with pytest.raises(RatioError):
            exact_form_consolidation_rate(g, e, **kw)
        return
    r = exact_form_consolidation_rate(g, e, **kw)
    assert r == Fraction(g - tin + tout, e - dec)
    assert exact_form_consolidation_rate(g, e, cap=True, **kw) == min(r, 1)


@pytest.mark.usefixtures("english")
def test_negative_form_numerator_is_rejected() -> None:
    with pytest.raises(RatioError, match="graduates − transferred_in \\+ transferred_out"):
        form_consolidation_rate(10, 100, transferred_in=20)


def test_standard_names_the_variant_and_the_evaluation_follows() -> None:
    assert NATIONAL.quality.consolidation_variant == "full"
    form = NATIONAL.derive("f", {"quality": {"consolidation_variant": "form"}})
    assert form.quality.consolidation_variant == "form"
    county = example_county()
    c = county.quality.consolidation if county.quality else None
    assert c is not None
    q1 = evaluate_county(county, form).check("Q1")
    assert q1.measures[0].exact == ratios.exact_consolidation_rate(
        c.graduates, c.entrants, transferred_in=c.transferred_in,
        transferred_out=c.transferred_out, deceased=c.deceased, variant="form")
    assert f"({c.graduates}-{c.transferred_in}+{c.transferred_out})" in (
        q1.measures[0].display or "")


def _audit_one(claim: dict[str, Any]) -> Any:
    c = Claim(section="s", name_zh="巩固率", **claim)
    return audit(ClaimSet(county="测试县", report="r", claims=(c,))).audits[0]


def test_audit_says_a_printed_rate_follows_the_form_formula() -> None:
    # Midu's counts printed as 99.58 %: that is the form's 2628/2639, not the report's formula
    midu = dict(CASES[1]["counts"])
    a = _audit_one({"id": "q1", "kind": "consolidation", **midu, "reported": "99.58%"})
    slips = [f.slip for f in a.findings if f.slip is not None]
    assert slips and "申报表公式" in slips[0].zh and "declaration-form" in slips[0].en
    # declared as the form's variant, the same figure reproduces without a finding
    b = _audit_one({"id": "q1", "kind": "consolidation", **midu, "reported": "99.58%",
                    "variant": "form"})
    assert b.findings == ()
