"""PDFs as a pure function from a template and a context to bytes (WeasyPrint).

Templates extend ``pdf/base.html``: A4, the CJK family (Debian's fonts-noto-cjk, "Noto Sans CJK
SC"/"Noto Serif CJK SC") set once on ``html``. Static images resolve against the project's static
folder, never the network.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    """``context`` gains ``terms``, the district's own words (``yiguoji.core.terms``)."""
    from weasyprint import HTML

    from yiguoji.core.terms import terms

    html = render_to_string(template_name, {"terms": terms(), **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()


PDF_CONTENT_TYPE = "application/pdf"
