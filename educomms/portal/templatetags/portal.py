"""Template helpers of the public portal."""

from django import template
from django.core.files.storage import default_storage

from educomms.portal.selectors import unit_slug

register = template.Library()


@register.filter
def image_url(asset, width: str = "800") -> str:
    """URL of an image asset at a web size (its stored variant when there is one, else the original)."""
    if asset is None:
        return ""
    name = (asset.variants or {}).get(str(width)) or asset.file.name
    return default_storage.url(name) if name else ""


@register.filter
def slug_of(unit) -> str:
    return unit_slug(unit)
