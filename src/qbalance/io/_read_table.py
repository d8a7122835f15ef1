"""Reading a schools table: headers and units resolved, cells converted, rows checked and
assembled into :class:`~qbalance.School` from CSV, Excel and DataFrames (private; the
public names are re-exported by :mod:`qbalance.io.tables`)."""

from __future__ import annotations

import csv
import io
import math
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, IO

import attrs
from pydantic import ValidationError

from qbalance._messages import Message, message
from qbalance._optional import require
from qbalance._text import col_letter
from qbalance._validation import pydantic_message
from qbalance.errors import DataError, DataValidationError, Problem
from qbalance.io._vocabulary import (
    Column, IGNORED_HEADERS, NO_WORDS, YES_WORDS, _BAND_OF, _BY_KEY, _KIND_WORDS, _LOOKUP,
    _OUT_OF_SCOPE_KINDS, _SCHOOL_Q, _SEG_FIELDS, _SEG_Q, _TOTAL_MARKS, _UNITS, _UNIT_ROW_MARKS,
    _kind_norm, _norm, _split_unit,
)
from qbalance.models import School, SchoolKind


@attrs.frozen(slots=True)
class _Header:
    position: int
    text: str
    key: str | None
    unit: str | None


def _resolve_headers(
    header: Sequence[Any], columns: Mapping[str, str | None] | None, where: str,
    problems: list[Problem],
) -> list[_Header]:
    user = {_norm(k): v for k, v in (columns or {}).items()}
    out: list[_Header] = []
    seen: dict[str, str] = {}
    for j, raw in enumerate(header):
        text = "" if raw is None else str(raw).strip()
        if not text:
            out.append(_Header(j, text, None, None))
            continue
        base, unit = _split_unit(text)
        key: str | None
        if _norm(text) in user or _norm(base) in user:
            key = user.get(_norm(text), user.get(_norm(base)))
            if key is not None and key not in _BY_KEY:
                problems.append(Problem(where, text, key,
                                        message("table.unknown_key", key=key)))
                key = None
            if _norm(text) in user:
                unit = None
        elif _norm(text) in _LOOKUP:
            key, unit = _LOOKUP[_norm(text)], None
        elif _norm(base) in _LOOKUP:
            key = _LOOKUP[_norm(base)]
        elif _norm(base) in IGNORED_HEADERS:
            key = None
        else:
            problems.append(Problem(
                where, text, None,
                message("table.unknown_column", column=col_letter(j))))
            key = None
        if key is not None:
            if key in seen:
                problems.append(Problem(where, text, None,
                                        message("table.column_repeats", column=col_letter(j),
                                                other=seen[key], key=key)))
                key = None
            else:
                seen[key] = text
        out.append(_Header(j, text, key, unit))
    return out


#: Cell texts read as "no value" (Chinese sheets mark inapplicable cells with a dash
#: or a slash, e.g. the junior columns of a primary school).
NO_VALUE = frozenset({"-", "--", "—", "——", "–", "/", "／", "\\"})


