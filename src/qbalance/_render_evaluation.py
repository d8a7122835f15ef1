"""The blocks of an evaluation report (private to :mod:`qbalance.report`).

A resource evaluation and a county evaluation become the block model of
:mod:`qbalance.report` here: the title, verdict banner and details table, the county
summary, the 7-indicator tables of every segment, the failing and left-out schools,
the split of combined schools, the guarantee / quality / survey / veto sections, the
audit section and the per-school annex; and their plain text (``summary()``).
:mod:`qbalance.report` writes the blocks as Markdown, HTML or PDF; the blocks of the
other results are in :mod:`qbalance._render_results`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from qbalance import _render_results as _rr
from qbalance._messages import check_lang, field_label
from qbalance._render_results import Block, _t, met_word, standard_label
from qbalance._text import fmt, table
from qbalance.vocab import VETO_OUTCOME as _VETO_OUTCOME  # the veto words, once
from qbalance.vocab import VETO_VERDICT as _VETO_VERDICT
from qbalance.vocab import Area, Lang

if TYPE_CHECKING:
    from qbalance.report import ReportInfo


def _verdict(passed: bool | None, lang: Lang) -> str:
    if passed is None:
        return _t(lang, "— 未评估", "— not assessed")
    return _t(lang, "✓ 达标", "✓ met") if passed else _t(lang, "✗ 未达标", "✗ not met")


def _resources(result: Any) -> Any | None:
    if hasattr(result, "segments") and hasattr(result, "exclusions"):
        return result
    res = getattr(result, "resources", None)
    return res if res is not None and hasattr(res, "segments") else None


def _overall(result: Any) -> bool | None:
    v = getattr(result, "passed", None)
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, enum.Enum):
        return None
    return bool(v)


def _status_text(result: Any, lang: Lang) -> str:
    """The county verdict; a result may carry a three-way ``outcome`` or ``verdict``
    (passed / failed / incomplete) which is shown as it is."""
    if getattr(result, "checks", None) == () and hasattr(result, "area"):
        return _t(lang, "本标准不评估此项", "not part of this standard")
    outcome = getattr(result, "outcome", None)
    if isinstance(outcome, enum.Enum):
        return _outcome_text(outcome, lang)
    verdict = getattr(result, "verdict", None)
    if verdict is not None and not isinstance(verdict, bool):
        zh = getattr(verdict, "zh", None)
        text = str(getattr(verdict, "value", verdict))
        return str(zh) if lang == "zh" and zh else text
    return _verdict(_overall(result), lang)


def _resource_blocks(res: Any, lang: Lang, *, figures: bool) -> list[Block]:
    b: list[Block] = []
    b.append(("h", 2, _t(lang, Area.RESOURCES.zh, Area.RESOURCES.en)))
    b.append(("p", _t(
        lang,
        "差异系数按学生数加权计算（标准差除以学生总数，不减一），与限值比较时使用未经四舍五入的值。"
        "每所学校至少6项指标达到标准，其余指标不低于标准的85%。",
        "CVs are student-weighted (standard deviation divided by total pupils, not minus one) "
        "and compared with their limits unrounded. Each school must meet at least 6 of the 7 "
        "standards and reach 85 % of the remaining one."), "note"))
    for seg in res.segments:
        name = seg.segment.zh if lang == "zh" else seg.segment.en.capitalize()
        b.append(("h", 3, f"{name}" + _t(lang, f"（{len(seg.schools)}所学校，{seg.pupils:,}名学生）",
                                          f" ({len(seg.schools)} schools, {seg.pupils:,} pupils)")))
        hdr = (["代码", "指标", "单位", "标准值", "县均值", "差异系数", "限值", "差异系数结论",
                "达标学校"] if lang == "zh" else
               ["Code", "Indicator", "Unit", "Standard", "County mean", "CV", "Limit",
                "CV verdict", "Schools meeting"])
        rows = [[i.code, i.name_zh if lang == "zh" else i.name_en,
                 i.unit_zh if lang == "zh" else i.unit_en,
                 "—" if i.threshold is None else f"{i.threshold:g}",
                 fmt(i.mean, 2), fmt(None if i.cv_undefined_en else i.cv, 3),
                 "—" if i.cv_limit is None else f"{i.cv_limit:.2f}",
                 _verdict(i.passed, lang), f"{i.schools_met}/{i.n_schools}"]
                for i in seg.indicators]
        b.append(("table", hdr, rows, "lllrrrrlr"))
        lim = ("" if seg.composite_cv_limit is None else
               _t(lang, f"（限值 {seg.composite_cv_limit:.2f}）",
                  f" (limit {seg.composite_cv_limit:.2f})"))
        comp = "—" if seg.composite_cv != seg.composite_cv else f"{seg.composite_cv:.3f}"
        for i in seg.indicators:
            if i.cv_undefined_en:
                b.append(("p", f"{i.code}{_rr.colon(lang)}" + _t(lang, i.cv_undefined_zh,
                                                                i.cv_undefined_en),
                          "fail"))
        b.append(("p", _t(lang, f"综合差异系数 {comp}{lim}；差异系数结论：",
                          f"Composite CV {comp}{lim}; CV verdict: ")
                  + _verdict(seg.cv_passed, lang)
                  + _t(lang, f"；本学段结论：{_verdict(seg.passed, lang)}",
                       f"; segment verdict: {_verdict(seg.passed, lang)}"),
                  "pass" if seg.passed else "fail"))
    if figures:
        b.append(("fig", "cv", _t(lang, "各指标校际差异系数与限值", "CV of each indicator and its limit")))

    b.append(("h", 3, _t(lang, "未达到校际标准的学校", "Schools failing the per-school rule")))
    fail_rows = []
    for seg in res.segments:
        for s in seg.failing_schools:
            bad = []
            for c, v, t, m, lo in zip(s.codes, s.values, s.thresholds, s.met, s.below_floor,
                                      strict=True):
                if not m:
                    pct = 100 * v / t if t else float("inf")
                    mark = _t(lang, "，低于85%", ", below 85 %") if lo else ""
                    bad.append(f"{c} {v:,.2f} < {t:g}" + _rr.paren(f"{pct:.1f}%{mark}", lang))
            fail_rows.append([seg.segment.zh if lang == "zh" else seg.segment.en, s.name,
                              s.school_id, f"{sum(s.met)}/{len(s.met)}",
                              _rr.semicolon(lang).join(bad),
                              s.reason_zh if lang == "zh" else s.reason_en])
    if fail_rows:
        b.append(("table", (["学段", "学校", "代码", "达标项数", "未达标指标（值 < 标准）", "说明"]
                            if lang == "zh" else
                            ["Segment", "School", "Id", "Met", "Failing indicators "
                             "(value < standard)", "Reason"]), fail_rows, "llllll"))
    else:
        b.append(("p", _t(lang, "所有学校均达到校际标准。",
                          "Every school satisfies the per-school rule."), "pass"))
    if figures:
        for seg in res.segments:
            name = seg.segment.zh if lang == "zh" else seg.segment.en
            b.append(("fig", f"schools-{seg.segment.value}",
                      _t(lang, f"{name}各校指标值与标准", f"{name}: school values and standards")))

    if getattr(res, "warnings", ()):
        b.append(("h", 3, _t(lang, "数据提示", "Data warnings")))
        b.append(("p", _t(lang, "以下数值可能有单位或录入错误，请核对；结论按所给数据计算，不受提示影响。",
                          "These values look like unit or entry slips: check them. The "
                          "verdicts are computed from the data as given; the warnings do not "
                          "change them."), "note"))
        b.append(("table", ["学校", "代码", "字段", "数值", "提示"] if lang == "zh" else
                  ["School", "Id", "Field", "Value", "Warning"],
                  [[w.name, w.school_id, field_label(w.field, lang), f"{w.value:g}",
                    w.text(lang)] for w in res.warnings], "lllrl"))
    b.append(("h", 3, _t(lang, "未纳入计算的学校", "Schools left out")))
    if res.exclusions:
        b.append(("table", ["学校", "代码", "类型", "原因"] if lang == "zh" else
                  ["School", "Id", "Kind", "Reason"],
                  [[e.name, e.school_id, e.kind.zh if lang == "zh" else e.kind.value,
                    e.detail_zh if lang == "zh" else e.detail_en] for e in res.exclusions],
                  "llll"))
    else:
        b.append(("p", _t(lang, "无。", "None."), None))
    if res.splits:
        b.append(("h", 3, _t(lang, "按加权学生数分摊设施的学校",
                             "Combined schools: stocks split by weighted pupils")))
        b.append(("table", ["学校", "代码", "学生数", "权重", "分摊比例"] if lang == "zh" else
                  ["School", "Id", "Pupils", "Weights", "Shares"],
                  [[sp.name, sp.school_id,
                    _rr.comma(lang).join(f"{_section(k, lang)} {v:,}" for k, v in sp.pupils.items()),
                    " : ".join(f"{v:g}" for v in sp.weights.values()),
                    _rr.comma(lang).join(f"{_section(k, lang)} {v:.4f}"
                                         for k, v in sp.shares.items())]
                   for sp in res.splits], "lllll"))
    return b


def _summary_blocks(result: Any, res: Any | None, lang: Lang) -> list[Block]:
    b: list[Block] = [("h", 2, _t(lang, "县域概况", "County summary"))]
    county = getattr(result, "county", None) or getattr(res, "county", "")
    year = getattr(result, "year", None) or getattr(res, "year", "")
    std = getattr(result, "standard_id", None) or getattr(res, "standard_id", "")
    pairs = [[_t(lang, "县（市、区）", "County"), str(getattr(county, "name", county))],
             [_t(lang, "年度", "Year"), str(year)],
             [_t(lang, "评估标准", "Standard"), standard_label(str(std), lang)],
             [_t(lang, "结论", "Verdict"), _status_text(result, lang)]]
    b.append(("table", [_t(lang, "项目", "Item"), _t(lang, "内容", "Value")], pairs, "ll"))
    if _is_county(result):
        b.append(("table", _AREA_TABLE_HEADER[lang], _county_summary_rows(result, lang), "lll"))
    else:
        areas = _area_rows(result, lang)
        if areas:
            b.append(("table", [_t(lang, "评估内容", "Area"), _t(lang, "结论", "Verdict")], areas,
                      "ll"))
    if res is not None:
        hdr = (["学段", "学校数", "学生数", "综合差异系数", "差异系数超限指标", "未达校际标准学校", "结论"]
               if lang == "zh" else
               ["Segment", "Schools", "Pupils", "Composite CV", "Indicators over limit",
                "Schools failing", "Verdict"])
        rows = [[s.segment.zh if lang == "zh" else s.segment.en, str(len(s.schools)),
                 f"{s.pupils:,}",
                 "—" if s.composite_cv != s.composite_cv else f"{s.composite_cv:.3f}",
                 ", ".join(i.code for i in s.indicators if not i.passed) or "—",
                 str(len(s.failing_schools)), _verdict(s.passed, lang)]
                for s in res.segments]
        b.append(("table", hdr, rows, "lrrrlrl"))
    return b


# -- county-level and audit sections (rendered generically from attrs values) -------

#: Field name of a result -> (Chinese, English) name of the area it holds.
_AREA_NAMES: dict[str, tuple[str, str]] = {
    **{a.value: (a.zh, a.en) for a in Area},
    **{alias: (a.zh, a.en) for alias, a in (("recognition", Area.SURVEY),
                                              ("social", Area.SURVEY), ("vetoes", Area.VETO))},
}
_PREFERRED = ("code", "name", "name_zh", "name_en", "label", "label_zh", "label_en", "value",
              "display", "threshold", "unit", "unit_zh", "unit_en", "passed", "verdict", "status",
              "met", "reason", "reason_zh", "reason_en", "severity", "message", "message_zh",
              "message_en", "detail", "detail_zh", "detail_en", "note", "evidence")


def _area_rows(result: Any, lang: Lang) -> list[list[str]]:
    if not attrs.has(type(result)) or _resources(result) is result:
        return []
    rows = []
    for f in attrs.fields(type(result)):
        key = f.name
        if key not in _AREA_NAMES:
            continue
        val = getattr(result, key)
        if val is None:
            rows.append([_t(lang, *_AREA_NAMES[key]), _verdict(None, lang)])
            continue
        rows.append([_t(lang, *_AREA_NAMES[key]), _status_text(val, lang)])
    return rows


def _cell(v: Any, lang: Lang) -> str:
    if isinstance(v, bool):
        return _verdict(v, lang)
    if v is None:
        return "—"
    if isinstance(v, enum.Enum):
        zh = getattr(v, "zh", None)
        return str(zh) if lang == "zh" and zh else str(v.value)
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, (tuple, list)):
        return ", ".join(_cell(x, lang) for x in v)
    if isinstance(v, Mapping):
        return ", ".join(f"{k}: {_cell(x, lang)}" for k, x in v.items())
    if attrs.has(type(v)):
        return str(v)
    return str(v)


def _columns(items: Sequence[Any], lang: Lang) -> list[str]:
    names = [f.name for f in attrs.fields(type(items[0]))]
    drop = "_en" if lang == "zh" else "_zh"
    names = [n for n in names if not n.endswith(drop)
             or (n[:-3] + ("_zh" if lang == "zh" else "_en")) not in names]

    def scalar(n: str) -> bool:
        return not any(attrs.has(type(getattr(x, n))) for x in items)

    names = [n for n in names if scalar(n)]
    order = [n for n in _PREFERRED if n in names] + [n for n in names if n not in _PREFERRED]
    return order


def _generic_blocks(obj: Any, title: str, lang: Lang, level: int = 2) -> list[Block]:
    b: list[Block] = [("h", level, title)]
    if obj is None:
        b.append(("p", _t(lang, "未评估（缺少数据）。", "Not assessed (data missing)."), "na"))
        return b
    if isinstance(obj, str):
        b.append(("pre", obj))
        return b
    if isinstance(obj, Sequence):
        items = [x for x in obj if attrs.has(type(x))]
        if items and len(items) == len(obj):
            cols = _columns(items, lang)
            b.append(("table", cols, [[_cell(getattr(x, c), lang) for c in cols] for x in items],
                      "l" * len(cols)))
        elif obj:
            b.append(("list", [_cell(x, lang) for x in obj]))
        else:
            b.append(("p", _t(lang, "无。", "None."), None))
        return b
    if not attrs.has(type(obj)):
        summary = getattr(obj, "summary", None)
        b.append(("pre", summary(lang) if callable(summary) else str(obj)))
        return b
    scalars, nested = [], []
    for f in attrs.fields(type(obj)):
        v = getattr(obj, f.name)
        if attrs.has(type(v)) or (isinstance(v, (tuple, list)) and v
                                  and attrs.has(type(v[0]))):
            nested.append((f.name, v))
        elif not (lang == "zh" and f.name.endswith("_en")) and not (
                lang != "zh" and f.name.endswith("_zh")):
            scalars.append([f.name, _cell(v, lang)])
    passed = getattr(obj, "passed", None)
    if isinstance(passed, bool) and not any(r[0] == "passed" for r in scalars):
        scalars.append(["passed", _verdict(passed, lang)])
    if scalars:
        b.append(("table", [_t(lang, "项目", "Field"), _t(lang, "内容", "Value")], scalars, "ll"))
    for name, v in nested:
        b.extend(_generic_blocks(v, name, lang, min(level + 1, 4)))
    return b


def _county_blocks(result: Any, lang: Lang) -> list[Block]:
    if _resources(result) is result or not attrs.has(type(result)):
        return []
    b: list[Block] = []
    for f in attrs.fields(type(result)):
        if f.name in _AREA_NAMES and f.name != "resources":
            b.extend(_generic_blocks(getattr(result, f.name), _t(lang, *_AREA_NAMES[f.name]),
                                     lang))
    return b


# -- wording shared by the text, Markdown and HTML of every result ---------------------

_MARK = {"passed": "✓", "failed": "✗", "incomplete": "?"}


def _is_county(result: Any) -> bool:
    return hasattr(result, "areas") and hasattr(result, "outcome") and hasattr(
        result, "resources")


def _area_outcome(a: Any, lang: Lang, *, mark: bool = True) -> str:
    """An area's outcome in words; an area the standard does not evaluate says so."""
    if not a.checks:
        return _t(lang, "本标准不评估此项", "not part of this standard")
    return _outcome_text(a.outcome, lang, veto=a.area == Area.VETO, mark=mark)


