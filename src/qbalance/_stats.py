"""Unchecked numerical kernels behind :mod:`qbalance.core`.

These functions trust their input (float64 arrays, finite values, non-negative
weights, integer group codes) and never raise on degenerate groups: a group with
zero total weight or zero mean gives ``nan``.  The public, validating wrappers
live in :mod:`qbalance.core`; the batch evaluation calls these directly after
validating once for the whole data set.

The variance is computed in two passes with the compensation term of the
"corrected two-pass algorithm" (Chan, Golub & LeVeque 1983)::

    var = (sum w d**2 - (sum w d)**2 / W) / W,   d = x - mean

which keeps full precision when values are large relative to their spread
(equipment values in yuan, county totals of millions of pupils).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from qbalance._types import Float as Float, Int as Int  # the one set of aliases


def moments(values: Float, weights: Float) -> tuple[Float, Float, Float]:
    """Total weight, weighted mean and weighted (population) std along axis 0.

    ``values`` is shaped ``(n,)`` or ``(n, k)``; ``weights`` is ``(n,)``.
    Results are shaped like one row of ``values`` (total weight is broadcast).
    """
    total = weights.sum()
    w = weights if values.ndim == 1 else weights[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (w * values).sum(axis=0) / total
        dev = values - mean
        wdev = w * dev
        s1 = wdev.sum(axis=0)
        s2 = (wdev * dev).sum(axis=0)
        var = (s2 - s1 * s1 / total) / total
    std = np.sqrt(np.maximum(var, 0.0))
    tot = np.broadcast_to(total, np.shape(mean)).astype(np.float64)
    return tot, np.asarray(mean, dtype=np.float64), np.asarray(std, dtype=np.float64)


def _group_sum(codes: Int, data: Float, n_groups: int) -> Float:
    """Sum ``data`` (``(n,)`` or ``(n, k)``) by integer group code, one bincount call."""
    if data.ndim == 1:
        return np.asarray(np.bincount(codes, weights=data, minlength=n_groups), np.float64)
    k = data.shape[1]
    flat = (codes[:, None] * k + np.arange(k)).ravel()
    out = np.bincount(flat, weights=data.ravel(), minlength=n_groups * k)
    return np.asarray(out, np.float64).reshape(n_groups, k)


def grouped_moments(
    values: Float, weights: Float, codes: Int, n_groups: int
) -> tuple[Float, Float, Float]:
    """Per-group total weight, weighted mean and weighted std.

    ``codes`` holds, for every row, its group in ``range(n_groups)``.  Results
    have a leading axis of length ``n_groups``; total weight is shaped
    ``(n_groups,)`` or ``(n_groups, k)`` like the means.
    """
    wt = _group_sum(codes, weights, n_groups)
    w = weights if values.ndim == 1 else weights[:, None]
    wt_b = wt if values.ndim == 1 else wt[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = _group_sum(codes, w * values, n_groups) / wt_b
        dev = values - mean[codes]
        wdev = w * dev
        s1 = _group_sum(codes, wdev, n_groups)
        s2 = _group_sum(codes, wdev * dev, n_groups)
        var = (s2 - s1 * s1 / wt_b) / wt_b
    std = np.sqrt(np.maximum(var, 0.0))
    std[np.isnan(var)] = np.nan
    return np.broadcast_to(wt_b, mean.shape).astype(np.float64), mean, std


def cv_from(mean: Float, std: Float) -> Float:
    """``std / mean`` with ``nan`` where the mean is zero or undefined."""
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(mean != 0.0, std / np.where(mean != 0.0, mean, 1.0), np.nan)
    return np.asarray(out, dtype=np.float64)
