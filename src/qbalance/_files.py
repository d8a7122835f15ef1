"""Reading input files defensively: size caps, encodings, binary garbage, deep nesting.

Every reader of a user's file (county and mapping files, claims files, result files,
CSV tables) goes through these helpers, so that a file saved as GBK by Windows
Notepad is read, binary garbage or an endless input is refused with a clear
:class:`qbalance.DataError`, and a deeply nested or truncated JSON file never escapes
as a ``RecursionError`` or ``UnicodeDecodeError``.

The caps can be raised with the environment variables ``QBALANCE_MAX_INPUT_MB``
(bytes read from one file, default 512) and ``QBALANCE_MAX_ROWS`` (rows of one
table, default 2 000 000).

Messages are catalogue messages (:mod:`qbalance._messages`, codes ``input.*``): Chinese
by default, English with ``lang="en"`` / ``QBALANCE_LANG=en``.
"""

from __future__ import annotations

import json
import math
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from qbalance._messages import Message, os_reason
from qbalance._messages import message as _message
from qbalance._messages import text as _text
from qbalance.errors import DataError
from qbalance.vocab import Lang

__all__ = [
    "decode_text",
    "load_json_text",
    "load_toml_text",
    "max_input_bytes",
    "max_rows",
    "message",
    "read_capped",
    "read_text_file",
]



def message(code: str, lang: Lang | None = None, **values: Any) -> str:
    """The catalogue message ``code`` rendered now, in ``lang`` (default: the session
    language).

    Parameters
    ----------
    code : str
        A code of the catalogue (:mod:`qbalance._messages`), ``input.*`` here.
    lang : {"zh", "en"}, optional
        Language; default the session language (:func:`qbalance.get_lang`: ``set_lang``,
        ``QBALANCE_LANG``, else ``"zh"``).
    **values
        The template's fields.

    Returns
    -------
    str
        The filled template.

    Examples
    --------
    >>> from qbalance._files import message
    >>> message("input.unreadable", "en", path="x.csv", reason="no such file")
    'cannot read x.csv: no such file'
    """
    return _text(code, lang, **values)


def max_input_bytes() -> int:
    """Most bytes read from one input file (``QBALANCE_MAX_INPUT_MB``, default 512 MB)."""
    try:
        mb = float(os.environ.get("QBALANCE_MAX_INPUT_MB", "512"))
    except ValueError:
        mb = 512.0
    return int(mb * 1024 * 1024)


def max_rows() -> int:
    """Most rows read from one table (``QBALANCE_MAX_ROWS``, default 2 000 000)."""
    try:
        return int(os.environ.get("QBALANCE_MAX_ROWS", "2000000"))
    except ValueError:
        return 2_000_000


#: Deepest nesting accepted in JSON / TOML / YAML input (qbalance files nest < 10 levels).
MAX_DEPTH = 64


def read_capped(path: Path, *, limit: int | None = None) -> bytes:
    """The bytes of ``path``, refusing files (or endless streams) beyond ``limit``.

    Parameters
    ----------
    path : pathlib.Path
        The file.
    limit : int, optional
        Bytes allowed (default :func:`max_input_bytes`).

    Returns
    -------
    bytes
        The whole content.

    Raises
    ------
    DataError
        The file cannot be opened or is larger than the limit.
    """
    cap = max_input_bytes() if limit is None else limit
    try:
        if path.is_dir():
            raise DataError(_message("input.is_dir", path=path),
                            field="path", value=str(path))
        with path.open("rb") as fh:
            raw = fh.read(cap + 1)
    except FileNotFoundError as exc:
        raise DataError(_message("input.no_file", path=path),
                        field="path", value=str(path)) from exc
    except PermissionError as exc:
        raise DataError(_message("input.no_permission", path=path),
                        field="path", value=str(path)) from exc
    except OSError as exc:
        raise DataError(_message("input.unreadable", path=path, reason=os_reason(exc)),
                        field="path", value=str(path)) from exc
    if len(raw) > cap:
        raise DataError(_message("input.too_large", path=path, limit=round(cap / 2**20, 1)),
                        field="path", value=str(path))
    return raw


_CONTROL = frozenset(range(0, 32)) - {9, 10, 11, 12, 13}


