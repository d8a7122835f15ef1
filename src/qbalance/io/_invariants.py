"""Invariants of a loaded result: a tampered or corrupt result file is refused.

:func:`check_result` re-checks, on a result rebuilt from a file, everything the
result type guarantees when qbalance computes it: counts (schools per segment,
schools meeting each standard, pupils), figures (county means and standard
deviations from the school values, CVs = std / mean, composites = mean of the CVs,
finite non-negative numbers), and verdicts (each follows from its value and its
limit or threshold).  A figure within a few parts in 10⁹ of its limit may carry
either verdict: qbalance decides such ties in exact arithmetic from the inputs,
which the file does not hold.  The error names the field (``$.segments[0].
indicators[3].cv``) and what is wrong.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from qbalance._messages import Message, message
from qbalance.errors import DataError

__all__ = ["check_result"]

_REL = 1e-9


def _fail(source: str, path: str, code: str, value: Any = None, /,
          **params: Any) -> DataError:
    """The refusal of a loaded result: :data:`result.tampered` naming the file and the field,
    with the check ``result.check.<code>`` as its text (``err.params["text"].code``), in the
    session language."""
    return DataError(message("result.tampered", source=source, path=path,
                             text=message(f"result.check.{code}", **params)),
                     field=path, value=value)


def _text(exc: DataError) -> Any:
    """The message of ``exc`` (rendered in the language of the message that holds it)."""
    m = exc.args[0] if exc.args else ""
    return m if isinstance(m, Message) else str(m)


def _close(a: float, b: float, rel: float = _REL, abs_: float = 1e-12) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_)


def _tie(a: float, b: float) -> bool:
    """``a`` and ``b`` so close that an exact decision could go either way."""
    return _close(a, b, 1e-9, 1e-12)


def check_result(result: Any, source: str = "result") -> None:
    """Refuse a loaded result whose stored figures break an invariant of its type.

    Parameters
    ----------
    result : object
        A result rebuilt by :func:`qbalance.io.results.from_envelope`: a
        :class:`qbalance.ResourceEvaluation`, a result holding one as ``resources``
        (:class:`qbalance.CountyEvaluation`), or a type with checks of its own in
        ``_CHECKS`` (:class:`qbalance.AuditReport`, :class:`qbalance.GapPlan`, …).
    source : str
        The file, for error messages.

    Raises
    ------
    DataError
        Naming the first field that breaks an invariant.
    """
    from qbalance.evaluate.resources import ResourceEvaluation

    if isinstance(result, ResourceEvaluation):
        _resources(result, source, "$")
    res = getattr(result, "resources", None)
    if isinstance(res, ResourceEvaluation):
        _resources(res, source, "$.resources")
    check = _CHECKS.get(type(result).__name__)
    if check is not None:
        check(result, source)


def _audit(report: Any, source: str) -> None:
    """An audit: claim ids unique, findings worst first, the printed and recomputed
    verdicts' agreement as stored (counts and statuses are recomputed on load)."""
    seen: set[str] = set()
    for i, a in enumerate(report.audits):
        p = f"$.claims[{i}]"
        if a.claim.id in seen:
            raise _fail(source, f"{p}.id", "claim_id_repeated", a.claim.id)
        seen.add(a.claim.id)
        ranks = [f.severity.rank for f in a.findings]
        if ranks != sorted(ranks, reverse=True):
            raise _fail(source, f"{p}.findings", "findings_order",
                        [f.severity.value for f in a.findings])
        if a.check is not None:
            from qbalance.rounding import parse_reported

            try:
                fig = (parse_reported(a.claim.reported, unit=a.check.reported.unit)
                       if a.claim.reported else None)
            except DataError:
                fig = None
            if fig != a.check.reported:
                raise _fail(source, f"{p}.rounding.reported", "reported_figure",
                            a.check.reported.text, printed=a.claim.reported)
        printed, computed = a.claim.verdict, a.computed_verdict
        want = None if printed is None or computed is None else printed == computed
        if a.verdict_agrees != want:
            raise _fail(source, f"{p}.verdict_agrees", "verdict_agrees",
                        a.verdict_agrees, want=want)


