"""Procurement's forms, one module a subject (``status``, ``suppliers``, ``resources``, …)."""
