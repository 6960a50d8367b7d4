"""Governance tasks."""
