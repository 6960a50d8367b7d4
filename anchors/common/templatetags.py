"""The ``portal`` template library (registered in settings' TEMPLATES ``libraries``): the error
summary's items, money and dashes."""

from django import forms as django_forms
from django import template
from django.forms.formsets import BaseFormSet
from django.utils.formats import date_format, localize
from django.utils.timezone import template_localtime

from anchors.common import registry
from anchors.common.forms.render import (
    checkbox_groups as render_checkbox_groups,
)
from anchors.common.forms.render import (
    render_field,
    render_fields,
    render_management_form,
    render_row_fieldsets,
)
from anchors.common.forms.widgets import make_lean
from anchors.common.locking import version_of
from anchors.common.rows import esc, html_rows

register = template.Library()


def _target(bound_field) -> str:
    """The id the error summary links to: the field, its first option, or its first date box."""
    widget = bound_field.field.widget
    if isinstance(widget, django_forms.MultiWidget):
        parts = [
            index
            for index, sub in enumerate(getattr(bound_field.field, "fields", ()))
            if getattr(sub.widget, "errors", None)
        ]
        return f"{bound_field.auto_id}_{parts[0] if parts else 0}"
    if getattr(widget, "input_type", None) in ("radio", "checkbox"):
        subwidgets = bound_field.subwidgets
        if subwidgets and subwidgets[0].id_for_label:
            return subwidgets[0].id_for_label
    return bound_field.auto_id


def _form_items(form):
    if not form.is_bound and not form._errors:
        return []  # nothing checked, nothing added: no need to check it now
    if not form.errors:  # nothing to list (and no first field to look for, among hundreds)
        return []
    items = []
    fields = list(form.visible_fields())
    first = _target(fields[0]) if fields else "main-content"
    for error in form.non_field_errors():
        items.append((first, error))
    for field in form.hidden_fields():
        for error in field.errors:
            items.append((first, error))
    for field in fields:
        # One message per field, as the field itself shows (GOV.UK's pattern).
        if field.errors:
            items.append((_target(field), field.errors[0]))
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


ERROR_CLASSES = {
    "Textarea": "govuk-textarea--error",
    "FileInput": "govuk-file-upload--error",
    "ClearableFileInput": "govuk-file-upload--error",
    "Select": "govuk-select--error",
}


@register.filter
def govuk_widget(bound_field):
    """A field's own widget, marked up for its errors (error class, ``aria-describedby``): for
    compact layouts such as the submission grid, which render the widget, not whole fields."""
    make_lean(bound_field.field)  # the grid's form may be a plain Form: its widgets too
    if not bound_field.errors:
        return bound_field.as_widget()
    widget = bound_field.field.widget
    error_class = ERROR_CLASSES.get(type(widget).__name__, "govuk-input--error")
    classes = [*widget.attrs.get("class", "").split(), error_class]
    return bound_field.as_widget(
        attrs={"class": " ".join(classes), "aria-describedby": f"{bound_field.auto_id}-error"}
    )


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
def version(record):
    """The version a button's form carries, so a stale click is refused (``locking``)."""
    return version_of(record)


@register.filter
def dash(value):
    return "—" if value in (None, "") else value


@register.simple_tag
def checkbox_groups(bound_field, small=False):
    """A checkbox field's options as GOV.UK checkboxes, grouped as its choices are:
    ``forms.render.checkbox_groups``."""
    return render_checkbox_groups(bound_field, small)


def _part(table, name):
    return table[name] if isinstance(table, dict) else getattr(table, name)


