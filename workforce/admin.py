"""Workforce admin."""
