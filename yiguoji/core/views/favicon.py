"""``/favicon.ico``: the portal's icon (vendored under ``static/brand/``), served by the portal
itself so browsers asking for it at the root never meet a 404 (issue 10, item 15)."""

from django.conf import settings
from django.http import FileResponse
from django.views.decorators.cache import cache_control

from yiguoji.core.public import public_page

ICON = settings.BASE_DIR / "static" / "brand" / "favicon.ico"


@public_page
@cache_control(public=True, max_age=604800)
def favicon(request):
    return FileResponse(ICON.open("rb"), content_type="image/x-icon")
