"""The base layer's read-only API: organisations, people, workstreams, workshops and actions.

Every viewset asks the page's own predicate and reads through the page's own selector
(``anchors.common.api.views``): the API shows what the pages show, to the same people.
"""

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from anchors import permissions, selectors
from anchors.common.api.filters import PortalFilterSet
from anchors.common.api.related import as_rows, attach
from anchors.common.api.views import PortalReadOnlyViewSet, PortalViewSet, SingleObjectSchema
from anchors.models import (
    Action,
    Attendance,
    Organisation,
    Participation,
    Person,
    Theme,
    Workshop,
    Workstream,
)

# -- Who is asking ------------------------------------------------------------------------------


class RoleSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    role = serializers.CharField()


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    collaborative = serializers.IntegerField()
    collaborative_name = serializers.CharField()
    roles = RoleSerializer(many=True)


class MeViewSet(PortalViewSet):
    """Who the token (or session) reads as: the collaborative and the roles held there."""

    serializer_class = MeSerializer
    schema = SingleObjectSchema()
    pagination_class = None
    filter_backends: list = []
    allowed = staticmethod(permissions.can_view_collaborative)

    @extend_schema(responses=MeSerializer)
    def list(self, request, *args, **kwargs):
        collaborative = self.collaborative
        pairs = sorted(permissions.role_pairs(request.user, collaborative))
        return Response(
            MeSerializer(
                {
                    "email": request.user.email,
                    "collaborative": collaborative.pk,
                    "collaborative_name": collaborative.name,
                    "roles": [{"organisation": org, "role": role} for org, role in pairs],
                }
            ).data
        )

    def get_queryset(self):  # no rows: the answer is about the request
        return Person.objects.none()


# -- Organisations and people -------------------------------------------------------------------


class OrganisationSerializer(serializers.ModelSerializer):
    people_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "role",
            "website",
            "postcode",
            "headcount",
            "annual_spend",
            "active",
            "people_count",
            "updated_at",
        ]


class OrganisationFilter(PortalFilterSet):
    class Meta:
        model = Organisation
        fields = ["kind", "role", "active"]


class OrganisationViewSet(PortalReadOnlyViewSet):
    """The collaborative's organisations (the organisations page)."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    allowed = staticmethod(permissions.can_view_collaborative)

    def rows(self, *, user, collaborative):
        return selectors.organisation_list(collaborative=collaborative)


class PersonSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    email = serializers.SerializerMethodField(
        help_text="Only where the people pages show it: the facilitator sees everyone's, "
        "others the people of their own organisations; null otherwise."
    )

    class Meta:
        model = Person
        fields = ["id", "name", "job_title", "organisation", "organisation_name", "email"]

    def get_email(self, person) -> str | None:
        allowed = self.context["contact_organisation_ids"]
        if allowed is None or person.organisation_id in allowed:
            return person.email
        return None


class PersonFilter(PortalFilterSet):
    class Meta:
        model = Person
        fields = ["organisation"]


class PersonViewSet(PortalReadOnlyViewSet):
    """People: name, job title and organisation; email only as the people pages allow."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    allowed = staticmethod(permissions.can_view_collaborative)

    def rows(self, *, user, collaborative):
        # The page's selector without what the people page shows and the API does not (each
        # person's login and roles): no prefetch; only the columns shown, and updated_at for
        # Last-Modified.
        return (
            selectors.people_list(collaborative=collaborative)
            .select_related(None)
            .prefetch_related(None)
            .select_related("organisation")
            .only(
                "id",
                "name",
                "job_title",
                "organisation_id",
                "email",
                "updated_at",
                "organisation__name",
            )
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["contact_organisation_ids"] = permissions.contact_organisation_ids(
                self.request.user, self.collaborative
            )
        return context


# -- Workstreams, workshops and actions ---------------------------------------------------------


class ParticipationSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Participation
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "sponsorship",
            "sponsorship_date",
            "staff_days_per_quarter",
            "funding",
            "joined_on",
            "sponsor_lacking_since",
            "resources_lacking_since",
        ]


