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

import csv
import enum
import io
import math
import re
import types
import typing
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import attrs
from pydantic import ValidationError

from qbalance._messages import Message, check_lang, message
from qbalance._text import col_letter
from qbalance._optional import require
from qbalance._validation import pydantic_message
from qbalance.errors import DataError, DataValidationError, Problem
from qbalance.models import CLASS_SIZE_BANDS, County, School, SchoolKind, band_label
from qbalance.vocab import Lang

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


@attrs.frozen(slots=True, kw_only=True)
class Column:
    """One column of a schools table.

    Attributes
    ----------
    key : str
        Canonical English key, e.g. ``primary_pupils`` or ``teaching_area_m2``.
    zh : str
        The Chinese header written in templates.
    unit : str
        Canonical unit (values are converted to it); ``""`` for text.
    kind : str
        ``"text"``, ``"int"``, ``"float"``, ``"bool"``, ``"kind"``, ``"list"`` or
        ``"flags"`` (names separated by ``;``).
    aliases : tuple of str
        Further headers recognised for this column.
    required : bool
        Whether the template marks the column as required.
    """

    key: str
    zh: str
    unit: str
    kind: str
    aliases: tuple[str, ...] = ()
    required: bool = False


_SEG_FIELDS: tuple[tuple[str, str, str, tuple[str, ...], bool], ...] = (
    # field, zh header, kind, aliases (without segment prefix), required
    ("pupils", "在校生数", "int", ("学生数", "在校学生数"), True),
    ("teachers_above_degree", "高于规定学历教师数", "int", ("高学历教师数",), True),
    ("backbone_teachers", "县级及以上骨干教师数", "int", ("骨干教师数", "县级以上骨干教师数"), True),
    ("pe_art_teachers", "体育艺术专任教师数",
     "int", ("体育、艺术（美术、音乐）专任教师数", "体育艺术（美术、音乐）专任教师数",
             "体育、艺术专任教师数", "体艺专任教师数"), True),
    ("classes", "班级数", "int", ("班数",), False),
    ("grades", "年级数", "int", (), False),
    ("full_time_teachers", "专任教师数", "int", ("专任教师总数",), False),
)
_SEG_UNIT = {"classes": "个", "grades": "个"}

#: Optional whole-school quantities (School.quantities) the shipped standards use:
#: key, zh header, unit, kind, aliases.
SCHOOL_QUANTITY_COLUMNS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("computers", "计算机台数", "台", "int", ("计算机数", "教学用计算机台数")),
    ("library_books", "图书册数", "册", "int", ("藏书册数", "图书藏量", "纸质图书册数")),
    ("indoor_pe_area_m2", "室内体育用房面积", "m²", "float", ("室内体育用房",)),
    ("leased_sports_area_m2", "改造及租用体育场地面积", "m²", "float", ("租用体育场地面积",)),
    ("largest_class", "最大班额", "人", "int", ("最大班级人数",)),
    ("migrant_pupils", "随迁子女在校生数", "人", "int", ("随迁子女数",)),
)
#: Optional per-segment quantities (SegmentData.quantities), prefixed 小学/初中.
SEGMENT_QUANTITY_COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("teachers_mid_title_plus", "中级及以上职称教师数", ("中级以上职称教师数",)),
    ("itinerant_pe_art_teachers", "走教体育艺术教师数", ("交流轮岗兼职走教体育艺术教师数",)),
    ("teachers_zhuanke_plus", "专科及以上学历教师数", ("大专及以上学历教师数",)),
    ("teachers_benke_plus", "本科及以上学历教师数", ()),
    ("teachers_postgraduate", "研究生学历教师数", ("研究生毕业教师数", "研究生学历专任教师数")),
    ("teachers_benke", "本科学历教师数", ("本科毕业教师数", "本科学历专任教师数")),
    ("teachers_zhuanke", "专科学历教师数", ("专科毕业教师数", "专科学历专任教师数",
                                       "大专学历教师数")),
)
def _band_columns() -> tuple[tuple[str, str, str], ...]:
    """(key suffix, canonical band label, Chinese label) of the statistics' class-size
    bands (班额分段: 25人及以下, 26-30人, …, 66人及以上)."""
    out = []
    for lo, hi in CLASS_SIZE_BANDS:
        label = band_label(lo, hi)
        if lo is None:
            out.append((f"le{hi}", label, f"{hi}人及以下"))
        elif hi is None:
            out.append((f"ge{lo}", label, f"{lo}人及以上"))
        else:
            out.append((f"{lo}_{hi}", label, f"{lo}-{hi}人"))
    return tuple(out)


#: Optional per-segment class-size band columns (SegmentData.class_size_bands), prefixed
#: 小学/初中: key ``<segment>_class_band_<suffix>`` -> band label.
BAND_COLUMNS: tuple[tuple[str, str, str], ...] = _band_columns()
_BAND_OF = {f"{seg}_class_band_{suffix}": (seg, label)
            for seg in ("primary", "junior") for suffix, label, _ in BAND_COLUMNS}
_SCHOOL_Q = frozenset(k for k, *_ in SCHOOL_QUANTITY_COLUMNS)
_SEG_Q = frozenset(k for k, *_ in SEGMENT_QUANTITY_COLUMNS)
_SEG_PREFIX = {"primary": ("小学", "小学部"), "junior": ("初中", "初中部")}


