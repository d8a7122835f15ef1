"""The blocks of the results that are not an evaluation report (private to :mod:`qbalance.report`).

Each function here turns one kind of result — a gap-closing plan, a scenario
comparison, a sensitivity, a batch, an audit and its roll-up, a batch of plans —
into the block model of :mod:`qbalance.report` (headings, paragraphs, tables,
lists).  :func:`qbalance.report.render_text`, :func:`qbalance.report.render_markdown`
and :func:`qbalance.report.render_notebook` write the same blocks as text, Markdown
and HTML, so that a result's ``summary()``, its Markdown and its notebook view say
the same things in the same words.  The result classes hold data only and call
:mod:`qbalance.report`.

Wording used by more than one output lives here once: the segment and status names,
how a standard is named (:func:`standard_label`), the headers of the audit table
(:data:`AUDIT_COLUMNS`).

Block kinds (tuples): ``("h", level, text)``, ``("p", text, cls)``, ``("table",
header, rows, align)``, ``("rows", header, rows, classes)`` (a table whose rows carry a
class), ``("list", items[, text_prefix])``, ``("pre", text)``, ``("banner", cls, text,
details)`` and ``("sep",)`` — a blank line in the text, nothing in Markdown or HTML
(which separate every block anyway).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from qbalance._text import fmt
from qbalance.vocab import BATCH_STATUS, PLAN_STATUS, Lang, Severity

Block = tuple[Any, ...]

__all__ = ["audit_blocks", "AUDIT_COLUMNS", "audit_header", "audit_line", "audit_rows",
           "audit_section_blocks", "audit_table_header", "batch_blocks", "batch_line",
           "batch_plan_blocks", "batch_report_blocks", "BATCH_STATUS", "Block", "CLAIM_HEADERS_ZH",
           "colon", "comma", "named", "paren", "semicolon",
           "extraction_blocks", "extraction_line", "form_blocks", "FORM_CSS", "form_html", "form_line",
           "form_table_blocks", "FORM_TITLE", "grid_html", "grid_markdown", "grid_text",
           "MARK_HEADER", "met_word", "plan_blocks", "report_audit_blocks", "rollup_blocks",
           "rollup_header", "rollup_headline", "rollup_rows", "scenario_blocks",
           "segment_name", "segment_sensitivity_blocks", "sensitivity_blocks",
           "standard_label", "status_name", "UNCOVERED_REASONS"]


def _t(lang: Lang, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


# Chinese text takes full-width punctuation (GB/T 15834): ``结论：未达标``,
# ``达标 14，未达标 1``, ``石门村小学（P08）``; English keeps ASCII.

def colon(lang: Lang) -> str:
    """``：`` after a Chinese label, ``": "`` in English."""
    return "：" if lang == "zh" else ": "


def comma(lang: Lang) -> str:
    """``，`` between Chinese items, ``", "`` in English."""
    return "，" if lang == "zh" else ", "


def semicolon(lang: Lang) -> str:
    """``；`` between Chinese clauses, ``"; "`` in English."""
    return "；" if lang == "zh" else "; "


def paren(text: Any, lang: Lang) -> str:
    """``（text）`` in Chinese, ``" (text)"`` in English."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def named(name: Any, school_id: Any, lang: Lang) -> str:
    """A school with its id: ``石门村小学（P08）`` / ``石门村小学 (P08)``."""
    return f"{name}{paren(school_id, lang)}"


# -- words shared by every output -----------------------------------------------------

@functools.lru_cache(maxsize=1)
def _shipped_names() -> dict[str, str]:
    from qbalance.standard import available_standards

    return available_standards()


def standard_label(standard_id: str, lang: Lang) -> str:
    """How an output names a standard: in Chinese its title and, in parentheses, its id.

    ``《县域义务教育优质均衡发展督导评估办法（国家标准）》（national-2017）``; a standard
    that is not shipped (a derived or local file) is named by its id in parentheses,
    ``（my-plan）``.  In English the id, as before.

    Parameters
    ----------
    standard_id : str
        The id the result records.
    lang : {"zh", "en"}
        Language.

    Returns
    -------
    str
        The label (without the word 标准 / standard in front).
    """
    sid = str(standard_id)
    if lang != "zh":
        return sid
    name = _shipped_names().get(sid)
    return f"《{name}》（{sid}）" if name else f"（{sid}）"


def segment_name(segment: Any, lang: Lang) -> str:
    """A segment's name: 小学 / 初中 in Chinese, its value (``primary``) in English."""
    return str(segment.zh) if lang == "zh" else str(segment.value)


def status_name(status: str, lang: Lang, *, words: bool = False) -> str:
    """A batch status in words: Chinese, or in English the machine value (``invalid``) —
    or, with ``words``, the English words (``bad data``)."""
    pair = BATCH_STATUS.get(str(status))
    if pair is None:
        return str(status)
    return pair[0] if lang == "zh" else pair[1] if words else str(status)


