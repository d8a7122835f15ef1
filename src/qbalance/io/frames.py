"""pandas DataFrames of results and counties (needs the ``pandas`` extra).

pandas is imported only when one of these functions is called.

>>> from qbalance import evaluate_resources, example_county
>>> from qbalance.io.frames import result_frame
>>> df = result_frame(evaluate_resources(example_county()), "indicators")
>>> df.loc[("junior", "R4"), ["threshold", "cv_limit"]].tolist()
[5.8, 0.45]
>>> schools = result_frame(evaluate_resources(example_county()), "schools")
>>> bool(schools.loc[("primary", "P08"), "passed"])
False
"""

from __future__ import annotations

from typing import Any

from qbalance._messages import check_lang, field_label, message
from qbalance.vocab import (BATCH_STATUS, EXCLUSION_REASON, PLAN_METHOD, PLAN_STATUS, Area,
                            Lang, Verdict)
from qbalance._optional import require
from qbalance.models import County, SchoolKind, Segment

__all__ = ["FRAME_KINDS", "HEADERS_ZH", "VALUES_ZH", "frame_in", "result_frame", "schools_frame"]

#: Tables :func:`result_frame` can build.
FRAME_KINDS = ("indicators", "schools", "exclusions", "splits", "checks", "warnings")


def _resources(result: Any) -> Any:
    """The resource-allocation part of a result (itself, or ``result.resources``)."""
    if hasattr(result, "segments") and hasattr(result, "exclusions"):
        return result
    res = getattr(result, "resources", None)
    if res is not None and hasattr(res, "segments"):
        return res
    raise TypeError(str(message("frames.no_resources", type=type(result).__name__)))


def result_frame(result: Any, what: str = "indicators", *, lang: Lang | None = None) -> Any:
    """A table of an evaluation result as a :class:`pandas.DataFrame`.

    Parameters
    ----------
    result : ResourceEvaluation or CountyEvaluation
        The result.
    what : {"indicators", "schools", "exclusions", "splits", "checks", "warnings"}
        ``"indicators"``: one row per segment and indicator (index ``segment, code``)
        with threshold, mean, std, CV, limit, verdict and schools meeting it.
        ``"schools"``: one row per segment and school (index ``segment, school_id``)
        with the 7 values, how many are met, the verdict and the reason.
        ``"exclusions"``: schools left out and why.  ``"splits"``: shares of
        combined schools.  ``"checks"`` (county evaluations only): every indicator of the
        guarantee, quality and survey areas and every veto (index ``area, code``) with
        its verdict, value, exact fraction, threshold and reason.  ``"warnings"``:
        the values that look like unit slips (school, field, value, likely factor,
        the statistics and the warning in words; never a verdict).
    lang : {None, "zh", "en"}, optional
        ``None`` (default) keeps the texts in both languages (``name_zh`` and
        ``name_en``, ``reason_zh`` and ``reason_en``, ...); ``"zh"`` or ``"en"`` keeps
        that language's only, as ``name``, ``reason``, ...; ``"zh"`` also gives the
        columns Chinese headers (:data:`HEADERS_ZH`: ``差异系数``, ``是否达标`` …) and the
        machine values their Chinese words (:data:`VALUES_ZH`: segments ``小学`` /
        ``初中``, school kinds, areas, verdicts, exclusion reasons; field paths by the
        models' labels), ready for an Excel hand-off.  Numbers stay numbers, booleans
        booleans, identifiers (codes, school ids) as they are.  ``None`` and ``"en"``
        keep the machine values (``primary``, ``not_met``).

    Returns
    -------
    pandas.DataFrame
        The table ``what``; kinds, segments and verdicts as their string values.

    Raises
    ------
    SpecError
        ``lang`` is neither ``None``, ``"zh"`` nor ``"en"``.
    ValueError
        Unknown ``what``, or ``"checks"`` for a result without checks.
    TypeError
        ``result`` has no resource-allocation part.
    MissingDependencyError
        pandas is not installed.
    """
    if lang is not None:
        lang = check_lang(lang)
    frame = _result_frame(result, what)
    if lang is None:
        return frame
    other = "_en" if lang == "zh" else "_zh"
    keep = [c for c in frame.columns if not str(c).endswith(other)]
    out = frame[keep].rename(columns={c: str(c)[:-3] for c in keep
                                      if str(c).endswith(f"_{lang}")})
    return _headers_zh(out) if lang == "zh" else out