def _outcome_text(outcome: Any, lang: Lang, *, veto: bool = False, mark: bool = True) -> str:
    """An outcome in words (the veto area's own words), with its mark."""
    value = str(getattr(outcome, "value", outcome))
    pair = _VETO_OUTCOME.get(value) if veto else None
    if pair:
        text = pair[0] if lang == "zh" else pair[1]
    else:
        text = str(getattr(outcome, "zh" if lang == "zh" else "en", outcome))
    return f"{_MARK.get(value, '')} {text}".strip() if mark else text


def _verdict_word(verdict: Any, lang: Lang, *, veto: bool) -> str:
    if veto:
        zh, en = _VETO_VERDICT.get(verdict.value, (verdict.value, verdict.value))
        return str(zh if lang == "zh" else en)
    return str(verdict.zh if lang == "zh" else verdict.en)


def _check_verdict(check: Any, lang: Lang) -> str:
    v = check.verdict
    return f"{v.symbol} {_verdict_word(v, lang, veto=check.area == Area.VETO)}"


def _check_code(check: Any, k: int, lang: Lang) -> str:
    """A check's code; in Chinese a veto condition (codes like ``exam_admission``) is
    numbered ``（一）``, ``（二）`` … as the method lists them."""
    if check.area == Area.VETO and lang == "zh":
        nums = "一二三四五六七八九十"
        return f"（{nums[k - 1]}）" if k <= len(nums) else f"（{k}）"
    return str(check.code)