def _plan(plan: Any, source: str) -> None:
    """A plan: both evaluations sound, every item's cost its amount times its unit cost,
    the total their sum, the optimum before rounding not above it, and the evaluation
    after the additions what :func:`qbalance.evaluate_resources` gives on the county
    with the additions (when the standard is a shipped one)."""
    from qbalance.io.results import check_stored
    from qbalance.plan.problem import FIELD_NAMES, _INTEGER_FIELDS

    _resources(plan.before, source, "$.before")
    _resources(plan.after, source, "$.after")
    if plan.method not in ("milp", "naive"):
        raise _fail(source, "$.method", "plan_method", plan.method,
                    a="milp", b="naive")
    for name in ("iterations", "cuts"):
        if getattr(plan, name) < 0:
            raise _fail(source, f"$.{name}", "negative", getattr(plan, name),
                        value=getattr(plan, name))
    ids = {s.id for s in plan.county_after.schools}
    for i, it in enumerate(plan.items):
        p = f"$.items[{i}]"
        if it.school_id not in ids:
            raise _fail(source, f"{p}.school_id", "no_school", it.school_id)
        if it.field not in FIELD_NAMES:
            raise _fail(source, f"{p}.field", "not_plan_field", it.field)
        for name in ("amount", "unit_cost", "cost"):
            _finite(source, f"{p}.{name}", getattr(it, name))
        if it.amount <= 0:
            raise _fail(source, f"{p}.amount", "amount_positive", it.amount)
        if it.field in _INTEGER_FIELDS and it.amount != int(it.amount):
            raise _fail(source, f"{p}.amount", "whole_number", it.amount)
        if it.cost != it.amount * it.unit_cost:
            raise _fail(source, f"{p}.cost", "item_cost", it.cost,
                        want=it.amount * it.unit_cost)
    total = float(sum(it.cost for it in plan.items))
    _finite(source, "$.total_cost", plan.total_cost)
    if plan.total_cost != total:
        raise _fail(source, "$.total_cost", "total_cost", plan.total_cost,
                    want=total)
    if not math.isnan(plan.exact_cost):
        _finite(source, "$.exact_cost", plan.exact_cost)
        if plan.exact_cost > plan.total_cost:
            raise _fail(source, "$.exact_cost", "exact_cost_above",
                        plan.exact_cost, total=plan.total_cost)
    if plan.county_after.name != plan.county:
        raise _fail(source, "$.county_after.name", "plan_county",
                    plan.county_after.name)
    for name in ("before", "after"):
        r = getattr(plan, name)
        if r.county != plan.county or r.standard_id != plan.standard_id:
            raise _fail(source, f"$.{name}.county", "plan_county_standard", r.county)
    std = _standard(plan.standard_id)
    if std is not None:
        from qbalance.evaluate.resources import evaluate_resources

        again = evaluate_resources(plan.county_after, std,
                                   segments=[s.segment for s in plan.after.segments])
        try:
            check_stored(plan.after.to_dict(), again.to_dict(), "$.after")
        except DataError as exc:
            raise _fail(source, exc.field or "$.after", "plan_after", exc.value,
                        reason=_text(exc)) from None


def _two_evaluations(result: Any, source: str, names: tuple[str, str]) -> None:
    """Both evaluations of a comparison sound, of one county under one standard."""
    a, b = (getattr(result, n) for n in names)
    _resources(a, source, f"$.{names[0]}")
    _resources(b, source, f"$.{names[1]}")
    if (a.county, a.standard_id) != (b.county, b.standard_id):
        raise _fail(source, f"$.{names[1]}.county", "two_evaluations", b.county)


def _sensitivity(result: Any, source: str) -> None:
    _resources(result.evaluation, source, "$.evaluation")
    if (result.county, result.standard_id) != (result.evaluation.county,
                                               result.evaluation.standard_id):
        raise _fail(source, "$.county", "evaluation_county", result.county)