class WorkstreamSerializer(serializers.ModelSerializer):
    participant_count = serializers.IntegerField(read_only=True)
    secured_count = serializers.IntegerField(read_only=True)
    workshop_count = serializers.IntegerField(read_only=True)
    last_workshop = serializers.DateField(read_only=True, allow_null=True)
    participations = ParticipationSerializer(many=True, read_only=True)

    class Meta:
        model = Workstream
        fields = [
            "id",
            "name",
            "purpose",
            "status",
            "next_workshop_on",
            "participant_count",
            "secured_count",
            "workshop_count",
            "last_workshop",
            "participations",
            "updated_at",
        ]


class WorkstreamFilter(PortalFilterSet):
    class Meta:
        model = Workstream
        fields = ["status"]


# The serializer's fields that are the workstream's own columns.
WORKSTREAM_COLUMNS = {"id", "name", "purpose", "status", "next_workshop_on", "updated_at"}


class WorkstreamViewSet(PortalReadOnlyViewSet):
    """Workstreams with each organisation's participation and sponsorship."""

    serializer_class = WorkstreamSerializer
    filterset_class = WorkstreamFilter
    allowed = staticmethod(permissions.can_view_workstreams)

    def rows(self, *, user, collaborative):
        if self.action == "list":
            # Counts and participations: attach, for the page's rows only (the page's selector
            # joins and groups every participation: SQLite takes 8 ms for five workstreams).
            return as_rows(
                Workstream.objects.filter(collaborative=collaborative), sorted(WORKSTREAM_COLUMNS)
            )
        return (
            selectors.workstream_counts(collaborative=collaborative)
            .only(*WORKSTREAM_COLUMNS)
            .prefetch_related(Prefetch("participations", queryset=self.participations()))
        )

    @staticmethod
    def participations():
        return (
            Participation.objects.select_related("organisation")
            .only(
                "workstream_id",
                "organisation__name",
                *(f for f in ParticipationSerializer.Meta.fields if f != "organisation_name"),
            )
            .order_by("organisation__name")
        )

    def attach(self, page):
        counts = selectors.workstream_page_counts(workstream_ids=[row.pk for row in page])
        for row in page:
            row.__dict__.update(counts[row.pk])
        attach(
            page,
            "participations",
            Participation.objects.order_by("organisation__name"),
            link="workstream",
            fields=[
                "organisation__name",
                *(f for f in ParticipationSerializer.Meta.fields if f != "organisation_name"),
            ],
        )


class AttendeeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Attendance
        fields = ["name", "organisation", "organisation_name"]


class WorkshopSerializer(serializers.ModelSerializer):
    workstream_name = serializers.CharField(source="workstream.name", read_only=True)
    themes = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    attendance_count = serializers.IntegerField(read_only=True)
    organisation_count = serializers.IntegerField(read_only=True)
    action_count = serializers.IntegerField(read_only=True)
    open_action_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Workshop
        fields = [
            "id",
            "date",
            "title",
            "workstream",
            "workstream_name",
            "deep_dive_topic",
            "themes",
            "attendance_count",
            "organisation_count",
            "action_count",
            "open_action_count",
            "updated_at",
        ]


class WorkshopDetailSerializer(WorkshopSerializer):
    """One workshop with who attended (name and organisation: never contact details)."""

    attendees = AttendeeSerializer(source="attendances", many=True, read_only=True)

    class Meta(WorkshopSerializer.Meta):
        fields = [*WorkshopSerializer.Meta.fields, "decisions", "attendees"]


