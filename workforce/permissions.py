"""Workforce permissions."""
