"""Postcodes: entry is refused without a loaded lookup (with a message), the loader takes the
ONSPD and NSPL as published (their column names, any other columns ignored, gzip), and a postcode
is looked up and never stored."""

import datetime
import gzip
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from anchors.common.errors import PortalError
from workforce import deprivation
from workforce.models import PostcodeLookupLoad, PostcodeLsoa, Starter
from workforce.services.hiring import starter_record

pytestmark = pytest.mark.django_db

ONSPD = (
    "pcd7,pcd8,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,"
    "osgrdind,oshlthau,nhser,ctry,rgn,oa11,lsoa11,msoa11,lat,long,imd,oa21,lsoa21,msoa21\n"
    "E8  1DY,E8   1DY,E8 1DY,199906,,E99999999,,E09000012,E05009367,,0,534000,184000,1,"
    "E16000001,E40000003,E92000001,E12000007,E00000001,E01001808,E02000001,51.5,-0.06,7625,"
    "E00000002,E01001808,E02000001\n"
    "E2  8DY,E2   8DY,E2 8DY,199906,200512,E99999999,,E09000012,E05009367,,0,534000,184000,1,"
    "E16000001,E40000003,E92000001,E12000007,E00000001,E01001714,E02000001,51.5,-0.06,3216,"
    "E00000002,E01001714,E02000001\n"
)
NSPL = (
    "pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,oa21cd,cty25cd,lad25cd,"
    "ward25cd,ctry25cd,rgn25cd,lsoa21cd,msoa21cd,lsoa11cd,msoa11cd,imd20ind,lat,long\n"
    "E8 1DY,E8  1DY,E8 1DY,199906,,0,534000,184000,1,E00000001,E99999999,E09000012,E05009367,"
    "E92000001,E12000007,E01001808,E02000001,E01001808,E02000001,7625,51.5,-0.06\n"
)


def data(**extra):
    return {
        "role_band": "4",
        "route": "volunteer",
        "start_date": datetime.date(2026, 5, 4),
        **extra,
    }


def test_postcode_normalised():
    assert deprivation.normalise_postcode(" e8  1dy ") == "E81DY"
    assert deprivation.normalise_postcode("EC1A 1BB") == "EC1A1BB"
    assert deprivation.normalise_postcode("not a postcode") == ""


def test_postcode_refused_without_a_lookup(anchors, period, wf_lead_a):
    org_a, _ = anchors
    with pytest.raises(PortalError, match="no postcode-to-LSOA lookup has been loaded") as caught:
        starter_record(
            user=wf_lead_a, organisation=org_a, period=period, data=data(home_postcode="E8 1DY")
        )
    assert caught.value.field == "home_postcode"
    assert not Starter.objects.exists()


def test_the_page_disables_postcodes_and_refuses_one_posted(client_for, anchors, period, wf_lead_a):
    org_a, _ = anchors
    client = client_for(wf_lead_a)
    url = reverse("workforce:starter_add", args=[org_a.pk])
    page = client.get(url).content.decode()
    assert "Postcode entry is switched off" in page
    field = page[
        page.index('name="home_postcode"') - 200 : page.index('name="home_postcode"') + 200
    ]
    assert "disabled" in field
    response = client.post(
        url,
        {
            "period": period.pk,
            "start_date_0": "4",
            "start_date_1": "5",
            "start_date_2": "2026",
            "role_band": "4",
            "route": "direct",
            "home_postcode": "E8 1DY",
        },
    )
    assert response.status_code == 200
    assert "no postcode-to-LSOA lookup has been loaded" in response.content.decode()
    assert not Starter.objects.exists()


@pytest.mark.parametrize(("text", "gzipped"), [(ONSPD, False), (NSPL, True)])
def test_lookup_loads_onspd_and_nspl_as_published(tmp_path, text, gzipped):
    path = tmp_path / ("NSPL.csv.gz" if gzipped else "ONSPD.csv")
    path.write_bytes(gzip.compress(text.encode()) if gzipped else text.encode())
    out = io.StringIO()
    call_command("load_postcode_lookup", str(path), stdout=out)
    assert "other columns ignored" in out.getvalue()
    row = PostcodeLsoa.objects.get(postcode="E81DY")
    assert (row.lsoa11, row.lsoa21) == ("E01001808", "E01001808")
    load = PostcodeLookupLoad.objects.get()
    assert (load.has_lsoa11, load.has_lsoa21) == (True, True)
    assert {field.name for field in PostcodeLsoa._meta.fields} == {"postcode", "lsoa11", "lsoa21"}


def test_terminated_postcodes_are_kept(tmp_path):
    path = tmp_path / "ONSPD.csv"
    path.write_text(ONSPD)
    call_command("load_postcode_lookup", str(path), stdout=io.StringIO())
    assert PostcodeLsoa.objects.get(postcode="E28DY").lsoa11 == "E01001714"


def test_lookup_without_the_columns_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("postcode_area,lat,long\nE8,51.5,-0.06\n")
    with pytest.raises(CommandError, match="no postcode column"):
        call_command("load_postcode_lookup", str(path))
    path.write_text("pcds,lat,long\nE8 1DY,51.5,-0.06\n")
    with pytest.raises(CommandError, match="no LSOA column"):
        call_command("load_postcode_lookup", str(path))
    assert not PostcodeLookupLoad.objects.exists()


def test_a_postcode_is_looked_up_and_not_stored(tmp_path, anchors, period, wf_lead_a):
    org_a, _ = anchors
    path = tmp_path / "ONSPD.csv"
    path.write_text(ONSPD)
    call_command("load_postcode_lookup", str(path), stdout=io.StringIO())
    starter = starter_record(
        user=wf_lead_a, organisation=org_a, period=period, data=data(home_postcode="e8 1dy")
    )
    assert (starter.home_lsoa, starter.imd_decile, starter.edition.code) == ("E01001808", 3, "2019")
    assert starter.in_area is True
    stored = " ".join(
        str(value)
        for record in [*Starter.objects.values(), *Starter.history.values()]
        for value in record.values()
    )
    assert "E81DY" not in stored.replace(" ", "").upper()
    with pytest.raises(PortalError, match="not in the postcode lookup"):
        starter_record(
            user=wf_lead_a, organisation=org_a, period=period, data=data(home_postcode="N1 9GU")
        )
