"""plan_batch: every failing county of a table planned, in parallel processes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qbalance import evaluate_batch
from qbalance.plan.batch import PLAN_STATUSES, plan_batch
from qbalance.synth import synthetic_columns

COSTS = dict(teaching_area_m2=3000, sports_area_m2=400, equipment_value_yuan=1.0,
             multimedia_classrooms=60_000, teachers_above_degree=150_000,
             backbone_teachers=50_000, pe_art_teachers=150_000)


@pytest.fixture(scope="module")
def cols() -> dict[str, np.ndarray]:
    c = synthetic_columns(500, n_counties=6, seed=8)
    c["primary_pupils"] = c["primary_pupils"].copy()
    c["primary_pupils"][0] = -1.0  # the first county has bad data
    return c


def test_every_failing_county_is_planned_and_passes(cols: dict[str, np.ndarray]) -> None:
    res = evaluate_batch(cols)
    bp = plan_batch(cols, COSTS, workers=2, time_limit=20)
    assert len(bp.plans) == int((~res.passed).sum()) and bp.n_counties == len(res.county)
    assert [p.county for p in bp.plans] == res.county[~res.passed].tolist()
    assert all(p.status in PLAN_STATUSES for p in bp.plans)
    (bad,) = [p for p in bp.plans if p.status == "invalid"]
    assert "primary_pupils" in bad.note and math.isnan(bad.total_cost)
    good = [p for p in bp.plans if p.status != "invalid"]
    assert good and all(p.passed and p.status in ("planned", "greedy") for p in good)
    assert bp.total_cost == pytest.approx(sum(p.total_cost for p in good))
    text = bp.summary()
    assert "总耗时" in text and "中位数" in text and "数据有误 1" in text
    assert "total cost" in bp.summary("en")
    # one process gives the same plans
    one = plan_batch(cols, COSTS, workers=1, time_limit=20)
    assert [(p.county, p.status, p.total_cost) for p in one.plans] == [
        (p.county, p.status, p.total_cost) for p in bp.plans]


def test_impossible_caps_give_infeasible_with_the_reason(cols: dict[str, np.ndarray]) -> None:
    caps = {"*": {f: 0.0 for f in COSTS}}
    bp = plan_batch(cols, COSTS, workers=1, time_limit=10, caps=caps)
    infeasible = [p for p in bp.plans if p.status == "infeasible"]
    assert infeasible and all(p.note and not p.passed for p in infeasible)


@pytest.mark.usefixtures("english")
def test_bad_arguments(cols: dict[str, np.ndarray]) -> None:
    from qbalance import DataError
    with pytest.raises(DataError, match="workers"):
        plan_batch(cols, COSTS, workers=0)
    with pytest.raises(DataError, match="time_limit"):
        plan_batch(cols, COSTS, time_limit=-1)
