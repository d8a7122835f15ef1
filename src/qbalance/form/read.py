"""Read a filled declaration form (申报表) back from an Excel workbook.

Counties fill the form by hand, so the reader does not expect qbalance's own
layout: the tables may be on separate sheets with any names or one after
another on one sheet; each is found by its title (表Ⅰ / 表1 / 表 I …, 表Ⅱ-2 /
表2-2 …) and its row of column codes (L1, L2, …).  Merged cells are read as
their top-left value, numbers stored as text are parsed (full-width digits,
thousands separators, units and % signs dropped), optional cells may be blank,
and the notes under Tables Ⅱ-2 and Ⅲ are read.  Every problem of the file is
collected and reported at once, each with its sheet, row and column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from qbalance._optional import require
from qbalance.vocab import Verdict
from qbalance._messages import Message, message, os_reason
from qbalance.errors import DataError, DataValidationError, Problem
from qbalance.form.tables import (
    BASICS_COLUMNS,
    BLANK,
    NOT_GIVEN,
    SURVEY_COLUMNS,
    TEMPLATES,
    BasicsTable,
    CVRow,
    CVTable,
    DeclarationForm,
    Figure,
    ItemRow,
    ItemsTable,
    RuleSummaryRow,
    RuleSummaryTable,
    SchoolNote,
    SchoolRow,
    SchoolRowsTable,
    SurveyRow,
    SurveyTable,
    TableId,
)
from qbalance.models import Segment

__all__ = ["CellRef", "FormReadError", "FormSource", "read_declaration_form"]


class FormReadError(DataValidationError):
    """A filled form could not be read; :attr:`problems` lists every problem found.

    Each problem's location is ``sheet!cell`` (``"表Ⅱ-2!G12"``) and its field the
    table and column (``"表Ⅱ-2 L7"``).
    """


@attrs.frozen(slots=True)
class CellRef:
    """Where a value of a form read from a file is.

    Attributes
    ----------
    sheet : str
        The sheet's name.
    row : int
        The spreadsheet row (1-based, as Excel shows it).
    column : int
        The spreadsheet column (1-based).
    """

    sheet: str
    row: int
    column: int

    @property
    def letter(self) -> str:
        """The column letter (``"G"``)."""
        n, out = self.column, ""
        while n:
            n, r = divmod(n - 1, 26)
            out = chr(65 + r) + out
        return out

    def __str__(self) -> str:
        return f"{self.sheet}!{self.letter}{self.row}"


@attrs.frozen(slots=True, kw_only=True)
class FormSource:
    """Where the tables and cells of a form read from a file are.

    Attributes
    ----------
    path : str
        The file read.
    tables : dict of str to CellRef
        The title cell of each table found, by table id (``"II-2"``).
    rows : dict of (str, int) to int
        The spreadsheet row of each data row, by (table id, position in the table).
    columns : dict of (str, str) to int
        The spreadsheet column of each column code, by (table id, L-code or
        ``"remark"``).
    missing : tuple of str
        The ids of the tables not found in the file.
    """

    path: str
    tables: dict[str, CellRef]
    rows: dict[tuple[str, int], int]
    columns: dict[tuple[str, str], int]
    missing: tuple[str, ...] = ()

    def cell(self, table: str, position: int, code: str) -> CellRef | None:
        """The cell of column ``code`` in data row ``position`` of ``table``.

        Parameters
        ----------
        table : str
            A table id (``"II-2"``).
        position : int
            The data row's position in the table (0-based; Tables Ⅳ / Ⅴ: the item
            number minus 1).
        code : str
            An L-code (``"L7"``) or ``"remark"``.

        Returns
        -------
        CellRef or None
            ``None`` when the table, row or column is not in the file.
        """
        title = self.tables.get(table)
        row = self.rows.get((table, position))
        col = self.columns.get((table, code))
        if title is None or row is None or col is None:
            return None
        return CellRef(title.sheet, row, col)


# -- the grid ------------------------------------------------------------------------

class _Cell:
    """A cell's value and (looked up only when needed) its number format."""

    __slots__ = ("_cell", "_fmt", "value")

    def __init__(self, value: Any, fmt: str | None = None, cell: Any = None) -> None:
        self.value = value
        self._fmt = fmt
        self._cell = cell

    @property
    def fmt(self) -> str:
        if self._fmt is None:
            self._fmt = str(getattr(self._cell, "number_format", None) or "General")
        return self._fmt


