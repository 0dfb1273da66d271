"""Vietnamese formatting in templates: {{ d|vn_date }} → 05/02/2026; {{ d|vn_long_date }} → ngày 05 tháng 02 năm 2026."""

from django import template

from educomms.core import periods

register = template.Library()


@register.filter
def vn_date(value):
    return periods.format_date(value)


@register.filter
def vn_datetime(value):
    return periods.format_datetime(value)


@register.filter
def vn_long_date(value):
    return periods.format_long_date(value)


@register.filter
def vn_number(value):
    """12345 → 12.345 (Vietnamese thousands separator)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return value
