"""Writing a schools table: a school as a row, CSV / Excel files, the templates with their
explanation sheet (private; the public names are re-exported by
:mod:`qbalance.io.tables`)."""

from __future__ import annotations

import csv
import enum
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from qbalance._messages import check_lang, message
from qbalance._optional import require
from qbalance._text import col_letter
from qbalance.errors import DataError
from qbalance.io._vocabulary import (
    BAND_COLUMNS, _BAND_OF, _BY_KEY, _SCHOOL_Q, _SEG_Q, _TEMPLATE_KEYS,
)
from qbalance.models import CLASS_SIZE_BANDS, County, School, SchoolKind, band_label
from qbalance.vocab import Lang


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
