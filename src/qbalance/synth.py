"""Seeded synthetic national data for benchmarks and tests (构造数据, not real schools).

:func:`synthetic_columns` draws a national table in the column layout of
:func:`qbalance.evaluate_batch`: by default about 2,900 counties and 210,000
compulsory-education schools, roughly the size of China's school system.
:func:`synthetic_counties` gives the same kind of data as validated
:class:`~qbalance.County` objects for small cases.

The distributions are plausible, not calibrated: county sizes are log-normal
(a few to several hundred schools, about 72 on average); the mix of kinds is
about 49 % primary schools, 21 % teaching points (教学点, about half of them under
50 pupils), 18 % junior schools, 7 % nine-year schools, 2.5 % complete middle
schools, 0.5 % twelve-year schools, 1 % special-education schools and 3 %
private schools; pupils are log-normal per kind; each county has a wealth level
and each school a level around it, and the resources are drawn around the
national thresholds times those levels, so that most schools meet most
indicators and county CVs spread around the limits.  Counts (pupils, teachers,
classrooms) are whole numbers; areas are in m² to 0.1; equipment in yuan.

Examples
--------
>>> from qbalance.synth import synthetic_columns
>>> cols = synthetic_columns(2_000, seed=1)
>>> len(cols["county"]), len(set(cols["county"].tolist())) > 10
(2000, True)
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from qbalance._messages import message
from qbalance.evaluate.batch import KIND_CODES, counties_from_columns
from qbalance.models import County, SchoolKind

__all__ = ["synthetic_columns", "synthetic_counties"]

# kind, share of schools, median primary / junior / senior pupils (0 = no such section)
_MIX: tuple[tuple[SchoolKind, float, int, int, int], ...] = (
    (SchoolKind.PRIMARY, 0.49, 420, 0, 0),
    (SchoolKind.TEACHING_POINT, 0.21, 50, 0, 0),
    (SchoolKind.JUNIOR, 0.18, 0, 850, 0),
    (SchoolKind.NINE_YEAR, 0.07, 480, 320, 0),
    (SchoolKind.COMPLETE_MIDDLE, 0.025, 0, 900, 1100),
    (SchoolKind.TWELVE_YEAR, 0.005, 700, 500, 600),
    (SchoolKind.SPECIAL, 0.01, 80, 40, 0),
)
# per pupil (or per 100 pupils) level around which each resource is drawn:
# teachers above degree, backbone, PE/art per 100; m², m², yuan per pupil; rooms per 100
_LEVEL = {
    "primary": (6.0, 1.5, 1.3, 6.5, 11.0, 3000.0, 3.2),
    "junior": (7.5, 1.5, 1.3, 8.2, 14.5, 3700.0, 3.4),
}
_TEACHERS = ("teachers_above_degree", "backbone_teachers", "pe_art_teachers")
_STOCKS = ("teaching_area_m2", "sports_area_m2", "equipment_value_yuan",
           "multimedia_classrooms")


def synthetic_columns(
    n_schools: int = 210_000,
    *,
    n_counties: int | None = None,
    seed: int = 0,
    years: tuple[int, ...] = (2025,),
    string_keys: bool = False,
) -> dict[str, NDArray[Any]]:
    """A synthetic national school table in the layout of :func:`~qbalance.evaluate_batch`.

    Parameters
    ----------
    n_schools : int
        Schools per year (default 210,000, the national order of magnitude).
    n_counties : int, optional
        Counties (default: ``n_schools / 72``, 2,900 for the default size).
    seed : int
        Seed of the random generator; the same seed gives the same table.
    years : tuple of int
        Years; each year repeats the schools with drifted values.
    string_keys : bool
        County keys as strings (``"530101"``) instead of integer codes.

    Returns
    -------
    dict of str to numpy.ndarray
        Columns ``county`` (6-digit administrative-style codes, rows grouped by
        county and year), ``year``, ``school_id``, ``kind`` (:data:`~qbalance.KIND_CODES`),
        ``private`` and the numeric columns of :data:`~qbalance.BATCH_COLUMNS`,
        all float64.

    Examples
    --------
    >>> import numpy as np
    >>> from qbalance import evaluate_batch
    >>> from qbalance.synth import synthetic_columns
    >>> cols = synthetic_columns(5_000, seed=7)
    >>> len(cols["kind"]), cols["equipment_value_yuan"].dtype
    (5000, dtype('float64'))
    >>> result = evaluate_batch(cols)
    >>> result.status.shape
    (69, 2)
    """
    if n_schools < 1:
        raise ValueError(message("synth.n_schools"))
    rng = np.random.default_rng(seed)
    nc = n_counties if n_counties is not None else max(1, round(n_schools / 72))
    nc = min(nc, n_schools)
    # county sizes: log-normal, at least 2 schools each (when possible), summing to n_schools
    wts = rng.lognormal(0.0, 0.7, nc)
    least = 2 if n_schools >= 2 * nc else 1
    sizes = rng.multinomial(n_schools - least * nc, wts / wts.sum()) + least
    codes = np.sort(rng.choice(np.arange(110_100, 660_000), nc, replace=False))
    county = np.repeat(codes, sizes)
    wealth = np.repeat(rng.lognormal(0.0, 0.22, nc), sizes)

    n = n_schools
    shares = np.array([m[1] for m in _MIX])
    kind_idx = rng.choice(len(_MIX), n, p=shares / shares.sum())
    # every county of two or more schools gets a primary and a junior school first
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    big = sizes >= 2
    kind_idx[first[big]] = 0
    kind_idx[first[big] + 1] = 2
    kind = np.array([KIND_CODES[m[0]] for m in _MIX], dtype=np.int8)[kind_idx]

    pupils = {}
    for sec, col in enumerate(("primary_pupils", "junior_pupils", "senior_pupils")):
        med = np.array([m[2 + sec] for m in _MIX], dtype=np.float64)[kind_idx]
        sigma = np.where(kind_idx == 1, 0.6, 0.75)
        p = np.rint(med * rng.lognormal(0.0, sigma, n))
        p = np.clip(p, 5, 4500)
        pupils[col] = np.where(med > 0, p, 0.0)
    # a special school has a primary section, sometimes a junior one
    spec = kind_idx == 6
    pupils["junior_pupils"][spec & (rng.random(n) < 0.5)] = 0.0

    out: dict[str, NDArray[Any]] = {}
    level = wealth * rng.lognormal(0.0, 0.18, n)
    for seg in ("primary", "junior"):
        p = pupils[f"{seg}_pupils"]
        for j, f in enumerate(_TEACHERS):
            rate = _LEVEL[seg][j] * level * rng.lognormal(0.0, 0.22, n)
            out[f"{seg}_{f}"] = np.where(p > 0, np.rint(rate * p / 100.0), 0.0)
    weighted = pupils["primary_pupils"] + 1.1 * pupils["junior_pupils"]
    jshare = np.divide(1.1 * pupils["junior_pupils"], weighted,
                       out=np.zeros(n), where=weighted > 0)
    for j, f in enumerate(_STOCKS):
        per = (1 - jshare) * _LEVEL["primary"][3 + j] + jshare * _LEVEL["junior"][3 + j]
        # whole-school stocks also serve senior pupils of combined schools
        base = weighted + 1.32 * pupils["senior_pupils"]
        val = per * level * rng.lognormal(0.0, 0.25, n) * base
        if f == "multimedia_classrooms":
            val = np.maximum(np.rint(val / 100.0), 1.0)
        elif f == "equipment_value_yuan":
            val = np.rint(val)
        else:
            val = np.round(val, 1)
        out[f] = val

    private = rng.random(n) < 0.03
    ids = np.char.add("S", np.char.zfill(np.arange(n).astype(str), 6))
    base_cols: dict[str, NDArray[Any]] = {
        "kind": kind, "private": private, **pupils, **out}

    frames = []
    for t, yr in enumerate(years):
        drift = 1.0 + 0.03 * t
        cols = {}
        for k, v in base_cols.items():
            if k in ("kind", "private") or k.endswith("_pupils") or t == 0:
                cols[k] = v
            elif k == "equipment_value_yuan":
                cols[k] = np.rint(v * drift)
            elif k in ("teaching_area_m2", "sports_area_m2"):
                cols[k] = np.round(v * drift, 1)
            else:
                cols[k] = v
        cols["county"] = county.astype(str) if string_keys else county
        cols["year"] = np.full(n, yr, dtype=np.int64)
        cols["school_id"] = ids
        frames.append(cols)
    keys = ("county", "year", "school_id", "kind", "private", "primary_pupils",
            "junior_pupils", "senior_pupils",
            *(f"{seg}_{f}" for seg in ("primary", "junior") for f in _TEACHERS), *_STOCKS)
    if len(frames) == 1:
        res = {k: frames[0][k] for k in keys}
    else:
        # rows grouped by county, then year
        order = np.argsort(np.tile(county, len(years)), kind="stable")
        res = {k: np.concatenate([f[k] for f in frames])[order] for k in keys}
    for k in keys:
        if k not in ("county", "year", "school_id", "kind", "private"):
            res[k] = np.ascontiguousarray(res[k], dtype=np.float64)
    return res


def synthetic_counties(
    n_counties: int = 3, *, schools_per_county: int = 40, seed: int = 0,
) -> list[County]:
    """Small synthetic counties as validated :class:`~qbalance.County` objects.

    Every county has at least one primary and one junior school.

    Parameters
    ----------
    n_counties : int
        Number of counties.
    schools_per_county : int
        Average schools per county: ``n_counties * schools_per_county`` schools are
        drawn with :func:`synthetic_columns` and spread over the counties by the
        same log-normal county sizes, so single counties have more or fewer.
    seed : int
        Seed of the random generator; the same seed gives the same counties.

    Returns
    -------
    list of County
        One validated county per synthetic county code, in code order, named by
        its code, for the year 2025 and marked ``constructed``.

    Raises
    ------
    ValueError
        ``n_counties * schools_per_county`` is less than 1.

    Examples
    --------
    >>> from qbalance.synth import synthetic_counties
    >>> counties = synthetic_counties(2, schools_per_county=30, seed=3)
    >>> len(counties), all(c.constructed for c in counties)
    (2, True)
    """
    cols = synthetic_columns(n_counties * schools_per_county, n_counties=n_counties,
                             seed=seed)
    return counties_from_columns(cols)
