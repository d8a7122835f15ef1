"""Every command's Chinese output uses full-width ：，；（） next to Chinese text (issue 17).

The commands of ``tests/cli/test_chinese_output.py`` (help, evaluate, audit, form,
template and the usage errors) are run in Chinese and checked with
:func:`tests.core.test_punctuation_zh.ascii_punct_next_to_cjk`; argparse's own section
headings (``选项：``) included.  A standard file's ``source`` line is data, quoted as the
file writes it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qbalance.standard import available_standards, load_standard
from tests.cli.test_chinese_output import NAMES, _commands, _marks, run
from tests.core.test_punctuation_zh import ascii_punct_next_to_cjk


@pytest.mark.parametrize("name", [pytest.param(n, marks=_marks(n)) for n in NAMES])
def test_chinese_command_output_uses_full_width_punctuation(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QBALANCE_LANG", raising=False)
    want, args = _commands(tmp_path)[name]
    rc, out = run(capsys, *args)
    assert rc == want, out
    for sid in available_standards():
        source = load_standard(sid).source
        if source:
            out = out.replace(str(source), " ")
    assert ascii_punct_next_to_cjk(out) == []


def test_help_headings_are_full_width(capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QBALANCE_LANG", raising=False)
    _, out = run(capsys, "evaluate", "--help")
    assert "\n选项：\n" in out and "\n位置参数：\n" in out
    _, out = run(capsys, "--lang", "en", "evaluate", "--help")
    assert "\noptions:\n" in out
