"""Columnar files for :func:`qbalance.evaluate_batch`: Parquet, Arrow, CSV, Excel.

One row per school, first row the header.  Headers are the batch column names
(:data:`qbalance.evaluate.batch.BATCH_COLUMNS`, ``county``, ``year``, ``school_id``) or the
Chinese headers and aliases the county reader knows (:func:`qbalance.io.tables.column_help`;
a unit in brackets such as ``教学仪器设备值（万元）`` is converted as there), plus
``县代码`` / ``行政区划代码`` / ``县`` for the county key and ``年度`` for the year.
Every number is checked as the county reader checks it; a cell that is not a
number is an error naming the row (as the spreadsheet shows it), the column and
the value.  Nothing is dropped: an unknown column is an error too.

Readers, fastest first: pyarrow for Parquet, Arrow IPC / Feather and CSV
(``pip install 'qbalance[arrow]'``; CSV falls back to the csv module without
it), python-calamine for .xlsx (``qbalance[calamine]``; openpyxl as the
fallback).
"""

from __future__ import annotations

import csv
import importlib
import io
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from qbalance._optional import require
from qbalance._messages import Message, message
from qbalance.errors import DataError

__all__ = ["BATCH_SUFFIXES", "read_batch_table"]

#: File suffixes :func:`read_batch_table` reads.
BATCH_SUFFIXES: tuple[str, ...] = (".parquet", ".pq", ".arrow", ".feather", ".ipc", ".csv",
                                   ".xlsx", ".xlsm")

_KEY_ALIASES = {
    "county": ("county", "县", "县区", "县代码", "县区代码", "行政区划代码", "county_code"),
    "year": ("year", "年度", "年份", "学年"),
    "school_id": ("school_id", "学校代码", "学校标识码", "学校编号", "学校编码", "id"),
}
_TEXT = frozenset({"county", "school_id", "name"})
_OPTIONAL_ZERO = ("junior_pupils", "primary_pupils", "senior_pupils")


def _batch_columns() -> tuple[str, ...]:
    from qbalance.evaluate.batch import BATCH_COLUMNS
    return BATCH_COLUMNS


def _map_header(text: str, j: int) -> tuple[str | None, float]:
    """Batch key and unit factor of one header (``None``: ignored column)."""
    from qbalance.io import tables

    t = str(text).strip()
    norm = tables._norm(t)
    for alias_key, names in _KEY_ALIASES.items():
        if norm in {tables._norm(n) for n in names}:
            return alias_key, 1.0
    if t in _batch_columns() or norm in {f"{s}_evaluated" for s in ("primary", "junior")}:
        return t, 1.0
    if norm in {"name", "学校名称", "名称", "校名"}:
        return "name", 1.0
    base, unit = tables._split_unit(t)
    key = tables._LOOKUP.get(norm) or tables._LOOKUP.get(tables._norm(base))
    if key is None and tables._norm(base) in tables.IGNORED_HEADERS:
        return None, 1.0
    if key is not None and key not in _batch_columns():
        return f"~{key}", 1.0  # a county-reader column the batch does not use: kept as read
    if key is None:
        raise DataError(message("batch_file.unknown_column", column=_letter(j), header=t),
                        field=t, value=t)
    factor = 1.0
    if unit is not None and tables._LOOKUP.get(norm) is None:
        try:
            factor = tables._unit_factor(tables._BY_KEY[key], unit)
        except ValueError as exc:
            raise DataError(message("batch_file.unit", column=_letter(j), header=t,
                                    text=_reason(exc)), field=t, value=unit) from None
    return key, factor


