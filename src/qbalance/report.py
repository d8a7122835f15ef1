"""Evaluation reports in Markdown and standalone HTML (Chinese by default, English on request).

A report has the county summary and verdict, the 7-indicator table of every
segment with the CVs against their limits and the composite CV, the schools
failing the per-school rule with the indicators they fail, the schools left out
(exclusions) and the split of combined schools; when the result has them, the
government-guarantee, education-quality, social-recognition and veto sections;
and, when given, audit findings.  The HTML report embeds the figures of
:mod:`qbalance.plot` (when matplotlib is installed) and needs nothing else to be
opened in a browser.

>>> from qbalance import evaluate_resources, example_county
>>> from qbalance.report import render_markdown
>>> md = render_markdown(evaluate_resources(example_county()))
>>> print(md.splitlines()[0])
# 示例县 义务教育优质均衡发展督导评估报告（资源配置）
>>> "| R4 | 生均教学及辅助用房面积" in md
True
"""

from __future__ import annotations

import base64
import enum
import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from qbalance._text import fmt
from qbalance.errors import MissingDependencyError

__all__ = ["REPORT_FORMATS", "render", "render_html", "render_markdown", "write_report"]

#: Formats :func:`render` and :func:`write_report` produce.
REPORT_FORMATS = ("markdown", "html", "text", "json")

# -- a tiny document model shared by the Markdown and HTML writers -----------------

Block = tuple[Any, ...]


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _verdict(passed: bool | None, lang: str) -> str:
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


def _status_text(result: Any, lang: str) -> str:
    """The county verdict; a result may carry a three-way ``outcome`` or ``verdict``
    (passed / failed / incomplete) which is shown as it is."""
    outcome = getattr(result, "outcome", None)
    if isinstance(outcome, enum.Enum):
        return _outcome_text(outcome, lang)
    verdict = getattr(result, "verdict", None)
    if verdict is not None and not isinstance(verdict, bool):
        zh = getattr(verdict, "zh", None)
        text = str(getattr(verdict, "value", verdict))
        return str(zh) if lang == "zh" and zh else text
    return _verdict(_overall(result), lang)


def _resource_blocks(res: Any, lang: str, *, figures: bool) -> list[Block]:
    b: list[Block] = []
    b.append(("h", 2, _t(lang, "资源配置", "Resource allocation")))
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
                b.append(("p", f"{i.code}: " + _t(lang, i.cv_undefined_zh, i.cv_undefined_en),
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
                    bad.append(f"{c} {v:,.2f} < {t:g} ({pct:.1f}%{mark})")
            fail_rows.append([seg.segment.zh if lang == "zh" else seg.segment.en, s.name,
                              s.school_id, f"{sum(s.met)}/{len(s.met)}", "; ".join(bad),
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
                    ", ".join(f"{k} {v:,}" for k, v in sp.pupils.items()),
                    " : ".join(f"{v:g}" for v in sp.weights.values()),
                    ", ".join(f"{k} {v:.4f}" for k, v in sp.shares.items())]
                   for sp in res.splits], "lllll"))
    return b


def _summary_blocks(result: Any, res: Any | None, lang: str) -> list[Block]:
    b: list[Block] = [("h", 2, _t(lang, "县域概况", "County summary"))]
    county = getattr(result, "county", None) or getattr(res, "county", "")
    year = getattr(result, "year", None) or getattr(res, "year", "")
    std = getattr(result, "standard_id", None) or getattr(res, "standard_id", "")
    pairs = [[_t(lang, "县（市、区）", "County"), str(getattr(county, "name", county))],
             [_t(lang, "年度", "Year"), str(year)],
             [_t(lang, "评估标准", "Standard"), str(std)],
             [_t(lang, "结论", "Verdict"), _status_text(result, lang)]]
    b.append(("table", [_t(lang, "项目", "Item"), _t(lang, "内容", "Value")], pairs, "ll"))
    if _is_county(result):
        b.append(("table", [_t(lang, "评估内容", "Area"), _t(lang, "结论", "Outcome"),
                            _t(lang, "指标", "Indicators")],
                  _county_summary_rows(result, lang), "lll"))
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

