"""Writes for local hiring: starters (pseudonymous rows or counts), the collaborative's settings,
and the hiring figures written into the matching metrics as drafts.

A starter's home is an LSOA (or a postcode, looked up through the loaded postcode directory and
then forgotten); its decile comes from the current edition of the indices, and the edition is
stored with it. Nothing that names a person is ever stored.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from anchors.common.errors import PortalError, StaleEditError, require
from anchors.common.history import copy_fields, save_with_history
from anchors.common.locking import check_version
from metrics.models import ReportingPeriod
from metrics.models.periods import quarter_of
from workforce import deprivation, permissions
from workforce.models import (
    LsoaDeprivation,
    PostcodeLsoa,
    Route,
    Starter,
    StarterCount,
    WorkforceSettings,
)
from workforce.models.hiring import Band
from workforce.selectors.hiring import settings_for


# --- Settings ----------------------------------------------------------------------------------
@transaction.atomic
def settings_update(*, user, collaborative, data, version=None) -> WorkforceSettings:
    require(permissions.can_manage_settings(user, collaborative))
    current = WorkforceSettings.objects.select_for_update().filter(collaborative=collaborative)
    found = current.first()
    if found is not None:
        check_version(current=found, version=version, what="workforce settings")
    found = found or WorkforceSettings(collaborative=collaborative)
    copy_fields(found, data, ("area_districts", "deprived_decile_cutoff"))
    codes = [c.strip().upper() for c in (found.area_districts or "").split(",") if c.strip()]
    bad = [c for c in codes if len(c) != 9 or c[0] not in "EW" or not c[1:].isdigit()]
    if not codes or bad:
        raise PortalError(
            f"Enter local authority district codes like E09000012, separated by commas"
            f"{': “' + bad[0] + '” is not one' if bad else ''}.",
            field="area_districts",
        )
    found.area_districts = ", ".join(dict.fromkeys(codes))
    return save_with_history(found, user=user, reason="Workforce settings changed")


# --- Homes: an LSOA (or a postcode looked up) to a decile and "in our boroughs" ----------------
@dataclass
class Home:
    lsoa: str = ""
    decile: int | None = None
    in_area: bool | None = None


@dataclass
class HomeResolver:
    """Resolves homes against one edition; ``prefetch`` reads a file's LSOAs and postcodes in two
    queries, so an import of thousands of rows does not query per row."""

    edition: object
    districts: list
    facts: dict = field(default_factory=dict)  # lsoa -> (decile, district)
    postcodes: dict = field(default_factory=dict)  # postcode -> lsoa

    @classmethod
    def for_collaborative(cls, collaborative):
        return cls(
            edition=deprivation.current_edition(),
            districts=settings_for(collaborative=collaborative).districts,
        )

    @property
    def column(self):
        return "lsoa21" if self.edition.geography == "2021" else "lsoa11"

    def prefetch(self, *, lsoas=(), postcodes=()):
        codes = {deprivation.normalise_postcode(p) for p in postcodes} - {""}
        if codes:
            self.postcodes.update(
                PostcodeLsoa.objects.filter(postcode__in=codes).values_list("postcode", self.column)
            )
        wanted = {deprivation.normalise_lsoa(c) for c in lsoas} | set(self.postcodes.values())
        wanted -= {""}
        if wanted:
            self.facts.update(
                (code, (decile, district))
                for code, decile, district in LsoaDeprivation.objects.filter(
                    edition=self.edition, lsoa_code__in=wanted
                ).values_list("lsoa_code", "decile", "district_code")
            )

    def resolve(self, *, lsoa="", postcode="") -> Home:
        lsoa = deprivation.normalise_lsoa(lsoa)
        postcode = (postcode or "").strip()
        if postcode:
            if lsoa:
                raise PortalError(
                    "Enter the home LSOA or the home postcode, not both.", field="home_postcode"
                )
            code = deprivation.normalise_postcode(postcode)
            lsoa = self.postcodes.get(code) if code else None
            if not lsoa:
                lsoa = deprivation.lsoa_for_postcode(postcode, self.edition)
        if not lsoa:
            return Home()
        if lsoa not in self.facts:
            fact = deprivation.lookup(lsoa, self.edition)
            self.facts[lsoa] = (fact.decile, fact.district_code)
        decile, district = self.facts[lsoa]
        return Home(lsoa=lsoa, decile=decile, in_area=district in self.districts)


def _check_period(organisation, period):
    if period.collaborative_id != organisation.collaborative_id:
        raise PortalError("Choose a period of this collaborative.", field="period")
    if period.state != ReportingPeriod.State.OPEN:
        raise PortalError(
            f"{period.label} is closed. Ask the facilitator to reopen it, or choose an open "
            "period.",
            field="period",
        )


def _check_start(period, start_date):
    if not period.start_date <= start_date <= period.end_date:
        raise PortalError(
            f"The start date must be in {period.label}: between "
            f"{period.start_date:%-d %B %Y} and {period.end_date:%-d %B %Y}.",
            field="start_date",
        )


def _postcode_allowed(postcode):
    if (postcode or "").strip() and not deprivation.postcode_lookup_loaded():
        raise PortalError(deprivation.NO_LOOKUP, field="home_postcode", code="no_lookup")


# --- Starter rows ------------------------------------------------------------------------------
@transaction.atomic
def starter_record(*, user, organisation, period, data) -> Starter:
    """One new starter: band, start date, route and home (LSOA, or a postcode looked up and not
    kept). The current edition's decile is stored with the edition."""
    require(permissions.can_edit_workforce(user, organisation))
    _check_period(organisation, period)
    start_date = data.get("start_date")
    if start_date is None:
        raise PortalError("Enter the start date.", field="start_date")
    _check_start(period, start_date)
    _postcode_allowed(data.get("home_postcode"))
    resolver = HomeResolver.for_collaborative(organisation.collaborative)
    home = resolver.resolve(lsoa=data.get("home_lsoa", ""), postcode=data.get("home_postcode", ""))
    starter = Starter(
        collaborative=organisation.collaborative,
        organisation=organisation,
        period=period,
        role_band=data.get("role_band", ""),
        start_date=start_date,
        route=data.get("route", ""),
        home_lsoa=home.lsoa,
        edition=resolver.edition if home.lsoa else None,
        imd_decile=home.decile,
        in_area=home.in_area,
    )
    # in_area is None when the home is not known (the model field has no blank=True).
    return save_with_history(starter, user=user, reason="Starter recorded", exclude=["in_area"])


