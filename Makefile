# qbalance developer tasks. Needs only python3 (>= 3.11) and make.
#   make demo   create .venv if missing, install, evaluate the bundled example county
#   make test   create .venv if missing, install, mypy --strict, pytest (+ doctests), docs
#   make test-core   pytest as without the optional extras (they are hidden): must pass, skipping
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.qbalance-installed

.PHONY: demo test test-core typecheck pytest docs bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/qbalance evaluate --example || test $$? -eq 1

typecheck: $(STAMP)
	$(BIN)/mypy --strict src/qbalance

pytest: $(STAMP)
	$(BIN)/python -m pytest -q --junitxml=$(VENV)/pytest-report.xml

docs: $(STAMP)
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html

# make test ends with one line: tests passed, skipped, docs built (read from pytest's report).
test: typecheck pytest docs
	@$(BIN)/python -c "import xml.etree.ElementTree as E; s = E.parse('$(VENV)/pytest-report.xml').getroot(); s = s if s.tag == 'testsuite' else s[0]; n, k, f, e = (int(s.get(a, 0)) for a in ('tests', 'skipped', 'failures', 'errors')); print(f'make test: {n - k - f - e} tests passed, {k} skipped, {f + e} failed; mypy --strict clean; docs built (docs/_build/html)')"

# The suite as in an environment with the core dependencies only (.ci/core-only hides the
# optional extras, also from the CLI's subprocesses): what needs an extra skips with a reason.
test-core: $(STAMP)
	PYTHONPATH=$(CURDIR)/.ci/core-only QBALANCE_CORE_ONLY=1 $(BIN)/python -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python benchmarks/national.py

clean:
	rm -rf $(VENV) docs/_build .mypy_cache .hypothesis
