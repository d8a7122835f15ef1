"""Sphinx directives rendering tables from qbalance's shipped standard data.

The numbers in the documentation are never retyped: they are read from the same
TOML files the library evaluates with.

``.. standard-indicators:: ID``
    The resource indicators of standard ``ID``: code, names, unit, thresholds and
    CV limits per segment.

``.. standard-differences:: BASE OTHER [OTHER ...]``
    Every value that differs between ``BASE`` and the other standards (flattened
    field paths), with the source document of each standard.

``.. standard-section:: SECTION ID [ID ...]``
    One section of one or more standards as a table, one column per standard:
    ``guarantee`` (政府保障程度), ``quality`` (教育质量), ``survey`` (社会认可度),
    ``vetoes`` (不予认定), ``scope`` (scope rules and the per-school rule) or
    ``split`` (pupil weights of combined schools).  Each row names the field of
    the standard file, the indicator it belongs to and its meaning (from the
    model's field description), and the value with its unit.

``.. standard-list::``
    Every shipped standard with its name and source document.

``.. example-figure:: cv`` / ``.. example-figure:: schools SEGMENT``
    A figure of :mod:`qbalance.plot` for the bundled example county, made when
    the site is built and embedded in the page (``:lang: en`` for English labels).

``:stdval:`ID/PATH```
    One value of a standard inline, formatted with its unit, e.g.
    ``:stdval:`national-2017/guarantee.rotation_min``` renders "10 %".
    ``PATH`` is a dotted path into the standard; ``indicators.R4.threshold.junior``
    addresses an indicator by code.
"""

from __future__ import annotations

from typing import Any

import re
from collections.abc import Sequence

import annotated_types
from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.parsers.rst.states import Inliner
from pydantic import BaseModel
from sphinx.application import Sphinx
from sphinx.util import logging

import qbalance
from qbalance import Standard, available_standards, load_standard

logger = logging.getLogger(__name__)


def _table(header: list[str], rows: list[list[str]], widths: list[int]) -> nodes.table:
    table = nodes.table(classes=["colwidths-given"])
    group = nodes.tgroup(cols=len(header))
    table += group
    for w in widths:
        group += nodes.colspec(colwidth=w)
    thead = nodes.thead()
    group += thead
    tbody = nodes.tbody()
    group += tbody
    for target, cells in ((thead, [header]), (tbody, rows)):
        for r in cells:
            row = nodes.row()
            for c in r:
                entry = nodes.entry()
                entry += nodes.paragraph(text=c)
                row += entry
            target += row
    return table


