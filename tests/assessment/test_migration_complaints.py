"""The move of the old wage-complaint register into the one complaint register (assessment
migration 0003): every row arrives with its dates, channel, complainant, content, state,
answer and people, and going back restores them."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("assessment", "0002_arrears_after_pay_deadline")]
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_every_wage_complaint_moves_without_losing_one(cast, make_project):
    from projects.choices import ProjectStatus

    project = make_project(status=ProjectStatus.IN_PROGRESS)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("assessment")
    old_apps = _migrate(BEFORE)
    try:
        Old = old_apps.get_model("assessment", "WageComplaint")
        recorded = dt.datetime(2026, 6, 3, 15, 30, tzinfo=SHANGHAI)
        rows = [
            Old.objects.create(
                received_on=dt.date(2026, 6, 3), project_id=project.pk, channel="hotline",
                anonymous=True, content="5月劳务报酬未发放", status="open",
                recorded_by_id=cast.department.pk,
            ),
            Old.objects.create(
                received_on=dt.date(2026, 5, 20), project_id=project.pk, channel="visit",
                complainant="赵永红", content="4月少发300元", status="resolved",
                resolution="已于5月28日补发300元", resolved_by_id=cast.district_office.pk,
                resolved_at=dt.datetime(2026, 5, 28, 10, tzinfo=SHANGHAI),
                recorded_by_id=cast.district_office.pk,
            ),
        ]  # fmt: skip
        Old.objects.filter(pk=rows[0].pk).update(recorded_at=recorded)
        Old.objects.filter(pk=rows[1].pk).update(
            recorded_at=dt.datetime(2026, 5, 21, 9, tzinfo=SHANGHAI)
        )

        new_apps = _migrate(latest)
        Complaint = new_apps.get_model("projects", "Complaint")
        moved = {c.legacy_id: c for c in Complaint.objects.all()}
        assert set(moved) == {row.pk for row in rows}

        open_one, done = moved[rows[0].pk], moved[rows[1].pk]
        assert (open_one.kind, open_one.channel, open_one.status) == (
            "wage_arrears", "hotline", "processing",
        )  # fmt: skip
        assert open_one.anonymous and open_one.complainant == ""
        assert open_one.received_at == recorded  # recorded the day it was received
        assert open_one.handler_id == cast.orgs["department"].pk  # the body that recorded it
        assert open_one.answer_by == recorded + dt.timedelta(days=5)
        assert open_one.number == f"TS2026{open_one.pk:06d}"
        assert (done.status, done.closed_how, done.answer, done.complainant) == (
            "closed", "migrated", "已于5月28日补发300元", "赵永红",
        )  # fmt: skip
        assert done.received_at == dt.datetime(2026, 5, 20, 12, tzinfo=SHANGHAI)
        assert done.closed_at == dt.datetime(2026, 5, 28, 10, tzinfo=SHANGHAI)
        assert done.recorded_by_id == cast.district_office.pk
        Step = new_apps.get_model("projects", "ComplaintStep")
        assert list(
            Step.objects.filter(complaint_id=done.pk).order_by("at", "pk").values_list(
                "action", "by_id"
            )
        ) == [("received", cast.district_office.pk), ("migrated", None),
              ("answered", cast.district_office.pk)]  # fmt: skip

        # Back again: the old rows return under their old ids.
        old_apps = _migrate(BEFORE)
        Old = old_apps.get_model("assessment", "WageComplaint")
        back = {row.pk: row for row in Old.objects.all()}
        assert set(back) == {row.pk for row in rows}
        assert back[rows[1].pk].resolution == "已于5月28日补发300元"
        assert back[rows[1].pk].status == "resolved"
        assert back[rows[0].pk].recorded_at == recorded
    finally:
        _migrate(latest)
