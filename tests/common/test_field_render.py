"""Fields written in Python (anchors.common.forms.render): the same GOV.UK markup as
crispy-forms-gds's own field template — labels, hints, one error per field, the error classes and
``aria-describedby`` — and the date input's boxes as its widget template draws them."""

import re

from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.layout import Field, Size
from crispy_forms_gds.widgets import DateInputWidget
from django import forms

from anchors.common.forms import DateField, GovukForm
from anchors.common.forms.render import FULL_TEMPLATE, render_fields

CHOICES = [("", "Choose one"), ("Group <A>", [("1", "Ann & Co"), ("2", "Bob")])]


class SampleForm(GovukForm):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label="Title <b>bold</b>", max_length=5, help_text="Short & sweet")
    owner = forms.ChoiceField(label="Owner", choices=CHOICES)
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 2}))
    email = forms.EmailField(label="Email", required=False)
    due = DateField(label="Due date", help_text="For example, 27 3 2027")
    count = forms.IntegerField(label="Count", required=False)


def _squash(html: str) -> str:
    """The HTML without the white space a browser ignores (between and around tags)."""
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*<", "<", re.sub(r">\s*", ">", re.sub(r"\s+>", ">", html))).strip()


def _with_crispy_template(form) -> str:
    """The same form through crispy-forms-gds's own field template (kept as FULL_TEMPLATE)."""
    form.helper.field_template = FULL_TEMPLATE
    return render_crispy_form(form)


def _date_template(bound_field) -> str:
    """crispy-forms-gds's own rendering of its date widget (its template)."""
    widget = bound_field.field.widget
    return DateInputWidget.render(
        widget, bound_field.html_name, bound_field.value(), {"id": "id_due"}
    )


def _both_ways(make, data, fast=render_crispy_form, slow=None):
    """One form made twice (a form is rendered once: crispy adds to a widget's
    aria-describedby each time it renders it), checked if bound, drawn ``fast`` (the Python
    fields) and ``slow`` (crispy-forms-gds's own template by default): both squashed."""
    forms_ = make(data), make(data)
    if data is not None:
        for form in forms_:
            form.is_valid()
    return _squash(fast(forms_[0])), _squash((slow or _with_crispy_template)(forms_[1]))


BAD = {"title": "far too long", "owner": "9", "notes": "", "email": "no", "due": "", "count": "x"}


def test_fields_match_crispy_forms_gds_blank_and_with_every_kind_of_error():
    for data in (None, BAD, {**BAD, "due_0": "31", "due_1": "2", "due_2": "2027"}):
        fast, slow = SampleForm(data), SampleForm(data)
        if data:
            assert not fast.is_valid()
            assert not slow.is_valid()
        expected = _squash(_with_crispy_template(slow))  # (a form is rendered once: crispy
        # adds to a widget's aria-describedby each time it renders it)
        assert _squash(render_crispy_form(fast)) == expected
        assert _squash(render_fields(SampleForm(data))) == expected


def test_errors_hint_and_classes_are_there():
    form = SampleForm(BAD)
    form.is_valid()
    html = _squash(render_fields(form))
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert '<div id="id_title_hint" class="govuk-hint">Short & sweet</div>' in html
    assert 'aria-describedby="id_title_hint id_title_1_error"' in html
    assert '<span class="govuk-visually-hidden">Error:</span>Select owner from the list' in html
    assert "govuk-input--error" in html
    assert "govuk-select" in html
    assert '<input type="hidden" name="version"' in html


def test_layout_options_sizes_match_too():
    class SizedForm(SampleForm):
        def layout(self):
            return [Field.text("title", label_size=Size.MEDIUM), "owner", "due"]

    assert _squash(render_crispy_form(SizedForm())) == _squash(_with_crispy_template(SizedForm()))
    assert 'class="govuk-label govuk-label--m"' in render_crispy_form(SizedForm())


def test_date_boxes_are_the_widget_template_s():
    for data in (None, {"due_0": "3", "due_1": "<4>", "due_2": "2027"}):
        form = SampleForm(data)
        bound = form["due"]
        fast = bound.field.widget.render(bound.html_name, bound.value(), {"id": "id_due"})
        assert _squash(fast) == _squash(_date_template(bound))


class PeopleForm(GovukForm):
    people = forms.MultipleChoiceField(
        label="Who came",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[("Alpha <Council>", [("1", "Ann & Co"), ("2", "Bob")]), ("Beta", [("3", "Cat")])],
    )


def test_checkbox_lists_are_the_same_from_the_built_html_with_each_forms_ticks():
    first = render_crispy_form(PeopleForm({"people": ["2"]}))
    again = render_crispy_form(PeopleForm({"people": ["2"]}))  # the options' HTML reused
    assert first == again
    other = render_crispy_form(PeopleForm({"people": ["1", "3"]}))
    assert _squash(first).count(" checked") == 1
    assert 'id="id_people_0_1" value="2" checked' in _squash(first)
    assert 'value="2" checked' not in _squash(other)
    assert _squash(other).count(" checked") == 2
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Alpha &lt;Council&gt;'
        in (_squash(first))
    )
    assert "Ann &amp; Co" in first


