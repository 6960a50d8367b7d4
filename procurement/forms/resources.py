"""The shared resources library's forms: share a document, upload a new version."""

from crispy_forms_gds.layout import Field
from django import forms

from anchors.common.forms import GovukForm, GovukModelForm, VersionedMixin
from anchors.forms.fields import FilterForm, filter_field
from anchors.models import Organisation, Theme
from procurement.files import ALLOWED_TEXT, MAX_RESOURCE_BYTES
from procurement.models import Resource

FILE_HELP = f"{ALLOWED_TEXT.upper()} files up to {MAX_RESOURCE_BYTES // (1024 * 1024)} MB."


class ResourceForm(GovukModelForm):
    submit_label = "Share the document"

    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    file = forms.FileField(label="File", help_text=FILE_HELP)
    note = forms.CharField(label="Version note (optional)", required=False, max_length=300)

    class Meta:
        model = Resource
        fields = ["title", "kind", "description", "organisation"]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, collaborative, organisation_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.collaborative = collaborative
        self.fields["themes"].queryset = Theme.objects.filter(collaborative=collaborative)
        organisations = Organisation.objects.filter(collaborative=collaborative).order_by("name")
        if organisation_ids is not None:
            organisations = organisations.filter(pk__in=organisation_ids)
            self.fields["organisation"].required = True
            self.fields["organisation"].empty_label = None
        else:
            self.fields["organisation"].empty_label = "The collaborative (no one organisation)"
        self.fields["organisation"].queryset = organisations

    def layout(self):
        return [
            "title",
            Field.radios("kind", small=True, legend_size="s"),
            "description",
            Field.checkboxes("themes", small=True, legend_size="s"),
            "organisation",
            "file",
            "note",
        ]

    def _post_clean(self):
        pass


class ResourceVersionForm(VersionedMixin, GovukForm):
    submit_label = "Upload the new version"

    file = forms.FileField(label="File", help_text=FILE_HELP)
    note = forms.CharField(label="What changed", required=False, max_length=300)


class ResourceFilterForm(FilterForm):
    theme = forms.ModelChoiceField(
        label="Theme", queryset=Theme.objects.none(), required=False, empty_label="Any"
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Any",
    )
    kind = forms.ChoiceField(
        label="Type of document", choices=[("", "Any"), *Resource.Kind.choices], required=False
    )

    def __init__(self, *args, collaborative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(collaborative=collaborative)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            collaborative=collaborative
        ).order_by("name")

    def layout(self):
        return [filter_field("theme"), filter_field("organisation"), filter_field("kind")]
