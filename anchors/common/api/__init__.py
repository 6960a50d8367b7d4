"""The read-only API's plumbing, with no domain in it (docs/adr/0018-read-only-api.md).

- ``auth``: personal API tokens (``Authorization: Bearer <token>`` or ``Token <token>``), looked up
  by the sha256 of the token in the model ``settings.API_TOKEN_MODEL`` names;
- ``throttling``: a rate per token (or per signed-in session) counted in the Django cache;
- ``pagination``: cursor pagination on every list;
- ``conditional``: ``ETag``/``Last-Modified`` on every GET, 304 on a match;
- ``views``: the base read-only viewset every app's ``api.py`` builds on: it answers 401 without
  credentials, finds the collaborative of the request, checks the page's own predicate, and
  reads through the page's own selector;
- ``docs``: the Swagger UI page under the portal's CSP (vendored assets, nonce'd scripts);
- ``serializers``: a page serialized fast, to exactly the JSON DRF's serializers give;
- ``related``: a list's rows as ``Row``s read with ``values()``, and a page's to-many relations
  in one query each (``attach``);
- ``filters``: ``updated_since``, and the filter backend (a request naming no filter skips the
  filter form).

Apps declare their routes in their ``AppConfig`` (``api_routes``, read by
``anchors.common.registry.api_routes``); ``config/urls.py`` assembles them under ``/api/v1/``.
"""
