"""Ratio primitives of the government-guarantee, quality and survey indicators.

Pure functions (no I/O, no pydantic) computing, exactly, the ratios that county
reports compute by hand: the junior three-year consolidation rate
(初中三年巩固率), the share of quality senior-high places allocated to junior
schools (优质高中招生名额分配比例), teacher rotation (交流轮岗), certification
(持证上岗率), nearby enrolment (就近划片入学), disabled children's enrolment
(残疾儿童少年入学率), the teacher-training budget share (教师培训经费占比), …

Every ratio is returned as a **fraction** (``0.1091``, not ``10.91``).  Each
function has an ``exact_…`` counterpart or is built on :func:`exact_share`,
which returns a :class:`fractions.Fraction`: threshold tests must use the exact
value, never a rounded one (Midu's 532 / 1065 = 49.95 % is *not* ≥ 50 %).

Inputs that cannot be right raise :class:`qbalance.RatioError` (a
:class:`qbalance.DataError`) naming the ratio, the field and the value: a
negative count, a zero denominator, or a part larger than its whole where that
is impossible.  Counts must be integers; money amounts may be ``int``,
``float`` (read through its shortest decimal ``repr``: ``146.2652`` is the
decimal 146.2652), :class:`~decimal.Decimal` or :class:`~fractions.Fraction`.

Examples
--------
Midu (弥渡县) county self-evaluation report (2023 data), government guarantee
indicator 14: 532 of 1065 quality senior-high places were allocated in 2023,
printed "50 %":

>>> from qbalance.ratios import exact_share, quota_allocation_share
>>> f"{quota_allocation_share(532, 1065):.4%}"
'49.9531%'
>>> exact_share(532, 1065) >= 0.5
False
>>> exact_share(375, 750) >= 0.5          # 2024: exactly 50 %, met
True
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from numbers import Integral
from typing import Literal

from qbalance.errors import RatioError
from qbalance.rounding import exact_fraction

__all__ = [
    "Amount",
    "backbone_rotation_share",
    "certification_rate",
    "consolidation_denominator",
    "consolidation_rate",
    "disabled_enrolment_rate",
    "exact_consolidation_rate",
    "exact_share",
    "migrant_public_share",
    "nearby_enrolment_rate",
    "parent_share",
    "per_pupil",
    "quota_allocation_share",
    "rooms_required",
    "rotation_share",
    "rural_quota_share",
    "share",
    "survey_sample_rate",
    "training_budget_share",
    "training_completion_rate",
]

#: A money amount or other measured quantity: converted exactly to a Fraction.
Amount = int | float | Decimal | Fraction


def _count(value: object, field: str, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise RatioError(f"{what}: {field} = {value!r} must be a whole number (a count)",
                         field=field, value=value)
    n = int(value)
    if n < 0:
        raise RatioError(f"{what}: {field} = {n} is negative; a count cannot be negative",
                         field=field, value=n)
    return n


def _amount(value: object, field: str, what: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, Fraction,
                                                         Integral)):
        raise RatioError(f"{what}: {field} = {value!r} is not a number", field=field,
                         value=value)
    if isinstance(value, float) and not math.isfinite(value):
        raise RatioError(f"{what}: {field} = {value!r} is not a finite number", field=field,
                         value=value)
    x = exact_fraction(int(value) if isinstance(value, Integral) else value, field=field)
    if x < 0:
        raise RatioError(f"{what}: {field} = {value!r} is negative", field=field, value=value)
    return x


def exact_share(part: Amount, whole: Amount, *, part_name: str = "part",
                whole_name: str = "whole", what: str = "share",
                allow_exceed: bool = False) -> Fraction:
    """``part / whole`` as an exact :class:`~fractions.Fraction` (比例, 占比).

    Parameters
    ----------
    part, whole : int, float, Decimal or Fraction
        Non-negative numbers; ``whole`` must be positive.
    part_name, whole_name, what : str
        Names used in error messages (the fields and the ratio).
    allow_exceed : bool
        Allow ``part > whole`` (e.g. a ratio of two pay levels); by default a
        part larger than its whole is an error.

    Raises
    ------
    RatioError
        A negative or non-numeric input, ``whole == 0``, or ``part > whole``
        when not allowed.

    Examples
    --------
    Baoqing (宝清县) self-evaluation report (2024 data), government guarantee
    indicator 14: 964 of 1634 quality senior-high places allocated, "59 %":

    >>> from qbalance.ratios import exact_share
    >>> exact_share(964, 1634)
    Fraction(482, 817)
    >>> exact_share(70, 67, part_name="rotated", whole_name="eligible")
    Traceback (most recent call last):
    ...
    qbalance.errors.RatioError: share: rotated = 70 is larger than eligible = 67
    """
    p = _amount(part, part_name, what)
    w = _amount(whole, whole_name, what)
    if w == 0:
        raise RatioError(f"{what}: {whole_name} is 0, so the share of {part_name} is undefined",
                         field=whole_name, value=whole)
    if p > w and not allow_exceed:
        raise RatioError(f"{what}: {part_name} = {part} is larger than {whole_name} = {whole}",
                         field=part_name, value=part)
    return p / w


def share(part: Amount, whole: Amount, *, part_name: str = "part", whole_name: str = "whole",
          what: str = "share", allow_exceed: bool = False) -> float:
    """``part / whole`` as a float fraction; see :func:`exact_share` for the rules.

    Examples
    --------
    Midu (弥渡县) self-evaluation report (2023 data), government guarantee
    indicator 14: 301 of 600 places allocated in 2022, printed "50.2 %":

    >>> from qbalance.ratios import share
    >>> f"{share(301, 600):.2%}"
    '50.17%'
    """
    return float(exact_share(part, whole, part_name=part_name, whole_name=whole_name,
                             what=what, allow_exceed=allow_exceed))


def _count_share(part: int, whole: int, part_name: str, whole_name: str, what: str) -> float:
    p = _count(part, part_name, what)
    w = _count(whole, whole_name, what)
    return float(exact_share(p, w, part_name=part_name, whole_name=whole_name, what=what))


# -- junior three-year consolidation rate -------------------------------------------------

def consolidation_denominator(
    entrants: int, *, transferred_in: int = 0, transferred_out: int = 0, resumed: int = 0,
    suspended: int = 0, deceased: int = 0,
    variant: Literal["full", "transfers_only"] = "full",
) -> int:
    """The adjusted cohort of the consolidation rate (巩固率分母).

    ``entrants + transferred_in + resumed − transferred_out − suspended −
    deceased`` (variant ``"full"``), or ``entrants + transferred_in −
    transferred_out`` (variant ``"transfers_only"``, which ignores resumed,
    suspended and deceased).

    Raises
    ------
    RatioError
        A negative count, an unknown variant, or a cohort that is not positive.

    Examples
    --------
    Midu (弥渡县) self-evaluation report (2023 data), education quality
    indicator 1: 2642 + 87 + 5 − 40 − 14 − 3:

    >>> from qbalance.ratios import consolidation_denominator
    >>> consolidation_denominator(2642, transferred_in=87, resumed=5, transferred_out=40,
    ...                           suspended=14, deceased=3)
    2677
    >>> consolidation_denominator(2642, transferred_in=87, resumed=5, transferred_out=40,
    ...                           suspended=14, deceased=3, variant="transfers_only")
    2689
    """
    what = "consolidation_rate"
    e = _count(entrants, "entrants", what)
    tin = _count(transferred_in, "transferred_in", what)
    tout = _count(transferred_out, "transferred_out", what)
    res = _count(resumed, "resumed", what)
    sus = _count(suspended, "suspended", what)
    dec = _count(deceased, "deceased", what)
    if variant == "full":
        d = e + tin + res - tout - sus - dec
        formula = (f"{e} + {tin} + {res} − {tout} − {sus} − {dec} (entrants + transferred_in "
                   "+ resumed − transferred_out − suspended − deceased)")
    elif variant == "transfers_only":
        d = e + tin - tout
        formula = f"{e} + {tin} − {tout} (entrants + transferred_in − transferred_out)"
    else:
        raise RatioError(f"{what}: variant = {variant!r}; use 'full' or 'transfers_only'",
                         field="variant", value=variant)
    if d <= 0:
        raise RatioError(f"{what}: the adjusted cohort {formula} = {d} is not positive",
                         field="entrants", value=entrants)
    return d


def exact_consolidation_rate(
    graduates: int, entrants: int, *, transferred_in: int = 0, transferred_out: int = 0,
    resumed: int = 0, suspended: int = 0, deceased: int = 0,
    variant: Literal["full", "transfers_only"] = "full", cap: bool = False,
) -> Fraction:
    """:func:`consolidation_rate` as an exact :class:`~fractions.Fraction`.

    Examples
    --------
    >>> from qbalance.ratios import exact_consolidation_rate
    >>> exact_consolidation_rate(2675, 2642, transferred_in=87, resumed=5,
    ...                          transferred_out=40, suspended=14, deceased=3)
    Fraction(2675, 2677)
    """
    g = _count(graduates, "graduates", "consolidation_rate")
    d = consolidation_denominator(entrants, transferred_in=transferred_in,
                                  transferred_out=transferred_out, resumed=resumed,
                                  suspended=suspended, deceased=deceased, variant=variant)
    r = Fraction(g, d)
    return min(r, Fraction(1)) if cap else r


def consolidation_rate(
    graduates: int, entrants: int, *, transferred_in: int = 0, transferred_out: int = 0,
    resumed: int = 0, suspended: int = 0, deceased: int = 0,
    variant: Literal["full", "transfers_only"] = "full", cap: bool = False,
) -> float:
    """Junior three-year consolidation rate (初中三年巩固率), as a fraction.

    Education quality indicator 1 of 教督〔2017〕6号 (≥ 95 % nationally)::

        graduates / (entrants three years earlier + transferred_in + resumed
                     − transferred_out − suspended − deceased)

    Parameters
    ----------
    graduates : int
        Junior graduates this year (初中毕业生数).
    entrants : int
        Grade-7 entrants three years earlier (三年前初一新生数).
    transferred_in, transferred_out, resumed, suspended, deceased : int
        Pupils transferred in (转入) and out (转出), resumed (复学), suspended
        (休学) and deceased (死亡) during the three years.
    variant : {"full", "transfers_only"}
        ``"transfers_only"`` adjusts by transfers only and ignores resumed,
        suspended and deceased (some counties' formula).
    cap : bool
        Cap the result at 1 (100 %); a rate above 1 is otherwise returned as is.

    Returns
    -------
    float
        The rate as a fraction (0.99925…, not 99.925).

    Raises
    ------
    RatioError
        A negative count, an unknown variant, or an adjusted cohort ≤ 0.

    Examples
    --------
    Baoqing (宝清县) self-evaluation report (2024 data), education quality
    indicator 1: 2810 / (2839 + 81 + 9 − 105 − 14 − 0), printed "100 %":

    >>> from qbalance.ratios import consolidation_rate
    >>> consolidation_rate(2810, 2839, transferred_in=81, resumed=9, transferred_out=105,
    ...                    suspended=14, deceased=0)
    1.0

    Midu (弥渡县) self-evaluation report (2023 data), education quality
    indicator 1: 2675 / (2642 + 87 + 5 − 40 − 14 − 3), printed "99.92 %":

    >>> r = consolidation_rate(2675, 2642, transferred_in=87, resumed=5, transferred_out=40,
    ...                        suspended=14, deceased=3)
    >>> f"{r:.5%}"
    '99.92529%'
    """
    return float(exact_consolidation_rate(
        graduates, entrants, transferred_in=transferred_in, transferred_out=transferred_out,
        resumed=resumed, suspended=suspended, deceased=deceased, variant=variant, cap=cap))


# -- government guarantee ratios ---------------------------------------------------------

def quota_allocation_share(allocated: int, total: int) -> float:
    """Share of quality senior-high places allocated to junior schools (优质高中招生名额分配比例).

    Government guarantee indicator 14 (≥ 50 % nationally).  ``total`` is the
    enrolment quota of the *quality* senior high schools (优质高中招生名额总数),
    not of all senior high schools.

    Examples
    --------
    Baoqing (宝清县) self-evaluation report (2024 data), government guarantee
    indicator 14: 964 of the 1634 places of the two quality high schools (not of
    all 2287 senior-high places), printed "59 %":

    >>> from qbalance.ratios import quota_allocation_share
    >>> f"{quota_allocation_share(964, 1634):.2%}"
    '59.00%'
    """
    return _count_share(allocated, total, "allocated", "total", "quota_allocation_share")


def rural_quota_share(rural: int, allocated: int) -> float:
    """Share of the allocated places going to rural junior schools (向农村初中倾斜).

    Government guarantee indicator 14, second part.

    Examples
    --------
    Midu (弥渡县) self-evaluation report (2023 data), government guarantee
    indicator 14: 2023, 320 of 532 allocated places to rural schools, "60.15 %";
    2022, 222 of 301 (the report prints 69.38 %, which is 222 / 320):

    >>> from qbalance.ratios import rural_quota_share
    >>> f"{rural_quota_share(320, 532):.2%}", f"{rural_quota_share(222, 301):.2%}"
    ('60.15%', '73.75%')
    """
    return _count_share(rural, allocated, "rural", "allocated", "rural_quota_share")


def rotation_share(rotated: int, eligible: int) -> float:
    """Share of eligible teachers rotated in the year (交流轮岗教师比例).

    Government guarantee indicator 11 (≥ 10 % of the teachers meeting the
    rotation conditions, 符合交流条件教师总数).

    Examples
    --------
    Baoqing (宝清县) self-evaluation report (2024 data), government guarantee
    indicator 11: 67 of 614, "10.91 %"; Midu (弥渡县) 2023: 325 of 1061, "30.6 %":

    >>> from qbalance.ratios import rotation_share
    >>> f"{rotation_share(67, 614):.2%}", f"{rotation_share(325, 1061):.1%}"
    ('10.91%', '30.6%')
    """
    return _count_share(rotated, eligible, "rotated", "eligible", "rotation_share")


def backbone_rotation_share(backbone: int, rotated: int) -> float:
    """Share of backbone teachers among those rotated (骨干教师占交流轮岗教师比例).

    Government guarantee indicator 11, second part (≥ 20 % nationally).

    Examples
    --------
    Baoqing (宝清县) self-evaluation report (2024 data), government guarantee
    indicator 11: 25 of 67, "37.31 %"; Midu (弥渡县) 2023: 75 of 325, "23.1 %":

    >>> from qbalance.ratios import backbone_rotation_share
    >>> f"{backbone_rotation_share(25, 67):.2%}", f"{backbone_rotation_share(75, 325):.1%}"
    ('37.31%', '23.1%')
    """
    return _count_share(backbone, rotated, "backbone", "rotated", "backbone_rotation_share")


def migrant_public_share(in_public: int, eligible: int) -> float:
    """Share of migrant children in public or government-purchased places (随迁子女就读比例).

    Government guarantee indicator 15 (≥ 85 % nationally): eligible migrant
    children (符合条件的随迁子女) in public schools or in private schools whose
    places the government buys (政府购买服务的民办学校).

    Examples
    --------
    Baoqing (宝清县) self-evaluation report (2024 data), government guarantee
    indicator 15: 1071 of 1071, "100 %":

    >>> from qbalance.ratios import migrant_public_share
    >>> migrant_public_share(1071, 1071)
    1.0
    """
    return _count_share(in_public, eligible, "in_public", "eligible", "migrant_public_share")


def certification_rate(certified: int, teachers: int) -> float:
    """Share of full-time teachers holding a teacher certificate (专任教师持证上岗率).

    Government guarantee indicator 12 (100 % nationally).

    Examples
    --------
    Midu (弥渡县) self-evaluation report (2023 data), government guarantee
    indicator 12: 1752 of 1752 full-time teachers, "100 %":

    >>> from qbalance.ratios import certification_rate
    >>> certification_rate(1752, 1752)
    1.0
    """
    return _count_share(certified, teachers, "certified", "teachers", "certification_rate")


def nearby_enrolment_rate(nearby: int, enrolled: int) -> float:
    """Share of entrants admitted to their catchment school (就近划片入学比例).

    Government guarantee indicator 13: public primary and junior schools of the
    urban area (城区, 100 %) and of towns (镇区, ≥ 95 %), boarding schools
    excluded.

    Examples
    --------
    The source reports print only percentages for this indicator (Baoqing,
    Midu: "100 %"), no counts; with invented counts, 1 901 of 2 000 town
    entrants is 95.05 %:

    >>> from qbalance.ratios import nearby_enrolment_rate
    >>> f"{nearby_enrolment_rate(1901, 2000):.2%}"
    '95.05%'
    """
    return _count_share(nearby, enrolled, "nearby", "enrolled", "nearby_enrolment_rate")


def disabled_enrolment_rate(enrolled: int, disabled: int) -> float:
    """Enrolment rate of school-age disabled children (残疾儿童少年入学率).

    Education quality indicator 2 (≥ 95 % nationally).

    Examples
    --------
    Midu (弥渡县) self-evaluation report (2023 data), education quality
    indicator 2: 180 of 182, "98.90 %"; Baoqing (宝清县) 2024: 147 of 151,
    "97.4 %":

    >>> from qbalance.ratios import disabled_enrolment_rate
    >>> f"{disabled_enrolment_rate(180, 182):.2%}", f"{disabled_enrolment_rate(147, 151):.1%}"
    ('98.90%', '97.4%')
    """
    return _count_share(enrolled, disabled, "enrolled", "disabled", "disabled_enrolment_rate")


def training_completion_rate(completed: int, teachers: int) -> float:
    """Share of teachers completing the 5-year 360-hour training (5年360学时培训完成率).

    Government guarantee indicator 9 (100 % nationally).  This is a share of
    teachers; the "completion rates" above 100 % some reports print are hours
    ratios, not this indicator.

    Examples
    --------
    Pingyuan (平远县) self-evaluation report (2025), item 16: all 1565 teachers
    completed the cycle, "100 %":

    >>> from qbalance.ratios import training_completion_rate
    >>> training_completion_rate(1565, 1565)
    1.0
    """
    return _count_share(completed, teachers, "completed", "teachers",
                        "training_completion_rate")


def training_budget_share(training: Amount, public_funds: Amount) -> float:
    """Teacher-training budget as a share of the yearly public-funds budget (教师培训经费占比).

    Education quality indicator 4 (≥ 5 % nationally).  Both amounts in the same
    unit (元 or 万元).

    Examples
    --------
    Baoqing (宝清县) self-evaluation report (2024 data), education quality
    indicator 4: 146.2652 of 2432.346 万元, "6.01 %"; Midu (弥渡县) 2023:
    1 402 544.49 of 18 885 185 元, "7.43 %":

    >>> from qbalance.ratios import training_budget_share
    >>> f"{training_budget_share(146.2652, 2432.346):.2%}"
    '6.01%'
    >>> f"{training_budget_share(1_402_544.49, 18_885_185):.2%}"
    '7.43%'
    """
    return float(exact_share(training, public_funds, part_name="training",
                             whole_name="public_funds", what="training_budget_share"))


# -- survey -------------------------------------------------------------------------------

def survey_sample_rate(respondents: int, population: int) -> float:
    """Respondents per resident (调查样本占常住人口比例), as a fraction.

    Social recognition: the sample must be at least 1.5 ‰ (0.0015, *not*
    1.5 % = 0.015) of the resident population (常住人口).

    Examples
    --------
    Midu (弥渡县) self-evaluation report (2023 data), social recognition:
    782 questionnaires for 257 900 residents (25.79 万) is 3.03 ‰ — enough for
    1.5 ‰, though the report states the rule as "1.5 %", which would need 3869:

    >>> from qbalance.ratios import survey_sample_rate
    >>> rate = survey_sample_rate(782, 257_900)
    >>> f"{rate * 1000:.2f} ‰", rate >= 0.0015, rate >= 0.015
    ('3.03 ‰', True, False)
    """
    return _count_share(respondents, population, "respondents", "population",
                        "survey_sample_rate")


def parent_share(parents: int, respondents: int) -> float:
    """Share of parents among survey respondents (家长比例), ≥ 50 % by the rules.

    Examples
    --------
    Midu (弥渡县) self-evaluation report (2023 data), social recognition: parents
    were 50 % of 782 respondents, i.e. 391:

    >>> from qbalance.ratios import parent_share
    >>> parent_share(391, 782)
    0.5
    """
    return _count_share(parents, respondents, "parents", "respondents", "parent_share")


# -- per pupil and rooms ------------------------------------------------------------------

def per_pupil(amount: Amount, pupils: int) -> float:
    """An amount per pupil (生均), e.g. special-education public funds per pupil.

    Government guarantee indicator 7: special-education schools' public funds
    per pupil ≥ 6000 yuan.

    Examples
    --------
    Baoqing (宝清县) self-evaluation report (2024 data), government guarantee
    indicator 7: 67.8 万元 for 113 pupils is 6000 yuan per pupil:

    >>> from qbalance.ratios import per_pupil
    >>> per_pupil(678_000, 113)
    6000.0
    """
    n = _count(pupils, "pupils", "per_pupil")
    return float(exact_share(amount, n, part_name="amount", whole_name="pupils",
                             what="per_pupil", allow_exceed=True))


def rooms_required(classes: int, *, classes_per_room: int) -> int:
    """Music (or art) rooms a school needs: one per ``classes_per_room`` classes, at least one.

    Government guarantee indicator 3: 每12个班级配备音乐、美术专用教室1间以上,
    i.e. ``max(1, ceil(classes / 12))`` rooms of each kind.

    Examples
    --------
    Midu (弥渡县) self-evaluation report (2023 data), government guarantee
    indicator 3: its 9 junior schools have 172 classes and 17 music rooms; a
    single school of 25 classes needs 3:

    >>> from qbalance.ratios import rooms_required
    >>> rooms_required(25, classes_per_room=12), rooms_required(6, classes_per_room=12)
    (3, 1)
    """
    c = _count(classes, "classes", "rooms_required")
    per = _count(classes_per_room, "classes_per_room", "rooms_required")
    if per == 0:
        raise RatioError("rooms_required: classes_per_room is 0", field="classes_per_room",
                         value=classes_per_room)
    return max(1, -(-c // per))
