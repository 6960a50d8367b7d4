"""A form field's GOV.UK markup written in Python.

crispy-forms-gds renders each field through its ``gds/field.html`` and four more templates
(label, hint, errors, the widget's tag); a form of fifty rows — the workshop form's actions, each
with a description, an owner, an organisation and a date — spends most of its time resolving
those templates' variables. ``render_field`` writes the same HTML for the common kinds (text,
number, e-mail and file inputs, selects, text areas, hidden inputs, the day-month-year date
input) in one pass, and leaves the rest (checkboxes, radios, a single checkbox, character
counts) to crispy-forms-gds's own template. The widget's attributes (GOV.UK classes, error
class, ``aria-describedby``) are still set by crispy-forms-gds's own code
(``CrispyGDSFieldNode``), so the two paths cannot drift apart there.
"""

from crispy_forms_gds.templatetags.crispy_forms_gds import (
    CrispyGDSFieldNode,
    is_checkbox,
    is_checkboxes,
    is_multivalue,
    is_radios,
)
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from anchors.common.rows import esc

FULL_TEMPLATE = "gds/layout/field_full.html"
# crispy-forms-gds's own code sets the widget's attributes and renders it (``{% crispy_gds_field
# field %}``); a node keeps its per-render state in the context, so one instance serves all.
_WIDGET = CrispyGDSFieldNode("field", {})


def _written_here(field, context) -> bool:
    return not (
        is_checkboxes(field)
        or is_radios(field)
        or is_checkbox(field)
        or context.get("max_characters")
        or context.get("max_words")
    )


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
    widget = _WIDGET.render(context)  # sets the GOV.UK classes and describedby, then renders
    classes = ["govuk-form-group"]
    if context.get("form_show_errors") and field.errors:
        classes.append("govuk-form-group--error")
    if context.get("wrapper_class"):
        classes.append(str(context["wrapper_class"]))
    css = field.css_classes()
    if css:
        classes.append(css)
    if is_multivalue(field):
        inner = _fieldset(field, context, widget)
    else:
        inner = f"{_label(field, context)}\n{_hint_and_error(field, context)}\n{widget}"
    tag = context.get("tag") or "div"
    return mark_safe(  # noqa: S308 - labels and hints are the forms' own HTML; the rest escaped
        f'<{tag} id="div_{esc(field.auto_id)}" class="{esc(" ".join(classes))}">\n{inner}\n</{tag}>'
    )


def render_fields(form):
    """Every field of a form without a layout of its own, in order, as ``{% crispy form %}``
    renders it (the same fields, through ``render_field``) — without crispy-forms' per-form
    machinery (helper, context, templates), which a page of fifty rows pays fifty times. A form
    with a layout or a form-wide error goes through ``{% crispy %}`` as before."""
    if form.helper.layout is not None or form.non_field_errors():
        from crispy_forms.utils import render_crispy_form

        return render_crispy_form(form)
    context = Context(HELPER_DEFAULTS)
    parts = []
    for field in form:
        with context.push(field=field):
            parts.append(render_field(context))
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
