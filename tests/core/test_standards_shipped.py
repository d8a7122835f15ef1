"""Shipped provincial and county standards, overlays, comparison, derived targets."""

from __future__ import annotations

from pathlib import Path

import pytest

import qbalance
from qbalance import SpecError, available_standards, compare_standards, load_standard

PROVINCIAL = ("heilongjiang-revised", "guangdong", "yunnan-2022", "liaoning-2018")


def test_at_least_three_provincial_standards_and_a_county_target_ship() -> None:
    ids = set(available_standards())
    assert set(PROVINCIAL) <= ids
    assert "x-county-plan-2026" in ids


@pytest.mark.parametrize("sid", sorted(available_standards()))
def test_every_shipped_standard_loads_validates_and_names_its_source(sid: str) -> None:
    std = load_standard(sid)
    assert std.id == sid
    assert std.source and std.name_zh and std.name_en
    assert len(std.indicators) == (8 if sid == "basic-balance-2012" else 7)
    if sid not in ("national-2017", "basic-balance-2012"):
        assert std.based_on == "national-2017"
    if sid != "national-2017":
        assert std.notes, "a provincial or county standard must say what its source says"
        # the county can be evaluated under it
        res = qbalance.evaluate_resources(qbalance.example_county(), std)
        assert res.standard_id == sid


def test_provincial_files_encode_no_unsourced_difference() -> None:
    national = load_standard("national-2017")
    for sid in available_standards():
        std = load_standard(sid)
        if std.based_on is None:
            continue
        diffs = compare_standards(national, std)
        if std.status == "repeats-base":
            assert diffs == (), sid
            assert "尚无省级来源" in std.name_zh and "no provincial source" in std.name_en
        else:
            # a difference, or values equal to the base but sourced (Hebei's scope)
            assert diffs or std.provenance, f"{sid} encodes nothing of its own"
        unsourced = [d.path for d in diffs if std.source_of(d.path) is None]
        assert unsourced == [], (sid, unsourced)
    for sid in ("guangdong", "yunnan-2022", "liaoning-2018"):
        assert load_standard(sid).status == "repeats-base"


def test_x_county_plan_sets_the_composite_targets_of_the_plan() -> None:
    x = load_standard("x-county-plan-2026")
    assert (x.composite_cv_limit.primary, x.composite_cv_limit.junior) == (0.35, 0.32)
    diffs = compare_standards(load_standard(), x)
    assert {d.path: d.value for d in diffs} == {
        "composite_cv_limit.primary": 0.35, "composite_cv_limit.junior": 0.32,
        "guarantee.rotation_min": 0.15, "guarantee.migrant_public_min": 0.95,
        "quality.disabled_enrolment_min": 0.998, "survey.satisfaction_min": 0.90}
    assert all(d.stricter for d in diffs)


def test_overlay_file_inherits_and_validates(tmp_path: Path) -> None:
    f = tmp_path / "p.toml"
    f.write_text('id = "p"\nbased_on = "national-2017"\nname_zh = "某省"\nname_en = "P"\n'
                 'source = "doc"\n[scope]\nteaching_point_min_pupils = 30\n'
                 '[indicators.R4]\nthreshold = { primary = 5.0 }\n', "utf-8")
    p = load_standard(f)
    assert p.scope.teaching_point_min_pupils == 30
    assert p.indicator("R4").threshold.primary == 5.0
    assert p.indicator("R4").threshold.junior == 5.8  # inherited
    d = {x.path: x for x in compare_standards(load_standard(), p)}
    assert d["indicators.R4.threshold.primary"].stricter is True
    assert d["scope.teaching_point_min_pupils"].stricter is None
    # a teaching point with 32 pupils is now in scope
    res = qbalance.evaluate_resources(qbalance.example_county(), p)
    assert [e.reason for e in res.exclusions] == ["special"]


@pytest.mark.parametrize("body, match", [
    ('id = "p"\nbased_on = "national-2017"\nname_zh = "x"\nname_en = "x"\n', "needs source"),
    ('id = "p"\nbased_on = "p"\nname_zh = "x"\nname_en = "x"\nsource = "s"\n', "another"),
    ('id = "p"\nbased_on = "national-2017"\nname_zh = "x"\nname_en = "x"\nsource = "s"\n'
     '[indicators.R9]\nthreshold = { primary = 1 }\n', "R9"),
    ('id = "p"\nbased_on = "national-2017"\nname_zh = "x"\nname_en = "x"\nsource = "s"\n'
     '[composite_cv_limit]\nprimary = -0.1\n', "outside"),
    ('id = "p"\nbased_on = "national-2017"\nname_zh = "x"\nname_en = "x"\nsource = "s"\n'
     'colour = "red"\n', "colour"),
])
@pytest.mark.usefixtures("english")
def test_bad_overlay_files_are_refused_by_name(tmp_path: Path, body: str, match: str) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(body, "utf-8")
    with pytest.raises(SpecError, match=match):
        load_standard(f)


def test_derive_validates_and_can_refuse_relaxing() -> None:
    national = load_standard()
    with pytest.raises(SpecError, match="floor_fraction"):
        national.derive("x", {"indicators": {"R1": {"floor_fraction": 1.5}}})
    with pytest.raises(SpecError, match="min_met"):
        national.derive("x", {"school_rule": {"min_met": 8}})
    with pytest.raises(SpecError, match=r"threshold.primary 4.5 -> 4.0"):
        national.derive("x", {"indicators": {"R4": {"threshold": {"primary": 4.0}}}},
                        stricter_only=True)
    ok = national.derive("x", {"indicators": {"R4": {"threshold": {"primary": 5.0}}},
                               "composite_cv_limit": {"primary": 0.35}}, stricter_only=True)
    assert ok.indicator("R4").threshold.primary == 5.0
    # the base is left untouched
    assert national.indicator("R4").threshold.primary == 4.5


def test_compare_detects_looser_and_removed_limits() -> None:
    x = load_standard("x-county-plan-2026")
    back = compare_standards(x, load_standard())
    assert {d.stricter for d in back} == {False}


def test_direction_of_section_rules() -> None:
    national = load_standard()
    looser = national.derive("l", {"guarantee": {"class_size_max": {"primary": 50}},
                                   "quality": {"monitoring_difference_below": 0.2}})
    assert {d.path: d.stricter for d in compare_standards(national, looser)} == {
        "guarantee.class_size_max.primary": False,
        "quality.monitoring_difference_below": False}
    with pytest.raises(SpecError, match="class_size_max"):
        national.derive("l", {"guarantee": {"class_size_max": {"primary": 50}}},
                        stricter_only=True)
    variant = national.derive("v", {"quality": {"consolidation_variant": "transfers_only"}},
                              stricter_only=True)
    assert [d.stricter for d in compare_standards(national, variant)] == [None]


@pytest.mark.parametrize("sid", sorted(available_standards()))
def test_every_shipped_standard_has_its_generated_docs_page(sid: str) -> None:
    page = Path(__file__).resolve().parents[2] / "docs" / "standards" / f"{sid}.rst"
    assert f".. standard-page:: {sid}" in page.read_text("utf-8")
    assert f"standards/{sid}" in (page.parent.parent / "standards.rst").read_text("utf-8")
