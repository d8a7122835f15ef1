"""Ratio primitives of the government-guarantee, quality and survey indicators.

Pure functions (no I/O, no pydantic) computing, exactly, the ratios that county
reports compute by hand: the junior three-year consolidation rate
(初中三年巩固率), the share of quality senior-high places allocated to junior
schools (优质高中招生名额分配比例), teacher rotation (交流轮岗), certification
(持证上岗率), nearby enrolment (就近划片入学), disabled children's enrolment
(残疾儿童少年入学率), the teacher-training budget share (教师培训经费占比), …
and the funding and size checks of the government-guarantee indicators: small
schools funded as 100 pupils (小规模学校按100人核定公用经费), per-pupil funds,
teacher pay against civil servants' (教师平均工资不低于公务员), school size
(学校规模) and class size (班额) over schools and classes, music and art rooms
(音乐、美术专用教室) and the survey sample size (调查样本量).

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
Functions over schools take array-likes (one value per school), are vectorised
with numpy, and name the school (by ``labels`` when given, and its position) in
their errors.

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
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from numbers import Integral, Real
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from qbalance._frozen import freeze_arrays
from qbalance._messages import Message, message, position
from qbalance._text import label_at
from qbalance.errors import RatioError
from qbalance.rounding import exact_fraction

__all__ = [
    "RATIO_SPECS",
    "Amount",
    "ConsolidationVariant",
    "RatioSpec",
    "RoomKindCheck",
    "RoomShortfalls",
    "backbone_rotation_share",
    "certification_rate",
    "classes_over_limit",
    "consolidation_denominator",
    "consolidation_rate",
    "disabled_enrolment_rate",
    "form_consolidation_rate",
    "exact_consolidation_rate",
    "exact_form_consolidation_rate",
    "exact_per_pupil",
    "exact_share",
    "exact_teacher_pay_ratio",
    "migrant_public_share",
    "music_art_room_shortfalls",
    "nearby_enrolment_rate",
    "parent_share",
    "per_pupil",
    "quota_allocation_share",
    "rooms_required",
    "rotation_share",
    "rural_quota_share",
    "schools_averaging_over",
    "schools_over_size",
    "share",
    "small_school_funds_required",
    "survey_sample_rate",
    "survey_sample_required",
    "teacher_pay_ratio",
    "training_budget_share",
    "training_completion_rate",
]

#: A money amount or other measured quantity: converted exactly to a Fraction.
Amount = int | float | Decimal | Fraction

#: The formula variants of the consolidation rate a standard can name
#: (``quality.consolidation_variant``): ``"full"`` (the reports' formula),
#: ``"transfers_only"`` and ``"form"`` (the declaration form's, 申报表).
ConsolidationVariant = Literal["full", "transfers_only", "form"]

_VARIANTS: tuple[ConsolidationVariant, ...] = ("full", "transfers_only", "form")


def _count(value: object, field: str, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise RatioError(message("ratio.not_count", what=what, field=field, value=value),
                         field=field, value=value)
    n = int(value)
    if n < 0:
        raise RatioError(message("ratio.count_negative", what=what, field=field, value=n),
                         field=field, value=n)
    return n


def _amount(value: object, field: str, what: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, Fraction,
                                                         Integral)):
        raise RatioError(message("ratio.not_number", what=what, field=field, value=value),
                         field=field, value=value)
    if isinstance(value, float) and not math.isfinite(value):
        raise RatioError(message("ratio.not_finite", what=what, field=field, value=value),
                         field=field, value=value)
    x = exact_fraction(int(value) if isinstance(value, Integral) else value, field=field)
    if x < 0:
        raise RatioError(message("ratio.negative", what=what, field=field, value=value),
                         field=field, value=value)
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

    Returns
    -------
    fractions.Fraction
        ``part / whole``, exactly (a float input read through its shortest ``repr``).

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
    qbalance.errors.RatioError: 比例：交流轮岗教师数 = 70 大于 符合条件总人数 = 67
    >>> from qbalance.errors import RatioError
    >>> try:
    ...     exact_share(70, 67, part_name="rotated", whole_name="eligible")
    ... except RatioError as err:
    ...     print(err.code, "|", err.render("en"))
    ratio.part_larger | share: rotated = 70 is larger than eligible = 67
    """
    p = _amount(part, part_name, what)
    w = _amount(whole, whole_name, what)
    if w == 0:
        raise RatioError(message("ratio.whole_zero", what=what, whole=whole_name, part=part_name),
                         field=whole_name, value=whole)
    if p > w and not allow_exceed:
        raise RatioError(message("ratio.part_larger", what=what, part=part_name, part_value=part,
                                 whole=whole_name, whole_value=whole),
                         field=part_name, value=part)
    return p / w


