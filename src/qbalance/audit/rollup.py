"""Section roll-ups: what the report's own figures say about each area and the county.

A report states lead claims ("15 项指标均已达标", "12 项政府保障指标均已达到", "9 项
教育质量指标全部达到国家标准").  :func:`lead_claims` finds them (as claims of kind
``lead``); their audit (:func:`audit_lead`) counts the area's items against them: an item
the report itself says is not done (尚未 / 待…后达标 / 未参加) under a lead claim of
"all met" is an error; items whose figures fail are a warning (their own claims carry the
error); a lead that names fewer items than the area has is a warning.

:func:`rollup` then states, per area, how many indicators the report's figures meet and
the county verdict they imply — the first thing an inspector reads.

Examples
--------
>>> from qbalance.io.documents import document_from_text
>>> from qbalance.audit.rollup import audit_report_text
>>> ra = audit_report_text(
...     "某县自评报告\\n（三）教育质量\\n我县9项教育质量指标全部达到国家标准。\\n"
...     "9. 国家义务教育质量监测。近年来我县均未抽到参加国家义务教育质量监测，待参加后达到标准。",
...     label="demo")
>>> [(a.claim.id, a.status, a.codes) for a in ra.audit.audits if a.claim.kind.value == "lead"]
[('lead-quality', 'error', ('lead_claim_contradicted',))]
>>> ra.rollup.county_verdict
'not_met'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from qbalance.audit._numbers import chinese_numeral, normalise
from qbalance.audit.claims import Claim, quantity_value
from qbalance._messages import Both, check_lang, message
from qbalance._messages import text as _text
from qbalance._messages import texts as _texts
from qbalance._result import ResultMixin
from qbalance.vocab import Area, Lang, Severity, Verdict
from qbalance.rounding import parse_reported

if TYPE_CHECKING:
    from qbalance.audit.checks import AuditReport, ClaimAudit
    from qbalance.io.documents import Document
    from qbalance.audit.extract import Extraction, ItemText
    from qbalance.standard import Standard

#: An optional part of a finding's text that is absent.
_NOTHING = Both("", "")


__all__ = ["AreaRollup", "ReportAudit", "Rollup", "audit_cross", "audit_lead", "audit_report",
           "audit_report_text", "rollup"]

_ITEM_ID = re.compile(r"^(R\d|G\d{1,2}|Q\d|S\d)(?=-|$)")
AREAS: tuple[Area, ...] = tuple(Area)


def _area_name(area: str, lang: Lang) -> str:
    """An area's name: as :class:`~qbalance.vocab.Area` names it, the vetoes shortly
    (``audit.rollup.veto_area``: 不予认定 / Vetoes); an unknown area as given."""
    if area == Area.VETO:
        return _text("audit.rollup.veto_area", lang)
    if area in AREAS:
        return Area(area).zh if lang == "zh" else Area(area).en
    return area


def area_codes(standard: Standard, area: Area | str) -> list[str]:
    """The indicator codes of ``area`` in the standard's order.

    Parameters
    ----------
    standard : Standard
    area : Area or str

    Returns
    -------
    list of str
    """
    if area == Area.RESOURCES:
        return [i.code for i in standard.indicators]
    return [i.code for i in standard.items if i.area == area]


def item_of(claim_id: str) -> str | None:
    """The indicator code a claim id starts with (``"G14-quota-2023"`` → ``"G14"``).

    Parameters
    ----------
    claim_id : str

    Returns
    -------
    str or None
    """
    m = _ITEM_ID.match(claim_id)
    return m.group(1) if m else None


# ---------------------------------------------------------------------------------------
# extraction of the lead claims
def lead_claims(ctx: Any, blocks: Sequence[tuple[int, int, str, str, int | None]],
                area_heads: dict[str, str]) -> None:
    """Find the lead claims of each area (used by :func:`qbalance.audit.extract.extract_claims`)."""
    from qbalance.audit.extract import _Block
    spec = ctx.p.get("lead")
    if not spec:
        return
    spans: dict[str, tuple[int, int]] = {}
    for k, z, kind, ar, _num in blocks:
        a0, z0 = spans.get(ar, (k, z))
        spans[ar] = (min(a0, k), max(z0, z))
    for ar, (k, z) in spans.items():
        if ar not in ("resources", "guarantee", "quality"):
            continue
        b = _Block(ctx.doc, k, z)
        m_items = len(area_codes(ctx.std, ar))
        for m in re.finditer(spec["pattern"], b.s):
            if not m.group(2):
                continue  # "N 项" without 均 / 全部: not a claim about the whole area
            pre = b.s[max(0, m.start() - 8):m.start()]
            if re.search(r"至少|要求|除|其中|不少于|以上", pre + b.s[m.start():m.end()]):
                continue
            raw = m.group(1)
            n = int(normalise(raw)) if normalise(raw).isdigit() else chinese_numeral(raw)
            if n is None:
                continue
            not_done = [it.code for it in ctx.items if it.area == ar and it.verdict in
                        ("not_done", "not_met") and it.verdict_source == "text"]
            a = b.s.rfind("。", 0, m.start()) + 1
            zz = m.end()
            while zz < len(b.s) and b.s[zz] not in "。；":
                zz += 1
            toks = [t for t in b.toks if m.start() <= t.start < m.end()]
            ctx.add(b, id=f"lead-{ar}", kind="lead", section=area_heads.get(ar, ar),
                    name_zh=_text("audit.claim.lead_all_met", "zh", area=_area_name(ar, "zh"), n=n), pattern="lead.all_met",
                    span=(a, zz), used=toks, area=ar, total=str(n), count=m_items,
                    not_done=not_done or None, verdict="达标")


# ---------------------------------------------------------------------------------------
# audits of the two new kinds
def audit_lead(c: Claim, ctx: Any) -> ClaimAudit:
    """Audit a lead claim against the area's items (see the module documentation).

    Parameters
    ----------
    c : Claim
        A claim of kind ``lead``.
    ctx : auditing context
        The standard and the other claims.

    Returns
    -------
    ClaimAudit
    """
    from qbalance.audit.checks import _CHECKS, ClaimAudit, Finding, Severity, _sorted
    assert c.area is not None and c.total is not None
    n = int(quantity_value(c.total))
    codes = area_codes(ctx.standard, c.area)
    m = len(codes) or c.count
    failing: dict[str, list[str]] = {}
    for o in ctx.claims:
        code = item_of(o.id)
        if code is None or code not in codes or o.kind.value in ("lead", "cross"):
            continue
        try:
            a = _CHECKS[o.kind](o, ctx)
        except Exception:  # a broken claim is reported by its own audit
            continue
        if a.computed_verdict is Verdict.NOT_MET:
            failing.setdefault(code, []).append(o.id)
    said = list(c.not_done)
    findings: list[Finding] = []
    names = {i.code: i.name_zh for i in ctx.standard.items}
    names.update({i.code: i.name_zh for i in ctx.standard.indicators})

    def listing(cs: Sequence[str]) -> str:
        return "、".join(f"{x}（{names.get(x, x)}）" for x in cs)

    area_zh, area_en = _area_name(c.area, "zh"), _area_name(c.area, "en")
    fail_codes = [x for x in codes if x in failing]
    if n < m:
        findings.append(Finding(
            severity=Severity.WARNING, code="lead_claim_partial",
            **_texts("audit.finding.rollup.lead_claim_partial", area=Both(area_zh, area_en.lower()),
                     n=n, m=m, rest=m - n,
                     failing=(message("audit.finding.rollup.lead_not_met",
                                      codes=Both(listing(fail_codes), ", ".join(fail_codes)))
                              if fail_codes else _NOTHING),
                     said=(message("audit.finding.rollup.lead_not_done",
                                   codes=Both(listing(said), ", ".join(said)))
                           if said else _NOTHING))))
    elif n > m:
        findings.append(Finding(
            severity=Severity.WARNING, code="lead_count_mismatch",
            **_texts('audit.finding.rollup.lead_count_mismatch', area=Both(area_zh, area_en.lower()), n=n, m=m)))
    else:
        if said:
            findings.append(Finding(
                severity=Severity.ERROR, code="lead_claim_contradicted",
                **_texts('audit.finding.rollup.lead_claim_contradicted', area=Both(area_zh, area_en.lower()), m=m, said=Both(listing(said), ', '.join(said)))))
        if fail_codes:
            findings.append(Finding(
                severity=Severity.WARNING, code="lead_claim_unsupported",
                **_texts('audit.finding.rollup.lead_claim_unsupported', area=Both(area_zh, area_en.lower()), m=m, failing=Both(listing(fail_codes), ', '.join(fail_codes)), items=Both('、'.join((i for x in fail_codes for i in failing[x])), ', '.join((i for x in fail_codes for i in failing[x]))))))
    computed = Verdict.NOT_MET if (fail_codes or said or n < m) else Verdict.MET
    return ClaimAudit(claim=c, exact=Fraction(m - len(set(fail_codes) | set(said))),
                      exact_text=f"{m - len(set(fail_codes) | set(said))} / {m}", check=None,
                      threshold=None, computed_verdict=computed,
                      verdict_agrees=None if c.verdict is None else c.verdict is computed,
                      findings=_sorted(findings))


def audit_cross(c: Claim, ctx: Any) -> ClaimAudit:
    """Audit a cross-figure plausibility claim (``ratio_in_range``, ``part_le_whole``).

    Parameters
    ----------
    c : Claim
        A claim of kind ``cross``.
    ctx : auditing context

    Returns
    -------
    ClaimAudit
    """
    from qbalance.audit import slips as _slips
    from qbalance.audit.checks import ClaimAudit, Finding, Severity, _dec, _sorted
    findings: list[Finding] = []
    exact: Fraction | None = None
    text = "—"
    if c.check == "ratio_in_range":
        assert c.numerator is not None and c.denominator is not None
        num, den = quantity_value(c.numerator), quantity_value(c.denominator)
        exact = num / den
        ivs = [_slips.printed_interval(parse_reported(v.value)) for v in c.values]
        lo, hi = min(i[0] for i in ivs), max(i[1] for i in ivs)
        text = f"1:{_dec(exact, 2)}"
        printed = "、".join(v.label for v in c.values)
        if not lo <= exact <= hi:
            fits = []
            for alt in c.alternatives:
                if alt.denominator is not None:
                    r = num / quantity_value(alt.denominator)
                    if lo <= r <= hi:
                        fits.append((alt.label, r))
            more_zh = "".join(f"；按{lab}计为 1:{_dec(r, 2)}，在范围内" for lab, r in fits)
            more_en = "".join(f"; with {lab} it is 1:{_dec(r, 2)}, within the range"
                              for lab, r in fits)
            findings.append(Finding(
                severity=Severity.WARNING, code="ratio_inconsistent",
                **_texts('audit.finding.rollup.ratio_inconsistent', printed=printed, num=_dec(num, 0), den=_dec(den, 0), exact=_dec(exact, 2), lo=_dec(lo, 2), hi=_dec(hi, 2), more=Both(more_zh, more_en))))
    elif c.check == "part_le_whole":
        assert c.total is not None
        total = quantity_value(c.total)
        text = f"≤ {_dec(total, 4)}"
        for v in c.values:
            x = quantity_value(v.value)
            if x > total:
                u = c.unit_name or ""
                findings.append(Finding(
                    severity=Severity.WARNING, code="part_exceeds_whole",
                    **_texts('audit.finding.rollup.part_exceeds_whole', label=v.label, value=v.value, u=u, section=Both('，' + v.section if v.section else '', ', ' + v.section if v.section else ''), total=_dec(total, 4))))
    elif c.check == "cv_method":
        exact, text, more = _cv_method(c, ctx)
        findings += more
    return ClaimAudit(claim=c, exact=exact, exact_text=text, check=None, threshold=None,
                      computed_verdict=None, verdict_agrees=None, findings=_sorted(findings))


def _cv_method(c: Claim, ctx: Any) -> tuple[Fraction, str, list[Any]]:
    """Which CV formula reproduces the printed CV from the per-school figures (provenance)."""
    from qbalance.audit.checks import Finding, Severity, _dec
    from qbalance.core import CVMethod, weighted_cv
    from qbalance.rounding import check_rounding
    assert c.reported is not None
    vals = [float(quantity_value(v.value)) for v in c.values]
    weights = [float(quantity_value(v.base)) if v.base is not None else 1.0 for v in c.values]
    labels = [v.label for v in c.values]
    fig = parse_reported(c.reported)
    methods: tuple[CVMethod, ...] = ("official", "unweighted", "unweighted_sample")
    got: dict[str, Fraction] = {}
    for m in methods:
        try:
            got[m] = Fraction(weighted_cv(vals, weights, labels=labels, method=m))
        except Exception:  # too few schools for n - 1, a zero mean: that method does not apply
            continue
    fits = [m for m, v in got.items() if check_rounding(fig, v).modes]
    off = got.get("official")
    text = "—" if off is None else _dec(off, fig.decimals + 3)
    out: list[Any] = []
    if "official" in fits or off is None:
        return off or Fraction(0), text, out
    limit = None
    if c.rule:
        from qbalance.audit.checks import resolve_rule
        try:
            limit = resolve_rule(c.rule, ctx.standard)
        except Exception:
            limit = None
    shown = tuple(message("audit.cv_method.value", method=message(f"audit.cv_method.{m}"),
                           cv=_dec(v, fig.decimals + 2)) for m, v in got.items())
    if fits:
        used = fits[0]
        out.append(Finding(
            severity=Severity.WARNING, code="cv_unofficial_method",
            **_texts('audit.finding.rollup.cv_unofficial_method', reported=c.reported, method=message(f"audit.cv_method.{used}"), official_method=message("audit.cv_method.official"), official_cv=_dec(off, fig.decimals + 2))))
    else:
        out.append(Finding(
            severity=Severity.WARNING, code="cv_not_reproduced",
            **_texts('audit.finding.rollup.cv_not_reproduced', reported=c.reported, shown=shown)))
    if limit is not None and not limit.holds(off) and limit.holds(fig.as_fraction):
        out.append(Finding(
            severity=Severity.ERROR, code="cv_official_exceeds_limit",
            **_texts('audit.finding.rollup.cv_official_exceeds_limit', official_cv=_dec(off, fig.decimals + 2), limit=limit.text(), reported=c.reported)))
    return off, text, out


# ---------------------------------------------------------------------------------------
@attrs.frozen(slots=True, kw_only=True)
class AreaRollup:
    """One area of the roll-up.

    Attributes
    ----------
    area : Area
    name_zh, name_en : str
    items : int
        Indicators of the area in the standard.
    met : tuple of str
        Items the report's figures meet (or, without figures, that it declares met).
    not_met : tuple of str
        Items the figures fail or that the report itself says are not met / not done.
    unknown : tuple of str
        Items the report gives neither figures nor a verdict for.
    lead : str or None
        The lead claim's status ("ok", "warning", "error") when the report states one.
    labels_zh : tuple of (str, str)
        Chinese names of codes that have no short code of their own (the vetoes, from
        the standard).
    """

    area: Area = attrs.field(converter=Area)
    name_zh: str
    name_en: str
    items: int
    met: tuple[str, ...]
    not_met: tuple[str, ...]
    unknown: tuple[str, ...]
    lead: str | None
    labels_zh: tuple[tuple[str, str], ...] = ()

    @property
    def verdict(self) -> str:
        """"met", "not_met" or "undecided"."""
        if self.not_met:
            return "not_met"
        return "undecided" if self.unknown else "met"


@attrs.frozen(slots=True, repr=False)
class Rollup(ResultMixin):
    """The report's figures per area and the county verdict they imply.

    Attributes
    ----------
    areas : tuple of AreaRollup
    county_verdict : str
        "met", "not_met" or "undecided".
    """

    areas: tuple[AreaRollup, ...]
    county_verdict: str

    def rows(self, lang: Lang = "zh") -> list[list[str]]:
        """Table rows: area, items, met, not met, unknown, verdict, lead claim.

        Parameters
        ----------
        lang : {"zh", "en"}

        Returns
        -------
        list of list of str
        """
        lang = check_lang(lang)
        from qbalance import _render_results as _rr
        return _rr.rollup_rows(self, lang)

    def header(self, lang: Lang = "zh") -> list[str]:
        """Column names of :meth:`rows`.

        Parameters
        ----------
        lang : {"zh", "en"}

        Returns
        -------
        list of str
        """
        lang = check_lang(lang)
        from qbalance import _render_results as _rr
        return _rr.rollup_header(lang)

    def headline(self, lang: Lang = "zh") -> str:
        """One sentence: the county verdict the report's own figures imply.

        Parameters
        ----------
        lang : {"zh", "en"}

        Returns
        -------
        str
        """
        lang = check_lang(lang)
        from qbalance import _render_results as _rr
        return _rr.rollup_headline(self, lang)

    def table(self, lang: Lang = "zh") -> str:
        """The headline and the per-area table as text.

        Parameters
        ----------
        lang : {"zh", "en"}

        Returns
        -------
        str
        """
        lang = check_lang(lang)
        from qbalance.report import render_text
        return render_text(self, lang)

    def summary(self, lang: Lang = "zh") -> str:
        """The county verdict line of the roll-up (:meth:`headline`).

        Parameters
        ----------
        lang : {"zh", "en"}
            Language (Chinese by default).

        Returns
        -------
        str
        """
        return self.headline(lang)

    def __str__(self) -> str:
        return self.table("zh")

    def to_frame(self, lang: Lang = "zh") -> Any:
        """The roll-up table as a :class:`pandas.DataFrame` (pandas extra).

        Parameters
        ----------
        lang : {"en", "zh"}

        Returns
        -------
        pandas.DataFrame
            One row per area, columns of :meth:`header`.
        """
        lang = check_lang(lang)
        from qbalance._optional import require
        pd = require("pandas", "Rollup.to_frame()")
        return pd.DataFrame(self.rows(lang), columns=self.header(lang))

    def to_dict(self) -> dict[str, Any]:
        """Plain data.

        Returns
        -------
        dict
        """
        return {"county_verdict": self.county_verdict, "areas": [
            {"area": a.area, "items": a.items, "met": list(a.met), "not_met": list(a.not_met),
             "unknown": list(a.unknown), "verdict": a.verdict, "lead": a.lead}
            for a in self.areas]}


def rollup(report: AuditReport, items: Sequence[ItemText], standard: Standard) -> Rollup:
    """Per area, the indicators the report's own figures meet; the county verdict implied.

    Parameters
    ----------
    report : AuditReport
        The audit of the report's claims (extracted or hand-written; ids start with the
        indicator code, ``G14-…``).
    items : sequence of ItemText
        The indicators found in the text, with the verdicts it states.
    standard : Standard

    Returns
    -------
    Rollup
    """
    by_item: dict[str, list[ClaimAudit]] = {}
    for a in report.audits:
        code = item_of(a.claim.id)
        if code:
            by_item.setdefault(code, []).append(a)
    text = {it.code: it for it in items}
    areas: list[AreaRollup] = []
    for area in (Area.RESOURCES, Area.GUARANTEE, Area.QUALITY, Area.SURVEY):
        codes = area_codes(standard, area)
        met, bad, unknown = [], [], []
        for code in codes:
            audits = by_item.get(code, [])
            it = text.get(code) or (text.get("S") if area is Area.SURVEY else None)
            said = it.verdict if it else None
            if any(a.computed_verdict is Verdict.NOT_MET for a in audits) or said in (
                    "not_met", "not_done"):
                bad.append(code)
            elif audits or said == "met":
                met.append(code)
            else:
                unknown.append(code)
        lead = next((a.status for a in report.audits if a.claim.kind.value == "lead"
                     and a.claim.area == area), None)
        areas.append(AreaRollup(area=area, name_zh=_area_name(area, "zh"), name_en=_area_name(area, "en"),
                                items=len(codes), met=tuple(met), not_met=tuple(bad),
                                unknown=tuple(unknown), lead=lead))
    if standard.vetoes:  # declared absent (met), present (not met) or not mentioned
        vmet: list[str] = []
        vbad: list[str] = []
        vunk: list[str] = []
        for v in standard.vetoes:
            it = text.get(f"V:{v.code}")
            (vmet if it is not None and it.verdict == "met" else
             vbad if it is not None else vunk).append(v.code)
        areas.append(AreaRollup(area=Area.VETO, name_zh=_area_name(Area.VETO, "zh"),
                                name_en=_area_name(Area.VETO, "en"),
                                items=len(standard.vetoes), met=tuple(vmet), not_met=tuple(vbad),
                                unknown=tuple(vunk), lead=None,
                                labels_zh=tuple((v.code, v.name_zh) for v in standard.vetoes)))
    if any(a.not_met for a in areas):
        county = "not_met"
    elif any(a.unknown for a in areas):
        county = "undecided"
    else:
        county = "met"
    return Rollup(areas=tuple(areas), county_verdict=county)


# ---------------------------------------------------------------------------------------
@attrs.frozen(slots=True, repr=False)
class ReportAudit(ResultMixin):
    """A report audited from its own text: extraction, audit and roll-up.

    Attributes
    ----------
    extraction : Extraction
    audit : AuditReport
    rollup : Rollup
    """

    extraction: Extraction
    audit: AuditReport
    rollup: Rollup

    @property
    def has_errors(self) -> bool:
        """True when any finding is an error."""
        return self.audit.has_errors

    def summary(self, lang: Lang = "zh") -> str:
        """The audit's summary line (:meth:`AuditReport.summary`; the county verdict the
        report's figures imply is :meth:`Rollup.headline`).

        Parameters
        ----------
        lang : {"zh", "en"}
            Language (Chinese by default).

        Returns
        -------
        str
        """
        return self.audit.summary(lang)

    def __str__(self) -> str:
        return self.table("zh", only_findings=True)

    def _repr_html_(self) -> str:
        from qbalance.audit.html import _rollup_html
        return ('<div class="qb-report-audit">' + _rollup_html(self.rollup, "zh")
                + self.audit._repr_html_() + "</div>")

    def to_frame(self, lang: Lang = "zh", *, only_findings: bool = False) -> Any:
        """The audit table as a :class:`pandas.DataFrame` indexed by claim id (pandas extra).

        Parameters
        ----------
        lang : {"en", "zh"}
        only_findings : bool

        Returns
        -------
        pandas.DataFrame
            As :meth:`qbalance.AuditReport.to_frame`, with the ``where`` column.
        """
        lang = check_lang(lang)
        return self.audit.to_frame(lang, only_findings=only_findings)

    def table(self, lang: Lang = "zh", *, only_findings: bool = False) -> str:
        """Roll-up, then the audit table (with locations).

        Parameters
        ----------
        lang : {"zh", "en"}
        only_findings : bool

        Returns
        -------
        str
        """
        lang = check_lang(lang)
        from qbalance.report import render_text
        return render_text(self, lang, only_findings=only_findings)

    def to_markdown(self, lang: Lang = "zh", *, only_findings: bool = False) -> str:
        """Roll-up and findings as Markdown.

        Parameters
        ----------
        lang : {"zh", "en"}
        only_findings : bool

        Returns
        -------
        str
        """
        lang = check_lang(lang)
        from qbalance.report import render_markdown
        return render_markdown(self, lang=lang, only_findings=only_findings)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the audit, the roll-up and the uncovered numbers.

        Returns
        -------
        dict
        """
        d = self.audit.to_dict()
        d["rollup"] = self.rollup.to_dict()
        d["uncovered"] = [{"line": u.line, "where": u.where, "text": u.text,
                           "context": u.context, "reason": u.reason}
                          for u in self.extraction.uncovered]
        return d

    def to_html(self, lang: Lang = "zh") -> str:
        """A self-contained, A4-printable page: roll-up, then the report text with each
        claim highlighted by severity and its finding beside it.

        Parameters
        ----------
        lang : {"zh", "en"}

        Returns
        -------
        str
        """
        lang = check_lang(lang)
        from qbalance.audit.html import render
        return render(self, lang)


