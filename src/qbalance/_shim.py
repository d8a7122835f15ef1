"""Old module paths kept for one release: a module that moved leaves a shim behind.

``qbalance.county`` (for example) is now :mod:`qbalance.evaluate.county`; importing
the old path emits a :class:`DeprecationWarning` naming the new one and gives a
module whose every attribute (public or private) is the new module's.  The old
paths have no files: a finder on :data:`sys.meta_path` (installed by
``import qbalance``) answers for exactly the names in :data:`MOVED`.  A shim whose
old name is also a public function of :mod:`qbalance` (``qbalance.sensitivity``) is
callable as that function, so ``qbalance.sensitivity(...)`` keeps working after
``import qbalance.sensitivity`` rebinds the attribute to the shim.
"""

from __future__ import annotations

import importlib
import sys
import types
import warnings
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from importlib.abc import Loader

#: Old module path -> new module path (removed in the release after 0.1).
MOVED: dict[str, str] = {
    "qbalance.auditing": "qbalance.audit.checks",
    "qbalance.batch": "qbalance.evaluate.batch",
    "qbalance.claims": "qbalance.audit.claims",
    "qbalance.county": "qbalance.evaluate.county",
    "qbalance.frame": "qbalance.io.frames",
    "qbalance.resources": "qbalance.evaluate.resources",
    "qbalance.scenario": "qbalance.evaluate.scenario",
    "qbalance.sensitivity": "qbalance.evaluate.sensitivity",
    "qbalance.tables": "qbalance.io.tables",
    "qbalance._serial": "qbalance.io.results",
    "qbalance._slips": "qbalance.audit.slips",
}


class MovedModule(types.ModuleType):
    """A deprecated module path forwarding every attribute to the module's new home."""

    _qb_target: types.ModuleType
    _qb_call: str | None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_qb_"):
            raise AttributeError(name)
        return getattr(self._qb_target, name)

    def __dir__(self) -> list[str]:
        return sorted(set(dir(self._qb_target)) | set(self.__dict__))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._qb_call is None:
            raise TypeError(f"module {self.__name__!r} is not callable")
        return getattr(self._qb_target, self._qb_call)(*args, **kwargs)


#: Old module path -> the function of the new module that calling the shim calls.
CALLS: dict[str, str] = {"qbalance.sensitivity": "sensitivity"}


class _MovedFinder:
    """Finds and loads the old module paths of :data:`MOVED` as :class:`MovedModule`.

    A meta path finder and loader by protocol (not by inheriting from
    :mod:`importlib.abc`, whose import costs more than the rest of ``import qbalance``).
    """

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: types.ModuleType | None = None) -> ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return ModuleSpec(fullname, cast("Loader", self))

    def create_module(self, spec: ModuleSpec) -> types.ModuleType:
        return MovedModule(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        old = module.__name__
        new = MOVED[old]
        warnings.warn(f"{old} is deprecated and will be removed in the next release; "
                      f"import from {new} instead", DeprecationWarning,
                      stacklevel=2)  # warnings skips importlib's own frames
        target = importlib.import_module(new)
        vars(module).update(_qb_target=target, _qb_call=CALLS.get(old),
                            __doc__=f"Deprecated: moved to :mod:`{new}`.",
                            __all__=list(getattr(target, "__all__", ())))


def install() -> None:
    """Put the finder of the old module paths on :data:`sys.meta_path` (once)."""
    if not any(isinstance(f, _MovedFinder) for f in sys.meta_path):
        sys.meta_path.append(_MovedFinder())
