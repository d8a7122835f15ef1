"""Saved figures re-derived on load (issue 17 follow-up): a batch's county means lie within, and its deviations within half, the range of the stored
school values.  A tampered value is refused naming the field and the value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qbalance
from qbalance import DataError
from qbalance.io import load_result, save_result

def _write(p: Path, d: dict[str, Any]) -> None:
    p.write_text(json.dumps(d, ensure_ascii=False), "utf-8")


def _batch(seed: int) -> Any:
    from qbalance.synth import synthetic_columns

    return qbalance.evaluate_batch(synthetic_columns(400, n_counties=4, seed=seed))


BATCHES = {seed: _batch(seed) for seed in (1, 2)}


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.sampled_from(sorted(BATCHES)), cell=st.tuples(st.integers(0, 3),
                                                             st.integers(0, 1),
                                                             st.integers(0, 6)),
       which=st.sampled_from(["mean", "std"]), far=st.floats(1.5, 10.0))
def test_a_batch_mean_or_std_off_the_school_values_is_refused(
        tmp_path: Path, seed: int, cell: tuple[int, int, int], which: str, far: float
) -> None:
    b = BATCHES[seed]
    i, j, q = cell
    if b.status[i, j] != "ok" or q >= len(b.codes):
        return
    vals = b.school_values[(b.school_group == i) & (b.school_segment == j), q]
    lo, hi = float(vals.min()), float(vals.max())
    p = save_result(b, tmp_path / "b.json")
    d = json.loads(p.read_text("utf-8"))
    tampered = hi * far + 1.0 if which == "mean" else (hi - lo) / 2 * far + 1.0
    d["result"][which][i][j][q] = tampered
    _write(p, d)
    with pytest.raises(DataError) as err:
        load_result(p)
    assert err.value.field == f"$.{which}[{i}][{j}][{q}]", str(err.value)
    assert err.value.value == tampered
    assert err.value.params["text"].code == f"result.check.batch_{which}"


@pytest.mark.parametrize("seed", sorted(BATCHES))
def test_an_untampered_batch_loads(tmp_path: Path, seed: int) -> None:
    b = BATCHES[seed]
    assert np.isfinite(b.mean[b.status == "ok"]).all()
    assert load_result(save_result(b, tmp_path / "b.json")) == b


def test_a_mean_and_std_scaled_together_are_refused(tmp_path: Path) -> None:
    # the CV, composite and verdicts stay as stored: only the school values tell
    b = BATCHES[1]
    p = save_result(b, tmp_path / "b.json")
    d = json.loads(p.read_text("utf-8"))
    i, j = map(int, np.argwhere(b.status == "ok")[0])
    d["result"]["mean"][i][j][0] *= 10
    d["result"]["std"][i][j][0] *= 10
    _write(p, d)
    with pytest.raises(DataError) as err:
        load_result(p)
    assert err.value.field == f"$.mean[{i}][{j}][0]", str(err.value)
