"""The quarterly report's SVG charts on its web page, as in its PDF: ``{{ table|report_svg }}``."""

from django import template

from governance.selectors.report_charts import svg_chart

register = template.Library()


@register.filter
def report_svg(table) -> str:
    return svg_chart(table)
