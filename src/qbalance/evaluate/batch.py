"""National-scale evaluation: every county's resource allocation (资源配置) in one call.

:func:`evaluate_batch` takes the schools of many counties (and years) at once as
columns — a mapping of column name to array, or a pandas DataFrame — and
returns, for every county and segment, the 7 student-weighted means, the 7
inter-school coefficients of variation (校际差异系数), the composite
coefficient (综合差异系数) and the pass flags, plus every school's compliance
with the per-school rule.  It applies exactly the rules of
:func:`qbalance.evaluate_resources` (教督〔2017〕6号 articles 6–7), all read from
the :class:`~qbalance.Standard`: scope exclusions, the split of combined
schools' stocks by weighted pupils, thresholds, the per-school rule and the CV
limits.

It is a **second implementation** of those rules, written for speed: the
single-county path (:func:`qbalance.evaluate_resources`, whose means and CVs are
those of the public :func:`qbalance.weighted_stats`) is the reference, and ``tests/evaluate/test_batch.py`` keeps the two equal — the figures to a
relative 1e-12, every verdict, count and flag identical — on the example county,
on synthetic counties, on random data (hypothesis) and at exact ties.  A change to a rule is
made in both, and that test says whether they still agree.

The computation is vectorised over schools *and* counties: group keys become
group boundaries without sorting when the rows come grouped (or through a lookup
table when the keys are integers in a modest range), schools are gathered once
into a contiguous ``(indicator, school)`` float64 block ordered by segment and
county, and every grouped sum is one ``numpy.add.reduceat`` over runs of that
block.  The block is filled in tiles of whole counties (about 32,768
school-segments) that stay in cache while all indicators run over them, written
straight into the result arrays; a county segment is never split, so the result
does not depend on the tiling.  The variance takes two passes: the county means first, then the
weighted squared deviations from them (the compensation term of
:mod:`qbalance._stats` is of relative size (ε/CV)² once the mean is accurate to
a few ulps, and is left out).  Python code runs per indicator and per segment,
and per county only for counties that have a problem to report.

A county whose data is bad (a negative count, an unknown school kind, a value
outside the plausible range …) is reported with its key in
:attr:`BatchEvaluation.problems` and gets status ``"invalid"``; the other
counties are still evaluated.  A segment with no school in scope gets status
``"empty"``: where :func:`~qbalance.evaluate_resources` raises for one county,
the batch records a status and goes on.  A segment where every school has 0 of
an indicator gets status ``"zero_mean"``: it is evaluated like any other, that
indicator's CV is undefined (``nan``) and it fails, as in
:func:`~qbalance.evaluate_resources`, and its problem says so in the same words.  A segment the county does not evaluate
(:attr:`County.segments`, given as the optional boolean columns
``primary_evaluated`` / ``junior_evaluated``) gets status ``"not_evaluated"``
and does not count in the county's verdict.

Comparisons are exact, as in the single-county evaluation: floats decide, and
every comparison within :data:`qbalance._exact.TIE_RTOL` of its bound (a school
value at its standard or floor, a CV at its limit, a composite at its limit) is
re-decided in rational arithmetic from the decimal inputs, so the batch and
:func:`~qbalance.evaluate_resources` agree on every tie.

The input is validated like :class:`~qbalance.School` (counts are whole numbers
>= 0, stocks finite and >= 0, the sections present fit the kind) except for one
rule: school ids only name schools in messages, and their uniqueness within a
county is not checked.  One ``segments`` choice applies to every county.

Input columns (one row per school; counts may be integer or float arrays)::

    county                  county key (e.g. 6-digit administrative code)
    year                    optional second key (pass ``year="year"``)
    school_id               optional, used to name schools in messages
    kind                    SchoolKind value ("primary" …) or its KIND_CODES integer
    private                 optional bool (default False)
    primary_evaluated, junior_evaluated   optional bool (default True): the county
                            evaluates this segment (County.segments); a county
                            segment is evaluated when any of its rows says so
    primary_pupils, junior_pupils, senior_pupils   (0 = the school has no such section)
    primary_teachers_above_degree, primary_backbone_teachers, primary_pe_art_teachers
    junior_teachers_above_degree,  junior_backbone_teachers,  junior_pe_art_teachers
    teaching_area_m2, sports_area_m2, equipment_value_yuan, multimedia_classrooms

Examples
--------
The bundled example county, evaluated as a batch, gives the same CVs as the
single-county evaluation:

>>> from qbalance import evaluate_batch, evaluate_resources
>>> from qbalance.evaluate.batch import columns_from_counties
>>> from qbalance import example_county
>>> county = example_county()
>>> batch = evaluate_batch(columns_from_counties([county]), year="year")
>>> single = evaluate_resources(county)
>>> batch.county.tolist(), batch.status.tolist()
(['示例县'], [['ok', 'ok']])
>>> round(float(batch.cv[0, 0, 3]), 12) == round(single.segment("primary").indicator("R4").cv, 12)
True
>>> bool(batch.passed[0]) == single.passed
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from qbalance._messages import check_lang, message
from qbalance.vocab import Lang
from qbalance import _exact
from qbalance._result import ResultMixin
from qbalance._batch_files import read_batch_table
from qbalance._frozen import freeze_arrays
from qbalance._messages import message
from qbalance.errors import DataError, MissingDependencyError
from qbalance.evaluate.resources import zero_mean_text
from qbalance.models import County, School, SchoolKind, Segment, parse_segments
from qbalance.standard import as_standard, SEGMENT_FIELDS, Standard, load_standard

__all__ = [
    "BATCH_COLUMNS",
    "EXCLUSION_REASONS",
    "KIND_CODES",
    "STATUSES",
    "BatchEvaluation",
    "BatchProblem",
    "columns_from_counties",
    "counties_from_columns",
    "evaluate_batch",
    "read_batch_table",
]

from qbalance._types import Float as Float, Int as Int, Bool as Bool  # the one set of aliases

#: Integer code of every school kind in the ``kind`` column (the fastest input form).
KIND_CODES: Mapping[SchoolKind, int] = {k: i for i, k in enumerate(SchoolKind)}
_KINDS: tuple[SchoolKind, ...] = tuple(SchoolKind)

#: Status of a county (or county segment): evaluated, no school in scope, an
#: indicator whose weighted mean is zero (CV undefined, the indicator fails), bad
#: data, or a segment the county does not evaluate (not part of its verdict).
STATUSES: tuple[str, ...] = ("ok", "empty", "zero_mean", "invalid", "not_evaluated")

#: Codes of :attr:`BatchEvaluation.exclusion`: in scope, then the reasons of
#: :class:`qbalance.Exclusion`.
EXCLUSION_REASONS: tuple[str, ...] = ("", "special", "small_teaching_point", "private",
                                      "vocational")

_STOCK_FIELDS = ("teaching_area_m2", "sports_area_m2", "equipment_value_yuan",
                 "multimedia_classrooms")
_TEACHER_FIELDS = ("teachers_above_degree", "backbone_teachers", "pe_art_teachers")
_PUPILS = ("primary_pupils", "junior_pupils", "senior_pupils")
_COUNT_STOCKS = frozenset({"multimedia_classrooms"})

#: Every data column :func:`evaluate_batch` reads (besides the keys and ``school_id``).
BATCH_COLUMNS: tuple[str, ...] = (
    "kind", "private", *_PUPILS,
    *(f"{seg.value}_{f}" for seg in Segment for f in _TEACHER_FIELDS),
    *_STOCK_FIELDS,
)

# Which sections each kind must have (1), must not have (0) or may have (-1):
# primary, junior, senior.  Mirrors the validation of qbalance.School.
_NEED = np.array([
    {SchoolKind.PRIMARY: (1, 0, 0), SchoolKind.JUNIOR: (0, 1, 0),
     SchoolKind.NINE_YEAR: (1, 1, 0), SchoolKind.TWELVE_YEAR: (1, 1, 1),
     SchoolKind.COMPLETE_MIDDLE: (0, 1, 1), SchoolKind.TEACHING_POINT: (1, 0, 0),
     SchoolKind.SPECIAL: (-1, -1, -1), SchoolKind.SENIOR_WITH_JUNIOR: (0, 1, 1),
     SchoolKind.VOCATIONAL: (-1, -1, -1)}[k] for k in _KINDS
], dtype=np.int8)

# The same as one lookup: entry ``8 * (kind code + 1) + 4 * primary + 2 * junior + senior``
# (sections present) is True where the sections do not fit the kind (an unknown kind,
# code -1, never fits).
_MISMATCH_OFFSET = 8
_MISMATCH = np.ones(8 * (len(_KINDS) + 1), dtype=np.bool_)
for _k in range(len(_KINDS)):
    for _bits in range(8):
        _present = ((_bits >> 2) & 1, (_bits >> 1) & 1, _bits & 1)
        _MISMATCH[8 * (_k + 1) + _bits] = any(
            (_NEED[_k, _sec] == 1 and not _present[_sec])
            or (_NEED[_k, _sec] == 0 and _present[_sec]) for _sec in range(3))
del _k, _bits, _present


@attrs.frozen(slots=True, kw_only=True)
class BatchProblem:
    """Why a county (or one of its segments) has no regular result.

    Attributes
    ----------
    county : object
        The county key.
    year : object or None
        The year key, when the batch has one.
    segment : Segment or None
        The segment concerned; ``None`` when the whole county is invalid.
    status : str
        ``"invalid"``, ``"empty"`` or ``"zero_mean"``.
    message : str
        What is wrong, naming school, field and value where there is one.
    school, field : str or None
        The school (id) and field (column) concerned.
    value : object
        The offending value.
    """

    county: Any
    year: Any
    segment: Segment | None
    status: str
    message: str
    school: str | None = None
    field: str | None = None
    value: Any = None

    def __str__(self) -> str:
        key = f"{self.county}" + ("" if self.year is None else f" ({self.year})")
        seg = "" if self.segment is None else f" {self.segment.value}"
        return f"county {key}{seg}: {self.status}: {self.message}"


@attrs.frozen(slots=True, eq=False, repr=False, kw_only=True)
class BatchEvaluation(ResultMixin):
    """Result of :func:`evaluate_batch`: arrays over counties, segments, indicators.

    ``G`` counties (county–year groups, in sorted key order), ``S`` segments,
    ``K`` indicators, ``M`` evaluated school-segment rows.  Values of groups whose
    status is neither ``"ok"`` nor ``"zero_mean"`` are ``nan`` (means, CVs) or
    ``False`` (flags); in a ``"zero_mean"`` segment only the CVs of the indicators
    with mean 0 are ``nan`` (and fail).

    Attributes
    ----------
    standard_id : str
        The standard applied.
    segments : tuple of Segment
        Segments, in the order of axis 1.
    codes : tuple of str
        Indicator codes, in the order of the last axis.
    county, year : numpy.ndarray
        Group keys, shape ``(G,)``; ``year`` is ``None`` without a year key.
    status : numpy.ndarray of str, shape (G, S)
        One of :data:`STATUSES` per county and segment.
    n_schools : numpy.ndarray of int, shape (G, S)
        Schools evaluated (in scope, with pupils in the segment).
    pupils : numpy.ndarray, shape (G, S)
        Pupils of those schools.
    mean, std, cv : numpy.ndarray, shape (G, S, K)
        Student-weighted mean, standard deviation and coefficient of variation.
    composite_cv : numpy.ndarray, shape (G, S)
        Mean of the indicator CVs (综合差异系数).
    cv_limit : numpy.ndarray, shape (S, K)
        Limits from the standard.
    composite_cv_limit : numpy.ndarray, shape (S,)
        Composite limit, ``nan`` where the standard sets none.
    cv_passed : numpy.ndarray of bool, shape (G, S, K)
        ``cv <= cv_limit``, decided exactly (near-ties in rational arithmetic).
    composite_cv_passed : numpy.ndarray of bool, shape (G, S)
        Composite within its limit, decided exactly (``True`` when there is none).
    schools_met : numpy.ndarray of int, shape (G, S, K)
        Schools meeting each indicator's threshold.
    n_failing : numpy.ndarray of int, shape (G, S)
        Schools failing the per-school rule.
    segment_passed : numpy.ndarray of bool, shape (G, S)
        Status ok, every CV within its limit and no failing school.
    passed : numpy.ndarray of bool, shape (G,)
        Every evaluated segment passed (segments with status ``"not_evaluated"``
        do not count; a county with no evaluated segment does not pass).
    problems : tuple of BatchProblem
        One entry per county or county segment whose status is not ``"ok"``.
    exclusion : numpy.ndarray of int8, shape (N,)
        Per input row: index into :data:`EXCLUSION_REASONS` (0 = in scope).
    school_row, school_group, school_segment : numpy.ndarray of int, shape (M,)
        For each evaluated school-segment: input row, group index, segment index.
    school_values : numpy.ndarray, shape (M, K)
        Indicator values of each school-segment.
    school_met, school_below_floor : numpy.ndarray of bool, shape (M, K)
        Threshold met; below ``floor_fraction`` of the threshold.
    school_passed : numpy.ndarray of bool, shape (M,)
        The per-school rule holds.
    school_share : numpy.ndarray, shape (M,)
        Share of the whole-school stocks given to the segment (1.0 if not split).
    school_ids : numpy.ndarray or None
        The ``school_id`` input column, when given.
    """

    standard_id: str
    segments: tuple[Segment, ...]
    codes: tuple[str, ...]
    county: NDArray[Any]
    year: NDArray[Any] | None
    status: NDArray[np.str_]
    n_schools: Int
    pupils: Float
    mean: Float
    std: Float
    cv: Float
    composite_cv: Float
    cv_limit: Float
    composite_cv_limit: Float
    cv_passed: Bool
    composite_cv_passed: Bool
    schools_met: Int
    n_failing: Int
    segment_passed: Bool
    passed: Bool
    problems: tuple[BatchProblem, ...]
    exclusion: NDArray[np.int8]
    school_row: Int
    school_group: Int
    school_segment: Int
    school_values: Float
    school_met: Bool
    school_below_floor: Bool
    school_passed: Bool
    school_share: Float
    school_ids: NDArray[Any] | None = None

    def __attrs_post_init__(self) -> None:
        freeze_arrays(self)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: every field, arrays as (nested) lists, ``nan`` as ``null``.

        Returns
        -------
        dict
            Field name → value; :meth:`from_dict` rebuilds an equal result.
        """
        from qbalance._result import plain_data

        out: dict[str, Any] = {}
        for f in attrs.fields(BatchEvaluation):
            v = getattr(self, f.name)
            if isinstance(v, np.ndarray) and v.dtype.kind == "f":
                nan = np.isnan(v)
                none = np.array(None, dtype=object)
                out[f.name] = (np.where(nan, none, v.astype(object)) if nan.any()
                               else v).tolist()
            elif isinstance(v, np.ndarray) and v.dtype.kind in "biuU":
                out[f.name] = v.tolist()
            else:
                out[f.name] = plain_data(v)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BatchEvaluation:
        """Rebuild a batch result from :meth:`to_dict` data (e.g. a file of
        :func:`qbalance.io.save_result`); equal to the original.

        Parameters
        ----------
        data : mapping
            The output of :meth:`to_dict`, or its JSON parsed.

        Returns
        -------
        BatchEvaluation

        Raises
        ------
        DataError
            A field is missing, of the wrong type or of the wrong shape, naming it;
            :func:`qbalance.io.load_result` then re-checks the counts, CVs, composites
            and verdicts (see :mod:`qbalance.io._invariants`).
        """
        from qbalance.io.results import structure

        if not isinstance(data, Mapping):
            raise DataError(message("json.object_for", field="$", type="BatchEvaluation"),
                            field="$")
        for f in attrs.fields(cls):
            if f.name not in data and f.default is attrs.NOTHING:
                raise DataError(message("json.missing", field=f"$.{f.name}"),
                                field=f"$.{f.name}")
        unknown = set(data) - {f.name for f in attrs.fields(cls)}
        if unknown:
            key = sorted(unknown)[0]
            raise DataError(message("json.unknown_key", field=f"$.{key}", key=key,
                                    type="BatchEvaluation"), field=f"$.{key}")
        segments = structure(tuple[Segment, ...], data["segments"], "$.segments")
        codes = structure(tuple[str, ...], data["codes"], "$.codes")
        county = _keys(data["county"], "$.county")
        g, s_, k = len(county), len(segments), len(codes)
        m = len(data["school_row"]) if isinstance(data["school_row"], list) else -1
        n = len(data["exclusion"]) if isinstance(data["exclusion"], list) else -1
        shapes: dict[str, tuple[tuple[int, ...], Any]] = {
            "status": ((g, s_), "<U13"), "n_schools": ((g, s_), np.int64),
            "pupils": ((g, s_), np.float64), "mean": ((g, s_, k), np.float64),
            "std": ((g, s_, k), np.float64), "cv": ((g, s_, k), np.float64),
            "composite_cv": ((g, s_), np.float64), "cv_limit": ((s_, k), np.float64),
            "composite_cv_limit": ((s_,), np.float64), "cv_passed": ((g, s_, k), np.bool_),
            "composite_cv_passed": ((g, s_), np.bool_), "schools_met": ((g, s_, k), np.int64),
            "n_failing": ((g, s_), np.int64), "segment_passed": ((g, s_), np.bool_),
            "passed": ((g,), np.bool_), "exclusion": ((n,), np.int8),
            "school_row": ((m,), np.int64), "school_group": ((m,), np.int64),
            "school_segment": ((m,), np.int64), "school_values": ((m, k), np.float64),
            "school_met": ((m, k), np.bool_), "school_below_floor": ((m, k), np.bool_),
            "school_passed": ((m,), np.bool_), "school_share": ((m,), np.float64),
        }
        arrays = {name: _array(data[name], shape, dtype, f"$.{name}")
                  for name, (shape, dtype) in shapes.items()}
        year = None if data["year"] is None else _keys(data["year"], "$.year")
        if year is not None and len(year) != g:
            raise DataError(message("json.year_count", field="$.year", n=len(year), g=g),
                            field="$.year")
        ids = data.get("school_ids")
        school_ids = None if ids is None else _keys(ids, "$.school_ids")
        if school_ids is not None and len(school_ids) != n:
            raise DataError(message("json.id_count", field="$.school_ids", n=len(school_ids),
                                    m=n), field="$.school_ids")
        return cls(standard_id=structure(str, data["standard_id"], "$.standard_id"),
                   segments=segments, codes=codes, county=county, year=year,
                   problems=structure(tuple[BatchProblem, ...], data["problems"],
                                      "$.problems"),
                   school_ids=school_ids, **arrays)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BatchEvaluation):
            return NotImplemented
        for f in attrs.fields(BatchEvaluation):
            a, b = getattr(self, f.name), getattr(other, f.name)
            if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
                if not isinstance(a, np.ndarray) or not isinstance(b, np.ndarray):
                    return False
                nan = a.dtype.kind == "f" and b.dtype.kind == "f"
                if a.shape != b.shape or not np.array_equal(a, b, equal_nan=nan):
                    return False
            elif a != b:
                return False
        return True

    def __hash__(self) -> int:
        return hash((self.standard_id, self.codes, self.status.shape))

    @property
    def county_status(self) -> NDArray[np.str_]:
        """Per county: ``"ok"`` or the first non-ok status of its evaluated segments."""
        st = np.where(self.status == "not_evaluated", "ok", self.status)
        out = np.where((st == "ok").all(axis=1), "ok", "")
        for s in reversed(range(st.shape[1])):
            out = np.where((out != "ok") & (st[:, s] != "ok"), st[:, s], out)
        out = np.where((st == "invalid").any(axis=1), "invalid", out)
        return np.asarray(out, dtype=np.str_)

    def index(self, county: Any, year: Any = None) -> int:
        """Position of ``county`` (and ``year``) on the group axis.

        Parameters
        ----------
        county : object
            A county key, as in :attr:`county`.
        year : object, optional
            A year key; without it (or without a year axis) the first group of
            ``county`` is found.

        Returns
        -------
        int
            Index into the first axis of the ``(G, …)`` arrays.

        Raises
        ------
        KeyError
            No such county (year).
        """
        hit = self.county == county
        if self.year is not None and year is not None:
            hit &= self.year == year
        pos = np.flatnonzero(hit)
        if len(pos) == 0:
            raise KeyError(county if year is None else (county, year))
        return int(pos[0])

    def summary(self, lang: Lang = "zh") -> str:
        """How many counties were evaluated and pass, and how many could not be.

        Parameters
        ----------
        lang : {"zh", "en"}
            Language, Chinese by default.

        Returns
        -------
        str
            One line: the standard, the counties, those passing, and the counts of
            counties by non-ok status (see :attr:`county_status`).

        Examples
        --------
        >>> from qbalance import evaluate_batch
        >>> from qbalance.synth import synthetic_columns
        >>> result = evaluate_batch(synthetic_columns(2000, n_counties=10, seed=1))
        >>> print(result.summary())
        标准《县域义务教育优质均衡发展督导评估办法（国家标准）》（national-2017）：10 个县，0 个达标
        >>> print(result.summary("en"))
        national-2017: 10 counties, 0 pass
        """
        lang = check_lang(lang)
        from qbalance.report import render_line

        return render_line(self, lang)

    def to_frame(self, *, lang: Lang | None = "zh") -> Any:
        """One row per county (year) and segment, as a pandas DataFrame.

        Columns: keys, ``segment``, ``status``, ``n_schools``, ``pupils``,
        ``mean_<code>``, ``cv_<code>``, ``composite_cv``, ``cv_passed``,
        ``n_failing``, ``passed`` and ``message``.

        Parameters
        ----------
        lang : {None, "zh", "en"}, optional
            ``"zh"`` gives the columns Chinese headers (``县``, ``学段``,
            ``R1差异系数`` …, see :data:`qbalance.io.frames.HEADERS_ZH`), the segments
            as 小学 / 初中 and the statuses in words (已评估), for an Excel hand-off
            (the default, as every ``to_frame``); ``"en"`` or ``None`` the field names
            above and the machine values.

        Returns
        -------
        pandas.DataFrame
            ``G × S`` rows, county-major; ``cv_passed`` is every indicator CV and the
            composite within their limits, ``passed`` is :attr:`segment_passed`, and
            ``message`` the problem of the county or segment (``""`` when none).

        Raises
        ------
        MissingDependencyError
            pandas is not installed (``pip install qbalance[pandas]``).
        """
        if lang is not None:
            lang = check_lang(lang)
        pd = _pandas()
        g, s = self.status.shape
        cols: dict[str, Any] = {"county": np.repeat(self.county, s)}
        if self.year is not None:
            cols["year"] = np.repeat(self.year, s)
        cols["segment"] = np.tile(np.array([x.value for x in self.segments]), g)
        cols["status"] = self.status.reshape(-1)
        cols["n_schools"] = self.n_schools.reshape(-1)
        cols["pupils"] = self.pupils.reshape(-1)
        for j, c in enumerate(self.codes):
            cols[f"mean_{c}"] = self.mean[:, :, j].reshape(-1)
        for j, c in enumerate(self.codes):
            cols[f"cv_{c}"] = self.cv[:, :, j].reshape(-1)
        cols["composite_cv"] = self.composite_cv.reshape(-1)
        cols["cv_passed"] = (self.cv_passed.all(axis=2) & self.composite_cv_passed).reshape(-1)
        cols["n_failing"] = self.n_failing.reshape(-1)
        cols["passed"] = self.segment_passed.reshape(-1)
        msg = np.full((g, s), "", dtype=object)
        for p in self.problems:
            i = self.index(p.county, p.year)
            if p.segment is None:
                msg[i, :] = p.message
            elif p.segment in self.segments:
                msg[i, self.segments.index(p.segment)] = p.message
        cols["message"] = msg.reshape(-1)
        from qbalance.io.frames import frame_in

        return frame_in(pd.DataFrame(cols), lang)

    def schools_frame(self) -> Any:
        """One row per evaluated school and segment, as a pandas DataFrame.

        Columns: ``row`` (input row), keys, ``school_id`` (when given),
        ``segment``, ``share``, the indicator values, ``n_met`` and ``passed``.

        Returns
        -------
        pandas.DataFrame
            ``M`` rows, in the order of the ``school_*`` arrays; the indicator values
            are in columns named by code (``"R1"`` … ``"R7"``).

        Raises
        ------
        MissingDependencyError
            pandas is not installed (``pip install qbalance[pandas]``).
        """
        pd = _pandas()
        cols: dict[str, Any] = {"row": self.school_row,
                                "county": self.county[self.school_group]}
        if self.year is not None:
            cols["year"] = self.year[self.school_group]
        if self.school_ids is not None:
            cols["school_id"] = self.school_ids[self.school_row]
        cols["segment"] = np.array([s.value for s in self.segments])[self.school_segment]
        cols["share"] = self.school_share
        for j, c in enumerate(self.codes):
            cols[c] = self.school_values[:, j]
        cols["n_met"] = self.school_met.sum(axis=1)
        cols["passed"] = self.school_passed
        return pd.DataFrame(cols)


