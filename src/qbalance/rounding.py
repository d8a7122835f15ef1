"""Exact, rounding-aware comparison of a printed figure with the value behind it.

Reports print rounded figures: "50 %", "99.92 %", "0.343".  Whether such a
figure is *right* depends on how it was rounded, and a threshold test must be
made on the exact value, never on the printed one (532 / 1065 = 49.953 % does
not meet "≥ 50 %" even though the report prints "50 %").  This module does
both with exact arithmetic (:class:`fractions.Fraction` inside,
:class:`decimal.Decimal` out); no float is ever rounded.

Three rounding modes are recognised (:class:`RoundingMode`):

* ``half_up`` — 四舍五入: ties go away from zero (2.5 → 3, −2.5 → −3);
* ``half_even`` — banker's rounding (四舍六入五成双): ties go to the even digit;
* ``truncate`` — 截尾 (舍去): digits beyond the last printed one are dropped
  (toward zero).

Floats are read through their shortest decimal representation (``repr``), so
``0.15`` means the decimal 0.15 (an exact tie), not the binary number
0.1499999999999999944… that the float stores.  Pass a
:class:`fractions.Fraction` (e.g. ``Fraction(532, 1065)``) to be exact.

Examples
--------
Midu (弥渡县) self-evaluation report, government guarantee indicator 14
(优质高中招生名额分配): in 2023, 532 of 1065 places were allocated to junior
schools, 49.953 %, printed as "50 %".  The printed figure is a correct
rounding, but not a truncation, and the standard (≥ 50 %) is met only by the
rounded figure:

>>> from fractions import Fraction
>>> from qbalance.rounding import check_rounding
>>> quota = check_rounding("50", Fraction(532, 1065), unit="percent")
>>> quota.modes
(<RoundingMode.HALF_UP: 'half_up'>, <RoundingMode.HALF_EVEN: 'half_even'>)
>>> quota.exact_text(2), str(quota.display)
('49.95…', '50')
>>> quota.exact >= 50
False

Midu, education quality indicator 1 (初中三年巩固率): 2675 graduates over
2642 + 87 + 5 − 40 − 14 − 3 = 2677 is 99.9253 %, printed as "99.92 %": that is
consistent only with truncation (rounding gives 99.93):

>>> cons = check_rounding("99.92%", Fraction(2675, 2677))
>>> [m.value for m in cons.modes], str(cons.display)
(['truncate'], '99.93')
"""

from __future__ import annotations

import enum
import math
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Literal

import attrs

from qbalance._messages import message
from qbalance.errors import DataError

__all__ = [
    "UNIT_FACTORS",
    "ExactValue",
    "ReportedFigure",
    "RoundingCheck",
    "RoundingMode",
    "Unit",
    "check_rounding",
    "exact_fraction",
    "parse_reported",
    "round_half_even",
    "round_half_up",
    "round_to",
    "truncate",
]

#: The kinds of value accepted as exact: converted to :class:`~fractions.Fraction`
#: without loss (a float through its shortest ``repr``).
ExactValue = int | float | str | Decimal | Fraction

#: Unit of a printed figure relative to the exact value: ``"number"`` (as is),
#: ``"percent"`` (× 100, %) or ``"permille"`` (× 1000, ‰).
Unit = Literal["number", "percent", "permille"]

#: Factor from a fraction to a figure printed in each :data:`Unit`.
UNIT_FACTORS: dict[str, int] = {"number": 1, "percent": 100, "permille": 1000}

_SYMBOLS: dict[str, str] = {"%": "percent", "％": "percent", "‰": "permille"}
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


class RoundingMode(enum.Enum):
    """How a printed figure was obtained from the exact value."""

    HALF_UP = "half_up"
    """四舍五入: round to nearest, ties away from zero."""
    HALF_EVEN = "half_even"
    """四舍六入五成双 (banker's rounding): round to nearest, ties to the even digit."""
    TRUNCATE = "truncate"
    """截尾: drop the digits after the last printed one (toward zero)."""

    @property
    def zh(self) -> str:
        """Chinese name of the mode."""
        return {"half_up": "四舍五入", "half_even": "四舍六入五成双",
                "truncate": "截尾（舍去）"}[self.value]

    @property
    def en(self) -> str:
        """English name of the mode."""
        return {"half_up": "round half up", "half_even": "round half to even",
                "truncate": "truncation"}[self.value]


