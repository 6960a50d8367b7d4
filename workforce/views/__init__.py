"""Workforce views: one module a subject (programmes, rotations, hiring)."""
