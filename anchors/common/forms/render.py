"""A form field's GOV.UK markup written in Python.

crispy-forms-gds renders each field through its ``gds/field.html`` and four more templates
(label, hint, errors, the widget's tag); a form of fifty rows — the workshop form's actions, each
with a description, an owner, an organisation and a date — spends most of its time resolving
those templates' variables. ``render_field`` writes the same HTML for the common kinds (text,
number, e-mail and file inputs, selects, text areas, hidden inputs, the day-month-year date
input, lists of checkboxes as the project's ``gds/layout/checkboxes.html`` draws them) in one
pass, and leaves the rest (radios, a single checkbox, character counts) to crispy-forms-gds's
own template. The widget's attributes (GOV.UK classes, error
class, ``aria-describedby``) are set as crispy-forms-gds's ``CrispyGDSFieldNode`` sets them
(``_widget``; a date's boxes still go through that node); tests/common/test_field_render.py
compares the two ways' HTML for every kind, blank and with each kind of error.
"""

from crispy_forms_gds.layout import Size
from crispy_forms_gds.templatetags.crispy_forms_gds import (
    CrispyGDSFieldNode,
    is_checkbox,
    is_checkboxes,
    is_multivalue,
    is_radios,
)
from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from anchors.common.forms.widgets import content_key
from anchors.common.rows import esc, html_rows

FULL_TEMPLATE = "gds/layout/field_full.html"
# crispy-forms-gds's widget classes (``CrispyGDSFieldNode``), before the project's additions.
_GDS_CLASSES = {
    "checkboxinput": "govuk-checkboxes__input",
    "select": "govuk-select",
    "textinput": "govuk-input",
    "emailinput": "govuk-input",
    "passwordinput": "govuk-input",
    "textarea": "govuk-textarea",
    "clearablefileinput": "govuk-file-upload",
}
_ERROR_CLASSES = {
    "Select": " govuk-input--error",
    "TextInput": " govuk-input--error",
    "Textarea": " govuk-input--error",
    "FileInput": " govuk-file-upload--error",
    "ClearableFileInput": " govuk-file-upload--error",
}
# crispy-forms-gds's own code sets the widget's attributes and renders it (``{% crispy_gds_field
# field %}``); a node keeps its per-render state in the context, so one instance serves all.
_WIDGET = CrispyGDSFieldNode("field", {})


def _written_here(field, context) -> bool:
    return not (
        is_radios(field)
        or is_checkbox(field)
        or context.get("max_characters")
        or context.get("max_words")
    )


# Built option HTML of the checkbox lists in use, by field name, id and choices (the same five
# hundred people on the next request reuse the HTML built then instead of escaping them again).
_CHECKBOXES: dict = {}


def _checkbox_parts(bound_field):
    """[(group label or None, [(value, unticked HTML, ticked HTML)])] for the field's choices."""
    choices = bound_field.field.widget.choices
    if not isinstance(choices, list):
        choices = [choice for choice in choices]  # noqa: C416 - not list(): no COUNT query
    try:
        key = (bound_field.html_name, bound_field.auto_id, content_key(choices))
    except TypeError:  # a value that cannot be hashed: built for this list only
        key = None
    parts = _CHECKBOXES.get(key) if key is not None else None
    if parts is not None:
        return parts
    name = esc(bound_field.html_name)
    auto_id = bound_field.auto_id
    parts = []
    for index, (group_value, group_label) in enumerate(choices):
        if isinstance(group_label, list | tuple):
            label, options = (
                group_value,
                [(f"{index}_{sub}", v, text) for sub, (v, text) in enumerate(group_label)],
            )
        else:
            label, options = None, [(str(index), group_value, group_label)]
        items = []
        for number, option_value, option_label in options:
            value = "" if option_value is None else str(option_value)
            id_ = esc(f"{auto_id}_{number}") if auto_id else ""
            start = (
                f'<div class="govuk-checkboxes__item">\n<input type="checkbox" name="{name}" '
                f'class="govuk-checkboxes__input" id="{id_}" value="{esc(value)}"'
            )
            end = (
                f'>\n<label class="govuk-label govuk-checkboxes__label" for="{id_}">'
                f"{esc(option_label)}</label>\n</div>"
            )
            items.append((value, start + end, start + " checked" + end))
        if label is None and parts and parts[-1][0] is None:
            parts[-1][1].extend(items)
        else:
            parts.append((label, items))
    if key is not None:
        if len(_CHECKBOXES) > 32:
            _CHECKBOXES.clear()
        _CHECKBOXES[key] = parts
    return parts


