"""The six tables of the national declaration form (申报表), built from an evaluation.

《全国义务教育优质均衡发展县（市、区）申报表》 is the form every applying county
fills: Table Ⅰ basics (基本情况), Table Ⅱ-1 the per-school rule summary and
Table Ⅱ-2 one row per school and section (资源配置), Table Ⅲ the county means and
CVs (校际均衡), Table Ⅳ the 15 government-guarantee items (政府保障程度), Table Ⅴ
the 9 quality items (教育质量) and Table Ⅵ the survey (社会认可度).

Each table is a small immutable object; every printed number is a
:class:`Figure` — the text the form prints under its own rounding rules
(Table Ⅱ-2 values to 2 decimals, Table Ⅲ means to 2 and CVs to 3, ratios to 1
decimal, other numbers as integers) with the exact value kept beside it.
Every threshold in the indicator texts comes from the :class:`~qbalance.Standard`.

Examples
--------
>>> from qbalance import declaration_form, evaluate_county, example_county
>>> county = example_county()                      # constructed data
>>> form = declaration_form(evaluate_county(county), county)
>>> row = form.cvs.rows[0]
>>> row.segment.zh, row.cvs[0].text, row.composite.text
('小学', '0.118', '0.140')
>>> form.schools.rows[0].name, form.schools.rows[0].values[0].text
('城关第一小学', '7.96')
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from qbalance.evaluate.county import Check, CountyEvaluation, band_classes_over, evaluate_county
from qbalance._messages import message
from qbalance.errors import DataError, SpecError
from qbalance.models import County, School, SchoolKind, Segment
from qbalance.evaluate.resources import ResourceEvaluation, SchoolResult, SegmentResult
from qbalance.rounding import exact_fraction, round_half_up
from qbalance.standard import Standard, load_standard
from qbalance._messages import check_lang
from qbalance._result import ResultMixin
from qbalance.vocab import Lang, Verdict

__all__ = [
    "BASICS_COLUMNS",
    "BasicsTable",
    "CVRow",
    "CVTable",
    "Column",
    "DeclarationForm",
    "Figure",
    "ItemRow",
    "ItemsTable",
    "RuleSummaryRow",
    "RuleSummaryTable",
    "SchoolNote",
    "SchoolRow",
    "SchoolRowsTable",
    "SurveyRow",
    "SurveyTable",
    "TableId",
    "declaration_form",
]


class TableId(enum.StrEnum):
    """The tables of the form, by the form's own numbering."""

    BASICS = "I"
    """表Ⅰ 基本情况."""
    RULE_SUMMARY = "II-1"
    """表Ⅱ-1 资源配置基本情况."""
    SCHOOLS = "II-2"
    """表Ⅱ-2 资源配置基本情况（分学校）."""
    CVS = "III"
    """表Ⅲ 县域义务教育校际均衡情况."""
    GUARANTEE = "IV"
    """表Ⅳ 政府保障程度."""
    QUALITY = "V"
    """表Ⅴ 教育质量."""
    SURVEY = "VI"
    """表Ⅵ 社会认可度调查情况."""

    @property
    def number(self) -> str:
        """The table's number as the form prints it (``"Ⅱ-2"``)."""
        return {"I": "Ⅰ", "II-1": "Ⅱ-1", "II-2": "Ⅱ-2", "III": "Ⅲ", "IV": "Ⅳ", "V": "Ⅴ",
                "VI": "Ⅵ"}[self.value]

    @property
    def zh(self) -> str:
        """The table's title (without its number)."""
        return {"I": "基本情况", "II-1": "资源配置基本情况", "II-2": "资源配置基本情况（分学校）",
                "III": "县域义务教育校际均衡情况", "IV": "政府保障程度", "V": "教育质量",
                "VI": "社会认可度调查情况"}[self.value]

    @property
    def en(self) -> str:
        """English title."""
        return {"I": "basics", "II-1": "resource allocation: per-school rule summary",
                "II-2": "resource allocation by school", "III": "inter-school balance (CVs)",
                "IV": "government guarantee", "V": "education quality",
                "VI": "social recognition survey"}[self.value]

    @property
    def caption(self) -> str:
        """``"表Ⅱ-2 资源配置基本情况（分学校）"``."""
        return f"表{self.number} {self.zh}"


@attrs.frozen(slots=True)
class Figure:
    """A number as the form prints it, with the exact value behind it.

    Attributes
    ----------
    text : str
        The printed text (``"4.25"``); ``""`` for a blank cell.
    exact : fractions.Fraction, float or None
        The exact value (a CV, a square root, is the float computed); for a form
        read from a file, the printed value itself.  ``None`` when blank.
    decimals : int
        Decimal places the form prints (its rounding rule).
    """

    text: str
    exact: Fraction | float | None
    decimals: int = 0

    @property
    def blank(self) -> bool:
        """True for an empty cell."""
        return self.text == ""

    @property
    def value(self) -> float | None:
        """The exact value as a float (``None`` when blank)."""
        return None if self.exact is None else float(self.exact)

    @property
    def printed(self) -> Fraction | None:
        """The printed value as an exact fraction (``None`` when blank or not a number)."""
        return _printed(self.text) if self.text else None

    def __str__(self) -> str:
        return self.text


BLANK = Figure("", None, 0)


@functools.lru_cache(maxsize=1 << 16)
def _printed(text: str) -> Fraction | None:
    try:
        return Fraction(text.replace(",", ""))
    except (ValueError, ZeroDivisionError):
        return None


def figure(exact: Fraction | float | int | None, decimals: int = 0) -> Figure:
    """The form's figure of ``exact``: rounded half up (四舍五入) to ``decimals``.

    Parameters
    ----------
    exact : Fraction, float, int or None
        The exact value (``None`` gives a blank cell).
    decimals : int
        Decimal places printed.

    Returns
    -------
    Figure
        Its :attr:`Figure.text` is the rounded value, :attr:`Figure.exact` the value.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from qbalance.form.tables import figure
    >>> figure(Fraction(148 * 100, 1860), 2).text, figure(0.14549, 3).text
    ('7.96', '0.145')
    """
    if exact is None:
        return BLANK
    ex: Fraction | float = Fraction(exact) if isinstance(exact, int) else exact
    return Figure(str(round_half_up(ex, decimals)), ex, decimals)


@attrs.frozen(slots=True)
class Column:
    """A column of a table: its L-code (may be empty), header and group header.

    Attributes
    ----------
    code : str
        The form's column code (``"L7"``); ``""`` for label columns without one.
    zh : str
        The Chinese header.
    group : str or None
        The merged group header above it (``"学校数（所）"``), if any.
    """

    code: str
    zh: str
    group: str | None = None


