"""Per-school contributions, leave-one-out CVs and headroom (qbalance.sensitivity)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import qbalance
from qbalance import (
    DataError,
    cv_after_change,
    leave_one_out_cv,
    sensitivity,
    variance_shares,
    weighted_cv,
    weighted_stats,
)


@st.composite
def schools(draw: st.DrawFn, min_n: int = 2) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(min_n, 25))
    k = draw(st.integers(1, 4))
    x = draw(arrays(np.float64, (n, k), elements=st.floats(0.01, 5000.0)))
    w = draw(arrays(np.float64, (n,), elements=st.integers(1, 3000).map(float)))
    return x, w


@settings(max_examples=100, deadline=None)
@given(schools())
def test_shares_sum_to_one_and_rebuild_the_variance(data: tuple[np.ndarray, np.ndarray]) -> None:
    x, w = data
    shares = variance_shares(x, w)
    stats = weighted_stats(x, w)
    var_total = stats.std ** 2 * stats.total_weight  # sum P_i (x_i - mean)^2
    mean = (w[:, None] * x).sum(0) / w.sum()
    terms = w[:, None] * (x - mean) ** 2
    has_var = var_total > 1e-9 * (mean ** 2) * w.sum()
    # shares are the normalised terms and sum to 1 where there is any variance
    np.testing.assert_allclose(shares.sum(axis=0)[has_var], 1.0, rtol=1e-9)
    np.testing.assert_allclose((shares * var_total)[:, has_var], terms[:, has_var],
                               rtol=1e-6, atol=1e-9 * float(var_total.max() + 1))
    assert (shares >= 0).all()


@settings(max_examples=100, deadline=None)
@given(schools(min_n=3))
def test_leave_one_out_equals_recomputation(data: tuple[np.ndarray, np.ndarray]) -> None:
    x, w = data
    loo = leave_one_out_cv(x, w)
    for i in range(x.shape[0]):
        keep = np.arange(x.shape[0]) != i
        for j in range(x.shape[1]):
            want = weighted_cv(x[keep, j], w[keep])
            # includes the cases where school i carries all of the variance (the
            # closed form then falls back to two passes)
            assert loo[i, j] == pytest.approx(want, rel=1e-7, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(schools(), st.floats(-0.5, 3.0))
def test_cv_after_change_equals_recomputation(data: tuple[np.ndarray, np.ndarray],
                                              factor: float) -> None:
    x, w = data
    delta = x * factor
    got = cv_after_change(x, w, delta)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            y = x[:, j].copy()
            y[i] += delta[i, j]
            assert got[i, j] == pytest.approx(weighted_cv(y, w), rel=1e-7, abs=1e-9)


def test_single_school_leave_one_out_is_nan() -> None:
    assert np.isnan(leave_one_out_cv([3.0], [10])).all()


def test_equal_schools_have_zero_shares() -> None:
    np.testing.assert_array_equal(variance_shares([5.0, 5.0, 5.0], [1, 2, 3]), 0.0)


@pytest.mark.usefixtures("english")
def test_bad_input_is_named() -> None:
    with pytest.raises(DataError, match="乙"):
        variance_shares([1.0, float("nan")], [1, 2], labels=["甲", "乙"])
    with pytest.raises(DataError, match="delta"):
        cv_after_change([1.0, 2.0], [1, 2], [0.0])


def test_example_county_sensitivity_agrees_with_evaluation() -> None:
    county = qbalance.example_county()
    ev = qbalance.evaluate_resources(county)
    sens = sensitivity(county)
    for seg in ev.segments:
        s = sens.segment(seg.segment)
        np.testing.assert_allclose(s.cv, [i.cv for i in seg.indicators], rtol=1e-12)
        assert s.school_ids == tuple(r.school_id for r in seg.schools)
        assert set(np.flatnonzero(s.failing)) == {
            i for i, r in enumerate(seg.schools) if not r.passed}
        # headroom signs agree with the verdicts
        met = np.array([r.met for r in seg.schools])
        assert ((s.value_headroom >= -1e-12) == met).all()
        assert ((s.cv_headroom >= 0) == np.array([i.passed for i in seg.indicators])).all()
        # pupil headroom: adding that many pupils puts the school exactly on the threshold
        cap = s.pupils[:, None] + s.pupil_headroom
        np.testing.assert_allclose(s.values * s.pupils[:, None] / cap, s.thresholds[None, :]
                                   * np.ones_like(cap), rtol=1e-12)
    first = sens.segment("primary").fix_first()
    assert [p.fails_rule for p in first[:2]] == [True, True]
    assert not any(p.fails_rule for p in first[2:])


def test_sensitivity_accepts_an_evaluation_but_checks_its_standard() -> None:
    county = qbalance.example_county()
    ev = qbalance.evaluate_resources(county)
    assert sensitivity(ev).segment("junior").cv.shape == (7,)
    other = qbalance.load_standard().with_cv_limits(primary=0.3, id="tighter")
    with pytest.raises(DataError, match="tighter"):
        sensitivity(ev, other)
    with pytest.raises(DataError, match="County"):
        sensitivity("not a county")  # type: ignore[arg-type]


def test_summary_mentions_failing_schools() -> None:
    text = sensitivity(qbalance.example_county()).summary("en")
    assert "石门村小学 (P08): fails per-school rule" in text
    assert "Composite CV" not in text  # national standard sets no composite limit
    zh = str(sensitivity(qbalance.example_county(), qbalance.load_standard().with_cv_limits(
        primary=0.35, junior=0.32, composite=True, id="x")))
    assert "综合差异系数" in zh


@pytest.mark.parametrize("delta", [-1e-9, -1e-11, 0.0, 1e-11])
def test_fix_first_judges_a_near_tie_exactly_as_the_evaluation(delta: float) -> None:
    """Issue 12: no slack in the sensitivity's "unmet" either.  实验小学 (P03, 1130 pupils)
    with teaching area 4.5 x 1130 + delta m²: R4 (standard 4.5) is unmet exactly when
    delta < 0, and fix_first says what the evaluation says (it used a 1e-12 slack)."""
    from fractions import Fraction

    county = qbalance.example_county()
    area = 4.5 * 1130 + delta
    schools = [s.model_copy(update={"teaching_area_m2": area}) if s.id == "P03" else s
               for s in county.schools]
    c = qbalance.County(name=county.name, year=county.year, schools=schools)
    ev = qbalance.evaluate_resources(c)
    p03 = next(s for s in ev.segment("primary").schools if s.school_id == "P03")
    r4 = p03.codes.index("R4")
    assert p03.met[r4] is (Fraction(area) >= Fraction(9, 2) * 1130)
    sens = qbalance.sensitivity(ev)
    fix = next(f for f in sens.segment("primary").fix_first() if f.school_id == "P03")
    assert ("R4" in fix.unmet) is (not p03.met[r4])
    seg = sens.segment("primary")
    i = seg.school_ids.index("P03")
    assert bool(seg.met[i, r4]) is p03.met[r4] and not seg.below_floor[i, r4]
    if area < 4.5 * 1130:  # 4.49999999999999 m² per pupil: within the old slack, unmet
        assert "R4" in fix.unmet and "R4" in seg.summary()