def _missing_fields(result: Any, lang: Lang) -> list[str]:
    """The missing input fields, in Chinese by their names (``教育质量／9 国家义务教育质量监测``)."""
    if lang != "zh":
        return [str(m) for m in result.missing]
    from qbalance.models import field_path_zh

    names = {c.code: c.name_zh for a in getattr(result, "areas", ()) if a.area == Area.VETO
             for c in a.checks}
    return [field_path_zh(str(m), names) for m in result.missing]


#: Section names of a combined school's pupils and shares.
_SECTION = {"kindergarten": ("附设幼儿班", "kindergarten"), "primary": ("小学", "primary"),
            "junior": ("初中", "junior"), "senior": ("高中", "senior")}


def _section(key: str, lang: Lang) -> str:
    pair = _SECTION.get(key)
    return key if pair is None else pair[0 if lang == "zh" else 1]


#: Header of the county summary table (one row per area).
_AREA_TABLE_HEADER = {"zh": ["评估内容", "结论", "指标"], "en": ["Area", "Outcome", "Indicators"]}


def _county_summary_rows(result: Any, lang: Lang, *, mark: bool = True) -> list[list[str]]:
    """The county summary table: each area, its outcome and its count of verdicts."""
    from qbalance.vocab import Verdict

    rows = [[_t(lang, Area.RESOURCES.zh, Area.RESOURCES.en),
             _outcome_text(result.resources_outcome, lang, mark=mark), ""]]
    for a in result.areas:
        veto = a.area == Area.VETO
        detail = _rr.comma(lang).join(f"{_verdict_word(v, lang, veto=veto)} {a.count(v)}"
                           for v in Verdict if a.count(v))
        rows.append([a.name_zh if lang == "zh" else a.name_en,
                     _area_outcome(a, lang, mark=mark), detail])
    return rows


