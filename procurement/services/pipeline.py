"""Writes to the tender pipeline: an item saved from its form, OCDS notices imported (the upload
page and ``manage.py import_ocds`` share ``ocds_import``), and a joint-tender match raised as a
joint-procurement proposal.

An OCDS import is all or nothing per file (ADR 14): every release is checked first, and a file
with any release that cannot be mapped or saved writes nothing and names each such release; a
release whose buyer is no organisation of the collaborative (or one the person does not keep), one
already imported, or one superseded by a later notice is skipped with its reason. Notices
sharing an ``ocid`` are one procurement: the first creates the item, later ones update it, and
the item keeps every notice it came from. A notice older than the latest applied one is kept on
the list but changes nothing.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from anchors.common.errors import PortalError, require
from anchors.common.history import copy_fields, save_with_history
from anchors.common.locking import check_version
from anchors.models import Action, Membership, Organisation, Role, Workshop
from procurement import cpv, ocds, permissions, pipeline_csv
from procurement.finder import Match
from procurement.models import BuyerIdentifier, JointProposal, PipelineItem, PipelineNotice

ITEM_FIELDS = (
    "title",
    "description",
    "cpv_code",
    "estimated_value",
    "estimated_value_gross",
    "planned_publication_date",
    "contract_start",
    "contract_end",
    "latest_extension_date",
    "current_contract_end",
    "incumbent_supplier",
    "procurement_route",
    "social_value_weighting",
    "open_to_joint",
    "suitable_sme",
    "suitable_vcse",
    "contact",
    "stage",
)


def _check_cpv(code):
    if code and not cpv.is_known(code):
        raise PortalError(
            f"{code} is not a CPV 2008 code. Enter the 8 digits of a code from the list, like "
            "85000000 for health and social work services.",
            field="cpv_code",
        )


@transaction.atomic
def pipeline_item_save(*, user, collaborative, data, item=None, version=None) -> PipelineItem:
    """Create an item (``item`` None) or change one, from the pipeline form's cleaned data."""
    organisation = data.get("organisation") or (item.organisation if item else None)
    if organisation is None or organisation.collaborative_id != collaborative.pk:
        raise PortalError(
            "Choose the organisation that plans this procurement.", field="organisation"
        )
    require(permissions.can_edit_pipeline(user, organisation))
    _check_cpv(data.get("cpv_code"))
    supplier = data.get("incumbent_supplier")
    if supplier is not None and supplier.collaborative_id != collaborative.pk:
        raise PortalError("Choose a supplier from the register.", field="incumbent_supplier")
    if item is None:
        item = PipelineItem(collaborative=collaborative, source=PipelineItem.Source.FORM)
        reason = "Added to the pipeline"
    else:
        item = PipelineItem.objects.select_for_update().get(pk=item.pk)
        require(permissions.can_edit_pipeline(user, item.organisation))
        check_version(current=item, version=version, what="pipeline item")
        reason = "Changed"
    item.organisation = organisation
    copy_fields(item, data, ITEM_FIELDS)
    return save_with_history(item, user=user, reason=reason)


# --- OCDS import -------------------------------------------------------------------------------


@dataclass
class Listed:
    """A release named in the report: which file, which release, and what happened to it."""

    file: str
    where: str
    title: str = ""
    buyer: str = ""
    reason: str = ""
    item: PipelineItem | None = None
    ocid: str = ""
    position: int = 0


@dataclass
class RefusedFile:
    """A file from which nothing was imported, because some of its releases were refused."""

    file: str
    releases: int
    refused: int

    @property
    def reason(self) -> str:
        if not self.releases:
            return "Nothing was imported from this file: it cannot be read as OCDS."
        return (
            f"Nothing was imported from this file: {self.refused} of its {self.releases} "
            f"release{'s' if self.releases != 1 else ''} "
            f"{'was' if self.refused == 1 else 'were'} refused. Correct or remove "
            f"{'it' if self.refused == 1 else 'them'} and import the file again."
        )


