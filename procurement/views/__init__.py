"""Procurement's pages, one module a subject (``status``, ``suppliers``, ``resources``, …)."""
