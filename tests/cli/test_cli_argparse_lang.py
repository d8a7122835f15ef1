"""argparse's own error messages in the session language (issue 17).

Each usage error is provoked through :func:`qbalance.cli.main`, in Chinese (the
default) and in English: exit status 2, no traceback, and the Chinese stderr holds
no English word (argparse's words come from the tables of
:mod:`qbalance.cli._lang`, looked up by argparse's message ids, singular and plural).
The two errors no qbalance command can give (mutually exclusive options, a required
group) are checked on a small parser inside the same translation.
"""

from __future__ import annotations

import argparse
import re

import pytest

from qbalance.cli import main
from qbalance.cli._lang import translated_argparse

from .test_chinese_output import english_words

# (arguments, the English argparse phrase, the Chinese one)
CASES = {
    "expected N arguments": (["standards", "--diff", "national-2019-guideline"],
                             "expected 2 arguments", "需要 2 个参数值"),
    "expected one argument": (["evaluate", "--county"], "expected one argument",
                              "需要一个参数值"),
    "invalid choice": (["standards", "--lang", "fr"], "invalid choice", "无效的选项值"),
    "invalid command": (["nosuch"], "invalid choice", "无效的选项值"),
    "invalid int value": (["evaluate", "--example", "--year", "abc"],
                          "invalid int value", "无效的值"),
    "unrecognized arguments": (["standards", "--bogus"], "unrecognized arguments",
                               "无法识别的参数"),
    "required": ([], "the following arguments are required", "缺少必需的参数"),
    "ambiguous option": (["evaluate", "--co", "x"], "ambiguous option", "有歧义"),
}


@pytest.fixture(autouse=True)
def _no_env_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QBALANCE_LANG", raising=False)


def _usage_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("case", list(CASES))
def test_usage_error_in_chinese(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv, en, zh = CASES[case]
    err = _usage_error(capsys, argv)
    assert zh in err and "错误：" in err
    assert en not in err
    assert english_words(err) == set(), err


@pytest.mark.parametrize("case", list(CASES))
def test_usage_error_in_english(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv, en, zh = CASES[case]
    err = _usage_error(capsys, [*argv, "--lang", "en"] if argv else ["--lang", "en"])
    assert en in err and "error:" in err
    assert zh not in err and not re.search(r"[\u4e00-\u9fff]", err), err


def _group_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="qbalance")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--aa")
    g.add_argument("--bb")
    return p


@pytest.mark.parametrize(("argv", "en", "zh"), [
    (["--aa", "1", "--bb", "2"], "not allowed with argument", "不能与参数"),
    ([], "one of the arguments", "中必须给出一个"),
])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_group_errors(argv: list[str], en: str, zh: str, lang: str,
                      capsys: pytest.CaptureFixture[str]) -> None:
    with translated_argparse("zh" if lang == "zh" else "en"), pytest.raises(SystemExit) as exc:
        _group_parser().parse_args(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    if lang == "zh":
        assert zh in err and en not in err and english_words(err) == set(), err
    else:
        assert en in err and zh not in err


def test_argparse_is_restored_after_the_block() -> None:
    before = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
    with translated_argparse("zh"):
        assert argparse.ngettext("expected %s argument",  # type: ignore[attr-defined]
                                 "expected %s arguments", 3) == "需要 %s 个参数值"
    assert (argparse._, argparse.ngettext) == before  # type: ignore[attr-defined]
