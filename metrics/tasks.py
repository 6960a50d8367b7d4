"""Metrics tasks."""
