"""Audit a filled declaration form (申报表): does every table follow from the others?

:func:`audit_form` checks a form (read with :func:`qbalance.read_declaration_form`
or built in memory) and returns the existing :class:`~qbalance.AuditReport`,
each finding carrying its ``table``, ``row`` and ``column``:

* **Table Ⅲ from Table Ⅱ-2** — each county mean and CV recomputed from the
  school rows and their pupils.  The school values are printed to 2 decimals,
  so the recomputation is an interval (:func:`qbalance.form.bounds.cv_bounds`,
  rigorous): a printed CV outside it is an error, one inside it consistent.
  The composite against the mean of the seven printed CVs (the existing
  ``composite_cv`` check).
* **Whole numbers (GRIM for schools)** — R1–R3 and, for a school that is not
  split, R7 are counts per 100 pupils: a printed value must correspond to a
  whole number of teachers or classrooms for the row's pupils.
* **Table Ⅱ-1 from Table Ⅱ-2**, **L14** against the row's own values and the
  standard, and **the note's school counts** against the rows.
* **Tables Ⅳ / Ⅴ** — each ratio from its own blanks and the printed verdict,
  through the existing audit checks (``ratio``, ``per_capita``,
  ``consolidation`` — every formula variant — ``sum``).
* **Table Ⅰ** totals against Table Ⅱ-2, and **Table Ⅵ** — satisfaction from
  its counts, sample against population, parents' share.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from qbalance.audit.checks import (
    AuditReport,
    ClaimAudit,
    Finding,
    Severity,
    audit,
    resolve_rule,
)
from qbalance.audit.claims import Claim, ClaimKind, ClaimSet, LabelledValue
from qbalance._messages import Both, message
from qbalance._messages import text as _text
from qbalance._messages import texts as _texts
from qbalance.vocab import Verdict
from qbalance.form.bounds import cv_bounds
from qbalance.form.read import CellRef, read_declaration_form
from qbalance.form.tables import (
    DeclarationForm,
    Figure,
    SchoolRow,
    TableId,
)
from qbalance.form.write import FIRST_DATA_ROW
from qbalance.models import Segment
from qbalance.rounding import exact_fraction
from qbalance.standard import Standard, load_standard

__all__ = ["audit_form", "audit_forms"]

_SHEET = {t: f"表{t.number}" for t in TableId}


@attrs.frozen(slots=True, kw_only=True)
class _Loc:
    table: TableId
    row: int
    column: str
    cell: str | None
    position: int = -1

    @property
    def where(self) -> str:
        return self.cell or f"{_SHEET[self.table]} 第{self.row}行 {self.column}"


class _Ctx:
    def __init__(self, form: DeclarationForm, std: Standard) -> None:
        self.form = form
        self.std = std
        self.audits: list[ClaimAudit] = []
        self.claims: list[tuple[Claim, _Loc]] = []
        self.n = 0

    def loc(self, table: TableId, position: int, column: str) -> _Loc:
        src = self.form.source
        if src is not None:
            ref: CellRef | None = src.cell(table.value, position, column)
            if ref is not None:
                return _Loc(table=table, row=ref.row, column=column, cell=str(ref),
                            position=position)
            title = src.tables.get(table.value)
            row = src.rows.get((table.value, position))
            if row is not None and title is not None:
                return _Loc(table=table, row=row, column=column, cell=f"{title.sheet}!{row}",
                            position=position)
        row = FIRST_DATA_ROW + position
        try:
            codes = [c.code for c in self.form.table(table).columns()]
            col = codes.index(column) + 1 if column in codes else 1
        except KeyError:
            col = 1
        # where the cell is in the workbook write_declaration_form writes
        return _Loc(table=table, row=row, column=column,
                    cell=str(CellRef(_SHEET[table], row, col)), position=position)

    def cid(self, stem: str) -> str:
        self.n += 1
        return f"{stem}-{self.n}".replace("Ⅱ", "II")

    def add(self, loc: _Loc, name: str, printed: str, exact_text: str,
            findings: Iterable[Finding], exact: Fraction | None = None) -> None:
        # the form's own checks are not claims for audit(): built without validation
        c = Claim.model_construct(id=self.cid(f"{loc.table.value}-{loc.column}"),
                                  kind=ClaimKind.FIGURE, section=loc.where, name_zh=name,
                                  name_en=f"Table {loc.table.value}, row {loc.row}, "
                                          f"{loc.column}",
                                  reported=printed or None, where=loc.where)
        fs = tuple(sorted((attrs.evolve(f, table=loc.table.value, row=loc.row,
                                        column=loc.column, where=loc.where)
                           for f in findings), key=lambda f: -f.severity.rank))
        self.audits.append(ClaimAudit(claim=c, exact=exact, exact_text=exact_text, check=None,
                                      threshold=None, computed_verdict=None,
                                      verdict_agrees=None, findings=fs))

    def claim(self, loc: _Loc, **kw: Any) -> None:
        kw.setdefault("section", loc.where)
        c = Claim(id=self.cid(f"{loc.table.value}-{loc.column}"), where=loc.where, **kw)
        self.claims.append((c, loc))


_HALF = tuple(Fraction(1, 2 * 10 ** d) for d in range(12))


def _h(f: Figure, rule: int) -> Fraction:
    """Half the rounding step of a printed figure."""
    d = max(f.decimals, 0)
    return _HALF[d] if d < len(_HALF) else Fraction(1, 2 * 10 ** d)


def _p(f: Figure) -> Fraction:
    x = f.printed
    assert x is not None
    return x


def _fmt(x: float | Fraction, places: int) -> str:
    return f"{float(x):.{places}f}"


# -- Table III from II-2 -------------------------------------------------------------

def _check_cvs(ctx: _Ctx) -> None:
    form = ctx.form
    t3, t2 = form.cvs, form.schools
    if not t3.rows or not t2.rows:
        return
    for k3, row in enumerate(t3.rows):
        rows = [r for r in t2.rows if r.segment is row.segment]
        pos_mean = 2 * k3 if len(t3.rows) else 0
        if not rows:
            continue
        for k in range(len(row.cvs)):
            col = f"L{k + 1}"
            have = [r for r in rows if k < len(r.values) and not r.values[k].blank]
            if len(have) != len(rows):
                continue
            pupils = [r.pupils for r in rows]
            total = sum(pupils)
            if total <= 0:
                continue
            vals = [_p(r.values[k]) for r in rows]
            hs = [_h(r.values[k], 2) for r in rows]
            m_lo = sum((p * (v - h) for p, v, h in zip(pupils, vals, hs, strict=True)),
                       Fraction(0)) / total
            m_hi = sum((p * (v + h) for p, v, h in zip(pupils, vals, hs, strict=True)),
                       Fraction(0)) / total
            mean = row.means[k] if k < len(row.means) else None
            if mean is not None and not mean.blank:
                loc = ctx.loc(TableId.CVS, pos_mean, col)
                mp, mh = _p(mean), _h(mean, 2)
                ok = mp - mh <= m_hi and m_lo <= mp + mh
                fs = [] if ok else [Finding(
                    severity=Severity.ERROR, code="mean_not_reproduced",
                    **_texts('form.finding.mean_not_reproduced', n_rows=len(rows), segment=Both(row.segment.zh, row.segment.en), col=col, mean_lo=_fmt(m_lo, 4), mean_hi=_fmt(m_hi, 4), mean=mean.text))]
                ctx.add(loc, f"{row.segment.zh}{col}县域均值", mean.text,
                        f"{_fmt(m_lo, 4)}–{_fmt(m_hi, 4)}", fs)
            cv = row.cvs[k]
            if cv.blank:
                continue
            lo, hi = cv_bounds([float(v) for v in vals], [float(h) for h in hs], pupils)
            loc = ctx.loc(TableId.CVS, pos_mean + 1, col)
            cp, ch = float(_p(cv)), float(_h(cv, 3))
            rng = f"{lo:.4f}–{hi:.4f}"
            if math.isnan(lo):
                fs = [Finding(severity=Severity.NOTE, code="cv_undefined",
                              **_texts('form.finding.cv_undefined', col=col))]
            elif cp + ch < lo or cp - ch > hi:
                fs = [Finding(
                    severity=Severity.ERROR, code="cv_not_reproduced",
                    **_texts('form.finding.cv_not_reproduced', n_rows=len(rows), segment=Both(row.segment.zh, row.segment.en), col=col, rng=rng, cv=cv.text))]
            else:
                fs = []
            ctx.add(loc, f"{row.segment.zh}{col}差异系数", cv.text, rng, fs)
        # the composite: the existing composite_cv check
        comp = row.composite
        if not comp.blank and all(not c.blank for c in row.cvs):
            ctx.claim(ctx.loc(TableId.CVS, pos_mean + 1, f"L{len(row.cvs) + 1}"),
                      kind="composite_cv", name_zh=f"{row.segment.zh}综合差异系数",
                      name_en=f"{row.segment.en} composite CV", reported=comp.text,
                      cvs=tuple(c.text for c in row.cvs), count=len(row.cvs))


# -- GRIM for schools ---------------------------------------------------------------

def _count_columns(std: Standard, n: int) -> list[tuple[int, bool]]:
    """(column index, per section?) of the count indicators (per 100 pupils)."""
    out = []
    for k, spec in enumerate(std.indicators[:n]):
        if spec.per_pupils == 100:
            out.append((k, bool(getattr(spec, "segment_level", True))))
    return out


def _whole_numbers(r: SchoolRow, f: Figure) -> tuple[bool, list[tuple[int, str]]]:
    """Whether some whole count gives ``f`` per 100 of ``r.pupils``; the nearest counts."""
    v, h = _p(f), _h(f, 2)
    lo = (v - h) * r.pupils / 100
    hi = (v + h) * r.pupils / 100
    first = math.ceil(lo)
    ok = first <= math.floor(hi)
    centre = v * r.pupils / 100
    near = sorted({math.floor(centre), math.ceil(centre)})
    shown = [(n, _fmt(Fraction(100 * n, r.pupils), f.decimals)) for n in near if n >= 0]
    return ok, shown


def _check_rows(ctx: _Ctx) -> None:
    std, t2 = ctx.std, ctx.form.schools
    n_ind = len(t2.names) if t2.names else (len(t2.rows[0].values) if t2.rows else 0)
    specs = std.indicators[:n_ind]
    counts = _count_columns(std, n_ind)
    for pos, r in enumerate(t2.rows):
        if r.pupils <= 0:
            continue
        for k, per_section in counts:
            f = r.values[k] if k < len(r.values) else None
            if f is None or f.blank or (not per_section and r.section):
                continue
            ok, near = _whole_numbers(r, f)
            if ok:
                continue
            col = f"L{7 + k}"
            near_zh, near_en = (_text("form.finding.near_sep", lg).join(
                _text("form.finding.near_one", lg, n=n, value=t) for n, t in near)
                for lg in ("zh", "en"))
            ctx.add(ctx.loc(TableId.SCHOOLS, pos, col), f"{r.name}{col}", f.text,
                    near_zh, [Finding(
                        severity=Severity.ERROR, code="not_whole_number",
                        **_texts('form.finding.not_whole_number', school=r.name, pupils=r.pupils, indicator=specs[k].code, printed=f.text, what=message("form.finding.what_teachers" if per_section else "form.finding.what_rooms"), decimals=f.decimals, near=Both(near_zh, near_en)))])


# -- L14, II-1 and the note -----------------------------------------------------------

def _met_range(f: Figure, thr: Fraction) -> tuple[bool, bool]:
    """(can meet, can fail) the threshold given the rounding of ``f``."""
    v, h = _p(f), _h(f, 2)
    return v + h >= thr, v - h < thr


_LIMITS: dict[tuple[Any, ...], tuple[tuple[Fraction, Fraction] | None, ...]] = {}


def _limits(std: Standard, seg: Segment, n: int) -> tuple[tuple[Fraction, Fraction] | None, ...]:
    """(threshold, floor) of the first ``n`` indicators for ``seg``, exactly (cached)."""
    key = tuple((spec.threshold.get(seg), spec.floor_fraction) for spec in std.indicators[:n])
    hit = _LIMITS.get(key)
    if hit is not None:
        return hit
    out: list[tuple[Fraction, Fraction] | None] = []
    for spec in std.indicators[:n]:
        t = spec.threshold.get(seg)
        if t is None:
            out.append(None)
            continue
        thr = exact_fraction(t)
        out.append((thr, thr * exact_fraction(spec.floor_fraction)))
    if len(_LIMITS) > 1024:
        _LIMITS.clear()
    _LIMITS[key] = tuple(out)
    return _LIMITS[key]


def _rule_possible(r: SchoolRow, std: Standard) -> tuple[bool, bool] | None:
    """(can pass, can fail) the per-school rule given the rounding; None if undecidable."""
    seg = r.segment
    rule = getattr(std, "school_rule", None)
    min_met = getattr(rule, "min_met", None)
    if min_met is None or any(f.blank for f in r.values):
        return None
    limits = _limits(std, seg, len(r.values))
    his, los = [], []
    for lim, f in zip(limits, r.values, strict=False):
        if lim is None:
            return None
        thr, floor = lim
        v, h = _p(f), _h(f, 2)
        his.append((v + h >= thr, v + h >= floor))
        los.append((v - h >= thr, v - h >= floor))
    can_pass = sum(m for m, _ in his) >= min_met and all(fl for _, fl in his)
    can_fail = sum(m for m, _ in los) < min_met or not all(m or fl for m, fl in los)
    return can_pass, can_fail


def _check_rule(ctx: _Ctx) -> None:
    std, t2 = ctx.std, ctx.form.schools
    n = len(t2.rows[0].values) if t2.rows else 0
    col = f"L{7 + n}"
    for pos, r in enumerate(t2.rows):
        if r.meets is None:
            continue
        poss = _rule_possible(r, std)
        if poss is None:
            continue
        can_pass, can_fail = poss
        wrong = (r.meets and not can_pass) or (not r.meets and not can_fail)
        if not wrong:
            continue
        should = "否" if r.meets else "是"
        min_met = std.school_rule.min_met if std.school_rule is not None else 0
        ctx.add(ctx.loc(TableId.SCHOOLS, pos, col), f"{r.name}是否达标",
                "是" if r.meets else "否", should, [Finding(
                    severity=Severity.ERROR, code="school_verdict_contradicts",
                    **_texts('form.finding.school_verdict_contradicts', school=r.name, marked=Both('是' if r.meets else '否', 'yes' if r.meets else 'no'), min_met=min_met, should=Both(should, 'no' if r.meets else 'yes')))])


def _check_summary(ctx: _Ctx) -> None:
    std, form = ctx.std, ctx.form
    t1, t2 = form.rule_summary, form.schools
    if not t1.rows or not t2.rows:
        return
    for pos, row in enumerate(t1.rows):
        rows = [r for r in t2.rows if r.segment is row.segment]
        n_rows = len(rows)
        if row.item == "count":
            for k, f in enumerate(row.figures):
                if f.blank:
                    continue
                col = f"L{k + 1}"
                last = k == len(row.figures) - 1
                if last:
                    lo = hi = sum(1 for r in rows if r.meets)
                    if any(r.meets is None for r in rows):
                        continue
                else:
                    lims = _limits(std, row.segment, len(std.indicators))
                    lim = lims[k] if k < len(lims) else None
                    if lim is None or any(k >= len(r.values) or r.values[k].blank for r in rows):
                        continue
                    thr = lim[0]
                    sure = sum(1 for r in rows if not _met_range(r.values[k], thr)[1])
                    maybe = sum(1 for r in rows if all(_met_range(r.values[k], thr)))
                    lo, hi = sure, sure + maybe
                printed = int(_p(f))
                if lo <= printed <= hi:
                    ctx.add(ctx.loc(TableId.RULE_SUMMARY, pos, col),
                            f"{row.segment.zh}{col}达标学校总数", f.text,
                            str(lo) if lo == hi else f"{lo}–{hi}", [])
                    continue
                rng = str(lo) if lo == hi else f"{lo}–{hi}"
                what = "L14填“是”的学校" if last else f"表Ⅱ-2中{col}达到标准值的学校"
                ctx.add(ctx.loc(TableId.RULE_SUMMARY, pos, col),
                        f"{row.segment.zh}{col}达标学校总数", f.text, rng, [Finding(
                            severity=Severity.ERROR, code="summary_count_differs",
                            **_texts('form.finding.summary_count_differs', segment=Both(row.segment.zh, row.segment.en), what=Both(what, 'marked as meeting the rule' if last else 'meeting ' + col), rng=rng, printed=f.text))])
        else:
            counts = next((r for r in t1.rows if r.segment is row.segment and r.item == "count"),
                          None)
            for k, f in enumerate(row.figures):
                if f.blank or counts is None or k >= len(counts.figures) or (
                        counts.figures[k].blank) or n_rows == 0:
                    continue
                ctx.claim(ctx.loc(TableId.RULE_SUMMARY, pos, f"L{k + 1}"), kind="ratio",
                          name_zh=f"{row.segment.zh}L{k + 1}达标学校比例",
                          name_en=f"{row.segment.en} share of schools meeting L{k + 1}",
                          numerator=counts.figures[k].text, denominator=n_rows,
                          reported=f.text + "%")


def _check_note(ctx: _Ctx) -> None:
    t2 = ctx.form.schools
    for table, note in ((TableId.SCHOOLS, t2.note), (TableId.CVS, ctx.form.cvs.note)):
        if note is None or not t2.rows:
            continue
        prim = [r for r in t2.rows if r.segment is Segment.PRIMARY]
        jun = [r for r in t2.rows if r.segment is Segment.JUNIOR]
        n_rows = len(t2.rows) if table is TableId.SCHOOLS else len(ctx.form.cvs.rows) * 2
        pos = n_rows + 1           # the note is printed one row below the table
        loc = ctx.loc(table, pos, "note")
        src = ctx.form.source
        if src is not None and table.value in src.tables:
            last = max((v for (t, _), v in src.rows.items() if t == table.value), default=None)
            if last is not None:
                loc = _Loc(table=table, row=last + 2, column="note",
                           cell=f"{src.tables[table.value].sheet}!A{last + 2}")
        checks = [
            ("小学学校数", note.primary, len(prim), Severity.ERROR),
            ("初中学校数", note.junior, len(jun), Severity.ERROR),
            ("一贯制学校小学部", note.primary_sections, sum(r.section for r in prim),
             Severity.WARNING),
            ("一贯制学校初中部及完全中学初中部", note.junior_sections + note.junior_complete,
             sum(r.section for r in jun), Severity.WARNING),
        ]
        fs = []
        for label, said, rows, sev in checks:
            if said != rows:
                fs.append(Finding(
                    severity=sev, code="note_count_differs",
                    **_texts('form.finding.note_count_differs', label=label, said=said, rows=rows)))
        ctx.add(loc, "表下注：学校数", str(note.primary + note.junior),
                str(len(t2.rows)), fs)


# -- Table I against II-2 -----------------------------------------------------------

def _check_basics(ctx: _Ctx) -> None:
    b, t2 = ctx.form.basics, ctx.form.schools
    if not t2.rows or all(f.blank for f in b.figures):
        return

    def fig(code: str) -> Figure:
        return b.get(code)

    small_points = None
    if not fig("L15").blank and not fig("L16").blank:
        small_points = int(_p(fig("L15"))) - int(_p(fig("L16")))
    for seg, pupils_code, classes_code in ((Segment.PRIMARY, "L19", "L17"),
                                           (Segment.JUNIOR, "L20", "L18")):
        rows = [r for r in t2.rows if r.segment is seg]
        if not rows:
            continue
        # II-2 leaves out the teaching points under the scope's threshold: Table I may
        # then count more pupils and classes than the rows
        relation = "equal" if (seg is Segment.JUNIOR or small_points == 0) else "at_most"
        for code, values in ((pupils_code, [r.pupils for r in rows]),
                             (classes_code, [r.classes for r in rows])):
            total = fig(code)
            if total.blank or any(v is None for v in values):
                continue
            loc = ctx.loc(TableId.BASICS, 0, code)
            ctx.claim(loc, kind="sum", name_zh=f"表Ⅰ{code}与表Ⅱ-2{seg.zh}各行之和",
                      name_en=f"Table I {code} against the {seg.en} rows of Table II-2",
                      parts=tuple(LabelledValue(label=r.name, value=str(v))
                                  for r, v in zip(rows, values, strict=True)),
                      total=total.text, relation=relation)
    # school counts: primary rows = primary schools + nine-year + twelve-year + points ≥ 50
    parts_p = ("L9", "L10", "L13", "L16")
    parts_j = ("L11", "L10", "L12", "L13")
    for seg, parts in ((Segment.PRIMARY, parts_p), (Segment.JUNIOR, parts_j)):
        if any(fig(c).blank for c in parts):
            continue
        n_rows = sum(1 for r in t2.rows if r.segment is seg)
        s = sum(int(_p(fig(c))) for c in parts)
        if n_rows and s != n_rows:      # a segment not evaluated has no rows to count
            ctx.add(ctx.loc(TableId.BASICS, 0, parts[0]), f"表Ⅰ{seg.zh}学校数", str(s),
                    str(n_rows), [Finding(
                        severity=Severity.ERROR, code="school_count_differs",
                        **_texts("form.finding.school_count_differs_primary" if seg is Segment.PRIMARY
                                 else "form.finding.school_count_differs_junior",
                                 parts="+".join(parts), s=s, seg=Both(seg.zh, seg.en),
                                 n_rows=n_rows))])


# -- Tables IV, V, VI through the existing claims ------------------------------------

def _verdict_word(v: Verdict | None) -> str | None:
    return {Verdict.MET: "达标", Verdict.NOT_MET: "未达标"}.get(v) if v else None


def _items(ctx: _Ctx) -> list[tuple[Claim, str]]:
    """Claims of the numeric items of Tables IV and V; with the item's group key."""
    form, std = ctx.form, ctx.std
    out: list[tuple[Claim, str]] = []

    def ratio(t: TableId, number: int, part: str, whole: str, rate: str, rule: str | None,
              name: str, *, single: bool, unit: str = "%", en: str = "") -> None:
        table = form.guarantee if t is TableId.GUARANTEE else form.quality
        if table is None:
            return
        try:
            item = table.item(number)
        except KeyError:
            return
        p, w, r = item.blank(part), item.blank(whole), item.blank(rate)
        if p.blank or w.blank or w.printed == 0:
            return
        verdict = _verdict_word(item.verdict)
        if not single and item.verdict is Verdict.NOT_MET and rule is not None and (
                _rule_exists(std, rule)):
            # the item fails if any part does: the printed 未达标 belongs to the parts that
            # fail on their exact values (none failing is the group check's finding)
            thr = resolve_rule(rule, std)
            if thr.holds(_p(p) / _p(w)):
                verdict = None
        kw: dict[str, Any] = dict(kind="ratio", name_zh=name, name_en=en or _EN.get(name, ""),
                                  numerator=p.text, denominator=w.text)
        if not r.blank:
            kw["reported"] = r.text + unit
        if rule is not None and _rule_exists(std, rule):
            kw["rule"] = rule
            if verdict is not None:
                kw["verdict"] = verdict
        if "reported" not in kw and "rule" not in kw:
            return
        ctx.claim(ctx.loc(t, number - 1, "L2"), **kw)
        out.append((ctx.claims[-1][0], f"{t.value}-{number}"))

    G, Q = TableId.GUARANTEE, TableId.QUALITY
    ratio(G, 9, "trained", "teachers", "training_rate", "guarantee.training_completion_min",
          "教师培训完成率", single=True)
    ratio(G, 11, "rotated", "eligible", "rotation_rate", "guarantee.rotation_min",
          "交流轮岗教师比例", single=False)
    ratio(G, 11, "backbone", "rotated", "backbone_rate", "guarantee.backbone_rotation_min",
          "骨干教师交流轮岗比例", single=False)
    ratio(G, 12, "certified", "full_time", "certified_rate", "guarantee.certification_min",
          "教师持证上岗率", single=True)
    ratio(G, 14, "quota_allocated", "quota_total", "quota_rate", "guarantee.quota_share_min",
          "优质高中招生名额分配比例", single=False)
    ratio(G, 14, "quota_rural", "quota_allocated", "quota_rural_rate",
          "guarantee.quota_rural_share_min", "分配到农村初中的名额比例", single=False)
    ratio(G, 15, "migrants_total", "migrants", "migrants_rate", "guarantee.migrant_public_min",
          "随迁子女在公办学校和政府购买服务的民办学校就读比例", single=True)
    ratio(Q, 2, "disabled_enrolled", "disabled", "disabled_rate",
          "quality.disabled_enrolment_min", "残疾儿童少年入学率", single=True)
    ratio(Q, 2, "disabled_special", "disabled_enrolled", "disabled_special_rate", None,
          "在特殊教育学校就读比例", single=True)
    ratio(Q, 4, "training_funds", "public_funds", "training_share",
          "quality.training_budget_share_min", "教师培训经费占公用经费比例", single=True)
    if form.guarantee is not None:
        _nearby(ctx, out)
        _special_funds(ctx, out)
        _migrant_parts(ctx)
    if form.quality is not None:
        _consolidation(ctx, out)
    return out


