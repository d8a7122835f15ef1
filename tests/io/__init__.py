"""Tests of qbalance.io."""