def _batch(b: Any, source: str) -> None:
    """A batch: statuses known, school rows pointing into the table, counts per county
    and segment from the school rows, CVs = std / mean, composites = mean of the CVs,
    verdicts from values and limits, the county verdict from its segments', one problem
    per county or segment that is not ok, finite non-negative figures."""
    import numpy as np

    from qbalance.evaluate.batch import EXCLUSION_REASONS, STATUSES

    g, s_ = b.status.shape
    k = len(b.codes)
    bad = ~np.isin(b.status, STATUSES)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise _fail(source, f"$.status[{i}][{j}]", "status", str(b.status[i, j]),
                    options=tuple(STATUSES))
    if len(set(b.segments)) != s_:
        raise _fail(source, "$.segments", "segment_repeated",
                    [x.value for x in b.segments])
    n = len(b.exclusion)

    def first(mask: Any, name: str, code: str, arr: Any, **params: Any) -> None:
        if mask.any():
            idx = tuple(int(x) for x in np.argwhere(mask)[0])
            raise _fail(source, f"$.{name}" + "".join(f"[{x}]" for x in idx), code,
                        arr[idx].item() if hasattr(arr[idx], "item") else arr[idx], **params)

    first((b.exclusion < 0) | (b.exclusion >= len(EXCLUSION_REASONS)), "exclusion",
          "exclusion_code", b.exclusion)
    for name, hi in (("school_row", n), ("school_group", g), ("school_segment", s_)):
        arr = getattr(b, name)
        first((arr < 0) | (arr >= hi), name, "out_of_range", arr, hi=hi - 1)
    first(b.exclusion[b.school_row] != 0, "school_row", "excluded_row", b.school_row)
    cell = b.school_group * s_ + b.school_segment
    if len(np.unique(b.school_row * s_ + b.school_segment)) != len(cell):
        raise _fail(source, "$.school_row", "row_twice")
    first(~np.isfinite(b.school_values) | (b.school_values < 0), "school_values",
          "not_finite_non_negative", b.school_values)
    first(~np.isfinite(b.school_share) | (b.school_share <= 0) | (b.school_share > 1 + _REL),
          "school_share", "share_range", b.school_share)
    count = np.bincount(cell, minlength=g * s_).reshape(g, s_)
    first(count != b.n_schools, "n_schools", "n_schools_rows", b.n_schools)
    met = np.stack([np.bincount(cell, weights=b.school_met[:, j], minlength=g * s_)
                    for j in range(k)], axis=-1).reshape(g, s_, k) if k else b.schools_met
    first(met != b.schools_met, "schools_met", "schools_met_rows", b.schools_met)
    fail = np.bincount(cell, weights=~b.school_passed, minlength=g * s_).reshape(g, s_)
    first(fail != b.n_failing, "n_failing", "n_failing_rows", b.n_failing)
    std = _standard(b.standard_id)
    rule = getattr(std, "school_rule", None) if std is not None else None
    if rule is not None and k:
        want = (b.school_met.sum(axis=1) >= rule.min_met) & ~b.school_below_floor.any(axis=1)
        first(want != b.school_passed, "school_passed", "school_rule_opposite",
              b.school_passed)
    sp = None
    if std is not None:
        from qbalance.evaluate.batch import _spec

        try:
            sp = _spec(std, tuple(b.segments))
        except Exception:  # a standard of another form: not checked against it
            sp = None
    if sp is not None and sp.codes == tuple(b.codes):
        first(~((b.cv_limit == sp.lim) | np.isnan(b.cv_limit) & np.isnan(sp.lim)), "cv_limit",
              "standard_limits", b.cv_limit, standard=b.standard_id)
        first(~((b.composite_cv_limit == sp.comp_lim)
                | np.isnan(b.composite_cv_limit) & np.isnan(sp.comp_lim)),
              "composite_cv_limit", "standard_limits", b.composite_cv_limit,
              standard=b.standard_id)
        thr = sp.thr[b.school_segment]
        near = np.abs(b.school_values - thr) <= 1e-9 * np.abs(thr)
        first((b.school_met != (b.school_values >= thr)) & ~near, "school_met",
              "threshold_opposite", b.school_met)
        floor = np.asarray(sp.floor, dtype=object)
        if all(isinstance(f, float) for f in floor.tolist()):
            lim = thr * np.asarray(sp.floor, dtype=np.float64)[None, :]
            near = np.abs(b.school_values - lim) <= 1e-9 * np.abs(lim)
            first((b.school_below_floor != (b.school_values < lim)) & ~near,
                  "school_below_floor", "floor_opposite", b.school_below_floor)
    first(b.school_met & b.school_below_floor, "school_below_floor", "met_below_floor",
          b.school_below_floor)
    ok = (b.status == "ok") | (b.status == "zero_mean")
    ok3 = np.broadcast_to(ok[:, :, None], b.cv.shape)
    for name in ("mean", "std"):
        arr = getattr(b, name)
        first(ok3 & (~np.isfinite(arr) | (arr < 0)), name, "not_finite_non_negative", arr)
        first(~ok3 & ~np.isnan(arr), name, "null_not_evaluated", arr)
    first(ok & (~np.isfinite(b.pupils) | (b.pupils < 0)), "pupils", "not_finite_non_negative",
          b.pupils)
    if k and len(cell):  # the means and deviations against the range of the school values
        lo = np.full((g * s_, k), np.inf)
        hi = np.full((g * s_, k), -np.inf)
        np.minimum.at(lo, cell, b.school_values)
        np.maximum.at(hi, cell, b.school_values)
        lo, hi = lo.reshape(g, s_, k), hi.reshape(g, s_, k)
        has = np.broadcast_to((b.n_schools > 0)[:, :, None], b.mean.shape) & ok3
        # A weighted mean lies in [min, max] and a weighted SD is at most half the range
        # (Popoviciu's inequality); the slack only absorbs the float rounding of the stored
        # sums (an integrity check on load, never a verdict).
        slack = 1e-9 * np.maximum(np.abs(lo), np.abs(hi)) + 1e-12
        with np.errstate(invalid="ignore"):
            out = has & ((b.mean < lo - slack) | (b.mean > hi + slack))
            if out.any():
                i, j, q = (int(x) for x in np.argwhere(out)[0])
                raise _fail(source, f"$.mean[{i}][{j}][{q}]", "batch_mean",
                            float(b.mean[i, j, q]), low=float(lo[i, j, q]),
                            high=float(hi[i, j, q]))
            half = (hi - lo) / 2
            out = has & (b.std > half + slack)
            if out.any():
                i, j, q = (int(x) for x in np.argwhere(out)[0])
                raise _fail(source, f"$.std[{i}][{j}][{q}]", "batch_std",
                            float(b.std[i, j, q]), want=float(half[i, j, q]))
    with np.errstate(invalid="ignore", divide="ignore"):
        cv = np.where(b.mean > 0, b.std / np.where(b.mean > 0, b.mean, 1.0), np.nan)
    cv = np.where(ok3, cv, np.nan)
    first(~((cv == b.cv) | np.isnan(cv) & np.isnan(b.cv)), "cv", "cv_ratio", b.cv)
    comp = b.cv.mean(axis=2) if k else b.composite_cv
    first(~((comp == b.composite_cv) | np.isnan(comp) & np.isnan(b.composite_cv)),
          "composite_cv", "composite_mean", b.composite_cv)
    lim = np.broadcast_to(b.cv_limit[None, :, :], b.cv.shape)
    with np.errstate(invalid="ignore"):
        tie = np.abs(b.cv - lim) <= 1e-9 * np.abs(lim)
        want3 = (b.cv <= lim) & ok3
        first((want3 != b.cv_passed) & ~tie, "cv_passed", "cv_limit_opposite",
              b.cv_passed)
        climb = np.broadcast_to(b.composite_cv_limit[None, :], comp.shape)
        ctie = np.abs(b.composite_cv - climb) <= 1e-9 * np.abs(climb)
        want2 = np.where(np.isnan(climb), True, b.composite_cv <= climb) & ok
        first((want2 != b.composite_cv_passed) & ~ctie, "composite_cv_passed",
              "composite_limit_opposite", b.composite_cv_passed)
    seg = b.cv_passed.all(axis=2) & b.composite_cv_passed & (b.n_failing == 0) & ok
    first(seg != b.segment_passed, "segment_passed", "segment_opposite",
          b.segment_passed)
    counted = b.status != "not_evaluated"
    county = ((seg | ~counted).all(axis=1) & counted.any(axis=1)) if s_ else \
        np.zeros(g, dtype=np.bool_)
    first(county != b.passed, "passed", "county_opposite", b.passed)
    expected = sorted([(i, None, "invalid") for i in range(g) if (b.status[i] == "invalid").all()
                       and s_] + [(int(i), int(j), str(b.status[i, j])) for i, j in
                                  np.argwhere((b.status == "empty") | (b.status == "zero_mean"))],
                      key=repr)
    got = []
    for p_i, p in enumerate(b.problems):
        hit = np.flatnonzero(b.county == p.county)
        if b.year is not None:
            hit = hit[b.year[hit] == p.year]
        if len(hit) == 0:
            raise _fail(source, f"$.problems[{p_i}].county", "no_county", p.county)
        j = None if p.segment is None else (b.segments.index(p.segment)
                                            if p.segment in b.segments else -1)
        got.append((int(hit[0]), j, p.status))
    if sorted(got, key=repr) != expected:
        raise _fail(source, "$.problems", "problems", len(got),
                    n=len(expected))