def _county_area_blocks(result: Any, lang: Lang) -> list[Block]:
    b: list[Block] = []
    for a in result.areas:
        out = _area_outcome(a, lang)
        b.append(("h", 2, f"{a.name_zh}：{out}" if lang == "zh" else f"{a.name_en}: {out}"))
        if a.area == Area.VETO:
            hdr = (["代码", "情形", "结论", "说明"] if lang == "zh" else
                   ["Code", "Condition", "Verdict", "Detail"])
            rows = [[_check_code(c, k, lang), c.name_zh if lang == "zh" else c.name_en,
                     _check_verdict(c, lang), c.reason_zh if lang == "zh" else c.reason_en]
                    for k, c in enumerate(a.checks, start=1)]
            b.append(("table", hdr, rows, "llll"))
            continue
        hdr = (["代码", "指标", "结论", "数值", "标准", "说明"] if lang == "zh" else
               ["Code", "Indicator", "Verdict", "Value", "Standard", "Detail"])
        rows = []
        for c in a.checks:
            m = c.measures[0] if c.measures else None
            rows.append([c.code, c.name_zh if lang == "zh" else c.name_en,
                         _check_verdict(c, lang), m.display if m else "—",
                         (m.threshold or "—") if m else "—",
                         c.reason_zh if lang == "zh" else c.reason_en])
        b.append(("table", hdr, rows, "llllll"))
    if result.missing:
        b.append(("h", 2, _t(lang, "缺少的数据（相关指标未评估）",
                             "Missing data (the indicators concerned are not assessed)")))
        b.append(("list", _missing_fields(result, lang)))
    return b


