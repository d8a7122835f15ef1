"""Tests of the command line (qbalance.cli)."""
