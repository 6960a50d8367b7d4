"""Workforce forms: one module a subject (programmes, rotations, hiring)."""
