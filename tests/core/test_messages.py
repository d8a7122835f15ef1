"""The message catalogue, the session language and the progress helper."""

from __future__ import annotations

import io
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

import qbalance
from qbalance import _messages as m
from qbalance._progress import Bar, enabled, progress, progress_bar, quiet
from qbalance.errors import DataError, DataValidationError, Problem, QBalanceError

SRC = str(Path(qbalance.__file__).resolve().parent.parent)


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_both_tables_have_the_same_codes_and_placeholders() -> None:
    assert m.ZH.keys() == m.EN.keys()
    for code in m.ZH:
        assert re.fullmatch(r"[a-z_]+(\.[a-z_]+)*", code), code
        names = _fields(m.ZH[code]) | _fields(m.EN[code])
        msg = m.message(code, **{n: "x" for n in names})
        assert msg.render("zh") and msg.render("en")  # both templates format


def test_no_english_words_in_chinese_templates() -> None:
    allowed = {"qbalance", "evaluate", "audit", "template", "example", "zh", "en", "json",
               "format", "true", "false", "JSON", "HTML", "Markdown", "schools", "xlsx",
               "csv", "met", "not", "cv_limit", "split", "school_rule", "min_met",
               "school_size_max", "out", "lang", "nan", "Excel", "force", "xlsx", "html", "form", "report", "county",
               "County", "load_county", "county_from_frame", "name", "year", "DataFrame"}
    for code, tmpl in m.ZH.items():
        words = re.findall(r"(?<![{:\w])[A-Za-z]{3,}(?![\w}])", re.sub(r"\{[^}]*\}", "", tmpl))
        assert not [w for w in words if w not in allowed], (code, words)


def test_session_language_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QBALANCE_LANG", raising=False)
    assert m.get_lang() == "zh"
    monkeypatch.setenv("QBALANCE_LANG", "en_US")
    assert m.get_lang() == "en"
    with m.use_lang("zh"):
        assert m.get_lang() == "zh"
        with m.use_lang(None):  # no change
            assert m.get_lang() == "zh"
    m.set_lang("zh")
    try:
        assert m.get_lang() == "zh"
    finally:
        m.set_lang(None)
    assert m.get_lang() == "en"
    with pytest.raises(qbalance.SpecError) as err:
        m.check_lang("fr")
    assert err.value.code == "lang.unknown"
    assert "“fr”" in err.value.render("zh") and "'fr'" in err.value.render("en")


def test_error_keeps_its_code_and_renders_in_either_language() -> None:
    err = DataError(m.message("data.negative", what="primary.pupils", value=-3),
                    school="P1", field="primary.pupils", value=-3)
    assert err.code == "data.negative" and err.params["value"] == -3
    assert str(err) == "小学部·在校生数 不能为负数（给出的值：-3）"
    assert err.render("en") == "primary.pupils must not be negative (given: -3)"
    with m.use_lang("en"):
        assert str(err) == err.render("en")
    assert isinstance(err, QBalanceError) and err.school == "P1"
    plain = DataError("plain text")
    assert plain.code == "data" and str(plain) == "plain text" and plain.params == {}


def test_validation_error_translates_pydantic_and_fields() -> None:
    with pytest.raises(DataValidationError) as info:
        qbalance.School(id="P1", name="甲小学", kind="primary", teaching_area_m2=-1,
                        sports_area_m2="x", equipment_value_yuan=1, multimedia_classrooms=1,
                        primary={"pupils": 0, "teachers_above_degree": 1,
                                 "backbone_teachers": 1, "pe_art_teachers": 1})
    err = info.value
    zh = err.render("zh")
    assert zh.startswith("学校数据中有 3 处问题：")
    assert "字段“小学部·在校生数” = 0：应大于 0" in zh
    assert "字段“教学及辅助用房面积” = -1：应大于或等于 0" in zh
    assert "“x”：应为数值" in zh
    assert not re.search(r"Input|should|field", zh)
    assert [p.code for p in err.problems] == [
        "pydantic.greater_than", "pydantic.greater_than_equal", "pydantic.float_parsing"]
    assert "Input should be greater than 0" in err.render("en")


def test_model_checks_are_catalogue_messages() -> None:
    with pytest.raises(DataValidationError) as info:
        qbalance.GuaranteeFacts.model_validate(
            {"rotation": {"eligible": 10, "rotated": 11, "backbone": 1}})
    (p,) = info.value.problems
    assert p.code == "models.several"
    assert "交流轮岗教师数 = 11 大于 符合交流条件教师总数 = 10" in p.render("zh")
    assert "rotated = 11 is larger than eligible = 10" in p.render("en")


def test_none_shows_as_empty() -> None:
    assert m.show(None, "zh") == "空" and m.show("  ", "zh") == "空"
    assert m.show(None, "en") == "empty"
    assert m.show(True, "zh") == "是"
    assert m.show("x" * 200, "en").endswith("…") and len(m.show("x" * 200, "en")) == 80
    p = Problem("P1", "rural", None, "required")
    assert p.render("zh") == "P1：字段“是否乡村学校” = 空：required"


def test_field_labels() -> None:
    assert m.field_label("quality.monitoring", "zh") == "教育质量·9 国家义务教育质量监测"
    assert m.field_label("primary_pupils", "zh") == "小学部·在校生数"
    assert m.field_label("schools[3].junior.backbone_teachers", "zh") == "初中部·县级及以上骨干教师数"
    assert m.field_label("no.such.thing", "zh") == "no.such.thing"
    assert m.field_label("quality.monitoring", "en") == "quality.monitoring"


def test_unknown_code_is_refused() -> None:
    with pytest.raises(KeyError):
        m.message("no.such.code")


