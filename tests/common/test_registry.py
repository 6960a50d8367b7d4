"""Apps declare themselves (anchors.common.registry): navigation and demo loaders, read by the
toolkit, so no lower app names a higher one."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from anchors.common.registry import demo_loaders, navigation_entries, navigation_items

ROOT = Path(__file__).resolve().parents[2]
HIGHER = {
    "anchors": ("metrics", "procurement", "workforce", "governance"),
    "metrics": ("procurement", "workforce", "governance"),
}


def test_navigation_comes_from_the_apps_in_their_order():
    labels = [entry.label for entry in navigation_entries()]
    assert labels[0] == "Home"
    base = ["Home", "Workstreams", "Workshops", "Actions", "Metrics", "Organisations", "People"]
    # The base layer's and metrics' entries in their order, whatever higher apps add between.
    assert [label for label in labels if label in base] == base
    assert labels[-2:] == ["Organisations", "People"]
    assert labels.index("Procurement") < labels.index("Organisations")


@pytest.mark.django_db
def test_navigation_hides_what_a_role_cannot_open(collaborative, facilitator, hwb_member):
    facilitator_labels = [i["label"] for i in navigation_items(facilitator, collaborative)]
    hwb_labels = [i["label"] for i in navigation_items(hwb_member, collaborative)]
    assert "Workshops" in facilitator_labels
    assert "Workshops" not in hwb_labels
    assert {"href": reverse("anchors:home"), "label": "Home", "exact": True} in (
        navigation_items(hwb_member, collaborative)
    )


def test_demo_loaders_run_lowest_layer_first():
    assert [label for label, _ in demo_loaders()][:2] == ["anchors", "metrics"]


@pytest.mark.parametrize("app", sorted(HIGHER))
def test_a_lower_app_does_not_name_a_higher_one(app):
    """Not in imports (import-linter checks those) and not in strings either: no URL names,
    module paths or app labels of the apps above it."""
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for higher in HIGHER[app]:
                    named = node.value.startswith((f"{higher}:", f"{higher}.")) or (
                        node.value == higher
                    )
                    assert not named, f"{path.relative_to(ROOT)} names {higher}: {node.value!r}"
