"""Progress feedback on long work: a bar on a terminal, silence elsewhere.

One helper for every long loop (a national batch read from files, planning many
counties, writing a large HTML report)::

    from qbalance._progress import progress

    for county in progress(counties, total=len(counties), desc="评估"):
        ...

The bar is drawn on standard error only when it is a terminal (TTY), with
`tqdm <https://tqdm.github.io>`_ when installed (``pip install qbalance[progress]``)
and a plain one-line counter otherwise.  It is silent when standard error is not
a terminal (pipes, CI logs, Jupyter), inside :func:`quiet` (the CLI's
``--quiet``), or when ``QBALANCE_PROGRESS=0``.

>>> from qbalance._progress import progress
>>> list(progress(range(3), desc="test"))   # not a TTY under doctest: silent
[0, 1, 2]
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import IO, Any, TypeVar

__all__ = ["Bar", "enabled", "progress", "progress_bar", "quiet"]

T = TypeVar("T")

_QUIET: ContextVar[bool] = ContextVar("qbalance_quiet", default=False)
#: Environment variable: ``0`` turns progress bars off everywhere.
ENV_VAR = "QBALANCE_PROGRESS"


@contextmanager
def quiet(on: bool = True) -> Iterator[None]:
    """No progress bars inside the ``with`` block (when ``on``).

    Parameters
    ----------
    on : bool
        ``False`` leaves the setting as it is (handy for ``quiet(args.quiet)``).
    """
    token = _QUIET.set(True) if on else None
    try:
        yield
    finally:
        if token is not None:
            _QUIET.reset(token)


def stderr() -> IO[str]:
    """Where bars go by default: standard error (tests replace this hook)."""
    return sys.stderr


def enabled(stream: IO[str] | None = None) -> bool:
    """Whether a bar would be drawn on ``stream`` (default: standard error).

    Parameters
    ----------
    stream : text stream, optional
        Where the bar goes.

    Returns
    -------
    bool
        ``True`` on a terminal, outside :func:`quiet`, unless ``QBALANCE_PROGRESS=0``.
    """
    if _QUIET.get() or os.environ.get(ENV_VAR, "").strip() in ("0", "false", "no", "off"):
        return False
    s = stderr() if stream is None else stream
    isatty = getattr(s, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):  # a closed stream
        return False


class Bar:
    """A progress bar (see :func:`progress_bar`); :meth:`update` advances it.

    Parameters
    ----------
    total : int or None
        Number of steps, when known.
    desc : str
        Label in front of the bar.
    stream : text stream
        Where it is drawn.
    active : bool
        Draw it at all (``False``: every method does nothing).
    """

    def __init__(self, total: int | None, desc: str, stream: IO[str], active: bool) -> None:
        self.total = total
        self.desc = desc
        self.n = 0
        self._stream = stream
        self._active = active
        self._tqdm: Any = None
        self._last = 0.0
        if active:
            try:
                from tqdm import tqdm
            except ImportError:
                self._tqdm = None
            else:
                self._tqdm = tqdm(total=total, desc=desc or None, file=stream,
                                  leave=False, dynamic_ncols=True)

    def update(self, n: int = 1, *, note: str | None = None) -> None:
        """Advance by ``n`` steps (``note``: what is being done now, shown after the bar).

        Parameters
        ----------
        n : int
            Steps done.
        note : str, optional
            A short note (file name, county).
        """
        self.n += n
        if not self._active:
            return
        if self._tqdm is not None:
            if note is not None:
                self._tqdm.set_postfix_str(note, refresh=False)
            self._tqdm.update(n)
            return
        now = time.monotonic()
        if now - self._last < 0.1 and (self.total is None or self.n < self.total):
            return
        self._last = now
        count = f"{self.n}/{self.total}" if self.total else str(self.n)
        line = f"{self.desc} {count}" + (f" {note}" if note else "")
        self._stream.write("\r" + line[:78].ljust(78))
        self._stream.flush()

    def close(self) -> None:
        """Remove the bar (the terminal line is left clean)."""
        if not self._active:
            return
        if self._tqdm is not None:
            self._tqdm.close()
        else:
            self._stream.write("\r" + " " * 78 + "\r")
            self._stream.flush()
        self._active = False


@contextmanager
def progress_bar(total: int | None = None, desc: str = "", *,
                 stream: IO[str] | None = None) -> Iterator[Bar]:
    """A :class:`Bar` for manual updates, closed at the end of the ``with`` block.

    Parameters
    ----------
    total : int, optional
        Number of steps, when known.
    desc : str
        Label (in the output language).
    stream : text stream, optional
        Where to draw (default: standard error).

    Yields
    ------
    Bar
        Call ``bar.update()`` after each step.
    """
    s = stderr() if stream is None else stream
    bar = Bar(total, desc, s, enabled(s))
    try:
        yield bar
    finally:
        bar.close()


def progress(items: Iterable[T], *, total: int | None = None, desc: str = "",
             stream: IO[str] | None = None) -> Iterator[T]:
    """Iterate over ``items`` with a progress bar on a terminal.

    Parameters
    ----------
    items : iterable
        What to iterate over.
    total : int, optional
        Its length (default: ``len(items)`` when it has one).
    desc : str
        Label (in the output language).
    stream : text stream, optional
        Where to draw (default: standard error).

    Yields
    ------
    object
        The items of ``items``, unchanged.
    """
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with progress_bar(total, desc, stream=stream) as bar:
        for item in items:
            yield item
            bar.update()
