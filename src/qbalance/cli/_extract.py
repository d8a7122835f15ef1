"""``qbalance extract``: propose the claims of a report for review (a claims file)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from qbalance.cli._lang import add_lang, tr
from qbalance._messages import message, os_reason
from qbalance.errors import DataError


def register(sub: Any) -> None:
    """Add the ``extract`` subcommand to ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "extract", help=tr("找出报告中可核查的数字，写成报告数据文件",
                           "find the checkable claims of a report and write them as a "
                           "claims file"),
        description=tr(
            "读取报告（UTF-8/GBK/GB18030 的 .txt、.docx 或文字版 PDF），用与标准一同提供的规则"
            "找出其中可核查的数字，写成报告数据文件供审阅：每一项都保留所在行、原文引文和提出"
            "它的规则。审阅修改后运行 `qbalance audit 报告数据文件 --report 报告`。",
            "Read a report (.txt in UTF-8/GBK/GB18030, .docx, or a text PDF), find its "
            "checkable claims with the rule-based patterns shipped next to the "
            "standards, and write them as a claims file for review: each claim keeps "
            "its line, the verbatim quote and the pattern that produced it. Edit the "
            "file, then run `qbalance audit claims.toml --report REPORT`."))
    p.add_argument("report", metavar=tr("报告", "REPORT"),
                   help=tr("报告（.txt、.docx、.pdf）", "the report (.txt, .docx, .pdf)"))
    p.add_argument("--out", metavar=tr("路径", "PATH"),
                   help=tr("把报告数据（TOML）写入该文件（默认：标准输出）",
                           "write the claims (TOML) to PATH (default: stdout)"))
    p.add_argument("--standard", default=None, metavar="ID|FILE",
                   help=tr("自带标准的编号或标准文件（默认 national-2017）",
                           "standard id or file (default: national-2017)"))
    p.add_argument("--patterns", default=None, metavar=tr("规则文件", "FILE"),
                   help=tr("提取规则文件（默认：自带的 self-evaluation-zh）",
                           "extraction patterns file (default: the shipped "
                           "self-evaluation-zh)"))
    p.add_argument("--coverage", action="store_true",
                   help=tr("同时列出报告中没有被任何一项覆盖的数字",
                           "also list every number of the report that no claim covers"))
    add_lang(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``qbalance extract``."""
    from qbalance.audit.extract import extract_claims

    ex = extract_claims(Path(args.report), standard=args.standard, patterns=args.patterns)
    text = ex.to_toml(args.lang)
    n = len(ex.claims.claims)
    msg = (f"{ex.claims.county}：提取核查项 {n} 项（{ex.document.label}，{len(ex.document.lines)} 行）"
           if args.lang == "zh" else
           f"{ex.claims.county}: {n} claims proposed ({ex.document.label}, "
           f"{len(ex.document.lines)} lines)")
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise DataError(message("cli.cannot_write", path=str(args.out),
                                    reason=os_reason(exc)), field="out",
                            value=args.out) from exc
        print(msg)
    else:
        sys.stdout.write(text)
    if args.coverage:
        print(ex.coverage(args.lang), file=sys.stderr if not args.out else sys.stdout)
    return 0