def _grid(ws: Any) -> list[list[_Cell]]:
    rows = [[_Cell(c.value, None if isinstance(c.value, (int, float)) else "General", c)
             for c in r] for r in ws.iter_rows()]
    for rng in ws.merged_cells.ranges:
        top = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(rows) else None
        if top is None:
            continue
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if r - 1 < len(rows) and c - 1 < len(rows[r - 1]):
                    rows[r - 1][c - 1] = top
    return rows


def _raw(x: Any) -> str:
    """A text cell as printed (only surrounding spaces dropped)."""
    return "" if x is None else str(x).strip()


def _norm(x: Any) -> str:
    if x is None:
        return ""
    return unicodedata.normalize("NFKC", str(x)).strip()


_TITLE = re.compile(r"^表\s*(VI|IV|V|III|II|I|[1-6一二三四五六])(?![0-9])\s*"
                    r"(?:[-—–_.、]\s*([12一二])(?![0-9]))?\s*(.*)$")
_NUM = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "一": 1, "二": 2, "三": 3,
        "四": 4, "五": 5, "六": 6}


def _title(text: str) -> TableId | None:
    m = _TITLE.match(text.replace(" ", " "))
    if m is None:
        return None
    num = _NUM.get(m.group(1)) or int(m.group(1))
    sub = m.group(2)
    rest = m.group(3)
    if num == 2:
        if sub in ("2", "二") or (sub is None and "分学校" in rest):
            return TableId.SCHOOLS
        return TableId.RULE_SUMMARY
    if sub is not None:
        return None
    return {1: TableId.BASICS, 3: TableId.CVS, 4: TableId.GUARANTEE, 5: TableId.QUALITY,
            6: TableId.SURVEY}[num]


_CODE = re.compile(r"^L\s*(\d{1,2})$", re.IGNORECASE)
_BLANK_TEXT = {"", "—", "-", "－", "–", "/", "／", "无", "空", "——", "--", "N/A", "n/a"}


def _decimals_of(fmt: str) -> int | None:
    m = re.search(r"0\.(0+)", fmt)
    if m:
        return len(m.group(1))
    if re.search(r"(^|[^.0#])0(%|$|;|_)", fmt) or fmt.strip() in ("0", "#,##0", "0%"):
        return 0
    return None


def _number_text(cell: _Cell) -> str | None:
    """The number a cell prints, as decimal text; None when not a number."""
    v = cell.value
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        d = Decimal(v) if isinstance(v, int) else Decimal(repr(v))
        if "%" in cell.fmt:
            d *= 100
        places = _decimals_of(cell.fmt)
        if places is not None:
            return str(d.quantize(Decimal(1).scaleb(-places)))
        text = format(d.normalize(), "f")
        return text
    t = _norm(v).replace(",", "").replace(" ", "")
    t = re.sub(r"(%|‰|人|所|个|间|元|万元|平方米|m2|㎡|份|次)$", "", t)
    if re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", t):
        return t
    return None


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.rows: dict[tuple[str, int], int] = {}
        self.columns: dict[tuple[str, str], int] = {}

    def problem(self, sheet: str, row: int, col: int, field: str, value: Any,
                message: str | Message) -> None:
        self.problems.append(Problem(str(CellRef(sheet, row, col)), field, value, message))

    # -- cells --
    def figure(self, t: TableId, sheet: str, row: int, col: int, cell: _Cell | None,
               code: str, *, decimals: int | None = None, required: bool = False,
               integer: bool = False) -> Figure:
        if cell is None or _norm(cell.value) in _BLANK_TEXT:
            if required:
                self.problem(sheet, row, col, f"表{t.number} {code}", None,
                             message("form.blank_required"))
            return BLANK
        text = _number_text(cell)
        if text is None:
            self.problem(sheet, row, col, f"表{t.number} {code}", cell.value,
                         message("form.not_number"))
            return BLANK
        if text.startswith("-"):
            self.problem(sheet, row, col, f"表{t.number} {code}", cell.value,
                         message("form.negative"))
            return BLANK
        printed = len(text.split(".")[1]) if "." in text else 0
        if integer and Fraction(text).denominator != 1:
            self.problem(sheet, row, col, f"表{t.number} {code}", cell.value,
                         message("form.not_whole"))
            return BLANK
        exact = Fraction(text)
        # a number cell shown without trailing zeros (General format) is at least as
        # precise as the form's rule
        dec = max(printed, decimals or 0) if not isinstance(cell.value, str) else printed
        if isinstance(cell.value, str) and decimals is not None and printed < decimals and (
                printed == 0 or text.endswith("0")):
            dec = max(printed, decimals)
        return Figure(text, exact, dec)

    def text(self, cell: _Cell | None) -> str:
        return "" if cell is None else _raw(cell.value)