def _unit(c: Claim) -> str:
    if c.kind.value == "survey":
        return "permille"
    if c.kind.value in ("ratio", "consolidation"):
        return c.unit or "percent"
    return c.unit or "number"


_EN = {
    "教师培训完成率": "teacher training completion rate",
    "交流轮岗教师比例": "share of eligible teachers rotated",
    "骨干教师交流轮岗比例": "share of backbone teachers among those rotated",
    "教师持证上岗率": "teacher certification rate",
    "优质高中招生名额分配比例": "share of quality senior-high places allocated",
    "分配到农村初中的名额比例": "share of allocated places going to rural junior schools",
    "随迁子女在公办学校和政府购买服务的民办学校就读比例":
        "share of migrant children in public or purchased places",
    "残疾儿童少年入学率": "enrolment rate of disabled children",
    "在特殊教育学校就读比例": "share enrolled in special schools",
    "教师培训经费占公用经费比例": "teacher-training share of public funds",
}


def _rule_exists(std: Standard, rule: str) -> bool:
    obj: Any = std
    for part in rule.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return False
    return True


def _nearby(ctx: _Ctx, out: list[tuple[Claim, str]]) -> None:
    """Item 13 prints only the two rates: each against its threshold (a ``figure`` claim)."""
    assert ctx.form.guarantee is not None
    try:
        item = ctx.form.guarantee.item(13)
    except KeyError:
        return
    for key, rule, zh, en in (
            ("urban_nearby_rate", "guarantee.nearby_urban_min", "城区就近划片入学比例",
             "nearby enrolment, urban"),
            ("town_nearby_rate", "guarantee.nearby_town_min", "镇区就近划片入学比例",
             "nearby enrolment, towns")):
        f = item.blank(key)
        if f.blank or not _rule_exists(ctx.std, rule):
            continue
        kw: dict[str, Any] = dict(kind="figure", name_zh=zh, name_en=en,
                                  reported=f.text + "%", rule=rule)
        if item.verdict is Verdict.MET:
            kw["verdict"] = "达标"
        ctx.claim(ctx.loc(TableId.GUARANTEE, 12, "L2"), **kw)
        out.append((ctx.claims[-1][0], "IV-13"))


