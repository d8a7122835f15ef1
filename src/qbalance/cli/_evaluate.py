"""``qbalance evaluate``: evaluate one or more counties and report the verdict."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qbalance._messages import message, text
from qbalance._progress import enabled as progress_enabled
from qbalance._progress import progress_bar
from qbalance.cli._lang import add_lang, add_quiet, check_out, stderr, tr, written
from qbalance.errors import DataError, QBalanceError
from qbalance.vocab import Lang

if TYPE_CHECKING:
    from qbalance.models import County
    from qbalance.standard import Standard

# The evaluation, readers and report are imported by the functions that use them, so
# that ``qbalance --help`` does not load them (see benchmarks/startup.py).

_SUFFIX = {"text": ".txt", "markdown": ".md", "html": ".html", "json": ".json",
           "xlsx": ".xlsx", "pdf": ".pdf"}

_EPILOG_EN = """\
SCHOOLS_FILE is a county file (TOML, JSON or YAML, with a `schools` list) or a
schools table (CSV, .xlsx or .xls, one row per school, English keys or Chinese headers:
see `qbalance template`).  A table needs the county's name and year: give them in
a county file with --county (also the place for the county-level facts) or with
--name / --year.

With several files, progress is shown on stderr and --out must be a directory
that receives one report per county.

exit status: 0 every county passes, 1 a county does not pass (or cannot be
recognised because data is missing: outcome "incomplete"), 2 bad input or usage
(every problem of the input is listed on stderr)."""

_EPILOG_ZH = """\
学校数据文件可以是县数据文件（TOML、JSON 或 YAML，含 `schools` 学校列表），也可以是
学校表（CSV、.xlsx 或 .xls，每行一所学校，表头用中文或英文键名，见 `qbalance template`）。
学校表还需要县名和年度：用 --county 给出县数据文件（县级指标也写在那里），或用
--name / --year 给出。

给出多个文件时，进度显示在标准错误输出上，--out 必须是目录，每个县写一份报告。

退出状态：0 全部达标，1 有县未达标（或因缺少数据无法认定：结论“材料不全”），
2 输入有误或用法错误（输入中的每一处问题都列在标准错误输出上）。"""


def register(sub: Any) -> None:
    """Add the ``evaluate`` subcommand to ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "evaluate",
        help=tr("评估一个县（四个方面和不予认定情形），输出或写入评估报告",
                "evaluate a county (all four areas and the vetoes) and print or write "
                "the report"),
        description=tr("按评估标准评估一个县的学校（义务教育优质均衡发展督导评估）。",
                       "Evaluate a county's schools against a standard "
                       "(义务教育优质均衡发展督导评估)."),
        epilog=tr(_EPILOG_ZH, _EPILOG_EN), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("schools_files", nargs="*", metavar=tr("学校数据文件", "SCHOOLS_FILE"),
                   help=tr("县数据文件（TOML/JSON/YAML）或学校表（CSV/.xlsx/.xls）",
                           "county file (TOML/JSON/YAML) or schools table (CSV/.xlsx/.xls)"))
    p.add_argument("--example", action="store_true",
                   help=tr("使用自带的构造示例县", "use the bundled constructed example county"))
    p.add_argument("--county", metavar=tr("县数据文件", "COUNTY_FILE"),
                   help=tr("县级数据（县名、年度、政府保障程度、教育质量、社会认可度、"
                           "不予认定情形），TOML/JSON/YAML 格式",
                           "county-level facts (name, year, guarantee, quality, survey, "
                           "vetoes) as TOML/JSON/YAML"))
    p.add_argument("--standard", default="national-2017", metavar="ID|FILE",
                   help=tr("自带标准的编号或标准文件（默认 national-2017；见 "
                           "`qbalance standards`）",
                           "shipped standard id or a standard file (default: national-2017; "
                           "see `qbalance standards`)"))
    p.add_argument("--format", choices=("text", "markdown", "html", "json", "xlsx", "pdf"),
                   default=None, dest="fmt",
                   help=tr("输出格式（默认按 --out 的扩展名，否则为纯文本）；xlsx 为 Excel "
                           "工作簿，其中的数字都是可追溯的公式；pdf 为用无界面 Chromium 打印成 "
                           "A4 的 HTML 报告（二者都需要 --out）",
                           "output format (default: from the --out suffix, else text); xlsx "
                           "is an Excel workbook whose figures are live formulas, pdf the "
                           "HTML report printed on A4 by headless Chromium (both need --out)"))
    p.add_argument("--out", metavar=tr("路径", "PATH"),
                   help=tr("把报告写到这里（给出多个文件时为目录）；默认输出到标准输出",
                           "write the report here (a directory when several files are "
                           "given); default: standard output"))
    add_lang(p, "报告语言：zh 中文（默认，或由 QBALANCE_LANG 设定）、en 英文",
             "report language: zh Chinese (default, or set by QBALANCE_LANG), en English")
    p.add_argument("--name", metavar=tr("县名", "NAME"), help=tr("县名（覆盖县数据文件中的县名）",
                                     "county name (overrides the county file)"))
    p.add_argument("--year", type=int, metavar=tr("年度", "YEAR"), help=tr("数据所属学年（覆盖县数据文件中的年度）",
                                               "school year of the data (overrides the "
                                               "county file)"))
    p.add_argument("--sheet", metavar=tr("工作表", "SHEET"), help=tr(".xlsx 工作簿中的工作表（名称或从 0 起的序号）",
                                      "sheet of an .xlsx workbook (name or 0-based number)"))
    p.add_argument("--columns", metavar=tr("表头对照文件", "MAPPING_FILE"),
                   help=tr("TOML/JSON/YAML 文件，把你的表头对应到 qbalance 的列键名"
                           "（表头 = \"键名\"；表头 = \"\" 表示忽略该列）",
                           "TOML/JSON/YAML file mapping your sheet's headers to qbalance's "
                           "column keys (header = \"key\"; header = \"\" ignores a column)"))
    p.add_argument("--audit", metavar=tr("报告数据文件", "CLAIMS_FILE"),
                   help=tr("同时核查该县已发布报告中的数字（报告数据文件，或自带示例名），"
                           "并把核查发现写进报告",
                           "also audit the claims of the county's published report (a claims "
                           "file, or a shipped example name) and add the findings to the "
                           "report"))
    p.add_argument("--no-plots", action="store_true",
                   help=tr("HTML 报告不嵌入图表，用 --out 写 Markdown 报告时不另存 PNG 图",
                           "leave the figures out of HTML reports (embedded) and Markdown "
                           "reports written with --out (PNG files next to the report)"))
    add_quiet(p)
    p.set_defaults(run=run)