def _find_tables(wb: Any) -> list[tuple[TableId, str, int, int, list[list[_Cell]]]]:
    """(table, sheet, title row, end row exclusive, grid) for every title found."""
    found: list[tuple[TableId, str, int, list[list[_Cell]]]] = []
    grids: dict[str, list[list[_Cell]]] = {}
    for ws in wb.worksheets:
        grid = _grid(ws)
        grids[ws.title] = grid
        for i, row in enumerate(grid):
            first = next((c for c in row if _norm(c.value)), None)
            if first is None:
                continue
            tid = _title(_norm(first.value))
            if tid is not None:
                found.append((tid, ws.title, i, grid))
    out = []
    for k, (tid, sheet, start, grid) in enumerate(found):
        end = len(grid)
        if k + 1 < len(found) and found[k + 1][1] == sheet:
            end = found[k + 1][2]
        out.append((tid, sheet, start, end, grid))
    return out


_HEADING = re.compile(r"(?:县（市、区）|县\(市、区\)|填报单位|申报单位|县（市、区）名称)\s*[:：]\s*"
                      r"([^\s（(]+)")
_YEAR = re.compile(r"年度\s*[:：]\s*(\d{4})")


def _segment_of(name: str, previous: Segment) -> Segment:
    n = _norm(name)
    if n.endswith("初中部") or n.endswith("初中部)") or "初中部" in n[-6:]:
        return Segment.JUNIOR
    if n.endswith("小学部") or "小学部" in n[-6:]:
        return Segment.PRIMARY
    if "小学" in n or "教学点" in n:
        return Segment.PRIMARY
    if "中学" in n or "初中" in n or "初级中学" in n:
        return Segment.JUNIOR
    return previous


_YES = {"是", "达标", "√", "✓", "✔", "Y", "YES", "y", "yes", "合格", "TRUE", "True"}
_NO = {"否", "未达标", "不达标", "×", "✗", "✘", "N", "NO", "n", "no", "不合格", "FALSE", "False"}
_VERDICTS = {"达标": Verdict.MET, "是": Verdict.MET, "已达标": Verdict.MET, "√": Verdict.MET,
             "未达标": Verdict.NOT_MET, "否": Verdict.NOT_MET, "不达标": Verdict.NOT_MET,
             "×": Verdict.NOT_MET, "未评估": Verdict.NOT_ASSESSED,
             "不适用": Verdict.NOT_APPLICABLE}
_NOTE = re.compile(r"小学\s*(\d+)\s*所.*?小学部\s*(\d+)\s*所.*?(\d+)\s*人及以上教学点\s*(\d+)\s*个"
                   r".*?初中\s*(\d+)\s*所.*?初中部\s*(\d+)\s*所.*?完全中学初中部\s*(\d+)\s*所")


