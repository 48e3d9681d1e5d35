"""A 100-item page of the API against the same page rendered as HTML, in the same run (issue 15).

    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/api_page.py

- **Baseline**: the project list page (``/projects/?per_page=100``) for a signed-in district
  office user: the same scoped, filtered queryset (``projects.selectors.project_list_queryset``),
  rendered by django-tables2 and the base template.
- **Measured**: ``GET /api/v1/projects/?page_size=100`` with a district office client's token:
  token look-up, scope, throttle (Redis), the same queryset, JSON, ETag, and the call-log row.
  Also the same request answered ``304`` through ``If-None-Match``.
- Both go through Django's full middleware stack in-process (``django.test.Client``), without a
  web server, so the figures are the application's own cost. Options: ``--projects N`` (default
  150), ``--requests N`` per side (default 200). Everything written is rolled back.
"""

from __future__ import annotations

import argparse
import time

from common import setup_django


def _rate(client, url: str, count: int, **headers) -> tuple[float, object]:
    response = client.get(url, **headers)  # warm-up (and the response to check)
    start = time.perf_counter()
    for _ in range(count):
        client.get(url, **headers)
    return count / (time.perf_counter() - start), response


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=150)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    setup_django()

    from django.core.cache import cache
    from django.db import transaction
    from django.test import Client

    from projects.models import Project
    from yiguoji.api.services import client_register
    from yiguoji.core.models import Organisation, Township, User
    from yiguoji.core.roles import Role

    with transaction.atomic():
        office_org, _ = Organisation.objects.get_or_create(
            name="基准测试区发展改革委", defaults={"kind": "district_office"}
        )
        owner, _ = Organisation.objects.get_or_create(
            name="基准测试村委会", defaults={"kind": "village_committee"}
        )
        township, _ = Township.objects.get_or_create(
            name="基准测试镇", defaults={"code": "bench-api", "kind": "town"}
        )
        user = User.objects.create(
            username="bench-api", organisation=office_org, role=Role.DISTRICT_OFFICE
        )
        for n in range(args.projects):
            project = Project.objects.create(
                code=f"BENCH-API-{n:04d}", name=f"基准测试道路硬化工程{n}", year=2026,
                category="special_fund", sector="transport", owner=owner,
                content_and_scale="硬化村内道路1.2公里",
            )  # fmt: skip
            project.townships.set([township])
        _client, raw = client_register(
            acting_user=user, name="基准测试客户端", organisation=office_org,
            role=Role.DISTRICT_OFFICE, scopes=["projects:read"], rate_per_minute=1_000_000,
        )  # fmt: skip
        page = Client(SERVER_NAME="localhost")
        page.force_login(user)
        api = Client(SERVER_NAME="localhost", HTTP_AUTHORIZATION=f"Bearer {raw}")

        html_rate, html = _rate(page, "/projects/?per_page=100", args.requests)
        rows = html.content.decode().count(">BENCH-API-")
        assert html.status_code == 200 and rows == 100, (html.status_code, rows)
        api_rate, body = _rate(api, "/api/v1/projects/?page_size=100", args.requests)
        assert body.status_code == 200 and len(body.json()["results"]) == 100
        etag = body["ETag"]
        cached_rate, not_modified = _rate(
            api, "/api/v1/projects/?page_size=100", args.requests, HTTP_IF_NONE_MATCH=etag
        )
        assert not_modified.status_code == 304

        print(f"baseline  HTML page, 100 projects      {html_rate:7.1f} requests/s")
        print(f"measured  API page, 100 projects       {api_rate:7.1f} requests/s"
              f"   ratio {api_rate / html_rate:5.2f}x the HTML rate")  # fmt: skip
        print(f"measured  API page, 304 by ETag        {cached_rate:7.1f} requests/s"
              f"   ratio {cached_rate / html_rate:5.2f}x the HTML rate")  # fmt: skip
        print(f"sizes     HTML {len(html.content):,} bytes, JSON {len(body.content):,} bytes")
        transaction.set_rollback(True)
    cache.delete_many([f"api:throttle:client:{_client.pk}"])


if __name__ == "__main__":
    main()