def exact_fraction(value: ExactValue, *, field: str = "value") -> Fraction:
    """``value`` as an exact :class:`~fractions.Fraction`.

    Integers, fractions, decimals and decimal strings convert exactly; a float
    converts through its shortest decimal representation (``0.15`` → 3/20).

    Parameters
    ----------
    value : int, float, str, Decimal or Fraction
        The number; a string may contain thousands separators (``"1,402,544.49"``).
    field : str
        Name used in error messages.

    Returns
    -------
    fractions.Fraction
        The same number, exactly (a :class:`~fractions.Fraction` is returned as is).

    Raises
    ------
    DataError
        ``value`` is not a finite number (``nan``, ``inf``, a bool, or text that
        is not a decimal number); the message names ``field`` and the value.

    Examples
    --------
    >>> from qbalance.rounding import exact_fraction
    >>> exact_fraction(0.15), exact_fraction("1,402,544.49"), exact_fraction(7)
    (Fraction(3, 20), Fraction(140254449, 100), Fraction(7, 1))
    """
    if isinstance(value, bool):
        raise DataError(message("rounding.bool", field=field, value=value), field=field,
                        value=value)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise DataError(message("rounding.not_finite", field=field, value=value), field=field,
                            value=value)
        return Fraction(Decimal(repr(value)))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise DataError(message("rounding.not_finite", field=field, value=value), field=field,
                            value=value)
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "")
        try:
            dec = Decimal(text)
        except InvalidOperation:
            raise DataError(message("rounding.not_decimal", field=field, value=value), field=field,
                            value=value) from None
        if not dec.is_finite():
            raise DataError(message("rounding.not_finite", field=field, value=value), field=field,
                            value=value)
        return Fraction(dec)
    raise DataError(message("rounding.not_number", field=field, value=value,
                            type=type(value).__name__),
                    field=field, value=value)


def _round(x: Fraction, decimals: int, mode: RoundingMode) -> Decimal:
    scaled = x * Fraction(10) ** decimals
    sign = -1 if scaled < 0 else 1
    a = abs(scaled)
    q, r = divmod(a.numerator, a.denominator)
    n = q
    if mode is not RoundingMode.TRUNCATE:
        twice = 2 * r
        if twice > a.denominator:
            n = q + 1
        elif twice == a.denominator:
            n = q + 1 if mode is RoundingMode.HALF_UP or q % 2 == 1 else q
    return _decimal(sign * n, -decimals)


def _decimal(coefficient: int, exponent: int) -> Decimal:
    # Built from its digits: exact whatever the decimal context's precision.
    digits = tuple(int(c) for c in str(abs(coefficient)))
    return Decimal((1 if coefficient < 0 else 0, digits, exponent))


def round_to(value: ExactValue, decimals: int = 0,
             mode: RoundingMode | str = RoundingMode.HALF_UP) -> Decimal:
    """Round ``value`` exactly to ``decimals`` decimal places under ``mode``.

    Parameters
    ----------
    value : int, float, str, Decimal or Fraction
        The exact value (a float is read through its shortest ``repr``).
    decimals : int
        Decimal places to keep; negative values round to tens, hundreds, ….
    mode : RoundingMode or str
        ``"half_up"``, ``"half_even"`` or ``"truncate"``.

    Returns
    -------
    decimal.Decimal
        With exactly ``decimals`` places (e.g. ``Decimal('50.0')`` for 1 place).

    Examples
    --------
    >>> from qbalance.rounding import round_to
    >>> str(round_to("2.675", 2)), str(round_to("2.665", 2, "half_even"))
    ('2.68', '2.66')
    """
    m = RoundingMode(mode)
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        raise DataError(message("rounding.decimals", value=decimals), field="decimals",
                        value=decimals)
    return _round(exact_fraction(value), decimals, m)


def round_half_up(value: ExactValue, decimals: int = 0) -> Decimal:
    """Round half up (四舍五入), ties away from zero, exactly.

    Parameters
    ----------
    value : int, float, str, Decimal or Fraction
        The exact value (a float is read through its shortest ``repr``).
    decimals : int
        Decimal places to keep; negative values round to tens, hundreds, ….

    Returns
    -------
    decimal.Decimal
        With exactly ``decimals`` places; equal to ``round_to(value, decimals, "half_up")``.

    Examples
    --------
    >>> from qbalance.rounding import round_half_up
    >>> str(round_half_up(0.15, 1)), str(round_half_up(-2.5)), str(round_half_up(2.675, 2))
    ('0.2', '-3', '2.68')

    Python's ``round(2.675, 2)`` gives 2.67 because the float is slightly below
    2.675; qbalance rounds the decimal the float was written as.
    """
    return round_to(value, decimals, RoundingMode.HALF_UP)


