"""Exact rounding and the rounding-aware consistency check (qbalance.rounding)."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qbalance import (
    DataError,
    RoundingMode,
    check_rounding,
    exact_fraction,
    parse_reported,
    round_half_even,
    round_half_up,
    round_to,
    truncate,
)

HU, HE, TR = RoundingMode.HALF_UP, RoundingMode.HALF_EVEN, RoundingMode.TRUNCATE


# --- each mode, edge cases -------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "nd", "up", "even", "trunc"),
    [
        # exact halves
        ("0.5", 0, "1", "0", "0"),
        ("1.5", 0, "2", "2", "1"),
        ("2.5", 0, "3", "2", "2"),
        ("0.15", 1, "0.2", "0.2", "0.1"),
        ("0.25", 1, "0.3", "0.2", "0.2"),
        ("0.125", 2, "0.13", "0.12", "0.12"),
        # just below / above a half: 0.15 vs < 0.15
        ("0.1499999999999", 1, "0.1", "0.1", "0.1"),
        ("0.1500000000001", 1, "0.2", "0.2", "0.1"),
        # negatives: half-up and truncation are symmetric about zero
        ("-0.5", 0, "-1", "0", "0"),
        ("-2.5", 0, "-3", "-2", "-2"),
        ("-0.15", 1, "-0.2", "-0.2", "-0.1"),
        ("-1.999", 2, "-2.00", "-2.00", "-1.99"),
        # many decimals
        ("3.14159265358979323846264338327950288", 20,
         "3.14159265358979323846", "3.14159265358979323846", "3.14159265358979323846"),
        ("0.12345678901234567895", 19,
         "0.1234567890123456790", "0.1234567890123456790", "0.1234567890123456789"),
        # nothing to round; zero decimals keep integers
        ("50", 0, "50", "50", "50"),
        ("7", 2, "7.00", "7.00", "7.00"),
        # negative decimals: tens
        ("1250", -2, "1.3E+3", "1.2E+3", "1.2E+3"),
    ],
)
def test_modes_on_edge_cases(value: str, nd: int, up: str, even: str, trunc: str) -> None:
    assert round_half_up(value, nd) == Decimal(up)
    assert round_half_even(value, nd) == Decimal(even)
    assert truncate(value, nd) == Decimal(trunc)
    # the printed form keeps exactly nd decimals
    if nd >= 0:
        assert str(round_half_up(value, nd)) == up


def test_floats_are_read_as_their_decimal_repr() -> None:
    # Python's round(2.675, 2) == 2.67 because the binary float is below 2.675;
    # the report wrote 2.675, so qbalance rounds 2.675.
    assert round(2.675, 2) == 2.67
    assert str(round_half_up(2.675, 2)) == "2.68"
    assert str(round_half_up(0.15, 1)) == "0.2"
    assert exact_fraction(0.1) == Fraction(1, 10)


def test_fractions_are_exact() -> None:
    assert str(round_half_up(Fraction(1, 3), 5)) == "0.33333"
    assert str(round_half_up(Fraction(2, 3), 5)) == "0.66667"
    assert str(truncate(Fraction(2, 3), 5)) == "0.66666"
    # an exact half that no float can hold
    x = Fraction(10**30 + 5, 10**31)  # 0.1000…0005 with 31 digits
    assert round_half_up(x, 30) == Decimal("0.100000000000000000000000000001")
    assert round_half_even(x, 30) == Decimal("0.100000000000000000000000000000")


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "abc", True, None, [1]])
def test_bad_values_are_refused(bad: object) -> None:
    with pytest.raises(DataError, match="value"):
        round_half_up(bad, 1)  # type: ignore[arg-type]


@pytest.mark.usefixtures("english")
def test_bad_mode_and_decimals() -> None:
    with pytest.raises(ValueError, match="ceiling"):
        round_to(1, 0, "ceiling")
    with pytest.raises(DataError, match="decimals"):
        round_to(1, 1.5)  # type: ignore[arg-type]


# --- properties against the decimal module -------------------------------------------
decimals_text = st.decimals(min_value=-10**6, max_value=10**6, allow_nan=False,
                            allow_infinity=False, places=8)


@settings(max_examples=150)
@given(decimals_text, st.integers(min_value=0, max_value=6))
def test_matches_decimal_quantize(x: Decimal, nd: int) -> None:
    q = Decimal(1).scaleb(-nd)
    assert round_half_up(x, nd) == x.quantize(q, rounding=ROUND_HALF_UP)
    assert round_half_even(x, nd) == x.quantize(q, rounding=ROUND_HALF_EVEN)
    assert truncate(x, nd) == x.quantize(q, rounding=ROUND_DOWN)


@settings(max_examples=150)
@given(st.fractions(min_value=-1000, max_value=1000, max_denominator=10**6),
       st.integers(min_value=0, max_value=5))
def test_rounding_error_bounds(x: Fraction, nd: int) -> None:
    unit = Fraction(1, 10**nd)
    for mode in RoundingMode:
        r = Fraction(round_to(x, nd, mode))
        if mode is TR:
            assert abs(r) <= abs(x) and abs(x - r) < unit
        else:
            assert abs(x - r) <= unit / 2
    # a figure produced by a mode is always consistent under that mode
    for mode in RoundingMode:
        printed = str(round_to(x, nd, mode))
        assert mode in check_rounding(printed, x).modes


# --- parsing printed figures ----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value", "nd", "unit"),
    [("49.95", "49.95", 2, "number"), ("50 %", "50", 0, "percent"), ("1.5‰", "1.5", 1, "permille"),
     ("98.90％", "98.90", 2, "percent"), ("1,402,544.49", "1402544.49", 2, "number"),
     ("-0.50", "-0.50", 2, "number")],
)
def test_parse_reported(text: str, value: str, nd: int, unit: str) -> None:
    fig = parse_reported(text)
    assert (fig.value, fig.decimals, fig.unit) == (Decimal(value), nd, unit)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("bad", ["", "abc", "1.", ".5", "5e3", "1.2.3", 0.5])
def test_parse_reported_refuses(bad: object) -> None:
    with pytest.raises(DataError, match="reported"):
        parse_reported(bad)  # type: ignore[arg-type]


def test_parse_reported_unit_conflict() -> None:
    with pytest.raises(DataError, match="percent"):
        parse_reported("50%", unit="permille")


# --- consistency against real report figures ------------------------------------------
def test_midu_quota_2023_rounded_to_50_percent() -> None:
    # Midu self-evaluation, guarantee indicator 14: 532 / 1065 printed "50%"
    r = check_rounding("50", Fraction(532, 1065), unit="percent")
    assert r.modes == (HU, HE)
    assert not r.only_truncation
    assert r.rounded_as(TR) == Decimal("49")
    assert r.exact < 50  # the verdict "≥ 50 %" relies on rounding
    # printed with two decimals it would be 49.95, and only that
    assert check_rounding("49.95", Fraction(532, 1065), unit="percent").modes == (HU, HE, TR)
    assert not check_rounding("50.00", Fraction(532, 1065), unit="percent").consistent


def test_midu_consolidation_only_truncation() -> None:
    r = check_rounding("99.92%", Fraction(2675, 2677))
    assert r.only_truncation
    assert str(r.display) == "99.93"
    assert r.exact_text(3) == "99.925…"


def test_exact_tie_printed_both_ways() -> None:
    # 0.15 exactly: "0.2" by rounding, "0.1" by truncation; 0.1499… never gives 0.2
    assert check_rounding("0.2", Fraction(3, 20)).modes == (HU, HE)
    assert check_rounding("0.1", Fraction(3, 20)).modes == (TR,)
    below = Fraction(3, 20) - Fraction(1, 10**12)
    assert check_rounding("0.1", below).modes == (HU, HE, TR)
    assert not check_rounding("0.2", below).consistent
    # a tie where half-even and half-up disagree
    assert check_rounding("0.2", Fraction(1, 4)).modes == (HE, TR)
    assert check_rounding("0.3", Fraction(1, 4)).modes == (HU,)


def test_permille_and_error() -> None:
    r = check_rounding("1.5‰", Fraction(3, 2000))
    assert r.modes == (HU, HE, TR) and r.error == 0
    # a per-mille figure misread as percent is inconsistent
    assert not check_rounding("1.5%", Fraction(3, 2000)).consistent
