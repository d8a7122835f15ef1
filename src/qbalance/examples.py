"""The bundled example county (constructed data, not a real county).

It ships as a county file (TOML) and, for demonstrating spreadsheets, as a
schools table in CSV and Excel with Chinese headers and a units row.

>>> from qbalance import example_county
>>> county = example_county()
>>> county.name, len(county.schools), county.constructed
('示例县', 21, True)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qbalance._data import data_path
from qbalance._messages import message
from qbalance.io.county import _read_mapping, load_county
from qbalance.models import County

__all__ = ["example_county", "example_facts", "example_path", "example_table_path"]


def _data(name: str) -> Path:
    return data_path("examples", name)


def example_path() -> Path:
    """Path of the bundled example county file (TOML).

    Returns
    -------
    pathlib.Path
        ``example-county.toml`` inside the installed package; read it with
        :func:`qbalance.load_county`.

    Examples
    --------
    >>> from qbalance.examples import example_path
    >>> example_path().name
    'example-county.toml'
    """
    return _data("example-county.toml")


def example_table_path(fmt: str = "csv") -> Path:
    """Path of the example county's schools as a table: ``fmt="csv"`` or ``"xlsx"``.

    The table holds the same schools as :func:`example_path`, with Chinese
    headers and a units row; the county-level facts are in :func:`example_facts`.

    Parameters
    ----------
    fmt : {"csv", "xlsx"}
        The table format.

    Returns
    -------
    pathlib.Path
        ``example-county-schools.csv`` or ``.xlsx`` inside the installed package.

    Raises
    ------
    ValueError
        ``fmt`` is neither ``"csv"`` nor ``"xlsx"``.

    Examples
    --------
    >>> from qbalance.examples import example_table_path
    >>> example_table_path("xlsx").name
    'example-county-schools.xlsx'
    """
    if fmt not in ("csv", "xlsx"):
        raise ValueError(message("examples.fmt", value=fmt))
    return _data(f"example-county-schools.{fmt}")


def example_facts() -> dict[str, Any]:
    """The example county's county-level facts (everything but the schools), as data.

    Returns
    -------
    dict
        The top-level table of the example county file without its ``schools``
        (not validated; a new dict on every call).

    Examples
    --------
    >>> from qbalance.examples import example_facts
    >>> facts = example_facts()
    >>> facts["name"], facts["year"], "schools" in facts
    ('示例县', 2025, False)
    """
    data = _read_mapping(example_path())
    data.pop("schools", None)
    return data


def example_county() -> County:
    """The bundled example county: 21 constructed schools of every kind.

    It has a nine-year school, a complete middle school, a teaching point under
    50 pupils (left out) and a special-education school (left out).  The data is
    invented for demonstrations and tests.

    Returns
    -------
    County
        The validated county read from :func:`example_path` (``constructed`` is
        true).

    Examples
    --------
    >>> from qbalance import example_county
    >>> county = example_county()
    >>> county.constructed, county.school("N01").kind.zh
    (True, '九年一贯制学校')
    """
    return load_county(example_path())
