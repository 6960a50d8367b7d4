"""What people see: the grid, per-cell errors, stale saves, review, import pages and charts."""

import csv
import io
import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anchors.common.locking import version_of
from anchors.models import Theme
from metrics import selectors, services
from metrics.forms import MetricForm
from metrics.models import FrameworkVersion, ImportBatch, MetricValue
from metrics.selectors import late_after
from tests.metrics.factories import ValueFactory

pytestmark = pytest.mark.django_db
S = MetricValue.State


def _grid_url(period, org=None):
    url = reverse("metrics:submit", args=[period.pk])
    return f"{url}?organisation={org.pk}" if org else url


def _post(framework, *, amount="12", num="30", den="100", note="Extract", action="save", **extra):
    a, r = framework["amount"].pk, framework["ratio"].pk
    data = {
        f"m{a}-value": amount,
        f"m{a}-evidence_note": note,
        f"m{a}-version": "",
        f"m{r}-numerator": num,
        f"m{r}-denominator": den,
        f"m{r}-evidence_note": note,
        f"m{r}-version": "",
        "action": action,
    }
    data.update(extra)
    return data


def test_lead_sees_own_grid_as_one_form(client_for, framework, lead_a):
    response = client_for(lead_a).get(_grid_url(framework["period"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alpha Council" in html
    a, r = framework["amount"].pk, framework["ratio"].pk
    for field in (f"id_m{a}-value", f"id_m{r}-numerator", f"id_m{r}-denominator"):
        assert f'id="{field}"' in html
    assert "Save as draft" in html
    assert "Save and submit" in html


def test_every_grid_input_has_a_label_naming_its_metric(client_for, framework, lead_a):
    html = client_for(lead_a).get(_grid_url(framework["period"])).content.decode()
    inputs = [
        field
        for field in re.findall(r'<(?:input|textarea)[^>]*\bid="(id_m\d+-[a-z_]+)"', html)
        if not field.endswith("-version")  # hidden: the version each cell was opened at
    ]
    assert len(inputs) == 7  # value, numerator, denominator, and a note and a file per metric
    labels = dict(re.findall(r'<label[^>]*for="(id_m\d+-[a-z_]+)"[^>]*>(.*?)</label>', html, re.S))
    for field in inputs:
        code = "APP-STARTS" if f"m{framework['amount'].pk}-" in field else "LOC-SPEND"
        assert code in labels[field], (field, labels.get(field))
    texts = [re.sub(r"<[^>]+>", "", labels[field]) for field in inputs]
    assert len(set(texts)) == len(texts)  # read out of context, no two labels are the same
    assert 'accept=".pdf,.docx,.xlsx,.odt,.ods,.csv,.png,.jpg,.jpeg"' in html


def test_lead_saves_and_submits_from_the_grid(client_for, framework, lead_a, org_a):
    client = client_for(lead_a)
    response = client.post(_grid_url(framework["period"]), _post(framework, action="submit"))
    assert response.status_code == 302
    values = MetricValue.objects.filter(organisation=org_a)
    assert {v.state for v in values} == {S.SUBMITTED}
    html = client.get(response["Location"]).content.decode()
    assert "2 values submitted" in html


def test_per_cell_errors_link_to_their_fields_and_nothing_is_saved(client_for, framework, lead_a):
    response = client_for(lead_a).post(
        _grid_url(framework["period"]), _post(framework, amount="lots", num="120", den="100")
    )
    assert response.status_code == 200
    html = response.content.decode()
    a, r = framework["amount"].pk, framework["ratio"].pk
    assert "There is a problem" in html
    # Every problem in the grid at once, each naming its metric and linking to its cell.
    assert f'href="#id_m{a}-value">APP-STARTS: enter a number, like 1250 or 1250.50' in html
    assert (
        f'href="#id_m{r}-numerator">LOC-SPEND: the numerator cannot be more than the denominator'
    ) in html
    assert f'id="id_m{a}-value"' in html
    assert f'id="id_m{r}-numerator"' in html
    assert MetricValue.objects.count() == 0


def test_a_cells_error_shows_in_its_cell_and_its_input_points_to_it(client_for, framework, lead_a):
    response = client_for(lead_a).post(
        _grid_url(framework["period"]), _post(framework, amount="lots")
    )
    html = response.content.decode()
    a = framework["amount"].pk
    group = re.search(
        rf'<div class="govuk-form-group govuk-form-group--error">\s*<label[^>]*'
        rf'for="id_m{a}-value">.*?</div>',
        html,
        re.S,
    )[0]
    assert (
        f'<p class="govuk-error-message" id="id_m{a}-value-error"><span '
        'class="govuk-visually-hidden">Error:</span> APP-STARTS: enter a number'
    ) in group
    widget = re.search(r"<input[^>]*>", group)[0]
    assert f'aria-describedby="id_m{a}-value-error"' in widget
    assert "govuk-input--error" in widget
    assert 'value="lots"' in widget


def test_the_grid_names_who_returned_a_value_and_why(
    client_for, framework, lead_a, facilitator, org_a
):
    ValueFactory(
        metric=framework["amount"],
        organisation=org_a,
        period=framework["period"],
        value=5,
        state=S.RETURNED,
        returned_by=facilitator,
        return_reason="Check <the> count",
    )
    html = client_for(lead_a).get(_grid_url(framework["period"])).content.decode()
    assert (
        f"<strong>Returned by {facilitator.get_full_name()}:</strong> Check &lt;the&gt; count"
    ) in html
    assert "Returned for revision</strong>" in html


def test_the_facilitators_grid_totals_every_anchors_values(
    client_for, framework, facilitator, org_a, org_b
):
    """The summary above the facilitator's grid counts every anchor's values (whatever page of
    anchors it shows) as each anchor's completion does: counted and awaiting by state."""
    period = framework["period"]
    for metric, org, state in (
        (framework["amount"], org_a, S.SUBMITTED),
        (framework["ratio"], org_a, S.VERIFIED),
        (framework["amount"], org_b, S.DRAFT),
        (framework["ratio"], org_b, S.RESUBMITTED),
    ):
        figures = (
            {"value": None, "numerator": 3, "denominator": 10}
            if metric == framework["ratio"]
            else {"value": 5}
        )
        if state == S.VERIFIED:
            figures["verified_by"] = facilitator
        ValueFactory(metric=metric, organisation=org, period=period, state=state, **figures)
    completion = selectors.period_completion(period=period)
    expected = sum(r.expected for r in completion)
    complete = sum(r.counted for r in completion)
    awaiting = sum(r.count(s) for r in completion for s in MetricValue.AWAITING)
    assert (complete, awaiting) == (3, 2)
    html = client_for(facilitator).get(_grid_url(period)).content.decode()
    assert (
        f"{complete} of {expected} values submitted or verified; {awaiting} waiting for you to "
        "check"
    ) in html


def test_stale_grid_save_shows_both_values(client_for, framework, lead_a, sponsor_a, org_a):
    value = ValueFactory(
        metric=framework["amount"], organisation=org_a, period=framework["period"], value=5
    )
    opened = version_of(value)
    value.value = Decimal(8)
    value.entered_by = sponsor_a
    value.save()
    a = framework["amount"].pk
    response = client_for(lead_a).post(
        _grid_url(framework["period"]),
        _post(framework, amount="6", **{f"m{a}-version": opened}),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "changed APP-STARTS after you opened this page" in html
    assert "Saved now: 8" in html
    assert "Yours: 6" in html
    value.refresh_from_db()
    assert value.value == Decimal(8)
    assert MetricValue.objects.count() == 1  # the ratio cell was not saved either
    # The page now carries the current version, so saving again replaces the value.
    version = re.search(rf'name="m{a}-version" value="([^"]+)"', html)[1]
    response = client_for(lead_a).post(
        _grid_url(framework["period"]),
        _post(framework, amount="6", **{f"m{a}-version": version}),
    )
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.value == Decimal(6)


def test_facilitator_sees_every_anchor_and_verifies(
    client_for, framework, facilitator, lead_a, org_a
):
    value = ValueFactory(
        metric=framework["amount"],
        organisation=org_a,
        period=framework["period"],
        state=S.SUBMITTED,
        submitted_by=lead_a,
    )
    client = client_for(facilitator)
    html = client.get(_grid_url(framework["period"])).content.decode()
    assert "Alpha" in html
    assert "Beta" in html
    assert f'id="verify-{value.pk}"' in html
    response = client.post(
        reverse("metrics:verify_selected", args=[framework["period"].pk]),
        {"value": [f"{value.pk}@{version_of(value)}"]},
    )
    assert response.status_code == 302
    value.refresh_from_db()
    assert (value.state, value.verified_by) == (S.VERIFIED, facilitator)


def test_return_needs_a_reason_and_the_lead_sees_it(
    client_for, framework, facilitator, lead_a, org_a
):
    value = ValueFactory(
        metric=framework["amount"],
        organisation=org_a,
        period=framework["period"],
        state=S.SUBMITTED,
        submitted_by=lead_a,
    )
    client = client_for(facilitator)
    url = reverse("metrics:value_return", args=[value.pk])
    response = client.post(url, {"reason": "  ", "version": version_of(value)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter the reason for returning this value" in html
    assert 'href="#return_reason"' in html
    assert 'id="return_reason"' in html
    value.refresh_from_db()
    assert value.state == S.SUBMITTED
    response = client.post(
        url, {"reason": "Count excludes withdrawn starts?", "version": version_of(value)}
    )
    assert response.status_code == 302
    html = client_for(lead_a).get(_grid_url(framework["period"])).content.decode()
    assert "Returned for revision" in html
    assert "Count excludes withdrawn starts?" in html


def test_value_page_shows_history_and_hides_verify_from_the_submitter(
    client_for, framework, facilitator, org_a
):
    value = ValueFactory(
        metric=framework["amount"],
        organisation=org_a,
        period=framework["period"],
        state=S.SUBMITTED,
        submitted_by=facilitator,
        entered_by=facilitator,
    )
    html = client_for(facilitator).get(value.get_absolute_url()).content.decode()
    assert "someone else must verify it" in html
    assert "Verify this value" not in html
    assert "History of this value" in html


def test_metric_page_has_chart_table_and_csv(client_for, framework, hwb_member, org_a, org_b):
    ratio, period = framework["ratio"], framework["period"]
    ValueFactory(
        metric=ratio,
        organisation=org_a,
        period=period,
        state=S.SUBMITTED,
        numerator=50,
        denominator=100,
    )
    ValueFactory(
        metric=ratio,
        organisation=org_b,
        period=period,
        state=S.SUBMITTED,
        numerator=100,
        denominator=1000,
    )
    client = client_for(hwb_member)
    response = client.get(ratio.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    # plotly.js is deferred; the figure is JSON data (not a script the CSP must allow) that
    # static/js/charts.js draws; the browser test proves it draws under the real policy.
    assert re.search(r'<script defer src="[^"]*vendor/plotly/plotly.min.js"></script>', html)
    assert re.search(r'<script type="module" src="[^"]*js/charts.js"></script>', html)
    assert 'data-chart="plot-trend-data"' in html
    spec = re.search(r'<script id="plot-trend-data" type="application/json">(.*?)</script>', html)
    assert json.loads(spec[1])["data"][0]["type"] == "scatter"
    assert "Plotly.newPlot" not in html  # no inline drawing code at all
    assert "13.6%" in html  # Σ150 ÷ Σ1,100, not the 30% average of 50% and 10%
    assert "Download these figures (CSV)" in html
    download = client.get(ratio.get_absolute_url(), {"download": "trend"})
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["period", "collective_value_percent", "anchors_reporting"]
    assert rows[1][0] == "2025-26-Q1"
    assert rows[1][4:6] == ["150.00", "1100.00"]
    by_anchor = client.get(ratio.get_absolute_url(), {"download": "by-anchor"})
    assert "Alpha" in by_anchor.content.decode()


def test_framework_page_groups_by_theme_with_proxy_source(client_for, framework, viewer):

    theme = Theme.objects.create(
        collaborative=framework["amount"].collaborative, name="Social Value"
    )
    framework["amount"].themes.add(theme)
    framework["amount"].proxy_value = Decimal("12.21")
    framework["amount"].proxy_source = "National Living Wage 2025 (GOV.UK)"
    framework["amount"].proxy_year = 2025
    framework["amount"].save()
    html = client_for(viewer).get(reverse("metrics:index")).content.decode()
    assert html.index("Social Value") < html.index("Not yet linked to a theme")
    assert "National Living Wage 2025 (GOV.UK)" in html
    assert "LOC-SPEND" in html
    assert "APP-STARTS" in html


def test_metric_edit_needs_a_version_note(client_for, framework, facilitator):
    metric = framework["amount"]
    url = reverse("metrics:metric_edit", args=[metric.pk])
    data = {
        "code": metric.code,
        "name": "Apprenticeship starts (all levels)",
        "definition": metric.definition,
        "outcome": metric.outcome_id,
        "unit": metric.unit,
        "kind": metric.kind,
        "over_time": metric.over_time,
        "direction": metric.direction,
        "active": "on",
        "order": 0,
        "version": version_of(metric),
    }
    client = client_for(facilitator)
    response = client.post(url, {**data, "version_note": ""})
    assert response.status_code == 200
    assert 'href="#id_version_note"' in response.content.decode()
    response = client.post(url, {**data, "version_note": "Say all levels count."})
    assert response.status_code == 302
    metric.refresh_from_db()
    assert metric.name == "Apprenticeship starts (all levels)"
    version = FrameworkVersion.objects.get()
    assert (version.number, version.note) == (1, "Say all levels count.")
    assert (
        metric.history.first().history_change_reason == "Framework version 1: Say all levels count."
    )


def test_import_flow_preview_then_confirm(client_for, framework, lead_a, org_a):
    client = client_for(lead_a)
    data = b"organisation,metric,period,value,numerator,denominator,evidence_note\n"
    data += b"Alpha,APP-STARTS,2025-26-Q1,12,,,Records\nAlpha,LOC-SPEND,2025-26-Q1,,1,4,x\n"
    response = client.post(
        reverse("metrics:import"), {"file": SimpleUploadedFile("v.csv", data, "text/csv")}
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "Dry run: nothing has been saved" in html
    assert "Import 2 values" in html
    assert MetricValue.objects.count() == 0
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', html)[1]
    batch = ImportBatch.objects.get()
    response = client.post(reverse("metrics:import_confirm", args=[batch.pk]), {"digest": digest})
    assert response.status_code == 302
    assert MetricValue.objects.filter(organisation=org_a, state=S.DRAFT).count() == 2
    assert "imported" in client.get(response["Location"]).content.decode()


def test_import_preview_lists_errors_with_row_and_column(client_for, framework, lead_a):
    client = client_for(lead_a)
    data = b"organisation,metric,period,value,numerator,denominator,evidence_note\n"
    data += b"Beta,APP-STARTS,2025-26-Q1,12,,,x\nAlpha,APP-STARTS,2025-26-Q1,ten,,,x\n"
    response = client.post(
        reverse("metrics:import"), {"file": SimpleUploadedFile("v.csv", data, "text/csv")}
    )
    html = client.get(response["Location"]).content.decode()
    assert "2 problems in the file: nothing can be imported" in html
    assert "organisation (column A)" in html
    assert "value (column D)" in html
    assert "Import 1 value" not in html
    errors = client.get(response["Location"], {"download": "errors"}).content.decode("utf-8-sig")
    assert '3,value (column D),"Enter a number' in errors


def test_import_page_rejects_a_bad_file_on_the_form(client_for, framework, lead_a):
    response = client_for(lead_a).post(
        reverse("metrics:import"), {"file": SimpleUploadedFile("v.csv", b"", "text/csv")}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_file"' in html
    assert 'id="id_file"' in html
    assert "is empty" in html
    assert ImportBatch.objects.count() == 0


def test_someone_elses_import_preview_is_not_found(client_for, framework, lead_a, lead_b):
    client = client_for(lead_a)
    data = b"organisation,metric,period,value\nAlpha,APP-STARTS,2025-26-Q1,3\n"
    client.post(reverse("metrics:import"), {"file": SimpleUploadedFile("v.csv", data)})
    batch = ImportBatch.objects.get()
    other = client_for(lead_b)
    assert other.get(reverse("metrics:import_preview", args=[batch.pk])).status_code == 404
    response = other.post(reverse("metrics:import_confirm", args=[batch.pk]), {"digest": "x"})
    assert response.status_code == 404


def test_template_download_has_the_lead_s_rows(client_for, framework, lead_a):
    response = client_for(lead_a).get(
        reverse("metrics:import_template"), {"period": framework["period"].pk, "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:7] == [
        "organisation",
        "metric",
        "period",
        "value",
        "numerator",
        "denominator",
        "evidence_note",
    ]
    assert {r[0] for r in rows[1:]} == {"Alpha"}
    xlsx = client_for(lead_a).get(
        reverse("metrics:import_template"), {"period": framework["period"].pk, "format": "xlsx"}
    )
    assert xlsx.content[:2] == b"PK"


def test_period_page_shows_completion_and_late_submissions(
    client_for, framework, lead_a, lead_b, org_a
):

    period = framework["period"]
    late = late_after(period) + timedelta(days=3, hours=2)  # four days after the deadline day
    ValueFactory(
        metric=framework["amount"],
        organisation=org_a,
        period=period,
        state=S.SUBMITTED,
        first_submitted_at=late,
        submitted_at=late,
    )
    response = client_for(lead_a).get(period.get_absolute_url())
    html = response.content.decode()
    assert "Completion by anchor" in html
    assert "1 of 2" in html
    assert "4 days late" in html
    value = MetricValue.objects.get()
    # The late value links to its page for those who may open it, and only for them.
    link = (
        f'href="{value.get_absolute_url()}">APP-STARTS'
        '<span class="govuk-visually-hidden"> for Alpha'
    )
    assert link in html
    other = client_for(lead_b).get(period.get_absolute_url()).content.decode()
    assert "4 days late" in other
    assert value.get_absolute_url() not in other
    download = client_for(lead_a).get(period.get_absolute_url(), {"download": "completion"})
    assert "anchor,expected,complete" in download.content.decode("utf-8-sig")


def test_evidence_file_upload_and_download(
    client_for, framework, lead_a, lead_b, org_a, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    a = framework["amount"].pk
    data = _post(framework, num="", den="")
    data[f"m{a}-evidence_file"] = SimpleUploadedFile(
        "extract.pdf", b"%PDF-1.4 demo", "application/pdf"
    )
    response = client_for(lead_a).post(_grid_url(framework["period"]), data)
    assert response.status_code == 302
    value = MetricValue.objects.get()
    url = reverse("metrics:value_evidence", args=[value.pk])
    assert b"".join(client_for(lead_a).get(url).streaming_content) == b"%PDF-1.4 demo"
    assert client_for(lead_b).get(url).status_code == 404
    bad = _post(framework, num="", den="")
    bad[f"m{a}-evidence_file"] = SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")
    response = client_for(lead_a).post(_grid_url(framework["period"]), bad)
    assert "Evidence must be a PDF" in response.content.decode()


@pytest.mark.parametrize(
    "model",
    ["metric", "metricvalue", "reportingperiod", "target", "importbatch", "outcome"],
)
def test_admin_lists_open(client_for, framework, superuser, org_a, model):
    ValueFactory(metric=framework["amount"], organisation=org_a, period=framework["period"])
    assert (
        client_for(superuser).get(reverse(f"admin:metrics_{model}_changelist")).status_code == 200
    )


def test_stale_metric_edit_shows_the_saved_metric_and_leaves_the_form_class_alone(
    client_for, framework, facilitator
):

    fields = list(MetricForm.Meta.fields)
    metric = framework["amount"]
    opened = version_of(metric)
    services.metric_update(
        user=facilitator,
        metric=metric,
        data={"name": "Starts"},
        version_note="Shorter name.",
        version=version_of(metric),
    )
    data = {
        "code": metric.code,
        "name": "Apprenticeship starts (all levels)",
        "definition": metric.definition,
        "outcome": metric.outcome_id,
        "unit": metric.unit,
        "kind": metric.kind,
        "over_time": metric.over_time,
        "direction": metric.direction,
        "active": "on",
        "order": 0,
        "version": opened,
        "version_note": "Say all levels count.",
    }
    response = client_for(facilitator).post(reverse("metrics:metric_edit", args=[metric.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    saved = html.split('id="current-values"', 1)[1].split("</dl>", 1)[0]
    assert ">Starts</dd>" in saved  # what the other person saved, beside the editor's own
    assert ">Themes</dt>" in saved
    metric.refresh_from_db()
    assert metric.name == "Starts"
    assert list(MetricForm.Meta.fields) == fields  # a stale save must not change the class
