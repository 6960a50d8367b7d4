"""Workforce selectors: one module a subject (programmes, rotations, hiring)."""
