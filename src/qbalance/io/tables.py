"""Schools as tables: CSV, Excel (.xlsx) and pandas DataFrames, one row per school.

County bureaus keep their school data in spreadsheets.  This module maps such a
sheet, with English field names or the usual Chinese headers, onto
:class:`qbalance.School` and reports *every* problem of the sheet at once, each
naming the file, the row as the spreadsheet shows it and the column.

Columns
-------
Every column has a canonical English key (the model's field name, prefixed with
``primary_`` or ``junior_`` for a segment's pupils and teachers) and Chinese
aliases; :func:`column_help` lists them all.  The segment fields may also be
given without prefix (``在校生数``, ``pupils`` …) for schools that have a single
segment (小学, 初中, 教学点, 完全中学).  A unit may follow the header in
brackets (``教学仪器设备值（万元）``) or stand in a units row whose first cell
reads ``单位`` (as in the template of :func:`write_template`); values given in
万元 are converted to 元.  Empty cells and cells holding only a dash or a slash
(``—``, ``-``, ``/``) have no value.  Title rows above the header are skipped, and a
two-row header (a group row such as ``小学`` / ``初中`` merged over the columns
``在校生数``, ``骨干教师数`` …, or units under the names) is combined into one.
``序号`` and ``备注`` columns are ignored; any other
unknown column is an error (nothing is dropped silently) unless it is mapped
with ``columns={"header": "key"}`` or ignored with ``columns={"header": None}``.

>>> import io
>>> from qbalance.io.tables import read_schools_csv
>>> sheet = io.StringIO(
...     "学校代码,学校名称,学校类型,在校生数,高于规定学历教师数,骨干教师数,"
...     "体育艺术专任教师数,教学及辅助用房面积,体育运动场馆面积,教学仪器设备值（万元）,"
...     "网络多媒体教室数\\n"
...     "P01,城关小学,小学,1200,80,14,15,6000,10000,300,30\\n")
>>> (school,) = read_schools_csv(sheet)
>>> school.kind.zh, school.primary.pupils, school.equipment_value_yuan
('小学', 1200, 3000000.0)
"""

from __future__ import annotations

# The table's words, its reading and its writing live in private modules beside this one
# (_vocabulary, _read_table, _write_table); this module is their public face: the names of
# __all__ and the others callers import from here (``X as X`` re-exports them for mypy).
from qbalance.io import _vocabulary
from qbalance.io._vocabulary import (
    BAND_COLUMNS as BAND_COLUMNS,
    Column,
    IGNORED_HEADERS as IGNORED_HEADERS,
    NO_WORDS as NO_WORDS,
    SCHOOL_QUANTITY_COLUMNS as SCHOOL_QUANTITY_COLUMNS,
    SEGMENT_QUANTITY_COLUMNS as SEGMENT_QUANTITY_COLUMNS,
    YES_WORDS as YES_WORDS,
    _BY_KEY as _BY_KEY,
    _FALSE as _FALSE,
    _KIND_WORDS as _KIND_WORDS,
    _LOOKUP as _LOOKUP,
    _TRUE as _TRUE,
    _norm as _norm,
    _split_unit as _split_unit,
    column_help,
    kind_words as kind_words,
)
from qbalance.io._read_table import (
    LIST_SEPARATORS as LIST_SEPARATORS,
    MAX_ROOM_M2 as MAX_ROOM_M2,
    MIN_ROOM_M2 as MIN_ROOM_M2,
    NO_VALUE as NO_VALUE,
    TableNote as TableNote,
    _blank as _blank,
    _duplicates as _duplicates,
    _unit_factor as _unit_factor,
    read_schools,
    read_schools_csv,
    read_schools_excel,
    read_schools_frame,
)
from qbalance.io._write_table import (
    _header_keys as _header_keys,
    _table as _table,
    county_rows,
    county_template,
    explanation_rows as explanation_rows,
    school_row,
    template_keys as template_keys,
    write_schools_csv,
    write_schools_excel,
    write_template,
)

#: Every column a schools table may have, in template order (see :func:`column_help`).
COLUMNS: tuple[Column, ...] = _vocabulary.COLUMNS

__all__ = [
    "COLUMNS",
    "Column",
    "column_help",
    "county_rows",
    "county_template",
    "read_schools",
    "read_schools_csv",
    "read_schools_excel",
    "read_schools_frame",
    "school_row",
    "write_schools_csv",
    "write_schools_excel",
    "write_template",
]

