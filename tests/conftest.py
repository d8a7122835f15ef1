"""Shared fixtures and helpers for the qbalance tests."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

DATA = Path(__file__).parent / "data"

settings.register_profile(
    "qbalance", max_examples=100, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("qbalance")


def load_data(name: str) -> dict[str, Any]:
    """A TOML file from tests/data."""
    return tomllib.loads((DATA / name).read_text("utf-8"))


@pytest.fixture
def data_dir() -> Path:
    """The tests/data folder."""
    return DATA


# -- optional extras: a run without one skips its tests with a reason ------------------

def _has(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


HAS_PANDAS = _has("pandas")
HAS_OPENPYXL = _has("openpyxl")
HAS_MATPLOTLIB = _has("matplotlib")

#: Mark a test that needs the ``pandas`` extra.
requires_pandas = pytest.mark.skipif(
    not HAS_PANDAS, reason="needs the pandas extra (pip install 'qbalance[pandas]')")
#: Mark a test that needs the ``excel`` extra (openpyxl).
requires_openpyxl = pytest.mark.skipif(
    not HAS_OPENPYXL, reason="needs the excel extra (pip install 'qbalance[excel]')")
#: Mark a test that needs the ``plot`` extra (matplotlib).
requires_matplotlib = pytest.mark.skipif(
    not HAS_MATPLOTLIB, reason="needs the plot extra (pip install 'qbalance[plot]')")
