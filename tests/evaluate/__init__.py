"""Tests of qbalance.evaluate."""