@dataclass
class ImportReport:
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: int = 0
    rejections: list[Listed] = field(default_factory=list)
    refused_files: list[RefusedFile] = field(default_factory=list)
    left_out: int = 0  # refused releases the person chose to leave out (the rest imported)
    unmatched: list[Listed] = field(default_factory=list)
    not_permitted: list[Listed] = field(default_factory=list)
    already: list[Listed] = field(default_factory=list)
    superseded: list[Listed] = field(default_factory=list)
    warnings: list[Listed] = field(default_factory=list)
    changed: list[Listed] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, skipped {self.skipped}, "
            f"rejected {self.rejected}" + (f" (left out: {self.left_out})" if self.left_out else "")
        )

    @property
    def skips(self) -> list[Listed]:
        return self.unmatched + self.not_permitted + self.already + self.superseded


class BuyerDirectory:
    """Finds the organisation a release's buyer is: by identifier, else by normalised name."""

    def __init__(self, collaborative):
        organisations = list(Organisation.objects.filter(collaborative=collaborative))
        self.by_id = {org.pk: org for org in organisations}
        self.by_identifier = {
            identifier.casefold(): organisation_id
            for identifier, organisation_id in BuyerIdentifier.objects.filter(
                collaborative=collaborative
            ).values_list("identifier", "organisation_id")
        }
        self.by_name = {}
        for org in organisations:
            for name in (org.name, org.short_name):
                key = ocds.normalise_buyer_name(name)
                if key:
                    self.by_name.setdefault(key, org.pk)

    def find(self, buyers) -> Organisation | None:
        for buyer in buyers:
            for identifier in buyer.identifiers:
                if identifier.casefold() in self.by_identifier:
                    return self.by_id[self.by_identifier[identifier.casefold()]]
        for buyer in buyers:
            organisation_id = self.by_name.get(buyer.normalised_name)
            if organisation_id:
                return self.by_id[organisation_id]
        return None


def ocds_import(
    *, user, collaborative, files, dry_run=False, leave_out_refused=False
) -> ImportReport:
    """Import the releases of ``files`` (``(name, bytes)`` pairs), all or nothing per file.

    Every release of every file is checked first (mapped, then applied and rolled back). A file
    with any refused release writes nothing, and the report names each refused release by its
    place in the file, its id and ocid, and the reason. Releases that are not for this
    collaborative or this person, already imported, or superseded by a later notice on their ocid
    are skipped with their reason: they do not refuse the file. The clean files are then imported
    (rolled back again on a dry run). ``user`` None is the command line, which may import for any
    organisation.

    ``leave_out_refused``: the person has seen the refused releases named and chose to leave them
    out (as a spend file's listed rows can be excluded): each file's other releases import, and
    the report still names every release left out. A file unreadable as a whole stays refused."""
    if user is not None:
        require(permissions.can_import_pipeline(user, collaborative))
    report = ImportReport(dry_run=dry_run)
    notices, refused, sizes = [], {}, {}
    for name, raw in files:
        try:
            mapped = ocds.map_document(ocds.load_json(raw))
        except ocds.MappingError as error:
            refused[name] = [Listed(file=name, where="The whole file", reason=error.reason)]
            sizes[name] = 0
            continue
        sizes[name] = len(mapped.notices) + len(mapped.rejections)
        for rejection in mapped.rejections:
            refused.setdefault(name, []).append(
                Listed(
                    file=name,
                    where=rejection.where,
                    reason=rejection.reason,
                    ocid=rejection.ocid,
                    position=rejection.position,
                )
            )
        notices += [(name, notice) for notice in mapped.notices]
    # Stage order within each procurement: older notices first, whatever the file order.
    oldest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    notices.sort(key=lambda pair: (pair[1].ocid, pair[1].published or oldest))
    # The check: every release the mapping accepted, applied and rolled back, so a release the
    # database would refuse is named too, whichever file it is in.
    outcome = _run(user=user, collaborative=collaborative, notices=notices, write=False)
    for listed in outcome.rejections:
        refused.setdefault(listed.file, []).append(listed)

    # The import: only the files with nothing refused. Leaving a refused file out can change
    # what the others do (an item another file would have created), so a file refused only now
    # is left out too and the rest run again.
    def left_out(name, notice) -> bool:
        if not leave_out_refused:
            return name in refused
        return any(listed.position == notice.position for listed in refused.get(name, ()))

    while True:
        clean = [(name, notice) for name, notice in notices if not left_out(name, notice)]
        outcome = _run(user=user, collaborative=collaborative, notices=clean, write=not dry_run)
        if not outcome.rejections:
            break
        for listed in outcome.rejections:
            refused.setdefault(listed.file, []).append(listed)
    for name, _raw in files:
        if name not in refused:
            continue
        listed = sorted(refused[name], key=lambda each: each.position)
        report.rejections += listed
        report.rejected += len(listed)
        whole_file = any(each.position == 0 for each in listed)
        if leave_out_refused and not whole_file:
            report.left_out += len(listed)
            continue
        report.refused_files.append(
            RefusedFile(file=name, releases=sizes.get(name, 0), refused=len(listed))
        )
    for name in ("created", "updated", "skipped"):
        setattr(report, name, getattr(outcome, name))
    for name in ("unmatched", "not_permitted", "already", "superseded", "warnings", "changed"):
        setattr(report, name, getattr(outcome, name))
    return report


