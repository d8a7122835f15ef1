"""The Chinese printouts use full-width punctuation next to Chinese text (issue 17).

Every result of ``tests/report/test_render_zh.py`` — the resource and county
evaluations, the audits and the report audit, the plans, the scenario and sensitivity,
the declaration form and its audit — is rendered in Chinese (text, Markdown, HTML,
DataFrame headers) and checked with
:func:`tests.core.test_punctuation_zh.ascii_punct_next_to_cjk`: no ASCII ``:`` ``,``
``;`` ``(`` ``)`` beside a Chinese character (``结论：未达标``, ``石门村小学（P08）``,
``小学：14 所学校，8,751 名学生``).

Left as the data gives it: a standard file's ``source`` and an audit's ``source`` (the
bibliographic line of a shipped file, partly English: ``《…办法》, 2017-04-26``).
"""

from __future__ import annotations

from typing import Any

import pytest

import qbalance
from qbalance import report
from qbalance.standard import available_standards, load_standard
from tests.core.test_punctuation_zh import ascii_punct_next_to_cjk
from tests.report.test_render_zh import RESULTS, _outputs, _plain


def _data_texts(result: Any) -> list[str]:
    """Texts a result quotes from its data files (kept as the files write them)."""
    out = [str(load_standard(sid).source or "") for sid in available_standards()]
    source = getattr(getattr(result, "audit", result), "source", None)
    if isinstance(source, str):
        out.append(source)
    return [t for t in out if t]


@pytest.mark.parametrize("name", list(RESULTS))
def test_chinese_output_uses_full_width_punctuation(name: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    result = RESULTS[name]
    outputs = _outputs(result, monkeypatch)
    outputs["report"] = report.render_text(result, lang="zh")
    found = {}
    for what, text in outputs.items():
        plain = _plain(text)
        for quoted in _data_texts(result):
            plain = plain.replace(quoted, " ")
        if hits := ascii_punct_next_to_cjk(plain):
            found[what] = hits
    assert not found, found


def test_the_example_county_prints_full_width_punctuation() -> None:
    county = qbalance.example_county()
    text = str(qbalance.evaluate_resources(county))
    assert "结论：未达标" in text
    assert "小学：14 所学校，8,751 名学生" in text
    assert "综合差异系数：0.140" in text
    assert "石门村小学（P08）：达标5/7项；未达标：R5、R6；少于规定的6项；低于标准85%：R5 78.0%" in text
    assert "南坪九年一贯制学校（N01）：小学 0.5973，初中 0.4027" in text
    assert "县第二中学（完全中学）（C01）" in text
    whole = str(qbalance.evaluate_county(county))
    assert "总结论：未达标" in whole and "达标 14，未达标 1" in whole
    assert "（佐证：" in whole


def test_english_output_keeps_ascii_punctuation() -> None:
    text = qbalance.evaluate_county(qbalance.example_county()).summary("en")
    assert "Overall: " in text and "(P08): " in text
    assert not any(c in text for c in "：，；")
