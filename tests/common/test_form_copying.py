"""Each form's fields are copies of its class's (anchors.common.forms.copying), as Django's
deepcopy makes them: changing one form's field, widget, choices or messages changes no other."""

import pytest
from django import forms

from anchors.common.forms import DateField, GovukForm, GovukModelForm
from anchors.models import Organisation, Person


class Sample(GovukForm):
    name = forms.CharField(max_length=5, widget=forms.TextInput(attrs={"class": "wide"}))
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    many = forms.MultipleChoiceField(choices=[("1", "One")], widget=forms.CheckboxSelectMultiple)
    due = DateField(label="Due")


def test_every_form_has_its_own_fields_widgets_choices_and_messages():
    first, second = Sample(), Sample()
    assert type(Sample.base_fields).__name__ == "CopiedFields"
    for name in ("name", "kind", "many", "due"):
        assert first.fields[name] is not second.fields[name]
        assert first.fields[name].widget is not second.fields[name].widget
        assert type(first.fields[name]) is type(Sample.base_fields[name])
    first.fields["name"].widget.attrs["class"] = "changed"
    first.fields["name"].error_messages["required"] = "Changed"
    first.fields["name"].validators.append(lambda value: None)
    first.fields["kind"].choices = [("z", "Z")]
    first.fields["many"].widget.choices = [("9", "Nine")]
    for form in (second, Sample()):
        assert form.fields["name"].widget.attrs == {"class": "wide", "maxlength": "5"}
        assert form.fields["name"].error_messages["required"] != "Changed"
        assert len(form.fields["name"].validators) == len(Sample.base_fields["name"].validators)
        assert list(form.fields["kind"].choices) == [("a", "A"), ("b", "B")]
        assert list(form.fields["many"].widget.choices) == [("1", "One")]
    # A multi-value field's parts and its widget's parts are copies too.
    assert first.fields["due"].fields[0] is not second.fields["due"].fields[0]
    first.fields["due"].widget.widgets[0].attrs["x"] = "1"
    assert "x" not in second.fields["due"].widget.widgets[0].attrs
    assert first.fields["due"].widget.widgets[0] is not Sample.base_fields["due"].widget.widgets[0]


def test_forms_validate_and_show_as_before():
    form = Sample({"name": "toolong", "kind": "c", "many": ["1"], "due_0": "1"})
    assert not form.is_valid()
    assert set(form.errors) == {"name", "kind", "due"}
    valid = {"name": "ok", "kind": "a", "many": ["1"], "due_0": "1", "due_1": "2", "due_2": "2027"}
    assert Sample(valid).is_valid()


@pytest.mark.django_db
def test_a_model_choice_field_keeps_its_own_copy_with_a_fresh_queryset(collaborative):
    class PersonForm(GovukModelForm):
        class Meta:
            model = Person
            fields = ["name", "organisation"]

    first, second = PersonForm(), PersonForm()
    first_qs = first.fields["organisation"].queryset
    assert first_qs is not second.fields["organisation"].queryset
    first.fields["organisation"].queryset = Organisation.objects.none()
    assert second.fields["organisation"].queryset.model is Organisation
    assert list(second.fields["organisation"].queryset) == list(Organisation.objects.all())