def _build_columns() -> tuple[Column, ...]:
    cols = [
        Column(key="id", zh="学校代码", unit="", kind="text", aliases=("学校标识码", "学校编号", "学校编码", "代码"),
               required=True),
        Column(key="name", zh="学校名称", unit="", kind="text", aliases=("学校", "校名", "单位名称"),
               required=True),
        Column(key="kind", zh="学校类型", unit="", kind="kind", aliases=("办学类型", "类型", "学校类别"),
               required=True),
    ]
    for field, zh, kind, aliases, req in _SEG_FIELDS:
        cols.append(Column(key=field, zh=zh, unit=_SEG_UNIT.get(field, "人"), kind=kind,
                           aliases=aliases, required=False))
    for seg, prefixes in _SEG_PREFIX.items():
        for field, zh, kind, aliases, req in _SEG_FIELDS:
            names = [p + a for p in prefixes for a in (zh, *aliases)]
            cols.append(Column(key=f"{seg}_{field}", zh=names[0], unit=_SEG_UNIT.get(field, "人"),
                               kind=kind, aliases=tuple(names[1:]) + (f"{seg}.{field}",),
                               required=req))
    cols += [
        Column(key="senior_pupils", zh="高中在校生数", unit="人", kind="int",
               aliases=("高中学生数", "高中部在校生数")),
        Column(key="kindergarten_pupils", zh="附设幼儿班在校生数", unit="人", kind="int",
               aliases=("幼儿班在校生数", "附设幼儿班学生数", "学前班在校生数")),
        Column(key="teaching_area_m2", zh="教学及辅助用房面积", unit="m²", kind="float",
               aliases=("教学及教学辅助用房面积", "教学辅助用房面积", "teaching_area"), required=True),
        Column(key="sports_area_m2", zh="体育运动场馆面积", unit="m²", kind="float",
               aliases=("体育运动场（馆）面积", "体育运动场(馆)面积", "运动场馆面积", "sports_area"), required=True),
        Column(key="equipment_value_yuan", zh="教学仪器设备值", unit="元", kind="float",
               aliases=("教学仪器设备总值", "教学仪器设备资产值", "equipment_value"), required=True),
        Column(key="multimedia_classrooms", zh="网络多媒体教室数", unit="间", kind="int",
               aliases=("网络多媒体教室", "多媒体教室数"), required=True),
        Column(key="music_room_areas_m2", zh="音乐专用教室面积", unit="m²", kind="list",
               aliases=("音乐教室面积",)),
        Column(key="art_room_areas_m2", zh="美术专用教室面积", unit="m²", kind="list", aliases=("美术教室面积",)),
        Column(key="year_built", zh="建校年份", unit="年", kind="int", aliases=("建设年份", "建成年份")),
        Column(key="rural", zh="是否乡村学校", unit="", kind="bool", aliases=("乡村学校", "是否农村学校")),
        Column(key="private", zh="是否民办", unit="", kind="bool", aliases=("民办", "是否民办学校")),
        Column(key="owner_code", zh="举办者类型代码", unit="", kind="text", aliases=("举办者代码", "举办者类型")),
        Column(key="flags", zh="学校标记", unit="", kind="flags", aliases=("标记",)),
        Column(key="campus_of", zh="所属学校代码", unit="", kind="text",
               aliases=("主校区学校代码", "主校区代码", "所属主校代码")),
    ]
    cols += [Column(key=k, zh=zh, unit=unit, kind=kind, aliases=aliases) for k, zh, unit, kind, aliases
             in SCHOOL_QUANTITY_COLUMNS]
    for seg, prefixes in _SEG_PREFIX.items():
        for field, zh, aliases in SEGMENT_QUANTITY_COLUMNS:
            names = [p + a for p in prefixes for a in (zh, *aliases)]
            cols.append(Column(key=f"{seg}_{field}", zh=names[0], unit="人", kind="int",
                               aliases=tuple(names[1:]) + (f"{seg}.{field}",)))
    for seg, prefixes in _SEG_PREFIX.items():
        for suffix, label, zh in BAND_COLUMNS:
            names = [f"{p}班额{zh}班级数" for p in prefixes] + [
                f"{p}{zh}班级数" for p in prefixes] + [f"{p}班额{zh}" for p in prefixes]
            cols.append(Column(key=f"{seg}_class_band_{suffix}", zh=names[0], unit="个",
                               kind="int",
                               aliases=tuple(names[1:]) + (f"{seg}.class_size_bands.{label}",)))
    return tuple(cols)


#: Every column a schools table may have, in template order (see :func:`column_help`).
COLUMNS: tuple[Column, ...] = _build_columns()
_BY_KEY = {c.key: c for c in COLUMNS}
#: Headers that are recognised and deliberately ignored.
IGNORED_HEADERS = frozenset({"序号", "备注", "no", "no.", "note", "notes", "remark", "remarks"})
_TEMPLATE_KEYS = tuple(c.key for c in COLUMNS if c.key not in dict.fromkeys(
    f for f, *_ in _SEG_FIELDS))

