"""Sphinx configuration for qbalance."""

from __future__ import annotations

import sys
from pathlib import Path

import qbalance

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "qbalance"
author = "qbalance developers"
copyright = "2026, qbalance developers"
version = release = qbalance.__version__
language = "en"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",  # MathJax shipped in the build: the pages render offline
    "myst_nb",  # the example notebook, executed at every build (docs/examples/notebook.ipynb)
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "qbalance_tables",
]
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
# Type hints in the signatures (one parameter per line when long), the numpydoc
# types and meanings in the description.
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
python_maximum_signature_line_length = 88
# Keep aliases short in signatures (numpy's ArrayLike expands to a page otherwise).
autodoc_type_aliases = {
    "ArrayLike": "numpy.typing.ArrayLike",
    "Float": "numpy.typing.NDArray[numpy.float64]",
    "Int": "numpy.typing.NDArray[numpy.intp]",
    "Bool": "numpy.typing.NDArray[numpy.bool_]",
    "Amount": "qbalance.ratios.Amount",
    "ExactValue": "qbalance.rounding.ExactValue",
    "Quantity": "qbalance.audit.claims.Quantity",
}
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_pydantic_model_show_json = False
nitpicky = False
suppress_warnings = ["ref.python"]
templates_path: list[str] = []
exclude_patterns = ["_build", "**.ipynb_checkpoints", "jupyter_execute"]
# The example notebook is executed at every build (no outputs are committed); an error in
# a cell fails the build.
nb_execution_mode = "force"
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
html_theme = "furo"
html_title = "qbalance"
html_static_path: list[str] = []
