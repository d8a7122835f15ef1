"""Numerical core: student-weighted means, deviations and coefficients of variation.

Pure functions on numpy arrays; no I/O and no pydantic.  Inputs are any
array-like; every function validates its input and raises a
:class:`~qbalance.QBalanceError` that names the offending position (or school,
when ``labels`` are given) instead of returning ``nan``.

The coefficient of variation is the official inter-school difference
coefficient (校际差异系数) of 教督〔2017〕6号: with school *i* having indicator
value :math:`x_i` and :math:`P_i` pupils, :math:`P = \\sum P_i`,

.. math::

    \\bar{x} = \\frac{\\sum P_i x_i}{P}, \\qquad
    S = \\sqrt{\\frac{\\sum P_i (x_i - \\bar{x})^2}{P}}, \\qquad
    CV = \\frac{S}{\\bar{x}}.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from qbalance._frozen import freeze_arrays
from qbalance._messages import Message, message, position
from qbalance import _stats
from qbalance._text import label_at
from qbalance.errors import DataError, ZeroMeanError

__all__ = [
    "CV_METHODS",
    "CVMethod",
    "WeightedStats",
    "composite_cv",
    "split_shares",
    "weighted_cv",
    "weighted_mean",
    "weighted_stats",
    "weighted_std",
]

from qbalance._types import Float as Float  # the one set of aliases

#: How a coefficient of variation is computed: the official student-weighted
#: population CV, or one of the two unweighted forms found in deployed software.
CVMethod = Literal["official", "unweighted", "unweighted_sample"]

#: Every :data:`CVMethod`, official first.
CV_METHODS: tuple[CVMethod, ...] = ("official", "unweighted", "unweighted_sample")


def _where(i: int, labels: Sequence[str] | None) -> Message:
    """``甲小学（第 1 个）`` / ``甲小学 (position 1)``: a school named by label and position."""
    lab = label_at(i, labels)
    return (message("core.where_named", label=lab, i=i) if lab is not None
            else message("core.where", i=i))


def _values(values: ArrayLike, labels: Sequence[str] | None, *, ndim: tuple[int, ...]) -> Float:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError(message("core.unreadable", what="values", exc=exc),
                        field="values") from exc
    if arr.ndim not in ndim:
        raise DataError(message("core.ndim", want="/".join(str(d) for d in ndim),
                                shape=arr.shape), field="values")
    if arr.shape[0] == 0:
        raise DataError(message("core.empty"), field="values")
    bad = ~np.isfinite(arr)
    if bad.any():
        idx = np.argwhere(bad)[0]
        i = int(idx[0])
        col = f", column {int(idx[1])}" if arr.ndim == 2 else ""
        raise DataError(
            message("core.not_finite", where=_where(i, labels), col=col,
                    value=repr(float(arr[tuple(idx)]))),
            school=label_at(i, labels),
            field="values",
            value=float(arr[tuple(idx)]),
        )
    return arr


def _weights(weights: ArrayLike, n: int, labels: Sequence[str] | None) -> Float:
    try:
        w = np.asarray(weights, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError(message("core.unreadable", what="weights", exc=exc),
                        field="weights") from exc
    if w.ndim != 1 or w.shape[0] != n:
        raise DataError(
            message("core.weights_shape", n=n, shape=w.shape),
            field="weights",
        )
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        i = int(np.argmax(bad))
        raise DataError(
            message("core.bad_weight", where=_where(i, labels), value=repr(float(w[i]))),
            school=label_at(i, labels),
            field="weights",
            value=float(w[i]),
        )
    if not w.sum() > 0:
        raise DataError(message("core.weights_zero"), field="weights", value=0.0)
    return w


def weighted_mean(
    values: ArrayLike, weights: ArrayLike, *, labels: Sequence[str] | None = None
) -> float:
    """Student-weighted mean of one indicator (县域均值).

    Parameters
    ----------
    values : array_like, shape (n,)
        Indicator value of each school (e.g. m² per pupil).
    weights : array_like, shape (n,)
        Weight of each school, normally its pupils (在校生数).
    labels : sequence of str, optional
        School names, used only to name the school in error messages.

    Returns
    -------
    float
        :math:`\\sum w_i x_i / \\sum w_i`.  For a per-pupil indicator this equals
        total resource divided by total pupils.

    Raises
    ------
    DataError
        A value or weight is not finite, a weight is negative, or the weights sum to 0.

    Examples
    --------
    Books per pupil in five primary schools (a provincial guidance example on
    computing 差异系数): the county mean is total books over total pupils.

    >>> from qbalance import weighted_mean
    >>> pupils = [45, 37, 89, 76, 55]
    >>> books = [279, 137, 935, 160, 402]
    >>> per_pupil = [b / p for b, p in zip(books, pupils)]
    >>> round(weighted_mean(per_pupil, pupils), 2)
    6.33
    """
    x = _values(values, labels, ndim=(1,))
    w = _weights(weights, x.shape[0], labels)
    return float(_stats.moments(x, w)[1])


def weighted_std(
    values: ArrayLike, weights: ArrayLike, *, labels: Sequence[str] | None = None
) -> float:
    """Student-weighted standard deviation (标准差), dividing by the total weight.

    Parameters
    ----------
    values : array_like, shape (n,)
        Indicator value of each school.
    weights : array_like, shape (n,)
        Pupils of each school.
    labels : sequence of str, optional
        School names for error messages.

    Returns
    -------
    float
        :math:`\\sqrt{\\sum w_i (x_i - \\bar{x})^2 / \\sum w_i}` — the population form
        of 教督〔2017〕6号 (divide by *P*, not *P* − 1).

    Examples
    --------
    >>> from qbalance import weighted_std
    >>> pupils = [45, 37, 89, 76, 55]
    >>> books = [279, 137, 935, 160, 402]
    >>> round(weighted_std([b / p for b, p in zip(books, pupils)], pupils), 3)
    3.264
    """
    x = _values(values, labels, ndim=(1,))
    w = _weights(weights, x.shape[0], labels)
    return float(_stats.moments(x, w)[2])


def _zero_mean_error(val: float, where: Message | str) -> DataError:
    """The one zero-mean error: :class:`ZeroMeanError` for a mean of 0, else a DataError."""
    cls = ZeroMeanError if val == 0 else DataError
    return cls(message("core.zero_mean", where=where, value=repr(val)), field="values",
               value=val)


def _check_mean(mean: Float) -> None:
    """Raise the zero-mean error for the first mean that is not positive."""
    zero = ~(mean > 0)
    if zero.any():
        idx = tuple(int(i) for i in np.argwhere(zero)[0])
        val = float(mean[idx]) if mean.ndim else float(mean)
        raise _zero_mean_error(val, message("core.mean_column", col=idx[0]) if idx else "")


def weighted_cv(
    values: ArrayLike,
    weights: ArrayLike,
    *,
    labels: Sequence[str] | None = None,
    method: CVMethod = "official",
) -> float:
    """Inter-school coefficient of variation (校际差异系数) of one indicator.

    Implements the difference coefficient of the national method
    (《县域义务教育优质均衡发展督导评估办法》, 教督〔2017〕6号, art. 6): the
    student-weighted standard deviation divided by the student-weighted mean.

    Two other forms are available to reproduce figures that were not produced
    by the official formula (see ``rules-beyond-national.md`` §5: the one
    open-source evaluation platform found computes the unweighted CV):

    ``"official"`` (default)
        :math:`\\bar x = \\sum P_i x_i / P`,
        :math:`S = \\sqrt{\\sum P_i (x_i - \\bar x)^2 / P}`, CV = S / x̄.
    ``"unweighted"``
        Every school counts once: plain mean of the :math:`x_i` and population
        standard deviation dividing by the number of schools *n*.
    ``"unweighted_sample"``
        As ``"unweighted"`` but the standard deviation divides by *n* − 1
        (a spreadsheet's ``STDEV``); needs at least two schools.

    Parameters
    ----------
    values : array_like, shape (n,)
        Indicator value of each school (per pupil or per 100 pupils).
    weights : array_like, shape (n,)
        Pupils of each school (在校生数).  Validated for every method; the
        unweighted methods do not use them otherwise.
    labels : sequence of str, optional
        School names for error messages.
    method : {"official", "unweighted", "unweighted_sample"}
        Which formula (default: the official student-weighted one).

    Returns
    -------
    float
        The coefficient of variation (dimensionless, ≥ 0).  Published tables
        round it to 3 decimals.

    Raises
    ------
    DataError
        Non-finite values or weights, negative weights, zero total weight, an
        unknown ``method``, or ``"unweighted_sample"`` with a single school.
    ZeroMeanError
        The weighted mean is zero, so the CV is undefined.

    References
    ----------
    Ministry of Education, 教督〔2017〕6号, 附件 “差异系数计算方法”.

    Examples
    --------
    Five primary schools with 45, 37, 89, 76 and 55 pupils and 279, 137, 935,
    160 and 402 library books (provincial guidance example; published as 0.52):

    >>> from qbalance import weighted_cv
    >>> pupils = [45, 37, 89, 76, 55]
    >>> books = [279, 137, 935, 160, 402]
    >>> round(weighted_cv([b / p for b, p in zip(books, pupils)], pupils), 3)
    0.515

    The same five schools under the two unweighted forms (``rules-beyond-national.md``
    §5 gives 0.5153 official, 0.4888 unweighted, 0.5465 with n − 1):

    >>> x = [b / p for b, p in zip(books, pupils)]
    >>> [round(weighted_cv(x, pupils, method=m), 4)
    ...  for m in ("official", "unweighted", "unweighted_sample")]
    [0.5153, 0.4888, 0.5465]

    Equal schools have no difference:

    >>> weighted_cv([5.8, 5.8, 5.8], [300, 1200, 45])
    0.0
    """
    if method not in CV_METHODS:
        raise DataError(message("core.method", options=", ".join(CV_METHODS), value=method),
                        field="method", value=method)
    x = _values(values, labels, ndim=(1,))
    w = _weights(weights, x.shape[0], labels)
    if method == "official":
        _, mean, std = _stats.moments(x, w)
    else:
        n = x.shape[0]
        if method == "unweighted_sample" and n < 2:
            raise DataError(message("core.sample_two"),
                            field="values", value=n)
        _, mean, std = _stats.moments(x, np.ones(n, dtype=np.float64))
        if method == "unweighted_sample":
            std = std * np.sqrt(n / (n - 1))
    _check_mean(mean)
    return float(std / mean)


def composite_cv(cvs: ArrayLike) -> float:
    """Composite difference coefficient (综合差异系数): the mean of indicator CVs.

    Reports quote, per segment, the arithmetic mean of the 7 resource indicators'
    coefficients of variation.

    Parameters
    ----------
    cvs : array_like, shape (k,)
        Coefficients of variation of the indicators (each finite and ≥ 0).

    Returns
    -------
    float
        Their arithmetic mean.

    Examples
    --------
    Pingyuan (平远县) self-evaluation report 2025, section 二(一): primary CVs
    of R1–R7, published composite 0.343:

    >>> from qbalance import composite_cv
    >>> round(composite_cv([0.479, 0.361, 0.314, 0.317, 0.354, 0.195, 0.382]), 3)
    0.343

    Midu (弥渡县) self-evaluation report 2023, 资源配置 section: junior CVs,
    published composite 0.152:

    >>> round(composite_cv([0.128, 0.160, 0.074, 0.179, 0.315, 0.100, 0.111]), 3)
    0.152
    """
    arr = _values(cvs, None, ndim=(1,))
    neg = arr < 0
    if neg.any():
        i = int(np.argmax(neg))
        raise DataError(
            message("core.cv_negative", i=i, value=float(arr[i])),
            field="cvs",
            value=float(arr[i]),
        )
    return float(arr.mean())


@attrs.frozen(slots=True, eq=False, kw_only=True)
class WeightedStats:
    """Weighted statistics of one or many indicators, optionally per group.

    Arrays are shaped ``(k,)`` for ``k`` indicators, ``()`` for one, and gain a
    leading axis of length ``len(groups)`` when computed per group.

    Attributes
    ----------
    groups : numpy.ndarray or None
        Sorted distinct group keys, or ``None`` when not grouped.
    count : numpy.ndarray
        Number of schools (rows) per group (a 0-d array when not grouped).
    total_weight : numpy.ndarray
        Sum of weights (pupils).
    mean, std, cv : numpy.ndarray
        Weighted mean, weighted population standard deviation, and their ratio.
    """

    groups: NDArray[np.generic] | None
    count: NDArray[np.intp]
    total_weight: Float
    mean: Float
    std: Float
    cv: Float

    def __attrs_post_init__(self) -> None:
        freeze_arrays(self)

    def __repr__(self) -> str:
        with np.printoptions(precision=6, suppress=True):
            g = "" if self.groups is None else f"groups={self.groups!r}, "
            return f"WeightedStats({g}mean={self.mean!r}, std={self.std!r}, cv={self.cv!r})"


def weighted_stats(
    values: ArrayLike,
    weights: ArrayLike,
    groups: ArrayLike | None = None,
    *,
    labels: Sequence[str] | None = None,
    zero_mean: Literal["raise", "nan"] = "raise",
) -> WeightedStats:
    """Weighted mean, std and CV of many indicators, for many groups, at once.

    Vectorised: one ``numpy.bincount`` pass per moment, no Python loop over
    schools, indicators or groups.

    Parameters
    ----------
    values : array_like, shape (n,) or (n, k)
        Indicator values, one row per school, one column per indicator.
    weights : array_like, shape (n,)
        Pupils of each school.
    groups : array_like, shape (n,), optional
        A group key per school (county code, segment, year …).  Results then have
        one row per distinct key, in sorted key order.
    labels : sequence of str, optional
        School names for error messages.
    zero_mean : {"raise", "nan"}
        An indicator whose weighted mean is not positive (every school has 0 of
        it) has no CV: ``"raise"`` (default) raises :class:`ZeroMeanError`,
        ``"nan"`` gives that CV as ``nan`` and computes the others — the rule of
        :func:`qbalance.evaluate_resources`, where such an indicator fails.

    Returns
    -------
    WeightedStats

    Raises
    ------
    DataError
        Bad values or weights, a group whose pupils sum to zero, or an unknown
        ``zero_mean``.
    ZeroMeanError
        An indicator's weighted mean is zero in some group (``zero_mean="raise"``).

    Examples
    --------
    Two counties, two indicators:

    >>> import numpy as np
    >>> from qbalance import weighted_stats
    >>> values = [[6.2, 4.0], [3.7, 5.0], [10.5, 6.0], [1.0, 2.0]]
    >>> pupils = [45, 37, 89, 100]
    >>> s = weighted_stats(values, pupils, groups=["A", "A", "A", "B"])
    >>> s.groups.tolist()
    ['A', 'B']
    >>> np.round(s.cv, 3)
    array([[0.36 , 0.161],
           [0.   , 0.   ]])

    An indicator every school has 0 of has no CV; ``zero_mean="nan"`` keeps the others:

    >>> weighted_stats([[6.2, 0.0], [3.7, 0.0]], [45, 37], zero_mean="nan").cv.round(3)
    array([0.245,   nan])
    """
    if zero_mean not in ("raise", "nan"):
        raise DataError(message("core.zero_mean_option", value=zero_mean),
                        field="zero_mean", value=zero_mean)
    x = _values(values, labels, ndim=(1, 2))
    w = _weights(weights, x.shape[0], labels)
    if groups is None:
        tot, mean, std = _stats.moments(x, w)
        if zero_mean == "raise":
            _check_mean(mean)
        return WeightedStats(
            groups=None,
            count=np.asarray(x.shape[0], dtype=np.intp),
            total_weight=tot,
            mean=mean,
            std=std,
            cv=_cv(mean, std),
        )
    g = np.asarray(groups)
    if g.ndim != 1 or g.shape[0] != x.shape[0]:
        raise DataError(
            message("core.groups_shape", n=x.shape[0], shape=g.shape),
            field="groups",
        )
    keys, codes = _group_codes(g, labels)
    codes = codes.astype(np.intp, copy=False).reshape(-1)
    tot, mean, std = _stats.grouped_moments(x, w, codes, len(keys))
    wsum = tot if tot.ndim == 1 else tot[:, 0]
    empty = ~(wsum > 0)
    if empty.any():
        k = keys[int(np.argmax(empty))].item()
        raise DataError(message("core.group_empty", group=k),
                        field="weights", value=0.0)
    zero = ~(mean > 0)
    if zero_mean == "raise" and zero.any():
        idx = np.argwhere(zero)[0]
        k = keys[int(idx[0])].item()
        where = (message("core.mean_group_column", group=repr(k), col=int(idx[1]))
                 if mean.ndim == 2 else message("core.mean_group", group=repr(k)))
        raise _zero_mean_error(float(mean[tuple(idx)]), where)
    count = np.bincount(codes, minlength=len(keys)).astype(np.intp)
    return WeightedStats(
        groups=keys, count=count, total_weight=wsum, mean=mean, std=std,
        cv=_cv(mean, std),
    )


def _cv(mean: Float, std: Float) -> Float:
    """``std / mean`` where the mean is positive, ``nan`` where it is not (no CV)."""
    cv = _stats.cv_from(mean, std)
    return np.where(mean > 0, cv, np.nan) if (mean < 0).any() else cv


def _group_codes(g: NDArray[Any], labels: Sequence[str] | None
                 ) -> tuple[NDArray[Any], NDArray[np.intp]]:
    """Sorted group keys and each school's code; a missing or unorderable key is an error."""
    if g.dtype.kind in "fc":
        bad = np.flatnonzero(~np.isfinite(g))
    elif g.dtype == object:
        bad = np.flatnonzero([k is None or (isinstance(k, float) and k != k) for k in g])
    else:
        bad = np.empty(0, dtype=np.intp)
    if bad.size:
        i = int(bad[0])
        raise DataError(message("core.no_group", where=position(i, labels), value=g[i]),
                        school=label_at(i, labels),
                        field="groups", value=None)
    try:
        keys, codes = np.unique(g, return_inverse=True)
    except TypeError:
        kinds = sorted({type(k).__name__ for k in g})
        raise DataError(message("core.group_kinds", kinds=", ".join(kinds)),
                        field="groups") from None
    return keys, codes


def split_shares(pupils: ArrayLike, weights: ArrayLike) -> Float:
    """Shares of a combined school's stocks attributed to each section (学段分摊).

    Long-standing practice splits the whole-school stocks (floor area, sports
    area, equipment value, classrooms) of a combined school by weighted pupil
    counts: one primary pupil : one junior pupil : one senior pupil =
    1 : 1.1 : 1.32, and for a complete middle school junior : senior = 1 : 1.2.
    The weights are data of the standard (:class:`qbalance.SplitWeights`).

    Parameters
    ----------
    pupils : array_like, shape (n, k) or (k,)
        Pupils of each of ``k`` sections for ``n`` schools (0 where absent).
    weights : array_like, shape (k,)
        Pupil weight of each section.

    Returns
    -------
    numpy.ndarray, shape like ``pupils``
        ``w_j P_j / sum_k w_k P_k``; each row sums to 1.

    Raises
    ------
    DataError
        Negative or non-finite pupils or weights, or a school with no pupils.

    Examples
    --------
    A nine-year school with 600 primary and 400 junior pupils: the primary share
    is 600 / (600 + 1.1 x 400).

    >>> from qbalance.core import split_shares
    >>> split_shares([600, 400], [1.0, 1.1]).round(4)
    array([0.5769, 0.4231])
    """
    p = _values(pupils, None, ndim=(1, 2))
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1 or w.shape[0] != p.shape[-1] or not np.all(np.isfinite(w) & (w > 0)):
        raise DataError(message("core.split_weights", n=p.shape[-1], value=w.tolist()),
                        field="weights")
    if (p < 0).any():
        idx = tuple(int(i) for i in np.argwhere(p < 0)[0])
        raise DataError(message("core.pupils_negative", where=list(idx), value=float(p[idx])),
                        field="pupils", value=float(p[idx]))
    wp = p * w
    tot = wp.sum(axis=-1, keepdims=True)
    if (tot <= 0).any():
        i = int(np.argwhere(tot.reshape(-1) <= 0)[0][0])
        raise DataError(message("core.no_pupils", i=i),
                        field="pupils", value=0.0)
    return np.asarray(wp / tot, dtype=np.float64)