def _load_kind_words() -> tuple[dict[str, SchoolKind], dict[str, str]]:
    """School kinds as sheets write them, from ``data/school_kinds.toml`` (codes of the
    statistics system's 办学类型, common names), plus every kind's value and Chinese name."""
    import tomllib
    from qbalance._data import data_path

    data = tomllib.loads(data_path("school_kinds.toml").read_text("utf-8"))
    words: dict[str, SchoolKind] = {}
    for k in SchoolKind:
        words[_kind_norm(k.value)] = k
        words[_kind_norm(k.zh)] = k
    for table in ("codes", "names"):
        for word, kind in data.get(table, {}).items():
            words[_kind_norm(word)] = SchoolKind(kind)
    out = {_kind_norm(w): str(why) for w, why in data.get("out_of_scope", {}).items()}
    return words, out


def _kind_norm(text: str) -> str:
    import unicodedata

    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


_KIND_WORDS, _OUT_OF_SCOPE_KINDS = _load_kind_words()


def kind_words() -> dict[str, str]:
    """Every spelling of a school kind the reader accepts, mapped to the kind's value.

    The spellings come from ``qbalance/data/school_kinds.toml``: the 办学类型 codes of
    the education statistics system (211 小学, 218 小学教学点, 311 初级中学, 312 九年一贯制
    学校, 341 完全中学, 345 十二年一贯制学校, 511–514 特殊教育学校) and common names
    (完全小学, 中心小学, 村小, 教学点 …), plus every kind's value and Chinese name.

    Returns
    -------
    dict of str to str
        Normalised spelling (no spaces, lower case) → :class:`SchoolKind` value.

    Examples
    --------
    >>> from qbalance.io.tables import kind_words
    >>> kind_words()["村小"], kind_words()["218"], kind_words()["完全中学"]
    ('primary', 'teaching_point', 'complete_middle')
    """
    return {w: k.value for w, k in _KIND_WORDS.items()}


#: Yes/no cells accepted (after NFKC normalisation, lower case); anything else —
#: ``x`` included, which some people type for yes and others for no — is an error.
YES_WORDS = frozenset({"是", "yes", "y", "true", "1", "1.0", "√", "✓", "✔"})
NO_WORDS = frozenset({"否", "no", "n", "false", "0", "0.0", "×", "✗", "✘"})
_TRUE = YES_WORDS
_FALSE = NO_WORDS

# unit spellings accepted per canonical unit, with the factor to the canonical unit
_UNITS: dict[str, dict[str, float]] = {
    "人": {"人": 1, "名": 1, "个": 1, "persons": 1, "person": 1, "pupils": 1,
          "teachers": 1, "people": 1},
    "个": {"个": 1, "班": 1, "classes": 1},
    "间": {"间": 1, "个": 1, "rooms": 1, "room": 1},
    "m²": {"m²": 1, "m2": 1, "㎡": 1, "平方米": 1, "平米": 1, "sqm": 1, "sq m": 1,
           "m^2": 1, "亩": 2000 / 3, "公顷": 10_000, "ha": 10_000},
    "元": {"元": 1, "yuan": 1, "cny": 1, "rmb": 1, "万元": 10_000, "10k yuan": 10_000,
          "10000 yuan": 10_000, "千元": 1_000},
    "年": {"年": 1, "year": 1},
    "台": {"台": 1, "computers": 1},
    "册": {"册": 1, "books": 1, "万册": 10_000},
    "": {"": 1},
}
_UNIT_ROW_MARKS = frozenset({"单位", "unit", "units", "（单位）", "(单位)", "计量单位"})
_TOTAL_MARKS = ("合计", "总计", "小计", "total")


def _norm(text: str) -> str:
    """Normalise a header for matching: no spaces, ASCII brackets, lower case."""
    t = re.sub(r"\s+", "", str(text)).replace("（", "(").replace("）", ")")
    return t.replace("\u3000", "").lower()


def _split_unit(header: str) -> tuple[str, str | None]:
    """``"教学仪器设备值（万元）"`` → ``("教学仪器设备值", "万元")``."""
    h = re.sub(r"\s+", " ", str(header)).strip()
    m = re.fullmatch(r"(.*?)\s*[（(\[]\s*([^（）()\[\]]*)\s*[）)\]]\s*", h)
    if m and m.group(1) and _unit_factor_any(m.group(2)) is not None:
        return m.group(1), m.group(2).strip()
    return h, None


def _unit_factor_any(unit: str) -> float | None:
    u = _norm(unit)
    for table in _UNITS.values():
        for name, f in table.items():
            if _norm(name) == u and name:
                return f
    return None


_LOOKUP: dict[str, str] = {}
for _c in COLUMNS:
    for _name in (_c.key, _c.zh, *_c.aliases):
        _LOOKUP.setdefault(_norm(_name), _c.key)