def _blank(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and (not v.strip() or v.strip() in NO_VALUE)


def _cell_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")



def _to_number(v: Any) -> float:
    """A cell as a number: full-width digits and spaces are accepted, a comma only as a
    thousands separator in groups of three (``4,430,1`` and the decimal comma
    ``4430,1`` are errors, never 44301)."""
    import unicodedata

    if isinstance(v, bool):
        raise ValueError(message("table.number.bool"))
    if isinstance(v, (int, float)):
        x = float(v)
        if not math.isfinite(x):
            raise ValueError(message("table.number.not_finite"))
        return x
    raw = str(v).strip()
    t = unicodedata.normalize("NFKC", raw)
    t = re.sub(r"[\s\u00a0\u2009\u202f']+", "", t).replace("−", "-")
    if "," in t:
        if not _THOUSANDS.fullmatch(t):
            raise ValueError(message("table.number.comma", text=raw))
        t = t.replace(",", "")
    if not _NUMBER.fullmatch(t):
        if re.match(r"[+-]?\d", t):
            raise ValueError(message("table.number.unit", text=raw))
        raise ValueError(message("table.number.nan"))
    x = float(t)
    if not math.isfinite(x):
        raise ValueError(message("table.number.not_finite"))
    return x


#: Separators of a list of room areas in one cell (``78、96、96``); documented in the
#: template's 说明 sheet.
LIST_SEPARATORS = ("、", "；", ";", ",", "，", "/", "|", " ")
#: Largest plausible area of one music or art room, m².
MAX_ROOM_M2 = 1000.0
#: Smallest plausible area of one room, m² (smaller values are read as a decimal comma).
MIN_ROOM_M2 = 10.0


def _room_list(v: Any, factor: float) -> tuple[float, ...]:
    import unicodedata

    if isinstance(v, (int, float)) and not isinstance(v, bool):
        parts: list[Any] = [v]
    else:
        text = unicodedata.normalize("NFKC", str(v)).strip()
        # NFKC turns 、 into 、 (kept) and ，；into ,;
        parts = [p for p in re.split(r"[;、,/|\s]+", text) if p]
    out = []
    for p in parts:
        area = _to_number(p) * factor
        if area > MAX_ROOM_M2:
            raise ValueError(message("table.rooms.big", area=area, max=MAX_ROOM_M2))
        if 0 < area < MIN_ROOM_M2:
            raise ValueError(message("table.rooms.small", area=area, min=MIN_ROOM_M2))
        out.append(area)
    return tuple(out)


def _kind_of(v: Any) -> SchoolKind:
    t = _kind_norm(_cell_text(v))
    k = _KIND_WORDS.get(t)
    if k is not None:
        return k
    if t in _OUT_OF_SCOPE_KINDS:
        raise ValueError(message("table.kind.out", what=_OUT_OF_SCOPE_KINDS[t]))
    raise ValueError(message("table.kind.unknown", kinds="、".join(k.zh for k in SchoolKind),
                          values=", ".join(k.value for k in SchoolKind)))




def _convert(col: Column, v: Any, factor: float) -> Any:
    if col.kind == "text":
        return _cell_text(v)
    if col.kind == "kind":
        return _kind_of(v)
    if col.kind == "bool":
        if isinstance(v, bool):
            return v
        import unicodedata

        t = unicodedata.normalize("NFKC", _cell_text(v)).strip().lower()
        if t in YES_WORDS:
            return True
        if t in NO_WORDS:
            return False
        raise ValueError(message("table.kind.bool"))
    if col.kind == "flags":
        return tuple(p for p in re.split(r"[;；、,，|\s]+", _cell_text(v).strip()) if p)
    if col.kind == "list":
        return _room_list(v, factor)
    x = _to_number(v) * factor
    if col.kind == "int" and math.isfinite(x) and x == int(x):
        return int(x)
    return x


def _unit_factor(col: Column, unit: str | None) -> float:
    if unit is None or not unit.strip():
        return 1.0
    table = _UNITS.get(col.unit, {"": 1})
    u = _norm(unit)
    for name, f in table.items():
        if _norm(name) == u:
            return float(f)
    raise ValueError(message("table.unit_unknown", unit=unit,
                             expected=" / ".join(n for n in table if n)
                             or message("table.no_unit")))


def _is_unit_row(row: Sequence[Any]) -> bool:
    first = next((c for c in row if not _blank(c)), None)
    return first is not None and _norm(_cell_text(first)) in {_norm(m) for m in _UNIT_ROW_MARKS}


def _find_header(rows: list[tuple[int, list[Any]]], columns: Mapping[str, str | None] | None
                 ) -> int:
    """Index (in ``rows``) of the header row: the first of the first 20 rows naming
    at least two known columns (title rows above the table are skipped)."""
    user = {_norm(k) for k in (columns or {})}
    for i, (_, cells) in enumerate(rows[:20]):
        hits = 0
        for c in cells:
            if _blank(c):
                continue
            t = _norm(str(c))
            b = _norm(_split_unit(str(c))[0])
            if t in _LOOKUP or b in _LOOKUP or t in user or b in user:
                hits += 1
        if hits >= 2:
            return i
    return 0


def _known(text: str, user: set[str]) -> bool:
    t, b = _norm(text), _norm(_split_unit(text)[0])
    return t in _LOOKUP or b in _LOOKUP or t in user or b in user or b in IGNORED_HEADERS


def _is_school_row(header: Sequence[Any], row: Sequence[Any],
                   columns: Mapping[str, str | None] | None) -> bool:
    """Whether ``row`` is a school (an id and a known school kind under ``header``): such
    a row is data, never a second header row, whatever its other cells hold."""
    user = {_norm(k): v for k, v in (columns or {}).items()}
    pos: dict[str, int] = {}
    for j, h in enumerate(header):
        if _blank(h):
            continue
        t, b = _norm(str(h)), _norm(_split_unit(str(h))[0])
        key = user.get(t, user.get(b, _LOOKUP.get(t, _LOOKUP.get(b))))
        if key in ("id", "kind") and key not in pos:
            pos[key] = j
    if len(pos) < 2 or max(pos.values()) >= len(row):
        return False
    if _blank(row[pos["id"]]):
        return False
    try:
        _kind_of(row[pos["kind"]])
    except ValueError:
        return False
    return True


def _two_row_header(top: Sequence[Any], bottom: Sequence[Any],
                    columns: Mapping[str, str | None] | None) -> list[Any] | None:
    """Combine a two-row header (a group row such as ``小学`` merged over the columns of
    ``在校生数``, ``骨干教师数`` …, or a row of units under the names) into one row.

    ``bottom`` is taken as the second header row when it holds no number and is not a
    units row; each column's header is then the first known name among *group + sub*
    (the group carried right over merged cells), *sub* and *group*.
    Returns ``None`` when ``bottom`` is a data row.
    """
    if _is_unit_row(bottom) or all(_blank(c) for c in bottom):
        return None
    if _is_school_row(top, bottom, columns):
        return None
    for c in bottom:
        if _blank(c):
            continue
        if isinstance(c, (int, float)) and not isinstance(c, bool):
            return None
        try:
            _to_number(c)
            return None
        except ValueError:
            pass
    user = {_norm(k) for k in (columns or {})}
    width = max(len(top), len(bottom))
    out: list[Any] = []
    group = ""
    for j in range(width):
        t = "" if j >= len(top) or _blank(top[j]) else str(top[j]).strip()
        b = "" if j >= len(bottom) or _blank(bottom[j]) else str(bottom[j]).strip()
        if t:
            group = t
        if not b:
            out.append(t or None)
            continue
        g = t or group
        candidates = [g + b, b, g] if g else [b]
        out.append(next((c for c in candidates if _known(c, user)), candidates[0]))
    return out


def _schools_from_rows(
    rows: Iterable[tuple[int, Sequence[Any]]],
    source: str,
    *,
    columns: Mapping[str, str | None] | None = None,
    row_word: str = "row",
) -> tuple[School, ...]:
    """Validate table rows (``(row number, cells)``, header first) into schools."""
    all_rows = [(n, list(cells)) for n, cells in rows]
    all_rows = [(n, c) for n, c in all_rows if not all(_blank(x) for x in c)]
    if not all_rows:
        raise DataValidationError([Problem(source, "(table)", None, message("table.empty"))],
                                  source=source)
    h = _find_header(all_rows, columns)
    header_no, header = all_rows[h]
    data = all_rows[h + 1:]
    if data:
        merged = _two_row_header(header, data[0][1], columns)
        if merged is not None:
            header = merged
            data = data[1:]
    problems: list[Problem] = []
    heads = _resolve_headers(header, columns, f"{source}, header ({row_word} {header_no})",
                             problems)

    def col_label(hd: _Header) -> str:
        # spreadsheets: the column letter too, so a cell is found at a glance
        return hd.text if row_word != "row" else f"{hd.text} (column {col_letter(hd.position)})"

    units: dict[int, str] = {}
    if data and _is_unit_row(data[0][1]):
        marks = {_norm(m) for m in _UNIT_ROW_MARKS}
        for j, c in enumerate(data[0][1]):
            if (j < len(heads) and heads[j].key is not None and not _blank(c)
                    and _norm(_cell_text(c)) not in marks):
                units[j] = _cell_text(c)
        data = data[1:]
    factors: dict[int, float] = {}
    bad_columns: set[str] = set()
    for hd in heads:
        if hd.key is None:
            continue
        col = _BY_KEY[hd.key]
        unit = hd.unit
        row_unit = units.get(hd.position)
        where = f"{source}, header ({row_word} {header_no})"
        try:
            f_head = _unit_factor(col, unit)
            f_row = _unit_factor(col, row_unit)
        except ValueError as exc:
            problems.append(Problem(where, hd.text, unit or row_unit, _reason(exc)))
            bad_columns.add(col_label(hd))
            continue
        if unit and row_unit and f_head != f_row:
            problems.append(Problem(where, hd.text, row_unit,
                                    message("table.units_disagree", row_unit=row_unit,
                                            unit=unit)))
            bad_columns.add(col_label(hd))
            continue
        factors[hd.position] = f_head if unit else f_row
    header_by_key = {hd.key: col_label(hd) for hd in heads if hd.key is not None}
    present = set(header_by_key)
    missing = [req for req in ("id", "name", "kind") if req not in present]
    for req in missing:
        problems.append(Problem(f"{source}, header ({row_word} {header_no})",
                                _BY_KEY[req].zh, None,
                                message("table.required_column", zh=_BY_KEY[req].zh, key=req)))
    if missing:
        raise DataValidationError(problems, source=source)

    problems.extend(_headerless_data(heads, data, f"{source}, header ({row_word} {header_no})",
                                     row_word))
    data, total_rows = _split_totals(data)

    schools: list[School] = []
    rows_of: list[tuple[Any, dict[str, Any]]] = []
    first_row: dict[str, tuple[int, str]] = {}
    for n, cells in data:
        where = f"{source}, {row_word} {n}"
        rec: dict[str, Any] = {}
        origin: dict[str, str] = {}
        row_problems: list[Problem] = []
        for hd in heads:
            if hd.key is None or hd.position not in factors or hd.position >= len(cells):
                continue
            v = cells[hd.position]
            if _blank(v):
                continue
            col = _BY_KEY[hd.key]
            try:
                rec[hd.key] = _convert(col, v, factors[hd.position])
            except ValueError as exc:
                row_problems.append(Problem(where, col_label(hd), v, _reason(exc)))
            origin[hd.key] = col_label(hd)
        label = _row_label(rec, cells)
        if label:
            where = f"{where} ({label})"
            row_problems = [attrs.evolve(p, location=where) for p in row_problems]
        if row_problems:
            problems.extend(row_problems)
            continue
        school_data, assign_problems = _assemble(rec, origin, where)
        if assign_problems:
            problems.extend(assign_problems)
            continue
        _out_of_scope_stocks(school_data)
        try:
            school = School.validate_raw(school_data)
        except ValidationError as exc:
            problems.extend(p for p in _row_problems(exc, where, origin, school_data,
                                                     header_by_key)
                            if p.field not in bad_columns)
            continue
        shifted = _teachers_over_pupils(school, origin, where)
        if shifted:
            problems.extend(shifted)
            continue
        if school.id in first_row:
            prev_n, prev_name = first_row[school.id]
            problems.append(Problem(where, origin.get("id", "id"), school.id,
                                    message("table.id_repeats", row=_row_ref(row_word, prev_n),
                                            name=prev_name)))
            continue
        first_row[school.id] = (n, school.name)
        schools.append(school)
        rows_of.append((n, rec))
    problems.extend(_duplicates(schools, [n for n, _ in rows_of], source, row_word))
    problems.extend(_campus_unknown(schools, [n for n, _ in rows_of], source, row_word,
                                    header_by_key.get("campus_of", "campus_of")))
    total_problems, notes = _check_totals(total_rows, heads, factors, data, source, row_word,
                                          col_label)
    problems.extend(total_problems)
    if problems:
        raise DataValidationError(problems, source=source)
    for note in notes:
        warnings.warn(TableNote(note), stacklevel=3)
    if not schools:
        raise DataValidationError([Problem(source, "(table)", None,
                                           message("table.no_rows"))],
                                  source=source)
    return tuple(schools)




class TableNote(UserWarning):
    """A note about a table that was read correctly (e.g. a consistent 合计 row skipped)."""


def _headerless_data(heads: Sequence[_Header], data: Sequence[tuple[Any, Sequence[Any]]],
                     where: str, row_word: str) -> list[Problem]:
    """Non-empty cells under a blank header (or right of the last header): never dropped
    silently."""
    blank = {hd.position for hd in heads if not hd.text}
    width = len(heads)
    out: list[Problem] = []
    seen: set[int] = set()
    for n, cells in data:
        for j, c in enumerate(cells):
            if (j in blank or j >= width) and j not in seen and not _blank(c):
                seen.add(j)
                out.append(Problem(where, f"column {col_letter(j)}", c,
                                   message("table.headerless", column=col_letter(j),
                                        value=c, ref=_row_ref(row_word, n))))
    return out


#: Whole-school stocks a special or vocational school need not give: the resource
#: indicators leave these schools out, so a blank cell is read as 0 (never used).
_STOCKS = {"teaching_area_m2": 0.0, "sports_area_m2": 0.0, "equipment_value_yuan": 0.0,
           "multimedia_classrooms": 0}


def _out_of_scope_stocks(rec: dict[str, Any]) -> None:
    from qbalance.models import _SEGMENTS_OF

    kind = rec.get("kind")
    if isinstance(kind, SchoolKind) and _SEGMENTS_OF[kind] == (None, None, None):
        for k, v in _STOCKS.items():
            rec.setdefault(k, v)


def _teachers_over_pupils(school: School, origin: Mapping[str, str], where: str
                          ) -> list[Problem]:
    """A segment with more teachers of a kind than pupils: a cell deleted and the row
    shifted, or columns swapped — never read as data."""
    out = []
    for seg in ("primary", "junior"):
        block = getattr(school, seg)
        if block is None:
            continue
        for f in ("teachers_above_degree", "backbone_teachers", "pe_art_teachers",
                  "full_time_teachers"):
            v = getattr(block, f)
            if v is not None and v > block.pupils:
                col = origin.get(f"{seg}.{f}", f"{seg}.{f}")
                out.append(Problem(where, col, v, message("table.teachers", column=col, value=v, pupils=block.pupils)))
    return out


def _row_ref(row_word: str, n: Any) -> Message | str:
    """``第 5 行`` / ``row 5`` (``索引 P3`` / ``index P3`` for a DataFrame), rendered in
    the language of the message that shows it."""
    if row_word == "schools":  # a county file's list of schools
        return f"schools[{n}]"
    return message("table.row_ref" if row_word == "row" else "table.index_ref", n=n)


def _total_label(cells: Sequence[Any]) -> str | None:
    for c in cells[:4]:
        if isinstance(c, str) and not _blank(c):
            t = c.replace(" ", "").replace("\u3000", "").lower()
            for mark in _TOTAL_MARKS:
                if t == mark or (t.startswith(mark) and len(t) <= len(mark) + 1) or (
                        t.endswith(mark) and len(t) <= len(mark) + 4):
                    return c.strip()
    return None


def _split_totals(data: Sequence[tuple[Any, list[Any]]]
                  ) -> tuple[list[tuple[Any, list[Any]]], list[tuple[Any, list[Any], int, str]]]:
    """School rows, and the totals rows (合计/总计/小计) with how many school rows precede
    each and its label."""
    rows: list[tuple[Any, list[Any]]] = []
    totals: list[tuple[Any, list[Any], int, str]] = []
    for n, cells in data:
        label = _total_label(cells)
        if label is None:
            rows.append((n, cells))
        else:
            totals.append((n, cells, len(rows), label))
    return rows, totals


def _check_totals(totals: Sequence[tuple[Any, list[Any], int, str]],
                  heads: Sequence[_Header], factors: Mapping[int, float],
                  data: Sequence[tuple[Any, list[Any]]], source: str, row_word: str,
                  col_label: Any) -> tuple[list[Problem], list[Message]]:
    """A 合计 / 总计 row must equal the column sums of all school rows above it, a 小计 row
    those since the previous 小计; a consistent row is skipped with a :class:`TableNote`,
    an inconsistent one is a problem."""
    out: list[Problem] = []
    notes: list[Message] = []
    start = 0
    for n, cells, upto, label in totals:
        sub = "小计" in label or "subtotal" in label.lower()
        rows = data[start:upto] if sub else data[:upto]
        where = f"{source}, {row_word} {n} ({label})"
        bad = False
        for hd in heads:
            if hd.key is None or hd.position not in factors or hd.position >= len(cells):
                continue
            col = _BY_KEY[hd.key]
            v = cells[hd.position]
            if col.kind not in ("int", "float") or _blank(v) or hd.key == "year_built":
                continue
            try:
                total = _to_number(v) * factors[hd.position]
            except ValueError:
                out.append(Problem(where, col_label(hd), v, message("table.total_text", label=label, column=col_label(hd), value=v)))
                bad = True
                continue
            acc = 0.0
            for _, rc in rows:
                if hd.position < len(rc) and not _blank(rc[hd.position]):
                    try:
                        acc += _to_number(rc[hd.position]) * factors[hd.position]
                    except ValueError:
                        pass  # reported on the school's row
            tol = max(0.5 * 10 ** -_decimals(v) * factors[hd.position], 1e-9 * abs(acc))
            if abs(total - acc) > tol:
                out.append(Problem(where, col_label(hd), v, message("table.total_bad", label=label, column=col_label(hd), total=total,
                    sum=acc)))
                bad = True
        if not bad:
            notes.append(message("table.total_note", where=where, label=label))
        if sub:
            start = upto
    return out, notes


def _decimals(v: Any) -> int:
    if isinstance(v, str):
        t = v.strip().replace(",", "")
        return len(t.split(".", 1)[1]) if "." in t else 0
    if isinstance(v, float) and not v.is_integer():
        return 6
    return 0


def _campus_unknown(schools: Sequence[School], rows: Sequence[Any], source: str,
                    row_word: str, column: str) -> list[Problem]:
    """Branch campuses whose main school (``campus_of``) is no school of the table."""
    ids = {s.id for s in schools}
    out: list[Problem] = []
    for n, s in zip(rows, schools, strict=True):
        if s.campus_of is None or (s.campus_of in ids and s.campus_of != s.id):
            continue
        where = (f"{source}, schools[{n}]" if row_word == "schools" else
                 f"{source}, {row_word} {n}")
        code = "models.campus_of_self" if s.campus_of == s.id else "models.campus_of_unknown"
        out.append(Problem(f"{where} ({s.id} {s.name})", column, s.campus_of,
                           message(code, id=s.id, name=s.name, main=s.campus_of)))
    return out


def _duplicates(schools: Sequence[School], rows: Sequence[Any], source: str,
                row_word: str) -> list[Problem]:
    """The same school twice under two ids (same name and every value)."""
    seen: dict[str, tuple[Any, School]] = {}
    out: list[Problem] = []
    for n, s in zip(rows, schools, strict=True):
        d = s.model_dump(mode="json")
        d.pop("id", None)
        key = repr(sorted(d.items()))
        if key in seen:
            prev, first = seen[key]
            where = (f"{source}, schools[{n}]" if row_word == "schools" else
                     f"{source}, {row_word} {n}")
            out.append(Problem(f"{where} ({s.id} {s.name})", "学校代码", s.id,
                               message("table.duplicate", prev_id=first.id,
                                    name=first.name, ref=_row_ref(row_word, prev))))
        else:
            seen[key] = (n, s)
    return out


def _row_label(rec: Mapping[str, Any], cells: Sequence[Any]) -> str:
    sid, name = rec.get("id"), rec.get("name")
    if sid and name:
        return f"{sid} {name}"
    return str(sid or name or "")


_SINGLE_SEGMENT = {
    SchoolKind.PRIMARY: "primary", SchoolKind.TEACHING_POINT: "primary",
    SchoolKind.JUNIOR: "junior", SchoolKind.COMPLETE_MIDDLE: "junior",
}


def _assemble(rec: dict[str, Any], origin: dict[str, str], where: str
              ) -> tuple[dict[str, Any], list[Problem]]:
    """Nest flat keys into the School structure; unprefixed segment fields go to the
    school's only segment."""
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    seg_blocks: dict[str, dict[str, Any]] = {"primary": {}, "junior": {}}
    seg_fields = [f for f, *_ in _SEG_FIELDS]
    kind = rec.get("kind")
    for key, v in rec.items():
        if key in seg_fields:
            seg = _SINGLE_SEGMENT.get(kind) if isinstance(kind, SchoolKind) else None
            if seg is None:
                what = kind.zh if isinstance(kind, SchoolKind) else message("table.this_school")
                problems.append(Problem(
                    where, origin[key], v,
                    message("table.ambiguous_segment", what=what,
                            primary=_BY_KEY['primary_' + key].zh,
                            junior=_BY_KEY['junior_' + key].zh)))
                continue
            if key in seg_blocks[seg]:
                problems.append(Problem(where, origin[key], v,
                                        message("table.given_twice",
                                                other=origin[seg + '_' + key])))
                continue
            seg_blocks[seg][key] = v
            origin[f"{seg}.{key}"] = origin[key]
            continue
        if key in _SCHOOL_Q:
            out.setdefault("quantities", {})[key] = v
            origin[f"quantities.{key}"] = origin.get(key, key)
            continue
        if key in _BAND_OF:
            seg_b, label = _BAND_OF[key]
            seg_blocks[seg_b].setdefault("class_size_bands", {})[label] = v
            origin[f"{seg_b}.class_size_bands"] = origin.get(key, key)
            continue
        seg_q = next((sg for sg in ("primary", "junior")
                      if key.startswith(sg + "_") and key[len(sg) + 1:] in _SEG_Q), None)
        if seg_q is not None:
            field = key[len(seg_q) + 1:]
            seg_blocks[seg_q].setdefault("quantities", {})[field] = v
            origin[f"{seg_q}.quantities.{field}"] = origin.get(key, key)
            continue
        for seg in ("primary", "junior"):
            if key.startswith(seg + "_") and key[len(seg) + 1:] in seg_fields:
                field = key[len(seg) + 1:]
                if field in seg_blocks[seg]:
                    problems.append(Problem(where, origin[key], v,
                                            message("table.given_twice", other=origin[field])))
                else:
                    seg_blocks[seg][field] = v
                origin[f"{seg}.{field}"] = origin[key]
                break
        else:
            out[key] = v
            origin[key] = origin.get(key, key)
    for seg, block in seg_blocks.items():
        if not block:
            continue
        if isinstance(kind, SchoolKind) and _kind_lacks(kind, seg):
            given = {f: v for f, v in block.items() if v not in (0, 0.0)}
            if not given:
                continue  # zeros in the inapplicable columns: no such segment
            seg_zh = {"primary": "小学", "junior": "初中"}[seg]
            for f, v in given.items():
                col = origin.get(f"{seg}.{f}", f"{seg}.{f}")
                problems.append(Problem(where, col, v, message("table.no_segment", kind=kind.zh, kind_en=kind.value, seg=seg_zh,
                    seg_en=seg, column=col, value=v)))
            continue
        out[seg] = block
    return out, problems


def _reason(exc: BaseException) -> Message | str:
    """What a cell converter's ``ValueError`` says (a catalogue message stays one)."""
    m = exc.args[0] if exc.args else None
    return m if isinstance(m, Message) else str(exc)


def _kind_lacks(kind: SchoolKind, seg: str) -> bool:
    from qbalance.models import _SEGMENTS_OF

    want_p, want_j, _ = _SEGMENTS_OF[kind]
    return (want_p if seg == "primary" else want_j) is False


def _row_problems(exc: ValidationError, where: str, origin: Mapping[str, str],
                  data: Mapping[str, Any], header: Mapping[str, str]) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err.get("loc", ()))
        flat = loc.replace(".", "_")
        bare = loc.split(".", 1)[-1]
        if loc in origin:
            field = origin[loc]
        elif flat in header:
            field = header[flat]
        elif "." in loc and bare in header:
            field = header[bare]
        elif flat in _BY_KEY:
            field = _BY_KEY[flat].zh
        elif loc in _BY_KEY:
            field = _BY_KEY[loc].zh
        elif not loc:
            field = origin.get("kind", _BY_KEY["kind"].zh)
        else:
            field = loc
        value = err.get("input")
        if isinstance(value, Mapping):
            value = data.get("kind") if not loc else "{…}"
        msg: Message = pydantic_message(err)
        if err.get("type") == "missing":
            msg = message("table.missing_value")
            value = None
        out.append(Problem(where, field, value, msg))
    return out


