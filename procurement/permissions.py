"""Procurement permissions."""
