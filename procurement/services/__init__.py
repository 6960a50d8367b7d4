"""Every write of procurement, one module a subject (``status``, ``suppliers``, …): keyword
arguments, one transaction, permission checked, history kept, edits refused when stale."""
