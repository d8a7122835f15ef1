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
import html
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from qbalance._messages import check_lang, message, os_reason, text as msg_text
from qbalance._progress import Bar, progress_bar
from qbalance import _render_results as _rr
from qbalance._render_results import Block, _t
from qbalance._render_evaluation import (  # the blocks and text of an evaluation
    _annex_header,
    _annex_rows,
    _banner,
    _document,
    _is_county,
    _overall,
    _resources,
    _status_text,
    _summary_blocks,
    _text_county,
    _text_resources,
)
from qbalance._text import table
from qbalance.errors import MissingDependencyError
from qbalance.vocab import Lang, Severity

__all__ = ["REPORT_FORMATS", "ReportInfo", "file_digests", "find_browser", "html_to_pdf", "render",
           "render_form_html", "render_html", "render_line", "render_markdown", "render_notebook", "render_text",
           "short_repr",
           "write_report"]

#: Formats :func:`render` and :func:`write_report` produce.
REPORT_FORMATS = ("markdown", "html", "text", "json")

# -- one document model for the text, Markdown and HTML writers --------------------
# ``Block`` and ``_t`` are defined in ``_render_results``; the blocks of an evaluation
# come from ``_render_evaluation``, those of the other results from ``_render_results``.


@attrs.frozen
class ReportInfo:
    """What a complete report states about itself besides the result (its 评估信息 table).

    Attributes
    ----------
    standard : Standard or None
        The standard applied (its full title and source are printed); ``None``: the
        shipped standard of the result's ``standard_id``, when there is one.
    date : str
        The evaluation date (ISO ``YYYY-MM-DD``).
    inputs : tuple of (str, str)
        Input file names and their SHA-256 digests.
    """

    standard: Any = None
    date: str = ""
    inputs: tuple[tuple[str, str], ...] = ()


def file_digests(paths: Sequence[str | Path]) -> tuple[tuple[str, str], ...]:
    """(file name, SHA-256 hex digest) of each existing file, for :class:`ReportInfo`.

    Parameters
    ----------
    paths : sequence of str or pathlib.Path
        The input files (missing ones are left out).

    Returns
    -------
    tuple of (str, str)
        One (name, digest) pair per existing file, in order.
    """
    import hashlib

    out = []
    for q in map(Path, paths):
        if q.is_file():
            h = hashlib.sha256()
            with q.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            out.append((q.name, h.hexdigest()))
    return tuple(out)


# -- the results that are not evaluations: their blocks (``_render_results``) ----------

def _blocks_for(result: Any) -> Any:
    """The block builder of ``result``'s type (or of a base type), or ``None``."""
    for cls in type(result).__mro__:
        builder = _BUILDERS.get(f"{cls.__module__}.{cls.__qualname__}")
        if builder is not None:
            return builder
    return None


def _plan_batch(result: Any, lang: Lang, **_: Any) -> list[Block]:
    return _rr.batch_plan_blocks(result, lang)


def _batch(result: Any, lang: Lang, show: int = 20, **_: Any) -> list[Block]:
    return _rr.batch_report_blocks(result, lang, show)


#: Result type (module.qualname) → its blocks, ``builder(result, lang, **options)``.
_BUILDERS: dict[str, Any] = {
    "qbalance.plan.apply.GapPlan": lambda r, lang, **_: _rr.plan_blocks(r, lang),
    "qbalance.plan.batch.BatchPlan": _plan_batch,
    "qbalance.evaluate.scenario.ScenarioComparison":
        lambda r, lang, **_: _rr.scenario_blocks(r, lang),
    "qbalance.evaluate.sensitivity.Sensitivity":
        lambda r, lang, top=5, **_: _rr.sensitivity_blocks(r, lang, top),
    "qbalance.evaluate.sensitivity.SegmentSensitivity":
        lambda r, lang, top=5, **_: _rr.segment_sensitivity_blocks(r, lang, top),
    "qbalance.evaluate.batch.BatchEvaluation": _batch,
    "qbalance.audit.checks.AuditReport":
        lambda r, lang, only_findings=False, document=False, **_: _rr.audit_blocks(
            r, lang, only_findings=only_findings, document=document),
    "qbalance.audit.rollup.Rollup": lambda r, lang, **_: _rr.rollup_blocks(r, lang),
    "qbalance.form.tables._Table": _rr.form_table_blocks,
    "qbalance.audit.extract.Extraction": _rr.extraction_blocks,
    "qbalance.form.tables.DeclarationForm": _rr.form_blocks,
    "qbalance.audit.rollup.ReportAudit":
        lambda r, lang, only_findings=False, document=False, **_: _rr.report_audit_blocks(
            r, lang, only_findings=only_findings, document=document),
}


