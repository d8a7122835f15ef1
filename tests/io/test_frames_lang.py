"""Every DataFrame of every result in Chinese and in English (issue 17).

``to_frame(lang="zh")`` is the Excel hand-off: every header Chinese and every machine
value (school kinds, segments, areas, verdicts, statuses, plan methods, exclusion
reasons, claim kinds, field paths) in its Chinese word from :mod:`qbalance.vocab` and
the models; numbers stay numbers and booleans booleans.  ``lang="en"`` keeps the field
names and machine values, with no Chinese header.

Allowed ASCII in a Chinese frame, and why:

- codes of upper-case letters and digits: indicator codes (``R1``, ``G14``, ``Q3``),
  school ids (``P01``), the form's L-codes and table numerals (``L7``, ``II``), cell
  addresses (``A29``), ``GDP``;
- the columns that hold identifiers a user types back: claim ids (``编号``, the index of
  an audit), the check code of a veto (``指标代码``: ``exam_admission``), the extraction
  pattern (``提取模式``), the report's label (``位置``);
- units (``m²``) and the formula variant an auditor's note names in parentheses
  (``（full）``).

The declaration form (DeclarationForm) is the official Chinese form: its headers are
Chinese in both languages, so it is not in the English check.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.io.test_result_protocol import RESULTS

pd = pytest.importorskip("pandas", reason="needs the pandas extra")

#: The tables of a result: ``to_frame(what, ...)`` for the evaluations, else one.
WHAT = {"ResourceEvaluation": ("indicators", "schools", "exclusions", "splits", "warnings"),
        "CountyEvaluation": ("checks", "indicators", "schools", "exclusions", "splits",
                             "warnings")}
#: Columns of identifiers (see the module docstring).
ID_COLUMNS = {"编号", "指标代码", "标准代码", "提取模式", "位置", "学校代码", "贡献最大学校"}
_WORD = re.compile(r"[A-Za-z][A-Za-z_]*")
_CODE = re.compile(r"[A-Z]+")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _frames(name: str, lang: str) -> list[tuple[str, Any]]:
    result = RESULTS[name]
    if name in WHAT:
        return [(w, result.to_frame(w, lang=lang)) for w in WHAT[name]]
    return [("", result.to_frame(lang=lang))]


def english_words(text: str) -> set[str]:
    """ASCII words of ``text`` that are neither codes nor units."""
    text = text.replace("m²", " ").replace("（full）", " ")
    return {w for w in _WORD.findall(text) if not _CODE.fullmatch(w)}


def _zh_leaks(frame: Any) -> list[str]:
    leaks = [f"header {h!r}" for h in [*map(str, frame.columns),
                                         *(str(n) for n in frame.index.names if n)]
             if english_words(h)]
    flat = frame.reset_index() if any(frame.index.names) else frame
    for col in flat.columns:
        for v in flat[col]:
            if isinstance(v, str) and str(col) not in ID_COLUMNS:
                leaks += [f"{col}={v!r}"] if english_words(v) else []
    return leaks


def test_the_check_finds_english() -> None:
    assert english_words("小学 primary") == {"primary"}
    assert english_words("R1,R4 P01 表Ⅱ-2!A29 GDP 12 m²") == set()
    frame = pd.DataFrame({"学校类型": ["primary"], "数值": [1.5]})
    assert _zh_leaks(frame) == ["学校类型='primary'"]
    assert _zh_leaks(pd.DataFrame({"status": [1]})) == ["header 'status'"]


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_a_chinese_frame_has_no_english(name: str) -> None:
    for what, frame in _frames(name, "zh"):
        assert _zh_leaks(frame) == [], f"{name} {what}"


@pytest.mark.parametrize("name", sorted(set(RESULTS) - {"DeclarationForm"}))
def test_an_english_frame_has_english_headers(name: str) -> None:
    for what, frame in _frames(name, "en"):
        names = [*map(str, frame.columns), *(str(n) for n in frame.index.names if n)]
        assert [n for n in names if _CJK.search(n)] == [], f"{name} {what}"


def test_the_words_of_a_chinese_frame() -> None:
    county = RESULTS["CountyEvaluation"]
    schools = county.to_frame("schools", lang="zh")
    assert "九年一贯制学校" in set(schools["学校类型"]) and "primary" not in set(schools["学校类型"])
    assert set(schools.index.get_level_values("学段")) == {"小学", "初中"}
    assert schools["是否达标"].dtype == bool and schools["学生数"].dtype.kind in "iu"
    checks = county.to_frame("checks", lang="zh")
    assert set(checks.index.get_level_values("评估内容")) >= {"政府保障程度", "不予认定情形"}
    assert set(checks["结论"]) <= {"达标", "未达标", "未评估", "不适用"}
    ex = county.to_frame("exclusions", lang="zh")
    assert set(ex["说明"]) == {"特殊教育学校", "小规模教学点"}
    assert set(RESULTS["BatchEvaluation"].to_frame(lang="zh")["状态"]) == {"已评估"}
    plans = RESULTS["BatchPlan"].to_frame(lang="zh")
    assert set(plans["状态"]) == {"已规划"} and set(plans["方法"]) == {"最小费用（整数规划）"}
    assert set(RESULTS["ReportAudit"].to_frame("zh")["状态"]) == {"错误", "无问题"}
    assert set(RESULTS["Extraction"].to_frame(lang="zh")["类型"]) == {"印出数值", "比例"}


def test_an_english_frame_keeps_the_machine_values() -> None:
    county = RESULTS["CountyEvaluation"]
    assert "nine_year" in set(county.to_frame("schools", lang="en")["kind"])
    assert set(county.to_frame("checks", lang="en")["verdict"]) <= {"met", "not_met",
                                                                    "not_assessed",
                                                                    "not_applicable"}
    assert set(RESULTS["ReportAudit"].to_frame("en")["status"]) == {"error", "ok"}
    assert set(RESULTS["BatchPlan"].to_frame(lang="en")["method"]) == {"milp"}