def met_word(passed: bool, lang: Lang) -> str:
    """The verdict of a text summary: 达标 / 未达标, MET / NOT MET."""
    return _t(lang, "达标", "MET") if passed else _t(lang, "未达标", "NOT MET")


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


#: Header of the mark (✓ / ✗) column of the text tables.
MARK_HEADER = ("判定", "mark")


# -- the gap-closing plan ---------------------------------------------------------------

def plan_blocks(plan: Any, lang: Lang) -> list[Block]:
    """A :class:`qbalance.GapPlan`: the additions, their cost, the CVs before and after."""
    from qbalance.plan.problem import _INTEGER_FIELDS, FIELD_NAMES

    zh = lang == "zh"
    b: list[Block] = [("h", 1, _t(lang, f"补短板方案 — {plan.county}，标准"
                                        f"{standard_label(plan.standard_id, lang)}",
                                  f"Gap-closing plan — {plan.county}, standard "
                                  f"{plan.standard_id}"))]
    rows = []
    for it in plan.items:
        fz, fe, unit = FIELD_NAMES[it.field]
        seg = "" if it.segment is None else segment_name(it.segment, lang)
        amt = f"{it.amount:,.0f}" if it.field in _INTEGER_FIELDS or it.amount >= 100 else (
            f"{it.amount:,.2f}")
        rows.append([named(it.name, it.school_id, lang), seg, fz if zh else fe,
                     f"{amt} {unit}", f"{it.cost:,.0f}"])
    if rows:
        b.append(("table", ["学校", "学段", "增加项目", "数量", "费用（元）"] if zh else
                  ["school", "segment", "addition", "amount", "cost (yuan)"], rows, "lllrr"))
    else:
        b.append(("p", _t(lang, "无需增加。", "Nothing to add."), None))
    b.append(("p", _t(lang, f"合计：{plan.total_cost:,.0f} 元",
                      f"Total: {plan.total_cost:,.0f} yuan"), None))
    if plan.exact_cost == plan.exact_cost:  # not nan
        b.append(("p", _t(lang, f"（取整前的精确最优：{plan.exact_cost:,.2f} 元）",
                          f"(exact optimum before rounding to whole units: "
                          f"{plan.exact_cost:,.2f} yuan)"), "note"))
    for sb, sa in zip(plan.before.segments, plan.after.segments, strict=True):
        name = sb.segment.zh if zh else sb.segment.en
        crow = [[i.code, fmt(i.cv), fmt(j.cv), fmt(j.cv_limit, 2), _mark(j.passed)]
                for i, j in zip(sb.indicators, sa.indicators, strict=True)]
        crow.append([_t(lang, "综合", "composite"), fmt(sb.composite_cv), fmt(sa.composite_cv),
                     fmt(sa.composite_cv_limit, 2), _mark(sa.cv_passed)])
        b.append(("sep",))
        b.append(("h", 2, _t(lang, f"{name}：未达标学校 ", f"{name}: failing schools ")
                  + f"{len(sb.failing_schools)} → {len(sa.failing_schools)}"))
        b.append(("table", ["指标", "差异系数（前）", "差异系数（后）", "限值", MARK_HEADER[0]]
                  if zh else ["code", "CV before", "CV after", "limit", MARK_HEADER[1]],
                  crow, "lrrrl"))
    verdict = met_word(plan.passed, lang)
    b.append(("sep",))
    b.append(("p", _t(lang, "重新评估结论", "Re-evaluated verdict") + colon(lang) + verdict,
              "pass" if plan.passed else "fail"))
    if plan.note:
        b.append(("p", _t(lang, "说明", "Note") + colon(lang) + str(plan.note), "note"))
    return b


def batch_plan_blocks(bp: Any, lang: Lang) -> list[Block]:
    """A :class:`qbalance.plan.batch.BatchPlan`: counts, time, cost, statuses."""
    import math

    from qbalance.plan.batch import _quantiles

    zh = lang != "en"
    names = {k: pair[0] if zh else pair[1] for k, pair in PLAN_STATUS.items()}
    ts = sorted(p.seconds for p in bp.plans if p.status != "invalid")
    counts = ("，" if zh else ", ").join(f"{names[k]} {v}" for k, v in bp.status_counts().items())
    known = [p.exact_cost for p in bp.plans
             if not math.isnan(p.exact_cost) and not math.isnan(p.total_cost)]
    exact = (f"{sum(known):,.0f}" if len(known) == sum(
        not math.isnan(p.total_cost) for p in bp.plans) else "—")
    if zh:
        lines = [f"批量补短板方案：{bp.n_counties} 个县中 {len(bp.plans)} 个未达标，"
                 f"标准{standard_label(bp.standard_id, 'zh')}，{bp.workers} 个进程，每县限时 "
                 f"{bp.time_limit:g} 秒",
                 f"总耗时 {bp.seconds:.1f} 秒；状态：{counts}",
                 f"总费用 {bp.total_cost:,.0f} 元（取整前的精确最优 {exact} 元）"]
    else:
        lines = [f"Batch gap-closing plans: {len(bp.plans)} of {bp.n_counties} counties "
                 f"fail, standard {bp.standard_id}, {bp.workers} processes, "
                 f"{bp.time_limit:g} s per county",
                 f"total time {bp.seconds:.1f} s; statuses: {counts}",
                 f"total cost {bp.total_cost:,.0f} yuan (exact optimum before rounding "
                 f"{exact} yuan)"]
    b: list[Block] = [("h", 1, lines[0]), ("p", lines[1], None), ("p", lines[2], None)]
    if ts:
        q = _quantiles(ts)
        label = ({"min": "最短", "median": "中位数", "p90": "90%分位", "p99": "99%分位",
                  "max": "最长"} if zh else {k: k for k in q})
        b.append(("p", ("每县耗时（秒）：" if zh else "seconds per county: ")
                  + ("，" if zh else ", ").join(f"{label[k]} {v:.2f}" for k, v in q.items()),
                  None))
    return b


