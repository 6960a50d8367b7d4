"""The portal's toolkit: plumbing every app shares, with no domain in it.

One way to do each thing, used by every app (see docs/adr/0009-shared-toolkit.md):

- ``errors``: the project error type, ``require`` and turning validation errors into it;
- ``models``: the abstract base model (timestamps and who created a row);
- ``locking``: optimistic locking (``version_of``, ``check_version``);
- ``history``: saving with history attribution, the history change reason, readable history;
- ``forms``: GOV.UK forms through crispy-forms-gds, fields that accept what people type;
- ``numbers``: turning what people type ("£1,500", "1 500") into a Decimal, for forms and imports;
- ``views``: the one service-backed form page, the one POST-only action, small request helpers;
- ``charts``: a plotly figure with its data table, drawn by ``static/js/charts.js`` under the CSP;
- ``exports``: CSV and Excel downloads of a table, with formula-injection escaping;
- ``pagination``: one page of a list, with the filters kept in every page link;
- ``registry``: what each app declares about itself (navigation entries, demo loader);
- ``tasks``: handing work to Celery through the outbox, once the change's transaction commits;
- ``outbox`` (an app, label ``outbox``): work recorded with a change, relayed to Celery, run once;
- ``cache``: the Redis cache that degrades to per-process memory, and its health probe;
- ``logs``: an expected refusal (403, 404) logged as one line;
- ``templatetags``: the ``portal`` template library (error summary items, money, dash).

This package imports nothing from ``anchors`` outside itself, nor any higher app: an
import-linter contract in ``pyproject.toml`` enforces it.
"""
