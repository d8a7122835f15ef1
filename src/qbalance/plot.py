"""Figures of an evaluation (needs the ``plot`` extra, matplotlib).

* :func:`plot_cv`: the inter-school CV (校际差异系数) of every indicator against
  its limit, for both segments;
* :func:`plot_schools`: per-school values of every indicator against the
  standard value and the 85 % floor, per segment: which schools hold the county back.

Chinese labels need a CJK font.  :func:`cjk_font` looks for one among the fonts
matplotlib knows and in the usual font folders (Noto Sans CJK, Source Han Sans,
WenQuanYi, SimHei, Microsoft YaHei, PingFang …; ``QBALANCE_CJK_FONT`` may name
a font file).  Without one the figures fall back to English labels and school
ids, so they stay readable and no missing-glyph warnings are raised.

matplotlib is imported only when a figure is made; no pyplot state is used, so
the functions are safe in scripts, servers and notebooks alike.
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from qbalance._optional import require
from qbalance._messages import check_lang, message
from qbalance.models import Segment
from qbalance.vocab import Lang

__all__ = ["cjk_font", "figure_bytes", "plot_cv", "plot_schools", "save_figures"]

_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei", "PingFang SC",
    "Hiragino Sans GB", "Heiti SC", "STHeiti", "Noto Sans CJK JP", "Noto Sans CJK TC",
    "Noto Serif CJK SC", "AR PL UMing CN", "AR PL UKai CN", "Droid Sans Fallback",
)
_FILE_HINTS = ("notosanscjk", "notoserifcjk", "sourcehansans", "wqy", "simhei", "msyh",
               "pingfang", "hiragino", "stheiti", "droidsansfallback", "uming", "ukai",
               "notosanssc")
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts",
              "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts",
              "C:/Windows/Fonts")

_SHORT = {
    "R1": ("高学历教师", "degree+ teachers"),
    "R2": ("骨干教师", "backbone teachers"),
    "R3": ("体艺教师", "PE/art teachers"),
    "R4": ("教学用房", "teaching area"),
    "R5": ("运动场馆", "sports area"),
    "R6": ("仪器设备", "equipment"),
    "R7": ("多媒体教室", "multimedia rooms"),
}


@functools.cache
def cjk_font() -> str | None:
    """The family name of an installed font that renders Chinese, or ``None``.

    Searches matplotlib's font list, then the font file named by the
    ``QBALANCE_CJK_FONT`` environment variable and the usual font folders (fonts
    found there are registered with matplotlib).  The answer is cached.

    Returns
    -------
    str or None
        A font family name matplotlib can use (e.g. ``"Noto Sans CJK SC"``), or
        ``None`` when no CJK font was found.

    Raises
    ------
    MissingDependencyError
        matplotlib is not installed.
    """
    require("matplotlib", "plotting")
    from matplotlib import font_manager

    def known() -> str | None:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((f for f in _FAMILIES if f in names), None)

    found = known()
    if found:
        return found
    files: list[Path] = []
    env = os.environ.get("QBALANCE_CJK_FONT")
    if env and Path(env).is_file():
        files.append(Path(env))
    for d in _FONT_DIRS:
        root = Path(d).expanduser()
        if not root.is_dir():
            continue
        for p in root.rglob("*"):
            name = p.name.lower().replace("-", "").replace("_", "")
            if p.suffix.lower() in (".ttf", ".otf", ".ttc") and any(
                    h in name for h in _FILE_HINTS):
                files.append(p)
    for f in files:
        try:
            font_manager.fontManager.addfont(str(f))
        except Exception:  # noqa: S112 - an unreadable font file is simply not used
            continue
    if env and Path(env).is_file():
        try:
            return str(font_manager.FontProperties(fname=env).get_name())
        except Exception:  # pragma: no cover - defensive
            pass
    return known()


def _cjk_free(text: str) -> bool:
    return all(ord(c) < 0x2E80 for c in text)


@contextmanager
def _style(lang: Lang) -> Iterator[tuple[Lang, bool]]:
    """rc settings for a figure; yields the label language and whether CJK renders."""
    mpl = require("matplotlib", "plotting")
    font = cjk_font()
    rc: dict[str, Any] = {"axes.unicode_minus": False, "svg.fonttype": "path",
                          "figure.dpi": 100, "font.size": 9}
    if font:
        rc["font.family"] = [font, "DejaVu Sans"]
    with mpl.rc_context(rc):
        yield (lang if font else "en"), font is not None


@functools.cache
def _figure_class() -> Any:
    """A matplotlib Figure that displays itself in Jupyter (a PNG representation)."""
    from matplotlib.figure import Figure

    class QFigure(Figure):
        """A :class:`matplotlib.figure.Figure` with ``_repr_png_``, so that a figure
        returned in a notebook cell is shown without ``%matplotlib inline``."""

        def _repr_png_(self) -> bytes:
            return figure_bytes(self, "png")

        def __repr__(self) -> str:
            w, h = self.get_size_inches()
            return f"<qbalance figure {w:g}x{h:g} in, {len(self.axes)} axes>"

    QFigure.__module__ = "qbalance.plot"
    QFigure.__qualname__ = "QFigure"
    return QFigure


def _figure(figsize: tuple[float, float]) -> Any:
    return _figure_class()(figsize=figsize, layout="constrained")


def _set_font(axes: Sequence[Any]) -> None:
    """Give every text of ``axes`` the CJK font: axes made outside :func:`_style` (a
    user's ``ax=``) created their titles and tick labels with the default font."""
    from matplotlib.text import Text

    font = cjk_font()
    if not font:
        return
    for a in axes:
        for t in a.findobj(Text):
            t.set_fontfamily([font, "DejaVu Sans"])


def _resources(result: Any) -> Any:
    from qbalance.io.frames import _resources as res

    return res(result)


def _label(lang: Lang, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _school_label(s: Any, cjk: bool) -> str:
    name = str(s.name)
    return name if cjk or _cjk_free(name) else str(s.school_id)


def _title_name(county: str, cjk: bool) -> str:
    return county if cjk or _cjk_free(county) else "county"


def plot_cv(result: Any, *, lang: Lang = "zh", ax: Any = None) -> Any:
    """Bar chart: CV of each indicator per segment, with its limit marked.

    Bars above their limit are drawn in red.  Returns a
    :class:`matplotlib.figure.Figure` (save it with ``fig.savefig(path)``).

    Parameters
    ----------
    result : ResourceEvaluation
        The evaluation (or a county result with a ``resources`` part).
    lang : {"zh", "en"}
        Label language (English when no CJK font is installed).
    ax : matplotlib.axes.Axes, optional
        Draw into this axes (e.g. a panel of your own figure) instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        One bar per indicator and segment, the limit as a black line (the figure of
        ``ax`` when given).  In Jupyter it displays itself (it has a PNG representation).

    Raises
    ------
    MissingDependencyError
        matplotlib is not installed.
    """
    lang = check_lang(lang)
    require("matplotlib", "plotting")
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    res = _resources(result)
    with _style(lang) as (lg, cjk):
        if ax is None:
            fig = _figure(figsize=(9.0, 4.2))
            ax = fig.add_subplot()
        else:
            fig = ax.figure
        segs = res.segments
        codes = [i.code for i in segs[0].indicators] if segs else []
        n = max(len(segs), 1)
        width = 0.8 / n
        colours = {"primary": "#4C72B0", "junior": "#55A868"}
        for k, seg in enumerate(segs):
            xs = [j - 0.4 + width * (k + 0.5) for j in range(len(seg.indicators))]
            cvs = [i.cv for i in seg.indicators]
            base = colours.get(seg.segment.value, "#8172B2")
            bar_colours = [base if i.passed else "#C44E52" for i in seg.indicators]
            ax.bar(xs, cvs, width * 0.92, color=bar_colours, edgecolor="white")
            for x, i in zip(xs, seg.indicators, strict=True):
                if i.cv_limit is not None:
                    ax.hlines(i.cv_limit, x - width / 2, x + width / 2, colors="black",
                              linewidth=1.6)
                undefined = i.cv != i.cv  # every school has 0: no CV (the indicator fails)
                ax.annotate("—" if undefined else f"{i.cv:.3f}", (x, 0.0 if undefined else i.cv),
                            ha="center", va="bottom", fontsize=7,
                            xytext=(0, 1), textcoords="offset points")
        ax.set_xticks(range(len(codes)))
        ax.set_xticklabels([f"{c}\n{_SHORT[c][0 if lg == 'zh' else 1]}" if c in _SHORT else c
                            for c in codes])
        ax.set_ylabel(_label(lg, "校际差异系数", "inter-school CV"))
        top = max([i.cv for s in segs for i in s.indicators if i.cv == i.cv]
                  + [i.cv_limit for s in segs for i in s.indicators if i.cv_limit is not None]
                  + [0.1])
        ax.set_ylim(0, top * 1.15)
        ax.set_title(_label(lg, f"{_title_name(res.county, cjk)}（{res.year}年）资源配置差异系数",
                            f"{_title_name(res.county, cjk)} ({res.year}): resource CVs "
                            "against limits"))
        handles: list[Any] = [Patch(color=colours.get(s.segment.value, "#8172B2"),
                         label=s.segment.zh if lg == "zh" else s.segment.en) for s in segs]
        handles.append(Patch(color="#C44E52", label=_label(lg, "超过限值", "above limit")))
        handles.append(Line2D([], [], color="black", linewidth=1.6,
                              label=_label(lg, "限值", "limit")))
        if fig.get_layout_engine() is not None and len(fig.axes) == 1:
            fig.legend(handles=handles, loc="outside right upper", fontsize=8)
        else:
            ax.legend(handles=handles, loc="upper right", fontsize=7)
        ax.spines[["top", "right"]].set_visible(False)
        _set_font([ax])
    return fig


#: Beyond this many schools a per-school panel draws a rank sample of the sorted values
#: (one bar per group of schools, said in the axis label) instead of one bar per school.
MAX_BARS = 2000

#: Up to this many schools the panels name every school (horizontally, one bar a row).
MAX_NAMED = 40


def plot_schools(result: Any, segment: Segment | str, *, lang: Lang = "zh",
                 codes: Sequence[str] | None = None, ax: Any = None) -> Any:
    """Per-school values of each indicator against the standard value, one panel each.

    Schools are sorted by value; bars are green when the school meets the
    standard, orange when below it but above the floor (85 %), red below the floor.
    The standard value is a solid line, the floor a dashed one.  Up to
    :data:`MAX_NAMED` schools every bar is labelled with the school's name, written
    horizontally (horizontal bars); beyond :data:`MAX_BARS` schools the panel draws
    an evenly spaced rank sample of the sorted values (every k-th school, with the
    lowest and the highest) and says so in its axis label, so that the figure stays
    small and quick for national tables.

    Parameters
    ----------
    result : ResourceEvaluation
        The evaluation (or a county result with a ``resources`` part).
    segment : Segment or str
        ``"primary"`` or ``"junior"``.
    lang : {"zh", "en"}
        Label language (English and school ids when no CJK font is installed).
    codes : sequence of str, optional
        Indicators to show (default: all).
    ax : matplotlib.axes.Axes or sequence of Axes, optional
        Draw into these axes (one per indicator shown) instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per indicator, two panels a row; a spare panel holds the colour key.
        In Jupyter it displays itself (it has a PNG representation).

    Raises
    ------
    MissingDependencyError
        matplotlib is not installed.
    KeyError
        ``result`` has no such segment.
    ValueError
        ``ax`` does not hold one axes per indicator shown.
    """
    lang = check_lang(lang)
    require("matplotlib", "plotting")
    import numpy as np

    res = _resources(result)
    seg = res.segment(segment)
    inds = [i for i in seg.indicators if codes is None or i.code in codes]
    n_schools = len(seg.schools)
    named = n_schools <= MAX_NAMED
    ncols = 2 if len(inds) > 1 else 1
    nrows = (len(inds) + ncols - 1) // ncols
    all_codes = seg.schools[0].codes
    values = np.array([s.values for s in seg.schools], dtype=np.float64)
    met = np.array([s.met for s in seg.schools], dtype=bool)
    low = np.array([s.below_floor for s in seg.schools], dtype=bool)
    with _style(lang) as (lg, cjk):
        if ax is None:
            fig = _figure(figsize=(12.0 if named else max(8.0, min(16.0, 0.22 * n_schools)),
                                   (0.16 * n_schools + 1.1) * nrows + 0.6 if named
                                   else 2.6 * nrows + 0.6))
            axes = list(fig.subplots(nrows, ncols, squeeze=False).flat)
        else:
            axes = ([ax] if hasattr(ax, "plot") else
                    list(ax.flat) if hasattr(ax, "flat") else list(ax))
            if len(axes) < len(inds):
                raise ValueError(message("plot.axes", n=len(axes), k=len(inds),
                                         codes=", ".join(i.code for i in inds)))
            fig = axes[0].figure
        names = [_school_label(s, cjk) for s in seg.schools] if named else []
        for a, ind in zip(axes, inds, strict=False):
            j = all_codes.index(ind.code)
            order = np.argsort(values[:, j], kind="stable")
            sample = n_schools > MAX_BARS
            if sample:
                order = order[np.unique(np.linspace(0, n_schools - 1, MAX_BARS).round()
                                        .astype(np.intp))]
            vals = values[order, j]
            thr = ind.threshold  # None: the standard has no per-school rule
            floor = None if thr is None else thr * 0.85
            colours = (["#4C72B0"] * len(order) if thr is None else
                       np.where(met[order, j], "#55A868",
                                np.where(low[order, j], "#C44E52", "#DD8452")).tolist())
            name = _SHORT.get(ind.code, (ind.code, ind.code))[0 if lg == "zh" else 1]
            unit = ind.unit_zh if lg == "zh" else ind.unit_en
            a.set_title(f"{ind.code} {name} ({unit})" + ("" if thr is None else " — "
                        + _label(lg, f"标准 {thr:g}，{ind.schools_met}/{ind.n_schools} 校达标",
                                 f"standard {thr:g}, {ind.schools_met}/{ind.n_schools}"
                                 " schools meet it")), fontsize=9)
            if named:
                pos = np.arange(len(order))
                a.barh(pos, vals, color=colours, height=0.75)
                if thr is not None and floor is not None:
                    a.axvline(thr, color="black", linewidth=1.2)
                    a.axvline(floor, color="black", linewidth=0.9, linestyle="--")
                a.set_yticks(pos)
                a.set_yticklabels([names[i] for i in order], fontsize=7)
                a.set_ylim(-0.6, len(order) - 0.4)
            else:
                x = np.arange(len(order))
                masks = ((np.ones(len(order), dtype=bool), "#4C72B0"),) if thr is None else (
                    (met[order, j], "#55A868"), (low[order, j], "#C44E52"),
                    (~met[order, j] & ~low[order, j], "#DD8452"))
                for mask, colour in masks:
                    if mask.any():
                        a.fill_between(x, vals, where=mask, step="mid", color=colour,
                                       linewidth=0)
                a.set_xlim(-0.5, len(order) - 0.5)
                if thr is not None and floor is not None:
                    a.axhline(thr, color="black", linewidth=1.2)
                    a.axhline(floor, color="black", linewidth=0.9, linestyle="--")
                a.set_xticks([])
                a.set_xlabel(_label(
                    lg, f"{n_schools:,} 所学校（按数值排序）" + (
                        f"；按名次等距抽取 {len(order):,} 所绘制" if sample else ""),
                    f"{n_schools:,} schools, sorted by value" + (
                        f"; an evenly spaced rank sample of {len(order):,} is drawn"
                        if sample else "")))
            a.spines[["top", "right"]].set_visible(False)
        if ax is None:
            for a in axes[len(inds):]:
                a.axis("off")
                a.text(0.02, 0.5, _label(
                    lg, "绿色：达到标准\n橙色：未达标准但不低于85%\n红色：低于标准的85%\n"
                        "实线：标准值；虚线：85%",
                    "green: meets the standard\norange: below it, at least 85 %\n"
                    "red: below 85 % of the standard\nsolid line: standard; dashed: 85 %"),
                    fontsize=9, va="center", transform=a.transAxes)
            seg_name = seg.segment.zh if lg == "zh" else seg.segment.en
            fig.suptitle(_label(lg, f"{_title_name(res.county, cjk)} {seg_name}：各校指标值与标准",
                                f"{_title_name(res.county, cjk)}, {seg_name}: school values "
                                "against the standard"), fontsize=11)
        if ax is not None:
            _set_font(axes[:len(inds)])
    return fig


def figure_bytes(fig: Any, fmt: str = "png", *, dpi: int = 110) -> bytes:
    """The figure encoded as ``"png"`` or ``"svg"``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure, e.g. from :func:`plot_cv` or :func:`plot_schools`.
    fmt : str
        Image format passed to ``fig.savefig`` (``"png"`` or ``"svg"``).
    dpi : int
        Resolution in dots per inch (for raster formats).

    Returns
    -------
    bytes
        The encoded image.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi)
    return buf.getvalue()


def save_figures(result: Any, directory: str | Path, *, lang: Lang = "zh",
                 formats: Sequence[str] = ("png", "svg")) -> list[Path]:
    """Save the CV chart and the per-school charts of every segment.

    Files are ``cv.<fmt>`` and ``schools-<segment>.<fmt>`` in ``directory``
    (created if missing).

    Parameters
    ----------
    result : ResourceEvaluation
        The evaluation (or a county result with a ``resources`` part).
    directory : str or pathlib.Path
        Folder to write to; existing files of the same names are replaced.
    lang : {"zh", "en"}
        Label language (English when no CJK font is installed).
    formats : sequence of str
        Image formats; each figure is saved once per format, at 110 dpi.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    lang = check_lang(lang)
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    res = _resources(result)
    figs = [("cv", plot_cv(res, lang=lang))]
    figs += [(f"schools-{s.segment.value}", plot_schools(res, s.segment, lang=lang))
             for s in res.segments]
    out = []
    for stem, fig in figs:
        for fmt in formats:
            p = d / f"{stem}.{fmt}"
            fig.savefig(p, format=fmt, dpi=110)
            out.append(p)
    return out
