"""Every user-facing message comes from the catalogue and renders in the chosen language.

Four checks:

* the catalogue itself: every code has a Chinese and an English template that take
  the same placeholders and format;
* the source: no ``raise SomeError("literal English")`` (nor a reader ``Problem`` or a
  warning with literal text) outside the catalogue, except internal assertion
  errors that signal a bug in qbalance (the allow-list below);
* the source again: no Chinese string literal (other than a docstring) outside the
  catalogue, but in the modules of input vocabulary (``CJK_DATA``) and, counted down,
  the modules not converted yet (``CJK_PENDING``);
* representative errors of each part (ratios, batch, planner, audit, declaration
  form, readers) print in Chinese by default with no English word, and in English
  with ``lang="en"`` / ``QBALANCE_LANG=en``.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import qbalance
from qbalance import _messages as m
from qbalance.errors import QBalanceError

SRC = Path(qbalance.__file__).resolve().parent


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


#: Codes whose two templates take different placeholders on purpose: the English
#: text of pydantic's errors is pydantic's own message (``{msg}``); a few messages
#: name a thing by its Chinese name in Chinese and by its identifier in English.
DIFFERENT_PLACEHOLDERS = {
    "models.kind_needs", "models.kind_no_kindergarten", "models.kind_has_no",
    "models.larger", "models.segment_empty", "split.no_section_weight",
    "table.kind.unknown", "table.no_segment", "standard.consistency_failed",
    "standard.consistency_lacks", "resources.empty_segment",
    # the parser's English text in English, the position (or nothing) in Chinese
    "input.toml_syntax", "input.toml_syntax_end", "input.json_syntax",
    # the system's own words (strerror) in English only, the errno (or nothing) in Chinese
    "os.unknown_errno", "os.unknown",
    "core.unreadable",  # numpy's English reason, in the English message only
}


def test_every_code_has_both_languages_with_the_same_placeholders() -> None:
    assert set(m.ZH) == set(m.EN)
    assert len(m.ZH) > 300  # the whole library's messages, not a sample
    for code in m.ZH:
        assert re.fullmatch(r"[a-z_]+(\.[a-z_]+)*", code), code
        zh, en = m.ZH[code], m.EN[code]
        assert zh.strip() and en.strip(), code
        if not code.startswith("pydantic.") and code not in DIFFERENT_PLACEHOLDERS:
            # the caller's parameters; LITERALS (lit_*) are constants, not parameters
            params_zh = {f for f in _fields(zh) if f not in m.LITERALS}
            params_en = {f for f in _fields(en) if f not in m.LITERALS}
            assert params_zh == params_en, (code, params_zh ^ params_en)
        names = _fields(zh) | _fields(en)
        msg = m.message(code, **{n: 7 for n in names if not n.startswith("lit_")})
        assert msg.render("zh") and msg.render("en"), code
    # the allow-list holds only codes that exist and really differ
    for code in DIFFERENT_PLACEHOLDERS:
        assert _fields(m.ZH[code]) != _fields(m.EN[code]), code


def test_literals_are_used_and_english_templates_have_no_chinese_only_placeholders() -> None:
    used = {f for t in (*m.ZH.values(), *m.EN.values()) for f in _fields(t)}
    assert set(m.LITERALS) <= used


# ---------------------------------------------------------------- the source

#: Raise statements with literal text that are internal assertion errors (a bug in
#: qbalance, never bad input): (file relative to the package, exception class).
INTERNAL = {
    ("_messages.py", "KeyError"),        # Message("no.such.code"): a typo in qbalance
    ("_shim.py", "AttributeError"),      # module attribute protocol of the old paths
    ("__init__.py", "AttributeError"),   # lazy names: the module attribute protocol
    ("_shim.py", "TypeError"),           # calling a moved module: a programming error
}

#: Warnings for developers (deprecations), in English as Python's own are.
DEVELOPER_WARNINGS = {"_shim.py"}

#: Exceptions that are Python protocols rather than messages to a user.
PROTOCOL = {"AttributeError", "NotImplementedError", "StopIteration", "_OutOfTime",
            "from_exception_data"}


def _texty(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[A-Za-z]{3,}", node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_texty(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _texty(node.left) or _texty(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in ("format", "join") and _texty(node.func.value)
    return False


def _literal_messages() -> list[str]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        rel = str(path.relative_to(SRC))
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                cls = ast.unparse(node.exc.func).rsplit(".", 1)[-1]
                args = [*node.exc.args, *(k.value for k in node.exc.keywords
                                          if k.arg in ("message", "msg"))]
                via_catalogue = any(isinstance(a, ast.Call) and ast.unparse(a.func).endswith(
                    "message") for a in args)  # _fail("$.path", message(...))
                if (args and _texty(args[0]) and not via_catalogue and cls not in PROTOCOL
                        and (rel, cls) not in INTERNAL):
                    out.append(f"{rel}:{node.lineno}: raise {cls}({ast.unparse(args[0])[:60]})")
            elif isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                arg = None
                if name.endswith("Problem") and len(node.args) >= 4:
                    arg = node.args[3]
                elif name in ("warnings.warn", "warn") and node.args and (
                        rel not in DEVELOPER_WARNINGS):
                    arg = node.args[0]
                elif name.rsplit(".", 1)[-1] == "Finding":  # an audit finding's texts
                    arg = next((k.value for k in node.keywords if k.arg == "en"), None)
                if arg is not None and _texty(arg):
                    out.append(f"{rel}:{node.lineno}: {name}({ast.unparse(arg)[:60]})")
    return out


#: Modules whose messages are not converted yet, with how many literal messages each
#: still has (issue 17): the counts may only go down, and a module leaves the list
#: when it reaches 0.  Every module of the readers, the ratios, the batch, the
#: planner, the audit and the declaration form is converted (not listed).
PENDING: dict[str, int] = {}


def test_no_literal_english_message_outside_the_catalogue() -> None:
    found = _literal_messages()
    counts: dict[str, int] = {}
    for f in found:
        counts[f.split(":")[0]] = counts.get(f.split(":")[0], 0) + 1
    new = [f for f in found if f.split(":")[0] not in PENDING]
    assert not new, f"{len(new)} messages bypass the catalogue:\n" + "\n".join(new)
    grown = {k: (v, PENDING[k]) for k, v in counts.items() if v > PENDING[k]}
    assert not grown, f"more literal messages than before (found, allowed): {grown}"
    done = sorted(set(PENDING) - set(counts))
    assert not done, f"converted: remove {done} from PENDING"


def test_the_source_scan_finds_a_literal_message(tmp_path: Path) -> None:
    # the scanner itself: a literal message is found, a catalogue one is not
    tree = ast.parse('raise DataError(f"{x}: must be positive")\n'
                     'raise DataError(message("ratio.negative", what=x))\n')
    raises = [n for n in ast.walk(tree) if isinstance(n, ast.Raise)]
    assert [_texty(r.exc.args[0]) for r in raises  # type: ignore[union-attr]
            ] == [True, False]
    # an audit finding with inline texts is found, one from the catalogue is not
    inline = tmp_path / "inline.py"
    inline.write_text('Finding(severity=s, code="x", zh=f"{a} 不符", en=f"{a} does not match")\n'
                      'Finding(severity=s, code="x", **texts("audit.finding.x", a=a))\n',
                      encoding="utf-8")
    calls = [n for n in ast.walk(ast.parse(inline.read_text("utf-8"))) if isinstance(n, ast.Call)
             and ast.unparse(n.func) == "Finding"]
    assert [any(k.arg == "en" and _texty(k.value) for k in c.keywords) for c in calls
            ] == [True, False]


# ---------------------------------------------------------------- representative errors

#: Words allowed in a Chinese message: field and indicator ids, units, file names.
_ALLOWED_WORDS = re.compile(
    r"^(R\d+|G\d+|Q\d+|S\d+|L\d+|P\d+|m²|csv|xlsx|toml|json|national|qbalance|nan|"
    r"DataFrame|Excel|tmp|pytest|of|root|test|.*\d.*)$")


def _english_words(text: str) -> list[str]:
    # drop paths, quoted values (the input as given), code literals (commands, function
    # and file-format names: m.LITERALS) and the names of shipped examples, then look
    # for words
    from qbalance.audit.claims import available_claim_examples

    for lit in sorted(m.LITERALS.values(), key=len, reverse=True):
        text = text.replace(lit, "")
    for name in available_claim_examples():
        text = text.replace(name, "")
    text = re.sub(r"(/[^\s：:，,）)]+)+", "", text)
    text = re.sub(r"\b\w+\.(pdf|html|md|xlsx|xls|csv|toml|json|txt|docx)\b|\.(pdf|html|md|xlsx|xls|"
                  r"csv|toml|json|txt|docx)\b", "", text)  # file names and suffixes
    text = re.sub(r"“[^”]*”|'[^']*'", "", text)
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_]{2,}", text)
            if not _ALLOWED_WORDS.match(w)]


def _ratio() -> None:
    from qbalance.ratios import rotation_share

    rotation_share(70, 67)


def _ratio_array() -> None:
    from qbalance.ratios import schools_over_size

    schools_over_size([100, -1], [2000, 2000], labels=["一小", "二小"])


def _batch() -> None:
    qbalance.evaluate_batch({"county": ["a"], "school_id": ["x"]})


def _plan_caps() -> None:
    qbalance.gap_plan(qbalance.example_county(), dict(
        teaching_area_m2=3000, sports_area_m2=400, equipment_value_yuan=1.0,
        multimedia_classrooms=60_000, teachers_above_degree=150_000,
        backbone_teachers=50_000, pe_art_teachers=150_000),
        caps={"P08": {"junior.sports_area_m2": 1}})


def _plan_batch() -> None:
    qbalance.plan_batch({"county": []}, {}, workers=0)


def _audit() -> None:
    from qbalance.audit.claims import claims_example_path

    claims_example_path("nowhere")


def _audit_rule() -> None:
    from qbalance.audit.checks import audit
    from qbalance.audit.claims import ClaimSet

    audit(ClaimSet(county="x", report="r", claims=[
        {"id": "x", "kind": "ratio", "section": "s", "name_zh": "入学率", "numerator": 1,
         "denominator": 2, "reported": "50%", "rule": "guarantee.no_such_value"}]))


def _form(tmp_path: Path) -> Callable[[], None]:
    def run() -> None:
        from qbalance.form.tables import declaration_form
        from qbalance.form.write import write_declaration_form

        county = qbalance.example_county()
        form = declaration_form(qbalance.evaluate_county(county), county)
        write_declaration_form(form, tmp_path / "f.pdf")
    return run


def _reader(tmp_path: Path) -> Callable[[], None]:
    def run() -> None:
        from qbalance.io.tables import read_schools

        p = tmp_path / "s.csv"
        p.write_text("学校代码,学校名称,学校类型,在校生数,校长\nP1,甲小学,小学,九百,王\n", "utf-8")
        read_schools(p)
    return run


def _file(tmp_path: Path) -> Callable[[], None]:
    def run() -> None:
        p = tmp_path / "b.csv"
        p.write_bytes(b"\x00\x01\x02binary\xff\xfe")
        qbalance.load_county(p)
    return run


def _cases(tmp_path: Path) -> dict[str, Callable[[], Any]]:
    return {"ratios": _ratio, "ratios-array": _ratio_array, "batch": _batch,
            "plan": _plan_caps, "plan-batch": _plan_batch, "audit": _audit,
            "audit-rule": _audit_rule, "form": _form(tmp_path), "readers": _reader(tmp_path),
            "files": _file(tmp_path)}


CASES = ["ratios", "ratios-array", "batch", "plan", "plan-batch", "audit", "audit-rule",
         "form", "readers", "files"]


def _raise(fn: Callable[[], Any]) -> QBalanceError:
    with pytest.raises(QBalanceError) as info:
        fn()
    return info.value


@pytest.mark.parametrize("case", CASES)
def test_errors_print_in_chinese_by_default_and_in_english_on_request(
        case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QBALANCE_LANG", raising=False)
    err = _raise(_cases(tmp_path)[case])
    zh = str(err)
    assert re.search(r"[\u4e00-\u9fff]", zh), zh
    assert not _english_words(zh), (case, _english_words(zh), zh)
    assert err.code not in ("error", "data", "spec"), (case, err.code)  # a catalogue code
    en = err.render("en")
    assert en != zh and re.search(r"[A-Za-z]{4,}", en), en
    with m.use_lang("en"):
        assert str(err) == en
    monkeypatch.setenv("QBALANCE_LANG", "en")
    assert str(err) == en
    # raised anew under the environment variable, the message is English too
    again = _raise(_cases(tmp_path)[case])
    assert again.code == err.code and str(again) != again.render("zh")


#: Texts moved into the catalogue from the audit roll-up, the checks and the form
#: check (issue 17): each renders in Chinese and in English, with its own words.
MOVED = {
    "audit.rollup.veto_area": ({}, "不予认定", "Vetoes"),
    "audit.claim.lead_all_met": ({"area": "教育质量", "n": 9}, "教育质量领域总述：9 项达到",
                                 "教育质量 summary: 9 met"),
    "audit.finding.why_no_cv_over": ({}, "各项差异系数均未超限", "no CV exceeds its limit"),
    "audit.cv_method.unweighted": ({}, "各校等权、除以校数的未加权公式",
                                   "the unweighted formula (every school counts once, divided by n)"),
    "audit.cv_method.value": ({"method": m.message("audit.cv_method.official"), "cv": "0.238"},
                              "评估办法的学生数加权公式 0.238",
                              "the official student-weighted formula 0.238"),
    "form.finding.what_teachers": ({}, "教师", "teachers"),
    "form.finding.what_rooms": ({}, "数量", "classrooms"),
    "form.finding.near_one": ({"n": 148, "value": "7.96"}, "148→7.96", "148 → 7.96"),
    "form.finding.near_sep": ({}, "，", ", "),
}


@pytest.mark.parametrize("code", sorted(MOVED))
def test_moved_texts_render_in_both_languages(code: str) -> None:
    params, zh, en = MOVED[code]
    assert m.text(code, "zh", **params) == zh
    assert m.text(code, "en", **params) == en


# ---------------------------------------------------------------- Chinese literals

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _cjk_literals(path: Path) -> list[int]:
    """Line numbers of the string literals with Chinese characters in ``path`` that are
    not docstrings (a module's, a class's, a function's, or a bare string under an
    attribute)."""
    tree = ast.parse(path.read_text("utf-8"))
    docs = {id(n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    return [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and id(n) not in docs and _CJK.search(n.value)]


#: Modules whose Chinese literals are input vocabulary or the shared words themselves,
#: not output text: allowed whole.
CJK_DATA = {
    "_messages.py": "the catalogue itself",
    "vocab.py": "the shared words of results (Area, Verdict …: .zh / .en)",
    "models.py": "the models' Chinese field labels, which field_label() shows",
    "io/tables.py": "the header aliases, units and school-kind words the readers accept",
    "io/_vocabulary.py": "the readers' header aliases, units and school-kind words",
    "form/read.py": "the table titles and headers of a filled declaration form, read back",
    "audit/extract.py": "the phrases the extraction looks for in a Chinese report",
    "audit/_numbers.py": "Chinese numerals and number words the extraction reads",
}

#: Modules that still build output text from Chinese literals (issue 17), with how many
#: such literals each has: the counts may only go down, and a module leaves the list at
#: 0.  A module not listed here nor in CJK_DATA (plausibility.py, the whole plan
#: package but plan/problem.py, …) must have none: its output comes from the catalogue.
CJK_PENDING: dict[str, int] = {
    "io/_write_table.py": 81, "io/_read_table.py": 4,
    "form/tables.py": 258, "_render_results.py": 164, "_render_evaluation.py": 150,
    "evaluate/county.py": 109, "io/frames.py": 76, "form/check.py": 73,
    "report_xlsx.py": 54, "standard.py": 48, "audit/checks.py": 38, "cli/_lang.py": 33,
    "audit/claims.py": 31, "cli/_evaluate.py": 27, "cli/_form.py": 26, "cli/_batch.py":
    22, "audit/slips.py": 20, "evaluate/resources.py": 20, "plot.py": 18,
    "cli/_audit.py": 17, "cli/_standards.py": 16, "_batch_files.py": 15,
    "cli/_extract.py": 13, "plan/problem.py": 12, "cli/__init__.py": 9, "report.py": 9,
    "cli/_template.py": 7, "audit/against.py": 5, "audit/html.py": 5, "audit/rollup.py":
    5, "form/write.py": 5, "io/documents.py": 4, "rounding.py": 3, "evaluate/batch.py":
    2,
}


def test_no_chinese_literal_outside_the_catalogue() -> None:
    counts = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        lines = _cjk_literals(path)
        if lines and rel not in CJK_DATA:
            counts[rel] = lines
    new = {k: v[:5] for k, v in counts.items() if k not in CJK_PENDING}
    assert not new, f"Chinese text outside the catalogue (use _messages.text / message): {new}"
    grown = {k: (len(v), CJK_PENDING[k]) for k, v in counts.items() if len(v) > CJK_PENDING[k]}
    assert not grown, f"more Chinese literals than before (found, allowed): {grown}"
    done = sorted(set(CJK_PENDING) - set(counts))
    assert not done, f"converted: remove {done} from CJK_PENDING"
    assert set(CJK_DATA) <= {p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")}


def test_the_chinese_literal_scan_skips_docstrings(tmp_path: Path) -> None:
    src = tmp_path / "mod.py"
    src.write_text('"""模块说明。"""\n\ndef f() -> str:\n    """函数说明。"""\n'
                   '    return "各项差异系数均未超限"\n\nX = 1\n"""属性说明。"""\n', "utf-8")
    assert _cjk_literals(src) == [5]
