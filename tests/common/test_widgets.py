"""Select boxes rendered in Python (anchors.common.forms.widgets): the same HTML as Django's,
option groups and selection included, and every form's selects use it."""

from django import forms

from anchors.common.forms import GovukForm
from anchors.common.forms.widgets import LeanSelect, LeanSelectMultiple, share_choices

CHOICES = [
    ("", "Choose a person"),
    ("Alpha <Council>", [("1", "Ann & Co"), ("2", 'Bob "B"')]),
    ("Beta", [("3", "Cat")]),
]


class PeopleForm(GovukForm):
    owner = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)


def test_every_form_select_is_lean_even_one_added_after_the_form_was_made():
    form = PeopleForm()
    form.fields["late"] = forms.ChoiceField(choices=CHOICES)
    for name in ("owner", "late"):
        assert type(form[name].field.widget) is LeanSelect
    assert type(form["many"].field.widget) is LeanSelectMultiple


def test_options_groups_and_escaping():
    html = str(PeopleForm({"owner": "2"})["owner"])
    assert html.startswith('<select name="owner"')
    assert 'id="id_owner"' in html
    assert '<option value="">Choose a person</option>' in html
    assert '<optgroup label="Alpha &lt;Council&gt;">' in html
    assert '<option value="1">Ann &amp; Co</option>' in html
    assert '<option value="2" selected>Bob &quot;B&quot;</option>' in html
    assert html.count("selected") == 1
    assert html.count("</optgroup>") == 2


def test_several_values_selected_in_a_multiple_select():
    html = str(PeopleForm({"many": ["1", "3"]})["many"])
    assert " multiple" in html
    assert '<option value="1" selected>' in html
    assert '<option value="3" selected>' in html
    assert '<option value="2">' in html


def test_a_lean_select_shows_what_djangos_does():
    """Same options, same selection, same attributes as Django's own rendering."""
    django_html = forms.Select(choices=CHOICES, attrs={"class": "govuk-select"}).render("o", "3")
    lean_html = LeanSelect(choices=CHOICES, attrs={"class": "govuk-select"}).render("o", "3")

    def normal(html):
        return [
            line.strip().replace('selected=""', "selected").replace(" selected", " selected")
            for line in html.splitlines()
            if line.strip()
        ]

    assert normal(lean_html) == normal(django_html)


def test_each_option_chosen_in_turn_and_several_show_what_djangos_does():
    """The options are written once and the chosen ones swapped in: first, last, inside a
    group, none, a value not offered, and several in a multiple select all match Django."""

    def normal(html):
        return [
            line.strip().replace('selected=""', "selected")
            for line in html.splitlines()
            if line.strip()
        ]

    for value in ["", "1", "2", "3", None, "9"]:
        lean = LeanSelect(choices=CHOICES).render("o", value)
        assert normal(lean) == normal(forms.Select(choices=CHOICES).render("o", value)), value
    for values in (["1", "3"], ["", "2"], ["3", "1", "2"]):
        lean = LeanSelectMultiple(choices=CHOICES).render("m", values)
        django_html = forms.SelectMultiple(choices=CHOICES).render("m", values)
        assert normal(lean) == normal(django_html), values
    assert normal(LeanSelect(choices=[]).render("o", None)) == normal(
        forms.Select(choices=[]).render("o", None)
    )


def test_shared_choices_are_normalised_and_rendered_once_for_every_form():
    shared = [("", "Choose"), ("Alpha", [("1", "Ann"), ("2", "Bob")])]
    forms_ = [PeopleForm() for _ in range(3)]
    for form in forms_:
        share_choices(form.fields["owner"], shared)
    assert all(form["owner"].field.widget.choices is shared for form in forms_)
    html = [str(form["owner"]) for form in forms_]
    assert html[0] == html[1] == html[2]
    assert '<option value="2">Bob</option>' in html[0]
    chosen = PeopleForm({"owner": "2"})
    share_choices(chosen.fields["owner"], shared)
    assert '<option value="2" selected>Bob</option>' in str(chosen["owner"])


def test_an_equal_list_on_a_later_request_shows_its_own_labels():
    """Lists built again for each request reuse the HTML of an equal list, never of a different
    one: a changed name, or a label that is already HTML, shows as it is now."""
    from django.utils.safestring import mark_safe

    def rendered(label):
        return LeanSelect(choices=[("1", label)]).render("o", None)

    assert '<option value="1">Ann</option>' in rendered("Ann")
    assert '<option value="1">Anne</option>' in rendered("Anne")
    assert '<option value="1">A &lt;b&gt;</option>' in rendered("A <b>")
    assert '<option value="1">A <b></option>' in rendered(mark_safe("A <b>"))  # noqa: S308
    assert '<option value="1">A &lt;b&gt;</option>' in rendered("A <b>")


def test_lean_inputs_and_text_areas_show_what_djangos_do():
    """Text, email, number and hidden inputs and text areas: the same HTML as Django's own, and
    the class name crispy-forms-gds picks the GOV.UK class by."""
    from anchors.common.forms.widgets import LEAN

    attrs = {"class": "govuk-input", "required": True, "disabled": False, "data-x": 'a"b'}
    for django_class, value in [
        (forms.TextInput, 'Ann & "Co" <b>'),
        (forms.EmailInput, "a@example.org"),
        (forms.NumberInput, 12),
        (forms.HiddenInput, None),
        (forms.PasswordInput, "secret"),
        (forms.FileInput, None),
        (forms.Textarea, "Line one\n<two> & 'three'"),
        (forms.Textarea, ""),
    ]:
        lean = LEAN[django_class]
        assert lean.__name__ == django_class.__name__
        assert lean(attrs=attrs).render("f", value) == django_class(attrs=attrs).render("f", value)