def checkbox_groups(bound_field, small=False):
    """A checkbox field's options as GOV.UK checkboxes, grouped as its choices are (people under
    their organisation, each group a fieldset whose legend screen readers announce), written in
    Python with the toolkit's fast table helpers: the workshop form lists hundreds of people.
    Ids are Django's own (``id_<name>_<group>_<n>``), so error-summary links land on them."""
    value = bound_field.value()
    if value is None:
        value = []
    elif not isinstance(value, list | tuple):
        value = [value]
    chosen = {str(v) for v in value}
    groups = _checkbox_parts(bound_field)
    if not groups:
        empty = (
            f'<p class="govuk-body" id="{esc(bound_field.auto_id)}">None to choose from yet.</p>'
        )
        return html_rows([empty])
    size = " govuk-checkboxes--small" if small else ""
    parts = []
    for label, items in groups:
        if label is not None:
            parts.append(
                '<fieldset class="govuk-fieldset app-checkbox-group"><legend '
                f'class="govuk-fieldset__legend govuk-fieldset__legend--s">{esc(label)}</legend>'
            )
        parts.append(f'<div class="govuk-checkboxes{size}" data-module="govuk-checkboxes">')
        parts.extend(ticked if key in chosen else plain for key, plain, ticked in items)
        parts.append("</div>" + ("</fieldset>" if label is not None else ""))
    return html_rows(parts)


def _widget(field, context) -> str:
    """The widget with crispy-forms-gds's GOV.UK class, error class and ``aria-describedby``, as
    ``CrispyGDSFieldNode`` sets them, for a widget of one part; anything else (a date's three
    boxes, a wrapped widget, HTML5 ``required``) goes through that node itself. The tests
    compare both ways' HTML for every kind written here."""
    widget = field.field.widget
    if is_multivalue(field) or hasattr(widget, "widget") or context.get("html5_required"):
        return _WIDGET.render(context)
    kind = type(widget).__name__
    converters = {**_GDS_CLASSES, **getattr(settings, "CRISPY_CLASS_CONVERTERS", {})}
    classes = converters.get(kind.lower(), kind.lower()).split()
    attrs = widget.attrs
    classes += [name for name in attrs.get("class", "").split() if name not in classes]
    css = " ".join(classes)
    if hasattr(widget, "input_type") and "input_type" in attrs:
        widget.input_type = attrs.pop("input_type")
    if field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_hint"
    if "govuk-js-character-count" in attrs.get("class", ""):
        return _WIDGET.render(context)  # (not reached: character counts use the template)
    errors = field.errors
    if errors:
        css += _ERROR_CLASSES.get(kind, "")
        described = attrs.get("aria-describedby", "") if field.help_text else ""
        for number in range(1, len(errors) + 1):
            described += (" " if described else "") + f"{field.auto_id}_{number}_error"
        attrs["aria-describedby"] = described
    attrs["class"] = css
    return str(field)


def _hint_and_error(field, context) -> str:
    """``gds/layout/help_text_and_errors.html``: the hint, then the field's first error (one
    message per field, as the project's ``field_errors.html`` shows)."""
    parts = []
    inline = context.get("help_text_inline")
    if field.help_text and not (inline and context.get("error_text_inline")):
        tag = "span" if inline else "div"
        parts.append(
            f'<{tag} id="{esc(field.auto_id)}_hint" class="govuk-hint">{field.help_text}</{tag}>'
        )
    if context.get("form_show_errors") and field.errors:
        parts.append(
            f'<p id="{esc(field.auto_id)}_1_error" class="govuk-error-message">'
            f'<span class="govuk-visually-hidden">Error:</span> {esc(field.errors[0])}</p>'
        )
    return "\n".join(parts)


