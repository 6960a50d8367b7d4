"""The downloadable template, filled in part, imports exactly the rows that were filled in: the
rows nobody filled in are skipped and counted, not refused."""

import io

import pytest
from openpyxl import load_workbook

from metrics import services
from metrics.imports.template import as_csv, as_xlsx, template_frame
from metrics.models import MetricValue
from tests.anchors.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _filled_in_part(frame, fmt):
    """The template as a lead sends it back: one row's figure typed in, every other row as
    downloaded (organisation, metric and period, no figure, no note)."""
    frame = frame.copy()
    row = frame.index[frame["metric"] == "APP-STARTS"][0]
    frame.loc[row, "value"] = "14"
    frame.loc[row, "evidence_note"] = "Apprenticeship service account"
    if fmt == "csv":
        return "values.csv", as_csv(frame)
    data = as_xlsx(frame)
    assert load_workbook(io.BytesIO(data)).worksheets[0].max_row == len(frame) + 1
    return "values.xlsx", data


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_template_filled_in_part_imports_the_filled_rows(fmt, framework, lead_a, org_a):
    collaborative = framework["period"].collaborative
    OrganisationFactory(collaborative=collaborative, name="Gamma Council", short_name="Gamma")
    frame = template_frame(
        collaborative=collaborative, period=framework["period"], organisations=[org_a]
    )
    assert len(frame) == 2  # APP-STARTS and LOC-SPEND for Alpha
    name, data = _filled_in_part(frame, fmt)

    batch, plan = services.import_upload(
        user=lead_a, collaborative=collaborative, name=name, data=data
    )

    assert plan.errors == []
    assert (plan.to_create, plan.to_change, plan.left_blank, plan.total_rows) == (1, 0, 1, 2)
    services.import_confirm(user=lead_a, batch=batch, digest=plan.digest)
    saved = MetricValue.objects.get()
    assert (saved.metric, saved.value, saved.organisation) == (
        framework["amount"],
        14,
        org_a,
    )


def test_the_preview_says_how_many_rows_were_left_blank(client_for, framework, lead_a, org_a):
    collaborative = framework["period"].collaborative
    frame = template_frame(
        collaborative=collaborative, period=framework["period"], organisations=[org_a]
    )
    name, data = _filled_in_part(frame, "csv")
    batch, _ = services.import_upload(
        user=lead_a, collaborative=collaborative, name=name, data=data
    )
    html = client_for(lead_a).get(f"/metrics/import/{batch.pk}/").content.decode()
    assert "Rows left blank" in html
    assert "There is a problem" not in html


def test_a_row_with_a_note_but_no_figure_is_still_refused(framework, lead_a, org_a):
    collaborative = framework["period"].collaborative
    frame = template_frame(
        collaborative=collaborative, period=framework["period"], organisations=[org_a]
    )
    frame.loc[frame.index[0], "evidence_note"] = "Figures to follow"
    _, plan = services.import_upload(
        user=lead_a, collaborative=collaborative, name="v.csv", data=as_csv(frame)
    )
    assert plan.left_blank == 1
    assert [e.message for e in plan.errors] == ["Enter a value"]
