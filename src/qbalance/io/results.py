"""Saving and loading results: :func:`save_result` / :func:`load_result`, and the
rebuilding of attrs result values from their plain-data form (``to_dict`` / JSON).

:func:`structure` walks the type hints of an attrs class, so any result class made
of attrs values, enums, tuples, dicts, numbers and strings loads back equal to the
value that was saved.  Keys in the data that are not fields must be read-only
properties of the class (verdicts such as ``passed``); their stored value is
checked against the recomputed one, so an edited file is caught.
"""

from __future__ import annotations

import enum
import functools
import json
import types
from decimal import Decimal
from fractions import Fraction
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import attrs

from qbalance._messages import Message, message
from qbalance.errors import DataError

__all__ = ["load_result", "save_result"]

T = TypeVar("T")

FORMAT = "qbalance-result"


def structure(cls: type[T], data: Any, path: str = "$") -> T:
    """Build an instance of the attrs class ``cls`` from plain ``data``."""
    return typing.cast(T, _structure(cls, data, path))


def _fail(path: str, msg: str | Message, value: Any = None) -> DataError:
    return DataError(message("result.at", path=path, text=msg), field=path, value=value)


def _structure(tp: Any, v: Any, path: str) -> Any:
    if tp is Any:
        return v
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if v is None and type(None) in args:
            return None
        errors = []
        for a in args:
            if a is type(None):
                continue
            try:
                return _structure(a, v, path)
            except DataError as exc:
                errors.append(str(exc))
        raise _fail(path, "; ".join(errors) or message("result.no_match"), v)
    if origin is tuple:
        if not isinstance(v, (list, tuple)):
            raise _fail(path, message("result.expected_list", got=type(v).__name__), v)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_structure(args[0], x, f"{path}[{i}]") for i, x in enumerate(v))
        if len(args) != len(v):
            raise _fail(path, message("result.items", n=len(args), got=len(v)), v)
        return tuple(_structure(a, x, f"{path}[{i}]")
                     for i, (a, x) in enumerate(zip(args, v, strict=True)))
    if origin in (list, typing.List):  # noqa: UP006
        if not isinstance(v, (list, tuple)):
            raise _fail(path, message("result.expected_list", got=type(v).__name__), v)
        return [_structure(args[0] if args else Any, x, f"{path}[{i}]") for i, x in enumerate(v)]
    if origin in (dict, typing.Dict, Mapping):  # noqa: UP006
        if not isinstance(v, Mapping):
            raise _fail(path, message("result.expected_object", got=type(v).__name__), v)
        kt, vt = args if args else (Any, Any)
        return {_structure(kt, k, path): _structure(vt, x, f"{path}.{k}") for k, x in v.items()}
    if origin is typing.Literal:
        if v not in args:
            raise _fail(path, message("result.one_of", options=str(args)), v)
        return v
    if isinstance(tp, type) and attrs.has(tp):
        return _structure_attrs(tp, v, path)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(v)
        except ValueError:
            raise _fail(path, message("result.not_valid", type=tp.__name__), v) from None
    if tp is Fraction:
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            raise _fail(path, message("result.fraction"), v)
        try:
            return Fraction(v)
        except (ValueError, ZeroDivisionError):
            raise _fail(path, message("result.bad_fraction"), v) from None
    if tp is Decimal:
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            raise _fail(path, message("result.decimal"), v)
        try:
            d = Decimal(v)
        except ArithmeticError:
            raise _fail(path, message("result.bad_decimal"), v) from None
        if not d.is_finite():
            raise _fail(path, message("result.not_finite"), v)
        return d
    if tp is float:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise _fail(path, message("result.number"), v)
        return float(v)
    if tp is int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise _fail(path, message("result.integer"), v)
        return v
    if tp is bool:
        if not isinstance(v, bool):
            raise _fail(path, message("result.bool"), v)
        return v
    if tp is str:
        if not isinstance(v, str):
            raise _fail(path, message("result.string"), v)
        return v
    if tp is type(None):
        if v is not None:
            raise _fail(path, message("result.null"), v)
        return None
    if isinstance(tp, type) and hasattr(tp, "from_dict") and isinstance(v, Mapping):
        return tp.from_dict(v)
    raise _fail(path, message("result.rebuild", type=tp), v)


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _structure_attrs(cls: type, v: Any, path: str) -> Any:
    if not isinstance(v, Mapping):
        raise _fail(path, message("result.object_for", type=cls.__name__, got=type(v).__name__), v)
    hook = getattr(cls, "_from_plain", None)  # a class's own reading of its saved form
    if hook is not None:
        v = hook(v)
    hints = _hints(cls)
    fields = attrs.fields(cls)
    names = {f.name for f in fields}
    kwargs: dict[str, Any] = {}
    for f in fields:
        if f.name in v:
            kwargs[f.name] = _structure(hints.get(f.name, Any), v[f.name], f"{path}.{f.name}")
        elif f.default is attrs.NOTHING:
            raise _fail(path, message("result.field_missing", type=cls.__name__, field=f.name))
    obj = cls(**kwargs)
    for key, stored in v.items():
        if key in names:
            continue
        prop = getattr(cls, key, None)
        if not isinstance(prop, property):
            raise _fail(path, message("result.unknown_key_for", key=key, type=cls.__name__), stored)
        actual = getattr(obj, key)
        if isinstance(actual, enum.Enum):
            actual = actual.value
        if attrs.has(type(actual)) or isinstance(actual, tuple):
            continue
        if actual != stored:
            raise _fail(f"{path}.{key}", message("result.edited", stored=stored, again=actual),
                        stored)
    return obj


