"""Excel workbook of the resource evaluation with live formulas (资源配置计算表).

An inspector who trusts Excel can trace every 差异系数: per segment, one sheet
holds the standard's thresholds, limits and floors in cells, every school's pupils
and the numerators of the seven indicators as numbers, and everything else as
formulas over those cells:

* each school's indicator value ``= numerator × share × per / pupils`` (the share
  of a combined school's whole-school stock, 1 otherwise);
* whether it meets the standard and whether it is below the floor, the count of
  indicators met and the per-school verdict, against the thresholds in the cells;
* the county mean ``= SUMPRODUCT(pupils, values) / SUM(pupils)``, the standard
  deviation ``= SQRT(SUMPRODUCT(pupils, (values - mean)^2) / SUM(pupils))`` and the
  CV ``= std / mean`` (the official student-weighted formula of 教督〔2017〕6号,
  article 7), the composite CV, and the CV and segment verdicts.

Every formula cell also carries its cached value, the figure qbalance computed
(Excel shows it before recalculating; recalculation gives the same figure to
within float rounding, checked in the tests by an independent evaluator).  An
undefined CV (every school has 0 of the indicator) is ``#DIV/0!``, as Excel
computes it.  Excel compares in floating point: a value that equals its standard
(or a CV that equals its limit) only in exact arithmetic, which qbalance decides
exactly, may show the other verdict after Excel recalculates; the cached verdicts
are qbalance's.

The workbook is written by a small streaming writer of the Office Open XML
format (no dependency; 200 000 schools write in constant memory per row).
Headers are Chinese by default, English with ``lang="en"``.

>>> import tempfile, zipfile
>>> from pathlib import Path
>>> from qbalance import evaluate_resources, example_county
>>> from qbalance.report_xlsx import write_workbook
>>> county = example_county()
>>> with tempfile.TemporaryDirectory() as d:
...     path = write_workbook(evaluate_resources(county), Path(d) / "计算表.xlsx", county=county)
...     sorted(n for n in zipfile.ZipFile(path).namelist() if n.startswith("xl/worksheets/"))
['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml', 'xl/worksheets/sheet3.xml', 'xl/worksheets/sheet4.xml']
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from qbalance._messages import check_lang, message
from qbalance._text import col_letter
from qbalance.errors import DataError
from qbalance.models import County, School
from qbalance.standard import Standard, load_standard
from qbalance.vocab import Lang

__all__ = ["write_workbook"]

# -- a minimal streaming writer of .xlsx (SpreadsheetML) ------------------------------

#: Cell styles (indices into cellXfs of the style sheet below).
_PLAIN, _BOLD, _INPUT, _TITLE = 0, 1, 2, 3

_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="3"><font><sz val="11"/><name val="等线"/></font>
<font><b/><sz val="11"/><name val="等线"/></font><font><b/><sz val="14"/><name val="等线"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


class Formula:
    """A formula cell: the formula text (without ``=``) and its cached value."""

    __slots__ = ("cached", "text")

    def __init__(self, text: str, cached: float | str | bool | None) -> None:
        self.text = text
        self.cached = cached


Cell = float | int | str | bool | Formula | None


def _num(v: float | int) -> str:
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    if v != v or v in (float("inf"), float("-inf")):
        raise DataError(message("xlsx.not_finite", value=v),
                        value=v)
    return repr(float(v))


def _cell_xml(ref: str, v: Cell, style: int) -> str:
    s = f' s="{style}"' if style else ""
    if v is None:
        return f'<c r="{ref}"{s}/>' if style else ""
    if isinstance(v, Formula):
        f = f"<f>{escape(v.text)}</f>"
        c = v.cached
        if c is None:
            return f'<c r="{ref}"{s}>{f}</c>'
        if isinstance(c, bool):
            return f'<c r="{ref}"{s} t="b">{f}<v>{int(c)}</v></c>'
        if isinstance(c, str):
            return f'<c r="{ref}"{s} t="str">{f}<v>{escape(c)}</v></c>'
        if c != c:  # nan: an undefined figure (a CV of mean 0) is Excel's division error
            return f'<c r="{ref}"{s} t="e">{f}<v>#DIV/0!</v></c>'
        return f'<c r="{ref}"{s}>{f}<v>{_num(c)}</v></c>'
    if isinstance(v, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(v)}</v></c>'
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"{s}><v>{_num(v)}</v></c>'
    text = escape(str(v))
    sp = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{sp}>{text}</t></is></c>'


#: A row's style: one for every cell, or one per cell (missing ones plain).
Style = int | Sequence[int]


class _Sheet:
    def __init__(self, name: str, rows: Iterable[tuple[int, Sequence[Cell], Style]],
                 widths: Sequence[float] = (), freeze: str | None = None) -> None:
        self.name, self.rows, self.widths, self.freeze = name, rows, widths, freeze

    def write(self, zf: zipfile.ZipFile, arcname: str) -> None:
        with zf.open(arcname, "w", force_zip64=True) as fh:
            def w(text: str) -> None:
                fh.write(text.encode("utf-8"))
            w('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            if self.freeze:
                w(f'<sheetViews><sheetView workbookViewId="0"><pane ySplit='
                  f'"{int(self.freeze[1:]) - 1}" topLeftCell="{self.freeze}" activePane='
                  f'"bottomLeft" state="frozen"/></sheetView></sheetViews>')
            if self.widths:
                w("<cols>" + "".join(f'<col min="{j + 1}" max="{j + 1}" width="{wd}" '
                                     'customWidth="1"/>' for j, wd in enumerate(self.widths))
                  + "</cols>")
            w("<sheetData>")
            buf: list[str] = []
            for r, cells, style in self.rows:
                if isinstance(style, int):
                    xml = "".join(_cell_xml(f"{col_letter(j)}{r}", v, style)
                                  for j, v in enumerate(cells))
                else:
                    xml = "".join(_cell_xml(f"{col_letter(j)}{r}", v,
                                            style[j] if j < len(style) else _PLAIN)
                                  for j, v in enumerate(cells))
                buf.append(f'<row r="{r}">{xml}</row>')
                if len(buf) >= 2000:
                    w("".join(buf))
                    buf.clear()
            w("".join(buf))
            w("</sheetData></worksheet>")


def _write_xlsx(path: Path, sheets: Sequence[_Sheet]) -> None:
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.spreadsheetml.styles+xml"/>'
          + "".join(f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    for k in range(1, len(sheets) + 1)) + "</Types>")
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
          '<sheets>' + "".join(f'<sheet name="{escape(s.name)}" sheetId="{k}" r:id="rId{k}"/>'
                               for k, s in enumerate(sheets, start=1))
          + '</sheets><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>')
    wrels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             + "".join(f'<Relationship Id="rId{k}" Type="http://schemas.openxmlformats.org/'
                       f'officeDocument/2006/relationships/worksheet" '
                       f'Target="worksheets/sheet{k}.xml"/>' for k in range(1, len(sheets) + 1))
             + f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/'
               'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
             '</Relationships>')
    tmp = path.with_name(path.name + ".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=5) as zf:
        zf.writestr("[Content_Types].xml", ct)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.xml", wb)
        zf.writestr("xl/_rels/workbook.xml.rels", wrels)
        zf.writestr("xl/styles.xml", _STYLES)
        for k, s in enumerate(sheets, start=1):
            s.write(zf, f"xl/worksheets/sheet{k}.xml")
    tmp.replace(path)


# -- the evaluation as sheets ---------------------------------------------------------

def _t(lang: Lang, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _ok(passed: bool, lang: Lang) -> str:
    return _t(lang, "达标", "met") if passed else _t(lang, "未达标", "not met")


#: Layout of a segment sheet: the standard's block at the top, the school table below.
_IND0 = 5            # first column of the indicator block (F): numerators F..L
_R_CODE, _R_NAME, _R_UNIT, _R_PER, _R_THR, _R_FLOOR, _R_LIM = 4, 5, 6, 7, 8, 9, 10
_R_MEAN, _R_STD, _R_CV, _R_CVOK, _R_NMET, _R_COMP, _R_MINMET, _R_SEG = (
    11, 12, 13, 14, 15, 16, 17, 18)
_R_HEAD = 20         # header of the school table; schools from row 21


def _segment_sheet(seg_res: Any, schools: dict[str, School], std: Standard, lang: Lang,
                   title: str) -> _Sheet:
    inds = seg_res.indicators
    k = len(inds)
    specs = {s.code: s for s in std.indicators}
    # column blocks: numerators, values, met flags, below-floor flags
    c_num = _IND0
    c_val = c_num + k
    c_met = c_val + k
    c_low = c_met + k
    c_nmet, c_nlow, c_verdict = c_low + k, c_low + k + 1, c_low + k + 2
    first = _R_HEAD + 1
    n = len(seg_res.schools)
    last = first + n - 1
    L = col_letter  # noqa: N806

    def rng(col: int) -> str:
        return f"${L(col)}${first}:${L(col)}${last}"

    pupils = rng(3)
    seg = seg_res.segment
    segname = seg.zh if lang == "zh" else seg.en.capitalize()

    def top() -> Iterator[tuple[int, Sequence[Cell], Style]]:
        yield 1, [title], _TITLE
        yield 2, [_t(lang, f"{segname}：黄色单元格为输入数据和标准值，其余为公式。县均值、标准差和差异系数按"
                           "学生数加权（教督〔2017〕6号第七条）：均值 = SUMPRODUCT(学生数, 指标值) / SUM(学生数)，"
                           "标准差 = SQRT(SUMPRODUCT(学生数, (指标值 - 均值)^2) / SUM(学生数))，差异系数 = 标准差 / 均值。",
                           f"{segname}: yellow cells are input data and the standard's values; every "
                           "other figure is a formula. Mean, standard deviation and CV are weighted by "
                           "pupils (教督〔2017〕6号 art. 7): mean = SUMPRODUCT(pupils, values) / "
                           "SUM(pupils), std = SQRT(SUMPRODUCT(pupils, (values - mean)^2) / "
                           "SUM(pupils)), CV = std / mean.")], _PLAIN
        labels = {
            _R_CODE: _t(lang, "指标代码", "Indicator"),
            _R_NAME: _t(lang, "指标名称", "Name"),
            _R_UNIT: _t(lang, "单位", "Unit"),
            _R_PER: _t(lang, "每多少名学生", "Per pupils"),
            _R_THR: _t(lang, "标准值", "Standard value"),
            _R_FLOOR: _t(lang, "最低比例（未达标指标不得低于标准值的比例）",
                         "Floor (fraction of the standard an unmet indicator must reach)"),
            _R_LIM: _t(lang, "差异系数限值", "CV limit"),
            _R_MEAN: _t(lang, "县均值（加权）", "County mean (weighted)"),
            _R_STD: _t(lang, "标准差（加权）", "Standard deviation (weighted)"),
            _R_CV: _t(lang, "差异系数", "CV"),
            _R_CVOK: _t(lang, "差异系数结论", "CV verdict"),
            _R_NMET: _t(lang, "达标学校数", "Schools meeting the standard"),
        }
        for r in range(_R_CODE, _R_NMET + 1):
            cells: list[Cell] = [labels[r]] + [None] * (c_val - 1)
            style = _BOLD if r == _R_CODE else _PLAIN
            for j, ind in enumerate(inds):
                col = c_val + j
                vc = f"{L(col)}{first}:{L(col)}{last}"
                spec = specs[ind.code]
                v: Cell
                if r == _R_CODE:
                    v = ind.code
                elif r == _R_NAME:
                    v = ind.name_zh if lang == "zh" else ind.name_en
                elif r == _R_UNIT:
                    v = ind.unit_zh if lang == "zh" else ind.unit_en
                elif r == _R_PER:
                    v = int(spec.per_pupils)
                elif r == _R_THR:
                    v = float(ind.threshold)
                elif r == _R_FLOOR:
                    v = float(spec.floor_fraction)
                elif r == _R_LIM:
                    v = float(ind.cv_limit)
                elif r == _R_MEAN:
                    v = Formula(f"SUMPRODUCT({pupils},{vc})/SUM({pupils})", ind.mean)
                elif r == _R_STD:
                    v = Formula(f"SQRT(SUMPRODUCT({pupils},({vc}-{L(col)}${_R_MEAN})^2)"
                                f"/SUM({pupils}))", ind.std)
                elif r == _R_CV:
                    v = Formula(f"{L(col)}{_R_STD}/{L(col)}{_R_MEAN}", ind.cv)
                elif r == _R_CVOK:
                    v = Formula(f'IF({L(col)}{_R_CV}<={L(col)}{_R_LIM},'
                                f'"{_ok(True, lang)}","{_ok(False, lang)}")',
                                _ok(ind.passed, lang))
                else:  # _R_NMET
                    mc = L(c_met + j)
                    v = Formula(f"SUM({mc}{first}:{mc}{last})", ind.schools_met)
                cells.append(v)
            if r in (_R_PER, _R_THR, _R_FLOOR, _R_LIM):
                yield r, cells, [_PLAIN] * c_val + [_INPUT] * k
            else:
                yield r, cells, style
        cvs = f"{L(c_val)}{_R_CV}:{L(c_val + k - 1)}{_R_CV}"
        comp_lim = seg_res.composite_cv_limit
        yield _R_COMP, ([_t(lang, "综合差异系数", "Composite CV")] + [None] * (c_val - 1)
                        + [Formula(f"AVERAGE({cvs})", seg_res.composite_cv),
                           _t(lang, "限值", "limit"),
                           float(comp_lim) if comp_lim is not None else _t(lang, "无", "none")]), \
            _PLAIN
        yield _R_MINMET, ([_t(lang, "每校至少达标项数", "Indicators each school must meet")]
                          + [None] * (c_val - 1) + [int(std.require_school_rule().min_met)]), \
            [_PLAIN] * c_val + [_INPUT]
        vcol = L(c_verdict)
        cvok = f"{L(c_val)}{_R_CVOK}:{L(c_val + k - 1)}{_R_CVOK}"
        comp_ok = ("" if comp_lim is None else
                   f"{L(c_val)}{_R_COMP}<={L(c_val + 2)}{_R_COMP},")
        yield _R_SEG, ([_t(lang, "本学段结论", "Segment verdict")] + [None] * (c_val - 1)
                       + [Formula(f'IF(AND(COUNTIF({cvok},"{_ok(True, lang)}")={k},{comp_ok}'
                                  f'COUNTIF({vcol}{first}:{vcol}{last},"{_ok(False, lang)}")=0),'
                                  f'"{_ok(True, lang)}","{_ok(False, lang)}")',
                                  _ok(seg_res.passed, lang))]), _BOLD
        head: list[Cell] = [_t(lang, "学校代码", "School id"), _t(lang, "学校名称", "School"),
                            _t(lang, "学校类型", "Kind"), _t(lang, "学生数", "Pupils"),
                            _t(lang, "分摊比例", "Share of stocks")]
        head += [f"{i.code} " + _t(lang, "原始数", "numerator") for i in inds]
        head += [f"{i.code} " + _t(lang, "指标值", "value") for i in inds]
        head += [f"{i.code} " + _t(lang, "达标", "met") for i in inds]
        head += [f"{i.code} " + _t(lang, "低于最低比例", "below floor") for i in inds]
        head += [_t(lang, "达标项数", "Indicators met"),
                 _t(lang, "低于最低比例项数", "Below the floor"), _t(lang, "校际结论", "School verdict")]
        yield _R_HEAD, head, _BOLD

    def body() -> Iterator[tuple[int, Sequence[Cell], Style]]:
        for i, s in enumerate(seg_res.schools):
            r = first + i
            school = schools.get(s.school_id)
            if school is None:
                raise DataError(message("xlsx.school_not_in_county", id=s.school_id, name=s.name),
                                school=s.school_id)
            block = school.segment(seg)
            cells: list[Cell] = [s.school_id, s.name,
                                 s.kind.zh if lang == "zh" else s.kind.value, s.pupils, s.share]
            for ind in inds:
                spec = specs[ind.code]
                src = block if spec.segment_level else school
                cells.append(float(getattr(src, spec.field)))
            for j, ind in enumerate(inds):
                spec = specs[ind.code]
                num = f"{L(c_num + j)}{r}"
                per = f"{L(c_val + j)}${_R_PER}"
                text = (f"{num}*{per}/$D{r}" if spec.segment_level
                        else f"{num}*$E{r}*{per}/$D{r}")
                cells.append(Formula(text, s.values[j]))
            for j in range(k):
                v, t = f"{L(c_val + j)}{r}", f"{L(c_val + j)}${_R_THR}"
                cells.append(Formula(f"IF({v}>={t},1,0)", int(s.met[j])))
            for j in range(k):
                v, t = f"{L(c_val + j)}{r}", f"{L(c_val + j)}${_R_THR}"
                fl = f"{L(c_val + j)}${_R_FLOOR}"
                cells.append(Formula(f"IF(AND({L(c_met + j)}{r}=0,{v}<{t}*{fl}),1,0)",
                                     int(s.below_floor[j])))
            cells.append(Formula(f"SUM({L(c_met)}{r}:{L(c_met + k - 1)}{r})", sum(s.met)))
            cells.append(Formula(f"SUM({L(c_low)}{r}:{L(c_low + k - 1)}{r})",
                                 sum(s.below_floor)))
            cells.append(Formula(
                f'IF(AND({L(c_nmet)}{r}>={L(c_val)}${_R_MINMET},{L(c_nlow)}{r}=0),'
                f'"{_ok(True, lang)}","{_ok(False, lang)}")', _ok(s.passed, lang)))
            yield r, cells, body_style

    body_style = [_PLAIN, _PLAIN, _PLAIN, _INPUT, _PLAIN] + [_INPUT] * k

    def rows() -> Iterator[tuple[int, Sequence[Cell], Style]]:
        yield from top()
        yield from body()

    widths = [14.0, 22.0, 10.0, 9.0, 10.0] + [11.0] * (4 * k) + [10.0, 12.0, 10.0]
    return _Sheet(segname, rows(), widths, freeze=f"A{first}")


def _about_sheet(res: Any, std: Standard, lang: Lang, inputs: Sequence[tuple[str, str]],
                 seg_sheets: Sequence[tuple[str, Any]]) -> _Sheet:
    def rows() -> Iterator[tuple[int, Sequence[Cell], Style]]:
        yield 1, [_t(lang, f"{res.county}（{res.year}年）资源配置计算表",
                     f"{res.county} ({res.year}): resource-allocation workbook")], _TITLE
        r = 3
        info: list[tuple[str, Cell]] = [
            (_t(lang, "评估标准", "Standard"), std.name_zh if lang == "zh" else std.name_en),
            (_t(lang, "标准出处", "Source"), std.source_text(lang)),
            (_t(lang, "标准代码", "Standard id"), std.id),
        ]
        info += [(_t(lang, "输入文件", "Input file"), f"{name}  SHA-256 {digest}")
                 for name, digest in inputs]
        if res.constructed:
            info.append((_t(lang, "注意", "Note"),
                         _t(lang, "构造的示例数据，非真实县", "constructed example data")))
        for label, v in info:
            yield r, [label, v], _PLAIN
            r += 1
        r += 1
        yield r, [_t(lang, "学段", "Segment"), _t(lang, "本学段结论", "Segment verdict"),
                  _t(lang, "综合差异系数", "Composite CV")], _BOLD
        refs = []
        for name, seg in seg_sheets:
            r += 1
            q = "'" + name.replace("'", "''") + "'"
            ref = f"{q}!{col_letter(_IND0 + len(seg.indicators))}{_R_SEG}"
            refs.append(ref)
            yield r, [name, Formula(ref, _ok(seg.passed, lang)),
                      Formula(f"{q}!{col_letter(_IND0 + len(seg.indicators))}{_R_COMP}",
                              seg.composite_cv)], _PLAIN
        r += 2
        ok = _ok(True, lang)
        cond = ",".join(f'{x}="{ok}"' for x in refs)
        yield r, [_t(lang, "资源配置结论", "Resource allocation verdict"),
                  Formula(f'IF(AND({cond}),"{ok}","{_ok(False, lang)}")',
                          _ok(res.passed, lang))], _BOLD
        r += 2
        yield r, [_t(lang, "说明：每个学段一张工作表；学校行中的指标值、达标标记、校际结论以及县均值、标准差、"
                           "差异系数和结论均为公式，修改输入数据或标准值后 Excel 会重新计算。",
                     "Notes: one sheet per segment; school values, met marks, school verdicts and "
                     "the county means, standard deviations, CVs and verdicts are formulas that "
                     "Excel recalculates when an input or a standard value is changed.")], _PLAIN

    return _Sheet(_t(lang, "说明", "About"), rows(), (24.0, 60.0, 14.0))


def _exclusion_sheet(res: Any, lang: Lang) -> _Sheet:
    def rows() -> Iterator[tuple[int, Sequence[Cell], Style]]:
        yield 1, [_t(lang, "学校代码", "School id"), _t(lang, "学校名称", "School"),
                  _t(lang, "学校类型", "Kind"), _t(lang, "原因", "Reason")], _BOLD
        for r, e in enumerate(res.exclusions, start=2):
            yield r, [e.school_id, e.name, e.kind.zh if lang == "zh" else e.kind.value,
                      e.detail_zh if lang == "zh" else e.detail_en], _PLAIN

    return _Sheet(_t(lang, "未纳入计算的学校", "Schools left out"), rows(), (14.0, 22.0, 12.0, 50.0))


def write_workbook(result: Any, path: str | Path, *, county: County,
                   standard: Standard | str | None = None, lang: Lang = "zh",
                   inputs: Sequence[tuple[str, str]] = ()) -> Path:
    """Write the resource evaluation as an Excel workbook whose figures are live formulas.

    One sheet per segment (the standard's values in cells, the schools' pupils and
    numerators, every indicator value, verdict, county mean, standard deviation
    and CV as a formula with qbalance's figure cached), a "说明" sheet with the
    standard, the input files and the verdicts, and the schools left out.

    Parameters
    ----------
    result : ResourceEvaluation or CountyEvaluation
        The evaluation (a county evaluation's resource part is used).
    path : str or pathlib.Path
        The ``.xlsx`` file to write (replaced if it exists).
    county : County
        The county that was evaluated: the numerators come from its schools.
    standard : Standard or str, optional
        The standard applied (default: the shipped standard of ``result.standard_id``).
    lang : {"zh", "en"}
        Language of the headers and verdicts (Chinese by default).
    inputs : sequence of (str, str)
        Input file names and their SHA-256 digests, listed on the "说明" sheet.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    DataError
        ``result`` has no resource part, or a school of the result is not in ``county``.
    """
    lang = check_lang(lang)
    res = result if hasattr(result, "exclusions") else getattr(result, "resources", None)
    if res is None or not hasattr(res, "segments"):
        raise DataError(message("xlsx.needs_resources"), field="result")
    std = (load_standard(res.standard_id) if standard is None else
           load_standard(standard) if isinstance(standard, str) else standard)
    std.require_2017_form("write_workbook")
    schools = {s.id: s for s in county.schools}
    title_county = f"{res.county}（{res.year}年）" if lang == "zh" else f"{res.county} ({res.year})"
    seg_sheets = []
    sheets = []
    for seg in res.segments:
        name = seg.segment.zh if lang == "zh" else seg.segment.en.capitalize()
        title = _t(lang, f"{title_county}{name}资源配置：校际差异系数计算",
                   f"{title_county}, {name}: resource allocation, inter-school CVs")
        sheets.append(_segment_sheet(seg, schools, std, lang, title))
        seg_sheets.append((name, seg))
    all_sheets = [_about_sheet(res, std, lang, inputs, seg_sheets), *sheets]
    if res.exclusions:
        all_sheets.append(_exclusion_sheet(res, lang))
    p = Path(path)
    _write_xlsx(p, all_sheets)
    return p
