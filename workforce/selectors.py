"""Workforce selectors."""
