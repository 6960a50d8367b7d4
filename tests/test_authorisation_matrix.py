"""The authorisation matrix: every URL of the portal × every role × an object of the user's own
organisation, of another organisation and of another collaborative, by GET and by POST.

The URL list comes from the resolver, so a new URL is covered the moment it exists: the test fails
until ACCESS says who may open it (and, for URLs with parameters, OBJECTS says which record each
scope points at). POSTs are forged: the data is what the page's own form sends (as fetched by
someone who may open it), so a missing permission check would really write. A leak is any of:
- a role outside ACCESS getting anything but 403/404/405 (or, signed out, the login page);
- any write (a row added, changed or removed anywhere) by a role outside ACCESS;
- another collaborative's names on any page a role of this one can open;
- a server error, for anyone.
The test prints the number of cases and asserts 0 leaks.
"""

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from anchors.common.locking import version_of
from tests.matrix_parts import parts

pytestmark = pytest.mark.django_db

PROJECT_NAMESPACES = {"anchors", "metrics", "procurement", "workforce", "governance", "exports"}
# URLs outside the matrix, each for a reason.
NOT_IN_MATRIX = {
    "anchors:invitation_accept": "public one-time link, tested in test_accounts",
}
ROLES = [
    "facilitator",
    "lead_a",
    "lead_b",
    "sponsor_a",
    "hwb_member",
    "viewer",
    "outsider",
    "anonymous",
]
MEMBERS = {"facilitator", "lead_a", "lead_b", "sponsor_a", "hwb_member", "viewer"}
SIGNED_IN = MEMBERS | {"outsider"}
EVERYONE = SIGNED_IN | {"anonymous"}
NOT_HWB = MEMBERS - {"hwb_member"}
EDITORS = {"facilitator", "lead_a", "lead_b", "sponsor_a"}
FAC = {"facilitator"}
NOBODY: set = set()


def per_org(own, other):
    """An object of lead A's organisation, of lead B's, and of another collaborative."""
    return {"own": own, "other": other, "elsewhere": NOBODY}


def shared(roles):
    """An object of the collaborative (not of one organisation), or of another one."""
    return {"here": roles, "elsewhere": NOBODY}


def plain(roles):
    """A URL without parameters."""
    return {"none": roles}


