"""Sensitivity of the verdict: who drives each CV, and how close every limit is.

For one indicator and one segment the official difference coefficient
(差异系数, 教督〔2017〕6号) is :math:`CV = S / \\bar{x}` with
:math:`S^2 = \\sum P_i (x_i - \\bar{x})^2 / P`.  This module answers the
questions a county asks after the evaluation:

* **contribution** — school *i*'s share of the weighted variance,
  :math:`c_i = P_i (x_i - \\bar{x})^2 / \\sum_j P_j (x_j - \\bar{x})^2`
  (the shares of one indicator sum to 1);
* **leave-one-out CV** — the CV without school *i*, in closed form: with
  :math:`M = \\sum P_j (x_j - \\bar{x})^2` and :math:`P = \\sum P_j`,
  removing school *i* leaves
  :math:`M_{-i} = M - P_i P (x_i - \\bar{x})^2 / (P - P_i)` over
  :math:`P - P_i` pupils with mean :math:`(P \\bar{x} - P_i x_i)/(P - P_i)`;
* **CV after one change** — the CV when only school *i*'s value moves by
  :math:`\\delta_i`:
  :math:`M' = M + 2 P_i \\delta_i (x_i - \\bar{x}) + P_i \\delta_i^2 (1 - P_i / P)`;
* **headroom** — the distance of every CV from its limit and of every school
  value from its standard and from its 85 % floor, and how many more pupils a
  school could take before an indicator falls below its standard.

All of it is vectorised numpy: one pass per quantity for all schools and all
indicators, no recomputation loop.

>>> from qbalance import example_county, sensitivity
>>> sens = sensitivity(example_county())
>>> primary = sens.segment("primary")
>>> [s.school_id for s in primary.fix_first(2)]
['P08', 'P09']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from qbalance._messages import check_lang, message
from qbalance.vocab import Lang
from qbalance._result import ResultMixin
from qbalance._frozen import freeze_arrays
from qbalance import _stats
from qbalance.core import _values, _weights
from qbalance.errors import DataError
from qbalance.models import County, Segment
from qbalance.evaluate.resources import ResourceEvaluation, SegmentResult, evaluate_resources
from qbalance.standard import as_standard, Standard, load_standard

__all__ = [
    "FixPriority",
    "SegmentSensitivity",
    "Sensitivity",
    "cv_after_change",
    "leave_one_out_cv",
    "sensitivity",
    "variance_shares",
]

from qbalance._types import Float as Float  # the one set of aliases


#: Below this fraction of the original sum of squares an update formula has lost
#: too many digits to cancellation; the few entries concerned are recomputed.
_CANCEL = 1e-6


def _exact_cv(x: Float, w: Float) -> float:
    _, mean, std = _stats.moments(x, w)
    return float(std / mean) if mean > 0 else float("nan")


def _prepare(values: ArrayLike, weights: ArrayLike,
             labels: Sequence[str] | None) -> tuple[Float, Float, Float, Float, Float]:
    """Validated x (n,k-or-n), w broadcast, total W, mean, M = sum w d**2."""
    x = _values(values, labels, ndim=(1, 2))
    w = _weights(weights, x.shape[0], labels)
    total, mean, std = _stats.moments(x, w)
    wb = w if x.ndim == 1 else w[:, None]
    m2 = std * std * total
    return x, wb, total, mean, m2


def variance_shares(
    values: ArrayLike, weights: ArrayLike, *, labels: Sequence[str] | None = None
) -> Float:
    """Each school's share of the student-weighted variance (方差贡献份额).

    Parameters
    ----------
    values : array_like, shape (n,) or (n, k)
        Indicator values of ``n`` schools (``k`` indicators).
    weights : array_like, shape (n,)
        Pupils of each school.
    labels : sequence of str, optional
        School names for error messages.

    Returns
    -------
    numpy.ndarray, shape like ``values``
        :math:`P_i (x_i - \\bar{x})^2 / \\sum_j P_j (x_j - \\bar{x})^2`; each
        column sums to 1.  A column whose schools are all equal (no variance)
        has shares 0.

    Examples
    --------
    Five primary schools, books per pupil (provincial guidance example; CV 0.515):
    the school far above the mean (10.5 books) and the one far below it (2.1)
    carry nearly all of the variance.

    >>> from qbalance.evaluate.sensitivity import variance_shares
    >>> pupils = [45, 37, 89, 76, 55]
    >>> books = [279, 137, 935, 160, 402]
    >>> variance_shares([b / p for b, p in zip(books, pupils)], pupils).round(3)
    array([0.   , 0.08 , 0.481, 0.423, 0.016])
    """
    x, wb, _, mean, m2 = _prepare(values, weights, labels)
    dev = x - mean
    terms = wb * dev * dev
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(m2 > 0, terms / np.where(m2 > 0, m2, 1.0), 0.0)
    return np.asarray(out, dtype=np.float64)


def leave_one_out_cv(
    values: ArrayLike, weights: ArrayLike, *, labels: Sequence[str] | None = None
) -> Float:
    """The CV of the other schools when each school in turn is left out.

    Closed form (no recomputation per school): removing school *i* from a
    population with total weight :math:`P`, mean :math:`\\bar{x}` and
    :math:`M = \\sum P_j (x_j - \\bar{x})^2` leaves
    :math:`M_{-i} = M - P_i P (x_i - \\bar{x})^2 / (P - P_i)`.  Where school
    *i* carries practically all of the variance (:math:`M_{-i} < 10^{-6} M`)
    the subtraction loses digits, and those few entries are recomputed in two
    passes.

    Parameters
    ----------
    values : array_like, shape (n,) or (n, k)
        Indicator values.
    weights : array_like, shape (n,)
        Pupils.
    labels : sequence of str, optional
        School names for error messages.

    Returns
    -------
    numpy.ndarray, shape like ``values``
        Leave-one-out coefficients of variation; ``nan`` where nothing is left
        (a single school, or all other schools have no pupils) or the remaining
        mean is not positive.

    Examples
    --------
    >>> from qbalance import weighted_cv
    >>> from qbalance.evaluate.sensitivity import leave_one_out_cv
    >>> pupils = [45, 37, 89, 76, 55]
    >>> x = [b / p for b, p in zip([279, 137, 935, 160, 402], pupils)]
    >>> round(float(leave_one_out_cv(x, pupils)[2]), 6)
    0.476978
    >>> round(weighted_cv(x[:2] + x[3:], pupils[:2] + pupils[3:]), 6)
    0.476978
    """
    x, wb, total, mean, m2 = _prepare(values, weights, labels)
    rest = total - wb
    dev = x - mean
    with np.errstate(invalid="ignore", divide="ignore"):
        m2_rest = m2 - wb * total * dev * dev / rest
        mean_rest = (total * mean - wb * x) / rest
        cv = np.sqrt(np.maximum(m2_rest, 0.0) / rest) / mean_rest
    bad = ~(rest > 0) | ~(mean_rest > 0)
    cv = np.where(bad, np.nan, cv)
    # Where school i carries practically all of the variance the subtraction
    # cancels; recompute those few entries in two passes.
    redo = ~bad & (m2_rest < _CANCEL * m2)
    if redo.any():
        x2 = x if x.ndim == 2 else x[:, None]
        w = wb if wb.ndim == 1 else wb[:, 0]
        cv2 = cv if cv.ndim == 2 else cv[:, None]
        for i, j in np.argwhere(redo if redo.ndim == 2 else redo[:, None]):
            keep = np.arange(x2.shape[0]) != i
            cv2[i, j] = _exact_cv(x2[keep, j], w[keep])
        cv = cv2 if cv.ndim == 2 else cv2[:, 0]
    return np.asarray(cv, dtype=np.float64)


def cv_after_change(
    values: ArrayLike, weights: ArrayLike, delta: ArrayLike, *,
    labels: Sequence[str] | None = None,
) -> Float:
    """The CV if school *i* alone changed its value by ``delta[i]`` (one school at a time).

    Closed form: :math:`M' = M + 2 P_i \\delta_i (x_i - \\bar{x}) +
    P_i \\delta_i^2 (1 - P_i/P)` and :math:`\\bar{x}' = \\bar{x} + P_i \\delta_i / P`.

    Parameters
    ----------
    values : array_like, shape (n,) or (n, k)
        Indicator values.
    weights : array_like, shape (n,)
        Pupils.
    delta : array_like, shape like ``values``
        Change of each school's value, considered separately.
    labels : sequence of str, optional
        School names for error messages.

    Returns
    -------
    numpy.ndarray, shape like ``values``
        The county CV after each single change (``nan`` where the new mean is
        not positive).

    Examples
    --------
    Raising the poorest school (37 pupils, 3.7 books each) by 2.6 books per pupil:

    >>> from qbalance import weighted_cv
    >>> from qbalance.evaluate.sensitivity import cv_after_change
    >>> pupils = [45, 37, 89, 76, 55]
    >>> x = [b / p for b, p in zip([279, 137, 935, 160, 402], pupils)]
    >>> d = [0, 2.6, 0, 0, 0]
    >>> round(float(cv_after_change(x, pupils, d)[1]), 6)
    0.468203
    >>> round(weighted_cv([a + b for a, b in zip(x, d)], pupils), 6)
    0.468203
    """
    x, wb, total, mean, m2 = _prepare(values, weights, labels)
    d = np.asarray(delta, dtype=np.float64)
    if d.shape != x.shape or not np.all(np.isfinite(d)):
        raise DataError(message("sensitivity.delta_shape", want=x.shape, got=d.shape),
                        field="delta")
    dev = x - mean
    cross = 2 * wb * d * dev
    new_m2 = m2 + cross + wb * d * d * (1 - wb / total)
    new_mean = mean + wb * d / total
    with np.errstate(invalid="ignore", divide="ignore"):
        cv = np.sqrt(np.maximum(new_m2, 0.0) / total) / new_mean
    cv = np.where(new_mean > 0, cv, np.nan)
    # A change that removes practically all of the variance cancels; redo it exactly.
    redo = (new_mean > 0) & (new_m2 < _CANCEL * (m2 + np.abs(cross)))
    if redo.any():
        x2 = x if x.ndim == 2 else x[:, None]
        d2 = d if d.ndim == 2 else d[:, None]
        w = wb if wb.ndim == 1 else wb[:, 0]
        cv2 = cv if cv.ndim == 2 else cv[:, None]
        for i, j in np.argwhere(redo if redo.ndim == 2 else redo[:, None]):
            col = x2[:, j].copy()
            col[i] += d2[i, j]
            cv2[i, j] = _exact_cv(col, w)
        cv = cv2 if cv.ndim == 2 else cv2[:, 0]
    return np.asarray(cv, dtype=np.float64)


@attrs.frozen(slots=True, kw_only=True)
class FixPriority:
    """One school in the "fix first" ranking of a segment.

    Attributes
    ----------
    school_id, name : str
        The school.
    fails_rule : bool
        The school fails the per-school rule (at least 6 of 7, rest ≥ 85 %).
    unmet : tuple of str
        Indicators below their standard.
    below_floor : tuple of str
        Indicators below the floor (85 % of the standard).
    composite_gain : float
        How much the segment's composite CV falls if this school alone is raised
        to the county mean on every indicator where it is below the mean.
    largest_share : tuple of (str, float)
        The indicator where the school carries the largest share of the variance
        while being below the mean, and that share (``("", 0.0)`` if none).
    """

    school_id: str
    name: str
    fails_rule: bool
    unmet: tuple[str, ...]
    below_floor: tuple[str, ...]
    composite_gain: float
    largest_share: tuple[str, float]


@attrs.frozen(slots=True, eq=False, repr=False, kw_only=True)
class SegmentSensitivity(ResultMixin):
    """Contributions and headroom for one segment (arrays: schools x indicators).

    Attributes
    ----------
    segment : Segment
        小学 or 初中.
    codes : tuple of str
        Indicator codes (columns).
    school_ids, names : tuple of str
        Schools (rows), in the order of the evaluation.
    pupils : numpy.ndarray, shape (n,)
        Pupils of each school in this segment.
    values : numpy.ndarray, shape (n, k)
        Indicator values (as evaluated: split shares applied).
    thresholds, floors : numpy.ndarray, shape (k,)
        Standard value of each indicator and the floor (85 % of it).
    mean, cv, cv_limit : numpy.ndarray, shape (k,)
        County mean, CV and CV limit of each indicator.
    share : numpy.ndarray, shape (n, k)
        Share of each school in each indicator's weighted variance.
    loo_cv : numpy.ndarray, shape (n, k)
        CV of each indicator with the school left out.
    cv_at_mean : numpy.ndarray, shape (n, k)
        CV if the school alone were raised to the county mean (unchanged when
        it is already at or above the mean).
    met_slack : numpy.ndarray, shape (n,)
        Indicators met minus indicators required (negative: fails).
    met, below_floor : numpy.ndarray of bool, shape (n, k)
        The evaluation's per-school verdicts, decided exactly (no slack): the school
        meets the indicator's standard; it is below the 85 % floor.
    failing : numpy.ndarray of bool, shape (n,)
        School fails the per-school rule.
    composite_cv : float
        Mean of the indicator CVs.
    composite_cv_limit : float or None
        Limit on the composite CV, when the standard sets one.
    """

    segment: Segment
    codes: tuple[str, ...]
    school_ids: tuple[str, ...]
    names: tuple[str, ...]
    pupils: Float
    values: Float
    thresholds: Float
    floors: Float
    mean: Float
    cv: Float
    cv_limit: Float
    share: Float
    loo_cv: Float
    cv_at_mean: Float
    met_slack: NDArray[np.int64]
    met: NDArray[np.bool_]
    below_floor: NDArray[np.bool_]
    failing: NDArray[np.bool_]
    composite_cv: float
    composite_cv_limit: float | None

    def __attrs_post_init__(self) -> None:
        freeze_arrays(self)

    @property
    def cv_headroom(self) -> Float:
        """``cv_limit - cv`` per indicator (negative: the limit is exceeded)."""
        return np.asarray(self.cv_limit - self.cv, dtype=np.float64)

    @property
    def composite_headroom(self) -> float | None:
        """``composite_cv_limit - composite_cv`` (``None`` without a composite limit)."""
        if self.composite_cv_limit is None:
            return None
        return self.composite_cv_limit - self.composite_cv

    @property
    def value_headroom(self) -> Float:
        """``value / threshold - 1`` per school and indicator (negative: not met)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(self.values / self.thresholds - 1.0, dtype=np.float64)

    @property
    def floor_headroom(self) -> Float:
        """``value / floor - 1``: distance from the 85 % floor (negative: below it)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(self.values / self.floors - 1.0, dtype=np.float64)

    @property
    def pupil_headroom(self) -> Float:
        """Extra pupils each school could take before each indicator drops below its
        standard, resources unchanged (negative: pupils to lose to meet it).

        The value is resource / pupils, so it stays at or above the threshold
        while pupils ≤ value x pupils / threshold.
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            cap = self.values * self.pupils[:, None] / self.thresholds
        return np.asarray(cap - self.pupils[:, None], dtype=np.float64)

    def fix_first(self, n: int | None = None) -> tuple[FixPriority, ...]:
        """Schools ranked by what to fix first.

        Schools failing the per-school rule come first (most indicators below
        the floor, then most unmet), then the others by how much raising the
        school to the county mean would lower the composite CV.  "Unmet" and
        "below the floor" are the evaluation's own verdicts, decided exactly
        (教督〔2017〕6号 article 7 compares without tolerance): a value a hair
        below its standard is unmet here as in :func:`~qbalance.evaluate_resources`.

        Parameters
        ----------
        n : int, optional
            Keep the first ``n`` schools (default: every school).

        Returns
        -------
        tuple of FixPriority
            The schools in ranking order.
        """
        below_mean = self.values < self.mean
        gain_cv = np.where(below_mean, self.cv - self.cv_at_mean, 0.0)
        comp_gain = gain_cv.mean(axis=1)
        share_bm = np.where(below_mean, self.share, 0.0)
        # the evaluation's exact verdicts: a value within rounding of its standard is
        # judged as evaluate_resources judges it, never with a slack
        unmet = ~self.met
        below = unmet & self.below_floor
        order = np.lexsort((-comp_gain, -unmet.sum(axis=1), -below.sum(axis=1),
                            ~self.failing))
        out = []
        for i in order[: n if n is not None else len(order)]:
            j = int(np.argmax(share_bm[i]))
            top = (self.codes[j], float(share_bm[i, j])) if share_bm[i, j] > 0 else ("", 0.0)
            out.append(FixPriority(
                school_id=self.school_ids[i], name=self.names[i],
                fails_rule=bool(self.failing[i]),
                unmet=tuple(c for c, u in zip(self.codes, unmet[i], strict=True) if u),
                below_floor=tuple(c for c, b in zip(self.codes, below[i], strict=True) if b),
                composite_gain=float(comp_gain[i]), largest_share=top))
        return tuple(out)

    def contributions(self, code: str) -> list[tuple[str, float, float]]:
        """``(school_id, share, leave-one-out CV)`` for indicator ``code``, largest share first.

        Parameters
        ----------
        code : str
            An indicator code of :attr:`codes`, e.g. ``"R5"``.

        Returns
        -------
        list of (str, float, float)
            One tuple per school: its id, its share of the indicator's weighted
            variance (a fraction; the shares sum to 1 unless all schools are equal)
            and the indicator's CV without the school; ties keep the evaluation
            order.

        Raises
        ------
        ValueError
            ``code`` is not one of :attr:`codes`.
        """
        j = self.codes.index(code)
        order = np.argsort(-self.share[:, j], kind="stable")
        return [(self.school_ids[i], float(self.share[i, j]), float(self.loo_cv[i, j]))
                for i in order]

    def _frame_rows(self, lang: Lang) -> list[dict[str, Any]]:
        """One row per indicator: CV, limit, headroom and the school of the largest share
        of the variance (its share and the CV without it)."""
        rows = []
        for j, c in enumerate(self.codes):
            i = int(np.argmax(self.share[:, j])) if len(self.school_ids) else -1
            rows.append({
                "segment": self.segment.value, "code": c, "cv": float(self.cv[j]), "cv_limit": float(self.cv_limit[j]),
                "headroom": float(self.cv_headroom[j]),
                "top_school": self.school_ids[i] if i >= 0 else "",
                "top_share": float(self.share[i, j]) if i >= 0 else 0.0,
                "cv_without_top": float(self.loo_cv[i, j]) if i >= 0 else float("nan")})
        return rows

    def summary(self, lang: Lang = "zh", top: int = 5) -> str:
        """Headroom of each indicator and the schools to fix first, as text.

        Parameters
        ----------
        lang : {"zh", "en"}
            Language (Chinese by default).
        top : int
            Number of schools listed under "fix first" (see :meth:`fix_first`).

        Returns
        -------
        str
            A table with, per indicator, the CV, its limit and headroom, the school
            with the largest share of the variance, that share (in percent) and the
            CV without it; the composite CV when the standard limits it; then the
            first ``top`` schools to fix.
        """
        lang = check_lang(lang)
        from qbalance.report import render_text

        return render_text(self, lang, top=top)

