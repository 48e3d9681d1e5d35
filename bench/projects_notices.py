"""Rendering the public notices (art. 31) against a bare WeasyPrint page, in the same run.

    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/projects_notices.py

- **Baseline**: WeasyPrint renders ``pdf/base.html`` (A4, the one Noto CJK family on ``html``)
  with one line of Chinese text: font loading and subsetting, nothing of ours.
- **Measured**: ``projects.pdf.notice_pdf`` for each notice kind of a demo-sized project (6
  funding lines, 12 positions, a dozen transitions): the project's facts in a fixed number of
  queries, the template, WeasyPrint.
- Options: ``--runs N`` (best of, default 5). Everything written is rolled back.

What to expect: a ratio of about 2-2.6 (measured 2026-11: 86 ms bare, 180-220 ms per
notice); a much larger ratio means the notice templates or the
queries behind them grew. Without ``libharfbuzz-subset0`` both sides take about twice as long
(font subsetting falls back to fontTools), the ratio barely moves.
"""

from __future__ import annotations

import argparse
import datetime
import time
from decimal import Decimal

from common import setup_django


def _project():
    from projects.choices import FundSource, NoticeKind, ProjectStatus, WorkSegment
    from projects.models import FundingLine, Position, Project, PublicNotice
    from yiguoji.core.models import District, Organisation, Township, User

    District.objects.get_or_create(
        singleton=True,
        defaults={"name": "延庆区", "full_name": "北京市延庆区", "project_code_prefix": "YQ",
                  "lead_office": "区发展改革委", "complaint_hotline": "12345"},
    )  # fmt: skip
    township, _ = Township.objects.get_or_create(
        name="八达岭镇", defaults={"code": "bench-06", "kind": "town"}
    )
    owner, _ = Organisation.objects.get_or_create(
        name="基准测试村委会", defaults={"kind": "village_committee"}
    )
    user = User.objects.create(username="bench-notices")
    project = Project.objects.create(
        code="BENCH-2026-001", name="八达岭镇岔道村古城墙周边步道修缮", year=2026,
        category="special_fund", sector="culture_tourism", owner=owner,
        content_and_scale="修缮古城墙周边游览步道2.1公里，铺设青石板，砌筑挡墙260米",
        planned_start=datetime.date(2026, 4, 1), planned_end=datetime.date(2026, 10, 31),
        total_investment=Decimal("1800000"), planned_wage_total=Decimal("480000"),
        planned_local_jobs=35, status=ProjectStatus.IN_PROGRESS,
    )  # fmt: skip
    project.townships.set([township])
    sources = list(FundSource.values)
    for number in range(6):
        FundingLine.objects.create(
            project=project, source=sources[number], amount=Decimal("300000"),
            is_special_fund=number < 2,
        )  # fmt: skip
    for number in range(12):
        Position.objects.create(
            project=project, segment=WorkSegment.GENERAL, title=f"普工{number}", headcount=3,
            start_date=datetime.date(2026, 4, 1), end_date=datetime.date(2026, 10, 31),
            daily_wage=Decimal("220"),
        )  # fmt: skip
    for kind in NoticeKind.values:
        PublicNotice.objects.create(
            project=project, kind=kind, posted_on=datetime.date(2026, 3, 20),
            location="村务公开栏", recorded_by=user,
        )  # fmt: skip
    return project


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.db import transaction
    from django.template import engines

    from projects.choices import NoticeKind
    from projects.pdf import notice_pdf
    from yiguoji.pdf import render_pdf  # noqa: F401  (the same WeasyPrint entry point)

    def bare() -> None:
        from django.conf import settings
        from weasyprint import HTML

        page = engines["django"].from_string(
            '{% extends "pdf/base.html" %}{% block body %}<h1>开工前公示</h1>'
            "<p>北京市延庆区以工代赈项目</p>{% endblock %}"
        )
        HTML(string=page.render({}), base_url=str(settings.BASE_DIR / "static")).write_pdf()

    def best(action) -> float:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
        return min(times)

    with transaction.atomic():
        project = _project()
        bare()  # load the fonts once for both sides
        baseline = best(bare)
        print(f"baseline  bare CJK page           {baseline * 1000:7.0f} ms")
        for kind in NoticeKind.values:
            seconds = best(lambda kind=kind: notice_pdf(project, kind))
            ratio = seconds / baseline
            print(f"measured  {kind:<24}    {seconds * 1000:7.0f} ms   ratio {ratio:5.2f}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
