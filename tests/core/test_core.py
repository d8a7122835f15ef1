"""Numerical core: worked checks from reports, a slow reference, invariances, bad input."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import qbalance
from qbalance import (
    DataError,
    QBalanceError,
    ZeroMeanError,
    composite_cv,
    split_shares,
    weighted_cv,
    weighted_mean,
    weighted_stats,
    weighted_std,
)

from ..conftest import load_data

REF = load_data("reference_cvs.toml")


def half_up(x: float, nd: int) -> str:
    """Round like the reports (half up), as printed text."""
    return str(Decimal(repr(x)).quantize(Decimal(1).scaleb(-nd), rounding=ROUND_HALF_UP))


# -- worked checks -------------------------------------------------------------------

@pytest.mark.parametrize("case", REF["composite"], ids=lambda c: f"{c['county'][:8]}-{c['segment']}")
def test_published_composites_reproduce(case: dict[str, object]) -> None:
    cvs = case["cvs"]
    assert isinstance(cvs, list)
    published = str(case["published_composite"])
    nd = len(published.split(".")[1])
    assert half_up(composite_cv(cvs), nd) == published


def test_books_per_pupil_example() -> None:
    ref = REF["weighted"][0]
    pupils, books = ref["pupils"], ref["books"]
    per_pupil = [b / p for b, p in zip(books, pupils, strict=True)]
    assert half_up(weighted_mean(per_pupil, pupils), 2) == ref["published_mean"]
    cv = weighted_cv(per_pupil, pupils)
    assert half_up(cv, 3) == ref["exact_cv_3dp"]
    assert half_up(cv, 2) == ref["published_cv"]
    # the weighted mean of per-pupil values is total resource over total pupils
    assert weighted_mean(per_pupil, pupils) == pytest.approx(sum(books) / sum(pupils), rel=1e-15)


# -- an independent slow reference ----------------------------------------------------

def slow_cv(values: list[float], weights: list[float]) -> float:
    """The method's formula in exact rational arithmetic, one school at a time."""
    xs = [Fraction(v) for v in values]
    ws = [Fraction(w) for w in weights]
    total = sum(ws, Fraction(0))
    mean = sum((w * x for w, x in zip(ws, xs, strict=True)), Fraction(0)) / total
    var = sum((w * (x - mean) ** 2 for w, x in zip(ws, xs, strict=True)), Fraction(0)) / total
    return math.sqrt(var) / float(mean)


values_st = st.lists(st.floats(0.01, 1e5, allow_nan=False), min_size=1, max_size=40)


@st.composite
def schools(draw: st.DrawFn) -> tuple[list[float], list[float]]:
    vals = draw(values_st)
    ws = draw(st.lists(st.integers(1, 3000), min_size=len(vals), max_size=len(vals)))
    return vals, [float(w) for w in ws]


@given(schools())
def test_agrees_with_slow_exact_formula(data: tuple[list[float], list[float]]) -> None:
    vals, ws = data
    assert weighted_cv(vals, ws) == pytest.approx(slow_cv(vals, ws), rel=1e-9, abs=1e-12)


@given(schools(), st.floats(1e-3, 1e4))
def test_cv_invariant_to_scaling_values(data: tuple[list[float], list[float]], c: float) -> None:
    vals, ws = data
    scaled = [v * c for v in vals]
    assert weighted_cv(scaled, ws) == pytest.approx(weighted_cv(vals, ws), rel=1e-9, abs=1e-12)
    assert weighted_mean(scaled, ws) == pytest.approx(c * weighted_mean(vals, ws), rel=1e-12)


@given(schools(), st.integers(1, 1000))
def test_cv_invariant_to_scaling_weights(data: tuple[list[float], list[float]], k: int) -> None:
    vals, ws = data
    assert weighted_cv(vals, [w * k for w in ws]) == pytest.approx(
        weighted_cv(vals, ws), rel=1e-9, abs=1e-12)


