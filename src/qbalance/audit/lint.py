"""Lint a hand-written claims file against the report it encodes.

Each claim's ``quote`` must be printed in the report (white space aside), and each
number of the claim must be printed in its quote, unless the claim marks the field as
``derived`` (worked out by the inspector, e.g. a sum of parts).  :func:`lint_claims`
also locates every quote, so that the audit's findings cite their line.

Examples
--------
>>> from qbalance.audit.claims import Claim, ClaimSet
>>> from qbalance.io.documents import document_from_text
>>> from qbalance.audit.lint import lint_claims
>>> doc = document_from_text("第一行\\n全县在岗专任教师 1752 人，占比 100%。", label="r")
>>> cs = ClaimSet(county="某县", report="报告", claims=(Claim(
...     id="G12", kind="ratio", section="12", name_zh="持证率", numerator=1752,
...     denominator=1752, reported="100%", quote="全县在岗专任教师 1752 人，占比 100%"),))
>>> located, problems = lint_claims(cs, doc)
>>> located.claims[0].where, problems
('r:2', ())
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from qbalance._messages import Both, pair
from qbalance.audit._numbers import tokens
from qbalance.audit.claims import Claim, ClaimSet
from qbalance.io.documents import Document
from qbalance.vocab import Lang

__all__ = ["LintProblem", "claim_numbers", "lint_claims"]

_SKIP = {"id", "kind", "section", "name_zh", "name_en", "quote", "note", "rule", "line",
         "where", "pattern", "derived", "year", "series", "count", "per", "threshold", "op",
         "unit", "unit_name", "numerator_unit", "denominator_unit", "reported_unit",
         "population_unit", "segment", "variant", "cap", "relation", "allowed", "verdict",
         "exemption", "plausible", "plausible_reason", "alternatives", "area", "check",
         "not_done", "label", "section", "base"}


@attrs.frozen(slots=True)
class LintProblem:
    """A problem of a hand-written claim.

    Attributes
    ----------
    claim : str
        The claim's id.
    code : str
        ``"quote_not_found"``, ``"number_not_in_quote"`` or ``"no_quote"``.
    zh, en : str
        The explanation.
    """

    claim: str
    code: str
    zh: str
    en: str

    def text(self, lang: Lang = "zh") -> str:
        """The explanation in ``lang``.

        Parameters
        ----------
        lang : {"zh", "en"}

        Returns
        -------
        str
        """
        return Both(self.zh, self.en).render(lang)


def _norm(x: str) -> str:
    x = x.replace(",", "")
    if "." in x:
        x = x.rstrip("0").rstrip(".")
    return x or "0"


def claim_numbers(c: Claim) -> dict[str, list[str]]:
    """The printed numbers of a claim by field (derived fields left out).

    Parameters
    ----------
    c : Claim

    Returns
    -------
    dict of str to list of str
        Field name → the numbers in it, normalised (``"50.20"`` → ``"50.2"``).
    """
    out: dict[str, list[str]] = {}
    data = c.model_dump(mode="json")

    def walk(field: str, v: Any) -> None:
        if isinstance(v, dict):
            for k, x in v.items():
                if k not in _SKIP:
                    walk(field, x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                walk(field, x)
        elif isinstance(v, (int, float, str)) and not isinstance(v, bool):
            for m in re.findall(r"\d+(?:\.\d+)?", str(v).replace(",", "")):
                out.setdefault(field, []).append(_norm(m))

    for k, v in data.items():
        if k in _SKIP or k in c.derived or v is None:
            continue
        if isinstance(v, (int, float)) and not isinstance(v, bool) and v == 0 and k in (
                "transferred_in", "transferred_out", "resumed", "suspended", "deceased"):
            continue
        walk(k, v)
    return out


def lint_claims(claims: ClaimSet, document: Document) -> tuple[ClaimSet, tuple[LintProblem, ...]]:
    """Check every quote and number of ``claims`` against the report; locate the quotes.

    Parameters
    ----------
    claims : ClaimSet
        Hand-written claims.
    document : Document
        The report they encode.

    Returns
    -------
    (ClaimSet, tuple of LintProblem)
        The claims with ``line`` and ``where`` set from their quotes, and the problems.

    Examples
    --------
    A claim of Midu's 2023 quota (二（二）14) typed with 523 for the printed 532, and a
    denominator from another sentence not marked ``derived``:

    >>> from qbalance.audit.claims import Claim, ClaimSet
    >>> from qbalance.audit.lint import lint_claims
    >>> from qbalance.io.documents import document_from_text
    >>> doc = document_from_text("分配名额 532 人，占比 50%。", label="r")
    >>> cs = ClaimSet(county="某县", report="r", claims=(Claim(id="q", kind="ratio",
    ...     section="14", name_zh="名额", numerator=523, denominator=1065, reported="50%",
    ...     quote="分配名额 532 人，占比 50%"),))
    >>> [p.en for p in lint_claims(cs, doc)[1]]
    ['Field numerator: 523 not in the quote (mark the field as derived if it is worked out).', 'Field denominator: 1065 not in the quote (mark the field as derived if it is worked out).']
    """
    problems: list[LintProblem] = []
    located: list[Claim] = []
    for c in claims.claims:
        if not c.quote:
            problems.append(LintProblem(c.id, "no_quote", *pair("lint.no_quote")))
            located.append(c)
            continue
        parts = [p for p in re.split(r"\s*(?:…|\.\.\.|／| / )\s*", c.quote) if p.strip()]
        line = document.find(parts[0]) if parts else None
        missing = [p for p in parts if document.find(p) is None]
        if missing:
            problems.append(LintProblem(
                c.id, "quote_not_found", *pair("lint.quote_not_found", quote=missing[0][:40])))
        if line is not None:
            c = c.model_copy(update={"line": line, "where": document.location(line)})
        located.append(c)
        quote = c.quote or ""
        in_quote = {_norm(t.text) for t in tokens(quote) if t.kind != "chinese"}
        in_quote |= {str(int(t.value)) for t in tokens(quote) if t.kind == "chinese"}
        for field, nums in claim_numbers(c).items():
            bad = [n for n in nums if n not in in_quote]
            if bad:
                problems.append(LintProblem(
                    c.id, "number_not_in_quote",
                    *pair("lint.number_not_in_quote", field=field,
                          numbers=Both("、".join(bad), ", ".join(bad)))))
    return claims.model_copy(update={"claims": tuple(located)}), tuple(problems)
