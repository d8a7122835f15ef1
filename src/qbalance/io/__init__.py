"""Input and output: reading counties and schools tables, DataFrames, saved results.

- :mod:`qbalance.io.county` — a county from one TOML / JSON / YAML file, or from a
  schools table plus the county-level facts;
- :mod:`qbalance.io.tables` — the schools table (CSV / Excel): headers, columns, templates;
- :mod:`qbalance.io.frames` — results and schools as pandas DataFrames;
- :mod:`qbalance.io.results` — :func:`save_result` / :func:`load_result`.

This package may import the flat modules (:mod:`qbalance.models`,
:mod:`qbalance.errors`, ...) but not :mod:`qbalance.evaluate`, :mod:`qbalance.audit`
or :mod:`qbalance.plan` at import time.
"""

from __future__ import annotations

from qbalance.io.county import (
    MAPPING_SUFFIXES,
    TABLE_SUFFIXES,
    county_from_frame,
    county_from_schools,
    load_county,
    load_county_facts,
)
from qbalance.io.results import load_result, save_result

__all__ = [
    "MAPPING_SUFFIXES",
    "TABLE_SUFFIXES",
    "county_from_frame",
    "county_from_schools",
    "load_county",
    "load_county_facts",
    "load_result",
    "save_result",
]
