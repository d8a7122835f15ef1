"""Tests of qbalance.audit."""
