"""Shared measurement: metric framework, periods, values, targets (issue 4)."""
