"""Workforce services: one module a subject (programmes, rotations, hiring)."""