def _special_funds(ctx: _Ctx, out: list[tuple[Claim, str]]) -> None:
    assert ctx.form.guarantee is not None
    try:
        item = ctx.form.guarantee.item(7)
    except KeyError:
        return
    funds, pupils, per = (item.blank(k) for k in ("special_funds", "special_pupils",
                                                   "special_per_pupil"))
    if funds.blank or pupils.blank or per.blank or pupils.printed == 0:
        return
    kw: dict[str, Any] = dict(kind="per_capita", name_zh="特殊教育学校生均公用经费",
                              name_en="public funds per pupil of special schools",
                              numerator=funds.text, numerator_unit="万元",
                              denominator=pupils.text, reported=per.text, reported_unit="元")
    if _rule_exists(ctx.std, "guarantee.special_funds_min_yuan"):
        kw["rule"] = "guarantee.special_funds_min_yuan"
        if (v := _verdict_word(item.verdict)) is not None:
            kw["verdict"] = v
    ctx.claim(ctx.loc(TableId.GUARANTEE, 6, "L2"), **kw)
    out.append((ctx.claims[-1][0], "IV-7"))


def _migrant_parts(ctx: _Ctx) -> None:
    assert ctx.form.guarantee is not None
    try:
        item = ctx.form.guarantee.item(15)
    except KeyError:
        return
    pub, bought, total = (item.blank(k) for k in ("migrants_public", "migrants_purchased",
                                                   "migrants_total"))
    if pub.blank or bought.blank or total.blank:
        return
    ctx.claim(ctx.loc(TableId.GUARANTEE, 14, "L2"), kind="sum",
              name_zh="随迁子女就读人数合计", name_en="migrant children: public + purchased",
              parts=(
                  LabelledValue(label="公办学校", value=pub.text),
                  LabelledValue(label="政府购买服务的民办学校", value=bought.text)),
              total=total.text)