def _form(form: Any, source: str) -> None:
    """A form built by qbalance (it names its standard): every printed figure is its
    exact value rounded half up to the form's decimals.  A form read from a file
    (no standard) holds what the file printed; :func:`qbalance.audit_form` checks it."""
    import attrs

    from qbalance.form.tables import Figure
    from qbalance.rounding import round_half_up

    if not form.standard_id:
        return

    def walk(v: Any, path: str) -> None:
        if isinstance(v, Figure):
            if v.exact is not None:
                want = str(round_half_up(v.exact, v.decimals))
                if v.text != want:
                    raise _fail(source, f"{path}.text", "figure_rounding", v.text,
                                want=want, decimals=v.decimals)
            return
        if attrs.has(type(v)):
            for f in attrs.fields(type(v)):
                if f.name != "source":
                    walk(getattr(v, f.name), f"{path}.{f.name}")
        elif isinstance(v, (tuple, list)):
            for i, x in enumerate(v):
                walk(x, f"{path}[{i}]")
        elif isinstance(v, Mapping):
            for k, x in v.items():
                walk(x, f"{path}.{k}")

    walk(form, "$")


_CHECKS: dict[str, Any] = {
    "DeclarationForm": _form,
    "BatchEvaluation": _batch,
    "AuditReport": _audit, "GapPlan": _plan, "Sensitivity": _sensitivity,
    "ScenarioComparison": lambda r, src: _two_evaluations(r, src, ("baseline", "projected")),
}


