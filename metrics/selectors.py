"""Metrics selectors."""
