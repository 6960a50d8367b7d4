"""Workforce: apprenticeships, rotations, local hires (later issues)."""