def read_schools_csv(
    file: str | Path | IO[str],
    *,
    columns: Mapping[str, str | None] | None = None,
    encoding: str | None = None,
    source: str | None = None,
) -> tuple[School, ...]:
    """Read schools from a CSV file (one row per school).

    Parameters
    ----------
    file : str, pathlib.Path or text stream
        The CSV file.  UTF-8 (with or without BOM) and GB18030/GBK, the encoding of
        Chinese Excel's CSV export, are detected; comma, semicolon and tab separators too.
    columns : mapping, optional
        Extra header → key mappings (``None`` ignores a column), see :func:`column_help`.
    encoding : str, optional
        Force an encoding.
    source : str, optional
        Name used in error messages (default: the file name).

    Returns
    -------
    tuple of School

    Raises
    ------
    DataValidationError
        Every problem of the sheet, each naming the row as a spreadsheet shows it
        (the header is row 1) and the column.
    DataError
        The file cannot be read.
    """
    from qbalance._files import decode_text, max_input_bytes, read_capped

    if isinstance(file, (str, Path)):
        path = Path(file)
        src = source or str(path)
        text = decode_text(read_capped(path), src, encoding)
    else:
        src = source or str(getattr(file, "name", "CSV input"))
        cap = max_input_bytes()
        text = file.read(cap + 1)
        if len(text) > cap:

            raise DataError(message("input.too_large", path=src, limit=round(cap / 2**20, 1)),
                            field="path", value=src)
        text = text.removeprefix("\ufeff")
    return _schools_from_rows(_csv_records(text, src), src, columns=columns)