def share(part: Amount, whole: Amount, *, part_name: str = "part", whole_name: str = "whole",
          what: str = "share", allow_exceed: bool = False) -> float:
    """``part / whole`` as a float fraction; see :func:`exact_share` for the rules.

    Parameters
    ----------
    part, whole : int, float, Decimal or Fraction
        Non-negative numbers; ``whole`` must be positive.
    part_name, whole_name, what : str
        Names used in error messages (the fields and the ratio).
    allow_exceed : bool
        Allow ``part > whole``; by default a part larger than its whole is an error.

    Returns
    -------
    float
        ``part / whole`` as a fraction (0.5017, not 50.17), the float nearest to
        :func:`exact_share`; use the exact value for threshold tests.

    Raises
    ------
    RatioError
        A negative or non-numeric input, ``whole == 0``, or ``part > whole``
        when not allowed.

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


@attrs.frozen(slots=True)
class RatioSpec:
    """One ratio of the guarantee, quality and survey indicators: what over what.

    The public ratio functions (:func:`rotation_share`, :func:`parent_share` …)
    and the county checks (:func:`qbalance.evaluate_county`) both go through
    :data:`RATIO_SPECS`, so a ratio's inputs are validated and named one way.

    Attributes
    ----------
    name : str
        The ratio's name (the public function's name, used in error messages).
    part, whole : str
        Names of the numerator and the denominator (the public function's parameters).
    counts : bool
        Both inputs are counts (whole numbers); otherwise amounts (money).

    Examples
    --------
    >>> from qbalance.ratios import RATIO_SPECS
    >>> spec = RATIO_SPECS["rotation_share"]
    >>> spec.exact(67, 614), f"{spec.value(67, 614):.2%}"
    (Fraction(67, 614), '10.91%')
    """

    name: str
    part: str
    whole: str
    counts: bool = True

    def exact(self, part: Amount, whole: Amount, *, part_name: str | None = None,
              whole_name: str | None = None) -> Fraction:
        """``part / whole`` exactly; :class:`~qbalance.RatioError` on impossible input.

        Parameters
        ----------
        part, whole : int, float, Decimal or Fraction
            Whole numbers when :attr:`counts`; ``whole`` positive, ``part <= whole``.
        part_name, whole_name : str, optional
            Names for error messages (default :attr:`part`, :attr:`whole`): a county
            check passes its field paths.

        Returns
        -------
        fractions.Fraction
        """
        pn, wn = part_name or self.part, whole_name or self.whole
        if self.counts:
            part, whole = _count(part, pn, self.name), _count(whole, wn, self.name)
        return exact_share(part, whole, part_name=pn, whole_name=wn, what=self.name)

    def value(self, part: Amount, whole: Amount) -> float:
        """``part / whole`` as a float fraction (the nearest float to :meth:`exact`).

        Parameters
        ----------
        part, whole : int, float, Decimal or Fraction
            As for :meth:`exact`.

        Returns
        -------
        float
        """
        return float(self.exact(part, whole))


#: Every share of the guarantee, quality and survey checks, by name.
RATIO_SPECS: dict[str, RatioSpec] = {s.name: s for s in (
    RatioSpec("quota_allocation_share", "allocated", "total"),
    RatioSpec("rural_quota_share", "rural", "allocated"),
    RatioSpec("rotation_share", "rotated", "eligible"),
    RatioSpec("backbone_rotation_share", "backbone", "rotated"),
    RatioSpec("migrant_public_share", "in_public", "eligible"),
    RatioSpec("certification_rate", "certified", "teachers"),
    RatioSpec("nearby_enrolment_rate", "nearby", "enrolled"),
    RatioSpec("disabled_enrolment_rate", "enrolled", "disabled"),
    RatioSpec("training_completion_rate", "completed", "teachers"),
    RatioSpec("training_budget_share", "training", "public_funds", counts=False),
    RatioSpec("survey_sample_rate", "respondents", "population"),
    RatioSpec("parent_share", "parents", "respondents"),
    RatioSpec("valid_return_rate", "respondents", "questionnaires"),
)}


def _count_share(part: int, whole: int, part_name: str, whole_name: str, what: str) -> float:
    return float(RATIO_SPECS[what].exact(part, whole, part_name=part_name,
                                         whole_name=whole_name))


# -- junior three-year consolidation rate -------------------------------------------------

def consolidation_denominator(
    entrants: int, *, transferred_in: int = 0, transferred_out: int = 0, resumed: int = 0,
    suspended: int = 0, deceased: int = 0,
    variant: ConsolidationVariant = "full",
) -> int:
    """The adjusted cohort of the consolidation rate (巩固率分母).

    ``entrants + transferred_in + resumed − transferred_out − suspended −
    deceased`` (variant ``"full"``), ``entrants + transferred_in −
    transferred_out`` (variant ``"transfers_only"``, which ignores resumed,
    suspended and deceased), or ``entrants − deceased`` (variant ``"form"``, the
    declaration form's formula, whose numerator is adjusted instead: see
    :func:`form_consolidation_rate`).

    Parameters
    ----------
    entrants : int
        Grade-7 entrants three years earlier (三年前初一新生数).
    transferred_in, transferred_out, resumed, suspended, deceased : int
        Pupils transferred in (转入) and out (转出), resumed (复学), suspended
        (休学) and deceased (死亡) during the three years.
    variant : {"full", "transfers_only", "form"}
        Which adjustments to apply (see above).

    Returns
    -------
    int
        The adjusted cohort, pupils (positive).

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
    >>> consolidation_denominator(2642, deceased=3, variant="form")
    2639
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
        formula = message("ratio.cohort_full", what=what, e=e, tin=tin, res=res, tout=tout,
                          sus=sus, dec=dec)
    elif variant == "transfers_only":
        d = e + tin - tout
        formula = message("ratio.cohort_transfers", what=what, e=e, tin=tin, tout=tout)
    elif variant == "form":
        d = e - dec
        formula = message("ratio.cohort_form", what=what, e=e, dec=dec)
    else:
        raise RatioError(message("ratio.variant", what=what, value=variant,
                                 variants=", ".join(repr(v) for v in _VARIANTS)),
                         field="variant", value=variant)
    if d <= 0:
        raise RatioError(message(formula.code, d=d, **formula.params),
                         field="entrants", value=entrants)
    return d


def exact_consolidation_rate(
    graduates: int, entrants: int, *, transferred_in: int = 0, transferred_out: int = 0,
    resumed: int = 0, suspended: int = 0, deceased: int = 0,
    variant: ConsolidationVariant = "full", cap: bool = False,
) -> Fraction:
    """:func:`consolidation_rate` as an exact :class:`~fractions.Fraction`.

    Parameters
    ----------
    graduates : int
        Junior graduates this year (初中毕业生数).
    entrants : int
        Grade-7 entrants three years earlier (三年前初一新生数).
    transferred_in, transferred_out, resumed, suspended, deceased : int
        Pupils transferred in (转入) and out (转出), resumed (复学), suspended
        (休学) and deceased (死亡) during the three years.
    variant : {"full", "transfers_only", "form"}
        ``"transfers_only"`` adjusts by transfers only; ``"form"`` is the
        declaration form's ``(graduates − transferred_in + transferred_out) /
        (entrants − deceased)`` (see :func:`form_consolidation_rate`).
    cap : bool
        Cap the result at 1 (100 %).

    Returns
    -------
    fractions.Fraction
        ``graduates`` over the adjusted cohort, as a fraction (2675/2677, not
        99.925 %); may exceed 1 unless ``cap``.

    Raises
    ------
    RatioError
        A negative count, an unknown variant, or an adjusted cohort ≤ 0.

    Examples
    --------
    >>> from qbalance.ratios import exact_consolidation_rate
    >>> exact_consolidation_rate(2675, 2642, transferred_in=87, resumed=5,
    ...                          transferred_out=40, suspended=14, deceased=3)
    Fraction(2675, 2677)
    >>> exact_consolidation_rate(2675, 2642, transferred_in=87, resumed=5,
    ...                          transferred_out=40, suspended=14, deceased=3, variant="form")
    Fraction(2628, 2639)
    """
    what = "consolidation_rate"
    g = _count(graduates, "graduates", what)
    d = consolidation_denominator(entrants, transferred_in=transferred_in,
                                  transferred_out=transferred_out, resumed=resumed,
                                  suspended=suspended, deceased=deceased, variant=variant)
    if variant == "form":
        tin = _count(transferred_in, "transferred_in", what)
        tout = _count(transferred_out, "transferred_out", what)
        g = g - tin + tout
        if g < 0:
            raise RatioError(
                message("ratio.form_graduates", what=what, graduates=graduates, tin=tin,
                        tout=tout, g=g), field="transferred_in", value=transferred_in)
    r = Fraction(g, d)
    return min(r, Fraction(1)) if cap else r


def consolidation_rate(
    graduates: int, entrants: int, *, transferred_in: int = 0, transferred_out: int = 0,
    resumed: int = 0, suspended: int = 0, deceased: int = 0,
    variant: ConsolidationVariant = "full", cap: bool = False,
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
    variant : {"full", "transfers_only", "form"}
        ``"transfers_only"`` adjusts by transfers only and ignores resumed,
        suspended and deceased (some counties' formula); ``"form"`` is the
        declaration form's formula (:func:`form_consolidation_rate`).
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


def exact_form_consolidation_rate(
    graduates: int, entrants: int, *, transferred_in: int = 0, transferred_out: int = 0,
    deceased: int = 0, cap: bool = False,
) -> Fraction:
    """:func:`form_consolidation_rate` as an exact :class:`~fractions.Fraction`.

    Parameters
    ----------
    graduates : int
        Junior graduates this year (初中毕业生数).
    entrants : int
        Grade-7 entrants three years earlier (三年前初一新生数).
    transferred_in, transferred_out, deceased : int
        Pupils transferred in (转入) and out (转出) and deceased (死亡) during the
        three years.
    cap : bool
        Cap the result at 1 (100 %).

    Returns
    -------
    fractions.Fraction
        ``(graduates − transferred_in + transferred_out) / (entrants − deceased)``.

    Raises
    ------
    RatioError
        A negative count, a negative adjusted numerator, or ``entrants ≤ deceased``.

    Examples
    --------
    Baoqing (宝清县) self-evaluation report (2024 data), education quality
    indicator 1, under the declaration form's formula:

    >>> from qbalance.ratios import exact_form_consolidation_rate
    >>> exact_form_consolidation_rate(2810, 2839, transferred_in=81, transferred_out=105,
    ...                               deceased=0)
    Fraction(2834, 2839)
    """
    return exact_consolidation_rate(graduates, entrants, transferred_in=transferred_in,
                                    transferred_out=transferred_out, deceased=deceased,
                                    variant="form", cap=cap)


def form_consolidation_rate(
    graduates: int, entrants: int, *, transferred_in: int = 0, transferred_out: int = 0,
    deceased: int = 0, cap: bool = False,
) -> float:
    """Consolidation rate by the declaration form's formula (申报表 表V 第1项).

    The 《全国义务教育优质均衡发展县（市、区）申报表》, Table V item 1 (also used by
    evaluation platforms), computes::

        (graduates − transferred_in + transferred_out) / (entrants − deceased)

    i.e. it takes the graduates back to the original cohort instead of adjusting
    the cohort (variant ``"form"`` of :func:`consolidation_rate`; a standard names
    it with ``quality.consolidation_variant = "form"``). Resumed and suspended
    pupils do not enter it.

    Parameters
    ----------
    graduates : int
        Junior graduates this year (初中毕业生数).
    entrants : int
        Grade-7 entrants three years earlier (三年前初一新生数).
    transferred_in, transferred_out, deceased : int
        Pupils transferred in (转入) and out (转出) and deceased (死亡) during the
        three years.
    cap : bool
        Cap the result at 1 (100 %).

    Returns
    -------
    float
        The rate as a fraction (0.99583…, not 99.583).

    Raises
    ------
    RatioError
        A negative count, a negative adjusted numerator, or ``entrants ≤ deceased``.

    Examples
    --------
    Midu (弥渡县) self-evaluation report (2023 data), education quality indicator 1
    (2675 graduates, 2642 entrants, 87 in, 40 out, 3 deceased), under the form's
    formula: 2628 / 2639 (the report's own formula gives 2675 / 2677):

    >>> from qbalance.ratios import form_consolidation_rate
    >>> r = form_consolidation_rate(2675, 2642, transferred_in=87, transferred_out=40,
    ...                             deceased=3)
    >>> f"{r:.4%}"
    '99.5832%'
    """
    return float(exact_form_consolidation_rate(
        graduates, entrants, transferred_in=transferred_in, transferred_out=transferred_out,
        deceased=deceased, cap=cap))


# -- government guarantee ratios ---------------------------------------------------------

def quota_allocation_share(allocated: int, total: int) -> float:
    """Share of quality senior-high places allocated to junior schools (优质高中招生名额分配比例).

    Government guarantee indicator 14 (≥ 50 % nationally).  ``total`` is the
    enrolment quota of the *quality* senior high schools (优质高中招生名额总数),
    not of all senior high schools.

    Parameters
    ----------
    allocated : int
        Places of the quality senior high schools allocated to junior schools
        (分配到初中的名额).
    total : int
        Enrolment quota of the quality senior high schools (优质高中招生名额总数).

    Returns
    -------
    float
        The share as a fraction (0.1091, not 10.91).

    Raises
    ------
    RatioError
        A count that is negative or not a whole number, ``total == 0``, or
        ``allocated > total``.

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

    Parameters
    ----------
    rural : int
        Allocated places going to rural junior schools (农村初中).
    allocated : int
        All allocated places.

    Returns
    -------
    float
        The share as a fraction (0.1091, not 10.91).

    Raises
    ------
    RatioError
        A count that is negative or not a whole number, ``allocated == 0``, or
        ``rural > allocated``.

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

    Parameters
    ----------
    rotated : int
        Teachers rotated in the year (交流轮岗教师数).
    eligible : int
        Teachers meeting the rotation conditions (符合交流条件教师总数).

    Returns
    -------
    float
        The share as a fraction (0.1091, not 10.91).

    Raises
    ------
    RatioError
        A count that is negative or not a whole number, ``eligible == 0``, or
        ``rotated > eligible``.

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

    Parameters
    ----------
    backbone : int
        Backbone teachers among those rotated (骨干教师数).
    rotated : int
        Teachers rotated in the year.

    Returns
    -------
    float
        The share as a fraction (0.1091, not 10.91).

    Raises
    ------
    RatioError
        A count that is negative or not a whole number, ``rotated == 0``, or
        ``backbone > rotated``.

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

    Parameters
    ----------
    in_public : int
        Eligible migrant children in public schools or government-purchased
        places.
    eligible : int
        Eligible migrant children (符合条件的随迁子女).

    Returns
    -------
    float
        The share as a fraction (0.1091, not 10.91).

    Raises
    ------
    RatioError
        A count that is negative or not a whole number, ``eligible == 0``, or
        ``in_public > eligible``.

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

    Parameters
    ----------
    certified : int
        Full-time teachers holding a teacher certificate (持证专任教师数).
    teachers : int
        Full-time teachers (专任教师数).

    Returns
    -------
    float
        The share as a fraction (0.1091, not 10.91).

    Raises
    ------
    RatioError
        A count that is negative or not a whole number, ``teachers == 0``, or
        ``certified > teachers``.

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

    Parameters
    ----------
    nearby : int
        Entrants admitted to their catchment school (就近划片入学人数).
    enrolled : int
        Entrants.

    Returns
    -------
    float
        The share as a fraction (0.1091, not 10.91).

    Raises
    ------
    RatioError
        A count that is negative or not a whole number, ``enrolled == 0``, or
        ``nearby > enrolled``.

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

    Parameters
    ----------
    enrolled : int
        School-age disabled children enrolled (已入学).
    disabled : int
        School-age disabled children (适龄残疾儿童少年数).

    Returns
    -------
    float
        The share as a fraction (0.1091, not 10.91).

    Raises
    ------
    RatioError
        A count that is negative or not a whole number, ``disabled == 0``, or
        ``enrolled > disabled``.

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

    Parameters
    ----------
    completed : int
        Teachers who completed the training cycle.
    teachers : int
        Teachers.

    Returns
    -------
    float
        The share as a fraction (0.1091, not 10.91).

    Raises
    ------
    RatioError
        A count that is negative or not a whole number, ``teachers == 0``, or
        ``completed > teachers``.

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

    Parameters
    ----------
    training : int, float, Decimal or Fraction
        Teacher-training budget (教师培训经费), 元 or 万元; not negative.
    public_funds : int, float, Decimal or Fraction
        The yearly public-funds budget (年度公用经费预算) in the same unit; positive.

    Returns
    -------
    float
        The share as a fraction (0.0601, not 6.01).

    Raises
    ------
    RatioError
        A negative or non-numeric amount, ``public_funds == 0``, or
        ``training > public_funds``.

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
    return RATIO_SPECS["training_budget_share"].value(training, public_funds)


# -- survey -------------------------------------------------------------------------------

def survey_sample_rate(respondents: int, population: int) -> float:
    """Respondents per resident (调查样本占常住人口比例), as a fraction.

    Social recognition: the sample must be at least 1.5 ‰ (0.0015, *not*
    1.5 % = 0.015) of the resident population (常住人口).

    Parameters
    ----------
    respondents : int
        Survey respondents (questionnaires, 调查样本).
    population : int
        Resident population (常住人口), persons (not 万人).

    Returns
    -------
    float
        Respondents per resident as a fraction (0.00303 for 3.03 ‰); compare it with
        0.0015 for 1.5 ‰.

    Raises
    ------
    RatioError
        A count that is negative or not a whole number, ``population == 0``, or
        ``respondents > population``.

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


def survey_sample_required(population: int, *, per_mille: Amount) -> int:
    """Least number of survey respondents (调查样本量), ``ceil(per_mille / 1000 × population)``.

    Social recognition: the sample must be at least 1.5 ‰ of the resident
    population (样本量不少于常住人口的1.5‰).  Computed exactly: ``per_mille``
    is read through its decimal value (``1.5`` is 3/2), so no float rounding can
    move the ceiling.

    Parameters
    ----------
    population : int
        Resident population (常住人口), persons (not 万人); positive.
    per_mille : int, float, Decimal or Fraction
        Least respondents per 1000 residents (1.5 nationally), between 0 and 1000.

    Returns
    -------
    int
        The least number of respondents.

    Raises
    ------
    RatioError
        A population that is not a positive whole number, or ``per_mille``
        negative, above 1000 (more respondents than residents) or not a number.

    Examples
    --------
    Midu (弥渡县) county government self-evaluation report (2023 data), social
    recognition: 常住人口 25.79 万 (257 900) needs 387 respondents at 1.5 ‰; it
    sampled 782.  The report states the rule as "1.5 %", which would need 3869:

    >>> from qbalance.ratios import survey_sample_required
    >>> survey_sample_required(257_900, per_mille=1.5)
    387
    >>> 782 >= survey_sample_required(257_900, per_mille=1.5)
    True
    >>> survey_sample_required(257_900, per_mille=15)
    3869
    """
    what = "survey_sample_required"
    n = _count(population, "population", what)
    if n == 0:
        raise RatioError(message("ratio.population_zero", what=what),
                         field="population", value=population)
    rate = _amount(per_mille, "per_mille", what)
    if rate > 1000:
        raise RatioError(message("ratio.per_mille_high", what=what, value=per_mille),
                         field="per_mille", value=per_mille)
    return math.ceil(rate / 1000 * n)


def parent_share(parents: int, respondents: int) -> float:
    """Share of parents among survey respondents (家长比例), ≥ 50 % by the rules.

    Parameters
    ----------
    parents : int
        Parents among the respondents.
    respondents : int
        Survey respondents.

    Returns
    -------
    float
        The share as a fraction (0.1091, not 10.91).

    Raises
    ------
    RatioError
        A count that is negative or not a whole number, ``respondents == 0``, or
        ``parents > respondents``.

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

def exact_per_pupil(amount: Amount, pupils: int) -> Fraction:
    """:func:`per_pupil` as an exact :class:`~fractions.Fraction` (生均, exact).

    Use it for the threshold test of government guarantee indicator 7
    (特殊教育学校生均公用经费不低于6000元): compare the exact value, not a float.

    Parameters
    ----------
    amount : int, float, Decimal or Fraction
        The amount, e.g. public funds in yuan; not negative.
    pupils : int
        Pupils; a positive whole number.

    Returns
    -------
    fractions.Fraction
        ``amount / pupils``, in the unit of ``amount`` per pupil (yuan per pupil).

    Raises
    ------
    RatioError
        A negative or non-numeric amount, or pupils that are not a positive whole
        number.

    Examples
    --------
    Midu (弥渡县) county government self-evaluation report (2023 data),
    government guarantee indicator 7: 900 000 for 150 pupils (printed
    "900000 万元", which is 元), 6000 yuan per pupil, just meeting ≥ 6000:

    >>> from qbalance.ratios import exact_per_pupil
    >>> exact_per_pupil(900_000, 150)
    Fraction(6000, 1)
    >>> exact_per_pupil(900_000 - 0.01, 150) >= 6000
    False
    """
    n = _count(pupils, "pupils", "per_pupil")
    return exact_share(amount, n, part_name="amount", whole_name="pupils", what="per_pupil",
                       allow_exceed=True)


def per_pupil(amount: Amount, pupils: int) -> float:
    """An amount per pupil (生均), e.g. special-education public funds per pupil.

    Government guarantee indicator 7: special-education schools' public funds
    per pupil ≥ 6000 yuan.  The threshold test must use :func:`exact_per_pupil`.

    Parameters
    ----------
    amount : int, float, Decimal or Fraction
        The amount, e.g. public funds in yuan; not negative.
    pupils : int
        Pupils; a positive whole number.

    Returns
    -------
    float
        ``amount / pupils``, in the unit of ``amount`` per pupil (yuan per pupil).

    Raises
    ------
    RatioError
        A negative or non-numeric amount, or pupils that are not a positive whole
        number.

    Examples
    --------
    Baoqing (宝清县) self-evaluation report (2024 data), government guarantee
    indicator 7: 67.8 万元 for 113 pupils is 6000 yuan per pupil:

    >>> from qbalance.ratios import per_pupil
    >>> per_pupil(678_000, 113)
    6000.0
    """
    return float(exact_per_pupil(amount, pupils))


def rooms_required(classes: int, *, classes_per_room: int) -> int:
    """Music (or art) rooms a school needs: one per ``classes_per_room`` classes, at least one.

    Government guarantee indicator 3: 每12个班级配备音乐、美术专用教室1间以上,
    i.e. ``max(1, ceil(classes / 12))`` rooms of each kind.

    Parameters
    ----------
    classes : int
        Classes of the school (班级数).
    classes_per_room : int
        Classes one room serves (12 nationally); positive.

    Returns
    -------
    int
        ``max(1, ceil(classes / classes_per_room))``: the rooms of each kind needed.

    Raises
    ------
    RatioError
        A count that is negative or not a whole number, or ``classes_per_room == 0``.

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
        raise RatioError(message("ratio.per_room_zero", what="rooms_required"), field="classes_per_room",
                         value=classes_per_room)
    return max(1, -(-c // per))


# -- small schools and teacher pay --------------------------------------------------------

def small_school_funds_required(schools: int, pupils: int, *, floor: int,
                                base_rate: Amount) -> Fraction:
    """Least public funds of small schools funded as ``floor`` pupils (小规模学校按100人核定公用经费).

    Government guarantee indicator 6: 不足100名学生的村小学和教学点按100名学生核定
    公用经费.  Each of the ``schools`` rural schools and teaching points under
    ``floor`` pupils is funded as if it had ``floor``, so the funds granted must
    be at least ``schools × floor × base_rate``, whatever their real pupils.  The
    rule is a floor: granting more meets it.

    Parameters
    ----------
    schools : int
        Rural schools and teaching points with fewer than ``floor`` pupils.
    pupils : int
        Their pupils together; each school has fewer than ``floor``, so at most
        ``schools × (floor − 1)``.
    floor : int
        The pupils each is funded as (100 nationally); positive.
    base_rate : int, float, Decimal or Fraction
        The per-pupil public-funds base rate (生均公用经费基准定额) applying to
        them, yuan per pupil; positive.

    Returns
    -------
    fractions.Fraction
        The least funds, in the unit of ``base_rate`` (yuan).

    Raises
    ------
    RatioError
        A count that is negative or not a whole number, ``floor`` or
        ``base_rate`` not positive, pupils without schools, or more pupils than
        ``schools`` schools under ``floor`` can have.

    Examples
    --------
    Baoqing (宝清县) self-evaluation report (2024 data), government guarantee
    indicator 6: 19 schools under 100 pupils with 609 pupils, funded as 100
    each, granted 225.525 万元; the primary base rate is 720 yuan per pupil
    (indicator 2).  Funding their 609 real pupils only would not meet the rule:

    >>> from qbalance.ratios import small_school_funds_required
    >>> required = small_school_funds_required(19, 609, floor=100, base_rate=720)
    >>> required
    Fraction(1368000, 1)
    >>> 2_255_250 >= required, 609 * 720 >= required
    (True, False)
    """
    what = "small_school_funds_required"
    n = _count(schools, "schools", what)
    p = _count(pupils, "pupils", what)
    fl = _count(floor, "floor", what)
    if fl == 0:
        raise RatioError(message("ratio.floor_zero", what=what), field="floor", value=floor)
    rate = _amount(base_rate, "base_rate", what)
    if rate == 0:
        raise RatioError(message("ratio.base_rate_zero", what=what),
                         field="base_rate", value=base_rate)
    if n == 0 and p:
        raise RatioError(message("ratio.pupils_no_schools", what=what, pupils=p), field="pupils",
                         value=p)
    if p > n * (fl - 1):
        raise RatioError(message("ratio.pupils_too_many", what=what, n=n, floor=fl, pupils=p,
                                 most=n * (fl - 1)), field="pupils", value=p)
    return n * fl * rate


def exact_teacher_pay_ratio(teacher_avg: Amount, civil_servant_avg: Amount) -> Fraction:
    """:func:`teacher_pay_ratio` as an exact :class:`~fractions.Fraction`.

    Parameters
    ----------
    teacher_avg : int, float, Decimal or Fraction
        Average pay of compulsory-education teachers (义务教育学校教师平均工资收入).
    civil_servant_avg : int, float, Decimal or Fraction
        Average pay of local civil servants (当地公务员平均工资收入), in the same unit
        and on the same basis (monthly or yearly).

    Returns
    -------
    fractions.Fraction
        ``teacher_avg / civil_servant_avg``; indicator 8 is met when it is ≥ 1.

    Raises
    ------
    RatioError
        An average that is not a positive number.

    Examples
    --------
    Pingyuan (平远县) self-evaluation report (September 2025), item 15: 2024
    monthly average pay of teachers 10233.91 yuan, of civil servants 9842.00:

    >>> from qbalance.ratios import exact_teacher_pay_ratio
    >>> r = exact_teacher_pay_ratio(10233.91, 9842.00)
    >>> r, r >= 1
    (Fraction(1023391, 984200), True)
    >>> exact_teacher_pay_ratio(9841.99, 9842.00) >= 1    # one fen less is not met
    False
    """
    what = "teacher_pay_ratio"
    for value, field in ((teacher_avg, "teacher_avg"), (civil_servant_avg, "civil_servant_avg")):
        if _amount(value, field, what) == 0:
            raise RatioError(message("ratio.pay_zero", what=what, field=field),
                             field=field, value=value)
    return exact_share(teacher_avg, civil_servant_avg, part_name="teacher_avg",
                       whole_name="civil_servant_avg", what=what, allow_exceed=True)


def teacher_pay_ratio(teacher_avg: Amount, civil_servant_avg: Amount) -> float:
    """Teachers' average pay over local civil servants' (教师平均工资收入水平不低于当地公务员).

    Government guarantee indicator 8: the ratio must be at least 1.  Both
    amounts in the same unit (元 or 万元) and on the same basis (monthly or
    yearly).  The threshold test must use :func:`exact_teacher_pay_ratio`.

    Parameters
    ----------
    teacher_avg : int, float, Decimal or Fraction
        Average pay of compulsory-education teachers (义务教育学校教师平均工资收入).
    civil_servant_avg : int, float, Decimal or Fraction
        Average pay of local civil servants (当地公务员平均工资收入).

    Returns
    -------
    float
        ``teacher_avg / civil_servant_avg`` (1.1119 means 11.19 % above).

    Raises
    ------
    RatioError
        An average that is not a positive number.

    Examples
    --------
    Baoqing (宝清县) self-evaluation report (2024 data), government guarantee
    indicator 8: 8.3220 万元 against 7.4848 万元 a year; Midu (弥渡县) county
    government self-evaluation report (2023 data), indicator 8: 105 082 against
    82 071 yuan a year:

    >>> from qbalance.ratios import teacher_pay_ratio
    >>> f"{teacher_pay_ratio(8.3220, 7.4848):.4f}", f"{teacher_pay_ratio(105_082, 82_071):.4f}"
    ('1.1119', '1.2804')
    """
    return float(exact_teacher_pay_ratio(teacher_avg, civil_servant_avg))


# -- counts over schools and classes --------------------------------------------------------

from qbalance._types import Int as Int  # the one set of aliases
Bool = NDArray[np.bool_]


def _count_array(values: ArrayLike, field: str, what: str,
                 labels: Sequence[str] | None = None, *, unit: str = "school",
                 owner: int | None = None) -> Int:
    """A 1-D array of counts (whole numbers ≥ 0), one per ``unit``.

    ``owner``: the values are the classes of school ``owner`` (named by ``labels``).
    """
    def where(i: int) -> Message:
        return (position(i, labels) if owner is None else
                message("ratio.where_in", owner=position(owner, labels), unit=unit, i=i))

    def school(i: int) -> str | None:
        return label_at(i if owner is None else owner, labels)
    try:
        arr = np.asarray(values)
    except (TypeError, ValueError) as exc:
        raise RatioError(message("ratio.counts_unreadable", what=what, field=field, unit=unit,
                                 reason=str(exc)), field=field, value=values) from exc
    if arr.ndim != 1:
        of = "" if owner is None else message("ratio.of", owner=position(owner, labels))
        raise RatioError(message("ratio.counts_shape", what=what, field=field, of=of, unit=unit,
                                 shape=arr.shape), school=None if owner is None else school(0),
                         field=field, value=values)
    if arr.dtype.kind == "f" and arr.size:
        with np.errstate(invalid="ignore"):
            bad = ~np.isfinite(arr) | (arr != np.round(arr))
        i = int(np.argmax(bad)) if bad.any() else 0
        raise RatioError(message("ratio.count_at_not_whole", what=what, field=field, where=where(i),
                                 value=float(arr[i])),
                         school=school(i), field=field, value=float(arr[i]))
    if arr.dtype.kind not in "iu":
        for i, v in enumerate(arr.tolist()):
            if isinstance(v, bool) or not isinstance(v, Integral):
                raise RatioError(message("ratio.count_at_not_whole", what=what, field=field,
                                         where=where(i), value=v),
                                 school=school(i), field=field, value=v)
        try:
            arr = np.array(arr.tolist(), dtype=np.intp)
        except OverflowError as exc:
            raise RatioError(message("ratio.count_too_large", what=what, field=field),
                             field=field, value=values) from exc
    counts = arr.astype(np.intp)
    negative = np.flatnonzero(counts < 0)
    if negative.size:
        i = int(negative[0])
        raise RatioError(message("ratio.count_at_negative", what=what, field=field, where=where(i),
                                 value=int(counts[i])), school=school(i), field=field,
                         value=int(counts[i]))
    return counts


def _limit_array(limits: ArrayLike, n: int, field: str, what: str,
                 labels: Sequence[str] | None, *, unit: str = "school") -> Int:
    """Positive whole-number limits, one per ``unit`` (a single limit is repeated)."""
    try:
        ndim = np.ndim(limits)
    except (TypeError, ValueError) as exc:
        raise RatioError(message("ratio.limits_unreadable", what=what, field=field, reason=str(exc)),
                         field=field,
                         value=limits) from exc
    if ndim == 0:
        value: Any = limits.item() if isinstance(limits, np.generic | np.ndarray) else limits
        lim = _count(value, field, what)
        if lim == 0:
            raise RatioError(message("ratio.limit_zero", what=what, field=field), field=field,
                             value=value)
        return np.full(n, lim, dtype=np.intp)
    arr = _count_array(limits, field, what, labels, unit=unit)
    if arr.shape[0] != n:
        raise RatioError(message("ratio.limits_length", what=what, field=field, m=arr.shape[0], n=n,
                                 unit=unit), field=field, value=limits)
    zero = np.flatnonzero(arr == 0)
    if zero.size:
        i = int(zero[0])
        raise RatioError(message("ratio.limit_at_zero", what=what, field=field,
                                 where=position(i, labels)),
                         school=label_at(i, labels), field=field, value=0)
    return arr


def _same_length(n: int, m: int, field: str, other: str, what: str, values: object) -> None:
    if n != m:
        raise RatioError(message("ratio.lengths", what=what, field=field, m=m, other=other, n=n),
                         field=field, value=values)


def schools_over_size(pupils: ArrayLike, limits: ArrayLike, *,
                      labels: Sequence[str] | None = None) -> Bool:
    """Which schools have more pupils than their size limit (学校规模超标, 大校额).

    Government guarantee indicator 4: 所有小学、初中规模不超过2000人，九年一贯制学校、
    十二年一贯制学校义务教育阶段规模不超过2500人.  A school *at* its limit meets it.

    Parameters
    ----------
    pupils : array_like of int, shape (n,)
        Compulsory-education pupils of each school (义务教育阶段在校生数).
    limits : int or array_like of int, shape (n,)
        Each school's limit, by its kind (2000; 2500 for nine-year and
        twelve-year schools); one int applies to every school.
    labels : sequence of str, optional
        School names, used only to name the school in error messages.

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
        ``pupils > limits``; its sum is the number of schools over the limit.

    Raises
    ------
    RatioError
        A count that is negative or not a whole number, a limit that is not
        positive, or arrays of different lengths.

    Examples
    --------
    Pingyuan (平远县) self-evaluation report (September 2025), item 11: three
    primary schools are over 2000 — 平远县第一小学 2289, 实验小学 2318, 城南小学
    2535 pupils:

    >>> from qbalance.ratios import schools_over_size
    >>> over = schools_over_size([2289, 2318, 2535], 2000)
    >>> over.tolist(), int(over.sum())
    ([True, True, True], 3)

    Baoqing (宝清县) self-evaluation report (2024 data), indicator 4: 第一中学 2212
    and 第四小学 2268 pupils; a nine-year school of 2400 (invented) would be within
    its 2500:

    >>> schools_over_size([2212, 2268, 2400], [2000, 2000, 2500]).tolist()
    [True, True, False]
    """
    what = "schools_over_size"
    p = _count_array(pupils, "pupils", what, labels)
    lim = _limit_array(limits, p.shape[0], "limits", what, labels)
    return p > lim


def classes_over_limit(class_sizes: Sequence[Sequence[int]], limits: ArrayLike, *,
                       labels: Sequence[str] | None = None) -> Int:
    """Classes over the class-size limit, per school (超班额班级数, 大班额).

    Government guarantee indicator 5: 小学、初中所有班级学生数分别不超过45人、50人.
    A class *at* the limit meets it.

    Parameters
    ----------
    class_sizes : sequence of array_like of int
        For each school, the pupils of each of its classes.
    limits : int or array_like of int, shape (n,)
        Each school's limit (45 primary, 50 junior; give a nine-year school's
        primary and junior classes as two rows); one int applies to every school.
    labels : sequence of str, optional
        School names, used only to name the school in error messages.

    Returns
    -------
    numpy.ndarray of int, shape (n,)
        The number of classes over the limit at each school: its sum is the
        county's count (the measure of indicator 5, which must be 0) and
        ``> 0`` marks the schools with an oversized class (超班额学校).

    Raises
    ------
    RatioError
        A class size that is negative or not a whole number, a limit that is not
        positive, or a number of limits that does not match the schools.

    Examples
    --------
    Pingyuan (平远县) self-evaluation report (September 2025), item 12: 181 of
    310 primary classes are over 45, in 10 primary schools.  The report prints
    only totals; with invented classes, one school of four classes (two over 45)
    and one of two:

    >>> from qbalance.ratios import classes_over_limit
    >>> over = classes_over_limit([[44, 45, 46, 52], [40, 41]], 45)
    >>> over.tolist(), int(over.sum()), int((over > 0).sum())
    ([2, 0], 2, 1)
    """
    what = "classes_over_limit"
    if isinstance(class_sizes, (str, bytes)) or not isinstance(class_sizes, Sequence):
        raise RatioError(message("ratio.class_sizes_type", what=what), field="class_sizes",
                         value=class_sizes)
    n = len(class_sizes)
    lim = _limit_array(limits, n, "limits", what, labels)
    out = np.zeros(n, dtype=np.intp)
    for i, sizes in enumerate(class_sizes):
        c = _count_array(sizes, "class_sizes", what, labels, unit="class", owner=i)
        out[i] = int(np.count_nonzero(c > lim[i]))
    return out


def schools_averaging_over(pupils: ArrayLike, classes: ArrayLike, limits: ArrayLike, *,
                           labels: Sequence[str] | None = None) -> Bool:
    """Schools averaging more pupils per class than the limit (平均班额超标).

    A school with more than ``limit × classes`` pupils has at least one class
    over the limit (pigeonhole), which proves indicator 5 is not met without
    class-level data.  An average at or below the limit proves nothing: the
    classes may still be uneven.

    Parameters
    ----------
    pupils, classes : array_like of int, shape (n,)
        Pupils and classes (班级数) of each school (or segment of a school).
    limits : int or array_like of int, shape (n,)
        The class-size limit (45 primary, 50 junior); one int applies to all.
    labels : sequence of str, optional
        School names, used only to name the school in error messages.

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
        ``pupils > limits × classes``.

    Raises
    ------
    RatioError
        A count that is negative or not a whole number, a limit that is not
        positive, pupils in 0 classes, or arrays of different lengths.

    Examples
    --------
    Pingyuan (平远县) self-evaluation report (September 2025), part 1 and item
    12: 13 450 primary pupils in 310 classes and 8045 junior pupils in 166
    average 43.4 and 48.5, within 45 and 50, although 181 and 90 classes are
    over — an average proves only an excess:

    >>> from qbalance.ratios import schools_averaging_over
    >>> schools_averaging_over([13_450, 8_045], [310, 166], [45, 50]).tolist()
    [False, False]
    >>> schools_averaging_over([2289, 2289], [48, 51], 45).tolist()   # 47.7 and 44.9
    [True, False]
    """
    what = "schools_averaging_over"
    p = _count_array(pupils, "pupils", what, labels)
    c = _count_array(classes, "classes", what, labels)
    _same_length(p.shape[0], c.shape[0], "classes", "pupils", what, classes)
    lim = _limit_array(limits, p.shape[0], "limits", what, labels)
    empty = np.flatnonzero((c == 0) & (p > 0))
    if empty.size:
        i = int(empty[0])
        raise RatioError(message("ratio.no_classes", what=what, where=position(i, labels),
                                 pupils=int(p[i])),
                         school=label_at(i, labels), field="classes", value=0)
    return p > lim * c


# -- music and art rooms ----------------------------------------------------------------------


@attrs.frozen(slots=True, eq=False, kw_only=True)
class RoomKindCheck:
    """One kind of room (music or art) of each school against the rooms required.

    Attributes
    ----------
    rooms : numpy.ndarray of int
        Rooms of the kind at each school, whatever their area.
    large : numpy.ndarray of int
        Rooms of at least the minimum area.
    counted : numpy.ndarray of int
        Rooms that count: every room where the area exemption applies, else
        :attr:`large`.
    short : numpy.ndarray of bool
        The school falls short for certain (``counted < need``, not undecided).
    undecided : numpy.ndarray of bool
        Enough rooms but too few of the minimum area, and the year built is
        unknown while the standard exempts old schools: the year decides.
    reason : numpy.ndarray of str
        Per school: ``"met"``; ``"count"`` (fewer rooms than required, whatever
        their area); ``"area"`` (enough rooms, too few of the minimum area, no
        exemption); ``"undecided"``.
    """

    rooms: Int
    large: Int
    counted: Int
    short: Bool
    undecided: Bool
    reason: NDArray[np.str_]

    def __attrs_post_init__(self) -> None:
        freeze_arrays(self)


@attrs.frozen(slots=True, eq=False)
class RoomShortfalls:
    """Result of :func:`music_art_room_shortfalls`: music and art rooms of each school.

    Attributes
    ----------
    need : numpy.ndarray of int
        Rooms of each kind the school needs (:func:`rooms_required`).
    exempt : numpy.ndarray of bool
        The area exemption applies (built before the exemption year): only the
        number of rooms is checked.
    music, art : RoomKindCheck
        The two kinds of room.
    """

    need: Int
    exempt: Bool
    music: RoomKindCheck
    art: RoomKindCheck

    def __attrs_post_init__(self) -> None:
        freeze_arrays(self)

    @property
    def short(self) -> Bool:
        """Schools falling short for certain on music or art rooms."""
        return self.music.short | self.art.short

    @property
    def undecided(self) -> Bool:
        """Schools not short for certain but undecided on music or art rooms."""
        return (self.music.undecided | self.art.undecided) & ~self.short


def _room_areas(areas: Sequence[Sequence[float]], n: int, field: str, what: str,
                labels: Sequence[str] | None) -> tuple[NDArray[np.float64], Int]:
    """The room areas flattened, and the school (position) each belongs to."""
    if isinstance(areas, (str, bytes)) or not isinstance(areas, Sequence):
        raise RatioError(message("ratio.areas_type", what=what, field=field), field=field,
                         value=areas)
    _same_length(n, len(areas), field, "classes", what, areas)
    lengths = np.zeros(n, dtype=np.intp)
    flat: list[float] = []
    for i, school_areas in enumerate(areas):
        if (school_areas is None or isinstance(school_areas, (str, bytes))
                or not isinstance(school_areas, Sequence | np.ndarray)):
            raise RatioError(message("ratio.areas_at_type", what=what, field=field,
                                     where=position(i, labels), value=school_areas),
                             school=label_at(i, labels), field=field, value=school_areas)
        for j, a in enumerate(school_areas):
            bad = isinstance(a, bool) or not isinstance(a, Real)
            if not bad and not (math.isfinite(a) and a >= 0):
                bad = True
            if bad:
                raise RatioError(message("ratio.area_bad", what=what, field=field,
                                         where=position(i, labels), j=j, value=a),
                                 school=label_at(i, labels), field=field, value=a)
            flat.append(float(a))
        lengths[i] = len(school_areas)
    return (np.array(flat, dtype=np.float64),
            np.repeat(np.arange(n, dtype=np.intp), lengths))


def _positive_number(value: object, field: str, what: str) -> float:
    x = _amount(value, field, what)
    if x == 0:
        raise RatioError(message("ratio.not_positive", what=what, field=field), field=field,
                         value=value)
    return float(x)


def music_art_room_shortfalls(
    classes: ArrayLike, music_room_areas: Sequence[Sequence[float]],
    art_room_areas: Sequence[Sequence[float]], *, classes_per_room: int,
    music_min_m2: float | ArrayLike, art_min_m2: float | ArrayLike,
    exempt_built_before: int | None,
    year_built: Sequence[int | None] | None = None, labels: Sequence[str] | None = None,
    count_only: ArrayLike | None = None,
) -> RoomShortfalls:
    """Which schools fall short on music and art rooms, and why (音乐、美术专用教室).

    Government guarantee indicator 3: 每12个班级配备音乐、美术专用教室1间以上，每间
    音乐专用教室不小于96平方米，每间美术专用教室不小于90平方米; schools built
    before 2016 are checked on the number of rooms only (2016年以前建成的学校不限制
    单间教室面积).  A school needs :func:`rooms_required` rooms of each kind and
    falls short of a kind when fewer rooms count: all its rooms if it is
    exempt, else those of at least the minimum area.

    Parameters
    ----------
    classes : array_like of int, shape (n,)
        Classes of each school (all its segments).
    music_room_areas, art_room_areas : sequence of sequence of float
        For each school, the area of each of its music (art) rooms, m²; ``[]``
        for none.
    classes_per_room : int
        One room of each kind per this many classes (12 nationally).
    music_min_m2, art_min_m2 : float or array_like of float, shape (n,)
        Least area of a music (96) and an art (90) room, m²; one value per school
        where a standard relaxes the minimum for some schools (the 2019 guideline:
        73 / 67 m² for schools built in or before 2016).
    count_only : array_like of bool, shape (n,), optional
        Schools checked on the number of rooms only, whatever their year (a
        standard's count-only rule, e.g. Heilongjiang's for schools built ≤ 2016).
    exempt_built_before : int or None
        Schools built before this year (2016) are exempt from the area rule;
        ``None``: no exemption.
    year_built : sequence of int or None, optional
        Year each school was built; ``None`` (for a school or all) when unknown.
        A school of unknown year short only on area is *undecided*, not short.
    labels : sequence of str, optional
        School names, used only to name the school in error messages.

    Returns
    -------
    RoomShortfalls
        ``need`` and ``exempt`` per school, and for ``music`` and ``art`` the
        rooms, the rooms counted, and which schools are short or undecided with
        the reason (``"count"`` or ``"area"``).

    Raises
    ------
    RatioError
        A count that is negative or not a whole number, an area that is negative
        or not a finite number, a year that is not a whole number, a rule value
        that is not positive, or inputs of different lengths.

    Examples
    --------
    Pingyuan (平远县) self-evaluation report (September 2025), item 10: the rooms
    of 27 of its 31 schools are below the minimum area, all built before 2016,
    so their number is what counts.  The report prints totals only; four
    invented schools of 20 classes, each with two music rooms of 80 m² (and art
    rooms of 90 m²), built in 2010, in 2018, in an unknown year, and one with a
    single room:

    >>> from qbalance.ratios import music_art_room_shortfalls
    >>> r = music_art_room_shortfalls(
    ...     [20, 20, 20, 20], [[80, 80], [80, 80], [80, 80], [80]],
    ...     [[90, 90], [90, 90], [90, 90], [90]], year_built=[2010, 2018, None, 2010],
    ...     classes_per_room=12, music_min_m2=96, art_min_m2=90, exempt_built_before=2016)
    >>> r.need.tolist(), r.exempt.tolist()
    ([2, 2, 2, 2], [True, False, False, True])
    >>> r.music.reason.tolist()
    ['met', 'area', 'undecided', 'count']
    >>> r.short.tolist(), r.art.short.tolist()
    ([False, True, False, True], [False, False, False, True])
    """
    what = "music_art_room_shortfalls"
    c = _count_array(classes, "classes", what, labels)
    n = c.shape[0]
    per = _count(classes_per_room, "classes_per_room", what)
    if per == 0:
        raise RatioError(message("ratio.per_room_zero", what=what), field="classes_per_room",
                         value=classes_per_room)
    def _mins(v: Any, field: str) -> NDArray[np.float64]:
        arr = np.atleast_1d(np.asarray(v, dtype=object))
        if arr.shape[0] not in (1, n) or arr.ndim != 1:
            raise RatioError(message("ratio.one_or_each", what=what, field=field),
                             field=field, value=v)
        vals = np.array([_positive_number(x, field, what) for x in arr], dtype=np.float64)
        return np.broadcast_to(vals, (n,)).copy()
    mins = (_mins(music_min_m2, "music_min_m2"), _mins(art_min_m2, "art_min_m2"))
    before = exempt_built_before
    if before is not None and (isinstance(before, bool) or not isinstance(before, Integral)
                               or before < 0):
        raise RatioError(message("ratio.exempt_year", what=what, value=before),
                         field="exempt_built_before",
                         value=before)
    if year_built is None:
        built = np.full(n, -1, dtype=np.intp)
    else:
        if isinstance(year_built, (str, bytes)) or not isinstance(year_built, Sequence):
            raise RatioError(message("ratio.years_type", what=what), field="year_built",
                             value=year_built)
        _same_length(n, len(year_built), "year_built", "classes", what, year_built)
        built = np.full(n, -1, dtype=np.intp)
        for i, y in enumerate(year_built):
            if y is None:
                continue
            if isinstance(y, bool) or not isinstance(y, Integral) or y < 0:
                raise RatioError(message("ratio.year_bad", what=what, where=position(i, labels),
                                         value=y),
                                 school=label_at(i, labels), field="year_built", value=y)
            built[i] = int(y)
    need = np.maximum(1, -(-c // per))
    known_year = built >= 0
    exempt = known_year & (before is not None) & (built < (before or 0))
    if count_only is not None:
        only = np.asarray(count_only, dtype=np.bool_).reshape(-1)
        _same_length(n, only.shape[0], "count_only", "classes", what, count_only)
        exempt = exempt | only
    checks = []
    for areas, field, min_area in ((music_room_areas, "music_room_areas", mins[0]),
                                   (art_room_areas, "art_room_areas", mins[1])):
        flat, owner = _room_areas(areas, n, field, what, labels)
        rooms = np.bincount(owner, minlength=n).astype(np.intp)
        large = np.bincount(owner, weights=(flat >= min_area[owner]).astype(np.float64),
                            minlength=n).astype(np.intp)
        counted = np.where(exempt, rooms, large)
        fail = counted < need
        # Unknown year: small rooms might be exempt; short only if even all rooms are too few.
        undecided = fail & ~known_year & (before is not None) & (rooms >= need) & ~exempt
        short = fail & ~undecided
        reason = np.full(n, "met", dtype="<U9")
        reason[short & (rooms < need)] = "count"
        reason[short & (rooms >= need)] = "area"
        reason[undecided] = "undecided"
        checks.append(RoomKindCheck(rooms=rooms, large=large, counted=counted, short=short,
                                    undecided=undecided, reason=reason))
    return RoomShortfalls(need, exempt, checks[0], checks[1])
