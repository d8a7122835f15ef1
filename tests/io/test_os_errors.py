"""Operating-system errors in the session language (issue 17).

A missing file and a permission error always printed in Chinese; every other OSError
(a path through a file, a name too long, a full disk, a read-only file system …) showed
the system's English ``strerror`` inside the Chinese message.  ``os_reason`` maps errno to
catalogue text; an unknown errno reads ``操作系统错误（错误码 N）`` in Chinese and the
system's own words only in English.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest

import qbalance
from qbalance import DataError
from qbalance._messages import os_reason
from qbalance.cli import main
from qbalance.examples import example_path, example_table_path

ASCII_WORD = re.compile(r"[A-Za-z]{3,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _refuse(monkeypatch: pytest.MonkeyPatch, target: Path, num: int,
            method: str = "open") -> None:
    """Make ``Path.<method>`` of ``target`` (only) fail with ``errno`` ``num``."""
    original = getattr(Path, method)

    def refuse(self: Path, *a: object, **k: object) -> object:
        if self == target:
            raise OSError(num, "System Says Something In English", str(self))
        return original(self, *a, **k)

    monkeypatch.setattr(Path, method, refuse)


def _words_outside_path(msg: str, path: Path | str) -> list[str]:
    return ASCII_WORD.findall(msg.replace(str(path), ""))


def _load_claims_error(path: Path, lang: str) -> str:
    with pytest.raises(DataError) as info:
        qbalance.load_claims(path)
    assert info.value.field == "path" and info.value.value == str(path)
    return info.value.render(lang)  # type: ignore[arg-type]


def test_path_through_a_file_is_chinese_then_english(tmp_path: Path) -> None:
    f = tmp_path / "plain.txt"
    f.write_text("x", "utf-8")
    bad = f / "claims.toml"  # really ENOTDIR
    zh = _load_claims_error(bad, "zh")
    assert "路径中有一段不是目录" in zh and not _words_outside_path(zh, bad), zh
    en = _load_claims_error(bad, "en")
    assert "a part of the path is not a directory" in en and not CJK.search(en), en


def test_overlong_file_name(tmp_path: Path) -> None:
    bad = tmp_path / ("a" * 300 + ".toml")  # really ENAMETOOLONG
    zh = _load_claims_error(bad, "zh")
    assert "文件名太长" in zh and not _words_outside_path(zh, bad), zh
    assert "file name too long" in _load_claims_error(bad, "en")


def test_reading_a_directory(tmp_path: Path) -> None:
    d = tmp_path / "claims.toml"
    d.mkdir()
    assert "这是一个目录" in _load_claims_error(d, "zh")
    assert "a directory" in _load_claims_error(d, "en")


KNOWN = [
    (errno.ENOSPC, "磁盘空间已满", "no space left on the device"),
    (errno.EROFS, "文件系统为只读", "read-only file system"),
    (errno.EMFILE, "打开的文件太多", "too many open files"),
    (errno.EIO, "输入输出错误", "input/output error"),
    (errno.EPIPE, "输出管道已关闭", "broken pipe"),
    (errno.ELOOP, "符号链接层数太多", "too many levels of symbolic links"),
]


@pytest.mark.parametrize(("num", "zh", "en"), KNOWN)
def test_monkeypatched_errnos_through_the_reader(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path, num: int, zh: str,
                                                 en: str) -> None:
    f = tmp_path / "claims.toml"
    f.write_text('county = "某县"\n', "utf-8")
    _refuse(monkeypatch, f, num)
    got_zh = _load_claims_error(f, "zh")
    assert zh in got_zh and "English" not in got_zh, got_zh
    got_en = _load_claims_error(f, "en")
    assert en in got_en and not CJK.search(got_en.replace(str(f), "")), got_en


def test_unknown_errno_is_numbered_in_chinese_and_the_system_words_in_english() -> None:
    exc = OSError(4095, "Weird Device Failure")
    assert os_reason(exc).render("zh") == "操作系统错误（错误码 4095）"
    assert os_reason(exc).render("en") == "Weird Device Failure"
    bare = OSError("no errno at all")
    assert os_reason(bare).render("zh") == "操作系统错误"
    assert os_reason(bare).render("en") == "no errno at all"


def test_every_mapped_errno_has_both_languages() -> None:
    from qbalance._messages import _OS_CODES

    for name in _OS_CODES:
        num = getattr(errno, name, None)
        if num is None:  # not on this system
            continue
        m = os_reason(OSError(num, "English"))
        assert m.code == f"os.{name.lower()}"
        assert CJK.search(m.render("zh")) and not ASCII_WORD.search(m.render("zh"))
        assert not CJK.search(m.render("en")) and m.render("en") != "English"


def test_writing_a_form_into_a_full_disk(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    from qbalance.form import declaration_form, write_declaration_form
    _refuse(monkeypatch, tmp_path / "form.md", errno.ENOSPC, "write_text")
    county = qbalance.example_county()
    form = declaration_form(qbalance.evaluate_county(county), county)
    with pytest.raises(DataError) as info:
        write_declaration_form(form, tmp_path / "form.md")
    assert "磁盘空间已满" in info.value.render("zh")
    assert "English" not in info.value.render("zh")


# ---------------------------------------------------------------- the command line

def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    rc = main(list(args))
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    return rc, text


@pytest.fixture(autouse=True)
def _no_env_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QBALANCE_LANG", raising=False)


def test_cli_path_through_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "plain.txt"
    f.write_text("x", "utf-8")
    rc, out = _cli(capsys, "evaluate", str(f / "county.toml"))
    assert rc == 2 and "路径中有一段不是目录" in out, out
    rc, out = _cli(capsys, "--lang", "en", "evaluate", str(f / "county.toml"))
    assert rc == 2 and "not a directory" in out and not CJK.search(out), out


def test_cli_overlong_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / ("b" * 300 + ".csv")
    rc, out = _cli(capsys, "evaluate", str(bad), "--name", "某县", "--year", "2025")
    assert rc == 2 and "文件名太长" in out, out
    assert not _words_outside_path(out, bad) or set(_words_outside_path(out, bad)) <= {
        "qbalance"}, out


@pytest.mark.parametrize(("num", "zh", "en"), KNOWN)
def test_cli_monkeypatched_errnos_on_output(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str], num: int,
                                            zh: str, en: str) -> None:
    out_file = tmp_path / "report.md"
    _refuse(monkeypatch, out_file, num)
    args = ["evaluate", str(example_path()), "--format", "markdown", "--no-plots",
            "--out", str(out_file)]
    rc, out = _cli(capsys, *args)
    assert rc == 2 and zh in out and "English" not in out, out
    rc, out = _cli(capsys, "--lang", "en", *args)
    assert rc == 2 and en in out and not CJK.search(out), out


def test_cli_unknown_errno_without_a_file(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    import qbalance.cli._evaluate as ev

    def boom(args: object) -> int:
        raise OSError(4095, "Weird Device Failure")

    monkeypatch.setattr(ev, "run", boom)
    rc, out = _cli(capsys, "evaluate", "--example")
    assert rc == 2 and "操作系统错误（错误码 4095）" in out and "Weird" not in out, out
    rc, out = _cli(capsys, "--lang", "en", "evaluate", "--example")
    assert rc == 2 and "Weird Device Failure" in out, out


def test_cli_broken_pipe(monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    import qbalance.cli._evaluate as ev

    def closed(args: object) -> int:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(ev, "run", closed)
    rc, out = _cli(capsys, "evaluate", "--example")
    assert rc == 2 and "输出管道已关闭" in out and "Broken" not in out, out


def test_table_reader_path_through_a_file(tmp_path: Path) -> None:
    f = tmp_path / "plain.txt"
    f.write_text("x", "utf-8")
    with pytest.raises(DataError) as info:
        qbalance.load_county(f / "schools.csv", name="某县", year=2025)
    assert "路径中有一段不是目录" in info.value.render("zh")
    assert example_table_path("csv").is_file()
