"""The HTML report opened in a real headless browser (Chromium)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import qbalance
from qbalance.report import render_html

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def _browser() -> str | None:
    env = os.environ.get("QBALANCE_BROWSER")
    if env:
        return env
    return next((p for p in map(shutil.which, BROWSERS) if p), None)


BROWSER = _browser()
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no headless browser found (install Debian's chromium, or set QBALANCE_BROWSER)")

# Counts what the browser really rendered, into <body data-…> so --dump-dom shows it.
PROBE = """<script>
window.addEventListener('load', () => {
  const imgs = [...document.images];
  document.body.dataset.images = imgs.length;
  document.body.dataset.decoded = imgs.filter(i => i.complete && i.naturalWidth > 300).length;
  document.body.dataset.tables = document.querySelectorAll('table').length;
  document.body.dataset.rows = document.querySelectorAll('tbody tr').length;
  document.body.dataset.width = document.documentElement.scrollWidth;
});
</script></body>"""


def _run(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    cmd = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def test_html_report_renders_in_chromium(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    result = qbalance.evaluate_county(qbalance.example_county())
    page = render_html(result, audit=qbalance.audit("midu")).replace("</body>", PROBE)
    report = tmp_path / "report.html"
    report.write_text(page, "utf-8")
    out = _run(["--virtual-time-budget=5000", "--dump-dom", report.as_uri()],
               tmp_path / "profile-dom")
    assert out.returncode == 0, out.stderr[-2000:]
    dom = out.stdout
    body = re.search(r"<body([^>]*)>", dom)
    assert body is not None, dom[:500]
    attrs = dict(re.findall(r'data-(\w+)="(\d+)"', body.group(1)))
    assert attrs["images"] == "3" and attrs["decoded"] == "3", attrs
    n_rows = sum(len(s.indicators) for s in result.resources.segments) + len(result.checks)
    assert int(attrs["tables"]) >= 10 and int(attrs["rows"]) > n_rows
    assert "石门村小学" in dom and "示例县 义务教育优质均衡发展督导评估报告" in dom
    assert "优质高中招生名额分配比例" in dom and "核查发现" in dom
    shot = tmp_path / "shot.png"
    out = _run([f"--screenshot={shot}", "--window-size=1200,2000", report.as_uri()],
               tmp_path / "profile-shot")
    assert out.returncode == 0, out.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
