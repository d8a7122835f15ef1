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

__all__ = ["VETO_HOLDS", "VETO_OUTCOME", "VETO_VERDICT", "Area", "Lang", "Outcome",
           "Severity", "Verdict"]

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