def _num(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _cv(v: float | None) -> str:
    """A CV limit as published: two decimals (0.50, 0.45)."""
    return "—" if v is None else f"{v:.2f}"


class StandardIndicators(Directive):
    """Render the resource-indicator table of one standard."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        std = load_standard(self.arguments[0])
        rows = [
            [i.code, i.name_zh, i.name_en, i.unit_en, _num(i.threshold.primary),
             _num(i.threshold.junior), _cv(i.cv_limit.primary), _cv(i.cv_limit.junior),
             f"{i.floor_fraction:.0%}"]
            for i in std.indicators
        ]
        header = ["code", "指标", "indicator", "unit", "primary ≥", "junior ≥",
                  "CV primary ≤", "CV junior ≤", "floor"]
        rule = ("no per-school rule" if std.school_rule is None else
                f"at least {std.school_rule.min_met} of {len(std.indicators)} met")
        para = nodes.paragraph(text=f"Source: {std.source_text('en')}. Per-school rule: {rule}.")
        return [para, _table(header, rows, [4, 24, 20, 10, 6, 6, 6, 6, 5])]


def _flatten(d: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(d, dict):
        for k, v in d.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(d, list) and d and all(isinstance(x, dict) and "code" in x for x in d):
        for x in d:
            out.update(_flatten(x, f"{prefix}[{x['code']}]"))
    else:
        out[prefix] = d
    return out


_SKIP = ("id", "name_zh", "name_en", "source", "year", "based_on", "notes", "items",
         "provenance", "source_en", "notes_en", "provenance_en", "status", "quantities", "flags")


class StandardDifferences(Directive):
    """Render the values that differ between a base standard and others."""

    required_arguments = 2
    optional_arguments = 20

    def run(self) -> list[nodes.Node]:
        stds = [load_standard(a) for a in self.arguments]
        flat = [_flatten(s.model_dump(mode="json")) for s in stds]
        keys = sorted({k for f in flat for k in f})
        rows = []
        for k in keys:
            if k.split(".")[0] in _SKIP or k.endswith(("name_zh", "name_en", "unit_zh", "unit_en")):
                continue
            vals = [f.get(k) for f in flat]
            if any(v != vals[0] for v in vals[1:]):
                rows.append([k, *(_short(v) for v in vals)])
        out: list[nodes.Node] = []
        blist = nodes.bullet_list()
        for s in stds:
            item = nodes.list_item()
            item += nodes.paragraph(text=f"{s.id}: {s.name_zh} — {s.source_text('en')}")
            blist += item
        out.append(blist)
        if not rows:
            out.append(nodes.paragraph(text="No differences."))
        else:
            out.append(_table(["field", *(s.id for s in stds)], rows,
                              [20, *([10] * len(stds))]))
        return out


# -- sections of a standard ----------------------------------------------------

_SECTIONS = {
    "guarantee": "Government guarantee (政府保障程度)",
    "quality": "Education quality (教育质量)",
    "survey": "Social recognition (社会认可度)",
    "vetoes": "Veto conditions (不予认定)",
    "scope": "Scope and per-school rule",
    "split": "Split weights of combined schools",
}
# widths of the descriptive columns (before the one-per-standard value columns)
_SECTION_WIDTHS = {"vetoes": [16, 27, 27], "split": [20, 20], "scope": [24, 46]}
_CODE = re.compile(r"^([A-Z]\d+):\s*")


def _is_share(model: type[BaseModel] | None, field: str) -> bool:
    """A field bounded to [0, 1] holds a share, displayed as a percentage."""
    if model is None or field not in model.model_fields:
        return False
    return any(isinstance(m, annotated_types.Le) and m.le == 1
               for m in model.model_fields[field].metadata)


def _pct(v: float) -> str:
    return f"{round(v * 100, 6):g} %"


def fmt_value(v: Any, field: str = "", model: type[BaseModel] | None = None) -> str:
    """A standard's value for display, with its unit derived from the field."""
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, BaseModel):
        parts = [f"{k} {fmt_value(x, field, type(v))}"
                 for k, x in v.model_dump().items() if x is not None]
        return ", ".join(parts) or "—"
    if isinstance(v, dict):
        return ", ".join(f"{getattr(k, 'value', k)} {fmt_value(x, field)}" for k, x in v.items())
    if isinstance(v, (int, float)):
        if isinstance(v, float) and _is_share(model, field):
            return _pct(v)
        text = f"{v:g}" if isinstance(v, float) else str(v)
        if field.endswith("_m2"):
            return f"{text} m²"
        if field.endswith("_yuan"):
            return f"{text} yuan (元)"
        if "per_mille" in field:
            return f"{text} ‰"
        if field.endswith("_pupils"):
            return f"{text} pupils"
        return text
    return str(v)


def _section_rows(section: str, stds: Sequence[Standard]) -> tuple[list[str], list[list[str]]]:
    ids = [s.id for s in stds]
    if section == "vetoes":
        codes: dict[str, tuple[str, str]] = {}
        for s in stds:
            for v in s.vetoes:
                codes.setdefault(v.code, (v.name_zh, v.name_en))
        rows = [[c, zh, en, *("✓" if any(v.code == c for v in s.vetoes) else "—"
                               for s in stds)] for c, (zh, en) in codes.items()]
        return ["code", "条件", "condition", *ids], rows
    if section == "split":
        kinds: list[Any] = []
        for s in stds:
            kinds.extend(k for k in s.split if k not in kinds)
        rows = [[k.value, k.zh, *(fmt_value(s.split.get(k)) for s in stds)] for k in kinds]
        return ["school kind", "学校类型", *ids], rows
    if section == "scope":
        model = type(stds[0].scope)
        rows = []
        for name, info in model.model_fields.items():
            rows.append([f"scope.{name}", info.description or "",
                         *(fmt_value(getattr(s.scope, name), name, model) for s in stds)])
        rule = type(stds[0].school_rule)
        for name, info in rule.model_fields.items():
            rows.append([f"school_rule.{name}", info.description or "",
                         *(fmt_value(getattr(s.school_rule, name), name, rule) for s in stds)])
        return ["field", "meaning", *ids], rows
    parts = [getattr(s, section) for s in stds]
    present = [p for p in parts if p is not None]
    if not present:
        raise ValueError(f"no standard among {ids} has a [{section}] section")
    model = type(present[0])
    rows = []
    for name, info in model.model_fields.items():
        desc = info.description or ""
        m = _CODE.match(desc)
        code = m.group(1) if m else ""
        desc = desc[m.end():] if m else desc
        rows.append([code, name, desc,
                     *(fmt_value(getattr(p, name), name, model) if p is not None else "(none)"
                       for p in parts)])
    if not any(r[0] for r in rows):          # no indicator codes: drop the column
        return [f"field of [{section}]", "meaning", *ids], [r[1:] for r in rows]
    return ["#", f"field of [{section}]", "meaning", *ids], rows


