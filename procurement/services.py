"""Procurement services."""