def parse_note(text: str) -> tuple[SchoolNote, int] | None:
    """The school counts of the note under Table Ⅱ-2 / Ⅲ, and its teaching-point threshold.

    Parameters
    ----------
    text : str
        The note as printed (``"注：小学14所（其中一贯制学校小学部3所，50人及以上教学点1个）；…"``).

    Returns
    -------
    (SchoolNote, int) or None
        ``None`` when the note does not give the counts in the form's wording.
    """
    m = _NOTE.search(_norm(text).replace(" ", ""))
    if m is None:
        return None
    p, ps, pmin, pp, j, js, jc = (int(x) for x in m.groups())
    return SchoolNote(primary=p, primary_sections=ps, primary_points=pp, junior=j,
                      junior_sections=js, junior_complete=jc), pmin


def _parse_blanks(t: TableId, number: int, value: str
                  ) -> tuple[tuple[str, Figure], ...] | None:
    tpl = TEMPLATES.get((t.value, number))
    if tpl is None:
        return None
    text = _norm(value).replace(",", "")
    pos = 0
    out: list[tuple[str, Figure]] = []
    for key, label, unit, dec in tpl:
        lab = re.escape(_norm(label))
        m = re.compile(lab + r"\s*[:：为是]?\s*(" + NOT_GIVEN + r"|[-—]+|\d+(?:\.\d+)?)?").search(
            text, pos)
        if m is None:
            out.append((key, BLANK))
            continue
        pos = m.end()
        num = m.group(1)
        if num is None or not num[0].isdigit():
            out.append((key, BLANK))
        else:
            printed = len(num.split(".")[1]) if "." in num else 0
            out.append((key, Figure(num, Fraction(num), printed)))
    return tuple(out)


def read_declaration_form(path: str | Path) -> DeclarationForm:
    """Read a filled declaration form (申报表) from an Excel workbook (.xlsx).

    Parameters
    ----------
    path : str or pathlib.Path
        The workbook: the tables on separate sheets (any names) or one after
        another on one sheet, each under its title (``表Ⅱ-2 …``, ``表2-2 …``)
        with its row of L-codes.

    Returns
    -------
    DeclarationForm
        The printed values exactly as the file shows them (each
        :class:`~qbalance.form.Figure`'s ``exact`` is the printed value), with
        :attr:`~qbalance.form.DeclarationForm.source` telling where each table,
        row and column is.  Tables not found are empty and listed in
        ``source.missing``.

    Raises
    ------
    FormReadError
        Every problem of the file at once (no table found, a table without its
        row of L-codes, a value that is not a number, a required value blank, …),
        each with its sheet, row and column.
    DataError
        The file cannot be opened as a workbook.
    MissingDependencyError
        openpyxl (the ``excel`` extra) is not installed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from qbalance import (declaration_form, evaluate_county, example_county,
    ...                       write_declaration_form)
    >>> from qbalance.form.read import read_declaration_form
    >>> county = example_county()                       # constructed data
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "form.xlsx"
    >>> form = write_declaration_form(declaration_form(evaluate_county(county), county), path)
    >>> back = read_declaration_form(path)
    >>> back.county, back.schools.rows[0].name, back.schools.rows[0].values[0].text
    ('示例县', '城关第一小学', '7.96')
    >>> str(back.source.cell("II-2", 0, "L7"))
    '表Ⅱ-2!G6'
    """
    openpyxl = require("openpyxl", "reading a declaration form")
    p = Path(path)
    try:
        wb = openpyxl.load_workbook(p, data_only=True)
    except OSError as exc:
        raise DataError(message("form.not_workbook", path=str(p), reason=os_reason(exc)),
                        field="path", value=str(p)) from exc
    except (ValueError, KeyError) as exc:
        raise DataError(message("form.not_workbook", path=str(p), reason=str(exc)),
                        field="path", value=str(p)) from exc
    except Exception as exc:  # zipfile.BadZipFile and openpyxl's own errors
        raise DataError(message("form.not_workbook", path=str(p), reason=str(exc)),
                        field="path", value=str(p)) from exc
    rd = _Reader(p)
    blocks = _find_tables(wb)
    if not blocks:
        first = wb.worksheets[0].title if wb.worksheets else "?"
        raise FormReadError([Problem(f"{first}!A1", "表", None,
                                     message("form.no_table"))], source=str(p))
    county, year = "", None
    titles: dict[str, CellRef] = {}
    tables: dict[TableId, Any] = {}
    for tid, sheet, start, end, grid in blocks:
        if tid.value in titles:
            ref = titles[tid.value]
            rd.problem(sheet, start + 1, 1, f"表{tid.number}", _norm(grid[start][0].value),
                       message("form.table_twice", table=tid.number, ref=ref))
            continue
        col0 = next(i for i, c in enumerate(grid[start]) if _norm(c.value))
        titles[tid.value] = CellRef(sheet, start + 1, col0 + 1)
        for r in range(start, min(end, start + 4)):
            line = " ".join(_norm(c.value) for c in grid[r] if _norm(c.value))
            if not county and (m := _HEADING.search(line)):
                county = m.group(1).replace("（构造数据）", "")
            if year is None and (y := _YEAR.search(line)):
                year = int(y.group(1))
        tables[tid] = _read_table(rd, tid, sheet, start, end, grid)
    if rd.problems:
        raise FormReadError(rd.problems, source=str(p))
    missing = tuple(t.value for t in TableId if t not in tables)
    src = FormSource(path=str(p), tables=titles, rows=rd.rows, columns=rd.columns, missing=missing)
    empty_names: tuple[str, ...] = ()
    schools = tables.get(TableId.SCHOOLS) or SchoolRowsTable(codes=(), names=empty_names, rows=(),
                                                             note=None)
    form = DeclarationForm(
        county=county or _norm(wb.properties.title or "").split(" ")[0], year=year,
        standard_id="",
        basics=tables.get(TableId.BASICS) or BasicsTable(tuple(BLANK for _ in BASICS_COLUMNS)),
        rule_summary=tables.get(TableId.RULE_SUMMARY) or RuleSummaryTable((), (), ()),
        schools=schools, cvs=tables.get(TableId.CVS) or CVTable(codes=(), names=(), rows=()),
        guarantee=tables.get(TableId.GUARANTEE), quality=tables.get(TableId.QUALITY),
        survey=tables.get(TableId.SURVEY), source=src)
    return form


