"""Procurement tasks."""

from celery import shared_task

from procurement.services import spend as spend_services


@shared_task(name="procurement.prune_spend_batches")
def prune_spend_batches() -> int:
    """Spend files checked but never imported are kept two days, then deleted."""
    return spend_services.spend_batches_prune()
