"""The tender pipeline's forms: an item, the OCDS upload, the list's and the finder's filters."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from anchors.common.forms import GovukForm, GovukModelForm, IntegerField, VersionedMixin
from anchors.forms.fields import FilterForm, filter_field
from anchors.models import Organisation
from procurement import cpv
from procurement.models import PipelineItem, Supplier

YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("", "Not known")]


class YesNoUnknownField(forms.TypedChoiceField):
    """A yes/no question people may leave unanswered (None)."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=YES_NO_UNKNOWN,
            coerce=lambda value: {"yes": True, "no": False}.get(value),
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            **kwargs,
        )

    def prepare_value(self, value):
        return {True: "yes", False: "no"}.get(value, "")


class PipelineItemForm(VersionedMixin, GovukModelForm):
    # Wider than the 8 digits stored: people paste codes with their check digit (85312000-5).
    cpv_code = forms.CharField(
        label="Category (CPV code)",
        max_length=20,
        required=False,
        help_text="The 8 digits, like 85312000 (a check digit such as -5 is fine).",
    )
    suitable_sme = YesNoUnknownField(label="Suitable for small and medium-sized enterprises?")
    suitable_vcse = YesNoUnknownField(
        label="Suitable for voluntary, community and social enterprises?"
    )

    class Meta:
        model = PipelineItem
        fields = [
            "organisation",
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
        ]
        labels = {
            "organisation": "Organisation that plans it",
            "cpv_code": "Category (CPV code)",
            "planned_publication_date": "Planned publication date (optional)",
            "contract_start": "Contract start (optional)",
            "contract_end": "Contract end (optional)",
            "latest_extension_date": "Latest end with extensions (optional)",
            "current_contract_end": "When the current contract ends (optional)",
            "incumbent_supplier": "Supplier holding the current contract (optional)",
            "open_to_joint": "Open to procuring jointly with other anchors",
        }
        help_texts = {
            "cpv_code": "The 8 digits, like 85312000 (a check digit such as -9 is fine).",
            "estimated_value": "In pounds, without VAT, like 250,000.",
            "estimated_value_gross": "In pounds, with VAT, if known.",
            "social_value_weighting": "The share of the evaluation for social value, 0 to 100.",
            "contact": "Who other anchors should talk to.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, collaborative, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.collaborative = collaborative
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None if organisations.count() == 1 else ""
        self.fields["incumbent_supplier"].queryset = Supplier.objects.filter(
            collaborative=collaborative
        ).order_by("name")
        self.fields["cpv_code"].widget.attrs.update(
            {"class": "govuk-input govuk-input--width-10", "spellcheck": "false"}
        )
        self.fields["stage"].required = True

    def clean_cpv_code(self):
        raw = self.cleaned_data.get("cpv_code") or ""
        if not raw.strip():
            return ""
        code = cpv.normalise_code(raw)
        if code is None or not cpv.is_known(code):
            raise forms.ValidationError(
                "Enter a CPV 2008 code: 8 digits, like 85312000 for social work services."
            )
        return code

    def layout(self):
        return [
            Field.select("organisation"),
            Field.text("title"),
            Field.textarea("description"),
            Field.text("cpv_code"),
            Fieldset(
                Field.text("estimated_value", field_width=10),
                Field.text("estimated_value_gross", field_width=10),
                legend="Estimated value",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                "planned_publication_date",
                "contract_start",
                "contract_end",
                "latest_extension_date",
                "current_contract_end",
                Field.select("incumbent_supplier"),
                legend="Dates",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.select("procurement_route"),
                Field.text("social_value_weighting", field_width=4),
                Field.checkbox("open_to_joint"),
                Field.radios("suitable_sme", inline=True, small=True),
                Field.radios("suitable_vcse", inline=True, small=True),
                Field.text("contact"),
                Field.select("stage"),
                legend="How it will be bought",
                legend_size=Size.MEDIUM,
            ),
            "version",
        ]

    def _post_clean(self):
        pass  # the service checks and saves (database constraints name the field)


class OcdsUploadForm(GovukForm):
    submit_label = None  # the page has "Check the file" and "Import" buttons

    file = forms.FileField(
        label="OCDS file (JSON)",
        help_text=(
            "A release package, a record package or a single release, as Contracts Finder and "
            "Find a Tender publish them. Up to 50 MB."
        ),
    )
    leave_out_refused = forms.BooleanField(
        label="Leave out any refused releases and import the others",
        required=False,
        help_text=(
            "Without this, a file with a release that cannot be imported saves nothing. Check the "
            "file first: every refused release is named, with the reason."
        ),
    )


class CsvUploadForm(GovukForm):
    submit_label = None  # the page has "Check the file" and "Import" buttons

    file = forms.FileField(
        label="Pipeline file (CSV)",
        help_text="One planned procurement a row, with the template’s headings. Up to 5 MB.",
    )


class BuyerIdentifierForm(GovukForm):
    submit_label = "Add the identifier"

    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=Organisation.objects.none(), empty_label=None
    )
    identifier = forms.CharField(
        label="Identifier",
        max_length=200,
        help_text=(
            "As notices write it: the register, then the number, like GB-NHS-RWK (an NHS trust), "
            "GB-LAC-E09000012 (a council) or GB-PPON-ABCD-1234-EFGH (Find a Tender)."
        ),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["identifier"].widget.attrs.update(
            {"class": "govuk-input govuk-input--width-20", "spellcheck": "false"}
        )


class PipelineFilterForm(FilterForm):
    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=Organisation.objects.none(), required=False
    )
    stage = forms.ChoiceField(
        label="Stage", choices=[("", "Any"), *PipelineItem.Stage.choices], required=False
    )

    def __init__(self, *args, collaborative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            collaborative=collaborative
        ).order_by("name")
        self.fields["organisation"].empty_label = "Any"
        for name in ("organisation", "stage"):
            self.fields[name].widget.attrs["class"] = "govuk-select"

    def layout(self):
        return [filter_field("organisation"), filter_field("stage")]


class JointFilterForm(FilterForm):
    submit_label = "Find matches"

    depth = forms.TypedChoiceField(
        label="Match on the same CPV",
        choices=[
            (2, "Division (first 2 digits)"),
            (3, "Group (first 3 digits)"),
            (4, "Class (first 4 digits)"),
        ],
        coerce=int,
        initial=3,
        required=False,
        empty_value=3,
    )
    gap_months = IntegerField(
        label="Windows within this many months",
        min_value=0,
        max_value=36,
        initial=6,
        required=False,
    )
    only_open = forms.BooleanField(label="Only items open to joint procurement", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["depth"].widget.attrs["class"] = "govuk-select"
        self.fields["gap_months"].widget.attrs["class"] = "govuk-input govuk-input--width-3"

    def filters(self):
        chosen = super().filters()
        return {
            "depth": chosen.get("depth") or 3,
            "gap_months": 6 if chosen.get("gap_months") is None else chosen["gap_months"],
            "only_open": bool(chosen.get("only_open")),
        }

    def layout(self):
        return [
            filter_field("depth"),
            filter_field("gap_months"),
            filter_field("only_open"),
        ]