# -- scenarios and sensitivity ----------------------------------------------------------

def scenario_blocks(cmp: Any, lang: Lang) -> list[Block]:
    """A :class:`qbalance.ScenarioComparison`: verdict before → after, what changes."""
    zh = lang == "zh"

    b: list[Block] = [("h", 1, _t(lang, "情景比较", "Scenario comparison")
                       + f"{colon(lang)}{met_word(cmp.baseline.passed, lang)} → "
                       f"{met_word(cmp.projected.passed, lang)}")]
    lines = []
    for i in cmp.indicators:
        if i.cv_after != i.cv_before:
            flag = " ✗" if not i.passed_after else ""
            lines.append(f"{segment_name(i.segment, lang)} {i.code}{colon(lang)}"
                         + _t(lang, "差异系数", "CV") + f" {i.cv_before:.3f} → {i.cv_after:.3f}"
                         + ("" if i.cv_limit is None else paren(f"≤ {i.cv_limit:.2f}", lang))
                         + flag)
    for s in cmp.newly_failing_schools:
        lines.append(f"{'新增未达标' if zh else 'newly failing'}{colon(lang)}"
                     f"{named(s.name, s.school_id, lang)}{comma(lang)}"
                     f"{segment_name(s.segment, lang)}{colon(lang)}"
                     f"{s.reason_zh if zh else s.reason_en}")
    for s in cmp.recovered_schools:
        lines.append(f"{'转为达标' if zh else 'now passing'}{colon(lang)}"
                     f"{named(s.name, s.school_id, lang)}{comma(lang)}"
                     f"{segment_name(s.segment, lang)}")
    if lines:
        b.append(("list", lines, "  "))
    return b


def segment_sensitivity_blocks(seg: Any, lang: Lang, top: int = 5, level: int = 1
                               ) -> list[Block]:
    """A :class:`~qbalance.evaluate.sensitivity.SegmentSensitivity`: headroom, fix first."""
    zh = lang == "zh"
    name = seg.segment.zh if zh else seg.segment.en
    rows = []
    for j, c in enumerate(seg.codes):
        i = int(seg.share[:, j].argmax())
        rows.append([c, fmt(float(seg.cv[j])), fmt(float(seg.cv_limit[j]), 2),
                     f"{float(seg.cv_headroom[j]):+.3f}", seg.school_ids[i],
                     f"{100 * float(seg.share[i, j]):.1f}%", fmt(float(seg.loo_cv[i, j]))])
    hdr = (["指标", "差异系数", "限值", "余量", "贡献最大学校", "份额", "去除后"] if zh else
           ["code", "CV", "limit", "headroom", "top school", "share", "CV without"])
    b: list[Block] = [("h", level, f"{name}{colon(lang).rstrip()}"),
                      ("table", hdr, rows, "lrrrlrr")]
    if seg.composite_cv_limit is not None:
        b.append(("p", f"{'综合差异系数' if zh else 'Composite CV'} {seg.composite_cv:.3f}"
                  + paren(f"≤ {seg.composite_cv_limit:.2f}{comma(lang)}"
                          f"{'余量' if zh else 'headroom'} {seg.composite_headroom:+.3f}", lang),
                  None))
    b.append(("p", "优先改进：" if zh else "Fix first:", None))
    items = []
    for p in seg.fix_first(top):
        what = (_t(lang, "未达校际标准", "fails per-school rule") if p.fails_rule
                else _t(lang, "达标", "passes"))
        unmet = "、".join(p.unmet) if zh else ", ".join(p.unmet)
        items.append(f"{named(p.name, p.school_id, lang)}{colon(lang)}{what}"
                     + (f"{semicolon(lang)}{'未达标' if zh else 'not met'}{colon(lang)}{unmet}"
                        if p.unmet else "")
                     + f"{semicolon(lang)}{'综合差异系数可降' if zh else 'composite CV gain'} "
                     f"{p.composite_gain:.4f}")
    if items:
        b.append(("list", items))
    return b


