"""The bundled example county (constructed data, not a real county).

>>> from qbalance import example_county
>>> county = example_county()
>>> county.name, len(county.schools), county.constructed
('示例县', 21, True)
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from qbalance.io import load_county
from qbalance.models import County

__all__ = ["example_county", "example_path"]


def example_path() -> Path:
    """Path of the bundled example county file (TOML).

    Examples
    --------
    >>> from qbalance import example_path
    >>> example_path().name
    'example-county.toml'
    """
    return Path(str(resources.files("qbalance") / "data" / "examples" / "example-county.toml"))


def example_county() -> County:
    """The bundled example county: 21 constructed schools of every kind.

    It has a nine-year school, a complete middle school, a teaching point under
    50 pupils (left out) and a special-education school (left out).  The data is
    invented for demonstrations and tests.

    Examples
    --------
    >>> from qbalance import example_county
    >>> county = example_county()
    >>> county.constructed, county.school("N01").kind.zh
    (True, '九年一贯制学校')
    """
    return load_county(example_path())