def round_half_even(value: ExactValue, decimals: int = 0) -> Decimal:
    """Round half to even (四舍六入五成双, banker's rounding), exactly.

    Parameters
    ----------
    value : int, float, str, Decimal or Fraction
        The exact value (a float is read through its shortest ``repr``).
    decimals : int
        Decimal places to keep; negative values round to tens, hundreds, ….

    Returns
    -------
    decimal.Decimal
        With exactly ``decimals`` places; equal to ``round_to(value, decimals, "half_even")``.

    Examples
    --------
    >>> from qbalance.rounding import round_half_even
    >>> str(round_half_even(0.15, 1)), str(round_half_even(0.25, 1)), str(round_half_even(-2.5))
    ('0.2', '0.2', '-2')
    """
    return round_to(value, decimals, RoundingMode.HALF_EVEN)


def truncate(value: ExactValue, decimals: int = 0) -> Decimal:
    """Truncate (截尾) to ``decimals`` places: drop further digits, toward zero.

    Parameters
    ----------
    value : int, float, str, Decimal or Fraction
        The exact value (a float is read through its shortest ``repr``).
    decimals : int
        Decimal places to keep; negative values round to tens, hundreds, ….

    Returns
    -------
    decimal.Decimal
        With exactly ``decimals`` places; equal to ``round_to(value, decimals, "truncate")``.

    Examples
    --------
    Midu's consolidation rate 2675 / 2677 in percent, truncated to 2 places:

    >>> from fractions import Fraction
    >>> from qbalance.rounding import truncate
    >>> str(truncate(Fraction(267500, 2677), 2)), str(truncate(-1.999, 1))
    ('99.92', '-1.9')
    """
    return round_to(value, decimals, RoundingMode.TRUNCATE)


@attrs.frozen(slots=True)
class ReportedFigure:
    """A figure as printed in a report: its value, printed decimals and unit.

    Attributes
    ----------
    text : str
        The text as given (e.g. ``"99.92%"``).
    value : decimal.Decimal
        The printed number (``Decimal('99.92')``).
    decimals : int
        Number of printed decimal places (2).
    unit : str
        ``"number"``, ``"percent"`` or ``"permille"``.
    """

    text: str
    value: Decimal
    decimals: int
    unit: Unit

    @property
    def factor(self) -> int:
        """Factor from a fraction to this unit (1, 100 or 1000)."""
        return UNIT_FACTORS[self.unit]

    @property
    def as_fraction(self) -> Fraction:
        """The printed number converted back to a plain fraction (÷ factor)."""
        return Fraction(self.value) / self.factor


def parse_reported(text: str | int | Decimal, *, unit: Unit | None = None,
                   field: str = "reported") -> ReportedFigure:
    """Read a printed figure, keeping its number of decimals.

    A trailing ``%``/``％`` or ``‰`` sets the unit; thousands separators are
    ignored.  A number given as :class:`int` or :class:`~decimal.Decimal` keeps
    its own decimals; floats are refused (their printed decimals are unknown).

    Parameters
    ----------
    text : str, int or Decimal
        E.g. ``"49.95"``, ``"50 %"``, ``"1.5‰"``, ``"1,061"``.
    unit : str, optional
        The unit when the text carries no symbol (default ``"number"``).
    field : str
        Name used in error messages.

    Returns
    -------
    ReportedFigure
        The text as given, the printed number as a :class:`~decimal.Decimal`, its
        number of decimal places and its unit.

    Raises
    ------
    DataError
        The text is not a plain decimal number, or its symbol contradicts ``unit``.

    Examples
    --------
    >>> from qbalance.rounding import parse_reported
    >>> fig = parse_reported("99.92 %")
    >>> str(fig.value), fig.decimals, fig.unit
    ('99.92', 2, 'percent')
    """
    if isinstance(text, bool) or not isinstance(text, (str, int, Decimal)):
        raise DataError(message("rounding.as_text", field=field, value=text), field=field,
                        value=text)
    raw = str(text)
    s = raw.strip()
    found: str | None = None
    for sym, u in _SYMBOLS.items():
        if s.endswith(sym):
            found = u
            s = s[: -len(sym)].strip()
            break
    if found is not None and unit is not None and found != unit:
        raise DataError(message("rounding.unit_clash", field=field, value=raw, found=found, unit=unit),
                        field=field, value=raw)
    s = s.replace(",", "").replace("，", "")
    if not _NUMBER.match(s):
        raise DataError(message("rounding.not_plain", field=field, value=raw),
                        field=field, value=raw)
    decimals = len(s.split(".", 1)[1]) if "." in s else 0
    the_unit: Unit = found or unit or "number"  # type: ignore[assignment]
    if the_unit not in UNIT_FACTORS:
        raise DataError(message("rounding.unknown_unit", field=field, unit=the_unit,
                                units=str(list(UNIT_FACTORS))),
                        field=field, value=the_unit)
    return ReportedFigure(text=raw, value=Decimal(s), decimals=decimals, unit=the_unit)