def test_message_pickles() -> None:
    import pickle

    msg = m.message("data.negative", what="pupils", value=-1)
    assert pickle.loads(pickle.dumps(msg)) == msg


# ---------------------------------------------------------------- progress

class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_silent_off_a_terminal() -> None:
    s = io.StringIO()
    assert list(progress(range(5), desc="x", stream=s)) == [0, 1, 2, 3, 4]
    assert s.getvalue() == "" and not enabled(s)


def test_progress_draws_on_a_terminal_and_quiet_silences_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QBALANCE_PROGRESS", raising=False)
    s = _Tty()
    assert enabled(s)
    assert list(progress([1, 2, 3], desc="评估", stream=s)) == [1, 2, 3]
    assert s.getvalue() != ""
    with quiet():
        assert not enabled(s)
    with quiet(False):
        assert enabled(s)
    monkeypatch.setenv("QBALANCE_PROGRESS", "0")
    assert not enabled(s)


def test_plain_fallback_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import fails: plain counter
    s = _Tty()
    bar = Bar(3, "评估", s, True)
    for _ in range(3):
        bar.update(note="a.csv")
    assert "评估 3/3 a.csv" in s.getvalue()
    bar.close()
    assert s.getvalue().endswith("\r")
    with progress_bar(2, "x", stream=io.StringIO()) as b:
        b.update()
    assert b.n == 1


# ---------------------------------------------------------------- the CLI

def _qb(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    e = {**os.environ, "PYTHONPATH": SRC, "PYTHONWARNINGS": "error", **(env or {})}
    e.pop("QBALANCE_LANG", None) if env is None else None
    return subprocess.run([sys.executable, "-m", "qbalance", *args], capture_output=True,
                          text=True, env=e, check=False, encoding="utf-8")


def test_cli_language_from_flag_and_environment(tmp_path: Path) -> None:
    assert "用法：" in _qb("standards", "--help").stdout
    assert "usage:" in _qb("standards", "--help", env={"QBALANCE_LANG": "en"}).stdout
    assert "用法：" in _qb("--lang", "zh", "standards", "--help",
                          env={"QBALANCE_LANG": "en"}).stdout
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nyear = 2025\n', "utf-8")
    zh = _qb("evaluate", str(bad))
    assert zh.returncode == 2 and zh.stderr.startswith("qbalance：错误：")
    assert "缺少必填项" in zh.stderr and "Field required" not in zh.stderr
    en = _qb("evaluate", str(bad), env={"QBALANCE_LANG": "en"})
    assert en.returncode == 2 and "Field required" in en.stderr
    missing = _qb("evaluate", str(tmp_path / "nope.toml"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_cli_out_line_and_dash_names(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    res = _qb("evaluate", "--example", "--out", str(out), "--no-plots")
    assert res.returncode == 1
    assert res.stdout == f"已写入 {out}；结论：未达标\n" and out.exists()
    res = _qb("evaluate", "--example", "--out", str(out), "--no-plots", "--lang", "en")
    assert res.stdout == f"wrote {out}; verdict: does not pass\n"
    res = _qb("evaluate", "--example", "--out=-r.md")
    assert res.returncode == 2 and "以 “-” 开头" in res.stderr
    assert not Path("-r.md").exists()


def test_a_dataframe_is_read_or_pointed_to_its_reader() -> None:
    pd = pytest.importorskip("pandas")
    from qbalance.io.frames import schools_frame

    county = qbalance.example_county()
    df = schools_frame(county, lang="zh")
    assert isinstance(df, pd.DataFrame)
    again = qbalance.load_county(df, name="示例县", year=2025)
    assert [s.id for s in again.schools] == [s.id for s in county.schools]
    with pytest.raises(DataError) as err:
        qbalance.evaluate_resources(df)
    assert err.value.code == "models.county_is_frame"
    assert "load_county(df" in str(err.value) and "county_from_frame" in err.value.render("en")


def test_evaluate_audit_lists_the_figures_the_county_data_does_not_give(tmp_path: Path) -> None:
    from qbalance.audit.against import compare_with_county
    from qbalance.audit.claims import ClaimSet

    result = qbalance.evaluate_county(qbalance.example_county())
    seg = result.resources.segment("primary")
    cvs = [f"{seg.indicator(f'R{k}').cv:.3f}" for k in range(1, 8)]
    good = ClaimSet(county="示例县", report="r", claims=[
        {"id": "R-composite-primary", "kind": "composite_cv", "section": "s",
         "name_zh": "小学综合差异系数", "cvs": cvs, "segment": "primary",
         "reported": f"{seg.composite_cv:.3f}"},
        {"id": "Q2-disabled", "kind": "ratio", "section": "s", "name_zh": "入学率",
         "numerator": 47, "denominator": 48, "reported": "97.92%"}])
    assert compare_with_county(good, result) == ()
    bad_cvs = [*cvs[:3], "0.999", *cvs[4:]]
    bad = ClaimSet(county="示例县", report="r", claims=[
        {"id": "R-composite-primary", "kind": "composite_cv", "section": "s",
         "name_zh": "小学综合差异系数", "cvs": bad_cvs, "segment": "primary",
         "reported": f"{seg.composite_cv:.3f}"}])
    (d,) = compare_with_county(bad, result)
    assert d.claim == "R-composite-primary" and d.printed == "0.999" and "R4" in d.what_zh
    claims_file = tmp_path / "claims.json"
    import json

    claims_file.write_text(json.dumps(bad.model_dump(mode="json"), ensure_ascii=False), "utf-8")
    res = _qb("evaluate", "--example", "--audit", str(claims_file), "--out",
              str(tmp_path / "r.md"), "--no-plots")
    assert "报告中的数字与本县数据相比：1 处不同" in res.stderr
    assert "R4 差异系数：报告 0.999" in res.stderr
