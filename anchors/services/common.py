"""Small checks the base layer's services share (locking and history are in anchors.common)."""


def in_collaborative(obj, collaborative) -> bool:
    """Nothing chosen, or something of this collaborative."""
    return obj is None or obj.collaborative_id == collaborative.pk


def long_date(value) -> str:
    """A date as people write it in messages: "14 March 2025"."""
    return f"{value.day} {value:%B %Y}"