@register.simple_tag
def table_rows(table, empty="No figures yet.", nowrap=True):
    """The body of a table of figures (a chart's ``DataTable``, or a report table's dict: rows,
    columns, numeric column indexes), written with the toolkit's fast table: forty quarters by a
    dozen anchors went through the template a cell at a time. Each cell shows as the template
    showed it (localised: dates and numbers as Django writes them); the first is the row's
    header."""
    numeric = _part(table, "numeric")
    head = ' class="govuk-table__header app-nowrap"' if nowrap else ' class="govuk-table__header"'
    wrap = " app-nowrap" if nowrap else ""
    rows = []
    for values in _part(table, "rows"):
        cells = []
        for index, value in enumerate(values):
            text = esc(localize(value))
            if index == 0:
                cells.append(f'<th scope="row"{head}>{text}</th>')
            else:
                classes = f" govuk-table__cell--numeric{wrap}" if index in numeric else ""
                cells.append(f'<td class="govuk-table__cell{classes}">{text}</td>')
        rows.append(f'<tr class="govuk-table__row">{"".join(cells)}</tr>')
    if not rows:
        rows.append(
            f'<tr class="govuk-table__row"><td class="govuk-table__cell" '
            f'colspan="{len(_part(table, "columns"))}">{esc(empty)}</td></tr>'
        )
    return html_rows(rows)


def _shown(value) -> str:
    """A value as ``{{ value }}`` shows it: localised, then escaped."""
    return esc(localize(value))


@register.simple_tag
def history_table_rows(entries):
    """The rows of ``components/history.html`` (``history.HistoryEntry``: one row per changed
    field, who and when on the first), written with the toolkit's fast table: a page of fifty
    changes went through the template a cell at a time."""
    rows = []
    for entry in entries:
        when = esc(date_format(template_localtime(entry.when), "j M Y, H:i")) if entry.when else ""
        reason = (
            f'<br><span class="govuk-hint govuk-!-margin-bottom-0">Reason: {_shown(entry.reason)}'
            "</span>"
            if entry.reason
            else ""
        )
        if entry.changes:
            for index, change in enumerate(entry.changes):
                first = index == 0
                rows.append(
                    '<tr class="govuk-table__row">'
                    f'<td class="govuk-table__cell app-nowrap">{when if first else ""}</td>'
                    f'<td class="govuk-table__cell">{_shown(entry.who) if first else ""}</td>'
                    f'<td class="govuk-table__cell">{_shown(entry.subject)}: '
                    f"{_shown(change.field)}{reason if first else ''}</td>"
                    f'<td class="govuk-table__cell">{_shown(change.before)}</td>'
                    f'<td class="govuk-table__cell">{_shown(change.after)}</td></tr>'
                )
        else:
            removed = entry.action == "Removed"
            subject = _shown(entry.subject)
            rows.append(
                '<tr class="govuk-table__row">'
                f'<td class="govuk-table__cell app-nowrap">{when}</td>'
                f'<td class="govuk-table__cell">{_shown(entry.who)}</td>'
                f'<td class="govuk-table__cell">{_shown(entry.action)}: {subject}{reason}</td>'
                f'<td class="govuk-table__cell">{subject if removed else "—"}</td>'
                f'<td class="govuk-table__cell">{"—" if removed else subject}</td></tr>'
            )
    return html_rows(rows)


@register.inclusion_tag("components/object_links.html", takes_context=True)
def object_links(context, thing):
    """What higher apps offer to do with ``thing`` on its page (``registry.object_links``)."""
    return {"links": registry.object_links(context["request"], thing)}


@register.simple_tag(takes_context=True)
def export_links(context, table="") -> dict:
    """This page's URL with its filters and ``format=csv`` / ``format=xlsx`` (no page number);
    ``table`` names one of several tables on the page."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    if table:
        query["table"] = table
    links = {}
    for format in ("csv", "xlsx"):
        query["format"] = format
        links[format] = f"{request.path}?{query.urlencode()}"
    return links


@register.simple_tag(takes_context=True)
def govuk_field(context):
    """A crispy-forms-gds field, written in Python where it can be (``forms.render``)."""
    return render_field(context)


@register.simple_tag
def govuk_fields(form):
    """A layout-less form's fields, as ``{% crispy form %}`` draws them, for pages with many such
    forms (the workshop form's rows): ``forms.render.render_fields``."""
    return render_fields(form)


@register.simple_tag
def govuk_row_fieldsets(forms, noun):
    """A formset's rows, each a fieldset headed "noun 1", "noun 2"… holding its fields:
    ``forms.render.render_row_fieldsets``."""
    return render_row_fieldsets(forms, noun)


@register.simple_tag
def govuk_management_form(formset):
    """``{{ formset.management_form }}`` written in Python: ``forms.render``."""
    return render_management_form(formset)