_AREA_NAMES = {
    "resources": ("资源配置", "Resource allocation"),
    "guarantee": ("政府保障程度", "Government guarantee"),
    "quality": ("教育质量", "Education quality"),
    "recognition": ("社会认可度", "Social recognition"),
    "survey": ("社会认可度", "Social recognition"),
    "social": ("社会认可度", "Social recognition"),
    "vetoes": ("不予认定情形", "Veto conditions"),
    "veto": ("不予认定情形", "Veto conditions"),
}
_PREFERRED = ("code", "name", "name_zh", "name_en", "label", "label_zh", "label_en", "value",
              "display", "threshold", "unit", "unit_zh", "unit_en", "passed", "verdict", "status",
              "met", "reason", "reason_zh", "reason_en", "severity", "message", "message_zh",
              "message_en", "detail", "detail_zh", "detail_en", "note", "evidence")


def _area_rows(result: Any, lang: str) -> list[list[str]]:
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


def _cell(v: Any, lang: str) -> str:
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


def _columns(items: Sequence[Any], lang: str) -> list[str]:
    names = [f.name for f in attrs.fields(type(items[0]))]
    drop = "_en" if lang == "zh" else "_zh"
    names = [n for n in names if not n.endswith(drop)
             or (n[:-3] + ("_zh" if lang == "zh" else "_en")) not in names]

    def scalar(n: str) -> bool:
        return not any(attrs.has(type(getattr(x, n))) for x in items)

    names = [n for n in names if scalar(n)]
    order = [n for n in _PREFERRED if n in names] + [n for n in names if n not in _PREFERRED]
    return order


def _generic_blocks(obj: Any, title: str, lang: str, level: int = 2) -> list[Block]:
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


def _county_blocks(result: Any, lang: str) -> list[Block]:
    if _resources(result) is result or not attrs.has(type(result)):
        return []
    b: list[Block] = []
    for f in attrs.fields(type(result)):
        if f.name in _AREA_NAMES and f.name != "resources":
            b.extend(_generic_blocks(getattr(result, f.name), _t(lang, *_AREA_NAMES[f.name]),
                                     lang))
    return b


_VETO_VERDICT = {"met": ("不存在", "does not hold"), "not_met": ("存在", "HOLDS"),
                 "not_assessed": ("未声明", "not declared"),
                 "not_applicable": ("不适用", "not applicable")}


def _is_county(result: Any) -> bool:
    return hasattr(result, "areas") and hasattr(result, "outcome") and hasattr(
        result, "resources")


_VETO_OUTCOME = {"passed": ("✓ 无", "✓ none"), "failed": ("✗ 存在，不予认定", "✗ a veto holds"),
                 "incomplete": ("? 未完整声明", "? not all declared")}


def _outcome_text(outcome: Any, lang: str, *, veto: bool = False) -> str:
    if veto:
        pair = _VETO_OUTCOME.get(str(getattr(outcome, "value", outcome)))
        if pair:
            return pair[0] if lang == "zh" else pair[1]
    mark = {"passed": "✓", "failed": "✗", "incomplete": "?"}.get(
        str(getattr(outcome, "value", outcome)), "")
    text = getattr(outcome, "zh" if lang == "zh" else "en", str(outcome))
    return f"{mark} {text}".strip()


def _check_verdict(check: Any, lang: str) -> str:
    v = check.verdict
    if check.area == "veto":
        zh, en = _VETO_VERDICT.get(v.value, (v.value, v.value))
        text = zh if lang == "zh" else en
    else:
        text = v.zh if lang == "zh" else v.en
    return f"{v.symbol} {text}"


def _county_summary_rows(result: Any, lang: str) -> list[list[str]]:
    rows = [[_t(lang, "资源配置", "Resource allocation"),
             _outcome_text(result.resources_outcome, lang), ""]]
    for a in result.areas:
        counts = []
        for c in a.checks:
            counts.append(c.verdict)
        detail = ", ".join(
            f"{(_VETO_VERDICT[v.value] if a.area == 'veto' else (v.zh, v.en))[0 if lang == 'zh' else 1]}"
            f" {counts.count(v)}" for v in dict.fromkeys(counts))
        rows.append([a.name_zh if lang == "zh" else a.name_en,
                     _outcome_text(a.outcome, lang, veto=a.area == "veto"), detail])
    return rows


