"""The ``qbalance`` command line.

Each subcommand lives in its own ``_<name>.py`` module exposing
``register(subparsers)``; :data:`COMMANDS` lists them in help order.

Exit status: 0 the county passes (or the command succeeded), 1 the county does
not pass (or an audit found an error), 2 bad input or usage, 3 an internal error
(a bug in qbalance: a one-line apology naming the exception type, no traceback
unless ``QBALANCE_DEBUG=1``).

Language: ``--lang zh|en`` (before or after the command), else ``QBALANCE_LANG``,
else Chinese -- for help texts, output and error messages alike.  Subcommand
modules write their help with :func:`qbalance.cli._lang.tr` and add the option
with :func:`qbalance.cli._lang.add_lang`; messages come from the catalogue
(:mod:`qbalance._messages`).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import warnings
from collections.abc import Sequence
from typing import Any

from qbalance import __version__
from qbalance._messages import text, use_lang
from qbalance._progress import quiet
from qbalance.cli._lang import add_lang, lang_from_argv, os_error, tr, translated_argparse
from qbalance.errors import QBalanceError
from qbalance.vocab import Lang

__all__ = ["COMMANDS", "EXIT_BAD_INPUT", "EXIT_FAIL", "EXIT_INTERNAL", "EXIT_OK", "main"]

#: Exit status: everything evaluated passes (or the command succeeded).
EXIT_OK = 0
#: Exit status: the county fails, or the audit found an error.
EXIT_FAIL = 1
#: Exit status: bad input (a file, a value, an option), with its message and no traceback.
EXIT_BAD_INPUT = 2
#: Exit status: an unexpected error (a bug), with a short message.
EXIT_INTERNAL = 3

#: Subcommand modules (``qbalance.cli._<name>``), in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = ("evaluate", "audit", "extract", "form", "template", "standards",
                             "batch")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="qbalance",
        description=tr("县域义务教育优质均衡发展督导评估：精确计算差异系数和各项指标，"
                       "核查评估报告中的数字。",
                       "County compulsory-education high-quality balanced development "
                       "evaluation (义务教育优质均衡发展督导评估)."),
        epilog=tr("退出状态：0 达标／成功，1 未达标／核查发现错误，2 输入有误或用法错误，"
                  "3 程序内部错误（请报告）。语言：--lang zh|en，或环境变量 QBALANCE_LANG"
                  "（默认中文）。",
                  "Exit status: 0 pass / success, 1 county fails / audit error found, "
                  "2 bad input or usage, 3 internal error (a bug: please report it). "
                  "Language: --lang zh|en or QBALANCE_LANG (default Chinese)."),
    )
    parser.add_argument("--version", action="version", version=f"qbalance {__version__}",
                        help=tr("显示版本号并退出", "show program's version number and exit"))
    add_lang(parser)
    sub = parser.add_subparsers(dest="command", metavar=tr("命令", "COMMAND"), required=True,
                                title=tr("命令", "commands"))
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
        stderr, never a traceback), :data:`EXIT_INTERNAL` (3) for an unexpected
        exception (a one-line apology naming its type; the traceback only with
        ``QBALANCE_DEBUG=1``).  Usage errors and ``--help`` exit through
        :class:`SystemExit`, as with :mod:`argparse`.
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    with use_lang(lang_from_argv(args_list)) as lang, translated_argparse(lang):
        parser = build_parser()
        args = parser.parse_args(args_list)
    with use_lang(getattr(args, "lang", lang)) as lang, \
            quiet(bool(getattr(args, "quiet", False))):
        return _run(args, lang)


def _run(args: argparse.Namespace, lang: Lang) -> int:
    shown = warnings.showwarning

    def note(message: Warning | str, category: type[Warning], filename: str, lineno: int,
             file: Any = None, line: str | None = None) -> None:
        # notes about the input (a totals row skipped …): one plain line, no source line
        if issubclass(category, UserWarning) and category.__module__.startswith("qbalance"):
            print(text("cli.note", lang, text=str(message)), file=sys.stderr)
        else:
            shown(message, category, filename, lineno, file, line)

    from qbalance.io.county import _CLI_HINTS
    from qbalance.io.tables import TableNote

    hints = _CLI_HINTS.set(True)

    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("always", category=TableNote)
            warnings.showwarning = note
            status: int = args.run(args)
    except QBalanceError as exc:
        print(text("cli.error", lang, text=exc.render(lang)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError as exc:  # the reader of our output went away (| head)
        _silence_stdout()
        print(text("cli.error", lang, text=os_error(exc)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(text("cli.error", lang, text=os_error(exc)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except (RecursionError, MemoryError, UnicodeError) as exc:
        # unreadable or hostile input the readers did not turn into a QBalanceError
        print(text("cli.error", lang, text=_one_line(exc)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("qbalance: " + ("已中断" if lang != "en" else "interrupted"), file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: apologise in one line, never a bare traceback
        if os.environ.get("QBALANCE_DEBUG"):
            raise
        if lang == "en":
            print(f"qbalance: sorry, an internal error occurred ({type(exc).__name__}: "
                  f"{_one_line(exc)}); please report it (QBALANCE_DEBUG=1 shows the "
                  "traceback)", file=sys.stderr)
        else:
            print(f"qbalance: 抱歉，程序内部出错（{type(exc).__name__}：{_one_line(exc)}），"
                  "请报告此问题（设置 QBALANCE_DEBUG=1 可显示详细信息）", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        _CLI_HINTS.reset(hints)
    return status


def _silence_stdout() -> None:
    # Python flushes stdout again at exit and would print its own English complaint about
    # the closed pipe: point the descriptor at the null device first
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # captured or replaced stdout: no descriptor
        pass


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:297] + "…"


