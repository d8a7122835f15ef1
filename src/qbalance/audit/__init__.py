"""Auditing a report's printed claims against the figures they should have.

- :mod:`qbalance.audit.claims` — the claims a report prints (loaded from TOML / JSON);
- :mod:`qbalance.audit.checks` — :func:`audit`: every claim recomputed and judged;
- :mod:`qbalance.audit.slips` — explaining a mismatch by a known slip (rounding,
  decimal shift, wrong denominator, ...);
- :mod:`qbalance.audit.extract` — the claims found in a report's own text (issue 16);
- :mod:`qbalance.audit.rollup` — lead claims, cross-figure checks, the per-area roll-up and
  :func:`~qbalance.audit.rollup.audit_report` (``qbalance audit REPORT``);
- :mod:`qbalance.audit.lint` — hand-written claims checked against the report text;
- :mod:`qbalance.audit.html` — the audit as one A4-printable HTML page.

The package itself is callable: ``qbalance.audit("midu")`` is
:func:`qbalance.audit.checks.audit` (``qbalance.audit`` names this package, so
``import qbalance.audit.checks as checks`` works too).

>>> import qbalance
>>> qbalance.audit("midu") == qbalance.audit.checks.audit("midu")
True

This package may import the flat modules (:mod:`qbalance.rounding`,
:mod:`qbalance.ratios`, :mod:`qbalance.standard`, :mod:`qbalance.vocab`, ...) and
:mod:`qbalance.evaluate` (lazily, to recompute figures).
"""

from __future__ import annotations

import inspect
import sys
import types
from typing import Any


class _CallableModule(types.ModuleType):
    """The :mod:`qbalance.audit` package, callable as :func:`qbalance.audit.checks.audit`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from qbalance.audit.checks import audit

        return audit(*args, **kwargs)

    @property
    def __signature__(self) -> inspect.Signature:
        """The audit function's signature (for ``help()`` and notebooks)."""
        from qbalance.audit.checks import audit

        return inspect.signature(audit)


sys.modules[__name__].__class__ = _CallableModule
