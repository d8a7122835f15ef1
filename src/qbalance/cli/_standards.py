"""``qbalance standards``: list the shipped standards, or print how two differ."""

from __future__ import annotations

import argparse
from typing import Any

from qbalance.cli._lang import add_lang, tr
from qbalance.vocab import Lang


def register(sub: Any) -> None:
    """Add the ``standards`` subcommand to ``sub``."""
    p: argparse.ArgumentParser = sub.add_parser(
        "standards", help=tr("列出自带的评估标准，或比较两个标准（--diff A B）",
                             "list the shipped standards, or compare two (--diff A B)"),
        description=tr("列出自带的评估标准；加 --diff A B 时列出 B 与 A 不同的每一条规则、"
                       "宽严方向及 B 的取值所依据的文件。",
                       "List shipped standards; with --diff A B print every rule on which B "
                       "differs from A, its direction and the document B's value is sourced "
                       "from."))
    p.add_argument("--diff", nargs=2, metavar=("A", "B"),
                   help=tr("比较标准 B 与标准 A（自带标准编号或标准文件）",
                           "compare standard B with standard A (shipped ids or files)"))
    add_lang(p)
    p.set_defaults(run=run)


def diff_text(a: str, b: str, lang: Lang = "zh") -> str:
    """The comparison ``qbalance standards --diff A B`` prints.

    Parameters
    ----------
    a, b : str
        Shipped ids or standard files; ``b`` is compared with ``a``.
    lang : {"zh", "en"}
        Language of the headings.

    Returns
    -------
    str
        A heading per standard, then one row per differing rule: the dotted rule,
        its value in ``a`` and in ``b``, whether ``b`` is stricter, and the document
        ``b``'s value is sourced from (or that it repeats its base / is unsourced).
    """
    from qbalance._text import table
    from qbalance.standard import _rule_text, compare_standards, load_standard

    sa, sb = load_standard(a), load_standard(b)
    zh = lang == "zh"
    diffs = compare_standards(sa, sb)
    lines = [f"{'基准' if zh else 'base'}: {sa.id} — {sa.name_zh if zh else sa.name_en}",
             f"{'比较' if zh else 'compared'}: {sb.id} — {sb.name_zh if zh else sb.name_en}",
             f"{'来源' if zh else 'source'}: {sb.source_text(lang)}"]
    if sb.status == "repeats-base":
        lines.append("（国家标准值，尚无省级来源）" if zh else
                     "(national values, no provincial source yet)")
    if not diffs:
        lines.append("两者规则相同" if zh else "no rule differs")
        return "\n".join(lines)
    words = ({True: "更严", False: "更宽", None: "—"} if zh else
             {True: "stricter", False: "looser", None: "—"})
    rows = []
    for d in diffs:
        src = sb.source_of(d.path, lang)
        if src is None:
            src = ("沿用基准" if zh else "repeats its base") if sb.based_on == sa.id else (
                "未注明来源" if zh else "unsourced")
        rows.append([d.path, _rule_text(d.base, lang), _rule_text(d.value, lang),
                     words[d.stricter], src])
    hdr = (["规则", sa.id, sb.id, "方向", "依据"] if zh else
           ["rule", sa.id, sb.id, "direction", "sourced from"])
    lines.append(f"{len(diffs)} {'项差异' if zh else 'difference(s)'}")
    lines.append(table(hdr, rows, right=[False] * 5))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run ``qbalance standards``."""
    from qbalance._messages import get_lang
    from qbalance.standard import available_standards, load_standard

    lang = get_lang()  # main() has set it from --lang / QBALANCE_LANG
    if args.diff:
        print(diff_text(args.diff[0], args.diff[1], lang))
        return 0
    for sid in available_standards():
        s = load_standard(sid)
        print(f"{sid}\t{s.name_zh if lang == 'zh' else s.name_en}\t{s.source_text(lang)}")
    return 0
