"""Tests of qbalance.form."""