@attrs.frozen(slots=True, eq=False, repr=False)
class Sensitivity(ResultMixin):
    """Result of :func:`sensitivity`: one :class:`SegmentSensitivity` per segment.

    Attributes
    ----------
    county : str
        The county's name.
    standard_id : str
        Id of the standard of the evaluation.
    segments : tuple of SegmentSensitivity
        One per evaluated segment, in the evaluation's order.
    evaluation : ResourceEvaluation
        The evaluation the figures come from.
    """

    county: str
    standard_id: str
    segments: tuple[SegmentSensitivity, ...]
    evaluation: ResourceEvaluation

    def segment(self, segment: Segment | str) -> SegmentSensitivity:
        """The sensitivity of ``segment``.

        Parameters
        ----------
        segment : Segment or str
            ``"primary"`` or ``"junior"``.

        Returns
        -------
        SegmentSensitivity

        Raises
        ------
        KeyError
            The segment was not evaluated.
        """
        seg = Segment(segment)
        for s in self.segments:
            if s.segment is seg:
                return s
        raise KeyError(seg.value)

    def _frame_rows(self, lang: Lang) -> list[dict[str, Any]]:
        """The rows of every segment's frame (:meth:`SegmentSensitivity.to_frame`)."""
        return [row for s in self.segments for row in s._frame_rows(lang)]

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the evaluation and, per segment, every array as lists.

        Returns
        -------
        dict
            ``county``, ``standard_id``, ``evaluation``
            (:meth:`ResourceEvaluation.to_dict`) and ``segments`` (the fields of each
            :class:`SegmentSensitivity`; a figure that is not a number is ``null``).
        """
        from qbalance._result import plain_data

        def nan_free(v: Any) -> Any:
            if isinstance(v, float) and v != v:
                return None
            if isinstance(v, list):
                return [nan_free(x) for x in v]
            return v

        return {"county": self.county, "standard_id": self.standard_id,
                "evaluation": self.evaluation.to_dict(),
                "segments": [{k: nan_free(v) for k, v in plain_data(s).items()}
                             for s in self.segments]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Sensitivity:
        """Rebuild a sensitivity from :meth:`to_dict` data (e.g. a file of
        :func:`qbalance.io.save_result`); equal to the original.

        The evaluation is rebuilt and every segment's figures recomputed from it with
        the standard's floors and per-school rule, then checked against the stored ones.

        Parameters
        ----------
        data : mapping
            The output of :meth:`to_dict`, or its JSON parsed.

        Returns
        -------
        Sensitivity

        Raises
        ------
        DataError
            A field is missing or invalid, the standard is not a shipped one, or a
            stored figure disagrees with the evaluation; the error names the field.
        """
        from qbalance.io.results import check_stored, structure

        if not isinstance(data, Mapping) or "evaluation" not in data:
            raise DataError(message("json.missing", field="$.evaluation"), field="$.evaluation")
        ev = structure(ResourceEvaluation, data["evaluation"], "$.evaluation")
        try:
            std = load_standard(ev.standard_id)
        except Exception as exc:
            raise DataError(message("sensitivity.not_shipped", field="$.standard_id",
                                    standard=ev.standard_id), field="$.standard_id",
                            value=ev.standard_id) from exc
        out = sensitivity(ev, std)
        check_stored(data, out.to_dict())
        return out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sensitivity):
            return NotImplemented
        return self.evaluation == other.evaluation

    def __hash__(self) -> int:
        return hash((self.county, self.standard_id))

    def summary(self, lang: Lang = "zh", top: int = 5) -> str:
        """All segments as text.

        Parameters
        ----------
        lang : {"zh", "en"}
            Language (Chinese by default).
        top : int
            Schools listed under "fix first" in each segment.

        Returns
        -------
        str
            A title line, then :meth:`SegmentSensitivity.summary` of every segment.
        """
        lang = check_lang(lang)
        from qbalance.report import render_text

        return render_text(self, lang, top=top)

    def __str__(self) -> str:
        return self.summary("zh")


def _segment_sensitivity(seg: SegmentResult, floors: Float, min_met: int) -> SegmentSensitivity:
    values = np.array([s.values for s in seg.schools], dtype=np.float64)
    pupils = np.array([s.pupils for s in seg.schools], dtype=np.float64)
    thr = np.array([i.threshold for i in seg.indicators], dtype=np.float64)
    labels = [s.name for s in seg.schools]
    _, mean, std = _stats.moments(values, pupils)
    delta = np.maximum(mean - values, 0.0)
    met = np.array([s.met for s in seg.schools], dtype=bool).reshape(values.shape)
    return SegmentSensitivity(
        segment=seg.segment,
        codes=seg.schools[0].codes if seg.schools else (),
        school_ids=tuple(s.school_id for s in seg.schools),
        names=tuple(labels),
        pupils=pupils,
        values=values,
        thresholds=thr,
        floors=thr * floors,
        mean=mean,
        cv=np.array([i.cv for i in seg.indicators], dtype=np.float64),
        cv_limit=np.array([i.cv_limit for i in seg.indicators], dtype=np.float64),
        share=variance_shares(values, pupils, labels=labels),
        loo_cv=leave_one_out_cv(values, pupils, labels=labels),
        cv_at_mean=cv_after_change(values, pupils, delta, labels=labels),
        met_slack=met.sum(axis=1).astype(np.int64) - min_met,
        met=met,
        below_floor=np.array([s.below_floor for s in seg.schools], dtype=bool).reshape(
            met.shape),
        failing=np.array([not s.passed for s in seg.schools], dtype=bool),
        composite_cv=seg.composite_cv,
        composite_cv_limit=seg.composite_cv_limit,
    )


def sensitivity(
    county: County | ResourceEvaluation,
    standard: Standard | str | None = None,
) -> Sensitivity:
    """Per-school contributions, leave-one-out CVs, headroom and fix-first ranking.

    Parameters
    ----------
    county : County or ResourceEvaluation
        The county (evaluated with ``standard``), or an evaluation already made.
    standard : Standard or str, optional
        The rules (default national 2017).  With an evaluation, it must be the
        standard the evaluation used (only its floors and per-school rule are read).

    Returns
    -------
    Sensitivity

    Raises
    ------
    DataError
        ``county`` is neither a County nor a ResourceEvaluation, or the
        evaluation was made with another standard than ``standard``.

    Examples
    --------
    The bundled example county passes every CV with a wide margin; two village
    schools fail the per-school rule and head the ranking:

    >>> from qbalance import example_county, sensitivity
    >>> sens = sensitivity(example_county())
    >>> p = sens.segment("primary")
    >>> bool((p.cv_headroom > 0.3).all())
    True
    >>> first = p.fix_first(1)[0]
    >>> first.school_id, first.unmet, first.below_floor
    ('P08', ('R5', 'R6'), ('R5',))
    """
    std = as_standard(standard)
    std.require_2017_form("sensitivity")
    if isinstance(county, County):
        ev = evaluate_resources(county, std)
    elif isinstance(county, ResourceEvaluation):
        ev = county
        if ev.standard_id != std.id:
            raise DataError(message("sensitivity.other_standard", used=ev.standard_id,
                                    given=std.id), field="standard",
                            value=std.id)
    else:
        raise DataError(message("sensitivity.county_type", type=type(county).__name__),
                        field="county")
    floors = np.array([s.floor_fraction for s in std.indicators], dtype=np.float64)
    segs = tuple(_segment_sensitivity(s, floors, std.require_school_rule().min_met) for s in ev.segments)
    return Sensitivity(county=ev.county, standard_id=ev.standard_id, segments=segs,
                       evaluation=ev)