def sensitivity_blocks(sens: Any, lang: Lang, top: int = 5) -> list[Block]:
    """A :class:`qbalance.Sensitivity`: a title, then every segment."""
    b: list[Block] = [("h", 1, _t(lang, f"差异系数敏感性 — {sens.county}，标准"
                                        f"{standard_label(sens.standard_id, lang)}",
                                  f"CV sensitivity — {sens.county}, standard {sens.standard_id}"))]
    for s in sens.segments:
        b.append(("sep",))
        b.extend(segment_sensitivity_blocks(s, lang, top, level=2))
    return b


# -- a batch of counties ----------------------------------------------------------------

def batch_line(b: Any, lang: Lang) -> str:
    """:meth:`qbalance.BatchEvaluation.summary`: counties, passing, by status."""
    n = int(b.passed.shape[0])
    ok = int(b.passed.sum())
    status = b.county_status
    other = {str(v): int((status == v).sum()) for v in sorted(set(status.tolist()))
             if v != "ok"}
    if lang == "en":
        tail = "".join(f", {c} {k}" for k, c in other.items())
        return f"{b.standard_id}: {n} counties, {ok} pass{tail}"
    tail = "".join(f"，{status_name(k, lang)} {c} 个" for k, c in other.items())
    return f"标准{standard_label(b.standard_id, lang)}：{n} 个县，{ok} 个达标{tail}"


def _column_name(key: str | None, lang: Lang) -> str:
    """A school-table column in words: its Chinese header (``小学在校生数``) or its key."""
    if key is None:
        return "—"
    if lang != "zh":
        return str(key)
    from qbalance.io.tables import COLUMNS

    return next((c.zh for c in COLUMNS if c.key == key), str(key))


def _value_text(value: Any) -> str:
    """A value as a message quotes it; nothing is 空 (not ``None``)."""
    return "空" if value is None else repr(value)


def _problem_text(p: Any, lang: Lang) -> str | None:
    """What is wrong with a county of a batch, for the status table (``None``: say nothing)."""
    import re

    if lang != "zh":
        return str(p.message)
    if p.status == "invalid":
        row = re.fullmatch(r"row (\d+)", str(p.school))
        school = f"第 {row.group(1)} 行" if row else f"学校 {p.school}"
        return f"{school}：{_column_name(p.field, lang)}的值 {_value_text(p.value)} 有误"
    if p.status == "zero_mean":
        return (f"{p.segment.zh if p.segment else ''}{_column_name(p.field, lang)}各校均为0，"
                "差异系数无定义")
    return None


def batch_report_blocks(res: Any, lang: Lang, show: int = 20) -> list[Block]:
    """The text report of a batch (``qbalance batch``): counts per status and segment, the
    verdicts, and the first ``show`` counties that need a look (all for ``show <= 0``)."""
    import numpy as np

    zh = lang != "en"
    segs = [s.zh if zh else s.value for s in res.segments]
    statuses = [s for s in ("ok", "zero_mean", "empty", "invalid", "not_evaluated")
                if (res.status == s).any()]
    rows = [[status_name(s, lang, words=True),
             *(str(int((res.status[:, j] == s).sum())) for j in range(len(segs)))]
            for s in statuses]
    rows.append(["达标" if zh else "passed",
                 *(str(int(res.segment_passed[:, j].sum())) for j in range(len(segs)))])
    n = len(res.county)
    b: list[Block] = [
        ("h", 1, ("批量评估：" if zh else "Batch evaluation: ")
         + (f"{n} 个县（组），{int(res.passed.sum())} 个达标，"
            f"标准{standard_label(res.standard_id, lang)}" if zh
            else f"{n} counties (groups), {int(res.passed.sum())} pass, standard "
                 f"{res.standard_id}")),
        ("table", ["状态" if zh else "status", *segs], rows, "l" + "r" * len(segs))]
    bad = np.flatnonzero(~res.passed)
    if not len(bad):
        return b
    limit = len(bad) if show <= 0 else min(show, len(bad))
    b.append(("sep",))
    b.append(("p", f"未达标或有问题的县（列出 {limit}/{len(bad)}）：" if zh else
              f"Counties not passing ({limit} of {len(bad)} listed):", None))
    msgs: dict[int, str] = {}
    for p in res.problems:
        text = _problem_text(p, lang)
        if text is not None:
            msgs.setdefault(res.index(p.county, p.year), text)
    detail = []
    for g in bad[:limit].tolist():
        label = str(res.county[g]) + ("" if res.year is None else paren(res.year[g], lang))
        st = [status_name(str(res.status[g, j]), lang, words=True) for j in range(len(segs))]
        why = []
        for j, _seg in enumerate(res.segments):
            if res.status[g, j] != "ok":
                continue
            over = [c for k, c in enumerate(res.codes) if not res.cv_passed[g, j, k]]
            if over:
                why.append(f"{segs[j]} " + ("差异系数超限 " if zh else "CV over limit ")
                           + ",".join(over))
            if res.n_failing[g, j]:
                why.append(f"{segs[j]} " + (f"{int(res.n_failing[g, j])} 所学校未达校际标准"
                                            if zh else
                                            f"{int(res.n_failing[g, j])} schools fail"))
        if g in msgs:
            why.append(msgs[g])
        detail.append([label, " / ".join(st), "；".join(why) if zh else "; ".join(why)])
    b.append(("table", ["县" if zh else "county", "状态" if zh else "status",
                        "原因" if zh else "why"], detail, "lll"))
    return b


