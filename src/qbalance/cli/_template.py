"""``qbalance template``: write blank input templates."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from qbalance._messages import message, text
from qbalance.cli._lang import add_lang, check_out, stderr, tr, written
from qbalance.errors import DataError, MissingDependencyError

#: The files ``write_template`` writes (checked before writing: never overwritten
#: without ``--force``).
TEMPLATE_FILES = ("schools-template.csv", "schools-template.xlsx", "county.toml")


def register(sub: Any) -> None:
    """Add the ``template`` subcommand to ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "template", help=tr("写出空白的学校表模板（CSV、.xlsx）和县数据文件",
                            "write blank schools templates (CSV, .xlsx) and a county file"),
        description=tr("在目录中写出 schools-template.csv 和 schools-template.xlsx（表头行和"
                       "单位行，下面每行一所学校）以及 county.toml（县级数据）。",
                       "Write schools-template.csv and schools-template.xlsx (header row and "
                       "units row, one school per row below) and county.toml (county-level "
                       "facts) into a directory."),
        epilog=tr("退出状态：0 已写入，2 用法错误、文件已存在（未加 --force）或目录无法写入。",
                  "exit status: 0 written, 2 bad usage, a file exists already (without "
                  "--force) or the directory cannot be written."))
    p.add_argument("--out", required=True, metavar=tr("目录", "DIR"),
                   help=tr("目录（不存在时创建）", "directory (created if missing)"))
    p.add_argument("--force", action="store_true",
                   help=tr("覆盖已存在的模板文件（默认拒绝覆盖，以免丢失已填写的表格或 "
                           "county.toml）",
                           "overwrite template files that exist already (default: refuse, so "
                           "a filled-in sheet or county.toml is never lost)"))
    add_lang(p, "表头语言：zh 中文表头（默认）、en 英文键名",
             "header language: zh Chinese headers (default), en English keys")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``qbalance template``."""
    from qbalance.io.tables import write_template

    check_out(args.out)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise DataError(message("cli.template.not_dir", path=str(out)), field="out",
                        value=str(out))
    existing = [out / n for n in TEMPLATE_FILES if (out / n).exists()]
    if existing and not args.force:
        raise DataError(message("cli.template.exists", path=str(out),
                                names=tuple(p.name for p in existing)),
                        field="out", value=str(out))
    try:
        files = write_template(args.out, lang=args.lang)
    except MissingDependencyError as exc:
        files = write_template(args.out, lang=args.lang, excel=False)
        stderr(text("cli.template.no_excel", args.lang, text=exc.render(args.lang)))
    for f in files:
        print(written(f))
    return 0
