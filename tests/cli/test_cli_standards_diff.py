"""``qbalance standards --diff`` shows the new kinds of rules (issue 14): relaxations by
condition and effect, added terms, consistency checks, split weights of attached
classes, in Chinese by default and in English on request."""

from __future__ import annotations

import re
from pathlib import Path

from qbalance.cli._standards import diff_text


def test_diff_prints_relaxations_by_condition_and_effect() -> None:
    zh = diff_text("national-2017", "national-2019-guideline")
    assert "若 year_built <= 2016：音乐室≥73㎡，美术室≥67㎡" in zh
    assert "若 over_dense_urban：加计 leased_sports_area_m2" in zh
    assert "九年一贯制学校≤3000" in zh and "更宽" in zh
    en = diff_text("national-2017", "national-2019-guideline", "en")
    assert "if year_built <= 2016: music ≥ 73 m², art ≥ 67 m²" in en and "looser" in en


def test_diff_prints_consistency_checks_and_final_accounts() -> None:
    zh = diff_text("national-2017", "platform-practice")
    assert ("degree_counts: teachers_postgraduate + teachers_benke + teachers_zhuanke "
            "<= full_time_teachers") in zh
    line = next(x for x in zh.splitlines() if x.startswith("quality.training_budget_bases"))
    assert "预算、决算" in line and "更严" in line and "§2" in line
    # values in Chinese (the cited sources keep their own wording)
    assert "final_accounts" not in line.split("§2")[0]
    ln = diff_text("national-2017", "liaoning-shenyang-2024")
    row = next(x for x in ln.splitlines() if x.startswith("guarantee.special_funds_regular"))
    assert re.search(r"\s否\s+是\s", row) and "True" not in ln and "False" not in ln


def test_diff_prints_an_attached_kindergarten_weight(tmp_path: Path) -> None:
    f = tmp_path / "kg.toml"
    f.write_text('id = "kg"\nbased_on = "national-2017"\nname_zh = "幼儿班折算（测试）"\n'
                 'name_en = "kindergarten weight (test)"\nsource = "test"\n'
                 '[provenance]\n"split.primary" = "某省 附件2"\n'
                 '[split.primary]\nprimary = 1.0\nkindergarten = 0.8\n', encoding="utf-8")
    zh = diff_text("national-2017", str(f))
    line = next(x for x in zh.splitlines() if x.startswith("split.primary.kindergarten"))
    assert "0.8" in line and "某省 附件2" in line