def _sniff_delimiter(lines: Sequence[str]) -> str:
    """The separator (comma, semicolon or tab) giving the most rows of one width: a
    title row above the header (one cell) does not decide it."""
    best, best_score = ",", -1
    for d in (",", ";", "\t"):
        widths: dict[int, int] = {}
        try:
            for rec in csv.reader(lines, delimiter=d):
                if len(rec) > 1:
                    widths[len(rec)] = widths.get(len(rec), 0) + 1
        except csv.Error:
            continue
        if not widths:
            continue
        width, count = max(widths.items(), key=lambda wc: (wc[1], wc[0]))
        score = count * width if width >= 3 else 0
        if score > best_score:
            best, best_score = d, score
    return best




def _short_rows(records: Sequence[tuple[int, list[str]]], src: str) -> None:
    """In a CSV whose rows all have the header's width, a shorter row lost a cell (the
    rest of it shifted left): an error naming the row, never shifted data."""
    widths: dict[int, int] = {}
    for _, rec in records:
        if any(c.strip() for c in rec):
            widths[len(rec)] = widths.get(len(rec), 0) + 1
    if len(widths) < 2:
        return
    width = max(widths, key=lambda w: (widths[w], w))
    problems = []
    for n, rec in records:
        # short with its last cell filled (not "trailing blanks left out"), or short by one
        # or two cells only (a writer that leaves trailing blanks out leaves them all out)
        if 1 < len(rec) < width and any(c.strip() for c in rec) and (
                rec[-1].strip() or len(rec) >= width - 2):
            problems.append(Problem(f"{src}, row {n}", "(whole row)", len(rec),
                                    message("table.short_row", have=len(rec), want=width)))
    # a lost cell, when other rows have the full width; with the header and a single
    # data row, a short row whose last cell is filled is a lost cell too (it cannot
    # be told from "trailing blank cells left out", and reading it shifted would
    # misread every value after the lost cell)
    rows = sum(k for w, k in widths.items() if w > 1)
    if problems and (widths[width] >= 2 or rows == 2):
        raise DataValidationError(problems, source=src)