def _letter(j: int) -> str:
    s, j = "", j + 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def read_batch_table(path: str | os.PathLike[str], *, sheet: str | int | None = None,
                     engine: str | None = None) -> dict[str, NDArray[Any]]:
    """Read a national (or provincial) school table into the columns of ``evaluate_batch``.

    Parameters
    ----------
    path : str or path-like
        A ``.parquet``, ``.arrow`` / ``.feather`` / ``.ipc``, ``.csv`` or ``.xlsx`` file.
    sheet : str or int, optional
        The worksheet of an Excel file (default: the first).
    engine : {"pyarrow", "csv", "calamine", "openpyxl"}, optional
        Force a reader (default: the fastest installed).

    Returns
    -------
    dict of str to numpy.ndarray
        One array per column under its batch name; numbers as float64 (or the
        file's integer type), text as object arrays; counts given in 万 … units
        converted as by the county reader.

    Raises
    ------
    DataError
        Unknown file type or column, a repeated column, a cell that is not a number
        (naming the row, column and value), or an unreadable file.
    MissingDependencyError
        The file type needs pyarrow (Parquet, Arrow) or an Excel reader.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in BATCH_SUFFIXES:
        raise DataError(message("batch_file.suffix", name=p.name, suffixes=", ".join(BATCH_SUFFIXES),
                                suffix=suffix or message("batch_file.no_suffix")),
                        field="path", value=str(p))
    if not p.is_file():
        raise DataError(message("batch_file.no_file", path=str(p)), field="path", value=str(p))
    if suffix in (".xlsx", ".xlsm"):
        header, cols = _read_excel(p, sheet, engine)
    elif suffix == ".csv":
        header, cols = _read_csv(p, engine)
    else:
        header, cols = _read_arrow(p, suffix)
    return _assemble(p.name, header, cols)


# -- readers: a header and one raw column (numpy array or list) per header cell ------

def _read_arrow(p: Path, suffix: str) -> tuple[list[str], list[Any]]:
    pa = require("pyarrow", f"reading {p.name}")
    try:
        if suffix in (".parquet", ".pq"):
            pq = require("pyarrow.parquet", f"reading {p.name}")
            table = pq.read_table(p)
        else:
            feather = require("pyarrow.feather", f"reading {p.name}")
            table = feather.read_table(p)
    except (pa.ArrowException, OSError) as exc:
        raise DataError(message("batch_file.unreadable", name=p.name, kind=suffix[1:],
                                reason=str(exc)), field="path",
                        value=str(p)) from None
    return [str(n) for n in table.column_names], [table.column(i)
                                                   for i in range(table.num_columns)]


def _read_csv(p: Path, engine: str | None) -> tuple[list[str], list[Any]]:
    if engine in (None, "pyarrow"):
        try:
            pa = importlib.import_module("pyarrow")
            pacsv = importlib.import_module("pyarrow.csv")
        except ImportError:
            if engine == "pyarrow":
                raise
        else:
            from qbalance._files import decode_text, read_capped

            raw = read_capped(p)
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:  # GBK/GB18030, UTF-16, or not text at all
                raw = decode_text(raw, p.name).encode("utf-8")
            try:
                table = pacsv.read_csv(io.BytesIO(raw), convert_options=pacsv.ConvertOptions(
                    strings_can_be_null=True,
                    null_values=["", "-", "--", "—", "——", "/", "／"]))
            except pa.ArrowInvalid as exc:
                raise DataError(message("batch_file.csv_unreadable", name=p.name, reason=str(exc)),
                                field="path",
                                value=str(p)) from None
            return [str(n) for n in table.column_names], [table.column(i) for i in
                                                          range(table.num_columns)]
    from qbalance._files import decode_text, read_capped

    text = decode_text(read_capped(p), p.name)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise DataError(message("batch_file.empty_file", name=p.name), field="path", value=str(p))
    return _columns_of_rows(p.name, rows[0], rows[1:])


def _read_excel(p: Path, sheet: str | int | None, engine: str | None
                ) -> tuple[list[str], list[Any]]:
    rows: Sequence[Sequence[Any]]
    use_calamine = engine in (None, "calamine")
    if use_calamine:
        try:
            import python_calamine
        except ImportError:
            if engine == "calamine":
                raise
            use_calamine = False
    if use_calamine:
        try:
            wb = python_calamine.CalamineWorkbook.from_path(str(p))
            sh = (wb.get_sheet_by_index(sheet or 0) if not isinstance(sheet, str)
                  else wb.get_sheet_by_name(sheet))
            rows = sh.to_python(skip_empty_area=False)
        except Exception as exc:  # calamine raises its own error types
            raise DataError(message("batch_file.not_workbook", name=p.name, reason=str(exc)),
                            field="path",
                            value=str(p)) from None
    else:
        openpyxl = require("openpyxl", f"reading {p.name}")
        try:
            wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
        except Exception as exc:  # zipfile / xml errors of a broken file
            raise DataError(message("batch_file.not_workbook", name=p.name, reason=str(exc)),
                            field="path",
                            value=str(p)) from None
        ws = wb[sheet] if isinstance(sheet, str) else wb.worksheets[sheet or 0]
        rows = list(ws.iter_rows(values_only=True))
        wb.close()
    if not rows:
        raise DataError(message("batch_file.empty_sheet", name=p.name), field="path",
                        value=str(p))
    return _columns_of_rows(p.name, list(rows[0]), rows[1:])


def _columns_of_rows(src: str, header: Sequence[Any], rows: Sequence[Sequence[Any]]
                     ) -> tuple[list[str], list[Any]]:
    width = len(header)
    while width and (header[width - 1] is None or str(header[width - 1]).strip() == ""):
        width -= 1
    body = [r for r in rows if any(c not in (None, "") for c in r)]
    for i, r in enumerate(body):
        extra = [c for c in r[width:] if c not in (None, "")]
        if extra:
            raise DataError(message("batch_file.beyond_header", src=src, row=i + 2,
                                    value=extra[0]),
                            field="header", value=extra[0])
    grid = np.empty((len(body), width), dtype=object)
    for i, r in enumerate(body):
        cells = list(r[:width])
        grid[i, :len(cells)] = cells
    return ["" if h is None else str(h) for h in header[:width]], [grid[:, j]
                                                                   for j in range(width)]


# -- one column each: names, numbers, errors naming row and column ---------------------

def _assemble(src: str, header: Sequence[str], raw: Sequence[Any]) -> dict[str, NDArray[Any]]:
    out: dict[str, NDArray[Any]] = {}
    origin: dict[str, str] = {}
    for j, (h, col) in enumerate(zip(header, raw, strict=True)):
        if not str(h).strip():
            if _has_values(col):
                raise DataError(message("batch_file.headerless", src=src, column=_letter(j)),
                                field=f"column {_letter(j)}")
            continue
        key, factor = _map_header(h, j)
        if key is None:
            continue
        if key in out:
            raise DataError(message("batch_file.repeats", src=src, column=_letter(j), header=h,
                                    other=origin[key], key=key), field=str(h))
        origin[key] = str(h)
        out[key.lstrip("~")] = _convert(src, key, str(h), j, col, factor)
    if "county" not in out:
        raise DataError(message("batch_file.no_county", src=src), field="county")
    return out


def _has_values(col: Any) -> bool:
    if hasattr(col, "null_count"):
        return bool(len(col) - col.null_count)
    return any(c not in (None, "") for c in col)


def _to_numpy(col: Any) -> NDArray[Any]:
    if hasattr(col, "to_numpy"):  # a pyarrow ChunkedArray
        try:
            return np.asarray(col.to_numpy(zero_copy_only=False))
        except TypeError:
            return np.asarray(col.to_numpy())
    return np.asarray(col, dtype=object)


def _convert(src: str, key: str, header: str, j: int, col: Any, factor: float
             ) -> NDArray[Any]:
    a = _to_numpy(col)
    if key.startswith("~"):
        return a
    if key == "private" or key.endswith("_evaluated"):
        return _bools(src, header, j, a)
    if key in _TEXT:
        if a.dtype.kind in "iu":
            return a
        if a.dtype.kind == "f" and np.all(np.isfinite(a)) and np.all(a == np.rint(a)):
            return a.astype(np.int64)
        vals = a.tolist()
        if key == "county" and vals and all(_whole(v) for v in vals):
            return np.array([int(v) for v in vals], dtype=np.int64)  # codes as numbers
        return np.array([_text(v) for v in vals], dtype=object)
    if key == "kind":
        return _kinds(src, header, j, a)
    if key == "year" and a.dtype.kind in "iu":
        return a
    if a.dtype.kind in "iub" and factor == 1.0:
        return a
    if a.dtype.kind == "f":
        num = a.astype(np.float64, copy=False)
    else:
        num = np.empty(a.shape[0], dtype=np.float64)
        for i, v in enumerate(a.tolist()):
            num[i] = _number(src, header, j, i, v)
    bad = np.isnan(num)
    if bad.any():
        if key in _OPTIONAL_ZERO or key.endswith(("_teachers", "_degree")):
            # a blank section cell: the school has no such section (as in the county reader)
            num = np.where(bad, 0.0, num)
        else:
            i = int(np.argmax(bad))
            raise DataError(message("batch_file.no_value", src=src, row=i + 2,
                                    column=_letter(j), header=header),
                            school=f"row {i + 2}", field=header,
                            value=None)
    return num * factor if factor != 1.0 else num


def _whole(v: Any) -> bool:
    """An integer cell, or digits without a leading zero (an administrative code)."""
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return True
    if isinstance(v, float):
        return v.is_integer()
    t = str(v).strip()
    return t.isdigit() and t.isascii() and (t == "0" or not t.startswith("0"))


def _text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if v is None else str(v).strip()


def _number(src: str, header: str, j: int, i: int, v: Any) -> float:
    from qbalance.io import tables

    if v is None or (isinstance(v, float) and math.isnan(v)):
        return math.nan
    if isinstance(v, str) and tables._blank(v):
        return math.nan
    if isinstance(v, bool):
        raise DataError(message("batch_file.bool_for_number", src=src, row=i + 2,
                                column=_letter(j), header=header),
                        school=f"row {i + 2}", field=header,
                        value=v)
    if isinstance(v, (int, float)):
        return float(v)
    t = str(v).strip()
    try:
        return float(_thousands(t))
    except ValueError:
        raise DataError(message("batch_file.not_number", src=src, row=i + 2, column=_letter(j),
                                header=header, value=t),
                        school=f"row {i + 2}", field=header, value=t) from None


def _thousands(t: str) -> str:
    """Strip thousands separators only where they group digits by three."""
    import re

    if "," not in t and "，" not in t:
        return t
    u = t.replace("，", ",")
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", u):
        return u.replace(",", "")
    raise ValueError(t)


def _bools(src: str, header: str, j: int, a: NDArray[Any]) -> NDArray[Any]:
    from qbalance.io import tables

    if a.dtype.kind == "b":
        return a
    out = np.zeros(a.shape[0], dtype=np.bool_)
    for i, v in enumerate(a.tolist()):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        if isinstance(v, bool):
            out[i] = v
            continue
        t = _text(v).lower()
        if t in tables._TRUE:
            out[i] = True
        elif t not in tables._FALSE:
            raise DataError(message("batch_file.not_bool", src=src, row=i + 2,
                                    column=_letter(j), header=header, value=t),
                            school=f"row {i + 2}",
                            field=header, value=t)
    return out


def _kinds(src: str, header: str, j: int, a: NDArray[Any]) -> NDArray[Any]:
    from qbalance.io import tables
    from qbalance.evaluate.batch import KIND_CODES

    if a.dtype.kind in "iu":
        return a
    uniq, inv = np.unique(np.array([_text(v) for v in a], dtype=object).astype(str),
                          return_inverse=True)
    codes = np.empty(len(uniq), dtype=np.int8)
    for u_i, u in enumerate(uniq.tolist()):
        k = tables._KIND_WORDS.get(u) or tables._KIND_WORDS.get(u.lower())
        if k is None and u.lstrip("-").isdigit():
            codes[u_i] = int(u) if 0 <= int(u) < len(KIND_CODES) else -1
            continue
        if k is None:
            i = int(np.flatnonzero(inv.reshape(-1) == u_i)[0])
            raise DataError(message("batch_file.unknown_kind", src=src, row=i + 2,
                                    column=_letter(j), header=header, value=u),
                            school=f"row {i + 2}", field=header, value=u)
        codes[u_i] = KIND_CODES[k]
    return codes[inv.reshape(-1)]


def is_batch_path(data: Any) -> bool:
    """``data`` names a file (a str or path-like) rather than holding columns."""
    return isinstance(data, (str, os.PathLike))


def columns_or_file(data: Any) -> Mapping[str, Any] | None:
    """The columns of a file path, or ``None`` when ``data`` is not a path."""
    return read_batch_table(data) if is_batch_path(data) else None


def _reason(exc: BaseException) -> Message | str:
    """What an error says (a catalogue message stays one)."""
    m = exc.args[0] if exc.args else None
    return m if isinstance(m, Message) else str(exc)
