"""Governance services."""
