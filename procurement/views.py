"""Procurement views."""
