"""Select boxes, text inputs and text areas rendered in Python.

Django renders every ``<option>`` of a select through a template include; a list of 500 people
costs about 100 ms that way, and a page with four such lists (the workshop form's action owners)
most of a second. ``LeanSelect`` writes the same HTML — same attributes, option groups, selected
options, escaping — in one pass. GovukFormMixin puts it in place of every plain ``Select`` and
``SelectMultiple`` as the field is rendered, so no form needs to ask for it.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe

from anchors.common.rows import esc


def _fragments(choices):
    """Each option's HTML, unselected and selected: [(key or None, plain, selected)]."""
    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            opening = format_html('<optgroup label="{}">', value)
            parts.append((None, opening, opening))
            parts.extend(_fragments(label))
            parts.append((None, "</optgroup>", "</optgroup>"))
            continue
        key = "" if value is None else str(value)
        start, text = f'<option value="{conditional_escape(key)}"', conditional_escape(label)
        parts.append((key, f"{start}>{text}</option>", f"{start} selected>{text}</option>"))
    return parts


# Built fragments of the choice lists in use, by identity: a list shared by many selects on one
# page (``share_choices``: the same people in every row of the workshop form) is escaped once.
_BUILT: dict = {}
# ...and by content: the same people listed on the next request (a new list, equal to the last)
# reuse the HTML built then instead of escaping hundreds of names again.
_BY_CONTENT: dict = {}


def content_key(choices):
    """The choices as a hashable value that tells apart everything the HTML depends on (a label
    already safe HTML is not escaped, so safe and plain labels of the same text differ)."""
    return tuple(
        (value, content_key(label))
        if isinstance(label, list | tuple)
        else (type(value), value, str(label), isinstance(label, SafeData))
        for value, label in choices
    )


class BuiltOptions:
    """A choice list's options as HTML, written once: every option unselected, joined, and where
    each option lies in it, so a select of five hundred people with one chosen is that string
    with one option swapped, not five hundred pieces joined again."""

    __slots__ = ("fragments", "_plain", "_spans")

    def __init__(self, fragments):
        self.fragments = fragments
        self._plain = None
        self._spans = None

    def html(self, selected) -> str:
        if self._plain is None:
            spans, position = {}, 0
            for key, plain, chosen in self.fragments:
                if key is not None:
                    spans.setdefault(key, []).append((position, position + len(plain), chosen))
                position += len(plain) + 1  # the newline that joins them
            self._spans = spans
            self._plain = "\n".join(plain for _, plain, _ in self.fragments)
        swaps = sorted(span for key in selected for span in self._spans.get(key, ()))
        if not swaps:
            return self._plain
        parts, done = [], 0
        for start, end, chosen in swaps:
            parts += [self._plain[done:start], chosen]
            done = end
        parts.append(self._plain[done:])
        return "".join(parts)


def _built(choices) -> BuiltOptions:
    entry = _BUILT.get(id(choices))
    if entry is None or entry[0] is not choices:
        if len(_BUILT) > 64:
            _BUILT.clear()
        try:
            key = content_key(choices)
            fragments = _BY_CONTENT.get(key)
        except TypeError:  # a value that cannot be hashed: built for this list only
            key, fragments = None, None
        if fragments is None:
            fragments = BuiltOptions(_fragments(choices))
            if key is not None:
                if len(_BY_CONTENT) > 64:
                    _BY_CONTENT.clear()
                _BY_CONTENT[key] = fragments
        entry = (choices, fragments)
        _BUILT[id(choices)] = entry
    return entry[1]


def share_choices(field, choices):
    """Give a choice field a list of choices many forms on the page share (already in Django's
    normal form: ``django.utils.choices.normalize_choices``): set as is, not normalised again
    for every form, and rendered from HTML built once for all of them."""
    field._choices = field.widget._choices = choices


class LeanSelectMixin:
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final["multiple"] = True
        values = self.format_value(value)
        selected = {str(v) for v in values}
        if not self.allow_multiple_selected and len(selected) > 1:
            selected = {str(values[-1])}  # as Django: the last of several values is selected
        choices = self.choices
        if not isinstance(choices, list):
            # Not list(): it asks a ModelChoiceIterator its length, a COUNT query.
            choices = [choice for choice in choices]  # noqa: C416
        opening = format_html('<select name="{}"{}>', name, flatatt(final))
        options = _built(choices).html(selected)
        return mark_safe(  # noqa: S308 - every part escaped above
            f"{opening}\n{options}\n</select>" if options else f"{opening}\n</select>"
        )


class LeanSelect(LeanSelectMixin, forms.Select):
    """``forms.Select``, rendered without a template per option."""


class LeanSelectMultiple(LeanSelectMixin, forms.SelectMultiple):
    """``forms.SelectMultiple``, rendered without a template per option."""


def _attributes(attrs) -> str:
    """Django's ``attrs.html``: `` name="value"``, a bare name for True, nothing for False."""
    return "".join(
        f" {esc(name)}" if value is True else f' {esc(name)}="{esc(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget) -> str:
    """Django's ``input.html`` for a widget's context (``get_context(...)["widget"]``)."""
    shown = "" if widget["value"] is None else f' value="{esc(widget["value"])}"'
    return mark_safe(  # noqa: S308 - every part escaped by esc()
        f'<input type="{esc(widget["type"])}" name="{esc(widget["name"])}"{shown}'
        f"{_attributes(widget['attrs'])}>"
    )


class LeanInputMixin:
    """An ``<input>`` written in Python: the same HTML as Django's ``input.html`` (a form of
    fifty rows renders hundreds of them, each through two templates)."""

    def render(self, name, value, attrs=None, renderer=None):
        return input_html(self.get_context(name, value, attrs)["widget"])


class LeanTextarea(forms.Textarea):
    """``forms.Textarea`` written in Python, as Django's ``textarea.html``."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        text = esc(widget["value"]) if widget["value"] else ""
        return mark_safe(  # noqa: S308 - every part escaped by esc()
            f'<textarea name="{esc(widget["name"])}"{_attributes(widget["attrs"])}>\n'
            f"{text}</textarea>"
        )


def _lean_input(django_class):
    return type(django_class.__name__, (LeanInputMixin, django_class), {"__module__": __name__})


LEAN = {
    forms.Select: LeanSelect,
    forms.SelectMultiple: LeanSelectMultiple,
    forms.Textarea: LeanTextarea,
    **{
        django_class: _lean_input(django_class)
        for django_class in (
            forms.TextInput,
            forms.EmailInput,
            forms.URLInput,
            forms.NumberInput,
            forms.HiddenInput,
            forms.PasswordInput,
            forms.FileInput,
        )
    },
}
# crispy-forms-gds chooses a widget's GOV.UK class (govuk-select, govuk-input, govuk-textarea) and
# its error class by the widget class's name: the lean twins answer to Django's names.
for _django_class, _lean in LEAN.items():
    _lean.__name__ = _lean.__qualname__ = _django_class.__name__


def make_lean(field):
    """Swap a form field's plain select for its lean twin (same attributes, same choices)."""
    lean = LEAN.get(type(field.widget))
    if lean is not None:
        field.widget.__class__ = lean
