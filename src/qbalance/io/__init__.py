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

# The package re-exports the readers of qbalance.io.county and the result files of
# qbalance.io.results, listed once: in each module's ``__all__``.
from qbalance.io import county, results
from qbalance.io.county import *  # noqa: F403
from qbalance.io.results import *  # noqa: F403

__all__: list[str] = []
__all__ += county.__all__
__all__ += results.__all__
