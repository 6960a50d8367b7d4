"""Forms never offer another collaborative's objects.

Every page of the portal is opened, as the facilitator, a lead and a sponsor of each of two
collaboratives; every form the page builds (forms, formsets, the workshop log's parts, filters) is
walked, and every choice of every choice field must belong to the user's collaborative: a model
choice's row carries its collaborative; any other choice's label must not name anything of the
other collaborative. Every form class of the project must be met on some page (or be listed
below with the reason it offers no choices of the collaborative's).
"""

import pytest
from django import forms
from django.forms.formsets import BaseFormSet
from django.test import Client
from django.urls import reverse

from tests.common.test_forms import project_forms
from tests.test_authorisation_matrix import ACCESS, OBJECTS, PARAMETERS

pytestmark = pytest.mark.django_db

# Form classes no page builds with the collaborative's choices, and why.
NOT_ON_A_PAGE = {
    "FilterForm": "the base of every list filter; its subclasses are walked",
    "RowForm": "the base of the workshop log's rows; its subclasses are walked",
    "LoginForm": "allauth's sign-in: no choices",
    "ChangePasswordForm": "allauth's password change: no choices",
    "SetPasswordForm": "allauth's password set: no choices",
    "ResetPasswordForm": "allauth's reset request: no choices",
    "ResetPasswordKeyForm": "allauth's reset: no choices",
    "InvitationAcceptForm": "the invitation link's password form: no choices",
}
ROLES = ("facilitator", "lead_a", "sponsor_a")


def _forms_in(value):
    """Every form inside a context value: forms, formsets, and objects holding several parts."""
    if isinstance(value, forms.BaseForm):
        yield value
    elif isinstance(value, BaseFormSet):
        yield from value.forms
    elif hasattr(value, "in_page_order"):
        for part in value.in_page_order():
            yield from _forms_in(part)


def _page_forms(response):
    found, seen = [], set()
    for context in response.context or []:
        for layer in context.dicts:
            for value in layer.values():
                for form in _forms_in(value):
                    if id(form) not in seen:
                        seen.add(id(form))
                        found.append(form)
    return found


def _labels(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield value  # an optgroup's name
            yield from (str(sub_label) for _, sub_label in label)
        else:
            yield str(label)


def _problems(form, collaborative, foreign_markers):
    problems = []
    for name, field in form.fields.items():
        where = f"{type(form).__name__}.{name}"
        queryset = getattr(field, "queryset", None)
        if queryset is not None:
            for row in queryset:
                owner = getattr(row, "collaborative_id", collaborative.pk)
                if owner != collaborative.pk:
                    problems.append(f"{where} offers {row!r} of collaborative {owner}")
        elif getattr(field, "choices", None):
            for label in _labels(field.choices):
                foreign = [m for m in foreign_markers if m in str(label)]
                if foreign:
                    problems.append(f"{where} offers “{label}” (another collaborative's)")
    return problems


def _get_urls(scopes):
    """(URL name, scope) for every page a GET may open, in the given scopes."""
    for name, rules in ACCESS.items():
        for scope in rules["get"]:
            if scope in scopes and rules["get"][scope]:
                yield name, scope


def _url(name, scope, objects):
    if scope == "none":
        return reverse(name)
    return reverse(name, args=OBJECTS[PARAMETERS[name]](objects))


@pytest.mark.parametrize("side", ["this", "the other"])
def test_no_form_offers_another_collaboratives_objects(side, world):
    if side == "this":
        collaborative = world.collaborative
        users = {role: world.users[role] for role in ROLES}
        scopes = {"own": world.objects["own"], "here": world.objects["here"], "none": {}}
    else:
        collaborative = world.elsewhere
        users = world.elsewhere_users
        scopes = {"own": world.objects["elsewhere"], "here": world.objects["elsewhere"]}
        scopes["none"] = {}
    foreign_markers = world.markers["elsewhere" if side == "this" else "here"]
    problems, met, pages = [], set(), 0
    for role, user in users.items():
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        for name, scope in _get_urls(scopes):
            response = client.get(_url(name, scope, scopes[scope]))
            if response.status_code != 200:
                continue
            pages += 1
            for form in _page_forms(response):
                met.add(type(form).__name__)
                found = _problems(form, collaborative, foreign_markers)
                problems += [f"{name} as {role}: {problem}" for problem in found]
    assert pages > 40
    assert problems == [], "\n".join(problems)
    project = {cls.__name__ for cls in project_forms()}
    unmet = project - met - set(NOT_ON_A_PAGE)
    assert not unmet, f"forms no page showed (walk them, or say why in NOT_ON_A_PAGE): {unmet}"
