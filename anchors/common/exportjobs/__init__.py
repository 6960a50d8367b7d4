"""Exports too long to stream (more than ``EXPORT_STREAM_MAX_ROWS`` rows): built by a background
task, stored privately under ``exports/`` in the default storage, downloaded only by the person
who asked, who is emailed a link when it is ready. See docs/adr/0017-exports.md."""