# URL name -> {"get": {scope: roles}, "post": {scope: roles}}; "post" defaults to "get".
ACCESS = {
    "anchors:home": {"get": plain(SIGNED_IN)},
    "anchors:my_account": {"get": plain(SIGNED_IN)},
    # The two-factor enrolment step: those who need it see it, everyone else is sent on.
    "anchors:mfa_required": {"get": plain(SIGNED_IN)},
    "anchors:accessibility": {"get": plain(EVERYONE)},
    # Long exports (anchors.common.exportjobs): each person's own list; a job and its file only
    # for the person who asked (lead A's job for lead A, lead B's for lead B, nobody else).
    "exports:job_list": {"get": plain(SIGNED_IN)},
    "exports:job_detail": {"get": per_org({"lead_a"}, {"lead_b"})},
    "exports:job_download": {"get": per_org({"lead_a"}, {"lead_b"})},
    # Personal API tokens (only one's own revoked) and the API's schema and docs page.
    "anchors:api_token_list": {"get": plain(SIGNED_IN)},
    "anchors:api_token_create": {"get": plain(SIGNED_IN)},
    "anchors:api_token_revoke": {
        "get": per_org(NOBODY, NOBODY),
        "post": per_org({"lead_a"}, {"lead_b"}),
    },
    "anchors:api_schema": {"get": plain(SIGNED_IN)},
    "anchors:api_docs": {"get": plain(SIGNED_IN)},
    "anchors:organisation_list": {"get": plain(MEMBERS)},
    "anchors:organisation_create": {"get": plain(FAC)},
    "anchors:organisation_detail": {"get": per_org(MEMBERS, MEMBERS)},
    "anchors:organisation_edit": {"get": per_org(FAC, FAC)},
    "anchors:organisation_profile": {
        "get": per_org({"facilitator", "lead_a"}, {"facilitator", "lead_b"})
    },
    "anchors:person_list": {"get": plain(MEMBERS)},
    "anchors:person_create": {"get": plain(FAC)},
    "anchors:person_detail": {"get": per_org(MEMBERS, MEMBERS)},
    "anchors:person_edit": {"get": per_org(FAC, FAC)},
    "anchors:membership_add": {"get": per_org(FAC, FAC)},
    "anchors:membership_remove": {"get": per_org(FAC, FAC)},
    "anchors:person_invite": {"get": per_org(FAC, FAC)},
    "anchors:workstream_list": {"get": plain(MEMBERS)},
    "anchors:workstream_create": {"get": plain(FAC)},
    "anchors:workstream_detail": {"get": shared(MEMBERS)},
    "anchors:workstream_edit": {"get": shared(FAC)},
    "anchors:workstream_status": {"get": shared(FAC)},
    "anchors:participation_add": {"get": shared(FAC)},
    "anchors:participation_edit": {"get": per_org(FAC, FAC)},
    "anchors:participation_sponsorship": {"get": per_org({"facilitator", "sponsor_a"}, FAC)},
    "anchors:update_create": {"get": shared({"facilitator", "lead_a", "lead_b"})},
    "anchors:update_edit": {"get": per_org({"facilitator", "lead_a"}, {"facilitator", "lead_b"})},
    "anchors:workshop_list": {"get": plain(NOT_HWB)},
    "anchors:workshop_create": {"get": plain(FAC)},
    "anchors:workshop_detail": {"get": shared(NOT_HWB)},
    "anchors:workshop_edit": {"get": shared(FAC)},
    "anchors:action_list": {"get": plain(NOT_HWB)},
    "anchors:action_edit": {"get": per_org({"facilitator", "lead_a"}, {"facilitator", "lead_b"})},
    "anchors:action_done": {
        "get": per_org(NOBODY, NOBODY),
        "post": per_org({"facilitator", "lead_a"}, {"facilitator", "lead_b"}),
    },
    "anchors:action_reopen": {
        "get": per_org(NOBODY, NOBODY),
        "post": per_org({"facilitator", "lead_a"}, {"facilitator", "lead_b"}),
    },
    "metrics:index": {"get": plain(MEMBERS)},
    "metrics:metric_create": {"get": plain(FAC)},
    "metrics:metric_detail": {"get": shared(MEMBERS)},
    "metrics:metric_edit": {"get": shared(FAC)},
    "metrics:target_set": {"get": shared(FAC)},
    "metrics:outcome_create": {"get": plain(FAC)},
    "metrics:period_list": {"get": plain(EDITORS)},
    "metrics:period_create": {"get": plain(FAC)},
    "metrics:period_detail": {"get": shared(EDITORS)},
    "metrics:period_edit": {"get": shared(FAC)},
    "metrics:submit_index": {"get": plain(EDITORS)},
    "metrics:submit": {
        "get": per_org({"facilitator", "lead_a", "sponsor_a"}, {"facilitator", "lead_b"})
    },
    "metrics:verify_selected": {"get": shared(NOBODY), "post": shared(FAC)},
    "metrics:value_detail": {
        "get": per_org({"facilitator", "lead_a", "sponsor_a"}, {"facilitator", "lead_b"})
    },
    "metrics:value_verify": {"get": per_org(NOBODY, NOBODY), "post": per_org(FAC, FAC)},
    "metrics:value_return": {"get": per_org(NOBODY, NOBODY), "post": per_org(FAC, FAC)},
    "metrics:value_evidence": {
        "get": per_org({"facilitator", "lead_a", "sponsor_a"}, {"facilitator", "lead_b"})
    },
    "metrics:import": {"get": plain(EDITORS)},
    "metrics:import_template": {"get": plain(EDITORS)},
    # The tidy CSV of figures (each role gets only the values it may open).
    "metrics:figures": {"get": plain(EDITORS)},
    # Only the person who uploaded a file sees its preview and confirms it.
    "metrics:import_preview": {"get": per_org({"lead_a"}, {"lead_b"})},
    "metrics:import_confirm": {
        "get": per_org(NOBODY, NOBODY),
        "post": per_org({"lead_a"}, {"lead_b"}),
    },
}


