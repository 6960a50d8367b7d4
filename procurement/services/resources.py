"""Writes to the shared resources library: a document and each new version of it."""

import os

from django.db import transaction
from django.db.models import Max

from anchors.common.errors import PortalError, require
from anchors.common.history import copy_fields, save_with_history
from anchors.common.locking import check_version
from procurement import permissions
from procurement.files import FileRefused, check_resource_file
from procurement.models import Resource, ResourceVersion

RESOURCE_FIELDS = ("title", "kind", "description", "organisation")


def _check_organisation(user, collaborative, organisation):
    allowed = permissions.resource_organisation_ids(user, collaborative)
    if allowed is None:
        return
    if organisation is None or organisation.pk not in allowed:
        raise PortalError(
            "Select your own organisation: you can share your organisation’s documents only",
            field="organisation",
        )


def _add_version(*, user, resource, upload, note=""):
    try:
        extension = check_resource_file(upload)
    except FileRefused as error:
        raise PortalError(str(error), field="file") from error
    last = resource.versions.aggregate(n=Max("number"))["n"] or 0
    version = ResourceVersion(
        collaborative=resource.collaborative,
        resource=resource,
        number=last + 1,
        filename=os.path.basename(upload.name)[:200],
        file_type=extension,
        size=upload.size,
        note=note,
        uploaded_by=user,
        created_by=user,
    )
    version.file.save(version.filename, upload, save=False)
    version.save()
    return version


@transaction.atomic
def resource_create(*, user, collaborative, data, upload) -> Resource:
    require(permissions.can_share_resources(user, collaborative))
    _check_organisation(user, collaborative, data.get("organisation"))
    resource = copy_fields(Resource(collaborative=collaborative), data, RESOURCE_FIELDS)
    save_with_history(resource, user=user, reason="Shared")
    resource.themes.set(data.get("themes") or [])
    _add_version(user=user, resource=resource, upload=upload, note=data.get("note", ""))
    return resource


@transaction.atomic
def resource_version_add(*, user, resource, upload, note="", version="") -> ResourceVersion:
    require(permissions.can_change_resource(user, resource))
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    check_version(current=resource, version=version, what="document")
    added = _add_version(user=user, resource=resource, upload=upload, note=note)
    save_with_history(resource, user=user, reason=f"Version {added.number} uploaded")
    return added
