"""Rigorous bounds of a student-weighted CV when the school values are rounded.

Table Ⅱ-2 of the declaration form prints each school's value to 2 decimals, so
the exact values lie in a box ``[v_i − h_i, v_i + h_i]`` (``h_i = 0.005``).  The
county's CV (差异系数, ``S / x̄`` with pupil weights, divided by the total) can be
anything in a range over that box; this module bounds that range from both
sides, vectorised over the schools.

With weights ``w_i = P_i / P``, ``x = v + δ``, ``ε = Σ w δ`` (the shift of the
mean) and ``F = Σ w x² / (Σ w x)² = CV² + 1``::

    F = (Σ w v² + 2 Σ w v δ + Σ w δ²) / (m + ε)²,        m = Σ w v

For a fixed ``ε``, ``Σ w v δ`` over the box is a fractional knapsack: it is
largest when the largest values are pushed up first (``LP⁺(ε)``) and smallest
when the largest are pushed down first (``LP⁻(ε)``); both are piecewise linear
in ``ε``.  With ``ε² ≤ Σ w δ² ≤ Σ w h²``::

    (Σ w v² + 2 LP⁻(ε) + ε²) / (m + ε)²  ≤  F  ≤  (Σ w v² + 2 LP⁺(ε) + Σ w h²) / (m + ε)²

and each side is a rational function of ``ε`` on each linear piece, whose
extremes are at the piece's ends or at its one stationary point.  The bounds
hold for every point of the box (no vertex argument is needed) and are tight
to within the ``Σ w δ²`` term, i.e. second order in ``h``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = ["cv_bounds", "cv_of"]


def cv_of(values: Sequence[float], pupils: Sequence[float]) -> float:
    """The student-weighted population CV of ``values`` (the form's definition).

    Parameters
    ----------
    values, pupils : sequence of float
        One value and pupil count per school.

    Returns
    -------
    float
        ``sqrt(Σ P (x − x̄)² / P) / x̄``.

    Examples
    --------
    >>> from qbalance.form.bounds import cv_of
    >>> round(cv_of([1.0, 3.0], [1, 1]), 6)
    0.5
    """
    x = np.asarray(values, dtype=np.float64)
    w = np.asarray(pupils, dtype=np.float64)
    w = w / w.sum()
    m = float(w @ x)
    return math.sqrt(max(0.0, float(w @ (x - m) ** 2))) / m


def _pieces(v: np.ndarray, w: np.ndarray, h: np.ndarray, descending: bool
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Breakpoints ε_k, LP(ε_k) and the slope on each piece of the knapsack LP.

    Starting from every δ at its lower end (ε = −Σ w h), the schools are pushed to
    their upper end one by one, largest value first (``descending``, the maximum
    of Σ w v δ) or smallest first (the minimum).
    """
    order = np.argsort(-v if descending else v, kind="stable")
    vs, ws, hs = v[order], w[order], h[order]
    cap = 2 * ws * hs                              # how much ε moves when a school flips
    eps = np.concatenate(([-(ws @ hs)], -(ws @ hs) + np.cumsum(cap)))
    lp = np.concatenate(([-(ws * vs) @ hs], -((ws * vs) @ hs) + np.cumsum(cap * vs)))
    return eps, lp, vs


def _extreme(a: np.ndarray, b: np.ndarray, c: np.ndarray, lo: np.ndarray, hi: np.ndarray,
             m: float, largest: bool) -> float:
    """Extreme of (a + b ε + c ε²) / (m + ε)² over the pieces [lo, hi]."""
    cands = [lo, hi]
    # derivative numerator: (b + 2cε)(m + ε) − 2(a + bε + cε²) = (bm − 2a) + ε(2cm − b)
    den = 2 * c * m - b
    with np.errstate(divide="ignore", invalid="ignore"):
        st = np.where(den != 0, (2 * a - b * m) / den, lo)
    st = np.clip(st, lo, hi)
    cands.append(st)
    vals = [(a + b * e + c * e * e) / (m + e) ** 2 for e in cands]
    stack = np.stack(vals)
    return float(stack.max() if largest else stack.min())


def cv_bounds(values: Sequence[float], half_widths: Sequence[float] | float,
              pupils: Sequence[float]) -> tuple[float, float]:
    """Lower and upper bounds of the CV over the rounding box of ``values``.

    Parameters
    ----------
    values : sequence of float
        The printed school values (e.g. to 2 decimals).
    half_widths : float or sequence of float
        Half the rounding step of each value (0.005 for 2 decimals).
    pupils : sequence of float
        The schools' pupils (the weights).

    Returns
    -------
    (float, float)
        ``lo ≤ CV(x) ≤ hi`` for every ``x`` with ``|x_i − v_i| ≤ h_i``; ``lo`` is 0
        when the box allows equal values.  ``(nan, nan)`` when the mean can reach 0.

    Examples
    --------
    Two schools of equal size printed 1.00 and 3.00: the exact CV is 0.5 and
    anything the rounding allows lies within these bounds:

    >>> from qbalance.form.bounds import cv_bounds
    >>> lo, hi = cv_bounds([1.0, 3.0], 0.005, [100, 100])
    >>> round(lo, 5), round(hi, 5)
    (0.4975, 0.5025)
    """
    v = np.asarray(values, dtype=np.float64)
    p = np.asarray(pupils, dtype=np.float64)
    h = np.broadcast_to(np.asarray(half_widths, dtype=np.float64), v.shape).astype(np.float64)
    w = p / p.sum()
    m = float(w @ v)
    hbar = float(w @ h)
    if m - hbar <= 0:
        return math.nan, math.nan
    q = float(w @ (v * v))
    e_hi, lp_hi, _ = _pieces(v, w, h, descending=True)
    out = []
    for eps, lp, extra, largest in ((e_hi, lp_hi, float(w @ (h * h)), True),):
        lo_e, hi_e = eps[:-1], eps[1:]
        keep = hi_e > lo_e
        lo_e, hi_e = lo_e[keep], hi_e[keep]
        lp0 = lp[:-1][keep]
        slope = (lp[1:][keep] - lp0) / (hi_e - lo_e)
        # on a piece, LP(ε) = lp0 + slope (ε − lo_e)
        a = q + 2 * (lp0 - slope * lo_e) + extra
        b = 2 * slope
        c = np.zeros_like(a) if largest else np.ones_like(a)
        if lo_e.size == 0:      # every half-width is 0: the CV is exact
            f = (q + extra) / m ** 2
        else:
            f = _extreme(a, b, c, lo_e, hi_e, m, largest)
        # widen by the float rounding of the sums (relative 1e-12 of F) before the root
        out.append(math.sqrt(max(0.0, f - 1.0 + (1e-12 if largest else -1e-12) * f)))
    hi_cv = out[0]
    f_min = _curve_min(v - h, v + h, w)
    lo_cv = math.sqrt(max(0.0, f_min - 1.0 - 1e-12 * f_min))
    return lo_cv, hi_cv


def _curve_min(lo: np.ndarray, hi: np.ndarray, w: np.ndarray) -> float:
    """The least F = Σ w x² / (Σ w x)² over the box, exactly (up to float rounding).

    At a minimiser, ∂F/∂x_i ∝ w_i (x_i − t) with t = Σ w x² / Σ w x, so every
    coordinate is ``clip(t, lo_i, hi_i)``: the minimum lies on that curve.  On each
    piece between consecutive ends the clipped sets are fixed and
    F(t) = (α + β t²) / (γ + β t)², stationary at t = α / γ.
    """
    ends = np.unique(np.concatenate((lo, hi)))
    t_lo, t_hi = ends[:-1], ends[1:]
    if t_lo.size == 0:                      # every box is the same single point
        x = lo
        return float((w @ (x * x)) / (w @ x) ** 2)
    mid = (t_lo + t_hi) / 2
    lo_order = np.argsort(lo)
    hi_order = np.argsort(hi)
    lo_s, hi_s = lo[lo_order], hi[hi_order]
    wl, wh = w[lo_order], w[hi_order]
    # suffix sums over the boxes lying above t (x = lo) and prefix sums below (x = hi)
    suf_w = np.concatenate((np.cumsum((wl)[::-1])[::-1], [0.0]))
    suf_x = np.concatenate((np.cumsum((wl * lo_s)[::-1])[::-1], [0.0]))
    suf_x2 = np.concatenate((np.cumsum((wl * lo_s * lo_s)[::-1])[::-1], [0.0]))
    pre_w = np.concatenate(([0.0], np.cumsum(wh)))
    pre_x = np.concatenate(([0.0], np.cumsum(wh * hi_s)))
    pre_x2 = np.concatenate(([0.0], np.cumsum(wh * hi_s * hi_s)))
    ia = np.searchsorted(lo_s, mid, side="right")      # lo_s[ia:] > mid
    ib = np.searchsorted(hi_s, mid, side="left")       # hi_s[:ib] < mid
    alpha = suf_x2[ia] + pre_x2[ib]
    gamma = suf_x[ia] + pre_x[ib]
    beta = 1.0 - suf_w[ia] - pre_w[ib]
    with np.errstate(divide="ignore", invalid="ignore"):
        st = np.where(gamma > 0, alpha / gamma, t_lo)
    cands = np.stack([t_lo, t_hi, np.clip(st, t_lo, t_hi)])
    with np.errstate(divide="ignore", invalid="ignore"):
        f = (alpha + beta * cands * cands) / (gamma + beta * cands) ** 2
    f = np.where(np.isfinite(f), f, np.inf)
    return float(f.min())
