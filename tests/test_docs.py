"""The API reference documents every public name, with a docstring and type hints.

docs/api.rst pulls the reference from docstrings with ``automodule`` (and
possibly ``autofunction`` / ``autoclass``).  These tests read which modules and
names it lists, and fail with the list of public names of ``qbalance.__all__``
that would be missing from the built reference, lack a docstring, lack an
``Examples`` section (public functions: the project rule is a worked example
as a doctest), or lack type hints.  The docs build itself repeats the first
check on the built site (``docs/_ext/qbalance_tables.py``, warning = error).

The numpydoc sections are checked too, for the public functions (of
``qbalance.__all__`` and the helpers the reference documents from its modules)
and the public methods of public classes: a ``Parameters`` section when the
callable takes parameters, a ``Returns`` (or ``Yields``) section when it
returns something other than ``None`` (properties are left out: they take no
parameters and their one-line docstring describes the value), and an
``Attributes`` section for every public attrs class (the result classes).
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs

import qbalance

DOCS = Path(__file__).resolve().parent.parent / "docs"
API = DOCS / "api.rst"

_DIRECTIVE = re.compile(r"^\.\. (automodule|autofunction|autoclass|autodata|autoexception)::"
                        r"\s*(\S+)\s*$", re.M)
_OPTION = re.compile(r"^\s+:([a-z-]+):\s*(.*)$")
_EXAMPLES = re.compile(r"^\s*Examples\s*\n\s*-{8,}\s*$", re.M)
_SECTION = {name: re.compile(rf"^\s*{name}\s*\n\s*-{{{len(name)},}}\s*$", re.M)
            for name in ("Parameters", "Returns", "Yields", "Attributes")}


def _public() -> list[str]:
    return [n for n in qbalance.__all__ if not n.startswith("_")]


def _api_directives(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """(directive, target, options) for each autodoc directive of api.rst."""
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        m = _DIRECTIVE.match(line)
        if not m:
            continue
        opts: dict[str, str] = {}
        for nxt in lines[i + 1:]:
            o = _OPTION.match(nxt)
            if not o:
                break
            opts[o.group(1)] = o.group(2)
        out.append((m.group(1), m.group(2), opts))
    return out


def _module_members(mod: ModuleType, opts: dict[str, str]) -> set[str]:
    """Names autodoc documents for ``automodule`` with ``:members:``."""
    if "members" not in opts:
        return set()
    if opts["members"].strip():
        names = {n.strip() for n in opts["members"].split(",")}
    elif hasattr(mod, "__all__") and "ignore-module-all" not in opts:
        names = set(mod.__all__)
    else:
        names = {n for n, v in vars(mod).items() if not n.startswith("_")
                 and getattr(v, "__module__", None) == mod.__name__}
    excluded = {n.strip() for n in opts.get("exclude-members", "").split(",") if n.strip()}
    return names - excluded


def documented_names() -> set[str]:
    """Every short name the API reference documents."""
    names: set[str] = set()
    for directive, target, opts in _api_directives(API.read_text("utf-8")):
        if directive == "automodule":
            names |= _module_members(importlib.import_module(target), opts)
        else:
            names.add(target.rsplit(".", 1)[-1])
    return names


def _obj(name: str) -> Any:
    return getattr(qbalance, name)


def test_all_is_consistent() -> None:
    missing = [n for n in qbalance.__all__ if not hasattr(qbalance, n)]
    assert not missing, f"names in qbalance.__all__ that qbalance does not define: {missing}"
    assert list(qbalance.__all__) == sorted(qbalance.__all__), "qbalance.__all__ is not sorted"


def test_api_rst_lists_modules_that_exist() -> None:
    directives = _api_directives(API.read_text("utf-8"))
    assert directives, "docs/api.rst has no autodoc directive"
    bad = []
    for directive, target, _ in directives:
        try:
            if directive == "automodule":
                importlib.import_module(target)
            else:
                mod, _, attr = target.rpartition(".")
                getattr(importlib.import_module(mod), attr)
        except (ImportError, AttributeError) as exc:
            bad.append(f"{directive}:: {target} ({exc})")
    assert not bad, "docs/api.rst refers to objects that do not exist:\n  " + "\n  ".join(bad)


def test_every_public_name_is_in_the_api_reference() -> None:
    documented = documented_names()
    missing = [n for n in _public() if n not in documented]
    assert not missing, (
        "public names of qbalance.__all__ missing from the API reference: add their module "
        "to docs/api.rst (automodule with :members:) or list them in the module's __all__: "
        + ", ".join(missing))


def test_every_public_name_has_a_docstring() -> None:
    missing = []
    for n in _public():
        obj = _obj(n)
        if not (inspect.isclass(obj) or inspect.isroutine(obj)):
            continue
        # a class's own docstring, not one inherited from a base (pydantic, Exception)
        doc = obj.__dict__.get("__doc__") if inspect.isclass(obj) else obj.__doc__
        if not doc or not doc.strip():
            missing.append(n)
    assert not missing, "public names without a docstring: " + ", ".join(missing)


def test_every_public_function_has_an_examples_section() -> None:
    missing = [n for n in _public() if inspect.isfunction(_obj(n))
               and not _EXAMPLES.search(inspect.getdoc(_obj(n)) or "")]
    assert not missing, (
        "public functions whose docstring has no numpydoc 'Examples' section (with a "
        "worked example run as a doctest): " + ", ".join(missing))


def test_examples_sections_are_doctests() -> None:
    empty = []
    for n in _public():
        doc = inspect.getdoc(_obj(n)) or ""
        m = _EXAMPLES.search(doc)
        if m and ">>>" not in doc[m.end():]:
            empty.append(n)
    assert not empty, "'Examples' sections without a '>>>' doctest: " + ", ".join(empty)


def test_every_public_function_is_fully_typed() -> None:
    untyped = []
    for n in _public():
        obj = _obj(n)
        if not inspect.isfunction(obj):
            continue
        sig = inspect.signature(obj)
        gaps = [p.name for p in sig.parameters.values()
                if p.annotation is inspect.Parameter.empty]
        if sig.return_annotation is inspect.Signature.empty:
            gaps.append("return")
        if gaps:
            untyped.append(f"{n} ({', '.join(gaps)})")
    assert not untyped, "public functions with missing type hints: " + "; ".join(untyped)


# -- numpydoc sections ---------------------------------------------------------------

def _public_objects() -> list[tuple[str, Any]]:
    """``qbalance.__all__`` and what the API reference documents beyond it."""
    out = [(n, _obj(n)) for n in _public()]
    for directive, target, opts in _api_directives(API.read_text("utf-8")):
        if directive == "automodule":
            mod = importlib.import_module(target)
            out += [(f"{target}.{n}", getattr(mod, n))
                    for n in sorted(_module_members(mod, opts)) if n not in qbalance.__all__]
    return out


def _public_callables() -> list[tuple[str, Any, bool]]:
    """(name, function, bound) of the public functions and public methods.

    Methods are those a public class defines itself (not those inherited from
    pydantic, ``Exception`` or ``Enum``); ``bound``: the first parameter is
    ``self`` or ``cls``.  Properties are left out.
    """
    out: list[tuple[str, Any, bool]] = []
    for name, obj in _public_objects():
        if inspect.isclass(obj):
            for m, raw in vars(obj).items():
                if m.startswith("_"):
                    continue
                if isinstance(raw, staticmethod):
                    out.append((f"{name}.{m}", raw.__func__, False))
                elif isinstance(raw, classmethod):
                    out.append((f"{name}.{m}", raw.__func__, True))
                elif inspect.isfunction(raw):
                    out.append((f"{name}.{m}", raw, True))
        elif inspect.isfunction(inspect.unwrap(obj)):
            out.append((name, inspect.unwrap(obj), False))
    return out


def _returns_value(func: Any) -> bool:
    ann = inspect.signature(func).return_annotation
    return ann not in (None, "None", type(None), inspect.Signature.empty)


def test_the_section_checks_see_functions_methods_and_result_classes() -> None:
    names = {n for n, _, _ in _public_callables()}
    assert {"weighted_cv", "qbalance.rounding.round_half_up", "ResourceEvaluation.summary",
            "ResourceEvaluation.from_dict", "qbalance.io.frames.result_frame"} <= names
    assert "ResourceEvaluation.passed" not in names  # a property
    classes = {n for n, o in _public_objects() if inspect.isclass(o) and attrs.has(o)}
    assert {"ResourceEvaluation", "ScenarioComparison", "qbalance.core.WeightedStats"} <= classes


def test_every_public_callable_with_parameters_has_a_parameters_section() -> None:
    missing = []
    for name, func, bound in _public_callables():
        params = list(inspect.signature(func).parameters)[1 if bound else 0:]
        if params and not _SECTION["Parameters"].search(inspect.getdoc(func) or ""):
            missing.append(f"{name}({', '.join(params)})")
    assert not missing, (
        "public functions and methods taking parameters without a numpydoc 'Parameters' "
        "section (name, type and meaning of each): " + "; ".join(missing))


def test_every_public_callable_returning_a_value_has_a_returns_section() -> None:
    missing = []
    for name, func, _ in _public_callables():
        doc = inspect.getdoc(func) or ""
        if _returns_value(func) and not (_SECTION["Returns"].search(doc)
                                         or _SECTION["Yields"].search(doc)):
            missing.append(name)
    assert not missing, (
        "public functions and methods returning a value without a numpydoc 'Returns' "
        "section: " + ", ".join(missing))


def test_every_public_attrs_class_has_an_attributes_section() -> None:
    missing = []
    for name, obj in _public_objects():
        if inspect.isclass(obj) and attrs.has(obj):
            # the class's own docstring; napoleon renders the section as the attributes
            doc = inspect.cleandoc(obj.__dict__.get("__doc__") or "")
            if not _SECTION["Attributes"].search(doc):
                missing.append(name)
    assert not missing, (
        "public attrs (result) classes without a numpydoc 'Attributes' section: "
        + ", ".join(missing))


# -- examples use the curated surface, or the module that defines a name ------------

def _doctests() -> list[tuple[str, str]]:
    """(where, source) of every doctest example: docstrings of every module of qbalance
    (as pytest's --doctest-modules collects them) and the .rst pages of docs/."""
    import doctest
    import pkgutil

    finder = doctest.DocTestFinder(recurse=True, exclude_empty=True)
    parser = doctest.DocTestParser()
    out: list[tuple[str, str]] = []
    names = ["qbalance"] + [m.name for m in pkgutil.walk_packages(qbalance.__path__, "qbalance.")
                            if m.name != "qbalance.__main__"]
    seen: set[tuple[str, int | None]] = set()
    for name in names:
        module = importlib.import_module(name)
        for test in finder.find(module, name):
            if (test.name, test.lineno) in seen:
                continue
            seen.add((test.name, test.lineno))
            out.extend((test.name, ex.source) for ex in test.examples)
    for page in sorted(DOCS.rglob("*.rst")):
        if "_build" in page.parts:
            continue
        where = str(page.relative_to(DOCS))
        out.extend((where, ex.source)
                   for ex in parser.get_examples(page.read_text("utf-8"), where))
    return out


def _uncurated(source: str, names: set[str]) -> list[str]:
    """``qbalance.X`` / ``from qbalance import X`` in ``source`` with X not in ``names``
    (nor a subpackage or module of qbalance: ``qbalance.io.save_result`` is an import
    from the defining package)."""
    import ast
    import pkgutil

    modules = {m.name for m in pkgutil.iter_modules(qbalance.__path__)}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    aliases = {"qbalance"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases |= {a.asname for a in node.names if a.name == "qbalance" and a.asname}
    bad = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in aliases and node.attr not in names
                and node.attr not in modules):
            bad.append(f"qbalance.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module == "qbalance":
            bad.extend(f"from qbalance import {a.name}" for a in node.names
                       if a.name not in names and a.name not in modules)
    return bad


def test_the_curated_names_check_sees_what_it_should() -> None:
    names = {"evaluate_county", "example_county"}
    assert _uncurated("qbalance.evaluate_county(qbalance.example_county())", names) == []
    assert _uncurated("from qbalance.evaluate.scenario import move_pupils", names) == []
    assert _uncurated("import qbalance.io\nqbalance.io.save_result(r, p)", names) == []
    assert _uncurated("qbalance.move_pupils(c, [])", names) == ["qbalance.move_pupils"]
    assert _uncurated("from qbalance import example_county, move_pupils", names) == [
        "from qbalance import move_pupils"]
    assert _uncurated("import qbalance as qb\nqb.use_lang('en')", names) == ["qbalance.use_lang"]
    examples = _doctests()
    assert len(examples) > 500
    assert any(where == "qbalance.evaluate.scenario.move_pupils" for where, _ in examples)
    assert any(where == "getting-started.rst" for where, _ in examples)


def test_examples_use_curated_names_or_the_defining_module() -> None:
    curated = set(qbalance.__all__)
    bad = sorted({f"{where}: {use}" for where, source in _doctests()
                  for use in _uncurated(source, curated)})
    assert not bad, (
        "doctest examples reaching a name through `qbalance` that is not in "
        "qbalance.__all__ (import it from the module that defines it instead): "
        + "; ".join(bad))


# -- the API page: by task, every public name exactly once -------------------------

def _public_modules() -> list[str]:
    """Every module of qbalance whose path has no private (``_``) part."""
    import pkgutil

    return sorted(m.name for m in pkgutil.walk_packages(qbalance.__path__, "qbalance.")
                  if not any(p.startswith("_") for p in m.name.split(".")[1:]))


def _key(obj: Any, name: str) -> Any:
    """One key per object (a constant number or string by its name and value)."""
    return ("const", name, obj) if isinstance(obj, (int, str, float)) else id(obj)


def _public_universe() -> dict[Any, list[str]]:
    """Every public object -> the dotted names it is public under: ``qbalance.__all__``
    and the ``__all__`` of every public module (re-exports are the same object)."""
    out: dict[Any, list[str]] = {}
    spots = [(name, importlib.import_module(name)) for name in _public_modules()]
    for mod_name, mod in [("qbalance", qbalance), *spots]:
        for n in getattr(mod, "__all__", ()):
            obj = getattr(mod, n)
            if n.startswith("_") or isinstance(obj, ModuleType):  # qbalance.audit: a package
                continue
            out.setdefault(_key(obj, n), []).append(f"{mod_name}.{n}")
    return out


def _api_entries() -> dict[Any, list[str]]:
    """Every object docs/api.rst documents -> the directives documenting it."""
    out: dict[Any, list[str]] = {}
    for directive, target, opts in _api_directives(API.read_text("utf-8")):
        if directive == "automodule":
            mod = importlib.import_module(target)
            for n in sorted(_module_members(mod, opts)):
                out.setdefault(_key(getattr(mod, n), n), []).append(f"{target}.{n}")
        else:
            mod_name, _, attr = target.rpartition(".")
            obj = getattr(importlib.import_module(mod_name), attr)
            out.setdefault(_key(obj, attr), []).append(target)
    return out


def test_every_public_name_is_documented_exactly_once() -> None:
    universe, entries = _public_universe(), _api_entries()
    missing = sorted(names[0] for k, names in universe.items() if k not in entries)
    twice = sorted(" and ".join(where) for where in entries.values() if len(where) > 1)
    assert not missing, "public names missing from docs/api.rst: " + ", ".join(missing)
    assert not twice, "names documented more than once in docs/api.rst: " + "; ".join(twice)
    assert len(universe) > 250


def test_the_api_page_is_organised_by_task() -> None:
    lines = API.read_text("utf-8").splitlines()
    tasks = [title for title, under in zip(lines, lines[1:], strict=False)
             if title and under and set(under) == {"-"} and len(under) >= len(title)]
    assert tasks == ["Evaluate a county", "Read your spreadsheets", "Check a report (audit)",
                     "Fill and check the declaration form (申报表)",
                     "Plan: close the gaps at least cost", "Batch: every county at once",
                     "Standards", "Core formulas", "Results and saving", "Errors",
                     "Language and the command line"]
