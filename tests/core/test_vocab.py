"""Typed vocabularies (issue 13, item 8): one check of ``lang`` at every public boundary.

An unknown language is refused up front with a :class:`qbalance.SpecError` whose code is
``lang.unknown`` and whose message names the parameter and the value in both languages,
instead of silently printing English (or, before, a bare ``ValueError`` from four copies
of the same test).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import qbalance
from qbalance._messages import check_lang
from qbalance.errors import SpecError
from qbalance.report import (
    render,
    render_html,
    render_markdown,
    render_notebook,
    render_text,
    write_report,
)


def test_check_lang_accepts_the_two_languages_and_names_a_bad_one() -> None:
    assert check_lang("zh") == "zh" and check_lang("en") == "en"
    for bad in ("fr", "ZH", "", 1, "zh-CN"):
        with pytest.raises(SpecError) as err:
            check_lang(bad)
        assert err.value.code == "lang.unknown"
        assert isinstance(err.value, qbalance.QBalanceError) and isinstance(err.value, ValueError)
    assert err.value.render("zh").startswith("lang=“zh-CN”：未知语言")
    assert err.value.render("en").startswith("lang='zh-CN': unknown language")


def _results() -> dict[str, Any]:
    """One result of every type (as tests/test_result_protocol.py builds them)."""
    from qbalance.evaluate.scenario import move_pupils
    from qbalance.plan import naive_plan
    from qbalance.synth import synthetic_columns

    county = qbalance.example_county()
    sens = qbalance.sensitivity(county)
    projected = move_pupils(county, [("P05", "P02", 300), ("P06", "P02", 200)])
    costs = dict(teaching_area_m2=3000, sports_area_m2=400, equipment_value_yuan=1.0,
                 multimedia_classrooms=60_000, teachers_above_degree=150_000,
                 backbone_teachers=50_000, pe_art_teachers=150_000)
    return {
        "ResourceEvaluation": qbalance.evaluate_resources(county),
        "CountyEvaluation": qbalance.evaluate_county(county),
        "BatchEvaluation": qbalance.evaluate_batch(synthetic_columns(200, n_counties=3, seed=3)),
        "AuditReport": qbalance.audit("midu"),
        "GapPlan": naive_plan(county, costs),
        "ScenarioComparison": qbalance.compare_scenarios(county, projected),
        "Sensitivity": sens,
        "SegmentSensitivity": sens.segments[0],
    }


RESULTS = _results()


def _calls(result: Any) -> list[tuple[str, Callable[[], Any]]]:
    calls: list[tuple[str, Callable[[], Any]]] = [
        ("summary", lambda: result.summary("fr")),
        ("to_frame", lambda: result.to_frame(lang="fr")),
    ]
    if callable(getattr(result, "table", None)):
        calls.append(("table", lambda: result.table("fr")))
    return calls


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_every_result_refuses_an_unknown_language(name: str) -> None:
    result = RESULTS[name]
    for method, call in _calls(result):
        with pytest.raises(SpecError, match="lang=") as err:
            call()
        assert err.value.code == "lang.unknown", f"{name}.{method}"


RENDERERS: dict[str, Callable[[Any], Any]] = {
    "render_text": lambda r: render_text(r, "fr"),  # type: ignore[arg-type]
    "render_markdown": lambda r: render_markdown(r, lang="fr"),  # type: ignore[arg-type]
    "render_html": lambda r: render_html(r, lang="fr"),  # type: ignore[arg-type]
    "render_notebook": lambda r: render_notebook(r, lang="fr"),  # type: ignore[arg-type]
    "render json": lambda r: render(r, "json", lang="fr"),  # type: ignore[arg-type]
    "render text": lambda r: render(r, "text", lang="fr"),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_every_renderer_refuses_an_unknown_language(renderer: str) -> None:
    result = qbalance.evaluate_county(qbalance.example_county())
    with pytest.raises(SpecError) as err:
        RENDERERS[renderer](result)
    assert err.value.code == "lang.unknown"


@pytest.mark.parametrize("suffix", [".html", ".md", ".txt", ".json", ".pdf"])
def test_write_report_refuses_an_unknown_language_before_writing(tmp_path: Path,
                                                                 suffix: str) -> None:
    result = qbalance.evaluate_resources(qbalance.example_county())
    target = tmp_path / f"report{suffix}"
    with pytest.raises(SpecError) as err:
        write_report(result, target, lang="fr")  # type: ignore[arg-type]
    assert err.value.code == "lang.unknown"
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_tables_and_plots_refuse_an_unknown_language(tmp_path: Path) -> None:
    from qbalance.io.tables import (
        column_help,
        explanation_rows,
        write_schools_csv,
        write_schools_excel,
        write_template,
    )
    from qbalance.plot import plot_cv, plot_schools, save_figures
    from qbalance.report_xlsx import write_workbook

    county = qbalance.example_county()
    result = qbalance.evaluate_resources(county)
    calls: dict[str, Callable[[], Any]] = {
        "column_help": lambda: column_help("fr"),  # type: ignore[arg-type]
        "explanation_rows": lambda: explanation_rows(lang="fr"),  # type: ignore[arg-type]
        "write_schools_csv": lambda: write_schools_csv(
            county, tmp_path / "s.csv", lang="fr"),  # type: ignore[arg-type]
        "write_schools_excel": lambda: write_schools_excel(
            county, tmp_path / "s.xlsx", lang="fr"),  # type: ignore[arg-type]
        "write_template": lambda: write_template(tmp_path / "t", lang="fr"),  # type: ignore[arg-type]
        "write_workbook": lambda: write_workbook(
            result, tmp_path / "w.xlsx", county=county, lang="fr"),  # type: ignore[arg-type]
        "plot_cv": lambda: plot_cv(result, lang="fr"),  # type: ignore[arg-type]
        "plot_schools": lambda: plot_schools(result, "primary", lang="fr"),  # type: ignore[arg-type]
        "save_figures": lambda: save_figures(result, tmp_path / "f", lang="fr"),  # type: ignore[arg-type]
    }
    for name, call in calls.items():
        with pytest.raises(SpecError) as err:
            call()
        assert err.value.code == "lang.unknown", name
    assert list(tmp_path.iterdir()) == []  # refused before anything was written


# -- areas and severities are enums that stay strings ---------------------------------

def test_area_names_and_string_compatibility() -> None:
    import json

    from qbalance.vocab import Area

    assert [a.value for a in Area] == ["resources", "guarantee", "quality", "survey", "veto"]
    assert Area.GUARANTEE == "guarantee" and f"{Area.VETO}" == "veto"
    assert json.dumps({Area.QUALITY: Area.SURVEY}) == '{"quality": "survey"}'
    assert (Area.RESOURCES.zh, Area.VETO.zh) == ("资源配置", "不予认定情形")
    assert (Area.SURVEY.en, Area.VETO.en) == ("Social recognition", "Veto conditions")
    assert Area("quality") is Area.QUALITY
    with pytest.raises(ValueError):
        Area("vetoes")  # the standard files' area list says "vetoes"; the results "veto"


def test_county_results_carry_areas_and_save_them_as_strings() -> None:
    import json

    from qbalance.vocab import Area

    result = qbalance.evaluate_county(qbalance.example_county())
    assert [a.area for a in result.areas] == [Area.GUARANTEE, Area.QUALITY, Area.SURVEY,
                                              Area.VETO]
    assert all(type(a.area) is Area and a.name_zh == a.area.zh and a.name_en == a.area.en
               for a in result.areas)
    assert all(type(c.area) is Area for c in result.checks)
    assert result.check("G1").area is Area.GUARANTEE and result.check("Q1").area is Area.QUALITY
    data = json.loads(result.to_json())
    assert data["guarantee"]["area"] == "guarantee" and data["vetoes"]["area"] == "veto"
    assert {c["area"] for c in data["quality"]["checks"]} == {"quality"}
    back = type(result).from_dict(data)
    assert back == result and type(back.quality.area) is Area
    assert type(back.check("S1").area) is Area


def test_the_rollup_keys_areas_by_area() -> None:
    from qbalance.audit.rollup import audit_report
    from qbalance.io.documents import document_from_text
    from qbalance.vocab import Area

    ra = audit_report(document_from_text(
        "（二）政府保障程度\n12. 专任教师持证上岗率达到100%。全县专任教师持证上岗率100%。\n"))
    areas = [a.area for a in ra.rollup.areas]
    assert areas[:4] == [Area.RESOURCES, Area.GUARANTEE, Area.QUALITY, Area.SURVEY]
    assert all(type(a) is Area for a in areas)
    assert [a.name_zh for a in ra.rollup.areas][:4] == [a.zh for a in areas[:4]]


def test_severity_is_a_string_enum_and_statuses_follow_it() -> None:
    from qbalance.vocab import Severity

    assert Severity.ERROR == "error" and [s.rank for s in Severity] == [3, 2, 1]
    assert [s.en for s in Severity] == ["error", "warning", "note"]
    report = qbalance.audit("midu")
    assert set(report.counts()) == {"error", "warning", "note", "ok"}
    for a in report.audits:
        assert a.status == (a.severity if a.severity is not None else "ok")
    assert report.has_errors == any(a.severity is Severity.ERROR for a in report.audits)


# -- the vocabulary stays typed: checks on the source ---------------------------------

SRC = Path(__file__).resolve().parents[2] / "src" / "qbalance"


def test_no_lang_parameter_is_a_plain_string() -> None:
    import ast

    plain = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                    node.name != "check_lang":  # the check takes any object
                args = node.args
                for a in (*args.posonlyargs, *args.args, *args.kwonlyargs):
                    if a.arg in ("lang", "language") and a.annotation is not None and \
                            "Lang" not in ast.unparse(a.annotation):
                        plain.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name}"
                                     f"({a.arg}: {ast.unparse(a.annotation)})")
    assert plain == [], "type these `lang` parameters as qbalance.vocab.Lang: " + "; ".join(plain)


def test_records_with_many_fields_are_built_by_keyword() -> None:
    import importlib
    import inspect
    import pkgutil

    import attrs

    positional = []
    for info in pkgutil.walk_packages(qbalance.__path__, "qbalance."):
        if info.name == "qbalance.__main__":
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and attrs.has(obj) and obj.__module__ == info.name:
                fields = [f for f in attrs.fields(obj) if f.init]
                if len(fields) >= 5 and not all(f.kw_only for f in fields):
                    positional.append(f"{info.name}.{name} ({len(fields)} fields)")
    assert positional == [], ("records with five fields or more take keywords only "
                              "(attrs kw_only=True): " + ", ".join(positional))
    from qbalance.evaluate.county import Check
    from qbalance.vocab import Verdict

    with pytest.raises(TypeError):
        Check("G1", "guarantee", "甲", "a", Verdict.MET)  # type: ignore[misc]


def test_the_smaller_public_methods_refuse_an_unknown_language() -> None:
    from qbalance.audit.rollup import audit_report
    from qbalance.io.documents import document_from_text
    from qbalance.io.frames import frame_in, schools_frame

    county = qbalance.example_county()
    form = qbalance.declaration_form(qbalance.evaluate_county(county), county)
    ra = audit_report(document_from_text(
        "（二）政府保障程度\n12. 专任教师持证上岗率达到100%。全县专任教师持证上岗率100%。\n"))
    finding = next(f for a in RESULTS["AuditReport"].audits for f in a.findings)
    calls: dict[str, Callable[[], Any]] = {
        "DeclarationForm.to_frame": lambda: form.to_frame(lang="fr"),  # type: ignore[arg-type]
        "schools_frame": lambda: schools_frame(county, lang="fr"),  # type: ignore[arg-type]
        "frame_in": lambda: frame_in(None, "fr"),  # type: ignore[arg-type]
        "Finding.text": lambda: finding.text("fr"),  # type: ignore[arg-type]
        "Rollup.rows": lambda: ra.rollup.rows("fr"),  # type: ignore[arg-type]
        "Rollup.header": lambda: ra.rollup.header("fr"),  # type: ignore[arg-type]
        "Rollup.headline": lambda: ra.rollup.headline("fr"),  # type: ignore[arg-type]
        "ReportAudit.summary": lambda: ra.summary("fr"),  # type: ignore[arg-type]
        "ReportAudit.to_html": lambda: ra.to_html("fr"),  # type: ignore[arg-type]
        "Extraction.coverage": lambda: ra.extraction.coverage("fr"),  # type: ignore[arg-type]
    }
    for name, call in calls.items():
        with pytest.raises(SpecError) as err:
            call()
        assert err.value.code == "lang.unknown", name


def test_segment_takes_its_chinese_name_and_says_what_it_takes() -> None:
    """A notebook user wrote ``result.segment("小学")`` and got the bare English
    ``ValueError: '小学' is not a valid Segment`` (also from ``plot_schools(r, "R3")``)."""
    import qbalance
    from qbalance.errors import DataError
    from qbalance.models import Segment

    assert Segment("小学") is Segment.PRIMARY and Segment(" 初中 ") is Segment.JUNIOR
    assert Segment("Junior") is Segment.JUNIOR and Segment("junior secondary") is Segment.JUNIOR
    result = qbalance.evaluate_resources(qbalance.example_county())
    assert result.segment("初中").segment is Segment.JUNIOR
    with pytest.raises(DataError) as err:
        result.segment("R3")
    assert isinstance(err.value, ValueError) and err.value.value == "R3"
    assert err.value.render("zh") == "学段 “R3” 无法识别：请写 小学 或 初中"
    assert err.value.render("en") == "unknown segment 'R3': use primary (小学) or junior (初中)"