def _keys(v: Any, path: str) -> NDArray[Any]:
    """County / year keys or school ids from saved data (a list of numbers or texts)."""
    if not isinstance(v, list) or any(isinstance(x, (list, dict)) for x in v):
        raise DataError(message("json.keys", field=path), field=path)
    kinds = {type(x) for x in v}
    return np.asarray(v, dtype=object if len(kinds) > 1 or not v else None)


def _array(v: Any, shape: tuple[int, ...], dtype: Any, path: str) -> NDArray[Any]:
    """An array of ``shape`` and ``dtype`` from saved (nested) lists; ``null`` as nan."""
    if not isinstance(v, list):
        raise DataError(message("json.list", field=path), field=path, value=v)
    kind = np.dtype(dtype).kind
    try:
        fast = np.asarray(v)
    except ValueError:  # ragged
        fast = None
    if fast is not None and fast.shape == shape and (
            fast.dtype.kind == kind or kind == "f" and fast.dtype.kind in "iu"
            or kind in "iu" and fast.dtype.kind in "iu"):
        return np.asarray(fast, dtype=dtype)
    try:
        raw = np.asarray(v, dtype=object)
    except ValueError:  # ragged
        raw = None
    if raw is None or raw.shape != shape and not (0 in shape and raw.size == 0):
        got = None if raw is None else raw.shape
        raise DataError(message("json.shape", field=path, got=got, shape=shape),
                        field=path, value=got)
    items = raw.reshape(-1).tolist()
    for i, x in enumerate(items):
        if kind == "f":
            ok = x is None or isinstance(x, (int, float)) and not isinstance(x, bool)
        elif kind == "b":
            ok = isinstance(x, bool)
        elif kind in "iu":
            ok = isinstance(x, int) and not isinstance(x, bool)
        else:
            ok = isinstance(x, str)
        if not ok:
            idx = np.unravel_index(i, shape) if shape and 0 not in shape else (i,)
            where = "".join(f"[{j}]" for j in idx)
            raise DataError(message("json.item_type", field=f"{path}{where}", value=x,
                                    dtype=np.dtype(dtype).name),
                            field=f"{path}{where}", value=x)
    if kind == "f":
        items = [np.nan if x is None else x for x in items]
    return np.asarray(items, dtype=dtype).reshape(shape)


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            message("missing_dependency.module", purpose="this", module="pandas",
                    extra="pandas")) from exc
    return pd