@transaction.atomic
def starter_remove(*, user, starter) -> Starter:
    starter = Starter.objects.select_for_update().select_related("organisation").get(pk=starter.pk)
    require(permissions.can_edit_workforce(user, starter.organisation))
    starter._history_user = user
    starter._change_reason = "Starter removed"
    starter.delete()
    return starter


# --- Counts, where an anchor will not share rows ------------------------------------------------
@transaction.atomic
def starter_count_save(*, user, organisation, period, data, version=None) -> StarterCount:
    """The period's starters by route as counts; the edition and cut-off used are stored."""
    require(permissions.can_edit_workforce(user, organisation))
    _check_period(organisation, period)
    route = data.get("route")
    if route not in Route.values:
        raise PortalError("Select the route into work.", field="route")
    existing = (
        StarterCount.objects.select_for_update()
        .filter(organisation=organisation, period=period, route=route)
        .first()
    )
    if existing is not None and not version:
        # The form was opened for a new count, and someone has saved this period's count for the
        # route since: refuse rather than overwrite; the page shows what is saved and a second
        # save (now carrying its version) replaces it.
        raise StaleEditError(
            f"Counts for {period.short_label}, {existing.get_route_display().lower()}, were "
            f"already saved ({existing.starters} starters). Your counts have not been saved: "
            "check the saved counts below, and save again to replace them.",
            current=existing,
        )
    if existing is not None:
        check_version(current=existing, version=version, what="count")
    count = existing or StarterCount(
        collaborative=organisation.collaborative,
        organisation=organisation,
        period=period,
        route=route,
    )
    starters = data.get("starters")
    for name, label in (
        ("resident_in_area", "living in the collaborative’s boroughs"),
        ("from_deprived_deciles", "from the most deprived deciles"),
    ):
        part = data.get(name)
        if part is not None and starters is not None and part > starters:
            raise PortalError(
                f"The starters {label} ({part}) cannot be more than all starters ({starters}).",
                field=name,
            )
    copy_fields(count, data, ("starters", "resident_in_area", "from_deprived_deciles"))
    count.edition = deprivation.current_edition()
    count.decile_cutoff = settings_for(
        collaborative=organisation.collaborative
    ).deprived_decile_cutoff
    return save_with_history(count, user=user, reason="Starters counted")


