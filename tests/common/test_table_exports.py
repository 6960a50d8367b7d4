"""Every table's export (anchors.common.exports, anchors.common.views.export_response,
anchors.common.exportjobs): the header block, safe cells, streaming, and exports too long to
stream built by a task, stored, emailed and downloaded only by the person who asked."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core import mail
from django.http import QueryDict
from django.test import RequestFactory

from anchors.common import exports, registry
from anchors.common.exportjobs.models import ExportJob
from anchors.common.exportjobs.services import export_job_build
from anchors.common.outbox.models import OutboxMessage
from anchors.common.views import export_response
from tests.exporting import read_csv, read_xlsx

ROWS = 10_001


def big_table(*, user, collaborative, query):
    """A registered export of 10,001 rows, one of them a formula."""
    rows = ([n, f"row {n}"] for n in range(ROWS))
    return exports.TableExport(
        title="Big table",
        collaborative=collaborative.name,
        filters=[f"Size: {query.get('size', 'all')}"],
        columns=["Number", "Text"],
        rows=(["=1+1", "x"] if n == 0 else row for n, row in enumerate(rows)),
        count=ROWS,
    )


def small_table(*, user, collaborative, query):
    return exports.TableExport(
        title="Small table",
        collaborative=collaborative.name,
        columns=["Name", "Amount"],
        rows=[["=HYPERLINK(1)", 5], ["Café £", 1.5]],
    )


@pytest.fixture
def registered(monkeypatch):
    names = {
        "test.big": "tests.common.test_table_exports.big_table",
        "test.small": "tests.common.test_table_exports.small_table",
    }
    monkeypatch.setattr(registry, "export_builders", lambda: names)


def _get(user, collaborative, name, **params):
    request = RequestFactory().get("/somewhere/", params)
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return export_response(request, name, collaborative=collaborative)


def test_no_format_asked_for_is_no_export(registered, collaborative, facilitator):
    assert _get(facilitator, collaborative, "test.small") is None
    assert _get(facilitator, collaborative, "test.small", format="pdf") is None


def test_a_short_table_streams_with_its_header_block(registered, collaborative, facilitator):
    response = _get(facilitator, collaborative, "test.small", format="csv")
    assert response.streaming
    download = read_csv(response)
    assert download.header["Collaborative"] == collaborative.name
    assert download.header["Table"] == "Small table"
    assert download.header["Filters"] == "None (every row)"
    assert download.header["Exported at"]
    assert download.columns == ["Name", "Amount"]
    assert download.rows == [["'=HYPERLINK(1)", "5"], ["Café £", "1.5"]]
    excel = read_xlsx(_get(facilitator, collaborative, "test.small", format="xlsx"))
    assert excel.rows == download.rows
    assert excel.header["Collaborative"] == collaborative.name


def test_without_header_the_column_row_comes_first():
    export = exports.TableExport(title="Tidy", columns=["a"], rows=[["1"]], header=False)
    assert list(exports.csv_lines(export)) == ["\ufeffa\r\n", "1\r\n"]


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_a_long_export_is_built_by_the_task_stored_emailed_and_only_its_owner_downloads_it(
    registered,
    collaborative,
    facilitator,
    lead_a,
    client_for,
    format,
    django_capture_on_commit_callbacks,
):
    response = client_for(facilitator).get("/exports/")  # the list opens, empty
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = _get(facilitator, collaborative, "test.big", format=format, size="big")
    job = ExportJob.objects.get()
    job.refresh_from_db()
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response.url == f"/exports/{job.pk}/"
    # The task went through the outbox and ran (eager in tests); the file is stored privately.
    assert OutboxMessage.objects.filter(task="exportjobs.build", done_at__isnull=False).exists()
    assert job.state == ExportJob.State.READY
    assert job.file.name.startswith(f"exports/{facilitator.pk}/")
    assert job.rows == ROWS
    # The email with the link was queued through the outbox and sent.
    assert OutboxMessage.objects.filter(task="outbox.send_email").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [facilitator.email]
    assert f"/exports/{job.pk}/" in mail.outbox[0].body

    client = client_for(facilitator)
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert "Your export is ready" in page
    assert f"/exports/{job.pk}/download/" in page
    assert "Big table" in client.get("/exports/").content.decode()
    download = client.get(f"/exports/{job.pk}/download/")
    read = read_csv if format == "csv" else read_xlsx
    table = read(download)
    assert table.header["Filters"] == "Size: big"
    assert len(table.rows) == ROWS
    assert table.rows[0] == ["'=1+1", "x"]

    other = client_for(lead_a)
    for url in (f"/exports/{job.pk}/", f"/exports/{job.pk}/download/"):
        assert other.get(url).status_code == 404
    assert "Big table" not in other.get("/exports/").content.decode()
    client.logout()
    assert client.get(f"/exports/{job.pk}/download/").status_code == 302  # to sign in


def test_a_long_export_waits_for_the_broker_and_is_built_once(
    registered,
    collaborative,
    facilitator,
    monkeypatch,
    django_capture_on_commit_callbacks,
    client_for,
):
    """With the broker down the export is recorded and waits in the outbox; the page still
    answers, and the relay builds it once later."""
    from anchors.common.outbox import relay

    eager, task_named = relay.eager, relay.task_named
    monkeypatch.setattr(relay, "eager", lambda: False)

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(
        relay, "task_named", lambda name: type("T", (), {"apply_async": broker_down})
    )
    with django_capture_on_commit_callbacks(execute=True):
        with_self = _get(facilitator, collaborative, "test.big", format="csv")
    job = ExportJob.objects.get()
    assert with_self.status_code == 302
    assert job.state == ExportJob.State.PREPARING
    message = OutboxMessage.objects.get(task="exportjobs.build")
    assert message.done_at is None
    assert "broker down" in message.last_error
    page = client_for(facilitator).get(f"/exports/{job.pk}/").content.decode()
    assert "Your export is being prepared" in page
    assert f'href="/exports/{job.pk}/">Check again' in page  # refreshed by a link, no script
    assert "/download/" not in page
    monkeypatch.setattr(relay, "eager", eager)
    monkeypatch.setattr(relay, "task_named", task_named)
    from anchors.common.exportjobs.tasks import build

    with django_capture_on_commit_callbacks(execute=True):
        build.apply(args=[message.pk], throw=True)
        build.apply(args=[message.pk], throw=True)  # delivered twice: built once
    job.refresh_from_db()
    assert job.state == ExportJob.State.READY
    assert OutboxMessage.objects.filter(task="outbox.send_email").count() == 1


def test_a_person_who_left_the_collaborative_gets_no_file(
    registered, collaborative, facilitator, django_capture_on_commit_callbacks
):
    job = ExportJob.objects.create(
        user=facilitator,
        name="test.small",
        format="csv",
        scope_id=collaborative.pk + 999,
        title="Small table",
        rows=2,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert export_job_build(job_id=job.pk, site_url="http://testserver") == "failed"
    job.refresh_from_db()
    assert not job.file
    assert mail.outbox[-1].subject == "Your export could not be prepared: Small table"


def test_filter_text_names_each_filter_by_its_label():
    from django import forms

    class Filters(forms.Form):
        state = forms.ChoiceField(choices=[("", "Any"), ("open", "Open")], required=False)
        overdue = forms.BooleanField(required=False, label="Only overdue")
        q = forms.CharField(required=False, label="Name contains")

    form = Filters(QueryDict("state=open&overdue=on&q=alp"))
    assert exports.filter_text(form) == ["State: Open", "Only overdue: Yes", "Name contains: alp"]