def _consolidation(ctx: _Ctx, out: list[tuple[Claim, str]]) -> None:
    assert ctx.form.quality is not None
    try:
        item = ctx.form.quality.item(1)
    except KeyError:
        return
    b = {k: item.blank(k) for k in ("graduates", "entrants", "transferred_in",
                                    "transferred_out", "resumed", "suspended", "deceased",
                                    "consolidation_rate")}
    if b["graduates"].blank or b["entrants"].blank or b["consolidation_rate"].blank:
        return
    q = ctx.std.quality
    variant = q.consolidation_variant if q is not None else "full"
    kw: dict[str, Any] = dict(
        kind="consolidation", name_zh="初中三年巩固率",
        name_en="junior three-year consolidation rate",
        graduates=int(_p(b["graduates"])), entrants=int(_p(b["entrants"])),
        reported=b["consolidation_rate"].text + "%", variant=variant,
        cap=bool(q.consolidation_cap) if q is not None else False,
        note=f"按标准的巩固率公式（{variant}）复算；其他公式见“可能的原因”。")
    for k in ("transferred_in", "transferred_out", "resumed", "suspended", "deceased"):
        if not b[k].blank:
            kw[k] = int(_p(b[k]))
    if q is not None:
        kw["rule"] = "quality.consolidation_min"
        if (v := _verdict_word(item.verdict)) is not None:
            kw["verdict"] = v
    ctx.claim(ctx.loc(TableId.QUALITY, 0, "L2"), **kw)
    out.append((ctx.claims[-1][0], "V-1"))


