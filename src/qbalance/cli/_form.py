"""``qbalance form``: fill the national declaration form (申报表) from a county's data."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from qbalance._messages import message, text
from qbalance.cli._lang import add_lang, check_out, stderr, tr
from qbalance.errors import DataError

# the evaluation and the form writer are imported by run(), so that ``qbalance --help``
# does not load them

_EPILOG_ZH = """\
填写《全国义务教育优质均衡发展县（市、区）申报表》：六张表（基本情况、资源配置、分学校
资源配置、校际均衡、政府保障程度、教育质量、社会认可度）。学校数据文件与 `qbalance
evaluate` 相同（县数据文件或学校表），县级数据用 --county 给出；只有学校数据时只填资源
配置部分（表Ⅰ—表Ⅲ）。--out 的后缀决定格式：.xlsx（默认 form.xlsx）、.md 或 .html。

退出状态：0 已写入，2 输入有误或用法错误。"""

_EPILOG_EN = """\
Fills the national declaration form (申报表) from the county's data (the same
inputs as `qbalance evaluate`); with school data only, the resource part
(Tables I-III).  The --out suffix picks the format: .xlsx (default form.xlsx),
.md or .html.

exit status: 0 written, 2 bad input or usage."""


def register(sub: Any) -> None:
    """Add the ``form`` subcommand to ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "form", help=tr("填写申报表（.xlsx/.md/.html）",
                        "write the national declaration form (申报表) as .xlsx/.md/.html"),
        description=tr("用县的数据填写全国义务教育优质均衡发展县（市、区）申报表。",
                       "Fill the national declaration form (申报表) from a county's data."),
        epilog=tr(_EPILOG_ZH, _EPILOG_EN), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("schools_file", nargs="?", metavar=tr("学校数据文件", "SCHOOLS_FILE"),
                   help=tr("县数据文件（TOML/JSON/YAML）或学校表（CSV/.xlsx/.xls）",
                           "county file (TOML/JSON/YAML), or schools table (CSV/.xlsx/.xls)"))
    p.add_argument("--example", action="store_true",
                   help=tr("使用自带的构造示例县", "use the bundled constructed example county"))
    p.add_argument("--county", metavar=tr("县数据文件", "COUNTY_FILE"),
                   help=tr("县级数据（县名、年度、政府保障程度、教育质量、社会认可度）",
                           "county-level facts: name, year, guarantee, quality, survey"))
    p.add_argument("--standard", default="national-2017", metavar="ID|FILE",
                   help=tr("自带标准的编号或标准文件（默认 national-2017）",
                           "shipped standard id or a standard file; default national-2017"))
    p.add_argument("--out", metavar=tr("路径", "PATH"), default="form.xlsx",
                   help=tr("输出文件（.xlsx、.md 或 .html；默认 form.xlsx）",
                           "output file (.xlsx, .md or .html; default form.xlsx)"))
    p.add_argument("--basics", metavar=tr("基本情况文件", "BASICS_FILE"),
                   help=tr("表Ⅰ中学校数据没有的数字（TOML/JSON/YAML 文件，键为 L 编号或键名，"
                           "如 `gdp_per_capita_yuan = 45210`）",
                           "Table I figures the school data lacks: a TOML/JSON/YAML file of "
                           "L-codes or keys, e.g. gdp_per_capita_yuan = 45210"))
    p.add_argument("--resources-only", action="store_true",
                   help=tr("只填资源配置部分（表Ⅰ—表Ⅲ）", "only Tables I-III"))
    p.add_argument("--name", metavar=tr("县名", "NAME"), help=tr("县名（覆盖县数据文件中的县名）",
                                     "county name, overrides the county file"))
    p.add_argument("--year", type=int, metavar=tr("年度", "YEAR"), help=tr("年度（覆盖县数据文件中的年度）",
                                               "school year, overrides the county file"))
    p.add_argument("--sheet", metavar=tr("工作表", "SHEET"), help=tr("学校表的工作表（名称或从 0 起的序号）",
                                      "sheet of an .xlsx schools table"))
    p.add_argument("--columns", metavar=tr("表头对照文件", "MAPPING_FILE"),
                   help=tr("把你的表头对应到 qbalance 列键名的对照文件",
                           "mapping of your headers to qbalance's column keys"))
    add_lang(p, "提示语言：zh 中文（默认，或由 QBALANCE_LANG 设定）、en 英文；申报表本身为中文",
             "language of the messages: zh Chinese (default, or QBALANCE_LANG), en English; "
             "the form itself is in Chinese")
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
        stderr(text("cli.form.file_or_example", args.lang))
        return 2
    check_out(args.out)
    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".md", ".markdown", ".html", ".htm"):
        raise DataError(message("cli.form.suffix", path=str(out)), field="out", value=str(out))
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
    part = text("cli.form.part_resources" if form.resource_only else "cli.form.part_all",
                args.lang)
    print(text("cli.written_what", args.lang, path=str(out), what=part))
    return 0
