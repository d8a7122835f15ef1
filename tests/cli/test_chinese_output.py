"""Chinese first on the command line (issue 17), checked the way a reviewer reads it:
every command's Chinese output (help, reports, errors) holds no English word outside a
small allow-list (ids, units, file names, format and standard ids, option names), and
every English output holds no Chinese except what comes from the data (school and county
names, titles and quotes of the documents); no command prints a traceback and each exits
with its documented status (0/1/2).

Commands are run in-process through :func:`qbalance.cli.main` (the same code path as the
``qbalance`` script, without a subprocess per command).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from qbalance.cli import COMMANDS, main
from qbalance.examples import example_path, example_table_path

DATA = Path(__file__).resolve().parents[2] / "src" / "qbalance" / "data"

# ASCII words a Chinese output may contain: format, file and standard ids, abbreviations
# used in Chinese as they are, the names of the commands and of the shipped examples.
ALLOW = {
    *COMMANDS, "qbalance", "zh", "en", "text", "markdown", "html", "json", "xlsx", "pdf",
    "csv", "toml", "yaml", "txt", "docx", "parquet", "arrow", "md", "png", "TOML", "JSON",
    "YAML", "Markdown", "PNG", "CSV", "PDF", "HTML", "Excel", "Chromium", "UTF", "GBK", "ID", "FILE", "GDP",
    "QBALANCE_LANG", "national", "midu", "baoqing", "lianping", "pingyuan", "guangdong",
    "yunnan", "hebei", "heilongjiang", "revised", "liaoning", "shenyang", "basic", "balance",
    "platform", "practice", "county", "plan", "guideline", "id", "key",
}
WORD = re.compile(r"(?<![A-Za-z0-9_./\\-])[A-Za-z][A-Za-z_]{2,}(?![A-Za-z0-9_./-])")
# code-like spans: --options, `commands`, paths and file names
CODE = re.compile(r"--[a-z][a-z-]*|`[^`]*`|\S+\.(?:toml|csv|xlsx|json|txt|html|md|pdf)\b|/\S+"
                  r"|'[^'\n]*'|“[^”\n]*”")  # and the user's own values, quoted
CJK = re.compile(r"[\u4e00-\u9fff]+")


def english_words(out: str) -> set[str]:
    """The English words of ``out`` outside the allow-list and code-like spans."""
    return {w for w in WORD.findall(CODE.sub(" ", out)) if w not in ALLOW}


@pytest.fixture(scope="module")
def corpus() -> str:
    """Every Chinese text the commands below may quote from their data."""
    files = [*DATA.rglob("*.toml"), *DATA.rglob("*.csv"), example_path()]
    return "".join(p.read_text("utf-8-sig") for p in files)


def foreign_cjk(out: str, corpus: str) -> set[str]:
    """The Chinese runs of an English ``out`` that are not quoted from the data."""
    return {w for w in CJK.findall(out) if w not in corpus}


@pytest.fixture(autouse=True)
def _no_env_lang(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("QBALANCE_LANG", raising=False)
    yield


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    """Exit status and stdout + stderr of ``qbalance ARGS``."""
    try:
        rc = main([str(a) for a in args])
    except SystemExit as exc:  # --help and usage errors leave through argparse
        rc = int(exc.code or 0)
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    return rc, text


def _commands(tmp: Path) -> dict[str, tuple[int, list[str | Path]]]:
    """Name -> (expected exit status, arguments) of every command the walk runs."""
    table = example_table_path("csv")
    bad_toml = tmp / "bad.toml"
    if tmp.is_dir():  # (collection lists the names only)
        bad_toml.write_text('name = "x"\nyear = \n', "utf-8")
        (tmp / "no-id.csv").write_text("学校名称,学校类型\n甲校,小学\n", "utf-8")
        (tmp / "empty.csv").write_text("", "utf-8")
        (tmp / "report.txt").write_text("某县义务教育优质均衡发展自评报告\n", "utf-8")
        (tmp / "filled").mkdir()
        (tmp / "filled" / "county.toml").write_text("name = '我的县'\n", "utf-8")
    cmds: dict[str, tuple[int, list[str | Path]]] = {
        "help": (0, ["--help"]),
        **{f"{c}-help": (0, [c, "--help"]) for c in COMMANDS},
        "evaluate-text": (1, ["evaluate", "--example"]),
        "evaluate-markdown": (1, ["evaluate", "--example", "--format", "markdown"]),
        "evaluate-file": (1, ["evaluate", example_path()]),
        "evaluate-html-out": (1, ["evaluate", "--example", "--no-plots",
                                  "--out", tmp / "e.html"]),
        "evaluate-audit": (1, ["evaluate", "--example", "--audit", "midu"]),
        "audit-midu": (1, ["audit", "--example", "midu"]),
        "audit-list": (0, ["audit", "--list-examples"]),
        "template": (0, ["template", "--out", tmp / "tpl"]),
        "template-again": (2, ["template", "--out", tmp / "filled"]),
        "form": (0, ["form", "--example", "--out", tmp / "form.md"]),
        "bad-no-command": (2, []),
        "bad-option": (2, ["evaluate", "--frob"]),
        "bad-year": (2, ["evaluate", table, "--name", "某县", "--year", "abc"]),
        "bad-toml": (2, ["evaluate", bad_toml]),
        "bad-format": (2, ["evaluate", "--example", "--format", "docx"]),
        "bad-xlsx-no-out": (2, ["evaluate", "--example", "--format", "xlsx"]),
        "bad-audit-example": (2, ["audit", "--example", "nowhere"]),
        "bad-audit-no-arg": (2, ["audit"]),
        "bad-form-no-arg": (2, ["form"]),
        "bad-template-no-out": (2, ["template"]),
        "bad-batch-out": (2, ["batch", table, "--out", tmp / "x.txt"]),
        "bad-csv-no-id": (2, ["evaluate", tmp / "no-id.csv", "--name", "某县", "--year", "2024"]),
        "bad-csv-empty": (2, ["evaluate", tmp / "empty.csv", "--name", "某县", "--year", "2024"]),
        "bad-batch-kind": (2, ["batch", table, "--county-column", "学校类型"]),
        "bad-standard": (2, ["evaluate", "--example", "--standard", "mars"]),
        "bad-missing-file": (2, ["evaluate", tmp / "missing.toml"]),
        # other OS errors: the system's English strerror must not leak into Chinese
        "bad-path-through-file": (2, ["evaluate", tmp / "no-id.csv" / "county.toml"]),
        "bad-name-too-long": (2, ["evaluate", tmp / ("a" * 300 + ".toml")]),
        "bad-out-through-file": (2, ["extract", tmp / "report.txt",
                                     "--out", tmp / "no-id.csv" / "claims.toml"]),
    }
    return cmds


NAMES = sorted(_commands(Path("/nonexistent")).keys())
# Known gaps, each reported in the review notes; strict, so a fix makes them fail here
# and the mark has to go.
KNOWN_ZH: dict[str, str] = {}
# Commands that write an .xlsx (the template sheet) need the excel extra: without it they
# print the install hint, which names pip; they skip with the reason in a core-only run.
NEEDS_OPENPYXL = {"template"}


def _marks(name: str) -> list[pytest.MarkDecorator]:
    marks = [pytest.mark.requires_openpyxl] if name in NEEDS_OPENPYXL else []
    if name in KNOWN_ZH:
        marks.append(pytest.mark.xfail(reason=KNOWN_ZH[name], strict=True))
    return marks


@pytest.mark.parametrize("name", [pytest.param(n, marks=_marks(n)) for n in NAMES])
def test_chinese_output_has_no_english_word(name: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    want, args = _commands(tmp_path)[name]
    rc, out = run(capsys, *args)
    assert rc == want, out
    assert out.strip()
    assert not english_words(out), (name, sorted(english_words(out)), out[:2000])


@pytest.mark.parametrize("name", NAMES)
def test_english_output_has_no_chinese_outside_the_data(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], corpus: str) -> None:
    want, args = _commands(tmp_path)[name]
    rc, out = run(capsys, "--lang", "en", *args)
    assert rc == want, out
    bad = foreign_cjk(out, corpus)
    assert not bad, (name, sorted(bad), out[:2000])


def test_qbalance_lang_env_gives_english(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("QBALANCE_LANG", "en")
    rc, out = run(capsys, "batch", "--help")
    assert rc == 0 and "usage: qbalance batch" in out and "批量评估" not in out
    rc, out = run(capsys, "audit", "--example", "nowhere")
    assert rc == 2 and "no shipped claims" in out


def test_batch_help_is_translated(capsys: pytest.CaptureFixture[str]) -> None:
    """``batch`` had Chinese-only help (also under ``--lang en``) and English metavars
    (TABLE, PATH, NAME, N) in Chinese; the other commands had NAME, YEAR, SHEET, STANDARD."""
    _, zh = run(capsys, "batch", "--help")
    assert "学校表" in zh and "TABLE" not in zh and "PATH" not in zh and " N " not in zh
    _, en = run(capsys, "--lang", "en", "batch", "--help")
    assert "schools table" in en and "every county" in en and "每县" not in en
    for cmd in ("evaluate", "form", "audit"):
        _, zh = run(capsys, cmd, "--help")
        assert not {"NAME", "YEAR", "SHEET", "STANDARD"} & set(re.findall(r"[A-Z]+", zh)), cmd


REPORT = """青山县人民政府关于创建全国义务教育优质均衡发展县的自评报告
（二）政府保障程度
11. 全县每年交流轮岗教师的比例不低于符合交流条件教师总数的 10%。
【自评情况】全县符合交流轮岗条件教师总数 800 名，实际交流轮岗教师 90 名，交流轮岗教师占符合交流轮岗条件教师总数的比例为 11.3%。
【自评结论】达标
"""


def test_extract_writes_its_comment_in_the_session_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The claims file ``extract`` writes began with an English comment in Chinese."""
    report = tmp_path / "r.txt"
    report.write_text(REPORT, "utf-8")
    rc, out = run(capsys, "extract", report)
    assert rc == 0, out
    comment = [ln for ln in out.splitlines() if ln.startswith("#")]
    assert comment and not english_words("\n".join(comment)), comment
    assert "核查项" in comment[0]
    rc, out = run(capsys, "--lang", "en", "extract", report)
    comment = [ln for ln in out.splitlines() if ln.startswith("#")]
    assert rc == 0 and comment and "Claims proposed by" in comment[0]


