"""QR codes as inline SVG (no image request, no script: fits the CSP)."""

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str) -> SafeString:
    """An <svg> element drawing `data` as a QR code, white background included (readable in dark
    themes too). Sized by CSS; the markup comes from the qrcode library, never from user input
    (`data` only becomes black and white squares), so it is safe to insert as is."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=4)
    svg = image.to_string(encoding="unicode")
    svg = svg.replace("<svg ", '<svg class="otp-qr-svg" aria-hidden="true" focusable="false" ', 1)
    return mark_safe(svg)  # noqa: S308 - library-generated markup, see docstring