def _text_lines(blocks: Sequence[Block]) -> Iterator[str]:
    """The text of ``blocks``: one line (or aligned table) per block, ``sep`` a blank line."""
    for blk in blocks:
        kind = blk[0]
        if kind == "h":
            yield blk[2]
        elif kind == "p":
            yield blk[1]
        elif kind == "pre":
            yield blk[1]
        elif kind == "sep":
            yield ""
        elif kind == "list":
            prefix = blk[2] if len(blk) > 2 else "  - "
            yield from (f"{prefix}{x}" for x in blk[1])
        elif kind in ("table", "rows"):
            align = blk[3] if kind == "table" else "l" * len(blk[1])
            yield table(blk[1], blk[2], right=[a == "r" for a in align])
        elif kind == "banner":
            yield blk[2]
            yield from (f"  - {d}" for d in blk[3])
        elif kind == "grid":  # a table of the declaration form
            yield _rr.grid_text(blk[1])


def render_line(result: Any, lang: Lang = "zh") -> str:
    """The one-line summary of an audit, a batch, a declaration form or an extraction
    (their ``summary(lang)``).

    Parameters
    ----------
    result : AuditReport, BatchEvaluation, DeclarationForm or Extraction
        The result.
    lang : {"zh", "en"}
        Language (Chinese by default).

    Returns
    -------
    str
        One line: what was audited or evaluated and the counts per status.

    Raises
    ------
    TypeError
        ``result`` has no one-line summary.

    Examples
    --------
    >>> from qbalance import audit
    >>> from qbalance.report import render_line
    >>> print(render_line(audit("midu"), "en"))
    弥渡县: 62 claims audited: 7 error(s), 6 warning(s), 2 note(s), 47 ok (standard national-2017)
    """
    lang = check_lang(lang)
    if _is_batch(result):
        return _rr.batch_line(result, lang)
    if hasattr(result, "audits") and hasattr(result, "counts"):
        return _rr.audit_line(result, lang)
    if hasattr(result, "tables") and hasattr(result, "heading"):
        return _rr.form_line(result, lang)
    if hasattr(result, "uncovered") and hasattr(result, "claims"):
        return _rr.extraction_line(result, lang)
    raise TypeError(str(message("report.no_line", type=type(result).__name__)))


def render_text(result: Any, lang: Lang = "zh", **options: Any) -> str:
    """The plain-text report of a result (what its ``summary(lang)`` and ``str()`` give).

    Parameters
    ----------
    result : any qbalance result
        An evaluation, a plan, a comparison, a sensitivity, a batch, an audit …
    lang : {"zh", "en"}
        Language (Chinese by default).
    **options
        Options of the result's text: ``top`` (schools listed under "fix first" of a
        sensitivity), ``only_findings`` (an audit's claims with findings only).

    Returns
    -------
    str
        Tables aligned for a terminal (full-width characters count double).

    Raises
    ------
    TypeError
        ``result`` is not an evaluation this module renders as text.

    Examples
    --------
    >>> from qbalance import evaluate_resources, example_county
    >>> from qbalance.report import render_text
    >>> print(render_text(evaluate_resources(example_county())).splitlines()[0])
    资源配置评估 — 示例县（2025年），标准《县域义务教育优质均衡发展督导评估办法（国家标准）》（national-2017）
    """
    lang = check_lang(lang)
    if _is_county(result):
        return _text_county(result, lang)
    if _resources(result) is result:
        return _text_resources(result, lang)
    builder = _blocks_for(result)
    if builder is not None:
        return "\n".join(_text_lines(builder(result, lang, **options)))
    raise TypeError(str(message("report.no_text", type=type(result).__name__)))


# -- Markdown ------------------------------------------------------------------------

