"""Shared vocabulary of qbalance's results: verdicts, outcomes, severities, languages.

Every package may import this module; it imports nothing of qbalance's own, so the
audit (:mod:`qbalance.audit`) and the evaluation (:mod:`qbalance.evaluate`) share
words without importing each other.

>>> from qbalance.vocab import Verdict
>>> Verdict.NOT_MET.zh
'未达标'
"""

from __future__ import annotations

import enum
from typing import Literal

__all__ = ["Lang", "Outcome", "Severity", "Verdict"]

Lang = Literal["zh", "en"]
"""Language of an output: ``"zh"`` (Chinese, the default everywhere) or ``"en"``."""


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


class Severity(enum.Enum):
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
