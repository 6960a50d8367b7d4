"""Procurement: anchors' status on themes and opportunities, suppliers, pipeline, spend."""
