"""What governance offers on other apps' pages (anchors.common.registry.object_links): "Raise an
escalation" about a workstream, an action or a procurement position, for those who may raise one."""

from urllib.parse import urlencode

from django.urls import reverse

from governance import permissions

# The source kinds /governance/escalations/new/?source=<kind>:<id> resolves
# (governance.selectors.escalations.SOURCE_KINDS), by model.
KINDS = {
    "anchors.Workstream": "anchors.workstream",
    "anchors.Action": "anchors.action",
    "procurement.OrganisationStatus": "procurement.status",
}


def links(request, thing) -> list[dict]:
    kind = KINDS.get(thing._meta.label) if thing is not None else None
    collaborative = getattr(request, "collaborative", None)
    if kind is None or collaborative is None or thing.pk is None:
        return []
    if not permissions.can_raise_escalation(request.user, collaborative):
        return []
    query = urlencode({"source": f"{kind}:{thing.pk}"})
    return [
        {
            "href": f"{reverse('governance:escalation_new')}?{query}",
            "label": "Raise an escalation",
        }
    ]