def _audit_blocks(audit: Any, lang: Lang) -> list[Block]:
    if hasattr(audit, "audits") and all(hasattr(a, "findings") for a in audit.audits):
        return _rr.audit_section_blocks(audit, lang)
    findings = getattr(audit, "findings", audit)
    return _generic_blocks(findings if findings is not None else audit,
                           _t(lang, "核查发现", "Audit findings"), lang)


def _standard_of(result: Any, res: Any | None, info: ReportInfo | None) -> Any:
    if info is not None and info.standard is not None:
        return info.standard
    sid = getattr(result, "standard_id", None) or getattr(res, "standard_id", None)
    if not sid:
        return None
    try:
        from qbalance.standard import load_standard

        return load_standard(str(sid))
    except Exception:  # noqa: BLE001 - a custom standard's id names no shipped file
        return None


def _banner(result: Any, res: Any | None, lang: Lang) -> Block:
    """The verdict banner: the county's verdict and, per area or segment, what decides it."""
    status = _status_text(result, lang)
    cls = "pass" if status.startswith("✓") else "fail" if status.startswith("✗") else "na"
    details: list[str] = []
    if _is_county(result):
        details.append(_t(lang, Area.RESOURCES.zh, Area.RESOURCES.en) + " "
                       + _outcome_text(result.resources_outcome, lang))
        details += [(a.name_zh if lang == "zh" else a.name_en) + " "
                    + _area_outcome(a, lang) for a in result.areas]
    elif res is not None:
        for seg in res.segments:
            name = seg.segment.zh if lang == "zh" else seg.segment.en.capitalize()
            why = []
            over = [i.code for i in seg.indicators if not i.passed]
            if over:
                why.append("差异系数超限：" + "、".join(over) if lang == "zh"
                           else "CV over its limit: " + ", ".join(over))
            if seg.failing_schools:
                n = len(seg.failing_schools)
                why.append(_t(lang, f"{n}所学校未达校际标准", f"{n} schools fail the per-school rule"))
            text = f"{name} {_verdict(seg.passed, lang)}"
            if why:
                text += _t(lang, "（" + "；".join(why) + "）", " (" + "; ".join(why) + ")")
            details.append(text)
    return ("banner", cls, _t(lang, f"结论：{status}", f"Verdict: {status}"), details)


