"""A report's printed claims against the figures computed from the county's own data.

The pre-publication check a bureau wants (``qbalance evaluate DATA --audit CLAIMS``):
the audit proper checks that each printed figure follows from the numbers printed
beside it; this module checks that those numbers are the county's, by comparing

* the indicator CVs and the composite CV a ``composite_cv`` claim prints for a
  segment with the CVs computed from the schools' data (rounded as printed);
* the numerator / denominator of a ``ratio`` claim whose id is an indicator code and
  one word (``G14-quota``, ``Q2-disabled``) with the exact value of that indicator
  computed from the county's facts, when the indicator has one figure (claims of
  another year, named by a year in the id or by ``year``, are skipped).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import attrs

from qbalance._messages import check_lang
from qbalance.audit.claims import ClaimKind, ClaimSet, quantity_value
from qbalance.rounding import parse_reported
from qbalance.vocab import Lang

__all__ = ["Difference", "compare_with_county"]


@attrs.frozen(slots=True, kw_only=True)
class Difference:
    """One printed figure that differs from the county's own data.

    Attributes
    ----------
    claim : str
        The claim's id.
    what_zh, what_en : str
        What differs.
    printed : str
        The figure as the report prints it.
    computed : str
        The same figure computed from the county's data (rounded as printed).
    """

    claim: str
    what_zh: str
    what_en: str
    printed: str
    computed: str

    def text(self, lang: Lang = "zh") -> str:
        """One line: ``Q2-disabled：入学率：报告 46/48，本县数据 47/48``.

        Parameters
        ----------
        lang : {"zh", "en"}
            Language (Chinese by default).

        Returns
        -------
        str
            The claim, what differs, the printed and the computed figure.
        """
        lang = check_lang(lang)
        if lang == "en":
            return (f"{self.claim}: {self.what_en}: printed {self.printed}, "
                    f"county data {self.computed}")
        return f"{self.claim}：{self.what_zh}：报告 {self.printed}，本县数据 {self.computed}"


def _rounded(x: float, decimals: int) -> Decimal:
    return Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _num(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else repr(float(x))


def compare_with_county(claims: ClaimSet, result: Any) -> tuple[Difference, ...]:
    """The claims whose figures differ from those computed from the county's data.

    Parameters
    ----------
    claims : ClaimSet
        The report's claims.
    result : CountyEvaluation or ResourceEvaluation
        The evaluation of the county's own data.

    Returns
    -------
    tuple of Difference
        Every printed figure that the county's data does not give, in claim order.

    Examples
    --------
    >>> import qbalance
    >>> from qbalance.audit.claims import ClaimSet
    >>> result = qbalance.evaluate_county(qbalance.example_county())
    >>> claims = ClaimSet(county="示例县", report="自评报告", claims=[
    ...     {"id": "Q2-disabled", "kind": "ratio", "section": "二（三）2",
    ...      "name_zh": "残疾儿童少年入学率", "numerator": 46, "denominator": 48,
    ...      "reported": "95.83%"}])
    >>> for d in compare_with_county(claims, result):
    ...     print(d.text())
    Q2-disabled：入学率：报告 46/48，本县数据 47/48
    """
    resources = getattr(result, "resources", result)
    checks = {c.code: c for c in getattr(result, "checks", ())}
    year = getattr(result, "year", None)
    out: list[Difference] = []
    for c in claims.claims:
        if c.year is not None and year is not None and c.year != year:
            continue
        if c.kind is ClaimKind.COMPOSITE_CV and c.segment is not None and resources:
            try:
                seg = resources.segment(c.segment)
            except (KeyError, ValueError):
                continue
            for k, printed in enumerate(c.cvs or ()):
                code = f"R{k + 1}"
                cv = seg.indicator(code).cv
                p = parse_reported(printed)
                if cv is not None and _rounded(cv, p.decimals) != p.value:
                    out.append(Difference(claim=c.id, what_zh=f"{code} 差异系数",
                                          what_en=f"{code} CV", printed=printed,
                                          computed=str(_rounded(cv, p.decimals))))
            if c.reported is not None and seg.composite_cv is not None:
                p = parse_reported(c.reported)
                got = _rounded(seg.composite_cv, p.decimals)
                if got != p.value:
                    out.append(Difference(claim=c.id, what_zh="综合差异系数", what_en="composite CV",
                                          printed=c.reported, computed=str(got)))
        elif c.kind is ClaimKind.RATIO and c.numerator is not None and c.denominator is not None:
            parts = c.id.split("-")
            years = [int(x) for x in parts if x.isdigit() and len(x) == 4]
            if len(parts) > 2 or (years and year is not None and years[0] != year):
                continue  # a sub-figure (code-what-detail) or another year's figure
            check = checks.get(parts[0])
            if check is None or len(check.measures) != 1:
                continue  # no such indicator, or several figures: which one is unclear
            exact = check.measures[0].exact
            if not isinstance(exact, Fraction):
                continue
            num, den = quantity_value(c.numerator), quantity_value(c.denominator)
            if den != 0 and Fraction(num) / Fraction(den) != exact:
                m = check.measures[0]
                out.append(Difference(claim=c.id, what_zh=m.name_zh or "比例",
                                      what_en=m.name_en or "ratio",
                                      printed=f"{_num(num)}/{_num(den)}",
                                      computed=f"{exact.numerator}/{exact.denominator}"))
    return tuple(out)