def column_help(lang: Lang = "zh") -> str:
    """A plain-text list of every column: key, Chinese header, unit and aliases.

    Parameters
    ----------
    lang : {"zh", "en"}
        Language of the title line and of the required marks (``（必填）`` /
        ``(required)``); keys, headers, units and aliases are the same in both.

    Returns
    -------
    str
        The title line, then one line per column of :data:`COLUMNS`, marking the
        required columns.

    Examples
    --------
    >>> from qbalance.io.tables import column_help
    >>> print(column_help().splitlines()[1])
    id  学校代码  —  学校标识码 / 学校编号 / 学校编码 / 代码  （必填）
    >>> print(column_help("en").splitlines()[1])
    id  学校代码  —  学校标识码 / 学校编号 / 学校编码 / 代码  (required)
    """
    lang = check_lang(lang)
    head = "key  中文表头  单位  其他写法" if lang == "zh" else "key  header  unit  aliases"
    lines = [head]
    for c in COLUMNS:
        req = ""
        if c.required:
            seg = c.key.startswith(("primary_", "junior_"))
            if lang == "zh":
                req = "  （有该学段的学校必填）" if seg else "  （必填）"
            else:
                req = "  (required for schools with this segment)" if seg else "  (required)"
        lines.append(f"{c.key}  {c.zh}  {c.unit or '—'}  {' / '.join(c.aliases)}{req}")
    return "\n".join(lines)


# -- reading -------------------------------------------------------------------------

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


# -- writing -------------------------------------------------------------------------

def school_row(school: School) -> dict[str, Any]:
    """One school as a flat row keyed by canonical column keys (blank cells omitted).

    Parameters
    ----------
    school : School
        The school.

    Returns
    -------
    dict
        Column key (see :data:`COLUMNS`) → value, in template column order; the kind
        as its English value, a list as ``;``-separated numbers, money in 元.  Fields
        without a value, zero senior pupils and ``private = False`` are left out.

    Examples
    --------
    >>> from qbalance import example_county
    >>> from qbalance.io.tables import school_row
    >>> row = school_row(example_county().school("N01"))
    >>> row["kind"], row["primary_pupils"], row["junior_pupils"]
    ('nine_year', 620, 380)
    """
    d = school.model_dump(mode="python", exclude_none=True)
    known_bands = {label for _, label, _ in BAND_COLUMNS}
    for seg_name in ("primary", "junior"):
        other = sorted(set((d.get(seg_name) or {}).get("class_size_bands") or {}) - known_bands)
        if other:
            # a band the table has no column for would be lost in the row
            raise DataError(message("table.band_no_column", bands=", ".join(other)),
                            school=f"{school.id} ({school.name})",
                            field=f"{seg_name}.class_size_bands", value=other)
    out: dict[str, Any] = {}
    for key in _TEMPLATE_KEYS:
        if key in _BAND_OF:
            seg_b, label = _BAND_OF[key]
            blk_b = d[seg_b] if isinstance(d.get(seg_b), dict) else {}
            v = (blk_b.get("class_size_bands") or {}).get(label)
        elif key.startswith(("primary_", "junior_")):
            seg, field = key.split("_", 1)
            blk: dict[str, Any] = d[seg] if isinstance(d.get(seg), dict) else {}
            v = blk.get("quantities", {}).get(field) if field in _SEG_Q else blk.get(field)
        elif key in _SCHOOL_Q:
            v = d.get("quantities", {}).get(key)
        else:
            v = d.get(key)
        if key == "flags":
            v = ";".join(v) if v else None
        if v is None:
            continue
        if isinstance(v, SchoolKind):
            v = v.value
        elif isinstance(v, tuple):
            v = ";".join(f"{x:g}" for x in v)
        elif isinstance(v, float) and (key in _SCHOOL_Q or key.split("_", 1)[-1] in _SEG_Q) \
                and _BY_KEY[key].kind == "int" and v.is_integer():
            v = int(v)
        out[key] = v
    for key in ("senior_pupils", "kindergarten_pupils"):
        if out.get(key) == 0:
            del out[key]
    if out.get("private") is False:
        del out["private"]
    return out


def county_rows(county: County | Sequence[School]) -> list[dict[str, Any]]:
    """Every school of ``county`` as a flat row (see :func:`school_row`).

    Parameters
    ----------
    county : County or sequence of School
        The schools.

    Returns
    -------
    list of dict
        One :func:`school_row` per school, in the county's order.
    """
    schools = county.schools if isinstance(county, County) else county
    return [school_row(s) for s in schools]


def _used_quantities(standard: Any = None) -> frozenset[str]:
    """Names of the optional quantities the standard's indicators read."""
    from qbalance.models import Segment
    from qbalance.standard import Standard, load_standard

    std = standard if isinstance(standard, Standard) else load_standard(standard or
                                                                       "national-2017")
    names: set[str] = set()
    for spec in std.indicators:
        for seg in Segment:
            try:
                names.update(std.numerator(spec.code, seg).names)
            except Exception:  # noqa: S112 - no numerator for this segment
                continue
    return frozenset(names)


