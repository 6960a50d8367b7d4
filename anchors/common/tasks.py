"""Handing work to Celery once the transaction that asked for it has committed.

Services name the task rather than import it (``enqueue("metrics.notify_value_returned", 12)``):
tasks call services, so services importing tasks would make a cycle. The task is looked up in the
Celery app's registry, which holds every app's ``tasks`` module once the app has imported them.
"""

from celery import current_app
from django.db import transaction


def task_named(name):
    """The registered Celery task called ``name`` (importing every app's tasks on first use)."""
    tasks = current_app.tasks
    if name not in tasks:
        current_app.loader.import_default_modules()
    return tasks[name]


def enqueue(name, *args, **kwargs):
    """Send the task ``name`` with these arguments when the current transaction commits (at once
    outside a transaction); nothing is sent if it rolls back."""
    transaction.on_commit(lambda: task_named(name).apply_async(args=args, kwargs=kwargs))
