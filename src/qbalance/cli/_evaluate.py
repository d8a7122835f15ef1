"""``qbalance evaluate``: evaluate one or more counties and report the verdict."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qbalance.errors import DataError, QBalanceError

if TYPE_CHECKING:
    from qbalance.models import County
    from qbalance.standard import Standard

# The evaluation, readers and report are imported by the functions that use them, so
# that ``qbalance --help`` does not load them (see benchmarks/startup.py).

_SUFFIX = {"text": ".txt", "markdown": ".md", "html": ".html", "json": ".json",
           "xlsx": ".xlsx", "pdf": ".pdf"}

_EPILOG = """\
SCHOOLS_FILE is a county file (TOML, JSON or YAML, with a `schools` list) or a
schools table (CSV or .xlsx, one row per school, English keys or Chinese headers:
see `qbalance template`).  A table needs the county's name and year: give them in
a county file with --county (also the place for the county-level facts) or with
--name / --year.

With several files, progress is shown on stderr and --out must be a directory
that receives one report per county.

exit status: 0 every county passes, 1 a county does not pass (or cannot be
recognised because data is missing: outcome "incomplete"), 2 bad input or usage
(every problem of the input is listed on stderr)."""


def register(sub: Any) -> None:
    """Add the ``evaluate`` subcommand to ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "evaluate", help="evaluate a county (all four areas and the vetoes) and print or write "
                         "the report",
        description="Evaluate a county's schools against a standard (义务教育优质均衡发展督导评估).",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("schools_files", nargs="*", metavar="SCHOOLS_FILE",
                   help="county file (TOML/JSON/YAML) or schools table (CSV/.xlsx)")
    p.add_argument("--example", action="store_true",
                   help="use the bundled constructed example county")
    p.add_argument("--county", metavar="COUNTY_FILE",
                   help="county-level facts (name, year, guarantee, quality, survey, vetoes) "
                        "as TOML/JSON/YAML")
    p.add_argument("--standard", default="national-2017", metavar="ID|FILE",
                   help="shipped standard id or a standard file (default: national-2017; "
                        "see `qbalance standards`)")
    p.add_argument("--format", choices=("text", "markdown", "html", "json", "xlsx", "pdf"),
                   default=None, dest="fmt",
                   help="output format (default: from the --out suffix, else text); xlsx is an "
                        "Excel workbook whose figures are live formulas, pdf the HTML report "
                        "printed on A4 by headless Chromium (both need --out)")
    p.add_argument("--out", metavar="PATH",
                   help="write the report here (a directory when several files are given); "
                        "default: standard output")
    p.add_argument("--lang", choices=("zh", "en"), default="zh",
                   help="report language (default: zh, Chinese)")
    p.add_argument("--name", help="county name (overrides the county file)")
    p.add_argument("--year", type=int, help="school year of the data (overrides the county file)")
    p.add_argument("--sheet", help="sheet of an .xlsx workbook (name or 0-based number)")
    p.add_argument("--columns", metavar="MAPPING_FILE",
                   help="TOML/JSON/YAML file mapping your sheet's headers to qbalance's column "
                        "keys (header = \"key\"; header = \"\" ignores a column)")
    p.add_argument("--audit", metavar="CLAIMS_FILE",
                   help="also audit the claims of the county's published report (a claims "
                        "file, or a shipped example name) and add the findings to the report")
    p.add_argument("--no-plots", action="store_true",
                   help="leave the figures out of HTML reports (embedded) and Markdown "
                        "reports written with --out (PNG files next to the report)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
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
            raise DataError(f"{args.columns}: {header!r} = {key!r}: give a column key as text, "
                            'or "" to ignore the column', field=str(header), value=key)
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


def _verdict(result: Any, lang: str) -> str:
    outcome = getattr(result, "outcome", None)
    if outcome is not None:
        return str(outcome.zh if lang == "zh" else outcome.en)
    ok = bool(result.passed)
    return ("✓ 达标" if ok else "✗ 未达标") if lang == "zh" else ("✓ passes" if ok else "✗ fails")


def run(args: argparse.Namespace) -> int:
    """Run ``qbalance evaluate``."""
    from qbalance.standard import load_standard

    files = [Path(f) for f in args.schools_files]
    if args.example == bool(files):
        print("qbalance evaluate: give SCHOOLS_FILE(s) or --example (not both)", file=sys.stderr)
        return 2
    standard = load_standard(args.standard)
    out = Path(args.out) if args.out else None
    if args.audit and _fmt_for(args, out) == "json":
        print("qbalance evaluate: --audit adds findings to text, Markdown and HTML reports; "
              "for JSON use `qbalance audit CLAIMS_FILE --format json`", file=sys.stderr)
        return 2
    binary = _fmt_for(args, out)
    if binary in ("xlsx", "pdf") and (out is None or (len(files) <= 1 and out.is_dir())):
        print(f"qbalance evaluate: --format {binary} writes a file: give --out FILE.{binary} "
              "(a directory with several files)", file=sys.stderr)
        return 2
    if len(files) <= 1:
        county = _load(files[0] if files else None, args)
        result = evaluate(county, standard)
        _emit(result, _fmt_for(args, out), out, args, _audit(args, standard), county=county,
              standard=standard, inputs=_inputs(files[0] if files else None, args))
        return 0 if result.passed else 1

    if args.audit:
        print("qbalance evaluate: --audit works with one county at a time", file=sys.stderr)
        return 2
    if out is not None:
        if out.exists() and not out.is_dir():
            print(f"qbalance evaluate: --out {out} must be a directory when several files "
                  "are given", file=sys.stderr)
            return 2
        out.mkdir(parents=True, exist_ok=True)
    fmt = str(args.fmt) if args.fmt else "text"
    stems = [f.stem for f in files]
    names = [f"{f.parent.name}-{f.stem}" if stems.count(f.stem) > 1 else f.stem for f in files]
    clash = {nm for nm in names if names.count(nm) > 1}  # same folder name too: number them
    names = [f"{nm}-{k + 1}" if nm in clash else nm for k, nm in enumerate(names)]
    n, failed, bad = len(files), 0, 0
    for k, path in enumerate(files, start=1):
        try:
            county = _load(path, args)
            result = evaluate(county, standard)
        except QBalanceError as exc:
            bad += 1
            print(f"[{k}/{n}] {path}: error: {exc}", file=sys.stderr)
            continue
        failed += not result.passed
        target = None if out is None else out / (names[k - 1] + _SUFFIX[fmt])
        if target is not None:
            _emit(result, fmt, target, args, county=county, standard=standard,
                  inputs=_inputs(path, args))
        else:
            print(f"{path}\t{result.county}\t{result.year}\t{_verdict(result, args.lang)}")
        if not args.quiet:
            where = f" → {target}" if target is not None else ""
            print(f"[{k}/{n}] {path}: {_verdict(result, args.lang)}{where}", file=sys.stderr)
    if not args.quiet:
        print(f"{n} files: {n - failed - bad} pass, {failed} fail, {bad} bad input",
              file=sys.stderr)
    return 2 if bad else (1 if failed else 0)