def template_keys(standard: Any = None) -> list[str]:
    """The columns of a blank template: what the method uses, nothing more.

    The core columns every standard reads (ids, kinds, pupils and teachers per segment,
    the whole-school stocks, the rooms, building year and rural / private marks), plus
    the optional quantities (computers, library books …) only when ``standard``'s
    indicators read them.

    Parameters
    ----------
    standard : Standard or str, optional
        The standard (default ``"national-2017"``).

    Returns
    -------
    list of str
        Column keys (see :data:`COLUMNS`), in template order.

    Examples
    --------
    >>> from qbalance.io.tables import template_keys
    >>> "computers" in template_keys(), "primary_pupils" in template_keys()
    (False, True)
    """
    used = _used_quantities(standard)
    out = []
    for k in _TEMPLATE_KEYS:
        field = k.split("_", 1)[1] if k.startswith(("primary_", "junior_")) else k
        if (k in _SCHOOL_Q or field in _SEG_Q) and k not in used and field not in used:
            continue
        if k in ("owner_code", "flags", "campus_of"):
            continue  # scope switches of some standards: add the column when needed
        if k in _BAND_OF:
            continue  # classes by size band: an alternative input of guarantee 5
        out.append(k)
    return out


def _header_keys(rows: Sequence[Mapping[str, Any]] | None) -> list[str]:
    if rows is None:
        return template_keys()
    used = {k for r in rows for k in r}
    return [k for k in _TEMPLATE_KEYS if k in used or _BY_KEY[k].required]


def _table(rows: Sequence[Mapping[str, Any]] | None, lang: Lang, units: bool
           ) -> Iterator[list[Any]]:
    keys = _header_keys(rows)
    yield [_BY_KEY[k].zh if lang == "zh" else k for k in keys]
    if units:
        unit = ["单位" if lang == "zh" else "unit"] + [_BY_KEY[k].unit for k in keys[1:]]
        yield unit
    for r in rows or ():
        yield [_localise(k, r.get(k), lang) for k in keys]


def _localise(key: str, v: Any, lang: Lang) -> Any:
    if lang != "zh" or v is None:
        return v
    if key == "kind":
        return SchoolKind(v).zh
    if isinstance(v, bool):
        return "是" if v else "否"
    return v


def write_schools_csv(county: County | Sequence[School], path: str | Path, *,
                      lang: Lang = "zh", units: bool = True) -> Path:
    """Write schools as CSV (UTF-8 with BOM, so Excel shows Chinese correctly).

    Parameters
    ----------
    county : County or sequence of School
        The schools.
    path : str or pathlib.Path
        Output file.
    lang : {"zh", "en"}
        Chinese headers or English keys.
    units : bool
        Write the units row under the header.

    Returns
    -------
    pathlib.Path
        ``path``, as a :class:`~pathlib.Path`.
    """
    lang = check_lang(lang)
    p = Path(path)
    with p.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        for row in _table(county_rows(county), lang, units):
            w.writerow(["" if v is None else v for v in row])
    return p


def write_schools_excel(county: County | Sequence[School] | None, path: str | Path, *,
                        lang: Lang = "zh", units: bool = True) -> Path:
    """Write schools (or, with ``county=None``, a blank template) as an .xlsx workbook.

    Needs the ``excel`` extra (openpyxl).  The school-kind and yes/no columns offer
    drop-down lists; a second sheet explains every column.

    Parameters
    ----------
    county : County, sequence of School or None
        The schools; ``None`` writes a blank template with every column.
    path : str or pathlib.Path
        Output file (``.xlsx``).
    lang : {"zh", "en"}
        Chinese headers or English keys (also for the sheet names and drop-down
        words).
    units : bool
        Write the units row under the header.

    Returns
    -------
    pathlib.Path
        ``path``, as a :class:`~pathlib.Path`.

    Raises
    ------
    MissingDependencyError
        openpyxl is not installed.
    """
    lang = check_lang(lang)
    openpyxl = require("openpyxl", "writing Excel files")
    styles = require("openpyxl.styles", "writing Excel files")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "学校" if lang == "zh" else "schools"
    rows = None if county is None else county_rows(county)
    for row in _table(rows, lang, units):
        ws.append(row)
    validation = require("openpyxl.worksheet.datavalidation", "writing Excel files")
    keys = _header_keys(rows)
    first = 3 if units else 2
    for j, key in enumerate(keys):
        col = _BY_KEY[key]
        if col.kind == "kind":
            words = [k.zh if lang == "zh" else k.value for k in SchoolKind]
        elif col.kind == "bool":
            words = ["是", "否"] if lang == "zh" else ["yes", "no"]
        else:
            continue
        dv = validation.DataValidation(type="list", formula1='"' + ",".join(words) + '"',
                                       allow_blank=True)
        letter = col_letter(j)
        dv.add(f"{letter}{first}:{letter}{first + 2000}")
        ws.add_data_validation(dv)
    bold = styles.Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    ws.freeze_panes = "A3" if units else "A2"
    for j, cell in enumerate(ws[1], start=1):
        ws.column_dimensions[col_letter(j - 1)].width = max(10, 2 * len(str(cell.value)) + 2)
    info = wb.create_sheet("说明" if lang == "zh" else "columns")
    for row in explanation_rows(keys, lang):
        info.append(row)
    for cell in info[1]:
        cell.font = bold
    for letter, width in zip("ABCDEFGH", (24, 26, 8, 60, 34, 18, 30, 8), strict=False):
        info.column_dimensions[letter].width = width
    p = Path(path)
    wb.save(p)
    return p