@transaction.atomic
def starter_count_remove(*, user, count) -> StarterCount:
    count = StarterCount.objects.select_for_update().select_related("organisation").get(pk=count.pk)
    require(permissions.can_edit_workforce(user, count.organisation))
    count._history_user = user
    count._change_reason = "Count removed"
    count.delete()
    return count


# --- Import (rows already read; all or nothing) -------------------------------------------------
@dataclass
class RowProblem:
    row: int
    field: str
    message: str


@dataclass
class ImportPlan:
    starters: list = field(default_factory=list)  # unsaved Starter objects
    problems: list = field(default_factory=list)  # RowProblem
    edition: object = None

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.starters)


BANDS = {v.lower(): v for v in Band.values} | {
    label.lower(): value for value, label in Band.choices
}
ROUTES = {v.lower(): v for v in Route.values} | {
    label.lower(): value for value, label in Route.choices
}


def _parse_date(text):
    text = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def starters_plan(*, organisation, rows) -> ImportPlan:
    """Check every row (``rows``: (row number, {column: text})) and build the starters it would
    add, naming each problem's row and column. Writes nothing."""
    collaborative = organisation.collaborative
    periods = {
        (p.financial_year, p.quarter): p
        for p in ReportingPeriod.objects.filter(collaborative=collaborative)
    }
    resolver = HomeResolver.for_collaborative(collaborative)
    plan = ImportPlan(edition=resolver.edition)
    has_postcodes = any((cells.get("home_postcode") or "").strip() for _, cells in rows)
    lookup = deprivation.postcode_lookup_loaded() if has_postcodes else False
    resolver.prefetch(
        lsoas=[cells.get("home_lsoa", "") for _, cells in rows],
        postcodes=[cells.get("home_postcode", "") for _, cells in rows] if lookup else [],
    )
    for number, cells in rows:
        problems = []
        start = _parse_date(cells.get("start_date"))
        period = None
        if start is None:
            problems.append(
                RowProblem(
                    number, "start_date", "Enter the start date like 2026-04-15 or 15/04/2026"
                )
            )
        else:
            period = periods.get(quarter_of(start))
            if period is None:
                problems.append(
                    RowProblem(number, "start_date", "No reporting period covers this date")
                )
            elif not period.is_open:
                problems.append(RowProblem(number, "start_date", f"{period.short_label} is closed"))
        band = BANDS.get((cells.get("role_band") or "").strip().lower())
        if band is None:
            problems.append(
                RowProblem(
                    number,
                    "role_band",
                    "Enter a band: " + ", ".join(Band.values),
                )
            )
        route = ROUTES.get((cells.get("route") or "").strip().lower())
        if route is None:
            problems.append(
                RowProblem(number, "route", "Enter a route: " + ", ".join(Route.values))
            )
        postcode = (cells.get("home_postcode") or "").strip()
        home = Home()
        if postcode and not lookup:
            problems.append(RowProblem(number, "home_postcode", deprivation.NO_LOOKUP))
        else:
            try:
                home = resolver.resolve(lsoa=cells.get("home_lsoa", ""), postcode=postcode)
            except PortalError as error:
                problems.append(RowProblem(number, error.field or "home_lsoa", error.message))
        if problems:
            plan.problems.extend(problems)
            continue
        plan.starters.append(
            Starter(
                collaborative=collaborative,
                organisation=organisation,
                period=period,
                role_band=band,
                start_date=start,
                route=route,
                home_lsoa=home.lsoa,
                edition=resolver.edition if home.lsoa else None,
                imd_decile=home.decile,
                in_area=home.in_area,
            )
        )
    return plan


@transaction.atomic
def starters_import(*, user, organisation, rows) -> ImportPlan:
    """Add every row's starter, or none: any problem refuses the whole file, naming the row."""
    require(permissions.can_edit_workforce(user, organisation))
    plan = starters_plan(organisation=organisation, rows=rows)
    if plan.problems:
        first = plan.problems[0]
        raise PortalError(
            f"Nothing has been imported: {len(plan.problems)} problem"
            f"{'s' if len(plan.problems) != 1 else ''} — the first on row {first.row}, "
            f"{first.field}: {first.message}.",
            field="file",
        )
    if not plan.starters:
        raise PortalError("Nothing has been imported: the file has no starters.", field="file")
    for starter in plan.starters:
        starter.created_by = user
    bulk_create_with_history(
        plan.starters, Starter, batch_size=500, default_user=user, default_change_reason="Imported"
    )
    return plan