def _survey(ctx: _Ctx) -> None:
    s, b = ctx.form.survey, ctx.form.basics
    if s is None or not s.rows:
        return
    total = s.rows[0]
    for pos, row in enumerate(s.rows):
        for part, whole, rate in (("L3", "L2", "L4"), ("L6", "L5", "L7")):
            p, w, r = row.get(part), row.get(whole), row.get(rate)
            if p.blank or w.blank or r.blank or w.printed == 0:
                continue
            kw: dict[str, Any] = dict(kind="ratio", name_zh=f"{row.label}满意度（{rate}）",
                                      name_en=f"satisfaction ({rate}), row {pos + 1}",
                                      numerator=p.text, denominator=w.text,
                                      reported=r.text + "%")
            if pos == 0 and _rule_exists(ctx.std, "survey.satisfaction_min"):
                kw["rule"] = "survey.satisfaction_min"
            ctx.claim(ctx.loc(TableId.SURVEY, pos, rate), **kw)
    valid = total.get("L2")
    pop = b.get("L1")
    if not valid.blank and not pop.blank and _rule_exists(ctx.std, "survey.sample_per_mille_min"):
        ctx.claim(ctx.loc(TableId.SURVEY, 0, "L2"), kind="survey", name_zh="调查样本量",
                  name_en="survey sample against the population",
                  sample=valid.text, population=pop.text, population_unit="万人",
                  rule="survey.sample_per_mille_min")
    if len(s.rows) > 1 and not valid.blank and not s.rows[1].get("L2").blank and (
            valid.printed != 0) and _rule_exists(ctx.std, "survey.parent_share_min"):
        ctx.claim(ctx.loc(TableId.SURVEY, 1, "L2"), kind="ratio", name_zh="家长占调查人数比例",
                  name_en="parents' share of respondents",
                  numerator=s.rows[1].get("L2").text, denominator=valid.text,
                  rule="survey.parent_share_min")
    # satisfied or valid count larger than what it is part of
    for pos, row in enumerate(s.rows):
        for part, whole in (("L2", "L1"), ("L3", "L2"), ("L6", "L5")):
            p, w = row.get(part), row.get(whole)
            if not p.blank and not w.blank and _p(p) > _p(w):
                ctx.add(ctx.loc(TableId.SURVEY, pos, part), f"{row.label}{part}", p.text,
                        f"≤ {w.text}", [Finding(
                            severity=Severity.ERROR, code="part_exceeds_whole",
                            **_texts('form.finding.part_exceeds_whole', row_label=row.label, part=part, p_text=p.text, whole=whole, w_text=w.text))])


