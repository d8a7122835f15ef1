"""The checks that refuse a tampered result file are catalogue messages (issue 17): each
has a stable code (``result.check.…``), renders in one language, Chinese by default."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import qbalance
from qbalance import DataError, evaluate_resources, example_county, use_lang
from qbalance._messages import EN, ZH
from qbalance.io import load_result, save_result

RESULT = evaluate_resources(example_county())
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
WORD = re.compile(r"[A-Za-z]{2,}")


def _seg0(d: dict[str, Any]) -> dict[str, Any]:
    return d["result"]["segments"][0]


def _r_pupils(d: dict[str, Any]) -> None:
    _seg0(d)["pupils"] += 1


def _r_composite(d: dict[str, Any]) -> None:
    _seg0(d)["composite_cv"] *= 0.9


def _r_mean(d: dict[str, Any]) -> None:
    _seg0(d)["indicators"][1]["mean"] *= 1.5


def _r_cv(d: dict[str, Any]) -> None:
    _seg0(d)["indicators"][2]["cv"] = 0.01


def _r_met(d: dict[str, Any]) -> None:
    s = _seg0(d)["schools"][0]
    s["met"][0] = not s["met"][0]


def _r_schools_met(d: dict[str, Any]) -> None:
    _seg0(d)["indicators"][4]["schools_met"] += 1


def _r_share(d: dict[str, Any]) -> None:
    _seg0(d)["schools"][0]["share"] = 1.5


def _a_agrees(d: dict[str, Any]) -> None:
    c = next(c for c in d["result"]["claims"] if c["verdict_agrees"] is False)
    c["verdict_agrees"] = True


def _b_cv(d: dict[str, Any]) -> None:
    d["result"]["cv"][1][0][2] *= 1.01


def _b_count(d: dict[str, Any]) -> None:
    d["result"]["n_schools"][1][0] += 1


def _b_negative(d: dict[str, Any]) -> None:
    d["result"]["school_values"][0][0] = -1.0


def _batch() -> Any:
    from qbalance.synth import synthetic_columns

    return qbalance.evaluate_batch(synthetic_columns(600, n_counties=4, seed=3))


CASES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("resources", _r_pupils, "result.check.segment_pupils"),
    ("resources", _r_composite, "result.check.composite_mean_of"),
    ("resources", _r_mean, "result.check.weighted_mean"),
    ("resources", _r_cv, "result.check.cv_ratio_of"),
    ("resources", _r_met, "result.check.met"),
    ("resources", _r_schools_met, "result.check.schools_met"),
    ("resources", _r_share, "result.check.share_above_one"),
    ("audit", _a_agrees, "result.check.verdict_agrees"),
    ("batch", _b_cv, "result.check.cv_ratio"),
    ("batch", _b_count, "result.check.n_schools_rows"),
    ("batch", _b_negative, "result.check.not_finite_non_negative"),
]


def _refusal(tmp_path: Path, kind: str, tamper: Callable[[dict[str, Any]], None]) -> DataError:
    result = {"resources": lambda: RESULT, "audit": lambda: qbalance.audit("midu"),
              "batch": _batch}[kind]()
    p = save_result(result, tmp_path / "r.json")
    d = json.loads(p.read_text("utf-8"))
    tamper(d)
    p.write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    with pytest.raises(DataError) as info:
        load_result(p)
    return info.value


@pytest.mark.parametrize(("kind", "tamper", "code"), CASES,
                         ids=[c[2].rsplit(".", 1)[1] for c in CASES])
def test_a_refusal_has_a_stable_code_and_one_language(tmp_path: Path, kind: str,
                                                      tamper: Callable[[dict[str, Any]], None],
                                                      code: str) -> None:
    err = _refusal(tmp_path, kind, tamper)
    check = err.params["text"]
    assert err.code == "result.tampered" and check.code == code
    for lang in ("zh", "en"):
        with use_lang(lang):  # the code is the same whatever the language
            assert err.code == "result.tampered" and err.params["text"].code == code
    zh, en = check.render("zh"), check.render("en")
    assert CJK.search(zh) and not WORD.search(zh), zh  # Chinese words only (numbers aside)
    assert not CJK.search(en) and WORD.search(en), en
    full_zh, full_en = err.render("zh"), err.render("en")
    assert full_zh.endswith("（结果文件被改动或已损坏）") and zh in full_zh
    assert not CJK.search(full_en.replace(str(err.field), "")), full_en
    assert str(err) == full_zh  # Chinese by default
    with use_lang("en"):
        assert str(err) == full_en


def test_the_check_texts_follow_the_catalogue_rules() -> None:
    checks = [c for c in ZH if c.startswith("result.check.")]
    assert len(checks) > 50 and all(c in EN for c in checks)
    for c in checks:
        assert " / " not in ZH[c] and not CJK.search(EN[c]), c  # one language each
        assert not re.search(r"[(),:;]", re.sub(r"\(0, 1\]|\{[^}]*\}", "", ZH[c])), ZH[c]