# URL name -> (what its parameters point at: a function of the scope's objects)
OBJECTS = {
    "organisation": lambda o: [o["organisation"].pk],
    "person": lambda o: [o["person"].pk],
    "membership": lambda o: [o["person"].pk, o["person"].memberships.first().pk],
    "workstream": lambda o: [o["workstream"].pk],
    "participation": lambda o: [o["participation"].workstream_id, o["participation"].pk],
    "update": lambda o: [o["update"].pk],
    "workshop": lambda o: [o["workshop"].pk],
    "action": lambda o: [o["action"].pk],
    "metric": lambda o: [o["metric"].pk],
    "period": lambda o: [o["period"].pk],
    "value": lambda o: [o["value"].pk],
    "batch": lambda o: [o["batch"].pk],
    "export_job": lambda o: [o["export_job"].pk],
    "api_token": lambda o: [o["api_token"].pk],
}
PARAMETERS = {
    "anchors:organisation_detail": "organisation",
    "anchors:organisation_edit": "organisation",
    "anchors:organisation_profile": "organisation",
    "anchors:person_detail": "person",
    "anchors:person_edit": "person",
    "anchors:membership_add": "person",
    "anchors:membership_remove": "membership",
    "anchors:person_invite": "person",
    "anchors:workstream_detail": "workstream",
    "anchors:workstream_edit": "workstream",
    "anchors:workstream_status": "workstream",
    "anchors:participation_add": "workstream",
    "anchors:participation_edit": "participation",
    "anchors:participation_sponsorship": "participation",
    "anchors:update_create": "workstream",
    "anchors:update_edit": "update",
    "anchors:workshop_detail": "workshop",
    "anchors:workshop_edit": "workshop",
    "anchors:action_edit": "action",
    "anchors:action_done": "action",
    "anchors:action_reopen": "action",
    "metrics:metric_detail": "metric",
    "metrics:metric_edit": "metric",
    "metrics:target_set": "metric",
    "metrics:period_detail": "period",
    "metrics:period_edit": "period",
    "metrics:submit": "period",
    "metrics:verify_selected": "period",
    "metrics:value_detail": "value",
    "metrics:value_verify": "value",
    "metrics:value_return": "value",
    "metrics:value_evidence": "value",
    "metrics:import_preview": "batch",
    "metrics:import_confirm": "batch",
    "exports:job_detail": "export_job",
    "exports:job_download": "export_job",
    "anchors:api_token_revoke": "api_token",
}

# The apps' own parts of the matrix (tests/<app>/matrix.py).
for _part in parts():
    ACCESS.update(_part.ACCESS)
    PARAMETERS.update(_part.PARAMETERS)
    OBJECTS.update(_part.OBJECTS)


def project_url_names():
    """Every named URL of the portal's apps, from the resolver."""
    names = set()

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace or namespace
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name and namespace:
                names.add(f"{namespace}:{entry.name}")

    walk(get_resolver().url_patterns, None)
    return sorted(n for n in names if n.split(":")[0] in PROJECT_NAMESPACES)


def test_every_url_is_in_the_matrix():
    names = set(project_url_names())
    missing = names - set(ACCESS) - set(NOT_IN_MATRIX)
    assert not missing, f"add these URLs to ACCESS (and PARAMETERS): {sorted(missing)}"
    assert not set(ACCESS) - names, "ACCESS names URLs that no longer exist"


def _url(name, scope, objects):
    if scope == "none":
        return reverse(name)
    url = reverse(name, args=OBJECTS[PARAMETERS[name]](objects[scope]))
    if name == "metrics:submit" and scope in ("own", "other", "elsewhere"):
        url += f"?organisation={objects[scope]['organisation'].pk}"
    return url


def _scopes(rule):
    return list(rule)


