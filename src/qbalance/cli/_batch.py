"""``qbalance batch``: every county of a national (or provincial) table in one call."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from qbalance.cli._lang import add_lang, add_quiet, tr
from qbalance.errors import DataError
from qbalance.vocab import Lang

_EPILOG_ZH = """\
学校表为全国（或全省）学校表：.parquet、.arrow、.csv 或 .xlsx，每行一所学校，
列名为批量评估的列（`county`、`kind`、`primary_pupils` …，见 `qbalance.BATCH_COLUMNS`）
或与县级学校表相同的中文表头。--out 写出每县每学段一行的结果表
（.parquet、.csv 或 .xlsx）。

退出码：0 所有县均达标，1 有县未达标或数据有误（见状态表），2 输入或用法错误。"""

_EPILOG_EN = """\
TABLE is a national (or provincial) schools table: .parquet, .arrow, .csv or .xlsx, one
school a row, with the batch columns (county, kind, primary_pupils …, see
qbalance.BATCH_COLUMNS) or the Chinese headers of the county schools table. --out writes
the result table, one row per county and segment (.parquet, .csv or .xlsx).

Exit status: 0 every county passes, 1 a county fails or has bad data (see the status
table), 2 bad input or usage."""


def register(sub: Any) -> None:
    """Add the ``batch`` subcommand to ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "batch", help=tr("批量评估全国（或全省）学校表中每个县的资源配置",
                         "evaluate the resources of every county of a national (or "
                         "provincial) schools table"),
        description=tr("批量评估：一次计算表中每个县（及年度）的资源配置指标、差异系数与结论。",
                       "Batch evaluation: the resource indicators, CVs and verdicts of every\n"
                       "county (and year) of the table in one call."),
        epilog=tr(_EPILOG_ZH, _EPILOG_EN), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("table", metavar=tr("学校表", "TABLE"),
                   help=tr("学校表（.parquet / .arrow / .csv / .xlsx）",
                           "schools table (.parquet / .arrow / .csv / .xlsx)"))
    p.add_argument("--out", metavar=tr("路径", "PATH"),
                   help=tr("写出结果表（.parquet / .csv / .xlsx），每县每学段一行",
                           "write the result table (.parquet / .csv / .xlsx), one row per "
                           "county and segment"))
    p.add_argument("--standard", default="national-2017", metavar="ID|FILE",
                   help=tr("标准编号或标准文件（默认 national-2017）",
                           "standard id or standard file (default national-2017)"))
    p.add_argument("--county-column", default="county", metavar=tr("列名", "NAME"),
                   help=tr("县代码列名（默认 county）",
                           "column of the county code (default county)"))
    p.add_argument("--year-column", default=None, metavar=tr("列名", "NAME"),
                   help=tr("年度列名：按（县，年度）分组，多年数据一次评估",
                           "column of the year: group by (county, year), several years at once"))
    p.add_argument("--sheet", metavar=tr("工作表", "SHEET"),
                   help=tr("Excel 工作表（名称或从 0 起的序号）",
                           "Excel worksheet (name or 0-based index)"))
    p.add_argument("--show", type=int, default=20, metavar=tr("数目", "N"),
                   help=tr("状态表中列出的未达标或有问题的县的数目（默认 20；0 全部列出）",
                           "how many failing or problem counties the status table lists "
                           "(default 20; 0 all)"))
    add_lang(p)
    add_quiet(p)
    p.set_defaults(run=run)


@contextmanager
def _steps(total: int, lang: Lang, quiet: bool) -> Iterator[Callable[[str], None]]:
    """A progress bar over the steps of the command (stderr, on a terminal only)."""
    from qbalance._progress import progress_bar
    from qbalance._progress import quiet as no_bar

    with no_bar(quiet), progress_bar(total, "批量评估" if lang != "en" else "batch") as bar:
        yield lambda label: bar.update(note=label)


def run(args: argparse.Namespace) -> int:
    """Run ``qbalance batch``."""
    from qbalance.evaluate.batch import evaluate_batch, read_batch_table
    from qbalance.standard import load_standard

    zh = args.lang != "en"
    std = load_standard(args.standard)
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in (".parquet", ".csv", ".xlsx"):
        raise DataError(("--out 须为 .parquet、.csv 或 .xlsx 文件：" if zh else
                         "--out must be a .parquet, .csv or .xlsx file: ") + str(out),
                        field="--out", value=str(out))
    sheet: str | int | None = args.sheet
    if isinstance(sheet, str) and sheet.isdigit():
        sheet = int(sheet)
    n_steps = 3 + (out is not None)
    with _steps(n_steps, args.lang, args.quiet) as step:
        cols = read_batch_table(args.table, sheet=sheet)
        step("已读取学校表" if zh else "table read")
        res = evaluate_batch(cols, std, county=args.county_column, year=args.year_column)
        step("已评估" if zh else "evaluated")
        frame = res.to_frame(lang=args.lang)
        step("已生成结果表" if zh else "result table built")
        if out is not None:
            _write(frame, out)
            step(("已写出 " if zh else "written ") + out.name)
    print(_status_table(res, args.lang, args.show))
    return 0 if bool(res.passed.all()) else 1


def _write(frame: Any, out: Path) -> None:
    suffix = out.suffix.lower()
    if suffix == ".parquet":
        from qbalance._optional import require
        pa = require("pyarrow", "writing a .parquet result")
        pq = require("pyarrow.parquet", "writing a .parquet result")
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), out)
    elif suffix == ".csv":
        frame.to_csv(out, index=False, encoding="utf-8-sig")
    else:
        frame.to_excel(out, index=False)


def _status_table(res: Any, lang: Lang, show: int) -> str:
    """Counts per status and segment, the verdicts, and the counties that need a look."""
    from qbalance.report import render_text

    return render_text(res, lang, show=show)
