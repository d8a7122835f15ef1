"""Progress bars on long work: large HTML reports, plan_batch and the CLI running them.

A bar is drawn only when standard error is a terminal; these tests replace the
stream (the hook ``qbalance._progress.stderr``) by one that says it is a terminal
(the "forced TTY"), and by one that says it is not.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import qbalance
from qbalance import report
from qbalance import _progress
from qbalance._progress import quiet


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> _Tty:
    monkeypatch.delenv("QBALANCE_PROGRESS", raising=False)
    s = _Tty()
    monkeypatch.setattr(_progress, "stderr", lambda: s)
    return s


@pytest.fixture
def pipe(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    monkeypatch.delenv("QBALANCE_PROGRESS", raising=False)
    s = io.StringIO()
    monkeypatch.setattr(_progress, "stderr", lambda: s)
    return s


@pytest.fixture
def plain(monkeypatch: pytest.MonkeyPatch) -> None:
    # without tqdm the bar is a plain counter that always shows the last step
    # (tqdm redraws at most every 0.1 s, so a fast test may see only its first frame)
    monkeypatch.setitem(sys.modules, "tqdm", None)


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    # the example county has a few dozen schools; count it as a large report
    monkeypatch.setattr(report, "PROGRESS_MIN_SCHOOLS", 1)


def _result() -> qbalance.ResourceEvaluation:
    return qbalance.evaluate_resources(qbalance.example_county())


@pytest.mark.usefixtures("small_threshold")
def test_large_html_report_draws_a_bar_on_a_terminal(tty: _Tty) -> None:
    res = _result()
    page = report.render_html(res, plots=False, annex=True)
    assert "<table class=\"annex\"" in page
    assert "生成报告" in tty.getvalue()


@pytest.mark.usefixtures("small_threshold", "plain")
def test_report_bar_counts_every_annex_row(tty: _Tty) -> None:
    res = _result()
    report.render_html(res, plots=False, annex=True)
    n = sum(len(s.schools) for s in res.segments)
    assert f"生成报告 {n}/{n}" in tty.getvalue()


@pytest.mark.usefixtures("small_threshold")
def test_report_bar_in_english_and_silenced(tty: _Tty) -> None:
    report.render_html(_result(), plots=False, annex=True, lang="en")
    assert "writing the report" in tty.getvalue() and "生成报告" not in tty.getvalue()
    tty.truncate(0)
    tty.seek(0)
    with quiet():
        report.render_html(_result(), plots=False, annex=True)
    assert tty.getvalue() == ""


@pytest.mark.usefixtures("small_threshold")
def test_report_is_silent_off_a_terminal(pipe: io.StringIO) -> None:
    report.render_html(_result(), plots=False, annex=True)
    assert pipe.getvalue() == ""


def test_small_report_draws_no_bar(tty: _Tty) -> None:
    assert report.PROGRESS_MIN_SCHOOLS > 100
    report.render_html(_result(), plots=False, annex=True)
    assert tty.getvalue() == ""


_COSTS = dict(teaching_area_m2=3000, sports_area_m2=400, equipment_value_yuan=1.0,
              multimedia_classrooms=60_000, teachers_above_degree=150_000,
              backbone_teachers=50_000, pe_art_teachers=150_000)


def _columns() -> dict[str, object]:
    from qbalance.synth import synthetic_columns

    return dict(synthetic_columns(300, n_counties=3, seed=8))


def test_plan_batch_draws_a_bar_on_a_terminal(tty: _Tty) -> None:
    calls: list[tuple[int, int]] = []
    bp = qbalance.plan_batch(_columns(), _COSTS, workers=1,
                             progress=lambda d, t: calls.append((d, t)))
    assert len(bp.plans) == 3
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert "制定改进方案" in tty.getvalue()


@pytest.mark.usefixtures("plain")
def test_plan_batch_bar_counts_counties(tty: _Tty) -> None:
    bp = qbalance.plan_batch(_columns(), _COSTS, workers=1)
    last = bp.plans[-1].county
    assert f"制定改进方案 3/3 {last}" in tty.getvalue()


def test_plan_batch_is_silent_off_a_terminal_and_when_quiet(pipe: io.StringIO,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    qbalance.plan_batch(_columns(), _COSTS, workers=1)
    assert pipe.getvalue() == ""
    s = _Tty()
    monkeypatch.setattr(_progress, "stderr", lambda: s)
    with quiet():
        qbalance.plan_batch(_columns(), _COSTS, workers=1)
    assert s.getvalue() == ""


@pytest.mark.usefixtures("small_threshold")
def test_cli_html_report_bar_and_quiet(tty: _Tty, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from qbalance.cli import main

    out = tmp_path / "r.html"
    assert main(["evaluate", "--example", "--format", "html", "--no-plots",
                 "--out", str(out)]) == 1
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert "生成报告" in tty.getvalue()
    tty.truncate(0)
    tty.seek(0)
    assert main(["evaluate", "--example", "--format", "html", "--no-plots", "--quiet",
                 "--out", str(out)]) == 1
    assert "生成报告" not in tty.getvalue()
    capsys.readouterr()
