"""Scale beyond one machine: evaluate_batch per county partition under Dask equals one call."""

from __future__ import annotations

import numpy as np
import pytest

from qbalance import evaluate_batch, load_standard
from qbalance.synth import synthetic_columns

dd = pytest.importorskip("dask.dataframe", reason="Dask is an optional extra (qbalance[dask])")
pd = pytest.importorskip("pandas")


def test_partitioned_by_county_equals_the_single_call() -> None:
    std = load_standard()
    cols = synthetic_columns(4000, n_counties=40, seed=9)
    df = pd.DataFrame(cols)
    single = evaluate_batch(cols, std).to_frame(lang=None)

    # partition by county: every county's schools in exactly one partition
    ddf = dd.from_pandas(df.set_index("county"), npartitions=6, sort=True)
    assert ddf.npartitions > 1
    meta = evaluate_batch(cols, std).to_frame(lang=None).iloc[:0]

    def one_partition(part: pd.DataFrame) -> pd.DataFrame:
        return evaluate_batch(part.reset_index(), std).to_frame(lang=None)

    parted = ddf.map_partitions(one_partition, meta=meta).compute(scheduler="sync")
    parted = parted.sort_values(["county", "segment"], kind="stable").reset_index(drop=True)
    single = single.sort_values(["county", "segment"], kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(parted, single, check_exact=True)
    assert np.isfinite(single["cv_R4"].to_numpy()).any()
