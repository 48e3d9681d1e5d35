"""``/robots.txt``: crawlers may read the published project pages and nothing else."""

from django.http import HttpResponse
from django.views.decorators.cache import cache_control

from yiguoji.core.public import public_page

ROBOTS = """User-agent: *
Allow: /public/projects/
Disallow: /
Crawl-delay: 10
"""


@public_page
@cache_control(public=True, max_age=86400)
def robots(request):
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")
