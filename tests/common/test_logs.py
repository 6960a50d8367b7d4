"""An expected refusal logs one line, not a traceback; the emailed links follow HOST and PORT."""

import importlib
import logging
import sys

import pytest

from anchors.common.logs import OneLineClientErrors
from config import env


def _record(status):
    try:
        raise PermissionError("refused")
    except PermissionError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "x", (), exc_info)
    record.status_code = status
    return record


@pytest.mark.parametrize("status", [403, 404])
def test_a_refusal_is_one_line(status):
    record = _record(status)
    assert OneLineClientErrors().filter(record)
    assert record.exc_info is None
    assert "Traceback" not in logging.Formatter().format(record)


def test_a_server_error_keeps_its_traceback():
    record = _record(500)
    assert OneLineClientErrors().filter(record)
    assert "Traceback" in logging.Formatter().format(record)


@pytest.mark.django_db
def test_a_refused_page_logs_one_line(client_for, lead_a, org_b, caplog):
    handler = logging.StreamHandler()
    handler.addFilter(OneLineClientErrors())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client_for(lead_a).get(f"/organisations/{org_b.pk}/edit/")
    assert response.status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.status_code == 403
    assert handler.filter(record)
    line = handler.format(record)
    assert line.startswith("Forbidden (Permission denied): /organisations/")
    assert "\n" not in line


def test_site_url_follows_host_and_port(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setenv("HOST", "0.0.0.0")  # noqa: S104 - a value under test, not a bind
    monkeypatch.setenv("PORT", "8123")
    try:
        assert importlib.reload(env).SITE_URL == "http://0.0.0.0:8123"
        monkeypatch.setenv("SITE_URL", "https://portal.example.org")
        assert importlib.reload(env).SITE_URL == "https://portal.example.org"
    finally:
        monkeypatch.undo()
        importlib.reload(env)