@attrs.frozen(slots=True)
class RoundingCheck:
    """Whether a printed figure is consistent with an exact value, and how.

    Attributes
    ----------
    reported : ReportedFigure
        The printed figure.
    exact : fractions.Fraction
        The exact value in the printed unit (e.g. 99.9253… for a percent).
    rounded : tuple of (RoundingMode, Decimal)
        The exact value rounded to the printed decimals under each mode.
    modes : tuple of RoundingMode
        The modes under which the printed figure equals the rounded exact value
        (empty when it is consistent under none).
    """

    reported: ReportedFigure
    exact: Fraction
    rounded: tuple[tuple[RoundingMode, Decimal], ...]
    modes: tuple[RoundingMode, ...]

    @property
    def consistent(self) -> bool:
        """True when the printed figure is reproduced under at least one mode."""
        return bool(self.modes)

    @property
    def only_truncation(self) -> bool:
        """True when the figure is reproduced by truncation but not by rounding."""
        return self.modes == (RoundingMode.TRUNCATE,)

    @property
    def display(self) -> Decimal:
        """The exact value as it should be printed (half up, printed decimals)."""
        return self.rounded_as(RoundingMode.HALF_UP)

    def rounded_as(self, mode: RoundingMode | str) -> Decimal:
        """The exact value rounded to the printed decimals under ``mode``.

        Parameters
        ----------
        mode : RoundingMode or str
            ``"half_up"``, ``"half_even"`` or ``"truncate"``.

        Returns
        -------
        decimal.Decimal
            The exact value (in the printed unit) rounded to the printed figure's
            decimal places.
        """
        m = RoundingMode(mode)
        return dict(self.rounded)[m]

    def exact_text(self, decimals: int = 4) -> str:
        """The exact value truncated to ``decimals`` places, with "…" when inexact.

        Parameters
        ----------
        decimals : int
            Decimal places to show.

        Returns
        -------
        str
            The exact value in the printed unit, truncated; followed by "…" when
            digits were dropped.

        Examples
        --------
        >>> from fractions import Fraction
        >>> from qbalance.rounding import check_rounding
        >>> check_rounding("33.3", Fraction(1, 3), unit="percent").exact_text(3)
        '33.333…'
        """
        t = _round(self.exact, decimals, RoundingMode.TRUNCATE)
        return f"{t}…" if Fraction(t) != self.exact else str(t)

    @property
    def error(self) -> Fraction:
        """Printed value minus exact value, in the printed unit."""
        return Fraction(self.reported.value) - self.exact


def check_rounding(reported: str | int | Decimal | ReportedFigure, exact: ExactValue, *,
                   unit: Unit | None = None) -> RoundingCheck:
    """Is a printed figure consistent with ``exact``, and under which rounding?

    Parameters
    ----------
    reported : str, int, Decimal or ReportedFigure
        The printed figure, as text so that its decimals are known (``"50"``,
        ``"49.95"``, ``"99.92 %"``).
    exact : int, float, str, Decimal or Fraction
        The exact value as a plain number; for a percent or per-mille figure,
        the fraction (0.4995…), which is multiplied by 100 or 1000.
    unit : str, optional
        ``"number"``, ``"percent"`` or ``"permille"``; taken from a trailing
        ``%``/``‰`` in ``reported`` when not given.

    Returns
    -------
    RoundingCheck
        The modes the figure is consistent with, the exact value and the
        rounded display value.

    Examples
    --------
    Baoqing (宝清县) self-evaluation, indicator 11: 67 of 614 teachers rotated,
    printed 10.91 %, a correct rounding under every mode:

    >>> from fractions import Fraction
    >>> from qbalance.rounding import check_rounding
    >>> r = check_rounding("10.91", Fraction(67, 614), unit="percent")
    >>> r.consistent, len(r.modes), r.exact_text(4)
    (True, 3, '10.9120…')

    A tie: 3 / 20 = 0.15 printed with one decimal is "0.2" when rounded half up
    or half even, "0.1" when truncated:

    >>> [m.value for m in check_rounding("0.1", Fraction(3, 20)).modes]
    ['truncate']
    """
    fig = reported if isinstance(reported, ReportedFigure) else parse_reported(reported,
                                                                               unit=unit)
    if isinstance(reported, ReportedFigure) and unit is not None and unit != fig.unit:
        raise DataError(message("rounding.figure_unit", found=fig.unit, unit=unit),
                        field="reported", value=fig.text)
    x = exact_fraction(exact, field="exact") * fig.factor
    rounded = tuple((m, _round(x, fig.decimals, m)) for m in RoundingMode)
    modes = tuple(m for m, v in rounded if v == fig.value)
    return RoundingCheck(reported=fig, exact=x, rounded=rounded, modes=modes)