def _meta_blocks(result: Any, res: Any | None, lang: Lang, info: ReportInfo) -> list[Block]:
    from qbalance import __version__

    std = _standard_of(result, res, info)
    sid = getattr(result, "standard_id", None) or getattr(res, "standard_id", "")
    rows = []
    if std is not None:
        rows.append([_t(lang, "评估标准", "Standard"),
                     str(std.name_zh if lang == "zh" else std.name_en)])
        rows.append([_t(lang, "标准出处", "Source"), std.source_text(lang)])
    rows.append([_t(lang, "标准代码", "Standard id"), str(sid)])
    rows.append([_t(lang, "评估日期", "Evaluation date"), info.date or "—"])
    rows.append([_t(lang, "生成工具", "Produced by"), f"qbalance {__version__}"])
    for name, digest in info.inputs:
        rows.append([_t(lang, "输入文件", "Input file"), f"{name}  (SHA-256 {digest})"])
    if not info.inputs:
        rows.append([_t(lang, "输入文件", "Input file"),
                     _t(lang, "（未提供：由程序直接传入的数据）", "(none: data passed in directly)")])
    return [("h", 2, _t(lang, "评估信息", "About this evaluation")),
            ("table", [_t(lang, "项目", "Item"), _t(lang, "内容", "Value")], rows, "ll")]


def _annex_blocks(res: Any, lang: Lang, std: Any) -> list[Block]:
    floors = sorted({float(s.floor_fraction) for s in std.indicators}) if std is not None else []
    pct = "、".join(f"{100 * f:g}%" for f in floors) or _t(lang, "下限", "the floor")
    b: list[Block] = [("h", 2, _t(lang, "附件：各校资源配置指标值", "Annex: every school's indicator values")),
                      ("p", _t(lang, f"✓ 达到标准；○ 未达标准但不低于标准的{pct}；✗ 低于标准的{pct}。"
                                     "每所学校一行，按县内顺序排列。",
                               f"✓ meets the standard; ○ below it but at least {pct} of it; "
                               f"✗ below {pct} of the standard. One row per school, in the "
                               "county's order."), "note")]
    for seg in res.segments:
        name = seg.segment.zh if lang == "zh" else seg.segment.en.capitalize()
        b.append(("h", 3, _t(lang, f"{name}（{len(seg.schools):,}所学校）",
                             f"{name} ({len(seg.schools):,} schools)")))
        b.append(("annex", seg))
    return b


