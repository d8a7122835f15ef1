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
from qbalance.standard import (
    IndicatorSpec,
    SchoolRule,
    ScopeRule,
    SegmentValues,
    SplitWeights,
    Standard,
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
    "IndicatorResult",
    "IndicatorSpec",
    "MissingDependencyError",
    "Problem",
    "QBalanceError",
    "ResourceEvaluation",
    "School",
    "SchoolKind",
    "SchoolResult",
    "SchoolRule",
    "ScopeRule",
    "Segment",
    "SegmentData",
    "SegmentResult",
    "SegmentValues",
    "SpecError",
    "SplitRecord",
    "SplitWeights",
    "Standard",
    "UnitError",
    "WeightedStats",
    "ZeroMeanError",
    "__version__",
    "available_standards",
    "composite_cv",
    "evaluate_resources",
    "example_county",
    "example_path",
    "load_county",
    "load_standard",
    "split_shares",
    "weighted_cv",
    "weighted_mean",
    "weighted_stats",
    "weighted_std",
]