def _standard(standard_id: str) -> Any:
    from qbalance.standard import load_standard

    if not standard_id or "/" in standard_id or "\\" in standard_id or "." in standard_id:
        return None  # a standard file: not re-read from wherever it was
    try:
        return load_standard(standard_id)
    except Exception:  # not shipped, or no longer loads: check without it
        return None


def _spec_of(std: Any, code: str) -> Any:
    """The indicator ``code`` of the standard ``std`` (``None`` without either)."""
    if std is None:
        return None
    try:
        return std.indicator(code)
    except (KeyError, LookupError, ValueError):
        return None
    except Exception:  # a standard of another form: not checked against it
        return None


def _finite(source: str, path: str, v: float, *, nan_ok: bool = False) -> None:
    if math.isnan(v) and nan_ok:
        return
    if not math.isfinite(v):
        raise _fail(source, path, "not_finite", v, value=v)
    if v < 0:
        raise _fail(source, path, "negative", v, value=v)


def _resources(r: Any, source: str, root: str) -> None:
    std = _standard(r.standard_id)
    rule = getattr(std, "school_rule", None) if std is not None else None
    seen = set()
    for k, seg in enumerate(r.segments):
        p = f"{root}.segments[{k}]"
        if seg.segment in seen:
            raise _fail(source, f"{p}.segment", "segment_repeated", seg.segment.value)
        seen.add(seg.segment)
        _segment(seg, source, p, rule, std)
    _warnings(r, source, root)


