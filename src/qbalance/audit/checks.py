"""Audit a published report: reproduce its figures and flag what does not add up.

What statcheck does for p-values and GRIM for reported means, :func:`audit`
does for a county's self-evaluation report (自评报告): it recomputes every
figure that can be recomputed from the other numbers the report prints, decides
whether the printed figure is consistent given how it was rounded
(:mod:`qbalance.rounding`), applies the standard's threshold to the *exact*
value and compares with the verdict the report printed (达标 / 未达标).

Severities (:class:`Severity`):

* **error** — the arithmetic does not reproduce the printed figure (a slip that
  reproduces it is named when one is found), parts do not add up, a share is
  impossible for whole numbers, or the printed verdict contradicts the figures;
* **warning** — the figure is reproduced only under truncation, or only with a
  different denominator (another printed figure, a neighbouring year's figure,
  another formula variant); a rule misquoted; restated figures that differ; a
  verdict that rests on an exemption the report invokes;
* **note** — the verdict cannot be decided from a printed figure alone; a
  figure whose denominator is not printed; a rounding that changes the verdict
  when the report prints none.

A printed 达标 whose exact value fails the threshold is an error whatever the
rounding; an indicator the figures show as not met is a warning (``not_met``)
even when the report says 未达标 or gives no verdict, so that a list of findings
never hides a failing indicator.  Every finding carries the claim's source
location (``line``, ``where``, ``quote``).

Examples
--------
Midu (弥渡县) self-evaluation, government guarantee indicator 14: in 2023, 532
of 1065 places, printed "50 %", verdict 达标.  The rounding is right, but the
exact 49.95 % does not meet "≥ 50 %":

>>> from qbalance import audit
>>> from qbalance.audit.claims import Claim
>>> quota = Claim(id="G14-2023", kind="ratio", section="二（二）14",
...               name_zh="优质高中招生名额分配比例（2023年）", numerator=532,
...               denominator=1065, reported="50%", rule="guarantee.quota_share_min",
...               verdict="达标")
>>> result = audit([quota]).audits[0]
>>> result.exact_text, [m.value for m in result.check.modes], result.verdict_agrees
('49.953…%', ['half_up', 'half_even'], False)
>>> [(f.severity.value, f.code) for f in result.findings]
[('error', 'verdict_relies_on_rounding')]
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from qbalance._messages import Both, Lines, Message, check_lang, message
from qbalance._messages import texts as _texts
from qbalance._result import ResultMixin
from qbalance.audit import slips as _slips
from qbalance.audit.slips import Candidate, Slip, SlipKind
from qbalance.audit.claims import (
    Claim,
    ClaimKind,
    ClaimSet,
    LabelledValue,
    load_claims,
    quantity_value,
    unit_scale,
)
from qbalance.errors import DataError, DataValidationError, Problem, SpecError
from qbalance.ratios import ConsolidationVariant, exact_consolidation_rate
from qbalance.rounding import (
    ReportedFigure,
    RoundingCheck,
    RoundingMode,
    _round,
    check_rounding,
    parse_reported,
)
from qbalance.standard import Standard, load_standard
from qbalance.vocab import CLAIM_STATUS, Lang, Severity as Severity, Verdict  # Severity re-exported for old imports

__all__ = [
    "AuditReport",
    "ClaimAudit",
    "Finding",
    "Slip",
    "SlipKind",
    "Threshold",
    "audit",
    "resolve_rule",
]

HU, HE, TR = RoundingMode.HALF_UP, RoundingMode.HALF_EVEN, RoundingMode.TRUNCATE


#: An optional part of a finding's text that is absent.
_NOTHING = Both("", "")


@attrs.frozen(slots=True, kw_only=True)
class Finding:
    """One thing the audit found about a claim.

    Attributes
    ----------
    severity : Severity
    code : str
        Stable identifier of the kind of finding, e.g. ``"not_reproduced"``,
        ``"truncation_only"``, ``"other_denominator"``, ``"verdict_relies_on_rounding"``.
    zh, en : str
        Plain-language explanation in Chinese and English.
    slip : Slip or None
        The slip that reproduces the printed figure, when one was found.
    line : int or None
        Where in the report the claim was printed: the 1-based line of a text file,
        the paragraph (or the first line of a table) of a .docx, the text line of a
        PDF (``None`` when the claim does not say).
    where : str or None
        The location as shown in tables: ``"003:86"`` (file and line),
        ``"003:¶12"`` / ``"003:表1(2,3)"`` for a .docx, ``"003:p4"`` for a PDF page.
    quote : str or None
        The sentence as printed (the claim's ``quote``).
    table, row, column : str, int, str or None
        Where the finding is in a declaration form (申报表): the table id
        (``"II-2"``), the spreadsheet row and the column's L-code (``"L9"``);
        ``None`` for findings about a report.
    """

    severity: Severity
    code: str
    zh: str
    en: str
    slip: Slip | None = None
    line: int | None = None
    where: str | None = None
    quote: str | None = None
    table: str | None = None
    row: int | None = None
    column: str | None = None

    def text(self, lang: Lang = "zh") -> str:
        """The explanation in ``lang`` ("zh" or "en").

        Parameters
        ----------
        lang : {"zh", "en"}
            Language (Chinese by default; any other value gives English).

        Returns
        -------
        str
            :attr:`zh` or :attr:`en`.
        """
        lang = check_lang(lang)
        return self.zh if lang == "zh" else self.en

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready).

        Returns
        -------
        dict
            ``severity`` (its value), ``code``, ``zh``, ``en``; ``line``, ``where``
            and ``quote`` when the claim's source location is known; ``table``, ``row``
            and ``column`` for a finding in a declaration form; and, when there is a
            slip, ``slip`` with its ``kind``, ``zh``, ``en``, ``value`` (decimal text,
            up to 6 places) and consistent rounding ``modes``.
        """
        out: dict[str, Any] = {"severity": self.severity.value, "code": self.code,
                               "zh": self.zh, "en": self.en}
        if self.line is not None or self.where is not None or self.quote is not None:
            out.update(line=self.line, where=self.where, quote=self.quote)
        if self.table is not None:
            out.update(table=self.table, row=self.row, column=self.column)
        if self.slip is not None:
            out["slip"] = {"kind": self.slip.kind.value, "zh": self.slip.zh,
                           "en": self.slip.en, "value": _dec(self.slip.value, 6),
                           "exact": str(self.slip.value),
                           "modes": [m.value for m in self.slip.modes]}
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "$") -> Finding:
        """Rebuild a finding from :meth:`to_dict` data.

        Parameters
        ----------
        data : mapping
            The output of :meth:`to_dict` (or its JSON parsed).
        path : str
            Where the data is, for error messages.

        Returns
        -------
        Finding

        Raises
        ------
        DataError
            A field is missing or of the wrong type, naming it.
        """
        from qbalance.io.results import structure

        if not isinstance(data, Mapping):
            raise DataError(message("json.object", field=path), field=path, value=data)
        d = {k: v for k, v in data.items() if k != "slip"}
        slip = data.get("slip")
        if slip is not None:
            if not isinstance(slip, Mapping):
                raise DataError(message("json.object", field=f"{path}.slip"),
                                field=f"{path}.slip")
            d["slip"] = {k: v for k, v in slip.items() if k not in ("value", "exact")}
            d["slip"]["value"] = slip.get("exact")
        return structure(cls, d, path)


_OPS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "..": "–"}


@attrs.frozen(slots=True)
class Threshold:
    """A threshold applied to a claim's exact value (in plain units: 0.5 for 50 %).

    Attributes
    ----------
    op : str
        ``">="``, ``">"``, ``"<="``, ``"<"``, ``"=="`` or ``".."`` (inclusive range).
    value : fractions.Fraction
        The threshold (lower end of a range).
    upper : fractions.Fraction or None
        Upper end of a range.
    source : str
        The rule path in the standard, or ``"claim"`` for a threshold given in the claim.
    """

    op: str
    value: Fraction
    upper: Fraction | None = None
    source: str = "claim"

    def holds(self, x: Fraction) -> bool:
        """Whether ``x`` meets the threshold.

        Parameters
        ----------
        x : fractions.Fraction
            An exact value in plain units (0.5 for 50 %).

        Returns
        -------
        bool
            The comparison :attr:`op` of ``x`` with :attr:`value` (for a range:
            ``value <= x <= upper``).
        """
        if self.op == ">=":
            return x >= self.value
        if self.op == ">":
            return x > self.value
        if self.op == "<=":
            return x <= self.value
        if self.op == "<":
            return x < self.value
        if self.op == "==":
            return x == self.value
        assert self.upper is not None
        return self.value <= x <= self.upper

    def decided(self, lo: Fraction, hi: Fraction) -> bool | None:
        """True/False when every value in ``[lo, hi)`` meets / fails; ``None`` if mixed.

        Used to decide a printed figure's verdict over every exact value that
        prints as it.

        Parameters
        ----------
        lo, hi : fractions.Fraction
            The half-open interval of exact values, in plain units.

        Returns
        -------
        bool or None
            ``True`` when all values in the interval meet the threshold, ``False``
            when none does, ``None`` when some do and some do not.
        """
        t, op = self.value, self.op
        if op == ">=":
            return True if lo >= t else False if hi <= t else None
        if op == ">":
            return True if lo > t else False if hi <= t else None
        if op == "<=":
            return True if hi <= t else False if lo > t else None
        if op == "<":
            return True if hi <= t else False if lo >= t else None
        if op == "==":
            return False if not lo <= t < hi else None
        assert self.upper is not None
        if lo >= t and hi <= self.upper:
            return True
        return False if hi <= t or lo > self.upper else None

    def text(self, unit: str = "number") -> str:
        """E.g. ``"≥ 50%"`` for a percent claim.

        Parameters
        ----------
        unit : {"number", "percent", "permille"}
            Unit to show the threshold in (any other value: as a plain number).

        Returns
        -------
        str
            The comparison sign and the value, to at most 4 decimals (``"…"`` when cut);
            a range as ``"720–940"``.
        """
        factor = {"percent": 100, "permille": 1000}.get(unit, 1)
        sym = {"percent": "%", "permille": "‰"}.get(unit, "")
        v = _dec(self.value * factor, 4) + sym
        if self.op == "..":
            assert self.upper is not None
            return f"{v}–{_dec(self.upper * factor, 4)}{sym}"
        return f"{_OPS[self.op]} {v}"