def _label(field, context) -> str:
    if not (field.label and context.get("form_show_labels")):
        return ""
    size = f" {esc(context['label_size'])}" if context.get("label_size") else ""
    target = esc(field.id_for_label)
    label = f'<label for="{target}" class="govuk-label{size}">{field.label}</label>'
    tag = context.get("label_tag")
    return f'<{tag} class="govuk-label-wrapper">{label}</{tag}>' if tag else label


def _legend(field, context) -> str:
    if not field.label:
        return ""
    size = f" {esc(context['legend_size'])}" if context.get("legend_size") else ""
    tag = context.get("legend_tag")
    label = f'<{tag} class="govuk-fieldset__heading">{field.label}</{tag}>' if tag else field.label
    return f'<legend class="govuk-fieldset__legend{size}">{label}</legend>'


def _fieldset(field, context, widget: str) -> str:
    """``gds/layout/multifield.html``: the date input's fieldset, legend, hint and error."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_hint")
    described.extend(f"{field.auto_id}_{n}_error" for n in range(1, len(field.errors) + 1))
    by = f' aria-describedby="{esc(" ".join(described))}"' if described else ""
    return (
        f'<fieldset class="govuk-fieldset"{by}>{_legend(field, context)}\n'
        f"{_hint_and_error(field, context)}\n{widget}</fieldset>"
    )


def _checkboxes(field, context) -> str:
    """The project's ``gds/layout/checkboxes.html``: a fieldset described by the hint and errors,
    its legend, hint and error, and the options grouped (``checkbox_groups``)."""
    by = ""
    if field.help_text or field.errors:
        hint = f"{field.auto_id}_hint" if field.help_text else ""
        errors = "".join(f" {field.auto_id}_{n}_error" for n in range(1, len(field.errors) + 1))
        by = f' aria-describedby="{esc(hint + errors)}"'
    options = checkbox_groups(field, context.get("checkboxes_small") or False)
    return (
        f'<fieldset class="govuk-fieldset"{by}>{_legend(field, context)}\n'
        f"{_hint_and_error(field, context)}\n{options}</fieldset>"
    )


# What ``{% crispy form %}`` puts in the context for a form of the toolkit (crispy-forms-gds's
# FormHelper with its defaults; ``GovukFormMixin.helper``).
HELPER_DEFAULTS = {
    "form_show_errors": True,
    "form_show_labels": True,
    "error_text_inline": True,
    "help_text_inline": False,
}


def render_field(context):
    """The field in ``context["field"]`` as crispy-forms-gds's ``gds/field.html`` renders it."""
    field = context["field"]
    if field.is_hidden:
        return str(field)
    if not _written_here(field, context):
        return get_template(FULL_TEMPLATE).render(context.flatten())
    checkboxes = is_checkboxes(field)
    if not checkboxes:
        widget = _widget(field, context)
    classes = ["govuk-form-group"]
    if context.get("form_show_errors") and field.errors:
        classes.append("govuk-form-group--error")
    if context.get("wrapper_class"):
        classes.append(str(context["wrapper_class"]))
    css = field.css_classes()
    if css:
        classes.append(css)
    if checkboxes:
        inner = _checkboxes(field, context)
    elif is_multivalue(field):
        inner = _fieldset(field, context, widget)
    else:
        inner = f"{_label(field, context)}\n{_hint_and_error(field, context)}\n{widget}"
    tag = context.get("tag") or "div"
    return mark_safe(  # noqa: S308 - labels and hints are the forms' own HTML; the rest escaped
        f'<{tag} id="div_{esc(field.auto_id)}" class="{esc(" ".join(classes))}">\n{inner}\n</{tag}>'
    )


def _apply_attrs(bound_field, attrs):
    """A layout ``Field``'s attributes onto the widget, as crispy-forms' ``render_field``."""
    if not attrs:
        return
    widget = bound_field.field.widget
    for part in getattr(widget, "widgets", [widget]):
        part.attrs.update(attrs)


def _layout_classes():
    from crispy_forms import layout
    from crispy_forms_gds.layout import Div, Field

    return layout.HTML, (layout.Div, Div), Field


