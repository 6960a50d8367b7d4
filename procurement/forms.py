"""Procurement forms."""