def _read_table(rd: _Reader, tid: TableId, sheet: str, start: int, end: int,
                grid: list[list[_Cell]]) -> Any:
    # the row of L-codes
    code_row = None
    codes: dict[str, int] = {}
    for r in range(start + 1, end):
        found = {}
        for c, gc in enumerate(grid[r]):
            m = _CODE.match(_norm(gc.value))
            if m and f"L{int(m.group(1))}" not in found:
                found[f"L{int(m.group(1))}"] = c
        if len(found) >= 2:
            code_row, codes = r, found
            break
    if code_row is None:
        rd.problem(sheet, start + 1, 1, f"表{tid.number}", _norm(grid[start][0].value),
                   message("form.no_codes_row"))
        return None
    headers = {c: " ".join(dict.fromkeys(_norm(grid[r][c].value) for r in range(start + 1,
                                                                             code_row)))
               for c in range(len(grid[code_row]))}
    for code, c in codes.items():
        rd.columns[(tid.value, code)] = c + 1
    first_code_col = min(codes.values())
    data: list[int] = []
    notes: list[str] = []
    for r in range(code_row + 1, end):
        texts = [_norm(c.value) for c in grid[r]]
        if not any(texts):
            continue
        lead = next(t for t in texts if t)
        if lead.startswith("注") or lead.startswith("说明") or lead.startswith("填表") or notes:
            notes.append(lead)
            continue
        data.append(r)

    def cell(r: int, code: str) -> _Cell | None:
        c = codes.get(code)
        if c is None or c >= len(grid[r]):
            return None
        return grid[r][c]

    def label(r: int) -> str:
        return " ".join(dict.fromkeys(_norm(grid[r][c].value) for c in range(first_code_col)
                                      if _norm(grid[r][c].value)))

    def need(*wanted: str) -> bool:
        lacking = [w for w in wanted if w not in codes]
        if lacking:
            rd.problem(sheet, code_row + 1, 1, f"表{tid.number}", ", ".join(lacking),
                       message("form.codes_lacking", codes=", ".join(lacking)))
        return not lacking

    if tid in (TableId.BASICS, TableId.SURVEY):
        for k, r in enumerate(data):
            rd.rows[(tid.value, k)] = r + 1
    if tid is TableId.BASICS:
        if not data:
            return BasicsTable(tuple(BLANK for _ in BASICS_COLUMNS))
        r = data[0]
        figs = []
        for col in BASICS_COLUMNS:
            dec = 2 if col.code in ("L1", "L2") else 0
            c = codes.get(col.code, 0) + 1
            figs.append(rd.figure(tid, sheet, r + 1, c, cell(r, col.code), col.code,
                                  decimals=dec))
        return BasicsTable(tuple(figs))
    if tid is TableId.RULE_SUMMARY or tid is TableId.CVS:
        return _read_segment_table(rd, tid, sheet, data, codes, cell, label, notes, headers)
    if tid is TableId.SCHOOLS:
        return _read_schools(rd, sheet, data, codes, cell, notes, headers, grid, need)
    if tid in (TableId.GUARANTEE, TableId.QUALITY):
        if not need("L1", "L2"):
            return None
        items = []
        seen: set[int] = set()
        for k, r in enumerate(data):
            num_text = label(r)
            m = re.match(r"\d+", num_text) or re.match(r"\d+", rd.text(cell(r, "L1")))
            if m is None:
                rd.problem(sheet, r + 1, 1, f"表{tid.number} 序号", num_text or None,
                           message("form.item_no_number"))
                continue
            number = int(m.group(0))
            if number in seen:
                rd.problem(sheet, r + 1, 1, f"表{tid.number} 序号", number,
                           message("form.item_twice"))
                continue
            seen.add(number)
            rd.rows[(tid.value, number - 1)] = r + 1
            value = rd.text(cell(r, "L2"))
            vtext = rd.text(cell(r, "L3"))
            verdict = _VERDICTS.get(vtext.replace(" ", "")) if vtext else None
            if vtext and verdict is None:
                rd.problem(sheet, r + 1, codes.get("L3", 0) + 1, f"表{tid.number} L3", vtext,
                           message("form.item_verdict"))
            blanks = _parse_blanks(tid, number, value) or ()
            items.append(ItemRow(number=number, indicator=rd.text(cell(r, "L1")), value=value,
                                 blanks=blanks, verdict=verdict))
        return ItemsTable(tid, tuple(sorted(items, key=lambda i: i.number)))
    if tid is TableId.SURVEY:
        rows = []
        for k, r in enumerate(data):
            lab = " ".join(dict.fromkeys(_raw(grid[r][c].value) for c in range(
                first_code_col) if _raw(grid[r][c].value))) or "合计"
            figs = []
            for col in SURVEY_COLUMNS[1:]:
                c = codes.get(col.code, 0) + 1
                pct = col.code in ("L4", "L7")
                figs.append(rd.figure(tid, sheet, r + 1, c, cell(r, col.code), col.code,
                                      integer=not pct))
            rows.append(SurveyRow(lab, tuple(figs)))
        return SurveyTable(tuple(rows))
    return None


