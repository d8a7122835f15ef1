"""The result protocol: what every qbalance result offers, with one signature each.

Every result (:class:`~qbalance.ResourceEvaluation`, :class:`~qbalance.CountyEvaluation`,
:class:`~qbalance.BatchEvaluation`, :class:`~qbalance.AuditReport`,
:class:`~qbalance.GapPlan`, :class:`~qbalance.ScenarioComparison`,
:class:`~qbalance.Sensitivity`, :class:`~qbalance.evaluate.sensitivity.SegmentSensitivity`)
has

- ``to_dict()`` — plain data (JSON types);
- ``to_json(*, indent=2)`` — that data as JSON text, Chinese kept readable;
- ``to_frame(..., lang="zh")`` — a :class:`pandas.DataFrame` (pandas extra);
- ``summary(lang="zh")`` — the compact text, Chinese by default;
- ``__str__()`` — ``summary()``; ``_repr_html_()`` — the notebook view.

:class:`ResultProtocol` states it for the type checker and for ``isinstance``;
:class:`ResultMixin` gives a result class the members it does not define itself
(JSON from ``to_dict``, text from ``summary``, HTML from the text, a one-row frame).
The result types :func:`qbalance.io.save_result` writes and
:func:`qbalance.io.load_result` reads back are registered explicitly in
:data:`qbalance.io.results.RESULT_TYPES`.

>>> import qbalance
>>> from qbalance._result import ResultProtocol
>>> isinstance(qbalance.evaluate_resources(qbalance.example_county()), ResultProtocol)
True
"""

from __future__ import annotations

import json
from typing import Any, Protocol, runtime_checkable

import attrs

from qbalance._messages import check_lang
from qbalance.vocab import Lang

__all__ = ["ResultMixin", "ResultProtocol", "plain_data"]


@runtime_checkable
class ResultProtocol(Protocol):
    """The members every qbalance result has (see the module docstring)."""

    def to_dict(self) -> dict[str, Any]: ...

    def to_json(self, *, indent: int | None = 2) -> str: ...

    def to_frame(self, *, lang: Lang = "zh") -> Any: ...

    def summary(self, lang: Lang = "zh") -> str: ...

    def _repr_html_(self) -> str: ...


def plain_data(value: Any) -> Any:
    """``value`` as JSON types: attrs records as dicts of their fields, enums as their
    values, fractions as strings, numpy arrays and scalars as lists and numbers.

    Parameters
    ----------
    value : Any
        A result, or part of one.

    Returns
    -------
    Any
        The same data made of dicts, lists, strings, numbers, booleans and ``None``.
    """
    import enum
    from fractions import Fraction

    if attrs.has(type(value)):
        return {f.name: plain_data(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, dict) or hasattr(value, "items") and hasattr(value, "keys"):
        return {str(plain_data(k)): plain_data(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [plain_data(v) for v in value]
    tolist = getattr(value, "tolist", None)  # numpy arrays and scalars
    if callable(tolist):
        return plain_data(tolist())
    return value


class ResultMixin:
    """Default members of the result protocol, for the ones a result does not define.

    A subclass defines :meth:`summary` (and usually ``to_dict`` and ``to_frame``);
    this gives it ``to_json``, ``__str__``, ``__repr__`` (one line, from
    :func:`qbalance.report.short_repr`), ``_repr_html_`` (the compact notebook view of
    :func:`qbalance.report.render_notebook`) and, when missing,
    ``to_dict`` (every field, as plain data) and ``to_frame`` (the rows of
    :meth:`_frame_rows`, by default one row of the scalar entries of ``to_dict``).
    """

    __slots__ = ()

    def summary(self, lang: Lang = "zh") -> str:
        """The compact text of the result (a subclass defines it).

        Parameters
        ----------
        lang : {"zh", "en"}
            Language, Chinese by default.

        Returns
        -------
        str
            The text.
        """
        raise NotImplementedError(f"{type(self).__name__}.summary")

    def to_dict(self) -> dict[str, Any]:
        """Every field as plain data (JSON types).

        Returns
        -------
        dict
            Field name → value, recursively plain.
        """
        data = plain_data(self)
        assert isinstance(data, dict)
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (Chinese kept readable).

        Parameters
        ----------
        indent : int or None, default 2
            Indentation; ``None`` for one line.

        Returns
        -------
        str
            The JSON text.
        """
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def _frame_rows(self, lang: Lang) -> list[dict[str, Any]]:
        data = self.to_dict()
        return [{k: v for k, v in data.items() if not isinstance(v, (dict, list))}]

    def to_frame(self, *, lang: Lang = "zh") -> Any:
        """The result as a :class:`pandas.DataFrame` (pandas extra).

        Parameters
        ----------
        lang : {"zh", "en"}
            Language of texts in the table, Chinese by default: Chinese headers
            (:data:`qbalance.io.frames.HEADERS_ZH`), or the field names for ``"en"``.

        Returns
        -------
        pandas.DataFrame
            The rows of the result.

        Raises
        ------
        ValueError
            ``lang`` is neither ``"zh"`` nor ``"en"``.
        MissingDependencyError
            pandas is not installed.
        """
        lang = check_lang(lang)
        from qbalance._optional import require

        from qbalance.io.frames import frame_in

        pd = require("pandas", f"{type(self).__name__}.to_frame()")
        return frame_in(pd.DataFrame(self._frame_rows(lang)), lang)

    def _repr_html_(self) -> str:
        from qbalance.report import render_notebook

        return render_notebook(self)

    def __repr__(self) -> str:
        from qbalance.report import short_repr

        return short_repr(self)

    def __str__(self) -> str:
        return self.summary("zh")
