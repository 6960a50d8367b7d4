"""Fields and form bases the base layer's forms share: people pickers and list filters."""

from crispy_forms_gds.layout import Div, Field
from django import forms

from anchors.common.forms import GovukForm

BOLD_LABEL = {"label_size": "govuk-label--s"}


class PeopleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.organisation.short_name})"


def filter_field(name):
    """A filter's field in a third of the width, its label in bold."""
    return Div(Field(name, context=BOLD_LABEL), css_class="govuk-grid-column-one-third")


class FilterForm(GovukForm):
    """A list's filters (a GET form): what was chosen, or nothing when it does not validate."""

    submit_label = "Apply filters"

    def filters(self):
        return self.cleaned_data if self.is_valid() else {}
