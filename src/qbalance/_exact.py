"""Exact tie-breaking of verdicts: rational arithmetic from the decimal inputs.

The standard's comparisons are exact: a coefficient of variation *equal* to its
limit passes, a school value *equal* to the standard value meets it.  Floating
point decides every comparison whose two sides are clearly apart; when they are
within :data:`TIE_RTOL` of each other (a few hundred thousand ulps: far more than
the rounding error of the float computation, far less than any real difference)
the verdict is recomputed here with :class:`fractions.Fraction` from the inputs
as the decimals they were written as (``repr`` of each float is the shortest
decimal that reads back to it: ``449.9999999999`` stays ``449.9999999999``).

The CV involves a square root: ``CV <= L`` is decided as ``CV² <= L²``, both
exact rationals.  A composite (mean of CVs) is a sum of square roots of
rationals; such a sum is rational only when every term is (Besicovitch), so the
comparison with a decimal limit is decided exactly when all terms are rational
and otherwise by integer square roots at increasing precision, which always
terminates because an irrational sum never equals the limit.

Nothing here is vectorised: it runs only for the (rare) near-ties.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

__all__ = ["TIE_RTOL", "cv_le", "cv_squared", "dec", "mean_sqrt_le", "near"]

#: Relative distance below which a float comparison is re-decided exactly.
TIE_RTOL = 1e-9


def dec(v: float | int) -> Fraction:
    """The decimal a number was written as, exactly (``Fraction(repr(float))``)."""
    if isinstance(v, int):
        return Fraction(v)
    f = float(v)
    if f.is_integer():
        return Fraction(int(f))
    return Fraction(repr(f))


def near(a: float, b: float) -> bool:
    """``a`` and ``b`` are within :data:`TIE_RTOL` (relative) of each other."""
    return abs(a - b) <= TIE_RTOL * max(abs(a), abs(b))


def cv_squared(px: Sequence[Fraction], p: Sequence[Fraction]) -> Fraction | None:
    """Exact square of the student-weighted CV, or ``None`` when the mean is 0.

    ``px[i]`` is school *i*'s pupils times its value (its numerator times the
    section share times the per-pupil factor), ``p[i]`` its pupils (> 0).  With
    :math:`P = \\sum p_i`: :math:`CV^2 = P \\sum (px_i^2 / p_i) / (\\sum px_i)^2 - 1`.
    """
    s = sum(px, Fraction(0))
    if s == 0:
        return None
    total = sum(p, Fraction(0))
    s2 = sum((a * a / b for a, b in zip(px, p, strict=True)), Fraction(0))
    return max(total * s2 / (s * s) - 1, Fraction(0))


def cv_le(cv2: Fraction, limit: float) -> bool:
    """``sqrt(cv2) <= limit`` exactly, the limit read as its decimal."""
    lim = dec(limit)
    return lim >= 0 and cv2 <= lim * lim


def _rational_sqrt(q: Fraction) -> Fraction | None:
    a, b = q.numerator, q.denominator
    ra, rb = math.isqrt(a), math.isqrt(b)
    return Fraction(ra, rb) if ra * ra == a and rb * rb == b else None


def mean_sqrt_le(squares: Sequence[Fraction], limit: float, *, max_digits: int = 4000) -> bool:
    """``mean(sqrt(q) for q in squares) <= limit`` exactly (the composite CV rule).

    Parameters
    ----------
    squares : sequence of Fraction
        The exact squared CVs (each ≥ 0).
    limit : float
        The composite limit, read as its decimal.
    max_digits : int
        Precision at which the search for the sign stops (never reached in
        practice: the difference would have to be below 10**-max_digits).
    """
    k = len(squares)
    bound = dec(limit) * k
    roots = [_rational_sqrt(q) for q in squares]
    if all(r is not None for r in roots):
        return sum((r for r in roots if r is not None), Fraction(0)) <= bound
    digits = 30
    while digits <= max_digits:
        scale = 10 ** digits
        # floor(sqrt(q) * scale) for every term: the true sum lies in [lo, lo + k) / scale
        lo = sum(math.isqrt(q.numerator * scale * scale // q.denominator) for q in squares)
        if (lo + k) <= bound * scale:
            return True
        if lo > bound * scale:
            return False
        digits *= 2
    return sum(math.sqrt(q) for q in squares) <= float(bound)  # pragma: no cover