def _frame(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Any:
    from qbalance._optional import require

    pd = require("pandas", "declaration-form tables as DataFrames")
    return pd.DataFrame([list(r) for r in rows], columns=list(header))


def _cell_text(x: Any) -> str:
    if isinstance(x, Figure):
        return x.text
    if x is None:
        return ""
    if isinstance(x, bool):
        return "是" if x else "否"
    return str(x)


class _Table:
    """Shared rendering of the tables (text, Markdown, HTML, DataFrame)."""

    id: TableId

    def columns(self) -> tuple[Column, ...]:
        """The table's columns, left to right.

        Returns
        -------
        tuple of Column
            Each with its L-code, Chinese header and group header.
        """
        raise NotImplementedError

    def cells(self) -> list[list[Any]]:
        """The data rows, one value per column.

        Returns
        -------
        list of list
            :class:`Figure` for printed numbers, text, integers, ``True`` / ``False``
            (是 / 否) or ``None`` (blank).
        """
        raise NotImplementedError

    def notes(self) -> tuple[str, ...]:
        """The notes printed under the table.

        Returns
        -------
        tuple of str
            Empty for a table without notes.
        """
        return ()

    def header(self) -> list[str]:
        """Column headers, each with its L-code (``"L7 每百名学生拥有…"``)."""
        return [f"{c.code} {c.zh}" if c.code else c.zh for c in self.columns()]

    def text_rows(self) -> list[list[str]]:
        """The data rows as printed text."""
        return [[_cell_text(x) for x in r] for r in self.cells()]

    def to_frame(self, *, exact: bool = False) -> Any:
        """The table as a :class:`pandas.DataFrame` (pandas extra).

        Parameters
        ----------
        exact : bool
            Put the exact values (floats) in the number cells instead of the
            printed text.

        Returns
        -------
        pandas.DataFrame
            One row per data row of the form; columns headed by L-code and
            Chinese header.
        """
        rows: list[list[Any]]
        if exact:
            rows = [[(x.value if isinstance(x, Figure) else x) for x in r] for r in self.cells()]
        else:
            rows = [list(r) for r in self.text_rows()]
        return _frame(self.header(), rows)

    def to_markdown(self) -> str:
        """The table as Markdown: its title, a pipe table and the notes.

        Returns
        -------
        str
            Ends with a newline.
        """
        from qbalance.report import render_markdown

        return render_markdown(self)

    def to_html(self) -> str:
        """The table as an HTML ``<table>`` with its title as caption and the notes.

        Returns
        -------
        str
            A ``<table class="qb-form">`` element followed by the notes as ``<p>``.
        """
        from qbalance.report import render_form_html

        return render_form_html(self)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __str__(self) -> str:
        from qbalance.report import render_text

        return render_text(self)

# -- Table I -------------------------------------------------------------------------

#: The 24 columns of Table Ⅰ (基本情况), in the form's order.
BASICS_COLUMNS: tuple[Column, ...] = (
    Column("L1", "人口（万人）", "自然状况"),
    Column("L2", "农业人口（万人）", "自然状况"),
    Column("L3", "乡镇数（个）", "自然状况"),
    Column("L4", "行政村数（个）", "自然状况"),
    Column("L5", "人均GDP（元）", "经济状况"),
    Column("L6", "人均地方财政收入（元）", "经济状况"),
    Column("L7", "农村居民人均纯收入（元）", "经济状况"),
    Column("L8", "城镇居民人均可支配收入（元）", "经济状况"),
    Column("L9", "小学", "学校数（所）"),
    Column("L10", "九年一贯制学校", "学校数（所）"),
    Column("L11", "初级中学", "学校数（所）"),
    Column("L12", "完全中学", "学校数（所）"),
    Column("L13", "十二年一贯制学校", "学校数（所）"),
    Column("L14", "特殊教育学校", "学校数（所）"),
    Column("L15", "小学教学点", "学校数（所）"),
    Column("L16", "其中：50人及以上教学点", "学校数（所）"),
    Column("L17", "小学", "班级数（个）"),
    Column("L18", "初中", "班级数（个）"),
    Column("L19", "小学", "在校生数（人）"),
    Column("L20", "初中", "在校生数（人）"),
    Column("L21", "小学教职工", "教职工数（人）"),
    Column("L22", "其中：专任教师", "教职工数（人）"),
    Column("L23", "初中教职工", "教职工数（人）"),
    Column("L24", "其中：专任教师", "教职工数（人）"),
)

#: Keys of the Table Ⅰ figures a county gives itself (``basics=`` of
#: :func:`declaration_form`), by L-code.
BASICS_KEYS: dict[str, str] = {
    "population_10k": "L1", "agricultural_population_10k": "L2", "townships": "L3",
    "villages": "L4", "gdp_per_capita_yuan": "L5", "fiscal_revenue_per_capita_yuan": "L6",
    "rural_income_yuan": "L7", "urban_income_yuan": "L8", "primary_staff": "L21",
    "junior_staff": "L23",
}


@attrs.frozen(slots=True)
class BasicsTable(_Table):
    """Table Ⅰ 基本情况: one row of 24 figures (L1–L24).

    Attributes
    ----------
    figures : tuple of Figure
        In the order of :data:`BASICS_COLUMNS`; blank where the county gave nothing.
    """

    figures: tuple[Figure, ...]
    id = TableId.BASICS

    def columns(self) -> tuple[Column, ...]:
        return BASICS_COLUMNS

    def cells(self) -> list[list[Any]]:
        return [list(self.figures)]

    def get(self, code: str) -> Figure:
        """The figure of column ``code`` (``"L19"``).

        Parameters
        ----------
        code : str
            An L-code of :data:`BASICS_COLUMNS`.

        Returns
        -------
        Figure
        """
        for c, f in zip(BASICS_COLUMNS, self.figures, strict=True):
            if c.code == code:
                return f
        raise KeyError(code)


# -- Table II-1 ----------------------------------------------------------------------

@attrs.frozen(slots=True)
class RuleSummaryRow:
    """One row of Table Ⅱ-1: a segment's schools meeting, or their share.

    Attributes
    ----------
    segment : Segment
    item : str
        ``"count"`` (达标学校总数, 所) or ``"share"`` (达标学校比例, %).
    figures : tuple of Figure
        L1–L7 the indicators, L8 the per-school rule (综合评估).
    """

    segment: Segment
    item: str
    figures: tuple[Figure, ...]

    @property
    def label(self) -> str:
        """The row's label as printed."""
        return "达标学校总数（所）" if self.item == "count" else "达标学校比例（%）"


@attrs.frozen(slots=True)
class RuleSummaryTable(_Table):
    """Table Ⅱ-1 资源配置基本情况: schools meeting each indicator and the rule.

    Attributes
    ----------
    codes, names : tuple of str
        The indicator codes and Chinese names of L1–L7.
    rows : tuple of RuleSummaryRow
        Per segment: the count row then the share row.
    """

    codes: tuple[str, ...]
    names: tuple[str, ...]
    rows: tuple[RuleSummaryRow, ...]
    id = TableId.RULE_SUMMARY

    def columns(self) -> tuple[Column, ...]:
        return (Column("", "学段"), Column("", "项目"),
                *(Column(f"L{i + 1}", n, "资源配置指标") for i, n in enumerate(self.names)),
                Column(f"L{len(self.names) + 1}", "综合评估"))

    def cells(self) -> list[list[Any]]:
        return [[r.segment.zh, r.label, *r.figures] for r in self.rows]

    def row(self, segment: Segment | str, item: str) -> RuleSummaryRow:
        """The row of ``segment`` and ``item`` (``"count"`` or ``"share"``).

        Parameters
        ----------
        segment : Segment or str
        item : {"count", "share"}

        Returns
        -------
        RuleSummaryRow
        """
        seg = Segment(segment)
        for r in self.rows:
            if r.segment is seg and r.item == item:
                return r
        raise KeyError((seg.value, item))


# -- Table II-2 ----------------------------------------------------------------------

@attrs.frozen(slots=True, kw_only=True)
class SchoolRow:
    """One row of Table Ⅱ-2: a school, or one section of a combined school.

    Attributes
    ----------
    serial : int
        L1 序号: from 1 in each segment (the junior rows, which follow the
        primary rows, are numbered from 1 again).
    segment : Segment
        The segment of the row.
    school_id : str
        The school's id ("" when read from a form, which has none).
    name : str
        L2 学校名称; a combined school's section is named ``"…（小学部）"`` / ``"…（初中部）"``.
    owner_type : int or None
        L3 举办者类型 (1–10; 7 county education department).
    pupils : int
        L4 在校生数 of the section.
    grades, classes : int or None
        L5 年级数 and L6 班级数 (blank when the data has none).
    values : tuple of Figure
        L7–L13, the indicator values (2 decimals).
    meets : bool or None
        L14: the per-school rule (None when blank).
    remark : str
        备注: which indicators meet, which reach only the floor (85 %).
    section : bool
        The row is a section of a combined school (its whole-school stocks are split).
    """

    serial: int
    segment: Segment
    school_id: str
    name: str
    owner_type: int | None
    pupils: int
    grades: int | None
    classes: int | None
    values: tuple[Figure, ...]
    meets: bool | None
    remark: str
    section: bool = False


@attrs.frozen(slots=True, kw_only=True)
class SchoolNote:
    """The note under Table Ⅱ-2: how many schools the rows are.

    Attributes
    ----------
    primary : int
        Primary schools (rows).
    primary_sections : int
        Of which sections of combined (nine-year, twelve-year) schools.
    primary_points : int
        Of which teaching points with ≥ the scope's threshold of pupils (50).
    junior : int
        Junior schools (rows).
    junior_sections : int
        Of which sections of combined (nine-year, twelve-year) schools.
    junior_complete : int
        Of which junior sections of complete middle schools.
    """

    primary: int
    primary_sections: int
    primary_points: int
    junior: int
    junior_sections: int
    junior_complete: int

    def text(self, points_min: int = 50) -> str:
        """The note as the form prints it.

        Parameters
        ----------
        points_min : int
            The teaching-point threshold of the scope (pupils).

        Returns
        -------
        str
        """
        return (f"注：小学{self.primary}所（其中一贯制学校小学部{self.primary_sections}所，"
                f"{points_min}人及以上教学点{self.primary_points}个）；"
                f"初中{self.junior}所（其中一贯制学校初中部{self.junior_sections}所，"
                f"完全中学初中部{self.junior_complete}所）。")


@attrs.frozen(slots=True, kw_only=True)
class SchoolRowsTable(_Table):
    """Table Ⅱ-2 资源配置基本情况（分学校）: one row per school and section.

    Attributes
    ----------
    codes, names : tuple of str
        The indicator codes and Chinese names (with units) of L7–L13.
    rows : tuple of SchoolRow
        Primary rows, then junior rows.
    note : SchoolNote or None
        The note under the table (``None`` when a form read from a file has none).
    points_min : int
        The scope's teaching-point threshold named in the note.
    """

    codes: tuple[str, ...]
    names: tuple[str, ...]
    rows: tuple[SchoolRow, ...]
    note: SchoolNote | None
    points_min: int = 50
    id = TableId.SCHOOLS

    def columns(self) -> tuple[Column, ...]:
        n = len(self.names)
        return (Column("L1", "序号"), Column("L2", "学校名称"), Column("L3", "举办者类型"),
                Column("L4", "在校生数（人）"), Column("L5", "年级数"), Column("L6", "班级数（个）"),
                *(Column(f"L{7 + i}", nm, "资源配置指标") for i, nm in enumerate(self.names)),
                Column(f"L{7 + n}", "是否达标"), Column("", "备注"))

    def cells(self) -> list[list[Any]]:
        return [[r.serial, r.name, r.owner_type, r.pupils, r.grades, r.classes, *r.values,
                 r.meets, r.remark] for r in self.rows]

    def notes(self) -> tuple[str, ...]:
        return (self.note.text(self.points_min),) if self.note is not None else ()

    def segment_rows(self, segment: Segment | str) -> tuple[SchoolRow, ...]:
        """The rows of one segment.

        Parameters
        ----------
        segment : Segment or str

        Returns
        -------
        tuple of SchoolRow
        """
        seg = Segment(segment)
        return tuple(r for r in self.rows if r.segment is seg)


# -- Table III -----------------------------------------------------------------------

@attrs.frozen(slots=True)
class CVRow:
    """One segment of Table Ⅲ: the county means and the CVs.

    Attributes
    ----------
    segment : Segment
    means : tuple of Figure
        County mean of each indicator (2 decimals).
    cvs : tuple of Figure
        Coefficient of variation (差异系数) of each indicator (3 decimals).
    composite : Figure
        L8 综合: the mean of the seven CVs as printed (3 decimals; its exact value is
        that mean, a fraction).
    """

    segment: Segment
    means: tuple[Figure, ...]
    cvs: tuple[Figure, ...]
    composite: Figure


@attrs.frozen(slots=True, kw_only=True)
class CVTable(_Table):
    """Table Ⅲ 县域义务教育校际均衡情况.

    Attributes
    ----------
    codes, names : tuple of str
        The indicator codes and Chinese names of L1–L7.
    rows : tuple of CVRow
        One per segment evaluated.
    note : SchoolNote or None
        The note under the table: the schools the CVs are computed over.
    points_min : int
        The scope's teaching-point threshold named in the note.
    """

    codes: tuple[str, ...]
    names: tuple[str, ...]
    rows: tuple[CVRow, ...]
    note: SchoolNote | None = None
    points_min: int = 50
    id = TableId.CVS

    def notes(self) -> tuple[str, ...]:
        return (self.note.text(self.points_min),) if self.note is not None else ()

    def columns(self) -> tuple[Column, ...]:
        return (Column("", "学段"), Column("", "项目"),
                *(Column(f"L{i + 1}", n, "资源配置指标") for i, n in enumerate(self.names)),
                Column(f"L{len(self.names) + 1}", "综合"))

    def cells(self) -> list[list[Any]]:
        out: list[list[Any]] = []
        for r in self.rows:
            out.append([r.segment.zh, "县域均值", *r.means, "—"])
            out.append([r.segment.zh, "差异系数", *r.cvs, r.composite])
        return out

    def row(self, segment: Segment | str) -> CVRow:
        """The row of ``segment``.

        Parameters
        ----------
        segment : Segment or str

        Returns
        -------
        CVRow
        """
        seg = Segment(segment)
        for r in self.rows:
            if r.segment is seg:
                return r
        raise KeyError(seg.value)


# -- Tables IV and V -----------------------------------------------------------------

@attrs.frozen(slots=True, kw_only=True)
class ItemRow:
    """One item of Table Ⅳ or Ⅴ.

    Attributes
    ----------
    number : int
        The item's number (1–15 or 1–9).
    indicator : str
        The indicator as the form states it (thresholds from the standard).
    value : str
        指标值或简要结论: the form's sentence with its blanks filled, or a conclusion;
        ``"未提供"`` for data the county did not give.
    blanks : tuple of tuple of (str, Figure)
        The blanks of the sentence, by key (``("rotated", Figure("67", …))``).
    verdict : Verdict or None
        是否达标, from the evaluation (``None`` when blank).
    """

    number: int
    indicator: str
    value: str
    blanks: tuple[tuple[str, Figure], ...] = ()
    verdict: Verdict | None = None

    def blank(self, key: str) -> Figure:
        """The blank ``key`` (a blank :class:`Figure` when the item has none).

        Parameters
        ----------
        key : str
            A blank's key (see :data:`qbalance.form.tables.TEMPLATES`).

        Returns
        -------
        Figure
        """
        for k, f in self.blanks:
            if k == key:
                return f
        return BLANK


def verdict_text(v: Verdict | None) -> str:
    """是否达标 as the form prints it: 达标 / 未达标 / 未评估 / 不适用 / ""."""
    return "" if v is None else v.zh


@attrs.frozen(slots=True)
class ItemsTable(_Table):
    """Table Ⅳ 政府保障程度 or Table Ⅴ 教育质量.

    Attributes
    ----------
    table : TableId
        ``TableId.GUARANTEE`` or ``TableId.QUALITY``.
    items : tuple of ItemRow
    """

    table: TableId
    items: tuple[ItemRow, ...]

    @property
    def id(self) -> TableId:  # type: ignore[override]
        """The table (Ⅳ or Ⅴ)."""
        return self.table

    def columns(self) -> tuple[Column, ...]:
        return (Column("", "序号"), Column("L1", "指标"), Column("L2", "指标值或简要结论"),
                Column("L3", "是否达标"))

    def cells(self) -> list[list[Any]]:
        return [[i.number, i.indicator, i.value, verdict_text(i.verdict)] for i in self.items]

    def item(self, number: int) -> ItemRow:
        """The item numbered ``number``.

        Parameters
        ----------
        number : int

        Returns
        -------
        ItemRow
        """
        for i in self.items:
            if i.number == number:
                return i
        raise KeyError(number)


# -- Table VI ------------------------------------------------------------------------

SURVEY_COLUMNS: tuple[Column, ...] = (
    Column("", "类别"),
    Column("L1", "发放问卷（份）", "问卷调查"),
    Column("L2", "其中：有效回收（份）", "问卷调查"),
    Column("L3", "其中：满意（份）", "问卷调查"),
    Column("L4", "问卷满意度（%）", "问卷调查"),
    Column("L5", "实地访谈（人）", "实地访谈"),
    Column("L6", "其中：满意（人）", "实地访谈"),
    Column("L7", "访谈满意度（%）", "实地访谈"),
)


@attrs.frozen(slots=True)
class SurveyRow:
    """One row of Table Ⅵ.

    Attributes
    ----------
    label : str
        ``"合计"`` or ``"其中：家长"``.
    figures : tuple of Figure
        L1–L7.
    """

    label: str
    figures: tuple[Figure, ...]

    def get(self, code: str) -> Figure:
        """The figure of column ``code`` (``"L2"``).

        Parameters
        ----------
        code : str

        Returns
        -------
        Figure
        """
        return self.figures[int(code[1:]) - 1]


@attrs.frozen(slots=True)
class SurveyTable(_Table):
    """Table Ⅵ 社会认可度调查情况.

    Attributes
    ----------
    rows : tuple of SurveyRow
        合计 (total) and 其中：家长 (parents).
    """

    rows: tuple[SurveyRow, ...]
    id = TableId.SURVEY

    def columns(self) -> tuple[Column, ...]:
        return SURVEY_COLUMNS

    def cells(self) -> list[list[Any]]:
        return [[r.label, *r.figures] for r in self.rows]


# -- the form ------------------------------------------------------------------------

@attrs.frozen(slots=True, kw_only=True, repr=False)
class DeclarationForm(ResultMixin):
    """The declaration form (申报表) of one county: its six tables.

    Attributes
    ----------
    county : str
        The county.
    year : int or None
        The school year of the data.
    standard_id : str
        The standard the figures and thresholds come from ("" when read from a file).
    basics : BasicsTable
    rule_summary : RuleSummaryTable
    schools : SchoolRowsTable
    cvs : CVTable
    guarantee, quality : ItemsTable or None
        Tables Ⅳ and Ⅴ (``None`` in a resource-only form).
    survey : SurveyTable or None
        Table Ⅵ (``None`` in a resource-only form).
    constructed : bool
        The county's data is constructed, not a real county's.
    source : FormSource or None
        For a form read from a file (:func:`qbalance.read_declaration_form`):
        where each table and cell is; ``None`` for a form built in memory.
    """

    county: str
    year: int | None
    standard_id: str
    basics: BasicsTable
    rule_summary: RuleSummaryTable
    schools: SchoolRowsTable
    cvs: CVTable
    guarantee: ItemsTable | None = None
    quality: ItemsTable | None = None
    survey: SurveyTable | None = None
    constructed: bool = False
    source: Any = attrs.field(default=None, eq=False, repr=False)

    @property
    def tables(self) -> tuple[Any, ...]:
        """The tables present, in the form's order (Ⅰ, Ⅱ-1, Ⅱ-2, Ⅲ, Ⅳ, Ⅴ, Ⅵ)."""
        out: list[Any] = [self.basics, self.rule_summary, self.schools, self.cvs]
        out += [t for t in (self.guarantee, self.quality, self.survey) if t is not None]
        return tuple(out)

    @property
    def resource_only(self) -> bool:
        """True when the form has only the resource part (Tables Ⅰ–Ⅲ)."""
        return self.guarantee is None and self.quality is None and self.survey is None

    def table(self, table: TableId | str) -> Any:
        """The table ``table`` (``"II-2"`` or ``TableId.SCHOOLS``).

        Parameters
        ----------
        table : TableId or str

        Returns
        -------
        BasicsTable, RuleSummaryTable, SchoolRowsTable, CVTable, ItemsTable or SurveyTable

        Raises
        ------
        KeyError
            The form has no such table (a resource-only form has no Ⅳ–Ⅵ).
        """
        tid = TableId(table)
        for t in self.tables:
            if t.id is tid:
                return t
        raise KeyError(tid.value)

    def heading(self) -> str:
        """The line under each title: county and year.

        Returns
        -------
        str
            ``"县（市、区）：示例县（构造数据）    年度：2025"``.
        """
        year = f"    年度：{self.year}" if self.year is not None else ""
        mark = "（构造数据）" if self.constructed else ""
        return f"县（市、区）：{self.county}{mark}{year}"

    def to_frames(self, *, exact: bool = False) -> dict[str, Any]:
        """Every table as a DataFrame, keyed by table id (``"II-2"``) (pandas extra).

        Parameters
        ----------
        exact : bool
            Exact values instead of printed text in the number cells.

        Returns
        -------
        dict of str to pandas.DataFrame
        """
        return {t.id.value: t.to_frame(exact=exact) for t in self.tables}

    def to_markdown(self) -> str:
        """The whole form as Markdown (a title, then each table).

        Returns
        -------
        str
        """
        from qbalance.report import render_markdown

        return render_markdown(self)

    def to_html(self) -> str:
        """The whole form as an HTML fragment (each table with its caption).

        Returns
        -------
        str
        """
        from qbalance.report import render_form_html

        return render_form_html(self)

    def _repr_html_(self) -> str:
        # the notebook view: a banner and table Ⅰ, the other tables folded (to_html() is the page)
        from qbalance.report import render_notebook

        return render_notebook(self)

    def __str__(self) -> str:
        from qbalance.report import render_text

        return render_text(self)

    def summary(self, lang: Lang = "zh") -> str:
        """One line: the form's title, the county and the year (in English also the tables
        and the number of school rows).

        Parameters
        ----------
        lang : {"zh", "en"}
            Language (Chinese by default).

        Returns
        -------
        str
        """
        from qbalance.report import render_line

        return render_line(self, lang)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: every table (exact values as fractions in text, ``"532/1065"``).

        Returns
        -------
        dict
            Every field but :attr:`source` (where a read form's cells are).
        """
        from qbalance._result import plain_data

        return {f.name: plain_data(getattr(self, f.name)) for f in attrs.fields(DeclarationForm)
                if f.name != "source"}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DeclarationForm:
        """Rebuild a form from :meth:`to_dict` data (e.g. a file of
        :func:`qbalance.io.save_result`); equal to the original (without :attr:`source`).

        Parameters
        ----------
        data : mapping
            The output of :meth:`to_dict`, or its JSON parsed.

        Returns
        -------
        DeclarationForm

        Raises
        ------
        DataError
            A field is missing or of the wrong type, naming it.
        """
        from qbalance.io.results import structure

        return structure(cls, data)

    def to_frame(self, *, lang: Lang = "zh", exact: bool = False) -> Any:
        """Table Ⅱ-2 (one row per school) as a DataFrame (pandas extra); every table:
        :meth:`to_frames`.

        Parameters
        ----------
        lang : {"zh", "en"}
            Accepted for the common result protocol; the form's headers are the
            official Chinese ones.
        exact : bool
            Exact values instead of printed text in the number cells.

        Returns
        -------
        pandas.DataFrame
        """
        lang = check_lang(lang)
        return self.schools.to_frame(exact=exact)


# -- building ------------------------------------------------------------------------

def _short_name(name_zh: str, unit_zh: str) -> str:
    unit = unit_zh.replace("/生", "").replace("/百生", "").replace("/百名学生", "")
    return f"{name_zh}（{unit}）" if unit else name_zh


def _exact_values(row: SchoolResult, school: School | None, std: Standard,
                  shares: Mapping[tuple[str, str], Fraction]) -> list[Fraction | float]:
    """The exact indicator values of a row, from the school data when it is available."""
    out: list[Fraction | float] = []
    for code, v in zip(row.codes, row.values, strict=True):
        exact: Fraction | float = v
        if school is not None:
            try:
                spec = std.indicator(code)
                block = school.segment(row.segment)
                src = str(spec.source)
                if spec.segment_level and block is not None:
                    num = exact_fraction(getattr(block, src))
                    exact = num * spec.per_pupils / block.pupils
                elif block is not None:
                    share = shares.get((school.id, row.segment.value), Fraction(1))
                    num = exact_fraction(getattr(school, src)) * share
                    exact = num * spec.per_pupils / block.pupils
                if abs(float(exact) - v) > 1e-9 * max(1.0, abs(v)):
                    exact = v    # another definition than this reading: keep the evaluation's
            except (AttributeError, KeyError, TypeError, DataError, SpecError, ZeroDivisionError):
                exact = v
        out.append(exact)
    return out


def _split_shares(ev: ResourceEvaluation) -> dict[tuple[str, str], Fraction]:
    out: dict[tuple[str, str], Fraction] = {}
    for sp in ev.splits:
        w = {sec: exact_fraction(sp.weights[sec]) * sp.pupils[sec] for sec in sp.pupils}
        total = sum(w.values(), Fraction(0))
        if total > 0:
            for sec, x in w.items():
                out[(sp.school_id, sec)] = x / total
    return out


def _remark(row: SchoolResult, names: Mapping[str, str]) -> str:
    met = [c for c, m in zip(row.codes, row.met, strict=True) if m]
    floor = [c for c, m, b in zip(row.codes, row.met, row.below_floor, strict=True)
             if not m and not b]
    below = [c for c, m, b in zip(row.codes, row.met, row.below_floor, strict=True)
             if not m and b]
    parts = []
    if len(met) == len(row.codes):
        parts.append(f"{len(met)}项指标均达标")
    else:
        parts.append(f"{'、'.join(met) or '无'}达标（{len(met)}项）")
        if floor:
            parts.append(f"{'、'.join(floor)}达到标准的85%以上")
        if below:
            parts.append(f"{'、'.join(below)}低于标准的85%")
    return "；".join(parts)


def _owner_type(school: School | None) -> int:
    if school is not None:
        code = getattr(school, "owner_code", None)
        if isinstance(code, str) and code.strip().isdigit() and 1 <= int(code) <= 10:
            return int(code)      # the form's 举办者类型 codes 1–10
        for attr in ("owner_type", "owner_type_code"):
            v = getattr(school, attr, None)
            if isinstance(v, int) and not isinstance(v, bool):
                return v
        q = getattr(school, "quantities", None)
        if isinstance(q, Mapping):
            v = q.get("owner_type")
            if isinstance(v, (int, float)) and float(v).is_integer():
                return int(v)
        if school.private:
            return 10
    return 7


def _grades(school: School | None, seg: Segment) -> int | None:
    if school is None:
        return None
    block = school.segment(seg)
    for holder in (block, school):
        v = getattr(holder, "grades", None)
        if isinstance(v, int) and not isinstance(v, bool):
            return v
    return None


_COMBINED = (SchoolKind.NINE_YEAR, SchoolKind.TWELVE_YEAR)


def _school_rows(res: ResourceEvaluation, county: County | None, std: Standard
                 ) -> tuple[tuple[SchoolRow, ...], SchoolNote]:
    schools = {s.id: s for s in county.schools} if county is not None else {}
    shares = _split_shares(res)
    split_ids = {sp.school_id for sp in res.splits}
    names = {i.code: i.name_zh for i in std.indicators}
    rows: list[SchoolRow] = []
    counts = dict.fromkeys(("p", "ps", "pp", "j", "js", "jc"), 0)
    for seg in (Segment.PRIMARY, Segment.JUNIOR):
        try:
            sr = res.segment(seg)
        except (KeyError, DataError):
            continue
        for r in sr.schools:
            school = schools.get(r.school_id)
            section = r.school_id in split_ids
            name = r.name
            if r.kind in _COMBINED or r.kind is SchoolKind.COMPLETE_MIDDLE:
                name = f"{r.name}（{'小学部' if seg is Segment.PRIMARY else '初中部'}）"
            exact = _exact_values(r, school, std, shares)
            block = school.segment(seg) if school is not None else None
            rows.append(SchoolRow(
                serial=sum(x.segment is seg for x in rows) + 1, segment=seg, school_id=r.school_id, name=name,
                owner_type=_owner_type(school), pupils=r.pupils, grades=_grades(school, seg),
                classes=block.classes if block is not None else None,
                values=tuple(figure(x, 2) for x in exact), meets=r.passed,
                remark=_remark(r, names), section=section))
            if seg is Segment.PRIMARY:
                counts["p"] += 1
                counts["ps"] += r.kind in _COMBINED
                counts["pp"] += r.kind is SchoolKind.TEACHING_POINT
            else:
                counts["j"] += 1
                counts["js"] += r.kind in _COMBINED
                counts["jc"] += r.kind is SchoolKind.COMPLETE_MIDDLE
    note = SchoolNote(primary=counts["p"], primary_sections=counts["ps"],
                      primary_points=counts["pp"], junior=counts["j"],
                      junior_sections=counts["js"], junior_complete=counts["jc"])
    return tuple(rows), note


def _segments(res: ResourceEvaluation) -> list[SegmentResult]:
    return sorted(res.segments, key=lambda s: 0 if s.segment is Segment.PRIMARY else 1)


def _rule_summary(res: ResourceEvaluation, codes: tuple[str, ...], names: tuple[str, ...]
                  ) -> RuleSummaryTable:
    rows: list[RuleSummaryRow] = []
    for sr in _segments(res):
        n = len(sr.schools)
        met = [sum(s.met[k] for s in sr.schools) for k in range(len(codes))]
        met.append(sum(s.passed for s in sr.schools))
        rows.append(RuleSummaryRow(sr.segment, "count", tuple(figure(m) for m in met)))
        rows.append(RuleSummaryRow(sr.segment, "share", tuple(
            figure(Fraction(100 * m, n), 2) for m in met)))
    return RuleSummaryTable(codes, names, tuple(rows))


def _cv_table(res: ResourceEvaluation, rows: Sequence[SchoolRow], codes: tuple[str, ...],
              names: tuple[str, ...], note: SchoolNote, points_min: int) -> CVTable:
    out: list[CVRow] = []
    for sr in _segments(res):
        seg_rows = [r for r in rows if r.segment is sr.segment]
        pupils = sum(r.pupils for r in seg_rows)
        means: list[Figure] = []
        for k in range(len(codes)):
            xs = [r.values[k].exact for r in seg_rows]
            if pupils and all(isinstance(x, Fraction) for x in xs):
                m: Fraction | float = sum((Fraction(r.pupils) * x  # type: ignore[operator]
                                           for r, x in zip(seg_rows, xs, strict=True)),
                                          Fraction(0)) / pupils
            else:
                m = sr.indicators[k].mean
            means.append(figure(m, 2))
        cvs = tuple(figure(i.cv, 3) for i in sr.indicators)
        # the composite is the mean of the seven CVs as printed (the form's 综合), exactly
        printed = [c.printed for c in cvs if c.printed is not None]
        comp: Fraction | float = (sum(printed, Fraction(0)) / len(printed)
                                  if len(printed) == len(cvs) and printed
                                  else sum(i.cv for i in sr.indicators) / len(sr.indicators))
        out.append(CVRow(sr.segment, tuple(means), cvs, figure(comp, 3)))
    return CVTable(codes=codes, names=names, rows=tuple(out), note=note, points_min=points_min)


def _basics(county: County | None, res: ResourceEvaluation,
            given: Mapping[str, Any] | None, std: Standard) -> BasicsTable:
    vals: dict[str, Figure] = {}
    if county is not None:
        kinds = [s.kind for s in county.schools]
        for code, kind in (("L9", SchoolKind.PRIMARY), ("L10", SchoolKind.NINE_YEAR),
                           ("L11", SchoolKind.JUNIOR), ("L12", SchoolKind.COMPLETE_MIDDLE),
                           ("L13", SchoolKind.TWELVE_YEAR), ("L14", SchoolKind.SPECIAL),
                           ("L15", SchoolKind.TEACHING_POINT)):
            vals[code] = figure(kinds.count(kind))
        pmin = std.scope.teaching_point_min_pupils
        vals["L16"] = figure(sum(1 for s in county.schools if s.kind is SchoolKind.TEACHING_POINT
                                 and s.pupils >= pmin))
        for seg, cls, pup, ft in ((Segment.PRIMARY, "L17", "L19", "L22"),
                                  (Segment.JUNIOR, "L18", "L20", "L24")):
            blocks = [b for s in county.schools if s.kind is not SchoolKind.SPECIAL
                      and (b := s.segment(seg)) is not None]
            vals[pup] = figure(sum(b.pupils for b in blocks))
            if blocks and all(b.classes is not None for b in blocks):
                vals[cls] = figure(sum(b.classes or 0 for b in blocks))
            if blocks and all(b.full_time_teachers is not None for b in blocks):
                vals[ft] = figure(sum(b.full_time_teachers or 0 for b in blocks))
        if county.survey is not None:
            vals["L1"] = figure(Fraction(county.survey.resident_population, 10_000), 2)
    else:
        for sr in res.segments:
            code = "L19" if sr.segment is Segment.PRIMARY else "L20"
            vals[code] = figure(sr.pupils)
    for key, value in (given or {}).items():
        code = BASICS_KEYS.get(key, key)
        if code not in {c.code for c in BASICS_COLUMNS}:
            raise DataError(message("form.basics_key", key=key, keys=", ".join(BASICS_KEYS)),
                            field=f"basics.{key}", value=value)
        dec = 2 if code in ("L1", "L2") else 0
        try:
            vals[code] = figure(exact_fraction(value, field=f"basics.{key}"), dec)
        except DataError as exc:
            raise DataError(message("form.basics_value", key=key, value=value, text=exc),
                            field=f"basics.{key}",
                            value=value) from exc
    return BasicsTable(tuple(vals.get(c.code, BLANK) for c in BASICS_COLUMNS))


# Table IV / V sentences: (key, label, unit, decimals) per blank, in order.
Blank = tuple[str, str, str, int]

#: The sentences of the numeric items of Tables Ⅳ and Ⅴ: per (table, item) the
#: blanks, each ``(key, label, unit, decimals)``; the value cell prints
#: ``label value unit`` for each, joined by "；".
TEMPLATES: dict[tuple[str, int], tuple[Blank, ...]] = {
    ("IV", 4): (("primary_over", "超过规模的小学", "所", 0),
                ("junior_over", "初中", "所", 0),
                ("combined_over", "超过规模的九年一贯制、十二年一贯制学校", "所", 0)),
    ("IV", 5): (("primary_classes_over", "超过班额的小学班级", "个", 0),
                ("junior_classes_over", "超过班额的初中班级", "个", 0)),
    ("IV", 6): (("small_pupils", "不足100名学生的学校在校生", "人", 0),
                ("small_funds", "核定公用经费", "元", 0)),
    ("IV", 7): (("special_funds", "特殊教育学校公用经费", "万元", 2),
                ("special_pupils", "在校生", "人", 0),
                ("special_per_pupil", "生均公用经费", "元", 0)),
    ("IV", 8): (("teacher_pay", "教师平均工资收入", "元", 0),
                ("civil_pay", "公务员平均工资收入", "元", 0)),
    ("IV", 9): (("trained", "完成360学时培训的教师", "人", 0),
                ("teachers", "教师总数", "人", 0),
                ("training_rate", "完成率", "%", 1)),
    ("IV", 11): (("eligible", "符合交流条件教师", "人", 0),
                 ("rotated", "上年度交流轮岗教师", "人", 0),
                 ("rotation_rate", "占比", "%", 1),
                 ("backbone", "其中骨干教师", "人", 0),
                 ("backbone_rate", "占比", "%", 1)),
    ("IV", 12): (("full_time", "专任教师", "人", 0),
                 ("certified", "其中持证", "人", 0),
                 ("certified_rate", "持证上岗率", "%", 1)),
    ("IV", 13): (("urban_nearby_rate", "城区就近划片入学比例", "%", 1),
                 ("town_nearby_rate", "镇区就近划片入学比例", "%", 1)),
    ("IV", 14): (("quota_total", "优质高中招生名额", "个", 0),
                 ("quota_allocated", "分配到初中", "个", 0),
                 ("quota_rate", "占比", "%", 1),
                 ("quota_rural", "其中分配到农村初中", "个", 0),
                 ("quota_rural_rate", "占比", "%", 1)),
    ("IV", 15): (("migrants", "符合条件的随迁子女", "人", 0),
                 ("migrants_public", "在公办学校就读", "人", 0),
                 ("migrants_purchased", "在政府购买服务的民办学校就读", "人", 0),
                 ("migrants_total", "合计", "人", 0),
                 ("migrants_rate", "占比", "%", 1)),
    ("V", 1): (("graduates", "初中毕业生", "人", 0),
               ("entrants", "三年前初一新生", "人", 0),
               ("transferred_in", "三年期间转入", "人", 0),
               ("deceased", "死亡", "人", 0),
               ("transferred_out", "转出", "人", 0),
               ("resumed", "复学", "人", 0),
               ("suspended", "休学", "人", 0),
               ("consolidation_rate", "巩固率", "%", 1)),
    ("V", 2): (("disabled", "适龄残疾儿童少年", "人", 0),
               ("disabled_enrolled", "入学", "人", 0),
               ("disabled_rate", "入学率", "%", 1),
               ("disabled_special", "其中在特殊教育学校就读", "人", 0),
               ("disabled_special_rate", "占比", "%", 1)),
    ("V", 4): (("training_funds", "教师培训经费", "元", 0),
               ("public_funds", "年度公用经费预算总额", "元", 0),
               ("training_share", "占比", "%", 1)),
}

#: Written for a blank the county gave no data for.
NOT_GIVEN = "未提供"


def sentence(blanks: Sequence[Blank], figures: Mapping[str, Figure]) -> str:
    """The value cell of a numeric item: each blank's label, value and unit.

    Parameters
    ----------
    blanks : sequence of (key, label, unit, decimals)
        A template of :data:`TEMPLATES`.
    figures : mapping of str to Figure
        The filled blanks by key (missing or blank: "未提供").

    Returns
    -------
    str
        E.g. ``"符合交流条件教师614人；上年度交流轮岗教师67人；占比10.9%；…"``.
    """
    parts = []
    for key, label, unit, _ in blanks:
        f = figures.get(key)
        parts.append(f"{label}{f.text}{unit}" if f is not None and not f.blank
                     else f"{label}{NOT_GIVEN}")
    return "；".join(parts)


def _pct(part: int, whole: int) -> Figure:
    return figure(Fraction(100 * part, whole), 1) if whole else BLANK


def _guarantee_items(ev: CountyEvaluation, county: County | None, std: Standard
                     ) -> ItemsTable:
    g = std.guarantee
    f = county.guarantee if county is not None else None
    sz = g.school_size_max if g else {}
    cs = g.class_size_max if g else None

    def lim(kind: SchoolKind) -> str:
        v = sz.get(kind)
        return str(v) if v is not None else "—"

    def pc(x: float | None) -> str:
        return "—" if x is None else f"{round_half_up(exact_fraction(x) * 100, 1).normalize():f}"

    texts = {
        1: "县域内义务教育学校规划布局合理，符合国家规定要求",
        2: "县级人民政府制定了义务教育学校建设、教师编制、生均公用经费、装备配置等标准，并实现城乡统一",
        3: (f"每{g.classes_per_room if g else 12}个班级配备音乐、美术专用教室1间以上；其中，"
            f"每间音乐专用教室面积不小于{_num(g.music_room_min_m2) if g else 96}平方米，"
            f"每间美术专用教室面积不小于{_num(g.art_room_min_m2) if g else 90}平方米"),
        4: (f"所有小学、初中规模不超过{lim(SchoolKind.PRIMARY)}人，九年一贯制学校、"
            f"十二年一贯制学校义务教育阶段规模不超过{lim(SchoolKind.NINE_YEAR)}人"),
        5: (f"小学、初中所有班级学生数分别不超过{cs.primary if cs else 45}人、"
            f"{cs.junior if cs else 50}人"),
        6: f"不足{g.small_school_pupils if g else 100}名学生的村小学和教学点按"
           f"{g.small_school_pupils if g else 100}名学生核定公用经费",
        7: f"特殊教育学校生均公用经费不低于{_num(g.special_funds_min_yuan) if g else 6000}元",
        8: "全县义务教育学校教师平均工资收入水平不低于当地公务员平均工资收入水平",
        9: (f"教师{g.training_years if g else 5}年{g.training_hours if g else 360}学时培训"
            f"完成率达到{pc(g.training_completion_min if g else 1)}%"),
        10: "县级教育行政部门在核定的教职工编制总额和岗位总量内，统筹分配各校教职工编制和岗位数量",
        11: (f"全县每年交流轮岗教师的比例不低于符合交流条件教师总数的{pc(g.rotation_min if g else None)}%；"
             f"其中，骨干教师不低于交流轮岗教师总数的{pc(g.backbone_rotation_min if g else None)}%"),
        12: f"专任教师持有教师资格证上岗率达到{pc(g.certification_min if g else 1)}%",
        13: (f"城区和镇区公办小学、初中（不含寄宿制学校）就近划片入学比例分别达到"
             f"{pc(g.nearby_urban_min if g else None)}%、{pc(g.nearby_town_min if g else None)}%"),
        14: (f"全县优质高中招生名额分配比例不低于{pc(g.quota_share_min if g else None)}%，"
             "并向农村初中倾斜"),
        15: (f"符合条件的随迁子女在公办学校和政府购买服务的民办学校就读的比例不低于"
             f"{pc(g.migrant_public_min if g else None)}%"),
    }
    blanks: dict[int, dict[str, Figure]] = {}
    if county is not None and g is not None:
        schools = [s for s in county.schools if s.kind is not SchoolKind.SPECIAL]

        def over(kinds: Sequence[SchoolKind]) -> Figure:
            n = 0
            for s in schools:
                if s.kind in kinds and s.kind in sz:
                    p = sum(b.pupils for b in (s.primary, s.junior) if b is not None)
                    n += p > sz[s.kind]
            return figure(n)

        blanks[4] = {"primary_over": over([SchoolKind.PRIMARY, SchoolKind.TEACHING_POINT]),
                     "junior_over": over([SchoolKind.JUNIOR, SchoolKind.COMPLETE_MIDDLE]),
                     "combined_over": over(list(_COMBINED))}
    if f is not None:
        if f.class_sizes:
            c = f.class_sizes
            blanks[5] = {"primary_classes_over": figure(c.primary_over),
                         "junior_classes_over": figure(c.junior_over)}
        elif county is not None and g is not None:
            # classes by size band: the count over the limit where the bands decide it
            blanks5: dict[str, Figure] = {}
            for seg, key in ((Segment.PRIMARY, "primary_classes_over"),
                             (Segment.JUNIOR, "junior_classes_over")):
                limit = g.class_size_max.get(seg)
                n_over = (band_classes_over(county, seg, limit) if limit is not None
                          else None)
                if n_over is not None:
                    blanks5[key] = figure(n_over)
            if blanks5:
                blanks[5] = blanks5
        if f.small_schools:
            s6 = f.small_schools
            blanks[6] = {"small_pupils": figure(s6.pupils),
                         "small_funds": figure(exact_fraction(s6.funds_yuan))}
        if f.special_funds:
            s7 = f.special_funds
            funds = exact_fraction(s7.funds_yuan)
            blanks[7] = {"special_funds": figure(funds / 10_000, 2),
                         "special_pupils": figure(s7.pupils),
                         "special_per_pupil": figure(funds / s7.pupils)}
        if f.teacher_pay:
            blanks[8] = {"teacher_pay": figure(exact_fraction(f.teacher_pay.teacher_avg_yuan)),
                         "civil_pay": figure(exact_fraction(f.teacher_pay.civil_servant_avg_yuan))}
        if f.training:
            t = f.training
            blanks[9] = {"trained": figure(t.satisfying), "teachers": figure(t.teachers),
                         "training_rate": _pct(t.satisfying, t.teachers)}
        if f.rotation:
            r = f.rotation
            blanks[11] = {"eligible": figure(r.eligible), "rotated": figure(r.rotated),
                          "rotation_rate": _pct(r.rotated, r.eligible),
                          "backbone": figure(r.backbone),
                          "backbone_rate": _pct(r.backbone, r.rotated)}
        if f.certification:
            c12 = f.certification
            blanks[12] = {"full_time": figure(c12.teachers), "certified": figure(c12.satisfying),
                          "certified_rate": _pct(c12.satisfying, c12.teachers)}
        if f.nearby_enrolment:
            n = f.nearby_enrolment
            blanks[13] = {"urban_nearby_rate": _pct(n.urban_nearby, n.urban_enrolled),
                          "town_nearby_rate": _pct(n.town_nearby, n.town_enrolled)}
        if f.quota:
            q = f.quota
            d14 = {"quota_total": figure(q.total), "quota_allocated": figure(q.allocated),
                   "quota_rate": _pct(q.allocated, q.total)}
            if q.rural is not None:
                d14 |= {"quota_rural": figure(q.rural),
                        "quota_rural_rate": _pct(q.rural, q.allocated)}
            blanks[14] = d14
        if f.migrants:
            m = f.migrants
            blanks[15] = {"migrants": figure(m.eligible), "migrants_total": figure(m.in_public),
                          "migrants_rate": _pct(m.in_public, m.eligible)}
    return ItemsTable(TableId.GUARANTEE, tuple(
        _item(ev, "IV", k, texts[k], blanks.get(k), f"G{k}") for k in range(1, 16)))


def _num(x: float) -> str:
    return f"{exact_fraction(x).numerator}" if exact_fraction(x).denominator == 1 else f"{x:g}"


def _check(ev: CountyEvaluation, code: str) -> Check | None:
    try:
        return ev.check(code)
    except KeyError:
        return None


def _item(ev: CountyEvaluation, table: str, number: int, text: str,
          blanks: Mapping[str, Figure] | None, code: str) -> ItemRow:
    chk = _check(ev, code)
    verdict = chk.verdict if chk is not None else None
    tpl = TEMPLATES.get((table, number))
    if tpl is not None:
        if blanks:
            keys = {k for k, *_ in tpl}
            filled = {k: v for k, v in blanks.items() if k in keys}
            return ItemRow(number=number, indicator=text, value=sentence(tpl, filled),
                           blanks=tuple((k, filled.get(k, BLANK)) for k, *_ in tpl),
                           verdict=verdict)
        return ItemRow(number=number, indicator=text, value=NOT_GIVEN, blanks=(), verdict=verdict)
    if chk is None or verdict is Verdict.NOT_ASSESSED:
        return ItemRow(number=number, indicator=text, value=NOT_GIVEN, blanks=(), verdict=verdict)
    value = chk.evidence or chk.reason_zh or verdict_text(verdict)
    return ItemRow(number=number, indicator=text, value=value, blanks=(), verdict=verdict)


def _quality_items(ev: CountyEvaluation, county: County | None, std: Standard) -> ItemsTable:
    q = std.quality
    f = county.quality if county is not None else None

    def pc(x: float | None) -> str:
        return "—" if x is None else f"{round_half_up(exact_fraction(x) * 100, 1).normalize():f}"

    texts = {
        1: f"全县初中三年巩固率达到{pc(q.consolidation_min if q else None)}%以上",
        2: f"全县残疾儿童少年入学率达到{pc(q.disabled_enrolment_min if q else None)}%以上",
        3: "所有学校制定章程，实现学校管理与教学信息化",
        4: (f"所有学校按照不低于学校年度公用经费预算总额的"
            f"{pc(q.training_budget_share_min if q else None)}%安排教师培训经费"),
        5: "教师能熟练运用信息化手段组织教学，设施设备利用率达到较高水平",
        6: "所有学校德育工作、校园文化建设水平达到良好以上",
        7: "所有学校按照国家要求开齐开足课程；建立国家课程方案落实监测制度，教学秩序规范",
        8: "所有学校无过重课业负担",
        9: (f"在国家义务教育质量监测中，相关科目学生学业水平达到"
            f"{_ROMAN.get(q.monitoring_level_min, 'Ⅲ') if q else 'Ⅲ'}级以上，且校际差异率低于"
            f"{q.monitoring_difference_below if q else 0.15:g}"),
    }
    blanks: dict[int, dict[str, Figure]] = {}
    if f is not None:
        if f.consolidation:
            c = f.consolidation
            d1 = {"graduates": figure(c.graduates), "entrants": figure(c.entrants),
                  "transferred_in": figure(c.transferred_in), "deceased": figure(c.deceased),
                  "transferred_out": figure(c.transferred_out), "resumed": figure(c.resumed),
                  "suspended": figure(c.suspended)}
            chk = _check(ev, "Q1")
            if chk is not None and chk.measures:
                d1["consolidation_rate"] = figure(chk.measures[0].exact * 100, 1)
            blanks[1] = d1
        if f.disabled:
            d = f.disabled
            blanks[2] = {"disabled": figure(d.children), "disabled_enrolled": figure(d.enrolled),
                         "disabled_rate": _pct(d.enrolled, d.children)}
        if f.training_budget:
            tb = f.training_budget
            tr, pf = exact_fraction(tb.training_yuan), exact_fraction(tb.public_funds_yuan)
            blanks[4] = {"training_funds": figure(tr), "public_funds": figure(pf),
                         "training_share": figure(tr / pf * 100, 1)}
    items = [_item(ev, "V", k, texts[k], blanks.get(k), f"Q{k}") for k in range(1, 10)]
    if f is not None and f.monitoring is not None:
        m = f.monitoring
        if m.participated:
            text = "；".join(
                f"{r.grade}年级{r.subject}：等级{_ROMAN.get(r.level, '—') if r.level else '—'}，"
                f"校际差异率{r.difference_rate if r.difference_rate is not None else '—'}"
                for r in m.results)
        else:
            text = "本县未被抽中参加国家义务教育质量监测"
        items[8] = attrs.evolve(items[8], value=text)
    return ItemsTable(TableId.QUALITY, tuple(items))


_ROMAN = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}


def _survey_table(county: County | None) -> SurveyTable:
    s = county.survey if county is not None else None
    total = [BLANK] * 7
    parents = [BLANK] * 7
    if s is not None:
        total[1] = figure(s.respondents)
        total[3] = figure(exact_fraction(s.satisfaction) * 100, 2)
        parents[1] = figure(s.parents)
        sat = exact_fraction(s.satisfaction) * s.respondents
        if sat.denominator == 1:       # a whole number of satisfied questionnaires
            total[2] = figure(sat)
    return SurveyTable((SurveyRow("合计", tuple(total)), SurveyRow("其中：家长", tuple(parents))))


def declaration_form(evaluation: CountyEvaluation | ResourceEvaluation,
                     county: County | None = None, *,
                     standard: Standard | str | None = None,
                     basics: Mapping[str, Any] | None = None) -> DeclarationForm:
    """Build the six tables of the declaration form (申报表) from an evaluation.

    Parameters
    ----------
    evaluation : CountyEvaluation or ResourceEvaluation
        The county's evaluation (:func:`qbalance.evaluate_county`); a
        :class:`~qbalance.ResourceEvaluation` gives the resource part alone
        (Tables Ⅰ–Ⅲ).
    county : County, optional
        The county's data: the school rows' grades, classes and owner type, the
        school counts of Table Ⅰ and the blanks of Tables Ⅳ–Ⅵ come from it.
        Without it, Tables Ⅳ and Ⅴ print the evaluation's verdicts with
        "未提供" for the figures.  A county with no guarantee, quality or survey
        facts gives the resource part alone.
    standard : Standard or str, optional
        The standard of the thresholds printed in the indicator texts (default:
        the one the evaluation names).
    basics : mapping, optional
        Table Ⅰ figures the data does not hold, by L-code (``"L5"``) or key
        (``"gdp_per_capita_yuan"``, see :data:`BASICS_KEYS`).

    Returns
    -------
    DeclarationForm

    Raises
    ------
    DataError
        ``county`` is not the evaluated county, or a ``basics`` entry is unknown
        or not a number.

    Examples
    --------
    >>> from qbalance import declaration_form, evaluate_resources, example_county
    >>> county = example_county()                   # constructed data
    >>> form = declaration_form(evaluate_resources(county), county)
    >>> form.resource_only, form.schools.note.primary, form.schools.note.junior
    (True, 14, 8)
    >>> print(form.schools.notes()[0])
    注：小学14所（其中一贯制学校小学部3所，50人及以上教学点1个）；初中8所（其中一贯制学校初中部3所，完全中学初中部1所）。
    """
    if not isinstance(evaluation, (CountyEvaluation, ResourceEvaluation)):
        raise DataError(message("form.not_evaluation", got=type(evaluation).__name__),
                        field="evaluation", value=type(evaluation).__name__)
    if county is not None and county.name != evaluation.county:
        raise DataError(message("form.county_mismatch", county=county.name,
                                evaluated=evaluation.county), field="county",
                        value=county.name)
    if isinstance(standard, Standard):
        std = standard
    else:
        std = load_standard(standard or evaluation.standard_id)
    res = evaluation.resources if isinstance(evaluation, CountyEvaluation) else evaluation
    codes = tuple(res.segments[0].schools[0].codes) if res.segments and res.segments[
        0].schools else tuple(i.code for i in std.indicators)
    specs = {i.code: i for i in std.indicators}
    names = tuple(_short_name(specs[c].name_zh, specs[c].unit_zh) if c in specs else c
                  for c in codes)
    rows, note = _school_rows(res, county, std)
    schools = SchoolRowsTable(codes=codes, names=names, rows=rows, note=note,
                              points_min=std.scope.teaching_point_min_pupils)
    full = isinstance(evaluation, CountyEvaluation) and not (
        county is not None and county.guarantee is None and county.quality is None
        and county.survey is None)
    form = DeclarationForm(
        county=evaluation.county, year=evaluation.year, standard_id=std.id,
        basics=_basics(county, res, basics, std),
        rule_summary=_rule_summary(res, codes, tuple(specs[c].name_zh if c in specs else c
                                                     for c in codes)),
        schools=schools, cvs=_cv_table(res, rows, codes, tuple(
            specs[c].name_zh if c in specs else c for c in codes), note,
            std.scope.teaching_point_min_pupils),
        constructed=evaluation.constructed)
    if full:
        assert isinstance(evaluation, CountyEvaluation)
        form = attrs.evolve(form, guarantee=_guarantee_items(evaluation, county, std),
                            quality=_quality_items(evaluation, county, std),
                            survey=_survey_table(county))
    return form


def form_of(county: County, standard: Standard | str | None = None, *,
            basics: Mapping[str, Any] | None = None) -> DeclarationForm:
    """Evaluate ``county`` and build its declaration form (the CLI's one step).

    Parameters
    ----------
    county : County
    standard : Standard or str, optional
        Default national-2017.
    basics : mapping, optional
        Table Ⅰ figures (see :func:`declaration_form`).

    Returns
    -------
    DeclarationForm
    """
    std = standard if isinstance(standard, Standard) else load_standard(
        standard or "national-2017")
    return declaration_form(evaluate_county(county, std), county, standard=std, basics=basics)
