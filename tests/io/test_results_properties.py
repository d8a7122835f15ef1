"""Property tests of saved results (issue 12, issue 13 item 2): generated results load
back equal; a saved figure that an invariant covers, edited, is refused naming a field;
any other edit (a deleted row or key, a truncated file) is refused with a QBalanceError
or loads a result that is consistent (it saves and loads back equal itself)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qbalance
from qbalance import DataError, QBalanceError
from qbalance.io import load_result, save_result
from qbalance.io.results import envelope, from_envelope
from qbalance.synth import synthetic_counties

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
COSTS = dict(teaching_area_m2=3000, sports_area_m2=400, equipment_value_yuan=1.0,
             multimedia_classrooms=60_000, teachers_above_degree=150_000,
             backbone_teachers=50_000, pe_art_teachers=150_000)


def _county(seed: int, n: int) -> qbalance.County:
    return synthetic_counties(1, schools_per_county=n, seed=seed)[0]


def _round_trip(result: Any) -> Any:
    """Through the saved JSON text, as save_result writes it."""
    text = json.dumps(envelope(result), ensure_ascii=False)
    return from_envelope(json.loads(text))


@SETTINGS
@given(seed=st.integers(0, 10_000), n=st.integers(6, 30), moved=st.integers(0, 400))
def test_generated_results_load_back_equal(seed: int, n: int, moved: int) -> None:
    from qbalance.evaluate.scenario import move_pupils

    county = _county(seed, n)
    ev = qbalance.evaluate_resources(county)
    assert _round_trip(ev) == ev
    sens = qbalance.sensitivity(county)
    assert _round_trip(sens) == sens
    primary = [s for s in county.schools if s.primary is not None]
    if len(primary) >= 2:
        src, dst = primary[0], primary[-1]
        k = min(moved, src.primary.pupils // 3)  # type: ignore[union-attr]
        try:
            cmp = qbalance.compare_scenarios(county,
                                             move_pupils(county, [(src.id, dst.id, k)]))
        except QBalanceError:  # the projected county is implausible (refused, rightly)
            return
        assert _round_trip(cmp) == cmp


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(6, 20))
def test_generated_plans_and_forms_load_back_equal(seed: int, n: int) -> None:
    from qbalance.form.tables import form_of
    from qbalance.plan import naive_plan

    county = _county(seed, n)
    plan = naive_plan(county, COSTS)
    assert _round_trip(plan) == plan
    form = form_of(county)
    assert _round_trip(form) == form


@settings(max_examples=30, deadline=None)
@given(name=st.sampled_from(["midu", "baoqing", "pingyuan", "lianping"]),
       data=st.data())
def test_audits_of_generated_claim_sets_load_back_equal(name: str, data: st.DataObject) -> None:
    cs = qbalance.example_claims(name)
    keep = data.draw(st.lists(st.sampled_from(range(len(cs.claims))), min_size=1,
                              max_size=len(cs.claims), unique=True))
    subset = cs.model_copy(update={"claims": tuple(cs.claims[i] for i in sorted(keep))})
    try:
        report = qbalance.audit(subset)
    except QBalanceError:  # a claim that needs a neighbour left out
        return
    assert _round_trip(report) == report


# --- tampering ---------------------------------------------------------------------------

def _leaves(d: Any, path: str = "$") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    if isinstance(d, dict):
        for k, v in d.items():
            out += _leaves(v, f"{path}.{k}")
    elif isinstance(d, list):
        for i, v in enumerate(d):
            out += _leaves(v, f"{path}[{i}]")
    else:
        out.append((path, d))
    return out


def _set(d: Any, path: str, value: Any) -> None:
    keys = re.findall(r"\.([A-Za-z_]\w*)|\[(\d+)\]", path[1:])
    node = d
    for k, i in keys[:-1]:
        node = node[k] if k else node[int(i)]
    k, i = keys[-1]
    if k:
        node[k] = value
    else:
        node[int(i)] = value


def _changed(v: Any) -> Any:
    if isinstance(v, bool):
        return not v
    if isinstance(v, int):
        return v + 1
    if isinstance(v, float):
        return v * 1.5 + 0.25
    if isinstance(v, str):
        return {"error": "ok", "ok": "error", "warning": "ok", "note": "ok"}.get(v, v + "x")
    if isinstance(v, list):
        return v[1:] if v else ["x"]
    return 1


#: Saved figures of each type that an invariant covers (regular expressions on paths).
COVERED: dict[str, str] = {
    "ResourceEvaluation": r"^\$\.(passed|segments\[\d+\]\.(pupils|composite_cv|passed|"
                          r"cv_passed|indicators\[\d+\]\.(mean|std|cv|n_schools|schools_met|"
                          r"passed)|schools\[\d+\]\.(pupils|values\[\d+\]|met\[\d+\]|passed)))$",
    "AuditReport": r"^\$\.(counts\.\w+|has_errors|claims\[\d+\]\.(id|kind|section|name_zh|"
                   r"reported|status|consistent_modes\[\d+\]|threshold|printed_verdict))$",
    "BatchEvaluation": r"^\$\.(n_schools|schools_met|n_failing|composite_cv|"
                       r"segment_passed|passed|school_met|school_passed)(\[\d+\])+$",
    "GapPlan": r"^\$\.(total_cost|passed|items\[\d+\]\.(cost|amount)|"
               r"after\.segments\[\d+\]\.indicators\[\d+\]\.(mean|cv))$",
}


def _batch() -> Any:
    from qbalance.synth import synthetic_columns

    return qbalance.evaluate_batch(synthetic_columns(600, n_counties=4, seed=5))


def _plan() -> Any:
    from qbalance.plan import gap_plan

    return gap_plan(qbalance.example_county(), COSTS)


SAVED = {"ResourceEvaluation": qbalance.evaluate_resources(qbalance.example_county()),
         "AuditReport": qbalance.audit("midu"), "BatchEvaluation": _batch(),
         "GapPlan": _plan()}
DATA = {k: envelope(v) for k, v in SAVED.items()}


def _load(tmp_path: Path, data: Any = None, text: str | None = None) -> Any:
    p = tmp_path / "r.json"
    p.write_text(text if text is not None else json.dumps(data, ensure_ascii=False), "utf-8")
    return load_result(p)


@pytest.mark.parametrize("name", sorted(COVERED))
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_an_edited_covered_figure_is_refused_naming_a_field(
        name: str, tmp_path: Path, data: st.DataObject) -> None:
    saved = json.loads(json.dumps(DATA[name]))
    leaves = [(p, v) for p, v in _leaves(saved["result"])
              if re.match(COVERED[name], p) and v is not None]
    path, value = data.draw(st.sampled_from(leaves), label="leaf")
    _set(saved["result"], path, _changed(value))
    with pytest.raises(DataError) as err:
        _load(tmp_path, saved)
    assert err.value.field, str(err.value)


@pytest.mark.parametrize("name", sorted(SAVED))
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_edit_is_refused_or_loads_a_consistent_result(
        name: str, tmp_path: Path, data: st.DataObject) -> None:
    saved = json.loads(json.dumps(DATA[name]))
    how = data.draw(st.sampled_from(["change", "delete_row", "delete_key", "truncate"]))
    text = None
    if how == "truncate":
        full = json.dumps(saved, ensure_ascii=False)
        text = full[:data.draw(st.integers(0, len(full) - 1))]
    else:
        leaves = _leaves(saved["result"])
        path, value = data.draw(st.sampled_from(leaves), label="leaf")
        if how == "change":
            _set(saved["result"], path, _changed(value))
        else:
            rows = list(re.finditer(r"\[(\d+)\]", path))
            if how == "delete_row" and rows:
                parent, last = path[:rows[-1].start()], rows[-1].group()
            else:
                key_path = re.sub(r"(\[\d+\])+$", "", path)
                parent = key_path.rsplit(".", 1)[0]
                last = key_path[len(parent):]
            node: Any = saved["result"]
            for k, i in re.findall(r"\.([A-Za-z_]\w*)|\[(\d+)\]", parent[1:]):
                node = node[k] if k else node[int(i)]
            if last.startswith("["):
                node.pop(int(last[1:-1]))
            else:
                node.pop(last[1:])
    try:
        loaded = _load(tmp_path, saved, text)
    except QBalanceError as exc:
        assert str(exc)  # a message, and never another exception
        return
    # loaded: what the file holds is a consistent result of its type
    again = load_result(save_result(loaded, tmp_path / "again.json"))
    assert type(again) is type(loaded)
