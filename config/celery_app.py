import os
import sys
from pathlib import Path

from celery import Celery

# `celery -A config worker|beat` defaults to local settings, as manage.py does. Only there: every
# web process imports this package (config/__init__.py) before config.wsgi/asgi set their
# production default, so a default set here for everyone made gunicorn run local settings
# (DEBUG on) whenever DJANGO_SETTINGS_MODULE was not set.
_command = Path(sys.argv[0] if sys.argv and sys.argv[0] else "")
if "celery" in (_command.name, _command.parent.name):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("anchors")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="portal.ping")
def ping():
    """A no-op task: CI sends it through the real broker to prove the queue works end to end."""
    return "pong"
