"""``qbalance audit``: audit a report (its text, or a claims file) and list what does not add up."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from qbalance._data import shipped_names
from qbalance.errors import DataError

# the audit is imported by run(), so that ``qbalance --help`` does not load it
#: Suffixes read as claims files; anything else is a report (.txt, .docx, .pdf).
CLAIMS_SUFFIXES = (".toml", ".json", ".yaml", ".yml")
#: Suffixes read as a filled declaration form (申报表).
FORM_SUFFIXES = (".xlsx", ".xlsm")


def register(sub: Any) -> None:
    """Add the ``audit`` subcommand to ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "audit", help="audit a report (.txt/.docx/.pdf) or its claims file and list what does "
                      "not add up",
        description="Audit a county report. Given the report itself (.txt in UTF-8/GBK/"
                    "GB18030, .docx, or a text PDF) its claims are found automatically "
                    "(see `qbalance extract`), audited and rolled up per area; given a claims "
                    "file (TOML, JSON, YAML) its claims are audited, and with --report each "
                    "quote is located and linted. Exit status 1 when an error-severity "
                    "finding exists, 2 on bad input.")
    p.add_argument("claims_file", nargs="?", metavar="REPORT_OR_CLAIMS",
                   help="the report (.txt, .docx, .pdf), a claims file (.toml, .json, .yaml), "
                        "or a filled declaration form (申报表, .xlsx): its tables are checked "
                        "against each other")
    p.add_argument("--report", metavar="REPORT",
                   help="with a claims file: the report it encodes (locate and lint quotes)")
    p.add_argument("--example", metavar="NAME",
                   help="audit a shipped report instead: "
                        + ", ".join(shipped_names("claims")))
    p.add_argument("--list-examples", action="store_true",
                   help="list the shipped claims files and exit")
    p.add_argument("--standard", default=None,
                   help="standard id or file (default: the one the claims file names)")
    p.add_argument("--format", choices=("text", "markdown", "json", "html"), default="text",
                   dest="fmt", help="output format (default: text table; html: the report "
                                    "text with its findings, A4-printable)")
    p.add_argument("--out", metavar="PATH", help="write the output to PATH instead of stdout")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the text")
    p.add_argument("--findings-only", action="store_true",
                   help="list only the claims with findings")
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
        print("qbalance audit: give a REPORT, a CLAIMS_FILE or --example NAME (one of them)",
              file=sys.stderr)
        return 2
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
                raise DataError(f"no shipped claims {args.example!r}; available: "
                                f"{', '.join(available_claim_examples())}", field="example",
                                value=args.example)
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
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif args.fmt == "html":
        from qbalance.audit.html import render_audit
        if doc is None:
            raise DataError("--format html shows the report text: give the report itself or "
                            "--report REPORT with the claims file", field="format", value="html")
        text = render_audit(doc, report, ra.rollup if ra is not None else None, lang,
                            lint=problems)
    elif args.fmt == "markdown":
        text = (ra.to_markdown(lang, only_findings=args.findings_only) if ra is not None
                else report.to_markdown(lang, only_findings=args.findings_only))
        text += _lint_text(problems, lang, md=True)
    else:
        text = (ra.table(lang, only_findings=args.findings_only) if ra is not None
                else report.table(lang, only_findings=args.findings_only)) + "\n"
        text += _lint_text(problems, lang)
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise DataError(f"cannot write {args.out}: {exc.strerror or exc}", field="out",
                            value=args.out) from exc
        print(report.summary(lang))
    else:
        sys.stdout.write(text)
    return 1 if report.has_errors else 0


def _lint_text(problems: tuple[Any, ...], lang: str, *, md: bool = False) -> str:
    if not problems:
        return ""
    head = (f"核查项与报告原文不符之处（{len(problems)} 处）：" if lang == "zh"
            else f"Claims that do not match the report text ({len(problems)}):")
    bullet = "- " if md else "  "
    return "\n" + head + "\n" + "".join(f"{bullet}{p.claim}: {p.text(lang)}\n"
                                        for p in problems)
