"""Tests of the flat core modules (core, _stats, rounding, ratios, models, standard, expr, errors, vocab)."""
