from django import template
from django.forms.formsets import BaseFormSet

register = template.Library()


def _form_items(form):
    items = []
    fields = list(form.visible_fields())
    first = fields[0].auto_id if fields else "main-content"
    for error in form.non_field_errors():
        items.append((first, error))
    for field in form.hidden_fields():
        for error in field.errors:
            items.append((first, error))
    for field in fields:
        target = field.auto_id
        if getattr(field.field.widget, "input_type", None) in ("radio", "checkbox"):
            subwidgets = field.subwidgets
            if subwidgets and subwidgets[0].id_for_label:
                target = subwidgets[0].id_for_label
        for error in field.errors:
            items.append((target, error))
    return items


@register.simple_tag
def error_items(form=None, forms=None):
    """(anchor, message) pairs for the GOV.UK error summary, in page order."""
    items = []
    for each in [form, *(forms or [])]:
        if each is None or each == "":
            continue
        if isinstance(each, BaseFormSet):
            for error in each.non_form_errors():
                items.append(("main-content", error))
            for sub in each.forms:
                items.extend(_form_items(sub))
        else:
            items.extend(_form_items(each))
    return items


@register.filter
def money(value):
    """£1,234,567 (no pence when whole)."""
    if value in (None, ""):
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    return f"£{number:,.0f}" if number == int(number) else f"£{number:,.2f}"


@register.filter
def dash(value):
    return "—" if value in (None, "") else value
