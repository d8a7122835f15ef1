"""The CV limits as second-order cones and their outer approximation by cuts,
solved with :func:`scipy.optimize.milp`.

Part of :mod:`qbalance.plan` (see there for the method).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from qbalance._quiet import quiet_stdout

from qbalance._messages import message
from qbalance.errors import QBalanceError
from qbalance.plan.problem import Float, Int, _INTEGER_FIELDS, _Problem, _scales

__all__: list[str] = []


#: Relative optimality gap of each MILP solve, and of the outer approximation
#: (the best plan against the MILP's lower bound, itself up to _GAP low).
_GAP = 1e-4


# -- the CV cones -----------------------------------------------------------------------

@attrs.define(slots=True, eq=False, kw_only=True)
class _Cone:
    """The CV limit of one (segment, indicator) as a disaggregated cone.

    With ``p_i`` the pupil weights (summing to 1), ``y_i = b_i + a_i z_v`` the
    schools' values divided by the county mean before any addition (so that
    ``p @ b = 1``; ``z`` are the scaled additions), ``m = p @ y``, ``d_i = y_i - m``
    and ``t = L m``, the limit ``std <= L mean`` reads ``sum_i p_i d_i**2 <= t**2``.
    One epigraph variable per school splits it into three-variable cones::

        d_i**2 / t <= u_i,      sum_i p_i u_i <= t.

    ``d**2 / t`` is convex and positively homogeneous, so its tangent at slope
    ``alpha = d/t`` is ``u >= 2 alpha d - alpha**2 t`` with no constant term: valid
    everywhere and for any limit ``L``.  A cutting plane thus bounds one school's
    term, and a few per school describe the cone near the optimum far better than
    any number of hyperplanes of the whole ``n``-dimensional cone (the extended
    formulation of Vielma, Dunning, Huchette & Lubin, 2017).  The model's columns
    hold ``u / L``, about 1 near the limit however small the limit is (a county
    target shared out of a composite limit can be 0.002), so that the solver's
    absolute tolerances stay far below the 1e-4 margin the cones are cut at.
    """

    p: Float          # (n,) pupil weights of the segment's rows
    var: Int          # (n,) variable driving each row's value
    a: Float          # (n,) normalised value per scaled unit
    b: Float          # (n,) normalised value now
    cut_row: list[Int] = attrs.Factory(list)      # positions i of the cuts, by batch
    cut_alpha: list[Float] = attrs.Factory(list)  # their slopes

    @property
    def n(self) -> int:
        return len(self.p)

    @property
    def n_cuts(self) -> int:
        return sum(len(r) for r in self.cut_row)

    def dev(self, z: Float, limit: float) -> tuple[Float, float]:
        """``d`` and ``t`` at the scaled additions ``z``."""
        y = self.b + self.a * z[self.var]
        m = float(self.p @ y)
        return y - m, limit * m

    def add_cuts(self, rows: Int, alpha: Float) -> None:
        if len(rows):
            self.cut_row.append(rows.astype(np.intp))
            self.cut_alpha.append(alpha.astype(np.float64))


class _OutOfTime(Exception):
    """The time limit was reached."""


class _OuterApproximation:
    """The plan as a MILP (per-school rule) plus the CV cones' cutting planes.

    Columns are the scaled additions ``z`` (see :func:`_scales`), one "met" binary
    per (row, indicator), and per cone in the model its mean ``m`` and epigraph
    variables ``u`` (:class:`_Cone`).  Cones enter the model when first violated.
    """

    def __init__(self, prob: _Problem, cost: Float, ub: Float, limits: Float, margin: float,
                 cv_margin: float, deadline: float) -> None:
        self.prob = prob
        self.limits = limits
        self.eff = limits * (1 - cv_margin)  # the cones are cut at these
        self.scale = _scales(prob)
        self.cost = cost
        self.ub = ub
        self.deadline = deadline
        nv, (n_rows, k) = prob.n_vars, prob.v0.shape
        self.nv, self.nb = nv, n_rows * k
        self.int_var = np.array([f in _INTEGER_FIELDS for f in prob.var_field])
        self.cones: dict[tuple[int, int], _Cone] = {}
        self.cone_var = np.zeros(nv, dtype=bool)  # variables in some cone
        self.forced = np.zeros(nv, dtype=bool)    # integers kept integral all the same
        self.rounds = 0
        self._u_cols: dict[tuple[int, int], Int] = {}
        # per-school rule, each row divided by its threshold T' (with the margin):
        #   c s z / T' >= g_F + (g_1 - g_F) y,   sum_j y >= min_met
        # with g_F = max(F - v0/T', 0) and g_1 = max(1 - v0/T', 0) the gaps to the
        # floor and to the standard: "v >= F T' + (1 - F) T' y" tightened to the
        # convex hull of its two cases (z >= 0), a better LP bound at fractional y
        thr = prob.thr * (1 + margin)
        thr = np.where(thr > 0, thr, 1.0)
        g_f = np.maximum(prob.floor[None, :] - prob.v0 / thr, 0.0)
        g_1 = np.maximum(1.0 - prob.v0 / thr, 0.0)
        nb = self.nb
        r_idx = np.arange(nb)
        a1 = sparse.coo_array(
            (np.concatenate([(prob.coef * self.scale[prob.var] / thr).ravel(),
                             -(g_1 - g_f).ravel()]),
             (np.concatenate([r_idx, r_idx]), np.concatenate([prob.var.ravel(), nv + r_idx]))),
            shape=(nb, nv + nb))
        a2 = sparse.coo_array(
            (np.ones(nb), (np.repeat(np.arange(n_rows), k), nv + r_idx)),
            shape=(n_rows, nv + nb))
        self.a_base = sparse.vstack([a1, a2]).tocsr()
        self.lb_base = np.concatenate([g_f.ravel(),
                                       np.full(n_rows, float(prob.std.require_school_rule().min_met))])
        # an indicator already at its standard is met whatever is added: fixing its
        # "met" binary to 1 loses nothing and leaves branching to the schools that
        # matter; and a school meeting enough indicators now needs no other one met
        # (a "met" binary only adds a constraint): those binaries are 0
        met = prob.v0 >= prob.thr * (1 + margin)
        self.met_now = met.ravel().astype(np.float64)
        enough = met.sum(axis=1) >= prob.std.require_school_rule().min_met
        self.met_max = np.where(enough[:, None] & ~met, 0.0, 1.0).ravel()

    # -- the cones ---------------------------------------------------------------------

    def cone(self, s: int, j: int) -> _Cone:
        key = (s, j)
        if key not in self.cones:
            prob = self.prob
            rows = np.flatnonzero(prob.row_seg == s)
            p = prob.pupils[rows] / prob.pupils[rows].sum()
            var = prob.var[rows, j]
            m0 = float(p @ prob.v0[rows, j])
            self.cones[key] = _Cone(p=p, var=var, a=prob.coef[rows, j] * self.scale[var] / m0,
                                    b=prob.v0[rows, j] / m0)
            self.cone_var[var] = True
        return self.cones[key]

    @property
    def relaxed(self) -> NDArray[np.bool_]:
        """Integer additions solved as continuous (in a cone, not forced)."""
        out: NDArray[np.bool_] = self.int_var & self.cone_var & ~self.forced
        return out

    @property
    def n_cuts(self) -> int:
        return sum(c.n_cuts for c in self.cones.values())

    def cvs(self, add: Float) -> Float:
        return self.prob.cvs(self.prob.values(add))[2]

    def over(self, add: Float) -> NDArray[np.bool_]:
        """The CVs above their limits at the additions ``add``."""
        out: NDArray[np.bool_] = self.cvs(add) > self.limits * (1 - 1e-9)
        return out

    def separate(self, x: Float, add: Float, over: NDArray[np.bool_]) -> None:
        """Cut the model's point ``x`` (``add`` its additions) off every cone in ``over``."""
        z = add / self.scale
        for s_, j_ in np.argwhere(over):
            s, j = int(s_), int(j_)
            new = (s, j) not in self.cones or (s, j) not in self._u_cols
            cone = self.cone(s, j)
            lim = float(self.eff[s, j])
            d, t = cone.dev(z, lim)
            if t <= 0:
                continue
            need = d * d / t / lim  # in the model's units of u / L
            if new:
                rows = np.arange(cone.n)
            else:
                u = x[self._u_cols[(s, j)]]
                rows = np.flatnonzero(need > u + 1e-9 * (1 + need))
                if not len(rows):  # (solver tolerance): cut the largest terms
                    rows = np.argsort(need - u)[-max(1, cone.n // 10):]
            cone.add_cuts(rows, d[rows] / t)

    def cut_at(self, add: Float, keys: NDArray[np.intp]) -> None:
        """Cuts of the cones ``keys`` (rows of (s, j)) at every school, at ``add``."""
        z = add / self.scale
        for s_, j_ in keys:
            cone = self.cone(int(s_), int(j_))
            d, t = cone.dev(z, float(self.eff[s_, j_]))
            if t > 0:
                cone.add_cuts(np.arange(cone.n), d / t)

    # -- the model ---------------------------------------------------------------------

    def solve(self, *, binaries: bool = True, integers: str = "uncut",
              fix: Float | None = None, box: tuple[Float, Float] | None = None,
              cones: Sequence[tuple[int, int]] | None = None, rule: bool = True,
              time_limit: float | None = None) -> tuple[Float, Float, float] | None:
        """Solve the model: ``(columns, additions, lower bound)``, ``None`` if infeasible.

        ``integers``: ``"none"`` (all continuous), ``"uncut"`` (integer unless
        relaxed, see :attr:`relaxed`) or ``"all"``.  ``fix`` fixes the "met"
        binaries (``nan``: free); ``box`` bounds the additions (unscaled);
        ``cones`` restricts the model to some of the cones; ``rule=False`` leaves
        the per-school rule out.  Raises :class:`_OutOfTime` past the deadline.
        """
        left = self.deadline - time.monotonic()
        if time_limit is not None:
            left = min(left, time_limit)
        if left <= 0:
            raise _OutOfTime
        self.rounds += 1
        nv, nb = self.nv, self.nb
        cols = nv + nb
        self._u_cols = {}
        data: list[Float] = []
        r_i: list[Int] = []
        c_i: list[Int] = []
        e_lb: list[Float] = []
        e_ub: list[Float] = []
        r0 = 0
        for key in (self.cones if cones is None else cones):
            cone = self.cones[key]
            lim = float(self.eff[key])
            mc = cols
            uc = np.arange(cols + 1, cols + 1 + cone.n)
            cols += 1 + cone.n
            self._u_cols[key] = uc
            one = np.array([float(cone.p @ cone.b)])
            # the columns hold u / L (about 1 near the limit, however small L is):
            # m - sum p a z = sum p b;   sum p (u / L) - m <= 0
            data += [np.concatenate([[1.0], -cone.p * cone.a]),
                     np.concatenate([cone.p, [-1.0]])]
            r_i += [np.full(cone.n + 1, r0), np.full(cone.n + 1, r0 + 1)]
            c_i += [np.concatenate([[mc], cone.var]), np.concatenate([uc, [mc]])]
            e_lb += [one, np.array([-np.inf])]
            e_ub += [one, np.array([0.0])]
            r0 += 2
            if cone.cut_row:
                i = np.concatenate(cone.cut_row)
                al = np.concatenate(cone.cut_alpha)
                nc = len(i)
                rr = r0 + np.arange(nc)
                # u_i >= 2 alpha d_i - alpha^2 t, divided by L:
                #   (2 alpha / L) a_i z - (2 alpha / L + alpha^2) m - u_i / L
                #     <= -(2 alpha / L) b_i
                g = 2 * al / lim
                data.append(np.concatenate([g * cone.a[i], -(g + al * al), -np.ones(nc)]))
                r_i.append(np.concatenate([rr, rr, rr]))
                c_i.append(np.concatenate([cone.var[i], np.full(nc, mc), uc[i]]))
                e_lb.append(np.full(nc, -np.inf))
                e_ub.append(-g * cone.b[i])
                r0 += nc
        cons = []
        if rule:
            base = self.a_base if cols == nv + nb else sparse.hstack(
                [self.a_base, sparse.csr_array((self.a_base.shape[0], cols - nv - nb))]).tocsr()
            cons.append(LinearConstraint(base, self.lb_base, np.inf))
        if r0:
            a_x = sparse.coo_array((np.concatenate(data), (np.concatenate(r_i),
                                                           np.concatenate(c_i))),
                                   shape=(r0, cols)).tocsr()
            cons.append(LinearConstraint(a_x, np.concatenate(e_lb), np.concatenate(e_ub)))
        c = np.concatenate([self.cost * self.scale, np.zeros(cols - nv)])
        z_lo, z_hi = (np.zeros(nv), self.ub) if box is None else box
        free = np.ones(nb, dtype=bool) if fix is None else np.isnan(fix)
        fixed = np.zeros(nb) if fix is None else np.nan_to_num(fix)
        y_lo = np.where(free, self.met_now, fixed) if rule else np.zeros(nb)
        y_hi = np.where(free, self.met_max, fixed) if rule else np.zeros(nb)
        lo = np.concatenate([z_lo / self.scale, y_lo, np.zeros(cols - nv - nb)])
        hi = np.concatenate([z_hi / self.scale, y_hi, np.full(cols - nv - nb, np.inf)])
        integrality = np.zeros(cols)
        if binaries and rule:
            integrality[nv:nv + nb] = free
        if integers == "all":
            integrality[:nv] = self.int_var
        elif integers == "uncut":
            integrality[:nv] = self.int_var & ~self.relaxed
        options: dict[str, Any] = {"disp": False, "mip_rel_gap": _GAP, "time_limit": left}
        with quiet_stdout():  # HiGHS prints to descriptor 1 even with disp=False
            res = milp(c, constraints=cons, integrality=integrality, bounds=Bounds(lo, hi),
                       options=options)
        if res.status == 2:
            return None
        if res.x is None:
            if res.status == 1:
                raise _OutOfTime
            raise QBalanceError(message("plan.milp_stopped", text=str(res.message)))
        x = np.asarray(res.x, dtype=np.float64)
        add = np.maximum(x[:nv], 0.0) * self.scale
        bound = getattr(res, "mip_dual_bound", None)
        fun = float(res.fun)
        return x, add, fun if bound is None or not np.isfinite(bound) else min(fun, bound)

    def loop(self, max_rounds: int, **kw: Any) -> tuple[tuple[Float, Float, float] | None,
                                                     bool]:
        """:meth:`solve` and cut until every CV is within its limit: the last
        solution (``None``: infeasible) and whether the CVs hold there."""
        got = None
        for _ in range(max_rounds):
            got = self.solve(**kw)
            if got is None:
                return None, False
            x, add, _ = got
            over = self.over(add)
            if not over.any():
                return got, True
            self.separate(x, add, over)
        return got, False


def _cv_reachable(prob: _Problem, ub: Float, sel: NDArray[np.bool_], s: int,
                  j: int) -> bool | None:
    """Can CV (s, j) reach its limit moving only the ``sel`` variables within ``ub``?
    (The convex problem alone, by the cutting planes of :class:`_OuterApproximation`;
    ``None`` when undecided in time.)"""
    scale = _scales(prob)
    oa = _OuterApproximation(prob, 1.0 / scale, np.where(sel, ub, 0.0), prob.cv_limit, 0.0,
                             1e-4, time.monotonic() + 10.0)
    oa.cone(s, j)
    mask = np.zeros(prob.cv_limit.shape, dtype=bool)
    mask[s, j] = True
    try:
        for _ in range(200):
            got = oa.solve(binaries=False, integers="none", rule=False, cones=[(s, j)])
            if got is None:
                return False
            x, add, _ = got
            if oa.cvs(add)[s, j] <= prob.cv_limit[s, j]:
                return True
            oa.separate(x, add, mask)
    except _OutOfTime:
        pass
    return None
