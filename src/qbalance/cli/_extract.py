"""``qbalance extract``: propose the claims of a report for review (a claims file)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from qbalance.errors import DataError


def register(sub: Any) -> None:
    """Add the ``extract`` subcommand to ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "extract", help="find the checkable claims of a report and write them as a claims file",
        description="Read a report (.txt in UTF-8/GBK/GB18030, .docx, or a text PDF), find its "
                    "checkable claims with the rule-based patterns shipped next to the "
                    "standards, and write them as a claims file for review: each claim keeps "
                    "its line, the verbatim quote and the pattern that produced it. Edit the "
                    "file, then run `qbalance audit claims.toml --report REPORT`.")
    p.add_argument("report", help="the report (.txt, .docx, .pdf)")
    p.add_argument("--out", metavar="PATH", help="write the claims (TOML) to PATH "
                                                 "(default: stdout)")
    p.add_argument("--standard", default=None, help="standard id or file (default: "
                                                    "national-2017)")
    p.add_argument("--patterns", default=None, help="extraction patterns file (default: the "
                                                    "shipped self-evaluation-zh)")
    p.add_argument("--coverage", action="store_true",
                   help="also list every number of the report that no claim covers")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of messages")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``qbalance extract``."""
    from qbalance.audit.extract import extract_claims

    ex = extract_claims(Path(args.report), standard=args.standard, patterns=args.patterns)
    text = ex.to_toml()
    n = len(ex.claims.claims)
    msg = (f"{ex.claims.county}：提取核查项 {n} 项（{ex.document.label}，{len(ex.document.lines)} 行）"
           if args.lang == "zh" else
           f"{ex.claims.county}: {n} claims proposed ({ex.document.label}, "
           f"{len(ex.document.lines)} lines)")
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise DataError(f"cannot write {args.out}: {exc.strerror or exc}", field="out",
                            value=args.out) from exc
        print(msg)
    else:
        sys.stdout.write(text)
    if args.coverage:
        print(ex.coverage(args.lang), file=sys.stderr if not args.out else sys.stdout)
    return 0
