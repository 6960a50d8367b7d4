"""Reads of the governance tree."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from anchors.models import Person
from governance.models import GovernanceSettings, Group


@dataclass
class TreeNode:
    group: Group
    depth: int
    children: list = field(default_factory=list)


def groups(*, collaborative):
    """Every group with its chair, workstream, parent and members (3 queries in all)."""
    return (
        Group.objects.filter(collaborative=collaborative)
        .select_related("chair__organisation", "workstream", "parent")
        .prefetch_related(
            Prefetch(
                "members", queryset=Person.objects.select_related("organisation").order_by("name")
            )
        )
    )


def governance_tree(collaborative) -> list[TreeNode]:
    """The groups as a tree, top (the HWB) first: a list of root nodes, each with ``children``;
    walk it with ``flatten``. Reads the groups and their members in 2 queries whatever their
    number."""
    rows = list(groups(collaborative=collaborative))
    nodes = {group.pk: TreeNode(group=group, depth=0) for group in rows}
    roots = []
    for group in rows:
        node = nodes[group.pk]
        parent = nodes.get(group.parent_id)
        (parent.children if parent else roots).append(node)

    def set_depth(node, depth):
        node.depth = depth
        for child in node.children:
            set_depth(child, depth + 1)

    for root in roots:
        set_depth(root, 0)
    return roots


def flatten(roots) -> list[TreeNode]:
    """The tree's nodes in reading order (each group followed by the groups reporting to it)."""
    out = []

    def walk(node):
        out.append(node)
        for child in node.children:
            walk(child)

    for root in roots:
        walk(root)
    return out


def group_detail(*, collaborative, pk) -> Group:
    return groups(collaborative=collaborative).get(pk=pk)


def settings_for(collaborative) -> GovernanceSettings:
    """The collaborative's governance settings (the defaults until someone changes them)."""
    found = GovernanceSettings.objects.filter(collaborative=collaborative).first()
    return found or GovernanceSettings(collaborative=collaborative)