#: The result types :func:`save_result` writes and :func:`load_result` reads back, by
#: type name (the ``type`` of a saved envelope) -> the module defining the class.  Each
#: has ``to_dict`` and ``from_dict`` and loads back equal (tests/io/test_result_protocol.py,
#: tests/io/test_results_tampered.py); on load, the invariants of its type are re-checked
#: (:mod:`qbalance.io._invariants`).  A result type that is not here is refused by
#: :func:`save_result`, never saved unloadable.
RESULT_TYPES: dict[str, str] = {
    "ResourceEvaluation": "qbalance.evaluate.resources",
    "CountyEvaluation": "qbalance.evaluate.county",
    "AuditReport": "qbalance.audit.checks",
    "GapPlan": "qbalance.plan.apply",
    "BatchEvaluation": "qbalance.evaluate.batch",
    "ScenarioComparison": "qbalance.evaluate.scenario",
    "Sensitivity": "qbalance.evaluate.sensitivity",
    "DeclarationForm": "qbalance.form.tables",
}


#: Keys that identify bare ``to_dict()`` data of a type whose keys are not its fields.
_BARE_KEYS: dict[str, set[str]] = {
    "AuditReport": {"county", "report", "source", "standard", "claims", "counts"}}
#: Keys beside a type's ``to_dict()`` in the JSON the CLI prints, not part of the result
#: (``qbalance audit --format json``: the roll-up, uncovered numbers and lint of a report).
_BARE_EXTRAS: dict[str, set[str]] = {"AuditReport": {"rollup", "uncovered", "lint"}}


def result_class(name: str) -> type:
    """The class of :data:`RESULT_TYPES` named ``name`` (its module imported on first use)."""
    import importlib

    cls = getattr(importlib.import_module(RESULT_TYPES[name]), name)
    assert isinstance(cls, type) and hasattr(cls, "to_dict") and hasattr(cls, "from_dict")
    return cls


def result_classes() -> dict[str, type]:
    """The classes of :data:`RESULT_TYPES`, by type name (imported on first use)."""
    return {name: result_class(name) for name in RESULT_TYPES}


def envelope(result: Any) -> dict[str, Any]:
    """``result`` as saved data: its type, the qbalance version, and ``to_dict()``."""
    from qbalance import __version__

    if not hasattr(result, "to_dict"):
        raise DataError(message("result.cannot_save", type=type(result).__name__))
    return {"format": FORMAT, "type": type(result).__name__, "qbalance": __version__,
            "result": result.to_dict()}


def from_envelope(data: Any, *, source: str = "result") -> Any:
    """Rebuild a result from :func:`envelope` data, or from bare ``to_dict()`` data, and
    re-check every invariant of its type (:func:`qbalance.io._invariants.check_result`)."""
    from qbalance.io._invariants import check_result

    obj = _from_envelope(data, source=source)
    check_result(obj, source)
    return obj


