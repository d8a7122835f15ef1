"""Least-cost gap-closing plan: what to add to which school so the county passes.

Given unit costs (yuan per m² of teaching or sports area, per yuan of
equipment, per multimedia classroom, per teacher of each kind) and optional
per-school caps, :func:`gap_plan` finds the cheapest additions such that

* every in-scope school satisfies the per-school rule (至少6项达标、其余不低于85%,
  教督〔2017〕6号 article 6), and
* every indicator's inter-school CV (校际差异系数) is within its limit, and the
  composite CV (综合差异系数) within the standard's composite limit when it sets one
  (a county's stricter target).

Formulation
-----------
Decision variables are additions to each school's whole-school stocks (floor
areas, equipment, multimedia classrooms — split between the segments of a
combined school by the standard's weights, so one addition counts in both) and
to each segment's teachers.  Teachers and classrooms are integers.  For school
*i*, indicator *j* with standard :math:`T_j` and floor fraction :math:`F_j`
(0.85), a binary :math:`y_{ij}` says "met":

.. math::

    v_{ij}(\\Delta) \\ge F_j T_j + (1 - F_j) T_j\\, y_{ij}, \\qquad
    \\sum_j y_{ij} \\ge m ,

which is exact for the "6 of 7, rest ≥ 85 %" rule (a mixed-integer linear
program, solved with :func:`scipy.optimize.milp`; the rows are written in their
tightest, convex-hull form).  The CV constraint :math:`S_j \\le L_j \\bar{x}_j`
is a second-order cone in the additions (:math:`S_j` is a weighted Euclidean
norm of the deviations, :math:`\\bar{x}_j` is linear), hence convex.  It is
handled by outer approximation, in its *disaggregated* form: with :math:`p_i`
the pupil weights, :math:`d_i` a school's deviation from the mean and
:math:`t = L_j \\bar{x}_j`,

.. math::

    \\sum_i p_i d_i^2 \\le t^2 \\iff d_i^2 / t \\le u_i,\\ \\sum_i p_i u_i \\le t ,

and each small cone :math:`d_i^2/t \\le u_i` is cut by its tangent
:math:`u_i \\ge 2\\alpha d_i - \\alpha^2 t` at the solution's slope
:math:`\\alpha = d_i/t`.  Cutting the whole cone by one hyperplane per round
(Kelley's or Veinott's supporting hyperplanes of the aggregated cone) needs a
number of rounds that grows with the number of schools: a county of 50 schools
with combined schools stalled.  Per-school tangents describe the cone near the
optimum in a handful of rounds (Vielma, Dunning, Huchette & Lubin, *Extended
formulations in mixed integer conic quadratic programming*, 2017).  The loop
runs first on the LP relaxation (cheap rounds that lay most cuts), then on the
MILP, where a plan that breaks a CV limit is cut off and the convex problem
with its "met" pattern fixed gives a feasible plan and more cuts, until the
MILP's plan meets every limit or its lower bound is within 0.03 % of the best
plan found.
Additions are scaled (one unit raises a school's value by its threshold) so
that equipment in yuan and floor area in m² are alike to the solver.  Each cut
is valid for the convex set, and the cones are cut at a limit a little inside
(1e-4) while plans are accepted at the limit itself, so the loop stops.

Integer additions (teachers, classrooms) whose CV binds are solved as
continuous and rounded: the greedy takes back the roundings up that the rules
do not need, a small MILP chooses between the integers below and above; where
rounding up breaks a limit (one more teacher at a tiny school overshoots the
mean), those integers are kept integral from then on.  The composite limit
(mean of the CVs) is not convex in general; it is shared out into
per-indicator targets, which keeps the result feasible (verified) but not
provably least-cost.  The search is bounded by ``time_limit``; past it the best
plan found is kept and :attr:`GapPlan.note` says so.

Whatever the solver reports, the plan is applied to a copy of the county and
**re-evaluated with** :func:`qbalance.evaluate_resources`; the CVs and verdicts
shown are those of the re-evaluation.  It is also costed against
:func:`naive_plan`: should the greedy plan be cheaper, or the solver find no
plan, :func:`gap_plan` returns the greedy plan and says so.
"""

from __future__ import annotations

from qbalance.plan.apply import GapPlan, PlanItem, apply_additions
from qbalance.plan.batch import PLAN_STATUSES, BatchPlan, CountyPlan, plan_batch
from qbalance.plan.problem import FIELD_NAMES, UnitCosts
from qbalance.plan.solve import gap_plan, naive_plan

__all__ = [
    "FIELD_NAMES",
    "PLAN_STATUSES",
    "BatchPlan",
    "CountyPlan",
    "GapPlan",
    "PlanItem",
    "UnitCosts",
    "apply_additions",
    "gap_plan",
    "naive_plan",
    "plan_batch",
]
