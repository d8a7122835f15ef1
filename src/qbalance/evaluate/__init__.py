"""The evaluation pipelines: one county's figures and verdicts, and many counties at once.

- :mod:`qbalance.evaluate.resources` — 资源配置: the seven indicators' CVs and per-school rule;
- :mod:`qbalance.evaluate.county` — the whole county: resources, guarantee, quality,
  survey and vetoes;
- :mod:`qbalance.evaluate.batch` — many counties at once, vectorised (a second
  implementation of the resource rules, tested equal to the first);
- :mod:`qbalance.evaluate.scenario` — enrolment scenarios compared;
- :mod:`qbalance.evaluate.sensitivity` — per-school contributions and headroom.

This package may import the flat modules (:mod:`qbalance.core`, :mod:`qbalance.ratios`,
:mod:`qbalance.standard`, :mod:`qbalance.vocab`, ...) and :mod:`qbalance.io` (lazily,
for serialisation); never :mod:`qbalance.audit`, :mod:`qbalance.plan` or the report.
"""
