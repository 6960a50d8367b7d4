"""Spend pages as people use them: upload, the preview with every problem by row, the columns,
the date order, confirm; other organisations' files are not found; the spend page's queries."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anchors.models import Organisation
from metrics.models import MetricValue
from procurement.models import SpendBatch, SpendLine
from procurement.services import spend as services
from tests.anchors.factories import OrganisationFactory
from tests.procurement.spend_world import (
    build_metrics,
    build_period,
    build_register,
    file_bytes,
)


@pytest.fixture
def setting(collaborative, org_a, org_b):
    return {
        "suppliers": build_register(collaborative),
        "metrics": build_metrics(collaborative),
        "period": build_period(collaborative),
    }


def post_file(client, org, period, name, data=None):
    upload = SimpleUploadedFile(name, file_bytes(name) if data is None else data)
    return client.post(
        reverse("procurement:spend_upload"),
        {"organisation": org.pk, "period": period.pk, "file": upload},
    )


def text(response):
    return response.content.decode()


def test_upload_preview_confirm(setting, client_for, lead_a, org_a):
    client = client_for(lead_a)
    page = client.get(reverse("procurement:spend_upload"))
    assert "Alpha Council" in text(page)
    assert "Beta NHS Trust" not in text(page)  # only the lead's own organisation
    response = post_file(client, org_a, setting["period"], "hand_worked.csv")
    batch = SpendBatch.objects.get()
    assert response.url == reverse("procurement:spend_preview", args=[batch.pk])

    preview = client.get(response.url)
    body = text(preview)
    assert "Dry run: nothing has been saved" in body
    assert "headings on row 5" in body
    assert "Payments to suppliers over £500: April to June 2025" in body
    assert "£40,000.00" in body
    assert "Name withheld (personal data)" in body
    assert "REDACTED PERSONAL DATA" not in body
    assert "4 found in the register; 1 new" in body
    assert "Import 7 lines" in body
    assert not SpendLine.objects.exists()

    done = client.post(
        reverse("procurement:spend_confirm", args=[batch.pk]),
        {"digest": preview.context["digest"]},
        follow=True,
    )
    body = text(done)
    assert "Imported “hand_worked.csv”: 7 lines of spend, 1 new supplier" in body
    assert "Spend imported" in body
    assert "Draft values written: DIV-SPEND, LOC-SPEND, SME-SPEND, VCSE-SPEND." in body
    assert "Withdraw this file" in body
    assert SpendLine.objects.count() == 7
    value = MetricValue.objects.get(organisation=org_a, metric__code="LOC-SPEND")
    assert (value.numerator, value.denominator) == (Decimal("19000.00"), Decimal("40000.00"))

    index = text(client.get(reverse("procurement:spend")))
    assert "47.5%" in index
    assert "32.5%" in index
    assert "8.8%" in index

    withdrawn = client.post(reverse("procurement:spend_withdraw", args=[batch.pk]), follow=True)
    assert "Withdrew “hand_worked.csv”: its 7 lines of spend are no longer counted." in text(
        withdrawn
    )
    assert "No spend has been imported yet." in text(withdrawn)
    assert not SpendLine.objects.exists()


def test_malformed_rows_are_listed_by_row_and_nothing_is_written(
    setting, client_for, lead_a, org_a
):
    client = client_for(lead_a)
    data = file_bytes("run_together.csv").replace(b"/07/", b"/04/")
    response = post_file(client, org_a, setting["period"], "run_together.csv", data)
    preview = client.get(response.url)
    body = text(preview)
    assert "4 rows of the file have problems" in body
    rows = [e.row for e in preview.context["error_page"].object_list]
    assert rows == [4, 6, 7, 8]
    assert "A date and an amount are run together in this cell" in body
    assert "This looks like a total line" in body
    assert "Leave out rows 4, 6, 7, 8 and import the other 2 lines" in body
    batch = SpendBatch.objects.get()
    refused = client.post(
        reverse("procurement:spend_confirm", args=[batch.pk]),
        {"digest": preview.context["digest"]},
        follow=True,
    )
    assert "Nothing has been imported: 4 rows have errors" in text(refused)
    assert not SpendLine.objects.exists()
    assert not MetricValue.objects.exists()
    download = client.get(response.url + "?download=errors")
    assert b'4,NetAmount (column B),"A date and an amount are run together' in download.content

    client.post(
        reverse("procurement:spend_confirm", args=[batch.pk]),
        {"digest": preview.context["digest"], "leave_out": "yes"},
    )
    assert SpendLine.objects.count() == 2


def test_ambiguous_dates_are_asked_once(setting, client_for, lead_a, org_a):
    client = client_for(lead_a)
    response = post_file(client, org_a, setting["period"], "ambiguous_dates.csv")
    body = text(client.get(response.url))
    assert "Confirm how the dates are written" in body
    assert "Import 3 lines" not in body
    batch = SpendBatch.objects.get()
    client.post(reverse("procurement:spend_dates", args=[batch.pk]), {"date_order": "month_first"})
    body = text(client.get(response.url))
    assert "Import 3 lines" in body
    assert "5 Apr 2025" in body


def test_columns_are_chosen_by_the_lead(setting, client_for, lead_a, org_a):
    client = client_for(lead_a)
    data = b"Payee,Sum paid,When,What\nDalston Joinery Ltd,100.00,01/04/2025,Wood\n"
    response = post_file(client, org_a, setting["period"], "odd.csv", data)
    body = text(client.get(response.url))
    assert "Choose the column that holds the amount (£, net), date" in body
    batch = SpendBatch.objects.get()
    url = reverse("procurement:spend_columns", args=[batch.pk])
    page = text(client.get(url))
    assert "Sum paid (column B)" in page
    refused = client.post(url, {"supplier": "0", "amount": "1", "date": "1"})
    assert "choose each column once" in text(refused)
    client.post(
        url,
        {"supplier": "0", "amount": "1", "date": "2", "category": "3", "date_order": "day_first"},
    )
    body = text(client.get(response.url))
    assert "Import 1 line" in body
    assert "“Sum paid”" in body


def test_another_organisations_file_is_not_found(setting, client_for, lead_a, lead_b, org_a):
    batch = services.spend_upload(
        user=lead_a,
        organisation=org_a,
        period=setting["period"],
        name="hand_worked.csv",
        data=file_bytes("hand_worked.csv"),
    )
    client = client_for(lead_b)
    assert client.get(reverse("procurement:spend_preview", args=[batch.pk])).status_code == 404
    response = client.post(reverse("procurement:spend_confirm", args=[batch.pk]), {"digest": "x"})
    assert response.status_code == 404
    forged = post_file(client, org_a, setting["period"], "hand_worked.csv")
    assert forged.status_code == 200
    assert "Select whose spend is it? from the list" in text(forged)
    assert not SpendLine.objects.exists()


def test_a_file_that_cannot_be_read_is_named_on_the_form(setting, client_for, lead_a, org_a):
    client = client_for(lead_a)
    response = post_file(client, org_a, setting["period"], "notes.pdf", b"%PDF-1.4")
    assert response.status_code == 200
    assert "“notes.pdf” is not a CSV or Excel file" in text(response)
    assert not SpendBatch.objects.exists()


def _spread(collaborative, period, count, lead):
    organisations = [
        OrganisationFactory(
            collaborative=collaborative,
            name=f"Anchor {i:02d}",
            short_name=f"A{i:02d}",
            kind=Organisation.Kind.NHS_TRUST,
        )
        for i in range(count)
    ]
    for organisation in organisations:
        rows = "\n".join(
            f"Supplier {organisation.short_name}-{j},{100 + j}.00,0{1 + j % 9}/04/2025"
            for j in range(5)
        )
        batch = services.spend_upload(
            user=lead,
            organisation=organisation,
            period=period,
            name=f"{organisation.short_name}.csv",
            data=f"Supplier,Amount,Date\n{rows}\nDalston Joinery Ltd,50.00,10/04/2025\n".encode(),
        )
        services.spend_date_order(user=lead, batch=batch, date_order="day_first")
        plan = services.spend_plan(batch=batch)
        services.spend_confirm(user=lead, batch=batch, digest=services.plan_digest(batch, plan))


@pytest.mark.parametrize("count", [6, 50])
def test_the_spend_page_runs_a_fixed_number_of_queries(
    setting, client_for, facilitator, collaborative, count, django_assert_max_num_queries
):
    _spread(collaborative, setting["period"], count, facilitator)
    client = client_for(facilitator)
    with django_assert_max_num_queries(22):
        response = client.get(reverse("procurement:spend"))
    assert response.status_code == 200
    assert text(response).count('class="govuk-table__header">A') >= 6


@pytest.mark.parametrize("lines", [10, 500])
def test_the_preview_runs_a_fixed_number_of_queries(
    setting, client_for, lead_a, org_a, lines, django_assert_max_num_queries
):
    rows = "".join(f"Supplier {i} Ltd,{100 + i}.00,13/04/2025\n" for i in range(lines))
    batch = services.spend_upload(
        user=lead_a,
        organisation=org_a,
        period=setting["period"],
        name="many.csv",
        data=f"Supplier,Amount,Date\n{rows}".encode(),
    )
    client = client_for(lead_a)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("procurement:spend_preview", args=[batch.pk]))
    assert f"Import {lines:,} lines" in text(response)