def batch_blocks(b: Any, lang: Lang) -> tuple[Block, list[Block], list[Block]]:
    """(banner, key table, details) of a :class:`qbalance.BatchEvaluation`."""
    import numpy as np

    n = len(b.county)
    n_pass = int(np.count_nonzero(b.passed))
    banner: Block = ("banner", "pass" if n_pass == n else "fail",
                     _t(lang, f"{n:,}个县：{n_pass:,}个达标，{n - n_pass:,}个未达标",
                        f"{n:,} counties: {n_pass:,} pass, {n - n_pass:,} fail"),
                     [_t(lang, f"标准{standard_label(b.standard_id, lang)}；"
                               f"{int(b.n_schools.sum()):,}个学校学段参与计算",
                         f"standard {b.standard_id}; {int(b.n_schools.sum()):,} school segments "
                         "evaluated")])
    rows = []
    for j, seg in enumerate(b.segments):
        st = b.status[:, j]
        evaluated = st != "not_evaluated"
        rows.append([seg.zh if lang == "zh" else seg.en, f"{int(evaluated.sum()):,}",
                     f"{int(b.segment_passed[:, j].sum()):,}",
                     f"{int((evaluated & ~b.segment_passed[:, j]).sum()):,}",
                     f"{int(b.n_schools[:, j].sum()):,}",
                     f"{int((st[evaluated] != 'ok').sum()):,}"])
    key: list[Block] = [("table", [_t(lang, "学段", "Segment"), _t(lang, "评估县数", "Counties"),
                                   _t(lang, "达标", "Pass"), _t(lang, "未达标", "Fail"),
                                   _t(lang, "学校数", "Schools"), _t(lang, "数据问题", "Problems")],
                         rows, "lrrrrr")]
    failing = np.flatnonzero(~b.passed)[:20]
    detail_rows = []
    for g in failing:
        cells = [str(b.county[g]) + ("" if b.year is None else paren(b.year[g], lang))]
        for j, _seg in enumerate(b.segments):
            st = str(b.status[g, j])
            if st == "not_evaluated":
                cells.append("—")
                continue
            over = [c for c, ok in zip(b.codes, b.cv_passed[g, j], strict=True) if not ok]
            cv = b.composite_cv[g, j]
            text = "—" if cv != cv else f"{cv:.3f}"
            if over:
                text += " " + _t(lang, "超限 ", "over ") + ",".join(over)
            if int(b.n_failing[g, j]):
                text += _t(lang, f"；{int(b.n_failing[g, j])}校未达标",
                           f"; {int(b.n_failing[g, j])} schools fail")
            if st != "ok":
                text += f" [{status_name(st, lang)}]"
            cells.append(text)
        detail_rows.append(cells)
    details: list[Block] = []
    if detail_rows:
        more = int((~b.passed).sum()) - len(detail_rows)
        details.append(("table", [_t(lang, "县", "County")] + [
            _t(lang, f"{s.zh}（综合差异系数）", f"{s.en} (composite CV)") for s in b.segments],
            detail_rows, "l" * (1 + len(b.segments))))
        if more > 0:
            details.append(("p", _t(lang, f"另有 {more:,} 个县未达标；用 to_frame() 查看全部。",
                                    f"{more:,} more counties fail; to_frame() has them all."),
                            "note"))
    return banner, key, details


# -- audits -----------------------------------------------------------------------------

#: The columns of the audit table, once: key → (Chinese, English) header.  The text
#: table, the Markdown, the DataFrame and the audit section of an evaluation report
#: take their headers from here (the report capitalises the English ones).
AUDIT_COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("编号", "id"),
    "where": ("位置", "where"),
    "section": ("章节", "section"),
    "claim": ("内容", "claim"),
    "printed": ("报告值", "printed"),
    "exact": ("精确值", "exact"),
    "modes": ("一致的舍入方式", "consistent rounding"),
    "verdict": ("结论（报告/复算）", "verdict (printed/recomputed)"),
    "severity": ("级别", "severity"),
    "finding": ("说明", "finding"),
}


#: Chinese headers of a claims table (:meth:`~qbalance.audit.extract.Extraction.to_frame`),
#: in the words of the audit table.
CLAIM_HEADERS_ZH: dict[str, str] = {
    "id": AUDIT_COLUMNS["id"][0], "where": AUDIT_COLUMNS["where"][0],
    "name_zh": AUDIT_COLUMNS["claim"][0], "reported": AUDIT_COLUMNS["printed"][0],
    "kind": "类型", "pattern": "提取模式", "quote": "原文"}


