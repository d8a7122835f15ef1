"""Shared vocabulary of qbalance's results: areas, verdicts, outcomes, severities, languages.

Every package may import this module; it imports nothing of qbalance's own, so the
audit (:mod:`qbalance.audit`) and the evaluation (:mod:`qbalance.evaluate`) share
words without importing each other.

>>> from qbalance.vocab import Area, Verdict
>>> Verdict.NOT_MET.zh
'未达标'
>>> Area.GUARANTEE.zh, Area.GUARANTEE == "guarantee"
('政府保障程度', True)

The enums are :class:`enum.StrEnum`: a member equals, formats and serialises as its
value (``"guarantee"``), so results and their JSON are the same as with plain strings.
"""

from __future__ import annotations

import enum
from typing import Literal

__all__ = ["BATCH_STATUS", "CLAIM_KIND", "CLAIM_STATUS", "EXCLUSION_REASON", "PLAN_METHOD",
           "PLAN_STATUS", "VETO_HOLDS", "VETO_OUTCOME", "VETO_VERDICT", "Area", "Lang",
           "Outcome", "Severity", "Verdict"]

Lang = Literal["zh", "en"]
"""Language of an output: ``"zh"`` (Chinese, the default everywhere) or ``"en"``."""


class Area(enum.StrEnum):
    """An area of the evaluation (教督〔2017〕6号): the four areas, and the vetoes."""

    RESOURCES = "resources"
    """资源配置: the resource-allocation indicators R1–R7."""
    GUARANTEE = "guarantee"
    """政府保障程度: government guarantee, G1–G15."""
    QUALITY = "quality"
    """教育质量: education quality, Q1–Q9."""
    SURVEY = "survey"
    """社会认可度: social recognition, the survey S1–S3."""
    VETO = "veto"
    """不予认定情形: the veto conditions."""

    @property
    def zh(self) -> str:
        """Chinese name."""
        return {"resources": "资源配置", "guarantee": "政府保障程度", "quality": "教育质量",
                "survey": "社会认可度", "veto": "不予认定情形"}[self.value]

    @property
    def en(self) -> str:
        """English name."""
        return {"resources": "Resource allocation", "guarantee": "Government guarantee",
                "quality": "Education quality", "survey": "Social recognition",
                "veto": "Veto conditions"}[self.value]


class Verdict(enum.StrEnum):
    """Verdict of one indicator."""

    MET = "met"
    """达标."""
    NOT_MET = "not_met"
    """未达标."""
    NOT_ASSESSED = "not_assessed"
    """未评估: the data the indicator needs is missing."""
    NOT_APPLICABLE = "not_applicable"
    """不适用: the county has nothing the indicator applies to (e.g. no special school)."""

    @property
    def zh(self) -> str:
        """Chinese name."""
        return {"met": "达标", "not_met": "未达标", "not_assessed": "未评估",
                "not_applicable": "不适用"}[self.value]

    @property
    def en(self) -> str:
        """English name."""
        return self.value.replace("_", " ")

    @property
    def symbol(self) -> str:
        """One-character mark for tables."""
        return {"met": "✓", "not_met": "✗", "not_assessed": "?", "not_applicable": "–"}[
            self.value]


class Outcome(enum.StrEnum):
    """Outcome of an area or of the whole county."""

    PASSED = "passed"
    """通过: every indicator met (or not applicable)."""
    FAILED = "failed"
    """未通过: at least one indicator not met, or a veto holds."""
    INCOMPLETE = "incomplete"
    """不完整: nothing failed, but some indicator could not be assessed."""

    @property
    def zh(self) -> str:
        """Chinese name."""
        return {"passed": "达标", "failed": "未达标",
                "incomplete": "不完整（有未评估项，不能认定）"}[self.value]

    @property
    def en(self) -> str:
        """English name."""
        return {"passed": "PASSED", "failed": "FAILED",
                "incomplete": "INCOMPLETE (some indicators not assessed)"}[self.value]


class Severity(enum.StrEnum):
    """How serious a finding is."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        """3 for error, 2 for warning, 1 for note."""
        return {"error": 3, "warning": 2, "note": 1}[self.value]

    @property
    def zh(self) -> str:
        """Chinese name."""
        return {"error": "错误", "warning": "警告", "note": "提示"}[self.value]

    @property
    def en(self) -> str:
        """English name."""
        return self.value


#: How a veto condition (不予认定情形) reads, once for every output: the verdict of one
#: declared condition (Chinese, English) …
VETO_VERDICT: dict[str, tuple[str, str]] = {
    "met": ("不存在", "does not hold"), "not_met": ("存在", "HOLDS"),
    "not_assessed": ("未声明", "not declared"), "not_applicable": ("不适用", "not applicable")}
#: … the outcome of the veto area …
VETO_OUTCOME: dict[str, tuple[str, str]] = {
    "passed": ("无", "none"), "failed": ("存在，不予认定", "a veto holds: not recognised"),
    "incomplete": ("未完整声明", "not all declared")}
#: … and the reason a declared condition that holds gives.
VETO_HOLDS: tuple[str, str] = ("存在，不予认定", "holds: the county cannot be recognised")

#: Status of a county (or county segment) in a batch, in words (Chinese, English).
BATCH_STATUS: dict[str, tuple[str, str]] = {
    "ok": ("已评估", "evaluated"), "empty": ("无在评学校", "no school in scope"),
    "zero_mean": ("某指标均值为0", "an indicator mean 0"), "invalid": ("数据有误", "bad data"),
    "not_evaluated": ("不评估该学段", "segment not evaluated")}
#: Status of one county's plan in a batch of plans (Chinese, English).
PLAN_STATUS: dict[str, tuple[str, str]] = {
    "planned": ("已规划", "planned"), "greedy": ("贪心方案", "greedy plan"),
    "timed_out": ("超时改用贪心方案", "timed out, greedy plan"),
    "infeasible": ("不可行", "infeasible"), "failed": ("失败", "failed"),
    "invalid": ("数据有误", "bad data")}
#: How a plan was found (Chinese, English): least cost, the greedy plan, or none.
PLAN_METHOD: dict[str, tuple[str, str]] = {
    "milp": ("最小费用（整数规划）", "least cost (MILP)"), "naive": ("贪心方案", "greedy plan"),
    "": ("", "")}
#: Why a school is left out of the resource indicators (Chinese, English).
EXCLUSION_REASON: dict[str, tuple[str, str]] = {
    "special": ("特殊教育学校", "special school"),
    "small_teaching_point": ("小规模教学点", "small teaching point"),
    "private": ("民办学校", "private school"), "vocational": ("职业学校", "vocational school")}
#: Status of an audited claim: its worst finding's severity, or none (Chinese, English).
CLAIM_STATUS: dict[str, tuple[str, str]] = {
    **{s.value: (s.zh, s.en) for s in Severity}, "ok": ("无问题", "ok")}
#: Kind of a claim of a report (``qbalance.audit.claims.ClaimKind``; Chinese, English).
CLAIM_KIND: dict[str, tuple[str, str]] = {
    "ratio": ("比例", "ratio"), "consolidation": ("巩固率", "consolidation"),
    "per_capita": ("人均值", "per capita"), "composite_cv": ("综合差异系数", "composite CV"),
    "sum": ("合计", "sum"), "shares": ("构成比例", "shares"),
    "rate_parts": ("比率与人数", "rate and parts"), "figure": ("印出数值", "figure"),
    "count": ("数量", "count"), "survey": ("满意度调查", "survey"),
    "restated": ("重述数值", "restated"), "lead": ("总述结论", "lead"),
    "cross": ("交叉核对", "cross-check")}
