"""The guarantee / quality / survey / veto sections of a standard (schema and national data)."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from qbalance import SchoolKind, SpecError, Standard, load_standard

NATIONAL_TOML = resources.files("qbalance") / "data" / "standards" / "national-2017.toml"


def _national_data() -> dict[str, object]:
    return tomllib.loads(NATIONAL_TOML.read_text("utf-8"))


def test_national_sections_loaded_from_the_file() -> None:
    std = load_standard("national-2017")
    raw = _national_data()
    g, q, s = std.require_guarantee(), std.require_quality(), std.require_survey()
    # The numbers come from the TOML file, not from code defaults.
    assert g.rotation_min == raw["guarantee"]["rotation_min"] == 0.10  # type: ignore[index]
    assert g.school_size_max[SchoolKind.NINE_YEAR] == 2500
    assert g.class_size_max.primary == 45 and g.class_size_max.junior == 50
    assert q.consolidation_variant == "full" and q.consolidation_min == 0.95
    assert q.monitoring_difference_below == 0.15
    assert s.sample_per_mille_min == 1.5 and s.satisfaction_min == 0.85
    assert [v.code for v in std.vetoes] == [
        "exam_admission", "illegal_school_choice", "key_schools", "contract_teachers",
        "safety_violation", "falsified_data"]


def test_county_plan_is_a_derived_standard() -> None:
    # "X county" implementation plan (001 in shared/reports): rotation >= 15 %,
    # satisfaction >= 90 %, disabled enrolment >= 99.8 %.
    national = load_standard()
    plan = national.derive("x-county-plan", {
        "guarantee": {"rotation_min": 0.15},
        "quality": {"disabled_enrolment_min": 0.998},
        "survey": {"satisfaction_min": 0.90},
    })
    assert plan.require_guarantee().rotation_min == 0.15
    assert plan.require_quality().disabled_enrolment_min == 0.998
    assert plan.require_survey().satisfaction_min == 0.90
    assert national.require_guarantee().rotation_min == 0.10  # unchanged


@pytest.mark.parametrize(("changes", "needle"), [
    ({"guarantee": {"rotation_min": 10}}, "rotation_min"),           # 10 % given as 10
    ({"survey": {"satisfaction_min": 85}}, "satisfaction_min"),
    ({"quality": {"consolidation_variant": "other"}}, "consolidation_variant"),
    ({"guarantee": {"class_size_max": {"primary": 0}}}, "class_size_max.primary"),
    ({"quality": {"monitoring_level_min": 0}}, "monitoring_level_min"),
])
def test_invalid_section_values_are_spec_errors(changes: dict[str, object], needle: str) -> None:
    with pytest.raises(SpecError, match=needle.replace(".", r"\.")):
        load_standard().derive("bad", changes)


@pytest.mark.usefixtures("english")
def test_repeated_veto_code_rejected() -> None:
    data = _national_data()
    data["vetoes"] = [data["vetoes"][0], data["vetoes"][0]]  # type: ignore[index]
    with pytest.raises(SpecError, match="veto codes repeated"):
        load_standard().derive("bad", vetoes=data["vetoes"])


@pytest.mark.usefixtures("english")
def test_sections_are_optional_but_required_by_name() -> None:
    data = _national_data()
    for key in ("guarantee", "quality", "survey", "vetoes"):
        data.pop(key)
    std = Standard.from_dict(data)
    with pytest.raises(SpecError, match=r"no \[guarantee\] section"):
        std.require_guarantee()
    with pytest.raises(SpecError, match=r"no \[quality\] section"):
        std.require_quality()
    with pytest.raises(SpecError, match=r"no \[survey\] section"):
        std.require_survey()
