"""Language of the command line: ``--lang``, ``QBALANCE_LANG``, argparse's own words.

Every command takes ``--lang zh|en`` (default: ``QBALANCE_LANG``, else Chinese);
help texts are given in both languages with :func:`tr` and the parser is built
in the language already chosen, so ``qbalance --lang en evaluate --help`` and
``QBALANCE_LANG=en qbalance evaluate --help`` are English, the rest Chinese.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from qbalance._messages import LANGS, Lang, get_lang, os_reason, text

__all__ = ["add_lang", "add_quiet", "check_out", "lang_from_argv", "os_error", "tr",
           "translated_argparse", "written"]


def tr(zh: str, en: str) -> str:
    """``zh`` or ``en``, whichever is the session language (for help texts).

    Parameters
    ----------
    zh, en : str
        The text in Chinese and in English.

    Returns
    -------
    str
        One of them.
    """
    return zh if get_lang() == "zh" else en


def lang_from_argv(argv: Sequence[str]) -> Lang | None:
    """The language ``--lang X`` / ``--lang=X`` names in ``argv`` (the last one), if any."""
    found: Lang | None = None
    for k, arg in enumerate(argv):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and k + 1 < len(argv):
            value = argv[k + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGS:
            found = value if value == "zh" else "en"
    return found


def add_lang(p: argparse.ArgumentParser, help_zh: str | None = None,
             help_en: str | None = None) -> None:
    """Add ``--lang {zh,en}`` (default: the session language) to ``p``."""
    p.add_argument("--lang", choices=LANGS, default=get_lang(),
                   help=tr(help_zh or "输出语言：zh 中文（默认，或由 QBALANCE_LANG 设定）、en 英文",
                           help_en or "output language: zh Chinese (default, or set by "
                                      "QBALANCE_LANG), en English"))


def add_quiet(p: argparse.ArgumentParser) -> None:
    """Add ``-q/--quiet`` (no progress bar, no progress messages) to ``p``."""
    p.add_argument("-q", "--quiet", action="store_true",
                   help=tr("不显示进度条和进度信息", "no progress bar or progress messages"))


def check_out(path: str | None) -> None:
    """Refuse an output name that starts with ``-`` (a mistyped option, most likely).

    Raises
    ------
    qbalance.DataError
        ``cli.out_dash``.
    """
    if path is not None and Path(path).name.startswith("-"):
        from qbalance._messages import message
        from qbalance.errors import DataError

        raise DataError(message("cli.out_dash", path=path), field="out", value=path)


def written(path: str | Path, verdict: str | None = None) -> str:
    """The one line printed after ``--out``: ``已写入 FILE；结论：未达标``."""
    if verdict is None:
        return text("cli.written_plain", path=str(path))
    return text("cli.written", path=str(path), verdict=verdict)


def os_error(exc: OSError) -> str:
    """An operating-system error (file missing, no permission …) in the session language."""
    name = exc.filename if exc.filename is not None else ""
    if isinstance(exc, FileNotFoundError):
        return text("cli.os.not_found", path=name)
    if isinstance(exc, PermissionError):
        return text("cli.os.permission", path=name)
    if isinstance(exc, IsADirectoryError):
        return text("cli.os.is_dir", path=name)
    if isinstance(exc, NotADirectoryError):
        return text("cli.os.not_dir", path=name)
    if not name:  # no file named (a closed output pipe, too many open files …)
        return os_reason(exc).render()
    return text("cli.os.other", path=name, reason=os_reason(exc))


# argparse's own words (usage, headings, its error messages), in Chinese.
_ARGPARSE_ZH: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个参数值",
    "expected at most one argument": "最多只能有一个参数值",
    "expected at least one argument": "至少需要一个参数值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "无效的选项值 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s":
        "选项 %(option)s 有歧义，可能是 %(matches)s",
    "one of the arguments %s is required": "参数 %s 中必须给出一个",
    "ignored explicit argument %r": "忽略了多余的参数值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "未知的命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开 '%(filename)s'：%(error)s",
    'argument "-" with mode %r': "参数 “-” 不能以模式 %r 打开",
    "%(prog)s: warning: %(message)s\n": "%(prog)s：警告：%(message)s\n",
    "%(heading)s:": "%(heading)s：",  # Python 3.13 help headings
    " (default: %(default)s)": "（默认：%(default)s）",
    "subcommands": "子命令",
    "option '%(option)s' is deprecated": "选项 '%(option)s' 已弃用",
    "argument '%(argument_name)s' is deprecated": "参数 '%(argument_name)s' 已弃用",
    "command '%(parser_name)s' is deprecated": "命令 '%(parser_name)s' 已弃用",
}

# argparse's messages with a number (``ngettext``): (singular, plural) -> Chinese.
_ARGPARSE_ZH_N: dict[tuple[str, str], str] = {
    ("expected %s argument", "expected %s arguments"): "需要 %s 个参数值",
    ("conflicting option string: %s", "conflicting option strings: %s"): "选项名冲突：%s",
}


@contextmanager
def translated_argparse(lang: Lang) -> Iterator[None]:
    """argparse's own words in ``lang`` inside the block (English is argparse's own).

    argparse looks its words up through :func:`gettext.gettext` (``argparse._``) and
    :func:`gettext.ngettext` (``argparse.ngettext``, "expected 2 arguments"); both are
    replaced inside the block by look-ups in the tables above, keyed by argparse's
    English message ids (the same ids in Python 3.11 to 3.13).  An id not in the
    tables passes through unchanged.
    """
    if lang == "en":
        yield
        return
    original: Any = argparse._  # type: ignore[attr-defined]
    original_n: Any = argparse.ngettext  # type: ignore[attr-defined]

    def zh(message: str | None) -> str | None:
        if message is None:  # argparse passes a missing description through _() too
            return None
        return _ARGPARSE_ZH.get(message) or str(original(message))

    def zh_n(singular: str, plural: str, n: int) -> str:
        found = _ARGPARSE_ZH_N.get((singular, plural))
        return found if found is not None else str(original_n(singular, plural, n))

    argparse._ = zh  # type: ignore[attr-defined]
    argparse.ngettext = zh_n  # type: ignore[attr-defined]
    fmt_help = argparse.ArgumentParser.format_help

    def format_help(self: argparse.ArgumentParser) -> str:
        # argparse ends a section heading with an ASCII colon: 选项: → 选项：
        return _HEADING.sub("\\1：", fmt_help(self))

    argparse.ArgumentParser.format_help = format_help  # type: ignore[method-assign]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]
        argparse.ngettext = original_n  # type: ignore[attr-defined]
        argparse.ArgumentParser.format_help = fmt_help  # type: ignore[method-assign]


#: A section heading of argparse's help that ends in Chinese and an ASCII colon.
_HEADING = re.compile(r"(?m)^(\S[^\n]*[\u4e00-\u9fff]):$")


def stderr(line: str) -> None:
    """Print ``line`` on standard error."""
    print(line, file=sys.stderr)
