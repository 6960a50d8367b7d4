"""Governance permissions."""
