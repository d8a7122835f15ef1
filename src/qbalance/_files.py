"""Reading input files defensively: size caps, encodings, binary garbage, deep nesting.

Every reader of a user's file (county and mapping files, claims files, result files,
CSV tables) goes through these helpers, so that a file saved as GBK by Windows
Notepad is read, binary garbage or an endless input is refused with a clear
:class:`qbalance.DataError`, and a deeply nested or truncated JSON file never escapes
as a ``RecursionError`` or ``UnicodeDecodeError``.

The caps can be raised with the environment variables ``QBALANCE_MAX_INPUT_MB``
(bytes read from one file, default 512) and ``QBALANCE_MAX_ROWS`` (rows of one
table, default 2 000 000).

Messages are Chinese first with the English after a slash, and carry a stable code
(``MESSAGES``) so that a message catalogue can take them over.
"""

from __future__ import annotations

import json
import math
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from qbalance.errors import DataError
from qbalance.vocab import Lang

__all__ = [
    "MESSAGES",
    "decode_text",
    "load_json_text",
    "load_toml_text",
    "max_input_bytes",
    "max_rows",
    "message",
    "read_capped",
    "read_text_file",
]

#: Message templates of the input readers, by stable code: (Chinese, English).
MESSAGES: dict[str, tuple[str, str]] = {
    "input.unreadable": ("无法读取 {path}：{reason}", "cannot read {path}: {reason}"),
    "input.too_large": (
        "{path} 超过 {limit} MB 的读取上限，未读取（可设置环境变量 QBALANCE_MAX_INPUT_MB 提高上限）",
        "{path} is larger than the {limit} MB read limit and was not read (raise it with "
        "the environment variable QBALANCE_MAX_INPUT_MB)"),
    "input.binary": (
        "{path} 不是文本文件（含有二进制字节，如 {sample}）；请另存为 UTF-8 文本",
        "{path} is not a text file (it holds binary bytes such as {sample}); save it as "
        "UTF-8 text"),
    "input.encoding": (
        "{path} 既不是 UTF-8 也不是 GB18030/GBK 编码（第 {offset} 字节无法解码）；请另存为 UTF-8",
        "{path} is neither UTF-8 nor GB18030/GBK (byte {offset} cannot be decoded); save it "
        "as UTF-8"),
    "input.encoding_forced": (
        "{path} 不能按指定编码 {encoding} 解码（第 {offset} 字节）",
        "{path} cannot be decoded as the given encoding {encoding} (byte {offset})"),
    "input.json_invalid": ("{path} 不是有效的 JSON：{reason}", "{path}: not valid JSON: {reason}"),
    "input.toml_invalid": ("{path} 不是有效的 TOML：{reason}", "{path}: not valid TOML: {reason}"),
    "input.too_deep": (
        "{path} 嵌套层数过深（超过 {limit} 层），不是 qbalance 的输入文件",
        "{path} is nested too deeply (more than {limit} levels); it is not a qbalance "
        "input file"),
    "input.not_finite": (
        "{path} 含有非有限数值 {value}（如 1e999、NaN、Infinity），不允许",
        "{path} holds a non-finite number {value} (such as 1e999, NaN, Infinity), which is "
        "not allowed"),
    "input.too_many_rows": (
        "{path} 超过 {limit} 行的读取上限（可设置环境变量 QBALANCE_MAX_ROWS 提高上限）",
        "{path} has more than the {limit}-row limit (raise it with the environment variable "
        "QBALANCE_MAX_ROWS)"),
}


def message(code: str, lang: Lang | None = None, **values: Any) -> str:
    """The message ``code`` in ``lang`` (default: ``QBALANCE_LANG`` or Chinese).

    Parameters
    ----------
    code : str
        A key of :data:`MESSAGES`.
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
    from qbalance._messages import get_lang

    zh, en = MESSAGES[code]
    lang = lang or get_lang()
    return (en if lang == "en" else zh).format(**values)


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
            raise DataError(message("input.unreadable", path=path, reason="是目录 / a directory"),
                            field="path", value=str(path))
        with path.open("rb") as fh:
            raw = fh.read(cap + 1)
    except OSError as exc:
        raise DataError(message("input.unreadable", path=path, reason=exc.strerror or exc),
                        field="path", value=str(path)) from exc
    if len(raw) > cap:
        raise DataError(message("input.too_large", path=path, limit=round(cap / 2**20, 1)),
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
            raise DataError(f"{source}: unknown encoding {encoding!r}", field="encoding",
                            value=encoding) from exc
        except UnicodeDecodeError as exc:
            raise DataError(message("input.encoding_forced", path=source, encoding=encoding,
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
    raise DataError(message("input.encoding", path=source, offset=first_bad), field="encoding")


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
        raise DataError(message("input.binary", path=source, sample=sample), field="encoding")


def _check_text(text: str, source: str) -> str:
    bad = [c for c in text[:65536] if ord(c) in _CONTROL]
    if bad:
        sample = " ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(bad[:8]))
        raise DataError(message("input.binary", path=source, sample=sample), field="encoding")
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
        raise DataError(message("input.too_deep", path=source, limit=MAX_DEPTH), field="path",
                        value=source)

    def num(s: str) -> float:
        v = float(s)
        if not math.isfinite(v):
            raise ValueError(s)
        return v

    def constant(name: str) -> float:
        if name == "NaN":  # an undefined figure (a CV of an all-zero indicator)
            return math.nan
        raise ValueError(name)

    try:
        return json.loads(text, parse_float=num, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise DataError(message("input.json_invalid", path=source, reason=exc), field="path",
                        value=source) from exc
    except ValueError as exc:
        raise DataError(message("input.not_finite", path=source, value=str(exc)), field="path",
                        value=source) from exc
    except RecursionError as exc:
        raise DataError(message("input.too_deep", path=source, limit=MAX_DEPTH), field="path",
                        value=source) from exc


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
        raise DataError(message("input.too_deep", path=source, limit=MAX_DEPTH), field="path",
                        value=source)

    def num(s: str) -> float:
        v = float(s)
        if not math.isfinite(v):
            raise ValueError(s)
        return v

    try:
        return tomllib.loads(text, parse_float=num)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(message("input.toml_invalid", path=source, reason=exc), field="path",
                        value=source) from exc
    except ValueError as exc:
        raise DataError(message("input.not_finite", path=source, value=str(exc)), field="path",
                        value=source) from exc
    except RecursionError as exc:
        raise DataError(message("input.too_deep", path=source, limit=MAX_DEPTH), field="path",
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
        raise DataError(message("input.too_deep", path=source, limit=MAX_DEPTH), field="path",
                        value=source)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError(f"{source}: 不是有效的 YAML / not valid YAML: {exc}", field="path",
                        value=source) from exc
    except RecursionError as exc:
        raise DataError(message("input.too_deep", path=source, limit=MAX_DEPTH), field="path",
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
        raise DataError(f"{path}: unsupported {what} type {path.suffix!r} (use .toml, .json "
                        "or .yaml)", field="path", value=str(path))
    text = read_text_file(path)
    if suffix == ".json":
        return load_json_text(text, str(path))
    if suffix == ".toml":
        return load_toml_text(text, str(path))
    return load_yaml_text(text, str(path))
