"""The message catalogue: one table of message templates per language.

Every user-facing message qbalance prints (error messages, CLI lines) is a
template keyed by a stable **code** (``"ratio.negative"``); :data:`ZH` and
:data:`EN` hold the Chinese and English templates.  An error keeps its code as
``err.code`` (machine-readable, the same in every language, as pydantic's error
``type``) and renders in the session language when printed.

The session language is, in order: :func:`use_lang` / :func:`set_lang` if set,
else the ``QBALANCE_LANG`` environment variable (``zh`` or ``en``), else Chinese.
API functions that take ``lang=`` default to ``"zh"``; the CLI's ``--lang``
defaults to the session language.

Placeholders are :meth:`str.format` fields; a format spec picks how a value is
shown: ``{value:v}`` quotes it (``空`` / ``empty`` for ``None``), ``{field:f}``
translates a field path (``quality.monitoring`` → ``教育质量·9 国家义务教育质量监测``),
``{name:t}`` an identifier (a ratio, a parameter: :data:`TERMS`), ``{value:r}`` is
the value's ``repr`` (English templates that quote Python values), ``{where:p}`` a
problem's location with its structural words in the language (:func:`place`:
``s.csv, row 4`` → ``s.csv，第 4 行``), anything else formats as usual.

>>> from qbalance._messages import message, use_lang
>>> m = message("data.negative", what="pupils", value=-3)
>>> m.code
'data.negative'
>>> print(m.render("zh"))
在校生数 不能为负数（给出的值：-3）
>>> print(m.render("en"))
pupils must not be negative (given: -3)
>>> with use_lang("en"):
...     print(m)
pupils must not be negative (given: -3)
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypedDict

from qbalance.vocab import Lang

__all__ = [
    "EN",
    "ENV_VAR",
    "LANGS",
    "Both",
    "Lines",
    "ZH",
    "Lang",
    "Message",
    "check_lang",
    "default_lang",
    "field_label",
    "get_lang",
    "message",
    "os_reason",
    "pair",
    "place",
    "position",
    "set_lang",
    "show",
    "term",
    "text",
    "use_lang",
]

LANGS: tuple[Lang, ...] = ("zh", "en")
#: Environment variable that sets the session language (``zh`` or ``en``).
ENV_VAR = "QBALANCE_LANG"

_override: ContextVar[Lang | None] = ContextVar("qbalance_lang", default=None)
_process_lang: list[Lang | None] = [None]


def default_lang() -> Lang:
    """The language ``QBALANCE_LANG`` names (``zh``/``en``, any case), else ``"zh"``."""
    env = os.environ.get(ENV_VAR, "").strip().lower().replace("_", "-")
    if env.startswith("en"):
        return "en"
    return "zh"


def get_lang() -> Lang:
    """The session language: :func:`use_lang`, :func:`set_lang`, ``QBALANCE_LANG``, ``zh``.

    Returns
    -------
    {"zh", "en"}
        The language errors and CLI messages render in.

    Examples
    --------
    >>> from qbalance._messages import get_lang, use_lang
    >>> with use_lang("en"):
    ...     get_lang()
    'en'
    """
    return _override.get() or _process_lang[0] or default_lang()


def check_lang(lang: object) -> Lang:
    """``lang`` if it is ``"zh"`` or ``"en"``; raises :class:`qbalance.SpecError` otherwise.

    ``None`` gives the session language (:func:`get_lang`).
    """
    if lang is None:
        return get_lang()
    if lang in LANGS:
        return lang
    from qbalance.errors import SpecError

    raise SpecError(message("lang.unknown", value=lang))


def set_lang(lang: Lang | None) -> None:
    """Set the session language for the rest of the process (``None``: back to the default).

    Parameters
    ----------
    lang : {"zh", "en"} or None
        The language error messages render in.

    Examples
    --------
    >>> import qbalance
    >>> from qbalance._messages import set_lang
    >>> set_lang("en")
    >>> try:
    ...     qbalance.weighted_cv([1.0, float("nan")], [10, 20])
    ... except qbalance.QBalanceError as err:
    ...     print(err.code, "|", err)
    core.not_finite | values: position 1 has value nan; values must be finite numbers
    >>> set_lang(None)   # back to QBALANCE_LANG, else Chinese
    """
    _process_lang[0] = None if lang is None else check_lang(lang)


@contextmanager
def use_lang(lang: Lang | None) -> Iterator[Lang]:
    """Render messages in ``lang`` inside the ``with`` block (``None``: no change).

    Parameters
    ----------
    lang : {"zh", "en"} or None
        The language.

    Yields
    ------
    {"zh", "en"}
        The language in force inside the block.

    Examples
    --------
    >>> import qbalance
    >>> from qbalance._messages import use_lang
    >>> try:
    ...     qbalance.School(id="P1", name="甲小学", kind="primary")
    ... except qbalance.DataValidationError as err:
    ...     with use_lang("en"):
    ...         print(err.problems[0])
    P1 (甲小学): field 'teaching_area_m2' = empty: Field required
    """
    token = _override.set(_override.get() if lang is None else check_lang(lang))
    try:
        yield get_lang()
    finally:
        _override.reset(token)


# ---------------------------------------------------------------- showing values

def show(value: Any, lang: Lang | None = None) -> str:
    """A value as messages show it: ``空`` (``empty``) for ``None``/blank, quoted text.

    Parameters
    ----------
    value : object
        The value.
    lang : {"zh", "en"}, optional
        Language (default: the session language).

    Returns
    -------
    str
        The value for a message.
    """
    lg = check_lang(lang)
    if value is None or (isinstance(value, str) and not value.strip()):
        return "空" if lg == "zh" else "empty"
    if isinstance(value, bool):
        return ("是" if value else "否") if lg == "zh" else ("yes" if value else "no")
    if isinstance(value, str):
        out = f"“{value}”" if lg == "zh" else repr(value)
    elif isinstance(value, float) and math.isnan(value):
        out = "nan"
    else:
        out = str(value)
    return out if len(out) <= _LONGEST else out[:_LONGEST - 1] + "…"


#: Values longer than this many characters are cut in messages.
_LONGEST = 80


def _model_field_label(path: list[str], lang: Lang, *, sep: str = "·",
                       names: Mapping[str, str] | None = None) -> str | None:
    """The Chinese titles of the parts of a path into the county model, joined by
    ``sep``; ``None`` when a part is no model field, unless ``names`` is given (then
    such a part is looked up there, else kept, and the walk stops descending)."""
    from pydantic import BaseModel

    from qbalance import models

    cursor: Any = models.County
    out: list[str] = []
    for part in path:
        fields = getattr(cursor, "model_fields", None) if cursor is not None else None
        if not fields or part not in fields:
            if names is None:
                return None
            out.append(names.get(part, part))
            cursor = None
            continue
        info = fields[part]
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        out.append(str(extra.get("zh", part)))
        ann = info.annotation
        nxt = None
        for arg in (*getattr(ann, "__args__", ()), ann):
            inner = getattr(arg, "__args__", None)
            for a in (arg, *(inner or ())):
                if isinstance(a, type) and issubclass(a, BaseModel):
                    nxt = a
                    break
            if nxt is not None:
                break
        cursor = nxt
    return sep.join(out)


_FIELD_ROOTS = ("schools", "school")


def field_label(path: str | None, lang: Lang | None = None, *, sep: str = "·",
                names: Mapping[str, str] | None = None) -> str:
    """A field path in the reader's language: the Chinese header of each part.

    A dotted path into the county model (``quality.monitoring``), a school field
    (``primary.pupils``, ``teaching_area_m2``) or a column key of the schools
    table (``primary_pupils``) is translated from the models' Chinese labels;
    other paths are shown as given.

    Parameters
    ----------
    path : str or None
        The field path.
    lang : {"zh", "en"}, optional
        Language (default: the session language).
    sep : str
        Between the parts' names (``"·"``; result texts use ``"／"`` through
        :func:`qbalance.models.field_path_zh`, which is this function).
    names : mapping, optional
        Chinese names of parts that are no model field (a veto code under
        ``vetoes``); with it, such a part is named from here (or kept as it is).

    Returns
    -------
    str
        The path in Chinese (``lang="zh"``) or as given (``"en"``).

    Examples
    --------
    >>> field_label("quality.monitoring", "zh")
    '教育质量·9 国家义务教育质量监测'
    >>> field_label("primary.pupils", "zh")
    '小学部·在校生数'
    >>> field_label("quality.monitoring", "en")
    'quality.monitoring'
    """
    lg = check_lang(lang)
    if path is None or path == "":
        return show(None, lg)
    if lg == "en":
        return path
    if names is not None:  # result texts: every part named, unknown ones kept
        return _model_field_label(path.split("."), "zh", sep=sep, names=names) or path
    label = FIELD_NAMES.get(path)
    if label is not None:
        return label
    parts = [p for p in path.replace("[", ".").replace("]", "").split(".") if p]
    if parts and parts[0] in _FIELD_ROOTS:
        parts = [p for p in parts[1:] if not p.isdigit()] or parts
        found = _school_label(parts)
        if found:
            return found
    found = _model_field_label(parts, "zh", sep=sep) or _school_label(parts)
    return found or path


def _school_label(parts: list[str]) -> str | None:
    from qbalance import models

    try:
        school = models.School.model_fields
        seg = models.SegmentData.model_fields
    except AttributeError:  # pragma: no cover
        return None

    def zh(fields: Mapping[str, Any], name: str) -> str | None:
        info = fields.get(name)
        if info is None:
            return None
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        return str(extra["zh"]) if "zh" in extra else None

    if len(parts) == 1:
        name = parts[0]
        got = zh(school, name)
        if got:
            return got
        for segname in ("primary", "junior"):
            if name.startswith(segname + "_"):
                head, tail = zh(school, segname), zh(seg, name[len(segname) + 1:])
                if head and tail:
                    return f"{head}·{tail}"
        return None
    if len(parts) == 2 and parts[0] in ("primary", "junior"):
        head, tail = zh(school, parts[0]), zh(seg, parts[1])
        if head and tail:
            return f"{head}·{tail}"
    return None


def term(name: Any, lang: Lang | None = None) -> str:
    """An identifier (a ratio, a parameter) in the reader's language.

    Parameters
    ----------
    name : str
        The identifier (``"rotation_share"``).
    lang : {"zh", "en"}, optional
        Language (default: the session language).

    Returns
    -------
    str
        Its Chinese name from :data:`TERMS` (else :func:`field_label`), or the
        identifier itself in English.

    Examples
    --------
    >>> term("rotation_share", "zh"), term("rotation_share", "en")
    ('教师交流轮岗比例', 'rotation_share')
    """
    lg = check_lang(lang)
    key = None if name is None else str(name)
    if lg == "zh" and key in TERMS:
        return TERMS[key]
    return field_label(key, lg)


_PLACE_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(a), b) for a, b in (
        (r" ?\(column ([A-Z]{1,3})\)", r"（第 \1 列）"),
        (r"\bcolumn ([A-Z]{1,3})\b", r"第 \1 列"),
        (r", header \(row (\d+)\)", r"，表头（第 \1 行）"),
        (r", header \(index ([^()]+)\)", r"，表头（索引 \1）"),
        (r", row (\d+)", r"，第 \1 行"),
        (r"\brow (\d+)", r"第 \1 行"),
        (r", index ([^\s(),]+)", r"，索引 \1"),
        (r"\bindex ([^\s(),]+)", r"索引 \1"),
        (r"((?:第 [0-9A-Z]+ [行列])|(?:索引 \S+)) \(([^()]*)\)", r"\1（\2）"),
        (r"\(whole row\)", "（整行）"),
        (r"\(table\)", "（整个表格）"),
        (r"\(whole record\)", "（整条记录）"),
        (r"\(county data\)", "县数据"),
        (r"\(schools DataFrame\)", "学校数据表（DataFrame）"),
        # a school (or row) with its name: P1 (甲小学) → P1（甲小学）
        (r"(\S) \(([^()]*[\u4e00-\u9fff][^()]*)\)", r"\1（\2）"),
    ))
_PLACE_EN: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(a), b) for a, b in (
        (r"（第 ([A-Z]{1,3}) 列）", r" (column \1)"),
        (r"第 ([A-Z]{1,3}) 列", r"column \1"),
        (r"，?第 (\d+) 行（([^（）]*)）", r", row \1 (\2)"),
        (r"，第 (\d+) 行", r", row \1"),
        (r"第 (\d+) 行", r"row \1"),
        (r"索引 (\S+)", r"index \1"),
        (r"\((county data|schools DataFrame)\)", r"\1"),
    ))


def place(where: Any, lang: Lang | None = None) -> str:
    """A location or field of a problem (``s.csv, row 4 (P02 东岭小学)``, ``column H``)
    with its structural words in ``lang``: ``s.csv，第 4 行（P02 东岭小学）``, ``第 H 列``.

    Locations are kept machine-readable in :class:`qbalance.Problem` (``p.location``);
    this is how they print.

    Parameters
    ----------
    where : str
        The location or field.
    lang : {"zh", "en"}, optional
        Language (default: the session language).

    Returns
    -------
    str
        The location for a message.

    Examples
    --------
    >>> place("s.csv, row 4 (P02 东岭小学)", "zh")
    's.csv，第 4 行（P02 东岭小学）'
    >>> place("在校生数 (column D)", "zh"), place("第 3 行", "en")
    ('在校生数（第 D 列）', 'row 3')
    """
    lg = check_lang(lang)
    text = where.render(lg) if isinstance(where, Message) else str(where)
    for pat, rep in (_PLACE_ZH if lg == "zh" else _PLACE_EN):
        text = pat.sub(rep, text)
    return text


def position(i: int, labels: Any = None) -> Message:
    """Where item ``i`` is, for a message: ``甲小学（第 3 个）`` / ``甲小学 (position 3)``.

    Parameters
    ----------
    i : int
        0-based position.
    labels : sequence of str, optional
        Names of the items (school names); without them the position alone.

    Returns
    -------
    Message
        ``core.where_named`` or ``core.where``.
    """
    if labels is not None and 0 <= i < len(labels):
        return Message("core.where_named", label=labels[i], i=i)
    return Message("core.where", i=i)


# ---------------------------------------------------------------- the tables

#: Chinese names of words that are not model fields (labels, codes) used in messages.
FIELD_NAMES: dict[str, str] = {
    "pupils": "在校生数",
    "values": "数值",
    "weights": "权数",
    "labels": "学校名称",
    "lang": "语言",
    "out": "输出文件",
    "example": "示例",
}

#: Chinese names of the identifiers messages name that are not fields of the models:
#: ratios and their arguments, parameters of public functions (``{name:t}`` in a
#: template; a name not here is shown as a field, ``{name:f}``).
TERMS: dict[str, str] = {
    "share": "比例", "part": "部分", "whole": "总体",
    "quota_allocation_share": "优质高中招生名额分配比例", "allocated": "分配到初中的名额数",
    "total": "招生总名额", "rural_quota_share": "分配名额向农村初中倾斜比例",
    "rural": "分配到农村初中的名额数", "rotation_share": "教师交流轮岗比例",
    "rotated": "交流轮岗教师数", "eligible": "符合条件总人数",
    "backbone_rotation_share": "骨干教师交流轮岗比例", "backbone": "交流轮岗的骨干教师数",
    "migrant_public_share": "随迁子女在公办学校就读比例", "in_public": "在公办学校就读人数",
    "certification_rate": "教师持证上岗率", "certified": "持证教师数", "teachers": "教师数",
    "nearby_enrolment_rate": "就近入学比例", "nearby": "就近入学人数", "enrolled": "入学人数",
    "disabled_enrolment_rate": "残疾儿童少年入学率", "disabled": "残疾儿童少年数",
    "training_completion_rate": "教师培训完成率", "completed": "完成培训教师数",
    "training_budget_share": "教师培训经费占公用经费比例", "training": "教师培训经费",
    "public_funds": "公用经费", "survey_sample_rate": "调查抽样比例",
    "respondents": "参与调查人数", "population": "常住人口数", "parent_share": "家长比例",
    "parents": "家长人数", "valid_return_rate": "有效问卷回收率",
    "questionnaires": "发放问卷数", "per_pupil": "生均值", "amount": "金额",
    "consolidation_rate": "初中三年巩固率", "graduates": "初中毕业生数",
    "entrants": "三年前初一新生数", "transferred_in": "转入人数",
    "transferred_out": "转出人数", "resumed": "复学人数", "suspended": "休学人数",
    "deceased": "死亡人数", "variant": "公式", "survey_sample_required": "应抽样人数",
    "per_mille": "抽样千分比", "rooms_required": "所需教室数", "classes": "班级数",
    "classes_per_room": "每间专用教室对应的班级数",
    "small_school_funds_required": "小规模学校应拨公用经费", "floor": "按生数核定的下限人数",
    "base_rate": "生均公用经费基准定额", "schools": "学校数",
    "teacher_pay_ratio": "教师与公务员平均工资收入之比", "teacher_avg": "教师平均工资收入",
    "civil_servant_avg": "当地公务员平均工资收入", "schools_over_size": "超规模学校",
    "limits": "上限", "classes_over_limit": "超大班额", "class_sizes": "各班人数",
    "schools_averaging_over": "平均班额超标的学校", "music_art_room_shortfalls": "音乐美术专用教室缺口",
    "music_min_m2": "音乐教室最小面积", "art_min_m2": "美术教室最小面积",
    "exempt_built_before": "豁免的建校年份", "year_built": "建校年份",
    "count_only": "只计间数", "music_room_areas": "音乐教室面积", "art_room_areas": "美术教室面积",
    "school": "学校", "class": "班",
    "primary": "小学", "junior": "初中",
    # parameters of the batch and the planner
    "data": "数据", "segments": "学段", "workers": "进程数", "time_limit": "时间上限",
    "caps": "上限", "additions": "新增配置", "kind": "学校类型",
    # what an optional dependency is needed for (qbalance._optional.require)
    "plotting": "绘图", "reading Excel files": "读取 Excel 文件",
    "writing Excel files": "写出 Excel 文件", "reading .xls files": "读取 .xls 文件",
    "reading a DataFrame": "读取 DataFrame", "writing a .parquet result": "写出 .parquet 结果",
    "reading a declaration form": "读取申报表", "writing the declaration form": "写出申报表",
    "writing the declaration form as .xlsx": "把申报表写成 .xlsx",
    "declaration-form tables as DataFrames": "把申报表转成 DataFrame",
    "BatchPlan.to_frame": "BatchPlan.to_frame()", "this": "此功能",
    # result types read back from JSON
    "file": "文件", "claims file": "报告数据文件", "county file": "县数据文件",
    "mapping file": "列对应文件", "standard file": "评估标准文件",
    "ScenarioComparison": "情景比较",
    "reported": "报告值", "value": "数值", "exact": "精确值", "numerator": "分子",
    "denominator": "分母",
    "GapPlan": "改进方案", "AuditReport": "核查报告", "BatchEvaluation": "批量评估结果",
}

# Messages are grouped by the module that raises them, each group a dict of
# ``code: (Chinese, English)`` (one group per module keeps edits apart); ZH and EN
# below are built from the groups.

_GENERAL: dict[str, tuple[str, str]] = {
    "error": ("{text}", "{text}"),
    "general.lines": ("{items}", "{items}"),
    "lang.unknown": ("lang={value:v}：未知语言，请用 “zh”（中文）或 “en”（英文）",
                     "lang={value:v}: unknown language; use 'zh' (Chinese) or 'en' (English)"),
    "data.negative": ("{what:f} 不能为负数（给出的值：{value}）",
                      "{what:f} must not be negative (given: {value})"),
    "data.not_finite": ("{where}：值为 {value}，数值必须是有限数",
                        "{where} has value {value}; values must be finite numbers"),
}

# DataValidationError and Problem
_VALIDATION: dict[str, tuple[str, str]] = {
    "validation.head": ("{source}中有 {n} 处问题", "{n} problem(s) in {source}"),
    "validation.problem": ("{location}：字段{field} = {value:v}：{text}",
                           "{location}: field {field} = {value:v}: {text}"),
    "validation.problem_record": ("{location}：{text}", "{location}: {text}"),
    "validation.input": ("输入数据", "input"),
    "validation.whole_record": ("（整条记录）", "(whole record)"),
}

# pydantic's error types (``pydantic.<type>``); the English text is pydantic's own.
_PYDANTIC: dict[str, tuple[str, str]] = {
    "pydantic.greater_than": ("应大于 {gt}", "{msg}"),
    "pydantic.greater_than_equal": ("应大于或等于 {ge}", "{msg}"),
    "pydantic.less_than": ("应小于 {lt}", "{msg}"),
    "pydantic.less_than_equal": ("应小于或等于 {le}", "{msg}"),
    "pydantic.int_parsing": ("应为整数，无法把该文本读成整数", "{msg}"),
    "pydantic.int_from_float": ("应为整数，不能带小数部分", "{msg}"),
    "pydantic.int_type": ("应为整数", "{msg}"),
    "pydantic.float_parsing": ("应为数值，无法把该文本读成数值", "{msg}"),
    "pydantic.float_type": ("应为数值", "{msg}"),
    "pydantic.finite_number": ("应为有限数值（不能是 nan 或无穷大）", "{msg}"),
    "pydantic.missing": ("缺少必填项", "{msg}"),
    "pydantic.extra_forbidden": ("不是可识别的字段（请检查拼写）", "{msg}"),
    "pydantic.string_too_short": ("至少应有 {min_length} 个字符", "{msg}"),
    "pydantic.string_type": ("应为文本", "{msg}"),
    "pydantic.too_short": ("至少应有 {min_length} 项", "{msg}"),
    "pydantic.too_long": ("至多只能有 {max_length} 项", "{msg}"),
    "pydantic.bool_parsing": ("应为 是/否（true/false）", "{msg}"),
    "pydantic.bool_type": ("应为 是/否（true/false）", "{msg}"),
    "pydantic.enum": ("应为以下之一：{expected}", "{msg}"),
    "pydantic.literal_error": ("应为以下之一：{expected}", "{msg}"),
    "pydantic.dict_type": ("应为一组键值（表）", "{msg}"),
    "pydantic.model_type": ("应为一组键值（表）", "{msg}"),
    "pydantic.list_type": ("应为列表", "{msg}"),
    "pydantic.tuple_type": ("应为列表", "{msg}"),
    "pydantic.date_parsing": ("应为日期（如 2026-09-01）", "{msg}"),
    "pydantic.date_from_datetime_parsing": ("应为日期（如 2026-09-01）", "{msg}"),
    "pydantic.value_error": ("取值无效：{text}", "{msg}"),
    "pydantic.bilingual": ("{zh}", "{en}"),
    "pydantic.other": ("取值无效：{msg}", "{msg}"),
}

# qbalance.core: the weighted statistics
_CORE: dict[str, tuple[str, str]] = {
    "core.where_named": ("{label}（第 {i} 个）", "{label} (position {i})"),
    "core.where": ("第 {i} 个", "position {i}"),
    "core.empty": ("数值：没有学校（空数组）", "values: no schools (empty array)"),
    "core.not_finite": ("数值：{where}{col}的值为 {value}；数值必须是有限数",
                        "values: {where}{col} has value {value}; values must be finite "
                        "numbers"),
    "core.bad_weight": ("权数：{where}的权数为 {value}；权数（学生数）必须是有限数且不小于 0",
                        "weights: {where} has weight {value}; weights (pupils) must be "
                        "finite and >= 0"),
    "core.weights_zero": ("权数：权数（学生数）之和为 0；总数必须为正",
                          "weights: the weights (pupils) sum to 0; need a positive total"),
    # the one zero-mean wording (weighted_cv / weighted_stats errors, evaluate_resources'
    # and evaluate_batch's undefined CVs); {where} is one of the core.mean_* places below
    "core.zero_mean": ("差异系数无定义{where}：加权均值为 {value}，差异系数需要正的均值",
                       "the coefficient of variation is undefined{where}: the weighted mean "
                       "is {value}; a CV needs a positive mean"),
    "core.mean_column": ("（第 {col} 列）", " (column {col})"),
    "core.mean_group": ("（组 {group}）", " (group {group})"),
    "core.mean_group_column": ("（组 {group}，第 {col} 列）", " (group {group}, column {col})"),
    "core.mean_all_zero": ("（全部 {n} 所学校该项均为 0）",
                           " (every one of the {n} schools has 0)"),
    "core.zero_mean_fails": ("{reason}；均值 0 低于任何正的标准值，该项不达标",
                             "{reason}; a mean of 0 is below any positive standard, so the "
                             "indicator fails"),
}

# qbalance.models: checks across fields of the input models
_MODELS: dict[str, tuple[str, str]] = {
    "models.several": ("{items}", "{items}"),
    "models.segment_unknown": ("学段 {value:v} 无法识别：请写 小学 或 初中",
                               "unknown segment {value:r}: use primary (小学) or junior (初中)"),
    "models.kind_needs": ("{kind_zh}需要填写{part:f}",
                          "a {kind} school ({kind_zh}) needs {part}"),
    "models.band_bad": ("班额分段“{label}”无法识别：请写作 <=25、26-30 或 >=66（或“25人及以下”“66人及以上”）",
                        "class-size band '{label}': write it as <=25, 26-30 or >=66"),
    "models.band_empty": ("班额分段“{label}”为空（{lo} > {hi}）",
                          "class-size band '{label}' is empty ({lo} > {hi})"),
    "models.band_twice": ("班额分段“{label}”重复给出", "class-size band '{label}' given twice"),
    "models.band_count": ("班额分段“{label}”的班级数 {n} 无效（应为不小于0的整数）",
                          "class-size band '{label}': {n} classes (a count >= 0)"),
    "models.band_overlap": ("班额分段“{a}”与“{b}”重叠", "class-size bands '{a}' and '{b}' overlap"),
    "models.bands_sum": ("各班额分段的班级数之和为{total}，与班级数{classes}不符",
                         "the classes by size band add up to {total}, not to the {classes} "
                         "classes given"),
    "models.kind_no_kindergarten": (
        "{kind_zh}没有小学部，不能附设幼儿班（附设幼儿班在校生数应为0）",
        "a {kind} school ({kind_zh}) has no primary section to attach kindergarten classes to "
        "(kindergarten_pupils must be 0)"),
    "models.branch_one_stage": (
        "本校区属于学校{main}：只有一个学段学生的分校区按该学段的学校填写学校类型（小学或初中），不拆分",
        "this campus belongs to school {main}: a branch campus with pupils of one stage only is "
        "a school of that stage (kind primary or junior) and is not split"),
    "models.kind_has_no": ("{kind_zh}没有{part:f}，不应填写",
                           "a {kind} school ({kind_zh}) has no {part}"),
    "models.larger": ("{part_zh} = {part} 大于 {whole_zh} = {whole}",
                      "{part_name} = {part} is larger than {whole_name} = {whole}"),
    "models.monitoring_no_results": ("已填写参加了质量监测，但没有给出监测结果",
                                     "participated is true but no results are given"),
    "models.monitoring_not_participated": ("给出了监测结果，但填写为未参加质量监测",
                                           "results are given but participated is false"),
    "models.campus_of_unknown": (
        "学校 {id} {name}：所属学校代码（campus_of）为 {main:v}，但本县没有这个学校代码的学校；"
        "分校区应填写其主校区的学校代码",
        "school {id} {name}: campus_of (main school id) is {main:v}, but the county has no "
        "school with this id; a branch campus names the id of its main school"),
    "models.campus_of_self": (
        "学校 {id} {name}：所属学校代码（campus_of）{main:v} 是它自己的学校代码；"
        "分校区应填写其主校区的学校代码，主校区本身不填",
        "school {id} {name}: campus_of {main:v} is its own id; a branch campus names the id "
        "of its main school, the main school leaves it empty"),
    "models.duplicate_id": ("学校代码 {id:v} 被 {first} 和 {second} 重复使用",
                            "school id {id:v} used by both {first} and {second}"),
    "models.not_county": ("county：需要一个 qbalance.County，得到的是 {type}（文件请用 "
                          "qbalance.load_county 读取）",
                          "county: expected a qbalance.County, got {type} (read files with "
                          "qbalance.load_county)"),
    "models.county_is_frame": (
        "county：这是一个 DataFrame，请先用 qbalance.load_county(df, name=..., year=...)"
        "（或 qbalance.county_from_frame）把它读成县数据",
        "county: this is a DataFrame; read it with qbalance.load_county(df, name=..., "
        "year=...) (or qbalance.county_from_frame) first"),
    "models.segment_empty": ("要评估{segment_zh}，但没有一所学校有{segment_zh}学生",
                             "segment {segment} ({segment_zh}) is evaluated but no school "
                             "has pupils in it"),
}

#: Names of the input models, as DataValidationError names its source.
MODEL_NAMES: dict[str, str] = {
    "School": "学校数据",
    "SegmentData": "学段数据",
    "County": "县级数据",
    "Standard": "评估标准",
    "ClaimSet": "报告数据文件",
    "Claim": "报告数据",
    "claims": "报告数据",
    "UnitCosts": "单位成本",
}

# qbalance.claims (qbalance.audit.claims)
_CLAIMS: dict[str, tuple[str, str]] = {
    "claims.figure_as_text": (
        "报告中的数字请写成文本（如 \"49.95\"），以便知道印出的小数位数",
        "give printed figures as text (e.g. \"49.95\") so that their printed decimals are "
        "known"),
    "claims.unknown_verdict": ("未知的结论 {value:v}；请写 达标/未达标（或 met/not met）",
                               "unknown verdict {value:v}; use 达标/未达标 or met/not met"),
    "claims.bad_verdict": ("报告中的结论只能是 达标 或 未达标，不能是 {value:v}",
                           "a printed verdict is met or not met, not {value:v}"),
}

# qbalance.standard
_STANDARD: dict[str, tuple[str, str]] = {
    "standard.invalid": ("{inner}", "{inner}"),
    "split.no_kindergarten_weight": (
        "学校{school}有附设幼儿班在校生{n}人（kindergarten_pupils），标准“{standard}”既未给出"
        "与幼儿班分摊校舍、场地、设备等存量的折算系数（{path}），也未说明这些"
        "存量不含幼儿班（attached_kindergarten = \"stocks_exclude\"）",
        "school {school} has {n} pupils in attached kindergarten classes (kindergarten_pupils), "
        "and standard \"{standard}\" gives no weight to split its stocks with them "
        "({path}) nor says its stocks exclude them "
        "(attached_kindergarten = \"stocks_exclude\")"),
    "batch.kindergarten": (
        "学校{school}有附设幼儿班在校生{n}人：批量计算没有幼儿班学段，请用 evaluate_resources 逐县计算",
        "school {school} has {n} pupils in attached kindergarten classes: the batch columns have "
        "no kindergarten section; evaluate the county with evaluate_resources"),
    "standard.consistency_failed": (
        "学校{school}{segment_zh}：数据不满足标准“{standard}”的一致性要求“{check_zh}”（{rule}；{values}）",
        "school {school}, {segment}: the data fail the consistency check \"{check_en}\" of "
        "standard \"{standard}\" ({rule}; {values})"),
    "standard.consistency_lacks": (
        "学校{school}{segment_zh}：标准“{standard}”的一致性要求“{check_zh}”需要数据项 {quantity}，数据中没有",
        "school {school}, {segment}: the consistency check \"{check_en}\" of standard "
        "\"{standard}\" needs the quantity {quantity}, which the data lacks"),
    "split.no_section_weight": (
        "学校{school}有{sections_zh}学生，标准“{standard}”的 split.{kind} 没有给出这些学段的折算系数",
        "school {school} has pupils in {sections}, and standard \"{standard}\" gives no weight "
        "for them in split.{kind}"),
    "standard.in_file": ("{source}：{inner}", "{source}: {inner}"),
    "standard.derived": ("派生标准 “{id}”", "derived standard {id:r}"),
    "standard.notes_en_count": ("{en} 应与 {zh} 一一对应：{zh} 有 {n} 条，{en} 有 {n_en} 条",
                                "{en} must match {zh} one for one: {n} {zh}, {n_en} {en}"),
    "standard.provenance_en_keys": (
        "{en} 应与 {zh} 列出相同的规则路径；不一致的：{paths}",
        "{en} must list the same paths as {zh}; differing: {paths}"),
    "standard.shipped_not_zh": ("自带标准文件 {file} 的 {field} 不是中文（中文写在不带 _en 后缀的字段中，"
                                "英文写在对应的 _en 字段中）",
                                "shipped standard file {file}: {field} is not Chinese (Chinese "
                                "goes in the fields without _en, English in their _en fields)"),
    "standard.shipped_no_en": ("自带标准文件 {file} 缺少 {field}（英文文本）",
                               "shipped standard file {file} lacks {field} (the English text)"),
    "standard.plausible_empty": ("合理取值范围 {range} 为空", "plausible range {range} is empty"),
    "standard.limit_range": ("{field} = {value} 不在 (0, 5] 范围内",
                             "{field} = {value} is outside (0, 5]"),
    "standard.threshold_negative": ("{field} = {value} 为负数", "{field} = {value} is negative"),
    "standard.not_range": ("{field} {range} 不是 0 <= 下限 < 上限 的范围",
                           "{field} {range} is not a range 0 <= lo < hi"),
    "standard.size_positive": ("学校规模上限（school_size_max）必须为正数：{bad}",
                               "school_size_max must be positive: {bad}"),
    "standard.veto_repeated": ("不予认定情形的编号重复：{codes}", "veto codes repeated: {codes}"),
    "standard.indicator_repeated": ("指标编号重复：{codes}", "indicator codes repeated: {codes}"),
    "standard.min_met": ("school_rule.min_met = {value} 超过了指标总数 {n}",
                         "school_rule.min_met = {value} exceeds the {n} indicators"),
    "standard.split_weights": ("split.{kind} 缺少以下部分的权数：{missing}",
                               "split.{kind} needs weights for {missing}"),
}

# qbalance.expr: the standard files' sums and conditions (i18n2)
_EXPR: dict[str, tuple[str, str]] = {
    "expr.bad_char": ("{text:v}：第 {pos} 个字符处有无法识别的字符 {bad:v}",
                      "{text:r}: unexpected character {bad:r} at position {pos}"),
    "expr.unknown_quantity": ("{text:v}：未知的数据项 {name:v}（标准声明的数据项：{known}）",
                              "{text:r}: unknown quantity {name:r} (the standard declares "
                              "{known})"),
    "expr.mixed_units": ("{text:v}：单位不同的项不能相加：{terms}",
                         "{text:r}: terms of different units cannot be added: {terms}"),
    "expr.unknown_flag": ("{text:v}：未知的标志 {name:v}（标准声明的标志：{known}）",
                          "{text:r}: unknown flag {name:r} (the standard declares {known})"),
    "expr.compare_units": ("{text:v}：不能比较 {left} [{ul}] 与 {right} [{ur}]（单位不同）",
                           "{text:r}: cannot compare {left} [{ul}] with {right} [{ur}]"),
    "expr.expected": ("{text:v}：{where}应为{want}", "{text:r}: expected {want} {where}"),
    "expr.at": ("第 {pos} 个字符处（遇到 {found:v}）", "at position {pos}, found {found:r}"),
    "expr.at_end": ("末尾", "at the end"),
    "expr.want_quantity_or_number": ("一个数据项或数字", "a quantity or a number"),
    "expr.want_quantity_after_times": ("“*”之后的一个数据项", "a quantity after '*'"),
    "expr.want_flag_after_not": ("“not”之后的一个标志", "a flag after 'not'"),
    "expr.want_comparison": ("一个比较（<、<=、>、>=、==、!=）",
                             "a comparison (<, <=, >, >=, ==, !=)"),
    "expr.want_plus_minus": ("“+”或“-”", "'+' or '-'"),
    "expr.want_and_or": ("“{lit_and}”或“{lit_or}”", "'and' or 'or'"),
    "expr.parentheses": ("{text:v}：条件中不能使用括号；请写成“{lit_grammar}”的形式",
                         "{text:r}: parentheses are not part of the grammar; write the "
                         "condition as 'a and b or c and d'"),
}

# qbalance.standard: checks of a standard file and its use (i18n2)
_STANDARD2: dict[str, tuple[str, str]] = {
    "standard.no_segment_value": ("{what}：标准没有给出{segment:t}的值",
                                  "{what}: no value for segment {segment} in the standard"),
    "standard.not_one_field": ("指标 {code} 不是单一的学校数据项（它有分子表达式或附加项）",
                               "indicator {code} is not one school field (it has a numerator "
                               "expression or added terms)"),
    "standard.no_source": ("指标 {code}：既没有数据项（{lit_source}）也没有分子（{lit_numerator}）",
                           "indicator {code}: neither source nor numerator"),
    "standard.no_numerator": ("指标 {code}：没有{segment:t}的分子",
                              "indicator {code}: no numerator for segment {segment}"),
    "standard.needs_source": ("指标需要一个数据项（{lit_source}）或分子（{lit_numerator}）",
                              "an indicator needs a source field or a numerator"),
    "standard.sample_min_pair": ("sample_min 与 sample_min_population_below 须同时给出",
                                 "sample_min and sample_min_population_below go together"),
    "standard.item_area": ("评估项目 {code}：领域 {area:v} 与编号不符（应为 {expected:v}）",
                           "item {code}: area {area:r} does not match the code (expected "
                           "{expected:r})"),
    "standard.no_section": ("标准 {id:v} 没有 [{name}] 部分（{what}）",
                            "standard {id:r} has no [{name}] section ({what})"),
    "standard.section_guarantee": ("政府保障程度指标", "government-guarantee thresholds"),
    "standard.section_quality": ("教育质量指标", "education-quality thresholds"),
    "standard.section_survey": ("社会认可度调查规则", "social-recognition survey rules"),
    "standard.provenance_unknown": ("{lit_provenance} 列出了标准中没有的值：{unknown}",
                                    "provenance names values the standard does not have: "
                                    "{unknown}"),
    "standard.item_repeated": ("评估项目编号重复：{codes}", "item codes repeated: {codes}"),
    "standard.composite_unknown": ("composite_indicators {given}：未知的指标编号 {unknown}"
                                   "（标准中的指标：{codes}）",
                                   "composite_indicators {given}: unknown codes {unknown} "
                                   "(the standard has {codes})"),
    "standard.quantity_clash": ("{lit_quantities}.{name}：这是模型中的数据项，层级 {level:v}、单位 "
                                "{unit:v}；标准中写的是 {given_level:v}、{given_unit:v}",
                                "quantities.{name}: a model field, level {level:r} and unit "
                                "{unit:r}; the standard says {given_level:r}, {given_unit:r}"),
    "standard.in_indicator": ("指标 {code}（{segment:t}）：{inner}",
                              "indicator {code} ({segment}): {inner}"),
    "standard.consistency_repeated": ("一致性要求编号重复：{codes}",
                                      "consistency codes repeated: {codes}"),
    "standard.in_consistency": ("{lit_consistency}[{n}]（{code}）：{inner}",
                                "consistency[{n}] ({code}): {inner}"),
    "standard.in_guarantee": ("{lit_guarantee}.{key}[{n}]：{inner}", "guarantee.{key}[{n}]: {inner}"),
    "standard.no_county_rule": ("{segment:t}：既没有各指标的差异系数限值，也没有综合"
                                "差异系数限值，无法判定县的结论",
                                "segment {segment}: neither a CV limit per "
                                "indicator nor a composite limit: nothing decides the county's "
                                "verdict"),
    "standard.no_indicator": ("标准 {id:v} 没有指标 {code:v}；它的指标有 {codes}",
                              "standard {id:r} has no indicator {code:r}; it has {codes}"),
    "standard.no_cv": ("cv_rule_passed：缺少 {missing} 的差异系数",
                       "cv_rule_passed: no CV for {missing}"),
    "standard.no_school_rule": ("标准 {id:v} 没有逐校达标规则",
                                "standard {id:r} has no per-school rule"),
    "standard.only_old_form": ("{what} 只实现了 2017 年形式的标准；标准 {id:v} 使用了 {ext}"
                           "（请用 evaluate_resources / evaluate_county）",
                           "{what} implements the 2017 form of a standard only; standard "
                           "{id:r} uses {ext} (use evaluate_resources / evaluate_county)"),
    "standard.no_item": ("标准 {id:v} 的 {lit_items} 中没有指标 {code:v}（它有 {codes}）",
                         "standard {id:r} names no indicator {code:r} in its [[items]] (it "
                         "has {codes})"),
    "standard.changes_not_mapping": ("{lit_changes_indicators} 必须是从指标编号到修改内容的映射",
                                     "changes['indicators'] must map indicator codes to "
                                     "changes"),
    "standard.change_unknown": ("不能修改指标 {code:v}：标准 {id:v} 的指标有 {codes}",
                                "cannot change indicator {code:r}: standard {id:r} has "
                                "{codes}"),
    "standard.relaxes": ("标准 {id:v} 放宽了 {base:v} 的要求：{changes}",
                         "standard {id:r} relaxes {base:r}: {changes}"),
    "standard.numerator_constant": ("{text:v}：分子是数据项之和，不能是常数",
                                    "{text:r}: a numerator is a sum of quantities, not a "
                                    "constant"),
    "standard.numerator_unit": ("{text:v} 的单位是 {unit:v}，而指标的分子单位"
                                "（numerator_unit）是 {want:v}",
                                "{text:r} is in {unit:r}, the indicator's numerator_unit is "
                                "{want:r}"),
    "standard.split_segment": ("{text:v}：写了 split = true，但 {names} 是按学段计的数，从不分摊",
                               "{text:r}: split = true, but {names} are per-segment counts, "
                               "which are never split"),
    "standard.added_unit": ("附加项 {add:v} 的单位是 {u:v}，而分子 {text:v} 的单位是 {unit:v}",
                            "added term {add:r} is in {u:r}, the numerator {text:r} in "
                            "{unit:r}"),
    "standard.added_split": ("附加项 {add:v}：按学段计的数不能加到分摊的存量上",
                             "added term {add:r}: per-segment counts cannot be added to a "
                             "split stock"),
    "standard.not_standard": ("{lit_standard_arg}：需要一个 {lit_standard_class}、标准 id 或文件，得到的是 "
                              "{type}",
                              "standard: expected a qbalance.Standard, a standard id or a "
                              "file, got {type}"),
    "standard.based_on": ("{source}：based_on 必须指向另一个标准，得到的是 {base:v}",
                          "{source}: based_on must name another standard, got {base:r}"),
    "standard.overlay_needs": ("{source}：叠加标准（based_on = {base:v}）需要给出 {missing}",
                               "{source}: an overlay standard (based_on = {base:r}) needs "
                               "{missing}"),
    "standard.unknown": ("没有名为 {name:v} 的标准（不是内置标准的 id，也不是文件）；内置标准：{shipped}",
                         "no standard {name:r}: not a shipped id ({shipped}) and not a file"),
    "standard.unreadable": ("无法读取标准文件 {path}：{inner}",
                            "cannot read standard file {path}: {inner}"),
    "standard.unreadable_os": ("无法读取标准文件 {path}（{kind}）：{detail}",
                               "cannot read standard file {path}: {kind}: {detail}"),
}

# qbalance.core: checks of the arguments of the weighted statistics (i18n2)
_CORE2: dict[str, tuple[str, str]] = {
    # {exc} is numpy's own (English) text: the Chinese message names the value's kind only
    "core.unreadable": ("{what:t}：无法读作数字", "{what}: cannot be read as numbers ({exc})"),
    "core.ndim": ("数值：需要 {want} 维数组，得到的形状为 {shape}",
                  "values: expected a {want}-D array, got shape {shape}"),
    "core.weights_shape": ("权数：每所学校需要一个权数（共 {n} 所），得到的形状为 {shape}",
                           "weights: expected one weight per school ({n}), got shape {shape}"),
    "core.method": ("计算方法：应为 {options} 之一，得到的是 {value:v}",
                    "method: expected one of {options}, got {value:r}"),
    "core.cv_negative": ("差异系数：第 {i} 个的值为 {value}；差异系数不小于 0",
                         "cvs: position {i} has value {value}; a coefficient of variation "
                         "is >= 0"),
    "core.zero_mean_option": ("zero_mean：应为 “{lit_raise}” 或 “nan”，得到的是 {value:v}",
                              "zero_mean: expected 'raise' or 'nan', got {value:r}"),
    "core.groups_shape": ("分组：每所学校需要一个分组键（共 {n} 所），得到的形状为 {shape}",
                          "groups: expected one key per school ({n}), got shape {shape}"),
    "core.group_empty": ("分组：组 {group:v} 的权数之和为 0（没有学生）",
                         "groups: group {group:r} has zero total weight (no pupils)"),
    "core.no_group": ("分组：{where}没有分组键（{value:v}）",
                      "groups: {where} has no group key ({value:r})"),
    "core.split_weights": ("权数：需要 {n} 个有限的正权数，得到的是 {value}",
                           "weights: need {n} positive finite weights, got {value}"),
    "core.pupils_negative": ("学生数：位置 {where} 为负数（{value}）",
                             "pupils: position {where} is negative ({value})"),
    "core.no_pupils": ("学生数：第 {i} 个学校没有可用于分摊的学生",
                       "pupils: school at position {i} has no pupils to split by"),
    "core.sample_two": ("数值：样本差异系数（n - 1）至少需要两所学校，只给出了 1 所",
                        "values: the sample CV (n - 1) needs at least two schools, got 1"),
    "core.group_kinds": ("分组：分组键必须是同一种可排序的类型（全是数字或全是文字），得到的是 {kinds} 的混合",
                         "groups: keys must all be of one orderable kind (all numbers or all "
                         "text), got a mix of {kinds}"),
}

# qbalance._files: what the OS and the parsers say, in the reader's language (i18n2);
# the parsers' own English detail ({reason}) is kept in the English message only
_FILES2: dict[str, tuple[str, str]] = {
    "input.no_file": ("无法读取 {path}：文件不存在", "cannot read {path}: no such file"),
    "input.no_permission": ("无法读取 {path}：没有读取权限", "cannot read {path}: permission denied"),
    "input.toml_syntax": ("{path} 不是有效的 {lit_toml}：{lit_toml} 语法错误（第 {line} 行第 {col} 列）",
                          "{path}: not valid {lit_toml}: {reason}"),
    "input.toml_syntax_end": ("{path} 不是有效的 {lit_toml}：{lit_toml} 语法错误（在文件末尾）",
                              "{path}: not valid {lit_toml}: {reason}"),
    "input.json_syntax": ("{path} 不是有效的 JSON：JSON 语法错误（第 {line} 行第 {col} 列）",
                          "{path}: not valid JSON: {reason}"),
}

# qbalance.plausibility: likely unit slips (warnings, never verdicts)
_PLAUSIBILITY: dict[str, tuple[str, str]] = {
    "plausibility.small": (
        "学校 {id}（{name}）：{field:f} = {value} {unit}（生均 {per}，县内中位数 {med}，约为其 "
        "1/{rel}；与{reference:f}之比 {ratio}，县内中位数 {rmed}，约为其 1/{rrel}）："
        "{field:f}可能少写了一位（×{factor}），请核对",
        "school {id} ({name}): {field} = {value} {unit} ({per} per pupil, county median {med}, "
        "about 1/{rel} of it; {ratio} of its {reference}, county median {rmed}, about "
        "1/{rrel} of it): {field} probably lacks a digit (×{factor}); check the value"),
    "plausibility.large": (
        "学校 {id}（{name}）：{field:f} = {value} {unit}（生均 {per}，县内中位数 {med}，约为其 "
        "{rel} 倍；与{reference:f}之比 {ratio}，县内中位数 {rmed}，约为其 {rrel} 倍）："
        "{field:f}可能多写了一位（÷{factor}），请核对",
        "school {id} ({name}): {field} = {value} {unit} ({per} per pupil, county median {med}, "
        "about {rel} times it; {ratio} of its {reference}, county median {rmed}, about "
        "{rrel} times it): {field} probably has a digit too many (÷{factor}); check the value"),
}

# The command line
_CLI: dict[str, tuple[str, str]] = {
    "cli.error": ("qbalance：错误：{text}", "qbalance: error: {text}"),
    "cli.note": ("qbalance：注意：{text}", "qbalance: note: {text}"),
    "cli.written": ("已写入 {path}；结论：{verdict}", "wrote {path}; verdict: {verdict}"),
    "cli.written_plain": ("已写入 {path}", "wrote {path}"),
    "cli.written_what": ("已写入 {path}：{what}", "wrote {path}: {what}"),
    "cli.out_dash": ("输出文件名 {path:v} 以 “-” 开头，可能是漏写的选项；请换一个文件名"
                     "（或写成 ./{path}）",
                     "output name {path:v} starts with '-' (a mistyped option?); choose "
                     "another name (or write ./{path})"),
    "cli.os.not_found": ("找不到文件或目录：{path}", "no such file or directory: {path}"),
    "cli.os.permission": ("没有权限访问：{path}", "permission denied: {path}"),
    "cli.os.is_dir": ("这是一个目录，不是文件：{path}", "is a directory, not a file: {path}"),
    "cli.os.not_dir": ("不是目录：{path}", "not a directory: {path}"),
    "cli.os.other": ("无法读写 {path}：{reason}", "cannot read or write {path}: {reason}"),
    # the operating system's reasons (errno), for os_reason(): never its English strerror
    # inside a Chinese message
    "os.enoent": ("文件或目录不存在", "no such file or directory"),
    "os.eacces": ("没有访问权限", "permission denied"),
    "os.eperm": ("操作不被允许", "operation not permitted"),
    "os.eisdir": ("这是一个目录，不是文件", "is a directory, not a file"),
    "os.enotdir": ("路径中有一段不是目录", "a part of the path is not a directory"),
    "os.enametoolong": ("文件名太长", "file name too long"),
    "os.enospc": ("磁盘空间已满", "no space left on the device"),
    "os.edquot": ("超出磁盘配额", "disk quota exceeded"),
    "os.efbig": ("文件太大", "file too large"),
    "os.erofs": ("文件系统为只读", "read-only file system"),
    "os.emfile": ("打开的文件太多", "too many open files"),
    "os.enfile": ("系统打开的文件太多", "too many open files in the system"),
    "os.eio": ("输入输出错误（磁盘或设备故障）", "input/output error (disk or device fault)"),
    "os.epipe": ("输出管道已关闭", "broken pipe (the output was closed)"),
    "os.eexist": ("文件已存在", "file exists"),
    "os.eloop": ("符号链接层数太多（可能成环）", "too many levels of symbolic links"),
    "os.ebusy": ("设备或资源忙", "device or resource busy"),
    "os.etxtbsy": ("文件正被使用", "text file busy"),
    "os.exdev": ("不能跨文件系统移动", "cross-device link"),
    "os.enxio": ("设备不存在或未连接", "no such device or address"),
    "os.enodev": ("设备不存在", "no such device"),
    "os.einval": ("参数无效（文件名中可能有不允许的字符）",
                  "invalid argument (the file name may hold a character not allowed)"),
    "os.eagain": ("资源暂时不可用，请稍后再试", "resource temporarily unavailable; try again"),
    "os.enomem": ("内存不足", "out of memory"),
    "os.etimedout": ("连接超时", "connection timed out"),
    "os.econnreset": ("连接被对方重置", "connection reset by peer"),
    "os.estale": ("网络文件句柄已失效", "stale file handle"),
    "os.unknown_errno": ("操作系统错误（错误码 {errno}）", "{reason}"),
    "os.unknown": ("操作系统错误", "{reason}"),
    "cli.evaluate.files_or_example": (
        "qbalance evaluate：请给出学校数据文件或 --example（二者只能选一）",
        "qbalance evaluate: give SCHOOLS_FILE(s) or --example (not both)"),
    "cli.evaluate.audit_json": (
        "qbalance evaluate：--audit 把核查发现加入纯文本、Markdown 和 HTML 报告；"
        "JSON 格式请用 `qbalance audit 报告数据文件 --format json`",
        "qbalance evaluate: --audit adds findings to text, Markdown and HTML reports; "
        "for JSON use `qbalance audit CLAIMS_FILE --format json`"),
    "cli.evaluate.audit_one": ("qbalance evaluate：--audit 一次只能用于一个县",
                               "qbalance evaluate: --audit works with one county at a time"),
    "cli.evaluate.out_not_dir": (
        "qbalance evaluate：给出多个文件时，--out {path} 必须是目录",
        "qbalance evaluate: --out {path} must be a directory when several files are given"),
    "cli.evaluate.binary_out": (
        "qbalance evaluate：--format {fmt} 写出文件：请给出 --out 文件名.{fmt}"
        "（多个文件时给出目录）",
        "qbalance evaluate: --format {fmt} writes a file: give --out FILE.{fmt} "
        "(a directory with several files)"),
    "cli.evaluate.against_head": ("报告中的数字与本县数据相比：{n} 处不同",
                                  "the report's figures against the county's data: "
                                  "{n} difference(s)"),
    "cli.evaluate.progress": ("评估", "evaluating"),
    "progress.report": ("生成报告", "writing the report"),
    "progress.plan": ("制定改进方案", "planning"),
    "cli.evaluate.file_error": ("[{k}/{n}] {path}：错误：{text}", "[{k}/{n}] {path}: error: {text}"),
    "cli.evaluate.file_done": ("[{k}/{n}] {path}：{verdict}{where}",
                               "[{k}/{n}] {path}: {verdict}{where}"),
    "cli.evaluate.files_summary": (
        "共 {n} 个文件：{ok} 个达标，{failed} 个未达标，{bad} 个输入有误",
        "{n} files: {ok} pass, {failed} fail, {bad} bad input"),
    "cli.evaluate.files_verdict": ("{ok} 个达标，{failed} 个未达标，{bad} 个输入有误",
                                   "{ok} pass, {failed} fail, {bad} bad input"),
    "cli.audit.file_or_example": (
        "qbalance audit：请给出报告、报告数据文件或 --example 名称（三者选一）",
        "qbalance audit: give a REPORT, a CLAIMS_FILE or --example NAME (one of them)"),
    "cli.audit.html_needs_report": (
        "--format html 显示报告原文：请给出报告本身，或在报告数据文件之外加 --report 报告",
        "--format html shows the report text: give the report itself or --report REPORT "
        "with the claims file"),
    "cli.audit.no_example": ("没有名为 {value:v} 的自带报告数据；可用的有：{available}",
                             "no shipped claims {value:v}; available: {available}"),
    "cli.form.file_or_example": ("qbalance form：请给出学校数据文件或 --example（二者只能选一）",
                                 "qbalance form: give SCHOOLS_FILE or --example (not both)"),
    "cli.form.suffix": ("--out {path}：请使用 .xlsx、.md 或 .html",
                        "--out {path}: use .xlsx, .md or .html"),
    "cli.form.part_resources": ("申报表（资源配置部分，表Ⅰ—表Ⅲ）",
                                "declaration form (resource part, Tables I-III)"),
    "cli.form.part_all": ("申报表（六张表）", "declaration form (all six tables)"),
    "cli.template.not_dir": ("--out {path}：不是目录", "--out {path}: not a directory"),
    "cli.template.exists": ("{path} 中已有 {names}，未覆盖（可能是已填写的表格）。请换一个 --out "
                            "目录，或加 --force 覆盖。",
                            "{path} already holds {names}; not overwritten (it may be a "
                            "filled-in sheet). Use another --out directory, or --force to "
                            "overwrite."),
    "cli.template.no_excel": ("qbalance template：未写入 schools-template.xlsx：{text}",
                              "qbalance template: schools-template.xlsx not written: {text}"),
    "cli.verdict.pass": ("达标", "passes"),
    "cli.verdict.fail": ("未达标", "does not pass"),
}

# qbalance.ratios
_RATIOS: dict[str, tuple[str, str]] = {
    "ratio.not_count": ("{what:t}：{field:t} = {value:v} 应为整数（人数、个数）",
                        "{what}: {field} = {value:r} must be a whole number (a count)"),
    "ratio.count_negative": ("{what:t}：{field:t} = {value} 为负数；人数、个数不能为负",
                             "{what}: {field} = {value} is negative; a count cannot be "
                             "negative"),
    "ratio.not_number": ("{what:t}：{field:t} = {value:v} 不是数值",
                         "{what}: {field} = {value:r} is not a number"),
    "ratio.not_finite": ("{what:t}：{field:t} = {value:v} 不是有限数值",
                         "{what}: {field} = {value:r} is not a finite number"),
    "ratio.negative": ("{what:t}：{field:t} = {value:v} 为负数", "{what}: {field} = {value:r} is negative"),
    "ratio.whole_zero": ("{what:t}：{whole:t}为 0，{part:t}所占比例无从计算",
                         "{what}: {whole} is 0, so the share of {part} is undefined"),
    "ratio.part_larger": ("{what:t}：{part:t} = {part_value} 大于 {whole:t} = {whole_value}",
                          "{what}: {part} = {part_value} is larger than {whole} = "
                          "{whole_value}"),
    "ratio.variant": ("{what:t}：公式 {value:v} 未知；可用的有 {variants}",
                      "{what}: variant = {value:r}; use one of {variants}"),
    "ratio.cohort_full": ("{what:t}：调整后的基数 {e} + {tin} + {res} − {tout} − {sus} − {dec}"
                          "（三年前初一新生数 + 转入 + 复学 − 转出 − 休学 − 死亡）= {d}，不是正数",
                          "{what}: the adjusted cohort {e} + {tin} + {res} − {tout} − {sus} − "
                          "{dec} (entrants + transferred_in + resumed − transferred_out − "
                          "suspended − deceased) = {d} is not positive"),
    "ratio.cohort_transfers": ("{what:t}：调整后的基数 {e} + {tin} − {tout}（三年前初一新生数 + "
                               "转入 − 转出）= {d}，不是正数",
                               "{what}: the adjusted cohort {e} + {tin} − {tout} (entrants + "
                               "transferred_in − transferred_out) = {d} is not positive"),
    "ratio.cohort_form": ("{what:t}：调整后的基数 {e} − {dec}（三年前初一新生数 − 死亡）= {d}，"
                          "不是正数",
                          "{what}: the adjusted cohort {e} − {dec} (entrants − deceased) = {d} "
                          "is not positive"),
    "ratio.form_graduates": ("{what:t}：毕业生数 − 转入 + 转出 = {graduates} − {tin} + {tout} = "
                             "{g}，为负数",
                             "{what}: graduates − transferred_in + transferred_out = "
                             "{graduates} − {tin} + {tout} = {g} is negative"),
    "ratio.population_zero": ("{what:t}：常住人口数为 0；一个县的常住人口应为正数",
                              "{what}: population is 0; a county has a positive resident "
                              "population"),
    "ratio.per_mille_high": ("{what:t}：抽样千分比 {value:v} 超过 1000（受访者多于常住人口）",
                             "{what}: per_mille = {value:r} is above 1000 (more respondents "
                             "than residents)"),
    "ratio.per_room_zero": ("{what:t}：每间专用教室对应的班级数为 0",
                            "{what}: classes_per_room is 0"),
    "ratio.floor_zero": ("{what:t}：下限人数为 0；小规模学校按正的人数核定经费",
                         "{what}: floor is 0; schools are funded as a positive number of "
                         "pupils"),
    "ratio.base_rate_zero": ("{what:t}：生均公用经费基准定额为 0；应为正数",
                             "{what}: base_rate is 0; the per-pupil base rate must be "
                             "positive"),
    "ratio.pupils_no_schools": ("{what:t}：在校生数 = {pupils}，但学校数为 0",
                                "{what}: pupils = {pupils} but schools = 0"),
    "ratio.pupils_too_many": ("{what:t}：{n} 所不足 {floor} 人的学校不可能有 {pupils} 名学生"
                              "（至多 {most} 名）",
                              "{what}: {n} schools under {floor} pupils cannot have {pupils} "
                              "pupils (at most {most})"),
    "ratio.pay_zero": ("{what:t}：{field:t}为 0；平均工资收入应为正数",
                       "{what}: {field} is 0; an average pay must be positive"),
    "ratio.where_in": ("{owner}的第 {i} 个{unit:t}", "{owner}, {unit} {i}"),
    "ratio.counts_unreadable": ("{what:t}：{field:t}无法读成每个{unit:t}一个数（{reason}）",
                                "{what}: {field} cannot be read as one count per {unit} "
                                "({reason})"),
    "ratio.counts_shape": ("{what:t}：{field:t}{of}应为每个{unit:t}一个数（一维数组），"
                           "得到的形状是 {shape}",
                           "{what}: {field}{of} must be one count per {unit} (a 1-D array), "
                           "got shape {shape}"),
    "ratio.of": ("（{owner}）", " of {owner}"),
    "ratio.count_at_not_whole": ("{what:t}：{where}的{field:t} = {value:v} 应为整数（人数、个数）",
                                 "{what}: {field} of {where} = {value:r} must be a whole "
                                 "number (a count)"),
    "ratio.count_too_large": ("{what:t}：{field:t}中有超出机器整数范围的数",
                              "{what}: {field} has a count too large for a machine integer"),
    "ratio.count_at_negative": ("{what:t}：{where}的{field:t} = {value} 为负数；人数、个数不能为负",
                                "{what}: {field} of {where} = {value} is negative; a count "
                                "cannot be negative"),
    "ratio.limits_unreadable": ("{what:t}：{field:t}无法读成上限值（{reason}）",
                                "{what}: {field} cannot be read as limits ({reason})"),
    "ratio.limit_zero": ("{what:t}：{field:t}为 0；上限应为正数",
                         "{what}: {field} is 0; a limit must be positive"),
    "ratio.limits_length": ("{what:t}：{field:t}有 {m} 个值，但有 {n} 个{unit:t}；请每个{unit:t}"
                            "给一个值，或只给一个上限",
                            "{what}: {field} has {m} values for {n} {unit}s; give one per "
                            "{unit} or a single limit"),
    "ratio.limit_at_zero": ("{what:t}：{where}的{field:t}为 0；上限应为正数",
                            "{what}: {field} of {where} is 0; a limit must be positive"),
    "ratio.lengths": ("{what:t}：{field:t}有 {m} 个值，但{other:t}有 {n} 个；请每所学校给一个",
                      "{what}: {field} has {m} values but {other} has {n}; give one per "
                      "school"),
    "ratio.class_sizes_type": ("{what:t}：各班人数应为一个序列，逐校列出各班人数",
                               "{what}: class_sizes must be a sequence with the class sizes of "
                               "each school"),
    "ratio.no_classes": ("{what:t}：{where}有 {pupils} 名学生，却有 0 个班",
                         "{what}: {where} has {pupils} pupils in 0 classes"),
    "ratio.areas_type": ("{what:t}：{field:t}应为一个序列，逐校列出各间教室面积",
                         "{what}: {field} must be a sequence with the room areas of each "
                         "school"),
    "ratio.areas_at_type": ("{what:t}：{where}的{field:t} = {value:v} 不是教室面积列表"
                            "（没有教室请写 []）",
                            "{what}: {field} of {where} = {value:r} is not a list of room "
                            "areas (give [] for no room)"),
    "ratio.area_bad": ("{what:t}：{where}的{field:t}中第 {j} 间 = {value:v}；面积应为不小于 0 "
                       "的有限数（平方米）",
                       "{what}: {field} of {where}, room {j} = {value:r}; an area must be a "
                       "finite number ≥ 0 (m²)"),
    "ratio.not_positive": ("{what:t}：{field:t}为 0；应为正数", "{what}: {field} is 0; it must be positive"),
    "ratio.one_or_each": ("{what:t}：{field:t}应为一个数，或每所学校一个数",
                          "{what}: {field} must be one number or one per school"),
    "ratio.exempt_year": ("{what:t}：豁免的建校年份 {value:v} 不是年份（应为不小于 0 的整数；"
                          "不豁免则为空）",
                          "{what}: exempt_built_before = {value:r} is not a year (a whole "
                          "number ≥ 0, or None for no exemption)"),
    "ratio.years_type": ("{what:t}：建校年份应为一个序列，每所学校一个年份（未知则为空）",
                         "{what}: year_built must be a sequence with one year (or None) per "
                         "school"),
    "ratio.year_bad": ("{what:t}：{where}的建校年份 {value:v} 不是年份（应为不小于 0 的整数；"
                       "未知则为空）",
                       "{what}: year_built of {where} = {value:r} is not a year (a whole "
                       "number ≥ 0, or None when unknown)"),
}

# qbalance.evaluate.batch
_BATCH: dict[str, tuple[str, str]] = {
    "batch.data_type": ("数据：应为列的映射、DataFrame、{arrow} 表，或 {suffixes} 文件的路径，"
                        "得到的是 {type}",
                        "data: expected a mapping of columns, a DataFrame, an {arrow} table or "
                        "the path of a {suffixes} file, got {type}"),
    "batch.column_missing": ("数据：缺少必需的列 {name:v}", "data: required column {name:r} is missing"),
    "batch.no_key": ("列 {name:v} 有 {n} 行缺少键值（空值 {nan} 或空白），位置 {shown}；每所学校都要有所属县",
                     "column {name:r}: {n} row(s) have no key ({nan} or blank) at positions "
                     "{shown}; every school needs its county"),
    "batch.column_shape": ("列 {name:v}：应有 {n} 个值，得到的形状是 {shape}",
                           "column {name:r}: expected {n} values, got shape {shape}"),
    "batch.column_not_numbers": ("列 {name:v}：无法读成数值（{reason}）",
                                 "column {name:r}: cannot be read as numbers ({reason})"),
    "batch.no_segments": ("学段：至少要评估一个学段", "segments: need at least one segment to evaluate"),
    "batch.county_missing": ("数据：缺少县代码列 {name:v}", "data: the county-key column {name:r} is missing"),
    "batch.county_shape": ("列 {name:v}：应为一维数组，得到的形状是 {shape}",
                           "column {name:r}: expected a 1-D array, got shape {shape}"),
    "batch.year_missing": ("数据：缺少年度列 {name:v}", "data: the year column {name:r} is missing"),
    "batch.workers": ("进程数：应为不小于 1 的整数，得到的是 {value:v}",
                      "workers: need a whole number >= 1, got {value:r}"),
    "batch.time_limit": ("时间上限：应为正的秒数，得到的是 {value:v}",
                         "time_limit: need a positive number of seconds, got {value:r}"),
    "batch.no_county": ("批量结果中没有县 {key:v}", "no county {key:r} in the batch result"),
}

# qbalance.plan
_PLAN: dict[str, tuple[str, str]] = {
    "plan.infeasible": ("在上限之内，{county}按{standard}没有可行的方案：\n  - {items}",
                        "no plan for {county} under {standard} within the caps:\n  - {items}"),
    "plan.floor": ("{code} 在{field:f}上限 {cap} {unit} 时至多达到 {reach}，低于底线 "
                   "{floor} × {thr} = {need}",
                   "{code} reaches at most {reach} with the cap of {cap} {unit} on {field}, "
                   "below the floor {floor} x {thr} = {need}"),
    "plan.too_few": ("在上限之内只有 {n} 项（共 {total} 项）指标能达到标准（{codes} 不能），需要 {need} 项",
                     "only {n} of {total} indicators can reach the standard within the caps "
                     "({codes} cannot), {need} are required"),
    "plan.school_rule": ("校际达标规则，{id}（{name}），{segment:t}：{parts}",
                         "per-school rule, {id} ({name}), {segment}: {parts}"),
    "plan.cv_limit": ("差异系数上限，{segment:t} {code}：在上限之内无法降到 {limit} 以下"
                      "（所有学校都取上限时为 {best}）",
                      "CV limit, {segment} {code}: cannot reach <= {limit} within the caps "
                      "(with every school at its cap it is {best})"),
    "plan.composite": ("综合差异系数上限，{segment:t}：不大于 {limit}，同时满足校际达标规则"
                       "（所有学校都取上限时综合差异系数为 {best}）",
                       "composite CV limit, {segment}: <= {limit} together with the per-school "
                       "rule (at every cap the composite is {best})"),
    "plan.not_together": ("校际达标规则和差异系数上限在上限之内各自可以满足，但不能同时满足"
                          "（教师、教室须为整数，或合并学校共用的存量）",
                          "the per-school rule and the CV limits can each be met within the "
                          "caps but not together (integer teachers / classrooms, or the "
                          "combined schools' shared stocks)"),
    "plan.no_plan": ("{county}按{standard}没有通过复核的方案：{why}",
                     "no plan for {county} under {standard} passed re-evaluation: {why}"),
    "plan.greedy_failed": ("贪心方案也未通过", "the greedy plan did not pass either"),
    "plan.optimiser_failed": ("优化器没有找到方案（{text}）", "the optimiser found no plan ({text})"),
    "plan.costlier": ("优化器的方案（{plan:,.0f} 元）比贪心方案（{greedy:,.0f} 元）贵",
                      "the optimiser's plan ({plan:,.0f} yuan) cost more than the greedy plan "
                      "({greedy:,.0f} yuan)"),
    "plan.failed_check": ("优化器的方案未通过复核", "the optimiser's plan failed re-evaluation"),
    # the notes a plan carries (GapPlan.note / CountyPlan.note), in the session language
    "plan.note_greedy": ("贪心方案（naive_plan）：{trouble}", "greedy plan (naive_plan): {trouble}"),
    "plan.note_stopped": ("求解在证明费用最低之前停止（到达时间上限或 max_iterations）",
                          "the search stopped (time limit or max_iterations) before proving "
                          "least cost"),
    "plan.note_gap": ("；方案至多比求解器的下界高 {gap:.2%}",
                      "; the plan is at most {gap:.2%} above the solver's lower bound"),
    "plan.note_timed_out": ("规划超过时限（{seconds:.0f} 秒 > {allowed:.0f} 秒），已放弃；这是贪心方案"
                            "（naive_plan），不是费用最低的方案",
                            "planning overran its limit ({seconds:.0f} s > {allowed:.0f} s): "
                            "abandoned; this is the greedy plan (naive_plan), not the least-cost "
                            "one"),
    "plan.note_greedy_failed": ("{seconds:.0f} 秒后超时，贪心方案也失败：{why}",
                                "timed out after {seconds:.0f} s, and the greedy plan failed: "
                                "{why}"),
    "plan.margins": ("放宽求解器的安全余量后仍没有找到方案",
                     "with the solver's safety margins widened no plan was found"),
    "plan.shared_out": ("综合差异系数上限分摊到各项指标后，没有方案满足这些目标",
                        "no plan meets the per-indicator targets the composite limit was "
                        "shared out into"),
    "plan.cutting_planes": ("差异系数割平面法在 {rounds} 次求解后没有找到方案（{why}）",
                            "the CV cutting planes found no plan in {rounds} solves ({why})"),
    "plan.time_limit": ("到达时间上限", "time limit"),
    "plan.rounds": ("{n} 轮", "{n} rounds"),
    "plan.milp_stopped": ("整数规划求解器停止，没有给出方案：{text}",
                          "the MILP solver stopped without a plan: {text}"),
    "plan.no_school": ("新增配置：{county}没有学校 {id:v}", "additions: no school {id:r} in county {county}"),
    "plan.unknown_field": ("新增配置[{id:v}]：未知字段 {field:v}", "additions[{id:r}]: unknown field {field:r}"),
    "plan.teacher_needs_segment": ("新增配置[{id:v}]：教师字段 {field:v} 需要写明学段，如 “{lit_primary}” + 字段名",
                                   "additions[{id:r}]: teacher field {field:r} needs its segment, "
                                   "e.g. '{lit_primary}' + field"),
    "plan.no_segment": ("新增配置[{id:v}]：该校没有{segment:t}", "additions[{id:r}]: the school has no {segment} segment"),
    "plan.whole_school": ("新增配置[{id:v}]：{field:v} 是全校共用的存量，不要写学段",
                          "additions[{id:r}]: {field:r} is a whole-school stock; give it "
                          "without a segment"),
    "plan.caps_school": ("上限：学校 {id:v} 不是本县参评的学校",
                         "caps: school {id:r} is not an in-scope school of the county"),
    "plan.caps_field": ("上限[{id:v}]：未知字段 {field:v}；可用的有 {fields}",
                        "caps[{id:r}]: unknown field {field:r}; one of {fields}"),
    "plan.caps_prefix": ("上限[{id:v}]：{key:v}：学段前缀只用于教师字段（如 “{lit_junior_teachers}”）",
                         "caps[{id:r}]: {key:r}: a segment prefix is only for teacher fields "
                         "(e.g. '{lit_junior_teachers}')"),
    "plan.caps_value": ("上限[{id:v}][{key:v}] = {value:v}：上限应为不小于 0 的数",
                        "caps[{id:r}][{key:r}] = {value:r}: a cap is a number >= 0"),
}

_OPTIONAL: dict[str, tuple[str, str]] = {
    "missing_dependency.module": (
        "{purpose:t}需要可选依赖 {module:v}，尚未安装；请用 {lit_pip} 'qbalance[{extra}]' 安装",
        "{purpose} needs the optional dependency {module:r}, which is not installed; "
        "install it with: {lit_pip} 'qbalance[{extra}]'"),
}

# reading stored results back (JSON structure), every result type
_JSON: dict[str, tuple[str, str]] = {
    "json.object": ("{field}：应为一个对象", "{field}: expected an object"),
    "json.object_for": ("{field}：应为一个{type:t}对象", "{field}: expected an object for {type}"),
    "json.list": ("{field}：应为一个列表", "{field}: expected a list"),
    "json.string": ("{field}：应为文本", "{field}: expected a string"),
    "json.missing": ("{field}：缺少此项", "{field}: missing"),
    "json.invalid": ("{field}：{text}", "{field}: {text}"),
    "json.keys": ("{field}：应为键值列表", "{field}: expected a list of keys"),
    "json.unknown_key": ("{field}：{type:t}中没有键 {key:v}", "{field}: unknown key {key:r} for {type}"),
    "json.shape": ("{field}：形状为 {got}，但结果的维数应为 {shape}",
                   "{field}: shape {got} but the result's dimensions give {shape}"),
    "json.item_type": ("{field}：{value:v} 不是 {dtype} 类型的值", "{field}: {value:r} is not a {dtype} value"),
    "json.year_count": ("{field}：有 {n} 个键，但有 {g} 个县", "{field}: {n} keys for {g} counties"),
    "json.id_count": ("{field}：有 {n} 个学校代码，但有 {m} 行", "{field}: {n} ids for {m} rows"),
}

# qbalance.audit
_AUDIT: dict[str, tuple[str, str]] = {
    "audit.claim": ("报告数据 {id}：{inner}", "claim {id}: {inner}"),
    "audit.stored_op": ("{field}：{value:v} 不是以下之一：{options}", "{field}: {value:r} is not one of {options}"),
    "audit.stored_upper": ("{field}：只有范围（'..'）才有上限，范围必须有上限",
                           "{field}: a range ('..') and only a range has an upper end"),
    "audit.bad_threshold": ("字段 “{lit_threshold}” = {value:v}：不是标准值（应写成 '>= 50%'、'< 0.15' 或 "
                            "'720..940' 这样的形式）",
                            "field '{lit_threshold}' = {value:r}: not a threshold such as '>= 50%', "
                            "'< 0.15' or '720..940'"),
    "audit.bad_rule": ("字段 “{lit_rule}” = {value:v}：{inner}", "field '{lit_rule}' = {value:r}: {inner}"),
    "audit.rule_no_value": ("评估标准 {standard:v} 中没有 {path:v} 这一项（在 {part:v} 处找不到）",
                            "standard {standard:r} has no value at {path:r} (stuck at {part:r})"),
    "audit.rule_not_number": ("评估标准 {standard:v}：{path:v} 的值是 {value:v}，不是数值",
                              "standard {standard:r}: {path:r} is {value:r}, not a number"),
    "audit.rule_direction": ("评估标准 {standard:v}：无法判断 {path:v} 是下限还是上限；请在报告数据中"
                             "改用 “{lit_threshold}” 给出标准值",
                             "standard {standard:r}: cannot tell whether {path:r} is a minimum "
                             "or a maximum; give the claim a '{lit_threshold}' instead"),
    "audit.ratio_needs_reported": ("没有 “{lit_denominator}”（分母）的比例需要给出 “{lit_reported}”（报告值）",
                                   "a ratio without '{lit_denominator}' needs '{lit_reported}'"),
    "audit.per_capita_needs": ("人均类数据需要 “{lit_denominator}”（分母）或 “{lit_reported}”（报告值）",
                               "a per-capita claim needs '{lit_denominator}' or '{lit_reported}'"),
    "audit.claims_arg": ("报告数据：请给出 {lit_claimset}、报告数据文件，或由 {lit_claim} 组成的非空列表",
                         "claims: give a {lit_claimset}, a claims file, or a non-empty list of {lit_claim}"),
    "audit.claims_of": ("{county}的报告数据", "claims of {county}"),
    "audit.no_claim": ("本次核查中没有报告数据 {id:v}", "no claim {id:r} in this audit"),
    "audit.no_claim_in_set": ("没有报告数据 {id:v}；现有的是 {ids}",
                              "no claim {id:r}; the set has {ids}"),
    "audit.file_type": ("{path}：不支持的报告数据文件类型 {suffix:v}（请用 {lit_claim_suffixes}）",
                        "{path}: unsupported claims file type {suffix:r} (use "
                        "{lit_claim_suffixes})"),
    "audit.file_top": ("{path}：最外层应为一个表（对象）", "{path}: expected a table/object at the top "
                       "level"),
    "audit.file_parse": ("{path}：无法解析：{reason}", "{path}: cannot be parsed: {reason}"),
    "audit.no_example": ("没有名为 {value:v} 的自带报告数据；可用的有：{available}",
                         "no shipped claims {value:r}; available: {available}"),
    "audit.extracted_note": ("由 {lit_qbalance_extract} 按模式 {pattern} 自动提取，须人工复核",
                             "extracted by {lit_qbalance_extract} with the patterns {pattern}; to be checked by hand"),
    "audit.no_claims_found": ("{path}：报告中没有找到可核查的数据（这是一份中文自评报告吗？）",
                              "{path}: no checkable claim found in the report (is it a "
                              "self-evaluation report in Chinese?)"),
    "audit.patterns_unreadable": ("无法读取提取规则 {name}：{reason}",
                                  "cannot read extraction patterns {name}: {reason}"),
}

# qbalance.form: reading, checking and writing the declaration form (申报表)
_FORM: dict[str, tuple[str, str]] = {
    "form.no_codes_row": ("标题下没有列代码行（L1、L2、…）",
                          "no row of column codes (L1, L2, …) under the title"),
    "form.no_indicator_columns": ("没有指标列（L7…）", "no indicator columns (L7…)"),
    "form.not_number": ("不是数值", "not a number"),
    "form.negative": ("此处不可能为负数", "a negative value is impossible here"),
    "form.not_whole": ("应为整数（人数、个数）", "must be a whole number (a count)"),
    "form.blank_required": ("必填项为空", "a required value is blank"),
    "form.table_twice": ("表{table}出现了两次（第一次在 {ref}）",
                         "table {table} appears twice (first at {ref})"),
    "form.codes_lacking": ("列代码行缺少 {codes}", "the row of column codes lacks {codes}"),
    "form.row_unknown_rule": ("无法确定学段（小学/初中）和行（达标学校总数/比例）",
                              "cannot tell the segment (小学/初中) and the row (达标学校总数/比例)"),
    "form.row_unknown_cv": ("无法确定学段（小学/初中）和行（县域均值/差异系数）",
                            "cannot tell the segment (小学/初中) and the row (县域均值/差异系数)"),
    "form.row_twice": ("该行出现了两次", "the row appears twice"),
    "form.name_blank": ("学校名称为空", "the school name is blank"),
    "form.no_pupils": ("学校应有学生（在校生数 > 0）", "a school has pupils (> 0)"),
    "form.owner_code": ("举办者类型应为 1 到 10 的代码", "举办者类型 is a code from 1 to 10"),
    "form.school_verdict": ("是否达标应填 是 或 否（或留空）", "是否达标 must be 是 or 否 (or blank)"),
    "form.item_no_number": ("该项没有序号", "the item has no number (序号)"),
    "form.item_twice": ("序号重复", "the item number appears twice"),
    "form.item_verdict": ("是否达标应填 达标、未达标、未评估 或 不适用（或留空）",
                          "是否达标 must be 达标, 未达标, 未评估 or 不适用 (or blank)"),
    "form.no_table": ("没有找到申报表：没有以 表Ⅰ、表Ⅱ-2 或 表2-2 这样的标题开头的单元格",
                      "no table of the declaration form found: no cell starts with a title "
                      "such as 表Ⅰ, 表Ⅱ-2 or 表2-2"),
    "form.not_workbook": ("无法把 {path} 读成 Excel 工作簿：{reason}",
                          "cannot read {path} as an Excel workbook: {reason}"),
    "form.county_mismatch": ("申报表：县数据是 {county:v}，但评估结果是 {evaluated:v} 的",
                             "declaration_form: the county data is {county:r} but the "
                             "evaluation is of {evaluated:r}"),
    "form.not_evaluation": ("申报表：第一个参数应是县的评估结果（evaluate_county(county) 的返回值），"
                            "收到的是 {got}；请写 declaration_form(evaluate_county(county), county)",
                            "declaration_form: the first argument must be the county's "
                            "evaluation (what evaluate_county(county) returns), got {got}; write "
                            "declaration_form(evaluate_county(county), county)"),
    "form.basics_key": ("基本情况：未知的键 {key:v}；请用 L1–L24 的列代码或以下之一：{keys}",
                        "basics: unknown key {key:r}; use an L-code L1–L24 or one of {keys}"),
    "form.basics_value": ("基本情况.{key} = {value:v}：{text}", "basics.{key} = {value:r}: {text}"),
    "form.suffix": ("写出申报表：{name}：请使用 .xlsx、.md 或 .html",
                    "write_declaration_form: {name}: use .xlsx, .md or .html"),
    "form.cannot_write": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
}

# qbalance.io.tables: reading schools tables (CSV, Excel, DataFrames)
_READERS: dict[str, tuple[str, str]] = {
    "table.number.comma": ("数字中的逗号用法不对：千位分隔符必须每三位一组（如 4,430,100），小数点请用“.”（{text} 不能确定是多少）",
        "a comma in a number must separate groups of three digits (4,430,100); write decimals with a point ({text} is ambiguous)"),
    "table.number.unit": ("单元格里的数字带有单位或文字（{text}）：单位请写在表头或单位行，单元格只填数字",
        "the number carries a unit or text ({text}): put units in the header or the units row and only the number in the cell"),
    "table.number.nan": ("不是数字",
        "not a number"),
    "table.number.bool": ("这里应填数字，不是“是/否”",
        "a yes/no value where a number is expected"),
    "table.number.not_finite": ("不是有限的数字",
        "not a finite number"),
    "table.rooms.big": ("一间教室 {area:g} m² 不合理（超过 {max:g} m²）：多间教室请用顿号分隔，如 78、96",
        "one room of {area:g} m² is implausible (over {max:g} m²): separate several rooms with 、 or ; (78、96)"),
    "table.rooms.small": ("一间教室 {area:g} m² 不合理（不足 {min:g} m²）：是否把小数点写成了逗号（如 78,5 应写 78.5）？",
        "one room of {area:g} m² is implausible (under {min:g} m²): a decimal comma? write 78.5, not 78,5"),
    "table.kind.out": ("不是义务教育学校（{what}），不参加评估：请删除这一行",
        "not a compulsory-education school ({what}) and not evaluated: remove the row"),
    "table.kind.unknown": ("无法识别的学校类型；请填 {kinds}，或统计系统的办学类型代码（211、218、311、312、341、345），常见写法见 {lit_kind_words}",
        "unknown school kind; use one of {values} (or 小学, 初中 …, or the statistics system's 办学类型 code such as 211); see {lit_kind_words}"),
    "table.kind.bool": ("不是“是/否”值：请填 是/否、1/0、√/×（或 {lit_yes_no}）",
        "not a yes/no value: use 是/否, 1/0, √/× or {lit_yes_no}"),
    "table.headerless": ("{column} 列没有表头，但有数据（如{ref}的 {value:v}）：请补上表头，或删除这一列",
        "column {column} has no header but holds data (e.g. {value:r} in {ref}): give it a header, or delete the column"),
    "table.duplicate": ("与{ref}（{prev_id} {name}）名称和全部数据都相同，只是学校代码不同：同一所学校是否填了两次？请删除一行；若确是两所学校，请核对数据",
        "same name and every value as {ref} ({prev_id} {name}) under another id: the same school twice? Delete one row; if they really are two schools, check the data"),
    "table.total_bad": ("{label}行与各校之和不符：{column} 合计 {total:g}，各校相加为 {sum:g}；请核对数据（合计行本身不参加评估）",
        "the {label} row does not match the schools: {column} says {total:g}, the schools add up to {sum:g}; check the data (the totals row itself is not evaluated)"),
    "table.total_note": ("{where:p}：{label}行与各校之和一致，已跳过（不作为学校）",
        "{where:p}: the {label} row matches the sum of the schools and was skipped (not a school)"),
    "table.total_text": ("{label}行的 {column} 不是数字：{value:v}",
        "the {label} row's {column} is not a number: {value:r}"),
    "table.teachers": ("{column} = {value} 多于在校生数 {pupils}：是否删掉了一个单元格使数据错位，或两列填反了？",
        "{column} = {value} is more than the {pupils} pupils: a cell deleted and the row shifted, or two columns swapped?"),
    "table.short_row": ("这一行只有 {have} 个单元格，表头和其他各行有 {want} 个：是否删掉了一个单元格（后面的数据错位）或少了分隔符？",
        "this row has {have} cells where the header and the other rows have {want}: a cell deleted (the rest shifted) or a separator missing?"),
    "table.no_segment": ("{kind}没有{seg}数据：{column} = {value:v}；请删除该数据，或改正学校类型",
        "a {kind_en} ({kind}) has no {seg_en} data: {column} = {value:r}; delete it, or correct the school kind"),
    'table.csv.too_long': ('第 {row} 行（文件第 {line} 行起）有单元格超过 {limit} 个字符：多半是某个单元格的引号没有闭合（如备注 "2024年扩建），吞掉了后面各行；请删除或配对该引号',
        'row {row} (from line {line} of the file) has a cell longer than {limit} characters: most likely a quote left open in a cell (e.g. a note "2024年扩建) swallowed the following rows; remove or close the quote'),
    "table.csv.open_quote": ("第 {row} 行（文件第 {line} 行起）的引号直到文件末尾都没有闭合，后面各行都被并入这一个单元格；请删除或配对该引号",
        "the quote opened in row {row} (line {line} of the file) is never closed: every later row was swallowed into one cell; remove or close the quote"),
    "table.csv.bad_quote": ("第 {row} 行（文件第 {line} 行起）引号用法有误：{reason}",
        "row {row} (from line {line} of the file) is badly quoted: {reason}"),
    "table.csv.swallowed": ("第 {row} 行 {column} 列的单元格跨越文件第 {first}–{last} 行，其中含有整行的数据：多半是引号没有闭合，吞掉了后面的学校；请删除或配对该引号",
        "the cell in column {column} of row {row} spans lines {first}–{last} of the file and holds whole rows of data: most likely a quote left open swallowed the following schools; remove or close the quote"),
    "table.xlsx.bomb": ("{path}：解压后超过 {limit} MB（压缩比 {ratio:.0f} 倍），不像学校数据表，未读取",
        "{path}: over {limit} MB when unpacked (compression ratio {ratio:.0f}); not a schools table, not read"),
    "table.xlsx.zip": ("{path} 不是有效的 .xlsx 文件（{reason}）；.xlsx 文件是压缩包，请用 Excel 另存",
        "{path} is not a valid .xlsx file ({reason}); save it again from Excel"),
    "table.xlsx.formula": ("单元格 {cell} 是公式 {formula}，但工作簿没有保存计算结果：请在 Excel 中打开并保存（或把公式改成数值）后再读取",
        "cell {cell} holds the formula {formula} but the workbook has no saved result for it: open and save the workbook in Excel (or replace the formula by its value)"),
}

_READERS.update({
    "table.required_column": ("缺少必需的列（{zh} / {key}）", "required column missing ({zh} / {key})"),
    "table.empty": ("表格是空的", "the table is empty"),
    "table.units_disagree": ("单位行写的是 {row_unit:v}，表头写的是 {unit:v}",
                             "the units row says {row_unit:r} but the header says {unit:r}"),
    "table.id_repeats": ("学校代码与{row}（{name}）重复", "school id repeats {row} ({name})"),
    "table.no_rows": ("表格有表头，但没有学校数据行", "the table has a header but no school rows"),
    "table.unknown_key": ("{lit_columns}= 把这一表头对应到未知的键 {key:v}；参见 "
                          "{lit_column_help}",
                          "{lit_columns}= maps this header to unknown key {key:r}; see "
                          "{lit_column_help}"),
    "table.column_repeats": ("第 {column} 列与列 {other:v} 重复（都表示 {key:v}）",
                             "column {column} repeats column {other:r} (both mean {key:r})"),
    "table.unknown_column": ("无法识别的列（第 {column} 列）：请改用可识别的表头，用 {lit_columns}={{表头: 键}} "
                             "对应，或用 {lit_columns}={{表头: {lit_none}}} 忽略；参见 "
                             "{lit_column_help}",
                             "unknown column (column {column}); rename it to a known header, map "
                             "it with {lit_columns}={{header: key}} or ignore it with "
                             "{lit_columns}={{header: {lit_none}}}; see {lit_column_help}"),
    "table.ambiguous_segment": ("{what}的这一列没有 小学/初中 前缀，无法确定学段；请用 {primary} / {junior}",
                                "a column without 小学/初中 prefix is ambiguous for {what}; use "
                                "{primary} / {junior}"),
    "table.this_school": ("该校", "this school"),
    "table.given_twice": ("填写了两次（也作为 {other:v}）", "given twice (also as {other:r})"),
    "table.missing_value": ("缺少数据：这所学校需要填写此项", "missing: this school needs a value here"),
    "table.excel_error": ("单元格是 Excel 错误值", "the cell holds an Excel error value"),
    "table.row_ref": ("第 {n} 行", "row {n}"),
    "table.band_no_column": ("班额分段 {bands} 不是统计报表的分段（25人及以下、26-30人……66人及以上），"
                             "学校表中没有对应的列",
                             "class-size band(s) {bands} are not the statistics' bands (<=25, "
                             "26-30 ... >=66): the schools table has no column for them"),
    "table.unit_unknown": ("无法识别这一列的单位 {unit:v}（应为 {expected}）",
                           "unit {unit:r} not understood for this column (expected {expected})"),
    "table.no_unit": ("无单位", "no unit"),
    "table.no_file": ("无法读取 {path}：文件不存在", "cannot read {path}: no such file"),
    "table.not_workbook": ("{path}：不是可读的 {suffix} 工作簿：{reason}",
                           "{path}: not a readable {suffix} workbook: {reason}"),
    "table.no_sheet": ("{path}：没有工作表 {sheet:v}；现有的工作表是 {sheets}",
                       "{path}: no sheet {sheet:r}; sheets are {sheets}"),
    "table.not_frame": ("应为 {lit_pandas} 的 DataFrame，得到的是 {type}",
                        "expected a {lit_pandas} DataFrame, got {type}"),
    "table.suffix": ("{path}：不支持的表格类型 {suffix:v}（请用 {lit_table_suffixes}）",
                     "{path}: unsupported table type {suffix:r} (use {lit_table_suffixes})"),
    "table.index_ref": ("索引 {n}", "index {n}"),
})

# qbalance._files: reading input files defensively (caps, encodings, nesting)
_FILES: dict[str, tuple[str, str]] = {
    "input.unknown_encoding": ("{path}：未知的编码 {encoding:v}", "{path}: unknown encoding {encoding:r}"),
    "input.yaml_invalid": ("{path} 不是有效的 {lit_yaml}：{reason}", "{path}: not valid {lit_yaml}: {reason}"),
    "input.suffix": ("{path}：不支持的{what:t}类型 {suffix:v}（请用 {lit_mapping_suffixes}）",
                     "{path}: unsupported {what} type {suffix:r} (use {lit_mapping_suffixes})"),
    "input.is_dir": ("无法读取 {path}：这是一个目录", "cannot read {path}: a directory"),
    'input.unreadable': ('无法读取 {path}：{reason}',
        'cannot read {path}: {reason}'),
    'input.too_large': ('{path} 超过 {limit} MB 的读取上限，未读取（可设置环境变量 QBALANCE_MAX_INPUT_MB 提高上限）',
        '{path} is larger than the {limit} MB read limit and was not read (raise it with the environment variable QBALANCE_MAX_INPUT_MB)'),
    'input.binary': ('{path} 不是文本文件（含有二进制字节，如 {sample}）；请另存为 {lit_utf8} 文本',
        '{path} is not a text file (it holds binary bytes such as {sample}); save it as {lit_utf8} text'),
    'input.encoding': ('{path} 既不是 {lit_utf8} 也不是 {lit_gbk} 编码（第 {offset} 字节无法解码）；请另存为 {lit_utf8}',
        '{path} is neither {lit_utf8} nor {lit_gbk} (byte {offset} cannot be decoded); save it as {lit_utf8}'),
    'input.encoding_forced': ('{path} 不能按指定编码 {encoding} 解码（第 {offset} 字节）',
        '{path} cannot be decoded as the given encoding {encoding} (byte {offset})'),
    'input.json_invalid': ('{path} 不是有效的 JSON：{reason}',
        '{path}: not valid JSON: {reason}'),
    'input.toml_invalid': ('{path} 不是有效的 {lit_toml}：{reason}',
        '{path}: not valid {lit_toml}: {reason}'),
    'input.too_deep': ('{path} 嵌套层数过深（超过 {limit} 层），不是 qbalance 的输入文件',
        '{path} is nested too deeply (more than {limit} levels); it is not a qbalance input file'),
    'input.not_finite': ('{path} 含有非有限数值 {value}（如 {lit_non_finite}），不允许',
        '{path} holds a non-finite number {value} (such as {lit_non_finite}), which is not allowed'),
    'input.too_many_rows': ('{path} 超过 {limit} 行的读取上限（可设置环境变量 QBALANCE_MAX_ROWS 提高上限）',
        '{path} has more than the {limit}-row limit (raise it with the environment variable QBALANCE_MAX_ROWS)'),
}

# qbalance._batch_files: national batch tables read from files
_BATCH_FILES: dict[str, tuple[str, str]] = {
    "batch_file.unknown_column": (
        "第 {column} 列 {header:v}：批量评估表中无此列；请用批量评估的列名（{lit_batch_columns}）"
        "或 {lit_column_help} 中的表头",
        "column {column} {header:r}: unknown column for a batch table; use the batch column "
        "names ({lit_batch_columns}) or the headers of {lit_column_help}"),
    "batch_file.unit": ("第 {column} 列 {header:v}：{text}", "column {column} {header:r}: {text}"),
    "batch_file.suffix": ("{name}：批量评估表须为 {suffixes} 文件，得到的是 {suffix:v}",
                          "{name}: a batch table must be one of {suffixes}, got {suffix:r}"),
    "batch_file.no_suffix": ("无后缀", "no suffix"),
    "batch_file.no_file": ("{path}：文件不存在", "{path}: no such file"),
    "batch_file.unreadable": ("{name}：不是可读的 {kind} 文件（{reason}）",
                              "{name}: not a readable {kind} file ({reason})"),
    "batch_file.csv_unreadable": ("{name}：不是可读的 {lit_csv} 表（{reason}）",
                                  "{name}: not a readable {lit_csv} table ({reason})"),
    "batch_file.empty_file": ("{name}：文件是空的", "{name}: the file is empty"),
    "batch_file.not_workbook": ("{name}：不是可读的 Excel 工作簿（{reason}）",
                                "{name}: not a readable Excel workbook ({reason})"),
    "batch_file.empty_sheet": ("{name}：工作表是空的", "{name}: the sheet is empty"),
    "batch_file.beyond_header": ("{src}：第 {row} 行在表头最后一列之外有值 {value:v}（没有表头的列）",
                                 "{src}: row {row} has a value {value:r} beyond the last column "
                                 "of the header (a column without a header)"),
    "batch_file.headerless": ("{src}：第 {column} 列有数据但无表头",
                              "{src}: column {column} has data but no header"),
    "batch_file.repeats": ("{src}：第 {column} 列 {header:v} 与 {other:v} 重复（都表示 {key:v}）",
                           "{src}: column {column} {header:r} repeats column {other:r} (both "
                           "mean {key:r})"),
    "batch_file.no_county": ("{src}：缺少县代码列（county / 县代码 / 行政区划代码）",
                             "{src}: no county-key column (county / 县代码 / 行政区划代码)"),
    "batch_file.no_value": ("{src}：第 {row} 行第 {column} 列 {header:v} 缺少数值（此处必须填数）",
                            "{src}: row {row}, column {column} {header:r}: no value (a number "
                            "is required)"),
    "batch_file.bool_for_number": ("{src}：第 {row} 行第 {column} 列 {header:v} 应为数值，不是“是/否”",
                                   "{src}: row {row}, column {column} {header:r}: a yes/no value "
                                   "where a number is expected"),
    "batch_file.not_number": ("{src}：第 {row} 行第 {column} 列 {header:v} 的 {value:v} 不是数值",
                              "{src}: row {row}, column {column} {header:r}: {value:r} is not a "
                              "number"),
    "batch_file.not_bool": ("{src}：第 {row} 行第 {column} 列 {header:v} 的 {value:v} 不是是/否值"
                            "（是/否、{lit_yes_no}、1/0）",
                            "{src}: row {row}, column {column} {header:r}: {value:r} is not a "
                            "yes/no value (是/否, {lit_yes_no}, 1/0)"),
    "batch_file.unknown_kind": ("{src}：第 {row} 行第 {column} 列 {header:v} 的学校类型 {value:v} 不明",
                                "{src}: row {row}, column {column} {header:r}: unknown school "
                                "kind {value:r}"),
}

# qbalance.audit.lint: checks of a claims file against its report
_LINT: dict[str, tuple[str, str]] = {
    "lint.no_quote": ("没有引文（{lit_quote}），无法核对出处。",
                      "No {lit_quote}: where the claim comes from cannot be checked."),
    "lint.quote_not_found": ("引文未在报告中逐字出现：“{quote}”。",
                             "The {lit_quote} is not printed in the report: “{quote}”."),
    "lint.number_not_in_quote": ("字段 {field} 的数字 {numbers} 不在引文中（若为推算值，请在 "
                                 "{lit_derived} 中注明）。",
                                 "Field {field}: {numbers} not in the {lit_quote} (mark the "
                                 "field as {lit_derived} if it is worked out)."),
}

# qbalance.io.results: saved results read back
_RESULTS: dict[str, tuple[str, str]] = {
    "result.tampered": ("{source}：{path}：{text}（结果文件被改动或已损坏）",
                        "{source}: {path}: {text} (the result file was edited or is corrupt)"),
    "result.no_match": ("没有相符的类型", "no matching type"),
    "result.rebuild": ("无法重建 {type:r} 类型的值", "cannot rebuild a value of type {type:r}"),
    "result.not_result": ("{source}：不是保存的 qbalance 结果", "{source}: not a saved qbalance result"),
    "result.object_for": ("应为 {type} 对象，得到的是 {got}", "expected an object for {type}, got {got}"),
    "result.cannot_save": ("无法保存 {type}：它没有 to_dict()", "cannot save a {type}: it has no to_dict()"),
    "result.edited": ("保存的是 {stored:r}，但保存的数据算得 {again:r}；文件被改动过，或来自不兼容的版本",
                      "stored {stored:r} but the stored figures give {again:r}; the file was "
                      "edited or is from an incompatible version"),
    "result.object_for_only": ("应为 {type} 对象", "expected an object for {type}"),
    "result.outcome_edited": ("保存的是 {stored:r}，但保存的数据算得 {again:r}",
                              "stored {stored:r} but the stored figures give {again:r}"),
    "result.not_equal": ("无法保存 {type}：读回的结果与原结果不同",
                         "cannot save a {type}: it does not load back equal"),
    "result.expected_list": ("应为列表，得到的是 {got}", "expected a list, got {got}"),
    "result.items": ("应有 {n} 项，得到 {got} 项", "expected {n} items, got {got}"),
    "result.expected_object": ("应为对象，得到的是 {got}", "expected an object, got {got}"),
    "result.one_of": ("应为以下之一：{options}", "expected one of {options}"),
    "result.fraction": ("应为精确分数，如 “532/1065”", "expected an exact fraction such as \"532/1065\""),
    "result.decimal": ("应为写成文本的小数，如 “49.95”", "expected a decimal number as text such as \"49.95\""),
    "result.not_finite": ("不是有限的小数", "not a finite decimal number"),
    "result.number": ("应为数值", "expected a number"),
    "result.integer": ("应为整数", "expected an integer"),
    "result.bool": ("应为 {lit_true} 或 {lit_false}", "expected {lit_true} or {lit_false}"),
    "result.string": ("应为文本", "expected a string"),
    "result.null": ("应为 {lit_null}", "expected {lit_null}"),
    "result.unknown_key_for": ("{type} 中没有键 {key:r}", "unknown key {key:r} for {type}"),
    "result.unknown_type": ("{source}：未知的结果类型 {name:r}；已知的有 {known}",
                            "{source}: unknown result type {name:r}; known: {known}"),
    "result.count_edited": ("保存了 {stored} 项，重建的结果有 {again} 项；文件被改动过，或来自不兼容的版本",
                            "{stored} items stored, the rebuilt result has {again}; the file was "
                            "edited or is from an incompatible version"),
    "result.nan_edited": ("保存的是 {stored:r}，但保存的数据算得 {lit_nan}",
                          "stored {stored:r} but the stored figures give {lit_nan}"),
    "result.verdicts_edited": ("保存的结论或数值与保存的数据不符；文件被改动过，或来自不兼容的版本",
                               "stored verdicts or values disagree with the stored figures; the "
                               "file was edited or is from an incompatible version"),
    "result.no_load_back": ("无法保存 {type}：{lit_load_result} 不能读回（{reason}）",
                            "cannot save a {type}: {lit_load_result} could not read it back "
                            "({reason})"),
    "result.not_utf_eight": ("{path}：不是 {lit_utf8} 文本（第 {byte} 字节；文件是否被截断？）",
                        "{path}: not {lit_utf8} text (byte {byte}; is the file truncated?)"),
    "result.not_valid": ("不是有效的 {type}", "not a valid {type}"),
    "result.bad_fraction": ("不是有效的分数", "not a valid fraction"),
    "result.bad_decimal": ("不是有效的小数", "not a valid decimal number"),
    "result.field_missing": ("{type} 的字段 {field:r} 缺失", "{type} field {field:r} is missing"),
    "result.unknown_key": ("未知的键 {key:r}", "unknown key {key:r}"),
    "result.key_missing": ("缺少 {key:r}", "{key:r} is missing"),
    "result.at": ("{path}：{text}", "{path}: {text}"),
}

# qbalance.io._invariants: the checks that re-verify a loaded result (the text of result.tampered)
_RESULT_CHECKS: dict[str, tuple[str, str]] = {
    "result.check.claim_id_repeated": ("核查项编号重复", "claim id repeated"),
    "result.check.findings_order": ("发现未按严重程度排列", "findings not worst first"),
    "result.check.reported_figure": ("不是报告印出的数字 {printed:r}",
                                     "not the figure the claim says was printed ({printed:r})"),
    "result.check.verdict_agrees": ("报告结论与复算结论的一致性应为 {want:v}",
                                    "the printed and recomputed verdicts' agreement is {want}"),
    "result.check.batch_mean": ("不在该县学段各校值的范围 {low:r}…{high:r} 之内",
                                "not within the range {low:r}…{high:r} of the school values"),
    "result.check.batch_std": ("超过各校值极差的一半 {want:r}",
                               "above half the range of the school values ({want:r})"),
    "result.check.plan_method": ("求解方法应为 {a} 或 {b}", "expected {a} or {b}"),
    "result.check.negative": ("为负数（{value:r}）", "{value:r} is negative"),
    "result.check.not_finite": ("不是有限数值（{value:r}）", "{value:r} is not a finite number"),
    "result.check.positive": ("应为正数（{value:r}）", "{value:r} must be positive"),
    "result.check.no_school": ("县内没有这所学校", "no such school in the county"),
    "result.check.not_plan_field": ("不是可增加的字段", "not a field a plan adds to"),
    "result.check.amount_positive": ("增加量必须大于 0", "an addition must be > 0"),
    "result.check.whole_number": ("应为整数", "must be a whole number"),
    "result.check.item_cost": ("不等于数量 × 单价 {want:r}", "not amount × unit cost ({want:r})"),
    "result.check.total_cost": ("不等于各项费用之和 {want:r}",
                                "not the sum of the items' costs ({want:r})"),
    "result.check.exact_cost_above": ("取整前的最优费用高于方案总费用 {total:r}",
                                      "the optimum before rounding is above the plan's cost "
                                      "({total:r})"),
    "result.check.plan_county": ("与方案的县不符", "not the plan's county"),
    "result.check.plan_county_standard": ("县或标准与方案不符", "not the plan's county or standard"),
    "result.check.plan_after": ("与按增加后的学校数据重新评估的结果不符（{reason}）",
                                "not the re-evaluation of the county with the additions "
                                "({reason})"),
    "result.check.two_evaluations": ("两次评估的县或标准不同",
                                     "the two evaluations are of another county or standard"),
    "result.check.evaluation_county": ("与评估结果的县或标准不符",
                                       "not the evaluation's county or standard"),
    "result.check.status": ("不是已知状态（应为 {options}）", "not one of {options}"),
    "result.check.segment_repeated": ("学段重复", "segment repeated"),
    "result.check.exclusion_code": ("不是已知的排除原因", "not a known exclusion code"),
    "result.check.out_of_range": ("超出范围 0…{hi}", "out of range 0…{hi}"),
    "result.check.excluded_row": ("被排除的学校行", "an excluded row"),
    "result.check.row_twice": ("学校行重复", "a school row appears twice"),
    "result.check.not_finite_non_negative": ("不是有限的非负数", "not a finite non-negative number"),
    "result.check.share_range": ("分摊比例应大于 0 且不大于 1", "a share is in (0, 1]"),
    "result.check.n_schools_rows": ("与学校行数不符", "not the number of school rows"),
    "result.check.schools_met_rows": ("与各校达标情况不符", "not the schools' verdicts"),
    "result.check.n_failing_rows": ("与各校结论不符", "not the schools' verdicts"),
    "result.check.school_rule_opposite": ("按每校规则应相反", "the per-school rule gives the opposite"),
    "result.check.standard_limits": ("不是标准 {standard} 的限值", "not the limits of the standard "
                                     "{standard}"),
    "result.check.threshold_opposite": ("值与标准的比较结果应相反",
                                        "the value against its standard gives the opposite"),
    "result.check.floor_opposite": ("值与下限的比较结果应相反",
                                    "the value against the floor gives the opposite"),
    "result.check.met_below_floor": ("达标的指标不会低于下限", "a met indicator is not below the floor"),
    "result.check.null_not_evaluated": ("未评估的县学段应为空值",
                                        "null where the county segment is not evaluated"),
    "result.check.cv_ratio": ("不等于标准差除以均值", "not std / mean"),
    "result.check.cv_ratio_of": ("不等于标准差除以均值 {want:r}", "not std / mean = {want:r}"),
    "result.check.composite_mean": ("不是各指标差异系数的平均值", "not the mean of the indicator CVs"),
    "result.check.composite_mean_of": ("不是各指标差异系数的平均值 {want:r}",
                                       "not the mean of the indicator CVs ({want:r})"),
    "result.check.cv_limit_opposite": ("差异系数与限值的比较结果应相反",
                                       "the CV against its limit gives the opposite"),
    "result.check.composite_limit_opposite": ("综合差异系数与限值的比较结果应相反",
                                              "the composite against its limit gives the "
                                              "opposite"),
    "result.check.segment_opposite": ("与该学段的各项结果不符，应相反",
                                      "the segment's figures give the opposite"),
    "result.check.county_opposite": ("与各学段的结论不符，应相反",
                                     "the county's segments give the opposite"),
    "result.check.no_county": ("没有这个县", "no such county"),
    "result.check.problems": ("与各县状态不符：应有 {n} 条",
                              "not one problem per county or segment that is not ok "
                              "({n} expected)"),
    "result.check.figure_rounding": ("精确值按表的 {decimals} 位小数四舍五入应印为 {want}",
                                     "the exact value rounded to {decimals} places prints {want}"),
    "result.check.warning_school": ("不是本结果中的学校 {school:v}（{name}）",
                                    "{school:r} ({name}) is not a school of this result"),
    "result.check.warning_text": ("提示文字与学校不符", "the warning's text does not name its school"),
    "result.check.segment_pupils": ("学段学生数 {stored} 不等于各校之和 {want}",
                                    "{stored} is not the sum of the schools' pupils {want}"),
    "result.check.school_twice": ("学校重复", "a school appears twice"),
    "result.check.row_segment": ("学校行的学段与所在学段不符", "the row's segment is not its segment's"),
    "result.check.pupils_positive": ("学生数必须大于 0", "pupils must be > 0"),
    "result.check.share_above_one": ("分摊比例大于 1", "share above 1"),
    "result.check.items": ("应有 {n} 项", "expected {n} items"),
    "result.check.codes": ("指标代码与学段不符（应为 {codes}）", "not the segment's codes {codes}"),
    "result.check.threshold": ("与指标的标准值不符", "not the indicator's threshold"),
    "result.check.met": ("值 {value:r} 与标准 {threshold:r} 的比较结果应为 {want:v}",
                         "the value {value:r} against its threshold {threshold:r} gives {want}"),
    "result.check.below_floor": ("值与下限的比较结果应为 {want:v}",
                                 "the value against the floor gives {want}"),
    "result.check.passed_below_floor": ("有指标低于下限却判为达标", "passed with a value below the floor"),
    "result.check.school_rule": ("按每校规则应为 {want:v}", "the per-school rule gives {want}"),
    "result.check.standard_limit": ("不是标准 {standard} 的限值 {want:r}",
                                    "not the limit {want:r} of the standard {standard}"),
    "result.check.wrong_segment": ("学段不符", "wrong segment"),
    "result.check.standard_value": ("不是标准 {standard} 的值 {want:r}",
                                    "not the value {want:r} of the standard {standard}"),
    "result.check.n_schools": ("记为 {stored} 所，文件中有 {n} 所学校",
                               "{stored} recorded, the file lists {n} schools"),
    "result.check.schools_met": ("按各校达标情况应为 {want}", "the schools' verdicts give {want}"),
    "result.check.cv_reason": ("差异系数无定义时必须说明原因，有定义时不应有原因",
                               "an undefined CV needs its reason, a defined one none"),
    "result.check.weighted_mean": ("不是各校值按学生数加权的均值 {want:r}",
                                   "not the pupil-weighted mean of the school values ({want:r})"),
    "result.check.weighted_std": ("不是各校值的加权标准差 {want:r}",
                                  "not the weighted standard deviation of the school values "
                                  "({want:r})"),
    "result.check.cv_limit": ("差异系数 {cv:r} 与限值 {limit:r} 的比较结果应为 {want:v}",
                              "the CV {cv:r} against its limit {limit:r} gives {want}"),
    "result.check.composite_limit": ("综合差异系数与限值的比较结果应为 {want:v}",
                                     "the composite against its limit gives {want}"),
}

# qbalance.io.county, documents, frames
_IO: dict[str, tuple[str, str]] = {
    "county.suffix": ("{path}：不支持的文件类型 {suffix:v}（请用 {lit_mapping_suffixes}，或 .csv / "
                      ".xlsx 学校表）",
                      "{path}: unsupported file type {suffix:r} (use {lit_mapping_suffixes}, or "
                      "a .csv / .xlsx schools table)"),
    "county.top": ("{path}：最外层应为一个表（对象）", "{path}: expected a table/object at the top level"),
    "county.year_missing": ("需要数据所属的学年", "the school year of the data is needed"),
    "county.schools_in_facts": ("县数据文件中列有学校，但学校数据来自学校表：请从县数据文件中删除学校",
                                "the county facts list schools, but the schools come from a table"),
    "county.unknown_field": ("不是可识别的县级字段（请检查拼写）", "unknown county field"),
    "county.schools_twice": ("{source}：县数据文件中列有学校，但学校数据来自学校表：请从县数据文件中删除学校",
                             "{source}: the county facts list schools, but the schools come from "
                             "a table; remove the schools from the county file"),
    "county.schools_already": ("{county}：县数据文件列出了学校，但 {path} 中已有学校",
                               "{county}: the county facts list schools, but {path} has them "
                               "already"),
    "county.year_needed": ("需要数据所属的学年：请用县数据文件写明 year = …（{lit_county_option}，"
                           "或 {lit_year_option}）",
                           "the school year of the data is needed: give a county file with "
                           "year = … ({lit_county_option}, or {lit_year_option})"),
    "county.year_needed_api": ("需要数据所属的学年：请写 load_county(…, year=…)"
                               "（或在县数据中写明 year = …）",
                               "the school year of the data is needed: call "
                               "load_county(…, year=…) (or give year = … in the county facts)"),
    "county.name_needed_api": ("需要县名：DataFrame 没有文件名可作县名，请写 "
                               "load_county(df, name=…, year=…)（或在县数据中写明 name = …）",
                               "the county's name is needed: a DataFrame has no file name to "
                               "name it, call load_county(df, name=…, year=…) (or give "
                               "name = … in the county facts)"),
    "county.and": ("{a} 和 {b}", "{a} and {b}"),
    "document.encoding": ("{path}：无法按 {lit_utf8} 或 {lit_gbk} 解码文本",
                          "{path}: cannot decode the text as {lit_utf8} or {lit_gbk}"),
    "document.binary": ("{path}：不是文本文件（含二进制内容）；请给出 {lit_report_suffixes} 报告",
                        "{path}: not a text file (binary content); give a {lit_report_suffixes} "
                        "report"),
    "document.no_text_layer": ("{path}：{lit_pdf} 没有文字层（是扫描件吗？）；请先做文字识别，或给出文本格式的报告",
                               "{path}: the {lit_pdf} has no text layer (a scan?); run OCR first "
                               "or give the report as text"),
    "document.missing": ("报告 {path} 不存在或不是文件", "report {path} does not exist or is not a file"),
    "document.doc": ("{path}：无法读取旧版 {lit_word_doc} 文件；请另存为 {lit_docx}",
                     "{path}: old {lit_word_doc} files cannot be read; save it as {lit_docx}"),
    "document.needs": ("读取 {what} 报告需要可选依赖 {package:v}，尚未安装；请用 {lit_pip} "
                       "{lit_documents_extra} 安装（或给出 {lit_txt} 报告）",
                       "reading {what} reports needs the optional dependency {package:r}, which "
                       "is not installed; install it with: {lit_pip} {lit_documents_extra} (or "
                       "give the report as a {lit_txt} file)"),
    "document.bad_docx": ("{path}：不是可读的 {lit_docx} 文件：{reason}", "{path}: not a readable {lit_docx} file: {reason}"),
    "document.bad_pdf": ("{path}：不是可读的 {lit_pdf}：{reason}", "{path}: not a readable {lit_pdf}: {reason}"),
    "document.unreadable": ("无法读取报告 {path}：{reason}", "cannot read report {path}: {reason}"),
    "frames.no_resources": ("{type} 没有资源配置结果", "{type} has no resource-allocation results"),
    "frames.what": ("{lit_what}={value:r}：请选 {options}", "{lit_what}={value:r}: choose one of {options}"),
    "frames.lang": ("{lit_lang}={value:r}：请选 'zh' 或 'en'（或 {lit_none}）",
                    "{lit_lang}={value:r}: choose 'zh' or 'en' (or {lit_none})"),
    "frames.checks_need_county": ("{lit_what}={lit_checks} 需要县级评估结果（{lit_evaluate_county}）",
                                  "{lit_what}={lit_checks} needs a county evaluation "
                                  "({lit_evaluate_county})"),
}

# the rest of the library: command line, examples, models, evaluation, reports
_MISC: dict[str, tuple[str, str]] = {
    "cli.columns_key": ("{path}：{header:v} = {key:v}：列的键请写成文本，或写 \"\" 忽略该列",
                        "{path}: {header:r} = {key:r}: give a column key as text, or \"\" to "
                        "ignore the column"),
    "cli.cannot_write": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "county.special_funds": ("{field:f}：{funds} 元、{pupils} 名学生，生均 {per} 元，不在合理范围 "
                             "[{lo}, {hi}] 之内{hint}",
                             "{field}: {funds} yuan for {pupils} pupils is {per} yuan per pupil, "
                             "outside the plausible range [{lo}, {hi}]{hint}"),
    "county.hint_wan_as_yuan": ("；像是把万元当作元填写", "; it looks like 万元 given where 元 is expected"),
    "county.hint_too_large": ("；像是大了 10 000 倍（元处写成了万元？）",
                              "; it looks 10 000 x too large (万元 written where 元 is meant?)"),
    "county.consolidation_over": (
        "{field:f}：初中三年巩固率 {rate} 超过 100%（按 {variant} 公式），毕业生 {graduates} 人多于调整后的入学人数；"
        "数据不可能，请核对毕业生数与转入、转出、复学人数（标准如规定封顶 100%，设 {lit_cap}）",
        "{field}: the consolidation rate {rate} is above 100 % (formula {variant}): more "
        "graduates than the adjusted cohort is impossible ({graduates} graduates); check the "
        "graduates and the transfers (a standard that caps it at 100 % sets {lit_cap})"),
    "county.unknown_veto": ("不予认定情形：未知的编号 {codes}；标准 {standard:v} 中有 {known}",
                            "vetoes: unknown veto code(s) {codes}; standard {standard:r} has {known}"),
    "sensitivity.delta_shape": ("变化量：应为形状 {want} 的有限数值，得到的形状是 {got}",
                                "delta: expected finite values shaped {want}, got shape {got}"),
    "sensitivity.not_shipped": ("{field}：标准 {standard:v} 不是随附标准，无法重新计算",
                                "{field}: the standard {standard:r} is not a shipped one; the "
                                "figures cannot be recomputed"),
    "sensitivity.county_type": ("县数据：应为 County 或 {lit_resource_evaluation}，得到的是 {type}",
                                "county: expected a County or {lit_resource_evaluation}, got {type}"),
    "sensitivity.other_standard": ("评估使用的是标准 {used:v}，不是 {given:v}；请传入评估时用的标准",
                                   "the evaluation used standard {used:r}, not {given:r}; pass "
                                   "the standard it was made with"),
    "examples.fmt": ("{lit_fmt}={value:r}：请选 'csv' 或 'xlsx'", "{lit_fmt}={value:r}: choose 'csv' or 'xlsx'"),
    "models.quantity_name": ("自定义数量 {names}：名称只能由小写字母、数字和 _ 组成（如 {lit_library_books}）",
                             "quantities {names}: a quantity name is lower-case letters, digits "
                             "and _ (e.g. {lit_library_books})"),
    "models.quantity_clash": ("自定义数量 {names} 与记录中的字段重名；请直接填写该字段",
                              "quantities {names} repeat a field of the record; give the field "
                              "itself"),
    "models.flag_name": ("标记 {names}：标记名只能由小写字母、数字和 _ 组成",
                         "flags {names}: a flag is a lower-case name (letters, digits, _)"),
    "models.unknown_segment": ("学段：未知学段 {value:v}，义务教育学段只有 {lit_primary_word}（小学）和 "
                               "{lit_junior_word}（初中）",
                               "segments: unknown segment {value:r}; the compulsory-education "
                               "segments are '{lit_primary_word}' (小学) and '{lit_junior_word}' "
                               "(初中)"),
    "plausibility.keys": ("{lit_plausibility} 第 {i} 条：缺少或多出了键 {keys}",
                          "{lit_plausibility} slip[{i}]: keys {keys} missing or unknown"),
    "plausibility.range": ("{lit_plausibility} 第 {i} 条：有数值超出范围：{rule}",
                           "{lit_plausibility} slip[{i}]: a value is out of range: {rule}"),
    "plot.axes": ("{lit_ax}：给出 {n} 个坐标轴，但有 {k} 项指标（{codes}）；请传入 {lit_codes} 或更多坐标轴",
                  "{lit_ax}: {n} axes given for {k} indicators ({codes}); pass {lit_codes} or "
                  "more axes"),
    "report.pdf_timeout": ("{browser} 在 {seconds} 秒内未能生成 {lit_pdf}", "{browser} did not print the {lit_pdf} within {seconds} s"),
    "report.pdf_failed": ("无法用 {browser} 生成 {lit_pdf}：{why}", "could not print the {lit_pdf} with {browser}: {why}"),
    "report.no_line": ("{lit_render_line}：{type} 没有一行摘要", "render_line: no one-line summary for {type}"),
    "report.no_text": ("{lit_render_text}：{type} 没有文本报告", "render_text: no text report for {type}"),
    "report.fmt": ("{lit_fmt}={value:r}：请选 {options}", "{lit_fmt}={value:r}: choose one of {options}"),
    "report.json_audit": ("JSON 输出只含评估结果；核查结果请用它自己的 {lit_to_json} 保存（{lit_audit_json}）",
                          "the JSON output holds the evaluation only; save the audit with its own "
                          "{lit_to_json} ({lit_audit_json})"),
    "xlsx.not_finite": ("无法把非有限数值 {value:r} 写入工作簿单元格",
                        "cannot write the non-finite number {value:r} to a workbook cell"),
    "xlsx.needs_resources": ("{lit_write_workbook} 需要资源配置评估结果（或含资源配置部分的县级评估结果）",
                             "{lit_write_workbook} needs a resource evaluation (or a county "
                             "evaluation with its resource part)"),
    "xlsx.school_not_in_county": ("结果中的学校 {id}（{name}）不在传给 {lit_write_workbook} 的县数据中",
                                  "school {id} ({name}) of the result is not in the county given "
                                  "to {lit_write_workbook}"),
    "synth.n_schools": ("{lit_n_schools} 应不小于 1", "{lit_n_schools} must be >= 1"),
}

# qbalance.evaluate.resources and scenario
_EVALUATE: dict[str, tuple[str, str]] = {
    "resources.lacks_quantity": ("学校 {id}（{name}）：标准的指标 {code}（{segment:t}）需要自定义数量 "
                                 "{quantity:v}，数据中没有",
                                 "school {id} ({name}): the standard's indicator {code} "
                                 "({segment}) needs the quantity {quantity:r}, which the data "
                                 "lacks"),
    "resources.too_many_pupils": ("学校 {id}（{name}）{segment:t}在校生数 {n} 不合理（一所学校一个学段不会超过 "
                                  "{most} 人）",
                                  "school {id} ({name}): {segment} pupils = {n} is implausible "
                                  "(more than {most} in one segment of one school)"),
    "resources.negative_numerator": ("学校 {id}（{name}），{segment:t} {code}：分子 {numerator} 为负数（{total}）",
                                     "school {id} ({name}), {segment} {code}: the numerator "
                                     "{numerator} is negative ({total})"),
    "resources.empty_segment": ("{segment_zh}没有参加评估的学校", "segment {segment} ({segment_zh}) has "
                                "no school in scope to evaluate"),
    "resources.unit_slip": ("学校 {id}（{name}）{segment:t} {what} = {value} {unit}，低于标准 {threshold}，"
                            "且远低于县内其他学校：{hint}请核对 {source}",
                            "school {id} ({name}), {segment} {what}: {value} {unit} is below the "
                            "standard {threshold} and far below every other school: {hint} "
                            "Check {source}."),
    "resources.mu_hint": ("是否以亩为单位填写（1 亩 ≈ 666.7 平方米）？", "is it in 亩 (1 亩 = 666.7 m²)?"),
    "resources.term_lacks": ("学校 {id}（{name}），{segment:t} {code}：标准在 {condition:v} 时加上一项，"
                             "数据中缺少 {names}",
                             "school {id} ({name}), {segment} {code}: the standard adds a term "
                             "when {condition:r}, and the data lacks {names}"),
    "scenario.not_same_segments": ("预测的评估与基准的学段不同",
                                   "the projected evaluation is not on the baseline's segments"),
    "scenario.no_school": ("在校生数：{county}没有学校 {id:v}", "pupils: no school {id:r} in county {county}"),
    "scenario.cannot_move": ("迁移学生：无法从 {source:v} 迁出 {n} 名学生，该校只有 {have} 名",
                             "move_pupils: cannot move {n} pupils out of {source:r}, which has {have}"),
    "scenario.segments": ("在校生数[{id:v}]：该校有学段 {segments}；请写成 {{学段: 人数}}",
                          "pupils[{id:r}]: the school has segments {segments}; give "
                          "{{segment: pupils}}"),
    "scenario.no_segment_in_county": ("迁移学生：{county}的学校 {id:v} 没有{segment:t}",
                                      "move_pupils: school {id:r} has no {segment} segment in "
                                      "county {county}"),
    "scenario.no_segment": ("在校生数[{id:v}]：该校没有{segment:t}", "pupils[{id:r}]: the school has no {segment} segment"),
}

# qbalance.rounding
_ROUNDING: dict[str, tuple[str, str]] = {
    "rounding.not_number": ("{field:t}：{value:v}（{type}）不是数值", "{field}: {value:r} ({type}) is not a number"),
    "rounding.bool": ("{field:t}：{value:r} 是布尔值（是/否），不是数值", "{field}: {value:r} is a bool, not a number"),
    "rounding.decimals": ("小数位数：{value:v} 不是整数", "decimals: {value:r} is not an integer"),
    "rounding.as_text": ("{field:t}：{value:v} 请写成文本（如 “49.95”），以便知道印出的小数位数",
                         "{field}: {value:r} must be given as text (e.g. \"49.95\") so its "
                         "printed decimals are known"),
    "rounding.unit_clash": ("{field:t}：{value:v} 印的单位是 {found}，但给出的单位是 {unit:v}",
                            "{field}: {value:r} is printed in {found} but unit {unit:r} was given"),
    "rounding.not_plain": ("{field:t}：{value:v} 不是普通的小数（如 “49.95”）",
                           "{field}: {value:r} is not a plain decimal number such as \"49.95\""),
    "rounding.unknown_unit": ("{field:t}：未知单位 {unit:v}；可用的有 {units}",
                              "{field}: unknown unit {unit:r}; use one of {units}"),
    "rounding.figure_unit": ("报告值：印的单位是 {found}，但给出的单位是 {unit:v}",
                             "reported: figure is in {found} but unit {unit:r} was given"),
    "rounding.not_finite": ("{field:t}：{value:v} 不是有限数值", "{field}: {value:r} is not a finite number"),
    "rounding.not_decimal": ("{field:t}：{value:v} 不是小数", "{field}: {value:r} is not a decimal number"),
}

# qbalance.audit.checks: the texts of audit findings (Finding.zh / Finding.en)
_AUDIT_FINDINGS: dict[str, tuple[str, str]] = {
    'audit.finding.truncation_only': (
        '报告值 {fig_text} 只有截尾才能得到：精确值 {ex}，四舍五入应为 {chk_display}{sym_unit}。',
        'The printed {fig_text} is reproduced only by truncation: the exact value is {ex}, which rounds to {chk_display}{sym_unit}.'),
    'audit.finding.other_denominator': (
        '按报告所列数据算得 {ex}，与报告值 {fig_text} 不符；改用另一分母可得到报告值：{s}（{s_kind}）。',
        'The printed figures give {ex}, not {fig_text}; a different denominator reproduces it: {s} ({s_kind}).'),
    'audit.finding.not_reproduced_slip': (
        '按报告所列数据算得 {ex}，与报告值 {fig_text} 不符；可能的笔误：{s_kind}（{s}）可得到报告值。',
        'The printed figures give {ex}, not {fig_text}; the slip that reproduces it: {s_kind} ({s}).'),
    'audit.finding.not_reproduced': (
        '按报告所列数据算得 {ex}（四舍五入为 {chk_display}{sym_unit}），与报告值 {fig_text} 不符，未找到能解释的笔误。',
        'The printed figures give {ex} (rounded {chk_display}{sym_unit}), not {fig_text}; no plausible slip reproduces it.'),
    'audit.finding.verdict_rests_on_exemption': (
        '报告结论为“{verdict}”，按标准应为“{computed}”（{why}）；报告以“{exemption}”为由，须核实该豁免是否成立。',
        'The report says {verdict:r} but the standard gives {computed:r} ({why}); the report invokes an exemption ("{exemption}") that must be checked.'),
    'audit.finding.verdict_contradicts': (
        '报告结论为“{verdict}”，但按标准应为“{computed}”（{why}）。',
        'The report says {verdict:r} but the standard gives {computed:r} ({why}).'),
    'audit.finding.verdict_unsupported': (
        '{label}：报告值 {fig_text} 按字面未达到标准（{tt}）；精确值可能在 {rng} 之间，只有舍入前的数值满足标准才达标，“达标”结论无法由所列数据证实。',
        "{label}: the printed {fig_text} does not meet the threshold ({tt}) as printed; the exact value may be anywhere in {rng}, so the verdict 'met' is not supported by the printed figure."),
    'audit.finding.verdict_undecided': (
        '{label}：报告值 {fig_text} 达到标准（{tt}），但其精确值可能在 {rng} 之间，是否达标取决于舍入前的数值。',
        '{label}: the printed {fig_text} meets the threshold ({tt}), but its exact value may be anywhere in {rng}; the verdict depends on the unrounded value.'),
    'audit.finding.denominator_not_printed': (
        '报告未列分母；与报告值 {fig_text}{unit_txt} 相符的分母为 {span}。',
        'The denominator is not printed; denominators consistent with the printed {fig_text}{unit_txt}: {span}.'),
    'audit.finding.not_reproduced_no_denominator': (
        '报告未列分母，且没有任何整数分母能得到报告值 {fig_text}{unit_txt}。',
        'The denominator is not printed, and no whole denominator gives the printed {fig_text}{unit_txt}.'),
    'audit.finding.verdict_only_under_alternative': (
        '按所列数据字面计算，结论应为“{computed}”（标准 {threshold}）；只有把分母读作{alt_label}（得 {shown}）时才与报告结论“{verdict}”一致，须核实报告所列数字的含义。',
        'Read literally, the printed figures give {computed:r} ({threshold}); only when the denominator is read as {alt_label} (giving {shown}) does the verdict {verdict:r} follow; what the printed figure covers must be checked.'),
    'audit.finding.composite_within_rounding': (
        '各项差异系数（已舍入）的平均数为 {mean}，四舍五入为 {rounded}，与报告值 {printed} 不同；但考虑到各项差异系数本身的舍入，未舍入的平均数可能在 {mean_lo}–{mean_hi} 之间，报告值仍有可能正确。',
        'The mean of the printed (rounded) CVs is {mean}, which rounds to {rounded}, not {printed}; but the CVs are rounded themselves, so the unrounded mean may be anywhere in {mean_lo}–{mean_hi}, and the printed composite may still be right.'),
    'audit.finding.cv_count': (
        '列出 {printed} 个差异系数，应为 {expected} 个。',
        '{printed} CVs are printed; {expected} were expected.'),
    'audit.finding.composite_out_of_range': (
        '{n} 个差异系数在 {cv_min}–{cv_max} 之间时，综合差异系数只能在 {least}–{most} 之间，报告值 {printed} 不可能。',
        'With {n} CVs between {cv_min} and {cv_max} the composite can only be {least}–{most}; the printed {printed} is impossible.'),
    'audit.finding.sum_within_rounding': (
        '各部分之和 {parts}{u} 与合计 {total}{u} 相差 {diff}，在舍入误差范围内。',
        'The parts add up to {parts} {u} against a total of {total} {u}; the difference {diff} is within rounding.'),
    'audit.finding.parts_leave_remainder': (
        '所列各部分之和 {parts}{u}，比合计 {total}{u} {more_or_less} {diff}{u}，报告未说明差额的去向。',
        'The parts listed add up to {parts} {u}, {diff} {u} {more_or_less} than the total {total} {u}; the report does not say what the difference is.'),
    'audit.finding.share_over_whole': (
        '{label} {value}：部分超过了整体（{n} 人的 100%），这是不可能的数值。',
        '{label} {value}: the part exceeds the whole (100 % of {n}); this value is impossible.'),
    'audit.finding.grim_impossible': (
        '{label} {value}：{n} 人中任何整数人数都得不到这一比例（{near}）。',
        '{label} {value}: no whole number out of {n} gives this share ({near}).'),
    'audit.finding.grim_truncation_only': (
        '{label} {value}：{n} 人中只有截尾才能得到这一比例（{near}）。',
        '{label} {value}: out of {n}, this share is reproduced only by truncation ({near}).'),
    'audit.finding.shares_inconsistent': (
        '没有一种舍入方式能使各比例对应的整数人数合计为 {n}：所列比例不可能来自同一组整数。',
        'No single rounding gives whole counts for every share that add up to {n}: the printed shares cannot all come from one set of whole numbers.'),
    'audit.finding.parts_do_not_add_up_rates': (
        '按各部分比率（{detail}）推算，合计应在 {span} 之间，报告值为 {total}。',
        'From the rates ({detail}) the total must be {span}; the report prints {total}.'),
    'audit.finding.truncation_only_parts': (
        '合计 {total} 只有在比率为截尾值时才能与各部分比率相符（{detail}）。',
        'The total {total} fits the rates ({detail}) only if they were truncated.'),
    'audit.finding.count_mismatch': (
        '所列数值中有 {computed} 个不符合标准（{limit}），报告称 {printed} 个。',
        '{computed} of the listed values break the limit ({limit}); the report says {printed}.'),
    'audit.finding.sample_over_population': (
        '样本 {sample} 份多于常住人口 {population} 人：这是不可能的数值（常住人口的单位是否应为万人？）。',
        'The sample of {sample} is larger than the resident population of {population}: an impossible value (is the population in 万人?).'),
    'audit.finding.rule_misquoted': (
        '报告称抽样数量按常住人口的 {quoted} 确定，但评估办法要求的是 {tt}（{slip}）。实际样本 {sample} 份为常住人口（{population} 人）的 {rate}：{meets} {tt}（至少 {need} 份），{meets_quoted}报告所称的 {quoted}（需 {quoted_need} 份）。',
        'The report says the sample is {quoted} of the resident population, but the method asks for {tt} ({slip}). The actual sample of {sample} is {rate} of {population} residents: it {meets} {tt} (at least {need}) and {meets_quoted} the {quoted} the report quotes ({quoted_need} needed).'),
    'audit.finding.restated_differs': (
        '同一数据在报告中前后不一致（{where}）。',
        'The same figure is printed differently in the report ({where}).'),
    'audit.finding.verdict_relies_on_rounding': (
        '结论依赖舍入：报告值 {printed} {printed_meets}标准（{threshold}），精确值 {exact} {exact_meets}。{tail}',
        'The verdict relies on rounding: the printed {printed} {printed_meets} the threshold ({threshold}) but the exact value {exact} {exact_meets} it.{tail}'),
    'audit.finding.printed_met_fails': (
        '报告结论“达标”不成立。', " The printed verdict 'met' does not hold."),
    'audit.finding.parts_sum_differs': (
        '各部分之和 {labels} = {sum}{unit}，应{relation}合计 {total}{unit}，相差 {diff}{unit}。{tail}',
        'The parts add up to {labels} = {sum} {unit}; they should {relation} the total {total} {unit} (difference {diff} {unit}).{tail}'),
    'audit.finding.possible_slip': ('可能的笔误：{slip}。', ' Possible slip: {slip}.'),
    'audit.finding.implausible_value': (
        '{name}{printed}{unit}{scaled}超出合理范围 {low}–{high}{why}。{tail}',
        '{name}{printed} {unit}{scaled} is outside the plausible range {low}–{high}{why}.{tail}'),
    'audit.finding.in_brackets': ('（{text}）', ' ({text})'),
    # why a printed verdict does not hold (inside verdict_contradicts / verdict_rests_on_exemption)
    'audit.finding.why_exact': ('精确值 {exact}，标准 {threshold}', 'the exact value is {exact}, the threshold {threshold}'),
    'audit.finding.why_fails': ('{values} 未达到 {threshold}', '{values} do not meet {threshold}'),
    'audit.finding.why_cv_max': ('最大差异系数 {cv_max}，限值 {limit}', 'the largest CV is {cv_max}, the limit {limit}'),
    'audit.finding.why_breaches': ('{count} 项不符合 {threshold}', '{count} break the limit {threshold}'),
    'audit.finding.why_breaches_standard': ('{count} 项不符合标准{threshold}', '{count} break the limit{threshold}'),
    'audit.finding.why_no_cv_over': ('各项差异系数均未超限', 'no CV exceeds its limit'),
    'audit.finding.why_all_meet': ('各项均达到 {threshold}', 'every value meets {threshold}'),
    'audit.finding.why_sample': ('样本 {sample} 为常住人口的 {rate}，至少需 {need} 份',
                                 'the sample {sample} is {rate} of the population; at least {need} needed'),
    'audit.finding.scaled_value': ('（即 {value}）', ' ({value})'),
    'audit.finding.likely_slip': ('可能的笔误：{slip}，得 {value}。', ' Likely slip: {slip}, giving {value}.'),
    'audit.finding.not_met_as_reported': (
        '按报告所列数据，本项未达到标准{threshold}，与报告结论“未达标”一致。',
        'Not met, as the report says: the printed figures miss the threshold{threshold}.'),
    'audit.finding.not_met_no_verdict': (
        '按报告所列数据，本项未达到标准{threshold}；报告未给出结论。',
        "Not met by the report's own figures{threshold}; the report gives no verdict."),
}

# qbalance.audit.rollup: the texts of its findings
_ROLLUP_FINDINGS: dict[str, tuple[str, str]] = {
    'audit.finding.rollup.lead_claim_partial': (
        '报告称{area} {n} 项指标均已达到，而本领域共 {m} 项：其余 {rest} 项报告未说明{failing}{said}。',
        "The report says {n} {area} indicators are all met, of the area's {m}: the other {rest} are not accounted for{failing}{said}."),
    'audit.finding.rollup.lead_not_met': (
        '；按报告所列数据未达到的有 {codes}', "; by the report's own figures {codes} are not met"),
    'audit.finding.rollup.lead_not_done': (
        '；报告自述未完成的有 {codes}', '; the report itself says {codes} are not done'),
    'audit.finding.rollup.lead_count_mismatch': (
        '报告称{area} {n} 项指标达到，但本领域只有 {m} 项。',
        'The report counts {n} {area} indicators; the area has {m}.'),
    'audit.finding.rollup.lead_claim_contradicted': (
        '报告称{area} {m} 项指标全部达到，但报告本身说 {said} 尚未达到或尚未开展（尚未 / 待…后达标 / 未参加）。',
        'The report says all {m} {area} indicators are met, but it says itself that {said} are not met or not done yet.'),
    'audit.finding.rollup.lead_claim_unsupported': (
        '报告称{area} {m} 项指标全部达到，但按报告所列数据 {failing} 未达到（见 {items}）。',
        'The report says all {m} {area} indicators are met, but by its own figures {failing} are not (see {items}).'),
    'audit.finding.rollup.ratio_inconsistent': (
        '报告所列师生比（{printed}）与其学生数、教师数不符：{num} / {den} = 1:{exact}，不在 1:{lo}–1:{hi} 之间{more}。',
        "The printed pupil-teacher ratios ({printed}) do not match the report's own counts: {num} / {den} = 1:{exact}, outside 1:{lo}–1:{hi}{more}."),
    'audit.finding.rollup.part_exceeds_whole': (
        '{label}（{value}{u}{section}）大于应包含它的合计（{total}{u}）。',
        '{label} ({value} {u}{section}) exceeds the whole that should contain it ({total} {u}).'),
    'audit.finding.rollup.cv_unofficial_method': (
        '报告的差异系数 {reported} 由{method}得到，而不是{official_method}（{official_cv}）。',
        'The printed CV {reported} follows {method}, not {official_method} ({official_cv}).'),
    # the vetoes' short name in the roll-up table (the other areas: qbalance.vocab.Area)
    'audit.rollup.veto_area': ('不予认定', 'Vetoes'),
    # the name of an extracted lead claim (an area's summary sentence)
    'audit.claim.lead_all_met': ('{area}领域总述：{n} 项达到', '{area} summary: {n} met'),
    # the CV formulas a printed CV may follow (qbalance.core.CVMethod)
    'audit.cv_method.official': ('评估办法的学生数加权公式', 'the official student-weighted formula'),
    'audit.cv_method.unweighted': ('各校等权、除以校数的未加权公式',
                                   'the unweighted formula (every school counts once, divided by n)'),
    'audit.cv_method.unweighted_sample': ('各校等权、除以（校数 − 1）的未加权公式',
                                          'the unweighted sample formula (divided by n − 1)'),
    'audit.cv_method.value': ('{method} {cv}', '{method} {cv}'),
    'audit.finding.rollup.cv_not_reproduced': (
        '按所列各校数据，任何公式都得不到报告的差异系数 {reported}（{shown}）。',
        "No formula gives the printed CV {reported} from the schools' figures ({shown})."),
    'audit.finding.rollup.cv_official_exceeds_limit': (
        '按评估办法的加权公式，差异系数为 {official_cv}，超过限值 {limit}；报告值 {reported} 未超限只是因为用了另一公式。',
        'By the official weighted formula the CV is {official_cv}, over the limit {limit}; the printed {reported} is within it only by another formula.'),
}

# qbalance.form.check: the texts of declaration-form findings
_FORM_FINDINGS: dict[str, tuple[str, str]] = {
    'form.finding.mean_not_reproduced': (
        '由表Ⅱ-2的{n_rows}所{segment}学校（数值保留两位小数）按在校生数加权，{col}县域均值应在 {mean_lo}–{mean_hi} 之间，表中为 {mean}。',
        'From the {n_rows} {segment} rows of Table II-2 (values to 2 decimals) weighted by pupils, the county mean of {col} lies in {mean_lo}–{mean_hi}; the table prints {mean}.'),
    'form.finding.cv_undefined': (
        '{col}的县域均值可能为零，差异系数无法由表Ⅱ-2复算。',
        'The mean of {col} may be zero; the CV cannot be recomputed.'),
    'form.finding.cv_not_reproduced': (
        '由表Ⅱ-2的{n_rows}所{segment}学校的数值（保留两位小数，每个数值的精确值可能相差±0.005）及在校生数复算，{col}差异系数只可能在 {rng} 之间；表中为 {cv}，与表Ⅱ-2不符。',
        'From the {n_rows} {segment} rows of Table II-2 (values printed to 2 decimals, each exact value within ±0.005) and their pupils, the CV of {col} can only lie in {rng}; the table prints {cv}, which does not follow from Table II-2.'),
    'form.finding.not_whole_number': (
        '{school}（{pupils}人）的{indicator}为每百名学生{printed}，但没有整数个{what}能得到这个数值（四舍五入到{decimals}位小数）；最接近的整数：{near}。',
        '{school} ({pupils} pupils): {indicator} is printed {printed} per 100 pupils, but no whole number of {what} gives it (rounded to {decimals} decimals); nearest whole numbers: {near}.'),
    # what a value of Table II-2 counts (per 100 pupils) and the whole numbers nearest it
    'form.finding.what_teachers': ('教师', 'teachers'),
    'form.finding.what_rooms': ('数量', 'classrooms'),
    'form.finding.near_one': ('{n}→{value}', '{n} → {value}'),
    'form.finding.near_sep': ('，', ', '),
    'form.finding.school_verdict_contradicts': (
        '{school}的L14填“{marked}”，但按本行数值和标准（至少{min_met}项达标、其余不低于标准的85%），应为“{should}”。',
        "{school}: L14 says {marked}, but the row's values under the standard (at least {min_met} met, the rest at least 85 %) give {should}."),
    'form.finding.summary_count_differs': (
        '{segment}{what}为 {rng} 所，表Ⅱ-1填 {printed} 所。',
        'Table II-2 has {rng} {segment} schools {what}; Table II-1 prints {printed}.'),
    'form.finding.note_count_differs': (
        '表下注明{label} {said} 所，但表Ⅱ-2列出 {rows} 行。',
        'The note gives {said} for {label}, but Table II-2 lists {rows} rows.'),
    # Table I's count of primary schools includes teaching points of 50+ pupils, of junior
    # schools the complete secondary schools
    'form.finding.school_count_differs_primary': (
        '表Ⅰ的{parts} = {s} 所（{seg}学校、一贯制学校及50人以上教学点），表Ⅱ-2列出{seg} {n_rows} 行。',
        'Table I {parts} = {s} {seg} schools, but Table II-2 lists {n_rows} {seg} rows.'),
    'form.finding.school_count_differs_junior': (
        '表Ⅰ的{parts} = {s} 所（{seg}学校、一贯制学校及完全中学），表Ⅱ-2列出{seg} {n_rows} 行。',
        'Table I {parts} = {s} {seg} schools, but Table II-2 lists {n_rows} {seg} rows.'),
    'form.finding.part_exceeds_whole': (
        '{row_label}的{part}（{p_text}）大于{whole}（{w_text}）。',
        '{row_label}: {part} ({p_text}) is larger than {whole} ({w_text}).'),
    'form.finding.verdict_contradicts': (
        '第{number}项填“未达标”，但其各项比例由本栏数据复算均达到标准。',
        'Item {number} says not met, but every ratio of its blanks meets the standard.'),
    'form.finding.composite_within_rounding': (
        '综合差异系数 {reported} 与七项差异系数（已舍入）的平均数 {mean:.6f} 不完全一致，但在各项差异系数的舍入范围内（{lo:.5f}–{hi:.5f}），可能由未舍入的差异系数算得。',
        'The composite {reported} differs from the mean of the seven printed CVs ({mean:.6f}) but lies within their rounding ({lo:.5f}–{hi:.5f}): it may be the mean of the unrounded CVs.'),
    'form.finding.rule_not_met': (
        '{name}：按表中数据复算为 {exact}，未达到标准（{threshold}）。',
        '{name}: the figures give {exact}, which does not meet the standard ({threshold}).'),
}

_GROUPS: tuple[dict[str, tuple[str, str]], ...] = (
    _GENERAL, _VALIDATION, _PYDANTIC, _CORE, _MODELS, _CLAIMS, _STANDARD, _PLAUSIBILITY,
    _CLI,
    # qbalance.ratios
    _RATIOS,
    _BATCH, _PLAN, _OPTIONAL,
    _JSON, _AUDIT,
    _FORM,
    _READERS, _FILES,
    _BATCH_FILES, _LINT,
    _RESULTS, _RESULT_CHECKS, _IO,
    _MISC, _EVALUATE, _ROUNDING,
    _AUDIT_FINDINGS, _ROLLUP_FINDINGS, _FORM_FINDINGS,
    _EXPR, _STANDARD2, _CORE2, _FILES2,  # i18n2
)

#: Chinese templates, keyed by message code.
ZH: dict[str, str] = {code: zh for group in _GROUPS for code, (zh, _) in group.items()}
#: English templates, keyed by message code (the same codes as :data:`ZH`).
EN: dict[str, str] = {code: en for group in _GROUPS for code, (_, en) in group.items()}

_TABLES: dict[Lang, dict[str, str]] = {"zh": ZH, "en": EN}


#: Fixed parts of templates that are code, not words (commands, identifiers, file
#: formats): the same in every language, kept out of the templates' text.
LITERALS: dict[str, str] = {
    "lit_pip": "pip install", "lit_primary": "primary.",
    "lit_junior_teachers": "junior.backbone_teachers", "lit_threshold": "threshold",
    "lit_rule": "rule", "lit_denominator": "denominator", "lit_reported": "reported",
    "lit_claimset": "ClaimSet", "lit_claim": "Claim", "lit_claim_suffixes": ".toml, .json, .yaml",
    "lit_kind_words": "qbalance.io.tables.kind_words()", "lit_yes_no": "yes/no",
    "lit_columns": "columns", "lit_none": "None",
    "lit_column_help": "qbalance.io.tables.column_help()", "lit_utf8": "UTF-8",
    "lit_batch_columns": "qbalance.BATCH_COLUMNS, county, year, school_id", "lit_csv": "CSV",
    "lit_quote": "quote", "lit_derived": "derived",
    "lit_true": "true", "lit_false": "false", "lit_null": "null", "lit_nan": "NaN",
    "lit_load_result": "load_result", "lit_pdf": "PDF", "lit_what": "what", "lit_lang": "lang",
    "lit_evaluate_county": "evaluate_county",
    "lit_county_option": "qbalance evaluate --county FILE", "lit_year_option": "--year",
    "lit_gbk": "GB18030/GBK", "lit_yaml": "YAML", "lit_pandas": "pandas",
    "lit_table_suffixes": ".csv, .xlsx or .xls", "lit_cap": "consolidation_cap",
    "lit_fmt": "fmt", "lit_library_books": "'library_books'", "lit_primary_word": "primary",
    "lit_junior_word": "junior", "lit_plausibility": "plausibility.toml", "lit_ax": "ax",
    "lit_codes": "codes=[...]", "lit_render_line": "render_line",
    "lit_render_text": "render_text", "lit_to_json": "to_json()",
    "lit_audit_json": "qbalance audit --format json", "lit_write_workbook": "write_workbook",
    "lit_n_schools": "n_schools", "lit_resource_evaluation": "ResourceEvaluation", "lit_report_suffixes": ".txt, .docx or .pdf",
    "lit_word_doc": "Word .doc", "lit_docx": ".docx", "lit_txt": ".txt",
    "lit_documents_extra": "'qbalance[documents]'", "lit_checks": "'checks'",
    "lit_mapping_suffixes": ".toml / .json / .yaml", "lit_toml": "TOML", "lit_qbalance_extract": "qbalance extract", "lit_non_finite": "1e999, NaN, Infinity",
    # i18n2: identifiers of the standard files named in Chinese messages
    "lit_and": "and", "lit_or": "or", "lit_grammar": "a and b or c and d",
    "lit_source": "source", "lit_numerator": "numerator", "lit_provenance": "provenance",
    "lit_quantities": "quantities", "lit_consistency": "consistency",
    "lit_guarantee": "guarantee", "lit_items": "[[items]]",
    "lit_changes_indicators": "changes['indicators']", "lit_standard_arg": "standard",
    "lit_standard_class": "qbalance.Standard",
    "lit_raise": "raise",
}


class _Param:
    """A message parameter that knows how to show itself (format spec ``v``/``f``)."""

    __slots__ = ("lang", "obj")

    def __init__(self, obj: Any, lang: Lang) -> None:
        self.obj = obj
        self.lang = lang

    def __format__(self, spec: str) -> str:
        if spec == "v":
            return show(self.obj, self.lang)
        if spec == "f":
            return field_label(None if self.obj is None else str(self.obj), self.lang)
        if spec == "t":
            return term(self.obj, self.lang)
        if spec == "r":
            return repr(self.obj.render(self.lang) if isinstance(self.obj, Both) else self.obj)
        if spec == "p":
            return place(self.obj, self.lang)
        if isinstance(self.obj, Message) or callable(getattr(self.obj, "render", None)):
            return format(self.obj.render(self.lang), spec)
        if isinstance(self.obj, tuple) and all(isinstance(m, Message) for m in self.obj):
            sep = "；" if self.lang == "zh" else "; "
            return sep.join(m.render(self.lang) for m in self.obj)
        if isinstance(self.obj, tuple) and all(isinstance(m, str) for m in self.obj):
            return ("、" if self.lang == "zh" else ", ").join(self.obj)
        if self.obj is None and not spec:
            return show(None, self.lang)
        try:
            return format(self.obj, spec)
        except (TypeError, ValueError):  # a number spec given text: never fail a message
            return str(self.obj)

    def __str__(self) -> str:
        return self.__format__("")


class Message:
    """A message not yet rendered: a code and its parameters.

    Parameters
    ----------
    code : str
        Key of the template in :data:`ZH` / :data:`EN`.
    **params
        The template's fields.  A :class:`Message` as a parameter renders in the
        same language.

    Attributes
    ----------
    code : str
        The stable, machine-readable code.
    params : dict
        The parameters.
    """

    __slots__ = ("code", "params")

    def __init__(self, code: str, /, **params: Any) -> None:
        if code not in ZH or code not in EN:
            raise KeyError(f"no message {code!r} in the catalogue")
        self.code = code
        self.params = params

    def render(self, lang: Lang | None = None) -> str:
        """The message in ``lang`` (default: the session language).

        Parameters
        ----------
        lang : {"zh", "en"}, optional
            Language.

        Returns
        -------
        str
            The rendered message.
        """
        lg = check_lang(lang)
        tmpl = _TABLES[lg][self.code]
        return tmpl.format_map({**LITERALS, **{k: _Param(v, lg) for k, v in self.params.items()}})

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Message({self.code!r}: {self.render()!r})"

    def __contains__(self, part: str) -> bool:
        return part in self.render()

    def __getattr__(self, name: str) -> Any:
        # read like its text in the session language: msg.startswith("…"), msg.split(…)
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.render(), name)

    def __len__(self) -> int:
        return len(self.render())

    def __add__(self, other: str) -> str:
        return self.render() + other

    def __radd__(self, other: str) -> str:
        return other + self.render()

    def __format__(self, spec: str) -> str:
        return format(self.render(), spec)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Message) and other.code == self.code
                and other.params == self.params)

    def __hash__(self) -> int:
        return hash(self.code)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.code, self.params))



#: errno names with their own catalogue text (``os.<name>``, lower case), for :func:`os_reason`.
_OS_CODES = ("ENOENT", "EACCES", "EPERM", "EISDIR", "ENOTDIR", "ENAMETOOLONG", "ENOSPC",
             "EDQUOT", "EFBIG", "EROFS", "EMFILE", "ENFILE", "EIO", "EPIPE", "EEXIST", "ELOOP",
             "EBUSY", "ETXTBSY", "EXDEV", "ENXIO", "ENODEV", "EINVAL", "EAGAIN", "ENOMEM",
             "ETIMEDOUT", "ECONNRESET", "ESTALE")


def os_reason(exc: OSError) -> Message:
    """Why the operating system refused, as a catalogue message (errno → text).

    The one place an :class:`OSError` becomes words: a known ``errno`` has its text in
    both languages; an unknown one reads ``操作系统错误（错误码 N）`` in Chinese and the
    system's own ``strerror`` in English (never English inside a Chinese message).

    Parameters
    ----------
    exc : OSError
        The error.

    Returns
    -------
    Message
        The reason, rendered in the session language.

    Examples
    --------
    >>> import errno
    >>> m = os_reason(OSError(errno.ENOSPC, "No space left on device"))
    >>> print(m.render("zh")); print(m.render("en"))
    磁盘空间已满
    no space left on the device
    >>> print(os_reason(OSError(4095, "Something odd")).render("zh"))
    操作系统错误（错误码 4095）
    """
    import errno as _errno

    num = exc.errno
    name = _errno.errorcode.get(num) if isinstance(num, int) else None
    if name == "EWOULDBLOCK":  # the same number as EAGAIN on Linux
        name = "EAGAIN"
    if name in _OS_CODES:
        return Message(f"os.{name.lower()}")
    reason = exc.strerror or str(exc) or type(exc).__name__
    if isinstance(num, int):
        return Message("os.unknown_errno", errno=num, reason=reason)
    return Message("os.unknown", reason=reason)

def _rebuild(code: str, params: dict[str, Any]) -> Message:
    return Message(code, **params)


class Lines(tuple[Any, ...]):
    """Messages shown one a line (``sep`` between them, default ``"\\n  - "``), each in
    the language of the message that holds them."""

    sep: str = "\n  - "

    def __new__(cls, items: Any = (), sep: str | None = None) -> Lines:
        self = super().__new__(cls, items)
        if sep is not None:
            self.sep = sep
        return self

    def render(self, lang: Lang | None = None) -> str:
        """The items, each rendered in ``lang``, one a line."""
        lg = check_lang(lang)
        return self.sep.join(m.render(lg) if callable(getattr(m, "render", None)) else str(m)
                             for m in self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Lines, (tuple(self), self.sep))


class Both:
    """A value that differs by language (a school kind's 小学 / primary): it shows as
    ``zh`` in a Chinese message and as ``en`` in an English one.

    Parameters
    ----------
    zh, en : object
        The value in each language.
    """

    __slots__ = ("en", "zh")

    def __init__(self, zh: Any, en: Any) -> None:
        self.zh = zh
        self.en = en

    def render(self, lang: Lang | None = None) -> str:
        """The value in ``lang``."""
        return str(self.zh if check_lang(lang) == "zh" else self.en)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Both) and (other.zh, other.en) == (self.zh, self.en)

    def __hash__(self) -> int:
        return hash((self.zh, self.en))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Both, (self.zh, self.en))


def pair(code: str, /, **params: Any) -> tuple[str, str]:
    """The message ``code`` rendered in Chinese and in English, for results that keep
    both texts (audit findings, lint problems).

    Parameters
    ----------
    code : str
        The message code.
    **params
        The template's fields (a :class:`Both` shows in each language).

    Returns
    -------
    tuple of str
        ``(zh, en)``.
    """
    msg = Message(code, **params)
    return msg.render("zh"), msg.render("en")


class Texts(TypedDict):
    """The ``zh`` and ``en`` texts of a result that keeps both (``Finding(**texts(…))``)."""

    zh: str
    en: str


def texts(code: str, /, **params: Any) -> Texts:
    """The message ``code`` in both languages, as the ``zh=`` / ``en=`` keywords of a
    result that keeps both texts (an audit finding).

    Parameters
    ----------
    code : str
        The message code.
    **params
        The template's fields (a :class:`Both` shows in each language).

    Returns
    -------
    Texts
        ``{"zh": …, "en": …}``.
    """
    zh, en = pair(code, **params)
    return {"zh": zh, "en": en}


def message(code: str, /, **params: Any) -> Message:
    """A :class:`Message` for ``code`` (rendered when printed, in the session language).

    Parameters
    ----------
    code : str
        The message code.
    **params
        The template's fields.

    Returns
    -------
    Message
        The message.
    """
    return Message(code, **params)


def text(code: str, lang: Lang | None = None, /, **params: Any) -> str:
    """The message ``code`` rendered now in ``lang`` (default: the session language).

    Parameters
    ----------
    code : str
        The message code.
    lang : {"zh", "en"}, optional
        Language.
    **params
        The template's fields.

    Returns
    -------
    str
        The rendered text.
    """
    return Message(code, **params).render(lang)
