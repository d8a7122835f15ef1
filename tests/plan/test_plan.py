"""Least-cost gap-closing plans (qbalance.plan), always checked by re-evaluation."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pytest

import qbalance
import qbalance.plan.solve as plan_module
from qbalance import (
    County,
    DataError,
    DataValidationError,
    InfeasibleTargetError,
    QBalanceError,
    SchoolKind,
    apply_additions,
    evaluate_resources,
    gap_plan,
    load_standard,
    naive_plan,
)
from qbalance.synth import synthetic_counties

COSTS = dict(teaching_area_m2=3000, sports_area_m2=400, equipment_value_yuan=1.0,
             multimedia_classrooms=60_000, teachers_above_degree=150_000,
             backbone_teachers=50_000, pe_art_teachers=150_000)


def _check(plan: qbalance.GapPlan, county: County, std: Any) -> None:
    """The plan, applied independently, passes a fresh evaluation; costs add up."""
    additions = plan.by_school()
    again = evaluate_resources(apply_additions(county, additions), std)
    assert again.passed
    for seg in again.segments:
        for ind in seg.indicators:
            assert ind.cv <= ind.cv_limit
        if seg.composite_cv_limit is not None:
            assert seg.composite_cv <= seg.composite_cv_limit
    assert plan.total_cost == pytest.approx(sum(i.amount * i.unit_cost for i in plan.items))
    assert all(i.amount > 0 for i in plan.items)


def random_county(seed: int, n: int = 8) -> County:
    rng = np.random.default_rng(seed)
    schools = []
    for i in range(n):
        p = int(rng.integers(60, 1500))
        f = rng.uniform(0.75, 1.6, size=7)
        schools.append({
            "id": f"S{i:02d}", "name": f"学校{i}", "kind": "primary",
            "teaching_area_m2": round(4.5 * f[3] * p, 1), "sports_area_m2": round(7.5 * f[4] * p, 1),
            "equipment_value_yuan": round(2000 * f[5] * p),
            "multimedia_classrooms": max(1, int(2.3 * f[6] * p / 100)),
            "primary": {"pupils": p,
                        "teachers_above_degree": max(1, int(4.2 * f[0] * p / 100)),
                        "backbone_teachers": max(1, int(1.0 * f[1] * p / 100)),
                        "pe_art_teachers": max(1, int(0.9 * f[2] * p / 100))},
        })
    return County.from_dict({"name": f"随机县{seed}", "year": 2025, "segments": ["primary"],
                             "schools": schools, "constructed": True})


def test_example_county_goes_from_fail_to_pass_for_less_than_the_naive_plan() -> None:
    county = qbalance.example_county()
    std = load_standard()
    plan = gap_plan(county, COSTS)
    naive = naive_plan(county, COSTS)
    assert not plan.before.passed
    _check(plan, county, std)
    _check(naive, county, std)
    assert plan.total_cost <= naive.total_cost
    # only the two failing village schools need anything
    assert set(plan.by_school()) == {"P08", "P09"}


@pytest.mark.parametrize("seed", range(8))
def test_random_counties_plan_passes_and_beats_greedy(seed: int) -> None:
    county = random_county(seed)
    std = load_standard()
    plan = gap_plan(county, COSTS)
    naive = naive_plan(county, COSTS)
    _check(plan, county, std)
    _check(naive, county, std)
    assert plan.total_cost <= naive.total_cost + 1e-6


@pytest.mark.parametrize("seed", range(3))
def test_random_counties_with_binding_cv_limits(seed: int) -> None:
    county = random_county(100 + seed, n=7)
    cvs = [i.cv for i in evaluate_resources(county).segment("primary").indicators]
    # a county target below the present CVs on every indicator
    std = load_standard().with_cv_limits(primary=round(0.8 * min(cvs), 3), id="tight")
    plan = gap_plan(county, COSTS, std)
    naive = naive_plan(county, COSTS, std)
    assert plan.cuts > 0
    _check(plan, county, std)
    _check(naive, county, std)
    assert plan.total_cost <= naive.total_cost + 1e-6


def _synthetic(seed: int, size: int, name: str) -> County:
    (county,) = [c for c in synthetic_counties(3, schools_per_county=size, seed=seed)
                 if c.name == name]
    return county


# small synthetic counties with combined schools: (seed, schools per county, county)
COMBINED = [(9, 8, "613466"), (9, 8, "613404"), (7, 8, "590466"), (4, 6, "317129"),
            (0, 10, "612023"), (0, 10, "467212"), (1, 8, "342886")]


def test_the_combined_counties_cover_every_kind_of_combined_school() -> None:
    kinds = {s.kind for seed, size, name in COMBINED for s in _synthetic(seed, size, name).schools}
    assert {SchoolKind.NINE_YEAR, SchoolKind.TWELVE_YEAR, SchoolKind.COMPLETE_MIDDLE} <= kinds


@pytest.mark.parametrize("target", ["national", "county", "tight"])
@pytest.mark.parametrize("seed, size, name", COMBINED)
def test_counties_with_combined_schools_pass_for_no_more_than_greedy(
        seed: int, size: int, name: str, target: str) -> None:
    county = _synthetic(seed, size, name)
    std = load_standard()
    if target == "county":
        std = std.with_cv_limits(primary=0.25, junior=0.20, id="county")
    elif target == "tight":  # below the present CVs on every indicator
        low = {seg.segment.value: round(0.8 * min(i.cv for i in seg.indicators), 3)
               for seg in evaluate_resources(county).segments}
        std = std.with_cv_limits(**low, id="tight")
    plan = gap_plan(county, COSTS, std)
    naive = naive_plan(county, COSTS, std)
    _check(plan, county, std)
    _check(naive, county, std)
    assert plan.method == "milp" and plan.note == ""
    assert plan.total_cost <= naive.total_cost + 1e-6
    if target == "tight":
        assert plan.cuts > 0


def test_a_fifty_school_county_with_combined_schools_converges() -> None:
    # one of the review's counties: the aggregated cuts did not converge in 50 rounds
    county = synthetic_counties(6, schools_per_county=50, seed=3)[2]
    assert {SchoolKind.NINE_YEAR, SchoolKind.COMPLETE_MIDDLE} <= {s.kind for s in county.schools}
    std = load_standard().with_cv_limits(primary=0.25, junior=0.20, id="county")
    plan = gap_plan(county, COSTS, std)
    _check(plan, county, std)
    assert plan.method == "milp"
    assert plan.iterations < 50
    assert plan.total_cost <= naive_plan(county, COSTS, std).total_cost


@pytest.mark.usefixtures("english")
def test_without_time_the_greedy_plan_is_returned_and_said_so() -> None:
    county = qbalance.example_county()
    plan = gap_plan(county, COSTS, time_limit=0)
    naive = naive_plan(county, COSTS)
    _check(plan, county, load_standard())
    assert plan.method == "naive" and plan.total_cost == naive.total_cost
    assert "greedy plan" in plan.note and "found no plan" in plan.note
    assert plan.to_dict()["note"] == plan.note and plan.note in plan.summary("en")
    # the greedy plan ignores caps: with caps it is no fallback
    with pytest.raises(QBalanceError, match="no plan for") as err:
        gap_plan(county, COSTS, caps={"P08": {"equipment_value_yuan": 0}}, time_limit=0)
    assert not isinstance(err.value, InfeasibleTargetError)


@pytest.mark.usefixtures("english")
def test_an_optimiser_plan_dearer_than_greedy_is_not_returned(
        monkeypatch: pytest.MonkeyPatch) -> None:
    county = qbalance.example_county()
    naive = naive_plan(county, COSTS)
    real = plan_module._solve

    def dear(*args: Any, **kw: Any) -> Any:
        found = real(*args, **kw)
        return attrs.evolve(found, add=found.add * 2)  # passes, but costs twice as much

    monkeypatch.setattr(plan_module, "_solve", dear)
    plan = gap_plan(county, COSTS)
    assert plan.method == "naive" and plan.total_cost == naive.total_cost
    assert "cost more than the greedy plan" in plan.note


def test_composite_target_of_a_county_plan() -> None:
    county = qbalance.example_county()
    std = load_standard().with_cv_limits(primary=0.12, junior=0.11, composite=True, id="comp")
    plan = gap_plan(county, COSTS, std)
    _check(plan, county, std)
    assert plan.after.segment("primary").composite_cv <= 0.12


def test_x_county_plan_targets_are_already_met_by_the_example_plan() -> None:
    county = qbalance.example_county()
    plan = gap_plan(county, COSTS, "x-county-plan-2026")
    _check(plan, county, load_standard("x-county-plan-2026"))


@pytest.mark.usefixtures("english")
def test_caps_too_tight_for_a_school_name_the_school_and_the_floor() -> None:
    with pytest.raises(InfeasibleTargetError) as err:
        gap_plan(qbalance.example_county(), COSTS, caps={"P08": {"sports_area_m2": 50}})
    (binding,) = err.value.binding
    assert "P08" in binding and "R5" in binding and "sports_area_m2" in binding
    assert "6.375" in binding  # 85 % of 7.5 m²


@pytest.mark.usefixtures("english")
def test_caps_too_tight_for_a_cv_limit_name_the_indicator() -> None:
    std = load_standard().with_cv_limits(primary=0.12, junior=0.10, id="tight")
    with pytest.raises(InfeasibleTargetError) as err:
        gap_plan(qbalance.example_county(), COSTS, std,
                 caps={"*": {"sports_area_m2": 10}, "P08": {"sports_area_m2": 1000}})
    text = "\n".join(err.value.binding)
    assert "CV limit, primary R5" in text and "CV limit, junior R5" in text
    assert "per-school" not in text


def test_caps_are_respected() -> None:
    # no money for equipment at 石门村小学: it must then meet R5 in full instead
    free = gap_plan(qbalance.example_county(), COSTS)
    caps = {"P08": {"equipment_value_yuan": 0}}
    plan = gap_plan(qbalance.example_county(), COSTS, caps=caps)
    assert "equipment_value_yuan" not in plan.by_school()["P08"]
    assert plan.by_school()["P08"]["sports_area_m2"] > free.by_school()["P08"]["sports_area_m2"]
    assert plan.total_cost >= free.total_cost
    _check(plan, qbalance.example_county(), load_standard())


@pytest.mark.parametrize("caps, match", [
    ({"NOPE": {"sports_area_m2": 1}}, "NOPE"),
    ({"P08": {"pool_m2": 1}}, "pool_m2"),
    ({"P08": {"sports_area_m2": -1}}, "-1"),
    ({"P08": {"junior.sports_area_m2": 1}}, "segment prefix"),
])
@pytest.mark.usefixtures("english")
def test_bad_caps_are_refused(caps: dict[str, dict[str, float]], match: str) -> None:
    with pytest.raises(DataError, match=match):
        gap_plan(qbalance.example_county(), COSTS, caps=caps)


@pytest.mark.usefixtures("english")
def test_bad_costs_and_additions_are_refused() -> None:
    with pytest.raises(DataValidationError, match="sports_area_m2"):
        gap_plan(qbalance.example_county(), dict(COSTS, sports_area_m2=-5))
    with pytest.raises(DataError, match="segment"):
        apply_additions(qbalance.example_county(), {"P08": {"backbone_teachers": 1}})
    with pytest.raises(DataError, match="Z99"):
        apply_additions(qbalance.example_county(), {"Z99": {"sports_area_m2": 1}})
    with pytest.raises(DataValidationError, match="P08"):
        apply_additions(qbalance.example_county(), {"P08": {"sports_area_m2": -1e9}})


def test_plan_text_and_dict() -> None:
    plan = gap_plan(qbalance.example_county(), COSTS)
    text = plan.summary("en")
    assert "石门村小学 (P08)" in text and "Re-evaluated verdict: MET" in text
    assert "重新评估结论：达标" in str(plan)
    d = plan.to_dict()
    assert d["passed"] is True and d["total_cost"] == plan.total_cost


# -- rounding (issue 18) and solver noise (issue 17) ---------------------------------------

def test_needs_that_are_whole_units_are_not_rounded_up() -> None:
    # 石门村小学 (188 pupils) needs exactly 98.7 m² of sports area (to the 85 % floor,
    # 1,198.5 m²) and 37,600 yuan of equipment (to 2,000 yuan per pupil): 127,080 yuan,
    # not 127,085 (98.71 m² and 37,601 yuan)
    plan = gap_plan(qbalance.example_county(), COSTS)
    got = {(i.school_id, i.field): i.amount for i in plan.items}
    assert got == {("P08", "sports_area_m2"): 98.7, ("P08", "equipment_value_yuan"): 37600.0,
                   ("P09", "backbone_teachers"): 1.0}
    assert plan.total_cost == 127_080
    assert plan.exact_cost == pytest.approx(127_080, abs=0.01)
    assert plan.exact_cost <= plan.total_cost and plan.after.passed
    assert "127,080.00" in plan.summary("en") and "精确最优" in plan.summary()
    assert plan.to_dict()["exact_cost"] == plan.exact_cost
    assert np.isnan(naive_plan(qbalance.example_county(), COSTS).exact_cost)


@pytest.mark.parametrize(("x", "step", "want"), [
    (98.7000012, 0.01, 98.7),     # the solver's margin above a whole need
    (37600.000376, 1.0, 37600.0),
    (98.705, 0.01, 98.71),        # a need between two steps is rounded up
    (98.7001, 0.01, 98.71),
    (0.004, 0.01, 0.01),
    (12.0, 1.0, 12.0),
])
def test_round_step(x: float, step: float, want: float) -> None:
    from qbalance.plan.problem import _round_step
    assert _round_step(x, step) == want


def test_the_planner_prints_no_solver_noise(capfd: pytest.CaptureFixture[str]) -> None:
    # this tight target made HiGHS print "HighsMipSolverData::transformNewInteger..."
    # straight to the process's standard output
    target = load_standard().with_cv_limits(primary=0.12, id="example-target")
    plan = gap_plan(qbalance.example_county(), COSTS, target)
    out, err = capfd.readouterr()
    assert plan.after.passed
    assert out == "" and "Highs" not in err


def test_the_greedy_plan_note_is_in_the_session_language() -> None:
    # issue 17: the note was English inside Chinese output ("greedy plan (naive_plan): …")
    import re

    from qbalance import use_lang

    county = qbalance.example_county()
    with use_lang("zh"):
        plan = gap_plan(county, COSTS, time_limit=0)
    assert plan.note.startswith("贪心方案（naive_plan）：") and "优化器" in plan.note
    assert not re.search(r"[A-Za-z]{3,}", plan.note.replace("naive_plan", ""))
    assert plan.note in plan.summary("zh")
