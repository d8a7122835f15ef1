"""Slip search: which plausible slip reproduces a printed figure (private).

Pure functions on exact fractions; the audit calls them for figures whose
arithmetic does not reproduce.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Sequence
from fractions import Fraction

import attrs

from qbalance.rounding import ReportedFigure, RoundingMode, _round, check_rounding
from qbalance.vocab import Lang


class SlipKind(enum.StrEnum):
    """A kind of slip that can turn a right figure into the printed one."""

    OTHER_DENOMINATOR = "other_denominator"
    """Another figure printed in the report was used as the denominator."""
    NEIGHBOURING_YEAR = "neighbouring_year"
    """A neighbouring year's figure was used as the denominator."""
    SWAPPED_NUMERATOR = "swapped_numerator"
    """Another figure (a neighbouring year's, or the denominator itself) was the numerator."""
    TRUNCATION = "truncation"
    """Digits were cut off instead of rounded."""
    PERCENT_PERMILLE = "percent_permille"
    """Percent written for per mille, or the reverse (a factor of 10)."""
    YUAN_WAN = "yuan_wan"
    """元 read as 万元 or the reverse (a factor of 10 000)."""
    DECIMAL_SHIFT = "decimal_shift"
    """The decimal point moved by one place (a factor of 10)."""
    FORMULA_VARIANT = "formula_variant"
    """Another variant of the formula (e.g. transfers only) was used."""
    OMITTED_TERM = "omitted_term"
    """A term of a sum or mean was left out (e.g. one of the 7 CVs)."""

    @property
    def zh(self) -> str:
        """Chinese name."""
        return _ZH[self]

    @property
    def en(self) -> str:
        """English name."""
        return _EN[self]

    @property
    def other_denominator(self) -> bool:
        """True for the slips the method calls 'a different denominator' (warning)."""
        return self in (SlipKind.OTHER_DENOMINATOR, SlipKind.NEIGHBOURING_YEAR,
                        SlipKind.FORMULA_VARIANT)


_ZH = {
    SlipKind.OTHER_DENOMINATOR: "用了报告中另一个数作分母",
    SlipKind.NEIGHBOURING_YEAR: "用了相邻年份的数作分母",
    SlipKind.SWAPPED_NUMERATOR: "分子用错（换用了另一个数）",
    SlipKind.TRUNCATION: "截尾而非四舍五入",
    SlipKind.PERCENT_PERMILLE: "百分号与千分号混用",
    SlipKind.YUAN_WAN: "元与万元混用",
    SlipKind.DECIMAL_SHIFT: "小数点错位一位",
    SlipKind.FORMULA_VARIANT: "用了另一种计算公式",
    SlipKind.OMITTED_TERM: "漏算了一项",
}
_EN = {
    SlipKind.OTHER_DENOMINATOR: "another printed figure used as the denominator",
    SlipKind.NEIGHBOURING_YEAR: "a neighbouring year's figure used as the denominator",
    SlipKind.SWAPPED_NUMERATOR: "a swapped numerator",
    SlipKind.TRUNCATION: "truncation instead of rounding",
    SlipKind.PERCENT_PERMILLE: "percent and per mille confused",
    SlipKind.YUAN_WAN: "元 and 万元 confused",
    SlipKind.DECIMAL_SHIFT: "decimal point moved by one place",
    SlipKind.FORMULA_VARIANT: "another formula variant",
    SlipKind.OMITTED_TERM: "a term left out",
}


@attrs.frozen(slots=True, kw_only=True)
class Slip:
    """A slip that reproduces a printed figure.

    Attributes
    ----------
    kind : SlipKind
        What kind of slip.
    zh, en : str
        What exactly was done, e.g. "222 / 320（2023年的农村名额）".
    value : fractions.Fraction
        The value the slip gives, in the printed unit.
    modes : tuple of RoundingMode
        Roundings under which the slip reproduces the printed figure.
    """

    kind: SlipKind
    zh: str
    en: str
    value: Fraction
    modes: tuple[RoundingMode, ...]


@attrs.frozen(slots=True)
class Candidate:
    """A value to try, with a description (private to the audit)."""

    kind: SlipKind
    zh: str
    en: str
    value: Fraction


def search(fig: ReportedFigure, candidates: Iterable[Candidate]) -> tuple[Slip, ...]:
    """Every candidate whose value (a plain fraction) reproduces ``fig``."""
    out: list[Slip] = []
    for c in candidates:
        chk = check_rounding(fig, c.value)
        if chk.consistent:
            out.append(Slip(kind=c.kind, zh=c.zh, en=c.en, value=chk.exact, modes=chk.modes))
    return tuple(out)


