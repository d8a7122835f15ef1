"""Cross-field plausibility: warnings about likely unit slips in a county's data.

A value that cannot be right is rejected by the readers and the evaluation (an
indicator's ``plausible`` range in the standard files, an area in 亩).  Some slips
give values that are wrong but possible: a sports area written one digit short
(11 091.3 m² typed 1 109.1) is 1 m² per pupil, which a crowded city school can
really have.  Such a slip changes verdicts (the school fails R5, the county's CV
of R5 jumps), so it must not pass unnoticed; but real schools must not be
rejected either.  :func:`slip_warnings` therefore only **warns**: it compares each
school with its own county, on two statistics at once, by the rules of the
documented plausibility table ``qbalance/data/plausibility.toml`` (the rule, its
thresholds and their calibration are written there; none is a constant here).

For a rule on ``field`` against ``reference`` (``sports_area_m2`` against
``teaching_area_m2``), a school is reported when both its ``field`` per pupil and
its ``field`` per unit of its own ``reference`` are about ``factor`` (10) times
below -- or above -- the county's medians, by at least ``min_factor`` and at least
``robust_z`` robust standard deviations of the county, and corrected by the factor
both are ordinary.  The second statistic is what spares the dense urban school:
its sports area per pupil is low, but so is its building per pupil.  The shipped
table has two rules: the sports area against the teaching area, and the teaching
area against the sports area (one slip moves only its own field's statistics, so
it is never blamed on the other field).

The warnings are carried by the evaluation results
(:attr:`qbalance.ResourceEvaluation.warnings`), printed in their summaries and by
the command line; they never change a verdict.

Examples
--------
The bundled example county (constructed data), with the sports area of 实验小学
(P03, 11 091.3 m²) typed one digit short; the evaluation carries the warning, and
its verdicts are those of the data as given:

>>> from qbalance import County, evaluate_resources, example_county
>>> county = example_county()
>>> evaluate_resources(county).warnings
()
>>> schools = [s.model_copy(update={"sports_area_m2": 1109.1}) if s.id == "P03" else s
...            for s in county.schools]
>>> slipped = County(name=county.name, year=county.year, schools=schools)
>>> (w,) = evaluate_resources(slipped).warnings
>>> w.school_id, w.field, w.value, w.factor
('P03', 'sports_area_m2', 1109.1, 10.0)
>>> print(w.text_zh)
学校 P03（实验小学）：体育运动场馆面积 = 1109.1 平方米（生均 0.98，县内中位数 13.2，约为其 1/13；与教学及辅助用房面积之比 0.16，县内中位数 1.85，约为其 1/12）：体育运动场馆面积可能少写了一位（×10），请核对
"""

from __future__ import annotations

import functools
import math
import tomllib
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np

from qbalance._data import data_path
from qbalance._messages import check_lang, message, text
from qbalance.errors import SpecError
from qbalance.models import School
from qbalance.vocab import Lang

__all__ = ["SlipRule", "SlipWarning", "slip_rules", "slip_warnings"]

#: The documented plausibility table.
RULES_FILE = ("plausibility.toml",)
#: 1.4826 x the median absolute deviation estimates a normal standard deviation.
_MAD_TO_SD = 1.4826


@attrs.frozen(slots=True, kw_only=True)
class SlipRule:
    """One cross-field slip rule of ``data/plausibility.toml`` (see that file).

    Attributes
    ----------
    code : str
        Stable code of the rule (``"sports_area_x10"``).
    field, reference : str
        The school field checked and the school field it is compared with.
    unit_zh, unit_en : str
        Unit of ``field`` in the messages.
    factor : float
        The slip looked for (10: a digit short, or one too many).
    min_factor : float
        Least deviation from the county medians, as a factor.
    robust_z : float
        Least deviation in robust standard deviations of the county.
    corrected_within : float
        Corrected by ``factor``, both statistics lie within this factor of the medians.
    min_schools : int
        Least number of schools with both fields for the county's medians to count.
    """

    code: str
    field: str
    reference: str
    unit_zh: str
    unit_en: str
    factor: float
    min_factor: float
    robust_z: float
    corrected_within: float
    min_schools: int


