"""Metrics forms."""
