"""Move every staff-entered wage complaint (assessment.WageComplaint) into the one complaint
register (projects.Complaint), keeping each one's dates, channel, complainant, content, state,
answer and who recorded and resolved it; ``legacy_id`` keeps the old number. Reversible: going
back copies the moved rows back under their old ids.

Open complaints become 办理中 (they had been taken on), handled by the organisation that
recorded them (the district office or a department); resolved ones are closed with their
resolution as the answer. Deadlines follow the district's wage-arrears rule, counted from the
day received, so an old open complaint is escalated on the next run of the deadline job if it
is already overdue.
"""

import datetime as dt
import zoneinfo

from django.db import migrations

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
CHANNELS = {"hotline": "hotline", "visit": "visit", "referred": "referred"}
DEFAULT_DAYS = (1, 5, 15)  # wage arrears: acknowledge, answer, close (projects 0004)


def _received_at(old):
    recorded = old.recorded_at.astimezone(SHANGHAI)
    if recorded.date() == old.received_on:
        return old.recorded_at
    return dt.datetime.combine(old.received_on, dt.time(12, 0), tzinfo=SHANGHAI)


def forward(apps, schema_editor):
    WageComplaint = apps.get_model("assessment", "WageComplaint")
    Complaint = apps.get_model("projects", "Complaint")
    Step = apps.get_model("projects", "ComplaintStep")
    Rule = apps.get_model("projects", "ComplaintRule")
    Organisation = apps.get_model("core", "Organisation")
    rule = Rule.objects.filter(kind="wage_arrears").first()
    days = (
        (rule.acknowledge_days, rule.answer_days, rule.close_days) if rule else DEFAULT_DAYS
    )
    office = Organisation.objects.filter(kind="district_office").order_by("pk").first()
    for old in WageComplaint.objects.order_by("pk").select_related("recorded_by"):
        received = _received_at(old)
        handler_id = old.recorded_by.organisation_id or (office.pk if office else None)
        if handler_id is None:
            raise RuntimeError(f"wage complaint {old.pk}: no organisation can handle it")
        resolved = old.status == "resolved"
        new = Complaint.objects.create(
            number=f"L{old.pk}",
            kind="wage_arrears",
            channel=CHANNELS.get(old.channel, "hotline"),
            status="closed" if resolved else "processing",
            project_id=old.project_id,
            handler_id=handler_id,
            anonymous=old.anonymous,
            complainant=old.complainant,
            content=old.content,
            tracking_hash="",  # no tracking code was ever given for these
            received_at=received,
            acknowledge_by=received + dt.timedelta(days=days[0]),
            answer_by=received + dt.timedelta(days=days[1]),
            close_by=received + dt.timedelta(days=days[2]),
            acknowledged_at=old.recorded_at,
            answered_at=old.resolved_at if resolved else None,
            closed_at=old.resolved_at if resolved else None,
            closed_how="migrated" if resolved else "",
            answer=old.resolution,
            recorded_by_id=old.recorded_by_id,
            legacy_id=old.pk,
        )
        new.number = f"TS{received.astimezone(SHANGHAI):%Y}{new.pk:06d}"
        new.save(update_fields=["number"])
        Step.objects.create(
            complaint=new,
            action="received",
            at=old.recorded_at,
            by_id=old.recorded_by_id,
            organisation_id=old.recorded_by.organisation_id,
            note={"hotline": "举报电话", "visit": "来访", "referred": "上级转办"}.get(
                old.channel, old.channel
            ),
        )
        if resolved:
            Step.objects.create(
                complaint=new,
                action="answered",
                at=old.resolved_at,
                by_id=old.resolved_by_id,
                note=old.resolution,
            )
        Step.objects.create(
            complaint=new,
            action="migrated",
            at=old.recorded_at,
            note=f"原劳务报酬投诉登记簿第 {old.pk} 号",
        )


def backward(apps, schema_editor):
    WageComplaint = apps.get_model("assessment", "WageComplaint")
    Complaint = apps.get_model("projects", "Complaint")
    Step = apps.get_model("projects", "ComplaintStep")
    moved = Complaint.objects.filter(legacy_id__isnull=False).order_by("legacy_id")
    for new in moved:
        answered = Step.objects.filter(complaint=new, action="answered").order_by("-at").first()
        old = WageComplaint.objects.create(
            id=new.legacy_id,
            received_on=new.received_at.astimezone(SHANGHAI).date(),
            project_id=new.project_id,
            channel=new.channel if new.channel in CHANNELS else "hotline",
            anonymous=new.anonymous,
            complainant=new.complainant,
            content=new.content,
            status="resolved" if new.status == "closed" else "open",
            resolution=new.answer if new.status == "closed" else "",
            resolved_by_id=answered.by_id if answered and new.status == "closed" else None,
            resolved_at=new.closed_at,
            recorded_by_id=new.recorded_by_id,
        )
        received = Step.objects.filter(complaint=new, action="received").first()
        if received is not None:
            WageComplaint.objects.filter(pk=old.pk).update(recorded_at=received.at)
    moved.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0002_arrears_after_pay_deadline"),
        ("projects", "0005_complaints"),
        ("core", "0002_audit_statement_triggers"),
    ]

    operations = [migrations.RunPython(forward, backward)]