def decode_text(raw: bytes, source: str, encoding: str | None = None) -> str:
    """Decode a text file: a forced ``encoding``, else UTF-8 (BOM or not), UTF-16 with
    a BOM, then GB18030 (which covers GBK and GB2312, as Windows Notepad and Chinese
    Excel save them).

    Parameters
    ----------
    raw : bytes
        The file's bytes.
    source : str
        Name used in error messages.
    encoding : str, optional
        Force an encoding.

    Returns
    -------
    str
        The text, without a BOM.

    Raises
    ------
    DataError
        Binary content (NUL or other control bytes), or bytes no encoding decodes.

    Examples
    --------
    >>> from qbalance._files import decode_text
    >>> decode_text('name = "示例县"'.encode("gbk"), "county.toml")
    'name = "示例县"'
    """
    if encoding:
        try:
            text = raw.decode(encoding)
        except LookupError as exc:
            raise DataError(_message("input.unknown_encoding", path=source, encoding=encoding),
                            field="encoding",
                            value=encoding) from exc
        except UnicodeDecodeError as exc:
            raise DataError(_message("input.encoding_forced", path=source, encoding=encoding,
                                    offset=exc.start), field="encoding",
                            value=encoding) from exc
        return _check_text(text.removeprefix("\ufeff"), source)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(raw.decode("utf-16"), source)
        except UnicodeDecodeError:
            pass
    _check_binary(raw, source)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        return _check_text(_gbk_lookalike(raw, text), source)
    try:
        return _check_text(raw.decode("gb18030"), source)
    except UnicodeDecodeError:
        pass
    raise DataError(_message("input.encoding", path=source, offset=first_bad), field="encoding")


def _cjk(c: str) -> bool:
    o = ord(c)
    return (0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF
            or 0x3400 <= o <= 0x4DBF or 0x2000 <= o <= 0x206F)


def _gbk_lookalike(raw: bytes, text: str) -> str:
    """``text`` (valid UTF-8), or its GB18030 reading when the bytes are GBK Chinese that
    happen to be valid UTF-8 too (``学校`` in GBK reads ``ѧУ`` as UTF-8): every non-ASCII
    character of the UTF-8 reading is a two-byte one (no CJK) while the GB18030 reading
    is all Chinese."""
    wide = [c for c in text if ord(c) > 0x7F and c != "\ufeff"]
    if not wide or any(ord(c) > 0x7FF for c in wide):
        return text
    try:
        other = raw.decode("gb18030")
    except UnicodeDecodeError:
        return text
    if all(_cjk(c) for c in other if ord(c) > 0x7F):
        return other
    return text


def _check_binary(raw: bytes, source: str) -> None:
    head = raw[:65536]
    bad = [b for b in head if b in _CONTROL]
    if bad:
        sample = " ".join(f"0x{b:02x}" for b in dict.fromkeys(bad[:8]))
        raise DataError(_message("input.binary", path=source, sample=sample), field="encoding")


def _check_text(text: str, source: str) -> str:
    bad = [c for c in text[:65536] if ord(c) in _CONTROL]
    if bad:
        sample = " ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(bad[:8]))
        raise DataError(_message("input.binary", path=source, sample=sample), field="encoding")
    return text


def read_text_file(path: Path, *, encoding: str | None = None,
                   limit: int | None = None) -> str:
    """:func:`read_capped` then :func:`decode_text`.

    Parameters
    ----------
    path : pathlib.Path
        The file.
    encoding : str, optional
        Force an encoding.
    limit : int, optional
        Byte cap (default :func:`max_input_bytes`).

    Returns
    -------
    str
        The decoded text.
    """
    return decode_text(read_capped(path, limit=limit), str(path), encoding)


#: A quoted string (backslash escapes; an unclosed one runs to the end), or a bracket.
_DEPTH_TOKENS = re.compile(r'"[^"\\]*(?:\\[\s\S][^"\\]*)*(?:"|\\?\Z)'
                           r"|'[^'\\]*(?:\\[\s\S][^'\\]*)*(?:'|\\?\Z)"
                           r"|[\[\]{}]")


def _depth(text: str, opening: str, closing: str) -> int:
    """Deepest bracket nesting of ``text`` outside strings (a quick scan: the strings
    and brackets are found by a regular expression, the rest is skipped unread)."""
    if set(opening + closing) <= set("[]{}"):
        depth = deepest = 0
        for m in _DEPTH_TOKENS.finditer(text):
            ch = m.group()
            if ch in opening:
                depth += 1
                if depth > deepest:
                    deepest = depth
                    if deepest > MAX_DEPTH:
                        return deepest
            elif ch in closing:
                depth -= 1
        return deepest
    return _depth_scan(text, opening, closing)


def _depth_scan(text: str, opening: str, closing: str) -> int:
    """:func:`_depth` character by character (for brackets other than ``[]{}``)."""
    depth = deepest = 0
    in_str = False
    esc = False
    quote = ""
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == quote:
                in_str = False
            continue
        if ch in "\"'":
            in_str, quote = True, ch
        elif ch in opening:
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
        elif ch in closing:
            depth -= 1
    return deepest


def _finite_float(s: str) -> float:
    """A JSON / TOML float, refused (``ValueError`` naming the text) unless finite."""
    v = float(s)
    if not math.isfinite(v):
        raise ValueError(s)
    return v


