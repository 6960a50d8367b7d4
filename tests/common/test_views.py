"""The one way a page saves a form and a button runs an action (anchors.common.views)."""

import datetime

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from anchors.common.errors import PortalError, StaleEditError
from anchors.common.forms import GovukForm, VersionedMixin
from anchors.common.views import form_page, perform, safe_next


class Saved:
    """A record as a service hands it back (what the page shows after a stale save)."""

    class _meta:  # noqa: N801 - the shape field_display and version_of read
        @staticmethod
        def get_field(name):
            return forms.Field(label=name)

    updated_at = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


class NameForm(VersionedMixin, GovukForm):
    name = forms.CharField(label="Name")

    def saved_values(self, instance):
        return [("Name", "Saved by someone else")]


def _request(method="get", data=None, path="/thing/"):
    request = getattr(RequestFactory(), method)(path, data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _messages(request):
    return [str(m) for m in get_messages(request)]


def test_a_valid_post_calls_the_service_says_so_and_redirects():
    request = _request("post", {"name": "Alpha", "version": "v1"})
    calls = []
    response = form_page(
        request,
        NameForm(request.POST),
        save=lambda data: calls.append(data) or "saved",
        done=lambda result: (f"Thing {result}.", "/things/"),
        template="layouts/form.html",
    )
    assert (response.status_code, response["Location"]) == (302, "/things/")
    assert calls == [{"name": "Alpha", "version": "v1"}]
    assert _messages(request) == ["Thing saved."]


@pytest.mark.django_db  # the page renders through base.html
def test_an_invalid_post_never_reaches_the_service():
    request = _request("post", {"name": ""})
    response = form_page(
        request,
        NameForm(request.POST),
        save=lambda data: pytest.fail("the service was called"),
        done=("Saved.", "/"),
        template="layouts/form.html",
        context={"title": "Name it"},
    )
    assert response.status_code == 200
    assert "Enter name" in response.content.decode()


@pytest.mark.django_db  # the page renders through base.html
def test_a_refusal_lands_on_the_field_it_names():
    def refuse(data):
        raise PortalError("That name is taken.", field="name")

    request = _request("post", {"name": "Alpha", "version": "v1"})
    form = NameForm(request.POST)
    response = form_page(
        request, form, save=refuse, done=("Saved.", "/"), template="layouts/form.html"
    )
    assert response.status_code == 200
    assert form.errors["name"] == ["That name is taken."]
    assert 'href="#id_name"' in response.content.decode()
    assert _messages(request) == []


@pytest.mark.django_db  # the page renders through base.html
def test_a_stale_save_shows_what_is_saved_now_and_carries_its_version():
    def stale(data):
        raise StaleEditError("Someone else changed this thing.", current=Saved())

    request = _request("post", {"name": "Mine", "version": "old"})
    form = NameForm(request.POST)
    response = form_page(
        request, form, save=stale, done=("Saved.", "/"), template="layouts/form.html"
    )
    html = response.content.decode()
    assert "Someone else changed this thing." in html
    assert "Saved by someone else" in html  # what is saved now
    assert 'value="Mine"' in html  # what they typed is kept
    assert form.data["version"] == Saved.updated_at.isoformat()  # a second save replaces it


def test_perform_says_what_happened_and_redirects():
    request = _request("post")
    response = perform(
        request, lambda: 3, success=lambda n: f"{n} verified.", then="/grid/", failed="/value/"
    )
    assert response["Location"] == "/grid/"
    assert _messages(request) == ["3 verified."]

    def refuse():
        raise PortalError("It changed meanwhile.")

    request = _request("post")
    response = perform(
        request, refuse, success="Done.", then="/grid/", failed="/value/", failure_prefix="No: "
    )
    assert response["Location"] == "/value/"
    assert _messages(request) == ["No: It changed meanwhile."]


def test_safe_next_stays_on_this_site():
    assert safe_next(_request(data={"next": "/actions/?state=open"}), "/") == "/actions/?state=open"
    assert safe_next(_request(data={"next": "https://evil.example/"}), "/home/") == "/home/"
    assert safe_next(_request(), "/home/") == "/home/"
