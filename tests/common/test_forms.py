"""GOV.UK forms (anchors.common.forms): the date input, numbers as typed, messages that name the
field, and that every form in the project uses them."""

import datetime
import importlib
import inspect
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.template.loader import render_to_string

from anchors.common.forms import DateField, DecimalField, GovukForm, GovukModelForm, IntegerField
from anchors.common.templatetags import error_items
from anchors.models import Organisation


class DateForm(GovukForm):
    start = DateField(label="Start date")
    end = DateField(label="End date", required=False, error_label="The date it ended")


def _errors(data):
    form = DateForm(data)
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("parts", "message", "boxes"),
    [
        (("", "", ""), "Enter start date", [0, 1, 2]),
        (("27", "", "2025"), "Start date must include a month", [1]),
        (("", "", "2025"), "Start date must include a day and a month", [0, 1]),
        (("31", "2", "2025"), "Start date must be a real date", [0]),
        (("1", "13", "2025"), "Start date must be a real date", [0, 1]),
        (("1", "x", "2025"), "Start date must be a real date", [1]),
        (("1", "2", "25"), "Year must include 4 numbers", [2]),
    ],
)
def test_the_date_input_names_the_part_at_fault(parts, message, boxes):
    form = _errors({f"start_{i}": value for i, value in enumerate(parts)})
    assert form.errors["start"] == [message]
    marked = [i for i, sub in enumerate(form.fields["start"].fields) if sub.widget.errors]
    assert marked == boxes
    # The error summary links to the first box at fault.
    assert error_items(form)[0] == (f"id_start_{boxes[0]}", message)


def test_the_date_input_reads_days_months_years_and_month_names():
    form = _errors({"start_0": "27", "start_1": "Mar", "start_2": "2025"})
    assert form.cleaned_data["start"] == datetime.date(2025, 3, 27)
    form = _errors({"start_0": " 7 ", "start_1": "09", "start_2": "2025"})
    assert form.cleaned_data["start"] == datetime.date(2025, 9, 7)


def test_a_link_may_carry_the_date_as_one_value():
    assert _errors({"start": "2025-03-27"}).cleaned_data["start"] == datetime.date(2025, 3, 27)
    assert _errors({"start": "27/03/2025"}).cleaned_data["start"] == datetime.date(2025, 3, 27)
    assert _errors({"start": "not a date"}).errors["start"] == ["Start date must be a real date"]


def test_error_label_names_the_field_where_its_label_is_not_enough():
    form = _errors({"start": "2025-01-01", "end_0": "31", "end_1": "4", "end_2": "2025"})
    assert form.errors["end"] == ["The date it ended must be a real date"]


def test_the_date_input_renders_day_month_and_year_boxes_with_the_saved_date():
    html = str(DateForm(initial={"start": datetime.date(2027, 1, 30)})["start"])
    assert 'class="govuk-date-input"' in html
    assert 'name="start_0" value="30"' in html
    assert 'name="start_1" value="1"' in html
    assert 'name="start_2" value="2027"' in html
    assert 'type="date"' not in html


class NumberForm(GovukForm):
    amount = DecimalField(label="Amount", max_digits=15, decimal_places=2, required=False)
    people = IntegerField(label="People", min_value=0, required=False)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1,500", Decimal(1500)),
        ("£1,000,000", Decimal(1_000_000)),
        (" 1 500.50 ", Decimal("1500.50")),
        ("12.500", Decimal("12.50")),
    ],
)
def test_numbers_accept_what_people_type(typed, amount):
    form = NumberForm({"amount": typed, "people": "1,200"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"amount": amount, "people": 1200}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": "lots"}, "amount", "Amount must be a number, like 1,250 or 1250.50"),
        ({"amount": "1.234"}, "amount", "Amount can have at most 2 decimal places"),
        ({"amount": "99,999,999,999,999"}, "amount", "Amount is too large"),
        ({"people": "2.5"}, "people", "People must be a whole number, like 1,500"),
        ({"people": "-1"}, "people", "People must be 0 or more"),
    ],
)
def test_number_messages_name_the_field(data, field, message):
    form = NumberForm(data)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_numbers_are_text_boxes_with_a_numeric_keyboard():
    html = str(NumberForm()["amount"]) + str(NumberForm()["people"])
    assert 'type="number"' not in html
    assert 'inputmode="decimal"' in html
    assert 'inputmode="numeric"' in html


class ProfileForm(GovukModelForm):
    class Meta:
        model = Organisation
        fields = ["headcount", "annual_spend", "name"]


@pytest.mark.django_db
def test_model_forms_get_the_toolkit_fields_and_govuk_messages():
    form = ProfileForm({"headcount": "1,200", "annual_spend": "£2,500,000", "name": ""})
    assert isinstance(form.fields["headcount"], IntegerField)
    assert isinstance(form.fields["annual_spend"], DecimalField)
    assert not form.is_valid()
    assert form.errors["name"] == ["Enter name"]
    assert form.cleaned_data["headcount"] == 1200
    assert form.cleaned_data["annual_spend"] == Decimal(2_500_000)


def test_a_message_a_form_wrote_itself_is_kept():
    class Custom(GovukForm):
        title = forms.CharField(error_messages={"required": "Enter a title for the workshop."})
        note = forms.CharField(max_length=5)

    form = Custom({"title": "", "note": "far too long"})
    assert not form.is_valid()
    assert form.errors["title"] == ["Enter a title for the workshop."]
    assert form.errors["note"] == ["Note must be 5 characters or less"]  # not Django's words


PROJECT_APPS = ("anchors", "metrics", "procurement", "workforce", "governance")


def project_forms():
    """Every form class defined in the project: each app's forms module or package."""
    found = set()
    for app in PROJECT_APPS:
        module = importlib.import_module(f"{app}.forms")
        modules = [module]
        if hasattr(module, "__path__"):
            modules += [
                importlib.import_module(info.name)
                for info in pkgutil.walk_packages(module.__path__, f"{app}.forms.")
            ]
        for each in modules:
            found |= {
                obj
                for obj in vars(each).values()
                if inspect.isclass(obj)
                and issubclass(obj, forms.BaseForm)
                and obj.__module__ == each.__name__  # defined there, not imported
            }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def test_no_form_uses_the_browsers_date_picker_or_number_box():
    """One way to render a field: dates are the GOV.UK date input, numbers text boxes."""
    forms_found = project_forms()
    assert len(forms_found) > 20
    for form_class in forms_found:
        for name, field in form_class.base_fields.items():
            where = f"{form_class.__name__}.{name}"
            if field.widget.is_hidden:
                continue
            assert not isinstance(field.widget, forms.DateInput | forms.NumberInput), where
            if isinstance(field, forms.DateField):
                raise AssertionError(f"{where} is a plain DateField: use anchors.common DateField")
            if isinstance(field, forms.DecimalField | forms.IntegerField):
                assert isinstance(field, DecimalField | IntegerField), where


@pytest.mark.django_db  # the template renders through the project's template engine
def test_a_field_shows_one_error_at_a_time():
    class Twice(GovukForm):
        title = forms.CharField(label="Title", max_length=3)

        def clean(self):
            data = super().clean()
            self.add_error("title", "The title is already used")
            return data

    form = Twice({"title": "far too long"})
    assert not form.is_valid()
    assert len(form.errors["title"]) == 2
    assert error_items(form) == [("id_title", "Title must be 3 characters or less")]
    html = render_to_string("components/form.html", {"form": form})
    assert html.count("govuk-error-message") == 1
    assert "Title must be 3 characters or less" in html
    assert "The title is already used" not in html