def _run(*, user, collaborative, notices, write) -> ImportReport:
    """Apply ``notices`` in one transaction, kept only when ``write`` and nothing was refused."""
    outcome = ImportReport(dry_run=not write)
    with transaction.atomic():
        _apply(user=user, collaborative=collaborative, notices=notices, report=outcome)
        if outcome.rejections or not write:
            transaction.set_rollback(True)
    return outcome


def _apply(*, user, collaborative, notices, report):
    directory = BuyerDirectory(collaborative)
    editable = None if user is None else permissions.pipeline_organisation_ids(user, collaborative)
    ocids = {notice.ocid for _, notice in notices}
    existing = {
        item.ocid: item
        for item in PipelineItem.objects.select_for_update()
        .filter(collaborative=collaborative, ocid__in=ocids)
        .select_related("organisation")
    }
    known = set(
        PipelineNotice.objects.filter(item__in=existing.values()).values_list(
            "item_id", "release_id"
        )
    )
    latest = {}
    for notice in PipelineNotice.objects.filter(
        item__in=existing.values(), applied=True, published__isnull=False
    ):
        if notice.item_id not in latest or notice.published > latest[notice.item_id].published:
            latest[notice.item_id] = notice
    for name, notice in notices:
        listed = Listed(
            file=name,
            where=notice.where,
            title=notice.title,
            buyer=", ".join(buyer.name for buyer in notice.buyers if buyer.name),
            ocid=notice.ocid,
            position=notice.position,
        )
        item = existing.get(notice.ocid)
        organisation = item.organisation if item else directory.find(notice.buyers)
        if organisation is None:
            report.skipped += 1
            listed.reason = "The buyer is no organisation of the collaborative."
            report.unmatched.append(listed)
            continue
        if editable is not None and organisation.pk not in editable:
            report.skipped += 1
            listed.reason = f"The buyer is {organisation.name}, whose pipeline you do not keep."
            report.not_permitted.append(listed)
            continue
        if item is not None and (item.pk, notice.release_id[:200]) in known:
            report.skipped += 1
            listed.reason = "Already imported."
            listed.item = item
            report.already.append(listed)
            continue
        try:
            with transaction.atomic():
                item, created, applied = _apply_notice(
                    user=user,
                    collaborative=collaborative,
                    organisation=organisation,
                    item=item,
                    notice=notice,
                    latest=latest,
                )
        except PortalError as error:
            report.rejected += 1
            listed.reason = error.message
            report.rejections.append(listed)
            continue
        existing[notice.ocid] = item
        known.add((item.pk, notice.release_id[:200]))
        listed.item = item
        if not applied:
            later = latest[item.pk]
            report.skipped += 1
            listed.reason = (
                f"Superseded by a later notice on this ocid ({_notice_label(later)}, published "
                f"{later.published.day} {later.published:%b %Y}): listed on the item, "
                "changes nothing."
            )
            report.superseded.append(listed)
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
        listed.reason = "Created." if created else "Updated."
        report.changed.append(listed)
        for warning in notice.warnings:
            report.warnings.append(
                Listed(
                    file=name,
                    where=listed.where,
                    title=notice.title,
                    reason=warning,
                    item=item,
                    ocid=notice.ocid,
                    position=notice.position,
                )
            )


