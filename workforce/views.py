"""Workforce views."""