def audit_header(keys: Sequence[str], lang: Lang, *, capital: bool = False) -> list[str]:
    """The headers of the audit columns ``keys`` (see :data:`AUDIT_COLUMNS`)."""
    out = [AUDIT_COLUMNS[k][0 if lang == "zh" else 1] for k in keys]
    return [h[:1].upper() + h[1:] for h in out] if capital and lang != "zh" else out


def _audit_keys(audit: Any) -> list[str]:
    keys = ["id", "section", "claim", "printed", "exact", "modes", "verdict", "severity",
            "finding"]
    if audit._located:  # claims found in (or located in) a report: where each is printed
        keys.insert(1, "where")
    return keys


def audit_table_header(audit: Any, lang: Lang) -> list[str]:
    """The header of :meth:`qbalance.AuditReport.table` (and of its DataFrame)."""
    return audit_header(_audit_keys(audit), lang)


def audit_rows(audit: Any, lang: Lang, *, only_findings: bool) -> list[list[str]]:
    """The rows of :meth:`qbalance.AuditReport.table`, one per claim."""
    from qbalance.audit import slips as _slips

    rows = []
    located = audit._located
    for a in audit.audits:
        if only_findings and not a.findings:
            continue
        c = a.claim
        name = c.name_zh if lang == "zh" or not c.name_en else c.name_en
        modes = _slips.modes_text(a.check.modes, lang) if a.check else "—"
        verdict = "—"
        if c.verdict or a.computed_verdict:
            pv = (c.verdict.zh if lang == "zh" else c.verdict.en) if c.verdict else "—"
            cv = ((a.computed_verdict.zh if lang == "zh" else a.computed_verdict.en)
                  if a.computed_verdict else "?")
            verdict = f"{pv} / {cv}"
        status = (a.severity.zh if lang == "zh" else a.status) if a.severity else (
            "—" if lang == "zh" else "ok")
        text = " ".join(f.text(lang) for f in a.findings) or (  # a clean claim's note too
            ("核查注：" if lang == "zh" else "Auditor's note: ") + c.note if c.note else "—")
        row = [c.id, c.section, name, c.reported or "—", a.exact_text, modes,
               verdict, status, text]
        if located:
            row.insert(1, c.where or (str(c.line) if c.line else "—"))
        rows.append(row)
    return rows


def audit_line(audit: Any, lang: Lang) -> str:
    """:meth:`qbalance.AuditReport.summary`: claims audited, counts per status."""
    n = audit.counts()
    if lang == "zh":
        return (f"{audit.county}《{audit.report}》：核查 {len(audit.audits)} 项，错误 {n['error']}，"
                f"警告 {n['warning']}，提示 {n['note']}，无问题 {n['ok']}；"
                f"标准{standard_label(audit.standard_id, lang)}")
    return (f"{audit.county}: {len(audit.audits)} claims audited: {n['error']} error(s), "
            f"{n['warning']} warning(s), {n['note']} note(s), {n['ok']} ok "
            f"(standard {audit.standard_id})")


def audit_blocks(audit: Any, lang: Lang, *, only_findings: bool = False,
                 document: bool = False) -> list[Block]:
    """An :class:`qbalance.AuditReport`: its summary, then the table of claims.

    With ``document`` (the Markdown document), a title first and the source after the
    summary; without (the text table), the summary and the table only.
    """
    b: list[Block] = []
    if document:
        b.append(("h", 1, _t(lang, f"核查结果：{audit.county}《{audit.report}》",
                             f"Audit: {audit.county}, {audit.report}")))
    b.append(("p", audit_line(audit, lang), None))
    if document and audit.source:
        b.append(("p", _t(lang, "来源：", "Source: ") + audit.source, None))
    if not document:
        b.append(("sep",))
    header = audit_table_header(audit, lang)
    b.append(("table", header, audit_rows(audit, lang, only_findings=only_findings),
              "l" * len(header)))
    return b


def audit_section_blocks(audit: Any, lang: Lang) -> list[Block]:
    """The audit section of an evaluation report: the summary and the claims with findings."""
    b: list[Block] = [("h", 2, _t(lang, "核查发现", "Audit findings")),
                      ("p", audit_line(audit, lang), None)]
    rows = []
    for a in audit.audits:
        if not a.findings:
            continue
        c = a.claim
        name = c.name_zh if lang == "zh" or not getattr(c, "name_en", None) else c.name_en
        sev = a.severity
        status = (sev.zh if lang == "zh" else sev.value) if sev is not None else "—"
        mark = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.NOTE: "·"}.get(sev, "") \
            if sev is not None else ""
        rows.append([str(c.id), str(c.section or "—"), str(name), str(c.reported or "—"),
                     str(a.exact_text), f"{mark} {status}".strip(),
                     " ".join(f.text(lang) for f in a.findings)])
    if rows:
        b.append(("table", audit_header(["id", "section", "claim", "printed", "exact",
                                         "severity", "finding"], lang, capital=True),
                  rows, "lllrrll"))
    else:
        b.append(("p", _t(lang, "未发现问题。", "Nothing found."), "pass"))
    return b