def _county_area_blocks(result: Any, lang: str) -> list[Block]:
    b: list[Block] = []
    for a in result.areas:
        out = _outcome_text(a.outcome, lang, veto=a.area == "veto")
        b.append(("h", 2, f"{a.name_zh}：{out}" if lang == "zh" else f"{a.name_en}: {out}"))
        if a.area == "veto":
            hdr = (["代码", "情形", "结论", "说明"] if lang == "zh" else
                   ["Code", "Condition", "Verdict", "Detail"])
            rows = [[c.code, c.name_zh if lang == "zh" else c.name_en, _check_verdict(c, lang),
                     c.reason_zh if lang == "zh" else c.reason_en] for c in a.checks]
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
        b.append(("list", list(result.missing)))
    return b


def _audit_report_blocks(audit: Any, lang: str) -> list[Block]:
    """An :class:`qbalance.AuditReport`: its summary line and every claim with findings."""
    b: list[Block] = [("h", 2, _t(lang, "核查发现", "Audit findings"))]
    summary = getattr(audit, "summary", None)
    if callable(summary):
        b.append(("p", str(summary(lang)), None))
    rows = []
    for a in audit.audits:
        if not a.findings:
            continue
        c = a.claim
        name = c.name_zh if lang == "zh" or not getattr(c, "name_en", None) else c.name_en
        sev = a.severity
        status = (sev.zh if lang == "zh" else sev.value) if sev is not None else "—"
        mark = {"error": "✗", "warning": "!", "note": "·"}.get(a.status, "")
        rows.append([str(c.id), str(c.section or "—"), str(name), str(c.reported or "—"),
                     str(a.exact_text), f"{mark} {status}".strip(),
                     " ".join(f.text(lang) for f in a.findings)])
    if rows:
        b.append(("table", ["编号", "章节", "内容", "报告值", "精确值", "级别", "说明"] if lang == "zh"
                  else ["Id", "Section", "Claim", "Printed", "Exact", "Severity", "Finding"],
                  rows, "lllrrll"))
    else:
        b.append(("p", _t(lang, "未发现问题。", "Nothing found."), "pass"))
    return b


def _audit_blocks(audit: Any, lang: str) -> list[Block]:
    if hasattr(audit, "audits") and all(hasattr(a, "findings") for a in audit.audits):
        return _audit_report_blocks(audit, lang)
    findings = getattr(audit, "findings", audit)
    return _generic_blocks(findings if findings is not None else audit,
                           _t(lang, "核查发现", "Audit findings"), lang)


def _document(result: Any, lang: str, audit: Any, figures: bool) -> list[Block]:
    if lang not in ("zh", "en"):
        raise ValueError(f"lang={lang!r}: choose 'zh' or 'en'")
    from qbalance import __version__

    res = _resources(result)
    county = getattr(result, "county", None) or getattr(res, "county", "")
    county = str(getattr(county, "name", county))
    whole = res is not result
    title = _t(lang, f"{county} 义务教育优质均衡发展督导评估报告" + ("" if whole else "（资源配置）"),
               f"{county}: high-quality balanced compulsory education evaluation"
               + ("" if whole else " (resource allocation)"))
    b: list[Block] = [("h", 1, title)]
    if getattr(result, "constructed", False) or getattr(res, "constructed", False):
        b.append(("p", _t(lang, "注意：本报告使用构造的示例数据，并非真实县的数据。",
                          "Note: constructed example data, not a real county."), "note"))
    b.extend(_summary_blocks(result, res, lang))
    if res is not None:
        b.extend(_resource_blocks(res, lang, figures=figures))
    b.extend(_county_area_blocks(result, lang) if _is_county(result)
             else _county_blocks(result, lang))
    if audit is not None:
        b.extend(_audit_blocks(audit, lang))
    b.append(("p", _t(lang, f"由 qbalance {__version__} 生成，依据《县域义务教育优质均衡发展督导评估办法》"
                            "（教督〔2017〕6号）及所选标准。",
                      f"Generated by qbalance {__version__} under the national method "
                      "(教督〔2017〕6号) and the selected standard."), "note"))
    return b


# -- Markdown ------------------------------------------------------------------------

