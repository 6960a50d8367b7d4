"""The outbox: work that must follow a change, kept in the database until a worker has done it.

A tiny app inside the toolkit (label ``outbox``) because the toolkit needs a table and may not
import the domain; ``anchors.common.tasks.enqueue`` writes to it and ``relay`` hands it over.
See ``relay`` for the whole design.
"""