def evaluate(county: County, standard: Standard) -> Any:
    """The evaluation the command runs on one county: all four areas and the vetoes."""
    from qbalance.evaluate.county import evaluate_county

    return evaluate_county(county, standard)


def _columns(args: argparse.Namespace) -> dict[str, str | None] | None:
    from qbalance.io import load_county_facts

    if not args.columns:
        return None
    data = load_county_facts(args.columns)
    out: dict[str, str | None] = {}
    for header, key in data.items():
        if key is not None and not isinstance(key, str):
            raise DataError(message("cli.columns_key", path=str(args.columns), header=header,
                                    key=key), field=str(header), value=key)
        out[str(header)] = key or None
    return out


def _load(path: Path | None, args: argparse.Namespace) -> County:
    from qbalance.examples import example_path
    from qbalance.io import load_county

    sheet: str | int | None = args.sheet
    if isinstance(sheet, str) and sheet.isdigit():
        sheet = int(sheet)
    return load_county(example_path() if path is None else path, county=args.county,
                       name=args.name, year=args.year, sheet=sheet, columns=_columns(args))


def _fmt_for(args: argparse.Namespace, out: Path | None) -> str:
    if args.fmt:
        return str(args.fmt)
    if out is not None and not out.is_dir():
        return {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
                ".json": "json", ".xlsx": "xlsx", ".pdf": "pdf"}.get(out.suffix.lower(), "text")
    return "text"


def _emit(result: Any, fmt: str, out: Path | None, args: argparse.Namespace,
          audit: Any = None, *, county: County | None = None,
          standard: Standard | None = None, inputs: list[Path] | None = None) -> None:
    from qbalance.report import ReportInfo, file_digests, render, write_report

    if fmt == "xlsx":
        from qbalance.report_xlsx import write_workbook

        assert out is not None and county is not None
        write_workbook(result, out, county=county, standard=standard, lang=args.lang,
                       inputs=file_digests(inputs or []))
        return
    info = ReportInfo(standard=standard, inputs=file_digests(inputs or []))
    if out is None:
        sys.stdout.write(render(result, fmt, lang=args.lang, plots=not args.no_plots,
                                audit=audit, info=info))
    else:
        write_report(result, out, fmt=fmt, lang=args.lang, plots=not args.no_plots,
                     audit=audit, info=info)


def _inputs(path: Path | None, args: argparse.Namespace) -> list[Path]:
    """The files a county was read from: the schools file, the county file, the mapping."""
    from qbalance.examples import example_path

    found = [example_path() if path is None else path]
    found += [Path(f) for f in (args.county, args.columns) if f]
    return found


def _audit(args: argparse.Namespace, standard: Standard) -> Any:
    if not args.audit:
        return None
    from qbalance.audit.checks import audit

    return audit(args.audit, standard=standard)


def _against_county(args: argparse.Namespace, result: Any) -> None:
    """Print (stderr) the report's figures that differ from the county's own data."""
    from qbalance.audit.against import compare_with_county
    from qbalance.audit.claims import available_claim_examples, example_claims, load_claims

    name = str(args.audit)
    claims = (example_claims(name) if name in available_claim_examples()
              else load_claims(Path(name)))
    diffs = compare_with_county(claims, result)
    stderr(text("cli.evaluate.against_head", args.lang, n=len(diffs)))
    for d in diffs:
        stderr("  " + d.text(args.lang))