def _csv_records(text: str, src: str) -> list[tuple[int, list[str]]]:
    """CSV records ``(row number, cells)``; any line ending (CR-only included); a
    quote left open, a cell over the csv module's limit or a cell that swallowed
    whole rows is an error naming the row."""
    from qbalance._files import max_rows

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    delim = _sniff_delimiter(lines[:50])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    out: list[tuple[int, list[str]]] = []
    limit = csv.field_size_limit()
    cap = max_rows()
    last_line = 0
    try:
        for rec in reader:
            row = len(out) + 1
            if row > cap:

                raise DataError(message("input.too_many_rows", path=src, limit=cap),
                                field="path", value=src)
            first = last_line + 1
            last_line = reader.line_num
            if last_line > first:
                for j, cell in enumerate(rec):
                    inner = cell.split("\n")[1:]
                    if "\n" in cell and any(t.count(delim) >= 2 for t in inner):
                        raise DataValidationError([Problem(
                            f"{src}, row {row}", f"column {col_letter(j)}", cell[:40] + "…",
                            message("table.csv.swallowed", row=row, column=col_letter(j),
                                 first=first, last=last_line))], source=src)
            out.append((row, rec))
        _short_rows(out, src)
    except csv.Error as exc:
        row, line = len(out) + 1, last_line + 1
        reason = str(exc)
        if "field limit" in reason:
            msg = message("table.csv.too_long", row=row, line=line, limit=limit)
        elif "end of data" in reason or "EOF" in reason:
            msg = message("table.csv.open_quote", row=row, line=line)
        else:
            msg = message("table.csv.bad_quote", row=row, line=line, reason=reason)
        raise DataValidationError([Problem(f"{src}, row {row}", "(whole row)", None, msg)],
                                  source=src) from None
    return out


