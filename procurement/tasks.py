"""Procurement tasks."""
