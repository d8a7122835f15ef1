"""Optional extras for the whole run (tests/, the doctests of src/ and docs/).

- ``@pytest.mark.requires_pandas`` / ``requires_openpyxl`` / ``requires_matplotlib``:
  the test is skipped, with the extra named, when that package is not installed;
- a doctest whose example stops on the missing extra (qbalance raises
  :class:`~qbalance.MissingDependencyError`, or the example imports the package) is
  skipped the same way instead of failing.

So a run in an environment with only the core dependencies (numpy, scipy, pydantic,
attrs) plus pytest and hypothesis passes, skipping what needs an extra.
"""

from __future__ import annotations

import doctest
import importlib.util
from collections.abc import Generator
from typing import Any

import pytest

#: marker -> (module that must be importable, extra that provides it)
EXTRAS = {
    "requires_pandas": ("pandas", "pandas"),
    "requires_openpyxl": ("openpyxl", "excel"),
    "requires_matplotlib": ("matplotlib", "plot"),
}
_OPTIONAL_MODULES = {"pandas", "openpyxl", "matplotlib", "yaml", "pyarrow", "polars",
                     "python_calamine", "formulas", "dask", "PIL", "pdfplumber", "duckdb"}


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def pytest_configure(config: pytest.Config) -> None:
    for marker, (module, extra) in EXTRAS.items():
        config.addinivalue_line(
            "markers", f"{marker}: skip unless {module} (the {extra!r} extra) is installed")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for marker, (module, extra) in EXTRAS.items():
        if _installed(module):
            continue
        skip = pytest.mark.skip(reason=f"needs {module} (pip install 'qbalance[{extra}]')")
        for item in items:
            if item.get_closest_marker(marker) is not None:
                item.add_marker(skip)


def _missing_extra(exc: BaseException) -> str | None:
    from qbalance.errors import MissingDependencyError

    if isinstance(exc, MissingDependencyError):
        return str(exc)
    if isinstance(exc, ModuleNotFoundError) and (exc.name or "").split(".")[0] in \
            _OPTIONAL_MODULES:
        return f"needs {exc.name} (an optional extra)"
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, Any]:
    try:
        return (yield)
    except doctest.UnexpectedException as exc:  # a doctest stopped on an exception
        reason = _missing_extra(exc.exc_info[1])
        if reason is None or not type(item).__name__ == "DoctestItem":
            raise
        pytest.skip(reason)
