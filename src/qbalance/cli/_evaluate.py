"""``qbalance evaluate``: evaluate a county's schools."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from qbalance.examples import example_path
from qbalance.io import load_county
from qbalance.county import evaluate_county


def register(sub: Any) -> None:
    """Add the ``evaluate`` subcommand to ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "evaluate", help="evaluate a county (all four areas and the vetoes) and print the verdict",
        description="Evaluate a county's schools against a standard.")
    p.add_argument("schools_file", nargs="?", help="county file (TOML or JSON)")
    p.add_argument("--example", action="store_true",
                   help="use the bundled constructed example county")
    p.add_argument("--standard", default="national-2017",
                   help="shipped standard id or a standard file (default: national-2017)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the text")
    p.add_argument("--format", choices=("text", "json"), default="text", dest="fmt")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``qbalance evaluate``."""
    if args.example == bool(args.schools_file):
        print("qbalance evaluate: give a SCHOOLS_FILE or --example (not both)", file=sys.stderr)
        return 2
    county = load_county(example_path() if args.example else args.schools_file)
    result = evaluate_county(county, args.standard)
    if args.fmt == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.summary(args.lang))
    return 0 if result.passed else 1
