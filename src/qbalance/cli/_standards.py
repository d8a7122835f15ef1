"""``qbalance standards``: list the shipped standards."""

from __future__ import annotations

import argparse
from typing import Any



def register(sub: Any) -> None:
    """Add the ``standards`` subcommand to ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "standards", help="list the shipped standards", description="List shipped standards.")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``qbalance standards``."""
    from qbalance.standard import available_standards, load_standard

    for sid, name in available_standards().items():
        print(f"{sid}\t{name}\t{load_standard(sid).source}")
    return 0