def audit_report(path: str | Path | Document, *, standard: Standard | str | None = None,
                 patterns: str | Path | None = None) -> ReportAudit:
    """Extract the claims of a report and audit them (``qbalance audit REPORT``).

    Parameters
    ----------
    path : str, pathlib.Path or Document
        The report (.txt in UTF-8 / GBK / GB18030, .docx, or a text PDF).
    standard : Standard or str, optional
        Default: the patterns' standard (``national-2017``).
    patterns : str or pathlib.Path, optional
        Extraction patterns (default: the shipped ``self-evaluation-zh``).

    Returns
    -------
    ReportAudit
        The extraction (claims, items, uncovered numbers), the audit and the roll-up.

    Examples
    --------
    The quota sentence of the Midu (弥渡县) self-evaluation report, 二（二）14 (2023): 532 of
    1065 places printed "50%" with 达标 — an error, since 49.95 % fails "≥ 50 %":

    >>> from qbalance import audit_report
    >>> from qbalance.io.documents import document_from_text
    >>> ra = audit_report(document_from_text(
    ...     "某县自评报告\\n（二）政府保障程度\\n14. 名额分配比例不低于50%。\\n【自评情况】2023年全县优质高中"
    ...     "招生名额总数 1065 人，分配名额 532 人，占比 50%。\\n【自评结论】达标", label="r"))
    >>> a = ra.audit["G14-quota-2023"]
    >>> a.status, a.exact_text, a.findings[0].where
    ('error', '49.953…%', 'r:4')
    >>> ra.rollup.county_verdict
    'not_met'
    """
    from qbalance.audit.checks import audit
    from qbalance.audit.extract import extract_claims
    from qbalance.standard import load_standard
    ex = extract_claims(path, standard=standard, patterns=patterns)
    std = standard if not isinstance(standard, (str, type(None))) else load_standard(
        standard or ex.claims.standard)
    rep = audit(ex.claims, standard=std)
    return ReportAudit(extraction=ex, audit=rep, rollup=rollup(rep, ex.items, std))


def audit_report_text(text: str, *, label: str = "report",
                      standard: Standard | str | None = None) -> ReportAudit:
    """:func:`audit_report` of report text given directly.

    Parameters
    ----------
    text : str
    label : str
        Name used in locations.
    standard : Standard or str, optional

    Returns
    -------
    ReportAudit
    """
    from qbalance.io.documents import document_from_text
    return audit_report(document_from_text(text, label=label), standard=standard)