def rollup_rows(ru: Any, lang: Lang) -> list[list[str]]:
    """The rows of a roll-up: area, items, met, not met, unknown, verdict, lead claim."""
    vz = {"met": "达标", "not_met": "未达标", "undecided": "无法判定"}
    ve = {"met": "met", "not_met": "not met", "undecided": "undecided"}
    lz = {"ok": "成立", Severity.WARNING: "存疑", Severity.ERROR: "不成立",
          Severity.NOTE: Severity.NOTE.zh}
    out = []
    sep = "、" if lang == "zh" else ", "
    for a in ru.areas:
        names = dict(a.labels_zh) if lang == "zh" else {}
        unknown = (("全部" if lang == "zh" else "all") if a.unknown and
                   len(a.unknown) == a.items > 3 else
                   sep.join(names.get(x, x) for x in a.unknown) or "—")
        out.append([a.name_zh if lang == "zh" else a.name_en, str(a.items),
                    str(len(a.met)), sep.join(names.get(x, x) for x in a.not_met) or "—",
                    unknown,
                    (vz if lang == "zh" else ve)[a.verdict],
                    "—" if a.lead is None else (lz.get(a.lead, a.lead) if lang == "zh"
                                                else a.lead)])
    return out


def rollup_header(lang: Lang) -> list[str]:
    """The header of :func:`rollup_rows`."""
    if lang == "zh":
        return ["领域", "指标数", "按报告数据达到", "未达到/未完成", "无数据无结论", "领域结论",
                "报告总述"]
    return ["area", "indicators", "met by the figures", "not met / not done",
            "no figure, no verdict", "area verdict", "lead claim"]


def rollup_headline(ru: Any, lang: Lang) -> str:
    """One sentence: the county verdict the report's own figures imply."""
    bad = [(dict(a.labels_zh).get(x, x) if lang == "zh" else x) for a in ru.areas
           for x in a.not_met]
    if lang == "zh":
        v = {"met": "达到", "not_met": "未达到", "undecided": "无法判定是否达到"}[
            ru.county_verdict]
        return (f"按报告本身所列数据，该县{v}优质均衡发展评估要求"
                + (f"（未达到或未完成：{'、'.join(bad)}）" if bad else "") + "。")
    v = {"met": "meets", "not_met": "does not meet",
         "undecided": "cannot be shown to meet"}[ru.county_verdict]
    return (f"By the report's own figures the county {v} the evaluation"
            + (f" (not met or not done: {', '.join(bad)})" if bad else "") + ".")


def rollup_blocks(ru: Any, lang: Lang) -> list[Block]:
    """A :class:`~qbalance.audit.rollup.Rollup`: the headline and the per-area table."""
    header = ru.header(lang)
    return [("p", ru.headline(lang), None), ("sep",),
            ("table", header, ru.rows(lang), "l" * len(header))]


def report_audit_blocks(ra: Any, lang: Lang, *, only_findings: bool = False,
                        document: bool = False) -> list[Block]:
    """A :class:`~qbalance.audit.rollup.ReportAudit`: the roll-up, then the audit."""
    audit = audit_blocks(ra.audit, lang, only_findings=only_findings, document=document)
    roll = rollup_blocks(ra.rollup, lang)
    if document:  # the title first
        return [audit[0], *roll, *audit[1:]]
    return [*roll, ("sep",), *audit]


# -- the declaration form (申报表) -------------------------------------------------------

#: The form's title, as the national form prints it.
FORM_TITLE = "全国义务教育优质均衡发展县（市、区）申报表"


def form_line(form: Any, lang: Lang) -> str:
    """:meth:`~qbalance.form.tables.DeclarationForm.summary`: the title, county and year (in
    English also the tables and the number of school rows)."""
    if lang == "en":
        year = f", {form.year}" if form.year is not None else ""
        mark = " (constructed data)" if form.constructed else ""
        return (f"Declaration form: {form.county}{mark}{year}; tables "
                f"{', '.join(t.id.value for t in form.tables)}; "
                f"{len(form.schools.rows)} school rows")
    return f"{FORM_TITLE}  {form.heading()}"


def extraction_line(ex: Any, lang: Lang) -> str:
    """:meth:`~qbalance.audit.extract.Extraction.summary`: the county, the document, the
    claims found and the numbers no claim covers."""
    n = len([u for u in ex.uncovered if not u.reason])
    if lang == "en":
        return (f"{ex.claims.county_en or ex.claims.county}: "
                f"{len(ex.claims.claims)} claims extracted from {ex.document.label} "
                f"({len(ex.document.lines)} lines); {n} numbers not covered")
    return (f"{ex.claims.county}：从 {ex.document.label}（{len(ex.document.lines)} 行）提取核查项 "
            f"{len(ex.claims.claims)} 项；未覆盖的数字 {n} 个")