def _fingerprint():
    """Rows and the latest change of every table of the portal, in one query: any write
    (a row added, changed or removed) moves it."""
    parts = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_NAMESPACES | {"outbox"}:
            continue
        columns = {f.column for f in model._meta.concrete_fields}
        table = connection.ops.quote_name(model._meta.db_table)
        # As text, so the UNION's column has one type on every database.
        latest = "CAST(MAX(updated_at) AS TEXT)" if "updated_at" in columns else "NULL"
        parts.append(f"SELECT '{model._meta.label}', COUNT(*), {latest} FROM {table}")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return {label: (count, str(latest)) for label, count, latest in cursor.fetchall()}


def _form_data(client, url):
    """What the page's own form would send (as someone allowed to open it)."""
    response = client.get(url)
    if response.status_code != 200 or not response.context:
        return {}
    form = response.context.get("form")
    if form is None or not hasattr(form, "fields"):
        return {}
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = str(value)
    return data


def _button_data(name, objects):
    """The POST-only buttons' data: the version the page carries, as a browser sends it."""
    if not objects:
        return {}
    if name in ("anchors:action_done", "anchors:action_reopen"):
        return {"version": version_of(objects["action"])}
    if name == "metrics:value_verify":
        return {"version": version_of(objects["value"])}
    if name == "metrics:value_return":
        return {"version": version_of(objects["value"]), "reason": "Forged return"}
    if name == "metrics:verify_selected":
        value = objects.get("value")
        return {"value": [f"{value.pk}@{version_of(value)}"]} if value else {}
    return {}


def _client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _refused(response, anonymous):
    if anonymous:
        location = response.get("Location", "")
        return (
            response.status_code == 302
            and location.startswith(reverse("account_login"))
            or (response.status_code in (403, 404, 405))
        )
    return response.status_code in (403, 404, 405)


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_the_matrix(name, world):
    rules = ACCESS[name]
    leaks = []
    clients = {role: _client_for(world.users[role]) for role in ROLES}
    for method in ("get", "post"):
        rule = rules.get(method, rules["get"])
        for scope in _scopes(rule):
            objects = world.objects[scope]
            url = _url(name, scope, world.objects)
            # The form data a permitted user's page would send: forged by everyone else.
            sender = world.other_facilitator if scope == "elsewhere" else world.users["facilitator"]
            if name.startswith("metrics:import_"):
                sender = world.extra["x_lead_a"] if scope == "elsewhere" else None
            data = {}
            if method == "post":
                if sender is not None:
                    data = _form_data(_client_for(sender), url)
                data.update(_button_data(name, objects))
            # Refused roles first: an allowed save moves the record's version on, and a forged
            # post carrying a stale version would then be refused for that reason alone.
            for role in sorted(ROLES, key=lambda r: r in rule[scope]):
                user = world.users[role]
                allowed = role in rule[scope]
                # Signed out, the login middleware answers before any view runs.
                check_writes = method == "post" and not allowed and user is not None
                before = _fingerprint() if check_writes else None
                response = getattr(clients[role], method)(url, data)
                where = f"{method.upper()} {name} [{scope}] as {role} → {response.status_code}"
                if response.status_code >= 500:
                    leaks.append(f"server error: {where}")
                    continue
                if not allowed:
                    if not _refused(response, user is None):
                        leaks.append(f"not refused: {where}")
                    if before is not None and _fingerprint() != before:
                        leaks.append(f"wrote: {where}")
                elif response.status_code == 200 and "text/html" in response.get(
                    "Content-Type", ""
                ):
                    html = response.content.decode()
                    shown = [m for m in world.markers["elsewhere"] if m in html]
                    if shown:
                        leaks.append(f"shows another collaborative ({shown}): {where}")
    assert leaks == [], "\n".join(leaks)


def test_zz_report_the_number_of_cases(capsys):
    """Printed for the closing note: the matrix's size (run with -s to see it)."""
    total = sum(
        len(ACCESS[n].get(m, ACCESS[n]["get"])) * len(ROLES)
        for n in ACCESS
        for m in ("get", "post")
    )
    print(
        f"\nAuthorisation matrix: {len(ACCESS)} URLs, {total} cases (URL × scope × role × method)"
    )
    assert total > 500
