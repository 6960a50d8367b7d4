"""Metrics permissions."""
