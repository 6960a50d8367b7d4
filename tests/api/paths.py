"""The API's endpoints as the tests exercise them: each schema path, who may read it, and what a
detail path points at in the world of two collaboratives (tests/worlds.py).

``test_every_schema_path_is_tested`` compares these with the schema's paths, so an endpoint added
without a test fails the suite.
"""

MEMBERS = {"facilitator", "lead_a", "lead_b", "sponsor_a", "hwb_member", "viewer"}
NOT_HWB = MEMBERS - {"hwb_member"}
EDITORS = {"facilitator", "lead_a", "lead_b", "sponsor_a"}
NOBODY: set = set()
ROLES = ["facilitator", "lead_a", "lead_b", "sponsor_a", "hwb_member", "viewer", "outsider"]


def per_org(own, other):
    """An object of lead A's organisation, of lead B's, and of another collaborative."""
    return {"own": own, "other": other, "elsewhere": NOBODY}


def shared(roles):
    """An object of the collaborative, or of another one."""
    return {"here": roles, "elsewhere": NOBODY}


# List paths -> the roles that may read them (everyone else: 403; no credentials: 401).
LISTS = {
    "/api/v1/me/": MEMBERS,
    "/api/v1/organisations/": MEMBERS,
    "/api/v1/people/": MEMBERS,
    "/api/v1/workstreams/": MEMBERS,
    "/api/v1/workshops/": NOT_HWB,
    "/api/v1/actions/": NOT_HWB,
    "/api/v1/metrics/": MEMBERS,
    "/api/v1/periods/": EDITORS,
    "/api/v1/values/": EDITORS,
    "/api/v1/procurement/status/": MEMBERS,
    "/api/v1/procurement/pipeline/": MEMBERS,
    "/api/v1/procurement/joint-matches/": MEMBERS,
    "/api/v1/procurement/suppliers/": MEMBERS,
    "/api/v1/procurement/spend-shares/": MEMBERS,
    "/api/v1/governance/escalations/": NOT_HWB,
    "/api/v1/governance/decisions/": MEMBERS,
    "/api/v1/governance/reports/": MEMBERS,
    # Aggregates only: the overview's figures, every member.
    "/api/v1/workforce/hiring/": MEMBERS,
}

# Detail paths -> (the world object's kind, {scope: roles that may read it}).
DETAILS = {
    "/api/v1/organisations/{id}/": ("organisation", per_org(MEMBERS, MEMBERS)),
    "/api/v1/people/{id}/": ("person", per_org(MEMBERS, MEMBERS)),
    "/api/v1/workstreams/{id}/": ("workstream", shared(MEMBERS)),
    "/api/v1/workshops/{id}/": ("workshop", shared(NOT_HWB)),
    "/api/v1/actions/{id}/": ("action", per_org(NOT_HWB, NOT_HWB)),
    "/api/v1/metrics/{id}/": ("metric", shared(MEMBERS)),
    "/api/v1/metrics/{id}/figures/": ("metric", shared(MEMBERS)),
    "/api/v1/periods/{id}/": ("period", shared(EDITORS)),
    # As the value page: the facilitator, and the organisation's own lead and sponsor.
    "/api/v1/values/{id}/": (
        "value",
        per_org({"facilitator", "lead_a", "sponsor_a"}, {"facilitator", "lead_b"}),
    ),
    "/api/v1/procurement/status/{id}/": ("status_cell", per_org(MEMBERS, MEMBERS)),
    "/api/v1/procurement/pipeline/{id}/": ("pipeline_item", per_org(MEMBERS, MEMBERS)),
    "/api/v1/procurement/suppliers/{id}/": ("supplier", shared(MEMBERS)),
    "/api/v1/governance/escalations/{id}/": ("escalation", shared(NOT_HWB)),
    "/api/v1/governance/decisions/{id}/": ("decision", shared(MEMBERS)),
    "/api/v1/governance/reports/{id}/": ("report", shared(MEMBERS)),
}

# Paths other tests exercise beyond the matrix (filters, ETags, fuzzing) need no entry here.
TESTED_PATHS = set(LISTS) | set(DETAILS)