def _dec(x: Fraction, places: int) -> str:
    """``x`` with up to ``places`` decimals, trailing zeros removed, "…" when cut."""
    t = _round(x, places, RoundingMode.HALF_UP)
    s = format(t, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s + ("…" if Fraction(t) != x else "")


_THRESHOLD_RE = re.compile(
    r"^\s*(>=|≥|>|<=|≤|<|==|=)?\s*([+-]?\d+(?:\.\d+)?)\s*(%|％|‰)?\s*"
    r"(?:(\.\.|–|~)\s*([+-]?\d+(?:\.\d+)?)\s*(%|％|‰)?)?\s*$")


def _parse_threshold(text: str, claim_id: str) -> Threshold:
    m = _THRESHOLD_RE.match(text)
    if not m:
        raise DataError(message("audit.claim", id=claim_id,
                                inner=message("audit.bad_threshold", value=text)),
                        school=claim_id,
                        field="threshold", value=text)
    op, a, ua, rng, b, ub = m.groups()

    def val(num: str, u: str | None) -> Fraction:
        f = Fraction(num)
        return f / 100 if u in ("%", "％") else f / 1000 if u == "‰" else f

    if rng:
        return Threshold(op="..", value=val(a, ua or ub), upper=val(b, ub or ua))
    op = {"≥": ">=", "≤": "<=", "=": "==", None: ">="}.get(op, op)
    return Threshold(op=str(op), value=val(a, ua))


def resolve_rule(path: str, standard: Standard, *, op: str | None = None) -> Threshold:
    """The threshold at a dotted ``path`` of ``standard``.

    The first part may be an indicator code (``"R4.threshold.primary"``);
    otherwise the path walks the standard's data
    (``"guarantee.quota_share_min"``, ``"guarantee.school_size_max.primary"``).
    The comparison comes from the name: ``*_min`` and ``threshold`` → ``>=``,
    ``*_max``, ``cv_limit`` → ``<=``, ``*_below`` → ``<``; a ``*per_mille*``
    value is divided by 1000.  ``op`` overrides the comparison (needed for a
    value whose name does not tell, such as ``guarantee.classes_per_room``).

    Parameters
    ----------
    path : str
        Dotted path of a number in the standard, e.g. ``"guarantee.quota_share_min"``
        or ``"R4.cv_limit.junior"``.
    standard : Standard
        The standard to read.
    op : {">=", ">", "<=", "<", "=="}, optional
        The comparison, when the name of the value does not tell it.

    Returns
    -------
    Threshold
        The comparison, the value as an exact fraction in plain units (shares as
        fractions: 0.5 for 50 %) and ``source = path``.

    Raises
    ------
    SpecError
        The standard has no such value, the value is not a number, or the
        comparison cannot be told from the name and ``op`` is not given.

    Examples
    --------
    >>> from qbalance import load_standard
    >>> from qbalance.audit.checks import resolve_rule
    >>> national = load_standard("national-2017")
    >>> resolve_rule("guarantee.quota_share_min", national).text("percent")
    '≥ 50%'
    >>> resolve_rule("R4.cv_limit.junior", national).text()
    '≤ 0.45'
    """
    parts = path.split(".")
    codes = {i.code for i in standard.indicators}
    node: Any
    if parts[0] in codes:
        node = standard.indicator(parts[0]).model_dump(mode="json")
        rest = parts[1:]
    else:
        node = standard.model_dump(mode="json")
        rest = parts
    for p in rest:
        if not isinstance(node, Mapping) or p not in node:
            raise SpecError(message("audit.rule_no_value", standard=standard.id, path=path,
                                    part=p))
        node = node[p]
    if isinstance(node, bool) or not isinstance(node, (int, float)):
        raise SpecError(message("audit.rule_not_number", standard=standard.id, path=path,
                                value=node))
    value = Fraction(str(node))
    if any("per_mille" in p for p in parts):
        value /= 1000
    for p in reversed(parts):
        if op is not None:
            break
        words = p.split("_")
        if "min" in words or p == "threshold":
            op = ">="
        elif "max" in words or p.endswith("cv_limit"):
            op = "<="
        elif "below" in words:
            op = "<"
    if op is None:
        raise SpecError(message("audit.rule_direction", standard=standard.id, path=path))
    return Threshold(op=op, value=value, source=path)


@attrs.frozen(slots=True, kw_only=True)
class ClaimAudit:
    """The audit of one claim.

    Attributes
    ----------
    claim : Claim
        The claim audited.
    exact : fractions.Fraction or None
        The recomputed exact value, in the printed unit (99.925… for a percent);
        ``None`` when nothing can be recomputed (a figure without inputs).
    exact_text : str
        The exact value as text, with its unit ("99.925…%").
    check : RoundingCheck or None
        Rounding consistency of the printed figure with the exact value.
    threshold : Threshold or None
        The threshold applied (from the standard or the claim).
    computed_verdict : Verdict or None
        The threshold applied to the exact value (``None``: undecided or no threshold).
    verdict_agrees : bool or None
        Whether the printed verdict agrees (``None`` when either is missing).
    findings : tuple of Finding
        Everything found, worst first.
    """

    claim: Claim
    exact: Fraction | None
    exact_text: str
    check: RoundingCheck | None
    threshold: Threshold | None
    computed_verdict: Verdict | None
    verdict_agrees: bool | None
    findings: tuple[Finding, ...]

    @property
    def severity(self) -> Severity | None:
        """The worst finding's severity (``None`` when nothing was found)."""
        return self.findings[0].severity if self.findings else None

    @property
    def status(self) -> str:
        """"error", "warning", "note" or "ok"."""
        return self.severity.value if self.severity else "ok"

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the findings."""
        return tuple(f.code for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready).

        Returns
        -------
        dict
            The claim's ``id``, ``kind``, ``section``, names and ``reported`` figure;
            ``exact`` (the exact value as text), ``consistent_modes``, ``threshold``
            (as text in the claim's unit), ``printed_verdict``, ``computed_verdict``,
            ``verdict_agrees``, ``status`` and ``findings`` (:meth:`Finding.to_dict`).
        """
        c = self.claim
        chk, thr = self.check, self.threshold
        return {
            "id": c.id, "kind": c.kind.value, "section": c.section, "name_zh": c.name_zh,
            "name_en": c.name_en, "reported": c.reported, "exact": self.exact_text,
            "consistent_modes": [m.value for m in chk.modes] if chk else None,
            "threshold": thr.text(_unit_of(c)) if thr else None,
            "printed_verdict": c.verdict.value if c.verdict else None,
            "computed_verdict": self.computed_verdict.value if self.computed_verdict else None,
            "verdict_agrees": self.verdict_agrees,
            "status": self.status,
            "findings": [f.to_dict() for f in self.findings],
            # what load_result rebuilds the audit from (the keys above are checked against it)
            "input": c.model_dump(mode="json", exclude_defaults=True),
            "exact_value": None if self.exact is None else str(self.exact),
            "rounding": None if chk is None else {
                "reported": {"text": chk.reported.text, "value": str(chk.reported.value),
                             "decimals": chk.reported.decimals, "unit": chk.reported.unit},
                "exact": str(chk.exact)},
            "rule": None if thr is None else {
                "op": thr.op, "value": str(thr.value),
                "upper": None if thr.upper is None else str(thr.upper), "source": thr.source},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], path: str = "$") -> ClaimAudit:
        """Rebuild a claim's audit from :meth:`to_dict` data.

        The claim is validated again; the rounding check is recomputed from the printed
        figure and the exact value; the derived keys (``status``, ``consistent_modes``,
        ``threshold``, …) are checked against the rebuilt audit by
        :meth:`AuditReport.from_dict`.

        Parameters
        ----------
        data : mapping
            The output of :meth:`to_dict` (or its JSON parsed).
        path : str
            Where the data is, for error messages.

        Returns
        -------
        ClaimAudit

        Raises
        ------
        DataError
            A field is missing, invalid or of the wrong type, naming it.
        """
        from qbalance.io.results import structure
        from qbalance.rounding import check_rounding

        if not isinstance(data, Mapping):
            raise DataError(message("json.object", field=path), field=path, value=data)
        for key in ("input", "exact", "exact_value", "rounding", "rule", "computed_verdict",
                    "verdict_agrees", "findings"):
            if key not in data:
                raise DataError(message("json.missing", field=f"{path}.{key}"),
                                field=f"{path}.{key}")
        if not isinstance(data["input"], Mapping):
            raise DataError(message("json.object", field=f"{path}.input"),
                            field=f"{path}.input")
        try:
            claim = Claim.from_dict(data["input"], source=f"{path}.input")
        except DataValidationError as exc:
            raise DataError(message("json.invalid", field=f"{path}.input", text=exc),
                            field=f"{path}.input") from exc
        check = None
        rounding = data["rounding"]
        if rounding is not None:
            if not isinstance(rounding, Mapping):
                raise DataError(message("json.object", field=f"{path}.rounding"),
                                field=f"{path}.rounding")
            fig = structure(ReportedFigure, rounding.get("reported"), f"{path}.rounding.reported")
            x = structure(Fraction, rounding.get("exact"), f"{path}.rounding.exact")
            try:
                check = check_rounding(fig, x / fig.factor)
            except DataError as exc:
                raise DataError(message("json.invalid", field=f"{path}.rounding", text=exc),
                                field=f"{path}.rounding") from exc
        findings = data["findings"]
        if not isinstance(findings, list):
            raise DataError(message("json.list", field=f"{path}.findings"),
                            field=f"{path}.findings")
        exact_text = data["exact"]
        if not isinstance(exact_text, str):
            raise DataError(message("json.string", field=f"{path}.exact"), field=f"{path}.exact",
                            value=exact_text)
        threshold = structure(Threshold | None, data["rule"], f"{path}.rule")  # type: ignore[arg-type]
        if threshold is not None:
            if threshold.op not in _OPS:
                raise DataError(message("audit.stored_op", field=f"{path}.rule.op",
                                        value=threshold.op, options=str(sorted(_OPS))),
                                field=f"{path}.rule.op", value=threshold.op)
            if (threshold.upper is None) != (threshold.op != ".."):
                raise DataError(message("audit.stored_upper", field=f"{path}.rule.upper"),
                                field=f"{path}.rule.upper", value=threshold.upper)
        return cls(
            claim=claim,
            exact=structure(Fraction | None, data["exact_value"], f"{path}.exact_value"),  # type: ignore[arg-type]
            exact_text=exact_text, check=check, threshold=threshold,
            computed_verdict=structure(Verdict | None, data["computed_verdict"],  # type: ignore[arg-type]
                                       f"{path}.computed_verdict"),
            verdict_agrees=structure(bool | None, data["verdict_agrees"],  # type: ignore[arg-type]
                                     f"{path}.verdict_agrees"),
            findings=tuple(Finding.from_dict(f, f"{path}.findings[{i}]")
                           for i, f in enumerate(findings)))


