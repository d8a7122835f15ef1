"""Write the declaration form (申报表) as an Excel workbook, Markdown or HTML.

The workbook has one sheet per table, laid out as the form: the title row
(``表Ⅱ-2 资源配置基本情况（分学校）``), the county line, header rows with merged
group headers, the row of L-codes, the data rows and the notes; Chinese headers,
A4 landscape print set-up repeating the header rows, column widths that fit and
frozen header rows.  Numbers are stored as numbers with the form's number of
decimals as their display format, so the sheet shows what the form prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qbalance._optional import require
from qbalance._messages import message, os_reason
from qbalance.errors import DataError
from qbalance.form.tables import DeclarationForm, Figure

__all__ = ["FIRST_DATA_ROW", "write_declaration_form"]

#: Layout of every sheet: title (1), county line (2), group headers (3), headers (4),
#: L-codes (5), data from row 6.
TITLE_ROW, HEADING_ROW, GROUP_ROW, HEADER_ROW, CODE_ROW, FIRST_DATA_ROW = 1, 2, 3, 4, 5, 6


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _value(x: Any) -> tuple[Any, str | None]:
    """The cell value and its number format."""
    if isinstance(x, Figure):
        if x.blank:
            return None, None
        try:
            if x.decimals == 0:
                return int(x.text.replace(",", "")), "0"
            return float(x.text), "0." + "0" * x.decimals
        except ValueError:
            return x.text, None
    if isinstance(x, bool):
        return ("是" if x else "否"), None
    if x is None:
        return None, None
    if isinstance(x, int):
        return x, "0"
    return str(x), None


def _styles(wb: Any) -> None:
    """Named cell styles, registered once: assigning one is cheap (no style hashing)."""
    styles = require("openpyxl.styles", "writing the declaration form")
    thin = styles.Side(style="thin")
    border = styles.Border(left=thin, right=thin, top=thin, bottom=thin)
    head = styles.NamedStyle(name="qb_head", font=styles.Font(bold=True), border=border,
                             alignment=styles.Alignment(horizontal="center",
                                                        vertical="center", wrap_text=True))
    wb.add_named_style(head)
    wb.add_named_style(styles.NamedStyle(
        name="qb_text", border=border,
        alignment=styles.Alignment(vertical="center", wrap_text=True)))
    for places in range(4):
        wb.add_named_style(styles.NamedStyle(
            name=f"qb_num{places}", border=border,
            number_format="0" if places == 0 else "0." + "0" * places,
            alignment=styles.Alignment(horizontal="right", vertical="center")))


def _sheet(wb: Any, table: Any, form: DeclarationForm) -> None:
    styles = require("openpyxl.styles", "writing the declaration form")
    utils = require("openpyxl.utils", "writing the declaration form")
    ws = wb.create_sheet(f"表{table.id.number}")
    cols = table.columns()
    n = len(cols)
    last = utils.get_column_letter(n)

    ws.cell(TITLE_ROW, 1, table.id.caption).font = styles.Font(bold=True, size=14)
    ws.cell(TITLE_ROW, 1).alignment = styles.Alignment(horizontal="center")
    ws.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    ws.cell(HEADING_ROW, 1, form.heading())
    ws.merge_cells(f"A{HEADING_ROW}:{last}{HEADING_ROW}")

    # group headers (merged across their columns); ungrouped headers span rows 3-4
    j = 0
    while j < n:
        g = cols[j].group
        k = j
        while k + 1 < n and g is not None and cols[k + 1].group == g:
            k += 1
        if g is None:
            ws.cell(GROUP_ROW, j + 1, cols[j].zh)
            ws.merge_cells(start_row=GROUP_ROW, start_column=j + 1, end_row=HEADER_ROW,
                           end_column=j + 1)
        else:
            ws.cell(GROUP_ROW, j + 1, g)
            if k > j:
                ws.merge_cells(start_row=GROUP_ROW, start_column=j + 1, end_row=GROUP_ROW,
                               end_column=k + 1)
            for c in range(j, k + 1):
                ws.cell(HEADER_ROW, c + 1, cols[c].zh)
        j = k + 1
    for c, col in enumerate(cols, start=1):
        ws.cell(CODE_ROW, c, col.code or None)
        for r in (GROUP_ROW, HEADER_ROW, CODE_ROW):
            ws.cell(r, c).style = "qb_head"

    rows = table.cells()
    widths = [max(4, min(_width(col.zh), 24)) for col in cols]
    for i, row in enumerate(rows):
        for c, x in enumerate(row, start=1):
            v, fmt = _value(x)
            cell = ws.cell(FIRST_DATA_ROW + i, c, v)
            cell.style = "qb_text" if fmt is None else f"qb_num{len(fmt) - 2 if '.' in fmt else 0}"
            if v is not None:
                widths[c - 1] = max(widths[c - 1], min(_width(str(
                    x.text if isinstance(x, Figure) else v)) + 2, 60))
    # the segment label of Tables II-1 and III is merged over its rows
    if table.id.value in ("II-1", "III") and rows:
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i][0] != rows[start][0]:
                if i - start > 1:
                    ws.merge_cells(start_row=FIRST_DATA_ROW + start, start_column=1,
                                   end_row=FIRST_DATA_ROW + i - 1, end_column=1)
                start = i
    r = FIRST_DATA_ROW + len(rows) + 1
    for note in table.notes():
        ws.cell(r, 1, note)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n)
        ws.cell(r, 1).alignment = styles.Alignment(wrap_text=True, vertical="top")
        r += 1
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[utils.get_column_letter(c)].width = w + 1
    ws.row_dimensions[HEADER_ROW].height = 48
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{TITLE_ROW}:{CODE_ROW}"
    ws.print_options.horizontalCentered = True


def write_declaration_form(form: DeclarationForm, path: str | Path) -> Path:
    """Write ``form`` to ``path``: an Excel workbook (.xlsx), Markdown (.md) or HTML (.html).

    Parameters
    ----------
    form : DeclarationForm
        From :func:`qbalance.declaration_form`.
    path : str or pathlib.Path
        Where to write; the suffix decides the format (``.xlsx`` needs the
        ``excel`` extra, openpyxl).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    DataError
        An unknown suffix, or the file cannot be written.
    MissingDependencyError
        openpyxl is not installed (for .xlsx).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from qbalance import declaration_form, evaluate_county, example_county
    >>> from qbalance import write_declaration_form
    >>> county = example_county()                   # constructed data
    >>> form = declaration_form(evaluate_county(county), county)
    >>> out = write_declaration_form(form, pathlib.Path(tempfile.mkdtemp()) / "form.xlsx")
    >>> import openpyxl
    >>> openpyxl.load_workbook(out).sheetnames
    ['表Ⅰ', '表Ⅱ-1', '表Ⅱ-2', '表Ⅲ', '表Ⅳ', '表Ⅴ', '表Ⅵ']
    """
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if suffix in (".md", ".markdown"):
            p.write_text(form.to_markdown(), encoding="utf-8")
            return p
        if suffix in (".html", ".htm"):
            p.write_text("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>申报表</title>"
                         f"</head><body>{form.to_html()}</body></html>\n", encoding="utf-8")
            return p
        if suffix != ".xlsx":
            raise DataError(message("form.suffix", name=p.name),
                            field="path", value=str(p))
        openpyxl = require("openpyxl", "writing the declaration form as .xlsx")
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        _styles(wb)
        for t in form.tables:
            _sheet(wb, t, form)
        wb.properties.title = f"{form.county} 全国义务教育优质均衡发展县（市、区）申报表"
        wb.save(p)
    except OSError as exc:
        raise DataError(message("form.cannot_write", path=str(p), reason=os_reason(exc)),
                        field="path",
                        value=str(p)) from exc
    return p