def _annex_header(seg: Any, lang: Lang) -> list[str]:
    units = {i.code: (i.unit_zh if lang == "zh" else i.unit_en) for i in seg.indicators}
    codes = [i.code for i in seg.indicators]
    return ([_t(lang, "序号", "No."), _t(lang, "学校代码", "Id"), _t(lang, "学校名称", "School"),
             _t(lang, "学生数", "Pupils")]
            + [f"{c}（{units[c]}）" if lang == "zh" else f"{c} ({units[c]})" for c in codes]
            + [_t(lang, "达标项数", "Met"), _t(lang, "结论", "Verdict")])


def _annex_rows(seg: Any, lang: Lang) -> Iterator[tuple[list[str], list[str], bool]]:
    """Per school: the cells, the mark class of each value (pass / warn / fail), passed."""
    digits = {i.code: (0 if (i.threshold or 0) >= 100 else 2) for i in seg.indicators}
    ok, bad = _verdict(True, lang), _verdict(False, lang)
    for k, s in enumerate(seg.schools, start=1):
        cells = [str(k), str(s.school_id), str(s.name), f"{s.pupils:,}"]
        marks = []
        for c, v, m, lo in zip(s.codes, s.values, s.met, s.below_floor, strict=True):
            mark, cls = ("✓", "pass") if m else ("✗", "fail") if lo else ("○", "warn")
            cells.append(f"{v:,.{digits.get(c, 2)}f} {mark}")
            marks.append(cls)
        cells += [f"{sum(s.met)}/{len(s.met)}", ok if s.passed else bad]
        yield cells, marks, s.passed


def _document(result: Any, lang: Lang, audit: Any, figures: bool, *,
              info: ReportInfo | None = None, annex: bool = False) -> list[Block]:
    lang = check_lang(lang)
    from qbalance import __version__

    res = _resources(result)
    county = getattr(result, "county", None) or getattr(res, "county", "")
    county = str(getattr(county, "name", county))
    whole = res is not result
    title = _t(lang, f"{county} 义务教育优质均衡发展督导评估报告" + ("" if whole else "（资源配置）"),
               f"{county}: high-quality balanced compulsory education evaluation"
               + ("" if whole else " (resource allocation)"))
    b: list[Block] = [("h", 1, title)]
    if info is not None:
        b.append(_banner(result, res, lang))
    if getattr(result, "constructed", False) or getattr(res, "constructed", False):
        b.append(("p", _t(lang, "注意：本报告使用构造的示例数据，并非真实县的数据。",
                          "Note: constructed example data, not a real county."), "note"))
    if info is not None:
        b.extend(_meta_blocks(result, res, lang, info))
    b.extend(_summary_blocks(result, res, lang))
    if res is not None:
        b.extend(_resource_blocks(res, lang, figures=figures))
    b.extend(_county_area_blocks(result, lang) if _is_county(result)
             else _county_blocks(result, lang))
    if audit is not None:
        b.extend(_audit_blocks(audit, lang))
    if annex and res is not None:
        b.extend(_annex_blocks(res, lang, _standard_of(result, res, info)))
    b.append(("p", _t(lang, f"由 qbalance {__version__} 生成，依据《县域义务教育优质均衡发展督导评估办法》"
                            "（教督〔2017〕6号）及所选标准。",
                      f"Generated by qbalance {__version__} under the national method "
                      "(教督〔2017〕6号) and the selected standard."), "note"))
    return b


# -- text ------------------------------------------------------------------------------

