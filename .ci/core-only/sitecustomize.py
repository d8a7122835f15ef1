"""A core-only test run: the optional extras cannot be imported.

``make test-core`` puts this folder first on ``PYTHONPATH`` with
``QBALANCE_CORE_ONLY=1``; Python imports ``sitecustomize`` at start-up (also in the
subprocesses the CLI tests start), and importing one of the extras below then raises
``ModuleNotFoundError``, as in an environment where only the core dependencies
(numpy, scipy, pydantic, attrs) plus pytest and hypothesis are installed.  Tests that
need an extra must skip with a reason (the ``requires_*`` markers of the root
``conftest.py``); a failure in this run is a test or a code path that assumes one.
"""

import os
import sys

EXTRAS = frozenset({
    "pandas", "openpyxl", "matplotlib", "yaml", "pyarrow", "polars", "python_calamine",
    "formulas", "dask", "PIL", "pdfplumber", "duckdb", "docx", "xlrd", "xlwt", "tqdm",
    "reportlab",
})


class _HideExtras:
    """A meta-path finder that refuses the extras before any other finder sees them."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.partition(".")[0] in EXTRAS:
            raise ModuleNotFoundError(f"No module named {name!r} (core-only run)", name=name)
        return None


if os.environ.get("QBALANCE_CORE_ONLY") == "1":
    sys.meta_path.insert(0, _HideExtras())
