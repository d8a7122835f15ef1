"""Tests of qbalance.plan."""