@given(schools(), st.randoms(use_true_random=False))
def test_cv_invariant_to_permutation(data: tuple[list[float], list[float]], rnd: object) -> None:
    vals, ws = data
    order = list(range(len(vals)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    assert weighted_cv([vals[i] for i in order], [ws[i] for i in order]) == pytest.approx(
        weighted_cv(vals, ws), rel=1e-9, abs=1e-12)


@given(schools(), st.data())
def test_splitting_a_school_into_identical_halves(
        data: tuple[list[float], list[float]], more: st.DataObject) -> None:
    vals, ws = data
    i = more.draw(st.integers(0, len(vals) - 1))
    vals2 = [*vals, vals[i]]
    ws2 = [*ws, ws[i] / 2]
    ws2[i] = ws[i] / 2
    assert weighted_cv(vals2, ws2) == pytest.approx(weighted_cv(vals, ws), rel=1e-9, abs=1e-12)
    # duplicating every school leaves the CV unchanged too
    assert weighted_cv(vals * 2, ws * 2) == pytest.approx(weighted_cv(vals, ws), rel=1e-9,
                                                          abs=1e-12)


@given(schools())
def test_bounds(data: tuple[list[float], list[float]]) -> None:
    vals, ws = data
    m = weighted_mean(vals, ws)
    assert min(vals) * (1 - 1e-12) <= m <= max(vals) * (1 + 1e-12)
    cv = weighted_cv(vals, ws)
    assert cv >= 0
    # with total weight P and a smallest weight w_min the CV is at most sqrt(P / w_min - 1)
    assert cv <= math.sqrt(sum(ws) / min(ws) - 1) + 1e-9
    assert weighted_std(vals, ws) == pytest.approx(cv * m, rel=1e-12, abs=1e-12)


@given(st.floats(0.01, 1e6), st.lists(st.integers(1, 5000), min_size=1, max_size=30))
def test_equal_schools_have_zero_cv(v: float, ws: list[int]) -> None:
    assert weighted_cv([v] * len(ws), ws) == pytest.approx(0.0, abs=1e-12)


def test_zero_weight_school_does_not_count() -> None:
    assert weighted_cv([1.0, 2.0, 100.0], [10, 10, 0]) == weighted_cv([1.0, 2.0], [10, 10])


# -- many indicators, many groups ------------------------------------------------------

@given(st.integers(1, 6), st.integers(1, 5), st.data())
def test_weighted_stats_equals_per_group_per_column(
        k: int, n_groups: int, data: st.DataObject) -> None:
    n = data.draw(st.integers(n_groups, 40))
    vals = data.draw(hnp.arrays(np.float64, (n, k), elements=st.floats(0.1, 1e4)))
    ws = data.draw(hnp.arrays(np.float64, n, elements=st.floats(1, 2000)))
    groups = np.arange(n) % n_groups
    data.draw(st.permutations(range(n)))
    s = weighted_stats(vals, ws, groups=groups)
    assert s.groups is not None
    assert s.groups.tolist() == list(range(n_groups))
    assert s.cv.shape == (n_groups, k)
    for g in range(n_groups):
        sel = groups == g
        assert s.count[g] == sel.sum()
        assert s.total_weight[g] == pytest.approx(ws[sel].sum())
        for j in range(k):
            assume(weighted_mean(vals[sel, j], ws[sel]) > 0)
            assert s.mean[g, j] == pytest.approx(weighted_mean(vals[sel, j], ws[sel]), rel=1e-12)
            assert s.cv[g, j] == pytest.approx(
                weighted_cv(vals[sel, j], ws[sel]), rel=1e-9, abs=1e-12)


def test_weighted_stats_ungrouped_columns() -> None:
    vals = np.array([[1.0, 10.0], [2.0, 30.0], [4.0, 20.0]])
    ws = [100, 50, 25]
    s = weighted_stats(vals, ws)
    assert s.groups is None
    assert s.cv.shape == (2,)
    for j in range(2):
        assert s.cv[j] == pytest.approx(weighted_cv(vals[:, j], ws), rel=1e-14)
    assert "WeightedStats(" in repr(s)


def test_large_values_keep_precision() -> None:
    # equipment values in yuan around 1e9 with a tiny spread
    rng = np.random.default_rng(7)
    vals = 1e9 + rng.uniform(0, 1.0, 500)
    ws = rng.integers(50, 3000, 500).astype(float)
    assert weighted_cv(vals, ws) == pytest.approx(slow_cv(list(vals), list(ws)), rel=1e-7)


# -- split shares ----------------------------------------------------------------------

@given(st.integers(0, 5000), st.integers(0, 5000), st.integers(0, 5000))
def test_split_shares_sum_to_one_and_follow_weights(a: int, b: int, c: int) -> None:
    assume(a + b + c > 0)
    sh = split_shares([a, b, c], [1.0, 1.1, 1.32])
    assert sh.sum() == pytest.approx(1.0, rel=1e-15)
    assert sh[0] == pytest.approx(a / (a + 1.1 * b + 1.32 * c), rel=1e-14)


def test_split_shares_nine_year_rule() -> None:
    # primary share A / (A + 1.1 B) (standard.md, "Splitting combined schools")
    sh = split_shares([[600, 400], [100, 0]], [1.0, 1.1])
    assert sh[0, 0] == pytest.approx(600 / (600 + 1.1 * 400))
    assert sh[1].tolist() == [1.0, 0.0]


# -- bad input -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("values", "weights", "match"),
    [
        ([1.0, float("nan")], [1, 1], r"position 1 has value nan"),
        ([1.0, float("inf")], [1, 1], r"position 1 has value inf"),
        ([1.0, 2.0], [1, -3], r"position 1 has weight -3\.0"),
        ([1.0, 2.0], [1, float("nan")], r"position 1 has weight nan"),
        ([1.0, 2.0], [0, 0], r"sum to 0"),
        ([1.0, 2.0], [1, 2, 3], r"one weight per school"),
        ([], [], r"no schools"),
        ([[1.0, 2.0]], [1], r"1-D"),
        (["a", "b"], [1, 2], r"cannot be read as numbers"),
    ],
)
@pytest.mark.usefixtures("english")
def test_bad_input_is_named(values: object, weights: object, match: str) -> None:
    with pytest.raises(DataError, match=match):
        weighted_cv(values, weights)  # type: ignore[arg-type]


@pytest.mark.usefixtures("english")
def test_errors_name_the_school() -> None:
    with pytest.raises(DataError) as info:
        weighted_mean([3.0, -1.0, float("nan")], [10, 20, 30], labels=["甲", "乙", "丙"])
    assert "丙 (position 2)" in str(info.value)
    assert info.value.school == "丙"
    assert info.value.field == "values"


@pytest.mark.usefixtures("english")
def test_zero_mean_is_an_error_not_nan() -> None:
    with pytest.raises(ZeroMeanError, match="weighted mean is 0"):
        weighted_cv([0.0, 0.0], [10, 20])
    with pytest.raises(ZeroMeanError):
        weighted_stats([[0.0, 1.0], [0.0, 2.0]], [1, 1])
    with pytest.raises(ZeroMeanError, match="group 'B'"):
        weighted_stats([1.0, 0.0], [1, 1], groups=["A", "B"])
    with pytest.raises(DataError, match="zero total weight"):
        weighted_stats([1.0, 1.0], [1, 0], groups=["A", "B"])


def test_zero_mean_has_one_wording_in_both_languages() -> None:
    from qbalance._messages import use_lang
    from qbalance.evaluate.resources import zero_mean_text

    with use_lang("zh"), pytest.raises(ZeroMeanError, match="差异系数无定义（组 'B'，第 1 列）"):
        weighted_stats([[1.0, 1.0], [1.0, 0.0]], [1, 1], groups=["A", "B"])
    with use_lang("en"), pytest.raises(ZeroMeanError, match=r"undefined \(column 1\)"):
        weighted_stats([[1.0, 0.0], [2.0, 0.0]], [1, 1])
    # the evaluation's reason (resources, batch) is the same sentence, plus the verdict
    zh, en = zero_mean_text(12, "zh"), zero_mean_text(12, "en")
    assert zh.startswith("差异系数无定义（全部 12 所学校该项均为 0）：加权均值为 0")
    assert zh.endswith("该项不达标") and not any("a" <= ch <= "z" for ch in zh)
    assert en.startswith("the coefficient of variation is undefined (every one of the 12 ")
    assert en.endswith("so the indicator fails")


def test_zero_mean_nan_gives_the_other_cvs() -> None:
    s = weighted_stats([[6.2, 0.0], [3.7, 0.0]], [45, 37], zero_mean="nan")
    assert np.isnan(s.cv[1]) and s.cv[0] == weighted_cv([6.2, 3.7], [45, 37])
    g = weighted_stats([1.0, 0.0, 2.0], [1, 1, 1], groups=["A", "B", "A"], zero_mean="nan")
    assert np.isnan(g.cv[1]) and np.isfinite(g.cv[0]) and g.mean[1] == 0.0
    with pytest.raises(DataError, match="zero_mean"):
        weighted_stats([1.0], [1], zero_mean="ignore")  # type: ignore[arg-type]


@pytest.mark.usefixtures("english")
def test_missing_or_unorderable_group_keys_are_named() -> None:
    with pytest.raises(DataError, match=r"乙 \(position 1\) has no group key") as info:
        weighted_stats([1.0, 2.0, 3.0], [1, 1, 1], groups=["A", None, "B"],
                       labels=["甲", "乙", "丙"])
    assert info.value.school == "乙" and info.value.field == "groups"
    with pytest.raises(DataError, match="position 2 has no group key"):
        weighted_stats([1.0, 2.0, 3.0], [1, 1, 1], groups=[1.0, 2.0, float("nan")])
    with pytest.raises(DataError, match="one orderable kind"):
        weighted_stats([1.0, 2.0], [1, 1], groups=np.array([(1, 2), "A"], dtype=object))


@pytest.mark.usefixtures("english")
def test_composite_cv_rejects_negative_and_empty() -> None:
    with pytest.raises(DataError, match="position 2"):
        composite_cv([0.1, 0.2, -0.3])
    with pytest.raises(DataError):
        composite_cv([])


def test_one_hierarchy() -> None:
    for name in ("DataError", "SpecError", "ZeroMeanError", "UnitError", "EmptySegmentError",
                 "DataValidationError", "MissingDependencyError"):
        assert issubclass(getattr(qbalance, name), QBalanceError)
    assert issubclass(qbalance.DataError, ValueError)


# -- CV variants for reproduction (issue 14) -----------------------------------------

@pytest.mark.parametrize("method", ["official", "unweighted", "unweighted_sample"])
def test_cv_methods_reproduce_the_five_school_example(method: str) -> None:
    ref = REF["cv_methods"][0]
    x = [b / p for b, p in zip(ref["books"], ref["pupils"], strict=True)]
    assert half_up(weighted_cv(x, ref["pupils"], method=method), 4) == ref[method]  # type: ignore[arg-type]


def test_official_is_the_default_method() -> None:
    ref = REF["cv_methods"][0]
    x = [b / p for b, p in zip(ref["books"], ref["pupils"], strict=True)]
    assert weighted_cv(x, ref["pupils"]) == weighted_cv(x, ref["pupils"], method="official")


def slow_unweighted_cv(values: list[float], ddof: int) -> float:
    xs = [Fraction(v) for v in values]
    mean = sum(xs, Fraction(0)) / len(xs)
    var = sum(((x - mean) ** 2 for x in xs), Fraction(0)) / (len(xs) - ddof)
    return math.sqrt(var) / float(mean)


@given(schools())
def test_unweighted_methods_agree_with_exact_formula(data: tuple[list[float], list[float]]
                                                     ) -> None:
    vals, ws = data
    assert weighted_cv(vals, ws, method="unweighted") == pytest.approx(
        slow_unweighted_cv(vals, 0), rel=1e-9, abs=1e-12)
    if len(vals) > 1:
        assert weighted_cv(vals, ws, method="unweighted_sample") == pytest.approx(
            slow_unweighted_cv(vals, 1), rel=1e-9, abs=1e-12)
    # the unweighted forms ignore the weights; the official one equals them under equal weights
    assert weighted_cv(vals, [1.0] * len(vals)) == pytest.approx(
        weighted_cv(vals, ws, method="unweighted"), rel=1e-9, abs=1e-12)


@pytest.mark.usefixtures("english")
def test_cv_method_errors() -> None:
    with pytest.raises(DataError, match="method"):
        weighted_cv([1.0, 2.0], [1, 1], method="sample")  # type: ignore[arg-type]
    with pytest.raises(DataError, match="at least two schools"):
        weighted_cv([1.0], [10], method="unweighted_sample")
    with pytest.raises(ZeroMeanError):
        weighted_cv([0.0, 0.0], [3, 4], method="unweighted")
    with pytest.raises(DataError, match="weight"):
        weighted_cv([1.0, 2.0], [1, -1], method="unweighted")
