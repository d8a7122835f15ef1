"""The words of a schools table: its columns (keys, Chinese headers, aliases, units),
the school-kind words, yes/no forms and unit factors (private; the public names are
re-exported by :mod:`qbalance.io.tables`)."""

from __future__ import annotations

import re

import attrs

from qbalance._messages import check_lang
from qbalance.models import CLASS_SIZE_BANDS, SchoolKind, band_label
from qbalance.vocab import Lang


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
