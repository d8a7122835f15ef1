"""``qbalance form``: fill the national declaration form (申报表) from a county's data."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from qbalance.errors import DataError

# the evaluation and the form writer are imported by run(), so that ``qbalance --help``
# does not load them

_EPILOG = """\
填写《全国义务教育优质均衡发展县（市、区）申报表》：六张表（基本情况、资源配置、分学校
资源配置、校际均衡、政府保障程度、教育质量、社会认可度）。SCHOOLS_FILE 与 `qbalance
evaluate` 相同（县数据文件或学校表），县级数据用 --county 给出；只有学校数据时只填资源
配置部分（表Ⅰ—表Ⅲ）。--out 的后缀决定格式：.xlsx（默认 form.xlsx）、.md 或 .html。

Fills the national declaration form from the county's data (the same inputs as
`qbalance evaluate`); with school data only, the resource part (Tables I-III).

exit status: 0 written, 2 bad input or usage."""


def register(sub: Any) -> None:
    """Add the ``form`` subcommand to ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "form", help="填写申报表 (write the national declaration form, 申报表, as .xlsx/.md/.html)",
        description="填写全国义务教育优质均衡发展县（市、区）申报表 "
                    "(fill the national declaration form from a county's data).",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("schools_file", nargs="?", metavar="SCHOOLS_FILE",
                   help="县数据文件或学校表 (county file TOML/JSON/YAML, or schools table "
                        "CSV/.xlsx)")
    p.add_argument("--example", action="store_true",
                   help="使用内置的构造示例县 (use the bundled constructed example county)")
    p.add_argument("--county", metavar="COUNTY_FILE",
                   help="县级数据 (county-level facts: name, year, guarantee, quality, survey)")
    p.add_argument("--standard", default="national-2017", metavar="ID|FILE",
                   help="标准 (shipped standard id or a standard file; default national-2017)")
    p.add_argument("--out", metavar="PATH", default="form.xlsx",
                   help="输出文件 (.xlsx, .md or .html; default form.xlsx)")
    p.add_argument("--basics", metavar="BASICS_FILE",
                   help="表Ⅰ中学校数据没有的数字 (Table I figures the school data lacks: a "
                        "TOML/JSON/YAML file of L-codes or keys, e.g. gdp_per_capita_yuan = 45210)")
    p.add_argument("--resources-only", action="store_true",
                   help="只填资源配置部分 (only Tables I-III)")
    p.add_argument("--name", help="县名 (county name, overrides the county file)")
    p.add_argument("--year", type=int, help="年度 (school year, overrides the county file)")
    p.add_argument("--sheet", help="学校表的工作表 (sheet of an .xlsx schools table)")
    p.add_argument("--lang", choices=("zh", "en"), default=None,
                   help="提示语言 (language of the messages; default zh, or QBALANCE_LANG); "
                        "the form itself is in Chinese")
    p.add_argument("--columns", metavar="MAPPING_FILE",
                   help="列名对照文件 (mapping of your headers to qbalance's column keys)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``qbalance form``."""
    from qbalance.cli._evaluate import _columns
    from qbalance.evaluate.county import evaluate_county
    from qbalance.examples import example_path
    from qbalance.form.tables import declaration_form
    from qbalance.form.write import write_declaration_form
    from qbalance.io import load_county
    from qbalance.standard import load_standard

    if args.example == bool(args.schools_file):
        print("qbalance form: 请给出 SCHOOLS_FILE 或 --example（二者选一） "
              "(give SCHOOLS_FILE or --example, not both)", file=sys.stderr)
        return 2
    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".md", ".markdown", ".html", ".htm"):
        raise DataError(f"--out {out}: 请使用 .xlsx、.md 或 .html (use .xlsx, .md or .html)",
                        field="out", value=str(out))
    sheet: str | int | None = args.sheet
    if isinstance(sheet, str) and sheet.isdigit():
        sheet = int(sheet)
    path = example_path() if args.example else Path(args.schools_file)
    county = load_county(path, county=args.county, name=args.name, year=args.year,
                         sheet=sheet, columns=_columns(args))
    standard = load_standard(args.standard)
    basics = None
    if args.basics:
        from qbalance.io import load_county_facts

        basics = load_county_facts(args.basics)
    if args.resources_only:
        from qbalance.evaluate.resources import evaluate_resources

        form = declaration_form(evaluate_resources(county, standard), county,
                                standard=standard, basics=basics)
    else:
        form = declaration_form(evaluate_county(county, standard), county, standard=standard,
                                basics=basics)
    write_declaration_form(form, out)
    lang = args.lang or os.environ.get("QBALANCE_LANG", "zh")
    if lang == "en":
        part = "resource part, Tables I-III" if form.resource_only else "all six tables"
        print(f"{form.county}: declaration form ({part}) written to {out}")
    else:
        part = "资源配置部分（表Ⅰ—表Ⅲ）" if form.resource_only else "六张表"
        print(f"{form.county}申报表（{part}）已写入 {out}")
    return 0
