"""Governance admin."""
