"""Sphinx directives rendering tables from qbalance's shipped standard data.

The numbers in the documentation are never retyped: they are read from the same
TOML files the library evaluates with.

``.. standard-indicators:: ID``
    The resource indicators of standard ``ID``: code, names, unit, thresholds and
    CV limits per segment.

``.. standard-differences:: BASE OTHER [OTHER ...]``
    Every value that differs between ``BASE`` and the other standards (flattened
    field paths), with the source document of each standard.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx

from qbalance import load_standard


def _table(header: list[str], rows: list[list[str]], widths: list[int]) -> nodes.table:
    table = nodes.table()
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


class StandardIndicators(Directive):
    """Render the resource-indicator table of one standard."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        std = load_standard(self.arguments[0])
        rows = [
            [i.code, i.name_zh, i.name_en, i.unit_en, _num(i.threshold.primary),
             _num(i.threshold.junior), _num(i.cv_limit.primary), _num(i.cv_limit.junior),
             f"{i.floor_fraction:.0%}"]
            for i in std.indicators
        ]
        header = ["code", "指标", "indicator", "unit", "primary ≥", "junior ≥",
                  "CV primary ≤", "CV junior ≤", "floor"]
        para = nodes.paragraph(text=f"Source: {std.source}. Per-school rule: at least "
                                    f"{std.school_rule.min_met} of {len(std.indicators)} met.")
        return [para, _table(header, rows, [4, 18, 18, 8, 5, 5, 5, 5, 4])]


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


_SKIP = ("id", "name_zh", "name_en", "source", "year", "based_on")


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
                rows.append([k, *(_num(v) for v in vals)])
        out: list[nodes.Node] = []
        blist = nodes.bullet_list()
        for s in stds:
            item = nodes.list_item()
            item += nodes.paragraph(text=f"{s.id}: {s.name_zh} — {s.source}")
            blist += item
        out.append(blist)
        if not rows:
            out.append(nodes.paragraph(text="No differences."))
        else:
            out.append(_table(["field", *(s.id for s in stds)], rows,
                              [20, *([10] * len(stds))]))
        return out


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives."""
    app.add_directive("standard-indicators", StandardIndicators)
    app.add_directive("standard-differences", StandardDifferences)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