@attrs.frozen(slots=True, kw_only=True)
class SlipWarning:
    """A school whose value looks like a unit slip (a warning, never a verdict).

    Attributes
    ----------
    code : str
        The rule's code (``"sports_area_x10"``).
    school_id, name : str
        The school.
    field : str
        The school field that looks wrong (``"sports_area_m2"``).
    value : float
        Its value as given.
    factor : float
        The likely correction: the value times ``factor`` is what was probably meant
        (10.0: a digit short; 0.1: a digit too many).
    per_pupil, county_median : float
        The school's ``field`` per pupil and the county's median of it.
    ratio, county_ratio_median : float
        ``field`` / ``reference`` of the school and the county's median of it.
    text_zh, text_en : str
        The warning in words, naming school, field and value and the likely slip.
    """

    code: str
    school_id: str
    name: str
    field: str
    value: float
    factor: float
    per_pupil: float
    county_median: float
    ratio: float
    county_ratio_median: float
    text_zh: str
    text_en: str

    def text(self, lang: Lang = "zh") -> str:
        """The warning in ``lang`` (``"zh"`` or ``"en"``).

        Parameters
        ----------
        lang : {"zh", "en"}
            Language.

        Returns
        -------
        str
        """
        lang = check_lang(lang)
        return self.text_en if lang == "en" else self.text_zh


@functools.cache
def slip_rules() -> tuple[SlipRule, ...]:
    """The slip rules of the shipped plausibility table ``data/plausibility.toml``.

    Returns
    -------
    tuple of SlipRule

    Raises
    ------
    SpecError
        The table is malformed (a missing or unknown key, a value out of range).
    """
    with data_path(*RULES_FILE).open("rb") as fh:
        raw = tomllib.load(fh)
    out = []
    names = {f.name for f in attrs.fields(SlipRule)}
    for i, r in enumerate(raw.get("slip", ())):
        if set(r) != names:
            raise SpecError(message("plausibility.keys", i=i, keys=str(sorted(set(r) ^ names))))
        rule = SlipRule(**r)
        if not (rule.factor > 1 and 1 < rule.min_factor and rule.corrected_within > 1
                and rule.robust_z >= 0 and rule.min_schools >= 3):
            raise SpecError(message("plausibility.range", i=i, rule=str(r)))
        out.append(rule)
    return tuple(out)


def _pupils(s: School) -> int:
    p, j = s.primary, s.junior
    return (p.pupils if p is not None else 0) + (j.pupils if j is not None else 0) \
        + s.senior_pupils


def _num(v: float) -> str:
    """A figure for a message: 3 significant digits, at most 2 decimals, no exponent."""
    if v == 0 or not math.isfinite(v):
        return f"{v:g}"
    digits = max(0, min(2, 2 - math.floor(math.log10(abs(v)))))
    return f"{v:.{digits}f}"


def _rel(d: float) -> str:
    """A deviation ``10**d`` as ``1/12`` (below) or ``12``-fold (above)."""
    f = 10 ** abs(d)
    return f"{f:.0f}" if f >= 9.5 else f"{f:.1f}"