def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown_chunks(blocks: Sequence[Block], figures: Mapping[str, str],
                     lang: Lang = "zh") -> Iterator[str]:
    for blk in blocks:
        kind = blk[0]
        if kind == "h":
            yield "#" * blk[1] + " " + blk[2] + "\n\n"
        elif kind == "banner":
            lines = [f"> **{blk[2]}**"] + ([">"] + [f"> - {d}" for d in blk[3]] if blk[3] else [])
            yield "\n".join(lines) + "\n\n"
        elif kind == "p":
            text = blk[1]
            yield (f"> {text}" if blk[2] == "note" else
                   f"**{text}**" if blk[2] in ("pass", "fail") else text) + "\n\n"
        elif kind == "pre":
            yield "```\n" + blk[1] + "\n```\n\n"
        elif kind == "list":
            yield "\n".join(f"- {_md_cell(x)}" for x in blk[1]) + "\n\n"
        elif kind in ("table", "rows"):
            header, rows = blk[1], blk[2]
            align = blk[3] if kind == "table" else "l" * len(header)
            out = ["| " + " | ".join(_md_cell(h) for h in header) + " |",
                   "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
            out.extend("| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows)
            yield "\n".join(out) + "\n\n"
        elif kind == "annex":
            seg = blk[1]
            header = _annex_header(seg, lang)
            buf = ["| " + " | ".join(_md_cell(h) for h in header) + " |",
                   "|" + "|".join(["---:", "---", "---", "---:"] + ["---:"] * len(seg.indicators)
                                  + ["---:", "---"]) + "|"]
            for cells, _marks, _ok in _annex_rows(seg, lang):
                buf.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
                if len(buf) >= 2000:
                    yield "\n".join(buf) + "\n"
                    buf.clear()
            yield "\n".join(buf) + "\n\n"
        elif kind == "grid":  # a table of the declaration form
            yield _rr.grid_markdown(blk[1]) + "\n\n"
        elif kind == "fig" and blk[1] in figures:
            yield f"![{blk[2]}]({figures[blk[1]]})\n\n"


def _markdown(blocks: Sequence[Block], figures: Mapping[str, str], lang: Lang = "zh") -> str:
    return "".join(_markdown_chunks(blocks, figures, lang)).rstrip() + "\n"


def _info(info: ReportInfo | None) -> ReportInfo:
    if info is None:
        import datetime

        return ReportInfo(date=datetime.date.today().isoformat())
    if not info.date:
        import datetime

        return attrs.evolve(info, date=datetime.date.today().isoformat())
    return info


def render_markdown(result: Any, *, lang: Lang = "zh", audit: Any = None,
                    figures: Mapping[str, str] | None = None, info: ReportInfo | None = None,
                    annex: bool = True, **options: Any) -> str:
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
    info : ReportInfo, optional
        The standard, evaluation date (default today) and input files with their
        checksums, printed under the verdict banner.
    annex : bool
        Append the per-school annex (every school's seven values with their marks).

    Returns
    -------
    str
        The Markdown text (tables as pipe tables): title, verdict banner, the
        evaluation's details, every section, then the annex.

    Raises
    ------
    ValueError
        ``lang`` is neither ``"zh"`` nor ``"en"``.

    Notes
    -----
    The other results (a plan, a comparison, a sensitivity, a batch, an audit) are
    written from the blocks of their text (:func:`render_text`), with a title;
    ``options`` are those of :func:`render_text` (``only_findings`` …).
    """
    lang = check_lang(lang)
    builder = None if _is_county(result) or _resources(result) is not None else _blocks_for(
        result)
    if builder is not None:  # a plan, a comparison, an audit …: the blocks of its text
        return _markdown(builder(result, lang, document=True, **options), {}, lang)
    return _markdown(_document(result, lang, audit, figures=bool(figures), info=_info(info),
                               annex=annex), figures or {}, lang)


# -- HTML ----------------------------------------------------------------------------

_CSS = """
.qb{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",
"WenQuanYi Micro Hei","Helvetica Neue",Arial,sans-serif;color:#222;line-height:1.5;
max-width:1100px;margin:0 auto;padding:0 1em;text-align:left}
.qb table{border-collapse:collapse;margin:.6em 0 1em;font-size:.92em}
.qb th,.qb td{border:1px solid #ccc;padding:.25em .6em;vertical-align:top;text-align:left}
.qb th{background:#f2f4f7;white-space:nowrap}
.qb td span.pass,.qb td span.fail,.qb td span.na{white-space:nowrap}
.qb td.r{text-align:right;white-space:nowrap}
.qb .pass{color:#1a7f37}.qb .fail{color:#b42318}.qb .na{color:#777}.qb .warn{color:#b54708}
.qb p.note{color:#555;font-size:.9em;border-left:3px solid #ccc;padding-left:.6em}
.qb figure{margin:1em 0}.qb figure img{max-width:100%;height:auto}
.qb figcaption{color:#555;font-size:.9em}.qb pre{background:#f6f8fa;padding:.6em}
.qb nav.toc ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3em 1.2em}
.qb nav.toc a{color:#1f4e99;text-decoration:none}
.qb .banner{border-radius:6px;padding:.7em 1em;margin:.8em 0 1.2em;border:1px solid}
.qb .banner.pass{background:#e7f6ec;border-color:#1a7f37}
.qb .banner.fail{background:#fdecea;border-color:#b42318}
.qb .banner.na{background:#f2f4f7;border-color:#777}
.qb .banner strong{font-size:1.3em;display:block}
.qb .banner ul{margin:.3em 0 0;padding-left:1.2em;color:#222}
.qb table.annex{font-size:.85em}.qb table.annex td.nm{white-space:nowrap}
.qb h1,.qb h2,.qb h3,.qb h4{break-after:avoid;page-break-after:avoid}
.qb details summary{cursor:pointer;color:#1f4e99}
@media print{
.qb{max-width:none;padding:0;font-size:10pt}
.qb nav.toc{display:none}
.qb figure{break-inside:avoid}.qb tr{break-inside:avoid}
.qb thead{display:table-header-group}
.qb p{orphans:3;widows:3}
.qb .banner,.qb th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.qb table.annex{font-size:7.5pt}.qb table.annex td,.qb table.annex th{padding:.1em .3em}
}
"""

#: A4 pages with a page number at the foot of each (CSS page-margin boxes).
_PAGE_CSS = {
    "zh": '@page{size:A4;margin:16mm 14mm 18mm;@bottom-center{content:"第 " counter(page) '
          '" 页，共 " counter(pages) " 页";font-size:9pt;color:#555}}',
    "en": '@page{size:A4;margin:16mm 14mm 18mm;@bottom-center{content:"Page " counter(page) '
          '" of " counter(pages);font-size:9pt;color:#555}}',
}


def _html_cell(text: str) -> str:
    e = html.escape(str(text))
    if e.startswith("✓"):
        return f'<span class="pass">{e}</span>'
    if e.startswith("✗"):
        return f'<span class="fail">{e}</span>'
    if e.startswith(("—", "?", "–")):
        return f'<span class="na">{e}</span>'
    return e


def _html_table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="r">{_html_cell(c)}</td>' if a == "r" else
                         f"<td>{_html_cell(c)}</td>"
                         for c, a in zip(r, align, strict=False)) + "</tr>"
        for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _html_annex(seg: Any, lang: Lang, bar: Bar | None = None) -> Iterator[str]:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in _annex_header(seg, lang))
    yield f'<table class="annex"><thead><tr>{head}</tr></thead><tbody>'
    buf: list[str] = []
    esc = html.escape
    for cells, marks, ok in _annex_rows(seg, lang):
        k = len(marks)
        vals = "".join(f'<td class="r {m}">{c}</td>' for c, m in zip(cells[4:4 + k], marks,
                                                                       strict=True))
        buf.append(f'<tr><td class="r">{cells[0]}</td><td>{esc(cells[1])}</td>'
                   f'<td class="nm">{esc(cells[2])}</td><td class="r">{cells[3]}</td>{vals}'
                   f'<td class="r">{cells[4 + k]}</td>'
                   f'<td><span class="{"pass" if ok else "fail"}">{cells[5 + k]}</span></td></tr>')
        if len(buf) >= 1000:
            if bar is not None:
                bar.update(len(buf))
            yield "".join(buf)
            buf.clear()
    if bar is not None:
        bar.update(len(buf))
    yield "".join(buf) + "</tbody></table>"


def _html_chunks(blocks: Sequence[Block], images: Mapping[str, str], *, toc: bool = False,
                 lang: Lang = "zh", bar: Bar | None = None) -> Iterator[str]:
    sections = [blk[2] for blk in blocks if blk[0] == "h" and blk[1] == 2]
    n_h2 = 0
    for blk in blocks:
        kind = blk[0]
        if kind == "h" and blk[1] == 2:
            n_h2 += 1
            yield f'<h2 id="s{n_h2}">{html.escape(blk[2])}</h2>'
        elif kind == "h":
            yield f"<h{blk[1]}>{html.escape(blk[2])}</h{blk[1]}>"
            if blk[1] == 1 and toc and len(sections) >= 2:
                links = "".join(f'<li><a href="#s{k}">{html.escape(t)}</a></li>'
                                for k, t in enumerate(sections, start=1))
                yield f'<nav class="toc"><ul>{links}</ul></nav>'
        elif kind == "banner":
            items = "".join(f"<li>{_html_cell(d)}</li>" for d in blk[3])
            yield (f'<div class="banner {blk[1]}" role="status"><strong>{html.escape(blk[2])}'
                   f"</strong>{f'<ul>{items}</ul>' if items else ''}</div>")
        elif kind == "p":
            cls = f' class="{blk[2]}"' if blk[2] else ""
            yield f"<p{cls}>{html.escape(blk[1])}</p>"
        elif kind == "pre":
            yield f"<pre>{html.escape(blk[1])}</pre>"
        elif kind == "list":
            yield "<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in blk[1]) + "</ul>"
        elif kind == "table":
            yield _html_table(blk[1], blk[2], blk[3])
        elif kind == "annex":
            yield from _html_annex(blk[1], lang, bar)
        elif kind == "rows":  # a table whose rows carry a class each (qb-error, qb-ok …)
            head = "".join(f"<th>{html.escape(h)}</th>" for h in blk[1])
            body = "".join(f'<tr class="qb-{c}">' + "".join(f"<td>{html.escape(x)}</td>"
                                                              for x in r) + "</tr>"
                           for r, c in zip(blk[2], blk[3], strict=True))
            yield f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        elif kind == "grid":  # a table of the declaration form
            yield _rr.grid_html(blk[1])
        elif kind == "fig" and blk[1] in images:
            yield (f'<figure><img src="{images[blk[1]]}" alt="{html.escape(blk[2])}">'
                   f"<figcaption>{html.escape(blk[2])}</figcaption></figure>")


def _html_body(blocks: Sequence[Block], images: Mapping[str, str], *, toc: bool = False,
               lang: Lang = "zh") -> str:
    return "\n".join(_html_chunks(blocks, images, toc=toc, lang=lang))


def _figure_images(result: Any, lang: Lang, bar: Bar | None = None
                   ) -> tuple[dict[str, str], str | None]:
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
    if bar is not None:
        bar.update()
    for seg in res.segments:
        figs[f"schools-{seg.segment.value}"] = plot_schools(res, seg.segment, lang=lang)
        if bar is not None:
            bar.update()
    return ({k: "data:image/png;base64," + base64.b64encode(figure_bytes(f, "png")).decode()
             for k, f in figs.items()}, None)


#: Reports of at least this many schools show a progress bar on a terminal.
PROGRESS_MIN_SCHOOLS = 2000


def _report_steps(result: Any, plots: bool, annex: bool) -> int:
    """Steps of a large report's progress bar (figures, then annex rows); 0 if small."""
    res = _resources(result)
    if res is None:
        return 0
    n = sum(len(seg.schools) for seg in res.segments)
    if n < PROGRESS_MIN_SCHOOLS:
        return 0
    return (1 + len(res.segments) if plots else 0) + (n if annex else 0)


def _html_page(result: Any, lang: Lang, audit: Any, plots: bool, standalone: bool,
               info: ReportInfo | None, annex: bool | None) -> Iterator[str]:
    with_annex = standalone if annex is None else annex
    steps = _report_steps(result, plots, with_annex)
    if not steps:
        yield from _html_page_with(result, lang, audit, plots, standalone, info, annex, None)
        return
    with progress_bar(steps, msg_text("progress.report", lang)) as bar:
        yield from _html_page_with(result, lang, audit, plots, standalone, info, annex, bar)


def _html_page_with(result: Any, lang: Lang, audit: Any, plots: bool, standalone: bool,
                    info: ReportInfo | None, annex: bool | None, bar: Bar | None
                    ) -> Iterator[str]:
    images: dict[str, str] = {}
    note = None
    if plots:
        images, note = _figure_images(result, lang, bar)
    if standalone:
        info = _info(info)
    blocks = _document(result, lang, audit, figures=bool(images), info=info,
                       annex=standalone if annex is None else annex)
    if note:
        blocks.insert(1, ("p", note, "note"))
    if not standalone:
        yield f'<div class="qb"><style>{_CSS}</style>'
        yield from _html_chunks(blocks, images, lang=lang, bar=bar)
        yield "</div>"
        return
    title = html.escape(blocks[0][2])
    html_lang = "zh-CN" if lang == "zh" else "en"
    yield (f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           f"<title>{title}</title>\n<style>{_PAGE_CSS[lang]}{_CSS}</style>\n</head>\n"
           f'<body class="qb">\n')
    for chunk in _html_chunks(blocks, images, toc=True, lang=lang, bar=bar):
        yield chunk + "\n"
    yield "</body>\n</html>\n"


def render_form_html(form: Any) -> str:
    """The HTML of a declaration form (申报表) or of one of its tables (their ``to_html``).

    Parameters
    ----------
    form : DeclarationForm or a table of it
        The form, or one table (``form.schools`` …).

    Returns
    -------
    str
        For a form: its style sheet and a ``<div class="qb-declaration-form">`` with the
        heading (county, year) and every table; for a table: a ``<table class="qb-form">``
        (caption, group headers, headers, L-codes, rows) followed by its notes.

    Examples
    --------
    >>> from qbalance import declaration_form, evaluate_county, example_county
    >>> from qbalance.report import render_form_html
    >>> county = example_county()
    >>> form = declaration_form(evaluate_county(county), county)
    >>> render_form_html(form.cvs).startswith('<table class="qb-form"><caption>表Ⅲ')
    True
    """
    if hasattr(form, "tables") and hasattr(form, "heading"):
        return _rr.form_html(form)
    return _rr.grid_html(form)


def render_html(result: Any, *, lang: Lang = "zh", audit: Any = None, plots: bool = True,
                standalone: bool = True, info: ReportInfo | None = None,
                annex: bool | None = None) -> str:
    """The report as HTML: a standalone page, or a fragment for Jupyter.

    The page opens with the verdict banner and the evaluation's details (the
    standard's full title and source, the evaluation date, the input files and
    their SHA-256), then every section, then the per-school annex (every school's
    seven values marked met / below the standard / below the floor).  It prints on
    A4 with the page number at the foot of each page and no heading left alone at
    the bottom of a page.

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
        Beyond a few thousand schools the per-school figures draw a rank sample
        and say so.
    standalone : bool
        A complete HTML document (``<!DOCTYPE html>`` …) rather than a fragment.
    info : ReportInfo, optional
        Standard, evaluation date (default: today) and input files of a standalone
        page.
    annex : bool, optional
        Include the per-school annex (default: in a standalone page only).

    Returns
    -------
    str
        The HTML page, or with ``standalone=False`` a ``<div class="qb">`` fragment
        carrying its own style sheet.

    Raises
    ------
    ValueError
        ``lang`` is neither ``"zh"`` nor ``"en"``.
    """
    lang = check_lang(lang)
    return "".join(_html_page(result, lang, audit, plots, standalone, info, annex))


# -- notebooks: a compact view of every result ----------------------------------------

_NB_CSS = (".qb table th,.qb table td{text-align:left}.qb table td.r{text-align:right}"
           ".qb tr.qb-error td{background:#fde2e1}.qb tr.qb-warning td{background:#fff3cd}"
           ".qb tr.qb-note td{background:#e8f1fb}"
           ".qb .banner{margin:.3em 0 .6em}.qb details{margin:.4em 0}"
           ".qb pre{text-align:left;white-space:pre;overflow-x:auto}")


def _lang_default() -> Lang:
    import os

    return "en" if os.environ.get("QBALANCE_LANG", "zh").lower().startswith("en") else "zh"


def _is_batch(result: Any) -> bool:
    return hasattr(result, "segment_passed") and hasattr(result, "school_values")


def _text_of(result: Any, lang: Lang) -> str:
    summary = getattr(result, "summary", None)
    if callable(summary):
        try:
            return str(summary(lang))
        except TypeError:
            return str(summary())
    return str(result)


def _notebook_blocks(result: Any, lang: Lang) -> tuple[Block, list[Block], list[Block]]:
    """(banner, key blocks, detail blocks) of ``result``."""
    if _is_batch(result):
        return _rr.batch_blocks(result, lang)
    res = _resources(result)
    if _is_county(result) or res is not None:
        doc = _document(result, lang, None, figures=False)
        banner = _banner(result, res, lang)
        summary = _summary_blocks(result, res, lang)
        key = [blk for blk in summary if blk[0] == "table"][1:] or summary[1:]
        others = [blk for blk in doc[1:] if blk not in summary and not (
            blk[0] == "p" and blk[2] == "note" and "qbalance" in blk[1])]
        return banner, key, others
    if hasattr(result, "audits") and all(hasattr(a, "findings") for a in result.audits):
        n_err = sum(1 for a in result.audits if a.severity is Severity.ERROR)
        cls = "fail" if n_err else "pass"
        banner = ("banner", cls, _text_of(result, lang), [])
        header = _rr.audit_table_header(result, lang)
        rows = _rr.audit_rows(result, lang, only_findings=False)
        found = [(r, a.status) for r, a in zip(rows, result.audits, strict=True) if a.findings]
        clean = [(r, a.status) for r, a in zip(rows, result.audits, strict=True)
                 if not a.findings]
        with_findings: list[Block] = (
            [("rows", header, [r for r, _ in found], [c for _, c in found])] if found
            else [("p", _t(lang, "未发现问题。", "Nothing found."), "pass")])
        without: list[Block] = ([("rows", header, [r for r, _ in clean],
                                  [c for _, c in clean])] if clean else [])
        return banner, with_findings, without
    passed = _overall(result)
    cls = "na" if passed is None else "pass" if passed else "fail"
    builder = _blocks_for(result)
    if builder is not None:  # the blocks of its text: the title as banner, the first table
        blocks = [blk for blk in builder(result, lang) if blk[0] != "sep"]
        title, rest = blocks[0], blocks[1:]
        tables = [k for k, blk in enumerate(rest) if blk[0] in ("table", "rows", "grid")]
        cut = tables[0] + 1 if tables else min(len(rest), 3)
        text = title[2] if title[0] == "h" else title[1]
        return ("banner", cls, text, []), rest[:cut], rest[cut:]
    text = _text_of(result, lang)
    lines = text.splitlines() or [""]
    head, tail = lines[0], lines[1:]
    shown: list[Block] = [("pre", "\n".join(tail[:25]))] if tail else []
    more: list[Block] = [("pre", "\n".join(tail[25:]))] if len(tail) > 25 else []
    return ("banner", cls, head, []), shown, more


def render_notebook(result: Any, lang: Lang | None = None) -> str:
    """The compact HTML a result shows in Jupyter (its ``_repr_html_``).

    A verdict banner, the key table, and the rest folded in a "details" element;
    text left-aligned; a batch shows counts and the first failing counties, never
    its arrays.

    Parameters
    ----------
    result : any qbalance result
        An evaluation, a batch, an audit, a plan, a comparison …
    lang : {"zh", "en"}, optional
        Language (default ``QBALANCE_LANG``, else Chinese).

    Returns
    -------
    str
        A ``<div class="qb">`` fragment with its own style sheet.

    Examples
    --------
    >>> from qbalance import evaluate_resources, example_county
    >>> from qbalance.report import render_notebook
    >>> page = render_notebook(evaluate_resources(example_county()))
    >>> page.count('<div class="banner'), page.count("<details>")
    (1, 1)
    """
    lg = check_lang(lang or _lang_default())
    banner, key, details = _notebook_blocks(result, lg)
    out = [f'<div class="qb"><style>{_CSS}{_NB_CSS}</style>']
    out.extend(_html_chunks([banner, *key], {}, lang=lg))
    if details:
        out.append(f"<details><summary>{_t(lg, '详细内容', 'Details')}</summary>")
        out.extend(_html_chunks(details, {}, lang=lg))
        out.append("</details>")
    out.append("</div>")
    return "\n".join(out)


def short_repr(result: Any) -> str:
    """A one-line ``__repr__`` of a result: its type, whom it is about and the verdict.

    Parameters
    ----------
    result : any qbalance result
        The result.

    Returns
    -------
    str
        E.g. ``<ResourceEvaluation 示例县 2025 national-2017: ✗ 未达标; 小学 14所, 初中 8所>``.

    Examples
    --------
    >>> from qbalance import evaluate_resources, example_county
    >>> from qbalance.report import short_repr
    >>> short_repr(evaluate_resources(example_county()))
    '<ResourceEvaluation 示例县 2025 national-2017: ✗ 未达标; 小学 14所, 初中 8所>'
    """
    lang = _lang_default()
    name = type(result).__name__
    if _is_batch(result):
        banner, _k, _d = _rr.batch_blocks(result, lang)
        return f"<{name} {result.standard_id}: {banner[2]}>"
    res = _resources(result)
    if res is not None or _is_county(result):
        src = res if res is not None else result
        county = getattr(result, "county", None) or getattr(src, "county", "")
        county = str(getattr(county, "name", county))
        year = getattr(result, "year", None) or getattr(src, "year", "")
        sid = getattr(result, "standard_id", None) or getattr(src, "standard_id", "")
        segs = ""
        if res is not None:
            segs = "; " + ", ".join(
                (f"{s.segment.zh} {len(s.schools)}所" if lang == "zh" else
                 f"{s.segment.en} {len(s.schools)} schools") for s in res.segments)
        return f"<{name} {county} {year} {sid}: {_status_text(result, lang)}{segs}>"
    first = _text_of(result, lang).splitlines()
    line = first[0] if first else ""
    return f"<{name}: {line[:120]}{'…' if len(line) > 120 else ''}>"


def render(result: Any, fmt: str = "text", *, lang: Lang = "zh", audit: Any = None,
           plots: bool = True, info: ReportInfo | None = None) -> str:
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
    info : ReportInfo, optional
        Standard, evaluation date and input files (``"markdown"`` and ``"html"``).

    Returns
    -------
    str
        The report text: the result's ``summary(lang)`` for ``"text"`` (followed by
        the audit table when ``audit`` is given), :func:`render_markdown`,
        :func:`render_html` (a standalone page), or indented JSON; ends with a
        newline for ``"text"`` and ``"json"``.

    Raises
    ------
    SpecError
        ``lang`` other than ``"zh"``/``"en"``.
    ValueError
        Unknown ``fmt``, or ``audit`` given with ``fmt="json"``.
    """
    lang = check_lang(lang)
    if fmt == "markdown":
        return render_markdown(result, lang=lang, audit=audit, info=info)
    if fmt == "html":
        return render_html(result, lang=lang, audit=audit, plots=plots, info=info)
    if fmt == "json":
        import json

        if audit is not None:
            raise ValueError(message("report.json_audit"))
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
    raise ValueError(message("report.fmt", value=fmt, options=", ".join(REPORT_FORMATS)))


#: Browsers that can print a page to PDF headlessly, in the order they are looked for.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
            "microsoft-edge")


def find_browser() -> str | None:
    """The headless browser used for PDF output: ``QBALANCE_BROWSER``, else the first found.

    Returns
    -------
    str or None
        A path or command name of Chromium (or Chrome / Edge), or ``None``.
    """
    import os
    import shutil

    env = os.environ.get("QBALANCE_BROWSER")
    if env:
        return env
    return next((p for p in map(shutil.which, BROWSERS) if p), None)


def html_to_pdf(page: str | Path, pdf: str | Path, *, lang: Lang = "zh",
                timeout: float = 600.0) -> Path:
    """Print an HTML file to PDF with headless Chromium (A4, the page's own page numbers).

    Parameters
    ----------
    page : str or pathlib.Path
        The HTML file.
    pdf : str or pathlib.Path
        The PDF to write.
    lang : {"zh", "en"}
        Language of the error message.
    timeout : float
        Seconds to wait for the browser.

    Returns
    -------
    pathlib.Path
        ``pdf``.

    Raises
    ------
    MissingDependencyError
        No headless browser is installed.
    QBalanceError
        The browser failed or wrote no PDF.
    """
    lang = check_lang(lang)
    import subprocess
    import tempfile

    from qbalance.errors import QBalanceError

    browser = find_browser()
    if browser is None:
        raise MissingDependencyError(_t(
            lang, "PDF 输出需要无头浏览器 Chromium（或 Chrome），但未找到。请安装（例如 "
                  "apt-get install chromium），或用环境变量 QBALANCE_BROWSER 指明浏览器路径；"
                  "也可以输出 HTML（--format html）后在浏览器中打印为 PDF。",
            "PDF output needs a headless Chromium (or Chrome) browser, and none was found: "
            "install one (e.g. apt-get install chromium) or name it in QBALANCE_BROWSER; "
            "or write HTML (--format html) and print it to PDF from a browser."))
    out = Path(pdf).resolve()
    with tempfile.TemporaryDirectory(prefix="qbalance-pdf-") as profile:
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--disable-dev-shm-usage", "--no-pdf-header-footer",
               f"--user-data-dir={profile}", f"--print-to-pdf={out}",
               Path(page).resolve().as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  check=False)
        except OSError as exc:
            why = os_reason(exc)
            raise QBalanceError(msg_text("report.pdf_failed", lang, browser=browser,
                                         why=why.render(lang))) from exc
        except subprocess.TimeoutExpired as exc:
            raise QBalanceError(msg_text("report.pdf_timeout", lang, browser=browser,
                                         seconds=f"{exc.timeout:g}")) from exc
    if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        tail = (proc.stderr or "").strip().splitlines()[-3:]
        raise QBalanceError(_t(lang, f"{browser} 未能生成 PDF（退出码 {proc.returncode}）：",
                               f"{browser} wrote no PDF (exit status {proc.returncode}): ")
                            + " / ".join(tail))
    return out


def write_report(result: Any, path: str | Path, *, fmt: str | None = None, lang: Lang = "zh",
                 audit: Any = None, plots: bool = True, info: ReportInfo | None = None) -> Path:
    """Write the report to ``path``; the format follows the suffix unless ``fmt`` is given.

    ``.md`` → Markdown (figures saved as PNG in ``<stem>-figures/`` and linked, when
    matplotlib is installed), ``.html`` → standalone HTML with embedded figures,
    ``.pdf`` → that page printed to A4 PDF by headless Chromium, ``.json`` → the
    result's ``to_dict()`` (:func:`qbalance.io.load_result` reads it back),
    anything else → text.  HTML and Markdown are written as they are produced (the
    per-school annex of a national table is never held in memory as one string).

    Parameters
    ----------
    result : ResourceEvaluation or a county evaluation result
        What to report.
    path : str or pathlib.Path
        The file to write (UTF-8).
    fmt : {"text", "markdown", "html", "pdf", "json"}, optional
        Output format; by default from the suffix of ``path`` (``.md``/``.markdown``,
        ``.html``/``.htm``, ``.pdf``, ``.json``, otherwise text).
    lang : {"zh", "en"}
        Language (Chinese by default).
    audit : AuditReport, optional
        Audit findings to include (not with ``"json"``).
    plots : bool
        Draw the figures: saved as PNG next to a Markdown report, embedded in an
        HTML one (skipped without matplotlib).
    info : ReportInfo, optional
        Standard, evaluation date (default: today) and input files with checksums.

    Returns
    -------
    pathlib.Path
        ``path``, as a :class:`~pathlib.Path`.

    Raises
    ------
    SpecError
        ``lang`` other than ``"zh"``/``"en"``.
    ValueError
        Unknown ``fmt``, or ``audit`` given with ``fmt="json"``.
    MissingDependencyError
        ``"pdf"`` and no headless browser is installed (the message says what to do).

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
    lang = check_lang(lang)
    p = Path(path)
    if fmt is None:
        fmt = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
               ".json": "json", ".pdf": "pdf"}.get(p.suffix.lower(), "text")
    if fmt == "pdf":
        import tempfile

        if find_browser() is None:
            html_to_pdf(p, p, lang=lang)  # raises the clear message
        with tempfile.TemporaryDirectory(prefix="qbalance-report-") as d:
            page = Path(d) / "report.html"
            write_report(result, page, fmt="html", lang=lang, audit=audit, plots=plots,
                         info=info)
            html_to_pdf(page, p, lang=lang)
        return p
    if fmt == "html":
        with p.open("w", encoding="utf-8") as fh:
            for chunk in _html_page(result, lang, audit, plots, True, info, None):
                fh.write(chunk)
        return p
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
        blocks = _document(result, lang, audit, figures=bool(figures), info=_info(info),
                           annex=True)
        with p.open("w", encoding="utf-8") as fh:
            last = ""
            for chunk in _markdown_chunks(blocks, figures, lang):
                if last:
                    fh.write(last)
                last = chunk
            fh.write(last.rstrip() + "\n")
        return p
    text = render(result, fmt, lang=lang, audit=audit, plots=plots, info=info)
    p.write_text(text, encoding="utf-8")
    return p
