"""html_to_pdf: a browser that times out is reported in the session language (no English
exception text inside Chinese)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from qbalance import QBalanceError
from qbalance import report


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_timed_out_browser_is_reported_in_the_session_language(
        lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "r.html"
    page.write_text("<html></html>", encoding="utf-8")
    monkeypatch.setattr(report, "find_browser", lambda: "chromium")

    def slow(cmd: Any, **kw: Any) -> Any:
        raise subprocess.TimeoutExpired(cmd, kw["timeout"])

    monkeypatch.setattr(subprocess, "run", slow)
    with pytest.raises(QBalanceError) as info:
        report.html_to_pdf(page, tmp_path / "r.pdf", lang=lang, timeout=7)  # type: ignore[arg-type]
    text = str(info.value)
    if lang == "zh":
        assert "7 秒内未能生成 PDF" in text and not re.search(r"[a-z]{3,}", text.replace("chromium", ""))
    else:
        assert "did not print the PDF within 7 s" in text and not re.search(r"[\u4e00-\u9fff]", text)
