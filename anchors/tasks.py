"""Background tasks of the base layer (reminders arrive with the workshop log)."""