class StandardSection(Directive):
    """Render one section of one or more standards as a table."""

    required_arguments = 2
    optional_arguments = 20

    def run(self) -> list[nodes.Node]:
        section = self.arguments[0]
        if section not in _SECTIONS:
            raise self.error(f"standard-section: unknown section {section!r}; "
                             f"use one of {sorted(_SECTIONS)}")
        try:
            stds = [load_standard(a) for a in self.arguments[1:]]
            header, rows = _section_rows(section, stds)
        except (qbalance.QBalanceError, ValueError) as exc:
            raise self.error(f"standard-section: {exc}") from None
        widths = _SECTION_WIDTHS.get(section, [4, 22, 48])[-(len(header) - len(stds)):]
        widths = widths + [max(8, 30 // len(stds))] * len(stds)
        table = _table(header, rows, widths)
        table["classes"].append("qbalance-standard")
        return [table]


class StandardList(Directive):
    """Render the list of shipped standards with their sources."""

    def run(self) -> list[nodes.Node]:
        rows = []
        for sid in available_standards():
            s = load_standard(sid)
            rows.append([s.id, s.name_zh, s.based_on or "—", s.source_text("en")])
        return [_table(["id", "名称", "based on", "source document"], rows, [8, 20, 6, 30])]


def _resolve(std: Standard, path: str) -> tuple[Any, str, type[BaseModel] | None]:
    obj: Any = std
    parent: type[BaseModel] | None = None
    parts = path.split(".")
    i = 0
    while i < len(parts):
        p = parts[i]
        if p == "indicators" and i + 1 < len(parts):
            obj, parent = std.indicator(parts[i + 1]), None
            i += 2
            continue
        parent = type(obj) if isinstance(obj, BaseModel) else parent
        if isinstance(obj, BaseModel):
            if p not in type(obj).model_fields and not hasattr(obj, p):
                raise KeyError(f"{type(obj).__name__} has no field {p!r}")
            obj = getattr(obj, p)
        elif isinstance(obj, dict):
            key = next((k for k in obj if getattr(k, "value", k) == p), None)
            if key is None:
                raise KeyError(f"no key {p!r} in {sorted(map(str, obj))}")
            obj = obj[key]
        else:
            raise KeyError(f"cannot look up {p!r} in {obj!r}")
        i += 1
    return obj, parts[-1], parent


def stdval_role(name: str, rawtext: str, text: str, lineno: int, inliner: Inliner,
                options: dict[str, Any] | None = None,
                content: Sequence[str] = ()) -> tuple[list[nodes.Node], list[nodes.Node]]:
    """``:stdval:`ID/PATH``` — one value of a standard, with its unit."""
    sid, _, path = text.partition("/")
    try:
        value, field, model = _resolve(load_standard(sid), path)
        shown = fmt_value(value, field, model)
    except (qbalance.QBalanceError, KeyError) as exc:
        msg = inliner.reporter.error(f"stdval {text!r}: {exc}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [nodes.Text(shown)], []


# -- fields of the input models in the API reference -----------------------------

def _type_text(annotation: Any) -> str:
    text = getattr(annotation, "__name__", None) if isinstance(annotation, type) else None
    if text is None:
        text = str(annotation).replace("typing.", "").replace("qbalance.models.", "")
        text = re.sub(r"qbalance\.[a-z_]+\.", "", text)
        text = text.replace("NoneType", "None")
    return text


def _constraints(info: Any) -> str:
    sym = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "min_length": "min length",
           "max_length": "max length", "pattern": "pattern"}
    out = []
    for m in info.metadata:
        for attr, word in sym.items():
            v = getattr(m, attr, None)
            if v is not None:
                out.append(f"{word} ``{v}``")
    return ", ".join(out)


def _cell(text: str) -> str:
    return " ".join(text.split()) or "—"


def model_fields_table(model: type[BaseModel]) -> list[str]:
    """RST lines: a table of the fields of a pydantic model (name, 中文, unit, meaning)."""
    from pydantic_core import PydanticUndefined

    lines = ["", ".. list-table:: Fields", "   :header-rows: 1", "   :widths: 22 16 8 54", "",
             "   * - field", "     - 中文", "     - unit", "     - meaning, type, constraints"]
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        meaning = info.description or ""
        bits = [f"``{_type_text(info.annotation)}``"]
        cons = _constraints(info)
        if cons:
            bits.append(cons)
        if info.is_required():
            bits.append("required")
        elif info.default is not PydanticUndefined:
            bits.append(f"default ``{info.default!r}``")
        lines += [f"   * - ``{name}``", f"     - {_cell(str(extra.get('zh', '')))}",
                  f"     - {_cell(str(extra.get('unit', '')))}",
                  f"     - {_cell(meaning)} ({'; '.join(bits)})"]
    lines.append("")
    return lines


def add_model_fields(app: Sphinx, what: str, name: str, obj: Any, options: Any,
                     lines: list[str]) -> None:
    """Append the field table to the docstring of every pydantic model autodoc renders."""
    if what == "class" and isinstance(obj, type) and issubclass(obj, BaseModel) \
            and obj.__module__.startswith("qbalance") and obj.model_fields:
        lines.extend(model_fields_table(obj))


# -- figures and the report of the bundled example county --------------------------

def _example_result() -> Any:
    return qbalance.evaluate_county(qbalance.example_county())


class ExampleFigure(Directive):
    """Embed a :mod:`qbalance.plot` figure of the bundled example county (HTML only)."""

    required_arguments = 1
    optional_arguments = 1
    option_spec = {"lang": str, "alt": str}

    def run(self) -> list[nodes.Node]:
        import base64

        from qbalance import plot

        kind = self.arguments[0]
        lang = self.options.get("lang", "zh")
        result = _example_result()
        if kind == "cv":
            fig = plot.plot_cv(result, lang=lang)
        elif kind == "schools" and len(self.arguments) == 2:
            fig = plot.plot_schools(result, self.arguments[1], lang=lang)
        else:
            raise self.error("example-figure: use 'cv' or 'schools SEGMENT'")
        data = base64.b64encode(plot.figure_bytes(fig, "png")).decode("ascii")
        alt = self.options.get("alt", f"{kind} figure of the example county")
        return [nodes.raw("", f'<img class="qbalance-figure" alt="{alt}" style="max-width:100%" '
                              f'src="data:image/png;base64,{data}"/>', format="html")]


def write_example_report(app: Sphinx, exc: Exception | None) -> None:
    """Write the HTML report of the bundled example county next to the examples pages."""
    if exc is not None or app.builder.format != "html":
        return
    try:
        from qbalance import write_report
    except ImportError:
        return
    from pathlib import Path

    out = Path(app.outdir) / "examples"
    out.mkdir(parents=True, exist_ok=True)
    for lang in ("zh", "en"):
        write_report(_example_result(), out / f"example-report-{lang}.html", fmt="html",
                     lang=lang)


# -- completeness of the API reference ----------------------------------------

def _public_objects() -> dict[Any, str]:
    """Every public object (``qbalance.__all__`` and the ``__all__`` of every module
    without a private part in its path) -> one dotted name it is public under."""
    import importlib
    import pkgutil
    from types import ModuleType

    out: dict[Any, str] = {}
    mods = [m.name for m in pkgutil.walk_packages(qbalance.__path__, "qbalance.")
            if not any(p.startswith("_") for p in m.name.split(".")[1:])]
    for name in ["qbalance", *sorted(mods)]:
        mod = importlib.import_module(name)
        for n in getattr(mod, "__all__", ()):
            obj = getattr(mod, n)
            if not n.startswith("_") and not isinstance(obj, ModuleType):
                out.setdefault(_obj_key(obj, n), f"{name}.{n}")
    return out


def _obj_key(obj: Any, name: str) -> Any:
    return ("const", name, obj) if isinstance(obj, (int, str, float)) else id(obj)


def check_api_documented(app: Sphinx, exc: Exception | None) -> None:
    """Warn (an error under ``-W``) for a public name the API reference does not
    document, or documents more than once (checked on what the build produced)."""
    import importlib

    if exc is not None or app.builder.format != "html":
        return
    py = app.env.get_domain("py")
    documented: dict[Any, list[str]] = {}
    for name, _disp, typ, _doc, _anchor, _prio in py.get_objects():
        if typ not in ("function", "class", "exception", "data"):
            continue
        mod_name, _, attr = name.rpartition(".")
        try:
            obj = getattr(importlib.import_module(mod_name), attr)
        except (ImportError, AttributeError):
            continue
        names = documented.setdefault(_obj_key(obj, attr), [])
        names.append(name)
        # a class documented from a re-exporting package is also registered under its
        # canonical (defining module) name: that is one entry, not two
        canonical = f"{obj.__module__}.{obj.__qualname__}" if isinstance(obj, type) else ""
        if len(names) > 1 and canonical in names:
            names.remove(canonical)
    public = _public_objects()
    missing = sorted(n for k, n in public.items() if k not in documented)
    if missing:
        logger.warning("public names missing from the API reference (docs/api.rst): %s",
                       ", ".join(missing))
    twice = sorted(" and ".join(v) for k, v in documented.items() if k in public and len(v) > 1)
    if twice:
        logger.warning("public names documented more than once in the API reference: %s",
                       "; ".join(twice))


def _short(v: Any) -> str:
    """A rule value for a table: lists of rules by condition and effect (as
    ``qbalance standards --diff --lang en`` prints them), the rest as numbers."""
    from qbalance.standard import _rule_text

    if isinstance(v, list):
        return _rule_text(v, "en")
    return _num(v)


class StandardPage(Directive):
    """The page of one shipped standard, generated from its file: what it is, its
    source, its status, every difference from its base with the document each
    value is sourced from, its notes, its indicators and the quantities it needs."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        from qbalance import compare_standards

        std = load_standard(self.arguments[0])
        base = load_standard(std.based_on) if std.based_on else load_standard("national-2017")
        facts = nodes.bullet_list()
        status = ("national values, no provincial source yet" if std.status == "repeats-base"
                  else "sourced")
        for label, text in (("id", std.id), ("中文名", std.name_zh), ("name", std.name_en),
                            ("based on", std.based_on or "— (a complete standard)"),
                            ("status", status), ("source", std.source_text("en")),
                            ("year", str(std.year) if std.year else "—")):
            item = nodes.list_item()
            item += nodes.paragraph(text=f"{label}: {text}")
            facts += item
        out: list[nodes.Node] = [facts]
        diffs = compare_standards(base, std)
        out.append(nodes.paragraph(text=f"Differences from {base.id}: {len(diffs)}"
                                        + ("" if diffs else " (every value repeats it)")))
        if diffs:
            rows = []
            for d in diffs:
                direction = {True: "stricter", False: "looser", None: "—"}[d.stricter]
                src = std.source_of(d.path, "en")
                rows.append([d.path, _short(d.base), _short(d.value), direction,
                             src if src is not None else "UNSOURCED"])
            out.append(_table(["rule", base.id, std.id, "direction", "sourced from"], rows,
                              [22, 12, 22, 8, 30]))
        sourced_equal = [k for k in std.provenance
                         if not any(d.path == k or d.path.startswith(k + ".") for d in diffs)]
        if sourced_equal and std.based_on:
            out.append(nodes.paragraph(
                text="Sourced although equal to the base: " + "; ".join(
                    f"{k} ({std.source_of(k, 'en')})" for k in sourced_equal)))
        if std.quantities or std.flags:
            rows = [[k, q.level, q.unit, q.name_zh, q.name_en] for k, q in std.quantities.items()]
            rows += [[k, "school", "flag", f.name_zh, f.name_en] for k, f in std.flags.items()]
            out.append(nodes.paragraph(text="Quantities and flags the data must give "
                                            "(School.quantities / SegmentData.quantities / "
                                            "School.flags):"))
            out.append(_table(["name", "level", "unit", "名称", "name"], rows,
                              [16, 8, 8, 20, 24]))
        if std.notes:
            notes = nodes.bullet_list()
            for n in std.notes_text("en"):
                item = nodes.list_item()
                item += nodes.paragraph(text=n)
                notes += item
            out.append(nodes.paragraph(text="Notes:"))
            out.append(notes)
        ind = StandardIndicators("standard-indicators", [std.id], {}, [], self.lineno,
                                 self.content_offset, self.block_text, self.state,
                                 self.state_machine)
        out.extend(ind.run())
        return out


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives, the role and the API-completeness check."""
    app.add_directive("standard-indicators", StandardIndicators)
    app.add_directive("standard-differences", StandardDifferences)
    app.add_directive("standard-page", StandardPage)
    app.add_directive("standard-section", StandardSection)
    app.add_directive("standard-list", StandardList)
    app.add_role("stdval", stdval_role)
    app.connect("build-finished", check_api_documented)
    app.connect("autodoc-process-docstring", add_model_fields)
    app.add_directive("example-figure", ExampleFigure)
    app.connect("build-finished", write_example_report)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
