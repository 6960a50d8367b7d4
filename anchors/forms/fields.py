"""GOV.UK fields for the pages that render their own markup: workstreams, workshops, actions.

The pages render these fields with GOV.UK markup from ``templates/anchors/workstream_field.html``:
ids stay Django's own (``id_<prefix>-<row>-<name>``, ``id_<name>_<n>`` for each option) so every
link in the error summary lands on its field.
"""

from django import forms
from django.forms.utils import ErrorDict

from anchors.forms.base import GovukLayoutMixin

DATE_WIDGET = {"type": "date", "class": "govuk-input govuk-input--width-10"}
BASE_CLASSES = {
    "textinput": ("govuk-input", "govuk-input--error"),
    "emailinput": ("govuk-input", "govuk-input--error"),
    "numberinput": ("govuk-input", "govuk-input--error"),
    "urlinput": ("govuk-input", "govuk-input--error"),
    "dateinput": ("govuk-input", "govuk-input--error"),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "radioselect": ("govuk-radios__input", None),
    "checkboxselectmultiple": ("govuk-checkboxes__input", None),
    "checkboxinput": ("govuk-checkboxes__input", None),
}
GROUPED_WIDGETS = ("radioselect", "checkboxselectmultiple")


def _widget_type(widget):
    return type(widget).__name__.lower()


def date_field(label, *, what, **kwargs):
    """A date box (the browser's date picker where it has one); ``what`` names it in errors."""
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs=dict(DATE_WIDGET), format="%Y-%m-%d"),
        error_messages={"invalid": f"Enter {what} as a real date, like 14/03/2025."},
        **kwargs,
    )


class GovukFieldsMixin:
    """GOV.UK classes on every widget; error classes and aria-describedby follow the errors."""

    widths: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self):
        """Add the classes; forms that add fields after __init__ call it again."""
        for name, field in self.fields.items():
            widget = field.widget
            kind = _widget_type(widget)
            base, _ = BASE_CLASSES.get(kind, (None, None))
            classes = widget.attrs.get("class", "").split()
            for extra in [base, self.widths.get(name)]:
                if extra and extra not in classes:
                    classes.append(extra)
            if classes:
                widget.attrs["class"] = " ".join(classes)
            if field.help_text and kind not in GROUPED_WIDGETS:
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in list(self._errors or {}):
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            kind = _widget_type(widget)
            _, error_class = BASE_CLASSES.get(kind, (None, None))
            if error_class and error_class not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {error_class}".strip()
            if kind not in GROUPED_WIDGETS:
                described = widget.attrs.get("aria-describedby", "").split()
                error_id = f"{self[name].auto_id}-error"
                if error_id not in described:
                    widget.attrs["aria-describedby"] = " ".join([*described, error_id])

    add_service_error = GovukLayoutMixin.add_service_error

    def quiet(self):
        """Show the form as typed without running its validation (used when adding a row)."""
        self._errors = ErrorDict()
        self.cleaned_data = {}
        return self


class PeopleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.organisation.short_name})"


class FilterMixin(GovukFieldsMixin):
    def filters(self):
        return self.cleaned_data if self.is_valid() else {}
