"""Shared fixtures and helpers for the qbalance tests."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
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
def english() -> Iterator[None]:
    """Messages in English inside the test (tests that match English wording)."""
    from qbalance._messages import use_lang

    with use_lang("en"):
        yield


@pytest.fixture
def data_dir() -> Path:
    """The tests/data folder."""
    return DATA
