"""Lazy imports of optional dependencies (extras) with a clear error when missing.

pandas, openpyxl, matplotlib and PyYAML are never imported by ``import qbalance``;
the functions that need them import them on first use through :func:`require`.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from qbalance._messages import message
from qbalance.errors import MissingDependencyError

#: Which extra provides each optional module.
EXTRAS: dict[str, str] = {
    "pandas": "pandas",
    "openpyxl": "excel",
    "matplotlib": "plot",
    "yaml": "yaml",
}


def require(module: str, purpose: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingDependencyError` naming the extra.

    Parameters
    ----------
    module : str
        Module to import (``"pandas"``, ``"openpyxl"``, ``"matplotlib"``, ``"yaml"``).
    purpose : str
        What it is needed for, shown in the message.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".")[0]
        extra = EXTRAS.get(top, top)
        raise MissingDependencyError(
            message("missing_dependency.module", purpose=purpose, module=top, extra=extra)
        ) from exc
