"""Chinese output has no English fragments, for every result type (issue 17).

Every result — resource and county evaluation, batch, audit, report audit and its
roll-up, gap plan, batch of plans, scenario comparison, sensitivity, declaration form and
its audit — is rendered in Chinese as text (``summary`` / ``str``), as its notebook HTML,
as Markdown where it has one, and as DataFrame headers; no ASCII word of three or more
letters may appear except the small allow-list below.

Allowed, and why:

- identifiers the user's data gives (school ids, claim ids such as ``G14-quota-2023``,
  the county's own names): they are keys to type back, not words to translate;
- a standard's id in full-width parentheses after its Chinese title
  (``《…》（national-2017）``) and in the 标准代码 row: the id is what ``--standard`` takes;
- units, acronyms and names written so in Chinese too: ``m²``, ``GDP`` (人均GDP, a
  column of the national form), ``SHA-256`` (the checksum of an input file),
  ``qbalance`` (the product);
- the shipped report files' titles and file names (an audit names the report it read);
- a method written as code, with its parentheses (``用 to_frame() 查看全部``).

An audit's DataFrame in Chinese has the column 状态 (错误 / 警告 / 提示 / 无问题) and no
``codes``; the machine values ``status`` and ``codes`` are in ``to_frame("en")``.
"""

from __future__ import annotations

import html as _html
import re
from typing import Any

import pytest

import qbalance
from qbalance import report
from qbalance.form import audit_form

COSTS = dict(teaching_area_m2=3000, sports_area_m2=400, equipment_value_yuan=1.0,
             multimedia_classrooms=60_000, teachers_above_degree=150_000,
             backbone_teachers=50_000, pe_art_teachers=150_000)

#: Words allowed in Chinese output besides identifiers (see the module docstring).
ALLOWED = {"qbalance", "SHA", "GDP"}

_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z_]{2,}")


def _results() -> dict[str, Any]:
    from qbalance.audit.rollup import audit_report_text
    from qbalance.plan.batch import plan_batch

    county = qbalance.example_county()
    ev = qbalance.evaluate_county(county)
    sens = qbalance.sensitivity(county)
    ra = audit_report_text(
        "某县自评报告\n（二）政府保障程度\n14. 名额分配比例不低于50%。\n【自评情况】2023年全县优质高中"
        "招生名额总数 1065 人，分配名额 532 人，占比 50%。\n【自评结论】达标", label="r")
    form = qbalance.declaration_form(ev, county)
    bare = county.model_copy(update={"guarantee": None, "quality": None, "survey": None,
                                     "vetoes": None})
    bad = qbalance.synthetic_columns(3000, n_counties=30, seed=3)
    bad.pop("school_id", None)  # problems then name the row
    bad["primary_pupils"] = bad["primary_pupils"].astype(float)
    bad["primary_pupils"][5] = -3
    return {
        "resources": qbalance.evaluate_resources(county),
        "county": ev,
        "county without data": qbalance.evaluate_county(bare),
        "batch": qbalance.evaluate_batch(qbalance.synthetic_columns(2000, n_counties=10, seed=1)),
        "batch with bad data": qbalance.evaluate_batch(bad),
        "audit": qbalance.audit("midu"),
        "report audit": ra,
        "rollup": ra.rollup,
        "extraction": ra.extraction,
        "plan": qbalance.gap_plan(county, COSTS),
        "batch plan": plan_batch(qbalance.synthetic_columns(300, n_counties=3, seed=8), COSTS,
                                 workers=1),
        "scenario": qbalance.compare_scenarios(county, qbalance.move_pupils(
            county, [("P05", "P02", 300), ("P06", "P02", 200)])),
        "sensitivity": sens,
        "segment sensitivity": sens.segments[0],
        "form": form,
        "form audit": audit_form(form),
    }


RESULTS = _results()


