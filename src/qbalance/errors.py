"""The qbalance exception hierarchy.

Every error qbalance raises on purpose derives from :class:`QBalanceError`, so a
pipeline can catch one class.  Errors about data also derive from
:class:`ValueError` and carry the school, field and value they are about.

Every error has a stable machine-readable :attr:`~QBalanceError.code` (the same
in every language, as pydantic's error ``type``) and prints in the session
language (Chinese unless ``QBALANCE_LANG=en``, :func:`qbalance.set_lang` or
``--lang en``); :meth:`~QBalanceError.render` gives it in either language.

>>> import qbalance
>>> try:
...     qbalance.weighted_cv([1.0, float("nan")], [10, 20], labels=["甲小学", "乙小学"])
... except qbalance.QBalanceError as err:
...     print(err)
...     print(err.render("en"))
数值：乙小学（第 1 个）的值为 nan；数值必须是有限数
values: 乙小学 (position 1) has value nan; values must be finite numbers
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import attrs

from qbalance._messages import MODEL_NAMES, Message, check_lang, field_label, place, text
from qbalance.vocab import Lang

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
    """Root of every error raised by qbalance.

    Parameters
    ----------
    message : str or qbalance._messages.Message
        The message: a catalogue :class:`~qbalance._messages.Message` (rendered in
        the session language whenever the error is printed) or plain text.

    Notes
    -----
    :attr:`code` is the stable machine-readable code of the message
    (``"models.larger"``); for a plain-text message, the class's default code
    (``"data"``, ``"spec"`` …).  :attr:`params` holds the message's parameters.
    """

    #: Code of errors raised with a plain-text message.
    default_code: ClassVar[str] = "error"

    def __init__(self, message: str | Message = "", *args: Any) -> None:
        super().__init__(message, *args)

    @property
    def code(self) -> str:
        """Stable machine-readable code of the message (the same in every language)."""
        m = self.args[0] if self.args else None
        return m.code if isinstance(m, Message) else type(self).default_code

    @property
    def params(self) -> dict[str, Any]:
        """The message's parameters."""
        m = self.args[0] if self.args else None
        return dict(m.params) if isinstance(m, Message) else {}

    def render(self, lang: Lang | None = None) -> str:
        """The message in ``lang`` (``"zh"`` or ``"en"``; default: the session language).

        Parameters
        ----------
        lang : {"zh", "en"}, optional
            Language.

        Returns
        -------
        str
            The message text.
        """
        m = self.args[0] if self.args else ""
        return m.render(lang) if isinstance(m, Message) else str(m)

    def __str__(self) -> str:
        return self.render()


class SpecError(QBalanceError, ValueError):
    """A standard or indicator spec is incomplete or inconsistent.

    Raised, for example, when a threshold the evaluation needs is missing from
    the spec, or a limit is outside its meaningful range.
    """

    default_code = "spec"


class DataError(QBalanceError, ValueError):
    """Input data is invalid.

    Parameters
    ----------
    message : str or qbalance._messages.Message
        Human-readable explanation (a catalogue message renders in the session
        language).
    school : str, optional
        Identifier or name of the school concerned.
    field : str, optional
        The field (column) concerned.
    value : object, optional
        The offending value.
    """

    default_code = "data"

    def __init__(
        self,
        message: str | Message,
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

    default_code = "data.zero_mean"


class EmptySegmentError(DataError):
    """A segment that must be evaluated has no school in scope."""

    default_code = "data.empty_segment"


class UnitError(DataError):
    """A value is implausible by a factor that suggests a unit slip (e.g. 万元 as 元)."""

    default_code = "data.unit"


class RatioError(DataError):
    """A ratio's inputs are impossible.

    Raised for a negative count or amount, a zero (or negative) denominator, or a
    part larger than its whole where that cannot happen (more teachers rotated
    than were eligible).  The message names the ratio, the field and the value.
    """

    default_code = "ratio"


class InfeasibleTargetError(QBalanceError, ValueError):
    """No plan meets the targets within the given caps.

    Attributes
    ----------
    binding : tuple of str
        Each constraint that cannot be met, with the school, indicator, cap and
        value that make it impossible.
    """

    default_code = "plan.infeasible"

    def __init__(self, message: str | Message, *, binding: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.binding = binding


class MissingDependencyError(QBalanceError, ImportError):
    """An optional dependency (an extra such as ``qbalance[excel]``) is not installed."""

    default_code = "missing_dependency"


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
    message : str or qbalance._messages.Message
        What is wrong with it (a catalogue message renders in the session language).
    """

    location: str
    field: str
    value: Any
    message: str | Message

    @property
    def code(self) -> str:
        """Stable code of the problem's message (``"invalid"`` for plain text)."""
        return self.message.code if isinstance(self.message, Message) else "invalid"

    def render(self, lang: Lang | None = None) -> str:
        """The problem in ``lang`` (default: the session language).

        Parameters
        ----------
        lang : {"zh", "en"}, optional
            Language.

        Returns
        -------
        str
            ``"<location>: field <field> = <value>: <message>"``.
        """
        lg = check_lang(lang)
        msg = self.message.render(lg) if isinstance(self.message, Message) else self.message
        where = place(self.location, lg)
        if self.field == "(whole record)":
            return text("validation.problem_record", lg, location=where, text=msg)
        else:
            fld = place(field_label(self.field, lg), lg)
            fld = f"“{fld}”" if lg == "zh" else repr(fld)
        return text("validation.problem", lg, location=where, field=fld,
                    value=self.value, text=msg)

    def __str__(self) -> str:
        return self.render()


class DataValidationError(DataError):
    """Input failed validation; :attr:`problems` lists every problem found.

    All problems are collected before raising, so one run shows everything that
    must be fixed.
    """

    default_code = "validation"

    def __init__(self, problems: Sequence[Problem], *,
                 source: str | Message | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        first = self.problems[0] if self.problems else None
        super().__init__(
            "",
            school=first.location if first else None,
            field=first.field if first else None,
            value=first.value if first else None,
        )
        self.args = (self.render("en"),)

    def render(self, lang: Lang | None = None) -> str:
        """Every problem, one a line, in ``lang`` (default: the session language).

        Parameters
        ----------
        lang : {"zh", "en"}, optional
            Language.

        Returns
        -------
        str
            A head line (how many problems, in what) and one line per problem.
        """
        lg = check_lang(lang)
        source = (self.source.render(lg) if isinstance(self.source, Message) else
                  self.source or text("validation.input", lg))
        if lg == "zh":
            source = MODEL_NAMES.get(source, source)
        source = place(source, lg)
        head = text("validation.head", lg, n=len(self.problems), source=source)
        colon = "：" if lg == "zh" else ":"
        body = "\n".join(f"  - {p.render(lg)}" for p in self.problems)
        return f"{head}{colon}\n{body}"