def _text_resources(res: Any, lang: Lang) -> str:
    """The text report of a resource evaluation (``ResourceEvaluation.summary``)."""
    zh = lang == "zh"
    verdict = met_word(res.passed, lang)
    head = (f"资源配置评估 — {res.county}（{res.year}年），标准{standard_label(res.standard_id, lang)}"
            if zh else f"Resource allocation — {res.county} ({res.year}), "
            f"standard {res.standard_id}")
    lines = [head]
    if res.constructed:
        lines.append("（构造的示例数据，非真实县）" if zh else "(constructed example data)")
    c = _rr.colon(lang)
    lines.append(f"{'结论' if zh else 'Verdict'}{c}{verdict}")
    for seg in res.segments:
        name = seg.segment.zh if zh else seg.segment.en
        lines.append("")
        lines.append(f"{name}{c}{len(seg.schools)} {'所学校' if zh else 'schools'}"
                     f"{_rr.comma(lang)}{seg.pupils:,} {'名学生' if zh else 'pupils'}")
        rows = [
            [i.code, i.name_zh if zh else i.name_en, fmt(i.threshold, 2), fmt(i.mean, 2),
             fmt(None if i.cv_undefined_en else i.cv), fmt(i.cv_limit, 2),
             "✓" if i.passed else "✗",
             "—" if i.threshold is None else f"{i.schools_met}/{i.n_schools}"]
            for i in seg.indicators
        ]
        hdr = (["代码", "指标", "标准", "均值", "差异系数", "限值", _rr.MARK_HEADER[0], "达标校"]
               if zh else ["code", "indicator", "standard", "mean", "CV", "limit",
                           _rr.MARK_HEADER[1], "schools met"])
        lines.append(table(hdr, rows, right=[False, False, True, True, True, True, False, True]))
        lim = ("" if seg.composite_cv_limit is None
               else _rr.paren(f"≤ {seg.composite_cv_limit:.2f}", lang))
        for i in seg.indicators:
            if i.cv_undefined_en:
                lines.append(f"{i.code}{c}{i.cv_undefined_zh if zh else i.cv_undefined_en}")
        comp = "—" if seg.composite_cv != seg.composite_cv else f"{seg.composite_cv:.3f}"
        lines.append(f"{'综合差异系数' if zh else 'Composite CV'}{c}{comp}{lim}")
        fails = seg.failing_schools
        if fails:
            lines.append("未达到校际标准的学校：" if zh else
                         "Schools failing the per-school rule:")
            for s in fails:
                lines.append(f"  - {_rr.named(s.name, s.school_id, lang)}{c}"
                             f"{s.reason_zh if zh else s.reason_en}")
    if getattr(res, "warnings", ()):
        lines.append("")
        lines.append("数据提示（可能的单位或录入错误，不影响结论）：" if zh else
                     "Data warnings (likely unit or entry slips; the verdicts do not use them):")
        lines.extend(f"  - {w.text(lang)}" for w in res.warnings)
    if res.exclusions:
        lines.append("")
        lines.append("未纳入计算的学校：" if zh else "Schools left out:")
        for e in res.exclusions:
            lines.append(f"  - {_rr.named(e.name, e.school_id, lang)}{c}"
                         f"{e.detail_zh if zh else e.detail_en}")
    if res.splits:
        lines.append("")
        lines.append("按加权学生数分摊的学校：" if zh else "Combined schools split by weighted pupils:")
        for sp in res.splits:
            parts = _rr.comma(lang).join(f"{_section(k, lang)} {v:.4f}"
                                         for k, v in sp.shares.items())
            lines.append(f"  - {_rr.named(sp.name, sp.school_id, lang)}{c}{parts}")
    return "\n".join(lines)


def _text_county(result: Any, lang: Lang) -> str:
    """The text report of a county evaluation (``CountyEvaluation.summary``)."""
    zh = lang == "zh"
    head = (f"县域义务教育优质均衡发展督导评估 — {result.county}（{result.year}年），"
            f"标准{standard_label(result.standard_id, lang)}" if zh else
            f"County high-quality balanced development evaluation — {result.county} "
            f"({result.year}), standard {result.standard_id}")
    lines = [head]
    if result.constructed:
        lines.append("（构造的示例数据，非真实县）" if zh else "(constructed example data)")
    out = result.outcome
    c = _rr.colon(lang)
    lines.append(f"{'总结论' if zh else 'Overall'}{c}{out.zh if zh else out.en}")
    lines.append(table(_AREA_TABLE_HEADER[lang], _county_summary_rows(result, lang, mark=False),
                       right=[False] * 3))
    lines.append("")
    lines.append(_text_resources(result.resources, lang))
    for a in result.areas:
        lines.append("")
        lines.append(f"{a.name_zh if zh else a.name_en}{c}{_area_outcome(a, lang, mark=False)}")
        if not a.checks:
            continue
        body = [[_check_code(c, k, lang), c.name_zh if zh else c.name_en, _check_verdict(c, lang),
                 c.reason_zh if zh else c.reason_en] for k, c in enumerate(a.checks, start=1)]
        lines.append(table(["代码" if zh else "code", "指标" if zh else "indicator",
                            "结论" if zh else "verdict", "说明" if zh else "detail"],
                           body, right=[False] * 4))
    if result.missing:
        lines.append("")
        lines.append("缺少的数据：" if zh else "Missing data:")
        lines.extend(f"  - {m}" for m in _missing_fields(result, lang))
    return "\n".join(lines)
