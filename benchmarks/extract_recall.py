"""Recall of automatic extraction against the shipped hand-written claims files (issue 16).

For each source report, the error and warning findings of the hand-written claims file
(``qbalance audit <county>``) are the reference.  ``qbalance audit REPORT`` (extraction
alone, no hand-written file) reproduces a reference finding when one of its error or
warning findings has the same finding code and shares a printed number with the hand
claim (or, for a claim without numbers, the same indicator code).

False alarms are extracted error-severity findings that match no hand-written error or
warning and are not listed, with the reason they are right, in
``tests/data/extract_expected.toml`` (the findings the shipped files miss, e.g.
Pingyuan's lead claim contradicted by its item 31).

Run:  PYTHONPATH=src python benchmarks/extract_recall.py   (exit 1 when a target fails)
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path
from typing import Any

from qbalance import audit, example_claims
from qbalance.audit.rollup import audit_report, item_of

ROOT = Path(__file__).resolve().parents[1]
REPORTS = Path(__import__("os").environ.get("QBALANCE_REPORTS", ROOT.parent.parent /
                                            "shared" / "reports"))
if not REPORTS.is_dir():
    REPORTS = Path("/work/shared/reports")
FILES = {"pingyuan": "000", "baoqing": "002", "midu": "003", "lianping": "004"}
EXPECTED = ROOT / "tests" / "data" / "extract_expected.toml"


def numbers(obj: Any) -> set[str]:
    """Every printed number in a claim's data, normalised ("50.20" -> "50.2")."""
    out: set[str] = set()
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k not in ("id", "section", "name_zh", "name_en", "quote", "note", "rule", "line",
                         "where", "pattern", "year", "series", "count", "per", "threshold"):
                out |= numbers(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            out |= numbers(v)
    elif isinstance(obj, (int, float, str)) and not isinstance(obj, bool):
        for m in re.findall(r"\d+(?:\.\d+)?", str(obj).replace(",", "")):
            t = m.rstrip("0").rstrip(".") if "." in m else m
            if t not in ("0", "1", "100"):
                out.add(t)
    return out


def path_of(code: str) -> Path:
    return next(REPORTS.glob(f"{code}_*.txt"))


def main() -> int:
    expected = tomllib.loads(EXPECTED.read_text("utf-8")) if EXPECTED.is_file() else {}
    total_ref = total_hit = total_false = 0
    total_before = [0, 0]
    ok = True
    for name, code in FILES.items():
        hand = audit(example_claims(name))
        ra = audit_report(path_of(code))
        auto = [a for a in ra.audit.audits if a.status in ("error", "warning")]
        auto_keys = [(set(a.codes), numbers(a.claim.model_dump(mode="json")),
                      item_of(a.claim.id), a) for a in auto]
        ref = [a for a in hand.audits if a.status in ("error", "warning")]
        hits, misses = [], []
        matched: set[str] = set()
        for h in ref:
            hc, hn = set(h.codes), numbers(h.claim.model_dump(mode="json"))
            hit, best = None, -1
            for codes, nums, item, a in auto_keys:
                if not codes & hc:
                    continue
                score = len(nums & hn) if hn else (1 if item and item == item_of(h.claim.id)
                                                   else 0)
                score -= 100 if a.claim.id in matched else 0
                if score > 0 and score > best:
                    hit, best = a, score
            if hit is not None:
                hits.append((h, hit))
                matched.add(hit.claim.id)
            else:
                misses.append(h)
        # extracted errors no hand-written error/warning explains
        extra_ok = {e["id"]: e["why"] for e in expected.get(name, {}).get("extra", [])}
        errors = [a for a in ra.audit.audits if a.status == "error" and a.claim.id not in matched]
        false = [a for a in errors if a.claim.id not in extra_ok]
        recall = len(hits) / len(ref) if ref else 1.0
        # the findings the hand-written files gave before issue 16 (not_met is new)
        before = [h for h in ref if set(h.codes) - {"not_met"}]
        hit_before = [h for h, _ in hits if set(h.codes) - {"not_met"}]
        total_before[0] += len(before)
        total_before[1] += len(hit_before)
        total_ref += len(ref)
        total_hit += len(hits)
        total_false += len(false)
        print(f"{name:9} ({code}): hand-written error/warning {len(ref):2}, reproduced "
              f"{len(hits):2} ({recall:.0%}); extracted claims {len(ra.audit.audits)}, "
              f"extra errors {len(errors)} (explained {len(errors) - len(false)}), "
              f"false alarms {len(false)}")
        for h in misses:
            print(f"    missed: {h.claim.id} {h.status} {' '.join(h.codes)}")
        for a in false:
            print(f"    FALSE ALARM? {a.claim.id} {a.claim.where} {' '.join(a.codes)}: "
                  f"{a.findings[0].en[:120]}")
        for e in expected.get(name, {}).get("must_find", []):
            got = any(a.claim.id == e["id"] and e["code"] in a.codes for a in ra.audit.audits)
            print(f"    must find {e['id']} [{e['code']}]: {'yes' if got else 'NO'}")
            ok &= got
    recall = total_hit / total_ref if total_ref else 1.0
    print(f"before issue 16's severity rules: {total_before[1]} / {total_before[0]} = "
          f"{total_before[1] / max(1, total_before[0]):.1%}")
    print(f"overall: {total_hit} / {total_ref} = {recall:.1%} (target >= 90 %), "
          f"false error-severity alarms {total_false} (target 0)")
    ok &= recall >= 0.9 and total_false == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