@pytest.mark.requires_openpyxl
def test_template_says_what_it_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``template`` printed bare paths; like every ``--out`` it says 已写入 FILE."""
    rc, out = run(capsys, "template", "--out", tmp_path / "zh")
    lines = out.splitlines()
    assert rc == 0 and len(lines) >= 2 and all(ln.startswith("已写入 ") for ln in lines), out
    assert any(ln.endswith("county.toml") for ln in lines)
    rc, out = run(capsys, "--lang", "en", "template", "--out", tmp_path / "en")
    assert rc == 0 and all(ln.startswith("wrote ") for ln in out.splitlines()), out


def test_county_template_comments_are_chinese(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The county.toml that ``qbalance template`` writes (in Chinese by default) explained
    every field in English ("是否达标: The county declares the indicator met.  (required)")."""
    import tomllib

    rc, _ = run(capsys, "template", "--out", tmp_path / "zh")
    assert rc == 0
    text = (tmp_path / "zh" / "county.toml").read_text("utf-8")
    assert tomllib.loads(text) == {"name": "某县", "year": 2025}
    comments = [ln.split("  # ", 1)[1] if "  # " in ln else ln.lstrip("# ")
                for ln in text.splitlines()
                if ("  # " in ln or ln.startswith("#"))  # a comment, not a commented key
                and not ("  # " not in ln and re.match(r"# ([a-z_]+ = |\[)", ln))]
    assert len(comments) > 50
    found = {w for c in comments for w in english_words(c)}
    assert not found, sorted(found)
    assert "# met = true  # 是否达标（必填）" in text
    rc, _ = run(capsys, "--lang", "en", "template", "--out", tmp_path / "en")
    en = (tmp_path / "en" / "county.toml").read_text("utf-8")
    assert "The county declares the indicator met.  (required)" in en


