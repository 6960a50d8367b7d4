"""Form fields that accept what people type, in the GOV.UK Design System's patterns.

- ``DecimalField`` and ``IntegerField`` read "1,500", "£1,000,000" or "1 500" (``numbers``), in a
  text box with ``inputmode`` (GOV.UK asks for this, not ``type=number``, which browsers mangle);
- ``DateField`` is the GOV.UK date input: day, month and year boxes, with GOV.UK's error messages
  ("Date of the workshop must include a month"). The browser's date picker showed mm/dd/yyyy to
  people in the UK and turned a typed UK date into year 112026 (ADR 0006).

Model forms get these automatically (``formfield``); plain forms declare them.
"""

import datetime
import re
from decimal import Decimal

from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.safestring import mark_safe

from anchors.common.forms.widgets import input_html
from anchors.common.numbers import NotANumber, fit_problem, format_limit, largest, parse_number
from anchors.common.rows import esc

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
PARTS = ("day", "month", "year")


def _sentence(label) -> str:
    text = str(label or "").strip().rstrip(":") or "The value"
    return text[0].upper() + text[1:]


def NumberInput(attrs=None, *, whole=False):  # noqa: N802 - used like a widget class
    """A text box for numbers: the on-screen keyboard shows digits, spellcheck stays off.

    A plain TextInput (crispy-forms-gds styles errors on TextInput by its class name)."""
    defaults = {"inputmode": "numeric" if whole else "decimal", "spellcheck": "false"}
    return forms.TextInput({**defaults, **(attrs or {})})


class TypedNumberMixin:
    """Reads the number the way people type it (``numbers.parse_number``), in a text box with a
    numeric keyboard."""

    widget = forms.TextInput
    inputmode = "decimal"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.pop("step", None)
        self.widget.attrs["inputmode"] = self.inputmode
        self.widget.attrs.setdefault("spellcheck", "false")

    def typed_number(self, value) -> Decimal | None:
        if value in self.empty_values:
            return None
        try:
            return parse_number(value)
        except NotANumber as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


class DecimalField(TypedNumberMixin, forms.DecimalField):
    """A number with a fixed number of places, typed the way people write it."""

    def to_python(self, value):
        number = self.typed_number(value)
        if number is None or self.max_digits is None or self.decimal_places is None:
            return number
        shape = {"max_digits": self.max_digits, "decimal_places": self.decimal_places}
        problem = fit_problem(number, **shape)
        if problem == "too_large":
            raise ValidationError(
                self.error_messages["max_digits"],
                code="max_digits",
                params={"max": self.max_digits, "limit": format_limit(largest(**shape))},
            )
        if problem == "too_many_places":
            raise ValidationError(
                self.error_messages["max_decimal_places"],
                code="max_decimal_places",
                params={"max": self.decimal_places},
            )
        if number.as_tuple().exponent < -self.decimal_places:
            # "12.500" is 12.50: trailing zeros are not extra places.
            number = number.quantize(Decimal(1).scaleb(-self.decimal_places))
        return number


class IntegerField(TypedNumberMixin, forms.IntegerField):
    """A whole number, typed the way people write it ("1,500")."""

    inputmode = "numeric"

    def to_python(self, value):
        number = self.typed_number(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)


