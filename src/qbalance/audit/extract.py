"""Find the checkable claims of a report in its text (``qbalance extract``).

Self-evaluation reports (自评报告) follow a regular structure: the 7 resource, 15
guarantee and 9 quality indicators in a fixed order, each with its
【自评情况】 figures and its 【自评结论】 verdict; "A 人 … B 人 … 占 C%" sentences;
section lead claims ("15 项指标均已达标").  :func:`extract_claims` walks a
:class:`~qbalance.io.documents.Document` and proposes one :class:`~qbalance.claims.Claim`
per checkable statement, each with the line it came from, the verbatim quote and the
pattern that produced it.  The patterns are data
(``qbalance/data/patterns/self-evaluation-zh.toml``): which words open an area or an
item, which are verdicts, which labels name the same quantity; the items themselves
(codes, order, names) come from the standard.  Nothing here knows a county.

Besides the claims of the items, the text gives checks of its own:

* **restatements** — the same quantity (teachers, pupils, special-school pupils,
  budgets) printed with different values in different places;
* **lead claims** — "N 项…均已达到" against the area's items (see :mod:`qbalance.audit.rollup`);
* **CV provenance** — with a table of schools (pupils and indicator values), whether the
  printed CV follows the official student-weighted formula or an unweighted variant
  (:func:`qbalance.weighted_cv` methods);
* **cross-figure plausibility** — a pupil–teacher ratio against the printed counts, a
  one-year amount above a multi-year one, counts of schools above the county's
  schools, parts that do not add up to their total, implausible basic figures and
  amounts with two money units (``亿万元``).

Examples
--------
>>> from qbalance.io.documents import document_from_text
>>> from qbalance.audit.extract import extract_claims
>>> doc = document_from_text(
...     "某某县义务教育优质均衡发展自评报告\\n"
...     "（二）政府保障程度\\n"
...     "14. 全县优质高中招生名额分配比例不低于50%。\\n"
...     "【自评情况】2023年全县优质高中招生名额总数 1065 人，分配名额 532 人，占比 50%。\\n"
...     "【自评结论】达标", label="demo")
>>> ex = extract_claims(doc)
>>> c = ex.claims.claims[0]
>>> c.id, c.numerator, c.denominator, c.reported, c.verdict.value, c.where, c.pattern
('G14-quota-2023', '532', '1065', '50%', 'met', 'demo:4', 'items.G14.ratios.only')
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from qbalance.audit._numbers import Num, chinese_numeral, normalise, tokens
from qbalance.audit.claims import Claim, ClaimSet, unit_scale
from qbalance.io.documents import Document, read_document
from qbalance._result import ResultMixin
from qbalance._messages import check_lang, message, os_reason, text
from qbalance.vocab import Area, Lang
from qbalance.errors import DataError, DataValidationError, SpecError
from qbalance.standard import Standard, load_standard

__all__ = ["Extraction", "ItemText", "Uncovered", "extract_claims", "load_patterns"]

_PATTERNS = resources.files("qbalance") / "data" / "patterns"
_SENT_END = "。；;！!？?"
_CLAUSE = "，,、；;。：:（）()【】\n"
_MONEY = ("元", "万元", "亿元", "千元", "亿万元", "万亿元", "万万元")
_COUNT_UNITS = ("人", "名", "所", "个", "间", "班", "项", "份", "人次")
_THRESHOLD_BEFORE = re.compile(r"(不低于|不少于|不超过|不高于|不大于|不小于|低于|不足|小于|大于|"
                               r"高于|超过|不得超过|每)\s*$")
_THRESHOLD_AFTER = re.compile(r"^\s*(以上|以下|及以上|以内|之内|及以下)")


def load_patterns(source: str | Path | None = None) -> dict[str, Any]:
    """Read a pattern file (default: the shipped ``self-evaluation-zh``).

    Parameters
    ----------
    source : str or pathlib.Path, optional
        A shipped name or a TOML file.

    Returns
    -------
    dict
        The parsed patterns.

    Raises
    ------
    DataError
        The file cannot be read or is not valid TOML.
    """
    name = "self-evaluation-zh" if source is None else str(source)
    entry = _PATTERNS / f"{name}.toml"
    try:
        if entry.is_file():
            return tomllib.loads(entry.read_text("utf-8"))
        return tomllib.loads(Path(name).read_text("utf-8"))
    except OSError as exc:
        raise DataError(message("audit.patterns_unreadable", name=name, reason=os_reason(exc)),
                        field="patterns", value=name) from exc
    except tomllib.TOMLDecodeError as exc:
        raise DataError(message("audit.patterns_unreadable", name=name, reason=str(exc)),
                        field="patterns",
                        value=name) from exc


@attrs.frozen(slots=True, kw_only=True)
class ItemText:
    """An indicator's text as found in the report.

    Attributes
    ----------
    code : str
        R1–R7, G1–G15, Q1–Q9, ``S`` (the survey block) or ``V`` (vetoes).
    area : str
        resources, guarantee, quality, survey or veto.
    number : int or None
        The number printed before it.
    line : int
        Line of its heading.
    verdict : str or None
        ``"met"``, ``"not_met"`` or ``"not_done"`` as the report states it.
    verdict_source : str
        ``"conclusion"`` (【自评结论】), ``"text"`` (the sentence's own words) or ``""``.
    """

    code: str
    area: str
    number: int | None
    line: int
    verdict: str | None
    verdict_source: str


@attrs.frozen(slots=True, kw_only=True)
class Uncovered:
    """A number of the report that no claim covers.

    Attributes
    ----------
    line : int
    where : str
        ``"003:86"``.
    text : str
        The number with its unit.
    context : str
        The words around it.
    reason : str
        ``""``, or why it is not a claim: ``"year"``, ``"standard wording"``, ``"item number"``.
    """

    line: int
    where: str
    text: str
    context: str
    reason: str = ""


@attrs.frozen(slots=True, kw_only=True, repr=False)
class Extraction(ResultMixin):
    """What :func:`extract_claims` found.

    Attributes
    ----------
    document : Document
    claims : ClaimSet
        The proposed claims (county, title and year as found in the report).
    items : tuple of ItemText
        The indicators found, in order.
    uncovered : tuple of Uncovered
        Every number no claim covers (years, item numbers and the standard's own
        thresholds are listed with a reason).
    numbers : int
        How many numbers the report prints.
    """

    document: Document
    claims: ClaimSet
    items: tuple[ItemText, ...]
    uncovered: tuple[Uncovered, ...]
    numbers: int

    def coverage(self, lang: Lang = "zh", *, include_reasoned: bool = False) -> str:
        """The numbers no claim covers, one per line with its location.

        Parameters
        ----------
        lang : {"zh", "en"}
        include_reasoned : bool
            Also list years, item numbers and threshold wording.

        Returns
        -------
        str
        """
        from qbalance.report import render_text

        return render_text(self, lang, include_reasoned=include_reasoned)

    def summary(self, lang: Lang = "zh") -> str:
        """One line: the county, the document, the claims found and the numbers left.

        Parameters
        ----------
        lang : {"zh", "en"}
            Language (Chinese by default).

        Returns
        -------
        str
        """
        from qbalance.report import render_line

        return render_line(self, lang)

    def __str__(self) -> str:
        return self.summary("zh")

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the document's name and size, the claims and the uncovered numbers.

        Returns
        -------
        dict
            ``document`` (its label), ``lines``, ``numbers``, ``claims`` (the claims
            file's data) and ``uncovered`` (line, location, text, context, reason).
        """
        return {"document": self.document.label, "lines": len(self.document.lines),
                "numbers": self.numbers,
                "claims": self.claims.model_dump(mode="json", exclude_defaults=True),
                "uncovered": [{"line": u.line, "where": u.where, "text": u.text,
                               "context": u.context, "reason": u.reason}
                              for u in self.uncovered]}

    def to_frame(self, *, lang: Lang | None = "zh") -> Any:
        """The proposed claims as a :class:`pandas.DataFrame` indexed by id (pandas extra).

        Parameters
        ----------
        lang : {None, "zh", "en"}, optional
            ``"zh"`` gives the columns the Chinese headers of the audit table (``编号``,
            ``位置``, ``内容``, ``报告值`` …) and the kinds in words (``比例``) (the default,
            as every ``to_frame``); ``"en"`` or ``None`` the claims file's fields and
            kinds (``ratio``).

        Returns
        -------
        pandas.DataFrame
            Columns ``kind``, ``where``, ``name_zh``, ``reported``, ``pattern``, ``quote``.
        """
        from qbalance._optional import require
        pd = require("pandas", "Extraction.to_frame()")
        rows = [{"id": c.id, "kind": c.kind.value, "where": c.where, "name_zh": c.name_zh,
                 "reported": c.reported, "pattern": c.pattern, "quote": c.quote}
                for c in self.claims.claims]
        frame = pd.DataFrame(rows).set_index("id")
        if lang is not None and check_lang(lang) == "zh":
            from qbalance._render_results import CLAIM_HEADERS_ZH

            from qbalance.vocab import CLAIM_KIND

            frame = frame.assign(kind=[CLAIM_KIND[k][0] for k in frame["kind"]])
            frame = frame.rename(columns=CLAIM_HEADERS_ZH).rename_axis(CLAIM_HEADERS_ZH["id"])
        return frame

    def to_toml(self, lang: Lang | None = None) -> str:
        """The proposed claims as a claims file an inspector can review and edit.

        Parameters
        ----------
        lang : {"zh", "en"}, optional
            Language of the comment at the top (default: the session language).

        Returns
        -------
        str
            TOML readable by :func:`qbalance.load_claims`; every claim keeps ``line``,
            ``where``, ``quote`` and ``pattern``.
        """
        return claims_to_toml(self.claims, lang)


# ---------------------------------------------------------------------------------------
# TOML writing (no dependency): strings, numbers, lists, inline tables
def _tv(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_tv(x) for x in v) + "]"
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{k} = {_tv(x)}" for k, x in v.items() if x is not None) + " }"
    return _tv(str(v))


_TOML_HEAD = {
    "zh": ["# 由 `qbalance extract` 提取的核查项：请逐项审阅，改正规则读错的地方，",
           "# 删除不是核查项的条目，然后对本文件运行 `qbalance audit`。"],
    "en": ["# Claims proposed by `qbalance extract`: review them, correct what the patterns",
           "# misread, delete what is not a claim, then run `qbalance audit` on this file."],
}


