"""``qbalance audit``: audit the figures of a published report (claims file)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from qbalance._data import shipped_names
from qbalance.errors import DataError

# the audit is imported by run(), so that ``qbalance --help`` does not load it


def register(sub: Any) -> None:
    """Add the ``audit`` subcommand to ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "audit", help="audit a report's figures (claims file) and list what does not add up",
        description="Recompute every figure of a report's claims file, check rounding, "
                    "verdicts and slips, and print the findings. Exit status 1 when an "
                    "error-severity finding exists, 2 on bad input.")
    p.add_argument("claims_file", nargs="?",
                   help="claims file (TOML, JSON or YAML), or a filled declaration form "
                        "(申报表, .xlsx): its tables are checked against each other")
    p.add_argument("--example", metavar="NAME",
                   help="audit a shipped report instead: "
                        + ", ".join(shipped_names("claims")))
    p.add_argument("--list-examples", action="store_true",
                   help="list the shipped claims files and exit")
    p.add_argument("--standard", default=None,
                   help="standard id or file (default: the one the claims file names)")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                   dest="fmt", help="output format (default: text table)")
    p.add_argument("--out", metavar="PATH", help="write the output to PATH instead of stdout")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the text")
    p.add_argument("--findings-only", action="store_true",
                   help="list only the claims with findings")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``qbalance audit``."""
    from qbalance.audit.checks import audit
    from qbalance.audit.claims import available_claim_examples, example_claims, load_claims

    if args.list_examples:
        for name, title in available_claim_examples().items():
            print(f"{name}\t{title}")
        return 0
    if bool(args.example) == bool(args.claims_file):
        print("qbalance audit: give a CLAIMS_FILE or --example NAME (not both)",
              file=sys.stderr)
        return 2
    if args.example:
        if args.example not in available_claim_examples():
            raise DataError(f"no shipped claims {args.example!r}; available: "
                            f"{', '.join(available_claim_examples())}", field="example",
                            value=args.example)
        claims = example_claims(args.example)
        report = audit(claims, standard=args.standard)
    elif Path(args.claims_file).suffix.lower() in (".xlsx", ".xlsm"):
        from qbalance.form.check import audit_form

        report = audit_form(Path(args.claims_file), standard=args.standard)
    else:
        report = audit(load_claims(Path(args.claims_file)), standard=args.standard)
    if args.fmt == "json":
        text = report.to_json() + "\n"
    elif args.fmt == "markdown":
        text = report.to_markdown(args.lang, only_findings=args.findings_only)
    else:
        text = report.table(args.lang, only_findings=args.findings_only) + "\n"
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise DataError(f"cannot write {args.out}: {exc.strerror or exc}", field="out",
                            value=args.out) from exc
        print(report.summary(args.lang))
    else:
        sys.stdout.write(text)
    return 1 if report.has_errors else 0