_EXPLAIN: dict[str, tuple[str, str, str]] = {
    # key: (Chinese explanation, English explanation, example)
    "id": ("学校代码（统计系统的学校标识码），县内唯一", "the school's code, unique in the county",
           "2153010001"),
    "name": ("学校名称", "the school's name", "城关第一小学"),
    "kind": ("学校类型：小学、初中、九年一贯制学校、十二年一贯制学校、完全中学、教学点、特殊教育学校；也可填"
             "完全小学、中心小学、村小、初级中学等常见写法，或办学类型代码 211、218、311、312、341、345",
             "kind of school (小学 …, common names such as 村小, or the 办学类型 code 211, 218, "
             "311, 312, 341, 345)", "小学"),
    "pupils": ("在校生数（只有一个学段的学校可不写“小学/初中”前缀）", "pupils (single-segment schools)",
               "1860"),
    "teachers_above_degree": ("高于规定学历的专任教师数", "teachers above the required degree",
                              "148"),
    "backbone_teachers": ("县级及以上骨干教师数", "backbone teachers (county level or higher)",
                          "27"),
    "pe_art_teachers": ("体育、艺术（美术、音乐）专任教师数", "PE, fine-art and music teachers", "30"),
    "classes": ("班级数（音乐、美术专用教室按每 12 个班 1 间核定）",
                "classes (music and art rooms: one per 12 classes)", "44"),
    "full_time_teachers": ("专任教师总数", "all full-time teachers", "109"),
    "senior_pupils": ("高中在校生数（十二年一贯制学校、完全中学，用于按加权学生数分摊校舍和设备）",
                      "senior pupils (for splitting the stocks of combined schools)", "1200"),
    "teaching_area_m2": ("全校教学及辅助用房面积", "teaching and auxiliary floor area of the school",
                         "14881.4"),
    "sports_area_m2": ("全校体育运动场（馆）面积；以亩填写时表头写“（亩）”",
                       "sports ground and hall area (write （亩） in the header for 亩)",
                       "26251.9"),
    "equipment_value_yuan": ("全校教学仪器设备值；以万元填写时表头写“（万元）”",
                             "teaching equipment value (write （万元） in the header for 万元)",
                             "4493458"),
    "multimedia_classrooms": ("网络多媒体教室间数", "networked multimedia classrooms", "59"),
    "music_room_areas_m2": ("每间音乐专用教室的面积，多间用顿号、分号或逗号分隔；每间 10–1000 平方米",
                            "area of each music room, separated by 、 ; or ,", "78、96、96"),
    "art_room_areas_m2": ("每间美术专用教室的面积，多间用顿号、分号或逗号分隔；每间 10–1000 平方米",
                          "area of each art room, separated by 、 ; or ,", "72、90"),
    "year_built": ("建校（校舍建成）年份：2016 年以前建成的学校音乐、美术教室只看间数",
                   "year built (rooms of schools built before 2016: count only)", "2008"),
    "rural": ("是否乡村学校：是/否（也可填 1/0、√/×）", "rural school: 是/否 (or 1/0, √/×)", "否"),
    "private": ("是否民办：是/否（也可填 1/0、√/×）", "private school: 是/否 (or 1/0, √/×)", "否"),
    "kindergarten_pupils": ("附设幼儿班在校生数：只有附设幼儿班的学校填写；不参加评估，"
                            "但标准须说明校舍等存量如何与幼儿班分摊",
                            "pupils of attached kindergarten classes: only schools that have "
                            "them; not evaluated, but the standard must say how the stocks are "
                            "shared with them", ""),
    "grades": ("年级数（申报表表Ⅱ-2的L5列）", "grades of the section (declaration form II-2, L5)",
               "6"),
    "campus_of": ("分校区单独填报时，所属（主校区）学校的学校代码；只有一个学段学生的分校区按该学段的学校"
                  "填写学校类型，不拆分",
                  "for a branch campus entered as a school of its own: the main school's id; a "
                  "branch with pupils of one stage only is a school of that stage, not split",
                  "N01"),
}


def _applies(key: str, lang: Lang) -> str:
    """Which kinds of school fill the column."""
    from qbalance.models import _SEGMENTS_OF

    def kinds(pred: Any) -> str:
        ks = [k for k in SchoolKind if pred(_SEGMENTS_OF[k])]
        return ("、" if lang == "zh" else ", ").join(k.zh if lang == "zh" else k.value
                                                    for k in ks)

    field = key.split("_", 1)[1] if key.startswith(("primary_", "junior_")) else key
    if key.startswith("primary_"):
        return kinds(lambda s: s[0] is True)
    if key.startswith("junior_"):
        return kinds(lambda s: s[1] is True)
    if key == "senior_pupils":
        return kinds(lambda s: s[2] is True)
    if field in ("id", "name", "kind"):
        return "全部" if lang == "zh" else "all"
    if key in ("teaching_area_m2", "sports_area_m2", "equipment_value_yuan",
               "multimedia_classrooms", "music_room_areas_m2", "art_room_areas_m2",
               "year_built", "rural", "private"):
        return kinds(lambda s: s != (None, None, None))
    return kinds(lambda s: True)


