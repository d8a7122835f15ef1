"""``qbalance batch``: a national table on the command line."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from qbalance import evaluate_batch
from qbalance.cli import main
from qbalance.synth import synthetic_columns


@pytest.fixture()
def table(tmp_path: Path) -> tuple[Path, dict[str, np.ndarray]]:
    pytest.importorskip("pyarrow")
    import pyarrow as pa
    import pyarrow.parquet as pq
    cols = synthetic_columns(1500, n_counties=12, seed=4)
    cols["primary_pupils"] = cols["primary_pupils"].copy()
    cols["primary_pupils"][7] = -3.0  # one county with bad data
    p = tmp_path / "national.parquet"
    pq.write_table(pa.table({k: np.asarray(v) for k, v in cols.items()}), p)
    return p, cols


def test_batch_writes_results_and_prints_the_status_table(
        table: tuple[Path, dict[str, np.ndarray]], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    import pyarrow.parquet as pq
    path, cols = table
    out = tmp_path / "results.parquet"
    code = main(["batch", str(path), "--out", str(out), "--show", "0"])
    want = evaluate_batch(cols)
    assert code == (0 if want.passed.all() else 1)
    got = pq.read_table(out).to_pandas()
    assert len(got) == 2 * len(want.county)
    assert got["是否达标"].tolist() == want.segment_passed.reshape(-1).tolist()  # --lang zh
    text = capsys.readouterr()
    assert f"{len(want.county)} 个县" in text.out and "数据有误" in text.out
    bad = str(want.county[want.status[:, 0] == "invalid"][0])
    assert bad in text.out and "小学在校生数" in text.out  # the field by its Chinese header
    # every county not passing is listed (--show 0)
    assert len(re.findall(r"^\d{6} ", text.out, flags=re.M)) == int((~want.passed).sum())
    assert not re.search(r"[A-Za-z]{4,}", text.out.replace("national", "")
                         )  # no English words in Chinese output
    assert "4/4" not in text.err  # no progress bar when stderr is not a terminal


def test_batch_in_english_and_csv_out(table: tuple[Path, dict[str, np.ndarray]],
                                      tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    path, _ = table
    out = tmp_path / "r.csv"
    main(["batch", str(path), "--out", str(out), "--lang", "en", "-q"])
    text = capsys.readouterr()
    assert "Batch evaluation" in text.out and text.err == ""
    assert out.read_text(encoding="utf-8-sig").startswith("county,segment,status")


def test_batch_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(tmp_path / "absent.parquet")]) == 2
    (tmp_path / "t.txt").write_text("x")
    assert main(["batch", str(tmp_path / "t.txt")]) == 2
    (tmp_path / "t.csv").write_text("county,kind,mystery\n1,primary,3\n")
    assert main(["batch", str(tmp_path / "t.csv")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "mystery" in err
