"""Each app's part of the authorisation matrix, kept beside the app's tests so that apps built in
parallel do not edit one table.

``tests/<app>/matrix.py`` (optional) defines:
- ``ACCESS``, ``PARAMETERS`` and ``OBJECTS``: shaped as in tests/test_authorisation_matrix.py;
- ``side(collaborative, *, org_a, org_b, lead_a, lead_b, sponsor_a, label)``: the app's objects
  for one collaborative, as ``{"own": {...}, "other": {...}, "shared": {...}}`` (org A's, org B's
  and the collaborative's), named with ``label`` so another collaborative's rows are caught by
  name. tests/worlds.py calls it for both collaboratives of the world.
"""

import importlib

APPS = ("procurement", "governance", "workforce")


def parts():
    """The matrix modules of the apps that have one."""
    found = []
    for app in APPS:
        name = f"tests.{app}.matrix"
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
    return found
