"""Every shipped hand-written claims file lints clean against its report.

Each claim's quote is printed verbatim in the source report (white space aside) and
every number of the claim is printed in its quote, unless the claim marks the field
``derived`` (worked out by the inspector; the claims file says how in a comment).
The reports live outside the repository (``/work/shared/reports`` or
``$QBALANCE_REPORTS``); without them the lint tests skip.  The claims file names its
report as ``(source file NNN)`` in ``source``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from qbalance.audit.claims import available_claim_examples, example_claims
from qbalance.audit.lint import lint_claims
from qbalance.io.documents import read_document

REPORTS = Path(os.environ.get("QBALANCE_REPORTS", "/work/shared/reports"))
needs_reports = pytest.mark.skipif(not (REPORTS / "README.md").is_file(),
                                   reason="source reports not available (set QBALANCE_REPORTS)")

#: Lint problems accepted in a shipped file, with the reason (none today).
ACCEPTED: dict[str, dict[str, str]] = {}


def report_of(name: str) -> Path:
    source = example_claims(name).source or ""
    m = re.search(r"source file (\d{3})", source)
    assert m, f"{name}: `source` does not name its report as (source file NNN): {source!r}"
    (path,) = REPORTS.glob(f"{m.group(1)}_*.txt")
    return path


@needs_reports
@pytest.mark.parametrize("name", available_claim_examples())
def test_shipped_claims_lint_clean(name: str) -> None:
    claims = example_claims(name)
    located, problems = lint_claims(claims, read_document(report_of(name)))
    left = [f"{p.claim} {p.code}: {p.en}" for p in problems
            if p.claim not in ACCEPTED.get(name, {})]
    assert left == []
    # every claim has a quote, and it is located in the report
    assert all(c.quote and c.line is not None for c in located.claims)


@needs_reports
def test_the_lint_would_catch_a_broken_quote() -> None:
    claims = example_claims("midu")
    c = claims.claims[0]
    typo = c.model_copy(update={"quote": (c.quote or "").replace("3895.9", "3859.9")})
    broken = claims.model_copy(update={"claims": (typo, *claims.claims[1:])})
    _, problems = lint_claims(broken, read_document(report_of("midu")))
    assert {p.code for p in problems if p.claim == c.id} == {"quote_not_found",
                                                            "number_not_in_quote"}


def test_a_lint_problem_reads_in_the_language_asked_chinese_by_default() -> None:
    from qbalance.audit.lint import LintProblem
    from qbalance.errors import SpecError

    p = LintProblem(claim="c1", code="no_quote", zh="没有引文", en="no quote")
    assert (p.text(), p.text("zh"), p.text("en")) == ("没有引文", "没有引文", "no quote")
    with pytest.raises(SpecError):
        p.text("fr")  # type: ignore[arg-type]