def _group_verdicts(ctx: _Ctx, groups: Sequence[tuple[Claim, str]], report: AuditReport
                    ) -> None:
    """An item printed 未达标 whose parts all meet their thresholds contradicts itself."""
    form = ctx.form
    by_id = {a.claim.id: a for a in report.audits}
    keys = dict.fromkeys(k for _, k in groups)
    for key in keys:
        t, number = key.split("-")
        table = form.guarantee if t == "IV" else form.quality
        if table is None:
            continue
        item = table.item(int(number))
        if item.verdict is not Verdict.NOT_MET:
            continue
        computed = [by_id[c.id].computed_verdict for c, k in groups if k == key]
        if computed and all(v is Verdict.MET for v in computed):
            tid = TableId(t)
            ctx.add(ctx.loc(tid, int(number) - 1, "L3"), f"表{tid.number}第{number}项是否达标",
                    "未达标", "达标", [Finding(
                        severity=Severity.ERROR, code="verdict_contradicts",
                        **_texts('form.finding.verdict_contradicts', number=number))])


def _composite_within_rounding(fs: list[Finding], cvs: Sequence[str], reported: str
                               ) -> list[Finding]:
    """A composite the unrounded CVs may give is consistent, whatever slip also fits.

    The printed CVs are rounded (±0.0005): the mean of the unrounded CVs lies in
    their mean ± that rounding, and a printed composite whose own rounding interval
    meets that range is consistent (the existing check can name an "omitted term"
    that happens to give the printed value too).
    """
    vals = [Fraction(t) for t in cvs]
    half = [Fraction(1, 2 * 10 ** (len(t.split(".")[1]) if "." in t else 0)) for t in cvs]
    lo = sum((v - h for v, h in zip(vals, half, strict=True)), Fraction(0)) / len(vals)
    hi = sum((v + h for v, h in zip(vals, half, strict=True)), Fraction(0)) / len(vals)
    r = Fraction(reported)
    rh = Fraction(1, 2 * 10 ** (len(reported.split(".")[1]) if "." in reported else 0))
    if not (r - rh <= hi and lo <= r + rh):
        return fs
    out = []
    for f in fs:
        if f.code == "not_reproduced" and f.severity is Severity.ERROR:
            out.append(Finding(
                severity=Severity.NOTE, code="composite_within_rounding",
                **_texts('form.finding.composite_within_rounding', reported=reported, mean=float(sum(vals) / len(vals)), lo=float(lo), hi=float(hi))))
        else:
            out.append(f)
    return out


