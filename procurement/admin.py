"""Procurement admin."""
