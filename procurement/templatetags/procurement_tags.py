"""Presentation helpers for procurement pages: a maturity level's tag colour, a passport
state's tag colour. The level's number and name are always written beside the colour."""

from django import template

from procurement.views.common import LEVEL_TAGS, PASSPORT_TAGS

register = template.Library()


@register.filter
def level_tag(level):
    return LEVEL_TAGS.get(level, "govuk-tag--grey")


@register.filter
def passport_tag(state):
    return PASSPORT_TAGS.get(state, "govuk-tag--grey")