def _rule_warnings(rule: SlipRule, schools: Sequence[School],
                   n_pupils: Sequence[int]) -> list[SlipWarning]:
    rows = []
    for s, p in zip(schools, n_pupils, strict=True):
        v, ref = getattr(s, rule.field, None), getattr(s, rule.reference, None)
        if isinstance(v, (int, float)) and isinstance(ref, (int, float)) and v > 0 \
                and ref > 0 and p > 0:
            rows.append((s, float(v), float(ref), p))
    if len(rows) < rule.min_schools:
        return []
    value = np.fromiter((r[1] for r in rows), np.float64, len(rows))
    ref_v = np.fromiter((r[2] for r in rows), np.float64, len(rows))
    pupils = np.fromiter((r[3] for r in rows), np.float64, len(rows))
    x, y = np.log10(value / pupils), np.log10(value / ref_v)
    mx, my = float(np.median(x)), float(np.median(y))
    sx = _MAD_TO_SD * float(np.median(np.abs(x - mx)))
    sy = _MAD_TO_SD * float(np.median(np.abs(y - my)))
    lf, lmin, lwithin = (math.log10(rule.factor), math.log10(rule.min_factor),
                         math.log10(rule.corrected_within))
    dx, dy = x - mx, y - my
    out = []
    for sign in (1.0, -1.0):  # 1: written too small (x factor); -1: too large
        hit = np.ones(len(rows), dtype=np.bool_)
        for d, sd in ((dx, sx), (dy, sy)):
            hit &= (-sign * d >= max(lmin, rule.robust_z * sd)) & (np.abs(d + sign * lf)
                                                                    <= lwithin)
        for k in np.flatnonzero(hit).tolist():
            s, v, ref, p = rows[k]
            out.append((k, _warning(rule, s, v, p, ref, float(dx[k]), float(dy[k]), mx, my,
                                    sign)))
    return [w for _, w in sorted(out, key=lambda t: t[0])]


def _warning(rule: SlipRule, s: School, v: float, p: int, ref: float, dx: float, dy: float,
             mx: float, my: float, sign: float) -> SlipWarning:
    kind = "small" if sign > 0 else "large"
    params: dict[str, Any] = dict(
        id=s.id, name=s.name, field=rule.field, reference=rule.reference, value=f"{v:g}",
        per=_num(v / p), med=_num(10 ** mx), rel=_rel(dx), ratio=_num(v / ref),
        rmed=_num(10 ** my), rrel=_rel(dy), factor=f"{rule.factor:g}")
    return SlipWarning(
        code=rule.code, school_id=s.id, name=s.name, field=rule.field, value=v,
        factor=rule.factor if sign > 0 else 1 / rule.factor, per_pupil=v / p,
        county_median=10 ** mx, ratio=v / ref, county_ratio_median=10 ** my,
        text_zh=text(f"plausibility.{kind}", "zh", unit=rule.unit_zh, **params),
        text_en=text(f"plausibility.{kind}", "en", unit=rule.unit_en, **params))


def slip_warnings(schools: Sequence[School],
                  rules: Sequence[SlipRule] | None = None) -> tuple[SlipWarning, ...]:
    """Schools of one county whose values look like unit slips (warnings only).

    Applies the cross-field rules of the plausibility table
    ``qbalance/data/plausibility.toml`` (the rule and its thresholds are documented
    there): a school is named when its ``field`` per pupil **and** its ``field``
    against its own ``reference`` field are both about ``factor`` times off the
    county's medians (beyond ``min_factor`` and ``robust_z`` robust standard
    deviations) and ordinary once corrected.  Deterministic: the same schools give
    the same warnings, in the order of the schools.

    Parameters
    ----------
    schools : sequence of School
        The schools of one county (those whose data enter the evaluation).
    rules : sequence of SlipRule, optional
        The rules (default: :func:`slip_rules`, the shipped table).

    Returns
    -------
    tuple of SlipWarning
        One warning per school and rule that fires; empty when the data look right
        or the county has fewer than ``min_schools`` schools with both fields.

    Examples
    --------
    See the module docstring: the example county's 实验小学 with a sports area
    typed one digit short.

    >>> from qbalance import example_county
    >>> slip_warnings(example_county().schools)
    ()
    """
    found: list[tuple[int, SlipWarning]] = []
    order = {s.id: i for i, s in enumerate(schools)}
    n_pupils = [_pupils(s) for s in schools]
    for rule in (slip_rules() if rules is None else rules):
        found.extend((order[w.school_id], w) for w in _rule_warnings(rule, schools, n_pupils))
    return tuple(w for _, w in sorted(found, key=lambda t: t[0]))
