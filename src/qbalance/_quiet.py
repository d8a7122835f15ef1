"""Silence C libraries that write to the process's standard output (HiGHS).

HiGHS, behind :func:`scipy.optimize.milp`, prints lines such as
``HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();``
straight to file descriptor 1 even with ``disp=False``; Python's ``sys.stdout``
never sees them, so :func:`contextlib.redirect_stdout` cannot catch them.
:func:`quiet_stdout` points descriptor 1 at the null device for the duration of
a solve (Python-level output is flushed first and keeps going to
``sys.stdout``, which is untouched when it is not descriptor 1).  Nested and
concurrent uses share one redirection (a counted lock), so a solve in one
thread never restores the descriptor under another.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["quiet_stdout"]

_LOCK = threading.Lock()
_DEPTH = 0
_SAVED: int | None = None


def _flush() -> None:
    for stream in (sys.stdout, sys.__stdout__):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # closed or detached streams
            pass


def _c_flush() -> None:
    try:
        import ctypes

        ctypes.CDLL(None).fflush(None)
    except (OSError, AttributeError, TypeError):  # no C library to flush (not POSIX)
        pass


@contextmanager
def quiet_stdout() -> Iterator[None]:
    """Discard what C code writes to file descriptor 1 inside the block."""
    global _DEPTH, _SAVED
    with _LOCK:
        if _DEPTH == 0:
            _flush()
            try:
                saved = os.dup(1)
            except OSError:  # no descriptor 1 (a detached process): nothing to silence
                saved = None
            if saved is not None:
                null = os.open(os.devnull, os.O_WRONLY)
                try:
                    os.dup2(null, 1)
                finally:
                    os.close(null)
            _SAVED = saved
        _DEPTH += 1
    try:
        yield
    finally:
        with _LOCK:
            _DEPTH -= 1
            if _DEPTH == 0 and _SAVED is not None:
                _c_flush()  # what C buffered still goes to the null device
                os.dup2(_SAVED, 1)
                os.close(_SAVED)
                _SAVED = None
