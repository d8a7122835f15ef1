"""qbalance: China's county compulsory-education high-quality balanced development
evaluation (义务教育优质均衡发展督导评估), computed exactly and audited.

>>> import qbalance
>>> result = qbalance.evaluate_resources(qbalance.example_county())
>>> result.standard_id
'national-2017'
"""

from qbalance.core import (
    WeightedStats,
    composite_cv,
    split_shares,
    weighted_cv,
    weighted_mean,
    weighted_stats,
    weighted_std,
)
from qbalance.errors import (
    DataError,
    DataValidationError,
    EmptySegmentError,
    MissingDependencyError,
    Problem,
    QBalanceError,
    SpecError,
    UnitError,
    ZeroMeanError,
)
from qbalance.examples import example_county, example_path
from qbalance.io import load_county
from qbalance.models import County, School, SchoolKind, Segment, SegmentData
from qbalance.resources import (
    Exclusion,
    IndicatorResult,
    ResourceEvaluation,
    SchoolResult,
    SegmentResult,
    SplitRecord,
    evaluate_resources,
)
from qbalance.rounding import (
    ReportedFigure,
    RoundingCheck,
    RoundingMode,
    check_rounding,
    exact_fraction,
    parse_reported,
    round_half_even,
    round_half_up,
    round_to,
    truncate,
)
from qbalance.standard import (
    GuaranteeStandard,
    IndicatorSpec,
    QualityStandard,
    SchoolRule,
    ScopeRule,
    SegmentLimits,
    SegmentValues,
    SplitWeights,
    Standard,
    SurveyStandard,
    VetoSpec,
    available_standards,
    load_standard,
)

__version__ = "0.1.0"

__all__ = [
    "County",
    "DataError",
    "DataValidationError",
    "EmptySegmentError",
    "Exclusion",
    "GuaranteeStandard",
    "IndicatorResult",
    "IndicatorSpec",
    "MissingDependencyError",
    "Problem",
    "QBalanceError",
    "QualityStandard",
    "ReportedFigure",
    "ResourceEvaluation",
    "RoundingCheck",
    "RoundingMode",
    "School",
    "SchoolKind",
    "SchoolResult",
    "SchoolRule",
    "ScopeRule",
    "Segment",
    "SegmentData",
    "SegmentLimits",
    "SegmentResult",
    "SegmentValues",
    "SpecError",
    "SplitRecord",
    "SplitWeights",
    "Standard",
    "SurveyStandard",
    "UnitError",
    "VetoSpec",
    "WeightedStats",
    "ZeroMeanError",
    "__version__",
    "available_standards",
    "check_rounding",
    "composite_cv",
    "evaluate_resources",
    "exact_fraction",
    "example_county",
    "example_path",
    "load_county",
    "load_standard",
    "parse_reported",
    "round_half_even",
    "round_half_up",
    "round_to",
    "split_shares",
    "truncate",
    "weighted_cv",
    "weighted_mean",
    "weighted_stats",
    "weighted_std",
]