def _read_segment_table(rd: _Reader, tid: TableId, sheet: str, data: Sequence[int],
                        codes: dict[str, int], cell: Any, label: Any, notes: Sequence[str],
                        headers: dict[int, str]) -> Any:
    ind_codes = sorted((c for c in codes), key=lambda c: int(c[1:]))
    n = len(ind_codes) - 1            # the last column is the composite / overall verdict
    names = tuple(headers.get(codes[c], c) for c in ind_codes[:n])
    seg_rows: dict[tuple[Segment, str], tuple[int, list[Figure]]] = {}
    for r in data:
        lab = label(r)
        seg = Segment.JUNIOR if "初中" in lab else Segment.PRIMARY if "小学" in lab else None
        if tid is TableId.RULE_SUMMARY:
            item = "share" if ("比例" in lab or "%" in lab) else "count" if (
                "总数" in lab or "数" in lab) else None
        else:
            item = "cv" if ("差异系数" in lab or "CV" in lab.upper()) else "mean" if (
                "均值" in lab or "平均" in lab) else None
        if seg is None or item is None:
            rd.problem(sheet, r + 1, 1, f"表{tid.number} 学段/项目", lab or None,
                       message("form.row_unknown_rule" if tid is TableId.RULE_SUMMARY
                               else "form.row_unknown_cv"))
            continue
        if (seg, item) in seg_rows:
            rd.problem(sheet, r + 1, 1, f"表{tid.number} 学段/项目", lab,
                       message("form.row_twice"))
            continue
        figs: list[Figure] = []
        for code in ind_codes:
            c = codes[code] + 1
            is_last = code == ind_codes[-1]
            if tid is TableId.RULE_SUMMARY:
                dec = 2 if item == "share" else 0
                figs.append(rd.figure(tid, sheet, r + 1, c, cell(r, code), code, decimals=dec,
                                      integer=item == "count"))
            elif item == "mean" and is_last:
                figs.append(BLANK)
            else:
                figs.append(rd.figure(tid, sheet, r + 1, c, cell(r, code), code,
                                      decimals=3 if item == "cv" else 2))
        seg_rows[(seg, item)] = (r, figs)
    order = {Segment.PRIMARY: 0, Segment.JUNIOR: 1}
    keys = sorted(seg_rows, key=lambda k: (order[k[0]], k[1] not in ("count", "mean")))
    for k, key in enumerate(keys):
        rd.rows[(tid.value, k)] = seg_rows[key][0] + 1
    if tid is TableId.RULE_SUMMARY:
        return RuleSummaryTable(tuple(ind_codes[:n]), names, tuple(
            RuleSummaryRow(seg, item, tuple(seg_rows[(seg, item)][1])) for seg, item in keys))
    out = []
    for seg in (Segment.PRIMARY, Segment.JUNIOR):
        mean = seg_rows.get((seg, "mean"))
        cv = seg_rows.get((seg, "cv"))
        if mean is None and cv is None:
            continue
        means = tuple(mean[1][:n]) if mean else tuple(BLANK for _ in range(n))
        cvs = tuple(cv[1][:n]) if cv else tuple(BLANK for _ in range(n))
        comp = cv[1][n] if cv else BLANK
        out.append(CVRow(seg, means, cvs, comp))
    note, pmin = None, 50
    for t in notes:
        parsed = parse_note(t)
        if parsed is not None:
            note, pmin = parsed
    return CVTable(codes=tuple(ind_codes[:n]), names=names, rows=tuple(out), note=note,
                   points_min=pmin)