# --- a bureau analyst's own messy sheets (the walk of issue 17 on fresh inputs) ---

HEAD = ["学校代码", "学校名称", "学校类型", "小学在校生数", "小学高于规定学历教师数",
        "小学县级及以上骨干教师数", "小学体育艺术专任教师数", "小学班级数", "小学专任教师数",
        "教学及辅助用房面积", "体育运动场馆面积", "教学仪器设备值", "网络多媒体教室数",
        "音乐专用教室面积", "美术专用教室面积", "建校年份", "是否乡村学校"]
ROWS = [["S01", "青山一小", "完全小学", 900, 60, 10, 9, 20, 50, 4600.5, 7500, 2300000, 22,
         "96", "90", 2018, "否"],
        ["S02", "青山村小", "村小", 120, 8, 2, 1, 6, 8, 700, 1000, 300000, 3, "96", "90",
         2019, "√"],
        ["S03", "青山教学点", "教学点", 40, 3, 1, 1, 3, 3, 240, 400, 100000, 1, "96", "90",
         2020, "是"],
        ["S04", "青山中学", "初级中学", "", "", "", "", "", "", 5000, 9000, 2600000, 20, "96",
         "90", 2017, "×"]]
JUNIOR = ["初中在校生数", "初中高于规定学历教师数", "初中县级及以上骨干教师数",
          "初中体育艺术专任教师数", "初中班级数", "初中专任教师数"]