#: Why a number of a report needs no claim (``Uncovered.reason``), in words.
UNCOVERED_REASONS: dict[str, tuple[str, str]] = {
    "year": ("年份", "year"), "standard wording": ("标准原文", "standard wording"),
    "item number": ("条目编号", "item number")}


def extraction_blocks(ex: Any, lang: Lang, *, include_reasoned: bool = False,
                      **_: Any) -> list[Block]:
    """:meth:`~qbalance.audit.extract.Extraction.coverage`: the numbers no claim covers,
    one per line with its location (with ``include_reasoned`` also the years, item numbers
    and threshold wording, marked with the reason)."""
    rows = [u for u in ex.uncovered if include_reasoned or not u.reason]
    n = len([u for u in ex.uncovered if not u.reason])
    head = _t(lang, f"未被任何核查项覆盖的数字：{n} 个（全文共 {ex.numbers} 个数字）",
              f"Numbers no claim covers: {n} (of {ex.numbers} in the report)")
    items = []
    for u in rows:
        pair = UNCOVERED_REASONS.get(u.reason)
        reason = u.reason if pair is None else _t(lang, *pair)
        why = f" [{reason}]" if u.reason else ""
        items.append(f"{u.where}  {u.text}{why}  …{u.context}…")
    b: list[Block] = [("h", 1, head)]
    if items:
        b.append(("list", items, "  "))
    return b


def form_table_blocks(t: Any, lang: Lang = "zh", **_: Any) -> list[Block]:
    """One table of the form: a ``("grid", table)`` block (caption, headers with their
    L-codes and group headers, rows, notes), written by :func:`grid_text`,
    :func:`grid_markdown` and :func:`grid_html`."""
    return [("grid", t)]


def form_blocks(form: Any, lang: Lang = "zh", *, document: bool = False, **_: Any
                ) -> list[Block]:
    """The whole form: title and heading (county, year), then every table."""
    if document:
        b: list[Block] = [("h", 1, FORM_TITLE), ("p", form.heading(), None)]
        return b + [("grid", t) for t in form.tables]
    b = [("h", 1, f"{FORM_TITLE}  {form.heading()}")]
    for t in form.tables:
        b += [("sep",), ("grid", t)]
    return b


def grid_text(t: Any) -> str:
    """A form table as text: caption, aligned table, notes."""
    from qbalance._text import table

    out = "\n".join([t.id.caption, table(t.header(), t.text_rows(),
                                         right=[False] * len(t.columns()))])
    return "\n".join([out, *t.notes()])


def grid_markdown(t: Any) -> str:
    """A form table as Markdown: its caption in bold, a pipe table, the notes."""
    head = t.header()
    lines = [f"**{t.id.caption}**", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in r) + " |"
              for r in t.text_rows()]
    for n in t.notes():
        lines += ["", n]
    return "\n".join(lines)


def grid_html(t: Any) -> str:
    """A form table as an HTML ``<table class="qb-form">`` (caption, group headers, headers,
    L-codes) followed by its notes."""
    import html

    cols = t.columns()
    groups: list[tuple[str | None, int]] = []
    for c in cols:
        if groups and groups[-1][0] == c.group and c.group is not None:
            groups[-1] = (c.group, groups[-1][1] + 1)
        else:
            groups.append((c.group, 1))
    e = html.escape
    top = "".join(
        f'<th colspan="{n}">{e(g)}</th>' if g is not None else "<th></th>" * n
        for g, n in groups)
    heads = "".join(f"<th>{e(c.zh)}</th>" for c in cols)
    codes = "".join(f"<th>{e(c.code)}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{e(x)}</td>" for x in r) + "</tr>"
                   for r in t.text_rows())
    grp = f"<tr>{top}</tr>" if any(g is not None for g, _ in groups) else ""
    notes = "".join(f"<p>{e(n)}</p>" for n in t.notes())
    return (f'<table class="qb-form"><caption>{e(t.id.caption)}</caption>'
            f"<thead>{grp}<tr>{heads}</tr><tr>{codes}</tr></thead><tbody>{body}</tbody>"
            f"</table>{notes}")


#: The style sheet of the form's HTML.
FORM_CSS = ("<style>.qb-form{border-collapse:collapse;margin-bottom:1em}"
            ".qb-form td,.qb-form th{border:1px solid #999;padding:2px 6px}"
            ".qb-form caption{font-weight:bold;text-align:left}</style>")


def form_html(form: Any) -> str:
    """The whole form as an HTML fragment: the style sheet, the heading, each table."""
    import html

    return (f'{FORM_CSS}<div class="qb-declaration-form"><p>{html.escape(form.heading())}</p>'
            + "".join(grid_html(t) for t in form.tables) + "</div>")