def _read_schools(rd: _Reader, sheet: str, data: Sequence[int], codes: dict[str, int],
                  cell: Any, notes: Sequence[str], headers: dict[int, str],
                  grid: list[list[_Cell]], need: Any) -> SchoolRowsTable | None:
    tid = TableId.SCHOOLS
    if not need("L2", "L4"):
        return None
    nums = sorted((int(c[1:]) for c in codes if int(c[1:]) >= 7), key=int)
    if not nums:
        rd.problem(sheet, data[0] + 1 if data else 1, 1, "表Ⅱ-2", None,
                   message("form.no_indicator_columns"))
        return None
    verdict_code = f"L{nums[-1]}"
    ind = [f"L{k}" for k in nums[:-1]]
    names = tuple(headers.get(codes[c], c) for c in ind)
    remark_col = next((c for c, h in headers.items() if "备注" in h),
                      codes[verdict_code] + 1)
    rd.columns[(tid.value, "remark")] = remark_col + 1
    rows: list[SchoolRow] = []
    seg = Segment.PRIMARY
    last_serial = 0
    position = 0
    for r in data:
        name = rd.text(cell(r, "L2"))
        others = [rd.text(cell(r, c)) for c in ("L4", *ind)]
        if name and not any(others) and name.replace(" ", "") in ("小学", "初中", "一、小学",
                                                                 "二、初中", "小学部分",
                                                                 "初中部分"):
            seg = Segment.JUNIOR if "初中" in name else Segment.PRIMARY   # a section label row
            continue
        if not name:
            rd.problem(sheet, r + 1, codes["L2"] + 1, "表Ⅱ-2 L2", None,
                       message("form.name_blank"))
            continue
        serial_fig = rd.figure(tid, sheet, r + 1, codes.get("L1", 0) + 1, cell(r, "L1"), "L1",
                               integer=True) if "L1" in codes else BLANK
        serial = int(serial_fig.text) if not serial_fig.blank else position + 1
        new_seg = _segment_of(name, seg)
        if position > 0 and serial <= last_serial and seg is Segment.PRIMARY:
            new_seg = Segment.JUNIOR     # numbering restarts with the junior rows
        if new_seg is Segment.PRIMARY and seg is Segment.JUNIOR and _segment_of(
                name, Segment.JUNIOR) is Segment.PRIMARY and "小学" not in name:
            new_seg = Segment.JUNIOR
        seg = new_seg
        last_serial = serial
        pupils = rd.figure(tid, sheet, r + 1, codes["L4"] + 1, cell(r, "L4"), "L4",
                           required=True, integer=True)
        if not pupils.blank and pupils.exact == 0:
            rd.problem(sheet, r + 1, codes["L4"] + 1, "表Ⅱ-2 L4", 0,
                       message("form.no_pupils"))
        owner = rd.figure(tid, sheet, r + 1, codes.get("L3", 0) + 1, cell(r, "L3"), "L3",
                          integer=True) if "L3" in codes else BLANK
        if not owner.blank and not 1 <= int(owner.text) <= 10:
            rd.problem(sheet, r + 1, codes["L3"] + 1, "表Ⅱ-2 L3", owner.text,
                       message("form.owner_code"))
        grades = rd.figure(tid, sheet, r + 1, codes.get("L5", 0) + 1, cell(r, "L5"), "L5",
                           integer=True) if "L5" in codes else BLANK
        classes = rd.figure(tid, sheet, r + 1, codes.get("L6", 0) + 1, cell(r, "L6"), "L6",
                            integer=True) if "L6" in codes else BLANK
        values = tuple(rd.figure(tid, sheet, r + 1, codes[c] + 1, cell(r, c), c, decimals=2,
                                 required=True) for c in ind)
        vtext = rd.text(cell(r, verdict_code)).replace(" ", "")
        meets: bool | None = True if vtext in _YES else False if vtext in _NO else None
        if vtext and meets is None:
            rd.problem(sheet, r + 1, codes[verdict_code] + 1, f"表Ⅱ-2 {verdict_code}", vtext,
                       message("form.school_verdict"))
        remark = _raw(grid[r][remark_col].value) if remark_col < len(grid[r]) else ""
        rd.rows[(tid.value, position)] = r + 1
        rows.append(SchoolRow(
            serial=serial, segment=seg, school_id="", name=name,
            owner_type=None if owner.blank else int(owner.text),
            pupils=0 if pupils.blank else int(pupils.text),
            grades=None if grades.blank else int(grades.text),
            classes=None if classes.blank else int(classes.text), values=values, meets=meets,
            remark=remark, section=bool(re.search(r"(小学部|初中部)\)?$", _norm(name)))))
        position += 1
    note, pmin = None, 50
    for t in notes:
        parsed = parse_note(t)
        if parsed is not None:
            note, pmin = parsed
    if (note is not None and note.junior and note.primary + note.junior == len(rows)
            and not any(r.segment is Segment.JUNIOR for r in rows)):
        # nothing in the rows tells the segments apart: the note's counts do
        rows = [attrs.evolve(r, segment=Segment.JUNIOR) if k >= note.primary else r
                for k, r in enumerate(rows)]
    return SchoolRowsTable(codes=tuple(c for c in ind), names=names, rows=tuple(rows), note=note,
                           points_min=pmin)
