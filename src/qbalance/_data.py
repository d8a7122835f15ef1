"""The files shipped in ``qbalance/data``: the one helper that finds them.

Standards (``data/standards``), the shipped claims of published reports
(``data/claims``), the example county (``data/examples``) and the school-kind words
(``data/school_kinds.toml``) are all found through :func:`data_path`.  The module
imports nothing but :mod:`pathlib`, so the command line can list shipped files
without loading the modules that read them.

>>> from qbalance._data import data_path
>>> data_path("standards", "national-2017.toml").is_file()
True
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DATA_DIR", "data_path"]

#: The ``data`` folder inside the installed package.
DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(*parts: str) -> Path:
    """Path of a shipped file or folder, ``parts`` below ``qbalance/data``.

    Parameters
    ----------
    *parts : str
        Path components below the data folder, e.g. ``"claims", "midu.toml"``.

    Returns
    -------
    pathlib.Path
        The path (not checked for existence).
    """
    return DATA_DIR.joinpath(*parts)


def shipped_names(folder: str, suffix: str = ".toml") -> list[str]:
    """Sorted stems of the files ending in ``suffix`` in a shipped ``folder``.

    Parameters
    ----------
    folder : str
        A folder below ``qbalance/data`` (``"standards"``, ``"claims"``).
    suffix : str, default ".toml"
        File suffix.

    Returns
    -------
    list of str
        The file names without the suffix, sorted.
    """
    return sorted(p.name[: -len(suffix)] for p in data_path(folder).iterdir()
                  if p.name.endswith(suffix))