def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown(blocks: Sequence[Block], figures: Mapping[str, str]) -> str:
    out: list[str] = []
    for blk in blocks:
        kind = blk[0]
        if kind == "h":
            out.append("#" * blk[1] + " " + blk[2])
        elif kind == "p":
            text = blk[1]
            out.append(f"> {text}" if blk[2] == "note" else
                       f"**{text}**" if blk[2] in ("pass", "fail") else text)
        elif kind == "pre":
            out.append("```\n" + blk[1] + "\n```")
        elif kind == "list":
            out.append("\n".join(f"- {_md_cell(x)}" for x in blk[1]))
        elif kind == "table":
            header, rows, align = blk[1], blk[2], blk[3]
            out.append("| " + " | ".join(_md_cell(h) for h in header) + " |")
            out.append("|" + "|".join("---:" if a == "r" else "---" for a in align) + "|")
            out.extend("| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows)
        elif kind == "fig":
            if blk[1] in figures:
                out.append(f"![{blk[2]}]({figures[blk[1]]})")
            else:
                continue
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_markdown(result: Any, *, lang: str = "zh", audit: Any = None,
                    figures: Mapping[str, str] | None = None) -> str:
    """The report as Markdown.

    Parameters
    ----------
    result : ResourceEvaluation or a county evaluation result
        What to report.
    lang : {"zh", "en"}
        Language (Chinese by default).
    audit : AuditReport, optional
        Audit findings to include (a :class:`qbalance.AuditReport` from
        :func:`qbalance.audit`, or any object with ``findings`` or a sequence).
    figures : mapping, optional
        Figure name (``"cv"``, ``"schools-primary"``, ``"schools-junior"``) → image
        path to link; :func:`write_report` fills it when it saves the figures.

    Returns
    -------
    str
        The Markdown text (tables as pipe tables).

    Raises
    ------
    ValueError
        ``lang`` is neither ``"zh"`` nor ``"en"``.
    """
    return _markdown(_document(result, lang, audit, figures=bool(figures)), figures or {})


# -- HTML ----------------------------------------------------------------------------

_CSS = """
.qb{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",
"WenQuanYi Micro Hei","Helvetica Neue",Arial,sans-serif;color:#222;line-height:1.5;
max-width:1100px;margin:0 auto;padding:0 1em}
.qb table{border-collapse:collapse;margin:.6em 0 1em;font-size:.92em}
.qb th,.qb td{border:1px solid #ccc;padding:.25em .6em;vertical-align:top}
.qb th{background:#f2f4f7;text-align:left;white-space:nowrap}
.qb td span.pass,.qb td span.fail,.qb td span.na{white-space:nowrap}.qb td.r{text-align:right;white-space:nowrap}
.qb .pass{color:#1a7f37}.qb .fail{color:#b42318}.qb .na{color:#777}
.qb p.note{color:#555;font-size:.9em;border-left:3px solid #ccc;padding-left:.6em}
.qb figure{margin:1em 0}.qb figure img{max-width:100%;height:auto}
.qb figcaption{color:#555;font-size:.9em}.qb pre{background:#f6f8fa;padding:.6em}
.qb nav.toc ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3em 1.2em}
.qb nav.toc a{color:#1f4e99;text-decoration:none}
@media print{.qb nav.toc{display:none}.qb figure,.qb table{break-inside:avoid}}
"""


def _html_cell(text: str) -> str:
    e = html.escape(str(text))
    if e.startswith("✓"):
        return f'<span class="pass">{e}</span>'
    if e.startswith("✗"):
        return f'<span class="fail">{e}</span>'
    if e.startswith(("—", "?", "–")):
        return f'<span class="na">{e}</span>'
    return e


def _html_body(blocks: Sequence[Block], images: Mapping[str, str], *, toc: bool = False) -> str:
    out: list[str] = []
    sections = [blk[2] for blk in blocks if blk[0] == "h" and blk[1] == 2]
    n_h2 = 0
    for blk in blocks:
        kind = blk[0]
        if kind == "h" and blk[1] == 2:
            n_h2 += 1
            out.append(f'<h2 id="s{n_h2}">{html.escape(blk[2])}</h2>')
        elif kind == "h":
            out.append(f"<h{blk[1]}>{html.escape(blk[2])}</h{blk[1]}>")
            if blk[1] == 1 and toc and len(sections) >= 2:
                links = "".join(f'<li><a href="#s{k}">{html.escape(t)}</a></li>'
                                for k, t in enumerate(sections, start=1))
                out.append(f'<nav class="toc"><ul>{links}</ul></nav>')
        elif kind == "p":
            cls = f' class="{blk[2]}"' if blk[2] else ""
            out.append(f"<p{cls}>{html.escape(blk[1])}</p>")
        elif kind == "pre":
            out.append(f"<pre>{html.escape(blk[1])}</pre>")
        elif kind == "list":
            out.append("<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in blk[1]) + "</ul>")
        elif kind == "table":
            header, rows, align = blk[1], blk[2], blk[3]
            head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
            body = "".join(
                "<tr>" + "".join(f'<td class="r">{_html_cell(c)}</td>' if a == "r" else
                                 f"<td>{_html_cell(c)}</td>"
                                 for c, a in zip(r, align, strict=False)) + "</tr>"
                for r in rows)
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif kind == "fig" and blk[1] in images:
            out.append(f'<figure><img src="{images[blk[1]]}" alt="{html.escape(blk[2])}">'
                       f"<figcaption>{html.escape(blk[2])}</figcaption></figure>")
    return "\n".join(out)


def _figure_images(result: Any, lang: str) -> tuple[dict[str, str], str | None]:
    """Data-URI PNGs of the figures, or a note saying why there are none."""
    try:
        from qbalance.plot import figure_bytes, plot_cv, plot_schools
    except MissingDependencyError as exc:  # pragma: no cover - plot imports lazily
        return {}, str(exc)
    res = _resources(result)
    if res is None:
        return {}, None
    try:
        figs = {"cv": plot_cv(res, lang=lang)}
    except MissingDependencyError:
        return {}, _t(lang, "未生成图表：需要安装 matplotlib（pip install 'qbalance[plot]'）。",
                      "Figures not drawn: matplotlib is not installed "
                      "(pip install 'qbalance[plot]').")
    for seg in res.segments:
        figs[f"schools-{seg.segment.value}"] = plot_schools(res, seg.segment, lang=lang)
    return ({k: "data:image/png;base64," + base64.b64encode(figure_bytes(f, "png")).decode()
             for k, f in figs.items()}, None)


def render_html(result: Any, *, lang: str = "zh", audit: Any = None, plots: bool = True,
                standalone: bool = True) -> str:
    """The report as HTML: a standalone page, or a fragment for Jupyter.

    Parameters
    ----------
    result : ResourceEvaluation or a county evaluation result
        What to report.
    lang : {"zh", "en"}
        Language (Chinese by default).
    audit : optional
        Audit findings to include.
    plots : bool
        Embed the figures (PNG, needs matplotlib; without it the report says so).
    standalone : bool
        A complete HTML document (``<!DOCTYPE html>`` …) rather than a fragment.

    Returns
    -------
    str
        The HTML page, or with ``standalone=False`` a ``<div class="qb">`` fragment
        carrying its own style sheet (what ``_repr_html_`` shows in Jupyter).

    Raises
    ------
    ValueError
        ``lang`` is neither ``"zh"`` nor ``"en"``.
    """
    images: dict[str, str] = {}
    note = None
    if plots:
        images, note = _figure_images(result, lang)
    blocks = _document(result, lang, audit, figures=bool(images))
    if note:
        blocks.insert(1, ("p", note, "note"))
    body = _html_body(blocks, images, toc=standalone)
    if not standalone:
        return f'<div class="qb"><style>{_CSS}</style>{body}</div>'
    title = html.escape(blocks[0][2])
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n"
            f'<body class="qb">\n{body}\n</body>\n</html>\n')


def render(result: Any, fmt: str = "text", *, lang: str = "zh", audit: Any = None,
           plots: bool = True) -> str:
    """The result in ``fmt``: ``"text"``, ``"markdown"``, ``"html"`` or ``"json"``.

    ``"json"`` is the result's ``to_dict()``; :func:`qbalance.io.load_result` reads it
    back (as it reads files written by :func:`qbalance.io.save_result`).

    Parameters
    ----------
    result : ResourceEvaluation or a county evaluation result
        What to report.
    fmt : {"text", "markdown", "html", "json"}
        Output format (:data:`REPORT_FORMATS`).
    lang : {"zh", "en"}
        Language (Chinese by default); not used by ``"json"``.
    audit : AuditReport, optional
        Audit findings to include (``"text"``, ``"markdown"`` and ``"html"`` only).
    plots : bool
        Embed the figures in ``"html"`` output (needs matplotlib).

    Returns
    -------
    str
        The report text: the result's ``summary(lang)`` for ``"text"`` (followed by
        the audit table when ``audit`` is given), :func:`render_markdown`,
        :func:`render_html` (a standalone page), or indented JSON; ends with a
        newline for ``"text"`` and ``"json"``.

    Raises
    ------
    ValueError
        Unknown ``fmt``, ``lang`` other than ``"zh"``/``"en"`` for Markdown or HTML,
        or ``audit`` given with ``fmt="json"``.
    """
    if fmt == "markdown":
        return render_markdown(result, lang=lang, audit=audit)
    if fmt == "html":
        return render_html(result, lang=lang, audit=audit, plots=plots)
    if fmt == "json":
        import json

        if audit is not None:
            raise ValueError("the JSON output holds the evaluation only; save the audit with "
                             "its own to_json() (qbalance audit --format json)")
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "text":
        summary = getattr(result, "summary", None)
        text = summary(lang) if callable(summary) else str(result)
        if audit is not None:
            tab = getattr(audit, "table", None)
            a = getattr(audit, "summary", None)
            text += "\n\n" + (tab(lang, only_findings=True) if callable(tab) else
                               a(lang) if callable(a) else str(audit))
        return text + "\n"
    raise ValueError(f"fmt={fmt!r}: choose one of {', '.join(REPORT_FORMATS)}")


def write_report(result: Any, path: str | Path, *, fmt: str | None = None, lang: str = "zh",
                 audit: Any = None, plots: bool = True) -> Path:
    """Write the report to ``path``; the format follows the suffix unless ``fmt`` is given.

    ``.md`` → Markdown (figures saved as PNG in ``<stem>-figures/`` and linked, when
    matplotlib is installed), ``.html`` → standalone HTML with embedded figures,
    ``.json`` → the result's ``to_dict()`` (:func:`qbalance.io.load_result` reads it back),
    anything else → text.

    Parameters
    ----------
    result : ResourceEvaluation or a county evaluation result
        What to report.
    path : str or pathlib.Path
        The file to write (UTF-8).
    fmt : {"text", "markdown", "html", "json"}, optional
        Output format; by default from the suffix of ``path`` (``.md``/``.markdown``,
        ``.html``/``.htm``, ``.json``, otherwise text).
    lang : {"zh", "en"}
        Language (Chinese by default).
    audit : AuditReport, optional
        Audit findings to include (not with ``"json"``).
    plots : bool
        Draw the figures: saved as PNG next to a Markdown report, embedded in an
        HTML one (skipped without matplotlib).

    Returns
    -------
    pathlib.Path
        ``path``, as a :class:`~pathlib.Path`.

    Raises
    ------
    ValueError
        Unknown ``fmt``, ``lang`` other than ``"zh"``/``"en"`` for Markdown or HTML,
        or ``audit`` given with ``fmt="json"``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from qbalance import evaluate_resources, example_county, write_report
    >>> result = evaluate_resources(example_county())
    >>> with tempfile.TemporaryDirectory() as d:
    ...     page = write_report(result, Path(d) / "report.html", plots=False)
    ...     page.read_text("utf-8").startswith("<!DOCTYPE html>")
    True
    """
    p = Path(path)
    if fmt is None:
        fmt = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
               ".json": "json"}.get(p.suffix.lower(), "text")
    if fmt == "markdown":
        figures: dict[str, str] = {}
        if plots and _resources(result) is not None:
            try:
                from qbalance.plot import save_figures

                saved = save_figures(result, p.parent / f"{p.stem}-figures", lang=lang,
                                     formats=("png",))
                figures = {f.stem: f"{p.stem}-figures/{f.name}" for f in saved}
            except MissingDependencyError:
                figures = {}
        text = render_markdown(result, lang=lang, audit=audit, figures=figures)
    else:
        text = render(result, fmt, lang=lang, audit=audit, plots=plots)
    p.write_text(text, encoding="utf-8")
    return p