class DateWidget(DateInputWidget):
    """Day, month and year boxes (crispy-forms-gds's date input), numeric keyboards.

    A link may also carry the date as one ISO value (``?date_from=2025-04-01``).
    """

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs)
        for widget in self.widgets:
            widget.attrs.update({"inputmode": "numeric", "spellcheck": "false"})

    def value_from_datadict(self, data, files, name):
        parts = super().value_from_datadict(data, files, name)
        single = str(data.get(name) or "").strip()
        if any(parts) or not single:
            return parts
        try:
            value = datetime.date.fromisoformat(single)
        except ValueError:
            pieces = re.split(r"[/.\-\s]+", single)
            # 14/03/2025 as people write it; anything else is checked as a date and refused.
            return pieces if len(pieces) == 3 else [single, single, single]
        return [str(value.day), str(value.month), str(value.year)]

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and name not in data

    def render(self, name, value, attrs=None, renderer=None):
        """crispy-forms-gds's ``gds/widgets/date.html`` written in Python (a form of many rows
        has a date in each): the same boxes, labels and attributes."""
        widget = self.get_context(name, value, attrs)["widget"]
        items = []
        for sub in widget["subwidgets"]:
            sub_attrs = dict(sub["attrs"])
            label = sub_attrs.pop("label", "")
            items.append(
                '<div class="govuk-date-input__item"><div class="govuk-form-group">'
                '<label class="govuk-label govuk-date-input__label" '
                f'for="{esc(sub_attrs.get("id", ""))}">'
                f"{esc(label)}</label>{input_html({**sub, 'attrs': sub_attrs})}</div></div>"
            )
        return mark_safe(  # noqa: S308 - every part escaped by esc()
            f'<div class="govuk-date-input" id="{esc(widget["attrs"].get("id", ""))}">'
            + "".join(items)
            + "</div>"
        )

    def decompress(self, value):
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        return super().decompress(value)


class DateField(forms.MultiValueField):
    """The GOV.UK date input, with GOV.UK's messages; each message names the field."""

    widget = DateWidget
    default_error_messages = {
        "required": "Enter the date",
        "invalid": "%(label)s must be a real date",
        "incomplete": "%(label)s must include a %(parts)s",
        "year": "Year must include 4 numbers",
    }

    def __init__(self, *, hint=True, error_label=None, **kwargs):
        for unused in ("max_length", "input_formats", "localize"):
            kwargs.pop(unused, None)
        # Names the field in messages where its label alone is not enough ("The date of the
        # workshop", "Action 2’s due date" in a list of rows that each have a "Due date").
        self.error_label = error_label
        fields = tuple(forms.CharField(required=False) for _ in PARTS)
        super().__init__(fields=fields, require_all_fields=False, **kwargs)
        if hint and not self.help_text:
            self.help_text = "For example, 27 3 2025"

    def _fail(self, key, at, **params):
        """Refuse the date; ``at`` lists the boxes at fault (0 day, 1 month, 2 year)."""
        for index, field in enumerate(self.fields):
            field.widget.errors = ["error"] if index in at else []
        params.setdefault("label", _sentence(self.error_label or self.label))
        raise ValidationError(self.error_messages[key] % params, code=key)

    def clean(self, value):
        if self.disabled and not isinstance(value, list | tuple):
            value = self.widget.decompress(value)
        parts = [str(v or "").strip() for v in (list(value or []) + ["", "", ""])[:3]]
        for field in self.fields:
            field.widget.errors = []
        if not any(parts):
            if self.required:
                self._fail("required", (0, 1, 2))
            return None
        missing = [index for index, text in enumerate(parts) if not text]
        if missing:
            names = " and a ".join(PARTS[index] for index in missing)
            self._fail("incomplete", missing, parts=names)
        day, month, year = parts
        month = str(MONTHS.get(month.lower().rstrip("."), month))
        bad = [i for i, text in enumerate((day, month, year)) if not text.isdigit()]
        if bad:
            self._fail("invalid", bad)
        if len(year) != 4:
            self._fail("year", (2,))
        try:
            result = datetime.date(int(year), int(month), int(day))
        except ValueError:
            self._fail("invalid", (0, 1) if int(month) > 12 or int(month) < 1 else (0,))
        self.validate(result)
        self.run_validators(result)
        return result

    def compress(self, data_list):  # clean() builds the date itself
        return None

    def has_changed(self, initial, data):
        try:
            return self.clean(data) != initial
        except ValidationError:
            return True


def formfield(db_field, **kwargs):
    """Model forms' fields: numbers and dates as people type them (GovukModelForm uses this)."""
    if kwargs.get("form_class") is None and not db_field.choices:
        if isinstance(db_field, models.DateField) and not isinstance(
            db_field, models.DateTimeField
        ):
            kwargs["form_class"] = DateField
        elif isinstance(db_field, models.DecimalField):
            kwargs["form_class"] = DecimalField
        elif isinstance(db_field, models.IntegerField) and not isinstance(
            db_field, models.AutoField
        ):
            kwargs["form_class"] = IntegerField
    return db_field.formfield(**kwargs)