def claims_to_toml(cs: ClaimSet, lang: Lang | None = None) -> str:
    """A claim set as TOML text (the format of the shipped claims files).

    Parameters
    ----------
    cs : ClaimSet
    lang : {"zh", "en"}, optional
        Language of the comment at the top (default: the session language).

    Returns
    -------
    str
    """
    data = cs.model_dump(mode="json", exclude_defaults=True)
    claims = data.pop("claims")
    out = [*_TOML_HEAD[check_lang(lang)], ""]
    for k, v in data.items():
        out.append(f"{k} = {_tv(v)}")
    for c in claims:
        out += ["", "[[claims]]"]
        for k, v in c.items():
            if v is None or v == [] or v == {}:
                continue
            out.append(f"{k} = {_tv(v)}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------
# a block of lines as one string, offsets mapped back to lines
class _Block:
    def __init__(self, doc: Document, first: int, last: int) -> None:
        parts: list[str] = []
        self.starts: list[int] = []
        self.numbers: list[int] = []
        pos = 0
        for n in range(first, last + 1):
            t = doc.line(n).text
            if not t.strip():
                continue
            if parts:
                # a line broken inside a sentence joins the next without a break (a word
                # such as 初中 may be split over the two); otherwise a newline separates
                prev = parts[-1].rstrip()
                glue = "" if (len(prev) >= 40 and prev[-1:] not in "。；：:！？!?）)"
                              and not (prev[-1:].isdigit() and t.lstrip()[:1].isdigit())) \
                    else "\n"
                parts.append(glue)
                pos += len(glue)
            self.starts.append(pos)
            self.numbers.append(n)
            parts.append(t)
            pos += len(t)
        self.raw = "".join(parts)
        self.s = normalise(self.raw)
        self.toks = [t for t in tokens(self.raw)]
        self.first = first

    def line_of(self, off: int) -> tuple[int, int]:
        import bisect
        i = max(0, bisect.bisect_right(self.starts, off) - 1)
        if not self.numbers:
            return self.first, 0
        return self.numbers[i], off - self.starts[i]

    def sentences(self, start: int = 0, ends: str = _SENT_END) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        a = start
        for i in range(start, len(self.s)):
            ch = self.s[i]
            if ch in ends or (ch == "【" and i > a):
                if i > a:
                    out.append((a, i + (1 if ch != "【" else 0)))
                a = i + 1 if ch != "【" else i
        if a < len(self.s):
            out.append((a, len(self.s)))
        return [(x, y) for x, y in out if self.s[x:y].strip()]

    def toks_in(self, a: int, b: int) -> list[Num]:
        return [t for t in self.toks if a <= t.start < b]


def _label(s: str, end: int, floor: int = 0) -> str:
    """The words right before offset ``end``, back to the previous clause mark."""
    i = end
    while i > floor and s[i - 1] not in _CLAUSE:
        i -= 1
    return s[i:end].replace("\n", "").strip()


def _is_threshold(s: str, t: Num) -> bool:
    return bool(_THRESHOLD_BEFORE.search(s[max(0, t.start - 6):t.start]) or
                _THRESHOLD_AFTER.match(s[t.stop:t.stop + 4]))


def _lcs(a: str, b: str) -> int:
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _fig(t: Num) -> str:
    return t.text.replace(",", "") + ("%" if t.unit == "%" else "‰" if t.unit == "‰" else "")


def _year_before(s: str, off: int, window: int = 60) -> int | None:
    a = max(0, off - window)
    seg = s[a:off]
    cut = max(seg.rfind("。"), -1)
    if cut >= 0 and seg[cut + 1:].lstrip().startswith("其中"):  # "…。其中…": the same year
        cut = max(seg.rfind("。", 0, cut), -1)
    seg = seg[cut + 1:]
    ys = re.findall(r"((?:19|20)\d\d)\s*(?:年|学年)(?!以来|来|前|之前|以前|及之前)", seg)
    return int(ys[-1]) if ys else None


# ---------------------------------------------------------------------------------------
class _Ctx:
    def __init__(self, doc: Document, pats: dict[str, Any], std: Standard) -> None:
        self.doc = doc
        self.p = pats
        self.std = std
        self.claims: list[Claim] = []
        self.ids: set[str] = set()
        self.covered: set[tuple[int, int]] = set()
        self.reasons: dict[tuple[int, int], str] = {}
        self.items: list[ItemText] = []
        self.quantities: list[dict[str, Any]] = []
        self.year: int | None = None
        self.problems: list[str] = []

    def uid(self, base: str) -> str:
        base = re.sub(r"[^A-Za-z0-9_.\-]", "-", base).strip("-") or "claim"
        cid, k = base, 2
        while cid in self.ids:
            cid, k = f"{base}-{k}", k + 1
        self.ids.add(cid)
        return cid

    def cover(self, b: _Block, toks: Iterable[Num]) -> None:
        for t in toks:
            self.covered.add(b.line_of(t.start))

    def add(self, b: _Block, *, id: str, kind: str, section: str, name_zh: str,
            pattern: str, span: tuple[int, int], used: Sequence[Num], **fields: Any) -> None:
        a, z = span
        if used:  # the quote covers every number the claim uses
            a = min(a, _label_start(b.s, min(t.start for t in used)))
            z = max(z, max(t.stop for t in used))
        quote = b.raw[a:z].replace("\n", "").strip()
        start = used[0].start if used else a
        line, _ = b.line_of(max(a, min(start, z)))
        line = b.line_of(a + len(b.s[a:z]) - len(b.s[a:z].lstrip()))[0]
        data = {k: v for k, v in fields.items() if v is not None}
        where = self.doc.location(line)
        if used and self.doc.line(line).table is not None:  # a table cell: name its column
            ln, col = b.line_of(used[0].start)
            if ln == line:
                where = self.doc.location(line, col)
        try:
            c = Claim(id=self.uid(id), kind=kind, section=section, name_zh=name_zh, quote=quote,
                      line=line, where=where, pattern=pattern, **data)
        except (DataValidationError, ValueError) as exc:
            self.problems.append(f"{id}: {exc}")
            return
        self.claims.append(c)
        self.cover(b, used)


# ---------------------------------------------------------------------------------------
# structure: areas and items
def _area_of(line: str, pats: dict[str, Any]) -> str | None:
    s = line.strip()
    m = re.match(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]|^[一二三四五六七八九十]+\s*[、.．]", s)
    head = s.split("。", 1)[0]
    if not m and len(s) > pats["structure"]["area_heading_max"]:
        return None
    if not m and re.match(r"^\s*\d", s):
        return None
    for code, a in pats["areas"].items():
        if any(w in head for w in a["words"]):
            if m or (len(s) <= 30 and not re.search(r"\d", s)):
                return str(code)
    return None


def _match_words(groups: Sequence[str], text: str) -> bool:
    return all(re.search(g, text) for g in groups)


def _item_for(ctx: _Ctx, area: str, number: int, heading: str) -> dict[str, Any] | None:
    pats = ctx.p["items"]
    head = normalise(heading.split("。", 1)[0])
    local = [p for p in pats if p["area"] == area]
    cands = [p for p in local if _match_words(p.get("words", []), head)]
    order = list(Area)
    offset = 0
    for a in order:
        if a == area:
            break
        offset += len([p for p in pats if p["area"] == a])
    found: dict[str, Any] | None = None
    for p in cands:
        if p["number"] in (number, number - offset):
            found = p
            break
    if found is None and cands:
        found = cands[0]
    byn = [p for p in local if p["number"] in (number, number - offset)]
    if found is None and byn:
        found = byn[0]
    if found is None:
        # an item under the wrong area heading (the survey numbered after the quality items)
        for p in pats:
            if p["area"] != area and _match_words(p.get("words", []), head) and p["area"] in (
                    "survey", "veto"):
                found = p
                break
    return found


def _verdict(ctx: _Ctx, b: _Block, heading_end: int) -> tuple[str | None, str]:
    v = ctx.p["verdicts"]
    found: str | None = None
    for m in re.finditer(v["conclusion"], b.s):
        rest = b.s[m.end():m.end() + 12]
        if re.match(v["not_met"], rest):
            found = "not_met"
        elif re.match(v["met"], rest):
            found = "met"
    if found:
        return found, "conclusion"
    if re.search(v["text_not_done"], b.s):
        return "not_done", "text"
    head = b.s[:heading_end]
    if re.search(v["text_not_met"], head):
        return "not_met", "text"
    if re.search(v["text_met"], head) or re.search(r"符合(?:国家)?(?:规定)?要求", head):
        return "met", "text"
    return None, ""


def _verdict_word(v: str | None) -> str | None:
    return {"met": "达标", "not_met": "未达标", "not_done": "未达标"}.get(v or "")


# ---------------------------------------------------------------------------------------
_SEG = {"小学": "primary", "初中": "junior"}


def _segments_of(s: str, a: int, toks: Sequence[Num]) -> list[str | None]:
    """Segment (primary/junior) of each token: "小学、初中…分别 a、b" or the nearest word."""
    out: list[str | None] = []
    for i, t in enumerate(toks):
        before = s[a:t.start]
        m = None
        for m in re.finditer(r"小学[、和与及]初中|初中[、和与及]小学", before):
            pass
        if m is not None and "分别" in before[m.end():]:
            order = ["primary", "junior"] if before[m.start():m.start() + 2] == "小学" else [
                "junior", "primary"]
            k = len([x for x in toks[:i] if x.start > a + m.end()])
            if k < 2:
                out.append(order[k])
                continue
        p, j = before.rfind("小学"), before.rfind("初中")
        out.append(None if p < 0 and j < 0 else ("primary" if p > j else "junior"))
    return out


def _name(ctx: _Ctx, code: str) -> str:
    for ind in ctx.std.indicators:
        if ind.code == code:
            return ind.name_zh
    for it in ctx.std.items:
        if it.code == code:
            return it.name_zh
    return code


_SEG_ZH = {"primary": "小学", "junior": "初中"}


def _x_segment_figures(ctx: _Ctx, b: _Block, it: dict[str, Any], body: int, sec: str,
                       verdict: str | None, cvs: dict[str, dict[str, Num]]) -> None:
    code = it["code"]
    for a, z in b.sentences(body, ends="。！!？?"):
        if re.search(r"综合|总体|七项|7\s*项|各项", b.s[a:z]):
            continue  # the composite (see _x_composite)
        toks = [t for t in b.toks_in(a, z) if t.kind == "number" and not _is_threshold(b.s, t)]
        if not toks:
            continue
        segs = _segments_of(b.s, a, toks)
        for t, seg in zip(toks, segs, strict=True):
            if seg is None or t.unit in ("%", "‰"):
                continue
            is_cv = "差异系数" in b.s[a:t.start] and t.value < 1 and not t.unit
            if is_cv:
                cvs.setdefault(seg, {})[code] = t
                ctx.add(b, id=f"{code}-cv-{seg}", kind="figure", section=sec,
                        name_zh=f"{_SEG_ZH[seg]}{_name(ctx, code)}校际差异系数",
                        pattern=f"items.{code}.segment_figures", span=(a, z), used=[t],
                        reported=_fig(t), rule=f"{code}.cv_limit.{seg}",
                        verdict=_verdict_word(verdict))
            elif "差异系数" not in b.s[a:t.start] or t.unit:
                ctx.add(b, id=f"{code}-{seg}", kind="figure", section=sec,
                        name_zh=f"{_SEG_ZH[seg]}{_name(ctx, code)}",
                        pattern=f"items.{code}.segment_figures", span=(a, z), used=[t],
                        reported=_fig(t), rule=f"{code}.threshold.{seg}",
                        verdict=_verdict_word(verdict))


def _x_composite(ctx: _Ctx, b: _Block, sec: str, verdict: str | None,
                 cvs: dict[str, dict[str, Num]]) -> None:
    codes = [i.code for i in ctx.std.indicators]
    for a, z in b.sentences(ends="。！!？?"):
        sent = b.s[a:z]
        if "差异系数" not in sent or not re.search(r"综合|总体|七项|7\s*项|各项", sent):
            continue
        toks = [t for t in b.toks_in(a, z) if t.kind in ("number", "range")
                and t.value < 1 and not t.unit and not _is_threshold(b.s, t)]
        segs = _segments_of(b.s, a, toks)
        rng: dict[str, list[Num]] = {}
        for t, seg in zip(toks, segs, strict=True):
            if seg is None:
                continue
            if t.kind == "range":
                rng.setdefault(seg, []).append(t)
                continue
            have = cvs.get(seg, {})
            fields: dict[str, Any] = {"reported": _fig(t), "segment": seg,
                                      "verdict": _verdict_word(verdict)}
            used = [t]
            if all(c in have for c in codes):
                fields["cvs"] = [_fig(have[c]) for c in codes]
                fields["derived"] = ["cvs"]  # printed under the seven indicators
            else:
                continue
            ctx.add(b, id=f"R-composite-{seg}", kind="composite_cv", section=sec,
                    name_zh=f"{_SEG_ZH[seg]}综合差异系数", pattern="resources.composite",
                    span=(a, z), used=used, **fields)
        for seg, pair in rng.items():
            if len(pair) != 2:
                continue
            comp = [t for t, s in zip(toks, segs, strict=True) if s == seg and t.kind == "number"]
            if not comp:
                continue
            ctx.add(b, id=f"R-composite-{seg}", kind="composite_cv", section=sec,
                    name_zh=f"{_SEG_ZH[seg]}综合差异系数（各项差异系数范围）",
                    pattern="resources.composite_range", span=(a, z),
                    used=[comp[0], *pair], reported=_fig(comp[0]), cv_min=_fig(pair[0]),
                    cv_max=_fig(pair[1]), count=len(codes), segment=seg,
                    verdict=_verdict_word(verdict))


def _counts_before(b: _Block, a: int, off: int) -> list[Num]:
    return [t for t in b.toks_in(a, off) if t.kind == "number"
            and (t.unit in _COUNT_UNITS or t.unit in _MONEY) and not _is_threshold(b.s, t)]


def _x_ratios(ctx: _Ctx, b: _Block, it: dict[str, Any], body: int, sec: str,
              verdict: str | None, used_pct: set[int]) -> None:
    code = it["code"]
    specs = it.get("ratios", [])
    sents = b.sentences(body)
    for si, (a, z) in enumerate(sents):
        for t in b.toks_in(a, z):
            if t.unit != "%" or t.kind != "number" or _is_threshold(b.s, t):
                continue
            counts = _counts_before(b, a, t.start)
            if not counts:
                continue
            # the numerator: the count right before 占 (or before the rate)
            zhan = b.s.rfind("占", a, t.start)
            if zhan >= 0:
                before = [c for c in counts if c.start < zhan]
                if not before:
                    continue
                num = before[-1]
                m = None if b.s[zhan:zhan + 2] == "占比" else re.match(r"占([^%\d，。；]{0,30}?)(?:的比例|的比重|比例|比重|的)?(?:为|达到|达|是)?\s*$",
                             b.s[zhan:t.start])
                lab = (m.group(1) if m else "").strip()
            else:
                if not re.search(r"(比例|比率|率|占比)\s*(?:为|达到|达|是)?\s*$", b.s[a:t.start]):
                    continue
                num = counts[-1]
                lab = ""
            if num.end and b.s[num.stop:t.start].count("，") > 2 and zhan < 0:
                continue
            prev = [c for c in counts if c.start < num.start and c.unit[-1:] == num.unit[-1:]]
            if si > 0 and not prev:
                pa, _ = sents[si - 1]
                prev = [c for c in _counts_before(b, pa, a) if c.unit[-1:] == num.unit[-1:]]
            den: Num | None = None
            how = "labelled"
            if lab:
                best: tuple[float, Num | None] = (1, None)
                nlab = _label(b.s, num.start)
                for c in prev:
                    clab = _label(b.s, c.start)
                    if nlab and _lcs(nlab, clab) >= 0.6 * len(nlab):
                        continue  # the same kind of figure as the numerator
                    n = _lcs(lab, clab)
                    if n >= best[0] and n > 1:
                        best = (n, c)
                den = best[1]
            if den is None and not lab and prev:
                exact = [c for c in prev if c.value and _reproduces(num, c, t)]
                den = exact[0] if exact else prev[0]
                how = "only" if len(prev) == 1 else "reproducing" if exact else "first"
            local = b.s[max(a, _label_start(b.s, num.start)):t.stop]
            spec = next((s for s in specs if "match" not in s or re.search(s["match"], local)),
                        None)
            if spec is None:
                continue
            year = _year_before(b.s, num.start)
            rid = f"{code}-{spec.get('id', 'ratio')}" + (f"-{year}" if year else "")
            fields: dict[str, Any] = {
                "numerator": num.text.replace(",", ""), "reported": _fig(t),
                "numerator_unit": num.unit if num.unit in _MONEY else None,
                "rule": spec.get("rule"),
                "verdict": _verdict_word(verdict) if spec.get("rule") else None,
                "series": f"{code}-{spec.get('id', 'ratio')}", "year": year}
            used = [num, t]
            if den is not None:
                fields["denominator"] = den.text.replace(",", "")
                fields["denominator_unit"] = den.unit if den.unit in _MONEY else None
                used.insert(0, den)
            name = spec.get("name", _name(ctx, code)) + (f"（{year}年）" if year else "")
            ctx.add(b, id=rid, kind="ratio", section=sec, name_zh=name,
                    pattern=f"items.{code}.ratios" + ("" if how == "labelled" else f".{how}"),
                    span=(a, z), used=used, **fields)
            used_pct.add(t.start)


def _label_start(s: str, off: int) -> int:
    i = off
    while i > 0 and s[i - 1] not in "，,；;。【":
        i -= 1
    return i


def _reproduces(num: Num, den: Num, pct: Num) -> bool:
    from qbalance.rounding import check_rounding, parse_reported
    try:
        v = Fraction(num.value * unit_scale(num.unit)) / (den.value * unit_scale(den.unit))
        fig = parse_reported(_fig(pct))
        return bool(check_rounding(fig, v).modes)
    except (ZeroDivisionError, DataError):
        return False


def _x_rates(ctx: _Ctx, b: _Block, it: dict[str, Any], body: int, sec: str,
             verdict: str | None, used_pct: set[int]) -> None:
    code = it["code"]
    for spec in it.get("rates", []):
        for a, z in b.sentences(body):
            toks = [t for t in b.toks_in(a, z) if t.unit == "%" and t.kind == "number"
                    and t.start not in used_pct and not _is_threshold(b.s, t)]
            if not toks:
                continue
            lab = b.s[a:toks[0].start]
            if not re.search(spec["match"], lab):
                continue
            rules = spec.get("rules") or [spec.get("rule")]
            for k, t in enumerate(toks[:len(rules)] if len(rules) > 1 else toks[:1]):
                rule = rules[k] if k < len(rules) else rules[-1]
                year = _year_before(b.s, t.start)
                suffix = "" if len(rules) == 1 else f"-{rule.rsplit('.', 1)[-1]}"
                ctx.add(b, id=f"{code}-rate{suffix}" + (f"-{year}" if year else ""),
                        kind="figure", section=sec,
                        name_zh=_name(ctx, code) + (f"（{year}年）" if year else ""),
                        pattern=f"items.{code}.rates", span=(a, z), used=[t],
                        reported=_fig(t), rule=rule, verdict=_verdict_word(verdict))
                used_pct.add(t.start)


def _first(b: _Block, a: int, z: int, regex: str, units: Sequence[str]) -> Num | None:
    for m in re.finditer(regex, b.s[a:z]):
        end = a + m.end()
        for t in b.toks_in(end, min(z, end + 6)):
            if t.unit in units and t.kind == "number" and not _is_threshold(b.s, t):
                return t
    return None


def _x_consolidation(ctx: _Ctx, b: _Block, it: dict[str, Any], body: int, sec: str,
                     verdict: str | None, used_pct: set[int]) -> None:
    a, z = body, len(b.s)
    fields = {"graduates": r"毕业生(?:数|人数)?(?:为|共)?",
              "entrants": r"(?:三年前)?初一(?:新生|在校生|入学)?(?:数|人数)?(?:为)?",
              "transferred_in": r"转入(?:学生)?(?:数)?(?:为)?",
              "resumed": r"复学(?:学生)?(?:数)?(?:为)?",
              "transferred_out": r"转出(?:学生)?(?:数)?(?:为)?",
              "suspended": r"休学(?:学生)?(?:数)?(?:为)?",
              "deceased": r"死亡(?:学生)?(?:数)?(?:为)?"}
    got: dict[str, Num] = {}
    for f, rx in fields.items():
        t = _first(b, a, z, rx, ("人", "名"))
        if t is not None:
            got[f] = t
    rate = _first(b, a, z, r"巩固率(?:为|达到|达)?", ("%",))
    if "graduates" not in got or "entrants" not in got or rate is None:
        return
    used_pct.add(rate.start)
    vals = {f: int(t.value) for f, t in got.items()}
    ctx.add(b, id=f"{it['code']}-consolidation", kind="consolidation", section=sec,
            name_zh=_name(ctx, it["code"]), pattern=f"items.{it['code']}.consolidation",
            span=(a, z), used=[*got.values(), rate], reported=_fig(rate),
            rule="quality.consolidation_min", verdict=_verdict_word(verdict), **vals)


def _x_over_limit(ctx: _Ctx, b: _Block, it: dict[str, Any], body: int, sec: str,
                  verdict: str | None, exemption: str | None) -> None:
    code = it["code"]
    found = False
    for a, z in b.sentences(body):
        sent = b.s[a:z]
        for m in re.finditer(r"超过\s*(\d+)\s*人的?\s*(小学|初中|中学|[^\d，。；、]{0,10}?)(班级|学校)?\s*"
                             r"(\d+|[零一二两三四五六七八九十]+)\s*(个|所)", sent):
            lim = int(m.group(1))
            seg = "junior" if m.group(2) in ("初中", "中学") else "primary"
            toks = [t for t in b.toks_in(a + m.start(), a + m.end())]
            what = "class" if (m.group(3) == "班级" or m.group(5) == "个") else "school"
            rule = (f"guarantee.class_size_max.{seg}" if what == "class"
                    else f"guarantee.school_size_max.{seg}")
            items = [t for t in b.toks_in(a, z) if t.unit == "人" and t.value > lim
                     and t.value >= 1000 and what == "school" and not _is_threshold(b.s, t)]
            more = re.match(r"[、，,]\s*(小学|初中|中学)\s*(\d+|[零一二两三四五六七八九十]+)\s*(个|所)",
                            sent[m.end():])
            if more and what == "school":
                seg2 = "junior" if more.group(1) in ("初中", "中学") else "primary"
                toks2 = b.toks_in(a + m.end() + more.start(), a + m.end() + more.end())
                ctx.add(b, id=f"{code}-{what}-size-{seg2}", kind="count", section=sec,
                        name_zh=f"{_name(ctx, code)}（超过{lim}人的{_SEG_ZH[seg2]}学校）",
                        pattern=f"items.{code}.over_limit", span=(a, z), used=toks2,
                        breaches=_count(more.group(2)), rule=f"guarantee.school_size_max.{seg2}",
                        verdict=_verdict_word(verdict), exemption=exemption)
            ctx.add(b, id=f"{code}-{what}-size-{seg}", kind="count", section=sec,
                    name_zh=f"{_name(ctx, code)}（超过{lim}人的{_SEG_ZH[seg]}"
                            f"{'班级' if what == 'class' else '学校'}）",
                    pattern=f"items.{code}.over_limit", span=(a, z), used=toks + items,
                    breaches=_count(m.group(4)), rule=rule, verdict=_verdict_word(verdict),
                    exemption=exemption, items=[t.text for t in items] or None)
            found = True
    if found:
        return
    # schools named with their pupils: "…（2289人）、…共3所学校在校生规模超过2000人"
    lim_rule = it.get("limit_rule")
    if not lim_rule:
        return
    for a, z in b.sentences(body):
        sent = b.s[a:z]
        mm = re.search(r"超过\s*(\d+)\s*人", sent)
        if not mm or "规模" not in sent and "在校生" not in sent:
            continue
        lim = int(mm.group(1))
        items = [t for t in b.toks_in(a, z) if t.unit == "人" and t.value > lim
                 and not _is_threshold(b.s, t)]
        if not items:
            continue
        n = re.search(r"共\s*(\d+|[一二两三四五六七八九十]+)\s*所", sent)
        used = list(items)
        extra: dict[str, Any] = {}
        if n:
            extra["breaches"] = _count(n.group(1))
            used += [t for t in b.toks_in(a + n.start(), a + n.end())]
        ctx.add(b, id=f"{code}-school-size", kind="count", section=sec,
                name_zh=f"{_name(ctx, code)}（在校生超过{lim}人的学校）",
                pattern=f"items.{code}.over_limit.named", span=(a, z), used=used,
                items=[t.text for t in items], rule=lim_rule, verdict=_verdict_word(verdict),
                exemption=exemption, **extra)


def _vetoes(ctx: _Ctx, b: _Block, line: int) -> None:
    """Each veto of the standard as the report declares it (absent, present, not mentioned)."""
    spec = ctx.p.get("vetoes")
    if not spec:
        return
    s = b.s
    everything = re.search(spec.get("all_absent", "(?!)"), s) is not None
    for v in ctx.std.vetoes:
        rx = spec.get("phrases", {}).get(v.code)
        if not rx:
            continue
        verdict = "met" if everything else None
        for m in re.finditer(rx, s):
            start = m.start()
            while start > 0 and s[start - 1] not in "，,；;。、【】\n":
                start -= 1
            verdict = "met" if re.search(spec["negation"], s[start:m.start()]) else "not_met"
            break
        if verdict is not None:
            ctx.items.append(ItemText(code=f"V:{v.code}", area="veto", number=None, line=line,
                                      verdict=verdict, verdict_source="text"))


def _count(text: str) -> str:
    """A count as digits ("3", or "两" → "2")."""
    t = normalise(text)
    return t if t.isdigit() else str(chinese_numeral(t) if chinese_numeral(t) is not None else t)


def _x_rooms(ctx: _Ctx, b: _Block, it: dict[str, Any], body: int, sec: str,
             verdict: str | None, exemption: str | None, schools: Num | None) -> None:
    code = it["code"]
    s = b.s
    for kind, key, rule in (("音乐", "music", "guarantee.music_room_min_m2"),
                            ("美术", "art", "guarantee.art_room_min_m2")):
        rooms = [t for m in re.finditer(kind + r"专用教室(?:总计|合计|共|共有)?\s*(?=\d)", s[body:])
                 for t in b.toks_in(body + m.end(), body + m.end() + 8)[:1] if t.unit == "间"
                 and not _is_threshold(s, t)]
        comp = None
        m = re.search(kind + r"专用教室面积不小于\s*\d+\s*平方米\s*(?=\d)", s[body:])
        if m:
            tt = b.toks_in(body + m.end(), body + m.end() + 6)
            comp = tt[0] if tt and tt[0].unit == "间" else None
        if comp is not None and rooms:
            a, z = next((x, y) for x, y in b.sentences(body) if x <= comp.start < y)
            total = sum(t.value for t in rooms)
            ctx.add(b, id=f"{code}-{key}-room-area", kind="count", section=sec,
                    name_zh=f"{kind}专用教室面积达标间数", pattern=f"items.{code}.rooms.compliant",
                    span=(a, z), used=[comp, *rooms], compliant=comp.text,
                    total=[t.text for t in rooms] if len(rooms) > 1 else rooms[0].text,
                    rule=rule, verdict=_verdict_word(verdict), exemption=exemption)
        m2 = re.search(kind + r"专用教室[^。；]{0,12}?总面积\s*(?=\d)", s[body:])
        if m2 and rooms:
            tt = b.toks_in(body + m2.end(), body + m2.end() + 8)
            if tt and tt[0].unit == "平方米":
                area_t = tt[0]
                room = max((r for r in rooms if r.start < area_t.start), key=lambda r: r.start,
                           default=rooms[0])
                a, z = next((x, y) for x, y in b.sentences(body) if x <= area_t.start < y)
                ctx.add(b, id=f"{code}-{key}-room-mean-area", kind="per_capita", section=sec,
                        name_zh=f"{kind}专用教室平均面积（平方米/间）",
                        pattern=f"items.{code}.rooms.mean_area", span=(a, z),
                        used=[room, area_t], numerator=area_t.text, denominator=room.text,
                        rule=rule, verdict=_verdict_word(verdict), exemption=exemption)
    m = re.search(r"面积不达标的学校(?:总数|共|共计)?\s*(?=\d)", s[body:])
    if m:
        tt = b.toks_in(body + m.end(), body + m.end() + 6)
        if tt and tt[0].unit == "所":
            a, z = next((x, y) for x, y in b.sentences(body) if x <= tt[0].start < y)
            extra: dict[str, Any] = {}
            if schools is not None:
                extra["total"] = schools.text
                extra["derived"] = ["total"]  # the county's schools, of the basic figures
            ctx.add(b, id=f"{code}-room-area", kind="count", section=sec,
                    name_zh="音乐、美术专用教室面积不达标的学校", pattern=f"items.{code}.rooms.schools",
                    span=(a, z), used=[tt[0]], breaches=tt[0].text, verdict=_verdict_word(verdict),
                    exemption=exemption, **extra)


def _x_small_school_funds(ctx: _Ctx, b: _Block, it: dict[str, Any], body: int, sec: str,
                          verdict: str | None, rate: Num | None) -> None:
    code = it["code"]
    s = b.s
    amount = _first(b, body, len(s), r"(?:公用经费|经费)(?:总额|共计|合计)?(?:为|共计)?", _MONEY)
    pupils = _first(b, body, len(s), r"(?:学生数?|在校生|学生)(?:共|数|为|共有)?", ("人", "名"))
    if amount is None or pupils is None:
        return
    n_schools = None
    for t in b.toks_in(body, len(s)):
        if t.unit == "所" and not _is_threshold(s, t) and t.value < pupils.value:
            n_schools = t
    a = min(amount.start, pupils.start)
    a = _label_start(s, a)
    z = max(amount.stop, pupils.stop)
    while z < len(s) and s[z] not in _SENT_END:
        z += 1
    fields: dict[str, Any] = {"numerator": amount.text.replace(",", ""),
                              "numerator_unit": amount.unit, "reported_unit": "元"}
    used = [amount, pupils]
    if rate is not None:
        fields["threshold"] = f">= {rate.text}"
        fields["verdict"] = _verdict_word(verdict)
    pat = f"items.{code}.small_school_funds"
    if n_schools is not None and n_schools.value * 100 > pupils.value:
        fields["denominator"] = str(int(n_schools.value) * 100)
        fields["derived"] = ["denominator"]
        fields["note"] = f"按 {n_schools.text} 所学校各 100 名学生核定（{n_schools.text} × 100）"
        used.append(n_schools)
        pat += ".funded_pupils"
    else:
        fields["denominator"] = pupils.text
        if rate is not None:
            k = amount.value * unit_scale(amount.unit) / rate.value
            if k.denominator == 1 and (k + pupils.value) % 100 == 0 and k > 0:
                fields["alternatives"] = [{
                    "label": f"{int(k)} 名（按100人核定时补足的差额人数："
                             f"{int((k + pupils.value) / 100)} × 100 − {pupils.text}）",
                    "denominator": str(int(k))}]
                pat += ".top_up"
    ctx.add(b, id=f"{code}-small-school-funds", kind="per_capita", section=sec,
            name_zh=f"{_name(ctx, code)}（每名学生）", pattern=pat, span=(a, z), used=used,
            **fields)


def _x_per_pupil_funds(ctx: _Ctx, b: _Block, it: dict[str, Any], body: int, sec: str,
                       verdict: str | None) -> None:
    code = it["code"]
    s = b.s
    per = _first(b, body, len(s), r"生均公用经费(?:标准)?(?:为|达|是)?", ("元",))
    amount = None
    for m in re.finditer(r"公用经费(?:总额|共计)?(?:为|共计)?\s*(?=\d)", s[body:]):
        if s[body + m.start() - 2:body + m.start()] == "生均":
            continue
        tt = b.toks_in(body + m.end(), body + m.end() + 4)
        if tt and tt[0].unit in _MONEY:
            amount = tt[0]
            break
    pupils = _first(b, body, len(s), r"(?:学生数|在校生|学生)(?:为|共|有)?", ("人", "名"))
    if per is None and amount is None:
        return
    a = _label_start(s, min(t.start for t in (per, amount, pupils) if t is not None))
    z = max(t.stop for t in (per, amount, pupils) if t is not None)
    while z < len(s) and s[z] not in _SENT_END:
        z += 1
    if amount is not None and pupils is not None:
        ctx.add(b, id=f"{code}-special-funds", kind="per_capita", section=sec,
                name_zh=_name(ctx, code), pattern=f"items.{code}.per_pupil_funds",
                span=(a, z), used=[t for t in (amount, pupils, per) if t is not None],
                numerator=amount.text.replace(",", ""), numerator_unit=amount.unit,
                denominator=pupils.text, reported=per.text if per is not None else None,
                reported_unit="元", rule=it.get("rule"), verdict=_verdict_word(verdict))
    elif per is not None:
        ctx.add(b, id=f"{code}-special-funds", kind="figure", section=sec,
                name_zh=_name(ctx, code), pattern=f"items.{code}.per_pupil_funds.figure",
                span=(a, z), used=[per], reported=per.text, rule=it.get("rule"),
                verdict=_verdict_word(verdict))


def _x_pay(ctx: _Ctx, b: _Block, it: dict[str, Any], body: int, sec: str,
           verdict: str | None) -> None:
    code = it["code"]
    for a, z in b.sentences(body):
        money = [t for t in b.toks_in(a, z) if t.unit in _MONEY and not _is_threshold(b.s, t)]
        teacher = [t for t in money if "教师" in _label(b.s, t.start, a) or
                   "教师" in b.s[_label_start(b.s, t.start):t.start]]
        civil = [t for t in money if "公务员" in b.s[_label_start(b.s, t.start):t.start]]
        if not teacher:
            teacher = [t for t in money if t not in civil][:1]
        if teacher and civil:
            t, c = teacher[0], civil[0]
            ctx.add(b, id=f"{code}-teacher-pay", kind="ratio", section=sec,
                    name_zh=_name(ctx, code), pattern=f"items.{code}.pay", span=(a, z),
                    used=[t, c], numerator=t.text.replace(",", ""), numerator_unit=t.unit,
                    denominator=c.text.replace(",", ""), denominator_unit=c.unit,
                    rule=it.get("rule"), verdict=_verdict_word(verdict),
                    year=_year_before(b.s, t.start))
            return


def _x_hours(ctx: _Ctx, b: _Block, it: dict[str, Any], body: int, sec: str,
             alternatives: list[dict[str, Any]]) -> None:
    code = it["code"]
    s = b.s
    for a, z in b.sentences(body):
        sent = s[a:z]
        m = re.search(r"平均(?:培训)?学时(?:为|达)?\s*(?=\d)", sent)
        if not m:
            continue
        avg = b.toks_in(a + m.end(), a + m.end() + 8)[:1]
        hours = _first(b, a, z, r"培训学时(?:为|共|达)?", ("学时",))
        teachers = _first(b, a, z, r"教师(?:总数|人数)?(?:为|共|有)?", ("人", "名"))
        if not avg or hours is None or teachers is None:
            continue
        year = _year_before(s, a + m.start(), window=200)
        alts = [x for x in alternatives if x["denominator"] != teachers.text]
        ctx.add(b, id=f"{code}-hours" + (f"-{year}" if year else ""), kind="per_capita",
                section=sec, name_zh="教师平均培训学时" + (f"（{year}年）" if year else ""),
                pattern=f"items.{code}.hours", span=(a, z), used=[hours, teachers, avg[0]],
                numerator=hours.text, denominator=teachers.text, reported=avg[0].text,
                year=year, alternatives=alts or None)


def _x_monitoring(ctx: _Ctx, b: _Block, it: dict[str, Any], body: int, sec: str,
                  verdict: str | None) -> None:
    code = it["code"]
    s = b.s
    text = s[body:]
    grades = list(re.finditer(r"([一二三四五六七八九]|[1-9])\s*年级", text))
    if not grades:
        grades = []
    spans: list[tuple[str, int, int]] = []
    for i, gm in enumerate(grades):
        end = grades[i + 1].start() if i + 1 < len(grades) else len(text)
        spans.append((gm.group(0), body + gm.start(), body + end))
    # grades listed together ("四年级数学、八年级数学…分别为0.14、0.07") form one group
    merged: list[tuple[str, int, int]] = []
    for g, a, z in spans:
        if merged and not re.search(r"差异率", s[merged[-1][1]:a]):
            merged[-1] = (merged[-1][0] + "、" + g, merged[-1][1], z)
        else:
            merged.append((g, a, z))
    for g, a, z in merged:
        toks = [t for t in b.toks_in(a, z) if "差异率" in s[max(a, t.start - 12):t.start]
                or (t.value < 1 and "差异率" in s[a:t.start] and not t.unit)]
        toks = [t for t in toks if t.value < 1 and not t.unit and not _is_threshold(s, t)]
        if not toks:
            continue
        values = []
        for t in toks:
            lab = re.findall(r"([\u4e00-\u9fff]{2})\s*\d+\s*分", s[max(a, t.start - 20):t.start])
            values.append({"label": f"{g.split('、')[0]}{lab[-1]}" if lab else g,
                           "value": t.text})
        sa = _label_start(s, a)
        za = z
        gnum = "-".join(str(chinese_numeral(x) or x) for x in re.findall(
            r"([一二三四五六七八九1-9])\s*年级", normalise(g)))
        ctx.add(b, id=f"{code}-monitoring-grade{gnum}",
                kind="figure", section=sec, name_zh=f"国家质量监测{g}校际差异率",
                pattern=f"items.{code}.monitoring", span=(sa, za), used=toks, values=values,
                rule="quality.monitoring_difference_below", verdict=_verdict_word(verdict))


def _x_survey(ctx: _Ctx, b: _Block, body: int, sec: str, verdict: str | None,
              population: Num | None, pop_total: Num | None) -> None:
    s = b.s
    sample = _first(b, 0, len(s), r"(?:共发出|发出|发放|共发放|回收有效问卷数?|问卷|总计问卷|调查)"
                                   r"[^\d，。；]{0,6}", ("份", "人次", "人"))
    rate = None
    m = re.search(r"常住人口的?\s*(?=\d)", s)
    if m:
        tt = b.toks_in(m.end(), m.end() + 6)
        rate = tt[0] if tt and tt[0].unit in ("%", "‰") else None
    pop = population or pop_total
    if sample is not None and pop is not None:
        a = _label_start(s, sample.start)
        z = sample.stop
        while z < len(s) and s[z] not in _SENT_END:
            z += 1
        fields: dict[str, Any] = {"sample": sample.text, "population": pop.text,
                                  "population_unit": "万人" if pop.unit in ("万", "万人") else None,
                                  "rule": "survey.sample_per_mille_min",
                                  "verdict": _verdict_word(verdict),
                                  "printed_rate": _fig(rate) if rate is not None else None}
        used = [sample] + ([rate] if rate is not None else [])
        fields["derived"] = ["population"]
        ctx.add(b, id="S1-sample", kind="survey", section=sec, name_zh="社会认可度调查样本量",
                pattern="items.S.survey.sample", span=(a, z), used=used,
                note=None if population else "报告未列常住人口，按总人口计", **fields)
    m = re.search(r"分别占\s*(?=\d)", s)
    if m and sample is not None:
        a = _label_start(s, m.start())
        sa = s.rfind("。", 0, m.start()) + 1
        groups = s[sa:m.start()]
        gm = re.findall(r"((?:[\u4e00-\u9fff]{2,6}、)+[\u4e00-\u9fff]{2,8})", groups)
        labels = re.split(r"、|及", re.sub(r"^(?:按照|按|对|包括|其中)", "", gm[-1])) if gm else []
        z = m.end()
        pcts: list[Num] = []
        for t in b.toks_in(m.end(), len(s)):
            if t.unit != "%" or (pcts and s[pcts[-1].stop:t.start].strip() not in ("、", ",", "，")):
                break
            pcts.append(t)
        z = pcts[-1].stop if pcts else z
        if len(pcts) >= 2:
            parts = [{"label": labels[i] if i < len(labels) else f"第{i + 1}类",
                      "value": _fig(t)} for i, t in enumerate(pcts)]
            za = z
            while za < len(s) and s[za] not in _SENT_END:
                za += 1
            ctx.add(b, id="S-respondent-shares", kind="shares", section=sec,
                    name_zh=f"各类调查对象占比（{sample.text}{sample.unit}问卷）",
                    pattern="items.S.survey.shares", span=(sa, za), used=pcts + [sample],
                    parts=parts, total=sample.text)
            if parts[0]["label"].startswith("家长"):
                ctx.add(b, id="S2-parent-share", kind="figure", section=sec,
                        name_zh="家长占调查对象比例", pattern="items.S.survey.parent_share",
                        span=(sa, za), used=[pcts[0]], reported=_fig(pcts[0]),
                        rule="survey.parent_share_min", verdict=_verdict_word(verdict))
    sat = _first(b, 0, len(s), r"满意(?:率|度)(?:为|达|达到)?", ("%",))
    if sat is not None:
        a = _label_start(s, sat.start)
        z = sat.stop
        ctx.add(b, id="S3-satisfaction", kind="figure", section=sec, name_zh=_name(ctx, "S3"),
                pattern="items.S.survey.satisfaction", span=(a, z), used=[sat],
                reported=_fig(sat), rule="survey.satisfaction_min",
                verdict=_verdict_word(verdict))


# ---------------------------------------------------------------------------------------
# quantities printed anywhere: restatements, plausibility, basic figures
def _scan_quantities(ctx: _Ctx, b: _Block, part: str) -> None:
    specs = ctx.p.get("quantities", [])
    for t in b.toks:
        if t.kind != "number":
            continue
        sa = b.s.rfind("。", 0, t.start) + 1
        sentence_before = b.s[sa:t.start]
        lab = _label(b.s, t.start)
        after = b.s[t.stop:t.stop + 16]
        for q in specs:
            if not re.fullmatch(q["unit"], t.unit or "-"):
                continue
            hit = re.search(q["label"], lab) is not None
            if not hit and q.get("label_after"):
                hit = re.match(q["label_after"], after) is not None
            if not hit and re.match(r"^名?(?:义务教育(?:阶段)?)?(?:专任)?教师", after) and \
                    q["key"] == "teachers" and not lab.endswith("的"):
                hit = re.match(r"^名?义务教育(?:阶段)?(?:专任)?教师", after) is not None
            if not hit:
                continue
            if q.get("exclude") and re.search(q["exclude"], lab):
                continue
            if q.get("sentence_exclude") and re.search(q["sentence_exclude"], sentence_before):
                continue
            if _is_threshold(b.s, t) or re.search(r"^\s*(?:以上|余|多)", after):
                continue
            seg_m = re.search(r"小学|初中", lab)
            cum = re.search(r"(?:19|20)\d\d\s*年以来|以来|累计|共计|近几年|[一二两三四五六七八九十]年来|"
                            r"\d+\s*年来", sentence_before)
            year = _year_before(b.s, t.start, q.get("year_window", 200))
            line, col = b.line_of(t.start)
            ctx.quantities.append({
                "key": q["key"], "spec": q, "num": t, "value": t.value * unit_scale(t.unit),
                "line": line, "where": ctx.doc.location(line, col), "label": lab, "year": year,
                "segment": seg_m.group(0) if seg_m else None, "cumulative": bool(cum),
                "since": int(cum.group(0)[:4]) if cum and cum.group(0)[:2] in ("19", "20")
                else None, "block": b, "part": part})
            break


def _restatements(ctx: _Ctx) -> None:
    groups: dict[tuple[str, int | None], list[dict[str, Any]]] = {}
    for q in ctx.quantities:
        if not q["spec"].get("restate", True) or q["segment"] or q["cumulative"]:
            continue
        y = q["year"] or ctx.year
        groups.setdefault((q["key"], y), []).append(q)
    for (key, year), qs in groups.items():
        values = {q["value"] for q in qs}
        if len(values) < 2:
            continue
        spec = qs[0]["spec"]
        unit = qs[0]["num"].unit
        scale = unit_scale(unit)
        vals = []
        for q in qs:
            v = q["num"].text.replace(",", "") if unit_scale(q["num"].unit) == scale else \
                str(q["value"] / scale)
            vals.append({"label": q["label"] or spec["name_zh"], "value": v,
                         "section": q["where"]})
        b = qs[0]["block"]
        t = qs[0]["num"]
        a = _label_start(b.s, t.start)
        ctx.add(b, id=f"restated-{key.replace('_', '-')}" + (f"-{year}" if year else ""),
                kind="restated", section="、".join(dict.fromkeys(q["where"] for q in qs)),
                name_zh=spec["name_zh"] + (f"（{year}年）" if year else ""),
                pattern=f"quantities.{key}.restated", span=(a, t.stop), used=[t], values=vals,
                derived=["values"],
                unit_name=unit if unit not in ("人", "名") else None)
        for q in qs[1:]:
            ctx.cover(q["block"], [q["num"]])


def _first_q(ctx: _Ctx, key: str, *, basic: bool = False) -> dict[str, Any] | None:
    qs = [q for q in ctx.quantities if q["key"] == key and not q["segment"] and not
          q["cumulative"] and (not basic or q["part"] == "basic")]
    return qs[0] if qs else None


def _relations(ctx: _Ctx) -> None:
    for r in ctx.p.get("relations", []):
        v = _first_q(ctx, r["value"])
        lo = _first_q(ctx, r["at_least"]) if r.get("at_least") else None
        if v is None or lo is None:
            continue
        b, t = v["block"], v["num"]
        a = _label_start(b.s, t.start)
        hi = r.get("at_most", "1000000000000")
        lo_v = lo["value"] / unit_scale(t.unit)
        reason = r.get("reason", "")
        ctx.add(b, id=f"basic-{r['id']}", kind="figure", section=v["where"],
                name_zh=v["spec"]["name_zh"], pattern=f"relations.{r['id']}",
                span=(a, t.stop), used=[t], reported=t.text.replace(",", ""),
                unit_name=t.unit, plausible=[_plain(lo_v), hi],
                plausible_reason=f"{reason}（{lo['label']} {lo['num'].text}{lo['num'].unit}，"
                                 f"{lo['where']}）", derived=["plausible"])
        ctx.cover(lo["block"], [lo["num"]])


def _plain(x: Fraction) -> str:
    if x.denominator == 1:
        return str(x.numerator)
    return f"{float(x):.6f}".rstrip("0").rstrip(".")


def _unit_slips(ctx: _Ctx, b: _Block) -> None:
    for spec in ctx.p.get("unit_slips", []):
        for m in re.finditer(r"(\d+(?:\.\d+)?)\s*" + spec["pattern"], b.s):
            t = next((x for x in b.toks if x.start == m.start()), None)
            if t is None:
                continue
            a = _label_start(b.s, t.start)
            z = t.stop
            while z < len(b.s) and b.s[z] not in _SENT_END + "，,":
                z += 1
            ctx.add(b, id=f"unit-slip-{b.line_of(t.start)[0]}", kind="figure",
                    section=ctx.doc.location(b.line_of(t.start)[0]),
                    name_zh=f"金额（{b.s[a:t.start].strip()[-16:] or '金额'}）",
                    pattern=f"unit_slips.{spec['id']}", span=(a, z), used=[t],
                    reported=t.text, unit_name=t.unit, plausible=list(spec["plausible"]),
                    plausible_reason=spec.get("reason"))


def _sums(ctx: _Ctx, b: _Block) -> None:
    s = b.s
    count_like = {"所": "schools", "个": "schools", "人": "people", "名": "people",
                  "万元": "money", "亿元": "money", "元": "money", "班": "classes"}
    # "A（其中 …）", "A，其中：b、c" — parts at most the total
    for m in re.finditer(r"其中\s*[：:，,]?", s):
        pre = [t for t in b.toks if t.stop <= m.start() and t.kind == "number"]
        if not pre:
            continue
        total = pre[-1]
        gap = s[total.stop:m.start()]
        if "。" in gap.strip("。，, ") or len(gap) > 20 or not total.unit or \
                _is_threshold(s, total):
            continue
        end = len(s)
        for ch in "。；)）":
            k = s.find(ch, m.end())
            if 0 <= k < end:
                end = k
        if total.unit not in count_like:
            continue  # a rate is not a total of its "其中" parts
        parts = [t for t in b.toks_in(m.end(), end) if t.kind == "number"
                 and t.unit == total.unit and not _is_threshold(s, t)
                 and "生均" not in _label(s, t.start)]
        if not parts or (len(parts) == 1 and parts[0].value <= total.value):
            continue  # one sub-total within its total says nothing
        a = _label_start(s, total.start)
        ctx.add(b, id=f"sum-{b.line_of(total.start)[0]}", kind="sum",
                section=ctx.doc.location(b.line_of(total.start)[0]),
                name_zh=f"{_label(s, total.start) or '合计'}及其组成", pattern="sums.of_which",
                span=(a, end), used=[total, *parts], relation="at_most",
                parts=[{"label": _label(s, p.start) or f"第{i + 1}项", "value": p.text.replace(",", "")}
                       for i, p in enumerate(parts)],
                total=total.text.replace(",", ""),
                unit_name=total.unit if total.unit in _MONEY else None)
    # "a、b、c 共 N" and "N（a，b）" — parts equal the total
    for m in re.finditer(r"共\s*(?=\d)", s):
        tt = b.toks_in(m.end(), m.end() + 8)
        if not tt or tt[0].unit not in ("所", "个", "人", "名", "班"):
            continue
        total = tt[0]
        fam = count_like.get(total.unit)
        sa = max(s.rfind("。", 0, m.start()), s.rfind("，", 0, m.start()),
                 s.rfind("；", 0, m.start())) + 1
        parts = [t for t in b.toks_in(sa, m.start()) if t.kind == "number"
                 and count_like.get(t.unit) == fam and not _is_threshold(s, t)]
        if len(parts) < 2 or any(s[p.stop:q.start].find("、") < 0 and
                                 s[p.stop:q.start].find("，") < 0 for p, q in
                                 zip(parts, parts[1:], strict=False)):
            continue
        ctx.add(b, id=f"sum-{b.line_of(total.start)[0]}", kind="sum",
                section=ctx.doc.location(b.line_of(total.start)[0]),
                name_zh=f"{s[total.stop:total.stop + 8].split('，')[0] or '合计'}",
                pattern="sums.listed_total", span=(sa, total.stop + 6), used=[*parts, total],
                parts=[{"label": s[p.stop:p.stop + 8].split("、")[0].strip() or f"第{i + 1}项",
                        "value": p.text} for i, p in enumerate(parts)], total=total.text)
    for m in re.finditer(r"[（(]", s):
        pre = [t for t in b.toks if t.stop <= m.start() and t.stop >= m.start() - 1]
        if not pre or pre[-1].unit not in ("个", "所", "人", "名", "班"):
            continue
        total = pre[-1]
        close = s.find("）" if s[m.start()] == "（" else ")", m.end())
        if close < 0 or close - m.end() > 40:
            continue
        parts = [t for t in b.toks_in(m.end(), close) if t.unit == total.unit]
        inner = s[m.end():close]
        if len(parts) < 2 or "其中" in inner:
            continue
        a = _label_start(s, total.start)
        ctx.add(b, id=f"sum-{b.line_of(total.start)[0]}", kind="sum",
                section=ctx.doc.location(b.line_of(total.start)[0]),
                name_zh=f"{_label(s, total.start) or '合计'}", pattern="sums.parenthesised",
                span=(a, close + 1), used=[total, *parts],
                parts=[{"label": _label(s, p.start) or f"第{i + 1}项", "value": p.text}
                       for i, p in enumerate(parts)], total=total.text)


def _pupil_teacher(ctx: _Ctx, b: _Block) -> None:
    spec = ctx.p.get("pupil_teacher")
    if not spec:
        return
    s = b.s
    for a, z in b.sentences():
        sent = s[a:z]
        m = re.search(spec["pattern"], sent)
        if not m or re.search(spec["norm"], sent):
            continue
        vals: list[tuple[str, str]] = []
        for pm in re.finditer(spec["pair"], sent[m.start():]):
            v = pm.group(2) or pm.group(3)
            vals.append((pm.group(1) or "", v))
        if not vals:
            continue
        pupils = _first_q(ctx, "pupils")
        teachers = _first_q(ctx, "teachers")
        if pupils is None or teachers is None:
            continue
        staff = _first_q(ctx, "staff")
        alts = ([{"label": f"教职工 {staff['num'].text} 人（{staff['where']}）",
                  "denominator": staff["num"].text}] if staff else [])
        values = [{"label": f"{lab}师生比 1:{v}", "value": v} for lab, v in vals]
        ctx.add(b, id="cross-pupil-teacher", kind="cross", section=ctx.doc.location(
                    b.line_of(a)[0]),
                name_zh="师生比与学生数、教师数", pattern="pupil_teacher.counts",
                span=(a, z), used=[], check="ratio_in_range", values=values,
                numerator=pupils["num"].text, denominator=teachers["num"].text,
                alternatives=alts or None,
                note=f"学生 {pupils['num'].text} 人（{pupils['where']}），专任教师 "
                     f"{teachers['num'].text} 人（{teachers['where']}）",
                derived=["numerator", "denominator"])
        ctx.cover(pupils["block"], [pupils["num"]])
        ctx.cover(teachers["block"], [teachers["num"]])


def _one_year_vs_cumulative(ctx: _Ctx) -> None:
    by_key: dict[str, list[dict[str, Any]]] = {}
    for q in ctx.quantities:
        if q["num"].unit in _MONEY and not q["segment"]:
            by_key.setdefault(q["key"], []).append(q)
    for key, qs in by_key.items():
        for one in [q for q in qs if not q["cumulative"]]:
            y = one["year"] or ctx.year
            for cum in [q for q in qs if q["cumulative"]]:
                if cum["since"] is not None and y is not None and cum["since"] > y:
                    continue
                if one["value"] > cum["value"]:
                    b = cum["block"]
                    t = cum["num"]
                    a = _label_start(b.s, t.start)
                    ctx.add(b, id=f"cross-{key.replace('_', '-')}-period", kind="cross",
                            section=f"{one['where']}、{cum['where']}",
                            name_zh=f"{one['spec']['name_zh']}：一年与累计",
                            pattern=f"quantities.{key}.one_year_vs_cumulative",
                            span=(a, t.stop), used=[t], check="part_le_whole",
                            values=[{"label": f"{y}年 {one['label']}", "value": _plain(
                                one["value"]), "section": one["where"]}],
                            total=_plain(cum["value"]), derived=["values", "total"],
                            note=f"累计数为“{cum['label']} {cum['num'].text}{cum['num'].unit}”"
                                 f"（{cum['where']}）", unit_name="元")
                    ctx.cover(one["block"], [one["num"]])


def _school_counts(ctx: _Ctx, b: _Block) -> None:
    spec = ctx.p.get("school_counts")
    schools = _first_q(ctx, "schools", basic=True) or _first_q(ctx, "schools")
    if not spec or schools is None:
        return
    total = schools["value"]
    for m in re.finditer(spec["pattern"], b.s):
        t = next((x for x in b.toks if x.start == m.start(1)), None)
        if t is None or t.value <= total:
            continue
        sa = b.s.rfind("。", 0, m.start()) + 1
        if re.search(spec["exclude"], b.s[sa:m.end()]):
            continue
        z = m.end()
        while z < len(b.s) and b.s[z] not in _SENT_END:
            z += 1
        ctx.add(b, id=f"cross-schools-{b.line_of(t.start)[0]}", kind="cross",
                section=f"{ctx.doc.location(b.line_of(t.start)[0])}、{schools['where']}",
                name_zh="学校数不超过全县学校数", pattern="school_counts.at_most_schools",
                span=(sa, z), used=[t], check="part_le_whole",
                values=[{"label": b.s[sa:z].strip()[:30], "value": t.text}],
                total=_plain(total), derived=["total"], note=f"全县学校 {schools['num'].text} 所（{schools['where']}）")


# ---------------------------------------------------------------------------------------
# per-school tables: CV provenance (official weighted formula or an unweighted variant)
_CELL_SPLIT = re.compile(r"\t| \| |｜|\|| {2,}")


def _cells(ln: Any) -> list[str]:
    if ln.cells:
        return [ln.text[a:b].strip() for a, b in ln.cells]
    t = ln.text.strip()
    return [c.strip() for c in _CELL_SPLIT.split(t)] if _CELL_SPLIT.search(t) else [t]


def _num_cell(text: str) -> Num | None:
    tt = [t for t in tokens(text) if t.kind == "number"]
    return tt[0] if len(tt) == 1 and normalise(text).strip().startswith(tt[0].text) else None


def _school_tables(ctx: _Ctx, cvs: dict[str, dict[str, Num]]) -> None:
    doc = ctx.doc
    items = [p for p in ctx.p["items"] if p["area"] == "resources"]
    lines = doc.lines
    i = 0
    while i < len(lines):
        cells = _cells(lines[i])
        if len(cells) < 3:
            i += 1
            continue
        school_col = next((k for k, c in enumerate(cells) if re.search(r"学校|校名|单位", c)), None)
        pupil_col = next((k for k, c in enumerate(cells)
                          if re.search(r"学生数|在校生|学生人数|^人数", c)), None)
        ind_cols = {}
        for k, c in enumerate(cells):
            for it in items:
                if k not in (school_col, pupil_col) and _match_words(it.get("words", []), c):
                    ind_cols[k] = it["code"]
                    break
        if school_col is None or pupil_col is None or not ind_cols:
            i += 1
            continue
        context = " ".join(ln.text for ln in lines[max(0, i - 3):i + 1])
        segs = [(m.start(), _SEG[m.group(0)]) for m in re.finditer("小学|初中", context)]
        seg = segs[-1][1] if segs else None
        rows: list[tuple[str, Num, dict[int, Num]]] = []
        printed: dict[int, tuple[Num, int]] = {}
        j = i + 1
        while j < len(lines):
            r = _cells(lines[j])
            if len(r) != len(cells):
                break
            if "差异系数" in r[school_col]:
                for k in ind_cols:
                    t = _num_cell(r[k])
                    if t is not None:
                        printed[k] = (t, lines[j].number)
                j += 1
                continue
            p = _num_cell(r[pupil_col])
            vals = {k: t for k in ind_cols if (t := _num_cell(r[k])) is not None}
            if p is None or not vals:
                break
            rows.append((r[school_col], p, vals))
            j += 1
        if seg is not None and len(rows) >= 2:
            head = lines[i]
            for k, code in ind_cols.items():
                have = [(name, p, v[k]) for name, p, v in rows if k in v]
                if len(have) < 2:
                    continue
                cv = printed.get(k)
                cv_t = cv[0] if cv else cvs.get(seg, {}).get(code)
                if cv_t is None:
                    continue
                line = cv[1] if cv else head.number
                cm = Claim(id=ctx.uid(f"{code}-cv-method-{seg}"), kind="cross", check="cv_method",
                          section=doc.location(head.number),
                          name_zh=f"{_SEG_ZH[seg]}{_name(ctx, code)}校际差异系数的算法",
                          quote=doc.line(line).text.strip(), line=line,
                          where=doc.location(line), pattern="school_tables.cv_method",
                          reported=cv_t.text, rule=f"{code}.cv_limit.{seg}",
                          values=tuple({"label": name, "value": v.text, "base": p.text}
                                       for name, p, v in have),
                          derived=("values",))
                ctx.claims.append(cm)
                for n in range(i + 1, min(j, len(lines)) + 1):
                    ctx.covered.update((n, t.start) for t in tokens(doc.line(n).text))
        i = max(j, i + 1)


# ---------------------------------------------------------------------------------------
def _meta(doc: Document) -> tuple[str, str]:
    heads = [ln.text.strip() for ln in doc.lines if ln.text.strip()][:6]
    county = "—"
    for h in heads:
        m = re.search(r"([\u4e00-\u9fff]{1,6}(?:县|区|市|旗))", h)
        if m:
            county = m.group(1)
            county = re.sub(r"^(?:关于|创建|——)", "", county)
            break
    title = next((h for h in heads if "报告" in h or "方案" in h or "规划" in h), heads[0] if
                 heads else "—")
    i = heads.index(title) if title in heads else -1
    if i > 0 and len(title) < 10 and "县" in heads[i - 1]:
        title = heads[i - 1] + title  # a title broken over two lines
    return county, title.strip("—— ")


def _report_year(doc: Document, basic: tuple[int, int] | None) -> int | None:
    from collections import Counter
    if basic is not None:
        ys = [int(y) for n in range(basic[0], basic[1] + 1)
              for y in re.findall(r"((?:19|20)\d\d)\s*年(?!以来)", normalise(doc.line(n).text))]
        if ys:
            return max(ys)
    ys = [int(y) for ln in doc.lines for y in re.findall(r"((?:19|20)\d\d)\s*年",
                                                          normalise(ln.text))]
    return Counter(ys).most_common(1)[0][0] if ys else None


def extract_claims(document: Document | str | Path, *,
                   standard: Standard | str | None = None,
                   patterns: str | Path | Mapping[str, Any] | None = None) -> Extraction:
    """Propose the claims of a report, each with its line, quote and pattern.

    Parameters
    ----------
    document : Document, str or pathlib.Path
        The report (a path is read with :func:`qbalance.io.documents.read_document`).
    standard : Standard or str, optional
        Whose items and thresholds the claims refer to (default ``national-2017``).
    patterns : str, pathlib.Path or mapping, optional
        The pattern data (default: the shipped ``self-evaluation-zh``).

    Returns
    -------
    Extraction
        The proposed :class:`~qbalance.claims.ClaimSet`, the items found and the
        numbers left uncovered.

    Raises
    ------
    DataError
        The report cannot be read, or nothing checkable was found in it.

    Examples
    --------
    The sentence of the Midu (弥渡县) self-evaluation report, 二（三）2 (2023 data): 180 of
    182 disabled children enrolled, printed 98.90 %, under its item heading:

    >>> from qbalance import extract_claims
    >>> from qbalance.io.documents import document_from_text
    >>> doc = document_from_text("某县自评报告\\n（三）教育质量\\n2. 全县残疾儿童少年入学率达到95%以上。\\n"
    ...     "【自评情况】全县残疾儿童少年为 182 人，入学 180 人，入学率为 98.90%。\\n【自评结论】达标")
    >>> c = extract_claims(doc).claims.claims[0]
    >>> c.id, c.numerator, c.denominator, c.reported, c.rule, c.where
    ('Q2-disabled', '180', '182', '98.90%', 'quality.disabled_enrolment_min', 'report:4')
    """
    doc = document if isinstance(document, Document) else read_document(document)
    pats = dict(patterns) if isinstance(patterns, Mapping) else load_patterns(patterns)
    std = standard if isinstance(standard, Standard) else load_standard(
        standard or pats.get("standard", "national-2017"))
    ctx = _Ctx(doc, pats, std)
    n = len(doc.lines)
    # top-level parts
    top = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")
    basic: tuple[int, int] | None = None
    end_eval = n
    starts: list[tuple[int, str]] = []
    for ln in doc.lines:
        t = ln.text.strip()
        if top.match(t) and len(t) < 40:
            starts.append((ln.number, t))
    for i, (k, t) in enumerate(starts):
        nxt = starts[i + 1][0] - 1 if i + 1 < len(starts) else n
        if any(w in t for w in pats["structure"]["basic_words"]) and basic is None:
            basic = (k, nxt)
        elif any(w in t for w in pats["structure"]["end_words"]) and k > (basic or (0, 0))[1]:
            end_eval = min(end_eval, k - 1)
    ctx.year = _report_year(doc, basic)
    # areas and items within the evaluation part
    first_eval = basic[1] + 1 if basic else 1
    heads: list[tuple[int, str, str | None, int | None]] = []  # line, kind, code/area, number
    area: str | None = None
    for ln in doc.lines[first_eval - 1:end_eval]:
        a = _area_of(ln.text, pats)
        if a is not None:
            area = a
            heads.append((ln.number, "area", a, None))
            continue
        m = re.match(pats["structure"]["item_number"], normalise(ln.text))
        if m and area is not None:
            heads.append((ln.number, "item", area, int(m.group(1))))
    # blocks
    blocks: list[tuple[int, int, str, str, int | None]] = []
    for i, (k, kind, ar, num) in enumerate(heads):
        nxt = heads[i + 1][0] - 1 if i + 1 < len(heads) else end_eval
        blocks.append((k, nxt, kind, str(ar), num))
    # quantities first (basic figures are used by the item extractors)
    whole = _Block(doc, 1, n)
    parts = [("basic", basic)] if basic else []
    for part, rng in parts:
        assert rng is not None
        _scan_quantities(ctx, _Block(doc, rng[0], rng[1]), part)
    for k, z, kind, ar, num in blocks:
        _scan_quantities(ctx, _Block(doc, k, z), "evaluation")
    if end_eval < n:
        _scan_quantities(ctx, _Block(doc, end_eval + 1, n), "narrative")
    if not blocks and basic is None:
        _scan_quantities(ctx, whole, "narrative")
    rate = None  # the report's own per-pupil public-funds rate (小学 720 元/生)
    for sa, sz in whole.sentences():
        sent = whole.s[sa:sz]
        if "公用经费" not in sent or re.search(r"特殊|特教", sent):
            continue
        m = re.search(r"小学\s*(?:生均)?\s*(\d+)\s*元\s*/\s*生", sent)
        if m:
            rate = next((t for t in whole.toks if t.start == sa + m.start(1)), None)
            break
    schools_q = _first_q(ctx, "schools", basic=True) or _first_q(ctx, "schools")
    schools = schools_q["num"] if schools_q else None
    alternatives = _teacher_alternatives(ctx, basic)
    cvs: dict[str, dict[str, Num]] = {}
    res_blocks: list[tuple[_Block, str, str | None]] = []
    exemption_rx = pats.get("exemptions", {}).get("built_before")
    area_heads: dict[str, str] = {}
    area_block_verdict: dict[str, str | None] = {}
    for k, z, kind, ar, num in blocks:
        b = _Block(doc, k, z)
        heading = doc.line(k).text
        if kind == "area":
            area_heads[ar] = heading.strip().split("。", 1)[0][:40]
            ordm = re.match(r"^\s*([（(][一二三四五六七八九十]+[)）])", heading)
            area_heads[ar + ":ord"] = ordm.group(1) if ordm else ""
            v, src = _verdict(ctx, b, len(b.s.split("。", 1)[0]))
            area_block_verdict[ar] = v
            res_blocks.append((b, ar, v))
            if ar in ("survey", "veto"):
                ctx.items.append(ItemText(code="S" if ar == "survey" else "V", area=ar,
                                          number=None, line=k, verdict=v, verdict_source=src))
                if ar == "veto":
                    _vetoes(ctx, b, k)
                if ar == "survey":
                    pop = _first_q(ctx, "population")
                    popt = _first_q(ctx, "population_total")
                    _x_survey(ctx, b, 0, area_heads[ar], v, pop["num"] if pop else None,
                              popt["num"] if popt else None)
            continue
        it = _item_for(ctx, ar, num or 0, heading)
        if it is None:
            continue
        sit = re.search(pats["verdicts"]["situation"], b.s)
        body = sit.end() if sit else 0
        head_end = len(b.s.split("。", 1)[0]) if not sit else sit.start()
        v, src = _verdict(ctx, b, head_end)
        ctx.items.append(ItemText(code=it["code"], area=it["area"], number=num, line=k,
                                  verdict=v, verdict_source=src))
        sec = f"{area_heads.get(ar + ':ord', '')}{num}" if num else it["code"]
        ex = None
        if exemption_rx:
            em = re.search(exemption_rx, b.s)
            ex = b.raw[em.start():em.end()].strip("，,。（()） ") if em else None
        used_pct: set[int] = set()
        for x in it.get("extract", []):
            if x == "segment_figures":
                _x_segment_figures(ctx, b, it, body, sec, v, cvs)
            elif x == "ratios":
                _x_ratios(ctx, b, it, body, sec, v, used_pct)
            elif x == "rates":
                _x_rates(ctx, b, it, body, sec, v, used_pct)
            elif x == "consolidation":
                _x_consolidation(ctx, b, it, body, sec, v, used_pct)
            elif x == "over_limit":
                _x_over_limit(ctx, b, it, body, sec, v, ex)
            elif x == "rooms":
                _x_rooms(ctx, b, it, body, sec, v, ex, schools)
            elif x == "small_school_funds":
                _x_small_school_funds(ctx, b, it, body, sec, v, rate)
            elif x == "per_pupil_funds":
                _x_per_pupil_funds(ctx, b, it, body, sec, v)
            elif x == "pay":
                _x_pay(ctx, b, it, body, sec, v)
            elif x == "hours":
                _x_hours(ctx, b, it, body, sec, alternatives)
            elif x == "monitoring":
                _x_monitoring(ctx, b, it, body, sec, v)
            elif x == "survey":
                pop = _first_q(ctx, "population")
                popt = _first_q(ctx, "population_total")
                _x_survey(ctx, b, body, sec, v, pop["num"] if pop else None,
                          popt["num"] if popt else None)
        if it["area"] == "resources":
            res_blocks.append((b, "resources", v))
    for b, ar, v in res_blocks:
        if ar == "resources":
            _x_composite(ctx, b, area_heads.get("resources", "资源配置"),
                         area_block_verdict.get("resources") or v, cvs)
    _school_tables(ctx, cvs)
    # report-wide checks
    from qbalance.audit.rollup import lead_claims
    lead_claims(ctx, blocks, area_heads)
    for b in [whole]:
        _sums(ctx, b)
        _unit_slips(ctx, b)
        _pupil_teacher(ctx, b)
        _school_counts(ctx, b)
    _restatements(ctx)
    _relations(ctx)
    _one_year_vs_cumulative(ctx)
    county, title = _meta(doc)
    if not ctx.claims:
        raise DataError(message("audit.no_claims_found", path=str(doc.path or doc.label)),
                        field="report",
                        value=doc.path or doc.label)
    ordered = sorted(_dedupe([_unpin(c) for c in ctx.claims]), key=lambda c: c.line or 0)
    cs = ClaimSet(county=county, report=title, source=doc.path or doc.label, year=ctx.year,
                  standard=std.id, claims=tuple(ordered),
                  notes=text("audit.extracted_note", None, pattern=str(pats.get("id", "?"))))
    unc, total = _uncovered(ctx, whole)
    return Extraction(document=doc, claims=cs, items=tuple(ctx.items), uncovered=tuple(unc),
                      numbers=total)


def _unpin(c: Claim) -> Claim:
    """An item's 未达标 is not pinned on a part that breaks nothing (0 classes over 50)."""
    from qbalance.vocab import Verdict
    if c.verdict is Verdict.NOT_MET and c.kind.value == "count" and c.breaches is not None \
            and str(c.breaches) == "0" and not c.items:
        return c.model_copy(update={"verdict": None})
    return c


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen: set[str] = set()
    out: list[Claim] = []
    for c in claims:
        key = repr((c.kind, c.line, c.rule, c.reported, c.numerator, c.denominator, c.total,
                    tuple((p.value for p in c.parts)), tuple((v.value for v in c.values)),
                    c.compliant, c.breaches, c.sample))
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


def _teacher_alternatives(ctx: _Ctx, basic: tuple[int, int] | None) -> list[dict[str, Any]]:
    """Teacher and staff counts printed in the basic figures (other denominators)."""
    out: list[dict[str, Any]] = []
    if basic is None:
        return out
    b = _Block(ctx.doc, basic[0], basic[1])
    for a, z in b.sentences():
        sent = b.s[a:z]
        if "教师" not in sent and "教职工" not in sent:
            continue
        toks = [t for t in b.toks_in(a, z) if t.unit in ("人", "名") and t.kind == "number"]
        by: dict[str, dict[str, Num]] = {}
        for t in toks:
            before = b.s[a:t.start]
            lab = _label(b.s, t.start)
            kind = "专任教师" if "专任教师" in lab or ("其中" in lab and "教师" in lab) else (
                "教职工" if "教职工" in before else "教师" if "教师" in lab else "")
            if not kind:
                continue
            seg = _segments_of(b.s, a, [t])[0]
            if seg is None:
                continue
            by.setdefault(kind, {})[seg] = t
        for kind, d in by.items():
            if "primary" in d and "junior" in d:
                p, j = d["primary"], d["junior"]
                out.append({"label": f"基本情况：{kind} 小学{p.text} + 初中{j.text}",
                            "denominator": [p.text, j.text]})
    for q in ctx.quantities:
        if q["key"] in ("teachers", "staff") and not q["segment"]:
            out.append({"label": f"{q['label']} {q['num'].text}（{q['where']}）",
                        "denominator": q["num"].text})
    return out


def _uncovered(ctx: _Ctx, whole: _Block) -> tuple[list[Uncovered], int]:
    out: list[Uncovered] = []
    total = 0
    for t in whole.toks:
        total += 1
        line, col = whole.line_of(t.start)
        if (line, col) in ctx.covered or any(
                (ln, cl) in ctx.covered for ln, cl in [(line, col)]):
            continue
        reason = ""
        s = whole.s
        if t.kind == "year":
            reason = "year"
        elif _is_threshold(s, t):
            reason = "standard wording"
        elif re.match(r"^\s*[（(]?\d{1,2}\s*[.．、)）]", s[_line_start(s, t.start):t.stop + 1]) \
                and _line_start(s, t.start) + 3 >= t.start:
            reason = "item number"
        out.append(Uncovered(line=line, where=ctx.doc.location(line),
                             text=t.text + t.unit, context=s[max(0, t.start - 12):t.stop + 6]
                             .replace("\n", " "), reason=reason))
    return out, total


def _line_start(s: str, off: int) -> int:
    k = s.rfind("\n", 0, off)
    return k + 1
