from django import template
from django.utils.safestring import mark_safe

from anchors.common.locking import version_of
from anchors.common.rows import cell, esc, pk_url, tag
from anchors.common.templatetags import govuk_widget
from metrics import permissions
from metrics.formatting import format_figure

register = template.Library()


@register.inclusion_tag("metrics/_nav.html", takes_context=True)
def metrics_nav(context, section=""):
    request = context["request"]
    collaborative = getattr(request, "collaborative", None)
    return {
        "section": section,
        "nav_can_submit": bool(collaborative)
        and permissions.can_view_submissions(request.user, collaborative),
    }


@register.filter
def figure(value, unit):
    return format_figure(value, unit)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def overview_rows(by_metric, state_tags):
    """The facilitator's grid's body, a row for each metric, written in Python with the
    toolkit's fast table (``anchors.common.rows``): a page of the grid has hundreds of cells,
    and a template (or ``format_html``) per cell, or a tag and a ``reverse`` per row, made it
    the slowest page of the portal."""
    value_url = pk_url("metrics:value_detail")
    metric_url = pk_url("metrics:metric_detail")
    return mark_safe(  # noqa: S308 - every value escaped by esc()
        "".join(
            '\n      <tr class="govuk-table__row">\n        '
            '<th scope="row" class="govuk-table__header app-overview__metric">'
            f'<a class="govuk-link" href="{metric_url(metric.pk)}">'
            f'<span class="app-code">{esc(metric.code)}</span></a>'
            '<span class="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular">'
            f"{esc(metric.name)}</span></th>\n        "
            f"{_overview_cells(metric, cells, state_tags, value_url)}\n      </tr>\n    "
            for metric, cells in by_metric
        )
    )


def _overview_cells(metric, cells, state_tags, url):
    """One metric's cells of the grid."""
    code = esc(metric.code)
    parts = []
    for each in cells:
        value = each.value
        if value is None:
            parts.append(MISSING)
            continue
        where = (
            f'<span class="govuk-visually-hidden"> {code} for '
            f"{esc(each.organisation.short_name)}</span>"
        )
        html = (
            f'<a class="govuk-link app-overview__value" href="{url(value.pk)}">'
            f"{esc(value.short_display)}{where}</a> "
            + tag(value.get_state_display(), state_tags.get(value.state, ""))
        )
        if each.can_verify:
            html += (
                f'<div class="app-overview__check govuk-body-s"><input type="checkbox" '
                f'name="value" value="{value.pk}@{esc(version_of(value))}" '
                f'id="verify-{value.pk}"><label for="verify-{value.pk}">Verify{where}</label></div>'
            )
        parts.append(cell(html))
    return "\n".join(parts)


MISSING = (
    '<td class="govuk-table__cell">'
    '<strong class="govuk-tag govuk-tag--yellow">Missing</strong></td>'
)


def _grid_input(field, label, *, row_name="", hide_label=False):
    """``metrics/_input.html``: one grid cell's field, its label (visually hidden with
    ``hide_label``), its first error, then the form's own widget (``govuk_widget``)."""
    errors = field.errors
    hidden = " govuk-visually-hidden" if hide_label else ""
    named = f'<span class="govuk-visually-hidden"> ({esc(row_name)})</span>' if row_name else ""
    error = (
        f'<p class="govuk-error-message" id="{esc(field.auto_id)}-error"><span '
        f'class="govuk-visually-hidden">Error:</span> {esc(errors[0])}</p>\n'
        if errors
        else ""
    )
    return (
        f'<div class="govuk-form-group{" govuk-form-group--error" if errors else ""}">\n'
        f'<label class="govuk-label govuk-body-s{hidden}" for="{esc(field.auto_id)}">'
        f"{esc(label)}{named}</label>\n{error}{esc(govuk_widget(field))}\n</div>"
    )


