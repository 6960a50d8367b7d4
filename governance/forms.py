"""Governance forms."""