def scale_candidates(exact: Fraction, *, what_zh: str = "数值", what_en: str = "value"
                     ) -> list[Candidate]:
    """Unit slips of ``exact``: ×/÷ 10 (‰ vs %, decimal point) and ×/÷ 10 000 (元 vs 万元)."""
    return [
        Candidate(SlipKind.YUAN_WAN, f"{what_zh}按万元与元错读（÷10000）",
                  f"{what_en} read with 万元 for 元 (÷ 10 000)", exact / 10_000),
        Candidate(SlipKind.YUAN_WAN, f"{what_zh}按元与万元错读（×10000）",
                  f"{what_en} read with 元 for 万元 (× 10 000)", exact * 10_000),
    ]


def percent_candidates(exact: Fraction) -> list[Candidate]:
    """A ratio printed in the wrong one of % and ‰ (factor 10)."""
    return [
        Candidate(SlipKind.PERCENT_PERMILLE, "千分数写成了百分数（÷10）",
                  "a per-mille figure printed as percent (÷ 10)", exact / 10),
        Candidate(SlipKind.PERCENT_PERMILLE, "百分数写成了千分数（×10）",
                  "a percent figure printed as per mille (× 10)", exact * 10),
    ]


def shift_candidates(exact: Fraction) -> list[Candidate]:
    """The decimal point moved by one place."""
    return [
        Candidate(SlipKind.DECIMAL_SHIFT, "小数点左移一位（÷10）",
                  "decimal point one place to the left (÷ 10)", exact / 10),
        Candidate(SlipKind.DECIMAL_SHIFT, "小数点右移一位（×10）",
                  "decimal point one place to the right (× 10)", exact * 10),
    ]


# --- integer reconstructions (GRIM-like) ------------------------------------------------
def counts_for_rate(fig: ReportedFigure, base: Fraction, per: Fraction, mode: RoundingMode,
                    limit: int | None = None) -> tuple[int, int] | None:
    """Whole counts ``k`` with ``k / base × per`` printed as ``fig`` under ``mode``.

    The set is a run of consecutive integers; returns its (first, last) or
    ``None`` when empty.  ``per`` includes the unit factor (100 for a percent).
    """
    if base <= 0:
        return None
    centre = Fraction(fig.value) * base / per
    unit = Fraction(1, 10**fig.decimals) * base / per
    lo = max(0, math.floor(centre - unit) - 1)
    hi = math.ceil(centre + unit) + 1
    if limit is not None:
        hi = min(hi, limit)
    hits = [k for k in range(lo, hi + 1)
            if _round(Fraction(k) / base * per, fig.decimals, mode) == fig.value]
    return (hits[0], hits[-1]) if hits else None


def denominators_for(fig: ReportedFigure, numerator: Fraction, per: Fraction
                     ) -> tuple[int, int] | None:
    """Whole denominators ``d`` with ``numerator / d × per`` printed as ``fig`` (any mode).

    The exact values printing as ``fig`` form the interval ``[v − u/2, v + u)``
    (see :func:`printed_interval`), so the denominators form a run of
    consecutive integers; returns its (first, last), or ``None`` when empty or
    unbounded (a figure of 0).
    """
    value = Fraction(fig.value)
    unit = Fraction(1, 10**fig.decimals)
    if numerator <= 0 or value - unit / 2 <= 0:
        return None
    lo = max(1, math.floor(numerator * per / (value + unit)) - 1)
    hi = math.ceil(numerator * per / (value - unit / 2)) + 1

    def ok(d: int) -> bool:
        return check_rounding(fig, numerator / d * per / fig.factor).consistent

    while lo <= hi and not ok(lo):
        lo += 1
    while hi >= lo and not ok(hi):
        hi -= 1
    return (lo, hi) if lo <= hi else None


def printed_interval(fig: ReportedFigure) -> tuple[Fraction, Fraction]:
    """Exact values that print as ``fig`` under some mode: the half-open ``[lo, hi)``.

    Half-up and half-even give ``[v − u/2, v + u/2]`` (ends depending on the
    mode), truncation ``[v, v + u)``; their union is ``[v − u/2, v + u)``.  For
    a negative figure the interval is mirrored (and treated the same way).
    Values are in the plain unit (÷ 100 for a percent).
    """
    v = Fraction(fig.value)
    u = Fraction(1, 10**fig.decimals)
    if v >= 0:
        lo, hi = v - u / 2, v + u
    else:
        lo, hi = v - u, v + u / 2
    return lo / fig.factor, hi / fig.factor


def modes_text(modes: Sequence[RoundingMode], lang: Lang) -> str:
    """The modes as words."""
    if not modes:
        return "无" if lang == "zh" else "none"
    sep = "、" if lang == "zh" else ", "
    return sep.join(m.zh if lang == "zh" else m.en for m in modes)
