"""Read the report an inspector holds: plain text, Word (.docx) or a text PDF.

:func:`read_document` turns a report into numbered lines that keep where each
came from, so that every claim found in it (and every finding about it) can be
cited: the 1-based line of a text file, the paragraph or table cell of a .docx,
the page of a PDF.

* Plain text is decoded as UTF-8 (with or without a byte-order mark), else as
  GB18030 (which contains GBK and GB2312).
* A .docx is read with python-docx (extra ``qbalance[documents]``), paragraphs and
  tables in document order; a table row is one line whose cells are separated by
  ``" | "``, and a position in it maps back to its cell.
* A PDF is read with pdfplumber (same extra); only PDFs with a text layer can be
  read (a scan needs OCR first).

Examples
--------
>>> from qbalance.io.documents import document_from_text
>>> doc = document_from_text("一、基本情况\\n全县共有学校 31 所。", label="demo")
>>> doc.lines[1].text, doc.location(2)
('全县共有学校 31 所。', 'demo:2')
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from qbalance._messages import message, os_reason
from qbalance.errors import DataError, MissingDependencyError

__all__ = ["DocLine", "Document", "document_from_text", "read_document"]

DocumentKind = Literal["text", "docx", "pdf"]
CELL_SEP = " | "


@attrs.frozen(slots=True, kw_only=True)
class DocLine:
    """One line of a report, with where it came from.

    Attributes
    ----------
    number : int
        1-based position in the document's list of lines (for a text file, its line).
    text : str
        The text as printed (no line break).
    where : str
        Its place as shown: ``"86"`` (text line), ``"¶12"`` (docx paragraph),
        ``"表1(2)"`` (docx table 1, row 2), ``"p4"`` (PDF page 4).
    page : int or None
        PDF page (1-based).
    paragraph : int or None
        docx paragraph (1-based, counting non-table paragraphs).
    table, row : int or None
        docx table and row (1-based).
    cells : tuple of (int, int)
        For a docx table row: the start and end offset of each cell in :attr:`text`.
    """

    number: int
    text: str
    where: str
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cells: tuple[tuple[int, int], ...] = ()

    def where_at(self, offset: int) -> str:
        """The place of the character at ``offset`` (a table cell is named by its column).

        Parameters
        ----------
        offset : int
            Position in :attr:`text`.

        Returns
        -------
        str
            :attr:`where`, or ``"表t(r,c)"`` for a cell of a table row.
        """
        if self.table is not None:
            for c, (a, b) in enumerate(self.cells, start=1):
                if a <= offset <= b:
                    return f"表{self.table}({self.row},{c})"
        return self.where

    def column_at(self, offset: int) -> int | None:
        """The 1-based table column at ``offset`` (``None`` outside a table).

        Parameters
        ----------
        offset : int
            Position in :attr:`text`.

        Returns
        -------
        int or None
        """
        for c, (a, b) in enumerate(self.cells, start=1):
            if a <= offset <= b:
                return c
        return None


@attrs.frozen(slots=True, kw_only=True)
class Document:
    """A report as numbered lines.

    Attributes
    ----------
    label : str
        Short name used in locations (``"003"`` for ``003_3203af9c04950b46.txt``).
    path : str
        The file read (``""`` for text given directly).
    kind : {"text", "docx", "pdf"}
    encoding : str or None
        The encoding a text file was decoded with.
    lines : tuple of DocLine
    """

    label: str
    path: str
    kind: DocumentKind
    encoding: str | None
    lines: tuple[DocLine, ...]

    def line(self, number: int) -> DocLine:
        """The line with 1-based ``number``.

        Parameters
        ----------
        number : int

        Returns
        -------
        DocLine
        """
        return self.lines[number - 1]

    def location(self, number: int, offset: int | None = None) -> str:
        """``label:where`` of a line (and of a table cell when ``offset`` is given).

        Parameters
        ----------
        number : int
            1-based line.
        offset : int, optional
            Position in the line (names the cell of a table row).

        Returns
        -------
        str
            E.g. ``"003:86"``, ``"rep:¶12"``, ``"rep:表1(2,3)"``, ``"rep:p4"``.
        """
        ln = self.line(number)
        return f"{self.label}:{ln.where if offset is None else ln.where_at(offset)}"

    @property
    def text(self) -> str:
        """The whole report, lines joined by newlines."""
        return "\n".join(ln.text for ln in self.lines)

    def find(self, quote: str) -> int | None:
        """The first line where ``quote`` is printed, ignoring white space.

        A quote may run over a line break of the original; it is found at the line
        it starts on.

        Parameters
        ----------
        quote : str

        Returns
        -------
        int or None
            The 1-based line, ``None`` when the quote is not in the report.
        """
        needle = _squash(quote)
        if not needle:
            return None
        flat, starts = self._flat()
        pos = flat.find(needle)
        if pos < 0:
            return None
        import bisect
        return bisect.bisect_right(starts, pos)

    def _flat(self) -> tuple[str, list[int]]:
        parts: list[str] = []
        starts: list[int] = []
        n = 0
        for ln in self.lines:
            starts.append(n)
            t = _squash(ln.text)
            parts.append(t)
            n += len(t)
        return "".join(parts), starts


def _squash(text: str) -> str:
    return "".join(text.split())


def _label(path: Path) -> str:
    stem = path.stem
    return stem.split("_", 1)[0] if "_" in stem else stem


def document_from_text(text: str, *, label: str = "report", path: str = "",
                       encoding: str | None = None) -> Document:
    """A document from plain text, one line per line of ``text``.

    Parameters
    ----------
    text : str
        The report.
    label : str
        Name used in locations.
    path : str
        Where it came from.
    encoding : str, optional
        The encoding it was decoded with.

    Returns
    -------
    Document
    """
    rows = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = tuple(DocLine(number=i, text=t, where=str(i)) for i, t in enumerate(rows, 1))
    return Document(label=label, path=path, kind="text", encoding=encoding, lines=lines)


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    if b"\x00" in data[:4096]:
        raise DataError(message("document.binary", path=str(path)), field="path",
                        value=str(path))
    texts: list[tuple[str, str]] = []
    for enc in ("utf-8-sig", "gb18030"):
        try:
            texts.append((data.decode(enc), "utf-8" if enc == "utf-8-sig" else enc))
        except UnicodeDecodeError:
            continue
    if len(texts) == 2 and not data.startswith(b"\xef\xbb\xbf"):
        # short GBK text can be valid UTF-8 too (学 = D1 A7 = Cyrillic ѧ): take the reading
        # with more Chinese characters
        if _cjk(texts[1][0]) > _cjk(texts[0][0]):
            return texts[1]
    if texts:
        return texts[0]
    raise DataError(message("document.encoding", path=str(path)), field="path",
                    value=str(path))


def _cjk(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
               or "\uff00" <= ch <= "\uffef")


def _require(module: str, what: str) -> Any:
    import importlib
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        pkg = {"docx": "python-docx", "pdfplumber": "pdfplumber"}[module]
        raise MissingDependencyError(
            message("document.needs", what=what, package=pkg)) from exc


def _read_docx(path: Path, label: str) -> Document:
    docx = _require("docx", ".docx")
    try:
        d = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a bad file
        raise DataError(message("document.bad_docx", path=str(path), reason=str(exc)), field="path",
                        value=str(path)) from exc
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[DocLine] = []
    para = table = 0
    body = d.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para += 1
            text = Paragraph(child, d).text
            for piece in text.split("\n"):
                lines.append(DocLine(number=len(lines) + 1, text=piece, where=f"¶{para}",
                                     paragraph=para))
        elif tag == "tbl":
            table += 1
            for r, row in enumerate(Table(child, d).rows, start=1):
                texts: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:  # merged cells repeat: keep each once
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    texts.append(" ".join(cell.text.split()))
                spans: list[tuple[int, int]] = []
                pos = 0
                for t in texts:
                    spans.append((pos, pos + len(t)))
                    pos += len(t) + len(CELL_SEP)
                lines.append(DocLine(number=len(lines) + 1, text=CELL_SEP.join(texts),
                                     where=f"表{table}({r})", table=table, row=r,
                                     cells=tuple(spans)))
    return Document(label=label, path=str(path), kind="docx", encoding=None,
                    lines=tuple(lines))


def _read_pdf(path: Path, label: str) -> Document:
    pdfplumber = _require("pdfplumber", "PDF")
    lines: list[DocLine] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for p, page in enumerate(pdf.pages, start=1):
                for t in (page.extract_text() or "").split("\n"):
                    lines.append(DocLine(number=len(lines) + 1, text=t, where=f"p{p}", page=p))
    except MissingDependencyError:
        raise
    except Exception as exc:  # pdfminer raises many kinds for a bad file
        raise DataError(message("document.bad_pdf", path=str(path), reason=str(exc)), field="path",
                        value=str(path)) from exc
    if not any(ln.text.strip() for ln in lines):
        raise DataError(message("document.no_text_layer", path=str(path)), field="path",
                        value=str(path))
    return Document(label=label, path=str(path), kind="pdf", encoding=None, lines=tuple(lines))


def read_document(path: str | Path, *, label: str | None = None) -> Document:
    """Read a report: .txt (UTF-8 / GBK / GB18030), .docx or a text PDF.

    Parameters
    ----------
    path : str or pathlib.Path
        The report.  ``.docx`` and ``.pdf`` need the ``documents`` extra
        (python-docx, pdfplumber); any other suffix is read as text.
    label : str, optional
        Name used in locations (default: the file name up to its first ``_``, so
        ``003_3203af9c04950b46.txt`` is ``003``).

    Returns
    -------
    Document

    Raises
    ------
    DataError
        The file cannot be read or decoded.
    MissingDependencyError
        A .docx or .pdf without the extra installed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "县报告.txt"
    >>> _ = p.write_bytes("全县共有学校 31 所。".encode("gbk"))
    >>> doc = read_document(p)
    >>> doc.encoding, doc.lines[0].text
    ('gb18030', '全县共有学校 31 所。')
    """
    p = Path(path)
    lab = label or _label(p)
    suffix = p.suffix.lower()
    if not p.is_file():
        raise DataError(message("document.missing", path=str(p)), field="path",
                        value=str(p))
    if suffix == ".docx":
        return _read_docx(p, lab)
    if suffix == ".pdf":
        return _read_pdf(p, lab)
    if suffix == ".doc":
        raise DataError(message("document.doc", path=str(p)),
                        field="path", value=str(p))
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DataError(message("document.unreadable", path=str(p), reason=os_reason(exc)),
                        field="path",
                        value=str(p)) from exc
    text, enc = _decode(data, p)
    return document_from_text(text, label=lab, path=str(p), encoding=enc)


def lines_of(doc: Document) -> Sequence[DocLine]:
    """The lines of ``doc`` (a convenience for iteration).

    Parameters
    ----------
    doc : Document

    Returns
    -------
    sequence of DocLine
    """
    return doc.lines
