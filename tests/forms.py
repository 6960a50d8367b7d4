"""Posting a form as a browser would: open the page, then send the fields it carries."""

import re

VERSION = re.compile(r'name="version" value="([^"]*)"')


def submit(client, url, data):
    """GET the form page, then POST ``data`` with the version the page carries (every edit form
    carries one; the services refuse a save without it)."""
    page = client.get(url)
    found = VERSION.search(page.content.decode())
    return client.post(url, {**({"version": found[1]} if found else {}), **data})