def _notice_label(notice) -> str:
    kind = notice.notice_type or dict(PipelineItem.Stage.choices).get(notice.stage, "")
    return f"{kind} {notice.release_id}".strip()


def _apply_notice(*, user, collaborative, organisation, item, notice, latest):
    """Create or update the item from one notice and list the notice on it. A notice older than
    the latest applied one changes no field; it is listed (``applied`` False) with a line in the
    item's history saying so."""
    created = item is None
    previous = None if created else latest.get(item.pk)
    applied = created or notice.published is None or previous is None
    if not applied:
        applied = notice.published >= previous.published
    if created:
        item = PipelineItem(
            collaborative=collaborative,
            organisation=organisation,
            source=PipelineItem.Source.OCDS,
        )
    label = notice.notice_type or dict(PipelineItem.Stage.choices).get(notice.stage, "")
    if applied:
        fields = notice.item_fields()
        # A notice naming a CPV code outside CPV 2008 keeps the code written, not the category.
        if fields.get("cpv_code") and not cpv.is_known(fields["cpv_code"]):
            fields.pop("cpv_code")
        copy_fields(item, fields, fields.keys())
        if item.contract_start and item.contract_end and item.contract_end < item.contract_start:
            item.contract_end = None
        if (
            item.latest_extension_date
            and item.contract_end
            and item.latest_extension_date < item.contract_end
        ):
            item.latest_extension_date = None
        save_with_history(
            item, user=user, reason=f"OCDS notice {notice.release_id} ({label})".strip()
        )
    else:
        save_with_history(
            item,
            user=user,
            reason=f"OCDS notice {notice.release_id} ({label}) superseded: listed only",
        )
    listed = PipelineNotice.objects.create(
        collaborative=collaborative,
        item=item,
        release_id=notice.release_id[:200],
        notice_type=notice.notice_type[:10],
        stage=notice.stage,
        published=notice.published,
        url=notice.url,
        applied=applied,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    if applied and notice.published:
        latest[item.pk] = listed
    return item, created, applied


# --- joint-procurement proposals ---------------------------------------------------------------


def _proposal_workshop(collaborative, today):
    """The workshop a proposal's action goes on: the next one, else the latest."""
    workshops = Workshop.objects.filter(collaborative=collaborative)
    return (
        workshops.filter(date__gte=today).order_by("date", "pk").first()
        or workshops.order_by("-date", "-pk").first()
    )


def _facilitator_person(collaborative):
    membership = (
        Membership.objects.filter(collaborative=collaborative, role=Role.FACILITATOR)
        .select_related("person__organisation")
        .order_by("pk")
        .first()
    )
    return membership.person if membership else None


@transaction.atomic
def joint_proposal_raise(*, user, collaborative, match: Match, summary: str) -> JointProposal:
    """Raise a joint-tender match as a joint-procurement proposal: an action for the facilitator
    on the next workshop. Raising the same match twice is refused."""
    require(permissions.can_raise_joint_proposal(user, collaborative))
    if JointProposal.objects.filter(collaborative=collaborative, match_key=match.key).exists():
        raise PortalError("This match has already been raised as a joint-procurement proposal.")
    today = timezone.localdate()
    facilitator = _facilitator_person(collaborative)
    workshop = _proposal_workshop(collaborative, today)
    if facilitator is None:
        raise PortalError("The collaborative has no facilitator to take the proposal forward.")
    if workshop is None:
        raise PortalError(
            "There is no workshop to put the proposal on yet: log the next workshop first."
        )
    items = list(PipelineItem.objects.filter(collaborative=collaborative, pk__in=match.item_ids))
    if len(items) != match.size:
        raise PortalError("The match has changed since the page was opened: look at it again.")
    organisation = collaborative.backbone or facilitator.organisation
    action = Action(
        collaborative=collaborative,
        workshop=workshop,
        description=f"Joint-procurement proposal: {summary}",
        owner=facilitator,
        organisation=organisation,
        due_date=today + datetime.timedelta(days=14),
        position=workshop.actions.count(),
    )
    save_with_history(action, user=user, reason="Raised from the joint-tender finder")
    proposal = JointProposal(
        collaborative=collaborative,
        match_key=match.key,
        cpv_prefix=match.prefix,
        action=action,
        summary=summary,
    )
    save_with_history(proposal, user=user, reason="Raised from the joint-tender finder")
    proposal.items.set(items)
    proposal.organisations.set({item.organisation_id for item in items})
    return proposal


# --- CSV import --------------------------------------------------------------------------------


@dataclass
class CsvReport:
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return f"created {self.created}, updated {self.updated}"


def pipeline_csv_import(*, user, collaborative, name, data, dry_run=False) -> CsvReport:
    """Import a pipeline CSV all or nothing: every row is checked first, and any error (named by
    row and column) writes nothing. A row whose organisation and title match an item updates it;
    other rows add items."""
    require(permissions.can_import_pipeline(user, collaborative))
    report = CsvReport(dry_run=dry_run)
    read = pipeline_csv.read_pipeline_csv(
        name, data, routes=PipelineItem.Route.choices, stages=PipelineItem.Stage.choices
    )
    report.errors += read.errors
    organisations = {}
    for organisation in Organisation.objects.filter(collaborative=collaborative):
        for label in (organisation.name, organisation.short_name):
            organisations.setdefault(ocds.normalise_buyer_name(label), organisation)
            organisations.setdefault(label.casefold(), organisation)
    editable = permissions.pipeline_organisation_ids(user, collaborative)
    existing = {
        (item.organisation_id, item.title.casefold()): item
        for item in PipelineItem.objects.filter(collaborative=collaborative)
    }
    planned = []
    for row in read.rows:
        label = row.values.get("organisation", "")
        if not label:
            continue  # its empty cell is already listed
        organisation = organisations.get(label.casefold()) or organisations.get(
            ocds.normalise_buyer_name(label)
        )
        if organisation is None:
            report.errors.append(
                f"Row {row.row}, column “Organisation”: “{label}” is no organisation of the "
                "collaborative"
            )
            continue
        if editable is not None and organisation.pk not in editable:
            report.errors.append(
                f"Row {row.row}, column “Organisation”: you do not keep {organisation.name}’s "
                "pipeline"
            )
            continue
        if not row.readable:
            continue
        item = existing.get((organisation.pk, row.values["title"].casefold()))
        created = item is None
        if created:
            item = PipelineItem(
                collaborative=collaborative,
                organisation=organisation,
                source=PipelineItem.Source.CSV,
            )
        fields = {k: v for k, v in row.values.items() if k != "organisation"}
        copy_fields(item, fields, fields.keys())
        try:
            item.full_clean(exclude=["incumbent_supplier"])
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                column = pipeline_csv.COLUMNS.get(field_name, (field_name,))[0]
                report.errors.append(f"Row {row.row}, column “{column}”: {messages[0]}")
            continue
        planned.append((item, created))
    if report.errors:
        report.created = report.updated = 0
        return report
    with transaction.atomic():
        for item, created in planned:
            save_with_history(item, user=user, reason="CSV import")
            report.created += created
            report.updated += not created
        if dry_run:
            transaction.set_rollback(True)
    return report


# --- Buyer identifiers -------------------------------------------------------------------------


@transaction.atomic
def buyer_identifier_add(*, user, collaborative, organisation, identifier) -> BuyerIdentifier:
    """Record an identifier notices give an organisation as buyer (``GB-NHS-RWK``)."""
    if organisation is None or organisation.collaborative_id != collaborative.pk:
        raise PortalError("Choose the organisation the identifier is for.", field="organisation")
    require(permissions.can_edit_pipeline(user, organisation))
    identifier = "".join((identifier or "").split()).upper()
    if not re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{2,12}-[A-Z0-9][A-Z0-9._/-]{0,150}", identifier):
        raise PortalError(
            "Enter the identifier as notices write it: the register, then the number, like "
            "GB-NHS-RWK or GB-LAC-E09000012.",
            field="identifier",
        )
    taken = (
        BuyerIdentifier.objects.filter(collaborative=collaborative, identifier__iexact=identifier)
        .select_related("organisation")
        .first()
    )
    if taken is not None:
        raise PortalError(
            f"{identifier} is already recorded for {taken.organisation.name}.", field="identifier"
        )
    return save_with_history(
        BuyerIdentifier(
            collaborative=collaborative, organisation=organisation, identifier=identifier
        ),
        user=user,
        reason="Buyer identifier added",
    )
