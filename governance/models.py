"""Governance: escalations, decisions, barriers, roadmap, reports (later issues)."""
