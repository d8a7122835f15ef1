"""Reading counties from files.

A county is read from one TOML, JSON or YAML file whose structure mirrors
:class:`qbalance.County`, or from a schools table (CSV or Excel, see
:mod:`qbalance.io.tables`) plus the county-level facts (name, year, and the
guarantee, quality, survey and veto sections) from a TOML, JSON or YAML file.
Every problem in the input is reported at once with the file, the school (or
spreadsheet row), the field and the value.

>>> from qbalance import load_county
>>> from qbalance.examples import example_table_path
>>> county = load_county(example_table_path("csv"), county={"name": "示例县", "year": 2025})
>>> len(county.schools), county.school("N01").junior.pupils
(21, 380)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from qbalance._mapping import deep_merge
from qbalance._messages import message
from qbalance.errors import DataError, DataValidationError, Problem
from qbalance.models import County, School


__all__ = [
    "MAPPING_SUFFIXES",
    "TABLE_SUFFIXES",
    "county_from_frame",
    "county_from_schools",
    "load_county",
    "load_county_facts",
]

#: File types read as one mapping (a whole county or county-level facts).
MAPPING_SUFFIXES = (".toml", ".json", ".yaml", ".yml")
#: File types read as a schools table.
TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls")


#: True while the command line runs: hints then name its options (--year), not the
#: Python call (load_county(…, year=…)).
_CLI_HINTS: ContextVar[bool] = ContextVar("qbalance_cli_hints", default=False)

def _read_mapping(path: Path) -> dict[str, Any]:
    from qbalance._files import load_mapping_file

    if path.suffix.lower() not in MAPPING_SUFFIXES:
        raise DataError(message("county.suffix", path=str(path), suffix=path.suffix),
                        field="path", value=str(path))
    data = load_mapping_file(path)
    if not isinstance(data, dict):
        raise DataError(message("county.top", path=str(path)), field="path")
    return data


def load_county_facts(path: str | Path) -> dict[str, Any]:
    """Read county-level facts (name, year, guarantee, quality, survey, vetoes) as data.

    The mapping is validated when it is combined with the schools
    (:func:`load_county`, :func:`county_from_schools`).

    Parameters
    ----------
    path : str or pathlib.Path
        A TOML, JSON or YAML file (YAML needs the ``yaml`` extra).

    Returns
    -------
    dict
        The file's top-level table, not yet validated.

    Raises
    ------
    DataError
        The file cannot be read, is not valid TOML/JSON/YAML, has another suffix, or
        its top level is not a table.
    MissingDependencyError
        A YAML file without the ``yaml`` extra.
    """
    return _read_mapping(Path(path))


def county_from_schools(
    schools: Sequence[School],
    county: Mapping[str, Any] | str | Path | None = None,
    *,
    name: str | None = None,
    year: int | None = None,
    source: str = "(county data)",
) -> County:
    """Combine schools read from a table with the county-level facts.

    Parameters
    ----------
    schools : sequence of School
        The schools (e.g. from :func:`qbalance.io.tables.read_schools`).
    county : mapping or path, optional
        County-level facts: a mapping or a TOML/JSON/YAML file.  It must not list
        schools itself.
    name, year : optional
        Override (or supply) the county's name and school year.
    source : str, optional
        Name used in error messages (default ``(county data)``, printed 县数据 /
        county data in the session language).

    Returns
    -------
    County
        The validated county with these schools.

    Raises
    ------
    DataValidationError
        The facts are invalid, or the year is unknown.
    DataError
        The county facts list schools themselves.
    """
    if county is None:
        facts: dict[str, Any] = {}
    elif isinstance(county, (str, Path)):
        facts = load_county_facts(county)
        source = str(county)
    else:
        facts = dict(county)
    if "schools" in facts:
        raise DataError(message("county.schools_twice", source=source), field="schools")
    if name is not None:
        facts["name"] = name
    if year is not None:
        facts["year"] = year
    if "year" not in facts:
        raise DataValidationError([Problem(
            source, "year", None,
            message("county.year_needed" if _CLI_HINTS.get() else "county.year_needed_api"))],
            source=source)
    return County.from_dict({**facts, "schools": tuple(schools)}, source=source)


def _facts_problems(facts: Mapping[str, Any], source: str, *, name: str | None,
                    year: int | None) -> list[Problem]:
    """Problems of county-level facts checked on their own (without the schools)."""
    from pydantic import TypeAdapter, ValidationError

    from qbalance._validation import problems_from

    out: list[Problem] = []
    fields = County.model_fields
    for key, value in facts.items():
        if key == "schools":
            out.append(Problem(source, "schools", "[…]", message("county.schools_in_facts")))
            continue
        field = fields.get(key)
        if field is None or field.annotation is None:
            out.append(Problem(source, str(key), value, message("county.unknown_field")))
            continue
        try:
            TypeAdapter(field.annotation).validate_python(value)
        except ValidationError as exc:
            for prob in problems_from(exc, value, "County"):
                where = prob.field if prob.field != "(whole record)" else ""
                out.append(Problem(source, ".".join(x for x in (str(key), where) if x),
                                   prob.value, prob.message))
    if year is None and "year" not in facts:
        out.append(Problem(source, "year", None, message("county.year_missing")))
    return out


def load_county(
    path: str | Path | Any,
    *,
    county: Mapping[str, Any] | str | Path | None = None,
    name: str | None = None,
    year: int | None = None,
    sheet: str | int | None = None,
    columns: Mapping[str, str | None] | None = None,
) -> County:
    """Load a county from a county file (TOML/JSON/YAML) or a schools table (CSV/.xlsx).

    Parameters
    ----------
    path : str, pathlib.Path or pandas.DataFrame
        A county file with the county's fields and a ``schools`` list, or a schools
        table with one row per school (see :mod:`qbalance.io.tables`); a DataFrame
        of schools (one row per school, Chinese or English headers) is read with
        :func:`county_from_frame`.
    county : mapping or path, optional
        County-level facts added to (or overriding those of) the file, section by
        section (``[guarantee.quota]`` replaces only the quota figures); needed with a
        table to give the county's name and year.
    name, year : optional
        Override the county's name and school year.  A table's county is named after
        the file when no name is given.
    sheet : str or int, optional
        Sheet of an Excel workbook (default: the first).
    columns : mapping, optional
        Extra header → key mappings for a table, see :func:`qbalance.io.tables.column_help`.

    Returns
    -------
    County
        The validated county.

    Raises
    ------
    DataValidationError
        Listing every invalid field (file, school or row, field, value).
    DataError
        The file cannot be read or parsed.
    MissingDependencyError
        An .xlsx or YAML file without the ``excel`` / ``yaml`` extra.

    Examples
    --------
    >>> from qbalance import load_county
    >>> from qbalance.examples import example_path
    >>> county = load_county(example_path())
    >>> county.name, county.year, len(county.schools)
    ('示例县', 2025, 21)

    A DataFrame straight from a notebook (here the example's schools, Chinese headers):

    >>> from qbalance.io.frames import schools_frame
    >>> df = schools_frame(county, lang="zh")
    >>> load_county(df, name="示例县", year=2025).school("C01").kind.zh
    '完全中学'
    """
    if hasattr(path, "columns") and hasattr(path, "iloc"):  # a pandas DataFrame
        return county_from_frame(path, county, name=name, year=year, columns=columns)
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        from qbalance.io.tables import read_schools

        facts = (load_county_facts(county) if isinstance(county, (str, Path))
                 else dict(county or {}))
        src = str(county) if isinstance(county, (str, Path)) else str(p)
        try:
            schools = read_schools(p, sheet=sheet, columns=columns)
        except DataValidationError as exc:
            # report the county file's problems in the same go as the sheet's
            more = _facts_problems(facts, src, name=name, year=year)
            if not more:
                raise
            raise DataValidationError([*exc.problems, *more],
                                      source=message("county.and", a=exc.source or str(p),
                                                     b=src)) from None
        if name is None and "name" not in facts:
            name = p.stem
        return county_from_schools(schools, facts, name=name, year=year, source=src)
    data = _read_mapping(p)
    if county is not None:
        extra = (load_county_facts(county) if isinstance(county, (str, Path))
                 else dict(county))
        if "schools" in extra:
            raise DataError(message("county.schools_already", county=str(county), path=str(p)),
                            field="schools")
        data = deep_merge(data, extra)
    if name is not None:
        data["name"] = name
    if year is not None:
        data["year"] = year
    loaded = County.from_dict(data, source=str(p))
    from qbalance.io.tables import _duplicates

    dups = _duplicates(loaded.schools, list(range(len(loaded.schools))), str(p), "schools")
    if dups:  # the same school listed twice under two ids
        raise DataValidationError(dups, source=str(p))
    return loaded


def county_from_frame(
    frame: Any,
    county: Mapping[str, Any] | str | Path | None = None,
    *,
    name: str | None = None,
    year: int | None = None,
    columns: Mapping[str, str | None] | None = None,
) -> County:
    """A county from a pandas DataFrame of schools (one row per school) and its facts.

    See :func:`qbalance.io.tables.read_schools_frame` and :func:`county_from_schools`.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per school, with the columns of a schools table (Chinese or English
        headers, see :func:`qbalance.io.tables.column_help`).
    county : mapping or path, optional
        County-level facts: a mapping or a TOML/JSON/YAML file (name, year, and the
        guarantee, quality, survey and veto sections).
    name, year : optional
        Override (or supply) the county's name and school year.
    columns : mapping, optional
        Extra header → key mappings, as for :func:`qbalance.io.tables.read_schools`.

    Returns
    -------
    County
        The validated county.

    Raises
    ------
    DataValidationError
        Listing every invalid row and field, or a missing school year.

    Examples
    --------
    >>> from qbalance import county_from_frame, example_county
    >>> from qbalance.io.frames import schools_frame
    >>> df = schools_frame(example_county(), lang="zh")
    >>> county = county_from_frame(df, {"name": "示例县", "year": 2025})
    >>> county.school("C01").kind.zh
    '完全中学'
    """
    from qbalance.io.tables import read_schools_frame

    schools = read_schools_frame(frame, columns=columns)
    facts = (load_county_facts(county) if isinstance(county, (str, Path))
             else dict(county or {}))
    src = str(county) if isinstance(county, (str, Path)) else "(schools DataFrame)"
    if name is None and "name" not in facts:
        # no file name to fall back on: never a placeholder name in a report
        missing = [Problem(src, "name", None, message("county.name_needed_api"))]
        if year is None and "year" not in facts:
            missing.append(Problem(src, "year", None, message("county.year_needed_api")))
        raise DataValidationError(missing, source=src)
    return county_from_schools(schools, facts, name=name, year=year, source=src)


# -- results -------------------------------------------------------------------------