def read_schools_excel(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    columns: Mapping[str, str | None] | None = None,
    source: str | None = None,
) -> tuple[School, ...]:
    """Read schools from an Excel workbook (.xlsx, or the old .xls), one row per school.

    Needs the ``excel`` extra (openpyxl), and for .xls the ``xls`` extra (xlrd).  Title rows above the header are skipped;
    row numbers in errors are the sheet's own row numbers.  Formulas are read as the
    values Excel last computed and saved.

    Parameters
    ----------
    path : str or pathlib.Path
        The workbook.
    sheet : str or int, optional
        Sheet name or 0-based index (default: the first sheet).
    columns : mapping, optional
        Extra header → key mappings, see :func:`column_help`.
    source : str, optional
        Name used in error messages.

    Returns
    -------
    tuple of School
        One school per data row, in sheet order.

    Raises
    ------
    DataValidationError
        Every problem of the sheet (row and column named).
    DataError
        The file does not exist, is not a readable workbook, unpacks to more than
        four times the input cap (a zip bomb), has more rows than the row cap, or has
        no such sheet.
    DataValidationError
        A formula cell without a saved result (the workbook was written by a program
        that does not compute formulas): open and save it in Excel.
    MissingDependencyError
        openpyxl (for .xlsx) or xlrd (for .xls, the ``xls`` extra) is not installed.
    """
    p = Path(path)
    if p.suffix.lower() == ".xls":
        return _read_xls(p, sheet=sheet, columns=columns, source=source)
    openpyxl = require("openpyxl", "reading Excel files")
    from qbalance._files import max_input_bytes, max_rows, read_capped

    read_capped(p, limit=max_input_bytes())  # exists, readable, not too large
    formulas = _check_xlsx_archive(p)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook features it does not read (styles, extensions)
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise DataError(message("table.no_file", path=str(p)), field="path",
                        value=str(p)) from exc
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise DataError(message("table.not_workbook", path=str(p), suffix=".xlsx",
                                reason=f"{type(exc).__name__}: {str(exc)[:200]}"), field="path",
                        value=str(p)) from exc
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif isinstance(sheet, int):
            ws = wb.worksheets[sheet]
        else:
            ws = wb[sheet]
    except (IndexError, KeyError) as exc:
        wb.close()
        raise DataError(message("table.no_sheet", path=str(p), sheet=sheet,
                                sheets=str(wb.sheetnames)), field="sheet", value=sheet) from exc
    src = source or f"{p} [{ws.title}]"
    cap = max_rows()
    try:
        rows: list[tuple[int, list[Any]]] = []
        for i, r in enumerate(ws.iter_rows(min_row=1, max_col=_MAX_COLUMNS, values_only=True),
                              start=1):
            if i > cap:

                raise DataError(message("input.too_many_rows", path=src, limit=cap),
                                field="path", value=src)
            rows.append((i, list(r)))
        title = ws.title
    finally:
        wb.close()
    if formulas:
        _uncached_formulas(p, title, rows, src)
    return _schools_from_rows(_trim(rows), src, columns=columns)