def _from_envelope(data: Any, *, source: str = "result") -> Any:
    if isinstance(data, Mapping) and data.get("format") == FORMAT:
        name = data.get("type")
        if name not in RESULT_TYPES:
            raise DataError(message("result.unknown_type", source=source, name=name,
                                    known=str(sorted(RESULT_TYPES))), field="type", value=name)
        cls = result_class(str(name))
        from_dict = getattr(cls, "from_dict", None)
        result = data.get("result")
        return (from_dict(result) if from_dict is not None
                else structure(cls, result, f"{source}:$"))
    if isinstance(data, Mapping):
        classes = result_classes()
        candidates = []
        for name, cls in classes.items():
            required = _BARE_KEYS.get(name) or {
                f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING}
            if required and required <= set(data):
                candidates.append((len(required), name, cls))
        if candidates:
            _, name, cls = max(candidates, key=lambda c: c[0])
            if name in _BARE_EXTRAS:  # what `qbalance audit --format json` adds
                data = {k: v for k, v in data.items() if k not in _BARE_EXTRAS[name]}
            from_dict = getattr(cls, "from_dict", None)
            return from_dict(data) if from_dict is not None else structure(cls, data)
    raise DataError(message("result.not_result", source=source), field="format")


def check_stored(stored: Any, again: Any, path: str = "$") -> None:
    """Refuse saved data that disagrees with what the rebuilt result gives.

    ``stored`` is the saved ``to_dict()`` data of a result, ``again`` the ``to_dict()``
    of the result rebuilt from it.  Every key of either must be in both and hold the
    same value (numbers compared exactly, NaN equal to NaN): a derived figure or
    verdict edited in the file (counts, statuses, totals) is caught, naming its path.

    Raises
    ------
    DataError
        Naming the first path (``$.claims[3].status``) where they differ.
    """
    if isinstance(again, Mapping):
        if not isinstance(stored, Mapping):
            raise _fail(path, message("result.expected_object", got=type(stored).__name__), stored)
        for key in stored:
            if key not in again:
                raise _fail(f"{path}.{key}", message("result.unknown_key", key=key), stored[key])
        for key in again:
            if key not in stored:
                raise _fail(f"{path}.{key}", message("result.key_missing", key=key))
        # the parts first, so that the most specific field is named
        order = sorted(again, key=lambda k: 0 if isinstance(again[k], (list, tuple)) else
                       1 if isinstance(again[k], Mapping) else 2)
        for key in order:
            check_stored(stored[key], again[key], f"{path}.{key}")
        return
    if isinstance(again, (list, tuple)):
        if not isinstance(stored, (list, tuple)):
            raise _fail(path, message("result.expected_list", got=type(stored).__name__), stored)
        if len(stored) != len(again):
            raise _fail(path, message("result.count_edited", stored=len(stored), again=len(again)),
                        len(stored))
        for i, (s, a) in enumerate(zip(stored, again, strict=True)):
            check_stored(s, a, f"{path}[{i}]")
        return
    if isinstance(again, float) and isinstance(stored, float) and again != again:
        if stored == stored:
            raise _fail(path, message("result.nan_edited", stored=stored), stored)
        return
    if (isinstance(stored, bool) != isinstance(again, bool)) or stored != again:
        raise _fail(path, message("result.edited", stored=stored, again=again), stored)


def structure_county(cls: type[T], data: Any) -> T:
    """Rebuild a :class:`qbalance.CountyEvaluation` from its ``to_dict`` data.

    The county result stores, beside its fields, derived keys (``outcome``,
    ``missing``, the resource part's ``outcome``, every check's ``value``); they are
    checked against the rebuilt result, not silently dropped.
    """
    if not isinstance(data, Mapping):
        raise _fail("$", message("result.object_for_only", type=cls.__name__), data)
    d = dict(data)
    res = d.get("resources")
    stored_res_outcome = None
    if isinstance(res, Mapping):
        res = dict(res)
        stored_res_outcome = res.pop("outcome", None)
        d["resources"] = res
    areas: dict[str, Any] = {}
    for key in ("guarantee", "quality", "survey", "vetoes"):
        area = d.get(key)
        if isinstance(area, Mapping):
            area = dict(area)
            area.pop("outcome", None)
            checks = []
            for c in area.get("checks", ()):
                c = dict(c)
                c.pop("value", None)
                c["measures"] = [{k: v for k, v in m.items() if k != "value"}
                                 for m in c.get("measures", ())]
                checks.append(c)
            area["checks"] = checks
            d[key] = area
            areas[key] = data[key]
    obj = structure(cls, d)
    res_outcome = getattr(obj, "resources_outcome", None)
    if stored_res_outcome is not None and getattr(res_outcome, "value", None) != \
            stored_res_outcome:
        raise _fail("$.resources.outcome", message(
            "result.outcome_edited", stored=stored_res_outcome,
            again=getattr(res_outcome, "value", None)), stored_res_outcome)
    again = typing.cast(Any, obj).to_dict()
    for key, stored in areas.items():
        if _jsonish(stored) != _jsonish(again[key]):
            raise _fail(f"$.{key}", message("result.verdicts_edited"))
    return obj