@attrs.frozen(slots=True, repr=False, kw_only=True)
class AuditReport(ResultMixin):
    """The audit of a report: one :class:`ClaimAudit` per claim.

    Attributes
    ----------
    county, report, source : str
        What was audited (from the claim set).
    standard_id : str
        The standard whose thresholds were applied.
    audits : tuple of ClaimAudit
        In the order of the claims.
    """

    county: str
    report: str
    source: str
    standard_id: str
    audits: tuple[ClaimAudit, ...]

    def __getitem__(self, claim_id: str) -> ClaimAudit:
        for a in self.audits:
            if a.claim.id == claim_id:
                return a
        raise KeyError(str(message("audit.no_claim", id=claim_id)))

    def with_status(self, status: str) -> tuple[ClaimAudit, ...]:
        """The claim audits whose status is ``status`` ("error", "warning", "note", "ok").

        Parameters
        ----------
        status : {"error", "warning", "note", "ok"}
            The status (:attr:`ClaimAudit.status`).

        Returns
        -------
        tuple of ClaimAudit
            In the order of the claims; empty when none has this status.
        """
        return tuple(a for a in self.audits if a.status == status)

    @property
    def has_errors(self) -> bool:
        """True when any finding is an error."""
        return any(a.severity is Severity.ERROR for a in self.audits)

    def counts(self) -> dict[str, int]:
        """Number of claims per status.

        Returns
        -------
        dict of str to int
            ``{"error": …, "warning": …, "note": …, "ok": …}``, every status present.
        """
        out = {**{s.value: 0 for s in Severity}, "ok": 0}
        for a in self.audits:
            out[a.status] += 1
        return out

    def summary(self, lang: Lang = "zh") -> str:
        """One line: claims audited and how many per status.

        Parameters
        ----------
        lang : {"zh", "en"}
            Language (Chinese by default).

        Returns
        -------
        str
            The county (and, in Chinese, the report's title), the number of claims
            audited, the count per status and the standard applied.
        """
        lang = check_lang(lang)
        from qbalance.report import render_line

        return render_line(self, lang)

    def _rows(self, lang: Lang, *, only_findings: bool) -> list[list[str]]:
        from qbalance import _render_results as _rr

        return _rr.audit_rows(self, lang, only_findings=only_findings)

    @property
    def _located(self) -> bool:
        return any(a.claim.where or a.claim.line for a in self.audits)

    def _header(self, lang: Lang) -> list[str]:
        from qbalance import _render_results as _rr

        return _rr.audit_table_header(self, lang)

    def table(self, lang: Lang = "zh", *, only_findings: bool = False) -> str:
        """The findings as a plain-text table (explanations are not wrapped).

        Parameters
        ----------
        lang : {"zh", "en"}
            Language (Chinese by default).
        only_findings : bool
            Leave out the claims with no finding.

        Returns
        -------
        str
            :meth:`summary`, a blank line, then one row per claim: id, section, name,
            printed and exact value, consistent roundings, printed/recomputed
            verdict, severity and the explanation (or the auditor's note).
        """
        lang = check_lang(lang)
        from qbalance.report import render_text

        return render_text(self, lang, only_findings=only_findings)

    def to_markdown(self, lang: Lang = "zh", *, only_findings: bool = False) -> str:
        """The findings as a Markdown document (title, summary, table).

        Parameters
        ----------
        lang : {"zh", "en"}
            Language (Chinese by default).
        only_findings : bool
            Leave out the claims with no finding.

        Returns
        -------
        str
            Markdown: a title, :meth:`summary`, the source when known, and the rows
            of :meth:`table` as a pipe table; ends with a newline.
        """
        from qbalance.report import render_markdown

        return render_markdown(self, lang=lang, only_findings=only_findings)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready).

        Returns
        -------
        dict
            ``county``, ``report``, ``source``, ``standard`` (its id), ``counts``
            (:meth:`counts`), ``has_errors`` and ``claims`` (one
            :meth:`ClaimAudit.to_dict` per claim).
        """
        return {"county": self.county, "report": self.report, "source": self.source,
                "standard": self.standard_id, "counts": self.counts(),
                "has_errors": self.has_errors,
                "claims": [a.to_dict() for a in self.audits]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuditReport:
        """Rebuild an audit from :meth:`to_dict` data (e.g. a file of
        :func:`qbalance.io.save_result`); equal to the original.

        Every claim is validated again and every derived key (``counts``,
        ``has_errors``, each claim's ``status``, ``consistent_modes``, ``threshold``,
        ``printed_verdict``) is checked against the rebuilt audit.

        Parameters
        ----------
        data : mapping
            The output of :meth:`to_dict`, or its JSON parsed.

        Returns
        -------
        AuditReport

        Raises
        ------
        DataError
            A field is missing or invalid, or a stored figure disagrees with the
            rebuilt audit; the error names the field (``$.claims[3].status``).

        Examples
        --------
        >>> from qbalance import audit
        >>> report = audit("midu")
        >>> AuditReport.from_dict(report.to_dict()) == report
        True
        """
        from qbalance.io.results import check_stored

        if not isinstance(data, Mapping):
            raise DataError(message("json.object_for", field="$", type="AuditReport"),
                            field="$", value=data)
        texts = {}
        for key in ("county", "report", "source", "standard"):
            v = data.get(key)
            if not isinstance(v, str):
                raise DataError(message("json.string", field=f"$.{key}"), field=f"$.{key}",
                                value=v)
            texts[key] = v
        claims = data.get("claims")
        if not isinstance(claims, list):
            raise DataError(message("json.list", field="$.claims"), field="$.claims",
                            value=claims)
        report = cls(county=texts["county"], report=texts["report"], source=texts["source"],
                     standard_id=texts["standard"],
                     audits=tuple(ClaimAudit.from_dict(c, f"$.claims[{i}]")
                                  for i, c in enumerate(claims)))
        check_stored(data, report.to_dict())
        return report

    def to_frame(self, lang: Lang = "zh", *, only_findings: bool = False) -> Any:
        """The audit table as a :class:`pandas.DataFrame` indexed by claim id (pandas extra).

        Columns are those of :meth:`table`, plus, for filtering, the claim's status: in
        English ``status`` ("error", "warning", "note", "ok", the machine values) and
        ``codes`` (the finding codes, space-separated); in Chinese ``状态`` (错误, 警告,
        提示, 无问题) and no ``codes`` column (the findings are in words in ``说明``), so
        that a Chinese table carries no English.  Code that filters on codes asks for
        ``lang="en"``.

        Parameters
        ----------
        lang : {"zh", "en"}
            Language of the column names, texts and statuses (Chinese by default).
        only_findings : bool
            Leave out the claims with no finding.

        Returns
        -------
        pandas.DataFrame
            One row per claim, indexed by claim id (the ``id`` / ``编号`` column).

        Raises
        ------
        MissingDependencyError
            pandas is not installed.

        Examples
        --------
        >>> from qbalance import audit
        >>> df = audit("midu").to_frame(lang="en")
        >>> df.loc["G14-quota-2023", ["printed", "exact", "status"]].tolist()
        ['50%', '49.953…%', 'error']
        >>> int((df["status"] == "error").sum())
        7
        """
        lang = check_lang(lang)
        from qbalance._optional import require

        pd = require("pandas", "AuditReport.to_frame()")
        header = self._header(lang)
        chosen = [a for a in self.audits if a.findings or not only_findings]
        df = pd.DataFrame(self._rows(lang, only_findings=only_findings), columns=header)
        if lang == "zh":
            df["状态"] = [CLAIM_STATUS[a.status][0] for a in chosen]
        else:
            df["status"] = [a.status for a in chosen]
            df["codes"] = [" ".join(a.codes) for a in chosen]
        return df.set_index(header[0])

    def __str__(self) -> str:
        return self.table("zh")


# ---------------------------------------------------------------------------------------
# helpers
def _unit_of(c: Claim) -> str:
    if c.reported is not None:
        try:
            return parse_reported(c.reported, unit=c.unit).unit
        except DataError:
            pass
    if c.unit is not None:
        return c.unit
    return "percent" if c.kind in (ClaimKind.RATIO, ClaimKind.CONSOLIDATION) else "number"


def _fig(c: Claim, text: str, field: str = "reported", default: str = "number"
         ) -> ReportedFigure:
    unit = c.unit or default
    try:
        return parse_reported(text, unit=unit, field=field)  # type: ignore[arg-type]
    except DataError:
        return parse_reported(text, field=field)


def _num(x: Fraction) -> str:
    return _dec(x, 4)


def _show(x: Fraction, unit: str, places: int = 3) -> str:
    sym = {"percent": "%", "permille": "‰"}.get(unit, "")
    return _dec(x, places) + sym


def _sorted(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: -f.severity.rank))


class _Ctx:
    """What every check needs: the standard and the other claims (for neighbours)."""

    def __init__(self, standard: Standard, claims: Sequence[Claim]) -> None:
        self.standard = standard
        self.claims = claims

    def threshold(self, c: Claim) -> Threshold | None:
        if c.rule is not None:
            try:
                return resolve_rule(c.rule, self.standard, op=c.op)
            except SpecError as exc:
                raise SpecError(message("audit.claim", id=c.id, inner=message(
                    "audit.bad_rule", value=c.rule, inner=exc))) from None
        if c.threshold is not None:
            return _parse_threshold(c.threshold, c.id)
        return None

    def neighbours(self, c: Claim) -> list[Claim]:
        if c.series is None:
            return []
        out = [o for o in self.claims if o.series == c.series and o.id != c.id]
        return sorted(out, key=lambda o: abs((o.year or 0) - (c.year or 0)))


# --- the reproduction of a printed figure ----------------------------------------------
def _reproduce(c: Claim, fig: ReportedFigure, exact_plain: Fraction,
               candidates: list[Candidate]) -> tuple[RoundingCheck, list[Finding]]:
    """Rounding check of ``fig`` against ``exact_plain``, with slip search if needed."""
    chk = check_rounding(fig, exact_plain)
    unit = fig.unit
    ex = _show(chk.exact, unit, fig.decimals + 3)
    if HU in chk.modes or HE in chk.modes:
        return chk, []
    if chk.only_truncation:
        slip = Slip(kind=SlipKind.TRUNCATION, zh=SlipKind.TRUNCATION.zh,
                    en=SlipKind.TRUNCATION.en, value=chk.exact, modes=(TR,))
        return chk, [Finding(
            severity=Severity.WARNING, code="truncation_only",
            **_texts('audit.finding.truncation_only', fig_text=fig.text, ex=ex, chk_display=chk.display, sym_unit=_sym(unit)), slip=slip)]
    slips = _slips.search(fig, candidates)
    den = [s for s in slips if s.kind.other_denominator]
    if den:
        s = den[0]
        return chk, [Finding(
            severity=Severity.WARNING, code="other_denominator",
            **_texts('audit.finding.other_denominator', ex=ex, fig_text=fig.text, s=Both(s.zh, s.en), s_kind=Both(s.kind.zh, s.kind.en)), slip=s)]
    if slips:
        s = slips[0]
        return chk, [Finding(
            severity=Severity.ERROR, code="not_reproduced",
            **_texts('audit.finding.not_reproduced_slip', ex=ex, fig_text=fig.text, s_kind=Both(s.kind.zh, s.kind.en), s=Both(s.zh, s.en)), slip=s)]
    return chk, [Finding(
        severity=Severity.ERROR, code="not_reproduced",
        **_texts('audit.finding.not_reproduced', ex=ex, chk_display=chk.display, sym_unit=_sym(unit), fig_text=fig.text))]


def _sym(unit: str) -> str:
    return {"percent": "%", "permille": "‰"}.get(unit, "")


# --- the verdict ------------------------------------------------------------------------
def _verdict(c: Claim, thr: Threshold | None, exact: Fraction | None,
             printed: Fraction | None, unit: str
             ) -> tuple[Verdict | None, bool | None, list[Finding]]:
    """Apply ``thr`` to the exact value (plain units) and compare with the printed verdict."""
    if thr is None or exact is None:
        return None, None, []
    computed = Verdict.MET if thr.holds(exact) else Verdict.NOT_MET
    agrees = None if c.verdict is None else (c.verdict is computed)
    out: list[Finding] = []
    ex, tt = _show(exact * _factor(unit), unit, 4), thr.text(unit)
    if printed is not None and thr.holds(printed) != thr.holds(exact):
        pr = _show(printed * _factor(unit), unit, 4)
        word_zh = "达到" if thr.holds(printed) else "未达到"
        word_en = "meets" if thr.holds(printed) else "does not meet"
        ex_zh = "达到" if computed is Verdict.MET else "未达到"
        ex_en = "meets" if computed is Verdict.MET else "does not meet"
        # a printed 达标 whose exact value fails is an error whatever the rounding
        sev = (Severity.ERROR if c.verdict is Verdict.MET and computed is Verdict.NOT_MET
               else Severity.NOTE)
        out.append(Finding(
            severity=sev, code="verdict_relies_on_rounding",
            **_texts("audit.finding.verdict_relies_on_rounding", printed=pr,
                     printed_meets=Both(word_zh, word_en), threshold=tt, exact=ex,
                     exact_meets=Both(ex_zh, ex_en),
                     tail=(message("audit.finding.printed_met_fails")
                           if sev is Severity.ERROR else _NOTHING))))
    elif agrees is False:
        out.append(_contradiction(
            c, message("audit.finding.why_exact", exact=ex, threshold=tt), computed))
    return computed, agrees, out


def _factor(unit: str) -> int:
    return {"percent": 100, "permille": 1000}.get(unit, 1)


def _contradiction(c: Claim, why: Message | Both, computed: Verdict) -> Finding:
    assert c.verdict is not None
    if c.exemption:
        return Finding(
            severity=Severity.WARNING, code="verdict_rests_on_exemption",
            **_texts('audit.finding.verdict_rests_on_exemption', verdict=Both(c.verdict.zh, c.verdict.en), computed=Both(computed.zh, computed.en), why=why, exemption=c.exemption))
    return Finding(
        severity=Severity.ERROR, code="verdict_contradicts",
        **_texts('audit.finding.verdict_contradicts', verdict=Both(c.verdict.zh, c.verdict.en), computed=Both(computed.zh, computed.en), why=why))


def _figure_verdicts(c: Claim, thr: Threshold, figs: Sequence[tuple[str, ReportedFigure]]
                     ) -> tuple[Verdict | None, bool | None, list[Finding]]:
    """Threshold applied to printed figures only (exact values unknown)."""
    fails: list[str] = []
    unsure_pass: list[tuple[str, ReportedFigure, Fraction, Fraction]] = []
    unsure_fail: list[tuple[str, ReportedFigure, Fraction, Fraction]] = []
    for label, fig in figs:
        lo, hi = _slips.printed_interval(fig)
        d = thr.decided(lo, hi)
        if d is False:
            fails.append(label or fig.text)
        elif d is None:
            (unsure_pass if thr.holds(fig.as_fraction) else unsure_fail).append(
                (label or fig.text, fig, lo, hi))
    unit = figs[0][1].unit
    tt = thr.text(unit)
    out: list[Finding] = []
    computed: Verdict | None
    if fails:
        computed = Verdict.NOT_MET
    elif unsure_pass or unsure_fail:
        computed = None
    else:
        computed = Verdict.MET
    for label, fig, lo, hi in unsure_fail:
        rng = f"{_show(lo * fig.factor, unit, fig.decimals + 1)}–" \
              f"{_show(hi * fig.factor, unit, fig.decimals + 1)}"
        if c.verdict is Verdict.MET:
            out.append(Finding(
                severity=Severity.WARNING, code="verdict_unsupported",
                **_texts('audit.finding.verdict_unsupported', label=label, fig_text=fig.text, tt=tt, rng=rng)))
    for label, fig, lo, hi in unsure_pass:
        rng = f"{_show(lo * fig.factor, unit, fig.decimals + 1)}–" \
              f"{_show(hi * fig.factor, unit, fig.decimals + 1)}"
        out.append(Finding(
            severity=Severity.NOTE, code="verdict_undecided",
            **_texts('audit.finding.verdict_undecided', label=label, fig_text=fig.text, tt=tt, rng=rng)))
    agrees = None if c.verdict is None or computed is None else (c.verdict is computed)
    if agrees is False:
        assert computed is not None
        if fails:
            why = message("audit.finding.why_fails", values=tuple(fails), threshold=tt)
        else:
            why = message("audit.finding.why_all_meet", threshold=tt)
        out.insert(0, _contradiction(c, why, computed))
    return computed, agrees, out


# ---------------------------------------------------------------------------------------
# per kind
def _ratio_candidates(c: Claim, ctx: _Ctx, num: Fraction, den: Fraction) -> list[Candidate]:
    cands: list[Candidate] = []
    for alt in c.alternatives:
        an = quantity_value(alt.numerator) if alt.numerator is not None else None
        ad = quantity_value(alt.denominator) if alt.denominator is not None else None
        if ad and an is None:
            cands.append(Candidate(SlipKind.OTHER_DENOMINATOR,
                                   f"{_num(num)} / {_num(ad)}（{alt.label}）",
                                   f"{_num(num)} / {_num(ad)} ({alt.label})", num / ad))
        if an is not None and ad is None and den:
            cands.append(Candidate(SlipKind.SWAPPED_NUMERATOR,
                                   f"{_num(an)}（{alt.label}）/ {_num(den)}",
                                   f"{_num(an)} ({alt.label}) / {_num(den)}", an / den))
        if an is not None and ad:
            cands.append(Candidate(SlipKind.OTHER_DENOMINATOR,
                                   f"{_num(an)} / {_num(ad)}（{alt.label}）",
                                   f"{_num(an)} / {_num(ad)} ({alt.label})", an / ad))
    for o in ctx.neighbours(c):
        if o.kind is not ClaimKind.RATIO or o.numerator is None or o.denominator is None:
            continue
        on, od = quantity_value(o.numerator), quantity_value(o.denominator)
        yr = f"{o.year}年" if o.year else o.id
        yr_en = str(o.year) if o.year else o.id
        oname = o.name_zh if o.year and str(o.year) in o.name_zh else f"{yr}{o.name_zh}"
        for fig_, what_zh, what_en in ((od, "分母", "denominator"), (on, "分子", "numerator")):
            if fig_:
                cands.append(Candidate(
                    SlipKind.NEIGHBOURING_YEAR,
                    f"{_num(num)} / {_num(fig_)}（{oname}的{what_zh}）",
                    f"{_num(num)} / {_num(fig_)} (the {what_en} of {yr_en}: {o.name_en or o.id})",
                    num / fig_))
        if den:
            cands.append(Candidate(
                SlipKind.SWAPPED_NUMERATOR,
                f"{_num(on)}（{yr}的分子）/ {_num(den)}",
                f"{_num(on)} (the numerator of {yr_en}) / {_num(den)}", on / den))
    if num:
        cands.append(Candidate(SlipKind.SWAPPED_NUMERATOR,
                               f"{_num(den)} / {_num(num)}（分子分母颠倒）",
                               f"{_num(den)} / {_num(num)} (numerator and denominator swapped)",
                               den / num))
    exact = num / den
    cands += _slips.percent_candidates(exact)
    cands += _slips.scale_candidates(exact)
    return cands


def _implied_denominator(c: Claim, ctx: _Ctx, fig: ReportedFigure, num: Fraction,
                         per: Fraction, unit_txt: str) -> ClaimAudit:
    """A ratio or per-capita figure whose denominator is not printed."""
    findings: list[Finding] = []
    ds = _slips.denominators_for(fig, num, per)
    if ds:
        span = f"{ds[0]}" if ds[0] == ds[1] else f"{ds[0]}–{ds[1]}"
        findings.append(Finding(
            severity=Severity.NOTE, code="denominator_not_printed",
            **_texts('audit.finding.denominator_not_printed', fig_text=fig.text, unit_txt=unit_txt, span=span)))
    else:
        findings.append(Finding(
            severity=Severity.ERROR, code="not_reproduced",
            **_texts('audit.finding.not_reproduced_no_denominator', fig_text=fig.text, unit_txt=unit_txt)))
    thr = ctx.threshold(c)
    computed, agrees, f = (_figure_verdicts(c, thr, [("", fig)]) if thr else
                           (None, None, []))
    findings += f
    span_txt = "—" if not ds else (f"{_num(num)}{unit_txt.strip()} / {ds[0]}" if ds[0] == ds[1]
                                   else f"{_num(num)}{unit_txt.strip()} / ({ds[0]}–{ds[1]})")
    return ClaimAudit(claim=c, exact=None, exact_text=span_txt, check=None, threshold=thr,
                      computed_verdict=computed, verdict_agrees=agrees,
                      findings=_sorted(findings))


def _audit_ratio(c: Claim, ctx: _Ctx) -> ClaimAudit:
    assert c.numerator is not None
    num = quantity_value(c.numerator) * unit_scale(c.numerator_unit)
    if c.denominator is None:
        if c.reported is None:
            raise DataError(message("audit.claim", id=c.id,
                                    inner=message("audit.ratio_needs_reported")),
                            school=c.id, field="denominator")
        fig = _fig(c, c.reported, default="percent")
        return _implied_denominator(c, ctx, fig, num, Fraction(fig.factor), "")
    den = quantity_value(c.denominator) * unit_scale(c.denominator_unit)
    exact = num / den
    unit = _unit_of(c)
    findings: list[Finding] = []
    chk = None
    printed = None
    if c.reported is not None:
        fig = _fig(c, c.reported, default="percent")
        chk, f = _reproduce(c, fig, exact, _ratio_candidates(c, ctx, num, den))
        findings += f
        printed = fig.as_fraction
    thr = ctx.threshold(c)
    computed, agrees, f = _verdict(c, thr, exact, printed, unit)
    findings += f
    return ClaimAudit(claim=c, exact=exact * _factor(unit),
                      exact_text=_show(exact * _factor(unit), unit, _places(c, unit)),
                      check=chk, threshold=thr, computed_verdict=computed,
                      verdict_agrees=agrees, findings=_sorted(findings))


def _places(c: Claim, unit: str) -> int:
    if c.reported is not None:
        try:
            return parse_reported(c.reported, unit=c.unit).decimals + 3
        except DataError:
            pass
    return 4


def _audit_consolidation(c: Claim, ctx: _Ctx) -> ClaimAudit:
    assert c.graduates is not None and c.entrants is not None and c.reported is not None
    graduates, entrants = c.graduates, c.entrants

    def rate(variant: ConsolidationVariant, cap: bool) -> Fraction:
        # the exact counterpart of qbalance.ratios.consolidation_rate (issue 3)
        return exact_consolidation_rate(
            graduates, entrants, transferred_in=c.transferred_in,
            transferred_out=c.transferred_out, resumed=c.resumed, suspended=c.suspended,
            deceased=c.deceased, variant=variant, cap=cap)

    exact = rate(c.variant, c.cap)
    fig = _fig(c, c.reported, default="percent")
    unit = fig.unit
    cands = []
    names = {"full": ("完整公式", "full formula"),
             "transfers_only": ("只计转入转出", "transfers only"),
             "form": ("申报表公式（毕业生−转入+转出）/（新生−死亡）",
                      "declaration-form formula (graduates − in + out) / (entrants − deceased)")}
    variants: tuple[ConsolidationVariant, ...] = ("full", "transfers_only", "form")
    for variant in variants:
        for cap in (False, True):
            if (variant, cap) != (c.variant, c.cap):
                try:
                    v = rate(variant, cap)
                except DataError:
                    continue    # e.g. a cohort that is not positive under this formula
                zh, en = names[variant]
                cands.append(Candidate(
                    SlipKind.FORMULA_VARIANT,
                    f"{zh}{'，封顶100%' if cap else ''}：{_show(v * 100, 'percent', 4)}",
                    f"{en}{', capped at 100 %' if cap else ''}: {_show(v * 100, 'percent', 4)}",
                    v))
    cands += _slips.percent_candidates(exact)
    chk, findings = _reproduce(c, fig, exact, cands)
    thr = ctx.threshold(c)
    computed, agrees, f = _verdict(c, thr, exact, fig.as_fraction, unit)
    findings += f
    return ClaimAudit(claim=c, exact=exact * fig.factor,
                      exact_text=_show(exact * fig.factor, unit, fig.decimals + 3), check=chk,
                      threshold=thr, computed_verdict=computed, verdict_agrees=agrees,
                      findings=_sorted(findings))


def _audit_per_capita(c: Claim, ctx: _Ctx) -> ClaimAudit:
    assert c.numerator is not None
    num = quantity_value(c.numerator) * unit_scale(c.numerator_unit)
    res_scale = unit_scale(c.reported_unit)
    per = Fraction(c.per)
    findings: list[Finding] = []
    thr = ctx.threshold(c)
    unit_txt = c.reported_unit or ""
    if c.denominator is None:
        if c.reported is None:
            raise DataError(message("audit.claim", id=c.id,
                                    inner=message("audit.per_capita_needs")),
                            school=c.id, field="denominator")
        fig = _fig(c, c.reported)
        return _implied_denominator(c, ctx, fig, num / res_scale, per,
                                    f" {unit_txt}" if unit_txt else "")
    den = quantity_value(c.denominator) * unit_scale(c.denominator_unit)
    exact = num / den * per / res_scale
    chk = None
    printed = None
    if c.reported is not None:
        fig = _fig(c, c.reported)
        cands: list[Candidate] = []
        for alt in c.alternatives:
            if alt.denominator is not None:
                ad = quantity_value(alt.denominator) * unit_scale(c.denominator_unit)
                cands.append(Candidate(
                    SlipKind.OTHER_DENOMINATOR,
                    f"{_num(num / res_scale)} / {_num(ad)}（{alt.label}）",
                    f"{_num(num / res_scale)} / {_num(ad)} ({alt.label})",
                    num / ad * per / res_scale))
        cands += _slips.scale_candidates(exact, what_zh="金额", what_en="the amount")
        cands += _slips.shift_candidates(exact)
        chk, f = _reproduce(c, fig, exact, cands)
        findings += f
        printed = fig.as_fraction
    computed, agrees, f = _verdict(c, thr, exact, printed, "number")
    if agrees is False and thr is not None:
        assert computed is not None
        f = _verdict_under_alternative(c, thr, computed, num / res_scale * per, f)
    findings += f
    places = _places(c, "number") if c.reported else 2
    return ClaimAudit(claim=c, exact=exact, exact_text=f"{_dec(exact, places)}{unit_txt}",
                      check=chk, threshold=thr, computed_verdict=computed,
                      verdict_agrees=agrees, findings=_sorted(findings))


def _verdict_under_alternative(c: Claim, thr: Threshold, computed: Verdict,
                               scaled_num: Fraction, findings: list[Finding]) -> list[Finding]:
    """Downgrade a contradicted verdict to a warning when another printed reading supports it.

    ``scaled_num`` is the claim's numerator in reported units times ``per``.  An alternative
    denominator (e.g. only the pupils a top-up pays for) under which the threshold gives the
    printed verdict means the report's figure is ambiguous, not wrong: a warning to check.
    """
    assert c.verdict is not None
    for alt in c.alternatives:
        if alt.denominator is None:
            continue
        value = scaled_num / (quantity_value(alt.denominator) * unit_scale(c.denominator_unit))
        if (Verdict.MET if thr.holds(value) else Verdict.NOT_MET) is not c.verdict:
            continue
        shown = _show(value, "number", 2)
        return [x for x in findings if x.code != "verdict_contradicts"] + [Finding(
            severity=Severity.WARNING, code="verdict_only_under_alternative",
            **_texts('audit.finding.verdict_only_under_alternative', computed=Both(computed.zh, computed.en), threshold=thr.text('number'), alt_label=alt.label, shown=shown, verdict=Both(c.verdict.zh, c.verdict.en)))]
    return findings


def _audit_composite(c: Claim, ctx: _Ctx) -> ClaimAudit:
    assert c.reported is not None
    fig = _fig(c, c.reported)
    findings: list[Finding] = []
    chk = None
    exact = None
    computed = None
    agrees = None
    thr = ctx.threshold(c)
    if c.cvs is not None:
        figs = [_fig(c, t, f"cvs.{i}") for i, t in enumerate(c.cvs)]
        values = [Fraction(f.value) for f in figs]
        exact = sum(values, Fraction(0)) / len(values)
        cands = []
        for i in range(len(values)):
            rest = values[:i] + values[i + 1:]
            cands.append(Candidate(SlipKind.OMITTED_TERM,
                                   f"漏算第 {i + 1} 项（{c.cvs[i]}）后的平均数",
                                   f"the mean without CV {i + 1} ({c.cvs[i]})",
                                   sum(rest, Fraction(0)) / len(rest)))
        chk, findings = _reproduce(c, fig, exact, cands)
        # the printed CVs are rounded: the unrounded mean may lie anywhere in this range
        ivs = [_slips.printed_interval(f) for f in figs]
        mean_lo = sum((i[0] for i in ivs), Fraction(0)) / len(ivs)
        mean_hi = sum((i[1] for i in ivs), Fraction(0)) / len(ivs)
        c_lo, c_hi = _slips.printed_interval(fig)
        if (findings and findings[0].code == "not_reproduced" and findings[0].slip is None
                and mean_lo < c_hi and c_lo < mean_hi):
            findings = [Finding(
                severity=Severity.NOTE, code="composite_within_rounding",
                **_texts('audit.finding.composite_within_rounding', mean=_dec(exact, fig.decimals + 3), rounded=chk.display, printed=fig.text, mean_lo=_dec(mean_lo, fig.decimals + 2), mean_hi=_dec(mean_hi, fig.decimals + 2)))]
        if len(values) != c.count:
            findings.append(Finding(
                severity=Severity.WARNING, code="cv_count",
                **_texts('audit.finding.cv_count', printed=len(values), expected=c.count)))
        # each printed CV against the standard's limit for its indicator
        if c.segment is not None and len(values) == len(ctx.standard.indicators):
            over = []
            for spec, v, t in zip(ctx.standard.indicators, values, c.cvs, strict=True):
                lim = spec.cv_limit.get(_segment(c.segment))
                if lim is not None and v > Fraction(str(lim)):
                    over.append(f"{spec.code} {t} > {lim}")
            computed = Verdict.NOT_MET if over else Verdict.MET
            if c.verdict is not None:
                agrees = c.verdict is computed
                if not agrees:
                    findings.append(_contradiction(
                        c, Both("；".join(over), "; ".join(over)) if over
                        else message("audit.finding.why_no_cv_over"), computed))
    else:
        assert c.cv_min is not None and c.cv_max is not None
        lo_f, hi_f = _fig(c, c.cv_min, "cv_min"), _fig(c, c.cv_max, "cv_max")
        lo, hi = Fraction(lo_f.value), Fraction(hi_f.value)
        n = c.count
        # printed mean m (±half unit) must allow n values in [lo, hi] incl. both ends
        m_lo, m_hi = _slips.printed_interval(fig)
        least = (lo + hi + (n - 2) * lo) / n
        most = (lo + hi + (n - 2) * hi) / n
        if m_hi < least or m_lo > most:
            findings.append(Finding(
                severity=Severity.ERROR, code="composite_out_of_range",
                **_texts('audit.finding.composite_out_of_range', n=n, cv_min=c.cv_min, cv_max=c.cv_max, least=_dec(least, 4), most=_dec(most, 4), printed=fig.text)))
        if c.segment is not None:
            lims = {s.cv_limit.get(_segment(c.segment)) for s in ctx.standard.indicators}
            lims.discard(None)
            if lims:
                limit_f = Fraction(str(min(x for x in lims if x is not None)))
                computed = Verdict.MET if hi <= limit_f else Verdict.NOT_MET
                if c.verdict is not None:
                    agrees = c.verdict is computed
                    if not agrees:
                        findings.append(_contradiction(
                            c, message("audit.finding.why_cv_max", cv_max=c.cv_max,
                                       limit=_dec(limit_f, 3)), computed))
    if thr is not None:  # e.g. a county's composite-CV target
        tv, ta, tf = _verdict(c, thr, exact if exact is not None else fig.as_fraction,
                              fig.as_fraction if exact is not None else None, "number")
        findings += tf
        computed = tv if computed is None or tv is Verdict.NOT_MET else computed
        agrees = ta if agrees is None or ta is False else agrees
    return ClaimAudit(claim=c, exact=exact,
                      exact_text=_dec(exact, fig.decimals + 3) if exact is not None else "—",
                      check=chk, threshold=thr, computed_verdict=computed,
                      verdict_agrees=agrees, findings=_sorted(findings))


def _segment(name: str) -> Any:
    from qbalance.models import Segment
    return Segment(name)


def _tolerance(figs: Sequence[ReportedFigure]) -> Fraction:
    return sum((Fraction(1, 10**f.decimals) / 2 for f in figs if f.decimals > 0), Fraction(0))


def _audit_sum(c: Claim, ctx: _Ctx) -> ClaimAudit:
    assert c.total is not None
    scale = unit_scale(c.unit_name)
    figs = [_fig(c, p.value, f"parts.{i}.value") for i, p in enumerate(c.parts)]
    parts = [Fraction(f.value) for f in figs]
    total_q = c.total
    total = quantity_value(total_q)
    total_figs = ([_fig(c, str(total_q))] if isinstance(total_q, str) else [])
    s = sum(parts, Fraction(0))
    tol = _tolerance(figs + total_figs)
    diff = s - total
    u = c.unit_name or ""
    findings: list[Finding] = []
    ok = {"equal": abs(diff) <= tol, "at_most": diff <= tol,
          "at_least": diff >= -tol}[c.relation]
    rel_zh = {"equal": "等于", "at_most": "不超过", "at_least": "不少于"}[c.relation]
    rel_en = {"equal": "equal", "at_most": "be at most", "at_least": "be at least"}[c.relation]
    labels = " + ".join(p.value for p in c.parts)
    if not ok:
        slip = None
        # unit slip: the total printed in the other one of 元 and 万元
        for k in (Fraction(10_000), Fraction(1, 10_000)):
            t2 = total * k
            if c.relation == "equal" and abs(s - t2) <= tol + tol * k:
                slip = Slip(kind=SlipKind.YUAN_WAN, zh="合计按万元与元错读",
                            en="the total read in the wrong unit (万元 vs 元)", value=t2, modes=())
                break
        findings.append(Finding(
            severity=Severity.ERROR, code="parts_do_not_add_up",
            **_texts("audit.finding.parts_sum_differs", labels=labels, sum=_num(s), unit=u,
                     relation=Both(rel_zh, rel_en), total=_num(total), diff=_num(abs(diff)),
                     tail=(message("audit.finding.possible_slip", slip=Both(slip.zh, slip.en))
                           if slip else _NOTHING)), slip=slip))
    elif diff != 0 and c.relation == "equal":
        findings.append(Finding(
            severity=Severity.NOTE, code="sum_within_rounding",
            **_texts('audit.finding.sum_within_rounding', parts=_num(s), u=u, total=_num(total), diff=_num(abs(diff)))))
    elif diff != 0:
        findings.append(Finding(
            severity=Severity.NOTE, code="parts_leave_remainder",
            **_texts('audit.finding.parts_leave_remainder', parts=_num(s), u=u, total=_num(total), more_or_less=Both('少' if diff < 0 else '多', 'less' if diff < 0 else 'more'), diff=_num(abs(diff)))))
    thr = ctx.threshold(c)
    computed, agrees, f = _verdict(c, thr, s * scale, None, "number")
    findings += f
    return ClaimAudit(claim=c, exact=s, exact_text=f"{_num(s)}{u}", check=None, threshold=thr,
                      computed_verdict=computed, verdict_agrees=agrees,
                      findings=_sorted(findings))


def _audit_shares(c: Claim, ctx: _Ctx) -> ClaimAudit:
    assert c.total is not None
    total = quantity_value(c.total)
    n = int(total)
    figs = [_fig(c, p.value, f"parts.{i}.value", default="percent") for i, p in
            enumerate(c.parts)]
    findings: list[Finding] = []
    for p, f in zip(c.parts, figs, strict=True):
        if Fraction(f.value) > f.factor:  # more than the whole: impossible
            findings.append(Finding(
                severity=Severity.ERROR, code="share_over_whole",
                **_texts('audit.finding.share_over_whole', label=p.label, value=p.value, n=n)))
    per_mode: dict[RoundingMode, list[tuple[int, int] | None]] = {}
    for mode in RoundingMode:
        per_mode[mode] = [_slips.counts_for_rate(f, total, Fraction(f.factor), mode, limit=n)
                          for f in figs]
    rounding_ok = []
    for i, (p, f) in enumerate(zip(c.parts, figs, strict=True)):
        possible = [m for m in RoundingMode if per_mode[m][i] is not None]
        near = [k for k in (int(Fraction(f.value) * total / f.factor),
                            int(Fraction(f.value) * total / f.factor) + 1) if 0 <= k <= n]
        near_txt = "，".join(f"{k}/{n} = {_dec(Fraction(k * f.factor, n), f.decimals + 2)}"
                            f"{_sym(f.unit)}" for k in near)
        near_en = ", ".join(f"{k}/{n} = {_dec(Fraction(k * f.factor, n), f.decimals + 2)}"
                            f"{_sym(f.unit)}" for k in near)
        if not possible:
            findings.append(Finding(
                severity=Severity.ERROR, code="grim_impossible",
                **_texts('audit.finding.grim_impossible', label=p.label, value=p.value, n=n, near=Both(near_txt, near_en))))
        elif possible == [TR]:
            findings.append(Finding(
                severity=Severity.WARNING, code="grim_truncation_only",
                **_texts('audit.finding.grim_truncation_only', label=p.label, value=p.value, n=n, near=Both(near_txt, near_en))))
        rounding_ok.append(possible)
    # one rounding mode for all parts, whole counts adding up to the total
    modes_ok = []
    for mode in RoundingMode:
        rs = per_mode[mode]
        if all(r is not None for r in rs):
            lo = sum(r[0] for r in rs if r is not None)
            hi = sum(r[1] for r in rs if r is not None)
            if c.relation == "equal" and lo <= n <= hi or c.relation == "at_most" and lo <= n:
                modes_ok.append(mode)
    if c.relation in ("equal", "at_most") and not modes_ok and all(rounding_ok):
        findings.append(Finding(
            severity=Severity.ERROR, code="shares_inconsistent",
            **_texts('audit.finding.shares_inconsistent', n=n)))
    total_pct = sum((Fraction(f.value) for f in figs), Fraction(0))
    thr = ctx.threshold(c)
    computed: Verdict | None = None
    agrees: bool | None = None
    if thr is not None and figs:
        computed, agrees, more = _figure_verdicts(c, thr, [(c.parts[0].label, figs[0])])
        findings += more
    return ClaimAudit(claim=c, exact=total_pct,
                      exact_text=f"Σ {_dec(total_pct, 2)}{_sym(figs[0].unit) if figs else ''}",
                      check=None, threshold=thr, computed_verdict=computed,
                      verdict_agrees=agrees, findings=_sorted(findings))


def _audit_rate_parts(c: Claim, ctx: _Ctx) -> ClaimAudit:
    assert c.total is not None
    total = quantity_value(c.total)
    figs = [_fig(c, p.value, f"parts.{i}.value") for i, p in enumerate(c.parts)]
    bases = [quantity_value(p.base) for p in c.parts if p.base is not None]
    per = Fraction(c.per)
    findings: list[Finding] = []
    ranges: dict[RoundingMode, tuple[int, int] | None] = {}
    for mode in RoundingMode:
        rs = [_slips.counts_for_rate(f, b, per * f.factor, mode) for f, b in
              zip(figs, bases, strict=True)]
        if all(r is not None for r in rs):
            ranges[mode] = (sum(r[0] for r in rs if r is not None),
                            sum(r[1] for r in rs if r is not None))
        else:
            ranges[mode] = None
    fits = [m for m, r in ranges.items() if r is not None and r[0] <= total <= r[1]]
    detail = "；".join(f"{p.label} {p.value} × {_num(b)} / {c.per}" for p, b in
                      zip(c.parts, bases, strict=True))
    span = ranges[HU] or ranges[TR]
    span_txt = f"{span[0]}–{span[1]}" if span else "—"
    if not fits:
        findings.append(Finding(
            severity=Severity.ERROR, code="parts_do_not_add_up",
            **_texts('audit.finding.parts_do_not_add_up_rates', detail=detail, span=span_txt, total=_num(total))))
    elif fits == [TR]:
        findings.append(Finding(
            severity=Severity.WARNING, code="truncation_only",
            **_texts('audit.finding.truncation_only_parts', total=_num(total), detail=detail)))
    return ClaimAudit(claim=c, exact=total, exact_text=f"{span_txt}", check=None,
                      threshold=None, computed_verdict=None, verdict_agrees=None,
                      findings=_sorted(findings))


def _audit_figure(c: Claim, ctx: _Ctx) -> ClaimAudit:
    values: list[LabelledValue] = list(c.values)
    figs = [(v.label, _fig(c, v.value, f"values.{i}.value")) for i, v in enumerate(values)]
    if c.reported is not None:
        figs.insert(0, ("", _fig(c, c.reported)))
    findings: list[Finding] = []
    thr = ctx.threshold(c)
    computed, agrees = None, None
    if thr is not None:
        computed, agrees, f = _figure_verdicts(c, thr, figs)
        findings += f
    if c.plausible is not None:
        scale = unit_scale(c.unit_name)
        lo = Fraction(parse_reported(c.plausible[0]).value)
        hi = Fraction(parse_reported(c.plausible[1]).value)
        u = c.unit_name or ""
        for label, fig in figs:
            base = Fraction(fig.value) * scale
            if lo <= base <= hi:
                continue
            slips = [(k, zh, en) for k, zh, en in (
                (Fraction(1, 10_000), "把“元”写成了“万元”（÷10000）", "万元 written for 元 (÷ 10 000)"),
                (Fraction(10_000), "把“万元”写成了“元”（×10000）", "元 written for 万元 (× 10 000)"),
                (Fraction(10), "小数点左移了一位（×10）", "decimal point one place too far left (× 10)"),
                (Fraction(1, 10), "小数点右移了一位（÷10）", "decimal point one place too far right (÷ 10)"),
            ) if lo <= base * k <= hi]
            name = f"{label} " if label else ""
            slip = None
            if slips:
                k, zh, en = slips[0]
                kind = SlipKind.YUAN_WAN if k in (Fraction(10_000), Fraction(1, 10_000)) \
                    else SlipKind.DECIMAL_SHIFT
                slip = Slip(kind=kind, zh=zh, en=en, value=base * k, modes=())
            findings.append(Finding(
                severity=Severity.ERROR, code="implausible_value",
                **_texts("audit.finding.implausible_value", name=name, printed=fig.text, unit=u,
                         scaled=(_NOTHING if scale == 1 else
                                 message("audit.finding.scaled_value", value=_num(base))),
                         low=_num(lo), high=_num(hi),
                         why=(message("audit.finding.in_brackets", text=c.plausible_reason)
                              if c.plausible_reason else _NOTHING),
                         tail=(message("audit.finding.likely_slip", slip=Both(slip.zh, slip.en),
                                       value=_num(slip.value)) if slip else _NOTHING)),
                slip=slip))
    return ClaimAudit(claim=c, exact=None, exact_text="—", check=None, threshold=thr,
                      computed_verdict=computed, verdict_agrees=agrees,
                      findings=_sorted(findings))


def _audit_count(c: Claim, ctx: _Ctx) -> ClaimAudit:
    thr = ctx.threshold(c)
    findings: list[Finding] = []
    computed_breaches = None
    if c.items is not None:
        assert thr is not None, "Claim validation requires a rule or threshold with items"
        vals = [(t, Fraction(parse_reported(t).value)) for t in c.items]
        over = [t for t, v in vals if not thr.holds(v)]
        computed_breaches = len(over)
    printed_breaches = None
    if c.breaches is not None:
        printed_breaches = quantity_value(c.breaches)
    elif c.compliant is not None and c.total is not None:
        printed_breaches = quantity_value(c.total) - quantity_value(c.compliant)
    if (computed_breaches is not None and printed_breaches is not None
            and computed_breaches != printed_breaches):
        findings.append(Finding(
            severity=Severity.ERROR, code="count_mismatch",
            **_texts('audit.finding.count_mismatch', computed=computed_breaches, limit=thr.text() if thr else '', printed=_num(printed_breaches))))
    breaches = computed_breaches if computed_breaches is not None else printed_breaches
    assert breaches is not None
    computed = Verdict.MET if breaches <= c.allowed else Verdict.NOT_MET
    agrees = None if c.verdict is None else c.verdict is computed
    total_txt = f" / {_num(quantity_value(c.total))}" if c.total is not None else ""
    if agrees is False:
        findings.append(_contradiction(
            c, message("audit.finding.why_breaches" if thr else "audit.finding.why_breaches_standard",
                       count=f"{_num(Fraction(breaches))}{total_txt}",
                       threshold=thr.text() if thr else ""), computed))
    return ClaimAudit(claim=c, exact=Fraction(breaches),
                      exact_text=f"{_num(Fraction(breaches))}{total_txt}", check=None,
                      threshold=thr, computed_verdict=computed, verdict_agrees=agrees,
                      findings=_sorted(findings))


def _audit_survey(c: Claim, ctx: _Ctx) -> ClaimAudit:
    assert c.sample is not None and c.population is not None
    sample = quantity_value(c.sample)
    pop = quantity_value(c.population) * unit_scale(c.population_unit)
    rate = sample / pop
    thr = ctx.threshold(c)
    findings: list[Finding] = []
    if sample > pop:
        findings.append(Finding(
            severity=Severity.ERROR, code="sample_over_population",
            **_texts('audit.finding.sample_over_population', sample=_num(sample), population=_num(pop))))
    computed, agrees = None, None
    if thr is not None:
        need = thr.value * pop
        need_n = -(-need.numerator // need.denominator)  # ceiling
        computed = Verdict.MET if thr.holds(rate) else Verdict.NOT_MET
        agrees = None if c.verdict is None else c.verdict is computed
        if agrees is False:
            findings.append(_contradiction(
                c, message("audit.finding.why_sample", sample=_num(sample),
                           rate=_show(rate * 1000, "permille", 3), need=need_n), computed))
        if c.printed_rate is not None:
            pr = parse_reported(c.printed_rate, field="printed_rate")
            quoted = pr.as_fraction
            if quoted != thr.value:
                q_need = quoted * pop
                q_n = -(-q_need.numerator // q_need.denominator)
                meets_quoted = rate >= quoted
                tt = thr.text("permille")
                findings.append(Finding(
                    severity=Severity.WARNING, code="rule_misquoted",
                    **_texts('audit.finding.rule_misquoted', quoted=pr.text, tt=tt, slip=Both(SlipKind.PERCENT_PERMILLE.zh, SlipKind.PERCENT_PERMILLE.en), sample=_num(sample), population=_num(pop), rate=_show(rate * 1000, 'permille', 3), meets=Both('达到' if computed is Verdict.MET else '未达到', 'meets' if computed is Verdict.MET else 'misses'), need=need_n, meets_quoted=Both('达到' if meets_quoted else '远未达到', 'meets' if meets_quoted else 'falls far short of'), quoted_need=q_n),
                    slip=Slip(kind=SlipKind.PERCENT_PERMILLE, zh=f"{pr.text} 应为 {tt}",
                         en=f"{pr.text} should be {tt}", value=rate * 1000, modes=())))
    return ClaimAudit(claim=c, exact=rate * 1000,
                      exact_text=_show(rate * 1000, "permille", 3), check=None, threshold=thr,
                      computed_verdict=computed, verdict_agrees=agrees,
                      findings=_sorted(findings))


def _audit_restated(c: Claim, ctx: _Ctx) -> ClaimAudit:
    figs = [(v, _fig(c, v.value, f"values.{i}.value")) for i, v in enumerate(c.values)]
    u = c.unit_name or ""
    ivs = []
    for _, f in figs:
        lo, hi = _slips.printed_interval(f)
        ivs.append((lo * f.factor, hi * f.factor))
    lo_max = max(i[0] for i in ivs)
    hi_min = min(i[1] for i in ivs)
    findings: list[Finding] = []
    if lo_max > hi_min:
        where = "；".join(f"{v.section or v.label}：{v.value}{u}" for v, _ in figs)
        where_en = "; ".join(f"{v.section or v.label}: {v.value} {u}".rstrip() for v, _ in figs)
        findings.append(Finding(
            severity=Severity.WARNING, code="restated_differs", **_texts('audit.finding.restated_differs', where=Both(where, where_en))))
    return ClaimAudit(claim=c, exact=None, exact_text="—", check=None, threshold=None,
                      computed_verdict=None, verdict_agrees=None, findings=_sorted(findings))


_CHECKS: dict[ClaimKind, Callable[[Claim, _Ctx], ClaimAudit]] = {
    ClaimKind.RATIO: _audit_ratio,
    ClaimKind.CONSOLIDATION: _audit_consolidation,
    ClaimKind.PER_CAPITA: _audit_per_capita,
    ClaimKind.COMPOSITE_CV: _audit_composite,
    ClaimKind.SUM: _audit_sum,
    ClaimKind.SHARES: _audit_shares,
    ClaimKind.RATE_PARTS: _audit_rate_parts,
    ClaimKind.FIGURE: _audit_figure,
    ClaimKind.COUNT: _audit_count,
    ClaimKind.SURVEY: _audit_survey,
    ClaimKind.RESTATED: _audit_restated,
    ClaimKind.LEAD: lambda c, ctx: _report_checks(c, ctx, "lead"),
    ClaimKind.CROSS: lambda c, ctx: _report_checks(c, ctx, "cross"),
}


def _report_checks(c: Claim, ctx: _Ctx, which: str) -> ClaimAudit:
    """Lead claims and cross-figure checks live in :mod:`qbalance.audit.rollup`."""
    from qbalance.audit import rollup
    return rollup.audit_lead(c, ctx) if which == "lead" else rollup.audit_cross(c, ctx)


_SCALE_SLIPS = (SlipKind.YUAN_WAN, SlipKind.DECIMAL_SHIFT, SlipKind.PERCENT_PERMILLE)


def _settle(a: ClaimAudit) -> ClaimAudit:
    """The report-wide severity rules and the claim's source location on every finding.

    * an indicator the figures show as not met is a warning even when the report says
      so (未达标) or gives no verdict, so that listing only findings never hides it;
    * a unit slip that explains the printed figure replaces the rounding remark;
    * every finding carries the claim's line, location and quote.
    """
    c = a.claim
    findings = list(a.findings)
    if any(f.slip is not None and f.slip.kind in _SCALE_SLIPS for f in findings):
        findings = [f for f in findings if f.code != "verdict_relies_on_rounding"]
    if a.computed_verdict is Verdict.NOT_MET and c.verdict is not Verdict.MET:
        thr = (message("audit.finding.in_brackets", text=a.threshold.text(_unit_of(c)))
               if a.threshold else _NOTHING)
        said = ("audit.finding.not_met_as_reported" if c.verdict is Verdict.NOT_MET
                else "audit.finding.not_met_no_verdict")
        findings.append(Finding(severity=Severity.WARNING, code="not_met",
                                **_texts(said, threshold=thr)))
    if c.line is not None or c.where is not None or c.quote is not None:
        findings = [f if f.line is not None or f.where is not None else attrs.evolve(
            f, line=c.line, where=c.where, quote=f.quote or c.quote) for f in findings]
    return attrs.evolve(a, findings=_sorted(findings))


def _with_note(a: ClaimAudit) -> ClaimAudit:
    c = a.claim
    if not c.note or not a.findings:
        return a
    f0 = a.findings[0]
    first = attrs.evolve(f0, zh=f"{f0.zh}（核查注：{c.note}）", en=f"{f0.en} (Auditor's note: "
                         f"{c.note})")
    return attrs.evolve(a, findings=(first, *a.findings[1:]))



def _whole(exc: BaseException) -> Message | str:
    """The message of ``exc`` (a catalogue message stays one: it renders later)."""
    m = exc.args[0] if exc.args else ""
    return m if isinstance(m, Message) else str(exc)


def _inner(exc: BaseException, claim_id: str) -> Message | str:
    """The message of an error about claim ``claim_id`` without its "claim …:" head."""
    m = _whole(exc)
    if isinstance(m, Message) and m.code == "audit.claim":
        inner = m.params.get("inner")
        return inner if isinstance(inner, (Message, str)) else str(inner)
    return m if isinstance(m, Message) else m.removeprefix(f"claim {claim_id}: ")


def audit(claims: ClaimSet | Sequence[Claim] | str | Path | Mapping[str, Any], *,
          standard: Standard | str | Path | None = None) -> AuditReport:
    """Audit the claims of a report.

    Parameters
    ----------
    claims : ClaimSet, sequence of Claim, str, pathlib.Path or mapping
        The claims, a claims file, or the name of a shipped example
        (``"pingyuan"``, ``"baoqing"``, ``"midu"``, ``"lianping"``).
    standard : Standard, str or pathlib.Path, optional
        The standard whose thresholds are applied (``rule`` paths of the claims);
        default: the claim set's ``standard`` (``national-2017``).

    Returns
    -------
    AuditReport
        One :class:`ClaimAudit` per claim, in order.

    Raises
    ------
    DataValidationError
        Invalid claims: every one found, each naming the claim and field.
    SpecError
        A claim's ``rule`` is not in the standard (every such claim named).

    Examples
    --------
    Baoqing (宝清县) self-evaluation 2024, education quality indicator 1: 2810
    graduates over 2839 + 81 + 9 − 105 − 14 − 0 = 2810, printed 100 %:

    >>> from qbalance import audit, example_claims
    >>> report = audit(example_claims("baoqing"))
    >>> report["Q1-consolidation"].exact_text, report["Q1-consolidation"].status
    ('100%', 'ok')
    """
    if isinstance(claims, ClaimSet):
        cs = claims
    elif isinstance(claims, (str, Path, Mapping)):
        cs = load_claims(claims)
    else:
        items = list(claims)
        if not items or not all(isinstance(c, Claim) for c in items):
            raise DataError(message("audit.claims_arg"), field="claims")
        cs = ClaimSet(county="—", report="—", claims=tuple(items))
    std = standard if isinstance(standard, Standard) else load_standard(
        standard if standard is not None else cs.standard)
    ctx = _Ctx(std, cs.claims)
    audits: list[ClaimAudit] = []
    data_problems: list[Problem] = []
    spec_problems: list[Message | str] = []
    for c in cs.claims:  # every claim is audited, so that one run names every bad claim
        try:
            audits.append(_with_note(_settle(_CHECKS[c.kind](c, ctx))))
        except DataValidationError as exc:
            data_problems += exc.problems
        except DataError as exc:
            data_problems.append(Problem(c.id, exc.field or "claim", exc.value,
                                         _inner(exc, c.id)))
        except SpecError as exc:
            spec_problems.append(_whole(exc))
            data_problems.append(Problem(c.id, "rule", c.rule, _inner(exc, c.id)))
    if spec_problems and len(spec_problems) == len(data_problems):
        raise SpecError(message("general.lines", items=Lines(spec_problems, sep="\n")))
    if data_problems:
        raise DataValidationError(data_problems,
                                  source=message("audit.claims_of", county=cs.county))
    return AuditReport(county=cs.county, report=cs.report, source=cs.source,
                       standard_id=std.id, audits=tuple(audits))
