"""Numbers as printed in Chinese reports: digits, full-width digits, Chinese numerals, units.

:func:`tokens` finds every number of a line with its unit, keeping its offsets so that
a claim can cite it.  Full-width digits (``２０１７``) and Chinese numerals before a
count unit (``十二项``, ``两所``) are read; years (``2023年``, ``2023-2025``) and ranges
(``0.285—0.479``) are marked.
"""

from __future__ import annotations

import re
from fractions import Fraction

import attrs

__all__ = ["Num", "chinese_numeral", "normalise", "tokens"]

# one character for one character: offsets stay valid
_FULL = "０１２３４５６７８９．％："
_HALF = "0123456789.%:"
_TRANS = str.maketrans(_FULL, _HALF)

UNITS = (
    "亿万元", "万亿元", "万万元", "万平方米", "平方公里", "平方米", "万元", "亿元", "千元",
    "万人", "人次", "学时", "个百分点", "人", "名", "所", "个", "间", "班", "项", "m²", "㎡",
    "%", "‰", "分", "份", "万", "亿", "元", "套", "台", "次", "岁", "平方", "册", "盏",
)
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_NUM_RE = re.compile(
    r"(?<![\d.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])\s*(" + _UNIT_RE + ")?")
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_RE = re.compile(r"([零一二两三四五六七八九十百千]+)\s*(项|所|个|人|名|间|班)")
_RANGE_SEP = re.compile(r"^\s*(?:—|–|-|~|～|至|到)\s*$")
_YEAR_AFTER = re.compile(r"^\s*(?:年|学年|—|–|-|~|～|至)")


@attrs.frozen(slots=True, kw_only=True)
class Num:
    """A number printed in a line.

    Attributes
    ----------
    text : str
        The digits as printed (normalised to ASCII; thousands separators kept).
    value : fractions.Fraction
        Its exact value (without the unit's scale).
    unit : str
        The unit printed right after it ("" when none).
    start, end : int
        Offsets of the number (without the unit) in the line.
    stop : int
        Offset after the unit.
    kind : {"number", "year", "range", "chinese"}
    """

    text: str
    value: Fraction
    unit: str
    start: int
    end: int
    stop: int
    kind: str = "number"

    @property
    def decimals(self) -> int:
        """Printed decimals."""
        return len(self.text.split(".", 1)[1]) if "." in self.text else 0


def normalise(text: str) -> str:
    """``text`` with full-width digits, point, percent and colon made ASCII (same length).

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> normalise("共有学校３１所，占９８．９％")
    '共有学校31所，占98.9%'
    """
    return text.translate(_TRANS)


def chinese_numeral(text: str) -> int | None:
    """The value of a Chinese numeral up to 9999 (``"十二"`` → 12, ``"两"`` → 2).

    Parameters
    ----------
    text : str

    Returns
    -------
    int or None
        ``None`` when ``text`` is not a numeral.

    Examples
    --------
    >>> chinese_numeral("十五"), chinese_numeral("二十"), chinese_numeral("一百零三")
    (15, 20, 103)
    """
    if not text or any(ch not in "零一二两三四五六七八九十百千" for ch in text):
        return None
    total, cur = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            cur = _CN_DIGITS[ch]
        else:
            mult = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (cur or 1) * mult
            cur = 0
    return total + cur


def tokens(line: str) -> list[Num]:
    """Every number of ``line`` with its unit, in order.

    Parameters
    ----------
    line : str
        One line of a report (full-width digits are read).

    Returns
    -------
    list of Num

    Examples
    --------
    >>> [(n.text, n.unit, n.kind) for n in tokens("2023年共有教师１８００人，占比50%")]
    [('2023', '', 'year'), ('1800', '人', 'number'), ('50', '%', 'number')]
    >>> [(n.text, n.kind) for n in tokens("差异系数在0.285—0.479之间，十二项指标")]
    [('0.285', 'range'), ('0.479', 'range'), ('十二', 'chinese')]
    """
    s = normalise(line)
    out: list[Num] = []
    for m in _NUM_RE.finditer(s):
        digits = m.group(1)
        unit = m.group(2) or ""
        value = Fraction(digits.replace(",", ""))
        kind = "number"
        after = s[m.end(1):m.end(1) + 3]
        if (not unit and "." not in digits and len(digits) == 4 and digits[:2] in ("19", "20")
                and (_YEAR_AFTER.match(after) or s[max(0, m.start() - 1):m.start()] in
                     ("-", "—", "–", "~", "～", "至"))):
            kind = "year"
        out.append(Num(text=digits, value=value, unit=unit, start=m.start(1), end=m.end(1),
                       stop=m.end(), kind=kind))
    # ranges: two numbers joined by a dash or 至
    for a, b in zip(out, out[1:], strict=False):
        if a.kind == "number" and b.kind == "number" and _RANGE_SEP.match(s[a.stop:b.start]) \
                and (not a.unit or a.unit == b.unit):
            out[out.index(a)] = attrs.evolve(a, kind="range")
            out[out.index(b)] = attrs.evolve(b, kind="range")
    for m in _CN_RE.finditer(s):
        v = chinese_numeral(m.group(1))
        if v is None or (m.group(1) in ("一",) and m.group(2) in ("个", "所", "名")):
            continue  # 一所 / 一个: an article, not a count worth checking
        out.append(Num(text=m.group(1), value=Fraction(v), unit=m.group(2), start=m.start(1),
                       end=m.end(1), stop=m.end(), kind="chinese"))
    out.sort(key=lambda n: n.start)
    return out