def plain(v: Any) -> Any:
    """``v`` with enums as their values, fractions as strings and containers as JSON ones."""
    if isinstance(v, enum.Enum):
        return v.value
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, Mapping):
        return {str(plain(k)): plain(x) for k, x in v.items()}
    if isinstance(v, (tuple, list)):
        return [plain(x) for x in v]
    return v


def _jsonish(v: Any) -> Any:
    import json

    return json.loads(json.dumps(v, sort_keys=True, default=str))


def save_result(result: Any, path: str | Path) -> Path:
    """Save an evaluation result as JSON that :func:`load_result` reads back equal.

    Parameters
    ----------
    result : ResourceEvaluation, CountyEvaluation, AuditReport, GapPlan or another type of
        :data:`RESULT_TYPES`
        The result.
    path : str or pathlib.Path
        Output file (``.json``), written as UTF-8 and replaced if it exists.

    Returns
    -------
    pathlib.Path
        ``path``, as a :class:`~pathlib.Path`.

    Raises
    ------
    DataError
        ``result`` has no ``to_dict()``, is not of a type of :data:`RESULT_TYPES`, or
        :func:`load_result` could not read the file back equal (nothing is written then).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from qbalance import evaluate_resources, example_county, load_result, save_result
    >>> result = evaluate_resources(example_county())
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = save_result(result, Path(d) / "result.json")
    ...     load_result(path) == result
    True
    """
    from qbalance.io._invariants import check_result

    p = Path(path)
    env = envelope(result)
    text = json.dumps(env, ensure_ascii=False, indent=2) + "\n"
    try:  # only what load_result reads back (and finds equal) is saved
        from qbalance._files import load_json_text

        back = from_envelope(load_json_text(text, type(result).__name__),
                             source=type(result).__name__)
        check_result(back, type(result).__name__)
        # compared as JSON text: an undefined CV (NaN) equals itself there
        same = back == result or json.dumps(back.to_dict(), sort_keys=True) == json.dumps(
            env["result"], sort_keys=True)
    except DataError as exc:
        raise DataError(message("result.no_load_back", type=type(result).__name__, reason=exc),
                        field="result", value=type(result).__name__) from exc
    if not same:
        raise DataError(message("result.not_equal", type=type(result).__name__),
                        field="result", value=type(result).__name__)
    p.write_text(text, encoding="utf-8")
    return p


def load_result(path: str | Path) -> Any:
    """Load a result saved with :func:`save_result` (or ``qbalance evaluate --format json``).

    Parameters
    ----------
    path : str or pathlib.Path
        A JSON file: the saved envelope (result type, qbalance version and data), or
        a result's bare ``to_dict()`` data.

    Returns
    -------
    ResourceEvaluation, CountyEvaluation or another result class
        The rebuilt result, of the type that was saved (for bare data, the exported
        result class whose required fields the data has); equal to the saved result.

    Raises
    ------
    DataError
        The file is not a saved qbalance result, is truncated or corrupt, or breaks an
        invariant of its result type (counts, means and CVs from the school values,
        composites = mean of the CVs, verdicts from values and limits, finite
        numbers); the error names the field.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from qbalance import evaluate_resources, example_county, load_result, save_result
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = save_result(evaluate_resources(example_county()), Path(d) / "r.json")
    ...     loaded = load_result(path)
    >>> type(loaded).__name__, loaded.passed
    ('ResourceEvaluation', False)
    """
    from qbalance._files import load_json_text, read_capped

    p = Path(path)
    raw = read_capped(p)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(message("result.not_utf_eight", path=str(p), byte=exc.start), field="path",
                        value=str(p)) from exc
    return from_envelope(load_json_text(text, str(p)), source=str(p))