def test_a_management_form_is_the_hidden_inputs_django_writes():
    """``govuk_management_form``: the same hidden inputs as ``{{ formset.management_form }}``,
    blank and bound (with the row count a browser sent)."""
    import re

    from django import forms

    from anchors.common.forms.render import render_management_form

    class Row(forms.Form):
        name = forms.CharField(required=False)

    factory = forms.formset_factory(Row, extra=2)
    for formset in (
        factory(prefix="rows"),
        factory({"rows-TOTAL_FORMS": "5", "rows-INITIAL_FORMS": "0"}, prefix="rows"),
    ):
        ours = render_management_form(formset)
        djangos = re.findall(r"<input[^>]*>", str(formset.management_form))
        assert re.findall(r"<input[^>]*>", ours) == djangos
        assert len(djangos) == 4


def test_checkbox_lists_match_the_template_blank_with_hint_error_sizes_and_small():
    """Lists of checkboxes written in Python: the same markup as the project's
    ``gds/layout/checkboxes.html`` through crispy-forms-gds's field template."""

    class Required(PeopleForm):
        people = forms.MultipleChoiceField(
            label="Who came <b>today</b>",
            help_text="Tick everyone & anyone",
            widget=forms.CheckboxSelectMultiple,
            choices=[("Alpha", [("1", "Ann")]), ("Beta", [("3", "Cat"), ("4", "Dee")])],
        )

    class Sized(Required):
        def layout(self):
            return [Field.checkboxes("people", small=True, legend_size=Size.MEDIUM)]

    class Flat(GovukForm):
        themes = forms.MultipleChoiceField(
            label="Themes",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[("1", "Jobs"), ("2", "Spend <local>")],
        )

    for form_class in (PeopleForm, Required, Sized, Flat):
        for data in (None, {}, {"people": ["3"], "themes": ["2"]}, {"people": ["9"]}):
            fast, slow = _both_ways(form_class, data)
            assert fast == slow, (form_class, data)
    form = Sized({})
    form.is_valid()
    html = _squash(render_crispy_form(form))
    assert 'aria-describedby="id_people_hint id_people_1_error"' in html
    assert "govuk-checkboxes--small" in html
    assert "govuk-fieldset__legend--m" in html
    assert "govuk-form-group--error" in html


def test_file_password_url_and_attribute_classes_match_crispy_forms_gds():
    class Upload(GovukForm):
        document = forms.FileField(label="File", help_text="A CSV file")
        secret = forms.CharField(label="Secret", widget=forms.PasswordInput)
        site = forms.URLField(
            label="Website", widget=forms.URLInput(attrs={"class": "govuk-!-width-half"})
        )

    for data in (None, {"secret": "", "site": "not a url"}):
        fast, slow = _both_ways(lambda d: Upload(d, {}), data)
        assert fast == slow
    form = Upload({"site": "x"}, {})
    form.is_valid()
    html = _squash(render_crispy_form(form))
    assert "govuk-file-upload govuk-file-upload--error" in html
    assert 'aria-describedby="id_document_hint id_document_1_error"' in html
    assert 'class="govuk-input govuk-!-width-half"' in html


class LaidOut(SampleForm):
    def layout(self):
        from crispy_forms_gds.layout import HTML, Div

        return [
            "version",
            Div(
                Field.text("title", field_width=10, data_enter="find"),
                HTML('<button type="submit" class="govuk-button">Find</button>'),
                css_class="app-find",
                css_id="finder",
            ),
            HTML('<h3 class="govuk-heading-m">More</h3>'),
            Field.text("email", label_size=Size.SMALL),
            "owner",
            "notes",
            "due",
            "count",
        ]


def test_layouts_written_in_python_match_crispy_forms_blank_and_with_errors():
    """``govuk_fields`` writes a layout of field names, ``Field``s, static ``HTML`` and
    ``Div``s itself: the same markup as ``{% crispy %}``, field attributes and context included."""
    for data in (None, BAD):
        fast, slow = _both_ways(LaidOut, data, fast=render_fields, slow=render_crispy_form)
        assert fast == slow
    html = _squash(render_fields(LaidOut()))
    assert '<div id="finder" class="app-find">' in html
    assert 'class="govuk-input govuk-input--width-10"' in html
    assert 'data-enter="find"' in html


def test_a_layout_with_anything_else_goes_through_crispy_forms():
    from crispy_forms_gds.layout import HTML, Fieldset

    class Other(SampleForm):
        def layout(self):
            return [Fieldset("title", legend="About"), HTML("{{ form.title.label }}"), "owner"]

    assert _squash(render_fields(Other())) == _squash(render_crispy_form(Other()))


def test_the_workshop_forms_laid_out_parts_are_the_same_both_ways(collaborative):
    from django.http import QueryDict

    from anchors.forms.choices import WorkChoices
    from anchors.forms.workshops import (
        WorkshopAboutForm,
        WorkshopAttendeesForm,
        WorkshopNotesForm,
    )

    bad = QueryDict("date_0=40&title=&find=a&attendees=99999")
    for form_class in (WorkshopAboutForm, WorkshopAttendeesForm, WorkshopNotesForm):
        for data in (None, bad):
            fast, slow = _both_ways(
                lambda d: form_class(d, choices=WorkChoices(collaborative)),  # noqa: B023
                data,
                fast=render_fields,
                slow=render_crispy_form,
            )
            assert fast == slow, form_class
