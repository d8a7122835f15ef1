"""``qbalance template``: write blank input templates."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from qbalance.errors import MissingDependencyError
from qbalance.tables import write_template


def register(sub: Any) -> None:
    """Add the ``template`` subcommand to ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "template", help="write blank schools templates (CSV, .xlsx) and a county file",
        description="Write schools-template.csv and schools-template.xlsx (header row and "
                    "units row, one school per row below) and county.toml (county-level "
                    "facts) into a directory.",
        epilog="exit status: 0 written, 2 bad usage or the directory cannot be written.")
    p.add_argument("--out", required=True, metavar="DIR", help="directory (created if missing)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh",
                   help="Chinese headers (default) or English keys")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``qbalance template``."""
    try:
        files = write_template(args.out, lang=args.lang)
    except MissingDependencyError as exc:
        files = write_template(args.out, lang=args.lang, excel=False)
        print(f"qbalance template: schools-template.xlsx not written: {exc}", file=sys.stderr)
    for f in files:
        print(f)
    return 0
