"""Chinese templates use full-width punctuation next to Chinese text (issue 17).

Chinese typography (GB/T 15834) writes ``：，；（）`` after and around Chinese words:
``结论：未达标``, ``石门村小学（P08）``, ``达标 14，未达标 1``.  ASCII punctuation stays
where it belongs to something else than the Chinese sentence: inside a placeholder's
format spec (``{x:,.2f}``), inside numbers (``8,751``, ``1:12``), in code the reader types
(``load_county(df, name=...)``, ``{表头: 键}`` written as a Python dict) and in intervals
(``(0, 5]``).  :func:`ascii_punct_next_to_cjk` finds an ASCII ``:`` ``,`` ``;`` ``(`` ``)``
adjacent to a Chinese character (or one space away) outside those; the rendered
printouts are checked with it in ``tests/report/test_punctuation_zh.py``.
"""

from __future__ import annotations

import re

import pytest

from qbalance import _messages as m

_IDEO = "\u3400-\u4dbf\u4e00-\u9fff"
_FULL = "（）：，；。、！？“”《》【】"
_BAD = re.compile(
    rf"[{_IDEO}{_FULL}] ?[:,;(]"  # 结论: / 达标 14, / 小学 (P08 / ） (C01
    rf"|[{_IDEO}][\d.%]+:"         # 低于标准85%: R5
    rf"|[:,;(] ?[{_IDEO}]"        # : 未达标 / , 未达标 / (达标
    rf"|[{_IDEO}] ?\)"            # 达标)
    rf"|\) ?[{_IDEO}]")           # (P08) 达标
#: Code the reader types, kept in ASCII: a call ``name(...)``, a Python dict written in
#: a template as ``{{…}}``, an interval ``(0, 5]``.
_CODE = (re.compile(r"[A-Za-z_][\w.]*\([^()]*\)"), re.compile(r"\{\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}\}"),
         re.compile(r"[(\[][\d.]+, ?[\d.]+[)\]]"))
_PLACEHOLDER = re.compile(r"(?<!\{)\{[^{}]*\}(?!\})")


def _without_code(text: str) -> str:
    while True:
        out = text
        for pat in _CODE:
            out = pat.sub("\x00", out)
        if out == text:
            return out
        text = out


def ascii_punct_next_to_cjk(text: str, *, template: bool = False) -> list[str]:
    """The places in ``text`` where ASCII ``:,;()`` touches Chinese (with some context).

    ``template=True`` first removes the ``{placeholders}`` (their format specs keep
    their colons and commas); code literals are removed in every case.
    """
    if template:
        text = _PLACEHOLDER.sub("\x00", text)
    text = _without_code(text)
    return [text[max(0, k.start() - 10):k.end() + 10] for k in _BAD.finditer(text)]


@pytest.mark.parametrize("text", [
    "结论: 未达标", "达标 14, 未达标 1", "石门村小学 (P08)", "县第二中学（完全中学） (C01)",
    "低于标准85%: R5", "结论(报告/复算)", "（佐证: 文件）", "未达校际标准; 未达标",
])
def test_the_check_finds_ascii_punctuation(text: str) -> None:
    assert ascii_punct_next_to_cjk(text)


@pytest.mark.parametrize("text", [
    "结论：未达标", "达标 14，未达标 1", "石门村小学（P08）", "小学：14 所学校，8,751 名学生",
    "低于标准85%：R5 78.0%", "用 qbalance.load_county(df, name=..., year=...) 读入",
    "不在 (0, 5] 范围内", "巩固率 99.32 % = 1889/(1902+41+3-37-6-1)（标准 ≥ 95 %）",
    "师生比 1:12.5", "R5, R6",
])
def test_the_check_lets_correct_text_pass(text: str) -> None:
    assert ascii_punct_next_to_cjk(text) == []


def test_placeholders_keep_their_format_specs() -> None:
    assert ascii_punct_next_to_cjk("合计：{total:,.0f} 元，{x:v}", template=True) == []
    assert ascii_punct_next_to_cjk("合计: {total:,.0f} 元", template=True)
    assert ascii_punct_next_to_cjk("请写成 {{学段: 人数}}", template=True) == []


def test_chinese_templates_use_full_width_punctuation() -> None:
    found = {code: hits for code, t in m.ZH.items()
             if (hits := ascii_punct_next_to_cjk(t, template=True))}
    assert not found, found


def test_english_templates_keep_ascii_punctuation() -> None:
    full = re.compile("[（）：，；]")
    found = {code: t for code, t in m.EN.items()
             if full.search(_PLACEHOLDER.sub("", t)) and not re.search(f"[{_IDEO}]", t)}
    assert not found, found


def test_a_school_with_its_name_prints_in_full_width_parentheses() -> None:
    assert m.place("P1 (甲小学)", "zh") == "P1（甲小学）"
    assert m.place("P1 (甲小学)", "en") == "P1 (甲小学)"
    assert m.place("s.csv, row 4 (P02 东岭小学)", "zh") == "s.csv，第 4 行（P02 东岭小学）"