def audit_form(form: DeclarationForm | str | Path, *,
               standard: Standard | str | None = None) -> AuditReport:
    """Audit a filled declaration form: every table against the others and the standard.

    Parameters
    ----------
    form : DeclarationForm, str or pathlib.Path
        A form read with :func:`qbalance.read_declaration_form` (or built in
        memory), or the path of a workbook to read.
    standard : Standard or str, optional
        The standard whose thresholds apply (default: the form's, else national-2017).

    Returns
    -------
    AuditReport
        One entry per check; every finding has ``table``, ``row`` and ``column``
        (and ``where``: the cell, ``表Ⅱ-2!I12``, for a form read from a file).

    Raises
    ------
    FormReadError
        The workbook could not be read (every problem listed).

    Examples
    --------
    >>> from qbalance import declaration_form, evaluate_county, example_county
    >>> from qbalance.form import audit_form
    >>> county = example_county()                   # constructed data
    >>> report = audit_form(declaration_form(evaluate_county(county), county))
    >>> report.has_errors, report.counts()["warning"]
    (False, 0)
    """
    src = str(form) if isinstance(form, (str, Path)) else ""
    f = read_declaration_form(form) if isinstance(form, (str, Path)) else form
    if isinstance(standard, Standard):
        std = standard
    else:
        std = load_standard(standard or f.standard_id or "national-2017")
    ctx = _Ctx(f, std)
    _check_cvs(ctx)
    _check_rows(ctx)
    _check_rule(ctx)
    _check_summary(ctx)
    _check_note(ctx)
    _check_basics(ctx)
    groups = _items(ctx)
    _survey(ctx)
    title = "全国义务教育优质均衡发展县（市、区）申报表"
    source = src or (f.source.path if f.source is not None else "")
    if ctx.claims:
        rep = audit(ClaimSet(county=f.county or "—", report=title, source=source,
                             standard=std.id, claims=tuple(c for c, _ in ctx.claims)),
                    standard=std)
        locs = {c.id: loc for c, loc in ctx.claims}
        claim_audits = []
        for a in rep.audits:
            # a figure below the standard that the form itself marks 未达标 is consistent:
            # the form is right, the county simply does not meet that indicator
            fs = [attrs.evolve(x, severity=Severity.NOTE) if x.code == "not_met"
                  and a.verdict_agrees is True else x for x in a.findings]
            c = a.claim
            if c.kind is ClaimKind.COMPOSITE_CV and c.cvs and c.reported:
                fs = _composite_within_rounding(fs, c.cvs, c.reported)
            if (not fs and c.verdict is None and a.threshold is not None
                    and a.computed_verdict is Verdict.NOT_MET):
                # the form prints no verdict for this figure: say that it misses the rule
                fs.append(Finding(
                    severity=Severity.WARNING, code="rule_not_met",
                    **_texts('form.finding.rule_not_met', name=Both(c.name_zh, c.name_en or c.name_zh), exact=a.exact_text, threshold=a.threshold.text(_unit(c)))))
            loc = locs[c.id]
            out = []
            for x in fs:
                at = loc
                if x.code.startswith("verdict_") and loc.table in (TableId.GUARANTEE,
                                                                    TableId.QUALITY):
                    at = ctx.loc(loc.table, loc.position, "L3")     # the 是否达标 cell
                out.append(attrs.evolve(x, table=at.table.value, row=at.row,
                                        column=at.column, where=at.where))
            claim_audits.append(attrs.evolve(a, findings=tuple(out)))
        _group_verdicts(ctx, groups, rep)
    else:
        claim_audits = []
    audits = tuple(ctx.audits) + tuple(claim_audits)
    order = {t.value: i for i, t in enumerate(TableId)}
    audits = tuple(sorted(audits, key=lambda a: (
        order.get(a.claim.id.split("-")[0] if a.claim.id.split("-")[0] != "II" else
                  "-".join(a.claim.id.split("-")[:2]), 9),)))
    return AuditReport(county=f.county or "—", report=title, source=source,
                       standard_id=std.id, audits=audits)


def audit_forms(forms: Iterable[DeclarationForm | str | Path], *,
                standard: Standard | str | None = None) -> tuple[AuditReport, ...]:
    """Audit many filled forms in one call (e.g. every county of a province).

    Parameters
    ----------
    forms : iterable of DeclarationForm, str or pathlib.Path
        Forms or workbook paths.
    standard : Standard or str, optional
        The standard for all of them (loaded once).

    Returns
    -------
    tuple of AuditReport
        In the order given.

    Examples
    --------
    >>> from qbalance import declaration_form, evaluate_county, example_county
    >>> from qbalance.form.check import audit_forms
    >>> county = example_county()                   # constructed data
    >>> form = declaration_form(evaluate_county(county), county)
    >>> [r.has_errors for r in audit_forms([form, form])]
    [False, False]
    """
    std = standard if isinstance(standard, Standard) else load_standard(
        standard or "national-2017")
    return tuple(audit_form(f, standard=std) for f in forms)
