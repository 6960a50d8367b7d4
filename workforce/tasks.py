"""Workforce tasks."""
