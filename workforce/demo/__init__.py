"""Demo workforce data: the paper's rotating-apprenticeship pilot (City of London, Hackney Council
and ELFT as hosts; paused; sponsors' sign-offs missing), apprenticeship programmes per anchor, eight
quarters of illustrative starters with real City & Hackney LSOA codes, and routes into work.

Every figure is invented for illustration. Running it again creates nothing new.
Each part of the app adds its loader's call to LOADERS (a dotted path to
``load_x(collaborative, *, today) -> str``, the line printed).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

LOADERS: list[str] = [
    "workforce.demo.programmes.load_programmes",
    "workforce.demo.rotations.load_rotations",
    "workforce.demo.hiring.load_hiring",
]


@transaction.atomic
def load(*, collaborative, stdout=None, today=None):
    today = today or timezone.localdate()
    lines = [import_string(path)(collaborative, today=today) for path in LOADERS]
    if stdout is not None and lines:
        stdout.write("Workforce: " + " ".join(lines))
    return collaborative