def load_json_text(text: str, source: str) -> Any:
    """Parse JSON, refusing deep nesting and infinite numbers (``Infinity``, ``1e999``);
    ``NaN`` (an undefined figure in a saved result) is read as NaN and left to the
    model or result checks.

    Parameters
    ----------
    text : str
        The JSON text.
    source : str
        Name used in error messages.

    Returns
    -------
    object
        The parsed data.

    Raises
    ------
    DataError
        Invalid or truncated JSON, nesting deeper than :data:`MAX_DEPTH`, or a
        non-finite number.
    """
    if _depth(text, "[{", "]}") > MAX_DEPTH:
        raise DataError(_message("input.too_deep", path=source, limit=MAX_DEPTH), field="path",
                        value=source)

    def constant(name: str) -> float:
        if name == "NaN":  # an undefined figure (a CV of an all-zero indicator)
            return math.nan
        raise ValueError(name)

    try:
        return json.loads(text, parse_float=_finite_float, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise DataError(_message("input.json_syntax", path=source, reason=exc, line=exc.lineno,
                                 col=exc.colno), field="path", value=source) from exc
    except ValueError as exc:
        raise DataError(_message("input.not_finite", path=source, value=str(exc)), field="path",
                        value=source) from exc
    except RecursionError as exc:
        raise DataError(_message("input.too_deep", path=source, limit=MAX_DEPTH), field="path",
                        value=source) from exc


def _toml_syntax(source: str, exc: tomllib.TOMLDecodeError) -> Message:
    """A TOML syntax error: the position in Chinese, the parser's own text in English."""
    at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    if at is not None:
        return _message("input.toml_syntax", path=source, reason=exc, line=int(at[1]),
                        col=int(at[2]))
    if "end of document" in str(exc):
        return _message("input.toml_syntax_end", path=source, reason=exc)
    return _message("input.toml_invalid", path=source, reason=exc)


def load_toml_text(text: str, source: str) -> dict[str, Any]:
    """Parse TOML, refusing deep nesting and non-finite numbers (``nan``, ``inf``).

    Parameters
    ----------
    text : str
        The TOML text.
    source : str
        Name used in error messages.

    Returns
    -------
    dict
        The parsed table.

    Raises
    ------
    DataError
        Invalid TOML, nesting deeper than :data:`MAX_DEPTH`, or a non-finite number.
    """
    if _depth(text, "[{", "]}") > MAX_DEPTH:
        raise DataError(_message("input.too_deep", path=source, limit=MAX_DEPTH), field="path",
                        value=source)

    try:
        return tomllib.loads(text, parse_float=_finite_float)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(_toml_syntax(source, exc), field="path", value=source) from exc
    except ValueError as exc:
        raise DataError(_message("input.not_finite", path=source, value=str(exc)), field="path",
                        value=source) from exc
    except RecursionError as exc:
        raise DataError(_message("input.too_deep", path=source, limit=MAX_DEPTH), field="path",
                        value=source) from exc


def load_yaml_text(text: str, source: str) -> Any:
    """Parse YAML safely (needs the ``yaml`` extra), refusing deep nesting.

    Parameters
    ----------
    text : str
        The YAML text.
    source : str
        Name used in error messages.

    Returns
    -------
    object
        The parsed data.

    Raises
    ------
    DataError
        Invalid YAML or nesting deeper than :data:`MAX_DEPTH`.
    MissingDependencyError
        PyYAML is not installed.
    """
    from qbalance._optional import require

    yaml = require("yaml", "reading YAML files")
    if _depth(text, "[{", "]}") > MAX_DEPTH:
        raise DataError(_message("input.too_deep", path=source, limit=MAX_DEPTH), field="path",
                        value=source)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError(_message("input.yaml_invalid", path=source, reason=str(exc)), field="path",
                        value=source) from exc
    except RecursionError as exc:
        raise DataError(_message("input.too_deep", path=source, limit=MAX_DEPTH), field="path",
                        value=source) from exc


def load_mapping_file(path: Path, *, what: str = "file") -> Any:
    """Read and parse a TOML, JSON or YAML file chosen by its suffix.

    Parameters
    ----------
    path : pathlib.Path
        The file (``.toml``, ``.json``, ``.yaml`` / ``.yml``).
    what : str
        What the file is, for the unsupported-suffix message.

    Returns
    -------
    object
        The parsed data (not yet checked to be a table).

    Raises
    ------
    DataError
        Unreadable, too large, binary, undecodable, invalid, too deep, or another
        suffix.
    """
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".json", ".yaml", ".yml"):
        raise DataError(_message("input.suffix", path=str(path), what=what, suffix=path.suffix),
                        field="path", value=str(path))
    text = read_text_file(path)
    if suffix == ".json":
        return load_json_text(text, str(path))
    if suffix == ".toml":
        return load_toml_text(text, str(path))
    return load_yaml_text(text, str(path))
