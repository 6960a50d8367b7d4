"""Metrics services."""
