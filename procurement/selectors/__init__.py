"""Every read for the procurement pages, one module a subject (``status``, ``suppliers``, …).

Import the module you need (``from procurement.selectors import status``); each read runs a fixed
number of queries whatever the number of organisations (tested). The governance dashboard and the
quarterly report read the status matrix and the supplier base from here.
"""