#: Columns read from a sheet (a schools table has about 30).
_MAX_COLUMNS = 256


def _check_xlsx_archive(p: Path) -> bool:
    """Refuse a zip-bomb-shaped workbook (by the sizes its members declare) before
    unpacking it; whether a worksheet holds formulas."""
    import zipfile

    from qbalance._files import max_input_bytes

    try:
        with zipfile.ZipFile(p) as z:
            infos = z.infolist()
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            limit = 4 * max_input_bytes()
            if total > limit:
                raise DataError(message("table.xlsx.bomb", path=p, limit=limit // 2**20,
                                     ratio=total / packed), field="path", value=str(p))
            has_formulas = False
            for i in infos:
                if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml"):
                    with z.open(i) as fh:
                        while chunk := fh.read(1 << 20):
                            if b"<f>" in chunk or b"<f " in chunk or b"<x:f" in chunk:
                                has_formulas = True
                                break
                if has_formulas:
                    break
            return has_formulas
    except zipfile.BadZipFile as exc:
        raise DataError(message("table.xlsx.zip", path=p, reason=exc), field="path",
                        value=str(p)) from exc
    except (OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise DataError(message("table.xlsx.zip", path=p, reason=f"{type(exc).__name__}: {exc}"),
                        field="path", value=str(p)) from exc


def _uncached_formulas(p: Path, title: str, rows: Sequence[tuple[int, list[Any]]],
                       src: str) -> None:
    """Cells that hold a formula with no saved result (read as blank): name each."""
    openpyxl = require("openpyxl", "reading Excel files")
    blanks = {(i, j) for i, r in rows for j, v in enumerate(r) if v is None}
    if not blanks:
        return
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        wb = openpyxl.load_workbook(p, read_only=True, data_only=False)
    problems: list[Problem] = []
    try:
        ws = wb[title]
        for i, r in enumerate(ws.iter_rows(min_row=1, max_row=len(rows), max_col=_MAX_COLUMNS,
                                           values_only=True), start=1):
            for j, v in enumerate(r):
                if (i, j) in blanks and isinstance(v, str) and v.startswith("="):
                    cell = f"{col_letter(j)}{i}"
                    problems.append(Problem(f"{src}, row {i}", f"column {col_letter(j)}", v,
                                            message("table.xlsx.formula", cell=cell, formula=v)))
    finally:
        wb.close()
    if problems:
        raise DataValidationError(problems, source=src)


def _trim(rows: list[tuple[int, list[Any]]]) -> list[tuple[int, list[Any]]]:
    """Rows without the trailing empty cells Excel pads them with."""
    out = []
    for i, r in rows:
        k = len(r)
        while k and r[k - 1] is None:
            k -= 1
        out.append((i, r[:k]))
    return out


def _read_xls(p: Path, *, sheet: str | int | None, columns: Mapping[str, str | None] | None,
              source: str | None) -> tuple[School, ...]:
    """An old-format Excel workbook (.xls) through xlrd (the ``xls`` extra)."""
    xlrd = require("xlrd", "reading .xls files")
    from qbalance._files import max_rows, read_capped

    raw = read_capped(p)
    try:
        book = xlrd.open_workbook(file_contents=raw, on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError, struct.error, … for corrupt files
        raise DataError(message("table.not_workbook", path=str(p), suffix=".xls",
                                reason=f"{type(exc).__name__}: {str(exc)[:200]}"), field="path",
                        value=str(p)) from exc
    try:
        try:
            if sheet is None:
                ws = book.sheet_by_index(0)
            elif isinstance(sheet, int):
                ws = book.sheet_by_index(sheet)
            else:
                ws = book.sheet_by_name(sheet)
        except (IndexError, xlrd.XLRDError) as exc:
            raise DataError(message("table.no_sheet", path=str(p), sheet=sheet,
                                    sheets=str(book.sheet_names())),
                            field="sheet", value=sheet) from exc
        src = source or f"{p} [{ws.name}]"
        if ws.nrows > max_rows():

            raise DataError(message("input.too_many_rows", path=src, limit=max_rows()),
                            field="path", value=src)
        rows: list[tuple[int, list[Any]]] = []
        problems: list[Problem] = []
        for i in range(ws.nrows):
            cells: list[Any] = []
            for j in range(min(ws.ncols, _MAX_COLUMNS)):
                c = ws.cell(i, j)
                if c.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    cells.append(None)
                elif c.ctype == xlrd.XL_CELL_BOOLEAN:
                    cells.append(bool(c.value))
                elif c.ctype == xlrd.XL_CELL_ERROR:
                    text = xlrd.error_text_from_code.get(c.value, "#ERR")
                    problems.append(Problem(f"{src}, row {i + 1}", f"column {col_letter(j)}",
                                            text, message("table.excel_error")))
                    cells.append(None)
                else:
                    cells.append(c.value)
            rows.append((i + 1, cells))
    finally:
        book.release_resources()
    if problems:
        raise DataValidationError(problems, source=src)
    return _schools_from_rows(_trim(rows), src, columns=columns)


def read_schools_frame(
    frame: Any,
    *,
    columns: Mapping[str, str | None] | None = None,
    source: str = "DataFrame",
) -> tuple[School, ...]:
    """Read schools from a pandas DataFrame, one row per school.

    Problems name the row by its index label.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns are headers (English keys or Chinese headers).
    columns : mapping, optional
        Extra header → key mappings, see :func:`column_help`.
    source : str
        Name used in error messages.

    Returns
    -------
    tuple of School
        One school per row, in row order.

    Raises
    ------
    DataValidationError
        Every problem of the frame, each naming the row by its index label and the
        column.
    DataError
        ``frame`` is not a pandas DataFrame.
    MissingDependencyError
        pandas is not installed.
    """
    pd = require("pandas", "reading a DataFrame")
    if not isinstance(frame, pd.DataFrame):
        raise DataError(message("table.not_frame", type=type(frame).__name__), field="frame")
    rows: list[tuple[Any, list[Any]]] = [("header", list(map(str, frame.columns)))]
    for label, values in zip(frame.index, frame.itertuples(index=False, name=None),
                             strict=True):
        rows.append((label, [_py(v) for v in values]))
    return _schools_from_rows(rows, source, columns=columns, row_word="index")


def _py(v: Any) -> Any:
    if v is None or type(v).__name__ in ("NAType", "NaTType"):
        return None  # pandas nullable dtypes (Int64, string, boolean): <NA> is a blank cell
    item = getattr(v, "item", None)
    if item is not None and not isinstance(v, (str, bytes)):
        try:
            return item()
        except (TypeError, ValueError):
            return v
    return v


def read_schools(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    columns: Mapping[str, str | None] | None = None,
) -> tuple[School, ...]:
    """Read schools from a CSV (``.csv``, ``.tsv``, ``.txt``) or Excel (``.xlsx``) file.

    See :func:`read_schools_csv` and :func:`read_schools_excel`.

    Parameters
    ----------
    path : str or pathlib.Path
        The table; its suffix chooses the reader (``.xlsx``/``.xlsm``/``.xls`` → Excel,
        ``.csv``/``.tsv``/``.txt`` → CSV).
    sheet : str or int, optional
        Sheet name or 0-based index of an Excel workbook (default: the first
        sheet); not used for CSV.
    columns : mapping, optional
        Extra header → key mappings (``None`` ignores a column), see
        :func:`column_help`.

    Returns
    -------
    tuple of School
        One school per data row, in table order.

    Raises
    ------
    DataValidationError
        Every problem of the sheet, each naming the row and the column.
    DataError
        The file cannot be read, or its type is not supported.
    MissingDependencyError
        An Excel file without the ``excel`` extra (openpyxl).

    Examples
    --------
    >>> from qbalance import read_schools
    >>> from qbalance.examples import example_table_path
    >>> schools = read_schools(example_table_path("xlsx"))
    >>> schools[0].name, schools[0].primary.pupils
    ('城关第一小学', 1860)
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return read_schools_excel(p, sheet=sheet, columns=columns)
    if suffix in (".csv", ".tsv", ".txt"):
        return read_schools_csv(p, columns=columns)
    raise DataError(message("table.suffix", path=str(p), suffix=p.suffix),
                    field="path", value=str(p))
