"""List filters (django-filter) for the base layer's pages."""

import django_filters
from django.db.models import Q

from anchors.models import Organisation


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Organisation.Kind.choices, empty_label="All kinds", label="Kind"
    )
    role = django_filters.ChoiceFilter(
        choices=Organisation.CollaborativeRole.choices,
        empty_label="All roles",
        label="Role in the collaborative",
    )
    q = django_filters.CharFilter(method="search", label="Name contains", max_length=100)

    class Meta:
        model = Organisation
        fields = ["kind", "role"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))