def _warn(result: Any, lang: Lang, where: str = "") -> None:
    """Print (stderr) the result's warnings about likely unit slips, one line each."""
    res = getattr(result, "resources", result)
    for w in getattr(res, "warnings", ()):
        stderr(text("cli.note", lang, text=where + w.text(lang)))


def _verdict(result: Any, lang: Lang) -> str:
    outcome = getattr(result, "outcome", None)
    if outcome is not None:
        return str(outcome.zh if lang == "zh" else outcome.en)
    ok = bool(result.passed)
    return ("✓ 达标" if ok else "✗ 未达标") if lang == "zh" else ("✓ passes" if ok else "✗ fails")


def _conclusion(result: Any, lang: Lang) -> str:
    """The verdict word of the ``已写入 FILE；结论：…`` line."""
    outcome = getattr(result, "outcome", None)
    if outcome is not None and lang == "zh":
        return str(outcome.zh)
    if outcome is not None and outcome.value == "incomplete":
        return "incomplete"
    return text("cli.verdict.pass" if result.passed else "cli.verdict.fail", lang)


def _safe_name(name: str) -> str:
    """An output file name that does not start with ``-`` (it would read as an option)."""
    return name.lstrip("-") or "county"


def run(args: argparse.Namespace) -> int:
    """Run ``qbalance evaluate``."""
    from qbalance.standard import load_standard

    lang = args.lang
    files = [Path(f) for f in args.schools_files]
    if args.example == bool(files):
        stderr(text("cli.evaluate.files_or_example", lang))
        return 2
    check_out(args.out)
    standard = load_standard(args.standard)
    out = Path(args.out) if args.out else None
    if args.audit and _fmt_for(args, out) == "json":
        stderr(text("cli.evaluate.audit_json", lang))
        return 2
    binary = _fmt_for(args, out)
    if binary in ("xlsx", "pdf") and (out is None or (len(files) <= 1 and out.is_dir())):
        stderr(text("cli.evaluate.binary_out", lang, fmt=binary))
        return 2
    if len(files) <= 1:
        county = _load(files[0] if files else None, args)
        result = evaluate(county, standard)
        _warn(result, lang)
        _emit(result, _fmt_for(args, out), out, args, _audit(args, standard), county=county,
              standard=standard, inputs=_inputs(files[0] if files else None, args))
        if args.audit:
            _against_county(args, result)
        if out is not None:
            print(written(out, _conclusion(result, lang)))
        return 0 if result.passed else 1

    if args.audit:
        stderr(text("cli.evaluate.audit_one", lang))
        return 2
    if out is not None:
        if out.exists() and not out.is_dir():
            stderr(text("cli.evaluate.out_not_dir", lang, path=str(out)))
            return 2
        out.mkdir(parents=True, exist_ok=True)
    fmt = str(args.fmt) if args.fmt else "text"
    stems = [f.stem for f in files]
    names = [f"{f.parent.name}-{f.stem}" if stems.count(f.stem) > 1 else f.stem for f in files]
    names = [_safe_name(nm) for nm in names]
    clash = {nm for nm in names if names.count(nm) > 1}  # same folder name too: number them
    names = [f"{nm}-{k + 1}" if nm in clash else nm for k, nm in enumerate(names)]
    n, failed, bad = len(files), 0, 0
    bar_on = progress_enabled()
    with progress_bar(n, text("cli.evaluate.progress", lang)) as bar:
        for k, path in enumerate(files, start=1):
            try:
                county = _load(path, args)
                result = evaluate(county, standard)
            except QBalanceError as exc:
                bad += 1
                stderr(text("cli.evaluate.file_error", lang, k=k, n=n, path=str(path),
                            text=exc.render(lang)))
                bar.update(note=path.name)
                continue
            failed += not result.passed
            _warn(result, lang, f"{path}：" if lang == "zh" else f"{path}: ")
            target = None if out is None else out / (names[k - 1] + _SUFFIX[fmt])
            if target is not None:
                _emit(result, fmt, target, args, county=county, standard=standard,
                      inputs=_inputs(path, args))
            else:
                print(f"{path}\t{result.county}\t{result.year}\t{_verdict(result, lang)}")
            bar.update(note=path.name)
            if not args.quiet and not bar_on:
                where = f" → {target}" if target is not None else ""
                stderr(text("cli.evaluate.file_done", lang, k=k, n=n, path=str(path),
                            verdict=_verdict(result, lang), where=where))
    if not args.quiet:
        stderr(text("cli.evaluate.files_summary", lang, n=n, ok=n - failed - bad,
                    failed=failed, bad=bad))
    if out is not None:
        print(written(out, text("cli.evaluate.files_verdict", lang, n=n, ok=n - failed - bad,
                                failed=failed, bad=bad)))
    return 2 if bad else (1 if failed else 0)
