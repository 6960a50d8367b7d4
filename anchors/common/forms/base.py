"""GOV.UK forms: layout through crispy-forms-gds, messages that name the field, service errors on
the field at fault, and after a refused stale save, what the other person saved."""

import copy
import functools
from functools import cached_property

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django import forms
from django.forms.utils import ErrorDict, pretty_name

from anchors.common.errors import PortalError, StaleEditError
from anchors.common.forms.copying import CopiedFields
from anchors.common.forms.fields import formfield
from anchors.common.forms.widgets import make_lean
from anchors.common.locking import version_of


def _lower(label: str) -> str:
    return label[0].lower() + label[1:] if label else label


@functools.cache
def _class_messages(field_class) -> dict:
    messages = {}
    for cls in reversed(field_class.__mro__):
        messages.update(getattr(cls, "default_error_messages", {}))
    return {key: str(value) for key, value in messages.items()}


def _default_messages(field) -> dict:
    """Django's own wording of the field's class (worked out once per class)."""
    return _class_messages(type(field))


def specific_error_messages(form):
    """Error messages in GOV.UK words that name the field ("Enter the headcount"), never
    Django's defaults ("This field is required", "Ensure this value has at most …").

    Only Django's own wording is replaced: a message a form wrote for its field stays.
    """
    for name, field in form.fields.items():
        label = str(field.label or pretty_name(name)).strip().rstrip(":") or "The value"
        label = label[0].upper() + label[1:]
        lower = _lower(label)
        defaults = _default_messages(field)
        wording = {"required": f"Enter {lower}"}
        if isinstance(
            field, forms.ChoiceField | forms.ModelChoiceField | forms.ModelMultipleChoiceField
        ):
            wording["required"] = f"Select {lower}"
            for key in ("invalid_choice", "invalid_pk_value", "invalid_list"):
                wording[key] = f"Select {lower} from the list"  # noqa: S608 (not SQL)
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            # Django's DecimalField is a kind of IntegerField.
            whole = isinstance(field, forms.IntegerField) and not isinstance(
                field, forms.DecimalField
            )
            wording["invalid"] = (
                f"{label} must be a whole number, like 1,500"
                if whole
                else f"{label} must be a number, like 1,250 or 1250.50"
            )
            wording["max_digits"] = f"{label} is too large"
            wording["max_whole_digits"] = f"{label} is too large"
            wording["max_decimal_places"] = f"{label} can have at most %(max)s decimal places"
        elif isinstance(field, forms.URLField):
            wording["invalid"] = (
                f"Enter {lower} as a full web address, like https://www.example.org"
            )
        elif isinstance(field, forms.EmailField):
            wording["invalid"] = f"Enter {lower} in the correct format, like name@example.org"
        elif isinstance(field, forms.FileField):
            wording.update(
                invalid=f"{label} must be a file",
                empty=f"{label} is empty",
                missing=f"Select {lower}",
                required=f"Select {lower}",
            )
        for key, message in wording.items():
            current = field.error_messages.get(key)
            if current is None or str(current) == defaults.get(key):
                field.error_messages[key] = message
        renamed = []
        for validator in field.validators:
            code = getattr(validator, "code", None)
            message = {
                "min_value": f"{label} must be %(limit_value)s or more",
                "max_value": f"{label} must be %(limit_value)s or less",
                "max_length": f"{label} must be %(limit_value)s characters or less",
                "min_length": f"{label} must be %(limit_value)s characters or more",
            }.get(code)
            if message and str(validator.message) == str(type(validator).message):
                validator = copy.copy(validator)
                validator.message = message
            renamed.append(validator)
        field.validators = renamed


def field_display(instance, name) -> str:
    """A model field's saved value as people read it."""
    model_field = instance._meta.get_field(name)
    if model_field.many_to_many:
        return ", ".join(str(item) for item in getattr(instance, name).all()) or "—"
    value = getattr(instance, name)
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "strftime") and not hasattr(value, "hour"):
        return f"{value.day} {value:%B %Y}"
    return str(value)


class GovukFormMixin:
    """GOV.UK layout through crispy-forms-gds; the page renders the error summary.

    ``submit_label`` names the button ``components/form.html`` draws (None: the page has its own
    buttons). ``layout()`` may
    return crispy-forms-gds layout objects (``Field.radios("kind", small=True)``); by default
    every field is laid out in order.
    """

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        cls = type(self)
        fields = cls.__dict__.get("base_fields")
        if type(fields) is dict:  # once a class: its fields copied faster for every form
            cls.base_fields = CopiedFields(fields)
        super().__init__(*args, **kwargs)

    def __getitem__(self, name):
        make_lean(self.fields[name])  # however late the field was added or replaced
        return super().__getitem__(name)

    @cached_property
    def helper(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        layout = self.layout()
        if layout is not None:
            helper.layout = Layout(*layout)
        return helper

    def layout(self):
        return None

    def full_clean(self):
        if self.is_bound:  # an empty form has nothing checked, so no message to word
            specific_error_messages(self)
        super().full_clean()

    def add_service_error(self, error: PortalError):
        """Put a service's refusal on the field it names (or the whole form); after a stale save,
        show what is saved now, and let a second save replace it."""
        field = error.field if error.field in self.fields else None
        if field and self.fields[field].widget.is_hidden:
            field = None
        self.add_error(field, error.message)
        if isinstance(error, StaleEditError) and error.current is not None:
            self.show_saved(error.current)

    def saved_fields(self):
        """The model fields shown as "what is saved now" after a stale save."""
        meta = getattr(self, "Meta", None)
        return list(getattr(meta, "fields", None) or [])

    def saved_values(self, instance):
        names = [n for n in self.saved_fields() if n not in ("version",)]
        return [
            (
                str(instance._meta.get_field(name).verbose_name).capitalize(),
                field_display(instance, name),
            )
            for name in names
        ]

    def show_saved(self, instance):
        self.current_values = self.saved_values(instance)
        if "version" in self.fields:
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = version_of(instance)

    def quiet(self):
        """Show the form as typed without running its validation (used when adding a row)."""
        self._errors = ErrorDict()
        self.cleaned_data = {}
        return self


class GovukForm(GovukFormMixin, forms.Form):
    """A form laid out with the GOV.UK Design System."""


class GovukModelFormMetaclass(forms.models.ModelFormMetaclass):
    """Every GovukModelForm builds its model fields with ``fields.formfield`` (numbers and dates
    as people type them), whatever its own ``Meta`` says."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(formfield)
        return super().__new__(mcs, name, bases, attrs)


class GovukModelForm(GovukFormMixin, forms.ModelForm, metaclass=GovukModelFormMetaclass):
    """A model form laid out with the GOV.UK Design System; numbers and dates as people type
    them (``fields.formfield``)."""


class VersionedMixin(forms.Form):
    """Carries the record's version so a stale save can be refused (``locking``)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
