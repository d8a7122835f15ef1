"""The audit of a report as one self-contained, A4-printable HTML page.

The page opens with the roll-up (per area, the indicators the report's own figures
meet, and the county verdict they imply), then the report text line by line: each
claim's quote is highlighted in the colour of its worst finding (red error, amber
warning, blue note, green clean) and its findings stand beside it.  No script, no
external file: it can be mailed, archived or printed as it is.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qbalance.vocab import Lang, Severity

if TYPE_CHECKING:
    from qbalance.audit.checks import AuditReport, ClaimAudit
    from qbalance.io.documents import Document
    from qbalance.audit.rollup import ReportAudit, Rollup

__all__ = ["render", "render_audit"]

_CSS = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
       "Microsoft YaHei", sans-serif; font-size: 10.5pt; color: #222; margin: 0 auto;
       max-width: 190mm; line-height: 1.5; }
h1 { font-size: 15pt; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; }
p.head { font-size: 11.5pt; font-weight: bold; margin: 4pt 0 8pt; }
table.roll { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
table.roll th, table.roll td { border: 1px solid #bbb; padding: 2pt 4pt; text-align: left; }
table.roll th { background: #eee; }
td.v-not_met { color: #a40000; font-weight: bold; }
td.v-met { color: #1b6e20; }
.counts span { margin-right: 10pt; }
.row { display: grid; grid-template-columns: 9mm 1fr 62mm; gap: 3mm;
       border-top: 1px solid #f0f0f0; padding: 1pt 0; break-inside: avoid; }
.ln { color: #999; font-size: 8pt; text-align: right; padding-top: 2pt; }
.txt { white-space: pre-wrap; word-break: break-all; }
.notes { font-size: 8.5pt; }
.f { border-left: 3pt solid #ccc; padding: 0 0 0 3pt; margin: 0 0 3pt; }
mark { padding: 0 1pt; border-radius: 2pt; }
mark.error, .f.error { background: #fde2e1; border-color: #c62828; }
mark.warning, .f.warning { background: #fff3cd; border-color: #e0a800; }
mark.note, .f.note { background: #e3effb; border-color: #1e6fd0; }
mark.ok { background: #e8f5e9; }
.f b { font-weight: bold; }
.legend mark { margin-right: 6pt; }
@media print { .row { grid-template-columns: 8mm 1fr 58mm; } a { color: inherit; } }
"""

_SEV_ZH = {**{s.value: s.zh for s in Severity}, "ok": "无问题"}


def _e(x: str) -> str:
    return html.escape(x, quote=True)


def _rollup_html(r: Rollup, lang: Lang) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in r.header(lang))
    body = []
    for a, row in zip(r.areas, r.rows(lang), strict=True):
        cells = [f"<td>{_e(x)}</td>" for x in row]
        cells[5] = f'<td class="v-{a.verdict}">{_e(row[5])}</td>'
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<p class="head">{_e(r.headline(lang))}</p>'
            f'<table class="roll"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}'
            "</tbody></table>")


def render_audit(document: Document, report: AuditReport, rollup: Rollup | None = None,
                 lang: Lang = "zh", *, lint: Sequence[Any] = ()) -> str:
    """The HTML page of an audit of ``document``.

    Parameters
    ----------
    document : Document
        The report text.
    report : AuditReport
        The audit; claims with a ``line`` are shown at that line.
    rollup : Rollup, optional
        Shown at the top when given.
    lang : {"zh", "en"}
    lint : sequence of LintProblem
        Problems of hand-written claims, listed under the roll-up.

    Returns
    -------
    str
        A complete HTML document.
    """
    by_line: dict[int, list[ClaimAudit]] = {}
    for a in report.audits:
        if a.claim.line is not None:
            by_line.setdefault(a.claim.line, []).append(a)
    n = report.counts()
    zh = lang == "zh"
    title = (f"核查报告：{report.county}《{report.report}》" if zh
             else f"Audit: {report.county}, {report.report}")
    parts = [f"<!DOCTYPE html><html lang=\"{'zh-CN' if zh else 'en'}\"><head><meta charset=\"utf-8\">"
             f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{_e(title)}</h1>",
             f'<p class="counts">{_e(report.summary(lang))}</p>']
    if rollup is not None:
        parts.append(f"<h2>{'各领域汇总' if zh else 'Roll-up'}</h2>")
        parts.append(_rollup_html(rollup, lang))
    if lint:
        parts.append(f"<h2>{'核查项与报告原文不符之处' if zh else 'Claims not matching the text'}</h2><ul>")
        parts += [f"<li>{_e(p.claim)}: {_e(p.text(lang))}</li>" for p in lint]
        parts.append("</ul>")
    legend = "".join(f'<mark class="{s}">{_e(_SEV_ZH[s] if zh else s)} {n[s]}</mark>'
                     for s in (*(sv.value for sv in Severity), "ok"))
    parts.append(f"<h2>{'报告原文与核查发现' if zh else 'Report text and findings'}</h2>"
                 f'<p class="legend">{legend}</p>')
    for ln in document.lines:
        if not ln.text.strip():
            continue
        audits = by_line.get(ln.number, [])
        text = _marked(ln.text, audits)
        notes = []
        for a in sorted(audits, key=lambda x: -(x.severity.rank if x.severity else 0)):
            if not a.findings:
                continue
            sev = a.status
            for f in a.findings:
                notes.append(f'<div class="f {f.severity.value}"><b>{_e(a.claim.id)}</b> '
                             f"[{_e(f.severity.zh if zh else f.severity.value)}] "
                             f"{_e(f.text(lang))}</div>")
            del sev
        parts.append(f'<div class="row" id="L{ln.number}"><div class="ln">{_e(ln.where)}</div>'
                     f'<div class="txt">{text}</div><div class="notes">{"".join(notes)}</div>'
                     "</div>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _marked(text: str, audits: Sequence[ClaimAudit]) -> str:
    """``text`` escaped, each claim's quote (or its first part) wrapped in a <mark>."""
    spans: list[tuple[int, int, str, str]] = []
    for ca in audits:
        q = (ca.claim.quote or "").strip()
        start = -1
        while q and start < 0:
            start = text.find(q)
            if start < 0:
                q = q[: max(0, len(q) // 2)] if len(q) > 8 else ""
        if start < 0:
            start, q = 0, text
        spans.append((start, start + len(q), ca.status, ca.claim.id))
    spans.sort()
    out: list[str] = []
    pos = 0
    for a0, z, sev, cid in spans:
        a1 = max(a0, pos)  # overlapping quotes: mark the rest only
        if a1 >= z:
            continue
        out.append(_e(text[pos:a1]))
        out.append(f'<mark class="{sev}" title="{_e(cid)}">{_e(text[a1:z])}</mark>')
        pos = z
    out.append(_e(text[pos:]))
    return "".join(out)


def render(ra: ReportAudit, lang: Lang = "zh") -> str:
    """The HTML page of a :class:`~qbalance.audit.rollup.ReportAudit`.

    Parameters
    ----------
    ra : ReportAudit
    lang : {"zh", "en"}

    Returns
    -------
    str
    """
    return render_audit(ra.extraction.document, ra.audit, ra.rollup, lang)
