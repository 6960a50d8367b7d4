"""Workforce services."""
