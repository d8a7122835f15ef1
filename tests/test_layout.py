"""The package layout: old module paths still work (with a warning), ``qbalance.audit``
is both the audit function and the audit package."""

from __future__ import annotations

import importlib
import subprocess
import sys
import types
from pathlib import Path

import pytest

import qbalance
from qbalance._shim import MOVED, MovedModule


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_an_old_module_path_warns_and_re_exports_the_new_module(
        old: str, new: str, monkeypatch: pytest.MonkeyPatch) -> None:
    target = importlib.import_module(new)
    parent, _, leaf = old.rpartition(".")
    # keep what the import rebinds (qbalance.sensitivity is also a function)
    monkeypatch.setattr(qbalance, leaf, getattr(qbalance, leaf, None), raising=False)
    monkeypatch.delitem(sys.modules, old, raising=False)
    with pytest.warns(DeprecationWarning, match=f"{old} is deprecated.*{new}"):
        shim = importlib.import_module(old)
    assert isinstance(shim, MovedModule)
    names = list(getattr(target, "__all__", ())) or [
        n for n, v in vars(target).items()
        if not n.startswith("_") and getattr(v, "__module__", None) == new]
    assert names, f"{new} defines nothing public"
    for name in names:
        assert getattr(shim, name) is getattr(target, name), name
    assert shim.__all__ == list(getattr(target, "__all__", ()))
    for private in [n for n in vars(target) if n.startswith("_") and not n.startswith("__")]:
        assert getattr(shim, private) is getattr(target, private)
    with pytest.raises(AttributeError):
        shim.no_such_name_anywhere  # noqa: B018


def test_star_import_of_an_old_path_gives_the_public_names(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "qbalance.county", raising=False)
    monkeypatch.setattr(qbalance, "county", None, raising=False)
    namespace: dict[str, object] = {}
    with pytest.warns(DeprecationWarning):
        exec("from qbalance.county import *", namespace)  # noqa: S102
    from qbalance.evaluate.county import evaluate_county
    assert namespace["evaluate_county"] is evaluate_county


def test_qbalance_sensitivity_is_still_callable_after_importing_the_old_path(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qbalance, "sensitivity", qbalance.sensitivity)
    monkeypatch.delitem(sys.modules, "qbalance.sensitivity", raising=False)
    county = qbalance.example_county()
    expected = qbalance.sensitivity(county)
    with pytest.warns(DeprecationWarning):
        importlib.import_module("qbalance.sensitivity")
    assert isinstance(qbalance.sensitivity, types.ModuleType)  # the import rebound it
    assert str(qbalance.sensitivity(county)) == str(expected)


def test_a_shim_without_a_function_is_not_callable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "qbalance.tables", raising=False)
    monkeypatch.setattr(qbalance, "tables", None, raising=False)
    with pytest.warns(DeprecationWarning):
        shim = importlib.import_module("qbalance.tables")
    with pytest.raises(TypeError, match="not callable"):
        shim()


def test_qbalance_audit_is_the_callable_package() -> None:
    import inspect

    from qbalance.audit.checks import audit

    package = sys.modules["qbalance.audit"]
    assert qbalance.audit is package
    assert package("midu") == audit("midu")
    assert inspect.signature(package) == inspect.signature(audit)


def _fresh(code: str) -> str:
    return subprocess.run([sys.executable, "-W", "error", "-c", code], check=True,
                          capture_output=True, text=True).stdout.strip()


def test_qbalance_audit_works_before_and_after_importing_the_subpackage() -> None:
    code = """
import qbalance
before = qbalance.audit("midu")
import qbalance.audit.checks
import qbalance.audit.slips
import qbalance.audit.claims
after = qbalance.audit("midu")
assert after == before, (after, before)
print(type(qbalance.audit).__name__, after.has_errors)
"""
    kind, passed = _fresh(code).split()
    assert kind == "_CallableModule"
    assert passed == "True"  # the Midu report has claims that do not hold


def test_qbalance_audit_works_when_the_subpackage_is_imported_first() -> None:
    code = """
import qbalance.audit.checks as checks
import qbalance
assert qbalance.audit("midu") == checks.audit("midu")
print("ok")
"""
    assert _fresh(code) == "ok"


def test_the_package_code_imports_no_old_path() -> None:
    code = """
import sys, qbalance, qbalance.cli, qbalance.plot, qbalance.io.frames
old = sorted(m for m in sys.modules if m in %r)
print(",".join(old) or "none")
""" % (sorted(MOVED),)
    assert _fresh(code) == "none"


def test_the_deprecation_warning_points_at_the_importing_line(tmp_path: Path) -> None:
    script = tmp_path / "user_code.py"
    script.write_text("import warnings\nwarnings.simplefilter('always')\nimport qbalance.frame\n")
    err = subprocess.run([sys.executable, str(script)], check=True, capture_output=True,
                         text=True).stderr
    assert f"{script}:3: DeprecationWarning: qbalance.frame is deprecated" in err


def test_the_old_paths_have_no_files_so_the_moves_stay_renames() -> None:
    src = Path(qbalance.__file__).parent
    for old in MOVED:
        assert not (src / f"{old.rpartition('.')[2]}.py").exists(), old
