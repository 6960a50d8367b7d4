"""The shared resources library: files checked by content and size, documents tagged by theme
and organisation, a lead sharing only their own organisation's, versions numbered."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anchors.common.locking import version_of
from procurement.files import MAX_RESOURCE_BYTES, FileRefused, check_resource_file
from procurement.models import Resource, ResourceVersion

pytestmark = pytest.mark.django_db


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("policy.pdf", b"%PDF-1.7\n..."),
        ("clauses.docx", _docx()),
        ("questions.csv", b"Question,Weight\nLocal jobs,10\n"),
        ("statement.txt", "Modern slavery statement – 2025".encode("cp1252")),
    ],
)
def test_files_of_the_right_type_are_accepted(name, content):
    assert check_resource_file(_upload(name, content)) == name.rsplit(".", 1)[1]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("policy.pdf", b"MZ\x90\x00 an executable", "its content is not a PDF"),
        ("clauses.docx", b"%PDF-1.7", "its content is not a Word document"),
        ("clauses.docx", b"PK\x03\x04 not really a zip", "its content is not a Word document"),
        ("table.xlsx", _docx(), "its content is not an Excel workbook"),
        ("notes.txt", b"\x00\x01\x02binary", "its content is not a text file"),
        ("script.exe", b"MZ", "The file must be one of these types"),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_files_are_checked_by_content_not_name(name, content, message):
    with pytest.raises(FileRefused, match=message):
        check_resource_file(_upload(name, content))


def test_large_files_are_refused():
    big = _upload("big.pdf", b"%PDF-" + b"0" * MAX_RESOURCE_BYTES)
    with pytest.raises(FileRefused, match="smaller than 10 MB"):
        check_resource_file(big)


def _share(client, organisation, theme, name="policy.pdf", content=b"%PDF-1.7"):
    return client.post(
        reverse("procurement:resource_create"),
        {
            "title": "Social value policy",
            "kind": "policy",
            "description": "",
            "themes": [theme.pk],
            "organisation": organisation.pk if organisation else "",
            "file": _upload(name, content),
            "note": "",
        },
    )


def test_lead_shares_own_organisations_document(client_for, lead_a, org_a, net_zero):
    response = _share(client_for(lead_a), org_a, net_zero)
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.organisation == org_a
    assert list(resource.themes.all()) == [net_zero]
    version = resource.versions.get()
    assert (version.number, version.file_type) == (1, "pdf")
    listing = client_for(lead_a).get(reverse("procurement:resource_list")).content.decode()
    assert "Social value policy" in listing
    assert "Net Zero" in listing


def test_lead_cannot_share_for_another_organisation(client_for, lead_a, org_b, net_zero):
    response = _share(client_for(lead_a), org_b, net_zero)
    assert response.status_code == 200
    assert not Resource.objects.exists()


def test_a_renamed_file_is_refused_and_nothing_is_written(client_for, lead_a, org_a, net_zero):
    response = _share(client_for(lead_a), org_a, net_zero, content=b"MZ not a pdf")
    assert response.status_code == 200
    assert "its content is not a PDF" in response.content.decode()
    assert not Resource.objects.exists()
    assert not ResourceVersion.objects.exists()


def test_new_version_numbered_and_downloadable(client_for, lead_a, lead_b, org_a, net_zero):
    client = client_for(lead_a)
    _share(client, org_a, net_zero)
    resource = Resource.objects.get()
    url = reverse("procurement:resource_version_add", args=[resource.pk])
    data = {"file": _upload("policy-v2.pdf", b"%PDF-1.7 v2"), "note": "2026 update"}
    assert client_for(lead_b).post(url, data).status_code == 403
    data = {
        "file": _upload("policy-v2.pdf", b"%PDF-1.7 v2"),
        "note": "2026 update",
        "version": version_of(resource),
    }
    assert client_for(lead_a).post(url, data).status_code == 302
    latest = resource.versions.order_by("-number").first()
    assert latest.number == 2
    download = client_for(lead_b).get(reverse("procurement:resource_download", args=[latest.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.7 v2"
