"""The ``qbalance`` command line.

Each subcommand lives in its own ``_<name>.py`` module exposing
``register(subparsers)``; :data:`COMMANDS` lists them in help order.

Exit status: 0 the county passes (or the command succeeded), 1 the county does
not pass (or an audit found an error), 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from qbalance import __version__
from qbalance.errors import QBalanceError

__all__ = ["COMMANDS", "EXIT_BAD_INPUT", "EXIT_FAIL", "EXIT_OK", "main"]

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_BAD_INPUT = 2

#: Subcommand modules (``qbalance.cli._<name>``), in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = ("evaluate", "audit", "template", "standards")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="qbalance",
        description="County compulsory-education high-quality balanced development "
                    "evaluation (义务教育优质均衡发展督导评估).",
        epilog="Exit status: 0 pass / success, 1 county fails / audit error found, "
               "2 bad input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"qbalance {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"qbalance.cli._{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after the program name (default: ``sys.argv[1:]``), e.g.
        ``["evaluate", "county.toml"]``.

    Returns
    -------
    int
        :data:`EXIT_OK` (0) when the county passes or the command succeeded,
        :data:`EXIT_FAIL` (1) when the county does not pass or an audit found an
        error, :data:`EXIT_BAD_INPUT` (2) for bad input (the error is printed to
        stderr).  Usage errors and ``--help`` exit through :class:`SystemExit`, as
        with :mod:`argparse`.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except QBalanceError as exc:
        print(f"qbalance: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"qbalance: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return status


