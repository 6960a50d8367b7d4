"""The API's authorisation matrix: every endpoint × every role × an object of the user's own
organisation, of another organisation and of another collaborative, read with a personal token.

A leak is any of: a role outside the rule getting anything but 403/404 (no token: 401); another
collaborative's names in any answer; another organisation's values for a lead or sponsor; an
email the people pages would not show; a server error. The test asserts 0 leaks and prints the
number of cases.
"""

import json

import pytest
from django.test import Client

from anchors.models import Person
from governance.models import Decision
from tests.api.factories import api_token_for, bearer
from tests.api.paths import DETAILS, LISTS, ROLES

pytestmark = pytest.mark.django_db


def _decision(escalation, label):
    return Decision.objects.create(
        collaborative=escalation.collaborative,
        escalation=escalation,
        what=f"{label}: align the tender timetables",
        decided_by=escalation.raised_by,
        group=escalation.addressed_group,
    )


@pytest.fixture
def api_world(world):
    """The world, with a decision on each side's escalation, and a token client per role."""
    for scope, label in (("here", "Here"), ("elsewhere", "Elsewhere")):
        world.objects[scope]["decision"] = _decision(world.objects[scope]["escalation"], label)
    world.objects["own"]["decision"] = world.objects["here"]["decision"]
    clients = {}
    for role in ROLES:
        client = Client()
        client.defaults.update(bearer(api_token_for(world.users[role])[1]))
        clients[role] = client
    clients["anonymous"] = Client()
    world.clients = clients
    return world


def _texts_of_elsewhere(world, body):
    return [marker for marker in world.markers["elsewhere"] if marker in body]


def _leaks_in_list(world, role, path, data):
    """What a list shows that the pages would not show this role."""
    leaks = []
    results = data.get("results", []) if isinstance(data, dict) else []
    if path == "/api/v1/values/" and role != "facilitator":
        own = {
            "lead_a": {world.objects["own"]["organisation"].pk},
            "sponsor_a": {world.objects["own"]["organisation"].pk},
            "lead_b": {world.objects["other"]["organisation"].pk},
        }[role]
        shown = {row["organisation"] for row in results}
        if shown - own:
            leaks.append(f"values of other organisations {shown - own}")
    if path == "/api/v1/people/" and role != "facilitator":
        user = world.users[role]
        mine = {m.organisation_id for m in user.person.memberships.all()}
        by_pk = {p.pk: p for p in Person.objects.filter(pk__in=[r["id"] for r in results])}
        for row in results:
            if row["email"] is not None and by_pk[row["id"]].organisation_id not in mine:
                leaks.append(f"email of {row['name']}")
    return leaks


def test_the_api_matrix(api_world):
    world = api_world
    leaks, cases = [], 0
    for path, allowed in LISTS.items():
        for role in [*ROLES, "anonymous"]:
            cases += 1
            response = world.clients[role].get(path)
            where = f"GET {path} as {role} → {response.status_code}"
            if response.status_code >= 500:
                leaks.append(f"server error: {where}")
                continue
            if role == "anonymous":
                if response.status_code != 401 or "Bearer" not in response.get(
                    "WWW-Authenticate", ""
                ):
                    leaks.append(f"not 401: {where}")
                continue
            if role not in allowed:
                if response.status_code not in (403, 404):
                    leaks.append(f"not refused: {where}")
                continue
            if response.status_code != 200:
                leaks.append(f"refused: {where}")
                continue
            body = response.content.decode()
            if shown := _texts_of_elsewhere(world, body):
                leaks.append(f"shows another collaborative ({shown}): {where}")
            leaks += [
                f"{leak}: {where}" for leak in _leaks_in_list(world, role, path, json.loads(body))
            ]
    for path, (kind, rule) in DETAILS.items():
        for scope, allowed in rule.items():
            target = world.objects[scope][kind]
            url = path.replace("{id}", str(target.pk))
            for role in [*ROLES, "anonymous"]:
                cases += 1
                response = world.clients[role].get(url)
                where = f"GET {path} [{scope}] as {role} → {response.status_code}"
                if response.status_code >= 500:
                    leaks.append(f"server error: {where}")
                elif role == "anonymous":
                    if response.status_code != 401:
                        leaks.append(f"not 401: {where}")
                elif role not in allowed:
                    if response.status_code not in (403, 404):
                        leaks.append(f"not refused: {where}")
                elif response.status_code != 200:
                    leaks.append(f"refused: {where}")
                elif shown := _texts_of_elsewhere(world, response.content.decode()):
                    leaks.append(f"shows another collaborative ({shown}): {where}")
    print(f"\nAPI authorisation matrix: {len(LISTS) + len(DETAILS)} paths, {cases} cases")
    assert cases > 400
    assert leaks == [], "\n".join(leaks)


def test_a_session_sees_what_its_token_sees(api_world):
    """Signed in (the docs page's "Try it out"), the same rules apply as with a token."""
    world = api_world
    client = Client()
    client.force_login(world.users["lead_a"], backend="django.contrib.auth.backends.ModelBackend")
    values = client.get("/api/v1/values/").json()["results"]
    assert {row["organisation"] for row in values} == {world.objects["own"]["organisation"].pk}
    client.force_login(
        world.users["hwb_member"], backend="django.contrib.auth.backends.ModelBackend"
    )
    assert client.get("/api/v1/actions/").status_code == 403