def _warnings(r: Any, source: str, root: str) -> None:
    """A slip warning names a school of the result, with its figures consistent."""
    names = {s.school_id: s.name for seg in r.segments for s in seg.schools}
    for k, w in enumerate(getattr(r, "warnings", ())):
        p = f"{root}.warnings[{k}]"
        if names.get(w.school_id, None) != w.name:
            raise _fail(source, f"{p}.school_id", "warning_school", w.school_id,
                        school=w.school_id, name=w.name)
        for f in ("value", "factor", "per_pupil", "county_median", "ratio",
                  "county_ratio_median"):
            v = getattr(w, f)
            _finite(source, f"{p}.{f}", v)
            if v <= 0:
                raise _fail(source, f"{p}.{f}", "positive", v, value=v)
        if not (w.text_zh and w.text_en and w.school_id in w.text_zh
                and w.school_id in w.text_en):
            raise _fail(source, f"{p}.text_zh", "warning_text", w.text_zh)


def _segment(seg: Any, source: str, p: str, rule: Any, std: Any) -> None:
    schools: Sequence[Any] = seg.schools
    codes = tuple(i.code for i in seg.indicators)
    if seg.pupils != sum(s.pupils for s in schools):
        raise _fail(source, f"{p}.pupils", "segment_pupils", seg.pupils,
                    stored=seg.pupils, want=sum(s.pupils for s in schools))
    ids = [s.school_id for s in schools]
    if len(set(ids)) != len(ids):
        raise _fail(source, f"{p}.schools", "school_twice", ids)
    for i, s in enumerate(schools):
        sp = f"{p}.schools[{i}]"
        if s.segment is not seg.segment:
            raise _fail(source, f"{sp}.segment", "row_segment", s.segment.value)
        if s.pupils <= 0:
            raise _fail(source, f"{sp}.pupils", "pupils_positive", s.pupils)
        _finite(source, f"{sp}.share", s.share)
        if s.share > 1 + _REL:
            raise _fail(source, f"{sp}.share", "share_above_one", s.share)
        n = len(codes)
        for name in ("values", "thresholds", "met", "below_floor"):
            if len(getattr(s, name)) != n:
                raise _fail(source, f"{sp}.{name}", "items",
                            len(getattr(s, name)), n=n)
        if tuple(s.codes) != codes:
            raise _fail(source, f"{sp}.codes", "codes", list(s.codes),
                        codes=tuple(codes))
        floor = [getattr(spec, "floor_fraction", None) for spec in
                 (std.indicators if std is not None and len(std.indicators) == n else [])]
        for j, (v, t, met, below) in enumerate(zip(s.values, s.thresholds, s.met,
                                                  s.below_floor, strict=True)):
            _finite(source, f"{sp}.values[{j}]", v)
            if t is None:
                continue
            _finite(source, f"{sp}.thresholds[{j}]", t)
            if t != seg.indicators[j].threshold:
                raise _fail(source, f"{sp}.thresholds[{j}]", "threshold", t)
            if met != (v >= t) and not _tie(v, t):
                raise _fail(source, f"{sp}.met[{j}]", "met", met,
                            value=v, threshold=t, want=v >= t)
            if floor and floor[j] is not None:
                lim = floor[j] * t
                if below != (v < lim) and not _tie(v, lim):
                    raise _fail(source, f"{sp}.below_floor[{j}]", "below_floor", below,
                                want=v < lim)
        if s.passed and any(s.below_floor):
            raise _fail(source, f"{sp}.passed", "passed_below_floor", s.passed)
        if rule is not None and s.thresholds and all(t is not None for t in s.thresholds):
            want = sum(s.met) >= rule.min_met and not any(s.below_floor)
            if s.passed != want:
                raise _fail(source, f"{sp}.passed", "school_rule", s.passed,
                            want=want)
    total = sum(s.pupils for s in schools)
    cvs = []
    if std is not None:
        comp_lim = std.composite_cv_limit.get(seg.segment)
        if seg.composite_cv_limit != comp_lim:
            raise _fail(source, f"{p}.composite_cv_limit", "standard_limit",
                        seg.composite_cv_limit, standard=std.id, want=comp_lim)
    for j, ind in enumerate(seg.indicators):
        ip = f"{p}.indicators[{j}]"
        if ind.segment is not seg.segment:
            raise _fail(source, f"{ip}.segment", "wrong_segment", ind.segment.value)
        spec = _spec_of(std, ind.code)
        if spec is not None:
            for name, want in (("threshold", spec.threshold.get(seg.segment)),
                               ("cv_limit", spec.cv_limit.get(seg.segment))):
                if want is not None and getattr(ind, name) != want:
                    raise _fail(source, f"{ip}.{name}", "standard_value",
                                getattr(ind, name), standard=std.id, want=want)
        if ind.n_schools != len(schools):
            raise _fail(source, f"{ip}.n_schools", "n_schools", ind.n_schools,
                        stored=ind.n_schools, n=len(schools))
        met = sum(1 for s in schools if s.met[j])
        if ind.schools_met != met:
            raise _fail(source, f"{ip}.schools_met", "schools_met", ind.schools_met,
                        want=met)
        _finite(source, f"{ip}.mean", ind.mean)
        _finite(source, f"{ip}.std", ind.std)
        undefined = bool(ind.cv_undefined_zh or ind.cv_undefined_en)
        _finite(source, f"{ip}.cv", ind.cv, nan_ok=undefined)
        if math.isnan(ind.cv) != undefined:
            raise _fail(source, f"{ip}.cv", "cv_reason", ind.cv)
        if total > 0 and schools:
            mean = sum(s.values[j] * s.pupils for s in schools) / total
            if not _close(ind.mean, mean, 1e-9, 1e-9):
                raise _fail(source, f"{ip}.mean", "weighted_mean", ind.mean,
                            want=mean)
            var = sum(s.pupils * (s.values[j] - mean) ** 2 for s in schools) / total
            if not _close(ind.std, math.sqrt(var), 1e-6, 1e-9 * max(1.0, abs(mean))):
                raise _fail(source, f"{ip}.std", "weighted_std", ind.std,
                            want=math.sqrt(var))
        if not undefined:
            if ind.mean > 0 and not _close(ind.cv, ind.std / ind.mean, 1e-9):
                raise _fail(source, f"{ip}.cv", "cv_ratio_of", ind.cv,
                            want=ind.std / ind.mean)
        lim = ind.cv_limit
        if lim is None:
            want = True
        elif undefined:
            want = False
        else:
            _finite(source, f"{ip}.cv_limit", lim)
            want = ind.cv <= lim
            if _tie(ind.cv, lim):
                want = ind.passed
        if ind.passed != want:
            raise _fail(source, f"{ip}.passed", "cv_limit", ind.passed,
                        cv=ind.cv, limit=lim, want=want)
        cvs.append(ind.cv)
    if cvs:
        comp = sum(cvs) / len(cvs)
        if not _close(seg.composite_cv, comp, 1e-12, 1e-15):
            raise _fail(source, f"{p}.composite_cv", "composite_mean_of",
                        seg.composite_cv, want=comp)
    lim = seg.composite_cv_limit
    if lim is not None and seg.composite_cv_passed is not None:
        want = (not math.isnan(seg.composite_cv)) and seg.composite_cv <= lim
        if _tie(seg.composite_cv, lim):
            want = seg.composite_cv_passed
        if seg.composite_cv_passed != want:
            raise _fail(source, f"{p}.composite_cv_passed", "composite_limit",
                        seg.composite_cv_passed, want=want)
