"""The public surface is lazy: ``import qbalance`` and ``qbalance --help`` load no heavy
module; every name of the surface resolves on first use.  (Times are printed by
benchmarks/startup.py, never asserted here.)"""

from __future__ import annotations

import subprocess
import sys

import qbalance

HEAVY = ("numpy", "scipy", "pandas", "matplotlib", "openpyxl", "pydantic")


def _loaded_after(code: str, modules: tuple[str, ...]) -> list[str]:
    probe = f"{code}\nimport sys\nprint(','.join(m for m in {modules!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-W", "error", "-c", probe], check=True,
                         capture_output=True, text=True).stdout.strip()
    return [m for m in out.split(",") if m]


def test_import_qbalance_loads_no_heavy_module() -> None:
    assert _loaded_after("import qbalance", HEAVY) == []


def test_the_command_line_parser_loads_no_heavy_module() -> None:
    code = "import qbalance.cli\nqbalance.cli.build_parser()"
    assert _loaded_after(code, HEAVY) == []


def test_evaluating_and_auditing_do_not_load_the_planner_or_the_extras() -> None:
    code = ("import qbalance\nqbalance.evaluate_county(qbalance.example_county())\n"
            "qbalance.audit('midu')")
    assert _loaded_after(code, ("scipy.optimize", "pandas", "matplotlib", "openpyxl")) == []


def test_the_planner_loads_scipy_optimize_on_first_use() -> None:
    assert _loaded_after("import qbalance\nqbalance.gap_plan", ("scipy.optimize",)) == [
        "scipy.optimize"]


def test_every_name_resolves_and_is_listed_by_dir() -> None:
    names = set(qbalance._LAZY)
    assert set(qbalance.__all__) - {"__version__"} <= names
    for name in sorted(names):
        obj = getattr(qbalance, name)
        assert obj is not None, name
    assert names <= set(dir(qbalance))


def test_the_curated_surface_is_small() -> None:
    assert 35 <= len(qbalance.__all__) <= 50, len(qbalance.__all__)


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        qbalance.no_such_entry_point  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_entry_point" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("no AttributeError")
