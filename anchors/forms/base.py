"""Form plumbing shared by every app: GOV.UK layout through crispy-forms-gds, service errors."""

import copy

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms

from anchors.base import PortalError


def govuk_number_inputs(form):
    """GOV.UK asks for text inputs with inputmode, not type=number (which browsers mangle)."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.NumberInput):
            integer = isinstance(field, forms.IntegerField)
            field.widget = forms.TextInput(
                attrs={
                    **field.widget.attrs,
                    "inputmode": "numeric" if integer else "decimal",
                    "spellcheck": "false",
                }
            )
            field.widget.attrs.pop("step", None)


def specific_error_messages(form):
    """Error messages that name the field, as the GOV.UK Design System asks ("Enter headcount")."""
    for field in form.fields.values():
        label = str(field.label or "").strip() or "a value"
        lower = label[0].lower() + label[1:]
        choose = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
        field.error_messages["required"] = f"Select {lower}" if choose else f"Enter {lower}"
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            whole = isinstance(field, forms.IntegerField) and not isinstance(
                field, forms.DecimalField
            )
            field.error_messages["invalid"] = (
                f"{label} must be a whole number" if whole else f"{label} must be a number"
            )
            field.error_messages["max_digits"] = f"{label} is too large"
            field.error_messages["max_decimal_places"] = (
                f"{label} can have at most %(max)s decimal places"
            )
        elif isinstance(field, forms.URLField):
            field.error_messages["invalid"] = (
                f"Enter {lower} as a full web address, like https://www.example.org"
            )
        elif isinstance(field, forms.EmailField):
            field.error_messages["invalid"] = (
                f"Enter {lower} in the correct format, like name@example.org"
            )
        elif isinstance(field, forms.DateField):
            field.error_messages["invalid"] = f"{label} must be a real date"
        renamed = []
        for validator in field.validators:
            code = getattr(validator, "code", None)
            if code in ("min_value", "max_value"):
                validator = copy.copy(validator)
                validator.message = (
                    f"{label} must be %(limit_value)s or more"
                    if code == "min_value"
                    else f"{label} must be %(limit_value)s or less"
                )
            renamed.append(validator)
        field.validators = renamed


class GovukLayoutMixin:
    """GOV.UK layout through crispy-forms-gds; the template renders the error summary."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_number_inputs(self)
        specific_error_messages(self)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", self.submit_label))

    def add_service_error(self, error: PortalError):
        """Put a service's refusal on the field it names (or the whole form)."""
        field = error.field if error.field in self.fields else None
        if field and self.fields[field].widget.is_hidden:
            field = None
        self.add_error(field, error.message)


class GovukForm(GovukLayoutMixin, forms.Form):
    """A form laid out with the GOV.UK Design System."""


class GovukModelForm(GovukLayoutMixin, forms.ModelForm):
    """A model form laid out with the GOV.UK Design System."""


class VersionedMixin(forms.Form):
    """Carries the record's version so a stale save can be refused (see services.common)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


def field_display(instance, name) -> str:
    field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def show_current_values(form, instance):
    """After a stale save: show what the other person saved, and let a second save replace it."""
    from anchors.services.common import version_of

    form.current_values = [
        (
            str(instance._meta.get_field(name).verbose_name).capitalize(),
            field_display(instance, name),
        )
        for name in form.Meta.fields
    ]
    form.data = form.data.copy()
    form.data["version"] = version_of(instance)
