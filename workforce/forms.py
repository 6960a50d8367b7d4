"""Workforce forms."""
