"""Select boxes rendered in Python.

Django renders every ``<option>`` of a select through a template include; a list of 500 people
costs about 100 ms that way, and a page with four such lists (the workshop form's action owners)
most of a second. ``LeanSelect`` writes the same HTML — same attributes, option groups, selected
options, escaping — in one pass. GovukFormMixin puts it in place of every plain ``Select`` and
``SelectMultiple`` as the field is rendered, so no form needs to ask for it.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def _options(choices, selected):
    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            parts.append(format_html('<optgroup label="{}">', value))
            parts.extend(_options(label, selected))
            parts.append("</optgroup>")
            continue
        key = "" if value is None else str(value)
        parts.append(
            '<option value="{}"{}>{}</option>'.format(
                conditional_escape(key),
                " selected" if key in selected else "",
                conditional_escape(label),
            )
        )
    return parts


class LeanSelectMixin:
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final["multiple"] = True
        values = self.format_value(value)
        selected = {str(v) for v in values}
        if not self.allow_multiple_selected and len(selected) > 1:
            selected = {str(values[-1])}  # as Django: the last of several values is selected
        html = [format_html('<select name="{}"{}>', name, flatatt(final))]
        html.extend(_options(self.choices, selected))
        html.append("</select>")
        return mark_safe("\n".join(html))  # noqa: S308 - every part escaped above


class LeanSelect(LeanSelectMixin, forms.Select):
    """``forms.Select``, rendered without a template per option."""


class LeanSelectMultiple(LeanSelectMixin, forms.SelectMultiple):
    """``forms.SelectMultiple``, rendered without a template per option."""


LEAN = {forms.Select: LeanSelect, forms.SelectMultiple: LeanSelectMultiple}


def make_lean(field):
    """Swap a form field's plain select for its lean twin (same attributes, same choices)."""
    lean = LEAN.get(type(field.widget))
    if lean is not None:
        field.widget.__class__ = lean
