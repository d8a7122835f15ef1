"""``qbalance audit``: audit a report (its text, or a claims file) and list what does not add up."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from qbalance._data import shipped_names
from qbalance._messages import message, text
from qbalance.cli._lang import add_lang, check_out, stderr, tr, written
from qbalance.errors import DataError
from qbalance.vocab import Lang

# the audit is imported by run(), so that ``qbalance --help`` does not load it
#: Suffixes read as claims files; anything else is a report (.txt, .docx, .pdf).
CLAIMS_SUFFIXES = (".toml", ".json", ".yaml", ".yml")
#: Suffixes read as a filled declaration form (申报表).
FORM_SUFFIXES = (".xlsx", ".xlsm")


def register(sub: Any) -> None:
    """Add the ``audit`` subcommand to ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "audit", help=tr("核查评估报告（.txt/.docx/.pdf）或其报告数据文件，列出对不上的地方",
                         "audit a report (.txt/.docx/.pdf) or its claims file and list what "
                         "does not add up"),
        description=tr("核查县的评估报告。给出报告本身（UTF-8/GBK/GB18030 编码的 .txt、.docx "
                       "或文字版 PDF）时，自动找出其中的数字（见 `qbalance extract`），逐项核查"
                       "并按方面汇总；给出报告数据文件（TOML、JSON、YAML）时核查其中各项，加 "
                       "--report 时还在原文中定位并检查每处引文。有错误级别的发现时退出状态为 1，"
                       "输入有误时为 2。",
                       "Audit a county report. Given the report itself (.txt in UTF-8/GBK/"
                       "GB18030, .docx, or a text PDF) its claims are found automatically "
                       "(see `qbalance extract`), audited and rolled up per area; given a "
                       "claims file (TOML, JSON, YAML) its claims are audited, and with "
                       "--report each quote is located and linted. Exit status 1 when an "
                       "error-severity finding exists, 2 on bad input."))
    p.add_argument("claims_file", nargs="?", metavar=tr("报告或报告数据文件", "REPORT_OR_CLAIMS"),
                   help=tr("评估报告（.txt、.docx、.pdf）、报告数据文件（.toml、.json、.yaml），"
                           "或已填写的申报表（.xlsx）：检查申报表各表之间是否一致",
                           "the report (.txt, .docx, .pdf), a claims file (.toml, .json, "
                           ".yaml), or a filled declaration form (申报表, .xlsx): its tables "
                           "are checked against each other"))
    p.add_argument("--report", metavar=tr("报告", "REPORT"),
                   help=tr("与报告数据文件一起给出：它所对应的报告原文（定位并检查引文）",
                           "with a claims file: the report it encodes (locate and lint "
                           "quotes)"))
    p.add_argument("--example", metavar=tr("名称", "NAME"),
                   help=tr("改为核查一份自带的报告：", "audit a shipped report instead: ")
                        + ", ".join(shipped_names("claims")))
    p.add_argument("--list-examples", action="store_true",
                   help=tr("列出自带的报告数据文件并退出",
                           "list the shipped claims files and exit"))
    p.add_argument("--standard", default=None, metavar="ID|FILE",
                   help=tr("标准编号或标准文件（默认：报告数据文件中指明的标准）",
                           "standard id or file (default: the one the claims file names)"))
    p.add_argument("--format", choices=("text", "markdown", "json", "html"), default="text",
                   dest="fmt", help=tr("输出格式（默认：纯文本表格；html：报告原文及核查发现，"
                                       "可按 A4 打印）",
                                       "output format (default: text table; html: the report "
                                       "text with its findings, A4-printable)"))
    p.add_argument("--out", metavar=tr("路径", "PATH"),
                   help=tr("把结果写到该文件，而不是标准输出",
                           "write the output to PATH instead of stdout"))
    add_lang(p)
    p.add_argument("--findings-only", action="store_true",
                   help=tr("只列出有核查发现的项目", "list only the claims with findings"))
    p.set_defaults(run=run)


def _is_report(name: str) -> bool:
    return Path(name).suffix.lower() not in CLAIMS_SUFFIXES + FORM_SUFFIXES


def run(args: argparse.Namespace) -> int:
    """Run ``qbalance audit``."""
    from qbalance.audit.checks import audit
    from qbalance.audit.claims import available_claim_examples, example_claims, load_claims
    from qbalance.io.documents import read_document
    from qbalance.audit.lint import lint_claims
    from qbalance.audit.rollup import ReportAudit, audit_report

    if args.list_examples:
        for name, title in available_claim_examples().items():
            print(f"{name}\t{title}")
        return 0
    if bool(args.example) == bool(args.claims_file):
        stderr(text("cli.audit.file_or_example", args.lang))
        return 2
    check_out(args.out)
    lang = args.lang
    ra: ReportAudit | None = None
    problems: tuple[Any, ...] = ()
    doc = None
    if args.claims_file and _is_report(args.claims_file):
        ra = audit_report(Path(args.claims_file), standard=args.standard)
        report = ra.audit
        doc = ra.extraction.document
    elif args.claims_file and Path(args.claims_file).suffix.lower() in FORM_SUFFIXES:
        from qbalance.form.check import audit_form

        report = audit_form(Path(args.claims_file), standard=args.standard)
    else:
        if args.example:
            if args.example not in available_claim_examples():
                raise DataError(message("cli.audit.no_example", value=args.example,
                                        available=tuple(available_claim_examples())),
                                field="example", value=args.example)
            claims = example_claims(args.example)
        else:
            claims = load_claims(Path(args.claims_file))
        if args.report:
            doc = read_document(args.report)
            claims, problems = lint_claims(claims, doc)
        report = audit(claims, standard=args.standard)
    if args.fmt == "json":
        import json
        data = ra.to_dict() if ra is not None else report.to_dict()
        if problems:
            data["lint"] = [{"claim": p.claim, "code": p.code, "zh": p.zh, "en": p.en}
                            for p in problems]
        out_text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif args.fmt == "html":
        from qbalance.audit.html import render_audit
        if doc is None:
            raise DataError(message("cli.audit.html_needs_report"), field="format",
                            value="html")
        out_text = render_audit(doc, report, ra.rollup if ra is not None else None, lang,
                            lint=problems)
    elif args.fmt == "markdown":
        out_text = (ra.to_markdown(lang, only_findings=args.findings_only) if ra is not None
                else report.to_markdown(lang, only_findings=args.findings_only))
        out_text += _lint_text(problems, lang, md=True)
    else:
        out_text = (ra.table(lang, only_findings=args.findings_only) if ra is not None
                else report.table(lang, only_findings=args.findings_only)) + "\n"
        out_text += _lint_text(problems, lang)
    if args.out:
        Path(args.out).write_text(out_text, encoding="utf-8")
        print(written(args.out, report.summary(lang)))
    else:
        sys.stdout.write(out_text)
    return 1 if report.has_errors else 0


def _lint_text(problems: tuple[Any, ...], lang: Lang, *, md: bool = False) -> str:
    if not problems:
        return ""
    head = (f"核查项与报告原文不符之处（{len(problems)} 处）：" if lang == "zh"
            else f"Claims that do not match the report text ({len(problems)}):")
    bullet = "- " if md else "  "
    return "\n" + head + "\n" + "".join(f"{bullet}{p.claim}: {p.text(lang)}\n"
                                        for p in problems)