def explanation_rows(keys: Sequence[str] | None = None, lang: Lang = "zh") -> list[list[str]]:
    """The rows of the template's 说明 sheet: every column with its unit, meaning, the
    kinds of school that fill it, an example, and the list and yes/no syntax.

    Parameters
    ----------
    keys : sequence of str, optional
        The columns (default: :func:`template_keys`).
    lang : {"zh", "en"}
        Language of the headings and explanations.

    Returns
    -------
    list of list of str
        A heading row, one row per column, then notes on blank cells, special
        schools, lists, yes/no, totals rows and units.

    Examples
    --------
    >>> from qbalance.io.tables import explanation_rows
    >>> rows = explanation_rows()
    >>> rows[0][:4]
    ['列名', '英文键', '单位', '说明']
    >>> [r for r in rows if r[1] == "music_room_areas_m2"][0][5]
    '78、96、96'
    """
    lang = check_lang(lang)
    zh = lang == "zh"
    out = [["列名", "英文键", "单位", "说明", "填写的学校", "示例", "其他写法", "必填"] if zh else
           ["header", "key", "unit", "meaning", "filled by", "example", "aliases", "required"]]
    for k in keys if keys is not None else template_keys():
        c = _BY_KEY[k]
        field = k.split("_", 1)[1] if k.startswith(("primary_", "junior_")) else k
        ex_zh, ex_en, example = _EXPLAIN.get(field, (c.zh, c.key, ""))
        seg = {"primary": "小学", "junior": "初中"}.get(k.split("_", 1)[0], "")
        text = (seg + "：" + ex_zh if seg and zh else ex_zh) if zh else (
            f"{k.split('_', 1)[0]}: {ex_en}" if seg else ex_en)
        out.append([c.zh, c.key, c.unit, text, _applies(k, lang), example,
                    " / ".join(a for a in c.aliases if "." not in a),
                    ("是" if zh else "yes") if c.required else ""])
    notes_zh = [
        "空白、“-”“—”“/”表示无此项；小学的初中各列留空（填 0 也可以，但不能填其他数）。",
        "特殊教育学校、职业学校不参加资源配置指标计算：只需填学校代码、名称、类型，其余可留空。",
        "数字只填数字：千位分隔符必须每三位一组（4,430,100），小数用“.”；单位写在表头或第二行“单位”行。",
        "多间教室的面积用顿号、分号、逗号、斜杠或空格分隔，例如 78、96、96（三间）。",
        "是否类列填 是/否，也可填 1/0、1.0/0.0、√/×、yes/no；其他写法（如 x）会报错。",
        "合计、小计行会与各校之和核对后跳过；不一致会报错。",
        "班额也可按统计报表的分段填写（可选列）：小学班额25人及以下班级数、小学班额26-30人班级数……"
        "小学班额66人及以上班级数，初中同；各段之和须等于班级数。",
        "附设幼儿班的学校填“附设幼儿班在校生数”（可选列）；标准须给出幼儿班的折算系数，或说明存量不含幼儿班。",
    ]
    notes_en = [
        "Blank, '-', '—' or '/' means no value; leave the 初中 columns of a 小学 blank (0 is "
        "fine too, any other number is an error).",
        "Special and vocational schools are out of the resource indicators: fill only the "
        "code, name and kind.",
        "Numbers only: thousands separators in groups of three (4,430,100), a point for "
        "decimals; units in the header or the 单位 row.",
        "Several rooms: separate the areas with 、 ; , / or a space, e.g. 78、96、96.",
        "Yes/no columns: 是/否, 1/0, 1.0/0.0, √/×, yes/no; anything else (such as x) is "
        "an error.",
        "合计 / 小计 rows are checked against the schools and skipped; a mismatch is an error.",
        "Class sizes may also be given by the statistics' size bands (optional columns): "
        "小学班额25人及以下班级数, 小学班额26-30人班级数 … 小学班额66人及以上班级数, the same for "
        "初中; the bands must add up to the classes.",
        "Schools with attached kindergarten classes fill 附设幼儿班在校生数 (optional); the "
        "standard must give their split weight or say the stocks exclude them.",
    ]
    out.append(["", ""])
    out += [[("注意" if zh else "note"), n] for n in (notes_zh if zh else notes_en)]
    return out


def write_template(directory: str | Path, *, lang: Lang = "zh", excel: bool = True
                   ) -> list[Path]:
    """Write blank templates: ``schools-template.csv`` (and ``.xlsx``) plus ``county.toml``.

    The schools templates have the header row and a units row; ``county.toml``
    holds the county-level facts (name, year, …) read with ``--county``.

    Parameters
    ----------
    directory : str or pathlib.Path
        Created if missing.
    lang : {"zh", "en"}
        Chinese headers or English keys.
    excel : bool
        Also write the .xlsx template (needs openpyxl).

    Returns
    -------
    list of pathlib.Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> from qbalance.io.tables import write_template
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_template(d)]
    ['schools-template.csv', 'schools-template.xlsx', 'county.toml']
    """
    lang = check_lang(lang)
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    out = []
    p = d / "schools-template.csv"
    with p.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        for row in _table(None, lang, True):
            w.writerow(row)
    out.append(p)
    if excel:
        out.append(write_schools_excel(None, d / "schools-template.xlsx", lang=lang))
    facts = d / "county.toml"
    facts.write_text(county_template(lang=lang), encoding="utf-8")
    out.append(facts)
    return out


