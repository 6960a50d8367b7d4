"""Procurement selectors."""
