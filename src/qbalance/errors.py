"""The qbalance exception hierarchy.

Every error qbalance raises on purpose derives from :class:`QBalanceError`, so a
pipeline can catch one class.  Errors about data also derive from
:class:`ValueError` and carry the school, field and value they are about.

>>> import qbalance
>>> try:
...     qbalance.weighted_cv([1.0, float("nan")], [10, 20], labels=["甲小学", "乙小学"])
... except qbalance.QBalanceError as err:
...     print(err)
values: 乙小学 (position 1) has value nan; values must be finite numbers
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

__all__ = [
    "DataError",
    "DataValidationError",
    "EmptySegmentError",
    "InfeasibleTargetError",
    "MissingDependencyError",
    "Problem",
    "QBalanceError",
    "RatioError",
    "SpecError",
    "UnitError",
    "ZeroMeanError",
]


class QBalanceError(Exception):
    """Root of every error raised by qbalance."""


class SpecError(QBalanceError, ValueError):
    """A standard or indicator spec is incomplete or inconsistent.

    Raised, for example, when a threshold the evaluation needs is missing from
    the spec, or a limit is outside its meaningful range.
    """


class DataError(QBalanceError, ValueError):
    """Input data is invalid.

    Parameters
    ----------
    message : str
        Human-readable explanation.
    school : str, optional
        Identifier or name of the school concerned.
    field : str, optional
        The field (column) concerned.
    value : object, optional
        The offending value.
    """

    def __init__(
        self,
        message: str,
        *,
        school: str | None = None,
        field: str | None = None,
        value: Any = None,
    ) -> None:
        super().__init__(message)
        self.school = school
        self.field = field
        self.value = value


class ZeroMeanError(DataError):
    """A coefficient of variation was asked of data whose weighted mean is zero."""


class EmptySegmentError(DataError):
    """A segment that must be evaluated has no school in scope."""


class UnitError(DataError):
    """A value is implausible by a factor that suggests a unit slip (e.g. 万元 as 元)."""


class RatioError(DataError):
    """A ratio's inputs are impossible.

    Raised for a negative count or amount, a zero (or negative) denominator, or a
    part larger than its whole where that cannot happen (more teachers rotated
    than were eligible).  The message names the ratio, the field and the value.
    """


class InfeasibleTargetError(QBalanceError, ValueError):
    """No plan meets the targets within the given caps.

    Attributes
    ----------
    binding : tuple of str
        Each constraint that cannot be met, with the school, indicator, cap and
        value that make it impossible.
    """

    def __init__(self, message: str, *, binding: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.binding = binding


class MissingDependencyError(QBalanceError, ImportError):
    """An optional dependency (an extra such as ``qbalance[excel]``) is not installed."""


@attrs.frozen(slots=True)
class Problem:
    """One problem found while validating input.

    Attributes
    ----------
    location : str
        Where the problem is: school id or name, row number, claim id.
    field : str
        The field (column) concerned, dotted for nested fields.
    value : object
        The value that was given.
    message : str
        What is wrong with it.
    """

    location: str
    field: str
    value: Any
    message: str

    def __str__(self) -> str:
        return f"{self.location}: field {self.field!r} = {self.value!r}: {self.message}"


class DataValidationError(DataError):
    """Input failed validation; :attr:`problems` lists every problem found.

    All problems are collected before raising, so one run shows everything that
    must be fixed.
    """

    def __init__(self, problems: Sequence[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        head = f"{len(self.problems)} problem(s) in {source or 'input'}"
        body = "\n".join(f"  - {p}" for p in self.problems)
        first = self.problems[0] if self.problems else None
        super().__init__(
            f"{head}:\n{body}",
            school=first.location if first else None,
            field=first.field if first else None,
            value=first.value if first else None,
        )