def _identifiers(result: Any) -> set[str]:
    """The ids and names in the result's own data (allowed: they are the user's keys)."""
    out: set[str] = {"national-2017"}
    audits = getattr(getattr(result, "audit", result), "audits", ())
    for a in audits:
        out.add(a.claim.id)
        out.update(str(x) for x in (a.claim.where,) if x)
    for attr in ("report", "source"):
        value = getattr(getattr(result, "audit", result), attr, None)
        if isinstance(value, str):
            out.add(value)
    return out


def _outputs(result: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.delenv("QBALANCE_LANG", raising=False)
    out: dict[str, str] = {"str": str(result)}
    summary = getattr(result, "summary", None)
    if callable(summary):
        out["summary"] = summary("zh")
    for meth in ("table", "headline", "to_markdown", "to_html"):
        f = getattr(result, meth, None)
        if callable(f):
            try:
                out[meth] = f("zh")
            except (TypeError, ValueError):  # the form's to_markdown() takes no language
                out[meth] = f() if meth != "table" else ""
    if hasattr(result, "_repr_html_"):
        out["html"] = result._repr_html_()
    if hasattr(result, "segments") and hasattr(result, "exclusions") or hasattr(result, "areas"):
        out["markdown"] = report.render_markdown(result, lang="zh")
        out["report html"] = report.render_html(result, lang="zh", plots=False)
    if hasattr(result, "to_frame"):
        pytest.importorskip("pandas", reason="needs the pandas extra")
        try:
            frame = result.to_frame(lang="zh")
        except TypeError:  # a form table: Chinese headers, no language
            frame = result.to_frame()
        names = [*map(str, frame.columns), *(str(n) for n in frame.index.names if n)]
        out["frame headers"] = "  ".join(names)
    return out


def _plain(text: str) -> str:
    """The visible text of HTML (style sheets and tags removed); other text as it is."""
    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text)
    return _html.unescape(text)


def english_words(text: str, allowed_ids: set[str]) -> set[str]:
    """ASCII words of three or more letters in ``text`` that are not allowed."""
    plain = _plain(text)
    for ident in sorted(allowed_ids, key=len, reverse=True):
        plain = plain.replace(f"（{ident}）", " ").replace(ident, " ")
    plain = re.sub(r"\bm²", " ", plain)
    plain = re.sub(r"\b[a-z_]+\(\)", " ", plain)  # a call written as code: 用 to_frame() 查看
    return {w for w in _WORD.findall(plain) if w not in ALLOWED}


def test_the_check_finds_english() -> None:
    assert english_words("小学 primary 0.6039", set()) == {"primary"}
    assert english_words("<p>缺少数据: quality.monitoring</p>", set()) == {"quality",
                                                                         "monitoring"}
    assert english_words("<style>.qb{color:red}</style><td>空</td>", set()) == set()
    assert english_words("标准《办法》（national-2017）；SHA-256 98.70 m²", {"national-2017"}) == set()
    assert english_words("exam_admission None", set()) == {"exam_admission", "None"}
    assert english_words("用 to_frame() 查看；to_frame 不行", set()) == {"to_frame"}


@pytest.mark.parametrize("name", list(RESULTS))
def test_chinese_output_has_no_english_words(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    result = RESULTS[name]
    ids = _identifiers(result)
    if hasattr(result, "schools"):
        ids.update(str(getattr(s, "school_id", "")) for s in getattr(result.schools, "rows", ()))
    outputs = _outputs(result, monkeypatch)
    if hasattr(result, "segment_passed"):  # a batch: its text report (qbalance batch)
        outputs["report"] = report.render_text(result, show=0)
    if hasattr(result, "coverage"):  # an extraction: every number, with the reasons
        outputs["coverage"] = result.coverage("zh", include_reasoned=True)
        assert "[" in outputs["coverage"]  # some number is marked with its reason
    found = {what: english_words(text, ids) for what, text in outputs.items()}
    found = {k: sorted(v) for k, v in found.items() if v}
    assert not found, found
