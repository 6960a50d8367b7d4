"""A plain page loads no heavy library: pandas, numpy and openpyxl (reading import files), plotly
(drawing charts), WeasyPrint (report PDFs) and XlsxWriter (Excel downloads) are imported by the
functions that use them, so a worker that serves pages (or exports to CSV) stays about 80 MB
lighter (issue 13: a full export under 200 MB peak).

The check runs in a fresh interpreter: this test process has imported everything already. The
interpreter loads the whole URLconf (every view module) and serves pages to a signed-in person,
on its own in-memory SQLite database built from the models (no migrations: seconds, not a
minute), so it never touches the test run's database.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "numpy", "openpyxl", "plotly", "weasyprint", "xlsxwriter")
PAGES = ("/account/", "/")

CHILD = """
import json, sys, traceback

HEAVY = set(json.loads(sys.argv[1]))
PROJECT = ("anchors", "metrics", "procurement", "workforce", "governance", "config")
importers = {}


class Watch:
    # Records, for each heavy library, the project module whose import brought it in.
    def find_spec(self, name, path=None, target=None):
        if name in HEAVY and name not in importers:
            frames = traceback.extract_stack()
            project = [f.filename for f in frames if any(f"/{p}/" in f.filename for p in PROJECT)]
            importers[name] = project[-1] if project else "(outside the project)"
        return None


sys.meta_path.insert(0, Watch())

import django

django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()
connection.settings_dict["TEST"]["MIGRATE"] = False
connection.creation.create_test_db(verbosity=0)

from anchors.models import User

client = Client()
client.force_login(User.objects.create_user(email="lazy@example.org", password="not-used-1234"))
statuses = {page: client.get(page).status_code for page in json.loads(sys.argv[2])}
loaded = {name: importers.get(name, "?") for name in sorted(HEAVY) if name in sys.modules}
print(json.dumps({"statuses": statuses, "loaded": loaded}))
"""


def test_a_plain_page_loads_no_heavy_library():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "PYTEST_XDIST_WORKER")
    }
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": "sqlite://:memory:"}
    out = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", CHILD, json.dumps(HEAVY), json.dumps(PAGES)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert all(status < 400 for status in result["statuses"].values()), result["statuses"]
    # Each library loaded is named with the project file whose import brought it in: import it
    # inside the function that uses it instead (see governance/services/reports.py).
    assert result["loaded"] == {}, result["loaded"]
