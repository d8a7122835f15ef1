"""Enrolment scenarios (qbalance.scenario)."""

from __future__ import annotations

import pytest

import qbalance
from qbalance import DataError, DataValidationError, compare_scenarios, move_pupils, project_enrolment


def test_moving_pupils_keeps_resources_and_totals() -> None:
    base = qbalance.example_county()
    moved = move_pupils(base, [("P05", "P02", 300), ("P06", "P02", 200)])
    assert moved.school("P02").primary.pupils == base.school("P02").primary.pupils + 500  # type: ignore[union-attr]
    assert moved.school("P05").primary.pupils == base.school("P05").primary.pupils - 300  # type: ignore[union-attr]
    assert moved.school("P02").sports_area_m2 == base.school("P02").sports_area_m2
    total = sum(s.pupils for s in base.schools)
    assert sum(s.pupils for s in moved.schools) == total


def test_comparison_lists_the_changes_and_agrees_with_evaluations() -> None:
    base = qbalance.example_county()
    moved = move_pupils(base, [("P05", "P02", 300), ("P06", "P02", 200)])
    cmp = compare_scenarios(base, moved)
    assert [s.school_id for s in cmp.newly_failing_schools] == ["P02"]
    direct = qbalance.evaluate_resources(moved).segment("primary")
    for ch in cmp.indicators:
        if ch.segment.value == "primary":
            assert ch.cv_after == direct.indicator(ch.code).cv
    # under a county's tight per-indicator target the same move breaks CVs too
    tight = qbalance.load_standard().with_cv_limits(primary=0.30, id="t")
    failing = {c.code for c in compare_scenarios(base, moved, tight).newly_failing_indicators}
    assert failing == {c.code for c in cmp.indicators
                       if c.segment.value == "primary" and c.cv_after > 0.30}
    assert failing
    assert "newly failing: 城关第二小学 (P02)" in cmp.summary("en")
    assert "新增未达标：城关第二小学（P02）" in cmp.summary()


def test_projection_that_helps_a_school_is_reported_as_recovered() -> None:
    base = qbalance.example_county()
    fewer = project_enrolment(base, {"P08": 140})  # 石门村小学 loses pupils: R5, R6 per pupil rise
    cmp = compare_scenarios(base, fewer)
    assert [s.school_id for s in cmp.recovered_schools] == ["P08"]


def test_bad_moves_are_refused() -> None:
    base = qbalance.example_county()
    with pytest.raises(DataError, match="P08"):
        move_pupils(base, [("P08", "P01", 10_000)])
    with pytest.raises(DataError, match="J01"):
        move_pupils(base, [("J01", "P01", 1)])
    with pytest.raises(DataError, match="N01"):
        project_enrolment(base, {"N01": 100})
    with pytest.raises(DataValidationError, match="P01"):
        project_enrolment(base, {"P01": 0})
