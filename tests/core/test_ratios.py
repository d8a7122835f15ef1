"""Ratio primitives: report figures, properties, and every invalid input."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import qbalance
from qbalance import DataError, RatioError, load_standard, ratios
from qbalance.rounding import RoundingMode, round_to

from ..conftest import load_data

#: These tests match the English wording of the errors (their Chinese is tested
#: in tests/core/test_messages_everywhere.py).
pytestmark = pytest.mark.usefixtures("english")

FIGURES = load_data("report_ratios.toml")["figures"]
NATIONAL = load_standard("national-2017")
FACTORS = {"number": 1, "percent": 100, "permille": 1000}

def _exact(fig: dict[str, Any]) -> Fraction:
    """The exact value of a figure, computed independently of the float result."""
    a = fig["args"]
    name = fig["function"]
    if name == "consolidation_rate":
        return ratios.exact_consolidation_rate(**a)
    part, whole = list(a.values())
    return ratios.exact_share(part, whole, allow_exceed=name == "per_pupil")


def _id(fig: dict[str, Any]) -> str:
    return f"{fig['county'].split()[0]}-{fig['function']}-{fig['reported']}"


@pytest.mark.parametrize("fig", FIGURES, ids=_id)
def test_report_figure(fig: dict[str, Any]) -> None:
    func = getattr(ratios, fig["function"])
    value = func(**fig["args"])
    assert isinstance(value, float)
    exact = _exact(fig)
    assert value == float(exact)
    if "exact" in fig:
        assert exact == Fraction(fig["exact"])
    scaled = exact * FACTORS[fig["unit"]]
    printed = Decimal(fig["reported"])
    decimals = max(0, -printed.as_tuple().exponent)  # type: ignore[operator]
    if fig["rounding"] == "inconsistent":
        assert all(round_to(scaled, decimals, m) != printed for m in RoundingMode), fig
    else:
        assert round_to(scaled, decimals, fig["rounding"]) == printed, fig
    if "threshold" in fig:
        section, key = fig["threshold"].split(".")
        threshold = getattr(getattr(NATIONAL, section), key)
        assert (exact >= qbalance.exact_fraction(threshold)) is fig["meets"], fig


def test_reference_file_names_its_sources() -> None:
    assert len(FIGURES) >= 20
    for fig in FIGURES:
        assert fig["county"] and fig["report"] and fig["section"]


def test_midu_quota_2023_is_not_met_but_2024_is() -> None:
    # Midu 2023 data report, guarantee indicator 14: the boundary case of the issue.
    assert ratios.exact_share(532, 1065) < Fraction(1, 2)
    assert ratios.exact_share(375, 750) == Fraction(1, 2)
    assert ratios.quota_allocation_share(532, 1065) < 0.5 <= ratios.quota_allocation_share(
        375, 750)


def test_consolidation_variants_and_cap() -> None:
    kw = dict(transferred_in=87, resumed=5, transferred_out=40, suspended=14, deceased=3)
    full = ratios.exact_consolidation_rate(2675, 2642, **kw)  # type: ignore[arg-type]
    transfers = ratios.exact_consolidation_rate(2675, 2642, variant="transfers_only",
                                                **kw)  # type: ignore[arg-type]
    assert full == Fraction(2675, 2677)
    assert transfers == Fraction(2675, 2642 + 87 - 40)
    # transfers_only ignores resumed/suspended/deceased entirely
    assert transfers == ratios.exact_consolidation_rate(2675, 2642, transferred_in=87,
                                                        transferred_out=40,
                                                        variant="transfers_only")
    over = ratios.consolidation_rate(110, 100)
    assert over == 1.1
    assert ratios.consolidation_rate(110, 100, cap=True) == 1.0
    assert ratios.consolidation_rate(90, 100, cap=True) == 0.9


def test_issue4_signature() -> None:
    # The audit (issue 4) calls this exact signature; keep it stable.
    r = ratios.consolidation_rate(2675, 2642, transferred_in=87, transferred_out=40,
                                  resumed=5, suspended=14, deceased=3, variant="full",
                                  cap=False)
    assert math.isclose(r, 0.99925289, rel_tol=1e-8)
    assert qbalance.consolidation_rate is ratios.consolidation_rate


def test_rooms_required() -> None:
    assert [ratios.rooms_required(c, classes_per_room=12) for c in (0, 1, 12, 13, 24, 25)] == [
        1, 1, 1, 2, 2, 3]


# -- invalid inputs -------------------------------------------------------------------

SHARE_FUNCS = [
    ratios.quota_allocation_share, ratios.rural_quota_share, ratios.rotation_share,
    ratios.backbone_rotation_share, ratios.migrant_public_share, ratios.certification_rate,
    ratios.nearby_enrolment_rate, ratios.disabled_enrolment_rate,
    ratios.training_completion_rate, ratios.survey_sample_rate, ratios.parent_share,
]


@pytest.mark.parametrize("func", SHARE_FUNCS, ids=lambda f: f.__name__)
def test_count_shares_reject_impossible_inputs(func: Callable[[int, int], float]) -> None:
    name = func.__name__
    with pytest.raises(RatioError, match=rf"{name}: .* is 0, so the share .* is undefined"):
        func(0, 0)
    with pytest.raises(RatioError, match=rf"{name}: .* = -1 is negative"):
        func(-1, 10)
    with pytest.raises(RatioError, match=rf"{name}: .* = -10 is negative"):
        func(1, -10)
    with pytest.raises(RatioError, match=rf"{name}: .* = 11 is larger than .* = 10"):
        func(11, 10)
    with pytest.raises(RatioError, match="must be a whole number"):
        func(1.5, 10)  # type: ignore[arg-type]
    with pytest.raises(RatioError, match="must be a whole number"):
        func(True, 10)
    assert func(0, 10) == 0.0 and func(10, 10) == 1.0


def test_errors_are_data_errors_with_field_and_value() -> None:
    with pytest.raises(DataError) as info:
        ratios.rotation_share(70, 67)
    err = info.value
    assert isinstance(err, RatioError) and isinstance(err, ValueError)
    assert err.field == "rotated" and err.value == 70
    assert "rotation_share: rotated = 70 is larger than eligible = 67" in str(err)


@pytest.mark.parametrize(("kwargs", "needle"), [
    ({"graduates": -1, "entrants": 10}, "graduates = -1 is negative"),
    ({"graduates": 1, "entrants": -10}, "entrants = -10 is negative"),
    ({"graduates": 1, "entrants": 10, "deceased": -1}, "deceased = -1 is negative"),
    ({"graduates": 1, "entrants": 0}, r"adjusted cohort .* = 0 is not positive"),
    ({"graduates": 1, "entrants": 10, "transferred_out": 12}, r"= -2 is not positive"),
    ({"graduates": 1, "entrants": 10, "variant": "other"}, "use one of 'full', 'transfers_only', 'form'"),
    ({"graduates": 1.0, "entrants": 10}, "must be a whole number"),
])
def test_consolidation_rejects_impossible_inputs(kwargs: dict[str, Any], needle: str) -> None:
    with pytest.raises(RatioError, match=needle):
        ratios.consolidation_rate(**kwargs)


@pytest.mark.parametrize(("args", "needle"), [
    ((-1.0, 100.0), "training = -1.0 is negative"),
    ((1.0, 0.0), "public_funds is 0"),
    ((101.0, 100.0), "training = 101.0 is larger than public_funds = 100.0"),
    ((float("nan"), 100.0), "not a finite number"),
    ((1.0, float("inf")), "not a finite number"),
    (("5", 100.0), "is not a number"),
])
def test_training_budget_rejects_impossible_inputs(args: tuple[Any, Any], needle: str) -> None:
    with pytest.raises(RatioError, match=needle):
        ratios.training_budget_share(*args)


def test_per_pupil_and_rooms_errors() -> None:
    with pytest.raises(RatioError, match="pupils is 0"):
        ratios.per_pupil(1000.0, 0)
    with pytest.raises(RatioError, match="amount = -5 is negative"):
        ratios.per_pupil(-5, 10)
    with pytest.raises(RatioError, match="classes_per_room is 0"):
        ratios.rooms_required(10, classes_per_room=0)
    with pytest.raises(RatioError, match="classes = -1 is negative"):
        ratios.rooms_required(-1, classes_per_room=12)
    assert ratios.per_pupil(Decimal("900000"), 150) == 6000.0


# -- properties -----------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=10**7)


@st.composite
def part_whole(draw: st.DrawFn) -> tuple[int, int]:
    whole = draw(st.integers(min_value=1, max_value=10**7))
    part = draw(st.integers(min_value=0, max_value=whole))
    return part, whole


@given(part_whole())
def test_shares_lie_in_unit_interval(pw: tuple[int, int]) -> None:
    part, whole = pw
    for func in SHARE_FUNCS:
        v = func(part, whole)
        assert 0.0 <= v <= 1.0
        assert v == float(Fraction(part, whole))


@given(part_whole(), st.integers(min_value=1, max_value=1000))
def test_shares_are_monotonic_in_the_numerator(pw: tuple[int, int], step: int) -> None:
    part, whole = pw
    bigger = min(whole, part + step)
    assert ratios.exact_share(part, whole) <= ratios.exact_share(bigger, whole)
    assert ratios.rotation_share(part, whole) <= ratios.rotation_share(bigger, whole)


@given(part_whole(), st.integers(min_value=1, max_value=10**6))
def test_shares_are_invariant_to_scaling(pw: tuple[int, int], k: int) -> None:
    part, whole = pw
    assert ratios.exact_share(part * k, whole * k) == ratios.exact_share(part, whole)
    assert ratios.quota_allocation_share(part * k, whole * k) == (
        ratios.quota_allocation_share(part, whole))


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False,
                      allow_infinity=False)


@given(amounts, amounts)
def test_training_budget_share_exact_on_decimals(a: Decimal, b: Decimal) -> None:
    if b == 0 or a > b:
        with pytest.raises(RatioError):
            ratios.training_budget_share(a, b)
    else:
        v = ratios.training_budget_share(a, b)
        assert 0.0 <= v <= 1.0
        assert v == float(Fraction(a) / Fraction(b))


@given(st.integers(1, 10**5), st.integers(0, 10**4), st.integers(0, 10**4),
       st.integers(0, 10**3), st.integers(0, 10**3), st.integers(0, 100), counts)
def test_consolidation_matches_formula(entrants: int, tin: int, tout: int, res: int,
                                       sus: int, dec: int, grads: int) -> None:
    d = entrants + tin + res - tout - sus - dec
    kw = dict(transferred_in=tin, transferred_out=tout, resumed=res, suspended=sus,
              deceased=dec)
    if d <= 0:
        with pytest.raises(RatioError, match="not positive"):
            ratios.consolidation_rate(grads, entrants, **kw)  # type: ignore[arg-type]
        return
    exact = ratios.exact_consolidation_rate(grads, entrants, **kw)  # type: ignore[arg-type]
    assert exact == Fraction(grads, d)
    capped = ratios.consolidation_rate(grads, entrants, cap=True, **kw)  # type: ignore[arg-type]
    assert 0.0 <= capped <= 1.0
    assert capped == min(1.0, float(exact))
    # monotonic in graduates
    assert ratios.exact_consolidation_rate(grads + 1, entrants, **kw) > exact  # type: ignore[arg-type]
