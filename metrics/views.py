"""Metrics views."""
