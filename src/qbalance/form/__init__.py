"""The national declaration form (申报表): build it, write it, read it back, audit it.

Sits above the evaluation and the audit, below the report and the command line.
"""

from __future__ import annotations

# The package re-exports the public names of its modules, listed once: in each
# module's ``__all__`` (the interval bounds of qbalance.form.bounds stay in their module).
from qbalance.form import check, read, tables, write
from qbalance.form.check import *  # noqa: F403
from qbalance.form.read import *  # noqa: F403
from qbalance.form.tables import *  # noqa: F403
from qbalance.form.write import *  # noqa: F403

__all__: list[str] = []
__all__ += tables.__all__
__all__ += write.__all__
__all__ += read.__all__
__all__ += check.__all__
