"""Plain-text table helpers that align Chinese (full-width) characters."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def width(text: str) -> int:
    """Display width in a terminal: wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, n: int, *, right: bool = False) -> str:
    """Pad ``text`` with spaces to display width ``n``."""
    fill = " " * max(0, n - width(text))
    return fill + text if right else text + fill


def table(header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[bool]) -> str:
    """A plain-text table; ``right[j]`` right-aligns column ``j``."""
    cols = list(zip(header, *rows, strict=False))
    widths = [max(width(c) for c in col) for col in cols]
    lines = []
    for r in [header, *rows]:
        lines.append("  ".join(pad(c, widths[j], right=right[j]) for j, c in enumerate(r)).rstrip())
    sep = "  ".join("-" * w for w in widths)
    return "\n".join([lines[0], sep, *lines[1:]])


def fmt(x: float | None, nd: int = 3) -> str:
    """A number with ``nd`` decimals, or an em dash for ``None``."""
    return "—" if x is None else f"{x:,.{nd}f}"


def position_name(i: int, labels: Sequence[str] | None) -> str:
    """``"<label> (position i)"`` for error messages, or ``"position i"`` without labels."""
    if labels is not None and 0 <= i < len(labels):
        return f"{labels[i]} (position {i})"
    return f"position {i}"


def label_at(i: int, labels: Sequence[str] | None) -> str | None:
    """The label of position ``i`` (the school an error names), or ``None``."""
    return str(labels[i]) if labels is not None and 0 <= i < len(labels) else None


def col_letter(j: int) -> str:
    """Spreadsheet column letters of 0-based column ``j`` (0 → A, 26 → AA)."""
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s
