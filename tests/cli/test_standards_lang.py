"""A standard's source, notes and provenance in the session language (issue 17).

``qbalance standards`` and ``qbalance standards --diff A B`` for every shipped
standard print no English prose in Chinese (the default), using the English-word
detector of the Chinese-output walk; the English output prints the English text.
The file format: a shipped file must give both languages (an error naming file and
field otherwise), a user's file may give Chinese only and then falls back to it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qbalance import SpecError, available_standards, compare_standards, load_standard
from qbalance.cli import main
from qbalance.standard import _check_shipped_texts

from .test_chinese_output import english_words

SHIPPED = list(available_standards())


@pytest.fixture(autouse=True)
def _no_env_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QBALANCE_LANG", raising=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return out.out + out.err


def test_standards_list_has_no_english_prose(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "standards")
    assert english_words(out) == set(), out
    for sid in SHIPPED:
        assert load_standard(sid).source_text("zh") in out


def test_standards_list_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "standards", "--lang", "en")
    assert "No Guangdong evaluation method found" in out
    for sid in SHIPPED:
        s = load_standard(sid)
        assert f"{sid}\t{s.name_en}\t{s.source_text('en')}" in out


def _pairs() -> list[tuple[str, str]]:
    pairs = [("national-2017", sid) for sid in SHIPPED if sid != "national-2017"]
    pairs += [(load_standard(sid).based_on or "national-2017", sid) for sid in SHIPPED
              if load_standard(sid).based_on not in (None, "national-2017")]
    pairs.append(("national-2019-guideline", "national-2017"))
    return pairs


def _prose(out: str, a: str, b: str) -> str:
    """``out`` without the rule paths and rule values (codes and data identifiers)."""
    from qbalance.standard import _rule_text

    codes = set()
    for d in compare_standards(load_standard(a), load_standard(b)):
        codes |= {d.path, _rule_text(d.base, "zh"), _rule_text(d.value, "zh")}
    for c in sorted(codes, key=len, reverse=True):
        out = out.replace(c, " ")
    return out


@pytest.mark.parametrize(("a", "b"), _pairs())
def test_diff_has_no_english_prose(a: str, b: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "standards", "--diff", a, b)
    assert english_words(_prose(out, a, b)) == set(), out
    en = _run(capsys, "standards", "--diff", a, b, "--lang", "en")
    assert load_standard(b).source_text("en") in en


def test_diff_cites_the_chinese_provenance(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "standards", "--diff", "national-2017", "liaoning-shenyang-2024")
    assert "沈阳市2024年评估平台（市级实践）：特殊教育学校生均经费 >= 8000 元" in out
    en = _run(capsys, "standards", "--diff", "national-2017", "liaoning-shenyang-2024",
              "--lang", "en")
    assert "Shenyang 2024 evaluation platform (city practice): special-school funds" in en


@pytest.mark.parametrize("sid", SHIPPED)
def test_every_shipped_standard_gives_both_languages(sid: str) -> None:
    s = load_standard(sid)
    assert s.source_en is not None and s.source_text("en") == s.source_en
    assert (s.notes_en is not None) == bool(s.notes)
    assert len(s.notes_text("en")) == len(s.notes_text("zh"))
    if s.provenance:
        assert s.provenance_en is not None and set(s.provenance_en) == set(s.provenance)
    for n in (s.source, *s.notes, *s.provenance.values()):
        # identifiers (itinerant_pe_art_teachers, ClassSizeFacts) and ceil/max are code
        words = {w for w in english_words(n) if "_" not in w and w not in ("ceil", "max")
                 and not re.fullmatch(r"(?:[A-Z][a-z]+){2,}", w)}
        assert words == set(), (sid, n)


def test_a_shipped_file_without_english_names_file_and_field() -> None:
    s = load_standard("hebei")
    with pytest.raises(SpecError) as exc:
        _check_shipped_texts(s.model_copy(update={"notes_en": None}), "hebei.toml")
    assert "hebei.toml" in exc.value.render("zh") and "notes_en" in exc.value.render("zh")
    with pytest.raises(SpecError) as exc:
        _check_shipped_texts(s.model_copy(update={"source_en": None}), "hebei.toml")
    assert "source_en" in exc.value.render("en")


def test_a_shipped_file_with_english_in_the_chinese_field_names_it() -> None:
    s = load_standard("hebei")
    notes = (s.notes[0], "Everything else repeats national-2017.", *s.notes[2:])
    with pytest.raises(SpecError) as exc:
        _check_shipped_texts(s.model_copy(update={"notes": notes}), "hebei.toml")
    assert "hebei.toml" in str(exc.value) and "notes[1]" in str(exc.value)


def _write(tmp_path: Path, extra: str) -> Path:
    f = tmp_path / "mine.toml"
    f.write_text('id = "mine"\nbased_on = "national-2017"\nname_zh = "某县目标"\n'
                 'name_en = "My county"\nsource = "某县实施方案"\n' + extra, "utf-8")
    return f


def test_a_users_file_may_give_chinese_only(tmp_path: Path) -> None:
    s = load_standard(_write(tmp_path, 'notes = ["只有中文"]\n[composite_cv_limit]\n'
                                       'primary = 0.35\n[provenance]\n'
                                       'composite_cv_limit = "某县实施方案 一(三)"\n'))
    assert s.source_en is None and s.notes_en is None and s.provenance_en is None
    assert s.source_text("en") == "某县实施方案"      # not national-2017's English
    assert s.notes_text("en") == ("只有中文",)
    assert s.source_of("composite_cv_limit.primary", "en") == "某县实施方案 一(三)"


def test_a_users_file_with_english_prints_it(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    f = _write(tmp_path, 'source_en = "County plan"\n[composite_cv_limit]\nprimary = 0.35\n'
                         '[provenance]\ncomposite_cv_limit = "某县实施方案 一(三)"\n'
                         '[provenance_en]\ncomposite_cv_limit = "County plan, 一(三)"\n')
    zh = _run(capsys, "standards", "--diff", "national-2017", str(f))
    assert "某县实施方案 一(三)" in zh and "County plan" not in zh
    en = _run(capsys, "standards", "--diff", "national-2017", str(f), "--lang", "en")
    assert "source: County plan" in en and "County plan, 一(三)" in en


@pytest.mark.parametrize(("extra", "field"), [
    ('notes = ["一", "二"]\nnotes_en = ["one"]\n', "notes_en"),
    ('[composite_cv_limit]\nprimary = 0.35\n[provenance]\ncomposite_cv_limit = "方案"\n'
     '[provenance_en]\nscope = "plan"\n', "provenance_en"),
])
def test_english_that_does_not_match_is_refused(tmp_path: Path, extra: str, field: str) -> None:
    with pytest.raises(SpecError) as exc:
        load_standard(_write(tmp_path, extra))
    assert "mine.toml" in exc.value.render("zh") and field in exc.value.render("zh")


def test_derive_with_a_new_source_drops_the_bases_english() -> None:
    s = load_standard("national-2017").derive("mine", source="某县方案")
    assert s.source_en is None and s.source_text("en") == "某县方案"
    kept = load_standard("national-2017").derive("mine2", name_zh="某县")
    assert kept.source_en == load_standard("national-2017").source_en
