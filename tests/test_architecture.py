"""The import layers of docs/architecture.rst, checked on the source (with :mod:`ast`).

A module may import, at module level, only modules of a lower layer, of its own
package, or flat modules of its own layer (two packages of one layer never import each
other at module level).  Imports inside functions may reach upwards only where architecture.rst says
so (:data:`UPWARD_LAZY`): results load the renderer when they are printed, the reader of
saved results loads the result types, the command line loads what a subcommand runs.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "qbalance"

#: Layer of each unit (a flat module, or a whole package): lower layers never import
#: higher ones at module level.  Same numbers as the drawing in docs/architecture.rst.
LAYERS: dict[str, int] = {
    # 0: vocabulary and helpers that import nothing of qbalance but errors
    "qbalance.errors": 0, "qbalance.vocab": 0, "qbalance._text": 0, "qbalance._frozen": 0,
    "qbalance._stats": 0, "qbalance._exact": 0, "qbalance._data": 0, "qbalance._result": 0,
    "qbalance._types": 0, "qbalance._mapping": 0,
    "qbalance._optional": 0, "qbalance._quiet": 0, "qbalance._files": 0,
    "qbalance._shim": 0, "qbalance.expr": 0, "qbalance._messages": 0,
    "qbalance._progress": 0,
    # 1: numbers and the input model
    "qbalance.rounding": 1, "qbalance._validation": 1, "qbalance.models": 1,
    # 2: the public core, the ratios, the standards (data)
    "qbalance.core": 2, "qbalance.ratios": 2, "qbalance.standard": 2,
    "qbalance.plausibility": 2,
    # 3: reading and writing data
    "qbalance.io": 3, "qbalance._batch_files": 3,
    # 4: the pipelines
    "qbalance.evaluate": 4, "qbalance.audit": 4,
    # 5: what builds on an evaluation
    "qbalance.plan": 5, "qbalance.form": 5, "qbalance.examples": 5, "qbalance.synth": 5,
    # 6: output
    "qbalance.report": 6, "qbalance._render_results": 6, "qbalance._render_evaluation": 6,
    "qbalance.report_xlsx": 6,
    "qbalance.plot": 6,
    # 7: the command line, and the package's lazy table of names
    "qbalance.cli": 7, "qbalance.__main__": 7, "qbalance": 7,
}

#: Imports inside functions that may reach a higher layer: (from, to).
UPWARD_LAZY: frozenset[tuple[str, str]] = frozenset({
    ("qbalance.evaluate", "qbalance.report"),  # a result's summary() / _repr_html_()
    ("qbalance._result", "qbalance.report"),   # the protocol's default _repr_html_()
    ("qbalance._result", "qbalance.io"),       # the frame's Chinese headers (io.frames)
    ("qbalance.audit", "qbalance.report"),
    ("qbalance.audit", "qbalance._render_results"),  # the audit table's header and rows
    ("qbalance.plan", "qbalance.report"),
    ("qbalance.form", "qbalance.report"),
    ("qbalance.evaluate", "qbalance.plot"),
    ("qbalance.io", "qbalance.evaluate"),      # load_result builds the result types
    ("qbalance.io", "qbalance.audit"),
    ("qbalance.io", "qbalance.plan"),
    ("qbalance.io", "qbalance.form"),
    ("qbalance.io", "qbalance"),
    ("qbalance._batch_files", "qbalance.evaluate"),  # the batch reader returns batch columns
    ("qbalance.audit", "qbalance.evaluate"),   # recomputing a figure from a county
    ("qbalance.audit", "qbalance.form"),
    ("qbalance.report", "qbalance.form"),
    ("qbalance.models", "qbalance.io"),
    ("qbalance.errors", "qbalance.io"),
    ("qbalance._messages", "qbalance.models"),  # field paths named by the models' labels
    ("qbalance.plot", "qbalance.io"),          # plots draw from result frames
})


def unit(module: str) -> str:
    """The unit (flat module or package) a module belongs to."""
    parts = module.split(".")
    if len(parts) >= 2 and (SRC / parts[1]).is_dir():
        return ".".join(parts[:2])
    return module


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, bool, int]]:
    """(imported module, at module level?, line) of every qbalance import in a file."""
    tree = ast.parse(path.read_text("utf-8"))
    top: set[int] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue  # for the type checker only
        top.add(id(node))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "qbalance":
                names = [f"qbalance.{a.name}" for a in node.names]
            elif node.module.startswith("qbalance."):
                names = [node.module]
            else:
                continue
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.split(".")[0] == "qbalance"]
        else:
            continue
        out += [(n, id(node) in top, node.lineno) for n in names]
    return out


def _files() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


def _is_package(u: str) -> bool:
    return u != "qbalance" and (SRC / u.split(".")[-1]).is_dir()


def _layer(name: str) -> int | None:
    u = unit(name)
    return LAYERS.get(u, LAYERS.get(name))


def allowed(src: str, target: str, at_top: bool) -> bool:
    """May module ``src`` import ``target`` (at module level, or inside a function)?"""
    src_unit, tgt_unit = unit(src), unit(target)
    if tgt_unit == src_unit or target == "qbalance.__version__":
        return True
    src_layer, tgt_layer = _layer(src), _layer(target)
    if src_layer is None or tgt_layer is None or tgt_layer < src_layer:
        return True
    if tgt_layer == src_layer and not (_is_package(src_unit) and _is_package(tgt_unit)):
        return True  # flat modules of one layer may use each other
    return not at_top and (src_unit, tgt_unit) in UPWARD_LAZY


def violations() -> list[str]:
    bad = []
    for path in _files():
        src = module_name(path)
        for target, at_top, line in imports(path):
            if not allowed(src, target, at_top):
                bad.append(f"{path.relative_to(SRC.parent)}:{line}: {unit(src)} (layer "
                           f"{_layer(src)}) imports {target} (layer {_layer(target)})"
                           f"{'' if at_top else ' inside a function'}")
    return bad


def test_no_module_imports_a_layer_above_its_own() -> None:
    bad = violations()
    assert not bad, "imports against docs/architecture.rst:\n  " + "\n  ".join(bad)


def test_every_unit_has_a_layer() -> None:
    units = {unit(module_name(p)) for p in _files()}
    missing = sorted(u for u in units if _layer(u) is None)
    assert not missing, (f"place {missing} in LAYERS (tests/test_architecture.py) and in "
                         "docs/architecture.rst")


def test_the_audit_takes_its_vocabulary_from_vocab_not_from_the_evaluation() -> None:
    for path in sorted((SRC / "audit").glob("*.py")):
        for target, at_top, line in imports(path):
            assert not (at_top and target.startswith("qbalance.evaluate")), (
                f"{path.name}:{line} imports {target} at module level")


@pytest.mark.parametrize("flat", ["core", "ratios", "rounding", "models", "standard",
                                  "errors", "vocab"])
def test_flat_modules_import_no_package_at_module_level(flat: str) -> None:
    for target, at_top, line in imports(SRC / f"{flat}.py"):
        if at_top:
            assert unit(target) == target or target.startswith("qbalance._"), (
                f"{flat}.py:{line} imports the package module {target}")


def test_the_checker_refuses_what_the_layers_forbid() -> None:
    assert not allowed("qbalance.evaluate.county", "qbalance.plan.solve", True)
    assert not allowed("qbalance.evaluate.county", "qbalance.plan.solve", False)
    assert not allowed("qbalance.core", "qbalance.evaluate.resources", True)
    assert not allowed("qbalance.audit.checks", "qbalance.evaluate.county", True)
    assert not allowed("qbalance.io.tables", "qbalance.report", False)
    assert allowed("qbalance.audit.checks", "qbalance.evaluate.county", False)
    assert allowed("qbalance.evaluate.county", "qbalance.report", False)
    assert allowed("qbalance.plan.solve", "qbalance.evaluate.resources", True)
    assert allowed("qbalance.rounding", "qbalance.errors", True)


def drawn_layers() -> dict[str, int]:
    """The layer of each unit in the drawing of docs/architecture.rst."""
    text = (SRC.parents[1] / "docs" / "architecture.rst").read_text("utf-8")
    block = text[text.index("The layers\n"):text.index("Imports inside a function")]
    out: dict[str, int] = {}
    layer = None
    for line in block.splitlines():
        m = re.match(r"^    (\d)  (.*)$", line)
        if m:
            layer, rest = int(m.group(1)), m.group(2)
        elif layer is not None and re.match(r"^       \S", line):
            rest = line
        else:
            continue
        for word in rest.split():
            if word.endswith("/"):
                out[f"qbalance.{word[:-1]}"] = layer
            elif word.endswith(".py"):
                out[f"qbalance.{word[:-3]}"] = layer
            elif word == "qbalance":
                out["qbalance"] = layer
    return out


def test_the_drawing_in_architecture_rst_is_the_layers_table() -> None:
    drawn = drawn_layers()
    assert drawn == LAYERS, (
        "docs/architecture.rst's drawing and LAYERS differ: "
        f"only drawn {sorted(set(drawn) - set(LAYERS))}, "
        f"only in LAYERS {sorted(set(LAYERS) - set(drawn))}, "
        f"other layer {sorted(k for k in drawn if k in LAYERS and drawn[k] != LAYERS[k])}")
