"""Turn pydantic's ValidationError into qbalance's DataValidationError.

Every qbalance model derives from :class:`QModel`; constructing or validating
one raises :class:`qbalance.DataValidationError` whose problems name the
school (by id and name when the input has them), the field and the value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, ValidationError

from qbalance._messages import EN, Message, message
from qbalance.errors import DataValidationError, Problem


def pydantic_message(err: Mapping[str, Any]) -> Message:
    """A pydantic error (one item of ``ValidationError.errors()``) as a catalogue message.

    The code is ``pydantic.<type>``; the English text stays pydantic's own, the
    Chinese one comes from the catalogue.  A validator that raises
    ``ValueError(message(...))`` keeps its own message.
    """
    kind = str(err.get("type", "other"))
    ctx = dict(err.get("ctx") or {})
    msg = str(err.get("msg", "invalid"))
    if kind == "value_error":
        inner = ctx.get("error")
        if isinstance(inner, BaseException) and inner.args and isinstance(inner.args[0],
                                                                           Message):
            return inner.args[0]
        text = str(inner) if inner is not None else msg
        return message("pydantic.value_error", text=text, msg=msg)
    code = f"pydantic.{kind}"
    if code not in EN and " / " in msg:  # a custom error written "中文 / English"
        zh, en = msg.split(" / ", 1)
        return message("pydantic.bilingual", zh=zh, en=en, type=kind)
    if code not in EN:
        return message("pydantic.other", type=kind, msg=msg)
    for k, v in ctx.items():
        if isinstance(v, float) and v.is_integer():
            ctx[k] = int(v)  # "应大于或等于 0", not "0.0"
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace(" or ", "、").replace("'", "")
    return message(code, msg=msg, **{k: v for k, v in ctx.items() if k != "msg"})


def _describe(item: Any) -> str | None:
    if isinstance(item, Mapping):
        sid, name = item.get("id"), item.get("name")
        if sid is not None and name is not None:
            return f"{sid} ({name})"
        if sid is not None or name is not None:
            return str(sid if sid is not None else name)
    elif isinstance(item, BaseModel):
        return _describe(item.__dict__)
    return None


def problems_from(exc: ValidationError, data: Any, model: str) -> list[Problem]:
    """Problems from a pydantic error, locating each in ``data`` by id / name."""
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = list(err.get("loc", ()))
        where = _describe(data) or model
        cursor: Any = data
        consumed = 0
        for i, part in enumerate(loc):
            try:
                if isinstance(cursor, Mapping):
                    cursor = cursor[part]
                elif isinstance(cursor, Sequence) and not isinstance(cursor, str):
                    cursor = cursor[int(part)]
                elif isinstance(cursor, BaseModel):
                    cursor = getattr(cursor, str(part))
                else:
                    break
            except (KeyError, IndexError, ValueError, TypeError, AttributeError):
                break
            if isinstance(part, int) and isinstance(cursor, (Mapping, BaseModel)):
                # an item of a list of records (a school): name it; an index into a
                # list of plain values (room areas) stays part of the field
                named = _describe(cursor)
                where = f"{'.'.join(str(p) for p in loc[:i])}[{part}]"
                if named:
                    where = f"{named}"
                consumed = i + 1
        field = ".".join(str(p) for p in loc[consumed:]) or "(whole record)"
        value = None if err.get("type") == "missing" else err.get("input")
        if isinstance(value, Mapping):
            value = "{…}"
        out.append(Problem(location=where, field=field, value=value,
                           message=pydantic_message(err)))
    return out


class QModel(BaseModel):
    """Base of qbalance's input models: frozen, no unknown fields, no NaN/inf."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        allow_inf_nan=False,
        str_strip_whitespace=True,
        use_enum_values=False,
        validate_default=True,
    )

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise DataValidationError(
                problems_from(exc, data, type(self).__name__), source=type(self).__name__
            ) from None

    # Tell pydantic this __init__ only wraps errors: nested models are then validated
    # by pydantic-core directly, and errors keep their full location.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def validate_raw(cls, obj: Any) -> Self:
        """Validate ``obj`` letting pydantic's ``ValidationError`` through (for readers that
        turn it into problems of their own, with spreadsheet rows and columns)."""
        return super().model_validate(obj)

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        """Pydantic's ``model_validate``, raising :class:`qbalance.DataValidationError`."""
        try:
            return super().model_validate(obj, **kwargs)
        except ValidationError as exc:
            raise DataValidationError(
                problems_from(exc, obj, cls.__name__), source=cls.__name__) from None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *,
                  source: str | Message | None = None) -> Self:
        """Validate a plain mapping (parsed JSON/TOML/YAML) into this model.

        Raises
        ------
        DataValidationError
            Listing every problem with the school, field and value.
        """
        try:
            return cls.validate_raw(dict(data))
        except ValidationError as exc:
            raise DataValidationError(
                problems_from(exc, data, cls.__name__), source=source or cls.__name__
            ) from None
