"""Property tests of the audit's integer reconstructions and interval logic."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from qbalance import RoundingMode, Threshold, parse_reported, round_to
from qbalance.audit.slips import counts_for_rate, denominators_for, printed_interval

modes = st.sampled_from(list(RoundingMode))


@settings(max_examples=150)
@given(st.fractions(min_value=0, max_value=10_000, max_denominator=10_000),
       st.integers(min_value=0, max_value=4), modes)
def test_exact_value_lies_in_the_printed_interval(x: Fraction, nd: int,
                                                  mode: RoundingMode) -> None:
    fig = parse_reported(str(round_to(x, nd, mode)))
    lo, hi = printed_interval(fig)
    assert lo <= x < hi


@settings(max_examples=100)
@given(st.integers(min_value=1, max_value=5_000), st.data(),
       st.integers(min_value=0, max_value=2), modes)
def test_counts_for_rate_contain_the_true_count(n: int, data: st.DataObject, nd: int,
                                                mode: RoundingMode) -> None:
    k = data.draw(st.integers(min_value=0, max_value=n))
    fig = parse_reported(f"{round_to(Fraction(100 * k, n), nd, mode)}%")
    found = counts_for_rate(fig, Fraction(n), Fraction(100), mode, limit=n)
    assert found is not None and found[0] <= k <= found[1]
    # every count in the range prints the same way
    for j in range(found[0], found[1] + 1):
        assert round_to(Fraction(100 * j, n), nd, mode) == fig.value


@settings(max_examples=100)
@given(st.integers(min_value=1, max_value=3_000), st.integers(min_value=1, max_value=3_000),
       st.integers(min_value=1, max_value=3), modes)
def test_denominators_for_contain_the_true_denominator(num: int, den: int, nd: int,
                                                       mode: RoundingMode) -> None:
    fig = parse_reported(f"{round_to(Fraction(100 * num, den), nd, mode)}%")
    found = denominators_for(fig, Fraction(num), Fraction(100))
    if fig.value * 2 <= Fraction(1, 10**nd):  # a figure of about 0: unbounded
        assert found is None
        return
    assert found is not None and found[0] <= den <= found[1]


@settings(max_examples=150)
@given(st.sampled_from([">=", ">", "<=", "<"]),
       st.fractions(min_value=0, max_value=2, max_denominator=200),
       st.fractions(min_value=0, max_value=2, max_denominator=200),
       st.fractions(min_value=Fraction(1, 1000), max_value=1, max_denominator=1000))
def test_decided_agrees_with_every_point(op: str, t: Fraction, lo: Fraction,
                                         width: Fraction) -> None:
    thr = Threshold(op=op, value=t)
    hi = lo + width
    d = thr.decided(lo, hi)
    points = [lo + width * Fraction(i, 50) for i in range(50)]  # inside [lo, hi)
    points += [p for p in (t, t - Fraction(1, 10**9)) if lo <= p < hi]
    results = {thr.holds(p) for p in points}
    if d is not None:
        assert results == {d}
    else:  # mixed: some point on each side (possibly right at the threshold)
        assert len(results) == 2 or lo <= t < hi