def _written_here_layout(item) -> bool:
    html, divs, field = _layout_classes()
    if isinstance(item, str):
        return True
    if type(item) is field:
        return (
            len(item.fields) == 1
            and item.template == field.template
            and item.attrs.get("type") != "hidden"
        )
    if isinstance(item, html):
        return "{" not in str(item.html)
    if type(item) in divs and item.template == "%s/layout/div.html":
        return all(_written_here_layout(part) for part in item.fields)
    return False


def _layout_html(form, item, context) -> str:
    """One layout object as crispy-forms-gds renders it: a field's name, a ``Field`` (one
    field, the standard template, its attributes and context), static ``HTML`` and ``Div``."""
    html, divs, field = _layout_classes()
    if isinstance(item, str):
        with context.push(field=form[item]):
            return render_field(context)
    if type(item) is field:
        bound = form[item.fields[0]]
        _apply_attrs(bound, item.attrs)
        with context.push(field=bound, **item.context):
            return render_field(context)
    if isinstance(item, html):
        return str(item.html)
    if type(item) in divs:
        inner = "\n".join(_layout_html(form, part, context) for part in item.fields)
        css_id = f' id="{esc(item.css_id)}"' if item.css_id else ""
        css = f' class="{esc(item.css_class)}"' if item.css_class else ""
        attrs = f" {item.flat_attrs.strip()}" if item.flat_attrs.strip() else ""
        return f"<div{css_id}{css}{attrs}>\n{inner}\n</div>"
    raise ValueError(item)  # (checked by _written_here_layout first)


def render_fields(form):
    """A form's fields as ``{% crispy form %}`` renders them — every field in order, or its
    layout's field names, ``Field``s, static ``HTML`` and ``Div``s — through ``render_field``,
    without crispy-forms' per-form machinery (helper, context, a template per field and per
    layout object), which a page of fifty rows pays fifty times. A form with a form-wide error,
    or with any other layout object, goes through ``{% crispy %}`` as before."""
    from crispy_forms.utils import render_crispy_form

    if form.non_field_errors():
        return render_crispy_form(form)
    context = Context(HELPER_DEFAULTS)
    layout = form.helper.layout
    if layout is None:
        parts = []
        for field in form:
            with context.push(field=field):
                parts.append(render_field(context))
        return mark_safe("\n".join(parts))  # noqa: S308 - each part is rendered HTML
    if not all(_written_here_layout(item) for item in layout.fields):
        return render_crispy_form(form)
    # As crispy-forms-gds's FormHelper.render_layout: no browser validation, the helper's sizes.
    form.use_required_attribute = False
    helper = form.helper
    if helper.label_size:
        context["label_size"] = Size.for_label(helper.label_size)
    if helper.legend_size:
        context["legend_size"] = Size.for_legend(helper.legend_size)
    parts = [_layout_html(form, item, context) for item in layout.fields]
    return mark_safe("\n".join(parts))  # noqa: S308 - each part is rendered HTML


def render_row_fieldsets(forms, noun: str):
    """Repeating rows of one form each (a formset's), every row a fieldset headed "noun 1",
    "noun 2"… with its fields as ``render_fields`` writes them: the markup of a template
    include per row, without the include (a workshop's correction page has fifteen rows)."""
    legend = esc(noun)
    return mark_safe(  # noqa: S308 - the legend escaped, the fields rendered HTML
        "".join(
            '<fieldset class="govuk-fieldset app-rows__row">\n'
            '  <legend class="govuk-fieldset__legend govuk-fieldset__legend--s app-rows__legend">'
            f"{legend} {number}</legend>\n  {render_fields(form)}\n</fieldset>"
            for number, form in enumerate(forms, start=1)
        )
    )


def render_management_form(formset):
    """A formset's management form — its hidden row counts — as Django's template writes it,
    without the four templates (a form, and an input each) it renders them through."""
    parts = []
    for field in formset.management_form:
        value = field.value()
        shown = "" if value is None or value == "" else f' value="{esc(value)}"'
        parts.append(
            f'<input type="hidden" name="{esc(field.html_name)}"{shown} id="{esc(field.auto_id)}">'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped
