"""Helpers that keep result values immutable all the way down.

``attrs.frozen`` stops attribute assignment, not mutation of what an attribute holds: a
numpy array or a dict inside a frozen result could still be changed in place.  Results
therefore hold read-only array views (:func:`freeze_arrays`) and :class:`FrozenMap` instead
of dicts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

import attrs
import numpy as np

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A read-only, hashable, picklable mapping that compares equal to the equal dict.

    >>> m = FrozenMap({"primary": 0.6, "junior": 0.4})
    >>> m["primary"], m == {"primary": 0.6, "junior": 0.4}
    (0.6, True)
    >>> m["primary"] = 1.0
    Traceback (most recent call last):
    ...
    TypeError: 'FrozenMap' object does not support item assignment
    """

    __slots__ = ("_d",)

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._d: dict[K, V] = dict(data or {})

    def __getitem__(self, key: K) -> V:
        return self._d[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)

    def __hash__(self) -> int:
        return hash(frozenset(self._d.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._d == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self._d)

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._d,))


def frozen_map(data: Mapping[str, Any]) -> FrozenMap[str, Any]:
    """``data`` as a :class:`FrozenMap` (an attrs converter for text-keyed mappings)."""
    return data if isinstance(data, FrozenMap) else FrozenMap(data)


def freeze_arrays(obj: Any) -> None:
    """Replace every numpy array attribute of the attrs instance ``obj`` by a read-only view.

    Views, so that an array the caller passed in keeps its own flags.  Call it from
    ``__attrs_post_init__`` of a frozen class.
    """
    for f in attrs.fields(type(obj)):
        v = getattr(obj, f.name)
        if isinstance(v, np.ndarray) and v.flags.writeable:
            view = v.view()
            view.flags.writeable = False
            object.__setattr__(obj, f.name, view)
