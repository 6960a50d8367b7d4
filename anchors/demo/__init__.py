"""The demo collaborative from the 2022 Hackney Health and Wellbeing Board paper.

Organisations, themes and the backbone come from the paper, as do the two workstreams, their
status and why the workforce pilot paused, and the workshops' shape (10 meetings of 7-12 people, a
round-robin update from each anchor, then a deep dive, sometimes with speakers) and their themes.
People, their names, every update, action and date, and all figures are invented for
illustration; the portal shows an "illustrative demo data" banner while they exist. Dates are set
relative to the day of loading so the home page always has something due. Every write is an
upsert on a natural key and a row is saved only when it changes, so loading twice creates nothing
new.

- ``organisations``: the collaborative, its organisations and themes, the logins and leads;
- ``common``: the loading context the work loaders share, and the other people they name;
- ``workstreams``, ``workshops``, ``updates``: the base layer's work, each with its content.
"""

from anchors.demo.common import Demo
from anchors.demo.organisations import DEMO_LOGIN_TABLE, load_collaborative
from anchors.demo.updates import load_between_updates
from anchors.demo.workshops import load_workshops
from anchors.demo.workstreams import load_workstreams

__all__ = ["DEMO_LOGIN_TABLE", "load_into"]


def load_into(*, collaborative=None, stdout=None):
    """The base layer's demo loader (anchors.common.registry): load (or refresh) the demo
    collaborative and the base layer's work, and return the collaborative for the loaders of the
    apps above. ``collaborative`` is None: this loader is the first and makes it."""
    collaborative = load_collaborative()
    demo = Demo(collaborative)
    procurement = load_workstreams(demo)
    load_workshops(demo, procurement)
    load_between_updates(demo)
    if stdout is not None:
        stdout.write("Demo workstreams, workshops and actions ready.")
    return collaborative
