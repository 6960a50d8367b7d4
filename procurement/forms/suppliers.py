"""The supplier register's forms: a supplier, who buys from it, its passport, the area, events."""

from crispy_forms_gds.layout import Field
from django import forms

from anchors.common.forms import DateField, GovukForm, GovukModelForm, VersionedMixin
from anchors.forms.fields import FilterForm, filter_field
from anchors.models import Organisation
from procurement.models import EngagementEvent, PassportItem, Supplier

FLAG_CHOICES = [
    ("", "Any"),
    ("sme", "SME"),
    ("vcse", "VCSE"),
    ("bame_led", "BAME-led"),
    ("living_wage_employer", "Living Wage employer"),
    ("needs_review", "Needs review"),
]


class SupplierForm(VersionedMixin, GovukModelForm):
    class Meta:
        model = Supplier
        fields = [
            "name",
            "company_number",
            "charity_number",
            "postcode",
            "website",
            "description",
            "sme",
            "vcse",
            "bame_led",
            "living_wage_employer",
            "needs_review",
        ]
        help_texts = {
            "postcode": "Where it is based. Suppliers in the collaborative’s area count as local.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, collaborative=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.collaborative = collaborative or getattr(self.instance, "collaborative", None)
        for name in ("company_number", "charity_number", "postcode"):
            self.fields[name].widget.attrs.update(
                {"class": "govuk-input govuk-input--width-10", "spellcheck": "false"}
            )

    def _post_clean(self):
        # The service normalises numbers and postcode and refuses duplicates, naming the field.
        pass


class SupplierFilterForm(FilterForm):
    q = forms.CharField(label="Name, company number or postcode", required=False, max_length=200)
    flag = forms.ChoiceField(label="Flag", choices=FLAG_CHOICES, required=False)
    organisation = forms.ModelChoiceField(
        label="Bought by", queryset=Organisation.objects.none(), required=False, empty_label="Any"
    )

    def __init__(self, *args, collaborative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            collaborative=collaborative, role=Organisation.CollaborativeRole.CORE_ANCHOR
        ).order_by("name")

    def layout(self):
        return [filter_field("q"), filter_field("flag"), filter_field("organisation")]


class BuyerForm(GovukForm):
    submit_label = "Add buyer"

    organisation = forms.ModelChoiceField(
        label="Organisation that buys from this supplier", queryset=Organisation.objects.none()
    )
    what = forms.CharField(label="What it buys", required=False, max_length=200)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class PassportForm(VersionedMixin, GovukModelForm):
    class Meta:
        model = PassportItem
        fields = ["dated", "review_date", "scope", "link", "note"]
        labels = {"link": "Link to the document"}

    def __init__(self, *args, collaborative=None, **kwargs):
        super().__init__(*args, **kwargs)
        if collaborative is not None:
            self.instance.collaborative = collaborative

    def _post_clean(self):
        pass  # the service checks the dates and saves


class AreaForm(GovukForm):
    submit_label = "Save the area"

    districts = forms.CharField(
        label="Postcode districts in the area",
        help_text="Separate them with commas or spaces, like E5, E8, N16, EC1V.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    partial = forms.CharField(
        label="Districts only partly in the area (optional)",
        help_text="They still count as local; this is a note for readers of the figures.",
        required=False,
        max_length=2000,
    )


class EventForm(VersionedMixin, GovukModelForm):
    date = DateField(label="Date of the event")
    hosts = forms.ModelMultipleChoiceField(
        label="Organisations that ran it",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attended = forms.ModelMultipleChoiceField(
        label="Suppliers who attended",
        queryset=Supplier.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = EngagementEvent
        fields = ["title", "kind", "date", "location", "description"]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, collaborative, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.collaborative = collaborative
        self.fields["hosts"].queryset = Organisation.objects.filter(
            collaborative=collaborative
        ).order_by("name")
        self.fields["attended"].queryset = Supplier.objects.filter(
            collaborative=collaborative
        ).order_by("name")
        if self.instance.pk:
            self.fields["hosts"].initial = list(self.instance.hosts.values_list("pk", flat=True))
            self.fields["attended"].initial = list(
                self.instance.attendances.values_list("supplier_id", flat=True)
            )

    def layout(self):
        return [
            "title",
            Field.radios("kind", small=True, legend_size="s"),
            "date",
            "location",
            "description",
            Field.checkboxes("hosts", small=True, legend_size="s"),
            Field.checkboxes("attended", small=True, legend_size="s"),
            "version",
        ]

    def _post_clean(self):
        pass
