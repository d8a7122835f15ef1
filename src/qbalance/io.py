"""Reading counties from files.

Counties are read from TOML or JSON files whose structure mirrors
:class:`qbalance.County`; every problem in the file is reported at once with
the school, the field and the value.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from qbalance.errors import DataError
from qbalance.models import County

__all__ = ["load_county"]


def _read_mapping(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}", field="path",
                        value=str(path)) from exc
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        elif path.suffix.lower() == ".toml":
            data = tomllib.loads(text)
        else:
            raise DataError(f"{path}: unsupported file type {path.suffix!r} (use .toml or .json)",
                            field="path", value=str(path))
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{path}: not valid {path.suffix[1:].upper()}: {exc}", field="path",
                        value=str(path)) from exc
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a table/object at the top level", field="path")
    return data


def load_county(path: str | Path) -> County:
    """Load a county from a TOML or JSON file.

    Parameters
    ----------
    path : str or pathlib.Path
        File with the county's fields and a ``schools`` list.

    Raises
    ------
    DataValidationError
        Listing every invalid field (school, field, value).
    DataError
        The file cannot be read or parsed.

    Examples
    --------
    >>> from qbalance import example_path, load_county
    >>> county = load_county(example_path())
    >>> county.name, county.year, len(county.schools)
    ('示例县', 2025, 21)
    """
    p = Path(path)
    return County.from_dict(_read_mapping(p), source=str(p))