# -- input ---------------------------------------------------------------------------

def _as_columns(data: Any) -> Mapping[str, Any]:
    if isinstance(data, Mapping):
        return data
    from qbalance._batch_files import is_batch_path, read_batch_table
    if is_batch_path(data):
        return read_batch_table(data)
    if hasattr(data, "column_names") and hasattr(data, "column"):  # a pyarrow Table
        return {str(n): np.asarray(data.column(n).to_numpy()) for n in data.column_names}
    if hasattr(data, "columns") and hasattr(data, "__getitem__"):  # pandas / polars
        return {str(c): data[c].to_numpy() for c in data.columns}
    raise DataError(message("batch.data_type", type=type(data).__name__, arrow="Arrow",
                            suffixes=".parquet / .arrow / .csv / .xlsx"), field="data")


_MISSING_KEY_TEXT = frozenset({"", "nan", "none", "<na>", "nat", "null"})


def _no_missing_keys(keys: NDArray[Any], name: str) -> None:
    """A row without a county (or year) key would be evaluated as a county of its own:
    refuse it, naming the rows."""
    if keys.dtype.kind == "f":
        bad = ~np.isfinite(keys)
    elif keys.dtype.kind in "US":
        bad = np.isin(np.char.lower(np.char.strip(keys.astype(str))),
                      list(_MISSING_KEY_TEXT))
    elif keys.dtype.kind == "O":
        bad = np.fromiter((_missing_key(k) for k in keys), dtype=np.bool_, count=len(keys))
    else:
        return
    if bad.any():
        rows = np.flatnonzero(bad)
        shown = ", ".join(str(int(r)) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
        raise DataError(message("batch.no_key", name=name, n=len(rows), shown=shown, nan="NaN"),
                        field=name, value=keys[rows[0]])


def _missing_key(k: Any) -> bool:
    if k is None:
        return True
    if isinstance(k, float):
        return not math.isfinite(k)
    if isinstance(k, str):
        return k.strip().lower() in _MISSING_KEY_TEXT
    try:
        return bool(k != k)  # pandas.NA, NaT
    except TypeError:
        return True


def _factorize(keys: NDArray[Any]) -> tuple[Int, NDArray[Any]]:
    """Integer codes (sorted key order) and the distinct keys, sort-free when possible."""
    n = keys.shape[0]
    if keys.dtype.kind in "iub" and n:
        if n == 1 or bool((keys[1:] >= keys[:-1]).all()):
            change = np.empty(n, dtype=np.intp)
            change[0] = 0
            np.not_equal(keys[1:], keys[:-1], out=change[1:])
            codes = np.cumsum(change, out=change)
            first = np.flatnonzero(np.diff(codes, prepend=-1))
            return codes, keys[first]
        lo, hi = int(keys.min()), int(keys.max())
        if hi - lo <= 4 * n + 4096:
            off = (keys - lo).astype(np.intp, copy=False)
            present = np.zeros(hi - lo + 1, dtype=np.bool_)
            present[off] = True
            lut = np.cumsum(present, dtype=np.intp) - 1
            return lut[off], (np.flatnonzero(present) + lo).astype(keys.dtype)
    uniq, inv = np.unique(keys, return_inverse=True)
    return inv.reshape(-1).astype(np.intp, copy=False), uniq


def _column(cols: Mapping[str, Any], name: str, n: int, default: float | None = None
            ) -> NDArray[Any]:
    if name not in cols:
        if default is None:
            raise DataError(message("batch.column_missing", name=name), field=name)
        return np.full(n, default, dtype=np.float64)
    a = np.asarray(cols[name])
    if a.ndim != 1 or a.shape[0] != n:
        raise DataError(message("batch.column_shape", name=name, n=n, shape=a.shape),
                        field=name)
    if a.dtype.kind not in "iufb":
        try:
            a = a.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise DataError(message("batch.column_not_numbers", name=name, reason=str(exc)),
                            field=name) from exc
    return a


#: Values per block of the column checks (two scratch buffers of this size stay in a
#: core's cache with the block being checked).
_CHECK_BLOCK = 32_768

#: Bits of +inf by float width: a float that is >= +0 and finite has its sign bit
#: clear and is below +inf, so read as an unsigned integer it is below these bits
#: (one reduction checks both; -0.0 and NaN fall to the exact check).
_INF_BITS: Mapping[int, tuple[Any, int]] = {
    8: (np.uint64, 0x7FF0_0000_0000_0000), 4: (np.uint32, 0x7F80_0000), 2: (np.uint16, 0x7C00)}


def _bad_numbers(a: NDArray[Any], integral: bool, scratch: _Scratch | None = None
                 ) -> Bool | None:
    """Rows whose value is negative, non-finite or (for counts) fractional; None if none."""
    if a.dtype.kind in "iub":
        return None if a.shape[0] == 0 or a.min() >= 0 else np.asarray(a < 0)
    if a.shape[0] == 0 or _clean(a, integral, scratch):
        return None
    with np.errstate(invalid="ignore"):
        bad = ~((a >= 0) & (a < np.inf))
        if integral:
            bad |= np.rint(a) != a
    return np.asarray(bad) if bad.any() else None


def _pupil_pass(pupils: list[Float], tp_min: float, scratch: _Scratch
                ) -> tuple[list[Bool | None], list[Bool], Bool]:
    """The three pupil columns in blocks of :data:`_CHECK_BLOCK` rows, each block read
    once: their checks (as :func:`_bad_numbers`), which sections each school has
    (pupils > 0) and whether its pupils of all sections are below ``tp_min``."""
    n = pupils[0].shape[0]
    has = [np.empty(n, dtype=np.bool_) for _ in pupils]
    too_few = np.empty(n, dtype=np.bool_)
    clean = [True] * len(pupils)
    for lo in range(0, n, _CHECK_BLOCK):
        hi = min(n, lo + _CHECK_BLOCK)
        parts = [p[lo:hi] for p in pupils]
        for i, part in enumerate(parts):
            clean[i] = clean[i] and _clean(part, True, scratch)
            np.greater(part, 0, out=has[i][lo:hi])
        total = np.add(parts[0], parts[1], out=scratch.p[:hi - lo])
        total += parts[2]
        np.less(total, tp_min, out=too_few[lo:hi])
    bad = [None if ok else _bad_numbers(p, True) for ok, p in zip(clean, pupils, strict=True)]
    return bad, has, too_few


def _clean(a: NDArray[Any], integral: bool, scratch: _Scratch | None) -> bool:
    """Every value is finite and >= 0 (and whole, for counts): the fast check.

    ``False`` may be a false alarm (``-0.0``), which the exact check of
    :func:`_bad_numbers` clears.  With ``scratch`` (buffers of :data:`_CHECK_BLOCK`
    values) a count column is checked block by block while each block is in cache.
    """
    if not (a.dtype.kind == "f" and a.dtype.isnative and a.dtype.itemsize in _INF_BITS):
        return bool(a.min() >= 0 and a.max() < np.inf) and (
            not integral or bool(np.array_equal(np.rint(a), a)))
    ut, inf_bits = _INF_BITS[a.dtype.itemsize]
    bits = a.view(ut)
    if not integral:
        return bool(bits.max() < inf_bits)
    if scratch is None or a.dtype != np.float64:
        return bool(bits.max() < inf_bits) and bool(np.array_equal(np.rint(a), a))
    for lo in range(0, a.shape[0], _CHECK_BLOCK):
        part = a[lo:lo + _CHECK_BLOCK]
        k = part.shape[0]
        if not (bits[lo:lo + k].max() < inf_bits
                and np.equal(np.rint(part, out=scratch.f[:k]), part, out=scratch.b[:k]).all()):
            return False
    return True


def _kind_codes(raw: Any, n: int) -> NDArray[np.int8]:
    a = np.asarray(raw)
    if a.ndim != 1 or a.shape[0] != n:
        raise DataError(message("batch.column_shape", name="kind", n=n, shape=a.shape),
                        field="kind")
    if a.dtype.kind in "iu":
        if n and a.min() >= 0 and a.max() < len(_KINDS):
            return a.astype(np.int8, copy=False)
        ok = (a >= 0) & (a < len(_KINDS))
        return np.where(ok, a, -1).astype(np.int8)
    uniq, inv = np.unique(a.astype(str), return_inverse=True)
    values = {k.value: i for i, k in enumerate(_KINDS)}
    table = np.array([values.get(str(u).strip(), -1) for u in uniq], dtype=np.int8)
    return table[inv.reshape(-1)]


# -- evaluation ----------------------------------------------------------------------

@attrs.frozen(slots=True, kw_only=True)
class _Spec:
    codes: tuple[str, ...]
    sources: tuple[str, ...]
    seg_level: tuple[bool, ...]
    per: Float
    thr: Float  # (S, K)
    lim: Float  # (S, K)
    floor: Float
    lo: Float
    hi: Float
    comp_lim: Float  # (S,)


def _spec(std: Standard, segs: tuple[Segment, ...]) -> _Spec:
    specs = std.indicators
    comp = [std.composite_cv_limit.get(s) for s in segs]
    return _Spec(
        codes=tuple(s.code for s in specs),
        sources=tuple(s.field for s in specs),
        seg_level=tuple(s.segment_level for s in specs),
        per=np.array([float(s.per_pupils) for s in specs]),
        thr=np.array([[s.threshold.require(seg, f"indicator {s.code} threshold")
                       for s in specs] for seg in segs], dtype=np.float64).reshape(len(segs), -1),
        lim=np.array([[s.cv_limit.require(seg, f"indicator {s.code} cv_limit")
                       for s in specs] for seg in segs], dtype=np.float64).reshape(len(segs), -1),
        floor=np.array([s.floor_fraction for s in specs]),
        lo=np.array([s.plausible[0] for s in specs]),
        hi=np.array([s.plausible[1] for s in specs]),
        comp_lim=np.array([np.nan if c is None else c for c in comp], dtype=np.float64),
    )


def _reduce(data: NDArray[Any], starts: Int, dtype: Any = None) -> NDArray[Any]:
    """Sums over contiguous runs beginning at ``starts`` along the last axis."""
    if data.shape[-1] == 0:
        return np.zeros((*data.shape[:-1], 0), dtype=dtype or data.dtype)
    return np.add.reduceat(data, starts, axis=-1, dtype=dtype)


def evaluate_batch(
    data: Mapping[str, ArrayLike] | Any,
    standard: Standard | str | None = None,
    *,
    county: str = "county",
    year: str | None = None,
    school_id: str | None = "school_id",
    segments: Sequence[Segment | str] | None = None,
    workers: int = 1,
) -> BatchEvaluation:
    """Evaluate the resource allocation (资源配置) of many counties in one call.

    Implements the same rules as :func:`qbalance.evaluate_resources`
    (教督〔2017〕6号 articles 6–7: scope, combined-school split, the 7 indicators,
    the per-school rule of 6 of 7 with the rest at ≥ 85 %, the student-weighted
    校际差异系数 against its limit), for every county (and year) at once.

    Parameters
    ----------
    data : mapping of str to array_like, DataFrame, Arrow table, or path
        One row per school; the columns are listed in :mod:`qbalance.evaluate.batch` and
        :data:`BATCH_COLUMNS`.  Integer ``kind`` codes (:data:`KIND_CODES`) and
        integer county keys are the fastest forms.  A pandas or polars DataFrame
        or a pyarrow Table is read column by column; a path (``str`` or
        :class:`pathlib.Path`) of a ``.parquet``, ``.arrow`` / ``.feather``,
        ``.csv`` or ``.xlsx`` file is read by :func:`read_batch_table`.
    standard : Standard or str, optional
        The rules (default: national 2017).
    county : str
        Name of the county-key column.
    year : str, optional
        Name of a year column; groups are then (county, year).
    school_id : str or None
        Name of the school-id column, used in messages (row numbers otherwise).
    segments : sequence of Segment, optional
        Segments to evaluate (default: primary and junior).
    workers : int
        Threads sharing the column checks and the indicators (numpy releases
        the GIL in its loops); default 1.  Only worth it on an otherwise idle
        multi-core machine and a large table (see the performance page).
        Results do not depend on it.

    Returns
    -------
    BatchEvaluation

    Raises
    ------
    DataError
        A required column is missing or has the wrong length: a problem of the
        whole table, not of one county.  Bad values only mark their county.
    SpecError
        The standard lacks a threshold or limit the evaluation needs.

    Examples
    --------
    Two small counties given as columns (keys are 6-digit codes):

    >>> import numpy as np
    >>> from qbalance import SchoolKind, evaluate_batch
    >>> from qbalance.evaluate.batch import KIND_CODES
    >>> P, J = KIND_CODES[SchoolKind.PRIMARY], KIND_CODES[SchoolKind.JUNIOR]
    >>> cols = {
    ...     "county": [530101, 530101, 530101, 530102, 530102],
    ...     "kind": [P, P, J, P, P],
    ...     "primary_pupils": [600, 400, 0, 500, 300],
    ...     "junior_pupils": [0, 0, 900, 0, 0],
    ...     "primary_teachers_above_degree": [40, 20, 0, 30, 18],
    ...     "primary_backbone_teachers": [8, 5, 0, 6, 4],
    ...     "primary_pe_art_teachers": [7, 4, 0, 6, 3],
    ...     "junior_teachers_above_degree": [0, 0, 60, 0, 0],
    ...     "junior_backbone_teachers": [0, 0, 12, 0, 0],
    ...     "junior_pe_art_teachers": [0, 0, 10, 0, 0],
    ...     "teaching_area_m2": [3300, 2000, 6000, 2600, 1500],
    ...     "sports_area_m2": [5000, 3400, 10000, 4000, 2600],
    ...     "equipment_value_yuan": [1.5e6, 9e5, 2.6e6, 1.2e6, 7e5],
    ...     "multimedia_classrooms": [16, 10, 24, 13, 8],
    ... }
    >>> r = evaluate_batch(cols)
    >>> r.status.tolist()
    [['ok', 'ok'], ['ok', 'empty']]
    >>> np.round(r.cv[0, 0, :3], 3)
    array([0.136, 0.031, 0.074])

    R1 of county 530101's primary schools is the CV of 40 / 600 and 20 / 400
    teachers per 100 pupils, weighted by pupils:

    >>> from qbalance import weighted_cv
    >>> round(weighted_cv([40 / 600 * 100, 20 / 400 * 100], [600, 400]), 3)
    0.136
    >>> print(r.problems[0])
    county 530102 junior: empty: segment junior (初中) has no school in scope to evaluate
    """
    std = as_standard(standard)
    std.require_2017_form("evaluate_batch")
    segs = parse_segments(segments if segments is not None else (Segment.PRIMARY, Segment.JUNIOR))
    if not segs:
        raise DataError(message("batch.no_segments"), field="segments")
    cols = _as_columns(data)
    if county not in cols:
        raise DataError(message("batch.county_missing", name=county), field=county)
    ckey = np.asarray(cols[county])
    if ckey.ndim != 1:
        raise DataError(message("batch.county_shape", name=county, shape=ckey.shape),
                        field=county)
    n = ckey.shape[0]
    _no_missing_keys(ckey, county)
    sp = _spec(std, segs)
    n_seg, k_ind = len(segs), len(sp.codes)

    # groups: (county[, year]) in sorted key order; ``order`` puts the rows in group
    # order (None when they already are), ``bounds`` are where the groups start in it
    yk = None
    if year is not None:
        if year not in cols:
            raise DataError(message("batch.year_missing", name=year), field=year)
        yk = np.asarray(cols[year])
        if yk.shape != (n,):
            raise DataError(message("batch.column_shape", name=year, n=n, shape=yk.shape),
                            field=year)
        _no_missing_keys(yk, year)
    order, bounds, gkeys, ykeys = _grouping(ckey, yk)
    n_grp = len(gkeys)

    # columns and row-level checks (fast path: one reduction per column, two more
    # for counts, into scratch buffers reused from column to column)
    kind = _kind_codes(cols["kind"], n) if "kind" in cols else _missing("kind")
    pupils = [np.asarray(_column(cols, c, n, 0.0 if c == "senior_pupils" else None),
                         dtype=np.float64) for c in _PUPILS]
    priv_raw = cols.get("private")
    private = (None if priv_raw is None else np.asarray(_column(cols, "private", n)) != 0)
    seg_flag = [None if f"{seg.value}_evaluated" not in cols
                else np.asarray(_column(cols, f"{seg.value}_evaluated", n)) != 0 for seg in segs]
    seg_cols = {(seg, f): _column(cols, f"{seg.value}_{f}", n)
                for seg in segs for f in _TEACHER_FIELDS if f in sp.sources}
    stock_cols = {f: _column(cols, f, n) for f in _STOCK_FIELDS if f in sp.sources}
    checked: list[tuple[str, NDArray[Any], bool]] = [
        *((c, p, True) for c, p in zip(_PUPILS, pupils, strict=True)),
        *((f"{seg.value}_{f}", a, True) for (seg, f), a in seg_cols.items()),
        *((f, a, f in _COUNT_STOCKS) for f, a in stock_cols.items()),
    ]
    n_work = _workers(workers, k_ind)
    scratch = _Scratch(min(n, _CHECK_BLOCK))
    # the pupil columns: checked, and which sections are present and the total,
    # in one pass of blocks that stay in cache
    pupils_bad, has, too_few = _pupil_pass(pupils, std.scope.teaching_point_min_pupils,
                                           scratch)
    if n_work == 1:
        found = [_bad_numbers(a, integral, scratch) for _, a, integral in checked[3:]]
    else:
        found = list(_pool(n_work - 1).map(lambda c: _bad_numbers(c[1], c[2]), checked[3:]))
    bad: Bool | None = None
    for b in (*pupils_bad, *found):
        if b is not None:
            bad = b if bad is None else bad | b
    # sections present must fit the kind (as qbalance.School validates): one lookup
    # of (kind, which sections are present) in a table made from _NEED
    code = np.left_shift(kind, 3, dtype=np.int16)
    code += _MISMATCH_OFFSET
    for sec in range(3):
        code |= np.left_shift(has[sec].view(np.int8), 2 - sec, dtype=np.int16)
    mismatch = np.take(_MISMATCH, code, mode="clip")
    if mismatch.any():
        bad = mismatch if bad is None else bad | mismatch

    def is_kind(k: SchoolKind) -> Bool:
        return np.asarray(kind == KIND_CODES[k])

    # scope (same reasons, in the same order, as qbalance.evaluate.resources._exclusion)
    special = (is_kind(SchoolKind.SPECIAL) if std.scope.exclude_special
               else np.zeros(n, dtype=np.bool_))
    small_tp = is_kind(SchoolKind.TEACHING_POINT) & too_few & ~special
    vocational = (is_kind(SchoolKind.VOCATIONAL) & ~special & ~small_tp
                  if std.scope.exclude_vocational else np.zeros(n, dtype=np.bool_))
    out_scope = special | small_tp | vocational
    reason = special.astype(np.int8)
    reason += small_tp.view(np.int8) * np.int8(2)
    reason += vocational.view(np.int8) * np.int8(4)
    if private is not None and not std.scope.include_private:
        priv = private & ~out_scope
        reason += priv.view(np.int8) * np.int8(3)
        out_scope |= priv
    in_scope = ~out_scope
    if bad is not None:
        in_scope &= ~bad

    # combined schools: shares of whole-school stocks by weighted pupils
    wtab = np.zeros((len(_KINDS), 3))
    for k, w in std.split.items():
        wtab[KIND_CODES[k]] = [w.primary or 0.0, w.junior or 0.0, w.senior or 0.0]
    is_split = in_scope.copy() if std.split else np.zeros(n, dtype=np.bool_)
    if std.split:
        of_split_kind = is_kind(next(iter(std.split)))
        for k in list(std.split)[1:]:
            of_split_kind |= is_kind(k)
        is_split &= of_split_kind
    split_rows = np.flatnonzero(is_split)
    sec_of = {Segment.PRIMARY: 0, Segment.JUNIOR: 1}
    split_share: list[Float] = []  # per segment, the share of each split row
    if len(split_rows):
        ks = kind[split_rows].astype(np.intp)
        wp = [pupils[sec][split_rows] * np.take(wtab[:, sec], ks) for sec in range(3)]
        tot = (wp[0] + wp[1]) + wp[2]
        with np.errstate(invalid="ignore", divide="ignore"):
            split_share = [wp[sec_of[seg]] / tot for seg in segs]  # as qbalance.split_shares
        if (tot <= 0).any():
            zero_split = np.zeros(n, dtype=np.bool_)
            zero_split[split_rows[tot <= 0]] = True
            bad = zero_split if bad is None else bad | zero_split
            in_scope &= ~zero_split
            is_split &= ~zero_split

    # the evaluated school-segments, ordered by (segment, group): every county
    # segment is a contiguous run of the gathered block
    blocks: list[Int] = []
    counts: list[Int] = []
    flagged: list[Int | None] = []  # rows per group evaluating the segment (None: all)
    for s, seg in enumerate(segs):
        member = in_scope & has[sec_of[seg]]
        fl = seg_flag[s]
        if order is not None:
            member = np.take(member, order, mode="clip")
        if fl is None:
            flagged.append(None)
        else:
            # the county evaluates the segment when any of its rows says so
            fo = fl if order is None else np.take(fl, order, mode="clip")
            n_fl = (np.add.reduceat(fo, bounds[:-1], dtype=np.intp) if n_grp
                    else np.zeros(0, dtype=np.intp))
            flagged.append(n_fl)
            member &= np.repeat(n_fl > 0, np.diff(bounds))
        pos = np.flatnonzero(member)
        # members per group: where the group bounds fall among the (sorted) positions
        counts.append(np.diff(np.searchsorted(pos, bounds)) if n_grp
                      else np.zeros(0, dtype=np.intp))
        blocks.append(pos if order is None else np.take(order, pos, mode="clip"))
    sizes = [len(b) for b in blocks]
    offs = np.concatenate([[0], np.cumsum(sizes)]).astype(np.intp)
    m = int(offs[-1])
    rows = np.concatenate(blocks) if m else np.zeros(0, dtype=np.intp)
    seg_idx = np.repeat(np.arange(n_seg, dtype=np.intp), sizes)
    n_cells = n_seg * n_grp
    count = np.concatenate(counts) if n_cells else np.zeros(0, dtype=np.intp)
    grp = np.repeat(np.tile(np.arange(n_grp, dtype=np.intp), n_seg), count)
    nz = np.flatnonzero(count)
    cnt = count[nz]
    starts = np.concatenate([[0], np.cumsum(cnt)[:-1]]).astype(np.intp)
    n_nz = len(nz)

    # the indicator values (one float64 row per indicator) and the shares of the
    # whole-school stocks, 1.0 except in combined schools (filled tile by tile)
    x = np.empty((k_ind, m), dtype=np.float64)
    share = np.empty(m, dtype=np.float64)
    any_split = len(split_rows) > 0
    # per county segment, written by the tiles straight into the result layout
    # (group, segment[, indicator]); ``at_gs`` is where each county segment with a
    # school goes, ``nan`` / 0 stay where there is none
    at_gs = (nz % max(n_grp, 1)) * n_seg + nz // max(n_grp, 1)
    mean_o = np.full((n_grp, n_seg, k_ind), np.nan)
    sd_o = np.full((n_grp, n_seg, k_ind), np.nan)  # sums of squared deviations, then SDs
    pupils_c = np.zeros((n_grp, n_seg))
    met_o = np.zeros((n_grp, n_seg, k_ind), dtype=np.intp)  # schools meeting
    n_failing = np.zeros((n_grp, n_seg), dtype=np.intp)  # schools failing the rule
    mean_f, sd_f = mean_o.reshape(n_cells, k_ind), sd_o.reshape(n_cells, k_ind)
    met_f, pupils_f, fail_f = (met_o.reshape(n_cells, k_ind), pupils_c.reshape(-1),
                               n_failing.reshape(-1))
    school_ok = np.empty(m, dtype=np.bool_)
    min_met = std.require_school_rule().min_met
    flags = np.empty((2 * k_ind, m), dtype=np.bool_)
    met, below = flags[:k_ind], flags[k_ind:]
    n_met = np.empty(m, dtype=np.int8)  # indicators met, per school-segment
    any_below = np.empty(m, dtype=np.bool_)
    # comparisons are exact: ``met`` / ``below`` hold the clear cases; values within
    # the tie window of the threshold or floor are re-decided in rationals below
    rt = _exact.TIE_RTOL
    bounds_sj = [[(sp.thr[s, j] * (1 + rt), sp.thr[s, j] * (1 - rt),
                   sp.floor[j] * sp.thr[s, j] * (1 - rt), sp.floor[j] * sp.thr[s, j] * (1 + rt))
                  for j in range(k_ind)] for s in range(n_seg)]
    ties: list[tuple[int, Int]] = []
    lo_holds = [bool(sp.lo[j] <= 0 and sp.per[j] > 0) for j in range(k_ind)]
    implausible_parts: list[tuple[int, Bool]] = []
    tiles = _tiles(nz, count, n_grp, n_seg, starts, m, n_work)
    t_max = max((hi - lo for _, _, _, lo, hi in tiles), default=0)

    def tile(s: int, c0: int, c1: int, lo: int, hi: int, buf: _Scratch) -> None:
        """Every indicator of the county segments ``c0:c1`` (block rows ``lo:hi``)
        of segment ``s``, while they are in cache: values, the per-school rule,
        plausibility and the two-pass moments."""
        seg, sec = segs[s], sec_of[segs[s]]
        idx, k = rows[lo:hi], hi - lo
        loc = starts[c0:c1] - lo
        reps = cnt[c0:c1]
        p, dev, loose = buf.p[:k], buf.f[:k], buf.b[:k]
        _take(pupils[sec], idx, p)
        at = at_gs[c0:c1]
        wsum = _reduce(p, loc)
        pupils_f[at] = wsum
        mean_t = np.empty((c1 - c0, k_ind))  # the tile's county segments, then placed
        ssd_t = np.empty((c1 - c0, k_ind))
        sh = share[lo:hi]
        sh.fill(1.0)
        mixed = False
        if any_split:
            local = np.flatnonzero(np.take(is_split, idx, mode="clip"))
            mixed = len(local) > 0
            if mixed:
                sh[local] = split_share[s][np.searchsorted(split_rows, idx[local])]
        nm, ab = n_met[lo:hi], any_below[lo:hi]
        # counts of the tile's counties fit the smallest accumulator that holds the largest
        n_most = int(reps.max()) if len(reps) else 0
        acc = np.int8 if n_most <= 127 else np.int16 if n_most <= 32_767 else np.int32
        for j in range(k_ind):
            src = sp.sources[j]
            row = x[j, lo:hi]
            if sp.seg_level[j]:
                _take(seg_cols[(seg, src)], idx, row)
            else:
                _take(stock_cols[src], idx, row)
                if mixed:
                    np.multiply(row, sh, out=row)
            num = _reduce(row, loc)
            # the same operations, in the same order, as qbalance.evaluate_resources
            if sp.per[j] != 1.0:
                np.multiply(row, sp.per[j], out=row)
            np.divide(row, p, out=row)
            # numerators >= 0, shares >= 0, pupils > 0: a lower bound <= 0 always holds
            if k and not ((lo_holds[j] or row.min() >= sp.lo[j]) and row.max() <= sp.hi[j]):
                implausible_parts.append((lo, ~((row >= sp.lo[j]) & (row <= sp.hi[j]))))
            t_hi, t_lo, f_lo, f_hi = bounds_sj[s][j]
            mt, bl = met[j, lo:hi], below[j, lo:hi]
            np.greater_equal(row, t_hi, out=mt)
            # floor_fraction <= 1, so a value below the floor never meets the threshold
            np.less(row, f_lo, out=bl)
            n_clear = np.count_nonzero(mt)
            np.greater_equal(row, t_lo, out=loose)
            near = np.count_nonzero(loose) != n_clear
            if not near:
                n_clear = np.count_nonzero(bl)
                np.less(row, f_hi, out=loose)
                near = np.count_nonzero(loose) != n_clear
            if near:
                cand = ((row >= t_lo) & ~mt) | ((row < f_hi) & ~bl)
                ties.append((j, np.flatnonzero(cand) + lo))
            # pass 1 gave sum(P x) = sum(numerator) * per; pass 2: sum P (x - mean)^2
            mj = np.divide(num * sp.per[j], wsum)
            mean_t[:, j] = mj
            np.subtract(row, np.repeat(mj, reps), out=dev)
            np.multiply(dev, dev, out=dev)
            np.multiply(dev, p, out=dev)
            ssd_t[:, j] = _reduce(dev, loc)
        # the per-school rule (near-ties are corrected below)
        flags_met, flags_below = met[:, lo:hi], below[:, lo:hi]
        mean_f[at] = mean_t
        sd_f[at] = ssd_t
        met_f[at] = np.add.reduceat(flags_met.view(np.int8), loc, axis=1, dtype=acc).T
        np.add.reduce(flags_met.view(np.int8), axis=0, dtype=np.int8, out=nm)
        np.logical_or.reduce(flags_below, axis=0, out=ab)
        failing = np.less(nm, min_met, out=loose)
        failing |= ab
        fail_f[at] = np.add.reduceat(failing.view(np.int8), loc, dtype=acc)
        np.logical_not(failing, out=school_ok[lo:hi])

    def run(part: Sequence[tuple[int, int, int, int, int]]) -> None:
        buf = _Scratch(t_max)
        with np.errstate(invalid="ignore", divide="ignore"):
            for t in part:
                tile(*t, buf)

    if n_work == 1 or len(tiles) < 2:
        run(tiles)
    else:
        pool = _pool(n_work - 1)
        futures = [pool.submit(run, tiles[w::n_work]) for w in range(1, n_work)]
        run(tiles[0::n_work])
        for fut in futures:
            fut.result()
    if ties:
        _decide_ties(ties, met, below, n_met, any_below, met_f, school_ok, fail_f, min_met,
                     starts, at_gs, segs, sp, rows, seg_idx, kind, pupils, wtab, is_split, seg_cols,
                     stock_cols)
    exact = _ExactBatch(segs, sp, rows, seg_idx, kind, pupils, wtab, is_split, seg_cols,
                        stock_cols)
    implausible: Bool | None = None
    if implausible_parts:
        implausible = np.zeros(m, dtype=np.bool_)
        for lo, mask in implausible_parts:
            implausible[lo:lo + len(mask)] |= mask
    with np.errstate(invalid="ignore", divide="ignore"):
        np.divide(sd_o, pupils_c[:, :, None], out=sd_o)  # the variance, then its root
    np.sqrt(sd_o, out=sd_o)
    count_c = count.reshape(n_seg, n_grp)

    # statuses
    status = np.full((n_grp, n_seg), "ok", dtype="<U13")
    status[count_c.T == 0] = "empty"
    zero_mean = (count_c.T > 0) & ~(mean_o > 0).all(axis=2)
    status[zero_mean] = "zero_mean"
    for s in range(n_seg):
        fl_n = flagged[s]
        if fl_n is not None:
            status[fl_n == 0, s] = "not_evaluated"
    row_bad = bad
    if implausible is not None:
        extra = np.zeros(n, dtype=np.bool_)
        extra[rows[implausible]] = True
        row_bad = extra if row_bad is None else row_bad | extra
    invalid_groups = np.zeros(0, dtype=np.intp)
    first_bad = np.zeros(0, dtype=np.intp)
    if row_bad is not None:
        bad_rows = np.flatnonzero(row_bad)
        invalid_groups, first = np.unique(_group_of_rows(bad_rows, order, bounds),
                                          return_index=True)
        first_bad = bad_rows[first]
        status[invalid_groups, :] = "invalid"
    ok = (status == "ok") | (status == "zero_mean")  # evaluated (zero_mean fails below)
    counted = status != "not_evaluated"

    cv = np.full_like(mean_o, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        np.divide(sd_o, mean_o, out=cv, where=mean_o > 0)
    invalid_mask = ~ok[:, :, None]
    for arr in (cv, mean_o, sd_o):
        np.copyto(arr, np.nan, where=invalid_mask)
    composite = cv.mean(axis=2)
    with np.errstate(invalid="ignore"):
        cv_pass = (cv <= sp.lim[None, :, :]) & ok[:, :, None]
        comp_pass = np.where(np.isnan(sp.comp_lim)[None, :], True,
                             composite <= sp.comp_lim[None, :]) & ok
        # exact ties of the CVs and composites with their limits
        lim_b = np.broadcast_to(sp.lim[None, :, :], cv.shape)
        near_cv = ok[:, :, None] & (np.abs(cv - lim_b) <= rt * lim_b)
        comp_b = np.broadcast_to(sp.comp_lim[None, :], composite.shape)
        near_comp = ok & ~np.isnan(comp_b) & (np.abs(composite - comp_b) <= rt * comp_b)
    if near_cv.any() or near_comp.any():
        cell_nz = np.full(n_cells, -1, dtype=np.intp)
        cell_nz[nz] = np.arange(len(nz))

        def span(g: int, s: int) -> range:
            c = int(cell_nz[s * n_grp + g])
            return range(int(starts[c]), int(starts[c] + cnt[c]))

        for g, s, j in np.argwhere(near_cv).tolist():
            cv2 = exact.cv_squared(span(g, s), j)
            cv_pass[g, s, j] = cv2 is not None and _exact.cv_le(cv2, float(sp.lim[s, j]))
        for g, s in np.argwhere(near_comp).tolist():
            squares = [exact.cv_squared(span(g, s), j) for j in range(k_ind)]
            comp_pass[g, s] = all(q is not None for q in squares) and _exact.mean_sqrt_le(
                [q for q in squares if q is not None], float(sp.comp_lim[s]))
    seg_pass = cv_pass.all(axis=2) & comp_pass & (n_failing == 0) & ok
    passed = ((seg_pass | ~counted).all(axis=1) & counted.any(axis=1)
              if n_seg else np.zeros(n_grp, dtype=np.bool_))

    problems = _problems(
        status, segs, gkeys, ykeys, invalid_groups, first_bad, cols, school_id, kind, pupils,
        checked, mismatch, sp, rows, x, seg_idx, implausible, mean_o, count_c.T)

    return BatchEvaluation(
        standard_id=std.id, segments=segs, codes=sp.codes, county=gkeys, year=ykeys,
        status=status, n_schools=count_c.T.copy(),
        pupils=np.where(ok, pupils_c, np.where((status == "empty")
                                                 | (status == "not_evaluated"), 0.0, np.nan)),
        mean=mean_o, std=sd_o, cv=cv, composite_cv=composite, cv_limit=sp.lim,
        composite_cv_limit=sp.comp_lim, cv_passed=cv_pass, composite_cv_passed=comp_pass,
        schools_met=met_o, n_failing=n_failing,
        segment_passed=seg_pass, passed=passed, problems=problems, exclusion=reason,
        school_row=rows, school_group=grp, school_segment=seg_idx, school_values=x.T,
        school_met=met.T, school_below_floor=below.T, school_passed=school_ok,
        school_share=share,
        school_ids=None if school_id is None or school_id not in cols
        else np.asarray(cols[school_id]),
    )


class _ExactBatch:
    """Exact rational indicator values of gathered school-segments (near-ties only)."""

    def __init__(self, segs: tuple[Segment, ...], sp: _Spec, rows: Int, seg_idx: Int,
                 kind: NDArray[np.int8], pupils: list[Float], wtab: Float, is_split: Bool,
                 seg_cols: Mapping[tuple[Segment, str], NDArray[Any]],
                 stock_cols: Mapping[str, NDArray[Any]]) -> None:
        self.segs, self.sp, self.rows, self.seg_idx = segs, sp, rows, seg_idx
        self.kind, self.pupil_cols, self.wtab, self.is_split = kind, pupils, wtab, is_split
        self.seg_cols, self.stock_cols = seg_cols, stock_cols
        self.sec = [{Segment.PRIMARY: 0, Segment.JUNIOR: 1}[seg] for seg in segs]

    def pupils(self, q: int) -> Fraction:
        sec = self.sec[int(self.seg_idx[q])]
        return Fraction(int(self.pupil_cols[sec][int(self.rows[q])]))

    def px(self, q: int, j: int) -> Fraction:
        """Pupils times the value of gathered row ``q``, indicator ``j``."""
        r, s = int(self.rows[q]), int(self.seg_idx[q])
        src = self.sp.sources[j]
        if self.sp.seg_level[j]:
            num = _exact.dec(self.seg_cols[(self.segs[s], src)][r].item())
        else:
            num = _exact.dec(self.stock_cols[src][r].item())
            if self.is_split[r]:
                k = int(self.kind[r])
                wp = [_exact.dec(float(self.wtab[k, sec])) * int(self.pupil_cols[sec][r])
                      for sec in range(3)]
                num *= wp[self.sec[s]] / sum(wp, Fraction(0))
        return num * _exact.dec(float(self.sp.per[j]))

    def cv_squared(self, qs: range, j: int) -> Fraction | None:
        return _exact.cv_squared([self.px(q, j) for q in qs], [self.pupils(q) for q in qs])


#: School-segments per tile of the indicator pass: a tile's work rows (values,
#: pupils, shares, deviations, flags: about 40 bytes per school-segment) stay in a
#: core's cache while the seven indicators run over them.  A county segment is
#: never split between tiles, so every grouped sum runs over the same values in the
#: same order whatever the tile size: results do not depend on it.
_TILE = 32_768


def _tiles(nz: Int, count: Int, n_grp: int, n_seg: int, starts: Int, m: int, n_work: int
           ) -> list[tuple[int, int, int, int, int]]:
    """The tiles of the indicator pass: ``(segment, first cell, end cell, first row, end row)``.

    Runs of whole counties of about :data:`_TILE` school-segments (all segments
    together) are cut once; each run gives one tile per segment, taken one after the
    other, so that the second segment finds the run's whole-school stocks still in
    cache.  ``nz`` are the county segments with a school (``segment * n_grp + group``),
    ``count`` the school-segments of every county segment, ``starts`` where each of
    ``nz`` begins in the block of ``m`` school-segments.
    """
    n_nz = len(nz)
    if n_nz == 0:
        return []
    size = _TILE if n_work == 1 else max(1, min(_TILE, -(-m // n_work)))
    per_group = count.reshape(n_seg, n_grp).sum(axis=0)
    before = np.cumsum(per_group) - per_group  # school-segments in the groups before
    key = before // size
    first = np.concatenate([[0], np.flatnonzero(key[1:] != key[:-1]) + 1])
    edges = np.append(first, n_grp)
    seg_base = (np.arange(n_seg) * n_grp)[None, :]
    c0 = np.searchsorted(nz, edges[:-1, None] + seg_base).ravel()
    c1 = np.searchsorted(nz, edges[1:, None] + seg_base).ravel()
    seg = np.tile(np.arange(n_seg), len(first))
    keep = c1 > c0
    ends = np.append(starts[:n_nz], m)
    c0, c1, seg = c0[keep], c1[keep], seg[keep]
    return list(zip(seg.tolist(), c0.tolist(), c1.tolist(), ends[c0].tolist(),
                    ends[c1].tolist(), strict=True))


class _Scratch:
    """Reusable float64 and bool buffers (one set per thread)."""

    __slots__ = ("b", "f", "p")

    def __init__(self, n: int) -> None:
        self.f: Float = np.empty(n, dtype=np.float64)
        self.p: Float = np.empty(n, dtype=np.float64)
        self.b: Bool = np.empty(n, dtype=np.bool_)


def _decide_ties(
    ties: list[tuple[int, Int]], met: Bool, below: Bool, n_met: NDArray[np.int8],
    any_below: Bool, met_n: Int, school_ok: Bool, fail_n: Int, min_met: int,
    starts: Int, at_gs: Int, segs: tuple[Segment, ...], sp: _Spec, rows: Int, seg_idx: Int,
    kind: NDArray[np.int8], pupils: list[Float], wtab: Float, is_split: Bool,
    seg_cols: Mapping[tuple[Segment, str], NDArray[Any]], stock_cols: Mapping[str, NDArray[Any]],
) -> None:
    """Re-decide, exactly, the per-school comparisons that fell in the tie window, and
    correct what follows from the flags that changed: the per-school counts and rule
    (``school_ok``) and the per-county counts ``met_n`` (county segment, indicator) and
    ``fail_n`` (county segments beginning at ``starts`` are at ``at_gs`` in those).

    ``met`` is ``pupils x value >= threshold x pupils`` and ``below`` the same against
    the floor, in rationals from the decimal inputs (:mod:`qbalance._exact`).  When the
    numerator is a whole number (teacher counts, classrooms, whole-yuan stocks) of a
    school that is not split, both sides are whole numbers: with the rational factors
    of the standard cleared, they are compared in float64, which is exact while both
    stay below 2**53 (checked).  Every other candidate goes through
    :class:`fractions.Fraction`.
    """
    exact: _ExactBatch | None = None
    sec = [{Segment.PRIMARY: 0, Segment.JUNIOR: 1}[seg] for seg in segs]
    by_j: dict[int, list[Int]] = {}
    for j, qs in ties:
        by_j.setdefault(j, []).append(qs)
    big = float(2 ** 53)
    for j, parts in by_j.items():
        qs = np.concatenate(parts)
        was = met[j, qs].astype(np.int32)
        s_q, r = seg_idx[qs], rows[qs]
        v = np.empty(len(qs), dtype=np.float64)
        p = np.empty(len(qs), dtype=np.float64)
        src = sp.sources[j]
        for s, seg in enumerate(segs):
            on = s_q == s
            col = seg_cols[(seg, src)] if sp.seg_level[j] else stock_cols[src]
            v[on] = col[r[on]]
            p[on] = pupils[sec[s]][r[on]]
        slow = np.trunc(v) != v
        if not sp.seg_level[j]:
            slow |= is_split[r]
        per, fl = _exact.dec(float(sp.per[j])), _exact.dec(float(sp.floor[j]))
        for s in range(len(segs)):
            on = (s_q == s) & ~slow
            if not on.any():
                continue
            t = _exact.dec(float(sp.thr[s, j]))
            c = (per.numerator * t.denominator, t.numerator * per.denominator,
                 per.numerator * t.denominator * fl.denominator,
                 t.numerator * fl.numerator * per.denominator)
            if min(c) < 0 or max(c) >= 2 ** 53:
                slow |= on
                continue
            vs, ps = v[on], p[on]
            l1, r1 = vs * float(c[0]), ps * float(c[1])
            l2, r2 = vs * float(c[2]), ps * float(c[3])
            fits = (l1 < big) & (r1 < big) & (l2 < big) & (r2 < big)
            slow[on] = ~fits
            q = qs[on][fits]
            is_met = l1[fits] >= r1[fits]
            met[j, q] = is_met
            below[j, q] = ~is_met & (l2[fits] < r2[fits])
        if slow.any():
            if exact is None:
                exact = _ExactBatch(segs, sp, rows, seg_idx, kind, pupils, wtab, is_split,
                                    seg_cols, stock_cols)
            floor = fl
            for q in qs[slow].tolist():
                s, r_q = int(seg_idx[q]), int(rows[q])
                t = _exact.dec(float(sp.thr[s, j]))
                if sp.seg_level[j] or not is_split[r_q]:
                    # a decimal numerator n / d: the same comparisons, in whole numbers
                    col = seg_cols[(segs[s], src)] if sp.seg_level[j] else stock_cols[src]
                    vn, vd = _exact.dec(col[r_q].item()).as_integer_ratio()
                    pq_i = int(pupils[sec[s]][r_q])
                    lhs = vn * per.numerator * t.denominator
                    is_met = lhs >= t.numerator * pq_i * per.denominator * vd
                    met[j, q] = is_met
                    below[j, q] = (not is_met) and (lhs * floor.denominator < floor.numerator
                                                    * t.numerator * pq_i * per.denominator * vd)
                    continue
                px, pq = exact.px(q, j), exact.pupils(q)
                met[j, q] = px >= t * pq
                below[j, q] = (not met[j, q]) and px < floor * t * pq
        np.add.at(met_n[:, j], at_gs[np.searchsorted(starts, qs, side="right") - 1],
                  met[j, qs].astype(np.int32) - was)
    touched = np.unique(np.concatenate([q for _, q in ties]))
    n_met[touched] = met[:, touched].sum(axis=0)
    any_below[touched] = below[:, touched].any(axis=0)
    was_ok = school_ok[touched].astype(np.intp)
    school_ok[touched] = (n_met[touched] >= min_met) & ~any_below[touched]
    np.add.at(fail_n, at_gs[np.searchsorted(starts, touched, side="right") - 1],
              was_ok - school_ok[touched])


_POOLS: dict[int, ThreadPoolExecutor] = {}


def _workers(workers: int, k: int) -> int:
    if not isinstance(workers, int) or workers < 1:
        raise DataError(message("batch.workers", value=workers), field="workers",
                        value=workers)
    return max(1, min(workers, k))


def _pool(size: int) -> ThreadPoolExecutor:
    if size not in _POOLS:
        _POOLS[size] = ThreadPoolExecutor(max_workers=size, thread_name_prefix="qbalance")
    return _POOLS[size]


def _grouping(ckey: NDArray[Any], ykey: NDArray[Any] | None
              ) -> tuple[Int | None, Int, NDArray[Any], NDArray[Any] | None]:
    """Row order (None if grouped already), group starts + n, county keys, year keys."""
    n = ckey.shape[0]
    if (ykey is None and ckey.dtype.kind in "iu" and n
            and (n == 1 or bool((ckey[1:] >= ckey[:-1]).all()))):
        # grouped integer keys (the usual national table): no codes, no sorting
        first = np.flatnonzero(ckey[1:] != ckey[:-1]) + 1
        bounds = np.concatenate([[0], first, [n]]).astype(np.intp)
        return None, bounds, ckey[bounds[:-1]], None
    if (ykey is not None and ckey.dtype.kind in "iu" and ykey.dtype.kind in "iu" and n > 1):
        # (county, year) rows sorted by county, then year (a multi-year national table)
        if bool((ckey[1:] >= ckey[:-1]).all()):
            new_county = ckey[1:] != ckey[:-1]
            if bool((new_county | (ykey[1:] >= ykey[:-1])).all()):
                first = np.flatnonzero(new_county | (ykey[1:] != ykey[:-1])) + 1
                bounds = np.concatenate([[0], first, [n]]).astype(np.intp)
                return None, bounds, ckey[bounds[:-1]], ykey[bounds[:-1]]
    ccode, ckeys = _factorize(ckey)
    ykeys: NDArray[Any] | None = None
    if ykey is not None:
        ycode, yuniq = _factorize(ykey)
        gcode, guniq = _factorize(ccode * len(yuniq) + ycode)
        gkeys, ykeys = ckeys[guniq // len(yuniq)], yuniq[guniq % len(yuniq)]
    else:
        gcode, gkeys = ccode, ckeys
    order: Int | None = None
    if n > 1 and not bool((gcode[1:] >= gcode[:-1]).all()):
        small = len(gkeys) <= np.iinfo(np.uint16).max
        order = np.argsort(gcode.astype(np.uint16) if small else gcode, kind="stable")
        gcode = gcode[order]
    first = np.flatnonzero(gcode[1:] != gcode[:-1]) + 1
    bounds = np.concatenate([[0], first, [n]]).astype(np.intp) if n else np.zeros(1, np.intp)
    return order, bounds, gkeys, ykeys


def _group_of_rows(rows: Int, order: Int | None, bounds: Int) -> Int:
    """Group index of input rows (used only for rows with problems)."""
    if order is None:
        pos = rows
    else:
        inv = np.empty_like(order)
        inv[order] = np.arange(len(order))
        pos = inv[rows]
    return np.searchsorted(bounds, pos, side="right") - 1


def _missing(name: str) -> NDArray[np.int8]:
    raise DataError(message("batch.column_missing", name=name), field=name)


def _take(src: NDArray[Any], idx: Int, out: Float) -> None:
    """``out[:] = src[idx]`` (indices are valid by construction: no bounds check)."""
    if src.dtype == np.float64:
        np.take(src, idx, out=out, mode="clip")
    else:
        out[...] = np.take(src, idx, mode="clip")


def _problems(
    status: NDArray[np.str_], segs: tuple[Segment, ...], gkeys: NDArray[Any],
    ykeys: NDArray[Any] | None, invalid_groups: Int, first_bad: Int,
    cols: Mapping[str, Any], school_id: str | None, kind: NDArray[np.int8],
    pupils: list[Float], checked: list[tuple[str, NDArray[Any], bool]], mismatch: Bool,
    sp: _Spec, rows: Int, x: Float, seg_idx: Int, implausible: Bool | None,
    zero_means: Float, n_schools: Int,
) -> tuple[BatchProblem, ...]:
    """Messages for the (usually few) counties that are not ok; Python per problem."""
    out: list[BatchProblem] = []
    ids = None if school_id is None or school_id not in cols else np.asarray(cols[school_id])

    def key(g: int) -> tuple[Any, Any]:
        c = gkeys[g].item() if hasattr(gkeys[g], "item") else gkeys[g]
        y = None if ykeys is None else (ykeys[g].item() if hasattr(ykeys[g], "item")
                                        else ykeys[g])
        return c, y

    for g, r in zip(invalid_groups.tolist(), first_bad.tolist(), strict=True):
        c, y = key(g)
        school = str(ids[r]) if ids is not None else f"row {r}"
        field, value, msg = _describe_row(r, kind, pupils, checked, mismatch, sp, rows, x,
                                          seg_idx, implausible, segs)
        out.append(BatchProblem(county=c, year=y, segment=None, status="invalid",
                                message=f"school {school}: {msg}",
                                school=school, field=field, value=value))
    for g, s in np.argwhere((status == "empty") | (status == "zero_mean")).tolist():
        c, y = key(g)
        seg = segs[s]
        if status[g, s] == "empty":
            msg = f"segment {seg.value} ({seg.zh}) has no school in scope to evaluate"
            out.append(BatchProblem(county=c, year=y, segment=seg, status="empty", message=msg,
                                    field="segment", value=seg.value))
        else:
            zero = [sp.codes[j] for j in range(len(sp.codes)) if not zero_means[g, s, j] > 0]
            msg = (f"segment {seg.value} ({seg.zh}) indicator {', '.join(zero)}: "
                   + zero_mean_text(int(n_schools[g, s]), "en"))
            out.append(BatchProblem(county=c, year=y, segment=seg, status="zero_mean", message=msg,
                                    field=sp.sources[sp.codes.index(zero[0])], value=0.0))
    return tuple(out)


def _describe_row(
    r: int, kind: NDArray[np.int8], pupils: list[Float],
    checked: list[tuple[str, NDArray[Any], bool]], mismatch: Bool, sp: _Spec, rows: Int,
    x: Float, seg_idx: Int, implausible: Bool | None, segs: tuple[Segment, ...],
) -> tuple[str | None, Any, str]:
    for name, a, integral in checked:
        v = a[r].item()
        if not (v >= 0 and v < np.inf) or (integral and float(v) != round(float(v))):
            need = "a whole number >= 0" if integral else "a finite number >= 0"
            return name, v, f"field {name!r} = {v!r}: must be {need}"
    if mismatch[r]:
        if kind[r] < 0:
            return "kind", None, "field 'kind': unknown school kind"
        k = _KINDS[int(kind[r])]
        secs = ", ".join(f"{c}={pupils[i][r]:g}" for i, c in enumerate(_PUPILS))
        return "kind", k.value, (f"a {k.value} school ({k.zh}) has sections that do not match "
                                 f"its kind ({secs})")
    if implausible is not None:
        hit = np.flatnonzero(implausible & (rows == r))
        if len(hit):
            i = int(hit[0])
            for j in range(len(sp.codes)):
                v = float(x[j, i])
                lo, hi = float(sp.lo[j]), float(sp.hi[j])
                if lo <= v <= hi:
                    continue
                msg = (f"{segs[int(seg_idx[i])].value} {sp.codes[j]}: value {v:.6g} from field "
                       f"{sp.sources[j]!r} is outside the plausible range [{lo:g}, {hi:g}]")
                if lo <= v * 10_000 <= hi and v < lo:
                    msg += "; it looks like 万元 given where 元 is expected (10 000 x too small)"
                elif lo <= v / 10_000 <= hi and v > hi:
                    msg += "; it looks 10 000 x too large (元 given where 万元 is expected?)"
                return sp.sources[j], v, msg
    return None, None, "a combined school has no pupils to split its stocks by"


# -- conversions ---------------------------------------------------------------------

def columns_from_counties(counties: Iterable[County]) -> dict[str, NDArray[Any]]:
    """The columns :func:`evaluate_batch` reads, built from validated counties.

    Keys: ``county`` (the county name), ``year``, ``school_id``,
    :data:`BATCH_COLUMNS` and ``primary_evaluated`` / ``junior_evaluated`` (the
    county's :attr:`~qbalance.County.segments`, on every row); ``kind`` holds
    :data:`KIND_CODES`.

    Parameters
    ----------
    counties : iterable of County
        The counties; their schools become the rows, county by county, in order.

    Returns
    -------
    dict of str to numpy.ndarray
        One array per column, one row per school: ``kind`` as int8 codes,
        ``private`` as bool, ``year`` as int64, the counts and stocks as float64
        (0 for a section the school does not have).

    Examples
    --------
    >>> from qbalance import example_county
    >>> from qbalance.evaluate.batch import columns_from_counties
    >>> county = example_county()
    >>> cols = columns_from_counties([county])
    >>> len(cols["school_id"]) == len(county.schools), sorted(cols)[:4]
    (True, ['county', 'equipment_value_yuan', 'junior_backbone_teachers', 'junior_evaluated'])
    """
    counties = list(counties)
    recs: list[tuple[str, int, School]] = [
        (c.name, c.year, s) for c in counties for s in c.schools]
    for _, _, s in recs:
        if s.kindergarten_pupils:
            # the batch columns have no kindergarten section: refuse rather than split
            # the school's stocks differently from evaluate_resources
            raise DataError(message("batch.kindergarten", school=f"{s.id} ({s.name})",
                                    n=s.kindergarten_pupils),
                            school=f"{s.id} ({s.name})", field="kindergarten_pupils",
                            value=s.kindergarten_pupils)
    n = len(recs)
    out: dict[str, NDArray[Any]] = {
        "county": np.array([r[0] for r in recs], dtype=object if n == 0 else None),
        "year": np.array([r[1] for r in recs], dtype=np.int64),
        "school_id": np.array([r[2].id for r in recs], dtype=object if n == 0 else None),
        "kind": np.array([KIND_CODES[r[2].kind] for r in recs], dtype=np.int8),
        "private": np.array([r[2].private for r in recs], dtype=np.bool_),
        "primary_pupils": np.array([r[2].primary.pupils if r[2].primary else 0 for r in recs],
                                   dtype=np.float64),
        "junior_pupils": np.array([r[2].junior.pupils if r[2].junior else 0 for r in recs],
                                  dtype=np.float64),
        "senior_pupils": np.array([r[2].senior_pupils for r in recs], dtype=np.float64),
    }
    segs_of = [c.segments for c in counties for _ in c.schools] if n else []
    if n:
        for seg in (Segment.PRIMARY, Segment.JUNIOR):
            out[f"{seg.value}_evaluated"] = np.array([seg in sg for sg in segs_of],
                                                     dtype=np.bool_)
    for seg in Segment:
        for f in _TEACHER_FIELDS:
            out[f"{seg.value}_{f}"] = np.array(
                [getattr(b, f) if (b := r[2].segment(seg)) is not None else 0 for r in recs],
                dtype=np.float64)
    for f in _STOCK_FIELDS:
        out[f] = np.array([float(getattr(r[2], f)) for r in recs], dtype=np.float64)
    return out


def counties_from_columns(
    data: Mapping[str, ArrayLike] | Any,
    *,
    county: str = "county",
    year: str | None = "year",
    school_id: str | None = "school_id",
    default_year: int = 2025,
    constructed: bool = True,
) -> list[County]:
    """Validated :class:`~qbalance.County` objects from batch columns (small data sets).

    One county per distinct key (and year), in sorted key order; schools keep
    their row order.  Builds pydantic models one school at a time, so it is meant
    for tests, examples and the loop baseline of the benchmark, not for the
    national table.

    Parameters
    ----------
    data : mapping of str to array_like, or pandas.DataFrame
        The columns of :func:`evaluate_batch`.
    county : str
        Name of the county key column; a county is named by its key (as text).
    year : str or None
        Name of the year column; without one (``None`` or absent), every county is
        of ``default_year``.
    school_id : str or None
        Name of the school-id column; without one, schools get ids ``S0000000``,
        ``S0000001`` … by row.  The id is also the school's name.  The optional
        ``primary_evaluated`` / ``junior_evaluated`` columns give the county's
        :attr:`~qbalance.County.segments` (a segment is evaluated when any of the
        county's rows says so).
    default_year : int
        Year used when there is no year column.
    constructed : bool
        Mark the counties as constructed data (not real counties).

    Returns
    -------
    list of County
        One validated county per distinct (key, year), in sorted order.

    Raises
    ------
    DataValidationError
        A school or county does not validate (names the school, field and value).

    Examples
    --------
    Round trip through the columns of the bundled example county:

    >>> from qbalance import example_county
    >>> from qbalance.evaluate.batch import columns_from_counties, counties_from_columns
    >>> county = example_county()
    >>> (back,) = counties_from_columns(columns_from_counties([county]))
    >>> back.name, back.year, [s.id for s in back.schools] == [s.id for s in county.schools]
    ('示例县', 2025, True)
    """
    cols = _as_columns(data)
    keys = np.asarray(cols[county])
    n = keys.shape[0]
    years = (np.asarray(cols[year]) if year is not None and year in cols
             else np.full(n, default_year))
    ids = (np.asarray(cols[school_id]) if school_id is not None and school_id in cols
           else np.array([f"S{i:07d}" for i in range(n)]))
    kinds = _kind_codes(cols["kind"], n)
    num = {c: np.asarray(_column(cols, c, n, 0.0 if c in ("senior_pupils", "private")
                                 else None), dtype=np.float64)
           for c in BATCH_COLUMNS if c != "kind"}
    flags = {seg: np.asarray(_column(cols, f"{seg.value}_evaluated", n)) != 0
             for seg in (Segment.PRIMARY, Segment.JUNIOR) if f"{seg.value}_evaluated" in cols}
    groups: dict[tuple[Any, Any], list[int]] = {}
    for i in range(n):
        groups.setdefault((keys[i].item() if hasattr(keys[i], "item") else keys[i],
                           int(years[i])), []).append(i)
    out = []
    for (key, yr) in sorted(groups):
        schools = []
        for i in groups[(key, yr)]:
            k = _KINDS[int(kinds[i])] if kinds[i] >= 0 else "unknown"
            rec: dict[str, Any] = {
                "id": str(ids[i]), "name": str(ids[i]), "kind": k,
                "private": bool(num["private"][i]),
                "senior_pupils": int(num["senior_pupils"][i]),
            }
            for f in _STOCK_FIELDS:
                v = float(num[f][i])
                rec[f] = int(v) if f in _COUNT_STOCKS else v
            for seg in Segment:
                p = float(num[f"{seg.value}_pupils"][i])
                if p > 0:
                    rec[seg.value] = {"pupils": int(p), **{
                        f: int(num[f"{seg.value}_{f}"][i]) for f in _TEACHER_FIELDS}}
            schools.append(rec)
        rec_c: dict[str, Any] = {"name": str(key), "year": yr, "schools": schools,
                                 "constructed": constructed}
        if flags:
            members = groups[(key, yr)]
            rec_c["segments"] = [seg.value for seg in (Segment.PRIMARY, Segment.JUNIOR)
                                 if seg not in flags or flags[seg][members].any()]
        out.append(County.from_dict(rec_c, source=f"county {key} ({yr})"))
    return out
