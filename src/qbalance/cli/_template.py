"""``qbalance template``: write blank input templates."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from qbalance.errors import DataError, MissingDependencyError

#: The files ``write_template`` writes (checked before writing: never overwritten
#: without ``--force``).
TEMPLATE_FILES = ("schools-template.csv", "schools-template.xlsx", "county.toml")


def register(sub: Any) -> None:
    """Add the ``template`` subcommand to ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "template", help="write blank schools templates (CSV, .xlsx) and a county file",
        description="Write schools-template.csv and schools-template.xlsx (header row and "
                    "units row, one school per row below) and county.toml (county-level "
                    "facts) into a directory.",
        epilog="exit status: 0 written, 2 bad usage, a file exists already (without --force) "
               "or the directory cannot be written.")
    p.add_argument("--out", required=True, metavar="DIR", help="directory (created if missing)")
    p.add_argument("--force", action="store_true",
                   help="overwrite template files that exist already (default: refuse, so a "
                        "filled-in sheet or county.toml is never lost)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh",
                   help="Chinese headers (default) or English keys")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``qbalance template``."""
    from qbalance.io.tables import write_template

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise DataError(f"--out {out}: 不是目录 / not a directory", field="out",
                        value=str(out))
    existing = [out / n for n in TEMPLATE_FILES if (out / n).exists()]
    if existing and not args.force:
        names = "、".join(p.name for p in existing)
        if args.lang == "en":
            msg = (f"{out} already holds {', '.join(p.name for p in existing)}; not "
                   "overwritten (it may be a filled-in sheet). Use another --out directory, "
                   "or --force to overwrite.")
        else:
            msg = (f"{out} 中已有 {names}，未覆盖（可能是已填写的表格）。请换一个 --out 目录，"
                   "或加 --force 覆盖。")
        raise DataError(msg, field="out", value=str(out))
    try:
        files = write_template(args.out, lang=args.lang)
    except MissingDependencyError as exc:
        files = write_template(args.out, lang=args.lang, excel=False)
        print(f"qbalance template: schools-template.xlsx not written: {exc}", file=sys.stderr)
    for f in files:
        print(f)
    return 0