@register.simple_tag
def grid_rows(grid, period, state_tags):
    """One organisation's submission grid, a row for each metric, written in Python with the
    toolkit's fast table (``anchors.common.rows``): sixty metrics of three or four fields each
    through a template include per field cost most of the page. The markup is the one the
    template wrote (``metrics/_input.html`` for each field); every value is escaped."""
    history_url = pk_url("metrics:value_detail")
    evidence_url = pk_url("metrics:value_evidence")
    is_open = period.is_open
    rows = []
    for row, fields in grid:
        metric, value = row.metric, row.value
        code = esc(metric.code)
        unit = "Share: numerator ÷ denominator" if metric.is_ratio else metric.get_unit_display()
        required = (
            f"<br><strong>Evidence:</strong> {esc(metric.evidence_required)}"
            if metric.evidence_required
            else ""
        )
        evidence = (
            f'<p class="govuk-body-s"><a class="govuk-link" href="{evidence_url(value.pk)}">'
            f'Attached evidence<span class="govuk-visually-hidden"> for {code}</span></a></p>\n'
            if value is not None and value.evidence_file
            else ""
        )
        if row.editable and is_open:
            if metric.is_ratio:
                figures = (
                    _grid_input(
                        fields["numerator"],
                        f"Numerator: {metric.numerator_label}",
                        row_name=metric.code,
                    )
                    + "\n"
                    + _grid_input(
                        fields["denominator"],
                        f"Denominator: {metric.denominator_label}",
                        row_name=metric.code,
                    )
                )
            else:
                figures = _grid_input(
                    fields["value"],
                    f"{metric.code} value, {metric.get_unit_display()}",
                    hide_label=True,
                )
            figures += f"\n{esc(str(fields['version']))}"
            evidence = (
                _grid_input(fields["evidence_note"], "Evidence note", row_name=metric.code)
                + f"\n{evidence}"
                + _grid_input(
                    fields["evidence_file"], "Evidence file (optional)", row_name=metric.code
                )
            )
        else:
            shown = esc(value.display) if value is not None else "No value"
            figures = f'<p class="govuk-body">{shown}</p>'
            note = value.evidence_note if value is not None else ""
            evidence = f'<p class="govuk-body-s">{esc(note or "—")}</p>\n{evidence}'
        if value is not None:
            state = (
                f'<strong class="govuk-tag {esc(str(state_tags.get(value.state)))}">'
                f"{esc(value.get_state_display())}</strong>\n"
            )
            if value.state == "returned":
                who = value.returned_by.get_full_name() if value.returned_by else "the facilitator"
                state += (
                    '<div class="app-grid__returned govuk-body-s"><strong>Returned by '
                    f"{esc(who)}:</strong> {esc(value.return_reason)}</div>\n"
                )
            state += (
                f'<p class="govuk-body-s govuk-!-margin-top-2"><a class="govuk-link" '
                f'href="{history_url(value.pk)}">History<span class="govuk-visually-hidden"> of '
                f"{code}</span></a></p>"
            )
        else:
            state = '<strong class="govuk-tag govuk-tag--yellow">Missing</strong>'
        rows.append(
            f'<tr class="govuk-table__row" id="metric-{code}">\n'
            '<th scope="row" class="govuk-table__header app-grid__metric">\n'
            f'<span class="app-code">{code}</span><br>{esc(metric.name)}\n'
            '<span class="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular">'
            f"{esc(unit)}</span>\n"
            '<details class="govuk-details govuk-!-margin-bottom-0 govuk-!-margin-top-1">\n'
            '<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
            f'What counts<span class="govuk-visually-hidden"> for {code}</span></span></summary>\n'
            '<div class="govuk-details__text govuk-body-s govuk-!-font-weight-regular">'
            f"{esc(metric.definition)}{required}</div>\n</details>\n</th>\n"
            f'<td class="govuk-table__cell app-grid__figures">\n{figures}\n</td>\n'
            f'<td class="govuk-table__cell">\n{evidence}\n</td>\n'
            f'<td class="govuk-table__cell">\n{state}\n</td>\n</tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value escaped by esc()
