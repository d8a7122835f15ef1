"""The HTML report opened in a real headless browser (Chromium)."""

from __future__ import annotations

import html
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


# Measures, in the page itself, that the report's CJK text renders with real glyphs:
# two CJK glyphs are drawn differently from each other and from the missing-glyph box (tofu)
# that a code point no font has (U+10FFFD, private use) gets.
GLYPHS = """<script>
window.addEventListener('load', () => {
  const d = document.body.dataset;
  const font = getComputedStyle(document.body).fontFamily;
  const span = (text) => {
    const s = document.createElement('span');
    s.style.cssText = 'font-size:40px;position:absolute;white-space:nowrap;font-family:' + font;
    s.textContent = text; document.body.appendChild(s);
    const w = s.getBoundingClientRect().width; s.remove(); return w;
  };
  d.cjk = Math.round(span('优质均衡差异系数') * 10);
  d.tofu = Math.round(span('\\u{10FFFD}'.repeat(8)) * 10);
  const pix = (ch) => {
    const c = document.createElement('canvas'); c.width = c.height = 48;
    const g = c.getContext('2d'); g.font = '40px ' + font; g.fillText(ch, 2, 40);
    return Array.from(g.getImageData(0, 0, 48, 48).data).join(',');
  };
  d.distinct = new Set(['中', '学', '\\u{10FFFD}'].map(pix)).size;
  const banner = document.querySelector('.banner');
  d.banner = banner ? banner.querySelector('strong').textContent : '';
  d.bannertop = banner ? Math.round(banner.getBoundingClientRect().top) : -1;
  const annex = document.querySelectorAll('table.annex');
  d.annextables = annex.length;
  d.annexrows = [...annex].reduce((n, t) => n + t.tBodies[0].rows.length, 0);
  d.align = getComputedStyle(document.querySelector('td')).textAlign;
});
</script></body>"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_banner_annex_and_cjk_glyphs_in_chromium(tmp_path: Path, lang: str) -> None:
    result = qbalance.evaluate_county(qbalance.example_county())
    page = render_html(result, lang=lang, plots=False).replace("</body>", GLYPHS)
    report = tmp_path / f"report-{lang}.html"
    report.write_text(page, "utf-8")
    out = _run(["--virtual-time-budget=5000", "--dump-dom", report.as_uri()],
               tmp_path / "profile")
    assert out.returncode == 0, out.stderr[-2000:]
    body = re.search(r"<body([^>]*)>", out.stdout)
    assert body is not None
    data = {k: html.unescape(v) for k, v in re.findall(r'data-(\w+)="([^"]*)"', body.group(1))}
    assert data["banner"] == ("结论：✗ 未达标" if lang == "zh" else "Verdict: ✗ FAILED"), data
    assert 0 < int(data["bannertop"]) < 400  # at the top of the page
    assert int(data["annextables"]) == 2
    assert int(data["annexrows"]) == sum(len(s.schools) for s in result.resources.segments)
    # eight CJK glyphs at 40px are eight ems wide; 中 and 学 are drawn as two different
    # glyphs, neither of them the missing-glyph box (tofu would draw them alike)
    assert abs(int(data["cjk"]) / 10 - 8 * 40) <= 2, data
    assert data["distinct"] == "3", data
    assert data["align"] == "left"


def _page_one_png(pdf: Path, png: Path) -> None:
    """Render page 1 of ``pdf`` to ``png``: pdfium (through pdfplumber) or poppler's pdftoppm."""
    try:
        import pdfplumber
    except ImportError:
        pdfplumber = None
    if pdfplumber is not None:
        with pdfplumber.open(pdf) as doc:
            doc.pages[0].to_image(resolution=100).save(png)
        return
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("no PDF renderer (pdfplumber or poppler's pdftoppm) to check the PDF")
    subprocess.run([tool, "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(png.with_suffix(""))], check=True, timeout=120)


def test_pdf_report_page_one_renders(tmp_path: Path) -> None:
    from qbalance.cli import main

    pdf = tmp_path / "报告.pdf"
    env_before = os.environ.get("QBALANCE_BROWSER")
    os.environ["QBALANCE_BROWSER"] = str(BROWSER)
    try:
        assert main(["evaluate", "--example", "--no-plots", "--out", str(pdf)]) == 1
    finally:
        if env_before is None:
            os.environ.pop("QBALANCE_BROWSER", None)
        else:
            os.environ["QBALANCE_BROWSER"] = env_before
    assert pdf.read_bytes()[:5] == b"%PDF-"
    png = tmp_path / "page1.png"
    _page_one_png(pdf, png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # an A4 page, with text and the red banner drawn on it (not blank)
    image = pytest.importorskip("PIL.Image").open(png).convert("RGB")
    w, h = image.size
    assert abs(w / h - 210 / 297) < 0.01, (w, h)
    import numpy as np

    px = np.asarray(image, dtype=np.int64)
    ink = float((px.sum(axis=2) < 600).mean())
    r, g, b = px[..., 0], px[..., 1], px[..., 2]
    banner = int(((r > 240) & (g > 220) & (g < 245) & (b > 220) & (b < 245)).sum())
    assert ink > 0.01 and banner > 1000, (ink, banner)
    pdfplumber = pytest.importorskip("pdfplumber")
    import unicodedata

    def norm(t: str) -> str:  # the PDF's text uses CJK radicals (⽣ for 生): NFKC folds them
        return unicodedata.normalize("NFKC", t).strip()

    with pdfplumber.open(pdf) as doc:
        first = doc.pages[0]
        text = first.extract_text()
        fonts = {c["fontname"] for c in first.chars if "\u4e00" <= c["text"] <= "\u9fff"}
        last = doc.pages[-1].extract_text()
        n = len(doc.pages)
        page_ends = []
        for page in doc.pages:
            lines = [norm(x) for x in (page.extract_text() or "").splitlines() if x.strip()]
            body = [x for x in lines if not re.fullmatch(r"第 \d+ [页⻚],共 \d+ [页⻚]", x)]
            assert len(body) == len(lines) - 1, lines[-2:]  # the page number line went
            page_ends.append(body[-1] if body else "")
    # no heading is left alone at the foot of a page
    page = render_html(qbalance.evaluate_county(qbalance.example_county()), plots=False)
    headings = {norm(html.unescape(re.sub("<[^>]+>", "", h)))
                for h in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", page)}
    assert len(headings) > 10 and n >= 3
    assert not [e for e in page_ends if e in headings], page_ends
    assert "结论：✗ 未达标" in text and "评估信息" in text and "SHA-256" in text
    assert fonts and all("CJK" in f or "Han" in f or "Hei" in f for f in fonts), fonts
    assert f"第 1 页，共 {n} 页" in text.replace("⻚", "页")
    assert f"第 {n} 页，共 {n} 页" in last.replace("⻚", "页")