#: Chinese column headers of the result tables (``to_frame(lang="zh")``, for Excel).
HEADERS_ZH: dict[str, str] = {
    "segment": "学段", "code": "指标代码", "name": "名称", "unit": "单位",
    "threshold": "标准值", "mean": "均值", "std": "标准差", "cv": "差异系数",
    "cv_limit": "差异系数限值", "passed": "是否达标", "schools_met": "达标学校数",
    "n_schools": "学校数", "school_id": "学校代码", "kind": "学校类型", "pupils": "学生数",
    "share": "占比", "n_met": "达标项数", "not_met": "未达标指标", "below_floor": "低于标准85%的指标",
    "reason": "说明", "detail": "详细说明", "area": "评估内容", "verdict": "结论",
    "value": "数值", "display": "印出值", "exact": "精确值", "declared": "自评结论",
    "missing": "缺少的数据", "pupils_primary": "小学学生数", "pupils_junior": "初中学生数",
    "pupils_senior": "高中学生数", "weight_primary": "小学权数", "weight_junior": "初中权数",
    "weight_senior": "高中权数", "share_primary": "小学占比", "share_junior": "初中占比",
    "share_senior": "高中占比", "rule": "规则", "field": "字段", "factor": "可能的倍数", "per_pupil": "生均值",
    "county_median": "县内中位数", "ratio": "比值", "county_ratio_median": "县内比值中位数",
    "text": "提示",
    # batches, plans, scenarios and sensitivities
    "county": "县", "year": "年度", "status": "状态", "composite_cv": "综合差异系数",
    "composite_cv_limit": "综合差异系数限值", "cv_passed": "差异系数是否达标",
    "n_failing": "未达校际标准学校数", "message": "问题说明", "row": "行号",
    "amount": "数量", "unit_cost": "单价（元）", "cost": "费用（元）",
    "method": "方法", "total_cost": "总费用（元）", "exact_cost": "取整前的精确最优（元）",
    "n_items": "增加项数", "seconds": "耗时（秒）", "note": "备注", "standard_id": "标准代码",
    "cv_before": "差异系数（前）", "cv_after": "差异系数（后）",
    "passed_before": "是否达标（前）", "passed_after": "是否达标（后）",
    "headroom": "余量", "top_school": "贡献最大学校", "top_share": "贡献份额",
    "cv_without_top": "去除该校后差异系数",
}

#: Chinese headers of per-indicator columns: ``mean_R1`` → ``R1均值``, ``cv_R1`` → ``R1差异系数``.
_PREFIXES_ZH = {"mean_": "均值", "cv_": "差异系数"}


def _header_zh(column: Any) -> Any:
    name = str(column)
    if name in HEADERS_ZH:
        return HEADERS_ZH[name]
    for prefix, word in _PREFIXES_ZH.items():
        if name.startswith(prefix):
            return name[len(prefix):] + word
    return column


def frame_in(frame: Any, lang: Lang | None) -> Any:
    """``frame`` in ``lang``: for ``"zh"`` Chinese headers (:data:`HEADERS_ZH`) and the
    machine values of :data:`VALUES_ZH` in Chinese; the field names and values as they
    are otherwise.

    Parameters
    ----------
    frame : pandas.DataFrame
        A result's table with field names as headers.
    lang : {None, "zh", "en"}
        Language of the headers.

    Returns
    -------
    pandas.DataFrame
        The table for an Excel hand-off in Chinese, or ``frame`` itself.

    Raises
    ------
    ValueError
        ``lang`` is not ``None``, ``"zh"`` or ``"en"``.
    """
    if lang is not None:
        lang = check_lang(lang)
    if lang is not None and lang not in ("zh", "en"):
        raise ValueError(message("frames.lang", value=lang))
    return _headers_zh(frame) if lang == "zh" else frame

#: The Chinese words of the machine values of a frame's columns (``to_frame(lang="zh")``),
#: by column: all taken from :mod:`qbalance.vocab` and the models' enums.
VALUES_ZH: dict[str, dict[str, str]] = {
    "segment": {s.value: s.zh for s in Segment},
    "kind": {k.value: k.zh for k in SchoolKind},
    "area": {a.value: a.zh for a in Area},
    "verdict": {v.value: v.zh for v in Verdict},
    "reason": {k: zh for k, (zh, _) in EXCLUSION_REASON.items()},
    "status": {k: zh for table in (PLAN_STATUS, BATCH_STATUS) for k, (zh, _) in table.items()},
    "method": {k: zh for k, (zh, _) in PLAN_METHOD.items()},
}
#: Columns holding field paths (``teaching_area_m2``), one or comma-separated.
_FIELD_COLUMNS = ("field", "missing")


