"""The starters file: a dry run that writes nothing, then a confirm that imports every row or none;
each problem named by row and column; personal columns refused; only the organisation's own
workforce people import."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workforce.models import Starter

pytestmark = pytest.mark.django_db

GOOD = (
    "start_date,role_band,route,home_lsoa,team\n"
    "2026-04-14,1-3,direct,E01001714,Estates\n"
    "15/05/2026,Band 5,apprenticeship,E01001808,Nursing\n"
    "2026-06-01,4,School or college,,Admin\n"
)


def upload(client, organisation, text, name="starters.csv"):
    return client.post(
        reverse("workforce:starter_import", args=[organisation.pk]),
        {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")},
    )


def test_dry_run_then_confirm(client_for, anchors, period, wf_lead_a):
    org_a, _ = anchors
    client = client_for(wf_lead_a)
    checked = upload(client, org_a, GOOD)
    page = checked.content.decode()
    assert checked.status_code == 200
    assert "All 3 rows can be imported" in page
    assert "Columns ignored: team" in page
    assert not Starter.objects.exists()  # a dry run writes nothing
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    done = client.post(reverse("workforce:starter_import", args=[org_a.pk]), {"token": token})
    assert done.status_code == 302
    starters = list(Starter.objects.order_by("start_date"))
    assert [(s.role_band, s.route, s.imd_decile) for s in starters] == [
        ("1-3", "direct", 1),
        ("5", "apprenticeship", 3),
        ("4", "school_college", None),
    ]
    assert all(s.history.first().history_user == wf_lead_a for s in starters)


def test_one_bad_row_imports_nothing_and_names_the_row(client_for, anchors, period, wf_lead_a):
    org_a, _ = anchors
    client = client_for(wf_lead_a)
    bad = GOOD + "2026-06-02,4,direct,E01999999,Admin\n2026-06-03,9,walk-in,E01001714,x\n"
    page = upload(client, org_a, bad).content.decode()
    assert "Nothing can be imported: 3 problems in 5 rows" in page
    assert re.search(r"Row 5</td><td[^>]*>home_lsoa</td><td[^>]*>E01999999 is not an LSOA", page)
    assert re.search(r"Row 6</td><td[^>]*>role_band", page)
    assert re.search(r"Row 6</td><td[^>]*>route", page)
    assert 'name="token"' not in page
    assert not Starter.objects.exists()


def test_a_tampered_token_imports_nothing(client_for, anchors, period, wf_lead_a):
    org_a, _ = anchors
    client = client_for(wf_lead_a)
    response = client.post(
        reverse("workforce:starter_import", args=[org_a.pk]), {"token": "forged:token"}, follow=True
    )
    assert "expired or was changed" in response.content.decode()
    assert not Starter.objects.exists()


def test_personal_columns_are_refused(client_for, anchors, period, wf_lead_a):
    org_a, _ = anchors
    client = client_for(wf_lead_a)
    text = "start_date,role_band,route,home_lsoa,Surname\n2026-04-14,1-3,direct,E01001714,Smith\n"
    page = upload(client, org_a, text).content.decode()
    assert "has a column “Surname”" in page
    assert not Starter.objects.exists()


def test_postcodes_in_a_file_without_a_lookup_are_refused_by_row(
    client_for, anchors, period, wf_lead_a
):
    org_a, _ = anchors
    client = client_for(wf_lead_a)
    text = "start_date,role_band,route,home_postcode\n2026-04-14,1-3,direct,E8 1DY\n"
    page = upload(client, org_a, text).content.decode()
    assert re.search(
        r"Row 2</td><td[^>]*>home_postcode</td><td[^>]*>Postcodes cannot be used", page
    )
    assert not Starter.objects.exists()


def test_another_anchors_lead_cannot_import(client_for, anchors, period, wf_lead_a):
    _, org_b = anchors
    client = client_for(wf_lead_a)
    assert upload(client, org_b, GOOD).status_code == 403
    assert not Starter.objects.exists()
