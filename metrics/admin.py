"""Metrics admin."""