def _value_zh(column: str, value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value
    if column in _FIELD_COLUMNS:
        return "，".join(field_label(p, "zh") for p in value.split(","))
    return VALUES_ZH.get(column, {}).get(value, value)


def _headers_zh(frame: Any) -> Any:
    """Chinese headers and index names; the machine values of :data:`VALUES_ZH` (segments,
    school kinds, areas, verdicts, statuses …) and field paths as their Chinese words.
    Numbers stay numbers and booleans booleans."""
    changed = {c: [_value_zh(c, v) for v in frame[c]] for c in frame.columns
               if c in VALUES_ZH or c in _FIELD_COLUMNS}
    if changed:
        frame = frame.assign(**changed)
    out = frame.rename(columns=_header_zh)
    names = list(out.index.names)
    for level, name in enumerate(names):
        if name not in VALUES_ZH:
            continue
        if out.index.nlevels > 1:
            out.index = out.index.set_levels(
                [_value_zh(name, v) for v in out.index.levels[level]], level=level)
        else:
            out.index = out.index.map(lambda v, n=name: _value_zh(n, v))
    out.index.names = [HEADERS_ZH.get(str(n), n) if n is not None else None for n in names]
    return out


def _result_frame(result: Any, what: str) -> Any:
    pd = require("pandas", "result.to_frame()")
    res = _resources(result)
    if what == "indicators":
        rows = [
            {"segment": seg.segment.value, "code": i.code, "name_zh": i.name_zh,
             "name_en": i.name_en, "unit_zh": i.unit_zh, "unit_en": i.unit_en,
             "threshold": i.threshold, "mean": i.mean, "std": i.std, "cv": i.cv,
             "cv_limit": i.cv_limit, "passed": i.passed, "schools_met": i.schools_met,
             "n_schools": i.n_schools}
            for seg in res.segments for i in seg.indicators
        ]
        return pd.DataFrame(rows).set_index(["segment", "code"])
    if what == "schools":
        rows = []
        for seg in res.segments:
            for s in seg.schools:
                row: dict[str, Any] = {"segment": seg.segment.value, "school_id": s.school_id,
                                       "name": s.name, "kind": s.kind.value,
                                       "pupils": s.pupils, "share": s.share}
                row.update(dict(zip(s.codes, s.values, strict=True)))
                row["n_met"] = sum(s.met)
                row["not_met"] = ",".join(c for c, m in zip(s.codes, s.met, strict=True)
                                          if not m)
                row["below_floor"] = ",".join(
                    c for c, b in zip(s.codes, s.below_floor, strict=True) if b)
                row["passed"] = s.passed
                row["reason_zh"] = s.reason_zh
                row["reason_en"] = s.reason_en
                rows.append(row)
        return pd.DataFrame(rows).set_index(["segment", "school_id"])
    if what == "exclusions":
        cols = ["school_id", "name", "kind", "reason", "detail_zh", "detail_en"]
        return pd.DataFrame(
            [{"school_id": e.school_id, "name": e.name, "kind": e.kind.value,
              "reason": e.reason, "detail_zh": e.detail_zh, "detail_en": e.detail_en}
             for e in res.exclusions], columns=cols)
    if what == "warnings":
        cols = ["school_id", "name", "field", "value", "factor", "per_pupil",
                "county_median", "ratio", "county_ratio_median", "text_zh", "text_en"]
        return pd.DataFrame([{"rule": w.code, **{c: getattr(w, c) for c in cols}}
                             for w in getattr(res, "warnings", ())], columns=["rule", *cols])
    if what == "splits":
        rows = []
        for sp in res.splits:
            row = {"school_id": sp.school_id, "name": sp.name, "kind": sp.kind.value}
            row.update({f"pupils_{k}": v for k, v in sp.pupils.items()})
            row.update({f"weight_{k}": v for k, v in sp.weights.items()})
            row.update({f"share_{k}": v for k, v in sp.shares.items()})
            rows.append(row)
        return pd.DataFrame(rows)
    if what == "checks":
        checks = getattr(result, "checks", None)
        if checks is None:
            raise ValueError(message("frames.checks_need_county"))
        rows = []
        for c in checks:
            m = c.measures[0] if c.measures else None
            rows.append({"area": c.area, "code": c.code, "name_zh": c.name_zh,
                         "name_en": c.name_en, "verdict": c.verdict.value,
                         "value": c.value, "display": m.display if m else None,
                         "threshold": m.threshold if m else None,
                         "exact": str(m.exact) if m else None, "declared": c.declared,
                         "missing": ",".join(c.missing), "reason_zh": c.reason_zh,
                         "reason_en": c.reason_en})
        return pd.DataFrame(rows).set_index(["area", "code"])
    raise ValueError(message("frames.what", value=what, options=", ".join(FRAME_KINDS)))


def schools_frame(county: County, *, lang: Lang = "en") -> Any:
    """A county's schools as a DataFrame, one row per school (the table layout).

    ``lang="zh"`` uses the Chinese headers; :func:`qbalance.io.county_from_frame`
    reads either back.

    Parameters
    ----------
    county : County
        The county.
    lang : {"en", "zh"}
        English column keys (default) or Chinese headers.

    Returns
    -------
    pandas.DataFrame
        One row per school (default integer index) with the columns of
        :func:`qbalance.io.tables.school_row` that some school fills, plus the required
        ones; a blank cell is missing (``None``/NaN).

    Raises
    ------
    MissingDependencyError
        pandas is not installed.

    Examples
    --------
    >>> from qbalance import example_county
    >>> from qbalance.io.frames import schools_frame
    >>> df = schools_frame(example_county())
    >>> df.shape[0], df.loc[0, "name"]
    (21, '城关第一小学')
    """
    lang = check_lang(lang)
    pd = require("pandas", "schools_frame()")
    from qbalance.io.tables import _BY_KEY, _header_keys, county_rows

    rows = county_rows(county)
    keys = _header_keys(rows)
    cols = [_BY_KEY[k].zh if lang == "zh" else k for k in keys]
    return pd.DataFrame([[r.get(k) for k in keys] for r in rows], columns=cols)