JROWS = [["", "", "", "", "", ""]] * 3 + [[800, 60, 9, 8, 18, 66]]


def _bureau_xlsx(path: Path) -> Path:
    """An .xlsx as a bureau keeps it: a merged title row, the schools, a 合计 row."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "学校"
    ws.append(["青山县学校基本情况表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEAD))
    ws.append(HEAD + JUNIOR)
    rows = [r + j for r, j in zip(ROWS, JROWS, strict=True)]
    for r in rows:
        ws.append(r)
    ws.append(["合计", "", ""] + [sum(r[j] or 0 for r in rows) if j < 13 or j >= 17 else ""
                                  for j in range(3, 23)])
    wb.save(path)
    return path


@pytest.mark.requires_openpyxl
def test_totals_row_note_names_the_row_in_the_session_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The note on a skipped 合计 row read "青山县.xlsx [学校], row 7 (合计)：合计行…"
    in Chinese (the place was not translated like the problems' places are)."""
    book = _bureau_xlsx(tmp_path / "青山县.xlsx")
    rc, out = run(capsys, "evaluate", book, "--year", "2025")
    note = [ln for ln in out.splitlines() if "合计行与各校之和一致" in ln]
    assert rc in (0, 1) and note, out[:1500]
    assert "第 7 行（合计）" in note[0] and not english_words(note[0]), note
    rc, out = run(capsys, "--lang", "en", "evaluate", book, "--year", "2025")
    note = [ln for ln in out.splitlines() if "matches the sum" in ln]
    assert note and ", row 7 (合计): the 合计 row" in note[0], note


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("cmd", ["evaluate", "form"])
def test_help_names_every_schools_table_format_read(
        cmd: str, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``evaluate`` and ``form`` read .xls sheets too, but their help said 学校表（CSV/.xlsx）."""
    rc, out = run(capsys, "--lang", lang, cmd, "--help")
    assert rc == 0 and re.search(r"\.xls(?![a-z])", out), out
