"""Governance selectors."""