def county_template(standard: Any = None, lang: Lang = "zh") -> str:
    """A county file (TOML) to fill in: name and year, and every county-level section.

    Generated from the :class:`qbalance.County` model, so it lists every field of the
    government-guarantee, quality, survey and veto sections with its Chinese name,
    unit and meaning; the sections are commented out (a section left out is judged
    "not assessed").  Veto codes come from ``standard`` (default: national 2017).

    Parameters
    ----------
    standard : Standard or str, optional
        The standard whose veto conditions are listed: a :class:`qbalance.Standard`,
        or an id or file for :func:`qbalance.load_standard` (default
        ``"national-2017"``).
    lang : {"zh", "en"}
        Language of the comments: Chinese names and units (default), or the Chinese
        names followed by the English meanings.

    Returns
    -------
    str
        TOML text ending with a newline: ``name`` and ``year`` set to placeholders,
        every other field commented out with its meaning.

    Examples
    --------
    >>> import tomllib
    >>> from qbalance.io.tables import county_template
    >>> text = county_template()
    >>> tomllib.loads(text)["year"]
    2025
    >>> "# [guarantee.quota]" in text and "# [vetoes.exam_admission]" in text
    True
    >>> text.splitlines()[0]
    '# 县级数据（政府保障程度、教育质量、社会认可度、不予认定情形），用法：'
    """
    from pydantic import BaseModel

    from qbalance.standard import Standard, load_standard

    std = standard if isinstance(standard, Standard) else load_standard(standard or
                                                                       "national-2017")
    zh = check_lang(lang) == "zh"
    lines = [
        "# 县级数据（政府保障程度、教育质量、社会认可度、不予认定情形），用法：",
        "#   qbalance evaluate 学校表.xlsx --county county.toml",
        "# 学校来自学校表，这里不要列出学校。",
        "# 注释掉（没有填写）的部分结论为“未评估”，不会算作达标。",
        "",
        'name = "某县"  # 县名',
        "year = 2025  # 年度：数据所属学年",
    ] if zh else [
        "# County-level facts (县级信息), read with:",
        "#   qbalance evaluate SCHOOLS.xlsx --county county.toml",
        "# The schools come from the schools table; do not list them here.",
        "# Sections left commented out are judged 'not assessed' (未评估), never passed.",
        "",
        'name = "某县"  # 县名',
        "year = 2025  # 年度: school year of the data",
    ]
    lines += [
        '# province = "某省"  # 省份',
        '# code = "000000"  # 行政区划代码',
        '# segments = ["primary", "junior"]  # 评估学段',
    ]
    required = "（必填）" if zh else "  (required)"

    def doc(field: Any) -> str:
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        name, unit = extra.get("zh", ""), extra.get("unit", "")
        text = f"{name}（{unit}）" if unit else str(name)
        if zh or not field.description:
            return text
        return f"{text}: {field.description}"

    def inner(tp: Any) -> Any:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if typing.get_origin(tp) in (typing.Union, types.UnionType) and \
            len(args) == 1 else tp

    def example(tp: Any) -> str:
        tp = inner(tp)
        if tp is bool:
            return "true"
        if tp is int:
            return "0"
        if tp is float:
            return "0.0"
        if tp is str:
            return '""'
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return f'"{next(iter(tp)).value}"'
        if typing.get_origin(tp) is dict:      # classes by size band: label -> classes
            return "{ " + ", ".join(f'"{band_label(lo, hi)}" = 0'
                                    for lo, hi in CLASS_SIZE_BANDS) + " }"
        return "[]"

    def section(model: type[BaseModel], path: str, title: str) -> None:
        scalars, nested = [], []
        for name, field in model.model_fields.items():
            tp = inner(field.annotation)
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                nested.append((name, tp, field))
            elif typing.get_origin(tp) is tuple and typing.get_args(tp) and isinstance(
                    typing.get_args(tp)[0], type) and issubclass(typing.get_args(tp)[0],
                                                                 BaseModel):
                nested.append((name, typing.get_args(tp)[0], field))
            else:
                scalars.append((name, field))
        if scalars:
            lines.append("")
            lines.append(f"# [{path}]  # {title}")
            for name, field in scalars:
                req = "" if not field.is_required() else required
                lines.append(f"# {name} = {example(field.annotation)}  # {doc(field)}{req}")
        for name, tp, field in nested:
            many = typing.get_origin(inner(field.annotation)) is tuple
            sub = f"{path}.{name}"
            if many:
                sub = f"[{sub}]"
            section(tp, sub, doc(field))

    for name in ("guarantee", "quality", "survey"):
        field = County.model_fields.get(name)
        tp = inner(field.annotation) if field is not None else None
        if field is not None and isinstance(tp, type) and issubclass(tp, BaseModel):
            section(tp, name, doc(field))
    if "vetoes" in County.model_fields and std.vetoes:
        lines.append("")
        lines.append("# 不予认定情形：`holds = true` 表示存在该情形" if zh else
                     "# 不予认定情形 (veto conditions): holds = true means the condition holds")
        for v in std.vetoes:
            lines.append(f"# [vetoes.{v.code}]  # {v.name_zh}" if zh else
                         f"# [vetoes.{v.code}]  # {v.name_zh} ({v.name_en})")
            lines.append("# holds = false")
            lines.append('# evidence = ""')
    return "\n".join(lines) + "\n"