class WorkshopFilter(PortalFilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    theme = django_filters.NumberFilter(field_name="themes", distinct=False, method="by_theme")
    organisation = django_filters.NumberFilter(method="by_organisation")

    class Meta:
        model = Workshop
        fields = ["workstream"]

    def by_theme(self, queryset, name, value):
        return queryset.filter(
            pk__in=Workshop.themes.through.objects.filter(theme_id=value).values("workshop_id")
        )

    def by_organisation(self, queryset, name, value):
        return queryset.filter(
            pk__in=Attendance.objects.filter(organisation_id=value).values("workshop_id")
        )


class WorkshopViewSet(PortalReadOnlyViewSet):
    """The workshop log (not for board members alone, as the page)."""

    filterset_class = WorkshopFilter
    allowed = staticmethod(permissions.can_view_workshops)

    def get_serializer_class(self):
        return WorkshopDetailSerializer if self.action == "retrieve" else WorkshopSerializer

    def rows(self, *, user, collaborative):
        if self.action == "retrieve":
            return (
                Workshop.objects.filter(
                    pk__in=selectors.workshop_list(collaborative=collaborative).values("pk")
                )
                .prefetch_related(
                    "themes",
                    Prefetch(
                        "attendances",
                        queryset=Attendance.objects.select_related(
                            "person", "organisation"
                        ).order_by("organisation__name", "person__name"),
                    ),
                )
                .select_related("workstream")
            )
        # The list shows none of a workshop's long texts (decisions, reflections): not read.
        # Its counts and themes: attach, for the page's rows only.
        return as_rows(
            Workshop.objects.filter(collaborative=collaborative),
            [
                "id",
                "date",
                "title",
                "workstream",
                "workstream__name",
                "deep_dive_topic",
                "updated_at",
            ],
        )

    def attach(self, page):
        counts = selectors.workshop_page_counts(workshop_ids=[row.pk for row in page])
        for row in page:
            row.__dict__.update(counts[row.pk])
        attach(page, "themes", Theme.objects.order_by("name"), link="workshops", fields=["name"])


class ActionSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    workstream = serializers.IntegerField(source="workshop.workstream_id", read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "description",
            "owner",
            "owner_name",
            "organisation",
            "organisation_name",
            "workshop",
            "workstream",
            "due_date",
            "state",
            "completed_on",
            "note",
            "updated_at",
        ]


class ActionFilter(PortalFilterSet):
    workstream = django_filters.NumberFilter(field_name="workshop__workstream")
    due_from = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_to = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Action
        fields = ["organisation", "owner", "state"]


# The serializer's fields that are not the action's own columns.
ACTION_EXTRA_FIELDS = {"owner_name", "organisation_name", "workstream"}


class ActionViewSet(PortalReadOnlyViewSet):
    """Actions from workshops (the actions page)."""

    serializer_class = ActionSerializer
    filterset_class = ActionFilter
    allowed = staticmethod(permissions.can_view_actions)

    def rows(self, *, user, collaborative):
        # The page's selector without its join on the collaborative (known here): with that
        # join SQLite sorted all of the collaborative's actions for a page; without it, it walks
        # the collaborative's index in key order (14 ms instead of 94 for 20,000 actions).
        columns = [
            *(f for f in ActionSerializer.Meta.fields if f not in ACTION_EXTRA_FIELDS),
            "owner__name",
            "organisation__name",
            "workshop__workstream_id",
        ]
        actions = selectors.action_list(collaborative=collaborative).select_related(None)
        if self.action == "list":
            return as_rows(actions, columns)
        return actions.select_related("owner", "organisation", "workshop").only(*columns)


def routes() -> list[tuple[str, type[viewsets.ViewSetMixin], str]]:
    return [
        ("me", MeViewSet, "me"),
        ("organisations", OrganisationViewSet, "organisation"),
        ("people", PersonViewSet, "person"),
        ("workstreams", WorkstreamViewSet, "workstream"),
        ("workshops", WorkshopViewSet, "workshop"),
        ("actions", ActionViewSet, "action"),
    ]
